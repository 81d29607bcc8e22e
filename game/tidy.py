"""Tidy (long) tables of results: one row per observation, ready for pandas, R or a spreadsheet.

A batch summary holds nested per-year arrays (`pairs["PAK:RUS"]["p50"][i]`, indexed by
`years`); a single game holds one nested record per turn. Both flatten here into rows of
plain values, one number per row, so a table needs no reshaping before grouping, filtering
or plotting:

- a batch summary: `year, kind, subject, statistic, measure, value`
  (kind "pair", subject "PAK:RUS", statistic "relation", measure "p50", value 51.8);
- branches of a batch (`--branches`): the same with `branch` first;
- a single game: `seed, turn, year, kind, subject, statistic, value`.

The rows are built with the standard library alone, so `--out summary.csv` works without
pandas; `to_frame` needs the `data` extra (pandas), Parquet needs pyarrow. Column meanings and
units are documented in docs/batch-runs.md ("Tidy tables").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from game.errors import InputError
from game.files import write_atomically

SUMMARY_COLUMNS = ("year", "kind", "subject", "statistic", "measure", "value")
BRANCH_COLUMNS = ("branch", *SUMMARY_COLUMNS)
RECORD_COLUMNS = ("seed", "turn", "year", "kind", "subject", "statistic", "value")
INTEGER_COLUMNS = frozenset({"year", "seed", "turn"})
FLOAT_COLUMNS = frozenset({"value"})
TABLE_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
INSTALL_HINT = 'install the data extra: pip install "alliance-drift[data]"'

Row = tuple[Any, ...]


def summary_rows(summary: dict) -> Iterator[Row]:
    """Every per-year number of a batch summary, one row each; years without a value (a pair
    that exists in no run that year) have no row, `runs` rows always have one."""
    years = summary["years"]
    measures = ["mean", *(f"p{q}" for q in summary["percentiles"])]
    for key, series in summary["pairs"].items():
        yield from _series_rows(years, "pair", key, "relation", series, ["runs", *measures])
    for nation, entry in summary["nations"].items():
        yield from _series_rows(years, "nation", nation, "exists", {"runs": entry["runs"]})
        for statistic, series in entry.items():
            if statistic != "runs":
                yield from _series_rows(years, "nation", nation, statistic, series, measures)
    for key, comparison in summary.get("comparisons", {}).items():
        wanted = ("runs", "first_higher", "second_higher")
        yield from _series_rows(years, "comparison", key, "share", comparison, wanted)
    for key, path in summary.get("historical_path", {}).get("pairs", {}).items():
        yield from _series_rows(years, "pair", key, "relation", {"historical": path})
    last = years[-1] if years else None
    for crisis_id, entry in summary.get("crises", {}).items():
        # Whole-game shares, on the last year's row: statistic "opened", "level" (measure:
        # the level's name) or "outcome" (measure: the kind).
        yield (last, "crisis", crisis_id, "opened", "share", float(entry["opened_share"]))
        for name, share in entry["level_shares"].items():
            yield (last, "crisis", crisis_id, "level", name, float(share))
        for kind, share in entry["outcome_shares"].items():
            yield (last, "crisis", crisis_id, "outcome", kind, float(share))


def branch_rows(result: dict) -> Iterator[Row]:
    """The rows of every branch of a `--branches` comparison, each led by its branch."""
    for branch in result["branches"]:
        for row in summary_rows(branch["summary"]):
            yield (branch["branch"], *row)


def record_rows(run: dict) -> Iterator[Row]:
    """One game (`Simulation.to_json()`): per turn, every pair's relation (each pair once, in
    scenario order), every nation's stats, and a `fired` row of 1 for each event that fired."""
    seed = run["seed"]
    for turn, record in enumerate(run["turns"]):
        year = record["year"]
        nations = list(record["relations"])
        for i, a in enumerate(nations):
            for b in nations[i + 1 :]:
                value = record["relations"][a].get(b)
                if value is not None:
                    yield (seed, turn, year, "pair", f"{a}:{b}", "relation", float(value))
        for nation, stats in record["stats"].items():
            for statistic, value in stats.items():
                yield (seed, turn, year, "nation", nation, statistic, float(value))
        for event in record["events"]:
            yield (seed, turn, year, "event", event, "fired", 1.0)
        for crisis in record.get("crises", []):
            yield (seed, turn, year, "crisis", crisis["id"], "level", float(crisis["level"]))


