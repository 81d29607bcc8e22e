"""How much each nation's AI values the effects of an action: its interests made numbers.

Every nation weighs six interests (see game.scenario.INTEREST_WEIGHTS): security, economy,
a patron, ideology, bloc leadership and stability. From the board it derives, per turn:

- `own[i, k]`: what 100 points of relation with k are worth to i, per interest: k is hostile
  to i's threats (security), rich or a trading partner (economy), strong enough to protect
  i when i is weak (patron; named patrons count double), like-minded (ideology), a client
  a camp leader courts (bloc); plus Finlandization: accommodating a stronger threat.
- relations between two others: i wants its threats isolated and its camp together.
- stats: its own growth, strength, stability and bomb; its threats' losses and friends' gains.

Values carry a trailing interest axis W: 6 when the AI must explain itself (a reason is the
interest that contributed most), 1 (weights already summed) for large batches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from game.diplomacy.board import Board
from game.diplomacy.pairs import (
    FIXED,
    SELF_ROLE,
    SELF_WHO,
    TARGET_ROLE,
    CompiledEffect,
    PairContext,
    Who,
    pair_read,
)
from game.diplomacy.picks import cells_and_steps, every, options_of
from game.diplomacy.roles import PLACE_OF_ROLE, nation_at
from game.diplomacy.rules import COMPONENTS, DiplomacyRules
from game.diplomacy.weights import (
    BASELINE_FACTOR,
    SANCTION_RELATION,
    TRADE_ECONOMY,
    TRADE_GOODWILL,
)
from game.kernels import kernel
from game.phases.blocs import _row_sum
from game.phases.economy import market_weight
from game.scenario import STAT_INDEX, STAT_NAMES

SECURITY, ECONOMY, PATRON, IDEOLOGY, BLOC, STABILITY, OBJECTIVES = (
    COMPONENTS.index(c) for c in COMPONENTS
)
DETENTE = 0.3  # security value of easing relations with a threat
FINLANDIZATION = 2.0  # weight of accommodating a threat that outweighs the nation
SATIATION = 0.8  # how much less a relation point is worth at +-100 than at 0
_GDP, _MIL, _STAB = STAT_INDEX["gdp"], STAT_INDEX["military"], STAT_INDEX["stability"]


@dataclass
class Outlook:
    """The AI's marginal values for one turn: arrays (B, N, ..., W)."""

    board: Board
    rules: DiplomacyRules
    explain: bool
    own: np.ndarray  # (B, N, N, W) value to i of 100 points of relation with k
    vectors: dict[int, np.ndarray]  # interest -> (1, N, 1, W) weight along the interest axis
    threat_level: np.ndarray  # (B, N)
    # What the objectives want this year: relations (N, N), stats (N, S), flags (N, F).
    objectives: tuple[np.ndarray, np.ndarray, np.ndarray]
    cache: dict = field(default_factory=dict)

    @property
    def width(self) -> int:
        return self.own.shape[-1]

    def weight(self, interest: int) -> np.ndarray:
        return self.vectors[interest]

    def row(self, who: Who, ctx: PairContext) -> np.ndarray:
        """own[i, who] for every (actor i, target), (B, N, X, W)."""
        return pair_read(self.own, SELF_WHO, who, ctx)


def make_outlook(board: Board, rules: DiplomacyRules, explain: bool) -> Outlook:
    width = len(COMPONENTS) if explain else 1
    vectors = rules.interest_vectors(width)
    objectives = rules.objectives_in(board.year)
    state = board.state
    gdp = np.where(state.active, state.stats[:, :, _GDP], 0.0)
    richest = np.maximum(gdp.max(axis=1, keepdims=True), 1e-9)
    b, n = gdp.shape
    own = np.empty((b, n, n, width))
    _own_values(
        board.counter,
        board.strength,
        rules.trait("accommodation"),
        board.dominance,
        board.threat,
        gdp / richest,
        state.trade,
        float(state.scenario.ai["market"]),
        board.power,
        _runs_of(board.patrons, b),
        board.affinity,
        board.lead,
        _runs_of(board.clients, b),
        np.ascontiguousarray(objectives[0], dtype=np.float64),
        board.pair_ok,
        board.unit,
        np.stack([vectors[c][0, :, 0, :] for c in _OWN_INTERESTS]),
        own,
        threat_level := np.empty((b, n)),
    )
    return Outlook(board, rules, explain, own, vectors, threat_level, objectives)


# The interests `own` sums, in the order it adds them (stability has no pair value).
_OWN_INTERESTS = (SECURITY, ECONOMY, PATRON, IDEOLOGY, BLOC, OBJECTIVES)


def _runs_of(matrix: np.ndarray, b: int) -> np.ndarray:
    """A (B or 1, N, N) matrix as (B, N, N), a view (stride 0 along runs) when it is one."""
    return np.broadcast_to(matrix, (b, *matrix.shape[1:]))


