"""A scenario's diplomacy compiled once: actions into role functions, interests into arrays.

Every (action, target) pair is one "option"; options of all actions sit side by side on
one flat axis of fixed length, so the AI can rank them all with one argmax per slot.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np

from game import expr
from game.compile import Compiler, Conjunction, Value
from game.diplomacy.restrictions import CompiledRestriction, compile_restrictions
from game.diplomacy.roles import SELF_ROLE, TARGET_ROLE, CompiledEffect, role_compiler
from game.diplomacy.roles import Value as PairValue
from game.scenario import (
    INTEREST_WEIGHTS,
    ODDS_TERMS,
    PERSONALITY_TRAITS,
    STAT_INDEX,
    ActionDef,
    ObjectiveDef,
    Scenario,
)

# The interests an AI weighs: the scenario's weighted ones, plus its own objectives (weight 1).
COMPONENTS: tuple[str, ...] = (*INTEREST_WEIGHTS, "objectives")
OBJECTIVE_PULL = 1.0  # value of 100 relation points that all of a nation's objective points hang on
TRAITS: tuple[str, ...] = tuple(PERSONALITY_TRAITS)


@dataclass(frozen=True)
class LinearValue:
    """Effects on the actor's own tie with its target by constant amounts (the common case:
    relation, baseline or trade += a number), in points, valued in a few array operations
    instead of effect by effect. `fail_*` are the same on failure."""

    relation: float = 0.0
    baseline: float = 0.0
    trade: float = 0.0
    fail_relation: float = 0.0
    fail_baseline: float = 0.0
    fail_trade: float = 0.0


def split_linear(
    effects: tuple[expr.Effect, ...], compiled: tuple[CompiledEffect, ...]
) -> tuple[dict[str, float], tuple[CompiledEffect, ...]]:
    """(points per field among relation, baseline and trade; effects needing the general path)."""
    points = {"relation": 0.0, "baseline": 0.0, "trade": 0.0}
    rest = []
    for effect, done in zip(effects, compiled, strict=True):
        amount = _constant(effect.value) if effect.value is not None else None
        roles = {done.first.role, done.second.role} if done.first and done.second else set()
        if amount is None or roles != {SELF_ROLE, TARGET_ROLE} or done.kind not in points:
            rest.append(done)
            continue
        points[done.kind] += amount * done.sign
    return points, tuple(rest)


def _constant(node: expr.Node) -> float | None:
    if isinstance(node, expr.Number):
        return float(node.value)
    if isinstance(node, expr.Unary) and node.op == "-" and isinstance(node.operand, expr.Number):
        return -float(node.operand.value)
    return None


@dataclass(frozen=True)
class CompiledAction:
    index: int
    definition: ActionDef
    width: int  # size of the target axis: N nations, T treaties or 1
    offset: int  # first option index on the flat option axis
    requires: Conjunction | None  # its terms, combined by the legality step (odds._legal)
    modifiers: tuple[tuple[float, PairValue], ...]
    effects: tuple[CompiledEffect, ...]
    on_failure: tuple[CompiledEffect, ...]
    treaty_allowed: np.ndarray | None  # (T,) bool for treaty actions
    base_logit: float  # log-odds of the base chance; +inf certain, -inf never
    uses_odds: bool  # any odds term or modifier: the chance varies
    cooldown_turns: int
    odds_vector: np.ndarray  # (len(ODDS_TERMS),) logit weights in that order
    linear: LinearValue  # the part of its value that is a multiple of the relation value
    general_effects: tuple[CompiledEffect, ...]  # the rest, valued effect by effect
    general_failure: tuple[CompiledEffect, ...]
    restrictions: tuple[CompiledRestriction, ...] = ()  # laws and doctrines that close it

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def target(self) -> str:
        return self.definition.target

    @property
    def options(self) -> slice:
        return slice(self.offset, self.offset + self.width)


@dataclass(frozen=True)
class DiplomacyRules:
    scenario: Scenario
    actions: tuple[CompiledAction, ...]
    option_count: int
    option_action: np.ndarray  # (O,) action index of each option
    option_target: np.ndarray  # (O,) target index (nation, treaty, or 0)
    option_cost: np.ndarray  # (O,) diplomatic capital
    option_nation: np.ndarray  # (O,) the nation an option targets, -1 for treaties and none
    rivals: np.ndarray  # (N, N) 1 where the column is a named rival of the row
    patrons: np.ndarray  # (N, N) named patrons
    clients: np.ndarray  # (N, N) named clients
    weights: np.ndarray  # (N, C) interest weights, C = len(COMPONENTS)
    # What each nation's objectives want: 100 relation points with each nation (N, N), a
    # unit of each of its own stats (N, S), each flag set (N, F); negative: the opposite.
    objective_pull: np.ndarray
    objective_stats: np.ndarray
    objective_flags: np.ndarray
    # The same three, from the objectives graded at the end alone (discounted by `horizon`).
    objective_end: tuple[np.ndarray, np.ndarray, np.ndarray]
    traits: np.ndarray  # (N, len(TRAITS)) personality
    treaty_bond: np.ndarray  # (T,)
    treaty_against: np.ndarray  # (T, N)
    objectives: tuple[ObjectiveDef, ...]
    objective_conditions: tuple[Value, ...]
    objective_nation: np.ndarray  # (O_obj,) nation index
    max_actions: int
    # (row, column, condition): a named tie that counts only while its condition holds
    tie_conditions: tuple[tuple[int, int, Callable], ...] = ()
    # interest_vectors' results by width, filled on first use (the rules are frozen, the
    # memo is the one thing that grows, and it is plain state, not a cached property).
    vector_memo: dict[int, dict[int, np.ndarray]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def objectives_in(self, year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What the objectives want in `year` (relations, stats, flags): an objective graded
        at the end counts exp(-years left / horizon) of its weight, so a far-off end weighs
        little against the interests of the day; with no horizon (0) it counts in full."""
        horizon = float(self.scenario.ai.get("horizon", 0.0))
        full = (self.objective_pull, self.objective_stats, self.objective_flags)
        if horizon <= 0.0:
            return full
        left = max(0, self.scenario.end_year - year)
        drop = 1.0 - math.exp(-left / horizon)
        return tuple(
            whole - drop * end for whole, end in zip(full, self.objective_end, strict=True)
        )

    def trait(self, name: str) -> np.ndarray:
        return self.traits[:, TRAITS.index(name)]

    # Per-action constants the AI reads every turn, built once (the rules are cached per
    # scenario): rebuilding them is a few Python loops and small arrays per turn.
    @cached_property
    def action_cost(self) -> np.ndarray:
        """(A,) each action's capital cost."""
        return np.array([a.definition.cost for a in self.actions])

    @cached_property
    def aims_at_nation(self) -> np.ndarray:
        """(A,) bool: the action's target is a nation (or a mediation's party)."""
        return np.array([a.target in ("nation", "mediation") for a in self.actions])

    @cached_property
    def courts_target(self) -> np.ndarray:
        """(A,) bool: the action aims at a nation and raises the actor's tie with it."""
        return np.array(
            [
                a.target in ("nation", "mediation") and a.linear.relation + a.linear.baseline > 0
                for a in self.actions
            ]
        )

    def interest_vectors(self, width: int) -> dict[int, np.ndarray]:
        """Interest -> (1, N, 1, width) weight along the interest axis: one column per
        interest when width is len(COMPONENTS), else summed into one."""
        memo = self.vector_memo
        if width not in memo:
            n = self.weights.shape[0]
            explain = width == len(COMPONENTS)
            vectors = {}
            for c in range(len(COMPONENTS)):
                vector = np.zeros((1, n, 1, width))
                vector[0, :, 0, c if explain else 0] = self.weights[:, c]
                vector.flags.writeable = False
                vectors[c] = vector
            memo[width] = vectors
        return memo[width]


