"""The event log: the last thirty events, newest first, with who decided what (and which
answers are still yours to give)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.client import style
from game.client.session import Session
from game.client.text import html

if TYPE_CHECKING:
    from game.client.scenes.main_view import MainView

SHOWN = 30  # entries in the log
EMPTY = "Nothing has happened yet. Events and decisions will be listed here."


def log_html(session: Session) -> str:
    """The log as pygame_gui HTML (pure: tests read it without a window)."""
    entries = session.log()
    if not entries:
        return f"<font color='{style.TEXT_DIM}'>{EMPTY}</font>"
    waiting = {p.event.id for p in session.pending()}
    lines = []
    for entry in reversed(entries[-SHOWN:]):
        if entry.decision:
            colour = style.TEXT_ACCENT if entry.by_player else style.TEXT_DIM
            decision = f" — <font color='{colour}'><i>{html(entry.decision)}</i></font>"
        else:
            words = "your decision" if entry.event_id in waiting else "to be decided"
            decision = f" — <font color='{style.TEXT_ACCENT}'><i>{words}</i></font>"
        lines.append(f"<b>{entry.year}</b>  {html(entry.title)}{decision}")
    return "<br>".join(lines)


class EventLog:
    """The log's frame and heading (painted) and its text box (a widget, rebuilt each turn)."""

    def __init__(self, view: MainView) -> None:
        self.view = view

    def build(self, rect: pygame.Rect) -> pygame_gui.elements.UITextBox:
        view = self.view
        inner = rect.inflate(-view.u(16), -view.u(16))
        head = view.u(26)
        return pygame_gui.elements.UITextBox(
            log_html(view.session),
            pygame.Rect(inner.x, inner.y + head, inner.width, inner.height - head),
            view.manager,
            container=view.root,
            object_id="#plain_text",
        )

    def render(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        self.view.panel(surface, rect, "Event log")
