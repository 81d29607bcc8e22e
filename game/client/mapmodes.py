"""Map modes: what the country colours show. The camps (the default), relations with the
selected nation (a diplomatic map), and one choropleth per main statistic (GDP, military
strength, stability), each with its legend. Pure numpy: the tints go into the MapFrame
(`game.client.mapmodel.build_frame`), so the map draws every mode the same way.
"""

from __future__ import annotations

import numpy as np

from game.camps import CampView
from game.client.alignment import INACTIVE, NON_ALIGNED, blend, camp_tints
from game.client.legend import camp_swatches
from game.client.stat_words import stat_words
from game.scenario import STAT_INDEX
from game.state import State

Colour = tuple[int, int, int]

MODES = ("camps", "relations", "gdp", "military", "stability")
MODE_NAMES = {
    "camps": "Camps",
    "relations": "Relations",
    **{stat: stat_words(stat).label for stat in ("gdp", "military", "stability")},
}
MODE_TIPS = {
    "camps": "Each nation by the camp it stands in, named after the camp's leader.",
    "relations": "Every nation by its relation with the selected nation (click a country to choose).",
    "gdp": "Gross domestic product, current US$ (five classes, each about twice the last).",
    "military": "Military strength (five classes, each about twice the last).",
    "stability": "Stability from 0 (collapse) to 100 (rock-solid).",
}

FOCUS: Colour = (219, 180, 92)  # the selected nation in the relations mode
HOSTILE: Colour = (196, 58, 48)
FRIENDLY: Colour = (52, 160, 110)
# A sequential ramp, light to dark, for the statistics.
RAMP: tuple[Colour, ...] = (
    (226, 221, 190),
    (196, 206, 160),
    (132, 180, 150),
    (70, 140, 150),
    (36, 88, 128),
)
RELATION_BINS = (
    (60.0, "Close: +60 and above"),
    (20.0, "Friendly: +20 to +60"),
    (-20.0, "Indifferent: −20 to +20"),
    (-60.0, "Cool: −60 to −20"),
    (-101.0, "Hostile: below −60"),
)


def relation_colour(value: float) -> Colour:
    """Red for hostile, grey for indifferent, green for friendly, deeper the stronger."""
    strength = min(1.0, abs(value) / 100.0) ** 0.8
    return blend(NON_ALIGNED, FRIENDLY if value > 0 else HOSTILE, strength)


def _classes(values: np.ndarray, log: bool) -> np.ndarray:
    """Five class edges over the values shown (doubling steps for money and arms)."""
    finite = values[np.isfinite(values) & (values > 0)] if log else values[np.isfinite(values)]
    if finite.size == 0:
        return np.linspace(0, 1, 6)
    low, high = float(finite.min()), float(finite.max())
    if log:
        return np.exp(np.linspace(np.log(low), np.log(max(high, low * 1.01)), 6))
    return np.linspace(0.0, 100.0, 6)


def _number(value: float, unit: str) -> str:
    if unit == "$bn":
        return f"${value:,.0f} bn" if value >= 10 else f"${value:.1f} bn"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def mode_tints(
    mode: str, state: State, camps: CampView, focus: int | None
) -> tuple[np.ndarray, list[tuple[str, Colour]], str]:
    """(N, 3) tints of the nations, the legend's swatches and its title for `mode`."""
    names = [n.name for n in state.scenario.nations]
    active = state.active[0]
    n = len(names)
    if mode == "camps" or mode not in MODES:
        return camp_tints(camps), camp_swatches(camps), "LEGEND"
    out = np.empty((n, 3))
    out[:] = INACTIVE
    if mode == "relations":
        focus = focus if focus is not None and active[focus] else camps.leaders[0]
        for i in np.flatnonzero(active):
            out[i] = relation_colour(float(state.relations[0, focus, i]))
        out[focus] = FOCUS
        swatches = [(names[focus], FOCUS)] + [
            (label, relation_colour(edge + 20.0 if edge > -100 else -80.0))
            for edge, label in RELATION_BINS
        ]
        return out, swatches, f"RELATIONS WITH {names[focus].upper()}"
    unit = {"gdp": "$bn", "military": "", "stability": ""}[mode]
    values = state.stats[0, :, STAT_INDEX[mode]].astype(float)
    edges = _classes(np.where(active, values, np.nan), log=mode != "stability")
    for i in np.flatnonzero(active):
        k = int(np.clip(np.searchsorted(edges, values[i], side="right") - 1, 0, 4))
        out[i] = RAMP[k]
    swatches = [
        (f"{_number(edges[k], unit)} – {_number(edges[k + 1], unit)}", RAMP[k])
        for k in range(4, -1, -1)
    ]
    return out, swatches, MODE_NAMES[mode].upper()
