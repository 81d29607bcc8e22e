"""Field-by-field checks for scenario tables that collect problems instead of raising.

Each table is described by a dict of `Field`s; `Reader.table` returns the cleaned values
and records a `Problem` (with file and line) for every unknown key, wrong type, missing
key, out-of-range or non-finite number it finds.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import Any

from game.errors import Problem
from game.terminal import cut
from game.toml_lines import LineIndex

MAX_STRING = 20_000  # characters in any one text value
MAX_LIST = 10_000  # items in any one list value


@dataclass(frozen=True)
class Source:
    """One file's display path and its line index."""

    path: str
    lines: LineIndex


@dataclass(frozen=True)
class Field:
    """Expected shape of one key: kind is str, int, num, bool, str_list, num_list, table, tables."""

    kind: str
    required: bool = False
    default: Any = None
    low: float | None = None
    high: float | None = None
    doc: str = ""


_KIND_NAMES = {
    "str": "a string",
    "int": "a whole number",
    "num": "a number",
    "bool": "true or false",
    "str_list": "a list of strings",
    "num_list": "a list of numbers",
    "table": "a table",
    "tables": "a list of tables",
    "any": "a value",
}


# What a TOML value is, in words; bool comes before int because True is an int as well.
_VALUE_NAMES: tuple[tuple[type, str], ...] = (
    (bool, "a boolean"),
    (int, "a whole number"),
    (float, "a number"),
    (str, "a string"),
    (list, "a list"),
    (dict, "a table"),
)


def _type_name(value: Any) -> str:
    for kind, name in _VALUE_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Reader:
    """Collects problems while reading tables of one or more sources."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def report(self, source: Source, key: str, message: str, hint: str | None = None) -> None:
        line = source.lines.line_of(key)
        self.problems.append(Problem(source.path, message, line, key, hint))

    def table(self, source: Source, key: str, value: Any, spec: dict[str, Field]) -> dict:
        """Check `value` against `spec`; return a dict with every spec key (None if bad)."""
        out: dict[str, Any] = {}
        if not isinstance(value, dict):
            self.report(source, key, f"expected a table but found {_type_name(value)}")
            return {name: field.default for name, field in spec.items()}
        for name in value:
            if name not in spec:
                close = difflib.get_close_matches(name, list(spec), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(spec)
                self.report(source, _join(key, name), f"unknown key '{cut(name)}'", hint)
        for name, field in spec.items():
            path = _join(key, name)
            if name not in value:
                if field.required:
                    self.report(source, key, f"missing required key '{name}'", field.doc or None)
                out[name] = field.default
                continue
            out[name] = self.value(source, path, value[name], field)
        return out

    def value(self, source: Source, path: str, value: Any, field: Field) -> Any:
        kind = field.kind
        if kind == "any":
            return value
        if kind in ("str_list", "num_list"):
            if not isinstance(value, list):
                self.report(
                    source, path, f"expected {_KIND_NAMES[kind]} but found {_type_name(value)}"
                )
                return field.default
            if len(value) > MAX_LIST:
                self.report(source, path, f"list of {len(value)} items; the limit is {MAX_LIST}")
                return field.default
            item_field = Field(
                "str" if kind == "str_list" else "num", low=field.low, high=field.high
            )
            items = [self.value(source, f"{path}[{i}]", v, item_field) for i, v in enumerate(value)]
            return None if any(i is None for i in items) else items
        if kind == "tables":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                self.report(
                    source, path, f"expected {_KIND_NAMES[kind]} but found {_type_name(value)}"
                )
                return field.default
            return value
        if kind == "table":
            if not isinstance(value, dict):
                self.report(source, path, f"expected a table but found {_type_name(value)}")
                return field.default
            return value
        if kind == "str":
            if not isinstance(value, str):
                self.report(source, path, f"expected a string but found {_type_name(value)}")
                return None
            if len(value) > MAX_STRING:
                self.report(
                    source, path, f"text of {len(value)} characters; the limit is {MAX_STRING}"
                )
                return None
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                self.report(source, path, f"expected true or false but found {_type_name(value)}")
                return None
            return value
        if kind == "int" and not (isinstance(value, int) and not isinstance(value, bool)):
            self.report(source, path, f"expected a whole number but found {_type_name(value)}")
            return None
        if kind == "num" and not _is_number(value):
            self.report(source, path, f"expected a number but found {_type_name(value)}")
            return None
        return self.number_in_range(source, path, value, field)

    def number_in_range(self, source: Source, path: str, value: float, field: Field) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            self.report(source, path, f"{value} is not a usable number", "use a finite number")
            return None
        low, high = field.low, field.high
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"between {_fmt(low)} and {_fmt(high)}"
            if high is None:
                span = f"at least {_fmt(low)}"
            elif low is None:
                span = f"at most {_fmt(high)}"
            self.report(source, path, f"{_fmt(value)} is out of range: expected {span}")
            return None
        return value


def _fmt(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name
