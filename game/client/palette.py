"""The client's colours, read from the "palette" block of assets/theme.json: one source
for what the code draws, the words coloured inside HTML text, and (in the same file) the
widgets' theme. No pygame here, so text builders can use it without a display.

pygame_gui reads the same file and treats "palette" as the theme of an element type that
does not exist, so the block is inert for the widgets.
"""

from __future__ import annotations

import json
import re

from game.resources import data_dir

Colour = tuple[int, int, int]

THEME_FILE = data_dir("assets") / "theme.json"
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def hex_colour(colour: Colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def _read_palette() -> dict[str, Colour]:
    block = json.loads(THEME_FILE.read_text(encoding="utf-8"))["palette"]["colours"]
    colours = {}
    for name, text in block.items():
        if not (isinstance(text, str) and _HEX.fullmatch(text)):
            raise ValueError(f"{THEME_FILE}: palette colour {name!r} is not #rrggbb: {text!r}")
        colours[name] = (int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16))
    return colours


_COLOURS = _read_palette()

# Panels and text
INK: Colour = _COLOURS["ink"]  # main text on dark panels
INK_DIM: Colour = _COLOURS["ink_dim"]
INK_FAINT: Colour = _COLOURS["ink_faint"]
GOLD: Colour = _COLOURS["gold"]  # accent: selection, headings, the current year
PANEL: Colour = _COLOURS["panel"]
PANEL_LIGHT: Colour = _COLOURS["panel_light"]
PANEL_EDGE: Colour = _COLOURS["panel_edge"]
BACKDROP: Colour = _COLOURS["backdrop"]

# Map
SEA: Colour = _COLOURS["sea"]
SEA_GRID: Colour = _COLOURS["sea_grid"]
OFF_MAP: Colour = _COLOURS["off_map"]
FOREIGN_LAND: Colour = _COLOURS["foreign_land"]  # countries that take no part in the scenario
FOREIGN_BORDER: Colour = _COLOURS["foreign_border"]
HATCH: Colour = _COLOURS["hatch"]
SELECTION: Colour = GOLD

# Relation lines
FRIENDLY: Colour = _COLOURS["friendly"]
HOSTILE: Colour = _COLOURS["hostile"]
TREATY_CASING: Colour = _COLOURS["treaty_casing"]
WAR: Colour = _COLOURS["war"]
ALARM: Colour = _COLOURS["alarm"]  # war news in text
PARTNER_BLUE: Colour = _COLOURS["partner_blue"]  # the third partner line of the end report

# Shadows and halos
SHADOW: Colour = _COLOURS["shadow"]  # under panels
DIALOG_SHADOW: Colour = _COLOURS["dialog_shadow"]  # under dialogs, and the dimmed backdrop
HALO: Colour = _COLOURS["halo"]  # dark outline of names over the map, timeline marks
DOT_EDGE: Colour = _COLOURS["dot_edge"]  # around capitals' and the inset's dots

# Words coloured inside pygame_gui's HTML text (tooltips, logs, dialogs).
TEXT_ACCENT = hex_colour(GOLD)  # headings, your decisions
TEXT_DIM = hex_colour(INK_DIM)  # asides
TEXT_GOOD = hex_colour(FRIENDLY)  # met, gained, ordered, a relation up
TEXT_BAD = hex_colour(HOSTILE)  # lost, refused, a relation down
TEXT_ALARM = hex_colour(ALARM)  # war
