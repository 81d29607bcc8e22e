"""Every character the interface and the shipped scenarios use has a glyph in our fonts
(a missing glyph draws as a box: 'aid United States ▯ Pakistan')."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

import pygame
import pytest

from game.client.style import FONT_FACES

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    *sorted((ROOT / "scenarios").rglob("*.toml")),
    *sorted((ROOT / "game").rglob("*.py")),
    ROOT / "assets" / "theme.json",
]
NOT_A_GLYPH = "\ue000"  # a private-use code point no font here draws


def used_characters() -> list[str]:
    chars: set[str] = set()
    for path in SOURCES:
        chars |= set(path.read_text(encoding="utf-8"))
    return sorted(c for c in chars if ord(c) > 126)


def missing(font_path: Path, chars: list[str]) -> list[str]:
    pygame.font.init()
    font = pygame.font.Font(str(font_path), 20)

    def pixels(text: str) -> bytes:
        return pygame.image.tobytes(font.render(text, True, (255, 255, 255)), "RGBA")

    box = pixels(NOT_A_GLYPH)
    return [c for c in chars if pixels(c) == box]


def test_the_sources_use_characters_beyond_ascii():
    assert "→" in used_characters()  # the check below has something to check


@pytest.mark.parametrize("face", sorted(FONT_FACES))
def test_every_character_used_has_a_glyph(face):
    assert missing(FONT_FACES[face], used_characters()) == []


def test_the_check_notices_a_missing_glyph():
    assert missing(FONT_FACES["regular"], ["→", "\ue001"]) == ["\ue001"]
