"""The house's rules, read from the code: no import circle, no import from a higher floor.

The graph and the floor table are `tools/import_graph.py`'s (the picture in
docs/architecture.md is drawn from the same graph). Every import counts, at module level
or inside a function; a function-level import hides a tie, it does not remove it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_graph_tool() -> ModuleType:
    """Import tools/import_graph.py by path: tools/ is a script folder, not a package."""
    spec = importlib.util.spec_from_file_location(
        "import_graph", ROOT / "tools" / "import_graph.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("import_graph", module)
    spec.loader.exec_module(module)
    return module


graph = _load_graph_tool()
EDGES = graph.imports(ROOT)


def _is_client(module: str) -> bool:
    return module.startswith("game.client")


def _described(circle: list[str]) -> str:
    ties = [
        f"{e.source}:{e.line} -> {e.target}" for e in EDGES if {e.source, e.target} <= set(circle)
    ]
    return " | ".join(ties)


def test_every_module_has_a_floor():
    missing = [m for m in graph.modules(ROOT) if graph.floor_of(m) is None]
    assert not missing, f"give these modules a floor in tools/import_graph.py FLOORS: {missing}"


def test_no_import_circle_outside_the_client():
    circles = [c for c in graph.circles(EDGES) if not all(_is_client(m) for m in c)]
    assert not circles, "import circles: " + "; ".join(_described(c) for c in circles)


def test_no_import_circle_in_the_client():
    circles = [c for c in graph.circles(EDGES) if all(_is_client(m) for m in c)]
    assert not circles, "import circles: " + "; ".join(_described(c) for c in circles)


def test_no_import_from_a_higher_floor():
    upward = [
        f"{e.source}:{e.line} ({graph.FLOOR_NAMES[graph.floor_of(e.source)]}) imports "
        f"{e.target} ({graph.FLOOR_NAMES[graph.floor_of(e.target)]})"
        for e in EDGES
        if graph.floor_of(e.target) > graph.floor_of(e.source)
    ]
    assert not upward, "upward imports: " + "; ".join(upward)


def test_the_engine_floors_are_where_the_docs_put_them():
    floor = {name: graph.FLOOR_NAMES[graph.floor_of(name)] for name in graph.modules(ROOT)}
    assert floor["game.state"] == floor["game.derived"] == floor["game.compile"] == "core"
    assert floor["game.phases.diplomacy"] == floor["game.phases.objectives"] == "phases"
    assert floor["game.engine"] == floor["game.construction"] == "engine"
    assert floor["game.reports.end"] == floor["game.reports.history"] == "games"
    assert floor["game.batch.tournament"] == "runners"
    assert floor["game.cli"] == floor["game.client.app"] == "front ends"


def _package(tmp_path: Path, sources: dict[str, str]) -> Path:
    for name, text in sources.items():
        path = tmp_path / (name.replace(".", "/") + ".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_walk_sees_function_imports_and_skips_type_checking_ones(tmp_path):
    root = _package(
        tmp_path,
        {
            "game.__init__": "",
            "game.state": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from game.engine import step\n",
            "game.engine": "from game import state\n",
            "game.phases.__init__": "",
            "game.phases.blocs": "def f():\n    try:\n        pass\n    except ImportError:\n"
            "        from game.engine import step\n",
        },
    )
    edges = {(e.source, e.target, e.in_function) for e in graph.imports(root)}
    assert edges == {
        ("game.engine", "game.state", False),
        ("game.phases.blocs", "game.engine", True),
    }


def test_a_re_added_lazy_import_is_a_circle_and_an_upward_import(tmp_path):
    """The state - construction circle, as it was: the state built itself, importing the
    bloc split inside a function to dodge the circle. The walk still finds both faults."""
    root = _package(
        tmp_path,
        {
            "game.__init__": "",
            "game.state": "def initial_state():\n    from game.construction import build\n",
            "game.construction": "from game.state import initial_state\n",
        },
    )
    edges = graph.imports(root)
    assert graph.circles(edges) == [["game.construction", "game.state"]]
    assert [
        (e.source, e.target) for e in edges if graph.floor_of(e.target) > graph.floor_of(e.source)
    ] == [("game.state", "game.construction")]


def test_the_picture_is_drawn_from_the_same_graph(tmp_path):
    pytest.importorskip("matplotlib")
    spec = importlib.util.spec_from_file_location(
        "draw_imports", ROOT / "tools" / "draw_imports.py"
    )
    assert spec is not None and spec.loader is not None
    drawing = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(drawing)
    svg = drawing.draw(tmp_path / "imports.svg").read_text(encoding="utf-8")
    for floor in graph.FLOOR_NAMES:
        assert floor in svg
    for module in ("engine", "construction", "phases.diplomacy", "client/ (", "reports/ ("):
        assert module in svg
    assert f"{len(graph.modules(ROOT))} modules, {len(EDGES)} imports" in svg
