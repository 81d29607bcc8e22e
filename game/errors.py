"""The one error type the loader raises, carrying every problem found.

Modders fix files in one pass only if they see all problems at once (Freeciv's
sanity checker does the same), so problems are collected, not raised one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.terminal import cut, shown


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, phrased for a person."""

    path: str
    message: str
    line: int | None = None
    key: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = self.message
        if self.key and not self.line or self.key:
            text = f"{cut(self.key, 200)}: {text}"  # a key can be megabytes long
        if self.hint:
            text = f"{text} (hint: {self.hint})"
        return shown(f"{where}: {text}")  # one line, whatever the file's text holds


@dataclass
class ScenarioError(Exception):
    """Raised by `load_scenario` when a scenario (or a file it includes) is unusable.

    `problems` lists every problem found, each with file, line or key path and a hint.
    `str(error)` gives them one per line, ready to print.
    """

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class InputError(Exception):
    """A bad command-line value or unusable output path: one line for a person."""
