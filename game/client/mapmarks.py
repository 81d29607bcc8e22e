"""Crises and wars on the map: a ring around the capital of each nation in a crisis, in
the colour of the rung it stands on, and a front along the border two nations at war share.

The rings read the crisis view records (through `crisis_bridge.marks`), the fronts the
frame's war flags; the shapes' outlines come from the map's index layer in pixels, so a
front follows the real border at any zoom.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pygame

from game.client import style
from game.client.crisis_bridge import level_colour

Ring = Sequence[tuple[int, int]]


def shared_border(
    ours: Sequence[Ring], theirs: Sequence[Ring], size: tuple[int, int], tolerance: int
) -> list[list[tuple[int, int]]]:
    """The stretches of `ours` (pixel rings) that run within `tolerance` pixels of
    `theirs`: the border two nations share on screen, as polylines (empty when they do not
    touch in view)."""
    w, h = size
    if not (w and h) or not ours or not theirs:
        return []
    mask = pygame.Surface(size, 0, 8)
    mask.fill(0)
    for ring in theirs:
        if len(ring) >= 2:
            pygame.draw.lines(mask, 1, True, list(ring), 2 * tolerance + 1)
    near = pygame.surfarray.array2d(mask)
    lines: list[list[tuple[int, int]]] = []
    for ring in ours:
        if len(ring) < 2:
            continue
        points = np.asarray(ring, dtype=np.int64)
        inside = (points[:, 0] >= 0) & (points[:, 0] < w) & (points[:, 1] >= 0) & (points[:, 1] < h)
        touching = np.zeros(len(points), dtype=bool)
        xs, ys = points[inside, 0], points[inside, 1]
        touching[inside] = near[xs, ys] > 0
        pairs = [(int(x), int(y)) for x, y in points.tolist()]
        if touching.all():
            lines.append([*pairs, pairs[0]])
            continue
        start = int(np.flatnonzero(~touching)[0])  # a closed ring: begin where it is apart
        run: list[tuple[int, int]] = []
        for index in np.roll(np.arange(len(points)), -start).tolist():
            if touching[index]:
                run.append(pairs[index])
                continue
            if len(run) >= 2:
                lines.append(run)
            run = []
        if len(run) >= 2:
            lines.append(run)
    return lines


class Fronts:
    """The borders pairs of nations share on screen, kept per view and territories (a
    front is found once per pan, zoom or change of owner, not every frame)."""

    def __init__(self, view) -> None:
        self.view = view  # the MapView: its size and UI scale
        self._lines: dict[tuple, list] = {}

    def between(self, owners: np.ndarray, i: int, j: int, rings: dict, static_key) -> list:
        key = (static_key, i, j, (owners == i).tobytes(), (owners == j).tobytes())
        lines = self._lines.get(key)
        if lines is None:
            if len(self._lines) > 64:
                self._lines.clear()
            ours = [r for k in np.flatnonzero(owners == i) for r in rings.get(int(k), [])]
            theirs = [r for k in np.flatnonzero(owners == j) for r in rings.get(int(k), [])]
            tolerance = max(2, int(round(2 * self.view.fonts.scale)))
            lines = self._lines[key] = shared_border(ours, theirs, self.view.size, tolerance)
        return lines


def draw_front(surface: pygame.Surface, lines: list[list[tuple[int, int]]], scale: float) -> None:
    """A front line: a thick war-red line on a dark casing, with short ticks across it
    every few pixels, so it reads as a front and not as a border or a tie."""
    width = max(3, int(round(4 * scale)))
    tick = max(4, int(round(6 * scale)))
    spacing = max(8, int(round(11 * scale)))
    for line in lines:
        pygame.draw.lines(surface, style.BACKDROP, False, line, width + 2 * max(1, int(scale)))
    for line in lines:
        pygame.draw.lines(surface, style.WAR, False, line, width)
        carry = 0.0
        for (x0, y0), (x1, y1) in zip(line, line[1:], strict=False):
            length = math.hypot(x1 - x0, y1 - y0)
            if length == 0:
                continue
            nx, ny = -(y1 - y0) / length, (x1 - x0) / length
            position = spacing - carry
            while position <= length:
                t = position / length
                cx, cy = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
                pygame.draw.line(
                    surface,
                    style.WAR,
                    (cx - nx * tick, cy - ny * tick),
                    (cx + nx * tick, cy + ny * tick),
                    max(2, int(round(2 * scale))),
                )
                position += spacing
            carry = (carry + length) % spacing


def draw_crisis_ring(
    surface: pygame.Surface,
    centre: tuple[int, int],
    radius: int,
    level: int,
    rungs: int,
    scale: float,
) -> pygame.Rect:
    """Rings around a capital in the colour of its crisis's rung; a second ring once the
    crisis stands at war's door (the top two rungs). Returns the rings' bounds."""
    colour = level_colour(level, rungs)
    width = max(2, int(round(2 * scale)))
    outer = radius + int(round(6 * scale))
    pygame.draw.circle(surface, style.BACKDROP, centre, outer + width, width)
    pygame.draw.circle(surface, colour, centre, outer, width)
    if level >= rungs - 2:
        outer += int(round(5 * scale))
        pygame.draw.circle(surface, colour, centre, outer, width)
    return pygame.Rect(centre[0] - outer, centre[1] - outer, 2 * outer, 2 * outer)


def draw_badge_outline(
    surface: pygame.Surface, rect: pygame.Rect, level: int, rungs: int, scale: float
) -> None:
    """An off-map power in a crisis: its badge outlined in the rung's colour."""
    pygame.draw.rect(
        surface,
        level_colour(level, rungs),
        rect.inflate(int(6 * scale), int(6 * scale)),
        width=max(2, int(round(2 * scale))),
        border_radius=int(8 * scale),
    )
