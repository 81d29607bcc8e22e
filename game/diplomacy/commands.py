"""Command line for diplomacy: `tournament`; `simulate --report` (the end report) and
`simulate --actions` (the action log).

    python main.py tournament --scenario scenarios/example_minimal.toml --seeds 200
    python main.py simulate --player PAK --policy ai --actions --report

The tournament exits with status 1 when a balance rule is broken, so it can gate a change.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game.batch.commands import add_whole_numbers
from game.errors import InputError


def register(commands) -> dict:
    parser = commands.add_parser(
        "tournament",
        help="AI-vs-AI games for each playable nation: score spread and balance checks",
        description="Plays every playable nation with its AI, passively, at random and repeating each single action, "
        "over many seeds at once; reports scores and wins with 95% confidence intervals and checks that no repeated "
        "action wins more than 80% of games and that no objective is impossible or free. Exit status 1 on a broken rule.",
    )
    parser.add_argument("--scenario", type=Path, help="scenario file (default: the 1947 campaign)")
    add_whole_numbers(
        parser,
        (
            ("--seeds", 0, 1_000_000, 200, "games per strategy and nation (default 200)"),
            ("--first-seed", 0, 1_000_000, 0, "first seed (default 0)"),
        ),
    )
    parser.add_argument(
        "--nations", help="comma-separated nation ids (default: every playable nation)"
    )
    parser.add_argument(
        "--policy",
        choices=("ai", "historical", "random"),
        default="ai",
        help="how events are decided (default ai)",
    )
    parser.add_argument("--out", type=Path, help="also write the results as JSON to this file")
    return {"tournament": cmd_tournament}


def extend_simulate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--report",
        action="store_true",
        help="print the end report: objectives, score, grade and the path against history",
    )
    parser.add_argument(
        "--actions",
        action="store_true",
        help="print every nation's diplomatic actions, year by year, with the AI's reasons",
    )


def after_simulate(args: argparse.Namespace, sim) -> None:
    if getattr(args, "actions", False) and sim.records:
        from game.diplomacy.describe import action_line

        for record in sim.records:
            for action in record.get("actions", []):
                print(f"{record['year']}: {action_line(sim.scenario, action)}")
    if getattr(args, "report", False):
        from game.reports.end import end_report

        nation = args.player or sim.scenario.default_player
        for line in report_text(end_report(sim, nation)):
            print(line)


def report_text(report: dict) -> list[str]:
    """The end report as lines of text."""
    lines = ["", f"End report — {report['verdict']}"]
    for objective in report["objectives"]:
        mark = "x" if objective["met"] else " "
        lines.append(
            f"  [{mark}] {objective['name']}: {objective['earned']:g} of {objective['points']:g} points"
        )
    general = report["general"]
    parts = ", ".join(f"{k} {v:.2f}" for k, v in general["parts"].items())
    lines.append(f"  general score {general['score']:.0f} of 100 ({parts})")
    history = report["history"]
    if history:
        lines.append(f"  against history (closeness {history['closeness']:.0f} of 100):")
        for row in history["relations"][:6]:
            lines.append(
                f"    {row['name']}: ended {row['ended']:+.0f}, history {row['history']:+.0f} ({row['gap']:+.0f})"
            )
    return lines


def cmd_tournament(args: argparse.Namespace) -> int:
    from game.arguments import default_scenario
    from game.batch.tournament import report_lines, run_tournament
    from game.files import check_output, write_text
    from game.loader import load_scenario

    if args.out is not None:
        check_output(args.out)
    scenario = load_scenario(args.scenario or default_scenario())
    if not scenario.actions:
        raise InputError(
            f"{scenario.path}: this scenario defines no diplomatic actions; include diplomacy/actions.toml"
        )
    nations = None
    if args.nations:
        nations = [n.strip() for n in args.nations.split(",") if n.strip()]
        unknown = [n for n in nations if n not in scenario.nation_index]
        if unknown:
            raise InputError(
                f"--nations: unknown nation {unknown[0]!r}; this scenario has {', '.join(scenario.nation_ids)}"
            )
    elif not scenario.playable:
        raise InputError(f"{scenario.path}: no playable nations; pass --nations")
    if args.seeds < 1:
        raise InputError("--seeds must be at least 1")
    result = run_tournament(
        scenario, seeds=args.seeds, nations=nations, first_seed=args.first_seed, policy=args.policy
    )
    from game.files import is_stdout
    from game.terminal import shown

    stream = sys.stderr if is_stdout(args.out) else sys.stdout  # `--out -`: stdout is the JSON
    for line in report_lines(result):
        print(shown(line), file=stream)
    if args.out is not None:
        write_text(args.out, json.dumps(result.to_dict(), indent=1) + "\n")
        print(f"wrote the results to {args.out}", file=stream)
    return 1 if result.problems else 0
