"""Engine throughput: the batch path against the single-game path, and how both scale.

    python benchmarks/bench_engine.py              # everything, each case within a time cap
    python benchmarks/bench_engine.py --quick      # smaller sizes, for a first look
    python benchmarks/bench_engine.py --phases 500 # only where one batch's time goes

Prints figures, asserts nothing. Wall time is what a user waits; CPU time (this process)
is steadier on a busy machine. Every case plays full games from the scenario's start.

- the baseline: the bare relation-drift core (12 nations, 84 turns: structural balance,
  decay toward a baseline, a bounded wobble) as one float32 numpy batch of 10,000 games,
  measured in the same run; the engine's phases are printed as multiples of it;
- batch vs single: runs/s and turns/s stepping N runs as one batch, and stepping one run
  alone (the interactive path), and their ratio per run;
- scaling with runs (1k, 10k, 100k; a case is skipped when the smaller one predicts it
  would exceed --cap seconds) and with nations (generated scenarios of 12, 24, 48);
- where a turn's time goes: CPU microseconds per run-turn in each phase of the engine,
  at the batch command's batch size;
- the full what-if command: 10,000 runs of the campaign with the ai policy, summary
  included, with --workers processes;
- time to an answer: how long `--precision` takes to know PAK closer to RUS or USA to
  ±5, ±3 and ±2 points;
- peak memory (maximum resident set of this process, and of the worker processes).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game import initial_state, load_scenario, step  # noqa: E402
from game.batch import BatchSpec, run_batch  # noqa: E402
from game.batch.runner import chunk_runs, one_blas_thread  # noqa: E402
from game.batch.synthetic import synthetic_scenario  # noqa: E402
from game.engine import PIPELINE, timed_step  # noqa: E402
from game.warm import warm  # noqa: E402

CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"
EXAMPLE = ROOT / "scenarios" / "example_minimal.toml"


def clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def play(scenario, runs: int, policy: str = "ai", first_seed: int = 0) -> tuple[float, float, int]:
    """Step `runs` seeds through the whole scenario in engine batches of the batch
    command's size, BLAS on one thread as there; (wall s, cpu s, turns)."""
    chunk = chunk_runs(len(scenario.nations))
    wall0, cpu0 = clocks()
    turns = 0
    with one_blas_thread():
        for start in range(0, runs, chunk):
            seeds = np.arange(first_seed + start, first_seed + min(runs, start + chunk))
            state = initial_state(scenario, seeds=seeds, policy=policy)
            while not state.done:
                state, _ = step(state)
            turns = state.turn
    wall1, cpu1 = clocks()
    return wall1 - wall0, cpu1 - cpu0, turns


def play_single(scenario, games: int, policy: str = "ai") -> tuple[float, float, int]:
    """`games` runs, each stepped alone (a batch of one), as the interactive game does."""
    wall0, cpu0 = clocks()
    turns = 0
    with one_blas_thread():
        for seed in range(games):
            state = initial_state(scenario, seeds=seed, policy=policy)
            while not state.done:
                state, _ = step(state)
            turns = state.turn
    wall1, cpu1 = clocks()
    return wall1 - wall0, cpu1 - cpu0, turns


def line(label: str, runs: int, wall: float, cpu: float, turns: int) -> str:
    return (
        f"  {label:<34} {runs:>7,} runs  {wall:7.2f} s wall  {cpu:7.2f} s cpu  "
        f"{runs / wall:9,.0f} runs/s  {runs * turns / wall:11,.0f} run-turns/s"
    )


def peak_memory_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def drift_core(runs: int, nations: int = 12, turns: int = 84, seed: int = 0) -> float:
    """CPU seconds per run-turn of the bare relation-drift core, the yardstick the engine
    is held to: symmetric relations (runs, n, n) in float32, each turn structural balance
    ((R R) over third parties), decay toward a fixed baseline and a normal wobble, clipped
    to ±100. No events, economy, AI or actions: the least any drift model must do."""
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.uniform(-60.0, 60.0, (runs, nations, nations)), 1)
    relations = (upper + upper.transpose(0, 2, 1)).astype(np.float32)
    baseline = relations.copy()
    off = (~np.eye(nations, dtype=bool)).astype(np.float32)[None]
    others = np.float32(1.0 / (nations - 2))
    with one_blas_thread():
        start = time.process_time()
        for _ in range(turns):
            unit = relations * np.float32(0.01)
            balance = np.matmul(unit, unit) * others
            wobble = rng.standard_normal((runs, nations, nations), dtype=np.float32)
            wobble = np.triu(wobble, 1)
            wobble = wobble + wobble.transpose(0, 2, 1)
            change = np.float32(4.0) * balance + np.float32(0.05) * (baseline - relations)
            change += np.float32(1.5) * wobble
            relations = np.clip(relations + change * off, np.float32(-100.0), np.float32(100.0))
        spent = time.process_time() - start
    return spent / (runs * turns)


