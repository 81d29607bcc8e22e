"""Targets, backtest and calibrate: the file format and its errors, the score's measures,
and a fit that recovers a planted parameter on a tiny world."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game import load_scenario
from game.calibration.evaluate import Evaluator
from game.calibration.fit import FitSettings, fit, header, read_log
from game.calibration.knobs import knobs_of, values_of, with_values
from game.calibration.paths import play_paths
from game.calibration.score import score
from game.calibration.targets import load_targets
from game.errors import ScenarioError

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"

# A world where nation AAA decides every year whether BBB and CCC grow closer ("warm") or
# apart ("cool"). Warming serves AAA's economy (a motive), so how often it warms depends on
# the temperature of its AI alone: the designer's odds are even, and no nation takes
# diplomatic actions. The BBB-CCC tie then tells the temperature.
TINY = """schema_version = 1
[scenario]
id = "tiny"
name = "Tiny"
start_year = 2000
end_year = 2029
targets = "targets.toml"
{ai}
[[nations]]
id = "AAA"
name = "A"
color = "#336699"
capital = [10.0, 20.0]
[nations.stats]
population = 50
gdp = 50
gdp_growth = 3
defence_share = 2
[[nations]]
id = "BBB"
name = "B"
color = "#336699"
capital = [11.0, 20.0]
[nations.stats]
population = 50
gdp = 50
gdp_growth = 3
defence_share = 2
[[nations]]
id = "CCC"
name = "C"
color = "#336699"
capital = [12.0, 20.0]
[nations.stats]
population = 50
gdp = 50
gdp_growth = 3
defence_share = 2

