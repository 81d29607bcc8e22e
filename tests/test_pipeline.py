"""The turn pipeline: one list of phases, one signature, timed without patching."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from game import engine
from game.construction import initial_state
from game.engine import PIPELINE, Phase, step, timed_step
from game.loader import load_scenario
from game.state import State
from game.turn import Turn

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"


def test_the_pipeline_is_the_documented_order():
    assert [phase.name for phase in PIPELINE] == [
        "diplomacy",
        "decisions",
        "drift",
        "economy",
        "events",
        "succession",
        "treaties",
        "crisis",
        "blocs",
        "objectives",
    ]
    assert not hasattr(engine, "PHASES")


def test_timed_step_plays_the_same_turn_and_times_every_phase():
    state = initial_state(load_scenario(SCENARIO), seeds=np.arange(3), policy="ai")
    for _ in range(3):
        plain, report = step(state)
        timed, timed_report, spent = timed_step(state)
        assert timed.digest() == plain.digest()
        assert (timed_report.fired == report.fired).all()
        assert list(spent) == [phase.name for phase in PIPELINE]
        assert all(seconds >= 0.0 for seconds in spent.values())
        state = plain


def test_timed_step_reads_the_clock_it_is_given():
    ticks = iter(range(1000))
    state = initial_state(load_scenario(SCENARIO), seeds=1)
    _, _, spent = timed_step(state, clock=lambda: float(next(ticks)))
    assert spent == {phase.name: 1.0 for phase in PIPELINE}


def test_a_new_phase_is_one_entry_in_the_pipeline(monkeypatch):
    """What adding a phase takes: a function (state, turn) -> None and one line."""
    seen: list[tuple[int, int]] = []

    def crisis(state: State, turn: Turn) -> None:
        seen.append((turn.number, turn.year))
        state.stats[:, 0, 0] += 0.0  # a phase changes the new state in place

    monkeypatch.setattr(engine, "PIPELINE", (*PIPELINE, Phase("crisis", crisis)))
    state = initial_state(load_scenario(SCENARIO), seeds=2)
    after, _ = step(state)
    assert seen == [(0, state.year)]
    assert state.turn == 0 and after.turn == 1


def test_the_architecture_page_lists_the_pipeline_as_the_engine_has_it():
    page = (Path(__file__).resolve().parent.parent / "docs" / "architecture.md").read_text(
        encoding="utf-8"
    )
    listed = re.findall(r'Phase\("(\w+)", (\w+)\)', page)
    assert listed == [(phase.name, phase.run.__name__) for phase in PIPELINE]
