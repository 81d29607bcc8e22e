"""Action expressions over every (actor, target) pair of every run at once.

An action's expressions name roles, not nations: SELF, TARGET and OTHER. Instead of
compiling them once per pair (a Python loop over 144 pairs), each role is an axis:
values come out shaped to broadcast against (B, N, X): B runs, N actors, X targets (N
nations, T treaties, or 1 when the action has no target). `relation(SELF, TARGET)` is
the relation matrix itself; `relation(TARGET, USA)` is one column laid along the target
axis; only OTHER (a mediation's second party, a per-pair index) needs a gather.

Effects run the other way: a (B, N, X) contribution is summed back onto the state's
arrays (the scatter mirrors the read), so simultaneous actions of many nations add up
and the result does not depend on the order in which nations are handled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from game import expr
from game.compile import BINARY_UFUNCS
from game.derived import derived_stat
from game.scenario import STAT_INDEX, STATS, Scenario
from game.state import IN_FORCE, State
from game.ties import saturate

SELF_ROLE, TARGET_ROLE, OTHER_ROLE, FIXED = "self", "target", "other", "fixed"
_ROLE_OF_WORD = {"SELF": SELF_ROLE, "TARGET": TARGET_ROLE, "OTHER": OTHER_ROLE}
BASELINE_REACH = 50.0

Value = Callable[["PairContext"], np.ndarray]


@dataclass
class PairContext:
    """What an action expression sees: the state, the calendar, and the target axis."""

    state: State
    year: int
    turn: int
    width: int  # X: size of the target axis
    other: np.ndarray | None = None  # (B, N, N) int: OTHER for each (actor, target)
    cache: dict = field(default_factory=dict)
    derived_stats: dict = field(default_factory=dict)  # shared by every action of the turn

    @property
    def batch(self) -> int:
        return self.state.batch

    @property
    def shape(self) -> tuple[int, int, int]:
        return (self.state.batch, self.state.active.shape[1], self.width)

    def derived(self, name: str) -> np.ndarray:
        if name not in self.derived_stats:
            self.derived_stats[name] = derived_stat(self.state, name)
        return self.derived_stats[name]


@dataclass(frozen=True)
class Who:
    """A nation argument: the actor, the target, the mediation's other party, or a nation."""

    role: str
    index: int = -1

    def vector(self, values: np.ndarray, ctx: PairContext) -> np.ndarray:
        """values (B, N) per nation -> this nation's value, broadcastable to (B, N, X)."""
        if self.role == SELF_ROLE:
            return values[:, :, None]
        if self.role == TARGET_ROLE:
            return values[:, None, :]
        if self.role == FIXED:
            return values[:, self.index][:, None, None]
        return np.take_along_axis(
            values[:, None, :], ctx.other.reshape(ctx.batch, 1, -1), axis=2
        ).reshape(ctx.other.shape)

    def positions(self, ctx: PairContext) -> np.ndarray | int:
        """Nation index of this argument, broadcastable to (B, N, X)."""
        n = ctx.state.active.shape[1]
        if self.role == SELF_ROLE:
            return np.arange(n)[None, :, None]
        if self.role == TARGET_ROLE:
            return np.arange(ctx.width)[None, None, :]
        if self.role == FIXED:
            return self.index
        return ctx.other

    def is_actor(self, ctx: PairContext) -> np.ndarray | bool:
        """Where this argument is the acting nation itself."""
        if self.role == SELF_ROLE:
            return True
        if self.role == FIXED:
            return np.arange(ctx.state.active.shape[1])[None, :, None] == self.index
        return False  # a target or other party is never the actor (legality excludes it)


SELF_WHO = Who(SELF_ROLE)


def who_of(word: expr.Node, scenario: Scenario) -> Who:
    assert isinstance(word, expr.Word)
    role = _ROLE_OF_WORD.get(word.name)
    return Who(role) if role else Who(FIXED, scenario.nation_index[word.name])


