"""The utility AI: every non-player nation ranks every legal option and spends its capital.

utility = p * (value if it succeeds + third parties' reactions)
          + (1 - p) * (value if it fails) * (1.5 - risk)
          - price of capital * cost + a little noise

Options are taken greedily, best first, at most one per action and `max_actions` per turn,
while capital lasts and the utility is positive. Difficulty changes how well a nation
judges, never what it may do: an easy AI misjudges the odds, ignores how third parties
will react and is noisier; a hard one sees all and hardly errs. The noise comes from the
turn's random numbers, so the AI is deterministic for a seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.diplomacy.board import Board
from game.diplomacy.odds import ActionOdds
from game.diplomacy.pairs import PairContext
from game.diplomacy.picks import every
from game.diplomacy.rules import DiplomacyRules
from game.diplomacy.value import (
    ECONOMY,
    Outlook,
    effect_value,
    interests,
    opinion_table,
    worry_table,
)
from game.diplomacy.weights import BASELINE_FACTOR, TRADE_ECONOMY, TRADE_GOODWILL
from game.kernels import kernel

LEVELS = ("easy", "normal", "hard")
NOISE = np.array([0.06, 0.02, 0.005])  # spread of misjudgement per level, in value units
CAPITAL_PRICE = 0.04  # value of one unit of capital for a nation of middling thrift
# ai_script codes (State.ai_script): what decides a nation's actions in a run.
POLICY, PASSIVE, RANDOM = -1, -2, -3  # a code >= 0 repeats that action every turn
DEPTH = 2  # the best targets of each action a nation chooses among


class Judgement:
    """Every action's options this turn, action by action.

    Where reasons are told (`explain`), every option was valued and its parts kept: the
    full (B, N, X) utilities (-inf where not legal) and parts. Otherwise only the legal
    options were valued (`picked`), and ranked while they were (`ranked`); the full
    utilities are spread out of those when first asked for (few read them)."""

    def __init__(
        self,
        odds: list[ActionOdds],
        full: list[np.ndarray] | None = None,
        parts: list[np.ndarray] | None = None,
        picked: list[np.ndarray | None] | None = None,
        ranked: Candidates | None = None,
    ) -> None:
        self.odds = odds
        # Per action, the contribution of each interest, broadcastable to (B, N, X, W), when
        # explaining.
        self.parts = parts
        # Per action, its utilities at its legal options only (odds[a].picks), where valued so.
        self.picked = picked
        self.ranked = ranked  # the best DEPTH targets of each action, where ranked as valued
        self._full = full

    @property
    def valued(self) -> bool:
        """Whether any option was valued (False: nobody weighed anything this turn)."""
        return self._full is not None or self.picked is not None

    @property
    def utilities(self) -> list[np.ndarray] | None:
        """Per action, (B, N, X) utilities, -inf where not legal; None: nothing was valued."""
        if self._full is None and self.picked is not None:
            self._full = [
                np.full(item.context.shape, -np.inf)
                if values is None
                else item.picks.spread(values, -np.inf)
                for item, values in zip(self.odds, self.picked, strict=True)
            ]
        return self._full


@dataclass
class Candidates:
    """The best few targets of each action for each nation: (B, N, A, depth) arrays."""

    value: np.ndarray  # utility, -inf for none
    target: np.ndarray  # target index on the action's target axis


def judge(
    outlook: Outlook,
    rules: DiplomacyRules,
    odds: list[ActionOdds],
    noise: tuple[np.ndarray, np.ndarray],
) -> Judgement:
    """The AI's utility of each option for each nation (and its parts, for reasons).

    Actions nobody may take in any run are not valued at all (their utility is -inf
    either way), which keeps a turn cheap: most actions are out of reach most of the time.
    Without reasons, only the legal options are valued (the rest are -inf either way), by
    the very same operations on fewer numbers, and each is ranked among its row's best as
    it is valued; reasons need every option's parts.
    """
    mood = judging_mood(outlook.board, rules, noise[0])
    by_target = noise[1]
    if outlook.explain:
        utilities: list[np.ndarray] = []
        parts: list[np.ndarray] = []
        for item in odds:
            ctx = item.context
            if not item.legal.any():
                utilities.append(np.full(ctx.shape, -np.inf))
                parts.append(np.zeros((*ctx.shape, outlook.width)))
                continue
            utility, part = option_values(outlook, item, every, mood, by_target)
            utilities.append(np.where(item.legal, utility.reshape(ctx.shape), -np.inf))
            parts.append(part.reshape(*ctx.shape, outlook.width))
        return Judgement(odds, full=utilities, parts=parts)
    ranking = _empty_ranking(len(odds), mood.easy.size, DEPTH)
    picked: list[np.ndarray | None] = []
    for a, item in enumerate(odds):
        if not item.legal.any():
            picked.append(None)
            continue
        utility, _ = option_values(outlook, item, item.picks, mood, by_target, (a, *ranking))
        item.picks.forget()
        picked.append(utility)
    return Judgement(odds, picked=picked, ranked=_by_row(ranking, *mood.easy.shape))


def judging_mood(board: Board, rules: DiplomacyRules, by_action: np.ndarray) -> Mood:
    """How each nation's level, temper and purse colour its judgement this turn."""
    state = board.state
    level = np.clip(state.ai_level, 0, len(LEVELS) - 1).astype(np.int64)
    easy = level == 0
    fear = 1.5 - rules.trait("risk")
    # Capital not spent beyond the ceiling is lost next turn, so a full purse spends cheaply.
    full = np.clip(
        (board.capital - board.ceiling + board.income) / np.maximum(board.income, 1e-9), 0.0, 1.0
    )
    price = CAPITAL_PRICE * (0.5 + rules.trait("thrift"))[None, :] * (1.0 - 0.5 * full)
    spread = 2.0 * NOISE[level]
    costs = np.asarray(rules.action_cost, dtype=np.float64)
    bias = np.empty((*spread.shape, len(costs)))
    _bias(spread, by_action, price, costs, bias)
    return Mood(easy, bool(easy.any()), fear, bias, spread)


