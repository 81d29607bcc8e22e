"""Turn checked expression trees into numpy functions over a batch of runs.

A compiled condition takes a `Context` and returns a (B,) bool array; a number gives a
(B,) float array; an effect takes a context and a (B,) mask and changes the state only
where the mask is true. Everything was type-checked at load time, so nothing here can
meet an unknown id or a wrong type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game import expr
from game.derived import derived_stat
from game.scenario import STAT_INDEX, STATS, Scenario
from game.state import ENDED, IN_FORCE, State
from game.ties import saturate

Value = Callable[["Context"], np.ndarray]

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


class Compiler:
    """Compiles nodes of one scenario; caches nothing, so it is cheap to make."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario

    # -- values ------------------------------------------------------------------------

    def value(self, node: expr.Node) -> Value:
        if isinstance(node, expr.Number):
            constant = float(node.value)
            return lambda ctx: np.full(ctx.batch, constant)
        if isinstance(node, expr.Boolean):
            flag = bool(node.value)
            return lambda ctx: np.full(ctx.batch, flag)
        if isinstance(node, expr.Variable):
            if node.name == "year":
                return lambda ctx: np.full(ctx.batch, float(ctx.year))
            return lambda ctx: np.full(ctx.batch, float(ctx.turn))
        if isinstance(node, expr.Unary):
            inner = self.value(node.operand)
            if node.op == "not":
                return lambda ctx: ~inner(ctx)
            return lambda ctx: -inner(ctx)
        if isinstance(node, expr.Binary):
            return self.binary(node)
        if isinstance(node, expr.Call):
            return self.call(node)
        raise TypeError(f"cannot compile {node!r}")  # pragma: no cover - checked at load

    def binary(self, node: expr.Binary) -> Value:
        left, right = self.value(node.left), self.value(node.right)
        op = node.op
        if op == "and":
            return lambda ctx: left(ctx) & right(ctx)
        if op == "or":
            return lambda ctx: left(ctx) | right(ctx)
        if op == "/":

            def divide(ctx: Context) -> np.ndarray:
                a, b = left(ctx), right(ctx)
                with np.errstate(over="ignore"):
                    quotient = np.divide(a, b, out=np.zeros_like(a, dtype=np.float64), where=b != 0)
                return _finite(quotient)

            return divide
        function = BINARY_UFUNCS[op]
        if op in ("+", "-", "*"):
            return lambda ctx: _arithmetic(function, left(ctx), right(ctx))
        return lambda ctx: function(left(ctx), right(ctx))

    def ids(self, node: expr.Call) -> list[str]:
        return [arg.name for arg in node.args if isinstance(arg, expr.Word)]

    def call(self, node: expr.Call) -> Value:
        s = self.scenario
        name = node.name
        words = self.ids(node)
        nations = s.nation_index
        if name in ("min", "max", "abs", "clamp"):
            args = [self.value(a) for a in node.args]
            if name == "min":
                return lambda ctx: np.minimum(args[0](ctx), args[1](ctx))
            if name == "max":
                return lambda ctx: np.maximum(args[0](ctx), args[1](ctx))
            if name == "abs":
                return lambda ctx: np.abs(args[0](ctx))
            return lambda ctx: np.clip(
                args[0](ctx), args[1](ctx), np.maximum(args[1](ctx), args[2](ctx))
            )
        if name in ("relation", "baseline", "trade", "aid", "at_war", "sanctions"):
            i, j = nations[words[0]], nations[words[1]]
            field = {"at_war": "war"}.get(name, name if name != "relation" else "relations")
            field = "baselines" if name == "baseline" else field
            return lambda ctx: getattr(ctx.state, field)[:, i, j].copy()
        if name == "stat":
            i = nations[words[0]]
            if words[1] in STAT_INDEX:
                k = STAT_INDEX[words[1]]
                return lambda ctx: ctx.state.stats[:, i, k].copy()
            derived = words[1]
            return lambda ctx: derived_stat(ctx.state, derived)[:, i]
        if name in ("fired", "chose", "years_since"):
            e = s.event_index[words[0]]
            if name == "fired":
                return lambda ctx: ctx.state.fired_count[:, e] > 0
            if name == "chose":
                k = [o.id for o in s.events[e].options].index(words[1])
                return lambda ctx: ctx.state.last_choice[:, e] == k
            years = s.years_per_turn

            def since(ctx: Context) -> np.ndarray:
                last = ctx.state.last_fired[:, e]
                return np.where(last >= 0, (ctx.turn - last) * years, 999.0)

            return since
        if name == "flag":
            f = s.flag_index[words[0]]
            return lambda ctx: ctx.state.flags[:, f].copy()
        if name == "active":
            i = nations[words[0]]
            return lambda ctx: ctx.state.active[:, i].copy()
        if name == "member":
            t, i = s.treaty_index[words[0]], nations[words[1]]
            return lambda ctx: ctx.state.members[:, t, i].copy()
        if name == "in_force":
            t = s.treaty_index[words[0]]
            return lambda ctx: ctx.state.treaty_status[:, t] == IN_FORCE
        if name == "is_player":
            i = nations[words[0]]
            return lambda ctx: np.full(ctx.batch, ctx.state.player == i)
        if name == "era":
            era = s.eras[s.era_index[words[0]]]
            return lambda ctx: np.full(ctx.batch, era.start <= ctx.year < era.end)
        if name == "same_bloc":
            i, j = nations[words[0]], nations[words[1]]

            def same(ctx: Context) -> np.ndarray:
                blocs = ctx.state.blocs
                return (blocs[:, i] == blocs[:, j]) & (blocs[:, i] > 0)

            return same
        raise TypeError(f"unknown function {name}")  # pragma: no cover - checked at load

    # -- effects -----------------------------------------------------------------------

    def effect(self, effect: expr.Effect) -> Apply:
        if effect.op == "call":
            return self.command(effect.target)
        assert effect.value is not None
        value = self.value(effect.value)
        target = effect.target
        words = self.ids(target)
        op = effect.op
        s = self.scenario
        if target.name == "stat":
            i, k = s.nation_index[words[0]], STAT_INDEX[words[1]]
            low, high, _ = STATS[words[1]]

            def set_stat(ctx: Context, mask: np.ndarray) -> None:
                current = ctx.state.stats[:, i, k]
                new = np.clip(_combine(op, current, value(ctx)), low, high)
                ctx.state.stats[:, i, k] = np.where(mask, new, current)

            return set_stat
        i, j = s.nation_index[words[0]], s.nation_index[words[1]]
        field, low, high, symmetric = {
            "relation": ("relations", -100.0, 100.0, True),
            "baseline": ("baselines", -100.0, 100.0, True),
            "trade": ("trade", 0.0, 100.0, True),
            "aid": ("aid", 0.0, 10_000.0, False),
        }[target.name]
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

    def command(self, target: expr.Call) -> Apply:
        s = self.scenario
        words = self.ids(target)
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
                ctx.state.treaty_status[:, t] = np.where(
                    mask, status, ctx.state.treaty_status[:, t]
                )

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
        if name == "emerge":
            i = s.nation_index[words[0]]

            def emerge(ctx: Context, mask: np.ndarray) -> None:
                ctx.state.emerge_request[:, i] |= mask

            return emerge
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
    """Arithmetic on scenario numbers never yields NaN or inf in the state."""
    return np.nan_to_num(values, nan=0.0, posinf=1e12, neginf=-1e12)
