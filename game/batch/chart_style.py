"""What the fan chart shows, shared by its two drawings (pygame's PNG in game.batch.plot
and matplotlib's vector figures in game.batch.figure): colours and which lines to draw."""

from __future__ import annotations

HISTORY = (20, 20, 20)
TARGET = (217, 95, 2)  # the targets' steps: an orange apart from the blues of the bands
# Outer band, inner band, median line: light to dark of one hue, as in the legend.
BANDS = ((198, 219, 239), (107, 174, 214), (8, 81, 156))
# Lines of the comparison panel, told apart by hue (and drawn over a light grid).
SHARE_LINES = (
    (203, 24, 29),
    (35, 139, 69),
    (106, 81, 163),
    (230, 120, 0),
    (0, 140, 160),
    (120, 120, 120),
)


def compared(summary: dict) -> list[dict]:
    """The comparisons worth a line: those with runs in some year (at most one per hue)."""
    found = [c for c in summary.get("comparisons", {}).values() if any(c["runs"])]
    return found[: len(SHARE_LINES)]


def existence_note(years: list[int], runs: list[int], total: int) -> str:
    """Where the pair exists only in some runs (a successor emerging), say so."""
    some = [y for y, n in zip(years, runs, strict=True) if n]
    every = [y for y, n in zip(years, runs, strict=True) if n == total]
    if not some or (every and every[0] == some[0] and len(every) == len(some)):
        return ""
    if every:
        return f"exists in some runs from {some[0]}, in all from {every[0]}"
    return f"exists in some runs only, from {some[0]}"
