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
from game.kernels import kernel
from game.phases.choice import pick
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
    for c, provokes in _provocations(state.scenario):
        if (state.crisis_status[:, c] == CRISIS_DORMANT).any():
            provoked = _provoked(provokes, actions.option, actions.success)
            rk.open_crisis(state, c, provoked, turn)


@cache
def _provocations(scenario: Scenario) -> tuple[tuple[int, np.ndarray], ...]:
    """For each crisis a provocation may open: its index, and (N, O) whether nation i
    taking option o (on the flat option axis) provokes it: the provocation's action
    toward its target, taken by its actor."""
    rules = compile_diplomacy(scenario)
    out = []
    for c, crisis in enumerate(scenario.crises):
        if not crisis.provoked_by:
            continue
        provokes = np.zeros((len(scenario.nations), rules.option_action.size), dtype=bool)
        for action, actor, target in crisis.provoked_by:
            a = scenario.action_index[action]
            i, j = scenario.nation_index[actor], scenario.nation_index[target]
            provokes[i] |= (rules.option_action == a) & (rules.option_nation == j)
        out.append((c, provokes))
    return tuple(out)


@kernel
def _provoked(provokes: np.ndarray, option: np.ndarray, success: np.ndarray) -> np.ndarray:
    """(B,) the runs where an action that succeeded this turn provokes the crisis."""
    b, n, slots = option.shape
    out = np.zeros(b, dtype=np.bool_)
    for r in range(b):
        for i in range(n):
            for k in range(slots):
                taken = option[r, i, k]
                if taken >= 0 and success[r, i, k] and provokes[i, taken]:
                    out[r] = True
    return out


def _play_rounds(
    state: State, rng: TurnRng, ctx: Context, orders: dict[str, str], first_round: int
) -> None:
    scenario = state.scenario
    count = len(scenario.crises)
    rounds = int(scenario.crisis_rules["rounds_per_turn"])
    width = DRAWS_FIXED + len(scenario.nations)
    # The whole draw keeps its place in the stream; only the open crises' part is computed.
    start = rng.reserve(rounds, count, width)
    for r in range(rounds):
        # A crisis plays from the turn after it opened, as an event is decided the turn
        # after it fires: everyone with a seat, the player too, sees it before moving. (A
        # crisis a round's effects open has opened this turn, so the candidates hold.)
        playing = (state.crisis_status == CRISIS_OPEN) & (state.crisis_opened < ctx.turn)
        for c in map(int, np.flatnonzero(playing.any(axis=0))):
            open_now = (state.crisis_status[:, c] == CRISIS_OPEN) & (
                state.crisis_opened[:, c] < ctx.turn
            )
            if not open_now.any():
                continue
            draw = rng.uniform_at(start, (r * count + c) * width + np.arange(width))
            given = orders if r == first_round else {}
            play_round(state, c, open_now, draw, ctx, given.get(scenario.crises[c].id))


def play_round(
    state: State, c: int, live: np.ndarray, draw: np.ndarray, ctx: Context, order: str | None
) -> None:
    """One round of crisis c in the runs where `live` holds (`_round_kernel`), then its
    endings (`_close`)."""
    scenario = state.scenario
    a, b = rk.party_indices(scenario, scenario.crises[c])
    seat = rk.crisis_facts(state, c)
    reckoning = rk.empty_reckoning(state.batch)
    outcome = np.zeros(state.batch, dtype=np.int8)
    as_history = np.zeros(state.batch, dtype=bool)
    seats = (
        state.crisis_round[:, c],
        state.crisis_scripted[:, c],
        state.crisis_forced[:, c, :],
        state.crisis_stance[:, c, :],
        state.crisis_level[:, c],
        state.crisis_moves[:, c, :],
    )
    _round_kernel(
        live,
        draw,
        _orders(state, order),
        _script(scenario, c),
        seat,
        rk.ladder_facts(scenario, c),
        rk.astuple(reckoning),
        seats,
        outcome,
        as_history,
    )
    _close(state, c, outcome, draw, ctx, as_history, a, b)
    state.crisis_peak[:, c] = np.where(
        live, np.maximum(state.crisis_peak[:, c], state.crisis_level[:, c]), state.crisis_peak[:, c]
    )


