"""Build the regional map asset ``assets/map/region.json`` from Natural Earth TopoJSON.

The input is ``countries-50m.json`` from the npm package world-atlas 2.0.2 (Natural Earth
4.1.0); fetch it with ``npm pack world-atlas@2.0.2`` and unpack the tarball. Usage::

    python tools/build_map.py path/to/countries-50m.json [--output assets/map/region.json]

Pipeline: decode the quantized, delta-encoded arcs; simplify each *shared arc* once (so
neighbours keep identical borders and the map stays gap-free); assemble rings; clip them to
the lon/lat region with Sutherland-Hodgman; densify the cut edges along parallels (they are
arcs in the projection); project with a Lambert conformal conic; round to whole kilometres.
Only the standard library and numpy are used, so the build needs no extra dependencies, and
every step is deterministic, so two runs give byte-identical output.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

Point = tuple[float, float]
IntRing = list[tuple[int, int]]

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "assets" / "map" / "region.json"
FORMAT = "alliance-drift-region/1"
SOURCE = "Natural Earth 4.1.0 (public domain) via npm world-atlas 2.0.2 (ISC), countries-50m"

# The playable region in degrees: lon_min, lat_min, lon_max, lat_max.
REGION = (35.0, 0.0, 115.0, 65.0)
# Lambert conformal conic on a sphere; mapdata.RegionMap.project uses the same formula.
PROJECTION = {
    "type": "lambert_conformal_conic",
    "lon0": 75.0,
    "lat0": 35.0,
    "lat1": 20.0,
    "lat2": 50.0,
    "radius_km": 6371.0,
    "unit": "km",
}
TOLERANCE_KM = 2.0  # Douglas-Peucker tolerance: under a pixel even at 3 km per pixel.
MIN_POLYGON_KM2 = 300.0  # Islands and clip slivers smaller than this are dropped ...
MIN_COUNTRY_KM2 = 100.0  # ... unless they are a country's largest piece (Bahrain, Singapore).
FRAME_STEP_DEG = 0.5  # Spacing of points inserted along cut parallels.
SIMPLIFY_MARGIN_DEG = 1.0  # Arcs farther than this from the region are clipped away unsimplified.

# ISO 3166-1 numeric -> alpha-3 for the countries in or next to the region. A feature that
# reaches the region without an entry stops the build, so nothing slips in unnamed.
ISO_NUMERIC_TO_ALPHA3 = {
    "004": "AFG",
    "031": "AZE",
    "048": "BHR",
    "050": "BGD",
    "051": "ARM",
    "064": "BTN",
    "096": "BRN",
    "104": "MMR",
    "112": "BLR",
    "116": "KHM",
    "144": "LKA",
    "156": "CHN",
    "158": "TWN",
    "196": "CYP",
    "231": "ETH",
    "232": "ERI",
    "262": "DJI",
    "268": "GEO",
    "275": "PSE",
    "344": "HKG",
    "356": "IND",
    "360": "IDN",
    "364": "IRN",
    "368": "IRQ",
    "376": "ISR",
    "392": "JPN",
    "398": "KAZ",
    "400": "JOR",
    "404": "KEN",
    "408": "PRK",
    "410": "KOR",
    "414": "KWT",
    "417": "KGZ",
    "418": "LAO",
    "422": "LBN",
    "446": "MAC",
    "458": "MYS",
    "462": "MDV",
    "496": "MNG",
    "512": "OMN",
    "524": "NPL",
    "586": "PAK",
    "608": "PHL",
    "626": "TLS",
    "634": "QAT",
    "643": "RUS",
    "682": "SAU",
    "702": "SGP",
    "704": "VNM",
    "706": "SOM",
    "728": "SSD",
    "729": "SDN",
    "760": "SYR",
    "762": "TJK",
    "764": "THA",
    "784": "ARE",
    "792": "TUR",
    "795": "TKM",
    "800": "UGA",
    "804": "UKR",
    "818": "EGY",
    "860": "UZB",
    "887": "YEM",
}
# Natural Earth features without an ISO code; SOL is Natural Earth's own ADM0_A3 code.
UNCODED_NAME_TO_ID = {"Somaliland": "SOL"}
# Natural Earth keeps the glacier apart from India, Pakistan and China; it is merged into
# India's shape (which administers it) so no hole is left, and the Kashmir layer covers it.
SIACHEN_NAME = "Siachen Glacier"
SIACHEN_OWNER = "IND"

# Hand-drawn outline of the former princely state of Jammu and Kashmir (lon, lat), clockwise
# from the Gilgit-Baltistan/Chitral/Wakhan corner. It follows Natural Earth's borders with
# Afghanistan, China (Shaksgam, Aksai Chin claim line) and Pakistan's Punjab roughly, and the
# internal lines to Khyber Pakhtunkhwa, Himachal Pradesh and Indian Punjab approximately.
KASHMIR_LONLAT: list[Point] = [
    (73.70, 36.91),
    (74.04, 36.84),
    (74.54, 37.04),
    (75.37, 36.93),
    (76.20, 36.95),
    (77.00, 36.70),
    (77.80, 36.30),
    (78.60, 36.10),
    (79.50, 35.95),
    (80.25, 35.75),
    (80.30, 35.25),
    (79.55, 34.40),
    (79.40, 33.95),
    (79.30, 33.55),
    (79.35, 33.10),
    (79.50, 32.70),
    (79.00, 32.36),
    (78.70, 32.60),
    (78.40, 32.50),
    (77.60, 32.85),
    (77.15, 33.00),
    (76.35, 33.20),
    (76.00, 32.78),
    (75.65, 32.40),
    (75.30, 32.25),
    (74.99, 32.46),
    (74.63, 32.77),
    (74.10, 32.85),
    (73.65, 33.05),
    (73.58, 33.72),
    (73.33, 34.35),
    (73.75, 34.85),
    (74.00, 35.10),
    (73.10, 35.55),
    (72.55, 36.05),
    (73.30, 36.70),
]
KASHMIR = {"id": "KASHMIR", "name": "Kashmir", "parties": ["IND", "PAK", "CHN"]}


# --- projection --------------------------------------------------------------------------


def lcc_constants(p: dict[str, Any]) -> tuple[float, float, float]:
    """Return (n, R*F, rho0) of the spherical Lambert conformal conic (Snyder 1987, eq. 15)."""
    phi1, phi2, phi0 = (math.radians(p[k]) for k in ("lat1", "lat2", "lat0"))

    def t(phi: float) -> float:
        return math.tan(math.pi / 4 + phi / 2)

    if math.isclose(phi1, phi2):
        n = math.sin(phi1)
    else:
        n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(t(phi2) / t(phi1))
    rf = p["radius_km"] * math.cos(phi1) * t(phi1) ** n / n
    return n, rf, rf / t(phi0) ** n


def project(lon: np.ndarray, lat: np.ndarray, p: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Project degrees to kilometres, y growing northwards (flip it for screen space)."""
    n, rf, rho0 = lcc_constants(p)
    rho = rf / np.tan(np.pi / 4 + np.radians(lat) / 2) ** n
    theta = n * np.radians(np.asarray(lon, dtype=float) - p["lon0"])
    return rho * np.sin(theta), rho0 - rho * np.cos(theta)


