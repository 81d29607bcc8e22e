"""The batch summary as plain JSON-ready data, built from the merged `Partial`.

Per year: mean and percentiles of every pair's relation and of every nation's main stats
(over the runs in which the pair or nation exists that year). Per event: the share of
runs in which it fired, the mean year it first fired and how often it fired. At the end:
how the nations were grouped into blocs, with counts, and the seeds of the runs closest
to the median and to each extreme of the chosen pairs' final relation, to replay alone.
Every two chosen pairs are compared run by run: the share of runs in which each is the
higher, year by year (is Pakistan closer to Moscow than to Washington?).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from game.batch.binning import PERCENTILES, histogram_percentiles
from game.batch.runner import BatchSpec
from game.batch.summary import Partial
from game.batch.tournament import wilson_interval
from game.construction import initial_state
from game.crises.vocabulary import OUTCOME_KINDS
from game.engine import step

FORMAT = "alliance-drift batch summary"
VERSION = 1
TOP_OUTCOMES = 20


class BatchSummary(dict):
    """A batch summary: the plain dict the JSON file holds (see docs/batch-runs.md), which
    also converts to a tidy table."""

    def to_frame(self):
        """The per-year numbers as a long pandas DataFrame: year, kind, subject, statistic,
        measure, value (needs the `data` extra; see game.tidy)."""
        from game.tidy import summary_frame

        return summary_frame(self)


def pair_key(a: str, b: str) -> str:
    return f"{a}:{b}"


def shared_nation(first: str, second: str) -> str | None:
    """The one nation two pair keys have in common ('PAK' for PAK:RUS and PAK:USA)."""
    shared = set(first.split(":")) & set(second.split(":"))
    return shared.pop() if len(shared) == 1 else None


def comparison_claim(first: str, second: str) -> str:
    """What 'first higher than second' says: 'PAK closer to RUS than to USA' for two pairs
    that share a nation (PAK:RUS, PAK:USA), else 'PAK:RUS above IND:USA'."""
    nation = shared_nation(first, second)
    if nation is None:
        return f"{first} above {second}"
    one, other = (next(x for x in pair.split(":") if x != nation) for pair in (first, second))
    return f"{nation} closer to {one} than to {other}"


def pair_series(summary: dict, key: str) -> dict | None:
    """A chosen pair's series in a summary, where each pair is stored once, in scenario
    order ("PAK:RUS" may be held as "RUS:PAK"); None if the two never coexist."""
    a, b = key.split(":")
    return summary["pairs"].get(key) or summary["pairs"].get(f"{b}:{a}")


def interval_text(interval: list[float]) -> str:
    """'19.3–24.5%' for a share's interval."""
    low, high = interval
    return f"{low * 100:.1f}–{high:.1%}"


def historical_path(spec: BatchSpec) -> dict[str, list[float | None]]:
    """The tracked pairs' relation at the end of each year in the `historical` policy's run
    with the batch's first seed: the line history took, for comparison."""
    scenario = spec.scenario
    index = scenario.nation_index
    state = initial_state(scenario, seeds=spec.first_seed, policy="historical", player=spec.player)
    years = list(range(scenario.start_year, spec.end_year + 1))
    path: dict[str, list[float | None]] = {
        pair_key(a, b): [None] * len(years) for a, b in spec.tracked
    }
    while state.turn < spec.turns:
        state, report = step(state)
        for a, b in spec.tracked:
            i, j = index[a], index[b]
            if state.active[0, i] and state.active[0, j]:
                path[pair_key(a, b)][report.year - years[0]] = _round(state.relations[0, i, j], 3)
            else:
                path[pair_key(a, b)][report.year - years[0]] = None
    return path


