"""The diplomacy part of the orders phase: every nation's actions, chosen and resolved.

The person's actions come from their orders (each checked; an unusable one is reported,
never raised); every other nation's come from its AI (or its script, for tournaments).
All actions of a turn are resolved at once against the same state: chances are drawn,
effects are summed and then applied, so no nation moves first. The random numbers are
drawn in fixed shapes every turn, whatever is chosen, so a run's stream never depends on
the batch around it or on what happened. Large batches are handled in chunks of runs,
which bounds memory and changes no result (every run is computed on its own).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields

import numpy as np

from game.diplomacy.action_report import ActionReport, empty_report
from game.diplomacy.ai import (
    PASSIVE,
    Judgement,
    acting_modes,
    candidates,
    judge,
    select,
    unjudged,
    weighs,
)
from game.diplomacy.board import Board, capital_of, read_board
from game.diplomacy.event_choice import StartBoard, keep_board
from game.diplomacy.odds import ActionOdds, action_odds, picked_chance_of, why_not
from game.diplomacy.orders import as_order
from game.diplomacy.pairs import Changes
from game.diplomacy.picks import LegalOptions
from game.diplomacy.rules import COMPONENTS, DiplomacyRules, compile_diplomacy
from game.diplomacy.value import PATRON, SECURITY, Outlook, make_outlook, reaction_view
from game.kernels import kernel
from game.phases.blocs import _row_sum
from game.rng import TurnRng
from game.state import State
from game.turn import Turn

# Key of the side stream for per-action noise (its width is the number of actions), so
# adding an action to a scenario leaves every other random number of a turn unchanged.
ACTION_STREAM = np.uint64(0xA5E7_D1B5_4A32_D192)
EXPLAIN_LIMIT = 64  # batches up to this size carry the AI's reasons in the report
CHUNK = 2048  # runs handled at once: bounds memory, costs nothing in results
# State arrays the phase changes (written back from each chunk).
CHANGED = (
    "relations",
    "baselines",
    "trade",
    "aid",
    "stats",
    "sanctions",
    "war",
    "members",
    "flags",
    "capital",
    "action_last",
)


def survey(state: State, year: int, turn: int) -> tuple[DiplomacyRules, Board, list[ActionOdds]]:
    """The rules, the board and every action's legality and odds for the coming turn."""
    rules = compile_diplomacy(state.scenario)
    board = read_board(state, rules, year, turn)
    return rules, board, [action_odds(board, action) for action in rules.actions]


def diplomacy_phase(
    state: State,
    rng: TurnRng,
    year: int,
    turn: int,
    orders: list | None = None,
    rejected: list[str] | None = None,
    keep: list[StartBoard] | None = None,
) -> ActionReport:
    """Choose and resolve every nation's actions for this turn (changes `state` in place).
    `keep` collects the start-of-turn boards for the event answers (ai policy only)."""
    rejected = rejected if rejected is not None else []
    keep = keep if state.policy == "ai" else None
    rules = compile_diplomacy(state.scenario)
    b, n = state.active.shape
    slots = rules.max_actions
    luck = rng.uniform(n, max(slots, 1))
    rng.uniform(n, 1)  # a fixed block: the main stream never depends on how many actions exist
    by_target = rng.uniform(n, n)
    by_action = TurnRng(state.seeds ^ ACTION_STREAM, turn).uniform(n, max(len(rules.actions), 1))
    noise = (by_action, by_target)
    if not rules.actions or slots == 0:
        if orders:
            rejected.append(
                "this scenario defines no diplomatic actions; the action orders were ignored"
            )
        if keep is not None:
            keep.append(keep_board(state, rules, year, turn))
        return empty_report(b, n, slots)
    explain = b <= EXPLAIN_LIMIT
    if b <= CHUNK:
        report, problems = _phase(state, rules, year, turn, luck, noise, orders, explain, keep)
    else:
        reports, problems = [], Counter()
        for lo in range(0, b, CHUNK):
            hi = min(b, lo + CHUNK)
            part = state.select(slice(lo, hi))
            chunk_report, chunk_problems = _phase(
                part,
                rules,
                year,
                turn,
                luck[lo:hi],
                (noise[0][lo:hi], noise[1][lo:hi]),
                orders,
                explain,
                keep,
                lo,
            )
            for name in CHANGED:
                getattr(state, name)[lo:hi] = getattr(part, name)
            reports.append(chunk_report)
            problems.update(chunk_problems)
        report = ActionReport(
            **{
                f.name: np.concatenate([getattr(r, f.name) for r in reports])
                for f in fields(ActionReport)
            }
        )
    for message, count in problems.items():
        rejected.append(message + (f" (in {count} of {b} runs)" if b > 1 and count < b else ""))
    return report


