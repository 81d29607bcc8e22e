"""The turn engine: determinism, batch equals single, orders, events, succession, treaties."""

from __future__ import annotations

import json

import numpy as np
import pytest

from game import Orders, Simulation, initial_state, load_scenario, step
from game.invariants import assert_invariants
from game.phases.events import expected_choices, mtth_to_chance
from game.scenario import STAT_INDEX
from game.state import IN_FORCE
from tests.conftest import TINY


def run_json(scenario, seed: int, policy: str = "historical") -> str:
    return json.dumps(
        Simulation(scenario, seed=seed, policy=policy).run().to_json(), sort_keys=True
    )


@pytest.mark.parametrize("policy", ["historical", "ai", "random"])
def test_same_seed_gives_identical_json(example, policy):
    assert run_json(example, 11, policy) == run_json(example, 11, policy)


def test_different_seeds_differ(example):
    assert run_json(example, 1) != run_json(example, 2)


def test_step_leaves_input_state_unchanged(example):
    state = initial_state(example, seeds=5)
    before = state.digest()
    step(state)
    assert state.digest() == before


@pytest.mark.parametrize("policy", ["historical", "ai", "random"])
def test_batch_run_equals_each_seed_alone(example, policy):
    seeds = [3, 17, 29, 101]
    batch = initial_state(example, seeds=seeds, policy=policy)
    singles = [initial_state(example, seeds=s, policy=policy) for s in seeds]
    for _ in range(40):
        batch, _ = step(batch)
        singles = [step(s)[0] for s in singles]
        for k, single in enumerate(singles):
            assert batch.run(k).digest() == single.digest()


def test_invariants_hold_every_turn_for_every_policy(example):
    for policy in ("historical", "ai", "random"):
        state = initial_state(example, seeds=np.arange(8), policy=policy)
        while not state.done:
            state, _ = step(state)
            assert_invariants(state)


def test_player_answers_pending_events(example):
    sim = Simulation(example, seed=1, player="PAK")
    asked: list[str] = []
    while not sim.done and sim.year <= 1956:
        orders = Orders()
        for event_id, _ in expected_choices(sim.state):
            asked.append(event_id)
            if event_id == "seato_offer":
                orders.choices[event_id] = 1  # stay out
        report = sim.step(orders)
        assert report.rejected == []
    assert "seato_offer" in asked
    seato = example.treaty_index["SEATO"]
    assert not sim.state.members[0, seato, example.nation_index["PAK"]]
    assert sim.state.last_choice[0, example.event_index["seato_offer"]] == 1


def test_player_answer_equal_to_policy_gives_the_same_game(example):
    with_player = Simulation(example, seed=4, player="PAK").run()
    without = Simulation(example, seed=4).run()
    assert with_player.state.relations.tobytes() == without.state.relations.tobytes()


def test_illegal_orders_are_reported_not_raised(example):
    sim = Simulation(example, seed=1, player="PAK")
    report = sim.step(Orders(choices={"no_such_event": 0, "seato_offer": 0}))
    assert any("no event 'no_such_event'" in r for r in report.rejected)
    assert any("not waiting for the player's decision" in r for r in report.rejected)


def test_forced_choice_changes_what_comes_later(example):
    history = Simulation(example, seed=2).run(1995)
    stayed_out = Simulation(example, seed=2, forced={"afghan_war": "stay_out"}).run(1995)
    pak, sun = example.nation_index["PAK"], example.nation_index["SUN"]
    assert stayed_out.state.relations[0, pak, sun] != history.state.relations[0, pak, sun]
    jihad = example.flag_index["afghan_jihad"]
    assert history.state.flags[0, jihad] and not stayed_out.state.flags[0, jihad]
    drain = example.event_index["soviet_drain"]
    seeds = list(range(40))
    many = Simulation(example, seed=seeds, record=False).run(1995)
    many_out = Simulation(example, seed=seeds, forced={"afghan_war": "stay_out"}, record=False)
    many_out.run(1995)
    assert many.state.fired_count[:, drain].mean() > 0.7
    assert many_out.state.fired_count[:, drain].sum() == 0


