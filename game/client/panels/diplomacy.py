"""The diplomacy panel of the main view: capital left, actions ordered, and the button
that opens the action dialog (or, when no nation is led, the actions the nations took)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.client import diplomacy_bridge, style, tooltips
from game.client.session import Session
from game.client.text import html
from game.crises.view import CrisisView

if TYPE_CHECKING:
    from game.client.scenes.main_view import MainView


def observed_html(session: Session) -> str:
    """The panel of an observed campaign: no nation is led, so each nation's AI orders
    its own actions; the last turn's actions, as the log names them."""
    report = session.reports[-1] if session.reports else None
    lines = diplomacy_bridge.turn_lines(session.state, report) if report is not None else []
    head = f"<font color='{style.TEXT_DIM}'>{diplomacy_bridge.OBSERVED}</font>"
    if report is None:
        return head
    if not lines:
        return (
            head + f"<br><font color='{style.TEXT_DIM}'>No nation took an action last turn.</font>"
        )
    year = session.year_of(session.last - 1)
    shown = [html(text) for text, _ in lines[:8]]
    if len(lines) > 8:
        shown.append(f"<i>…and {len(lines) - 8} more (in the turn summary)</i>")
    return head + f"<br><b>Actions in {year}</b><br>" + "<br>".join(shown)


def crisis_moves_line(moves: dict[str, str], crises: list[CrisisView]) -> str:
    """'In crisis: Kargil — Hold firm' for the moves chosen so far this turn ('' for none)."""
    parts = []
    for view in crises:
        chosen = moves.get(view.crisis_id)
        label = next((m.label for m in view.moves if m.move == chosen), chosen)
        if chosen:
            parts.append(f"{view.title} — {label}")
    return ("In crisis: " + "; ".join(parts)) if parts else ""


class DiplomacyPanel:
    def __init__(self, view: MainView) -> None:
        self.view = view

    def build(self, rect: pygame.Rect) -> dict[str, pygame_gui.core.UIElement]:
        view = self.view
        inner = rect.inflate(-view.u(28), -view.u(24))
        top = inner.y + view.u(28)
        if view.session.player < 0:
            return {
                "diplo_text": pygame_gui.elements.UITextBox(
                    observed_html(view.session),
                    pygame.Rect(inner.x, top, inner.width, inner.bottom - top),
                    view.manager,
                    container=view.root,
                    object_id="#plain_text",
                )
            }
        button_h = view.u(34)
        button = pygame_gui.elements.UIButton(
            pygame.Rect(inner.x, inner.bottom - button_h, inner.width, button_h),
            "Choose actions…",
            view.manager,
            container=view.root,
            tool_tip_text="Every diplomatic action open to you this turn, with cost, chance and expected effects (D).",
        )
        if view.session.done:
            button.disable()
        return {"diplo_open": button}

    def render(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        view = self.view
        diplo = view.panel(surface, rect, "Diplomacy")
        if view.session.player < 0:
            return
        status = view.text(
            surface, view.orders.status(), (diplo.x, diplo.y - view.u(2)), 12, style.INK_DIM
        )
        view.tips.add(status, tooltips.CAPITAL)
        y = status.bottom + view.u(4)
        planned = view.orders.planned
        moves = crisis_moves_line(view.orders.crisis_moves, view.session.crises())
        button = view.widgets.get("diplo_open")
        bottom = button.rect.top if button is not None else diplo.bottom
        room = y + view.u(20) + view.fonts.font(12.5).get_linesize() <= bottom
        if planned:
            titles = ", ".join(option.title for option in planned)
            words = f"Ordered: {titles}" + (f" · {moves}" if moves and not room else "")
            line = view.fonts.wrap(words, 12.5, diplo.width)[0]
            if len(line) < len(words):
                line = line.rstrip(",. ") + " …"
            ordered = view.text(surface, line, (diplo.x, y), 12.5, style.GOLD)
            view.tips.add(ordered, tooltips.ordered_tip([o.title for o in planned]))
        elif not moves or room:
            view.text(surface, "No action ordered this turn.", (diplo.x, y), 12.5, style.INK_FAINT)
        if moves and (room or not planned):
            # The moves chosen in crises: under the actions, or in their place when the
            # panel is short and no action is ordered.
            line = view.fonts.fitted(moves, 12.5, diplo.width, style.GOLD)
            if line is not None:
                surface.blit(line, (diplo.x, y + view.u(20) if room else y))
