"""The world map asset and each scenario's view of it.

``assets/map/world.json`` (built by ``tools/build_map.py``) holds every Natural Earth 1:50m
country in longitude and latitude. A scenario's ``[map]`` table (``MapSpec``) chooses the
view and the projection; ``project_world`` turns the world into a ``RegionMap`` in projected
kilometres for that scenario: only the countries near the view, the scenario's disputed
areas and labels, the default view box and the box the player may pan within.

Pure Python + numpy on purpose: the engine and its tests must run headless, so nothing here
may import pygame. The client turns these projected kilometres into screen pixels itself.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.projection import EARTH_RADIUS_KM, MAX_LAT, Projection, default_projection, wrap_longitude
from game.resources import data_dir

WORLD_PATH = data_dir("assets") / "map" / "world.json"
DEFAULT_PATH = WORLD_PATH

Ring = np.ndarray  # (n, 2) float64, projected km (y growing northwards) or lon/lat degrees

MARGIN = 0.12  # the default view adds this share of its size on every side
MIN_MARGIN_DEG = 2.0
EXTENT = 0.5  # the player may pan this share of the view's larger side beyond it
OFFMAP_KM = 4000.0  # a capital this far from the middle of the capitals is off the map
NEAR_CAPITAL_KM = 3000.0  # a territory's far-flung parts (Siberia, overseas) don't count


# --- the world asset -------------------------------------------------------------------------


@dataclass(frozen=True)
class WorldShape:
    """One country in degrees: polygons are [exterior, *holes] rings of (lon, lat)."""

    id: str
    name: str
    polygons: list[list[Ring]]
    boxes: list[tuple[float, float, float, float]]  # each polygon's lon/lat box


@dataclass(frozen=True)
class World:
    """Every country of the asset, by id (ISO 3166-1 alpha-3, a few Natural Earth codes)."""

    shapes: dict[str, WorldShape]

    def name(self, region: str) -> str:
        shape = self.shapes.get(region)
        return shape.name if shape else region


def _decode(flat: list[int], quantum: float) -> Ring:
    """Undo the asset's delta encoding [x0, y0, dx1, dy1, ...] (grid units to degrees)."""
    return np.cumsum(np.asarray(flat, dtype=np.float64).reshape(-1, 2), axis=0) * quantum


@functools.cache
def load_world(path: Path | str | None = None) -> World:
    """Read the world asset once per process (it is the same for every scenario)."""
    data = json.loads(Path(path or WORLD_PATH).read_text(encoding="utf-8"))
    quantum = float(data["quantum_deg"])
    shapes = {}
    for raw in data["shapes"]:
        polygons = [[_decode(r, quantum) for r in polygon] for polygon in raw["polygons"]]
        boxes = [
            (
                float(p[0][:, 0].min()),
                float(p[0][:, 1].min()),
                float(p[0][:, 0].max()),
                float(p[0][:, 1].max()),
            )
            for p in polygons
        ]
        shapes[raw["id"]] = WorldShape(raw["id"], raw["name"], polygons, boxes)
    return World(shapes)


def region_ids() -> frozenset[str]:
    """Every id a scenario may use in `territory` (the loader checks against these)."""
    return frozenset(load_world().shapes)


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance between two (lon, lat) points on the sphere."""
    lon1, lat1, lon2, lat2 = (math.radians(v) for v in (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# --- a scenario's view -----------------------------------------------------------------------


@dataclass(frozen=True)
class MapLabel:
    """Extra text on the map (a sea, a strait, a region), at a longitude and latitude."""

    text: str
    lon: float
    lat: float


@dataclass(frozen=True)
class DisputedArea:
    """An area hatched over whoever holds it: a polygon of (lon, lat), or whole regions."""

    id: str
    name: str
    legend: str
    regions: tuple[str, ...] = ()
    polygon: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class MapSpec:
    """A scenario's [map] table; every part is optional."""

    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north
    centre: tuple[float, float] | None = None  # lon, lat, with width_km
    width_km: float | None = None
    projection: dict[str, float | str] | None = None
    labels: tuple[MapLabel, ...] = ()
    offmap: tuple[str, ...] | None = None  # nation ids drawn as badges at the edge
    disputed: tuple[DisputedArea, ...] = ()


