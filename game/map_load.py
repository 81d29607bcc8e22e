"""Read a scenario's [map] table and check every region id against the world map.

Kept apart from the loader so the map's keys live in one place: the loader calls
`read_map` for the table and `check_regions` once the nations are read.
"""

from __future__ import annotations

import difflib
from typing import Any

from game.loading.guard import FileGuard, Item
from game.mapdata import DisputedArea, MapLabel, MapSpec, load_world
from game.projection import PROJECTIONS
from game.scenario import NationDef
from game.schema import Field, Source

MAX_LABELS = 60
MAX_DISPUTED = 12
MAX_POLYGON_POINTS = 500
MAX_LABEL_CHARS = 60

MAP = {
    "bounds": Field("num_list", doc="[west, south, east, north] in degrees"),
    "centre": Field("num_list", doc="[longitude, latitude] of the view's middle"),
    "width_km": Field("num", low=200, high=40_000, doc="how wide the view is, with centre"),
    "projection": Field("table"),
    "offmap": Field("str_list"),
    "labels": Field("tables", default=[]),
    "disputed": Field("tables", default=[]),
}
PROJECTION = {
    "type": Field("str", default="lambert_conformal_conic"),
    "lon0": Field("num", low=-180, high=180),
    "lat0": Field("num", low=-85, high=85),
    "lat1": Field("num", low=-85, high=85),
    "lat2": Field("num", low=-85, high=85),
}
LABEL = {
    "text": Field("str", required=True),
    "at": Field("num_list", required=True, doc="[longitude, latitude]"),
}
DISPUTED = {
    "id": Field("str", required=True),
    "name": Field("str", required=True),
    "legend": Field("str", doc="the legend's text; 'Disputed (NAME)' if left out"),
    "regions": Field("str_list", default=[]),
    "polygon": Field("any", default=[]),
}


def _lonlat(loader: FileGuard, source: Source, key: str, value: Any) -> tuple[float, float] | None:
    """A [longitude, latitude] pair in range, or None after reporting why not."""
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        or not (-180 <= value[0] <= 180 and -85 <= value[1] <= 85)
    ):
        loader.report(
            source,
            key,
            "expected [longitude, latitude] with -180..180 and -85..85",
            "e.g. [45, 30]",
        )
        return None
    return float(value[0]), float(value[1])


def read_map(loader: FileGuard, source: Source, value: Any, nations: dict[str, Item]) -> MapSpec:
    """The [map] table as a MapSpec; problems are reported with their key path."""
    if value is None:
        return MapSpec()
    table = loader.reader.table(source, "map", value, MAP)
    bounds = None
    if table["bounds"] is not None:
        b = table["bounds"]
        if len(b) != 4 or not (-180 <= b[0] < b[2] <= 180 and -85 <= b[1] < b[3] <= 85):
            loader.report(
                source,
                "map.bounds",
                "expected [west, south, east, north] with west < east (-180..180) "
                "and south < north (-85..85)",
                "e.g. bounds = [25, 10, 65, 45]",
            )
        else:
            bounds = (float(b[0]), float(b[1]), float(b[2]), float(b[3]))
    centre = None
    if table["centre"] is not None:
        centre = _lonlat(loader, source, "map.centre", table["centre"])
        if bounds is not None:
            loader.report(source, "map.centre", "give bounds or centre, not both")
    if table["width_km"] is not None and table["centre"] is None:
        loader.report(
            source, "map.width_km", "width_km goes with centre", "add centre = [lon, lat]"
        )
    projection = None
    if table["projection"] is not None:
        projection = _projection(loader, source, table["projection"])
    offmap = None
    if table["offmap"] is not None:
        offmap = tuple(
            nation
            for k, nation in enumerate(table["offmap"])
            if _nation(loader, source, f"map.offmap[{k}]", nation, nations)
        )
    labels = _labels(loader, source, table["labels"] or [])
    disputed = _disputed(loader, source, table["disputed"] or [])
    return MapSpec(
        bounds=bounds,
        centre=centre,
        width_km=float(table["width_km"]) if table["width_km"] is not None else None,
        projection=projection,
        labels=labels,
        offmap=offmap,
        disputed=disputed,
    )


