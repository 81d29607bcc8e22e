"""A campaign as the client sees it: the simulation plus every past state and report.

The client never changes a state. It reads `states` (one per turn, so the timeline can
scrub back and charts can plot any pair across the years) and sends orders through
`Simulation.step`. Everything here is plain Python and numpy; no drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from game.camps import CampTracker, CampView
from game.client import crisis_bridge
from game.client.alignment import anchor_index, camp_space
from game.client.ending import early_end
from game.client.score import HistoryReference
from game.construction import initial_state
from game.crises.view import CrisisView
from game.engine import Orders, TurnReport
from game.phases.events import expected_choices
from game.saves.orders import order_log
from game.scenario import EventDef, Scenario
from game.simulation import Simulation
from game.state import State


@dataclass(frozen=True)
class PendingEvent:
    """An event waiting for the player's answer, with the option the advisers propose."""

    event: EventDef
    proposed: int


@dataclass(frozen=True)
class LogEntry:
    """One line of the event log: what happened in which year, who decided what."""

    year: int
    event_id: str
    title: str
    decision: str | None  # the option label once decided
    by_player: bool


class Session:
    """One campaign in play: read-only views of the states and a way to end the turn."""

    def __init__(
        self,
        sim: Simulation,
        states: list[State] | None = None,
        reports: list[TurnReport] | None = None,
    ) -> None:
        self.sim = sim
        self.states: list[State] = states if states is not None else [sim.state]
        self.reports: list[TurnReport | None] = (
            list(reports) if reports is not None else [None] * (len(self.states) - 1)
        )
        self.first_turn = self.states[0].turn  # 0 unless a save's past could not be replayed
        self.anchor = anchor_index(self.states[0])
        self._camps = CampTracker([n.name for n in sim.scenario.nations], self.anchor)
        self.track: list[np.ndarray] = []  # the inset's positions, one (N, 2) per state
        for state in self.states:
            self._extend_camps(state)
        self.actions_taken: list[list[str]] = [[] for _ in range(len(self.states) - 1)]
        self._reference: HistoryReference | None = None
        self._crises: dict[int, list[CrisisView]] = {}

    # --- construction ---------------------------------------------------------------

    @classmethod
    def new(
        cls,
        scenario: Scenario | str | Path,
        player: str | None,
        seed: int = 0,
        policy: str = "historical",
    ) -> Session:
        """A fresh campaign at the scenario's first year."""
        return cls(Simulation(scenario, seed=seed, policy=policy, player=player))

    @classmethod
    def resumed(cls, sim: Simulation) -> Session:
        """A campaign loaded from a save: its past is rebuilt by replaying its decisions.

        The engine is deterministic, so replaying the recorded decisions from the first
        turn reproduces every past state; if the replay does not arrive at the saved state
        (a save from another version of the rules), the timeline starts at the save.
        """
        replayed = replay_states(sim)
        if replayed is None:
            return cls(sim)
        states, reports = replayed
        return cls(sim, states, reports)

    # --- reading --------------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self.sim.scenario

    @property
    def state(self) -> State:
        return self.sim.state

    @property
    def last(self) -> int:
        """Index of the current state in `states`."""
        return len(self.states) - 1

    @property
    def player(self) -> int:
        return self.state.player

    @property
    def done(self) -> bool:
        """The campaign is over: its last year is played, or it ended early."""
        return self.state.done or self.ended_early is not None

    @property
    def ended_early(self) -> str | None:
        """Why the campaign ended before its last year (the player's nation was absorbed
        or collapsed), or None."""
        return early_end(self)

    def year_of(self, index: int) -> int:
        """Calendar year of states[index]: the year its turn is about to play."""
        return self.scenario.year_of_turn(self.first_turn + index)

    def turn_number(self, index: int) -> int:
        """The campaign's turn (1 to scenario.turns) that states[index] is about to play; the
        top bar and its tooltips count turns this one way, also when the states begin after the first turn."""
        return min(self.first_turn + index + 1, self.scenario.turns)

    def index_of_year(self, year: int) -> int:
        """The latest state index showing `year` (clamped to the states we have)."""
        best = 0
        for k in range(len(self.states)):
            if self.year_of(k) <= year:
                best = k
        return best

    @property
    def focus(self) -> int:
        """The nation the inset measures relations against: the player, else the anchor."""
        return self.player if self.player >= 0 else self.anchor

    def _extend_camps(self, state: State) -> None:
        view = self._camps.extend(state)
        self.track.append(camp_space(view, state.relations[0], self.focus))

    def camps(self, index: int) -> CampView:
        """The camps of states[index]: the one source for tint, panels, legend and summary."""
        return self._camps.views[index]

    def lean(self, index: int) -> np.ndarray:
        """(N,) every nation's lean toward the anchor's camp, -1..1 (from `camps`)."""
        return self._camps.views[index].lean

    def history_path(self) -> list[State]:
        """History's path (same scenario, seed and player, history's choices everywhere)
        from the first turn to the present, for the end report's comparison."""
        if self._reference is None:
            first = self.states[0] if self.first_turn == 0 else None
            if first is None:
                state = self.state
                player = self.scenario.nation_ids[state.player] if state.player >= 0 else None
                first = initial_state(self.scenario, state.seeds, state.policy, player)
            self._reference = HistoryReference(first)
        return self._reference.advance_to(self.state.turn)

    def decisions(self) -> dict[str, str]:
        """Event id -> the option label the player took (the last time, for repeats)."""
        return {e.event_id: e.decision for e in self.log() if e.by_player and e.decision}

    def pending(self) -> list[PendingEvent]:
        """The events the player must answer before the turn can end."""
        scenario = self.scenario
        return [
            PendingEvent(scenario.events[scenario.event_index[event_id]], proposed)
            for event_id, proposed in expected_choices(self.state)
        ]

    def crises(self, index: int | None = None) -> list[CrisisView]:
        """The crises of states[index] (the present by default) as the player's nation sees
        them: open ones and those that ended in the turn before. Every crisis on every
        screen comes from here, so the dialog, the map, the summary and the History view
        agree."""
        index = self.last if index is None else index
        cached = self._crises.get(index)
        if cached is None:
            state = self.states[index]
            viewer = self.scenario.nation_ids[state.player] if state.player >= 0 else None
            cached = self._crises[index] = crisis_bridge.views(state, viewer)
        return cached

    def crisis_spans(self) -> list[crisis_bridge.CrisisSpan]:
        """Every crisis of the campaign so far, across the turns it lasted (the History
        view's bars and the end report's tally)."""
        years = [self.year_of(max(0, k - 1)) for k in range(len(self.states))]
        return crisis_bridge.spans([self.crises(k) for k in range(len(self.states))], years)

    def fired_in(self, index: int) -> list[int]:
        """Event indices that fired during the turn that led to states[index]."""
        report = self.reports[index - 1] if index > 0 else None
        return [] if report is None else [int(e) for e in np.flatnonzero(report.fired[0])]

    def fired_year(self, event_id: str) -> int:
        """The year an event last fired (the year it happened, as the log and the
        scenario give it), or the current year when it is not in the reports."""
        e = self.scenario.event_index[event_id]
        for k in range(self.last, 0, -1):
            if e in self.fired_in(k):
                return self.year_of(k - 1)
        return self.year_of(self.last)

    def decided_in(self, index: int) -> dict[int, int]:
        """Event index -> option index decided during the turn that led to states[index]."""
        report = self.reports[index - 1] if index > 0 else None
        if report is None:
            return {}
        return {int(e): int(report.decided[0, e]) for e in np.flatnonzero(report.decided[0] >= 0)}

    def log(self) -> list[LogEntry]:
        """Every event so far, oldest first, with the decision taken on it."""
        scenario = self.scenario
        entries: list[LogEntry] = []
        open_entries: dict[int, int] = {}
        for k in range(1, len(self.states)):
            decided = self.decided_in(k)
            for e, option in decided.items():
                if e in open_entries:
                    at = open_entries.pop(e)
                    event = scenario.events[e]
                    old = entries[at]
                    by_player = (
                        event.nation is not None
                        and scenario.nation_index[event.nation] == self.player
                    )
                    entries[at] = LogEntry(
                        old.year, old.event_id, old.title, event.options[option].label, by_player
                    )
            for e in self.fired_in(k):
                event = scenario.events[e]
                open_entries[e] = len(entries)
                entries.append(LogEntry(self.year_of(k - 1), event.id, event.title, None, False))
        return entries

    # --- acting ---------------------------------------------------------------------

    def end_turn(
        self,
        choices: dict[str, int],
        actions: list[Any] | None = None,
        action_labels: list[str] | None = None,
        crisis_moves: dict[str, str] | None = None,
    ) -> TurnReport:
        """Send the player's orders and play one turn; returns the engine's report.

        `actions` is None when diplomacy is not in play (the engine then decides for every
        nation); a list, even an empty one, is the player's own diplomatic orders.
        `crisis_moves` maps a crisis id to the move the player chose in it.
        """
        orders = Orders(
            choices=dict(choices),
            actions=None if actions is None else list(actions),
            crisis_moves=dict(crisis_moves or {}),
        )
        report = self.sim.step(orders)  # the simulation keeps `orders` in its log
        self.states.append(self.sim.state)
        self.reports.append(report)
        self.actions_taken.append(list(action_labels or [str(a) for a in actions or []]))
        self._extend_camps(self.sim.state)
        if self._reference is not None and len(self._reference.states) == len(self.states) - 1:
            self._reference.advance_to(self.state.turn)  # keep history's path in lockstep
        return report


