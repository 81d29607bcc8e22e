"""The order log of a game: one `Orders` per turn played, as plain data.

A `Simulation` keeps the orders it was given (`sim.orders`, one per turn); for a game
object whose log is missing or incomplete, the player's orders are recovered from the turn
reports. They record every decision applied (answering a pending event with the option
the policy proposed is the same as not answering it) and every diplomatic action, with
who ordered it: the person's own, or the AI's on the person's behalf.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from game.engine import Orders
from game.saves.codec import dataclass_from_plain, to_plain
from game.saves.errors import DamagedSave

# Games restored from a save: the orders of the turns played before loading, and how many
# turn reports the game had then (the orders of later turns come from later reports).
_LOADED: weakref.WeakKeyDictionary[Any, tuple[list[Orders], int]] = weakref.WeakKeyDictionary()


def remember_loaded_log(sim: Any, orders: list[Orders]) -> None:
    _LOADED[sim] = (list(orders), len(sim.reports))


def order_log(sim: Any) -> list[Orders]:
    """One Orders per turn played by `sim`."""
    logged = getattr(sim, "orders", None)
    if isinstance(logged, list) and len(logged) == sim.state.turn:
        return [orders if orders is not None else Orders() for orders in logged]
    before, reports_then = _LOADED.get(sim, ([], 0))
    later = sim.reports[reports_then:]
    if len(before) + len(later) != sim.state.turn:
        raise ValueError("the game's turn reports do not cover every turn played")
    return before + [_orders_from_report(sim.state, report) for report in later]


def _orders_from_report(state: Any, report: Any) -> Orders:
    """The player's answers in one turn, as the report recorded them."""
    scenario = state.scenario
    player_events = [
        e
        for e, event in enumerate(scenario.events)
        if state.player >= 0
        and event.nation is not None
        and scenario.nation_index[event.nation] == state.player
    ]
    choices = {
        scenario.events[e].id: int(report.decided[0, e])
        for e in player_events
        if report.decided[0, e] >= 0
    }
    actions = _person_actions(state, report)
    if actions is None:
        return Orders(choices=choices)
    return Orders(choices=choices, actions=actions)  # type: ignore[call-arg]


def _person_actions(state: Any, report: Any) -> list | None:
    """The diplomatic actions the person ordered in a turn; None when the AI acted for them."""
    actions = getattr(report, "actions", None)
    if (
        actions is None
        or state.player < 0
        or "actions" not in getattr(Orders, "__dataclass_fields__", {})
    ):
        return None
    taken_by = actions.option[0, state.player] >= 0
    person = actions.by_person[0, state.player] & taken_by
    if not person.any():
        # The AI acted for the player's nation (None); or nothing was done, which an empty
        # list reproduces whether the person ordered nothing or left it to an idle AI.
        return None if taken_by.any() else []
    from game.diplomacy.describe import action_records
    from game.diplomacy.orders import ActionOrder

    taken = list(zip(*np.nonzero(actions.option[0] >= 0), strict=True))  # action_records' order
    records = action_records(state, actions, 0)
    return [
        ActionOrder(record["action"], record.get("target"))
        for (nation, slot), record in zip(taken, records, strict=True)
        if nation == state.player and person[slot]
    ]


def orders_to_plain(orders: Orders) -> dict:
    return to_plain(orders)


def orders_from_plain(value: Any, turn: int) -> Orders:
    orders = dataclass_from_plain(Orders, value, f"the orders of turn {turn + 1}")
    for event_id, option in orders.choices.items():
        if isinstance(option, np.ndarray) and option.size > 1:
            raise DamagedSave(
                f"the orders of turn {turn + 1} answer '{event_id[:40]}' for more than one game"
            )
    return orders
