"""`python main.py lint SCENARIO`: the warnings a scenario designer needs, beside the errors.

`validate` refuses what cannot be played. A scenario that loads can still be dull or wrong
in ways only a designer can judge: an event that fires whatever came before, an option the
AI never takes, a branch no run ever reaches. Lint finds them in two ways:

* by reading the events: a repeatable event with nothing to stop it firing every turn; a
  nation's event with no trigger (it happens in every run, whatever the world looks like);
  a trigger that tests `fired(E)` of an event whose options differ (it holds whichever
  option was taken, where `chose(E, option)` was probably meant);
* by playing small batches: events that fire in none or in every one of a batch under the
  `random` policy (so no choice anywhere can bring them about, or stop them), and options
  never chosen under the `ai` policy.

Warnings are printed as `PATH:LINE: key.path: warning: message (hint: ...)`, the format of
the loader's errors, so editors jump to them. Warnings alone leave the exit status at 0.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game import expr
from game.arguments import seed_number
from game.errors import ScenarioError
from game.scenario import EventDef, Scenario

RANDOM_RUNS = 200
AI_RUNS = 100
MAX_RUNS = 5_000  # a lint batch is a quick look, not a study


@dataclass(frozen=True)
class LintWarning:
    """One thing a designer should look at: where, what, and what to do."""

    path: str
    line: int | None
    key: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.key}: warning: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


@dataclass(frozen=True)
class Place:
    """Where an event is written: its file, its key path there, and the line index."""

    path: str
    key: str
    lines: object  # game.toml_lines.LineIndex

    def line(self, suffix: str = "") -> int | None:
        return self.lines.line_of(self.key + suffix)


def event_places(path: Path) -> dict[str, Place]:
    """Event id -> where it is written, across the main file and its includes."""
    from game.loading.guard import FileGuard

    files = FileGuard().load_files(Path(path)) or []
    places: dict[str, Place] = {}
    for source, data in files:
        events = data.get("events")
        if not isinstance(events, list):
            continue
        for i, table in enumerate(events):
            if isinstance(table, dict) and isinstance(table.get("id"), str):
                places.setdefault(table["id"], Place(source.path, f"events[{i}]", source.lines))
    return places


def _warn(place: Place | None, event: EventDef, suffix: str, message: str, hint: str | None):
    if place is None:  # pragma: no cover - every loaded event was read from a file
        return LintWarning("?", None, event.id, message, hint)
    key = place.key + suffix
    return LintWarning(place.path, place.line(suffix), key, f"event '{event.id}' {message}", hint)


def _is_scripted(event: EventDef) -> bool:
    """A background fact of the world: no decider, no condition, no chance, one outcome."""
    return (
        event.nation is None
        and event.trigger is None
        and event.chance is None
        and event.mtth is None
        and len(event.options) == 1
    )


def _fired_calls(node: expr.Node) -> list[str]:
    """Events whose firing the condition asks for; `not fired(E)` ("E never happened",
    e.g. in a scenario that starts after it) is not asked about."""
    found: list[str] = []
    stack = [(node, False)]
    while stack:
        item, negated = stack.pop()
        if isinstance(item, expr.Unary) and item.op == "not":
            stack.append((item.operand, not negated))
        elif isinstance(item, expr.Call) and item.name == "fired" and not negated:
            if item.args and isinstance(item.args[0], expr.Word):
                found.append(item.args[0].name)
        else:
            stack.extend((child, negated) for child in expr.children(item))
    return found[::-1]


def _options_differ(event: EventDef) -> bool:
    effects = {tuple(effect.text for effect in option.effects) for option in event.options}
    return len(effects) > 1


def static_warnings(scenario: Scenario, places: dict[str, Place]) -> list[LintWarning]:
    """Warnings found by reading the events, without playing."""
    out: list[LintWarning] = []
    turn = scenario.years_per_turn
    for event in scenario.events:
        place = places.get(event.id)
        first, last = event.years
        window = (
            "every turn it is played"
            if first < scenario.start_year and last > scenario.end_year
            else f"every turn from {max(first, scenario.start_year)} to {min(last, scenario.end_year)}"
        )
        if not event.once and event.trigger is None and event.cooldown <= turn:
            how = "can fire" if event.chance is not None or event.mtth is not None else "fires"
            out.append(
                _warn(
                    place,
                    event,
                    "",
                    f"repeats with no trigger and no cooldown: it {how} {window}",
                    "give it a trigger, a cooldown longer than a turn, or once = true",
                )
            )
        elif event.nation is not None and event.trigger is None:
            out.append(
                _warn(
                    place,
                    event,
                    "",
                    f"is decided by {event.nation} but has no trigger: it happens in every run, "
                    "whatever was chosen before",
                    "gate it on what it depends on, e.g. chose(event, option), a flag or a relation",
                )
            )
        if event.trigger is not None:
            for earlier in dict.fromkeys(_fired_calls(event.trigger)):
                other = scenario.events[scenario.event_index[earlier]]
                if _options_differ(other):
                    names = ", ".join(option.id for option in other.options)
                    out.append(
                        _warn(
                            place,
                            event,
                            ".trigger",
                            f"tests fired({earlier}), which holds whichever option "
                            f"'{earlier}' took ({names})",
                            f"if it follows one choice, test chose({earlier}, "
                            f"{other.options[other.historical_index].id})",
                        )
                    )
    return out


@dataclass(frozen=True)
class BatchCounts:
    """What a batch did: runs in which each event fired, and times each option was taken."""

    runs: int
    fired_runs: np.ndarray  # (E,)
    chosen: np.ndarray  # (E, K) decisions per option, pending ones at the end included


def play_counts(
    scenario: Scenario,
    policy: str,
    runs: int,
    seed: int = 0,
    on_turn: Callable[[int, int], None] | None = None,
) -> BatchCounts:
    """Play `runs` seeded runs (seeds seed..seed+runs-1) as one batch and count."""
    from game.simulation import Simulation

    sim = Simulation(scenario, seed=list(range(seed, seed + runs)), policy=policy, record=False)
    events = len(scenario.events)
    width = max(len(event.options) for event in scenario.events) if events else 1
    chosen = np.zeros((events, width), dtype=np.int64)
    total = scenario.turns_until(scenario.end_year)
    while not sim.done:
        report = sim.step()
        _count(chosen, report.decided)
        if on_turn is not None:
            on_turn(sim.state.turn, total)
    state = sim.state
    _count(chosen, np.where(state.pending, state.proposed, -1))
    return BatchCounts(runs, (state.fired_count > 0).sum(axis=0), chosen)


def _count(chosen: np.ndarray, decided: np.ndarray) -> None:
    for k in range(chosen.shape[1]):
        chosen[:, k] += (decided == k).sum(axis=0)


def batch_warnings(
    scenario: Scenario,
    places: dict[str, Place],
    random: BatchCounts | None,
    ai: BatchCounts | None,
) -> list[LintWarning]:
    """Warnings from the batches: events at 0% or 100% under random play, options the AI
    never takes. Scripted background events (no nation, trigger or chance, one option) are
    meant to happen in every run and are not listed."""
    out: list[LintWarning] = []
    for e, event in enumerate(scenario.events):
        place = places.get(event.id)
        if random is not None:
            fired = int(random.fired_runs[e])
            if fired == 0:
                out.append(
                    _warn(
                        place,
                        event,
                        "",
                        f"never fired in {random.runs} runs of the random policy",
                        "its window, trigger or chance may be out of reach: check the flags "
                        "and choices it needs, and that they can happen before its years",
                    )
                )
            elif (
                fired == random.runs
                and event.trigger is not None
                and not _is_scripted(event)
                and event.years[1] > scenario.start_year  # the first turn follows no choice
            ):
                out.append(
                    _warn(
                        place,
                        event,
                        ".trigger",
                        f"fired in all {random.runs} runs of the random policy: no choice "
                        "made before it can prevent it",
                        "if it depends on an earlier decision, gate it with chose(event, option)",
                    )
                )
        if ai is None or len(event.options) < 2:
            continue
        fired = int(ai.fired_runs[e])
        if fired == 0:
            continue
        for k, option in enumerate(event.options):
            weight = option.ai_weight
            if isinstance(weight, expr.Number) and weight.value <= 0:
                continue  # the designer said never
            if ai.chosen[e, k] == 0:
                out.append(
                    _warn(
                        place,
                        event,
                        f".options[{k}]",
                        f"option '{option.id}' was never chosen in {ai.runs} runs of the ai "
                        f"policy (the event fired in {fired})",
                        "raise its ai_weight, or make its effects worth more to the deciding "
                        "nation; ai_weight = 0 says 'never' on purpose",
                    )
                )
    return out


def scripted_always(scenario: Scenario, random: BatchCounts) -> int:
    """How many scripted background events fired in every random run (not listed)."""
    return sum(
        1
        for e, event in enumerate(scenario.events)
        if _is_scripted(event) and random.fired_runs[e] == random.runs
    )


def lint(
    path: Path,
    random_runs: int = RANDOM_RUNS,
    ai_runs: int = AI_RUNS,
    seed: int = 0,
    on_turn: Callable[[str, int, int], None] | None = None,
) -> tuple[Scenario, list[LintWarning], BatchCounts | None]:
    """Load (ScenarioError on errors) and return the scenario, its warnings in reading
    order, and the random batch's counts (None when random_runs is 0)."""
    from game.loader import load_scenario

    scenario = load_scenario(path)
    places = event_places(path)
    warnings = static_warnings(scenario, places)

    def progress(policy: str) -> Callable[[int, int], None] | None:
        return None if on_turn is None else (lambda done, total: on_turn(policy, done, total))

    random = (
        play_counts(scenario, "random", random_runs, seed, progress("random"))
        if random_runs
        else None
    )
    ai = play_counts(scenario, "ai", ai_runs, seed, progress("ai")) if ai_runs else None
    warnings += batch_warnings(scenario, places, random, ai)
    files = list(dict.fromkeys(place.path for place in places.values()))
    order = {name: k for k, name in enumerate(files)}
    warnings.sort(key=lambda w: (order.get(w.path, -1), w.line or 0))
    return scenario, warnings, random