def _orders(state: State, order: str | None) -> tuple[int, int, int, int]:
    """How the seats are played: the policy (0 the AI, 1 at random, 2 history where it
    can), the player's nation (-1 none), and the player's order as a move and as a stance
    (-1 none)."""
    policy = {"ai": 0, "random": 1, "historical": 2}[state.policy]
    move = PARTY_MOVES.index(order) if order in PARTY_MOVES else -1
    stance = PATRON_STANCES.index(order) if order in PATRON_STANCES else -1
    return policy, int(state.player), move, stance


@cache
def _script(scenario: Scenario, c: int) -> tuple:
    """History's record of crisis c, as the round's compiled loop reads it: the parties and
    patrons (nation indices), the recorded moves (R, 2), the patrons' historical stances,
    the outcome code history gives (-1 none), the rounds a crisis may last and the
    war level."""
    crisis = scenario.crises[c]
    parties = np.array(rk.party_indices(scenario, crisis), dtype=np.int64)
    patrons = np.array(rk.patron_indices(scenario, crisis), dtype=np.int64)
    moves = np.array(
        [[PARTY_MOVES.index(m) for m in rnd] for rnd in crisis.history], dtype=np.int64
    ).reshape(len(crisis.history), 2)
    stances = np.array([PATRON_STANCES.index(p.historical) for p in crisis.patrons], dtype=np.int64)
    code = _history_code(crisis)
    return (
        parties,
        patrons,
        moves,
        stances,
        -1 if code is None else code,
        int(scenario.crisis_rules["max_rounds"]),
        rk.war_level(scenario),
    )


def _history_code(crisis) -> int | None:
    if not crisis.outcome:
        return None
    if crisis.outcome.startswith("backed_down:"):
        return rk.BACKED_DOWN_FIRST + crisis.parties.index(crisis.outcome.split(":", 1)[1])
    return {"settled": rk.SETTLED, "war": rk.WAR}[crisis.outcome]


