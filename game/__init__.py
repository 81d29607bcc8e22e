"""Alliance Drift's engine: pure, headless and deterministic. It never imports pygame.

    from game import load_scenario, Simulation
    sim = Simulation(load_scenario("scenarios/example_minimal.toml"), seed=1).run()

The names below are imported on first use (PEP 562), so importing a sub-package such as
the client does not pay for loading the whole engine before it can draw its first frame.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.construction import initial_state
    from game.engine import Orders, TurnReport, step
    from game.errors import Problem, ScenarioError
    from game.loader import load_scenario
    from game.simulation import Simulation
    from game.state import State

_EXPORTS = {
    "Orders": "game.engine",
    "TurnReport": "game.engine",
    "step": "game.engine",
    "Problem": "game.errors",
    "ScenarioError": "game.errors",
    "load_scenario": "game.loader",
    "Simulation": "game.simulation",
    "State": "game.state",
    "initial_state": "game.construction",
}

__all__ = [
    "Orders",
    "Problem",
    "ScenarioError",
    "Simulation",
    "State",
    "TurnReport",
    "initial_state",
    "load_scenario",
    "step",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'game' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
