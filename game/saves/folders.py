"""Where saves live, what they are called, and the list the load screen shows."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from game.files import ReadRefused
from game.saves.atomic import remove_stale_temporaries
from game.saves.container import peek, read_bytes
from game.saves.errors import DamagedSave

APP_NAME = "alliance-drift"
SAVE_DIR_VARIABLE = "ALLIANCE_DRIFT_SAVE_DIR"
SUFFIX = ".adsave"
AUTOSAVE_PREFIX = "autosave-"
AUTOSAVES_KEPT = 5
_AUTOSAVE = re.compile(rf"\A{AUTOSAVE_PREFIX}([0-9]{{1,12}}){re.escape(SUFFIX)}\Z")


def default_save_dir() -> Path:
    """$ALLIANCE_DRIFT_SAVE_DIR if set, else the per-user data folder (platformdirs)."""
    override = os.environ.get(SAVE_DIR_VARIABLE, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "saves"


def save_path_for(name: str, folder: Path | None = None) -> Path:
    """The file a manual save called `name` goes to: a tidy, portable file name."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-") or "save"
    if _AUTOSAVE.match(slug + SUFFIX):
        slug = "save-" + slug  # keep manual saves out of the autosave rotation
    return (folder or default_save_dir()) / f"{slug}{SUFFIX}"


def autosave_number(path: Path) -> int | None:
    match = _AUTOSAVE.match(path.name)
    return int(match.group(1)) if match else None


def autosaves(folder: Path) -> list[Path]:
    """The autosaves in `folder`, oldest first."""
    try:
        found = [p for p in folder.iterdir() if autosave_number(p) is not None]
    except OSError:
        return []
    return sorted(found, key=lambda p: autosave_number(p) or 0)


def next_autosave_path(folder: Path) -> Path:
    existing = autosaves(folder)
    number = (autosave_number(existing[-1]) or 0) + 1 if existing else 1
    return folder / f"{AUTOSAVE_PREFIX}{number:06d}{SUFFIX}"


def rotate_autosaves(folder: Path, keep: int = AUTOSAVES_KEPT) -> None:
    """Delete all but the newest `keep` autosaves, and temporary files of dead saves.

    Called only after a new autosave was written completely, so a failure here never
    leaves the player with fewer than `keep` good autosaves.
    """
    for old in autosaves(folder)[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    remove_stale_temporaries(folder)


@dataclass(frozen=True)
class SaveInfo:
    """One line of the load screen. `problem` is set (and the rest may be empty) for a
    file that cannot be read; loading it would raise a SaveError with the full story."""

    path: Path
    name: str
    scenario_id: str
    scenario_name: str
    year: int | None
    turn: int | None
    player: str | None
    policy: str
    saved_at: str
    autosave: bool
    format_version: int | None
    problem: str | None = None


def read_info(path: Path) -> SaveInfo:
    """What a save's first lines say about it (fast: the game state is not read)."""
    try:
        version, summary = peek(read_bytes(path))
    except ReadRefused as refused:
        return _broken(path, refused.reason)
    except DamagedSave as error:
        return _broken(path, str(error))

    def text(key: str, default: str = "") -> str:
        value = summary.get(key)
        return value if isinstance(value, str) else default

    def number(key: str) -> int | None:
        value = summary.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return SaveInfo(
        path=path,
        name=text("name", path.stem),
        scenario_id=text("scenario_id"),
        scenario_name=text("scenario_name"),
        year=number("year"),
        turn=number("turn"),
        player=summary.get("player") if isinstance(summary.get("player"), str) else None,
        policy=text("policy"),
        saved_at=text("saved_at"),
        autosave=autosave_number(path) is not None,
        format_version=version,
    )


def _broken(path: Path, problem: str) -> SaveInfo:
    return SaveInfo(
        path,
        path.stem,
        "",
        "",
        None,
        None,
        None,
        "",
        "",
        autosave_number(path) is not None,
        None,
        problem,
    )


def list_saves(folder: Path | None = None) -> list[SaveInfo]:
    """Every save in `folder` (default: the save folder), newest first; never raises for
    a bad file — it is listed with its `problem`."""
    folder = Path(folder) if folder is not None else default_save_dir()
    try:
        paths = [
            p
            for p in folder.iterdir()
            if p.suffix == SUFFIX and not p.name.startswith(".") and p.is_file()
        ]
    except OSError:
        return []
    infos = [read_info(p) for p in paths]

    def newest_first(info: SaveInfo) -> tuple[str, float]:
        try:
            modified = info.path.stat().st_mtime
        except OSError:
            modified = 0.0
        return (info.saved_at, modified)

    return sorted(infos, key=newest_first, reverse=True)