@dataclass
class Decisions:
    """Every nation's chosen actions before they are resolved, and what they rest on."""

    board: Board
    odds: list[ActionOdds]
    judgement: Judgement | None  # None when no nation weighed anything
    action: np.ndarray  # (B, N, K) action index, -1 none
    target: np.ndarray  # (B, N, K) target index on the action's target axis
    outlook: Outlook | None = None  # the AI's, when it weighed anything


def decide(
    state: State, year: int, turn: int, noise: tuple[np.ndarray, np.ndarray], explain: bool = False
) -> Decisions:
    """All AI decisions of one turn (every nation, every run): the part that must be fast.
    Nothing is weighed when no nation acts by its AI or at random (the historical policy),
    nor when every one that acts plays at random (unless its reasons are to be told)."""
    rules, board, odds = survey(state, year, turn)
    b, n = state.active.shape
    mode = acting_modes(state.ai_script, state.policy)
    if (mode == PASSIVE).all():
        none = np.full((b, n, rules.max_actions), -1, dtype=np.int64)
        return Decisions(board, odds, None, none, none.copy())
    outlook = None
    if explain or weighs(mode):
        outlook = make_outlook(board, rules, explain=explain)
        judgement = judge(outlook, rules, odds, noise)
    else:
        judgement = unjudged(odds)
    found = candidates(judgement, rules, state.ai_script, state.policy, noise)
    action, target = select(found, rules, board.capital, rules.max_actions)
    return Decisions(board, odds, judgement, action, target, outlook)


def _phase(
    state: State,
    rules: DiplomacyRules,
    year: int,
    turn: int,
    luck: np.ndarray,
    noise: tuple[np.ndarray, np.ndarray],
    orders: list | None,
    explain: bool,
    keep: list[StartBoard] | None = None,
    lo: int = 0,
) -> tuple[ActionReport, Counter]:
    b, n = state.active.shape
    slots = rules.max_actions
    if not orders and (acting_modes(state.ai_script, state.policy) == PASSIVE).all():
        if keep is not None:
            keep.append(keep_board(state, rules, year, turn, lo))
        _idle(state, rules)
        return empty_report(b, n, slots), Counter()
    decided = decide(state, year, turn, noise, explain)
    board, odds, judgement = decided.board, decided.odds, decided.judgement
    kept = None
    if keep is not None:  # before anything changes; its arrays are settled after `resolve`
        kept = keep_board(state, rules, year, turn, lo, board, decided.outlook, share=True)
        keep.append(kept)
    action, target = decided.action, decided.target
    problems: Counter = Counter()
    person = person_orders(state, rules, board, odds, orders, problems)
    by_person = np.zeros((b, n, slots), dtype=bool)
    if person is not None:
        action[:, state.player, :], target[:, state.player, :] = person
        by_person[:, state.player, :] = person[0] >= 0

    action = np.ascontiguousarray(action, dtype=np.int64)
    target = np.ascontiguousarray(target, dtype=np.int64)
    chance = np.zeros((b, n, slots))
    by_action = chosen_by_action(action, len(rules.actions))
    # Read each chance where `decide` already worked it out: in full when the AI weighed
    # the options with its reasons (small batches), at every legal option when it weighed
    # them without; when nobody weighed (random or historical play), at the chosen options
    # only. All three give the same numbers bit for bit; they differ in the work done.
    weighed = judgement is not None and judgement.valued
    for item in odds:  # every chosen option is legal: its chance is among the picked ones
        chosen = by_action[item.action.index]
        if len(chosen[0]):
            if weighed and not explain:
                picks = item.picks
                width = picks.shape[2]
                if not _chance_at(chance, item.picked_chance, picks.where, *chosen, target, width):
                    raise ValueError("an option that is not legal has no picked values")
                continue
            aims = target[chosen]
            if weighed:
                chance[chosen] = item.chance[chosen[0], chosen[1], aims]
            else:
                chance[chosen] = chosen_chance(board, item, chosen[0], chosen[1], aims)
    report = empty_report(b, n, slots)
    report.chance, report.by_person = chance, by_person
    # One pass over the slots: success, the option index, mediation's other party.
    offsets = np.array([a.offset for a in rules.actions], dtype=np.int64)
    mediates = np.array([a.target == "mediation" for a in rules.actions])
    _outcomes(
        action,
        target,
        chance,
        luck,
        offsets,
        mediates,
        board.other,
        report.success,
        report.option,
        report.other,
    )
    resolve(state, rules, board, odds, action, target, report.success)
    if kept is not None:  # `resolve` puts its changes in new arrays: the rest are copied
        kept.settle(state)
    if judgement is not None and judgement.parts is not None:
        explain_choices(report, rules, board, judgement, action, target)
    return report, problems


