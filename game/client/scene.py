"""Scenes: one screen each (title, new campaign, main view, dialogs), kept on a stack.

A scene owns a root container for its pygame_gui widgets and draws its own background.
Overlay scenes (dialogs, help) draw a dimmed picture of the screen below them, so the
widgets of the covered scene are hidden instead of showing through the dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.client import style
from game.client.tips import TipZones

if TYPE_CHECKING:
    from game.client.app import App


class Scene:
    """Base class: build widgets, handle input, update, draw."""

    overlay = False  # draws over a dimmed picture of the scene below
    name = "scene"

    def __init__(self, app: App) -> None:
        self.app = app
        self.root: pygame_gui.core.UIContainer | None = None
        self.tips: TipZones | None = None
        self.backdrop: pygame.Surface | None = None  # overlays: the screen below, dimmed

    # --- helpers --------------------------------------------------------------------

    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.manager

    @property
    def fonts(self) -> style.Fonts:
        return self.app.fonts

    @property
    def size(self) -> tuple[int, int]:
        return self.app.size

    def u(self, value: float) -> int:
        """A length at scale 1 in pixels at the current UI scale."""
        return int(round(value * self.app.scale))

    def button(
        self, rect: pygame.Rect, text: str, tip: str | None = None, object_id: str | None = None
    ) -> pygame_gui.elements.UIButton:
        """A button in this scene's root container, with its tooltip; `object_id` picks a
        theme style such as "#primary". Scenes make most of their buttons this one way."""
        return pygame_gui.elements.UIButton(
            rect, text, self.manager, container=self.root, tool_tip_text=tip, object_id=object_id
        )

    # --- life cycle -----------------------------------------------------------------

    def open(self) -> None:
        """Create the widgets (again, after a resize or a change of UI scale)."""
        self.root = pygame_gui.core.UIContainer(
            pygame.Rect((0, 0), self.size), self.manager, starting_height=1
        )
        self.tips = TipZones(self.manager, wrap_width=self.u(320))
        self.build()

    def close(self) -> None:
        if self.tips is not None:
            self.tips.clear()
        if self.root is not None:
            self.root.kill()
            self.root = None

    def hide(self) -> None:
        if self.tips is not None:
            self.tips.clear()
        if self.root is not None:
            self.root.hide()

    def show(self) -> None:
        if self.root is not None:
            self.root.show()
            self.refresh()

    def refresh(self) -> None:
        """After the scene is uncovered: re-hide widgets that showing the root revealed."""

    def build(self) -> None:
        """Create this scene's widgets inside self.root."""

    # --- input and frames -----------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Handle an input or UI event; True when it was used."""
        return False

    def back(self) -> None:
        """Esc: leave this scene."""
        self.app.pop()

    def confirm(self) -> None:
        """Enter: the scene's main action."""

    def update(self, dt: float) -> None:
        if self.tips is not None:
            mouse = pygame.mouse.get_pos()
            self.tips.update(dt, mouse, blocked=self._over_widget(mouse))

    @property
    def needs_redraw(self) -> bool:
        """True when the scene's own drawing changed without input (animations)."""
        return False

    def _over_widget(self, mouse: tuple[int, int]) -> bool:
        """True when a real widget (not a container or a tooltip) is under the mouse: its
        own tooltip speaks for it, so ours stays away."""
        for sprite in self.manager.get_sprite_group().sprites():
            if isinstance(sprite, pygame_gui.core.UIContainer | pygame_gui.elements.UITooltip):
                continue
            if getattr(sprite, "visible", True) and sprite.rect.collidepoint(mouse):
                return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        if self.overlay and self.backdrop is not None:
            surface.blit(self.backdrop, (0, 0))
        else:
            surface.fill(style.BACKDROP)

    # --- drawing helpers ------------------------------------------------------------

    def panel(
        self, surface: pygame.Surface, rect: pygame.Rect, title: str | None = None, fill=style.PANEL
    ) -> pygame.Rect:
        """A rounded panel with an optional heading; returns the content rectangle."""
        radius = self.u(8)
        shadow = rect.move(0, self.u(3))
        pygame.draw.rect(surface, style.SHADOW, shadow, border_radius=radius)
        pygame.draw.rect(surface, fill, rect, border_radius=radius)
        pygame.draw.rect(surface, style.PANEL_EDGE, rect, width=1, border_radius=radius)
        inner = rect.inflate(-self.u(28), -self.u(24))
        if title:
            text = self.fonts.text(title.upper(), 12, style.GOLD, bold=True)
            surface.blit(text, (inner.x, inner.y))
            y = inner.y + text.get_height() + self.u(6)
            pygame.draw.line(surface, style.PANEL_EDGE, (inner.x, y), (inner.right, y))
            inner = pygame.Rect(inner.x, y + self.u(10), inner.width, inner.bottom - y - self.u(10))
        return inner

    def dialog_box(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        """The frame every dialog stands in: a drop shadow, the panel, a gold edge."""
        radius = self.u(10)
        pygame.draw.rect(surface, style.DIALOG_SHADOW, box.move(0, self.u(6)), border_radius=radius)
        pygame.draw.rect(surface, style.PANEL, box, border_radius=radius)
        pygame.draw.rect(surface, style.GOLD, box, width=1, border_radius=radius)

    def focus_ring(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The gold ring round the choice the keyboard has picked (arrows, then Enter)."""
        pygame.draw.rect(
            surface,
            style.GOLD,
            rect.inflate(self.u(6), self.u(6)),
            width=max(1, self.u(2)),
            border_radius=self.u(7),
        )

    def text(
        self,
        surface: pygame.Surface,
        text: str,
        pos: tuple[int, int],
        size: float = 14,
        colour=style.INK,
        bold: bool = False,
        anchor: str = "topleft",
    ) -> pygame.Rect:
        image = self.fonts.text(text, size, colour, bold)
        rect = image.get_rect(**{anchor: pos})
        surface.blit(image, rect)
        return rect

    def paragraph(
        self,
        surface: pygame.Surface,
        text: str,
        rect: pygame.Rect,
        size: float = 14,
        colour=style.INK,
        bold: bool = False,
        spacing: float = 1.3,
    ) -> int:
        """Wrapped text inside rect; returns the y just below the last line."""
        line_height = int(self.fonts.font(size, bold).get_linesize() * spacing)
        y = rect.y
        for line in self.fonts.wrap(text, size, rect.width, bold):
            if y + line_height > rect.bottom + line_height // 3:
                break
            surface.blit(self.fonts.text(line, size, colour, bold), (rect.x, y))
            y += line_height
        return y