@kernel
def _own_values(
    counter: np.ndarray,
    strength: np.ndarray,
    accommodation: np.ndarray,
    dominance: np.ndarray,
    threat: np.ndarray,
    wealth: np.ndarray,
    trade: np.ndarray,
    market: float,
    power: np.ndarray,
    patrons: np.ndarray,
    affinity: np.ndarray,
    lead: np.ndarray,
    clients: np.ndarray,
    wanted: np.ndarray,
    pair_ok: np.ndarray,
    unit: np.ndarray,
    vectors: np.ndarray,
    own: np.ndarray,
    threat_level: np.ndarray,
) -> None:
    """own[b, i, k, w]: what 100 points of relation with k are worth to i, per interest
    (see the module docstring), in one pass over the pairs; and threat_level[b, i], how
    threatened i feels: its threats summed (in numpy's order), at most 1.5, plus 0.1.

    - security: allies against one's threats; a little détente with the threats
      themselves; and Finlandization: accommodating a threat that outweighs you;
    - economy: rich nations and trading partners;
    - patron: strong nations, for the weak, unless they threaten;
    - ideology: the like-minded (the unlike repel less);
    - bloc: a camp leader courts clients and the weak;
    - objectives: the ties this year's objectives want;

    times the diminishing returns of a tie already close (or hostile): the next point of
    friendship with a close friend is worth less than the first."""
    b_count, n = strength.shape
    width = own.shape[3]
    for b in range(b_count):
        for i in range(n):
            threats = _row_sum(threat[b, i])
            threat_level[b, i] = (threats if not threats >= 1.5 else 1.5) + 0.1  # NaN kept
            need = 1.0 - strength[b, i]
            finland = FINLANDIZATION * accommodation[i]
            for k in range(n):
                t = threat[b, i, k]
                calm = 1.0 - min(1.0, t)
                security = (
                    counter[b, i, k] * strength[b, k] + (DETENTE + finland * dominance[b, i, k]) * t
                )
                economy = market * wealth[b, k] + (1.0 - market) * trade[b, i, k] / 100.0
                stronger = 1.0 if power[b, k] > 1.5 * power[b, i] else 0.0
                fit = stronger * strength[b, k] * (0.3 + counter[b, i, k] + patrons[b, i, k]) * calm
                patron = need * fit
                a = affinity[b, i, k]
                ideology = 0.5 * (a if a > 0 else 0.4 * a)
                bloc = lead[b, i] * (clients[b, i, k] + 0.3 * (1.0 - strength[b, k])) * calm
                objective = wanted[i, k]
                concave = 1.0 - SATIATION * abs(unit[b, i, k]) if pair_ok[b, i, k] else 0.0
                for w in range(width):
                    total = 0.0
                    total = total + security * vectors[0, i, w]
                    total = total + economy * vectors[1, i, w]
                    total = total + patron * vectors[2, i, w]
                    total = total + ideology * vectors[3, i, w]
                    total = total + bloc * vectors[4, i, w]
                    total = total + objective * vectors[5, i, w]
                    own[b, i, k, w] = total * concave


def _market_weight(outlook: Outlook) -> np.ndarray:
    """(B, N) each nation's market weight (game.phases.economy.market_weight), once a turn."""
    if "market" not in outlook.cache:
        outlook.cache["market"] = market_weight(outlook.board.state)
    return outlook.cache["market"]


def _self_stat_unit(outlook: Outlook, stat: int) -> np.ndarray:
    """(B, N, 1, W) value to a nation of one unit of its own stat."""
    return _self_stat_table(outlook, stat)[:, :, None, :]


# How a unit of its own stat is worth to a nation (`_stat_worth`), by the stat's name.
_WORTH_RULE = {
    "gdp": 0,
    "gdp_growth": 1,
    "military": 2,
    "defence_share": 3,
    "stability": 4,
    "nuclear": 5,
}


def _self_stat_table(outlook: Outlook, stat: int) -> np.ndarray:
    """(B, N, W) value to each nation of one unit of its own stat, once a turn: growth and
    wealth to its economy, arms to its security as threatened as it feels, stability,
    the bomb; and the stat's worth to its strength where this year's objectives want the
    stat up (or down)."""
    key = ("own table", stat)
    if key not in outlook.cache:
        name = STAT_NAMES[stat]
        wanted = np.ascontiguousarray(outlook.objectives[1][:, stat], dtype=np.float64)
        objectives = bool(wanted.any())
        unit = (
            _strength_table(outlook, stat) / _STRENGTH_SCALE.get(name, 1.0)
            if objectives
            else np.zeros((1, 1))
        )
        b, n = outlook.board.strength.shape
        table = np.empty((b, n, outlook.width))
        _stat_worth(
            _WORTH_RULE.get(name, -1),
            np.ascontiguousarray(outlook.board.state.stats[:, :, stat]),
            outlook.threat_level,
            _per_nation(outlook, SECURITY),
            _per_nation(outlook, ECONOMY),
            _per_nation(outlook, STABILITY),
            objectives,
            _per_nation(outlook, OBJECTIVES),
            wanted,
            unit,
            table,
        )
        outlook.cache[key] = table
    return outlook.cache[key]


