"""Defects seen in play, each replayed by scripted input on real frames (dummy driver)."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

import pygame
import pytest

from game.client.app import App
from game.client.driver import Driver
from game.client.scenes.title import TitleScene
from game.client.session import Session
from game.client.settings import Settings
from game.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"


pytestmark = pytest.mark.usefixtures("private_folders")


@pytest.fixture(scope="module")
def campaign():
    return load_scenario(CAMPAIGN)


def make_app(size=(1600, 900)) -> tuple[App, Driver]:
    app = App(settings=Settings(animation="off"), settings_path=None, size=size)
    return app, Driver(app)


def in_play(campaign, year: int | None = None, player: str = "PAK"):
    app, d = make_app()
    session = Session.new(campaign, player, seed=0)
    if year is not None:
        while session.year_of(session.last) < year:
            session.end_turn({})
    app.start_session(session)
    d.frames(3)
    if d.top.name == "event":
        d.key(pygame.K_ESCAPE)
    return app, d, d.top


@pytest.mark.parametrize("size", [(1280, 720), (1600, 900)])
def test_the_policy_menu_opens_inside_the_window(size):
    app, d = make_app(size)
    app.push(TitleScene(app))
    d.frames(2)
    d.click(d.button("New campaign"))
    menu = d.top.policy_menu
    d.click(menu.rect.center)
    d.frames(3)
    listing = menu.current_state.options_selection_list
    assert listing is not None and listing.visible
    assert app.screen.get_rect().contains(listing.rect), (listing.rect, size)
    # Every choice shows whole: the list is not squeezed into a scrolled sliver.
    assert listing.scroll_bar is None, listing.rect
    assert listing.rect.height >= len(listing.item_list) * 20 * app.scale


def test_quick_save_keeps_an_answered_event_and_f9_asks_first(campaign):

    app, d, view = in_play(campaign)
    d.key(pygame.K_RETURN)  # end the first turn
    d.settle(0.3)
    for _ in range(10):  # through the summary to the event dialog
        if d.top.name == "summary":
            d.key(pygame.K_RETURN)
            d.settle(0.3)
    assert d.top.name == "event"
    event_id = d.top.current.event.id
    d.key(pygame.K_2, "2")
    while d.top.name == "event":
        d.key(pygame.K_1, "1")
    answered = dict(view.orders.choices)
    assert answered[event_id] == 1
    d.key(pygame.K_F5)
    view.choose(event_id, 0)  # change the mind after saving
    # F9 asks; Esc keeps the game as it is.
    d.key(pygame.K_F9)
    assert d.top.name == "confirm"
    d.key(pygame.K_ESCAPE)
    assert d.top is view and view.orders.choices[event_id] == 0
    # Yes loads, and the answers given before the quick save are still given.
    d.key(pygame.K_F9)
    d.key(pygame.K_RETURN)
    d.settle(0.3)
    loaded = app.find(type(view))
    assert loaded is not view
    assert loaded.orders.choices == answered
    assert d.top is loaded, f"no question is asked again ({d.top.name})"


@pytest.mark.parametrize("size", [(1280, 720), (1600, 900)])
def test_every_era_is_named_on_the_timeline_and_the_playhead_hides_none(campaign, size):
    app, d = make_app(size)
    session = Session.new(campaign, "PAK", seed=0)
    while session.year_of(session.last) < 1996:
        session.end_turn({})
    app.start_session(session)
    d.frames(2)
    view = app.find(type(d.top)) if d.top.name == "main" else d.app.scenes[1]
    view.draw(app.screen)
    named = [name for name, _ in view.timeline.era_labels]
    assert len(named) == len(campaign.eras)
    for era, text in zip(campaign.eras, named, strict=True):
        assert text == era.name or (text.endswith("…") and era.name.startswith(text[:-1]))
    for name, rect in view.timeline.era_labels:
        assert not rect.colliderect(view.timeline.handle), name


def test_the_history_view_shows_no_value_for_a_year_not_played(campaign):
    from game.client.scenes.history import HistoryScene

    app, d, view = in_play(campaign, 1958)
    scene = HistoryScene(app, view.session)
    app.push(scene)
    d.frames(2)
    scene.draw(app.screen)
    chart = scene.charts[0]
    past = int(chart.x_of(1955))
    future = int(chart.x_of(1967))
    assert "Relation: —" not in scene._chart_tip(chart, (past, chart.plot.centery))
    tip = scene._chart_tip(chart, (future, chart.plot.centery))
    assert "Not played yet" in tip and "Relation" not in tip
    assert all(value is None for _, value in chart.values_at(1967))


def test_the_relations_panel_lists_every_nation_sorted_and_scrolls(campaign):
    app = App(settings=Settings(animation="off"), settings_path=None, size=(1280, 720))
    session = Session.new(campaign, "PAK", seed=0)
    app.start_session(session)
    d = Driver(app)
    d.frames(2)
    if d.top.name == "event":
        d.key(pygame.K_ESCAPE)
    view = d.top
    state = session.state
    pak = session.player
    others = [j for j in range(len(campaign.nations)) if j != pak and state.active[0, j]]
    assert view.nation_panel.listed == sorted(others, key=lambda j: -state.relations[0, pak, j])
    seen: list[int] = []
    for _ in range(len(others)):
        seen += [nation for _, nation in view.nation_panel.rows if nation not in seen]
        d.move(view.nation_panel.list_rect.center)
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
        d.frames(2)
    assert sorted(seen) == sorted(others), "every nation can be reached"
    assert campaign.nation_index["CHN"] in seen


def test_no_tooltip_is_frozen_into_a_dialog_backdrop(campaign):
    import pygame_gui

    app, d, view = in_play(campaign)
    d.move(view.top_bar.year_rect.center)
    d.frames(60)
    assert view.tips.showing, "the year has a tooltip"
    d.key(pygame.K_F1)  # help opens over the map
    assert d.top.name == "help"
    tooltips = [
        e
        for e in app.manager.get_sprite_group().sprites()
        if isinstance(e, pygame_gui.elements.UITooltip)
    ]
    assert tooltips == []
    clean = app._snapshot(len(app.scenes) - 2)
    assert pygame.image.tobytes(d.top.backdrop, "RGB") == pygame.image.tobytes(clean, "RGB")


@pytest.mark.parametrize("year", [1975, 2000])
def test_map_labels_keep_clear_of_capitals_and_each_other(campaign, year):
    app, d, view = in_play(campaign, year)
    view.draw(app.screen)
    mapview = view.mapview
    dots = mapview.capital_dots(mapview.frame)
    labels = [rect for _, rect in mapview.label_rects]
    names = [campaign.nations[i].id for i, _ in mapview.label_rects]
    assert "BGD" in names or year < 1972
    for k, (nation, rect) in enumerate(mapview.label_rects):
        assert rect.collidelist(dots) < 0, campaign.nations[nation].id
        assert rect.collidelist(labels[k + 1 :]) < 0, campaign.nations[nation].id


def test_a_saved_draft_is_read_leniently_and_bounded():
    from game.saves.payload import MAX_DRAFT, draft_from_plain, draft_to_plain

    plain = draft_to_plain({"choices": {"kashmir_war": "fight"}, "actions": [("visit", "USA")]})
    assert draft_from_plain(plain) == {
        "choices": {"kashmir_war": "fight"},
        "actions": [("visit", "USA")],
        "crisis_moves": {},
    }
    moves = draft_to_plain({"crisis_moves": {"kargil": "back_down"}})
    assert draft_from_plain(moves)["crisis_moves"] == {"kargil": "back_down"}
    assert draft_to_plain({"choices": {}, "actions": []}) is None
    junk = {
        "choices": {"a": 1, "b" * 500: "x", "ok": "yes"},
        "actions": [["a"], ["b", 3], "c", ["d", None]] + [["e", "f"]] * 1000,
    }
    read = draft_from_plain(junk)
    assert read["choices"] == {"ok": "yes"}
    assert read["actions"][0] == ("d", None) and len(read["actions"]) <= MAX_DRAFT
    assert draft_from_plain({"crisis_moves": {"k": 2, "x" * 500: "hold"}})["crisis_moves"] == {}
    assert draft_from_plain("nonsense") == {"choices": {}, "actions": [], "crisis_moves": {}}
