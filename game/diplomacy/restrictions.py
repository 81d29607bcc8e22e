"""Laws and doctrines: actions a nation does not take while a condition holds.

Interests make a course likely; some courses were simply closed. While the Pressler
amendment bound the American president, no aid or arms went to Pakistan whatever the
White House thought of it; India's non-alignment kept foreign bases off its soil for
decades. A scenario states such limits as data, in `[[restrictions]]`:

    [[restrictions]]
    nation = "USA"
    actions = ["give_aid", "sell_arms", "lift_sanctions"]
    targets = ["PAK"]                      # optional: every target when left out
    while = "flag(pressler_sanctions)"     # optional: always when left out
    why = "the Pressler amendment forbids aid and arms while Pakistan has the bomb"

A restricted option is not legal, for the AI and the player alike, in the runs and years
where the condition holds; the action panel gives `why` as the reason. The condition is
checked like any other, its key path named in errors (game.loading.restrictions reads
the tables).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.compile import Context, holds_in_each_run
from game.expr import Node
from game.kernels import kernel
from game.scenario import Scenario


@dataclass(frozen=True)
class CompiledRestriction:
    """One restriction on one action: the actor, the targets (X,) it covers and when."""

    nation: int
    targets: np.ndarray  # (X,) bool over the action's target axis
    condition: Callable | None  # Context -> (B,) or scalar bool; None: always
    why: str


def compile_restrictions(
    scenario: Scenario,
    action_id: str,
    target_kind: str,
    width: int,
    value: Callable[[Node], Callable],
) -> tuple[CompiledRestriction, ...]:
    """The restrictions on one action, each with its (width,) target mask and its
    condition compiled by `value` (the scenario's per-run compiler)."""
    out = []
    for restriction in scenario.restrictions:
        if action_id not in restriction.actions:
            continue
        if restriction.targets:
            index = scenario.treaty_index if target_kind == "treaty" else scenario.nation_index
            mask = np.zeros(width, dtype=bool)
            mask[[index[t] for t in restriction.targets]] = True
        else:
            mask = np.ones(width, dtype=bool)
        condition = value(restriction.condition) if restriction.condition is not None else None
        out.append(
            CompiledRestriction(
                scenario.nation_index[restriction.nation], mask, condition, restriction.why
            )
        )
    return tuple(out)


def close_forbidden(
    open_options: np.ndarray, restrictions: tuple[CompiledRestriction, ...], ctx: Context
) -> np.ndarray:
    """`open_options` ((B, N, X) bool, X the action's target axis; changed in place and
    returned) made False where one of an action's laws or doctrines closes the option this
    turn. The conditions are worked out per run; the options they close are cleared in
    one compiled pass (no full grid of closed options is built)."""
    if not restrictions:
        return open_options
    holds = np.ones((len(restrictions), ctx.state.active.shape[0]), dtype=bool)
    for r, restriction in enumerate(restrictions):
        if restriction.condition is not None:
            holds[r] = holds_in_each_run(restriction.condition, ctx)
    nations = np.array([restriction.nation for restriction in restrictions], dtype=np.int64)
    targets = np.stack([restriction.targets for restriction in restrictions])
    _close(open_options, nations, targets, holds)
    return open_options


@kernel
def _close(
    open_options: np.ndarray, nations: np.ndarray, targets: np.ndarray, holds: np.ndarray
) -> None:
    """open_options[b, nations[r], x] = False wherever law r holds in run b (holds (R, B))
    and covers target x (targets (R, X))."""
    for r in range(len(nations)):
        i = nations[r]
        for b in range(holds.shape[1]):
            if holds[r, b]:
                for x in range(targets.shape[1]):
                    if targets[r, x]:
                        open_options[b, i, x] = False


def why_forbidden(
    restrictions: tuple[CompiledRestriction, ...], ctx: Context, nation: int, target: int, run: int
) -> str:
    """The `why` of the first restriction that closes option (nation, target) in `run`
    ('' if none does)."""
    for restriction in restrictions:
        if restriction.nation != nation or not restriction.targets[target]:
            continue
        if restriction.condition is None or holds_in_each_run(restriction.condition, ctx)[run]:
            return restriction.why
    return ""
