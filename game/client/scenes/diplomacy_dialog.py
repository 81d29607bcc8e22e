"""Diplomatic actions: every option this turn with its cost, chance and expected effects.

Ordered actions are kept by the main view and sent with the turn's orders; nothing
happens until the turn ends, so the player can change their mind freely.
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import diplomacy_bridge, style
from game.client.scene import Scene
from game.client.text import html
from game.client.theme import heading_size


def option_html(
    option: diplomacy_bridge.ActionOption, ordered: bool, scale: float = 1.0, blocked: str = ""
) -> str:
    """The option in full: what it costs first, then its chance, every effect, the
    advisers' verdict with its reason, and why it cannot be ordered now if it cannot."""
    lines = [f"<font pixel_size={heading_size(scale, 16)}><b>{html(option.label)}</b></font>"]
    if option.target:
        lines.append(f"<font color='{style.TEXT_DIM}'>Target: {html(option.target)}</font>")
    if blocked:
        lines += [
            "",
            f"<font color='{style.TEXT_BAD}'><b>Not possible now:</b> {html(blocked)}.</font>",
        ]
    lines.append("")
    lines.append(f"<font color='{style.TEXT_ACCENT}'><b>COST AND ODDS</b></font>")
    if option.cost is not None:
        lines.append(f"• <b>{option.cost:g}</b> diplomatic capital")
    else:
        lines.append("• no capital")
    if option.chance is not None:
        lines.append(f"• chance of success <b>{option.chance:.0%}</b>")
    lines.append("")
    lines.append(f"<font color='{style.TEXT_ACCENT}'><b>EFFECTS</b></font>")
    lines += [f"• {html(effect)}" for effect in option.effects] or ["• no direct effect"]
    if option.advice_note:
        lines += ["", f"<font color='{style.TEXT_DIM}'><i>{html(option.advice_note)}</i></font>"]
    elif option.advice:
        verdict = "recommend it" if option.advice > 0 else "advise against it"
        lines += ["", f"<font color='{style.TEXT_DIM}'><i>Your advisers {verdict}.</i></font>"]
    if ordered:
        lines += [
            "",
            f"<font color='{style.TEXT_GOOD}'><b>Ordered: it happens when you end the turn.</b></font>",
        ]
    return "<br>".join(lines)


class DiplomacyDialog(Scene):
    overlay = True
    name = "diplomacy"

    def __init__(self, app, view) -> None:
        super().__init__(app)
        self.view = view
        session = view.session
        self.options = diplomacy_bridge.options(
            session.state, session.scenario.nation_ids[session.player]
        )
        self.current = 0

    def _titles(self) -> list[str]:
        planned = {o.key for o in self.view.orders.planned}
        out = []
        for option in self.options:
            chance = f"  ({option.chance:.0%})" if option.chance is not None else ""
            if option.key in planned:
                mark = "[ordered]  "
            elif self.view.orders.blocked(option):
                mark = "[not now]  "
            else:
                mark = ""
            out.append(f"{mark}{option.title}{chance}")
        return out

    def build(self) -> None:
        w, h = self.size
        self.box = pygame.Rect(
            0, 0, min(self.u(980), w - self.u(60)), min(self.u(580), h - self.u(40))
        )
        self.box.center = (w // 2, h // 2)
        inner = self.box.inflate(-self.u(64), -self.u(48))
        top = inner.y + self.u(70)
        bottom = inner.bottom - self.u(56)
        left_w = int(inner.width * 0.46)
        titles = self._titles() or ["(no action is possible this turn)"]
        self.listing = pygame_gui.elements.UISelectionList(
            pygame.Rect(inner.x, top, left_w, bottom - top),
            titles,
            self.manager,
            container=self.root,
            default_selection=titles[self.current] if self.options else None,
        )
        self.details = pygame_gui.elements.UITextBox(
            self._details_html(),
            pygame.Rect(
                inner.x + left_w + self.u(20), top, inner.width - left_w - self.u(20), bottom - top
            ),
            self.manager,
            container=self.root,
        )
        y = inner.bottom - self.u(42)
        self.toggle = self.button(
            pygame.Rect(inner.x + left_w + self.u(20), y, self.u(200), self.u(42)),
            self._toggle_text(),
            "Add this action to the turn's orders, or take it back.",
        )
        self.done = self.button(
            pygame.Rect(inner.right - self.u(150), y, self.u(150), self.u(42)),
            "Done",
            "Back to the map (Enter or Esc).",
            object_id="#primary",
        )
        self._sync_toggle()

    def _sync_toggle(self) -> None:
        """The order button says what it will do, and is off when the rules forbid it."""
        self.toggle.set_text(self._toggle_text())
        if self.options and not self.view.orders.blocked(self.options[self.current]):
            self.toggle.enable()
        else:
            self.toggle.disable()

    def _details_html(self) -> str:
        if not self.options:
            return f"<font color='{style.TEXT_DIM}'>No diplomatic action is open to you this turn: your capital may be spent, or no target is in reach.</font>"
        option = self.options[self.current]
        return option_html(
            option,
            option.key in {o.key for o in self.view.orders.planned},
            self.app.scale,
            self.view.orders.blocked(option),
        )

    def _toggle_text(self) -> str:
        if not self.options:
            return "Order"
        return (
            "Cancel the order"
            if self.options[self.current].key in {o.key for o in self.view.orders.planned}
            else "Order this action"
        )

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        box = self.box
        self.dialog_box(surface, box)
        x, y = box.x + self.u(32), box.y + self.u(24)
        self.text(surface, "DIPLOMACY", (x, y), 24, style.GOLD, bold=True)
        self.text(surface, self.view.orders.status(), (x, y + self.u(38)), 13, style.INK_DIM)

    def _refresh(self) -> None:
        titles = self._titles()
        if titles:
            self.listing.set_item_list(titles)
            self.listing.get_single_selection()
        self.details.set_text(self._details_html())
        self._sync_toggle()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION
            and event.ui_element is self.listing
        ):
            titles = self._titles()
            if event.text in titles:
                self.current = titles.index(event.text)
                self.details.set_text(self._details_html())
                self._sync_toggle()
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.toggle and self.options:
                self.view.toggle_action(self.options[self.current])
                self._refresh()
                return True
            if event.ui_element is self.done:
                self.back()
                return True
        return False

    def confirm(self) -> None:
        self.back()
