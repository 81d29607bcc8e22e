"""The board as diplomacy sees it this turn: power, threats, friends and capital.

Computed once per turn for every run and nation ((B, N) and (B, N, N) arrays) and shared
by the odds of success, the AI's valuation and the orders the UI lists, so all three agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.compile import Context, holds_in_each_run
from game.derived import derived_stat
from game.diplomacy.pairs import SATURATING
from game.diplomacy.rules import DiplomacyRules
from game.phases.blocs import CAMP_ONE, CAMP_TWO
from game.scenario import IDEOLOGY_AXES, STAT_INDEX
from game.state import State
from game.ties import room

_IDEOLOGY = [STAT_INDEX[axis] for axis in IDEOLOGY_AXES]


@dataclass
class Board:
    state: State
    year: int
    turn: int
    pair_ok: np.ndarray  # (B, N, N) both active and different
    power: np.ndarray  # (B, N) share of power, 0 for inactive nations
    strength: np.ndarray  # (B, N) power relative to the strongest, 0..1
    unit: np.ndarray  # (B, N, N) relations / 100, 0 off active pairs
    ally: np.ndarray  # (B, N, N) max(0, unit)
    affinity: np.ndarray  # (B, N, N) ideological affinity -1..1
    threat: np.ndarray  # (B, N, N) how much the column threatens the row, 0..2
    counter: np.ndarray  # (B, N, N) how hostile the column is to the row's threats
    dominance: np.ndarray  # (B, N, N) how far the column outweighs the row, 0..1
    third: np.ndarray  # (B, N, N) what the row's friends think of the column, -1..1
    other: np.ndarray  # (B, N, N) int: the target's chief adversary, for mediation
    other_ok: np.ndarray  # (B, N, N) bool: that adversary exists and is not the actor
    income: np.ndarray  # (B, N) diplomatic capital gained this turn
    capital: np.ndarray  # (B, N) capital available this turn (after income)
    ceiling: np.ndarray  # (B, N) most capital a nation can hold
    lead: np.ndarray  # (B, N) 1 for camp leaders and nations with named clients
    rivals: np.ndarray  # (B or 1, N, N) named rivals, where their conditions hold
    patrons: np.ndarray  # (B or 1, N, N) named patrons, likewise
    clients: np.ndarray  # (B or 1, N, N) named clients, likewise
    mine: np.ndarray  # (B, N, N) the column stands in the row's camp
    theirs: np.ndarray  # (B, N, N) the column stands in the other camp
    cache: dict = field(default_factory=dict)  # per-turn arrays derived on demand

    def room(self, field_name: str, rising: bool) -> np.ndarray:
        """(B, N, N) share of a rise (or fall) of a relation or baseline that takes hold."""
        key = ("room", field_name, rising)
        if key not in self.cache:
            current = self.state.relations if field_name == "relation" else self.state.baselines
            self.cache[key] = room(current, 1.0 if rising else -1.0, SATURATING[field_name])
        return self.cache[key]

    @property
    def batch(self) -> int:
        return self.state.batch


def named_ties(
    state: State, rules: DiplomacyRules, year: int, turn: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The named rivals, patrons and clients that count now, (B or 1, N, N) each: an
    [[interests]] tie with a `while` condition counts only in the runs where it holds."""
    rivals, patrons, clients = rules.rivals[None], rules.patrons[None], rules.clients[None]
    if not rules.tie_conditions:
        return rivals, patrons, clients
    b = state.batch
    rivals, patrons, clients = (np.repeat(m, b, axis=0) for m in (rivals, patrons, clients))
    ctx = Context(state, year, turn)
    for i, j, condition in rules.tie_conditions:
        holds = holds_in_each_run(condition, ctx)
        for matrix in (rivals, patrons, clients):
            matrix[:, i, j] = np.where(holds, matrix[:, i, j], 0.0)
    return rivals, patrons, clients


