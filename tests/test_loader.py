"""The scenario loader: valid files load; every class of mistake gets a clear message
naming the file and line (or key path), and every problem in a file is reported at once."""

from __future__ import annotations

import pytest

from game import ScenarioError, load_scenario
from tests.conftest import EXAMPLE, ROOT, TINY


def problems(path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.problems, "a ScenarioError must carry problems"
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def test_example_loads(example):
    assert example.id == "example_minimal"
    assert len(example.nations) == 6
    assert len(example.events) >= 12
    assert example.turns == 84
    assert example.nations[example.nation_index["RUS"]].emerges.from_id == "SUN"
    assert example.relations[example.nation_index["PAK"], example.nation_index["IND"]] == -60


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_scenario_loads(path):
    scenario = load_scenario(path)
    assert scenario.nations and scenario.events


def test_tiny_defaults(write_scenario):
    scenario = load_scenario(write_scenario(TINY))
    assert scenario.months_per_turn == 12
    assert scenario.turns == 11
    assert scenario.relations[0, 1] == 0 and scenario.relations[0, 0] == 100
    assert scenario.nations[0].territory == ("AAA",)


def test_missing_file(tmp_path):
    [message] = problems(tmp_path / "nope.toml")
    assert "nope.toml: no such file" in message


def test_folder_instead_of_file(tmp_path):
    [message] = problems(tmp_path)
    assert "is a folder" in message and "hint" in message


def test_empty_file(write_scenario):
    [message] = problems(write_scenario("   \n"))
    assert "is empty" in message and "schema_version" in message


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(b"schema_version = 1\nname = '\xe9t\xe9'\n")
    [message] = problems(path)
    assert "not UTF-8" in message


def test_not_toml_names_line(write_scenario):
    path = write_scenario('schema_version = 1\n[scenario]\nid = "x\nname = 2\n')
    [message] = problems(path)
    assert f"{path}:3: not valid TOML" in message


def test_missing_schema_version(write_scenario):
    [message] = problems(write_scenario(TINY.replace("schema_version = 1", "")))
    assert "missing 'schema_version'" in message


def test_unsupported_schema_version(write_scenario):
    [message] = problems(write_scenario(TINY.replace("schema_version = 1", "schema_version = 7")))
    assert "schema_version 7 is not supported" in message


def test_wrong_type_with_line(write_scenario):
    text = TINY.replace("gdp = 100", 'gdp = "lots"')
    path = write_scenario(text)
    [message] = problems(path)
    assert message.startswith(f"{path}:{line_of(text, 'gdp = ' + chr(34))}:")
    assert "expected a number but found a string" in message


@pytest.mark.parametrize(
    ("value", "found"),
    [("true", "a boolean"), ("[1]", "a list"), ("{ a = 1 }", "a table"), ("2.5", "a number")],
)
def test_a_wrong_value_is_named_in_words(write_scenario, value, found):
    [message] = problems(write_scenario(TINY.replace('name = "Aland"', f"name = {value}", 1)))
    assert f"expected a string but found {found}" in message


def test_out_of_range(write_scenario):
    text = TINY.replace("defence_share = 3", "defence_share = 75")
    [message] = problems(write_scenario(text))
    assert "75 is out of range: expected between 0 and 60" in message
    assert f":{line_of(text, 'defence_share = 75')}:" in message


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_nan_and_inf_refused(write_scenario, value):
    [message] = problems(write_scenario(TINY.replace("gdp = 50", f"gdp = {value}")))
    assert "is not a usable number" in message


def test_unknown_key_with_suggestion(write_scenario):
    text = TINY.replace("gdp_growth = 3", "gdp_grwth = 3")
    missing, unknown = problems(write_scenario(text))
    assert "unknown key 'gdp_grwth'" in unknown and "did you mean 'gdp_growth'" in unknown
    assert f":{line_of(text, 'gdp_grwth')}:" in unknown
    assert "missing required key 'gdp_growth'" in missing


def test_duplicate_nation_id(write_scenario):
    text = TINY.replace('id = "BBB"', 'id = "AAA"')
    [message] = problems(write_scenario(text))
    assert "duplicate nation id 'AAA'" in message and "first defined at" in message


def test_bad_nation_id_shape(write_scenario):
    [message] = problems(write_scenario(TINY.replace('id = "BBB"', 'id = "Bland"')))
    assert "is not three capital letters" in message


def test_dangling_reference_with_did_you_mean(write_scenario):
    text = TINY + '\n[[relations]]\npair = ["AAA", "BBC"]\nvalue = 10\n'
    [message] = problems(write_scenario(text))
    assert "unknown nation 'BBC'" in message and "did you mean 'BBB'" in message
    assert f":{line_of(text, 'BBC')}:" in message


def test_bad_expression_reports_column_and_hint(write_scenario):
    text = (
        TINY
        + """
[[events]]
id = "meet"
title = "A meeting"
text = "They meet."
trigger = "relation(AAA, BBX) > 10"
[[events.options]]
id = "ok"
label = "Fine"
effects = ["relation(AAA, BBB) += 5", "stat(AAA, gpd) *= 2"]
"""
    )
    path = write_scenario(text)
    messages = problems(path)
    assert len(messages) == 2
    assert f"{path}:{line_of(text, 'trigger')}:" in messages[0]
    assert (
        "unknown nation 'BBX' at column 15" in messages[0] and "did you mean 'BBB'" in messages[0]
    )
    assert "unknown stat 'gpd'" in messages[1] and "did you mean 'gdp'" in messages[1]
    assert f"{path}:{line_of(text, 'stat(AAA, gpd)')}:" in messages[1]


def test_condition_must_be_boolean(write_scenario):
    text = (
        TINY
        + """
[[events]]
id = "meet"
title = "A meeting"
text = "They meet."
trigger = "relation(AAA, BBB) + 1"
[[events.options]]
id = "ok"
label = "Fine"
"""
    )
    [message] = problems(write_scenario(text))
    assert "expected a condition (true/false)" in message


def test_cyclic_succession(write_scenario):
    text = TINY.replace(
        '[[nations]]\nid = "BBB"',
        '[[nations]]\nid = "CCC"\nname = "C"\ncolor = "#000000"\ncapital = [0.0, 0.0]\n'
        "[nations.stats]\ngdp_growth = 1\ndefence_share = 1\n"
        '[nations.emerges]\nfrom = "DDD"\n'
        '[[nations]]\nid = "DDD"\nname = "D"\ncolor = "#000000"\ncapital = [0.0, 0.0]\n'
        "[nations.stats]\ngdp_growth = 1\ndefence_share = 1\n"
        '[nations.emerges]\nfrom = "CCC"\n'
        '[[nations]]\nid = "BBB"',
    )
    messages = problems(write_scenario(text))
    assert any("succession goes round in a circle" in m for m in messages)


def test_every_problem_reported_at_once(write_scenario):
    text = (
        TINY.replace("gdp = 100", "gdp = -5")
        .replace('color = "#445566"', 'color = "blue"')
        .replace("gdp_growth = 2", "gdp_growth = 2\nmorale = 3")
    )
    messages = problems(write_scenario(text))
    assert len(messages) == 3
    assert all(":" in m.split(" ")[0] for m in messages)


def test_include_cannot_leave_folder(write_scenario, tmp_path):
    outside = tmp_path / "outside.toml"
    outside.write_text("schema_version = 1\n")
    path = write_scenario(
        TINY.replace("schema_version = 1", 'schema_version = 1\ninclude = ["../outside.toml"]'),
        "sub/s.toml",
    )
    [message] = problems(path)
    assert "must stay inside the scenario's folder" in message


def test_include_merges_events_and_reports_their_lines(write_scenario):
    events = """schema_version = 1

[[events]]
id = "meet"
title = "A meeting"
text = "They meet."
nation = "AAX"
[[events.options]]
id = "ok"
label = "Fine"
"""
    write_scenario(events, "parts/events.toml")
    path = write_scenario(
        TINY.replace("schema_version = 1", 'schema_version = 1\ninclude = ["parts/events.toml"]')
    )
    [message] = problems(path)
    assert "parts/events.toml:7:" in message and "unknown nation 'AAX'" in message


def test_included_file_cannot_define_scenario(write_scenario):
    write_scenario('schema_version = 1\n[scenario]\nid = "x"\n', "part.toml")
    path = write_scenario(
        TINY.replace("schema_version = 1", 'schema_version = 1\ninclude = ["part.toml"]')
    )
    messages = problems(path)
    assert any("belongs in the main scenario file" in m for m in messages)


def test_two_historical_options_refused(write_scenario):
    text = (
        TINY
        + """
[[events]]
id = "meet"
title = "A meeting"
text = "They meet."
[[events.options]]
id = "a"
label = "A"
historical = true
[[events.options]]
id = "b"
label = "B"
historical = true
"""
    )
    [message] = problems(write_scenario(text))
    assert "mark at most one" in message


def test_chose_checks_option_of_that_event(write_scenario):
    text = (
        TINY
        + """
[[events]]
id = "meet"
title = "A meeting"
text = "They meet."
[[events.options]]
id = "agree"
label = "Agree"
[[events]]
id = "later"
title = "Later"
text = "Then."
trigger = "chose(meet, agre)"
[[events.options]]
id = "ok"
label = "OK"
"""
    )
    [message] = problems(write_scenario(text))
    assert "unknown option 'agre'" in message and "did you mean 'agree'" in message


def test_flag_never_set_is_an_error(write_scenario):
    text = (
        TINY
        + """
[[events]]
id = "meet"
title = "A meeting"
text = "They meet."
trigger = "flag(peace_made)"
[[events.options]]
id = "ok"
label = "OK"
"""
    )
    [message] = problems(write_scenario(text))
    assert "unknown flag 'peace_made'" in message


def test_region_with_two_owners(write_scenario):
    text = TINY.replace("capital = [20.0, 10.0]", 'capital = [20.0, 10.0]\nterritory = ["AAA"]')
    messages = problems(write_scenario(text))
    assert any("region 'AAA' is already held by AAA" in m for m in messages)


def test_example_round_trip_content_hash_is_stable():
    assert load_scenario(EXAMPLE).content_hash == load_scenario(EXAMPLE).content_hash


@pytest.mark.parametrize("bad", ["", "Tiny Scenario", "x/y"])
def test_scenario_id_shape(write_scenario, bad):
    [message] = problems(write_scenario(TINY.replace('id = "tiny"', f'id = "{bad}"')))
    assert "is not lower-case letters, digits and _" in message
