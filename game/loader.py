"""Where callers load a scenario from: `load_scenario`, `source_files` and the limits.

The work is done in `game.loading`: `guard` reads the untrusted files within their
limits, `build` (with `nations`, `events` and `diplomacy`) turns them into a `Scenario`,
and `checker` type-checks their expressions. This module only names what the rest of
the game imports, so callers need not know how loading is divided.
"""

from __future__ import annotations

from game.loading.build import MAX_EVENT_TURNS, MAX_PAIR_TURNS, load_scenario, source_files
from game.loading.guard import (
    MAX_FILE_BYTES,
    MAX_INCLUDES,
    MAX_TOTAL_BYTES,
    SCHEMA_VERSION,
    STD_COPY,
    STD_DIR,
    STD_PREFIX,
    FileGuard,
)

__all__ = [
    "MAX_EVENT_TURNS",
    "MAX_FILE_BYTES",
    "MAX_INCLUDES",
    "MAX_PAIR_TURNS",
    "MAX_TOTAL_BYTES",
    "SCHEMA_VERSION",
    "STD_COPY",
    "STD_DIR",
    "STD_PREFIX",
    "FileGuard",
    "load_scenario",
    "source_files",
]