def test_forced_choice_validation(example):
    with pytest.raises(ValueError, match="has options"):
        Simulation(example, forced={"afghan_war": "surrender"})
    with pytest.raises(ValueError, match="unknown event"):
        Simulation(example, forced={"nothing": "x"})


def test_succession_moves_territory_stats_relations_and_treaties(example):
    sim = Simulation(example, seed=0)
    sun, rus = example.nation_index["SUN"], example.nation_index["RUS"]
    while not sim.done and not sim.state.active[0, rus]:
        before = sim.state.copy()
        sim.step()
    state = sim.state
    assert not state.active[0, sun] and state.active[0, rus]
    assert state.emerged[0, rus]
    pop = before.stats[0, sun, 0]
    assert state.stats[0, rus, 0] == pytest.approx(0.51 * pop, rel=0.05)
    region = example.regions.index("RUS")
    assert state.owner[0, region] == rus
    assert state.owner[0, example.regions.index("KAZ")] == sun  # not listed for Russia
    ind = example.nation_index["IND"]
    assert state.relations[0, rus, ind] == pytest.approx(
        0.9 * before.relations[0, sun, ind], abs=15
    )
    sco = example.treaty_index["SCO"]
    assert state.members[0, sco, rus]  # declared member, takes its seat on emerging
    assert not state.members[0, :, sun].any()
    assert_invariants(state)


def test_continuing_predecessor_keeps_its_share(write_scenario):
    text = (
        TINY
        + """
[[nations]]
id = "CCC"
name = "Cland"
color = "#778899"
capital = [12.0, 10.0]
[nations.stats]
gdp_growth = 3
defence_share = 1
[nations.emerges]
from = "AAA"
when = "year >= 2003"
population_share = 0.4
gdp_share = 0.25
military_share = 0.1
"""
    )
    scenario = load_scenario(write_scenario(text))
    sim = Simulation(scenario, seed=0).run(2002)
    assert not sim.state.active[0, 2]
    sim.run(2003)
    after = sim.state.stats[0]
    assert sim.state.active[0].tolist() == [True, True, True]
    for name, share in (("population", 0.4), ("gdp", 0.25)):
        k = STAT_INDEX[name]
        assert after[2, k] / (after[0, k] + after[2, k]) == pytest.approx(share)


def test_successors_of_one_predecessor_in_one_turn_split_it_as_it_stood(write_scenario):
    """Two successors of a continuing predecessor emerging in the same turn both take their
    shares of its stats and relations as they stood before either emerged: the first
    one's share does not shrink the second's, whatever their order in the file."""
    successor = """
[[nations]]
id = "{id}"
name = "{id} land"
color = "#778899"
capital = [12.0, 10.0]
[nations.stats]
gdp_growth = 3
defence_share = 1
[nations.emerges]
from = "AAA"
when = "year >= 2003"
population_share = 0.25
gdp_share = 0.25
military_share = 0.25
relations_share = 0.5
"""
    text = TINY + successor.format(id="CCC") + successor.format(id="DDD")
    scenario = load_scenario(write_scenario(text))
    sim = Simulation(scenario, seed=0).run(2002)
    ties_before = sim.state.relations[0, 0].copy()  # AAA's row
    sim.run(2003)
    state = sim.state
    assert state.active[0].tolist() == [True, True, True, True]
    for name in ("population", "gdp", "military"):
        k = STAT_INDEX[name]
        assert state.stats[0, 2, k] == state.stats[0, 3, k]
        assert state.stats[0, 0, k] == pytest.approx(2.0 * state.stats[0, 2, k])
    assert state.relations[0, 3, 2] == 0.5 * ties_before[2]  # DDD's tie with CCC
    assert state.relations[0, 2, 1] == state.relations[0, 3, 1]  # both with BBB


