"""Turn checked expression trees into numpy functions over a batch of runs.

One compiler serves the whole language (`expr.FUNCTIONS`); a `Shape` says how values
are laid out. Per run (`RunShape`, the default) a condition takes a `Context` and gives a
(B,) bool array, a number a (B,) float array, and an effect takes a context and a (B,)
mask and changes the state only where the mask is true. An action's expressions name
roles (SELF, TARGET, OTHER) and are compiled over every (run, actor, target) at once by
the role shape of `game.diplomacy.roles`, with the same compiler. Everything was
type-checked at load time, so nothing here can meet an unknown id or a wrong type.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import numpy as np

from game import expr
from game.crises import reckon as rk
from game.derived import derived_stat
from game.fields import PAIR_FIELDS, PAIR_READS, STAT_INDEX, stat_field
from game.scenario import Scenario
from game.state import CRISIS_OPEN, ENDED, IN_FORCE, State
from game.ties import saturate

# A compiled value: a function of the context (a `Context`, or a role shape's context).
Value = Callable[[Any], np.ndarray]

# The numpy function of each arithmetic and comparison operator of the language.
BINARY_UFUNCS = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}
Apply = Callable[["Context", np.ndarray], None]


@dataclass
class Context:
    """What an expression may look at: the state and the calendar of this turn."""

    state: State
    year: int
    turn: int

    @property
    def batch(self) -> int:
        return self.state.batch

    def derived(self, name: str) -> np.ndarray:
        """A read-only stat (B, N) of this turn's state."""
        return derived_stat(self.state, name)


def holds_in_each_run(condition: Value, ctx: Context) -> np.ndarray:
    """(B,) bool: where a compiled per-run condition holds (a constant holds in every run
    or none), for the conditions of laws, named ties and objectives."""
    return np.broadcast_to(np.asarray(condition(ctx), dtype=bool), (ctx.batch,))


Arg = Any  # a nation or treaty argument, as the shape resolves it
EffectT = TypeVar("EffectT", covariant=True)


class Shape(Protocol[EffectT]):
    """How a compiled value is laid out, and how it reads the state.

    A shape resolves id arguments (a fixed nation, or a role) and reads a state array at
    them; the compiler composes these reads with the operators of the language.
    """

    finite: bool  # make every sum, product and quotient finite as it is computed

    # A number or true/false, and `year` or `turn`, laid out in this shape.
    def constant(self, value: float | bool) -> Value: ...
    def calendar(self, name: str) -> Value: ...

    # Id arguments: a nation (or role) and a treaty (or TARGET), resolved once.
    def nation(self, word: expr.Node) -> Arg: ...
    def treaty(self, word: expr.Node) -> Arg: ...

    # Reads: `get` gives a state array per run, (B,), (B, N), (B, T) or (B, T, N).
    def per_run(self, value: Value) -> Value: ...
    def per_nation(self, get: Value, a: Arg) -> Value: ...
    def per_stat(self, k: int, a: Arg) -> Value: ...
    def per_pair(self, attribute: str, a: Arg, b: Arg) -> Value: ...
    def per_treaty(self, get: Value, t: Arg) -> Value: ...
    def per_membership(self, get: Value, t: Arg, a: Arg) -> Value: ...

    # What an effect compiles to in this shape.
    def effect(self, compiler: Compiler, effect: expr.Effect) -> EffectT: ...


