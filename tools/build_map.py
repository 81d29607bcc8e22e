"""Build the world map asset ``assets/map/world.json`` from Natural Earth TopoJSON.

The input is ``countries-50m.json`` from the npm package world-atlas 2.0.2 (Natural Earth
4.1.0); fetch it with ``npm pack world-atlas@2.0.2`` and unpack the tarball. Usage::

    python tools/build_map.py path/to/countries-50m.json [--output assets/map/world.json]

Every country of the world is kept, in longitude and latitude: each scenario chooses its own
view and projection when it is played (game/mapdata.py), so nothing here is clipped or
projected. Pipeline: decode the quantized, delta-encoded arcs; simplify each *shared arc*
once (so neighbours keep identical borders and no gaps open); merge the Siachen glacier into
India; assemble rings; round to a grid of 0.01 degrees; drop islets; delta-encode.
Only the standard library and numpy are used, and every step is deterministic, so two runs
give byte-identical output.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from game.projection import EARTH_RADIUS_KM  # noqa: E402  (the one radius the game projects with)

Point = tuple[float, float]
IntRing = list[tuple[int, int]]

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "assets" / "map" / "world.json"
FORMAT = "alliance-drift-world/1"
SOURCE = "Natural Earth 4.1.0 (public domain) via npm world-atlas 2.0.2 (ISC), countries-50m"
QUANTUM_DEG = 0.01  # coordinates are stored as whole hundredths of a degree (about 1 km)
TOLERANCE_KM = 2.0  # Douglas-Peucker tolerance, measured on a local equirectangular plane
MIN_POLYGON_KM2 = 300.0  # islands smaller than this are dropped ...
MIN_COUNTRY_KM2 = 0.0  # ... but every country keeps its largest piece, however small
KM_PER_DEG = EARTH_RADIUS_KM * math.pi / 180.0

# ISO 3166-1 numeric -> alpha-3 for every coded feature of world-atlas 2.0.2.
_ISO_TABLE = (
    "004 AFG 008 ALB 010 ATA 012 DZA 016 ASM 020 AND 024 AGO 028 ATG 031 AZE 032 ARG 036 AUS "
    "040 AUT 044 BHS 048 BHR 050 BGD 051 ARM 052 BRB 056 BEL 060 BMU 064 BTN 068 BOL 070 BIH "
    "072 BWA 076 BRA 084 BLZ 086 IOT 090 SLB 092 VGB 096 BRN 100 BGR 104 MMR 108 BDI 112 BLR "
    "116 KHM 120 CMR 124 CAN 132 CPV 136 CYM 140 CAF 144 LKA 148 TCD 152 CHL 156 CHN 158 TWN "
    "170 COL 174 COM 178 COG 180 COD 184 COK 188 CRI 191 HRV 192 CUB 196 CYP 203 CZE 204 BEN "
    "208 DNK 212 DMA 214 DOM 218 ECU 222 SLV 226 GNQ 231 ETH 232 ERI 233 EST 234 FRO 238 FLK "
    "239 SGS 242 FJI 246 FIN 248 ALA 250 FRA 258 PYF 260 ATF 262 DJI 266 GAB 268 GEO 270 GMB "
    "275 PSE 276 DEU 288 GHA 296 KIR 300 GRC 304 GRL 308 GRD 316 GUM 320 GTM 324 GIN 328 GUY "
    "332 HTI 334 HMD 336 VAT 340 HND 344 HKG 348 HUN 352 ISL 356 IND 360 IDN 364 IRN 368 IRQ "
    "372 IRL 376 ISR 380 ITA 384 CIV 388 JAM 392 JPN 398 KAZ 400 JOR 404 KEN 408 PRK 410 KOR "
    "414 KWT 417 KGZ 418 LAO 422 LBN 426 LSO 428 LVA 430 LBR 434 LBY 438 LIE 440 LTU 442 LUX "
    "446 MAC 450 MDG 454 MWI 458 MYS 462 MDV 466 MLI 470 MLT 478 MRT 480 MUS 484 MEX 492 MCO "
    "496 MNG 498 MDA 499 MNE 500 MSR 504 MAR 508 MOZ 512 OMN 516 NAM 520 NRU 524 NPL 528 NLD "
    "531 CUW 533 ABW 534 SXM 540 NCL 548 VUT 554 NZL 558 NIC 562 NER 566 NGA 570 NIU 574 NFK "
    "578 NOR 580 MNP 583 FSM 584 MHL 585 PLW 586 PAK 591 PAN 598 PNG 600 PRY 604 PER 608 PHL "
    "612 PCN 616 POL 620 PRT 624 GNB 626 TLS 630 PRI 634 QAT 642 ROU 643 RUS 646 RWA 652 BLM "
    "654 SHN 659 KNA 660 AIA 662 LCA 663 MAF 666 SPM 670 VCT 674 SMR 678 STP 682 SAU 686 SEN "
    "688 SRB 690 SYC 694 SLE 702 SGP 703 SVK 704 VNM 705 SVN 706 SOM 710 ZAF 716 ZWE 724 ESP "
    "728 SSD 729 SDN 732 ESH 740 SUR 748 SWZ 752 SWE 756 CHE 760 SYR 762 TJK 764 THA 768 TGO "
    "776 TON 780 TTO 784 ARE 788 TUN 792 TUR 795 TKM 796 TCA 800 UGA 804 UKR 807 MKD 818 EGY "
    "826 GBR 831 GGY 832 JEY 833 IMN 834 TZA 840 USA 850 VIR 854 BFA 858 URY 860 UZB 862 VEN "
    "876 WLF 882 WSM 887 YEM 894 ZMB "
)
ISO_NUMERIC_TO_ALPHA3 = dict(zip(_ISO_TABLE.split()[::2], _ISO_TABLE.split()[1::2], strict=True))
# Natural Earth features without an ISO code get Natural Earth's own ADM0_A3 codes; the two
# Australian dependencies fold into Australia (whose numeric id one of them shares).
UNCODED_NAME_TO_ID = {
    "Somaliland": "SOL",
    "Kosovo": "KOS",
    "N. Cyprus": "CYN",
    "Indian Ocean Ter.": "AUS",
    "Ashmore and Cartier Is.": "AUS",
}
# Natural Earth keeps the glacier apart from India, Pakistan and China; it is merged into
# India's shape (which administers it) so no hole is left. Scenarios mark Kashmir as
# disputed themselves ([[map.disputed]]).
SIACHEN_NAME = "Siachen Glacier"
SIACHEN_OWNER = "IND"


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


# --- simplification helpers ---------------------------------------------------------------


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


# --- simplification ----------------------------------------------------------------------


def local_km(pts: np.ndarray) -> np.ndarray:
    """Degrees to km on a plane tangent at the points' mean latitude (good for one arc)."""
    scale = math.cos(math.radians(float(np.clip(pts[:, 1].mean(), -89.0, 89.0))))
    return np.column_stack([pts[:, 0] * scale * KM_PER_DEG, pts[:, 1] * KM_PER_DEG])


