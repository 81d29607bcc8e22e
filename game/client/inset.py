"""The alignment-space inset: every nation a dot placed by its relations, with trails.

Positions come from `alignment.alignment_track` (classical MDS aligned turn to turn), so a
nation's walk from one camp toward the other is a visible path. The frame and the trails
are drawn once per turn; animation frames only move the dots.
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
        self.dots: list[tuple[int, pygame.Rect]] = []  # nation, rect in inset coordinates
        self._base: pygame.Surface | None = None
        self._base_key: tuple | None = None
        self._transform: tuple[np.ndarray, float, pygame.Rect] | None = None

    def _to_px(self, points: np.ndarray) -> np.ndarray:
        """(K, 2) alignment-space points to inset pixels (NaN rows stay NaN)."""
        centre, extent, plot = self._transform
        half_w, half_h = plot.width / 2, min(plot.width, plot.height) / 2
        x = plot.centerx + (points[:, 0] - centre[0]) / extent * half_w
        y = plot.centery - (points[:, 1] - centre[1]) / extent * half_h
        return np.stack([x, y], axis=1)

    def _draw_base(
        self,
        size: tuple[int, int],
        track: list[np.ndarray],
        index: int,
        tint: np.ndarray,
        highlight: tuple,
    ) -> pygame.Surface:
        """The panel, axes and trails up to the turn before `index` (cached per turn)."""
        scale = self.fonts.scale
        base = pygame.Surface(size, pygame.SRCALPHA)
        rect = base.get_rect()
        pygame.draw.rect(base, (*style.PANEL, 235), rect, border_radius=int(8 * scale))
        pygame.draw.rect(base, style.PANEL_EDGE, rect, width=1, border_radius=int(8 * scale))
        base.blit(
            self.fonts.text("ALIGNMENT SPACE", 11, style.GOLD, bold=True),
            (int(10 * scale), int(7 * scale)),
        )
        plot = pygame.Rect(
            int(12 * scale), int(26 * scale), size[0] - int(24 * scale), size[1] - int(38 * scale)
        )
        pygame.draw.line(
            base, style.PANEL_EDGE, (plot.centerx, plot.top), (plot.centerx, plot.bottom)
        )
        pygame.draw.line(
            base, style.PANEL_EDGE, (plot.left, plot.centery), (plot.right, plot.centery)
        )
        window = track[max(0, index - TRAIL_TURNS) : index + 1]
        stacked = np.vstack(window)
        finite = stacked[~np.isnan(stacked).any(axis=1)]
        centre = finite.mean(axis=0) if finite.size else np.zeros(2)
        extent = float(np.abs(finite - centre).max()) if finite.size else 1.0
        self._transform = (centre, max(extent, 0.15) * 1.08, plot)
        past = window[:-1]
        for i in range(len(self.scenario.nations)):
            path = np.array([w[i] for w in past if not np.isnan(w[i]).any()]).reshape(-1, 2)
            if len(path) >= 2:
                colour = style.darker(tuple(int(c) for c in tint[i]), 0.75)
                width = 2 if i in highlight else 1
                pygame.draw.lines(
                    base,
                    colour,
                    False,
                    self._to_px(path).astype(int).tolist(),
                    max(1, int(width * scale)),
                )
        return base

    def draw(
        self,
        target: pygame.Surface,
        rect: pygame.Rect,
        track: list[np.ndarray],
        index: int,
        tint: np.ndarray,
        selected: int | None,
        player: int | None,
        blend: float = 1.0,
    ) -> None:
        """Draw the inset for states[index] into `rect` of `target`; `blend` < 1 eases the
        dots from the previous turn. The panel and trails are cached; dots are drawn live."""
        size = rect.size
        highlight = (selected, player)
        key = (size, index, highlight, len(track), self.fonts.scale)
        if key != self._base_key or self._base is None:
            self._base = self._draw_base(size, track, index, tint, highlight)
            self._base_key = key
        target.blit(self._base, rect)
        surface = target.subsurface(rect.clip(target.get_rect()))
        scale = self.fonts.scale
        current = track[index]
        previous = track[index - 1] if index > 0 else current
        if blend < 1.0:
            eased = previous + (current - previous) * blend
            current = np.where(np.isnan(eased), current, eased)
        pixels = self._to_px(current)
        radius = max(4, int(5 * scale))
        self.dots = []
        order = sorted(range(len(self.scenario.nations)), key=lambda i: i in highlight)
        for i in order:
            if np.isnan(pixels[i]).any():
                continue
            if index > 0 and not np.isnan(previous[i]).any():
                start = self._to_px(previous[i : i + 1])[0]
                colour = style.darker(tuple(int(c) for c in tint[i]), 0.75)
                pygame.draw.line(
                    surface,
                    colour,
                    start.astype(int),
                    pixels[i].astype(int),
                    max(1, int((2 if i in highlight else 1) * scale)),
                )
            centre = (int(pixels[i, 0]), int(pixels[i, 1]))
            colour = tuple(int(c) for c in tint[i])
            pygame.draw.circle(
                surface,
                style.GOLD if i in highlight and i is not None else (16, 18, 22),
                centre,
                radius + 2,
            )
            pygame.draw.circle(surface, colour, centre, radius)
            label = self.fonts.text(
                self.scenario.nations[i].id, 10, style.INK, bold=True, halo=(12, 14, 18)
            )
            x = centre[0] + radius + 2
            if (
                x + label.get_width() > surface.get_width() - 4
            ):  # near the right edge: label on the left
                x = centre[0] - radius - 2 - label.get_width()
            surface.blit(label, (x, centre[1] - label.get_height() // 2))
            self.dots.append(
                (
                    i,
                    pygame.Rect(
                        centre[0] - radius - 3,
                        centre[1] - radius - 3,
                        2 * radius + 6,
                        2 * radius + 6,
                    ),
                )
            )

    def nation_at(self, pos: tuple[int, int]) -> int | None:
        """The nation whose dot is under a point in inset coordinates."""
        for nation, rect in reversed(self.dots):
            if rect.collidepoint(pos):
                return nation
        return None