def test_treaty_schedule_and_bond(example):
    sim = Simulation(example, seed=0).run(1953)
    seato = example.treaty_index["SEATO"]
    assert sim.state.treaty_status[0, seato] == 0
    sim.run(1954)
    assert sim.state.treaty_status[0, seato] == IN_FORCE
    sim.run(1977)
    assert sim.state.treaty_status[0, seato] == 2


def test_mtth_probability():
    assert mtth_to_chance(1.0) == pytest.approx(1 - np.exp(-1))
    assert mtth_to_chance(10.0) < mtth_to_chance(2.0)


def test_chance_event_fires_at_its_rate(write_scenario):
    text = (
        TINY
        + """
[[events]]
id = "coin"
title = "A coin"
text = "Heads."
years = [2000, 2000]
chance = 0.3
[[events.options]]
id = "ok"
label = "OK"
"""
    )
    scenario = load_scenario(write_scenario(text))
    state = initial_state(scenario, seeds=np.arange(4000))
    state, report = step(state)
    share = report.fired[:, 0].mean()
    assert abs(share - 0.3) < 4 * np.sqrt(0.3 * 0.7 / 4000)


def test_ai_policy_follows_weights(write_scenario):
    text = (
        TINY
        + """
[[events]]
id = "pick"
title = "Pick"
text = "Pick one."
years = [2000, 2000]
[[events.options]]
id = "often"
label = "Often"
ai_weight = 3
[[events.options]]
id = "rarely"
label = "Rarely"
ai_weight = "2 * 0 + 1"
"""
    )
    scenario = load_scenario(write_scenario(text))
    state = initial_state(scenario, seeds=np.arange(4000), policy="ai")
    state, _ = step(state)
    share = (state.proposed[:, 0] == 0).mean()
    assert abs(share - 0.75) < 0.03


def test_turn_after_end_is_refused(write_scenario):
    scenario = load_scenario(write_scenario(TINY))
    state = initial_state(scenario)
    while not state.done:
        state, _ = step(state)
    with pytest.raises(ValueError, match="no turns are left"):
        step(state)


def test_setup_effects_shape_the_starting_state(write_scenario):
    text = TINY.replace(
        "end_year = 2010",
        'end_year = 2010\nsetup = ["sanction(AAA, BBB)", "start_treaty(PACT)", "join(PACT, BBB)",'
        ' "set_flag(ready)", "relation(AAA, BBB) = -40"]',
    )
    text += '\n[[treaties]]\nid = "PACT"\nname = "Pact"\nmembers = ["AAA"]\n'
    scenario = load_scenario(write_scenario(text))
    state = initial_state(scenario, seeds=[1, 2])
    assert state.sanctions[:, 0, 1].all() and not state.sanctions[:, 1, 0].any()
    assert (state.treaty_status[:, 0] == IN_FORCE).all() and state.members[:, 0].all()
    assert state.flags[:, scenario.flag_index["ready"]].all()
    assert (state.relations[:, 0, 1] == -40).all() and (state.relations[:, 1, 0] == -40).all()
    assert_invariants(state)


def test_successor_can_start_at_an_explicit_zero(write_scenario):
    text = (
        TINY
        + """
[[relations]]
pair = ["AAA", "BBB"]
value = 80

[[relations]]
pair = ["CCC", "BBB"]
value = 0

[[nations]]
id = "CCC"
name = "Cland"
color = "#778899"
capital = [12.0, 10.0]
[nations.stats]
gdp_growth = 3
defence_share = 1
[nations.emerges]
from = "AAA"
when = "year >= 2001"
relations_share = 1.0
"""
    )
    scenario = load_scenario(write_scenario(text))
    state = initial_state(scenario)
    for _ in range(2):
        state, report = step(state)
    assert state.active[0, 2]
    b, c = scenario.nation_index["BBB"], scenario.nation_index["CCC"]
    assert state.baselines[0, c, b] == 0.0  # listed as 0: not inherited from AAA's +80
