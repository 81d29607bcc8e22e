"""Loading sits below the rules it builds: the loading package, the field table and the
expression compiler import nothing from the engine's upper floors."""

from __future__ import annotations

import ast
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"
# Floors above loading and compiling: none of them may be imported from below.
ABOVE = ("game.diplomacy", "game.engine", "game.phases", "game.client", "game.cli", "game.saves")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _upward(path: Path) -> list[str]:
    return sorted(n for n in _imports(path) if n.startswith(ABOVE))


def test_loading_imports_nothing_above_it():
    for path in [*sorted((GAME / "loading").glob("*.py")), GAME / "loader.py"]:
        assert _upward(path) == [], path.name


def test_fields_and_compiler_import_nothing_above_them():
    for name in ("fields.py", "compile.py", "expr.py", "invariants.py", "map_load.py"):
        assert _upward(GAME / name) == [], name
