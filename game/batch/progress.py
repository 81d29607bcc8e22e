"""A one-line progress bar for long batches: runs done, runs per second, time left, and how
precise the answer is yet (under --precision).

Drawn with rich, and only when the output is a terminal, so logs and pipes stay clean. The
numbers are ours (`ProgressBar.line`): runs, not run-turns; time left to the last run, or
"about" to where an early stop is expected; rich draws the bar and redraws the line.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from game.batch.console import is_terminal

WIDTH = 28
REFRESH_SECONDS = 0.1


class ProgressBar:
    """Call with the run-turns just played; `close()` ends the line."""

    def __init__(
        self,
        runs: int,
        turns: int,
        stream: TextIO | None = None,
        force: bool = False,
        may_stop_early: bool = False,
    ) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.enabled = force or is_terminal(self.stream)
        self.runs = runs
        self.total = max(1, runs * turns)
        self.turns = max(1, turns)
        self.done = 0
        self.started = time.perf_counter()
        self.shown = 0.0
        self.may_stop_early = may_stop_early  # time left is then an upper bound
        self.status = ""  # shown after the time left, e.g. how precise the answer is yet
        self.expected_runs: int | None = None  # where an early stop is expected, if known
        self._progress = None  # the rich display, started at the first drawing
        self._task = None

    def __call__(self, run_turns: int) -> None:
        self.done = min(self.total, self.done + run_turns)
        now = time.perf_counter()
        if now - self.shown >= REFRESH_SECONDS or self.done == self.total:
            self._draw(now)

    def note(self, status: str, expected_runs: int | None = None) -> None:
        """Show `status` after the time left from now on (redrawn at once); a batch that
        may stop early and expects to stop after `expected_runs` times itself by those."""
        self.status = status
        self.expected_runs = expected_runs
        if self.done:
            self._draw(time.perf_counter())

    def _draw(self, now: float) -> None:
        if not self.enabled:
            return
        self.shown = now
        fresh = self._progress is None
        if fresh:
            self._create()
        self._progress.update(self._task, completed=self.done, text=self.line(now - self.started))
        if fresh:
            self._progress.start()  # draws the first line
        else:
            self._progress.refresh()

    def _create(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn

        console = Console(file=self.stream, force_terminal=True if self.enabled else None)
        self._progress = Progress(
            BarColumn(bar_width=WIDTH, complete_style="cyan", finished_style="green"),
            TextColumn("{task.fields[text]}", markup=False),
            console=console,
            auto_refresh=False,  # drawn as runs arrive, from this thread: no timer thread
            transient=False,
        )
        self._task = self._progress.add_task("runs", total=self.total, text="")

    def line(self, elapsed: float) -> str:
        """'1,200/10,000 runs  130 runs/s  1 min 08 s left  ±2.1 pts' (the text by the bar)."""
        runs_done = self.done / self.turns
        rate = runs_done / elapsed if elapsed > 0 else 0.0
        goal = self.runs
        if self.may_stop_early and self.expected_runs is not None:
            goal = min(self.runs, max(self.expected_runs, runs_done))
        left = (goal - runs_done) / rate if rate > 0 else float("inf")
        left_text = "--" if left == float("inf") else _duration(left)
        if self.may_stop_early and left != float("inf"):
            left_text = ("about " if goal < self.runs else "at most ") + left_text
        text = f"{runs_done:,.0f}/{self.runs:,} runs  {rate:,.0f} runs/s  {left_text} left"
        return text + (f"  {self.status}" if self.status else "")

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()  # leaves the last line on the screen and ends it
            self._progress = None


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
