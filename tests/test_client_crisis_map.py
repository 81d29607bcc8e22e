"""The map's marks for crises and wars: a ring in the rung's colour around the capital of
each party to an open crisis (read from the crisis records), a front along the border two
nations at war share, and the legend rows that explain them."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from dataclasses import replace
from pathlib import Path

import crisis_fakes
import numpy as np
import pygame
import pytest

from game import load_scenario
from game.client import crisis_bridge, mapmarks, style
from game.client.app import App
from game.client.legend import draw_legend
from game.client.mapmodel import MapFrame
from game.client.session import Session
from game.client.settings import Settings

SHORT = Path(__file__).resolve().parent / "data" / "client_short.toml"


pytestmark = pytest.mark.usefixtures("private_folders")


def _main(turns: int):
    app = App(settings=Settings(), settings_path=None, size=(1600, 900))
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    for _ in range(turns):
        session.end_turn({})
    app.start_session(session)
    view = app.top
    view.finish_animation()
    view._after_animation.clear()
    app.manager.update(0.0)
    app.draw()
    return app, view


def _colour_near(surface: pygame.Surface, centre, radius: int, colour) -> int:
    """How many pixels of `colour` lie on the circle of `radius` around `centre`."""
    hits = 0
    for k in range(72):
        angle = 2 * np.pi * k / 72
        x = int(round(centre[0] + radius * np.cos(angle)))
        y = int(round(centre[1] + radius * np.sin(angle)))
        if 0 <= x < surface.get_width() and 0 <= y < surface.get_height():
            hits += tuple(surface.get_at((x, y)))[:3] == colour
    return hits


def test_parties_to_a_crisis_get_a_ring_in_the_colour_of_its_rung(monkeypatch):
    monkeypatch.setattr(crisis_bridge, "source", crisis_fakes.source)
    app, view = _main(3)
    scenario = view.session.scenario
    crisis = view.session.crises()[0]
    pak, ind, usa = (scenario.nation_index[n] for n in ("PAK", "IND", "USA"))
    assert view.shown["crisis_marks"] == {
        pak: (crisis.level, len(crisis.ladder)),
        ind: (crisis.level, len(crisis.ladder)),
    }, "the parties, not the patrons, are marked, at the crisis's rung"
    colour = crisis_bridge.level_colour(crisis.level, len(crisis.ladder))
    mapview = view.mapview
    m = view.rects["map"]
    canvas = mapview.compose()
    radius = max(3, int(round(4 * view.fonts.scale))) + int(round(6 * view.fonts.scale))
    for nation in (pak, ind):
        x, y = mapview.to_px(*mapview.capitals_km[nation])
        assert _colour_near(canvas, (x, y), radius, colour) > 20, scenario.nation_ids[nation]
    x, y = mapview.to_px(*mapview.capitals_km[scenario.nation_index["SUN"]])
    if 0 <= x < m.width and 0 <= y < m.height:
        assert _colour_near(canvas, (x, y), radius, colour) == 0
    assert usa not in view.shown["crisis_marks"]


def test_an_ended_crisis_leaves_no_ring(monkeypatch):
    def ended(state, run=0, viewer=None):
        return [replace(v, outcome="settled", moves=()) for v in crisis_fakes.source(state)]

    monkeypatch.setattr(crisis_bridge, "source", ended)
    _, view = _main(3)
    assert view.session.crises() and view.shown["crisis_marks"] == {}


def test_two_neighbours_at_war_get_a_front_along_their_border():
    app, view = _main(0)
    scenario = view.session.scenario
    pak, ind = scenario.nation_index["PAK"], scenario.nation_index["IND"]
    mapview = view.mapview
    peace = mapview.compose().copy()
    frame = mapview.frame
    war = frame.war.copy()
    war[pak, ind] = war[ind, pak] = True
    mapview.show(MapFrame(**{**frame.__dict__, "war": war}))
    front = mapview.fronts.between(frame.shape_owner, pak, ind, mapview._rings, mapview._static_key)
    assert front and sum(len(line) for line in front) > 10, "Pakistan and India touch"
    canvas = mapview.compose()
    on_front = [p for line in front for p in line[::3]]
    red = sum(tuple(canvas.get_at(p))[:3] == style.WAR for p in on_front)
    before = sum(tuple(peace.get_at(p))[:3] == style.WAR for p in on_front)
    assert red > 0.8 * len(on_front) and before < 0.1 * len(on_front)


def test_shared_border_finds_only_the_common_edge():
    left = [[(10, 10), (50, 10), (50, 50), (10, 50)]]
    right = [[(50, 10), (90, 10), (90, 50), (50, 50)]]
    far = [[(200, 200), (220, 200), (220, 220)]]
    lines = mapmarks.shared_border(left, right, (300, 300), 2)
    points = {p for line in lines for p in line}
    assert points == {(50, 10), (50, 50)}
    assert mapmarks.shared_border(left, far, (300, 300), 2) == []


def test_the_legend_explains_the_front_and_the_rings():
    pygame.font.init()
    fonts = style.Fonts()
    plain = draw_legend(fonts, [("Camp", style.FRIENDLY)])
    rows = int(17 * fonts.scale)
    assert plain.get_height() == int(30 * fonts.scale) + rows * 7  # a camp and six lines or marks
    pixels = pygame.surfarray.array3d(plain).reshape(-1, 3)
    ring = crisis_bridge.level_colour(1, 4)
    assert (pixels == style.WAR).all(axis=1).sum() > 20
    assert (pixels == ring).all(axis=1).sum() > 10
