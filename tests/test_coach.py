"""The guided first game: coach marks over the real screens, moved on by doing what they
ask, skippable, and remembered in the settings."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import json

import pygame
import pytest

from game.client.app import App
from game.client.coach import STEPS
from game.client.driver import Driver
from game.client.scenes.title import TitleScene
from game.client.settings import Settings, load_settings

pytestmark = pytest.mark.usefixtures("private_folders")


def new_game(tmp_path, settings=None, size=(1600, 900)) -> tuple[App, Driver]:
    path = tmp_path / "config" / "settings.json"
    app = App(settings=settings or Settings(animation="off"), settings_path=path, size=size)
    app.push(TitleScene(app))
    d = Driver(app)
    d.frames(2)
    d.click(d.button("New campaign"))
    d.click(d.button("Pakistan–Russia ties, 1947"))
    d.click(d.top.nation_buttons["PAK"])
    d.click(d.button("Start campaign"))
    d.settle(0.3)
    return app, d


def clear_of_target(d: Driver) -> None:
    """The mark's text never covers what it points at, and stays on screen."""
    coach = d.app.coach
    d.app.draw()
    assert d.app.screen.get_rect().contains(coach.box)
    if coach.target_rect is not None:
        assert not coach.box.colliderect(coach.target_rect), coach.step.title
    assert coach.box.contains(coach.skip_rect)


def click_next(d: Driver) -> None:
    coach = d.app.coach
    d.frames(1)
    assert coach.showing() and coach.next_rect.width > 0
    clear_of_target(d)
    assert coach.box.contains(coach.next_rect) and not coach.next_rect.colliderect(coach.skip_rect)
    d.click(coach.next_rect.center)


@pytest.mark.parametrize("size", [(1280, 720), (1600, 900)])
def test_the_tour_walks_through_a_first_turn_and_is_remembered(tmp_path, size):
    app, d = new_game(tmp_path, size=size)
    coach = app.coach
    assert coach is not None and coach.index == 0 and d.top.name == "main"
    for _ in range(3):  # the map, the inset, the nation panel
        click_next(d)
    assert STEPS[coach.index].title == "End the turn"
    d.key(pygame.K_RETURN)
    d.settle(0.3)
    assert d.top.name == "summary" and STEPS[coach.index].title == "Read the summary"
    d.frames(1)
    assert coach.showing()
    clear_of_target(d)
    d.key(pygame.K_RETURN)
    d.settle(0.3)
    assert d.top.name == "event" and STEPS[coach.index].title == "Answer an event"
    clear_of_target(d)
    while d.top.name == "event":
        d.key(pygame.K_1, "1")
        d.frames(2)
    d.frames(2)
    assert STEPS[coach.index].title == "Order an action"
    d.key(pygame.K_d, "d")
    d.frames(2)
    assert STEPS[coach.index].title == "Choose an action"
    clear_of_target(d)
    d.click(d.top.done)
    d.frames(2)
    assert STEPS[coach.index].title == "Your goals"
    click_next(d)
    d.frames(2)
    assert app.coach is None and app.settings.tour_done
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert saved["tour_done"] is True
    assert load_settings(tmp_path / "config" / "settings.json").tour_done


def test_the_tour_can_be_skipped_and_does_not_come_back(tmp_path):
    app, d = new_game(tmp_path)
    d.frames(1)
    d.click(app.coach.skip_rect.center)
    d.frames(1)
    assert app.coach is None and app.settings.tour_done
    again, d2 = new_game(tmp_path, load_settings(tmp_path / "config" / "settings.json"))
    assert again.coach is None


def test_clicks_outside_the_mark_reach_the_game(tmp_path):
    app, d = new_game(tmp_path)
    view = d.top
    d.click(view.widgets["goals"])
    assert d.top.name == "goals", "the interface still answers under the tour"


def test_a_mark_that_asks_for_an_action_can_be_passed_with_next(tmp_path):
    app, d = new_game(tmp_path)
    for _ in range(3):
        click_next(d)
    coach = app.coach
    assert STEPS[coach.index].done_when is not None
    click_next(d)
    assert coach.index == 4 and d.top.name == "main", "passed without ending the turn"
