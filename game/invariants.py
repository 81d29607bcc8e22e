"""Invariants every state must keep; tests run this after every step.

Like Factorio's heavy mode: cheap enough to check each turn in tests, strict enough to
catch a phase that breaks ranges, symmetry or finiteness.
"""

from __future__ import annotations

import numpy as np

from game.fields import PAIR_FIELDS, STAT_HIGH, STAT_LOW
from game.state import State


def invariant_problems(state: State) -> list[str]:
    """Every broken invariant, as readable sentences (empty when all hold)."""
    problems: list[str] = []
    for name in (*(f.attribute for f in PAIR_FIELDS.values()), "stats"):
        if not np.isfinite(getattr(state, name)).all():
            problems.append(f"{name} holds NaN or inf")
    for field in PAIR_FIELDS.values():
        name, low, high = field.attribute, field.low, field.high
        array = getattr(state, name)
        if not field.symmetric:  # aid flows one way; its invariant is only its floor
            if (array < low).any():
                problems.append(f"{name} is below {low:g}")
            continue
        if (array < low).any() or (array > high).any():
            problems.append(
                f"{name} out of range {low:g}..{high:g}: min {array.min()}, max {array.max()}"
            )
        if not np.array_equal(array, array.transpose(0, 2, 1)):
            problems.append(f"{name} is not symmetric")
    if not np.array_equal(state.war, state.war.transpose(0, 2, 1)):
        problems.append("war is not symmetric")
    if (state.stats < STAT_LOW - 1e-9).any() or (state.stats > STAT_HIGH + 1e-9).any():
        problems.append("a stat is outside its documented range")
    n = state.relations.shape[1]
    diagonal = state.relations[:, np.arange(n), np.arange(n)]
    if not (diagonal == 100).all():
        problems.append("a nation's relation with itself is not 100")
    if (state.members & ~state.active[:, None, :]).any():
        problems.append("an inactive nation holds a treaty seat")
    inactive_war = state.war & ~(state.active[:, :, None] & state.active[:, None, :])
    if inactive_war.any():
        problems.append("an inactive nation is at war")
    if (state.blocs[~state.active] != 0).any():
        problems.append("an inactive nation is in a bloc")
    valid_owner = (state.owner >= -1) & (state.owner < n)
    if not valid_owner.all():
        problems.append("a map region has an invalid owner")
    return problems


def assert_invariants(state: State) -> None:
    problems = invariant_problems(state)
    if problems:
        raise AssertionError("; ".join(problems))
