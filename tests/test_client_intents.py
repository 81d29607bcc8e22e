"""The key table: each key means one thing per screen, the screens ask the table, and
the help overlay's key list is built from it (so the help says what the keys do)."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import re
from collections import Counter

import pygame

from game.client import intents
from game.client.intents import ANY_SCREEN, BINDINGS, HELP, Binding, resolve


def key(code: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode="", scancode=0)


def test_a_key_means_one_thing_on_each_screen():
    taken = Counter((b.screen, k, b.mods) for b in BINDINGS for k in b.keys)
    assert [k for k, n in taken.items() if n > 1] == []


def test_screens_get_their_own_intent_first_then_the_shared_one():
    assert resolve(key(pygame.K_EQUALS), "main").name == "zoom_in"
    assert resolve(key(pygame.K_KP_PLUS), "main").name == "zoom_in"
    assert resolve(key(pygame.K_g), "main").name == "goals"
    assert resolve(key(pygame.K_g), "goals").name == "back"
    assert resolve(key(pygame.K_F1), "history").name == "help"
    assert resolve(key(pygame.K_RETURN), "event").name == "confirm"
    assert resolve(key(pygame.K_z), "main") is None
    assert resolve(pygame.event.Event(pygame.KEYUP, key=pygame.K_g, mod=0), "main") is None


def test_the_digit_keys_pick_options_by_their_place():
    intent = resolve(key(pygame.K_5), "event")
    assert intent.name == "choose_option" and intent.index == 4
    assert resolve(key(pygame.K_5), "main") is None


def test_shift_and_num_lock_do_not_change_an_unmodified_binding():
    assert resolve(key(pygame.K_EQUALS, pygame.KMOD_SHIFT), "main").name == "zoom_in"
    assert resolve(key(pygame.K_a, pygame.KMOD_NUM), "main").name == "toggle_ties"


def test_a_binding_with_modifiers_needs_exactly_them(monkeypatch):
    ctrl_s = Binding("main", "save_as", (pygame.K_s,), "Ctrl+S", mods=pygame.KMOD_LCTRL)
    monkeypatch.setattr(intents, "BINDINGS", (*BINDINGS, ctrl_s))
    assert intents.resolve(key(pygame.K_s, pygame.KMOD_LCTRL), "main").name == "save_as"
    assert intents.resolve(key(pygame.K_s), "main") is None
    assert intents.resolve(key(pygame.K_s, pygame.KMOD_LCTRL | pygame.KMOD_NUM), "main")


def test_the_help_lists_every_key_that_does_something():
    listed = {intent for row in HELP for group in row.groups for intent in group}
    listed |= {name for row in HELP for name in re.findall(r"{(\w+)}", row.meaning)}
    quiet = {"highlight_next", "highlight_previous"}  # the event dialog's arrows
    quiet.add("back")  # the goals panel's G closes it, as Esc does
    bound = {b.intent for b in BINDINGS}
    assert bound - listed <= quiet
    for row in HELP:
        for group in row.groups:
            assert set(group) <= intents.bound(row.screen), row


def test_the_help_overlay_shows_the_table():
    from game.client.scenes.help import SHORTCUTS

    assert list(SHORTCUTS) == intents.help_rows()
    assert SHORTCUTS[2] == ("F1 · F5 / F9", "This help · quick save / quick load")
    assert SHORTCUTS[3] == ("Arrows, drag", "Move the map (Home resets it)")
    assert ("1 – 9 · Tab", "Pick an option or a move · the next crisis") in SHORTCUTS


def test_a_rebound_key_changes_the_help_with_it(monkeypatch):
    moved = tuple(
        Binding(b.screen, b.intent, (pygame.K_i,), "I") if b.intent == "history" else b
        for b in BINDINGS
    )
    monkeypatch.setattr(intents, "BINDINGS", moved)
    assert ("I", "History view: any pair across the years") in intents.help_rows()
    assert intents.resolve(key(pygame.K_i), "main").name == "history"
    assert intents.resolve(key(pygame.K_h), "main") is None


def test_shared_bindings_are_the_apps_keys():
    shared = {b.intent for b in BINDINGS if b.screen == ANY_SCREEN}
    assert shared == {"help", "quick_save", "quick_load", "back", "confirm"}
