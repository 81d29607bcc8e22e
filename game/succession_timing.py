"""When a successor appears, said one way for the docs, `validate` and the story.

An event's decision is applied at the start of the next turn, so a successor made by an
option's `emerge(X)` appears the year after the event; a successor whose `when` condition
holds appears in the succession phase of that same turn (after the events phase).
"""

from __future__ import annotations

from game.expr import Call, Word
from game.scenario import Scenario

RULE = "the turn after the decision that calls emerge(), or in the turn its 'when' holds"


def emerge_causes(scenario: Scenario) -> dict[str, list[tuple[str, str]]]:
    """Successor id -> the (event id, option id) pairs whose effects call emerge() on it."""
    causes: dict[str, list[tuple[str, str]]] = {}
    for event in scenario.events:
        for option in event.options:
            for effect in option.effects:
                target = effect.target
                if effect.op == "call" and isinstance(target, Call) and target.name == "emerge":
                    word = target.args[0] if target.args else None
                    if isinstance(word, Word):
                        causes.setdefault(word.name, []).append((event.id, option.id))
    return causes


def summary(scenario: Scenario) -> str:
    """The part of validate's summary about successors ('' when there are none)."""
    successors = [n for n in scenario.nations if n.emerges is not None]
    if not successors:
        return ""
    count = len(successors)
    return f", {count} successor{'s' if count > 1 else ''} appearing {RULE}"
