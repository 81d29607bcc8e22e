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
checked like any other, its key path named in errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from game.compile import Context
from game.expr import Node
from game.scenario import RestrictionDef, Scenario
from game.scenario_specs import RESTRICTION

if TYPE_CHECKING:
    from game.diplomacy.board import Board
    from game.diplomacy.rules import CompiledAction

MAX_RESTRICTIONS = 200


@dataclass(frozen=True)
class CompiledRestriction:
    """One restriction on one action: the actor, the targets (X,) it covers and when."""

    nation: int
    targets: np.ndarray  # (X,) bool over the action's target axis
    condition: Callable | None  # Context -> (B,) or scalar bool; None: always
    why: str


def read_restrictions(
    loader: Any, files: list, nations: dict, actions: tuple, treaties: dict, checker: Any
) -> tuple[RestrictionDef, ...]:
    """The scenario's [[restrictions]], checked against its nations, actions and treaties."""
    items = loader.items(files, "restrictions", RESTRICTION)
    if len(items) > MAX_RESTRICTIONS:
        first = items[MAX_RESTRICTIONS]
        loader.report(
            first.source, first.key, f"{len(items)} restrictions; the limit is {MAX_RESTRICTIONS}"
        )
        items = items[:MAX_RESTRICTIONS]
    kinds = {a.id: a.target for a in actions}
    out: list[RestrictionDef] = []
    for item in items:
        data = item.data
        ok = loader.nation_ref(item, f"{item.key}.nation", data["nation"], nations)
        named = tuple(data["actions"] or [])
        if not named:
            loader.report(item.source, f"{item.key}.actions", "name at least one action")
            ok = False
        for k, action in enumerate(named):
            if action not in kinds:
                loader.report(
                    item.source,
                    f"{item.key}.actions[{k}]",
                    f"unknown action '{action}'",
                    "actions: " + ", ".join(kinds),
                )
                ok = False
        targets = tuple(data["targets"] or [])
        target_kinds = {kinds[a] for a in named if a in kinds}
        for k, target in enumerate(targets):
            key = f"{item.key}.targets[{k}]"
            if target_kinds <= {"nation", "mediation"}:
                ok = loader.nation_ref(item, key, target, nations) and ok
            elif target_kinds == {"treaty"}:
                if target not in treaties:
                    loader.report(item.source, key, f"unknown treaty '{target}'")
                    ok = False
            else:
                loader.report(
                    item.source,
                    key,
                    "targets apply to actions of one kind: nations, or treaties",
                    "split the restriction in two, or leave the targets out",
                )
                ok = False
        condition = None
        if data["while"] is not None:
            condition = checker.condition(item.source, f"{item.key}.while", data["while"])
            ok = ok and condition is not None
        if ok:
            out.append(RestrictionDef(data["nation"], named, targets, condition, data["why"]))
    return tuple(out)


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


def forbidden(board: Board, action: CompiledAction) -> np.ndarray | None:
    """(B, N, X) True where a law or doctrine closes the option this turn; None if none do."""
    if not action.restrictions:
        return None
    state = board.state
    b, n = state.active.shape
    closed = np.zeros((b, n, action.width), dtype=bool)
    ctx = Context(state, board.year, board.turn)
    for restriction in action.restrictions:
        holds = (
            np.ones(b, dtype=bool)
            if restriction.condition is None
            else np.broadcast_to(np.asarray(restriction.condition(ctx), dtype=bool), (b,))
        )
        closed[:, restriction.nation, :] |= holds[:, None] & restriction.targets[None, :]
    return closed


def why_forbidden(board: Board, action: CompiledAction, nation: int, target: int, run: int) -> str:
    """The `why` of the first restriction that closes this option in `run` ('' if none)."""
    ctx = Context(board.state, board.year, board.turn)
    for restriction in action.restrictions:
        if restriction.nation != nation or not restriction.targets[target]:
            continue
        if restriction.condition is None:
            return restriction.why
        holds = np.broadcast_to(
            np.asarray(restriction.condition(ctx), dtype=bool), (board.state.batch,)
        )
        if holds[run]:
            return restriction.why
    return ""
