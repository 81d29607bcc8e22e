"""The Python API for scripts, notebooks and tests: a game, stepped or run to the end.

from game import load_scenario, Simulation
sim = Simulation(load_scenario("scenarios/example_minimal.toml"), seed=7)
sim.run()                      # to the scenario's last year
sim.state.relation("PAK", "USA")
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from game.construction import initial_state
from game.engine import Orders, TurnReport, step
from game.loader import load_scenario
from game.records import turn_record
from game.scenario import Scenario
from game.state import State


class Simulation:
    """A game in progress: a batch of one run (or many, with a sequence of seeds)."""

    def __init__(
        self,
        scenario: Scenario | str | Path,
        seed: int | Sequence[int] | np.ndarray = 0,
        policy: str = "historical",
        player: str | None = None,
        forced: dict[str, str] | None = None,
        record: bool = True,
    ) -> None:
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.policy = policy
        self.state: State = initial_state(self.scenario, seed, policy, player, forced)
        self.reports: list[TurnReport] = []
        self.orders: list[Orders] = []  # one per turn played: with the seed, a full replay
        self.records: list[dict] = []
        self.record = record and self.state.batch == 1

    @property
    def year(self) -> int:
        return self.state.year

    @property
    def done(self) -> bool:
        return self.state.done

    def step(self, orders: Orders | None = None) -> TurnReport:
        """Play one turn with the player's orders (if any)."""
        self.state, report = step(self.state, orders)
        self.orders.append(orders if orders is not None else Orders())
        self.reports.append(report)
        if self.record:
            self.records.append(turn_record(self.state, report))
        return report

    def run(self, until: int | None = None) -> Simulation:
        """Play turns until the year `until` has been played (default: the scenario's end)."""
        last = self.scenario.end_year if until is None else min(until, self.scenario.end_year)
        limit = self.scenario.turns_until(last)
        while self.state.turn < limit:
            self.step()
        return self

    def to_frame(self):
        """The run as a long pandas DataFrame: seed, turn, year, kind, subject, statistic,
        value (needs the `data` extra; see game.tidy)."""
        from game.tidy import records_frame

        return records_frame(self.to_json())

    def to_json(self) -> dict:
        """The run as a plain dict: scenario, seed, policy, nations and one entry per turn."""
        if not self.record:
            raise ValueError("per-turn records are kept only for a single run (batch of one)")
        scenario = self.scenario
        nations = {}
        for i, nation in enumerate(scenario.nations):
            years = [r["year"] for r in self.records if nation.id in r["stats"]]
            was_active = bool(self.state.active[0, i]) or bool(years)
            nations[nation.id] = {
                "name": nation.name,
                "first_active": (years[0] if years else None) if was_active else None,
                "last_active": (years[-1] if years else None) if was_active else None,
            }
        return {
            "scenario": scenario.id,
            "scenario_file": Path(scenario.path).name,
            "seed": int(self.state.seeds[0]),
            "policy": self.policy,
            "player": scenario.nation_ids[self.state.player] if self.state.player >= 0 else None,
            "forced": self.state.forced_choices(),
            "start_year": scenario.start_year,
            "end_year": scenario.end_year,
            "nations": nations,
            "turns": self.records,
        }
