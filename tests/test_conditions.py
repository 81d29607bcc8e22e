"""Why an option is not available, in words a player reads (game.diplomacy.conditions)."""

from __future__ import annotations

import pytest

from game.diplomacy.conditions import condition_text

NAMES = {"SELF": "Pakistan", "TARGET": "India", "OTHER": "its adversary", "USA": "United States"}


@pytest.mark.parametrize(
    ("requires", "words"),
    [
        ("relation(SELF, TARGET) > -20", "relations Pakistan–India above -20"),
        ("relation(SELF, USA) <= 10", "relations Pakistan–United States at most 10"),
        (
            "stat(TARGET, gdp) > 3 * stat(SELF, gdp)",
            "India's GDP above 3 × Pakistan's GDP",
        ),
        ("not member(TARGET, SELF)", "Pakistan not a member of India"),
        ("not at_war(SELF, TARGET)", "Pakistan not at war with India"),
        ("not sanctions(TARGET, SELF)", "India not sanctioning Pakistan"),
        ("aid(TARGET, SELF) < 1", "aid from India to Pakistan below 1"),
        ("trade(SELF, TARGET) < 60 and flag(x)", "trade Pakistan–India below 60 and flag(x)"),
    ],
)
def test_conditions_read_as_words(requires, words):
    assert condition_text(requires, NAMES) == words


def test_a_name_that_holds_an_id_is_written_once():
    """A nation called "Nation AAA" (or "The USA Federation") is not renamed again."""
    names = {"SELF": "Nation AAA", "TARGET": "The USA Federation", "AAA": "Nation AAA"}
    assert condition_text("not sanctions(SELF, TARGET) and relation(AAA, TARGET) < 0", names) == (
        "Nation AAA not sanctioning The USA Federation and relations Nation AAA–The USA "
        "Federation below 0"
    )
    assert condition_text("flag(x) and AAA", names) == "flag(x) and Nation AAA"


def test_a_shortfall_of_capital_is_never_shown_as_the_cost(tmp_path):
    from game import initial_state
    from game.diplomacy.describe import survey
    from game.diplomacy.odds import why_not
    from tests.diplomacy_world import Nation, World

    scenario = World([Nation("AAA"), Nation("BBB")]).load(tmp_path)
    state = initial_state(scenario, seeds=0, policy="ai")
    _, board, odds = survey(state, state.year, state.turn)
    item = next(i for i in odds if i.action.definition.id == "denounce")  # costs 1
    assert why_not(board, item, 0, 1, capital=0.96) == "needs 1 diplomatic capital; 0.9 left"
