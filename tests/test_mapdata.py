"""Tests for the committed world map asset, its loader, each scenario's view and the build
script.

They use only the repository: the world-atlas input is not needed, because the build script
is exercised on a tiny synthetic TopoJSON written here.
"""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path
from types import ModuleType

import pytest

from game import load_scenario
from game.mapdata import (
    WORLD_PATH,
    MapSpec,
    RegionMap,
    load_world,
    offmap_nations,
    project_world,
)

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "tools" / "build_map.py"
CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"
REQUIRED = [
    "PAK",
    "IND",
    "CHN",
    "RUS",
    "AFG",
    "BGD",
    "IRN",
    "KAZ",
    "UZB",
    "TKM",
    "KGZ",
    "TJK",
    "MNG",
    "NPL",
]
CITIES = [
    ("Islamabad", 73.05, 33.68, "PAK"),
    ("Delhi", 77.2, 28.6, "IND"),
    ("Dhaka", 90.4, 23.8, "BGD"),
    ("Kabul", 69.2, 34.5, "AFG"),
    ("Lanzhou", 103.8, 36.1, "CHN"),
    ("Tashkent", 69.3, 41.3, "UZB"),
]


@pytest.fixture(scope="module")
def region() -> RegionMap:
    return project_world(load_scenario(CAMPAIGN))


@pytest.fixture(scope="module")
def build_map() -> ModuleType:
    """Import tools/build_map.py by path: tools/ is a script folder, not a package."""
    spec = importlib.util.spec_from_file_location("build_map", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_asset_is_small_and_quick_to_read() -> None:
    assert WORLD_PATH.stat().st_size < 2 * 1024 * 1024
    load_world.cache_clear()
    started = time.perf_counter()
    load_world()
    assert time.perf_counter() - started < 0.5


def test_asset_holds_every_country_of_the_world() -> None:
    world = load_world()
    assert len(world.shapes) > 230
    for sid in ("USA", "BRA", "AUS", "KEN", "ISL", "FJI", "NZL", "SOL", "KOS", "MDV"):
        assert sid in world.shapes, sid
    assert world.name("KEN") == "Kenya"
    for shape in world.shapes.values():
        assert shape.polygons and all(len(ring) >= 3 for p in shape.polygons for ring in p)


def test_campaign_view_has_its_countries(region: RegionMap) -> None:
    assert set(REQUIRED) <= set(region.shapes)
    assert len(region.shapes) <= 110  # what the client's index layer can tint


@pytest.mark.parametrize(("city", "lon", "lat", "owner"), CITIES)
def test_capitals_fall_in_their_country(
    region: RegionMap, city: str, lon: float, lat: float, owner: str
) -> None:
    x, y = region.project(lon, lat)
    assert region.shapes[owner].contains(x, y), city
    hit = region.shape_at(x, y)
    assert hit is not None and hit.id == owner, city


def test_kashmir_is_the_campaigns_disputed_area(region: RegionMap) -> None:
    (kashmir,) = region.disputed
    assert kashmir.legend == "Disputed (Kashmir)"
    for lon, lat in [(74.8, 34.1), (74.3, 35.92), (77.58, 34.16), (79.5, 35.3)]:
        assert kashmir.contains(*region.project(lon, lat)), (lon, lat)
    assert not kashmir.contains(*region.project(73.05, 33.68))  # Islamabad is outside.


def test_a_scenario_without_disputes_has_none() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "example_minimal.toml")
    assert project_world(scenario).disputed == []


def test_siachen_has_no_hole(region: RegionMap) -> None:
    hit = region.shape_at(*region.project(77.0, 35.4))
    assert hit is not None and hit.id == "IND"


def test_sea_has_no_shape(region: RegionMap) -> None:
    assert region.shape_at(*region.project(65.0, 15.0)) is None  # Arabian Sea


def test_campaign_keeps_its_projection(region: RegionMap) -> None:
    """The campaign's [map] asks for the original conic: 75 E, 35 N is the origin."""
    assert region.project(75.0, 35.0) == pytest.approx((0.0, 0.0), abs=1e-9)
    assert region.view[0] == pytest.approx(-5000.0) and region.view[2] == pytest.approx(5000.0)
    assert region.offmap == {"USA", "GBR"}


