"""Stop a batch once its answer is as precise as asked: `simulate --runs N --precision P`.

"How often does Pakistan end closer to Moscow than to Washington?" is a share of runs, and
its 95% interval narrows with the square root of the runs: ±5 points needs a few hundred
runs, ±1 point nearly ten thousand. So rather than a fixed N, the runs are played in
blocks of seeds in order (small ones first, then larger ones, which cost less per run),
and the batch stops after the first blocks whose every "closer to" share at the end,
and its reverse, is known to ±P points. N is then the most runs played.

The blocks and the rule depend only on the seeds, so the stopping point and the summary
are the same for any number of workers or a Dask cluster: workers may play ahead, but a
block counts only once every block before it has, and blocks played past the stopping
point are dropped.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator

import numpy as np

from game.batch.parallel import Played
from game.batch.summary import Partial
from game.batch.tournament import wilson_interval

# Runs per block, in order: small first, so a rough answer comes quickly; then 500, which
# the engine plays nearly as cheaply per run as larger blocks, and which lets a batch stop
# within 500 runs of the point where it is precise enough. Every later block has the last
# size.
BLOCK_SIZES = (250, 250, 250, 250, 500)
MIN_POINTS, MAX_POINTS = 0.1, 50


def block_sizes() -> Iterator[int]:
    """Runs per block, in order, without end: BLOCK_SIZES, then its last size again."""
    yield from BLOCK_SIZES
    yield from itertools.repeat(BLOCK_SIZES[-1])


def precision_blocks(seeds: np.ndarray) -> list[np.ndarray]:
    """The seeds cut into blocks of `block_sizes`, in order (the last may be shorter)."""
    blocks, start, sizes = [], 0, block_sizes()
    while start < len(seeds):
        size = next(sizes)
        blocks.append(seeds[start : start + size])
        start += size
    return blocks


def widest_margin(partial: Partial) -> float | None:
    """The largest distance, in points, from a 'closer to' share at the end (either way
    round) to the far end of its 95% Wilson interval; None when no two chosen pairs both
    exist at the end of any run yet."""
    widest = None
    for c in range(partial.compare_runs.shape[1]):
        runs = int(partial.compare_runs[-1, c])
        if not runs:
            continue
        for count in (partial.compare_first[-1, c], partial.compare_second[-1, c]):
            share = int(count) / runs
            low, high = wilson_interval(int(count), runs)
            margin = 100.0 * max(share - low, high - share)
            widest = margin if widest is None else max(widest, margin)
    return widest


def block_end(runs: int, most: int) -> int:
    """The first end of a block at or after `runs` (the batch can only stop there), at
    most `most`."""
    end, sizes = 0, block_sizes()
    while end < min(runs, most):
        end += next(sizes)
    return min(end, most)


def runs_needed(margin: float, runs: int, points: float) -> int:
    """About how many runs bring a margin of `margin` points after `runs` runs down to
    `points`: a margin shrinks with the square root of the runs."""
    return math.ceil(runs * (margin / points) ** 2)


def merge_until_precise(
    played: Iterator[Played],
    merged: Partial,
    points: float,
    report: Callable[[float | None, int], None] | None = None,
) -> tuple[Partial, float | None]:
    """Merge numbered blocks into `merged` in index order, whatever order they arrive in;
    after each, stop (closing `played`) if the widest margin is within `points`; `report`
    hears the margin and the runs counted. Returns the merged partial and its margin."""
    waiting: dict[int, Partial] = {}
    counted = 0
    margin = None
    try:
        for index, partial in played:
            waiting[index] = partial
            while counted in waiting:
                merged.merge(waiting.pop(counted))
                counted += 1
                margin = widest_margin(merged)
                if report is not None:
                    report(margin, merged.runs)
                if margin is not None and margin <= points:
                    return merged, margin
    finally:
        close = getattr(played, "close", None)
        if close is not None:
            close()
    return merged, margin
