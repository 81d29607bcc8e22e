"""Shortcuts that keep a single game's AI turn cheap give exactly the plain numbers.

At batch 1 a turn costs numpy calls, not arithmetic, so the AI keeps per-scenario
constants, works out a third-party relation value once per pair and context, and leaves
an action's reasons unbroadcast until the action is chosen. None of this may change a
number: these tests compare each shortcut with the computation it replaces.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game import initial_state, load_scenario, step
from game.diplomacy.event_choice import compile_event_values, nation_choices
from game.diplomacy.odds import _LOGIT_LIMIT, chance_of, logit_of, pair_context
from game.diplomacy.pairs import (
    FIXED,
    OTHER_ROLE,
    SELF_ROLE,
    SELF_WHO,
    TARGET_ROLE,
    CompiledEffect,
    PairContext,
    Who,
    pair_read,
)
from game.diplomacy.rules import COMPONENTS
from game.diplomacy.value import (
    BLOC,
    ECONOMY,
    SECURITY,
    _self_stat_unit,
    _strength_unit,
    effect_value,
    make_outlook,
    relation_value,
)
from game.phases.diplomacy import survey
from game.scenario import STAT_INDEX

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"


@pytest.fixture(scope="module")
def single():
    """One campaign game some years in."""
    state = initial_state(load_scenario(CAMPAIGN), seeds=3, policy="ai")
    for _ in range(12):
        state, _ = step(state)
    return state


def test_interest_vectors_are_the_weights_one_column_per_interest(single):
    rules, _, _ = survey(single, single.year, single.turn)
    explained = rules.interest_vectors(len(COMPONENTS))
    summed = rules.interest_vectors(1)
    assert rules.interest_vectors(1) is summed  # built once per scenario
    for c in range(len(COMPONENTS)):
        expected = np.zeros((1, len(rules.weights), 1, len(COMPONENTS)))
        expected[0, :, 0, c] = rules.weights[:, c]
        np.testing.assert_array_equal(explained[c], expected)
        np.testing.assert_array_equal(summed[c][0, :, 0, 0], rules.weights[:, c])
        with pytest.raises(ValueError):
            explained[c][0, 0, 0, c] = 1.0  # shared by every turn: nobody may write to it


def _third_party_reference(outlook, a, b, ctx):
    """relation_value between a and b written out in numpy over every option: a third
    party wants its threats isolated and its camp together; a party that is the actor
    values its tie with the other."""
    board = outlook.board
    threat_a, threat_b = (pair_read(board.threat, SELF_WHO, who, ctx) for who in (a, b))
    strength_a, strength_b = (who.vector(board.strength, ctx) for who in (a, b))
    ally_a, ally_b = (pair_read(board.ally, SELF_WHO, who, ctx) for who in (a, b))
    mine_a, mine_b = (pair_read(board.mine, SELF_WHO, who, ctx) for who in (a, b))
    theirs_a, theirs_b = (pair_read(board.theirs, SELF_WHO, who, ctx) for who in (a, b))
    security = -(threat_a * strength_b + threat_b * strength_a) + 0.3 * ally_a * ally_b
    camp = board.lead[:, :, None] * (mine_a * mine_b - theirs_a * theirs_b)
    third = security[..., None] * outlook.weight(SECURITY) + camp[..., None] * outlook.weight(BLOC)
    a_is = np.asarray(a.is_actor(ctx))[..., None]
    b_is = np.asarray(b.is_actor(ctx))[..., None]
    return np.where(a_is, outlook.row(b, ctx), np.where(b_is, outlook.row(a, ctx), third))


def test_third_party_relation_value_is_kept_per_pair_and_context(single):
    rules, board, odds = survey(single, single.year, single.turn)
    outlook = make_outlook(board, rules, explain=True)
    mediation = next(item.context for item in odds if item.action.target == "mediation")
    # The same roles in another context name other nations: OTHER shifted by one.
    n = single.active.shape[1]
    shifted = PairContext(single, single.year, single.turn, n, other=(mediation.other + 1) % n)
    fixed, target, other = Who(FIXED, 0), Who(TARGET_ROLE), Who(OTHER_ROLE)
    for a, b in ((target, other), (fixed, other), (target, fixed)):
        for ctx in (mediation, shifted, mediation):
            got = relation_value(outlook, a, b, ctx)
            plain = _third_party_reference(outlook, a, b, ctx)
            assert got.shape == (*ctx.shape, outlook.width)
            np.testing.assert_array_equal(got, np.broadcast_to(plain, got.shape))
    first = relation_value(outlook, target, other, mediation)
    assert relation_value(outlook, target, other, mediation) is first  # worked out once
    assert not np.array_equal(first, relation_value(outlook, target, other, shifted))


def test_stat_effects_are_valued_as_their_interests_say(single):
    """A stat change is worth its own unit to the nation that gains it, and to anyone else
    the strength it adds, good in a friend and bad in a threat: the compiled valuation
    against those rules written out in numpy, at every option."""
    rules, board, odds = survey(single, single.year, single.turn)
    outlook = make_outlook(board, rules, explain=True)
    roles = set()
    for item in odds:
        ctx = item.context
        for effect in item.action.general_effects + item.action.general_failure:
            if effect.kind != "stat":
                continue
            who = effect.first
            roles.add(who.role)
            stance = 0.3 * pair_read(board.ally, SELF_WHO, who, ctx) - pair_read(
                board.threat, SELF_WHO, who, ctx
            )
            unit = who.vector(_strength_unit(board.state, effect.stat), ctx)
            other = (stance * unit)[..., None] * outlook.weight(SECURITY)
            own = _self_stat_unit(outlook, effect.stat)
            actor = np.asarray(who.is_actor(ctx))[..., None]
            expected = effect.amount(ctx)[..., None] * np.where(actor, own, other)
            got = effect_value(outlook, effect, ctx)
            np.testing.assert_array_equal(got, np.broadcast_to(expected, got.shape))
    assert {SELF_ROLE, TARGET_ROLE} <= roles  # the campaign's actions change both kinds


def test_aid_is_valued_as_its_interests_say(single):
    """Aid received is growth, aid given goodwill less its cost, aid between others the
    recipient's strength as a friend or a threat: the compiled valuation against those
    rules written out in numpy, for the actor as donor, as recipient (itself or a fixed
    nation that is it) and as a third party."""
    rules, board, odds = survey(single, single.year, single.turn)
    outlook = make_outlook(board, rules, explain=True)
    ctx = next(item.context for item in odds if item.action.target == "nation")
    gdp = np.maximum(board.state.stats[:, :, STAT_INDEX["gdp"]], 1e-6)
    economy, security = outlook.weight(ECONOMY), outlook.weight(SECURITY)
    own_gdp = gdp[:, :, None, None]
    target, fixed = Who(TARGET_ROLE), Who(FIXED, 2)
    for donor, recipient in (
        (SELF_WHO, target),
        (target, SELF_WHO),
        (fixed, target),
        (target, fixed),
        (SELF_WHO, fixed),  # gives, even to itself
    ):
        effect = CompiledEffect(
            "aid", first=donor, second=recipient, value=lambda ctx: np.float64(3.0)
        )
        recipient_gdp = recipient.vector(gdp, ctx)[..., None]
        receive = economy * 20.0 / own_gdp
        give = (
            outlook.row(recipient, ctx) * np.minimum(0.12, 6.0 / recipient_gdp)
            - economy * 3.0 / own_gdp
        )
        stance = 0.3 * pair_read(board.ally, SELF_WHO, recipient, ctx) - pair_read(
            board.threat, SELF_WHO, recipient, ctx
        )
        watch = stance[..., None] * security * 6.0 / recipient_gdp
        gets = np.asarray(recipient.is_actor(ctx))[..., None]
        gives = np.asarray(donor.is_actor(ctx))[..., None]
        if donor.role == SELF_ROLE and recipient.role != SELF_ROLE:
            gets = False
        expected = 3.0 * np.where(gets, receive, np.where(gives, give, watch))
        got = effect_value(outlook, effect, ctx)
        np.testing.assert_array_equal(got, np.broadcast_to(expected, got.shape))


def test_chance_fills_the_option_shape_whatever_the_logit_shape(single):
    rules, board, _ = survey(single, single.year, single.turn)
    for action in rules.actions:
        if not action.uses_odds:
            continue
        ctx = pair_context(board, action)
        logit = np.broadcast_to(logit_of(board, action, ctx), ctx.shape).astype(np.float64)
        bounded = np.maximum(np.minimum(logit, _LOGIT_LIMIT), -_LOGIT_LIMIT)
        expected = 1.0 / (1.0 + np.exp(-bounded))
        got = chance_of(board, action, ctx)
        assert got.shape == ctx.shape
        np.testing.assert_array_equal(got, expected)


def test_event_answers_do_not_depend_on_earlier_answers_of_the_turn(single):
    """Answering events one by one or all at once gives the same options (the cached
    relation values of one answer are the same numbers the next would compute)."""
    values = compile_event_values(single.scenario)
    events = [e for e, v in enumerate(values) if v is not None]
    assert events
    b = single.batch
    fired = {e: np.ones(b, dtype=bool) for e in events}
    shares = {
        e: np.full((b, len(single.scenario.events[e].options)), 1.0 / len(values[e].options))
        for e in events
    }
    draws = {e: np.full(b, (k % 7) / 7.0) for k, e in enumerate(events)}
    together = nation_choices(single, single.year, single.turn, fired, shares, draws)
    for e in events:
        alone = nation_choices(
            single, single.year, single.turn, {e: fired[e]}, {e: shares[e]}, {e: draws[e]}
        )
        np.testing.assert_array_equal(alone[e], together[e])
