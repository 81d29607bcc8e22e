"""`--precision`: a batch stops at the first blocks of seeds whose every 'closer to' share is
known well enough, and says so; the same stopping point for any number of workers."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import io  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import multiprocessing  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from game.batch import BatchSpec, run_batch  # noqa: E402
from game.batch.precision import (  # noqa: E402
    BLOCK_SIZES,
    block_end,
    block_sizes,
    precision_blocks,
    runs_needed,
)
from game.batch.progress import ProgressBar  # noqa: E402
from game.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAIRS = (("AAA", "BBB"), ("BBB", "CCC"))  # AAA:BBB is the higher exactly where the coin fired


def spec(scenario, runs: int) -> BatchSpec:
    return BatchSpec(scenario, runs=runs, first_seed=100, policy="ai", tracked=PAIRS)


def margin_in_points(count: int, runs: int) -> float:
    """The 95% Wilson interval's far end from the share, worked out here from the formula."""
    z, p = 1.959963984540054, count / runs
    centre = (p + z * z / (2 * runs)) / (1 + z * z / runs)
    half = z * math.sqrt(p * (1 - p) / runs + z * z / (4 * runs * runs)) / (1 + z * z / runs)
    return 100 * max(p - max(0.0, centre - half), min(1.0, centre + half) - p)


def widest(summary: dict) -> float:
    end = summary["comparisons"]["AAA:BBB vs BBB:CCC"]["end"]
    first = round(end["first_higher"] * end["runs"])
    second = round(end["second_higher"] * end["runs"])
    return max(margin_in_points(first, end["runs"]), margin_in_points(second, end["runs"]))


def test_blocks_cover_the_seeds_in_order_small_ones_first():
    seeds = np.arange(10, 10 + 4321, dtype=np.uint64)
    blocks = precision_blocks(seeds)
    assert [len(b) for b in blocks[: len(BLOCK_SIZES)]] == list(BLOCK_SIZES)
    assert np.array_equal(np.concatenate(blocks), seeds)
    assert len(blocks[-1]) == (4321 - sum(BLOCK_SIZES)) % BLOCK_SIZES[-1]


def test_stops_after_the_first_blocks_that_answer_well_enough(rival):
    margins: list = []
    counted: list = []

    def heard(margin: float | None, runs: int) -> None:
        margins.append(margin)
        counted.append(runs)

    summary = run_batch(spec(rival, 5000), precision=3.0, on_margin=heard)
    # Worked out independently: plain batches of each block boundary, margins by formula.
    boundaries = np.cumsum(list(itertools.islice(block_sizes(), 5)))
    expected = [widest(run_batch(spec(rival, int(n)))) for n in boundaries]
    first_precise = next(k for k, margin in enumerate(expected) if margin <= 3.0)
    assert summary["runs"] == boundaries[first_precise]
    assert margins == pytest.approx(expected[: first_precise + 1])
    assert counted == list(boundaries[: first_precise + 1])
    assert summary["precision"] == {
        "points": 3.0,
        "met": True,
        "margin": round(expected[first_precise], 2),
        "most_runs": 5000,
    }
    # What it reports is exactly the summary of the runs it played.
    plain = run_batch(spec(rival, summary["runs"]))
    assert {k: v for k, v in summary.items() if k != "precision"} == plain


def test_plays_every_run_when_the_answer_stays_too_rough(rival):
    summary = run_batch(spec(rival, 600), precision=1.0)
    assert summary["runs"] == 600 and summary["seeds"] == {"first": 100, "last": 699}
    assert summary["precision"]["met"] is False
    assert summary["precision"]["margin"] == pytest.approx(widest(summary), abs=0.005)
    assert summary["precision"]["margin"] > 1.0


def test_blocks_count_in_seed_order_whatever_order_they_arrive_in(rival):
    """Workers finish blocks in any order; a block counts once all before it have."""
    from game.batch.parallel import empty_partial, local_blocks
    from game.batch.precision import merge_until_precise

    batch = spec(rival, 2000)
    blocks = precision_blocks(batch.seeds())
    played = list(local_blocks(batch, blocks))
    in_order: list = []
    expected, _ = merge_until_precise(
        iter(played), empty_partial(batch), 3.0, lambda *heard: in_order.append(heard)
    )
    arrival = [played[k] for k in (1, 0, 3, 2, 5, 4)]
    scrambled: list = []
    merged, _ = merge_until_precise(
        iter(arrival), empty_partial(batch), 3.0, lambda *heard: scrambled.append(heard)
    )
    assert scrambled == in_order and merged.runs == expected.runs == 1500
    assert np.array_equal(merged.compare_first, expected.compare_first)


def test_workers_stop_at_the_same_runs_and_leave_no_process(rival):
    alone = run_batch(spec(rival, 20_000), precision=4.0)
    shared = run_batch(spec(rival, 20_000), workers=2, precision=4.0)
    assert shared == alone and alone["runs"] < 20_000
    assert multiprocessing.active_children() == []


