"""One call for a what-if batch: run the seeds (here, in processes or on Dask), summarise.

from game import load_scenario
from game.batch import BatchSpec, run_batch
spec = BatchSpec(load_scenario("scenarios/pak_russia_1947.toml"), runs=10_000,
                 tracked=(("PAK", "RUS"),))
summary = run_batch(spec, workers=2)
summary["representative_runs"]["PAK:RUS"]["median"]["seed"]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from game.batch.parallel import (
    dask_blocks,
    dask_client,
    empty_partial,
    local_blocks,
    process_blocks,
    run_dask,
    run_processes,
)
from game.batch.precision import merge_until_precise, precision_blocks
from game.batch.result import historical_path, summarize
from game.batch.runner import BatchSpec, Progress, one_blas_thread, run_local
from game.batch.summary import Partial


def run_batch(
    spec: BatchSpec,
    workers: int = 1,
    dask_address: str | None = None,
    progress: Progress | None = None,
    precision: float | None = None,
    on_margin: Callable[[float | None], None] | None = None,
) -> dict:
    """The summary of `spec.runs` seeded runs; identical for any `workers` or cluster.

    With `precision` (in points), runs stop after the first blocks of seeds whose every
    'closer to' share is known to ± that many points (see game.batch.precision): `runs`
    in the summary is then the runs played, and `precision` says whether it was met.
    `on_margin` hears the widest margin after each block counted."""
    history: dict = {}

    def reference() -> None:
        with one_blas_thread():
            history.update(historical_path(spec))

    if precision is not None:
        partial, margin = _play_until_precise(
            spec, workers, dask_address, progress, reference, precision, on_margin
        )
        summary = summarize(replace(spec, runs=partial.runs), partial, history)
        summary["precision"] = {
            "points": precision,
            "met": margin is not None and margin <= precision,
            "margin": None if margin is None else round(margin, 2),
            "most_runs": spec.runs,
        }
        return summary
    if dask_address is not None:
        partial = run_dask(spec, dask_address, progress)
        reference()
    elif workers > 1 and spec.runs > 1:
        partial = run_processes(spec, workers, progress, meanwhile=reference)
    else:
        partial = run_local(spec, progress)
        reference()
    return summarize(spec, partial, history)


def _play_until_precise(
    spec: BatchSpec,
    workers: int,
    dask_address: str | None,
    progress: Progress | None,
    reference: Callable[[], None],
    points: float,
    on_margin: Callable[[float | None], None] | None,
) -> tuple[Partial, float | None]:
    """The first blocks of seeds that answer to ±`points`, played here, in processes or on
    Dask, and their widest margin; `reference` runs meanwhile or after."""
    blocks = precision_blocks(spec.seeds())
    merged = empty_partial(spec)
    if dask_address is not None:
        with dask_client(dask_address) as client:
            played = dask_blocks(client, spec, blocks, progress)
            found = merge_until_precise(played, merged, points, on_margin)
        reference()
    elif workers > 1 and len(blocks) > 1:
        played = process_blocks(spec, blocks, workers, progress, reference, each_block=True)
        found = merge_until_precise(played, merged, points, on_margin)
    else:
        found = merge_until_precise(local_blocks(spec, blocks, progress), merged, points, on_margin)
        reference()
    return found
