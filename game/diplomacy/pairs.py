"""The sum of a turn's action effects over every (actor, target) pair of every run.

Effects run the other way from reads (`game.diplomacy.roles`): a (B, N, X) contribution
is summed back onto the state's arrays (the scatter mirrors the read), so simultaneous
actions of many nations add up and the result does not depend on the order in which
nations are handled. `Changes` applies the sums keeping every range and symmetry of the
field table (`game.fields`).
"""

from __future__ import annotations

import numpy as np

from game.diplomacy.roles import (
    FIXED,
    OTHER_ROLE,
    PLACE_OF_ROLE,
    SELF_ROLE,
    SELF_WHO,
    TARGET_ROLE,
    CompiledEffect,
    PairContext,
    Value,
    Who,
    gather_pairs,
    nation_at,
    pair_read,
    role_compiler,
)
from game.fields import PAIR_FIELDS, STAT_HIGH, STAT_LOW
from game.kernels import kernel
from game.state import State
from game.ties import KNEE, saturated, saturation_exponent

# Names read through this module before the reading side moved to game.diplomacy.roles.
__all__ = [
    "FIXED",
    "OTHER_ROLE",
    "SELF_ROLE",
    "SELF_WHO",
    "TARGET_ROLE",
    "CompiledEffect",
    "PairContext",
    "Value",
    "Who",
    "gather_pairs",
    "pair_read",
    "role_compiler",
    "Changes",
    "SATURATING",
    "scatter_nation",
    "scatter_pair",
]
BASELINE_REACH = 50.0


def scatter_pair(
    delta: np.ndarray, a: Who, b: Who, contribution: np.ndarray, ctx: PairContext
) -> None:
    """Add contribution (B, N, X) onto delta[run, a, b] (B, N, N): the inverse of pair_read."""
    key = (a.role, b.role)
    if a.role == b.role and a.role in (SELF_ROLE, TARGET_ROLE):
        return  # a nation's tie with itself does not change
    if key == (SELF_ROLE, TARGET_ROLE):
        delta += contribution
    elif key == (TARGET_ROLE, SELF_ROLE):
        delta += contribution.transpose(0, 2, 1)
    elif key == (SELF_ROLE, FIXED):
        delta[:, :, b.index] += contribution.sum(axis=2)
    elif key == (TARGET_ROLE, FIXED):
        delta[:, :, b.index] += contribution.sum(axis=1)
    elif key == (FIXED, SELF_ROLE):
        delta[:, a.index, :] += contribution.sum(axis=2)
    elif key == (FIXED, TARGET_ROLE):
        delta[:, a.index, :] += contribution.sum(axis=1)
    elif key == (FIXED, FIXED):
        delta[:, a.index, b.index] += contribution.sum(axis=(1, 2))
    else:
        b_count, n, _ = delta.shape
        runs = np.arange(b_count)[:, None, None]
        flat = (runs * n + a.positions(ctx)) * n + b.positions(ctx)
        flat, weights = np.broadcast_arrays(flat, contribution)
        delta += np.bincount(flat.ravel(), weights.ravel(), minlength=delta.size).reshape(
            delta.shape
        )


def scatter_nation(delta: np.ndarray, a: Who, contribution: np.ndarray, ctx: PairContext) -> None:
    """Add contribution (B, N, X) onto delta[run, a] (B, N)."""
    if a.role == SELF_ROLE:
        delta += contribution.sum(axis=2)
    elif a.role == TARGET_ROLE:
        delta += contribution.sum(axis=1)
    elif a.role == FIXED:
        delta[:, a.index] += contribution.sum(axis=(1, 2))
    else:
        b_count, n = delta.shape
        flat = np.arange(b_count)[:, None, None] * n + ctx.other
        flat, weights = np.broadcast_arrays(flat, contribution)
        delta += np.bincount(flat.ravel(), weights.ravel(), minlength=delta.size).reshape(
            delta.shape
        )


