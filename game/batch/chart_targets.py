"""Which of a scenario's targets belong on which panel of a fan chart, and over which years.

A targets file (game.calibration.targets) gives per pair of nations, or of aliases such as
SU = the Soviet Union then Russia, the mean relation history records in each period. A
tracked pair A:B shows a target pair when each of its nations is one of a side's members,
in either order (PAK:SUN and PAK:RUS both show PAK:SU). A step is drawn over its period's
years, kept to the years the tracked pair exists in some run (the Soviet Union's half of
SU ends in 1991, Russia's begins then). Both the PNG and the matplotlib chart use this.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HALF_YEAR = 0.5  # a step covers its years from the middle of the year before to after


@dataclass(frozen=True)
class TargetStep:
    """One horizontal segment: `value` from `start` to `end` (years, may be fractional)."""

    start: float
    end: float
    value: float
    label: str  # the target's pair as the file names it, e.g. "PAK:SU"
    period: str


def load_chart_targets(scenario):
    """The scenario's targets (None when it names no targets file)."""
    from game.calibration.targets import load_targets

    path = getattr(scenario, "targets", None)
    return load_targets(Path(path), scenario) if path else None


def matches(targets, key: str, target) -> bool:
    """Whether the tracked pair `key` ("A:B") is the target pair, in either order."""
    a, b = key.split(":")
    first, second = targets.members(target.a), targets.members(target.b)
    return (a in first and b in second) or (a in second and b in first)


def target_steps(targets, key: str, years: list[int], runs: list[int]) -> list[TargetStep]:
    """The steps to draw on the panel of `key`: each matching target's value per period,
    over the years of the period in which the pair exists in some run (`runs` per year)."""
    if targets is None:
        return []
    present = {year for year, count in zip(years, runs, strict=True) if count}
    steps = []
    for target in targets.pairs:
        if not matches(targets, key, target):
            continue
        for period, value in zip(targets.periods, target.values, strict=True):
            inside = [y for y in range(period.start, period.end + 1) if y in present]
            if not inside:
                continue
            start = max(inside[0] - HALF_YEAR, years[0])
            end = min(inside[-1] + HALF_YEAR, years[-1])
            if end > start:
                steps.append(TargetStep(start, end, float(value), target.label, period.id))
    return steps
