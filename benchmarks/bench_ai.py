"""The AI's time per turn in a single game: every nation's action choices, and its answers
to the events that fired, as the interactive game pays for them.

    python benchmarks/bench_ai.py [--scenario PATH] [--seeds 3]

Target (diplomacy issue): all AI decisions of one turn for 12 nations in ≤ 5 ms. Prints the
median and 95th percentile CPU time per turn of `decide` (action choices, with reasons), of
the event answers (turns where a nation's event fired), of both together (every turn), and
a baseline measured in the same run: one whole `step` of the same game. Prints figures,
asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import game.phases.events as events_phase  # noqa: E402
from game import initial_state, load_scenario, step  # noqa: E402
from game.phases.diplomacy import decide  # noqa: E402
from game.rng import TurnRng  # noqa: E402

CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"


def measure(scenario, seed: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Per turn of one ai game, CPU s: decide, event answers (turns with any), both
    together (every turn), a whole step."""
    answers: list[float] = []
    original = events_phase.nation_choices

    def timed(*args, **kwargs):
        started = time.process_time()
        result = original(*args, **kwargs)
        answers.append(time.process_time() - started)
        return result

    events_phase.nation_choices = timed
    decisions, together, steps = [], [], []
    try:
        state = initial_state(scenario, seeds=seed, policy="ai")
        state, _ = step(state)  # compiles and caches the scenario's rules first
        answers.clear()
        while not state.done:
            rng = TurnRng(state.seeds, state.turn)
            n = len(scenario.nations)
            noise = (rng.uniform(n, len(scenario.actions)), rng.uniform(n, n))
            started = time.process_time()
            decide(state, state.year, state.turn, noise, explain=True)
            decisions.append(time.process_time() - started)
            answered = len(answers)
            started = time.process_time()
            state, _ = step(state)
            steps.append(time.process_time() - started)
            together.append(decisions[-1] + sum(answers[answered:]))
    finally:
        events_phase.nation_choices = original
    return decisions, answers, together, steps


def summary(label: str, times: list[float]) -> str:
    if not times:
        return f"  {label:<40} none"
    ms = np.array(times) * 1000
    return (
        f"  {label:<40} median {np.median(ms):6.2f} ms   p95 {np.percentile(ms, 95):6.2f} ms"
        f"   ({len(ms)} turns)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=str(CAMPAIGN))
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    decisions, answers, together, steps = [], [], [], []
    for seed in range(args.seeds):
        d, a, t, s = measure(scenario, seed)
        decisions += d
        answers += a
        together += t
        steps += s
    print(f"{Path(args.scenario).name}: {len(scenario.nations)} nations, {args.seeds} games, ai")
    print(summary("action choices of every nation (decide)", decisions))
    print(summary("event answers (turns with a nation event)", answers))
    print(summary("all AI decisions of a turn (both)", together))
    print(summary("baseline: one whole turn (step)", steps))
    print("  target: one interactive end-turn, every AI decision included, ≤ 20 ms")
    share = float(np.median(decisions)) / max(float(np.median(steps)), 1e-12)
    print(f"  decide is {share:.0%} of a turn (medians)")


if __name__ == "__main__":
    main()
