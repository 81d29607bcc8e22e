"""Aggregates of many runs, gathered year by year and merged across processes.

A `Partial` holds everything the summary needs from some runs, as integers (histogram
counts, fixed-point sums, event and bloc counts) plus a few final numbers per run; merging
partials is integer addition, so the summary is the same whichever process or cluster
node ran which seeds, and in whichever order they finished. Nothing grows with the number
of turns per run: each year's state is binned as soon as it is played.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from game.batch.binning import Bins, relation_bins, stat_bins
from game.crises.vocabulary import OUTCOME_KINDS
from game.derived import derived_stat
from game.engine import TurnReport
from game.kernels import kernel
from game.scenario import STAT_INDEX, Scenario
from game.state import State

SUMMARY_STATS = ("population", "gdp", "military", "stability", "milex")
HISTOGRAM_BUDGET = 96 * 1024 * 1024  # bytes per histogram family; coarser bins beyond it
SPARSE_ON_THE_WIRE = ("relation_hist", "stat_hist")  # mostly empty: pickled as non-zeros


@dataclass(frozen=True)
class Layout:
    """What is binned where: the years, pairs, stats and their bins, fixed per scenario."""

    years: tuple[int, ...]
    pairs: tuple[tuple[int, int], ...]  # every unordered pair of nations (i < j)
    relation: Bins
    stats: tuple[tuple[str, Bins], ...]
    tracked: tuple[tuple[int, int], ...]  # pairs whose final value is kept per run
    # Every two tracked pairs (indices into `tracked`, k < l), compared run by run: how
    # often is Pakistan closer to Moscow than to Washington?
    comparisons: tuple[tuple[int, int], ...] = ()

    @property
    def stat_offsets(self) -> tuple[int, ...]:
        offsets, total = [], 0
        for _, bins in self.stats:
            offsets.append(total)
            total += bins.count
        return tuple(offsets)

    @property
    def stat_width(self) -> int:
        return sum(bins.count for _, bins in self.stats)


def make_layout(scenario: Scenario, last_year: int, tracked: tuple[tuple[int, int], ...]) -> Layout:
    years = tuple(range(scenario.start_year, last_year + 1))
    n = len(scenario.nations)
    pairs = tuple((i, j) for i in range(n) for j in range(i + 1, n))
    per_pair_year = max(1, len(pairs) * len(years) * 4)
    relation_count = int(np.clip(HISTOGRAM_BUDGET // per_pair_year, 201, 2001))
    per_decade = 250
    while (
        per_decade > 25
        and n * len(years) * 4 * sum(b.count for b in stat_bins(per_decade).values())
        > HISTOGRAM_BUDGET
    ):
        per_decade //= 2
    stats = stat_bins(per_decade)
    return Layout(
        years=years,
        pairs=pairs,
        relation=relation_bins(relation_count),
        stats=tuple((name, stats[name]) for name in SUMMARY_STATS),
        tracked=tracked,
        comparisons=tuple((k, m) for k in range(len(tracked)) for m in range(k + 1, len(tracked))),
    )


@dataclass
class Partial:
    """The summary's raw material from a set of runs (see module docstring)."""

    layout: Layout
    runs: int = 0
    relation_hist: np.ndarray = field(default=None)  # (Y, P, RB) uint32
    relation_sum: np.ndarray = field(default=None)  # (Y, P) int64 fixed-point
    relation_runs: np.ndarray = field(default=None)  # (Y, P) int64 runs where the pair exists
    relation_low: np.ndarray = field(default=None)  # (Y, P) exact minimum (+inf if none)
    relation_high: np.ndarray = field(default=None)  # (Y, P) exact maximum (-inf if none)
    stat_hist: np.ndarray = field(default=None)  # (Y, N, SB) uint32, stats side by side
    stat_sum: np.ndarray = field(default=None)  # (Y, N, K) int64 fixed-point
    stat_runs: np.ndarray = field(default=None)  # (Y, N) int64 runs where the nation exists
    stat_low: np.ndarray = field(default=None)  # (Y, N, K) exact minimum
    stat_high: np.ndarray = field(default=None)  # (Y, N, K) exact maximum
    compare_runs: np.ndarray = field(default=None)  # (Y, C) runs where both pairs exist
    compare_first: np.ndarray = field(default=None)  # (Y, C) runs where the first is higher
    compare_second: np.ndarray = field(default=None)  # (Y, C) runs where the second is
    fired_runs: np.ndarray = field(default=None)  # (E,) runs in which the event fired
    first_year_sum: np.ndarray = field(default=None)  # (E,) sum of the first year it fired
    fired_total: np.ndarray = field(default=None)  # (E,) times fired, all runs together
    crisis_opened: np.ndarray = field(default=None)  # (C,) runs in which the crisis opened
    crisis_levels: np.ndarray = field(default=None)  # (C, L) runs that reached each level
    crisis_outcomes: np.ndarray = field(default=None)  # (C, K) runs by outcome (OUTCOME_KINDS)
    outcomes: Counter = field(default_factory=Counter)  # final camps (bytes) -> runs
    seeds: list[np.ndarray] = field(default_factory=list)  # per block of runs
    finals: list[np.ndarray] = field(default_factory=list)  # (runs, tracked) final relations

    @classmethod
    def empty(
        cls, layout: Layout, nations: int, events: int, crises: int = 0, levels: int = 0
    ) -> Partial:
        y, p, k = len(layout.years), len(layout.pairs), len(layout.stats)
        c = len(layout.comparisons)
        return cls(
            layout=layout,
            relation_hist=np.zeros((y, p, layout.relation.count), dtype=np.uint32),
            relation_sum=np.zeros((y, p), dtype=np.int64),
            relation_runs=np.zeros((y, p), dtype=np.int64),
            relation_low=np.full((y, p), np.inf),
            relation_high=np.full((y, p), -np.inf),
            stat_hist=np.zeros((y, nations, layout.stat_width), dtype=np.uint32),
            stat_sum=np.zeros((y, nations, k), dtype=np.int64),
            stat_runs=np.zeros((y, nations), dtype=np.int64),
            stat_low=np.full((y, nations, k), np.inf),
            stat_high=np.full((y, nations, k), -np.inf),
            compare_runs=np.zeros((y, c), dtype=np.int64),
            compare_first=np.zeros((y, c), dtype=np.int64),
            compare_second=np.zeros((y, c), dtype=np.int64),
            fired_runs=np.zeros(events, dtype=np.int64),
            first_year_sum=np.zeros(events, dtype=np.int64),
            fired_total=np.zeros(events, dtype=np.int64),
            crisis_opened=np.zeros(crises, dtype=np.int64),
            crisis_levels=np.zeros((crises, levels), dtype=np.int64),
            crisis_outcomes=np.zeros((crises, len(OUTCOME_KINDS)), dtype=np.int64),
        )

    def __getstate__(self) -> dict:
        """Pickled (to a worker process or across a Dask cluster) with the histograms as
        their non-zero cells alone: a block of runs fills a few percent of the bins, so a
        partial travels as a few MB instead of tens."""
        state = self.__dict__.copy()
        for name in SPARSE_ON_THE_WIRE:
            dense = state[name]
            cells = np.flatnonzero(dense)
            index = np.uint32 if dense.size <= np.iinfo(np.uint32).max else np.int64
            state[name] = (dense.shape, cells.astype(index), dense.reshape(-1)[cells])
        return state

    def __setstate__(self, state: dict) -> None:
        for name in SPARSE_ON_THE_WIRE:
            shape, cells, counts = state[name]
            dense = np.zeros(shape, dtype=counts.dtype)
            dense.reshape(-1)[cells] = counts
            state[name] = dense
        self.__dict__.update(state)

    def merge(self, other: Partial) -> Partial:
        """Add another partial's runs to this one (in place; returns self)."""
        self.runs += other.runs
        for name in (
            "relation_hist",
            "relation_sum",
            "relation_runs",
            "stat_hist",
            "stat_sum",
            "stat_runs",
            "compare_runs",
            "compare_first",
            "compare_second",
            "fired_runs",
            "first_year_sum",
            "fired_total",
            "crisis_opened",
            "crisis_levels",
            "crisis_outcomes",
        ):
            np.add(getattr(self, name), getattr(other, name), out=getattr(self, name))
        for name in ("relation_low", "stat_low"):
            np.minimum(getattr(self, name), getattr(other, name), out=getattr(self, name))
        for name in ("relation_high", "stat_high"):
            np.maximum(getattr(self, name), getattr(other, name), out=getattr(self, name))
        self.outcomes.update(other.outcomes)
        self.seeds.extend(other.seeds)
        self.finals.extend(other.finals)
        return self


