"""The client's model code without a window: alignment, tints, MDS, effect texts, the
session's read-only history, settings, score, and the command-line wiring."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game import load_scenario
from game.client import alignment, explain
from game.client.mapmodel import ShapeTable, build_frame, mix_frames, visible_ties
from game.client.score import differing_decisions, relation_gaps
from game.client.session import Session, replay_states
from game.client.settings import Settings, auto_scale, clamp_size, load_settings, save_settings
from game.mapdata import load_region_map

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "example_minimal.toml"
SHORT = ROOT / "tests" / "data" / "client_short.toml"


@pytest.fixture(scope="module")
def example():
    return load_scenario(EXAMPLE)


@pytest.fixture(scope="module")
def played(example):
    """The example scenario played to the end with history's choices, as the client plays."""
    session = Session.new(example, "PAK", seed=3)
    while not session.done:
        session.end_turn({p.event.id: p.proposed for p in session.pending()})
    return session


# --- alignment ---------------------------------------------------------------------------


def test_tint_is_grey_when_neutral_and_bloc_coloured_when_leaning():
    assert alignment.tint_for_lean(0.0) == alignment.NON_ALIGNED
    assert alignment.tint_for_lean(1.0) == alignment.ANCHOR_BLOC
    assert alignment.tint_for_lean(-1.0) == alignment.OTHER_BLOC
    half = alignment.tint_for_lean(0.5)
    assert _distance(half, alignment.ANCHOR_BLOC) < _distance(half, alignment.NON_ALIGNED) + 60


def test_mds_places_friends_close_and_enemies_far():
    relations = np.array([[100, 90, -90], [90, 100, -80], [-90, -80, 100]], dtype=float)
    coords = alignment.classical_mds(relations, np.array([True, True, True]))
    near = np.linalg.norm(coords[0] - coords[1])
    far = np.linalg.norm(coords[0] - coords[2])
    assert far > 4 * near


def test_procrustes_undoes_a_flip_and_a_rotation():
    rng = np.random.default_rng(1)
    reference = rng.normal(size=(6, 2))
    angle = 2.0
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    flipped = (reference @ rotation) * np.array([-1.0, 1.0]) + 3.0
    aligned = alignment.procrustes_onto(flipped, reference)
    assert np.allclose(aligned, reference, atol=1e-9)


def test_alignment_track_does_not_jump_between_turns(played):
    track = played.track
    assert len(track) == len(played.states)
    steps = []
    for before, after in zip(track, track[1:], strict=False):
        common = ~np.isnan(before).any(axis=1) & ~np.isnan(after).any(axis=1)
        steps.append(np.abs(after[common] - before[common]).max())
    # A flip would move dots across the plot (~2 × the spread); drift moves them a little.
    spread = np.nanmax(np.abs(np.vstack(track)))
    assert np.median(steps) < 0.1 * spread


def test_oriented_lean_keeps_the_anchor_on_the_blue_side(played):
    anchor = played.anchor
    assert played.scenario.nation_ids[anchor] == "USA"
    for k in range(0, len(played.states), 7):
        state = played.states[k]
        if state.blocs[0, anchor] != 0:
            assert played.lean(k)[anchor] >= 0


def test_pakistan_leans_to_the_us_in_1955_and_away_by_2020_in_the_campaign():
    campaign = _campaign()
    session = Session.new(campaign, "PAK", seed=0)
    while session.year_of(session.last) < 2020:
        session.end_turn({})
    pak = campaign.nation_index["PAK"]
    assert session.camps(session.index_of_year(1955)).camp[pak] == 1
    assert session.lean(session.index_of_year(1955))[pak] > 0.2
    assert session.camps(session.index_of_year(2020)).camp[pak] == 2
    assert session.lean(session.index_of_year(2020))[pak] < -0.2


# --- the map's data ---------------------------------------------------------------------


def test_map_frame_colours_owned_shapes_with_their_owners_tint(example):
    session = Session.new(example, "PAK")
    shapes = ShapeTable(load_region_map(_campaign()), example)
    frame = build_frame(session.state, shapes, session.anchor, (1, 2, 3))
    pak = example.nation_index["PAK"]
    for sid in ("PAK", "BGD"):
        k = shapes.index[sid]
        assert frame.shape_owner[k] == pak
        assert np.allclose(frame.shape_colours[k], frame.tint[pak])
    assert tuple(frame.shape_colours[shapes.index["IRN"]]) == (1, 2, 3)  # not in the scenario


