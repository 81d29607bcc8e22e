"""Action expressions over every (actor, target) pair of every run at once.

An action's expressions name roles, not nations: SELF, TARGET and OTHER. Instead of
compiling them once per pair (a Python loop over 144 pairs), each role is an axis:
values come out shaped to broadcast against (B, N, X): B runs, N actors, X targets (N
nations, T treaties, or 1 when the action has no target). `relation(SELF, TARGET)` is
the relation matrix itself; `relation(TARGET, USA)` is one column laid along the target
axis; only OTHER (a mediation's second party, a per-pair index) needs a gather.

`RoleShape` is this layout for the one expression compiler (`game.compile.Compiler`):
`role_compiler(scenario, target)` compiles an action's conditions and effects. The
effects it gives (`CompiledEffect`) are summed by `game.diplomacy.pairs.Changes`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from game import expr
from game.compile import Compiler
from game.derived import derived_stat
from game.fields import STAT_INDEX
from game.kernels import kernel
from game.loading.diplomacy import OTHER, SELF, TARGET
from game.scenario import Scenario
from game.state import State

SELF_ROLE, TARGET_ROLE, OTHER_ROLE, FIXED = "self", "target", "other", "fixed"
_ROLE_OF_WORD = {SELF: SELF_ROLE, TARGET: TARGET_ROLE, OTHER: OTHER_ROLE}  # as the files write them

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

# Where a nation argument lies at an option, as the compiled loops find it (`nation_at`):
# the actor, the target, one fixed nation (its index), or a mediation's other party.
BY_ACTOR, BY_TARGET, BY_INDEX, BY_OTHER = 0, 1, 2, 3
PLACE_OF_ROLE = {SELF_ROLE: BY_ACTOR, TARGET_ROLE: BY_TARGET, FIXED: BY_INDEX, OTHER_ROLE: BY_OTHER}


@kernel
def nation_at(how: int, which: int, others: np.ndarray, b: int, i: int, x: int) -> int:
    """The nation an argument names at option (run b, actor i, target x): found `how`
    (a PLACE_OF_ROLE code), `which` the fixed nation, `others` (B, N, X) the mediations'
    other parties (read only for BY_OTHER)."""
    if how == BY_ACTOR:
        return i
    if how == BY_TARGET:
        return x
    if how == BY_INDEX:
        return which
    return others[b, i, x]


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


class RoleShape:
    """Values over (run, actor, target), broadcastable to (B, N, X); nation arguments are
    roles or fixed nations, and TARGET names a treaty when the action's target kind is
    "treaty". Sums and quotients are left as they come: an effect's amount is made
    finite once, in `CompiledEffect.amount`."""

    finite = False

    def __init__(self, scenario: Scenario, target: str) -> None:
        self.scenario = scenario
        self.target = target  # the action's target kind

    def constant(self, value: float | bool) -> Value:
        scalar = np.bool_(value) if isinstance(value, bool) else np.float64(value)
        return lambda ctx: scalar

    def calendar(self, name: str) -> Value:
        if name == "year":
            return lambda ctx: np.float64(ctx.year)
        return lambda ctx: np.float64(ctx.turn)

    def nation(self, word: expr.Node) -> Who:
        return who_of(word, self.scenario)

    def treaty(self, word: expr.Node) -> int:
        """The treaty's index, or -1 for TARGET (the treaty acted on)."""
        assert isinstance(word, expr.Word)
        return -1 if word.name == TARGET else self.scenario.treaty_index[word.name]

    def per_run(self, value: Value) -> Value:
        return lambda ctx: value(ctx)[:, None, None]

    def per_nation(self, get: Value, a: Who) -> Value:
        return lambda ctx: a.vector(get(ctx), ctx)

    def per_stat(self, k: int, a: Who) -> Value:
        return lambda ctx: a.vector(ctx.state.stats[:, :, k], ctx)

    def per_pair(self, attribute: str, a: Who, b: Who) -> Value:
        return lambda ctx: pair_read(getattr(ctx.state, attribute), a, b, ctx)

    def per_treaty(self, get: Value, t: int) -> Value:
        if t < 0:
            return lambda ctx: get(ctx)[:, None, :]
        return lambda ctx: get(ctx)[:, t][:, None, None]

    def per_membership(self, get: Value, t: int, a: Who) -> Value:
        if t >= 0:
            return lambda ctx: a.vector(get(ctx)[:, t, :], ctx)
        if a.role == FIXED:
            return lambda ctx: get(ctx)[:, :, a.index][:, None, :]
        return lambda ctx: get(ctx).transpose(0, 2, 1)  # SELF: (B, N, T)

    def effect(self, compiler: Compiler, effect: expr.Effect) -> CompiledEffect:
        target = effect.target
        args = target.args
        if effect.op == "call":
            if target.name in ("set_flag", "clear_flag"):
                flag = self.scenario.flag_index[args[0].name]
                return CompiledEffect(target.name, flag=flag, text=effect.text)
            if target.name in ("join", "leave"):
                treaty = self.treaty(args[0])
                first = self.nation(args[1])
                return CompiledEffect(target.name, treaty=treaty, first=first, text=effect.text)
            first, second = self.nation(args[0]), self.nation(args[1])
            return CompiledEffect(target.name, first=first, second=second, text=effect.text)
        sign = 1.0 if effect.op == "+=" else -1.0
        assert effect.value is not None
        value = compiler.value(effect.value)
        first = self.nation(args[0])
        if target.name == "stat":
            stat = STAT_INDEX[args[1].name]
            return CompiledEffect(
                "stat", first=first, stat=stat, sign=sign, value=value, text=effect.text
            )
        second = self.nation(args[1])
        return CompiledEffect(
            target.name, first=first, second=second, sign=sign, value=value, text=effect.text
        )


def role_compiler(scenario: Scenario, target: str) -> Compiler[CompiledEffect]:
    """The compiler of an action's expressions (target kind: nation, treaty, mediation or
    none); event options judged for one nation use "none"."""
    return Compiler(scenario, RoleShape(scenario, target))


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
            raw = np.asarray(self.value(ctx), dtype=np.float64)
            if raw.ndim == 0:
                raw = self.sign * raw
                raw = (
                    np.float64(raw)
                    if np.isfinite(raw)
                    else np.float64(0.0 if np.isnan(raw) else np.sign(raw) * 1e12)
                )
            else:
                raw = np.ascontiguousarray(raw)
                signed = np.empty(raw.shape)
                _finite(raw.reshape(-1), self.sign, signed.reshape(-1))
                raw = signed
            ctx.cache[key] = raw
        return ctx.cache[key]


@kernel
def _finite(values: np.ndarray, sign: float, out: np.ndarray) -> None:
    """out = sign * values, NaN made 0 and the rest kept within +-1e12, in one pass (the
    amounts of a turn's effects: a scenario's arithmetic may overflow or divide by zero)."""
    for k in range(len(values)):
        value = sign * values[k]
        if value != value:
            value = 0.0
        elif value < -1e12:
            value = -1e12
        elif value > 1e12:
            value = 1e12
        out[k] = value
