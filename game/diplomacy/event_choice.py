"""The utility AI answers events: the deciding nation weighs each option's effects.

Under the `ai` policy an event that names a deciding nation is answered by that nation's
AI, with the interests and personality that choose its diplomatic actions. It is a logit
(quantal response) choice, the standard model of a decision maker who mostly, not always,
takes the best option:

    P(option) ∝ share of the scenario's ai_weight × exp(utility / temperature)
    utility   = value of the option's effects to the nation (game.diplomacy.value)

So the designer's `ai_weight` is the prior (weight 0: never taken) and the nation's
interests tilt it: an option worth 0.6 more to a nation of normal difficulty is e ≈ 2.7
times likelier. Difficulty sets the temperature: a hard AI nearly always takes its best
option, an easy one often does not. Effects the AI cannot weigh (a successor emerging, an
event queued) count as nothing. Events without a deciding nation are acts of the world,
not choices: they keep picking in proportion to `ai_weight`.

Options are valued on the turn's start-of-turn board, the one the diplomacy phase read
for the actions (kept for this, see `StartBoard`), so a turn reads the board once; the
answers take effect next turn in any case. Only the deciding nation's row of it is valued
(`NationRow`): the same numbers there as valuing every nation, for a twelfth of the
work. The choice uses the event's own random draw of the turn, so a run's answers never
depend on the batch around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np

from game import expr
from game.compile import Compiler
from game.diplomacy.board import Board, read_board
from game.diplomacy.picks import every
from game.diplomacy.roles import CompiledEffect, PairContext, role_compiler
from game.diplomacy.rules import COMPONENTS, DiplomacyRules, compile_diplomacy
from game.diplomacy.value import (
    STABILITY,
    Outlook,
    effect_value,
    make_outlook,
    relation_value,
    seat_value,
)
from game.phases.choice import PAIRWISE, draw_option, normalise_odds
from game.scenario import Scenario
from game.state import ARRAY_FIELDS, State

# Utility worth a factor e in the odds, by difficulty level: easy, normal, hard. The
# scenario's `[ai] temperature` rescales all three (it is the normal level's).
TEMPERATURE = np.array([1.5, 0.6, 0.25])
WAR_RELATION = 40.0  # a war is weighed like this many relation points lost between the two
WAR_STABILITY = 0.5  # and, for those who fight it, this much of their stability interest
UNWEIGHED = ("emerge", "queue", "open_crisis", "cede")


@dataclass(frozen=True)
class EventValues:
    """One event's options as the AI weighs them: effects per option (None: unweighed)."""

    nation: int
    options: tuple[tuple[CompiledEffect, ...], ...]
    motives: tuple[np.ndarray, ...] = ()  # per option, (C,) amount of each interest


# The state arrays the valuation reads (the board, the outlook, effect amounts) that a turn
# may change in place before the events phase are copied for the start-of-turn board. The
# arrays named here (seeds and per-run settings, event bookkeeping) are shared with the
# live state instead, and an effect amount that reads one sees it as it stands, as before
# the board was kept. Any other array field, a new one included, is copied: safe by default.
SHARED_WITH_LIVE = frozenset(
    ("seeds", "owner", "ai_level", "ai_script", "action_last", "objective_turns")
    + ("fired_count", "last_fired", "last_choice", "pending", "proposed", "queued")
    + ("emerged", "emerge_request", "historical_choices", "choices_made", "forced")
)
FROZEN = tuple(name for name in ARRAY_FIELDS if name not in SHARED_WITH_LIVE)


