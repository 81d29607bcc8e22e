"""How a game begins: the state at a scenario's start, for every seed of a batch.

Kept apart from `game.state` (plain data) because building the opening position needs
the expression compiler (the scenario's `setup` effects) and the bloc split, which both
read the state: the state stays at the bottom, construction sits above them.
"""

from __future__ import annotations

import numpy as np

from game.compile import Compiler, Context
from game.crises.vocabulary import PARTY_MOVES, PATRON_STANCES
from game.phases.blocs import compute_blocs
from game.rng import as_seeds
from game.scenario import STAT_NAMES, Scenario
from game.state import ENDED, IN_FORCE, POLICIES, State


def initial_state(
    scenario: Scenario,
    seeds: int | list[int] | np.ndarray = 0,
    policy: str = "historical",
    player: str | None = None,
    forced: dict[str, str] | None = None,
) -> State:
    """The state at the scenario's start for each seed of the batch.

    `forced` maps event ids to option ids that every run takes whatever its policy, for
    what-if branches ("what if Pakistan had stayed out of SEATO?").
    """
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}; expected one of {', '.join(POLICIES)}")
    if player is not None:
        scenario.nation_number(player)
    forced = dict(forced or {})
    crisis_forced = forced_crisis_seats(scenario, forced)
    forced_row = np.full(len(scenario.events), -1, dtype=np.int8)
    for event_id, option_id in forced.items():
        if event_id not in scenario.event_index:
            raise ValueError(f"unknown event {event_id!r} in the forced choices")
        event = scenario.events[scenario.event_index[event_id]]
        options = [o.id for o in event.options]
        if option_id not in options:
            raise ValueError(
                f"event {event_id!r} has options {', '.join(options)}, not {option_id!r}"
            )
        forced_row[scenario.event_index[event_id]] = options.index(option_id)
    seed_array = as_seeds(seeds)
    b = seed_array.shape[0]
    n = len(scenario.nations)
    e = len(scenario.events)
    t = len(scenario.treaties)
    index = scenario.nation_index

    def tile(array: np.ndarray) -> np.ndarray:
        return np.broadcast_to(array, (b, *array.shape)).copy()

    active = np.array([nation.emerges is None for nation in scenario.nations])
    stats = np.array(
        [[nation.stats.get(name, 0.0) for name in STAT_NAMES] for nation in scenario.nations]
    )
    war = np.zeros((n, n), dtype=bool)
    for x, y in scenario.wars:
        war[index[x], index[y]] = war[index[y], index[x]] = True
    status = np.zeros(t, dtype=np.int8)
    members = np.zeros((t, n), dtype=bool)
    for k, treaty in enumerate(scenario.treaties):
        for member in treaty.members:
            members[k, index[member]] = True
        if treaty.start is not None and treaty.start <= scenario.start_year:
            ended = treaty.end is not None and treaty.end <= scenario.start_year
            status[k] = ENDED if ended else IN_FORCE
    members &= active[None, :]  # a successor takes its declared seats when it emerges
    flags = np.array([f in scenario.initial_flags for f in scenario.flags], dtype=bool)
    owner = np.full(len(scenario.regions), -1, dtype=np.int16)
    for i, nation in enumerate(scenario.nations):
        if nation.emerges is None:
            for region in nation.territory:
                owner[scenario.regions.index(region)] = i
    state = State(
        scenario=scenario,
        turn=0,
        policy=policy,
        player=index[player] if player else -1,
        seeds=seed_array,
        active=tile(active),
        emerged=np.zeros((b, n), dtype=bool),
        relations=tile(scenario.relations.astype(np.float64)),
        baselines=tile(scenario.baselines.astype(np.float64)),
        trade=tile(scenario.trade.astype(np.float64)),
        aid=tile(scenario.aid.astype(np.float64)),
        war=tile(war),
        sanctions=np.zeros((b, n, n), dtype=bool),
        stats=tile(stats.astype(np.float64)),
        treaty_status=tile(status),
        members=tile(members),
        flags=tile(flags),
        fired_count=np.zeros((b, e), dtype=np.int32),
        last_fired=np.full((b, e), -1, dtype=np.int32),
        last_choice=np.full((b, e), -1, dtype=np.int8),
        pending=np.zeros((b, e), dtype=bool),
        proposed=np.full((b, e), -1, dtype=np.int8),
        queued=np.zeros((b, e), dtype=bool),
        emerge_request=np.zeros((b, n), dtype=bool),
        owner=tile(owner),
        blocs=np.zeros((b, n), dtype=np.int8),
        historical_choices=np.zeros(b, dtype=np.int32),
        choices_made=np.zeros(b, dtype=np.int32),
        forced=tile(forced_row),
        capital=np.zeros((b, n), dtype=np.float64),
        action_last=np.full((b, n, len(scenario.actions)), -1, dtype=np.int32),
        ai_level=np.ones((b, n), dtype=np.int8),
        ai_script=np.full((b, n), -1, dtype=np.int16),
        objective_turns=np.zeros((b, len(scenario.objectives)), dtype=np.int32),
        **opening_crises(b, n, len(scenario.crises)),
        crisis_forced=tile(crisis_forced),
    )
    apply_setup(state)
    state.blocs = compute_blocs(state)
    return state


