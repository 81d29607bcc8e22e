"""Alliance Drift's engine: pure, headless and deterministic. It never imports pygame.

from game import load_scenario, Simulation
sim = Simulation(load_scenario("scenarios/example_minimal.toml"), seed=1).run()
"""

from game.engine import Orders, TurnReport, step
from game.errors import Problem, ScenarioError
from game.loader import load_scenario
from game.simulation import Simulation
from game.state import State, initial_state

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