# --- TopoJSON decoding -------------------------------------------------------------------


def decode_arcs(topology: dict[str, Any]) -> list[np.ndarray]:
    """Undo TopoJSON delta encoding and quantization, giving one (k, 2) lon/lat array per arc."""
    transform = topology.get("transform")
    arcs = []
    for raw in topology["arcs"]:
        pts = np.asarray(raw, dtype=np.float64).reshape(-1, 2)
        if transform:
            quantized = np.cumsum(np.asarray(raw, dtype=np.int64).reshape(-1, 2), axis=0)
            pts = quantized * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
        arcs.append(pts)
    return arcs


def geometry_polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """Return a feature's polygons as lists of rings of arc references."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def arc_points(arcs: Sequence[np.ndarray], ref: int) -> np.ndarray:
    """A negative reference ~i means arc i walked backwards."""
    return arcs[ref] if ref >= 0 else arcs[~ref][::-1]


def ring_points(arcs: Sequence[np.ndarray], ring: Sequence[int]) -> list[Point]:
    """Concatenate a ring's arcs, dropping each junction point's duplicate."""
    parts = [arc_points(arcs, ref) for ref in ring]
    pts = np.vstack([parts[0]] + [part[1:] for part in parts[1:]])
    if len(pts) > 1 and np.array_equal(pts[0], pts[-1]):
        pts = pts[:-1]
    return [(float(x), float(y)) for x, y in pts]


# --- simplification ----------------------------------------------------------------------


def _segment_distance(pts: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance of each point to the segment a-b (not the infinite line, to avoid spikes)."""
    ab = b - a
    length2 = float(ab @ ab)
    if length2 == 0.0:
        return np.hypot(*(pts - a).T)
    t = np.clip(((pts - a) @ ab) / length2, 0.0, 1.0)
    return np.hypot(*(pts - (a + t[:, None] * ab)).T)


