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
