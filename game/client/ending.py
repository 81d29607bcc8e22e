"""When a campaign ends before its last year: the player's nation absorbed, or collapsed.

Its own module so the session can ask without importing the goals panel's model (which
reads the session): the arrow runs one way.
"""

from __future__ import annotations

from typing import Protocol

from game.scenario import STAT_INDEX, Scenario
from game.state import State


class Session(Protocol):
    """What the ending needs of a game session (game.client.session.Session)."""

    state: State
    player: int
    last: int
    scenario: Scenario


COLLAPSE = 5.0  # stability at or below which a nation has collapsed: the campaign ends


def early_end(session: Session) -> str | None:
    """Why the campaign is over before its last year, or None: the player's nation was
    absorbed (it is no longer in play) or its stability collapsed."""
    state = session.state
    nation = session.player
    if nation < 0 or state.done or session.last == 0:
        return None
    name = session.scenario.nations[nation].name
    if not state.active[0, nation]:
        return f"{name} no longer exists: it was absorbed or broke apart."
    stability = float(state.stats[0, nation, STAT_INDEX["stability"]])
    if stability <= COLLAPSE:
        return f"{name}'s stability collapsed ({stability:.0f} of 100): the state can no longer be governed."
    return None
