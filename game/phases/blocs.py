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
from game.kernels import kernel
from game.phases.drift import unit_relations
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
    relations = np.ascontiguousarray(relations, dtype=np.float64)
    active = np.ascontiguousarray(active, dtype=np.bool_)
    unit = np.empty(relations.shape)
    unit_relations(relations, active, unit)
    lead = leading_eigenvectors(unit, active)  # the signs `eigh` gives, certified
    return _split_kernel(
        relations,
        active,
        np.ascontiguousarray(power, dtype=np.float64),
        np.ascontiguousarray(lead, dtype=np.float64),
        float(threshold),
    )


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
    out = np.ascontiguousarray(camps, dtype=np.int8)
    _cohesive_kernel(
        out,
        np.ascontiguousarray(relations, dtype=np.float64),
        np.ascontiguousarray(mask, dtype=np.bool_),
        np.ascontiguousarray(power, dtype=np.float64),
        float(threshold),
    )
    if out is not camps:
        camps[...] = out
    return camps


# The rules below run one run at a time: with a dozen nations the matrices are tiny, and a
# loop over one run's nations is far cheaper than many batched passes over (B, N, N) arrays.


@kernel
def _split_kernel(
    relations: np.ndarray,
    active: np.ndarray,
    power: np.ndarray,
    lead: np.ndarray,
    threshold: float,
) -> np.ndarray:
    """(B, N) camps of every run: the spectral sides, then `_cohesive_run`."""
    b, n = active.shape
    camps = np.zeros((b, n), dtype=np.int8)
    mask = np.empty((n, n), dtype=np.bool_)
    flags, values, codes = _workspace(n)
    for r in range(b):
        _mask_of(active[r], mask)
        _spectral_camps(
            relations[r], active[r], mask, power[r], lead[r], threshold, camps[r], values, codes
        )
        _cohesive_run(camps[r], relations[r], mask, power[r], threshold, flags, values, codes)
    return camps


@kernel
def _cohesive_kernel(
    camps: np.ndarray,
    relations: np.ndarray,
    mask: np.ndarray,
    power: np.ndarray,
    threshold: float,
) -> None:
    """`_cohesive_run` for every run, in place on `camps`."""
    flags, values, codes = _workspace(camps.shape[1])
    for r in range(camps.shape[0]):
        _cohesive_run(camps[r], relations[r], mask[r], power[r], threshold, flags, values, codes)