class RunShape:
    """One value per run: (B,) arrays; ids are fixed nations and treaties."""

    finite = True

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario

    def constant(self, value: float | bool) -> Value:
        return lambda ctx: np.full(ctx.batch, value)

    def calendar(self, name: str) -> Value:
        if name == "year":
            return lambda ctx: np.full(ctx.batch, float(ctx.year))
        return lambda ctx: np.full(ctx.batch, float(ctx.turn))

    def nation(self, word: expr.Node) -> int:
        assert isinstance(word, expr.Word)
        return self.scenario.nation_index[word.name]

    def treaty(self, word: expr.Node) -> int:
        assert isinstance(word, expr.Word)
        return self.scenario.treaty_index[word.name]

    def per_run(self, value: Value) -> Value:
        return value

    def per_nation(self, get: Value, a: int) -> Value:
        return lambda ctx: get(ctx)[:, a].copy()

    def per_stat(self, k: int, a: int) -> Value:
        return lambda ctx: ctx.state.stats[:, a, k].copy()

    def per_pair(self, attribute: str, a: int, b: int) -> Value:
        return lambda ctx: getattr(ctx.state, attribute)[:, a, b].copy()

    def per_treaty(self, get: Value, t: int) -> Value:
        return lambda ctx: get(ctx)[:, t].copy()

    def per_membership(self, get: Value, t: int, a: int) -> Value:
        return lambda ctx: get(ctx)[:, t, a].copy()

    def effect(self, compiler: Compiler, effect: expr.Effect) -> Apply:
        return _run_effect(compiler, effect)


def _in_force(ctx: Any) -> np.ndarray:
    return ctx.state.treaty_status == IN_FORCE


class Compiler(Generic[EffectT]):
    """Compiles nodes of one scenario in one shape (per run unless given); caches
    nothing, so it is cheap to make."""

    def __init__(self, scenario: Scenario, shape: Shape[EffectT] | None = None) -> None:
        self.scenario = scenario
        self.shape: Shape[Any] = shape if shape is not None else RunShape(scenario)

    # -- values ------------------------------------------------------------------------

    def value(self, node: expr.Node) -> Value:
        if isinstance(node, expr.Number):
            return self.shape.constant(float(node.value))
        if isinstance(node, expr.Boolean):
            return self.shape.constant(bool(node.value))
        if isinstance(node, expr.Variable):
            return self.shape.calendar(node.name)
        if isinstance(node, expr.Unary):
            inner = self.value(node.operand)
            if node.op == "not":
                return lambda ctx: np.logical_not(inner(ctx))
            return lambda ctx: np.negative(inner(ctx))
        if isinstance(node, expr.Binary):
            return self.binary(node)
        if isinstance(node, expr.Call):
            return self.call(node)
        raise TypeError(f"cannot compile {node!r}")  # pragma: no cover - checked at load

    def binary(self, node: expr.Binary) -> Value:
        left, right = self.value(node.left), self.value(node.right)
        op = node.op
        if op == "and":
            return lambda ctx: np.logical_and(left(ctx), right(ctx))
        if op == "or":
            return lambda ctx: np.logical_or(left(ctx), right(ctx))
        finite = self.shape.finite
        if op == "/":

            def divide(ctx: Any) -> np.ndarray:
                a, b = np.broadcast_arrays(np.asarray(left(ctx), dtype=np.float64), right(ctx))
                with np.errstate(over="ignore"):
                    quotient = np.divide(a, b, out=np.zeros(a.shape), where=b != 0)
                return _finite(quotient) if finite else quotient

            return divide
        function = BINARY_UFUNCS[op]
        if finite and op in ("+", "-", "*"):
            return lambda ctx: _arithmetic(function, left(ctx), right(ctx))
        return lambda ctx: function(left(ctx), right(ctx))

    def conjunction(self, node: expr.Node) -> Conjunction:
        """A boolean expression as the terms of its top-level `and` chain, each compiled to
        write its value into a bool grid (`Conjunction`)."""
        terms = conjuncts(node)
        return Conjunction(
            tuple(self.written(term) for term in terms), tuple(meaning(term) for term in terms)
        )

    def written(self, node: expr.Node) -> Write:
        """A boolean expression compiled to write its value into `out`, a bool array of
        the full shape: a comparison or a `not` writes its result there directly (no
        temporary array); anything else is copied in."""
        if isinstance(node, expr.Binary) and node.op in expr.COMPARISONS:
            function = BINARY_UFUNCS[node.op]
            left, right = self.value(node.left), self.value(node.right)
            return lambda ctx, out: function(left(ctx), right(ctx), out=out)
        if isinstance(node, expr.Unary) and node.op == "not":
            inner = self.value(node.operand)
            return lambda ctx, out: np.logical_not(inner(ctx), out=out)
        whole = self.value(node)
        return lambda ctx, out: np.copyto(out, whole(ctx))

    def ids(self, node: expr.Call) -> list[str]:
        return [arg.name for arg in node.args if isinstance(arg, expr.Word)]

    def call(self, node: expr.Call) -> Value:
        """A call, built by the entry of `CALLS` for its name (one per `expr.FUNCTIONS`)."""
        return CALLS[node.name](self, node)

    # -- effects -----------------------------------------------------------------------

    def effect(self, effect: expr.Effect) -> EffectT:
        """The effect in this compiler's shape: per run, a function that applies it where
        a mask holds; per role, what an accumulator sums."""
        return self.shape.effect(self, effect)


