"""The end-of-campaign score, and how the player's path compares with history's.

The comparison is a second headless run of the same scenario and seed in which every
nation, the player's included, takes history's choices. Both runs are scored the same way,
so "you did better than history" means the same numbers went up:

- prosperity: GDP against the historical run's (400 points at parity, up to 800);
- standing: relations with the other nations, weighted by their power (0..300);
- stability at the end (0..200);
- peace: the share of turns not at war with anyone (0..100).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.compile import derived_stat
from game.scenario import STAT_INDEX
from game.simulation import Simulation
from game.state import State


@dataclass(frozen=True)
class Score:
    prosperity: float
    standing: float
    stability: float
    peace: float

    @property
    def total(self) -> int:
        return int(round(self.prosperity + self.standing + self.stability + self.peace))


def standing(state: State, nation: int) -> float:
    """Power-weighted mean relation with every other active nation, -100..100."""
    power = derived_stat(state, "power")[0].copy()
    mask = state.active[0].copy()
    mask[nation] = False
    if not mask.any():
        return 0.0
    weights = np.where(mask, power, 0.0)
    if weights.sum() <= 0:
        weights = mask.astype(float)
    return float((state.relations[0, nation] * weights).sum() / weights.sum())


def score_run(states: list[State], nation: int, reference_gdp: float) -> Score:
    """Score one run from its states (first to last) for `nation`."""
    final = states[-1]
    gdp = float(final.stats[0, nation, STAT_INDEX["gdp"]]) if final.active[0, nation] else 0.0
    ratio = gdp / reference_gdp if reference_gdp > 0 else 1.0
    at_war = [bool(s.war[0, nation].any()) for s in states[1:]] or [False]
    return Score(
        prosperity=400.0 * min(2.0, max(0.0, ratio)),
        standing=300.0 * (standing(final, nation) + 100.0) / 200.0,
        stability=2.0 * float(final.stats[0, nation, STAT_INDEX["stability"]])
        if final.active[0, nation]
        else 0.0,
        peace=100.0 * (1.0 - sum(at_war) / len(at_war)),
    )


def historical_run(states: list[State]) -> list[State]:
    """The same scenario, seed and player to the same turn, with history's choices
    everywhere: the player's events answered as history did, their diplomacy left to the
    nation's own judgement."""
    first = states[0]
    player = first.scenario.nation_ids[first.player] if first.player >= 0 else None
    sim = Simulation(
        first.scenario, seed=int(first.seeds[0]), policy="historical", player=player, record=False
    )
    out = [sim.state]
    while sim.state.turn < states[-1].turn:
        sim.step()
        out.append(sim.state)
    return out


@dataclass(frozen=True)
class Comparison:
    yours: Score
    history: Score
    history_states: list[State]
    differing: list[tuple[str, str, str]]  # (event title, your option, history's option)


def compare_with_history(states: list[State], nation: int, decisions: dict[str, str]) -> Comparison:
    """Scores for the player's run and the historical run, and the choices that differed.

    `decisions` maps the player's decided event ids to the option labels they took.
    """
    history_states = historical_run(states)
    reference = history_states[-1]
    reference_gdp = (
        float(reference.stats[0, nation, STAT_INDEX["gdp"]]) if reference.active[0, nation] else 0.0
    )
    yours = score_run(states, nation, reference_gdp)
    theirs = score_run(history_states, nation, reference_gdp)
    scenario = states[0].scenario
    differing = []
    for event_id, label in decisions.items():
        event = scenario.events[scenario.event_index[event_id]]
        if not any(o.historical for o in event.options):
            continue
        historical = event.options[event.historical_index].label
        if historical != label:
            differing.append((event.title, label, historical))
    return Comparison(yours, theirs, history_states, differing)
