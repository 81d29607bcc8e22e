"""Hostile expressions: random text, token soup, long chains and deep nesting only ever
raise ExprError; well-typed expressions built at random parse, check and evaluate.

Scale the number of cases with ALLIANCE_DRIFT_FUZZ=N for long runs.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import Simulation, expr, load_scenario, typecheck
from game.compile import Compiler, Context
from game.scenario import DERIVED_STATS, STATS

SCALE = max(1, int(os.environ.get("ALLIANCE_DRIFT_FUZZ", "1")))
SCENARIO = load_scenario(
    os.path.join(os.path.dirname(__file__), "..", "scenarios", "example_minimal.toml")
)
NATIONS = sorted(SCENARIO.nation_index)
VOCAB = typecheck.Vocabulary(
    ids={
        expr.NATION: set(NATIONS),
        expr.TREATY: set(SCENARIO.treaty_index),
        expr.EVENT: set(SCENARIO.event_index),
        expr.FLAG: set(SCENARIO.flag_index),
        expr.ERA: set(SCENARIO.era_index),
        expr.STAT: set(STATS) | set(DERIVED_STATS),
    },
    options={e.id: {o.id for o in e.options} for e in SCENARIO.events},
    readonly_stats=set(DERIVED_STATS),
)


def fuzz(examples: int):
    return settings(
        max_examples=examples * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


def parse_and_check(text: str) -> str | None:
    """The expression's type, or None when refused; anything but ExprError fails the test."""
    try:
        return typecheck.check(expr.parse_expression(text), VOCAB)
    except expr.ExprError as error:
        assert error.message and 0 <= error.column <= len(text)
        return None


def parse_effect(text: str) -> bool:
    try:
        typecheck.check_effect(expr.parse_effect(text), VOCAB)
    except expr.ExprError as error:
        assert error.message and 0 <= error.column <= len(text)
        return False
    return True


TOKENS = [
    "(", ")", ",", "+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "=", "+=", "-=", "*=",
    "and", "or", "not", "true", "false", "year", "turn", "0", "1.5", "1e309", ".5", "1e", "99999999999999999999",
    "relation", "stat", "flag", "chose", "fired", "min", "max", "abs", "clamp", "set_flag", "join", "emerge",
    "PAK", "IND", "USA", "gdp", "power", "SEATO", "seato_offer", "join", "stay_out", "nope", "_", "é", "#", "'", '"',
]  # fmt: skip


@fuzz(300)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
def test_token_soup_is_refused_or_typed(text):
    parse_and_check(text)
    parse_effect(text)


@fuzz(200)
@given(st.text(max_size=300))
def test_random_text(text):
    parse_and_check(text)
    parse_effect(text)


@fuzz(60)
@given(
    op=st.sampled_from(["+", "-", "*", "/", "and", "or", "<"]),
    count=st.integers(1, 1100),
    wrap=st.sampled_from(["", "(", "-", "not ", "abs("]),
    depth=st.integers(0, 600),
)
def test_long_chains_and_deep_nesting(op, count, wrap, depth):
    atom = "true" if op in ("and", "or") else "1"
    text = (
        wrap * depth
        + f" {op} ".join([atom] * count)
        + (")" * depth if wrap in ("(", "abs(") else "")
    )
    parse_and_check(text)
    parse_effect(f"relation(PAK, IND) += {text}")


def test_chains_at_the_limits():
    assert parse_and_check(" + ".join(["1"] * expr.MAX_DEPTH)) == expr.NUM
    assert parse_and_check(" + ".join(["1"] * (expr.MAX_DEPTH + 1))) is None
    assert parse_and_check("(" * expr.MAX_NESTING + "1" + ")" * expr.MAX_NESTING) is None
    too_long = "1 + " * (expr.MAX_EXPRESSION_LENGTH // 4) + "1"
    with pytest.raises(expr.ExprError, match="the limit is 2000"):
        expr.parse_expression(too_long)
    with pytest.raises(expr.ExprError, match="too large") as caught:
        expr.parse_expression("9" * 1500)
    assert len(caught.value.message) < 80


# --- well-typed expressions evaluate to finite values of the right shape -----------------

NUMBERS = st.recursive(
    st.one_of(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: f"{abs(x)!r}"),
        st.sampled_from(["year", "turn"]),
        st.tuples(st.sampled_from(NATIONS), st.sampled_from(NATIONS)).map(
            lambda p: f"relation({p[0]}, {p[1]})"
        ),
        st.tuples(
            st.sampled_from(NATIONS), st.sampled_from(sorted(STATS) + sorted(DERIVED_STATS))
        ).map(lambda p: f"stat({p[0]}, {p[1]})"),
    ),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        inner.map(lambda x: f"-{x}"),
        st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"
        ),
        inner.map(lambda x: f"abs({x})"),
    ),
    max_leaves=12,
)
CONDITIONS = st.recursive(
    st.one_of(
        st.tuples(NUMBERS, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), NUMBERS).map(
            " ".join
        ),
        st.sampled_from(
            ["true", "false", "fired(seato_offer)", "chose(seato_offer, join)", "active(RUS)"]
        ),
    ),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        inner.map(lambda x: f"not {x}"),
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def context():
    sim = Simulation(SCENARIO, seed=[1, 2, 3], policy="random").run(1970)
    return Context(sim.state, sim.state.year, sim.state.turn)


@fuzz(150)
@given(text=NUMBERS)
def test_numbers_evaluate_finite(context, text):
    if len(text) > expr.MAX_EXPRESSION_LENGTH:
        return
    node = expr.parse_expression(text)
    assert typecheck.check(node, VOCAB) == expr.NUM
    with np.errstate(all="ignore"):
        value = Compiler(SCENARIO).value(node)(context)
    assert value.shape == (3,)


@fuzz(150)
@given(text=CONDITIONS)
def test_conditions_evaluate_to_booleans(context, text):
    if len(text) > expr.MAX_EXPRESSION_LENGTH:
        return
    node = expr.parse_expression(text)
    assert typecheck.check(node, VOCAB) == expr.BOOL
    with np.errstate(all="ignore"):
        value = Compiler(SCENARIO).value(node)(context)
    assert value.shape == (3,) and value.dtype == bool
