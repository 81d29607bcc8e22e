"""Diplomatic actions: the shipped set, legality, odds, effects on both sides and on third
parties, failures, saturation, mediation, treaties, and orders that cannot be used."""

from __future__ import annotations

import math
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import json  # noqa: E402

import pytest  # noqa: E402

from game import Orders, ScenarioError, Simulation, initial_state, load_scenario, step  # noqa: E402
from game.diplomacy import ActionOrder, action_line, legal_orders  # noqa: E402
from game.diplomacy.ai import PASSIVE  # noqa: E402
from game.invariants import assert_invariants  # noqa: E402
from game.phases.diplomacy import diplomacy_phase  # noqa: E402
from game.rng import TurnRng  # noqa: E402
from tests.diplomacy_world import Nation, World  # noqa: E402

SURE_ACTIONS = """
[[actions]]
id = "visit"
name = "Visit"
log = "visits {target}"
cost = 1
effects = ["relation(SELF, TARGET) += 5", "trade(SELF, TARGET) += 1"]

[[actions]]
id = "gift"
name = "Gift"
cost = 100
effects = ["relation(SELF, TARGET) += 1"]

[[actions]]
id = "doomed"
name = "Doomed plan"
chance = 0
effects = ["stat(SELF, gdp) += 10"]
on_failure = ["relation(SELF, TARGET) -= 7"]

[[actions]]
id = "broker"
name = "Broker"
target = "mediation"
log = "brokers between {target} and {other}"
requires = "relation(TARGET, OTHER) < -30"
effects = ["relation(TARGET, OTHER) += 10", "peace(TARGET, OTHER)", "relation(SELF, TARGET) += 2"]

[[actions]]
id = "enter"
name = "Enter"
target = "treaty"
requires = "not member(TARGET, SELF)"
effects = ["join(TARGET, SELF)"]

[[actions]]
id = "quit"
name = "Quit"
target = "treaty"
requires = "member(TARGET, SELF)"
effects = ["leave(TARGET, SELF)"]

[[actions]]
id = "bomb"
name = "Bomb"
target = "none"
cooldown = 3
requires = "stat(SELF, nuclear) < 3"
effects = ["stat(SELF, nuclear) += 1"]
"""


def sure_world(relations=None, **extra) -> World:
    nations = [Nation("AAA", gdp=20), Nation("BBB", gdp=40), Nation("CCC", gdp=80)]
    treaty = '[[treaties]]\nid = "CLUB"\nname = "The Club"\nkind = "organisation"\nmembers = ["BBB", "CCC"]\nstart = 2000\n'
    return World(
        nations, relations or {}, extra=SURE_ACTIONS + treaty, shared_actions=False, **extra
    )


def quiet_state(scenario, player="AAA", seeds=1):
    """A state where every nation but the player's stays passive, so effects are the player's alone."""
    state = initial_state(scenario, seeds=seeds, player=player)
    state.ai_script[:] = PASSIVE
    return state


def act(state, orders):
    """Run the diplomacy part of one turn on a copy; return (new state, report, rejected)."""
    new = state.copy()
    rejected: list[str] = []
    report = diplomacy_phase(
        new, TurnRng(new.seeds, new.turn), new.year, new.turn, orders, rejected
    )
    return new, report, rejected


def test_the_shipped_actions_cover_the_design(example):
    wanted = {
        "state_visit", "trade_agreement", "ask_aid", "give_aid", "buy_arms", "sell_arms", "joint_exercise",
        "join_treaty", "leave_treaty", "denounce", "sanction", "mediate", "support_insurgents",
        "non_alignment", "nuclear_programme", "grant_base", "host_pipeline",
    }  # fmt: skip
    assert wanted <= set(example.action_index)
    kinds = {a.id: a.target for a in example.actions}
    assert (
        kinds["mediate"] == "mediation"
        and kinds["join_treaty"] == "treaty"
        and kinds["nuclear_programme"] == "none"
    )


def test_a_visit_moves_the_relation_trade_and_capital(tmp_path):
    scenario = sure_world().load(tmp_path)
    state = quiet_state(scenario)
    passive, _, _ = act(state, [])
    new, report, rejected = act(state, [ActionOrder("visit", "BBB")])
    assert rejected == []
    a, b = scenario.nation_index["AAA"], scenario.nation_index["BBB"]
    assert new.relations[0, a, b] == pytest.approx(state.relations[0, a, b] + 5.0)
    assert new.relations[0, b, a] == new.relations[0, a, b]
    assert new.trade[0, a, b] == pytest.approx(state.trade[0, a, b] + 1.0)
    assert new.capital[0, a] == pytest.approx(passive.capital[0, a] - 1.0)
    assert report.success[0, a].sum() == 1 and report.by_person[0, a, 0]


