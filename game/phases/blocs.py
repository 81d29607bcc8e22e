"""Blocs: who stands with whom this turn, from the relation matrix alone.

A signed spectral split: the leading eigenvector of the relation matrix (inactive nations
removed) separates the two camps of a structurally balanced network. The camp holding the
strongest power is camp 1. A nation belongs to a camp only if it is, on average, friendly
enough to that camp's other members and friendlier to them than to the other camp;
otherwise it is non-aligned (0). Batched: the leading eigenvectors of all runs at once
(game.phases.spectral: a certified fast estimate, LAPACK's `eigh` where it cannot certify).
"""

from __future__ import annotations

import numpy as np

from game.derived import derived_stat
from game.phases.spectral import leading_eigenvectors
from game.state import State
from game.turn import Turn

NON_ALIGNED, CAMP_ONE, CAMP_TWO = 0, 1, 2


def compute_blocs(state: State) -> np.ndarray:
    """(B, N) int8 camp of every nation: 0 non-aligned, 1 the leading power's camp, 2 the other."""
    threshold = state.scenario.blocs["join_threshold"]
    power = np.where(state.active, derived_stat(state, "power"), -1.0)
    return split_camps(state.relations, state.active, power, threshold)


def split_camps(
    relations: np.ndarray, active: np.ndarray, power: np.ndarray, threshold: float
) -> np.ndarray:
    """The bloc split for relation matrices (B, N, N) given who is active and how strong."""
    b, n, _ = relations.shape
    mask = active[:, :, None] & active[:, None, :] & ~np.eye(n, dtype=bool)[None]
    unit = np.where(mask, relations / 100.0, 0.0)
    lead = leading_eigenvectors(unit, active)  # the signs `eigh` gives, certified
    pole = np.argmax(power, axis=1)
    sign = np.sign(lead[np.arange(b), pole])
    lead = lead * np.where(sign == 0, 1.0, sign)[:, None]
    side_one = (lead > 1e-9) & active
    side_two = (lead < -1e-9) & active

    def mean_to(side: np.ndarray) -> np.ndarray:
        weights = side[:, None, :] & mask
        count = weights.sum(axis=2)
        total = np.where(weights, relations, 0.0).sum(axis=2)
        return np.divide(total, count, out=np.full(total.shape, np.nan), where=count > 0)

    to_one, to_two = mean_to(side_one), mean_to(side_two)
    fits_one = side_one & (to_one >= threshold) & ~(to_two > to_one)
    fits_two = side_two & (to_two >= threshold) & ~(to_one > to_two)
    camps = np.zeros((b, n), dtype=np.int8)
    camps[fits_one] = CAMP_ONE
    camps[fits_two] = CAMP_TWO
    # The leading power belongs to its camp whenever it has any friend there.
    lone = camps[np.arange(b), pole] == NON_ALIGNED
    has_friend = (
        np.where(side_one & mask[np.arange(b), pole], relations[np.arange(b), pole], -100)
        >= threshold
    ).any(axis=1)
    camps[np.arange(b)[lone & has_friend], pole[lone & has_friend]] = CAMP_ONE
    return camps


def bloc_lists(state: State, run: int = 0) -> list[list[str]]:
    """Blocs of one run as lists of nation ids: camp 1, camp 2, then each non-aligned nation."""
    ids = state.scenario.nation_ids
    camps = state.blocs[run]
    active = state.active[run]
    out = []
    for camp in (CAMP_ONE, CAMP_TWO):
        members = [ids[i] for i in range(len(ids)) if active[i] and camps[i] == camp]
        if members:
            out.append(members)
    out.extend([ids[i]] for i in range(len(ids)) if active[i] and camps[i] == NON_ALIGNED)
    return out


def alignment_lean(state: State) -> np.ndarray:
    """(B, N) lean in [-1, 1]: +1 wholly with camp 1, -1 wholly with camp 2, from relations."""
    relations = state.relations
    n = relations.shape[1]
    mask = state.active[:, :, None] & state.active[:, None, :] & ~np.eye(n, dtype=bool)[None]
    one = (state.blocs == CAMP_ONE)[:, None, :] & mask
    two = (state.blocs == CAMP_TWO)[:, None, :] & mask
    mean_one = np.where(one, relations, 0.0).sum(2) / np.maximum(one.sum(2), 1)
    mean_two = np.where(two, relations, 0.0).sum(2) / np.maximum(two.sum(2), 1)
    return np.clip((mean_one - mean_two) / 100.0, -1.0, 1.0)


def run_blocs(state: State, turn: Turn) -> None:
    """Pipeline entry: recompute the camps from this turn's relations."""
    state.blocs = compute_blocs(state)
