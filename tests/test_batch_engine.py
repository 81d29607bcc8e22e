"""The batch engine's fast paths give exactly what the plain computations give.

The fast paths (certified leading eigenvector, lazily computed random draws, reused drift
terms) are only allowed if every run's result stays bit for bit the same; these tests
compare them with straightforward reference code, and batches with runs alone.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from game import initial_state, step  # noqa: E402
from game.phases.blocs import keep_camps_cohesive, split_camps  # noqa: E402
from game.phases.drift import drift_terms, pair_noise  # noqa: E402
from game.phases.spectral import leading_eigenvectors  # noqa: E402
from game.rng import TurnRng  # noqa: E402
from game.rules import compile_rules  # noqa: E402
from game.ties import saturate  # noqa: E402


def reference_camps(relations, active, power, threshold):
    """The bloc split as first written, LAPACK's eigenvector for every run, then the same
    cohesion rule (no two enemies in one camp)."""
    b, n, _ = relations.shape
    mask = active[:, :, None] & active[:, None, :] & ~np.eye(n, dtype=bool)[None]
    unit = np.where(mask, relations / 100.0, 0.0)
    lead = np.linalg.eigh(unit)[1][:, :, -1]
    pole = np.argmax(power, axis=1)
    sign = np.sign(lead[np.arange(b), pole])
    lead = lead * np.where(sign == 0, 1.0, sign)[:, None]
    side_one = (lead > 1e-9) & active
    side_two = (lead < -1e-9) & active

    def mean_to(side):
        weights = side[:, None, :] & mask
        count = weights.sum(axis=2)
        total = np.where(weights, relations, 0.0).sum(axis=2)
        return np.divide(total, count, out=np.full(total.shape, np.nan), where=count > 0)

    to_one, to_two = mean_to(side_one), mean_to(side_two)
    camps = np.zeros((b, n), dtype=np.int8)
    camps[side_one & (to_one >= threshold) & ~(to_two > to_one)] = 1
    camps[side_two & (to_two >= threshold) & ~(to_one > to_two)] = 2
    lone = camps[np.arange(b), pole] == 0
    friend = np.where(side_one & mask[np.arange(b), pole], relations[np.arange(b), pole], -100)
    has_friend = (friend >= threshold).any(axis=1)
    camps[np.arange(b)[lone & has_friend], pole[lone & has_friend]] = 1
    return keep_camps_cohesive(camps, relations, mask, power, threshold)


def random_relations(rng, batch, n, structure):
    """Relation matrices from balanced two-camp worlds to pure noise, some degenerate."""
    sides = rng.choice([-1.0, 1.0], size=(batch, n))
    balanced = 60.0 * sides[:, :, None] * sides[:, None, :]
    noise = rng.uniform(-100, 100, size=(batch, n, n))
    raw = structure * balanced + (1 - structure) * noise
    raw = np.round((raw + raw.transpose(0, 2, 1)) / 2, rng.integers(0, 3))
    raw[: batch // 8] = 0.0  # no relations at all: every eigenvalue zero
    raw[batch // 8 : batch // 4, :, :] = 40.0  # everyone equally friendly: degenerate
    raw = np.clip(raw, -100, 100)
    raw[:, np.arange(n), np.arange(n)] = 100.0
    return raw


@pytest.mark.parametrize("n", [2, 3, 6, 11, 24])
@pytest.mark.parametrize("structure", [0.0, 0.5, 0.9])
def test_fast_bloc_split_equals_lapack_split(n, structure):
    rng = np.random.default_rng(n * 10 + int(structure * 10))
    batch = 400
    relations = random_relations(rng, batch, n, structure)
    active = rng.random((batch, n)) < 0.85
    power = np.where(active, rng.random((batch, n)), -1.0)
    fast = split_camps(relations, active, power, 15.0)
    assert np.array_equal(fast, reference_camps(relations, active, power, 15.0))


def test_leading_eigenvector_signs_match_lapack_beyond_the_threshold():
    rng = np.random.default_rng(7)
    relations = random_relations(rng, 500, 9, 0.6)
    active = np.ones((500, 9), dtype=bool)
    unit = np.where(~np.eye(9, dtype=bool)[None], relations / 100.0, 0.0)
    ours = leading_eigenvectors(unit, active)
    theirs = np.linalg.eigh(unit)[1][:, :, -1]
    orient = np.sign(np.sum(ours * theirs, axis=1))[:, None]
    classes = np.sign(np.where(np.abs(ours) > 1e-9, ours, 0.0))
    expected = np.sign(np.where(np.abs(theirs) > 1e-9, theirs, 0.0)) * orient
    assert np.array_equal(classes, expected)


def test_lazy_draws_equal_full_draws():
    seeds = np.arange(300, dtype=np.uint64)
    full, lazy = TurnRng(seeds, 4), TurnRng(seeds, 4)
    positions = np.array([0, 3, 7, 40, 120])
    normal = full.normal(11, 11).reshape(300, -1)[:, positions]
    uniform = full.uniform(50)[:, [1, 49]]
    tail = full.uniform(5)
    start = lazy.reserve(2, 11, 11)
    assert np.array_equal(lazy.normal_at(start, 121, positions), normal)
    assert np.array_equal(lazy.uniform_at(lazy.reserve(50), np.array([1, 49])), uniform)
    assert np.array_equal(lazy.uniform(5), tail)


def test_pair_noise_is_the_mirrored_upper_triangle(example):
    state = initial_state(example, seeds=np.arange(50))
    n = len(example.nations)
    full = TurnRng(state.seeds, 2).normal(n, n)
    upper = np.triu(full, 1)
    expected = upper + upper.transpose(0, 2, 1)
    noise = pair_noise(TurnRng(state.seeds, 2), state.active)
    exists = state.active[:, :, None] & state.active[:, None, :]
    assert np.array_equal(noise[:, exists.any(axis=0)], expected[:, exists.any(axis=0)])


def plain_drift(state, rules, rng):
    """The drift phase written plainly: full draw, every term summed in turn over the whole
    (N, N) matrix, then the upper triangle mirrored."""
    weights = rules.scenario.drift
    n = state.relations.shape[1]
    noise = np.triu(rng.normal(n, n), 1)
    noise = noise + noise.transpose(0, 2, 1)
    change = weights["noise"] * noise
    terms = drift_terms(state, rules)
    pull = weights["decay"] * terms.pop("decay")
    for name, term in terms.items():
        change = change + weights[name] * term
    mask = state.active[:, :, None] & state.active[:, None, :] & ~np.eye(n, dtype=bool)[None]
    years = rules.scenario.years_per_turn
    # Pushes saturate (game.ties); the pull toward the baseline is added in full when it
    # points toward neutral, and saturates with the pushes when it points away.
    outward = pull * state.relations > 0
    push = np.where(mask, (change + np.where(outward, pull, 0.0)) * years, 0.0)
    back = np.where(mask & ~outward, pull * years, 0.0)
    relations = np.clip(saturate(state.relations, push) + back, -100, 100)
    relations[:, np.arange(n), np.arange(n)] = 100.0
    upper, lower = np.triu_indices(n, 1)
    relations[:, lower, upper] = relations[:, upper, lower]  # the model keeps them symmetric
    return relations


@pytest.fixture(scope="module")
def generated():
    from game.batch.synthetic import synthetic_scenario

    return synthetic_scenario(nations=13, events=40, treaties=10, seed=2)


@pytest.mark.parametrize("policy", ["ai", "random", "historical"])
@pytest.mark.parametrize("which", ["example", "generated"])
def test_drift_phase_equals_the_plain_sum_over_a_whole_game(example, generated, which, policy):
    from game.phases.drift import drift_phase

    scenario = example if which == "example" else generated
    rules = compile_rules(scenario)
    state = initial_state(scenario, seeds=np.arange(40), policy=policy)
    while not state.done:
        rng = TurnRng(state.seeds, state.turn)
        probe = state.copy()
        expected = plain_drift(probe, rules, TurnRng(state.seeds, state.turn))
        drift_phase(probe, rules, rng)
        assert np.array_equal(probe.relations, expected)
        state, _ = step(state)


@pytest.mark.parametrize("policy", ["ai", "random", "historical"])
def test_every_run_of_a_batch_equals_its_seed_in_any_other_batch(example, policy):
    """Run k of a batch of 60 equals the same seed alone and in batches of other sizes."""
    seeds = np.arange(900, 960)
    groups = [seeds[:1], seeds[1:8], seeds[8:], seeds[30:31]]
    batch = initial_state(example, seeds=seeds, policy=policy)
    parts = [initial_state(example, seeds=group, policy=policy) for group in groups]
    while not batch.done:
        batch, _ = step(batch)
        parts = [step(state)[0] for state in parts]
    for group, part in zip(groups, parts, strict=True):
        for k, seed in enumerate(group):
            assert batch.digest(run=int(seed - seeds[0])) == part.digest(run=k)


def test_normal_draws_are_numpys_box_muller_of_the_uniform_draws():
    """The normal draws (their log1p and cos in numpy, the rest compiled) are the plain
    numpy Box–Muller of the two uniform draws, to the bit."""
    seeds = np.arange(500, dtype=np.uint64)
    for bound in (3.0, 1.0):
        u = TurnRng(seeds, 9)
        u1, u2 = u.uniform(7, 13), u.uniform(7, 13)
        expected = np.clip(np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2), -bound, bound)
        got = TurnRng(seeds, 9).normal(7, 13, bound=bound)
        assert got.tobytes() == expected.tobytes()
        assert (np.abs(expected) == bound).any()  # the clip is exercised


def test_memo_computes_each_distinct_row_once_and_matches_a_fresh_computation():
    from game.phases.memo import distinct_rows, memo_rows

    rng = np.random.default_rng(3)
    calls = []

    def compute(a, b):
        calls.append(a.shape[0])
        return a.astype(np.float64).sum(axis=1) * 1.5 + b[:, 0] - b[:, 2]

    memo: dict = {}
    a = rng.integers(0, 3, size=(200, 4)).astype(np.int8)  # at most 81 distinct rows
    b = np.repeat(rng.normal(size=(2, 3)), 100, axis=0)
    b[::2] = b[1]  # rows of b repeat too
    b[:, 0] = 0.25  # and some differ only in their last bytes
    assert np.array_equal(memo_rows(memo, "t", (a, b), compute), compute(a, b))
    distinct = len({(bytes(x), bytes(y)) for x, y in zip(a, b, strict=True)})
    assert calls[0] == distinct
    a2 = a.copy()
    a2[[5, 17, 40]] = [2, 2, 2, 1]
    calls.clear()
    assert np.array_equal(memo_rows(memo, "t", (a2, b), compute), compute(a2, b))
    assert calls[0] <= 3  # only the changed rows, each distinct once
    unique = np.arange(64, dtype=np.int64)[:, None]
    assert np.array_equal(distinct_rows(lambda x: x * 2, (unique,)), unique * 2)
