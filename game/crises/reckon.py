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

from dataclasses import dataclass

import numpy as np

from game.crises.vocabulary import PARTY_MOVES, PATRON_STANCES
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


def support(state: State, c: int, stance: int) -> np.ndarray:
    """(B, 2) how many patrons take `stance` toward each party."""
    sides, stances = patron_sides(state, c), patron_stances(state, c)
    out = np.zeros((state.batch, 2))
    for side in (0, 1):
        out[:, side] = ((sides == side) & (stances == stance)).sum(axis=1)
    return out


def unbacked_friends(state: State, c: int) -> np.ndarray:
    """(B, 2) bool: a patron leaning to the party stays out (asking it may bring it in)."""
    sides, stances = patron_sides(state, c), patron_stances(state, c)
    return np.stack([((sides == s) & (stances == STAY_OUT)).any(axis=1) for s in (0, 1)], axis=1)


def nuclear_weight(state: State, nation: int) -> np.ndarray:
    """(B,) 0..1: how far the nation holds the bomb (see NUCLEAR_WEIGHT)."""
    level = np.clip(state.stats[:, nation, _stat("nuclear")], 0, 3).astype(np.int64)
    return NUCLEAR_WEIGHT[level]


def nuclear_risk(state: State, c: int) -> np.ndarray:
    """(B,) chance that a war of this crisis turns nuclear: the war level's accident risk,
    scaled by how far the better-armed party holds the bomb."""
    scenario = state.scenario
    a, b = party_indices(scenario, scenario.crises[c])
    armed = np.maximum(nuclear_weight(state, a), nuclear_weight(state, b))
    return armed * scenario.ladder[war_level(scenario)].accident_risk


def strength(state: State, c: int) -> np.ndarray:
    """(B, 2) each party's strength in a war: its military and a share of its backers'."""
    scenario = state.scenario
    crisis = scenario.crises[c]
    k = _stat("military")
    a, b = party_indices(scenario, crisis)
    out = np.stack([state.stats[:, a, k], state.stats[:, b, k]], axis=1).astype(np.float64)
    sides, stances = patron_sides(state, c), patron_stances(state, c)
    share = scenario.crisis_rules["patron_share"]
    for j, p in enumerate(patron_indices(scenario, crisis)):
        backing = stances[:, j] == BACK
        for side in (0, 1):
            out[:, side] += np.where(
                backing & (sides[:, j] == side), share * state.stats[:, p, k], 0
            )
    return np.maximum(out, 1e-3)


def win_chance(state: State, c: int) -> np.ndarray:
    """(B,) chance the first party wins a war that has a winner: strength, then terrain."""
    crisis = state.scenario.crises[c]
    power = strength(state, c)
    logit = state.scenario.crisis_rules["war_strength"] * np.log(power[:, 0] / power[:, 1])
    return 1.0 / (1.0 + np.exp(-(logit - crisis.terrain)))


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


