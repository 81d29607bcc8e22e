"""Save and load screens, through `saves_bridge` (the `game.saves` package)."""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import saves_bridge, style
from game.client.scene import Scene
from game.client.session import Session


class _SaveListScene(Scene):
    overlay = True
    heading = ""
    action = ""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.slots: list[saves_bridge.SaveSlot] = []
        self.message: str | None = None
        self.selected: saves_bridge.SaveSlot | None = None

    def _box(self) -> pygame.Rect:
        w, h = self.size
        box = pygame.Rect(0, 0, min(self.u(680), w - self.u(80)), min(self.u(560), h - self.u(60)))
        box.center = (w // 2, h // 2)
        return box

    def _refresh(self) -> None:
        try:
            self.slots = saves_bridge.slots()
            self.message = None if self.slots else "No saved games yet."
        except saves_bridge.SaveUnavailable as error:
            self.slots = []
            self.message = str(error)

    def _slot_labels(self) -> list[str]:
        return [
            f"{slot.title}   —   {slot.detail}" if slot.detail else slot.title
            for slot in self.slots
        ]

    def _build_list(self, top: int, bottom: int) -> None:
        box = self.box
        self.listing = pygame_gui.elements.UISelectionList(
            pygame.Rect(box.x + self.u(32), top, box.width - 2 * self.u(32), bottom - top),
            self._slot_labels(),
            self.manager,
            container=self.root,
        )

    def _buttons(self) -> None:
        box = self.box
        y = box.bottom - self.u(24) - self.u(42)
        self.cancel = self.button(
            pygame.Rect(box.x + self.u(32), y, self.u(130), self.u(42)), "Cancel", "Close (Esc)."
        )
        self.go = self.button(
            pygame.Rect(box.right - self.u(32) - self.u(170), y, self.u(170), self.u(42)),
            self.action,
            object_id="#primary",
        )

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        box = self.box
        self.dialog_box(surface, box)
        self.text(
            surface,
            self.heading.upper(),
            (box.x + self.u(32), box.y + self.u(26)),
            24,
            style.GOLD,
            bold=True,
        )
        if self.message:
            rect = pygame.Rect(
                box.x + self.u(32), box.bottom - self.u(120), box.width - 2 * self.u(32), self.u(50)
            )
            self.paragraph(surface, self.message, rect, 13, style.INK_DIM)

    def _picked(self, event: pygame.event.Event, kind: int) -> bool:
        """Whether `event` is a `kind` of selection event from the list of saves."""
        return event.type == kind and event.ui_element is self.listing

    def _pressed(self, event: pygame.event.Event) -> bool:
        """Cancel and the action button, alike on both screens: back, or `confirm`."""
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        if event.ui_element is self.cancel:
            self.back()
            return True
        if event.ui_element is self.go:
            self.confirm()
            return True
        return False

    def _selected_slot(self) -> saves_bridge.SaveSlot | None:
        label = self.listing.get_single_selection()
        labels = self._slot_labels()
        return self.slots[labels.index(label)] if label in labels else None


class SaveScene(_SaveListScene):
    name = "save"
    heading = "Save campaign"
    action = "Save"

    def __init__(self, app, session: Session) -> None:
        super().__init__(app)
        self.session = session

    def build(self) -> None:
        self.box = self._box()
        self._refresh()
        box = self.box
        scenario = self.session.scenario
        player = (
            scenario.nations[self.session.player].name if self.session.player >= 0 else "observer"
        )
        default = f"{player} {self.session.year_of(self.session.last)}"
        self.name_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(
                box.x + self.u(32), box.y + self.u(96), box.width - 2 * self.u(32), self.u(40)
            ),
            self.manager,
            container=self.root,
            initial_text=default,
        )
        self.name_entry.set_tooltip("The save's name; letters, digits, spaces, - and _.")
        self._build_list(box.y + self.u(172), box.bottom - self.u(130))
        self._buttons()

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        box = self.box
        self.text(
            surface, "NAME", (box.x + self.u(32), box.y + self.u(74)), 11, style.GOLD, bold=True
        )
        self.text(
            surface,
            "EXISTING SAVES (PICK ONE TO OVERWRITE IT)",
            (box.x + self.u(32), box.y + self.u(150)),
            11,
            style.GOLD,
            bold=True,
        )

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self._picked(event, pygame_gui.UI_SELECTION_LIST_NEW_SELECTION):
            slot = self._selected_slot()
            if slot is not None:
                self.name_entry.set_text(slot.title)
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.name_entry:
            self.confirm()
            return True
        return self._pressed(event)

    def confirm(self) -> None:
        try:
            path = saves_bridge.save(self.session, self.name_entry.get_text())
        except saves_bridge.SaveUnavailable as error:
            self.message = str(error)
            return
        self.app.pop()
        self.app.toast(f"Saved to {path.name}")


class LoadScene(_SaveListScene):
    name = "load"
    heading = "Load campaign"
    action = "Load"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.changed_rules: object = None

    def build(self) -> None:
        self.box = self._box()
        self._refresh()
        box = self.box
        self._build_list(box.y + self.u(84), box.bottom - self.u(130))
        self._buttons()
        if self.slots:
            self.go.enable()
        else:
            self.go.disable()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self._picked(event, pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION):
            self.confirm()
            return True
        if self._picked(event, pygame_gui.UI_SELECTION_LIST_NEW_SELECTION):
            slot = self._selected_slot()
            self.message = slot.problem if slot is not None and slot.problem else None
            if self.changed_rules is not None and (slot is None or slot.path != self.changed_rules):
                self.changed_rules = None
                self.go.set_text(self.action)
            return True
        return self._pressed(event)

    def confirm(self) -> None:
        slot = self._selected_slot() or (self.slots[0] if len(self.slots) == 1 else None)
        if slot is None:
            self.message = "Pick a save in the list first."
            return
        use_saved_rules = self.changed_rules == slot.path
        try:
            session = saves_bridge.load(slot.path, use_saved_rules=use_saved_rules)
        except saves_bridge.RulesChanged as question:
            self.changed_rules = slot.path
            self.message = (
                f"{question} Press Load again to continue with the save's copy of the rules."
            )
            self.go.set_text("Load anyway")
            return
        except saves_bridge.SaveUnavailable as error:
            self.message = str(error)
            return
        self.app.start_session(session)
        notes = saves_bridge.load_notes(session)
        self.app.toast(
            f"Loaded {slot.title} ({session.year_of(session.last)})"
            + (f" — {notes[0]}" if notes else "")
        )
