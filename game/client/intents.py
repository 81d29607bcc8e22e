"""Keys and what they mean, in one table: key (and modifiers) -> an intent, per screen.

Screens ask `resolve(event, screen)` for the intent of a key press and act on its name;
they never compare key codes themselves. The help overlay builds its list of keys from
the same table (`help_rows`), so the help cannot disagree with what the keys do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

ANY_SCREEN = "*"  # bindings every screen shares (the app handles them)
# Modifier keys that count when a binding asks for modifiers (Num Lock and Caps Lock never do).
MOD_MASK = pygame.KMOD_SHIFT | pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META


@dataclass(frozen=True)
class Binding:
    """Keys that mean one intent on one screen (or on every screen)."""

    screen: str
    intent: str
    keys: tuple[int, ...]
    label: str  # how the help names the keys
    mods: int | None = None  # required modifiers; None: pressed with or without any


@dataclass(frozen=True)
class Intent:
    """What a key press asks for; `index` is the key's place in its binding (the digit
    keys pick option index 0..8)."""

    name: str
    index: int = 0


_DIGITS = tuple(getattr(pygame, f"K_{n}") for n in range(1, 10))

BINDINGS: tuple[Binding, ...] = (
    # Every screen.
    Binding(ANY_SCREEN, "help", (pygame.K_F1,), "F1"),
    Binding(ANY_SCREEN, "quick_save", (pygame.K_F5,), "F5"),
    Binding(ANY_SCREEN, "quick_load", (pygame.K_F9,), "F9"),
    Binding(ANY_SCREEN, "back", (pygame.K_ESCAPE,), "Esc"),
    Binding(ANY_SCREEN, "confirm", (pygame.K_RETURN, pygame.K_KP_ENTER), "Enter"),
    # The main view.
    Binding("main", "pan_left", (pygame.K_LEFT,), "Arrows"),
    Binding("main", "pan_right", (pygame.K_RIGHT,), "Arrows"),
    Binding("main", "pan_up", (pygame.K_UP,), "Arrows"),
    Binding("main", "pan_down", (pygame.K_DOWN,), "Arrows"),
    Binding("main", "zoom_in", (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS), "+"),
    Binding("main", "zoom_out", (pygame.K_MINUS, pygame.K_KP_MINUS), "−"),
    Binding("main", "reset_view", (pygame.K_HOME,), "Home"),
    Binding("main", "toggle_ties", (pygame.K_a,), "A"),
    Binding("main", "map_mode", (pygame.K_m,), "M"),
    Binding("main", "step_back", (pygame.K_LEFTBRACKET, pygame.K_PAGEUP), "["),
    Binding("main", "step_forward", (pygame.K_RIGHTBRACKET, pygame.K_PAGEDOWN), "]"),
    Binding("main", "present", (pygame.K_END,), "End"),
    Binding("main", "history", (pygame.K_h,), "H"),
    Binding("main", "goals", (pygame.K_g,), "G"),
    Binding("main", "diplomacy", (pygame.K_d,), "D"),
    Binding("main", "encyclopedia", (pygame.K_e,), "E"),
    Binding("main", "crises", (pygame.K_c,), "C"),
    # An event waiting for an answer.
    Binding("event", "choose_option", _DIGITS, "1 – 9"),
    Binding("event", "encyclopedia", (pygame.K_e,), "E"),
    Binding("event", "highlight_next", (pygame.K_DOWN,), "↓"),
    Binding("event", "highlight_previous", (pygame.K_UP,), "↑"),
    # A crisis: the player's move.
    Binding("crisis", "choose_option", _DIGITS, "1 – 9"),
    Binding("crisis", "highlight_next", (pygame.K_DOWN,), "↓"),
    Binding("crisis", "highlight_previous", (pygame.K_UP,), "↑"),
    Binding("crisis", "next_crisis", (pygame.K_TAB,), "Tab"),
    # The goals panel: the key that opened it closes it.
    Binding("goals", "back", (pygame.K_g,), "G"),
)


def resolve(event: pygame.event.Event, screen: str) -> Intent | None:
    """The intent of a key press on `screen` (its own bindings first, then every
    screen's), or None when the key means nothing there."""
    if event.type != pygame.KEYDOWN:
        return None
    mods = getattr(event, "mod", 0) & MOD_MASK
    for wanted in (screen, ANY_SCREEN):
        for binding in BINDINGS:
            if binding.screen != wanted or event.key not in binding.keys:
                continue
            if binding.mods is None or binding.mods == mods:
                return Intent(binding.intent, binding.keys.index(event.key))
    return None


def bound(screen: str) -> set[str]:
    """The intents that some key triggers on `screen` (its own and every screen's)."""
    return {b.intent for b in BINDINGS if b.screen in (screen, ANY_SCREEN)}


def keys_label(intents: tuple[str, ...], screen: str = "main") -> str:
    """'+ / −' for ('zoom_in', 'zoom_out'): the help's names of the keys, each once."""
    labels: list[str] = []
    for intent in intents:
        for binding in BINDINGS:
            if binding.intent == intent and binding.screen in (screen, ANY_SCREEN):
                if binding.label not in labels:
                    labels.append(binding.label)
                break
        else:
            raise LookupError(f"no key is bound to {intent!r} on the {screen} screen")
    return " / ".join(labels)


@dataclass(frozen=True)
class HelpRow:
    """One line of the help's key list: groups of intents (shown as their keys, groups
    joined by ' · '), words for what has no key (the mouse), and what they do."""

    groups: tuple[tuple[str, ...], ...]
    meaning: str
    also: str = ""  # e.g. "drag": the mouse does it too
    screen: str = "main"

    @property
    def caption(self) -> str:
        text = " · ".join(keys_label(group, self.screen) for group in self.groups)
        return f"{text}, {self.also}" if self.also else text


HELP: tuple[HelpRow, ...] = (
    HelpRow((("confirm",),), "End the turn (or decide the events and crises that wait)"),
    HelpRow((("back",),), "Go back: close a dialog, leave the past, open the menu"),
    HelpRow((("help",), ("quick_save", "quick_load")), "This help · quick save / quick load"),
    HelpRow(
        (("pan_left", "pan_right", "pan_up", "pan_down"),),
        "Move the map ({reset_view} resets it)",
        also="drag",
    ),
    HelpRow((("zoom_in", "zoom_out"),), "Zoom the map", also="wheel"),
    HelpRow((("toggle_ties",),), "All relation lines, or only the key ones"),
    HelpRow((("map_mode",),), "Map mode: camps, relations, GDP, military, stability"),
    HelpRow(
        (("step_back", "step_forward"), ("present",)),
        "Step through past years · back to the present",
    ),
    HelpRow((("history",),), "History view: any pair across the years"),
    HelpRow((("goals",),), "Your goals and the score so far"),
    HelpRow((("diplomacy",),), "Diplomacy: the actions open to you"),
    HelpRow((("encyclopedia",),), "Encyclopedia: every event, treaty and nation"),
    HelpRow((("crises",),), "Crises: the ladder and your move"),
    HelpRow(
        (("choose_option",), ("next_crisis",)),
        "Pick an option or a move · the next crisis",
        screen="crisis",
    ),
)


def help_rows() -> list[tuple[str, str]]:
    """(keys, what they do) for the help overlay, from the bindings above."""
    out = []
    for row in HELP:
        meaning = row.meaning.format(
            **{b.intent: b.label for b in BINDINGS if b.screen in (row.screen, ANY_SCREEN)}
        )
        out.append((row.caption, meaning))
    return out