@kernel
def _chance_at(
    chance: np.ndarray,
    picked: np.ndarray,
    where: np.ndarray,
    runs: np.ndarray,
    actors: np.ndarray,
    slots: np.ndarray,
    target: np.ndarray,
    width: int,
) -> bool:
    """chance[run, actor, slot] = the picked chance (K,) of the option chosen there, found
    by its flat position in the action's (B, N, width) options among the legal ones
    (`where`, LegalOptions's, sorted, as LegalOptions.find does); False if one is not
    legal."""
    _, n, _ = target.shape
    size = len(where)
    at = 0
    for k in range(len(runs)):
        r, a, s = runs[k], actors[k], slots[k]
        flat = (r * n + a) * width + target[r, a, s]
        # The choices come in C order, as the legal options do: search forward from the
        # last one found, in steps that double (a few of many legal options are chosen),
        # then halve (memory read in order); from the start only when out of order.
        if at >= size or where[at] > flat:
            at = np.searchsorted(where, flat)
        elif where[at] < flat:
            low, step = at, 1  # where[low] < flat; find the first place holding >= flat
            while low + step < size and where[low + step] < flat:
                low += step
                step *= 2
            high = min(low + step, size)
            at = low + 1 + np.searchsorted(where[low + 1 : high], flat)
        if at >= size or where[at] != flat:
            return False
        chance[r, a, s] = picked[at]
    return True


@kernel
def _outcomes(
    action: np.ndarray,
    target: np.ndarray,
    chance: np.ndarray,
    luck: np.ndarray,
    offsets: np.ndarray,
    mediates: np.ndarray,
    other: np.ndarray,
    success: np.ndarray,
    option: np.ndarray,
    second: np.ndarray,
) -> None:
    """For each slot (B, N, K) with an action: whether it succeeded (its luck below its
    chance), its index on the flat option axis, and the mediation's other party (-1 when
    not a mediation); empty slots keep False and -1."""
    b_count, n, slots = action.shape
    for b in range(b_count):
        for i in range(n):
            for k in range(slots):
                a = action[b, i, k]
                if a < 0:
                    continue
                t = target[b, i, k]
                success[b, i, k] = luck[b, i, k] < chance[b, i, k]
                option[b, i, k] = offsets[a] + t
                if mediates[a]:
                    second[b, i, k] = other[b, i, min(max(t, 0), n - 1)]


def chosen_chance(
    board: Board, item: ActionOdds, runs: np.ndarray, actors: np.ndarray, aims: np.ndarray
) -> np.ndarray:
    """The chance of success at the given options alone, in their order: the numbers
    `chance` holds there, from the same operations on those options only.

    The options chosen by the nations come in C order, one per (run, actor) at most (a
    nation takes an action once a turn), so they are listed as they are; any others are
    put in order through a mask first."""
    shape = item.legal.shape
    where = (runs * shape[1] + actors) * shape[2] + aims
    if len(where) < 2 or bool((where[1:] > where[:-1]).all()):
        listed = LegalOptions.of(shape, (runs, actors, aims, where))
        return picked_chance_of(board, item.action, item.context, listed)
    mask = np.zeros(item.legal.shape, dtype=bool)
    mask[runs, actors, aims] = True
    picks = LegalOptions(mask)
    values = picked_chance_of(board, item.action, item.context, picks)
    return values[picks.find(runs, actors, aims)]


