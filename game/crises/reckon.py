"""How a crisis stands and what each move is worth: the numbers behind every choice.

One place reckons a crisis for everyone who reads it: the AI picks its moves from these
utilities, the crisis view prices the player's choices and gives the AI's advice with
them, and the risk figures a screen shows are the ones the rounds then draw against. The
functions read the state and never change it; everything is per run, (B,) or (B, 2).

Units are prestige points, the unit of a crisis's stakes. A party weighs four futures:
backing down (it loses the stakes and standing with its patrons), holding (the level's
cost, and the chance the next level comes by accident), escalating (the rival may yield,
reckoned from the rival's own utilities one step ahead, or the crisis climbs) and war (won
or lost by strength, patrons' support and terrain, and turned nuclear by accident when a
party holds the bomb). Deterrence and the stability-instability paradox are not written
anywhere: when a war may turn nuclear, war is worth far less to both sides, so neither
takes the last step, and each expects the other to yield lower down the ladder.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache

import numpy as np

from game.crises.vocabulary import PARTY_MOVES, PATRON_STANCES
from game.kernels import kernel
from game.scenario import STAT_INDEX, CrisisDef, Scenario
from game.state import CRISIS_DORMANT, CRISIS_OPEN, State

# Outcome codes of State.crisis_outcome.
ONGOING, BACKED_DOWN_FIRST, BACKED_DOWN_SECOND, SETTLED, WAR, NUCLEAR = range(6)
OUTCOME_NAMES = ("ongoing", "backed_down", "backed_down", "settled", "war", "nuclear")
# Move codes (indices into PARTY_MOVES) and stance codes (into PATRON_STANCES).
ESCALATE, HOLD, BACK_DOWN, ASK_PATRON, MEDIATION = range(len(PARTY_MOVES))
BACK, RESTRAIN, STAY_OUT = range(len(PATRON_STANCES))
# What a stat(X, nuclear) value means for deterrence: armed counts in full, a threshold
# state (a bomb in the basement) by half, a programme not at all.
NUCLEAR_WEIGHT = np.array([0.0, 0.0, 0.5, 1.0])
# How an AI's judgement differs by difficulty (easy, normal, hard): an easy AI overrates
# its chances in war and weighs its moves more noisily. The rules are the same for all.
OPTIMISM = np.array([0.15, 0.0, 0.0])
NOISE = np.array([2.0, 1.0, 0.5])
VERY_BAD = -1e6  # the utility of a move that is not legal


def outcome_text(state: State, c: int, run: int = 0) -> str:
    """The outcome as the headless lists and views word it: "ongoing", "settled", "war",
    "nuclear" or "backed_down:<nation>"."""
    code = int(state.crisis_outcome[run, c])
    if code in (BACKED_DOWN_FIRST, BACKED_DOWN_SECOND):
        return f"backed_down:{state.scenario.crises[c].parties[code - 1]}"
    return OUTCOME_NAMES[code]


def war_level(scenario: Scenario) -> int:
    """The ladder's war level: reaching it turns the crisis into a war."""
    for k, rung in enumerate(scenario.ladder):
        if rung.kind == "war":
            return k
    return len(scenario.ladder) - 1


def party_indices(scenario: Scenario, crisis: CrisisDef) -> tuple[int, int]:
    index = scenario.nation_index
    return index[crisis.parties[0]], index[crisis.parties[1]]


def openable(state: State, c: int) -> np.ndarray:
    """(B,) the runs where crisis c may open now: it has not opened before and both its
    parties exist (a crisis with the Soviet Union cannot open after 1991)."""
    first, second = party_indices(state.scenario, state.scenario.crises[c])
    dormant = state.crisis_status[:, c] == CRISIS_DORMANT
    return dormant & state.active[:, first] & state.active[:, second]


def open_crisis(state: State, c: int, runs: np.ndarray, turn: int) -> None:
    """Open crisis c at its starting level, this turn, in the runs of the (B,) mask `runs`
    where it may open (`openable`): by an effect or a provocation alike."""
    opening = runs & openable(state, c)
    if not opening.any():
        return
    start = state.scenario.crises[c].start_level
    state.crisis_status[:, c] = np.where(opening, CRISIS_OPEN, state.crisis_status[:, c])
    state.crisis_level[:, c] = np.where(opening, start, state.crisis_level[:, c])
    state.crisis_peak[:, c] = np.where(opening, start, state.crisis_peak[:, c])
    state.crisis_opened[:, c] = np.where(opening, turn, state.crisis_opened[:, c])


