"""Which actions each nation may take this turn, and their chances of success.

Legality: the actor exists, the target is a valid one for the action's kind, the
action's `requires` condition holds, its cooldown has passed, and the nation has the
capital. The chance is a logistic function of the base chance and weighted terms:

- relation: the actor's relation with the target (-1..1);
- ideology: their ideological affinity (-1..1);
- power: the power gap, (actor - target) / (actor + target), -1..1;
- third: what the actor's friends think of the target, weighted by their power (-1..1):
  buying Soviet arms is harder for a friend of Washington, and easier for a friend of Beijing;
- stability: the actor's stability, (s - 50) / 50;
- trade: economic ties with the target, 0..1;

plus each modifier whose condition holds. For treaties, relation and ideology are the
means over the treaty's members; mediation uses the mean over both parties.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from game.compile import Context
from game.diplomacy.board import Board
from game.diplomacy.conditions import condition_text
from game.diplomacy.pairs import PairContext
from game.diplomacy.picks import LegalOptions, cells_and_steps, every, options_of
from game.diplomacy.restrictions import close_forbidden, why_forbidden
from game.diplomacy.rules import CompiledAction
from game.kernels import kernel
from game.scenario import ODDS_TERMS, STAT_INDEX
from game.state import IN_FORCE

_LOGIT_LIMIT = float(np.log(0.99 / 0.01))


@dataclass
class ActionOdds:
    """One action's options this turn: (B, N, X) legality and chance, X = its targets.
    The chance is worked out when first asked for (most actions are out of reach of
    everyone most turns, and then nobody needs it)."""

    action: CompiledAction
    context: PairContext
    legal: np.ndarray  # (B, N, X) bool: a valid target, allowed, ready and affordable
    board: Board
    # (runs, actors, targets, flat position) of the legal options, (K,) each, in C order:
    # found by the legality pass itself.
    options: tuple[np.ndarray, ...] = field(repr=False)
    # The full (B, N, X) chance once worked out; None until someone asks for it.
    known_chance: np.ndarray | None = field(default=None, repr=False)

    @property
    def chance(self) -> np.ndarray:
        if self.known_chance is None:
            self.known_chance = chance_of(self.board, self.action, self.context)
        return self.known_chance

    @cached_property
    def picks(self) -> LegalOptions:
        """Reads full arrays at the legal options (the only ones anyone takes)."""
        return LegalOptions.of(self.legal.shape, self.options)

    @cached_property
    def picked_chance(self) -> np.ndarray:
        """(K,) `chance` at the legal options (`picks`): the same numbers, for a fraction of
        the work when few options are legal."""
        if self.known_chance is not None:
            return self.picks(self.known_chance)
        return picked_chance_of(self.board, self.action, self.context, self.picks)


def pair_context(board: Board, action: CompiledAction) -> PairContext:
    other = board.other if action.target == "mediation" else None
    return PairContext(
        board.state,
        board.year,
        board.turn,
        action.width,
        other,
        derived_stats=board.cache["derived"],
    )


def target_ok(board: Board, action: CompiledAction) -> np.ndarray:
    """(B, N, X) where the target is a valid one for the action's kind."""
    state = board.state
    kind = action.target
    if kind == "nation":
        return board.pair_ok
    if kind == "mediation":
        return board.pair_ok & board.other_ok
    if kind == "treaty":
        allowed = (state.treaty_status == IN_FORCE) & action.treaty_allowed[None, :]
        return state.active[:, :, None] & allowed[:, None, :]
    return state.active[:, :, None]


def action_odds(
    board: Board, action: CompiledAction, context: PairContext | None = None
) -> ActionOdds:
    """The action's legal options: a valid target, no law against it, its `requires`
    holding, the actor ready (cooldown passed, capital enough). The grids are combined and
    the legal options listed in one compiled pass."""
    ctx = context or pair_context(board, action)
    state = board.state
    shape = ctx.shape
    open_options = target_ok(board, action)
    if action.restrictions:  # most actions have no law: no work for them
        calendar = Context(board.state, board.year, board.turn)
        open_options = np.array(np.broadcast_to(open_options, shape))  # ours to change
        close_forbidden(open_options, action.restrictions, calendar)
    ready = np.empty(shape[:2], dtype=bool)
    _ready(
        board.capital,
        action.definition.cost - 1e-9,
        state.action_last,
        action.index,
        action.cooldown_turns,
        board.turn,
        ready,
    )
    legal, options = _legal(board, action, ctx, _full(open_options, shape), ready)
    return ActionOdds(action, ctx, legal, board, options)


