"""One source for the client's colours: the palette block of assets/theme.json, read by
game.client.palette (and exposed as style.X). No screen writes a colour of its own: no
'#rrggbb' literal anywhere in the client, no colour tuple in the scenes and panels."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from game.client import palette
from tests.conftest import ROOT

CLIENT = ROOT / "game" / "client"
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def hex_literals(source: str) -> list[str]:
    """'#rrggbb' colours written in string literals (f-strings included)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += HEX.findall(node.value)
    return found


def colour_tuples(source: str) -> list[tuple]:
    """Tuples of three or four whole numbers 0..255: a colour written inline."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Tuple) and len(node.elts) in (3, 4):
            values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(values) == len(node.elts) and all(
                type(v) is int and 0 <= v <= 255 for v in values
            ):
                found.append(tuple(values))
    return found


def test_the_palette_is_read_from_the_theme_file():
    colours = json.loads((ROOT / "assets" / "theme.json").read_text())["palette"]["colours"]
    assert palette.hex_colour(palette.GOLD) == colours["gold"]
    assert palette.hex_colour(palette.INK_DIM) == colours["ink_dim"] == palette.TEXT_DIM
    from game.client import style

    assert style.GOLD == palette.GOLD and palette.hex_colour(style.HOSTILE) == style.TEXT_BAD


def test_no_client_module_writes_a_hex_colour():
    offenders = {
        str(path.relative_to(ROOT)): hex_literals(path.read_text(encoding="utf-8"))
        for path in sorted(CLIENT.rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_scene_or_panel_writes_a_colour_tuple():
    paths = [*sorted((CLIENT / "scenes").glob("*.py")), *sorted((CLIENT / "panels").glob("*.py"))]
    paths += [CLIENT / "scene.py", CLIENT / "app.py"]
    offenders = {
        str(p.relative_to(ROOT)): colour_tuples(p.read_text(encoding="utf-8")) for p in paths
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_checks_catch_an_inline_colour():
    source = "x = f\"<font color='#a09e96'>{y}</font>\"\nz = (6, 8, 12)\nrect = (0, 0)\n"
    assert hex_literals(source) == ["#a09e96"]
    assert colour_tuples(source) == [(6, 8, 12)]


def test_a_broken_palette_entry_is_named(tmp_path, monkeypatch):
    theme = json.loads((ROOT / "assets" / "theme.json").read_text())
    theme["palette"]["colours"]["gold"] = "gold"
    path = tmp_path / "theme.json"
    path.write_text(json.dumps(theme))
    monkeypatch.setattr(palette, "THEME_FILE", path)
    try:
        palette._read_palette()
    except ValueError as error:
        assert "'gold' is not #rrggbb" in str(error)
    else:
        raise AssertionError("a bad colour was accepted")


def test_the_widget_theme_keeps_loading_with_the_palette_block():
    from game.client.theme import load_theme

    theme = load_theme(1.0)
    assert "palette" in theme and "defaults" in theme
    assert Path(palette.THEME_FILE).name == "theme.json"
