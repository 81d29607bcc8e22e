"""The command line: `python main.py [play|validate|simulate] ...`.

Bad input of any kind (scenario files, arguments, output paths) ends with a short message
for a person and exit status 2, never a traceback. Output files are written atomically, so
an interrupted run never leaves half a file over a good one.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path

from game import files
from game.errors import InputError, ScenarioError
from game.resources import data_dir
from game.stopping import exit_status, stop_on_signals
from game.terminal import shown

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = data_dir("scenarios")  # the checkout's, or the copy installed with the package
DEFAULT_SCENARIOS = ("pak_russia_1947.toml", "example_minimal.toml")

# Feature areas add their own commands: each module has `register(commands) -> {name: handler}`
# and may have `extend_simulate(parser)`, `simulate_hook(args, scenario) -> int | None` (run
# instead of the single game when it returns a status) and `after_simulate(args, sim)`.
# Modules must not import pygame at import time (the client imports it inside its handlers).
COMMAND_MODULES = (
    "game.client.commands",
    "game.batch.commands",
    "game.saves.commands",
    "game.diplomacy.commands",
    "game.calibration.commands",
    "game.lint",
    "game.map_commands",
)


def _command_modules() -> list:
    modules = []
    for name in COMMAND_MODULES:
        try:
            if importlib.util.find_spec(name) is None:
                continue
        except ModuleNotFoundError:
            continue
        modules.append(importlib.import_module(name))
    return modules


def default_scenario() -> Path:
    for name in DEFAULT_SCENARIOS:
        if (SCENARIO_DIR / name).is_file():
            return SCENARIO_DIR / name
    raise InputError(f"no scenario found in {SCENARIO_DIR}; pass one with --scenario")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{self.prog}: {message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="alliance-drift",
        description="Alliance Drift: alliances drifting in any theatre a scenario describes; "
        "the main campaign follows Pakistan and Russia from 1947 to the 2030s.",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    play = commands.add_parser("play", help="play a scenario in the window (the default command)")
    play.add_argument(
        "--scenario", type=Path, help="scenario file (default: the main campaign, 1947)"
    )

    validate = commands.add_parser("validate", help="check scenario files and list every problem")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    simulate = commands.add_parser("simulate", help="run a game headless and print or save it")
    simulate.add_argument(
        "--scenario", type=Path, help="scenario file (default: the main campaign, 1947)"
    )
    simulate.add_argument("--seed", type=_seed, default=0, help="random seed (default 0)")
    simulate.add_argument(
        "--until", type=_year, help="last year to play (default: the scenario's end)"
    )
    simulate.add_argument(
        "--policy",
        choices=("historical", "ai", "random"),
        default="historical",
        help="how decisions are made: history's choice, each nation's AI, or at random",
    )
    simulate.add_argument(
        "--player", help="nation id played by a person (their events use the policy too)"
    )
    simulate.add_argument(
        "--force",
        metavar="EVENT=OPTION,...",
        help="what-if: whenever these events fire, take these options, whatever the policy "
        "(e.g. afghan_jihad_1980=stay_out)",
    )
    simulate.add_argument("--out", type=Path, help="write the run as JSON to this file")
    return parser


def build_commands() -> tuple[argparse.ArgumentParser, dict[str, Callable], list]:
    """The parser with every feature area's commands, and the handler of each command."""
    parser = build_parser()
    handlers: dict[str, Callable] = {
        "validate": cmd_validate,
        "simulate": cmd_simulate,
        "play": cmd_play,
    }
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    modules = _command_modules()
    for module in modules:
        if hasattr(module, "extend_simulate"):
            module.extend_simulate(commands.choices["simulate"])
        if hasattr(module, "register"):
            handlers.update(module.register(commands))
    return parser, handlers, modules


def _seed(text: str) -> int:
    try:
        value = (
            int(text) if text.isascii() else int("not ASCII")
        )  # an Arabic-Indic three is not 3 here
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, not {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"seed must be between 0 and 2^63-1, not {value}")
    return value


def _year(text: str) -> int:
    try:
        value = int(text) if text.isascii() else int("not ASCII")
    except ValueError:
        raise argparse.ArgumentTypeError(f"year must be a whole number, not {text!r}") from None
    if not 1000 <= value <= 3000:
        raise argparse.ArgumentTypeError(f"year {value} is out of range 1000..3000")
    return value


def parse_forced(text: str | None, scenario) -> dict[str, str]:
    """'afghan_jihad_1980=stay_out,pak_tests_1998=restraint' -> {event: option}, each
    checked against the scenario (InputError naming the event's options when one is off)."""
    import difflib

    forced: dict[str, str] = {}
    for item in (text or "").split(","):
        item = item.strip()
        if not item:
            continue
        event_id, equals, option_id = (part.strip() for part in item.partition("="))
        if not equals or not event_id or not option_id:
            raise InputError(
                f"--force: '{item}' is not EVENT=OPTION, e.g. pak_tests_1998=restraint"
            )
        if event_id not in scenario.event_index:
            close = difflib.get_close_matches(event_id, list(scenario.event_index), n=3)
            hint = (
                f"; did you mean {', '.join(close)}?"
                if close
                else "; 'simulate --out' lists the events that fire"
            )
            raise InputError(f"--force: no event '{event_id}' in {scenario.name}{hint}")
        options = [o.id for o in scenario.events[scenario.event_index[event_id]].options]
        if option_id not in options:
            raise InputError(
                f"--force: event '{event_id}' has the options {', '.join(options)}, not '{option_id}'"
            )
        if event_id in forced and forced[event_id] != option_id:
            raise InputError(f"--force: event '{event_id}' is given two options")
        forced[event_id] = option_id
    return forced


