"""Saves: round trips that continue exactly, autosave rotation, the save list, damaged
and foreign files, newer formats, and the changed-scenario choice."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from game import Orders, Simulation, load_scenario
from game.invariants import assert_invariants
from game.loader import source_files
from game.phases.events import expected_choices
from game.saves import (
    AUTOSAVES_KEPT,
    SaveError,
    ScenarioChangedError,
    autosave,
    default_save_dir,
    list_saves,
    load_game,
    save_game,
    save_path_for,
)
from game.saves.container import checksum_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "example_minimal.toml"


def contrary_orders(sim: Simulation) -> Orders:
    """The player answers every pending event with its last option (often not the proposal)."""
    scenario = sim.scenario
    choices = {}
    for event_id, _ in expected_choices(sim.state):
        choices[event_id] = len(scenario.events[scenario.event_index[event_id]].options) - 1
    return Orders(choices=choices)


def play(sim: Simulation, turns: int) -> Simulation:
    for _ in range(turns):
        if sim.done:
            break
        sim.step(contrary_orders(sim))
    return sim


def new_game(scenario=EXAMPLE, seed: int = 11, policy: str = "ai") -> Simulation:
    return Simulation(
        scenario, seed=seed, policy=policy, player="PAK", forced={"nehru_moscow": "keep_distance"}
    )


@pytest.fixture(scope="module")
def example():
    return load_scenario(EXAMPLE)


def digests_to_end(sim: Simulation) -> list[str]:
    out = []
    while not sim.done:
        sim.step(contrary_orders(sim))
        out.append(sim.state.digest())
    return out


STOPS = (0, 1, 12, 30)
AFTER = 6  # turns played on after each load


@pytest.mark.parametrize("policy", ["ai", "random", "historical"])
def test_save_load_continue_matches_an_uninterrupted_game(tmp_path, example, policy):
    """Saves made along one game, each loaded and played on, give that game's digests."""
    game = new_game(example, policy=policy)
    reference = []
    for turn in range(max(STOPS) + AFTER):
        if turn in STOPS:
            save_game(game, tmp_path / f"at-{turn}.adsave")
        game.step(contrary_orders(game))
        reference.append(game.state.digest())
    for stop in STOPS:
        loaded = load_game(tmp_path / f"at-{stop}.adsave")
        assert loaded.state.turn == stop and len(loaded.reports) == stop
        assert loaded.records == game.records[:stop]
        assert [
            loaded.step(contrary_orders(loaded)) and loaded.state.digest() for _ in range(AFTER)
        ] == (reference[stop : stop + AFTER])


def test_the_last_turns_save_and_load(tmp_path, example):
    game = play(new_game(example), example.turns)
    assert game.done
    save_game(game, tmp_path / "end.adsave")
    loaded = load_game(tmp_path / "end.adsave")
    assert (
        loaded.done
        and loaded.state.digest() == game.state.digest()
        and loaded.records == game.records
    )


def test_loading_with_verify_replays_the_same_game(tmp_path, example):
    game = play(new_game(example), 25)
    save_game(game, tmp_path / "g.adsave")
    quick = load_game(tmp_path / "g.adsave")
    checked = load_game(tmp_path / "g.adsave", verify=True)
    assert quick.load_report.replay_matched is None
    assert checked.load_report.replay_matched is True
    assert quick.state.digest() == checked.state.digest() == game.state.digest()
    assert quick.records == checked.records == game.records


def test_a_reloaded_game_saves_and_reloads_again(tmp_path, example):
    sim = play(new_game(example), 20)
    save_game(sim, tmp_path / "a.adsave")
    first = play(load_game(tmp_path / "a.adsave"), 15)
    save_game(first, tmp_path / "b.adsave")
    second = load_game(tmp_path / "b.adsave")
    play(sim, 15)
    assert second.state.digest() == sim.state.digest()
    assert second.records == sim.records


def test_loaded_game_keeps_settings_and_invariants(tmp_path, example):
    sim = play(new_game(example, seed=3), 30)
    save_game(sim, tmp_path / "g.adsave", name="Before the break-up")
    loaded = load_game(tmp_path / "g.adsave")
    assert loaded.policy == "ai" and loaded.state.player == example.nation_index["PAK"]
    assert int(loaded.state.seeds[0]) == 3
    assert loaded.load_report.rules == "current"
    assert_invariants(loaded.state)
    info = list_saves(tmp_path)[0]
    assert (info.name, info.year, info.turn, info.player) == (
        "Before the break-up",
        sim.state.year,
        30,
        "PAK",
    )


def test_a_seed_above_two_to_the_63_survives(tmp_path, example):
    sim = play(Simulation(example, seed=-5, policy="random"), 5)  # wraps to 2**64 - 5
    save_game(sim, tmp_path / "s.adsave")
    loaded = load_game(tmp_path / "s.adsave")
    assert loaded.state.digest() == sim.state.digest()


