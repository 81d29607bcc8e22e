"""The look of the game in one place: palette, fonts and cached text.

One palette for the map and the panels keeps the screens coherent; fonts are DejaVu Sans
Condensed, shipped in assets/fonts, so text looks the same on every machine and every
character the game uses has a glyph. Rendered labels are
cached because re-rendering text every frame is the most common cause of slow pygame UIs.
"""

from __future__ import annotations

from collections import OrderedDict

import pygame

from game.client.text import signed  # noqa: F401 - the screens read it as style.signed
from game.resources import data_dir

Colour = tuple[int, int, int]

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

# Panels and text
INK: Colour = (232, 226, 212)  # main text on dark panels
INK_DIM: Colour = (160, 158, 150)
INK_FAINT: Colour = (112, 114, 116)
GOLD: Colour = (219, 180, 92)  # accent: selection, headings, the current year
PANEL: Colour = (24, 29, 38)
PANEL_LIGHT: Colour = (34, 41, 53)
PANEL_EDGE: Colour = (58, 66, 80)
BACKDROP: Colour = (14, 17, 23)

# Map
SEA: Colour = (22, 40, 58)
SEA_GRID: Colour = (32, 54, 76)
OFF_MAP: Colour = (14, 20, 28)
FOREIGN_LAND: Colour = (70, 72, 72)  # countries that take no part in the scenario
FOREIGN_BORDER: Colour = (46, 48, 50)
HATCH: Colour = (240, 226, 190)
SELECTION: Colour = GOLD

# Relation lines
FRIENDLY: Colour = (92, 214, 160)
HOSTILE: Colour = (244, 110, 82)
TREATY_CASING: Colour = (226, 216, 186)
WAR: Colour = (255, 70, 60)


def hex_colour(colour: Colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


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
