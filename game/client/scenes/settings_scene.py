"""Settings: resolution, fullscreen, UI scale, animation speed, relation lines."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pygame_gui

from game.client import style
from game.client.scene import Scene
from game.client.settings import ANIMATION_SPEEDS, RESOLUTIONS, UI_SCALES

ANIMATION_LABELS = {
    "off": "Off (instant)",
    "slow": "Slow (1 s)",
    "normal": "Normal (0.5 s)",
    "fast": "Fast (0.25 s)",
}


def _scale_label(value: float) -> str:
    return "Automatic" if value == 0 else f"{value:.0%}"


class SettingsScene(Scene):
    overlay = True
    name = "settings"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.draft = replace(app.settings)

    def build(self) -> None:
        w, h = self.size
        self.box = pygame.Rect(0, 0, min(self.u(620), w - self.u(80)), self.u(470))
        self.box.center = (w // 2, h // 2)
        x = self.box.x + self.u(36)
        label_w = self.u(190)
        field_x = x + label_w
        field_w = self.box.right - self.u(36) - field_x
        y = self.box.y + self.u(92)
        row = self.u(58)
        fh = self.u(38)
        sizes = [f"{a}×{b}" for a, b in RESOLUTIONS]
        current = f"{self.draft.width}×{self.draft.height}"
        if current not in sizes:
            sizes.insert(0, current)
        self.rows: list[tuple[str, int, str]] = []
        self.resolution = pygame_gui.elements.UIDropDownMenu(
            sizes, current, pygame.Rect(field_x, y, field_w, fh), self.manager, container=self.root
        )
        self.resolution.set_tooltip(
            "The window size (when not fullscreen). You can also drag the window's edges: 1280×720 up to 2560×1440."
        )
        self.rows.append(
            ("Resolution", y, "The window size; any size from 1280×720 to 2560×1440 works.")
        )
        y += row
        self.fullscreen = self.button(
            pygame.Rect(field_x, y, field_w, fh), self._fullscreen_text(), "Fill the whole screen."
        )
        self.rows.append(("Fullscreen", y, "Fill the whole screen."))
        y += row
        self.scale = pygame_gui.elements.UIDropDownMenu(
            [_scale_label(v) for v in UI_SCALES],
            _scale_label(self.draft.ui_scale),
            pygame.Rect(field_x, y, field_w, fh),
            self.manager,
            container=self.root,
        )
        self.scale.set_tooltip("Size of text and panels. Automatic grows them with the window.")
        self.rows.append(
            ("UI scale", y, "Size of text and panels; Automatic follows the window size.")
        )
        y += row
        self.animation = pygame_gui.elements.UIDropDownMenu(
            [ANIMATION_LABELS[k] for k in ANIMATION_SPEEDS],
            ANIMATION_LABELS[self.draft.animation],
            pygame.Rect(field_x, y, field_w, fh),
            self.manager,
            container=self.root,
        )
        self.animation.set_tooltip(
            "How long the map takes to ease from one turn's colours and lines to the next."
        )
        self.rows.append(
            ("Animation", y, "How long colours and lines take to change between turns.")
        )
        y += row
        self.ties = self.button(
            pygame.Rect(field_x, y, field_w, fh),
            self._ties_text(),
            "Draw every relation, or only strong ties, treaties and wars (A on the map).",
        )
        self.rows.append(("Relation lines", y, "Every relation, or only the meaningful ones."))
        bottom = self.box.bottom - self.u(28) - self.u(42)
        self.cancel = self.button(
            pygame.Rect(
                self.box.right - self.u(36) - self.u(150) - self.u(12) - self.u(130),
                bottom,
                self.u(130),
                self.u(42),
            ),
            "Cancel",
            "Close without changes (Esc).",
        )
        self.apply = self.button(
            pygame.Rect(self.box.right - self.u(36) - self.u(150), bottom, self.u(150), self.u(42)),
            "Apply",
            "Use these settings and keep them for next time (Enter).",
            object_id="#primary",
        )

    def _fullscreen_text(self) -> str:
        return "On" if self.draft.fullscreen else "Off"

    def _ties_text(self) -> str:
        return "All ties" if self.draft.show_all_ties else "Key ties only"

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        box = self.box
        self.dialog_box(surface, box)
        self.text(
            surface, "SETTINGS", (box.x + self.u(36), box.y + self.u(30)), 24, style.GOLD, bold=True
        )
        for label, y, _ in self.rows:
            self.text(
                surface,
                label,
                (box.x + self.u(36), y + self.u(19)),
                15,
                style.INK,
                anchor="midleft",
            )

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.resolution:
                width, height = (int(v) for v in event.text.split("×"))
                self.draft.width, self.draft.height = width, height
            elif event.ui_element is self.scale:
                self.draft.ui_scale = next(v for v in UI_SCALES if _scale_label(v) == event.text)
            elif event.ui_element is self.animation:
                self.draft.animation = next(
                    k for k, v in ANIMATION_LABELS.items() if v == event.text
                )
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.fullscreen:
                self.draft.fullscreen = not self.draft.fullscreen
                self.fullscreen.set_text(self._fullscreen_text())
            elif event.ui_element is self.ties:
                self.draft.show_all_ties = not self.draft.show_all_ties
                self.ties.set_text(self._ties_text())
            elif event.ui_element is self.cancel:
                self.back()
            elif event.ui_element is self.apply:
                self.confirm()
            else:
                return False
            return True
        return False

    def confirm(self) -> None:
        """Apply: the stack is rebuilt at the new size; this dialog closes first."""
        draft = self.draft
        self.app.pop()
        main = self.app.find("main")
        if main is not None:
            main.mapview.show_all_ties = draft.show_all_ties
            main.mapview.dirty = True
        self.app.apply_settings(draft)
