"""Saving and loading whole games: the API the client and the command line use.

A save keeps the seed, the policy, the player, the forced choices and every turn's orders,
so the game can be replayed from its start; plus the full state (the authority on where
the game stands) and a copy of the scenario's files. Loading replays the orders to rebuild
the history (turn reports and records) and checks the replay arrives at the saved state.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from game.engine import Orders
from game.invariants import invariant_problems
from game.saves.atomic import describe_os_error, write_atomically
from game.saves.codec import state_from_plain, state_to_plain
from game.saves.container import NewerSave, decode, encode, read_bytes
from game.saves.errors import DamagedSave, SaveError, ScenarioChangedError
from game.saves.folders import default_save_dir, next_autosave_path, rotate_autosaves
from game.saves.migrations import FORMAT_VERSION, migrate
from game.saves.orders import order_log, orders_from_plain, orders_to_plain, remember_loaded_log
from game.saves.rules import SavedRules, load_copy, rules_from_plain, rules_to_plain
from game.scenario import Scenario
from game.simulation import Simulation
from game.state import POLICIES, State

CHANGED_SCENARIO_CHOICES = ("ask", "saved", "refuse")
_DAMAGED_HINT = "The file was not changed; load another save (an autosave, perhaps)."


@dataclass(frozen=True)
class LoadReport:
    """How a game was restored; set as `sim.load_report` on every loaded Simulation.

    `rules` is "current" (the scenario on disk, unchanged) or "saved" (the copy in the
    save). `history_turns` counts the turns whose reports and records were rebuilt: all of
    them unless the replay stopped matching the save (a changed game engine), in which
    case the game still continues exactly from the saved state.
    """

    path: Path
    format_version: int
    rules: str
    replay_matched: bool
    history_turns: int
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- saving ----------------------------------------------------------------------------


def game_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("alliance-drift")
    except metadata.PackageNotFoundError:
        return "unknown"


def _forced_choices(state: State) -> dict[str, str]:
    scenario = state.scenario
    return {
        scenario.events[e].id: scenario.events[e].options[int(state.forced[0, e])].id
        for e in np.flatnonzero(state.forced[0] >= 0)
    }


def _player_id(state: State) -> str | None:
    return state.scenario.nation_ids[state.player] if state.player >= 0 else None


def build_save(sim: Simulation, name: str | None = None) -> tuple[dict, dict]:
    """(summary, payload) of a game, as plain data."""
    state = sim.state
    scenario = state.scenario
    saved_at = datetime.now(UTC).isoformat(timespec="microseconds")
    payload = {
        "game_version": game_version(),
        "name": name,
        "saved_at": saved_at,
        "scenario": rules_to_plain(scenario),
        "seed": int(state.seeds[0]),
        "policy": state.policy,
        "player": _player_id(state),
        "forced": _forced_choices(state),
        "turn": state.turn,
        "orders": [orders_to_plain(orders) for orders in order_log(sim)],
        "state": state_to_plain(state),
    }
    summary = {
        "name": name or f"{scenario.name}, {state.year}",
        "scenario_id": scenario.id,
        "scenario_name": scenario.name,
        "year": state.year,
        "turn": state.turn,
        "turns": scenario.turns,
        "player": _player_id(state),
        "policy": state.policy,
        "seed": int(state.seeds[0]),
        "saved_at": saved_at,
    }
    return summary, payload


def save_game(sim: Simulation, path: Path, name: str | None = None) -> None:
    """Write the game to `path` atomically; raise SaveError (the game is untouched) on failure."""
    path = Path(path)
    if sim.state.batch != 1:
        raise SaveError(
            path,
            f"cannot save a batch of {sim.state.batch} runs; a save holds one game",
            "Save a single game.",
        )
    summary, payload = build_save(sim, name)
    write_atomically(path, encode(FORMAT_VERSION, summary, payload))


def autosave(sim: Simulation, folder: Path | None = None) -> Path:
    """Save to the next autosave slot of `folder` (default: the save folder), keep the last 5."""
    folder = Path(folder) if folder is not None else default_save_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        what, todo = describe_os_error(error)
        raise SaveError(
            folder, f"cannot create the save folder: {what}", f"The game goes on; {todo}."
        ) from None
    path = next_autosave_path(folder)
    save_game(sim, path, name=f"Autosave, {sim.state.year}")
    rotate_autosaves(folder)
    return path


# --- loading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _SavedGame:
    version: int
    rules: SavedRules
    seed: int
    policy: str
    player: str | None
    forced: dict[str, str]
    turn: int
    orders: list[Orders]
    state: Any


def read_save(path: Path) -> tuple[int, dict, dict]:
    """(format version as written, summary, payload migrated to the current format)."""
    path = Path(path)
    try:
        data = read_bytes(path)
    except FileNotFoundError:
        raise SaveError(
            path, "there is no such save", "Check the file name and the folder."
        ) from None
    except IsADirectoryError:
        raise SaveError(path, "this is a folder, not a save", "Choose a save file.") from None
    except OSError as error:
        what, _ = describe_os_error(error)
        raise SaveError(
            path, f"the save cannot be read: {what}", "Check the file's permissions."
        ) from None
    try:
        version, summary, payload = decode(data, FORMAT_VERSION)
        return version, summary, migrate(payload, version)
    except NewerSave as newer:
        raise SaveError(
            path,
            f"this save was made by a newer version of Alliance Drift (save format {newer.version}; "
            f"this version reads formats 1 to {FORMAT_VERSION})",
            "Update the game to load it; the file was not changed.",
        ) from None
    except DamagedSave as damage:
        raise SaveError(path, f"cannot load: {damage}", _DAMAGED_HINT) from None
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SaveError(
            path,
            "cannot load: the save's contents are not laid out as its format says",
            _DAMAGED_HINT,
        ) from None


def _parse_payload(payload: dict, version: int) -> _SavedGame:
    def need(key: str, kind: type | tuple[type, ...], what: str) -> Any:
        value = payload.get(key)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise DamagedSave(f"the save lacks a usable {what}")
        return value

    seed = need("seed", int, "seed")
    if not 0 <= seed < 2**64:
        raise DamagedSave("the save's seed is out of range")
    policy = need("policy", str, "policy")
    if policy not in POLICIES:
        raise DamagedSave(f"the save's policy {policy[:20]!r} is unknown")
    player = payload.get("player")
    if player is not None and not isinstance(player, str):
        raise DamagedSave("the save's player is not a nation id")
    forced = need("forced", dict, "list of forced choices")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in forced.items()):
        raise DamagedSave("the save's forced choices are malformed")
    turn = need("turn", int, "turn number")
    plain_orders = need("orders", list, "order log")
    if turn < 0 or len(plain_orders) != turn:
        raise DamagedSave(
            f"the save's order log has {len(plain_orders)} turns but the game is at turn {turn}"
        )
    orders = [orders_from_plain(item, k) for k, item in enumerate(plain_orders)]
    return _SavedGame(
        version,
        rules_from_plain(payload.get("scenario")),
        seed,
        policy,
        player,
        forced,
        turn,
        orders,
        payload.get("state"),
    )


def _choose_rules(path: Path, rules: SavedRules, mode: str) -> tuple[Scenario, str, str | None]:
    """(scenario, "current" or "saved", note) following the changed-scenario choice."""
    from game.errors import ScenarioError
    from game.loader import load_scenario

    location = rules.current_location()
    current: Scenario | None = None
    details = ""
    if location is None:
        reason = "missing"
    else:
        try:
            current = load_scenario(location)
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


def _rebuild(
    path: Path, scenario: Scenario, game: _SavedGame
) -> tuple[Simulation, bool, list[str]]:
    """Replay the order log, then restore the saved state (which is authoritative)."""
    if game.player is not None and game.player not in scenario.nation_index:
        raise DamagedSave(f"the save's player {game.player[:20]!r} is not a nation of its scenario")
    if game.turn > scenario.turns:
        raise DamagedSave(
            f"the save is at turn {game.turn}, past the scenario's last turn {scenario.turns}"
        )
    try:
        sim = Simulation(
            scenario,
            seed=np.array([game.seed], dtype=np.uint64),
            policy=game.policy,
            player=game.player,
            forced=game.forced,
        )
    except ValueError as error:
        raise DamagedSave(f"the save's game settings do not fit its scenario ({error})") from None
    try:
        for orders in game.orders:
            sim.step(orders)
    except Exception as error:  # the engine rejected replayed data: report, never crash
        raise SaveError(
            path,
            f"cannot load: replaying the game failed at turn {sim.state.turn + 1} ({type(error).__name__}: {str(error)[:120]})",
            _DAMAGED_HINT,
        ) from None
    stored, filled = state_from_plain(game.state, sim.state)
    if (stored.turn, stored.policy, stored.player) != (
        sim.state.turn,
        sim.state.policy,
        sim.state.player,
    ):
        raise DamagedSave(
            "the saved state does not belong to the saved game (turn, policy or player differ)"
        )
    broken = invariant_problems(stored)
    if broken:
        raise DamagedSave(f"the saved game state is inconsistent ({broken[0]})")
    notes = [
        f"the save holds no usable '{name}' for this version of the game; it was taken from the replay"
        for name in filled
    ]
    matched = stored.digest() == sim.state.digest()
    if not matched:
        sim.state = stored
        sim.reports.clear()
        sim.records.clear()
        notes.append(
            "replaying the save did not arrive at the saved state (the game's rules engine changed); "
            "the game continues from the saved state without its earlier history"
        )
    return sim, matched, notes


def load_game(path: Path, *, on_changed_scenario: str = "ask") -> Simulation:
    """Restore a saved game.

    `on_changed_scenario` says what to do when the scenario on disk is not the one the game
    was saved with: "ask" raises ScenarioChangedError so the caller can ask the player and
    call again; "saved" continues with the copy of the rules kept in the save; "refuse"
    raises ScenarioChangedError. Any other problem raises SaveError; the file is only read.
    """
    path = Path(path)
    if on_changed_scenario not in CHANGED_SCENARIO_CHOICES:
        raise ValueError(
            f"on_changed_scenario must be one of {', '.join(CHANGED_SCENARIO_CHOICES)}"
        )
    version, _, payload = read_save(path)
    try:
        game = _parse_payload(payload, version)
        scenario, rules_used, note = _choose_rules(path, game.rules, on_changed_scenario)
        sim, matched, notes = _rebuild(path, scenario, game)
    except DamagedSave as damage:
        raise SaveError(path, f"cannot load: {damage}", _DAMAGED_HINT) from None
    if note:
        notes.insert(0, note)
    if version < FORMAT_VERSION:
        notes.append(
            f"the save was written in format {version} and upgraded to format {FORMAT_VERSION}"
        )
    remember_loaded_log(sim, game.orders)
    if isinstance(getattr(sim, "orders", None), list):
        with contextlib.suppress(AttributeError):
            sim.orders = list(game.orders)
    sim.load_report = LoadReport(path, version, rules_used, matched, len(sim.reports), tuple(notes))
    return sim