def test_batches_are_refused(tmp_path, example):
    with pytest.raises(SaveError, match="batch of 3 runs"):
        save_game(Simulation(example, seed=[1, 2, 3]), tmp_path / "b.adsave")
    assert not (tmp_path / "b.adsave").exists()


def test_autosave_keeps_the_last_five(tmp_path, example):
    sim = new_game(example)
    written = []
    for _ in range(AUTOSAVES_KEPT + 4):
        written.append(autosave(sim, tmp_path))
        sim.step()
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == sorted(p.name for p in written[-AUTOSAVES_KEPT:])
    infos = list_saves(tmp_path)
    assert [i.turn for i in infos] == [8, 7, 6, 5, 4]
    assert all(i.autosave for i in infos)
    newest = load_game(infos[0].path)
    assert newest.state.turn == 8


def test_autosaves_cut_short_after_writing_never_pile_up(tmp_path, monkeypatch, example):
    """A kill after an autosave is written but before the old ones are rotated away
    leaves one autosave too many; the next autosave rotates before it writes, so two
    such kills in a row still leave one too many at most, and the next whole one five."""
    import game.saves.game as saves_game

    sim = new_game(example)
    for _ in range(AUTOSAVES_KEPT):
        autosave(sim, tmp_path)
        sim.step()
    real_rotate = saves_game.rotate_autosaves
    for _ in range(3):  # each cut short once it is written: no rotation after it runs
        before = set(tmp_path.iterdir())

        def rotate_then_die(folder, before=before):
            if set(folder.iterdir()) - before:  # the new autosave is on disk
                raise KeyboardInterrupt  # standing in for the kill
            real_rotate(folder)

        monkeypatch.setattr(saves_game, "rotate_autosaves", rotate_then_die)
        with pytest.raises(KeyboardInterrupt):
            autosave(sim, tmp_path)
        assert len(list(tmp_path.iterdir())) == AUTOSAVES_KEPT + 1
        sim.step()
    monkeypatch.setattr(saves_game, "rotate_autosaves", real_rotate)
    newest = autosave(sim, tmp_path)
    infos = list_saves(tmp_path)
    assert len(infos) == AUTOSAVES_KEPT and infos[0].path == newest
    assert all(info.problem is None for info in infos)


def test_autosave_creates_the_default_folder_from_the_environment(tmp_path, monkeypatch, example):
    target = tmp_path / "deep" / "saves"
    monkeypatch.setenv("ALLIANCE_DRIFT_SAVE_DIR", str(target))
    assert default_save_dir() == target
    path = autosave(new_game(example))
    assert path.parent == target and path.is_file()


def test_default_folder_is_the_user_data_folder(monkeypatch):
    monkeypatch.delenv("ALLIANCE_DRIFT_SAVE_DIR", raising=False)
    folder = default_save_dir()
    assert folder.name == "saves" and "alliance-drift" in str(folder)


def test_manual_save_names_are_tidy_and_never_autosaves(tmp_path):
    assert (
        save_path_for("Before the 1965 war!", tmp_path) == tmp_path / "before-the-1965-war.adsave"
    )
    assert save_path_for("***", tmp_path).name == "save.adsave"
    assert save_path_for("autosave-000001", tmp_path).name == "save-autosave-000001.adsave"
    assert save_path_for("../../etc/passwd", tmp_path).parent == tmp_path


def test_list_saves_shows_broken_files_without_raising(tmp_path, example):
    save_game(new_game(example), tmp_path / "good.adsave")
    (tmp_path / "junk.adsave").write_bytes(b"not a save at all")
    (tmp_path / "notes.txt").write_text("ignored")
    infos = {i.path.name: i for i in list_saves(tmp_path)}
    assert set(infos) == {"good.adsave", "junk.adsave"}
    assert infos["good.adsave"].problem is None
    assert "not an Alliance Drift save" in infos["junk.adsave"].problem
    assert list_saves(tmp_path / "missing") == []


# --- damaged, foreign and newer saves ----------------------------------------------------


@pytest.fixture()
def saved(tmp_path, example) -> Path:
    path = tmp_path / "game.adsave"
    save_game(play(new_game(example), 12), path)
    return path


def lines_of(path: Path) -> list[bytes]:
    return gzip.decompress(path.read_bytes()).split(b"\n")


