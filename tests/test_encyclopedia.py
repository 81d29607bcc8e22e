"""The encyclopedia: every event, treaty, nation and era with its text, dates and notes,
searchable, and opened from an event dialog on that event."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

import pygame
import pytest

from game.client.app import App
from game.client.driver import Driver
from game.client.encyclopedia import entries, search
from game.client.session import Session
from game.client.settings import Settings
from game.loader import load_scenario

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"


pytestmark = pytest.mark.usefixtures("private_folders")


@pytest.fixture(scope="module")
def campaign():
    return load_scenario(CAMPAIGN)


def test_every_event_treaty_nation_and_era_has_an_entry_with_its_notes(campaign):
    items = entries(campaign)
    ids = {(e.kind, e.id) for e in items}
    assert {("event", e.id) for e in campaign.events} <= ids
    assert {("treaty", t.id) for t in campaign.treaties} <= ids
    assert {("nation", n.id) for n in campaign.nations} <= ids
    assert {("era", e.id) for e in campaign.eras} <= ids
    kashmir = next(e for e in items if e.id == "kashmir_war")
    event = campaign.events[campaign.event_index["kashmir_war"]]
    assert kashmir.when == "1947" and event.note[:30] in kashmir.body
    credit = next(e for e in items if e.id == "soviet_oil_credit_1961")
    assert "staying out" in credit.body  # its other texts are listed too


def test_search_finds_by_every_word_titles_first(campaign):
    items = entries(campaign)
    found = search(items, "kashmir war")
    assert found and found[0].id == "kashmir_war"
    assert all("kashmir" in e.words and "war" in e.words for e in found)
    assert search(items, "1971") and all(
        "1971" in e.when or "1971" in e.words for e in search(items, "1971")
    )
    assert search(items, "") == items
    assert search(items, "zzzz-nothing") == []


def test_it_opens_from_an_event_on_that_event_and_typing_filters(campaign):
    app = App(settings=Settings(animation="off"), settings_path=None, size=(1280, 720))
    session = Session.new(campaign, "PAK", seed=0)
    session.end_turn({})
    app.start_session(session)
    d = Driver(app)
    d.frames(2)
    d.settle(0.5)
    assert d.top.name == "event"
    event_id = d.top.current.event.id
    d.click(d.top.encyclopedia_button)
    scene = d.top
    assert scene.name == "encyclopedia" and scene.current.id == event_id
    d.frames(2)
    visible = [item for item in scene.listing.item_list if item.get("button_element") is not None]
    assert scene.current.label in [item["text"] for item in visible], "scrolled into view"
    for ch in "pacts":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        d.frames(1)
    d.frames(2)
    assert scene.query == "pacts"
    assert scene.shown and all("pacts" in e.words for e in scene.shown)
    d.click(scene.close_button)
    assert d.top.name == "event", "back to the decision"