def _series_rows(
    years: list[int],
    kind: str,
    subject: str,
    statistic: str,
    series: dict,
    measures: Iterable[str] | None = None,
) -> Iterator[Row]:
    for measure in series if measures is None else measures:
        for year, value in zip(years, series[measure], strict=True):
            if value is not None:
                yield (year, kind, subject, statistic, measure, float(value))


def columns(names: tuple[str, ...], rows: Iterable[Row]) -> dict[str, list]:
    """Rows as a column dict, the shape pandas and pyarrow both build tables from."""
    out: dict[str, list] = {name: [] for name in names}
    lists = list(out.values())
    for row in rows:
        for column, value in zip(lists, row, strict=True):
            column.append(value)
    return out


def frame(names: tuple[str, ...], rows: Iterable[Row]):
    """A pandas DataFrame of the rows: integer year/seed/turn, float value, text otherwise."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(f"tables as DataFrames need pandas; {INSTALL_HINT}") from None
    data = columns(names, rows)
    return pd.DataFrame(
        {
            name: pd.Series(values, dtype=_pandas_dtype(name), name=name)
            for name, values in data.items()
        }
    )


def _pandas_dtype(name: str) -> str:
    if name in INTEGER_COLUMNS:
        return "int64"
    if name in FLOAT_COLUMNS:
        return "float64"
    return "str"


def summary_frame(summary: dict):
    """A batch summary (a dict from `run_batch` or read back from its JSON) as a DataFrame."""
    return frame(SUMMARY_COLUMNS, summary_rows(summary))


def branches_frame(result: dict):
    """A `run_branches` comparison as one DataFrame, with a `branch` column."""
    return frame(BRANCH_COLUMNS, branch_rows(result))


def records_frame(run: dict):
    """One game (`Simulation.to_json()`, or its --out JSON read back) as a DataFrame."""
    return frame(RECORD_COLUMNS, record_rows(run))


def table_format(path: Path) -> str:
    """'csv', 'parquet' or 'json' (any other name, as before), by the file's extension."""
    return TABLE_SUFFIXES.get(Path(path).suffix.lower(), "json")


def check_table_output(path: Path) -> None:
    """Fail before a long run when the chosen format cannot be written here."""
    if table_format(path) == "parquet":
        try:
            import pyarrow  # noqa: F401
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise InputError(
                f"{path}: writing Parquet needs pyarrow; {INSTALL_HINT}, or name a .csv or .json file"
            ) from None


def write_table(path: Path, names: tuple[str, ...], rows: Iterable[Row]) -> int:
    """Write the rows to `path` as CSV or Parquet (by extension) through the game's one
    atomic writer (game.files); the number of rows."""
    data = columns(names, rows)
    if table_format(path) == "parquet":
        check_table_output(path)
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {name: _arrow_type(pa, name) for name in names}
        table = pa.table({name: pa.array(data[name], type=types[name]) for name in names})
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
        payload = buffer.getvalue()
    else:
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(names)
        # repr of a float is the shortest text that reads back as the same float
        writer.writerows(zip(*data.values(), strict=True))
        payload = text.getvalue().encode("utf-8")
    write_atomically(path, payload)
    return len(data[names[0]])


def write_result(
    path: Path,
    document: dict,
    names: tuple[str, ...],
    rows: Iterable[Row],
    ensure_ascii: bool = False,
) -> None:
    """`--out`: the tidy table for .csv and .parquet, else the whole document as JSON."""
    if table_format(path) == "json":
        text = json.dumps(document, indent=1, ensure_ascii=ensure_ascii) + "\n"
        write_atomically(path, text.encode("utf-8"))
    else:
        write_table(path, names, rows)


def _arrow_type(pa, name: str):
    if name in INTEGER_COLUMNS:
        return pa.int64()
    if name in FLOAT_COLUMNS:
        return pa.float64()
    return pa.string()