def _idle(state: State, rules: DiplomacyRules) -> None:
    """A turn in which no nation acts (the historical policy, no orders): only the capital
    moves, exactly as `resolve` would move it with nothing chosen."""
    _, capital, _ = capital_of(state, rules)
    state.capital = np.maximum(capital - 0.0, 0.0)


def resolve(
    state: State,
    rules: DiplomacyRules,
    board: Board,
    odds: list[ActionOdds],
    action: np.ndarray,
    target: np.ndarray,
    success: np.ndarray,
) -> None:
    """Apply the chosen options' effects (success or failure), costs and cooldowns.

    Effects are recorded only at the chosen options (a nation takes each action at most
    once a turn, so each lands on its own cells), action by action in a fixed order, so the
    sums are the same as adding full-size masked arrays, at a fraction of the work."""
    changes = Changes(state)
    # Per action, its failed and its successful options (run, actor, slot, target), in C order.
    outcome = np.where(action >= 0, 2 * action + success, -1)
    by_outcome = _grouped(outcome, target, 2 * len(rules.actions))
    for item in odds:
        compiled, ctx = item.action, item.context
        lost, won = by_outcome[2 * compiled.index], by_outcome[2 * compiled.index + 1]
        wins, losses = (won[0], won[1], won[3]), (lost[0], lost[1], lost[3])
        if len(wins[0]):
            for effect in compiled.effects:
                changes.add_at(effect, wins, ctx)
            definition = compiled.definition
            _reactions(changes, board, definition.react, definition.alarm, wins, compiled.width)
        if len(losses[0]):
            for effect in compiled.on_failure:
                changes.add_at(effect, losses, ctx)
    changes.apply(state)
    last = np.array(state.action_last, dtype=np.int32)
    spent = np.empty(board.capital.shape)
    _mark_taken(
        last,
        np.ascontiguousarray(action, dtype=np.int64),
        np.asarray(rules.action_cost, dtype=np.float64),
        board.turn,
        spent,
    )
    state.capital = np.maximum(board.capital - spent, 0.0)
    state.action_last = last


@kernel
def _mark_taken(
    last: np.ndarray, action: np.ndarray, cost: np.ndarray, turn: int, spent: np.ndarray
) -> None:
    """Record `turn` as when each chosen action (B, N, slots; -1 none) was last taken, and
    what each nation spent (B, N): the costs of its slots (0 for an empty one) summed in
    numpy's order, as `sum` over the slot axis adds them."""
    b_count, n, slots = action.shape
    row = np.empty(slots)
    for b in range(b_count):
        for i in range(n):
            for k in range(slots):
                a = action[b, i, k]
                if a >= 0:
                    last[b, i, a] = turn
                    row[k] = cost[a]
                else:
                    row[k] = 0.0
            spent[b, i] = _row_sum(row)


def chosen_by_action(
    action: np.ndarray, count: int
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per action, the (runs, actors, slots) that chose it, in C order: np.nonzero(action ==
    a) for every a, from one pass over the choices."""
    return [group[:3] for group in _grouped(action, action, count)]


def _grouped(
    key: np.ndarray, target: np.ndarray, count: int
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per value k of `key` (B, N, slots) in 0..count-1, the (runs, actors, slots, targets)
    where it is found, in C order (-1: nowhere)."""
    key = np.ascontiguousarray(key, dtype=np.int64)
    bounds = np.zeros(count + 1, dtype=np.int64)
    found = np.empty((4, int(np.count_nonzero(key >= 0))), dtype=np.int64)
    _by_key(key, np.ascontiguousarray(target, dtype=np.int64), bounds, found)
    runs, actors, slots, aims = found
    return [
        (runs[lo:hi], actors[lo:hi], slots[lo:hi], aims[lo:hi])
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)
    ]


