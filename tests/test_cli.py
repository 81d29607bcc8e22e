"""The command line: validate and simulate, with clear messages and exit status 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from game.cli import main
from tests.conftest import EXAMPLE, ROOT, TINY
from tests.test_loader import line_of

ONE_SUCCESSOR = "1 successor appearing the turn after the decision that calls emerge(), or in the turn its 'when' holds"


def run(argv, capsys):
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_validate_ok(capsys):
    status, out, _ = run(["validate", str(EXAMPLE)], capsys)
    assert status == 0
    assert out.strip() == f"{EXAMPLE}: ok (6 nations, 13 events, {ONE_SUCCESSOR})"


def test_validate_names_every_problem_with_its_line(write_scenario, capsys):
    text = TINY.replace("gdp = 100", "gdp = -1").replace('color = "#445566"', 'color = "red"')
    path = write_scenario(text)
    status, out, _ = run(["validate", str(path), str(EXAMPLE)], capsys)
    assert status == 2
    lines = out.strip().splitlines()
    assert (
        lines[0].startswith(f"{path}:{line_of(text, 'gdp = -1')}: ") and "out of range" in lines[0]
    )
    assert lines[1].startswith(f"{path}:{line_of(text, 'red')}: ") and "'#rrggbb'" in lines[1]
    assert lines[2] == f"{EXAMPLE}: ok (6 nations, 13 events, {ONE_SUCCESSOR})"


def test_simulate_writes_the_documented_json(tmp_path, capsys):
    out_file = tmp_path / "run.json"
    status, out, _ = run(
        [
            "simulate",
            "--scenario",
            str(EXAMPLE),
            "--seed",
            "4",
            "--until",
            "1995",
            "--policy",
            "ai",
            "--out",
            str(out_file),
        ],
        capsys,
    )
    assert status == 0 and "wrote 49 turns" in out
    data = json.loads(out_file.read_text())
    assert data["scenario"] == "example_minimal" and data["seed"] == 4 and data["policy"] == "ai"
    assert data["nations"]["SUN"]["first_active"] == 1947
    assert data["nations"]["SUN"]["last_active"] < 1995
    assert data["nations"]["RUS"]["first_active"] > 1988
    assert [t["year"] for t in data["turns"]] == list(range(1947, 1996))
    turn = data["turns"][10]
    assert set(turn) >= {"year", "relations", "blocs", "events", "stats"}
    assert turn["relations"]["PAK"]["USA"] == turn["relations"]["USA"]["PAK"]
    assert "RUS" not in turn["relations"]
    assert all(isinstance(b, list) for b in turn["blocs"])
    assert turn["stats"]["PAK"]["population"] > 0


def test_simulate_story(capsys):
    status, out, _ = run(["simulate", "--scenario", str(EXAMPLE), "--seed", "1"], capsys)
    assert status == 0
    assert "== Partition and the Pacts" in out
    assert "An invitation to the pacts. Pakistan: Join SEATO." in out
    assert "Russia comes into being." in out
    assert "Blocs now:" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["simulate", "--seed", "minus"], "seed must be a whole number"),
        (["simulate", "--until", "99999"], "out of range"),
        (["simulate", "--policy", "chaos"], "invalid choice: 'chaos'"),
        (["simulate", "--scenario", str(EXAMPLE), "--player", "XYZ"], "unknown nation 'XYZ'"),
        (
            ["simulate", "--scenario", str(EXAMPLE), "--until", "1900"],
            "outside the scenario's years",
        ),
        (
            ["simulate", "--scenario", str(EXAMPLE), "--out", "/no/such/dir/x.json"],
            "does not exist",
        ),
        (["simulate", "--scenario", "missing.toml"], "missing.toml: no such file"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_clear_line(argv, message, capsys):
    status, _, err = run(argv, capsys)
    assert status == 2
    assert message in err
    assert "Traceback" not in err


def test_no_traceback_from_a_real_process(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe not toml")
    result = subprocess.run(
        [sys.executable, "main.py", "validate", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert "not UTF-8" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_existing_output_survives_a_failed_run(tmp_path, write_scenario, capsys):
    out_file = tmp_path / "keep.json"
    out_file.write_text('{"precious": true}')
    broken = write_scenario("schema_version = 1\n")
    status, _, _ = run(["simulate", "--scenario", str(broken), "--out", str(out_file)], capsys)
    assert status == 2
    assert json.loads(out_file.read_text()) == {"precious": True}


def test_save_cannot_be_combined_with_runs(tmp_path, capsys):
    argv = ["simulate", "--scenario", str(EXAMPLE), "--runs", "3", "--save", str(tmp_path / "g")]
    status, _, err = run(argv, capsys)
    assert status == 2
    assert "cannot be combined with --runs" in err