@kernel
def _ready(
    capital: np.ndarray,
    least: float,
    action_last: np.ndarray,
    index: int,
    cooldown: int,
    turn: int,
    ready: np.ndarray,
) -> None:
    """ready (B, N): the nation has `least` capital or more and, when the action has a
    cooldown, has never taken it (`action_last` -1) or took it `cooldown` turns ago or
    more. One pass instead of five numpy operations on (B, N) arrays."""
    b_count, n = ready.shape
    for b in range(b_count):
        for i in range(n):
            ok = capital[b, i] >= least
            if ok and cooldown > 0:
                last = action_last[b, i, index]
                ok = last < 0 or turn - last >= cooldown
            ready[b, i] = ok


def _legal(
    board: Board,
    action: CompiledAction,
    ctx: PairContext,
    open_options: np.ndarray,
    ready: np.ndarray,
) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """(B, N, X) open options of a ready actor where every term of `requires` holds, and
    (runs, actors, targets, flat position) of each: the terms' grids and the open options
    combined by numpy's `and` (a few fast passes over whole grids), then one compiled pass
    that lists the options of the ready actors. When no ready actor has an open option (a
    treaty action with no treaty in force, say) the terms are not worked out at all."""
    shape = ctx.shape
    allowed = open_options
    if action.requires is not None and ready.any() and open_options.any():
        known = board.cache.setdefault(("requires terms", action.target), {})
        terms = action.requires.grids(ctx, shape, known)
        allowed = np.logical_and(open_options, terms[0])  # its own grid: the terms are kept
        for grid in terms[1:]:
            np.logical_and(allowed, grid, out=allowed)
    legal = np.empty(shape, dtype=bool)
    found = _scratch(board, shape)
    count = _legal_pass(allowed, ready, legal, found)
    kept = found[:, :count].copy()  # one copy; its rows are handed out
    return legal, (kept[0], kept[1], kept[2], kept[3])


def requires_holds(board: Board, action: CompiledAction, ctx: PairContext) -> np.ndarray:
    """(B, N, X) bool: where the action's `requires` holds, for every option."""
    shape = ctx.shape
    every_option = np.ones(shape, dtype=bool)
    return _legal(board, action, ctx, every_option, np.ones(shape[:2], dtype=bool))[0]


def _full(mask: np.ndarray | np.bool_, shape: tuple[int, int, int]) -> np.ndarray:
    """A (B, N, X) C-ordered bool grid of `mask` (no copy when it already is one)."""
    return np.ascontiguousarray(np.broadcast_to(mask, shape), dtype=np.bool_)


def _scratch(board: Board, shape: tuple[int, int, int]) -> np.ndarray:
    """(4, B * N * X) int64 room for the legal options' positions, shared by the actions of
    the turn (each copies out its own)."""
    size = shape[0] * shape[1] * shape[2]
    key = ("legal options room", size)
    if key not in board.cache:
        board.cache[key] = np.empty((4, size), dtype=np.int64)
    return board.cache[key]


@kernel
def _legal_pass(
    allowed: np.ndarray,
    ready: np.ndarray,
    legal: np.ndarray,
    found: np.ndarray,
) -> int:
    """legal = allowed & ready[:, :, None]; the legal options (runs, actors, targets, flat
    position) go to `found` in C order. Returns their number."""
    b_count, n, width = allowed.shape
    count = 0
    at = 0
    for b in range(b_count):
        for i in range(n):
            if not ready[b, i]:  # out of capital or cooling down: no option of its
                legal[b, i, :] = False
                at += width
                continue
            for x in range(width):
                ok = allowed[b, i, x]
                legal[b, i, x] = ok
                if ok:
                    found[0, count] = b
                    found[1, count] = i
                    found[2, count] = x
                    found[3, count] = at
                    count += 1
                at += 1
    return count