SATURATING = {"relation": 100.0, "baseline": BASELINE_REACH}
# Role pairs whose cell is one per picked option (the actor's tie with its target, either way).
_SPARSE_PAIRS = ((SELF_ROLE, TARGET_ROLE), (TARGET_ROLE, SELF_ROLE))
_COUNTED = {"sanction": "sanction_on", "lift_sanction": "sanction_off", "peace": "peace"}


class Changes:
    """Every change the turn's actions make, summed before any is applied."""

    PAIRS = tuple(PAIR_FIELDS)  # relation, baseline, trade, aid: in this order

    def __init__(self, state: State) -> None:
        b, n = state.active.shape
        pair = ((b, n, n), np.float64)
        # Arrays of zeros made when first touched: a turn's actions touch few of them.
        self.pairs = _Zeros(dict.fromkeys(self.PAIRS, pair))
        self._other = _Zeros(
            {
                "stats": (state.stats.shape, np.float64),
                "sanction_on": pair,
                "sanction_off": pair,
                "peace": pair,
                "join": (state.members.shape, bool),
                "leave": (state.members.shape, bool),
                "flags_on": (state.flags.shape, bool),
                "flags_off": (state.flags.shape, bool),
            }
        )

    def __getattr__(self, name: str) -> np.ndarray:
        if name != "_other" and name in self._other.shapes:
            return self._other[name]
        raise AttributeError(name)

    def touched(self, *names: str) -> bool:
        return any(name in self._other for name in names)

    def add(self, effect: CompiledEffect, mask: np.ndarray, ctx: PairContext) -> None:
        """Record `effect` for every (run, actor, target) where mask (B, N, X) holds."""
        kind = effect.kind
        if kind in self.PAIRS:
            contribution = np.where(mask, effect.amount(ctx), 0.0)
            scatter_pair(self.pairs[kind], effect.first, effect.second, contribution, ctx)
        elif kind == "stat":
            contribution = np.where(mask, effect.amount(ctx), 0.0)
            scatter_nation(self.stats[:, :, effect.stat], effect.first, contribution, ctx)
        elif kind in ("sanction", "lift_sanction", "peace"):
            array = {
                "sanction": self.sanction_on,
                "lift_sanction": self.sanction_off,
                "peace": self.peace,
            }[kind]
            scatter_pair(array, effect.first, effect.second, mask.astype(np.float64), ctx)
        elif kind in ("join", "leave"):
            array = self.join if kind == "join" else self.leave
            hits = np.zeros(array.shape[0:1] + array.shape[2:] + array.shape[1:2])  # (B, N, T)
            if effect.treaty >= 0:
                column = np.zeros((ctx.batch, ctx.state.active.shape[1]))
                scatter_nation(column, effect.first, mask.astype(np.float64), ctx)
                array[:, effect.treaty, :] |= column > 0
                return
            # The target is the treaty: the nation argument is SELF or a fixed nation.
            if effect.first.role == SELF_ROLE:
                hits += mask
            else:
                hits[:, effect.first.index, :] += mask.sum(axis=1)
            array |= hits.transpose(0, 2, 1) > 0
        else:  # set_flag / clear_flag
            array = self.flags_on if kind == "set_flag" else self.flags_off
            array[:, effect.flag] |= mask.any(axis=(1, 2))

    def add_at(
        self,
        effect: CompiledEffect,
        picks: tuple[np.ndarray, np.ndarray, np.ndarray],
        ctx: PairContext,
    ) -> None:
        """Record `effect` for the picked (runs, actors, targets) options only: the same sums,
        bit for bit, as `add` with a mask holding exactly those, when no actor is picked twice
        (a nation takes an action at most once a turn) and picks come in C order. A turn's few
        actions touch few cells, so this skips most full-size work: one compiled pass reads
        each pick's amount and adds it to its cell."""
        runs, actors, targets = picks
        kind = effect.kind
        if kind in ("set_flag", "clear_flag"):
            array = self.flags_on if kind == "set_flag" else self.flags_off
            array[runs, effect.flag] = True
            return
        first, second = effect.first, effect.second
        if kind in ("join", "leave"):  # yes/no marks: where they land, not in what order
            array = self.join if kind == "join" else self.leave  # (B, T, N)
            if effect.treaty >= 0:
                nations = np.broadcast_to(first.positions(ctx), ctx.shape)[picks]
                array[runs, effect.treaty, nations] = True
            else:  # the target is the treaty; the nation is the actor or a fixed one
                array[runs, targets, actors if first.role == SELF_ROLE else first.index] = True
            return
        if kind in self.PAIRS or kind in _COUNTED:
            if first.role == second.role and first.role in (SELF_ROLE, TARGET_ROLE):
                return  # a nation's tie with itself does not change
            if first.role != FIXED or second.role != FIXED:
                array = self.pairs[kind] if kind in self.PAIRS else getattr(self, _COUNTED[kind])
                amount = effect.amount(ctx) if kind in self.PAIRS else 1.0
                self._add_picked(array, amount, picks, ctx, first, second)
                return
        elif kind == "stat" and first.role != FIXED:
            stat = Who(FIXED, effect.stat)
            self._add_picked(self.stats, effect.amount(ctx), picks, ctx, first, stat)
            return
        # A pair of fixed nations, a fixed nation's stat (summed over whole runs in numpy's
        # order): the full-size way.
        mask = np.zeros(ctx.shape, dtype=bool)
        mask[runs, actors, targets] = True
        self.add(effect, mask, ctx)

    def _add_picked(
        self,
        delta: np.ndarray,
        amount: np.ndarray | float,
        picks: tuple[np.ndarray, np.ndarray, np.ndarray],
        ctx: PairContext,
        first: Who,
        second: Who,
    ) -> None:
        """delta[run, first, second] += amount at each pick: delta (B, N, N) for a tie, or
        the (B, N, S) stats with `second` naming the stat."""
        other = _NO_OTHER if ctx.other is None else ctx.other
        in_order = _add_picked(
            delta,
            np.broadcast_to(amount, ctx.shape),
            *picks,
            other,
            PLACE_OF_ROLE[first.role],
            first.index,
            PLACE_OF_ROLE[second.role],
            second.index,
        )
        if not in_order:
            raise ValueError("picks must come in C order (run by run)")

    def apply(self, state: State) -> None:
        """Apply the summed changes, keeping every range and symmetry the state promises."""
        for kind in self.PAIRS:
            if kind not in self.pairs:
                continue
            tie = PAIR_FIELDS[kind]
            current, delta = getattr(state, tie.attribute), self.pairs[kind]
            updated = np.empty(current.shape)  # filled by the pass, unchanged ties copied
            low, high, symmetric = tie.low, tie.high, tie.symmetric
            if kind in SATURATING:  # numpy's exp between two passes, at the ties it needs
                reach = SATURATING[kind]
                knee = KNEE * reach
                moved, cells, now, steps, exponents = _saturate_ties(
                    updated, current, delta, symmetric, state.active, knee, reach, low, high
                )
                if len(cells):
                    decay = np.exp(exponents)
                    _land_ties(
                        updated.reshape(-1), cells, now, steps, decay, knee, reach, low, high
                    )
            else:
                moved = _move_ties(updated, current, delta, symmetric, state.active, low, high)
            if not moved:
                continue
            setattr(state, tie.attribute, updated)
        # Arrays never touched hold zeros: applying them would change nothing.
        if self.touched("stats"):
            stats = np.array(state.stats, dtype=np.float64)
            if _move_stats(stats, self.stats, state.active, _LOW, _HIGH):
                state.stats = stats
        if self.touched("sanction_on", "sanction_off"):
            sanctions = np.array(state.sanctions, dtype=bool)
            _move_sanctions(sanctions, self.sanction_on, self.sanction_off, state.active)
            state.sanctions = sanctions
        if self.touched("peace"):
            peace = self.peace > 0
            state.war = state.war & ~(peace | peace.transpose(0, 2, 1))
        if self.touched("join", "leave"):
            state.members = (state.members | (self.join & state.active[:, None, :])) & ~self.leave
        if self.touched("flags_on", "flags_off"):
            state.flags = (state.flags | self.flags_on) & ~self.flags_off


