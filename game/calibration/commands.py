"""`backtest` and `calibrate`: a policy's distance from a scenario's targets, and the fit.

    python main.py backtest --scenario scenarios/pak_russia_1947.toml --policy ai --runs 500
    python main.py calibrate --scenario scenarios/pak_russia_1947.toml --budget 200 \\
        --workers 2 --out scenarios/pak_russia/calibrated.toml
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from game.batch.commands import add_whole_numbers, whole_number
from game.errors import InputError
from game.scenario import Scenario

MAX_RUNS = 1_000_000
MAX_BUDGET = 100_000
MAX_SEED = 2**31 - 1


def register(commands) -> dict:
    backtest = commands.add_parser(
        "backtest",
        help="error of a policy against the scenario's targets, per period and pair",
        description="Plays seeded runs and compares, period by period and pair by pair, the "
        "median run's relations with the scenario's targets ([scenario] targets, or --targets); "
        "counts pinned pair-years (at least 5%% of runs at ±99) and target events taken on time.",
    )
    _common(backtest)
    backtest.add_argument(
        "--policy", choices=("ai", "historical", "random"), default="ai", help="(default ai)"
    )
    add_whole_numbers(
        backtest,
        (
            ("--runs", 1, MAX_RUNS, 200, "seeded runs (default 200)"),
            ("--seed", 0, MAX_SEED, 0, "first seed (default 0)"),
        ),
    )
    backtest.add_argument("--out", type=Path, help="also write the table as JSON to this file")

    calibrate = commands.add_parser(
        "calibrate",
        help="fit the AI's free parameters to the scenario's targets (CMA-ES)",
        description="Fits the [ai] tuning (event temperature, prior, courting) and the great "
        "powers' thrift and ideology weight so that the ai policy's median run matches the "
        "targets of the fitted periods. Every candidate plays the same seeds; a log makes the "
        "fit resumable after Ctrl-C. Writes an [ai] table for the scenario to include.",
    )
    _common(calibrate)
    add_whole_numbers(
        calibrate,
        (
            ("--budget", 2, MAX_BUDGET, 120, "candidate evaluations (default 120)"),
            ("--runs", 1, MAX_RUNS, 96, "seeds per candidate (default 96)"),
            ("--seed", 0, MAX_SEED, 1, "the optimiser's seed (default 1)"),
            (
                "--check-runs",
                1,
                MAX_RUNS,
                200,
                "fresh seeds on which the start and the fit are compared at the end (default 200)",
            ),
        ),
    )
    calibrate.add_argument(
        "--out", type=Path, required=True, help="the TOML file to write ([ai] table) "
    )
    calibrate.add_argument(
        "--log", type=Path, help="the fit's log, for resuming (default: OUT with .log.jsonl)"
    )
    calibrate.add_argument("--report", type=Path, help="also draw the before/after report (PNG)")
    return {"backtest": cmd_backtest, "calibrate": cmd_calibrate}


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", type=Path, help="scenario file (default: the 1947 campaign)")
    parser.add_argument(
        "--targets", type=Path, help="targets file (default: the scenario's [scenario] targets)"
    )
    parser.add_argument(
        "--workers", type=whole_number("--workers", 1, 256), default=1, help="processes (default 1)"
    )
    parser.add_argument(
        "--dask", metavar="ADDRESS", help="evaluate on a Dask cluster, e.g. tcp://scheduler:8786"
    )


def _load(args: argparse.Namespace):
    from game.arguments import default_scenario
    from game.calibration.targets import load_targets
    from game.loader import load_scenario

    path = args.scenario or default_scenario()
    scenario = load_scenario(path)
    if args.targets is None and scenario.targets is None:
        raise InputError(
            f'{path}: the scenario names no targets; add `targets = "FILE"` to its '
            "[scenario] table or pass --targets (docs/calibration.md shows the format)"
        )
    targets_path = str(args.targets) if args.targets is not None else scenario.targets
    targets = load_targets(targets_path, scenario)
    if args.dask is not None and args.workers != 1:
        raise InputError("choose --dask or --workers: the cluster's workers replace local ones")
    return path, scenario, targets_path, targets


def cmd_backtest(args: argparse.Namespace) -> int:
    from game.calibration.evaluate import Evaluator
    from game.calibration.report import score_table
    from game.calibration.score import score
    from game.files import write_text

    path, scenario, targets_path, targets = _load(args)
    if args.out is not None:
        _check_output(args.out, "--out", scenario, targets_path)
    seeds = np.arange(args.seed, args.seed + args.runs, dtype=np.uint64)
    started = time.perf_counter()
    blocks = np.array_split(seeds, max(1, args.workers if args.dask is None else 8))
    with Evaluator(path, targets_path, seeds, args.workers, args.dask) as evaluator:
        paths = evaluator.play(blocks, args.policy)
    result = score(paths, targets, scenario.nation_ids)
    elapsed = time.perf_counter() - started
    print(
        f"{scenario.name}: policy {args.policy}, {args.runs} runs (seeds {args.seed}.."
        f"{args.seed + args.runs - 1}) against {_shown(targets_path, scenario)} in {elapsed:.1f} s"
    )
    for line in score_table(result):
        print(line)
    if args.out is not None:
        write_text(args.out, json.dumps(_as_json(result, args), indent=1) + "\n")
        print(f"wrote the table to {args.out}")
    return 0


def _shown(path: str, scenario: Scenario) -> str:
    """A path as the scenario names it (relative to its folder), never the machine's."""
    try:
        return Path(path).resolve().relative_to(Path(scenario.path).resolve().parent).as_posix()
    except ValueError:
        return Path(path).name


