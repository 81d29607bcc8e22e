"""Map TOML key paths (``events[3].options[1].effects[0]``) to line numbers.

`tomllib` returns plain dicts without positions, but every validation message must name
its line. This scanner reads the text once and records where each table, array-of-tables
element, key and multi-line array element starts. It only needs to be right for files
that `tomllib` already accepted.
"""

from __future__ import annotations

import re

_HEADER_ARRAY = re.compile(r"^\s*\[\[\s*([^\]]+?)\s*\]\]")
_HEADER_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\.\"' ]+?)\s*=")


def _split_dotted(name: str) -> list[str]:
    return [part.strip().strip("\"'") for part in name.split(".")]


class LineIndex:
    """Key path → line number (1-based) for one TOML text."""

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        self._scan(text.splitlines())

    def _resolve(self, parts: list[str], latest: dict[str, str]) -> str:
        """Turn dotted header names into an indexed path using the latest array elements."""
        path = ""
        dotted = ""
        for part in parts:
            dotted = f"{dotted}.{part}" if dotted else part
            path = latest.get(dotted, f"{path}.{part}" if path else part)
        return path

    def _scan(self, lines: list[str]) -> None:
        counters: dict[str, int] = {}
        latest: dict[str, str] = {}
        current = ""
        in_multiline: str | None = None
        open_array: tuple[str, int, int] | None = None  # path, depth, next element index
        for number, raw in enumerate(lines, start=1):
            line = raw
            if in_multiline:
                if in_multiline in line:
                    in_multiline = None
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if open_array is not None:
                path, depth, index = open_array
                if stripped[0] in "\"'{0123456789-+[tf" and depth == 1:
                    self.lines.setdefault(f"{path}[{index}]", number)
                    index += 1  # one element per line is how people write long arrays
                depth += _bracket_balance(stripped)
                open_array = (path, depth, index) if depth > 0 else None
                continue
            if match := _HEADER_ARRAY.match(line):
                parts = _split_dotted(match.group(1))
                parent = self._resolve(parts[:-1], latest) if len(parts) > 1 else ""
                array_path = f"{parent}.{parts[-1]}" if parent else parts[-1]
                index = counters.get(array_path, 0)
                counters[array_path] = index + 1
                current = f"{array_path}[{index}]"
                latest[".".join(parts)] = current
                self.lines.setdefault(array_path, number)
                self.lines.setdefault(current, number)
                continue
            if match := _HEADER_TABLE.match(line):
                parts = _split_dotted(match.group(1))
                current = self._resolve(parts, latest)
                self.lines.setdefault(current, number)
                continue
            if match := _KEY.match(line):
                key = ".".join(_split_dotted(match.group(1)))
                path = f"{current}.{key}" if current else key
                self.lines.setdefault(path, number)
                value = line[match.end() :].strip()
                for quote in ('"""', "'''"):
                    if value.startswith(quote) and value.count(quote) == 1:
                        in_multiline = quote
                if value.startswith("["):
                    balance = _bracket_balance(value)
                    if balance > 0:
                        open_array = (path, balance, 0)
                    else:
                        self.lines.setdefault(f"{path}[0]", number)

    def line_of(self, key_path: str) -> int | None:
        """The line of the key path, or of its nearest ancestor that has one."""
        path = key_path
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


def _bracket_balance(text: str) -> int:
    """Net count of '[' over ']' outside of quoted strings and comments."""
    balance = 0
    quote: str | None = None
    for char in text:
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char == "[":
            balance += 1
        elif char == "]":
            balance -= 1
    return balance
