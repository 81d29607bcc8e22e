"""Drawing one option per run from non-negative odds with a single uniform number.

Shared by the events phase (options in proportion to their ai_weight) and the AI's event
answers (the same odds tilted by each option's value), so both read a draw the same way.

An event has a handful of options, and numpy's reductions along such short rows cost more
than the arithmetic; the rows are summed column by column instead, left to right, the very
order numpy's own sum takes for fewer than `PAIRWISE` numbers, so the shares are the same.
"""

from __future__ import annotations

import numpy as np

from game.kernels import kernel

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
    out = np.empty(shares.shape[0], dtype=np.int8)
    _draw_rows(shares, draw, out)
    return out


@kernel
def _draw_rows(shares: np.ndarray, draws: np.ndarray, out: np.ndarray) -> None:
    for r in range(shares.shape[0]):
        out[r] = pick(shares[r], draws[r])


@kernel
def pick(shares: np.ndarray, draw: float) -> int:
    """The option whose cumulative share first exceeds `draw` (the last if none does): a
    compiled loop can draw one run's option with it."""
    count = shares.shape[0]
    cumulative, below = 0.0, 0
    for k in range(count):
        cumulative += shares[k]
        below += draw >= cumulative
    return min(below, count - 1)
