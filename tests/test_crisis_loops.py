"""The crisis reckoning's compiled loop against a reference: the same utilities, odds of
yielding and risks, to the bit, at every rung of the ladder and every stance."""

from __future__ import annotations

from pathlib import Path

import numba
import numpy as np
import pytest

from game import initial_state, load_scenario, step
from game.crises import reckon as rk
from game.crises.reckon import ASK_PATRON, BACK, ESCALATE, NOISE, OPTIMISM, RESTRAIN, VERY_BAD

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios/pak_russia_1947.toml"


@numba.njit(error_model="numpy")
def _reference_run(r: int, seat: tuple, ladder: tuple, out: tuple) -> None:
    """`reckon_run` as it was written with two arrays per run (the reference)."""
    levels, military, patron_military, armed, ai_level, sides, stances, _ = seat
    cost, risk, war_risk, top, stakes, terrain, rules = ladder
    utilities, legal, win, war_value, yield_chance = out[0], out[1], out[2], out[3], out[4]
    risk_next, risk_war, risk_nuclear, restrained = out[5], out[6], out[7], out[8]
    backers, first_wins = out[9], out[10]
    share, war_strength, stalemate, war_cost = rules[0], rules[1], rules[2], rules[3]
    nuclear_loss, standing, temperature_rule, mediation_pull = (
        rules[4],
        rules[5],
        rules[6],
        rules[7],
    )
    level = min(max(np.int64(levels[r]), 0), top)
    strength0, strength1 = float(military[r, 0]), float(military[r, 1])
    backers[r, 0] = backers[r, 1] = 0.0
    restrained[r, 0] = restrained[r, 1] = False
    friends0 = friends1 = False  # a patron leaning to the party stays out
    for j in range(sides.shape[1]):
        side, stance = sides[r, j], stances[r, j]
        if stance == BACK:
            if side == 0:
                strength0 += share * patron_military[r, j]
            else:
                strength1 += share * patron_military[r, j]
            backers[r, side] += 1.0
        elif stance == RESTRAIN:
            restrained[r, side] = True
        elif side == 0:
            friends0 = True
        else:
            friends1 = True
    logit = war_strength * np.log(max(strength0, 1e-3) / max(strength1, 1e-3))
    first = 1.0 / (1.0 + np.exp(-(logit - terrain)))
    first_wins[r] = first
    nuclear = max(armed[r, 0], armed[r, 1]) * war_risk
    risk_nuclear[r] = nuclear
    decided = 1.0 - stalemate
    next_level = min(level + 1, top)
    hold_now, hold_next = np.empty(2), np.empty(2)
    for side in range(2):
        judgement = min(max(np.int64(ai_level[r, side]), 0), 2)
        chance = first if side == 0 else 1 - first
        win[r, side] = min(max(chance + OPTIMISM[judgement], 0.0), 1.0)
        war_value[r, side] = (
            stakes * decided * (2 * win[r, side] - 1) - war_cost - nuclear * nuclear_loss
        )
        # Holding at a level: its cost, or the next level by accident.
        for at in (level, next_level):
            beyond = min(at + 1, top)
            after = war_value[r, side] if beyond >= top else -cost[beyond]
            value = (1 - risk[at]) * -cost[at] + risk[at] * after
            if at == level:
                hold_now[side] = value
            if at == next_level:
                hold_next[side] = value
        temperature = temperature_rule * NOISE[judgement]
        back_down = -stakes - standing * backers[r, side] / 2
        gap = (back_down - hold_next[side]) / max(temperature, 1e-6)
        yield_chance[r, side] = 1.0 / (1.0 + np.exp(-min(max(gap, -50.0), 50.0)))
    for side in range(2):
        back_down = -stakes - standing * backers[r, side] / 2
        rival_yields = yield_chance[r, 1 - side]
        if level + 1 >= top:
            escalate = war_value[r, side]
        else:
            escalate = rival_yields * stakes + (1 - rival_yields) * hold_next[side]
        friends = friends0 if side == 0 else friends1
        pull = mediation_pull * stakes * restrained[r, side]
        values = (
            escalate,
            hold_now[side],
            back_down,
            hold_now[side] + 0.25 * stakes * friends,
            -0.5 * stakes - cost[level] + pull,
        )
        for m in range(len(values)):
            ok = not (m == ESCALATE and restrained[r, side]) and not (
                m == ASK_PATRON and not friends
            )
            legal[r, side, m] = ok
            utilities[r, side, m] = values[m] if ok else VERY_BAD
    # The chance of war: by accident from here, or by the escalation of either side.
    risk_next[r] = risk[level]
    edge = risk[level] if level + 1 >= top else risk[level] * risk[next_level]
    risk_war[r] = min(max(edge, 0.0), 1.0)


@numba.njit(error_model="numpy")
def _reference(seat: tuple, ladder: tuple, out: tuple) -> None:
    for r in range(seat[0].shape[0]):
        _reference_run(r, seat, ladder, out)


@pytest.fixture(scope="module")
def midgame():
    scenario = load_scenario(CAMPAIGN)
    state = initial_state(scenario, seeds=np.arange(48), policy="ai")
    for _ in range(12):
        state, _ = step(state)
    return state


def test_the_reckoning_is_the_reference_to_the_bit(midgame) -> None:
    state = midgame
    rng = np.random.default_rng(5)
    checked = 0
    for c in range(len(state.scenario.crises)):
        seat = list(rk.crisis_facts(state, c))
        ladder = rk.ladder_facts(state.scenario, c)
        top = ladder[3]
        # Every rung, every judgement and every patron stance, not only the game's.
        seat[0] = rng.integers(0, top + 2, size=seat[0].shape).astype(seat[0].dtype)
        seat[4] = rng.integers(0, 3, size=seat[4].shape).astype(seat[4].dtype)
        seat[6] = rng.integers(0, 3, size=seat[6].shape).astype(seat[6].dtype)
        seat[1] = seat[1] * rng.choice([0.0, 0.5, 1.0, 3.0], size=seat[1].shape)
        seat = tuple(seat)
        got, expected = rk.empty_reckoning(state.batch), rk.empty_reckoning(state.batch)
        rk._reckon_kernel(seat, ladder, rk.astuple(got))
        _reference(seat, ladder, rk.astuple(expected))
        for name, array in zip([f for f in got.__dataclass_fields__], rk.astuple(got), strict=True):
            assert array.tobytes() == getattr(expected, name).tobytes(), (c, name)
        checked += 1
    assert checked > 0
