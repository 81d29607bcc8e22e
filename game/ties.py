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

from game.kernels import kernel

RELATION_REACH = 100.0
KNEE = 0.5  # the knee as a share of the reach


def saturate(
    current: np.ndarray | float, change: np.ndarray | float, reach: float = RELATION_REACH
) -> np.ndarray:
    """The value after adding `change` to `current` under the saturation rule.

    Two compiled passes around numpy's `exp` (whose last bits a compiled `exp` would not
    match): the first finds each change's exponent, the second lands it."""
    current = np.asarray(current, dtype=np.float64)
    change = np.asarray(change, dtype=np.float64)
    if current.shape != change.shape:
        current, change = np.broadcast_arrays(current, change)
    now, push = current.ravel(), change.ravel()  # views where already contiguous
    knee = KNEE * reach
    exponent = _exponent(now, push, knee, reach - knee)
    return _land(now, push, np.exp(exponent), knee, reach).reshape(current.shape)


@kernel
def _climb(current, change, knee):
    """On the rising side (toward +reach from sign * current): the sign, where the free
    part up to the knee takes the tie (base), and the change left beyond it (rest)."""
    sign = 1.0 if change >= 0.0 else -1.0
    start = sign * current
    push = sign * change  # >= 0
    free = knee - start  # clipped to [0, push] as numpy's clip does
    if not np.isnan(free):
        free = free if free > 0.0 else 0.0
        free = free if free < push else push
    base = start + free
    return sign, base, push - free


@kernel
def saturation_exponent(current, change, knee, scale):
    """For compiled loops: the exponent -rest / scale of a change's decay beyond the knee
    (numpy's exp of it is what `saturated` needs)."""
    _, _, rest = _climb(current, change, knee)
    return -rest / scale


@kernel
def saturated(current, change, decay, knee, reach):
    """For compiled loops: one tie after its change, given `decay`, numpy's exp of
    `saturation_exponent` (knee and scale as in `saturate`)."""
    sign, base, rest = _climb(current, change, knee)
    moved = base
    if base < reach and rest > 0.0:
        left = reach - base
        left = left if (left >= 0.0 or np.isnan(left)) else 0.0
        moved = reach - left * decay
    return sign * moved


@kernel
def _exponent(current, change, knee, scale):
    out = np.empty(current.size)
    for k in range(current.size):
        out[k] = saturation_exponent(current[k], change[k], knee, scale)
    return out


@kernel
def _land(current, change, decay, knee, reach):
    out = np.empty(current.size)
    for k in range(current.size):
        out[k] = saturated(current[k], change[k], decay[k], knee, reach)
    return out


def room(current: np.ndarray, change: np.ndarray | float, reach: float = RELATION_REACH):
    """The share of a small change that takes hold at `current` (the slope of `saturate`):
    1 up to the knee, then the distance left to the bound over (reach - knee). The AI
    values changes at this rate."""
    scale = reach - KNEE * reach
    if np.ndim(change) == 0:  # one direction for every tie: work out only that side
        current = np.asarray(current, dtype=np.float64)
        share = _room(current.ravel(), bool(change > 0), reach, scale)
        return share.reshape(current.shape)
    return np.where(change > 0, room(current, 1.0, reach), room(current, -1.0, reach))


@kernel
def _room(current, rising, reach, scale):
    """min(max(side / scale, 0), 1) of each tie's distance to the bound it moves toward,
    with numpy's maximum and minimum (nan kept; on a tie, the second operand)."""
    out = np.empty(current.size)
    for k in range(current.size):
        share = ((reach - current[k]) if rising else (reach + current[k])) / scale
        share = share if (share > 0.0 or np.isnan(share)) else 0.0
        out[k] = share if (share < 1.0 or np.isnan(share)) else 1.0
    return out
