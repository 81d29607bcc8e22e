"""What the map shows for one state, as plain arrays: shape colours, ties, capitals.

Kept apart from the drawing so the rules ("which ties are worth a line", "what colour is
Kashmir's owner") can be tested without a window, and so frames can be eased from one to
the next by interpolating arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.camps import CampTracker, CampView
from game.client.alignment import INACTIVE, camp_tints
from game.mapdata import RegionMap
from game.scenario import Scenario
from game.state import IN_FORCE, State

MEANINGFUL = 60.0  # |relation| worth a line on its own
TREATY_MEANINGFUL = 40.0  # treaty partners get a line when the tie is also this strong
SELECTED_MEANINGFUL = 25.0  # the selected nation's ties, and all its treaty partners
ANY_TIE = 5.0  # with "all ties" on, anything but indifference


@dataclass
class MapFrame:
    """The map's data for one state."""

    shape_colours: np.ndarray  # (S, 3) float RGB of every map shape
    shape_owner: np.ndarray  # (S,) nation index holding the shape, -1 none or foreign
    lean: np.ndarray  # (N,) toward the anchor's side, -1..1
    tint: np.ndarray  # (N, 3)
    relations: np.ndarray  # (N, N)
    active: np.ndarray  # (N,) bool
    treaty_tie: np.ndarray  # (N, N) bool: both sit in a treaty in force
    war: np.ndarray  # (N, N) bool
    blocs: np.ndarray  # (N,) camps as the player sees them (game.camps: 0 none, 1, 2)


class ShapeTable:
    """Map shapes in a fixed order, linked to the scenario's regions."""

    def __init__(self, region_map: RegionMap, scenario: Scenario) -> None:
        self.ids = sorted(region_map.shapes)
        self.index = {sid: k for k, sid in enumerate(self.ids)}
        regions = {rid: r for r, rid in enumerate(scenario.regions)}
        self.region = np.array([regions.get(sid, -1) for sid in self.ids], dtype=np.int64)

    def owners(self, state: State) -> np.ndarray:
        """(S,) nation index holding each shape in this state, -1 when none."""
        owner = np.full(len(self.ids), -1, dtype=np.int64)
        in_play = self.region >= 0
        owner[in_play] = state.owner[0, self.region[in_play]]
        return owner


def build_frame(
    state: State,
    shapes: ShapeTable,
    anchor: int,
    foreign: tuple[int, int, int],
    camps: CampView | None = None,
    tint: np.ndarray | None = None,
) -> MapFrame:
    """Everything the map draws for `state`; `camps` is the campaign's camp view of it
    (without one, the camps are worked out from this state alone). `tint` (N, 3), when
    given, colours the nations instead of their camps (the map modes)."""
    active = state.active[0].copy()
    if camps is None:
        camps = CampTracker([n.name for n in state.scenario.nations], anchor).extend(state)
    lean = camps.lean.copy()
    tint = camp_tints(camps) if tint is None else np.asarray(tint, dtype=np.float64)
    owner = shapes.owners(state)
    colours = np.empty((len(shapes.ids), 3), dtype=np.float64)
    colours[:] = foreign
    held = owner >= 0
    colours[held] = tint[owner[held]]
    colours[(shapes.region >= 0) & ~held] = INACTIVE
    in_force = state.treaty_status[0] == IN_FORCE
    seats = state.members[0][in_force].astype(np.int64)  # (T_in_force, N)
    together = (seats.T @ seats) > 0
    np.fill_diagonal(together, False)
    return MapFrame(
        shape_colours=colours,
        shape_owner=owner,
        lean=lean,
        tint=tint,
        relations=state.relations[0].copy(),
        active=active,
        treaty_tie=together,
        war=state.war[0].copy(),
        blocs=camps.camp.copy(),
    )


def visible_ties(frame: MapFrame, selected: int | None, show_all: bool) -> list[tuple[int, int]]:
    """Pairs (i < j) that get a line. By default: wars, very strong ties, strong treaty
    ties, and the selected nation's ties and treaty partners; all ties with `show_all`.
    (Every treaty tie at once turns the map into a web once organisations multiply.)"""
    n = frame.relations.shape[0]
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            if not (frame.active[i] and frame.active[j]):
                continue
            strength = abs(frame.relations[i, j])
            treaty = bool(frame.treaty_tie[i, j])
            if show_all:
                keep = strength >= ANY_TIE or treaty or frame.war[i, j]
            elif selected is not None and selected in (i, j):
                keep = strength >= SELECTED_MEANINGFUL or treaty or frame.war[i, j]
            else:
                keep = (
                    strength >= MEANINGFUL
                    or (treaty and strength >= TREATY_MEANINGFUL)
                    or frame.war[i, j]
                )
            if keep:
                pairs.append((i, j))
    return pairs


def ease(t: float) -> float:
    """Smoothstep: starts and ends gently, so drift reads as motion rather than a jump."""
    t = min(1.0, max(0.0, t))
    return t * t * (3.0 - 2.0 * t)


def mix_frames(a: MapFrame, b: MapFrame, t: float) -> MapFrame:
    """A frame part-way from a to b (colours, lean and relations interpolated)."""
    if t >= 1.0:
        return b
    k = ease(t)
    return MapFrame(
        shape_colours=a.shape_colours + (b.shape_colours - a.shape_colours) * k,
        shape_owner=b.shape_owner,
        lean=a.lean + (b.lean - a.lean) * k,
        tint=a.tint + (b.tint - a.tint) * k,
        relations=a.relations + (b.relations - a.relations) * k,
        active=b.active | (a.active & (k < 0.5)),
        treaty_tie=b.treaty_tie,
        war=b.war,
        blocs=b.blocs,
    )
