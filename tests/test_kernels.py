"""The compiled loops: they count what the plain arithmetic counts, and the install step
that compiles them runs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.batch.summary import _add_histogram
from game.warm import warm


@settings(max_examples=60, deadline=None)
@given(
    runs=st.integers(1, 7),
    series=st.integers(1, 5),
    values=st.integers(1, 3),
    width=st.integers(1, 9),
    seed=st.integers(0, 2**32 - 1),
)
def test_histogram_counts_each_unmasked_value_once(runs, series, values, width, seed) -> None:
    rng = np.random.default_rng(seed)
    histogram = rng.integers(0, 5, size=(series, width)).astype(np.uint32)
    bins = rng.integers(0, width, size=(runs, series, values))
    mask = rng.random((runs, series, 1)) < 0.7
    expected = histogram.copy()
    for b in range(runs):
        for s in range(series):
            if mask[b, s, 0]:
                for k in range(values):
                    expected[s, bins[b, s, k]] += 1
    _add_histogram(histogram, bins, mask)
    assert np.array_equal(histogram, expected)


def test_the_install_step_plays_the_campaign_alone_and_in_a_batch() -> None:
    assert warm(turns=1) > 0.0


def test_after_the_install_step_a_large_batch_compiles_nothing_new() -> None:
    """`simulate` steps batches too large for the AI's reasons, which take routes of their
    own (the legal options alone): the install step must compile those too, or each
    worker of a fresh install compiles them inside the user's first batch."""
    import subprocess
    import sys

    code = """
import sys
import numba
import numpy as np
from game import initial_state, load_scenario, step
from game.warm import CAMPAIGN, warm

def compiled():
    found = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("game"):
            for attribute, value in vars(module).items():
                if isinstance(value, numba.core.registry.CPUDispatcher):
                    found[name + "." + attribute] = len(value.signatures)
    return found

warm(turns=2)
before = compiled()
state = initial_state(load_scenario(CAMPAIGN), seeds=np.arange(200), policy="ai")
for _ in range(2):
    state, _ = step(state)
after = compiled()
print(sorted(name for name, count in after.items() if count > before.get(name, 0)))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_the_engine_and_the_client_does_not_import_numba() -> None:
    """numba costs a quarter of a second to import: the title screen must not wait for it."""
    import subprocess
    import sys

    code = (
        "import sys; import game.engine, game.batch, game.client.app; print('numba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_kernel_calling_another_compiles_after_the_lazy_import(tmp_path, monkeypatch) -> None:
    """Kernels defined before numba is imported become dispatchers together, wherever the
    package's modules hold them, so one kernel may call another."""
    import importlib

    import game.kernels as kernels

    package = tmp_path / "game_kernel_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "inner.py").write_text(
        "from game.kernels import kernel\n\n@kernel\ndef twice(x):\n    return 2.0 * x\n"
    )
    (package / "outer.py").write_text(
        "from game.kernels import kernel\nfrom game_kernel_probe.inner import twice\n\n"
        "@kernel\ndef quad(x):\n    return twice(twice(x))\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(kernels, "PACKAGE", "game_kernel_probe")
    monkeypatch.setattr(kernels, "_numba", None)
    monkeypatch.setattr(kernels, "_waiting", [])
    outer = importlib.import_module("game_kernel_probe.outer")
    assert outer.quad(1.5) == 6.0


# The saturation rule as it was written in numpy before it was compiled: the compiled
# passes must give the same bits, signed zeros, infinities and NaN included.
def _saturate_numpy(current, change, reach=100.0):
    current = np.asarray(current, dtype=np.float64)
    change = np.asarray(change, dtype=np.float64)
    sign = np.where(change >= 0.0, 1.0, -1.0)
    knee = 0.5 * reach
    start = sign * current
    push = sign * change
    free = np.clip(knee - start, 0.0, push)
    base = start + free
    rest = push - free
    scale = reach - knee
    left = np.maximum(reach - base, 0.0)
    moved = np.where(rest > 0.0, reach - left * np.exp(-rest / scale), base)
    moved = np.where(base >= reach, base, moved)
    return sign * moved


def _room_numpy(current, change, reach=100.0):
    scale = reach - 0.5 * reach
    if np.ndim(change) == 0:
        side = reach - current if change > 0 else reach + current
        return np.minimum(np.maximum(side / scale, 0.0), 1.0)
    up = np.minimum(np.maximum((reach - current) / scale, 0.0), 1.0)
    down = np.minimum(np.maximum((reach + current) / scale, 0.0), 1.0)
    return np.where(change > 0, up, down)


EDGES = np.array([0.0, -0.0, 1e-300, 49.999, 50.0, 50.001, 99.9, 100.0, 150.0, np.inf, np.nan])


def _edge_grid(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    values = np.concatenate([EDGES, -EDGES, rng.uniform(-130, 130, 40)])
    current, change = np.meshgrid(values, values, indexing="ij")
    return current.copy(), change.copy()


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return np.array_equal(np.asarray(a).view(np.int64), np.asarray(b).view(np.int64))


@pytest.mark.parametrize("reach", [100.0, 60.0])
def test_compiled_saturation_gives_numpys_bits(reach) -> None:
    from game.ties import saturate

    current, change = _edge_grid(1)
    with np.errstate(all="ignore"):
        expected = _saturate_numpy(current, change, reach)
    got = np.asarray(saturate(current, change, reach), dtype=np.float64)
    nan = np.isnan(expected)
    assert np.array_equal(nan, np.isnan(got))
    assert _same_bits(np.where(nan, 0.0, got), np.where(nan, 0.0, expected))


@pytest.mark.parametrize("direction", [1.0, -1.0, None])
def test_compiled_room_gives_numpys_bits(direction) -> None:
    from game.ties import room

    current, change = _edge_grid(2)
    change = change if direction is None else direction
    with np.errstate(all="ignore"):
        expected = _room_numpy(current, change)
    got = np.asarray(room(current, change), dtype=np.float64)
    nan = np.isnan(expected)
    assert np.array_equal(nan, np.isnan(got))
    assert _same_bits(np.where(nan, 0.0, got), np.where(nan, 0.0, expected))


def _splitmix_numpy(x: np.ndarray) -> np.ndarray:
    golden, mix1, mix2 = (
        np.uint64(0x9E3779B97F4A7C15),
        np.uint64(0xBF58476D1CE4E5B9),
        np.uint64(0x94D049BB133111EB),
    )
    with np.errstate(over="ignore"):
        z = x + golden
        z = (z ^ (z >> np.uint64(30))) * mix1
        z = (z ^ (z >> np.uint64(27))) * mix2
    return z ^ (z >> np.uint64(31))


def test_compiled_random_streams_give_splitmix64s_bits() -> None:
    """A turn's draws are SplitMix64 of (seed, turn, position), as the numpy streams were:
    saves, replays and every pinned game rest on these bits."""
    from game.rng import TurnRng, as_seeds

    golden, mix2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0x94D049BB133111EB)
    turn_key = np.uint64(0xD1B54A32D192ED03)
    seeds = as_seeds([0, 1, 2**63 + 5, -1])
    rng = TurnRng(seeds, 7)
    rng.bits(3)  # a first draw moves the counter
    got = rng.bits(2, 5)
    with np.errstate(over="ignore"):
        base = _splitmix_numpy(_splitmix_numpy(seeds) ^ (np.uint64(8) * turn_key))
        counter = np.arange(3, 13, dtype=np.uint64)
        expected = _splitmix_numpy(base[:, None] ^ (counter[None, :] * golden + mix2))
    assert np.array_equal(got, expected.reshape(4, 2, 5))
