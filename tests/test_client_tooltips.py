"""The main view's tooltip words and the coming turn's orders, without a window: both
modules are plain Python over the session (no pygame), so their rules are tested here
as named small cases."""

import subprocess
import sys
from pathlib import Path

import pytest

from game import load_scenario
from game.client import palette, tooltips
from game.client.session import Session
from game.client.turn_flow import TurnOrders
from tests.conftest import ROOT

SHORT = Path(__file__).resolve().parent / "data" / "client_short.toml"


pytestmark = pytest.mark.usefixtures("private_folders")


@pytest.fixture()
def session() -> Session:
    return Session.new(load_scenario(SHORT), "PAK", seed=1)


def test_the_tooltip_builder_and_the_turn_orders_never_import_pygame():
    code = (
        "import sys\nimport game.client.tooltips, game.client.turn_flow\n"
        "print(any(m.split('.')[0] in ('pygame', 'pygame_gui') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_year_says_which_turn_and_whether_it_is_the_past(session):
    tip = tooltips.year_tip(session, 0, 1953, viewing=False)
    assert tip.startswith("<b>1953</b>: turn 1 of 5.") and "1953–1957" in tip
    assert "looking at the past" not in tip
    session.end_turn({})
    past = tooltips.year_tip(session, 0, 1953, viewing=True)
    assert past.endswith("You are looking at the past: the present is 1954.")
    assert tooltips.turn_tip(session, 1) == "Turn 2 of 5: 4 turns remain, each 12 months."


def test_turns_count_from_the_campaigns_first_turn_and_stop_at_the_last(session):
    session.first_turn = 3  # as when a save's early turns could not be replayed
    assert session.turn_number(0) == 4
    assert session.turn_number(5) == 5  # after the last turn the top bar still says 5 of 5
    assert tooltips.turn_tip(session, 2) == "Turn 5 of 5: 0 turns remain, each 12 months."


def test_a_nation_on_the_map_gives_its_camp_and_its_relation_with_you(session):
    scenario = session.scenario
    india = scenario.nation_index["IND"]
    tip = tooltips.nation_tip(session, 0, india)
    camps = session.camps(0)
    assert tip.startswith(f"<b>India</b><br>{camps.status(india)}")
    assert "Relation with Pakistan:" in tip and tip.endswith("<i>Click to select.</i>")
    own = tooltips.nation_tip(session, 0, session.player)
    assert "Relation with" not in own


def test_names_are_escaped_for_the_tooltips_html(tmp_path):
    text = SHORT.read_text(encoding="utf-8").replace('name = "India"', 'name = "India <& Co>"')
    path = tmp_path / "renamed.toml"
    path.write_text(text, encoding="utf-8")
    session = Session.new(load_scenario(path), "PAK", seed=1)
    india = session.scenario.nation_index["IND"]
    tip = tooltips.nation_tip(session, 0, india)
    assert "India &lt;&amp; Co&gt;" in tip and "<& Co>" not in tip
    assert tooltips.treaties_tip(["A & B"]) == "<b>Treaties in force</b><br>A &amp; B"


def test_a_relation_tells_its_level_trade_aid_war_and_why_it_moved(session):
    pak, ind = session.player, session.scenario.nation_index["IND"]
    first = tooltips.relation_tip(session, pak, ind, 0, [])
    assert first.startswith("<b>Pakistan – India:")
    assert "(−100 hostile … +100 allied)" in first and "trade ties" in first
    assert "because of" not in first, "nothing moved it before the first turn"
    assert "At war." not in first
    at_war = tooltips.relation_tip(session, pak, ind, 0, ["war", "treaty"])
    assert f"<font color='{palette.TEXT_ALARM}'>At war.</font>" in at_war
    assert "Treaty partners." in at_war
    session.end_turn({})
    later = tooltips.relation_tip(session, pak, ind, 1, [])
    assert "<b>Last turn" in later and "because of:" in later


def test_stat_tips_say_the_change_over_the_last_turn(session):
    stats = session.states[0].stats[0, 0].copy()
    previous = stats.copy()
    previous[0] -= 1.5
    tip = tooltips.stat_tip("population", stats, previous)
    assert tip.endswith("<br>Change over the last turn: +1.50.")
    assert "Change" not in tooltips.stat_tip("population", stats, None)


def test_the_timeline_names_a_markers_events_or_says_what_a_click_does(session):
    assert tooltips.timeline_tip(session, None, (), 1955) == "Click or drag to see the map in 1955."
    tip = tooltips.timeline_tip(session, 2, ["Arms & aid"], 1955)
    assert tip == "<b>1954</b><br>Arms &amp; aid"


def test_turn_orders_answer_play_and_start_the_next_turn_empty(session):
    orders = TurnOrders(session)
    assert orders.unanswered() == []
    orders.play()  # the short scenario asks Pakistan its first question in its second year
    pending = orders.unanswered()
    assert pending and pending == session.pending()
    for p in pending:
        orders.choose(p.event.id, 0)
    assert orders.unanswered() == []
    wanted = {p.event.id: p.event.options[0].id for p in pending}
    assert session.sim.draft["choices"] == wanted, "the draft keeps the answers for a save"
    report, taken = orders.play()
    assert taken == {p.event.id: 0 for p in pending}
    assert orders.choices == {} and orders.planned == []
    assert session.last == 2 and report is session.reports[-1]
    assert session.sim.draft == {"choices": {}, "actions": [], "crisis_moves": {}}
    assert orders.status().endswith("0 of 3 actions ordered")


def test_answers_kept_in_a_draft_are_given_again_after_loading(session):
    orders = TurnOrders(session)
    orders.play()
    event = session.pending()[0].event
    orders.choose(event.id, 1)
    again = TurnOrders(session)  # what a loaded game's main view builds
    assert again.choices == {event.id: 1}


def test_an_order_the_rules_refuse_is_refused_when_given(session):
    orders = TurnOrders(session)
    options = [o for o in orders_options(session) if o.legal]
    first = options[0]
    assert orders.toggle(first) == "" and orders.planned == [first]
    twin = next((o for o in options if o.action == first.action and o.key != first.key), None)
    if twin is not None:
        assert "one of each action per turn" in orders.toggle(twin)
    assert orders.toggle(first) == "" and orders.planned == [], "a second press takes it back"


def orders_options(session: Session):
    from game.client import diplomacy_bridge

    return diplomacy_bridge.options(session.state, session.scenario.nation_ids[session.player])
