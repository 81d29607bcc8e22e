"""Read, check and build a `Scenario` from TOML files; every problem is reported at once.

The loader is the gate for untrusted input: files are size-limited, includes may not leave
the scenario's folder, expressions are parsed (never evaluated as Python), and every
reference is checked. Problems collect into one `ScenarioError`.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from game import expr
from game.errors import Problem, ScenarioError
from game.files import ReadRefused, read_regular, why_unusable
from game.map_load import check_regions, read_map
from game.resources import data_dir
from game.scenario import (
    BLOC_DEFAULTS,
    DERIVED_STATS,
    DIPLOMACY_DEFAULTS,
    DRIFT_DEFAULTS,
    ECONOMY_DEFAULTS,
    EXTENSIVE_STATS,
    IDEOLOGY_AXES,
    INTEREST_WEIGHTS,
    STATS,
    EraDef,
    EventDef,
    NationDef,
    OptionDef,
    Scenario,
    TreatyDef,
)
from game.scenario_specs import (
    AID,
    EMERGES,
    ERA,
    EVENT,
    EVENT_KINDS,
    MODIFIER,
    NATION,
    OPTION,
    RELATION,
    SCENARIO,
    TOP_LEVEL,
    TREATY,
    VARIANT,
    make_spec,
)
from game.schema import Field, Reader, Source
from game.terminal import cut
from game.toml_lines import LineIndex

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 4 * 1024 * 1024
# `include = ["std:diplomacy/actions.toml"]` reads the game's own scenario folder (the
# standard library of actions, treaties and events) from a scenario kept anywhere.
STD_PREFIX = "std:"
STD_DIR = data_dir("scenarios")  # the checkout's, or the copy installed with the package
STD_COPY = "_std"  # where a save's copy of the rules keeps the standard files it used
MAX_INCLUDES = 64
MAX_NATIONS = 200
MAX_EVENTS = 10_000
MAX_OPTIONS = 10
MAX_EFFECTS = 60
MAX_TEXT = 20_000
# Limits that keep hostile files quick to refuse (docs/saves-and-limits.md lists them all).
MAX_TOTAL_BYTES = 8 * 1024 * 1024  # the main file and its includes together
MAX_DEPTH = 20  # arrays and tables inside one another
MAX_PROBLEMS = 200  # problems listed; the rest are counted
MAX_TABLES = {
    "nations": MAX_NATIONS,
    "events": MAX_EVENTS,
    "treaties": 1_000,
    "eras": 200,
    "relations": 20_000,
    "aid": 20_000,
}
MAX_TABLES_OTHER = 10_000  # any other [[table]] kind, and [[x.y]] sub-tables per kind
# Keys, values and tables, counted before parsing by their marks (= , [ {): the TOML parser
# takes about a second per 50,000, and the whole 1947 campaign has some 13,000.
MAX_MARKS = 50_000  # in one file
MAX_MARKS_TOTAL = 100_000  # in the main file and its includes together
_TABLE_HEADER = re.compile(rb"^[ \t]*\[\[[ \t]*([A-Za-z0-9_.\- \t\"']+?)[ \t]*\]\]", re.MULTILINE)

# \Z, not $: "$" also matches before a final newline, and "ALD\n" is not "ALD".
_NATION_ID = re.compile(r"\A[A-Z]{3}\Z")
_EVENT_ID = re.compile(r"\A[a-z][a-z0-9_]{0,63}\Z")
_TREATY_ID = re.compile(r"\A[A-Za-z][A-Za-z0-9_]{0,63}\Z")
_COLOR = re.compile(r"\A#[0-9a-fA-F]{6}\Z")
# The work a scenario may ask for: every pair of nations in every turn (relations, records,
# a batch's histograms) and every event checked in every turn. The 1947 campaign needs
# 4,620 pair-turns and 20,412 event-turns.
MAX_PAIR_TURNS = 250_000
MAX_EVENT_TURNS = 2_500_000
_READABLE = "give a scenario file (.toml) that you may read"
_UNREADABLE = {
    "no such file": ("no such file", "check the path and the file name"),
    "is a folder": ("is a folder, not a scenario file", "pass .toml files, e.g. scenarios/*.toml"),
}


@dataclass
class Item:
    """One table read from a file, with where it came from."""

    source: Source
    key: str
    data: dict


class _Loader:
    def __init__(self, std_dir: Path = STD_DIR) -> None:
        self.std_dir = std_dir
        self.reader = Reader()
        self.hash = hashlib.sha256()
        self.sources: list[Source] = []
        self.files_read: list[tuple[str, bytes]] = []  # (shown path, bytes) of files parsed
        self.total_bytes = 0
        self.total_marks = 0

    # -- files -------------------------------------------------------------------------

    def report(self, source: Source, key: str, message: str, hint: str | None = None) -> None:
        self.reader.report(source, key, message, hint)

    def fail_file(self, path: str, message: str, hint: str | None = None) -> None:
        self.reader.problems.append(Problem(path, message, hint=hint))

    def read_toml(self, path: Path, shown: str) -> tuple[Source, dict] | None:
        try:  # never more than the limit, never a FIFO or device, whatever the file is
            raw = read_regular(path, MAX_FILE_BYTES)
        except ReadRefused as refused:
            problem, hint = _UNREADABLE.get(refused.reason, (refused.reason, _READABLE))
            self.fail_file(shown, problem, hint)
            return None
        if len(raw) > MAX_FILE_BYTES:
            self.fail_file(
                shown,
                f"is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}",
                "split it with include",
            )
            return None
        if not raw.strip():
            self.fail_file(shown, "is empty", "a scenario starts with 'schema_version = 1'")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            self.fail_file(
                shown, f"is not UTF-8 text (bad byte at offset {error.start})", "save it as UTF-8"
            )
            return None
        self.total_bytes += len(raw)
        if self.total_bytes > MAX_TOTAL_BYTES:
            self.fail_file(
                shown,
                f"brings the scenario's files to {self.total_bytes} bytes; the limit is {MAX_TOTAL_BYTES}",
            )
            return None
        if not self.small_enough(raw, shown):
            return None
        self.hash.update(raw)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            match = re.search(r"\(at line (\d+), column (\d+)\)", message)
            line = int(match.group(1)) if match else None
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
            if match:
                message += f" at column {match.group(2)}"
            self.reader.problems.append(Problem(shown, f"not valid TOML: {message}", line))
            return None
        except RecursionError:
            self.fail_file(shown, "nests too deeply to read", "flatten the nested arrays or tables")
            return None
        except ValueError:  # an integer of more digits than Python converts (4,300)
            self.fail_file(
                shown, "has a number with too many digits to read", "check the numbers in the file"
            )
            return None
        depth = _depth(data)
        if depth > MAX_DEPTH:
            self.fail_file(
                shown,
                f"nests arrays and tables {depth} levels deep; the limit is {MAX_DEPTH}",
                "flatten the nested arrays or tables",
            )
            return None
        source = Source(shown, LineIndex(text))
        self.sources.append(source)
        self.files_read.append((shown, raw))
        return source, data

    def small_enough(self, raw: bytes, shown: str) -> bool:
        """Count values and [[table]] headers before parsing, so a file of 100,000 events
        or a list of a million numbers is refused at once rather than after minutes."""
        marks = sum(raw.count(mark) for mark in (b"=", b",", b"[", b"{"))
        self.total_marks += marks
        message = None
        if marks > MAX_MARKS:
            message = f"is too large to read: about {marks} keys, values and tables; the limit is {MAX_MARKS} per file"
        elif self.total_marks > MAX_MARKS_TOTAL:
            message = (
                f"brings the scenario to about {self.total_marks} keys, values and tables; "
                f"the limit is {MAX_MARKS_TOTAL} for all its files together"
            )
        if message:
            self.fail_file(shown, message, "split it into smaller files, or trim it")
            return False
        counts: dict[bytes, int] = {}
        for match in _TABLE_HEADER.finditer(raw):
            name = match.group(1).replace(b" ", b"").replace(b"\t", b"")
            counts[name] = counts.get(name, 0) + 1
        for name, count in counts.items():
            text = name.decode("utf-8", "replace")
            limit = MAX_TABLES.get(text, MAX_TABLES_OTHER)
            if count > limit:
                self.fail_file(shown, f"has {count} [[{text}]] tables; the limit is {limit}")
                return False
        return True

    def load_files(self, path: Path) -> list[tuple[Source, dict]] | None:
        main = self.read_toml(path, str(path))
        if main is None:
            return None
        source, data = main
        files = [main]
        if not self.check_version(source, data):
            return None
        includes = data.get("include", [])
        if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
            self.report(source, "include", "expected a list of file names relative to this file")
            return files
        if len(includes) > MAX_INCLUDES:
            self.report(source, "include", f"{len(includes)} includes; the limit is {MAX_INCLUDES}")
            return files
        folder = path.resolve().parent
        for i, name in enumerate(includes):
            if name.startswith(STD_PREFIX):
                shown = name
                target = self.safe_include(
                    source, f"include[{i}]", self.std_dir.resolve(), name[len(STD_PREFIX) :], True
                )
            else:
                shown = str(path.parent / name)
                target = self.safe_include(source, f"include[{i}]", folder, name)
            if target is None:
                continue
            loaded = self.read_toml(target, shown)
            if loaded is None:
                continue
            if not self.check_version(*loaded):
                continue
            inc_source, inc_data = loaded
            for forbidden in (
                "include",
                "scenario",
                "drift",
                "economy",
                "blocs",
                "diplomacy",
                "map",
            ):
                if forbidden in inc_data:
                    self.report(
                        inc_source,
                        forbidden,
                        f"'{forbidden}' belongs in the main scenario file, not in an included file",
                    )
            files.append(loaded)
        return files

    def safe_include(
        self, source: Source, key: str, folder: Path, name: str, std: bool = False
    ) -> Path | None:
        """The file an include names, if it stays inside its folder (the scenario's, or the
        standard library's for `std:` names) and is a regular file."""
        try:
            return self._safe_include(source, key, folder, name, std)
        except (OSError, ValueError, RuntimeError) as error:  # NUL, too long, a loop, no access
            self.report(
                source,
                key,
                f"include '{cut(name)}' cannot be used: {why_unusable(error)}",
                "name a readable .toml file inside the scenario's folder",
            )
            return None

    def _safe_include(
        self, source: Source, key: str, folder: Path, name: str, std: bool
    ) -> Path | None:
        relative = Path(name)
        shown = STD_PREFIX + name if std else name
        where = (
            "the standard library (the game's scenarios folder)" if std else "the scenario's folder"
        )
        if not name or relative.is_absolute() or ".." in relative.parts:
            self.report(
                source,
                key,
                f"include '{shown}' must stay inside {where}",
                "use a path relative to this file, without '..'"
                if not std
                else "e.g. 'std:diplomacy/actions.toml'",
            )
            return None
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder):
            self.report(source, key, f"include '{shown}' leads outside {where}")
            return None
        if not target.is_file():
            what = "is not a regular file" if target.exists() else "does not exist"
            hint = "the standard library holds e.g. 'std:diplomacy/actions.toml'" if std else None
            self.report(source, key, f"included file '{shown}' {what}", hint)
            return None
        return target

    def check_version(self, source: Source, data: dict) -> bool:
        version = data.get("schema_version")
        if version is None:
            self.report(
                source,
                "",
                "missing 'schema_version'",
                f"put 'schema_version = {SCHEMA_VERSION}' at the top",
            )
            return False
        if version != SCHEMA_VERSION or isinstance(version, bool):
            self.report(
                source,
                "schema_version",
                f"schema_version {version!r} is not supported; this version of the game reads {SCHEMA_VERSION}",
            )
            return False
        return True

    # -- tables ------------------------------------------------------------------------

    def items(
        self, files: list[tuple[Source, dict]], name: str, spec: dict[str, Field]
    ) -> list[Item]:
        out: list[Item] = []
        count = sum(len(d.get(name)) for _, d in files if isinstance(d.get(name), list))
        limit = MAX_TABLES.get(name, MAX_TABLES_OTHER)
        if count > limit:
            self.report(files[0][0], name, f"{count} {name}; the limit is {limit}")
            return out
        for source, data in files:
            value = data.get(name, [])
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                self.report(source, name, f"'{name}' must be written as [[{name}]] tables")
                continue
            for i, table in enumerate(value):
                key = f"{name}[{i}]"
                out.append(Item(source, key, self.reader.table(source, key, table, spec)))
        return out

    def unique(
        self, items: list[Item], kind: str, pattern: re.Pattern, shape: str
    ) -> dict[str, Item]:
        seen: dict[str, Item] = {}
        for item in items:
            ident = item.data.get("id")
            if ident is None:
                continue
            if not pattern.match(ident):
                self.report(item.source, f"{item.key}.id", f"{kind} id '{ident}' is not {shape}")
                continue
            if ident in seen:
                first = seen[ident]
                line = first.source.lines.line_of(first.key)
                self.report(
                    item.source,
                    f"{item.key}.id",
                    f"duplicate {kind} id '{ident}'",
                    f"first defined at {first.source.path}:{line}",
                )
                continue
            seen[ident] = item
        return seen

    def nation_ref(self, item: Item, key: str, value: str | None, nations: dict[str, Item]) -> bool:
        if value is None:
            return False
        if value in nations:
            return True
        from difflib import get_close_matches

        close = get_close_matches(value, list(nations), n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else "nations: " + ", ".join(nations)
        self.report(item.source, key, f"unknown nation '{value}'", hint)
        return False


def load_scenario(path: str | Path, std_dir: Path = STD_DIR) -> Scenario:
    """Load and check a scenario file (with its includes); raise ScenarioError on problems.
    `std_dir` is where `std:` includes are read from (a save's copy of the rules has its own)."""
    loader = _Loader(std_dir)
    files = loader.load_files(Path(path))
    if files is None or loader.reader.problems:
        raise ScenarioError(_in_reading_order(loader))
    scenario = _build(loader, files, Path(path))
    if scenario is not None:
        _check_work(loader, files[0][0], scenario)
    if loader.reader.problems:
        raise ScenarioError(_in_reading_order(loader))
    assert scenario is not None
    folder = Path(path).parent
    _SOURCE_FILES[scenario] = tuple(
        (_copy_name(shown, folder), raw) for shown, raw in loader.files_read
    )
    return scenario


def _check_work(loader: _Loader, source: Source, scenario: Scenario) -> None:
    """Refuse a scenario whose turns would need more memory and time than any game should:
    a small file may declare 200 nations over 2,000 years, which grows by megabytes a turn."""
    turns, nations = scenario.turns, len(scenario.nations)
    pair_turns = nations * (nations - 1) // 2 * turns
    if pair_turns > MAX_PAIR_TURNS:
        loader.report(
            source,
            "scenario.end_year",
            f"{nations} nations over {turns} turns are {pair_turns:,} pair-turns to play; "
            f"the limit is {MAX_PAIR_TURNS:,}",
            "use fewer nations or fewer years",
        )
    event_turns = len(scenario.events) * turns
    if event_turns > MAX_EVENT_TURNS:
        loader.report(
            source,
            "scenario.end_year",
            f"{len(scenario.events)} events over {turns} turns are {event_turns:,} event-turns "
            f"to check; the limit is {MAX_EVENT_TURNS:,}",
            "use fewer events or fewer years",
        )


# The exact bytes each loaded scenario was built from, so a save can carry a copy of the
# rules in play even if the files on disk change during the game.
_SOURCE_FILES: weakref.WeakKeyDictionary[Scenario, tuple[tuple[str, bytes], ...]] = (
    weakref.WeakKeyDictionary()
)


def _copy_name(shown: str, folder: Path) -> str:
    """A file's name in a copy of the rules: relative to the main file, with the standard
    library's files under STD_COPY."""
    if shown.startswith(STD_PREFIX):
        return f"{STD_COPY}/{shown[len(STD_PREFIX) :]}"
    return Path(shown).relative_to(folder).as_posix()


def source_files(scenario: Scenario) -> tuple[tuple[str, bytes], ...] | None:
    """(path relative to the main file's folder, bytes) of each file, main file first."""
    return _SOURCE_FILES.get(scenario)


def _in_reading_order(loader: _Loader) -> list[Problem]:
    """Problems by file (main file first, then includes) and line, as a modder reads them;
    at most MAX_PROBLEMS of them, then a count of the rest."""
    order = {source.path: k for k, source in enumerate(loader.sources)}
    problems = sorted(loader.reader.problems, key=lambda p: (order.get(p.path, -1), p.line or 0))
    if len(problems) > MAX_PROBLEMS:
        rest = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [
            Problem(
                problems[MAX_PROBLEMS].path, f"... and {rest} more problems", hint="fix these first"
            )
        ]
    return problems


def _depth(value: Any) -> int:
    """How deeply arrays and tables nest in parsed TOML, measured without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _build(loader: _Loader, files: list[tuple[Source, dict]], path: Path) -> Scenario | None:
    reader = loader.reader
    main_source, main_data = files[0]
    top = reader.table(main_source, "", main_data, TOP_LEVEL)
    if main_data.get("scenario") is None:
        loader.report(
            main_source,
            "",
            "missing the [scenario] table",
            "is this an included file? validate the scenario that includes it",
        )
        return None
    for source, data in files[1:]:
        reader.table(source, "", data, {**TOP_LEVEL})
    head = reader.table(main_source, "scenario", top["scenario"], SCENARIO)
    if head["id"] is not None and not _EVENT_ID.match(head["id"]):
        loader.report(
            main_source,
            "scenario.id",
            f"scenario id {head['id']!r} is not lower-case letters, digits and _",
            "e.g. 'pak_russia_1947'",
        )
    drift = _params(loader, main_source, "drift", top["drift"], DRIFT_DEFAULTS)
    economy = _params(loader, main_source, "economy", top["economy"], ECONOMY_DEFAULTS)
    blocs = _params(loader, main_source, "blocs", top["blocs"], BLOC_DEFAULTS)

    nation_items = loader.items(files, "nations", NATION)
    if len(nation_items) > MAX_NATIONS:
        loader.report(
            main_source, "nations", f"{len(nation_items)} nations; the limit is {MAX_NATIONS}"
        )
        return None
    if not nation_items:
        loader.report(main_source, "", "no nations defined", "add at least two [[nations]] tables")
        return None
    nations = loader.unique(
        nation_items, "nation", _NATION_ID, "three capital letters (ISO 3166 alpha-3)"
    )
    treaty_items = loader.items(files, "treaties", TREATY)
    treaties = loader.unique(
        treaty_items, "treaty", _TREATY_ID, "a letter followed by letters, digits or _"
    )
    era_items = loader.items(files, "eras", ERA)
    eras = loader.unique(era_items, "era", _EVENT_ID, "lower-case letters, digits and _")
    event_items = loader.items(files, "events", EVENT)
    if len(event_items) > MAX_EVENTS:
        loader.report(
            main_source, "events", f"{len(event_items)} events; the limit is {MAX_EVENTS}"
        )
        return None
    events = loader.unique(event_items, "event", _EVENT_ID, "lower-case letters, digits and _")

    start, end = head["start_year"], head["end_year"]
    if start is not None and end is not None and end <= start:
        loader.report(
            main_source, "scenario.end_year", f"end_year {end} is not after start_year {start}"
        )

    options = _options(loader, events)
    flags = _collect_flags(files, head.get("flags") or [])
    vocab = expr.Vocabulary(
        ids={
            expr.NATION: set(nations),
            expr.TREATY: set(treaties),
            expr.EVENT: set(events),
            expr.FLAG: set(flags),
            expr.ERA: set(eras),
            expr.STAT: set(STATS) | set(DERIVED_STATS),
        },
        options={event_id: set(opts) for event_id, opts in options.items()},
        readonly_stats=set(DERIVED_STATS),
    )
    compiler = _ExpressionChecker(loader, vocab)

    nation_defs = _nations(loader, nations, compiler)
    index = {nation_id: i for i, nation_id in enumerate(nations)}
    matrices = _relations(loader, files, nations, index, nation_defs)
    treaty_defs = _treaties(loader, treaties, nations, compiler)
    era_defs = _eras(loader, eras)
    event_defs = _events(loader, events, nations, compiler, head)
    from game.diplomacy.load import read_diplomacy

    diplomacy_defs = read_diplomacy(loader, files, nations, treaties, vocab, compiler)
    diplomacy = _params(loader, main_source, "diplomacy", top["diplomacy"], DIPLOMACY_DEFAULTS)
    _check_territory(loader, nations, nation_defs)
    check_regions(loader, nations, nation_defs)
    map_spec = read_map(loader, main_source, top["map"], nations)
    _check_successions(loader, nations, nation_defs)
    player = head.get("default_player")
    if player is not None:
        loader.nation_ref(
            Item(main_source, "scenario", {}), "scenario.default_player", player, nations
        )
    if reader.problems or None in (start, end):
        return None

    regions: list[str] = []
    for nation in nation_defs:
        for region in nation.territory + (nation.emerges.territory if nation.emerges else ()):
            if region not in regions:
                regions.append(region)
    return Scenario(
        id=head["id"],
        name=head["name"],
        description=head["description"],
        path=str(path),
        content_hash=loader.hash.hexdigest(),
        start_year=start,
        end_year=end,
        months_per_turn=head["months_per_turn"],
        default_player=player,
        nations=tuple(nation_defs),
        relations=matrices[0],
        baselines=matrices[1],
        trade=matrices[2],
        aid=matrices[3],
        wars=matrices[4],
        relation_given=matrices[5],
        setup=compiler.effects(main_source, "scenario.setup", head.get("setup")),
        targets=_targets_file(loader, main_source, path, head.get("targets")),
        map=map_spec,
        treaties=tuple(treaty_defs),
        eras=tuple(sorted(era_defs, key=lambda e: e.start)),
        events=tuple(event_defs),
        flags=tuple(flags),
        initial_flags=tuple(head.get("flags") or []),
        drift=drift,
        economy=economy,
        blocs=blocs,
        nation_index=index,
        event_index={e.id: i for i, e in enumerate(event_defs)},
        treaty_index={t.id: i for i, t in enumerate(treaty_defs)},
        flag_index={f: i for i, f in enumerate(flags)},
        era_index={e.id: i for i, e in enumerate(era_defs)},
        regions=tuple(regions),
        actions=diplomacy_defs["actions"],
        interests=diplomacy_defs["interests"],
        objectives=diplomacy_defs["objectives"],
        restrictions=diplomacy_defs["restrictions"],
        ai=diplomacy_defs["ai"],
        diplomacy=diplomacy,
        action_index={a.id: i for i, a in enumerate(diplomacy_defs["actions"])},
    )


def _params(loader: _Loader, source: Source, key: str, value: Any, defaults: dict) -> dict:
    spec = make_spec(defaults)
    table = loader.reader.table(source, key, value if value is not None else {}, spec)
    return {
        name: float(table[name] if table[name] is not None else defaults[name]) for name in defaults
    }


class _ExpressionChecker:
    """Parses and type-checks expression strings, reporting problems at their key path."""

    def __init__(self, loader: _Loader, vocab: expr.Vocabulary) -> None:
        self.loader = loader
        self.vocab = vocab

    def _fail(self, source: Source, key: str, text: str, error: expr.ExprError) -> None:
        shown = text if len(text) <= 120 else text[:117] + "..."
        self.loader.report(
            source, key, f'{error.message} at column {error.column + 1} in "{shown}"', error.hint
        )

    def condition(
        self, source: Source, key: str, text: str | None, want: str = expr.BOOL
    ) -> expr.Node | None:
        if text is None:
            return None
        try:
            node = expr.parse_expression(text)
            found = expr.check(node, self.vocab)
        except expr.ExprError as error:
            self._fail(source, key, text, error)
            return None
        if found != want:
            article = "a condition (true/false)" if want == expr.BOOL else "a number"
            self.loader.report(source, key, f'expected {article} but "{text}" is a {found}')
            return None
        return node

    def effects(self, source: Source, key: str, texts: list[str] | None) -> tuple[expr.Effect, ...]:
        out: list[expr.Effect] = []
        if texts and len(texts) > MAX_EFFECTS:
            self.loader.report(source, key, f"{len(texts)} effects; the limit is {MAX_EFFECTS}")
            return ()
        for i, text in enumerate(texts or []):
            try:
                effect = expr.parse_effect(text)
                expr.check_effect(effect, self.vocab)
            except expr.ExprError as error:
                self._fail(source, f"{key}[{i}]", text, error)
                continue
            out.append(effect)
        return tuple(out)


def _collect_flags(files: list[tuple[Source, dict]], initial: list[str]) -> list[str]:
    """Every flag some effect sets or clears, plus the scenario's starting flags."""
    names: list[str] = list(dict.fromkeys(f for f in initial if isinstance(f, str)))
    pattern = re.compile(r"\b(?:set_flag|clear_flag)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)")

    def walk(value: Any) -> None:
        if isinstance(value, str):
            for name in pattern.findall(value):
                if name not in names:
                    names.append(name)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    scenario_table = files[0][1].get("scenario")
    if isinstance(scenario_table, dict):
        walk(scenario_table.get("setup", []))
    for _, data in files:
        walk(data.get("events", []))
        walk(data.get("treaties", []))
        walk(data.get("actions", []))
    return names


def _color(loader: _Loader, item: Item, value: str | None) -> tuple[int, int, int]:
    if value is None or not _COLOR.match(value):
        if value is not None:
            loader.report(
                item.source,
                f"{item.key}.color",
                f"colour '{value}' is not of the form '#rrggbb'",
                "e.g. '#1f7a3a'",
            )
        return (128, 128, 128)
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def _nations(
    loader: _Loader, nations: dict[str, Item], checker: _ExpressionChecker
) -> list[NationDef]:
    from game.scenario_specs import IDEOLOGY, STATS_SPEC, stats_spec_for_emerging

    out: list[NationDef] = []
    for nation_id, item in nations.items():
        data = item.data
        emerges = None
        if data["emerges"] is not None:
            emerges = _emergence(loader, item, nations, checker)
        spec = stats_spec_for_emerging() if data["emerges"] is not None else STATS_SPEC
        stats = loader.reader.table(item.source, f"{item.key}.stats", data["stats"] or {}, spec)
        ideology = loader.reader.table(
            item.source, f"{item.key}.ideology", data["ideology"] or {}, IDEOLOGY
        )
        values = {name: float(v) for name, v in stats.items() if v is not None}
        values.update({axis: float(ideology[axis] or 0.0) for axis in IDEOLOGY_AXES})
        if "military" not in values and "gdp" in values and "defence_share" in values:
            depreciation = 0.1
            values["military"] = values["gdp"] * values["defence_share"] / 100.0 / depreciation
        for name in EXTENSIVE_STATS:
            values.setdefault(name, 0.0)
        capital = data["capital"]
        if capital is not None and (
            len(capital) != 2 or not (-180 <= capital[0] <= 180 and -90 <= capital[1] <= 90)
        ):
            loader.report(
                item.source,
                f"{item.key}.capital",
                "capital must be [longitude, latitude] with -180..180 and -90..90",
            )
            capital = None
        brief = data["brief"] or ""
        if len(brief) > MAX_TEXT:
            loader.report(
                item.source, f"{item.key}.brief", f"text is longer than {MAX_TEXT} characters"
            )
        out.append(
            NationDef(
                id=nation_id,
                name=data["name"] or nation_id,
                color=_color(loader, item, data["color"]),
                capital=tuple(capital) if capital else (0.0, 0.0),
                territory=tuple(
                    data["territory"]
                    if data["territory"] is not None
                    else ([] if emerges else [nation_id])
                ),
                playable=bool(data["playable"]),
                brief=brief,
                stats=values,
                emerges=emerges,
            )
        )
    return out


def _emergence(loader: _Loader, item: Item, nations: dict[str, Item], checker: _ExpressionChecker):
    from game.scenario import Emergence

    key = f"{item.key}.emerges"
    data = loader.reader.table(item.source, key, item.data["emerges"], EMERGES)
    loader.nation_ref(item, f"{key}.from", data["from"], nations)
    if data["from"] == item.data.get("id"):
        loader.report(item.source, f"{key}.from", "a nation cannot emerge from itself")
    when = checker.condition(item.source, f"{key}.when", data["when"])
    return Emergence(
        from_id=data["from"] or "",
        when=when,
        territory=tuple(data["territory"] or ()),
        # A bad share was reported already (and is None here); the default keeps building.
        population_share=float(_or_default(data, "population_share")),
        gdp_share=float(_or_default(data, "gdp_share")),
        military_share=float(_or_default(data, "military_share")),
        relations_share=float(_or_default(data, "relations_share")),
        inherit_treaties=bool(data["inherit_treaties"]),
        predecessor_ends=bool(data["predecessor_ends"]),
    )


def _or_default(data: dict, name: str) -> Any:
    return data[name] if data[name] is not None else EMERGES[name].default


def _relations(
    loader: _Loader, files, nations: dict[str, Item], index: dict[str, int], defs: list[NationDef]
):
    n = len(index)
    relations = np.zeros((n, n))
    baselines = np.full((n, n), np.nan)
    trade = np.zeros((n, n))
    aid = np.zeros((n, n))
    given = np.zeros((n, n), dtype=bool)
    wars: list[tuple[str, str]] = []
    seen: dict[tuple[str, str], Item] = {}
    for item in loader.items(files, "relations", RELATION):
        pair = item.data["pair"]
        if pair is None:
            continue
        if len(pair) != 2 or pair[0] == pair[1]:
            loader.report(
                item.source,
                f"{item.key}.pair",
                'pair must name two different nations, e.g. ["PAK", "USA"]',
            )
            continue
        ok = [loader.nation_ref(item, f"{item.key}.pair[{k}]", pair[k], nations) for k in (0, 1)]
        if not all(ok):
            continue
        key = tuple(sorted(pair))
        if key in seen:
            loader.report(
                item.source, f"{item.key}.pair", f"relation {pair[0]}–{pair[1]} is given twice"
            )
            continue
        seen[key] = item
        i, j = index[pair[0]], index[pair[1]]
        value = item.data["value"] if item.data["value"] is not None else 0.0
        relations[i, j] = relations[j, i] = value
        given[i, j] = given[j, i] = True
        base = item.data["baseline"]
        baselines[i, j] = baselines[j, i] = value if base is None else base
        trade[i, j] = trade[j, i] = item.data["trade"] or 0.0
        if item.data["at_war"]:
            wars.append((pair[0], pair[1]))
    baselines = np.where(np.isnan(baselines), relations, baselines)
    for item in loader.items(files, "aid", AID):
        donor, recipient = item.data["from"], item.data["to"]
        ok = loader.nation_ref(item, f"{item.key}.from", donor, nations) & loader.nation_ref(
            item, f"{item.key}.to", recipient, nations
        )
        if ok and donor != recipient and item.data["amount"] is not None:
            aid[index[donor], index[recipient]] += item.data["amount"]
        elif ok and donor == recipient:
            loader.report(item.source, f"{item.key}.to", "a nation cannot give aid to itself")
    np.fill_diagonal(relations, 100.0)
    np.fill_diagonal(baselines, 100.0)
    return relations, baselines, trade, aid, tuple(wars), given


def _treaties(
    loader: _Loader,
    treaties: dict[str, Item],
    nations: dict[str, Item],
    checker: _ExpressionChecker,
) -> list[TreatyDef]:
    out: list[TreatyDef] = []
    for treaty_id, item in treaties.items():
        data = item.data
        for field in ("members", "against"):
            for k, member in enumerate(data[field] or []):
                loader.nation_ref(item, f"{item.key}.{field}[{k}]", member, nations)
        _check_span(loader, item)
        out.append(
            TreatyDef(
                id=treaty_id,
                name=data["name"] or treaty_id,
                kind=data["kind"] or "agreement",
                text=data["text"] or "",
                members=tuple(data["members"] or ()),
                start=data["start"],
                end=data["end"],
                bond=float(data["bond"] if data["bond"] is not None else 0.0),
                against=tuple(data["against"] or ()),
                per_turn=checker.effects(item.source, f"{item.key}.per_turn", data["per_turn"]),
            )
        )
    return out


def _check_span(loader: _Loader, item: Item) -> None:
    """A table's `end` year must come after its `start` year."""
    start, end = item.data["start"], item.data["end"]
    if start is not None and end is not None and end <= start:
        loader.report(item.source, f"{item.key}.end", f"end {end} is not after start {start}")


def _eras(loader: _Loader, eras: dict[str, Item]) -> list[EraDef]:
    out = []
    for era_id, item in eras.items():
        data = item.data
        _check_span(loader, item)
        out.append(
            EraDef(
                era_id,
                data["name"] or era_id,
                data["start"] or 0,
                data["end"] or 0,
                data["text"] or "",
            )
        )
    ordered = sorted(out, key=lambda e: e.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end:
            item = eras[after.id]
            loader.report(
                item.source,
                f"{item.key}.start",
                f"era '{after.id}' starts in {after.start}, before era '{before.id}' ends in {before.end}",
                "eras must not overlap; an era runs from start up to (not including) end",
            )
    return out


def _options(
    loader: _Loader, events: dict[str, Item]
) -> dict[str, dict[str, tuple[Item, str, dict]]]:
    """Read every event's options first, so chose(event, option) can be checked anywhere."""
    out: dict[str, dict[str, tuple[Item, str, dict]]] = {}
    for event_id, item in events.items():
        tables = item.data["options"] or []
        if not tables:
            loader.report(item.source, item.key, "an event needs at least one [[events.options]]")
        if len(tables) > MAX_OPTIONS:
            loader.report(
                item.source,
                f"{item.key}.options",
                f"{len(tables)} options; the limit is {MAX_OPTIONS}",
            )
        opts: dict[str, tuple[Item, str, dict]] = {}
        for k, table in enumerate(tables[:MAX_OPTIONS]):
            key = f"{item.key}.options[{k}]"
            data = loader.reader.table(item.source, key, table, OPTION)
            option_id = data["id"]
            if option_id is None:
                continue
            if not _EVENT_ID.match(option_id):
                loader.report(
                    item.source,
                    f"{key}.id",
                    f"option id '{option_id}' is not lower-case letters, digits and _",
                )
            elif option_id in opts:
                loader.report(
                    item.source,
                    f"{key}.id",
                    f"duplicate option id '{option_id}' in event '{event_id}'",
                )
            else:
                opts[option_id] = (item, key, data)
        historical = [o for o, (_, _, d) in opts.items() if d["historical"]]
        if len(historical) > 1:
            loader.report(
                item.source,
                f"{item.key}.options",
                f"{len(historical)} options are marked historical ({', '.join(historical)}); mark at most one",
            )
        out[event_id] = opts
    return out


def _events(
    loader: _Loader,
    events: dict[str, Item],
    nations: dict[str, Item],
    checker: _ExpressionChecker,
    head: dict,
) -> list[EventDef]:
    out: list[EventDef] = []
    for event_id, item in events.items():
        data = item.data
        for field in ("title", "text", "note"):
            if data[field] and len(data[field]) > MAX_TEXT:
                loader.report(
                    item.source, f"{item.key}.{field}", f"text is longer than {MAX_TEXT} characters"
                )
        if data["nation"] is not None:
            loader.nation_ref(item, f"{item.key}.nation", data["nation"], nations)
        for k, other in enumerate(data["involves"] or []):
            loader.nation_ref(item, f"{item.key}.involves[{k}]", other, nations)
        years = data["years"]
        if years is not None and (len(years) != 2 or years[1] < years[0]):
            loader.report(
                item.source,
                f"{item.key}.years",
                "years must be [first, last] with first <= last, e.g. [1954, 1956]",
            )
            years = None
        if data["chance"] is not None and data["mtth"] is not None:
            loader.report(
                item.source,
                f"{item.key}.mtth",
                "give either chance or mtth, not both",
                "chance is a probability per turn; mtth is the mean years to happen",
            )
        modifiers = []
        for k, table in enumerate(data["modifiers"] or []):
            key = f"{item.key}.modifiers[{k}]"
            mod = loader.reader.table(item.source, key, table, MODIFIER)
            node = checker.condition(item.source, f"{key}.when", mod["when"])
            if node is not None and mod["factor"] is not None:
                modifiers.append((float(mod["factor"]), node))
        if modifiers and data["chance"] is None and data["mtth"] is None:
            loader.report(
                item.source, f"{item.key}.modifiers", "modifiers need a chance or an mtth to scale"
            )
        options = []
        for k, table in enumerate((data["options"] or [])[:MAX_OPTIONS]):
            key = f"{item.key}.options[{k}]"
            opt = Reader().table(item.source, key, table, OPTION)  # already reported in _options
            weight = opt["ai_weight"]
            if isinstance(weight, str):
                weight_node = checker.condition(item.source, f"{key}.ai_weight", weight, expr.NUM)
            elif (
                isinstance(weight, int | float)
                and not isinstance(weight, bool)
                and 0 <= weight <= 1000
            ):
                weight_node = expr.Number(0, float(weight))
            else:
                loader.report(
                    item.source,
                    f"{key}.ai_weight",
                    "ai_weight must be a number from 0 to 1000 or an expression string",
                )
                weight_node = None
            options.append(
                OptionDef(
                    id=opt["id"] or f"option{k}",
                    label=opt["label"] or "",
                    historical=bool(opt["historical"]),
                    ai_weight=weight_node or expr.Number(0, 1.0),
                    effects=checker.effects(item.source, f"{key}.effects", opt["effects"]),
                    explain=opt["explain"] or "",
                    motives=_motives(loader, item.source, f"{key}.motives", opt["motives"]),
                )
            )
        kind = data["kind"] or "history"
        if kind not in EVENT_KINDS:
            loader.report(
                item.source,
                f"{item.key}.kind",
                f"kind '{kind}' is not one of {', '.join(EVENT_KINDS)}",
                "history: it happened; alternate: it follows a choice history did not take",
            )
        variants = []
        for k, table in enumerate((data["variants"] or [])[:MAX_OPTIONS]):
            key = f"{item.key}.variants[{k}]"
            variant = loader.reader.table(item.source, key, table, VARIANT)
            node = checker.condition(item.source, f"{key}.when", variant["when"])
            text = variant["text"] or ""
            if len(text) > MAX_TEXT:
                loader.report(
                    item.source, f"{key}.text", f"text is longer than {MAX_TEXT} characters"
                )
            elif node is not None:
                variants.append((node, text))
        first, last = years if years else (-100_000, 100_000)
        out.append(
            EventDef(
                id=event_id,
                title=data["title"] or event_id,
                text=data["text"] or "",
                note=data["note"] or "",
                nation=data["nation"],
                involves=tuple(data["involves"] or ()),
                years=(int(first), int(last)),
                trigger=checker.condition(item.source, f"{item.key}.trigger", data["trigger"]),
                chance=data["chance"],
                mtth=data["mtth"],
                modifiers=tuple(modifiers),
                once=bool(data["once"]),
                cooldown=int(data["cooldown"] or 0),
                options=tuple(options),
                kind=kind if kind in EVENT_KINDS else "history",
                variants=tuple(variants),
            )
        )
    return out


def _motives(loader: _Loader, source: Source, key: str, table: dict | None) -> tuple:
    """An option's motives: interest names to amounts in -10..10."""
    out = []
    for name, amount in (table or {}).items():
        if name not in INTEREST_WEIGHTS:
            loader.report(
                source,
                f"{key}.{name}",
                f"unknown interest '{name}'",
                "motives name interests: " + ", ".join(INTEREST_WEIGHTS),
            )
        elif (
            not isinstance(amount, int | float)
            or isinstance(amount, bool)
            or not -10 <= amount <= 10
        ):
            loader.report(source, f"{key}.{name}", "expected a number from -10 to 10")
        else:
            out.append((name, float(amount)))
    return tuple(out)


def _targets_file(loader: _Loader, source: Source, path: Path, name: str | None) -> str | None:
    """The targets file's path, which must stay inside the scenario's folder like an
    include. It is read (and must exist) only by the commands that use it, so a game
    loaded from a save's copy of the rules, which holds no targets, still loads."""
    if name is None:
        return None
    relative = Path(name)
    if not name or "\0" in name or relative.is_absolute() or ".." in relative.parts:
        loader.report(
            source,
            "scenario.targets",
            f"targets '{cut(name)}' must stay inside the scenario's folder",
            "use a path relative to this file, without '..'",
        )
        return None
    return str(path.parent / name)


def _check_territory(loader: _Loader, nations: dict[str, Item], defs: list[NationDef]) -> None:
    owner: dict[str, str] = {}
    for nation in defs:
        if nation.emerges is not None:
            continue
        for region in nation.territory:
            if region in owner:
                item = nations[nation.id]
                loader.report(
                    item.source,
                    f"{item.key}.territory",
                    f"region '{region}' is already held by {owner[region]}",
                    "each map region starts with one owner",
                )
            owner[region] = nation.id


def _check_successions(loader: _Loader, nations: dict[str, Item], defs: list[NationDef]) -> None:
    by_id = {n.id: n for n in defs}
    for nation in defs:
        if nation.emerges is None or nation.emerges.from_id not in by_id:
            continue
        chain = [nation.id]
        current = nation
        while current.emerges is not None and current.emerges.from_id in by_id:
            parent = current.emerges.from_id
            if parent in chain:
                item = nations[nation.id]
                loader.report(
                    item.source,
                    f"{item.key}.emerges.from",
                    "succession goes round in a circle: " + " ← ".join(chain + [parent]),
                    "some nation in the chain must exist at the start",
                )
                break
            chain.append(parent)
            current = by_id[parent]
        parent_def = by_id[nation.emerges.from_id]
        held = set(parent_def.territory) | set(
            parent_def.emerges.territory if parent_def.emerges else ()
        )
        for k, region in enumerate(nation.emerges.territory):
            if region not in held:
                item = nations[nation.id]
                loader.report(
                    item.source,
                    f"{item.key}.emerges.territory[{k}]",
                    f"region '{region}' is not part of {parent_def.id}'s territory",
                    f"{parent_def.id} holds: {', '.join(sorted(held)) or 'nothing'}",
                )
    shares: dict[str, float] = {}
    for nation in defs:
        if nation.emerges is not None:
            shares[nation.emerges.from_id] = (
                shares.get(nation.emerges.from_id, 0.0) + nation.emerges.population_share
            )
    for parent, total in shares.items():
        if total > 1.0001 and parent in nations:
            item = nations[parent]
            loader.report(
                item.source,
                item.key,
                f"successors of {parent} take {total:.0%} of its population; at most 100% is possible",
            )