def _order_log(sim: Simulation) -> list[Orders] | None:
    """One Orders per turn played: from the save system's log when it has one (it keeps
    diplomatic actions too), else rebuilt from the records' decisions."""
    try:
        return list(order_log(sim))
    except (ValueError, AttributeError, IndexError):
        pass
    records = sim.records
    target = sim.state
    if len(records) != target.turn:
        return None
    scenario = sim.scenario
    log = []
    for record in records:
        choices = {}
        for event_id, option_id in record.get("decisions", {}).items():
            event = scenario.events[scenario.event_index[event_id]]
            if event.nation is not None and scenario.nation_index[event.nation] == target.player:
                choices[event_id] = [o.id for o in event.options].index(option_id)
        log.append(Orders(choices=choices))
    return log


def replay_states(sim: Simulation) -> tuple[list[State], list[TurnReport]] | None:
    """Every state and report from the first turn to `sim.state`, by replaying the orders.

    Returns None when the orders are unknown or the replay does not reproduce the state.
    """
    target = sim.state
    log = _order_log(sim)
    if log is None or len(log) != target.turn:
        return None
    scenario = sim.scenario
    player = scenario.nation_ids[target.player] if target.player >= 0 else None
    forced = {
        scenario.events[e].id: scenario.events[e].options[int(target.forced[0, e])].id
        for e in np.flatnonzero(target.forced[0] >= 0)
    }
    try:
        replay = Simulation(
            scenario,
            seed=int(target.seeds[0]),
            policy=target.policy,
            player=player,
            forced=forced,
            record=False,
        )
    except ValueError:
        return None
    replay.state = initial_state(scenario, target.seeds, target.policy, player, forced)
    states = [replay.state]
    reports = []
    for orders in log:
        reports.append(replay.step(orders))
        states.append(replay.state)
    return (states, reports) if replay.state.digest() == target.digest() else None
