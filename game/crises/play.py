"""Rounds of every open crisis: patrons take stances, parties move, the ladder is climbed
or left, and a crisis ends in a backing down, a settlement, a war or nuclear use.

Everything is batched over runs: each open crisis is one set of (B,) arrays, and every
round draws the same random numbers whatever is open, so a run gives the same game alone
or in a batch. The policy plays each seat (history's recorded moves, the utility AI of
`game.crises.reckon`, or a legal move at random); the player's order replaces the policy
for the player's seat in the first round of a turn, as with events. A crisis plays its
first round in the turn after the one it opened in, so every seat sees it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from game.compile import Apply, Compiler, Context
from game.crises import reckon as rk
from game.crises.vocabulary import PARTY_MOVES, PATRON_STANCES
from game.diplomacy.action_report import ActionReport
from game.diplomacy.rules import compile_diplomacy
from game.phases.choice import draw_option
from game.rng import TurnRng
from game.scenario import STAT_INDEX, Scenario
from game.state import CRISIS_CLOSED, CRISIS_DORMANT, CRISIS_OPEN, State
from game.ties import saturate

# Random numbers per crisis and round: two moves, an accident, a war's two draws, nuclear
# use, then one per nation for patrons' stances.
DRAWS_FIXED = 6


@dataclass(frozen=True)
class CompiledCrisis:
    """A crisis's outcome effects, compiled once per scenario."""

    on_settled: tuple[Apply, ...]
    on_war: tuple[Apply, ...]
    on_backed_down: tuple[tuple[Apply, ...], tuple[Apply, ...]]
    on_win: tuple[tuple[Apply, ...], tuple[Apply, ...]]


@cache
def compile_crises(scenario: Scenario) -> tuple[CompiledCrisis, ...]:
    compiler = Compiler(scenario)

    def effects(items: tuple) -> tuple[Apply, ...]:
        return tuple(compiler.effect(e) for e in items)

    return tuple(
        CompiledCrisis(
            on_settled=effects(c.on_settled),
            on_war=effects(c.on_war),
            on_backed_down=(effects(c.on_backed_down[0]), effects(c.on_backed_down[1])),
            on_win=(effects(c.on_win[0]), effects(c.on_win[1])),
        )
        for c in scenario.crises
    )


def play_crises(
    state: State,
    rng: TurnRng,
    ctx: Context,
    orders: dict[str, str],
    actions: ActionReport | None = None,
    first_round: int = 0,
) -> None:
    """Play this turn's rounds of every open crisis (rounds_per_turn of them), in place,
    then open the crises this turn's actions provoked. `orders` maps crisis ids to the
    player's move or stance for the first round."""
    scenario = state.scenario
    count = len(scenario.crises)
    if count == 0:
        return
    _play_rounds(state, rng, ctx, orders, first_round)
    if actions is not None:
        open_provoked(state, actions, ctx.turn)


def open_provoked(state: State, actions: ActionReport, turn: int) -> None:
    """Open each crisis whose provocation happened this turn (its action, taken by its actor
    toward its target, succeeded) where it may open (game.crises.reckon.openable)."""
    scenario = state.scenario
    if not any(c.provoked_by for c in scenario.crises):
        return
    rules = compile_diplomacy(scenario)
    for c, crisis in enumerate(scenario.crises):
        if not crisis.provoked_by or not (state.crisis_status[:, c] == CRISIS_DORMANT).any():
            continue
        provoked = np.zeros(state.batch, dtype=bool)
        for action, actor, target in crisis.provoked_by:
            a = scenario.action_index[action]
            i, j = scenario.nation_index[actor], scenario.nation_index[target]
            # The options of that action toward that nation, on the flat option axis.
            options = np.flatnonzero((rules.option_action == a) & (rules.option_nation == j))
            done = np.isin(actions.option[:, i, :], options) & actions.success[:, i, :]
            provoked |= done.any(axis=1)
        rk.open_crisis(state, c, provoked, turn)


def _play_rounds(
    state: State, rng: TurnRng, ctx: Context, orders: dict[str, str], first_round: int
) -> None:
    scenario = state.scenario
    count = len(scenario.crises)
    rounds = int(scenario.crisis_rules["rounds_per_turn"])
    width = DRAWS_FIXED + len(scenario.nations)
    draws = rng.uniform(rounds, count, width)
    for r in range(rounds):
        for c in range(count):
            # A crisis plays from the turn after it opened, as an event is decided the turn
            # after it fires: everyone with a seat, the player too, sees it before moving.
            open_now = (state.crisis_status[:, c] == CRISIS_OPEN) & (
                state.crisis_opened[:, c] < ctx.turn
            )
            if not open_now.any():
                continue
            given = orders if r == first_round else {}
            play_round(state, c, open_now, draws[:, r, c, :], ctx, given.get(scenario.crises[c].id))