@dataclass(frozen=True)
class Shape:
    """One country (or disputed area) in projected km: polygons are [exterior, *holes]."""

    id: str
    name: str
    polygons: list[list[Ring]]
    bbox: tuple[float, float, float, float]
    legend: str = ""

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
class RegionMap:
    """One scenario's map: projected shapes near the view, its disputed areas and labels.

    `view` is the box the default view fits on screen; `bounds` the box the player may pan
    within (the sea fills it); `offmap` the nations drawn as badges at the edge.
    """

    shapes: dict[str, Shape]
    disputed: list[Shape]
    bounds: tuple[float, float, float, float]
    projection: Projection
    frame: Ring
    view: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    labels: list[tuple[str, float, float]] = field(default_factory=list)
    offmap: frozenset[str] = frozenset()
    lon_range: tuple[float, float] = (-180.0, 180.0)
    lat_range: tuple[float, float] = (-MAX_LAT, MAX_LAT)

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


def offmap_nations(scenario: Any) -> frozenset[str]:
    """Nations drawn as badges: the [map] table's list, or else every nation whose capital
    lies far from the middle of all the capitals (the superpowers of a regional scenario)."""
    spec: MapSpec = getattr(scenario, "map", None) or MapSpec()
    if spec.offmap is not None:
        return frozenset(spec.offmap)
    capitals = [n.capital for n in scenario.nations]
    if not capitals:
        return frozenset()
    middle = (
        float(np.median([c[0] for c in capitals])),
        float(np.median([c[1] for c in capitals])),
    )
    return frozenset(
        n.id for n in scenario.nations if great_circle_km(n.capital, middle) > OFFMAP_KM
    )


def territory_box(
    world: World, scenario: Any, offmap: frozenset[str]
) -> tuple[float, float, float, float] | None:
    """The lon/lat box of the on-map nations' territories (near their capitals) and of the
    disputed areas, or None when nothing is on the map."""
    boxes: list[tuple[float, float, float, float]] = []
    for nation in scenario.nations:
        if nation.id in offmap:
            continue
        held = nation.territory + (nation.emerges.territory if nation.emerges else ())
        for region in held:
            shape = world.shapes.get(region)
            if shape is None:
                continue
            points = np.vstack([polygon[0] for polygon in shape.polygons])
            near = points[_distances_km(points, nation.capital) < NEAR_CAPITAL_KM]
            if len(near):
                lo, hi = near.min(axis=0), near.max(axis=0)
                boxes.append((float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])))
    spec: MapSpec = getattr(scenario, "map", None) or MapSpec()
    for area in spec.disputed:
        if area.polygon:
            lons, lats = zip(*area.polygon, strict=True)
            boxes.append((min(lons), min(lats), max(lons), max(lats)))
        for region in area.regions:
            if region in world.shapes:
                boxes.append(max(world.shapes[region].boxes, key=_box_area))
    if not boxes:
        return None
    w, s, e, n = zip(*boxes, strict=True)
    return min(w), min(s), max(e), max(n)


