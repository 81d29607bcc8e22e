"""The map legend: what the colours, lines, marks and hatching mean, with live camp names."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.camps import capitalise
from game.client import style
from game.client.alignment import NON_ALIGNED, camp_colour
from game.client.mapmarks import draw_crisis_ring, draw_front


def camp_swatches(view) -> list[tuple[str, tuple]]:
    """Legend rows for the camp map, from the camp model (`game.camps.CampView`)."""
    rows = [(capitalise(view.camp_name(camp)), camp_colour(camp)) for camp in view.camps]
    rows.insert(1, ("Non-aligned", NON_ALIGNED))
    return rows


def draw_legend(
    fonts: style.Fonts,
    swatches: list[tuple[str, tuple]],
    title: str = "LEGEND",
    disputed: Sequence[str] = (),
) -> pygame.Surface:
    """A small translucent panel; the caller caches it per swatches and scale.
    `disputed` holds the legend text of each of the scenario's disputed areas."""
    s = fonts.scale
    rows: list[tuple[str, str, tuple]] = [("swatch", text, colour) for text, colour in swatches]
    rows += [
        ("line", "Friendly ties", style.FRIENDLY),
        ("line", "Hostile ties", style.HOSTILE),
        ("treaty", "Treaty partners", style.FRIENDLY),
        ("front", "Front: nations at war", style.WAR),
        ("war", "At war (no shared border)", style.WAR),
        ("crisis", "In a crisis (ring: its rung)", style.WAR),
    ] + [("hatch", text, style.HATCH) for text in disputed]
    labels = [fonts.text(text, 11, style.INK) for _, text, _ in rows]
    row_h = int(17 * s)
    key_w = int(26 * s)
    title = fonts.text(title, 11, style.GOLD, bold=True)
    width = max(
        key_w + max(label.get_width() for label in labels) + int(22 * s),
        title.get_width() + int(20 * s),
    )
    height = int(30 * s) + row_h * len(rows)
    surface = pygame.Surface((width, height), pygame.SRCALPHA)
    pygame.draw.rect(surface, (*style.PANEL, 228), surface.get_rect(), border_radius=int(8 * s))
    pygame.draw.rect(
        surface, style.PANEL_EDGE, surface.get_rect(), width=1, border_radius=int(8 * s)
    )
    surface.blit(title, (int(10 * s), int(7 * s)))
    y = int(26 * s)
    for (kind, _, colour), label in zip(rows, labels, strict=True):
        cy = y + row_h // 2
        x0, x1 = int(10 * s), int(10 * s) + key_w - int(6 * s)
        if kind == "swatch":
            pygame.draw.rect(
                surface,
                colour,
                pygame.Rect(x0, cy - int(5 * s), x1 - x0, int(10 * s)),
                border_radius=int(2 * s),
            )
        elif kind == "line":
            pygame.draw.line(surface, colour, (x0, cy), (x1, cy), max(2, int(3 * s)))
        elif kind == "treaty":
            pygame.draw.line(surface, style.TREATY_CASING, (x0, cy), (x1, cy), max(4, int(7 * s)))
            pygame.draw.line(surface, colour, (x0, cy), (x1, cy), max(2, int(3 * s)))
        elif kind == "front":
            draw_front(surface, [[(x0, cy), (x1, cy)]], s * 0.8)
        elif kind == "crisis":
            cx = (x0 + x1) // 2
            draw_crisis_ring(surface, (cx, cy), max(2, int(2 * s)), 1, 4, s * 0.8)
            pygame.draw.circle(surface, style.INK, (cx, cy), max(2, int(2 * s)))
        elif kind == "war":
            step = max(4, int(6 * s))
            for x in range(x0, x1, step * 2):
                pygame.draw.line(
                    surface, colour, (x, cy), (min(x1, x + step), cy), max(2, int(3 * s))
                )
        else:
            box = pygame.Rect(x0, cy - int(5 * s), x1 - x0, int(10 * s))
            pygame.draw.rect(surface, (90, 96, 104), box)
            for x in range(box.left - box.height, box.right, max(4, int(5 * s))):
                pygame.draw.line(
                    surface,
                    colour,
                    (
                        max(box.left, x),
                        min(box.bottom - 1, box.bottom - 1 - (max(box.left, x) - x)),
                    ),
                    (
                        min(box.right - 1, x + box.height),
                        max(box.top, box.bottom - 1 - (min(box.right - 1, x + box.height) - x)),
                    ),
                )
        surface.blit(label, (int(10 * s) + key_w, cy - label.get_height() // 2))
        y += row_h
    return surface
