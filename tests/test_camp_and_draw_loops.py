"""The compiled loops of the blocs and the crises add and draw exactly as numpy did, so the
games they play are the same to the bit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.phases.blocs import _row_sum
from game.phases.choice import draw_option


@pytest.mark.parametrize("n", [*range(0, 20), 31, 64, 127, 128, 129, 150, 200])
def test_a_row_sums_in_numpys_order(n) -> None:
    rng = np.random.default_rng(n)
    # Magnitudes far apart, so a different order of the additions gives different bits.
    rows = rng.normal(size=(40, n)) * rng.choice([1.0, 1e8, 1e-8], size=(40, n))
    expected = rows[None].sum(axis=2)[0]
    assert [_row_sum(row) for row in rows] == expected.tolist()


@settings(max_examples=80, deadline=None)
@given(
    runs=st.integers(1, 6),
    options=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_an_option_is_the_first_whose_cumulative_share_exceeds_the_draw(
    runs, options, seed
) -> None:
    rng = np.random.default_rng(seed)
    odds = rng.random((runs, options)) * (rng.random((runs, options)) < 0.8)
    shares = odds / np.maximum(odds.sum(axis=1, keepdims=True), 1e-12)
    draws = rng.random(runs)
    draws[0] = np.cumsum(shares[0])[rng.integers(options)]  # exactly on a boundary
    expected = np.minimum((draws[:, None] >= np.cumsum(shares, axis=1)).sum(axis=1), options - 1)
    assert draw_option(shares, draws).tolist() == expected.tolist()


def plain_leads(clients, blocs, power):
    """The board's lead flags as numpy had them: named clients, or the strongest of a camp."""
    leaders = np.zeros(blocs.shape, dtype=bool)
    runs = np.arange(blocs.shape[0])
    for camp in (1, 2):
        members = blocs == camp
        strongest = np.argmax(np.where(members, power, -1.0), axis=1)
        leaders[runs, strongest] |= members[runs, strongest]
    return ((clients.sum(axis=2) > 0) | leaders).astype(np.float64)


@settings(max_examples=80, deadline=None)
@given(
    runs=st.integers(1, 6),
    n=st.integers(1, 12),
    shared=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_board_leads_are_numpys_camp_leaders_and_patrons(runs, n, shared, seed) -> None:
    from game.diplomacy.board import _leads

    rng = np.random.default_rng(seed)
    blocs = rng.integers(0, 3, size=(runs, n)).astype(np.int8)
    power = rng.choice([0.0, 0.25, 0.5, 1.0, np.nan], size=(runs, n), p=[0.3, 0.2, 0.2, 0.2, 0.1])
    clients = rng.choice([0.0, 1.0, -1.0, 1e-300], size=(1 if shared else runs, n, n))
    lead = np.empty((runs, n))
    _leads(clients, blocs, power, lead)
    assert (
        lead.tolist() == plain_leads(np.broadcast_to(clients, (runs, n, n)), blocs, power).tolist()
    )


def plain_two_worst(score):
    """Each row's first two entries in a stable sort (numpy's argmin twice: the first NaN
    counts as the smallest; the first found again is taken out as +inf, and when only
    infinities are left the lowest index other than the first)."""
    n = score.shape[0]
    first = np.argmin(score, axis=1)
    if n == 1:
        return first, first.copy()
    rest = score.copy()
    rest[np.arange(n), first] = np.inf
    second = np.argmin(rest, axis=1)
    second = np.where(second == first, np.where(first == 0, 1, 0), second)
    return first, second


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 13), seed=st.integers(0, 2**32 - 1))
def test_the_two_worst_partners_are_a_stable_sorts_first_two(n, seed) -> None:
    from game.diplomacy.board import _two_worst

    rng = np.random.default_rng(seed)
    values = [-2.5, -1.0, 0.0, 0.5, np.inf, -np.inf, np.nan]
    score = rng.choice(values, size=(n, n), p=[0.2, 0.2, 0.15, 0.15, 0.15, 0.05, 0.1])
    first, second = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    _two_worst(score, first, second)
    expected_first, expected_second = plain_two_worst(score)
    assert first.tolist() == expected_first.tolist()
    assert second.tolist() == expected_second.tolist()