def douglas_peucker(xy: np.ndarray, tolerance: float) -> np.ndarray:
    """Return a keep-mask; endpoints always stay, so arcs still meet at their junctions."""
    n = len(xy)
    keep = np.zeros(n, dtype=bool)
    keep[[0, -1]] = True
    if n < 3:
        return keep
    spans = [(0, n - 1)]
    if np.array_equal(xy[0], xy[-1]):  # A closed arc (an island): split at its far point.
        far = int(np.argmax(np.hypot(*(xy - xy[0]).T)))
        keep[far] = True
        spans = [(0, far), (far, n - 1)]
    while spans:
        i, j = spans.pop()
        if j - i < 2:
            continue
        dist = _segment_distance(xy[i + 1 : j], xy[i], xy[j])
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            keep[i + 1 + k] = True
            spans += [(i, i + 1 + k), (i + 1 + k, j)]
    return keep


def near_region(pts: np.ndarray, margin: float) -> bool:
    """Whether an arc's bounding box touches the region grown by margin degrees."""
    lon0, lat0, lon1, lat1 = REGION
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return bool(
        hi[0] >= lon0 - margin
        and lo[0] <= lon1 + margin
        and hi[1] >= lat0 - margin
        and lo[1] <= lat1 + margin
    )


def simplify_arcs(arcs: Sequence[np.ndarray], tolerance: float) -> list[np.ndarray]:
    """Simplify every arc near the region once, measuring the tolerance in projected km."""
    out = []
    for pts in arcs:
        if len(pts) > 2 and near_region(pts, SIMPLIFY_MARGIN_DEG):
            x, y = project(pts[:, 0], pts[:, 1], PROJECTION)
            pts = pts[douglas_peucker(np.column_stack([x, y]), tolerance)]
        out.append(pts)
    return out


# --- topology merge (Siachen into India) -------------------------------------------------


def merge_rings(arcs: Sequence[np.ndarray], rings: Sequence[Sequence[int]]) -> list[list[int]]:
    """Union of adjacent exterior rings: drop the arcs they share, re-chain the rest."""
    used: dict[int, int] = {}
    for ring in rings:
        for ref in ring:
            key = ref if ref >= 0 else ~ref
            used[key] = used.get(key, 0) + 1
    remaining = [ref for ring in rings for ref in ring if used[ref if ref >= 0 else ~ref] == 1]

    def start(ref: int) -> Point:
        return tuple(arc_points(arcs, ref)[0])

    def end(ref: int) -> Point:
        return tuple(arc_points(arcs, ref)[-1])

    by_start = {start(ref): ref for ref in remaining}
    merged: list[list[int]] = []
    while by_start:
        first = by_start.pop(min(by_start))
        chain = [first]
        while end(chain[-1]) != start(first):
            chain.append(by_start.pop(end(chain[-1])))
        merged.append(chain)
    return merged


