"""Your goals: every objective of your nation with its weight, whether it holds now and
which way it went last turn, and the score if the campaign ended today."""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import style
from game.client.goals import Standing, standing
from game.client.intents import resolve
from game.client.scene import Scene
from game.client.text import html

TREND_WORDS = {
    "kept": (style.TEXT_GOOD, "met, and holding"),
    "gained": (style.TEXT_GOOD, "met since last turn ↑"),
    "lost": (style.TEXT_BAD, "lost last turn ↓"),
    "missing": (style.TEXT_DIM, "not met yet"),
}


def goals_html(now: Standing) -> str:
    """The panel's text: the score first, then each goal, heaviest first."""
    parts = [
        f"<font color='{style.TEXT_ACCENT}'><b>SCORE SO FAR: {now.score:.0f} of 100 ({now.grade}, {now.words})</b></font><br>"
        f"<font color='{style.TEXT_DIM}'>If the campaign ended today. Objectives weigh most; prosperity, "
        "power, stability, standing and security make up the rest.</font>"
    ]
    for goal in sorted(now.goals, key=lambda g: -g.points):
        colour, words = TREND_WORDS[goal.trend]
        parts.append(
            f"<b>{html(goal.name)}</b> — <font color='{style.TEXT_ACCENT}'>{goal.points:g} points</font>, "
            f"<font color='{colour}'>{words}</font><br>"
            f"<font color='{style.TEXT_DIM}'>{html(goal.text)} ({goal.how_it_counts}; "
            f"{goal.earned:g} of {goal.points:g} points if it ended now)</font>"
        )
    if not now.goals:
        parts.append("Your nation has no set objectives here: the general score is the grade.")
    return "<br><br>".join(parts)


class GoalsPanel(Scene):
    overlay = True
    name = "goals"

    def __init__(self, app, session) -> None:
        super().__init__(app)
        self.session = session
        self.standing = standing(session)

    def build(self) -> None:
        w, h = self.size
        self.box = pygame.Rect(
            0, 0, min(self.u(760), w - self.u(60)), min(self.u(560), h - self.u(40))
        )
        self.box.center = (w // 2, h // 2)
        inner = self.box.inflate(-self.u(56), -self.u(48))
        text = (
            goals_html(self.standing)
            if self.standing is not None
            else "Objectives and score need the diplomacy package and a nation to lead."
        )
        self.body = pygame_gui.elements.UITextBox(
            text,
            pygame.Rect(inner.x, inner.y + self.u(48), inner.width, inner.height - self.u(110)),
            self.manager,
            container=self.root,
        )
        self.close_button = self.button(
            pygame.Rect(
                inner.right - self.u(150), inner.bottom - self.u(44), self.u(150), self.u(44)
            ),
            "Back to the map",
            object_id="#primary",
        )

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.dialog_box(surface, self.box)
        x, y = self.box.x + self.u(28), self.box.y + self.u(24)
        self.text(surface, "YOUR GOALS", (x, y), 24, style.GOLD, bold=True)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.close_button:
            self.back()
            return True
        intent = resolve(event, self.name)
        if intent is not None and intent.name == "back":
            self.back()
            return True
        return False

    def confirm(self) -> None:
        self.back()