def forced_crisis_seats(scenario: Scenario, forced: dict[str, str]) -> np.ndarray:
    """(C, N) the move (a party's) or stance (a patron's) forced on each crisis seat, -1
    none, from the "crisis.NATION" entries of `forced`, which are taken out of it."""
    seats = np.full((len(scenario.crises), len(scenario.nations)), -1, dtype=np.int8)
    for key in [k for k in forced if "." in k]:
        value = forced.pop(key)
        crisis_id, _, nation = key.partition(".")
        if crisis_id not in scenario.crisis_index:
            raise ValueError(f"unknown crisis {crisis_id!r} in the forced choices")
        crisis = scenario.crises[scenario.crisis_index[crisis_id]]
        patrons = [p.nation for p in crisis.patrons]
        if nation not in crisis.parties and nation not in patrons:
            raise ValueError(f"{nation!r} has no seat in crisis {crisis_id!r}")
        words = PARTY_MOVES if nation in crisis.parties else PATRON_STANCES
        if value not in words:
            raise ValueError(f"{key}: {nation} may {', '.join(words)}, not {value!r}")
        seats[scenario.crisis_index[crisis_id], scenario.nation_index[nation]] = words.index(value)
    return seats


def opening_crises(b: int, n: int, c: int) -> dict[str, np.ndarray]:
    """The crisis arrays of a new game: no crisis open, nobody's prestige won or lost."""
    return {
        "crisis_status": np.zeros((b, c), dtype=np.int8),
        "crisis_outcome": np.zeros((b, c), dtype=np.int8),
        "crisis_level": np.zeros((b, c), dtype=np.int8),
        "crisis_peak": np.full((b, c), -1, dtype=np.int8),
        "crisis_round": np.zeros((b, c), dtype=np.int16),
        "crisis_opened": np.full((b, c), -1, dtype=np.int32),
        "crisis_closed": np.full((b, c), -1, dtype=np.int32),
        "crisis_moves": np.full((b, c, 2), -1, dtype=np.int8),
        "crisis_stance": np.full((b, c, n), -1, dtype=np.int8),
        "crisis_scripted": np.ones((b, c), dtype=bool),
        "prestige": np.zeros((b, n), dtype=np.float64),
        "nuclear_end": np.zeros(b, dtype=bool),
    }


def apply_setup(state: State) -> None:
    """Apply the scenario's `setup` effects to every run: how a later start declares the
    treaties in force, memberships, sanctions and flags that earlier events would have made."""
    if not state.scenario.setup:
        return
    compiler = Compiler(state.scenario)
    ctx = Context(state, state.scenario.start_year, 0)
    everywhere = np.ones(state.batch, dtype=bool)
    for effect in state.scenario.setup:
        compiler.effect(effect)(ctx, everywhere)