@cache
def compile_diplomacy(scenario: Scenario) -> DiplomacyRules:
    """Compile the scenario's actions, interests and objectives (cached per scenario)."""
    n = len(scenario.nations)
    t = len(scenario.treaties)
    index = scenario.nation_index
    actions = []
    offset = 0
    run_compiler = Compiler(scenario)  # per-run conditions: restrictions, named ties
    for a, definition in enumerate(scenario.actions):
        compiler = role_compiler(scenario, definition.target)
        width = {"nation": n, "mediation": n, "treaty": t, "none": 1}[definition.target]
        allowed = None
        if definition.target == "treaty":
            kinds = set(definition.treaty_kinds)
            allowed = np.array(
                [not kinds or treaty.kind in kinds for treaty in scenario.treaties], dtype=bool
            )
        chance = definition.chance
        if chance >= 1.0:
            base = math.inf
        elif chance <= 0.0:
            base = -math.inf
        else:
            base = math.log(chance / (1.0 - chance))
        uses_odds = any(definition.odds.values()) or bool(definition.modifiers)
        if uses_odds and math.isinf(base):
            base = math.copysign(math.log(0.99 / 0.01), base)  # odds can still move a sure thing
        effects = tuple(compiler.effect(e) for e in definition.effects)
        on_failure = tuple(compiler.effect(e) for e in definition.on_failure)
        points, general = split_linear(definition.effects, effects)
        fail_points, general_failure = split_linear(definition.on_failure, on_failure)
        actions.append(
            CompiledAction(
                index=a,
                definition=definition,
                width=width,
                offset=offset,
                requires=compiler.conjunction(definition.requires)
                if definition.requires is not None
                else None,
                modifiers=tuple((add, compiler.value(node)) for add, node in definition.modifiers),
                effects=effects,
                on_failure=on_failure,
                treaty_allowed=allowed,
                base_logit=base,
                uses_odds=uses_odds,
                cooldown_turns=int(
                    math.ceil(definition.cooldown * 12 / scenario.months_per_turn - 1e-9)
                ),
                odds_vector=np.array(
                    [definition.odds[name] for name in ODDS_TERMS], dtype=np.float64
                ),
                linear=LinearValue(**points, **{f"fail_{k}": v for k, v in fail_points.items()}),
                general_effects=general,
                general_failure=general_failure,
                restrictions=compile_restrictions(
                    scenario, definition.id, definition.target, width, run_compiler.value
                ),
            )
        )
        offset += width
    option_action = (
        np.concatenate([np.full(a.width, a.index) for a in actions])
        if actions
        else np.zeros(0, int)
    )
    option_target = (
        np.concatenate([np.arange(a.width) for a in actions]) if actions else np.zeros(0, int)
    )
    option_cost = np.array([scenario.actions[a].cost for a in option_action], dtype=np.float64)

    rivals = np.zeros((n, n))
    patrons = np.zeros((n, n))
    clients = np.zeros((n, n))
    weights = np.tile(np.array([*INTEREST_WEIGHTS.values(), 1.0]), (n, 1))
    traits = np.tile(np.array(list(PERSONALITY_TRAITS.values())), (n, 1))
    for interest in scenario.interests:
        i = index[interest.nation]
        for matrix, names in (
            (rivals, interest.rivals),
            (patrons, interest.patrons),
            (clients, interest.clients),
        ):
            for name in names:
                matrix[i, index[name]] = 1.0
        weights[i, : len(INTEREST_WEIGHTS)] = [interest.weights[c] for c in INTEREST_WEIGHTS]
        weights[i, -1] = interest.weights.get("objectives", 1.0)  # how hard it pursues them
        traits[i] = [interest.personality[k] for k in TRAITS]
    against = np.zeros((t, n))
    for k, treaty in enumerate(scenario.treaties):
        for rival in treaty.against:
            against[k, index[rival]] = 1.0
    tie_conditions = tuple(
        (index[interest.nation], index[other], run_compiler.value(node))
        for interest in scenario.interests
        for other, node in interest.conditions
    )
    pull, stat_pull, flag_pull = objective_pulls(scenario)
    end_pulls = objective_pulls(scenario, checks=("end",))
    return DiplomacyRules(
        scenario=scenario,
        actions=tuple(actions),
        option_count=offset,
        option_action=option_action.astype(np.int64),
        option_target=option_target.astype(np.int64),
        option_cost=option_cost,
        option_nation=np.array(
            [
                t if scenario.actions[a].target in ("nation", "mediation") else -1
                for a, t in zip(option_action, option_target, strict=True)
            ],
            dtype=np.int64,
        ),
        rivals=rivals,
        patrons=patrons,
        clients=clients,
        weights=weights,
        objective_pull=pull,
        objective_stats=stat_pull,
        objective_flags=flag_pull,
        objective_end=end_pulls,
        traits=traits,
        treaty_bond=np.array([treaty.bond for treaty in scenario.treaties], dtype=np.float64),
        treaty_against=against,
        objectives=scenario.objectives,
        objective_conditions=tuple(run_compiler.value(o.when) for o in scenario.objectives),
        objective_nation=np.array([index[o.nation] for o in scenario.objectives], dtype=np.int64),
        max_actions=max(0, int(scenario.diplomacy["max_actions"])),
        tie_conditions=tie_conditions,
    )


