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
def _draw(base, start, positions, floats):
    """(B, P) the numbers at counters start + positions: uint64 bits, or (floats) uniform
    floats in [0, 1) from their top 53 bits."""
    b_count, p_count = base.size, positions.size
    keys = np.empty(p_count, dtype=np.uint64)
    for p in range(p_count):
        keys[p] = (np.uint64(positions[p]) + np.uint64(start)) * _GOLDEN + _MIX2
    if floats:
        uniform = np.empty((b_count, p_count), dtype=np.float64)
        for b in range(b_count):
            for p in range(p_count):
                uniform[b, p] = np.float64(_splitmix(base[b] ^ keys[p]) >> _S11) * _UNIT
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
        """Standard normal draws clipped to ±bound (Box–Muller), shape (batch, *shape)."""
        u1 = self.uniform(*shape)
        u2 = self.uniform(*shape)
        return _box_muller(u1, u2, bound)

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
        u1 = self.uniform_at(start, positions)
        u2 = self.uniform_at(start + count, positions)
        return _box_muller(u1, u2, bound)


def _box_muller(u1: np.ndarray, u2: np.ndarray, bound: float) -> np.ndarray:
    # numpy's own log1p and cos, not compiled ones: their last bits differ, and the draws
    # must be the same numbers on every path.
    radius = np.sqrt(-2.0 * np.log1p(-u1))
    return np.clip(radius * np.cos(2.0 * np.pi * u2), -bound, bound)
