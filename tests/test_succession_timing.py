"""The timing of successors is said one way: the docs, validate's summary line and the
story agree that an emerge() decided in one year takes effect the next, and a 'when'
condition in the same turn."""

from __future__ import annotations

from game import Simulation, load_scenario
from game.cli import main
from game.story import story_lines
from game.succession_timing import RULE
from tests.conftest import ROOT
from tests.horn import horn_text

SUCCESSORS = """
[[nations]]
id = "DJI"
name = "Djibouti"
color = "#446688"
capital = [43.1, 11.6]
[nations.stats]
gdp_growth = 2
defence_share = 2
[nations.emerges]
from = "FRA"
territory = ["DJI"]

[[nations]]
id = "ERI"
name = "Eritrea"
color = "#446600"
capital = [38.9, 15.3]
[nations.stats]
gdp_growth = 2
defence_share = 2
[nations.emerges]
from = "ETH"
when = "fired(eritrea_vote)"
territory = ["ERI"]

[[events]]
id = "djibouti_vote"
title = "Djibouti votes for independence"
years = [1977, 1977]
text = "The referendum."
chance = 1.0
nation = "FRA"
[[events.options]]
id = "go"
label = "Let it go"
historical = true
effects = ["emerge(DJI)"]

[[events]]
id = "eritrea_vote"
title = "Eritrea votes"
years = [1980, 1980]
text = "The referendum."
chance = 1.0
nation = "ETH"
[[events.options]]
id = "go"
label = "Accept"
historical = true
effects = []
"""


def _write(tmp_path):
    path = tmp_path / "horn.toml"
    path.write_text(horn_text().replace('["DJI"]', '["DJI", "FRA"]') + SUCCESSORS)
    return path


def test_story_says_which_decision_made_the_successor(tmp_path):
    scenario = load_scenario(_write(tmp_path))
    sim = Simulation(scenario, seed=1, policy="historical").run()
    lines = story_lines(scenario, sim.records)
    assert "1978: Djibouti comes into being (decided in 1977: Djibouti votes" in "\n".join(lines)
    assert any(line.startswith("1980: Eritrea comes into being.") for line in lines)


def test_validate_says_the_rule(tmp_path, capsys):
    assert main(["validate", str(_write(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "2 successors appearing " + RULE in out


def test_docs_say_the_same():
    doc = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    section = doc[doc.index("## 5. Successions") : doc.index("## 6.")]
    assert "appears **the year after the event**" in section
    assert "in the succession phase of that same turn" in section