@kernel
def _by_key(key: np.ndarray, target: np.ndarray, bounds: np.ndarray, found: np.ndarray) -> None:
    """A counting sort of the (run, actor, slot) cells by key, C order kept within each:
    bounds[k] is where key k's cells start in found (4, K), which gets each cell's run,
    actor, slot and target."""
    b_count, n, slots = key.shape
    count = len(bounds) - 1
    for b in range(b_count):
        for i in range(n):
            for k in range(slots):
                if key[b, i, k] >= 0:
                    bounds[key[b, i, k] + 1] += 1
    for k in range(count):
        bounds[k + 1] += bounds[k]
    at = bounds[:-1].copy()
    for b in range(b_count):
        for i in range(n):
            for k in range(slots):
                c = key[b, i, k]
                if c >= 0:
                    found[0, at[c]], found[1, at[c]], found[2, at[c]] = b, i, k
                    found[3, at[c]] = target[b, i, k]
                    at[c] += 1


def _reactions(
    changes: Changes,
    board: Board,
    react: float,
    alarm: float,
    wins: tuple[np.ndarray, np.ndarray, np.ndarray],
    width: int,
) -> None:
    """Third parties warm or cool to the actor: by their view of the target (react), or
    with alarm unless they are firm friends of the actor. `wins` lists the successful
    (run, actor, target) options, each actor at most once."""
    runs, actors, targets = wins
    courts = bool(react) and width == board.unit.shape[1]
    if not (courts or alarm):
        return
    # row i gains react * unit(target, k): the sum over targets j of wins(i, j) unit(j, k)
    courting = board.state.scenario.ai["courting"]
    seen = reaction_view(board.unit[runs, targets, :], courting) if courts else _NO_VIEW
    _shift_rows(
        changes.pairs["relation"],
        runs,
        actors,
        float(react) if courts else 0.0,
        np.ascontiguousarray(seen, dtype=np.float64),
        float(alarm),
        board.unit,
        board.pair_ok,
    )


_NO_VIEW = np.zeros((0, 0))


@kernel
def _shift_rows(
    delta: np.ndarray,
    runs: np.ndarray,
    actors: np.ndarray,
    react: float,
    seen: np.ndarray,
    alarm: float,
    unit: np.ndarray,
    pair_ok: np.ndarray,
) -> None:
    """Each winner's row of relation changes (each (run, actor) at most once): first
    + react * seen (its row of `seen`), then - alarm * (1 - unit) / 2 toward every nation
    it has a tie with; a zero `react` or `alarm` skips its part."""
    n = delta.shape[2]
    for k in range(len(runs)):
        r, a = runs[k], actors[k]
        if react:
            for j in range(n):
                delta[r, a, j] = delta[r, a, j] + react * seen[k, j]
        if alarm:
            for j in range(n):
                tie = 1.0 if pair_ok[r, a, j] else 0.0
                delta[r, a, j] = delta[r, a, j] - alarm * (1.0 - unit[r, a, j]) / 2.0 * tie


SPARE_CAPITAL = len(COMPONENTS)  # reason code: capital that would lapse, spent


def explain_choices(
    report: ActionReport,
    rules: DiplomacyRules,
    board: Board,
    judgement,
    action: np.ndarray,
    target: np.ndarray,
) -> None:
    """The interest that weighed most in each AI action, and the nation it names."""
    b, n, slots = action.shape
    width = len(COMPONENTS)  # parts are kept only when explaining: one per interest
    parts = np.zeros((b, n, slots, width))
    runs, actors = np.arange(b)[:, None, None], np.arange(n)[None, :, None]
    for a, part in enumerate(judgement.parts):
        here = action == a
        if here.any():
            full = np.broadcast_to(part, (*judgement.odds[a].context.shape, width))
            picked = full[runs, actors, np.where(here, target, 0)]  # (B, N, K, W)
            parts = np.where(here[..., None], picked, parts)
    strongest = np.argmax(parts, axis=3)
    taken = (action >= 0) & ~report.by_person
    has = taken & (parts.max(axis=3) > 0)
    # An action no interest values on balance is taken only because capital that is not
    # spent lapses (its price is then below zero): the reason says so.
    report.reason = np.where(has, strongest, np.where(taken, SPARE_CAPITAL, -1)).astype(np.int8)
    # An action names its target in the reason only when it courts it ("win X as a patron",
    # "keep X in its camp"); a hostile act toward X is never "to win X".
    courts = rules.courts_target
    safe = np.where(action >= 0, action, 0)
    aims_at_nation = courts[safe]
    named = np.where(aims_at_nation, target, -1)
    # Security names the threat: the target itself when the act is aimed against a threat,
    # else the nation's chief threat ("buys arms — contain India").
    at_nation = rules.aims_at_nation[safe]
    aim = np.clip(target, 0, n - 1)
    against = at_nation & ~aims_at_nation & (board.threat[runs, actors, aim] > 0.05)
    chief = np.where(board.threat.max(axis=2) > 0.05, np.argmax(board.threat, axis=2), -1)[
        :, :, None
    ]
    threat = np.where(against, target, np.broadcast_to(chief, named.shape))
    report.reason_nation = np.where(report.reason == SECURITY, threat, np.where(has, named, -1))
    report.reason_nation = np.where(
        (report.reason == PATRON) & ~aims_at_nation, -1, report.reason_nation
    )


