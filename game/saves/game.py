"""Saving and loading whole games: the API the client and the command line use.

A save keeps the seed, the policy, the player, the forced choices and every turn's orders,
so the game can be replayed from its start; the state digest after every turn; the full
state (the authority on where the game stands); and a copy of the scenario's files.
Loading replays the orders to rebuild the history (turn reports and records), checking
each turn's digest on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.invariants import invariant_problems
from game.saves.atomic import describe_os_error, write_atomically
from game.saves.codec import state_from_plain
from game.saves.container import encode
from game.saves.errors import DamagedSave, SaveError
from game.saves.folders import default_save_dir, next_autosave_path, rotate_autosaves
from game.saves.migrations import FORMAT_VERSION
from game.saves.orders import remember_loaded_log
from game.saves.payload import (
    DAMAGED_HINT,
    SavedGame,
    build_save,
    check_reports,
    parse_payload,
    read_save,
    remember_trail,
)
from game.saves.replay import new_simulation, replay_game
from game.saves.rules import choose_rules
from game.scenario import Scenario
from game.simulation import Simulation

CHANGED_SCENARIO_CHOICES = ("ask", "saved", "refuse")


@dataclass(frozen=True)
class LoadReport:
    """How a game was restored; set as `sim.load_report` on every loaded Simulation.

    `rules` is "current" (the scenario on disk, unchanged) or "saved" (the copy in the
    save). `replay_matched` is None when the save carried its history (no replay needed),
    else whether replaying its orders arrived at the saved state. `history_turns` counts
    the turns whose reports and records the game has: all of them unless a replay stopped
    matching the save (the game's engine changed since), in which case the game still
    continues exactly from the saved state.
    """

    path: Path
    format_version: int
    rules: str
    replay_matched: bool | None
    history_turns: int
    notes: tuple[str, ...] = field(default_factory=tuple)


def save_game(sim: Simulation, path: Path, name: str | None = None) -> None:
    """Write the game to `path` atomically; raise SaveError (the game is untouched) on failure."""
    path = Path(path)
    if sim.state.batch != 1:
        raise SaveError(
            path,
            f"cannot save a batch of {sim.state.batch} runs; a save holds one game",
            "Save a single game.",
        )
    try:
        summary, payload = build_save(sim, name)
    except SaveError as error:
        raise SaveError(path, error.problem, error.hint) from None
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
    # Down to the newest 5 before writing, and again after: an autosave cut short after
    # it was written (a kill, a power cut) leaves one extra at most, never a growing pile,
    # and there are always 5 good ones while the new one is written.
    rotate_autosaves(folder)
    path = next_autosave_path(folder)
    save_game(sim, path, name=f"Autosave, {sim.state.year}")
    rotate_autosaves(folder)
    return path


def _restore_stored(scenario: Scenario, game: SavedGame) -> Simulation | None:
    """The game from its saved state and history, without replaying; None if the save
    lacks the history or holds state this version of the engine cannot use as it is."""
    if game.history is None:
        return None
    reports, records = game.history
    sim = new_simulation(scenario, game)
    stored, adapted = state_from_plain(game.state, sim.state)
    if adapted or (sim.record and records is None):
        return None  # the engine changed: a replay gives the best values for what is missing
    if (stored.turn, stored.policy, stored.player) != (
        game.turn,
        sim.state.policy,
        sim.state.player,
    ):
        raise DamagedSave(
            "the saved state does not belong to the saved game (turn, policy or player differ)"
        )
    broken = invariant_problems(stored)
    if broken:
        raise DamagedSave(f"the saved game state is inconsistent ({broken[0]})")
    check_reports(reports, scenario)
    sim.state = stored
    sim.reports[:] = reports
    if sim.record and records is not None:
        sim.records[:] = records
    remember_trail(sim, game.digests)
    return sim


def _restore(
    path: Path, scenario: Scenario, game: SavedGame, verify: bool
) -> tuple[Simulation, bool | None, list[str]]:
    """The saved game: from its stored history when it has one, else by replaying its order
    log (which also checks it); the saved state is authoritative either way."""
    if not verify:
        sim = _restore_stored(scenario, game)
        if sim is not None:
            return sim, None, []
    replay = replay_game(path, scenario, game)
    sim = replay.sim
    stored, adapted = state_from_plain(game.state, sim.state)
    if replay.mismatch is None and (stored.turn, stored.policy, stored.player) != (
        sim.state.turn,
        sim.state.policy,
        sim.state.player,
    ):
        raise DamagedSave(
            "the saved state does not belong to the saved game (turn, policy or player differ)"
        )
    if stored.turn != game.turn:
        raise DamagedSave(
            f"the saved state is at turn {stored.turn}, the save says turn {game.turn}"
        )
    broken = invariant_problems(stored)
    if broken:
        raise DamagedSave(f"the saved game state is inconsistent ({broken[0]})")
    notes = [
        f"the save holds no usable '{name}' for this version of the game; it was taken from the replay"
        for name in adapted
    ]
    matched = replay.mismatch is None and stored.digest() == sim.state.digest()
    history = game.turn if matched else (replay.mismatch.turn - 1 if replay.mismatch else 0)
    if not matched:
        sim.state = stored
        del sim.reports[history:]
        del sim.records[history:]
        notes.append(
            f"replaying the save matches it for {history} of {game.turn} turns (the game's engine changed "
            "since it was saved); the game continues from the saved state"
        )
    digests = game.digests or (replay.digests if matched else [])
    remember_trail(sim, digests)
    return sim, matched, notes


def load_game(path: Path, *, on_changed_scenario: str = "ask", verify: bool = False) -> Simulation:
    """Restore a saved game.

    `on_changed_scenario` says what to do when the scenario on disk is not the one the game
    was saved with: "ask" raises ScenarioChangedError so the caller can ask the player and
    call again; "saved" continues with the copy of the rules kept in the save; "refuse"
    raises ScenarioChangedError. Any other problem raises SaveError; the file is only read.
    `verify` replays the whole game from its orders instead of using its stored history
    (slower), checking every turn's digest on the way.
    """
    path = Path(path)
    if on_changed_scenario not in CHANGED_SCENARIO_CHOICES:
        raise ValueError(
            f"on_changed_scenario must be one of {', '.join(CHANGED_SCENARIO_CHOICES)}"
        )
    version, _, payload = read_save(path)
    try:
        game = parse_payload(payload, version)
        scenario, rules_used, note = choose_rules(path, game.rules, on_changed_scenario)
        sim, matched, notes = _restore(path, scenario, game, verify)
    except DamagedSave as damage:
        raise SaveError(path, f"cannot load: {damage}", DAMAGED_HINT) from None
    if note:
        notes.insert(0, note)
    if version < FORMAT_VERSION:
        notes.append(
            f"the save was written in format {version} and upgraded to format {FORMAT_VERSION}"
        )
    remember_loaded_log(sim, game.orders)
    sim.orders = list(game.orders)  # the game's order log, one Orders per turn (see orders.py)
    sim.draft = game.draft  # the coming turn's answers and actions given before saving
    sim.load_report = LoadReport(path, version, rules_used, matched, len(sim.reports), tuple(notes))
    return sim
