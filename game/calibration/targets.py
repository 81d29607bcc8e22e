"""Targets: what a scenario's world should look like, period by period, as data.

A targets file is the yardstick that `backtest` measures a policy against and that
`calibrate` fits the AI to: periods of years, and per pair of nations the mean relation
history records in each period (the campaign's comes from the reference timeline's
alignment matrix). Optionally, events and the year they happened.

The file is untrusted input like a scenario: read through the scenario loader's guarded
reader (size, depth and count limits), every problem reported with file, line and key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.errors import Problem, ScenarioError
from game.loading.guard import FileGuard
from game.scenario import Scenario
from game.schema import Field, Source

MAX_PERIODS = 200
MAX_PAIRS = 500

TOP = {
    "schema_version": Field("int", required=True, low=1, high=1),
    "targets": Field("table", default={}),
    "periods": Field("tables", required=True),
    "pairs": Field("tables", required=True),
    "events": Field("tables", default=[]),
}
HEAD = {
    "name": Field("str", default=""),
    "fit_until": Field("int", low=1000, high=3000, doc="the last year of the fitted periods"),
    "aliases": Field("table", default={}),
}
PERIOD = {
    "id": Field("str", required=True),
    "start": Field("int", required=True, low=1000, high=3000),
    "end": Field("int", required=True, low=1000, high=3000),
}
PAIR = {
    "pair": Field("str_list", required=True, doc="two nation ids or aliases, e.g. ['PAK', 'USA']"),
    "values": Field("num_list", required=True, low=-100, high=100),
    "weight": Field("num", default=1.0, low=0, high=100),
}
EVENT = {
    "event": Field("str", required=True),
    "year": Field("int", required=True, low=1000, high=3000),
    "option": Field("str", doc="the option that counts (default: the historical one)"),
    "within": Field("int", default=1, low=0, high=50, doc="years either side that still count"),
    "weight": Field("num", default=1.0, low=0, high=100),
}


@dataclass(frozen=True)
class Period:
    id: str
    start: int
    end: int  # inclusive


@dataclass(frozen=True)
class PairTarget:
    a: str  # a nation id or an alias
    b: str
    values: tuple[float, ...]  # one per period
    weight: float = 1.0

    @property
    def label(self) -> str:
        return f"{self.a}:{self.b}"


@dataclass(frozen=True)
class EventTarget:
    """The event should fire, taking `option` (None: its historical option), in `year`
    give or take `within` years."""

    event: str
    year: int
    option: str | None = None
    within: int = 1
    weight: float = 1.0


@dataclass(frozen=True)
class Targets:
    """Periods, pair targets per period, event years; `aliases` name a role several
    nations play in turn (the Soviet Union, then Russia): the first of them active in a
    run and year stands for the alias."""

    path: str
    name: str
    periods: tuple[Period, ...]
    pairs: tuple[PairTarget, ...]
    events: tuple[EventTarget, ...] = ()
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fit_until: int | None = None

    def members(self, name: str) -> tuple[str, ...]:
        """The nations a name may stand for, in order of preference."""
        return dict(self.aliases).get(name, (name,))

    def fitted(self) -> list[int]:
        """Indices of the periods used for fitting (all when `fit_until` is not set)."""
        if self.fit_until is None:
            return list(range(len(self.periods)))
        return [i for i, p in enumerate(self.periods) if p.end <= self.fit_until]

    def held_out(self) -> list[int]:
        fitted = set(self.fitted())
        return [i for i in range(len(self.periods)) if i not in fitted]

    @property
    def first_year(self) -> int:
        return min(p.start for p in self.periods)

    @property
    def last_year(self) -> int:
        return max(p.end for p in self.periods)


def load_targets(path: str | Path, scenario: Scenario | None = None) -> Targets:
    """Read and check a targets file; raise ScenarioError listing every problem.

    With `scenario`, nation ids, aliases and event ids are checked against it, and periods
    must lie within its years.
    """
    path = Path(path)
    loader = FileGuard()
    if path.exists() and not path.is_file() and not path.is_dir():
        raise ScenarioError([Problem(str(path), "is not a regular file", hint="name a .toml file")])
    read = loader.read_toml(path, str(path))
    if read is None:
        raise ScenarioError(loader.reader.problems)
    source, data = read
    targets = _build(loader, source, data, scenario)
    if loader.reader.problems or targets is None:
        raise ScenarioError(loader.reader.problems)
    return targets


def _build(
    loader: FileGuard, source: Source, data: dict, scenario: Scenario | None
) -> Targets | None:
    reader = loader.reader
    top = reader.table(source, "", data, TOP)
    head = reader.table(source, "targets", top["targets"] or {}, HEAD)
    if reader.problems:
        return None
    ids = set(scenario.nation_index) if scenario is not None else None

    aliases: list[tuple[str, tuple[str, ...]]] = []
    for name, members in (head["aliases"] or {}).items():
        key = f"targets.aliases.{name}"
        if (
            not isinstance(members, list)
            or not members
            or not all(isinstance(m, str) for m in members)
        ):
            loader.report(source, key, "expected a list of nation ids", "e.g. SU = ['SUN', 'RUS']")
            continue
        if ids is not None:
            for member in members:
                if member not in ids:
                    loader.report(source, key, f"'{member}' is not a nation of the scenario")
        aliases.append((name, tuple(members)))
    known = None if ids is None else ids | {name for name, _ in aliases}

    periods: list[Period] = []
    period_rows = loader.tables(
        source, "periods", top["periods"] or [], MAX_PERIODS, PERIOD, "periods"
    )
    if period_rows is None:
        return None
    for key, row in period_rows:
        if None in (row["id"], row["start"], row["end"]):
            continue
        if row["end"] < row["start"]:
            loader.report(source, f"{key}.end", f"end {row['end']} is before start {row['start']}")
            continue
        if periods and row["start"] <= periods[-1].end:
            loader.report(
                source,
                f"{key}.start",
                f"period '{row['id']}' starts in {row['start']}, inside the period before",
                "list periods in order, without overlaps",
            )
            continue
        # Periods outside the scenario's years are allowed and simply not scored: the
        # campaigns that start in 1971 or 1991 share the 1947 campaign's targets.
        periods.append(Period(row["id"], row["start"], row["end"]))
    if not periods and not reader.problems:
        loader.report(source, "periods", "no periods", "add [[periods]] tables: id, start, end")

    pairs: list[PairTarget] = []
    pair_rows = loader.tables(source, "pairs", top["pairs"] or [], MAX_PAIRS, PAIR, "pairs")
    if pair_rows is None:
        return None
    for key, row in pair_rows:
        pair, values = row["pair"], row["values"]
        if pair is None or values is None:
            continue
        if len(pair) != 2 or pair[0] == pair[1]:
            loader.report(source, f"{key}.pair", "expected two different nation ids")
            continue
        if known is not None:
            for name in pair:
                if name not in known:
                    loader.report(
                        source,
                        f"{key}.pair",
                        f"'{name}' is not a nation of the scenario or an alias",
                        "aliases go in [targets.aliases]",
                    )
        if periods and len(values) != len(period_rows):
            loader.report(
                source,
                f"{key}.values",
                f"{len(values)} values for {len(period_rows)} periods",
                "one value per period, in the order of [[periods]]",
            )
            continue
        pairs.append(PairTarget(pair[0], pair[1], tuple(float(v) for v in values), row["weight"]))

    events: list[EventTarget] = []
    for i, item in enumerate(top["events"] or []):
        key = f"events[{i}]"
        row = reader.table(source, key, item, EVENT)
        if row["event"] is None or row["year"] is None:
            continue
        if scenario is not None:
            if row["event"] not in scenario.event_index:
                loader.report(source, f"{key}.event", f"no event '{row['event']}' in the scenario")
                continue
            event = scenario.events[scenario.event_index[row["event"]]]
            options = [o.id for o in event.options]
            if row["option"] is not None and row["option"] not in options:
                loader.report(
                    source,
                    f"{key}.option",
                    f"event '{event.id}' has no option '{row['option']}'",
                    "its options: " + ", ".join(options),
                )
                continue
        events.append(
            EventTarget(row["event"], row["year"], row["option"], row["within"], row["weight"])
        )

    fit_until = head["fit_until"]
    if reader.problems:
        return None
    return Targets(
        path=source.path,
        name=head["name"] or "",
        periods=tuple(periods),
        pairs=tuple(pairs),
        events=tuple(events),
        aliases=tuple(aliases),
        fit_until=fit_until,
    )
