"""Property-based invariants: any seed, policy and sequence of player choices keeps
relations in range and symmetric, stats finite and in range, for a 60-turn run."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import Orders, Simulation
from game.invariants import invariant_problems
from game.phases.events import expected_choices
from tests.conftest import EXAMPLE

_SCENARIO = None


def scenario():
    global _SCENARIO
    if _SCENARIO is None:
        from game import load_scenario

        _SCENARIO = load_scenario(EXAMPLE)
    return _SCENARIO


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**63 - 1),
    policy=st.sampled_from(["historical", "ai", "random"]),
    player=st.sampled_from([None, "PAK", "IND", "USA", "SUN"]),
    choices=st.lists(st.integers(min_value=0, max_value=9), min_size=0, max_size=40),
)
def test_invariants_hold_for_any_seed_and_choices(seed, policy, player, choices):
    sim = Simulation(scenario(), seed=seed, policy=policy, player=player)
    answers = iter(choices)
    for _ in range(60):
        orders = Orders()
        for event_id, _ in expected_choices(sim.state):
            count = len(scenario().events[scenario().event_index[event_id]].options)
            orders.choices[event_id] = next(answers, 0) % count
        report = sim.step(orders)
        assert report.rejected == []
        assert invariant_problems(sim.state) == []


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), policy=st.sampled_from(["ai", "random"]))
def test_same_seed_same_digests(seed, policy):
    one = Simulation(scenario(), seed=seed, policy=policy, record=False)
    two = Simulation(scenario(), seed=seed, policy=policy, record=False)
    for _ in range(30):
        one.step()
        two.step()
        assert one.state.digest() == two.state.digest()
