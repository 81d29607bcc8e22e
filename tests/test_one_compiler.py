"""One expression compiler, two shapes: every function of the language compiles per run
and per (run, actor, target), and both shapes read the same numbers."""

from __future__ import annotations

import numpy as np
import pytest

from game import expr
from game.compile import CALLS, Compiler, Context
from game.construction import initial_state
from game.diplomacy.roles import PairContext, role_compiler


def _argument(kind: str, scenario, k: int) -> str:
    """An id of the example scenario for an argument of this kind (k picks among nations)."""
    event = scenario.events[0]
    return {
        expr.NATION: scenario.nations[k % len(scenario.nations)].id,
        expr.TREATY: scenario.treaties[0].id if scenario.treaties else "",
        expr.EVENT: event.id,
        expr.OPTION: event.options[-1].id,
        expr.FLAG: scenario.flags[0] if scenario.flags else "",
        expr.ERA: scenario.eras[0].id if scenario.eras else "",
        expr.STAT: "milex" if k else "gdp",
        expr.CRISIS: scenario.crises[0].id if scenario.crises else "",
        expr.OUTCOME: "ongoing" if k else "settled",
        expr.NUM: str(1.5 + k),
    }[kind]


def _calls(scenario) -> list[str]:
    """One call of every function in the language's table, and a derived stat."""
    out = []
    for name, signature in expr.FUNCTIONS.items():
        args = [_argument(kind, scenario, k) for k, kind in enumerate(signature.args)]
        out.append(f"{name}({', '.join(args)})")
    nation = scenario.nations[0].id
    out.append(f"stat({nation}, power) * 2 - stat({nation}, milex) / 3")
    return out


def test_the_compiler_covers_the_function_table():
    """A function added to expr.FUNCTIONS without a compiled meaning fails here."""
    assert set(CALLS) == set(expr.FUNCTIONS)


def test_role_shape_reads_what_the_run_shape_reads(example):
    state = initial_state(example, seeds=[1, 2, 3])
    state.relations[1, 0, 2] = state.relations[1, 2, 0] = 55.0
    state.flags[2, :] = True
    run, role = Compiler(example), role_compiler(example, "none")
    run_ctx = Context(state, 1955, 4)
    role_ctx = PairContext(state, 1955, 4, 1)
    for text in _calls(example):
        node = expr.parse_expression(text)
        per_run = run.value(node)(run_ctx)
        per_pair = np.broadcast_to(role.value(node)(role_ctx), role_ctx.shape)
        assert per_run.shape == (3,), text
        for actor in range(role_ctx.shape[1]):
            assert np.array_equal(per_pair[:, actor, 0], per_run), text


@pytest.mark.parametrize("text", ["1 / 0", "2 * 3 - 1", "not (1 < 2)", "year + turn"])
def test_constants_and_calendar_in_both_shapes(example, text):
    state = initial_state(example, seeds=[1, 2])
    per_run = Compiler(example).value(expr.parse_expression(text))(Context(state, 1950, 3))
    per_pair = role_compiler(example, "none").value(expr.parse_expression(text))(
        PairContext(state, 1950, 3, 1)
    )
    assert np.array_equal(np.broadcast_to(per_pair, (2,)), per_run)
