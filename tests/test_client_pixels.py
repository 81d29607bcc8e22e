"""Pixels on the rendered map follow alignment: Pakistan's land around its capital is
nearer the United States' bloc colour when it leans that way, and the other bloc's when
it leans the other way. Also checks the headless `render` command's PNG."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from collections import Counter
from pathlib import Path

import numpy as np
import pygame
import pytest

from game import load_scenario
from game.client.alignment import ANCHOR_BLOC, OTHER_BLOC
from game.client.app import App
from game.client.commands import register  # noqa: F401 - the command under test
from game.client.mapview import FILL0
from game.client.render import advance_to
from game.client.session import Session
from game.client.settings import Settings
from game.errors import ScenarioError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "example_minimal.toml"
CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"
NEAR_CAPITAL_PX = 60


pytestmark = pytest.mark.usefixtures("private_folders")


@pytest.fixture(scope="module")
def app():
    return App(settings=Settings(), settings_path=None, size=(1600, 900))


def capital_colour(app: App, session: Session, nation_id: str) -> tuple[int, int, int]:
    """The commonest colour of the nation's own land within 60 px of its capital, as drawn
    on screen (lines, labels and the capital dot cover only a few of those pixels)."""
    app.start_session(session)
    view = app.top
    view.finish_animation()
    view._after_animation.clear()
    app.manager.update(0.0)
    app.draw()
    scenario = session.scenario
    nation = scenario.nation_index[nation_id]
    mapview = view.mapview
    index_layer = pygame.surfarray.array2d(mapview._static_layer())
    owner = view.frame(view.index).shape_owner
    own_indices = [FILL0 + k for k in np.flatnonzero(owner == nation)]
    mine = np.isin(index_layer, own_indices)
    cx, cy = mapview.to_px(*mapview.capitals_km[nation])
    xs, ys = np.nonzero(mine)
    near = (xs - cx) ** 2 + (ys - cy) ** 2 <= NEAR_CAPITAL_PX**2
    assert near.sum() > 200, "the capital should sit in the nation's own land"
    origin = view.rects["map"].topleft
    screen = pygame.surfarray.pixels3d(app.screen)
    colours = Counter(
        tuple(int(c) for c in screen[x + origin[0], y + origin[1]])
        for x, y in zip(xs[near], ys[near], strict=True)
    )
    del screen
    return colours.most_common(1)[0][0]


def _nearer_anchor(colour) -> bool:
    return float(np.linalg.norm(np.subtract(colour, ANCHOR_BLOC))) < float(
        np.linalg.norm(np.subtract(colour, OTHER_BLOC))
    )


def test_campaign_pakistan_is_blue_in_1955_and_red_in_2020(app):
    try:
        campaign = load_scenario(CAMPAIGN)
    except (ScenarioError, OSError):
        pytest.skip("the campaign does not load here")
    session = Session.new(campaign, "PAK", seed=0)
    advance_to(session, 1955)
    early = capital_colour(app, session, "PAK")
    pak = campaign.nation_index["PAK"]
    assert session.camps(session.last).camp[pak] == 1
    assert _nearer_anchor(early), early
    advance_to(session, 2020)
    assert session.camps(session.last).camp[pak] == 2
    late = capital_colour(app, session, "PAK")
    assert not _nearer_anchor(late), late


def test_tint_at_the_capital_follows_the_lean_through_the_example(app):
    scenario = load_scenario(EXAMPLE)
    session = Session.new(scenario, "PAK", seed=0)
    checked = {"anchor": 0, "other": 0}
    for year in (1950, 1960, 1975, 1990, 2005):
        advance_to(session, year)
        for nation_id in ("PAK", "IND"):
            i = scenario.nation_index[nation_id]
            lean = float(session.lean(session.last)[i])
            if session.camps(session.last).camp[i] == 0:
                continue
            colour = capital_colour(app, session, nation_id)
            assert _nearer_anchor(colour) == (lean > 0), (year, nation_id, lean, colour)
            checked["anchor" if lean > 0 else "other"] += 1
    assert checked["anchor"] and checked["other"], checked


def test_render_command_writes_the_main_view(tmp_path):
    from game.cli import main

    out = tmp_path / "view.png"
    assert (
        main(
            [
                "render",
                "--scenario",
                str(EXAMPLE),
                "--year",
                "1960",
                "--size",
                "1280x720",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    image = pygame.image.load(str(out))
    assert image.get_size() == (1280, 720)
    pixels = pygame.surfarray.pixels3d(image)
    assert len(np.unique(pixels[::9, ::9].reshape(-1, 3), axis=0)) > 50
