"""The encyclopedia screen: a search box, the matching entries, and the chosen entry's
text, dates and sources. Opened with E on the map, from the help, or from an event dialog
(then on that event)."""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import style
from game.client.encyclopedia import Entry, entries, search
from game.client.scene import Scene
from game.scenario import Scenario


class EncyclopediaScene(Scene):
    overlay = True
    name = "encyclopedia"

    def __init__(self, app, scenario: Scenario, focus: str | None = None) -> None:
        super().__init__(app)
        self.all = entries(scenario)
        self.query = ""
        self.shown: list[Entry] = list(self.all)
        self.current: Entry | None = next((e for e in self.all if e.id == focus), None)
        if self.current is None and self.all:
            self.current = self.all[0]

    def build(self) -> None:
        w, h = self.size
        self.box = pygame.Rect(
            0, 0, min(self.u(1100), w - self.u(40)), min(self.u(660), h - self.u(30))
        )
        self.box.center = (w // 2, h // 2)
        inner = self.box.inflate(-self.u(48), -self.u(40))
        top = inner.y + self.u(50)
        left_w = int(inner.width * 0.42)
        self.search_box = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(inner.x, top, left_w, self.u(36)),
            self.manager,
            container=self.root,
            placeholder_text="Search: a name, a year, a word…",
        )
        self.search_box.set_text(self.query)
        list_top = top + self.u(46)
        bottom = inner.bottom - self.u(54)
        self.listing = pygame_gui.elements.UISelectionList(
            pygame.Rect(inner.x, list_top, left_w, bottom - list_top),
            [e.label for e in self.shown] or ["(nothing matches)"],
            self.manager,
            container=self.root,
            default_selection=self.current.label if self.current in self.shown else None,
        )
        self.body = pygame_gui.elements.UITextBox(
            self._body(),
            pygame.Rect(
                inner.x + left_w + self.u(16), top, inner.width - left_w - self.u(16), bottom - top
            ),
            self.manager,
            container=self.root,
        )
        self.close_button = self.button(
            pygame.Rect(
                inner.right - self.u(140), inner.bottom - self.u(42), self.u(140), self.u(42)
            ),
            "Close",
            "Back (Esc).",
            object_id="#primary",
        )
        self.search_box.focus()
        self._scroll_to_current()

    def _scroll_to_current(self) -> None:
        """Bring the entry shown into view in the list (opened on an event far down)."""
        bar = getattr(self.listing, "scroll_bar", None)
        if bar is None or self.current not in self.shown:
            return
        k = self.shown.index(self.current)
        bar.set_scroll_from_start_percentage(max(0.0, (k - 2) / max(1, len(self.shown))))

    def _body(self) -> str:
        if self.current is None:
            return f"<font color='{style.TEXT_DIM}'>Nothing to show.</font>"
        entry = self.current
        when = f" · {entry.when}" if entry.when else ""
        head = f"<font color='{style.TEXT_DIM}'>{entry.label.split(' · ')[0]}{when}</font><br>"
        return head + entry.body

    def set_query(self, query: str) -> None:
        """Filter the list; the first match becomes the entry shown."""
        self.query = query
        self.shown = search(self.all, query)
        if self.shown and self.current not in self.shown:
            self.current = self.shown[0]
        self.listing.set_item_list([e.label for e in self.shown] or ["(nothing matches)"])
        self.body.set_text(self._body())

    def show_entry(self, entry: Entry) -> None:
        self.current = entry
        self.body.set_text(self._body())

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.dialog_box(surface, self.box)
        x, y = self.box.x + self.u(24), self.box.y + self.u(20)
        self.text(surface, "ENCYCLOPEDIA", (x, y), 22, style.GOLD, bold=True)
        count = f"{len(self.shown)} of {len(self.all)} entries"
        self.text(
            surface,
            count,
            (self.box.right - self.u(24), y + self.u(8)),
            12,
            style.INK_DIM,
            anchor="topright",
        )

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.search_box:
            self.set_query(self.search_box.get_text())
            return True
        if (
            event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION
            and event.ui_element is self.listing
        ):
            match = next((e for e in self.shown if e.label == event.text), None)
            if match is not None:
                self.show_entry(match)
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.close_button:
            self.back()
            return True
        return False

    def confirm(self) -> None:
        if self.shown:
            self.show_entry(self.shown[0])
