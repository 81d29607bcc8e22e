"""Batch runs: the summary's statistics against known answers, replays, workers, the CLI."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from game import initial_state, load_scenario, step  # noqa: E402
from game.batch import BatchSpec, run_batch  # noqa: E402
from game.batch.binning import Bins, histogram_percentiles  # noqa: E402
from game.batch.progress import ProgressBar  # noqa: E402
from game.cli import main  # noqa: E402

COIN = Path(__file__).parent / "data" / "batch_coin.toml"
RUNS = 600


@pytest.fixture(scope="module")
def coin():
    return load_scenario(COIN)


@pytest.fixture(scope="module")
def coin_summary(coin):
    spec = BatchSpec(coin, runs=RUNS, first_seed=100, policy="ai", tracked=(("AAA", "BBB"),))
    return run_batch(spec)


def within_binomial(share: float, p: float, runs: int) -> bool:
    """Within 4.5 standard deviations of a binomial share (false alarm ~1e-5)."""
    return abs(share - p) <= 4.5 * math.sqrt(p * (1 - p) / runs)


def test_event_shares_match_their_chances(coin_summary):
    events = coin_summary["events"]
    assert within_binomial(events["coin"]["fired_share"], 0.5, RUNS)
    assert events["coin"]["mean_first_year"] == 2001.0
    assert events["sure_thing"] == {
        "title": "Sure thing",
        "fired_share": 1.0,
        "mean_first_year": 2003.0,
        "mean_times_fired": 1.0,
    }
    assert events["never"]["fired_share"] == 0.0 and events["never"]["mean_first_year"] is None
    assert within_binomial(events["drizzle"]["fired_share"], 1 - 0.5**5, RUNS)
    # five independent years at 1/2: 2.5 firings on average, variance 5/4 per run
    assert abs(events["drizzle"]["mean_times_fired"] - 2.5) <= 4.5 * math.sqrt(1.25 / RUNS)


def test_relation_statistics_follow_the_coin(coin_summary):
    fired = round(coin_summary["events"]["coin"]["fired_share"] * RUNS)
    series = coin_summary["pairs"]["AAA:BBB"]
    years = coin_summary["years"]
    assert years == list(range(2000, 2011))
    before, after = years.index(2001), years.index(2002)  # decided the turn after it fires
    assert series["mean"][before] == 10.0 and series["p95"][before] == 10.0
    assert series["mean"][after] == round(10 + 40 * fired / RUNS, 3)
    assert (series["p5"][after], series["p95"][after]) == (10.0, 50.0)
    assert series["runs"] == [RUNS] * len(years)
    unchanged = coin_summary["pairs"]["AAA:CCC"]  # 'never' never fires
    assert set(unchanged["p5"]) == {-40.0} and set(unchanged["p95"]) == {-40.0}


def test_nation_stats_have_bands_and_exact_shared_values(coin_summary):
    population = coin_summary["nations"]["AAA"]["population"]
    assert population["mean"][0] == population["p5"][0] == population["p95"][0]
    gdp = coin_summary["nations"]["BBB"]["gdp"]
    assert all(
        a <= b <= c <= d <= e
        for a, b, c, d, e in zip(
            gdp["p5"], gdp["p25"], gdp["p50"], gdp["p75"], gdp["p95"], strict=True
        )
    )
    assert set(coin_summary["nations"]["CCC"]) == {
        "runs",
        "population",
        "gdp",
        "military",
        "stability",
        "milex",
    }


def test_bloc_outcomes_split_as_the_coin_did(coin_summary):
    blocs = coin_summary["blocs"]
    fired = round(coin_summary["events"]["coin"]["fired_share"] * RUNS)
    counts = {tuple(o["camp_one"] + o["camp_two"]): o["runs"] for o in blocs["outcomes"]}
    assert counts == {("AAA", "BBB"): fired, (): RUNS - fired}
    assert blocs["same_camp_share"] == {"AAA:BBB": round(fired / RUNS, 4)}


def test_representative_runs_replay_alone(coin, coin_summary):
    ranked = coin_summary["representative_runs"]["AAA:BBB"]
    assert ranked["lowest"]["value"] == 10.0 and ranked["highest"]["value"] == 50.0
    for name in ("median", "lowest", "highest"):
        seed = ranked[name]["seed"]
        assert 100 <= seed < 100 + RUNS
        state = initial_state(coin, seeds=seed, policy="ai")
        while not state.done:
            state, _ = step(state)
        assert state.relation("AAA", "BBB") == ranked[name]["value"]


def test_historical_path_is_the_historical_policy_run(coin, coin_summary):
    path = coin_summary["historical_path"]
    assert path["seed"] == 100 and len(path["pairs"]["AAA:BBB"]) == 11
    state = initial_state(coin, seeds=100, policy="historical")
    while not state.done:
        state, _ = step(state)
    assert path["pairs"]["AAA:BBB"][-1] == state.relation("AAA", "BBB")


@pytest.fixture(scope="module")
def rival_summary(rival):
    spec = BatchSpec(
        rival,
        runs=RUNS,
        first_seed=100,
        policy="ai",
        tracked=(("AAA", "BBB"), ("BBB", "CCC"), ("AAA", "CCC")),
    )
    return run_batch(spec)


def test_comparisons_count_the_runs_where_each_pair_is_higher(rival_summary):
    comparisons = rival_summary["comparisons"]
    assert list(comparisons) == ["AAA:BBB vs BBB:CCC", "AAA:BBB vs AAA:CCC", "BBB:CCC vs AAA:CCC"]
    fired = rival_summary["events"]["coin"]["fired_share"]
    assert 0.4 < fired < 0.6
    years = rival_summary["years"]
    coin = comparisons["AAA:BBB vs BBB:CCC"]
    assert coin["runs"] == [RUNS] * len(years)
    after = years.index(2002)  # the coin's option is decided the turn after it fires
    assert coin["first_higher"][:after] == [0.0] * after
    assert coin["second_higher"][:after] == [1.0] * after
    assert coin["first_higher"][after:] == [fired] * (len(years) - after)
    assert coin["second_higher"][after:] == [round(1 - fired, 4)] * (len(years) - after)
    heads = round(fired * RUNS)
    z = 1.959964  # the Wilson score interval, worked out here from its textbook formula
    centre = (heads / RUNS + z * z / (2 * RUNS)) / (1 + z * z / RUNS)
    half = z * math.sqrt(heads / RUNS * (1 - heads / RUNS) / RUNS + z * z / (4 * RUNS**2))
    half /= 1 + z * z / RUNS
    assert coin["end"] == {
        "year": 2010,
        "runs": RUNS,
        "first_higher": fired,
        "second_higher": round(1 - fired, 4),
        "interval95": [round(centre - half, 4), round(centre + half, 4)],
    }
    always = comparisons["AAA:BBB vs AAA:CCC"]  # 10 or 50 against -40
    assert set(always["first_higher"]) == {1.0}
    low, high = always["end"]["interval95"]  # all 600 agree: certain, yet not quite
    assert high == 1.0 and 0.99 < low < 1.0
    never = comparisons["BBB:CCC vs AAA:CCC"]  # 30 against -40
    assert set(never["second_higher"]) == {0.0} and set(never["first_higher"]) == {1.0}


def test_headline_says_who_is_closer_to_whom(rival_summary):
    from game.batch.commands import headline

    fired = rival_summary["events"]["coin"]["fired_share"]
    lines = headline(rival_summary, 1.0)
    assert f"  BBB closer to AAA than to CCC in 2010: {fired:.1%} of runs" in "\n".join(lines)
    assert any(line.startswith("  AAA closer to BBB than to CCC in 2010: 100.0%") for line in lines)


def test_headline_lists_comparisons_sharing_a_nation_first_and_few(rival_summary):
    from game.batch.commands import HEADLINE_COMPARISONS, comparison_lines

    summary = dict(rival_summary)
    template = rival_summary["comparisons"]["AAA:BBB vs BBB:CCC"]
    many = {"AAA:BBB vs CCC:DDD": dict(template, first="AAA:BBB", second="CCC:DDD")}
    for k in range(HEADLINE_COMPARISONS + 2):
        many[f"AAA:B{k:02d} vs AAA:C{k:02d}"] = dict(
            template, first=f"AAA:B{k:02d}", second=f"AAA:C{k:02d}"
        )
    summary["comparisons"] = many
    lines = comparison_lines(summary)
    assert len(lines) == HEADLINE_COMPARISONS + 1
    assert all(" closer to " in line for line in lines[:-1])
    assert lines[0].startswith("  AAA closer to B00 than to C00 in 2010")
    assert lines[-1] == "  … and 3 more comparisons in the summary"


@pytest.fixture(scope="module")
def two_sided(tmp_path_factory):
    """The coin scenario whose coin may also be refused (no effect): by weight, half the
    runs where it fires take each option, unless an option is forced."""
    text = COIN.read_text(encoding="utf-8").replace(
        'effects = ["relation(AAA, BBB) += 40"]\n',
        'effects = ["relation(AAA, BBB) += 40"]\n\n[[events.options]]\nid = "refuse"\n'
        'label = "No"\neffects = []\n',
    )
    assert 'id = "refuse"' in text
    path = tmp_path_factory.mktemp("two_sided") / "two_sided.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("option", "friends"), [("ok", True), ("refuse", False)])
def test_forced_option_is_taken_in_every_run_where_the_event_fires(two_sided, option, friends):
    scenario = load_scenario(two_sided)
    spec = BatchSpec(
        scenario, runs=200, policy="ai", tracked=(("AAA", "BBB"),), forced=(("coin", option),)
    )
    summary = run_batch(spec)
    assert summary["forced"] == {"coin": option}
    fired = summary["events"]["coin"]["fired_share"]
    series = summary["pairs"]["AAA:BBB"]
    assert 0.3 < fired < 0.7
    # forced: every run where the coin fired took the option (unforced, about half would)
    assert series["mean"][-1] == (round(10 + 40 * fired, 3) if friends else 10.0)
    ranked = summary["representative_runs"]["AAA:BBB"]
    alone = initial_state(
        scenario, seeds=ranked["highest"]["seed"], policy="ai", forced={"coin": option}
    )
    while not alone.done:
        alone, _ = step(alone)
    assert alone.relation("AAA", "BBB") == ranked["highest"]["value"]


def test_cli_force_reaches_single_runs_and_batches(two_sided, tmp_path, capsys):
    out = tmp_path / "summary.json"
    common = ["simulate", "--scenario", str(two_sided), "--policy", "ai", "--force", "coin=refuse"]
    assert main([*common, "--runs", "30", "--out", str(out)]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert (
        summary["forced"] == {"coin": "refuse"} and summary["pairs"]["AAA:BBB"]["p95"][-1] == 10.0
    )
    assert "policy ai, coin=refuse," in capsys.readouterr().out
    run = tmp_path / "run.json"
    for seed in range(20):  # the first seed whose coin fires
        assert main([*common, "--seed", str(seed), "--out", str(run)]) == 0
        played = json.loads(run.read_text(encoding="utf-8"))
        decided = [
            turn["decisions"]["coin"] for turn in played["turns"] if "coin" in turn["decisions"]
        ]
        if decided:
            break
    assert played["forced"] == {"coin": "refuse"} and decided == ["refuse"]
    assert {turn["relations"]["AAA"]["BBB"] for turn in played["turns"]} == {10.0}


def test_branches_play_the_same_seeds_with_each_option(two_sided, tmp_path, capsys):
    out = tmp_path / "branches.json"
    arguments = ["simulate", "--scenario", str(two_sided), "--policy", "ai", "--runs", "120"]
    arguments += ["--pairs", "AAA:BBB,AAA:CCC", "--branches", "coin", "--out", str(out)]
    assert main(arguments) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["format"] == "alliance-drift branch comparison" and result["event"] == "coin"
    names = [b["branch"] for b in result["branches"]]
    assert names == ["policy", "ok", "refuse"]
    summaries = {b["branch"]: b["summary"] for b in result["branches"]}
    assert [s["forced"] for s in summaries.values()] == [{}, {"coin": "ok"}, {"coin": "refuse"}]
    fired = {s["events"]["coin"]["fired_share"] for s in summaries.values()}
    assert len(fired) == 1  # the same seeds: the coin fires in the same runs in every branch
    fired_runs = round(fired.pop() * 120)
    means = {name: s["pairs"]["AAA:BBB"]["mean"][-1] for name, s in summaries.items()}
    assert means["ok"] == round(10 + 40 * fired_runs / 120, 3) and means["refuse"] == 10.0
    assert means["refuse"] < means["policy"] < means["ok"]  # the policy takes each sometimes
    table = capsys.readouterr().out.splitlines()
    assert "branches of coin, 120 runs each" in table[0]
    assert table[1].split()[:3] == ["branch", "coin", "fired"]
    assert [line.split()[0] for line in table[2:]] == ["as", "ok", "refuse"]
    assert table[4].split()[2] == "+10.0"  # refuse: AAA:BBB stays at 10


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--branches", "coin"], "--branches needs --runs"),
        (["--runs", "5", "--branches", "con"], "no event 'con'"),
        (["--runs", "5", "--branches", "coin", "--force", "coin=ok"], "is also forced"),
        (["--runs", "5", "--branches", "coin", "--plot", "x.png"], "draw a branch with --force"),
    ],
)
def test_branches_refuse_what_cannot_be_compared(two_sided, arguments, message, capsys):
    assert main(["simulate", "--scenario", str(two_sided), *arguments]) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error


def test_branches_need_an_event_with_a_choice(capsys):
    assert main(["simulate", "--scenario", str(COIN), "--runs", "5", "--branches", "coin"]) == 2
    assert "has one option only" in capsys.readouterr().err


def test_partials_travel_as_their_non_zero_cells_and_arrive_whole(coin):
    """Workers and Dask send partials pickled; the histograms go as non-zeros only."""
    import dataclasses
    import pickle

    from game.batch.runner import run_local
    from game.batch.summary import SPARSE_ON_THE_WIRE

    partial = run_local(BatchSpec(coin, runs=50, tracked=(("AAA", "BBB"), ("AAA", "CCC"))))
    sent = pickle.dumps(partial)
    arrived = pickle.loads(sent)
    for field in dataclasses.fields(partial):
        mine, theirs = getattr(partial, field.name), getattr(arrived, field.name)
        if isinstance(mine, np.ndarray):
            assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs), field.name
        elif isinstance(mine, list):
            assert all(
                np.array_equal(a, b, equal_nan=True) for a, b in zip(mine, theirs, strict=True)
            )
        else:
            assert mine == theirs, field.name
    assert partial.relation_hist.any() and partial.stat_hist.any()
    dense = sum(getattr(partial, name).nbytes for name in SPARSE_ON_THE_WIRE)
    assert len(sent) < dense / 20


def test_workers_give_the_same_summary_as_one_process(coin):
    spec = BatchSpec(
        coin, runs=90, first_seed=7, policy="random", tracked=(("BBB", "AAA"), ("AAA", "CCC"))
    )
    alone = run_batch(spec)
    assert run_batch(spec, workers=2) == alone
    assert json.dumps(alone)  # plain JSON types only


def test_until_stops_the_runs_early(coin):
    summary = run_batch(BatchSpec(coin, runs=20, last_year=2003, tracked=(("AAA", "BBB"),)))
    assert summary["years"][-1] == 2003 and summary["end_year"] == 2003
    assert summary["events"]["drizzle"]["fired_share"] == 0.0


def test_histogram_percentiles_match_numpy_to_the_bin_width():
    rng = np.random.default_rng(3)
    values = rng.normal(5, 30, size=20_000).clip(-100, 100)
    bins = Bins(-100.0, 100.0, 2001, log=False)
    counts = np.bincount(bins.index(values), minlength=bins.count)
    ours = histogram_percentiles(counts, bins)
    assert np.allclose(ours, np.percentile(values, [5, 25, 50, 75, 95]), atol=0.1)


def test_progress_bar_draws_only_on_a_terminal():
    quiet = io.StringIO()
    bar = ProgressBar(runs=100, turns=10, stream=quiet)
    bar(500)
    bar.close()
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    bar = ProgressBar(runs=100, turns=10, stream=shown, force=True)
    bar(500)
    bar(500)
    bar.close()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.getvalue())  # rich's colours, cursor
    assert "100/100 runs" in text and "runs/s" in text and "left" in text and text.endswith("\n")


def test_cli_writes_summary_and_plot_silently_when_piped(tmp_path, capsys):
    out, plot = tmp_path / "summary.json", tmp_path / "fan.png"
    status = main(
        [
            "simulate",
            "--scenario",
            str(COIN),
            "--runs",
            "40",
            "--seed",
            "3",
            "--policy",
            "ai",
            "--out",
            str(out),
            "--plot",
            str(plot),
            "--pairs",
            "AAA:BBB,CCC:AAA",
        ]
    )
    assert status == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["runs"] == 40 and summary["seeds"] == {"first": 3, "last": 42}
    assert summary["chosen_pairs"] == ["AAA:BBB", "CCC:AAA"]
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    printed = capsys.readouterr().out
    assert "\r" not in printed and "40 runs" in printed and "AAA:BBB in 2010" in printed


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--runs", "0"], "--runs must be between"),
        (["--runs", "many"], "--runs must be a whole number"),
        (["--runs", "5", "--pairs", "AAA:ZZZ"], "unknown nation 'ZZZ'"),
        (["--runs", "5", "--pairs", "AAA"], "is not a pair"),
        (["--runs", "5", "--until", "1990"], "outside the scenario's years"),
        (["--plot", "x.png"], "--plot needs --runs"),
        (["--workers", "2"], "--workers needs --runs"),
        (
            ["--runs", "5", "--workers", "2", "--dask", "tcp://127.0.0.1:1"],
            "choose --dask or --workers",
        ),
        (["--runs", "5", "--force", "con=ok"], "no event 'con' in Coin toss; did you mean coin?"),
        (["--force", "coin=tails"], "event 'coin' has the options ok, not 'tails'"),
        (["--runs", "5", "--force", "coin"], "'coin' is not EVENT=OPTION"),
        (["--force", "coin=ok,coin=ok2"], "event 'coin' has the options ok"),
    ],
)
def test_cli_refuses_bad_batch_arguments(arguments, message, capsys):
    assert main(["simulate", "--scenario", str(COIN), *arguments]) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error


def test_docs_name_every_summary_key_and_option(coin_summary):
    doc = (Path(__file__).resolve().parent.parent / "docs" / "batch-runs.md").read_text(
        encoding="utf-8"
    )
    missing = [key for key in coin_summary if f"`{key}" not in doc]
    missing += [
        f"--{flag}"
        for flag in ("runs", "workers", "plot", "pairs", "dask", "precision")
        if f"`--{flag}" not in doc
    ]
    assert missing == []


def test_default_pairs_follow_the_player_and_successors(example):
    from game.batch.commands import default_pairs

    assert default_pairs(example) == (("PAK", "USA"), ("PAK", "SUN"), ("PAK", "RUS"))


def test_headline_names_pairs_that_ended(coin):
    from game.batch.commands import headline

    summary = run_batch(BatchSpec(coin, runs=5, tracked=(("AAA", "BBB"),)))
    summary["pairs"]["AAA:BBB"]["p50"][-1] = None  # as if one of them had ceased to exist
    summary["pairs"]["AAA:BBB"]["runs"][-1] = 0
    lines = headline(summary, 1.0)
    assert "5 runs" in lines[0] and "last together in 2009" in lines[1]
