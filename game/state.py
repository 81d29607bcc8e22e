"""The game state: plain data plus numpy arrays with a leading batch axis.

The interactive game is a batch of one; what-if statistics step thousands of runs at once.
Nations that come and go are an `active` mask, so array shapes never change during a game.
The scenario (the rules) is referenced, never copied into the state.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

import numpy as np

from game.rng import as_seeds
from game.scenario import STAT_INDEX, STAT_NAMES, Scenario

POLICIES = ("historical", "ai", "random")

# Array fields, in a fixed order for digests and saves.
ARRAY_FIELDS = (
    "seeds",
    "active",
    "emerged",
    "relations",
    "baselines",
    "trade",
    "aid",
    "war",
    "sanctions",
    "stats",
    "treaty_status",
    "members",
    "flags",
    "fired_count",
    "last_fired",
    "last_choice",
    "pending",
    "proposed",
    "queued",
    "emerge_request",
    "owner",
    "blocs",
    "historical_choices",
    "choices_made",
    "forced",
    "capital",
    "action_last",
    "ai_level",
    "ai_script",
    "objective_turns",
)

NOT_YET, IN_FORCE, ENDED = 0, 1, 2


@dataclass
class State:
    """Everything that changes during a game. Shapes: B runs, N nations, E events, T treaties."""

    scenario: Scenario
    turn: int
    policy: str
    player: int  # nation index a person plays, or -1
    seeds: np.ndarray  # (B,) uint64
    active: np.ndarray  # (B, N) bool: the nation exists now
    emerged: np.ndarray  # (B, N) bool: a declared successor has come into being
    relations: np.ndarray  # (B, N, N) float64, symmetric, -100..100, diagonal 100
    baselines: np.ndarray  # (B, N, N) float64, symmetric
    trade: np.ndarray  # (B, N, N) float64, symmetric, 0..100
    aid: np.ndarray  # (B, N, N) float64, donor row -> recipient column, US$ bn / yr
    war: np.ndarray  # (B, N, N) bool, symmetric
    sanctions: np.ndarray  # (B, N, N) bool, row sanctions column
    stats: np.ndarray  # (B, N, S) float64, see game.scenario.STATS
    treaty_status: np.ndarray  # (B, T) int8: NOT_YET, IN_FORCE, ENDED
    members: np.ndarray  # (B, T, N) bool
    flags: np.ndarray  # (B, F) bool
    fired_count: np.ndarray  # (B, E) int32
    last_fired: np.ndarray  # (B, E) int32 turn, -1 never
    last_choice: np.ndarray  # (B, E) int8 option index last applied, -1 none
    pending: np.ndarray  # (B, E) bool: fired, waiting for its decision next turn
    proposed: np.ndarray  # (B, E) int8: the policy's choice for a pending event
    queued: np.ndarray  # (B, E) bool: forced to fire next turn if its trigger holds
    emerge_request: np.ndarray  # (B, N) bool: emerge(X) was called
    owner: np.ndarray  # (B, R) int16 nation index holding each map region, -1 none
    blocs: np.ndarray  # (B, N) int8: 0 non-aligned, 1 the leading power's camp, 2 the other
    historical_choices: np.ndarray  # (B,) int32
    choices_made: np.ndarray  # (B,) int32
    forced: np.ndarray  # (B, E) int8: option a what-if script imposes on an event, -1 none
    capital: np.ndarray  # (B, N) float64: diplomatic capital left to spend
    action_last: np.ndarray  # (B, N, A) int32: turn each nation last took each action, -1 never
    ai_level: np.ndarray  # (B, N) int8: how well the AI plays each nation, 0 easy .. 2 hard
    ai_script: np.ndarray  # (B, N) int16: -1 the policy decides, else game.diplomacy.ai scripts
    objective_turns: np.ndarray  # (B, O) int32: turns each objective's condition held

    @property
    def batch(self) -> int:
        return int(self.seeds.shape[0])

    @property
    def year(self) -> int:
        """The year the next step will play."""
        return self.scenario.year_of_turn(self.turn)

    @property
    def done(self) -> bool:
        return self.turn >= self.scenario.turns

    def copy(self) -> State:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ARRAY_FIELDS:
            values[name] = values[name].copy()
        return State(**values)

    def stat(self, nation_id: str, name: str, run: int = 0) -> float:
        index = self.scenario.nation_index[nation_id]
        return float(self.stats[run, index, STAT_INDEX[name]])

    def relation(self, a: str, b: str, run: int = 0) -> float:
        index = self.scenario.nation_index
        return float(self.relations[run, index[a], index[b]])

    def forced_choices(self, run: int = 0) -> dict[str, str]:
        """{event id: option id} a what-if imposes on this run (see `initial_state`)."""
        events = self.scenario.events
        return {
            events[e].id: events[e].options[int(self.forced[run, e])].id
            for e in np.flatnonzero(self.forced[run] >= 0)
        }

    def digest(self, run: int | None = None) -> str:
        """SHA-256 over the turn and every array (one run, or all): equal digests, equal games."""
        h = hashlib.sha256(
            f"{self.scenario.content_hash}:{self.turn}:{self.policy}:{self.player}".encode()
        )
        for name in ARRAY_FIELDS:
            array = getattr(self, name)
            part = array if run is None else array[run]
            h.update(name.encode())
            h.update(np.ascontiguousarray(part).tobytes())
        return h.hexdigest()

    def one_run(self, index: int) -> State:
        """Run `index` as a batch of one for reading: the state itself when it is one."""
        return self.run(index) if self.batch > 1 else self

    def run(self, index: int) -> State:
        """A batch of one holding run `index` of this batch (its own copy)."""
        return self.select(slice(index, index + 1)).copy()

    def select(self, runs: slice | np.ndarray) -> State:
        """Some runs of this batch as a batch: arrays are views for a slice, copies for an
        index array; everything else is shared."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ARRAY_FIELDS:
            values[name] = values[name][runs]
        return State(**values)


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
    forced_row = np.full(len(scenario.events), -1, dtype=np.int8)
    for event_id, option_id in (forced or {}).items():
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
    from game.phases.blocs import compute_blocs

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
    )
    apply_setup(state)
    state.blocs = compute_blocs(state)
    return state


def apply_setup(state: State) -> None:
    """Apply the scenario's `setup` effects to every run: how a later start declares the
    treaties in force, memberships, sanctions and flags that earlier events would have made."""
    if not state.scenario.setup:
        return
    from game.compile import Compiler, Context

    compiler = Compiler(state.scenario)
    ctx = Context(state, state.scenario.start_year, 0)
    everywhere = np.ones(state.batch, dtype=bool)
    for effect in state.scenario.setup:
        compiler.effect(effect)(ctx, everywhere)