def patron_indices(scenario: Scenario, crisis: CrisisDef) -> list[int]:
    return [scenario.nation_index[p.nation] for p in crisis.patrons]


def patron_sides(state: State, c: int) -> np.ndarray:
    """(B, P) 0 or 1: the party each patron leans to (its declared side, else the party it
    likes better now)."""
    crisis = state.scenario.crises[c]
    a, b = party_indices(state.scenario, crisis)
    sides = np.zeros((state.batch, len(crisis.patrons)), dtype=np.int8)
    for k, patron in enumerate(crisis.patrons):
        if patron.side:
            sides[:, k] = crisis.parties.index(patron.side)
        else:
            p = state.scenario.nation_index[patron.nation]
            sides[:, k] = state.relations[:, p, b] > state.relations[:, p, a]
    return sides


def patron_stances(state: State, c: int) -> np.ndarray:
    """(B, P) each patron's stance now (STAY_OUT before it has taken one)."""
    crisis = state.scenario.crises[c]
    columns = patron_indices(state.scenario, crisis)
    stances = state.crisis_stance[:, c, :][:, columns] if columns else np.zeros((state.batch, 0))
    return np.where(stances < 0, STAY_OUT, stances).astype(np.int8)


def nuclear_weight(state: State, nation: int | list[int]) -> np.ndarray:
    """(B,) 0..1: how far the nation holds the bomb (see NUCLEAR_WEIGHT); (B, K) for a list
    of K nations."""
    level = np.clip(state.stats[:, nation, _stat("nuclear")], 0, 3).astype(np.int64)
    return NUCLEAR_WEIGHT[level]


@dataclass(frozen=True)
class Reckoning:
    """One crisis reckoned for every run: each party's utilities and the risks."""

    utilities: np.ndarray  # (B, 2, M) each party's value of each move (VERY_BAD: not legal)
    legal: np.ndarray  # (B, 2, M) bool
    win: np.ndarray  # (B, 2) each party's chance of winning a war, as it judges it
    war_value: np.ndarray  # (B, 2) what a war is worth to each party
    yield_chance: np.ndarray  # (B, 2) chance each party yields if the other escalates
    risk_next: np.ndarray  # (B,) chance the next level comes by accident if both hold
    risk_war: np.ndarray  # (B,) chance this crisis ends in war, as the model reckons it
    risk_nuclear: np.ndarray  # (B,) chance a war of this crisis turns nuclear
    restrained: np.ndarray  # (B, 2) bool: a patron restrains the party
    backers: np.ndarray  # (B, 2) how many patrons back each party
    first_wins: np.ndarray  # (B,) the true chance the first party wins a war with a winner


def reckon(state: State, c: int) -> Reckoning:
    """Reckon crisis c in every run (the numbers are meaningful where it is open)."""
    seat, ladder = crisis_facts(state, c), ladder_facts(state.scenario, c)
    out = empty_reckoning(state.batch)
    _reckon_kernel(seat, ladder, astuple(out))
    return out


def empty_reckoning(batch: int) -> Reckoning:
    """A Reckoning of `batch` runs to be filled (by `reckon_run`)."""
    moves = len(PARTY_MOVES)
    return Reckoning(
        utilities=np.empty((batch, 2, moves)),
        legal=np.empty((batch, 2, moves), dtype=bool),
        win=np.empty((batch, 2)),
        war_value=np.empty((batch, 2)),
        yield_chance=np.empty((batch, 2)),
        risk_next=np.empty(batch),
        risk_war=np.empty(batch),
        risk_nuclear=np.empty(batch),
        restrained=np.empty((batch, 2), dtype=bool),
        backers=np.empty((batch, 2)),
        first_wins=np.empty(batch),
    )


def astuple(reckoning: Reckoning) -> tuple[np.ndarray, ...]:
    """The reckoning's arrays in field order, as the compiled loops take them."""
    return tuple(getattr(reckoning, f.name) for f in fields(reckoning))


