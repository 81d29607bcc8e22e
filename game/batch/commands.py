"""`simulate --runs N`: the command line of batch runs (plugged into game.cli).

    python main.py simulate --runs 10000 --seed 0 --policy ai --workers 2 \\
        --out summary.json --plot fan.png --pairs PAK:RUS,PAK:USA

Without --runs the simulate command plays one game as before; with it, this module takes
over. Bad input ends with a one-line message (InputError), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from game.errors import InputError
from game.files import check_output, is_stdout
from game.scenario import Scenario
from game.terminal import shown

MAX_RUNS = 10_000_000
MAX_WORKERS = 256
DEFAULT_PAIRS = 3
# Options that only mean something for a batch (argparse dests), refused without --runs.
BATCH_ONLY = (
    "plot",
    "plot_size",
    "plot_style",
    "pairs",
    "dask",
    "dask_timeout",
    "branches",
    "precision",
)


def extend_simulate(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("batch runs (what-if statistics over many seeds)")
    group.add_argument(
        "--runs",
        type=_count,
        metavar="N",
        help="play N games, seeds S..S+N-1 (S from --seed), and summarise them",
    )
    group.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="W",
        help="split the runs over W processes (default 1)",
    )
    group.add_argument(
        "--plot",
        type=Path,
        metavar="FILE",
        help="draw a fan chart of the chosen pairs (and the scenario's targets) to this .png, "
        ".svg or .pdf file (SVG and PDF need the plot extra: matplotlib)",
    )
    group.add_argument(
        "--plot-size",
        type=_plot_size,
        metavar="WxH",
        help="the chart's size in inches, e.g. 7x9 (drawn with matplotlib)",
    )
    group.add_argument(
        "--plot-style",
        metavar="STYLE",
        help="a matplotlib style name or .mplstyle file for the chart (fonts, sizes)",
    )
    group.add_argument(
        "--pairs", metavar="A:B,...", help="pairs to chart and rank runs by, e.g. PAK:RUS,IND:USA"
    )
    group.add_argument(
        "--dask", metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://scheduler:8786"
    )
    group.add_argument(
        "--dask-timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="how long to wait for the Dask scheduler to connect and answer (default 10)",
    )
    group.add_argument(
        "--branches",
        metavar="EVENT",
        help="play the same seeds once as the policy decides EVENT and once with each of its "
        "options forced, and compare them (e.g. afghan_jihad_1980)",
    )
    group.add_argument(
        "--precision",
        type=_points,
        metavar="POINTS",
        help="stop once every 'closer to' share of the chosen pairs is known to ±POINTS "
        "percentage points (95%% interval); --runs is then the most runs played",
    )


def simulate_hook(args: argparse.Namespace, scenario: Scenario) -> int | None:
    """Take over `simulate` when --runs is given; refuse batch-only flags without it."""
    runs = getattr(args, "runs", None)
    if runs is None:
        for flag in BATCH_ONLY:
            if getattr(args, flag, None) is not None:
                raise InputError(
                    f"--{flag.replace('_', '-')} needs --runs N (it summarises many runs)"
                )
        if getattr(args, "workers", 1) != 1:
            raise InputError("--workers needs --runs N (it splits many runs)")
        return None
    return run_command(args, scenario)


def run_command(args: argparse.Namespace, scenario: Scenario) -> int:
    from game.arguments import parse_forced
    from game.batch.api import run_batch
    from game.batch.precision import block_end, runs_needed
    from game.batch.progress import ProgressBar
    from game.batch.runner import BatchSpec
    from game.tidy import SUMMARY_COLUMNS, check_table_output, summary_rows, write_result

    spec = BatchSpec(
        scenario=scenario,
        runs=args.runs,
        first_seed=args.seed,
        policy=args.policy,
        last_year=_last_year(args, scenario),
        player=_player(args, scenario),
        tracked=parse_pairs(args.pairs, scenario),
        forced=tuple(parse_forced(getattr(args, "force", None), scenario).items()),
    )
    if args.seed + args.runs > 2**63:
        raise InputError(
            f"--seed {args.seed} with --runs {args.runs} goes past the largest seed 2^63-1"
        )
    if args.dask is not None and args.workers != 1:
        raise InputError("choose --dask or --workers: the cluster's workers replace local ones")
    for path in (args.out, args.plot):
        if path is not None:
            check_output(path)
    if args.out is not None:
        check_table_output(args.out)
    targets = _plot_targets(args, scenario)
    precision = getattr(args, "precision", None)
    if getattr(args, "branches", None) is not None:
        if precision is not None:
            raise InputError(
                "--precision stops a batch early; branches are compared on the same runs: "
                "give --branches a fixed --runs N"
            )
        return _run_branches(args, spec)
    if precision is not None and len(spec.tracked) < 2:
        raise InputError(
            "--precision needs two or more --pairs: it stops once every 'closer to' share "
            "between them is known well enough (e.g. --pairs PAK:RUS,PAK:USA)"
        )
    bar = ProgressBar(spec.runs, spec.turns, may_stop_early=precision is not None)

    def show_margin(margin: float | None, runs: int) -> None:
        if margin is None:
            return
        needed = runs_needed(margin, runs, precision)
        bar.note(f"±{margin:.1f} pts", expected_runs=block_end(needed, spec.runs))

    started = time.perf_counter()
    try:
        summary = run_batch(
            spec,
            workers=args.workers,
            dask_address=args.dask,
            dask_timeout=_dask_timeout(args),
            progress=bar,
            precision=precision,
            on_margin=show_margin,
        )
    finally:
        bar.close()
    elapsed = time.perf_counter() - started
    if args.out is not None:
        write_result(args.out, summary, SUMMARY_COLUMNS, summary_rows(summary))
    if args.plot is not None:
        from game.batch.plot import write_fan_chart

        write_fan_chart(summary, args.plot, targets, args.plot_size, args.plot_style)
    for line in headline(summary, elapsed):
        print(
            shown(line),
            file=sys.stderr if is_stdout(args.out) or is_stdout(args.plot) else sys.stdout,
        )
    return 0


def _plot_targets(args: argparse.Namespace, scenario: Scenario):
    """Check --plot's options before a long run; the scenario's targets to draw, if any."""
    plot_size, plot_style = getattr(args, "plot_size", None), getattr(args, "plot_style", None)
    if args.plot is None:
        if plot_size is not None or plot_style is not None:
            raise InputError("--plot-size and --plot-style shape a chart: give --plot FILE too")
        return None
    drawn_by_matplotlib = (
        args.plot.suffix.lower() in (".svg", ".pdf") or plot_size is not None or plot_style
    )
    if drawn_by_matplotlib and importlib.util.find_spec("matplotlib") is None:
        raise InputError(
            f"{args.plot}: SVG, PDF and sized or styled charts are drawn with matplotlib; "
            'install the plot extra: pip install "alliance-drift[plot]", or draw a .png'
        )
    from game.batch.chart_targets import load_chart_targets

    return load_chart_targets(scenario)


def _run_branches(args: argparse.Namespace, spec) -> int:
    """--branches EVENT: the policy's branch and one per option, on the same seeds."""
    from game.batch.branches import branch_specs, branch_table, run_branches
    from game.batch.progress import ProgressBar
    from game.tidy import BRANCH_COLUMNS, branch_rows, write_result

    if args.plot is not None:
        raise InputError(
            "--plot draws one batch: draw a branch with --force EVENT=OPTION --plot FILE"
        )
    count = len(branch_specs(spec, args.branches))  # checks the event before anything runs
    bar = ProgressBar(spec.runs * count, spec.turns)
    started = time.perf_counter()
    try:
        result = run_branches(
            spec, args.branches, args.workers, args.dask, bar, _dask_timeout(args)
        )
    finally:
        bar.close()
    elapsed = time.perf_counter() - started
    if args.out is not None:
        write_result(args.out, result, BRANCH_COLUMNS, branch_rows(result))
    for line in branch_table(result, elapsed):
        print(shown(line), file=sys.stderr if is_stdout(args.out) else sys.stdout)
    return 0


