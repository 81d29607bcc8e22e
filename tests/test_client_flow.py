"""Scripted play with posted mouse and key events, as a person would play: start a
campaign as Pakistan, answer events, end turns, save, load, and finish at the report."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

import numpy as np
import pygame
import pytest

from game.client import diplomacy_bridge
from game.client.app import App
from game.client.driver import Driver
from game.client.scenes.main_view import MainView
from game.client.scenes.title import TitleScene
from game.client.settings import Settings

SHORT = Path(__file__).resolve().parent / "data" / "client_short.toml"


pytestmark = pytest.mark.usefixtures("private_folders")


@pytest.fixture
def driver():
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1280, 720))
    app.scenario_folders.append(SHORT.parent)
    app.push(TitleScene(app))
    d = Driver(app)
    d.frames(2)
    return d


def start_short_campaign(d: Driver) -> MainView:
    d.click(d.button("New campaign"))
    assert d.top.name == "new_campaign"
    d.click(d.button("Test: Five Years"))
    d.click(d.top.nation_buttons["PAK"])
    assert d.top.nation == "PAK"
    d.click(d.button("Start campaign"))
    d.settle()
    assert d.top.name == "main"
    return d.top


def play_until_main(d: Driver, answer: str = "1") -> None:
    """Close the turn summary and answer any event dialogs until the map is back."""
    for _ in range(20):
        if d.top.name == "summary":
            d.key(pygame.K_RETURN)
        elif d.top.name == "event":
            d.key(getattr(pygame, f"K_{answer}"), answer)
        else:
            return
        d.settle(0.6)
    raise AssertionError(f"stuck on the {d.top.name} screen")


def test_play_answer_save_load_and_finish(driver):
    d = driver
    view = start_short_campaign(d)
    session = view.session
    assert (
        session.scenario.id == "client_short"
        and session.scenario.nation_ids[session.player] == "PAK"
    )

    # Turn 1: nothing waits; Enter ends it, the summary follows the map's animation.
    d.key(pygame.K_RETURN)
    d.settle()
    assert d.top.name == "summary"
    d.key(pygame.K_RETURN)
    d.settle(0.6)
    # The arms offer now waits for Pakistan: answer against history with the 2 key.
    assert d.top.name == "event" and d.top.current.event.id == "arms_offer"
    d.key(pygame.K_2, "2")
    assert d.top.name == "main" and view.orders.choices == {"arms_offer": 1}

    # A diplomatic action: open the panel with D, order the first option, close.
    ordered = None
    d.key(pygame.K_d, "d")
    assert d.top.name == "diplomacy" and d.top.options
    ordered = d.top.options[0]
    d.click(d.top.toggle)
    assert view.orders.planned == [ordered]
    d.click(d.top.done)
    assert d.top is view

    # Turn 2: Enter plays it; the engine got our answer and our action.
    d.key(pygame.K_RETURN)
    d.settle()
    arms = session.scenario.event_index["arms_offer"]
    assert session.reports[-1].decided[0, arms] == 1
    if ordered is not None:
        assert session.actions_taken[-1] == [ordered.title]
        lines = diplomacy_bridge.turn_lines(session.state, session.reports[-1])
        assert any(mine and "player's order" in text for text, mine in lines), lines
        assert view.orders.planned == []
    play_until_main(d, answer="1")

    # Turn 3, by clicking the button this time.
    d.click(d.button("End turn"))
    d.settle()
    play_until_main(d)
    assert session.year_of(session.last) == 1956
    assert len(session.states) == 4

    # Save through the save screen, then load it back through the load screen.
    d.click(d.button("Save"))
    assert d.top.name == "save"
    d.top.name_entry.set_text("Flow test")
    d.click(d.top.go)
    assert d.top.name == "main" and "Saved" in (d.app.toast_text or "")
    saved_digest = session.state.digest()
    d.click(d.button("Load"))
    assert d.top.name == "load"
    titles = [slot.title for slot in d.top.slots]
    assert "Flow test" in titles
    d.click(d.button("Flow test"))
    d.click(d.top.go)
    d.settle(0.3)
    view = d.app.find(MainView)
    assert view is not None and view.session is not session
    assert view.session.state.digest() == saved_digest
    assert len(view.session.states) == 4, "the past was rebuilt for the timeline"
    session = view.session

    # Quick save and quick load.
    d.key(pygame.K_F5)
    assert "Quick-saved" in (d.app.toast_text or "")
    d.key(pygame.K_F9)
    assert d.top.name == "confirm", "F9 asks before throwing turns away"
    d.key(pygame.K_RETURN)
    assert "Loaded" in (d.app.toast_text or "")
    view = d.app.find(MainView)
    session = view.session
    d.settle(0.3)
    play_until_main(d)

    # Play on to the end of the scenario and reach the report.
    for _ in range(10):
        if d.top.name == "end_report":
            break
        if d.top.name == "main":
            d.key(pygame.K_RETURN)
            d.settle()
        play_until_main(d)
    assert d.top.name == "end_report"
    assert ("Arms from America", "Stay out of the pacts", "Sign the agreement") in d.top.differing
    assert 0 <= d.top.grade["score"] <= 100 and d.top.grade["grade"] in "ABCDE"


def test_map_click_selects_a_nation_and_numbers_have_tooltips(driver):
    d = driver
    view = start_short_campaign(d)
    scenario = view.session.scenario
    india = scenario.nation_index["IND"]
    mapview = view.mapview
    x, y = mapview.to_px(*mapview.map.centroid("IND"))
    spot = (int(x) + view.rects["map"].x, int(y) + view.rects["map"].y)
    d.click(spot)
    assert view.selected == india
    # Hover the first relation number: its tooltip explains the value.
    row, nation = view.nation_panel.rows[0]
    d.move((row.right - 5, row.centery))
    d.frames(40)
    assert view.tips.showing is not None and "−100 hostile" in view.tips.showing
    # The year in the top bar explains itself too.
    d.move(view.top_bar.year_rect.center)
    d.frames(40)
    assert view.tips.showing is not None and "turn 1 of 5" in view.tips.showing


def test_timeline_scrubs_back_and_esc_returns_to_the_present(driver):
    d = driver
    view = start_short_campaign(d)
    for _ in range(2):
        d.key(pygame.K_RETURN)
        d.settle()
        play_until_main(d)
    assert view.session.last == 2
    track = view.timeline.track
    d.click((track.left + 2, track.centery))
    assert view.viewing == 0 and view.index == 0
    past = view.frame(0)
    assert past is view._current_frame()
    assert not np.allclose(past.relations, view.frame(2).relations)
    d.key(pygame.K_ESCAPE)
    assert view.viewing is None and d.top is view


def test_keys_pan_and_zoom_the_map(driver):
    d = driver
    view = start_short_campaign(d)
    mapview = view.mapview
    zoom, centre = mapview.zoom, mapview.centre
    d.key(pygame.K_PLUS, "+")
    assert mapview.zoom > zoom
    d.key(pygame.K_LEFT)
    assert mapview.centre[0] < centre[0]
    d.key(pygame.K_MINUS, "-")
    d.key(pygame.K_F1)
    assert d.top.name == "help"
    d.key(pygame.K_F1)
    assert d.top is view


def test_orders_the_rules_forbid_are_refused_as_you_order_with_the_reason(driver):
    d = driver
    view = start_short_campaign(d)
    d.key(pygame.K_d, "d")
    dialog = d.top
    assert dialog.name == "diplomacy"
    options = dialog.options
    legal = [o for o in options if o.legal]
    assert legal, "something must be possible on the first turn"
    # Every option that is not legal says why, and cannot be ordered.
    for k, option in enumerate(options):
        if not option.legal:
            dialog.current = k
            dialog._refresh()
            assert not dialog.toggle.is_enabled
            assert "Not possible now" in dialog._details_html()
            break
    # Order the first legal option; another target of the same action is then refused.
    first = legal[0]
    dialog.current = options.index(first)
    dialog._refresh()
    d.click(dialog.toggle)
    assert view.orders.planned == [first]
    twin = next((o for o in legal if o.action == first.action and o.key != first.key), None)
    if twin is not None:
        dialog.current = options.index(twin)
        dialog._refresh()
        assert not dialog.toggle.is_enabled
        assert "one of each action per turn" in view.orders.blocked(twin)
        view.toggle_action(twin)  # a key press or script cannot sneak it in either
        assert view.orders.planned == [first]
    # Spending more capital than is left is refused before the turn ends.
    capital = diplomacy_bridge.capital(view.session.state, view.session.player)
    if capital is not None:
        costly = diplomacy_bridge.ActionOption(
            key=("imaginary", None),
            label="Imaginary",
            target=None,
            cost=capital + 1,
            chance=None,
            effects=(),
            advice=0.0,
            order=None,
        )
        assert "capital" in view.orders.blocked(costly)
    # Every option shows its cost before its effects, and every effect.
    dialog.current = options.index(first)
    html = dialog._details_html()
    assert html.index("COST") < html.index("EFFECTS")
    for effect in first.effects:
        assert effect.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html