@kernel
def _clipped(value: float, low: float, high: float) -> float:
    """numpy's clip of one number: NaN passes, and a bound replaces a value equal to it
    (so -0 clipped at a low bound of 0 becomes 0, as in numpy)."""
    if np.isnan(value):
        return value
    value = value if value > low else low
    return value if value < high else high


@kernel
def _saturate_ties(
    out: np.ndarray,
    current: np.ndarray,
    delta: np.ndarray,
    symmetric: bool,
    active: np.ndarray,
    knee: float,
    reach: float,
    low: float,
    high: float,
) -> tuple[bool, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`_move_ties` for a tie that saturates (`game.ties`): each tie that moves only up to
    its knee is landed here; those that go beyond it need numpy's exp of their exponent,
    so they are returned (flat cell, current value, change, exponent) for `_land_ties`
    (`out` holds their current value until then). Whether any tie changed comes first."""
    b_count, n, _ = delta.shape
    scale = reach - knee
    cells = np.empty(delta.size, dtype=np.int64)
    now = np.empty(delta.size)
    steps = np.empty(delta.size)
    exponents = np.empty(delta.size)
    count = 0
    moved = False
    for b in range(b_count):
        for i in range(n):
            acts = active[b, i]
            for j in range(n):
                value = current[b, i, j]
                if acts and i != j and active[b, j]:
                    step = delta[b, i, j] + delta[b, j, i] if symmetric else delta[b, i, j]
                    if step != 0:
                        moved = True
                        exponent = saturation_exponent(value, step, knee, scale)
                        if exponent < 0.0:  # beyond the knee: the decay is numpy's exp of it
                            cells[count] = (b * n + i) * n + j
                            now[count], steps[count], exponents[count] = value, step, exponent
                            count += 1
                        else:  # no change beyond the knee: the decay, exp(0) = 1, is not used
                            value = _clipped(saturated(value, step, 1.0, knee, reach), low, high)
                out[b, i, j] = value
    return (
        moved,
        cells[:count].copy(),
        now[:count].copy(),
        steps[:count].copy(),
        exponents[:count].copy(),
    )


@kernel
def _land_ties(
    flat: np.ndarray,
    cells: np.ndarray,
    now: np.ndarray,
    steps: np.ndarray,
    decay: np.ndarray,
    knee: float,
    reach: float,
    low: float,
    high: float,
) -> None:
    """The ties `_saturate_ties` left, each landed with its decay and clipped, in place."""
    for k in range(len(cells)):
        landed = saturated(now[k], steps[k], decay[k], knee, reach)
        flat[cells[k]] = _clipped(landed, low, high)


@kernel
def _move_ties(
    out: np.ndarray,
    current: np.ndarray,
    delta: np.ndarray,
    symmetric: bool,
    active: np.ndarray,
    low: float,
    high: float,
) -> bool:
    """out = the ties (B, N, N) after the summed changes, those between two different
    nations that exist moved and kept in [low, high] (a symmetric tie's cell gains both
    directions' changes): one pass, copy included, for a tie that does not saturate.
    Whether any tie changed."""
    b_count, n, _ = delta.shape
    moved = False
    for b in range(b_count):
        for i in range(n):
            acts = active[b, i]
            for j in range(n):
                value = current[b, i, j]
                if acts and i != j and active[b, j]:
                    step = delta[b, i, j] + delta[b, j, i] if symmetric else delta[b, i, j]
                    if step != 0:
                        value = _clipped(value + step, low, high)
                        moved = True
                out[b, i, j] = value
    return moved


_LOW, _HIGH = (np.asarray(bound, dtype=np.float64) for bound in (STAT_LOW, STAT_HIGH))


@kernel
def _move_stats(
    stats: np.ndarray, delta: np.ndarray, active: np.ndarray, low: np.ndarray, high: np.ndarray
) -> bool:
    """Add the summed changes (B, N, S) to the stats of the nations that exist, each kept
    in its range (numpy's clip: NaN passes); in place. Whether any stat changed."""
    b_count, n, count = stats.shape
    moved = False
    for b in range(b_count):
        for i in range(n):
            if not active[b, i]:
                continue
            for s in range(count):
                step = delta[b, i, s]
                if step != 0:
                    value = stats[b, i, s] + step
                    value = low[s] if value < low[s] else value
                    stats[b, i, s] = high[s] if value > high[s] else value
                    moved = True
    return moved


@kernel
def _move_sanctions(
    sanctions: np.ndarray, on: np.ndarray, off: np.ndarray, active: np.ndarray
) -> None:
    """Impose (on > 0) and lift (off > 0, which wins) sanctions between two different
    nations that exist; in place."""
    b_count, n, _ = sanctions.shape
    for b in range(b_count):
        for i in range(n):
            for j in range(n):
                if i != j and active[b, i] and active[b, j]:
                    if off[b, i, j] > 0:
                        sanctions[b, i, j] = False
                    elif on[b, i, j] > 0:
                        sanctions[b, i, j] = True


class _Zeros(dict):
    """name -> array of zeros of the given (shape, dtype), made on first use."""

    def __init__(self, shapes: dict[str, tuple[tuple[int, ...], type]]) -> None:
        super().__init__()
        self.shapes = shapes

    def __missing__(self, name: str) -> np.ndarray:
        shape, dtype = self.shapes[name]
        self[name] = np.zeros(shape, dtype=dtype)
        return self[name]


_NO_OTHER = np.zeros((1, 1, 1), dtype=np.int64)


@kernel
def _add_picked(
    delta: np.ndarray,
    amount: np.ndarray,
    runs: np.ndarray,
    actors: np.ndarray,
    targets: np.ndarray,
    other: np.ndarray,
    first_role: int,
    first_index: int,
    second_role: int,
    second_index: int,
) -> bool:
    """Add each pick's amount (B, N, X) to its cell of delta (B, N, M): the cell of (first,
    second) seen from the pick, each found as `nation_at` finds it (a PLACE_OF_ROLE code
    and the fixed index; `other` the mediations' other parties). As the full-size sums
    do, an effect's picks are summed in pick order onto zero and that sum is then added
    to the cell once: the picks come run by run, so one run's sums are kept at a time.
    Amounts are finite and a delta never holds -0, so a cell whose sum is 0 is left as it
    is, as adding 0 would leave it. False (nothing added) if the picks are not in run order."""
    n, inner = delta.shape[1], delta.shape[2]
    for k in range(1, len(runs)):
        if runs[k] < runs[k - 1]:
            return False
    sums = np.zeros((n, inner))
    start = 0
    while start < len(runs):
        r = runs[start]
        stop = start
        while stop < len(runs) and runs[stop] == r:
            stop += 1
        for step in range(2):  # sum the run's picks, then add each cell's sum once
            for k in range(start, stop):
                a, t = actors[k], targets[k]
                p = nation_at(first_role, first_index, other, r, a, t)
                q = nation_at(second_role, second_index, other, r, a, t)
                if step == 0:
                    sums[p, q] += amount[r, a, t]
                elif sums[p, q] != 0:
                    delta[r, p, q] += sums[p, q]
                    sums[p, q] = 0.0
        start = stop
    return True