# A boolean expression that writes its value into a given bool array.
Write = Callable[[Any, np.ndarray], Any]


@dataclass(frozen=True)
class Conjunction:
    """A condition as `term and term and ...`, each term written into its own bool grid
    (a comparison writes there directly, with no temporary), for the caller to combine
    with what else it knows of each option. `keys` says what each term means
    (`meaning`): several conditions of a turn often share a term (`not sanctions(TARGET,
    SELF)`, say), whose grid is then worked out once."""

    terms: tuple[Write, ...]
    keys: tuple[Hashable, ...] = ()

    def grids(self, ctx: Any, shape: tuple[int, ...], known: dict | None = None) -> np.ndarray:
        """(terms, *shape) bool: each term's value for every option of `shape`. With
        `known` (the grids of terms already worked out in this context, by key; filled
        here), a term worked out before is copied, not worked out again."""
        grids = np.empty((len(self.terms), *shape), dtype=bool)
        keys = self.keys if known is not None else (None,) * len(self.terms)
        for term, key, out in zip(self.terms, keys, grids, strict=True):
            if key is None:
                term(ctx, out)
            elif key in known:  # type: ignore[operator]
                np.copyto(out, known[key])  # type: ignore[index]
            else:
                term(ctx, out)
                known[key] = out  # type: ignore[index]  # never written again
        return grids


def meaning(node: expr.Node) -> tuple:
    """What an expression says, without where it was written: equal for two texts that
    parse to the same tree (the nodes' columns left out; a number by its exact bits, so
    0 and -0 differ). Built without recursion."""
    parts: list[tuple] = []
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, expr.Number):
            parts.append(("number", float(current.value).hex()))
        elif isinstance(current, expr.Boolean):
            parts.append(("boolean", bool(current.value)))
        elif isinstance(current, expr.Variable | expr.Word):
            parts.append((type(current).__name__, current.name))
        elif isinstance(current, expr.Call):
            parts.append(("call", current.name, len(current.args)))
        elif isinstance(current, expr.Unary | expr.Binary):
            parts.append((type(current).__name__, current.op))
        else:  # pragma: no cover - every node kind is listed above
            raise TypeError(f"no meaning for {current!r}")
        pending.extend(reversed(expr.children(current)))
    return tuple(parts)


def conjuncts(node: expr.Node) -> list[expr.Node]:
    """The terms of a top-level `a and b and c` chain, left to right (the node itself when
    it is no `and`); a loop, not recursion, so a long chain is no risk."""
    terms: list[expr.Node] = []
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, expr.Binary) and current.op == "and":
            pending.extend((current.right, current.left))  # the left one is taken first
        else:
            terms.append(current)
    return terms


# -- the function table: how each function of the language is built -------------------

Builder = Callable[[Compiler, expr.Call], Value]


def _math(c: Compiler, node: expr.Call) -> Value:
    parts = [c.value(a) for a in node.args]
    if node.name == "min":
        return lambda ctx: np.minimum(parts[0](ctx), parts[1](ctx))
    if node.name == "max":
        return lambda ctx: np.maximum(parts[0](ctx), parts[1](ctx))
    if node.name == "abs":
        return lambda ctx: np.abs(parts[0](ctx))
    return lambda ctx: np.clip(
        parts[0](ctx), parts[1](ctx), np.maximum(parts[1](ctx), parts[2](ctx))
    )