def summarize(spec: BatchSpec, partial: Partial, history: dict[str, list[float | None]]) -> dict:
    """Everything the summary file holds (see the module docstring and docs/batch-runs.md)."""
    scenario = spec.scenario
    layout = partial.layout
    ids = scenario.nation_ids
    summary = {
        "format": FORMAT,
        "version": VERSION,
        "scenario": {
            "id": scenario.id,
            "name": scenario.name,
            "file": Path(scenario.path).name,
            "content_hash": scenario.content_hash,
        },
        "policy": spec.policy,
        "player": spec.player,
        "forced": dict(spec.forced),
        "runs": partial.runs,
        "seeds": {"first": spec.first_seed, "last": spec.first_seed + spec.runs - 1},
        "start_year": scenario.start_year,
        "end_year": spec.end_year,
        "years": list(layout.years),
        "percentiles": list(PERCENTILES),
        "method": {
            "mean": "exact (fixed-point sums)",
            "percentiles": "from histograms: the centre of the bin holding each rank, within the exact minimum and maximum",
            "relation_resolution": layout.relation.resolution(),
            "stat_resolution": {name: bins.resolution() for name, bins in layout.stats},
            "year_values": "state at the end of each year, over runs where the pair or nation exists",
        },
        "chosen_pairs": [pair_key(a, b) for a, b in spec.tracked],
        "nation_names": {nation.id: nation.name for nation in scenario.nations},
        "pairs": _pairs(partial, ids),
        "nations": _nations(partial, ids),
        "events": _events(partial, scenario),
        "crises": _crises(partial, scenario),
        "blocs": _blocs(partial, ids),
        "comparisons": _comparisons(spec, partial),
        "representative_runs": _representatives(spec, partial),
        "historical_path": {"policy": "historical", "seed": spec.first_seed, "pairs": history},
    }
    return BatchSummary(summary)


def _series(
    mean: np.ndarray, percentiles: np.ndarray, runs: np.ndarray, digits: int | None
) -> dict:
    """{"runs": [...], "mean": [...], "p5": [...], ...} with None where no run counts."""

    def clean(values: np.ndarray) -> list[float | None]:
        return [
            None if n == 0 or not np.isfinite(v) else _round(v, digits)
            for v, n in zip(values, runs, strict=True)
        ]

    out: dict = {"runs": [int(n) for n in runs], "mean": clean(mean)}
    for k, q in enumerate(PERCENTILES):
        out[f"p{q}"] = clean(percentiles[..., k])
    return out