def play_round(
    state: State, c: int, live: np.ndarray, draw: np.ndarray, ctx: Context, order: str | None
) -> None:
    """One round of crisis c in the runs where `live` holds."""
    scenario = state.scenario
    crisis = scenario.crises[c]
    rules = scenario.crisis_rules
    top = rk.war_level(scenario)
    a, b = rk.party_indices(scenario, crisis)
    round_index = state.crisis_round[:, c].astype(np.int64)
    recorded = len(crisis.history)
    scripted = live & state.crisis_scripted[:, c] & (state.policy == "historical")
    scripted &= round_index < max(recorded, 1)
    # A what-if that gives a patron another stance than history's takes the crisis off it.
    for patron in crisis.patrons:
        forced = state.crisis_forced[:, c, scenario.nation_index[patron.nation]]
        scripted &= (forced < 0) | (forced == PATRON_STANCES.index(patron.historical))
    state.crisis_scripted[:, c] &= ~live | scripted | (round_index >= max(recorded, 1))

    # Patrons first: their stances are what the parties weigh this round.
    _patrons_move(state, c, live, scripted, draw, order)
    reckoning = rk.reckon(state, c)
    moves = _party_moves(state, c, live, scripted, reckoning, draw, order)
    if recorded:  # a player's move off history's script ends the script in that run
        followed = np.array([[PARTY_MOVES.index(m) for m in rnd] for rnd in crisis.history])
        at = np.clip(round_index, 0, recorded - 1)
        on_script = (moves == followed[at]).all(axis=1)
        state.crisis_scripted[:, c] &= ~scripted | on_script
        scripted &= on_script

    # Asking a patron brings in the friendly patrons that stayed out.
    asked = live[:, None] & (moves == rk.ASK_PATRON)
    if asked.any():
        sides = rk.patron_sides(state, c)
        for j, p in enumerate(rk.patron_indices(scenario, crisis)):
            joins = asked[np.arange(state.batch), sides[:, j]] & (
                state.crisis_stance[:, c, p] != rk.RESTRAIN
            )
            state.crisis_stance[:, c, p] = np.where(joins, rk.BACK, state.crisis_stance[:, c, p])

    restrained = reckoning.restrained  # asking a patron brings in no restraint
    escalates = moves == rk.ESCALATE
    backs = moves == rk.BACK_DOWN
    mediates = moves == rk.MEDIATION
    outcome = np.zeros(state.batch, dtype=np.int8)
    outcome = np.where(backs[:, 0] & backs[:, 1], rk.SETTLED, outcome)
    outcome = np.where(backs[:, 0] & ~backs[:, 1], rk.BACKED_DOWN_FIRST, outcome)
    outcome = np.where(backs[:, 1] & ~backs[:, 0], rk.BACKED_DOWN_SECOND, outcome)
    # A settlement: both accept mediation, or a patron's restraint holds one side back
    # while the other does not escalate (the patron brokers the terms).
    settle = (mediates[:, 0] & mediates[:, 1]) | (restrained.any(axis=1) & ~escalates.any(axis=1))
    outcome = np.where((outcome == rk.ONGOING) & settle, rk.SETTLED, outcome).astype(np.int8)

    level = state.crisis_level[:, c].astype(np.int64)
    climbing = (outcome == rk.ONGOING) & escalates.any(axis=1)
    standoff = (outcome == rk.ONGOING) & ~climbing & ~mediates.any(axis=1)
    accident = standoff & (draw[:, 2] < reckoning.risk_next) & ~scripted
    level = np.where(live & (climbing | accident), level + 1, level)
    level = np.minimum(level, top)
    outcome = np.where((outcome == rk.ONGOING) & (level >= top), rk.WAR, outcome).astype(np.int8)
    state.crisis_round[:, c] += live.astype(np.int16)
    exhausted = state.crisis_round[:, c] >= int(rules["max_rounds"])
    outcome = np.where((outcome == rk.ONGOING) & exhausted, rk.SETTLED, outcome).astype(np.int8)

    # History's ending, where every move so far was history's.
    last_recorded = scripted & (state.crisis_round[:, c] >= recorded)
    history_code = _history_code(crisis)
    if history_code is not None:
        outcome = np.where(last_recorded, history_code, np.where(scripted, rk.ONGOING, outcome))
        if history_code == rk.WAR:
            level = np.where(last_recorded, top, level)
    outcome = np.where(live, outcome, rk.ONGOING).astype(np.int8)

    state.crisis_level[:, c] = np.where(live, level, state.crisis_level[:, c])
    state.crisis_moves[:, c, :] = np.where(live[:, None], moves, state.crisis_moves[:, c, :])
    _close(state, c, outcome, draw, ctx, scripted & last_recorded, a, b)
    state.crisis_peak[:, c] = np.where(
        live, np.maximum(state.crisis_peak[:, c], state.crisis_level[:, c]), state.crisis_peak[:, c]
    )


