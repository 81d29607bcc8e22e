"""The camps as a player reads them: who leads each, who is in it, and how every nation leans.

The engine's own bloc split (`game.phases.blocs`) is a spectral cut of the relation matrix,
recomputed from scratch every turn; it is right for the simulation's rules but too jumpy to
show a player (a nation can swap sides and back in two turns, and the camp holding the
strongest power can change labels). This model is what every panel, the map tint, the
legend, the tooltips, the inset and the turn summary read, so they can never disagree:

- Camp one is led by the *anchor*, the strongest nation at the start (normally the United
  States); it is always drawn blue. Camp two is led by the *rival*: the strongest power
  clearly hostile to the anchor (the Soviet Union, later Russia or China); always red.
  There may be no rival (the unipolar 1990s); then there is only one camp.
- A nation's lean is its affinity to camp one minus its affinity to camp two, over 200:
  affinity to a camp is mostly its relation with the camp's leader and partly its average
  relation with the camp's other members. +1 is wholly with the anchor's camp.
- Membership has hysteresis: a nation joins a camp when its lean passes JOIN and leaves
  only when it falls below STAY, so a one-year wobble does not flip it. A new rival takes
  over only after out-ranking the old one for CONFIRM turns in a row. Leaders are always in
  their own camp.

Pure numpy and no pygame: the headless renderer, tests and any tool can use it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.derived import derived_stat
from game.state import State

NONE, ONE, TWO = 0, 1, 2  # no camp, the anchor's camp, the rival's camp

JOIN = 0.20  # |lean| at which a non-aligned nation joins a camp
STAY = 0.10  # |lean| below which a member leaves its camp
LEADER_WEIGHT = 0.6  # share of the leader in a nation's affinity to a camp
RIVAL_HOSTILE = -20.0  # a rival is at most this friendly with the anchor...
RIVAL_HOLD = -5.0  # ...and stays rival while it is at most this friendly
RIVAL_POWER = 0.04  # least share of world power for a rival
CONFIRM = 2  # turns a stronger challenger must lead before it becomes the rival


_TAKES_THE = {"states", "union", "kingdom", "republics", "republic", "emirates", "nations"}


def possessive(name: str) -> str:
    """ "China's", "the United States'" style possessives."""
    the = "the " if name.split()[-1].lower() in _TAKES_THE else ""
    return f"{the}{name}'" if name.endswith("s") else f"{the}{name}'s"


def capitalise(text: str) -> str:
    """Upper-case the first letter only ("the Soviet Union's camp" -> "The Soviet Union's
    camp"); str.capitalize would lower-case proper names."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class CampView:
    """The camps in one state: leaders, names, membership and every nation's lean."""

    leaders: tuple[int, int | None]  # anchor, rival (None: only one camp)
    leader_names: tuple[str, str | None]
    camp: np.ndarray  # (N,) int8: NONE, ONE or TWO
    lean: np.ndarray  # (N,) -1..1, toward the anchor's camp
    affinity: np.ndarray  # (N, 2) affinity to camp one and two, -100..100 (0 if no rival)
    to_leaders: np.ndarray  # (N, 2) relation with each camp's leader (0 if no rival)
    active: np.ndarray  # (N,) bool

    def camp_name(self, camp: int) -> str:
        """ "the United States' camp" for ONE, the rival's for TWO."""
        name = self.leader_names[0] if camp == ONE else self.leader_names[1]
        return f"{possessive(name)} camp" if name else "no camp"

    @property
    def camps(self) -> list[int]:
        """The camps in play this turn: [ONE] or [ONE, TWO]."""
        return [ONE] if self.leaders[1] is None else [ONE, TWO]

    def is_leader(self, nation: int) -> bool:
        return nation in self.leaders

    def status(self, nation: int) -> str:
        """Where the nation stands, in words, as every panel shows it."""
        if not self.active[nation]:
            return "Not in play"
        camp = int(self.camp[nation])
        if self.is_leader(nation):
            return f"Leads {self.camp_name(camp)}"
        if camp != NONE:
            return f"In {self.camp_name(camp)}"
        lean = float(self.lean[nation])
        if abs(lean) < STAY or (lean < 0 and self.leaders[1] is None):
            return "Non-aligned"
        side = ONE if lean > 0 else TWO
        return f"Non-aligned, leaning toward {self.camp_name(side)}"

    def members(self, camp: int) -> list[int]:
        return [int(i) for i in np.flatnonzero((self.camp == camp) & self.active)]


class CampTracker:
    """The camp view of each state of a campaign, built turn by turn (hysteresis needs
    the previous turn), so it must see the states in order."""

    def __init__(self, names: list[str], anchor: int | None = None) -> None:
        self.names = names
        self.anchor = anchor
        self.views: list[CampView] = []
        self._challenger: tuple[int, int] | None = None  # (nation, turns it out-ranked)

    def extend(self, state: State) -> CampView:
        """Add the view of the next state and return it."""
        active = state.active[0].astype(bool)
        relations = state.relations[0]
        power = np.where(active, derived_stat(state, "power")[0], -1.0)
        if self.anchor is None:
            self.anchor = int(np.argmax(power))
        previous = self.views[-1] if self.views else None
        anchor = self.anchor
        rival = self._rival(relations, power, active, previous)
        camp_before = previous.camp if previous is not None else None
        view = self._view(relations, active, anchor, rival, camp_before)
        if previous is None:  # settle the first turn: affinities from its own members
            view = self._view(relations, active, anchor, rival, view.camp)
        self.views.append(view)
        return view

    # --- the rules --------------------------------------------------------------------

    def _rival(
        self,
        relations: np.ndarray,
        power: np.ndarray,
        active: np.ndarray,
        previous: CampView | None,
    ) -> int | None:
        anchor = self.anchor
        assert anchor is not None
        hostile = active & (relations[anchor] <= RIVAL_HOSTILE) & (power >= RIVAL_POWER)
        hostile[anchor] = False
        best = int(np.argmax(np.where(hostile, power, -1.0))) if hostile.any() else None
        current = previous.leaders[1] if previous is not None else None
        holds = (
            current is not None
            and active[current]
            and relations[anchor, current] <= RIVAL_HOLD
            and power[current] >= RIVAL_POWER
        )
        if not holds:
            self._challenger = None
            return best
        if best is None or best == current or power[best] <= power[current]:
            self._challenger = None
            return current
        turns = self._challenger[1] + 1 if self._challenger and self._challenger[0] == best else 1
        self._challenger = (best, turns)
        if turns >= CONFIRM:
            self._challenger = None
            return best
        return current

    def _view(
        self,
        relations: np.ndarray,
        active: np.ndarray,
        anchor: int,
        rival: int | None,
        camp_before: np.ndarray | None,
    ) -> CampView:
        n = relations.shape[0]
        before = (camp_before if camp_before is not None else np.zeros(n, dtype=np.int8)).copy()
        before[~active] = NONE
        affinity = np.zeros((n, 2))
        to_leaders = np.zeros((n, 2))
        for k, (camp, leader) in enumerate(((ONE, anchor), (TWO, rival))):
            if leader is None:
                continue
            others = (before == camp) & active
            others[leader] = False
            for i in np.flatnonzero(active):
                rest = others.copy()
                rest[i] = False
                to_leader = relations[i, leader] if i != leader else 100.0
                to_leaders[i, k] = to_leader
                if rest.any():
                    mean = float(relations[i, rest].mean())
                    affinity[i, k] = LEADER_WEIGHT * to_leader + (1 - LEADER_WEIGHT) * mean
                else:
                    affinity[i, k] = to_leader
        lean = np.clip((affinity[:, 0] - affinity[:, 1]) / 200.0, -1.0, 1.0)
        lean[~active] = 0.0
        camp = np.zeros(n, dtype=np.int8)
        for i in np.flatnonzero(active):
            was = int(before[i])
            if lean[i] >= JOIN or (was == ONE and lean[i] >= STAY):
                camp[i] = ONE
            elif rival is not None and (lean[i] <= -JOIN or (was == TWO and lean[i] <= -STAY)):
                camp[i] = TWO
        camp[anchor] = ONE
        lean[anchor] = max(lean[anchor], JOIN)
        if rival is not None:
            camp[rival] = TWO
            lean[rival] = min(lean[rival], -JOIN)
        return CampView(
            leaders=(anchor, rival),
            leader_names=(self.names[anchor], self.names[rival] if rival is not None else None),
            camp=camp,
            lean=lean,
            affinity=affinity,
            to_leaders=to_leaders,
            active=active.copy(),
        )


def camp_views(states: list[State], anchor: int | None = None) -> list[CampView]:
    """The camp view of every state of a campaign, oldest first."""
    if not states:
        return []
    tracker = CampTracker([n.name for n in states[0].scenario.nations], anchor)
    for state in states:
        tracker.extend(state)
    return tracker.views
