"""Relation drift: the whole (B, N, N) matrix moves at once, no loop over pairs.

Terms, in points per year (weights from the scenario's [drift] table):
- structural balance (Heider; Antal–Krapivsky–Redner): a pair warms when they share
  friends and enemies, cools when they do not, measured by (R R)_ij over third parties;
- ideology: nations close on the three ideology axes attract, distant ones repel;
- economic ties and aid: trade and aid (as a share of the recipient's GDP) warm a pair;
- treaties: members are pulled together by each treaty's bond, and against its rivals;
- war and sanctions push toward hostility;
- decay toward the baseline, and a bounded random wobble.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from game.phases.memo import memo_rows
from game.rng import TurnRng
from game.rules import Rules
from game.scenario import IDEOLOGY_AXES, STAT_INDEX
from game.state import IN_FORCE, State

_IDEOLOGY = [STAT_INDEX[axis] for axis in IDEOLOGY_AXES]
_GDP = STAT_INDEX["gdp"]


def pair_mask(active: np.ndarray) -> np.ndarray:
    """(B, N, N) True where both nations exist and differ."""
    n = active.shape[1]
    return active[:, :, None] & active[:, None, :] & ~np.eye(n, dtype=bool)[None]


def _balance(relations: np.ndarray, active: np.ndarray, mask: np.ndarray) -> np.ndarray:
    unit = np.where(mask, relations / 100.0, 0.0)
    others = np.maximum(active.sum(axis=1) - 2, 1).astype(np.float64)
    return (unit @ unit) / others[:, None, None]


def _affinity(ideology: np.ndarray) -> np.ndarray:
    """(B, N, N) ideological affinity from the stats' ideology columns (B, N, 3)."""
    ideology = ideology / 100.0
    gap = ideology[:, :, None, :] - ideology[:, None, :, :]
    distance = np.sqrt((gap * gap).sum(axis=-1)) / (2.0 * np.sqrt(len(_IDEOLOGY)))
    return 1.0 - 4.0 * distance  # identical 1, half-way apart -1


def _aid(aid: np.ndarray, stats: np.ndarray) -> np.ndarray:
    gdp = np.maximum(stats[:, :, _GDP], 1e-6)
    aid_share = aid / gdp[:, None, :]  # donor row, recipient column
    return np.minimum(1.0, 50.0 * (aid_share + aid_share.transpose(0, 2, 1)))


def _treaty_pull(rules: Rules) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def pull(treaty_status: np.ndarray, members: np.ndarray) -> np.ndarray:
        in_force = (treaty_status == IN_FORCE).astype(np.float64)  # (B, T)
        seats = members.astype(np.float64) * in_force[:, :, None]  # (B, T, N)
        bonded = seats * rules.treaty_bond[None, :, None]
        together = bonded.transpose(0, 2, 1) @ seats  # (B, N, N)
        opposed = bonded.transpose(0, 2, 1) @ (in_force[:, :, None] * rules.treaty_against[None])
        return together - (opposed + opposed.transpose(0, 2, 1))

    return pull


def drift_terms(state: State, rules: Rules) -> dict[str, np.ndarray]:
    """Each term of the yearly drift before weighting, (B, N, N); exposed for tests and UI."""
    mask = pair_mask(state.active)
    hostile_sanctions = (state.sanctions | state.sanctions.transpose(0, 2, 1)).astype(np.float64)
    return {
        "balance": _balance(state.relations, state.active, mask),
        "ideology": _affinity(state.stats[:, :, _IDEOLOGY]),
        "trade": state.trade / 100.0,
        "aid": _aid(state.aid, state.stats),
        "treaty": _treaty_pull(rules)(state.treaty_status, state.members),
        "war": -state.war.astype(np.float64),
        "sanction": -hostile_sanctions,
        "decay": -(state.relations - state.baselines),
    }


def pair_noise(rng: TurnRng, active: np.ndarray) -> np.ndarray:
    """(B, N, N) symmetric wobble: one normal draw per pair, the upper triangle mirrored.

    The whole (N, N) draw is reserved so the stream does not depend on who exists, but
    only pairs that exist in some run of the batch are computed; the others are masked
    out of the drift anyway. Values are the draw plus 0.0, exactly as adding the upper
    triangle to its (zero-filled) transpose gives.
    """
    b, n = active.shape
    start = rng.reserve(2, n, n)
    upper_i, upper_j = np.triu_indices(n, 1)
    exists = (active[:, upper_i] & active[:, upper_j]).any(axis=0)
    i, j = upper_i[exists], upper_j[exists]
    values = rng.normal_at(start, n * n, i * n + j) + 0.0
    noise = np.zeros((b, n, n))
    noise[:, i, j] = values
    noise[:, j, i] = values
    return noise


def drift_phase(state: State, rules: Rules, rng: TurnRng) -> None:
    """Move every active pair's relation by one turn of drift (in place).

    The terms are those of `drift_terms`, weighted and summed in the same order; the sum
    is built in place, ideology and treaty terms are reused for runs where their inputs
    did not change, and war and sanctions (0 or -1) are applied only where they are set.
    Each of these gives exactly the same floating-point result as the plain sum.
    """
    weights = rules.scenario.drift
    years = rules.scenario.years_per_turn
    n = state.relations.shape[1]
    noise = pair_noise(rng, state.active)
    mask = pair_mask(state.active)
    change = np.multiply(weights["noise"], noise, out=noise)
    scratch = np.empty_like(change)

    def add(weight: float, term: np.ndarray) -> None:
        np.add(change, np.multiply(weight, term, out=scratch), out=change)

    def add_flag(weight: float, flag: np.ndarray) -> None:
        # weight * -1.0 is -weight and weight * -0.0 is -0.0 (for weight >= 0), which adds
        # nothing: subtracting the weight where the flag is set is the same sum.
        if np.signbit(weight * -0.0):
            np.subtract(change, weight, out=change, where=flag)
        else:
            add(weight, -flag.astype(np.float64))

    add(weights["balance"], _balance(state.relations, state.active, mask))
    affinity = memo_rows(rules.memo, "ideology", (state.stats[:, :, _IDEOLOGY],), _affinity)
    add(weights["ideology"], affinity)
    add(weights["trade"], state.trade / 100.0)
    add(weights["aid"], _aid(state.aid, state.stats))
    treaty = memo_rows(
        rules.memo, "treaty", (state.treaty_status, state.members), _treaty_pull(rules)
    )
    add(weights["treaty"], treaty)
    add_flag(weights["war"], state.war)
    add_flag(weights["sanction"], state.sanctions | state.sanctions.transpose(0, 2, 1))
    add(weights["decay"], -(state.relations - state.baselines))
    step = np.where(mask, np.multiply(change, years, out=change), 0.0)
    relations = np.clip(np.add(state.relations, step, out=step), -100.0, 100.0, out=step)
    idx = np.arange(n)
    relations[:, idx, idx] = 100.0
    # The balance term's matrix product may sum (i, j) and (j, i) in different orders and
    # differ in the last bit; mirroring the upper triangle keeps relations exactly symmetric.
    upper, lower = np.triu_indices(n, 1)
    relations[:, lower, upper] = relations[:, upper, lower]
    state.relations = relations