# --- the command ---------------------------------------------------------------------------


def register(commands) -> dict:
    parser = commands.add_parser(
        "lint", help="check a scenario and warn about events and options a designer should see"
    )
    parser.add_argument("scenario", type=Path, metavar="SCENARIO")
    parser.add_argument(
        "--random-runs",
        type=_runs,
        default=RANDOM_RUNS,
        help=f"runs of the random policy for the 0%%/100%% check (default {RANDOM_RUNS}; 0 skips)",
    )
    parser.add_argument(
        "--ai-runs",
        type=_runs,
        default=AI_RUNS,
        help=f"runs of the ai policy for options never chosen (default {AI_RUNS}; 0 skips)",
    )
    parser.add_argument("--seed", type=seed_number, default=0, help="first seed of the batches")
    return {"lint": cmd_lint}


def _runs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"runs must be a whole number, not {text!r}") from None
    if not 0 <= value <= MAX_RUNS:
        raise argparse.ArgumentTypeError(f"runs must be between 0 and {MAX_RUNS}, not {value}")
    return value


def cmd_lint(args: argparse.Namespace) -> int:
    shown: dict[str, int] = {}

    def progress(policy: str, done: int, total: int) -> None:
        if sys.stderr.isatty() and shown.get(policy) != done:
            shown[policy] = done
            print(f"\rlint: playing {policy} runs, turn {done}/{total}", end="", file=sys.stderr)
            if done == total:
                print(file=sys.stderr)

    try:
        scenario, warnings, random = lint(
            args.scenario, args.random_runs, args.ai_runs, args.seed, progress
        )
    except ScenarioError as error:
        print(str(error))
        return 2
    for warning in warnings:
        print(warning)
    tail = ""
    if random is not None:
        scripted = scripted_always(scenario, random)
        if scripted:
            tail = f"; {scripted} scripted background events fire in every run, as written"
    count = len(warnings)
    print(
        f"{args.scenario}: {count} warning{'s' if count != 1 else ''} "
        f"({len(scenario.events)} events; {args.random_runs} random and {args.ai_runs} ai runs{tail})"
    )
    return 0