def _history_code(crisis) -> int | None:
    if not crisis.outcome:
        return None
    if crisis.outcome.startswith("backed_down:"):
        return rk.BACKED_DOWN_FIRST + crisis.parties.index(crisis.outcome.split(":", 1)[1])
    return {"settled": rk.SETTLED, "war": rk.WAR}[crisis.outcome]


def _patrons_move(
    state: State,
    c: int,
    live: np.ndarray,
    scripted: np.ndarray,
    draw: np.ndarray,
    order: str | None,
) -> None:
    scenario = state.scenario
    crisis = scenario.crises[c]
    if not crisis.patrons:
        return
    columns = rk.patron_indices(scenario, crisis)
    if state.policy == "random":
        chosen = np.minimum((draw[:, [DRAWS_FIXED + p for p in columns]] * 3).astype(np.int64), 2)
    else:
        reckoning = rk.reckon(state, c)
        utilities = rk.patron_utilities(state, c, reckoning)
        chosen = np.stack(
            [
                draw_option(_softmax(utilities[:, j, :]), draw[:, DRAWS_FIXED + p])
                for j, p in enumerate(columns)
            ],
            axis=1,
        ).astype(np.int64)
    history = np.array([PATRON_STANCES.index(p.historical) for p in crisis.patrons])
    for j, p in enumerate(columns):
        stance = np.where(scripted, history[j], chosen[:, j])
        forced = state.crisis_forced[:, c, p]
        stance = np.where(forced >= 0, forced, stance)
        if p == state.player and order in PATRON_STANCES:
            stance = np.full(state.batch, PATRON_STANCES.index(order))
        state.crisis_stance[:, c, p] = np.where(live, stance, state.crisis_stance[:, c, p])


def _party_moves(
    state: State,
    c: int,
    live: np.ndarray,
    scripted: np.ndarray,
    reckoning: rk.Reckoning,
    draw: np.ndarray,
    order: str | None,
) -> np.ndarray:
    """(B, 2) each party's move this round."""
    scenario = state.scenario
    crisis = scenario.crises[c]
    count = len(PARTY_MOVES)
    if state.policy == "random":
        legal = reckoning.legal.astype(np.float64)
        shares = legal / legal.sum(axis=2, keepdims=True)
    else:
        shares = rk.move_shares(reckoning, state, c)
    moves = np.stack([draw_option(shares[:, side, :], draw[:, side]) for side in (0, 1)], axis=1)
    moves = moves.astype(np.int64)
    if crisis.history:
        recorded = np.array([[PARTY_MOVES.index(m) for m in rnd] for rnd in crisis.history])
        at = np.clip(state.crisis_round[:, c].astype(np.int64), 0, len(crisis.history) - 1)
        moves = np.where(scripted[:, None], recorded[at], moves)
    for side, party in enumerate(crisis.parties):
        forced = state.crisis_forced[:, c, scenario.nation_index[party]].astype(np.int64)
        usable = (forced >= 0) & np.take_along_axis(
            reckoning.legal[:, side, :], np.maximum(forced, 0)[:, None], axis=1
        )[:, 0]
        moves[:, side] = np.where(usable, forced, moves[:, side])
        if scenario.nation_index[party] == state.player and order in PARTY_MOVES:
            wanted = PARTY_MOVES.index(order)
            ok = reckoning.legal[:, side, wanted]
            moves[:, side] = np.where(ok, wanted, moves[:, side])
    assert moves.max(initial=0) < count
    return np.where(live[:, None], moves, -1).astype(np.int8)


def _softmax(utilities: np.ndarray) -> np.ndarray:
    scaled = utilities - utilities.max(axis=1, keepdims=True)
    weights = np.exp(scaled)
    return weights / weights.sum(axis=1, keepdims=True)


