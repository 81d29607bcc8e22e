"""The end-of-campaign report: the score, and how the player's path compares with history."""

from __future__ import annotations

import pygame
import pygame_gui

from game.camps import camp_views, capitalise
from game.client import crisis_bridge, diplomacy_bridge, style
from game.client.charts import Series, draw_chart, draw_key
from game.client.scene import Scene
from game.client.score import differing_decisions, relation_gaps
from game.client.session import Session
from game.client.text import html

PARTNER_COLOURS = (style.GOLD, style.FRIENDLY, style.PARTNER_BLUE)


PART_WORDS = {
    "prosperity": ("Prosperity", "Growth of your economy against the world's since the start."),
    "power": ("Power", "Your share of the world's power (economy and arms) against the start."),
    "stability": ("Stability", "Stability at the end, 0 to 100."),
    "standing": ("Standing", "Your relations with every other nation, weighted by its power."),
    "security": (
        "Security",
        "Your military strength against your strongest enemy's; halved at war.",
    ),
}


NUCLEAR_WORDS = (
    "Nuclear weapons were used{where} ({year}). The game ends for every nation, "
    "and no score counts: there is no winner of a nuclear war."
)


def crisis_html(tally: dict, spans: list[crisis_bridge.CrisisSpan]) -> str:
    """The report's section on the campaign's crises: the engine's end-report tally (how
    many opened and how they ended, the player's prestige) and each crisis with the highest
    rung it reached, from the crisis records."""
    ended = [
        f"{tally[key]} {words}"
        for key, words in (
            ("wars", "came to war"),
            ("settled", "settled"),
            ("backed_down", "ended with a side backing down"),
        )
        if tally.get(key)
    ]
    opened = tally.get("opened", len(spans))
    rows = [
        f"{opened} {'crisis' if opened == 1 else 'crises'}"
        + (": " + ", ".join(ended) if ended else "")
        + "."
    ]
    if tally.get("nuclear"):
        rows.append(
            f"<font color='{style.TEXT_ALARM}'><b>Nuclear weapons were used"
            f"{' in ' + str(tally['nuclear_year']) if tally.get('nuclear_year') else ''}.</b></font>"
        )
    if "prestige" in tally:
        rows.append(f"Your prestige from crises: {style.signed(tally['prestige'])}")
    for span in spans:
        grave = span.outcome in ("ended in war", "ended in nuclear use")
        outcome = (
            f"<font color='{style.TEXT_ALARM}'>{html(span.outcome)}</font>"
            if grave
            else html(span.outcome)
        )
        rows.append(
            f"{span.first} <b>{html(span.title)}</b> — up to {html(span.peak_name)}; {outcome}"
        )
    return f"<font color='{style.TEXT_ACCENT}'><b>CRISES AND WARS</b></font><br>" + "<br>".join(
        rows
    )


def fallback_tally(spans: list[crisis_bridge.CrisisSpan]) -> dict:
    """The tally from the crisis records, for a report without the engine's grade."""
    counts = crisis_bridge.counts(spans)
    nuclear = crisis_bridge.nuclear_end(spans)
    return {
        "opened": counts["crises"],
        "wars": counts["war"] + counts["nuclear"],
        "settled": counts["settled"],
        "backed_down": counts["backed_down"],
        "nuclear": nuclear is not None,
        "nuclear_year": nuclear.last if nuclear is not None else None,
    }


