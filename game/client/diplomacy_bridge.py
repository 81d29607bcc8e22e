"""Diplomatic actions for the action panel, through the `game.diplomacy` package.

`game.diplomacy.legal_orders(state, nation_id)` lists what a nation may do in the coming
turn, with cost, chance and expected effects; `Orders.actions` carries the chosen ones
(an empty list means "no action", None would let the AI act for the player). When that
package is not installed the panel says so instead of offering buttons that do nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from game.client.session import optional_module
from game.engine import Orders
from game.state import State

UNAVAILABLE = (
    "No diplomatic actions in this version: you steer your nation through the decisions on events."
)


@dataclass(frozen=True)
class ActionOption:
    """One action the player may order, described for the panel."""

    key: tuple  # identifies the option across turns: (action id, target id)
    label: str
    target: str | None
    cost: float | None
    chance: float | None
    effects: tuple[str, ...]
    advice: float  # the AI's view of the option for this nation (higher is better)
    order: Any  # what goes into Orders.actions
    legal: bool = True  # the engine would accept it now (before the turn's other orders)
    why_not: str = ""  # why not, when it is not legal
    advice_note: str = ""  # the advisers' verdict with its main reason

    @property
    def action(self) -> Any:
        return self.key[0]

    @property
    def title(self) -> str:
        return f"{self.label}: {self.target}" if self.target else self.label


def _module() -> Any | None:
    module = optional_module("game.diplomacy")
    if module is None or not hasattr(module, "legal_orders"):
        return None
    if "actions" not in getattr(Orders, "__dataclass_fields__", {}):
        return None
    return module


def available() -> bool:
    return _module() is not None


def describe(item: Any) -> ActionOption:
    """An option from `legal_orders` as panel text."""
    order = getattr(item, "order", None)
    order = order() if callable(order) else (order if order is not None else item)
    effects = getattr(item, "effects", "") or ""
    if isinstance(effects, str):
        effects = tuple(
            part.strip() for part in effects.replace(". ", "; ").split("; ") if part.strip()
        )
    chance = getattr(item, "chance", None)
    cost = getattr(item, "cost", None)
    return ActionOption(
        key=(getattr(item, "action", None), getattr(item, "target", None)),
        label=str(getattr(item, "name", None) or getattr(item, "action", None) or item),
        target=getattr(item, "target_name", None) or getattr(item, "target", None),
        cost=float(cost) if isinstance(cost, int | float) else None,
        chance=float(chance) if isinstance(chance, int | float) else None,
        effects=tuple(str(e) for e in effects),
        advice=float(getattr(item, "ai_utility", 0.0) or 0.0),
        order=order,
        legal=bool(getattr(item, "legal", True)),
        why_not=str(getattr(item, "why_not", "") or ""),
    )


def options(state: State, nation_id: str) -> list[ActionOption]:
    """What the nation may do this turn (empty when diplomacy is not installed)."""
    module = _module()
    if module is None or state.done:
        return []
    try:
        items = module.legal_orders(state, nation_id, include_illegal=True)
    except TypeError:  # an engine that lists only the legal ones
        items = module.legal_orders(state, nation_id)
    from game.client.advisers import advice_notes

    try:
        notes = advice_notes(state, nation_id)
    except (AttributeError, IndexError, ValueError, KeyError):  # internals changed: verdict only
        notes = {}
    out = []
    for item in items:
        option = describe(item)
        note = notes.get(option.key, "")
        if note and option.advice == 0.0 and not option.legal:
            note = ""  # out of reach: no verdict to explain
        out.append(replace(option, advice_note=note))
    out.sort(key=lambda o: not o.legal)  # what can be ordered first, in the engine's order
    return out


def blocked(
    option: ActionOption,
    planned: list[ActionOption],
    capital: float | None,
    limit: int | None,
) -> str:
    """Why `option` cannot be added to the turn's orders now, or '' if it can. The same
    rules the engine applies at the end of the turn (legal_orders' conditions, one of
    each action, at most `limit` actions, the capital left after the other orders)."""
    if any(o.key == option.key for o in planned):
        return ""
    if not option.legal:
        return option.why_not or "not possible this turn"
    same = [o for o in planned if o.action == option.action]
    if same:
        return f"you already ordered {same[0].title} this turn: one of each action per turn"
    if limit is not None and len(planned) >= limit:
        return f"you have ordered the most actions a turn allows ({limit})"
    if capital is not None and option.cost is not None:
        left = capital - sum(o.cost or 0.0 for o in planned)
        if option.cost > left + 1e-9:
            return (
                f"it costs {option.cost:g} capital and {left:.1f} is left after your other orders"
            )
    return ""


def capital(state: State, nation: int) -> float | None:
    """Diplomatic capital the nation can spend in the coming turn, when the engine says."""
    phase = optional_module("game.phases.diplomacy")
    survey = getattr(phase, "survey", None)
    if survey is not None:
        try:
            _, board, _ = survey(state, state.year, state.turn)
            return float(board.capital[0, nation])
        except Exception:  # an internal API: fall back to the stored balance
            pass
    stored = getattr(state, "capital", None)
    return float(stored[0, nation]) if stored is not None else None


def max_actions(state: State) -> int | None:
    """How many actions a nation may order in one turn, when the scenario says."""
    settings = getattr(state.scenario, "diplomacy", None)
    if isinstance(settings, dict) and "max_actions" in settings:
        return int(settings["max_actions"])
    return None


def end_report(sim: Any) -> dict | None:
    """The grade of the player's campaign (objectives and general score), or None when the
    diplomacy package is not installed. History's comparison is the client's own."""
    module = optional_module("game.diplomacy")
    report = getattr(module, "end_report", None) if module is not None else None
    return report(sim, history=False) if report is not None else None


def turn_lines(state: State, report: Any) -> list[tuple[str, bool]]:
    """(log line, by the player's nation) for every diplomatic action of a turn."""
    describe_module = optional_module("game.diplomacy.describe")
    records = getattr(describe_module, "action_records", None)
    line = getattr(describe_module, "action_line", None)
    if records is None or line is None or getattr(report, "actions", None) is None:
        return []
    player = state.scenario.nation_ids[state.player] if state.player >= 0 else None
    out = []
    for record in records(state, report.actions):
        out.append((line(state.scenario, record), record.get("nation") == player))
    return out