def pair_read(matrix: np.ndarray, a: Who, b: Who, ctx: PairContext) -> np.ndarray:
    """matrix[run, a, b] for every (actor, target), broadcastable to (B, N, X); a view where possible."""
    key = (a.role, b.role)
    if key == (SELF_ROLE, TARGET_ROLE):
        return matrix
    if key == (TARGET_ROLE, SELF_ROLE):
        return matrix.swapaxes(1, 2)
    if key == (SELF_ROLE, FIXED):
        return matrix[:, :, b.index][:, :, None]
    if key == (TARGET_ROLE, FIXED):
        return matrix[:, :, b.index][:, None, :]
    if key == (FIXED, SELF_ROLE):
        return matrix[:, a.index, :][:, :, None]
    if key == (FIXED, TARGET_ROLE):
        return matrix[:, a.index, :][:, None, :]
    if key == (FIXED, FIXED):
        return matrix[:, a.index, b.index][:, None, None]
    if a.role == b.role and a.role in (SELF_ROLE, TARGET_ROLE):
        every = np.arange(matrix.shape[1])
        diagonal = matrix[:, every, every]
        return diagonal[:, :, None] if a.role == SELF_ROLE else diagonal[:, None, :]
    return gather_pairs(matrix, _pair_index(a, b, ctx))


def _pair_index(a: Who, b: Who, ctx: PairContext) -> np.ndarray:
    """(B, N, X) flat index of (run, a, b) into a (B, N, N) matrix; once per turn and roles."""
    key = ("pair index", a, b)
    if key not in ctx.cache:
        n = ctx.state.active.shape[1]
        runs = np.arange(ctx.batch)[:, None, None]
        flat = (runs * n + a.positions(ctx)) * n + b.positions(ctx)
        ctx.cache[key] = np.ascontiguousarray(np.broadcast_to(flat, ctx.shape))
    return ctx.cache[key]


def gather_pairs(matrix: np.ndarray, flat: np.ndarray) -> np.ndarray:
    """matrix[run, a, b, ...] at flat indices (run * N + a) * N + b: one take instead of a
    three-way fancy index (same numbers, several times faster)."""
    b, n = matrix.shape[:2]
    rows = np.ascontiguousarray(matrix).reshape(b * n * n, *matrix.shape[3:])
    return rows.take(flat, axis=0)


def scatter_pair(
    delta: np.ndarray, a: Who, b: Who, contribution: np.ndarray, ctx: PairContext
) -> None:
    """Add contribution (B, N, X) onto delta[run, a, b] (B, N, N): the inverse of pair_read."""
    key = (a.role, b.role)
    if a.role == b.role and a.role in (SELF_ROLE, TARGET_ROLE):
        return  # a nation's tie with itself does not change
    if key == (SELF_ROLE, TARGET_ROLE):
        delta += contribution
    elif key == (TARGET_ROLE, SELF_ROLE):
        delta += contribution.transpose(0, 2, 1)
    elif key == (SELF_ROLE, FIXED):
        delta[:, :, b.index] += contribution.sum(axis=2)
    elif key == (TARGET_ROLE, FIXED):
        delta[:, :, b.index] += contribution.sum(axis=1)
    elif key == (FIXED, SELF_ROLE):
        delta[:, a.index, :] += contribution.sum(axis=2)
    elif key == (FIXED, TARGET_ROLE):
        delta[:, a.index, :] += contribution.sum(axis=1)
    elif key == (FIXED, FIXED):
        delta[:, a.index, b.index] += contribution.sum(axis=(1, 2))
    else:
        b_count, n, _ = delta.shape
        runs = np.arange(b_count)[:, None, None]
        flat = (runs * n + a.positions(ctx)) * n + b.positions(ctx)
        flat, weights = np.broadcast_arrays(flat, contribution)
        delta += np.bincount(flat.ravel(), weights.ravel(), minlength=delta.size).reshape(
            delta.shape
        )


def scatter_nation(delta: np.ndarray, a: Who, contribution: np.ndarray, ctx: PairContext) -> None:
    """Add contribution (B, N, X) onto delta[run, a] (B, N)."""
    if a.role == SELF_ROLE:
        delta += contribution.sum(axis=2)
    elif a.role == TARGET_ROLE:
        delta += contribution.sum(axis=1)
    elif a.role == FIXED:
        delta[:, a.index] += contribution.sum(axis=(1, 2))
    else:
        b_count, n = delta.shape
        flat = np.arange(b_count)[:, None, None] * n + ctx.other
        flat, weights = np.broadcast_arrays(flat, contribution)
        delta += np.bincount(flat.ravel(), weights.ravel(), minlength=delta.size).reshape(
            delta.shape
        )


