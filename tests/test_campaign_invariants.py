"""The full campaign keeps every invariant exactly (no rounding allowance), every turn,
under the ai and random policies for a batch of seeds."""

from __future__ import annotations

import pytest

from game import Simulation, load_scenario
from game.invariants import assert_invariants
from tests.conftest import ROOT


@pytest.mark.parametrize("policy", ["ai", "random"])
def test_campaign_invariants_every_turn(policy):
    scenario = load_scenario(ROOT / "scenarios" / "pak_russia_1947.toml")
    sim = Simulation(scenario, seed=list(range(12)), policy=policy, record=False)
    while not sim.done:
        sim.step()
        assert_invariants(sim.state)
