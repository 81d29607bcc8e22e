"""The balance tournament: AI-vs-AI games for each playable nation, many seeds at once.

For each playable nation, every strategy is played over the same seeds in one batch (the
batch axis carries strategies × seeds): its own AI ("ai"), doing nothing ("passive"),
acting at random ("random"), and repeating one action every turn it can ("repeat <id>").
Every other nation is played by its AI. The report gives the spread of scores and wins
with 95% confidence intervals, and checks the balance rules:

- no single action, repeated every turn, wins more than 80% of games for any nation;
- no objective is impossible (never met in any game) or free (met in nearly every game
  even by a nation that does nothing and by one that acts at random).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from game.construction import initial_state
from game.diplomacy.ai import PASSIVE, RANDOM
from game.diplomacy.objectives import outcome
from game.diplomacy.rules import compile_diplomacy
from game.engine import step
from game.scenario import Scenario

REPEAT_WIN_LIMIT = 0.8
FREE_RATE = 0.98  # met in at least this share of passive and of random games: free
Z95 = 1.959964


@dataclass
class StrategyResult:
    name: str
    games: int
    score: float
    score_ci: tuple[float, float]
    win_rate: float
    win_ci: tuple[float, float]
    objective_rates: dict[str, float]


@dataclass
class NationResult:
    nation: str
    name: str
    strategies: list[StrategyResult]
    objective_rates: dict[str, float]  # over every game of every strategy
    problems: list[str] = field(default_factory=list)

    def strategy(self, name: str) -> StrategyResult:
        return next(s for s in self.strategies if s.name == name)


@dataclass
class TournamentResult:
    scenario: str
    seeds: int
    policy: str
    nations: list[NationResult]
    seconds: float = 0.0

    @property
    def problems(self) -> list[str]:
        return [p for n in self.nations for p in n.problems]

    def to_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def strategies_of(scenario: Scenario) -> list[tuple[str, int]]:
    """(name, ai_script code) of every strategy the tournament plays."""
    out = [("ai", -1), ("passive", PASSIVE), ("random", RANDOM)]
    out += [(f"repeat {action.id}", a) for a, action in enumerate(scenario.actions)]
    return out


def play_nation(
    scenario: Scenario,
    nation: str,
    seeds: int,
    first_seed: int = 0,
    policy: str = "ai",
    progress: Callable[[str], None] | None = None,
) -> NationResult:
    """Every strategy for `nation`, `seeds` games each, in one batch."""
    index = scenario.nation_index[nation]
    plans = strategies_of(scenario)
    seed_list = np.tile(np.arange(first_seed, first_seed + seeds, dtype=np.int64), len(plans))
    state = initial_state(scenario, seeds=seed_list, policy=policy)
    state.ai_script[:, index] = np.repeat(
        np.array([code for _, code in plans], dtype=np.int16), seeds
    )
    while not state.done:
        state, _ = step(state)
        if progress is not None and state.turn % 10 == 0:
            progress(f"{nation}: {state.year}")
    result = outcome(state, index)
    rules = compile_diplomacy(scenario)
    ids = [rules.objectives[o].id for o in result.objectives]
    kinds = [rules.objectives[o].check for o in result.objectives]
    met = (
        np.where(
            np.array([k == "share" for k in kinds])[None, :], result.met >= 0.5, result.met >= 1.0
        )
        if ids
        else result.met
    )
    strategies = []
    for k, (name, _) in enumerate(plans):
        rows = slice(k * seeds, (k + 1) * seeds)
        scores = result.score[rows]
        wins = result.won[rows]
        strategies.append(
            StrategyResult(
                name=name,
                games=seeds,
                score=float(scores.mean()),
                score_ci=mean_interval(scores),
                win_rate=float(wins.mean()),
                win_ci=wilson_interval(int(wins.sum()), seeds),
                objective_rates={ident: float(met[rows, c].mean()) for c, ident in enumerate(ids)},
            )
        )
    overall = {ident: float(met[:, c].mean()) for c, ident in enumerate(ids)}
    named = NationResult(nation, scenario.nations[index].name, strategies, overall)
    named.problems = balance_problems(named)
    return named


def balance_problems(result: NationResult) -> list[str]:
    problems = []
    for strategy in result.strategies:
        if strategy.name.startswith("repeat ") and strategy.win_rate > REPEAT_WIN_LIMIT:
            problems.append(
                f"{result.nation}: '{strategy.name}' wins {strategy.win_rate:.0%} of games (the limit is {REPEAT_WIN_LIMIT:.0%})"
            )
    passive, random_play = result.strategy("passive"), result.strategy("random")
    for ident, rate in result.objective_rates.items():
        if rate == 0.0:
            problems.append(
                f"{result.nation}: objective '{ident}' is never met in any game: impossible"
            )
        elif (
            passive.objective_rates[ident] >= FREE_RATE
            and random_play.objective_rates[ident] >= FREE_RATE
        ):
            problems.append(
                f"{result.nation}: objective '{ident}' is met in {passive.objective_rates[ident]:.0%} of games by a nation "
                f"that does nothing and {random_play.objective_rates[ident]:.0%} by one acting at random: free"
            )
    return problems


def run_tournament(
    scenario: Scenario,
    seeds: int = 200,
    nations: list[str] | None = None,
    first_seed: int = 0,
    policy: str = "ai",
    progress: Callable[[str], None] | None = None,
) -> TournamentResult:
    """Play the tournament for each playable nation (or the given ones)."""
    import time

    started = time.perf_counter()
    chosen = nations or list(scenario.playable)
    results = [
        play_nation(scenario, nation, seeds, first_seed, policy, progress) for nation in chosen
    ]
    return TournamentResult(scenario.id, seeds, policy, results, time.perf_counter() - started)


def mean_interval(values: np.ndarray) -> tuple[float, float]:
    """95% confidence interval of the mean (normal approximation)."""
    n = len(values)
    mean = float(values.mean())
    if n < 2:
        return (mean, mean)
    half = Z95 * float(values.std(ddof=1)) / math.sqrt(n)
    return (mean - half, mean + half)


def wilson_interval(successes: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval of a rate."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def report_lines(result: TournamentResult) -> list[str]:
    """The tournament as text: per nation a table of strategies, then objective rates."""
    lines = [
        f"Tournament: {result.scenario}, {result.seeds} seeds per strategy, events by the '{result.policy}' policy ({result.seconds:.0f} s)"
    ]
    for nation in result.nations:
        lines.append("")
        lines.append(f"{nation.nation}  {nation.name}")
        lines.append(f"  {'strategy':28s} {'score (95% CI)':>22s}   {'wins (95% CI)':>16s}")
        for s in nation.strategies:
            score = f"{s.score:5.1f} ({s.score_ci[0]:5.1f}-{s.score_ci[1]:5.1f})"
            wins = f"{s.win_rate:4.0%} ({s.win_ci[0]:.0%}-{s.win_ci[1]:.0%})"
            lines.append(f"  {s.name:28s} {score:>22s}   {wins:>16s}")
        if nation.objective_rates:
            ai = nation.strategy("ai").objective_rates
            lines.append(
                "  objectives met (AI / all games): "
                + ", ".join(f"{k} {ai[k]:.0%} / {v:.0%}" for k, v in nation.objective_rates.items())
            )
    lines.append("")
    problems = result.problems
    lines.append("Balance: ok" if not problems else "Balance problems:")
    lines.extend(f"  - {p}" for p in problems)
    return lines
