"""SIGTERM and SIGHUP stop a command the way Ctrl+C (SIGINT) does.

By default those signals kill the process on the spot: no `finally` runs, so the worker
processes of a batch are left behind, re-parented to init, playing for minutes. `timeout`
and job schedulers send SIGTERM, and closing a terminal sends SIGHUP, so both are turned into
`Stopped`, a KeyboardInterrupt: the same clean-up as Ctrl+C runs (workers stopped, no
partial output) and the command exits with 128 + the signal's number (143 for SIGTERM,
129 for SIGHUP; 130 for SIGINT), as shells report a process killed by that signal.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Stopped(KeyboardInterrupt):
    """The process was asked to stop by `signum`."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def interrupt_behind(error: BaseException) -> KeyboardInterrupt | None:
    """The stop (Ctrl+C, SIGTERM, SIGHUP) that `error` was raised while handling, if any.

    A stop can land anywhere, half-way through an import or a worker's start; the clean-up
    that follows may then fail on what was left half-done, and that error, not the stop,
    reaches the top. It is still the stop the person asked for."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


def exit_status(interrupt: KeyboardInterrupt) -> int:
    """128 + the signal's number: 130 for Ctrl+C, 143 for SIGTERM, 129 for SIGHUP."""
    return 128 + getattr(interrupt, "signum", signal.SIGINT)


_asked: list[int] = []  # the stop signals received inside `stop_on_signals`, in order


def stop_asked() -> KeyboardInterrupt | None:
    """The stop received inside `stop_on_signals`, if any, as the interrupt it raised: a
    library that swallows the interrupt (a bare `except:` in an import, say) and fails
    later still leaves the command stopped as asked."""
    if not _asked:
        return None
    signum = _asked[0]
    return KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise Stopped in the main thread (once: a second
    signal during the clean-up is ignored, so the clean-up finishes), and every stop,
    Ctrl+C included, is remembered (`stop_asked`). Ctrl+C keeps Python's own behaviour,
    and stays ignored in a process started with it ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = False
    _asked.clear()

    def handler(signum: int, frame: object) -> None:
        nonlocal raised
        _asked.append(signum)
        if not raised:
            raised = True
            raise Stopped(signum)

    def interrupt(signum: int, frame: object) -> None:
        _asked.append(signum)
        signal.default_int_handler(signum, frame)

    previous = {number: signal.signal(number, handler) for number in STOP_SIGNALS}
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
