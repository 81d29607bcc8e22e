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
from game.kernels import kernel
from game.phases.blocs import CAMP_ONE, CAMP_TWO, _row_sum
from game.scenario import IDEOLOGY_AXES, STAT_INDEX
from game.state import State
from game.ties import room

_IDEOLOGY = [STAT_INDEX[axis] for axis in IDEOLOGY_AXES]
_IDEOLOGY_AT = np.array(_IDEOLOGY, dtype=np.int64)
# The largest ideological distance (opposite corners of the cube of axes), as numpy had it.
_IDEOLOGY_SPAN = float(2.0 * np.sqrt(len(_IDEOLOGY)))


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
    derived_power = derived_stat(state, "power")
    rivals, patrons, clients = named_ties(state, rules, year, turn)
    pair = (b, n, n)
    pair_ok = np.empty(pair, dtype=bool)
    power, strength = np.empty((b, n)), np.empty((b, n))
    unit, ally, hostile, affinity = (np.empty(pair) for _ in range(4))
    relative, direct, dominance, influence, mine, theirs = (np.empty(pair) for _ in range(6))
    _board_pairs(
        state.active,
        np.ascontiguousarray(derived_power, dtype=np.float64),
        np.ascontiguousarray(state.relations, dtype=np.float64),
        np.ascontiguousarray(state.stats, dtype=np.float64),
        _IDEOLOGY_AT,
        _IDEOLOGY_SPAN,
        np.ascontiguousarray(rivals, dtype=np.float64),
        state.blocs,
        (pair_ok, power, strength, unit, ally, hostile, affinity),
        (relative, direct, dominance, influence, mine, theirs),
    )
    other, other_ok = _adversaries(state, unit, pair_ok)
    # Sums over a third nation stay numpy's (its matrix products and sums, in their order).
    threat, third = np.empty(pair), np.empty(pair)
    _board_threats(
        pair_ok,
        direct,
        relative,
        ally,
        influence,
        direct @ ally,  # the friends of my threats threaten me too, unless mine as well
        influence @ unit,  # sum over friends k of influence(i, k) * relation(k, j)
        threat,
        third,
    )
    counter = np.empty(pair)
    _counter(pair_ok, threat @ hostile, threat, counter)  # the product stays numpy's
    income, capital, ceiling = capital_of(state, rules, power)
    lead = np.empty((b, n))
    _leads(np.ascontiguousarray(clients, dtype=np.float64), state.blocs, power, lead)
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
        lead=lead,
        mine=mine,
        theirs=theirs,
        rivals=rivals,
        patrons=patrons,
        clients=clients,
        cache={"derived": {"power": derived_power}},
    )


# The board's elementwise rules, compiled. numpy's conventions are kept to the bit:
# maximum(x, 0) is x only when x > 0 (so -0 gives +0), clip and minimum keep x unless it is
# beyond the bound, and NaN passes through all three.


@kernel
def _board_pairs(
    active: np.ndarray,
    derived_power: np.ndarray,
    relations: np.ndarray,
    stats: np.ndarray,
    ideology_at: np.ndarray,
    ideology_span: float,
    rivals: np.ndarray,
    blocs: np.ndarray,
    first_out: tuple,
    second_out: tuple,
) -> None:
    """Power, relations, ideology, rivalry and camps, pair by pair, in one pass per run:
    every (B, N, N) array of the board that needs no sum over a third nation."""
    pair_ok, power, strength, unit, ally, hostile, affinity = first_out
    relative, direct, dominance, influence, mine, theirs = second_out
    b_count, n = active.shape
    axes = len(ideology_at)
    ideology = np.empty((n, axes))
    for b in range(b_count):
        rb = b if rivals.shape[0] > 1 else 0
        for i in range(n):
            for axis in range(axes):
                ideology[i, axis] = stats[b, i, ideology_at[axis]] / 100.0
        for i in range(n):
            power[b, i] = derived_power[b, i] if active[b, i] else 0.0
        strongest = power[b, 0]
        for i in range(1, n):  # the maximum, NaN propagating
            v = power[b, i]
            if not np.isnan(strongest) and (np.isnan(v) or v > strongest):
                strongest = v
        if not (np.isnan(strongest) or strongest > 1e-9):
            strongest = 1e-9
        for i in range(n):
            strength[b, i] = power[b, i] / strongest
        for i in range(n):
            for j in range(n):
                ok = active[b, i] and active[b, j] and i != j
                pair_ok[b, i, j] = ok
                u = relations[b, i, j] / 100.0 if ok else 0.0
                unit[b, i, j] = u
                a = u if (u > 0.0 or np.isnan(u)) else 0.0
                ally[b, i, j] = a
                h = -u if (-u > 0.0 or np.isnan(u)) else 0.0
                hostile[b, i, j] = h
                if j < i:  # the distance is symmetric, to the bit (the same squares)
                    affinity[b, i, j] = affinity[b, j, i] if ok else 0.0
                else:
                    squares = 0.0
                    for axis in range(axes):  # summed axis by axis, in order
                        gap = ideology[i, axis] - ideology[j, axis]
                        squares = gap * gap if axis == 0 else squares + gap * gap
                    close = 1.0 - 4.0 * (np.sqrt(squares) / ideology_span)
                    affinity[b, i, j] = close if ok else 0.0
                pi, pj = power[b, i], power[b, j]
                both = pi + pj
                rel = pj / both if both > 0 else 0.5
                relative[b, i, j] = rel
                reach = rivals[rb, i, j] * (0.5 + 0.5 * rel) + 1.5 * h * rel
                direct[b, i, j] = (1.5 if reach > 1.5 else reach) if ok else 0.0
                gap = (pj - pi) / strongest
                gap = 0.0 if gap < 0.0 else gap
                dominance[b, i, j] = (1.0 if gap > 1.0 else gap) if ok else 0.0
                influence[b, i, j] = a * pj
                camp, their = blocs[b, i], blocs[b, j]
                mine[b, i, j] = 1.0 if camp > 0 and their == camp and ok else 0.0
                theirs[b, i, j] = 1.0 if camp > 0 and their > 0 and their != camp and ok else 0.0


