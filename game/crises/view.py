"""What a person sees of a crisis: plain frozen data read off the state for one run.

The client's crisis dialog, the turn summary, the History view and the headless `crises`
list all read these records, so no screen computes a crisis figure of its own and two
panels cannot disagree about a level, a risk or an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

# The moves a party may make in a round, and a patron's stances. The ids are what orders
# and `--force` use; the labels are what people read.
PARTY_MOVES: tuple[str, ...] = ("escalate", "hold", "back_down", "ask_patron", "accept_mediation")
PATRON_STANCES: tuple[str, ...] = ("back", "restrain", "stay_out")

# How a crisis stands or ended: "ongoing", "backed_down:<NATION>", "settled", "war", "nuclear".
OUTCOME_KINDS: tuple[str, ...] = ("ongoing", "backed_down", "settled", "war", "nuclear")


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
