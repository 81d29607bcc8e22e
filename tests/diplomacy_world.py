"""Constructed worlds for the diplomacy tests: a few nations with chosen strength,
relations and interests, plus the shipped action set (copied next to the scenario so the
include stays inside its folder)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from game import load_scenario
from game.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
ACTIONS = ROOT / "scenarios" / "diplomacy" / "actions.toml"


@dataclass
class Nation:
    id: str
    gdp: float = 50.0
    defence_share: float = 3.0
    stability: float = 60.0
    nuclear: float = 0.0
    economy: float = 0.0
    liberty: float = 0.0
    playable: bool = True


@dataclass
class World:
    nations: list[Nation]
    relations: dict[tuple[str, str], float] = field(default_factory=dict)
    trade: dict[tuple[str, str], float] = field(default_factory=dict)
    interests: str = ""
    objectives: str = ""
    extra: str = ""  # more TOML (treaties, events, actions)
    years: tuple[int, int] = (2000, 2010)
    diplomacy: str = ""  # lines of the [diplomacy] table
    shared_actions: bool = True

    def toml(self) -> str:
        include = 'include = ["diplomacy/actions.toml"]\n' if self.shared_actions else ""
        lines = [f"schema_version = 1\n{include}", "[scenario]", 'id = "world"', 'name = "World"']
        lines += [f"start_year = {self.years[0]}", f"end_year = {self.years[1]}", ""]
        if self.diplomacy:
            lines += ["[diplomacy]", self.diplomacy, ""]
        for k, nation in enumerate(self.nations):
            lines += [
                "[[nations]]",
                f'id = "{nation.id}"',
                f'name = "Nation {nation.id}"',
                'color = "#336699"',
                f"capital = [{10 + k}.0, 20.0]",
                f"playable = {'true' if nation.playable else 'false'}",
                "[nations.stats]",
                "population = 50",
                f"gdp = {nation.gdp}",
                "gdp_growth = 3",
                f"defence_share = {nation.defence_share}",
                f"stability = {nation.stability}",
                f"nuclear = {nation.nuclear}",
                "[nations.ideology]",
                f"economy = {nation.economy}",
                f"liberty = {nation.liberty}",
                "",
            ]
        pairs = set(self.relations) | set(self.trade)
        for a, b in sorted(pairs):
            value = self.relations.get((a, b), 0.0)
            lines += [
                "[[relations]]",
                f'pair = ["{a}", "{b}"]',
                f"value = {value}",
                f"trade = {self.trade.get((a, b), 0.0)}",
                "",
            ]
        return "\n".join(lines) + "\n" + self.interests + "\n" + self.objectives + "\n" + self.extra

    def write(self, folder: Path, name: str = "world.toml") -> Path:
        if self.shared_actions:
            (folder / "diplomacy").mkdir(parents=True, exist_ok=True)
            shutil.copy(ACTIONS, folder / "diplomacy" / "actions.toml")
        path = folder / name
        path.write_text(self.toml(), encoding="utf-8")
        return path

    def load(self, folder: Path) -> Scenario:
        return load_scenario(self.write(folder))


def interests(nation: str, rivals=(), patrons=(), clients=(), **weights: float) -> str:
    """An [[interests]] table; keyword arguments are interest weights or personality traits."""
    traits = {k: weights.pop(k) for k in ("risk", "thrift", "accommodation") if k in weights}
    text = f'[[interests]]\nnation = "{nation}"\nrivals = {list(rivals)!r}\npatrons = {list(patrons)!r}\nclients = {list(clients)!r}\n'
    text = text.replace("'", '"')
    if weights:
        text += "[interests.weights]\n" + "".join(f"{k} = {v}\n" for k, v in weights.items())
    if traits:
        text += "[interests.personality]\n" + "".join(f"{k} = {v}\n" for k, v in traits.items())
    return text + "\n"


def twelve_nations() -> World:
    """A busy world of twelve nations of very different strength, for timing."""
    ids = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III", "JJJ", "KKK", "LLL"]
    sizes = [900, 400, 300, 120, 60, 60, 30, 30, 20, 10, 8, 5]
    nations = [
        Nation(i, gdp=g, economy=(k * 37) % 160 - 80, liberty=(k * 53) % 160 - 80)
        for k, (i, g) in enumerate(zip(ids, sizes, strict=True))
    ]
    relations = {}
    for a in range(12):
        for b in range(a + 1, 12):
            relations[(ids[a], ids[b])] = float(((a * 7 + b * 13) % 140) - 70)
    treaties = "".join(
        f'[[treaties]]\nid = "T{k}"\nname = "Treaty {k}"\nkind = "organisation"\nmembers = ["{ids[k]}", "{ids[k + 3]}"]\nstart = 2000\n\n'
        for k in range(4)
    )
    return World(nations, relations, extra=treaties, years=(2000, 2030))
