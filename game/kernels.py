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
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

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
    if _numba is not None:
        return _numba.njit(**OPTIONS)(function)
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
    _waiting.clear()
    for name, module in list(sys.modules.items()):
        if module is None or not (name == PACKAGE or name.startswith(PACKAGE + ".")):
            continue
        namespace = vars(module)
        for attribute, value in list(namespace.items()):
            if isinstance(value, _Kernel) and value in swap:
                namespace[attribute] = swap[value]
