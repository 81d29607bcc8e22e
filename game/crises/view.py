"""What a person sees of a crisis: plain frozen data read off the state for one run.

The client's crisis dialog, the turn summary, the History view and the headless `crises`
list all read these records, so no screen computes a crisis figure of its own and two
panels cannot disagree about a level, a risk or an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.crises import reckon as rk

# The move, stance and outcome vocabularies live in game.crises.vocabulary (the mechanic
# reads them too) and are named here for the screens and lists that read views.
from game.crises.vocabulary import OUTCOME_KINDS as OUTCOME_KINDS
from game.crises.vocabulary import PARTY_MOVES as PARTY_MOVES
from game.crises.vocabulary import PATRON_STANCES as PATRON_STANCES
from game.state import CRISIS_CLOSED, CRISIS_OPEN

if TYPE_CHECKING:
    from game.state import State


@dataclass(frozen=True)
class RungView:
    """One level of a crisis's ladder."""

    name: str  # e.g. "Mobilisation"
    cost_text: str  # what standing at this level costs each party per round, in words
    accident_risk: float  # 0..1: chance per round that the next level comes by accident


@dataclass(frozen=True)
class PartyView:
    """One side of a crisis."""

    nation: str  # nation id
    name: str  # nation display name
    last_move: str  # one of PARTY_MOVES, or "" before the first round
    reason: str  # why it made that move, in words ("" before the first round)
    prestige_at_stake: float  # what backing down would cost it, in prestige points
    nuclear: bool  # holds nuclear weapons now


@dataclass(frozen=True)
class PatronView:
    """A great power that may join a crisis on one side."""

    nation: str
    name: str
    stance: str  # one of PATRON_STANCES
    side: str  # the party it backs or restrains (nation id), "" when it stays out
    reason: str


@dataclass(frozen=True)
class MoveView:
    """A move the viewing nation may make this round, with its price."""

    move: str  # one of PARTY_MOVES (for a party) or PATRON_STANCES (for a patron)
    label: str  # e.g. "Mobilise the army"
    cost_text: str  # what it costs, in words (prestige, standing with patrons, economy)
    risk_text: str  # what it risks, in words (the chance of war or of an accident)
    advice: str  # what the AI would do in this seat and why ("" when there is no advice)


@dataclass(frozen=True)
class CrisisView:
    """One crisis of one run, as it stands after the last turn played."""

    crisis_id: str
    title: str
    text: str  # what is at stake, in words
    parties: tuple[PartyView, PartyView]
    patrons: tuple[PatronView, ...]
    ladder: tuple[RungView, ...]
    level: int  # index into ladder
    round: int  # rounds played so far (0 when it has just opened)
    opened_year: int
    outcome: str  # see OUTCOME_KINDS ("backed_down:IND" names who backed down)
    risk_next: float  # 0..1: chance the next level is reached next round if both hold
    risk_war: float  # 0..1: chance this crisis ends in war, as the model reckons it now
    viewer_role: str  # "party", "patron" or "" for the nation the view was built for
    moves: tuple[MoveView, ...]  # the viewer's choices this round (empty unless it must decide)

    @property
    def ongoing(self) -> bool:
        return self.outcome == "ongoing"


# --- reading the state ------------------------------------------------------------------


MOVE_LABELS = {
    "escalate": "Escalate",
    "hold": "Hold firm",
    "back_down": "Back down",
    "ask_patron": "Ask a patron for support",
    "accept_mediation": "Accept mediation",
    "back": "Back your friend",
    "restrain": "Restrain your friend",
    "stay_out": "Stay out",
}


def crises_awaiting(state: State, viewer: str | None = None, run: int = 0) -> list[str]:
    """Ids of the open crises in which the viewer (the player's nation by default) has a
    seat, as a party or a patron: those its next orders may answer."""
    scenario = state.scenario
    if viewer is None:
        if state.player < 0:
            return []
        viewer = scenario.nations[state.player].id
    out = []
    for c, crisis in enumerate(scenario.crises):
        if state.crisis_status[run, c] != CRISIS_OPEN:
            continue
        if viewer in crisis.parties or viewer in {p.nation for p in crisis.patrons}:
            out.append(crisis.id)
    return out


