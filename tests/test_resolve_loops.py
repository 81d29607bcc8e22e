"""The compiled loops of the diplomacy phase's resolution against plain numpy: the chance
read at each chosen option is the one numpy's search over the legal options finds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.phases.diplomacy import _chance_at


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
