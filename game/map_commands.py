"""`python main.py regions`: the map's region ids, for writing `territory = [...]`.

Pure Python + numpy, like the map data it reads: it works on machines without pygame.
"""

from __future__ import annotations

import argparse
import difflib

import numpy as np

from game.errors import InputError
from game.mapdata import World, load_world

NEAR_COUNT = 12  # how many regions --near lists


def register(commands) -> dict:
    """Add the `regions` command."""
    regions = commands.add_parser(
        "regions", help="list the map's region ids (ISO 3166 alpha-3) with their names"
    )
    regions.add_argument("--search", metavar="NAME", help="only regions whose id or name matches")
    regions.add_argument(
        "--near", metavar="LON,LAT", help=f"the {NEAR_COUNT} regions nearest a point, with km"
    )
    return {"regions": cmd_regions}


def parse_point(text: str) -> tuple[float, float]:
    try:
        lon, lat = (float(part) for part in text.split(","))
    except ValueError:
        raise InputError(
            f"--near: expected LONGITUDE,LATITUDE in degrees such as 38.7,9.0, not {text!r}"
        ) from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InputError(f"--near: {text} is outside -180..180, -90..90")
    return lon, lat


def search(world: World, text: str) -> list[str]:
    """Ids whose id or name contains the text; else the closest names (typos)."""
    needle = text.strip().lower()
    found = [
        sid
        for sid, shape in world.shapes.items()
        if needle in sid.lower() or needle in shape.name.lower()
    ]
    if found:
        return sorted(found)
    names = {shape.name.lower(): sid for sid, shape in world.shapes.items()}
    return [names[n] for n in difflib.get_close_matches(needle, list(names), n=5, cutoff=0.6)]


def nearest(world: World, point: tuple[float, float]) -> list[tuple[str, float]]:
    """(id, km to its nearest border point, 0 inside) for the regions nearest the point."""
    from game.mapdata import _distances_km

    out = []
    for sid, shape in world.shapes.items():
        rings = np.vstack([polygon[0] for polygon in shape.polygons])
        distance = float(_distances_km(rings, point).min())
        if any(_inside(polygon[0], point) for polygon in shape.polygons):
            distance = 0.0
        out.append((sid, distance))
    out.sort(key=lambda item: (item[1], item[0]))
    return out[:NEAR_COUNT]


def _inside(ring: np.ndarray, point: tuple[float, float]) -> bool:
    x, y = point
    xa, ya = ring[:, 0], ring[:, 1]
    xb, yb = np.roll(xa, 1), np.roll(ya, 1)
    spans = (ya > y) != (yb > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = xa + (y - ya) * (xb - xa) / (yb - ya)
    return bool(np.count_nonzero(spans & (x < crossing)) % 2)


def cmd_regions(args: argparse.Namespace) -> int:
    world = load_world()
    if args.near is not None:
        point = parse_point(args.near)
        rows = nearest(world, point)
        if args.search:
            allowed = set(search(world, args.search))
            rows = [row for row in rows if row[0] in allowed]
        for sid, km in rows:
            where = "inside" if km == 0 else f"{km:,.0f} km"
            print(f"{sid}  {world.name(sid):<32} {where}")
        return 0
    ids = search(world, args.search) if args.search else sorted(world.shapes)
    if not ids:
        raise InputError(
            f"--search: no region matches {args.search!r}; run 'python main.py regions' for all"
        )
    for sid in ids:
        print(f"{sid}  {world.name(sid)}")
    if not args.search:
        print(f"{len(ids)} regions; a nation's territory lists some of these ids")
    return 0