class NationRow:
    """Reads arrays broadcastable to (B, N, 1), or (B, N, 1, W), at one nation: (B,) or
    (B, W) arrays, or (1,) and (1, W) for values the same in every run. It is a picker of
    game.diplomacy.picks (`effect_value(..., at)`): elementwise arithmetic on the rows gives
    the full arrays' numbers there, bit for bit, on a twelfth of the cells. An event is
    answered by one nation in most runs of a batch, so its row is read whole, as a view."""

    def __init__(self, batch: int, nation: int, nations: int) -> None:
        self.batch = batch
        self.nation = nation
        # Relation values between two nations (game.diplomacy.value.relation_value), which
        # the options of a turn's events name again and again, are worked out once.
        self.memo: dict = {}
        # (runs, actors, targets, flat position) of the row's cells in a (B, N, 1) context,
        # as LegalOptions.options lists its options: the compiled valuation reads there.
        runs = np.arange(batch, dtype=np.int64)
        self.options = (
            runs,
            np.full(batch, nation, dtype=np.int64),
            np.zeros(batch, dtype=np.int64),
            runs * nations + nation,
        )

    def __len__(self) -> int:
        return self.batch

    def __call__(self, values: np.ndarray | float) -> np.ndarray:
        if not isinstance(values, np.ndarray):
            values = np.asarray(values)
        if values.ndim < 3:  # a scalar, or trailing axes only: the same for every nation
            return values
        return values[:, self.nation if values.shape[1] > 1 else 0, 0]


@dataclass
class StartBoard:
    """The start-of-turn board of the runs lo:hi of a batch, on a frozen copy of the state
    arrays it reads (later phases change the state in place), with the AI's outlook of it."""

    lo: int
    hi: int
    board: Board
    outlook: Outlook | None = None  # one interest column (explain=False); made when first asked
    rows: dict[int, NationRow] = field(default_factory=dict)  # each answering nation's

    def view(self, rules: DiplomacyRules) -> Outlook:
        if self.outlook is None:
            self.outlook = make_outlook(self.board, rules, explain=False)
        return self.outlook

    def settle(self, live: State) -> None:
        """Make the board's state its own once the diplomacy phase has changed `live`: a
        board kept with `share=True` holds the live arrays themselves, and the phase puts
        what it changes into new arrays, so only the arrays the live state still holds (and
        any view, whose base another may write) are copied now, the same values a copy
        taken when the board was kept would hold."""
        frozen = self.board.state
        held = set()
        for name in ARRAY_FIELDS:
            array = getattr(live, name)
            held.add(id(array))
            if isinstance(array.base, np.ndarray):
                held.add(id(array.base))
        for name in FROZEN:
            array = getattr(frozen, name)
            # A compiled loop's result has a base too (its memory's owner), not an array.
            if isinstance(array.base, np.ndarray) or id(array) in held:
                setattr(frozen, name, array.copy())

    def row(self, nation: int) -> NationRow:
        """The picker of one nation's cells, shared by all its answers of the turn."""
        if nation not in self.rows:
            self.rows[nation] = NationRow(
                self.board.batch, nation, self.board.state.active.shape[1]
            )
        return self.rows[nation]


def keep_board(
    state: State,
    rules: DiplomacyRules,
    year: int,
    turn: int,
    lo: int = 0,
    board: Board | None = None,
    outlook: Outlook | None = None,
    share: bool = False,
) -> StartBoard:
    """The start-of-turn board of `state` (runs lo:lo + batch of the whole) for the event
    answers: `board` and `outlook` (the diplomacy AI's, read on this very state) are
    reused, else read. Only an outlook of one interest column is reused: the answers sum
    the interests before weighing, alone or in a batch, so a run answers alike in both.

    The state arrays it reads are copied, unless `share` (with `board` given): then the
    board holds the state's own arrays until `StartBoard.settle` is called, which the
    caller must do before anything changes one of them in place. The diplomacy phase
    replaces the arrays it changes, so it settles after its actions are resolved and
    copies only the arrays nothing replaced."""
    if share and board is not None:
        frozen = replace(state)
    else:
        frozen = replace(state, **{name: getattr(state, name).copy() for name in FROZEN})
    if board is None:
        return StartBoard(lo, lo + state.batch, read_board(frozen, rules, year, turn))
    # Their caches are copied, not shared: what the live board works out once the state
    # has changed must not reach this one.
    board = replace(board, state=frozen, cache=dict(board.cache))
    if outlook is not None and not outlook.explain and outlook.width == 1:
        outlook = replace(outlook, board=board, cache=dict(outlook.cache))
    else:
        outlook = None
    return StartBoard(lo, lo + state.batch, board, outlook)