def read_board(state: State, rules: DiplomacyRules, year: int, turn: int) -> Board:
    """Everything the turn's diplomacy needs to know about the state (which it leaves unchanged)."""
    b, n = state.active.shape
    eye = np.eye(n, dtype=bool)[None]
    active = state.active
    pair_ok = active[:, :, None] & active[:, None, :] & ~eye
    derived_power = derived_stat(state, "power")
    power = np.where(active, derived_power, 0.0)
    strongest = np.maximum(power.max(axis=1, keepdims=True), 1e-9)
    strength = power / strongest
    unit = np.where(pair_ok, state.relations / 100.0, 0.0)
    ally = np.maximum(unit, 0.0)
    hostile = np.maximum(-unit, 0.0)

    ideology = state.stats[:, :, _IDEOLOGY] / 100.0
    squares = None  # summed axis by axis, in order: the same sum as over a last axis of 3
    for axis in range(len(_IDEOLOGY)):
        gap = ideology[:, :, axis, None] - ideology[:, None, :, axis]
        squares = gap * gap if squares is None else squares + gap * gap
    distance = np.sqrt(squares) / (2.0 * np.sqrt(len(_IDEOLOGY)))
    affinity = np.where(pair_ok, 1.0 - 4.0 * distance, 0.0)

    pair_power = power[:, :, None] + power[:, None, :]
    relative = np.divide(
        power[:, None, :], pair_power, out=np.full(pair_power.shape, 0.5), where=pair_power > 0
    )
    rivals, patrons, clients = named_ties(state, rules, year, turn)
    named = rivals * (0.5 + 0.5 * relative)
    direct = np.where(pair_ok, np.minimum(1.5, named + 1.5 * hostile * relative), 0.0)
    # The friends of my threats threaten me too, unless they are my friends as well.
    indirect = (direct @ ally) * relative * (1.0 - ally)
    threat = np.where(pair_ok, np.clip(direct + 0.5 * indirect, 0.0, 2.0), 0.0)
    counter = np.where(pair_ok, (threat @ hostile) * (1.0 - np.minimum(1.0, threat)), 0.0)
    dominance = np.where(
        pair_ok,
        np.clip((power[:, None, :] - power[:, :, None]) / strongest[:, :, None], 0.0, 1.0),
        0.0,
    )

    influence = ally * power[:, None, :]
    opinion = influence @ unit  # sum over friends k of influence(i, k) * relation(k, j)
    weight = influence.sum(axis=2, keepdims=True) - influence
    third = np.where(pair_ok, opinion / (weight + 0.05), 0.0)

    other, other_ok = _adversaries(state, unit, pair_ok)

    income, capital, ceiling = capital_of(state, rules, power)

    blocs = state.blocs
    in_camp = blocs > 0
    mine = in_camp[:, :, None] & (blocs[:, None, :] == blocs[:, :, None]) & pair_ok
    theirs = (
        in_camp[:, :, None]
        & in_camp[:, None, :]
        & (blocs[:, None, :] != blocs[:, :, None])
        & pair_ok
    )
    lead = (clients.sum(axis=2) > 0) | _camp_leaders(blocs, power)
    return Board(
        state=state,
        year=year,
        turn=turn,
        pair_ok=pair_ok,
        power=power,
        strength=strength,
        unit=unit,
        ally=ally,
        affinity=affinity,
        threat=threat,
        counter=counter,
        dominance=dominance,
        third=third,
        other=other,
        other_ok=other_ok,
        income=income,
        capital=capital,
        ceiling=ceiling,
        lead=lead.astype(np.float64),
        mine=mine.astype(np.float64),
        theirs=theirs.astype(np.float64),
        rivals=rivals,
        patrons=patrons,
        clients=clients,
        cache={"derived": {"power": derived_power}},
    )


def capital_of(
    state: State, rules: DiplomacyRules, power: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(income, capital, ceiling), (B, N) each: the capital each nation earns this turn,
    has to spend, and may hold at most. `power` is the board's (read from the state if
    not given)."""
    active = state.active
    if power is None:
        power = np.where(active, derived_stat(state, "power"), 0.0)
    params = rules.scenario.diplomacy
    stability = state.stats[:, :, STAT_INDEX["stability"]]
    income = np.where(
        active,
        params["capital_base"]
        + params["capital_power"] * np.sqrt(power)
        + params["capital_stability"] * stability / 100.0,
        0.0,
    )
    ceiling = income * (1.0 + params["capital_carry"])
    capital = np.where(
        active, np.minimum(state.capital + income, np.maximum(ceiling, state.capital)), 0.0
    )
    return income, capital, ceiling


def _adversaries(
    state: State, unit: np.ndarray, pair_ok: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each (actor, target): the target's most hostile partner other than the actor."""
    b, n = state.active.shape
    score = np.where(pair_ok, unit - 2.0 * state.war, np.inf)
    # The two worst partners of each target, as a stable sort orders them (ties to the
    # lower index): the first minimum, then the first minimum of the rest.
    first = np.argmin(score, axis=2)
    if n > 1:
        rows = np.arange(b * n) * n + first.reshape(-1)
        rest = score.copy()
        rest.reshape(-1)[rows] = np.inf
        second = np.argmin(rest, axis=2)
        # Only infinities left: the stable order takes the lowest index other than the first.
        second = np.where(second == first, 1, second)
    else:
        second = first
    actors = np.arange(n)[None, :, None]
    other = np.where(first[:, None, :] == actors, second[:, None, :], first[:, None, :])
    targets = np.arange(n)[None, None, :]
    flat = ((np.arange(b)[:, None, None] * n + targets) * n + other).reshape(-1)
    found = np.isfinite(score.reshape(-1).take(flat)).reshape(other.shape)
    return other, found & pair_ok & (other != actors)


def _camp_leaders(blocs: np.ndarray, power: np.ndarray) -> np.ndarray:
    """(B, N) True for the strongest member of each camp."""
    leaders = np.zeros(blocs.shape, dtype=bool)
    runs = np.arange(blocs.shape[0])
    for camp in (CAMP_ONE, CAMP_TWO):
        members = blocs == camp
        strongest = np.argmax(np.where(members, power, -1.0), axis=1)
        leaders[runs, strongest] |= members[runs, strongest]
    return leaders