def test_bounds_enclose_the_view(region: RegionMap) -> None:
    x0, y0, x1, y1 = region.bounds
    vx0, vy0, vx1, vy1 = region.view
    assert x0 < vx0 and y0 < vy0 and vx1 < x1 and vy1 < y1


def test_centroid_of_compact_country_is_inside(region: RegionMap) -> None:
    for sid in ("AFG", "IRN", "KAZ", "MNG"):
        assert region.shapes[sid].contains(*region.centroid(sid)), sid


def test_default_view_fits_the_territories_and_leaves_out_distant_powers(horn) -> None:
    region = project_world(horn)
    assert offmap_nations(horn) == {"USA", "SUN"}
    x0, y0, x1, y1 = region.view
    for lon, lat in [(38.7, 9.0), (45.3, 2.0), (36.8, -1.3), (43.1, 11.6), (31.2, 30.0)]:
        x, y = region.project(lon, lat)
        assert x0 < x < x1 and y0 < y < y1, (lon, lat)
    moscow = region.project(37.6, 55.75)
    assert not (y0 < moscow[1] < y1)
    assert region.projection.kind == "mercator"  # the view straddles the tropics


def test_bounds_override_the_view(horn) -> None:
    region = project_world(horn, bounds=(0.0, 40.0, 30.0, 60.0))
    x0, y0, x1, y1 = region.view
    paris_x, paris_y = region.project(2.35, 48.85)
    assert x0 < paris_x < x1 and y0 < paris_y < y1
    assert "FRA" in region.shapes
    assert region.projection.kind == "lambert_conformal_conic"


def test_map_spec_labels_are_projected(horn) -> None:
    from dataclasses import replace

    from game.mapdata import MapLabel

    labelled = replace(horn, map=MapSpec(labels=(MapLabel("Red Sea", 38.0, 20.0),)))
    ((text, x, y),) = project_world(labelled).labels
    assert text == "Red Sea" and (x, y) == project_world(labelled).project(38.0, 20.0)


def _two_squares() -> dict:
    """Two quantized squares (70-72E and 72-74E, 30-32N) sharing a wiggly arc at 72E.

    The big wiggle (0.1 degrees) survives the 2 km simplification, the small ones do not.
    """

    def delta(points: list[tuple[int, int]]) -> list[list[int]]:
        out = [list(points[0])]
        out += [[x1 - x0, y1 - y0] for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False)]
        return out

    shared = [(200, 0), (206, 50), (210, 100), (204, 150), (200, 200)]
    left = [(200, 200), (0, 200), (0, 0), (200, 0)]
    right = [(200, 0), (400, 0), (400, 200), (200, 200)]
    return {
        "type": "Topology",
        "transform": {"scale": [0.01, 0.01], "translate": [70.0, 30.0]},
        "arcs": [delta(shared), delta(left), delta(right)],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "586", "properties": {"name": "A"}},
                    {
                        "type": "Polygon",
                        "arcs": [[2, -1]],
                        "id": "356",
                        "properties": {"name": "B"},
                    },
                ],
            }
        },
    }


def test_build_decodes_shared_arc_identically_and_deterministically(
    tmp_path: Path, build_map: ModuleType
) -> None:
    source = tmp_path / "squares.json"
    source.write_text(json.dumps(_two_squares()), encoding="utf-8")
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert build_map.main([str(source), "--output", str(first)]) == 0
    assert build_map.main([str(source), "--output", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()

    load_world.cache_clear()
    built = load_world(first)
    load_world.cache_clear()
    assert set(built.shapes) == {"PAK", "IND"}
    left = [tuple(p) for p in built.shapes["PAK"].polygons[0][0].round(2).tolist()]
    right = [tuple(p) for p in built.shapes["IND"].polygons[0][0].round(2).tolist()]
    shared_left = [p for p in left if p in set(right)]
    shared_right = [p for p in right if p in set(left)]
    assert len(shared_left) == 3  # both ends and the big wiggle
    # Same points; opposite walking direction (up to where each ring starts).
    assert sorted(shared_left) == sorted(shared_right)
    assert (72.1, 31.0) in shared_left
