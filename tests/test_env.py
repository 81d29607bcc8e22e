"""The Gymnasium environment: passes gymnasium's own checker, masks actions from the same
legality as legal_orders, and random agents play whole campaigns without a rejected order."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402
from gymnasium.utils.env_checker import check_env  # noqa: E402

from game.diplomacy import legal_orders  # noqa: E402
from game.env import AllianceDriftEnv  # noqa: E402
from tests.conftest import EXAMPLE  # noqa: E402


def test_the_environment_passes_gymnasiums_checker(example):
    env = AllianceDriftEnv(example, nation="PAK")
    check_env(env, skip_render_check=True)
    assert env.action_space.n == 1 + sum(
        len(example.nations)
        if a.target in ("nation", "mediation")
        else len(example.treaties)
        if a.target == "treaty"
        else 1
        for a in example.actions
    )


def test_random_agents_play_whole_campaigns(example):
    env = AllianceDriftEnv(example, nation="IND")
    for seed in (1, 2):
        obs, info = env.reset(seed=seed)
        start = info["score"]
        total, turns = 0.0, 0
        while True:
            assert env.observation_space.contains(obs)
            action = int(env.action_space.sample(mask=info["action_mask"]))
            obs, reward, terminated, truncated, info = env.step(action)
            assert info["rejected"] == [] and np.isfinite(reward)
            total += reward
            turns += 1
            if terminated or truncated:
                break
        assert terminated and turns == example.turns
        assert abs(total - (info["score"] - start)) < 1e-6  # rewards add up to the change in score


def test_the_mask_is_legal_orders(example):
    env = AllianceDriftEnv(example, nation="PAK")
    _, info = env.reset(seed=5)
    for _ in range(5):
        options = legal_orders(env.sim.state, "PAK")
        assert sorted(o.index + 1 for o in options) == sorted(
            np.flatnonzero(info["action_mask"][1:]) + 1
        )
        assert info["action_mask"][0] == 1
        _, _, _, _, info = env.step(options[0].index + 1)


def test_an_unmasked_illegal_pick_has_no_effect_and_is_reported():
    env = AllianceDriftEnv(EXAMPLE, nation="PAK")
    _, info = env.reset(seed=7)
    illegal = int(np.flatnonzero(info["action_mask"] == 0)[0])
    _, _, _, _, info = env.step(illegal)
    assert info["rejected"]


def test_reset_with_a_seed_repeats_the_episode(example):
    env = AllianceDriftEnv(example, nation="USA")
    runs = []
    for _ in range(2):
        obs, info = env.reset(seed=11)
        trail = [obs]
        for _ in range(10):
            legal = np.flatnonzero(info["action_mask"])
            obs, reward, _, _, info = env.step(int(legal[-1]))
            trail.append(obs)
        runs.append(np.stack(trail))
    assert np.array_equal(runs[0], runs[1])
