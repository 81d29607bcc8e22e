"""Any theatre: a scenario set far from the campaign (a generated Horn of Africa) renders
centred on its own territories, every one of them in view and none under the inset, the
legend or the badges, by default and with bounds given on the command line."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

import numpy as np
import pygame
import pytest

from game.cli import main
from game.client.app import App
from game.client.mapview import FILL0
from game.client.session import Session
from game.client.settings import Settings
from tests.horn import NATIONS, write_horn

ON_MAP = [n for n in NATIONS if n[0] not in ("USA", "SUN")]


pytestmark = pytest.mark.usefixtures("private_folders")


def _drawn(horn, bounds=None):
    app = App(settings=Settings(), settings_path=None, size=(1600, 900))
    app.map_bounds = bounds
    app.start_session(Session.new(horn, "ETH", seed=1, policy="historical"))
    view = app.top
    view.finish_animation()
    view._after_animation.clear()
    app.manager.update(0.0)
    app.draw()
    return view, pygame.surfarray.array2d(view.mapview._static_layer())


@pytest.mark.parametrize(
    "bounds",
    [None, (20.0, -12.0, 62.0, 34.0), (33.0, -5.0, 80.0, 33.0)],
    ids=["default", "bounds", "tight"],
)
def test_every_territory_is_in_view_and_clear_of_the_panels(horn, bounds):
    view, index = _drawn(horn, bounds)
    mapview = view.mapview
    w, h = mapview.size
    covered = np.zeros((w, h), dtype=bool)
    for rect in view.map_area.obstacles():
        covered[max(0, rect.left) : rect.right, max(0, rect.top) : rect.bottom] = True
    everything = np.zeros((w, h), dtype=bool)
    for _, name, _, regions, _ in ON_MAP:
        for region in regions:
            k = mapview.shapes.index[region]
            pixels = index == FILL0 + k
            everything |= pixels
            assert pixels.sum() > 20, f"{region} ({name}) is not on the map"
            assert not (pixels & covered).any(), f"{region} ({name}) is under a panel"
            x0, y0, x1, y1 = mapview.map.shapes[region].bbox
            left, top = mapview.to_px(x0, y1)
            right, bottom = mapview.to_px(x1, y0)
            assert left >= 0 and right <= w and top >= 0 and bottom <= h, region
    xs, ys = np.nonzero(everything)
    assert w * 0.25 < xs.mean() < w * 0.75 and h * 0.25 < ys.mean() < h * 0.75


def test_bounds_choose_what_is_shown(horn):
    view, _ = _drawn(horn, (25.0, 15.0, 40.0, 32.0))  # Egypt and the Red Sea only
    mapview = view.mapview
    cx, cy = mapview.to_px(*mapview.map.project(31.2, 30.0))  # Cairo
    assert 0 <= cx < mapview.size[0] and 0 <= cy < mapview.size[1]
    nx, ny = mapview.to_px(*mapview.map.project(36.8, -1.3))  # Nairobi is out of view
    assert not (0 <= ny < mapview.size[1])


def test_no_disputed_area_or_kashmir_legend_outside_the_campaign(horn):
    view, index = _drawn(horn)
    assert view.mapview.map.disputed == []
    assert not np.isin(index, [3, 4]).any()  # no hatching anywhere


def test_render_command_with_bounds(tmp_path, capsys):
    scenario = write_horn(tmp_path)
    out = tmp_path / "horn.png"
    code = main(
        ["render", "--scenario", str(scenario), "--year", "1978", "--bounds", "20,-12,62,34"]
        + ["--out", str(out), "--size", "1280x720"]
    )
    assert code == 0 and pygame.image.load(str(out)).get_size() == (1280, 720)


@pytest.mark.parametrize("text", ["20,-12,62", "62,-12,20,34", "a,b,c,d", "0,-90,10,10"])
def test_render_refuses_bad_bounds(tmp_path, capsys, text):
    scenario = write_horn(tmp_path)
    code = main(
        ["render", "--scenario", str(scenario), "--year", "1978", "--bounds", text]
        + ["--out", str(Path(tmp_path) / "x.png")]
    )
    assert code == 2 and "--bounds" in capsys.readouterr().err
