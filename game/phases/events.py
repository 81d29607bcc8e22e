"""Events: fire by trigger and chance; the policy proposes each decision.

Every fired event waits for its decision until the next turn's orders phase, for the
player's nation and the AI's alike, so a run where a person answers as the policy would is
identical to one without a person. Random numbers are drawn for all events every turn, so
the streams do not depend on what fired.
"""

from __future__ import annotations

import math

import numpy as np

from game.compile import Context
from game.diplomacy.event_choice import nation_choices
from game.phases.choice import draw_option, normalise_odds
from game.rng import TurnRng
from game.rules import CompiledEvent, Rules
from game.state import State
from game.turn import Turn

BOUND = 2**62  # beyond any year a game reaches


def fire_probability(event_def, compiled: CompiledEvent, ctx: Context, years: float) -> np.ndarray:
    """(B,) chance that the event fires this turn, from chance or mean time to happen."""
    if event_def.mtth is not None:
        mtth = np.full(ctx.batch, float(event_def.mtth))
        for factor, condition in compiled.modifiers:
            mtth = np.where(condition(ctx), mtth * factor, mtth)
        return np.where(mtth > 0, -np.expm1(-years / np.maximum(mtth, 1e-9)), 1.0)
    chance = 1.0 if event_def.chance is None else float(event_def.chance)
    p = np.full(ctx.batch, chance)
    for factor, condition in compiled.modifiers:
        p = np.where(condition(ctx), np.minimum(1.0, p * factor), p)
    return p


def policy_choice(
    state: State, compiled: CompiledEvent, historical: int, draw: np.ndarray, ctx: Context
) -> np.ndarray:
    """(B,) option index the state's policy picks for this event."""
    count = len(compiled.weights)
    if state.policy == "historical":
        return np.full(state.batch, historical, dtype=np.int8)
    if state.policy == "random":
        return np.minimum((draw * count).astype(np.int8), count - 1)
    return draw_option(weight_shares(compiled, ctx), draw)


def weight_shares(compiled: CompiledEvent, ctx: Context) -> np.ndarray:
    """(B, K) each option's share of the event's ai_weights (negative ones count as 0;
    equal shares when all are 0)."""
    return normalise_odds(np.maximum(np.stack([w(ctx) for w in compiled.weights], axis=1), 0.0))


def events_phase(
    state: State, rules: Rules, rng: TurnRng, ctx: Context, boards: list | None = None
) -> np.ndarray:
    """Fire events; return (B, E) bool of those fired this turn. `boards`: the diplomacy
    phase's start-of-turn boards, on which the AI weighs its answers."""
    scenario = rules.scenario
    e_count = len(scenario.events)
    year = ctx.year
    # One fire draw and one choice draw per event are reserved every turn; only events in
    # their year window are computed (the same numbers a full draw gives there).
    live, column = _in_window(rules, year)
    fire_start, choice_start = rng.reserve(e_count), rng.reserve(e_count)
    fire_draw = rng.uniform_at(fire_start, live)
    choice_draw = rng.uniform_at(choice_start, live)
    fired = np.zeros((state.batch, e_count), dtype=bool)
    years = scenario.years_per_turn
    # Under the ai policy a nation's events are answered by its utility AI, all at once.
    by_nation: dict[int, np.ndarray] | None = {} if state.policy == "ai" else None
    shares: dict[int, np.ndarray] = {}
    for e in live.tolist():
        event, compiled = scenario.events[e], rules.events[e]
        candidate = ~state.pending[:, e]
        if event.once:
            candidate &= state.fired_count[:, e] == 0
        elif event.cooldown:
            last_turn = state.last_fired[:, e]
            candidate &= (last_turn < 0) | ((ctx.turn - last_turn) * years >= event.cooldown)
        if compiled.nation >= 0:
            candidate &= state.active[:, compiled.nation]
        if not candidate.any():
            continue
        if compiled.trigger is not None:
            candidate &= compiled.trigger(ctx)
        p = np.where(state.queued[:, e], 1.0, fire_probability(event, compiled, ctx, years))
        fire = candidate & (fire_draw[:, column[e]] < p)
        state.queued[:, e] &= ~candidate
        if not fire.any():
            continue
        fired[:, e] = fire
        if by_nation is not None and compiled.nation >= 0:
            by_nation[e] = fire  # answered below, once every event of the turn has fired
            shares[e] = weight_shares(compiled, ctx)
        else:
            _propose(
                state,
                e,
                fire,
                policy_choice(
                    state, compiled, int(rules.historical[e]), choice_draw[:, column[e]], ctx
                ),
            )
        state.fired_count[:, e] += fire
        state.last_fired[:, e] = np.where(fire, ctx.turn, state.last_fired[:, e])
    if by_nation:
        draws = {e: choice_draw[:, column[e]] for e in by_nation}
        answers = nation_choices(state, year, ctx.turn, by_nation, shares, draws, boards)
        for e, choice in answers.items():
            _propose(state, e, by_nation[e], choice)
    return fired


