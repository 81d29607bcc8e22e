"""The compiled valuation of action effects (game.diplomacy.value): each loop against a
plain reference, the nation arguments and amounts it reads at each option, and the
values it writes in place equal to the values it returns."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from game import initial_state, load_scenario, step
from game.diplomacy.event_choice import NationRow
from game.diplomacy.pairs import (
    FIXED,
    OTHER_ROLE,
    SELF_ROLE,
    TARGET_ROLE,
    CompiledEffect,
    PairContext,
    Who,
    pair_read,
)
from game.diplomacy.picks import LegalOptions, every
from game.diplomacy.value import (
    BLOC,
    ECONOMY,
    OBJECTIVES,
    SECURITY,
    STABILITY,
    _self_stat_unit,
    _strength_unit,
    effect_value,
    interests,
    make_outlook,
    seat_value,
)
from game.diplomacy.weights import SANCTION_RELATION
from game.phases.diplomacy import survey
from game.phases.economy import market_weight
from game.scenario import STAT_INDEX, STAT_NAMES

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"


@pytest.fixture(scope="module")
def midgame():
    """A few runs some years into the campaign: treaties, aid and mediations in play."""
    state = initial_state(load_scenario(CAMPAIGN), seeds=np.arange(6), policy="ai")
    for _ in range(12):
        state, _ = step(state)
    rules, board, odds = survey(state, state.year, state.turn)
    return rules, board, odds, make_outlook(board, rules, explain=False)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to the bit, signed zeros and NaN included."""
    a, b = np.ascontiguousarray(a, dtype=np.float64), np.ascontiguousarray(b, dtype=np.float64)
    return a.shape == b.shape and np.array_equal(a.view(np.int64), b.view(np.int64))


def _treaty_table(midgame):
    """Every nation's value of a seat in every treaty, (B, N, T, W)."""
    *_, odds, outlook = midgame
    item = next(item for item in odds if item.action.target == "treaty")
    return seat_value(outlook, item.context)


def test_a_seat_is_worth_the_reference_sums(midgame):
    rules, board, _, outlook = midgame
    state = board.state
    own, threat = outlook.own, board.threat
    security = outlook.weight(SECURITY)[0, :, 0, :]
    against, bond = rules.treaty_against, rules.treaty_bond
    b_count, n, treaties, width = own.shape[0], own.shape[1], len(bond), own.shape[3]
    expected = np.empty((b_count, n, treaties, width))
    for b in range(b_count):
        for i in range(n):
            for t in range(treaties):
                guard = 0.0
                for k in range(n):
                    guard += threat[b, i, k] * against[t, k]
                for w in range(width):
                    members = rivals = 0.0
                    for k in range(n):
                        seat = 1.0 if state.members[b, t, k] and state.active[b, k] else 0.0
                        members += own[b, i, k, w] * seat
                        rivals += own[b, i, k, w] * against[t, k]
                    expected[b, i, t, w] = 0.04 * bond[t] * (members - rivals) + (
                        0.06 * bond[t] * (guard * security[i, w])
                    )
    assert _same(_treaty_table(midgame), expected)


def test_joining_and_leaving_are_a_seat_at_the_options(midgame):
    rules, _, odds, outlook = midgame
    table = _treaty_table(midgame)
    seen = 0
    for item in odds:
        for effect in item.action.general_effects:
            if effect.kind not in ("join", "leave"):
                continue
            whole = table if effect.treaty < 0 else table[:, :, effect.treaty : effect.treaty + 1]
            whole = whole if effect.kind == "join" else -whole
            expected = np.broadcast_to(whole, (*item.context.shape, outlook.width))
            assert _same(effect_value(outlook, effect, item.context), expected)
            if item.legal.any():
                picked = effect_value(outlook, effect, item.context, item.picks)
                assert _same(picked, expected[item.legal])
            seen += 1
    assert seen == 2


