"""Objectives, counted in turn: how many turns each objective's condition has held in every
run, so the end report can say whether it held at the end, always, ever, or for what share
of the game (the grading itself is above the engine, in `game.diplomacy.objectives`)."""

from __future__ import annotations

import numpy as np

from game.compile import Context, holds_in_each_run
from game.diplomacy.rules import compile_diplomacy
from game.state import State
from game.turn import Turn


def track_objectives(state: State, ctx: Context) -> None:
    """Count, per run, the turns each objective's condition holds (in place; end of turn)."""
    rules = compile_diplomacy(state.scenario)
    for o, condition in enumerate(rules.objective_conditions):
        state.objective_turns[:, o] += holds_in_each_run(condition, ctx).astype(np.int32)


def run_objectives(state: State, turn: Turn) -> None:
    """Pipeline entry: the last phase, so objectives see the turn's final position."""
    track_objectives(state, turn.ctx)
