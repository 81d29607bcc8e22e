"""Command-line parts of the save system: `simulate ... --save FILE`, `replay` and `saves`.

Every SaveError becomes an InputError, so the command line prints one paragraph and exits
with status 2 instead of showing a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from game.errors import InputError
from game.terminal import shown


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
    replay = commands.add_parser(
        "replay", help="play a saved game back headless; --verify checks it turn by turn"
    )
    replay.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="a save file (or the name of one in the save folder)",
    )
    replay.add_argument(
        "--verify",
        action="store_true",
        help="check the state digest after every turn; exit 1 at the first mismatch",
    )
    replay.add_argument(
        "--quiet", action="store_true", help="print only the result, not the story of the game"
    )
    replay.add_argument(
        "--save-dir", type=_save_dir, help="where to look for FILE when it is only a name"
    )
    return {"saves": cmd_saves, "replay": cmd_replay}


def extend_simulate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--save",
        type=Path,
        metavar="FILE",
        help="write a save of the game when it ends (it is also a replay)",
    )


def simulate_hook(args: argparse.Namespace, scenario: object) -> int | None:
    """Check the save can be written before the game is played, not after."""
    from game.files import check_output

    if getattr(args, "save", None) is not None:
        check_output(args.save)
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
    from game.files import is_stdout

    stream = sys.stderr if is_stdout(path) else sys.stdout  # `--save -`: stdout holds the save
    print(f"saved the game ({sim.state.turn} turns) to {path}", file=stream)  # type: ignore[attr-defined]


def cmd_saves(args: argparse.Namespace) -> int:
    from game.saves import default_save_dir, list_saves

    folder = args.save_dir or default_save_dir()
    try:
        not_a_folder = folder.exists() and not folder.is_dir()
    except (OSError, ValueError) as error:
        from game.files import why_unusable

        raise InputError(
            f"{folder}: cannot be used as the save folder: {why_unusable(error)}; "
            "give --save-dir an existing folder"
        ) from None
    if not_a_folder:
        raise InputError(
            f"{folder}: is not a folder; give --save-dir the folder that holds the saves"
        )
    infos = list_saves(folder)
    if not infos:
        print(f"no saves in {folder}")
        return 0
    print(f"saves in {folder}, newest first:")
    for info in infos:
        if info.problem:
            print(shown(f"  {info.path.name}: unreadable: {info.problem}"))
            continue
        who = f"as {info.player}" if info.player else f"policy {info.policy}"
        print(  # every field comes from the file: escape control characters
            shown(
                f"  {info.path.name}: {info.name} ({info.scenario_name}, {info.year}, {who}; saved {info.saved_at[:19].replace('T', ' ')} UTC)"
            )
        )
    return 0


def find_save(name: Path, folder: Path | None) -> Path:
    """`name` itself if it exists, else that name (with or without .adsave) in the save folder."""
    from game.saves import SUFFIX, default_save_dir

    try:  # a name too long to look up is read as given, and refused with a message there
        if name.exists() or name.parent != Path("."):
            return name
        folder = folder or default_save_dir()
        for candidate in (folder / name, folder / f"{name}{SUFFIX}"):
            if candidate.is_file():
                return candidate
    except (OSError, ValueError):
        pass
    return name


def cmd_replay(args: argparse.Namespace) -> int:
    from game.saves import SaveError
    from game.saves.replay import replay_file
    from game.story import initial_relations, story_lines

    path = find_save(args.file, args.save_dir)
    try:
        result = replay_file(path, stop_at_mismatch=args.verify)
    except SaveError as error:
        raise InputError(str(error)) from None
    game, scenario, replay = result.game, result.scenario, result.replay
    player = f"playing {game.player}" if game.player else "no player"
    print(  # names come from the save: escape control characters
        shown(
            f"replaying {path}: {scenario.name}, seed {game.seed}, policy {game.policy}, {player}, {game.turn} turns"
        )
    )
    for note in result.notes:
        print(shown(f"note: {note}"))
    if not args.quiet and replay.mismatch is None:
        start = initial_relations(_initial(replay.sim))
        for line in story_lines(scenario, replay.sim.records, start):
            print(shown(line))
    mismatch = replay.mismatch
    if args.verify and mismatch is not None:
        print(
            f"MISMATCH after turn {mismatch.turn} ({mismatch.year}): recorded digest {mismatch.recorded[:16]}..., "
            f"replayed {mismatch.replayed[:16]}...; the game does not replay as it was played",
            file=sys.stderr,
        )
        return 1
    if result.final_matches is False:
        print(
            "the replay does not arrive at the saved state"
            + ("" if args.verify else " (run with --verify to find the first turn that differs)"),
            file=sys.stderr,
        )
        return 1 if args.verify else 0
    checked = f"all {game.turn} turn digests match and " if args.verify and game.digests else ""
    print(f"replayed {len(replay.digests)} turns; {checked}the final state matches the save")
    return 0


def _initial(sim: object) -> object:
    """The replayed game's starting state, for the story's first comparison."""
    from game.construction import initial_state
    from game.saves.payload import player_id

    state = sim.state  # type: ignore[attr-defined]
    return initial_state(
        state.scenario, state.seeds.copy(), state.policy, player_id(state), state.forced_choices()
    )
