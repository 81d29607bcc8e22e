"""Drawing an event option from its odds (game.phases.choice): the short rows of a few
options are summed, counted and compared column by column, and must give exactly what
numpy's own reductions give, bit for bit, or the games would move."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.diplomacy.event_choice import row_max
from game.phases.choice import draw_option, normalise_odds, row_sums

odd = st.one_of(
    st.just(0.0),
    st.just(-0.0),
    st.floats(min_value=0.0, max_value=1e300, allow_nan=False),
    st.floats(min_value=1e-300, max_value=1e-290),
)


def rows(options: int, runs: int, draw) -> np.ndarray:
    cells = draw(st.lists(odd, min_size=options * runs, max_size=options * runs))
    return np.array(cells, dtype=np.float64).reshape(runs, options)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.integers(1, 11), st.integers(1, 6), st.booleans())
def test_shares_and_draws_are_numpys_to_the_bit(data, options, runs, columns_first):
    odds = rows(options, runs, data.draw)
    if columns_first:
        odds = np.asfortranarray(odds)
    total = odds.sum(axis=1, keepdims=True)
    expected = np.where(total > 0, odds / np.where(total > 0, total, 1.0), 1.0 / options)
    shares = normalise_odds(odds)
    assert np.array_equal(shares.view(np.uint64), expected.view(np.uint64))
    positive = odds.sum(axis=1) > 0
    assert np.array_equal(row_sums(odds)[positive], odds.sum(axis=1)[positive])
    draw = np.array(data.draw(st.lists(st.floats(0.0, 1.0), min_size=runs, max_size=runs)))
    cumulative = np.cumsum(shares, axis=1)
    wanted = np.minimum((draw[:, None] >= cumulative).sum(axis=1), options - 1)
    assert np.array_equal(draw_option(shares, draw), wanted.astype(np.int8))


def test_a_sum_of_few_options_goes_left_to_right_as_numpys_does():
    """1e16 + 1 + 1 is 1e16 added left to right and 1e16 + 2 in pairs: the two orders
    differ, and the column sum must take numpy's."""
    for options in range(2, 12):
        odds = np.ones((3, options))
        odds[:, 0] = 1e16
        assert np.array_equal(row_sums(odds), odds.sum(axis=1))


def test_the_largest_option_is_maxs_and_nan_spreads():
    values = np.array([[1.0, 3.0, 2.0], [-np.inf, -np.inf, -np.inf], [np.nan, 1.0, 2.0]])
    top = row_max(values)
    assert top[0] == 3.0 and top[1] == -np.inf and np.isnan(top[2])
    wide = np.arange(24.0).reshape(2, 12)
    assert np.array_equal(row_max(wide), wide.max(axis=1))