# The kind (index into OUTCOME_KINDS) of each outcome code of game.crises.reckon.
OUTCOME_CODE_KIND = np.array([0, 1, 1, 2, 3, 4])


class Recorder:
    """Feeds one batch's turns into a `Partial`, year by year, as the batch is stepped."""

    def __init__(self, partial: Partial, state: State) -> None:
        self.partial = partial
        self.layout = partial.layout
        pairs = np.array(self.layout.pairs, dtype=np.int64).reshape(-1, 2)
        self.first, self.second = pairs[:, 0], pairs[:, 1]
        tracked = np.array(self.layout.tracked, dtype=np.int64).reshape(-1, 2)
        self.tracked_a, self.tracked_b = tracked[:, 0], tracked[:, 1]
        compared = np.array(self.layout.comparisons, dtype=np.int64).reshape(-1, 2)
        self.compared_first, self.compared_second = compared[:, 0], compared[:, 1]
        scenario = state.scenario
        # Once-only events: the turn they fired is the state's last_fired at the end. Only
        # repeatable ones need their first turn remembered as the batch goes.
        self.repeatable = np.array([not e.once for e in scenario.events], dtype=bool)
        self.first_turn = np.full((state.batch, int(self.repeatable.sum())), -1, dtype=np.int32)
        self.seeds = state.seeds.copy()

    def turn(self, state: State, report: TurnReport) -> None:
        """Record a stepped turn; the state of the last turn of each year is binned."""
        if self.first_turn.shape[1]:
            fired = report.fired[:, self.repeatable]
            np.copyto(self.first_turn, report.turn, where=fired & (self.first_turn < 0))
        next_year = state.scenario.year_of_turn(state.turn)
        if next_year != report.year or state.done:
            self._bin_year(state, report.year)

    def _bin_year(self, state: State, year: int) -> None:
        layout, partial = self.layout, self.partial
        y = year - layout.years[0]
        if not 0 <= y < len(layout.years):
            return
        alive = _alive(state)
        exists = alive[:, self.first] & alive[:, self.second]  # (B, P)
        values = state.relations[:, self.first, self.second]
        _add_histogram(
            partial.relation_hist[y], layout.relation.index(values)[:, :, None], exists[:, :, None]
        )
        partial.relation_sum[y] += np.where(exists, layout.relation.fixed(values), 0).sum(axis=0)
        partial.relation_runs[y] += exists.sum(axis=0)
        _extremes(partial.relation_low[y], partial.relation_high[y], values, exists)
        partial.stat_runs[y] += alive.sum(axis=0)
        stats = np.stack(
            [_stat_values(state, name) for name, _ in layout.stats], axis=2
        )  # (B, N, K)
        bins = np.stack(
            [
                b.index(stats[:, :, k]) + offset
                for k, ((_, b), offset) in enumerate(
                    zip(layout.stats, layout.stat_offsets, strict=True)
                )
            ],
            axis=2,
        )
        _add_histogram(partial.stat_hist[y], bins, alive[:, :, None])
        fixed = np.stack([b.fixed(stats[:, :, k]) for k, (_, b) in enumerate(layout.stats)], axis=2)
        partial.stat_sum[y] += np.where(alive[:, :, None], fixed, 0).sum(axis=0)
        _extremes(partial.stat_low[y], partial.stat_high[y], stats, alive[:, :, None])
        self._compare(state, y)

    def _compare(self, state: State, y: int) -> None:
        """Count, for every two tracked pairs, the runs where each is the higher."""
        if not self.layout.comparisons:
            return
        first, second = self.compared_first, self.compared_second
        exists, values = self._tracked(state)
        both = exists[:, first] & exists[:, second]  # (B, C)
        partial = self.partial
        partial.compare_runs[y] += both.sum(axis=0)
        partial.compare_first[y] += (both & (values[:, first] > values[:, second])).sum(axis=0)
        partial.compare_second[y] += (both & (values[:, first] < values[:, second])).sum(axis=0)

    def finish(self, state: State) -> None:
        """Close the batch: first firings, final blocs and the tracked pairs' final values."""
        partial = self.partial
        partial.runs += state.batch
        scenario = state.scenario
        fired = state.fired_count > 0
        first = state.last_fired.copy()
        first[:, self.repeatable] = self.first_turn
        years = scenario.start_year + (first.astype(np.int64) * scenario.months_per_turn) // 12
        partial.fired_runs += fired.sum(axis=0)
        partial.first_year_sum += np.where(fired, years, 0).sum(axis=0)
        partial.fired_total += state.fired_count.sum(axis=0, dtype=np.int64)
        self._crises(state)
        camps = np.where(state.active, state.blocs, -1).astype(np.int8)[~state.nuclear_end]
        rows, counts = np.unique(camps, axis=0, return_counts=True)
        partial.outcomes.update(
            {row.tobytes(): int(c) for row, c in zip(rows, counts, strict=True)}
        )
        exists, values = self._tracked(state)
        partial.seeds.append(self.seeds)
        partial.finals.append(np.where(exists, values, np.nan))

    def _crises(self, state: State) -> None:
        """Count, per crisis, the runs where it opened, reached each level and ended so."""
        partial = self.partial
        if partial.crisis_opened is None or not len(partial.crisis_opened):
            return
        opened = state.crisis_opened >= 0  # (B, C)
        partial.crisis_opened += opened.sum(axis=0)
        levels = np.arange(partial.crisis_levels.shape[1])
        reached = opened[:, :, None] & (state.crisis_peak[:, :, None] >= levels)
        partial.crisis_levels += reached.sum(axis=0)
        kinds = OUTCOME_CODE_KIND[state.crisis_outcome.astype(np.int64)]  # (B, C)
        for k in range(len(OUTCOME_KINDS)):
            partial.crisis_outcomes[:, k] += (opened & (kinds == k)).sum(axis=0)

    def _tracked(self, state: State) -> tuple[np.ndarray, np.ndarray]:
        """(B, T) whether each tracked pair exists in each run, and its relation."""
        a, b = self.tracked_a, self.tracked_b
        alive = _alive(state)
        return alive[:, a] & alive[:, b], state.relations[:, a, b]