def headline(summary: dict, elapsed: float) -> list[str]:
    """A few lines for the terminal: what ran, the chosen pairs at the end, the top blocs."""
    from game.batch.result import pair_series

    runs = summary["runs"]
    end = summary["end_year"]
    forced = "".join(f", {event}={option}" for event, option in summary.get("forced", {}).items())
    lines = [
        f"{summary['scenario']['name']}: {runs:,} runs, seeds {summary['seeds']['first']}..{summary['seeds']['last']}, "
        f"policy {summary['policy']}{forced}, {summary['start_year']}–{end}, {elapsed:.1f} s ({runs / max(elapsed, 1e-9):,.0f} runs/s)"
    ]
    for key in summary["chosen_pairs"]:
        series = pair_series(summary, key)
        ranked = summary["representative_runs"].get(key, {})
        if not series:
            lines.append(f"  {key}: the two never exist at the same time in these runs")
            continue
        if series["p50"][-1] is None:
            last = max(y for y, n in zip(summary["years"], series["runs"], strict=True) if n)
            lines.append(
                f"  {key} in {end}: no run has both nations by then (last together in {last})"
            )
            continue
        lines.append(
            f"  {key} in {end}: median {series['p50'][-1]:+.1f}, 5–95% {series['p5'][-1]:+.1f}..{series['p95'][-1]:+.1f}"
            f" (median run: seed {ranked['median']['seed']}, lowest: seed {ranked['lowest']['seed']}, highest: seed {ranked['highest']['seed']})"
        )
    lines.extend(comparison_lines(summary))
    if "precision" in summary:
        lines.append(precision_line(summary))
    for outcome in summary["blocs"]["outcomes"][:3]:
        lines.append(f"  {outcome['share']:6.1%} of runs end with {outcome_text(outcome)}")
    lines.extend(crisis_lines(summary))
    return lines