def _pair(c: Compiler, node: expr.Call) -> Value:
    """relation, baseline, trade, aid, at_war, sanctions: a state array of nation pairs."""
    attribute, shape = PAIR_READS[node.name], c.shape
    return shape.per_pair(attribute, shape.nation(node.args[0]), shape.nation(node.args[1]))


def _stat(c: Compiler, node: expr.Call) -> Value:
    a, stat = c.shape.nation(node.args[0]), c.ids(node)[-1]
    if stat in STAT_INDEX:
        return c.shape.per_stat(STAT_INDEX[stat], a)
    return c.shape.per_nation(lambda ctx: ctx.derived(stat), a)


def _active(c: Compiler, node: expr.Call) -> Value:
    return c.shape.per_nation(lambda ctx: ctx.state.active, c.shape.nation(node.args[0]))


def _is_player(c: Compiler, node: expr.Call) -> Value:
    return c.shape.per_nation(_player_row, c.shape.nation(node.args[0]))


def _same_bloc(c: Compiler, node: expr.Call) -> Value:
    first = c.shape.per_nation(_blocs, c.shape.nation(node.args[0]))
    second = c.shape.per_nation(_blocs, c.shape.nation(node.args[1]))

    def same(ctx: Any) -> np.ndarray:
        bloc = first(ctx)
        return (bloc == second(ctx)) & (bloc > 0)

    return same


def _member(c: Compiler, node: expr.Call) -> Value:
    treaty, nation = c.shape.treaty(node.args[0]), c.shape.nation(node.args[1])
    return c.shape.per_membership(lambda ctx: ctx.state.members, treaty, nation)


def _in_force_of(c: Compiler, node: expr.Call) -> Value:
    return c.shape.per_treaty(_in_force, c.shape.treaty(node.args[0]))


def _per_run(build: Builder) -> Builder:
    """A function of the run alone (events, flags, eras): one (B,) value in any shape."""
    return lambda c, node: c.shape.per_run(build(c, node))


def _fired(c: Compiler, node: expr.Call) -> Value:
    e = c.scenario.event_index[c.ids(node)[0]]
    return lambda ctx: ctx.state.fired_count[:, e] > 0


def _chose(c: Compiler, node: expr.Call) -> Value:
    event, option = c.ids(node)
    e = c.scenario.event_index[event]
    k = [o.id for o in c.scenario.events[e].options].index(option)
    return lambda ctx: ctx.state.last_choice[:, e] == k


def _years_since(c: Compiler, node: expr.Call) -> Value:
    e = c.scenario.event_index[c.ids(node)[0]]
    years = c.scenario.years_per_turn

    def since(ctx: Any) -> np.ndarray:
        last = ctx.state.last_fired[:, e]
        return np.where(last >= 0, (ctx.turn - last) * years, 999.0)

    return since


def _flag(c: Compiler, node: expr.Call) -> Value:
    f = c.scenario.flag_index[c.ids(node)[0]]
    return lambda ctx: ctx.state.flags[:, f].copy()


def _era(c: Compiler, node: expr.Call) -> Value:
    era = c.scenario.eras[c.scenario.era_index[c.ids(node)[0]]]
    return lambda ctx: np.full(ctx.batch, era.start <= ctx.year < era.end)


def _in_crisis(c: Compiler, node: expr.Call) -> Value:
    shape = c.shape
    return shape.per_pair("crisis_pairs", shape.nation(node.args[0]), shape.nation(node.args[1]))


def _crisis_level(c: Compiler, node: expr.Call) -> Value:
    k = c.scenario.crisis_index[c.ids(node)[0]]
    return lambda ctx: ctx.state.crisis_level[:, k].astype(np.float64)


