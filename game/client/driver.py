"""Drive the client with real input events: for scripted tests and the benchmark.

Everything goes through pygame's event queue, exactly as a person's clicks and key presses
do, so a scripted flow exercises the same code paths as play.
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.client.app import App

FRAME = 1 / 60


class Driver:
    """Posts mouse and keyboard events to an App and steps its frames."""

    def __init__(self, app: App) -> None:
        self.app = app

    def frames(self, count: int = 1, dt: float = FRAME) -> None:
        for _ in range(count):
            self.app.tick(dt)

    def move(self, pos: tuple[int, int]) -> None:
        pygame.mouse.set_pos(pos)
        pygame.event.post(
            pygame.event.Event(
                pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False
            )
        )
        self.frames(1)

    def click(self, target: pygame_gui.core.UIElement | tuple[int, int]) -> None:
        """Press and release the left button over a widget (or a point)."""
        if isinstance(target, tuple):
            pos = target
        else:
            if not target.visible or not target.is_enabled:
                raise AssertionError(f"cannot click {target!r}: it is hidden or disabled")
            pos = target.rect.center
        self.move(pos)
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False)
        )
        self.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
        self.frames(2)

    def key(self, key: int, unicode: str = "") -> None:
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=unicode, scancode=0)
        )
        pygame.event.post(
            pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode=unicode, scancode=0)
        )
        self.frames(2)

    def settle(self, seconds: float = 1.2) -> None:
        """Let animations run out and queued dialogs open (at most `seconds` of frames)."""
        for _ in range(int(seconds / FRAME) + 1):
            self.frames(1)
            if not any(getattr(scene, "busy", False) for scene in self.app.scenes):
                break
        self.frames(1)

    @property
    def top(self):
        return self.app.top

    def button(self, text: str) -> pygame_gui.elements.UIButton:
        """The visible button of the top scene whose text starts with `text`."""
        scene = self.app.top
        for element in self.app.manager.get_sprite_group().sprites():
            wanted = (
                isinstance(element, pygame_gui.elements.UIButton)
                and element.visible
                and element.text.startswith(text)
            )
            if wanted and scene.root is not None and _inside(element, scene.root):
                return element
        raise LookupError(f"no visible button '{text}' on the {scene.name} screen")


def _inside(element, root) -> bool:
    container = element.ui_container
    while container is not None:
        if container is root:
            return True
        container = getattr(container, "ui_container", None)
        if container is getattr(container, "ui_container", None):
            break
    return False
