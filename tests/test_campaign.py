"""The Pakistan–Russia campaign: it loads, plays to the end, follows history on the
historical policy, and its alternate-history branches change what comes later."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from game import Simulation, load_scenario  # noqa: E402
from game.invariants import invariant_problems  # noqa: E402
from game.state import ENDED, IN_FORCE  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGNS = [ROOT / "scenarios" / f"pak_russia_{year}.toml" for year in (1947, 1971, 1991, 2001)]
MAIN = CAMPAIGNS[0]
SEEDS = list(range(4))

# Events that carry the source essay's items (docs/campaign.md lists the passages).
ESSAY_EVENTS = [
    "soviet_embassy_delhi",  # Soviet embassy in Delhi first, 1947
    "pak_soviet_relations",  # relations with Pakistan from May 1948
    "nehru_moscow_1955",  # Nehru's turn to Moscow
    "mdaa_1954",  # Pakistan's US alliance
    "development_decade",  # the growth of the 1950s-60s
    "rawalpindi_conspiracy",  # the progressive movement
    "progressive_movement",
    "bhutto_moscow_1972",  # Bhutto's opening
    "steel_mill_credit_1970",
    "steel_mill_foundation_1973",  # the Karachi steel mill (1973)
    "steel_mill_halt_2015",  # ... and its ruin
    "soviet_invasion_1979",  # the Soviet invasion of Afghanistan
    "afghan_jihad_1980",  # the ISI's role
    "isi_pipeline_1981",
    "balochistan_fears_1982",
    "soviet_drain_1985",  # the Soviet economic drain
    "soviet_breakup_1991",  # fifteen states
    "pak_bomb_1974",  # the secret bomb while the US looked away
    "pak_threshold_1984",
    "pressler_amendment_1985",
    "pressler_cutoff_1990",  # then sanctions
    "india_reforms_1991",  # India's turn to the US
    "sharif_moscow_1999",
    "almaty_2002",  # Musharraf and Putin 2002/2003
    "musharraf_moscow_2003",
    "fradkov_visit_2007",  # a Russian PM after 38 years
    "druzhba_2016",  # exercises under General Raheel
    "nine_eleven",  # 9/11 and the US need for Pakistan
    "bri_announced_2013",  # BRI
    "cpec_launch_2015",  # CPEC
    "manturov_delegation_2019",  # the 2019 Russian delegation
    "bishkek_invitation_2019",  # Imran Khan's invitation to Putin
    "historic_day",  # the first visit of a Russian president
]


@pytest.fixture(scope="module")
def campaign():
    return load_scenario(MAIN)


def run_years(scenario, forced=None, seeds=SEEDS, policy="historical"):
    """Play to the end; keep relations, blocs, flags, fired counts and sanctions per year."""
    sim = Simulation(scenario, seed=seeds, policy=policy, forced=forced, record=False)
    years = {}
    while not sim.done:
        year = sim.year
        sim.step()
        st = sim.state
        years[year] = {
            "relations": st.relations.copy(),
            "blocs": st.blocs.copy(),
            "flags": st.flags.copy(),
            "fired": st.fired_count.copy(),
            "sanctions": st.sanctions.copy(),
            "trade": st.trade.copy(),
            "aid": st.aid.copy(),
            "stats": st.stats.copy(),
            "treaties": st.treaty_status.copy(),
            "active": st.active.copy(),
        }
    return years


@pytest.fixture(scope="module")
def history(campaign):
    return run_years(campaign)


def rel(scenario, years, year, a, b):
    """Mean relation over the runs; 'SU' is the Soviet Union while it exists, then Russia."""
    index = scenario.nation_index
    record = years[year]
    if "SU" in (a, b):
        su = "SUN" if record["active"][0, index["SUN"]] else "RUS"
        a, b = (su if x == "SU" else x for x in (a, b))
    return float(record["relations"][:, index[a], index[b]].mean())


def mean_rel(scenario, years, first, last, a, b):
    return float(np.mean([rel(scenario, years, y, a, b) for y in range(first, last + 1)]))


def fired(scenario, years, year, event_id):
    return years[year]["fired"][:, scenario.event_index[event_id]] > 0


def flag(scenario, years, year, name):
    return years[year]["flags"][:, scenario.flag_index[name]]


def first_year(scenario, years, name):
    """(B,) first year each run had the flag set (9999 if never)."""
    out = np.full(len(SEEDS), 9999)
    for year in sorted(years):
        now = flag(scenario, years, year, name)
        out = np.where(now & (out == 9999), year, out)
    return out


# --- loading and structure ------------------------------------------------------------


@pytest.mark.parametrize("path", CAMPAIGNS, ids=lambda p: p.stem)
def test_campaign_files_load(path):
    scenario = load_scenario(path)
    assert scenario.default_player == "PAK"
    assert scenario.end_year >= 2030
    assert {"PAK", "IND", "USA", "CHN", "RUS"} <= set(scenario.playable)


def test_at_least_sixty_events_and_every_essay_item(campaign):
    assert len(campaign.events) >= 60
    missing = [e for e in ESSAY_EVENTS if e not in campaign.event_index]
    assert not missing


def test_eras_cover_the_campaign(campaign):
    names = [era.name for era in campaign.eras]
    assert names == [
        "Partition and the Pacts",
        "Wars and Realignment",
        "The Afghan Jihad",
        "The Unipolar Moment",
        "The War on Terror",
        "Belt and Road",
        "Futures",
    ]
    for year in range(1947, 2031):
        assert campaign.era_at(year) is not None, year


def test_choices_are_real(campaign):
    playable = set(campaign.playable)
    for event in campaign.events:
        assert sum(option.historical for option in event.options) == 1, event.id
        if event.nation in playable:
            assert 2 <= len(event.options) <= 3, event.id
            effects = [tuple(e.text for e in option.effects) for option in event.options]
            assert len(set(effects)) == len(effects), f"{event.id}: options with the same effects"


def test_treaties_the_campaign_needs(campaign):
    ids = set(campaign.treaty_index)
    assert {
        "SEATO",
        "CENTO",
        "US_PAK_MDAA",
        "US_PAK_1959",
        "INDO_SOVIET",
        "SCO",
        "CPEC",
        "BRI",
        "IND_RUS",
        "SINO_RUSSIAN",
        "QUAD",
    } <= ids


# --- every playable nation can play to the end ------------------------------------------


@pytest.mark.parametrize("path", CAMPAIGNS, ids=lambda p: p.stem)
def test_every_playable_nation_plays_to_the_end_with_the_ai(path):
    scenario = load_scenario(path)
    for nation in scenario.playable:
        sim = Simulation(scenario, seed=[11, 12, 13], policy="ai", player=nation, record=False)
        while not sim.done:
            sim.step()
            state = sim.state
            # Exact symmetry is the engine's business (its batched matmul can differ in
            # the last bit); the campaign only needs it to hold to rounding.
            problems = [p for p in invariant_problems(state) if "not symmetric" not in p]
            assert not problems, (nation, sim.year, problems)
            assert np.allclose(state.relations, state.relations.transpose(0, 2, 1), atol=1e-9)
        assert sim.state.active[:, scenario.nation_index["PAK"]].all()


def test_successors_emerge_on_time(history, campaign):
    index = campaign.nation_index
    assert history[1972]["active"][:, index["BGD"]].all()
    assert not history[1970]["active"][:, index["BGD"]].any()
    assert history[1991]["active"][:, index["RUS"]].all()
    assert history[1991]["active"][:, index["CAS"]].all()
    assert not history[1991]["active"][:, index["SUN"]].any()
    assert history[1990]["active"][:, index["SUN"]].all()


@pytest.mark.parametrize("path", CAMPAIGNS[1:], ids=lambda p: p.stem)
def test_short_campaigns_start_where_history_was(path):
    scenario = load_scenario(path)
    years = run_years(scenario, seeds=[0, 1])
    start = scenario.start_year
    if start == 1971:
        assert rel(scenario, years, 1975, "IND", "SU") > 60
        assert years[1973]["active"][:, scenario.nation_index["BGD"]].all()
    if start == 1991:
        assert years[1991]["active"][:, scenario.nation_index["RUS"]].all()
        assert rel(scenario, years, 1995, "PAK", "USA") < 10
    if start == 2001:
        assert not years[2001]["active"][:, scenario.nation_index["SUN"]].any()
        assert rel(scenario, years, 2005, "PAK", "USA") > 30
    assert rel(scenario, years, 2024, "PAK", "RUS") > 20


# --- history on the historical policy ---------------------------------------------------


def test_1955_pakistan_with_washington_india_with_moscow(history, campaign):
    assert rel(campaign, history, 1955, "PAK", "USA") > rel(campaign, history, 1955, "PAK", "SU")
    assert rel(campaign, history, 1955, "IND", "SU") > rel(campaign, history, 1955, "IND", "USA")


def test_bhutto_era_warming(history, campaign):
    sixties = mean_rel(campaign, history, 1960, 1969, "PAK", "SU")
    bhutto = mean_rel(campaign, history, 1972, 1978, "PAK", "SU")
    assert bhutto > sixties + 10


def test_1985_afghan_war_lines(history, campaign):
    assert rel(campaign, history, 1985, "PAK", "SU") < -40
    assert rel(campaign, history, 1985, "PAK", "USA") > 40


def test_early_1990s_us_turns_from_pakistan_to_india(history, campaign):
    pak_before = mean_rel(campaign, history, 1985, 1989, "PAK", "USA")
    pak_after = mean_rel(campaign, history, 1991, 1994, "PAK", "USA")
    ind_before = mean_rel(campaign, history, 1985, 1989, "IND", "USA")
    ind_after = mean_rel(campaign, history, 1991, 1994, "IND", "USA")
    assert pak_after < pak_before - 30
    assert ind_after > ind_before + 10


def test_2020s_two_camps_and_russia_closest_to_pakistan(history, campaign):
    index = campaign.nation_index
    for year in range(2020, 2025):
        blocs = history[year]["blocs"]
        usa, ind, pak, chn = (blocs[:, index[n]] for n in ("USA", "IND", "PAK", "CHN"))
        assert ((usa == ind) & (usa > 0)).all(), year
        assert ((pak == chn) & (pak > 0)).all(), year
        assert (usa != pak).all(), year
    before = max(rel(campaign, history, y, "PAK", "SU") for y in range(1947, 2015))
    assert mean_rel(campaign, history, 2020, 2024, "PAK", "RUS") > before
    assert 25 <= rel(campaign, history, 2024, "PAK", "RUS") <= 45


def test_calibration_within_targets():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import history_check
    finally:
        sys.path.pop(0)
    run = history_check.run_history(MAIN, seeds=4)
    for period, error in history_check.decade_mae(run).items():
        assert error <= 15, f"{period}: MAE {error:.1f}"
    for year, nation, stat, _, _, error in history_check.stat_table(run):
        assert abs(error) <= 25, f"{year} {nation} {stat}: {error:+.1f}%"


# --- alternate history: choices change what comes later --------------------------------


def test_branch_refusing_the_pacts(history, campaign):
    branch = run_years(campaign, forced={"mdaa_1954": "stay_nonaligned"})
    index = campaign.nation_index
    assert not fired(campaign, branch, 1957, "seato_1954").any()
    assert not fired(campaign, branch, 1957, "baghdad_pact_1955").any()
    assert fired(campaign, branch, 1957, "khrushchev_even_hand").all()
    assert not fired(campaign, branch, 1962, "u2_incident").any()
    assert fired(campaign, history, 1962, "u2_incident").all()
    aid_history = history[1960]["aid"][:, index["USA"], index["PAK"]].mean()
    aid_branch = branch[1960]["aid"][:, index["USA"], index["PAK"]].mean()
    assert aid_branch < aid_history / 2
    assert rel(campaign, branch, 1960, "PAK", "SU") > rel(campaign, history, 1960, "PAK", "SU") + 30


def test_branch_staying_out_of_the_afghan_war(history, campaign):
    branch = run_years(campaign, forced={"afghan_jihad_1980": "stay_out"})
    index = campaign.nation_index
    # the Soviet war ends sooner ...
    assert (first_year(campaign, branch, "soviets_left") <= 1988).all()
    assert (first_year(campaign, history, "soviets_left") >= 1989).all()
    # ... US sanctions come earlier ...
    assert branch[1985]["sanctions"][:, index["USA"], index["PAK"]].all()
    assert not history[1985]["sanctions"][:, index["USA"], index["PAK"]].any()
    assert not fired(campaign, branch, 1990, "reagan_package_1981").any()
    # ... and a grateful Moscow after 1991 instead of a cold one
    assert fired(campaign, branch, 1993, "russia_grateful_1992").all()
    assert not fired(campaign, branch, 1993, "russia_weighs_pakistan_1992").any()
    assert (
        rel(campaign, branch, 1995, "PAK", "RUS") > rel(campaign, history, 1995, "PAK", "RUS") + 30
    )


def test_branch_keeping_the_steel_mill_running(history, campaign):
    branch = run_years(campaign, forced={"steel_mill_crossroads_2006": "modernise_with_russia"})
    index, treaty = campaign.nation_index, campaign.treaty_index["STEEL_MILL"]
    assert fired(campaign, history, 2016, "steel_mill_halt_2015").all()
    assert not fired(campaign, branch, 2030, "steel_mill_halt_2015").any()
    assert not fired(campaign, branch, 2030, "steel_mill_gas_cut_2024").any()
    assert fired(campaign, branch, 2017, "steel_partnership_2016").all()
    assert (branch[2020]["treaties"][:, treaty] == IN_FORCE).all()
    assert (history[2020]["treaties"][:, treaty] == ENDED).all()
    trade_branch = branch[2020]["trade"][:, index["PAK"], index["RUS"]].mean()
    trade_history = history[2020]["trade"][:, index["PAK"], index["RUS"]].mean()
    assert trade_branch > trade_history + 10


def test_branch_forgoing_the_bomb(history, campaign):
    branch = run_years(campaign, forced={"pak_bomb_1974": "forgo"})
    index = campaign.nation_index
    assert not fired(campaign, branch, 1995, "pressler_cutoff_1990").any()
    assert not fired(campaign, branch, 2000, "pak_tests_1998").any()
    assert fired(campaign, branch, 1999, "pak_without_bomb_1998").all()
    assert not branch[1995]["sanctions"][:, index["USA"], index["PAK"]].any()
    assert history[1995]["sanctions"][:, index["USA"], index["PAK"]].all()
    assert (
        rel(campaign, branch, 1995, "PAK", "USA") > rel(campaign, history, 1995, "PAK", "USA") + 30
    )


def test_branch_refusing_washington_after_9_11(history, campaign):
    branch = run_years(campaign, forced={"nine_eleven": "refuse"})
    index = campaign.nation_index
    assert not fired(campaign, branch, 2010, "mnna_2004").any()
    assert not fired(campaign, branch, 2012, "abbottabad_2011").any()
    assert branch[2005]["sanctions"][:, index["USA"], index["PAK"]].all()
    assert (
        rel(campaign, branch, 2005, "PAK", "USA") < rel(campaign, history, 2005, "PAK", "USA") - 60
    )
    assert rel(campaign, branch, 2005, "IND", "USA") > rel(campaign, history, 2005, "IND", "USA")


def test_branch_putin_keeps_the_2012_date(history, campaign):
    branch = run_years(campaign, forced={"putin_cancels_2012": "go"})
    assert flag(campaign, branch, 2013, "putin_visited").all()
    assert not flag(campaign, history, 2013, "putin_visited").any()
    assert not fired(campaign, branch, 2030, "historic_day").any()
    assert fired(campaign, branch, 2015, "after_the_visit").all()
    assert (
        rel(campaign, branch, 2014, "PAK", "RUS") > rel(campaign, history, 2014, "PAK", "RUS") + 8
    )


def test_the_historic_day_needs_warm_relations(campaign):
    """The first visit of a Russian president happens only if relations allow it."""
    seeds = list(range(24))
    sim = Simulation(campaign, seed=seeds, policy="ai", record=False)
    index, event = campaign.nation_index, campaign.event_index["historic_day"]
    visited = np.zeros(len(seeds), dtype=bool)
    while not sim.done:
        before = sim.state.fired_count[:, event].copy()
        sim.step()
        now = sim.state.fired_count[:, event] > before
        if now.any():
            assert (sim.state.relations[now, index["PAK"], index["RUS"]] > 30).all()
        visited |= now
    assert visited.any() and not visited.all()