def person_orders(
    state: State,
    rules: DiplomacyRules,
    board: Board,
    odds: list[ActionOdds],
    orders: list | None,
    problems: Counter,
) -> tuple[np.ndarray, np.ndarray] | None:
    """(action, target), (B, K) each, that the person ordered for their nation, -1 where
    unusable; None to let the AI act for the person's nation too (no action orders given
    at all: orders is None), as the policy answers the events a person leaves unanswered.
    [] means: take no action. Unusable orders are counted in `problems` (message: runs)."""
    if orders is None:
        return None
    b = state.batch
    if state.player < 0:
        if orders:
            problems["no nation is played by a person, so the action orders were ignored"] += b
        return None
    scenario = state.scenario
    player = state.player
    who = scenario.nations[player].name
    slots = rules.max_actions
    chosen_action = np.full((b, slots), -1, dtype=np.int64)
    chosen_target = np.full((b, slots), -1, dtype=np.int64)
    remaining = board.capital[:, player].copy()
    used: set[int] = set()
    slot = 0
    for raw in orders:
        order = as_order(raw)
        if order is None:
            problems[f"not an action order: {raw!r}"] += b
            continue
        if order.action not in scenario.action_index:
            problems[f"no action '{order.action}' in this scenario"] += b
            continue
        a = scenario.action_index[order.action]
        action = rules.actions[a]
        name = action.definition.name
        target, problem = _target_index(state, action, order.target)
        if problem:
            problems[f"{who}: {name}: {problem}"] += b
            continue
        if a in used:
            problems[f"{who}: {name}: only one of each action per turn"] += b
            continue
        if slot >= slots:
            problems[f"{who}: {name}: at most {slots} actions per turn"] += b
            continue
        cost = action.definition.cost
        ok = odds[a].legal[:, player, target] & (remaining >= cost - 1e-9)
        if not ok.all():
            run = int(np.flatnonzero(~ok)[0])
            reason = why_not(board, odds[a], player, target, run, float(remaining[run]))
            towards = f" → {order.target}" if order.target else ""
            problems[f"{who}: {name}{towards}: {reason}"] += int((~ok).sum())
        if not ok.any():
            continue
        chosen_action[:, slot] = np.where(ok, a, -1)
        chosen_target[:, slot] = np.where(ok, target, -1)
        remaining = remaining - np.where(ok, cost, 0.0)
        used.add(a)
        slot += 1
    return chosen_action, chosen_target


def _target_index(state: State, action, target: str | None) -> tuple[int, str]:
    scenario = state.scenario
    kind = action.target
    if kind == "none":
        return (0, "") if target is None else (0, "takes no target")
    if target is None:
        return 0, f"needs a target ({'a treaty' if kind == 'treaty' else 'a nation'})"
    if kind == "treaty":
        if target not in scenario.treaty_index:
            return 0, f"no treaty '{target}' in this scenario"
        return scenario.treaty_index[target], ""
    if target not in scenario.nation_index:
        return 0, f"no nation '{target}' in this scenario"
    return scenario.nation_index[target], ""


def run_diplomacy(state: State, turn: Turn) -> None:
    """Pipeline entry: every nation's actions, resolved on the very state `legal_orders`
    showed the player (so this phase runs first)."""
    turn.actions = diplomacy_phase(
        state, turn.rng, turn.year, turn.number, turn.ordered_actions, turn.rejected, turn.boards
    )
