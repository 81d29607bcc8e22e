"""Laws and doctrines ([[restrictions]]): an option a nation's law closes is not legal, for
the AI and the player alike, in the runs and years where the condition holds; the panel
says which law; bad tables are refused with their key path."""

from __future__ import annotations

import numpy as np
import pytest

from game import Simulation, initial_state, load_scenario
from game.diplomacy import legal_orders
from game.errors import ScenarioError
from tests.diplomacy_world import Nation, World, interests
from tests.test_calibration import CAMPAIGN


def law_world(restriction: str) -> World:
    """AAA, rich, may give aid to BBB and CCC; `restriction` is appended as data."""
    return World(
        [Nation("AAA", gdp=600), Nation("BBB", gdp=20), Nation("CCC", gdp=20)],
        relations={("AAA", "BBB"): 40, ("AAA", "CCC"): 40, ("BBB", "CCC"): -50},
        interests=interests("AAA", clients=["BBB", "CCC"]),
        extra=restriction,
        years=(2000, 2010),
    )


EMBARGO = """
[[restrictions]]
nation = "AAA"
actions = ["give_aid", "sell_arms"]
targets = ["BBB"]
while = "relation(BBB, CCC) < -40"
why = "the embargo law bars aid and arms to BBB while it menaces CCC"
"""


def aid_option(state, target: str, run: int = 0):
    options = legal_orders(state, "AAA", run=run, include_illegal=True)
    return next(o for o in options if o.action == "give_aid" and o.target == target)


def test_a_law_closes_the_option_only_where_its_condition_holds(tmp_path):
    scenario = law_world(EMBARGO).load(tmp_path)
    state = initial_state(scenario, seeds=[0, 1], policy="ai")
    b, c = scenario.nation_index["BBB"], scenario.nation_index["CCC"]
    state.relations[1, b, c] = state.relations[1, c, b] = 0.0  # run 1: no menace, no law
    closed = aid_option(state, "BBB", run=0)
    assert not closed.legal
    assert closed.why_not == (
        "forbidden: the embargo law bars aid and arms to BBB while it menaces CCC"
    )
    assert aid_option(state, "BBB", run=1).legal
    assert aid_option(state, "CCC", run=0).legal  # another target: untouched


def test_without_the_law_the_same_option_is_open(tmp_path):
    state = initial_state(law_world("").load(tmp_path), seeds=[0], policy="ai")
    assert aid_option(state, "BBB").legal


def test_the_ai_never_takes_a_forbidden_action(tmp_path):
    """In every run and year where the law's condition holds, AAA gives BBB no aid and no
    arms, though it goes on courting BBB by other means."""
    scenario = law_world(EMBARGO).load(tmp_path)
    sim = Simulation(scenario, seed=list(range(16)), policy="ai", record=False)
    a, b, c = (scenario.nation_index[n] for n in ("AAA", "BBB", "CCC"))
    forbidden = {scenario.action_index["give_aid"], scenario.action_index["sell_arms"]}
    from game.diplomacy.rules import compile_diplomacy

    rules = compile_diplomacy(scenario)
    taken_on_b = bound_years = 0
    while not sim.state.done:
        bound = sim.state.relations[:, b, c] < -40
        report = sim.step()
        for run in np.flatnonzero(bound):
            bound_years += 1
            options = report.actions.option[run, a][report.actions.option[run, a] >= 0]
            for option in options:
                if rules.option_nation[option] == b:
                    taken_on_b += 1
                    assert rules.option_action[option] not in forbidden
    assert bound_years > 16 * 5  # the law bound in most run-years
    assert taken_on_b > 0  # AAA does court BBB, by other means


def test_an_unconditional_doctrine_binds_every_target(tmp_path):
    doctrine = '[[restrictions]]\nnation = "AAA"\nactions = ["give_aid"]\nwhy = "thrift"\n'
    state = initial_state(law_world(doctrine).load(tmp_path), seeds=[0], policy="ai")
    assert not aid_option(state, "BBB").legal and not aid_option(state, "CCC").legal


@pytest.mark.parametrize(
    ("table", "key", "message"),
    [
        ('nation = "ZZZ"\nactions = ["give_aid"]\nwhy = "x"', "restrictions[0].nation", "ZZZ"),
        (
            'nation = "AAA"\nactions = ["give_aids"]\nwhy = "x"',
            "restrictions[0].actions[0]",
            "give_aids",
        ),
        ('nation = "AAA"\nactions = []\nwhy = "x"', "restrictions[0].actions", "at least one"),
        (
            'nation = "AAA"\nactions = ["give_aid"]\ntargets = ["QQQ"]\nwhy = "x"',
            "restrictions[0].targets[0]",
            "QQQ",
        ),
        (
            'nation = "AAA"\nactions = ["give_aid", "join_treaty"]\ntargets = ["BBB"]\nwhy = "x"',
            "restrictions[0].targets[0]",
            "one kind",
        ),
        (
            'nation = "AAA"\nactions = ["give_aid"]\nwhile = "relation(AAA, BBB)"\nwhy = "x"',
            "restrictions[0].while",
            "expected a condition",
        ),
        ('nation = "AAA"\nactions = ["give_aid"]', "restrictions[0]", "why"),
    ],
)
def test_a_bad_restriction_is_refused_with_its_key(tmp_path, table, key, message):
    with pytest.raises(ScenarioError, match=message) as error:
        law_world(f"[[restrictions]]\n{table}\n").load(tmp_path)
    assert key in str(error.value)


