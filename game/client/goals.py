"""The player's goals during play: each objective with its weight, whether it holds now and
which way it is going, the score so far, and whether the campaign has ended early.

The numbers are the end report's own (`game.diplomacy.objectives`), worked out for the
state on screen, so what the panel promises is what the report will grade. Pure Python
and numpy: no drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.client.ending import COLLAPSE, early_end  # noqa: F401 - part of this module's API
from game.client.session import Session
from game.compile import Context
from game.diplomacy.objectives import grade, outcome
from game.diplomacy.rules import compile_diplomacy


@dataclass(frozen=True)
class Goal:
    """One objective of the player's nation, as the panel shows it."""

    name: str
    text: str
    points: float  # its weight in the score
    check: str  # end | always | ever | share: when it counts
    met_now: bool  # its condition holds in this state
    earned: float  # points it would earn if the campaign ended now
    trend: str  # "kept", "gained", "lost", "missing" (against the turn before)

    @property
    def how_it_counts(self) -> str:
        return {
            "end": "counts if it holds at the end",
            "always": "counts only if it holds every year",
            "ever": "counts once it has held in any year",
            "share": "earns the share of the years it holds",
        }.get(self.check, self.check)


@dataclass(frozen=True)
class Standing:
    """Where the player stands: the goals, the score so far and its grade."""

    goals: list[Goal]
    score: float  # 0..100
    grade: str  # A..E
    words: str  # "a success"


def _conditions_now(session: Session, index: int, nation: int) -> dict[int, bool]:
    """Objective index -> whether its condition holds in states[index]."""
    state = session.states[index]
    rules = compile_diplomacy(session.scenario)
    ctx = Context(state, session.year_of(index), state.turn)
    return {
        o: bool(np.broadcast_to(rules.objective_conditions[o](ctx), (state.batch,))[0])
        for o, owner in enumerate(rules.objective_nation)
        if owner == nation
    }


def standing(session: Session, index: int | None = None) -> Standing | None:
    """The player's goals and score at states[index] (default: now); None when no nation
    is led."""
    if session.player < 0:
        return None
    index = session.last if index is None else index
    nation = session.player
    state = session.states[index]
    result = outcome(state, nation)
    rules = compile_diplomacy(session.scenario)
    now = _conditions_now(session, index, nation)
    before = _conditions_now(session, index - 1, nation) if index > 0 else now
    goals = []
    for column, o in enumerate(result.objectives):
        definition = rules.objectives[o]
        met, was = now[o], before[o]
        trend = "kept" if met and was else "gained" if met else "lost" if was else "missing"
        goals.append(
            Goal(
                name=definition.name,
                text=definition.text,
                points=float(definition.points),
                check=definition.check,
                met_now=met,
                earned=float(definition.points * result.met[0, column]),
                trend=trend,
            )
        )
    score = float(result.score[0])
    letter, words = grade(score)
    return Standing(goals, score, letter, words)
