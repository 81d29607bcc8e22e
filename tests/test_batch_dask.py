"""Batches on a Dask cluster give exactly the local summary (optional dependency)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from game import load_scenario  # noqa: E402
from game.batch import BatchSpec, run_batch  # noqa: E402

distributed = pytest.importorskip("distributed")

COIN = Path(__file__).parent / "data" / "batch_coin.toml"
EXAMPLE = Path(__file__).resolve().parent.parent / "scenarios" / "example_minimal.toml"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as local:
        yield local


def test_dask_summary_equals_local_summary(cluster):
    spec = BatchSpec(
        load_scenario(COIN), runs=700, first_seed=11, policy="ai", tracked=(("AAA", "BBB"),)
    )
    assert run_batch(spec, dask_address=cluster.scheduler_address) == run_batch(spec)


def test_dask_equals_local_on_a_real_scenario(cluster):
    spec = BatchSpec(
        load_scenario(EXAMPLE), runs=24, policy="random", last_year=1962, tracked=(("PAK", "USA"),)
    )
    assert run_batch(spec, dask_address=cluster.scheduler_address) == run_batch(spec)


def test_dask_stops_where_a_local_batch_stops_under_precision(cluster, rival):
    """--precision on a cluster: blocks finish in any order, and those past the stopping
    point are cancelled; the runs counted and the summary are the local ones."""
    spec = BatchSpec(
        rival, runs=8000, first_seed=5, policy="ai", tracked=(("AAA", "BBB"), ("BBB", "CCC"))
    )
    local = run_batch(spec, precision=4.0)
    assert local["runs"] < 8000 and local["precision"]["met"]
    assert run_batch(spec, dask_address=cluster.scheduler_address, precision=4.0) == local