@kernel
def _workspace(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scratch rows reused run after run (allocating them per run would cost more than the
    rules): five of flags, two of numbers, two of camp codes."""
    return np.zeros((5, n), dtype=np.bool_), np.zeros((2, n)), np.zeros((2, n), dtype=np.int8)


@kernel
def _mask_of(active: np.ndarray, mask: np.ndarray) -> None:
    """mask[i, j]: i and j both active and distinct (the pairs whose ties count)."""
    n = active.shape[0]
    for i in range(n):
        for j in range(n):
            mask[i, j] = active[i] and active[j] and i != j


@kernel
def _row_sum(values: np.ndarray) -> float:
    """The sum of a row in numpy's order, so a mean is the same to the bit as numpy's `sum`
    over the last axis: a pairwise sum in blocks of eight, a row longer than 128 halved on
    a multiple of eight first (a scenario holds at most 200 nations, so once is enough).
    numpy's reduction starts from add's identity, +0.0, which changes nothing but the sign
    of a zero: a row of -0.0 sums to +0.0."""
    n = values.shape[0]
    if n <= 128:
        return 0.0 + _block_sum(values, 0, n)
    half = n // 2 - (n // 2) % 8
    return 0.0 + (_block_sum(values, 0, half) + _block_sum(values, half, n))


@kernel
def _block_sum(values: np.ndarray, start: int, stop: int) -> float:
    """numpy's pairwise sum of values[start:stop], at most 128 of them."""
    n = stop - start
    if n < 8:
        total = 0.0
        for i in range(start, stop):
            total += values[i]
        return total
    v = values[start:stop]
    a0, a1, a2, a3 = v[0], v[1], v[2], v[3]
    a4, a5, a6, a7 = v[4], v[5], v[6], v[7]
    i = 8
    while i < n - n % 8:
        a0, a1, a2, a3 = a0 + v[i], a1 + v[i + 1], a2 + v[i + 2], a3 + v[i + 3]
        a4, a5, a6, a7 = a4 + v[i + 4], a5 + v[i + 5], a6 + v[i + 6], a7 + v[i + 7]
        i += 8
    total = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
    while i < n:
        total += v[i]
        i += 1
    return total


@kernel
def _any(flags: np.ndarray) -> bool:
    """Whether any flag is set (a loop: cheaper to compile than numpy's `any`)."""
    for i in range(flags.shape[0]):  # noqa: SIM110 - a generator would not compile
        if flags[i]:
            return True
    return False


@kernel
def _first_max(values: np.ndarray, keep: np.ndarray) -> int:
    """argmax of values where keep holds (-inf elsewhere): the first of the largest."""
    best, at = -np.inf, 0
    for i in range(values.shape[0]):
        v = values[i] if keep[i] else -np.inf
        if i == 0 or v > best:
            best, at = v, i
    return at


@kernel
def _spectral_camps(
    relations: np.ndarray,
    active: np.ndarray,
    mask: np.ndarray,
    power: np.ndarray,
    lead: np.ndarray,
    threshold: float,
    camps: np.ndarray,
    values: np.ndarray,
    codes: np.ndarray,
) -> None:
    """One run's camps from its leading eigenvector: the side of the strongest power is
    camp 1; a nation on a side belongs to it if it is friendly enough to the side's other
    members on average and no friendlier to the other side."""
    n = active.shape[0]
    pole = 0  # the strongest nation (the first of equals)
    for i in range(1, n):
        if power[i] > power[pole]:
            pole = i
    flip = -1.0 if lead[pole] < 0 else 1.0
    side = codes[0]  # 1, 2 or 0 (too close to zero or inactive)
    own_row, other_row = values[0], values[1]  # ties to each side's members, 0 elsewhere
    for j in range(n):
        side[j] = NON_ALIGNED
        v = lead[j] * flip
        if active[j] and v > 1e-9:
            side[j] = CAMP_ONE
        elif active[j] and v < -1e-9:
            side[j] = CAMP_TWO
    for i in range(n):
        camps[i] = NON_ALIGNED
        if side[i] == NON_ALIGNED:
            continue
        own_count, other_count = 0, 0
        for j in range(n):
            own_side = mask[i, j] and side[j] == side[i]
            other_side = mask[i, j] and side[j] != side[i] and side[j] != NON_ALIGNED
            own_row[j] = relations[i, j] if own_side else 0.0
            other_row[j] = relations[i, j] if other_side else 0.0
            own_count += own_side
            other_count += other_side
        # The mean tie to its own side, then (only if that is warm enough) to the other.
        own = _row_sum(own_row) / own_count if own_count > 0 else np.nan
        if own >= threshold:
            other = _row_sum(other_row) / other_count if other_count > 0 else np.nan
            if not other > own:
                camps[i] = side[i]
    # The leading power belongs to its camp whenever it has any friend there.
    if camps[pole] == NON_ALIGNED:
        for j in range(n):
            tie = relations[pole, j] if side[j] == CAMP_ONE and mask[pole, j] else -100.0
            if tie >= threshold:
                camps[pole] = CAMP_ONE
                break


@kernel
def _cohesive_run(
    camps: np.ndarray,
    relations: np.ndarray,
    mask: np.ndarray,
    power: np.ndarray,
    threshold: float,
    flags: np.ndarray,
    values: np.ndarray,
    codes: np.ndarray,
) -> None:
    """One run's camps made truthful, in place (see `keep_camps_cohesive`)."""
    dropped, unplaced = flags[0], flags[4]
    _without_enemies(camps, relations, mask, power, threshold, dropped, flags[1:4], values)
    _second_camp_from(dropped, camps, relations, mask, power, threshold)
    for i in range(camps.shape[0]):
        unplaced[i] = camps[i] == NON_ALIGNED and _any(mask[i])
    _rejoin(unplaced, camps, relations, mask, power, threshold, flags[1], codes[1])


@kernel
def _rejoin(
    unplaced: np.ndarray,
    camps: np.ndarray,
    relations: np.ndarray,
    mask: np.ndarray,
    power: np.ndarray,
    threshold: float,
    waiting: np.ndarray,
    choice: np.ndarray,
) -> None:
    """A nation in no camp joins the camp it fits, if any: friendly enough to its members on
    average (at least `threshold`), hostile to none of them, and no friendlier to the other
    camp. The spectral split can leave a nation on the side it does not fit (Pakistan on
    America's side, with India, while it is warm to China and Russia), or drop it for an
    enemy; this places it by its own ties. The strongest that fits joins first, and the
    others are judged again against the camps it changed (in place on `camps`)."""
    n = camps.shape[0]
    while True:
        for i in range(n):
            waiting[i] = unplaced[i] and camps[i] == NON_ALIGNED
        _fitting_camp(camps, relations, mask, threshold, waiting, choice)
        for i in range(n):
            waiting[i] = waiting[i] and choice[i] > 0
        if not _any(waiting):
            return
        who = _first_max(power, waiting)
        camps[who] = choice[who]


@kernel
def _fitting_camp(
    camps: np.ndarray,
    relations: np.ndarray,
    mask: np.ndarray,
    threshold: float,
    asking: np.ndarray,
    choice: np.ndarray,
) -> None:
    """choice[i]: the camp nation i would fit as the camps stand (0 for none), for the
    nations `asking` (0 for the others): see `_rejoin`. A camp's mean is over its members
    other than i that i has ties with."""
    n = camps.shape[0]
    for i in range(n):
        if not asking[i]:
            choice[i] = NON_ALIGNED
            continue
        mean_one, mean_two, fits_one, fits_two = -np.inf, -np.inf, False, False
        for k in (CAMP_ONE, CAMP_TWO):
            count, total, enemies = 0, 0.0, 0
            for j in range(n):
                if camps[j] != k:
                    continue
                tie = relations[i, j] if mask[i, j] else 0.0
                count += mask[i, j]
                total += tie
                enemies += tie < -threshold
            if count > 0:
                mean = total / count
                fits = mean >= threshold and enemies == 0
                if k == CAMP_ONE:
                    mean_one, fits_one = mean, fits
                else:
                    mean_two, fits_two = mean, fits
        if fits_one and mean_one >= mean_two:
            choice[i] = CAMP_ONE
        elif fits_two and mean_two >= mean_one:
            choice[i] = CAMP_TWO
        else:
            choice[i] = NON_ALIGNED


@kernel
def _without_enemies(
    camps: np.ndarray,
    relations: np.ndarray,
    mask: np.ndarray,
    power: np.ndarray,
    threshold: float,
    dropped: np.ndarray,
    scratch: np.ndarray,
    values: np.ndarray,
) -> None:
    """No camp holds two nations hostile to each other (below -threshold): the split is
    made on the whole network, and where friendship dominates it can put two enemies on
    one side (America and China both friends of everyone else). Until none is left, each
    camp with an enemy pair loses the member, other than its strongest, that is coolest to
    the rest of it. Marks the nations dropped in `dropped` (in place on `camps`)."""
    n = camps.shape[0]
    feuding, inside, here = scratch[0], scratch[1], scratch[2]
    row, warmth = values[0], values[1]
    for i in range(n):
        dropped[i] = False
    for _ in range(n):
        for i in range(n):  # the nations with an enemy in their own camp
            feuding[i] = False
            if camps[i] != NON_ALIGNED:
                for j in range(n):
                    if camps[j] == camps[i] and mask[i, j] and relations[i, j] < -threshold:
                        feuding[i] = True
                        break
        if not _any(feuding):
            break
        for camp in (CAMP_ONE, CAMP_TWO):
            for i in range(n):
                inside[i] = camps[i] == camp
                here[i] = feuding[i] and inside[i]
            if not _any(here):
                continue
            here[_first_max(power, inside)] = False
            for i in range(n):
                count = 0
                for j in range(n):
                    pair = inside[i] and inside[j] and mask[i, j]
                    row[j] = relations[i, j] if pair else 0.0
                    count += pair
                warmth[i] = _row_sum(row) / max(count, 1)
            coolest, least = 0, np.inf
            for i in range(n):
                if here[i] and warmth[i] < least:
                    coolest, least = i, warmth[i]
            camps[coolest] = NON_ALIGNED
            dropped[coolest] = True


@kernel
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
    n = camps.shape[0]
    order = np.empty(n, dtype=np.int64)  # the dropped nations, strongest first
    size = 0
    for i in range(n):
        if camps[i] == CAMP_TWO:
            return
        if dropped[i]:
            at = size  # insert after every one at least as strong (equals keep their order)
            while at > 0 and power[i] > power[order[at - 1]]:
                order[at] = order[at - 1]
                at -= 1
            order[at] = i
            size += 1
    if size < 2:
        return
    members = np.zeros(n, dtype=np.bool_)
    members[order[0]] = True
    joined = 1
    for k in range(1, size):
        who = order[k]
        friendly = True
        for j in range(n):
            if members[j] and mask[who, j] and not relations[who, j] >= threshold:
                friendly = False
                break
        if friendly:
            members[who] = True
            joined += 1
    if joined >= 2:
        for j in range(n):
            if members[j]:
                camps[j] = CAMP_TWO


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
