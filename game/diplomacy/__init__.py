"""Diplomatic play: actions every nation may take, the AI that takes them, objectives and
score, and the balance tournament.

    from game.diplomacy import legal_orders, ActionOrder, end_report
    options = legal_orders(sim.state, "PAK")          # what the action panel shows
    sim.step(Orders(actions=[ActionOrder("state_visit", "RUS")]))
    report = end_report(sim)                          # grade and comparison with history

Names are imported lazily, so `import game` (which the engine needs) stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "ActionOrder": "game.diplomacy.orders",
    "ActionOption": "game.diplomacy.orders",
    "legal_orders": "game.diplomacy.describe",
    "legal_mask": "game.diplomacy.describe",
    "action_line": "game.diplomacy.describe",
    "action_records": "game.diplomacy.describe",
    "reason_text": "game.diplomacy.describe",
    "proposed_orders": "game.diplomacy.advice",
    "set_difficulty": "game.diplomacy.advice",
    "LEVELS": "game.diplomacy.ai",
    "end_report": "game.reports.end",
    "outcome": "game.diplomacy.objectives",
    "ActionReport": "game.phases.diplomacy",
    "run_tournament": "game.batch.tournament",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'game.diplomacy' has no attribute {name!r}")
