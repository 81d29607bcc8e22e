"""Aid is bounded by both sides' economies: a recipient takes at most 5% of its GDP a year
from one donor, and a donor gives one recipient at most a thousandth of its own (a large
programme, as America's to Pakistan in the 1960s was). Without the donor's bound, a large
recipient could ask a rich friend for credits worth a percent of the richer economy."""

from __future__ import annotations

import pytest

from game import initial_state
from game.diplomacy import legal_orders
from tests.diplomacy_world import Nation, World, interests


def option(state, nation: str, action: str, target: str):
    options = legal_orders(state, nation, include_illegal=True)
    return next(o for o in options if o.action == action and o.target == target)


@pytest.mark.parametrize(
    "given, open_",
    [(0.0, True), (0.9, True), (1.0, False), (1.5, False)],
    ids=["none", "below-the-donor-bound", "at-the-donor-bound", "above"],
)
def test_a_donor_gives_one_recipient_at_most_a_thousandth_of_its_gdp(tmp_path, given, open_):
    """RCH (GDP 1,000) and BIG (GDP 200, so 5% of it is 10, far above RCH's bound of 1)."""
    scenario = World(
        [Nation("RCH", gdp=1000), Nation("BIG", gdp=200)],
        relations={("RCH", "BIG"): 40},
        interests=interests("RCH") + interests("BIG"),
    ).load(tmp_path)
    state = initial_state(scenario, seeds=[0], policy="ai")
    rch, big = scenario.nation_index["RCH"], scenario.nation_index["BIG"]
    state.aid[0, rch, big] = given
    assert option(state, "RCH", "give_aid", "BIG").legal is open_
    assert option(state, "BIG", "ask_aid", "RCH").legal is open_