@kernel
def _stat_worth(
    rule: int,
    size: np.ndarray,
    level: np.ndarray,
    security: np.ndarray,
    economy: np.ndarray,
    stability: np.ndarray,
    objectives: bool,
    pull: np.ndarray,
    wanted: np.ndarray,
    unit: np.ndarray,
    table: np.ndarray,
) -> None:
    """table[b, i, w]: the worth to nation i of one unit of its stat (`_WORTH_RULE`; -1:
    none), its size `size` and its threat level `level` (B, N); with `objectives`, plus
    pull * wanted * unit, what its objectives make of a unit of strength. numpy's maximum
    passes NaN, as the comparison below does."""
    b_count, n, width = table.shape
    for b in range(b_count):
        for i in range(n):
            threat, amount = level[b, i], size[b, i]
            for w in range(width):
                sec, eco = security[i, w], economy[i, w]
                value = 0.0
                if rule == 0:
                    value = eco / (1e-6 if amount < 1e-6 else amount)
                elif rule == 1:
                    value = eco * 1.0 + 0.0 * threat
                elif rule == 2:
                    value = sec * threat / (amount + 0.1)
                elif rule == 3:
                    value = (sec * threat - eco) * 0.1
                elif rule == 4:
                    value = stability[i, w] * 0.03 + eco * 0.003 + 0.0 * threat
                elif rule == 5:
                    value = sec * (0.3 + threat) * 0.4
                if objectives:
                    value = value + pull[i, w] * wanted[i] * unit[b, i]
                table[b, i, w] = value


_STRENGTH_SCALE = {"gdp": 0.3}  # _strength_unit's gdp unit is scaled for others' eyes


def _strength_unit(state, stat: int) -> np.ndarray:
    """(B, N) how much one unit of a nation's stat adds to its strength, for others' eyes."""
    name = STAT_NAMES[stat]
    size = state.stats[:, :, stat]
    if name == "gdp":
        return 0.3 / np.maximum(size, 1e-6)
    if name == "military":
        return 1.0 / (size + 0.1)
    factor = {"gdp_growth": 0.3, "defence_share": 0.1, "stability": 0.01, "nuclear": 0.4}.get(
        name, 0.0
    )
    return np.full(size.shape, factor)


def relation_value(
    outlook: Outlook, a: Who, b: Who, ctx: PairContext, at: Callable = every
) -> np.ndarray:
    """(B, N, X, W) value to each actor of 100 points of relation between a and b (at the
    options `at` picks, (K, W): see game.diplomacy.picks)."""
    if at is not every:
        memo = getattr(at, "memo", None)  # a picker that is asked again and again keeps them
        if memo is None:
            return _tie_values(outlook, a, b, ctx, at)
        key = ("relation", a, b, id(ctx))
        if key not in memo:
            memo[key] = (ctx, _tie_values(outlook, a, b, ctx, at))
        return memo[key][1]
    # An event's options often name the same two nations again and again: worked out once
    # per pair and context (the context is kept with it, so its id stays its own).
    key = ("relation", a, b, id(ctx))
    if key not in outlook.cache:
        outlook.cache[key] = (ctx, _tie_values(outlook, a, b, ctx, at))
    return outlook.cache[key][1]


def _options(ctx: PairContext, at: Callable) -> tuple[np.ndarray, ...]:
    """(runs, actors, targets, flat position) of the options `at` picks (or of every
    option, kept with the context), (K,) int64 each."""
    return options_of(at, ctx.shape, ctx.cache)


def _places(ctx: PairContext, *arguments: Who) -> np.ndarray:
    """(P, 3) int64, per nation argument: how the compiled loops find its nation at an
    option and which nation it is when fixed (see `nation_at`), and how it relates to the
    actor (`_actor_code`). Made once per arguments, for every turn (the loops only read it)."""
    for who in arguments:
        if who.role == TARGET_ROLE and ctx.width != ctx.state.active.shape[1]:
            raise ValueError("a nation argument names the target, which is not a nation")
        if who.role not in (SELF_ROLE, TARGET_ROLE, FIXED) and ctx.other is None:
            raise ValueError("a nation argument names the other party, which is not there")
    if arguments not in _PLACES:
        _PLACES[arguments] = np.array(
            [(PLACE_OF_ROLE[who.role], who.index, _actor_code(who)) for who in arguments],
            dtype=np.int64,
        ).reshape(len(arguments), 3)
    return _PLACES[arguments]


_PLACES: dict[tuple[Who, ...], np.ndarray] = {}


_NO_OTHERS = np.zeros((1, 1, 1), dtype=np.int64)
_NO_OTHERS.flags.writeable = False  # read-only, as the mediations' are: one compiled variant


def _others(ctx: PairContext) -> np.ndarray:
    """(B, N, X) int64: the other party at each option, or a dummy where there is none."""
    if ctx.other is None:
        return _NO_OTHERS
    return np.ascontiguousarray(np.broadcast_to(ctx.other, ctx.shape), dtype=np.int64)


# How a nation argument relates to the actor, for the compiled loops: never the actor
# (the target, the other party), always (SELF), or where its nation is the actor's (fixed).
_NEVER, _ALWAYS, _WHERE_ACTOR = 0, 1, 2


