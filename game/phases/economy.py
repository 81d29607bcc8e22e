"""Economy and military: growth, population, defence spending into strength, war and
sanction costs, stability. Vectorised over runs and nations; inactive nations stand still.
"""

from __future__ import annotations

import numpy as np

from game.fields import STAT_HIGH, STAT_INDEX, STAT_LOW
from game.kernels import kernel
from game.phases.blocs import _row_sum
from game.rng import TurnRng
from game.rules import Rules
from game.state import State
from game.turn import Turn

S = STAT_INDEX


def market_weight(state: State) -> np.ndarray:
    """(B, N) how much each nation's market matters to a trading partner, 0..1: four times
    its share of the world's GDP, capped (a quarter of the world economy counts in full)."""
    gdp = np.maximum(state.stats[:, :, S["gdp"]], 1e-6)
    world = np.where(state.active, gdp, 0.0).sum(axis=1, keepdims=True)
    return np.minimum(1.0, 4.0 * gdp / np.maximum(world, 1e-6))


def growth_rate(state: State, rules: Rules, shock: np.ndarray) -> np.ndarray:
    """(B, N) GDP growth this year in %: trend, aid, stability, war and sanctions, shock.

    A sanction hurts both sides, each in proportion to the other's weight in the world
    economy (`market_weight`): the target loses the sanctioner's market, the sanctioner
    forgoes the target's. Cutting off a small economy is cheap; cutting off a large one is
    not, which is why embargoes on great powers have tended to be eased by those who
    imposed them."""
    params = rules.scenario.economy
    knobs = np.array([float(params[name]) for name in _GROWTH_KNOBS])
    return _growth(
        state.stats, state.aid, state.war, state.sanctions, market_weight(state),
        np.ascontiguousarray(shock, dtype=np.float64), knobs, _GROWTH_COLUMNS,
    )  # fmt: skip


_GROWTH_KNOBS = (
    "aid_growth_effect",
    "stability_growth_effect",
    "war_growth_cost",
    "sanction_growth_cost",
    "sanction_self_cost",
    "growth_noise",
)
_GROWTH_COLUMNS = np.array([S["gdp"], S["gdp_growth"], S["stability"]])


@kernel
def _growth(stats, aid, war, sanctions, weight, shock, knobs, columns):
    """(B, N) `growth_rate`, nation by nation: aid received and the sanctions' hit
    summed over the other nations in their order (as numpy sums down a column), the
    sanctioner's forgone market summed along its row in numpy's pairwise order (as
    numpy's `sum` over the last axis), each cost capped at 1, and the terms added in the
    order the rule lists them."""
    runs, n = weight.shape
    out = np.empty((runs, n))
    row = np.empty(n)
    for b in range(runs):
        for i in range(n):
            for k in range(n):
                row[k] = (1.0 if sanctions[b, i, k] else 0.0) * weight[b, k]
            lost = _row_sum(row)
            gdp = stats[b, i, columns[0]]
            gdp = gdp if (gdp >= 1e-6 or np.isnan(gdp)) else 1e-6
            aid_in = aid[b, 0, i]
            hit = (1.0 if sanctions[b, 0, i] else 0.0) * weight[b, 0]
            at_war = war[b, i, 0]
            for k in range(1, n):
                aid_in = aid_in + aid[b, k, i]
                hit = hit + (1.0 if sanctions[b, k, i] else 0.0) * weight[b, k]
                at_war = at_war or war[b, i, k]
            growth = stats[b, i, columns[1]] + knobs[0] * aid_in / gdp
            growth = growth + knobs[1] * (stats[b, i, columns[2]] - 50.0)
            growth = growth - knobs[2] * (1.0 if at_war else 0.0)
            growth = growth - knobs[3] * (1.0 if hit > 1.0 else hit)
            growth = growth - knobs[4] * (1.0 if lost > 1.0 else lost)
            out[b, i] = growth + knobs[5] * shock[b, i]
    return out


def economy_phase(state: State, rules: Rules, rng: TurnRng) -> None:
    """Advance every active nation's economy and forces by one turn (in place).

    Growth (`growth_rate`) and the powers that compound it over the turn's years are numpy
    (their last bits); the rest, stat by stat for each nation, is one compiled pass."""
    params = rules.scenario.economy
    years = rules.scenario.years_per_turn
    n = state.stats.shape[1]
    shock = rng.normal(n)
    stats = state.stats
    growth = growth_rate(state, rules, shock)
    gdp_factor = np.power(np.maximum(1.0 + growth / 100.0, 0.5), years)
    pop_factor = np.power(1.0 + stats[:, :, S["population_growth"]] / 100.0, years)
    keep = float(np.power(1.0 - params["military_depreciation"], years))
    state.stats = _advance(
        stats, state.active, state.war, growth, gdp_factor, pop_factor,
        np.array([float(years), keep, params["stability_recovery"], params["war_stability_cost"]]),
        _COLUMNS, STAT_LOW, STAT_HIGH,
    )  # fmt: skip


# The stat columns `_advance` reads and writes, in its order.
_COLUMNS = np.array(
    [S[name] for name in ("gdp", "population", "military", "defence_share", "stability")]
    + [S["gdp_growth"]]
)
_LARGEST = np.finfo(np.float64).max


@kernel
def _advance(stats, active, war, growth, gdp_factor, pop_factor, knobs, columns, low, high):
    """(B, N, S) the stats after the turn: GDP and population compounded, defence spending
    into the military after depreciation, stability recovering toward 50 (less at war
    with anyone in `war` (B, N, N), more with growth above trend); every stat finite (nan
    0, infinities the largest floats, as numpy's nan_to_num) and within its bounds.
    Inactive nations stand still. `knobs`: years, the military kept after depreciation,
    stability recovery, the stability cost of war."""
    gdp_k, pop_k, mil_k, stab_k = columns[0], columns[1], columns[2], columns[4]
    defence_k, trend_k = columns[3], columns[5]
    years, keep, recovery, war_cost = knobs[0], knobs[1], knobs[2], knobs[3]
    runs, n, count = stats.shape
    out = np.empty_like(stats)
    row = np.empty(count)
    for b in range(runs):
        for i in range(n):
            if not active[b, i]:
                out[b, i, :] = stats[b, i, :]
                continue
            row[:] = stats[b, i, :]
            row[gdp_k] = row[gdp_k] * gdp_factor[b, i]
            row[pop_k] = row[pop_k] * pop_factor[b, i]
            milex = row[gdp_k] * row[defence_k] / 100.0
            row[mil_k] = row[mil_k] * keep + milex * years
            stability = row[stab_k]
            at_war = False
            for k in range(n):
                at_war = at_war or war[b, i, k]
            fighting = war_cost * (1.0 if at_war else 0.0)
            settle = recovery * (50.0 - stability) - fighting
            row[stab_k] = stability + years * (settle + 0.5 * (growth[b, i] - row[trend_k]))
            for k in range(count):
                value = row[k]
                if np.isnan(value):
                    value = 0.0
                elif np.isinf(value):
                    value = _LARGEST if value > 0.0 else -_LARGEST
                value = value if value > low[k] else low[k]
                out[b, i, k] = value if value < high[k] else high[k]
    return out


def run_economy(state: State, turn: Turn) -> None:
    """Pipeline entry: growth, budgets and military."""
    economy_phase(state, turn.rules, turn.rng)