def merge_into(
    arcs: Sequence[np.ndarray], polygons: list[list[list[int]]], extra: list[list[int]]
) -> list[list[list[int]]]:
    """Merge polygon `extra` into whichever of `polygons` shares an arc with it."""
    extra_keys = {ref if ref >= 0 else ~ref for ref in extra[0]}
    for i, poly in enumerate(polygons):
        if extra_keys & {ref if ref >= 0 else ~ref for ref in poly[0]}:
            rings = merge_rings(arcs, [poly[0], extra[0]])
            rings.sort(key=lambda r: -abs(signed_area(ring_points(arcs, r))))
            return polygons[:i] + [rings + poly[1:] + extra[1:]] + polygons[i + 1 :]
    return polygons + [extra]


# --- clipping ----------------------------------------------------------------------------
# Sutherland-Hodgman would join the pieces of a ring cut by the frame with zero-width bridges
# along the frame; once rounded to km they become visible slivers and stray outlines over the
# sea. So rings are cut into inside runs and re-joined along the frame (Weiler-Atherton for
# a rectangle), which yields one clean ring per piece.


def _crossing(p: Point, q: Point, axis: int, value: float) -> Point:
    """Where segment p-q meets the line coord[axis] == value.

    Endpoints are ordered first so the two countries walking a shared edge in opposite
    directions compute bit-identical points; the other coordinate is clamped to the frame.
    """
    a, b = (p, q) if p <= q else (q, p)
    t = (value - a[axis]) / (b[axis] - a[axis])
    lo, hi = (REGION[1], REGION[3]) if axis == 0 else (REGION[0], REGION[2])
    other = min(max(a[1 - axis] + t * (b[1 - axis] - a[1 - axis]), lo), hi)
    return (value, other) if axis == 0 else (other, value)


def _inside(p: Point) -> bool:
    """Inside the closed region rectangle."""
    lon0, lat0, lon1, lat1 = REGION
    return lon0 <= p[0] <= lon1 and lat0 <= p[1] <= lat1


def clip_segment(p: Point, q: Point) -> tuple[Point, Point, bool] | None:
    """Liang-Barsky: the part of p-q inside the region and whether it leaves it at the end."""
    lon0, lat0, lon1, lat1 = REGION
    t0, t1 = 0.0, 1.0
    enter: tuple[int, float] | None = None
    leave: tuple[int, float] | None = None
    for axis, value, sign in ((0, lon0, -1), (0, lon1, 1), (1, lat0, -1), (1, lat1, 1)):
        pv, qv = sign * (p[axis] - value), sign * (q[axis] - value)
        if pv > 0 and qv > 0:
            return None
        if pv <= 0 and qv <= 0:
            continue
        t = pv / (pv - qv)
        if pv > 0 and t > t0:
            t0, enter = t, (axis, value)
        elif qv > 0 and t < t1:
            t1, leave = t, (axis, value)
    if t0 >= t1:
        return None
    start = p if enter is None else _crossing(p, q, *enter)
    end = q if leave is None else _crossing(p, q, *leave)
    return start, end, leave is not None


def inside_runs(pts: list[Point]) -> list[list[Point]]:
    """Split a ring that leaves the region into runs that start and end on the frame."""
    first_out = next(i for i, p in enumerate(pts) if not _inside(p))
    order = pts[first_out:] + pts[:first_out]
    runs: list[list[Point]] = []
    current: list[Point] | None = None
    for p, q in zip(order, order[1:] + order[:1], strict=True):
        piece = clip_segment(p, q)
        if piece is None:
            if current:
                runs.append(current)
            current = None
            continue
        start, end, leaves = piece
        if current is None:
            current = [start]
        current.append(end)
        if leaves:
            runs.append(current)
            current = None
    return runs


