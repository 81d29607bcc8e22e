"""The scenarios the client offers: found in the scenario folders, loaded once per version
of their files, and preloaded in a background thread so the title menu never waits.

Its own module (not part of the new-campaign screen) because the app, the title menu and
the new-campaign screen all read it, and screens do not import each other.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from game.errors import ScenarioError
from game.loader import load_scenario
from game.resources import data_dir
from game.scenario import Scenario

SCENARIO_DIR = data_dir("scenarios")
PREFERRED = ("pak_russia_1947.toml", "example_minimal.toml")


@dataclass
class ScenarioEntry:
    path: Path
    scenario: Scenario | None
    problem: str | None

    @property
    def title(self) -> str:
        if self.scenario is not None:
            return self.scenario.name
        return f"{self.path.stem} (cannot be loaded)"


_LOADED: dict[tuple, ScenarioEntry] = {}
_LOCK = threading.Lock()  # one load per file, even with the background preloader running
_preloader: threading.Thread | None = None


def _fingerprint(path: Path) -> tuple:
    """The scenario file and the files beside it, with times and sizes: a scenario is
    loaded again only when one of them changed."""
    files = [path, *sorted(path.parent.glob("*/*.toml"))]
    stamp = []
    for item in files:
        try:
            info = item.stat()
        except OSError:
            continue
        stamp.append((str(item), info.st_mtime_ns, info.st_size))
    return (str(path.resolve()), tuple(stamp))


def load_entry(path: Path) -> ScenarioEntry:
    """A scenario, loaded once per version of its files (the campaign takes a while)."""
    key = _fingerprint(path)
    with _LOCK:
        return _LOADED.get(key) or _load(path, key)


def _load(path: Path, key: tuple) -> ScenarioEntry:
    try:
        entry = ScenarioEntry(path, load_scenario(path), None)
    except ScenarioError as error:
        problems = str(error).splitlines()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        entry = ScenarioEntry(path, None, (problems[0] if problems else "unreadable") + more)
    _LOADED[key] = entry
    return entry


def preload(folders: list[Path]) -> None:
    """Load the scenarios in a background thread, so the title screen appears at once and
    the new-campaign screen opens without waiting."""
    global _preloader
    if _preloader is None:
        _preloader = threading.Thread(
            target=lambda: [scenario_entries(f) for f in folders],
            name="scenario-preload",
            daemon=True,
        )
        _preloader.start()


def preloaded_default() -> Scenario | None:
    """The default scenario if the preloader has finished, else None (never waits)."""
    if _preloader is None or _preloader.is_alive():
        return None
    try:
        return default_scenario()
    except ScenarioError:
        return None


def scenario_entries(folder: Path = SCENARIO_DIR) -> list[ScenarioEntry]:
    """Every top-level scenario file, loaded; broken ones carry their first problem."""
    paths = sorted(
        folder.glob("*.toml"),
        key=lambda p: (
            p.name not in PREFERRED,
            PREFERRED.index(p.name) if p.name in PREFERRED else 0,
            p.name,
        ),
    )
    return [load_entry(path) for path in paths]


def default_scenario() -> Scenario:
    """The campaign if it loads, else the first scenario that does."""
    for entry in scenario_entries():
        if entry.scenario is not None:
            return entry.scenario
    raise ScenarioError([])
