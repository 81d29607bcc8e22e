"""How far a change moves a tie: the one saturation rule for relations and baselines.

Every change to a relation or a baseline, whatever makes it (drift, an event's `+=` or
`-=`, a diplomatic action and the reactions to it), goes through `saturate`:

- a change takes hold in full toward neutral and up to the knee (half-way to the bound:
  ±50 for relations), so ordinary diplomacy is plain arithmetic;
- beyond the knee, each point of change closes 1/(reach - knee) of the distance left to
  the bound (±reach): a tie approaches the bound exponentially and never sits on it. From
  +50, a push of 25 points reaches +70, 50 reach +82, and 196 are needed for +99.

Ties can still be warm or hostile for decades; what they cannot do is stop moving at ±100,
where no event, action or rival could shift them any more. Assignments (`relation(A, B) =
v`) are the designer's word and are not saturated.
"""

from __future__ import annotations

import numpy as np

RELATION_REACH = 100.0
KNEE = 0.5  # the knee as a share of the reach


def saturate(
    current: np.ndarray | float, change: np.ndarray | float, reach: float = RELATION_REACH
) -> np.ndarray:
    """The value after adding `change` to `current` under the saturation rule."""
    current = np.asarray(current, dtype=np.float64)
    change = np.asarray(change, dtype=np.float64)
    sign = np.where(change >= 0.0, 1.0, -1.0)
    # Work on the rising side: toward the bound at +reach from s = sign * current.
    knee = KNEE * reach
    start = sign * current
    push = sign * change  # >= 0
    free = np.clip(knee - start, 0.0, push)  # up to the knee it takes hold in full
    base = start + free
    rest = push - free
    scale = reach - knee
    left = np.maximum(reach - base, 0.0)
    moved = np.where(rest > 0.0, reach - left * np.exp(-rest / scale), base)
    moved = np.where(base >= reach, base, moved)  # at or past the bound: no further
    return sign * moved


def room(current: np.ndarray, change: np.ndarray | float, reach: float = RELATION_REACH):
    """The share of a small change that takes hold at `current` (the slope of `saturate`):
    1 up to the knee, then the distance left to the bound over (reach - knee). The AI
    values changes at this rate."""
    scale = reach - KNEE * reach
    if np.ndim(change) == 0:  # one direction for every tie: work out only that side
        side = reach - current if change > 0 else reach + current
        return np.minimum(np.maximum(side / scale, 0.0), 1.0)
    up = np.minimum(np.maximum((reach - current) / scale, 0.0), 1.0)
    down = np.minimum(np.maximum((reach + current) / scale, 0.0), 1.0)
    return np.where(change > 0, up, down)
