"""Label placement without overlaps, for small scatter plots such as the alignment inset.

Pure geometry on (x, y, w, h) tuples, so it is tested without a window. Each label tries
the eight places around its dot, then the same places further out; it takes the first
spot that overlaps no label already placed and no dot, and stays inside the bounds.
Labels are placed in the order given, so callers put the important ones (the player,
the selected nation) first.
"""

from __future__ import annotations

Box = tuple[float, float, float, float]  # x, y, width, height

# Directions around a dot, in order of preference: right, left, above, below, diagonals.
_DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))


def overlaps(a: Box, b: Box) -> bool:
    """True when two boxes share some area (touching edges do not count)."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _candidate(x: float, y: float, w: float, h: float, dx: int, dy: int, gap: float) -> Box:
    cx = x + dx * (gap + w / 2)
    cy = y + dy * (gap + h / 2)
    return (cx - w / 2, cy - h / 2, w, h)


def _inside(box: Box, bounds: Box) -> bool:
    return (
        box[0] >= bounds[0]
        and box[1] >= bounds[1]
        and box[0] + box[2] <= bounds[0] + bounds[2]
        and box[1] + box[3] <= bounds[1] + bounds[3]
    )


def place_labels(
    points: list[tuple[float, float]],
    sizes: list[tuple[float, float]],
    bounds: Box,
    radius: float,
) -> list[Box]:
    """A box for each label (same order as `points`), none overlapping another label or
    any dot (a square of side 2 * radius around each point), inside `bounds` when
    possible. With no free spot within reach, the label goes to the least crowded spot."""
    dots = [(x - radius, y - radius, 2 * radius, 2 * radius) for x, y in points]
    placed: list[Box] = []
    for (x, y), (w, h) in zip(points, sizes, strict=True):
        best: Box | None = None
        best_cost = float("inf")
        for ring in range(6):
            gap = radius + 2 + ring * (h * 0.9)
            for dx, dy in _DIRECTIONS:
                box = _candidate(x, y, w, h, dx, dy, gap)
                cost = sum(overlaps(box, other) for other in placed) * 10
                cost += sum(overlaps(box, dot) for dot in dots)
                cost += 0 if _inside(box, bounds) else 5
                cost += ring * 0.01
                if cost < best_cost:
                    best, best_cost = box, cost
            if best_cost < 1:
                break
        assert best is not None
        placed.append(best)
    return placed