def _alive(state: State) -> np.ndarray:
    """(B, N) the nations that exist in each run; a run that ended in nuclear war has none
    after its end (its state is frozen there, and must not be read as the world of later
    years), nor a final camp."""
    return state.active & ~state.nuclear_end[:, None]


def _stat_values(state: State, name: str) -> np.ndarray:
    if name in STAT_INDEX:
        return state.stats[:, :, STAT_INDEX[name]]
    return derived_stat(state, name)


def _extremes(low: np.ndarray, high: np.ndarray, values: np.ndarray, mask: np.ndarray) -> None:
    np.minimum(low, np.where(mask, values, np.inf).min(axis=0), out=low)
    np.maximum(high, np.where(mask, values, -np.inf).max(axis=0), out=high)


def _add_histogram(histogram: np.ndarray, bins: np.ndarray, mask: np.ndarray) -> None:
    """histogram (S, nb) += counts of `bins` (B, S, K) where `mask` (B, S, 1): one count
    per series and value, K values (e.g. stats in side-by-side bins) per series."""
    _count_into(histogram, bins.astype(np.int64, copy=False), np.ascontiguousarray(mask[:, :, 0]))


@kernel
def _count_into(histogram: np.ndarray, bins: np.ndarray, mask: np.ndarray) -> None:
    """One pass over the values, counting in place: a bincount would build (and zero) a
    whole histogram's worth of counts for each year of each batch."""
    runs, series, values = bins.shape
    for b in range(runs):
        for s in range(series):
            if mask[b, s]:
                for k in range(values):
                    histogram[s, bins[b, s, k]] += 1
