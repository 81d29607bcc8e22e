"""Evaluate candidate parameter sets on the same seeds, here, in worker processes or on Dask.

Every candidate plays the same seeds (common random numbers): the difference between two
candidates is then their parameters, not the luck of the draw. Workers receive the
scenario's path and the candidate's values, load the scenario once per process, and send
back only the paths the score needs.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from game.calibration.knobs import knobs_of, with_values
from game.calibration.paths import Paths, play_paths
from game.calibration.targets import Targets, load_targets
from game.diplomacy.event_choice import compile_event_values
from game.diplomacy.rules import compile_diplomacy
from game.loader import load_scenario
from game.rules import compile_rules
from game.scenario import Scenario

# Compiled rules are cached per scenario object; every candidate is a new object, so a
# long fit forgets them after each evaluation instead of keeping hundreds.
_COMPILED_CACHES = (compile_rules, compile_diplomacy, compile_event_values)
_LOADED: dict[tuple[str, str | None], tuple[Scenario, Targets]] = {}


def base(path: str, targets_path: str | None = None) -> tuple[Scenario, Targets]:
    """The scenario and its targets, loaded once per process."""
    key = (path, targets_path)
    if key not in _LOADED:
        scenario = load_scenario(path)
        _LOADED[key] = (scenario, load_targets(targets_path or scenario.targets, scenario))
    return _LOADED[key]


def evaluate(
    path: str,
    targets_path: str | None,
    values: dict[str, float],
    seeds: np.ndarray,
    policy: str = "ai",
    until: int | None = None,
) -> Paths:
    """Play `seeds` with the scenario's knobs set to `values` (to `until` at the latest)."""
    scenario, targets = base(path, targets_path)
    candidate = with_values(scenario, knobs_of(scenario), values) if values else scenario
    try:
        return play_paths(candidate, targets, seeds, policy, until=until)
    finally:
        if candidate is not scenario:
            for compiled in _COMPILED_CACHES:
                compiled.cache_clear()


class _Pending:
    """A pool's AsyncResult read like a future."""

    def __init__(self, result) -> None:
        self._result = result

    def result(self) -> Paths:
        return self._result.get()


class Evaluator:
    """Evaluates a list of candidates at once: one process, a pool of workers, or Dask.

    Use as a context manager; `map(values_list)` yields Paths in the candidates' order.
    """

    def __init__(
        self,
        path: str | Path,
        targets_path: str | None,
        seeds: np.ndarray,
        workers: int = 1,
        dask_address: str | None = None,
    ) -> None:
        self.path = str(path)
        self.targets_path = targets_path
        self.seeds = np.asarray(seeds, dtype=np.uint64)
        self.workers = workers
        self.dask_address = dask_address
        self.until: int | None = None  # a fit plays only the fitted periods
        self._pool = None  # a multiprocessing Pool: terminate() ends its workers at once
        self._client = None
        self._client_context = None

    def __enter__(self) -> Evaluator:
        if self.dask_address is not None:
            from game.batch.parallel import dask_client

            self._client_context = dask_client(self.dask_address)
            self._client = self._client_context.__enter__()
        elif self.workers > 1:
            self._pool = multiprocessing.get_context("spawn").Pool(self.workers)
        return self

    def __exit__(self, kind, *exc) -> None:
        if self._pool is not None:
            if kind is None:
                self._pool.close()
            else:  # Ctrl-C, a signal or an error: no worker outlives the command
                self._pool.terminate()
            self._pool.join()
        if self._client_context is not None:
            self._client_context.__exit__(*exc)

    def map(
        self, candidates: list[dict[str, float]], done: Callable[[], None] | None = None
    ) -> Iterator[Paths]:
        """Each candidate's paths on the evaluator's seeds, in the candidates' order."""
        calls = [
            (self.path, self.targets_path, values, self.seeds, "ai", self.until)
            for values in candidates
        ]
        for result in self._run(calls):
            if done:
                done()
            yield result

    def play(self, blocks: list[np.ndarray], policy: str) -> Paths:
        """The scenario as written, its seeds split in blocks played side by side."""
        calls = [(self.path, self.targets_path, {}, block, policy, None) for block in blocks]
        return Paths.merge(list(self._run(calls)))

    def _run(self, calls: list[tuple]) -> Iterator[Paths]:
        if self._client is not None:
            futures = [self._client.submit(evaluate, *call, pure=False) for call in calls]
        elif self._pool is not None:
            futures = [_Pending(self._pool.apply_async(evaluate, call)) for call in calls]
        else:
            for call in calls:
                yield evaluate(*call)
            return
        for future in futures:
            yield future.result()
