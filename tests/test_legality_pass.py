"""An action's legality, worked out in steps, gives the booleans the plain rule gives.

The `requires` condition is compiled as the terms of its top-level `and` (each written into
its own grid, a term shared by several conditions worked out once a turn), the grids are
combined with the open options by numpy's `and`, and one compiled loop lists the options
of the actors with capital enough and no cooldown. Each step is checked against numpy:
random expressions against the expression compiler's own meaning, random grids against
numpy's `&` and `flatnonzero`, and the campaign's actions against the rule written out.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import expr, initial_state, load_scenario, step
from game.compile import Context, conjuncts, holds_in_each_run, meaning
from game.diplomacy.board import read_board
from game.diplomacy.odds import (
    _legal,
    _legal_pass,
    _ready,
    action_odds,
    pair_context,
    target_ok,
)
from game.diplomacy.picks import LegalOptions
from game.diplomacy.restrictions import CompiledRestriction, close_forbidden
from game.diplomacy.roles import PairContext, role_compiler
from game.diplomacy.rules import compile_diplomacy

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"

NUMBERS = (
    "relation(SELF, TARGET)",
    "relation(TARGET, SELF)",
    "relation(SELF, USA)",
    "aid(TARGET, SELF)",
    "trade(SELF, TARGET)",
    "stat(SELF, gdp)",
    "stat(TARGET, military)",
    "year",
    "1 / 0",
    "0",
    "-0.5",
    "30",
)
TRUTHS = (
    "at_war(SELF, TARGET)",
    "sanctions(TARGET, SELF)",
    "flag(steel_mill)",
    "active(TARGET)",
    "member(SEATO, SELF)",
    "true",
    "false",
)


def _number() -> st.SearchStrategy[str]:
    return st.recursive(
        st.sampled_from(NUMBERS),
        lambda inner: (
            st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            )
            | inner.map(lambda text: f"-({text})")
        ),
        max_leaves=4,
    )


def _comparison() -> st.SearchStrategy[str]:
    return st.tuples(_number(), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), _number()).map(
        lambda t: f"{t[0]} {t[1]} {t[2]}"
    )


def _condition() -> st.SearchStrategy[str]:
    return st.recursive(
        _comparison() | st.sampled_from(TRUTHS),
        lambda inner: (
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            )
            | inner.map(lambda text: f"not ({text})")
            | st.tuples(inner, inner).map(lambda t: f"{t[0]} and {t[1]}")
        ),
        max_leaves=6,
    )


@pytest.fixture(scope="module")
def shuffled(example):
    """The example scenario's opening, shaken: relations, wars, sanctions, flags and stats
    at random (ties, signs and exact zeros included), so every comparison can go either way."""
    rng = np.random.default_rng(5)
    state = initial_state(example, seeds=np.arange(7))
    shape = state.relations.shape
    state.relations[:] = rng.integers(-4, 5, shape) * 25.0
    state.aid[:] = rng.integers(0, 3, shape) * 0.5
    state.war[:] = rng.random(shape) < 0.3
    state.sanctions[:] = rng.random(shape) < 0.3
    state.flags[:] = rng.random(state.flags.shape) < 0.5
    state.members[:] = rng.random(state.members.shape) < 0.5
    state.active[:, 1] = rng.random(state.batch) < 0.5
    state.stats[:] *= rng.integers(0, 3, state.stats.shape)
    return state


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_condition())
def test_the_terms_of_a_condition_hold_together_where_it_holds(example, shuffled, text):
    node = expr.parse_expression(text)
    compiler = role_compiler(example, "nation")
    ctx = PairContext(shuffled, 1960, 5, len(example.nations))
    expected = np.broadcast_to(compiler.value(node)(ctx), ctx.shape)
    grids = compiler.conjunction(node).grids(ctx, ctx.shape)
    assert len(grids) == len(conjuncts(node))
    assert np.array_equal(np.logical_and.reduce(grids, axis=0), expected), text
    legal = np.empty(ctx.shape, dtype=bool)
    found = np.empty((4, legal.size), dtype=np.int64)
    every = np.ones(ctx.shape, dtype=bool)
    count = _legal_pass(np.logical_and.reduce(grids, axis=0), every[:, :, 0], legal, found)
    assert np.array_equal(legal, expected), text
    assert count == int(np.count_nonzero(expected))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_condition(), min_size=2, max_size=4))
def test_a_term_shared_by_several_conditions_gives_the_grid_it_gives_alone(
    example, shuffled, texts
):
    """A turn's conditions share the grids of the terms they have in common (by
    `meaning`): each condition's grids are those it gives worked out on its own."""
    compiler = role_compiler(example, "nation")
    ctx = PairContext(shuffled, 1960, 5, len(example.nations))
    known: dict = {}
    shared = "relation(SELF, TARGET) > 0 and flag(steel_mill)"  # in common, at new columns
    others = ["relation(SELF, TARGET) > 30", "at_war(SELF, TARGET)", "sanctions(SELF, TARGET)"]
    for text in [shared, *texts, f"true and {shared}", *others]:
        conjunction = compiler.conjunction(expr.parse_expression(text))
        alone = conjunction.grids(ctx, ctx.shape)
        assert np.array_equal(conjunction.grids(ctx, ctx.shape, known), alone), text
    assert len(known) == len(set(known))


