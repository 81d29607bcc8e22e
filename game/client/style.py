"""The look of the game in one place: the palette (game.client.palette, read from
assets/theme.json), fonts and cached text.

One palette for the map and the panels keeps the screens coherent; fonts are DejaVu Sans
Condensed, shipped in assets/fonts, so text looks the same on every machine and every
character the game uses has a glyph. Rendered labels are
cached because re-rendering text every frame is the most common cause of slow pygame UIs.
"""

from __future__ import annotations

from collections import OrderedDict

import pygame

from game.client.palette import (  # noqa: F401 - the screens read the palette as style.X
    ALARM,
    BACKDROP,
    DIALOG_SHADOW,
    DOT_EDGE,
    FOREIGN_BORDER,
    FOREIGN_LAND,
    FRIENDLY,
    GOLD,
    HALO,
    HATCH,
    HOSTILE,
    INK,
    INK_DIM,
    INK_FAINT,
    OFF_MAP,
    PANEL,
    PANEL_EDGE,
    PANEL_LIGHT,
    PARTNER_BLUE,
    SEA,
    SEA_GRID,
    SELECTION,
    SHADOW,
    TEXT_ACCENT,
    TEXT_ALARM,
    TEXT_BAD,
    TEXT_DIM,
    TEXT_GOOD,
    TREATY_CASING,
    WAR,
    Colour,
    hex_colour,
)
from game.client.text import signed  # noqa: F401 - the screens read it as style.signed
from game.resources import data_dir

ASSETS = data_dir("assets")
FONT_DIR = ASSETS / "fonts"
# DejaVu Sans Condensed: it has every character the interface and the shipped scenarios
# use (arrows, ≤ ≥ ≈ − ·, Greek), where pygame_gui's Noto Sans draws boxes for the arrows.
FONT_NAME = "dejavu_condensed"  # the name the pygame_gui theme knows it by
FONT_FACES = {
    "regular": FONT_DIR / "DejaVuSansCondensed.ttf",
    "bold": FONT_DIR / "DejaVuSansCondensed-Bold.ttf",
    "italic": FONT_DIR / "DejaVuSansCondensed-Oblique.ttf",
    "bold_italic": FONT_DIR / "DejaVuSansCondensed-BoldOblique.ttf",
}
FONT_FILES = {False: FONT_FACES["regular"], True: FONT_FACES["bold"]}


def darker(colour: Colour, factor: float) -> Colour:
    return tuple(max(0, min(255, int(c * factor))) for c in colour)  # type: ignore[return-value]


def lighter(colour: Colour, amount: float) -> Colour:
    return tuple(int(c + (255 - c) * amount) for c in colour)  # type: ignore[return-value]


class Fonts:
    """Noto Sans at the UI scale, with an LRU cache of rendered strings."""

    CACHE_SIZE = 1200

    def __init__(self, scale: float = 1.0) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.scale = scale
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._text: OrderedDict[tuple, pygame.Surface] = OrderedDict()

    def px(self, size: float) -> int:
        """A base size (at scale 1) in pixels at the current scale."""
        return max(8, int(round(size * self.scale)))

    def font(self, size: float, bold: bool = False) -> pygame.font.Font:
        key = (self.px(size), bold)
        font = self._fonts.get(key)
        if font is None:
            font = pygame.font.Font(str(FONT_FILES[bold]), key[0])
            self._fonts[key] = font
        return font

    def text(
        self, text: str, size: float, colour: Colour, bold: bool = False, halo: Colour | None = None
    ) -> pygame.Surface:
        """Rendered text (antialiased), optionally with a 1-px dark halo for map labels."""
        key = (text, self.px(size), bold, colour, halo)
        surface = self._text.get(key)
        if surface is not None:
            self._text.move_to_end(key)
            return surface
        font = self.font(size, bold)
        body = font.render(text, True, colour)
        if halo is not None:
            surface = pygame.Surface((body.get_width() + 2, body.get_height() + 2), pygame.SRCALPHA)
            shadow = font.render(text, True, halo)
            for dx, dy in ((0, 1), (2, 1), (1, 0), (1, 2), (0, 0), (2, 2), (0, 2), (2, 0)):
                surface.blit(shadow, (dx, dy))
            surface.blit(body, (1, 1))
        else:
            surface = body
        self._text[key] = surface
        if len(self._text) > self.CACHE_SIZE:
            self._text.popitem(last=False)
        return surface

    def fitted(
        self,
        text: str,
        size: float,
        width: int,
        colour: Colour,
        smallest: float = 8,
        bold: bool = False,
    ) -> pygame.Surface | None:
        """`text` no wider than `width`: smaller type down to `smallest`, then cut with an
        ellipsis; None only when not even one letter fits. For labels in narrow bands."""
        step = size
        while step >= smallest:
            if self.font(step, bold).size(text)[0] <= width:
                return self.text(text, step, colour, bold)
            step -= 0.5
        words = text
        while len(words) > 1:
            words = words[:-1].rstrip()
            if self.font(smallest, bold).size(words + "…")[0] <= width:
                return self.text(words + "…", smallest, colour, bold)
        return None

    def wrap(self, text: str, size: float, width: int, bold: bool = False) -> list[str]:
        """Greedy word wrap to a pixel width."""
        font = self.font(size, bold)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}".strip()
                if font.size(candidate)[0] <= width or not line:
                    line = candidate
                else:
                    lines.append(line)
                    line = word
            lines.append(line)
        return lines