@pytest.mark.parametrize("explain", [False, True])
def test_values_written_in_place_are_the_values_returned(midgame, explain):
    """Every kind, at the legal options and at every option, one interest column or all
    of them (each compiled loop is compiled once per width): `out` holds what comes back,
    every column of it written."""
    rules, board, odds, outlook = midgame
    outlook = make_outlook(board, rules, explain=explain)
    kinds = set()
    for item in odds:
        if not item.legal.any():
            continue
        ctx = item.context
        for effect in item.action.general_effects + item.action.general_failure:
            for at in (every, item.picks):
                count = int(np.prod(ctx.shape)) if at is every else len(at)
                out = np.full((count, outlook.width), np.nan)
                value = effect_value(outlook, effect, ctx, at)
                written = effect_value(outlook, effect, ctx, at, out=out)
                shape = (*ctx.shape, outlook.width) if at is every else (count, outlook.width)
                assert _same(np.broadcast_to(value, shape), np.broadcast_to(written, shape))
                assert _same(out.reshape(shape), np.broadcast_to(value, shape))
            kinds.add(effect.kind)
    assert {"stat", "aid", "relation", "leave", "sanction", "peace"} <= kinds


@pytest.mark.parametrize("width", [0, 1, 6, 7, 8, 13])
def test_the_interest_width_reaches_the_compiled_loops_as_a_tuple_of_its_length(width):
    """A tuple's length is part of its type: the loops see W as a constant."""
    shape = interests(width)
    assert isinstance(shape, tuple) and len(shape) == width and set(shape) <= {0}


def _stat_effect(midgame, who: Who, amount):
    """A stat effect on gdp of `who`, of the given amount (any shape broadcastable to the
    option axes), and the context of an action aimed at nations with every option legal."""
    _, _, odds, _ = midgame
    item = next(item for item in odds if item.action.id == "trade_agreement")
    base = next(effect for effect in item.action.general_effects if effect.kind == "stat")
    effect = replace(base, first=who, stat=STAT_INDEX["gdp"], sign=1.0, value=lambda ctx: amount)
    return effect, replace(item.context, cache={})


def test_an_amount_is_read_at_each_option_as_broadcasting_reads_it(midgame):
    *_, outlook = midgame
    b, n = outlook.own.shape[:2]
    rng = np.random.default_rng(4)
    legal = LegalOptions(rng.random((b, n, n)) < 0.5)
    for role in (SELF_ROLE, TARGET_ROLE):
        shapes = [
            rng.normal(size=(b, 1, 1)),
            rng.normal(size=(1, n, 1)),
            rng.normal(size=(1, 1, n)),
            rng.normal(size=(b, n, 1)),
            np.broadcast_to(rng.normal(size=(1, n, 1)), (b, n, n)),  # stride 0
            rng.normal(size=(b, n, n))[:, ::-1, :],  # a view, not contiguous
            np.float64(2.5),
            np.array([1.5] * n),  # fewer axes: the targets'
        ]
        # The worth of one unit at each option, times the amount there: what the loop
        # works out, product for product.
        unit, unit_ctx = _stat_effect(midgame, Who(role), np.float64(1.0))
        worth = effect_value(outlook, unit, unit_ctx)
        for amount in shapes:
            effect, ctx = _stat_effect(midgame, Who(role), amount)
            expected = np.broadcast_to(amount, (b, n, n))[..., None] * worth
            assert _same(effect_value(outlook, effect, ctx), expected)
            picked = expected.reshape(-1, outlook.width)[legal.where]
            assert _same(effect_value(outlook, effect, ctx, legal), picked)


def test_the_other_party_names_the_nation_the_mediation_gives(midgame):
    """stat(OTHER, gdp) where the other party is nation k everywhere is stat(k, gdp), and a
    relation with OTHER is the relation with k, wherever k is not the actor (the other
    party never is): the loops read OTHER at each option."""
    *_, outlook = midgame
    b, n = outlook.own.shape[:2]
    amount = np.random.default_rng(2).normal(size=(b, n, n))
    chosen = np.random.default_rng(6).random((b, n, n)) < 0.6
    for k in (0, 3, n - 1):
        not_actor = np.arange(n)[None, :, None] != k
        legal = LegalOptions(chosen & not_actor)
        other, ctx = _stat_effect(midgame, Who(OTHER_ROLE), amount)
        ctx = replace(ctx, other=np.full((b, n, n), k, dtype=np.int64))
        fixed, fixed_ctx = _stat_effect(midgame, Who(FIXED, k), amount)
        tie = replace(other, kind="relation", first=Who(SELF_ROLE), second=Who(OTHER_ROLE))
        fixed_tie = replace(tie, second=Who(FIXED, k))
        for a, b_ in ((other, fixed), (tie, fixed_tie)):
            everywhere = effect_value(outlook, a, ctx)
            assert _same(
                everywhere[:, not_actor[0, :, 0]],
                effect_value(outlook, b_, fixed_ctx)[:, not_actor[0, :, 0]],
            )
            assert _same(
                effect_value(outlook, a, ctx, legal), effect_value(outlook, b_, fixed_ctx, legal)
            )


