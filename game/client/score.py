"""How the player's path compares with history's, for the end-of-campaign report.

History's path (`game.reports.history`, the same one the command line's end report reads)
is a second run of the same scenario, seed, player and forced choices in which every
decision is history's choice. The client steps it in lockstep with the campaign (one extra engine turn per turn, hidden in the
map's animation), so the report opens without replaying the whole campaign.

The grade itself (objectives and the general score) is `game.reports.end.end_report`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.reports.history import history_path
from game.state import State


class HistoryReference:
    """History's path for a campaign (`game.reports.history`), advanced on demand."""

    def __init__(self, first: State) -> None:
        self._path = history_path(first)
        self.states: list[State] = [next(self._path)]

    def advance_to(self, turn: int) -> list[State]:
        """States of history's path from the first turn through `turn`."""
        while self.states[-1].turn < turn and not self.states[-1].done:
            self.states.append(next(self._path))
        return self.states


@dataclass(frozen=True)
class RelationGap:
    other: int
    yours: float
    history: float

    @property
    def gap(self) -> float:
        return self.yours - self.history


def relation_gaps(yours: State, history: State, nation: int) -> list[RelationGap]:
    """Each relation of the nation at the end, against where history's path left it,
    largest difference first."""
    rows = []
    for k in range(len(yours.scenario.nations)):
        if k != nation and yours.active[0, k] and history.active[0, k] and yours.active[0, nation]:
            rows.append(
                RelationGap(
                    k, float(yours.relations[0, nation, k]), float(history.relations[0, nation, k])
                )
            )
    rows.sort(key=lambda row: -abs(row.gap))
    return rows


def differing_decisions(
    states: list[State], decisions: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(event title, the player's option, history's option) where the player left
    history's path. `decisions` maps event ids to the option labels the player took."""
    scenario = states[0].scenario
    out = []
    for event_id, label in decisions.items():
        event = scenario.events[scenario.event_index[event_id]]
        if not any(o.historical for o in event.options):
            continue
        historical = event.options[event.historical_index].label
        if historical != label:
            out.append((event.title, label, historical))
    return out
