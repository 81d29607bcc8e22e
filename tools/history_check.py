"""Check the Pakistan–Russia campaign's historical run against the reference tables.

Runs the scenario with the historical policy for several seeds at once and prints:
- the mean absolute error (MAE) of relations per decade against the alignment targets of
  the reference timeline (11 pairs; the Soviet Union before 1992, Russia after);
- national statistics (population, GDP, military spending) against the reference at
  1950, 1971, 1991 and 2020, with the error in %;
- the blocs of the first seed at a few years.

Usage::

    python tools/history_check.py [--scenario scenarios/pak_russia_1947.toml] [--seeds 8]
                                  [--pairs] [--force EVENT=OPTION ...]

Exit status 0 when every decade's MAE is within --max-mae (default 15) and every statistic
within --max-stat-error (default 25%), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game import Simulation, load_scenario  # noqa: E402
from game.derived import derived_stat  # noqa: E402
from game.phases.blocs import bloc_lists  # noqa: E402
from game.scenario import STAT_INDEX  # noqa: E402

DEFAULT_SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"

# Periods of the reference alignment table (inclusive years).
PERIODS: list[tuple[str, int, int]] = [
    ("47-49", 1947, 1949),
    ("50s", 1950, 1959),
    ("60s", 1960, 1969),
    ("70s", 1970, 1979),
    ("80s", 1980, 1989),
    ("90s", 1990, 1999),
    ("00s", 2000, 2009),
    ("10s", 2010, 2019),
    ("20-24", 2020, 2024),
]

# Alignment targets (reference timeline, section 3). "SU" is the Soviet Union before 1992
# and Russia from 1992.
TARGETS: dict[tuple[str, str], list[float]] = {
    ("PAK", "USA"): [20, 65, 25, 15, 75, -10, 45, 0, 0],
    ("PAK", "SU"): [-5, -40, -5, 0, -70, -25, 10, 35, 35],
    ("PAK", "CHN"): [0, 10, 55, 75, 75, 75, 80, 85, 80],
    ("PAK", "IND"): [-60, -50, -75, -65, -55, -60, -35, -60, -65],
    ("IND", "SU"): [10, 45, 55, 80, 80, 50, 70, 60, 55],
    ("IND", "USA"): [15, 10, 25, -15, 5, 15, 50, 60, 60],
    ("IND", "CHN"): [15, 30, -70, -45, -25, 10, 15, -15, -50],
    ("USA", "SU"): [-70, -65, -50, -25, -40, 25, 0, -55, -85],
    ("CHN", "SU"): [60, 50, -60, -75, -35, 40, 55, 65, 75],
    ("USA", "CHN"): [-50, -80, -75, 30, 35, 10, 15, -15, -50],
    ("PAK", "AFG"): [-40, -45, -40, -45, -80, 20, -25, -40, -45],
}

# Reference statistics (reference timeline, section 2): population (M), GDP (current US$
# bn), military spending (US$ bn). Ranges are given as their midpoints. Before the 1971
# split Pakistan is compared with the united country: population from the bracketed
# figures; GDP as the western wing's figure plus East Pakistan's (1971: 10.7 + 8.9), and
# for 1950 the western ~3 scaled by the same 1971 ratio (derived, marked in the output).
STAT_REFERENCE: dict[int, dict[str, dict[str, float]]] = {
    1950: {
        "PAK": {"population": 75.6, "gdp": 5.5, "milex": 0.2},
        "IND": {"population": 357, "gdp": 21, "milex": 0.4},
        "SUN": {"population": 180},
        "USA": {"population": 152, "gdp": 300, "milex": 14},
        "CHN": {"population": 550},
        "AFG": {"population": 8},
        "IRN": {"population": 17},
        "GBR": {"population": 50, "gdp": 33, "milex": 2.4},
    },
    1971: {
        "PAK": {"population": 127, "gdp": 19.6, "milex": 0.6},
        "IND": {"population": 555, "gdp": 67, "milex": 1.9},
        "SUN": {"population": 245},
        "USA": {"population": 208, "gdp": 1165, "milex": 76},
        "CHN": {"population": 841, "gdp": 100},
        "AFG": {"population": 11.5, "gdp": 1.8},
        "IRN": {"population": 29, "gdp": 13, "milex": 1.0},
        "GBR": {"population": 56, "gdp": 148, "milex": 6.7},
    },
    1991: {
        "PAK": {"population": 116, "gdp": 45, "milex": 3.0},
        "IND": {"population": 865, "gdp": 270, "milex": 6.9},
        "RUS": {"population": 148, "gdp": 518},
        "USA": {"population": 253, "gdp": 6158, "milex": 273},
        "CHN": {"population": 1151, "gdp": 383, "milex": 18},
        "AFG": {"population": 13},
        "BGD": {"population": 108, "gdp": 31, "milex": 0.33},
        "IRN": {"population": 56, "gdp": 125, "milex": 3.5},
        "GBR": {"population": 57, "gdp": 1142, "milex": 43},
    },
    2020: {
        "PAK": {"population": 224, "gdp": 282, "milex": 10.3},
        "IND": {"population": 1396, "gdp": 2670, "milex": 72.9},
        "RUS": {"population": 144, "gdp": 1490, "milex": 61.7},
        "USA": {"population": 331, "gdp": 21060, "milex": 778},
        "CHN": {"population": 1411, "gdp": 14690, "milex": 252},
        "AFG": {"population": 39, "gdp": 20},
        "BGD": {"population": 167, "gdp": 348, "milex": 4.3},
        "IRN": {"population": 87, "gdp": 240, "milex": 15.8},
        "GBR": {"population": 67, "gdp": 2704, "milex": 59.2},
    },
}
DERIVED = {(1950, "PAK", "gdp"), (1971, "PAK", "gdp")}
BLOC_YEARS = (1955, 1975, 1985, 1995, 2005, 2020)


def run_history(
    scenario_path: str | Path = DEFAULT_SCENARIO,
    seeds: int = 8,
    forced: dict[str, str] | None = None,
    policy: str = "historical",
) -> dict:
    """Run the scenario for `seeds` seeds at once; return per-year arrays.

    Result: {"years": [...], "ids": (...), "relations": {year: (B, N, N)},
    "active": {year: (B, N)}, "stats": {year: {stat: (B, N)}}, "blocs": {year: [...]},
    "scenario": Scenario}.
    """
    scenario = load_scenario(scenario_path)
    sim = Simulation(scenario, seed=list(range(seeds)), policy=policy, forced=forced, record=False)
    out: dict = {
        "years": [],
        "ids": scenario.nation_ids,
        "relations": {},
        "active": {},
        "stats": {},
        "blocs": {},
    }
    out["scenario"] = scenario
    while not sim.done:
        year = sim.year
        sim.step()
        state = sim.state
        out["years"].append(year)
        out["relations"][year] = state.relations.copy()
        out["active"][year] = state.active.copy()
        out["stats"][year] = {
            "population": state.stats[:, :, STAT_INDEX["population"]].copy(),
            "gdp": state.stats[:, :, STAT_INDEX["gdp"]].copy(),
            "milex": derived_stat(state, "milex").copy(),
        }
        out["blocs"][year] = bloc_lists(state, 0)
    return out


def su_id(history: dict, year: int, run: int = 0) -> str:
    """The Soviet Union before 1992 while it exists, Russia otherwise."""
    ids = history["ids"]
    active = history["active"][year][run]
    if year < 1992 and "SUN" in ids and active[ids.index("SUN")]:
        return "SUN"
    return "RUS"


def pair_value(history: dict, year: int, a: str, b: str) -> np.ndarray:
    """(B,) relation of a pair in a year, with 'SU' resolved per run; NaN when inactive."""
    ids = history["ids"]
    relations = history["relations"][year]
    active = history["active"][year]
    values = np.full(relations.shape[0], np.nan)
    for run in range(relations.shape[0]):
        x = su_id(history, year, run) if a == "SU" else a
        y = su_id(history, year, run) if b == "SU" else b
        if x not in ids or y not in ids:
            continue
        i, j = ids.index(x), ids.index(y)
        if active[run, i] and active[run, j]:
            values[run] = relations[run, i, j]
    return values


def period_means(history: dict) -> dict[tuple[str, str], list[float]]:
    """Mean relation of every target pair in every reference period (over years and seeds)."""
    means: dict[tuple[str, str], list[float]] = {}
    for pair in TARGETS:
        row = []
        for _, first, last in PERIODS:
            values = [pair_value(history, y, *pair) for y in history["years"] if first <= y <= last]
            values = np.concatenate(values) if values else np.array([np.nan])
            row.append(float(np.nanmean(values)) if np.isfinite(values).any() else float("nan"))
        means[pair] = row
    return means


def decade_mae(history: dict) -> dict[str, float]:
    """Mean absolute error over the 11 pairs, per period."""
    means = period_means(history)
    out = {}
    for k, (label, _, _) in enumerate(PERIODS):
        errors = [
            abs(means[pair][k] - TARGETS[pair][k])
            for pair in TARGETS
            if not np.isnan(means[pair][k])
        ]
        out[label] = float(np.mean(errors)) if errors else float("nan")
    return out


def stat_table(history: dict) -> list[tuple[int, str, str, float, float, float]]:
    """(year, nation, stat, simulated mean, reference, error %) for every reference figure."""
    ids = history["ids"]
    rows = []
    for year, nations in STAT_REFERENCE.items():
        if year not in history["stats"]:
            continue
        for nation, figures in nations.items():
            if nation not in ids:
                continue
            i = ids.index(nation)
            active = history["active"][year][:, i]
            if not active.any():
                continue
            for stat, reference in figures.items():
                value = float(history["stats"][year][stat][active, i].mean())
                rows.append(
                    (year, nation, stat, value, reference, 100.0 * (value - reference) / reference)
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO)
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--pairs", action="store_true", help="print every pair's period means")
    parser.add_argument(
        "--force",
        action="append",
        default=[],
        metavar="EVENT=OPTION",
        help="script one choice (repeatable)",
    )
    parser.add_argument("--max-mae", type=float, default=15.0)
    parser.add_argument("--max-stat-error", type=float, default=25.0)
    args = parser.parse_args(argv)
    forced = dict(item.split("=", 1) for item in args.force) or None

    history = run_history(args.scenario, args.seeds, forced)
    ok = True

    print(f"Relations: mean absolute error per period ({args.seeds} seeds, historical policy)")
    mae = decade_mae(history)
    for label, value in mae.items():
        if np.isnan(value):
            print(f"  {label:>6}      -  (before the scenario starts)")
            continue
        flag = "ok" if value <= args.max_mae else "TOO HIGH"
        ok &= value <= args.max_mae
        print(f"  {label:>6}  {value:5.1f}  {flag}")

    if args.pairs:
        means = period_means(history)
        print("\nPair means (simulated / target):")
        print("  " + " " * 9 + "".join(f"{label:>12}" for label, _, _ in PERIODS))
        for pair, row in means.items():
            cells = "".join(f"{v:6.0f}/{t:<5.0f}" for v, t in zip(row, TARGETS[pair], strict=True))
            print(f"  {pair[0]}-{pair[1]:<4} {cells}")

    print("\nStatistics against the reference (mean over seeds):")
    print(
        f"  {'year':>4} {'nation':<6} {'stat':<10} {'simulated':>10} {'reference':>10} {'error':>8}"
    )
    for year, nation, stat, value, reference, error in stat_table(history):
        mark = " (derived)" if (year, nation, stat) in DERIVED else ""
        bad = abs(error) > args.max_stat_error
        ok &= not bad
        print(
            f"  {year:>4} {nation:<6} {stat:<10} {value:10.2f} {reference:10.2f} {error:7.1f}%{' TOO FAR' if bad else ''}{mark}"
        )

    print("\nBlocs (seed 0):")
    for year in BLOC_YEARS:
        if year in history["blocs"]:
            blocs = history["blocs"][year]
            camps = [b for b in blocs if len(b) > 1]
            loners = [b[0] for b in blocs if len(b) == 1]
            text = " | ".join("+".join(c) for c in camps)
            print(f"  {year}: {text}   non-aligned: {', '.join(loners) or '-'}")

    print("\nresult:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