@kernel
def _round_kernel(
    live: np.ndarray,
    draw: np.ndarray,
    orders: tuple,
    script: tuple,
    seat: tuple,
    ladder: tuple,
    reckoning: tuple,
    seats: tuple,
    outcome: np.ndarray,
    as_history: np.ndarray,
) -> None:
    """One round of one crisis, run by run, where `live` holds: the patrons take stances,
    the parties move (history's moves while every move so far was history's, a what-if's
    imposed move, the player's order, else the policy's), and the crisis ends, climbs or
    stands. Writes the seats' arrays in place and each run's outcome (ONGOING, else the
    ending for `_close`) and whether it ended as history did (`as_history`)."""
    policy, player, order_move, order_stance = orders
    parties, patrons, recorded_moves, history_stances, history_code, max_rounds, top = script
    rounds, scripted_now, forced, stance_now, level_now, moves_now = seats
    stances = seat[6]
    legal, risk_next, restrained = reckoning[1], reckoning[5], reckoning[8]
    recorded = recorded_moves.shape[0]
    count = patrons.shape[0]
    values = np.empty(3)
    shares = np.empty(len(PARTY_MOVES))
    moves = np.empty(2, dtype=np.int64)
    for r in range(live.shape[0]):
        if not live[r]:
            continue
        round_index = np.int64(rounds[r])
        scripted = scripted_now[r] and policy == 2 and round_index < max(recorded, 1)
        # A what-if that gives a patron another stance than history's takes the crisis off it.
        for j in range(count):
            imposed = forced[r, patrons[j]]
            scripted = scripted and (imposed < 0 or imposed == history_stances[j])
        scripted_now[r] = scripted_now[r] and (scripted or round_index >= max(recorded, 1))

        # Patrons first: their stances are what the parties weigh this round.
        if count:
            if policy != 1:
                rk.reckon_run(r, seat, ladder, reckoning)
            for j in range(count):
                p, u = patrons[j], draw[r, DRAWS_FIXED + patrons[j]]
                if policy == 1:
                    chosen = min(np.int64(u * 3), 2)
                else:
                    rk.patron_values_run(r, j, seat, ladder, reckoning[7][r], values)
                    _softmax(values)
                    chosen = pick(values, u)
                stance = history_stances[j] if scripted else chosen
                if forced[r, p] >= 0:
                    stance = forced[r, p]
                if p == player and order_stance >= 0:
                    stance = order_stance
                stance_now[r, p] = stance
                stances[r, j] = stance
        rk.reckon_run(r, seat, ladder, reckoning)

        at = min(max(round_index, 0), recorded - 1)
        for side in range(2):
            if policy == 1:
                total = 0.0
                for m in range(shares.shape[0]):
                    total += legal[r, side, m]
                for m in range(shares.shape[0]):
                    shares[m] = legal[r, side, m] / total
            else:
                rk.shares_run(r, side, seat, ladder, reckoning[0], legal, shares)
            moves[side] = pick(shares, draw[r, side])
            if recorded and scripted:
                moves[side] = recorded_moves[at, side]
            imposed = forced[r, parties[side]]
            if imposed >= 0 and legal[r, side, imposed]:
                moves[side] = imposed
            if parties[side] == player and order_move >= 0 and legal[r, side, order_move]:
                moves[side] = order_move
        if recorded:  # a player's move off history's script ends the script in that run
            on_script = moves[0] == recorded_moves[at, 0] and moves[1] == recorded_moves[at, 1]
            scripted_now[r] = scripted_now[r] and (not scripted or on_script)
            scripted = scripted and on_script

        # Asking a patron brings in the friendly patrons that stayed out.
        for j in range(count):
            asked = moves[seat[5][r, j]] == rk.ASK_PATRON
            if asked and stance_now[r, patrons[j]] != rk.RESTRAIN:
                stance_now[r, patrons[j]] = rk.BACK

        escalates = moves[0] == rk.ESCALATE or moves[1] == rk.ESCALATE
        mediates0, mediates1 = moves[0] == rk.MEDIATION, moves[1] == rk.MEDIATION
        backs0, backs1 = moves[0] == rk.BACK_DOWN, moves[1] == rk.BACK_DOWN
        ending = rk.ONGOING
        if backs0 and backs1:
            ending = rk.SETTLED
        elif backs0:
            ending = rk.BACKED_DOWN_FIRST
        elif backs1:
            ending = rk.BACKED_DOWN_SECOND
        # A settlement: both accept mediation, or a patron's restraint holds one side back
        # while the other does not escalate (the patron brokers the terms). Asking a patron
        # brings in no restraint, so the reckoning's still holds.
        held_back = restrained[r, 0] or restrained[r, 1]
        if ending == rk.ONGOING and ((mediates0 and mediates1) or (held_back and not escalates)):
            ending = rk.SETTLED

        level = np.int64(level_now[r])
        climbing = ending == rk.ONGOING and escalates
        standoff = ending == rk.ONGOING and not climbing and not (mediates0 or mediates1)
        accident = standoff and draw[r, 2] < risk_next[r] and not scripted
        if climbing or accident:
            level += 1
        level = min(level, top)
        if ending == rk.ONGOING and level >= top:
            ending = rk.WAR
        rounds[r] += 1
        if ending == rk.ONGOING and rounds[r] >= max_rounds:
            ending = rk.SETTLED

        # History's ending, where every move so far was history's.
        last_recorded = scripted and rounds[r] >= recorded
        if history_code >= 0:
            if last_recorded:
                ending = history_code
                if history_code == rk.WAR:
                    level = top
            elif scripted:
                ending = rk.ONGOING
        level_now[r] = level
        moves_now[r, 0], moves_now[r, 1] = moves[0], moves[1]
        outcome[r] = ending
        as_history[r] = scripted and last_recorded


@kernel
def _softmax(values: np.ndarray) -> None:
    """The values turned into shares in place: exp(value - max) over their sum."""
    top = values.max()
    total = 0.0
    for k in range(values.shape[0]):
        values[k] = np.exp(values[k] - top)
        total += values[k]
    for k in range(values.shape[0]):
        values[k] /= total


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
