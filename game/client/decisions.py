"""What waits for the player before the turn can end, and in which dialog to ask.

Events come first (their answers can change what a crisis is about), then the crises that
wait for a move. Plain functions over the turn's orders, without drawing, so the main view
only opens what these name.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from game.client.turn_flow import TurnOrders
from game.crises.view import CrisisView


def next_dialog(orders: TurnOrders) -> tuple[str, dict[str, Any]] | None:
    """(screen name, its arguments besides the view) for the next decision, or None."""
    pending = orders.unanswered()
    if pending:
        return "event", {"pending": pending}
    crises = orders.undecided_crises()
    if crises:
        return "crisis", {"crises": crises}
    return None


def crises_to_show(orders: TurnOrders, index: int, present: bool) -> list[CrisisView]:
    """Every crisis of states[index] for the crisis dialog, those waiting for a move first;
    a past year's records lose their moves (there is nothing to decide in the past)."""
    crises = orders.session.crises(index)
    if not present:
        return [replace(view, moves=()) for view in crises]
    waiting = orders.undecided_crises()
    ids = {view.crisis_id for view in waiting}
    return waiting + [view for view in crises if view.crisis_id not in ids]


def end_turn_label(orders: TurnOrders) -> str:
    """The end-turn button: 'End turn', 'Decide (2)' while decisions wait, or the report."""
    if orders.session.done:
        return "Campaign report"
    waiting = orders.undecided()
    return f"Decide ({waiting})" if waiting else "End turn"
