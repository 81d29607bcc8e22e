"""Spread a batch's seeds over local processes or a Dask cluster and merge the partials.

Partials merge by integer addition, so the summary is identical however the seeds were
split. Local workers are started with the 'spawn' method (safe on every OS and with
threads); each takes blocks of seeds from a shared queue, reports run-turns as it plays,
and sends back one partial when the queue is empty.
"""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_module
from collections.abc import Callable

import numpy as np

from game.batch.runner import BatchSpec, Progress, chunk_runs, run_seeds, split_seeds
from game.batch.summary import Layout, Partial
from game.errors import InputError

REPORT_EVERY = 8  # turns between a worker's progress messages


def block_count(runs: int, workers: int, chunk: int) -> int:
    """Blocks of seeds to hand out: the same number per worker, each about an engine
    batch (`chunk` runs), since smaller batches cost more per run."""
    per_worker = max(1, round(runs / (workers * chunk)))
    return max(1, min(runs, workers * per_worker))


def run_processes(
    spec: BatchSpec,
    workers: int,
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Partial:
    """Run the batch in `workers` spawned processes; this one merges, reports progress and
    runs `meanwhile` (e.g. the historical reference run) while it waits."""
    layout = spec.layout()
    chunk = chunk_runs(len(spec.scenario.nations))
    blocks = split_seeds(spec.seeds(), block_count(spec.runs, workers, chunk))
    workers = min(workers, len(blocks))
    context = mp.get_context("spawn")
    tasks, results = context.Queue(), context.Queue()
    for block in blocks:
        tasks.put(block)
    for _ in range(workers):
        tasks.put(None)
    processes = [
        context.Process(target=_worker, args=(spec, layout, tasks, results), daemon=True)
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    merged = Partial.empty(layout, len(spec.scenario.nations), len(spec.scenario.events))
    try:
        if meanwhile is not None:
            meanwhile()
        done = 0
        while done < workers:
            kind, payload = _next_message(results, processes)
            if kind == "progress":
                if progress is not None:
                    progress(payload)
            elif kind == "partial":
                merged.merge(payload)
                done += 1
            else:
                raise RuntimeError(f"a batch worker failed: {payload}")
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
    return merged


def _next_message(results, processes: list) -> tuple[str, object]:
    while True:
        try:
            return results.get(timeout=1.0)
        except queue_module.Empty:
            if not any(process.is_alive() for process in processes):
                raise RuntimeError("the batch workers stopped without a result") from None


def _worker(spec: BatchSpec, layout: Layout, tasks, results) -> None:
    """Worker process: play blocks of seeds until the sentinel, then send one partial."""
    try:
        pending = 0

        def report(run_turns: int) -> None:
            nonlocal pending
            pending += run_turns
            if pending >= run_turns * REPORT_EVERY:
                results.put(("progress", pending))
                pending = 0

        merged = Partial.empty(layout, len(spec.scenario.nations), len(spec.scenario.events))
        while (block := tasks.get()) is not None:
            merged.merge(run_seeds(spec, layout, block, report))
        if pending:
            results.put(("progress", pending))
        results.put(("partial", merged))
    except BaseException as error:  # reported to the parent, which raises it
        results.put(("error", f"{type(error).__name__}: {error}"))


def run_dask(spec: BatchSpec, address: str, progress: Progress | None = None) -> Partial:
    """Run the batch on the Dask cluster at `address`, in blocks of seeds."""
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise InputError("--dask needs Dask: pip install 'alliance-drift[dask]'") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"--dask: cannot reach a Dask scheduler at {address!r}: {error}") from None
    try:
        return run_on_client(client, spec, progress, as_completed)
    finally:
        client.close()


def run_on_client(
    client, spec: BatchSpec, progress: Progress | None = None, as_completed=None
) -> Partial:
    """Run the batch on a connected `dask.distributed.Client` (used by tests directly)."""
    if as_completed is None:
        from dask.distributed import as_completed
    layout = spec.layout()
    threads = sum(client.nthreads().values()) or 1
    chunk = chunk_runs(len(spec.scenario.nations))
    blocks = split_seeds(spec.seeds(), block_count(spec.runs, threads, chunk))
    shared = client.scatter((spec, layout), broadcast=True)
    futures = [client.submit(_dask_block, shared, block, pure=False) for block in blocks]
    merged = Partial.empty(layout, len(spec.scenario.nations), len(spec.scenario.events))
    for future in as_completed(futures):
        partial = future.result()
        merged.merge(partial)
        if progress is not None:
            progress(partial.runs * spec.turns)
        future.release()
    return merged


def _dask_block(shared: tuple[BatchSpec, Layout], seeds: np.ndarray) -> Partial:
    spec, layout = shared
    return run_seeds(spec, layout, seeds)