def test_effects_saturate_toward_the_extremes(tmp_path):
    scenario = sure_world({("AAA", "BBB"): 95.0}).load(tmp_path)
    state = quiet_state(scenario)
    new, _, _ = act(state, [ActionOrder("visit", "BBB")])
    assert new.relations[0, 0, 1] == pytest.approx(100.0 - 5.0 * math.exp(-5.0 / 50.0))
    # The action panel promises what the engine does: +0.48, not the slope's +0.25.
    (visit,) = [o for o in legal_orders(state, "AAA") if o.action == "visit" and o.target == "BBB"]
    assert "+0.48" in visit.effects


def test_a_failed_action_has_its_failure_effects_only(tmp_path):
    scenario = sure_world().load(tmp_path)
    state = quiet_state(scenario)
    new, report, _ = act(state, [ActionOrder("doomed", "CCC")])
    assert not report.success[0, 0, 0] and report.option[0, 0, 0] >= 0
    assert new.relations[0, 0, 2] == pytest.approx(state.relations[0, 0, 2] - 7.0)
    assert new.stats[0, 0] == pytest.approx(state.stats[0, 0])


def test_actions_of_several_nations_in_one_turn_add_up(tmp_path):
    world = sure_world()
    world.nations = world.nations[:2]
    world.extra = SURE_ACTIONS
    scenario = world.load(tmp_path)
    state = initial_state(scenario, seeds=1)
    state.ai_script[0, :] = scenario.action_index[
        "visit"
    ]  # each repeats a visit: to the only other nation
    new, report, _ = act(state, None)
    assert (report.option[0, :, 0] >= 0).all() and report.success[0, :, 0].all()
    assert new.relations[0, 0, 1] == pytest.approx(state.relations[0, 0, 1] + 2 * 5.0)
    assert new.trade[0, 0, 1] == pytest.approx(state.trade[0, 0, 1] + 2 * 1.0)


def test_orders_that_cannot_be_used_are_reported_not_raised(tmp_path):
    scenario = sure_world().load(tmp_path)
    sim = Simulation(scenario, seed=1, player="AAA")
    orders = Orders(
        actions=[
            ActionOrder("no_such_action", "BBB"),
            ActionOrder("visit", "ZZZ"),
            ActionOrder("visit"),
            ActionOrder("gift", "BBB"),  # costs more capital than any nation has
            ActionOrder("bomb", "BBB"),  # takes no target
            ActionOrder("visit", "AAA"),  # not itself
            ActionOrder("visit", "BBB"),
            ActionOrder("visit", "CCC"),  # one of each action per turn
            ("enter", "CLUB"),
            42,
        ]
    )
    report = sim.step(orders)
    text = "\n".join(report.rejected)
    for phrase in (
        "no action 'no_such_action'",
        "no nation 'ZZZ'",
        "needs a target",
        "needs 100 diplomatic capital",
        "takes no target",
        "not a valid target",
        "only one of each action per turn",
        "not an action order",
    ):
        assert phrase in text, phrase
    taken = [r for r in sim.records[-1]["actions"] if r["nation"] == "AAA"]
    assert {(r["action"], r["target"]) for r in taken} == {("visit", "BBB"), ("enter", "CLUB")}
    assert all(r["reason"] == "player's order" for r in taken)


def test_an_order_legal_in_some_runs_only_is_used_there_and_counted(tmp_path):
    scenario = sure_world({("BBB", "CCC"): -60.0}).load(tmp_path)
    state = quiet_state(scenario, seeds=[1, 2])
    b, c = scenario.nation_index["BBB"], scenario.nation_index["CCC"]
    state.relations[1, b, c] = state.relations[1, c, b] = 0.0  # no quarrel left to broker in run 1
    new, report, rejected = act(state, [ActionOrder("broker", "BBB")])
    assert report.option[0, 0, 0] >= 0 and report.option[1, 0, 0] == -1
    assert any("in 1 of 2 runs" in r for r in rejected)


