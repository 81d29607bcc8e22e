"""Drawing one option per run from non-negative odds with a single uniform number.

Shared by the events phase (options in proportion to their ai_weight) and the AI's event
answers (the same odds tilted by each option's value), so both read a draw the same way.

An event has a handful of options, and numpy's reductions along such short rows cost more
than the arithmetic; the rows are summed column by column instead, left to right, the very
order numpy's own sum takes for fewer than `PAIRWISE` numbers, so the shares are the same.
"""

from __future__ import annotations

import numpy as np

PAIRWISE = 8  # from this many columns on numpy sums in blocks: its own sum is used


def normalise_odds(odds: np.ndarray) -> np.ndarray:
    """(B, K) each option's share of its row's non-negative odds; equal shares where all
    of a row's odds are 0."""
    total = row_sums(odds)[:, None]
    positive = total > 0
    return np.where(positive, odds / np.where(positive, total, 1.0), 1.0 / odds.shape[1])


def row_sums(values: np.ndarray) -> np.ndarray:
    """(B,) sum of each row of (B, K) `values`, as `values.sum(axis=1)` gives it."""
    count = values.shape[1]
    if count >= PAIRWISE or count == 0:
        return values.sum(axis=1)
    total = values[:, 0]
    for k in range(1, count):
        total = total + values[:, k]
    return total


def draw_option(shares: np.ndarray, draw: np.ndarray) -> np.ndarray:
    """(B,) int8 option whose cumulative share first exceeds the run's uniform draw."""
    count = shares.shape[1]
    if count == 0 or count >= PAIRWISE:
        cumulative = np.cumsum(shares, axis=1)
        below = (draw[:, None] >= cumulative).sum(axis=1)
    else:  # the running sum cumsum takes, a column at a time; the count is exact
        running = shares[:, 0]
        below = (draw >= running).astype(np.int64)
        for k in range(1, count):
            running = running + shares[:, k]
            below = below + (draw >= running)
    return np.minimum(below, count - 1).astype(np.int8)
