"""Compiled loops for the hot path: each written once, as plain loops, and compiled.

A turn of a large batch is thousands of small array operations, each one a full pass over
memory with a temporary array; a loop that keeps its numbers in registers does the same
arithmetic in one pass. `kernel` compiles such a loop with numba. There is one
implementation of each rule: the loop is the rule, never a twin of numpy code that could
drift from it.

- `cache=True`: the machine code is kept beside the source (or in the user's cache folder
  when the checkout cannot be written), so a later process loads it in milliseconds.
- `error_model="numpy"`: a division by zero gives inf or nan, as the numpy arithmetic it
  replaces does, instead of raising.
- no fast-math: the compiled arithmetic is IEEE's, operation for operation, so a kernel is
  deterministic for a seed, alone or in a batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numba

F = TypeVar("F", bound=Callable)


def kernel(function: F) -> F:
    """`function` compiled on its first call, its machine code cached on disk."""
    return numba.njit(cache=True, nogil=True, error_model="numpy")(function)
