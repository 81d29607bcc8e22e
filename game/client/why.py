"""Why the map changed: the drivers behind a relation's move and the turn's big shifts.

The engine's drift model is a sum of named terms (`game.phases.drift.drift_terms`); the
part of a change the terms do not account for came from decisions taken that turn and from
chance. Tooltips and the turn summary use these numbers so a player can see, for every
turn, what pulled two nations together or apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.client.session import Session
from game.phases.drift import drift_terms
from game.rules import compile_rules

TERM_WORDS = {
    "balance": "friends and enemies in common",
    "ideology": "ideology",
    "trade": "trade",
    "aid": "aid",
    "treaty": "treaties",
    "war": "war",
    "sanction": "sanctions",
    "decay": "pull back to the long-run level",
}


@dataclass(frozen=True)
class Shift:
    a: int
    b: int
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


def relation_drivers(session: Session, index: int, a: int, b: int) -> list[tuple[str, float]]:
    """(reason, points) for the change of relation a–b during the turn that led to
    states[index], largest first; the remainder is 'decisions and chance'."""
    if index <= 0:
        return []
    before = session.states[index - 1]
    after = session.states[index]
    if not (before.active[0, a] and before.active[0, b]):
        return []
    rules = compile_rules(session.scenario)
    weights = session.scenario.drift
    years = session.scenario.years_per_turn
    terms = drift_terms(before, rules)
    out = []
    explained = 0.0
    for name, term in terms.items():
        value = float(weights[name] * term[0, a, b] * years)
        if abs(value) >= 0.05:
            out.append((TERM_WORDS.get(name, name), value))
            explained += value
    actual = float(after.relations[0, a, b] - before.relations[0, a, b])
    rest = actual - explained
    if abs(rest) >= 0.05:
        out.append(("decisions, events and chance", rest))
    out.sort(key=lambda item: -abs(item[1]))
    return out


def biggest_shifts(
    session: Session, index: int, count: int = 5, threshold: float = 3.0
) -> list[Shift]:
    """The largest relation changes during the turn that led to states[index]."""
    if index <= 0:
        return []
    before = session.states[index - 1].relations[0]
    after = session.states[index].relations[0]
    active = session.states[index - 1].active[0] & session.states[index].active[0]
    n = before.shape[0]
    shifts = []
    for i in range(n):
        for j in range(i + 1, n):
            if active[i] and active[j] and abs(after[i, j] - before[i, j]) >= threshold:
                shifts.append(Shift(i, j, float(before[i, j]), float(after[i, j])))
    shifts.sort(key=lambda s: -abs(s.delta))
    return shifts[:count]


def lean_changes(
    session: Session, index: int, threshold: float = 0.08
) -> list[tuple[int, float, float]]:
    """(nation, lean before, lean after) for nations whose alignment moved visibly."""
    if index <= 0:
        return []
    before = session.lean(index - 1)
    after = session.lean(index)
    active = session.states[index].active[0]
    moved = [
        (int(i), float(before[i]), float(after[i]))
        for i in np.flatnonzero(active)
        if abs(after[i] - before[i]) >= threshold
    ]
    moved.sort(key=lambda m: -abs(m[2] - m[1]))
    return moved


def camp_changes(session: Session, index: int) -> list[tuple[int, int, int]]:
    """(nation, camp before, camp after) from the camp model: 1 the anchor's camp, 2 the
    rival's, 0 none. A nation whose rival camp changed leader is not 'moving'."""
    if index <= 0:
        return []
    before, after = session.camps(index - 1), session.camps(index)
    active = before.active & after.active
    return [
        (int(i), int(before.camp[i]), int(after.camp[i]))
        for i in np.flatnonzero(active & (before.camp != after.camp))
    ]


def camp_label(view, camp: int) -> str:
    """ "non-aligned", or the camp's name ("the Soviet Union's camp")."""
    return "non-aligned" if camp == 0 else view.camp_name(camp)
