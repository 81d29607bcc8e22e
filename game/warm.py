"""Compile the engine's loops once, at install time: `python -m game.warm`.

The compiled loops (game.kernels) are compiled on their first call and kept on disk. A
fresh checkout would otherwise pay that compile inside the first turn a person plays (or
the first test that steps a game). The set-up step runs this once: it plays a few turns of
the campaign alone (the interactive path) and the whole campaign as two batches, under the
AI, so the crises open and play their rounds and wars: a small one, which carries the AI's
reasons as a lone game does, and one just too large for reasons (the headless path of
`simulate`, `backtest` and `calibrate`, which takes batch-only routes: the AI values the
legal options alone, and the camp split uses its own power iteration).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from game.construction import initial_state
from game.engine import step
from game.loader import load_scenario
from game.phases.diplomacy import EXPLAIN_LIMIT

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"
TURNS = 1_000  # more than any campaign: the batch plays to its end
# Runs per batch, both above the size at which the camp split leaves LAPACK for its own
# loop: 16 carries the AI's reasons, as a lone game does; EXPLAIN_LIMIT + 1 is the smallest
# batch without them, the route of simulate, backtest and calibrate.
BATCHES = (16, EXPLAIN_LIMIT + 1)


def warm(scenario_path: Path = CAMPAIGN, turns: int = TURNS) -> float:
    """Play a few turns of one game alone, then `turns` turns of each batch; seconds taken."""
    start = time.perf_counter()
    scenario = load_scenario(scenario_path)
    plays = [(0, min(turns, 3))] + [(np.arange(runs), turns) for runs in BATCHES]
    for seeds, length in plays:
        state = initial_state(scenario, seeds=seeds, policy="ai")
        for _ in range(length):
            if state.done:
                break
            state, _ = step(state)
    return time.perf_counter() - start


def main() -> int:
    print(
        "compiling the engine's loops (once per install or update)...", file=sys.stderr, flush=True
    )
    seconds = warm()
    print(f"compiled the engine's loops in {seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