def write_lines(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(gzip.compress(b"\n".join(lines)))


def assert_refused(path: Path, *phrases: str) -> None:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(SaveError) as caught:
        load_game(path)
    message = str(caught.value)
    assert str(path) in message and "\n" not in message and "Traceback" not in message
    for phrase in phrases:
        assert phrase in message
    if before is not None:
        assert path.read_bytes() == before  # a failed load never touches the file


def test_truncated_saves_are_refused(saved):
    data = saved.read_bytes()
    for cut in (0, 1, 10, len(data) // 2, len(data) - 1):
        saved.write_bytes(data[:cut])
        assert_refused(saved)
    saved.write_bytes(data[: len(data) - 5])
    assert_refused(saved, "cut short")


def test_flipped_bytes_are_noticed(saved):
    data = bytearray(saved.read_bytes())
    data[len(data) // 2] ^= 0x40
    saved.write_bytes(bytes(data))
    assert_refused(saved, "damaged")


def test_a_hand_edited_save_fails_its_checksum(saved):
    lines = lines_of(saved)
    lines[2] = lines[2].replace(b'"policy":"ai"', b'"policy":"random"')
    write_lines(saved, lines)
    assert_refused(saved, "checksum")


def test_a_newer_format_is_refused_clearly(saved):
    lines = lines_of(saved)
    header = json.loads(lines[0])
    header["format_version"] = 99
    lines[0] = json.dumps(header).encode()
    write_lines(saved, lines)
    assert_refused(saved, "newer version", "format 99", "Update the game")


def test_foreign_and_missing_files(tmp_path):
    (tmp_path / "plain.json").write_text('{"format_version": 1}')
    assert_refused(tmp_path / "plain.json", "not an Alliance Drift save")
    (tmp_path / "other.gz").write_bytes(gzip.compress(b'{"format": "something else"}\n{}\n{}\n'))
    assert_refused(tmp_path / "other.gz", "not an Alliance Drift save")
    assert_refused(tmp_path / "nothing-here.adsave", "no such save")
    assert_refused(tmp_path, "is a folder")


def test_extra_bytes_and_bombs_are_refused(saved, tmp_path, monkeypatch):
    saved.write_bytes(saved.read_bytes() + b"garbage")
    assert_refused(saved, "extra bytes")
    monkeypatch.setattr("game.saves.container.MAX_DATA_BYTES", 1024 * 1024)
    bomb = tmp_path / "bomb.adsave"
    bomb.write_bytes(gzip.compress(b"\0" * (3 * 1024 * 1024)))
    assert_refused(bomb, "too large")


def test_a_well_formed_but_wrong_payload_is_refused(saved):
    """Tampering that recomputes the checksum still meets every structural check."""
    lines = lines_of(saved)
    for change, phrase in (
        (lambda p: p.update(turn=5), "order log"),
        (lambda p: p.update(policy="cheat"), "policy"),
        (lambda p: p.update(player="XYZ"), "player"),
        (lambda p: p.update(seed=-1), "seed"),
        (lambda p: p["scenario"]["files"][0].update(name="../../evil.toml"), "outside its folder"),
        (lambda p: p["scenario"]["files"][0].update(text="schema_version = 1"), "hash"),
        (lambda p: p["orders"][0].update(unknown_field=1), "unknown field"),
        (lambda p: p["state"]["arrays"]["relations"].update(data="!!"), "base64"),
        (lambda p: p.update(state=[]), "state"),
    ):
        edited = json.loads(lines[2])
        change(edited)
        raw = json.dumps(edited).encode()
        header = json.loads(lines[0])
        header["checksum"] = checksum_of(lines[1], raw)
        write_lines(saved, [json.dumps(header).encode(), lines[1], raw, b""])
        assert_refused(saved, phrase)


# --- the scenario changed since the save -------------------------------------------------


@pytest.fixture()
def modded(tmp_path) -> Path:
    """A copy of the example scenario (main file and includes) in a folder of its own."""
    folder = tmp_path / "mod"
    for name, raw in source_files(load_scenario(EXAMPLE)):
        target = folder / ("mod.toml" if name == EXAMPLE.name else name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
    return folder / "mod.toml"


def test_unchanged_scenario_outside_the_bundle_loads_from_its_path(tmp_path, modded):
    sim = play(new_game(modded), 10)
    save_game(sim, tmp_path / "m.adsave")
    loaded = load_game(tmp_path / "m.adsave")
    assert loaded.load_report.rules == "current"
    assert Path(loaded.scenario.path) == modded.resolve()


def test_changed_scenario_asks_then_continues_with_the_saved_rules(tmp_path, modded):
    sim = play(new_game(modded), 10)
    save_game(sim, tmp_path / "m.adsave")
    reference = digests_to_end(play(new_game(modded), 10))
    modded.write_text(modded.read_text().replace("noise = 1.5", "noise = 2.5"))
    with pytest.raises(ScenarioChangedError) as caught:
        load_game(tmp_path / "m.adsave")
    assert caught.value.reason == "changed"
    assert "has changed since this game was saved" in str(caught.value)
    assert "copy of the rules" in str(caught.value)
    with pytest.raises(ScenarioChangedError, match="refused"):
        load_game(tmp_path / "m.adsave", on_changed_scenario="refuse")
    loaded = load_game(tmp_path / "m.adsave", on_changed_scenario="saved", verify=True)
    assert loaded.load_report.rules == "saved" and loaded.load_report.replay_matched
    assert loaded.scenario.content_hash == sim.scenario.content_hash
    assert digests_to_end(loaded) == reference


def test_a_game_on_the_saved_rules_saves_again(tmp_path, modded):
    save_game(play(new_game(modded), 10), tmp_path / "m.adsave")
    modded.write_text(modded.read_text().replace("noise = 1.5", "noise = 2.5"))
    loaded = play(load_game(tmp_path / "m.adsave", on_changed_scenario="saved"), 5)
    save_game(loaded, tmp_path / "again.adsave")
    again = load_game(tmp_path / "again.adsave", on_changed_scenario="saved")
    assert again.state.digest() == loaded.state.digest()


def test_missing_and_broken_scenarios(tmp_path, modded):
    save_game(play(new_game(modded), 4), tmp_path / "m.adsave")
    modded.write_text("schema_version = 1\n[scenario\n")
    with pytest.raises(ScenarioChangedError) as caught:
        load_game(tmp_path / "m.adsave")
    assert caught.value.reason == "broken" and "no longer loads" in str(caught.value)
    modded.unlink()
    with pytest.raises(ScenarioChangedError) as caught:
        load_game(tmp_path / "m.adsave")
    assert caught.value.reason == "missing"
    assert load_game(tmp_path / "m.adsave", on_changed_scenario="saved").state.turn == 4


def test_rules_edited_during_the_game_do_not_leak_into_its_save(tmp_path, modded):
    sim = play(new_game(modded), 6)
    original_hash = sim.scenario.content_hash
    modded.write_text(modded.read_text().replace("noise = 1.5", "noise = 2.5"))
    save_game(sim, tmp_path / "m.adsave")
    loaded = load_game(tmp_path / "m.adsave", on_changed_scenario="saved")
    assert loaded.scenario.content_hash == original_hash
    assert loaded.state.digest() == sim.state.digest()


def test_bad_choice_mode_is_a_programming_error(saved):
    with pytest.raises(ValueError):
        load_game(saved, on_changed_scenario="mix")


# --- fixtures of released formats --------------------------------------------------------


FIXTURES = sorted((ROOT / "tests" / "fixtures" / "saves").glob("v*_example_minimal.adsave"))


def test_there_is_a_fixture_for_every_released_format():
    from game.saves import FORMAT_VERSION

    versions = sorted(int(p.name[1:].split("_")[0]) for p in FIXTURES)
    assert versions == list(range(1, FORMAT_VERSION + 1))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_fixture_saves_of_every_format_load_and_continue(tmp_path, fixture):
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    sim = load_game(copy, on_changed_scenario="saved")
    assert sim.state.turn == 25 and sim.state.year == 1972
    assert sim.scenario.nation_ids[sim.state.player] == "PAK" and sim.policy == "ai"
    assert copy.read_bytes() == fixture.read_bytes()
    for _ in range(15):
        sim.step(contrary_orders(sim))
        assert_invariants(sim.state)
    save_game(sim, tmp_path / "continued.adsave")
    again = load_game(tmp_path / "continued.adsave", on_changed_scenario="saved")
    assert again.state.turn == 40 and again.state.digest() == sim.state.digest()


# --- the 1947 campaign -------------------------------------------------------------------


def test_the_campaign_saves_loads_and_replays(tmp_path, capsys):
    from game.cli import main
    from game.errors import ScenarioError

    try:
        campaign = load_scenario(ROOT / "scenarios" / "pak_russia_1947.toml")
    except ScenarioError as error:
        pytest.skip(f"the campaign does not load yet: {str(error)[:100]}")
    player = campaign.default_player or campaign.nation_ids[0]
    sim = Simulation(campaign, seed=1947, policy="ai", player=player)
    for _ in range(20):
        sim.step(contrary_orders(sim))
        autosave(sim, tmp_path)
    loaded = load_game(list_saves(tmp_path)[0].path)
    assert loaded.state.digest() == sim.state.digest() and loaded.records == sim.records
    for _ in range(4):
        for game in (sim, loaded):
            game.step(contrary_orders(game))
        assert loaded.state.digest() == sim.state.digest()
    assert main(["replay", str(list_saves(tmp_path)[0].path), "--verify", "--quiet"]) == 0
    assert "all 20 turn digests match" in capsys.readouterr().out
