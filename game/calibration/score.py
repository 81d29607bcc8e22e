"""How far a batch is from its targets: the table a reader of a what-if needs first.

The measures, the same for `backtest` and `calibrate`:
- a pair's **period value** is the mean, over the period's years, of the median across
  runs of that year's relation (the typical run, year by year);
- its **error** is the distance of the period value from the target;
- a period's **MAE** is the weighted mean error over the pairs that exist in it;
- a **pinned pair-year** is a pair and year in which at least 5% of runs sit at ±99 or
  beyond: ties that stopped moving;
- an **event share** is the share of runs in which a target event took its option within
  its window of years.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from game.calibration.paths import Paths
from game.calibration.targets import Targets

PINNED_SHARE = 0.05  # a pair-year is pinned when this share of runs sits at the bound
PIN_PENALTY = 0.1  # objective points per pinned pair-year
EVENT_PENALTY = 10.0  # objective points for an event target missed in every run


@dataclass
class Score:
    """Per period and pair: the model's period value, the target, the error."""

    targets: Targets
    model: np.ndarray  # (periods, pairs), NaN where no year of the period was played
    error: np.ndarray  # (periods, pairs) absolute error, NaN likewise
    period_mae: np.ndarray  # (periods,)
    pinned_pair_years: int
    pinned_worst: list[tuple[str, int, float]]  # (pair label, year, share of runs pinned)
    event_shares: np.ndarray  # (events,) share of runs on time
    runs: int

    def mae(self, periods: list[int]) -> float:
        """Mean of the period MAEs over `periods` (those played)."""
        values = self.period_mae[periods] if periods else np.array([])
        values = values[~np.isnan(values)]
        return float(values.mean()) if values.size else float("nan")

    @property
    def fitted_mae(self) -> float:
        return self.mae(self.targets.fitted())

    @property
    def held_out_mae(self) -> float:
        return self.mae(self.targets.held_out())

    def objective(self) -> float:
        """What calibrate minimises: the fitted periods' MAE, plus PIN_PENALTY a pinned
        pair-year, plus EVENT_PENALTY × weight × share of runs that missed each event."""
        missed = sum(
            EVENT_PENALTY * t.weight * (1.0 - s)
            for t, s in zip(self.targets.events, self.event_shares, strict=True)
            if not np.isnan(s)
        )
        return self.fitted_mae + PIN_PENALTY * self.pinned_pair_years + missed


def score(paths: Paths, targets: Targets, nation_ids: tuple[str, ...] = ()) -> Score:
    """Compare a batch's paths with the targets."""
    periods, pairs = len(targets.periods), len(targets.pairs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN years: pair not there
        yearly = np.nanmedian(paths.values, axis=0)  # (Y, P)
    model = np.full((periods, pairs), np.nan)
    for k, period in enumerate(targets.periods):
        inside = (paths.years >= period.start) & (paths.years <= period.end)
        if not inside.any():
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            model[k] = np.nanmean(yearly[inside], axis=0)
    target = np.array([p.values for p in targets.pairs], dtype=float).T  # (periods, pairs)
    error = np.abs(model - target)
    weights = np.array([p.weight for p in targets.pairs], dtype=float)
    period_mae = np.full(periods, np.nan)
    for k in range(periods):
        ok = ~np.isnan(error[k]) & (weights > 0)
        if ok.any():
            period_mae[k] = float((error[k, ok] * weights[ok]).sum() / weights[ok].sum())

    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(paths.alive > 0, paths.pinned / np.maximum(paths.alive, 1), 0.0)
    upper = np.triu(np.ones(share.shape[1:], dtype=bool), 1)
    pinned = (share >= PINNED_SHARE) & upper
    worst = []
    for y, i, j in zip(*np.nonzero(pinned), strict=True):
        label = f"{nation_ids[i]}:{nation_ids[j]}" if nation_ids else f"{i}:{j}"
        worst.append((label, int(paths.years[y]), float(share[y, i, j])))
    worst.sort(key=lambda w: -w[2])

    shares = np.full(len(targets.events), np.nan)  # NaN: the window was not played
    first, last = (int(paths.years[0]), int(paths.years[-1])) if len(paths.years) else (0, -1)
    for k, event in enumerate(targets.events):
        if event.year + event.within < first or event.year - event.within > last:
            continue
        years = paths.event_years[:, k]
        on_time = (years >= event.year - event.within) & (years <= event.year + event.within)
        shares[k] = float(on_time.mean()) if paths.runs else 0.0
    return Score(
        targets=targets,
        model=model,
        error=error,
        period_mae=period_mae,
        pinned_pair_years=int(pinned.sum()),
        pinned_worst=worst,
        event_shares=shares,
        runs=paths.runs,
    )
