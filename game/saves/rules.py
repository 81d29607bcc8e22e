"""The copy of the rules a save carries, and how it is compared with the scenario on disk.

A save holds the exact text of the scenario's files (main file and includes). On loading,
the scenario on disk is read again: if it is unchanged the game continues with it; if it
changed, vanished or no longer loads, the player chooses between the saved copy of the
rules and giving up. Rules and state from different versions are never mixed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
import tomllib
import weakref
from pathlib import Path, PurePosixPath

from game.errors import ScenarioError
from game.loader import (
    MAX_FILE_BYTES,
    MAX_INCLUDES,
    MAX_TOTAL_BYTES,
    STD_COPY,
    STD_DIR,
    load_scenario,
    source_files,
)
from game.resources import data_dir
from game.saves.errors import DamagedSave, SaveError, ScenarioChangedError
from game.scenario import Scenario

BUNDLED_SCENARIOS = data_dir("scenarios")  # the checkout's, or the copy installed with the package

# Scenarios built from a save's copy of the rules, with the files they came from.
_COPIED: weakref.WeakKeyDictionary[Scenario, tuple[tuple[str, bytes], ...]] = (
    weakref.WeakKeyDictionary()
)

# Recently loaded scenarios by where they came from and their content hash: identical bytes
# give an identical (immutable) scenario, so loading saves of one campaign again is quick.
_RECENT: dict[tuple[str, str], Scenario] = {}
_RECENT_KEPT = 8


def _remember(key: tuple[str, str], scenario: Scenario) -> Scenario:
    _RECENT.pop(key, None)
    _RECENT[key] = scenario
    while len(_RECENT) > _RECENT_KEPT:
        del _RECENT[next(iter(_RECENT))]
    return scenario


def rules_files(scenario: Scenario) -> tuple[tuple[str, bytes], ...]:
    """(name relative to the main file's folder, bytes) of every file of the rules in play."""
    files = _COPIED.get(scenario) or source_files(scenario)
    if files is None:
        files = _read_from_disk(scenario)
    if _hash(files) != scenario.content_hash:
        raise SaveError(
            scenario.path,
            "cannot save: the scenario's files changed on disk since this game started, so the save cannot keep a copy of its rules",
            "Load the scenario again, or restore its files.",
        )
    return files


def _read_from_disk(scenario: Scenario) -> tuple[tuple[str, bytes], ...]:
    """For scenarios built without the loader's record: read the main file and its includes."""
    main = Path(scenario.path)
    try:
        raw = main.read_bytes()
        includes = tomllib.loads(raw.decode("utf-8")).get("include", [])
        files = [(main.name, raw)]
        for name in includes if isinstance(includes, list) else []:
            files.append((PurePosixPath(name).as_posix(), (main.parent / name).read_bytes()))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, TypeError) as error:
        raise SaveError(
            scenario.path,
            f"cannot save: the scenario's files cannot be read ({error})",
            "Restore the scenario's files.",
        ) from None
    return tuple(files)


def _hash(files: tuple[tuple[str, bytes], ...]) -> str:
    digest = hashlib.sha256()
    for _, raw in files:
        digest.update(raw)
    return digest.hexdigest()


def rules_to_plain(scenario: Scenario) -> dict:
    files = rules_files(scenario)
    path = Path(scenario.path).resolve()
    bundled = path.parent == BUNDLED_SCENARIOS.resolve()
    return {
        "id": scenario.id,
        "name": scenario.name,
        "content_hash": scenario.content_hash,
        # Bundled scenarios are found by name wherever the game is installed; others by path.
        "bundled": path.name if bundled else None,
        "path": None if bundled else str(path),
        "files": [{"name": name, "text": raw.decode("utf-8")} for name, raw in files],
    }


@dataclasses.dataclass(frozen=True)
class SavedRules:
    """The rules part of a save, checked for shape (not yet loaded)."""

    scenario_id: str
    name: str
    content_hash: str
    bundled: str | None
    path: str | None
    files: tuple[tuple[str, bytes], ...]

    @property
    def main_name(self) -> str:
        return self.files[0][0]

    def current_location(self) -> Path | None:
        """Where the scenario lives on this computer now, if anywhere."""
        if self.bundled is not None:
            candidate = BUNDLED_SCENARIOS / self.bundled
            return candidate if candidate.is_file() else None
        try:  # a path from the save: it may be too long or hold a NUL byte
            if self.path is not None and Path(self.path).is_file():
                return Path(self.path)
        except (OSError, ValueError):
            pass
        return None


