"""A sanction costs the sanctioner too, in proportion to the market it gives up; the AI
prices that cost, so it keeps embargoes on small economies longer than on large ones; the
economy interest weighs a partner's size against the trade actually done with it.

Named small cases: a three-nation world in which AAA may sanction BIG (a large economy)
or SML (a small one), with everything else held equal between the two cases compared.
"""

from __future__ import annotations

import numpy as np
import pytest

from game import initial_state, load_scenario
from game.calibration.knobs import knobs_of, origin, values_of
from game.diplomacy import legal_orders
from game.diplomacy.board import read_board
from game.diplomacy.rules import compile_diplomacy
from game.diplomacy.value import ECONOMY, make_outlook
from game.phases.economy import growth_rate, market_weight
from game.rules import compile_rules
from tests.diplomacy_world import Nation, World, interests
from tests.test_calibration import CAMPAIGN


def world(economy: str = "", ai: str = "", trade: dict | None = None) -> World:
    """AAA (the largest economy, as a sanctioner must be) dislikes BIG (a large economy) and SML (a small one) alike."""
    extra = (f"[economy]\n{economy}\n" if economy else "") + (f"[ai]\n{ai}\n" if ai else "")
    return World(
        [Nation("AAA", gdp=2000), Nation("BIG", gdp=900), Nation("SML", gdp=10)],
        relations={("AAA", "BIG"): -40, ("AAA", "SML"): -40, ("BIG", "SML"): 0},
        trade=trade or {},
        interests=interests("AAA", economy=1.0),
        extra=extra,
    )


def growth_after(scenario, sanctioned: list[str]) -> float:
    """AAA's growth this year with AAA sanctioning the named nations (no shock)."""
    state = initial_state(scenario, seeds=[0], policy="ai")
    a = scenario.nation_index["AAA"]
    for target in sanctioned:
        state.sanctions[0, a, scenario.nation_index[target]] = True
    growth = growth_rate(state, compile_rules(scenario), np.zeros(state.active.shape))
    return float(growth[0, a])


def test_sanctioning_a_large_economy_costs_the_sanctioner_growth(tmp_path):
    scenario = world().load(tmp_path)
    free = growth_after(scenario, [])
    big = free - growth_after(scenario, ["BIG"])
    small = free - growth_after(scenario, ["SML"])
    state = initial_state(scenario, seeds=[0], policy="ai")
    weight = market_weight(state)[0]
    assert big == pytest.approx(1.0 * weight[scenario.nation_index["BIG"]])  # the default cost
    assert big == pytest.approx(1.0)  # BIG is a third of this world economy: the full cost
    assert 0 < small < big / 20


def test_a_sanctioner_pays_nothing_when_the_scenario_says_so(tmp_path):
    scenario = world(economy="sanction_self_cost = 0.0").load(tmp_path)
    assert growth_after(scenario, ["BIG"]) == growth_after(scenario, [])


def test_the_target_still_loses_the_sanctioners_market(tmp_path):
    scenario = world().load(tmp_path)
    state = initial_state(scenario, seeds=[0], policy="ai")
    rules = compile_rules(scenario)
    big = scenario.nation_index["BIG"]
    before = growth_rate(state, rules, np.zeros(state.active.shape))[0, big]
    state.sanctions[0, scenario.nation_index["AAA"], big] = True
    after = growth_rate(state, rules, np.zeros(state.active.shape))[0, big]
    assert after < before


def utility(scenario, action: str, target: str, sanctioned: bool = False) -> float:
    state = initial_state(scenario, seeds=[0], policy="ai")
    if sanctioned:
        a, t = scenario.nation_index["AAA"], scenario.nation_index[target]
        state.sanctions[0, a, t] = True
    options = legal_orders(state, "AAA", include_illegal=True)
    return next(o for o in options if o.action == action and o.target == target).ai_utility


def test_the_ai_prices_the_growth_a_sanction_forgoes(tmp_path):
    """The same sanction on BIG is worth less when it costs growth, and by more the longer
    the AI expects it to last; lifting it is worth the opposite."""
    free = world(economy="sanction_self_cost = 0.0").load(tmp_path / "free")
    priced = world(ai="sanction_years = 2").load(tmp_path / "priced")
    longer = world(ai="sanction_years = 4").load(tmp_path / "longer")
    costs = [
        utility(free, "sanction", "BIG") - utility(s, "sanction", "BIG") for s in (priced, longer)
    ]
    assert costs[0] > 0
    assert costs[1] == pytest.approx(2 * costs[0])
    gains = [
        utility(s, "lift_sanctions", "BIG", sanctioned=True)
        - utility(free, "lift_sanctions", "BIG", sanctioned=True)
        for s in (priced, longer)
    ]
    assert gains == pytest.approx(costs)


def test_a_small_economy_is_cheap_to_sanction(tmp_path):
    free = world(economy="sanction_self_cost = 0.0").load(tmp_path / "free")
    priced = world().load(tmp_path / "priced")
    big = utility(free, "sanction", "BIG") - utility(priced, "sanction", "BIG")
    small = utility(free, "sanction", "SML") - utility(priced, "sanction", "SML")
    assert 0 < small < big / 20


def economy_value(scenario, target: str) -> float:
    """What 100 points of relation with `target` are worth to AAA's economy interest."""
    state = initial_state(scenario, seeds=[0], policy="ai")
    rules = compile_diplomacy(scenario)
    board = read_board(state, rules, state.year, state.turn)
    outlook = make_outlook(board, rules, explain=True)
    a, t = scenario.nation_index["AAA"], scenario.nation_index[target]
    return float(outlook.own[0, a, t, ECONOMY])


@pytest.mark.parametrize("market, richer_counts_more", [(1.0, True), (0.0, False)])
def test_the_economy_interest_weighs_market_size_against_trade_done(
    tmp_path, market, richer_counts_more
):
    """BIG is rich but AAA trades little with it; SML is poor but AAA's main partner.
    All market: BIG is the prize; no market: the trade decides."""
    scenario = world(ai=f"market = {market}", trade={("AAA", "BIG"): 5, ("AAA", "SML"): 60}).load(
        tmp_path
    )
    big, small = economy_value(scenario, "BIG"), economy_value(scenario, "SML")
    assert (big > small) is richer_counts_more


def test_the_new_tuning_keys_are_fitted_with_their_bounds():
    """calibrate fits the market share in logit coordinates (it stays within 0..1), the
    years a sanction is priced at, and each camp leader's accommodation."""
    knobs = {k.name: k for k in knobs_of(load_scenario(CAMPAIGN))}
    for name in ("ai.market", "ai.sanction_years", "USA.accommodation", "CHN.accommodation"):
        assert name in knobs
    assert knobs["ai.market"].logit and not knobs["ai.sanction_years"].logit
    assert "PAK.accommodation" not in knobs  # only the camp leaders' is fitted
    order = list(knobs.values())
    far = origin(order) + 40.0
    values = values_of(order, far)
    assert 0.0 < values["ai.market"] <= 0.95
    assert values["ai.sanction_years"] == knobs["ai.sanction_years"].high
