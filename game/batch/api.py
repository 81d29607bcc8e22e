"""One call for a what-if batch: run the seeds (here, in processes or on Dask), summarise.

from game import load_scenario
from game.batch import BatchSpec, run_batch
spec = BatchSpec(load_scenario("scenarios/pak_russia_1947.toml"), runs=10_000,
                 tracked=(("PAK", "RUS"),))
summary = run_batch(spec, workers=2)
summary["representative_runs"]["PAK:RUS"]["median"]["seed"]
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace

from game.batch.parallel import (
    DASK_TIMEOUT,
    cluster_threads,
    dask_blocks,
    dask_client,
    empty_partial,
    even_blocks,
    local_blocks,
    merge_all,
    process_blocks,
)
from game.batch.precision import merge_until_precise, precision_blocks
from game.batch.result import historical_path, summarize
from game.batch.runner import BatchSpec, Progress, one_blas_thread


def run_batch(
    spec: BatchSpec,
    workers: int = 1,
    dask_address: str | None = None,
    progress: Progress | None = None,
    precision: float | None = None,
    on_margin: Callable[[float | None, int], None] | None = None,
    dask_timeout: float = DASK_TIMEOUT,
) -> dict:
    """The summary of `spec.runs` seeded runs; identical for any `workers` or cluster.

    With `precision` (in points), runs stop after the first blocks of seeds whose every
    'closer to' share is known to ± that many points (see game.batch.precision): `runs`
    in the summary is then the runs played, and `precision` says whether it was met.
    `on_margin` hears the widest margin and the runs counted after each block."""
    history: dict = {}
    referenced = False

    def reference() -> None:  # the historical run, played while workers play, or after
        nonlocal referenced
        with one_blas_thread():
            history.update(historical_path(spec))
        referenced = True

    with contextlib.ExitStack() as stack:
        client = (
            None
            if dask_address is None
            else stack.enter_context(dask_client(dask_address, dask_timeout))
        )
        if precision is not None:
            blocks = precision_blocks(spec.seeds())
        else:
            threads = workers if client is None else cluster_threads(client)
            blocks = even_blocks(spec, threads)
        if client is not None:
            played = dask_blocks(client, spec, blocks, progress)
        elif workers > 1 and len(blocks) > 1:
            each_block = precision is not None
            played = process_blocks(spec, blocks, workers, progress, reference, each_block)
        else:
            played = local_blocks(spec, blocks, progress)
        if precision is None:
            partial, margin = merge_all(spec, played), None
        else:
            partial, margin = merge_until_precise(played, empty_partial(spec), precision, on_margin)
    if not referenced:
        reference()
    if precision is None:
        return summarize(spec, partial, history)
    summary = summarize(replace(spec, runs=partial.runs), partial, history)
    summary["precision"] = {
        "points": precision,
        "met": margin is not None and margin <= precision,
        "margin": None if margin is None else round(margin, 2),
        "most_runs": spec.runs,
    }
    return summary
