"""The safe expression language: parsing, type checking and compiled evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from game import expr, typecheck
from game.compile import Compiler, Context
from game.construction import initial_state

VOCAB = typecheck.Vocabulary(
    ids={
        expr.NATION: {"PAK", "IND", "USA"},
        expr.TREATY: {"SEATO"},
        expr.EVENT: {"war71"},
        expr.FLAG: {"bomb"},
        expr.ERA: {"cold_war"},
        expr.STAT: {"gdp", "stability", "milex"},
    },
    options={"war71": {"fight", "talk"}},
    readonly_stats={"milex"},
)


def kind(text: str) -> str:
    return typecheck.check(expr.parse_expression(text), VOCAB)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", expr.NUM),
        ("relation(PAK, USA) > 10 and not fired(war71)", expr.BOOL),
        ("-(stat(PAK, gdp) / 2) <= year - 1950", expr.BOOL),
        ("chose(war71, talk) or flag(bomb) or era(cold_war)", expr.BOOL),
        ("clamp(relation(PAK, IND), -50, 50)", expr.NUM),
        ("member(SEATO, PAK) == in_force(SEATO)", expr.BOOL),
        ("years_since(war71) >= 5", expr.BOOL),
    ],
)
def test_well_typed(text, expected):
    assert kind(text) == expected


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("relation(PAK, USA", "expected ')' but found the end", 17),
        ("relation(PKA, USA) > 1", "unknown nation 'PKA'", 9),
        ("1 < 2 < 3", "comparisons cannot be chained", 6),
        ("fired(war71) + 1", "'+' needs a number but got a boolean", 0),
        ("relation(PAK)", "relation() takes 2 argument(s), got 1", 0),
        ("frobnicate(PAK)", "unknown function 'frobnicate'", 0),
        ("PAK > 1", "'PAK' is not a value here", 0),
        ("set_flag(bomb)", "'set_flag' is an effect command", 0),
        ("2 $ 3", "unexpected character '$'", 2),
        ("", "expression is empty", 0),
        (
            "relation(PAK, USA) > 1 fired(war71)",
            "unexpected 'fired' after a complete expression",
            23,
        ),
        ("stat(PAK, 3) > 1", "stat() expects a stat id here", 10),
    ],
)
def test_errors_name_what_and_where(text, message, column):
    with pytest.raises(expr.ExprError) as caught:
        kind(text)
    assert message in caught.value.message
    assert caught.value.column == column


def test_suggestion_for_misspelt_id():
    with pytest.raises(expr.ExprError) as caught:
        kind("relation(PAK, USB) > 0")
    assert caught.value.hint == "did you mean 'USA'?"


def test_nesting_and_length_limits():
    with pytest.raises(expr.ExprError, match="nests deeper"):
        kind("(" * 100 + "1" + ")" * 100)
    with pytest.raises(expr.ExprError, match="characters long"):
        kind("1 + " * 1000 + "1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("relation(PAK, USA) += 10", None),
        ("stat(PAK, gdp) *= 1.1", None),
        ("set_flag(bomb)", None),
        ("join(SEATO, PAK)", None),
        ("relation(PAK, USA)", "is a value; say what to do with it"),
        ("fired(war71) = 1", "cannot assign to fired"),
        ("stat(PAK, milex) += 1", "computed from other stats"),
        ("relation(PAK, USA) += fired(war71)", "needs a number"),
        ("10", "an effect starts with"),
    ],
)
def test_effects(text, message):
    if message is None:
        typecheck.check_effect(expr.parse_effect(text), VOCAB)
        return
    with pytest.raises(expr.ExprError) as caught:
        typecheck.check_effect(expr.parse_effect(text), VOCAB)
    assert message in caught.value.message


def test_no_python_evaluation_is_possible():
    for text in ("__import__('os')", "open('x')", "().__class__", "lambda: 1"):
        with pytest.raises(expr.ExprError):
            kind(text)


def test_compiled_values_over_a_batch(example):
    state = initial_state(example, seeds=[1, 2, 3])
    state.relations[1, 0, 2] = state.relations[1, 2, 0] = 55.0
    ctx = Context(state, 1950, 3)
    compiler = Compiler(example)

    def value(text: str) -> np.ndarray:
        return compiler.value(expr.parse_expression(text))(ctx)

    assert value("relation(PAK, USA) > 50").tolist() == [False, True, False]
    assert value("year - 1900").tolist() == [50.0, 50.0, 50.0]
    assert value("10 / 0").tolist() == [0.0, 0.0, 0.0]
    assert value("stat(PAK, milex)")[0] == pytest.approx(3.0 * 5.0 / 100)
    assert value("era(pacts) and not era(jihad)").all()


def test_compiled_effect_applies_only_under_mask(example):
    state = initial_state(example, seeds=[1, 2])
    ctx = Context(state, 1950, 3)
    effect = Compiler(example).effect(expr.parse_effect("relation(PAK, USA) += 500"))
    effect(ctx, np.array([True, False]))
    i, j = example.nation_index["PAK"], example.nation_index["USA"]
    # += saturates (game.ties): 500 points from +20 come close to the bound, not onto it
    assert 99.9 < state.relations[0, i, j] < 100.0
    assert state.relations[0, i, j] == state.relations[0, j, i]
    assert state.relations[1, i, j] == 20.0
