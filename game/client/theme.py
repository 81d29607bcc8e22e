"""The pygame_gui theme from assets/theme.json, scaled to the UI scale.

pygame_gui has no notion of a UI scale, so the font sizes and list heights of the theme file
are multiplied before the manager sees them; the file keeps sizes for 1280×720.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from game.client.style import ASSETS, FONT_FACES, FONT_NAME

THEME_PATH = ASSETS / "theme.json"
_SCALED_MISC = ("list_item_height", "rect_width", "sliding_button_width")


def load_theme(scale: float, path: Path = THEME_PATH) -> dict[str, Any]:
    """The theme as a dict with every font size and item height scaled."""
    theme = json.loads(path.read_text(encoding="utf-8"))
    scaled = copy.deepcopy(theme)
    for block in scaled.values():
        if not isinstance(block, dict):
            continue
        font = block.get("font")
        if isinstance(font, dict) and "size" in font:
            font["size"] = str(max(8, int(round(int(font["size"]) * scale))))
        if isinstance(font, dict) and font.get("name") == FONT_NAME:
            for face, path in FONT_FACES.items():  # the shipped files, wherever we run from
                font[f"{face}_path"] = str(path)
        misc = block.get("misc")
        if isinstance(misc, dict):
            for key in _SCALED_MISC:
                if key in misc:
                    misc[key] = str(int(round(int(misc[key]) * scale)))
    return scaled


HEADING_SIZES = (16, 18)  # pixel sizes (at scale 1) of headings inside HTML text


def heading_size(scale: float, base: int = 18) -> int:
    """The pixel size of an HTML heading at this UI scale (pygame_gui does not scale it)."""
    return max(8, int(round(base * scale)))


def preload_fonts(manager: Any, theme: dict[str, Any], scale: float = 1.0) -> None:
    """Load the bold and italic faces our HTML text uses at each themed size, up front,
    so the first text box or tooltip does not stall a frame (and pygame_gui stays quiet)."""
    fonts = manager.get_theme().get_font_dictionary()
    sizes = {
        int(block["font"]["size"])
        for block in theme.values()
        if isinstance(block, dict)
        and isinstance(block.get("font"), dict)
        and block["font"].get("name") == FONT_NAME
    }
    sizes |= {heading_size(scale, base) for base in HEADING_SIZES}
    wanted = []
    for size in sorted(sizes):
        for bold, italic, style in (
            (False, False, "regular"),
            (True, False, "bold"),
            (False, True, "italic"),
        ):
            if not fonts.check_font_preloaded(
                fonts.create_font_id(size, FONT_NAME, bold, italic, True)
            ):
                wanted.append({"name": FONT_NAME, "point_size": size, "style": style})
    if wanted:
        manager.preload_fonts(wanted)
