"""History's path: the game a campaign is compared with at its end.

It is the same scenario, seeds, player and forced choices as the campaign, with every
decision history's (the historical policy: each event takes history's option unless a
forced choice says otherwise, and no nation takes diplomatic actions). The command line's
end report and the client's report both read it from here, so they compare against the
same run.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.construction import initial_state
from game.engine import step
from game.state import State


def history_path(game: State) -> Iterator[State]:
    """History's path for the game `game` is a state of (any turn): its opening state, then
    the state after each turn, to the scenario's end."""
    scenario = game.scenario
    state = initial_state(
        scenario,
        seeds=game.seeds,
        policy="historical",
        player=scenario.nation_ids[game.player] if game.player >= 0 else None,
        forced=game.forced_choices(),
    )
    yield state
    while not state.done:
        state, _ = step(state)
        yield state


def state_on_history_path(game: State) -> State:
    """History's path played to the turn `game` has reached (or to the scenario's end)."""
    for state in history_path(game):
        if state.turn >= game.turn:
            break
    return state
