"""One turn: a pure function of (state, orders, rng) returning the new state and a report.

A turn is the ordered list `PIPELINE`: every phase is `phase(state, turn)`, changes the new
state in place and writes its part of the report into `turn` (a `game.turn.Turn`). The
input state is never changed; the same state, orders and seed give the same result bit for
bit. Adding a phase is one module in `game/phases/` and one line below.

To see where a turn's time goes, `timed_step` plays a turn like `step` and also returns
the seconds each pipeline entry took (no patching of the engine's names needed).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from game.compile import Context
from game.crises.view import crises_awaiting, legal_crisis_moves
from game.phases.blocs import run_blocs
from game.phases.crisis import run_crisis
from game.phases.diplomacy import ActionReport, run_diplomacy
from game.phases.drift import run_drift
from game.phases.economy import run_economy
from game.phases.events import run_decisions, run_events
from game.phases.objectives import run_objectives
from game.phases.succession import run_succession, run_treaties
from game.rng import TurnRng
from game.rules import compile_rules
from game.state import ARRAY_FIELDS, State
from game.turn import Turn


@dataclass(frozen=True)
class Phase:
    """One entry of the pipeline: a name (for timings and docs) and the function."""

    name: str
    run: Callable[[State, Turn], None]


# The turn, in order. Diplomatic actions come first: they are resolved on the very state
# `legal_orders` showed the player. Objectives come last: they judge the turn's result.
PIPELINE: tuple[Phase, ...] = (
    Phase("diplomacy", run_diplomacy),
    Phase("decisions", run_decisions),
    Phase("drift", run_drift),
    Phase("economy", run_economy),
    Phase("events", run_events),
    Phase("succession", run_succession),
    Phase("treaties", run_treaties),
    Phase("crisis", run_crisis),
    Phase("blocs", run_blocs),
    Phase("objectives", run_objectives),
)


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
    # Crisis id -> a move of game.crises.view.PARTY_MOVES (where the player's nation is a
    # party) or a stance of PATRON_STANCES (where it is a patron), for this turn's first
    # round; a crisis left out is played by the policy.
    crisis_moves: dict[str, str] = field(default_factory=dict)


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
    nuclear: np.ndarray | None = None  # (B,) bool: nuclear weapons were used this turn


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


def check_crisis_orders(state: State, orders: Orders) -> tuple[dict[str, str], list[str]]:
    """Keep the player's usable crisis moves; describe each rejected one for the report."""
    usable: dict[str, str] = {}
    rejected: list[str] = []
    if not orders.crisis_moves:
        return usable, rejected
    scenario = state.scenario
    viewer = scenario.nations[state.player].id if state.player >= 0 else None
    waiting = set(crises_awaiting(state, viewer)) if viewer else set()
    for crisis_id, move in orders.crisis_moves.items():
        if crisis_id not in scenario.crisis_index:
            rejected.append(f"no crisis '{crisis_id}' in this scenario")
            continue
        if crisis_id not in waiting or viewer is None:
            rejected.append(f"crisis '{crisis_id}' is not waiting for the player's move")
            continue
        legal = legal_crisis_moves(state, crisis_id, viewer)
        if move not in legal:
            rejected.append(
                f"crisis '{crisis_id}': {viewer} may {', '.join(legal)} now, not {move!r}"
            )
            continue
        usable[crisis_id] = move
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
    return _play(state, orders, rng, None)


def step_in_place(
    state: State, orders: Orders | None = None, rng: TurnRng | None = None
) -> TurnReport:
    """`step` without copying the state first: `state` becomes the next turn's. For loops
    that never look back at a turn (the batch runner): the copy of every array costs a few
    per cent of a turn. The game is `step`'s, bit for bit."""
    _, report = _play(state, orders, rng, None, in_place=True)
    return report


def timed_step(
    state: State,
    orders: Orders | None = None,
    rng: TurnRng | None = None,
    clock: Callable[[], float] = time.process_time,
) -> tuple[State, TurnReport, dict[str, float]]:
    """`step`, plus the time each PIPELINE entry took ({phase name: seconds by `clock`}).
    The game is the same as `step`'s: the clock only reads time."""
    spent: dict[str, float] = {}
    new, report = _play(state, orders, rng, (clock, spent))
    return new, report, spent


def _play(
    state: State,
    orders: Orders | None,
    rng: TurnRng | None,
    timing: tuple[Callable[[], float], dict[str, float]] | None,
    in_place: bool = False,
) -> tuple[State, TurnReport]:
    if state.done:
        if state.nuclear_end.all():
            raise ValueError("nuclear weapons were used: the game is over, no turns are left")
        raise ValueError(f"the scenario ended in {state.scenario.end_year}; no turns are left")
    orders = orders or Orders()
    over = state.nuclear_end.copy()
    # The runs that had already ended in nuclear use, as they ended: put back after the turn.
    ended = state.select(over) if over.any() else None
    new = state if in_place else state.copy()
    year = new.year
    choices, rejected = check_orders(new, orders)
    crisis_moves, crisis_rejected = check_crisis_orders(new, orders)
    rejected += crisis_rejected
    turn = Turn(
        rules=compile_rules(state.scenario),
        rng=rng if rng is not None else turn_rng(state),
        ctx=Context(new, year, new.turn),
        choices=choices,
        ordered_actions=orders.actions,
        rejected=rejected,
        crisis_moves=crisis_moves,
    )
    active_before = new.active.copy()
    for phase in PIPELINE:
        if timing is None:
            phase.run(new, turn)
        else:
            clock, spent = timing
            start = clock()
            phase.run(new, turn)
            spent[phase.name] = clock() - start

    assert turn.fired is not None and turn.decided is not None and turn.emerged is not None
    if ended is not None:  # a run where nuclear weapons were used stays as it ended
        _keep_ended(ended, new, over, turn)
    report = TurnReport(
        turn=new.turn,
        year=year,
        fired=turn.fired,
        decided=turn.decided,
        emerged=turn.emerged,
        ended=active_before & ~new.active,
        rejected=turn.rejected,
        actions=turn.actions,
        nuclear=new.nuclear_end & ~over,
    )
    new.turn += 1
    return new, report


def _keep_ended(ended: State, new: State, over: np.ndarray, turn: Turn) -> None:
    """Undo the turn in the runs that had already ended in nuclear use (`ended` holds
    those runs as they were): nothing happens there any more (shapes never change, so an
    ended run is a frozen one)."""
    for name in ARRAY_FIELDS:
        if name == "seeds":
            continue
        getattr(new, name)[over] = getattr(ended, name)
    assert turn.fired is not None and turn.decided is not None and turn.emerged is not None
    turn.fired[over] = False
    turn.decided[over] = -1
    turn.emerged[over] = False
