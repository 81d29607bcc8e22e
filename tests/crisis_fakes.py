"""Hand-built crisis records for the client's tests: a crisis between India and Pakistan
that climbs one rung a turn, seen by whichever nation the client asks for."""

from __future__ import annotations

from game.crises.view import CrisisView, MoveView, PartyView, PatronView, RungView

LADDER = (
    RungView("Protest", "Notes and speeches; little cost.", 0.02),
    RungView("Alert", "Forces on alert: 0.5 GDP points a year.", 0.05),
    RungView("Mobilisation", "The army at the border: 1.5 GDP points a year.", 0.10),
    RungView("Limited strikes", "Shelling and raids along the line.", 0.18),
    RungView("War", "Open war along the whole border.", 0.25),
    RungView("Nuclear use", "The end of the game for everyone.", 0.0),
)

MOVES = (
    MoveView(
        "escalate",
        "Mobilise the army",
        "−4 prestige with the United States if it comes to war",
        "war within a year: 30%",
        "",
    ),
    MoveView(
        "hold",
        "Hold the line",
        "1.5 GDP points a year while it lasts",
        "an accident: 10% a round",
        "Hold: India's army is stronger, but it will not risk Washington's anger.",
    ),
    MoveView("back_down", "Pull back", "−8 prestige; standing with the US −5", "none", ""),
    MoveView("ask_patron", "Ask Washington for help", "−2 standing with the US", "", ""),
)


def crisis(
    turn: int, viewer: str | None, outcome: str = "ongoing", crisis_id: str = "rann"
) -> CrisisView:
    """The Rann of Kutch crisis as it stands `turn` turns after it opened."""
    level = min(max(0, turn - 1), len(LADDER) - 2)
    parties = (
        PartyView("IND", "India", "hold" if turn > 1 else "", "Its claim is old.", 12.0, False),
        PartyView(
            "PAK", "Pakistan", "escalate" if turn > 1 else "", "Ayub wants a test.", 10.0, False
        ),
    )
    role = "party" if viewer in ("IND", "PAK") else ""
    return CrisisView(
        crisis_id=crisis_id,
        title="The Rann of Kutch",
        text="Patrols clash in the salt marsh both claim; each army's honour is at stake.",
        parties=parties,
        patrons=(
            PatronView("USA", "United States", "restrain", "PAK", "It wants no war."),
            PatronView("SUN", "Soviet Union", "stay_out", "", "It courts both."),
        ),
        ladder=LADDER,
        level=level,
        round=max(0, turn - 1),
        opened_year=1954,
        outcome=outcome,
        risk_next=0.3,
        risk_war=0.12,
        viewer_role=role,
        moves=MOVES if role and outcome == "ongoing" else (),
    )


def source(state, run: int = 0, viewer: str | None = None) -> list[CrisisView]:
    """Crisis records for `state`: the crisis opens in the second turn and lasts."""
    if state.turn < 1:
        return []
    return [crisis(state.turn, viewer)]