def test_succession_moves_the_map_from_the_soviet_union_to_russia(played):
    shapes = ShapeTable(load_region_map(_campaign()), played.scenario)
    index = played.scenario.nation_index
    early = shapes.owners(played.states[played.index_of_year(1980)])
    late = shapes.owners(played.states[played.index_of_year(2000)])
    assert early[shapes.index["RUS"]] == index["SUN"]
    assert late[shapes.index["RUS"]] == index["RUS"]


def test_only_meaningful_ties_by_default_and_all_on_request(played):
    shapes = ShapeTable(load_region_map(_campaign()), played.scenario)
    frame = build_frame(played.states[played.index_of_year(1970)], shapes, played.anchor, (0, 0, 0))
    key = visible_ties(frame, None, show_all=False)
    every = visible_ties(frame, None, show_all=True)
    assert set(key) < set(every)
    for i, j in key:
        assert abs(frame.relations[i, j]) >= 40 or frame.war[i, j]
    pak = played.scenario.nation_index["PAK"]
    mine = visible_ties(frame, pak, show_all=False)
    assert set(key) <= set(mine) | {(i, j) for i, j in key if pak not in (i, j)}
    assert all(
        abs(frame.relations[i, j]) >= 25 or frame.treaty_tie[i, j] or frame.war[i, j]
        for i, j in mine
        if pak in (i, j)
    )


def test_mixing_frames_eases_colours_between_turns(played):
    shapes = ShapeTable(load_region_map(_campaign()), played.scenario)
    a = build_frame(played.states[10], shapes, played.anchor, (0, 0, 0))
    b = build_frame(played.states[11], shapes, played.anchor, (0, 0, 0))
    assert mix_frames(a, b, 0.0).shape_colours == pytest.approx(a.shape_colours)
    assert mix_frames(a, b, 1.0) is b
    middle = mix_frames(a, b, 0.5).shape_colours
    assert np.allclose(middle, (a.shape_colours + b.shape_colours) / 2)


# --- effects in words -----------------------------------------------------------------------


def test_every_effect_of_the_example_is_described(example):
    for event in example.events:
        for option in event.options:
            for line in explain.option_effects(option, example):
                assert line and "(" not in line[:1]
    seato = example.events[example.event_index["seato_offer"]].options[0]
    lines = explain.option_effects(seato, example)
    assert "Pakistan joins the South-East Asia Treaty Organisation" in lines
    assert "Pakistan–United States long-run relations +40" in lines
    assert "Aid from United States to Pakistan +0.3 bn $/yr" in lines


def test_flag_only_options_say_their_consequences_come_later(example):
    steel = example.events[example.event_index["bhutto_opening"]].options[0]
    assert all(
        "flag" not in line and "steel" not in line
        for line in explain.option_effects(steel, example)
    )


# --- the session: read, never write ---------------------------------------------------------


def test_end_turn_keeps_every_past_state_unchanged(example):
    session = Session.new(example, "PAK", seed=5)
    first = session.state
    digest = first.digest()
    session.end_turn({})
    session.end_turn({})
    assert session.states[0] is first and first.digest() == digest
    assert [s.turn for s in session.states] == [0, 1, 2]
    assert session.year_of(2) == example.start_year + 2


def test_answers_reach_the_engine(example):
    session = Session.new(example, "PAK", seed=2)
    while not any(p.event.id == "seato_offer" for p in session.pending()):
        session.end_turn({})
    report = session.end_turn({"seato_offer": 1})  # stay non-aligned, against history
    e = example.event_index["seato_offer"]
    assert report.decided[0, e] == 1 and not report.rejected
    assert any(
        entry.event_id == "seato_offer" and entry.decision == "Stay non-aligned" and entry.by_player
        for entry in session.log()
    )


def test_replay_rebuilds_the_past_of_a_resumed_game(example):
    session = Session.new(example, "PAK", seed=4)
    while session.year_of(session.last) < 1960:
        session.end_turn({p.event.id: 1 for p in session.pending()})  # against history
    states, reports = replay_states(session.sim)
    assert len(states) == len(session.states) == len(reports) + 1
    assert states[-1].digest() == session.state.digest()
    assert states[7].digest() == session.states[7].digest()


