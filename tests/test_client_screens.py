"""Every screen of the client renders at the smallest and the largest window size, with
all its widgets inside the window and something drawn (not a blank or one-colour frame)."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

import numpy as np
import pygame
import pygame_gui
import pytest

from game import load_scenario
from game.client.app import App
from game.client.driver import Driver
from game.client.scenes.diplomacy_dialog import DiplomacyDialog
from game.client.scenes.end_report import EndReport
from game.client.scenes.event_dialog import EventDialog
from game.client.scenes.help import HelpOverlay
from game.client.scenes.history import HistoryScene
from game.client.scenes.main_view import MainView
from game.client.scenes.new_campaign import NewCampaignScene
from game.client.scenes.saveload import LoadScene, SaveScene
from game.client.scenes.settings_scene import SettingsScene
from game.client.scenes.title import TitleScene
from game.client.scenes.turn_summary import TurnSummary
from game.client.session import Session
from game.client.settings import Settings

SHORT = Path(__file__).resolve().parent / "data" / "client_short.toml"
SIZES = [(1280, 720), (2560, 1440)]


pytestmark = pytest.mark.usefixtures("private_folders")


@pytest.fixture(scope="module")
def finished():
    """The short scenario played to its end (shared: sessions are read-only)."""
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    while not session.done:
        session.end_turn({})
    return session


def _check(app: App, name: str) -> None:
    driver = Driver(app)
    driver.frames(3)
    screen = app.screen
    bounds = screen.get_rect()
    top = app.top
    assert top is not None and top.name == name
    for element in app.manager.get_sprite_group().sprites():
        if isinstance(element, pygame_gui.elements.UITooltip) or not element.visible:
            continue
        if element.rect.width == 0 or element.rect.height == 0:
            continue
        assert bounds.contains(element.rect), (
            f"{name}: {type(element).__name__} at {element.rect} is outside the {bounds.size} window"
        )
    pixels = pygame.surfarray.pixels3d(screen)
    colours = np.unique(pixels[::7, ::7].reshape(-1, 3), axis=0)
    del pixels
    assert len(colours) > 20, f"{name}: the screen is nearly blank"


def _app(size) -> App:
    return App(settings=Settings(), settings_path=None, size=size)


@pytest.mark.parametrize("size", SIZES)
def test_menus_render(size):
    app = _app(size)
    app.push(TitleScene(app))
    _check(app, "title")
    app.push(NewCampaignScene(app, preselect=SHORT, seed=1))
    _check(app, "new_campaign")
    app.push(SettingsScene(app))
    _check(app, "settings")
    app.pop()
    app.push(HelpOverlay(app))
    _check(app, "help")


@pytest.mark.parametrize("size", SIZES)
def test_game_screens_render(size, finished):
    app = _app(size)
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    app.start_session(session)
    view = app.top
    assert isinstance(view, MainView)
    _check(app, "main")
    report = session.end_turn({})
    view._rebuild_dynamic()
    app.push(TurnSummary(app, view, session.last, report, {}))
    _check(app, "summary")
    app.pop()
    pending = session.pending()
    assert pending, "the short scenario asks Pakistan a question in its second year"
    app.push(EventDialog(app, view, pending))
    _check(app, "event")
    app.pop()
    app.push(DiplomacyDialog(app, view))
    _check(app, "diplomacy")
    app.pop()
    app.push(HistoryScene(app, session, 0))
    _check(app, "history")
    app.pop()
    app.push(SaveScene(app, session))
    _check(app, "save")
    app.pop()
    app.push(LoadScene(app))
    _check(app, "load")
    app.pop()
    app.push(EndReport(app, finished))
    _check(app, "end_report")


def test_settings_change_the_ui_scale_and_are_kept(tmp_path):
    path = tmp_path / "settings.json"
    app = App(settings=Settings(), settings_path=path, size=(1600, 900))
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    app.start_session(session)
    Driver(app).frames(2)
    app.push(SettingsScene(app))
    settings = app.top
    settings.draft.ui_scale = 1.5
    settings.draft.animation = "off"
    Driver(app).click(settings.apply)
    assert app.scale == 1.5 and isinstance(app.top, MainView)
    assert app.settings.animation_seconds() == 0.0
    _check(app, "main")
    assert '"ui_scale": 1.5' in path.read_text(encoding="utf-8")


def test_resizing_rebuilds_every_scene_inside_the_new_window():
    app = _app((1600, 900))
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    app.start_session(session)
    app.push(HelpOverlay(app))
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1280, h=720, size=(1280, 720)))
    Driver(app).frames(2)
    assert app.size == (1280, 720)
    _check(app, "help")
    app.pop()
    _check(app, "main")
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=900, h=500, size=(900, 500)))
    Driver(app).frames(2)
    assert app.size == (1280, 720), "the window never gets smaller than 1280×720"
