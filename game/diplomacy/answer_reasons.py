"""Why an event was answered as it was: a short reason for every answer, for people.

The AI's actions carry the interest that weighed most (game.diplomacy.describe); an event's
answer deserves the same. Under the `ai` policy a nation answers its events by weighing each
option's effects against its interests (game.diplomacy.event_choice); the reason is the
interest in which the chosen option did best against the others, naming the nation the
option moves most where the interest names one ("contain India", "win the United States as
a patron"). Where no interest favoured it, the scenario's prior (`ai_weight`) did. Answers
not weighed by interests say what decided them: history, chance, a what-if, the player, or
the world's odds.

This reads the state the answer was proposed in (the end of the turn the event fired) and
changes nothing; it is for records of single runs, not for batches.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from game.diplomacy.board import read_board
from game.diplomacy.describe import reason_text
from game.diplomacy.event_choice import as_change, change_value
from game.diplomacy.roles import PairContext, role_compiler
from game.diplomacy.rules import compile_diplomacy
from game.diplomacy.value import SECURITY, make_outlook
from game.scenario import Scenario
from game.state import State

FORCED = "a what-if: this answer is forced"
HISTORY = "as history went"
CHANCE = "chosen at random"
PLAYER = "the player's to decide (this is the policy's suggestion)"
PRIOR = "the likelier course in this scenario (its ai_weight)"
ONLY = "the only course"
WORLD = "the way the world went, by the scenario's odds"


def answer_reasons(state: State, events: list[int], run: int = 0) -> dict[int, str]:
    """A non-empty reason for the proposed answer of each of `events` (pending in `run`)."""
    scenario = state.scenario
    out: dict[int, str] = {}
    weighed: list[int] = []
    for e in events:
        event = scenario.events[e]
        nation = scenario.nation_index.get(event.nation) if event.nation else None
        if state.forced[run, e] >= 0:
            out[e] = FORCED
        elif len(event.options) == 1:
            out[e] = ONLY
        elif nation is not None and nation == state.player:
            out[e] = PLAYER
        elif state.policy == "historical":
            out[e] = HISTORY
        elif state.policy == "random":
            out[e] = CHANCE
        elif nation is None:
            out[e] = WORLD
        else:
            weighed.append(e)
    if weighed:
        out.update(_interest_reasons(state.one_run(run), weighed, run))
    return out


def _interest_reasons(single: State, events: list[int], run: int) -> dict[int, str]:
    """For AI answers: the interest in which the chosen option beat the others most."""
    scenario = single.scenario
    rules = compile_diplomacy(scenario)
    year, turn = single.year - 1, single.turn - 1  # the turn the answer was proposed in
    board = read_board(single, rules, year, turn)
    outlook = make_outlook(board, rules, explain=True)
    ctx = PairContext(single, year, turn, 1, derived_stats=board.cache["derived"])
    out: dict[int, str] = {}
    for e in events:
        event = scenario.events[e]
        nation = scenario.nation_index[event.nation]
        chosen = int(single.proposed[0, e])
        parts = [
            _effect_values(outlook, ctx, scenario, e, k, nation) for k in range(len(event.options))
        ]
        totals = np.stack([sum((v for _, v in p), np.zeros(outlook.width)) for p in parts])
        advantage = totals[chosen] - np.delete(totals, chosen, axis=0).mean(axis=0)
        best = int(np.argmax(advantage))
        if advantage[best] <= 1e-9:
            out[e] = PRIOR
            continue
        out[e] = reason_text(scenario, best, _named(board, parts[chosen], best, nation)) or PRIOR
    return out


def _effect_values(outlook, ctx: PairContext, scenario: Scenario, e: int, k: int, nation: int):
    """[(counterpart or -1, (W,) value to `nation`)] for each weighable effect of option k:
    the counterpart is the other nation of a relation or baseline change with `nation`."""
    out = []
    for effect, compiled in _compiled(scenario)[e][k]:
        value = change_value(outlook, compiled, ctx)  # (1, N or 1, 1, W)
        row = value[0, nation] if value.shape[1] > 1 else value[0, 0]
        out.append(
            (
                _counterpart(scenario, effect, nation),
                np.asarray(row).reshape(-1, outlook.width).sum(axis=0),
            )
        )
    return out


def _named(board, parts, interest: int, nation: int) -> int:
    """Whom the reason names: for security the chief threat; otherwise the nation whose
    ties the option warms and whose change served the interest most (-1: none)."""
    if interest == SECURITY:
        threat = board.threat[0, nation]
        return int(np.argmax(threat)) if threat.max() > 0.05 else -1
    best = max(parts, key=lambda part: part[1][interest], default=(-1, None))
    counterpart, value = best
    return counterpart if value is not None and value[interest] > 0 else -1


@cache
def _compiled(scenario: Scenario) -> tuple:
    """Per event, per option, the (effect, compiled change) pairs the AI can weigh."""
    compiler = role_compiler(scenario, "none")
    out = []
    for event in scenario.events:
        options = []
        for option in event.options:
            pairs = []
            for effect in option.effects:
                compiled = as_change(effect, compiler, scenario)
                if compiled is not None:
                    pairs.append((effect, compiled))
            options.append(tuple(pairs))
        out.append(tuple(options))
    return tuple(out)


def _counterpart(scenario: Scenario, effect, nation: int) -> int:
    """The other nation of a relation or baseline change that warms ties with `nation`."""
    target = effect.target
    if target.name not in ("relation", "baseline") or effect.op not in ("+=", "="):
        return -1
    ids = [getattr(arg, "name", None) for arg in target.args]
    me = scenario.nation_ids[nation]
    if len(ids) != 2 or me not in ids:
        return -1
    if effect.op == "+=" and getattr(effect.value, "value", 1.0) <= 0:
        return -1
    return scenario.nation_index[ids[1] if ids[0] == me else ids[0]]
