"""Stats derived from the state on demand, never stored: `milex` and `power`.

They sit beside the state (not in the expression compiler) because the blocs, the AI's
board, the score and the charts read them as well as scenario expressions do.
"""

from __future__ import annotations

import numpy as np

from game.scenario import STAT_INDEX
from game.state import State


def derived_stat(state: State, name: str) -> np.ndarray:
    """The read-only stats: `milex` and `power` (B, N)."""
    gdp = state.stats[:, :, STAT_INDEX["gdp"]]
    if name == "milex":
        return gdp * state.stats[:, :, STAT_INDEX["defence_share"]] / 100.0
    military = state.stats[:, :, STAT_INDEX["military"]]
    active = state.active
    gdp_share = _share(np.where(active, gdp, 0.0))
    mil_share = _share(np.where(active, military, 0.0))
    return (gdp_share + mil_share) / 2.0


def _share(values: np.ndarray) -> np.ndarray:
    total = values.sum(axis=1, keepdims=True)
    return np.divide(values, total, out=np.zeros_like(values), where=total > 0)
