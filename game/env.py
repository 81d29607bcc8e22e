"""A Gymnasium environment: one nation, played by an agent, one turn per step.

    from game.env import AllianceDriftEnv
    env = AllianceDriftEnv("scenarios/example_minimal.toml", nation="PAK")
    obs, info = env.reset(seed=1)
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample(mask=info["action_mask"]))

Action: Discrete(options + 1). 0 takes no action this turn; k > 0 takes option k - 1 of the
flat option axis (every action toward every target; `legal_orders` lists them with the
same index). Only legal options should be taken: `action_masks()` (and info["action_mask"])
come from the same legality as `legal_orders`, so masked agents (e.g. MaskablePPO) never
pick an illegal one; an illegal pick is reported in info["rejected"] and has no effect.
Events of the agent's nation are answered by the policy ("ai" by default).

Observation: Box in [-1, 1], float32: the nation's relations with every nation, then per
nation whether it exists, its share of power relative to the strongest, stability, trend
growth and nuclear status, whether it stands in the agent's camp, then the agent's
diplomatic capital and the share of the game played.

Reward: the change in the nation's score (objectives and general score, 0..100) each
turn, so an episode's rewards sum to its final score minus its opening score.

Needs the optional dependency: pip install 'alliance-drift[env]' (gymnasium).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gymnasium
import numpy as np
from gymnasium import spaces

from game.derived import derived_stat
from game.diplomacy.advice import set_difficulty
from game.diplomacy.describe import legal_mask
from game.diplomacy.objectives import outcome
from game.diplomacy.orders import ActionOrder
from game.diplomacy.rules import compile_diplomacy
from game.engine import Orders
from game.loader import load_scenario
from game.resources import data_dir
from game.scenario import STAT_INDEX, Scenario
from game.simulation import Simulation

PER_NATION = 6  # exists, strength, stability, growth, nuclear, same camp
DEFAULT_SCENARIO = data_dir("scenarios") / "example_minimal.toml"


class AllianceDriftEnv(gymnasium.Env):
    """One nation of a scenario, played turn by turn (see the module docstring)."""

    metadata = {"render_modes": []}

    def __init__(
        self,
        scenario: Scenario | str | Path = DEFAULT_SCENARIO,
        nation: str | None = None,
        policy: str = "ai",
        difficulty: str = "normal",
    ) -> None:
        super().__init__()
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.rules = compile_diplomacy(self.scenario)
        chosen = (
            nation
            or self.scenario.default_player
            or (self.scenario.playable or self.scenario.nation_ids)[0]
        )
        self.index = self.scenario.nation_number(chosen)
        self.nation = chosen
        self.policy = policy
        self.difficulty = difficulty
        n = len(self.scenario.nations)
        self.action_space = spaces.Discrete(self.rules.option_count + 1)
        self.observation_space = spaces.Box(
            -1.0, 1.0, shape=(n + n * PER_NATION + 2,), dtype=np.float32
        )
        self.sim: Simulation | None = None
        self._score = 0.0

    # -- gymnasium API ----------------------------------------------------------------------

    def reset(
        self, *, seed: int | None = None, options: dict | None = None
    ) -> tuple[np.ndarray, dict]:
        super().reset(seed=seed)
        game_seed = int(self.np_random.integers(0, 2**62))
        self.sim = Simulation(
            self.scenario, seed=game_seed, policy=self.policy, player=self.nation, record=False
        )
        set_difficulty(self.sim.state, self.difficulty)
        self._score = self._current_score()
        return self._observation(), self._info([])

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict]:
        if self.sim is None:
            raise RuntimeError("call reset() before step()")
        if self.sim.done:
            raise RuntimeError("the episode has ended; call reset()")
        report = self.sim.step(Orders(actions=self._orders(int(action))))
        score = self._current_score()
        reward = score - self._score
        self._score = score
        terminated = self.sim.done
        return self._observation(), float(reward), terminated, False, self._info(report.rejected)

    def action_masks(self) -> np.ndarray:
        """Which actions are legal now (index 0, no action, always is)."""
        mask = np.ones(self.action_space.n, dtype=np.int8)
        if self.sim is not None and not self.sim.done:
            mask[1:] = legal_mask(self.sim.state, self.index)
        return mask

    # -- helpers ----------------------------------------------------------------------------

    def _orders(self, action: int) -> list[ActionOrder]:
        if action <= 0 or action > self.rules.option_count:
            return []
        option = action - 1
        compiled = self.rules.actions[int(self.rules.option_action[option])]
        target = int(self.rules.option_target[option])
        if compiled.target in ("nation", "mediation"):
            aim: str | None = self.scenario.nations[target].id
        elif compiled.target == "treaty":
            aim = self.scenario.treaties[target].id
        else:
            aim = None
        return [ActionOrder(compiled.id, aim)]

    def _current_score(self) -> float:
        assert self.sim is not None
        return float(outcome(self.sim.state, self.index).score[0])

    def _observation(self) -> np.ndarray:
        assert self.sim is not None
        state = self.sim.state
        i = self.index
        power = np.where(state.active[0], derived_stat(state, "power")[0], 0.0)
        strength = power / max(float(power.max()), 1e-9)
        stats = state.stats[0]
        camp = (state.blocs[0] == state.blocs[0, i]) & (state.blocs[0, i] > 0)
        per_nation = np.stack(
            [
                state.active[0].astype(np.float64),
                strength,
                stats[:, STAT_INDEX["stability"]] / 100.0,
                stats[:, STAT_INDEX["gdp_growth"]] / 30.0,
                stats[:, STAT_INDEX["nuclear"]] / 3.0,
                camp.astype(np.float64),
            ],
            axis=1,
        )
        from game.diplomacy.board import read_board

        capital = float(
            read_board(
                state,
                self.rules,
                state.year if not state.done else self.scenario.end_year,
                state.turn,
            ).capital[0, i]
        )
        top = max(self.rules.option_cost.max(initial=1.0) * 3.0, 1.0)
        extra = np.array([capital / top, state.turn / max(self.scenario.turns, 1)])
        values = np.concatenate([state.relations[0, i] / 100.0, per_nation.ravel(), extra])
        return np.clip(np.nan_to_num(values), -1.0, 1.0).astype(np.float32)

    def _info(self, rejected: list[str]) -> dict[str, Any]:
        assert self.sim is not None
        return {
            "action_mask": self.action_masks(),
            "year": self.sim.state.year if not self.sim.done else self.scenario.end_year,
            "score": self._score,
            "rejected": list(rejected),
        }
