"""The balance tournament on small worlds: strategies, confidence intervals, the three
balance rules (a repeated action that wins too often, impossible and free objectives), and
the command line."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import json  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from game.batch.tournament import (  # noqa: E402
    mean_interval,
    report_lines,
    run_tournament,
    strategies_of,
    wilson_interval,
)
from game.cli import main  # noqa: E402
from tests.diplomacy_world import Nation, World  # noqa: E402

ACTIONS = """
[[actions]]
id = "visit"
name = "Visit"
chance = 0.6
effects = ["relation(SELF, TARGET) += 6"]
[actions.odds]
relation = 1.0

[[actions]]
id = "rig"
name = "Rig the count"
target = "none"
chance = 0.5
effects = ["set_flag(rigged)"]
"""

FAIR = """
[[objectives]]
nation = "AAA"
id = "friend"
name = "A friend"
when = "relation(AAA, BBB) > 30"
points = 50

[[objectives]]
nation = "AAA"
id = "strong"
name = "Strong"
when = "stat(AAA, military) > stat(CCC, military)"
points = 50
"""

BROKEN = """
[[objectives]]
nation = "AAA"
id = "rigged"
name = "Rigged"
when = "flag(rigged)"
check = "ever"
points = 80

[[objectives]]
nation = "AAA"
id = "moon"
name = "The moon"
when = "relation(AAA, BBB) > 100"
points = 10

[[objectives]]
nation = "AAA"
id = "breathe"
name = "Breathe"
when = "year > 0"
points = 10
"""


def small_world(objectives: str) -> World:
    nations = [
        Nation("AAA", gdp=30),
        Nation("BBB", gdp=40, playable=False),
        Nation("CCC", gdp=30, playable=False),
    ]
    return World(
        nations,
        {("AAA", "BBB"): 20.0},
        objectives=objectives,
        extra=ACTIONS,
        shared_actions=False,
        years=(2000, 2007),
    )


def test_every_strategy_is_played_and_summarised(tmp_path):
    scenario = small_world(FAIR).load(tmp_path)
    result = run_tournament(scenario, seeds=12)
    [nation] = result.nations
    names = [s.name for s in nation.strategies]
    assert (
        names
        == [name for name, _ in strategies_of(scenario)]
        == ["ai", "passive", "random", "repeat visit", "repeat rig"]
    )
    for strategy in nation.strategies:
        assert strategy.games == 12
        assert strategy.score_ci[0] <= strategy.score <= strategy.score_ci[1]
        assert strategy.win_ci[0] <= strategy.win_rate <= strategy.win_ci[1]
        assert set(strategy.objective_rates) == {"friend", "strong"}
    ai, passive = nation.strategy("ai"), nation.strategy("passive")
    assert ai.objective_rates["friend"] > passive.objective_rates["friend"]
    text = "\n".join(report_lines(result))
    assert "repeat visit" in text and "objectives met" in text


def test_the_balance_rules_catch_a_winning_action_and_impossible_or_free_objectives(tmp_path):
    scenario = small_world(BROKEN).load(tmp_path)
    result = run_tournament(scenario, seeds=10)
    problems = "\n".join(result.problems)
    assert "'repeat rig' wins 100% of games" in problems
    assert "objective 'moon' is never met in any game: impossible" in problems
    assert "objective 'breathe' is met in 100% of games by a nation that does nothing" in problems
    assert "'rigged'" not in problems  # met by some strategies, missed by others


def test_intervals():
    low, high = wilson_interval(0, 20)
    assert low == 0.0 and 0.1 < high < 0.2
    low, high = wilson_interval(10, 20)
    assert low < 0.5 < high and high - low == pytest.approx(2 * (0.5 - low))
    values = np.array([1.0, 2.0, 3.0, 4.0])
    low, high = mean_interval(values)
    assert low < 2.5 < high and high - 2.5 == pytest.approx(1.959964 * values.std(ddof=1) / 2)


def test_the_command_line(tmp_path, capsys):
    path = small_world(BROKEN).write(tmp_path)
    out = tmp_path / "result.json"
    status = main(["tournament", "--scenario", str(path), "--seeds", "4", "--out", str(out)])
    printed = capsys.readouterr().out
    assert status == 1 and "Balance problems:" in printed and "impossible" in printed
    data = json.loads(out.read_text())
    assert data["seeds"] == 4 and data["nations"][0]["nation"] == "AAA"
    assert main(["tournament", "--scenario", str(path), "--seeds", "4", "--nations", "ZZZ"]) == 2
    assert "unknown nation 'ZZZ'" in capsys.readouterr().err
