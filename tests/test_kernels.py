"""The compiled loops: they count what the plain arithmetic counts, and the install step
that compiles them runs."""

from __future__ import annotations

import numpy as np
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