# --- settings ----------------------------------------------------------------------------------


def test_settings_survive_a_round_trip_and_a_damaged_file(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(
        Settings(width=1920, height=1080, fullscreen=True, ui_scale=1.5, animation="fast"), path
    )
    loaded = load_settings(path)
    assert (loaded.width, loaded.height, loaded.fullscreen, loaded.ui_scale, loaded.animation) == (
        1920,
        1080,
        True,
        1.5,
        "fast",
    )
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text(
        json.dumps({"width": 99999, "animation": "warp", "ui_scale": 7}), encoding="utf-8"
    )
    odd = load_settings(path)
    assert odd.width == 2560 and odd.animation == "normal" and odd.ui_scale == 0.0


def test_window_sizes_are_clamped_and_the_ui_grows_with_the_window():
    assert clamp_size((800, 600)) == (1280, 720)
    assert clamp_size((4000, 3000)) == (2560, 1440)
    assert auto_scale((1280, 720)) == 1.0
    assert auto_scale((2560, 1440)) == 1.75
    assert 1.0 < auto_scale((1600, 900)) < auto_scale((1920, 1080)) < 1.75
    assert Settings(animation="off").animation_seconds() == 0.0
    assert Settings(animation="normal").animation_seconds() == pytest.approx(0.5)


# --- score ---------------------------------------------------------------------------------


def _play_short(answer):
    scenario = load_scenario(SHORT)
    session = Session.new(scenario, "PAK", seed=3)
    session.history_path()  # follow history's path turn by turn, as the main view does
    while not session.done:
        session.end_turn({p.event.id: answer(p) for p in session.pending()})
    return session


def test_playing_as_history_did_is_historys_path():
    session = _play_short(lambda pending: pending.proposed)
    history = session.history_path()
    assert len(history) == len(session.states)
    assert history[-1].digest() == session.state.digest()
    assert differing_decisions(session.states, session.decisions()) == []
    pak = session.scenario.nation_index["PAK"]
    assert all(gap.gap == 0 for gap in relation_gaps(session.state, history[-1], pak))


def test_leaving_historys_path_is_listed():
    session = _play_short(lambda pending: 1)
    listed = differing_decisions(session.states, session.decisions())
    assert ("Arms from America", "Stay out of the pacts", "Sign the agreement") in listed
    history = session.history_path()
    pak = session.scenario.nation_index["PAK"]
    assert history[-1].digest() != session.state.digest()
    assert any(abs(gap.gap) > 1 for gap in relation_gaps(session.state, history[-1], pak))


# --- the command line ----------------------------------------------------------------------


def _run(args, env_changes):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")
    }
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_a_display_play_says_so_in_one_line():
    result = _run([], {})
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "display" in lines[0] and "python main.py simulate" in lines[0]
    assert "Traceback" not in result.stderr


def test_display_detection():
    from game.client.commands import display_problem

    assert display_problem({}, "linux") is not None
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"SDL_VIDEODRIVER": "dummy"}, "linux") is None
    assert display_problem({}, "win32") is None


def test_importing_the_client_commands_does_not_import_pygame():
    code = "import sys, game.cli; game.cli.build_commands(); import game.client.commands; print('pygame' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1800"], "outside the scenario's years"),
        (["--year", "1960", "--size", "big"], "WIDTHxHEIGHT"),
        (["--year", "1960", "--player", "XYZ"], "unknown nation"),
    ],
)
def test_render_rejects_bad_input_in_one_line(tmp_path, args, message):
    result = _run(
        ["render", "--scenario", str(EXAMPLE), "--out", str(tmp_path / "x.png"), *args], {}
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def _campaign():
    from game.errors import ScenarioError

    try:
        return load_scenario(ROOT / "scenarios" / "pak_russia_1947.toml")
    except (ScenarioError, OSError) as error:
        pytest.skip(
            f"the campaign does not load here: {str(error).splitlines()[0] if str(error) else error}"
        )


def _distance(a, b):
    return float(np.linalg.norm(np.subtract(a, b, dtype=float)))


def _campaign():
    """The campaign's map is the one these tests draw other scenarios' nations on."""
    from game import load_scenario

    return load_scenario(
        Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"
    )