def _nation(
    loader: FileGuard, source: Source, key: str, nation: str, nations: dict[str, Item]
) -> bool:
    if nation in nations:
        return True
    close = difflib.get_close_matches(nation, list(nations), n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else "nations: " + ", ".join(nations)
    loader.report(source, key, f"unknown nation '{nation}'", hint)
    return False


def _projection(loader: FileGuard, source: Source, value: dict) -> dict[str, float | str] | None:
    table = loader.reader.table(source, "map.projection", value, PROJECTION)
    kind = table["type"] or "lambert_conformal_conic"
    if kind not in PROJECTIONS:
        loader.report(
            source,
            "map.projection.type",
            f"unknown projection '{kind}'",
            "use " + " or ".join(f"'{p}'" for p in PROJECTIONS),
        )
        return None
    lat1, lat2 = table["lat1"], table["lat2"]
    if kind == "lambert_conformal_conic" and (lat1 is None) != (lat2 is None):
        loader.report(source, "map.projection", "give both standard parallels, lat1 and lat2")
        return None
    if kind == "lambert_conformal_conic" and lat1 is not None and (lat1 * lat2 <= 0):
        loader.report(
            source,
            "map.projection",
            "a conic's standard parallels lie on one side of the equator, away from it",
            "for a view across the equator use type = 'mercator'",
        )
        return None
    out: dict[str, float | str] = {"type": kind}
    out.update(
        {k: float(table[k]) for k in ("lon0", "lat0", "lat1", "lat2") if table[k] is not None}
    )
    return out


def _labels(loader: FileGuard, source: Source, raw: list) -> tuple[MapLabel, ...]:
    labels = []
    for key, table in loader.tables(source, "map.labels", raw, MAX_LABELS, LABEL, "labels") or []:
        text, at = table["text"], table["at"]
        if text is not None and len(text) > MAX_LABEL_CHARS:
            loader.report(
                source,
                f"{key}.text",
                f"label of {len(text)} characters; the limit is {MAX_LABEL_CHARS}",
            )
            continue
        point = _lonlat(loader, source, f"{key}.at", at) if at is not None else None
        if text is not None and point is not None:
            labels.append(MapLabel(text, *point))
    return tuple(labels)


def _disputed(loader: FileGuard, source: Source, raw: list) -> tuple[DisputedArea, ...]:
    areas = []
    for key, table in (
        loader.tables(source, "map.disputed", raw, MAX_DISPUTED, DISPUTED, "areas") or []
    ):
        polygon = table["polygon"] or []
        points = []
        if not isinstance(polygon, list) or len(polygon) > MAX_POLYGON_POINTS:
            loader.report(
                source,
                f"{key}.polygon",
                f"expected a list of at most {MAX_POLYGON_POINTS} [longitude, latitude] points",
            )
            polygon = []
        for k, point in enumerate(polygon):
            lonlat = _lonlat(loader, source, f"{key}.polygon[{k}]", point)
            if lonlat is not None:
                points.append(lonlat)
        if polygon and len(polygon) < 3:
            loader.report(source, f"{key}.polygon", "a polygon needs at least three points")
        regions = table["regions"] or []
        for k, region in enumerate(regions):
            check_region(loader, source, f"{key}.regions[{k}]", region)
        if not polygon and not regions:
            loader.report(source, key, "a disputed area needs a polygon or regions")
        if table["id"] is None or table["name"] is None:
            continue
        legend = table["legend"] or f"Disputed ({table['name']})"
        areas.append(
            DisputedArea(table["id"], table["name"], legend, tuple(regions), tuple(points))
        )
    return tuple(areas)


# --- region ids ------------------------------------------------------------------------------


def suggest_region(wrong: str) -> tuple[str, str] | None:
    """The region a typo most likely meant, as (id, name): a close id whose letters appear
    in order in the country's name wins ('KNY' -> KEN Kenya, not KNA); a name typed in place
    of the id finds its id."""
    world = load_world()
    lowered = wrong.strip().lower()
    for sid, shape in world.shapes.items():
        if shape.name.lower() == lowered:
            return sid, shape.name

    def score(sid: str) -> float:
        ratio = difflib.SequenceMatcher(None, wrong.upper(), sid).ratio()
        name = world.shapes[sid].name.lower()
        rest = iter(name)
        in_order = all(ch in rest for ch in lowered)
        return ratio + (0.5 if in_order else 0.0) + (0.1 if name[:1] == lowered[:1] else 0.0)

    best = max(world.shapes, key=lambda sid: (score(sid), sid))
    if score(best) < 0.6:
        return None
    return best, world.shapes[best].name


def check_region(loader: FileGuard, source: Source, key: str, region: str) -> bool:
    """Report an id that is not a map region, with the likeliest one meant."""
    if region in load_world().shapes:
        return True
    guess = suggest_region(region)
    hint = (
        f"did you mean '{guess[0]}' {guess[1]}?"
        if guess
        else "list the ids with 'python main.py regions --search NAME'"
    )
    loader.report(source, key, f"'{region}' is not a map region", hint)
    return False


def check_regions(loader: FileGuard, nations: dict[str, Item], defs: list[NationDef]) -> None:
    """Every territory and successor territory written in the file must name a region of
    the world map (a nation without `territory` holds the region of its own id, if any)."""
    for nation in defs:
        item = nations.get(nation.id)
        if item is None:
            continue
        # A nation without `territory` holds the region of its own id, if there is one.
        written = nation.territory if item.data.get("territory") is not None else ()
        for k, region in enumerate(written):
            check_region(loader, item.source, f"{item.key}.territory[{k}]", region)
        if nation.emerges is not None:
            for k, region in enumerate(nation.emerges.territory):
                check_region(loader, item.source, f"{item.key}.emerges.territory[{k}]", region)