@cache
def compile_event_values(scenario: Scenario) -> tuple[EventValues | None, ...]:
    """Per event, its options' effects in the diplomacy AI's terms; None for world events."""
    index = scenario.nation_index
    compiler = role_compiler(scenario, "none")
    out: list[EventValues | None] = []
    for event in scenario.events:
        if event.nation is None:
            out.append(None)
            continue
        out.append(
            EventValues(
                nation=index[event.nation],
                motives=tuple(_motive_vector(option.motives) for option in event.options),
                options=tuple(
                    tuple(
                        done
                        for effect in option.effects
                        if (done := as_change(effect, compiler, scenario)) is not None
                    )
                    for option in event.options
                ),
            )
        )
    return tuple(out)


def _motive_vector(motives: tuple[tuple[str, float], ...]) -> np.ndarray:
    vector = np.zeros(len(COMPONENTS))
    for name, amount in motives:
        vector[COMPONENTS.index(name)] = amount
    return vector


def as_change(
    effect: expr.Effect, compiler: Compiler[CompiledEffect], scenario: Scenario
) -> CompiledEffect | None:
    """An event effect as the change it makes: `x = v` adds v - x, `x *= v` adds x(v - 1)."""
    target = effect.target
    if effect.op == "call":
        name = target.name
        if name in UNWEIGHED:
            return None
        if name in ("start_treaty", "end_treaty"):
            t = scenario.treaty_index[target.args[0].name]
            return CompiledEffect(name, treaty=t, text=effect.text)
        return compiler.effect(effect)
    if effect.op in ("+=", "-="):
        return compiler.effect(effect)
    if effect.op == "=":
        change = expr.Binary(effect.value.column, "-", effect.value, target)
    else:  # "*="
        one = expr.Number(effect.value.column, 1.0)
        change = expr.Binary(
            effect.value.column,
            "*",
            target,
            expr.Binary(effect.value.column, "-", effect.value, one),
        )
    return compiler.effect(expr.Effect("+=", target, change, effect.text))


def change_value(
    outlook: Outlook, effect: CompiledEffect, ctx: PairContext, at: Callable = every
) -> np.ndarray:
    """(B, N, 1, W) value of one change to every nation, or (K, W) at the cells `at` picks
    (game.diplomacy.picks; the answers use a `NationRow`), bit for bit the same; wars and
    treaties coming into force or ending are weighed here, the rest as the diplomacy AI
    weighs action effects."""
    state = outlook.board.state
    if effect.kind == "war":
        at_peace = at(~state.war[:, effect.first.index, effect.second.index][:, None, None])
        involved = at(
            np.asarray(np.logical_or(effect.first.is_actor(ctx), effect.second.is_actor(ctx)))
        )[..., None]
        loss = WAR_RELATION / 100.0 * relation_value(outlook, effect.first, effect.second, ctx, at)
        cost = WAR_STABILITY * at(outlook.weight(STABILITY))
        return -(loss + involved * cost) * at_peace[..., None]
    if effect.kind in ("start_treaty", "end_treaty"):
        t = effect.treaty
        seat = at((state.members[:, t, :] & state.active)[:, :, None])  # (B, N, 1) or (K,)
        worth = seat_value(outlook, ctx, at, t) * seat[..., None]  # (B, N, 1, W) or (K, W)
        sign = 1.0 if effect.kind == "start_treaty" else -1.0
        return sign * worth
    return effect_value(outlook, effect, ctx, at)