def batch_against_single(name: str, scenario, runs: int, games: int) -> None:
    print(
        f"\n{name}: {len(scenario.nations)} nations, {len(scenario.events)} events, {scenario.turns} turns, policy ai"
    )
    wall, cpu, turns = play(scenario, runs)
    print(
        line(f"batches of {min(runs, chunk_runs(len(scenario.nations))):,}", runs, wall, cpu, turns)
    )
    single_wall, single_cpu, _ = play_single(scenario, games)
    print(line("single game (batch of one)", games, single_wall, single_cpu, turns))
    ratio = (runs / wall) / (games / single_wall)
    print(
        f"  batch path is {ratio:,.1f}× the single-game path per run (wall); one game alone: {single_wall / games:.3f} s"
    )


# (module, function, label): the engine's phases as step() calls them, and the two AI parts
# inside them (their time is also counted in the phase that calls them).
def where_time_goes(name: str, scenario, runs: int, baseline: float) -> None:
    """CPU microseconds per run-turn in each phase of the engine's own pipeline
    (`timed_step` times every PIPELINE entry, so the bench and the engine cannot disagree
    on what the phases are), for one batch of `runs`, and each as a multiple of the
    drift-core baseline (`baseline`: CPU seconds per run-turn)."""
    spent: dict[str, float] = {}
    with one_blas_thread():
        state = initial_state(scenario, seeds=np.arange(runs), policy="ai")
        start = time.process_time()
        while not state.done:
            state, _, times = timed_step(state)
            for phase, seconds in times.items():
                spent[phase] = spent.get(phase, 0.0) + seconds
        total = time.process_time() - start
    run_turns = runs * state.turn

    def row(label: str, seconds: float) -> str:
        per = seconds / run_turns
        return f"  {label:<30} {per * 1e6:8.1f} µs   {per / baseline:6.1f}×"

    print(f"\nWhere a turn's time goes ({name}, one batch of {runs:,} runs, policy ai):")
    print(f"  {'':<30} {'cpu per run-turn':>11}   × drift core ({baseline * 1e6:.2f} µs)")
    print(row("whole turn", total) + "   (target ≤ 8×)")
    for phase in PIPELINE:
        print(row(phase.name, spent.get(phase.name, 0.0)))
    print(row("the rest (copies, reports)", total - sum(spent.values())))


def scaling_with_runs(name: str, scenario, sizes: list[int], cap: float) -> None:
    print(f"\nScaling with runs ({name}):")
    per_run = None
    for runs in sizes:
        if per_run is not None and per_run * runs > cap:
            print(
                f"  {runs:>7,} runs: skipped, about {per_run * runs:,.0f} s predicted (over --cap {cap:.0f} s)"
            )
            continue
        wall, cpu, turns = play(scenario, runs)
        per_run = wall / runs
        print(line("", runs, wall, cpu, turns))


def scaling_with_nations(sizes: list[int], runs: int) -> None:
    """Generated scenarios of growing size; per run-turn cost and how fast it grows."""
    print(f"\nScaling with nations (generated scenarios, 120 events, 24 treaties, {runs:,} runs):")
    previous = None
    for nations in sizes:
        scenario = synthetic_scenario(nations)
        wall, cpu, turns = play(scenario, runs)
        per = cpu / (runs * turns)
        growth = ""
        if previous is not None:
            exponent = np.log(per / previous[1]) / np.log(nations / previous[0])
            growth = f"  ×{per / previous[1]:.1f} for ×{nations / previous[0]:g} nations (~N^{exponent:.1f})"
        print(line(f"{nations} nations", runs, wall, cpu, turns))
        print(f"    {per * 1e6:8.1f} µs cpu per run-turn{growth}")
        previous = (nations, per)
    print(
        "  Why: a run-turn works on pair arrays (runs, N, N) and the AI values every action"
        " toward every nation (N targets for each of N actors), so its cost grows as N²; the"
        " matrix products (structural balance, the threats of friends, third parties'"
        " reactions, the bloc split) grow as N³ but are still a small share at 48. Below N²"
        " at small sizes: numpy's fixed cost per call, shared by the batch, is a large share"
        " of a 12-nation turn."
    )


