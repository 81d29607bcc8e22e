"""Play seeded runs and keep exactly what a comparison with targets needs.

A batch summary (game.batch.summary) keeps histograms of every pair for any question; a
comparison with targets needs far less: each target pair's relation per run and year, how
many runs sit at the bound in every pair-year, and when each target event took its option.
Keeping only that makes an evaluation cheap enough to repeat hundreds of times in a fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.batch.runner import chunk_runs, one_blas_thread, split_seeds
from game.calibration.targets import Targets
from game.construction import initial_state
from game.engine import step
from game.scenario import Scenario

PINNED_AT = 99.0  # a tie this close to ±100 sits on the bound


@dataclass
class Paths:
    """What a batch did, against one targets table.

    - `years`: the years played (Y,);
    - `values`: (R, Y, P) relation of each target pair, NaN where the pair does not exist;
    - `pinned`: (Y, N, N) number of runs in which the pair sits at |relation| >= 99;
    - `alive`: (Y, N, N) number of runs in which both nations exist;
    - `event_years`: (R, K) year each target event took its option, -1 never.
    """

    years: np.ndarray
    values: np.ndarray
    pinned: np.ndarray
    alive: np.ndarray
    event_years: np.ndarray

    @property
    def runs(self) -> int:
        return self.values.shape[0]

    @staticmethod
    def merge(parts: list[Paths]) -> Paths:
        """Blocks of seeds played apart, joined in seed order."""
        first = parts[0]
        return Paths(
            years=first.years,
            values=np.concatenate([p.values for p in parts]),
            pinned=sum(p.pinned for p in parts),
            alive=sum(p.alive for p in parts),
            event_years=np.concatenate([p.event_years for p in parts]),
        )


def pair_members(scenario: Scenario, targets: Targets) -> list[tuple[list[int], list[int]]]:
    """For each target pair, the nation indices each side may stand for, in order."""
    index = scenario.nation_index
    out = []
    for pair in targets.pairs:
        sides = []
        for name in (pair.a, pair.b):
            sides.append([index[m] for m in targets.members(name) if m in index])
        out.append((sides[0], sides[1]))
    return out


def event_options(scenario: Scenario, targets: Targets) -> list[tuple[int, int]]:
    """(event index, option index) of each target event."""
    out = []
    for target in targets.events:
        e = scenario.event_index[target.event]
        event = scenario.events[e]
        option = (
            event.historical_index
            if target.option is None
            else [o.id for o in event.options].index(target.option)
        )
        out.append((e, option))
    return out


def play_paths(
    scenario: Scenario,
    targets: Targets,
    seeds: np.ndarray,
    policy: str = "ai",
    forced: dict[str, str] | None = None,
    until: int | None = None,
) -> Paths:
    """Play `seeds` to the targets' last year (or `until`, or the scenario's end, if
    sooner)."""
    seeds = np.asarray(seeds, dtype=np.uint64)
    last = min(targets.last_year, scenario.end_year, until or scenario.end_year)
    turns = scenario.turns_until(last)
    parts = []
    with one_blas_thread():
        for block in split_seeds(seeds, -(-len(seeds) // chunk_runs(len(scenario.nations)))):
            parts.append(_play_block(scenario, targets, block, policy, forced, turns))
    return Paths.merge(parts)


def _resolve(members: list[int], active: np.ndarray) -> np.ndarray:
    """(B,) index of the first member active in each run, -1 where none is."""
    chosen = np.full(active.shape[0], -1)
    for m in reversed(members):
        chosen = np.where(active[:, m], m, chosen)
    return chosen


def _play_block(
    scenario: Scenario,
    targets: Targets,
    seeds: np.ndarray,
    policy: str,
    forced: dict[str, str] | None,
    turns: int,
) -> Paths:
    state = initial_state(scenario, seeds=seeds, policy=policy, forced=forced)
    members = pair_members(scenario, targets)
    watched = event_options(scenario, targets)
    runs, n = len(seeds), len(scenario.nations)
    years, values, pinned, alive = [], [], [], []
    event_years = np.full((runs, len(watched)), -1, dtype=np.int32)
    rows = np.arange(runs)
    while state.turn < turns:
        year = scenario.year_of_turn(state.turn)
        state, report = step(state)
        relations, active = state.relations, state.active
        row = np.full((runs, len(members)), np.nan)
        for p, (side_a, side_b) in enumerate(members):
            i, j = _resolve(side_a, active), _resolve(side_b, active)
            ok = (i >= 0) & (j >= 0)
            row[ok, p] = relations[rows[ok], i[ok], j[ok]]
        both = active[:, :, None] & active[:, None, :]
        years.append(year)
        values.append(row)
        pinned.append(((np.abs(relations) >= PINNED_AT) & both).sum(axis=0))
        alive.append(both.sum(axis=0))
        for k, (e, option) in enumerate(watched):
            took = (report.decided[:, e] == option) & (event_years[:, k] < 0)
            fired_turn = state.last_fired[:, e]
            event_years[took, k] = [scenario.year_of_turn(int(t)) for t in fired_turn[took]]
    eye = np.eye(n, dtype=bool)
    pinned_arr = np.array(pinned, dtype=np.int32)
    pinned_arr[:, eye] = 0
    alive_arr = np.array(alive, dtype=np.int32)
    alive_arr[:, eye] = 0
    return Paths(
        years=np.array(years),
        values=np.stack(values, axis=1),
        pinned=pinned_arr,
        alive=alive_arr,
        event_years=event_years,
    )