def nation_choices(
    state: State,
    year: int,
    turn: int,
    fired: dict[int, np.ndarray],
    shares: dict[int, np.ndarray],
    draws: dict[int, np.ndarray],
    boards: list[StartBoard] | None = None,
) -> dict[int, np.ndarray]:
    """The AI's option for each fired nation event: {event: (B,) int8, valid where fired}.

    Per event index: `fired` its (B,) mask, `shares` its (B, K) ai_weight shares, `draws`
    its (B,) uniform draw of the turn. `boards`: the diplomacy phase's start-of-turn boards
    covering the batch (the engine passes them); without them the board is read from
    `state` as it stands.
    """
    values = compile_event_values(state.scenario)
    wanted = {e: mask for e, mask in fired.items() if values[e] is not None and mask.any()}
    if not wanted:
        return {}
    rules = compile_diplomacy(state.scenario)
    if not boards:
        boards = [keep_board(state, rules, year, turn)]
    tuning = state.scenario.ai
    temperature = TEMPERATURE * (tuning["temperature"] / TEMPERATURE[1])
    level = np.clip(state.ai_level, 0, len(TEMPERATURE) - 1).astype(np.int64)
    out = {e: np.zeros(state.batch, dtype=np.int8) for e in wanted}
    for kept in boards:
        span = slice(kept.lo, kept.hi)
        asked = {e: mask[span] for e, mask in wanted.items() if mask[span].any()}
        if not asked:
            continue
        board = kept.board
        outlook = kept.view(rules)
        ctx = PairContext(board.state, year, turn, 1, derived_stats=board.cache["derived"])
        for e, mask in asked.items():
            i = values[e].nation
            at = kept.row(i)  # only the deciding nation's cells are valued
            utility = np.stack(
                [_option_value(outlook, effects, ctx, at) for effects in values[e].options],
                axis=1,
            )  # (b, options)
            # The runs where it fired, as a slice when it fired in all of them (the rows
            # are then read as they are, not gathered).
            runs = np.flatnonzero(mask)
            whole = len(runs) == len(mask)
            here = span if whole else runs + kept.lo
            if not whole:
                utility = utility[runs]
            utility = utility + motive_values(values[e], rules.weights[i])
            out[e][here] = logit_choice(
                utility,
                prior_shares(shares[e][here], tuning["prior"]),
                temperature[level[here, i]],
                draws[e][here],
            )
    return out


def prior_shares(share: np.ndarray, prior: float) -> np.ndarray:
    """The designer's odds raised to the scenario's `[ai] prior`: 1 takes them as written,
    0 ignores them (every allowed option alike), 2 squares them. Forbidden options (share
    0) stay forbidden."""
    if prior == 1.0:
        return share
    return np.where(share > 0, np.power(np.maximum(share, 1e-300), prior), 0.0)


def motive_values(values: EventValues, weights: np.ndarray) -> np.ndarray:
    """(K,) what each option's motives are worth to the deciding nation: the amount of
    each interest times the nation's weight of it."""
    return np.array([float(m @ weights) for m in values.motives])


def logit_choice(
    utility: np.ndarray, share: np.ndarray, temperature: np.ndarray, draw: np.ndarray
) -> np.ndarray:
    """(B,) option drawn with P ∝ share × exp(utility / temperature), by one uniform draw."""
    scaled = utility / temperature[:, None]
    allowed = share > 0
    scaled = np.where(allowed, scaled, -np.inf)
    top = row_max(scaled)[:, None]
    odds = np.where(allowed, share * np.exp(scaled - np.where(np.isfinite(top), top, 0.0)), 0.0)
    return draw_option(normalise_odds(odds), draw)


def row_max(values: np.ndarray) -> np.ndarray:
    """(B,) largest of each row of (B, K) `values`, column by column (a reduction along
    rows of a handful of options costs more than the comparisons). NaN spreads as in
    `max`; a row's -0.0 against 0.0 may come out either way, which `logit_choice` cannot
    tell apart: exp(x - top) is the same for both."""
    if values.shape[1] >= PAIRWISE or values.shape[1] == 0:
        return values.max(axis=1)
    top = values[:, 0]
    for k in range(1, values.shape[1]):
        top = np.maximum(top, values[:, k])
    return top


def _option_value(
    outlook: Outlook, effects: tuple[CompiledEffect, ...], ctx: PairContext, at: NationRow
) -> np.ndarray:
    """(b,) value of one option's effects to the nation `at` picks, summed effect by effect."""
    total = np.zeros(len(at))
    for effect in effects:
        value = change_value(outlook, effect, ctx, at)  # (K, W), or broadcastable to it
        # A single interest column (explain=False) is read as it is: its sum differs only
        # for -0.0, which adds to total (never -0.0, as it starts at +0.0) exactly as 0.0 does.
        part = value[..., 0] if outlook.width == 1 else value.sum(axis=-1)
        total = total + part
    return total
