"""The alignment-space inset: every nation a dot placed by its relations, with trails.

Positions come from `alignment.alignment_track` (classical MDS aligned turn to turn), so a
nation's walk from one camp toward the other is a visible path. The inset is drawn into
its own small surface and redrawn only when the turn, the scrub position or an animation
frame changes it.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.client import style
from game.scenario import Scenario

TRAIL_TURNS = 25


class AlignmentInset:
    """Draws alignment space for the state at `index`, with trails behind each dot."""

    def __init__(self, scenario: Scenario, fonts: style.Fonts) -> None:
        self.scenario = scenario
        self.fonts = fonts
        self.surface: pygame.Surface | None = None
        self.dots: list[tuple[int, pygame.Rect]] = []  # nation, rect in inset coordinates
        self._extent: float = 1.0

    def draw(
        self,
        size: tuple[int, int],
        track: list[np.ndarray],
        index: int,
        tint: np.ndarray,
        selected: int | None,
        player: int | None,
        blend: float = 1.0,
    ) -> pygame.Surface:
        """The inset for states[index]; `blend` < 1 eases dots from the previous turn."""
        scale = self.fonts.scale
        surface = pygame.Surface(size, pygame.SRCALPHA)
        rect = surface.get_rect()
        pygame.draw.rect(surface, (*style.PANEL, 235), rect, border_radius=int(8 * scale))
        pygame.draw.rect(surface, style.PANEL_EDGE, rect, width=1, border_radius=int(8 * scale))
        title = self.fonts.text("ALIGNMENT SPACE", 11, style.GOLD, bold=True)
        surface.blit(title, (int(10 * scale), int(7 * scale)))
        plot = pygame.Rect(
            int(12 * scale), int(26 * scale), size[0] - int(24 * scale), size[1] - int(38 * scale)
        )
        pygame.draw.line(
            surface, style.PANEL_EDGE, (plot.centerx, plot.top), (plot.centerx, plot.bottom)
        )
        pygame.draw.line(
            surface, style.PANEL_EDGE, (plot.left, plot.centery), (plot.right, plot.centery)
        )
        first = max(0, index - TRAIL_TURNS)
        window = track[first : index + 1]
        current = track[index]
        if index > 0 and blend < 1.0:
            current = track[index - 1] + (track[index] - track[index - 1]) * blend
            current = np.where(np.isnan(current), track[index], current)
        stacked = np.vstack([w for w in window if w.size] + [current])
        finite = stacked[~np.isnan(stacked).any(axis=1)]
        centre = finite.mean(axis=0) if finite.size else np.zeros(2)
        extent = float(np.abs(finite - centre).max()) if finite.size else 1.0
        self._extent = max(extent, 0.15) * 1.08

        def to_px(point: np.ndarray) -> tuple[int, int]:
            half = min(plot.width, plot.height) / 2
            x = plot.centerx + (point[0] - centre[0]) / self._extent * (plot.width / 2)
            y = plot.centery - (point[1] - centre[1]) / self._extent * half
            return int(x), int(y)

        self.dots = []
        n = len(self.scenario.nations)
        for i in range(n):
            path = [w[i] for w in window if not np.isnan(w[i]).any()]
            if len(path) >= 2:
                points = [to_px(p) for p in path]
                colour = tuple(int(c) for c in tint[i])
                faded = style.darker(colour, 0.75)
                width = 2 if i in (selected, player) else 1
                pygame.draw.lines(surface, faded, False, points, max(1, int(width * scale)))
        radius = max(4, int(5 * scale))
        order = sorted(range(n), key=lambda i: i in (selected, player))
        for i in order:
            point = current[i]
            if np.isnan(point).any():
                continue
            centre_px = to_px(point)
            colour = tuple(int(c) for c in tint[i])
            ring = style.GOLD if i in (selected, player) else (16, 18, 22)
            pygame.draw.circle(surface, ring, centre_px, radius + 2)
            pygame.draw.circle(surface, colour, centre_px, radius)
            label = self.fonts.text(
                self.scenario.nations[i].id, 10, style.INK, bold=True, halo=(12, 14, 18)
            )
            surface.blit(label, (centre_px[0] + radius + 2, centre_px[1] - label.get_height() // 2))
            self.dots.append(
                (
                    i,
                    pygame.Rect(
                        centre_px[0] - radius - 3,
                        centre_px[1] - radius - 3,
                        2 * radius + 6,
                        2 * radius + 6,
                    ),
                )
            )
        self.surface = surface
        return surface

    def nation_at(self, pos: tuple[int, int]) -> int | None:
        """The nation whose dot is under a point in inset coordinates."""
        for nation, rect in reversed(self.dots):
            if rect.collidepoint(pos):
                return nation
        return None
