"""The Middle East, 1955–1991: it loads with the standard actions, every playable nation
plays to the end, the historical path keeps to the scenario's own checkpoints
(docs/middle-east.md), its choices matter, and it is playable from the menu."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from game import Simulation, load_scenario  # noqa: E402
from game.invariants import invariant_problems  # noqa: E402
from game.loader import source_files  # noqa: E402
from game.state import IN_FORCE  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PATH = ROOT / "scenarios" / "middle_east_1955.toml"
SEEDS = [0, 1, 2, 3]

# The events the scenario promises (docs/middle-east.md lists them with their dates).
PROMISED = [
    "suez_war_1956",
    "iraqi_revolution_1958",
    "cento_ankara_1959",
    "six_day_war_1967",
    "october_war_1973",
    "sadat_expels_advisers_1972",
    "camp_david_1978",
    "iranian_revolution_1978",
    "iran_iraq_war_1980",
    "iran_iraq_ceasefire_1988",
    "soviet_new_thinking_1989",
    "kuwait_invasion_1990",
    "desert_shield_1990",
    "soviet_exit_1990",
]


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(PATH)


def run_years(scenario, forced=None, seeds=SEEDS):
    sim = Simulation(scenario, seed=seeds, policy="historical", forced=forced, record=False)
    years = {}
    while not sim.done:
        year = sim.year
        sim.step()
        st = sim.state
        years[year] = {
            "relations": st.relations.copy(),
            "active": st.active.copy(),
            "war": st.war.copy(),
            "treaties": st.treaty_status.copy(),
            "members": st.members.copy(),
        }
    return years


@pytest.fixture(scope="module")
def history(scenario):
    return run_years(scenario)


def rel(scenario, years, year, a, b):
    """Mean relation over the runs; 'SU' is the Soviet Union while it exists, then Russia."""
    index = scenario.nation_index
    record = years[year]
    if "SU" in (a, b):
        su = "SUN" if record["active"][0, index["SUN"]] else "RUS"
        a, b = (su if x == "SU" else x for x in (a, b))
    return float(record["relations"][:, index[a], index[b]].mean())


def in_force(scenario, years, year, treaty):
    return years[year]["treaties"][:, scenario.treaty_index[treaty]] == IN_FORCE


def member(scenario, years, year, treaty, nation):
    t, n = scenario.treaty_index[treaty], scenario.nation_index[nation]
    return years[year]["members"][:, t, n]


# --- structure ------------------------------------------------------------------------------


def test_loads_with_the_standard_actions(scenario):
    assert scenario.start_year == 1955 and scenario.end_year == 1991
    assert scenario.default_player == "EGY"
    assert {"EGY", "ISR", "IRN", "IRQ", "TUR", "SYR", "SAU", "JOR", "SUN", "USA"} <= set(
        scenario.playable
    )
    assert {"GBR", "PAK"} <= set(scenario.nation_ids)
    assert "_std/diplomacy/actions.toml" in [name for name, _ in source_files(scenario)]
    assert {"state_visit", "join_treaty", "mediate"} <= {a.id for a in scenario.actions}
    assert len(scenario.events) >= 20
    assert not [e for e in PROMISED if e not in scenario.event_index]
    for year in range(1955, 1992):
        assert scenario.era_at(year) is not None, year


def test_the_open_join_action_cannot_reach_the_closed_bodies(scenario):
    """The shipped join_treaty opens kinds 'organisation' and 'economic' only: no superpower
    can apply to the Arab League, the GCC or the pacts here."""
    join = next(a for a in scenario.actions if a.id == "join_treaty")
    kinds = {t.kind for t in scenario.treaties}
    assert not kinds & set(join.treaty_kinds)


def test_choices_are_real(scenario):
    playable = set(scenario.playable)
    for event in scenario.events:
        assert sum(option.historical for option in event.options) == 1, event.id
        if event.nation in playable:
            assert 2 <= len(event.options) <= 3, event.id
            effects = [tuple(e.text for e in option.effects) for option in event.options]
            assert len(set(effects)) == len(effects), event.id


def test_every_playable_nation_plays_to_the_end_with_the_ai(scenario):
    for nation in scenario.playable:
        sim = Simulation(scenario, seed=[5, 6], policy="ai", player=nation, record=False)
        while not sim.done:
            sim.step()
            problems = [p for p in invariant_problems(sim.state) if "not symmetric" not in p]
            assert not problems, (nation, sim.year, problems)
        assert sim.year == 1992 or sim.done


# --- the historical path keeps to its checkpoints -------------------------------------------


def test_1957_egypt_turns_to_moscow(history, scenario):
    assert rel(scenario, history, 1957, "EGY", "SU") > rel(scenario, history, 1957, "EGY", "USA")
    assert rel(scenario, history, 1957, "EGY", "SU") > 25


def test_1960_iraq_out_of_the_pact_and_closer_to_moscow(history, scenario):
    assert not member(scenario, history, 1960, "CENTO", "IRQ").any()
    assert member(scenario, history, 1960, "CENTO", "IRN").all()
    gain = rel(scenario, history, 1960, "IRQ", "SU") - rel(scenario, history, 1955, "IRQ", "SU")
    assert gain > 25
    assert rel(scenario, history, 1960, "IRQ", "GBR") < rel(scenario, history, 1955, "IRQ", "GBR")


def test_1970_the_lines_after_the_six_day_war(history, scenario):
    assert rel(scenario, history, 1970, "ISR", "SU") < -40
    assert rel(scenario, history, 1970, "ISR", "USA") > 45
    assert rel(scenario, history, 1970, "EGY", "SU") > 40
    assert rel(scenario, history, 1970, "EGY", "USA") < -30


def test_1975_sadat_has_turned_from_moscow(history, scenario):
    drop = rel(scenario, history, 1972, "EGY", "SU") - rel(scenario, history, 1975, "EGY", "SU")
    assert drop > 15


def test_1980_peace_revolution_and_the_end_of_cento(history, scenario):
    assert rel(scenario, history, 1980, "EGY", "ISR") > -20
    assert not in_force(scenario, history, 1980, "CENTO").any()
    assert in_force(scenario, history, 1980, "CAMP_DAVID").all()
    assert rel(scenario, history, 1980, "IRN", "USA") < 0


def test_1985_the_gulf_war(history, scenario):
    index = scenario.nation_index
    assert history[1985]["war"][:, index["IRN"], index["IRQ"]].all()
    assert rel(scenario, history, 1985, "IRQ", "SAU") > 15


def test_1991_kuwait_and_the_soviet_exit(history, scenario):
    index = scenario.nation_index
    assert history[1991]["active"][:, index["RUS"]].all()
    assert not history[1991]["active"][:, index["SUN"]].any()
    assert history[1991]["war"][:, index["USA"], index["IRQ"]].all()
    assert rel(scenario, history, 1991, "IRQ", "USA") < -60
    assert rel(scenario, history, 1991, "KWT", "USA") > 40
    assert rel(scenario, history, 1991, "USA", "SU") > -30


def test_kuwait_appears_in_1961(history, scenario):
    index = scenario.nation_index
    assert not history[1960]["active"][:, index["KWT"]].any()
    assert history[1961]["active"][:, index["KWT"]].all()


# --- choices change what comes later --------------------------------------------------------


def test_branch_no_separate_peace(history, scenario):
    branch = run_years(scenario, forced={"camp_david_1978": "refuse"})
    assert rel(scenario, branch, 1985, "EGY", "ISR") < -50
    assert not in_force(scenario, branch, 1985, "CAMP_DAVID").any()


def test_branch_the_monarchy_survives_in_baghdad(history, scenario):
    branch = run_years(scenario, forced={"iraqi_revolution_1958": "monarchy_holds"}, seeds=[0, 1])
    assert member(scenario, branch, 1965, "CENTO", "IRQ").all()
    assert rel(scenario, branch, 1965, "IRQ", "GBR") > rel(scenario, history, 1965, "IRQ", "GBR")


# --- the map and the menu -------------------------------------------------------------------


def test_map_fits_the_region_and_leaves_the_powers_at_the_edge(scenario):
    from game.mapdata import project_world

    region = project_world(scenario)
    assert region.offmap == {"USA", "GBR", "SUN", "RUS"}
    assert [d.legend for d in region.disputed] == ["Disputed (West Bank, Gaza, Golan)"]
    x0, y0, x1, y1 = region.view
    for nation in scenario.nations:
        if nation.id in region.offmap:
            continue
        x, y = region.project(*nation.capital)
        assert x0 < x < x1 and y0 < y < y1, nation.id


def test_playable_from_the_menu(tmp_path, monkeypatch):
    import pygame

    from game.client.app import App
    from game.client.driver import Driver
    from game.client.scenes.title import TitleScene
    from game.client.settings import Settings

    monkeypatch.setenv("ALLIANCE_DRIFT_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("ALLIANCE_DRIFT_SAVE_DIR", str(tmp_path / "saves"))
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1280, 720))
    app.push(TitleScene(app))
    d = Driver(app)
    d.frames(2)
    d.click(d.button("New campaign"))
    assert d.top.name == "new_campaign"
    d.click(d.button("The Middle East, 1955–1991"))
    d.settle()  # the selection list reports the choice a frame later
    assert d.top.entries[d.top.current].scenario.id == "middle_east_1955"
    d.click(d.top.nation_buttons["EGY"])
    d.click(d.button("Start campaign"))
    d.settle()
    assert d.top.name == "main"
    view = d.top
    assert view.session.scenario.id == "middle_east_1955"
    assert view.mapview.map.disputed and "EGY" in view.mapview.map.shapes
    d.key(pygame.K_RETURN)
    d.settle()
    assert d.top.name in ("summary", "event", "main")