_PAIR_FIELDS = {
    "relation": "relations",
    "baseline": "baselines",
    "trade": "trade",
    "aid": "aid",
    "at_war": "war",
    "sanctions": "sanctions",
}
_COMPARE = BINARY_UFUNCS


class PairCompiler:
    """Compiles role expressions of one scenario into functions of a PairContext."""

    def __init__(self, scenario: Scenario, target: str) -> None:
        self.scenario = scenario
        self.target = target  # the action's target kind: TARGET names a treaty for "treaty"

    def value(self, node: expr.Node) -> Value:
        if isinstance(node, expr.Number):
            constant = np.float64(node.value)
            return lambda ctx: constant
        if isinstance(node, expr.Boolean):
            flag = np.bool_(node.value)
            return lambda ctx: flag
        if isinstance(node, expr.Variable):
            if node.name == "year":
                return lambda ctx: np.float64(ctx.year)
            return lambda ctx: np.float64(ctx.turn)
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
        if node.op == "and":
            return lambda ctx: np.logical_and(left(ctx), right(ctx))
        if node.op == "or":
            return lambda ctx: np.logical_or(left(ctx), right(ctx))
        if node.op == "/":

            def divide(ctx: PairContext) -> np.ndarray:
                a, b = np.broadcast_arrays(np.asarray(left(ctx), dtype=np.float64), right(ctx))
                return np.divide(a, b, out=np.zeros(a.shape), where=b != 0)

            return divide
        function = _COMPARE[node.op]
        return lambda ctx: function(
            left(ctx), right(ctx)
        )  # amounts are made finite once, in `amount`

    def who(self, node: expr.Node) -> Who:
        return who_of(node, self.scenario)

    def call(self, node: expr.Call) -> Value:
        s = self.scenario
        name = node.name
        args = node.args
        if name in ("min", "max", "abs", "clamp"):
            parts = [self.value(a) for a in args]
            if name == "min":
                return lambda ctx: np.minimum(parts[0](ctx), parts[1](ctx))
            if name == "max":
                return lambda ctx: np.maximum(parts[0](ctx), parts[1](ctx))
            if name == "abs":
                return lambda ctx: np.abs(parts[0](ctx))
            return lambda ctx: np.clip(
                parts[0](ctx), parts[1](ctx), np.maximum(parts[1](ctx), parts[2](ctx))
            )
        if name in _PAIR_FIELDS:
            a, b = self.who(args[0]), self.who(args[1])
            attribute = _PAIR_FIELDS[name]
            return lambda ctx: pair_read(getattr(ctx.state, attribute), a, b, ctx)
        if name == "stat":
            a = self.who(args[0])
            stat = args[1].name
            if stat in STAT_INDEX:
                k = STAT_INDEX[stat]
                return lambda ctx: a.vector(ctx.state.stats[:, :, k], ctx)
            return lambda ctx: a.vector(ctx.derived(stat), ctx)
        if name == "active":
            a = self.who(args[0])
            return lambda ctx: a.vector(ctx.state.active, ctx)
        if name == "is_player":
            a = self.who(args[0])

            def player(ctx: PairContext) -> np.ndarray:
                row = np.zeros(ctx.state.active.shape, dtype=bool)
                if ctx.state.player >= 0:
                    row[:, ctx.state.player] = True
                return a.vector(row, ctx)

            return player
        if name == "same_bloc":
            a, b = self.who(args[0]), self.who(args[1])

            def same(ctx: PairContext) -> np.ndarray:
                blocs = ctx.state.blocs
                first = a.vector(blocs, ctx)
                return (first == b.vector(blocs, ctx)) & (first > 0)

            return same
        if name == "member":
            treaty, nation = args[0].name, self.who(args[1])
            if treaty == "TARGET":
                if nation.role == FIXED:
                    return lambda ctx: ctx.state.members[:, :, nation.index][:, None, :]
                return lambda ctx: ctx.state.members.transpose(0, 2, 1)  # SELF: (B, N, T)
            t = s.treaty_index[treaty]
            return lambda ctx: nation.vector(ctx.state.members[:, t, :], ctx)
        if name == "in_force":
            treaty = args[0].name
            if treaty == "TARGET":
                return lambda ctx: (ctx.state.treaty_status == IN_FORCE)[:, None, :]
            t = s.treaty_index[treaty]
            return lambda ctx: (ctx.state.treaty_status[:, t] == IN_FORCE)[:, None, None]
        # Functions without nation arguments: one value per run.
        single = _run_value(s, node)
        return lambda ctx: single(ctx)[:, None, None]

    # -- effects -----------------------------------------------------------------------

    def effect(self, effect: expr.Effect) -> CompiledEffect:
        target = effect.target
        if effect.op == "call":
            args = target.args
            if target.name in ("set_flag", "clear_flag"):
                return CompiledEffect(
                    target.name, flag=self.scenario.flag_index[args[0].name], text=effect.text
                )
            if target.name in ("join", "leave"):
                treaty = args[0].name
                t = -1 if treaty == "TARGET" else self.scenario.treaty_index[treaty]
                return CompiledEffect(
                    target.name, treaty=t, first=self.who(args[1]), text=effect.text
                )
            return CompiledEffect(
                target.name, first=self.who(args[0]), second=self.who(args[1]), text=effect.text
            )
        sign = 1.0 if effect.op == "+=" else -1.0
        value = self.value(effect.value)
        if target.name == "stat":
            stat = STAT_INDEX[target.args[1].name]
            return CompiledEffect(
                "stat",
                first=self.who(target.args[0]),
                stat=stat,
                sign=sign,
                value=value,
                text=effect.text,
            )
        first, second = self.who(target.args[0]), self.who(target.args[1])
        return CompiledEffect(
            target.name, first=first, second=second, sign=sign, value=value, text=effect.text
        )