def test_a_term_means_the_same_wherever_it_is_written():
    def key(text: str, term: int = 0) -> tuple:
        return meaning(conjuncts(expr.parse_expression(text))[term])

    assert key("relation(SELF, TARGET) > 0") == key("true and relation(SELF, TARGET) > 0", 1)
    assert key("relation(SELF, TARGET) > 0") != key("relation(SELF, TARGET) > 30")
    assert key("relation(SELF, TARGET) > 0") != key("relation(TARGET, SELF) > 0")
    assert key("relation(SELF, TARGET) > 0") != key("relation(SELF, TARGET) >= 0")
    assert key("not at_war(SELF, TARGET)") != key("at_war(SELF, TARGET)")
    assert key("at_war(SELF, TARGET)") != key("sanctions(SELF, TARGET)")
    assert key("1 - 2 - 3 > 0") != key("1 - (2 - 3) > 0")  # the tree, not the words


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("true", 1),
        ("at_war(SELF, TARGET) or flag(steel_mill)", 1),
        ("relation(SELF, TARGET) > 0 and not at_war(SELF, TARGET)", 2),
        ("(true and false) and (1 < 2 or false) and not (true and true)", 4),
    ],
)
def test_only_the_top_level_and_is_split(text, terms):
    assert len(conjuncts(expr.parse_expression(text))) == terms


