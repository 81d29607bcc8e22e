"""Fixed bins for the batch summary: percentiles from histograms, means from exact sums.

A summary must be the same whichever process ran which runs, and must not grow with the
number of runs. So every quantity is aggregated as integers, whose sums do not depend on
order: histogram counts over fixed bins (percentiles are read from them, to the bin's
resolution) and values scaled to fixed-point integers (means are exact to about 1e-9 of a
relation point). Relations use linear bins over -100..100; stats use logarithmic bins
(or linear ones for bounded scores), so a percentile of GDP is right to a fraction of a
per cent whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_RUNS = 10_000_000  # fixed-point sums stay inside int64 up to this many runs
PERCENTILES = (5, 25, 50, 75, 95)


@dataclass(frozen=True)
class Bins:
    """Bins over [low, high], linear or logarithmic; values outside land in the end bins."""

    low: float
    high: float
    count: int
    log: bool

    @property
    def scale(self) -> float:
        """Fixed-point factor for exact sums: the largest power of two that keeps
        `MAX_RUNS` values of magnitude `high` inside int64."""
        bound = max(abs(self.low), abs(self.high), 1e-12)
        return float(2.0 ** np.floor(np.log2(2.0**62 / (bound * MAX_RUNS))))

    def _position(self, values: np.ndarray) -> np.ndarray:
        if self.log:
            values = np.log10(np.maximum(values, self.low))
            low, high = np.log10(self.low), np.log10(self.high)
        else:
            low, high = self.low, self.high
        return (values - low) / (high - low) * (self.count - 1)

    def index(self, values: np.ndarray) -> np.ndarray:
        """Bin of each value: the nearest of `count` points spread over [low, high]."""
        position = np.rint(self._position(values))
        return np.clip(np.nan_to_num(position, nan=0.0), 0, self.count - 1).astype(np.int64)

    def center(self, index: np.ndarray | float) -> np.ndarray:
        fraction = np.asarray(index, dtype=np.float64) / (self.count - 1)
        if self.log:
            low, high = np.log10(self.low), np.log10(self.high)
            return 10.0 ** (low + fraction * (high - low))
        return self.low + fraction * (self.high - self.low)

    def resolution(self) -> str:
        if self.log:
            step = 10.0 ** ((np.log10(self.high) - np.log10(self.low)) / (self.count - 1)) - 1
            return f"{100 * step:.2g}% (logarithmic bins)"
        return f"{(self.high - self.low) / (self.count - 1):.3g} (linear bins)"

    def fixed(self, values: np.ndarray) -> np.ndarray:
        """Values as int64 fixed-point (NaN as 0), for sums that are exact in any order."""
        clipped = np.clip(np.nan_to_num(values, nan=0.0), -abs(self.high), abs(self.high))
        return np.rint(clipped * self.scale).astype(np.int64)


def relation_bins(count: int) -> Bins:
    return Bins(-100.0, 100.0, count, log=False)


# The stats the summary follows for every nation: (name, bins). Bounded scores are linear;
# sizes span decades and are logarithmic, 250 bins a decade (0.9 % apart).
def stat_bins(per_decade: int = 250) -> dict[str, Bins]:
    def log_bins(low: float, high: float) -> Bins:
        return Bins(low, high, int(round(np.log10(high / low) * per_decade)) + 1, log=True)

    return {
        "population": log_bins(0.01, 1e5),
        "gdp": log_bins(1e-3, 1e6),
        "military": log_bins(1e-3, 1e5),
        "stability": Bins(0.0, 100.0, 1001, log=False),
        "milex": log_bins(1e-4, 1e6),
    }


def histogram_percentiles(counts: np.ndarray, bins: Bins, percentiles=PERCENTILES) -> np.ndarray:
    """Percentiles from histograms on the last axis: (..., count) -> (..., len(percentiles)).

    The value at rank q·(n−1) (as numpy's default 'linear' method) is read as the centre
    of the bin holding that rank; NaN where a histogram is empty.
    """
    counts = np.asarray(counts, dtype=np.int64)
    total = counts.sum(axis=-1)
    cumulative = np.cumsum(counts, axis=-1)
    out = np.full((*counts.shape[:-1], len(percentiles)), np.nan)
    for k, q in enumerate(percentiles):
        rank = np.floor(q / 100.0 * np.maximum(total - 1, 0)).astype(np.int64)
        upper = np.ceil(q / 100.0 * np.maximum(total - 1, 0)).astype(np.int64)
        weight = q / 100.0 * np.maximum(total - 1, 0) - rank
        low_bin = _bin_of_rank(cumulative, rank)
        high_bin = _bin_of_rank(cumulative, upper)
        value = (1 - weight) * bins.center(low_bin) + weight * bins.center(high_bin)
        out[..., k] = np.where(total > 0, value, np.nan)
    return out


def _bin_of_rank(cumulative: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Index of the bin holding the value of 0-based `rank` (first bin whose cumulative
    count exceeds it)."""
    return (cumulative <= rank[..., None]).sum(axis=-1)