def crisis_lines(summary: dict) -> list[str]:
    """A table of the scenario's crises: the share of runs in which each opened, and how
    they ended (shares of all runs)."""
    from game.batch.console import table_lines

    crises = summary.get("crises", {})
    if not crises:
        return []
    header = ["crisis", "opened", "backed down", "settled", "war", "nuclear", "open"]
    rows = []
    for crisis_id, entry in crises.items():
        shares = entry["outcome_shares"]
        rows.append(
            [crisis_id, f"{entry['opened_share']:.1%}"]
            + [
                f"{shares[kind]:.1%}"
                for kind in ("backed_down", "settled", "war", "nuclear", "ongoing")
            ]
        )
    return ["  Crises (share of runs):", *table_lines(header, rows)]


HEADLINE_COMPARISONS = 6  # more go to the summary file only


def comparison_lines(summary: dict) -> list[str]:
    """'PAK closer to RUS than to USA in 2030: 12.3% of runs (95%: 11.7–12.9%)' for every two chosen
    pairs that both exist at the end in some run: those that share a nation first, at
    most HEADLINE_COMPARISONS of them."""
    from game.batch.result import comparison_claim, interval_text, shared_nation

    found = []
    for comparison in summary.get("comparisons", {}).values():
        end = comparison["end"]
        if not end["runs"]:
            continue
        claim = comparison_claim(comparison["first"], comparison["second"])
        line = (
            f"  {claim} in {end['year']}: {end['first_higher']:.1%} of runs"
            f" (95%: {interval_text(end['interval95'])}), the reverse {end['second_higher']:.1%}"
        )
        found.append((shared_nation(comparison["first"], comparison["second"]) is None, line))
    found.sort(key=lambda item: item[0])  # stable: the order given within each kind
    lines = [line for _, line in found[:HEADLINE_COMPARISONS]]
    if len(found) > HEADLINE_COMPARISONS:
        lines.append(f"  … and {len(found) - HEADLINE_COMPARISONS} more comparisons in the summary")
    return lines


def precision_line(summary: dict) -> str:
    """Why the batch stopped where it did, under --precision."""
    asked = summary["precision"]
    runs, most, margin = summary["runs"], asked["most_runs"], asked["margin"]
    if margin is None:
        return (
            f"  precision: no two chosen pairs exist together in {summary['end_year']}, so there is"
            f" no share to measure; played all {runs:,} runs (choose pairs that exist then)"
        )
    if asked["met"]:
        return (
            f"  precision: every share within ±{margin:.1f} points (asked ±{asked['points']:g})"
            f" after {runs:,} of at most {most:,} runs"
        )
    return (
        f"  precision: played all {runs:,} runs; the widest share is still ±{margin:.1f} points"
        f" (asked ±{asked['points']:g}): raise --runs for more"
    )


def outcome_text(outcome: dict) -> str:
    """'[IND+USA] vs [PAK+CHN], non-aligned RUS' for one final bloc outcome."""
    camps = [f"[{'+'.join(camp)}]" for camp in (outcome["camp_one"], outcome["camp_two"]) if camp]
    text = " vs ".join(camps) if camps else "no blocs"
    if outcome["non_aligned"]:
        text += f", non-aligned {', '.join(outcome['non_aligned'])}"
    return text


