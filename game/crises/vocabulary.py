"""The words of a crisis: a party's moves, a patron's stances and the kinds of outcome.

The ids are what orders, `--force` and the headless lists use; `game.crises.view` names
them for the screens, and the mechanic numbers its moves by their place here.
"""

from __future__ import annotations

# The moves a party may make in a round, and a patron's stances.
PARTY_MOVES: tuple[str, ...] = ("escalate", "hold", "back_down", "ask_patron", "accept_mediation")
PATRON_STANCES: tuple[str, ...] = ("back", "restrain", "stay_out")

# How a crisis stands or ended: "ongoing", "backed_down:<NATION>", "settled", "war", "nuclear".
OUTCOME_KINDS: tuple[str, ...] = ("ongoing", "backed_down", "settled", "war", "nuclear")
