"""Write a file so that a crash, a kill or a full disk never leaves half a save behind.

The bytes go to a temporary file in the same folder, are flushed to the disk (fsync), then
renamed over the target (atomic on POSIX and Windows), and the folder itself is synced so
the rename survives a power cut. On any failure the temporary file is removed and the old
save, if any, is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from game import files
from game.files import TEMPORARY_SUFFIX, describe_os_error, temporary_name
from game.saves.errors import SaveError

__all__ = [
    "TEMPORARY_SUFFIX",
    "describe_os_error",
    "remove_stale_temporaries",
    "temporary_name",
    "write_atomically",
]

_NOTHING_LOST = "Nothing was overwritten and the game goes on"


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once, or raise SaveError and change nothing.

    The game's one writer (`game.files.write_atomically`) does the work; this only words
    its refusal for a player."""
    try:
        files.write_atomically(path, data)
    except files.OutputError as error:
        what = error.what.removeprefix("cannot write: ")
        todo = error.todo.removeprefix("nothing was overwritten; ")
        raise SaveError(path, f"cannot save: {what}", f"{_NOTHING_LOST}; {todo}.") from None


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files left by processes that died mid-save; return how many."""
    removed = 0
    try:
        candidates = list(folder.glob(f".*{TEMPORARY_SUFFIX}"))
    except OSError:
        return 0
    for candidate in candidates:
        parts = candidate.name.rsplit(".", 3)
        if len(parts) != 4 or not parts[1].isdigit():
            continue
        pid = int(parts[1])
        if pid == os.getpid() or _process_alive(pid):
            continue
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed += 1
    return removed


def _process_alive(pid: int) -> bool:
    if os.name == "nt":  # signal 0 is CTRL_C_EVENT there: never probe, assume alive
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