def _run_value(scenario: Scenario, node: expr.Call) -> Callable[[PairContext], np.ndarray]:
    """Functions of the run alone (flags, events, eras) through the ordinary compiler."""
    from game.compile import Compiler, Context

    compiled = Compiler(scenario).call(node)

    def run_value(ctx: PairContext) -> np.ndarray:
        return compiled(Context(ctx.state, ctx.year, ctx.turn))

    return run_value


@dataclass(frozen=True)
class CompiledEffect:
    """One action effect: `kind` is a pair field (relation, baseline, trade, aid), 'stat',
    or a command; `value` gives the amount per (actor, target) for assignments."""

    kind: str
    first: Who | None = None
    second: Who | None = None
    stat: int = -1
    treaty: int = -1  # -1 with join/leave: the action's target treaty
    flag: int = -1
    sign: float = 1.0
    value: Value | None = None
    text: str = ""

    def amount(self, ctx: PairContext) -> np.ndarray:
        """Signed amount this effect adds for each (actor, target), broadcastable to (B, N, X);
        finite whatever the scenario's arithmetic did (computed once per turn)."""
        key = ("amount", id(self))
        if key not in ctx.cache:
            raw = self.sign * np.asarray(self.value(ctx), dtype=np.float64)
            if raw.ndim == 0:
                raw = (
                    np.float64(raw)
                    if np.isfinite(raw)
                    else np.float64(0.0 if np.isnan(raw) else np.sign(raw) * 1e12)
                )
            else:
                raw = np.minimum(np.maximum(raw, -1e12), 1e12)
                if np.isnan(raw).any():
                    raw[np.isnan(raw)] = 0.0
            ctx.cache[key] = raw
        return ctx.cache[key]


SATURATING = {"relation": 100.0, "baseline": BASELINE_REACH}
# Role pairs whose cell is one per picked option (the actor's tie with its target, either way).
_SPARSE_PAIRS = ((SELF_ROLE, TARGET_ROLE), (TARGET_ROLE, SELF_ROLE))
_COUNTED = {"sanction": "sanction_on", "lift_sanction": "sanction_off", "peace": "peace"}