@kernel
def _two_worst(score: np.ndarray, first: np.ndarray, second: np.ndarray) -> None:
    """Each row's two smallest entries, as a stable sort orders them (ties to the lower
    index), in one pass: argmin, then argmin of the rest (with only infinities left, the
    lowest index other than the first). argmin's conventions: the first NaN counts as the
    smallest."""
    n = score.shape[0]
    for t in range(n):
        best, low = 0, score[t, 0]
        runner, next_low = -1, 0.0
        for k in range(1, n):
            v = score[t, k]
            if not np.isnan(low) and (np.isnan(v) or v < low):  # a new smallest
                runner, next_low = best, low
                best, low = k, v
            elif runner < 0 or (not np.isnan(next_low) and (np.isnan(v) or v < next_low)):
                runner, next_low = k, v
        first[t] = best
        second[t] = runner if runner >= 0 else best


@kernel
def _board_threats(
    pair_ok: np.ndarray,
    direct: np.ndarray,
    relative: np.ndarray,
    ally: np.ndarray,
    influence: np.ndarray,
    through_friends: np.ndarray,
    opinion: np.ndarray,
    threat: np.ndarray,
    third: np.ndarray,
) -> None:
    """Threat (direct, and through a threat's friends) and what a nation's friends think of
    each other nation, from the products over third nations worked out by numpy; a
    nation's total influence is summed in numpy's order (`_row_sum`)."""
    b_count, n, _ = pair_ok.shape
    for b in range(b_count):
        for i in range(n):
            total_influence = _row_sum(influence[b, i])
            for j in range(n):
                if not pair_ok[b, i, j]:
                    threat[b, i, j] = 0.0
                    third[b, i, j] = 0.0
                    continue
                indirect = through_friends[b, i, j] * relative[b, i, j] * (1.0 - ally[b, i, j])
                x = direct[b, i, j] + 0.5 * indirect
                x = 0.0 if x < 0.0 else x
                threat[b, i, j] = 2.0 if x > 2.0 else x
                weight = total_influence - influence[b, i, j]
                third[b, i, j] = opinion[b, i, j] / (weight + 0.05)


@kernel
def _counter(
    pair_ok: np.ndarray, against: np.ndarray, threat: np.ndarray, counter: np.ndarray
) -> None:
    """How hostile the column is to the row's threats, discounted by how far it threatens
    the row itself: against * (1 - min(1, threat)) on active pairs, else 0 (one pass
    instead of four numpy passes; NaN passes through the minimum as in numpy)."""
    b_count, n, _ = pair_ok.shape
    for b in range(b_count):
        for i in range(n):
            for j in range(n):
                if pair_ok[b, i, j]:
                    t = threat[b, i, j]
                    capped = 1.0 if t > 1.0 else t
                    counter[b, i, j] = against[b, i, j] * (1.0 - capped)
                else:
                    counter[b, i, j] = 0.0


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
    """For each (actor, target): the target's most hostile partner other than the actor,
    and whether there is one (the board's rule, on its own)."""
    b, n = state.active.shape
    other = np.empty((b, n, n), dtype=np.int64)
    found = np.empty((b, n, n), dtype=bool)
    _adversaries_of(unit, pair_ok, state.war, other, found)
    return other, found


@kernel
def _adversaries_of(
    unit: np.ndarray, pair_ok: np.ndarray, war: np.ndarray, other: np.ndarray, found: np.ndarray
) -> None:
    """other[b, i, t]: the partner of t with the worst score (relation, less 2 at war) that
    is not i, as a stable sort finds it; found: it exists (a finite score) and is not i."""
    b_count, n, _ = unit.shape
    score = np.empty((n, n))
    first = np.empty(n, dtype=np.int64)
    second = np.empty(n, dtype=np.int64)
    for b in range(b_count):
        for t in range(n):
            for k in range(n):
                ok = pair_ok[b, t, k]
                score[t, k] = unit[b, t, k] - (2.0 if war[b, t, k] else 0.0) if ok else np.inf
        _two_worst(score, first, second)
        for i in range(n):
            for t in range(n):
                o = second[t] if first[t] == i else first[t]
                other[b, i, t] = o
                found[b, i, t] = np.isfinite(score[t, o]) and pair_ok[b, i, t] and o != i


@kernel
def _leads(clients: np.ndarray, blocs: np.ndarray, power: np.ndarray, lead: np.ndarray) -> None:
    """lead (B, N): 1.0 for a nation with named clients (a positive sum of its row of
    `clients`, (B or 1, N, N), in numpy's order) and for the strongest member of each camp
    (argmax's: the first of the largest, a NaN counting as the largest), else 0.0."""
    b_count, n = blocs.shape
    for b in range(b_count):
        rows = clients[b if clients.shape[0] > 1 else 0]
        for i in range(n):
            lead[b, i] = 1.0 if _row_sum(rows[i]) > 0 else 0.0
        for camp in (CAMP_ONE, CAMP_TWO):
            at, best = 0, power[b, 0] if blocs[b, 0] == camp else -1.0
            for k in range(1, n):
                if np.isnan(best):
                    break
                v = power[b, k] if blocs[b, k] == camp else -1.0
                if np.isnan(v) or v > best:
                    at, best = k, v
            if blocs[b, at] == camp:
                lead[b, at] = 1.0
