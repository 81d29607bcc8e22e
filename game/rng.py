"""Counter-based random numbers for a batch of runs, derived from (seed, turn).

Each run of a batch draws from its own stream, a pure function of its seed, the turn and
the position of the draw. So a run gives the same numbers whether it is stepped alone or
among 10,000 others, and a replay needs only the seed and the orders. The numbers are
SplitMix64 of a key made from the run's base and the draw's counter; one compiled loop
makes a whole draw (every run, every position) in a single pass, with the 64-bit integer
arithmetic wrapping as in C.
"""

from __future__ import annotations

import numpy as np

from game.kernels import kernel

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TURN = np.uint64(0xD1B54A32D192ED03)
_S11, _S27, _S30, _S31 = np.uint64(11), np.uint64(27), np.uint64(30), np.uint64(31)
_UNIT = 1.0 / (1 << 53)  # a 53-bit integer times this is a float in [0, 1), exactly
_TWO_PI = 2.0 * np.pi  # as numpy's `2.0 * np.pi * u` has it: the constant first


@kernel
def _splitmix(x):
    """SplitMix64's finaliser of one uint64 (wrapping arithmetic)."""
    z = x + _GOLDEN
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return z ^ (z >> _S31)


@kernel
def _bases(seeds, turn):
    """(B,) each run's base for the turn: splitmix(splitmix(seed) ^ (turn + 1) * _TURN)."""
    out = np.empty(seeds.size, dtype=np.uint64)
    salt = (np.uint64(turn) + np.uint64(1)) * _TURN
    for b in range(seeds.size):
        out[b] = _splitmix(_splitmix(seeds[b]) ^ salt)
    return out


@kernel
def _key(counter):
    """The key of the draw at `counter` (a uint64), shared by every run's stream."""
    return counter * _GOLDEN + _MIX2


@kernel
def _uniform(base, key):
    """The uniform float in [0, 1) of a run's `base` at a draw's `key`: the top 53 bits."""
    return np.float64(_splitmix(base ^ key) >> _S11) * _UNIT


@kernel
def _draw(base, start, positions, floats):
    """(B, P) the numbers at counters start + positions: uint64 bits, or (floats) uniform
    floats in [0, 1) from their top 53 bits."""
    b_count, p_count = base.size, positions.size
    keys = np.empty(p_count, dtype=np.uint64)
    for p in range(p_count):
        keys[p] = _key(np.uint64(positions[p]) + np.uint64(start))
    if floats:
        uniform = np.empty((b_count, p_count), dtype=np.float64)
        for b in range(b_count):
            for p in range(p_count):
                uniform[b, p] = _uniform(base[b], keys[p])
        return uniform, np.empty((0, 0), dtype=np.uint64)
    bits = np.empty((b_count, p_count), dtype=np.uint64)
    for b in range(b_count):
        for p in range(p_count):
            bits[b, p] = _splitmix(base[b] ^ keys[p])
    return np.empty((0, 0), dtype=np.float64), bits


def as_seeds(seeds: int | np.ndarray | list[int]) -> np.ndarray:
    """Seeds as a 1-D uint64 array (negative ints wrap, as in C)."""
    array = np.atleast_1d(np.asarray(seeds, dtype=np.int64 if np.ndim(seeds) == 0 else None))
    return array.astype(np.uint64)


