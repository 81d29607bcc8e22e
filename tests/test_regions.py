"""Region ids are checked against the world map, with a did-you-mean, and the `regions`
command lists them."""

from __future__ import annotations

import pytest

from game import ScenarioError, load_scenario
from game.cli import main
from game.map_load import suggest_region
from tests.conftest import TINY

WITH_TERRITORY = TINY.replace(
    "capital = [10.0, 10.0]", 'capital = [10.0, 10.0]\nterritory = ["ETH", "KNY"]'
)


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_unknown_region_names_file_line_and_the_likely_one(write_scenario):
    path = write_scenario(WITH_TERRITORY)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    [message] = [str(p) for p in caught.value.problems]
    assert message.startswith(f"{path}:{_line(WITH_TERRITORY, 'territory')}:")
    assert "'KNY' is not a map region (hint: did you mean 'KEN' Kenya?)" in message


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("KNY", "KEN"), ("Kenya", "KEN"), ("PAKI", "PAK"), ("ETHI", "ETH"), ("india", "IND")],
)
def test_suggestions(typed, meant):
    assert suggest_region(typed)[0] == meant


def test_successor_territory_is_checked_too(write_scenario):
    text = TINY + (
        '\n[[nations]]\nid = "CCC"\nname = "Cland"\ncolor = "#778899"\ncapital = [30.0, 10.0]\n'
        "[nations.stats]\npopulation = 1\ngdp = 1\ngdp_growth = 1\ndefence_share = 1\n"
        '[nations.emerges]\nfrom = "AAA"\nwhen = "year >= 2005"\nterritory = ["XXQ"]\n'
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_scenario(text))
    assert any("'XXQ' is not a map region" in str(p) for p in caught.value.problems)


def test_known_regions_load(write_scenario):
    text = WITH_TERRITORY.replace('"KNY"', '"KEN"')
    assert load_scenario(write_scenario(text)).nations[0].territory == ("ETH", "KEN")


def test_regions_command(capsys):
    assert main(["regions", "--search", "kenya"]) == 0
    assert capsys.readouterr().out.strip() == "KEN  Kenya"
    assert main(["regions", "--near", "38.7,9.0"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("ETH  Ethiopia") and first.endswith("inside")
    assert main(["regions"]) == 0
    assert "237 regions" in capsys.readouterr().out
    assert main(["regions", "--near", "400,9"]) == 2
    assert main(["regions", "--search", "zzzzzz"]) == 2
