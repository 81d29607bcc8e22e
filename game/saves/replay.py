"""Play a saved game back from its seed and orders, checking each turn's digest.

The same routine restores games (`load_game`) and verifies them (`replay --verify`): a
replay that arrives at every recorded digest proves the save and the engine agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game.saves.errors import DamagedSave, SaveError
from game.saves.payload import DAMAGED_HINT, SavedGame
from game.scenario import Scenario
from game.simulation import Simulation


@dataclass(frozen=True)
class Mismatch:
    """The first turn whose replayed state differs from the one recorded."""

    turn: int  # 1-based: the state after this many turns
    year: int
    recorded: str
    replayed: str


@dataclass
class Replay:
    sim: Simulation
    digests: list[str]  # replayed digest after each turn played back
    mismatch: Mismatch | None  # against the recorded digests, if the save has them


def new_simulation(scenario: Scenario, game: SavedGame) -> Simulation:
    """The saved game at its start, after checking its settings fit the scenario."""
    if game.player is not None and game.player not in scenario.nation_index:
        raise DamagedSave(f"the save's player {game.player[:20]!r} is not a nation of its scenario")
    if game.turn > scenario.turns:
        raise DamagedSave(
            f"the save is at turn {game.turn}, past the scenario's last turn {scenario.turns}"
        )
    try:
        return Simulation(
            scenario,
            seed=np.array([game.seed], dtype=np.uint64),
            policy=game.policy,
            player=game.player,
            forced=game.forced,
        )
    except ValueError as error:
        raise DamagedSave(f"the save's game settings do not fit its scenario ({error})") from None


def replay_game(
    path: Path,
    scenario: Scenario,
    game: SavedGame,
    stop_at_mismatch: bool = True,
    on_turn: Callable[[Simulation], None] | None = None,
) -> Replay:
    """Step a new game through the saved orders; compare digests as they come."""
    sim = new_simulation(scenario, game)
    digests: list[str] = []
    mismatch = None
    try:
        for turn, orders in enumerate(game.orders):
            sim.step(orders)
            digests.append(sim.state.digest())
            if on_turn is not None:
                on_turn(sim)
            if mismatch is None and game.digests and digests[-1] != game.digests[turn]:
                year = scenario.year_of_turn(turn)
                mismatch = Mismatch(turn + 1, year, game.digests[turn], digests[-1])
                if stop_at_mismatch:
                    break
    except Exception as error:  # the engine choked on replayed data: report, never crash
        raise SaveError(
            path,
            f"cannot replay the game: turn {sim.state.turn + 1} failed ({type(error).__name__}: {str(error)[:120]})",
            DAMAGED_HINT,
        ) from None
    return Replay(sim, digests, mismatch)


@dataclass
class FileReplay:
    """A save played back from its start with the copy of the rules it carries."""

    game: SavedGame
    summary: dict
    scenario: Scenario
    replay: Replay
    final_matches: bool | None  # None when the replay stopped early at a mismatch
    notes: list[str]


def replay_file(path: Path, stop_at_mismatch: bool = True) -> FileReplay:
    """Replay a save exactly as it was played: its own seed, orders and copy of the rules."""
    from game.saves.codec import state_from_plain
    from game.saves.payload import parse_payload, read_save
    from game.saves.rules import choose_rules, load_copy

    version, summary, payload = read_save(path)
    notes: list[str] = []
    try:
        game = parse_payload(payload, version)
        scenario = load_copy(game.rules, path)
        try:
            choose_rules(path, game.rules, "refuse")
        except SaveError as changed:
            notes.append(
                f"{changed.problem}; the replay uses the copy of the rules kept in the save"
            )
        replay = replay_game(path, scenario, game, stop_at_mismatch)
        final = None
        if len(replay.digests) == game.turn:
            stored, _ = state_from_plain(game.state, replay.sim.state)
            final = stored.digest() == replay.sim.state.digest()
    except DamagedSave as damage:
        raise SaveError(path, f"cannot replay: {damage}", DAMAGED_HINT) from None
    if not game.digests:
        notes.append(
            f"this save (format {version}) records no per-turn digests; only its final state can be checked"
        )
    return FileReplay(game, summary, scenario, replay, final, notes)