def _close(
    state: State,
    c: int,
    outcome: np.ndarray,
    draw: np.ndarray,
    ctx: Context,
    as_history: np.ndarray,
    a: int,
    b: int,
) -> None:
    """End the crisis where an outcome was reached: prestige, standing, the war's result
    and the scenario's effects of that outcome."""
    ending = outcome != rk.ONGOING
    if not ending.any():
        return
    scenario = state.scenario
    crisis = scenario.crises[c]
    compiled = compile_crises(scenario)[c]
    rules = scenario.crisis_rules
    stakes = crisis.stakes
    parties = (a, b)
    state.crisis_status[:, c] = np.where(ending, CRISIS_CLOSED, state.crisis_status[:, c])
    state.crisis_outcome[:, c] = np.where(ending, outcome, state.crisis_outcome[:, c])
    state.crisis_closed[:, c] = np.where(ending, ctx.turn, state.crisis_closed[:, c])

    for side in (0, 1):
        backed = outcome == rk.BACKED_DOWN_FIRST + side
        if not backed.any():
            continue
        loser, winner = parties[side], parties[1 - side]
        state.prestige[:, loser] -= np.where(backed, stakes, 0.0)
        state.prestige[:, winner] += np.where(backed, stakes, 0.0)
        sides, stances = rk.patron_sides(state, c), rk.patron_stances(state, c)
        for j, p in enumerate(rk.patron_indices(scenario, crisis)):
            let_down = backed & (sides[:, j] == side) & (stances[:, j] == rk.BACK)
            _shift_relation(state, loser, p, -rules["patron_standing"], let_down)
        for apply in compiled.on_backed_down[side]:
            apply(ctx, backed)

    settled = outcome == rk.SETTLED
    for apply in compiled.on_settled:
        apply(ctx, settled)

    war = (outcome == rk.WAR) | (outcome == rk.NUCLEAR)
    if war.any():
        _fight(state, c, war, draw, ctx, as_history, a, b)


def _fight(
    state: State,
    c: int,
    war: np.ndarray,
    draw: np.ndarray,
    ctx: Context,
    as_history: np.ndarray,
    a: int,
    b: int,
) -> None:
    """A war: a winner (or a stalemate) by strength, backers, terrain and chance; its costs;
    and, when a party holds the bomb, the chance it turns nuclear."""
    scenario = state.scenario
    crisis = scenario.crises[c]
    compiled = compile_crises(scenario)[c]
    rules = scenario.crisis_rules
    stakes = crisis.stakes
    reckoning = rk.reckon(state, c)  # with the backers that joined this round
    first_wins = draw[:, 4] < reckoning.first_wins
    stalemate = draw[:, 3] < rules["stalemate"]
    winner = np.where(stalemate, -1, np.where(first_wins, 0, 1))
    if crisis.winner:
        recorded = crisis.parties.index(crisis.winner)
        winner = np.where(as_history, recorded, winner)
    else:
        winner = np.where(as_history, -1, winner)
    nuclear = war & ~as_history & (draw[:, 5] < reckoning.risk_nuclear)
    parties = (a, b)
    k_stability, k_gdp = STAT_INDEX["stability"], STAT_INDEX["gdp"]
    for side, nation in enumerate(parties):
        lost = war & (winner == 1 - side)
        hit = rules["war_stability"] * (1 + lost)
        current = state.stats[:, nation, k_stability]
        state.stats[:, nation, k_stability] = np.where(war, np.clip(current - hit, 0, 100), current)
        state.stats[:, nation, k_gdp] *= np.where(war, 1 - rules["war_gdp"] / 100, 1.0)
        state.prestige[:, nation] += np.where(war & (winner == side), stakes, 0.0)
        state.prestige[:, nation] -= np.where(lost, stakes, 0.0)
    _shift_relation(state, a, b, -rules["war_relation"], war)
    for apply in compiled.on_war:
        apply(ctx, war)
    for side in (0, 1):
        won = war & (winner == side)
        for apply in compiled.on_win[side]:
            apply(ctx, won)
    if nuclear.any():
        state.crisis_outcome[:, c] = np.where(nuclear, rk.NUCLEAR, state.crisis_outcome[:, c])
        state.crisis_level[:, c] = np.where(
            nuclear,
            min(rk.war_level(scenario) + 1, len(scenario.ladder) - 1),
            state.crisis_level[:, c],
        )
        state.nuclear_end |= nuclear


def _shift_relation(state: State, i: int, j: int, change: float, mask: np.ndarray) -> None:
    """A symmetric relation change under the saturation rule of ties, where mask holds."""
    if i == j or change == 0 or not mask.any():
        return
    current = state.relations[:, i, j]
    new = np.clip(saturate(current, change), -100, 100)
    state.relations[:, i, j] = np.where(mask, new, current)
    state.relations[:, j, i] = state.relations[:, i, j]
