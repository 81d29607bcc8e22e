"""Write a file so that a crash, a kill or a full disk never leaves half a save behind.

The bytes go to a temporary file in the same folder, are flushed to the disk (fsync), then
renamed over the target (atomic on POSIX and Windows), and the folder itself is synced so
the rename survives a power cut. On any failure the temporary file is removed and the old
save, if any, is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from game.saves.errors import SaveError

TEMPORARY_SUFFIX = ".tmp"
_NOTHING_LOST = "Nothing was overwritten and the game goes on"

_REASONS = {
    errno.ENOSPC: ("the disk is full", "free some space or save to another folder"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or save to another folder"),
    errno.EROFS: ("the folder is on a read-only disk", "choose another folder"),
    errno.EACCES: ("there is no permission to write there", "choose another folder"),
    errno.EPERM: ("there is no permission to write there", "choose another folder"),
    errno.EFBIG: ("the file would be larger than this system allows", "choose another folder"),
    errno.ENOENT: ("the file cannot be created there", "choose another folder"),
    errno.EISDIR: ("that name is a folder", "choose a file name"),
    errno.ENOTDIR: ("a part of the path is not a folder", "check the path"),
}


def describe_os_error(error: OSError) -> tuple[str, str]:
    """(what went wrong, what to do) for an OSError, in words for a player."""
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return (error.strerror or str(error)).lower(), "try another folder"


def temporary_name(path: Path) -> Path:
    """`.NAME.PID.RANDOM.tmp` next to the target: hidden, unique, and traceable to a process."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once, or raise SaveError and change nothing."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise SaveError(
            path,
            f"cannot save: the folder {folder} does not exist",
            "Create it or choose another folder.",
        )
    if path.is_dir():
        raise SaveError(path, "cannot save: that name is a folder", "Choose a file name.")
    temporary = temporary_name(path)
    try:
        descriptor = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644
        )
        try:
            view = memoryview(data)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        what, todo = describe_os_error(error)
        raise SaveError(path, f"cannot save: {what}", f"{_NOTHING_LOST}; {todo}.") from None
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; folders cannot be opened on some systems, which is fine."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


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
