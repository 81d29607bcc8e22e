"""The end-of-campaign report: the score, and how the player's path compares with history."""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import style
from game.client.alignment import oriented_lean
from game.client.charts import Series, draw_chart, draw_key
from game.client.scene import Scene
from game.client.score import compare_with_history
from game.client.session import Session
from game.scenario import STAT_INDEX

PARTNER_COLOURS = ((219, 180, 92), (92, 214, 160), (120, 170, 255))


class EndReport(Scene):
    name = "end_report"

    def __init__(self, app, session: Session) -> None:
        super().__init__(app)
        self.session = session
        self.player = session.player if session.player >= 0 else session.anchor
        decisions = {e.event_id: e.decision for e in session.log() if e.by_player and e.decision}
        self.comparison = compare_with_history(session.states, self.player, decisions)
        self.partners = self._partners()

    def _partners(self) -> list[int]:
        final = self.session.state
        n = len(self.session.scenario.nations)
        others = [j for j in range(n) if j != self.player and final.active[0, j]]
        return sorted(others, key=lambda j: -abs(final.relations[0, self.player, j]))[:3]

    def build(self) -> None:
        w, h = self.size
        margin = self.u(40)
        top = self.u(118)
        self.left = pygame.Rect(margin, top, self.u(400), h - top - self.u(96))
        self.right = pygame.Rect(
            self.left.right + self.u(20),
            top,
            w - margin - self.left.right - self.u(20),
            h - top - self.u(96),
        )
        inner = self.left.inflate(-self.u(28), -self.u(24))
        list_top = inner.y + self.u(300)
        self.differ_box = pygame_gui.elements.UITextBox(
            self._differ_html(),
            pygame.Rect(inner.x, list_top, inner.width, inner.bottom - list_top),
            self.manager,
            container=self.root,
            object_id="#plain_text",
        )
        y = h - self.u(70)
        bw = self.u(190)
        self.map_button = pygame_gui.elements.UIButton(
            pygame.Rect(margin, y, bw, self.u(44)),
            "Look back at the map",
            self.manager,
            container=self.root,
            tool_tip_text="Return to the map; drag the timeline to replay the years (Esc).",
        )
        self.history_button = pygame_gui.elements.UIButton(
            pygame.Rect(margin + bw + self.u(12), y, self.u(150), self.u(44)),
            "History view",
            self.manager,
            container=self.root,
            tool_tip_text="Chart any pair of nations.",
        )
        self.new_button = pygame_gui.elements.UIButton(
            pygame.Rect(w - margin - self.u(200), y, self.u(200), self.u(44)),
            "New campaign",
            self.manager,
            container=self.root,
            object_id="#primary",
            tool_tip_text="Start again, perhaps as another nation.",
        )
        self.title_button = pygame_gui.elements.UIButton(
            pygame.Rect(
                w - margin - self.u(200) - self.u(12) - self.u(150), y, self.u(150), self.u(44)
            ),
            "Title menu",
            self.manager,
            container=self.root,
        )

    def _differ_html(self) -> str:
        rows = self.comparison.differing
        if not rows:
            return "<font color='#a09e96'>You took history's path at every decision that had one. The differences above come from chance and from the choices of others.</font>"
        lines = [
            f"<b>{_h(title)}</b><br>  you: <font color='#dbb45c'>{_h(mine)}</font>  ·  history: <i>{_h(theirs)}</i>"
            for title, mine, theirs in rows
        ]
        return "<br>".join(lines)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKDROP)
        scenario = self.session.scenario
        nation = scenario.nations[self.player]
        self.text(
            surface, "THE END OF THE CAMPAIGN", (self.u(40), self.u(30)), 30, style.GOLD, bold=True
        )
        self.text(
            surface,
            f"{nation.name}, {scenario.start_year}–{self.session.year_of(self.session.last) - 1} · {scenario.name}",
            (self.u(42), self.u(74)),
            15,
            style.INK_DIM,
        )
        self.tips.zones = []
        inner = self.panel(surface, self.left, "Score")
        yours, history = self.comparison.yours, self.comparison.history
        total = self.text(surface, f"{yours.total}", (inner.x, inner.y), 48, style.GOLD, bold=True)
        self.tips.add(
            total,
            "Your score: prosperity + standing + stability + peace. History's path, scored the same way, is shown beside it.",
        )
        hist = self.text(
            surface,
            f"history's path: {history.total}",
            (total.right + self.u(16), total.bottom - self.u(12)),
            14,
            style.INK_DIM,
            anchor="bottomleft",
        )
        self.tips.add(
            hist,
            "The same scenario and seed replayed with every nation taking history's choices, scored the same way.",
        )
        verdict = (
            "better than history"
            if yours.total > history.total + 10
            else "worse than history"
            if yours.total < history.total - 10
            else "about as well as history"
        )
        y = self.text(
            surface,
            f"You did {verdict}.",
            (inner.x, total.bottom + self.u(4)),
            15,
            style.INK,
            bold=True,
        ).bottom + self.u(10)
        final, reference = self.session.state, self.comparison.history_states[-1]
        gdp_you = float(final.stats[0, self.player, STAT_INDEX["gdp"]])
        gdp_hist = float(reference.stats[0, self.player, STAT_INDEX["gdp"]])
        rows = [
            (
                "Prosperity",
                yours.prosperity,
                history.prosperity,
                f"GDP ${gdp_you:,.0f} bn against history's ${gdp_hist:,.0f} bn: 400 points at parity, up to 800.",
            ),
            (
                "Standing",
                yours.standing,
                history.standing,
                "Relations with every other nation, weighted by its power: 0 (all hostile) to 300 (all allied).",
            ),
            (
                "Stability",
                yours.stability,
                history.stability,
                "Stability at the end, 0 to 100, doubled.",
            ),
            (
                "Peace",
                yours.peace,
                history.peace,
                "The share of turns you were not at war with anyone: up to 100.",
            ),
        ]
        self.text(
            surface,
            "YOU",
            (inner.right - self.u(90), y),
            11,
            style.GOLD,
            bold=True,
            anchor="topright",
        )
        self.text(
            surface, "HISTORY", (inner.right, y), 11, style.GOLD, bold=True, anchor="topright"
        )
        y += self.u(20)
        for label, mine, theirs, tip in rows:
            self.text(surface, label, (inner.x, y), 14, style.INK)
            a = self.text(
                surface,
                f"{mine:.0f}",
                (inner.right - self.u(90), y),
                14,
                style.INK,
                bold=True,
                anchor="topright",
            )
            b = self.text(
                surface, f"{theirs:.0f}", (inner.right, y), 14, style.INK_DIM, anchor="topright"
            )
            self.tips.add(a.inflate(self.u(8), self.u(4)), f"<b>{label}: {mine:.0f}</b><br>{tip}")
            self.tips.add(
                b.inflate(self.u(8), self.u(4)),
                f"<b>History's {label.lower()}: {theirs:.0f}</b><br>{tip}",
            )
            y += self.u(24)
        self.text(
            surface,
            "WHERE YOU LEFT HISTORY'S PATH",
            (inner.x, self.differ_box.rect.top - self.u(22)),
            11,
            style.GOLD,
            bold=True,
        )
        self._draw_charts(surface)

    def _draw_charts(self, surface: pygame.Surface) -> None:
        scenario = self.session.scenario
        area = self.panel(surface, self.right, "Your path and history's")
        years = [float(self.session.year_of(k)) for k in range(len(self.session.states))]
        hist_states = self.comparison.history_states
        anchor = self.session.anchor
        mine = [
            float(self.session.lean(k)[self.player]) * 100 if s.active[0, self.player] else None
            for k, s in enumerate(self.session.states)
        ]
        theirs = [
            float(oriented_lean(s, anchor)[self.player]) * 100 if s.active[0, self.player] else None
            for s in hist_states
        ]
        x_range = (float(scenario.start_year), float(scenario.end_year + 1))
        bands = [(float(e.start), float(e.end), e.name) for e in scenario.eras]
        half = (area.height - self.u(80)) // 2
        lean = [
            Series("Your alignment", years, mine, style.GOLD, width=2.5),
            Series("History's", years[: len(theirs)], theirs, style.INK_DIM, dashed=True),
        ]
        self.text(
            surface,
            f"ALIGNMENT (+100 WITH {scenario.nations[anchor].name.upper()})",
            (area.x, area.y),
            11,
            style.GOLD,
            bold=True,
        )
        draw_key(surface, self.fonts, (area.x, area.y + self.u(26)), lean)
        draw_chart(
            surface,
            pygame.Rect(area.x, area.y + self.u(40), area.width, half),
            self.fonts,
            lean,
            x_range,
            (-100, 100),
            [-100, 0, 100],
            bands,
        )
        top = area.y + self.u(40) + half + self.u(14)
        self.text(
            surface,
            "RELATIONS WITH YOUR CLOSEST TIES (SOLID: YOU, DASHED: HISTORY)",
            (area.x, top),
            11,
            style.GOLD,
            bold=True,
        )
        series = []
        for k, j in enumerate(self.partners):
            colour = PARTNER_COLOURS[k % len(PARTNER_COLOURS)]
            name = scenario.nations[j].name
            ys = [
                float(s.relations[0, self.player, j])
                if s.active[0, j] and s.active[0, self.player]
                else None
                for s in self.session.states
            ]
            hs = [
                float(s.relations[0, self.player, j])
                if s.active[0, j] and s.active[0, self.player]
                else None
                for s in hist_states
            ]
            series.append(Series(name, years, ys, colour, width=2.5))
            series.append(Series("", years[: len(hs)], hs, colour, dashed=True, width=1.5))
        draw_key(surface, self.fonts, (area.x, top + self.u(26)), [s for s in series if s.label])
        draw_chart(
            surface,
            pygame.Rect(area.x, top + self.u(40), area.width, area.bottom - top - self.u(40)),
            self.fonts,
            series,
            x_range,
            (-100, 100),
            [-100, -50, 0, 50, 100],
            bands,
        )

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        if event.ui_element is self.map_button:
            self.back()
        elif event.ui_element is self.history_button:
            from game.client.scenes.history import HistoryScene

            self.app.push(HistoryScene(self.app, self.session, self.player))
        elif event.ui_element is self.new_button:
            from game.client.scenes.new_campaign import NewCampaignScene
            from game.client.scenes.title import TitleScene

            self.app.session = None
            self.app.reset_to(TitleScene(self.app), NewCampaignScene(self.app))
        elif event.ui_element is self.title_button:
            from game.client.scenes.title import TitleScene

            self.app.session = None
            self.app.reset_to(TitleScene(self.app))
        else:
            return False
        return True


def _h(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
