"""Step-by-step upgrades of old save payloads: `migrate_N_to_N+1` for each released format.

Each step takes the payload dict of format N and returns one of format N+1; loading runs
the chain from the save's version up to `FORMAT_VERSION`. Every released version keeps a
fixture save under tests/fixtures/saves/ that the tests load through this chain.

    format 1  seed, policy, player, forced choices, order log, state, copy of the rules
    format 2  adds "digests": the state digest after every turn, for `replay --verify`
    format 3  adds "history": every turn's report and record, so loading needs no replay
"""

from __future__ import annotations

from collections.abc import Callable

FORMAT_VERSION = 3


def migrate_1_to_2(payload: dict) -> dict:
    """Format 1 recorded no per-turn digests: an empty list means "not recorded", and the
    loader then checks only that the replay arrives at the saved state."""
    upgraded = dict(payload)
    upgraded["digests"] = []
    return upgraded


def migrate_2_to_3(payload: dict) -> dict:
    """Format 2 kept no history: None makes the loader rebuild it by replaying the orders."""
    upgraded = dict(payload)
    upgraded["history"] = None
    return upgraded


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: migrate_1_to_2, 2: migrate_2_to_3}


def migrate(payload: dict, version: int, newest: int = FORMAT_VERSION) -> dict:
    """The payload upgraded from `version` to `newest`, one step at a time."""
    for step in range(version, newest):
        payload = MIGRATIONS[step](payload)
    return payload
