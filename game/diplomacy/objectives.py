"""Objectives and score: each turn every objective's condition is checked in every run, so
the end report can say whether it held at the end, always, ever, or for what share of the
game; a general score from stats and standing completes the grade."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from game.compile import Context
from game.construction import initial_state
from game.derived import derived_stat
from game.diplomacy.rules import compile_diplomacy
from game.scenario import STAT_INDEX, Scenario
from game.state import State

GRADES = (
    (80.0, "A", "a triumph"),
    (65.0, "B", "a success"),
    (50.0, "C", "a mixed record"),
    (35.0, "D", "a setback"),
    (0.0, "E", "a failure"),
)
GENERAL_PARTS = ("prosperity", "power", "stability", "standing", "security")


@dataclass
class Outcome:
    """How each run of a batch went for one nation: arrays over the batch (B,)."""

    nation: int
    objectives: tuple[int, ...]  # indices into scenario.objectives
    met: np.ndarray  # (B, O_n) float: 1 met, 0 not, a share for 'share' objectives
    objective_share: np.ndarray  # (B,) earned points / all points (nan without objectives)
    general: np.ndarray  # (B,) 0..100
    parts: dict[str, np.ndarray]  # each general part, 0..1
    score: np.ndarray  # (B,) 0..100
    won: np.ndarray  # (B,) bool


def outcome(state: State, nation: int) -> Outcome:
    """Objectives, general score, total score and win of `nation` in every run (vectorised)."""
    scenario = state.scenario
    rules = compile_diplomacy(scenario)
    mine = tuple(o for o, owner in enumerate(rules.objective_nation) if owner == nation)
    played = max(state.turn, 1)
    year = scenario.year_of_turn(max(state.turn - 1, 0))
    ctx = Context(state, year, max(state.turn - 1, 0))
    columns = []
    for o in mine:
        definition = rules.objectives[o]
        turns = state.objective_turns[:, o]
        if definition.check == "end":
            value = np.broadcast_to(rules.objective_conditions[o](ctx), (state.batch,)).astype(
                np.float64
            )
        elif definition.check == "always":
            value = (turns >= played).astype(np.float64)
        elif definition.check == "ever":
            value = (turns > 0).astype(np.float64)
        else:
            value = np.minimum(turns / played, 1.0)
        columns.append(value)
    met = np.stack(columns, axis=1) if columns else np.zeros((state.batch, 0))
    points = np.array([rules.objectives[o].points for o in mine])
    total = points.sum()
    share = (met * points).sum(axis=1) / total if total > 0 else np.full(state.batch, np.nan)
    parts = general_parts(state, nation)
    general = 100.0 * np.mean(np.stack([parts[p] for p in GENERAL_PARTS]), axis=0)
    weight = scenario.diplomacy["objective_weight"] if total > 0 else 0.0
    score = weight * 100.0 * np.nan_to_num(share) + (1.0 - weight) * general
    won = (
        share >= scenario.diplomacy["win_share"]
        if total > 0
        else general >= 100.0 * scenario.diplomacy["win_share"]
    )
    return Outcome(nation, mine, met, share, general, parts, score, won)


def general_parts(state: State, nation: int) -> dict[str, np.ndarray]:
    """The general score's parts (each 0..1, (B,)): growth against the world, power against
    the start, stability, standing with the powers, and strength against its enemies."""
    scenario = state.scenario
    start = _start(scenario)
    active = state.active
    i = nation
    gdp = state.stats[:, :, STAT_INDEX["gdp"]]
    gdp0 = start.stats[0, :, STAT_INDEX["gdp"]]
    world = np.where(active, gdp, 0.0).sum(axis=1)
    world0 = np.where(start.active[0], gdp0, 0.0).sum()
    began = bool(start.active[0, i])
    if began and gdp0[i] > 0:
        ratio = (gdp[:, i] / gdp0[i]) / np.maximum(world / world0, 1e-9)
        prosperity = np.clip(0.5 + np.log2(np.maximum(ratio, 1e-9)) / 4.0, 0.0, 1.0)
    else:
        prosperity = np.full(state.batch, 0.5)
    power = derived_stat(state, "power")[:, i]
    power0 = derived_stat(start, "power")[0, i]
    if began and power0 > 0:
        grown = np.clip(0.5 + np.log2(np.maximum(power / power0, 1e-9)) / 4.0, 0.0, 1.0)
    else:
        grown = np.full(state.batch, 0.5)
    stability = state.stats[:, i, STAT_INDEX["stability"]] / 100.0
    others = active & (np.arange(active.shape[1]) != i)[None, :]
    weight = np.where(others, derived_stat(state, "power"), 0.0)
    weight_sum = np.maximum(weight.sum(axis=1), 1e-9)
    standing = ((state.relations[:, i, :] + 100.0) / 200.0 * weight).sum(axis=1) / weight_sum
    military = state.stats[:, :, STAT_INDEX["military"]]
    hostile = others & (state.relations[:, i, :] < -30.0)
    enemy = np.where(hostile, military, 0.0).max(axis=1)
    security = military[:, i] / np.maximum(military[:, i] + enemy, 1e-9)
    security = np.where(state.war[:, i, :].any(axis=1), 0.5 * security, security)
    alive = active[:, i]
    parts = {
        "prosperity": prosperity,
        "power": grown,
        "stability": stability,
        "standing": standing,
        "security": security,
    }
    return {name: np.where(alive, value, 0.0) for name, value in parts.items()}


@cache
def _start(scenario: Scenario) -> State:
    """The scenario's opening position (the yardstick of growth and power), made once."""
    return initial_state(scenario, seeds=0)


def grade(score: float) -> tuple[str, str]:
    for bound, letter, words in GRADES:
        if score >= bound:
            return letter, words
    return GRADES[-1][1], GRADES[-1][2]