def parse_pairs(text: str | None, scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """'PAK:RUS,IND:USA' -> (('PAK', 'RUS'), ('IND', 'USA')); default pairs when None."""
    if text is None:
        return default_pairs(scenario)
    pairs = []
    for item in text.split(","):
        parts = [part.strip().upper() for part in item.split(":")]
        if len(parts) != 2 or not all(parts):
            raise InputError(f"--pairs: '{item.strip()}' is not a pair like PAK:RUS")
        for nation in parts:
            if nation not in scenario.nation_index:
                raise InputError(
                    f"--pairs: unknown nation '{nation}'; this scenario has {', '.join(scenario.nation_ids)}"
                )
        if parts[0] == parts[1]:
            raise InputError(f"--pairs: '{item.strip()}' pairs a nation with itself")
        if tuple(parts) not in pairs and tuple(reversed(parts)) not in pairs:
            pairs.append(tuple(parts))
    if not pairs:
        raise InputError("--pairs: give at least one pair like PAK:RUS")
    return tuple(pairs)


def default_pairs(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """The default player (or first nation) with the strongest nations at the start, each
    followed by its declared successor (SUN, then RUS) so the whole story is covered."""
    ids = scenario.nation_ids
    anchor = scenario.default_player if scenario.default_player in scenario.nation_index else ids[0]
    size = {n.id: n.stats.get("gdp", 0.0) + n.stats.get("military", 0.0) for n in scenario.nations}
    founders = [n.id for n in scenario.nations if n.emerges is None and n.id != anchor]
    strongest = sorted(founders, key=lambda nation: (-size[nation], ids.index(nation)))[:2]
    pairs: list[tuple[str, str]] = []
    for nation in strongest:
        pairs.append((anchor, nation))
        heirs = [
            n.id
            for n in scenario.nations
            if n.emerges and n.emerges.from_id == nation and n.emerges.predecessor_ends
        ]
        pairs.extend((anchor, heir) for heir in heirs if heir != anchor)
    return tuple(pairs[: DEFAULT_PAIRS + 1])


def _last_year(args: argparse.Namespace, scenario: Scenario) -> int | None:
    if args.until is None:
        return None
    if not scenario.start_year <= args.until <= scenario.end_year:
        raise InputError(
            f"--until: {args.until} is outside the scenario's years {scenario.start_year}..{scenario.end_year}"
        )
    return args.until


def _player(args: argparse.Namespace, scenario: Scenario) -> str | None:
    player = getattr(args, "player", None)
    if player is not None and player not in scenario.nation_index:
        raise InputError(
            f"--player: unknown nation '{player}'; this scenario has {', '.join(scenario.nation_ids)}"
        )
    return player


def _plot_size(text: str) -> tuple[float, float]:
    from game.batch.figure import parse_size

    try:
        return parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _count(text: str) -> int:
    return bounded_number(text, int, "--runs", "a whole number", 1, MAX_RUNS)


def _points(text: str) -> float:
    from game.batch.precision import MAX_POINTS, MIN_POINTS

    return bounded_number(
        text,
        float,
        "--precision",
        "a number of percentage points such as 2",
        MIN_POINTS,
        MAX_POINTS,
        unit=" percentage points (2 means ±2)",
    )


def _seconds(text: str) -> float:
    return bounded_number(text, float, "--dask-timeout", "a number of seconds", 0.1, 3600)


def _dask_timeout(args: argparse.Namespace) -> float:
    from game.batch.parallel import DASK_TIMEOUT

    timeout = getattr(args, "dask_timeout", None)
    if timeout is not None and args.dask is None:
        raise InputError("--dask-timeout needs --dask ADDRESS (it waits for that scheduler)")
    return DASK_TIMEOUT if timeout is None else timeout


def _workers(text: str) -> int:
    limit = min(MAX_WORKERS, 4 * (os.cpu_count() or 1))
    return bounded_number(text, int, "--workers", "a whole number", 1, limit)


def bounded_number(
    text: str,
    parse: Callable[[str], float],
    flag: str,
    kind: str,
    low: float,
    high: float,
    unit: str = "",
) -> float:
    """An argparse type: `text` parsed (ASCII digits only), within [low, high], or a message
    naming the flag. Every command's number options go through it."""
    try:
        value = parse(text if text.isascii() else "not ASCII")  # an Arabic-Indic three is not 3
    except ValueError:
        raise argparse.ArgumentTypeError(f"{flag} must be {kind}, not {text!r}") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(
            f"{flag} must be between {low:,} and {high:,}{unit}, not {text}"
        )
    return value


def whole_number(flag: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type for a whole-number option named `flag`, within [low, high]."""

    def parse(text: str) -> int:
        return int(bounded_number(text, int, flag, "a whole number", low, high))

    parse.__name__ = flag.lstrip("-").replace("-", "_")  # argparse names the type in errors
    return parse


def add_whole_numbers(
    parser: argparse.ArgumentParser, options: tuple[tuple[str, int, int, int, str], ...]
) -> None:
    """Declare whole-number options from rows of (flag, low, high, default, help), in order,
    so a command's numeric options read as one table instead of one call each."""
    for flag, low, high, default, help_text in options:
        parser.add_argument(
            flag, type=whole_number(flag, low, high), default=default, help=help_text
        )
