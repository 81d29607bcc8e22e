"""The chance of success from the log-odds: compiled steps around numpy's exponential give
the bits of the numpy formula, for every float the sum can give."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from game.diplomacy.odds import _LOGIT_LIMIT, _logistic

SPECIAL = [0.0, -0.0, np.nan, np.inf, -np.inf, _LOGIT_LIMIT, -_LOGIT_LIMIT, 1e-300, 700.0]


def numpy_logistic(logit: np.ndarray) -> np.ndarray:
    """The rule as numpy wrote it: clip, negate, exp, add one, reciprocal."""
    bounded = np.maximum(np.minimum(logit, _LOGIT_LIMIT), -_LOGIT_LIMIT)
    return np.reciprocal(np.exp(np.negative(bounded)) + 1.0)


@settings(max_examples=200, deadline=None)
@given(
    arrays(
        np.float64,
        st.integers(0, 40),
        elements=st.one_of(st.floats(allow_nan=True), st.sampled_from(SPECIAL)),
    )
)
def test_the_chance_is_numpys_logistic_to_the_bit(logit):
    expected = numpy_logistic(logit)
    got = _logistic(logit.copy())
    assert got.shape == expected.shape
    assert np.array_equal(got.view(np.int64), expected.view(np.int64))


def test_the_chance_keeps_the_option_grid_and_works_in_place():
    logit = np.linspace(-9.0, 9.0, 24).reshape(2, 3, 4)
    expected = numpy_logistic(logit)
    got = _logistic(logit)
    assert got is logit
    assert np.array_equal(got, expected)
    assert got.min() >= 0.01 and got.max() <= 0.99 + 1e-12
