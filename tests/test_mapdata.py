"""Tests for the committed map asset, its loader and the build script.

They use only the repository: the world-atlas input is not needed, because the build script
is exercised on a tiny synthetic TopoJSON written here.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from game.mapdata import DEFAULT_PATH, RegionMap, load_region_map

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "tools" / "build_map.py"

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
    return load_region_map()


@pytest.fixture(scope="module")
def build_map() -> ModuleType:
    """Import tools/build_map.py by path: tools/ is a script folder, not a package."""
    spec = importlib.util.spec_from_file_location("build_map", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_asset_is_small() -> None:
    assert DEFAULT_PATH.stat().st_size < 150 * 1024


def test_asset_has_the_region_countries(region: RegionMap) -> None:
    assert set(REQUIRED) <= set(region.shapes)
    for shape in region.shapes.values():
        assert shape.polygons
        assert all(len(ring) >= 3 for ring in shape.rings)


@pytest.mark.parametrize(("city", "lon", "lat", "owner"), CITIES)
def test_capitals_fall_in_their_country(
    region: RegionMap, city: str, lon: float, lat: float, owner: str
) -> None:
    x, y = region.project(lon, lat)
    assert region.shapes[owner].contains(x, y), city
    hit = region.shape_at(x, y)
    assert hit is not None and hit.id == owner, city


def test_kashmir_is_disputed(region: RegionMap) -> None:
    (kashmir,) = region.disputed
    for lon, lat in [(74.8, 34.1), (74.3, 35.92), (77.58, 34.16), (79.5, 35.3)]:
        assert kashmir.contains(*region.project(lon, lat)), (lon, lat)
    assert not kashmir.contains(*region.project(73.05, 33.68))  # Islamabad is outside.


def test_siachen_has_no_hole(region: RegionMap) -> None:
    hit = region.shape_at(*region.project(77.0, 35.4))
    assert hit is not None and hit.id == "IND"


def test_sea_and_off_map_points_have_no_shape(region: RegionMap) -> None:
    assert region.shape_at(*region.project(65.0, 15.0)) is None  # Arabian Sea
    assert region.shape_at(*region.project(20.0, 50.0)) is None  # west of the frame


def test_loader_projection_matches_build_script(region: RegionMap, build_map: ModuleType) -> None:
    for lon, lat in [(35.0, 0.0), (75.0, 35.0), (115.0, 65.0), (69.2, 34.5)]:
        x, y = build_map.project(np.array([lon]), np.array([lat]), build_map.PROJECTION)
        assert region.project(lon, lat) == pytest.approx((x[0], y[0]), abs=1e-6)
    assert region.project(75.0, 35.0) == pytest.approx((0.0, 0.0), abs=1e-9)


def test_bounds_enclose_every_shape(region: RegionMap) -> None:
    x0, y0, x1, y1 = region.bounds
    for shape in region.shapes.values():
        sx0, sy0, sx1, sy1 = shape.bbox
        assert x0 <= sx0 and y0 <= sy0 and sx1 <= x1 and sy1 <= y1, shape.id


def test_centroid_of_compact_country_is_inside(region: RegionMap) -> None:
    for sid in ("AFG", "IRN", "KAZ", "MNG"):
        assert region.shapes[sid].contains(*region.centroid(sid)), sid


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

    built = load_region_map(first)
    assert set(built.shapes) == {"PAK", "IND"}
    left = [tuple(p) for p in built.shapes["PAK"].polygons[0][0]]
    right = [tuple(p) for p in built.shapes["IND"].polygons[0][0]]
    shared_left = [p for p in left if p in set(right)]
    shared_right = [p for p in right if p in set(left)]
    assert len(shared_left) == 3  # both ends and the big wiggle
    # Same points; opposite walking direction (up to where each ring starts).
    assert sorted(shared_left) == sorted(shared_right)
    wiggle = built.project(72.10, 31.0)
    assert (round(wiggle[0]), round(wiggle[1])) in shared_left


def test_clip_cuts_a_ring_into_separate_pieces(build_map: ModuleType) -> None:
    """An arch poking out of the top edge must become two rings, not one bridged ring."""
    arch = [(50, 60), (52, 60), (52, 68), (58, 68), (58, 60), (60, 60), (60, 70), (50, 70)]
    pieces = build_map.clip_ring(arch)
    assert len(pieces) == 2
    assert sorted(abs(build_map.signed_area(p)) for p in pieces) == pytest.approx([10.0, 10.0])
    assert all(max(lat for _, lat in piece) == 65.0 for piece in pieces)
