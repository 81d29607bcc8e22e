"""The diplomacy phase's fast paths give exactly what the plain computations give.

The AI values only the legal options (picked out of the full arrays), ranks and chooses
among them, and resolve records effects at the chosen options only; a turn in which nobody
may act skips the AI altogether. Each is allowed only if every number stays bit for bit
the same, so these tests compare each path with the full-size computation it replaces.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from game import initial_state, load_scenario, step  # noqa: E402
from game.diplomacy.ai import (  # noqa: E402
    Candidates,
    _ranked,
    best_targets,
    judging_mood,
    option_values,
    select,
)
from game.diplomacy.board import _adversaries  # noqa: E402
from game.diplomacy.orders import ActionOrder  # noqa: E402
from game.diplomacy.pairs import SATURATING, Changes  # noqa: E402
from game.diplomacy.picks import LegalOptions, every  # noqa: E402
from game.diplomacy.value import effect_value, make_outlook  # noqa: E402
from game.engine import turn_rng  # noqa: E402
from game.fields import PAIR_FIELDS  # noqa: E402
from game.phases.diplomacy import chosen_by_action, diplomacy_phase, survey  # noqa: E402
from game.ties import saturate  # noqa: E402

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"


@pytest.fixture(scope="module")
def midgame():
    """A campaign batch some years in: many actions legal somewhere, most options not."""
    state = initial_state(load_scenario(CAMPAIGN), seeds=np.arange(40), policy="ai")
    for _ in range(14):
        state, _ = step(state)
    return state


def tricky_utilities(rng, shape):
    """Small integers (many ties), some -inf and +inf, legal options at random."""
    legal = rng.random(shape) < rng.uniform(0.05, 0.9)
    values = rng.integers(-2, 3, shape).astype(np.float64)
    values[rng.random(shape) < 0.1] = -np.inf
    values[rng.random(shape) < 0.05] = np.inf
    return legal, np.where(legal, values, -np.inf)


def reference_ranking(utility, depth):
    """Each row's best targets as repeated numpy argmax finds them, a level's best hidden
    (-inf) while the next is found."""
    b, n, width = utility.shape
    value, target = np.full((b, n, depth), -np.inf), np.zeros((b, n, depth), dtype=np.int64)
    for run in range(b):
        for nation in range(n):
            row = utility[run, nation].copy()
            for level in range(min(depth, width)):
                best = int(np.argmax(row))
                value[run, nation, level], target[run, nation, level] = row[best], best
                row[best] = -np.inf
    return value, target


def test_ranking_follows_repeated_argmax():
    rng = np.random.default_rng(7)
    for _ in range(200):
        b, n, width = (int(x) for x in rng.integers(1, 6, size=3))
        depth = int(rng.integers(1, 4))
        legal, utility = tricky_utilities(rng, (b, n, width))
        utility[legal & (rng.random(utility.shape) < 0.03)] = np.nan  # argmax: the first wins
        other = rng.integers(-2, 3, (b, n, width + 1)).astype(np.float64)
        found = best_targets([utility, other], depth)
        picks = LegalOptions(legal)  # the same ranking from the legal options alone
        picked = _ranked([(utility, picks.where, picks(utility)), (other, None, None)], depth)
        for a, values in enumerate((utility, other)):
            value, target = reference_ranking(values, depth)
            for got in (found, picked):
                assert np.array_equal(got.value[:, :, a], value, equal_nan=True)
                assert np.array_equal(got.target[:, :, a], target)


def reference_select(value, target, costs, aims_at_nation, capital, slots):
    """The greedy choice as documented, nation by nation in plain Python."""
    b, n, count, depth = value.shape
    action = np.full((b, n, slots), -1)
    chosen = np.full((b, n, slots), -1)
    for run in range(b):
        for nation in range(n):
            left, used, met = capital[run, nation], set(), set()
            for slot in range(slots):
                best, pick = -np.inf, None
                for a in range(count):
                    for level in range(depth):
                        v, x = value[run, nation, a, level], target[run, nation, a, level]
                        partner = x if aims_at_nation[a] else None
                        if (
                            v > 0
                            and costs[a] <= left + 1e-9
                            and a not in used
                            and (partner is None or partner not in met)
                            and v > best
                        ):
                            best, pick = v, (a, x, partner)
                if pick is None:
                    break
                a, x, partner = pick
                action[run, nation, slot], chosen[run, nation, slot] = a, x
                left -= costs[a]
                used.add(a)
                if partner is not None:
                    met.add(partner)
    return action, chosen


def test_choosing_among_worthwhile_candidates_follows_the_greedy_rule():
    rng = np.random.default_rng(11)
    for _ in range(60):
        b, n, count = int(rng.integers(1, 4)), int(rng.integers(2, 5)), int(rng.integers(1, 6))
        value = rng.integers(-1, 4, (b, n, count, 2)).astype(np.float64)
        value[rng.random(value.shape) < 0.2] = -np.inf
        target = rng.integers(0, n, (b, n, count, 2))
        costs = rng.choice([1.0, 1.5, 2.0, 3.0], size=count)
        kinds = rng.choice(["nation", "treaty", "none", "mediation"], size=count)
        rules = SimpleNamespace(
            action_cost=costs, aims_at_nation=np.isin(kinds, ["nation", "mediation"])
        )
        capital = rng.uniform(0.0, 6.0, (b, n))
        slots = int(rng.integers(1, 4))
        got = select(Candidates(value, target), rules, capital, slots)
        expected = reference_select(
            value, target, costs, [k in ("nation", "mediation") for k in kinds], capital, slots
        )
        assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])


def test_picked_values_are_the_full_values_at_the_legal_options(midgame):
    rules, board, odds = survey(midgame, midgame.year, midgame.turn)
    outlook = make_outlook(board, rules, explain=False)
    rng = np.random.default_rng(5)
    b, n = midgame.active.shape
    by_action, by_target = rng.random((b, n, len(rules.actions))), rng.random((b, n, n))
    mood = judging_mood(board, rules, by_action)
    checked = 0
    for item in odds:
        if not item.legal.any():
            continue
        picks, ctx = item.picks, item.context
        assert np.array_equal(item.picked_chance, item.chance[item.legal])
        effects = item.action.general_effects + item.action.general_failure
        for effect in effects:
            full = np.broadcast_to(effect_value(outlook, effect, ctx), (*ctx.shape, outlook.width))
            assert np.array_equal(effect_value(outlook, effect, ctx, picks), full[item.legal])
            checked += 1
        # The whole utility (linear changes, reactions, failure, noise), valued at every
        # option and at the legal ones only.
        everywhere, _ = option_values(outlook, item, every, mood, by_target)
        legal_only, _ = option_values(outlook, item, picks, mood, by_target)
        assert np.array_equal(legal_only, everywhere.reshape(ctx.shape)[item.legal])
    assert checked > 5


def test_the_chance_at_chosen_options_is_the_full_chance_there(midgame):
    """Options chosen by the nations (one per run and actor, in C order) are read as
    listed; any others (repeats, out of order) through a mask: both give `chance` there."""
    from game.phases.diplomacy import chosen_chance

    _, board, odds = survey(midgame, midgame.year, midgame.turn)
    rng = np.random.default_rng(8)
    checked = 0
    for item in odds:
        runs, actors, targets, _ = item.options
        if len(runs) < 3:
            continue
        # One legal option per (run, actor), as the nations choose: in C order.
        first = np.unique(runs * 1000 + actors, return_index=True)[1]
        chosen = (runs[first], actors[first], targets[first])
        expected = item.chance[chosen]
        assert np.array_equal(chosen_chance(board, item, *chosen), expected)
        # The same options shuffled, with a repeat: in the order asked.
        order = np.append(rng.permutation(len(first)), 0)
        mixed = tuple(axis[order] for axis in chosen)
        assert np.array_equal(chosen_chance(board, item, *mixed), expected[order])
        checked += 1
    assert checked > 5


def test_picking_reads_broadcast_arrays_like_broadcasting():
    rng = np.random.default_rng(3)
    shape = (5, 4, 6)
    legal = rng.random(shape) < 0.3
    picks = LegalOptions(legal)
    for axes in ((5, 4, 6), (5, 1, 6), (1, 4, 1), (5, 4, 1), (1, 1, 6)):
        for width in (None, 1, 3):
            values = rng.normal(size=axes if width is None else (*axes, width))
            full = np.broadcast_to(values, shape if width is None else (*shape, width))
            assert np.array_equal(picks(values), full[legal])
            assert np.array_equal(picks(full), full[legal])  # stride-0 axes read once
    turned = rng.normal(size=(5, 6, 4)).swapaxes(1, 2)  # a view that is not contiguous
    assert np.array_equal(picks(turned), turned[legal])


def test_recording_effects_at_the_chosen_options_equals_masked_full_arrays(midgame):
    rules, board, odds = survey(midgame, midgame.year, midgame.turn)
    rng = np.random.default_rng(5)
    b, n = midgame.active.shape
    # Each action alone, and every action summed onto the same changes (as `resolve` does:
    # a cell that several effects touch gets each effect's own sum, one after the other).
    together = Changes(midgame), Changes(midgame)
    for item in odds:
        compiled, ctx = item.action, item.context
        if not item.legal.any():
            continue
        # Each actor takes the action at most once: one random legal target per actor.
        mask = np.zeros(ctx.shape, dtype=bool)
        for run, actor in zip(*np.nonzero(item.legal.any(axis=2)), strict=True):
            if rng.random() < 0.7:
                mask[run, actor, rng.choice(np.flatnonzero(item.legal[run, actor]))] = True
        picks = np.nonzero(mask)
        for dense, sparse in (together, (Changes(midgame), Changes(midgame))):
            for effect in compiled.effects + compiled.on_failure:
                dense.add(effect, mask, ctx)
                sparse.add_at(effect, picks, ctx)
            for name in ("stats", "sanction_on", "sanction_off", "peace", "join", "leave"):
                assert np.array_equal(getattr(dense, name), getattr(sparse, name)), name
            for name, delta in dense.pairs.items():
                assert np.array_equal(delta, sparse.pairs[name]), (compiled.id, name)
    assert b == 40 and n > 2


def test_applying_the_summed_changes_equals_the_plain_numpy_rule(midgame):
    """Changes.apply moves each tie in one compiled pass (numpy's exp only where a change
    goes beyond the knee): the same bits, signed zeros included, as moving the changed
    ties with numpy (saturate, clip) would."""
    rng = np.random.default_rng(11)
    b, n = midgame.active.shape
    for trial in range(6):
        state = midgame.copy()
        state.active = state.active & (rng.random((b, n)) < 0.9)
        changes = Changes(state)
        for kind in Changes.PAIRS:
            size = (b, n, n)
            steps = rng.choice([0.0, -0.0, 1.0, -3.5, 40.0, -90.0, 250.0, 1e-300], size=size)
            steps = np.where(rng.random(size) < 0.5, steps, rng.normal(0, 30 * trial + 1, size))
            changes.pairs[kind] = np.where(rng.random(size) < 0.6, steps, 0.0)
        expected = {}
        ok = state.active[:, :, None] & state.active[:, None, :] & ~np.eye(n, dtype=bool)
        for kind, delta in changes.pairs.items():
            tie = PAIR_FIELDS[kind]
            current = getattr(state, tie.attribute)
            step = delta + delta.transpose(0, 2, 1) if tie.symmetric else delta
            changed = ok & (step != 0)
            now = current[changed]
            reach = SATURATING.get(kind)
            moved = saturate(now, step[changed], reach) if reach else now + step[changed]
            expected[tie.attribute] = current.copy()
            expected[tie.attribute][changed] = np.clip(moved, tie.low, tie.high)
        changes.apply(state)
        for attribute, values in expected.items():
            got = getattr(state, attribute)
            assert np.array_equal(got, values), attribute
            assert np.array_equal(np.signbit(got), np.signbit(values)), attribute


def test_adversaries_are_the_stably_sorted_two_worst_partners():
    rng = np.random.default_rng(2)
    for _ in range(100):
        b, n = int(rng.integers(1, 4)), int(rng.integers(2, 7))
        active = rng.random((b, n)) < 0.8
        pair_ok = active[:, :, None] & active[:, None, :] & ~np.eye(n, dtype=bool)[None]
        unit = np.where(pair_ok, rng.integers(-2, 3, (b, n, n)) / 2.0, 0.0)
        war = rng.random((b, n, n)) < 0.1
        state = SimpleNamespace(active=active, war=war)
        other, found = _adversaries(state, unit, pair_ok)
        score = np.where(pair_ok, unit - 2.0 * war, np.inf)
        order = np.argsort(score, axis=2, kind="stable")
        first, second = order[:, :, 0], order[:, :, 1]
        actors = np.arange(n)[None, :, None]
        expected = np.where(first[:, None, :] == actors, second[:, None, :], first[:, None, :])
        assert np.array_equal(other, expected)
        runs, targets = np.arange(b)[:, None, None], np.arange(n)[None, None, :]
        ok = np.isfinite(score[runs, targets, expected]) & pair_ok & (expected != actors)
        assert np.array_equal(found, ok)


def test_a_turn_without_actors_moves_only_the_capital_as_the_full_phase_does(example):
    state = initial_state(example, seeds=np.arange(6), policy="historical")
    for _ in range(5):
        state, _ = step(state)
    idle, full = state.copy(), state.copy()
    diplomacy_phase(idle, turn_rng(idle), idle.year, idle.turn, None, [])
    # An order that cannot be carried out takes the full path, and changes nothing else.
    rejected: list[str] = []
    order = [ActionOrder("no_such_action")]
    diplomacy_phase(full, turn_rng(full), full.year, full.turn, order, rejected)
    assert rejected and idle.digest() == full.digest()
    assert not np.array_equal(idle.capital, state.capital)


def test_random_play_without_reasons_skips_the_valuation_and_changes_nothing():
    """Batches beyond the reasons' limit, where every nation plays at random, value no
    option and work out chances only where chosen; smaller batches value everything (for
    the reasons). Every run, action and chance is the same."""
    from game.phases.diplomacy import EXPLAIN_LIMIT

    scenario = load_scenario(CAMPAIGN)
    seeds = np.arange(EXPLAIN_LIMIT + 16)
    large = initial_state(scenario, seeds=seeds, policy="random")
    halves = [
        initial_state(scenario, seeds=part, policy="random")
        for part in (seeds[:EXPLAIN_LIMIT], seeds[EXPLAIN_LIMIT:])
    ]
    for _ in range(18):
        large, report = step(large)
        stepped = [step(state) for state in halves]
        halves = [state for state, _ in stepped]
        for name in ("option", "success", "chance"):
            joined = np.concatenate([getattr(r.actions, name) for _, r in stepped])
            assert np.array_equal(getattr(report.actions, name), joined)
        assert (report.actions.option >= 0).any()
    for k in range(len(seeds)):
        part, row = (0, k) if k < EXPLAIN_LIMIT else (1, k - EXPLAIN_LIMIT)
        assert large.digest(run=k) == halves[part].digest(run=row)


def test_ai_batches_beyond_the_reasons_limit_report_the_same_actions_and_chances():
    """A batch too large for reasons reads each chosen option's chance among the legal
    options' (one compiled pass per action) and builds the report in one pass; smaller
    batches read the full arrays. Every option, outcome, chance and party is the same."""
    from game.phases.diplomacy import EXPLAIN_LIMIT

    scenario = load_scenario(CAMPAIGN)
    seeds = np.arange(EXPLAIN_LIMIT + 8)
    large = initial_state(scenario, seeds=seeds, policy="ai")
    halves = [
        initial_state(scenario, seeds=part, policy="ai")
        for part in (seeds[:EXPLAIN_LIMIT], seeds[EXPLAIN_LIMIT:])
    ]
    mediated = 0
    for _ in range(12):
        large, report = step(large)
        stepped = [step(state) for state in halves]
        halves = [state for state, _ in stepped]
        for name in ("option", "success", "chance", "other", "by_person"):
            joined = np.concatenate([getattr(r.actions, name) for _, r in stepped])
            assert np.array_equal(getattr(report.actions, name), joined), name
        assert (report.actions.option >= 0).any() and report.actions.success.any()
        mediated += int((report.actions.other >= 0).sum())
    assert mediated > 0  # the other party is reported too
    assert large.digest(run=EXPLAIN_LIMIT + 3) == halves[1].digest(run=3)


def test_the_report_pass_equals_the_numpy_report():
    from game.phases.diplomacy import _outcomes

    rng = np.random.default_rng(8)
    for _ in range(50):
        b, n, slots, count = (int(x) for x in rng.integers(1, 6, size=4))
        action = rng.integers(-1, count, (b, n, slots))
        target = np.where(action >= 0, rng.integers(0, n, (b, n, slots)), -1)
        chance = np.where(action >= 0, rng.choice([0.0, 0.3, 1.0, np.nan], (b, n, slots)), 0.0)
        luck = rng.choice([0.0, 0.3, 0.99], (b, n, slots + 1))
        offsets = np.cumsum(rng.integers(1, 4, count)) - 1
        mediates = rng.random(count) < 0.5
        other = rng.integers(0, n, (b, n, n))
        success = np.zeros((b, n, slots), dtype=bool)
        option, second = np.full((b, n, slots), -1), np.full((b, n, slots), -1)
        _outcomes(action, target, chance, luck, offsets, mediates, other, success, option, second)
        taken = action >= 0
        runs, actors = np.arange(b)[:, None, None], np.arange(n)[None, :, None]
        assert np.array_equal(success, taken & (luck[:, :, :slots] < chance))
        assert np.array_equal(
            option, np.where(taken, offsets[np.where(taken, action, 0)] + target, -1)
        )
        mediation = mediates[np.where(taken, action, 0)] & taken
        parties = other[runs, actors, np.clip(target, 0, n - 1)]
        assert np.array_equal(second, np.where(mediation, parties, -1))


def test_choices_by_action_are_nonzero_of_each_action_in_c_order():
    rng = np.random.default_rng(5)
    for _ in range(50):
        b, n, slots, count = (int(x) for x in rng.integers(1, 6, size=4))
        action = rng.integers(-1, count, (b, n, slots))
        found = chosen_by_action(action, count)
        assert len(found) == count
        for a, picked in enumerate(found):
            expected = np.nonzero(action == a)
            assert all(np.array_equal(x, y) for x, y in zip(picked, expected, strict=True))


def reference_board(state, rules):
    """The board's pairwise arrays as plain numpy works them out, array by array."""
    from game.derived import derived_stat
    from game.diplomacy.board import _IDEOLOGY, named_ties

    n = state.active.shape[1]
    active = state.active
    pair_ok = active[:, :, None] & active[:, None, :] & ~np.eye(n, dtype=bool)[None]
    power = np.where(active, derived_stat(state, "power"), 0.0)
    strongest = np.maximum(power.max(axis=1, keepdims=True), 1e-9)
    unit = np.where(pair_ok, state.relations / 100.0, 0.0)
    ally, hostile = np.maximum(unit, 0.0), np.maximum(-unit, 0.0)
    ideology = state.stats[:, :, _IDEOLOGY] / 100.0
    squares = sum(
        (ideology[:, :, k, None] - ideology[:, None, :, k]) ** 2 for k in range(len(_IDEOLOGY))
    )
    affinity = np.where(pair_ok, 1.0 - 4.0 * (np.sqrt(squares) / (2.0 * np.sqrt(3))), 0.0)
    both = power[:, :, None] + power[:, None, :]
    relative = np.divide(power[:, None, :], both, out=np.full(both.shape, 0.5), where=both > 0)
    rivals, _, _ = named_ties(state, rules, state.year, state.turn)
    direct = np.where(
        pair_ok, np.minimum(1.5, rivals * (0.5 + 0.5 * relative) + 1.5 * hostile * relative), 0.0
    )
    indirect = (direct @ ally) * relative * (1.0 - ally)
    threat = np.where(pair_ok, np.clip(direct + 0.5 * indirect, 0.0, 2.0), 0.0)
    gap = (power[:, None, :] - power[:, :, None]) / strongest[:, :, None]
    influence = ally * power[:, None, :]
    weight = influence.sum(axis=2, keepdims=True) - influence
    in_camp, blocs = state.blocs > 0, state.blocs
    same = blocs[:, None, :] == blocs[:, :, None]
    return {
        "pair_ok": pair_ok,
        "power": power,
        "strength": power / strongest,
        "unit": unit,
        "ally": ally,
        "affinity": affinity,
        "threat": threat,
        "dominance": np.where(pair_ok, np.clip(gap, 0.0, 1.0), 0.0),
        "third": np.where(pair_ok, (influence @ unit) / (weight + 0.05), 0.0),
        "counter": np.where(pair_ok, (threat @ hostile) * (1.0 - np.minimum(1.0, threat)), 0.0),
        "mine": (in_camp[:, :, None] & same & pair_ok).astype(float),
        "theirs": (in_camp[:, :, None] & in_camp[:, None, :] & ~same & pair_ok).astype(float),
    }


def test_the_compiled_board_is_numpys_to_the_bit(midgame):
    state = midgame.copy()
    state.active[::3, 2] = False  # some nations gone, some ties neutral to the bit
    state.relations[::2, 0, 1] = 0.0
    state.relations[1::2, 0, 1] = -0.0
    assert state.active[:, :2].all()  # so their tie counts
    state.war[:5, 0, 1] = state.war[:5, 1, 0] = True
    rules, board, _ = survey(state, state.year, state.turn)
    for name, expected in reference_board(state, rules).items():
        got = getattr(board, name)
        assert got.dtype == expected.dtype and np.array_equal(got, expected), name
        if got.dtype.kind == "f":
            assert np.array_equal(np.signbit(got), np.signbit(expected)), name
