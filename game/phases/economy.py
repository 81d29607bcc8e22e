"""Economy and military: growth, population, defence spending into strength, war and
sanction costs, stability. Vectorised over runs and nations; inactive nations stand still.
"""

from __future__ import annotations

import numpy as np

from game.fields import STAT_HIGH, STAT_INDEX, STAT_LOW
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
    stats = state.stats
    gdp = np.maximum(stats[:, :, S["gdp"]], 1e-6)
    aid_in = state.aid.sum(axis=1)  # received: sum over donors
    at_war = state.war.any(axis=2)
    weight = market_weight(state)
    sanction_hit = np.minimum(1.0, (state.sanctions * weight[:, :, None]).sum(axis=1))
    forgone = np.minimum(1.0, (state.sanctions * weight[:, None, :]).sum(axis=2))
    return (
        stats[:, :, S["gdp_growth"]]
        + params["aid_growth_effect"] * aid_in / gdp
        + params["stability_growth_effect"] * (stats[:, :, S["stability"]] - 50.0)
        - params["war_growth_cost"] * at_war
        - params["sanction_growth_cost"] * sanction_hit
        - params["sanction_self_cost"] * forgone
        + params["growth_noise"] * shock
    )


def economy_phase(state: State, rules: Rules, rng: TurnRng) -> None:
    """Advance every active nation's economy and forces by one turn (in place)."""
    params = rules.scenario.economy
    years = rules.scenario.years_per_turn
    n = state.stats.shape[1]
    shock = rng.normal(n)
    stats = state.stats.copy()
    growth = growth_rate(state, rules, shock)
    stats[:, :, S["gdp"]] *= np.power(np.maximum(1.0 + growth / 100.0, 0.5), years)
    stats[:, :, S["population"]] *= np.power(
        1.0 + stats[:, :, S["population_growth"]] / 100.0, years
    )
    milex = stats[:, :, S["gdp"]] * stats[:, :, S["defence_share"]] / 100.0
    keep = np.power(1.0 - params["military_depreciation"], years)
    stats[:, :, S["military"]] = stats[:, :, S["military"]] * keep + milex * years
    at_war = state.war.any(axis=2)
    stability = stats[:, :, S["stability"]]
    stability = stability + years * (
        params["stability_recovery"] * (50.0 - stability)
        - params["war_stability_cost"] * at_war
        + 0.5 * (growth - stats[:, :, S["gdp_growth"]])
    )
    stats[:, :, S["stability"]] = stability
    stats = np.clip(np.nan_to_num(stats, nan=0.0), STAT_LOW, STAT_HIGH)
    state.stats = np.where(state.active[:, :, None], stats, state.stats)


def run_economy(state: State, turn: Turn) -> None:
    """Pipeline entry: growth, budgets and military."""
    economy_phase(state, turn.rules, turn.rng)
