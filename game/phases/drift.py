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

import numpy as np

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


def drift_terms(state: State, rules: Rules) -> dict[str, np.ndarray]:
    """Each term of the yearly drift before weighting, (B, N, N); exposed for tests and UI."""
    mask = pair_mask(state.active)
    unit = np.where(mask, state.relations / 100.0, 0.0)
    others = np.maximum(state.active.sum(axis=1) - 2, 1).astype(np.float64)
    balance = (unit @ unit) / others[:, None, None]

    ideology = state.stats[:, :, _IDEOLOGY] / 100.0
    gap = ideology[:, :, None, :] - ideology[:, None, :, :]
    distance = np.sqrt((gap * gap).sum(axis=-1)) / (2.0 * np.sqrt(len(_IDEOLOGY)))
    affinity = 1.0 - 4.0 * distance  # identical 1, half-way apart -1

    gdp = np.maximum(state.stats[:, :, _GDP], 1e-6)
    aid_share = state.aid / gdp[:, None, :]  # donor row, recipient column
    aid = np.minimum(1.0, 50.0 * (aid_share + aid_share.transpose(0, 2, 1)))

    in_force = (state.treaty_status == IN_FORCE).astype(np.float64)  # (B, T)
    seats = state.members.astype(np.float64) * in_force[:, :, None]  # (B, T, N)
    bonded = seats * rules.treaty_bond[None, :, None]
    together = bonded.transpose(0, 2, 1) @ seats  # (B, N, N)
    opposed = bonded.transpose(0, 2, 1) @ (in_force[:, :, None] * rules.treaty_against[None])
    treaty = together - (opposed + opposed.transpose(0, 2, 1))

    hostile_sanctions = (state.sanctions | state.sanctions.transpose(0, 2, 1)).astype(np.float64)
    return {
        "balance": balance,
        "ideology": affinity,
        "trade": state.trade / 100.0,
        "aid": aid,
        "treaty": treaty,
        "war": -state.war.astype(np.float64),
        "sanction": -hostile_sanctions,
        "decay": -(state.relations - state.baselines),
    }


def drift_phase(state: State, rules: Rules, rng: TurnRng) -> None:
    """Move every active pair's relation by one turn of drift (in place)."""
    weights = rules.scenario.drift
    years = rules.scenario.years_per_turn
    n = state.relations.shape[1]
    noise = rng.normal(n, n)
    noise = np.triu(noise, 1)
    noise = noise + noise.transpose(0, 2, 1)
    terms = drift_terms(state, rules)
    change = weights["noise"] * noise
    for name, term in terms.items():
        change = change + weights[name] * term
    mask = pair_mask(state.active)
    step = np.where(mask, change * years, 0.0)
    relations = np.clip(state.relations + step, -100.0, 100.0)
    idx = np.arange(n)
    relations[:, idx, idx] = 100.0
    state.relations = relations