def _reference_sanction(outlook, effect, ctx):
    """A sanction's value at every option, by numpy over the whole arrays."""
    board = outlook.board
    state, target = board.state, effect.second
    security, economy = outlook.weight(SECURITY), outlook.weight(ECONOMY)
    hurt = pair_read(board.threat, Who(SELF_ROLE), target, ctx)[..., None] * 0.4 * security
    ties = pair_read(state.trade, Who(SELF_ROLE), target, ctx)[..., None] / 100.0 * 0.5 * economy
    forgone = (
        target.vector(market_weight(state), ctx)[..., None]
        * state.scenario.economy["sanction_self_cost"]
        * state.scenario.ai["sanction_years"]
        * economy
    )
    value = SANCTION_RELATION * outlook.row(target, ctx) + hurt - ties - forgone
    return value if effect.kind == "sanction" else -value


def _reference_peace(outlook, effect, ctx):
    """Peace's value at every option, by numpy over the whole arrays."""
    at_war = pair_read(outlook.board.state.war, effect.first, effect.second, ctx)
    involved = np.logical_or(effect.first.is_actor(ctx), effect.second.is_actor(ctx))
    gain = outlook.weight(SECURITY) + 0.5 * outlook.weight(STABILITY)
    broker = 0.3 * outlook.weight(BLOC) + 0.1 * outlook.weight(SECURITY)
    return at_war.astype(np.float64)[..., None] * np.where(involved[..., None], gain, broker)


def test_sanctions_and_peace_are_the_reference_expressions(midgame):
    _, board, odds, outlook = midgame
    state = board.state
    b, n = outlook.own.shape[:2]
    # Some wars, so that peace is worth something somewhere (put back afterwards).
    kept = state.war.copy()
    war = np.random.default_rng(8).random((b, n, n)) < 0.3
    state.war[...] = war  # not symmetric: each pair is read the right way round
    seen = set()
    try:
        for item in odds:
            for effect in item.action.general_effects:
                if effect.kind in ("sanction", "lift_sanction", "peace"):
                    _check_against_reference(outlook, item, effect)
                    seen.add(effect.kind)
    finally:
        state.war[...] = kept
    assert seen == {"sanction", "lift_sanction", "peace"}


def _check_against_reference(outlook, item, effect):
    """effect_value of `effect`, its second nation as written, a fixed nation and the
    actor, at every option and at the legal ones, against the numpy reference."""
    ctx = item.context
    reference = _reference_peace if effect.kind == "peace" else _reference_sanction
    for who in (effect.second, Who(FIXED, 2), Who(SELF_ROLE)):
        changed = replace(effect, second=who)
        expected = np.broadcast_to(reference(outlook, changed, ctx), (*ctx.shape, outlook.width))
        assert _same(effect_value(outlook, changed, ctx), expected)
        if item.legal.any():
            assert _same(effect_value(outlook, changed, ctx, item.picks), expected[item.legal])


def test_an_amount_is_signed_and_made_finite_as_numpy_would(midgame):
    """NaN counts 0, the rest is kept within +-1e12 (a single number: infinities made
    +-1e12), signed zeros and all, whatever the layout of the array the expression gives."""
    *_, outlook = midgame
    _, _, odds, _ = midgame
    ctx = odds[0].context
    special = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e13, -1e13, 1e12, 2.5, -7.0, 5e-324])
    cells = np.resize(special, 4 * 3 * 5).reshape(4, 3, 5)
    for raw in (
        cells,
        cells[:, ::-1, ::2],
        cells.transpose(2, 1, 0),
        np.broadcast_to(special, (2, 11)),
    ):
        for sign in (1.0, -1.0):
            effect = CompiledEffect("stat", sign=sign, value=lambda ctx, raw=raw: raw)
            got = effect.amount(replace(ctx, cache={}))
            expected = np.minimum(np.maximum(sign * raw, -1e12), 1e12)
            expected[np.isnan(expected)] = 0.0
            assert _same(got, expected)
    for scalar in special:
        for sign in (1.0, -1.0):
            effect = CompiledEffect("stat", sign=sign, value=lambda ctx, v=scalar: np.float64(v))
            got = effect.amount(replace(ctx, cache={}))
            value = sign * scalar  # a single number is only made finite
            expected = (
                value if np.isfinite(value) else 0.0 if np.isnan(value) else np.sign(value) * 1e12
            )
            assert _same(np.asarray(got), np.asarray(expected))


