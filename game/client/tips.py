"""Tooltips for things we draw ourselves (numbers in panels, map shapes, chart points).

pygame_gui gives tooltips to its own widgets; this gives the same themed tooltip to any
rectangle a scene registers, so every number on screen can explain itself.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

TipText = str | Callable[[tuple[int, int]], str | None]


class TipZones:
    """Rectangles with tooltip text; shows a tooltip after the mouse rests on one."""

    DELAY = 0.35

    def __init__(self, manager: pygame_gui.UIManager, wrap_width: int = 320) -> None:
        self.manager = manager
        self.wrap_width = wrap_width
        self.zones: list[tuple[pygame.Rect, TipText]] = []
        self._current: int | None = None
        self._text: str | None = None
        self._time = 0.0
        self._tip = None

    def clear(self) -> None:
        self.zones = []
        self._close()
        self._current = None

    def add(self, rect: pygame.Rect, text: TipText) -> None:
        self.zones.append((pygame.Rect(rect), text))

    def _close(self) -> None:
        if self._tip is not None:
            self._tip.kill()
            self._tip = None

    def update(self, dt: float, mouse: tuple[int, int], blocked: bool = False) -> None:
        """Call once a frame; `blocked` when a widget is under the mouse."""
        found = None
        text = None
        if not blocked:
            for k in range(len(self.zones) - 1, -1, -1):
                rect, tip = self.zones[k]
                if rect.collidepoint(mouse):
                    text = tip(mouse) if callable(tip) else tip
                    if text:
                        found = k
                        break
        if found != self._current or text != self._text:
            self._close()
            self._current, self._text, self._time = found, text, 0.0
        if found is None:
            return
        self._time += dt
        if self._tip is None and self._time >= self.DELAY and text:
            self._tip = self.manager.create_tool_tip(
                text=text,
                position=(mouse[0], mouse[1]),
                hover_distance=(0, 14),
                parent_element=None,  # type: ignore[arg-type]
                object_id=None,
                wrap_width=self.wrap_width,
            )

    @property
    def showing(self) -> str | None:
        """The text of the tooltip on screen (tests read it)."""
        return self._text if self._tip is not None else None
