"""A yes-or-no question before something that cannot be undone (loading over a game)."""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

from game.client import style
from game.client.scene import Scene


class ConfirmDialog(Scene):
    """Asks; `on_yes` runs only on the yes button or Enter. Esc or the other button backs out."""

    overlay = True
    name = "confirm"

    def __init__(self, app, title: str, message: str, yes: str, on_yes: Callable[[], None]) -> None:
        super().__init__(app)
        self.title = title
        self.message = message
        self.yes_text = yes
        self.on_yes = on_yes

    def build(self) -> None:
        w, h = self.size
        self.box = pygame.Rect(0, 0, min(self.u(560), w - self.u(40)), self.u(230))
        self.box.center = (w // 2, h // 2)
        y = self.box.bottom - self.u(24) - self.u(42)
        self.yes = self.button(
            pygame.Rect(self.box.right - self.u(32) - self.u(200), y, self.u(200), self.u(42)),
            self.yes_text,
            object_id="#primary",
        )
        self.no = self.button(
            pygame.Rect(self.box.right - self.u(32) - self.u(330), y, self.u(120), self.u(42)),
            "Cancel",
        )

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.dialog_box(surface, self.box)
        x, y = self.box.x + self.u(32), self.box.y + self.u(26)
        self.text(surface, self.title, (x, y), 20, style.GOLD, bold=True)
        self.paragraph(
            surface,
            self.message,
            pygame.Rect(x, y + self.u(40), self.box.width - self.u(64), self.u(90)),
            14,
            style.INK,
        )

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.yes:
                self.confirm()
                return True
            if event.ui_element is self.no:
                self.back()
                return True
        return False

    def confirm(self) -> None:
        self.app.pop()
        self.on_yes()
