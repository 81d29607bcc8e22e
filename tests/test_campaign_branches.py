"""The campaign's what-if branches branch: forcing one option changes which events follow
and where relations go, under the AI and under history's other choices alike.

Each branch is played as a small batch (the batch API's `forced`, as `simulate --force`
does) and compared with the other option on the same seeds: which events fire in what
share of runs, and the median relation of the pairs the choice was about.
"""

from __future__ import annotations

from functools import cache

import pytest

from game import load_scenario
from game.batch import BatchSpec, run_batch
from tests.conftest import ROOT

CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"
RUNS = {"ai": 20, "historical": 4}
POLICIES = ("ai", "historical")


@cache
def _scenario():
    return load_scenario(CAMPAIGN)


@cache
def branch(policy: str, event: str, option: str) -> dict:
    spec = BatchSpec(_scenario(), runs=RUNS[policy], policy=policy, forced=((event, option),))
    return run_batch(spec)


def share(summary: dict, event: str) -> float:
    return summary["events"][event]["fired_share"]


def median(summary: dict, a: str, b: str, year: int) -> float:
    pairs = summary["pairs"]
    series = pairs.get(f"{a}:{b}") or pairs[f"{b}:{a}"]
    return series["p50"][summary["years"].index(year)]


@pytest.mark.parametrize("policy", POLICIES)
def test_soviet_advisers_only_means_no_jihad(policy):
    """No invasion: no Carter offer, jihad, Reagan package or pipeline; a civil war
    instead, and Pakistan stays on speaking terms with Moscow."""
    advisers = branch(policy, "soviet_invasion_1979", "advisers_only")
    invasion = branch(policy, "soviet_invasion_1979", "invade")
    following = (
        "carter_offer_1980",
        "afghan_jihad_1980",
        "reagan_package_1981",
        "isi_pipeline_1981",
        "stingers_1986",
        "soviet_raids_1984",
        "refugees_1981",
        "geneva_accords_1988",
    )
    assert {e: share(advisers, e) for e in following} == dict.fromkeys(following, 0.0)
    assert share(invasion, "afghan_jihad_1980") == 1.0
    assert share(advisers, "afghan_civil_war_1980") == 1.0
    assert share(invasion, "afghan_civil_war_1980") == 0.0
    assert median(advisers, "PAK", "SUN", 1985) > median(invasion, "PAK", "SUN", 1985) + 40
    assert median(advisers, "PAK", "USA", 1985) < median(invasion, "PAK", "USA", 1985) - 15


@pytest.mark.parametrize("policy", POLICIES)
def test_refusing_washington_after_9_11(policy):
    """Refusal: no war-on-terror alliance and so no aid to suspend in 2018; Washington
    isolates Pakistan and the government it installs in Kabul turns on it."""
    refused = branch(policy, "nine_eleven", "refuse")
    allied = branch(policy, "nine_eleven", "ally")
    alliance = (
        "mnna_2004",
        "drones_kerry_lugar_2009",
        "abbottabad_2011",
        "salala_2011",
        "us_aid_suspended_2018",
    )
    assert {e: share(refused, e) for e in alliance} == dict.fromkeys(alliance, 0.0)
    assert share(allied, "us_aid_suspended_2018") >= 0.5
    assert share(refused, "us_isolates_pakistan_2002") == 1.0
    assert share(allied, "us_isolates_pakistan_2002") == 0.0
    assert share(refused, "kabul_blames_pakistan_2002") >= 0.5
    assert median(refused, "PAK", "AFG", 2005) < 0 < median(refused, "PAK", "AFG", 2000)
    assert median(refused, "PAK", "USA", 2005) < median(allied, "PAK", "USA", 2005) - 40


@pytest.mark.parametrize("policy", POLICIES)
def test_swallowing_the_sino_soviet_split(policy):
    """No split in 1960: no Ussuri clashes, nothing to thaw or normalise, and China and the
    Soviet Union stay friends through the 1970s."""
    swallowed = branch(policy, "sino_soviet_split", "swallow")
    split = branch(policy, "sino_soviet_split", "denounce")
    after = ("zhenbao_1969", "sino_soviet_thaw_1982", "sino_soviet_normalisation_1989")
    assert {e: share(swallowed, e) for e in after} == dict.fromkeys(after, 0.0)
    assert {e: share(split, e) for e in after} == dict.fromkeys(after, 1.0)
    assert median(swallowed, "CHN", "SUN", 1970) > 0
    assert median(split, "CHN", "SUN", 1970) < -40


@pytest.mark.parametrize("policy", POLICIES)
def test_no_indian_test_in_1998_no_answer_at_chagai(policy):
    held = branch(policy, "india_tests_1998", "hold")
    tested = branch(policy, "india_tests_1998", "test")
    assert share(held, "pak_tests_1998") == 0.0
    assert share(held, "pak_without_bomb_1998") == 0.0
    # Pakistan answers wherever it has a bomb programme to answer with, or not
    assert share(tested, "pak_tests_1998") + share(tested, "pak_without_bomb_1998") >= 0.85