def test_too_many_restrictions_are_refused_at_the_first_one_past_the_limit(tmp_path):
    from game.loading.restrictions import MAX_RESTRICTIONS

    law = 'nation = "AAA"\nactions = ["give_aid"]\nwhy = "x"\n'
    tables = "".join(f"[[restrictions]]\n{law}" for _ in range(MAX_RESTRICTIONS + 1))
    with pytest.raises(ScenarioError) as error:
        law_world(tables).load(tmp_path)
    text = str(error.value)
    assert f"{MAX_RESTRICTIONS + 1} restrictions; the limit is {MAX_RESTRICTIONS}" in text
    assert f"restrictions[{MAX_RESTRICTIONS}]" in text


def test_the_pressler_law_holds_from_the_cut_off_until_it_is_waived():
    """Campaign: once Washington withholds the certificate, no American aid, arms or
    lifting of sanctions reaches Pakistan until an event waives the law."""
    scenario = load_scenario(CAMPAIGN)
    runs = 24
    sim = Simulation(scenario, seed=list(range(runs)), policy="ai", record=False)
    from game.diplomacy.rules import compile_diplomacy

    rules = compile_diplomacy(scenario)
    usa, pak = scenario.nation_index["USA"], scenario.nation_index["PAK"]
    barred = {scenario.action_index[a] for a in ("give_aid", "sell_arms", "lift_sanctions")}
    cut_off = scenario.flag_index["pressler_sanctions"]
    waived = scenario.flag_index["sanctions_waived"]
    bound_years = 0
    while sim.state.year < 2004:
        bound = sim.state.flags[:, cut_off] & ~sim.state.flags[:, waived]
        report = sim.step()
        options = report.actions.option[:, usa]
        for run in np.flatnonzero(bound):
            bound_years += 1
            for option in options[run][options[run] >= 0]:
                assert not (
                    rules.option_nation[option] == pak and rules.option_action[option] in barred
                ), f"run {run}, {report.year}: {rules.actions[rules.option_action[option]].id}"
    assert bound_years >= runs * 5  # the law did bind, for years, in most runs


def _chose(state, scenario, event: str, option: str) -> np.ndarray:
    e = scenario.event_index[event]
    index = [o.id for o in scenario.events[e].options].index(option)
    return state.last_choice[:, e] == index


@pytest.mark.parametrize(
    "target, barred, binds, until",
    [
        # The Glenn amendment: from India's tests until 9/11's waiver.
        (
            "IND",
            ("give_aid", "sell_arms", "lift_sanctions"),
            lambda state, scenario: (
                _chose(state, scenario, "india_tests_1998", "test")
                & (state.fired_count[:, scenario.event_index["nine_eleven"]] == 0)
            ),
            2003,
        ),
        # The Crimea sanctions written into law: Washington cannot lift them on its own.
        (
            "RUS",
            ("lift_sanctions",),
            lambda state, scenario: _chose(state, scenario, "crimea_2014", "sanction"),
            2022,
        ),
    ],
    ids=["glenn-amendment", "crimea-sanctions-law"],
)
def test_the_campaigns_sanction_laws_bind_washington(target, barred, binds, until):
    """Campaign: in the runs and years where the law's event went as history did, the AI
    never takes the barred actions toward the target; and the law did bind, in most runs."""
    from game.diplomacy.rules import compile_diplomacy

    scenario = load_scenario(CAMPAIGN)
    runs = 16
    sim = Simulation(scenario, seed=list(range(runs)), policy="ai", record=False)
    rules = compile_diplomacy(scenario)
    usa, aim = scenario.nation_index["USA"], scenario.nation_index[target]
    closed = {scenario.action_index[a] for a in barred}
    bound_years, bound_runs = 0, set()
    while sim.state.year < until:
        bound = binds(sim.state, scenario)
        report = sim.step()
        options = report.actions.option[:, usa]
        for run in np.flatnonzero(bound):
            bound_years += 1
            bound_runs.add(run)
            for option in options[run][options[run] >= 0]:
                assert not (
                    rules.option_nation[option] == aim and rules.option_action[option] in closed
                ), f"run {run}, {report.year}: {rules.actions[rules.option_action[option]].id}"
    assert len(bound_runs) >= runs // 2 and bound_years > len(bound_runs)
