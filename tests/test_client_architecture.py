"""The client's rooms stay apart: screens navigate by name through the app, so no scene
imports another, only the app imports the scene registry, and `game/client/` has no
import circle. Imports are read from the source (an AST walk, including imports inside
functions, which is where circles used to hide), not by importing anything."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

CLIENT = ROOT / "game" / "client"
SCENES = CLIENT / "scenes"
MAX_LINES = 500  # a module over this says in its docstring why it is not split


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_modules(source: str, package: str, known: set[str]) -> set[str]:
    """The `known` modules that `source` imports when it runs: at the top or inside
    functions, but not under `if TYPE_CHECKING:` (annotations only, never executed)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            found.add(origin)
            for alias in node.names:  # `from game.client import style` imports a module
                found.add(f"{origin}.{alias.name}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return {name for name in found if name in known}


def client_graph() -> dict[str, set[str]]:
    """Module -> the client modules it imports (packages themselves left out)."""
    paths = sorted(CLIENT.rglob("*.py"))
    known = {module_name(p) for p in paths if p.name != "__init__.py"}
    graph = {}
    for path in paths:
        if path.name == "__init__.py":
            continue
        name = module_name(path)
        package = name.rsplit(".", 1)[0]
        source = path.read_text(encoding="utf-8")
        graph[name] = imported_modules(source, package, known) - {name}
        graph[name] |= registered_modules(source) & known
    return graph


def registered_modules(source: str) -> set[str]:
    """Modules a table names as 'module:Class' (the scene registry imports them on demand,
    so they count as its imports)."""
    return {
        node.value.split(":")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("game.client.")
        and ":" in node.value
    }


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (as a path that returns to its start), or None."""
    colour: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        colour[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if colour.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in colour:
                circle = walk(nxt)
                if circle:
                    return circle
        path.pop()
        colour[node] = 2
        return None

    for node in sorted(graph):
        if node not in colour:
            circle = walk(node)
            if circle:
                return circle
    return None


def scene_to_scene(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    prefix = "game.client.scenes."
    return sorted(
        (a, b)
        for a, targets in graph.items()
        if a.startswith(prefix)
        for b in targets
        if b.startswith(prefix)
    )


def test_no_scene_imports_another_scene():
    assert scene_to_scene(client_graph()) == []


def test_only_the_app_imports_the_scene_registry():
    users = sorted(a for a, targets in client_graph().items() if "game.client.registry" in targets)
    assert users == ["game.client.app"]


def test_the_client_has_no_import_circle():
    assert find_circle(client_graph()) is None


def scene_files() -> list[Path]:
    return [p for p in sorted(SCENES.glob("*.py")) if p.name != "__init__.py"]


def test_every_screen_is_registered_under_its_own_name():
    pytest.importorskip("pygame")
    import importlib

    from game.client.registry import SCENES as REGISTERED
    from game.client.registry import scene_class
    from game.client.scene import Scene

    for name in REGISTERED:
        kind = scene_class(name)
        assert issubclass(kind, Scene) and kind.name == name
        assert kind.__module__.startswith("game.client.scenes.")
    screens = {
        kind
        for path in scene_files()
        for kind in vars(importlib.import_module(module_name(path))).values()
        if isinstance(kind, type)
        and issubclass(kind, Scene)
        and "name" in vars(kind)
        and kind.__module__ == module_name(path)
    }
    assert {kind.name for kind in screens} == set(REGISTERED), "a screen no one can open"


def test_client_modules_are_small_or_say_why():
    for path in sorted(CLIENT.rglob("*.py")):
        if path.name == "score.py":  # the engine's report above the client; not ours to split
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_LINES:
            doc = ast.get_docstring(ast.parse(text)) or ""
            assert "not split" in doc, (
                f"{path.name} has {lines} lines and no reason in its docstring"
            )


# --- the checks bite: re-adding an old import is caught ------------------------------------


def _with_extra_import(module: str, line: str) -> dict[str, set[str]]:
    graph = client_graph()
    package = module.rsplit(".", 1)[0]
    graph[module] = graph[module] | imported_modules(
        f"def later():\n    {line}\n", package, set(graph)
    )
    return graph


def test_a_scene_importing_a_scene_inside_a_function_is_caught():
    graph = _with_extra_import(
        "game.client.scenes.main_view", "from game.client.scenes.history import HistoryScene"
    )
    assert ("game.client.scenes.main_view", "game.client.scenes.history") in scene_to_scene(graph)


def test_a_circle_through_a_lazy_import_is_caught():
    graph = _with_extra_import("game.client.scene", "from game.client.app import App")
    circle = find_circle(graph)
    assert circle is not None and "game.client.app" in circle and "game.client.scene" in circle


def test_type_checking_imports_are_not_runtime_imports():
    source = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from game.client.app import App\n"
    )
    assert imported_modules(source, "game.client", {"game.client.app"}) == set()
    assert imported_modules("from . import app\n", "game.client", {"game.client.app"}) == {
        "game.client.app"
    }


def test_a_circle_through_the_scene_registry_is_caught():
    graph = _with_extra_import("game.client.scenes.main_view", "from game.client.app import App")
    circle = find_circle(graph)
    assert circle is not None and "game.client.registry" in circle
