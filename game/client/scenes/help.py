"""The help overlay (F1): keyboard shortcuts (from game.client.intents) and how to read
the map."""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import style
from game.client.intents import help_rows
from game.client.scene import Scene

# The key list comes from the key table itself, so the help says what the keys do.
SHORTCUTS = tuple(help_rows())

READING = (
    "Colours: two camps, each named after the power that leads it — blue the camp of the strongest power at the start "
    "(the United States), red the camp of its strongest rival (the Soviet Union, later Russia or China); grey is "
    "non-aligned. A nation's lean is its relation with each camp's leader and members; it joins a camp at ±20 and leaves "
    "below ±10, so a one-year wobble does not recolour it. The deeper the colour, the firmer the lean.",
    "Lines join capitals: green for friendly, red for hostile, thicker for stronger; a pale casing marks treaty partners, "
    "dashes join capitals at war. Offshore powers stand as badges at the map's edge.",
    "Nations at war: a red front with ticks along their shared border. A ring round a capital marks a nation in a "
    "crisis, gold at the ladder's foot to red near war (two rings at its top); C opens the year's crises.",
    "Where nations stand (bottom left): across, each nation's lean from the red camp (left) to the blue camp (right), "
    "with the camps' bands shaded; up, its relation with you. The trails show where each nation came from.",
    "The timeline (bottom) marks eras and past events; drag it to see the map as it was. Hover over any number to see what "
    "it means and why it changed.",
)


class HelpOverlay(Scene):
    overlay = True
    name = "help"

    def build(self) -> None:
        w, h = self.size
        self.box = pygame.Rect(
            0, 0, min(self.u(980), w - self.u(60)), min(self.u(600), h - self.u(40))
        )
        self.box.center = (w // 2, h // 2)
        self.close_button = self.button(
            pygame.Rect(
                self.box.right - self.u(36) - self.u(140),
                self.box.bottom - self.u(24) - self.u(40),
                self.u(140),
                self.u(40),
            ),
            "Close",
            "Close the help (F1 or Esc).",
            object_id="#primary",
        )
        self.tour_button = self.button(
            pygame.Rect(
                self.box.right - self.u(36) - self.u(140) - self.u(12) - self.u(180),
                self.box.bottom - self.u(24) - self.u(40),
                self.u(180),
                self.u(40),
            ),
            "Take the guided tour",
            "Coach marks over the real screens: the map, an event, an action, a turn.",
        )
        self.encyclopedia_button = self.button(
            pygame.Rect(
                self.box.right - self.u(36) - self.u(140) - 2 * self.u(12) - self.u(360),
                self.box.bottom - self.u(24) - self.u(40),
                self.u(168),
                self.u(40),
            ),
            "Encyclopedia",
            "Every event, treaty and nation of the scenario, searchable (E).",
        )
        if self.app.session is None:
            self.tour_button.disable()
            self.encyclopedia_button.disable()

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        box = self.box
        self.dialog_box(surface, box)
        x = box.x + self.u(36)
        y = box.y + self.u(28)
        self.text(surface, "HOW TO PLAY", (x, y), 24, style.GOLD, bold=True)
        y += self.u(46)
        column = (box.width - 3 * self.u(36)) // 2
        key_w = self.u(150)
        self.text(surface, "KEYS", (x, y), 11, style.GOLD, bold=True)
        ky = y + self.u(22)
        for key, meaning in SHORTCUTS:
            cap = self.fonts.text(key, 12.5, style.BACKDROP, bold=True)
            cap_rect = cap.get_rect(topleft=(x + self.u(6), ky + self.u(2)))
            pygame.draw.rect(
                surface, style.INK, cap_rect.inflate(self.u(10), self.u(4)), border_radius=self.u(4)
            )
            surface.blit(cap, cap_rect)
            bottom = self.paragraph(
                surface,
                meaning,
                pygame.Rect(x + key_w, ky, column - key_w, self.u(60)),
                13,
                style.INK,
            )
            ky = max(ky + self.u(28), bottom + self.u(6))
        rx = x + column + self.u(36)
        self.text(surface, "READING THE MAP", (rx, y), 11, style.GOLD, bold=True)
        ry = y + self.u(22)
        for paragraph in READING:
            ry = self.paragraph(
                surface,
                paragraph,
                pygame.Rect(rx, ry, column, box.bottom - ry - self.u(80)),
                13,
                style.INK,
            ) + self.u(10)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.close_button:
            self.back()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.tour_button:
            self.back()
            self.app.start_tour()
            return True
        if (
            event.type == pygame_gui.UI_BUTTON_PRESSED
            and event.ui_element is self.encyclopedia_button
        ):
            self.app.replace("encyclopedia", scenario=self.app.session.scenario)
            return True
        return False

    def confirm(self) -> None:
        self.back()
