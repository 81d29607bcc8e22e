"""The [map] table: every key documented, every mistake reported with its line and a hint,
and the sizes a file can ask for bounded."""

from __future__ import annotations

import pytest

from game import ScenarioError, load_scenario
from game.map_load import DISPUTED, LABEL, MAP, PROJECTION
from game.mapdata import project_world
from tests.conftest import ROOT, TINY

DOC = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")


def test_every_map_key_is_documented():
    names = set(MAP) | set(PROJECTION) | set(LABEL) | set(DISPUTED)
    forms = ("`{}`", "{} =", "[[map.{}]]")
    missing = sorted(n for n in names if not any(form.format(n) in DOC for form in forms))
    assert missing == []


def _problems(write_scenario, table: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_scenario(TINY + "\n" + table))
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("[map]\nbounds = [50, 10, 20, 40]", "expected [west, south, east, north]"),
        ("[map]\nbounds = [10, 10, 20]", "expected [west, south, east, north]"),
        ("[map]\ncentre = [200, 10]", "expected [longitude, latitude]"),
        ("[map]\nbounds = [0, 0, 10, 10]\ncentre = [5, 5]", "give bounds or centre, not both"),
        ("[map]\nwidth_km = 3000", "width_km goes with centre"),
        ("[map]\ncentre = [5, 5]\nwidth_km = 5", "out of range"),
        ("[map]\nprojection = { type = 'globe' }", "unknown projection 'globe'"),
        (
            "[map]\nprojection = { lat1 = -10.0, lat2 = 20.0 }",
            "standard parallels lie on one side of the equator",
        ),
        ("[map]\nprojection = { lat1 = 10.0 }", "give both standard parallels"),
        ("[map]\noffmap = ['USX']", "unknown nation 'USX'"),
        ("[map]\nzoom = 3", "unknown key 'zoom'"),
        ("[[map.labels]]\ntext = 'Sea'\nat = [10, 95]", "expected [longitude, latitude]"),
        ("[[map.labels]]\ntext = '" + "x" * 61 + "'\nat = [10, 5]", "the limit is 60"),
        ("[[map.disputed]]\nid = 'a'\nname = 'A'", "needs a polygon or regions"),
        ("[[map.disputed]]\nid = 'a'\nname = 'A'\nregions = ['XXQ']", "'XXQ' is not a map region"),
        (
            "[[map.disputed]]\nid = 'a'\nname = 'A'\npolygon = [[1, 1], [2, 2]]",
            "at least three points",
        ),
        (
            "[[map.disputed]]\nid = 'a'\nname = 'A'\npolygon = ["
            + ", ".join("[1, 1]" for _ in range(501))
            + "]",
            "at most 500",
        ),
    ],
)
def test_mistakes_are_reported_with_their_line(write_scenario, table, expected):
    messages = _problems(write_scenario, table)
    assert any(expected in m for m in messages), messages
    assert all(":" in m.split(" ")[0] for m in messages)


def test_too_many_labels(write_scenario):
    labels = "".join(f"[[map.labels]]\ntext = 'L{i}'\nat = [10, 5]\n" for i in range(61))
    assert any("61 labels; the limit is 60" in m for m in _problems(write_scenario, labels))


def test_map_belongs_in_the_main_file(tmp_path):
    (tmp_path / "part.toml").write_text("schema_version = 1\n[map]\nbounds = [0, 0, 10, 10]\n")
    main = tmp_path / "main.toml"
    main.write_text(
        TINY.replace("schema_version = 1\n", 'schema_version = 1\ninclude = ["part.toml"]\n', 1)
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(main)
    assert any("'map' belongs in the main scenario file" in str(p) for p in caught.value.problems)


def test_a_good_map_table_loads_and_projects(write_scenario):
    table = (
        "[map]\ncentre = [15.0, 10.0]\nwidth_km = 3000\n"
        "projection = { type = 'mercator' }\noffmap = []\n"
        "[[map.labels]]\ntext = 'Lake Chad'\nat = [14.0, 13.0]\n"
        "[[map.disputed]]\nid = 'strip'\nname = 'Aouzou'\nregions = ['TCD']\n"
        "polygon = [[16.0, 21.0], [19.0, 21.0], [19.0, 23.0]]\n"
    )
    scenario = load_scenario(write_scenario(TINY + "\n" + table))
    region = project_world(scenario)
    assert region.projection.kind == "mercator"
    assert region.view[2] - region.view[0] == pytest.approx(3000.0)
    assert region.offmap == frozenset()
    assert region.disputed[0].legend == "Disputed (Aouzou)"
    assert region.labels[0][0] == "Lake Chad"
