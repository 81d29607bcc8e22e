"""The diplomacy options of `simulate`: the action log and the end report."""

from __future__ import annotations

from game.cli import main
from tests.conftest import EXAMPLE


def test_simulate_prints_the_action_log_and_the_end_report(capsys):
    argv = [
        "simulate",
        "--scenario",
        str(EXAMPLE),
        "--policy",
        "ai",
        "--until",
        "1952",
        "--player",
        "IND",
    ]
    assert main([*argv, "--actions", "--report"]) == 0
    out = capsys.readouterr().out
    log = [
        line for line in out.splitlines() if line[:4].isdigit() and " — " in line and ": " in line
    ]
    assert log and all(int(line[:4]) <= 1952 for line in log)
    assert "End report — India:" in out and "against history" in out
    assert main(argv) == 0
    assert "End report" not in capsys.readouterr().out