def write_atomically(path: Path, text: str) -> None:
    """Write text through the game's one atomic writer (`-` is standard output)."""
    files.write_atomically(path, text.encode("utf-8"))


def check_writable(path: Path) -> None:
    """Fail before a long run, not after it, when the output cannot be written."""
    files.check_output(path)


OUTPUT_OPTIONS = ("out", "save", "plot")


def check_outputs(args: argparse.Namespace, scenario_path: Path, scenario) -> None:
    """No output may be a file the run reads (the scenario or an include), a device or
    FIFO, or the same file as another output."""
    from game.loader import source_files

    folder = scenario_path.parent
    inputs = [scenario_path] + [folder / name for name, _ in source_files(scenario) or ()]
    seen: list[tuple[str, Path]] = []
    for name in OUTPUT_OPTIONS:
        target = getattr(args, name, None)
        if target is None:
            continue
        files.check_output(target, inputs, f"--{name}")
        for other, earlier in seen:
            if str(target) == str(earlier) or files.same_file(target, earlier):
                raise InputError(
                    f"--{name} and --{other} both name {target}; give each its own file"
                )
        seen.append((name, target))


def cmd_validate(args: argparse.Namespace) -> int:
    from game.loader import load_scenario

    status = 0
    for path in args.paths:
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            print(shown(error, keep_newlines=True))
            status = 2
            continue
        from game.succession_timing import summary

        counts = f"{len(scenario.nations)} nations, {len(scenario.events)} events"
        print(shown(f"{path}: ok ({counts}{summary(scenario)})"))
    return status


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.loader import load_scenario
    from game.simulation import Simulation
    from game.story import initial_relations, story_lines

    path = args.scenario or default_scenario()
    if args.out is not None:
        check_writable(args.out)
    scenario = load_scenario(path)
    check_outputs(args, path, scenario)
    if getattr(args, "runs", None) and getattr(args, "save", None):
        raise InputError(
            "--save writes one game and cannot be combined with --runs; "
            "replay one run of the batch with --seed S --save FILE"
        )
    for module in _command_modules():
        hook = getattr(module, "simulate_hook", None)
        result = hook(args, scenario) if hook else None
        if result is not None:
            return result
    if args.player is not None and args.player not in scenario.nation_index:
        raise InputError(
            f"--player: unknown nation '{args.player}'; this scenario has {', '.join(scenario.nation_ids)}"
        )
    if args.until is not None and not scenario.start_year <= args.until <= scenario.end_year:
        raise InputError(
            f"--until: {args.until} is outside the scenario's years {scenario.start_year}..{scenario.end_year}"
        )
    forced = parse_forced(getattr(args, "force", None), scenario)
    sim = Simulation(
        scenario, seed=args.seed, policy=args.policy, player=args.player, forced=forced or None
    )
    start = initial_relations(sim.state)
    sim.run(args.until)
    for module in _command_modules():
        if hasattr(module, "after_simulate"):
            module.after_simulate(args, sim)
    if args.out is not None:
        from game.tidy import RECORD_COLUMNS, record_rows, write_result

        run = sim.to_json()
        write_result(args.out, run, RECORD_COLUMNS, record_rows(run), ensure_ascii=True)
        if not files.is_stdout(args.out):
            print(shown(f"wrote {len(sim.records)} turns of {scenario.name} to {args.out}"))
        return 0
    stream = sys.stderr if files.is_stdout(getattr(args, "save", None)) else sys.stdout
    print(
        shown(
            f"{scenario.name} — {scenario.start_year} to {sim.records[-1]['year'] if sim.records else scenario.start_year}, seed {args.seed}, policy {args.policy}"
        ),
        file=stream,
    )
    for line in story_lines(scenario, sim.records, start):
        print(shown(line), file=stream)  # names and titles come from the file: escaped
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    """Until the graphical client lands, playing means watching the campaign unfold."""
    path = args.scenario or default_scenario()
    namespace = argparse.Namespace(
        scenario=path, seed=0, until=None, policy="historical", player=None, out=None, force=None
    )
    return cmd_simulate(namespace)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        parser, handlers, _ = build_commands()
        args = parser.parse_args(argv or ["play"])
        if args.command is None:
            args = parser.parse_args(["play", *argv])
        with stop_on_signals():
            return handlers[args.command](args)
    except (ScenarioError, InputError) as error:
        print(shown(error, keep_newlines=True), file=sys.stderr)
        return 2
    except KeyboardInterrupt as interrupt:  # Ctrl+C, SIGTERM or SIGHUP (game.stopping)
        print(f"interrupted{f' by {interrupt}' if str(interrupt) else ''}", file=sys.stderr)
        return exit_status(interrupt)
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug, not bad input: still no traceback for players
        if os.environ.get("ALLIANCE_DRIFT_DEBUG"):
            raise
        print(
            f"internal error: {type(error).__name__}: {error} (set ALLIANCE_DRIFT_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1
