"""Tidy tables: a batch's DataFrame, CSV and Parquet agree to the value, and say what the
summary says; single games and branches flatten the same way; --out picks by extension."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from game import load_scenario
from game.batch import BatchSpec, run_batch
from game.cli import main
from game.simulation import Simulation
from game.tidy import (
    BRANCH_COLUMNS,
    RECORD_COLUMNS,
    SUMMARY_COLUMNS,
    summary_rows,
    write_table,
)

pd = pytest.importorskip("pandas")

COIN = Path(__file__).parent / "data" / "batch_coin.toml"


@pytest.fixture(scope="module")
def summary():
    spec = BatchSpec(
        load_scenario(COIN),
        runs=120,
        first_seed=5,
        policy="ai",
        tracked=(("AAA", "BBB"), ("AAA", "CCC")),
    )
    return run_batch(spec)


def test_dataframe_csv_and_parquet_agree_to_the_value(summary, tmp_path):
    frame = summary.to_frame()
    assert tuple(frame.columns) == SUMMARY_COLUMNS
    assert str(frame["year"].dtype) == "int64" and str(frame["value"].dtype) == "float64"
    csv_path, parquet_path = tmp_path / "s.csv", tmp_path / "s.parquet"
    rows = list(summary_rows(summary))
    assert write_table(csv_path, SUMMARY_COLUMNS, rows) == len(frame) == len(rows)
    write_table(parquet_path, SUMMARY_COLUMNS, rows)
    from_csv = pd.read_csv(csv_path)  # as a reader would, with pandas' defaults
    from_parquet = pd.read_parquet(parquet_path)
    for other in (from_csv, from_parquet):
        pd.testing.assert_frame_equal(other, frame, check_exact=True, check_dtype=False)
        assert (other["value"].to_numpy() == frame["value"].to_numpy()).all()
        assert (other["year"].to_numpy() == frame["year"].to_numpy()).all()


def test_the_table_says_what_the_summary_says(summary):
    frame = summary.to_frame()
    years = summary["years"]

    def value(kind, subject, statistic, measure, year):
        found = frame.query(
            "kind == @kind and subject == @subject and statistic == @statistic"
            " and measure == @measure and year == @year"
        )["value"]
        assert len(found) == 1
        return found.iloc[0]

    pair = summary["pairs"]["AAA:BBB"]
    assert value("pair", "AAA:BBB", "relation", "p50", years[-1]) == pair["p50"][-1]
    assert value("pair", "AAA:BBB", "relation", "runs", years[0]) == pair["runs"][0]
    gdp = summary["nations"]["AAA"]["gdp"]
    assert value("nation", "AAA", "gdp", "p95", years[3]) == gdp["p95"][3]
    history = summary["historical_path"]["pairs"]["AAA:CCC"]
    assert value("pair", "AAA:CCC", "relation", "historical", years[-1]) == history[-1]
    comparison = summary["comparisons"]["AAA:BBB vs AAA:CCC"]
    assert (
        value("comparison", "AAA:BBB vs AAA:CCC", "share", "first_higher", years[-1])
        == comparison["first_higher"][-1]
    )
    # one row per number: every pair and nation series is there, and nothing twice
    assert not frame.duplicated(["year", "kind", "subject", "statistic", "measure"]).any()
    assert set(frame.query("kind == 'pair'")["subject"]) == set(summary["pairs"])
    # the tidy table pivots to the summary's arrays without any reshaping of its own
    wide = frame.query("subject == 'AAA:BBB' and measure != 'historical'").pivot(
        index="year", columns="measure", values="value"
    )
    assert wide["p25"].tolist() == pair["p25"]


def test_a_summary_read_back_from_json_gives_the_same_table(summary, tmp_path):
    from game.tidy import summary_frame

    again = json.loads(json.dumps(summary))
    pd.testing.assert_frame_equal(summary_frame(again), summary.to_frame())


def test_a_single_game_flattens_turn_by_turn():
    sim = Simulation(load_scenario(COIN), seed=4, policy="ai").run()
    frame = sim.to_frame()
    assert tuple(frame.columns) == RECORD_COLUMNS
    last = sim.records[-1]
    a, b = next((a, b) for a in last["relations"] for b in last["relations"][a])
    last_turn = frame[(frame["turn"] == frame["turn"].max()) & (frame["subject"] == f"{a}:{b}")]
    rows = last_turn
    assert rows["value"].tolist() == [last["relations"][a][b]]
    assert set(frame["seed"]) == {4}
    stability = frame.query("kind == 'nation' and subject == @a and statistic == 'stability'")
    assert stability["value"].tolist() == [r["stats"][a]["stability"] for r in sim.records]
    fired = frame.query("kind == 'event'")
    assert len(fired) == sum(len(r["events"]) for r in sim.records)


def test_cli_out_chooses_the_format_by_extension(tmp_path, capsys):
    common = ["simulate", "--scenario", str(COIN), "--runs", "30", "--policy", "ai"]
    for name in ("s.csv", "s.parquet", "s.json"):
        assert main([*common, "--out", str(tmp_path / name)]) == 0
    capsys.readouterr()
    from_csv = pd.read_csv(tmp_path / "s.csv")
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "s.parquet"), from_csv, check_exact=True, check_dtype=False
    )
    assert json.loads((tmp_path / "s.json").read_text())["runs"] == 30
    assert tuple(from_csv.columns) == SUMMARY_COLUMNS
    # one game too
    assert main(["simulate", "--scenario", str(COIN), "--out", str(tmp_path / "one.csv")]) == 0
    assert tuple(pd.read_csv(tmp_path / "one.csv").columns) == RECORD_COLUMNS


def test_cli_branches_write_one_table_with_a_branch_column(tmp_path, capsys):
    two_sided = tmp_path / "two_sided.toml"
    two_sided.write_text(
        COIN.read_text(encoding="utf-8").replace(
            'effects = ["relation(AAA, BBB) += 40"]\n',
            'effects = ["relation(AAA, BBB) += 40"]\n\n[[events.options]]\nid = "refuse"\n'
            'label = "No"\neffects = []\n',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "b.csv"
    arguments = ["simulate", "--scenario", str(two_sided), "--runs", "20", "--policy", "ai"]
    assert main([*arguments, "--branches", "coin", "--out", str(out)]) == 0
    capsys.readouterr()
    frame = pd.read_csv(out)
    assert tuple(frame.columns) == BRANCH_COLUMNS
    assert frame["branch"].unique().tolist() == ["policy", "ok", "refuse"]
    refused = frame.query("branch == 'refuse' and subject == 'AAA:BBB' and measure == 'p95'")[
        "value"
    ]
    assert refused.iloc[-1] == 10.0  # refusing the coin leaves the pair where it started


def test_parquet_without_pyarrow_is_refused_before_the_run(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    out = tmp_path / "s.parquet"
    status = main(["simulate", "--scenario", str(COIN), "--runs", "5", "--out", str(out)])
    error = capsys.readouterr().err
    assert status == 2 and "pyarrow" in error and "alliance-drift[data]" in error
    assert not out.exists()
