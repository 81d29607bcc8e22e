"""Step many seeded runs of a scenario in chunks and gather their `Partial` summary.

Run k of a batch is the game `simulate --seed k` plays alone (the engine's random numbers
depend only on each run's seed and turn), so chunks can be any size and run anywhere.
Chunks are stepped as one batch each: every phase works on (chunk, N, N) arrays at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.batch.summary import Layout, Partial, Recorder, make_layout
from game.construction import initial_state
from game.engine import step_in_place
from game.scenario import Scenario

# Runs stepped together: enough to spread each turn's fixed Python cost (a few ms), few
# enough that the (runs, N, N) arrays stay near the CPU's caches. ~1000 runs of 11 nations:
# with the compiled loops, which read a run's arrays in place, 1,000 runs cost a quarter
# less per run-turn than 2,000 (CPU time, the campaign under the AI, same process).
CHUNK_CELLS = 125_000
MIN_CHUNK, MAX_CHUNK = 250, 4000

Progress = Callable[[int], None]  # called with run-turns just played


@dataclass(frozen=True)
class BatchSpec:
    """What to run: the scenario, how many seeds from where, the policy and the horizon."""

    scenario: Scenario
    runs: int
    first_seed: int = 0
    policy: str = "ai"
    last_year: int | None = None  # the last year played (default: the scenario's end)
    player: str | None = None
    tracked: tuple[tuple[str, str], ...] = ()  # pairs whose runs are ranked at the end
    forced: tuple[tuple[str, str], ...] = ()  # (event, option) every run takes: a what-if

    @property
    def end_year(self) -> int:
        return self.scenario.end_year if self.last_year is None else self.last_year

    @property
    def turns(self) -> int:
        return self.scenario.turns_until(self.end_year)

    def layout(self) -> Layout:
        index = self.scenario.nation_index
        pairs = tuple((index[a], index[b]) for a, b in self.tracked)
        return make_layout(self.scenario, self.end_year, pairs)

    def seeds(self) -> np.ndarray:
        return np.arange(self.first_seed, self.first_seed + self.runs, dtype=np.uint64)


def split_seeds(seeds: np.ndarray, blocks: int) -> list[np.ndarray]:
    """Contiguous blocks of about equal size (none empty)."""
    blocks = max(1, min(blocks, len(seeds)))
    return [block for block in np.array_split(seeds, blocks) if len(block)]


def chunk_runs(nations: int) -> int:
    """Runs per engine batch for a scenario of this many nations."""
    return int(np.clip(CHUNK_CELLS // max(nations * nations, 1), MIN_CHUNK, MAX_CHUNK))


def run_seeds(
    spec: BatchSpec,
    layout: Layout,
    seeds: np.ndarray,
    progress: Progress | None = None,
    chunk: int | None = None,
) -> Partial:
    """Play every seed to `spec.end_year` in equal engine batches of about `chunk` runs."""
    scenario = spec.scenario
    partial = Partial.empty(
        layout,
        len(scenario.nations),
        len(scenario.events),
        len(scenario.crises),
        len(scenario.ladder),
    )
    chunk = chunk or chunk_runs(len(scenario.nations))
    largest = chunk + chunk // 2  # 2,500 runs go as one batch, 5,000 as two
    with one_blas_thread():
        for block in split_seeds(seeds, -(-len(seeds) // largest)):
            _run_chunk(spec, partial, block, progress)
    return partial


def _run_chunk(
    spec: BatchSpec, partial: Partial, block: np.ndarray, progress: Progress | None
) -> None:
    state = initial_state(
        spec.scenario,
        seeds=block,
        policy=spec.policy,
        player=spec.player,
        forced=dict(spec.forced) or None,
    )
    recorder = Recorder(partial, state)
    while state.turn < spec.turns:
        report = step_in_place(state)
        recorder.turn(state, report)
        if progress is not None:
            progress(len(block))
    recorder.finish(state)


def one_blas_thread() -> contextlib.AbstractContextManager:
    """Keep BLAS/LAPACK on one thread while stepping batches: their matrices are tiny
    (N×N per run), and OpenBLAS's threads only fight each other and the worker processes
    (eigh of 48×48 matrices is ten times slower threaded on two cores). Results are the
    same either way; without threadpoolctl nothing changes."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def run_local(spec: BatchSpec, progress: Progress | None = None) -> Partial:
    """All runs in this process."""
    return run_seeds(spec, spec.layout(), spec.seeds(), progress)