def legal_crisis_moves(state: State, crisis_id: str, viewer: str, run: int = 0) -> tuple[str, ...]:
    """The moves (a party's) or stances (a patron's) the viewer may order in the crisis
    now; empty when it has no seat or the crisis is not open."""
    scenario = state.scenario
    c = scenario.crisis_index.get(crisis_id)
    if c is None or state.crisis_status[run, c] != CRISIS_OPEN:
        return ()
    crisis = scenario.crises[c]
    if viewer in crisis.parties:
        side = crisis.parties.index(viewer)
        legal = rk.reckon(state.one_run(run), c).legal[0, side]
        return tuple(m for k, m in enumerate(PARTY_MOVES) if legal[k])
    if viewer in {p.nation for p in crisis.patrons}:
        return PATRON_STANCES
    return ()


def crisis_views(state: State, run: int = 0, viewer: str | None = None) -> list[CrisisView]:
    """Every crisis open in the run, and those that ended in the last turn played, as
    records for people. `viewer` (a nation id) fills `viewer_role` and, where it must
    decide, `moves` with each choice's price and the AI's advice for its seat."""
    single = state.one_run(run)
    scenario = state.scenario
    last_turn = state.turn - 1
    out = []
    for c in range(len(scenario.crises)):
        status = int(single.crisis_status[0, c])
        if status == CRISIS_OPEN or (
            status == CRISIS_CLOSED and int(single.crisis_closed[0, c]) == last_turn
        ):
            out.append(_view(single, c, viewer))
    return out


def _view(state: State, c: int, viewer: str | None) -> CrisisView:
    scenario = state.scenario
    crisis = scenario.crises[c]
    reckoning = rk.reckon(state, c)
    names = {n.id: n.name for n in scenario.nations}
    parties = []
    for side, nation in enumerate(crisis.parties):
        last = int(state.crisis_moves[0, c, side])
        parties.append(
            PartyView(
                nation=nation,
                name=names[nation],
                last_move=PARTY_MOVES[last] if last >= 0 else "",
                reason=rk.reason(last, reckoning, state, c, side, 0) if last >= 0 else "",
                prestige_at_stake=crisis.stakes,
                nuclear=bool(rk.nuclear_weight(state, scenario.nation_index[nation])[0] >= 1.0),
            )
        )
    sides = rk.patron_sides(state, c)[0]
    stances = state.crisis_stance[0, c]
    patrons = []
    for j, patron in enumerate(crisis.patrons):
        code = int(stances[scenario.nation_index[patron.nation]])
        stance = PATRON_STANCES[code] if code >= 0 else "stay_out"
        side = crisis.parties[int(sides[j])] if stance != "stay_out" else ""
        patrons.append(
            PatronView(
                nation=patron.nation,
                name=names[patron.nation],
                stance=stance,
                side=side,
                reason=rk.patron_reason(PATRON_STANCES.index(stance)),
            )
        )
    ladder = tuple(
        RungView(rung.name, _cost_text(rung.cost, rung.kind), rung.accident_risk)
        for rung in scenario.ladder
    )
    open_now = int(state.crisis_status[0, c]) == CRISIS_OPEN
    role, moves = "", ()
    if viewer in crisis.parties:
        role = "party"
        if open_now:
            moves = _party_choices(state, c, crisis.parties.index(viewer), reckoning)
    elif viewer in {p.nation for p in crisis.patrons}:
        role = "patron"
        if open_now:
            moves = _patron_choices(state, c, viewer, reckoning)
    return CrisisView(
        crisis_id=crisis.id,
        title=crisis.title,
        text=crisis.text,
        parties=(parties[0], parties[1]),
        patrons=tuple(patrons),
        ladder=ladder,
        level=int(state.crisis_level[0, c]),
        round=int(state.crisis_round[0, c]),
        opened_year=scenario.year_of_turn(max(int(state.crisis_opened[0, c]), 0)),
        outcome=rk.outcome_text(state, c, 0),
        risk_next=float(reckoning.risk_next[0]) if open_now else 0.0,
        risk_war=float(reckoning.risk_war[0]) if open_now else 0.0,
        viewer_role=role,
        moves=moves,
    )