def crisis_facts(state: State, c: int) -> tuple[np.ndarray, ...]:
    """What the reckoning of crisis c reads in each run, as plain arrays: its level (B,),
    the parties' military (B, 2), the patrons' military (B, P), how far each party holds
    the bomb (B, 2), the parties' AI levels (B, 2), the side each patron leans to (B, P),
    each patron's stance (B, P), and how much more each patron likes its side (B, P)."""
    scenario = state.scenario
    crisis = scenario.crises[c]
    a, b = party_indices(scenario, crisis)
    columns = patron_indices(scenario, crisis)
    military = state.stats[:, :, _stat("military")]
    sides = patron_sides(state, c)
    to_first, to_second = state.relations[:, columns, a], state.relations[:, columns, b]
    return (
        state.crisis_level[:, c],
        military[:, [a, b]],
        military[:, columns],
        nuclear_weight(state, [a, b]),
        state.ai_level[:, [a, b]],
        sides,
        patron_stances(state, c),
        np.where(sides == 0, to_first - to_second, to_second - to_first),
    )


@cache
def ladder_facts(scenario: Scenario, c: int) -> tuple:
    """The constants of crisis c's reckoning: the ladder's costs and accident risks (none
    from the war level on), the war level's own risk, the war level, the stakes, the
    terrain and the crisis rules (in `_RULES` order)."""
    crisis = scenario.crises[c]
    top = war_level(scenario)
    cost = np.array([rung.cost for rung in scenario.ladder])
    risk = np.array([rung.accident_risk for rung in scenario.ladder])
    war_risk = float(risk[top])
    risk[top:] = 0.0  # the war level and beyond come by decision, not by accident
    rules = np.array([scenario.crisis_rules[name] for name in _RULES])
    return cost, risk, war_risk, top, float(crisis.stakes), float(crisis.terrain), rules


# The crisis rules the reckoning reads, in the order `ladder_facts` gives them.
_RULES = (
    "patron_share",
    "war_strength",
    "stalemate",
    "war_cost",
    "nuclear_loss",
    "patron_standing",
    "temperature",
    "mediation_pull",
)


@kernel
def _reckon_kernel(seat: tuple, ladder: tuple, out: tuple) -> None:
    """`reckon_run` for every run."""
    for r in range(seat[0].shape[0]):
        reckon_run(r, seat, ladder, out)


