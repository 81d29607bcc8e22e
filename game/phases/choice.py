"""Drawing one option per run from non-negative odds with a single uniform number.

Shared by the events phase (options in proportion to their ai_weight) and the AI's event
answers (the same odds tilted by each option's value), so both read a draw the same way.
"""

from __future__ import annotations

import numpy as np


def normalise_odds(odds: np.ndarray) -> np.ndarray:
    """(B, K) each option's share of its row's non-negative odds; equal shares where all
    of a row's odds are 0."""
    total = odds.sum(axis=1, keepdims=True)
    return np.where(total > 0, odds / np.where(total > 0, total, 1.0), 1.0 / odds.shape[1])


def draw_option(shares: np.ndarray, draw: np.ndarray) -> np.ndarray:
    """(B,) int8 option whose cumulative share first exceeds the run's uniform draw."""
    count = shares.shape[1]
    cumulative = np.cumsum(shares, axis=1)
    return np.minimum((draw[:, None] >= cumulative).sum(axis=1), count - 1).astype(np.int8)
