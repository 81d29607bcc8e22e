"""Objectives and score: each check (end, always, ever, share), the general score, the
grade, the end report's comparison with history, and line-numbered loader problems."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import json  # noqa: E402

import pytest  # noqa: E402

from game import Orders, ScenarioError, Simulation, load_scenario  # noqa: E402
from game.diplomacy import ActionOrder, end_report  # noqa: E402
from game.diplomacy.ai import PASSIVE  # noqa: E402
from game.diplomacy.objectives import grade  # noqa: E402
from tests.diplomacy_world import Nation, World  # noqa: E402

PLANT = """
[[actions]]
id = "plant"
name = "Plant a flag"
target = "none"
effects = ["set_flag(planted)"]

[[actions]]
id = "snub"
name = "Snub"
effects = ["relation(SELF, TARGET) -= 20"]
"""

GOALS = """
[[objectives]]
nation = "AAA"
id = "planted_ever"
name = "Plant it"
when = "flag(planted)"
check = "ever"
points = 10

[[objectives]]
nation = "AAA"
id = "planted_share"
name = "Plant it early"
when = "flag(planted)"
check = "share"
points = 30

[[objectives]]
nation = "AAA"
id = "calm"
name = "Never lose stability"
when = "stat(AAA, stability) >= 0"
check = "always"
points = 20

[[objectives]]
nation = "AAA"
id = "friends"
name = "Friends at the end"
when = "relation(AAA, BBB) > 50"
points = 40
"""


def goal_world() -> World:
    return World(
        [Nation("AAA"), Nation("BBB"), Nation("CCC")],
        {("AAA", "BBB"): 0.0},
        objectives=GOALS,
        extra=PLANT,
        shared_actions=False,
        years=(2000, 2009),
    )


def play(scenario, plant_in_turn: int | None) -> Simulation:
    sim = Simulation(scenario, seed=3, player="AAA")
    sim.state.ai_script[:] = PASSIVE
    while not sim.done:
        orders = [ActionOrder("plant")] if sim.state.turn == plant_in_turn else []
        sim.step(Orders(actions=orders))
    return sim


def test_each_check_is_graded_as_documented(tmp_path):
    scenario = goal_world().load(tmp_path)
    sim = play(scenario, plant_in_turn=2)
    report = end_report(sim, history=False)
    by_id = {o["id"]: o for o in report["objectives"]}
    assert by_id["planted_ever"]["met"] and by_id["planted_ever"]["earned"] == 10
    assert by_id["planted_share"]["earned"] == pytest.approx(
        30 * 8 / 10
    )  # held in turns 2..9 of 10
    assert by_id["calm"]["met"] and by_id["calm"]["earned"] == 20
    assert not by_id["friends"]["met"] and by_id["friends"]["earned"] == 0
    assert report["objective_max"] == 100 and report["objective_points"] == pytest.approx(54)
    assert report["won"] is False  # 54% of the points; the default win share is 60%
    weight = scenario.diplomacy["objective_weight"]
    assert report["score"] == pytest.approx(
        weight * 54 + (1 - weight) * report["general"]["score"], abs=0.01
    )
    never = end_report(play(scenario, plant_in_turn=None), history=False)
    assert {o["id"]: o["met"] for o in never["objectives"]}["planted_ever"] is False


def test_the_general_score_and_grade_stay_in_range(example):
    sim = Simulation(example, seed=6, player="IND").run()
    report = end_report(sim, history=False)
    assert (
        report["nation"] == "IND"
        and 0 <= report["general"]["score"] <= 100
        and 0 <= report["score"] <= 100
    )
    assert set(report["general"]["parts"]) == {
        "prosperity",
        "power",
        "stability",
        "standing",
        "security",
    }
    assert all(0.0 <= v <= 1.0 for v in report["general"]["parts"].values())
    assert report["grade"] == grade(report["score"])[0]
    assert [grade(s)[0] for s in (95, 70, 55, 40, 10)] == ["A", "B", "C", "D", "E"]
    json.dumps(report)


def test_the_end_report_compares_each_relation_with_the_historical_run(tmp_path):
    world = goal_world()
    scenario = world.load(tmp_path)
    autopilot = Simulation(scenario, seed=4, player="AAA").run()
    same = end_report(autopilot)["history"]
    assert (
        same["mean_gap"] == 0
        and same["closeness"] == 100
        and {r["with"] for r in same["relations"]} == {"BBB", "CCC"}
    )
    sim = Simulation(scenario, seed=4, player="AAA")
    while not sim.done:
        sim.step(Orders(actions=[ActionOrder("snub", "BBB")]))
    history = end_report(sim)["history"]
    first = history["relations"][0]
    assert (
        first["with"] == "BBB"
        and first["gap"] < -20
        and first["gap"] == pytest.approx(first["ended"] - first["history"], abs=0.11)
    )
    assert history["closeness"] < 100


def test_the_example_gives_pakistan_the_campaign_goals(example):
    goals = {o.id: o for o in example.objectives if o.nation == "PAK"}
    assert {"security", "growth", "patron", "whole", "putin_visit"} <= set(goals)
    assert goals["putin_visit"].check == "ever"
    assert all(o.nation in example.playable for o in example.objectives)


BAD_GOALS = """
[[objectives]]
nation = "AAA"
id = "one"
name = "One"
when = "flag(nowhere)"

[[objectives]]
nation = "ZZZ"
id = "two"
name = "Two"
when = "year > 2000"
check = "sometimes"

[[objectives]]
nation = "AAA"
id = "one"
name = "Again"
when = "year > 2000"
"""


def test_bad_objectives_are_reported_with_lines(tmp_path):
    world = goal_world()
    world.objectives = BAD_GOALS
    path = world.write(tmp_path)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = "\n".join(str(p) for p in caught.value.problems)
    lines = path.read_text().splitlines()

    def line_of(needle: str, nth: int = 0) -> int:
        return [k for k, line in enumerate(lines, 1) if needle in line][nth]

    assert f":{line_of('flag(nowhere)')}:" in text and "unknown flag 'nowhere'" in text
    assert "unknown nation 'ZZZ'" in text
    assert f":{line_of('sometimes')}:" in text and "unknown check 'sometimes'" in text
    assert "duplicate objective 'one' for AAA" in text