@kernel
def reckon_run(r: int, seat: tuple, ladder: tuple, out: tuple) -> None:
    """The reckoning of one crisis in run r (from `crisis_facts` and `ladder_facts`) into
    row r of the Reckoning's arrays (`astuple`).

    War: each party's strength is its military and a share of its backers'; the first
    party wins a war that has a winner by strength, then terrain; a war turns nuclear by
    the war level's accident risk, scaled by how far the better-armed party holds the
    bomb. Each party reckons the rival's utilities one step ahead: the rival yields to an
    escalation when holding one level up is worth less to it than backing down.
    """
    levels, military, patron_military, armed, ai_level, sides, stances, _ = seat
    cost, risk, war_risk, top, stakes, terrain, rules = ladder
    utilities, legal, win, war_value, yield_chance = out[0], out[1], out[2], out[3], out[4]
    risk_next, risk_war, risk_nuclear, restrained = out[5], out[6], out[7], out[8]
    backers, first_wins = out[9], out[10]
    share, war_strength, stalemate, war_cost = rules[0], rules[1], rules[2], rules[3]
    nuclear_loss, standing, temperature_rule, mediation_pull = (
        rules[4],
        rules[5],
        rules[6],
        rules[7],
    )
    level = min(max(np.int64(levels[r]), 0), top)
    strength0, strength1 = float(military[r, 0]), float(military[r, 1])
    backers[r, 0] = backers[r, 1] = 0.0
    restrained[r, 0] = restrained[r, 1] = False
    friends0 = friends1 = False  # a patron leaning to the party stays out
    for j in range(sides.shape[1]):
        side, stance = sides[r, j], stances[r, j]
        if stance == BACK:
            if side == 0:
                strength0 += share * patron_military[r, j]
            else:
                strength1 += share * patron_military[r, j]
            backers[r, side] += 1.0
        elif stance == RESTRAIN:
            restrained[r, side] = True
        elif side == 0:
            friends0 = True
        else:
            friends1 = True
    logit = war_strength * np.log(max(strength0, 1e-3) / max(strength1, 1e-3))
    first = 1.0 / (1.0 + np.exp(-(logit - terrain)))
    first_wins[r] = first
    nuclear = max(armed[r, 0], armed[r, 1]) * war_risk
    risk_nuclear[r] = nuclear
    decided = 1.0 - stalemate
    next_level = min(level + 1, top)
    # Each party's worth of holding at this level and at the next (scalars, not arrays: a
    # run's reckoning allocates nothing).
    now0 = now1 = next0 = next1 = 0.0
    for side in range(2):
        judgement = min(max(np.int64(ai_level[r, side]), 0), 2)
        chance = first if side == 0 else 1 - first
        win[r, side] = min(max(chance + OPTIMISM[judgement], 0.0), 1.0)
        war_value[r, side] = (
            stakes * decided * (2 * win[r, side] - 1) - war_cost - nuclear * nuclear_loss
        )
        hold_next = _hold(next_level, war_value[r, side], cost, risk, top)
        if side == 0:
            now0, next0 = _hold(level, war_value[r, side], cost, risk, top), hold_next
        else:
            now1, next1 = _hold(level, war_value[r, side], cost, risk, top), hold_next
        temperature = temperature_rule * NOISE[judgement]
        back_down = -stakes - standing * backers[r, side] / 2
        gap = (back_down - hold_next) / max(temperature, 1e-6)
        yield_chance[r, side] = 1.0 / (1.0 + np.exp(-min(max(gap, -50.0), 50.0)))
    for side in range(2):
        hold_now = now0 if side == 0 else now1
        hold_next = next0 if side == 0 else next1
        back_down = -stakes - standing * backers[r, side] / 2
        rival_yields = yield_chance[r, 1 - side]
        if level + 1 >= top:
            escalate = war_value[r, side]
        else:
            escalate = rival_yields * stakes + (1 - rival_yields) * hold_next
        friends = friends0 if side == 0 else friends1
        pull = mediation_pull * stakes * restrained[r, side]
        values = (
            escalate,
            hold_now,
            back_down,
            hold_now + 0.25 * stakes * friends,
            -0.5 * stakes - cost[level] + pull,
        )
        for m in range(len(values)):
            ok = not (m == ESCALATE and restrained[r, side]) and not (
                m == ASK_PATRON and not friends
            )
            legal[r, side, m] = ok
            utilities[r, side, m] = values[m] if ok else VERY_BAD
    # The chance of war: by accident from here, or by the escalation of either side.
    risk_next[r] = risk[level]
    edge = risk[level] if level + 1 >= top else risk[level] * risk[next_level]
    risk_war[r] = min(max(edge, 0.0), 1.0)


@kernel
def _hold(at: int, war_value: float, cost: np.ndarray, risk: np.ndarray, top: int) -> float:
    """What holding at level `at` is worth to a party: the level's cost, or the next level
    by accident (from the war level on, the war, worth `war_value`)."""
    beyond = min(at + 1, top)
    after = war_value if beyond >= top else -cost[beyond]
    return (1 - risk[at]) * -cost[at] + risk[at] * after


def move_shares(reckoning: Reckoning, state: State, c: int) -> np.ndarray:
    """(B, 2, M) the AI's odds of each move (`shares_run`)."""
    seat, ladder = crisis_facts(state, c), ladder_facts(state.scenario, c)
    shares = np.empty(reckoning.utilities.shape)
    _shares_kernel(seat, ladder, reckoning.utilities, reckoning.legal, shares)
    return shares


@kernel
def _shares_kernel(
    seat: tuple, ladder: tuple, utilities: np.ndarray, legal: np.ndarray, shares: np.ndarray
) -> None:
    for r in range(shares.shape[0]):
        for side in range(2):
            shares_run(r, side, seat, ladder, utilities, legal, shares[r, side])


