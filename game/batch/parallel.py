"""Spread a batch's seeds over local processes or a Dask cluster and merge the partials.

Partials merge by integer addition, so the summary is identical however the seeds were
split. Local workers are started with the 'spawn' method (safe on every OS and with
threads); each takes blocks of seeds from a shared queue and reports run-turns as it
plays. By default a worker merges its blocks and sends one partial when the queue is
empty (a partial is tens of MB of histograms); a batch that stops once it is precise
enough gets every block's partial, numbered, as soon as it is played instead.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue as queue_module
import signal
import socket
import time
from collections.abc import Callable, Iterator

import numpy as np

from game.batch.runner import BatchSpec, Progress, chunk_runs, run_seeds, split_seeds
from game.batch.summary import Layout, Partial
from game.errors import InputError
from game.stopping import Stopped

REPORT_EVERY = 8  # turns between a worker's progress messages

# A played block: its index in the list of blocks (None for a worker's merged blocks).
Played = tuple[int | None, Partial]


def block_count(runs: int, workers: int, chunk: int) -> int:
    """Blocks of seeds to hand out: the same number per worker, each about an engine
    batch (`chunk` runs), since smaller batches cost more per run."""
    per_worker = max(1, round(runs / (workers * chunk)))
    return max(1, min(runs, workers * per_worker))


def even_blocks(spec: BatchSpec, workers: int) -> list[np.ndarray]:
    """The batch's seeds in about equal blocks, the same number for every worker."""
    chunk = chunk_runs(len(spec.scenario.nations))
    return split_seeds(spec.seeds(), block_count(spec.runs, workers, chunk))


def empty_partial(spec: BatchSpec) -> Partial:
    scenario = spec.scenario
    return Partial.empty(
        spec.layout(),
        len(scenario.nations),
        len(scenario.events),
        len(scenario.crises),
        len(scenario.ladder),
    )


def merge_all(spec: BatchSpec, played: Iterator[Played]) -> Partial:
    merged = empty_partial(spec)
    for _, partial in played:
        merged.merge(partial)
    return merged


def process_blocks(
    spec: BatchSpec,
    blocks: list[np.ndarray],
    workers: int,
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
    each_block: bool = False,
) -> Iterator[Played]:
    """Play `blocks` in `workers` spawned processes, yielding partials as they arrive: one
    per worker, or with `each_block` one per block with its index. Closing the iterator
    early stops the workers (whatever they were playing is dropped)."""
    layout = spec.layout()
    workers = min(workers, len(blocks))
    context = mp.get_context("spawn")
    tasks, results = context.Queue(), context.Queue()
    processes: list = []
    expected = len(blocks) if each_block else workers
    # Everything from the first task queued is inside the try: a stop that arrives while a
    # worker is still being started (under load, start() waits seconds for the new process
    # to read its arguments) must stop the started workers and must not leave the queue's
    # feeder thread to be joined at exit, blocked on a pipe no one reads.
    try:
        for task in enumerate(blocks):
            tasks.put(task)
        for _ in range(workers):
            tasks.put(None)
        for _ in range(workers):
            process = context.Process(
                target=_worker, args=(spec, layout, tasks, results, each_block), daemon=True
            )
            processes.append(process)
            process.start()
        if meanwhile is not None:
            meanwhile()
        while expected:
            kind, payload = _next_message(results, processes)
            if kind == "progress":
                if progress is not None:
                    progress(payload)
            elif kind == "partial":
                expected -= 1
                yield payload
            elif kind == "stopped":
                raise worker_stop(payload)
            else:
                raise RuntimeError(f"a batch worker failed: {payload}")
    finally:
        started = [process for process in processes if process.pid is not None]
        if expected:  # stopped early: the rest of the work is not wanted
            # Blocks never taken stay in the queue: do not wait at exit to flush them.
            tasks.cancel_join_thread()
            for process in started:
                process.terminate()
        for process in started:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def _next_message(results, processes: list) -> tuple[str, object]:
    while True:
        try:
            return results.get(timeout=1.0)
        except queue_module.Empty:
            if not any(process.is_alive() for process in processes):
                raise RuntimeError("the batch workers stopped without a result") from None


def _worker(spec: BatchSpec, layout: Layout, tasks, results, each_block: bool) -> None:
    """Worker process: play blocks of seeds until the sentinel; send each block's partial,
    or one merged partial at the end."""
    try:
        pending = 0

        def report(run_turns: int) -> None:
            nonlocal pending
            pending += run_turns
            if pending >= run_turns * REPORT_EVERY:
                results.put(("progress", pending))
                pending = 0

        def flush() -> None:
            nonlocal pending
            if pending:
                results.put(("progress", pending))
                pending = 0

        merged = Partial.empty(
            layout,
            len(spec.scenario.nations),
            len(spec.scenario.events),
            len(spec.scenario.crises),
            len(spec.scenario.ladder),
        )
        while (task := tasks.get()) is not None:
            index, block = task
            partial = run_seeds(spec, layout, block, report)
            if each_block:
                flush()
                results.put(("partial", (index, partial)))
            else:
                merged.merge(partial)
        flush()
        if not each_block:
            results.put(("partial", (None, merged)))
    except KeyboardInterrupt as stop:  # Ctrl+C reaches every process of the terminal's group
        results.put(("stopped", getattr(stop, "signum", signal.SIGINT)))
    except BaseException as error:  # reported to the parent, which raises it
        results.put(("error", f"{type(error).__name__}: {error}"))


