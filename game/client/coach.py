"""The guided first game: coach marks over the real interface for the first turns.

Each mark points at one part of the screen the player is looking at (the map, the inset,
the nation panel, the turn summary, an event, the diplomacy panel, the goals) and says what
it is for. Marks that ask for an action (end the turn, answer the event, order an action)
move on by themselves once the player has done it; every mark has a Next button. The tour
can be skipped at any time, and once finished or skipped it is remembered in the settings.
Nothing here blocks the game: clicks outside the mark's own buttons go to the interface.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.client import style

Target = Callable[[object], pygame.Rect | None]


@dataclass(frozen=True)
class Step:
    scene: str  # the screen the mark belongs to ("main", "event", "summary", "diplomacy")
    target: Target  # the part of the screen it points at (given the top scene)
    title: str
    text: str
    done_when: Callable[[object], bool] | None = None  # moves on by itself when true


def _view_rect(name: str) -> Target:
    return lambda scene: getattr(scene, "rects", {}).get(name)


def _widget(name: str) -> Target:
    def find(scene) -> pygame.Rect | None:
        widget = getattr(scene, "widgets", {}).get(name)
        return widget.rect if widget is not None else None

    return find


def _box(scene) -> pygame.Rect | None:
    return getattr(scene, "box", None)


def _inset(scene) -> pygame.Rect | None:
    return scene.map_area.inset_rect() if scene.name == "main" else None


def _top(name: str) -> Callable[[object], bool]:
    return lambda app: app.top is not None and app.top.name == name


def _answered(app) -> bool:
    """The event dialog closed with every waiting event answered."""
    top = app.top
    if top is None or top.name != "main":
        return False
    return not top.orders.unanswered()


STEPS: tuple[Step, ...] = (
    Step(
        "main",
        _view_rect("map"),
        "Read the map",
        "Every country is coloured by the camp it stands in: blue the camp led by the United "
        "States, red the camp of its rival, grey the non-aligned. Lines join capitals: green "
        "friendly, red hostile, cased for treaty partners. Click a country to select it.",
    ),
    Step(
        "main",
        _inset,
        "Where nations stand",
        "Across: each nation's lean from the red camp to the blue. Up: its relation with you. "
        "Trails show where it came from; the shaded bands are the camps.",
    ),
    Step(
        "main",
        _view_rect("nation"),
        "Your nation",
        "Where you stand, your numbers and every relation, friendliest first. Hover over any "
        "number to see what it means and why it changed.",
    ),
    Step(
        "main",
        _widget("end_turn"),
        "End the turn",
        "A turn is a year. Press End turn (or Enter) to play 1947: the world moves, and "
        "events arrive for you to answer.",
        _top("summary"),
    ),
    Step(
        "summary",
        _box,
        "Read the summary",
        "What the year brought and why the map changed: your orders, the world's events, "
        "who changed camp and the relations that moved most, with their causes. Continue "
        "when you are done.",
        lambda app: not _top("summary")(app),
    ),
    Step(
        "event",
        _box,
        "Answer an event",
        "Each option lists every effect, your losses first. 'History's choice' marks what "
        "really happened. Press an option's number, or click it.",
        _answered,
    ),
    Step(
        "main",
        _view_rect("diplomacy"),
        "Order an action",
        "Diplomacy costs capital, which comes back each turn. Open Choose actions (or press "
        "D) to see every action open to you, with its cost, chance and effects.",
        _top("diplomacy"),
    ),
    Step(
        "diplomacy",
        lambda scene: scene.listing.rect if hasattr(scene, "listing") else None,
        "Choose an action",
        "Actions the rules forbid this turn are marked 'not now' and say why; your advisers "
        "give their reason. Order one if you like, then press Done.",
        _top("main"),
    ),
    Step(
        "main",
        _widget("goals"),
        "Your goals",
        "Your objectives, whether each holds now, and the score if the game ended today. "
        "M switches the map mode (relations, GDP, military, stability); F1 lists every key. "
        "The rest is yours: good luck.",
    ),
)


class Coach:
    """Runs the tour over whatever screen is on top; `on_finish` remembers it is done."""

    def __init__(self, app, on_finish: Callable[[], None], steps: tuple[Step, ...] = STEPS):
        self.app = app
        self.steps = steps
        self.index = 0
        self.active = True
        self.on_finish = on_finish
        self.next_rect = pygame.Rect(0, 0, 0, 0)
        self.skip_rect = pygame.Rect(0, 0, 0, 0)
        self.box = pygame.Rect(0, 0, 0, 0)  # the mark's text box on screen (tests read it)
        self.target_rect: pygame.Rect | None = None  # what it points at
        self._seen = False  # the current mark has been on screen

    @property
    def step(self) -> Step | None:
        return self.steps[self.index] if self.active and self.index < len(self.steps) else None

    def showing(self) -> bool:
        """A mark is on screen: the tour is on and its screen is on top."""
        step = self.step
        return step is not None and self.app.top is not None and self.app.top.name == step.scene

    def advance(self) -> None:
        self._seen = False
        self.index += 1
        if self.index >= len(self.steps):
            self.finish()

    def finish(self) -> None:
        """End the tour (done or skipped) and remember it."""
        if self.active:
            self.active = False
            self.on_finish()

    def update(self) -> None:
        """Move on once the player did what the mark asks, counting only after the mark
        was on screen (a mark for the summary waits for a summary to show)."""
        step = self.step
        if step is None:
            return
        self._seen = self._seen or self.showing()
        if step.done_when is not None and self._seen and step.done_when(self.app):
            self.advance()

    def handle(self, event: pygame.event.Event) -> bool:
        """Clicks on the mark's own buttons; everything else goes on to the game."""
        if not self.showing() or event.type != pygame.MOUSEBUTTONDOWN or event.button != 1:
            return False
        if self.skip_rect.collidepoint(event.pos):
            self.finish()
            return True
        if self.next_rect.collidepoint(event.pos):
            self.advance()
            return True
        return bool(self.box.collidepoint(event.pos))

    def draw(self, surface: pygame.Surface) -> None:
        if not self.showing():
            return
        step = self.step
        fonts = self.app.fonts
        scale = self.app.scale
        screen = surface.get_rect()
        target = step.target(self.app.top)
        target = pygame.Rect(target).clip(screen) if target is not None else None
        shade = pygame.Surface(screen.size, pygame.SRCALPHA)
        shade.fill((*style.DIALOG_SHADOW, 120))
        if target is not None:
            shade.fill((0, 0, 0, 0), target.inflate(8, 8))
        surface.blit(shade, (0, 0))
        if target is not None:
            pygame.draw.rect(
                surface,
                style.GOLD,
                target.inflate(8, 8),
                width=max(2, int(2 * scale)),
                border_radius=int(6 * scale),
            )
        pad = int(14 * scale)
        line_h = int(fonts.font(13).get_linesize() * 1.2)
        # The widest box that fits beside the target without covering it (narrower boxes
        # for big targets such as a dialog); over it only when nothing fits.
        for width in (int(w * scale) for w in (360, 300, 250, 210)):
            lines = fonts.wrap(step.text, 13, width - 2 * pad)
            height = pad * 2 + int(26 * scale) + len(lines) * line_h + int(44 * scale)
            spot = _beside(target, (width, height), screen, int(14 * scale))
            if spot is not None:
                break
        box = pygame.Rect(0, 0, width, height)
        if spot is None:
            box.midbottom = (screen.centerx, screen.bottom - int(8 * scale))
        else:
            box.topleft = spot
        self.box = box
        self.target_rect = target
        pygame.draw.rect(surface, style.PANEL, box, border_radius=int(8 * scale))
        pygame.draw.rect(surface, style.GOLD, box, width=1, border_radius=int(8 * scale))
        count = fonts.text(f"{self.index + 1} of {len(self.steps)}", 11, style.INK_DIM)
        surface.blit(count, count.get_rect(topright=(box.right - pad, box.y + pad)))
        room = box.width - 2 * pad - count.get_width() - int(10 * scale)
        title = fonts.fitted(step.title, 16, room, style.GOLD, smallest=12, bold=True)
        if title is not None:
            surface.blit(title, (box.x + pad, box.y + pad))
        y = box.y + pad + int(26 * scale)
        for line in lines:
            surface.blit(fonts.text(line, 13, style.INK), (box.x + pad, y))
            y += line_h
        button_h = int(30 * scale)
        self.skip_rect = pygame.Rect(
            box.x + pad, box.bottom - pad - button_h, int(96 * scale), button_h
        )
        _button(surface, fonts, self.skip_rect, "Skip tour", style.PANEL_LIGHT, style.INK_DIM)
        # Every mark can be passed with Next; a mark that asks for an action also moves on
        # once the player does it.
        label = "Finish" if self.index == len(self.steps) - 1 else "Next"
        self.next_rect = pygame.Rect(0, self.skip_rect.y, int(72 * scale), button_h)
        self.next_rect.right = box.right - pad
        _button(surface, fonts, self.next_rect, label, style.GOLD, style.BACKDROP)


def _button(surface, fonts, rect: pygame.Rect, text: str, fill, ink) -> None:
    pygame.draw.rect(surface, fill, rect, border_radius=5)
    label = fonts.text(text, 12, ink, bold=True)
    surface.blit(label, label.get_rect(center=rect.center))


def _beside(
    target: pygame.Rect | None, size: tuple[int, int], screen: pygame.Rect, gap: int
) -> tuple[int, int] | None:
    """Where the text box goes: below, above, left or right of the target, whichever fits
    without covering it; centred when there is no target; None when there is no room."""
    w, h = size
    if target is None:
        return screen.centerx - w // 2, screen.centery - h // 2
    options = [
        (target.centerx - w // 2, target.bottom + gap),
        (target.centerx - w // 2, target.top - gap - h),
        (target.left - gap - w, target.centery - h // 2),
        (target.right + gap, target.centery - h // 2),
    ]
    for x, y in options:
        box = pygame.Rect(x, y, w, h)
        box.clamp_ip(screen)
        if not box.colliderect(target):
            return box.topleft
    return None
