"""The game's one way to write a file, and its checks on the files it reads and writes.

Every command writes through `write_atomically`: the bytes go to a hidden temporary file in
the same folder, are flushed to the disk (fsync), then renamed over the target (atomic on
POSIX and Windows), and the folder is synced so the rename survives a power cut. On any
failure the temporary file is removed and the old file is left exactly as it was.

Only regular files are ever replaced: a rename over `/dev/null`, a FIFO or a socket would
swap the device for an ordinary file (as root it even replaces `/dev/null` itself), so such
targets are refused, and `-` means standard output as command-line users expect. Inputs are
opened with `read_regular`, which never blocks on a FIFO and never reads past its limit.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from game.errors import InputError

STDOUT = "-"  # an output path that means standard output
TEMPORARY_SUFFIX = ".tmp"

_REASONS = {
    errno.ENOSPC: ("the disk is full", "free some space or write to another folder"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or write to another folder"),
    errno.EROFS: ("the folder is on a read-only disk", "choose another folder"),
    errno.EACCES: ("there is no permission to write there", "choose another folder"),
    errno.EPERM: ("there is no permission to write there", "choose another folder"),
    errno.EFBIG: ("the file would be larger than this system allows", "choose another folder"),
    errno.ENOENT: ("the file cannot be created there", "choose another folder"),
    errno.EISDIR: ("that name is a folder", "choose a file name"),
    errno.ENOTDIR: ("a part of the path is not a folder", "check the path"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter path"),
    errno.ELOOP: ("the path has a loop of symbolic links", "check the path"),
}


class OutputError(InputError):
    """An output that cannot or must not be written: `path`, `what` went wrong, `todo`."""

    def __init__(self, path: str | Path, what: str, todo: str) -> None:
        self.path, self.what, self.todo = Path(path), what, todo
        super().__init__(f"{path}: {what}; {todo}")


def describe_os_error(error: OSError) -> tuple[str, str]:
    """(what went wrong, what to do) for an OSError, in words for a person."""
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return (error.strerror or str(error)).lower(), "try another folder"


def is_stdout(path: str | Path | None) -> bool:
    return path is not None and str(path) == STDOUT


def kind_of(mode: int) -> str:
    """'a FIFO', 'a device', ... for a file that is neither a regular file nor a folder."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _refuse_special(path: Path) -> None:
    """Refuse an existing target that is a folder, device, FIFO or socket."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except (OSError, ValueError) as error:
        what, todo = (
            describe_os_error(error)
            if isinstance(error, OSError)
            else ("the name has a NUL byte", "check the path")
        )
        raise OutputError(path, f"cannot write: {what}", todo) from None
    if stat.S_ISDIR(mode):
        raise OutputError(path, "is a folder", "give a file name such as run.json")
    if not stat.S_ISREG(mode):
        raise OutputError(
            path,
            f"cannot write: it is {kind_of(mode)}, not a regular file",
            f"write to a file instead, or give '{STDOUT}' for standard output",
        )


def check_output(path: Path, inputs: Iterable[Path] = (), option: str = "") -> None:
    """Fail before a long run, not after it, when `path` cannot or must not be written:
    a folder, a device, FIFO or socket, a missing or unwritable folder, or one of `inputs`."""
    if is_stdout(path):
        return
    path = Path(path)
    _refuse_special(path)
    folder = _folder(path)
    if not folder.is_dir():
        raise OutputError(path, f"cannot write: folder {folder} does not exist", "create it first")
    if not os.access(folder, os.W_OK):
        raise OutputError(
            path, f"cannot write: folder {folder} is not writable", "choose another folder"
        )
    for source in inputs:
        if same_file(path, Path(source)):
            named = f"{option} " if option else ""
            raise OutputError(
                path,
                f"{named}names a file this run reads ({source}); writing it would destroy an input",
                "choose another output file",
            )


def same_file(one: Path, other: Path) -> bool:
    with contextlib.suppress(OSError, ValueError):
        if one.exists() and other.exists():
            return os.path.samefile(one, other)
        return one.resolve() == other.resolve()
    return False


def temporary_name(path: Path) -> Path:
    """`.NAME.PID.RANDOM.tmp` next to the target: hidden, unique, and traceable to a process."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")


def write_atomically(path: str | Path, data: bytes) -> None:
    """Replace `path` with `data` all at once (or write it to standard output for `-`);
    raise OutputError and change nothing when that cannot be done."""
    if is_stdout(path):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(path)
    folder = _folder(path)
    if not folder.is_dir():
        raise OutputError(
            path, f"cannot write: the folder {folder} does not exist", "create it first"
        )
    _refuse_special(path)
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
    except BaseException as error:  # a full disk, or a stop signal part-way: leave no trace
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if not isinstance(error, OSError):
            raise
        what, todo = describe_os_error(error)
        raise OutputError(
            path, f"cannot write: {what}", f"nothing was overwritten; {todo}"
        ) from None
    _sync_folder(folder)


def write_text(path: str | Path, text: str) -> None:
    """`write_atomically` for text, as UTF-8 (`-` is standard output)."""
    write_atomically(path, text.encode("utf-8"))


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


class ReadRefused(Exception):
    """`read_regular` could not or would not read a file: `reason` says why, for a person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_regular(path: Path, limit: int) -> bytes:
    """Up to `limit + 1` bytes of a regular file (the caller refuses a longer one).

    The file is opened without blocking, so a FIFO is refused instead of waiting forever
    for a writer, and its type is checked on the open file, so it cannot change in between.
    """
    try:
        descriptor = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        )
    except FileNotFoundError:
        raise ReadRefused("no such file") from None
    except IsADirectoryError:
        raise ReadRefused("is a folder") from None
    except ValueError:
        raise ReadRefused("the name has a NUL byte") from None
    except OSError as error:
        raise ReadRefused(f"cannot be read: {_read_reason(error)}") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise ReadRefused("is a folder")
        if not stat.S_ISREG(mode):
            raise ReadRefused(f"is {kind_of(mode)}, not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    except OSError as error:
        raise ReadRefused(f"cannot be read: {_read_reason(error)}") from None
    finally:
        os.close(descriptor)


def why_unusable(error: Exception) -> str:
    """Why a path could not be used, in words: an OSError, a NUL byte (ValueError) or a
    loop of symbolic links (RuntimeError from Path.resolve)."""
    if isinstance(error, OSError):
        return _read_reason(error)
    if isinstance(error, ValueError):
        return "the name has a NUL byte"
    return "the path has a loop of symbolic links"


def _read_reason(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return "there is no permission to read it"
    if error.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    if error.errno == errno.ELOOP:
        return "the path has a loop of symbolic links"
    if error.errno == errno.ENOTDIR:
        return "a part of the path is not a folder"
    return (error.strerror or str(error)).lower()
