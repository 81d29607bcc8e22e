"""One history's path: the command line's end report and the client's compare with the same run."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import Simulation, load_scenario
from game.client.score import HistoryReference
from game.construction import initial_state
from game.engine import step
from game.reports.end import compare_with_history
from game.reports.history import history_path, state_on_history_path

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"
FORCED = {"afghan_jihad_1980": "stay_out"}


@pytest.fixture(scope="module")
def campaign() -> Simulation:
    sim = Simulation(load_scenario(SCENARIO), seed=7, policy="ai", player="PAK", forced=FORCED)
    return sim.run(1984)


def test_history_path_keeps_the_player_and_the_forced_choices(campaign):
    start = next(history_path(campaign.state))
    assert start.policy == "historical"
    assert start.player == campaign.state.player
    assert start.forced_choices() == FORCED
    assert (start.seeds == campaign.state.seeds).all()


def test_the_path_is_the_historical_game_played_turn_by_turn(campaign):
    scenario = campaign.scenario
    expected = initial_state(scenario, seeds=7, policy="historical", player="PAK", forced=FORCED)
    for state in history_path(campaign.state):
        assert state.digest() == expected.digest()
        if state.turn == 6:
            break
        expected, _ = step(expected)


def test_the_end_report_and_the_client_compare_with_the_same_run(campaign):
    state = campaign.state
    reference = HistoryReference(Simulation(campaign.scenario, 7, "ai", "PAK", FORCED).state)
    client = reference.advance_to(state.turn)[-1]
    assert client.digest() == state_on_history_path(state).digest()
    report = compare_with_history(state, state.player)
    for row in report["relations"]:
        k = campaign.scenario.nation_index[row["with"]]
        assert row["history"] == round(float(client.relations[0, state.player, k]), 1)
