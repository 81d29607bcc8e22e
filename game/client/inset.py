"""The alignment inset: every nation a dot placed by the camp model, with trails.

Across: the lean between the camps, from `game.camps` (the same numbers as the map tint,
the nation panel and the summary), with the bands where a nation counts as a member
shaded in its camp's colour. Up: the nation's relation with the player. Both axes are
fixed, so a dot's place means the same in every year, and its trail is its real path.
Labels are laid out so none overlaps another or a dot (`game.client.labels`).
"""

from __future__ import annotations

import numpy as np
import pygame

from game.camps import JOIN, ONE, TWO
from game.client import style
from game.client.alignment import camp_colour
from game.client.labels import place_labels
from game.scenario import Scenario

TRAIL_TURNS = 25


class AlignmentInset:
    """Draws the inset for the state at `index`, with trails behind each dot."""

    def __init__(self, scenario: Scenario, fonts: style.Fonts) -> None:
        self.scenario = scenario
        self.fonts = fonts
        self.dots: list[tuple[int, pygame.Rect]] = []  # nation, rect in inset coordinates
        self.labels: list[tuple[int, pygame.Rect]] = []  # nation, label rect (inset coords)
        self._base: pygame.Surface | None = None
        self._base_key: tuple | None = None
        self._plot = pygame.Rect(0, 0, 1, 1)

    def _to_px(self, points: np.ndarray) -> np.ndarray:
        """(K, 2) inset-space points (-1..1 both ways) to pixels (NaN rows stay NaN)."""
        plot = self._plot
        x = plot.centerx + points[:, 0] * (plot.width / 2)
        y = plot.centery - points[:, 1] * (plot.height / 2)
        return np.stack([x, y], axis=1)

    def _draw_base(
        self,
        size: tuple[int, int],
        track: list[np.ndarray],
        index: int,
        tint: np.ndarray,
        highlight: tuple,
        axis_names: tuple[str, str, str],
    ) -> pygame.Surface:
        """The panel, camp bands, axes and trails up to `index` (cached per turn)."""
        scale = self.fonts.scale
        base = pygame.Surface(size, pygame.SRCALPHA)
        rect = base.get_rect()
        pygame.draw.rect(base, (*style.PANEL, 235), rect, border_radius=int(8 * scale))
        pygame.draw.rect(base, style.PANEL_EDGE, rect, width=1, border_radius=int(8 * scale))
        base.blit(
            self.fonts.text("WHERE NATIONS STAND", 11, style.GOLD, bold=True),
            (int(10 * scale), int(7 * scale)),
        )
        left_name, right_name, up_name = axis_names
        foot = int(16 * scale)
        self._plot = plot = pygame.Rect(
            int(12 * scale),
            int(40 * scale),
            size[0] - int(24 * scale),
            size[1] - int(48 * scale) - foot,
        )
        join = int(JOIN * plot.width / 2)
        for camp, band in (
            (
                ONE,
                pygame.Rect(
                    plot.centerx + join, plot.top, plot.right - plot.centerx - join, plot.height
                ),
            ),
            (TWO, pygame.Rect(plot.left, plot.top, plot.centerx - join - plot.left, plot.height)),
        ):
            if camp == TWO and not left_name:
                continue
            shade = pygame.Surface(band.size, pygame.SRCALPHA)
            shade.fill((*camp_colour(camp), 38))
            base.blit(shade, band)
        pygame.draw.line(
            base, style.PANEL_EDGE, (plot.centerx, plot.top), (plot.centerx, plot.bottom)
        )
        pygame.draw.line(
            base, style.PANEL_EDGE, (plot.left, plot.centery), (plot.right, plot.centery)
        )
        up = self.fonts.text(f"↑ {up_name}", 9, style.INK_DIM)
        base.blit(up, (plot.left + int(2 * scale), int(24 * scale)))
        y = plot.bottom + int(3 * scale)
        half = plot.width // 2 - int(4 * scale)
        if left_name:
            left = self.fonts.fitted(f"← {left_name}", 9, half, camp_colour(TWO), smallest=7)
            if left is not None:
                base.blit(left, (plot.left, y))
        right = self.fonts.fitted(
            f"{right_name} →", 9, half, style.lighter(camp_colour(ONE), 0.3), smallest=7
        )
        if right is not None:
            base.blit(right, right.get_rect(topright=(plot.right, y)))
        window = track[max(0, index - TRAIL_TURNS) : index + 1]
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
        axis_names: tuple[str, str, str] = ("", "", "friendlier with you"),
    ) -> None:
        """Draw the inset for states[index] into `rect` of `target`; `blend` < 1 eases the
        dots from the previous turn. The panel and trails are cached; dots are drawn live.
        `axis_names`: the left camp ('' when there is none), the right camp, the up axis."""
        size = rect.size
        highlight = (selected, player)
        key = (size, index, highlight, len(track), self.fonts.scale, axis_names)
        if key != self._base_key or self._base is None:
            self._base = self._draw_base(size, track, index, tint, highlight, axis_names)
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
        shown = [i for i in range(len(self.scenario.nations)) if not np.isnan(pixels[i]).any()]
        for i in sorted(shown, key=lambda i: i in highlight):
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
            pygame.draw.circle(
                surface,
                style.GOLD if i in highlight else style.DOT_EDGE,
                centre,
                radius + 2,
            )
            pygame.draw.circle(surface, tuple(int(c) for c in tint[i]), centre, radius)
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
        # Labels: the highlighted nations first, so they get the best spots.
        order = sorted(shown, key=lambda i: i not in highlight)
        texts = [
            self.fonts.text(self.scenario.nations[i].id, 10, style.INK, bold=True, halo=style.HALO)
            for i in order
        ]
        boxes = place_labels(
            [(float(pixels[i, 0]), float(pixels[i, 1])) for i in order],
            [(t.get_width(), t.get_height()) for t in texts],
            (2, 22 * scale, surface.get_width() - 4, surface.get_height() - 24 * scale),
            radius + 2,
        )
        self.labels = []
        for i, text, box in zip(order, texts, boxes, strict=True):
            label = pygame.Rect(round(box[0]), round(box[1]), text.get_width(), text.get_height())
            centre = (int(pixels[i, 0]), int(pixels[i, 1]))
            far = (
                abs(label.centerx - centre[0]) > label.width / 2 + radius + 4
                or abs(label.centery - centre[1]) > label.height / 2 + radius + 4
            )
            if far:  # pushed away by crowding: a thin line back to its dot
                end = (
                    min(max(centre[0], label.left), label.right),
                    min(max(centre[1], label.top), label.bottom),
                )
                pygame.draw.line(surface, style.INK_DIM, centre, end, 1)
            surface.blit(text, label)
            self.labels.append((i, label))

    def nation_at(self, pos: tuple[int, int]) -> int | None:
        """The nation whose dot (or label) is under a point in inset coordinates."""
        for nation, rect in reversed(self.dots):
            if rect.collidepoint(pos):
                return nation
        for nation, rect in self.labels:
            if rect.collidepoint(pos):
                return nation
        return None
