"""The end-of-game report: a nation's grade, and how far its relations ended from history's.

Above the engine: comparing with history replays the game's history path (`game.reports.
history`), so this module may step games; the engine never imports it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.diplomacy.objectives import grade, outcome
from game.diplomacy.rules import compile_diplomacy
from game.reports.history import state_on_history_path
from game.state import State


def end_report(
    sim_or_state: Any, nation: str | None = None, run: int = 0, history: bool = True
) -> dict:
    """Grade a nation's game and compare its path with history.

    `sim_or_state` is a Simulation or a State (any turn; usually the last). `nation`
    defaults to the player's nation, else the scenario's default player. With `history`,
    the same seed is played under the historical policy to the same turn, and each of the
    nation's relations is compared with where it ended there.

    Returns a plain dict: nation, name, year, turns_played, objectives (id, name, text,
    check, points, earned, met), objective_points, objective_max, objective_share,
    general {score, parts}, score (0..100), grade (A..E), verdict, won, crises (see
    `crisis_tally`), and history {reference, relations [{with, name, ended, history,
    gap}], mean_gap, closeness} or None. A game that ended in nuclear use is a loss for
    everyone: grade E, not won, and a verdict that says so.
    """
    state = (
        sim_or_state.state
        if hasattr(sim_or_state, "state") and not isinstance(sim_or_state, State)
        else sim_or_state
    )
    scenario = state.scenario
    if nation is None:
        nation = (
            scenario.nation_ids[state.player]
            if state.player >= 0
            else scenario.default_player or scenario.nation_ids[0]
        )
    i = scenario.nation_number(nation)
    single = state.one_run(run)
    result = outcome(single, i)
    rules = compile_diplomacy(scenario)
    objectives = []
    for column, o in enumerate(result.objectives):
        definition = rules.objectives[o]
        value = float(result.met[0, column])
        objectives.append(
            {
                "id": definition.id,
                "name": definition.name,
                "text": definition.text,
                "check": definition.check,
                "points": definition.points,
                "earned": round(definition.points * value, 2),
                "met": value >= (0.5 if definition.check == "share" else 1.0),
            }
        )
    score = float(result.score[0])
    letter, words = grade(score)
    earned = sum(o["earned"] for o in objectives)
    most = sum(o["points"] for o in objectives)
    crises = crisis_tally(single, nation)
    verdict = f"{scenario.nations[i].name}: {words} ({letter}, {score:.0f} of 100)"
    won = bool(result.won[0])
    if crises["nuclear"]:
        letter, won = "E", False
        verdict = (
            f"Nuclear war in {crises['nuclear_year']}: the game ends as a loss for every "
            "nation, whatever its objectives"
        )
    return {
        "nation": nation,
        "name": scenario.nations[i].name,
        "year": scenario.year_of_turn(max(single.turn - 1, 0)),
        "turns_played": single.turn,
        "objectives": objectives,
        "objective_points": round(earned, 2),
        "objective_max": most,
        "objective_share": round(earned / most, 4) if most else None,
        "general": {
            "score": round(float(result.general[0]), 2),
            "parts": {name: round(float(value[0]), 3) for name, value in result.parts.items()},
        },
        "score": round(score, 2),
        "grade": letter,
        "verdict": verdict,
        "won": won,
        "crises": crises,
        "history": compare_with_history(single, i) if history else None,
    }


def crisis_tally(state: State, nation: str) -> dict:
    """The crises of a game (run 0 of `state`): how many opened, how they ended, the
    nation's prestige and the crises it had a seat in, and whether nuclear weapons were
    used. {opened, wars, settled, backed_down, nuclear, nuclear_year, prestige, involved
    [{id, title, year, outcome}]}."""
    from game.crises.reckon import (
        BACKED_DOWN_FIRST,
        BACKED_DOWN_SECOND,
        NUCLEAR,
        SETTLED,
        WAR,
        outcome_text,
    )

    scenario = state.scenario
    opened = state.crisis_opened[0] >= 0
    codes = state.crisis_outcome[0]
    involved = []
    nuclear_year = None
    for c, crisis in enumerate(scenario.crises):
        if not opened[c]:
            continue
        year = scenario.year_of_turn(int(state.crisis_opened[0, c]))
        if codes[c] == NUCLEAR:
            nuclear_year = scenario.year_of_turn(int(state.crisis_closed[0, c]))
        if nation in crisis.parties or nation in {p.nation for p in crisis.patrons}:
            involved.append(
                {
                    "id": crisis.id,
                    "title": crisis.title,
                    "year": year,
                    "outcome": outcome_text(state, c),
                }
            )
    return {
        "opened": int(opened.sum()),
        "wars": int(np.isin(codes, (WAR, NUCLEAR)).sum()),
        "settled": int((codes == SETTLED).sum()),
        "backed_down": int(np.isin(codes, (BACKED_DOWN_FIRST, BACKED_DOWN_SECOND)).sum()),
        "nuclear": bool(state.nuclear_end[0]),
        "nuclear_year": nuclear_year,
        "prestige": round(float(state.prestige[0, scenario.nation_index[nation]]), 2),
        "involved": involved,
    }


def compare_with_history(state: State, nation: int) -> dict:
    """How far each of the nation's relations ended from history's path (the same seed,
    player and forced choices, every decision history's), played to the same turn (a batch
    of one)."""
    scenario = state.scenario
    reference = state_on_history_path(state)
    rows = []
    for k, other in enumerate(scenario.nations):
        if k == nation or not (
            state.active[0, k] and reference.active[0, k] and state.active[0, nation]
        ):
            continue
        ended = float(state.relations[0, nation, k])
        then = float(reference.relations[0, nation, k])
        rows.append(
            {
                "with": other.id,
                "name": other.name,
                "ended": round(ended, 1),
                "history": round(then, 1),
                "gap": round(ended - then, 1),
            }
        )
    rows.sort(key=lambda row: -abs(row["gap"]))
    mean_gap = float(np.mean([abs(r["gap"]) for r in rows])) if rows else 0.0
    return {
        "reference": "history's path: the same seed and player, every decision history's",
        "relations": rows,
        "mean_gap": round(mean_gap, 1),
        "closeness": round(max(0.0, 100.0 - mean_gap / 2.0), 1),
    }