def perimeter_position(p: Point) -> float:
    """Distance of a frame point along the frame, counter-clockwise from the SW corner."""
    lon0, lat0, lon1, lat1 = REGION
    width, height = lon1 - lon0, lat1 - lat0
    if p[1] == lat0:
        return p[0] - lon0
    if p[0] == lon1:
        return width + p[1] - lat0
    if p[1] == lat1:
        return width + height + lon1 - p[0]
    return 2 * width + height + lat1 - p[1]


def frame_corners() -> list[Point]:
    """Region corners in counter-clockwise order, starting at the south-west."""
    lon0, lat0, lon1, lat1 = REGION
    return [(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1)]


def contains(ring: Sequence[Point], pt: Point) -> bool:
    """Even-odd point in polygon."""
    x, y = pt
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, list(ring[-1:]) + list(ring[:-1]), strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def stitch_runs(runs: list[list[Point]]) -> list[list[Point]]:
    """Join runs into rings: from each exit, walk the frame CCW to the nearest entry."""
    perimeter = 2 * ((REGION[2] - REGION[0]) + (REGION[3] - REGION[1]))
    corners = [(perimeter_position(c), c) for c in frame_corners()]
    entries = [perimeter_position(run[0]) for run in runs]
    unused = list(range(len(runs)))
    rings: list[list[Point]] = []
    while unused:
        first = unused.pop(0)
        ring, current = list(runs[first]), first
        while True:
            exit_at = perimeter_position(runs[current][-1])
            candidates = [*unused, first]
            nxt = min(candidates, key=lambda j: ((entries[j] - exit_at) % perimeter, j))
            gap = (entries[nxt] - exit_at) % perimeter
            passed = sorted(
                ((pos - exit_at) % perimeter, corner)
                for pos, corner in corners
                if 0 < (pos - exit_at) % perimeter < gap
            )
            ring += [corner for _, corner in passed]
            if nxt == first:
                break
            unused.remove(nxt)
            ring += runs[nxt]
            current = nxt
        rings.append(ring)
    return rings


def clip_ring(pts: list[Point]) -> list[list[Point]]:
    """Clip one ring (any orientation) to the region; returns CCW rings, one per piece."""
    if signed_area(pts) < 0:
        pts = pts[::-1]
    if all(_inside(p) for p in pts):
        return [pts]
    runs = inside_runs(pts)
    if not runs:
        centre = ((REGION[0] + REGION[2]) / 2, (REGION[1] + REGION[3]) / 2)
        return [frame_corners()] if contains(pts, centre) else []
    return stitch_runs(runs)


def densify_parallels(pts: list[Point]) -> list[Point]:
    """Add points along edges lying on the cut parallels, which the projection bends."""
    lat_edges = (REGION[1], REGION[3])
    out: list[Point] = []
    for cur, nxt in zip(pts, pts[1:] + pts[:1], strict=True):
        out.append(cur)
        if cur[1] == nxt[1] and cur[1] in lat_edges:
            lo, hi = sorted((cur[0], nxt[0]))
            first, last = math.floor(lo / FRAME_STEP_DEG) + 1, math.ceil(hi / FRAME_STEP_DEG)
            steps = [k * FRAME_STEP_DEG for k in range(first, last)]
            out += [(lon, cur[1]) for lon in (steps if cur[0] < nxt[0] else steps[::-1])]
    return out


# --- projected rings ---------------------------------------------------------------------


