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
from game.ties import saturate
from game.turn import Turn

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
    upper = _upper_noise(rng, active)
    i, j = np.triu_indices(n, 1)
    noise = np.zeros((b, n, n))
    noise[:, i, j] = upper
    noise[:, j, i] = upper
    return noise


def _upper_noise(rng: TurnRng, active: np.ndarray) -> np.ndarray:
    """(B, P) the wobble of each upper-triangle pair (i < j), 0 where no run has the pair."""
    b, n = active.shape
    start = rng.reserve(2, n, n)
    upper_i, upper_j = np.triu_indices(n, 1)
    exists = (active[:, upper_i] & active[:, upper_j]).any(axis=0)
    noise = np.zeros((b, upper_i.size))
    if exists.any():
        i, j = upper_i[exists], upper_j[exists]
        noise[:, exists] = rng.normal_at(start, n * n, i * n + j) + 0.0
    return noise


def drift_phase(state: State, rules: Rules, rng: TurnRng) -> None:
    """Move every active pair's relation by one turn of drift (in place).

    The terms are those of `drift_terms`, weighted and summed in the same order; their sum
    saturates near ±100 (game.ties), and the decay toward the baseline is added after it,
    in full. Relations
    are symmetric and the lower triangle is the mirror of the upper one, so every term is
    computed for the upper-triangle pairs (i < j) only; ideology and treaty terms are
    reused for runs where their inputs did not change; war and sanctions (0 or -1) are
    applied only where they are set. Each value is computed by the same floating-point
    operations on the same numbers as the plain (B, N, N) sum, so the result is identical.
    """
    weights = rules.scenario.drift
    years = rules.scenario.years_per_turn
    n = state.relations.shape[1]
    i, j = np.triu_indices(n, 1)
    active = state.active
    exists = active[:, i] & active[:, j]  # (B, P)
    change = np.multiply(weights["noise"], _upper_noise(rng, active))
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

    relations = state.relations
    add(weights["balance"], _balance(relations, active, pair_mask(active))[:, i, j])
    ideology = (state.stats[:, :, _IDEOLOGY],)
    add(
        weights["ideology"],
        memo_rows(rules.memo, "ideology", ideology, lambda x: _affinity(x)[:, i, j]),
    )
    add(weights["trade"], state.trade[:, i, j] / 100.0)
    add(weights["aid"], _upper_aid(state.aid, state.stats, i, j))
    treaty = _treaty_pull(rules)
    seats = (state.treaty_status, state.members)
    add(weights["treaty"], memo_rows(rules.memo, "treaty", seats, lambda *x: treaty(*x)[:, i, j]))
    add_flag(weights["war"], state.war[:, i, j])
    add_flag(weights["sanction"], state.sanctions[:, i, j] | state.sanctions[:, j, i])
    current = relations[:, i, j]
    # The pushes saturate near the bound (game.ties); the pull back toward the baseline
    # does not when it points toward neutral, so a war or a flood of aid holds a tie near
    # the bound, never on it. A pull away from neutral is a push like the others.
    pull = np.where(exists, weights["decay"] * -(current - state.baselines[:, i, j]) * years, 0.0)
    outward = pull * current > 0.0
    step = np.where(exists, np.multiply(change, years, out=change), 0.0)
    step = step + np.where(outward, pull, 0.0)
    upper = np.clip(saturate(current, step) + np.where(outward, 0.0, pull), -100.0, 100.0)
    moved = np.empty_like(relations)
    moved[:, i, j] = upper
    moved[:, j, i] = upper
    diagonal = np.arange(n)
    moved[:, diagonal, diagonal] = 100.0
    state.relations = moved


def _upper_aid(aid: np.ndarray, stats: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """`_aid` at the upper-triangle pairs: min(1, 50 (a_ij / gdp_j + a_ji / gdp_i))."""
    gdp = np.maximum(stats[:, :, _GDP], 1e-6)
    return np.minimum(1.0, 50.0 * (aid[:, i, j] / gdp[:, j] + aid[:, j, i] / gdp[:, i]))


def run_drift(state: State, turn: Turn) -> None:
    """Pipeline entry: relations drift toward their baselines and pulls."""
    drift_phase(state, turn.rules, turn.rng)
