"""Errors of the save system, phrased for the person playing.

A `SaveError` is one paragraph: which file, what is wrong, and what to do about it. The
client shows it in a dialog and the command line prints it; neither needs a traceback.
"""

from __future__ import annotations

from pathlib import Path


class SaveError(Exception):
    """A save that cannot be written, found, read or trusted."""

    def __init__(self, path: str | Path | None, problem: str, hint: str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.path}: {self.problem}" if self.path is not None else self.problem
        text = text if text.endswith((".", "?", "!")) else text + "."
        return f"{text} {self.hint}" if self.hint else text

    def __str__(self) -> str:
        return self.message


class ScenarioChangedError(SaveError):
    """The scenario on disk is not the one the game was saved with (changed, missing or broken).

    The client asks the player, then calls `load_game(path, on_changed_scenario="saved")` to
    continue with the copy of the rules kept in the save, or gives up. `reason` is
    "changed", "missing" or "broken"; `details` explains a broken scenario.
    """

    def __init__(
        self,
        path: str | Path,
        problem: str,
        hint: str | None,
        *,
        scenario_id: str,
        reason: str,
        saved_hash: str,
        current_hash: str | None,
        current_path: Path | None,
        details: str = "",
    ) -> None:
        super().__init__(path, problem, hint)
        self.scenario_id = scenario_id
        self.reason = reason
        self.saved_hash = saved_hash
        self.current_hash = current_hash
        self.current_path = current_path
        self.details = details


class DamagedSave(ValueError):
    """Internal: the content of a save is malformed; `load_game` turns it into a SaveError."""