@kernel
def _bias(
    spread: np.ndarray,
    by_action: np.ndarray,
    price: np.ndarray,
    costs: np.ndarray,
    bias: np.ndarray,
) -> None:
    """bias[b, i, a] = spread[b, i] * (by_action[b, i, a] - 0.5) - price[b, i] * costs[a]:
    each nation's noise about each action less the price of its capital, in one pass (the
    numpy expression's operations, in its order)."""
    runs, nations, actions = bias.shape
    for b in range(runs):
        for i in range(nations):
            s, p = spread[b, i], price[b, i]
            for a in range(actions):
                bias[b, i, a] = s * (by_action[b, i, a] - 0.5) - p * costs[a]


@dataclass
class Mood:
    """What colours every nation's judgement this turn, whatever the action."""

    easy: np.ndarray  # (B, N) bool: an easy AI misjudges the odds and ignores reactions
    any_easy: bool
    fear: np.ndarray  # (N,) weight of a failure's value: 1.5 - risk
    bias: np.ndarray  # (B, N, A) noise about each action less the price of its capital
    spread: np.ndarray  # (B, N) spread of the noise about each target


def unjudged(odds: list[ActionOdds]) -> Judgement:
    """The judgement of a turn in which no nation weighs its options (every one plays at
    random, by script or not at all): nothing is valued, as nothing would read the values."""
    return Judgement(odds)


def weighs(mode: np.ndarray) -> bool:
    """Whether any nation of any run chooses by the utilities (its AI, or a script that
    repeats an action, which still picks that action's best target)."""
    return bool(((mode == POLICY) | (mode >= 0)).any())


def best_targets(utilities: list[np.ndarray], depth: int = DEPTH) -> Candidates:
    """Each action's `depth` best targets (ties to the lower index) per nation and run."""
    return _ranked([(utility, None, None) for utility in utilities], depth)


def judged_targets(judgement: Judgement, depth: int = DEPTH) -> Candidates:
    """`best_targets` of the judgement's utilities, ranked among the legal options alone
    (the rest are -inf, which is never ranked): as the AI valued them where it ranked
    them then, at the values it worked out there, or read from the full utilities where
    it valued every option."""
    if not judgement.valued:
        b, n = judgement.odds[0].legal.shape[:2]
        return _by_row(_empty_ranking(len(judgement.odds), b * n, depth), b, n)
    ranked = judgement.ranked
    if ranked is not None and ranked.value.shape[3] == depth:
        return ranked
    actions = []
    for a, item in enumerate(judgement.odds):
        values = judgement.picked[a] if judgement.picked is not None else None
        if values is not None:
            actions.append((item.legal, item.picks.where, values))
        elif judgement.picked is not None:  # nothing legal: nothing to rank
            actions.append((item.legal, np.zeros(0, dtype=np.int64), np.zeros(0)))
        else:
            utility = judgement.utilities[a]  # type: ignore[index]
            where = np.flatnonzero(item.legal)
            actions.append((utility, where, np.ascontiguousarray(utility).reshape(-1)[where]))
    return _ranked(actions, depth)


