"""The chance of success: the log-odds summed in one compiled pass (pairwise terms worked
out at each option) and the logistic's compiled steps around numpy's exponential give the
bits of the numpy formulas, for every float the sums can give."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from game import initial_state, load_scenario, step
from game.diplomacy.board import read_board
from game.diplomacy.odds import _LOGIT_LIMIT, _logistic, _work_out, logit_of, pair_context
from game.diplomacy.picks import LegalOptions
from game.diplomacy.rules import compile_diplomacy
from game.scenario import ODDS_TERMS, STAT_INDEX

SPECIAL = [0.0, -0.0, np.nan, np.inf, -np.inf, _LOGIT_LIMIT, -_LOGIT_LIMIT, 1e-300, 700.0]


def numpy_logistic(logit: np.ndarray) -> np.ndarray:
    """The rule as numpy wrote it: clip, negate, exp, add one, reciprocal."""
    bounded = np.maximum(np.minimum(logit, _LOGIT_LIMIT), -_LOGIT_LIMIT)
    return np.reciprocal(np.exp(np.negative(bounded)) + 1.0)


@settings(max_examples=200, deadline=None)
@given(
    arrays(
        np.float64,
        st.integers(0, 40),
        elements=st.one_of(st.floats(allow_nan=True), st.sampled_from(SPECIAL)),
    )
)
def test_the_chance_is_numpys_logistic_to_the_bit(logit):
    expected = numpy_logistic(logit)
    got = _logistic(logit.copy())
    assert got.shape == expected.shape
    assert np.array_equal(got.view(np.int64), expected.view(np.int64))


def test_the_chance_keeps_the_option_grid_and_works_in_place():
    logit = np.linspace(-9.0, 9.0, 24).reshape(2, 3, 4)
    expected = numpy_logistic(logit)
    got = _logistic(logit)
    assert got is logit
    assert np.array_equal(got, expected)
    assert got.min() >= 0.01 and got.max() <= 0.99 + 1e-12


CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"


@pytest.fixture(scope="module")
def midgame():
    scenario = load_scenario(CAMPAIGN)
    state = initial_state(scenario, seeds=np.arange(16), policy="ai")
    for _ in range(10):
        state, _ = step(state)
    state.trade[3, 1, 2] = np.nan  # a NaN stays a NaN, as numpy's arithmetic keeps it
    rules = compile_diplomacy(scenario)
    return rules, read_board(state, rules, state.year, state.turn)


def numpy_term(board, kind: str, name: str) -> np.ndarray:
    """The pairwise odds terms as full (B, N, N) numpy arrays (the rule written out)."""
    state = board.state
    if kind == "mediation":
        matrix = numpy_term(board, "nation", name)
        b, n = state.active.shape
        runs, actors = np.arange(b)[:, None, None], np.arange(n)[None, :, None]
        return (matrix + matrix[runs, actors, board.other]) / 2.0
    if name == "power":
        total = board.power[:, :, None] + board.power[:, None, :]
        gap = board.power[:, :, None] - board.power[:, None, :]
        return np.divide(gap, total, out=np.zeros(total.shape), where=total > 0)
    if name == "trade":
        return state.trade / 100.0
    return {"relation": board.unit, "ideology": board.affinity, "third": board.third}[name]


WEIGHTS = (
    [0.5, -1.5, 2.0, 0.25, 0.0, 3.0],
    [0.0, 0.0, 0.0, 0.0, -0.75, 0.0],  # a term laid along the actors alone
    [-1.0, 0.0, 0.5, 0.0, 0.75, 2.0],
)


@pytest.mark.parametrize("weights", WEIGHTS)
@pytest.mark.parametrize("action_id", ["ask_aid", "mediate"])
def test_the_pairwise_terms_worked_out_at_each_option_are_the_numpy_arrays(
    midgame, action_id, weights
):
    """Each way a term is found (read at the flat position of a full grid, read through
    its steps, worked out for the pair, the mean over a mediation's parties), term by term
    over the options, sums to the numpy formula's bits."""
    rules, board = midgame
    action = next(a for a in rules.actions if a.id == action_id)
    weights = np.array(weights)[: len(ODDS_TERMS)]
    action = dataclasses.replace(action, odds_vector=weights, modifiers=())
    ctx = pair_context(board, action)
    expected = np.full(ctx.shape, float(action.base_logit))
    total = None
    for t, name in enumerate(ODDS_TERMS):
        if not weights[t]:
            continue
        value = (
            numpy_term(board, action.target, name)
            if name in ("relation", "ideology", "power", "third", "trade")
            else ((board.state.stats[:, :, STAT_INDEX["stability"]] - 50.0) / 50.0)[:, :, None]
        )
        part = weights[t] * value
        total = part if total is None else total + part
    expected = expected + total
    got = logit_of(board, action, ctx)
    assert np.array_equal(got.view(np.int64), np.broadcast_to(expected, got.shape).view(np.int64))
    picks = LegalOptions(board.pair_ok)
    at_picks = logit_of(board, action, ctx, picks)
    assert np.array_equal(at_picks, got.reshape(-1)[picks.where], equal_nan=True)


def numpy_treaty_term(board, name: str) -> np.ndarray:
    """The treaty terms' rule as numpy wrote it: the mean relation (or affinity) of the
    actor with the treaty's other active members, 0 when it has none."""
    state = board.state
    members = state.members & state.active[:, None, :]  # (B, T, N)
    seats = members.transpose(0, 2, 1).astype(np.float64)  # (B, N, T)
    count = members.sum(axis=2)[:, None, :] - seats  # members other than the actor
    total = (board.unit if name == "relation" else board.affinity) @ seats
    return np.divide(total, count, out=np.zeros(total.shape), where=count > 0)


@settings(max_examples=100, deadline=None)
@given(
    b=st.integers(1, 5),
    n=st.integers(1, 6),
    treaties=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_treaty_terms_are_the_numpy_means_to_the_bit(b, n, treaties, seed):
    """The seats and the counts of other members in one compiled pass, the sums still
    BLAS's matrix product, the mean in one pass: numpy's bits, NaN and zero counts too."""
    rng = np.random.default_rng(seed)
    unit = rng.integers(-8, 9, (b, n, n)) / 7.0
    unit[rng.random((b, n, n)) < 0.05] = np.nan
    state = SimpleNamespace(
        members=rng.random((b, treaties, n)) < 0.5, active=rng.random((b, n)) < 0.8
    )
    board = SimpleNamespace(state=state, unit=unit, affinity=rng.random((b, n, n)) - 0.5, cache={})
    for name in ("relation", "ideology"):
        expected = numpy_treaty_term(board, name)
        got = _work_out(board, "treaty", name)
        assert got.shape == expected.shape
        assert np.array_equal(got.view(np.int64), expected.view(np.int64)), name
