"""Load the regional map asset built by ``tools/build_map.py``.

Pure Python + numpy on purpose: the engine and its tests must run headless, so nothing here
may import pygame. The client turns these projected kilometres into screen pixels itself.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from game.resources import data_dir

DEFAULT_PATH = data_dir("assets") / "map" / "region.json"

Ring = np.ndarray  # (n, 2) float64, projected km, y growing northwards; not closed.


@dataclass(frozen=True)
class Shape:
    """One country (or disputed area): polygons are [exterior, *holes] rings."""

    id: str
    name: str
    polygons: list[list[Ring]]
    bbox: tuple[float, float, float, float]

    @property
    def rings(self) -> list[Ring]:
        """All rings flattened; even-odd over them gives the shape's area, holes included."""
        return [ring for polygon in self.polygons for ring in polygon]

    def contains(self, x: float, y: float) -> bool:
        """Even-odd point in polygon over all rings (holes and enclaves come out right)."""
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        crossings = 0
        for ring in self.rings:
            xa, ya = ring[:, 0], ring[:, 1]
            xb, yb = np.roll(xa, 1), np.roll(ya, 1)
            spans = (ya > y) != (yb > y)
            with np.errstate(divide="ignore", invalid="ignore"):
                x_cross = xa + (y - ya) * (xb - xa) / (yb - ya)
            crossings += int(np.count_nonzero(spans & (x < x_cross)))
        return crossings % 2 == 1


@dataclass(frozen=True)
class Projection:
    """Spherical Lambert conformal conic, the same formula the build script used."""

    lon0: float
    lat0: float
    lat1: float
    lat2: float
    radius_km: float

    def constants(self) -> tuple[float, float, float]:
        """Return (n, R*F, rho0) after Snyder (1987), eq. 15-1 to 15-3."""
        phi1, phi2, phi0 = (math.radians(v) for v in (self.lat1, self.lat2, self.lat0))

        def t(phi: float) -> float:
            return math.tan(math.pi / 4 + phi / 2)

        if math.isclose(phi1, phi2):
            n = math.sin(phi1)
        else:
            n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(t(phi2) / t(phi1))
        rf = self.radius_km * math.cos(phi1) * t(phi1) ** n / n
        return n, rf, rf / t(phi0) ** n

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        """Project degrees to km (y north); capitals and units use this to find the map."""
        n, rf, rho0 = self.constants()
        rho = rf / math.tan(math.pi / 4 + math.radians(lat) / 2) ** n
        theta = n * math.radians(lon - self.lon0)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)


@dataclass(frozen=True)
class RegionMap:
    """Country shapes, the disputed layer and the projection of the regional map."""

    shapes: dict[str, Shape]
    disputed: list[Shape]
    bounds: tuple[float, float, float, float]
    projection: Projection
    frame: Ring

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Longitude/latitude in degrees to projected km on this map."""
        return self.projection(lon, lat)

    def shape_at(self, x: float, y: float) -> Shape | None:
        """The country under a projected point (for tooltips); None over sea or off the map."""
        return next((s for s in self.shapes.values() if s.contains(x, y)), None)

    def centroid(self, shape_id: str) -> tuple[float, float]:
        """Area-weighted centroid of a country; may fall outside very concave shapes."""
        sx = sy = total = 0.0
        for polygon in self.shapes[shape_id].polygons:
            for i, ring in enumerate(polygon):
                area, cx, cy = _ring_moments(ring)
                sign = 1.0 if i == 0 else -1.0
                sx, sy, total = sx + sign * area * cx, sy + sign * area * cy, total + sign * area
        return sx / total, sy / total


def _ring_moments(ring: Ring) -> tuple[float, float, float]:
    """Unsigned area and centroid of one ring."""
    x, y = ring[:, 0], ring[:, 1]
    xn, yn = np.roll(x, -1), np.roll(y, -1)
    cross = x * yn - xn * y
    area = float(cross.sum()) / 2
    cx = float(((x + xn) * cross).sum()) / (6 * area)
    cy = float(((y + yn) * cross).sum()) / (6 * area)
    return abs(area), cx, cy


def decode_ring(flat: list[int]) -> Ring:
    """Undo the asset's delta encoding [x0, y0, dx1, dy1, ...]."""
    return np.cumsum(np.asarray(flat, dtype=np.float64).reshape(-1, 2), axis=0)


def _shape(raw: dict[str, Any]) -> Shape:
    """Decode one asset entry and cache its bounding box for quick rejection in hit tests."""
    polygons = [[decode_ring(r) for r in polygon] for polygon in raw["polygons"]]
    points = np.vstack([ring for polygon in polygons for ring in polygon])
    lo, hi = points.min(axis=0), points.max(axis=0)
    bbox = (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))
    return Shape(id=raw["id"], name=raw["name"], polygons=polygons, bbox=bbox)


def load_region_map(path: Path | str | None = None) -> RegionMap:
    """Read the asset (default: assets/map/region.json next to the package)."""
    data = json.loads(Path(path or DEFAULT_PATH).read_text(encoding="utf-8"))
    p = data["projection"]
    projection = Projection(p["lon0"], p["lat0"], p["lat1"], p["lat2"], p["radius_km"])
    x0, y0, x1, y1 = (float(v) for v in data["bounds"])
    return RegionMap(
        shapes={raw["id"]: _shape(raw) for raw in data["shapes"]},
        disputed=[_shape(raw) for raw in data["disputed"]],
        bounds=(x0, y0, x1, y1),
        projection=projection,
        frame=decode_ring(data["frame"]),
    )
