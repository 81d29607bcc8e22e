"""The crisis phase: this turn's rounds of every open crisis (game.crises.play).

It comes after the events and treaties of the turn and before the camps are recomputed, so
a crisis's outcome shows in this turn's blocs. A crisis an answered event opened plays its
first round in the next turn, after the player has seen it (as an event fired this turn is
decided next turn). It draws its random numbers after every other phase,
so the others' numbers do not depend on how many crises a scenario defines.
"""

from __future__ import annotations

from game.crises.play import play_crises
from game.state import State
from game.turn import Turn


def run_crisis(state: State, turn: Turn) -> None:
    """Pipeline entry: play the open crises' rounds, the player's orders in the first, then
    open the crises this turn's diplomatic actions provoked."""
    play_crises(state, turn.rng, turn.ctx, turn.crisis_moves, turn.actions)
