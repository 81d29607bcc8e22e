"""The legal options of one action, picked out of full (B, N, X) arrays.

Most options are illegal most of the time (a tenth or so are legal in a large batch), and an
illegal option's value is never looked at. So the AI values only the legal ones: every
array it needs is read at those options into a flat (K,) or (K, W) array, and the same
elementwise arithmetic runs on a tenth of the numbers. Elementwise operations do not
depend on the shape they run in, so the picked results are bit for bit the full ones.
"""

from __future__ import annotations

import numpy as np

from game.kernels import kernel


def every(values: np.ndarray) -> np.ndarray:
    """Every option: the arrays as they are (the full-size counterpart of LegalOptions)."""
    return values


def options_of(at: object, shape: tuple[int, int, int], cache: dict) -> tuple[np.ndarray, ...]:
    """(runs, actors, targets, flat position) of the options `at` picks (a LegalOptions),
    or of every option of `shape` when `at` is `every` (made once, kept in `cache`)."""
    if at is not every:
        return at.options  # type: ignore[attr-defined]
    key = ("every option", shape)
    if key not in cache:
        cache[key] = every_option(shape)
    return cache[key]


def every_option(shape: tuple[int, int, int]) -> tuple[np.ndarray, ...]:
    """(runs, actors, targets, flat position) of every option of a (B, N, X) shape, in C
    order: LegalOptions.options when every option is picked."""
    flat = np.arange(shape[0] * shape[1] * shape[2], dtype=np.int64)
    return (*(axis.astype(np.int64, copy=False) for axis in np.unravel_index(flat, shape)), flat)


class LegalOptions:
    """Reads arrays broadcastable to (B, N, X), or (B, N, X, W), at the legal options, in C
    order (run, actor, target): (K,) or (K, W) arrays."""

    def __init__(self, legal: np.ndarray) -> None:
        legal = np.ascontiguousarray(legal, dtype=np.bool_)
        self._hold(legal.shape, _legal_options(legal, int(np.count_nonzero(legal))))

    @classmethod
    def of(cls, shape: tuple[int, ...], options: tuple[np.ndarray, ...]) -> LegalOptions:
        """The options of a (B, N, X) mask already listed, as `options` holds them: what
        the legality pass finds (game.condition_loop), with no second pass over the mask."""
        picks = cls.__new__(cls)
        picks._hold(shape, options)
        return picks

    def _hold(self, shape: tuple[int, ...], options: tuple[np.ndarray, ...]) -> None:
        self.shape = tuple(shape)
        runs, actors, targets, self.where = options
        self.coordinates = (runs, actors, targets)
        # (runs, actors, targets, flat position) of each option: (K,) int64 arrays, in C
        # order, for the compiled loops that read the turn's arrays at the options.
        self.options = (runs, actors, targets, self.where)
        self._index: dict[tuple[bool, ...], np.ndarray] = {}
        self._read: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def forget(self) -> None:
        """Drop the arrays read so far (they can be as large as the batch): call it once an
        action is valued."""
        self._read.clear()

    def __len__(self) -> int:
        return len(self.where)

    def __call__(self, values: np.ndarray | float) -> np.ndarray:
        if isinstance(values, np.ndarray) and id(values) in self._read:
            return self._read[id(values)][1]  # the same array read again (e.g. `own`)
        values = np.asarray(values)
        if values.ndim < 3:  # a scalar, or trailing axes only: the same for every option
            return values
        picked = self._pick(values)
        self._read[id(values)] = (values, picked)  # holding `values` keeps its id unique
        return picked

    def _pick(self, values: np.ndarray) -> np.ndarray:
        # Axes of length 1 (or broadcast, stride 0) are read once, not once per option.
        full = tuple(
            size > 1 and stride != 0
            for size, stride in zip(values.shape[:3], values.strides[:3], strict=True)
        )
        base = values[tuple(slice(None) if whole else slice(0, 1) for whole in full)]
        rows = np.ascontiguousarray(base).reshape(-1, *values.shape[3:])
        return rows.take(self._flat(full), axis=0)

    def _flat(self, full: tuple[bool, ...]) -> np.ndarray:
        """Index of each legal option into an array whose axes are `full` (else length 1)."""
        if full not in self._index:
            flat = np.zeros(len(self.where), dtype=np.int64)
            for axis, whole in enumerate(full):
                if whole:
                    flat = flat * self.shape[axis] + self.coordinates[axis]
            self._index[full] = flat
        return self._index[full]

    def spread(self, picked: np.ndarray, fill: float) -> np.ndarray:
        """The (B, N, X) array holding `picked` at the legal options and `fill` elsewhere."""
        out = np.full(self.shape, fill)
        out.reshape(-1)[self.where] = picked
        return out

    def find(self, runs: np.ndarray, actors: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """Positions in the picked arrays of the given options (which must be legal)."""
        _, n, width = self.shape
        flat = (runs * n + actors) * width + targets
        found = np.minimum(np.searchsorted(self.where, flat), max(len(self.where) - 1, 0))
        if len(flat) and (not len(self.where) or (self.where[found] != flat).any()):
            raise ValueError("an option that is not legal has no picked values")
        return found


@kernel
def _legal_options(
    legal: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The `count` legal options of a (B, N, X) mask in C order: their runs, actors,
    targets and flat positions, (K,) each (np.flatnonzero and np.unravel_index in one
    pass)."""
    b_count, n, width = legal.shape
    flat = legal.reshape(-1)
    runs = np.empty(count, dtype=np.int64)
    actors = np.empty(count, dtype=np.int64)
    targets = np.empty(count, dtype=np.int64)
    where = np.empty(count, dtype=np.int64)
    k = 0
    at = 0
    for b in range(b_count):
        for i in range(n):
            for x in range(width):
                if flat[at]:
                    runs[k], actors[k], targets[k], where[k] = b, i, x, at
                    k += 1
                at += 1
    return runs, actors, targets, where


def cells_and_steps(values: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """values broadcastable to (B, N, X), for the compiled loops that read them at
    options: the cells of their contiguous (B or 1, N or 1, X or 1) form (a broadcast
    axis is kept once), flat, and the step along each axis, 0 along one of length 1:
    option (b, i, x) reads cells[b * steps[0] + i * steps[1] + x * steps[2]]."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim < 3:
        values = values.reshape((1,) * (3 - values.ndim) + values.shape)
    if values.flags.c_contiguous:  # the common case: no axis is broadcast (stride 0)
        _, n, x = values.shape
        steps = np.array([n * x if len(values) > 1 else 0, x if n > 1 else 0, 1 if x > 1 else 0])
        return values.reshape(-1), steps
    whole = [
        size > 1 and stride != 0 for size, stride in zip(values.shape, values.strides, strict=True)
    ]
    cells = np.ascontiguousarray(values[tuple(slice(None) if w else slice(0, 1) for w in whole)])
    _, n, x = cells.shape
    steps = np.array([n * x if whole[0] else 0, x if whole[1] else 0, 1 if whole[2] else 0])
    return cells.reshape(-1), steps
