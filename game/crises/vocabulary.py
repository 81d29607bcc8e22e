"""The words of a crisis: a party's moves, a patron's stances and the kinds of outcome.

The ids are what orders, `--force` and the headless lists use; `game.crises.view` names
them for the screens, and the mechanic numbers its moves by their place here.
"""

from __future__ import annotations

from game.errors import InputError

# The moves a party may make in a round, and a patron's stances.
PARTY_MOVES: tuple[str, ...] = ("escalate", "hold", "back_down", "ask_patron", "accept_mediation")
PATRON_STANCES: tuple[str, ...] = ("back", "restrain", "stay_out")

# How a crisis stands or ended: "ongoing", "backed_down:<NATION>", "settled", "war", "nuclear".
OUTCOME_KINDS: tuple[str, ...] = ("ongoing", "backed_down", "settled", "war", "nuclear")


def crisis_seat_words(flag: str, seat: str, scenario) -> tuple[str, ...]:
    """The moves (a party's) or stances (a patron's) of a crisis seat 'CRISIS.NATION';
    InputError saying what is wrong with the seat otherwise."""
    crisis_id, _, nation = seat.partition(".")
    if crisis_id not in scenario.crisis_index:
        known = ", ".join(scenario.crisis_index) or "none"
        raise InputError(f"{flag}: no crisis '{crisis_id}' in {scenario.name} (crises: {known})")
    crisis = scenario.crises[scenario.crisis_index[crisis_id]]
    patrons = [p.nation for p in crisis.patrons]
    if nation in crisis.parties:
        return PARTY_MOVES
    if nation in patrons:
        return PATRON_STANCES
    seats = ", ".join(f"{crisis_id}.{n}" for n in (*crisis.parties, *patrons))
    raise InputError(f"{flag}: '{nation}' has no seat in crisis '{crisis_id}' (seats: {seats})")
