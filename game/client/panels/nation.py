"""The nation panel: the selected nation, where it stands between the camps, its numbers,
its treaties and its relations with every other nation in play (the wheel scrolls them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.client import style, tooltips
from game.client.alignment import tint_for_lean
from game.client.stat_words import stat_words
from game.scenario import STAT_INDEX
from game.state import IN_FORCE

if TYPE_CHECKING:
    from game.client.scenes.main_view import MainView

NUCLEAR_WORDS = ("none", "programme", "threshold", "armed")


def stat_rows(scenario_stats: np.ndarray) -> list[tuple[str, str, str]]:
    """(name, label, value text) of the stats the nation panel shows."""
    s = scenario_stats
    nuclear = NUCLEAR_WORDS[int(max(0, min(3, round(s[STAT_INDEX["nuclear"]]))))]
    values = {
        "population": f"{s[STAT_INDEX['population']]:,.0f} m",
        "gdp": f"${s[STAT_INDEX['gdp']]:,.1f} bn",
        "gdp_growth": f"{s[STAT_INDEX['gdp_growth']]:.1f} %",
        "military": f"{s[STAT_INDEX['military']]:,.1f}",
        "defence_share": f"{s[STAT_INDEX['defence_share']]:.1f} % GDP",
        "stability": f"{s[STAT_INDEX['stability']]:.0f} / 100",
        "nuclear": nuclear,
    }
    return [(name, stat_words(name).label, text) for name, text in values.items()]


class NationPanel:
    """Paints the panel onto its own surface; keeps the relation rows for clicks and the
    wheel, and the relation tooltips (worked out on first hover, then kept)."""

    def __init__(self, view: MainView) -> None:
        self.view = view
        self.scroll = 0  # first relation row shown (the wheel scrolls the list)
        self.list_rect = pygame.Rect(0, 0, 0, 0)  # the relation list, on screen
        self.listed: list[int] = []  # nations in the list, in order (all of them)
        self.rows: list[tuple[pygame.Rect, int]] = []  # on-screen row -> nation
        self.surface: pygame.Surface | None = None
        self._gradient: pygame.Surface | None = None
        self._tip_cache: dict[tuple, str] = {}

    def nation_at(self, pos: tuple[int, int]) -> int | None:
        return next((nation for rect, nation in self.rows if rect.collidepoint(pos)), None)

    def wheel(self, up: bool) -> None:
        self.scroll = max(0, self.scroll - (1 if up else -1))

    def render(self, rect: pygame.Rect) -> pygame.Surface:
        """The panel for the view's selected nation at the view's index."""
        view = self.view
        self.rows = []
        panel = pygame.Surface(rect.size, pygame.SRCALPHA)
        self.surface = panel
        inner = view.panel(panel, panel.get_rect(), None)
        ox, oy = rect.topleft
        session = view.session
        scenario = session.scenario
        index = view.index
        state = session.states[index]
        i = view.selected if view.selected is not None else 0
        nation = scenario.nations[i]
        active = bool(state.active[0, i])
        y = inner.y
        swatch = pygame.Rect(inner.x, y + view.u(3), view.u(16), view.u(16))
        pygame.draw.rect(panel, nation.color, swatch, border_radius=view.u(3))
        name = view.text(
            panel, nation.name, (swatch.right + view.u(8), y), 18, style.INK, bold=True
        )
        if i == session.player:
            tag = view.fonts.text("YOU", 10, style.BACKDROP, bold=True)
            tag_rect = tag.get_rect(midleft=(name.right + view.u(10), name.centery))
            pygame.draw.rect(
                panel, style.GOLD, tag_rect.inflate(view.u(10), view.u(4)), border_radius=view.u(3)
            )
            panel.blit(tag, tag_rect)
        y = name.bottom + view.u(6)
        if not active:
            view.paragraph(
                panel,
                f"{nation.name} does not exist in {session.year_of(index)}."
                + (f" {nation.brief}" if nation.brief else ""),
                pygame.Rect(inner.x, y, inner.width, inner.bottom - y),
                13,
                style.INK_DIM,
            )
            return panel
        # Alignment bar.
        camps = session.camps(index)
        lean = float(camps.lean[i])
        bar = pygame.Rect(inner.x, y + view.u(4), inner.width, view.u(8))
        self._lean_bar(panel, bar, lean)
        y = bar.bottom + view.u(6)
        words = camps.status(i)
        view.shown["status"] = (index, i, words, lean)
        value = view.text(
            panel,
            style.signed(lean * 100),
            (inner.right, y),
            13,
            style.GOLD,
            bold=True,
            anchor="topright",
        )
        lean_rect = None
        for line in view.fonts.wrap(words, 13, inner.width - value.width - view.u(10)):
            drawn = view.text(panel, line, (inner.x, y), 13, style.INK)
            lean_rect = drawn if lean_rect is None else lean_rect.union(drawn)
            y = drawn.bottom
        lean_tip = tooltips.lean_tip(session, index, i)
        view.tips.add(lean_rect.move(ox, oy), lean_tip)
        view.tips.add(value.move(ox, oy), lean_tip)
        y = lean_rect.bottom + view.u(10)
        # Stats.
        heading = view.text(panel, "NATION", (inner.x, y), 11, style.GOLD, bold=True)
        y = heading.bottom + view.u(4)
        stats = state.stats[0, i]
        previous = (
            session.states[index - 1].stats[0, i]
            if index > 0 and session.states[index - 1].active[0, i]
            else None
        )
        rows = stat_rows(stats)
        col_w = inner.width // 2
        row_h = view.u(21)
        for k, (stat, label, text) in enumerate(rows):
            cx = inner.x + (k % 2) * col_w
            cy = y + (k // 2) * row_h
            view.text(panel, label, (cx, cy), 12, style.INK_DIM)
            val = view.text(
                panel,
                text,
                (cx + col_w - view.u(12), cy),
                13,
                style.INK,
                bold=True,
                anchor="topright",
            )
            tip = tooltips.stat_tip(stat, stats, previous)
            view.tips.add(val.move(ox, oy).inflate(view.u(6), view.u(4)), tip)
        y += ((len(rows) + 1) // 2) * row_h + view.u(4)
        treaties = [
            t.name
            for k, t in enumerate(scenario.treaties)
            if state.treaty_status[0, k] == IN_FORCE and state.members[0, k, i]
        ]
        if treaties:
            text = f"Treaties: {treaties[0]}" + (
                f" and {len(treaties) - 1} more" if len(treaties) > 1 else ""
            )
            line = view.fonts.wrap(text, 12, inner.width)[0]
            if line != text:
                line = f"Treaties: {len(treaties)} in force"
            drawn = view.text(panel, line, (inner.x, y), 12, style.INK_DIM)
            view.tips.add(drawn.move(ox, oy), tooltips.treaties_tip(treaties))
            y = drawn.bottom + view.u(4)
        # Relations.
        heading = view.text(panel, "RELATIONS", (inner.x, y + view.u(4)), 11, style.GOLD, bold=True)
        y = heading.bottom + view.u(6)
        # Every nation in play, friendliest first; the wheel scrolls when they do not fit.
        others = [j for j in range(len(scenario.nations)) if j != i and state.active[0, j]]
        others.sort(key=lambda j: -state.relations[0, i, j])
        self.listed = others
        space = max(1, (inner.bottom - y) // row_h)
        self.scroll = max(0, min(self.scroll, len(others) - space))
        self.list_rect = pygame.Rect(inner.x, y, inner.width, space * row_h).move(ox, oy)
        first = self.scroll
        for j in others[first : first + space]:
            self._relation_row(
                panel,
                pygame.Rect(inner.x, y, inner.width - view.u(6), row_h),
                i,
                j,
                index,
                (ox, oy),
            )
            y += row_h
        if len(others) > space:  # a scroll bar: where the rows shown sit in the whole list
            track = pygame.Rect(
                inner.right - view.u(3), self.list_rect.y - oy, view.u(3), space * row_h
            )
            pygame.draw.rect(panel, style.PANEL_EDGE, track, border_radius=view.u(2))
            thumb = pygame.Rect(
                track.x,
                track.y + track.height * first // len(others),
                track.width,
                max(view.u(8), track.height * space // len(others)),
            )
            pygame.draw.rect(panel, style.INK_DIM, thumb, border_radius=view.u(2))
            view.tips.add(
                self.list_rect.inflate(0, 0).clip(track.move(ox, oy).inflate(view.u(8), 0)),
                tooltips.scroll_tip(len(others)),
            )
        return panel

    def _lean_bar(self, surface: pygame.Surface, bar: pygame.Rect, lean: float) -> None:
        """The other camp's red on the left, grey in the middle, the anchor's blue on the
        right, and a marker where the nation stands."""
        view = self.view
        if self._gradient is None or self._gradient.get_size() != bar.size:
            self._gradient = pygame.Surface(bar.size)
            steps = max(2, bar.width)
            for x in range(steps):
                colour = tint_for_lean((x / (steps - 1)) * 2 - 1)
                pygame.draw.line(self._gradient, colour, (x, 0), (x, bar.height - 1))
        surface.blit(self._gradient, bar)
        marker_x = bar.x + int((lean + 1) / 2 * (bar.width - 1))
        pygame.draw.rect(
            surface,
            style.INK,
            pygame.Rect(marker_x - view.u(2), bar.y - view.u(4), view.u(4), bar.height + view.u(8)),
            border_radius=view.u(1),
        )

    def _relation_row(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        i: int,
        j: int,
        index: int,
        offset: tuple[int, int],
    ) -> None:
        view = self.view
        session = view.session
        scenario = session.scenario
        state = session.states[index]
        value = float(state.relations[0, i, j])
        other = scenario.nations[j]
        swatch = pygame.Rect(rect.x, rect.centery - view.u(5), view.u(10), view.u(10))
        pygame.draw.rect(surface, other.color, swatch, border_radius=view.u(2))
        view.text(
            surface,
            other.name,
            (swatch.right + view.u(6), rect.centery),
            12,
            style.INK,
            anchor="midleft",
        )
        bar_w = rect.width * 0.36
        centre = rect.x + rect.width * 0.58
        pygame.draw.line(
            surface,
            style.PANEL_EDGE,
            (centre, rect.y + view.u(4)),
            (centre, rect.bottom - view.u(4)),
        )
        length = int(bar_w / 2 * abs(value) / 100)
        colour = style.FRIENDLY if value >= 0 else style.HOSTILE
        bar = pygame.Rect(0, rect.centery - view.u(4), max(1, length), view.u(8))
        if value >= 0:
            bar.left = int(centre)
        else:
            bar.right = int(centre)
        pygame.draw.rect(surface, colour, bar, border_radius=view.u(2))
        marks = tooltips.relation_marks(state, scenario, i, j)
        number = view.text(
            surface,
            style.signed(value),
            (rect.right, rect.centery),
            13,
            colour,
            bold=True,
            anchor="midright",
        )

        def tip(_mouse: tuple[int, int]) -> str:  # the drift breakdown, worked out on hover
            key = (i, j, index)
            if key not in self._tip_cache:
                self._tip_cache[key] = tooltips.relation_tip(session, i, j, index, marks)
            return self._tip_cache[key]

        screen_row = rect.move(*offset)
        view.tips.add(number.move(*offset).inflate(view.u(8), view.u(4)), tip)
        view.tips.add(
            pygame.Rect(
                screen_row.x + int(rect.width * 0.4),
                screen_row.y,
                int(rect.width * 0.4),
                rect.height,
            ),
            tip,
        )
        self.rows.append((screen_row, j))