def chance_of(board: Board, action: CompiledAction, ctx: PairContext) -> np.ndarray:
    """(B, N, X) chance of success of each option (whether or not it is legal)."""
    shape = ctx.shape
    if not action.uses_odds:
        return np.full(shape, action.definition.chance)
    logit = logit_of(board, action, ctx)  # always a fresh array (a sum), never a term itself
    if logit.shape != shape or logit.dtype != np.float64:
        full = np.empty(shape)  # filled as broadcasting would
        np.copyto(full, logit)
        logit = full
    return _logistic(logit)  # works in place


def picked_chance_of(
    board: Board, action: CompiledAction, ctx: PairContext, picks: LegalOptions
) -> np.ndarray:
    """(K,) `chance_of` at the picked options, bit for bit: the same operations on the
    picked numbers only."""
    if not action.uses_odds:
        return np.full(len(picks), action.definition.chance)
    logit = logit_of(board, action, ctx, picks)  # a fresh (K,) array: the pass's, or a sum
    if logit.shape != (len(picks),) or logit.dtype != np.float64:
        logit = np.array(np.broadcast_to(logit.reshape(-1), (len(picks),)), dtype=np.float64)
    return _logistic(logit)  # works in place


def logit_of(
    board: Board, action: CompiledAction, ctx: PairContext, at: Callable = every
) -> np.ndarray:
    """The log-odds of success before clipping, (B, N, X) (or (K,) at the options `at`
    picks): the base logit plus the weighted terms, summed in one compiled pass that
    reads each term where it lies (the pairwise ones worked out at the option itself),
    then each modifier whose condition holds."""
    options = options_of(at, ctx.shape, ctx.cache)
    used = tuple(t for t, weight in enumerate(action.odds_vector) if weight)
    rows, ways = _plan(action.target, used)
    ways = ways.copy()
    terms = [_NO_TERM] * len(ODDS_TERMS)
    steps = np.zeros((len(ODDS_TERMS), 3), dtype=np.int64)
    _, n, width = ctx.shape
    for t in used:
        if ways[t, 0] == _READ:
            name = ODDS_TERMS[t]
            terms[t], steps[t] = _term_cells(board, _read_kind(action.target, name), name)
            if not ways[t, 1] and tuple(steps[t]) == (n * width, width, 1):
                ways[t, 0] = _FLAT  # a full grid: read at the option's flat position
    logit = np.empty(len(options[0]))
    _logit_loop(
        *options,
        rows,
        action.odds_vector,
        float(action.base_logit),
        tuple(terms),
        steps,
        ways,
        (board.power, board.state.trade, board.other),
        logit,
    )
    if at is every:
        logit = logit.reshape(ctx.shape)
    for add, condition in action.modifiers:
        logit = logit + np.where(at(condition(ctx)), add, 0.0)
    return logit


_NO_TERM = np.zeros(1)
# How the compiled pass finds a term at an option: read from an array worked out for the
# turn (at the option's flat position when the array is a full (B, N, X) grid), or the
# power gap or the trade of the pair worked out there and then.
_READ, _POWER_GAP, _TRADE, _FLAT = 0, 1, 2, 3
_PAIR_TERMS = ("relation", "ideology", "power", "third", "trade")


def _way_of(kind: str, name: str) -> tuple[int, int]:
    """(how the term is found, 1 if it is the mean over the mediation's two parties)."""
    mediated = int(kind == "mediation" and name in _PAIR_TERMS)
    if kind in ("nation", "mediation") and name == "power":
        return _POWER_GAP, mediated
    if kind in ("nation", "mediation") and name == "trade":
        return _TRADE, mediated
    return _READ, mediated


def _read_kind(kind: str, name: str) -> str:
    """The kind whose array a read term comes from: a mediation reads the nation terms at
    both parties."""
    return "nation" if kind == "mediation" and name in _PAIR_TERMS else kind


