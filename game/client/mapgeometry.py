"""Plane geometry for the map, in projected km or screen pixels: areas, where a name
goes inside a shape, the arcs of relation lines and dashed polylines."""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.mapdata import RegionMap


def wrap_lon(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0


def shape_area(shape) -> float:
    total = 0.0
    for polygon in shape.polygons:
        ring = polygon[0]
        x, y = ring[:, 0], ring[:, 1]
        total += abs(float((x * np.roll(y, -1) - np.roll(x, -1) * y).sum())) / 2
    return total


def label_point(
    region_map: RegionMap,
    shape_id: str,
    within: tuple[float, float, float, float] | None = None,
) -> tuple[float, float]:
    """A point well inside the shape's largest polygon, for its name; with `within`, the
    middle of the widest run of the shape inside that box (x0, y0, x1, y1 km)."""
    shape = region_map.shapes[shape_id]
    if within is not None:
        x0, x1 = max(within[0], shape.bbox[0]), min(within[2], shape.bbox[2])
        y0, y1 = max(within[1], shape.bbox[1]), min(within[3], shape.bbox[3])
        return widest_run(shape, np.linspace(y0, y1, 21)[2:-2], x0, x1)
    ring = max((p[0] for p in shape.polygons), key=lambda r: ring_area(r))
    x, y = ring[:, 0], ring[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2
    cx = float(((x + np.roll(x, -1)) * cross).sum() / (6 * area))
    cy = float(((y + np.roll(y, -1)) * cross).sum() / (6 * area))
    if shape.contains(cx, cy):
        return cx, cy
    # Concave shape: the middle of the widest horizontal run of land.
    x0, y0, x1, y1 = shape.bbox
    return widest_run(shape, np.linspace(y0, y1, 21)[1:-1], x0, x1)


def widest_run(shape, rows: np.ndarray, x0: float, x1: float) -> tuple[float, float]:
    """The middle of the widest stretch of the shape along any of the rows (km), between
    x0 and x1: each row crosses every edge once, vectorised, and even-odd pairs of the
    sorted crossings are the stretches of land."""
    starts = np.vstack(shape.rings)
    ends = np.vstack([np.roll(ring, -1, axis=0) for ring in shape.rings])
    best = ((x0 + x1) / 2, float(rows[len(rows) // 2]) if len(rows) else 0.0, -1.0)
    for row in rows:
        spans = (starts[:, 1] > row) != (ends[:, 1] > row)
        a, b = starts[spans], ends[spans]
        crossings = np.sort(a[:, 0] + (row - a[:, 1]) * (b[:, 0] - a[:, 0]) / (b[:, 1] - a[:, 1]))
        if len(crossings) < 2:
            continue
        pairs = np.clip(crossings[: len(crossings) // 2 * 2].reshape(-1, 2), x0, x1)
        widths = pairs[:, 1] - pairs[:, 0]
        k = int(np.argmax(widths))
        if widths[k] > best[2]:
            best = (float(pairs[k].mean()), float(row), float(widths[k]))
    return best[0], best[1]


def ring_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float((x * np.roll(y, -1) - np.roll(x, -1) * y).sum())) / 2


ARC_T = np.linspace(0.0, 1.0, 19)


def arc(a: tuple[float, float], b: tuple[float, float], bend: float) -> list[tuple[int, int]]:
    """A gentle quadratic curve from a to b, bowed to the left of the direction a -> b."""
    (ax, ay), (bx, by) = a, b
    cx = (ax + bx) / 2 - (by - ay) * bend
    cy = (ay + by) / 2 + (bx - ax) * bend
    t = ARC_T
    u = 1.0 - t
    xs = u * u * ax + 2 * u * t * cx + t * t * bx
    ys = u * u * ay + 2 * u * t * cy + t * t * by
    return list(zip(xs.astype(int).tolist(), ys.astype(int).tolist(), strict=True))


def dashed(
    surface: pygame.Surface,
    colour,
    points: list[tuple[int, int]],
    dash: int,
    gap: int,
    width: int = 1,
) -> None:
    """A dashed polyline: dashes of `dash` pixels separated by `gap`."""
    dash, gap = max(1, dash), max(1, gap)
    carry = 0.0
    drawing = True
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        length = math.hypot(x1 - x0, y1 - y0)
        position = 0.0
        while position < length:
            run = (dash if drawing else gap) - carry
            end = min(length, position + run)
            if drawing:
                t0, t1 = position / length, end / length
                pygame.draw.line(
                    surface,
                    colour,
                    (x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0),
                    (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1),
                    width,
                )
            if end - position < run:
                carry += end - position
                break
            carry = 0.0
            drawing = not drawing
            position = end
