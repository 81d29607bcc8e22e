"""Where each nation stands: its lean between the two camps, its tint, and its place in
alignment space. Pure numpy, so tests and the headless renderer share it with the client.

The engine's camp 1 is "the camp of the strongest power", which can change hands during a
campaign; colours must not flip when it does. So the lean is re-oriented toward a fixed
anchor (the strongest nation at the start, normally the United States): blue is always the
anchor's side, red the other side.
"""

from __future__ import annotations

import numpy as np

from game.derived import derived_stat
from game.phases.blocs import CAMP_ONE, CAMP_TWO, alignment_lean
from game.state import State

Colour = tuple[int, int, int]

ANCHOR_BLOC: Colour = (47, 104, 196)  # the anchor's camp
OTHER_BLOC: Colour = (196, 52, 48)  # the other camp
NON_ALIGNED: Colour = (176, 170, 150)  # warm grey: leaning neither way
INACTIVE: Colour = (205, 200, 186)  # land held by no nation in play


def anchor_index(state: State) -> int:
    """The strongest active nation: its camp keeps the blue colour for the whole game."""
    power = np.where(state.active[0], derived_stat(state, "power")[0], -1.0)
    return int(np.argmax(power))


LEAN_DECIDES = 0.1  # the anchor's own lean, when at least this clear, says which side is its


def camp_sign(state: State, anchor: int) -> float:
    """+1 when the anchor's side is camp 1, -1 when it is camp 2.

    The anchor's side is the camp it relates better to. Membership alone can mislead: the
    engine puts the strongest power into camp 1 whenever it has any friend there, even
    when it stands closer to camp 2 (the United States beside the Soviet Union in 1970).
    """
    own = float(alignment_lean(state)[0, anchor])
    if abs(own) >= LEAN_DECIDES:
        return 1.0 if own > 0 else -1.0
    camp = int(state.blocs[0, anchor])
    if camp == CAMP_ONE:
        return 1.0
    if camp == CAMP_TWO:
        return -1.0
    return -1.0 if own < 0 else 1.0


def oriented_lean(state: State, anchor: int) -> np.ndarray:
    """(N,) lean in [-1, 1]: +1 wholly on the anchor's side, -1 wholly on the other."""
    lean = alignment_lean(state)[0] * camp_sign(state, anchor)
    return np.where(state.active[0], lean, 0.0)


def blend(a: Colour, b: Colour, t: float) -> Colour:
    """Linear mix of two colours, t=0 gives a and t=1 gives b."""
    t = min(1.0, max(0.0, t))
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def tint_for_lean(lean: float) -> Colour:
    """Grey at 0, the anchor's blue toward +1, the other camp's red toward -1.

    The blend is eased (square root) so a modest lean is already visible on the map.
    """
    strength = abs(lean) ** 0.75
    return blend(NON_ALIGNED, ANCHOR_BLOC if lean > 0 else OTHER_BLOC, strength)


def camp_colour(camp: int) -> Colour:
    """Blue for the anchor's camp, red for the rival's, grey for none: fixed for the game."""
    from game.camps import ONE, TWO

    return ANCHOR_BLOC if camp == ONE else OTHER_BLOC if camp == TWO else NON_ALIGNED


def camp_tints(view) -> np.ndarray:
    """(N, 3) map tint of every nation from the camp model (`game.camps.CampView`).

    Members take their camp's colour, deeper the clearer their lean; non-aligned nations
    stay grey whatever their slight lean, so the tint never says more than the panels.
    """
    out = np.empty((len(view.camp), 3), dtype=np.float64)
    for i, (camp, lean) in enumerate(zip(view.camp, view.lean, strict=True)):
        if not view.active[i]:
            out[i] = INACTIVE
        elif camp == 0:
            out[i] = NON_ALIGNED
        else:
            strength = 0.55 + 0.45 * min(1.0, abs(float(lean)) / 0.6)
            out[i] = blend(NON_ALIGNED, camp_colour(int(camp)), strength)
    return out


def tints(lean: np.ndarray, active: np.ndarray) -> np.ndarray:
    """(N, 3) float tint of every nation; inactive nations get the neutral land colour."""
    out = np.array([tint_for_lean(float(v)) for v in lean], dtype=np.float64).reshape(-1, 3)
    out[~active] = INACTIVE
    return out


