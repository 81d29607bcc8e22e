"""One call for a what-if batch: run the seeds (here, in processes or on Dask), summarise.

from game import load_scenario
from game.batch import BatchSpec, run_batch
spec = BatchSpec(load_scenario("scenarios/pak_russia_1947.toml"), runs=10_000,
                 tracked=(("PAK", "RUS"),))
summary = run_batch(spec, workers=2)
summary["representative_runs"]["PAK:RUS"]["median"]["seed"]
"""

from __future__ import annotations

from game.batch.parallel import run_dask, run_processes
from game.batch.result import historical_path, summarize
from game.batch.runner import BatchSpec, Progress, one_blas_thread, run_local


def run_batch(
    spec: BatchSpec,
    workers: int = 1,
    dask_address: str | None = None,
    progress: Progress | None = None,
) -> dict:
    """The summary of `spec.runs` seeded runs; identical for any `workers` or cluster."""
    history: dict = {}

    def reference() -> None:
        with one_blas_thread():
            history.update(historical_path(spec))

    if dask_address is not None:
        partial = run_dask(spec, dask_address, progress)
        reference()
    elif workers > 1 and spec.runs > 1:
        partial = run_processes(spec, workers, progress, meanwhile=reference)
    else:
        partial = run_local(spec, progress)
        reference()
    return summarize(spec, partial, history)