def _distances_km(points: np.ndarray, origin: tuple[float, float]) -> np.ndarray:
    """Great-circle distances from one (lon, lat) to many."""
    lon, lat = np.radians(points[:, 0]), np.radians(points[:, 1])
    lon0, lat0 = math.radians(origin[0]), math.radians(origin[1])
    h = np.sin((lat - lat0) / 2) ** 2 + math.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def _box_centre(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _box_area(box: tuple[float, float, float, float]) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def with_margin(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Grow a lon/lat box by MARGIN of its size (at least MIN_MARGIN_DEG) on each side."""
    west, south, east, north = box
    dx = max(MIN_MARGIN_DEG, (east - west) * MARGIN)
    dy = max(MIN_MARGIN_DEG, (north - south) * MARGIN)
    return (
        max(-180.0, west - dx),
        max(-MAX_LAT, south - dy),
        min(180.0, east + dx),
        min(MAX_LAT, north + dy),
    )


def _box_outline(box: tuple[float, float, float, float], steps: int = 24) -> np.ndarray:
    """Points along the edges of a lon/lat box (parallels bend in a conic projection)."""
    west, south, east, north = box
    t = np.linspace(0.0, 1.0, steps)
    lons = np.concatenate([west + (east - west) * t, np.full(steps, east)])
    lons = np.concatenate([lons, east - (east - west) * t, np.full(steps, west)])
    lats = np.concatenate([np.full(steps, south), south + (north - south) * t])
    lats = np.concatenate([lats, np.full(steps, north), north - (north - south) * t])
    return np.column_stack([lons, lats])


def _projection_from(spec: MapSpec, box: tuple[float, float, float, float]) -> Projection:
    """The [map] table's projection, with the unset parameters taken from the view."""
    base = default_projection(box)
    given = spec.projection or {}
    kind = str(given.get("type", base.kind if not given else "lambert_conformal_conic"))
    values = {k: float(given[k]) for k in ("lon0", "lat0", "lat1", "lat2") if k in given}
    return Projection(
        values.get("lon0", base.lon0),
        values.get("lat0", base.lat0),
        values.get("lat1", base.lat1),
        values.get("lat2", base.lat2),
        kind=kind,
    )


def project_world(
    scenario: Any,
    bounds: Sequence[float] | None = None,
    world: World | None = None,
    max_shapes: int = 110,
) -> RegionMap:
    """The scenario's map: its [map] view (or `bounds`, west/south/east/north degrees, which
    override it; or else its territories with a margin), projected and cut to what the
    player can see, with the scenario's own disputed areas and labels."""
    world = world or load_world()
    spec: MapSpec = getattr(scenario, "map", None) or MapSpec()
    offmap = offmap_nations(scenario)
    if bounds is not None:
        box = tuple(float(v) for v in bounds)
    elif spec.bounds is not None:
        box = spec.bounds
    elif spec.centre is not None:
        lon, lat = spec.centre
        half = (spec.width_km or 4000.0) / 2 / 111.2
        dlon = half / max(0.2, math.cos(math.radians(lat)))
        box = (lon - dlon, lat - 0.6 * half, lon + dlon, lat + 0.6 * half)
    else:
        fitted = territory_box(world, scenario, offmap)
        box = with_margin(fitted) if fitted else (-180.0, -60.0, 180.0, 80.0)
    box = (box[0], max(-MAX_LAT, box[1]), box[2], min(MAX_LAT, box[3]))
    projection = _projection_from(spec, box)  # type: ignore[arg-type]
    if spec.centre is not None and bounds is None and spec.bounds is None:
        cx, cy = projection(*spec.centre)
        half = (spec.width_km or 4000.0) / 2
        view = (cx - half, cy, cx + half, cy)  # the width fits; the height follows the screen
    else:
        ox, oy = projection.many(*_box_outline(box).T)  # type: ignore[arg-type]
        view = (float(ox.min()), float(oy.min()), float(ox.max()), float(oy.max()))
    grow = EXTENT * max(view[2] - view[0], view[3] - view[1], 1000.0)
    extent = (view[0] - grow, view[1] - grow, view[2] + grow, view[3] + grow)
    shapes = _shapes_in(world, projection, extent, scenario, max_shapes)
    lon_range, lat_range = _degree_ranges(projection, extent)
    frame = np.array(
        [
            [extent[0], extent[1]],
            [extent[2], extent[1]],
            [extent[2], extent[3]],
            [extent[0], extent[3]],
        ]
    )
    return RegionMap(
        shapes=shapes,
        disputed=[_disputed_shape(a, world, projection) for a in spec.disputed],
        bounds=extent,
        projection=projection,
        frame=frame,
        view=view,
        labels=[(label.text, *projection(label.lon, label.lat)) for label in spec.labels],
        offmap=offmap,
        lon_range=lon_range,
        lat_range=lat_range,
    )


def _project_ring(projection: Projection, ring: Ring) -> Ring | None:
    """A ring in km, or None when it crosses the meridian opposite the projection's centre
    (it would be torn across the whole map)."""
    shifted = wrap_longitude(ring[:, 0] - projection.lon0)
    if len(ring) > 1 and np.abs(np.diff(shifted)).max() > 180.0:
        return None
    x, y = projection.many(ring[:, 0], ring[:, 1])
    return np.column_stack([x, y])


def _shapes_in(
    world: World,
    projection: Projection,
    extent: tuple[float, float, float, float],
    scenario: Any,
    max_shapes: int,
) -> dict[str, Shape]:
    """Every country with a polygon inside the extent; if there are more than the client
    can tint, the scenario's regions and then those nearest the middle are kept."""
    x0, y0, x1, y1 = extent
    found: dict[str, tuple[Shape, float]] = {}
    mid = ((x0 + x1) / 2, (y0 + y1) / 2)
    for sid, world_shape in world.shapes.items():
        polygons = []
        for polygon in world_shape.polygons:
            rings = [_project_ring(projection, ring) for ring in polygon]
            if rings[0] is None:
                continue
            ext = rings[0]
            lo, hi = ext.min(axis=0), ext.max(axis=0)
            if hi[0] < x0 or lo[0] > x1 or hi[1] < y0 or lo[1] > y1:
                continue
            polygons.append([r for r in rings if r is not None])
        if not polygons:
            continue
        points = np.vstack([p[0] for p in polygons])
        lo, hi = points.min(axis=0), points.max(axis=0)
        bbox = (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))
        distance = math.hypot(
            min(max(mid[0], bbox[0]), bbox[2]) - mid[0], min(max(mid[1], bbox[1]), bbox[3]) - mid[1]
        )
        found[sid] = (Shape(sid, world_shape.name, polygons, bbox), distance)
    regions = set(getattr(scenario, "regions", ()))
    order = sorted(found, key=lambda sid: (sid not in regions, found[sid][1], sid))
    return {sid: found[sid][0] for sid in sorted(order[:max_shapes])}


def _degree_ranges(
    projection: Projection, extent: tuple[float, float, float, float]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The lon/lat ranges whose graticule lines can cross the extent (a 1-degree grid)."""
    lons, lats = np.meshgrid(np.arange(-180.0, 181.0), np.arange(-80.0, 81.0))
    x, y = projection.many(lons.ravel(), lats.ravel())
    inside = (x >= extent[0]) & (x <= extent[2]) & (y >= extent[1]) & (y <= extent[3])
    if not inside.any():
        return (-180.0, 180.0), (-80.0, 80.0)
    lon_in, lat_in = lons.ravel()[inside], lats.ravel()[inside]
    return (
        (max(-180.0, float(lon_in.min()) - 5), min(180.0, float(lon_in.max()) + 5)),
        (max(-80.0, float(lat_in.min()) - 5), min(80.0, float(lat_in.max()) + 5)),
    )


def _disputed_shape(area: DisputedArea, world: World, projection: Projection) -> Shape:
    """A disputed area in km: its own outline, or the outlines of the regions it names."""
    polygons: list[list[Ring]] = []
    if area.polygon:
        ring = _project_ring(projection, np.array(area.polygon, dtype=np.float64))
        if ring is not None:
            polygons.append([ring])
    for region in area.regions:
        shape = world.shapes.get(region)
        for polygon in shape.polygons if shape else []:
            ring = _project_ring(projection, polygon[0])
            if ring is not None:
                polygons.append([ring])
    if polygons:
        points = np.vstack([p[0] for p in polygons])
        lo, hi = points.min(axis=0), points.max(axis=0)
        bbox = (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))
    else:
        bbox = (0.0, 0.0, 0.0, 0.0)
    return Shape(area.id, area.name, polygons, bbox, legend=area.legend)


def load_region_map(scenario: Any) -> RegionMap:
    """The map for a scenario (for tests and tools): the world projected for its view."""
    return project_world(scenario)