def objective_pulls(
    scenario: Scenario, checks: tuple[str, ...] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What a nation's objectives ask of its relations, stats and flags, read from their
    conditions: `relation(ME, X) > k` pulls toward X, `< k` away; `stat(ME, s) > ...` wants
    s up; `flag(f)` wants f set. Each objective counts by its share of the nation's points,
    so the AI pursues its goals alongside its interests (conditions it cannot read this way
    are simply not pursued). `checks` keeps only the objectives graded that way."""
    n = len(scenario.nations)
    index = scenario.nation_index
    pull = np.zeros((n, n))
    stats = np.zeros((n, len(STAT_INDEX)))
    flags = np.zeros((n, len(scenario.flags)))
    totals: dict[str, float] = {}
    for objective in scenario.objectives:
        totals[objective.nation] = totals.get(objective.nation, 0.0) + objective.points
    for objective in scenario.objectives:
        if not totals[objective.nation]:
            continue
        if checks is not None and objective.check not in checks:
            continue
        share = OBJECTIVE_PULL * objective.points / totals[objective.nation]
        me = objective.nation
        for kind, other, sign in _wanted(objective.when, me, 1.0):
            if kind == "relation":
                pull[index[me], index[other]] += sign * share
            elif kind == "flag":
                flags[index[me], scenario.flag_index[other]] += sign * share
            else:
                stats[index[me], STAT_INDEX[other]] += sign * share
    return pull, stats, flags


def _wanted(node: expr.Node, me: str, sign: float) -> list[tuple[str, str, float]]:
    """(relation, other nation, +-1) and (stat, name, +-1) that the condition wants of `me`."""
    if isinstance(node, expr.Unary) and node.op == "not":
        return _wanted(node.operand, me, -sign)
    if isinstance(node, expr.Binary) and node.op in ("and", "or"):
        return _wanted(node.left, me, sign) + _wanted(node.right, me, sign)
    if isinstance(node, expr.Call) and node.name == "flag" and isinstance(node.args[0], expr.Word):
        return [("flag", node.args[0].name, sign)]
    if isinstance(node, expr.Binary) and node.op in ("<", "<=", ">", ">="):
        up = sign if node.op in (">", ">=") else -sign
        return _side(node.left, me, up) + _side(node.right, me, -up)
    return []


def _side(node: expr.Node, me: str, sign: float) -> list[tuple[str, str, float]]:
    if isinstance(node, expr.Call) and all(isinstance(a, expr.Word) for a in node.args):
        words = [a.name for a in node.args]
        if node.name == "relation" and me in words and len(set(words)) == 2:
            return [("relation", next(w for w in words if w != me), sign)]
        if node.name == "stat" and words[0] == me and words[1] in STAT_INDEX:
            return [("stat", words[1], sign)]
    if isinstance(node, expr.Binary) and node.op in ("+", "*"):
        return _side(node.left, me, sign) + _side(node.right, me, sign)
    return []