def _check_output(path: Path, option: str, scenario: Scenario, targets_path: str) -> None:
    """An output may not be a device, a FIFO or a file the run reads."""
    from game.files import check_output
    from game.loader import source_files

    folder = Path(scenario.path).parent
    inputs = [folder / name for name, _ in source_files(scenario) or ()] + [Path(targets_path)]
    check_output(path, inputs, option)


def _as_json(result, args: argparse.Namespace) -> dict:
    targets = result.targets
    return {
        "format": "alliance-drift-backtest",
        "version": 1,
        "policy": args.policy,
        "runs": result.runs,
        "periods": [p.id for p in targets.periods],
        "fitted_periods": [targets.periods[i].id for i in targets.fitted()],
        "pairs": {
            pair.label: {
                "target": list(pair.values),
                "model": [None if np.isnan(v) else round(float(v), 2) for v in result.model[:, j]],
                "error": [None if np.isnan(v) else round(float(v), 2) for v in result.error[:, j]],
            }
            for j, pair in enumerate(targets.pairs)
        },
        "period_mae": [None if np.isnan(v) else round(float(v), 2) for v in result.period_mae],
        "fitted_mae": round(result.fitted_mae, 2),
        "held_out_mae": None if np.isnan(result.held_out_mae) else round(result.held_out_mae, 2),
        "pinned_pair_years": result.pinned_pair_years,
        "events": {
            t.event: None if np.isnan(s) else round(float(s), 4)
            for t, s in zip(targets.events, result.event_shares, strict=True)
        },
    }


def cmd_calibrate(args: argparse.Namespace) -> int:
    from game.batch.progress import ProgressBar
    from game.calibration.evaluate import Evaluator
    from game.calibration.fit import FitSettings, fit, header, score_values
    from game.calibration.knobs import fragment, knobs_of
    from game.calibration.report import before_after_table, draw_report
    from game.files import write_text

    path, scenario, targets_path, targets = _load(args)
    log_path = args.log or args.out.with_name(args.out.name + ".log.jsonl")
    outputs = [(args.out, "--out"), (log_path, "--log"), (args.report, "--report")]
    for output, option in outputs:
        if output is not None:
            _check_output(output, option, scenario, targets_path)
    named = [Path(o).resolve() for o, _ in outputs if o is not None]
    if len(set(named)) < len(named):
        raise InputError("--out, --log and --report must name different files")
    if not scenario.actions and not any(e.nation for e in scenario.events):
        raise InputError(f"{path}: the scenario has no AI decisions to calibrate")
    knobs = knobs_of(scenario)
    settings = FitSettings(budget=args.budget, runs=args.runs, seed=args.seed)
    seeds = np.arange(settings.first_seed, settings.first_seed + settings.runs, dtype=np.uint64)
    log_header = header(knobs, settings, scenario.content_hash)
    bar = ProgressBar(args.budget * args.runs, 1)
    started = time.perf_counter()
    try:
        with Evaluator(path, targets_path, seeds, args.workers, args.dask) as evaluator:
            result = fit(
                knobs,
                targets,
                evaluator,
                settings,
                log_path,
                log_header,
                scenario.nation_ids,
                on_evaluated=lambda: bar(args.runs),
                on_best=lambda error: bar.note(f"best error {error:.1f}"),
            )
            bar.close()
            # Judged on fresh seeds, not those the fit saw.
            check = np.arange(10_000, 10_000 + args.check_runs, dtype=np.uint64)
            evaluator.seeds = check
            before, after = score_values(
                evaluator, [result.start, result.best], targets, scenario.nation_ids
            )
    except ValueError as error:
        raise InputError(str(error)) from None
    finally:
        bar.close()
    elapsed = time.perf_counter() - started
    print(
        f"{scenario.name}: {result.evaluations} evaluations of {args.runs} runs in "
        f"{result.generations} generations, {elapsed:.0f} s; compared on {args.check_runs} fresh seeds"
    )
    for line in before_after_table(before, after, knobs, result):
        print(line)
    text = fragment(
        knobs,
        result.best,
        f"The AI's tuning for {scenario.id}, fitted by `python main.py calibrate` to\n"
        f"{_shown(targets_path, scenario)} (periods up to {targets.fit_until or 'the last'}).\n"
        f"{result.evaluations} evaluations of {args.runs} seeds, optimiser seed {args.seed}.\n"
        f"Fitted-period MAE on {args.check_runs} fresh seeds: {before.fitted_mae:.1f} -> "
        f"{after.fitted_mae:.1f}; held-out: {before.held_out_mae:.1f} -> {after.held_out_mae:.1f};\n"
        f"pinned pair-years {before.pinned_pair_years} -> {after.pinned_pair_years}.",
    )
    write_text(args.out, text)
    print(f"wrote {args.out}: include it from the scenario to use the fitted AI")
    if args.report is not None:
        draw_report(args.report, before, after, scenario.name)
        print(f"drew the report to {args.report}")
    return 0