@settings(max_examples=200, deadline=None)
@given(
    b=st.integers(1, 4),
    n=st.integers(1, 5),
    width=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_pass_is_numpys_and_and_its_options_are_the_masks(b, n, width, seed):
    rng = np.random.default_rng(seed)
    shape = (b, n, width)
    allowed = rng.random(shape) < 0.7
    ready = rng.random((b, n)) < 0.7
    legal = np.empty(shape, dtype=bool)
    found = np.empty((4, legal.size), dtype=np.int64)
    count = _legal_pass(allowed, ready, legal, found)
    expected = allowed & ready[:, :, None]
    assert np.array_equal(legal, expected)
    reference = LegalOptions(expected).options
    assert count == len(reference[0])
    for mine, theirs in zip(found[:, :count], reference, strict=True):
        assert np.array_equal(mine, theirs)


@pytest.fixture(scope="module")
def midgame():
    """A campaign batch some years in, and its board: many actions legal somewhere."""
    scenario = load_scenario(CAMPAIGN)
    state = initial_state(scenario, seeds=np.arange(24), policy="ai")
    for _ in range(12):
        state, _ = step(state)
    rules = compile_diplomacy(scenario)
    return rules, read_board(state, rules, state.year, state.turn)


def test_every_action_is_legal_where_the_rule_written_out_says(midgame):
    """The rule as numpy full grids: valid target, `requires` (the expression compiler's
    value), no law, cooldown passed, capital enough."""
    rules, board = midgame
    state = board.state
    for action in rules.actions:
        item = action_odds(board, action)
        ctx = pair_context(board, action)
        compiler = role_compiler(state.scenario, action.target)
        expected = target_ok(board, action).copy()
        if action.definition.requires is not None:
            expected &= compiler.value(action.definition.requires)(ctx)
        if action.restrictions:
            expected &= ~numpy_forbidden(
                action.restrictions, action.width, Context(board.state, board.year, board.turn)
            )
        if action.cooldown_turns > 0:
            last = state.action_last[:, :, action.index]
            expected &= ((last < 0) | (board.turn - last >= action.cooldown_turns))[:, :, None]
        expected &= (board.capital >= action.definition.cost - 1e-9)[:, :, None]
        assert np.array_equal(item.legal, expected), action.id
        for mine, theirs in zip(item.picks.options, LegalOptions(expected).options, strict=True):
            assert np.array_equal(mine, theirs), action.id


@pytest.mark.parametrize("closed", ["targets", "actors"])
def test_no_term_is_worked_out_when_no_option_is_open(midgame, monkeypatch, closed):
    """With every target closed, or every actor out of capital or cooling down, nothing is
    legal whatever `requires` says, so its terms are never worked out."""
    rules, board = midgame
    action = next(a for a in rules.actions if a.requires is not None)
    ctx = pair_context(board, action)
    shape = ctx.shape

    def no_grids(*args, **kwargs):
        raise AssertionError("a term was worked out with no option open")

    monkeypatch.setattr(type(action.requires), "grids", no_grids)
    open_options = np.full(shape, closed != "targets")
    ready = np.full(shape[:2], closed != "actors")
    legal, options = _legal(board, action, ctx, open_options, ready)
    assert not legal.any()
    assert [len(rows) for rows in options] == [0, 0, 0, 0]


def test_the_listed_options_are_the_legal_grids_options_each_its_own_row(midgame):
    rules, board = midgame
    for action in rules.actions:
        item = action_odds(board, action)
        runs, actors, targets, flat = item.options
        assert np.array_equal(flat, np.flatnonzero(item.legal)), action.id
        assert np.array_equal(np.ravel_multi_index((runs, actors, targets), item.legal.shape), flat)


def numpy_forbidden(restrictions, width: int, ctx: Context) -> np.ndarray:
    """The laws' rule written out as full grids: (B, N, X) True where a law closes it."""
    b, n = ctx.state.active.shape
    closed = np.zeros((b, n, width), dtype=bool)
    for restriction in restrictions:
        holds = (
            np.ones(b, dtype=bool)
            if restriction.condition is None
            else holds_in_each_run(restriction.condition, ctx)
        )
        closed[:, restriction.nation, :] |= holds[:, None] & restriction.targets[None, :]
    return closed


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), laws=st.integers(0, 4))
def test_the_laws_close_the_options_the_full_grids_close(shuffled, seed, laws):
    """Each law closes its nation's targets in the runs where its condition holds (or
    always), in place and one nation's slice at a time; the rule as full grids agrees."""
    rng = np.random.default_rng(seed)
    b, n = shuffled.active.shape
    width = int(rng.integers(1, n + 1))
    restrictions = []
    for _ in range(laws):
        holds = rng.random(b) < 0.5
        condition = None if rng.random() < 0.3 else (lambda ctx, holds=holds: holds)
        targets = rng.random(width) < 0.5
        restrictions.append(CompiledRestriction(int(rng.integers(n)), targets, condition, "law"))
    ctx = Context(shuffled, 1960, 5)
    open_options = rng.random((b, n, width)) < 0.7
    expected = open_options & ~numpy_forbidden(tuple(restrictions), width, ctx)
    got = close_forbidden(open_options.copy(), tuple(restrictions), ctx)
    assert np.array_equal(got, expected)


@settings(max_examples=150, deadline=None)
@given(
    b=st.integers(1, 4),
    n=st.integers(1, 5),
    cooldown=st.integers(-1, 4),
    turn=st.integers(0, 12),
    cost=st.sampled_from([0.0, 0.5, 1.0, 2.0]),
    seed=st.integers(0, 2**32 - 1),
)
def test_an_actor_is_ready_where_the_numpy_rule_says(b, n, cooldown, turn, cost, seed):
    """Capital enough (within 1e-9) and the cooldown passed, as numpy's comparisons say."""
    rng = np.random.default_rng(seed)
    capital = rng.integers(0, 5, (b, n)) * 0.5 + rng.choice([0.0, -1e-10, 1e-10, np.nan], (b, n))
    action_last = rng.integers(-1, turn + 1, (b, n, 3)).astype(np.int32)
    index = int(rng.integers(3))
    expected = capital >= cost - 1e-9
    if cooldown > 0:
        last = action_last[:, :, index]
        expected &= (last < 0) | (turn - last >= cooldown)
    ready = np.empty((b, n), dtype=bool)
    _ready(capital, cost - 1e-9, action_last, index, cooldown, turn, ready)
    assert np.array_equal(ready, expected)