class Changes:
    """Every change the turn's actions make, summed before any is applied."""

    PAIRS = ("relation", "baseline", "trade", "aid")

    def __init__(self, state: State) -> None:
        b, n = state.active.shape
        pair = ((b, n, n), np.float64)
        # Arrays of zeros made when first touched: a turn's actions touch few of them.
        self.pairs = _Zeros(dict.fromkeys(self.PAIRS, pair))
        self._other = _Zeros(
            {
                "stats": (state.stats.shape, np.float64),
                "sanction_on": pair,
                "sanction_off": pair,
                "peace": pair,
                "join": (state.members.shape, bool),
                "leave": (state.members.shape, bool),
                "flags_on": (state.flags.shape, bool),
                "flags_off": (state.flags.shape, bool),
            }
        )

    def __getattr__(self, name: str) -> np.ndarray:
        if name != "_other" and name in self._other.shapes:
            return self._other[name]
        raise AttributeError(name)

    def touched(self, *names: str) -> bool:
        return any(name in self._other for name in names)

    def add(self, effect: CompiledEffect, mask: np.ndarray, ctx: PairContext) -> None:
        """Record `effect` for every (run, actor, target) where mask (B, N, X) holds."""
        kind = effect.kind
        if kind in self.PAIRS:
            contribution = np.where(mask, effect.amount(ctx), 0.0)
            scatter_pair(self.pairs[kind], effect.first, effect.second, contribution, ctx)
        elif kind == "stat":
            contribution = np.where(mask, effect.amount(ctx), 0.0)
            scatter_nation(self.stats[:, :, effect.stat], effect.first, contribution, ctx)
        elif kind in ("sanction", "lift_sanction", "peace"):
            array = {
                "sanction": self.sanction_on,
                "lift_sanction": self.sanction_off,
                "peace": self.peace,
            }[kind]
            scatter_pair(array, effect.first, effect.second, mask.astype(np.float64), ctx)
        elif kind in ("join", "leave"):
            array = self.join if kind == "join" else self.leave
            hits = np.zeros(array.shape[0:1] + array.shape[2:] + array.shape[1:2])  # (B, N, T)
            if effect.treaty >= 0:
                column = np.zeros((ctx.batch, ctx.state.active.shape[1]))
                scatter_nation(column, effect.first, mask.astype(np.float64), ctx)
                array[:, effect.treaty, :] |= column > 0
                return
            # The target is the treaty: the nation argument is SELF or a fixed nation.
            if effect.first.role == SELF_ROLE:
                hits += mask
            else:
                hits[:, effect.first.index, :] += mask.sum(axis=1)
            array |= hits.transpose(0, 2, 1) > 0
        else:  # set_flag / clear_flag
            array = self.flags_on if kind == "set_flag" else self.flags_off
            array[:, effect.flag] |= mask.any(axis=(1, 2))

    def add_at(
        self,
        effect: CompiledEffect,
        picks: tuple[np.ndarray, np.ndarray, np.ndarray],
        ctx: PairContext,
    ) -> None:
        """Record `effect` for the picked (runs, actors, targets) options only: the same sums,
        bit for bit, as `add` with a mask holding exactly those, when no actor is picked twice
        (a nation takes an action at most once a turn) and picks come in C order. A turn's few
        actions touch few cells, so this skips most full-size work."""
        runs, actors, targets = picks
        kind = effect.kind
        if kind in ("set_flag", "clear_flag"):
            array = self.flags_on if kind == "set_flag" else self.flags_off
            array[runs, effect.flag] = True
            return
        if kind in self.PAIRS or kind in _COUNTED:
            array = self.pairs[kind] if kind in self.PAIRS else getattr(self, _COUNTED[kind])
            values = _picked(effect.amount(ctx), picks, ctx) if kind in self.PAIRS else 1.0
            if _scatter_pair_at(array, effect.first, effect.second, values, picks, ctx):
                return
        elif kind == "stat":
            values = _picked(effect.amount(ctx), picks, ctx)
            column = self.stats[:, :, effect.stat]
            if _scatter_nation_at(column, effect.first, values, picks, ctx):
                return
        mask = np.zeros(ctx.shape, dtype=bool)
        mask[runs, actors, targets] = True
        self.add(effect, mask, ctx)

    def apply(self, state: State) -> None:
        """Apply the summed changes, keeping every range and symmetry the state promises."""
        n = state.active.shape[1]
        both = state.active[:, :, None] & state.active[:, None, :] & ~np.eye(n, dtype=bool)[None]
        for kind, attribute, low, high, symmetric in (
            ("relation", "relations", -100.0, 100.0, True),
            ("baseline", "baselines", -100.0, 100.0, True),
            ("trade", "trade", 0.0, 100.0, True),
            ("aid", "aid", 0.0, 10_000.0, False),
        ):
            if kind not in self.pairs:
                continue
            delta = self.pairs[kind]
            if symmetric:
                delta = delta + delta.transpose(0, 2, 1)
            changed = np.flatnonzero(both & (delta != 0))
            if len(changed):  # few ties change in a turn: work on those alone
                current = getattr(state, attribute)
                now = current.reshape(-1)[changed]
                step = delta.reshape(-1)[changed]
                moved = saturate(now, step, SATURATING[kind]) if kind in SATURATING else now + step
                updated = np.array(current, dtype=np.float64)
                updated.reshape(-1)[changed] = np.clip(moved, low, high)
                setattr(state, attribute, updated)
        # Arrays never touched hold zeros: applying them would change nothing.
        changed = state.active[:, :, None] & (self.stats != 0) if self.touched("stats") else None
        if changed is not None and changed.any():
            low = np.array([lo for lo, _, _ in STATS.values()])
            high = np.array([hi for _, hi, _ in STATS.values()])
            state.stats = np.where(
                changed, np.clip(state.stats + self.stats, low, high), state.stats
            )
        if self.touched("sanction_on", "sanction_off"):
            on = (self.sanction_on > 0) & both
            off = (self.sanction_off > 0) & both
            state.sanctions = (state.sanctions | on) & ~off
        if self.touched("peace"):
            peace = self.peace > 0
            state.war = state.war & ~(peace | peace.transpose(0, 2, 1))
        if self.touched("join", "leave"):
            state.members = (state.members | (self.join & state.active[:, None, :])) & ~self.leave
        if self.touched("flags_on", "flags_off"):
            state.flags = (state.flags | self.flags_on) & ~self.flags_off