def signed_area(pts: Sequence[Sequence[float]]) -> float:
    """Shoelace area, positive for counter-clockwise rings in y-up coordinates."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(pts, list(pts[1:]) + list(pts[:1]), strict=True):
        total += x0 * y1 - x1 * y0
    return total / 2


def to_int_ring(pts: list[Point]) -> IntRing:
    """Project, round to whole km and drop the repeated points rounding creates."""
    arr = np.asarray(pts, dtype=np.float64)
    x, y = project(arr[:, 0], arr[:, 1], PROJECTION)
    ring: IntRing = []
    for point in zip(np.rint(x).astype(int).tolist(), np.rint(y).astype(int).tolist(), strict=True):
        if not ring or ring[-1] != point:
            ring.append(point)
    while len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    return ring


def project_ring(pts: list[Point], exterior: bool) -> IntRing | None:
    """Densify, project and orient a clipped ring (exterior CCW, hole CW); None if it vanished."""
    ring = to_int_ring(densify_parallels(pts))
    area = signed_area(ring) if len(ring) >= 3 else 0.0
    if area == 0.0:
        return None
    return ring if (area > 0) == exterior else ring[::-1]


def _hole_owner(hole: list[Point], exteriors: list[list[Point]]) -> int:
    """Index of the clipped exterior piece that holds a (clipped) hole."""
    lon0, lat0, lon1, lat1 = REGION
    probe = next((p for p in hole if lon0 < p[0] < lon1 and lat0 < p[1] < lat1), hole[0])
    return next((i for i, ext in enumerate(exteriors) if contains(ext, probe)), 0)


def finish_polygon(rings_lonlat: list[list[Point]]) -> list[list[IntRing]]:
    """Clip, densify and project one polygon; the frame may cut it into several."""
    exteriors = clip_ring(rings_lonlat[0])
    pieces: list[list[list[Point]]] = [[ext] for ext in exteriors]
    for hole in rings_lonlat[1:]:
        for part in clip_ring(hole) if exteriors else []:
            pieces[_hole_owner(part, exteriors)].append(part)
    polygons = []
    for rings in pieces:
        exterior = project_ring(rings[0], exterior=True)
        if exterior is None:
            continue
        holes = [h for h in (project_ring(r, exterior=False) for r in rings[1:]) if h]
        polygons.append([exterior, *holes])
    return polygons


def shape_id(geometry: dict[str, Any]) -> str:
    """Alpha-3 id of a feature; unknown features reaching the region stop the build."""
    name = geometry.get("properties", {}).get("name", "")
    if geometry.get("id") is not None:
        numeric = str(geometry["id"]).zfill(3)
        if numeric not in ISO_NUMERIC_TO_ALPHA3:
            raise KeyError(f"no alpha-3 code for ISO numeric {numeric} ({name})")
        return ISO_NUMERIC_TO_ALPHA3[numeric]
    if name in UNCODED_NAME_TO_ID:
        return UNCODED_NAME_TO_ID[name]
    raise KeyError(f"feature {name!r} has no id and no entry in UNCODED_NAME_TO_ID")


def keep_polygons(polygons: list[list[IntRing]]) -> list[list[IntRing]]:
    """Drop islets and clip slivers, but keep each small country's largest piece.

    Holes below the same threshold go too: they are enclaves whose own polygons were just
    dropped, and keeping them would punch see-through gaps into the map.
    """
    areas = [abs(signed_area(poly[0])) for poly in polygons]
    largest = max(range(len(polygons)), key=areas.__getitem__)
    return [
        [poly[0]] + [hole for hole in poly[1:] if abs(signed_area(hole)) >= MIN_POLYGON_KM2]
        for i, poly in enumerate(polygons)
        if areas[i] >= MIN_POLYGON_KM2 or (i == largest and areas[i] >= MIN_COUNTRY_KM2)
    ]


def country_polygons(topology: dict[str, Any], tolerance: float) -> dict[str, dict[str, Any]]:
    """Clip and project every country; returns {id: {"name", "polygons"}} for survivors."""
    raw = decode_arcs(topology)
    arcs = simplify_arcs(raw, tolerance)
    geometries = next(iter(topology["objects"].values()))["geometries"]
    named = {g.get("properties", {}).get("name"): g for g in geometries}
    siachen = named.get(SIACHEN_NAME)

    def finish(polygons: list[list[list[int]]]) -> list[list[IntRing]]:
        rings = ([ring_points(arcs, ring) for ring in poly] for poly in polygons)
        return [piece for poly in rings for piece in finish_polygon(poly)]

    shapes: dict[str, dict[str, Any]] = {}
    for geometry in geometries:
        if geometry is siachen or not (projected := finish(geometry_polygons(geometry))):
            continue
        sid = shape_id(geometry)
        if sid == SIACHEN_OWNER and siachen is not None:
            siachen_polygon = geometry_polygons(siachen)[0]
            projected = finish(merge_into(raw, geometry_polygons(geometry), siachen_polygon))
        entry = shapes.setdefault(sid, {"name": geometry["properties"]["name"], "polygons": []})
        entry["polygons"] += projected
    for sid in list(shapes):
        shapes[sid]["polygons"] = keep_polygons(shapes[sid]["polygons"])
    return shapes


# --- asset -------------------------------------------------------------------------------


def frame_ring() -> IntRing:
    """The region's outline in projected km, so the client can mask or stroke the map edge."""
    lon0, lat0, lon1, lat1 = REGION
    corners = [(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1)]
    ring = to_int_ring(densify_parallels(corners))
    return ring if signed_area(ring) > 0 else ring[::-1]


