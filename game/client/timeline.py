"""The timeline bar: the campaign's years, its eras, markers for past events, and a handle
to scrub back to any turn already played.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.client import style
from game.client.session import Session

ERA_SHADES = ((38, 46, 60), (30, 37, 49))


@dataclass
class Marker:
    index: int  # state index the event led to
    rect: pygame.Rect
    titles: list[str]
    player: bool


class Timeline:
    """Draws into a rectangle of the screen and maps clicks to state indices."""

    def __init__(self, fonts: style.Fonts) -> None:
        self.fonts = fonts
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.track = pygame.Rect(0, 0, 0, 0)
        self.markers: list[Marker] = []
        self.era_labels: list[tuple[str, pygame.Rect]] = []
        self.handle = pygame.Rect(0, 0, 0, 0)  # the playhead's handle (local coordinates)
        self.surface: pygame.Surface | None = None
        self._key: tuple | None = None

    def _x_of(self, session: Session, turn: int) -> int:
        turns = max(1, session.scenario.turns)
        return int(self.track.left + self.track.width * turn / turns)

    def index_at(self, session: Session, x: int) -> int:
        """The played state nearest to a pixel column (never a future turn)."""
        turns = max(1, session.scenario.turns)
        turn = round((x - self.track.left) / max(1, self.track.width) * turns)
        return max(0, min(session.last, turn - session.first_turn))

    def draw(
        self, surface: pygame.Surface, rect: pygame.Rect, session: Session, viewing: int
    ) -> None:
        """Draw the bar; cached until the size, the turn or the scrub position changes."""
        key = (rect.size, session.last, viewing, self.fonts.scale)
        if self._key != key or self.surface is None:
            self.rect = pygame.Rect(rect)
            self.surface = self._render(rect, session, viewing)
            self._key = key
        self.rect = pygame.Rect(rect)
        surface.blit(self.surface, rect)

    def _render(self, rect: pygame.Rect, session: Session, viewing: int) -> pygame.Surface:
        scale = self.fonts.scale
        scenario = session.scenario
        turns = max(1, scenario.turns)
        out = pygame.Surface(rect.size)
        out.fill(style.PANEL)
        pygame.draw.line(out, style.PANEL_EDGE, (0, 0), (rect.width, 0))
        pad = int(16 * scale)
        local = pygame.Rect(pad, int(6 * scale), rect.width - 2 * pad, int(28 * scale))
        self.track = local.move(rect.x, rect.y)

        def x_of(turn: int) -> int:
            return local.left + local.width * turn // turns

        # Era bands, named in their upper half.
        self.era_labels: list[tuple[str, pygame.Rect]] = []  # era name, label rect (local)
        for k, era in enumerate(scenario.eras):
            x0 = x_of(scenario.turns_until(era.start - 1))
            x1 = x_of(min(turns, scenario.turns_until(era.end - 1)))
            band = pygame.Rect(x0, local.top, max(1, x1 - x0), local.height)
            pygame.draw.rect(out, ERA_SHADES[k % 2], band)
            name = self.fonts.fitted(era.name, 10, band.width - int(8 * scale), style.INK_DIM)
            if name is not None:
                spot = out.blit(name, (band.left + int(5 * scale), band.top + int(1 * scale)))
                self.era_labels.append((era.name, spot))
        # The played part of the campaign, as a gold rule under the bands.
        now_x = x_of(session.first_turn + session.last)
        pygame.draw.rect(
            out,
            style.GOLD,
            pygame.Rect(
                local.left,
                local.bottom - int(3 * scale),
                max(0, now_x - local.left),
                int(3 * scale),
            ),
        )
        # Decade ticks and labels.
        first_decade = (scenario.start_year + 9) // 10 * 10
        for year in range(first_decade, scenario.end_year + 1, 10):
            x = x_of(scenario.turns_until(year - 1))
            pygame.draw.line(
                out, style.INK_FAINT, (x, local.bottom), (x, local.bottom + int(4 * scale))
            )
            label = self.fonts.text(str(year), 10, style.INK_DIM)
            out.blit(label, label.get_rect(midtop=(x, local.bottom + int(4 * scale))))
        # Event markers in the lower half of the bands.
        self.markers = []
        size = max(3, int(4 * scale))
        by_index: dict[int, list[str]] = {}
        mine: set[int] = set()
        for k in range(1, session.last + 1):
            for e in session.fired_in(k):
                event = scenario.events[e]
                by_index.setdefault(k, []).append(event.title)
                if (
                    event.nation is not None
                    and scenario.nation_index.get(event.nation) == session.player
                ):
                    mine.add(k)
        y = local.bottom - int(10 * scale)
        for k, titles in by_index.items():
            x = x_of(session.first_turn + k - 1)
            colour = style.GOLD if k in mine else style.INK
            points = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
            pygame.draw.polygon(out, style.HALO, [(px, py) for px, py in points], 0)
            pygame.draw.polygon(
                out,
                colour,
                [(px + (px < x) - (px > x), py + (py < y) - (py > y)) for px, py in points],
            )
            hit = pygame.Rect(x - size - 2, y - size - 3, 2 * size + 4, 2 * size + 6).move(
                rect.x, rect.y
            )
            self.markers.append(Marker(k, hit, titles, k in mine))
        # The present, and the handle showing the year on the map.
        pygame.draw.line(
            out, style.INK, (now_x, local.top), (now_x, local.bottom), max(1, int(scale))
        )
        # The handle stays in the lower half, under the era names; a thin line marks the
        # year through the upper half, so no era name is hidden behind it.
        view_x = x_of(session.first_turn + viewing)
        top = local.top + local.height // 2
        handle = pygame.Rect(0, top, max(6, int(8 * scale)), local.bottom + int(4 * scale) - top)
        handle.centerx = view_x
        pygame.draw.line(out, style.GOLD, (view_x, local.top), (view_x, top), max(1, int(scale)))
        pygame.draw.rect(out, style.HALO, handle.inflate(4, 4), border_radius=int(3 * scale))
        pygame.draw.rect(out, style.GOLD, handle, border_radius=int(3 * scale))
        self.handle = handle
        return out

    def marker_at(self, pos: tuple[int, int]) -> Marker | None:
        for marker in self.markers:
            if marker.rect.collidepoint(pos):
                return marker
        return None