def _propose(state: State, e: int, fire: np.ndarray, choice: np.ndarray) -> None:
    """Event e waits for its decision where it fired; a forced option overrides the policy."""
    choice = np.where(state.forced[:, e] >= 0, state.forced[:, e], choice).astype(np.int8)
    state.pending[:, e] |= fire
    state.proposed[:, e] = np.where(fire, choice, state.proposed[:, e])


def _in_window(rules: Rules, year: int) -> tuple[np.ndarray, dict[int, int]]:
    """The events whose year window holds `year`, and each one's column among them
    (computed once per scenario and year, from the windows read once per scenario)."""
    key = ("events in window", year)
    found = rules.memo.get(key)
    if found is None:
        windows = rules.memo.get("event windows")
        if windows is None:
            # Clamped into int64 (a file may write any integer); the game's years lie within.
            years = [
                [min(max(y, -BOUND), BOUND) for y in event.years] for event in rules.scenario.events
            ]
            windows = rules.memo["event windows"] = np.array(years, dtype=np.int64).reshape(-1, 2)
        live = np.flatnonzero((windows[:, 0] <= year) & (year <= windows[:, 1]))
        found = rules.memo[key] = (live, {e: k for k, e in enumerate(live.tolist())})
    return found


def decide_pending(
    state: State, rules: Rules, ctx: Context, choices: dict[str, int | np.ndarray]
) -> np.ndarray:
    """Apply the decisions of pending events: `choices` for the player's, the policy's for
    the rest. Returns (B, E) int8 of options applied (-1 where nothing was decided)."""
    scenario = rules.scenario
    applied = np.full(state.pending.shape, -1, dtype=np.int8)
    for e in np.flatnonzero(state.pending.any(axis=0)):
        event = scenario.events[e]
        compiled = rules.events[e]
        mask = state.pending[:, e].copy()
        choice = state.proposed[:, e].copy()
        if event.id in choices and compiled.nation >= 0 and compiled.nation == state.player:
            wanted = np.broadcast_to(np.asarray(choices[event.id]), choice.shape)
            choice = np.where((wanted >= 0) & (wanted < len(event.options)), wanted, choice).astype(
                np.int8
            )
        state.pending[:, e] = False
        for k, effects in enumerate(compiled.effects):
            take = mask & (choice == k)
            if not take.any():
                continue
            for apply in effects:
                apply(ctx, take)
        applied[:, e] = np.where(mask, choice, -1)
        state.last_choice[:, e] = np.where(mask, choice, state.last_choice[:, e])
        state.choices_made += mask
        state.historical_choices += (
            mask & (choice == rules.historical[e]) & any(o.historical for o in event.options)
        )
    return applied


def expected_choices(state: State) -> list[tuple[str, int]]:
    """Pending events of run 0 that the player must answer: (event id, proposed option)."""
    scenario = state.scenario
    out = []
    for e in np.flatnonzero(state.pending[0]):
        event = scenario.events[e]
        if event.nation is not None and scenario.nation_index[event.nation] == state.player:
            out.append((event.id, int(state.proposed[0, e])))
    return out


def mtth_to_chance(mtth: float, years: float = 1.0) -> float:
    """Chance per turn of an event with the given mean time to happen (for docs and tests)."""
    return -math.expm1(-years / mtth)


def run_decisions(state: State, turn: Turn) -> None:
    """Pipeline entry: apply last turn's pending decisions (the player's checked answers)."""
    turn.decided = decide_pending(state, turn.rules, turn.ctx, turn.choices)


def run_events(state: State, turn: Turn) -> None:
    """Pipeline entry: fire this turn's events; they are decided next turn."""
    turn.fired = events_phase(state, turn.rules, turn.rng, turn.ctx, turn.boards)
