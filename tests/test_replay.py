"""Replays and determinism: per-turn digests, `replay --verify`, an engine that changed,
migration of format 1, and identical runs under different PYTHONHASHSEEDs."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import game.simulation
from game import Orders, load_scenario
from game.cli import main
from game.invariants import assert_invariants
from game.saves import autosave, load_game, save_game
from game.saves.container import checksum_of
from game.saves.migrations import (
    FORMAT_VERSION,
    MIGRATIONS,
    migrate,
    migrate_1_to_2,
    migrate_2_to_3,
)
from tests.test_saves import contrary_orders, new_game, play

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "example_minimal.toml"
FIXTURES = ROOT / "tests" / "fixtures" / "saves"


@pytest.fixture(scope="module")
def example():
    return load_scenario(EXAMPLE)


def payload_of(path: Path) -> dict:
    return json.loads(gzip.decompress(path.read_bytes()).split(b"\n")[2])


def rewrite_payload(path: Path, change) -> None:
    lines = gzip.decompress(path.read_bytes()).split(b"\n")
    payload = json.loads(lines[2])
    change(payload)
    raw = json.dumps(payload).encode()
    header = json.loads(lines[0])
    header["checksum"] = checksum_of(lines[1], raw)
    path.write_bytes(gzip.compress(b"\n".join([json.dumps(header).encode(), lines[1], raw, b""])))


def test_digests_are_the_same_however_often_the_game_was_saved(tmp_path, example):
    every_turn = new_game(example)
    for _ in range(20):
        every_turn.step(contrary_orders(every_turn))
        autosave(every_turn, tmp_path / "auto")
    save_game(every_turn, tmp_path / "every.adsave")
    once = play(new_game(example), 20)
    save_game(once, tmp_path / "once.adsave")
    live = []
    fresh = new_game(example)
    for _ in range(20):
        fresh.step(contrary_orders(fresh))
        live.append(fresh.state.digest())
    assert payload_of(tmp_path / "every.adsave")["digests"] == live
    assert payload_of(tmp_path / "once.adsave")["digests"] == live


def test_digests_continue_across_a_load(tmp_path, example):
    save_game(play(new_game(example), 12), tmp_path / "a.adsave")
    loaded = play(load_game(tmp_path / "a.adsave"), 9)
    save_game(loaded, tmp_path / "b.adsave")
    reference = new_game(example)
    live = []
    for _ in range(21):
        reference.step(contrary_orders(reference))
        live.append(reference.state.digest())
    assert payload_of(tmp_path / "b.adsave")["digests"] == live


def test_replay_verify_passes_for_an_honest_save(tmp_path, example, capsys):
    save_game(play(new_game(example), 30), tmp_path / "g.adsave")
    assert main(["replay", str(tmp_path / "g.adsave"), "--verify"]) == 0
    out = capsys.readouterr().out
    assert "all 30 turn digests match and the final state matches the save" in out
    assert "Example: Two Camps, seed 11, policy ai, playing PAK, 30 turns" in out


def test_replay_finds_a_save_by_name_in_the_save_folder(tmp_path, example, capsys):
    save_game(play(new_game(example), 3), tmp_path / "my-game.adsave")
    assert main(["replay", "my-game", "--save-dir", str(tmp_path), "--quiet"]) == 0
    assert "replayed 3 turns" in capsys.readouterr().out


def test_replay_verify_reports_the_first_turn_that_differs(tmp_path, example, capsys):
    path = tmp_path / "g.adsave"
    save_game(play(new_game(example), 30), path)

    def forge(payload: dict) -> None:
        payload["digests"][16] = "0" * 64

    rewrite_payload(path, forge)
    assert main(["replay", str(path), "--verify", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "MISMATCH after turn 17 (1963)" in err and "0000000000000000" in err


@pytest.mark.parametrize(
    "keeps_log", [False, True], ids=["orders from reports", "game keeps its orders"]
)
def test_the_persons_diplomatic_actions_are_saved_and_replayed(
    tmp_path, example, capsys, keeps_log
):
    diplomacy = pytest.importorskip("game.diplomacy")
    sim = new_game(example)
    ordered = 0
    for turn in range(16):
        options = [o for o in diplomacy.legal_orders(sim.state, "PAK") if o.legal]
        actions = [options[turn % len(options)].order()] if options and turn % 3 else []
        ordered += len(actions)
        sim.step(Orders(choices=contrary_orders(sim).choices, actions=actions))
    assert ordered
    if not keeps_log:
        sim.orders = []  # a game object that kept no log: the orders come from the reports
    path = tmp_path / "diplomacy.adsave"
    save_game(sim, path)
    assert main(["replay", str(path), "--verify", "--quiet"]) == 0
    assert "all 16 turn digests match" in capsys.readouterr().out
    loaded = load_game(path)
    assert len(loaded.orders) == 16 and loaded.state.digest() == sim.state.digest()


@pytest.fixture()
def engine_changed_after_turn_ten(monkeypatch):
    """Stand-in for a new game version whose rules differ from turn 11 on."""
    original = game.simulation.step

    def changed(state, orders=None, rng=None):
        new, report = original(state, orders, rng)
        if new.turn > 10:
            new.stats[:, :, 0] *= 1.001  # population grows a little faster
        return new, report

    monkeypatch.setattr(game.simulation, "step", changed)


def test_a_changed_engine_keeps_the_game_and_the_matching_history(tmp_path, example, request):
    sim = play(new_game(example), 30)
    save_game(sim, tmp_path / "g.adsave")
    request.getfixturevalue("engine_changed_after_turn_ten")
    assert (
        load_game(tmp_path / "g.adsave").records == sim.records
    )  # the stored history needs no replay
    loaded = load_game(tmp_path / "g.adsave", verify=True)
    report = loaded.load_report
    assert report.replay_matched is False and report.history_turns == 10
    assert any("matches it for 10 of 30 turns" in note for note in report.notes)
    assert loaded.state.digest() == sim.state.digest()  # the saved state wins
    assert loaded.records == sim.records[:10]
    play(loaded, 10)
    assert_invariants(loaded.state)
    save_game(loaded, tmp_path / "h.adsave")  # and it saves again with its full order log
    assert len(payload_of(tmp_path / "h.adsave")["orders"]) == 40
    assert payload_of(tmp_path / "h.adsave")["history"] is None  # its early history is gone
    assert load_game(tmp_path / "h.adsave").load_report.history_turns == 10


def test_replay_verify_catches_a_changed_engine(tmp_path, example, capsys, request):
    save_game(play(new_game(example), 30), tmp_path / "g.adsave")
    request.getfixturevalue("engine_changed_after_turn_ten")
    assert main(["replay", str(tmp_path / "g.adsave"), "--verify", "--quiet"]) == 1
    assert "MISMATCH after turn 11 (1957)" in capsys.readouterr().err


def test_replay_of_damaged_or_missing_saves_is_a_clean_error(tmp_path, capsys):
    (tmp_path / "bad.adsave").write_bytes(b"\x1f\x8bnot really")
    assert main(["replay", str(tmp_path / "bad.adsave")]) == 2
    assert main(["replay", str(tmp_path / "none.adsave")]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "no such save" in err and "Traceback" not in err


# --- format 1 and the migration chain ----------------------------------------------------


def test_migrate_2_to_3_asks_for_a_replay():
    payload = {"turn": 2, "orders": [{}, {}], "digests": []}
    assert migrate_2_to_3(payload) == {**payload, "history": None}
    assert migrate(payload, 2)["history"] is None and "history" not in payload


def test_older_formats_are_restored_by_replaying(tmp_path):
    sim = load_game(FIXTURES / "v2_example_minimal.adsave", on_changed_scenario="saved")
    assert sim.load_report.replay_matched is not None  # format 2 kept no history: replayed
    assert any("upgraded to format 3" in note for note in sim.load_report.notes)
    if sim.load_report.replay_matched:
        assert len(sim.records) == 25
    save_game(sim, tmp_path / "now.adsave")
    again = load_game(tmp_path / "now.adsave", on_changed_scenario="saved")
    assert again.state.digest() == sim.state.digest() and again.records == sim.records


def test_migration_chain_covers_every_step():
    assert sorted(MIGRATIONS) == list(range(1, FORMAT_VERSION))


def test_migrate_1_to_2_marks_digests_unrecorded_without_touching_the_rest():
    payload = {"turn": 3, "orders": [{}, {}, {}], "state": {"values": {}}}
    upgraded = migrate_1_to_2(payload)
    assert upgraded["digests"] == [] and "digests" not in payload
    assert {k: v for k, v in upgraded.items() if k != "digests"} == payload
    assert migrate(payload, 1)["digests"] == []


def test_the_format_1_fixture_loads_through_the_migration(tmp_path):
    sim = load_game(FIXTURES / "v1_example_minimal.adsave", on_changed_scenario="saved")
    assert sim.load_report.format_version == 1
    assert any("upgraded to format 3" in note for note in sim.load_report.notes)
    save_game(sim, tmp_path / "now.adsave")
    assert len(payload_of(tmp_path / "now.adsave")["digests"]) == 25


# --- two processes, two hash seeds ------------------------------------------------------


def _run(tmp_path: Path, hash_seed: str) -> tuple[dict, str]:
    save = tmp_path / f"run-{hash_seed}.adsave"
    out = tmp_path / f"run-{hash_seed}.json"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    args = [
        sys.executable,
        str(ROOT / "main.py"),
        "simulate",
        "--scenario",
        str(EXAMPLE),
        "--seed",
        "42",
        "--until",
        "1985",
        "--policy",
        "ai",
        "--player",
        "IND",
        "--save",
        str(save),
        "--out",
        str(out),
    ]
    subprocess.run(args, check=True, env=env, cwd=ROOT, capture_output=True, timeout=120)
    return payload_of(save), out.read_text()


def test_two_processes_with_different_hash_seeds_play_the_same_game(tmp_path):
    first, first_json = _run(tmp_path, "1")
    second, second_json = _run(tmp_path, "2024")
    assert first["digests"] == second["digests"] and len(first["digests"]) == 39
    assert first["state"] == second["state"]
    assert first_json == second_json