def simplify_arcs(arcs: Sequence[np.ndarray], tolerance: float) -> list[np.ndarray]:
    """Simplify every arc once, with the tolerance in km; shared borders stay shared."""
    return [pts[douglas_peucker(local_km(pts), tolerance)] if len(pts) > 2 else pts for pts in arcs]


# --- rings -------------------------------------------------------------------------------


def signed_area(pts: Sequence[Sequence[float]]) -> float:
    """Shoelace area, positive for counter-clockwise rings (y up)."""
    arr = np.asarray(pts, dtype=np.float64)
    x, y = arr[:, 0], arr[:, 1]
    return float((x * np.roll(y, -1) - np.roll(x, -1) * y).sum()) / 2


def area_km2(ring: IntRing) -> float:
    """Approximate area of a quantized ring (equirectangular at its mean latitude)."""
    arr = np.asarray(ring, dtype=np.float64) * QUANTUM_DEG
    return abs(signed_area(local_km(arr)))


def to_int_ring(pts: list[Point], exterior: bool) -> IntRing | None:
    """Round to the grid, drop repeated points, orient (exterior CCW, holes CW)."""
    ring: IntRing = []
    for lon, lat in pts:
        point = (int(round(lon / QUANTUM_DEG)), int(round(lat / QUANTUM_DEG)))
        if not ring or ring[-1] != point:
            ring.append(point)
    while len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if len(ring) < 3 or signed_area(ring) == 0.0:
        return None
    return ring if (signed_area(ring) > 0) == exterior else ring[::-1]


