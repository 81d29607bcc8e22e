"""The title menu: continue, new campaign, load, settings, help, quit — over a quiet map."""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import style
from game.client.alignment import anchor_index
from game.client.catalogue import preload, preloaded_default
from game.client.mapmodel import build_frame
from game.client.mapview import MapView
from game.client.scene import Scene
from game.construction import initial_state


class TitleScene(Scene):
    name = "title"

    def __init__(self, app, over_game: bool = False) -> None:
        super().__init__(app)
        self.over_game = over_game
        self._background: pygame.Surface | None = None
        self._background_size: tuple[int, int] | None = None
        self._final = False
        self._waited = 0
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}

    @property
    def needs_redraw(self) -> bool:
        return not self._final and self._waited % 8 == 7

    def _retry(self) -> bool:
        """Look again for the loaded scenarios every few frames (cheap, never blocks). The
        loading starts after the first frame, so it does not delay it."""
        preload(self.app.scenario_folders)
        self._waited += 1
        return self._waited % 8 == 0

    def build(self) -> None:
        w, h = self.size
        x = self.u(96)
        y = int(h * 0.42)
        width, height, gap = self.u(300), self.u(46), self.u(12)
        entries = []
        if self.over_game and self.app.session is not None:
            entries.append(("continue", "Continue campaign", "Back to your campaign."))
        entries += [
            ("new", "New campaign", "Choose a scenario and the nation you will lead."),
            ("load", "Load game", "Open a saved campaign."),
            ("settings", "Settings", "Window size, fullscreen, UI scale and animation speed."),
            ("help", "How to play", "Keys, the map, and how drift works (F1 anywhere)."),
            ("quit", "Quit", "Close the game."),
        ]
        self.buttons = {}
        for key, text, tip in entries:
            button = self.button(
                pygame.Rect(x, y, width, height),
                text,
                tip,
                object_id="#primary"
                if key in ("continue",) or (key == "new" and self.app.session is None)
                else "#menu_button",
            )
            self.buttons[key] = button
            y += height + gap

    def _render_background(self) -> tuple[pygame.Surface, bool]:
        """The region map in its current (or first) alignment, darkened behind the menu,
        and whether it is final: until the scenarios have loaded in the background, the
        menu stands on a plain backdrop (the first frame must not wait for them)."""
        surface = pygame.Surface(self.size)
        surface.fill(style.BACKDROP)
        complete = True
        try:
            session = self.app.session
            if session is not None:
                scenario, state, anchor = session.scenario, session.state, session.anchor
            else:
                scenario = preloaded_default()
                if scenario is None:
                    raise LookupError("the scenarios are still loading")
                state = initial_state(scenario)
                anchor = anchor_index(state)
            view = MapView(self.app.map_for(scenario), scenario, self.fonts)
            view.show_ties = False
            view.resize(self.size)
            view.home([pygame.Rect(0, 0, int(self.size[0] * 0.42), self.size[1])])  # the menu
            view.show(build_frame(state, view.shapes, anchor, style.FOREIGN_LAND))
            surface.blit(view.compose(), (0, 0))
        except LookupError:
            complete = False
        except Exception:  # the title must open even without a usable scenario or map
            pass
        shade = pygame.Surface(self.size, pygame.SRCALPHA)
        w, h = self.size
        for x in range(0, w, 4):
            alpha = int(245 - 125 * min(1.0, x / (w * 0.7)))
            pygame.draw.rect(shade, (10, 12, 17, alpha), pygame.Rect(x, 0, 4, h))
        surface.blit(shade, (0, 0))
        return surface, complete

    def draw(self, surface: pygame.Surface) -> None:
        stale = self._background is None or self._background_size != self.size
        if stale or (not self._final and self._retry()):
            self._background, self._final = self._render_background()
            self._background_size = self.size
        surface.blit(self._background, (0, 0))
        x = self.u(96)
        h = self.size[1]
        title = self.fonts.text("ALLIANCE DRIFT", 54, style.GOLD, bold=True)
        surface.blit(title, (x - self.u(3), int(h * 0.15)))
        sub = self.fonts.text(
            "Pakistan, Russia and the alliances of Asia, 1947 to the 2030s", 17, style.INK
        )
        surface.blit(sub, (x, int(h * 0.15) + title.get_height() + self.u(4)))
        pygame.draw.line(
            surface,
            style.GOLD,
            (x, int(h * 0.15) + title.get_height() + sub.get_height() + self.u(16)),
            (x + self.u(120), int(h * 0.15) + title.get_height() + sub.get_height() + self.u(16)),
            max(2, self.u(2)),
        )
        credit = self.fonts.text(
            "Borders: Natural Earth (public domain). Press F1 for help at any time.",
            11,
            style.INK_FAINT,
        )
        surface.blit(credit, (x, h - self.u(34)))

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        key = next((k for k, b in self.buttons.items() if b is event.ui_element), None)
        if key is None:
            return False
        if key == "continue":
            self.back()
        elif key == "new":
            self.app.push("new_campaign")
        elif key == "load":
            self.app.push("load")
        elif key == "settings":
            self.app.push("settings")
        elif key == "help":
            self.app.push("help")
        elif key == "quit":
            self.app.running = False
        return True

    def back(self) -> None:
        """Esc returns to the campaign when the menu was opened from it."""
        scenes = self.app.scenes
        if len(scenes) > 1 and scenes[-1] is self and scenes[-2].name == "main":
            self.app.pop()

    def confirm(self) -> None:
        if "continue" in self.buttons:
            self.back()
