"""Command-line parts of the save system: `simulate ... --save FILE` and `saves`.

Every SaveError becomes an InputError, so the command line prints one paragraph and exits
with status 2 instead of showing a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from game.errors import InputError


def _save_dir(text: str) -> Path:
    return Path(text).expanduser()


def register(
    commands: argparse._SubParsersAction,
) -> dict[str, Callable[[argparse.Namespace], int]]:
    saves = commands.add_parser("saves", help="list the saved games")
    saves.add_argument(
        "--save-dir",
        type=_save_dir,
        help="save folder (default: $ALLIANCE_DRIFT_SAVE_DIR or the per-user data folder)",
    )
    return {"saves": cmd_saves}


def extend_simulate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--save",
        type=Path,
        metavar="FILE",
        help="write a save of the game when it ends (it is also a replay)",
    )


def simulate_hook(args: argparse.Namespace, scenario: object) -> int | None:
    """Check the save can be written before the game is played, not after."""
    from game.cli import check_writable

    if getattr(args, "save", None) is not None:
        check_writable(args.save)
    return None


def after_simulate(args: argparse.Namespace, sim: object) -> None:
    from game.saves import SaveError, save_game

    path = getattr(args, "save", None)
    if path is None:
        return
    try:
        save_game(sim, path)  # type: ignore[arg-type]
    except SaveError as error:
        raise InputError(str(error)) from None
    print(f"saved the game ({sim.state.turn} turns) to {path}")  # type: ignore[attr-defined]


def cmd_saves(args: argparse.Namespace) -> int:
    from game.saves import default_save_dir, list_saves

    folder = args.save_dir or default_save_dir()
    infos = list_saves(folder)
    if not infos:
        print(f"no saves in {folder}")
        return 0
    print(f"saves in {folder}, newest first:")
    for info in infos:
        if info.problem:
            print(f"  {info.path.name}: unreadable: {info.problem}")
            continue
        who = f"as {info.player}" if info.player else f"policy {info.policy}"
        print(
            f"  {info.path.name}: {info.name} ({info.scenario_name}, {info.year}, {who}; saved {info.saved_at[:19].replace('T', ' ')} UTC)"
        )
    return 0
