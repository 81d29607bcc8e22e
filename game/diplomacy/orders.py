"""Orders for actions, and the options `legal_orders` offers: plain data both ways."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ActionOrder:
    """One action a person orders: an action id and its target's id (a nation or treaty id;
    None for actions without a target). A mediation names the first party; the engine
    picks the second (the target's chief adversary), as `legal_orders` shows."""

    action: str
    target: str | None = None


def as_order(value: Any) -> ActionOrder | None:
    """An ActionOrder from an ActionOrder, an (action, target) pair, a dict, or an option."""
    if isinstance(value, ActionOrder):
        return value
    if isinstance(value, ActionOption):
        return ActionOrder(value.action, value.target)
    if isinstance(value, dict) and isinstance(value.get("action"), str):
        target = value.get("target")
        return ActionOrder(value["action"], target if isinstance(target, str) else None)
    if isinstance(value, tuple | list) and 1 <= len(value) <= 2 and isinstance(value[0], str):
        target = value[1] if len(value) == 2 else None
        return ActionOrder(value[0], target if isinstance(target, str) else None)
    if isinstance(value, str):
        return ActionOrder(value)
    return None


@dataclass(frozen=True)
class ActionOption:
    """One action a nation may take now, as the UI and the AI see it."""

    index: int  # position on the flat option axis (the Gymnasium action is index + 1)
    action: str
    name: str
    target: str | None
    target_name: str | None
    other: str | None  # mediation's second party
    cost: float
    chance: float  # 0..1
    effects: str  # readable expected effects
    legal: bool = True
    why_not: str = ""  # for illegal options listed with include_illegal=True
    ai_utility: float = 0.0  # the AI's view of the option for this nation (advice)

    def order(self) -> ActionOrder:
        return ActionOrder(self.action, self.target)

    def to_dict(self) -> dict:
        return asdict(self)
