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

from game.diplomacy.odds import ActionOdds
from game.diplomacy.picks import every
from game.diplomacy.rules import DiplomacyRules
from game.diplomacy.value import ECONOMY, Outlook, effect_value, reaction_value
from game.diplomacy.weights import BASELINE_FACTOR, TRADE_ECONOMY, TRADE_GOODWILL
from game.kernels import kernel

LEVELS = ("easy", "normal", "hard")
NOISE = np.array([0.06, 0.02, 0.005])  # spread of misjudgement per level, in value units
CAPITAL_PRICE = 0.04  # value of one unit of capital for a nation of middling thrift
# ai_script codes (State.ai_script): what decides a nation's actions in a run.
POLICY, PASSIVE, RANDOM = -1, -2, -3  # a code >= 0 repeats that action every turn


@dataclass
class Judgement:
    """Every action's options this turn, action by action: (B, N, X) arrays."""

    utilities: list[np.ndarray] | None  # -inf where not legal; None: nothing was valued
    # Per action, the contribution of each interest, broadcastable to (B, N, X, W), when
    # explaining.
    parts: list[np.ndarray] | None
    odds: list[ActionOdds]
    # Per action, its utilities at its legal options only (odds[a].picks), where valued so.
    picked: list[np.ndarray | None] | None = None


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
    """
    board = outlook.board
    state = board.state
    level = np.clip(state.ai_level, 0, len(LEVELS) - 1).astype(np.int64)
    easy = level == 0
    any_easy = bool(easy.any())
    sees_reactions = (~easy)[:, :, None, None] if any_easy else None
    fear = (1.5 - rules.trait("risk"))[None, :, None, None]
    # Capital not spent beyond the ceiling is lost next turn, so a full purse spends cheaply.
    full = np.clip(
        (board.capital - board.ceiling + board.income) / np.maximum(board.income, 1e-9), 0.0, 1.0
    )
    price = (CAPITAL_PRICE * (0.5 + rules.trait("thrift"))[None, :] * (1.0 - 0.5 * full))[
        :, :, None
    ]
    spread = 2.0 * NOISE[level][:, :, None]
    by_action, by_target = noise
    costs = rules.action_cost
    bias = (
        spread * (by_action[:, :, : len(costs)] - 0.5) - price * costs[None, None, :]
    )  # (B, N, A)
    by_action_bias = np.ascontiguousarray(np.moveaxis(bias, 2, 0))[:, :, :, None]  # (A, B, N, 1)
    wobble_by_width: dict[int, np.ndarray] = {}
    utilities: list[np.ndarray] = []
    parts: list[np.ndarray] = []
    picked: list[np.ndarray | None] = []
    width = outlook.width
    for item in odds:
        action, ctx = item.action, item.context
        if not item.legal.any():
            picked.append(None)
            utilities.append(np.full(ctx.shape, -np.inf))
            if outlook.explain:
                parts.append(np.zeros((*ctx.shape, width)))
            continue
        if action.width not in wobble_by_width:
            columns = np.arange(action.width) % by_target.shape[2]
            wobble_by_width[action.width] = np.ascontiguousarray(
                spread * (by_target[:, :, columns] - 0.5)
            )
        # Reasons need every option's parts; otherwise only the legal options are valued
        # (the rest are -inf either way), by the very same operations on fewer numbers.
        at = every if outlook.explain else item.picks
        judged = item.chance if at is every else item.picked_chance
        if any_easy:
            judged = np.where(at(easy[:, :, None]), (judged + 0.6) / 2.0, judged)
        judged = judged[..., None]
        success = _success_value(outlook, item, at, sees_reactions)
        part = (
            judged * success
            if success is not None
            else np.zeros((1,) * (judged.ndim - 1) + (width,))
        )
        linear = action.linear
        failure = _linear_value(
            outlook, linear.fail_relation, linear.fail_baseline, linear.fail_trade, at
        )
        for effect in action.general_failure:
            value = effect_value(outlook, effect, ctx, at)
            failure = value if failure is None else failure + value
        if failure is not None:
            part = part + (1.0 - judged) * failure * at(fear)
        total = part[..., 0] if width == 1 else part.sum(axis=-1)
        utility = total + at(by_action_bias[action.index]) + at(wobble_by_width[action.width])
        if outlook.explain:
            picked.append(None)
            utilities.append(np.where(item.legal, utility, -np.inf))
            parts.append(part)  # broadcast to (B, N, X, W) only if chosen (explain_choices)
        else:
            at.forget()
            picked.append(utility)
            utilities.append(at.spread(utility, -np.inf))
    return Judgement(utilities, parts if outlook.explain else None, odds, picked)


def unjudged(odds: list[ActionOdds]) -> Judgement:
    """The judgement of a turn in which no nation weighs its options (every one plays at
    random, by script or not at all): nothing is valued, as nothing would read the values."""
    return Judgement(None, None, odds, None)


def weighs(mode: np.ndarray) -> bool:
    """Whether any nation of any run chooses by the utilities (its AI, or a script that
    repeats an action, which still picks that action's best target)."""
    return bool(((mode == POLICY) | (mode >= 0)).any())


def best_targets(utilities: list[np.ndarray], depth: int = 2) -> Candidates:
    """Each action's `depth` best targets (ties to the lower index) per nation and run."""
    return _ranked([(utility, None, None) for utility in utilities], depth)


def judged_targets(judgement: Judgement, depth: int = 2) -> Candidates:
    """`best_targets` of the judgement's utilities, ranked among the legal options alone
    (the rest are -inf, which is never ranked): at the values the AI worked out there, or
    read from the full utilities where it valued every option."""
    if judgement.utilities is None:
        shape = (*judgement.odds[0].legal.shape[:2], len(judgement.odds), depth)
        return Candidates(np.full(shape, -np.inf), np.zeros(shape, dtype=np.int64))
    picked = judgement.picked or [None] * len(judgement.utilities)
    actions = []
    for utility, item, values in zip(judgement.utilities, judgement.odds, picked, strict=True):
        if values is not None:
            actions.append((utility, item.picks.where, values))
        else:
            where = np.flatnonzero(item.legal)
            actions.append((utility, where, np.ascontiguousarray(utility).reshape(-1)[where]))
    return _ranked(actions, depth)


def _ranked(
    actions: list[tuple[np.ndarray, np.ndarray | None, np.ndarray | None]], depth: int
) -> Candidates:
    """The `depth` best targets of each action: one compiled pass over the options at flat
    positions `where` (ascending) with their `values`, all others being -inf, or, where
    those are None, over all of its (B, N, X) utility."""
    b, n = actions[0][0].shape[:2]
    value = np.full((b, n, len(actions), depth), -np.inf)
    target = np.zeros((b, n, len(actions), depth), dtype=np.int64)
    by_row = (value.reshape(b * n, len(actions), depth), target.reshape(b * n, len(actions), depth))
    for a, (utility, where, values) in enumerate(actions):
        if where is None or values is None:
            values = np.ascontiguousarray(utility).reshape(-1)
            where = np.arange(len(values))
        if len(where):
            values = np.asarray(values, dtype=np.float64)
            _top_options(where, values, utility.shape[2], a, *by_row)
    return Candidates(value, target)


@kernel
def _top_options(
    where: np.ndarray, values: np.ndarray, width: int, a: int, value: np.ndarray, target: np.ndarray
) -> None:
    """Rank the options at flat positions `where` (ascending) on the (run, nation) rows of
    width `width`, of the given `values`, into value[:, a] and target[:, a] (R, depth),
    which start at -inf and 0.

    The rule is that of repeated argmax, the best of each level hidden (-inf) while the
    next is found: a stable ranking, best first, in which NaN counts as the largest, with
    one twist: a level whose best is -inf has only -inf left, where argmax gives the row's
    first target. So an option of -inf is never ranked (nor needs to be listed), and a
    level left empty keeps value -inf and target 0."""
    levels = value.shape[2]
    if levels == 0:
        return
    r, start = 0, 0  # the row of the current option, and where that row starts
    for k in range(len(where)):
        while where[k] >= start + width:  # rows only move forward: no division
            r += 1
            start += width
        v = values[k]
        last = value[r, a, levels - 1]
        if not (v > last or (np.isnan(v) and not np.isnan(last))):
            continue  # not among the best (an equal one came first)
        at = levels - 1
        while at > 0:
            above = value[r, a, at - 1]
            if not (v > above or (np.isnan(v) and not np.isnan(above))):
                break
            value[r, a, at] = above
            target[r, a, at] = target[r, a, at - 1]
            at -= 1
        value[r, a, at] = v
        target[r, a, at] = where[k] - start


def _success_value(
    outlook: Outlook, item: ActionOdds, at: Callable, sees_reactions: np.ndarray | None
) -> np.ndarray | None:
    """Value of an action's success to the actor (effects and third parties' reactions)."""
    action, ctx = item.action, item.context
    linear = action.linear
    success = _linear_value(outlook, linear.relation, linear.baseline, linear.trade, at)
    for effect in action.general_effects:
        value = effect_value(outlook, effect, ctx, at)
        success = value if success is None else success + value
    definition = action.definition
    if definition.react or definition.alarm:
        reaction = reaction_value(outlook, definition.react, definition.alarm, ctx, at)
        reaction = reaction if sees_reactions is None else reaction * at(sees_reactions)
        success = reaction if success is None else success + reaction
    return success


def _linear_value(
    outlook: Outlook, relation: float, baseline: float, trade: float, at: Callable | None = None
) -> np.ndarray | None:
    """Value of constant changes (in points) to the actor's tie with its target (see
    LinearValue), with the room each change has before the tie saturates; `at` picks the
    options to value (all by default)."""
    at = at or every
    board = outlook.board
    scale = None
    if relation:
        scale = relation / 100.0 * at(board.room("relation", relation > 0))
    if baseline:
        part = baseline / 100.0 * BASELINE_FACTOR * at(board.room("baseline", baseline > 0))
        scale = part if scale is None else scale + part
    if trade:
        scale = trade * TRADE_GOODWILL if scale is None else scale + trade * TRADE_GOODWILL
    value = None if scale is None else at(outlook.own) * np.asarray(scale)[..., None]
    if trade:
        economy = at(outlook.weight(ECONOMY)) * (trade * TRADE_ECONOMY)
        value = economy if value is None else value + economy
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
    value, target = chosen.value, chosen.target
    actions = np.arange(len(rules.actions))[None, None, :, None]
    repeat = (mode >= 0)[:, :, None, None]
    if repeat.any():
        value = np.where(
            repeat, np.where(actions == mode[:, :, None, None], value + 1e6, -np.inf), value
        )
    random_play = (mode == RANDOM)[:, :, None, None]
    if random_play.any():
        by_action, by_target = noise
        luck = []
        for item in judgement.odds:
            columns = np.arange(item.action.width) % by_target.shape[2]
            draw = (
                by_action[:, :, item.action.index, None] + by_target[:, :, columns] - 1.0
            )  # -1..1
            luck.append(np.where(item.legal, draw, -np.inf))
        lucky = best_targets(luck)
        value = np.where(random_play, lucky.value, value)
        target = np.where(random_play, lucky.target, target)
    passive = mode == PASSIVE
    if passive.any():
        value = np.where(passive[:, :, None, None], -np.inf, value)
    return Candidates(value, target)


def select(
    found: Candidates, rules: DiplomacyRules, capital: np.ndarray, slots: int
) -> tuple[np.ndarray, np.ndarray]:
    """(action, target) per slot, (B, N, slots) each (-1 none): best first, within capital,
    at most one of each action and one action toward each nation per turn (diplomacy
    spreads its attention)."""
    b, n, count, depth = found.value.shape
    chosen_action = np.full((b * n, slots), -1, dtype=np.int64)
    chosen_target = np.full((b * n, slots), -1, dtype=np.int64)
    _greedy(
        np.ascontiguousarray(found.value, dtype=np.float64).reshape(b * n, count * depth),
        np.ascontiguousarray(found.target, dtype=np.int64).reshape(b * n, count * depth),
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
    """The greedy choice of each (run, nation) row among its candidates (R, C): slot by
    slot, the first of the most valuable (value > 0) that it can afford, whose action it
    has not taken and whose target nation it has not yet addressed this turn."""
    rows, count = value.shape
    slots = chosen_action.shape[1]
    listed = np.empty(count, dtype=np.int64)  # the row's candidates still open, in order
    for r in range(rows):
        left = capital[r]
        open_count = 0
        for c in range(count):
            if value[r, c] > 0:  # only candidates worth taking are ever chosen
                listed[open_count] = c
                open_count += 1
        for slot in range(slots):
            pick = -1
            best = -np.inf
            for i in range(open_count):
                c = listed[i]
                if cost[c] <= left + 1e-9 and value[r, c] > best:
                    pick, best = c, value[r, c]
            if pick < 0:
                break
            chosen_action[r, slot] = action_of[pick]
            chosen_target[r, slot] = target[r, pick]
            left = left - cost[pick]
            kept = 0
            for i in range(open_count):
                c = listed[i]
                same_action = action_of[c] == action_of[pick]
                same_nation = (
                    aims_at_nation[pick] and aims_at_nation[c] and target[r, c] == target[r, pick]
                )
                if not (same_action or same_nation):
                    listed[kept] = c
                    kept += 1
            open_count = kept