def what_if(scenario, runs: int, workers: int) -> None:
    print(
        f"\nThe what-if command: {runs:,} runs of {Path(scenario.path).name}, policy ai, {workers} worker(s), summary included"
    )
    spec = BatchSpec(
        scenario,
        runs=runs,
        policy="ai",
        tracked=(("PAK", "RUS"),) if "RUS" in scenario.nation_index else (),
    )
    wall0, cpu0 = clocks()
    run_batch(spec, workers=workers)
    wall1, cpu1 = clocks()
    print(
        f"  {wall1 - wall0:.2f} s wall ({runs / (wall1 - wall0):,.0f} runs/s); this process {cpu1 - cpu0:.2f} s cpu"
        + ("; target for 10,000 runs on 2 cores: ≤ 12 s wall" if runs == 10_000 else "")
    )


def time_to_answer(scenario, most: int, workers: int, points: tuple[float, ...]) -> None:
    """How long until the headline share is known to ±points (`--precision`)."""
    pairs = (("PAK", "RUS"), ("PAK", "USA"))
    if not all(nation in scenario.nation_index for pair in pairs for nation in pair):
        return
    print(
        f"\nTime to an answer (--precision): PAK:RUS against PAK:USA, policy ai, at most {most:,} runs, {workers} worker(s)"
    )
    for asked in points:
        spec = BatchSpec(scenario, runs=most, policy="ai", tracked=pairs)
        wall0, _ = clocks()
        summary = run_batch(spec, workers=workers, precision=asked)
        wall1, _ = clocks()
        reached = summary["precision"]
        print(
            f"  ±{asked:g} points: {summary['runs']:>6,} runs, margin ±{reached['margin']:.2f}, {wall1 - wall0:.2f} s wall"
            + ("" if reached["met"] else " (not met)")
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a first look")
    parser.add_argument(
        "--cap", type=float, default=300.0, help="skip a scaling case predicted to take longer (s)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="processes for the what-if command (default 2)"
    )
    parser.add_argument("--scenario", type=Path, default=CAMPAIGN if CAMPAIGN.exists() else EXAMPLE)
    parser.add_argument(
        "--phases",
        type=int,
        metavar="RUNS",
        help="print only the baseline and where a turn's time goes, for one batch of RUNS",
    )
    args = parser.parse_args()
    quick = args.quick
    scenario = load_scenario(args.scenario)
    example = load_scenario(EXAMPLE)

    # The compiled loops load (or, on a fresh checkout, compile) on first use: once per
    # process, so it is timed on its own and kept out of every figure below.
    loaded = warm()
    print(
        f"Compiled loops loaded, and the install step's games played: {loaded:.2f} s "
        "(once per process; the load alone is under a second)"
    )
    core_runs = 2_000 if quick or args.phases else 10_000
    baseline = drift_core(core_runs)
    print(
        f"Baseline, the bare drift core: 12 nations × 84 turns, float32, one batch of {core_runs:,}:"
        f" {baseline * core_runs * 84:.2f} s cpu, {baseline * 1e6:.2f} µs per run-turn"
    )
    if args.phases:
        where_time_goes(args.scenario.name, scenario, args.phases, baseline)
        return
    wall, cpu, turns = play_single(example, 1)
    print(f"One {turns}-turn game of {EXAMPLE.name} alone: {wall:.3f} s wall, {cpu:.3f} s cpu")
    batch_against_single(args.scenario.name, scenario, 500 if quick else 2000, 2 if quick else 5)
    if args.scenario != EXAMPLE:
        batch_against_single(EXAMPLE.name, example, 500 if quick else 2000, 2 if quick else 5)
    scaling_with_runs(
        args.scenario.name,
        scenario,
        [1000, 10_000, 100_000] if not quick else [200, 1000],
        args.cap,
    )
    scaling_with_nations([12, 24, 48], 200 if quick else 1000)
    where_time_goes(
        args.scenario.name,
        scenario,
        500 if quick else chunk_runs(len(scenario.nations)),
        baseline,
    )
    what_if(scenario, 1000 if quick else 10_000, args.workers)
    time_to_answer(
        scenario, 1000 if quick else 10_000, args.workers, (5.0,) if quick else (5.0, 3.0, 2.0)
    )
    own, children = peak_memory_mb()
    print(
        f"\nPeak memory: this process {own:,.0f} MB, largest worker process {children:,.0f} MB"
        " (target ≤ 2 GB)"
    )


if __name__ == "__main__":
    main()
