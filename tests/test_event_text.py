"""Event text that follows earlier choices (`[[events.variants]]`), the event's `kind`
(HISTORY'S CHOICE only on history's events), and the year an event dialog shows."""

from __future__ import annotations

import numpy as np
import pytest

from game import ScenarioError, load_scenario
from game.client.explain import event_text, history_took
from game.client.session import Session
from game.construction import initial_state
from tests.conftest import ROOT, TINY

EVENTS = """
[[events]]
id = "offer"
title = "An offer"
text = "The plain text."
kind = "{kind}"
years = [2001, 2001]
nation = "AAA"
[[events.variants]]
when = "flag(refused)"
text = "The text after a refusal."
[[events.options]]
id = "take"
label = "Take it"
historical = true
effects = ["set_flag(refused)"]
[[events.options]]
id = "leave"
label = "Leave it"
"""


def test_a_variant_replaces_the_text_when_its_condition_holds(write_scenario):
    scenario = load_scenario(write_scenario(TINY + EVENTS.format(kind="history")))
    event = scenario.events[0]
    assert len(event.variants) == 1 and event.kind == "history"
    state = initial_state(scenario, 0, "historical", "AAA")
    assert event_text(event, state) == "The plain text."
    state.flags[0, scenario.flag_index["refused"]] = True
    assert event_text(event, state) == "The text after a refusal."


@pytest.mark.parametrize("kind", ["alternate", "future"])
def test_history_took_only_on_events_that_happened(write_scenario, kind):
    happened = load_scenario(write_scenario(TINY + EVENTS.format(kind="history"))).events[0]
    other = load_scenario(write_scenario(TINY + EVENTS.format(kind=kind), "b.toml")).events[0]
    assert history_took(happened, 0) and not history_took(happened, 1)
    assert not history_took(other, 0)


def test_a_bad_kind_or_condition_is_reported_with_its_key(write_scenario):
    text = TINY + EVENTS.format(kind="maybe").replace('when = "flag(refused)"', 'when = "flag("')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_scenario(text))
    messages = " ".join(str(p) for p in caught.value.problems)
    assert "events[0].kind" in messages and "history, alternate, future" in messages
    assert "events[0].variants[0].when" in messages


def test_the_campaign_marks_its_alternate_and_future_events():
    campaign = load_scenario(ROOT / "scenarios" / "pak_russia_1947.toml")
    kinds = {e.id: e.kind for e in campaign.events}
    assert kinds["bangladesh_insurgency"] == "alternate"
    assert kinds["between_blocs_2025"] == "future"
    assert kinds["war_1971"] == "history"
    for event in campaign.events:
        if event.note.startswith(("Alternate", "Future")):
            assert event.kind != "history", event.id
    # The Soviet credit of 1961 reads differently for a Pakistan outside the pacts.
    credit = campaign.events[campaign.event_index["soviet_oil_credit_1961"]]
    state = initial_state(campaign, 0, "historical", "PAK")
    assert "western pacts" in event_text(credit, state) and "staying out" in event_text(
        credit, state
    )
    state.flags[0, campaign.flag_index["pak_in_pacts"]] = True
    assert "first Soviet loan to a member" in event_text(credit, state)
    assert "Bangladesh is born" not in campaign.events[campaign.event_index["war_1971"]].text


def test_an_event_dialog_shows_the_year_the_log_gives():
    campaign = load_scenario(ROOT / "scenarios" / "pak_russia_1947.toml")
    session = Session.new(campaign, "PAK", seed=0)
    checked = 0
    while session.year_of(session.last) < 1975:
        for pending in session.pending():
            logged = [e.year for e in session.log() if e.event_id == pending.event.id]
            assert session.fired_year(pending.event.id) == logged[-1]
            assert session.fired_year(pending.event.id) == session.year_of(session.last) - 1
            checked += 1
        session.end_turn({})
    assert checked > 10
    assert np.all(campaign.events[0].years)  # the scenario still loads events with years
