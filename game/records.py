"""Plain-dict records of a turn, as written to the headless JSON (one run of a batch)."""

from __future__ import annotations

import numpy as np

from game.crises.view import crisis_views
from game.diplomacy.answer_reasons import answer_reasons
from game.diplomacy.describe import action_records
from game.engine import TurnReport
from game.phases.blocs import bloc_lists
from game.scenario import STAT_NAMES
from game.state import State


def _round(value: float) -> float:
    return float(round(float(value), 3))


def turn_record(state: State, report: TurnReport, run: int = 0) -> dict:
    """year, era, relations {A: {B: v}} for active pairs, blocs, events, answers (to the
    events fired this turn: {event: {option, reason}}, applied next turn), decisions, stats,
    and actions: every nation's diplomatic actions {nation, action, target, success, reason}."""
    scenario = state.scenario
    ids = scenario.nation_ids
    active = [i for i in range(len(ids)) if state.active[run, i]]
    relations = {
        ids[i]: {ids[j]: _round(state.relations[run, i, j]) for j in active if j != i}
        for i in active
    }
    stats = {
        ids[i]: {name: _round(state.stats[run, i, k]) for k, name in enumerate(STAT_NAMES)}
        for i in active
    }
    fired = np.flatnonzero(report.fired[run] & state.pending[run]).tolist()
    events = [scenario.events[e].id for e in np.flatnonzero(report.fired[run])]
    reasons = answer_reasons(state, fired, run)
    answers = {
        scenario.events[e].id: {
            "option": scenario.events[e].options[int(state.proposed[run, e])].id,
            "reason": reasons[e],
        }
        for e in fired
    }
    decisions = {
        scenario.events[e].id: scenario.events[e].options[int(report.decided[run, e])].id
        for e in np.flatnonzero(report.decided[run] >= 0)
    }
    era = scenario.era_at(report.year)
    return {
        "year": report.year,
        "era": era.id if era else None,
        "relations": relations,
        "blocs": bloc_lists(state, run),
        "events": events,
        "answers": answers,
        "decisions": decisions,
        "emerged": [ids[i] for i in np.flatnonzero(report.emerged[run])],
        "ended": [ids[i] for i in np.flatnonzero(report.ended[run])],
        "stats": stats,
        "actions": action_records(state, report.actions, run),
        "crises": crisis_records(state, run),
    }


def crisis_records(state: State, run: int = 0) -> list[dict]:
    """The crises open after the turn, and those that ended in it: {id, parties, patrons
    (each {nation, stance, side}), level (index into the ladder), level_name, round,
    outcome} with outcome "ongoing", "backed_down:<nation>", "settled", "war" or
    "nuclear"."""
    return [
        {
            "id": view.crisis_id,
            "parties": [party.nation for party in view.parties],
            "patrons": [
                {"nation": p.nation, "stance": p.stance, "side": p.side} for p in view.patrons
            ],
            "level": view.level,
            "level_name": view.ladder[view.level].name,
            "round": view.round,
            "outcome": view.outcome,
        }
        for view in crisis_views(state, run)
    ]
