"""Every answer to an event carries a reason a person can read: the interest the AI served,
or what else decided it (history, chance, a what-if, the player, the world's odds)."""

from __future__ import annotations

import re

import pytest

from game import Simulation, load_scenario
from game.diplomacy import answer_reasons as why
from game.diplomacy.describe import REASONS
from tests.conftest import EXAMPLE, ROOT, TINY

CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"
# Every reason the AI can give for serving an interest, with or without a nation named.
INTEREST = re.compile(
    "^(?:"
    + "|".join(
        re.escape(text).replace(re.escape("{nation}"), ".+")
        for pair in REASONS.values()
        for text in pair
    )
    + ")$"
)


def answers(sim: Simulation) -> list[tuple[int, str, dict]]:
    return [(r["year"], e, a) for r in sim.records for e, a in r["answers"].items()]


@pytest.mark.parametrize("policy", ["ai", "historical", "random"])
def test_every_answer_has_a_reason(policy):
    sim = Simulation(load_scenario(CAMPAIGN), seed=5, policy=policy).run()
    given = answers(sim)
    assert len(given) > 150
    assert [a for a in given if not a[2]["reason"]] == []
    # each answer recorded is the one applied the turn after
    by_year = {r["year"]: r["decisions"] for r in sim.records}
    for year, event, answer in given:
        if year + 1 in by_year:
            assert by_year[year + 1][event] == answer["option"], (year, event)


def test_what_decided_each_kind_of_answer():
    scenario = load_scenario(CAMPAIGN)
    sim = Simulation(scenario, seed=2, policy="ai", player="IND", forced={"mdaa_1954": "sign"})
    sim.run(2002)
    reasons = {event: a["reason"] for _, event, a in answers(sim)}
    assert reasons["mdaa_1954"] == why.FORCED
    assert reasons["partition"] == why.ONLY  # a world event with one outcome
    assert reasons["nehru_moscow_1955"] == why.PLAYER  # India is played by a person
    nations = [e.id for e in scenario.events if e.nation not in (None, "IND")]
    weighed = [reasons[e] for e in nations if e in reasons and e != "mdaa_1954"]
    assert len(weighed) > 50
    # the AI names an interest it served, or says the scenario's odds decided
    assert all(INTEREST.match(r) or r == why.PRIOR for r in weighed), sorted(set(weighed))
    assert sum(bool(INTEREST.match(r)) for r in weighed) > len(weighed) / 2


def test_the_world_s_odds(write_scenario):
    path = write_scenario(
        TINY
        + """
[[events]]
id = "weather"
title = "Weather"
text = "No one decides the weather."
years = [2001, 2001]
[[events.options]]
id = "rain"
label = "Rain"
ai_weight = 3
[[events.options]]
id = "sun"
label = "Sun"
"""
    )
    sim = Simulation(load_scenario(path), seed=1, policy="ai").run()
    assert [a["reason"] for _, _, a in answers(sim)] == [why.WORLD]


def test_history_and_chance_say_so():
    scenario = load_scenario(EXAMPLE)
    for policy, expected in (("historical", why.HISTORY), ("random", why.CHANCE)):
        sim = Simulation(scenario, seed=1, policy=policy).run()
        given = {a["reason"] for _, _, a in answers(sim)}
        assert given <= {expected, why.ONLY} and expected in given, (policy, given)


def test_the_story_tells_the_ai_s_reasons():
    from game.story import story_lines

    sim = Simulation(load_scenario(CAMPAIGN), seed=4, policy="ai").run(1960)
    story = "\n".join(story_lines(sim.scenario, sim.records))
    assert story.count(" Why: ") >= 10
    history = Simulation(load_scenario(CAMPAIGN), seed=4).run(1960)
    assert " Why: " not in "\n".join(story_lines(history.scenario, history.records))