def _cost_text(cost: float, kind: str) -> str:
    if kind == "war":
        return "war: the stakes won or lost, stability, a share of GDP"
    if kind == "nuclear":
        return "nuclear use: the end of the game for everyone"
    if cost <= 0:
        return "costs nothing to stand here"
    return f"{cost:g} prestige a round for each side"


def _party_choices(
    state: State, c: int, side: int, reckoning: rk.Reckoning
) -> tuple[MoveView, ...]:
    crisis = state.scenario.crises[c]
    values = reckoning.utilities[0, side]
    legal = reckoning.legal[0, side]
    best = int(max(np.flatnonzero(legal), key=lambda k: values[k]))
    rules = state.scenario.crisis_rules
    standing = rules["patron_standing"] * float(reckoning.backers[0, side]) / 2
    to_war = int(state.crisis_level[0, c]) + 1 >= rk.war_level(state.scenario)
    nuclear = float(reckoning.risk_nuclear[0])
    win = float(reckoning.win[0, side])
    costs = {
        "escalate": (
            f"war: {crisis.stakes:g} prestige won or lost, stability and a share of GDP"
            if to_war
            else f"the next level costs {_next_cost(state, c):g} prestige a round"
        ),
        "hold": f"{state.scenario.ladder[int(state.crisis_level[0, c])].cost:g} prestige a round",
        "back_down": f"{crisis.stakes:g} prestige"
        + (f" and {standing:g} of standing with your patrons" if standing else ""),
        "ask_patron": "nothing now; a patron's support raises your odds in a war",
        "accept_mediation": f"about {crisis.stakes / 2:g} prestige in concessions",
    }
    risks = {
        "escalate": (
            f"this step is war: you win {win:.0%} of the time if it has a winner; "
            f"it turns nuclear {nuclear:.0%}"
            if to_war
            else f"war next round {float(reckoning.risk_war[0]):.0%}; a war turns nuclear "
            f"{nuclear:.0%}"
        ),
        "hold": f"the next level by accident {float(reckoning.risk_next[0]):.0%}",
        "back_down": "none: the crisis ends",
        "ask_patron": f"the next level by accident {float(reckoning.risk_next[0]):.0%}",
        "accept_mediation": "none if the other side accepts too",
    }
    out = []
    for k, move in enumerate(PARTY_MOVES):
        if not legal[k]:
            continue
        advice = ""
        if k == best:
            advice = "The AI would choose this: " + rk.reason(k, reckoning, state, c, side, 0)
        out.append(MoveView(move, MOVE_LABELS[move], costs[move], risks[move], advice))
    return tuple(out)


def _next_cost(state: State, c: int) -> float:
    ladder = state.scenario.ladder
    return ladder[min(int(state.crisis_level[0, c]) + 1, len(ladder) - 1)].cost


def _patron_choices(
    state: State, c: int, viewer: str, reckoning: rk.Reckoning
) -> tuple[MoveView, ...]:
    crisis = state.scenario.crises[c]
    j = [p.nation for p in crisis.patrons].index(viewer)
    values = rk.patron_utilities(state, c, reckoning)[0, j]
    best = int(np.argmax(values))
    friend = crisis.parties[int(rk.patron_sides(state, c)[0, j])]
    texts = {
        "back": (f"your standing rides on {friend}'s fortunes", "a wider war draws you in"),
        "restrain": (f"{friend}'s goodwill", "none: a restrained side cannot escalate"),
        "stay_out": ("nothing", "the crisis runs its course without you"),
    }
    out = []
    for k, stance in enumerate(PATRON_STANCES):
        advice = "The AI would choose this: " + rk.patron_reason(k) if k == best else ""
        cost, risk = texts[stance]
        out.append(MoveView(stance, MOVE_LABELS[stance], cost, risk, advice))
    return tuple(out)