class _Zeros(dict):
    """name -> array of zeros of the given (shape, dtype), made on first use."""

    def __init__(self, shapes: dict[str, tuple[tuple[int, ...], type]]) -> None:
        super().__init__()
        self.shapes = shapes

    def __missing__(self, name: str) -> np.ndarray:
        shape, dtype = self.shapes[name]
        self[name] = np.zeros(shape, dtype=dtype)
        return self[name]


def _picked(values: np.ndarray, picks: tuple[np.ndarray, ...], ctx: PairContext) -> np.ndarray:
    """values (broadcastable to (B, N, X)) at the picked options."""
    return np.broadcast_to(values, ctx.shape)[picks]


def _scatter_pair_at(
    delta: np.ndarray,
    a: Who,
    b: Who,
    values: np.ndarray | float,
    picks: tuple[np.ndarray, ...],
    ctx: PairContext,
) -> bool:
    """scatter_pair for the picked options only; False where it has no exact short way (a
    pair of fixed nations, summed over whole runs in a different order)."""
    runs, actors, targets = picks
    if a.role == b.role and a.role in (SELF_ROLE, TARGET_ROLE):
        return True  # a nation's tie with itself does not change
    if a.role == b.role == FIXED:
        return False
    if (a.role, b.role) == (SELF_ROLE, TARGET_ROLE):
        delta[runs, actors, targets] += values  # one cell per pick: no sum to order
    elif (a.role, b.role) == (TARGET_ROLE, SELF_ROLE):
        delta[runs, targets, actors] += values
    else:  # cells shared by several picks are summed in pick order, as the full sums do
        n = delta.shape[1]
        first = np.broadcast_to(a.positions(ctx), ctx.shape)[picks]
        second = np.broadcast_to(b.positions(ctx), ctx.shape)[picks]
        total = np.zeros(delta.size)
        np.add.at(total, (runs * n + first) * n + second, values)
        delta += total.reshape(delta.shape)
    return True


def _scatter_nation_at(
    delta: np.ndarray,
    a: Who,
    values: np.ndarray,
    picks: tuple[np.ndarray, ...],
    ctx: PairContext,
) -> bool:
    """scatter_nation for the picked options only; False for a fixed nation (its sum runs
    over whole runs in a different order)."""
    runs, actors, targets = picks
    if a.role == FIXED:
        return False
    if a.role == SELF_ROLE:
        delta[runs, actors] += values  # one pick per actor and action
        return True
    nations = targets if a.role == TARGET_ROLE else ctx.other[picks]
    total = np.zeros(delta.shape)
    np.add.at(total, (runs, nations), values)  # in pick order, as the full sums add them
    delta += total
    return True