def delta_encode(ring: IntRing) -> list[int]:
    """Flatten to [x0, y0, dx1, dy1, ...]: small deltas keep the JSON compact."""
    flat = [ring[0][0], ring[0][1]]
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        flat += [x1 - x0, y1 - y0]
    return flat


def encode_polygons(polygons: list[list[IntRing]]) -> list[list[list[int]]]:
    """Delta-encode every ring of every polygon."""
    return [[delta_encode(ring) for ring in poly] for poly in polygons]


def kashmir_shape() -> dict[str, Any]:
    """The disputed layer's Kashmir polygon, run through the same clip and projection."""
    return {**KASHMIR, "polygons": encode_polygons(finish_polygon([list(KASHMIR_LONLAT)]))}


def build_asset(topology: dict[str, Any], tolerance: float = TOLERANCE_KM) -> dict[str, Any]:
    """Assemble the asset dictionary; shapes are sorted by id for stable output."""
    frame = frame_ring()
    xs, ys = [p[0] for p in frame], [p[1] for p in frame]
    shapes = country_polygons(topology, tolerance)
    return {
        "format": FORMAT,
        "source": SOURCE,
        "projection": PROJECTION,
        "region": {"lon": [REGION[0], REGION[2]], "lat": [REGION[1], REGION[3]]},
        "bounds": [min(xs), min(ys), max(xs), max(ys)],
        "tolerance_km": tolerance,
        "encoding": "rings are [x0, y0, dx1, dy1, ...] in km; first ring exterior (CCW)",
        "frame": delta_encode(frame),
        "shapes": [
            {"id": sid, "name": shapes[sid]["name"], "polygons": encode_polygons(p)}
            for sid in sorted(shapes)
            if (p := shapes[sid]["polygons"])
        ],
        "disputed": [kashmir_shape()],
    }


def dumps(asset: dict[str, Any]) -> str:
    """Compact JSON with one shape per line, so diffs of the asset stay readable."""

    def compact(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    lines = []
    for key, value in asset.items():
        if key in ("shapes", "disputed"):
            items = ",\n".join(compact(item) for item in value)
            lines.append(f"{compact(key)}:[\n{items}\n]")
        else:
            lines.append(f"{compact(key)}:{compact(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="countries-50m.json from world-atlas 2.0.2")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE_KM, help="km")
    args = parser.parse_args(argv)
    topology = json.loads(args.input.read_text(encoding="utf-8"))
    text = dumps(build_asset(topology, args.tolerance))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(text.encode("utf-8"))
    print(f"wrote {args.output} ({len(text.encode('utf-8')) / 1024:.1f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
