"""The import graph of the `game` package, read from the source with `ast`, and its floors.

One definition serves the architecture test (`tests/test_architecture.py`: no circle, no
upward import) and the picture in the docs (`tools/draw_imports.py`), so the two cannot
disagree. Every `import` counts, at module level or inside a function (a function-level
import still ties the two modules together; it only hides the tie). Imports under
`if TYPE_CHECKING:` do not count: they never run.

The floors, lowest first. A module may import from its own floor or any floor below,
never from a floor above. A module's floor is that of the longest prefix listed in
FLOORS that names it or a package holding it; the root package `game` names only its own
`__init__` (which imports lazily, by name), so every new module must be given a floor.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (floor name, what lives there, module prefixes)
FLOORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "core",
        "the state as plain data, the scenario and its loading, the expression language",
        (
            "game",
            "game.errors",
            "game.rng",
            "game.kernels",  # compiled loops for the hot path
            "game.ties",
            "game.files",
            "game.toml_lines",
            "game.resources",
            "game.schema",
            "game.expr",
            "game.scenario",
            "game.scenario_specs",
            "game.state",
            "game.derived",
            "game.compile",
            "game.rules",
            "game.invariants",
            "game.loader",
            "game.mapdata",
            "game.map_load",
            "game.succession_timing",
            "game.loading",  # the file guard, expression checks and the scenario builds
            "game.fields",  # the field table: ranges, symmetry, bounds, labels
            "game.typecheck",
            "game.projection",
            "game.diplomacy.roles",  # the per-pair shape of the one compiler
            "game.diplomacy.rules",
            "game.diplomacy.conditions",
            "game.diplomacy.restrictions",  # laws closing actions: read and compiled on load
            "game.diplomacy.action_report",  # the diplomacy phase's report, carried by the turn
            "game.diplomacy.weights",
            "game.diplomacy.orders",
            "game.diplomacy.pairs",  # the compiler of actions' per-pair expressions
            "game.terminal",  # plain text for terminals (error messages use it)
            "game.stopping",  # signals turned into a clean stop
            "game.turn",
            "game.crises.view",  # what people see of a crisis: plain records
            "game.crises.vocabulary",  # the ids of moves, stances and outcomes
            "game.crises.reckon",  # what each crisis move is worth: read by the AI and the view
        ),
    ),
    (
        "phases",
        "the rules of a turn: each phase and the mechanics it uses (the AI included)",
        (
            "game.phases",
            "game.crises",  # the crisis mechanic: ladder, rounds, patrons, wars
            "game.diplomacy.picks",
            "game.diplomacy.board",
            "game.diplomacy.odds",
            "game.diplomacy.value",
            "game.diplomacy.ai",
            "game.diplomacy.event_choice",
        ),
    ),
    (
        "engine",
        "a game's opening position and the turn pipeline",
        ("game.construction", "game.engine"),
    ),
    (
        "games",
        "a game as played and read: Simulation and its records, scores and grades, "
        "history's path, advice, tables, words for people",
        (
            "game.simulation",
            "game.records",
            "game.reports",
            "game.camps",
            "game.story",
            "game.tidy",
            "game.diplomacy",  # the package facade imports lazily, by name
            "game.diplomacy.objectives",
            "game.diplomacy.describe",
            "game.diplomacy.advice",
            "game.diplomacy.answer_reasons",
        ),
    ),
    (
        "runners",
        "many games or kept games: batches, calibration, saves and replays, the RL environment",
        ("game.batch", "game.calibration", "game.saves", "game.env", "game.warm"),
    ),
    (
        "front ends",
        "what people run: the command line and its commands, the pygame client",
        (
            "game.cli",
            "game.arguments",
            "game.lint",
            "game.map_commands",
            "game.batch.commands",
            "game.calibration.commands",
            "game.diplomacy.commands",
            "game.saves.commands",
            "game.client",
        ),
    ),
)
FLOOR_NAMES = tuple(name for name, _, _ in FLOORS)


@dataclass(frozen=True)
class Import:
    """One import statement's tie: `source` imports `target` (both module names)."""

    source: str
    target: str
    line: int
    in_function: bool


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the `game` package: dotted name -> file."""
    found = {}
    for path in sorted((root / "game").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(root: Path = ROOT) -> list[Import]:
    """Every import of a `game` module by a `game` module (itself excluded)."""
    known = modules(root)
    out = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node, in_function in _import_nodes(tree.body, False):
            for target in _targets(node, package, known):
                if target != name:
                    out.append(Import(name, target, node.lineno, in_function))
    return out


def floor_of(module: str) -> int | None:
    """The floor index of a module (longest listed prefix), or None when no floor names it."""
    best, length = None, -1
    for index, (_, _, prefixes) in enumerate(FLOORS):
        for prefix in prefixes:
            inside = module.startswith(prefix + ".") and prefix != "game"
            if (module == prefix or inside) and len(prefix) > length:
                best, length = index, len(prefix)
    return best


def circles(edges: Iterable[Import]) -> list[list[str]]:
    """The import circles: strongly connected groups of two or more modules (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # recursion depth is bounded by the package's size
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _import_nodes(
    nodes: Iterable[ast.AST], in_function: bool
) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement under `nodes`, at any depth, and whether a function holds it."""
    for node in nodes:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, in_function
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _import_nodes(node.orelse, in_function)
        else:
            inside = in_function or isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            yield from _import_nodes(ast.iter_child_nodes(node), inside)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(node: ast.Import | ast.ImportFrom, package: str, known: dict[str, Path]) -> set[str]:
    """The `game` modules an import statement loads (a name imported from a package that
    is itself a module counts as that module)."""
    if isinstance(node, ast.Import):
        return {_owner(alias.name, known) for alias in node.names if _in_game(alias.name)}
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join(parts + ([node.module] if node.module else []))
    if not _in_game(base):
        return set()
    out = set()
    for alias in node.names:
        full = f"{base}.{alias.name}"
        out.add(full if full in known else _owner(base, known))
    return out


def _in_game(name: str) -> bool:
    return name == "game" or name.startswith("game.")


def _owner(name: str, known: dict[str, Path]) -> str:
    """The module `name` is, or the innermost known package holding it."""
    while name not in known and "." in name:
        name = name.rpartition(".")[0]
    return name
