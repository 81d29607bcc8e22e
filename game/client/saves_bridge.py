"""Saving and loading for the client, through the `game.saves` package.

The save format belongs to `game.saves`; this module adapts it to screens: slots with a
title and a line of detail, quick save and quick load, autosave, and two exception types
the screens show as messages (one of them a question: the scenario changed since the save,
continue with the save's own copy of the rules?).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game import saves
from game.client.session import Session

QUICK_SAVE_NAME = "Quick save"


class SaveUnavailable(Exception):
    """Saving or loading did not work; the message is for the player."""


class RulesChanged(SaveUnavailable):
    """The save's scenario changed on disk; loading can continue with the saved copy."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class SaveSlot:
    path: Path
    title: str
    detail: str
    problem: str | None = None


def save_folder() -> Path:
    return Path(saves.default_save_dir())


def _folder_ready() -> Path:
    folder = save_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SaveUnavailable(
            f"Cannot create the save folder {folder}: {error.strerror or error}."
        ) from None
    return folder


def save(session: Session, name: str) -> Path:
    """Save the campaign under a name in the save folder; returns the file."""
    name = name.strip() or "Campaign"
    path = saves.save_path_for(name, _folder_ready())
    try:
        saves.save_game(session.sim, path, name=name)
    except saves.SaveError as error:
        raise SaveUnavailable(str(error)) from None
    return path


def autosave(session: Session) -> Path:
    """An autosave after each turn (the package keeps the last few)."""
    try:
        return saves.autosave(session.sim)
    except saves.SaveError as error:
        raise SaveUnavailable(str(error)) from None


def load(path: Path, use_saved_rules: bool = False) -> Session:
    """A campaign from a save file, with its past rebuilt for the timeline."""
    try:
        sim = saves.load_game(path, on_changed_scenario="saved" if use_saved_rules else "ask")
    except saves.ScenarioChangedError as error:
        raise RulesChanged(str(error), Path(path)) from None
    except saves.SaveError as error:
        raise SaveUnavailable(str(error)) from None
    return Session.resumed(sim)


def load_notes(session: Session) -> tuple[str, ...]:
    """What the loader wants the player to know (e.g. it used the save's copy of the rules)."""
    report = getattr(session.sim, "load_report", None)
    return tuple(getattr(report, "notes", ()) or ())


def quick_save(session: Session) -> Path:
    return save(session, QUICK_SAVE_NAME)


def quick_load() -> Session:
    path = saves.save_path_for(QUICK_SAVE_NAME, save_folder())
    if not path.is_file():
        raise SaveUnavailable("There is no quick save yet: press F5 during a campaign to make one.")
    return load(path, use_saved_rules=True)


def slots() -> list[SaveSlot]:
    """Saved games, newest first, described for the load screen."""
    out = []
    for info in saves.list_saves(save_folder()):
        if info.problem:
            out.append(
                SaveSlot(info.path, f"{info.name} (cannot be loaded)", info.problem, info.problem)
            )
            continue
        parts = [info.scenario_name or info.scenario_id]
        if info.player:
            parts.append(info.player)
        if info.year is not None:
            parts.append(str(info.year))
        if info.saved_at:
            parts.append(info.saved_at.replace("T", " ")[:16])
        title = info.name + (
            " (autosave)" if info.autosave and "autosave" not in info.name.lower() else ""
        )
        out.append(SaveSlot(info.path, title, " · ".join(p for p in parts if p)))
    return out
