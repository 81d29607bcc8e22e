"""Write tests/data/pinned_digests.json: the per-turn digests of the shipped scenarios.

A restructuring must not change a single game. The test `tests/test_pinned_digests.py`
replays the same games and compares every turn's digest with this file. Re-pin (run this
script) only in a commit that says which rule change moved the games, and why.

    python tools/pin_digests.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.construction import initial_state  # noqa: E402
from game.engine import step  # noqa: E402
from game.loader import load_scenario  # noqa: E402

OUT = ROOT / "tests" / "data" / "pinned_digests.json"
SEEDS = (3, 11, 40)  # one batch of three runs: the batched paths, not one run alone
CASES = (
    ("pak_russia_1947.toml", "historical"),
    ("pak_russia_1947.toml", "ai"),
    ("pak_russia_1947.toml", "random"),
    ("pak_russia_1991.toml", "ai"),
    ("middle_east_1955.toml", "ai"),
    ("example_minimal.toml", "random"),
)
DIGITS = 16  # enough to tell games apart; keeps the file small


def case_key(scenario: str, policy: str) -> str:
    return f"{scenario}:{policy}"


def play_digests(scenario_file: str, policy: str) -> list[str]:
    """Every turn's digest (all runs of the batch) of one scenario under one policy."""
    scenario = load_scenario(ROOT / "scenarios" / scenario_file)
    state = initial_state(scenario, list(SEEDS), policy)
    digests = [state.digest()[:DIGITS]]
    while not state.done:
        state, _ = step(state)
        digests.append(state.digest()[:DIGITS])
    return digests


def main() -> None:
    pinned = {case_key(s, p): play_digests(s, p) for s, p in CASES}
    OUT.write_text(json.dumps(pinned, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {sum(len(v) for v in pinned.values())} digests")


if __name__ == "__main__":
    main()
