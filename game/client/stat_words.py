"""How the client names each statistic: one function holds the words, so every screen
(the nation panel, the map modes, effect texts and tooltips) says the same thing.

The engine's table of statistics (game.scenario.STATS) has each one's range and meaning;
the names for people live here until that table carries them too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatWords:
    label: str  # a panel's or a map mode's caption: "GDP", "Growth"
    words: str  # inside a sentence: "GDP growth", "defence spending"
    unit: str  # after a change: "bn $", "%/yr" ("" when it has none)


_WORDS: dict[str, StatWords] = {
    "population": StatWords("Population", "population", "m"),
    "population_growth": StatWords("Population growth", "population growth", "%/yr"),
    "gdp": StatWords("GDP", "GDP", "bn $"),
    "gdp_growth": StatWords("Growth", "GDP growth", "%/yr"),
    "military": StatWords("Military", "military strength", ""),
    "defence_share": StatWords("Defence", "defence spending", "% of GDP"),
    "stability": StatWords("Stability", "stability", ""),
    "nuclear": StatWords("Nuclear", "nuclear status", ""),
    "economy": StatWords("Economy", "economic ideology", ""),
    "religion": StatWords("Religion", "religious ideology", ""),
    "liberty": StatWords("Liberty", "liberal ideology", ""),
}


def stat_words(name: str) -> StatWords:
    """The words for statistic `name` (its own id, unchanged, when it has none)."""
    return _WORDS.get(name, StatWords(name, name, ""))
