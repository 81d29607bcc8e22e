"""What-if runs at scale: thousands of seeded games of a scenario, summarised.

`simulate --runs N` (game.batch.commands) plays seeds S..S+N-1 in batches (every phase
on (runs, N, N) arrays at once), optionally across processes or a Dask cluster, and
writes a summary: percentile bands of relations and stats per year, how often each event
fired, the final blocs, and the seeds of representative runs to replay alone.
"""

from game.batch.api import run_batch
from game.batch.runner import BatchSpec

__all__ = ["BatchSpec", "run_batch"]