def reckon(state: State, c: int) -> Reckoning:
    """Reckon crisis c in every run (the numbers are meaningful where it is open)."""
    scenario = state.scenario
    rules = scenario.crisis_rules
    crisis = scenario.crises[c]
    top = war_level(scenario)
    cost = np.array([rung.cost for rung in scenario.ladder])
    risk = np.array([rung.accident_risk for rung in scenario.ladder])
    risk[top:] = 0.0
    level = np.clip(state.crisis_level[:, c].astype(np.int64), 0, top)
    stakes = crisis.stakes
    a, b = party_indices(scenario, crisis)
    judgement = np.clip(state.ai_level[:, [a, b]], 0, 2).astype(np.int64)
    first = win_chance(state, c)
    win = np.clip(np.stack([first, 1 - first], axis=1) + OPTIMISM[judgement], 0.0, 1.0)
    nuclear = nuclear_risk(state, c)
    decided = 1.0 - rules["stalemate"]
    war_value = (
        stakes * decided * (2 * win - 1)
        - rules["war_cost"]
        - nuclear[:, None] * rules["nuclear_loss"]
    )
    backers = support(state, c, BACK)
    restrained = support(state, c, RESTRAIN) > 0
    back_down = -stakes - rules["patron_standing"] * backers / 2

    def hold_at(lvl: np.ndarray) -> np.ndarray:
        """(B, 2) the value of holding at level lvl: its cost, or the next level by accident."""
        lvl = np.clip(lvl, 0, top)
        nxt = np.clip(lvl + 1, 0, top)
        after = np.where((nxt >= top)[:, None], war_value, -cost[nxt][:, None])
        chance = risk[lvl][:, None]
        return (1 - chance) * -cost[lvl][:, None] + chance * after

    temperature = rules["temperature"] * NOISE[judgement]
    hold_now = hold_at(level)
    hold_next = hold_at(level + 1)
    # The rival yields to an escalation when holding one level up is worth less to it than
    # backing down: each side reckons the other's utilities, one step ahead.
    gap = (back_down - hold_next) / np.maximum(temperature, 1e-6)
    yield_chance = 1.0 / (1.0 + np.exp(-np.clip(gap, -50, 50)))
    rival_yields = yield_chance[:, ::-1]
    escalate = np.where(
        (level + 1 >= top)[:, None],
        war_value,
        rival_yields * stakes + (1 - rival_yields) * hold_next,
    )
    pull = rules["mediation_pull"] * stakes * restrained
    mediation = -0.5 * stakes - cost[level][:, None] + pull
    friends = unbacked_friends(state, c)
    ask = hold_now + 0.25 * stakes * friends

    utilities = np.stack([escalate, hold_now, back_down, ask, mediation], axis=2)
    legal = np.ones(utilities.shape, dtype=bool)
    legal[:, :, ESCALATE] = ~restrained
    legal[:, :, ASK_PATRON] = friends
    utilities = np.where(legal, utilities, VERY_BAD)
    # The chance of war: by accident from here, or by the escalation of either side.
    at_edge = level + 1 >= top
    risk_war = np.where(at_edge, risk[level], risk[level] * risk[np.clip(level + 1, 0, top)])
    return Reckoning(
        utilities=utilities,
        legal=legal,
        win=win,
        war_value=war_value,
        yield_chance=yield_chance,
        risk_next=risk[level],
        risk_war=np.clip(risk_war, 0.0, 1.0),
        risk_nuclear=nuclear,
        restrained=restrained,
    )


def move_shares(reckoning: Reckoning, state: State, c: int) -> np.ndarray:
    """(B, 2, M) the AI's odds of each move: a softmax of the utilities at the party's
    temperature (its judgement), over legal moves only."""
    scenario = state.scenario
    a, b = party_indices(scenario, scenario.crises[c])
    judgement = np.clip(state.ai_level[:, [a, b]], 0, 2).astype(np.int64)
    temperature = scenario.crisis_rules["temperature"] * NOISE[judgement]
    scaled = reckoning.utilities / np.maximum(temperature[:, :, None], 1e-6)
    scaled = np.where(reckoning.legal, scaled, -np.inf)
    scaled -= scaled.max(axis=2, keepdims=True)
    weights = np.exp(scaled)
    return weights / weights.sum(axis=2, keepdims=True)


def patron_utilities(state: State, c: int, reckoning: Reckoning) -> np.ndarray:
    """(B, P, 3) what backing, restraining and staying out are worth to each patron.

    A patron backs the side it leans to in proportion to how much more it likes it; it
    restrains as the crisis nears war, all the more when a war could turn nuclear; staying
    out is worth nothing either way.
    """
    scenario = state.scenario
    crisis = scenario.crises[c]
    a, b = party_indices(scenario, crisis)
    sides = patron_sides(state, c)
    top = war_level(scenario)
    nearness = np.clip(state.crisis_level[:, c] / max(top, 1), 0.0, 1.0)
    danger = nearness * (1.0 + reckoning.risk_nuclear * scenario.crisis_rules["nuclear_loss"] / 40)
    out = np.zeros((state.batch, len(crisis.patrons), 3))
    for j, p in enumerate(patron_indices(scenario, crisis)):
        friend = np.where(sides[:, j] == 0, a, b)
        rival = np.where(sides[:, j] == 0, b, a)
        rows = np.arange(state.batch)
        gap = state.relations[rows, p, friend] - state.relations[rows, p, rival]
        out[:, j, BACK] = gap / 25.0 - danger
        out[:, j, RESTRAIN] = 2.0 * danger - 0.5
        out[:, j, STAY_OUT] = 0.0
    return out


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
