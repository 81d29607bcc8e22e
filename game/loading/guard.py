"""The guard for untrusted scenario files: reading TOML within limits, and includes.

Every file a scenario names passes here first: size, encoding, nesting and a count of
keys and tables are checked before and after parsing, includes may not leave the
scenario's folder (or the standard library's, for `std:` names), and every problem is
collected with its file, line and key path. The domain build (`game.loading.build`)
reads tables through `FileGuard.items`, `unique` and `nation_ref`.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from game.errors import Problem
from game.files import ReadRefused, read_regular, why_unusable
from game.resources import data_dir
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
MAX_TEXT = 20_000  # characters of one text (a brief, an event's text)
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
# Ids of events, options, eras, actions and scenarios; \Z, not $: "$" also matches
# before a final newline, and "ald\n" is not "ald".
EVENT_ID = re.compile(r"\A[a-z][a-z0-9_]{0,63}\Z")
_READABLE = "give a scenario file (.toml) that you may read"
_UNREADABLE = {
    "no such file": ("no such file", "check the path and the file name"),
    "is a folder": ("is a folder, not a scenario file", "pass .toml files, e.g. scenarios/*.toml"),
}
# Tables that belong in the main scenario file only.
_MAIN_FILE_ONLY = ("include", "scenario", "drift", "economy", "blocs", "diplomacy", "map")


@dataclass
class Item:
    """One table read from a file, with where it came from."""

    source: Source
    key: str
    data: dict


class FileGuard:
    """Reads a scenario's files within the limits and collects every problem found.

    Also the reader of tables for the build: `items`, `unique` and `nation_ref` report
    through the same `Reader`, so all problems come out together, in reading order.
    """

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
        depth = nesting_depth(data)
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
            for forbidden in _MAIN_FILE_ONLY:
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
        if self.too_many(files[0][0], name, count, MAX_TABLES.get(name, MAX_TABLES_OTHER), name):
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

    def too_many(self, source: Source, key: str, count: int, limit: int, what: str) -> bool:
        """Whether `count` tables of a kind exceed `limit`; if so the problem is reported at
        `key`. Every limit on how many tables a file may hold is worded this one way."""
        if count <= limit:
            return False
        self.report(source, key, f"{count} {what}; the limit is {limit}")
        return True

    def tables(
        self, source: Source, key: str, raw: list, limit: int, spec: dict[str, Field], what: str
    ) -> list[tuple[str, dict]] | None:
        """The list of tables at `key` read against `spec`, each with its key path; None
        (and a problem) when there are more than `limit` of them."""
        if self.too_many(source, key, len(raw), limit, what):
            return None
        return [
            (f"{key}[{i}]", self.reader.table(source, f"{key}[{i}]", item, spec))
            for i, item in enumerate(raw)
        ]

    def at_most(self, items: list[Item], limit: int, what: str) -> list[Item]:
        """The first `limit` items. More are reported at the first one past the limit and
        dropped, so the rest of the file is still checked and its other problems shown."""
        if len(items) > limit:
            first = items[limit]
            self.too_many(first.source, first.key, len(items), limit, what)
        return items[:limit]

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

    def one_of(
        self, item: Item, field: str, value: str, choices: tuple[str, ...], problem: str, hint: str
    ) -> bool:
        """Whether `value` is one of `choices`; if not, `problem` is reported at the field."""
        if value in choices:
            return True
        self.report(item.source, f"{item.key}.{field}", problem, hint)
        return False

    def nation_ref(self, item: Item, key: str, value: str | None, nations: dict[str, Item]) -> bool:
        if value is None:
            return False
        if value in nations:
            return True
        close = get_close_matches(value, list(nations), n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else "nations: " + ", ".join(nations)
        self.report(item.source, key, f"unknown nation '{value}'", hint)
        return False


def in_reading_order(loader: FileGuard) -> list[Problem]:
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


def nesting_depth(value: Any) -> int:
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
