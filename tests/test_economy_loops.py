"""The economy's compiled loops against the plain numpy rule they replace: the same growth
and the same stats, to the bit, whatever the batch, the nations and the magnitudes."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.phases.economy import _COLUMNS, _GROWTH_COLUMNS, _advance, _growth


def _world(seed: int, runs: int, n: int, stats: int = 8):
    rng = np.random.default_rng(seed)
    # Magnitudes far apart, so a different order of the additions gives different bits.
    scale = rng.choice([1.0, 1e8, 1e-8], size=(runs, n))
    weight = np.minimum(1.0, rng.random((runs, n)) * scale)
    return (
        rng.normal(size=(runs, n, stats)) * 40.0,
        rng.random((runs, n, n)) * rng.choice([0.0, 1.0, 1e6], size=(runs, n, n)),
        rng.random((runs, n, n)) < 0.1,
        rng.random((runs, n, n)) < 0.4,
        weight,
        rng.normal(size=(runs, n)),
        rng.normal(size=6),
    )


def _numpy_growth(stats, aid, war, sanctions, weight, shock, knobs, columns):
    """The growth rule as numpy code: each sum in numpy's own order."""
    gdp = np.maximum(stats[:, :, columns[0]], 1e-6)
    aid_in = aid.sum(axis=1)
    hit = (sanctions * weight[:, :, None]).sum(axis=1)
    lost = (sanctions * weight[:, None, :]).sum(axis=2)
    growth = stats[:, :, columns[1]] + knobs[0] * aid_in / gdp
    growth = growth + knobs[1] * (stats[:, :, columns[2]] - 50.0)
    growth = growth - knobs[2] * war.any(axis=2)
    growth = growth - knobs[3] * np.minimum(hit, 1.0)
    growth = growth - knobs[4] * np.minimum(lost, 1.0)
    return growth + knobs[5] * shock


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), runs=st.integers(1, 5), n=st.integers(1, 20))
def test_growth_is_the_numpy_rule_to_the_bit(seed, runs, n) -> None:
    stats, aid, war, sanctions, weight, shock, knobs = _world(seed, runs, n)
    args = (stats, aid, war, sanctions, weight, shock, knobs, _GROWTH_COLUMNS)
    assert _growth(*args).tobytes() == _numpy_growth(*args).tobytes()


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), runs=st.integers(1, 4), n=st.integers(1, 14))
def test_a_nation_at_war_with_anyone_pays_the_war_cost(seed, runs, n) -> None:
    """`_advance` reads who is at war from the whole (B, N, N) array: the same stats as a
    war array holding each nation's "at war with anyone" on its diagonal."""
    stats, _, war, _, _, shock, _ = _world(seed, runs, n)
    stats = np.abs(stats)
    active = np.random.default_rng(seed).random((runs, n)) < 0.8
    anyone = np.zeros_like(war)
    anyone[:, np.arange(n), np.arange(n)] = war.any(axis=2)
    factors = 1.0 + shock / 100.0
    knobs = np.array([2.0, 0.9, 0.1, 3.0])
    low, high = np.full(stats.shape[2], -1e9), np.full(stats.shape[2], 1e9)
    common = (shock, factors, factors, knobs, _COLUMNS, low, high)
    whole = _advance(stats, active, war, *common)
    assert whole.tobytes() == _advance(stats, active, anyone, *common).tobytes()
    at_peace = _advance(stats, active, np.zeros_like(war), *common)
    fighting = war.any(axis=2) & active
    stability = _COLUMNS[4]
    assert (whole[..., stability] < at_peace[..., stability])[fighting].all()
