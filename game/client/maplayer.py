"""The map's static "index" layer: an 8-bit surface where every pixel stores which shape
it belongs to (or sea, graticule, border, hatching). It is drawn once per zoom and pan;
the map view then recolours it each frame by changing 256 palette entries, which is what
lets drift be eased every frame.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.client.mapgeometry import dashed
from game.mapdata import RegionMap

# Palette layout of the index layer.
OFF_MAP, SEA, GRID, HATCH, HATCH_EDGE = 0, 1, 2, 3, 4
FILL0 = 16  # shape k is filled with FILL0 + k
BORDER0 = 128  # and outlined with BORDER0 + k
GRATICULE_STEP = 10  # degrees

Rings = dict[int, list[list[tuple[int, int]]]]  # shape k -> its outer rings on screen


class _Projector:
    """Projected km to the layer's pixels, for one size, scale and centre."""

    def __init__(self, size: tuple[int, int], scale: float, centre: tuple[float, float]) -> None:
        self.scale = scale
        self.cx = size[0] / 2 - centre[0] * scale
        self.cy = size[1] / 2 + centre[1] * scale

    def points(self, ring: np.ndarray) -> list[tuple[int, int]]:
        s = self.scale
        xs = np.rint(self.cx + ring[:, 0] * s).astype(np.int64)
        ys = np.rint(self.cy - ring[:, 1] * s).astype(np.int64)
        return list(zip(xs.tolist(), ys.tolist(), strict=True))


def index_layer(
    region_map: RegionMap,
    shape_ids: list[str],
    size: tuple[int, int],
    scale: float,
    centre: tuple[float, float],
    ui_scale: float,
) -> tuple[pygame.Surface, Rings]:
    """The index layer of the map at this view, and each shape's outer rings on it."""
    project = _Projector(size, scale, centre)
    surface = pygame.Surface(size, 0, 8)
    surface.set_palette([(0, 0, 0)] * 256)
    surface.fill(OFF_MAP)
    pygame.draw.polygon(surface, SEA, project.points(region_map.frame))
    _draw_graticule(surface, region_map, project)
    rings: Rings = {}
    for k, sid in enumerate(shape_ids):
        shape = region_map.shapes[sid]
        outer = []
        for polygon in shape.polygons:
            exterior = project.points(polygon[0])
            outer.append(exterior)
            if len(exterior) >= 3:
                pygame.draw.polygon(surface, FILL0 + k, exterior)
        rings[k] = outer
    for sid in shape_ids:
        for polygon in region_map.shapes[sid].polygons:
            for hole in polygon[1:]:
                inside = _enclave_index(region_map, shape_ids, sid, hole)
                pygame.draw.polygon(surface, inside, project.points(hole))
    for k, sid in enumerate(shape_ids):
        for polygon in region_map.shapes[sid].polygons:
            for ring in polygon:
                pygame.draw.lines(surface, BORDER0 + k, True, project.points(ring), 1)
    _hatch_disputed(surface, region_map, project, ui_scale)
    return surface, rings


def _enclave_index(
    region_map: RegionMap, shape_ids: list[str], owner_id: str, hole: np.ndarray
) -> int:
    """A hole is another shape's enclave (filled with that shape) or a lake (sea)."""
    x, y = hole.mean(axis=0)
    for k, sid in enumerate(shape_ids):
        if sid != owner_id and region_map.shapes[sid].contains(float(x), float(y)):
            return FILL0 + k
    return SEA


def _draw_graticule(surface: pygame.Surface, region_map: RegionMap, project: _Projector) -> None:
    lon_min, lon_max = region_map.lon_range
    lat_min, lat_max = region_map.lat_range
    for lon in range(
        int(math.ceil(lon_min / GRATICULE_STEP)) * GRATICULE_STEP,
        int(lon_max) + 1,
        GRATICULE_STEP,
    ):
        lats = np.linspace(lat_min, lat_max, 48)
        ring = np.column_stack(region_map.projection.many(np.full_like(lats, lon), lats))
        pygame.draw.lines(surface, GRID, False, project.points(ring), 1)
    for lat in range(
        int(math.ceil(lat_min / GRATICULE_STEP)) * GRATICULE_STEP,
        int(lat_max) + 1,
        GRATICULE_STEP,
    ):
        lons = np.linspace(lon_min, lon_max, 90)
        ring = np.column_stack(region_map.projection.many(lons, np.full_like(lons, lat)))
        pygame.draw.lines(surface, GRID, False, project.points(ring), 1)


def _hatch_disputed(
    surface: pygame.Surface, region_map: RegionMap, project: _Projector, ui_scale: float
) -> None:
    """Diagonal stripes inside each disputed area, over whoever holds the ground."""
    if not region_map.disputed:
        return
    size = surface.get_size()
    mask_surface = pygame.Surface(size, 0, 8)
    mask_surface.fill(0)
    outlines = []
    for shape in region_map.disputed:
        for polygon in shape.polygons:
            points = project.points(polygon[0])
            if len(points) >= 3:
                pygame.draw.polygon(mask_surface, 1, points)
                outlines.append(points)
    mask = pygame.surfarray.pixels2d(mask_surface) == 1
    if not mask.any():
        return
    period = max(6, int(round(7 * ui_scale)))
    xs = np.arange(size[0])[:, None]
    ys = np.arange(size[1])[None, :]
    stripes = ((xs + ys) % period) < max(1, period // 4)
    pixels = pygame.surfarray.pixels2d(surface)
    pixels[mask & stripes] = HATCH
    del pixels
    for points in outlines:
        dashed(surface, HATCH_EDGE, [*points, points[0]], dash=6, gap=4)