class EndReport(Scene):
    name = "end_report"

    def __init__(self, app, session: Session) -> None:
        super().__init__(app)
        self.session = session
        self.player = session.player if session.player >= 0 else session.anchor
        self.grade = diplomacy_bridge.end_report(session.sim)
        self.history_states = session.history_path()
        self.differing = differing_decisions(session.states, session.decisions())
        self.gaps = relation_gaps(session.state, self.history_states[-1], self.player)
        self.partners = self._partners()
        self.crises = session.crisis_spans()
        engine = (self.grade or {}).get("crises")
        self.tally = engine if engine is not None else fallback_tally(self.crises)
        self.nuclear = bool(self.tally.get("nuclear"))

    def _partners(self) -> list[int]:
        final = self.session.state
        n = len(self.session.scenario.nations)
        others = [j for j in range(n) if j != self.player and final.active[0, j]]
        return sorted(others, key=lambda j: -abs(final.relations[0, self.player, j]))[:3]

    def build(self) -> None:
        w, h = self.size
        margin = self.u(40)
        top = self.u(118)
        self.left = pygame.Rect(margin, top, self.u(430), h - top - self.u(96))
        self.right = pygame.Rect(
            self.left.right + self.u(20),
            top,
            w - margin - self.left.right - self.u(20),
            h - top - self.u(96),
        )
        inner = self.left.inflate(-self.u(28), -self.u(24))
        list_top = inner.y + self.u(236)
        self.details = pygame_gui.elements.UITextBox(
            self._details_html(),
            pygame.Rect(inner.x, list_top, inner.width, inner.bottom - list_top),
            self.manager,
            container=self.root,
            object_id="#plain_text",
        )
        y = h - self.u(70)
        bw = self.u(190)
        self.map_button = self.button(
            pygame.Rect(margin, y, bw, self.u(44)),
            "Look back at the map",
            "Return to the map; drag the timeline to replay the years (Esc).",
        )
        self.history_button = self.button(
            pygame.Rect(margin + bw + self.u(12), y, self.u(150), self.u(44)),
            "History view",
            "Chart any pair of nations.",
        )
        self.new_button = self.button(
            pygame.Rect(w - margin - self.u(200), y, self.u(200), self.u(44)),
            "New campaign",
            "Start again, perhaps as another nation.",
            object_id="#primary",
        )
        self.title_button = self.button(
            pygame.Rect(
                w - margin - self.u(200) - self.u(12) - self.u(150), y, self.u(150), self.u(44)
            ),
            "Title menu",
        )

    def headline(self) -> tuple[str, str]:
        """The report's heading and the line that says why the campaign ended ('' when
        it ran to its last year): a nuclear war, an early end, or the end."""
        if self.nuclear:
            where = crisis_bridge.nuclear_end(self.crises)
            words = NUCLEAR_WORDS.format(
                where=f" in {where.title}" if where is not None else "",
                year=self.tally.get("nuclear_year") or (where.last if where else "?"),
            )
            return "NUCLEAR WAR: EVERYONE HAS LOST", words
        early = self.session.ended_early
        if early:
            return "THE CAMPAIGN IS OVER", f"The campaign ended early: {early}"
        return "THE END OF THE CAMPAIGN", ""

    def _details_html(self) -> str:
        scenario = self.session.scenario
        parts = []
        if self.grade is not None and self.grade["objectives"]:
            rows = []
            for objective in self.grade["objectives"]:
                colour = style.TEXT_GOOD if objective["met"] else style.TEXT_BAD
                rows.append(
                    f"<font color='{colour}'><b>{html(objective['name'])}</b></font> — "
                    f"{objective['earned']:g} of {objective['points']:g} points<br>"
                    f"<font color='{style.TEXT_DIM}'>{html(objective['text'])}</font>"
                )
            parts.append(
                f"<font color='{style.TEXT_ACCENT}'><b>OBJECTIVES</b></font><br>"
                + "<br>".join(rows)
            )
        if self.differing:
            rows = [
                f"<b>{html(title)}</b><br>  you: <font color='{style.TEXT_ACCENT}'>{html(mine)}</font> · history: <i>{html(theirs)}</i>"
                for title, mine, theirs in self.differing
            ]
        else:
            rows = [
                f"<font color='{style.TEXT_DIM}'>You took history's path at every decision that had one; "
                "the differences come from your diplomacy, from chance and from the choices of others.</font>"
            ]
        parts.append(
            f"<font color='{style.TEXT_ACCENT}'><b>WHERE YOU LEFT HISTORY'S PATH</b></font><br>"
            + "<br>".join(rows)
        )
        if self.tally.get("opened") or self.crises:
            parts.append(crisis_html(self.tally, self.crises))
        if self.gaps:
            mean = sum(abs(g.gap) for g in self.gaps) / len(self.gaps)
            rows = [
                f"{html(scenario.nations[g.other].name)}: {style.signed(g.yours)} (history {style.signed(g.history)})"
                for g in self.gaps[:4]
            ]
            parts.append(
                f"<font color='{style.TEXT_ACCENT}'><b>YOUR RELATIONS AGAINST HISTORY'S</b></font><br>"
                f"On average {mean:.0f} points from where history left them.<br>"
                + "<br>".join(rows)
            )
        return "<br><br>".join(parts)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKDROP)
        scenario = self.session.scenario
        nation = scenario.nations[self.player]
        heading, words = self.headline()
        colour = style.ALARM if self.nuclear else style.GOLD
        self.text(surface, heading, (self.u(40), self.u(30)), 30, colour, bold=True)
        last_year = self.session.year_of(max(0, self.session.last - 1))
        line = f"{nation.name}, {scenario.start_year}–{last_year} · {scenario.name}"
        self.text(surface, line, (self.u(42), self.u(74)), 15, style.INK_DIM)
        if words:
            image = self.fonts.fitted(
                words, 14, self.size[0] - self.u(84), style.HOSTILE, smallest=10, bold=True
            )
            if image is not None:
                surface.blit(image, (self.u(42), self.u(96)))
        self.tips.zones = []
        inner = self.panel(surface, self.left, "Your record")
        if self.nuclear:
            lost = self.text(
                surface, "Lost", (inner.x, inner.y - self.u(6)), 48, style.ALARM, bold=True
            )
            self.paragraph(
                surface,
                "A nuclear war has no winner: every nation's campaign ends here as a loss, "
                "whatever its objectives and standing were.",
                pygame.Rect(inner.x, lost.bottom + self.u(8), inner.width, self.u(90)),
                14,
                style.INK_DIM,
            )
        elif self.grade is None:
            self.paragraph(
                surface,
                "Grades come with the diplomacy package, which is not installed.",
                pygame.Rect(inner.x, inner.y, inner.width, self.u(60)),
                14,
                style.INK_DIM,
            )
        else:
            letter = self.text(
                surface,
                self.grade["grade"],
                (inner.x, inner.y - self.u(6)),
                48,
                style.GOLD,
                bold=True,
            )
            score = self.text(
                surface,
                f"{self.grade['score']:.0f} of 100",
                (letter.right + self.u(14), letter.centery - self.u(10)),
                18,
                style.INK,
                bold=True,
                anchor="midleft",
            )
            words = self.grade["verdict"].split(": ", 1)[-1]
            self.text(
                surface,
                capitalise(words.split(" (")[0]),
                (letter.right + self.u(14), letter.centery + self.u(14)),
                14,
                style.INK_DIM,
                anchor="midleft",
            )
            objective_text = ""
            if self.grade["objective_share"] is not None:
                objective_text = f" Objectives earned {self.grade['objective_points']:g} of {self.grade['objective_max']:g} points and weigh most."
            tip = f"<b>Score {self.grade['score']:.0f} of 100, grade {self.grade['grade']}</b>: your objectives and the general score below.{objective_text}"
            self.tips.add(letter.union(score), tip)
            y = letter.bottom + self.u(10)
            general = self.grade["general"]
            head = self.text(
                surface,
                f"GENERAL SCORE {general['score']:.0f}",
                (inner.x, y),
                11,
                style.GOLD,
                bold=True,
            )
            self.tips.add(head, "The average of the five parts below, each from 0 to 100.")
            y = head.bottom + self.u(6)
            for key, value in general["parts"].items():
                label, meaning = PART_WORDS.get(key, (capitalise(key), ""))
                self.text(surface, label, (inner.x, y), 13, style.INK)
                bar = pygame.Rect(
                    inner.x + self.u(110), y + self.u(5), inner.width - self.u(160), self.u(8)
                )
                pygame.draw.rect(surface, style.PANEL_LIGHT, bar, border_radius=self.u(3))
                pygame.draw.rect(
                    surface,
                    style.GOLD,
                    pygame.Rect(
                        bar.x, bar.y, int(bar.width * max(0.0, min(1.0, value))), bar.height
                    ),
                    border_radius=self.u(3),
                )
                percent = f"{value * 100:.0f}"
                number = self.text(
                    surface, percent, (inner.right, y), 13, style.INK, bold=True, anchor="topright"
                )
                self.tips.add(number.union(bar), f"<b>{label}: {percent} of 100</b><br>{meaning}")
                y += self.u(21)
        self._draw_charts(surface)

    def _draw_charts(self, surface: pygame.Surface) -> None:
        scenario = self.session.scenario
        area = self.panel(surface, self.right, "Your path and history's")
        years = [float(self.session.year_of(k)) for k in range(len(self.session.states))]
        hist_states = self.history_states
        anchor = self.session.anchor
        mine = [
            float(self.session.lean(k)[self.player]) * 100 if s.active[0, self.player] else None
            for k, s in enumerate(self.session.states)
        ]
        theirs = [
            float(view.lean[self.player]) * 100 if view.active[self.player] else None
            for view in camp_views(hist_states, anchor)
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
            self.app.push("history", session=self.session, first=self.player)
        elif event.ui_element is self.new_button:
            self.app.session = None
            self.app.reset_to(self.app.make("title"), self.app.make("new_campaign"))
        elif event.ui_element is self.title_button:
            self.app.session = None
            self.app.reset_to(self.app.make("title"))
        else:
            return False
        return True
