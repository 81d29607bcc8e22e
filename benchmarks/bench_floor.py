"""A lower bound for the AI's diplomacy turn: the least work any single-pass design does.

    python benchmarks/bench_floor.py            # 1,000 runs, 12 captured turns
    python benchmarks/bench_floor.py --runs 500

Prints figures, asserts nothing. Not the engine: a yardstick for redesigns of it.

The engine's diplomacy phase works out, action by action, which options are legal, the
chance of each, what each is worth to the actor and which are best. Whatever the design,
every cell (run, actor, action, target) must be looked at once, and every legal option
needs its chance (a logistic of a few terms), its value (a few reads and products) and a
place in its row's ranking. This benchmark plays the campaign with the `ai` policy, keeps
the real legal options of a dozen turns, and times one compiled loop that does only that
much per cell and per option, fused in a single pass with every array in the order it is
read: four comparisons per cell, then per legal option ten reads, a logistic, twenty-odd
arithmetic operations and a top-two insertion, and a greedy pick per row at the end.

The real turn does more per option (each action's general effects, third parties'
reactions, the seats of treaties, the resolution of what was chosen, the board it reads):
so the loop's cost per run-turn is a floor under any redesign that keeps the model, and
the figure to set beside the engine's own (`bench_engine.py --phases`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game import initial_state, load_scenario, step  # noqa: E402
from game.batch.runner import one_blas_thread  # noqa: E402
from game.kernels import kernel  # noqa: E402
from game.phases.diplomacy import survey  # noqa: E402
from game.warm import warm  # noqa: E402

CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"
DEPTH = 2


@kernel
def _fused_turn(
    legal: np.ndarray,
    ready: np.ndarray,
    relations: np.ndarray,
    stats: np.ndarray,
    room: np.ndarray,
    bias: np.ndarray,
    noise: np.ndarray,
    coefficients: np.ndarray,
    value: np.ndarray,
    target: np.ndarray,
    chosen: np.ndarray,
) -> int:
    """One pass over every cell of every action: legality (the real mask and three
    comparisons on the state's arrays, as a `requires` would make), then at each legal
    option its chance, value and rank; then each row's best. Returns the options valued."""
    actions, runs, nations, targets = legal.shape
    valued = 0
    for a in range(actions):
        c0, c1, c2, c3 = (
            coefficients[a, 0],
            coefficients[a, 1],
            coefficients[a, 2],
            coefficients[a, 3],
        )
        gain, loss, fear = coefficients[a, 4], coefficients[a, 5], coefficients[a, 6]
        for b in range(runs):
            for i in range(nations):
                r = b * nations + i
                value[a, r, 0] = -np.inf
                value[a, r, 1] = -np.inf
                if not ready[b, i]:
                    continue
                for x in range(targets):
                    tie = relations[b, i, x]
                    if not (
                        legal[a, b, i, x]
                        and tie >= -101.0
                        and stats[b, x, 0] >= -1.0
                        and stats[b, i, 1] >= -1.0
                    ):
                        continue
                    valued += 1
                    logit = (
                        c0
                        + c1 * tie
                        + c2 * relations[b, x, i]
                        + c3 * (stats[b, i, 1] - stats[b, x, 1])
                    )
                    chance = 1.0 / (1.0 + np.exp(-logit))
                    success = gain / 100.0 * room[b, i, x] * (tie / 100.0) + gain * stats[b, x, 2]
                    failure = loss / 100.0 * room[b, x, i] * (tie / 100.0)
                    worth = (
                        chance * success
                        + (1.0 - chance) * failure * fear
                        + bias[b, i, a]
                        + noise[b, i, x]
                        - 0.5
                    )
                    if worth > value[a, r, 1]:
                        if worth > value[a, r, 0]:
                            value[a, r, 1], target[a, r, 1] = value[a, r, 0], target[a, r, 0]
                            value[a, r, 0], target[a, r, 0] = worth, x
                        else:
                            value[a, r, 1], target[a, r, 1] = worth, x
    for r in range(runs * nations):
        best, pick = 0.0, -1
        for a in range(actions):
            if value[a, r, 0] > best:
                best, pick = value[a, r, 0], a
        chosen[r] = pick
    return valued


def captured_turns(runs: int, every: int) -> list[tuple]:
    """Every `every`-th turn of a campaign of `runs` runs under the AI: the real legal
    options of each action, who could act, and the state's arrays."""
    scenario = load_scenario(CAMPAIGN)
    kept = []
    with one_blas_thread():
        state = initial_state(scenario, seeds=np.arange(runs), policy="ai")
        while not state.done:
            if state.turn % every == every // 2:
                _, _, odds = survey(state, state.year, state.turn)
                width = state.relations.shape[2]
                masks = [
                    item.legal
                    if item.legal.shape[2] == width
                    else np.zeros_like(state.relations, bool)
                    for item in odds
                ]
                kept.append((np.ascontiguousarray(np.stack(masks)), state.copy()))
            state, _ = step(state)
    return kept


def time_floor(kept: list[tuple], repeats: int) -> tuple[float, float]:
    """(CPU seconds per run-turn of the fused loop, legal options per run-turn)."""
    rng = np.random.default_rng(0)
    total, options, run_turns = 0.0, 0, 0
    for legal, state in kept:
        actions, runs, nations, _ = legal.shape
        ready = np.ones((runs, nations), dtype=bool)
        room = rng.uniform(0, 2, (runs, nations, nations))
        bias = rng.uniform(-1, 1, (runs, nations, actions))
        noise = rng.uniform(0, 1, (runs, nations, nations))
        coefficients = rng.normal(0, 1, (actions, 7))
        value = np.empty((actions, runs * nations, DEPTH))
        target = np.zeros((actions, runs * nations, DEPTH), dtype=np.int64)
        chosen = np.empty(runs * nations, dtype=np.int64)
        stats = np.ascontiguousarray(state.stats, dtype=np.float64)
        args = (
            legal,
            ready,
            state.relations,
            stats,
            room,
            bias,
            noise,
            coefficients,
            value,
            target,
            chosen,
        )
        _fused_turn(*args)  # compiled or loaded, and the arrays in cache as in a turn
        best = np.inf
        for _ in range(repeats):
            start = time.process_time()
            count = _fused_turn(*args)
            best = min(best, time.process_time() - start)
        total += best
        options += count
        run_turns += runs
    return total / run_turns, options / run_turns


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="runs in the batch (default 1,000)")
    parser.add_argument("--every", type=int, default=7, help="keep every N-th turn (default 7)")
    parser.add_argument("--repeats", type=int, default=5, help="timings per turn; the least counts")
    args = parser.parse_args(argv)
    warm()
    kept = captured_turns(args.runs, args.every)
    per_run_turn, options = time_floor(kept, args.repeats)
    print(f"{len(kept)} turns of a {args.runs:,}-run ai campaign, their real legal options:")
    print(f"  legal options per run-turn          {options:8.0f}")
    print(f"  fused single pass, cpu per run-turn {per_run_turn * 1e6:8.2f} µs")
    print(f"  per legal option                    {per_run_turn / max(options, 1) * 1e9:8.1f} ns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
