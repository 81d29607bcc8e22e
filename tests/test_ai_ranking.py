"""The AI ranks each option as it values it: the same candidates as ranking afterwards.

Without reasons, `judge` ranks every legal option among its row's best while the valuation
loop has it in hand, into an array laid out action by action, and spreads the full
utilities only when someone asks for them. These tests hold that path to the plain one:
value, then rank the values with `_ranked`, and read the full arrays at the legal options.
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
    DEPTH,
    Candidates,
    _ranked,
    judge,
    judged_targets,
    select,
)
from game.diplomacy.value import make_outlook  # noqa: E402
from game.phases.diplomacy import survey  # noqa: E402

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"


@pytest.fixture(scope="module")
def judged():
    """A campaign batch some years in, judged without reasons, with noise that leaves
    ties (a coarse grid of values) so the order among equals is put to the test."""
    state = initial_state(load_scenario(CAMPAIGN), seeds=np.arange(24), policy="ai")
    for _ in range(20):
        state, _ = step(state)
    rules, board, odds = survey(state, state.year, state.turn)
    rng = np.random.default_rng(9)
    b, n = state.active.shape
    noise = (
        rng.integers(0, 3, (b, n, len(rules.actions))) / 2.0,
        rng.integers(0, 3, (b, n, n)) / 2.0,
    )
    judgement = judge(make_outlook(board, rules, explain=False), rules, odds, noise)
    return judgement, rules, board


def test_ranking_while_valuing_equals_ranking_the_values_afterwards(judged):
    judgement, _, _ = judged
    assert judgement.ranked is not None and judgement.picked is not None
    actions = []
    for item, values in zip(judgement.odds, judgement.picked, strict=True):
        if values is None:
            actions.append((item.legal, np.zeros(0, dtype=np.int64), np.zeros(0)))
        else:
            actions.append((item.legal, item.picks.where, values))
    assert sum(len(where) for _, where, _ in actions) > 100
    after = _ranked(actions, DEPTH)
    assert np.array_equal(judgement.ranked.value, after.value)
    assert np.array_equal(judgement.ranked.target, after.target)
    assert judged_targets(judgement) is judgement.ranked
    # Another depth is ranked afterwards, from the same values: its first levels agree.
    deeper = judged_targets(judgement, DEPTH + 1)
    assert np.array_equal(deeper.value[..., :DEPTH], after.value)
    assert np.array_equal(deeper.target[..., :DEPTH], after.target)


def test_full_utilities_are_spread_from_the_valued_options_when_asked(judged):
    judgement, _, _ = judged
    assert judgement.valued and judgement._full is None  # nothing spread yet
    utilities = judgement.utilities
    assert utilities is not None and judgement.utilities is utilities  # spread once
    for item, values, full in zip(judgement.odds, judgement.picked, utilities, strict=True):
        assert full.shape == item.context.shape
        if values is None:
            assert np.isneginf(full).all()
        else:
            assert np.array_equal(full[item.legal], values)
            assert np.isneginf(full[~item.legal]).all()
    # Ranked from the full arrays, as best_targets would: the same candidates.
    full_ranked = _ranked([(u, None, None) for u in utilities], DEPTH)
    assert np.array_equal(full_ranked.value, judgement.ranked.value)
    assert np.array_equal(full_ranked.target, judgement.ranked.target)


def test_choosing_from_the_ranking_view_equals_choosing_from_a_copy(judged):
    judgement, rules, board = judged
    ranked = judgement.ranked
    assert not ranked.value.flags.c_contiguous  # a view of the action-by-action layout
    copy = Candidates(np.ascontiguousarray(ranked.value), np.ascontiguousarray(ranked.target))
    for slots in (1, rules.max_actions, 4):
        got = select(ranked, rules, board.capital, slots)
        expected = select(copy, rules, board.capital, slots)
        assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])
    assert (select(ranked, rules, board.capital, rules.max_actions)[0] >= 0).any()


def test_unjudged_turn_has_no_values_and_no_candidates():
    from game.diplomacy.ai import unjudged

    legal = np.zeros((2, 3, 4), dtype=bool)
    odds = [SimpleNamespace(legal=legal), SimpleNamespace(legal=legal)]
    judgement = unjudged(odds)
    assert not judgement.valued and judgement.utilities is None and judgement.parts is None
    found = judged_targets(judgement)
    assert found.value.shape == (2, 3, 2, DEPTH) and np.isneginf(found.value).all()


def test_noise_less_price_is_the_numpy_expression_to_the_bit():
    from game.diplomacy.ai import _bias

    rng = np.random.default_rng(4)
    for _ in range(30):
        b, n, a = (int(x) for x in rng.integers(1, 6, size=3))
        spread = rng.choice([0.0, -0.0, 0.01, 0.04, 0.12], size=(b, n))
        by_action = rng.choice([0.0, 0.25, 0.5, 0.75, rng.random()], size=(b, n, a + 2))
        price = rng.choice([0.0, 0.02, 0.031, 0.06], size=(b, n))
        costs = rng.choice([0.0, 1.0, 1.5, 3.0], size=a)
        bias = np.empty((b, n, a))
        _bias(spread, by_action, price, costs, bias)
        expected = spread[:, :, None] * (by_action[:, :, :a] - 0.5) - price[:, :, None] * costs
        assert np.array_equal(bias, expected)
        assert np.array_equal(np.signbit(bias), np.signbit(expected))


def test_random_play_draws_at_the_legal_options_as_on_the_full_grid(judged):
    """A nation playing at random ranks the luck of its legal options: the draw worked
    out at those options alone gives the candidates the full (B, N, X) draw gave, with
    every other option -inf (a coarse noise grid leaves ties, so the order among equals
    counts)."""
    from game.diplomacy.ai import RANDOM, best_targets, candidates

    judgement, rules, _ = judged
    b, n = judgement.odds[0].legal.shape[:2]
    rng = np.random.default_rng(11)
    noise = (
        rng.integers(0, 3, (b, n, len(rules.actions))) / 2.0,
        rng.integers(0, 3, (b, n, n)) / 2.0,
    )
    script = np.full((b, n), RANDOM, dtype=np.int64)
    script[0, 0] = -1  # one nation still plays by its AI
    found = candidates(judgement, rules, script, "ai", noise)
    by_action, by_target = noise
    luck = []
    for item in judgement.odds:
        columns = np.arange(item.action.width) % by_target.shape[2]
        draw = by_action[:, :, item.action.index, None] + by_target[:, :, columns] - 1.0
        luck.append(np.where(item.legal, draw, -np.inf))
    expected = best_targets(luck)
    assert np.isfinite(expected.value).sum() > 100
    random_rows = np.ones((b, n), dtype=bool)
    random_rows[0, 0] = False
    assert np.array_equal(found.value[random_rows], expected.value[random_rows])
    assert np.array_equal(found.target[random_rows], expected.target[random_rows])
    assert np.array_equal(found.value[0, 0], judgement.ranked.value[0, 0])
