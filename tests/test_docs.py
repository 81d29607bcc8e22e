"""The scenario-format reference stays true: its worked example loads and plays, and it
names every key, function, command and stat the loader accepts."""

from __future__ import annotations

import re

from game import Simulation, load_scenario
from game.expr import COMMANDS, FUNCTIONS
from game.invariants import assert_invariants
from game.scenario import DERIVED_STATS, DRIFT_DEFAULTS, ECONOMY_DEFAULTS, STATS
from game.scenario_specs import (
    AID,
    EMERGES,
    ERA,
    EVENT,
    MODIFIER,
    NATION,
    OPTION,
    RELATION,
    SCENARIO,
    TREATY,
)
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")


def test_worked_example_validates_and_plays(tmp_path):
    block = re.search(r"```toml\n(schema_version = 1\n.*?)```", DOC, re.S).group(1)
    path = tmp_path / "three_rivers.toml"
    path.write_text(block, encoding="utf-8")
    scenario = load_scenario(path)
    assert len(scenario.nations) == 4 and len(scenario.events) == 3
    for seed in range(5):
        sim = Simulation(scenario, seed=seed, policy="ai").run()
        assert_invariants(sim.state)
        assert sim.records[-1]["year"] == 1990


def test_every_key_function_and_stat_is_documented():
    specs = (SCENARIO, NATION, EMERGES, RELATION, AID, TREATY, ERA, EVENT, MODIFIER, OPTION)
    names = {key for spec in specs for key in spec}
    names |= set(FUNCTIONS) | set(COMMANDS) | set(STATS) | set(DERIVED_STATS)
    names |= set(DRIFT_DEFAULTS) | set(ECONOMY_DEFAULTS)
    forms = ("`{}", "{} =", ".{}]")
    missing = sorted(n for n in names if not any(form.format(n) in DOC for form in forms))
    assert missing == []
