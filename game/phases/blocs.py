"""Blocs: who stands with whom this turn, from the relation matrix alone.

A signed spectral split: the leading eigenvector of the relation matrix (inactive nations
removed) separates the two camps of a structurally balanced network. The camp holding the
strongest power is camp 1. A nation belongs to a camp only if it is, on average, friendly
enough to that camp's other members and friendlier to them than to the other camp;
otherwise it is non-aligned (0). No camp holds two nations hostile to each other: where
friendship dominates the network, the split can put two enemies on one side, and the one
cooler to the rest leaves it (and joins the other camp if it fits there, or forms it with
others who left where there is none). Batched: the leading eigenvectors of all runs at once
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
    return keep_camps_cohesive(camps, relations, mask, power, threshold)


def keep_camps_cohesive(
    camps: np.ndarray,
    relations: np.ndarray,
    mask: np.ndarray,
    power: np.ndarray,
    threshold: float,
) -> np.ndarray:
    """The spectral camps made truthful, in place: no two enemies in one camp
    (`_without_enemies`), a second camp formed by those who left where none stood, and
    every nation still in no camp placed in the one its own ties fit (`_rejoin`)."""
    dropped = _without_enemies(camps, relations, mask, power, threshold)
    _second_camp_from(dropped, camps, relations, mask, power, threshold)
    unplaced = (camps == NON_ALIGNED) & mask.any(axis=2)
    _rejoin(unplaced, camps, relations, mask, power, threshold)
    return camps


def _rejoin(
    unplaced: np.ndarray,
    camps: np.ndarray,
    relations: np.ndarray,
    mask: np.ndarray,
    power: np.ndarray,
    threshold: float,
) -> None:
    """A nation in no camp joins the camp it fits, if any: friendly enough to its members on
    average (at least `threshold`), hostile to none of them, and no friendlier to the other
    camp. The spectral split can leave a nation on the side it does not fit (Pakistan on
    America's side, with India, while it is warm to China and Russia), or drop it for an
    enemy; this places it by its own ties. The strongest that fits joins first, and the
    others are judged again against the camps it changed (in place on `camps`)."""
    runs = np.arange(camps.shape[0])
    while True:
        choice = _fitting_camp(camps[runs], relations[runs], mask[runs], threshold)
        waiting = unplaced[runs] & (camps[runs] == NON_ALIGNED) & (choice > 0)
        keep = waiting.any(axis=1)
        if not keep.any():
            return
        runs, waiting, choice = runs[keep], waiting[keep], choice[keep]
        who = np.argmax(np.where(waiting, power[runs], -np.inf), axis=1)
        camps[runs, who] = choice[np.arange(runs.size), who]


def _fitting_camp(
    camps: np.ndarray, relations: np.ndarray, mask: np.ndarray, threshold: float
) -> np.ndarray:
    """(R, N) the camp each nation would fit as the camps stand (0 for none): see `_rejoin`.
    Sums over a camp's members are products with its membership vector."""
    ties = np.where(mask, relations, 0.0)
    links = mask.astype(np.float64)
    hostile = (ties < -threshold).astype(np.float64)
    means, fits = [], []
    for camp in (CAMP_ONE, CAMP_TWO):
        members = (camps == camp).astype(np.float64)[:, :, None]
        count = np.matmul(links, members)[:, :, 0]
        mean = np.matmul(ties, members)[:, :, 0] / np.maximum(count, 1.0)
        enemies = np.matmul(hostile, members)[:, :, 0]
        means.append(np.where(count > 0, mean, -np.inf))
        fits.append((count > 0) & (mean >= threshold) & (enemies == 0))
    one = fits[0] & (means[0] >= means[1])
    two = fits[1] & (means[1] >= means[0]) & ~one
    return np.where(one, CAMP_ONE, np.where(two, CAMP_TWO, NON_ALIGNED)).astype(np.int8)


def _without_enemies(
    camps: np.ndarray,
    relations: np.ndarray,
    mask: np.ndarray,
    power: np.ndarray,
    threshold: float,
) -> np.ndarray:
    """No camp holds two nations hostile to each other (below -threshold): the split is
    made on the whole network, and where friendship dominates it can put two enemies on
    one side (America and China both friends of everyone else). Until none is left, each
    camp with an enemy pair loses the member, other than its strongest, that is coolest to
    the rest of it. Returns (B, N) the nations dropped (in place on `camps`)."""
    b, n = camps.shape
    dropped = np.zeros((b, n), dtype=bool)
    hostile = ((relations < -threshold) & mask).astype(np.float64)
    runs, feuding = np.arange(b), _feuding(camps, hostile)
    for _ in range(n):
        keep = feuding.any(axis=1)
        runs, feuding = runs[keep], feuding[keep]
        if runs.size == 0:
            break
        for camp in (CAMP_ONE, CAMP_TWO):
            inside = camps[runs] == camp
            here = feuding & inside
            hit = here.any(axis=1)
            if not hit.any():
                continue
            strongest = np.argmax(np.where(inside, power[runs], -np.inf), axis=1)
            here[np.arange(runs.size), strongest] = False
            pairs = inside[:, :, None] & inside[:, None, :] & mask[runs]
            count = np.maximum(pairs.sum(axis=2), 1)
            warmth = np.where(pairs, relations[runs], 0.0).sum(axis=2) / count
            coolest = np.argmin(np.where(here, warmth, np.inf), axis=1)
            camps[runs[hit], coolest[hit]] = NON_ALIGNED
            dropped[runs[hit], coolest[hit]] = True
        feuding = _feuding(camps[runs], hostile[runs])
    return dropped


def _feuding(camps: np.ndarray, hostile: np.ndarray) -> np.ndarray:
    """(R, N) the nations with an enemy in their own camp (`hostile` 1.0 where two nations
    are hostile): a product with each camp's membership vector counts them."""
    feuding = np.zeros(camps.shape, dtype=bool)
    for camp in (CAMP_ONE, CAMP_TWO):
        inside = camps == camp
        enemies = np.matmul(hostile, inside.astype(np.float64)[:, :, None])[:, :, 0]
        feuding |= inside & (enemies > 0)
    return feuding


def _second_camp_from(
    dropped: np.ndarray,
    camps: np.ndarray,
    relations: np.ndarray,
    mask: np.ndarray,
    power: np.ndarray,
    threshold: float,
) -> None:
    """Where no second camp stands, the nations dropped from the first may form one: the
    strongest of them leads it, and each other dropped nation, strongest first, joins if it
    is friendly (at least `threshold`) to every member so far (in place on `camps`)."""
    n = camps.shape[1]
    runs = np.flatnonzero((dropped.sum(axis=1) >= 2) & ~(camps == CAMP_TWO).any(axis=1))
    if runs.size == 0:
        return
    order = np.argsort(-np.where(dropped[runs], power[runs], -np.inf), axis=1, kind="stable")
    members = np.zeros((runs.size, n), dtype=bool)
    members[np.arange(runs.size), order[:, 0]] = True
    for k in range(1, n):
        who = order[:, k]
        candidate = dropped[runs, who]
        ties = relations[runs, who, :]
        friendly = np.where(members & mask[runs, who, :], ties >= threshold, True).all(axis=1)
        members[np.arange(runs.size)[candidate & friendly], who[candidate & friendly]] = True
    formed = members.sum(axis=1) >= 2
    chosen = members & formed[:, None]
    camps[runs[:, None].repeat(n, axis=1)[chosen], np.nonzero(chosen)[1]] = CAMP_TWO


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
