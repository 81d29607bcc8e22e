"""One turn: a pure function of (state, orders, rng) returning the new state and a report.

Phases run in this order: orders → relation drift → economy and military → events →
succession and treaties → blocs. The input state is never changed; the same state, orders
and seed give the same result bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.compile import Context
from game.diplomacy.objectives import track_objectives
from game.diplomacy.phase import ActionReport, diplomacy_phase
from game.phases.blocs import compute_blocs
from game.phases.drift import drift_phase
from game.phases.economy import economy_phase
from game.phases.events import decide_pending, events_phase
from game.phases.succession import succession_phase, treaties_phase
from game.rng import TurnRng
from game.rules import compile_rules
from game.state import State

PHASES = ("orders", "drift", "economy", "events", "succession", "blocs")


@dataclass
class Orders:
    """What the player decides this turn: answers to the events waiting for them, and
    diplomatic actions.

    `choices` maps an event id to an option index (or a (B,) array of them for a batch).
    `actions` lists `game.diplomacy.ActionOrder`s (or (action id, target id) pairs), at most
    the scenario's max_actions. None (the default) lets the AI act for the player's nation,
    as the policy answers events the player leaves unanswered; [] takes no action. Unknown
    ids, out-of-range options and illegal actions are reported back in the turn report, not
    raised.
    """

    choices: dict[str, int | np.ndarray] = field(default_factory=dict)
    actions: list | None = None


@dataclass
class TurnReport:
    """What happened in one turn, for every run of the batch."""

    turn: int
    year: int
    fired: np.ndarray  # (B, E) bool: events that fired this turn (decided next turn)
    decided: np.ndarray  # (B, E) int8: option applied this turn, -1 none
    emerged: np.ndarray  # (B, N) bool
    ended: np.ndarray  # (B, N) bool
    rejected: list[str] = field(default_factory=list)  # orders that could not be used
    actions: ActionReport | None = None  # every nation's diplomatic actions this turn


def turn_rng(state: State) -> TurnRng:
    """The random numbers of the state's next turn, derived from its seeds and turn."""
    return TurnRng(state.seeds, state.turn)


def check_orders(state: State, orders: Orders) -> tuple[dict[str, int | np.ndarray], list[str]]:
    """Keep the usable choices; describe each rejected one for the report."""
    scenario = state.scenario
    usable: dict[str, int | np.ndarray] = {}
    rejected: list[str] = []
    waiting = {event_id for event_id, _ in _player_pending(state)}
    for event_id, option in orders.choices.items():
        if event_id not in scenario.event_index:
            rejected.append(f"no event '{event_id}' in this scenario")
            continue
        if event_id not in waiting:
            rejected.append(f"event '{event_id}' is not waiting for the player's decision")
            continue
        count = len(scenario.events[scenario.event_index[event_id]].options)
        values = np.asarray(option)
        if values.dtype.kind not in "iu" or (values < 0).any() or (values >= count).any():
            rejected.append(f"event '{event_id}' has options 0..{count - 1}, not {option!r}")
            continue
        usable[event_id] = option
    return usable, rejected


def _player_pending(state: State) -> list[tuple[str, int]]:
    scenario = state.scenario
    out = []
    if state.player < 0:
        return out
    for e in np.flatnonzero(state.pending.any(axis=0)):
        event = scenario.events[e]
        if event.nation is not None and scenario.nation_index[event.nation] == state.player:
            out.append((event.id, int(state.proposed[0, e])))
    return out


def step(
    state: State, orders: Orders | None = None, rng: TurnRng | None = None
) -> tuple[State, TurnReport]:
    """Play one turn. Returns the new state and the report; `state` is left unchanged."""
    if state.done:
        raise ValueError(f"the scenario ended in {state.scenario.end_year}; no turns are left")
    rules = compile_rules(state.scenario)
    rng = rng if rng is not None else turn_rng(state)
    new = state.copy()
    year = new.year
    ctx = Context(new, year, new.turn)
    choices, rejected = check_orders(new, orders or Orders())
    active_before = new.active.copy()

    # Actions first: they are resolved on the very state legal_orders showed the player.
    boards: list = []  # the start-of-turn board, read by the actions, reused by event answers
    actions = diplomacy_phase(
        new, rng, year, new.turn, (orders or Orders()).actions, rejected, boards
    )
    decided = decide_pending(new, rules, ctx, choices)
    drift_phase(new, rules, rng)
    economy_phase(new, rules, rng)
    fired = events_phase(new, rules, rng, ctx, boards)
    emerged = succession_phase(new, rules, ctx)
    treaties_phase(new, rules, ctx)
    new.blocs = compute_blocs(new)
    track_objectives(new, ctx)

    report = TurnReport(
        turn=new.turn,
        year=year,
        fired=fired,
        decided=decided,
        emerged=emerged,
        ended=active_before & ~new.active,
        rejected=rejected,
        actions=actions,
    )
    new.turn += 1
    return new, report
