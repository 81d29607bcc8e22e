"""Counter-based random numbers for a batch of runs, derived from (seed, turn).

Each run of a batch draws from its own stream, a pure function of its seed, the turn and
the position of the draw. So a run gives the same numbers whether it is stepped alone or
among 10,000 others, and a replay needs only the seed and the orders. SplitMix64 on
uint64 arrays is fast and fully vectorised (no Python loop over runs).
"""

from __future__ import annotations

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TURN = np.uint64(0xD1B54A32D192ED03)


def _splitmix(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = x + _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * _MIX1
        z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


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
        with np.errstate(over="ignore"):
            self._base = _splitmix(
                _splitmix(seeds.astype(np.uint64)) ^ (np.uint64(turn + 1) * _TURN)
            )
        self._drawn = 0

    @property
    def batch(self) -> int:
        return int(self._base.shape[0])

    def bits(self, *shape: int) -> np.ndarray:
        count = int(np.prod(shape)) if shape else 1
        counter = np.arange(self._drawn, self._drawn + count, dtype=np.uint64)
        self._drawn += count
        with np.errstate(over="ignore"):
            keys = self._base[:, None] ^ (counter[None, :] * _GOLDEN + _MIX2)
        return _splitmix(keys).reshape((self.batch, *shape))

    def uniform(self, *shape: int) -> np.ndarray:
        """Floats in [0, 1) of shape (batch, *shape)."""
        return (self.bits(*shape) >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))

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
        counter = np.asarray(positions, dtype=np.uint64) + np.uint64(start)
        with np.errstate(over="ignore"):
            keys = self._base[:, None] ^ (counter[None, :] * _GOLDEN + _MIX2)
        return (_splitmix(keys) >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))

    def normal_at(
        self, start: int, count: int, positions: np.ndarray, bound: float = 3.0
    ) -> np.ndarray:
        """Like `uniform_at` for a `normal` draw of `count` values reserved as 2 × count."""
        u1 = self.uniform_at(start, positions)
        u2 = self.uniform_at(start + count, positions)
        return _box_muller(u1, u2, bound)


def _box_muller(u1: np.ndarray, u2: np.ndarray, bound: float) -> np.ndarray:
    radius = np.sqrt(-2.0 * np.log1p(-u1))
    return np.clip(radius * np.cos(2.0 * np.pi * u2), -bound, bound)
