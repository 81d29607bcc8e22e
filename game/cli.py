"""The command line: `python main.py [play|validate|simulate] ...`.

Bad input of any kind (scenario files, arguments, output paths) ends with a short message
for a person and exit status 2, never a traceback. Output files are written atomically, so
an interrupted run never leaves half a file over a good one.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from game import files, lint, map_commands
from game.arguments import default_scenario, parse_forced, seed_number, year_number
from game.batch import commands as batch_commands
from game.calibration import commands as calibration_commands
from game.client import commands as client_commands
from game.diplomacy import commands as diplomacy_commands
from game.errors import InputError, ScenarioError
from game.saves import commands as saves_commands
from game.stopping import exit_status, interrupt_behind, stop_asked, stop_on_signals
from game.terminal import shown

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Feature areas add their own commands: each module has `register(commands) -> {name: handler}`
# and may have `extend_simulate(parser)`, `simulate_hook(args, scenario) -> int | None` (run
# instead of the single game when it returns a status) and `after_simulate(args, sim)`.
# Modules must not import pygame at import time (the client imports it inside its handlers).
COMMAND_MODULES = (
    client_commands,
    batch_commands,
    saves_commands,
    diplomacy_commands,
    calibration_commands,
    lint,
    map_commands,
)


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
    simulate.add_argument("--seed", type=seed_number, default=0, help="random seed (default 0)")
    simulate.add_argument(
        "--until", type=year_number, help="last year to play (default: the scenario's end)"
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
    modules = list(COMMAND_MODULES)
    for module in modules:
        if hasattr(module, "extend_simulate"):
            module.extend_simulate(commands.choices["simulate"])
        if hasattr(module, "register"):
            handlers.update(module.register(commands))
    return parser, handlers, modules


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
        files.check_output(args.out)
    scenario = load_scenario(path)
    check_outputs(args, path, scenario)
    if getattr(args, "runs", None) and getattr(args, "save", None):
        raise InputError(
            "--save writes one game and cannot be combined with --runs; "
            "replay one run of the batch with --seed S --save FILE"
        )
    for module in COMMAND_MODULES:
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
    for module in COMMAND_MODULES:
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
        interrupt = interrupt_behind(error) or stop_asked()
        if interrupt is not None:  # raised while stopping (a half-done import, say)
            print(f"interrupted{f' by {interrupt}' if str(interrupt) else ''}", file=sys.stderr)
            return exit_status(interrupt)
        if os.environ.get("ALLIANCE_DRIFT_DEBUG"):
            raise
        print(
            f"internal error: {type(error).__name__}: {error} (set ALLIANCE_DRIFT_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1
