"""A scenario's expressions compiled once into numpy functions, plus static arrays.

Compiling happens once per scenario (cached), so stepping a game never parses text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from game.compile import Apply, Compiler, Value
from game.scenario import Scenario


@dataclass(frozen=True)
class CompiledEvent:
    trigger: Value | None
    modifiers: tuple[tuple[float, Value], ...]
    weights: tuple[Value, ...]
    effects: tuple[tuple[Apply, ...], ...]
    nation: int  # deciding nation index, -1 for none


@dataclass(frozen=True)
class Rules:
    scenario: Scenario
    events: tuple[CompiledEvent, ...]
    treaty_effects: tuple[tuple[Apply, ...], ...]
    emergence: tuple[Value | None, ...]  # per nation; None when it never emerges by condition
    treaty_bond: np.ndarray  # (T,)
    treaty_against: np.ndarray  # (T, N) float
    historical: np.ndarray  # (E,) int8 historical option index
    option_counts: np.ndarray  # (E,) int
    # Per-thread memo of slow terms that change rarely (game.phases.memo); never compared.
    memo: dict = field(default_factory=dict, compare=False, repr=False)


@cache
def compile_rules(scenario: Scenario) -> Rules:
    """Compile every expression of the scenario (cached per scenario object)."""
    compiler = Compiler(scenario)
    index = scenario.nation_index
    events = []
    for event in scenario.events:
        events.append(
            CompiledEvent(
                trigger=compiler.value(event.trigger) if event.trigger is not None else None,
                modifiers=tuple((factor, compiler.value(node)) for factor, node in event.modifiers),
                weights=tuple(compiler.value(option.ai_weight) for option in event.options),
                effects=tuple(
                    tuple(compiler.effect(e) for e in option.effects) for option in event.options
                ),
                nation=index[event.nation] if event.nation else -1,
            )
        )
    n = len(scenario.nations)
    against = np.zeros((len(scenario.treaties), n))
    for t, treaty in enumerate(scenario.treaties):
        for rival in treaty.against:
            against[t, index[rival]] = 1.0
    return Rules(
        scenario=scenario,
        events=tuple(events),
        treaty_effects=tuple(
            tuple(compiler.effect(e) for e in t.per_turn) for t in scenario.treaties
        ),
        emergence=tuple(
            compiler.value(n.emerges.when) if n.emerges and n.emerges.when is not None else None
            for n in scenario.nations
        ),
        treaty_bond=np.array([t.bond for t in scenario.treaties], dtype=np.float64),
        treaty_against=against,
        historical=np.array([e.historical_index for e in scenario.events], dtype=np.int8),
        option_counts=np.array([len(e.options) for e in scenario.events], dtype=np.int64),
    )