def _actor_code(who: Who) -> int:
    if who.role == SELF_ROLE:
        return _ALWAYS
    return _WHERE_ACTOR if who.role == FIXED else _NEVER


def _target(out: np.ndarray | None, count: int, width: int) -> np.ndarray:
    """The (K, W) array a compiled valuation writes: `out` when given, else a new one."""
    return np.empty((count, width)) if out is None else out


_NO_AMOUNT = (np.zeros(1), np.zeros(3, dtype=np.int64))
_NO_PAIRS = np.zeros((1, 1, 1))


def _tie_values(
    outlook: Outlook,
    a: Who,
    b: Who,
    ctx: PairContext,
    at: Callable,
    effect: CompiledEffect | None = None,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """`relation_value` between a and b at the options, (K, W), or (B, N, X, W) for every
    option; with a relation or baseline `effect`, that value times the share of the
    effect's amount that takes hold. Written into `out` (K, W) when given."""
    runs, actors, targets = _options(ctx, at)[:3]
    board = outlook.board
    out = _target(out, len(runs), outlook.width)
    if effect is not None:
        amount, steps = cells_and_steps(effect.amount(ctx))
        rising, falling = board.room(effect.kind, True), board.room(effect.kind, False)
        scale = (1.0 if effect.kind == "relation" else BASELINE_FACTOR) / 100.0
    else:
        (amount, steps), rising, falling, scale = _NO_AMOUNT, _NO_PAIRS, _NO_PAIRS, 0.0
    _tie_loop(
        runs,
        actors,
        targets,
        _places(ctx, a, b),
        _others(ctx),
        effect is not None,
        amount,
        steps,
        np.ascontiguousarray(rising, dtype=np.float64),
        np.ascontiguousarray(falling, dtype=np.float64),
        scale,
        outlook.own,
        board.threat,
        board.strength,
        board.ally,
        board.mine,
        board.theirs,
        board.lead,
        _per_nation(outlook, SECURITY),
        _per_nation(outlook, BLOC),
        interests(outlook.width),
        out,
    )
    return out if at is not every else out.reshape(*ctx.shape, outlook.width)


def interests(width: int) -> tuple[int, ...]:
    """The width W of the interest axis as a tuple of W zeros, for a compiled loop: the
    length of a tuple is part of its type, so the loop is compiled once per width with W
    a constant (for W = 1, no loop over interests is left, nor the registers it holds per
    option)."""
    return _INTERESTS[width] if width < len(_INTERESTS) else (0,) * width


_INTERESTS = tuple((0,) * width for width in range(8))


def _per_nation(outlook: Outlook, interest: int) -> np.ndarray:
    """(N, W) the weight of an interest for each nation."""
    key = ("weight", interest)
    if key not in outlook.cache:
        outlook.cache[key] = np.ascontiguousarray(outlook.weight(interest)[0, :, 0, :])
    return outlook.cache[key]


@kernel
def _tie_loop(
    runs: np.ndarray,
    actors: np.ndarray,
    targets: np.ndarray,
    places: np.ndarray,
    others: np.ndarray,
    held: bool,
    amount: np.ndarray,
    steps: np.ndarray,
    rising: np.ndarray,
    falling: np.ndarray,
    scale: float,
    own: np.ndarray,
    threat: np.ndarray,
    strength: np.ndarray,
    ally: np.ndarray,
    mine: np.ndarray,
    theirs: np.ndarray,
    lead: np.ndarray,
    security: np.ndarray,
    bloc: np.ndarray,
    interests: tuple,
    out: np.ndarray,
) -> None:
    """out[k, w]: the value to the actor of option k of 100 points of relation between
    the two nations `places` names there (`_places`). With the actor one of them, its tie
    with the other (`own`); else, as a third party, it wants its threats isolated (a
    friend of a threat's rival is a threat less) and its camp together, the other camp
    apart.

    With `held`, times the change (`amount` and `steps`, from `cells_and_steps`) and the
    share of it that takes hold (the rising or falling room of the tie between the two),
    times `scale` (per point)."""
    width = len(interests)  # a constant of the compiled loop (`interests`)
    first_how, first_which, first_code = places[0, 0], places[0, 1], places[0, 2]
    second_how, second_which, second_code = places[1, 0], places[1, 1], places[1, 2]
    along_runs, along_actors, along_targets = steps[0], steps[1], steps[2]
    for k in range(len(runs)):
        b, i, x = runs[k], actors[k], targets[k]
        p = nation_at(first_how, first_which, others, b, i, x)
        q = nation_at(second_how, second_which, others, b, i, x)
        factor = 1.0
        if held:
            change = amount[b * along_runs + i * along_actors + x * along_targets]
            factor = change * (rising[b, p, q] if change > 0 else falling[b, p, q]) * scale
        if first_code == _ALWAYS or (first_code == _WHERE_ACTOR and p == i):
            for w in range(width):
                out[k, w] = factor * own[b, i, q, w] if held else own[b, i, q, w]
        elif second_code == _ALWAYS or (second_code == _WHERE_ACTOR and q == i):
            for w in range(width):
                out[k, w] = factor * own[b, i, p, w] if held else own[b, i, p, w]
        else:
            isolate = -(threat[b, i, p] * strength[b, q] + threat[b, i, q] * strength[b, p])
            guard = isolate + 0.3 * ally[b, i, p] * ally[b, i, q]
            camp = lead[b, i] * (mine[b, i, p] * mine[b, i, q] - theirs[b, i, p] * theirs[b, i, q])
            for w in range(width):
                third = guard * security[i, w] + camp * bloc[i, w]
                out[k, w] = factor * third if held else third


def _stat_values(
    outlook: Outlook,
    effect: CompiledEffect,
    ctx: PairContext,
    at: Callable,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """(K, W) value to each actor of a change of a nation's stat at the options (or
    (B, N, X, W) at every option): its own, or another's as it bears on its security.
    Written into `out` (K, W) when given."""
    runs, actors, targets = _options(ctx, at)[:3]
    board = outlook.board
    width = outlook.width
    places = _places(ctx, effect.first)
    code = places[0, 2]
    own = _self_stat_table(outlook, effect.stat) if code != _NEVER else np.zeros((1, 1, width))
    unit = _strength_table(outlook, effect.stat) if code != _ALWAYS else np.zeros((1, 1))
    out = _target(out, len(runs), width)
    _stat_loop(
        runs,
        actors,
        targets,
        places,
        _others(ctx),
        *cells_and_steps(effect.amount(ctx)),
        own,
        unit,
        board.ally,
        board.threat,
        _per_nation(outlook, SECURITY),
        interests(outlook.width),
        out,
    )
    return out if at is not every else out.reshape(*ctx.shape, width)


def _strength_table(outlook: Outlook, stat: int) -> np.ndarray:
    """(B, N) `_strength_unit`, once a turn."""
    key = ("strength unit", stat)
    if key not in outlook.cache:
        unit = _strength_unit(outlook.board.state, stat)
        outlook.cache[key] = np.ascontiguousarray(unit, dtype=np.float64)
    return outlook.cache[key]


@kernel
def _stat_loop(
    runs: np.ndarray,
    actors: np.ndarray,
    targets: np.ndarray,
    places: np.ndarray,
    others: np.ndarray,
    amount: np.ndarray,
    steps: np.ndarray,
    own: np.ndarray,
    unit: np.ndarray,
    ally: np.ndarray,
    threat: np.ndarray,
    security: np.ndarray,
    interests: tuple,
    out: np.ndarray,
) -> None:
    """out[k, w]: `amount` (with `steps`, from `cells_and_steps`) units of the stat of
    the nation `places` names at option k, to its actor: its own stat's worth (`own`)
    when the nation is the actor; else the strength the units add (`unit`), good in a
    friend and bad in a threat, for its security."""
    width = len(interests)  # a constant of the compiled loop (`interests`)
    how, which, code = places[0, 0], places[0, 1], places[0, 2]
    along_runs, along_actors, along_targets = steps[0], steps[1], steps[2]
    for k in range(len(runs)):
        b, i, x = runs[k], actors[k], targets[k]
        p = nation_at(how, which, others, b, i, x)
        change = amount[b * along_runs + i * along_actors + x * along_targets]
        if code == _ALWAYS or (code == _WHERE_ACTOR and p == i):
            for w in range(width):
                out[k, w] = change * own[b, i, w]
        else:
            stance = 0.3 * ally[b, i, p] - threat[b, i, p]
            weight = stance * unit[b, p]
            for w in range(width):
                out[k, w] = change * (weight * security[i, w])


def _side(first: Who, second: Who, ctx: PairContext) -> tuple[np.ndarray | bool, np.ndarray | bool]:
    return first.is_actor(ctx), second.is_actor(ctx)


def effect_value(
    outlook: Outlook,
    effect: CompiledEffect,
    ctx: PairContext,
    at: Callable = every,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """(B, N, X, W) value to each actor of `effect` happening for each of its targets; with
    `at` (game.diplomacy.picks), (K, W) at the options it picks, bit for bit the same.

    With `out` ((K, W), K options in C order, also for every option), the values are
    written there: the commonest kinds by a compiled loop straight from the turn's
    arrays, with no array per effect (the AI stacks an action's effects so)."""
    kind = effect.kind
    if kind in ("relation", "baseline"):
        return _tie_values(outlook, effect.first, effect.second, ctx, at, effect, out)
    if kind == "stat":
        return _stat_values(outlook, effect, ctx, at, out)
    if kind == "aid":
        return _aid_value(outlook, effect, ctx, at, out)
    if kind in ("join", "leave") and effect.first.role == SELF_ROLE:
        return _seat_values(outlook, effect, ctx, at, out)
    if kind in ("sanction", "lift_sanction") and effect.first.role == SELF_ROLE:
        return _sanction_values(outlook, effect, ctx, at, out)
    if kind == "peace":
        return _peace_values(outlook, effect, ctx, at, out)
    value = _general_value(outlook, effect, ctx, at)
    if out is not None:
        (out.reshape(*ctx.shape, outlook.width) if at is every else out)[...] = value
    return value


def _general_value(
    outlook: Outlook, effect: CompiledEffect, ctx: PairContext, at: Callable
) -> np.ndarray:
    """`effect_value` of the kinds worked out by numpy at the options."""
    kind = effect.kind
    board = outlook.board
    state = board.state
    shape = (*ctx.shape, outlook.width) if at is every else (len(at), outlook.width)
    if kind == "trade":
        amount = at(effect.amount(ctx))[..., None]
        first, second = effect.first, effect.second
        economy = at(outlook.weight(ECONOMY))
        if SELF_ROLE in (first.role, second.role):
            partner = second if first.role == SELF_ROLE else first
            return amount * (
                TRADE_ECONOMY * economy + TRADE_GOODWILL * at(outlook.row(partner, ctx))
            )
        a_is, b_is = _side(first, second, ctx)
        partner_value = np.where(
            at(np.asarray(a_is))[..., None],
            at(outlook.row(second, ctx)),
            at(outlook.row(first, ctx)),
        )
        involved = at(np.asarray(np.logical_or(a_is, b_is)))[..., None]
        return np.where(
            involved,
            amount * (TRADE_ECONOMY * economy + TRADE_GOODWILL * partner_value),
            0.0,
        )
    if kind in ("sanction", "lift_sanction"):  # by another than the actor: nothing to it
        return np.zeros(shape)
    if kind in ("join", "leave"):  # by another than the actor: nothing to it
        return np.zeros(shape)
    if kind in ("set_flag", "clear_flag"):  # worth what the nation's objectives make of them
        wanted = outlook.objectives[2][:, effect.flag]
        if not wanted.any():
            return np.zeros(shape)
        already = (
            state.flags[:, effect.flag] if kind == "set_flag" else ~state.flags[:, effect.flag]
        )
        gain = wanted[None, :] * (1.0 if kind == "set_flag" else -1.0) * ~already[:, None]  # (B, N)
        return np.broadcast_to(at(gain[:, :, None, None]) * at(outlook.weight(OBJECTIVES)), shape)
    return np.zeros(shape)


def _sanction_values(
    outlook: Outlook,
    effect: CompiledEffect,
    ctx: PairContext,
    at: Callable,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """(K, W) value to the actor of sanctioning (or lifting its sanctions on) a nation at
    the options, or (B, N, X, W) at every option; written into `out` (K, W) when given."""
    board = outlook.board
    scenario = board.state.scenario
    runs, actors, targets = _options(ctx, at)[:3]
    out = _target(out, len(runs), outlook.width)
    _sanction_loop(
        runs,
        actors,
        targets,
        _places(ctx, effect.second),
        _others(ctx),
        effect.kind == "lift_sanction",
        outlook.own,
        board.threat,
        board.state.trade,
        _market_weight(outlook),
        float(scenario.economy["sanction_self_cost"]),
        float(scenario.ai["sanction_years"]),
        _per_nation(outlook, SECURITY),
        _per_nation(outlook, ECONOMY),
        interests(outlook.width),
        out,
    )
    return out if at is not every else out.reshape(*ctx.shape, outlook.width)


@kernel
def _sanction_loop(
    runs: np.ndarray,
    actors: np.ndarray,
    targets: np.ndarray,
    places: np.ndarray,
    others: np.ndarray,
    lift: bool,
    own: np.ndarray,
    threat: np.ndarray,
    trade: np.ndarray,
    market: np.ndarray,
    cost: float,
    years: float,
    security: np.ndarray,
    economy: np.ndarray,
    interests: tuple,
    out: np.ndarray,
) -> None:
    """out[k, w]: to the actor of option k, sanctioning the nation `places` names there:
    the relation it costs, the hurt to a threat (security), less the trade it loses and
    the growth it forgoes (the economy phase charges the sanctioner its market weight
    times `cost`) over the sanction's expected life (`years`): dear against a large
    economy, cheap against a small one. Lifting is worth the opposite."""
    width = len(interests)  # a constant of the compiled loop (`interests`)
    how, which = places[0, 0], places[0, 1]
    for k in range(len(runs)):
        b, i, x = runs[k], actors[k], targets[k]
        t = nation_at(how, which, others, b, i, x)
        for w in range(width):
            hurt = threat[b, i, t] * 0.4 * security[i, w]
            ties = trade[b, i, t] / 100.0 * 0.5 * economy[i, w]
            forgone = market[b, t] * cost * years * economy[i, w]
            value = SANCTION_RELATION * own[b, i, t, w] + hurt - ties - forgone
            out[k, w] = -value if lift else value


def _peace_values(
    outlook: Outlook,
    effect: CompiledEffect,
    ctx: PairContext,
    at: Callable,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """(K, W) value to the actor of peace between two nations at war, at the options (or
    (B, N, X, W) at every option): security and stability for a party, standing for a
    broker. Written into `out` (K, W) when given."""
    runs, actors, targets = _options(ctx, at)[:3]
    out = _target(out, len(runs), outlook.width)
    if "peace" not in outlook.cache:
        gain = outlook.weight(SECURITY) + 0.5 * outlook.weight(STABILITY)
        broker = 0.3 * outlook.weight(BLOC) + 0.1 * outlook.weight(SECURITY)
        outlook.cache["peace"] = tuple(
            np.ascontiguousarray(np.broadcast_to(v, gain.shape)[0, :, 0, :]) for v in (gain, broker)
        )
    _peace_loop(
        runs,
        actors,
        targets,
        _places(ctx, effect.first, effect.second),
        _others(ctx),
        outlook.board.state.war,
        *outlook.cache["peace"],
        interests(outlook.width),
        out,
    )
    return out if at is not every else out.reshape(*ctx.shape, outlook.width)


@kernel
def _peace_loop(
    runs: np.ndarray,
    actors: np.ndarray,
    targets: np.ndarray,
    places: np.ndarray,
    others: np.ndarray,
    war: np.ndarray,
    gain: np.ndarray,
    broker: np.ndarray,
    interests: tuple,
    out: np.ndarray,
) -> None:
    """out[k, w]: to the actor of option k, peace between the two nations `places` names
    there, where they are at war: `gain` (N, W) when the actor is one of them, `broker`
    (N, W) when not; 0.0 times that when they are at peace."""
    width = len(interests)  # a constant of the compiled loop (`interests`)
    first_how, first_which, first_code = places[0, 0], places[0, 1], places[0, 2]
    second_how, second_which, second_code = places[1, 0], places[1, 1], places[1, 2]
    for k in range(len(runs)):
        b, i, x = runs[k], actors[k], targets[k]
        p = nation_at(first_how, first_which, others, b, i, x)
        q = nation_at(second_how, second_which, others, b, i, x)
        at_war = 1.0 if war[b, p, q] else 0.0
        involved = (
            first_code == _ALWAYS
            or (first_code == _WHERE_ACTOR and p == i)
            or second_code == _ALWAYS
            or (second_code == _WHERE_ACTOR and q == i)
        )
        for w in range(width):
            out[k, w] = at_war * (gain[i, w] if involved else broker[i, w])


def _aid_value(
    outlook: Outlook,
    effect: CompiledEffect,
    ctx: PairContext,
    at: Callable = every,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Aid received is growth; aid given buys goodwill and costs money; aid between others
    matters when it feeds a threat (or a friend). (K, W) at the options, or (B, N, X, W)
    at every option; written into `out` (K, W) when given."""
    board = outlook.board
    runs, actors, targets = _options(ctx, at)[:3]
    out = _target(out, len(runs), outlook.width)
    _aid_loop(
        runs,
        actors,
        targets,
        _places(ctx, effect.first, effect.second),
        _others(ctx),
        *cells_and_steps(effect.amount(ctx)),
        np.maximum(board.state.stats[:, :, _GDP], 1e-6),
        outlook.own,
        board.ally,
        board.threat,
        _per_nation(outlook, ECONOMY),
        _per_nation(outlook, SECURITY),
        interests(outlook.width),
        out,
    )
    return out if at is not every else out.reshape(*ctx.shape, outlook.width)


@kernel
def _aid_loop(
    runs: np.ndarray,
    actors: np.ndarray,
    targets: np.ndarray,
    places: np.ndarray,
    others: np.ndarray,
    amount: np.ndarray,
    steps: np.ndarray,
    gdp: np.ndarray,
    own: np.ndarray,
    ally: np.ndarray,
    threat: np.ndarray,
    economy: np.ndarray,
    security: np.ndarray,
    interests: tuple,
    out: np.ndarray,
) -> None:
    """out[k, w]: `amount` (with `steps`, from `cells_and_steps`) of aid from the donor
    to the recipient `places` names at option k, to its actor: growth when it receives
    (20 per unit of its economy); goodwill with the recipient (a share of the tie, more
    for a small economy, at most 0.12) less the cost when it gives; as a third party, the
    recipient's gain, good in a friend and bad in a threat. gdp is each nation's, at least
    1e-6; numpy's minimum passes NaN."""
    width = len(interests)  # a constant of the compiled loop (`interests`)
    donor_how, donor_which, donor_code = places[0, 0], places[0, 1], places[0, 2]
    recipient_how, recipient_which = places[1, 0], places[1, 1]
    recipient_code = places[1, 2]
    along_runs, along_actors, along_targets = steps[0], steps[1], steps[2]
    for k in range(len(runs)):
        b, i, x = runs[k], actors[k], targets[k]
        d = nation_at(donor_how, donor_which, others, b, i, x)
        r = nation_at(recipient_how, recipient_which, others, b, i, x)
        change = amount[b * along_runs + i * along_actors + x * along_targets]
        own_gdp = gdp[b, i]
        # The actor itself (SELF) first, as recipient then as donor; then a named nation
        # that is the actor, likewise.
        receives = recipient_code == _ALWAYS
        gives = not receives and donor_code == _ALWAYS
        if not (receives or gives):
            receives = recipient_code == _WHERE_ACTOR and r == i
            gives = not receives and donor_code == _WHERE_ACTOR and d == i
        if receives:
            for w in range(width):
                out[k, w] = change * (economy[i, w] * 20.0 / own_gdp)
        elif gives:
            share = 6.0 / gdp[b, r]
            if not (share < 0.12 or np.isnan(share)):
                share = 0.12
            for w in range(width):
                out[k, w] = change * (own[b, i, r, w] * share - economy[i, w] * 3.0 / own_gdp)
        else:
            stance = 0.3 * ally[b, i, r] - threat[b, i, r]
            for w in range(width):
                out[k, w] = change * (stance * security[i, w] * 6.0 / gdp[b, r])


def seat_value(
    outlook: Outlook,
    ctx: PairContext,
    at: Callable = every,
    treaty: int = -1,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """(K, W) value to each actor of a seat in a treaty, at the options `at` picks, or
    (B, N, X, W) at every option: the treaty `treaty`, or with -1 the target treaty.
    Worked out at the options alone (`_seat_loop`), which are far fewer than all
    (run, nation, treaty) cells. Written into `out` (K, W) when given."""
    return _seats(outlook, ctx, at, treaty, False, out)


def _seat_values(
    outlook: Outlook,
    effect: CompiledEffect,
    ctx: PairContext,
    at: Callable,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """`seat_value` of the actor joining a treaty (or the opposite, leaving it)."""
    return _seats(outlook, ctx, at, effect.treaty, effect.kind == "leave", out)


def _seats(
    outlook: Outlook,
    ctx: PairContext,
    at: Callable,
    treaty: int,
    leave: bool,
    out: np.ndarray | None,
) -> np.ndarray:
    board, rules = outlook.board, outlook.rules
    state = board.state
    if treaty < 0 and ctx.width != len(rules.treaty_bond):
        raise ValueError("a join or leave names the target, which is not a treaty")
    runs, actors, targets = _options(ctx, at)[:3]
    out = _target(out, len(runs), outlook.width)
    _seat_loop(
        runs,
        actors,
        targets,
        treaty,
        leave,
        outlook.own,
        state.members,
        state.active,
        rules.treaty_against,
        rules.treaty_bond,
        board.threat,
        _per_nation(outlook, SECURITY),
        interests(outlook.width),
        out,
    )
    return out if at is not every else out.reshape(*ctx.shape, outlook.width)


@kernel
def _seat_loop(
    runs: np.ndarray,
    nations: np.ndarray,
    treaties: np.ndarray,
    treaty: int,
    leave: bool,
    own: np.ndarray,
    members: np.ndarray,
    active: np.ndarray,
    against: np.ndarray,
    bond: np.ndarray,
    threat: np.ndarray,
    security: np.ndarray,
    interests: tuple,
    out: np.ndarray,
) -> None:
    """out[k, w]: to nation nations[k] of run runs[k], a seat in treaty treaties[k] (or
    `treaty`, when not -1) is worth the treaty's bond times its ties with the members
    less those with the nations the treaty is aimed against, and a guard against its
    threats among them; the negative of that with `leave`. Each sum adds its nations in
    order; a seat counts 1.0 for an active member, else 0.0."""
    width = len(interests)  # a constant of the compiled loop (`interests`)
    n = threat.shape[1]
    for k in range(len(runs)):
        b, i = runs[k], nations[k]
        t = treaties[k] if treaty < 0 else treaty
        guard = 0.0
        for m in range(n):
            guard += threat[b, i, m] * against[t, m]
        for w in range(width):
            with_members = 0.0
            with_rivals = 0.0
            for m in range(n):
                tie = own[b, i, m, w]
                with_members += tie * (1.0 if members[b, t, m] and active[b, m] else 0.0)
                with_rivals += tie * against[t, m]
            value = 0.04 * bond[t] * (with_members - with_rivals) + (
                0.06 * bond[t] * (guard * security[i, w])
            )
            out[k, w] = -value if leave else value


def reaction_view(unit: np.ndarray, courting: float) -> np.ndarray:
    """How third parties react to a nation courting a target, by their view of the target
    (unit relation k-target): its friends warm as written; its rivals cool `courting`
    times as much (the scenario's `[ai] courting`), so warming to one camp's leader costs
    standing with the other camp in proportion to how hostile the two are."""
    if courting == 1.0:
        return unit
    return np.where(unit < 0.0, courting * unit, unit)


def opinion_table(outlook: Outlook) -> np.ndarray:
    """(B, N, N, W) value to nation i of third parties' reactions to its courting j:
    sum_k own(i, k) * seen(k, j), once a turn (see reaction_view)."""
    if "opinion" not in outlook.cache:
        board = outlook.board
        own = np.moveaxis(outlook.own, 3, 1)  # (B, W, N, N)
        seen = reaction_view(board.unit, board.state.scenario.ai["courting"])
        outlook.cache["opinion"] = np.ascontiguousarray(np.moveaxis(own @ seen[:, None], 1, 3))
    return outlook.cache["opinion"]


def worry_table(outlook: Outlook) -> np.ndarray:
    """(B, N, 1, W) value to nation i of alarming the others, by how far each is from it,
    once a turn."""
    if "worry" not in outlook.cache:
        board = outlook.board
        weights = ((1.0 - board.unit) / 2.0 * board.pair_ok)[..., None]
        outlook.cache["worry"] = (outlook.own * weights).sum(axis=2)[:, :, None, :]
    return outlook.cache["worry"]
