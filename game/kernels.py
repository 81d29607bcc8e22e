"""Compiled loops for the hot path: each written once, as plain loops, and compiled.

A turn of a large batch is thousands of small array operations, each one a full pass over
memory with a temporary array; a loop that keeps its numbers in registers does the same
arithmetic in one pass. `kernel` compiles such a loop with numba. There is one
implementation of each rule: the loop is the rule, never a twin of numpy code that could
drift from it.

- `cache=True`: the machine code is kept beside the source (or in the user's cache folder
  when the checkout cannot be written), so a later process loads it in milliseconds;
  `python -m game.warm` fills the cache at install time.
- `error_model="numpy"`: a division by zero gives inf or nan, as the numpy arithmetic it
  replaces does, instead of raising.
- no fast-math: the compiled arithmetic is IEEE's, operation for operation, so a kernel is
  deterministic for a seed, alone or in a batch.
- numba itself is imported on the first call of any kernel, not when the engine is
  imported: the client's title screen, the command line's help and a scenario check never
  pay for it (a quarter of a second).
- numba judges a cached loop fresh by its own file alone, but a loop compiles the loops it
  calls into itself: after an update that changes only a callee's file, a caller's cached
  code would still hold the old callee. So every cache folder keeps a digest of all the
  files that hold loops, and a folder whose digest differs has its loops' cached code
  dropped, to be compiled again (`fresh_caches`).
"""

from __future__ import annotations

import functools
import hashlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from game.files import OutputError, write_text

F = TypeVar("F", bound=Callable)
OPTIONS = {"cache": True, "nogil": True, "error_model": "numpy"}
PACKAGE = __name__.split(".")[0]

_waiting: list[_Kernel] = []  # defined before numba was imported, not yet compiled
_numba: Any = None  # the numba module, once imported


class _Kernel:
    """A loop that becomes a numba dispatcher on the first call of any kernel."""

    def __init__(self, function: Callable) -> None:
        self.function = function
        self.compiled: Callable | None = None
        self.__name__ = function.__name__
        self.__qualname__ = function.__qualname__
        self.__doc__ = function.__doc__
        self.__module__ = function.__module__
        self.__wrapped__ = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.compiled is None:
            _dispatch_all()
        return self.compiled(*args, **kwargs)


def kernel(function: F) -> F:
    """`function` compiled on its first call, its machine code cached on disk."""
    if _numba is not None:  # defined after the first call: its folder checked alike
        compiled = _numba.njit(**OPTIONS)(function)
        fresh_caches([compiled], package_digest())
        return compiled
    waiting = _Kernel(function)
    _waiting.append(waiting)
    return waiting  # type: ignore[return-value]


def _dispatch_all() -> None:
    """Import numba, make every waiting loop a dispatcher (compiled lazily, by numba, on
    its own first call), and put the dispatchers wherever the package's modules hold the
    waiting loops: a kernel that calls another must find a dispatcher among its globals
    when numba compiles it."""
    global _numba
    import numba

    _numba = numba
    swap = {}
    for waiting in _waiting:
        waiting.compiled = numba.njit(**OPTIONS)(waiting.function)
        swap[waiting] = waiting.compiled
    fresh_caches(swap.values(), package_digest())
    _waiting.clear()
    for name, module in list(sys.modules.items()):
        if module is None or not (name == PACKAGE or name.startswith(PACKAGE + ".")):
            continue
        namespace = vars(module)
        for attribute, value in list(namespace.items()):
            if isinstance(value, _Kernel) and value in swap:
                namespace[attribute] = swap[value]


DIGEST_FILE = f"{PACKAGE}-loops.digest"  # in each cache folder: the sources its code is of
_fresh: set[str] = set()  # cache folders found or made fresh by this process


@functools.cache
def package_digest() -> str:
    """The digest of every file of the package that holds loops: the same set whichever
    modules a process has imported, so processes agree on it."""
    root = Path(__file__).resolve().parent
    return sources_digest(
        str(path) for path in root.rglob("*.py") if b"@kernel" in path.read_bytes()
    )


def sources_digest(paths: Iterable[str]) -> str:
    """A digest of the text of every file that holds loops (any may be compiled into any)."""
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        digest.update(path.encode())
        try:
            digest.update(Path(path).read_bytes())
        except OSError:  # a file gone since import: its loops can only be stale
            digest.update(b"?")
    return digest.hexdigest()


def fresh_caches(dispatchers: Iterable[Any], digest: str) -> None:
    """Empty every cache folder of `dispatchers` whose digest of the loops' sources is not
    `digest` (each folder holds the code of one source folder's loops), and record `digest`
    there. Every file of cached code goes, not only those of the loops imported so far: a
    loop imported later by this process, or only by another, must not keep stale code in a
    folder marked fresh.

    The folder is where numba keeps a dispatcher's code (`_cache.cache_path`); a numba
    that lays its cache out otherwise is left to its own checks. Two processes starting at
    once may both empty a folder and compile again: wasted time, never stale code."""
    folders = set()
    for dispatcher in dispatchers:
        folder = getattr(getattr(dispatcher, "_cache", None), "cache_path", None)
        if isinstance(folder, str) and folder not in _fresh:
            folders.add(folder)
    for folder in folders:
        stamp = Path(folder) / DIGEST_FILE
        try:
            if stamp.read_text(encoding="ascii") == digest:
                _fresh.add(folder)
                continue
        except (OSError, UnicodeDecodeError):
            pass  # no digest yet (a first compile), or unreadable: empty it to be safe
        try:
            for cached in [*stamp.parent.glob("*.nbi"), *stamp.parent.glob("*.nbc")]:
                cached.unlink(missing_ok=True)
            write_text(stamp, digest)
        except (OSError, OutputError):  # a folder we may not write: nor will numba
            continue
        _fresh.add(folder)