def _ranked(
    actions: list[tuple[np.ndarray, np.ndarray | None, np.ndarray | None]], depth: int
) -> Candidates:
    """The `depth` best targets of each action: one compiled pass over the options at flat
    positions `where` (ascending) with their `values`, all others being -inf, or, where
    those are None, over all of its (B, N, X) utility (the first of each triple, whose
    shape is all that is read otherwise)."""
    b, n = actions[0][0].shape[:2]
    ranking = _empty_ranking(len(actions), b * n, depth)
    for a, (utility, where, values) in enumerate(actions):
        if where is None or values is None:
            values = np.ascontiguousarray(utility).reshape(-1)
            where = np.arange(len(values))
        if len(where):
            values = np.asarray(values, dtype=np.float64)
            _top_options(where, values, utility.shape[2], a, *ranking)
    return _by_row(ranking, b, n)


def _empty_ranking(actions: int, rows: int, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """(value, target) (A, R, depth) with nothing ranked: -inf and 0. Laid out action by
    action, so that ranking one action's options touches one block of memory."""
    return (
        np.full((actions, rows, depth), -np.inf),
        np.zeros((actions, rows, depth), dtype=np.int64),
    )


def _by_row(ranking: tuple[np.ndarray, np.ndarray], b: int, n: int) -> Candidates:
    """The (A, R, depth) ranking as Candidates, (B, N, A, depth): a view, not a copy (the
    choice reads it in its own layout, action by action)."""
    value, target = ranking
    actions, _, depth = value.shape
    return Candidates(
        value.reshape(actions, b, n, depth).transpose(1, 2, 0, 3),
        target.reshape(actions, b, n, depth).transpose(1, 2, 0, 3),
    )


@kernel
def _top_options(
    where: np.ndarray, values: np.ndarray, width: int, a: int, value: np.ndarray, target: np.ndarray
) -> None:
    """Rank the options at flat positions `where` (ascending) on the (run, nation) rows of
    width `width`, of the given `values`, into value[a] and target[a] (A, R, depth), which
    start at -inf and 0 (see `_rank`)."""
    r, start = 0, 0  # the row of the current option, and where that row starts
    for k in range(len(where)):
        while where[k] >= start + width:  # rows only move forward: no division
            r += 1
            start += width
        _rank(value, target, a, r, values[k], where[k] - start)


@kernel
def _rank(value: np.ndarray, target: np.ndarray, a: int, r: int, v: float, x: int) -> None:
    """Rank option `x` of value `v` among the best of row `r` of action `a` so far,
    value[a, r] and target[a, r] (depth,), given the row's options in ascending order.

    The rule is that of repeated argmax, the best of each level hidden (-inf) while the
    next is found: a stable ranking, best first, in which NaN counts as the largest, with
    one twist: a level whose best is -inf has only -inf left, where argmax gives the row's
    first target. So an option of -inf is never ranked (nor needs to be listed), and a
    level left empty keeps value -inf and target 0."""
    levels = value.shape[2]
    if levels == 0:
        return
    last = value[a, r, levels - 1]
    if not (v > last or (np.isnan(v) and not np.isnan(last))):
        return  # not among the best (an equal one came first)
    at = levels - 1
    while at > 0:
        above = value[a, r, at - 1]
        if not (v > above or (np.isnan(v) and not np.isnan(above))):
            break
        value[a, r, at] = above
        target[a, r, at] = target[a, r, at - 1]
        at -= 1
    value[a, r, at] = v
    target[a, r, at] = x


def option_values(
    outlook: Outlook,
    item: ActionOdds,
    at: Callable,
    mood: Mood,
    by_target: np.ndarray,
    ranking: tuple[int, np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """(utility (K,), parts (K, W)) of one action's options: its legal ones (`at` a
    LegalOptions; parts None, as only reasons read them) or every one (`every`,
    K = B * N * X, for reasons). With `ranking` (a, value, target), each legal option is
    also ranked among its row's best of action a as it is valued (see `_rank`).

    utility = p * (value if it succeeds + third parties' reactions)
              + (1 - p) * (value if it fails) * (1.5 - risk) + noise - price of capital

    The effects in general (`effect_value`) are valued by numpy at the options; the rest,
    the constant changes to the tie with the target (`LinearValue`), the reactions and
    the sum, in one compiled pass that reads the turn's arrays where they lie."""
    action, ctx = item.action, item.context
    shape = ctx.shape
    width = outlook.width
    if at is every:
        runs, actors, targets = (axis.reshape(-1) for axis in np.indices(shape))
        chance = np.ascontiguousarray(item.chance, dtype=np.float64).reshape(-1)
    else:
        runs, actors, targets = at.options[:3]
        chance = np.ascontiguousarray(item.picked_chance, dtype=np.float64)
    count = len(runs)
    board = outlook.board
    linear = action.linear
    definition = action.definition
    rooms = [
        board.room(name, amount > 0) if amount else _NONE_PAIR
        for name, amount in (
            ("relation", linear.relation),
            ("baseline", linear.baseline),
            ("relation", linear.fail_relation),
            ("baseline", linear.fail_baseline),
        )
    ]
    uses_own = any(
        (linear.relation, linear.baseline, linear.trade)
        + (linear.fail_relation, linear.fail_baseline, linear.fail_trade)
    )
    reacts = bool(definition.react) and ctx.width == board.unit.shape[1]
    opinion = opinion_table(outlook) if reacts else _NOTHING
    worry = worry_table(outlook) if definition.alarm else _NOTHING
    part = np.empty((count if at is every else 0, width))
    utility = np.empty(count)
    a, value, target = ranking if ranking is not None else (-1, _NO_RANKING, _NO_TARGETS)
    _option_values(
        runs,
        actors,
        targets,
        chance,
        _flat(mood.easy),
        mood.any_easy,
        np.array(
            [
                linear.relation,
                linear.baseline,
                linear.trade,
                linear.fail_relation,
                linear.fail_baseline,
                linear.fail_trade,
                definition.react if reacts else 0.0,
                definition.alarm,
            ],
            dtype=np.float64,
        ),
        bool(definition.react or definition.alarm),
        _flat(outlook.own) if uses_own else _NOTHING,
        *(_flat(room) for room in rooms),
        _flat(outlook.weight(ECONOMY)[0, :, 0, :]),
        _flat(opinion),
        _flat(worry),
        _stacked(outlook, action.general_effects, ctx, at, count).reshape(-1),
        _stacked(outlook, action.general_failure, ctx, at, count).reshape(-1),
        mood.fear,
        _flat(mood.bias),
        mood.bias.shape[2],
        action.index,
        _flat(mood.spread),
        _flat(by_target),
        by_target.shape[2],
        interests(width),
        part.reshape(-1),
        utility,
        a,
        value,
        target,
    )
    return utility, (part if at is every else None)


_NONE_PAIR = np.zeros(0)  # a room never read (its change is zero)
_NOTHING = np.zeros(0)  # a table never read (its part of the value is zero)


def _flat(values: np.ndarray) -> np.ndarray:
    """`values` as one flat run of memory, for a compiled loop that works out each
    option's place in it (a view where the array is contiguous, as the turn's are): an
    index into a flat array is cheaper than one into four axes, each with its own
    stride and check for negative indices."""
    return np.ascontiguousarray(values).reshape(-1)


_NO_RANKING = np.zeros((0, 0, 0))  # no ranking asked for
_NO_TARGETS = np.zeros((0, 0, 0), dtype=np.int64)


def _stacked(
    outlook: Outlook, effects: tuple, ctx: PairContext, at: Callable, count: int
) -> np.ndarray:
    """(E, K, W) the values of `effects` at the options, in order, each written in its
    place (the commonest kinds straight from compiled loops, no array of their own)."""
    stack = np.empty((len(effects), count, outlook.width))
    for e, effect in enumerate(effects):
        effect_value(outlook, effect, ctx, at, out=stack[e])
    return stack


@kernel
def _option_values(
    runs: np.ndarray,
    actors: np.ndarray,
    targets: np.ndarray,
    chance: np.ndarray,
    easy: np.ndarray,
    any_easy: bool,
    amounts: np.ndarray,
    reaction: bool,
    own: np.ndarray,
    rise_room: np.ndarray,
    base_room: np.ndarray,
    fail_rise_room: np.ndarray,
    fail_base_room: np.ndarray,
    economy: np.ndarray,
    opinion: np.ndarray,
    worry: np.ndarray,
    effects: np.ndarray,
    failures: np.ndarray,
    fear: np.ndarray,
    bias: np.ndarray,
    actions: int,
    action: int,
    spread: np.ndarray,
    by_target: np.ndarray,
    columns: int,
    interests: tuple,
    part: np.ndarray,
    utility: np.ndarray,
    ranked: int,
    value: np.ndarray,
    target: np.ndarray,
) -> None:
    """part[k, w] (where part has a row per option) and utility[k] of option k = (run b,
    actor i, target x), ranked among its row's best of action `ranked` in value and
    target (A, B * N, depth) as it is valued, unless `ranked` < 0.

    The turn's arrays come flat (C order), each read at the option's place in it: easy,
    spread (B, N) and bias (B, N, actions) at row r = b * N + i; own and opinion
    (B, N, N, W), the rooms (B, N, N) and by_target (B, N, columns) at the pair (r, x);
    worry (B, N, 1, W) at r; economy (N, W) at i; part (K, W). Those of a change that is
    zero are empty, never read. effects and failures are (E, K, W), the values of the
    action's general effects at the options, in order. W is the length of `interests`
    (see game.diplomacy.value.interests).

    amounts: the action's relation, baseline and trade changes if it succeeds, the same if
    it fails (LinearValue), and its react and alarm (react 0 where the target is no
    nation). A change's value is the actor's tie with its target times the room the
    change has before the tie saturates (a rise and a fall have their own room arrays).
    The arithmetic is the numpy expressions' operation for operation, so the values are
    the same bit for bit however many options are valued."""
    width = len(interests)  # known when compiled: one machine code per width
    keep = part.shape[0] == len(runs) * width and len(runs) > 0
    nations = fear.shape[0]
    relation, baseline, trade = amounts[0], amounts[1], amounts[2]
    fail_relation, fail_baseline, fail_trade = amounts[3], amounts[4], amounts[5]
    react, alarm = amounts[6], amounts[7]
    # The same operations on the same constants as the expressions written per option.
    per_relation, per_baseline = relation / 100.0, baseline / 100.0 * BASELINE_FACTOR
    goodwill, gain = trade * TRADE_GOODWILL, trade * TRADE_ECONOMY
    fail_per_relation = fail_relation / 100.0
    fail_per_baseline = fail_baseline / 100.0 * BASELINE_FACTOR
    fail_goodwill, fail_gain = fail_trade * TRADE_GOODWILL, fail_trade * TRADE_ECONOMY
    per_react, per_alarm = react / 100.0, alarm / 100.0
    succeeds = relation != 0.0 or baseline != 0.0 or trade != 0.0
    fails = fail_relation != 0.0 or fail_baseline != 0.0 or fail_trade != 0.0
    count = len(runs)
    n_effects, n_failures = (
        len(effects) // max(count * width, 1),
        len(failures) // max(count * width, 1),
    )
    for k in range(count):
        b, i, x = runs[k], actors[k], targets[k]
        r = b * nations + i  # the (run, actor) row
        pair = r * nations + x  # the (run, actor, target nation) pair
        judged = chance[k]
        if any_easy and easy[r]:
            judged = (judged + 0.6) / 2.0
        total = 0.0
        for w in range(width):
            success = 0.0
            tie = income = 0.0
            if succeeds or fails:
                tie = own[pair * width + w]
                income = economy[i * width + w]
            if succeeds:
                rise = rise_room[pair] if relation != 0.0 else 0.0
                base = base_room[pair] if baseline != 0.0 else 0.0
                success = _linear(
                    per_relation, per_baseline, trade, goodwill, gain, rise, base, tie, income
                )
            for e in range(n_effects):
                change = effects[(e * count + k) * width + w]
                success = success + change if succeeds or e > 0 else change
            if reaction:
                seen = 0.0
                if react != 0.0:
                    seen = seen + per_react * opinion[pair * width + w]
                if alarm != 0.0:
                    seen = seen - per_alarm * worry[r * width + w]
                if any_easy:
                    seen = seen * (0.0 if easy[r] else 1.0)
                success = success + seen if succeeds or n_effects > 0 else seen
            worth = judged * success if succeeds or n_effects > 0 or reaction else 0.0
            failure = 0.0
            if fails:
                rise = fail_rise_room[pair] if fail_relation != 0.0 else 0.0
                base = fail_base_room[pair] if fail_baseline != 0.0 else 0.0
                failure = _linear(
                    fail_per_relation,
                    fail_per_baseline,
                    fail_trade,
                    fail_goodwill,
                    fail_gain,
                    rise,
                    base,
                    tie,
                    income,
                )
            for e in range(n_failures):
                change = failures[(e * count + k) * width + w]
                failure = failure + change if fails or e > 0 else change
            if fails or n_failures > 0:
                worth = worth + (1.0 - judged) * failure * fear[i]
            if keep:
                part[k * width + w] = worth
            total = worth if w == 0 else total + worth
        column = x if x < columns else x % columns
        noise = spread[r] * (by_target[r * columns + column] - 0.5)
        utility[k] = total + bias[r * actions + action] + noise
        if ranked >= 0:
            _rank(value, target, ranked, r, utility[k], x)


@kernel
def _linear(
    relation: float,
    baseline: float,
    trade: float,
    goodwill: float,
    gain: float,
    rise: float,
    base: float,
    tie: float,
    income: float,
) -> float:
    """The value of constant changes to the actor's tie with its target (LinearValue): each
    change times the room it has (rise, base), times what the tie is worth; trade is also
    income. relation and baseline are per point of room (relation / 100, baseline / 100 *
    BASELINE_FACTOR), goodwill and gain trade's worth per unit of tie and of economy
    (trade * TRADE_GOODWILL, trade * TRADE_ECONOMY). Plain numbers only: a call passing
    arrays costs more than this arithmetic."""
    scale = 0.0
    scaled = False
    if relation != 0.0:
        scale = relation * rise
        scaled = True
    if baseline != 0.0:
        step = baseline * base
        scale = scale + step if scaled else step
        scaled = True
    if trade != 0.0:
        scale = scale + goodwill if scaled else goodwill
    value = tie * scale
    if trade != 0.0:
        value = value + income * gain
    return value


def acting_modes(script: np.ndarray, policy: str) -> np.ndarray:
    """(B, N) how each nation chooses its actions in each run: its script where it has one,
    else by the policy: the utility AI ("ai"), at random ("random"), or not at all
    ("historical": history has no actions beyond its events, so its path stays history's)."""
    default = {"ai": POLICY, "random": RANDOM}.get(policy, PASSIVE)
    return np.where(script == POLICY, default, script).astype(np.int64)


def candidates(
    judgement: Judgement,
    rules: DiplomacyRules,
    script: np.ndarray,
    policy: str,
    noise: tuple[np.ndarray, np.ndarray],
) -> Candidates:
    """Each nation's candidate options after its script (see the codes above): its AI's
    best, a repeated action's best target, random legal options, or none."""
    mode = acting_modes(script, policy)
    chosen = judged_targets(judgement)
    # Worked on (A, B, N, depth), the ranking's own layout (a view of it), and returned
    # as its (B, N, A, depth) view again: the choice reads it in that layout.
    value, target = np.moveaxis(chosen.value, 2, 0), np.moveaxis(chosen.target, 2, 0)
    by_row = mode[None, :, :, None]  # (1, B, N, 1)
    actions = np.arange(len(rules.actions))[:, None, None, None]
    repeat = by_row >= 0
    if repeat.any():
        value = np.where(repeat, np.where(actions == by_row, value + 1e6, -np.inf), value)
    random_play = by_row == RANDOM
    if random_play.any():
        by_action, by_target = noise
        luck = []
        for item in judgement.odds:
            # Each legal option's draw, -1..1 (every other option is never ranked).
            runs, actors, targets, where = item.options
            draw = np.empty(len(where))
            _luck(runs, actors, targets, by_action, item.action.index, by_target, draw)
            luck.append((item.legal, where, draw))
        lucky = _ranked(luck, DEPTH)
        value = np.where(random_play, np.moveaxis(lucky.value, 2, 0), value)
        target = np.where(random_play, np.moveaxis(lucky.target, 2, 0), target)
    passive = by_row == PASSIVE
    if passive.any():
        value = np.where(passive, -np.inf, value)
    return Candidates(np.moveaxis(value, 0, 2), np.moveaxis(target, 0, 2))


@kernel
def _luck(
    runs: np.ndarray,
    actors: np.ndarray,
    targets: np.ndarray,
    by_action: np.ndarray,
    action: int,
    by_target: np.ndarray,
    draw: np.ndarray,
) -> None:
    """draw[k], -1..1, the luck of option k = (run, actor, target) of `action` for a nation
    playing at random: its action's draw plus its target's (the target column taken
    modulo the draws' width, as for treaties), less one."""
    columns = by_target.shape[2]
    for k in range(len(runs)):
        b, i = runs[k], actors[k]
        draw[k] = by_action[b, i, action] + by_target[b, i, targets[k] % columns] - 1.0


def select(
    found: Candidates, rules: DiplomacyRules, capital: np.ndarray, slots: int
) -> tuple[np.ndarray, np.ndarray]:
    """(action, target) per slot, (B, N, slots) each (-1 none): best first, within capital,
    at most one of each action and one action toward each nation per turn (diplomacy
    spreads its attention)."""
    b, n, count, depth = found.value.shape
    chosen_action = np.full((b * n, slots), -1, dtype=np.int64)
    chosen_target = np.full((b * n, slots), -1, dtype=np.int64)
    # (A, R, depth) views, never copies: of the ranking as `judge` lays it out, action by
    # action, or of candidates rearranged by script or random play, (B, N, A, depth).
    _greedy(
        np.moveaxis(np.asarray(found.value, dtype=np.float64), 2, 0).reshape(count, b * n, depth),
        np.moveaxis(np.asarray(found.target, dtype=np.int64), 2, 0).reshape(count, b * n, depth),
        np.repeat(np.arange(count), depth),
        np.repeat(np.asarray(rules.action_cost, dtype=np.float64), depth),
        np.repeat(np.asarray(rules.aims_at_nation, dtype=np.bool_), depth),
        np.ascontiguousarray(capital, dtype=np.float64).reshape(-1),
        chosen_action,
        chosen_target,
    )
    return chosen_action.reshape(b, n, slots), chosen_target.reshape(b, n, slots)


@kernel
def _greedy(
    value: np.ndarray,
    target: np.ndarray,
    action_of: np.ndarray,
    cost: np.ndarray,
    aims_at_nation: np.ndarray,
    capital: np.ndarray,
    chosen_action: np.ndarray,
    chosen_target: np.ndarray,
) -> None:
    """The greedy choice of each (run, nation) row r among its candidates value[:, r] and
    target[:, r] (A, R, depth), taken as one list of A * depth, action by action: slot by
    slot, the first of the most valuable (value > 0) that it can afford, whose action it
    has not taken and whose target nation it has not yet addressed this turn."""
    actions, rows, depth = value.shape
    slots = chosen_action.shape[1]
    # The row's candidates still open, in order: their place in the list, value, target.
    listed = np.empty(actions * depth, dtype=np.int64)
    listed_value = np.empty(actions * depth)
    listed_target = np.empty(actions * depth, dtype=np.int64)
    for r in range(rows):
        left = capital[r]
        open_count = 0
        for a in range(actions):
            for level in range(depth):
                v = value[a, r, level]
                if v > 0:  # only candidates worth taking are ever chosen
                    listed[open_count] = a * depth + level
                    listed_value[open_count] = v
                    listed_target[open_count] = target[a, r, level]
                    open_count += 1
        for slot in range(slots):
            pick = -1
            best = -np.inf
            for i in range(open_count):
                if cost[listed[i]] <= left + 1e-9 and listed_value[i] > best:
                    pick, best = i, listed_value[i]
            if pick < 0:
                break
            c, aim = listed[pick], listed_target[pick]
            chosen_action[r, slot] = action_of[c]
            chosen_target[r, slot] = aim
            left = left - cost[c]
            kept = 0
            for i in range(open_count):
                same_action = action_of[listed[i]] == action_of[c]
                same_nation = (
                    aims_at_nation[c] and aims_at_nation[listed[i]] and listed_target[i] == aim
                )
                if not (same_action or same_nation):
                    listed[kept] = listed[i]
                    listed_value[kept] = listed_value[i]
                    listed_target[kept] = listed_target[i]
                    kept += 1
            open_count = kept
