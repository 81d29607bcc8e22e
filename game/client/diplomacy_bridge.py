"""Diplomatic actions for the action panel, through the `game.diplomacy` package.

`legal_orders(state, nation_id)` lists what a nation may do in the coming turn, with
cost, chance and expected effects; `Orders.actions` carries the chosen ones (an empty
list means "no action", None would let the AI act for the player). Diplomacy ships with
the game, so it is imported directly; this module is the one place the client reaches
into it for the panel, the capital and the end-of-game grade.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from game.client.advisers import advice_notes
from game.diplomacy.describe import action_line, action_records, legal_orders
from game.diplomacy.orders import ActionOption as DiplomaticOption
from game.phases.diplomacy import survey
from game.reports.end import end_report as diplomacy_end_report
from game.state import State

# The panel's words when no nation is led (an observed campaign orders nothing).
OBSERVED = "No nation is led: each nation's own AI orders its diplomatic actions."


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


def describe(item: DiplomaticOption) -> ActionOption:
    """An option from `legal_orders` as panel text."""
    effects = tuple(
        part.strip() for part in item.effects.replace(". ", "; ").split("; ") if part.strip()
    )
    return ActionOption(
        key=(item.action, item.target),
        label=str(item.name or item.action),
        target=item.target_name or item.target,
        cost=float(item.cost),
        chance=float(item.chance),
        effects=effects,
        advice=float(item.ai_utility or 0.0),
        order=item.order(),
        legal=bool(item.legal),
        why_not=str(item.why_not or ""),
    )


def options(state: State, nation_id: str) -> list[ActionOption]:
    """What the nation may do this turn (nothing once the campaign is over)."""
    if state.done:
        return []
    items = legal_orders(state, nation_id, include_illegal=True)
    notes = advice_notes(state, nation_id)
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
    """Diplomatic capital the nation can spend in the coming turn (the engine's own
    survey of the turn, so the panel and the adjudicator agree)."""
    _, board, _ = survey(state, state.year, state.turn)
    return float(board.capital[0, nation])


def max_actions(state: State) -> int | None:
    """How many actions a nation may order in one turn, when the scenario says."""
    settings = state.scenario.diplomacy
    if "max_actions" in settings:
        return int(settings["max_actions"])
    return None


def end_report(sim: Any) -> dict:
    """The grade of the player's campaign (objectives and general score). History's
    comparison is the client's own (game.client.score)."""
    return diplomacy_end_report(sim, history=False)


def turn_lines(state: State, report: Any) -> list[tuple[str, bool]]:
    """(log line, by the player's nation) for every diplomatic action of a turn."""
    player = state.scenario.nation_ids[state.player] if state.player >= 0 else None
    return [
        (action_line(state.scenario, record), record.get("nation") == player)
        for record in action_records(state, report.actions)
    ]
