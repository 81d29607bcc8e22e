"""Step-by-step upgrades of old save payloads: `migrate_N_to_N+1` for each released format.

Each step takes the payload dict of format N and returns one of format N+1; loading runs
the chain from the save's version up to `FORMAT_VERSION`. Every released version keeps a
fixture save under tests/fixtures/saves/ that the tests load through this chain.
"""

from __future__ import annotations

from collections.abc import Callable

FORMAT_VERSION = 1

MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def migrate(payload: dict, version: int, newest: int = FORMAT_VERSION) -> dict:
    """The payload upgraded from `version` to `newest`, one step at a time."""
    for step in range(version, newest):
        payload = MIGRATIONS[step](payload)
    return payload