def test_orders_without_a_person_are_ignored_with_a_message(tmp_path):
    scenario = sure_world().load(tmp_path)
    report = step(initial_state(scenario, seeds=1), Orders(actions=[ActionOrder("visit", "BBB")]))[
        1
    ]
    assert any("no nation is played by a person" in r for r in report.rejected)


def test_mediation_names_the_chief_adversary_and_brings_peace(tmp_path):
    world = sure_world({("BBB", "CCC"): -80.0, ("AAA", "BBB"): 20.0, ("AAA", "CCC"): 20.0})
    path = world.write(tmp_path)
    text = path.read_text().replace("value = -80.0\n", "value = -80.0\nat_war = true\n")
    path.write_text(text)
    scenario = load_scenario(path)
    state = quiet_state(scenario)
    option = next(
        o for o in legal_orders(state, "AAA") if o.action == "broker" and o.target == "BBB"
    )
    assert option.other == "CCC" and "peace between" in option.effects
    new, report, _ = act(state, [option.order()])
    b, c = scenario.nation_index["BBB"], scenario.nation_index["CCC"]
    assert state.war[0, b, c] and not new.war[0, b, c] and not new.war[0, c, b]
    assert new.relations[0, b, c] == pytest.approx(-70.0)  # a rise from -80 takes hold in full
    assert report.other[0, 0, 0] == c


def test_joining_and_leaving_a_treaty(tmp_path):
    scenario = sure_world().load(tmp_path)
    club = scenario.treaty_index["CLUB"]
    state = quiet_state(scenario)
    joined, _, _ = act(state, [ActionOrder("enter", "CLUB")])
    assert joined.members[0, club, 0]
    options = {o.action for o in legal_orders(joined, "AAA")}
    assert "quit" in options and "enter" not in options
    left, _, _ = act(joined, [ActionOrder("quit", "CLUB")])
    assert not left.members[0, club, 0]


def test_cooldown_blocks_the_action_until_it_has_passed(tmp_path):
    scenario = sure_world().load(tmp_path)
    sim = Simulation(scenario, seed=1, player="AAA")
    sim.state.ai_script[:] = PASSIVE
    sim.step(Orders(actions=[ActionOrder("bomb")]))
    assert sim.state.stat("AAA", "nuclear") == 1
    report = sim.step(Orders(actions=[ActionOrder("bomb")]))
    assert any("possible again in 2003" in r for r in report.rejected)
    sim.step(Orders(actions=[]))
    sim.step(Orders(actions=[ActionOrder("bomb")]))
    assert sim.state.stat("AAA", "nuclear") == 2


def test_chance_rises_with_relations_and_patrons_frown_on_their_rivals(tmp_path):
    """The US frowns on Pakistan buying Soviet arms; China welcomes Pakistan–Russia ties."""
    nations = [
        Nation("PAK", gdp=10),
        Nation("USA", gdp=400, defence_share=6),
        Nation("SUN", gdp=300, defence_share=10),
        Nation("CHN", gdp=60),
    ]
    base = {("USA", "SUN"): -70.0, ("CHN", "SUN"): 50.0, ("PAK", "CHN"): 40.0}

    def buy_chance(pak_usa: float, pak_sun: float) -> float:
        world = World(nations, {**base, ("PAK", "USA"): pak_usa, ("PAK", "SUN"): pak_sun})
        folder = tmp_path / f"w{pak_usa}_{pak_sun}"
        folder.mkdir(exist_ok=True)
        state = quiet_state(world.load(folder), player="PAK")
        return next(
            o.chance
            for o in legal_orders(state, "PAK")
            if o.action == "buy_arms" and o.target == "SUN"
        )

    assert buy_chance(0.0, 40.0) > buy_chance(0.0, 0.0)  # better relations, better odds
    assert buy_chance(60.0, 0.0) < buy_chance(0.0, 0.0)  # Washington's friend finds it harder

    folder = tmp_path / "react"
    folder.mkdir()
    scenario = World(nations, {**base, ("PAK", "USA"): 30.0, ("PAK", "SUN"): 10.0}).load(folder)
    state = quiet_state(scenario, player="PAK")
    for seed in range(40):
        state.seeds[:] = seed
        new, report, _ = act(state, [ActionOrder("buy_arms", "SUN")])
        if report.success[0, 0, 0]:
            break
    else:
        pytest.fail("no seed in 40 let the purchase succeed")
    ix = scenario.nation_index
    change = new.relations[0] - state.relations[0]
    assert change[ix["PAK"], ix["USA"]] == pytest.approx(
        3 * -0.7
    )  # react 3 x USA's view of the seller
    assert change[ix["PAK"], ix["CHN"]] == pytest.approx(
        3 * 0.5
    )  # a rise from +40 takes hold in full: below the knee at +50 (game.ties)
    assert new.stat("PAK", "military") == pytest.approx(state.stat("PAK", "military") * 1.08)
    assert "Nation USA -2.1, Nation CHN +1.5" in next(
        o.effects
        for o in legal_orders(state, "PAK")
        if o.action == "buy_arms" and o.target == "SUN"
    )