def _clamped(percentiles: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Percentiles read from bins, kept within the exact range of the values (so a value
    every run shares is reported exactly)."""
    with np.errstate(invalid="ignore"):
        return np.clip(percentiles, low[..., None], high[..., None])


def _pairs(partial: Partial, ids: tuple[str, ...]) -> dict:
    layout = partial.layout
    runs = partial.relation_runs
    mean = partial.relation_sum / np.maximum(runs, 1) / layout.relation.scale
    percentiles = _clamped(
        histogram_percentiles(partial.relation_hist, layout.relation),
        partial.relation_low,
        partial.relation_high,
    )
    out = {}
    for p, (i, j) in enumerate(layout.pairs):
        if runs[:, p].any():
            out[pair_key(ids[i], ids[j])] = _series(mean[:, p], percentiles[:, p], runs[:, p], 3)
    return out


def _nations(partial: Partial, ids: tuple[str, ...]) -> dict:
    layout = partial.layout
    runs = partial.stat_runs
    out: dict = {}
    for n, nation in enumerate(ids):
        if not runs[:, n].any():
            continue
        entry: dict = {"runs": [int(v) for v in runs[:, n]]}
        for k, ((name, bins), offset) in enumerate(
            zip(layout.stats, layout.stat_offsets, strict=True)
        ):
            hist = partial.stat_hist[:, n, offset : offset + bins.count]
            mean = partial.stat_sum[:, n, k] / np.maximum(runs[:, n], 1) / bins.scale
            percentiles = _clamped(
                histogram_percentiles(hist, bins),
                partial.stat_low[:, n, k],
                partial.stat_high[:, n, k],
            )
            series = _series(mean, percentiles, runs[:, n], None)
            series.pop("runs")
            entry[name] = series
        out[nation] = entry
    return out


def _events(partial: Partial, scenario) -> dict:
    runs = max(partial.runs, 1)
    out = {}
    for e, event in enumerate(scenario.events):
        fired = int(partial.fired_runs[e])
        out[event.id] = {
            "title": event.title,
            "fired_share": _round(fired / runs, 4),
            "mean_first_year": _round(partial.first_year_sum[e] / fired, 2) if fired else None,
            "mean_times_fired": _round(partial.fired_total[e] / runs, 4),
        }
    return out


def _crises(partial: Partial, scenario) -> dict:
    """Per crisis: the share of runs in which it opened, reached each level of the ladder
    and ended in each way (shares of all runs; "ongoing" is still open at the end)."""
    runs = max(partial.runs, 1)
    out = {}
    if partial.crisis_opened is None:
        return out
    for c, crisis in enumerate(scenario.crises):
        out[crisis.id] = {
            "title": crisis.title,
            "parties": list(crisis.parties),
            "opened_share": _round(partial.crisis_opened[c] / runs, 4),
            "level_shares": {
                rung.name: _round(partial.crisis_levels[c, k] / runs, 4)
                for k, rung in enumerate(scenario.ladder)
            },
            "outcome_shares": {
                kind: _round(partial.crisis_outcomes[c, k] / runs, 4)
                for k, kind in enumerate(OUTCOME_KINDS)
            },
        }
    return out


def _blocs(partial: Partial, ids: tuple[str, ...]) -> dict:
    """Final groupings: camp one (the leading power's), camp two, the non-aligned."""
    runs = max(partial.runs, 1)
    ranked = sorted(partial.outcomes.items(), key=lambda item: (-item[1], item[0]))
    outcomes = []
    for key, count in ranked[:TOP_OUTCOMES]:
        camps = np.frombuffer(key, dtype=np.int8)
        outcomes.append(
            {
                "camp_one": [ids[i] for i in np.flatnonzero(camps == 1)],
                "camp_two": [ids[i] for i in np.flatnonzero(camps == 2)],
                "non_aligned": [ids[i] for i in np.flatnonzero(camps == 0)],
                "runs": count,
                "share": _round(count / runs, 4),
            }
        )
    together = {}
    matrix = np.zeros((len(ids), len(ids)), dtype=np.int64)
    for key, count in partial.outcomes.items():
        camps = np.frombuffer(key, dtype=np.int8)
        same = (camps[:, None] == camps[None, :]) & (camps[:, None] > 0)
        matrix += same * count
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if matrix[i, j]:
                together[pair_key(ids[i], ids[j])] = _round(matrix[i, j] / runs, 4)
    return {
        "distinct_outcomes": len(partial.outcomes),
        "outcomes": outcomes,
        "other_runs": int(sum(count for _, count in ranked[TOP_OUTCOMES:])),
        "same_camp_share": together,
    }


def _comparisons(spec: BatchSpec, partial: Partial) -> dict:
    """For every two chosen pairs, per year: the runs where both exist and the shares of
    them in which the first (or the second) relation is the higher; equal ones are neither.
    `end` repeats the last year's, with the 95% (Wilson score) interval of the first share:
    honest at 0% and 100% too, where the normal approximation claims certainty."""
    layout = partial.layout
    out = {}
    for c, (k, m) in enumerate(layout.comparisons):
        first, second = pair_key(*spec.tracked[k]), pair_key(*spec.tracked[m])
        runs = partial.compare_runs[:, c]

        def shares(counts: np.ndarray, runs: np.ndarray = runs) -> list[float | None]:
            return [_round(n / r, 4) if r else None for n, r in zip(counts, runs, strict=True)]

        higher = shares(partial.compare_first[:, c])
        lower = shares(partial.compare_second[:, c])
        end_runs = int(runs[-1])
        out[f"{first} vs {second}"] = {
            "first": first,
            "second": second,
            "runs": [int(r) for r in runs],
            "first_higher": higher,
            "second_higher": lower,
            "end": {
                "year": spec.end_year,
                "runs": end_runs,
                "first_higher": higher[-1],
                "second_higher": lower[-1],
                "interval95": (
                    [
                        _round(bound, 4)
                        for bound in wilson_interval(int(partial.compare_first[-1, c]), end_runs)
                    ]
                    if end_runs
                    else None
                ),
            },
        }
    return out


def _representatives(spec: BatchSpec, partial: Partial) -> dict:
    """For each chosen pair, the runs whose final relation is the median, lowest, highest.

    The median is that of the pair's final relation over runs where the pair exists at the
    end; ties go to the smallest seed. Replay one with `simulate --seed SEED`.
    """
    if not partial.seeds:
        return {}
    seeds = np.concatenate(partial.seeds)
    finals = np.concatenate(partial.finals)
    order = np.argsort(seeds, kind="stable")
    seeds, finals = seeds[order], finals[order]
    out = {}
    for k, (a, b) in enumerate(spec.tracked):
        values = finals[:, k]
        valid = np.flatnonzero(np.isfinite(values))
        entry: dict = {
            "measure": f"relation {a}–{b} at the end of {spec.end_year}",
            "runs_with_value": int(valid.size),
        }
        if valid.size:
            chosen = values[valid]
            median = float(np.median(chosen))
            picks = {
                "median": valid[np.argmin(np.abs(chosen - median))],
                "lowest": valid[np.argmin(chosen)],
                "highest": valid[np.argmax(chosen)],
            }
            entry["median_value"] = _round(median, 3)
            for name, row in picks.items():
                entry[name] = {"seed": int(seeds[row]), "value": _round(values[row], 3)}
        out[pair_key(a, b)] = entry
    return out


def _round(value: float, digits: int | None) -> float:
    value = float(value)
    if digits is None:
        return float(f"{value:.6g}")
    return round(value, digits)