# crisis_outcome(id, kind): the outcome codes of game.crises.reckon each kind covers.
_OUTCOME_CODES = {
    "ongoing": (0,),
    "backed_down": (1, 2),
    "settled": (3,),
    "war": (4,),
    "nuclear": (5,),
}


def _crisis_outcome(c: Compiler, node: expr.Call) -> Value:
    crisis, kind = c.ids(node)
    k = c.scenario.crisis_index[crisis]
    codes = _OUTCOME_CODES[kind]

    def outcome(ctx: Any) -> np.ndarray:
        if kind == "ongoing":
            return ctx.state.crisis_status[:, k] == CRISIS_OPEN
        return np.isin(ctx.state.crisis_outcome[:, k], codes)

    return outcome


def _prestige(c: Compiler, node: expr.Call) -> Value:
    return c.shape.per_nation(lambda ctx: ctx.state.prestige, c.shape.nation(node.args[0]))


# Every function of `expr.FUNCTIONS` and how it is built (tests hold the two tables equal).
CALLS: dict[str, Builder] = {
    **dict.fromkeys(("min", "max", "abs", "clamp"), _math),
    **dict.fromkeys(PAIR_READS, _pair),
    "stat": _stat,
    "active": _active,
    "is_player": _is_player,
    "same_bloc": _same_bloc,
    "member": _member,
    "in_force": _in_force_of,
    "fired": _per_run(_fired),
    "chose": _per_run(_chose),
    "years_since": _per_run(_years_since),
    "flag": _per_run(_flag),
    "era": _per_run(_era),
    "in_crisis": _in_crisis,
    "crisis_level": _per_run(_crisis_level),
    "crisis_outcome": _per_run(_crisis_outcome),
    "prestige": _prestige,
}


def _player_row(ctx: Any) -> np.ndarray:
    """(B, N) bool: the nation a person plays, in every run."""
    row = np.zeros(ctx.state.active.shape, dtype=bool)
    if ctx.state.player >= 0:
        row[:, ctx.state.player] = True
    return row


def _blocs(ctx: Any) -> np.ndarray:
    return ctx.state.blocs


def _run_effect(compiler: Compiler, effect: expr.Effect) -> Apply:
    """A per-run effect: a function (context, (B,) mask) that changes the state in place."""
    if effect.op == "call":
        return _command(compiler.scenario, effect.target)
    assert effect.value is not None
    value = compiler.value(effect.value)
    target = effect.target
    words = compiler.ids(target)
    op = effect.op
    s = compiler.scenario
    if target.name == "stat":
        i, k = s.nation_index[words[0]], STAT_INDEX[words[1]]
        low, high = stat_field(words[1]).low, stat_field(words[1]).high

        def set_stat(ctx: Context, mask: np.ndarray) -> None:
            current = ctx.state.stats[:, i, k]
            new = np.clip(_combine(op, current, value(ctx)), low, high)
            ctx.state.stats[:, i, k] = np.where(mask, new, current)

        return set_stat
    i, j = s.nation_index[words[0]], s.nation_index[words[1]]
    tie = PAIR_FIELDS[target.name]
    field, low, high, symmetric = tie.attribute, tie.low, tie.high, tie.symmetric
    same_nation = i == j

    saturating = field in ("relations", "baselines") and op in ("+=", "-=")

    def set_pair(ctx: Context, mask: np.ndarray) -> None:
        if same_nation:
            return
        array = getattr(ctx.state, field)
        current = array[:, i, j]
        if saturating:  # the one rule for ties (game.ties): no push pins them at +-100
            change = _finite(value(ctx))
            new = np.clip(saturate(current, change if op == "+=" else -change), low, high)
        else:
            new = np.clip(_combine(op, current, value(ctx)), low, high)
        array[:, i, j] = np.where(mask, new, current)
        if symmetric:
            array[:, j, i] = array[:, i, j]

    return set_pair