def test_legal_orders_are_exactly_what_the_engine_accepts(example):
    sim = Simulation(example, seed=5, player="PAK")
    for _ in range(12):
        options = legal_orders(sim.state, "PAK", include_illegal=True)
        legal = [o for o in options if o.legal]
        illegal = [o for o in options if not o.legal]
        assert legal and illegal
        assert all(o.why_not for o in illegal) and all(
            0.0 <= o.chance <= 1.0 and o.cost > 0 for o in legal
        )
        probe = sim.state.copy()
        for option in legal[:6] + illegal[:6]:
            _, report, rejected = act(probe, [option.order()])
            assert (rejected == []) == option.legal, (option, rejected)
        sim.step(Orders(actions=[legal[0].order()]))
        assert_invariants(sim.state)


def test_the_json_records_every_action_with_a_reason(example):
    sim = Simulation(example, seed=2, policy="ai").run(1960)
    data = json.loads(json.dumps(sim.to_json()))
    actions = [a for turn in data["turns"] for a in turn["actions"]]
    assert actions
    for record in actions:
        assert set(record) >= {"nation", "action", "target", "success", "reason"}
        assert record["nation"] in example.nation_index and record["action"] in example.action_index
    assert all(a["reason"] for a in actions)
    line = action_line(example, actions[0])
    assert line.startswith(example.nations[example.nation_index[actions[0]["nation"]]].name + ": ")


BAD_ACTIONS = """schema_version = 1
[[actions]]
id = "visit"
name = "Visit"
effects = ["relation(SELF, OTHER) += 5"]

[[actions]]
id = "grab"
name = "Grab"
effects = ["relation(SELF, TARGET) = 5", "war(SELF, TARGET)"]

[[actions]]
id = "odd"
name = "Odd"
target = "planet"
log = "lands on {moon}"
[actions.odds]
luck = 2

[[actions]]
id = "visit"
name = "Again"
"""


def test_bad_action_tables_are_reported_with_file_and_line(tmp_path):
    world = sure_world()
    world.extra = ""
    path = world.write(tmp_path)
    (tmp_path / "bad.toml").write_text(BAD_ACTIONS, encoding="utf-8")
    path.write_text(
        path.read_text().replace(
            "schema_version = 1\n", 'schema_version = 1\ninclude = ["bad.toml"]\n', 1
        )
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problems = [str(p) for p in caught.value.problems]
    text = "\n".join(problems)
    lines = BAD_ACTIONS.splitlines()

    def at(needle: str) -> str:
        return f"bad.toml:{next(k for k, line in enumerate(lines, 1) if needle in line)}:"

    assert at('effects = ["relation(SELF, OTHER)') in text and "unknown nation 'OTHER'" in text
    assert "action effects add or subtract; '=' is not allowed" in text
    assert "war() cannot be used in an action" in text
    assert at('target = "planet"') in text and "unknown target kind 'planet'" in text
    assert "unknown placeholder '{moon}'" in text
    assert "unknown key 'luck'" in text
    assert "duplicate action id 'visit'" in text


def test_under_the_historical_policy_only_the_person_acts(example):
    """History has no actions beyond its events: AI nations stay still, a person does not."""
    sim = Simulation(example, seed=2, player="PAK")
    report = sim.step(Orders(actions=[ActionOrder("state_visit", "USA")]))
    taken = report.actions.option[0] >= 0
    assert taken[example.nation_index["PAK"]].any() and taken.sum() == 1
    quiet = Simulation(example, seed=2).run(1960)
    assert all(not turn["actions"] for turn in quiet.records)
