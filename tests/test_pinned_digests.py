"""Games do not change by accident: every turn of six pinned games matches its digest.

The digests cover every array of the state (relations, stats, events, treaties, blocs…),
for a batch of three seeds, under the historical, ai and random policies. A refactoring
keeps them; a deliberate rule change re-pins them with `python tools/pin_digests.py` in a
commit that says so.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("pin_digests", ROOT / "tools" / "pin_digests.py")
pin = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pin)

PINNED = json.loads((ROOT / "tests" / "data" / "pinned_digests.json").read_text())


@pytest.mark.parametrize(("scenario", "policy"), pin.CASES)
def test_every_turn_matches_its_pinned_digest(scenario: str, policy: str) -> None:
    expected = PINNED[pin.case_key(scenario, policy)]
    played = pin.play_digests(scenario, policy)
    first_difference = next(
        (turn for turn, (a, b) in enumerate(zip(played, expected, strict=False)) if a != b), None
    )
    assert first_difference is None, (
        f"{scenario} under {policy}: the game differs from turn {first_difference} on"
    )
    assert len(played) == len(expected)


def test_every_pinned_case_is_played() -> None:
    assert sorted(PINNED) == sorted(pin.case_key(s, p) for s, p in pin.CASES)
