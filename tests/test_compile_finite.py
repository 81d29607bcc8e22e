"""Per-run arithmetic made finite: the quick check that gives a finite array back as it
is gives numpy's nan_to_num's numbers, to the bit, for any array or scalar."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from game.compile import _finite

SPECIAL = [0.0, -0.0, np.nan, np.inf, -np.inf, 1e300, -1e300, 5e-324]


def nan_to_num(values):
    """The rule as numpy states it."""
    return np.nan_to_num(values, nan=0.0, posinf=1e12, neginf=-1e12)


@settings(max_examples=300, deadline=None)
@given(
    arrays(
        st.sampled_from([np.float64, np.float32, np.int64, np.bool_]),
        st.one_of(st.just(()), st.tuples(st.integers(0, 30)), st.tuples(st.integers(1, 4))),
        elements=st.one_of(st.just(0), st.just(1)),
    )
    | arrays(
        np.float64,
        st.integers(0, 30),
        elements=st.one_of(st.floats(allow_nan=True), st.sampled_from(SPECIAL)),
    )
)
def test_made_finite_as_nan_to_num_makes_it(values):
    expected = nan_to_num(values.copy())
    got = _finite(values.copy())
    assert type(got) is type(expected)
    assert np.shape(got) == np.shape(expected)
    assert np.asarray(got).dtype == np.asarray(expected).dtype
    assert np.asarray(got).tobytes() == np.asarray(expected).tobytes()


@given(st.one_of(st.floats(allow_nan=True), st.sampled_from(SPECIAL), st.integers(-5, 5)))
def test_a_scalar_is_made_finite_as_numpy_makes_it(value):
    expected = nan_to_num(value)
    got = _finite(value)
    assert type(got) is type(expected)
    assert np.asarray(got).tobytes() == np.asarray(expected).tobytes()


def test_a_finite_array_is_given_back_without_a_copy_and_a_bad_one_is_not_changed():
    finite = np.array([1.0, -2.0, 0.0])
    assert _finite(finite) is finite
    bad = np.array([np.nan, np.inf, -np.inf, 3.0])
    got = _finite(bad)
    assert got is not bad and np.isnan(bad[0])  # the argument is left as it was
    assert got.tolist() == [0.0, 1e12, -1e12, 3.0]