class TurnRng:
    """The random numbers of one turn for every run of a batch.

    Draws must happen in the same order and with the same shapes whatever the batch
    holds; phases therefore draw for all events or pairs, never for a data-dependent subset.
    """

    def __init__(self, seeds: np.ndarray, turn: int) -> None:
        self._base = _bases(np.ascontiguousarray(seeds, dtype=np.uint64), turn)
        self._drawn = 0

    @property
    def batch(self) -> int:
        return int(self._base.shape[0])

    def bits(self, *shape: int) -> np.ndarray:
        start = self.reserve(*shape)
        count = self._drawn - start
        _, bits = _draw(self._base, start, np.arange(count, dtype=np.int64), False)
        return bits.reshape((self.batch, *shape))

    def uniform(self, *shape: int) -> np.ndarray:
        """Floats in [0, 1) of shape (batch, *shape)."""
        start = self.reserve(*shape)
        count = self._drawn - start
        return self.uniform_at(start, np.arange(count, dtype=np.int64)).reshape(
            (self.batch, *shape)
        )

    def normal(self, *shape: int, bound: float = 3.0) -> np.ndarray:
        """Standard normal draws clipped to ±bound (Box–Muller), shape (batch, *shape): two
        uniform draws of the shape, one after the other, paired position by position."""
        start = self.reserve(*shape)
        count = self._drawn - start
        self.reserve(*shape)
        positions = np.arange(count, dtype=np.int64)
        return self.normal_at(start, count, positions, bound).reshape((self.batch, *shape))

    def reserve(self, *shape: int) -> int:
        """Advance past a draw of `shape` without computing it; return where it starts.

        Phases that need only part of a draw (the events in their window, the pairs that
        exist) reserve the whole draw, so later draws keep their place in the stream, and
        compute just the positions they use with `uniform_at` / `normal_at`.
        """
        start = self._drawn
        self._drawn += int(np.prod(shape)) if shape else 1
        return start

    def uniform_at(self, start: int, positions: np.ndarray) -> np.ndarray:
        """(batch, len(positions)): the values `uniform` would give at these flat positions
        of the draw reserved at `start`, bit for bit."""
        places = np.ascontiguousarray(positions, dtype=np.int64).reshape(-1)
        uniform, _ = _draw(self._base, start, places, True)
        return uniform

    def normal_at(
        self, start: int, count: int, positions: np.ndarray, bound: float = 3.0
    ) -> np.ndarray:
        """Like `uniform_at` for a `normal` draw of `count` values reserved as 2 × count."""
        log_part, cos_part = self.normal_parts_at(start, count, positions)
        out = np.empty(log_part.shape)
        normals_of(log_part, cos_part, bound, out)
        return out

    def normal_parts_at(
        self, start: int, count: int, positions: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """`normal_at`'s numbers before their last step, (batch, len(positions)) each:
        log1p(-u1) and cos(2π u2), the two functions numpy must compute (their last bits
        differ in compiled code). `normal_of` finishes each number; a compiled loop that
        reads the draws can finish them where it reads them, saving passes."""
        places = np.ascontiguousarray(positions, dtype=np.int64).reshape(-1)
        log_arg, cos_arg = _box_muller_args(self._base, start, count, places)
        return np.log1p(log_arg), np.cos(cos_arg)


@kernel
def _box_muller_args(base, start, count, positions):
    """(B, P) each: -u1 and 2π u2, the uniform floats at counters start + positions and
    start + count + positions (as `_draw` makes them), ready for numpy's log1p and cos.
    The negation is exact and the product is numpy's `2.0 * np.pi * u2`, to the bit."""
    b_count, p_count = base.size, positions.size
    first = np.empty(p_count, dtype=np.uint64)
    second = np.empty(p_count, dtype=np.uint64)
    for p in range(p_count):
        place = np.uint64(positions[p]) + np.uint64(start)
        first[p] = _key(place)
        second[p] = _key(place + np.uint64(count))
    log_arg = np.empty((b_count, p_count), dtype=np.float64)
    cos_arg = np.empty((b_count, p_count), dtype=np.float64)
    for b in range(b_count):
        for p in range(p_count):
            log_arg[b, p] = -_uniform(base[b], first[p])
            cos_arg[b, p] = _TWO_PI * _uniform(base[b], second[p])
    return log_arg, cos_arg


@kernel
def normal_of(log_part, cos_part, bound):
    """One Box–Muller number from its parts (`normal_parts_at`): sqrt(-2 log1p(-u1)) times
    cos(2π u2), clipped to ±bound as numpy's `clip` does (NaN passes through)."""
    x = np.sqrt(-2.0 * log_part) * cos_part
    x = x if (x > -bound or np.isnan(x)) else -bound
    return x if (x < bound or np.isnan(x)) else bound


@kernel
def normals_of(log_part, cos_part, bound, out):
    """`normal_of` for every number of the parts, into `out`."""
    for b in range(out.shape[0]):
        for p in range(out.shape[1]):
            out[b, p] = normal_of(log_part[b, p], cos_part[b, p], bound)