def test_an_event_answer_reads_the_seat_of_its_nation(midgame):
    """The event answers value a treaty coming into force at one nation's row: the seat
    values of that nation, run by run, in the event's one-column context."""
    *_, outlook = midgame
    state = outlook.board.state
    b, n = outlook.own.shape[:2]
    table = _treaty_table(midgame)
    ctx = PairContext(state, state.year, state.turn, width=1)
    for treaty in (0, 5, table.shape[2] - 1):
        everywhere = seat_value(outlook, ctx, every, treaty)
        assert _same(everywhere, table[:, :, treaty : treaty + 1])
        for nation in (0, n - 1):
            row = NationRow(b, nation, n)
            assert _same(seat_value(outlook, ctx, row, treaty), table[:, nation, treaty])


def test_the_threat_level_is_numpys_sum_capped(midgame):
    """A nation's threat level: its row of threats summed in numpy's order, at most 1.5,
    plus 0.1; NaN stays NaN."""
    rules, board, _, _ = midgame
    rng = np.random.default_rng(9)
    threat = rng.random(board.threat.shape) * rng.choice([1e-3, 0.1, 1.0, 1e9], board.threat.shape)
    threat[0, 1, 2] = np.nan
    threat[1, 0, :] = 0.15  # a sum that rounds differently in another order
    level = make_outlook(replace(board, threat=threat), rules, explain=False).threat_level
    assert _same(level, np.minimum(1.5, threat.sum(axis=2)) + 0.1)


def _reference_stat_worth(outlook, stat):
    """One unit of a nation's own stat, by numpy over the batch, (B, N, 1, W)."""
    state = outlook.board.state
    name = STAT_NAMES[stat]
    level = outlook.threat_level[:, :, None, None]
    sec, eco, stab = outlook.weight(SECURITY), outlook.weight(ECONOMY), outlook.weight(STABILITY)
    size = state.stats[:, :, stat][:, :, None, None]
    rules = {
        "gdp": lambda: eco / np.maximum(size, 1e-6),
        "gdp_growth": lambda: eco * 1.0 + 0.0 * level,
        "military": lambda: sec * level / (size + 0.1),
        "defence_share": lambda: (sec * level - eco) * 0.1,
        "stability": lambda: stab * 0.03 + eco * 0.003 + 0.0 * level,
        "nuclear": lambda: sec * (0.3 + level) * 0.4,
    }
    value = rules.get(name, lambda: np.zeros((1, 1, 1, outlook.width)))()
    wanted = outlook.objectives[1][:, stat]
    if wanted.any():
        scale = 0.3 if name == "gdp" else 1.0
        unit = _strength_unit(state, stat)[:, :, None, None] / scale
        value = value + outlook.weight(OBJECTIVES) * wanted[None, :, None, None] * unit
    return value


@pytest.mark.parametrize("explain", [False, True])
def test_a_unit_of_a_nations_own_stat_is_worth_the_reference(midgame, explain):
    """Every stat, with and without objectives that want it, with odd sizes (zero, tiny,
    negative, NaN), one interest column or all of them."""
    rules, board, _, _ = midgame
    stats = board.state.stats.copy()
    stats[0, 0, :] = 0.0
    stats[1, 2, :] = -0.0
    stats[2, 3, :] = 1e-9
    stats[3, 4, :] = np.nan
    stats[4, 5, :] = -3.0
    odd = replace(board, state=replace(board.state, stats=stats))
    outlook = make_outlook(odd, rules, explain=explain)
    pulls = np.zeros_like(outlook.objectives[1])
    pulls[::2] = np.random.default_rng(11).normal(size=pulls[::2].shape)
    wanting = replace(outlook, objectives=(outlook.objectives[0], pulls, outlook.objectives[2]))
    for view in (outlook, wanting):
        for stat in range(len(STAT_NAMES)):
            view.cache.clear()
            b, n = board.strength.shape
            expected = np.broadcast_to(_reference_stat_worth(view, stat), (b, n, 1, view.width))
            assert _same(_self_stat_unit(view, stat), expected)