@kernel
def shares_run(
    r: int,
    side: int,
    seat: tuple,
    ladder: tuple,
    utilities: np.ndarray,
    legal: np.ndarray,
    shares: np.ndarray,
) -> None:
    """The AI's odds of each move for one party in run r, into `shares` (M,): a softmax of
    the utilities at the party's temperature (its judgement), over legal moves only."""
    judgement = min(max(np.int64(seat[4][r, side]), 0), 2)
    temperature = max(ladder[6][6] * NOISE[judgement], 1e-6)
    count = shares.shape[0]
    top = -np.inf
    for m in range(count):
        shares[m] = utilities[r, side, m] / temperature if legal[r, side, m] else -np.inf
        top = max(top, shares[m])
    total = 0.0
    for m in range(count):
        shares[m] = np.exp(shares[m] - top)
        total += shares[m]
    for m in range(count):
        shares[m] /= total


def patron_utilities(state: State, c: int, reckoning: Reckoning) -> np.ndarray:
    """(B, P, 3) what backing, restraining and staying out are worth to each patron
    (`patron_values_run`)."""
    seat, ladder = crisis_facts(state, c), ladder_facts(state.scenario, c)
    out = np.zeros((state.batch, seat[5].shape[1], len(PATRON_STANCES)))
    _patron_values_kernel(seat, ladder, reckoning.risk_nuclear, out)
    return out


@kernel
def _patron_values_kernel(
    seat: tuple, ladder: tuple, risk_nuclear: np.ndarray, out: np.ndarray
) -> None:
    for r in range(out.shape[0]):
        for j in range(out.shape[1]):
            patron_values_run(r, j, seat, ladder, risk_nuclear[r], out[r, j])


@kernel
def patron_values_run(
    r: int, j: int, seat: tuple, ladder: tuple, risk_nuclear: float, values: np.ndarray
) -> None:
    """What backing, restraining and staying out are worth to patron j in run r, into
    `values` (3,). A patron backs the side it leans to in proportion to how much more it
    likes it; it restrains as the crisis nears war, all the more when a war could turn
    nuclear; staying out is worth nothing either way."""
    top = ladder[3]
    nearness = min(max(seat[0][r] / max(top, 1), 0.0), 1.0)
    danger = nearness * (1.0 + risk_nuclear * ladder[6][4] / 40)
    values[BACK] = seat[7][r, j] / 25.0 - danger
    values[RESTRAIN] = 2.0 * danger - 0.5
    values[STAY_OUT] = 0.0


def reason(move: int, reckoning: Reckoning, state: State, c: int, side: int, run: int) -> str:
    """Why a party makes (or would make) a move, in words, from the numbers it weighed."""
    crisis = state.scenario.crises[c]
    rival = state.scenario.nations[state.scenario.nation_index[crisis.parties[1 - side]]].name
    stakes = crisis.stakes
    win = float(reckoning.win[run, side])
    nuclear = float(reckoning.risk_nuclear[run])
    yields = float(reckoning.yield_chance[run, 1 - side])
    if move == ESCALATE:
        return f"expects {rival} to give way ({yields:.0%}) before it comes to war"
    if move == BACK_DOWN:
        if nuclear > 0:
            return (
                f"a war could turn nuclear ({nuclear:.0%}); {stakes:.0f} prestige is not worth it"
            )
        return (
            f"a war would likely be lost ({win:.0%} to win); better to lose {stakes:.0f} prestige"
        )
    if move == MEDIATION:
        if reckoning.restrained[run, side]:
            return "its patron presses for a settlement and will not back a fight"
        return "a settlement costs less than holding on at this level"
    if move == ASK_PATRON:
        return "counts on a friendly power to stand behind it"
    if nuclear > 0:
        return f"holds: the next step risks nuclear war ({nuclear:.0%}), giving way costs {stakes:.0f} prestige"
    return f"holds: giving way costs {stakes:.0f} prestige, and {rival} may blink first"


def patron_reason(stance: int) -> str:
    """Why a patron takes its stance, in words."""
    return {
        BACK: "stands by its friend to keep its word and its standing",
        RESTRAIN: "fears the crisis will run out of control and presses for restraint",
        STAY_OUT: "sees nothing at stake worth the risk",
    }[stance]


def _stat(name: str) -> int:
    return STAT_INDEX[name]