@functools.cache
def _plan(kind: str, used: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The used terms (indices into ODDS_TERMS) as an array, and how each is found
    (`_way_of`, a row per term of ODDS_TERMS): the same for every turn (copy `ways` before
    changing it)."""
    ways = np.zeros((len(ODDS_TERMS), 2), dtype=np.int64)
    for t in used:
        ways[t] = _way_of(kind, ODDS_TERMS[t])
    return np.array(used, dtype=np.int64), ways


def _term_cells(board: Board, kind: str, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A term as the compiled pass reads it (`cells_and_steps`), its cells writable (the
    terms go to the pass as one tuple, whose arrays must all be of one type): made once a
    turn, as most actions read the same few terms."""
    key = ("term cells", kind, name)
    if key not in board.cache:
        cells, steps = cells_and_steps(term(board, kind, name))
        board.cache[key] = (cells if cells.flags.writeable else cells.copy()), steps
    return board.cache[key]


@kernel
def _logit_loop(
    runs: np.ndarray,
    actors: np.ndarray,
    targets: np.ndarray,
    where: np.ndarray,
    used: np.ndarray,
    weights: np.ndarray,
    base: float,
    terms: tuple,
    steps: np.ndarray,
    ways: np.ndarray,
    pairs: tuple,
    logit: np.ndarray,
) -> None:
    """logit[k] = base + the sum of weight * term over the `used` terms (those of nonzero
    weight, in the order of ODDS_TERMS), each found at option k (run, actor, target, flat
    position) as `ways` says: read, or for a pair of nations the power gap (actor -
    target) / (actor + target) (0 when neither has power) or the trade / 100. A mediated
    term is the mean of the term at the target and at the target's adversary.

    One term at a time over all the options, the sum so far kept in `logit`: the same
    additions in the same order as option by option, but each inner loop reads one array
    the same way (several times faster than choosing the term and the way per option)."""
    power, trade, other = pairs
    count = len(runs)
    if len(used) == 0:
        logit[:count] = 0.0  # no term: the sum is 0.0
    for u in range(len(used)):
        t = used[u]
        way, mediated = ways[t, 0], ways[t, 1]
        cells = terms[t]
        s0, s1, s2 = steps[t, 0], steps[t, 1], steps[t, 2]
        weight = weights[t]
        for k in range(count):
            if way == _FLAT:
                value = cells[where[k]]
            else:
                b, i, x = runs[k], actors[k], targets[k]
                value = 0.0
                for side in range(1 + mediated):  # the target, then the adversary if mediated
                    y = x if side == 0 else other[b, i, x]
                    if way == _POWER_GAP:
                        mine, theirs = power[b, i], power[b, y]
                        both = mine + theirs
                        found = (mine - theirs) / both if both > 0 else 0.0
                    elif way == _TRADE:
                        found = trade[b, i, y] / 100.0
                    else:
                        found = cells[b * s0 + i * s1 + y * s2]
                    value = found if side == 0 else (value + found) / 2.0
            part = weight * value
            logit[k] = part if u == 0 else logit[k] + part
    for k in range(count):
        logit[k] = base + logit[k]


def _logistic(logit: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-logit) with the logit clipped, so 0.01 .. 0.99; works in place. The
    exponential is numpy's (numba's differs in the last bit); the steps around it are one
    compiled pass each side instead of five numpy passes."""
    logit = np.ascontiguousarray(logit)  # (always so already: a fresh sum)
    flat = logit.reshape(-1)
    _bounded_negative(flat, _LOGIT_LIMIT)
    np.exp(flat, out=flat)
    _one_over_one_plus(flat)
    return logit


@kernel
def _bounded_negative(logit: np.ndarray, limit: float) -> None:
    """logit = -clip(logit, -limit, limit), NaN kept (numpy's minimum, then maximum)."""
    for k in range(len(logit)):
        v = logit[k]
        if v > limit:
            v = limit
        if v < -limit:
            v = -limit
        logit[k] = -v


@kernel
def _one_over_one_plus(values: np.ndarray) -> None:
    """values = 1 / (1 + values): numpy's `+= 1.0` then `reciprocal`, in one pass."""
    for k in range(len(values)):
        values[k] = 1.0 / (values[k] + 1.0)


def term(board: Board, kind: str, name: str) -> np.ndarray:
    """One odds term for a target kind, broadcastable to (B, N, X): worked out when first
    asked for (an action's odds use two or three of them), then kept for the turn."""
    found = board.cache.setdefault(("terms", kind), {})
    if name not in found:
        found[name] = _work_out(board, kind, name)
    return found[name]


def _work_out(board: Board, kind: str, name: str) -> np.ndarray:
    """A term the compiled pass reads (the pairwise power gap and trade it works out
    itself, option by option); zeros for a term a kind does not have."""
    state = board.state
    if name == "stability":
        return ((state.stats[:, :, STAT_INDEX["stability"]] - 50.0) / 50.0)[:, :, None]
    if kind == "treaty" and name in ("relation", "ideology"):
        seats, others = _treaty_seats(board)
        total = (board.unit if name == "relation" else board.affinity) @ seats  # BLAS's sums
        mean = np.empty(total.shape)
        _mean_over(total.reshape(-1), others.reshape(-1), mean.reshape(-1))
        return mean
    if kind == "nation" and name in ("relation", "ideology", "third"):
        return {"relation": board.unit, "ideology": board.affinity, "third": board.third}[name]
    return np.zeros((1, 1, 1))


def _treaty_seats(board: Board) -> tuple[np.ndarray, np.ndarray]:
    """(seats, others), (B, N, T) each, once per turn for both treaty terms: 1.0 where the
    actor is an active member of the treaty (else 0.0), and how many active members it has
    besides the actor. `seats` is laid out as the transpose of a (B, T, N) array, as the
    matrix product has always been given it."""
    key = "treaty seats"
    if key not in board.cache:
        state = board.state
        b, t, n = state.members.shape
        by_treaty = np.empty((b, t, n))
        others = np.empty((b, n, t))
        _seats(state.members, state.active, by_treaty, others)
        board.cache[key] = (by_treaty.transpose(0, 2, 1), others)
    return board.cache[key]


@kernel
def _seats(members: np.ndarray, active: np.ndarray, seats: np.ndarray, others: np.ndarray) -> None:
    """seats[b, t, j] = 1.0 where nation j is an active member of treaty t (else 0.0);
    others[b, i, t] = the treaty's active members other than nation i (a count, as a
    float). One pass instead of numpy's and, cast, sum over a short axis and broadcast
    subtraction."""
    b_count, t_count, n = members.shape
    for b in range(b_count):
        for t in range(t_count):
            size = 0
            for j in range(n):
                sits = members[b, t, j] and active[b, j]
                seats[b, t, j] = 1.0 if sits else 0.0
                size += 1 if sits else 0
            for i in range(n):
                others[b, i, t] = size - seats[b, t, i]


@kernel
def _mean_over(total: np.ndarray, count: np.ndarray, mean: np.ndarray) -> None:
    """mean = total / count where count > 0, else 0.0 (numpy's divide with `where` into
    zeros), in one pass."""
    for k in range(len(total)):
        mean[k] = total[k] / count[k] if count[k] > 0 else 0.0


def why_not(
    board: Board,
    item: ActionOdds,
    nation: int,
    target: int,
    run: int = 0,
    capital: float | None = None,
) -> str:
    """Why option (nation, target) of this action is not legal in `run` ('' when it is)."""
    action = item.action
    definition = action.definition
    if not target_ok(board, action)[run, nation, target]:
        if not board.state.active[run, nation]:
            return "the nation does not exist now"
        if action.target == "mediation" and board.pair_ok[run, nation, target]:
            return "there is no one to mediate with"
        if action.target == "treaty":
            return "the treaty is not in force or is not of a kind this action applies to"
        return "not a valid target"
    if action.restrictions:
        calendar = Context(board.state, board.year, board.turn)
        law = why_forbidden(action.restrictions, calendar, nation, target, run)
        if law:
            return f"forbidden: {law}"
    if action.cooldown_turns > 0:
        last = int(board.state.action_last[run, nation, action.index])
        if last >= 0 and board.turn - last < action.cooldown_turns:
            again = board.state.scenario.year_of_turn(last + action.cooldown_turns)
            return f"taken recently; possible again in {again}"
    if (
        action.requires is not None
        and not requires_holds(board, action, item.context)[run, nation, target]
    ):
        scenario = board.state.scenario
        names = {n.id: n.name for n in scenario.nations}
        names["SELF"] = scenario.nations[nation].name
        names["OTHER"] = "its adversary"
        if action.target in ("nation", "mediation"):
            names["TARGET"] = scenario.nations[target].name
        elif action.target == "treaty":
            names["TARGET"] = scenario.treaties[target].name
        return f"it needs {condition_text(definition.requires_text, names)}"
    have = float(board.capital[run, nation] if capital is None else capital)
    if have < definition.cost - 1e-9:
        left = math.floor(have * 10 + 1e-9) / 10  # never shown as the cost it falls short of
        return f"needs {definition.cost:g} diplomatic capital; {left:.1f} left"
    return ""
