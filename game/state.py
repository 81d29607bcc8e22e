"""The game state: plain data plus numpy arrays with a leading batch axis.

The interactive game is a batch of one; what-if statistics step thousands of runs at once.
Nations that come and go are an `active` mask, so array shapes never change during a game.
The scenario (the rules) is referenced, never copied into the state.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

import numpy as np

from game.crises.vocabulary import PARTY_MOVES, PATRON_STANCES
from game.scenario import STAT_INDEX, Scenario

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
    "crisis_status",
    "crisis_outcome",
    "crisis_level",
    "crisis_peak",
    "crisis_round",
    "crisis_opened",
    "crisis_closed",
    "crisis_moves",
    "crisis_stance",
    "crisis_scripted",
    "prestige",
    "nuclear_end",
    "crisis_forced",
)

NOT_YET, IN_FORCE, ENDED = 0, 1, 2
# A crisis's status: not opened (yet), open, closed with an outcome.
CRISIS_DORMANT, CRISIS_OPEN, CRISIS_CLOSED = 0, 1, 2


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
    # Crises (game.crises): C crises of the scenario, each between two fixed parties.
    crisis_status: np.ndarray  # (B, C) int8: DORMANT, OPEN, CLOSED (game.crises.codes)
    crisis_outcome: np.ndarray  # (B, C) int8: game.crises.codes outcome code, 0 ongoing
    crisis_level: np.ndarray  # (B, C) int8: index into the scenario's ladder
    crisis_peak: np.ndarray  # (B, C) int8: highest level reached, -1 never opened
    crisis_round: np.ndarray  # (B, C) int16: rounds played since it opened
    crisis_opened: np.ndarray  # (B, C) int32: turn it opened, -1 never
    crisis_closed: np.ndarray  # (B, C) int32: turn it ended, -1 not yet
    crisis_moves: np.ndarray  # (B, C, 2) int8: each party's last move (PARTY_MOVES), -1 none
    crisis_stance: np.ndarray  # (B, C, N) int8: each nation's stance as a patron, -1 none
    crisis_scripted: np.ndarray  # (B, C) bool: every move so far was history's
    prestige: np.ndarray  # (B, N) float64: won and lost in crises, 0 at the start
    nuclear_end: np.ndarray  # (B,) bool: nuclear weapons were used; the run is over
    crisis_forced: np.ndarray  # (B, C, N) int8: move or stance a what-if imposes on a seat, -1 none

    @property
    def batch(self) -> int:
        return int(self.seeds.shape[0])

    @property
    def crisis_pairs(self) -> np.ndarray:
        """(B, N, N) bool: the two nations face each other in an open crisis."""
        pairs = np.zeros(self.relations.shape, dtype=bool)
        for c, crisis in enumerate(self.scenario.crises):
            a, b = (self.scenario.nation_index[p] for p in crisis.parties)
            open_now = self.crisis_status[:, c] == CRISIS_OPEN
            pairs[:, a, b] |= open_now
            pairs[:, b, a] |= open_now
        return pairs

    @property
    def year(self) -> int:
        """The year the next step will play."""
        return self.scenario.year_of_turn(self.turn)

    @property
    def done(self) -> bool:
        """No turns are left: the scenario's end, or nuclear use in every run."""
        return self.turn >= self.scenario.turns or bool(self.nuclear_end.all())

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
        """{event id: option id} a what-if imposes on this run (see `initial_state`), and
        {"crisis.NATION": move or stance} for the crisis seats it imposes on."""
        events = self.scenario.events
        out = {
            events[e].id: events[e].options[int(self.forced[run, e])].id
            for e in np.flatnonzero(self.forced[run] >= 0)
        }
        for c, i in zip(*np.nonzero(self.crisis_forced[run] >= 0), strict=True):
            crisis = self.scenario.crises[c]
            nation = self.scenario.nations[i].id
            words = PARTY_MOVES if nation in crisis.parties else PATRON_STANCES
            out[f"{crisis.id}.{nation}"] = words[int(self.crisis_forced[run, c, i])]
        return out

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