def rules_from_plain(plain: object) -> SavedRules:
    if not isinstance(plain, dict):
        raise DamagedSave("the copy of the scenario's rules is missing")
    texts = plain.get("files")
    if not isinstance(texts, list) or not 1 <= len(texts) <= MAX_INCLUDES + 1:
        raise DamagedSave("the copy of the scenario's rules has no usable file list")
    files = []
    total = 0
    for k, entry in enumerate(texts):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name"), str)
            or not isinstance(entry.get("text"), str)
        ):
            raise DamagedSave(f"file {k + 1} of the copy of the rules is malformed")
        name = entry["name"]
        if not _safe_name(name):
            raise DamagedSave(
                f"the copy of the rules names a file outside its folder ({name[:60]!r})"
            )
        raw = entry["text"].encode("utf-8", errors="surrogatepass")
        if len(raw) > MAX_FILE_BYTES:
            raise DamagedSave(f"file {name[:60]!r} in the copy of the rules is too large")
        total += len(raw)
        if total > MAX_TOTAL_BYTES:  # what a scenario may be: the rest is never unpacked
            raise DamagedSave(
                f"the copy of the rules is larger than {MAX_TOTAL_BYTES // (1024 * 1024)} MB, "
                "more than a scenario and its includes may be"
            )
        files.append((name, raw))
    fields = {key: plain.get(key) for key in ("id", "name", "content_hash")}
    if not all(isinstance(value, str) for value in fields.values()):
        raise DamagedSave("the copy of the rules lacks the scenario's id, name or hash")
    if _hash(tuple(files)) != fields["content_hash"]:
        raise DamagedSave("the copy of the scenario's rules does not match its recorded hash")
    bundled, path = plain.get("bundled"), plain.get("path")
    if bundled is not None and (
        not isinstance(bundled, str) or not _safe_name(bundled) or "/" in bundled
    ):
        raise DamagedSave("the save names its scenario in an unusable way")
    if path is not None and not isinstance(path, str):
        raise DamagedSave("the save names its scenario in an unusable way")
    return SavedRules(
        fields["id"], fields["name"], fields["content_hash"], bundled, path, tuple(files)
    )


def _safe_name(name: str) -> bool:
    """A relative path that stays inside its folder (the loader's rule for includes)."""
    if not name or len(name) > 255 or "\\" in name or "\x00" in name or ":" in name:
        return False
    relative = PurePosixPath(name)
    return not relative.is_absolute() and ".." not in relative.parts and relative.parts != ()


def load_current(location: Path, rules: SavedRules) -> Scenario:
    """The scenario at `location` (raises ScenarioError); taken from memory when the saved
    file list still has the saved hash on disk, so reloading a campaign is quick."""
    key = (str(location.resolve()), rules.content_hash)
    if key in _RECENT and _hash_on_disk(location, rules) == rules.content_hash:
        return _RECENT[key]
    scenario = load_scenario(location)
    if scenario.content_hash == rules.content_hash:
        _remember(key, scenario)
    return scenario


def _hash_on_disk(location: Path, rules: SavedRules) -> str | None:
    digest = hashlib.sha256()
    try:
        for k, (name, _) in enumerate(rules.files):
            if k == 0:
                path = location
            elif name.startswith(f"{STD_COPY}/"):
                path = STD_DIR / name[len(STD_COPY) + 1 :]
            else:
                path = location.parent / name
            digest.update(path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def load_copy(rules: SavedRules, save_path: Path) -> Scenario:
    """Build the scenario from the save's copy of the rules (checked like any scenario)."""
    if ("saved copy", rules.content_hash) in _RECENT:
        return _RECENT[("saved copy", rules.content_hash)]
    with tempfile.TemporaryDirectory(prefix="alliance-drift-rules-") as folder:
        root = Path(folder).resolve()
        for name, raw in rules.files:
            target = (root / name).resolve()
            if not target.is_relative_to(root):
                raise SaveError(
                    save_path,
                    "the save's copy of the rules names a file outside its folder",
                    "The save was tampered with.",
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
        try:
            scenario = load_scenario(root / rules.main_name, std_dir=root / STD_COPY)
        except ScenarioError as error:
            first = "; ".join(problem.message for problem in error.problems[:3])
            raise SaveError(
                save_path,
                f"the copy of the scenario's rules kept in the save no longer loads in this version of the game ({first})",
                "Use the version of the game the save was made with.",
            ) from None
    shown = rules.path or str(BUNDLED_SCENARIOS / (rules.bundled or rules.main_name))
    copied = dataclasses.replace(scenario, path=shown)
    _COPIED[copied] = rules.files
    return _remember(("saved copy", rules.content_hash), copied)


def choose_rules(path: Path, rules: SavedRules, mode: str) -> tuple[Scenario, str, str | None]:
    """(scenario, "current" or "saved", note) following the changed-scenario choice."""
    location = rules.current_location()
    current: Scenario | None = None
    details = ""
    if location is None:
        reason = "missing"
    else:
        try:
            current = load_current(location, rules)
        except ScenarioError as error:
            reason, details = "broken", str(error)
        else:
            reason = "same" if current.content_hash == rules.content_hash else "changed"
    if reason == "same" and current is not None:
        return current, "current", None
    what = {
        "missing": f"the scenario '{rules.name}' it was played with is no longer installed",
        "broken": f"the scenario '{rules.name}' it was played with no longer loads",
        "changed": f"the scenario '{rules.name}' has changed since this game was saved",
    }[reason]
    if mode == "saved":
        return (
            load_copy(rules, path),
            "saved",
            f"{what}; the game continues with the copy of the rules kept in the save",
        )
    hint = (
        "The save keeps a copy of the rules it was played with: continue with that copy, or cancel."
        if mode == "ask"
        else "Loading was refused, as asked; the save keeps a copy of the rules if you change your mind."
    )
    raise ScenarioChangedError(
        path,
        what,
        hint,
        scenario_id=rules.scenario_id,
        reason=reason,
        saved_hash=rules.content_hash,
        current_hash=current.content_hash if current is not None else None,
        current_path=location,
        details=details,
    )
