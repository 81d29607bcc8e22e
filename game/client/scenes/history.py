"""The history view: any pair's relation across the years, both nations' alignment, and
the crises either nation was a party to, as bars on the timeline in the colour of the
highest rung each reached."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pygame
import pygame_gui

from game.client import crisis_bridge, style
from game.client.charts import Chart, Series, draw_chart, draw_key
from game.client.scene import Scene
from game.client.session import Session


def relation_series(
    session: Session, a: int, b: int
) -> tuple[list[float], list[float | None], list[float | None]]:
    """Years, relation and long-run level of a pair in every past state (None when either
    nation did not exist)."""
    years, values, baselines = [], [], []
    for k, state in enumerate(session.states):
        years.append(float(session.year_of(k)))
        both = bool(state.active[0, a] and state.active[0, b])
        values.append(float(state.relations[0, a, b]) if both else None)
        baselines.append(float(state.baselines[0, a, b]) if both else None)
    return years, values, baselines


def lean_series(session: Session, nation: int) -> list[float | None]:
    return [
        float(session.lean(k)[nation]) * 100 if state.active[0, nation] else None
        for k, state in enumerate(session.states)
    ]


class HistoryScene(Scene):
    name = "history"

    def __init__(
        self,
        app,
        session: Session,
        first: int | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(app)
        self.session = session
        ever = np.zeros(len(session.scenario.nations), dtype=bool)
        for state in session.states:
            ever |= state.active[0]
        self.nations = [i for i in range(len(session.scenario.nations)) if ever[i]]
        self.a = first if first in self.nations else self.nations[0]
        self.b = self._default_partner(self.a)
        self.then = then
        self.hover_year: float | None = None
        self.charts: list[Chart] = []
        self.crisis_spans = session.crisis_spans()
        self.crisis_bars: list[tuple[pygame.Rect, crisis_bridge.CrisisSpan]] = []

    def _default_partner(self, a: int) -> int:
        state = self.session.state
        others = [j for j in self.nations if j != a]
        alive = [j for j in others if state.active[0, j]] or others
        return max(alive, key=lambda j: abs(state.relations[0, a, j]))

    def _names(self) -> list[str]:
        return [self.session.scenario.nations[i].name for i in self.nations]

    def build(self) -> None:
        w, h = self.size
        margin = self.u(40)
        top = self.u(110)
        list_w = self.u(230)
        self.list_rect = pygame.Rect(margin, top, list_w, h - top - self.u(96))
        inner = self.list_rect.inflate(-self.u(24), -self.u(20))
        half = (inner.height - self.u(60)) // 2
        names = self._names()
        scenario = self.session.scenario
        self.list_a = pygame_gui.elements.UISelectionList(
            pygame.Rect(inner.x, inner.y + self.u(26), inner.width, half),
            names,
            self.manager,
            container=self.root,
            default_selection=scenario.nations[self.a].name,
        )
        self.list_b = pygame_gui.elements.UISelectionList(
            pygame.Rect(inner.x, inner.y + half + self.u(60), inner.width, half),
            names,
            self.manager,
            container=self.root,
            default_selection=scenario.nations[self.b].name,
        )
        self.back_button = self.button(
            pygame.Rect(margin, h - self.u(70), self.u(150), self.u(44)), "Back", "Back (Esc)."
        )
        self.chart_rect = pygame.Rect(
            self.list_rect.right + self.u(20),
            top,
            w - margin - self.list_rect.right - self.u(20),
            h - top - self.u(96),
        )

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKDROP)
        scenario = self.session.scenario
        na, nb = scenario.nations[self.a], scenario.nations[self.b]
        self.text(surface, "HISTORY", (self.u(40), self.u(34)), 30, style.GOLD, bold=True)
        self.text(
            surface,
            "Pick two nations to see how their relation and their alignment moved over the years.",
            (self.u(42), self.u(76)),
            14,
            style.INK_DIM,
        )
        inner = self.panel(surface, self.list_rect, "First nation")
        half = (self.list_rect.inflate(-self.u(24), -self.u(20)).height - self.u(60)) // 2
        self.text(
            surface,
            "SECOND NATION",
            (inner.x, self.list_a.rect.bottom + self.u(14)),
            12,
            style.GOLD,
            bold=True,
        )
        del half
        area = self.panel(surface, self.chart_rect, f"{na.name} – {nb.name}")
        years, values, baselines = relation_series(self.session, self.a, self.b)
        x_range = (float(scenario.start_year), float(scenario.end_year + 1))
        bands = [(float(e.start), float(e.end), e.name) for e in scenario.eras]
        markers = self._markers()
        chart_h = (area.height - self.u(70)) // 2
        rel_rect = pygame.Rect(area.x, area.y + self.u(26), area.width, int(chart_h * 1.15))
        relation = [
            Series("Relation", years, values, style.GOLD, width=2.5),
            Series(
                "Long-run level it drifts to",
                years,
                baselines,
                style.INK_DIM,
                dashed=True,
                width=1.5,
            ),
        ]
        draw_key(surface, self.fonts, (area.x, area.y + self.u(8)), relation)
        self.charts = [
            draw_chart(
                surface,
                rel_rect,
                self.fonts,
                relation,
                x_range,
                (-100, 100),
                [-100, -50, 0, 50, 100],
                bands,
                markers,
                self.hover_year,
            )
        ]
        self._draw_crises(surface, self.charts[0])
        lean_top = rel_rect.bottom + self.u(16)
        self.text(
            surface,
            "ALIGNMENT (−100 THE RIVAL'S CAMP … +100 "
            + self.session.camps(self.session.last).camp_name(1).upper()
            + ")",
            (area.x, lean_top),
            11,
            style.GOLD,
            bold=True,
        )
        lean_rect = pygame.Rect(
            area.x, lean_top + self.u(40), area.width, area.bottom - lean_top - self.u(40)
        )
        colour_b = nb.color if _distance(nb.color, na.color) > 60 else style.INK
        leans = [
            Series(na.name, years, lean_series(self.session, self.a), na.color, width=2.5),
            Series(nb.name, years, lean_series(self.session, self.b), colour_b, width=2.5),
        ]
        draw_key(surface, self.fonts, (area.x, lean_top + self.u(24)), leans)
        self.charts.append(
            draw_chart(
                surface,
                lean_rect,
                self.fonts,
                leans,
                x_range,
                (-100, 100),
                [-100, 0, 100],
                bands,
                markers,
                self.hover_year,
            )
        )
        self._register_tips()

    def _crises(self) -> list[crisis_bridge.CrisisSpan]:
        """The crises either chosen nation was a party to."""
        scenario = self.session.scenario
        ids = (scenario.nations[self.a].id, scenario.nations[self.b].id)
        return [span for span in self.crisis_spans if span.involves(*ids)]

    def _draw_crises(self, surface: pygame.Surface, chart: Chart) -> None:
        """A bar across the relation chart, under the eras' names, for each crisis: from
        the year it opened to the year it ended, in the colour of the highest rung it
        reached, named when there is room."""
        self.crisis_bars = []
        height = self.u(7)
        top = chart.plot.top + self.u(22)  # under the eras' names
        rows: list[int] = []  # where each row is free again, from the left
        for span in self._crises():
            x0 = int(chart.x_of(span.first))
            x1 = max(x0 + self.u(4), int(chart.x_of(span.last + 1)))
            label = self.fonts.text(span.title, 10, style.INK_DIM)
            room = chart.plot.right - x1 - self.u(6) >= label.get_width()
            end = x1 + (self.u(6) + label.get_width() if room else 0) + self.u(6)
            row = next((k for k, free in enumerate(rows) if free <= x0), None)
            if row is None:
                rows.append(end)
                row = len(rows) - 1
            rows[row] = end
            bar = pygame.Rect(x0, top + row * (height + self.u(8)), x1 - x0, height)
            colour = crisis_bridge.level_colour(span.peak, span.rungs)
            pygame.draw.rect(surface, style.BACKDROP, bar.inflate(2, 2), border_radius=self.u(3))
            pygame.draw.rect(surface, colour, bar, border_radius=self.u(3))
            if room:
                surface.blit(label, label.get_rect(midleft=(x1 + self.u(6), bar.centery)))
            self.crisis_bars.append((bar, span))

    def _crisis_lines(self, year: int) -> list[str]:
        return [
            f"<font color='{style.TEXT_ALARM}'>Crisis:</font> {span.title} ({span.first}"
            + (f"–{span.last}" if span.last > span.first else "")
            + f"; highest rung {span.peak_name}; {span.outcome})"
            for span in self._crises()
            if span.first <= year <= span.last
        ]

    def _markers(self) -> list[tuple[float, str]]:
        scenario = self.session.scenario
        ids = {scenario.nations[self.a].id, scenario.nations[self.b].id}
        out = []
        for k in range(1, len(self.session.states)):
            for e in self.session.fired_in(k):
                event = scenario.events[e]
                if ids & ({event.nation} | set(event.involves)):
                    out.append((float(self.session.year_of(k - 1)), event.title))
        return out

    def _register_tips(self) -> None:
        self.tips.zones = []
        for chart in self.charts:
            area = chart.plot.inflate(self.u(92), self.u(40)).clip(self.chart_rect)
            self.tips.add(area, lambda mouse, chart=chart: self._chart_tip(chart, mouse))

    def _chart_tip(self, chart: Chart, mouse: tuple[int, int]) -> str | None:
        if mouse[0] < chart.plot.left:
            return "The scale runs from −100 (hostile, or wholly with the second camp) to +100 (allied, or wholly with the first camp)."
        if mouse[1] > chart.plot.bottom:
            return "Years of the campaign; the bands are its eras. Hover over the chart for the values of a year."
        year = round(chart.x_at(mouse[0]))
        present = self.session.year_of(self.session.last)
        if year > present:
            return f"<b>{year}</b><br>Not played yet: the campaign stands at {present}."
        lines = [f"<b>{year}</b>"]
        for series, value in chart.values_at(year):
            lines.append(f"{series.label}: " + ("—" if value is None else style.signed(value)))
        events = [title for x, title in self._markers() if int(x) == year]
        lines += [f"<i>{t}</i>" for t in events]
        lines += self._crisis_lines(year)
        return "<br>".join(lines)

    def update(self, dt: float) -> None:
        mouse = pygame.mouse.get_pos()
        self.hover_year = None
        for chart in self.charts:
            if chart.plot.collidepoint(mouse):
                self.hover_year = float(round(chart.x_at(mouse[0])))
        super().update(dt)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION:
            names = self._names()
            if event.text in names:
                nation = self.nations[names.index(event.text)]
                if event.ui_element is self.list_a:
                    self.a = nation
                elif event.ui_element is self.list_b:
                    self.b = nation
                return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.back_button:
            self.back()
            return True
        return False

    def back(self) -> None:
        self.app.pop()
        if self.then is not None:
            self.then()


def _distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5