def worker_stop(signum: int) -> KeyboardInterrupt:
    """The stop a worker was given, raised again in the parent: the batch stops as asked
    (exit 130 for Ctrl+C), not as a failed worker."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)


def local_blocks(
    spec: BatchSpec, blocks: list[np.ndarray], progress: Progress | None = None
) -> Iterator[Played]:
    """Play `blocks` one after another in this process, yielding each block's partial."""
    layout = spec.layout()
    for index, block in enumerate(blocks):
        yield index, run_seeds(spec, layout, block, progress)


DASK_TIMEOUT = 10.0  # seconds to wait for a scheduler to connect and answer (--dask-timeout)
DASK_PORT = 8786
_MAX_FIRST_MESSAGE = 1024 * 1024  # a scheduler's greeting is a few hundred bytes


@contextlib.contextmanager
def dask_client(address: str, timeout: float = DASK_TIMEOUT) -> Iterator:
    """A client of the Dask scheduler at `address`, with a clear message when it fails."""
    check_scheduler(address, timeout)
    try:
        from dask.distributed import Client
    except ImportError:
        raise InputError("--dask needs Dask: pip install 'alliance-drift[dask]'") from None
    try:
        client = Client(address, timeout=f"{timeout}s")
    except Exception as error:  # whatever answered, it was not a usable scheduler
        raise InputError(
            _not_a_scheduler(address, timeout, f"{type(error).__name__}: {error}")
        ) from None
    try:
        yield client
    finally:
        client.close()


def _not_a_scheduler(address: str, timeout: float, why: str) -> str:
    return (
        f"--dask: {address} did not answer as a Dask scheduler ({why}); check the address "
        f"and that 'dask scheduler' runs there (waited up to {timeout:g} s: --dask-timeout SECONDS)"
    )


def check_scheduler(address: str, timeout: float) -> None:
    """For a tcp:// address, connect and read the first bytes the server sends.

    A Dask scheduler speaks first: its greeting starts with the length of the message as 8
    bytes. Anything else (silence, an HTTP reply, a closed connection) is refused here, before
    Dask waits without end or reads "HTTP/1.1" as a length of exabytes. Other protocols
    (tls://, ws://, inproc://) are left to Dask and its timeout."""
    scheme, separator, location = address.rpartition("://")
    if separator and scheme != "tcp":
        return
    host, _, port_text = location.rpartition(":")
    if not host:
        host, port_text = location, str(DASK_PORT)
    host = host.strip("[]")
    try:
        port = int(port_text) if port_text.isascii() else -1
    except ValueError:
        port = -1
    if not host or not 0 < port < 65536:
        raise InputError(f"--dask: {address!r} is not an address like tcp://scheduler:8786")
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.settimeout(timeout)
            first = b""
            deadline = time.monotonic() + timeout
            while len(first) < 8 and time.monotonic() < deadline:
                piece = connection.recv(8 - len(first))
                if not piece:
                    break
                first += piece
    except TimeoutError:
        raise InputError(_not_a_scheduler(address, timeout, "it sent nothing")) from None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise InputError(
            f"--dask: cannot reach a Dask scheduler at {address}: {reason}; check the address "
            "and that the scheduler runs"
        ) from None
    if len(first) < 8:
        raise InputError(_not_a_scheduler(address, timeout, "it closed the connection"))
    if int.from_bytes(first, "little") > _MAX_FIRST_MESSAGE:
        shown = first.decode("ascii", "replace")
        raise InputError(_not_a_scheduler(address, timeout, f"it began with {shown!r}"))


def cluster_threads(client) -> int:
    """Threads across the cluster's workers: how many blocks it plays at once."""
    return sum(client.nthreads().values()) or 1


def run_on_client(client, spec: BatchSpec, progress: Progress | None = None) -> Partial:
    """Run the batch on a connected `dask.distributed.Client` (from Python, see the docs)."""
    blocks = even_blocks(spec, cluster_threads(client))
    return merge_all(spec, dask_blocks(client, spec, blocks, progress))


def dask_blocks(
    client, spec: BatchSpec, blocks: list[np.ndarray], progress: Progress | None = None
) -> Iterator[Played]:
    """Play `blocks` on the cluster, yielding each block's partial with its index as it
    completes. Closing the iterator early cancels the blocks not yet played."""
    from dask.distributed import as_completed

    layout = spec.layout()
    shared = client.scatter((spec, layout), broadcast=True)
    futures = {
        client.submit(_dask_block, shared, block, pure=False): index
        for index, block in enumerate(blocks)
    }
    try:
        for future in as_completed(list(futures)):
            partial = future.result()
            if progress is not None:
                progress(partial.runs * spec.turns)
            index = futures.pop(future)
            future.release()
            yield index, partial
    finally:
        if futures:
            client.cancel(list(futures))


def _dask_block(shared: tuple[BatchSpec, Layout], seeds: np.ndarray) -> Partial:
    spec, layout = shared
    return run_seeds(spec, layout, seeds)