def finish_polygon(rings_lonlat: list[list[Point]]) -> list[list[IntRing]]:
    """Quantize one polygon; empty if its exterior collapsed."""
    exterior = to_int_ring(rings_lonlat[0], exterior=True)
    if exterior is None:
        return []
    holes = [h for h in (to_int_ring(r, exterior=False) for r in rings_lonlat[1:]) if h]
    return [[exterior, *holes]]


def shape_id(geometry: dict[str, Any]) -> str:
    """Alpha-3 id of a feature; an unknown feature stops the build, so nothing slips in."""
    name = geometry.get("properties", {}).get("name", "")
    if name in UNCODED_NAME_TO_ID:
        return UNCODED_NAME_TO_ID[name]
    if geometry.get("id") is not None:
        numeric = str(geometry["id"]).zfill(3)
        if numeric not in ISO_NUMERIC_TO_ALPHA3:
            raise KeyError(f"no alpha-3 code for ISO numeric {numeric} ({name})")
        return ISO_NUMERIC_TO_ALPHA3[numeric]
    raise KeyError(f"feature {name!r} has no id and no entry in UNCODED_NAME_TO_ID")


def keep_polygons(polygons: list[list[IntRing]]) -> list[list[IntRing]]:
    """Drop islets (and holes of the same size), but keep each country's largest piece, so
    every country of the world remains a map region however small it is."""
    areas = [area_km2(poly[0]) for poly in polygons]
    largest = max(range(len(polygons)), key=areas.__getitem__)
    return [
        [poly[0]] + [hole for hole in poly[1:] if area_km2(hole) >= MIN_POLYGON_KM2]
        for i, poly in enumerate(polygons)
        if areas[i] >= MIN_POLYGON_KM2 or (i == largest and areas[i] >= MIN_COUNTRY_KM2)
    ]


def country_polygons(topology: dict[str, Any], tolerance: float) -> dict[str, dict[str, Any]]:
    """Every country as {id: {"name", "polygons"}} of quantized lon/lat rings."""
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
        if geometry is siachen or not (polygons := finish(geometry_polygons(geometry))):
            continue
        sid = shape_id(geometry)
        if sid == SIACHEN_OWNER and siachen is not None:
            siachen_polygon = geometry_polygons(siachen)[0]
            polygons = finish(merge_into(raw, geometry_polygons(geometry), siachen_polygon))
        name = geometry["properties"]["name"]
        entry = shapes.setdefault(sid, {"name": name, "polygons": []})
        entry["polygons"] += polygons
    for sid in list(shapes):
        shapes[sid]["polygons"] = keep_polygons(shapes[sid]["polygons"])
    return shapes


# --- asset -------------------------------------------------------------------------------


def delta_encode(ring: IntRing) -> list[int]:
    """Flatten to [x0, y0, dx1, dy1, ...]: small deltas keep the JSON compact."""
    flat = [ring[0][0], ring[0][1]]
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        flat += [x1 - x0, y1 - y0]
    return flat


def encode_polygons(polygons: list[list[IntRing]]) -> list[list[list[int]]]:
    """Delta-encode every ring of every polygon."""
    return [[delta_encode(ring) for ring in poly] for poly in polygons]


def build_asset(topology: dict[str, Any], tolerance: float = TOLERANCE_KM) -> dict[str, Any]:
    """Assemble the asset dictionary; shapes are sorted by id for stable output."""
    shapes = country_polygons(topology, tolerance)
    return {
        "format": FORMAT,
        "source": SOURCE,
        "quantum_deg": QUANTUM_DEG,
        "tolerance_km": tolerance,
        "encoding": "rings are [lon0, lat0, dlon1, dlat1, ...] in units of quantum_deg; "
        "first ring exterior (counter-clockwise)",
        "shapes": [
            {"id": sid, "name": shapes[sid]["name"], "polygons": encode_polygons(p)}
            for sid in sorted(shapes)
            if (p := shapes[sid]["polygons"])
        ],
    }


def dumps(asset: dict[str, Any]) -> str:
    """Compact JSON with one shape per line, so diffs of the asset stay readable."""

    def compact(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    lines = []
    for key, value in asset.items():
        if key == "shapes":
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
