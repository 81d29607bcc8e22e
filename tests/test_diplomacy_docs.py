"""docs/diplomacy.md stays true: it names every key the diplomacy tables accept, every
shipped action, and its examples of the API still run."""

from __future__ import annotations

import re

from game import Simulation
from game.diplomacy import end_report, legal_orders
from game.scenario import DIPLOMACY_DEFAULTS
from game.scenario_specs import (
    ACTION,
    ACTION_MODIFIER,
    INTEREST,
    INTEREST_WEIGHT_SPEC,
    OBJECTIVE,
    ODDS,
    PERSONALITY_SPEC,
)
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "diplomacy.md").read_text(encoding="utf-8")


def test_every_key_is_documented():
    specs = (
        ACTION,
        ODDS,
        ACTION_MODIFIER,
        INTEREST,
        INTEREST_WEIGHT_SPEC,
        PERSONALITY_SPEC,
        OBJECTIVE,
        DIPLOMACY_DEFAULTS,
    )
    names = {key for spec in specs for key in spec}
    missing = sorted(n for n in names if f"`{n}`" not in DOC)
    assert missing == []


def test_every_shipped_action_is_listed(example):
    missing = [a.id for a in example.actions if not re.search(rf"`{a.id}`", DOC)]
    assert missing == []


def test_the_documented_calls_work(example):
    sim = Simulation(example, seed=1, player="PAK").run(1950)
    option = legal_orders(sim.state, "PAK")[0]
    assert option.order().action == option.action
    report = end_report(sim)
    documented = re.findall(
        r"^\| `(\w+)`", DOC.split("It returns:")[1].split("`history` plays")[0], re.M
    )
    for key in documented:
        assert key in report, key
