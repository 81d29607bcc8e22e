"""One truthful model of camps: rules on small cases, and the whole campaign played through
the real interface, checking every turn that the map, panel, tooltip, legend, inset and
turn summary say the same thing."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import re
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.camps import JOIN, NONE, ONE, STAY, TWO, CampTracker, camp_views, capitalise, possessive
from game.client import crisis_bridge, style, tooltips
from game.client.alignment import camp_tints
from game.client.app import App
from game.client.driver import Driver
from game.client.legend import camp_swatches
from game.client.scenes.turn_summary import summary_html
from game.client.session import Session
from game.client.settings import Settings
from game.loader import load_scenario
from game.simulation import Simulation

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"


pytestmark = pytest.mark.usefixtures("private_folders")


@pytest.fixture(scope="module")
def campaign():
    return load_scenario(CAMPAIGN)


@pytest.fixture(scope="module")
def history(campaign):
    sim = Simulation(campaign, seed=0, player="PAK", record=False)
    states = [sim.state]
    while not sim.state.done:
        sim.step()
        states.append(sim.state)
    return states


# --- rules -------------------------------------------------------------------------------


def test_names_are_possessive_and_capitalised_properly():
    assert possessive("United States") == "the United States'"
    assert possessive("Soviet Union") == "the Soviet Union's"
    assert possessive("China") == "China's"
    assert capitalise("the Soviet Union's camp") == "The Soviet Union's camp"
    assert capitalise("non-aligned") == "Non-aligned"


def test_leaders_are_always_in_their_own_camp(history):
    for view in camp_views(history):
        anchor, rival = view.leaders
        assert view.camp[anchor] == ONE
        if rival is not None:
            assert view.camp[rival] == TWO
            assert view.lean[rival] <= -JOIN


def test_camps_are_named_after_their_leader_and_keep_it_for_the_cold_war(history, campaign):
    views = camp_views(history)
    year = {campaign.year_of_turn(s.turn): k for k, s in enumerate(history)}
    ids = campaign.nation_ids
    for y in range(1947, 1990):
        anchor, rival = views[year[y]].leaders
        assert (ids[anchor], ids[rival]) == ("USA", "SUN"), y
    assert views[year[1960]].camp_name(TWO) == "the Soviet Union's camp"
    assert ids[views[year[2025]].leaders[1]] in ("CHN", "RUS")


def test_membership_has_hysteresis(history):
    views = camp_views(history)
    for before, after in zip(views, views[1:], strict=False):
        both = before.active & after.active
        leaders = set(after.leaders) | set(before.leaders)
        for i in np.flatnonzero(both):
            if i in leaders or before.leaders[1] != after.leaders[1]:
                continue
            if before.camp[i] == ONE and after.camp[i] != ONE:
                assert after.lean[i] < STAY  # a member leaves only below STAY
            if before.camp[i] == NONE and after.camp[i] == ONE:
                assert after.lean[i] >= JOIN  # and joins only past JOIN


def test_lean_follows_relations_with_the_leaders():
    """A nation friendly with the rival and cool to the anchor leans to the rival."""
    campaign = load_scenario(CAMPAIGN)
    sim = Simulation(campaign, seed=0, player="PAK", record=False)
    state = sim.state
    ix = campaign.nation_index
    rel = state.relations.copy()
    pak, usa, sun = ix["PAK"], ix["USA"], ix["SUN"]
    rel[0, pak, usa] = rel[0, usa, pak] = -4
    rel[0, pak, sun] = rel[0, sun, pak] = 43
    state.relations[:] = rel
    view = CampTracker([n.name for n in campaign.nations]).extend(state)
    assert view.leaders == (usa, sun)
    assert view.lean[pak] < 0
    assert view.camp[pak] != ONE
    assert "United States" not in view.status(pak)


def test_a_one_year_wobble_does_not_flip_a_member():
    campaign = load_scenario(CAMPAIGN)
    sim = Simulation(campaign, seed=0, player="PAK", record=False)
    ix = campaign.nation_index
    pak, usa, sun = ix["PAK"], ix["USA"], ix["SUN"]
    tracker = CampTracker([n.name for n in campaign.nations])

    def with_ties(to_usa: float, to_sun: float):
        state = sim.state
        state.relations[0, pak, usa] = state.relations[0, usa, pak] = to_usa
        state.relations[0, pak, sun] = state.relations[0, sun, pak] = to_sun
        return tracker.extend(state)

    assert with_ties(80, -20).camp[pak] == ONE
    wobble = with_ties(25, -5)  # lean drops under JOIN but stays above STAY
    assert STAY <= wobble.lean[pak] < JOIN
    assert wobble.camp[pak] == ONE


# --- the whole campaign through the interface ----------------------------------------------


def _answer_until_main(d: Driver) -> None:
    for _ in range(30):
        top = d.top.name
        if top == "summary":
            d.key(pygame.K_RETURN)
        elif top == "event":
            d.key(pygame.K_1, "1")
        elif top == "crisis":  # history's move where it recorded one, else hold
            moves = [m.move for m in d.top.current.moves]
            wanted = d.top.history if d.top.history in moves else "hold"
            pick = moves.index(wanted) + 1 if wanted in moves else 1
            d.key(getattr(pygame, f"K_{pick}"), str(pick))
        else:
            return
        d.settle(0.3)
    raise AssertionError(f"stuck on the {d.top.name} screen")


def _check_agreement(view, summaries: list[str]) -> None:
    session = view.session
    index = session.last
    camps = session.camps(index)
    frame = view.frame(index)
    # Leaders lead their own camps.
    anchor, rival = camps.leaders
    assert camps.camp[anchor] == ONE and camps.status(anchor).startswith("Leads")
    if rival is not None:
        assert camps.camp[rival] == TWO and camps.status(rival).startswith("Leads")
    # The map's tint is the camp model's tint, on every shape a nation holds.
    assert np.allclose(frame.tint, camp_tints(camps))
    held = frame.shape_owner >= 0
    assert np.allclose(frame.shape_colours[held], frame.tint[frame.shape_owner[held]])
    assert np.array_equal(frame.blocs, camps.camp)
    # The nation panel, the tooltip and the legend.
    shown_index, nation, words, lean = view.shown["status"]
    assert shown_index == index and words == camps.status(nation)
    assert lean == pytest.approx(camps.lean[nation])
    for i in np.flatnonzero(camps.active):
        tip = tooltips.nation_tip(view.session, view.index, int(i))
        assert camps.status(int(i)) in tip
        assert f"alignment {style.signed(camps.lean[i] * 100)}" in tip
    assert view.shown["legend"] == camp_swatches(camps)
    legend_names = [name for name, _ in view.shown["legend"]]
    for i in np.flatnonzero(camps.active & (camps.camp != NONE)):
        assert capitalise(camps.camp_name(int(camps.camp[i]))) in legend_names
    # The map's crisis rings and the nations' tooltips read the same crisis records.
    scenario = session.scenario
    crises = session.crises(index)
    rings = {
        scenario.nation_index[n]: (c.level, len(c.ladder))
        for n, c in crisis_bridge.marks(crises).items()
    }
    assert view.shown["crisis_marks"] == rings
    for i, (level, _) in rings.items():
        rung = next(c.ladder[c.level].name for c in crises if c.ongoing and c.level == level)
        assert f"at {rung}" in tooltips.nation_tip(session, index, i)
    # The inset draws the same tints.
    inset_index, inset_tint, axes = view.shown["inset"]
    assert inset_index == index and np.allclose(inset_tint, frame.tint)
    assert axes[:2] == (camps.leader_names[1] or "", camps.leader_names[0])
    # The summary's camp moves match the model before and after.
    if index > 0:
        before = session.camps(index - 1)
        text = summaries[-1]
        names = [n.name for n in session.scenario.nations]
        for nation_name, was, now in re.findall(
            r"<b>([^<]+)</b> moves from (.+?) to (.+?)\.", text
        ):
            i = names.index(nation_name)
            label = {0: "non-aligned"}
            assert was == label.get(int(before.camp[i]), before.camp_name(int(before.camp[i])))
            assert now == label.get(int(camps.camp[i]), camps.camp_name(int(camps.camp[i])))


def test_the_whole_campaign_agrees_with_itself_every_turn(campaign):
    app = App(settings=Settings(animation="off"), settings_path=None, size=(1280, 720))
    session = Session.new(campaign, "PAK", seed=0)
    app.start_session(session)
    d = Driver(app)
    d.frames(2)
    view = d.top
    summaries: list[str] = []
    turns = 0
    while not session.done:
        d.key(pygame.K_RETURN)
        d.settle(0.3)
        if d.top.name == "summary":
            summaries.append(summary_html(session, session.last, d.top.report, d.top.taken))
        _answer_until_main(d)
        if d.top is not view:
            break
        d.frames(1)
        _check_agreement(view, summaries)
        turns += 1
    assert session.done and turns >= 80
    # The top bar shows the last year played, not the year after the end.
    while d.top is not view:
        d.key(pygame.K_ESCAPE)
    view._chrome_key = None
    view.draw(app.screen)
    assert view.shown["top"] == (campaign.end_year, "The campaign is over")


def test_as_india_in_1971_the_united_states_leads_its_own_camp():
    scenario = load_scenario(ROOT / "scenarios" / "pak_russia_1971.toml")
    session = Session.new(scenario, "IND", seed=0)
    usa = scenario.nation_index["USA"]
    for _ in range(6):
        camps = session.camps(session.last)
        assert camps.camp[usa] == ONE and camps.status(usa) == "Leads the United States' camp"
        assert camp_tints(camps)[usa].tolist() != camp_tints(camps)[camps.leaders[1]].tolist()
        session.end_turn({})