def _command(s: Scenario, target: expr.Call) -> Apply:
    """A command effect (set_flag, join, war, ...) per run."""
    words = [arg.name for arg in target.args if isinstance(arg, expr.Word)]
    name = target.name
    if name in ("set_flag", "clear_flag"):
        f, value = s.flag_index[words[0]], name == "set_flag"

        def set_flag(ctx: Context, mask: np.ndarray) -> None:
            ctx.state.flags[:, f] = np.where(mask, value, ctx.state.flags[:, f])

        return set_flag
    if name in ("join", "leave"):
        t, i, value = s.treaty_index[words[0]], s.nation_index[words[1]], name == "join"

        def membership(ctx: Context, mask: np.ndarray) -> None:
            ok = mask & (ctx.state.active[:, i] | ~value)
            ctx.state.members[:, t, i] = np.where(ok, value, ctx.state.members[:, t, i])

        return membership
    if name in ("start_treaty", "end_treaty"):
        t = s.treaty_index[words[0]]
        status = IN_FORCE if name == "start_treaty" else ENDED

        def treaty(ctx: Context, mask: np.ndarray) -> None:
            ctx.state.treaty_status[:, t] = np.where(mask, status, ctx.state.treaty_status[:, t])

        return treaty
    if name in ("war", "peace", "sanction", "lift_sanction"):
        i, j = s.nation_index[words[0]], s.nation_index[words[1]]
        field = "war" if name in ("war", "peace") else "sanctions"
        value = name in ("war", "sanction")
        both = field == "war"

        def pair(ctx: Context, mask: np.ndarray) -> None:
            if i == j:
                return
            array = getattr(ctx.state, field)
            ok = mask & ctx.state.active[:, i] & ctx.state.active[:, j] if value else mask
            array[:, i, j] = np.where(ok, value, array[:, i, j])
            if both:
                array[:, j, i] = array[:, i, j]

        return pair
    if name == "cede":
        r, i = s.regions.index(words[0]), s.nation_index[words[1]]

        def cede(ctx: Context, mask: np.ndarray) -> None:
            ok = mask & ctx.state.active[:, i]
            ctx.state.owner[:, r] = np.where(ok, i, ctx.state.owner[:, r])

        return cede
    if name == "emerge":
        i = s.nation_index[words[0]]

        def emerge(ctx: Context, mask: np.ndarray) -> None:
            ctx.state.emerge_request[:, i] |= mask

        return emerge
    if name == "open_crisis":
        k = s.crisis_index[words[0]]

        def open_crisis(ctx: Context, mask: np.ndarray) -> None:
            rk.open_crisis(ctx.state, k, mask, ctx.turn)

        return open_crisis
    if name == "queue":
        e = s.event_index[words[0]]

        def queue(ctx: Context, mask: np.ndarray) -> None:
            ctx.state.queued[:, e] |= mask

        return queue
    raise TypeError(f"unknown command {name}")  # pragma: no cover - checked at load


def _combine(op: str, current: np.ndarray, value: np.ndarray) -> np.ndarray:
    if op == "=":
        return _finite(value)
    function = {"+=": np.add, "-=": np.subtract}.get(op, np.multiply)
    return _arithmetic(function, current, value)


def _arithmetic(function: np.ufunc, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a (+, - or *) b, an overflow quietly capped: a scenario may multiply a stat past
    the range of a float, and that is no reason to print a RuntimeWarning."""
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite(function(a, b))


def _finite(values: np.ndarray) -> np.ndarray:
    """Arithmetic on scenario numbers never yields NaN or inf in the state: NaN becomes 0
    and an infinity +-1e12. Nearly always there is none, and then the array (always a
    fresh one here: a sum, a quotient or a value just read) is given back as it is, with no
    copy (numpy's nan_to_num copies, at eight times the cost of the check)."""
    if (
        isinstance(values, np.ndarray)
        and values.ndim
        and values.dtype == np.float64
        and np.isfinite(values).all()
    ):
        return values
    return np.nan_to_num(values, nan=0.0, posinf=1e12, neginf=-1e12)
