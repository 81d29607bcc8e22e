"""The compiled loops of the diplomacy phase's resolution against plain numpy: the chance
read at each chosen option is the one numpy's search over the legal options finds, and
what each nation spends is numpy's sum of its slots' costs."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.phases.diplomacy import _chance_at, _mark_taken


def _legal_and_chosen(seed: int, runs: int, nations: int, width: int, share: float):
    """Legal options (flat positions, sorted) and one chosen legal option per (run, actor)
    at most, in C order, as the nations choose them."""
    rng = np.random.default_rng(seed)
    legal = rng.random((runs, nations, width)) < share
    where = np.flatnonzero(legal).astype(np.int64)
    picked = rng.random(len(where))
    chosen = [
        (r, a, int(rng.choice(np.flatnonzero(legal[r, a]))))
        for r in range(runs)
        for a in range(nations)
        if legal[r, a].any() and rng.random() < 0.3
    ]
    return where, picked, chosen


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    runs=st.integers(1, 30),
    nations=st.integers(1, 12),
    width=st.integers(1, 14),
    share=st.sampled_from([0.02, 0.2, 0.9]),
)
def test_the_chance_at_each_chosen_option_is_found_by_search(
    seed, runs, nations, width, share
) -> None:
    where, picked, chosen = _legal_and_chosen(seed, runs, nations, width, share)
    slots = 2
    target = np.full((runs, nations, slots), -1, dtype=np.int64)
    listed = np.array(chosen, dtype=np.int64).reshape(-1, 3)
    slot = np.random.default_rng(seed + 1).integers(0, slots, size=len(listed))
    target[listed[:, 0], listed[:, 1], slot] = listed[:, 2]
    chance = np.zeros((runs, nations, slots))
    found = _chance_at(
        chance, picked, where, listed[:, 0], listed[:, 1], slot.astype(np.int64), target, width
    )
    assert found
    flat = (listed[:, 0] * nations + listed[:, 1]) * width + listed[:, 2]
    expected = np.zeros_like(chance)
    expected[listed[:, 0], listed[:, 1], slot] = picked[np.searchsorted(where, flat)]
    assert chance.tobytes() == expected.tobytes()


def test_an_option_that_is_not_legal_is_reported() -> None:
    where = np.array([0, 3, 4, 9, 40, 41, 77], dtype=np.int64)
    picked = np.arange(len(where), dtype=np.float64)
    # (run, actor, target) in a (2, 4, 10) layout: flat 3 and 41 are legal, 52 is not.
    target = np.array([[[3], [-1], [-1], [-1]], [[1], [2], [-1], [-1]]], dtype=np.int64)
    chance = np.zeros((2, 4, 1))
    runs, actors, slots = (np.array(v, dtype=np.int64) for v in ([0, 1], [0, 0], [0, 0]))
    assert _chance_at(chance, picked, where, runs, actors, slots, target, 10)
    assert chance[0, 0, 0] == 1.0 and chance[1, 0, 0] == 5.0
    runs, actors, slots = (np.array(v, dtype=np.int64) for v in ([0, 1], [0, 1], [0, 0]))
    assert not _chance_at(chance, picked, where, runs, actors, slots, target, 10)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    runs=st.integers(1, 8),
    nations=st.integers(1, 12),
    slots=st.integers(1, 12),
    actions=st.integers(1, 20),
)
def test_spending_is_numpys_sum_of_the_slots_costs(seed, runs, nations, slots, actions) -> None:
    """Costs far apart in magnitude (the order of the additions shows) and signed zeros;
    more than eight slots sum pairwise, as numpy does."""
    rng = np.random.default_rng(seed)
    cost = rng.random(actions) * rng.choice([1.0, 1e9, 1e-9, -0.0], size=actions)
    action = np.where(
        rng.random((runs, nations, slots)) < 0.7,
        rng.integers(0, actions, size=(runs, nations, slots)),
        -1,
    ).astype(np.int64)
    last = rng.integers(-1, 5, size=(runs, nations, actions)).astype(np.int32)
    expected_last = last.copy()
    for r, i, k in zip(*np.nonzero(action >= 0), strict=True):
        expected_last[r, i, action[r, i, k]] = 9
    taken = action >= 0
    expected = np.where(taken, cost[np.where(taken, action, 0)], 0.0).sum(axis=2)
    spent = np.empty((runs, nations))
    _mark_taken(last, action, cost, 9, spent)
    assert spent.tobytes() == expected.tobytes()
    assert np.array_equal(last, expected_last)