[[events]]
id = "choice"
title = "A choice"
text = "Bring them together, or set them apart?"
years = [2000, 2029]
nation = "AAA"
once = false
[[events.options]]
id = "warm"
label = "Warm"
ai_weight = 1
motives = {{ economy = 1.5 }}
effects = ["baseline(BBB, CCC) += 4", "relation(BBB, CCC) += 4"]
[[events.options]]
id = "cool"
label = "Cool"
ai_weight = 1
effects = ["baseline(BBB, CCC) -= 4", "relation(BBB, CCC) -= 4"]
"""

TARGETS_HEAD = """schema_version = 1
[targets]
fit_until = 2019
[[periods]]
id = "00s"
start = 2000
end = 2009
[[periods]]
id = "10s"
start = 2010
end = 2019
[[periods]]
id = "20s"
start = 2020
end = 2029
"""


def tiny_world(folder: Path, temperature: float | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    ai = "" if temperature is None else f"[ai]\ntemperature = {temperature}\n"
    path = folder / "tiny.toml"
    path.write_text(TINY.format(ai=ai))
    (folder / "targets.toml").write_text(
        TARGETS_HEAD + '[[pairs]]\npair = ["BBB", "CCC"]\nvalues = [0, 0, 0]\n'
    )
    return path


def test_the_campaign_targets_load_with_their_alias_and_held_out_periods():
    scenario = load_scenario(CAMPAIGN)
    targets = load_targets(scenario.targets, scenario)
    assert [p.id for p in targets.periods][:2] == ["47-49", "50s"]
    assert targets.members("SU") == ("SUN", "RUS")
    assert [targets.periods[i].id for i in targets.held_out()] == ["00s", "10s", "20-24"]
    assert len(targets.pairs) == 11


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[pairs]]\npair = ["BBB", "XXX"]\nvalues = [0, 0, 0]\n', "'XXX' is not a nation"),
        ('[[pairs]]\npair = ["BBB", "CCC"]\nvalues = [0, 0]\n', "2 values for 3 periods"),
        ('[[pairs]]\npair = ["BBB", "CCC"]\nvalues = [0, 0, 300]\n', "values[2]"),
        ('[[pairs]]\npair = ["BBB", "CCC"]\nvalue = [0, 0, 0]\n', "did you mean 'values'"),
        ('[[events]]\nevent = "nope"\nyear = 2001\n', "no event 'nope'"),
        ('[[events]]\nevent = "choice"\noption = "hot"\nyear = 2001\n', "its options: warm, cool"),
    ],
)
def test_a_bad_targets_file_names_the_line_and_what_is_wrong(tmp_path, text, expected):
    scenario = load_scenario(tiny_world(tmp_path))
    path = tmp_path / "targets.toml"
    pairs = '[[pairs]]\npair = ["BBB", "CCC"]\nvalues = [0, 0, 0]\n'
    path.write_text(TARGETS_HEAD + (text if "pairs" in text else pairs + text))
    with pytest.raises(ScenarioError) as error:
        load_targets(path, scenario)
    message = str(error.value)
    assert expected in message
    assert "targets.toml:" in message and ":" in message.split("targets.toml:")[1][:4]


def test_overlapping_periods_are_refused(tmp_path):
    scenario = load_scenario(tiny_world(tmp_path))
    path = tmp_path / "targets.toml"
    text = TARGETS_HEAD.replace("start = 2010", "start = 2005")
    path.write_text(text + '[[pairs]]\npair = ["BBB", "CCC"]\nvalues = [0, 0, 0]\n')
    with pytest.raises(ScenarioError, match="inside the period before"):
        load_targets(path, scenario)


def test_a_targets_file_outside_the_scenarios_folder_is_refused(tmp_path):
    path = tiny_world(tmp_path / "inner")
    path.write_text(path.read_text().replace('"targets.toml"', '"../elsewhere.toml"'))
    with pytest.raises(ScenarioError, match="must stay inside the scenario's folder"):
        load_scenario(path)


def test_score_measures_medians_by_period_and_counts_pinned_pair_years(tmp_path):
    scenario = load_scenario(tiny_world(tmp_path))
    targets = load_targets(scenario.targets, scenario)
    paths = play_paths(scenario, targets, np.arange(12), "ai")
    assert paths.values.shape == (12, 30, 1)
    result = score(paths, targets, scenario.nation_ids)
    yearly = np.median(paths.values[:, :, 0], axis=0)
    assert result.model[0, 0] == pytest.approx(yearly[:10].mean())
    assert result.error[2, 0] == pytest.approx(abs(yearly[20:].mean()))
    assert result.fitted_mae == pytest.approx(np.mean(result.period_mae[:2]))
    # Pinned: planting a run at the bound in one year makes that pair-year count once
    # 5% of runs sit there (1 of 12 runs is 8%).
    assert result.pinned_pair_years == 0
    paths.pinned[3, 1, 2] = paths.pinned[3, 2, 1] = 1
    assert score(paths, targets, scenario.nation_ids).pinned_pair_years == 1


def test_knobs_round_trip_and_set_a_copy_of_the_scenario(tmp_path):
    scenario = load_scenario(CAMPAIGN)
    knobs = knobs_of(scenario)
    names = [k.name for k in knobs]
    assert names[:3] == ["ai.temperature", "ai.prior", "ai.courting"]
    assert "CHN.thrift" in names and "USA.bloc" in names
    values = values_of(knobs, np.array([k.to_x(k.start) for k in knobs]))
    pak = next(i for i in scenario.interests if i.nation == "PAK")
    assert values["PAK.thrift"] == pytest.approx(pak.personality["thrift"])
    values["ai.temperature"] = 1.7
    values["PAK.ideology"] = 0.9
    copy = with_values(scenario, knobs, values)
    assert copy.ai["temperature"] == 1.7 and scenario.ai["temperature"] != 1.7
    pak = next(i for i in copy.interests if i.nation == "PAK")
    assert pak.weights["ideology"] == 0.9 and pak.rivals == ("IND", "AFG")


def test_the_ai_table_of_an_included_file_tunes_the_ai(tmp_path):
    path = tiny_world(tmp_path)
    (tmp_path / "tuned.toml").write_text(
        "schema_version = 1\n[ai]\ntemperature = 2.5\n[ai.nations.AAA]\n"
        "weights = { economy = 3 }\npersonality = { thrift = 0.9 }\n"
    )
    path.write_text('include = ["tuned.toml"]\n' + path.read_text())
    scenario = load_scenario(path)
    assert scenario.ai["temperature"] == 2.5
    aaa = next(i for i in scenario.interests if i.nation == "AAA")
    assert aaa.weights["economy"] == 3 and aaa.personality["thrift"] == 0.9


def test_calibrate_recovers_a_planted_temperature(tmp_path):
    """Targets made by a world whose AI has temperature 2.0; the fit starts from the
    default 0.6 and must find 2.0 within ±0.6 (the tie's path is flat in the temperature
    near the optimum, so the tolerance is the width of that valley on 64 runs)."""
    planted = load_scenario(tiny_world(tmp_path / "planted", temperature=2.0))
    targets = load_targets(planted.targets, planted)
    made = score(play_paths(planted, targets, np.arange(64), "ai"), targets)
    path = tiny_world(tmp_path / "fit")
    values = ", ".join(f"{v:.2f}" for v in made.model[:, 0])
    (tmp_path / "fit" / "targets.toml").write_text(
        TARGETS_HEAD + f'[[pairs]]\npair = ["BBB", "CCC"]\nvalues = [{values}]\n'
    )
    scenario = load_scenario(path)
    targets = load_targets(scenario.targets, scenario)
    start = score(play_paths(scenario, targets, np.arange(64), "ai"), targets)
    knobs = knobs_of(scenario)
    settings = FitSettings(budget=60, runs=64, seed=3, regularise=0.0)
    log = tmp_path / "fit.log.jsonl"
    head = header(knobs, settings, scenario.content_hash)
    with Evaluator(path, None, np.arange(64)) as evaluator:
        result = fit(knobs, targets, evaluator, settings, log, head, scenario.nation_ids)
    assert abs(result.best["ai.temperature"] - 2.0) < 0.6, result.best
    assert result.best_candidate.error < start.fitted_mae / 3
    # The log holds every generation; reading it back gives the same fit without playing.
    generations = read_log(log, head)
    assert sum(len(g["X"]) for g in generations) == result.evaluations >= 60

    class Refuses:
        until = None

        def map(self, *_):
            raise AssertionError("a resumed fit replays its log; it plays nothing")

    again = fit(knobs, targets, Refuses(), settings, log, head, scenario.nation_ids)
    assert again.best == result.best


def test_a_log_of_another_fit_is_refused(tmp_path):
    log = tmp_path / "x.log.jsonl"
    log.write_text(json.dumps({"format": "alliance-drift-calibration-log", "runs": 5}) + "\n")
    with pytest.raises(ValueError, match="other settings"):
        read_log(log, {"format": "alliance-drift-calibration-log", "runs": 6})


def _main(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=cwd,
    )


def test_backtest_prints_the_table_and_writes_json(tmp_path):
    path = tiny_world(tmp_path)
    out = tmp_path / "bt.json"
    done = _main("backtest", "--scenario", str(path), "--runs", "8", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "BBB:CCC" in done.stdout and "MAE of the fitted periods" in done.stdout
    data = json.loads(out.read_text())
    assert data["periods"] == ["00s", "10s", "20s"] and data["runs"] == 8
    assert data["fitted_periods"] == ["00s", "10s"]


def test_backtest_without_targets_says_how_to_add_them(tmp_path):
    path = tiny_world(tmp_path)
    path.write_text(path.read_text().replace('targets = "targets.toml"\n', ""))
    done = _main("backtest", "--scenario", str(path), "--runs", "4")
    assert done.returncode == 2
    assert "names no targets" in done.stderr and "Traceback" not in done.stderr


def test_calibrate_writes_an_ai_table_the_scenario_can_include(tmp_path):
    path = tiny_world(tmp_path)
    out = tmp_path / "calibrated.toml"
    done = _main(
        "calibrate", "--scenario", str(path), "--budget", "8", "--runs", "8",
        "--check-runs", "8", "--out", str(out), "--report", str(tmp_path / "r.png"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "fitted MAE" in done.stdout
    assert (tmp_path / "r.png").read_bytes()[:4] == b"\x89PNG"
    path.write_text('include = ["calibrated.toml"]\n' + path.read_text())
    tuned = load_scenario(path)
    assert tuned.ai["temperature"] != 0.6 or tuned.ai["prior"] != 1.0


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_stop_signal_ends_a_fit_with_its_workers_and_the_log_resumes(tmp_path):
    import signal
    import time

    from tests.test_hostile_outputs import _alive, _children

    path = tiny_world(tmp_path)
    out = tmp_path / "fit.toml"
    command = [sys.executable, str(ROOT / "main.py"), "calibrate", "--scenario", str(path)]
    command += ["--budget", "100000", "--runs", "64", "--workers", "2", "--out", str(out)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    log = Path(str(out) + ".log.jsonl")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if log.exists() and len(log.read_text().splitlines()) >= 2:
                break  # a generation is logged
            time.sleep(0.2)
        children = _children(process.pid)
        assert len(children) >= 2, "the workers did not start"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 143, err
    assert b"Traceback" not in err
    assert not out.exists()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in children if _alive(pid)] == []
    logged = len(log.read_text().splitlines())
    assert logged >= 2


@pytest.mark.parametrize(
    "args",
    [
        ["backtest", "--runs", "\u0663"],  # an Arabic-Indic three is not 3
        ["backtest", "--seed", "-1"],
        ["calibrate", "--budget", "1", "--out", "x.toml"],
        ["tournament", "--seeds", "\u0663"],
    ],
)
def test_number_options_take_ascii_digits_within_their_bounds(tmp_path, args):
    done = _main(*args, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert args[1] in done.stderr
    assert list(tmp_path.iterdir()) == []