def test_command_exits_promptly_when_workers_are_stopped_early(rival_path, tmp_path):
    """Blocks never taken are left in the workers' queue: exiting must not wait on them."""
    out = tmp_path / "summary.json"
    command = [sys.executable, str(ROOT / "main.py"), "simulate", "--scenario", str(rival_path)]
    command += ["--runs", "400000", "--precision", "5", "--workers", "2", "--policy", "ai"]
    command += ["--pairs", "AAA:BBB,BBB:CCC", "--out", str(out)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert finished.returncode == 0, finished.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["runs"] < 400_000
    assert "precision: every share within" in finished.stdout


def test_command_says_where_it_stopped_and_why(rival_path, tmp_path, capsys):
    out = tmp_path / "summary.json"
    common = ["simulate", "--scenario", str(rival_path), "--seed", "100", "--policy", "ai"]
    common += ["--pairs", "AAA:BBB,BBB:CCC"]
    assert main([*common, "--runs", "5000", "--precision", "3", "--out", str(out)]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    runs = summary["runs"]
    printed = capsys.readouterr().out
    assert f"{runs:,} runs, seeds 100..{99 + runs}" in printed
    margin = summary["precision"]["margin"]
    assert (
        f"precision: every share within ±{margin:.1f} points (asked ±3) after {runs:,} of at "
        "most 5,000 runs" in printed
    )
    assert main([*common, "--runs", "600", "--precision", "1"]) == 0
    assert "played all 600 runs; the widest share is still ±" in capsys.readouterr().out


def test_command_plays_every_run_when_there_is_no_share_to_measure(capsys):
    """Russia emerges in 1991: in 1960 there is no PAK:RUS to compare with PAK:USA."""
    arguments = ["simulate", "--runs", "20", "--until", "1960", "--pairs", "PAK:RUS,PAK:USA"]
    assert main([*arguments, "--precision", "5"]) == 0
    printed = capsys.readouterr().out
    assert "20 runs" in printed
    assert "no two chosen pairs exist together in 1960, so there is no share" in printed


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--precision", "3"], "--precision needs --runs"),
        (["--runs", "50", "--precision", "3", "--pairs", "AAA:BBB"], "needs two or more --pairs"),
        (["--runs", "50", "--precision", "3", "--pairs", "BBB:CCC", "--branches", "coin"], "fixed"),
        (
            ["--runs", "50", "--precision", "0"],
            "between 0.1 and 50 percentage points (2 means ±2), not 0",
        ),
        (["--runs", "50", "--precision", "80"], "between 0.1 and 50"),
        (["--runs", "50", "--precision", "high"], "a number of percentage points"),
    ],
)
def test_command_refuses_what_precision_cannot_do(rival_path, arguments, message, capsys):
    assert main(["simulate", "--scenario", str(rival_path), *arguments]) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error


def test_a_batch_can_stop_only_where_a_block_ends():
    assert block_end(1, 10_000) == 250
    assert block_end(2060, 10_000) == 2500  # 4 x 250, then 500s: 1,500, 2,000, 2,500
    assert block_end(3000, 10_000) == 3000 and block_end(3001, 10_000) == 3500
    assert block_end(9999, 10_000) == 10_000 and block_end(50_000, 10_000) == 10_000
    assert block_end(700, 600) == 600


def test_runs_needed_follow_the_square_root_law():
    assert runs_needed(4.0, 500, 2.0) == 2000  # half the margin: four times the runs
    assert runs_needed(3.0, 1000, 3.0) == 1000
    assert runs_needed(2.9, 1000, 3.0) == 935  # ceil(1000 * (2.9 / 3) ** 2)


def _screen(stream: io.StringIO) -> str:
    """What the terminal shows: the text without colours and cursor codes, the last line
    drawn (each redraw starts with a carriage return)."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue()).split("\r")[-1].rstrip()


def test_progress_bar_times_itself_by_the_expected_stop():
    shown = io.StringIO()
    bar = ProgressBar(runs=1000, turns=10, stream=shown, force=True, may_stop_early=True)
    bar.started -= 10.0  # 100 runs in 10 s: 10 runs/s
    bar(1000)
    assert _screen(shown).endswith("at most 1 min 30 s left")  # 900 runs still possible
    bar.note("±6.0 pts", expected_runs=400)
    assert _screen(shown).endswith("about 30 s left  ±6.0 pts")  # 300 to go


def test_progress_bar_shows_the_margin_and_an_upper_bound_on_time_left():
    shown = io.StringIO()
    bar = ProgressBar(runs=100, turns=10, stream=shown, force=True, may_stop_early=True)
    bar(300)
    bar.note("±4.2 pts")  # drawn at once, not only with the next runs
    assert _screen(shown).endswith("±4.2 pts") and "at most" in _screen(shown)
    bar(700)
    bar.close()
    assert re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.getvalue()).endswith("\n")  # line ended
    assert "±4.2 pts" in _screen(shown) and "100/100 runs" in _screen(shown)
