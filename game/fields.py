"""The one table of what the state holds: each stat's range, meaning and label, and each
tie between nations with its range and symmetry.

Everything that clips, checks or names a field reads it here: the expression compiler
and the action accumulator (ranges, symmetry), the economy (stat bounds), the invariants,
the loader (a stat's range in a scenario file), and every text that names a stat. A new
stat is one row of `STAT_FIELDS`; its position fixes its place on the state's stats axis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class StatField:
    """One national statistic: its range, what it measures, and how a player reads it."""

    name: str
    low: float
    high: float
    meaning: str  # unit and meaning, as the format documentation gives them
    label: str  # words for a sentence: "defence spending"
    unit: str = ""  # short unit for a label: "% of GDP"
    caption: str = ""  # a panel's or a map mode's heading: "Defence" (the label's, if empty)

    @property
    def heading(self) -> str:
        return self.caption or self.label[:1].upper() + self.label[1:]


STAT_FIELDS: tuple[StatField, ...] = (
    StatField("population", 0.0, 100_000.0, "millions of people", "population", "m"),
    StatField("population_growth", -10.0, 10.0, "% per year", "population growth", "%/yr"),
    StatField("gdp", 0.0, 1_000_000.0, "US$ bn, current prices", "GDP", "$bn"),
    StatField(
        "gdp_growth",
        -30.0,
        30.0,
        "% per year, trend before modifiers",
        "GDP growth",
        "%/yr",
        "Growth",
    ),
    StatField(
        "military",
        0.0,
        100_000.0,
        "strength: the stock of defence spending, US$ bn",
        "military strength",
        caption="Military",
    ),
    StatField(
        "defence_share",
        0.0,
        60.0,
        "% of GDP spent on defence",
        "defence spending",
        "% of GDP",
        "Defence",
    ),
    StatField("stability", 0.0, 100.0, "0 collapse .. 100 rock-solid", "stability"),
    StatField(
        "nuclear",
        0.0,
        3.0,
        "0 none, 1 programme, 2 threshold, 3 armed",
        "nuclear status",
        "",
        "Nuclear",
    ),
    StatField(
        "economy",
        -100.0,
        100.0,
        "ideology: -100 state-led/socialist .. +100 market",
        "economic ideology",
        caption="Economy",
    ),
    StatField(
        "religion",
        -100.0,
        100.0,
        "ideology: -100 secular .. +100 religious state",
        "religious ideology",
        caption="Religion",
    ),
    StatField(
        "liberty",
        -100.0,
        100.0,
        "ideology: -100 authoritarian .. +100 liberal",
        "liberal ideology",
        caption="Liberty",
    ),
)

# name -> (low, high, unit / meaning). Order fixes the stats axis of the state arrays.
STATS: dict[str, tuple[float, float, str]] = {
    f.name: (f.low, f.high, f.meaning) for f in STAT_FIELDS
}
STAT_NAMES: tuple[str, ...] = tuple(STATS)
STAT_INDEX: dict[str, int] = {name: i for i, name in enumerate(STAT_NAMES)}
# Bounds along the stats axis, for clipping a whole (B, N, S) array at once.
STAT_LOW = np.array([f.low for f in STAT_FIELDS])
STAT_HIGH = np.array([f.high for f in STAT_FIELDS])
_BY_NAME = {f.name: f for f in STAT_FIELDS}


def stat_field(name: str) -> StatField:
    """The row of a stat by name (KeyError for a name that is not a stat)."""
    return _BY_NAME[name]


def stat_label(name: str) -> str:
    """A stat as a player reads it, with its unit: "defence spending (% of GDP)"."""
    field = _BY_NAME[name]
    return f"{field.label} ({field.unit})" if field.unit else field.label


@dataclass(frozen=True)
class PairField:
    """A number held for every pair of nations: `relation(A, B)` reads `state.relations`."""

    name: str  # the expression function that reads and assigns it
    attribute: str  # the (B, N, N) array of the state
    low: float
    high: float
    symmetric: bool  # A's tie with B is B's tie with A


PAIR_FIELDS: dict[str, PairField] = {
    f.name: f
    for f in (
        PairField("relation", "relations", -100.0, 100.0, True),
        PairField("baseline", "baselines", -100.0, 100.0, True),
        PairField("trade", "trade", 0.0, 100.0, True),
        PairField("aid", "aid", 0.0, 10_000.0, False),  # from the donor row to the recipient
    )
}
# Every pair function of the expression language and the state array it reads; the
# yes/no ties (war is symmetric, sanctions are not) are set by commands, not assigned.
PAIR_READS: dict[str, str] = {
    **{name: f.attribute for name, f in PAIR_FIELDS.items()},
    "at_war": "war",
    "sanctions": "sanctions",
}