def camp_leaders(state: State, anchor: int) -> tuple[int | None, int | None]:
    """The strongest member of the anchor's camp and of the other camp (None if empty)."""
    sign = camp_sign(state, anchor)
    anchor_camp, other_camp = (CAMP_ONE, CAMP_TWO) if sign > 0 else (CAMP_TWO, CAMP_ONE)
    power = derived_stat(state, "power")[0]
    leaders: list[int | None] = []
    for camp in (anchor_camp, other_camp):
        members = np.flatnonzero((state.blocs[0] == camp) & state.active[0])
        if camp == other_camp:
            members = members[members != anchor]  # the anchor never leads the other side
        leaders.append(int(members[np.argmax(power[members])]) if members.size else None)
    return leaders[0], leaders[1]


def camp_space(view, relations: np.ndarray, focus: int) -> np.ndarray:
    """(N, 2) positions in the inset's space: x the lean between the camps (from the camp
    model, -1..1), y the relation with `focus` (the player) over 100; the focus itself at
    the top. Inactive nations are NaN. Both axes are fixed, so a dot's place means the same
    in every year."""
    out = np.full((len(view.lean), 2), np.nan)
    active = view.active
    out[active, 0] = view.lean[active]
    out[active, 1] = relations[focus, active] / 100.0
    if active[focus]:
        out[focus, 1] = 1.0
    return out


# --- alignment space ----------------------------------------------------------------------


def classical_mds(relations: np.ndarray, active: np.ndarray) -> np.ndarray:
    """(N, 2) coordinates whose distances follow (100 - relation) / 200; inactive rows NaN.

    Classical (Torgerson) scaling: double-centre the squared distances and keep the two
    leading eigenvectors. Friends end up close, enemies far apart.
    """
    n = relations.shape[0]
    out = np.full((n, 2), np.nan)
    idx = np.flatnonzero(active)
    if idx.size == 0:
        return out
    if idx.size == 1:
        out[idx] = 0.0
        return out
    distance = (100.0 - relations[np.ix_(idx, idx)]) / 200.0
    np.fill_diagonal(distance, 0.0)
    squared = distance**2
    m = idx.size
    centre = np.eye(m) - np.full((m, m), 1.0 / m)
    gram = -0.5 * centre @ squared @ centre
    values, vectors = np.linalg.eigh(gram)
    order = np.argsort(values)[::-1][:2]
    scale = np.sqrt(np.maximum(values[order], 0.0))
    coords = vectors[:, order] * scale[None, :]
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((m, 2 - coords.shape[1]))])
    out[idx] = coords
    return out


def procrustes_onto(points: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Rotate/reflect and shift `points` (N, 2) to best match `reference` on common rows.

    No scaling: the spread of alignment space is information (a polarised world is wide).
    Rows that are NaN in either array do not take part but are transformed all the same.
    """
    common = ~np.isnan(points).any(axis=1) & ~np.isnan(reference).any(axis=1)
    if common.sum() < 2:
        return points.copy()
    a = points[common]
    b = reference[common]
    mean_a, mean_b = a.mean(axis=0), b.mean(axis=0)
    u, _, vt = np.linalg.svd((a - mean_a).T @ (b - mean_b))
    rotation = u @ vt
    return (points - mean_a) @ rotation + mean_b


def alignment_track(states: list[State], anchor: int) -> list[np.ndarray]:
    """(N, 2) alignment-space positions for each state, aligned turn to turn (no flips).

    The first frame is oriented with the anchor on the left, so its camp is always "west".
    """
    track: list[np.ndarray] = []
    for state in states:
        coords = classical_mds(state.relations[0], state.active[0])
        if track:
            coords = procrustes_onto(coords, track[-1])
        elif not np.isnan(coords[anchor, 0]) and coords[anchor, 0] > 0:
            coords[:, 0] = -coords[:, 0]
        track.append(coords)
    return track


def extend_track(track: list[np.ndarray], state: State, anchor: int) -> None:
    """Append the next state's aligned positions to an existing track (in place)."""
    if not track:
        track.extend(alignment_track([state], anchor))
        return
    coords = classical_mds(state.relations[0], state.active[0])
    track.append(procrustes_onto(coords, track[-1]))
