"""Goals in view during play, the score so far, and a campaign that ends early."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path

import pygame
import pytest

from game.client import diplomacy_bridge
from game.client.app import App
from game.client.driver import Driver
from game.client.goals import COLLAPSE, early_end, standing
from game.client.session import Session
from game.client.settings import Settings
from game.loader import load_scenario
from game.scenario import STAT_INDEX

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"


pytestmark = pytest.mark.usefixtures("private_folders")


@pytest.fixture(scope="module")
def campaign():
    return load_scenario(CAMPAIGN)


def test_the_goals_during_play_are_what_the_end_report_grades(campaign):
    session = Session.new(campaign, "PAK", seed=0)
    while session.year_of(session.last) < 1960:
        session.end_turn({})
    now = standing(session)
    report = diplomacy_bridge.end_report(session.sim)
    assert now is not None and now.goals
    assert [g.name for g in now.goals] == [o["name"] for o in report["objectives"]]
    assert [g.points for g in now.goals] == [o["points"] for o in report["objectives"]]
    assert [round(g.earned, 2) for g in now.goals] == [o["earned"] for o in report["objectives"]]
    assert now.score == pytest.approx(report["score"], abs=0.01)
    assert now.grade == report["grade"]
    for goal in now.goals:
        assert goal.trend in ("kept", "gained", "lost", "missing")
        assert goal.met_now == (goal.trend in ("kept", "gained"))


def test_the_goals_panel_opens_from_the_map_and_the_button_shows_the_score(campaign):
    app = App(settings=Settings(animation="off"), settings_path=None, size=(1280, 720))
    session = Session.new(campaign, "PAK", seed=0)
    app.start_session(session)
    d = Driver(app)
    d.frames(2)
    if d.top.name == "event":
        d.key(pygame.K_ESCAPE)
    view = d.top
    now = standing(session)
    assert view.widgets["goals"].text == f"Goals · {now.score:.0f} {now.grade}"
    d.key(pygame.K_g, "g")
    assert d.top.name == "goals"
    text = d.top.body.html_text
    assert "SCORE SO FAR" in text
    for goal in now.goals:
        assert goal.name.replace("&", "&amp;") in text and f"{goal.points:g} points" in text
    d.key(pygame.K_ESCAPE)
    assert d.top is view


@pytest.mark.parametrize("how", ["collapse", "absorbed"])
def test_a_collapse_or_an_absorption_ends_the_campaign_with_the_report(campaign, how):
    app = App(settings=Settings(animation="off"), settings_path=None, size=(1280, 720))
    session = Session.new(campaign, "PAK", seed=0)
    session.end_turn({})
    app.start_session(session)
    d = Driver(app)
    d.frames(2)
    while d.top.name == "event":
        d.key(pygame.K_1, "1")
    pak = session.player
    assert early_end(session) is None and not session.done
    if how == "collapse":
        session.state.stats[0, pak, STAT_INDEX["stability"]] = COLLAPSE - 1
    else:
        session.state.active[0, pak] = False
    assert session.done and "Pakistan" in session.ended_early
    d.key(pygame.K_RETURN)
    d.settle(0.3)
    assert d.top.name == "end_report"
