"""Labels laid out without overlaps: the pure placement on random clusters, and the real
alignment inset drawn for every year of the campaign (bounding boxes of what was drawn)."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.client.labels import overlaps, place_labels

ROOT = Path(__file__).resolve().parent.parent


def _no_overlaps(boxes):
    for k, a in enumerate(boxes):
        for b in boxes[k + 1 :]:
            assert not overlaps(a, b), (a, b)


def test_labels_on_one_spot_fan_out():
    points = [(100.0, 100.0)] * 11
    boxes = place_labels(points, [(28, 12)] * 11, (0, 0, 240, 200), 6)
    _no_overlaps(boxes)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(20, 220), st.floats(20, 180)),
        min_size=1,
        max_size=11,
    )
)
def test_labels_never_overlap_each_other(points):
    boxes = place_labels(points, [(26, 12)] * len(points), (0, 0, 240, 200), 6)
    _no_overlaps(boxes)


def test_the_inset_labels_never_overlap_in_the_campaign():
    from game.client.app import App
    from game.client.render import advance_to
    from game.client.session import Session
    from game.client.settings import Settings
    from game.loader import load_scenario

    campaign = load_scenario(ROOT / "scenarios" / "pak_russia_1947.toml")
    session = Session.new(campaign, "PAK", seed=0)
    app = App(settings=Settings(animation="off"), settings_path=None, size=(1280, 720))
    app.start_session(session)
    view = app.top
    for year in range(1947, 2031, 3):
        advance_to(session, year)
        view.refresh()
        view.draw(app.screen)
        rects = [r for _, r in view.inset.labels]
        assert len(rects) == int(session.state.active[0].sum())
        for k, a in enumerate(rects):
            assert not any(a.colliderect(b) for b in rects[k + 1 :]), year
            for nation, dot in view.inset.dots:
                inner = dot.inflate(-6, -6)
                assert not a.colliderect(inner), (year, nation)
