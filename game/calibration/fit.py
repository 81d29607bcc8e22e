"""Fit the AI's free parameters to a scenario's targets with CMA-ES (the `cma` library).

Simulated minimum distance: each candidate plays the same seeds (common random numbers),
its paths are scored against the targets of the fitted periods (`Score.objective`), and a
small penalty on the distance from the scenario's own values keeps the fit near the
designer's intent unless the data pull it away. CMA-ES asks for a population, all of it is
evaluated in one batch (across workers or Dask), and told the scores.

Every generation is appended to a log (JSON lines). A fit stopped by Ctrl-C resumes from
its log: the optimiser is rebuilt with the same seed and told the logged generations
again, which puts it exactly where it was without playing them again.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.calibration.evaluate import Evaluator
from game.calibration.knobs import Knob, origin, values_of
from game.calibration.score import Score, score
from game.calibration.targets import Targets

SIGMA0 = 0.5  # initial step in log / logit units: a factor of about 1.6
REGULARISE = 3.0  # objective points per unit of mean squared distance from the origin
LOG_VERSION = 1


@dataclass
class FitSettings:
    budget: int = 120  # candidate evaluations
    runs: int = 96  # seeds per evaluation
    seed: int = 1  # the optimiser's seed
    first_seed: int = 0  # the evaluation seeds are first_seed .. first_seed + runs - 1
    regularise: float = REGULARISE


@dataclass
class Candidate:
    x: list[float]
    objective: float  # what the optimiser saw (score + regularisation)
    error: float  # the fitted periods' MAE
    pinned: int


@dataclass
class FitResult:
    knobs: list[Knob]
    start: dict[str, float]
    best: dict[str, float]
    best_candidate: Candidate
    evaluations: int
    generations: int
    history: list[float] = field(default_factory=list)  # best objective after each generation


def penalty(x: np.ndarray, x0: np.ndarray, weight: float) -> float:
    """Regularisation toward the scenario's own values."""
    return float(weight * np.mean((np.asarray(x) - x0) ** 2))


def header(knobs: list[Knob], settings: FitSettings, scenario_hash: str) -> dict:
    return {
        "format": "alliance-drift-calibration-log",
        "version": LOG_VERSION,
        "scenario": scenario_hash,
        "knobs": [k.name for k in knobs],
        "runs": settings.runs,
        "seed": settings.seed,
        "first_seed": settings.first_seed,
        "regularise": settings.regularise,
    }


def read_log(path: Path, expected: dict) -> list[dict]:
    """The generations of an earlier fit with the same settings; [] when there is none.
    A log of another fit is refused, so it is never mixed with this one."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle.read(64 * 1024 * 1024).splitlines() if line.strip()]
    if not lines:
        return []
    try:
        head = json.loads(lines[0])
        generations = [json.loads(line) for line in lines[1:]]
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not a calibration log ({error.msg})") from None
    if head != expected:
        raise ValueError(
            f"{path}: this log belongs to a fit with other settings or another scenario "
            "version; remove it (or name another with --log) to start afresh"
        )
    for generation in generations:
        if not isinstance(generation, dict) or not {"X", "f", "error", "pinned"} <= set(generation):
            raise ValueError(f"{path}: a generation of the log is damaged; remove the log")
    return generations


def make_optimiser(x0: np.ndarray, knobs: list[Knob], settings: FitSettings):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cma warns that matplotlib is missing
        import cma
    lower = [k.x_bounds[0] for k in knobs]
    upper = [k.x_bounds[1] for k in knobs]
    return cma.CMAEvolutionStrategy(
        list(x0),
        SIGMA0,
        {"seed": settings.seed, "bounds": [lower, upper], "verbose": -9, "maxfevals": 10**9},
    )


def fit(
    knobs: list[Knob],
    targets: Targets,
    evaluator: Evaluator,
    settings: FitSettings,
    log_path: Path,
    log_header: dict,
    nation_ids: tuple[str, ...],
    on_evaluated: Callable[[], None] | None = None,
    on_best: Callable[[float], None] | None = None,
) -> FitResult:
    """Run CMA-ES until `settings.budget` evaluations; resume from `log_path` if it holds
    earlier generations of the same fit."""
    x0 = origin(knobs)
    evaluator.until = targets.fit_until  # held-out years are not needed to fit
    es = make_optimiser(x0, knobs, settings)
    done = read_log(log_path, log_header)
    evaluations, history = 0, []
    best: Candidate | None = None

    def consider(x: list[float], objective: float, error: float, pinned: int) -> None:
        nonlocal best
        if best is None or objective < best.objective:
            best = Candidate(list(x), objective, error, pinned)

    for generation in done:  # replay: the optimiser asks, and is told what it was told
        es.ask()
        es.tell([np.array(x) for x in generation["X"]], generation["f"])
        for x, f, e, p in zip(
            generation["X"],
            generation["f"],
            generation["error"],
            generation["pinned"],
            strict=True,
        ):
            consider(x, f, e, p)
        evaluations += len(generation["X"])
        history.append(best.objective)
    if best is not None and on_best:
        on_best(best.error)
    mode = "a" if done else "w"
    with open(log_path, mode, encoding="utf-8") as log:
        if not done:
            log.write(json.dumps(log_header) + "\n")
            log.flush()
        while evaluations < settings.budget:
            xs = es.ask()
            candidates = [values_of(knobs, x) for x in xs]
            scores = [
                score(paths, targets, nation_ids)
                for paths in evaluator.map(candidates, on_evaluated)
            ]
            fs = [
                s.objective() + penalty(x, x0, settings.regularise)
                for x, s in zip(xs, scores, strict=True)
            ]
            fs = [f if math.isfinite(f) else 1e6 for f in fs]
            es.tell(xs, fs)
            row = {
                "X": [[float(v) for v in x] for x in xs],
                "f": fs,
                "error": [s.fitted_mae for s in scores],
                "pinned": [s.pinned_pair_years for s in scores],
            }
            log.write(json.dumps(row) + "\n")
            log.flush()
            for x, f, s in zip(xs, fs, scores, strict=True):
                consider([float(v) for v in x], f, s.fitted_mae, s.pinned_pair_years)
            evaluations += len(xs)
            history.append(best.objective)
            if on_best:
                on_best(best.error)
    assert best is not None
    evaluator.until = None
    return FitResult(
        knobs=knobs,
        start=values_of(knobs, x0),
        best=values_of(knobs, np.array(best.x)),
        best_candidate=best,
        evaluations=evaluations,
        generations=len(history),
        history=history,
    )


def score_values(
    evaluator: Evaluator, values: list[dict[str, float]], targets: Targets, ids: tuple[str, ...]
) -> list[Score]:
    """Score some candidates on the evaluator's seeds (used for the before/after report)."""
    return [score(paths, targets, ids) for paths in evaluator.map(values)]
