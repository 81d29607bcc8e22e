"""How the client names each statistic: the words come from the engine's field table
(game.fields), so every screen (the nation panel, the map modes, effect texts and
tooltips) and every engine text say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.fields import STAT_FIELDS


@dataclass(frozen=True)
class StatWords:
    label: str  # a panel's or a map mode's caption: "GDP", "Growth"
    words: str  # inside a sentence: "GDP growth", "defence spending"
    unit: str  # after a change: "$bn", "%/yr" ("" when it has none)


_WORDS: dict[str, StatWords] = {
    field.name: StatWords(field.heading, field.label, field.unit) for field in STAT_FIELDS
}


def stat_words(name: str) -> StatWords:
    """The words for statistic `name` (its own id, unchanged, when it has none)."""
    return _WORDS.get(name, StatWords(name, name, ""))
