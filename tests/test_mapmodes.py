"""Map modes: camps, relations with the selected nation, and a choropleth per statistic,
each with its legend; M and the map button switch between them."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

import numpy as np
import pygame
import pytest

from game.client import mapmodes
from game.client.app import App
from game.client.driver import Driver
from game.client.session import Session
from game.client.settings import Settings
from game.loader import load_scenario
from game.scenario import STAT_INDEX

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"


pytestmark = pytest.mark.usefixtures("private_folders")


@pytest.fixture(scope="module")
def session():
    s = Session.new(load_scenario(CAMPAIGN), "PAK", seed=0)
    while s.year_of(s.last) < 1980:
        s.end_turn({})
    return s


def test_relations_mode_colours_by_the_relation_with_the_focus(session):
    state, camps = session.state, session.camps(session.last)
    pak = session.player
    tint, swatches, title = mapmodes.mode_tints("relations", state, camps, pak)
    assert title == "RELATIONS WITH PAKISTAN"
    assert tuple(tint[pak]) == mapmodes.FOCUS
    for i in np.flatnonzero(state.active[0]):
        if i == pak:
            continue
        value = state.relations[0, pak, i]
        red, green = tint[i][0], tint[i][1]
        if value > 20:
            assert green > red, (i, value)
        if value < -20:
            assert red > green, (i, value)
    assert len(swatches) == 6


@pytest.mark.parametrize("mode", ["gdp", "military", "stability"])
def test_choropleths_darken_with_the_statistic(session, mode):
    state = session.state
    tint, swatches, title = mapmodes.mode_tints(mode, state, session.camps(session.last), None)
    assert title == mapmodes.MODE_NAMES[mode].upper() and len(swatches) == 5
    values = state.stats[0, :, STAT_INDEX[mode]]
    ramp = [tuple(c) for c in mapmodes.RAMP]
    order = sorted(np.flatnonzero(state.active[0]), key=lambda i: values[i])
    classes = [ramp.index(tuple(int(c) for c in tint[i])) for i in order]
    assert classes == sorted(classes), "a larger value is never in a lighter class"
    assert classes[0] < classes[-1]


def test_m_and_the_button_cycle_the_modes_with_a_legend_each(session):
    app = App(settings=Settings(animation="off"), settings_path=None, size=(1280, 720))
    app.start_session(session)
    d = Driver(app)
    d.frames(2)
    while d.top.name == "event":
        d.key(pygame.K_ESCAPE)
    view = d.top
    seen = []
    for k, mode in enumerate(mapmodes.MODES):
        assert view.map_mode == mode
        assert view.widgets["mode"].text == f"Map: {mapmodes.MODE_NAMES[mode]}"
        view.draw(app.screen)
        seen.append(view.shown["legend"])
        frame = view.frame(view.index)
        tint, _, _ = view.mode_view(view.index)
        held = frame.shape_owner >= 0
        assert np.allclose(frame.shape_colours[held], tint[frame.shape_owner[held]])
        if k % 2:
            d.key(pygame.K_m, "m")
        else:
            d.click(view.widgets["mode"])
    assert view.map_mode == "camps"
    assert len({tuple(s) for s in seen}) == len(mapmodes.MODES), "each mode has its own legend"
