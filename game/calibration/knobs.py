"""The AI's free parameters that `calibrate` fits, and how a vector of them becomes a scenario.

Few parameters, each one a designer can read (the field's advice: dozens, not thousands):

- six global ones from the `[ai]` table: the temperature of event answers, how much the
  designer's `ai_weight` odds count (prior), how strongly rivals react to courting, the
  horizon over which the AI discounts objectives graded at the end, how much a partner's
  market (rather than the trade done with it) counts for the economy interest, and how
  many years of its own forgone growth a sanction is priced at;
- per great power, three of its `[[interests]]`: thrift (how sparingly it spends
  diplomatic capital: how busy its diplomacy is), the weight of ideology, for the camp
  leaders the weight of the bloc (how hard it courts clients) and their accommodation
  (whether a weaker great power bandwagons with a stronger threat or balances against
  it), and for the regional
  powers the weights of patrons and of the economy (how hard they court great powers for
  arms and aid); for the playable powers, how hard they pursue their scenario objectives.

The optimiser works in transformed coordinates: log for positive values, logit for shares
in 0..1, so one step size suits every parameter and bounds hold by construction. The
vector's origin is the scenario's own (hand-set) values, the designer's prior.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from game.scenario import INTEREST_WEIGHTS, PERSONALITY_TRAITS, InterestDef, Scenario

# Nations whose interests are fitted, when the scenario has them: the powers that move
# the board. Other nations keep their hand-set interests.
FITTED_NATIONS = ("USA", "SUN", "RUS", "CHN", "IND", "PAK")
CAMP_LEADERS = ("USA", "SUN", "RUS", "CHN")  # their bloc weight is fitted too
CLIENTS = ("IND", "PAK")  # their patron and economy weights are fitted too
PURSUERS = ("USA", "IND", "PAK")  # and how hard they pursue their scenario objectives
GLOBAL_BOUNDS = {
    "temperature": (0.1, 6.0),
    "prior": (0.1, 3.0),
    "courting": (0.1, 15.0),
    "horizon": (3.0, 300.0),
    "market": (0.05, 0.95),
    "sanction_years": (0.25, 12.0),
}
SHARES = ("market",)  # global knobs that are shares of 0..1, fitted in logit coordinates
WEIGHT_BOUNDS = (0.02, 6.0)
TRAIT_BOUNDS = (0.02, 0.98)


@dataclass(frozen=True)
class Knob:
    """One free parameter: where it lives, its scale and bounds."""

    name: str  # "ai.temperature", "PAK.thrift", "PAK.ideology"
    nation: str | None
    field: str  # an [ai] key, a personality trait or an interest weight
    kind: str  # "ai", "trait" or "weight"
    start: float  # the scenario's own value
    low: float
    high: float

    @property
    def logit(self) -> bool:
        return self.kind == "trait" or (self.kind == "ai" and self.field in SHARES)

    def to_x(self, value: float) -> float:
        value = min(max(value, self.low), self.high)
        if self.logit:
            return math.log(value / (1.0 - value))
        return math.log(value)

    def from_x(self, x: float) -> float:
        value = 1.0 / (1.0 + math.exp(-x)) if self.logit else math.exp(x)
        return float(min(max(value, self.low), self.high))

    @property
    def x_bounds(self) -> tuple[float, float]:
        return self.to_x(self.low), self.to_x(self.high)


def knobs_of(scenario: Scenario) -> list[Knob]:
    """The free parameters of a scenario, in a fixed order."""
    knobs = [
        Knob(f"ai.{name}", None, name, "ai", _start(scenario, name), *GLOBAL_BOUNDS[name])
        for name in GLOBAL_BOUNDS
    ]
    interests = {i.nation: i for i in scenario.interests}
    for nation in FITTED_NATIONS:
        if nation not in scenario.nation_index:
            continue
        interest = interests.get(nation)

        def trait(name: str, interest: InterestDef | None = interest) -> float:
            return interest.personality[name] if interest else PERSONALITY_TRAITS[name]

        ideology = interest.weights["ideology"] if interest else INTEREST_WEIGHTS["ideology"]
        knobs.append(
            Knob(f"{nation}.thrift", nation, "thrift", "trait", trait("thrift"), *TRAIT_BOUNDS)
        )
        knobs.append(
            Knob(f"{nation}.ideology", nation, "ideology", "weight", ideology, *WEIGHT_BOUNDS)
        )
        if nation in CAMP_LEADERS:
            start = trait("accommodation")
            knobs.append(
                Knob(
                    f"{nation}.accommodation",
                    nation,
                    "accommodation",
                    "trait",
                    start,
                    *TRAIT_BOUNDS,
                )
            )
        extra = (
            ("bloc",)
            if nation in CAMP_LEADERS
            else ("patron", "economy")
            if nation in CLIENTS
            else ()
        )
        if nation in PURSUERS:
            extra += ("objectives",)
        for name in extra:
            value = interest.weights.get(name, 1.0) if interest else INTEREST_WEIGHTS.get(name, 1.0)
            value = max(value, WEIGHT_BOUNDS[0])
            knobs.append(Knob(f"{nation}.{name}", nation, name, "weight", value, *WEIGHT_BOUNDS))
    return knobs


def _start(scenario: Scenario, name: str) -> float:
    """The scenario's own value of an [ai] key; a horizon of 0 (no discount) starts the fit
    at the far end of its range, which is nearly the same thing."""
    value = float(scenario.ai[name])
    if name == "horizon" and value <= 0.0:
        return GLOBAL_BOUNDS["horizon"][1]
    return value


def origin(knobs: list[Knob]) -> np.ndarray:
    """The scenario's own values in the optimiser's coordinates."""
    return np.array([k.to_x(k.start) for k in knobs])


def values_of(knobs: list[Knob], x: np.ndarray) -> dict[str, float]:
    return {k.name: k.from_x(float(v)) for k, v in zip(knobs, x, strict=True)}


def with_values(scenario: Scenario, knobs: list[Knob], values: dict[str, float]) -> Scenario:
    """A copy of the scenario with the knobs set (a new object: compiled rules are cached
    per scenario object, so the copy compiles afresh)."""
    ai = dict(scenario.ai)
    by_nation = {i.nation: i for i in scenario.interests}
    for knob in knobs:
        value = values[knob.name]
        if knob.kind == "ai":
            ai[knob.field] = value
            continue
        old = by_nation.get(
            knob.nation,
            InterestDef(knob.nation, (), (), (), dict(INTEREST_WEIGHTS), dict(PERSONALITY_TRAITS)),
        )
        if knob.kind == "trait":
            by_nation[knob.nation] = replace(
                old, personality={**old.personality, knob.field: value}
            )
        else:
            by_nation[knob.nation] = replace(old, weights={**old.weights, knob.field: value})
    order = [i.nation for i in scenario.interests]
    order += [n for n in by_nation if n not in order]
    return replace(scenario, ai=ai, interests=tuple(by_nation[n] for n in order))


def fragment(knobs: list[Knob], values: dict[str, float], header: str) -> str:
    """The fitted values as a TOML file for the scenario to include: an [ai] table."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += ["", "schema_version = 1", "", "[ai]"]
    for knob in knobs:
        if knob.kind == "ai":
            lines.append(f"{knob.field} = {values[knob.name]:.4g}")
    nations: dict[str, list[Knob]] = {}
    for knob in knobs:
        if knob.nation is not None:
            nations.setdefault(knob.nation, []).append(knob)
    for nation, own in nations.items():
        lines += ["", f"[ai.nations.{nation}]"]
        weights = [k for k in own if k.kind == "weight"]
        traits = [k for k in own if k.kind == "trait"]
        if weights:
            inner = ", ".join(f"{k.field} = {values[k.name]:.4g}" for k in weights)
            lines.append(f"weights = {{ {inner} }}")
        if traits:
            inner = ", ".join(f"{k.field} = {values[k.name]:.4g}" for k in traits)
            lines.append(f"personality = {{ {inner} }}")
    return "\n".join(lines) + "\n"
