"""The nations of a scenario: their tables, starting ties, territory and successions."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from game.loading.checker import ExpressionChecker
from game.loading.guard import MAX_TEXT, FileGuard, Item
from game.scenario import EXTENSIVE_STATS, IDEOLOGY_AXES, Emergence, NationDef
from game.scenario_specs import (
    AID,
    EMERGES,
    IDEOLOGY,
    RELATION,
    STATS_SPEC,
    stats_spec_for_emerging,
)
from game.schema import Source

_COLOR = re.compile(r"\A#[0-9a-fA-F]{6}\Z")


def _color(loader: FileGuard, item: Item, value: str | None) -> tuple[int, int, int]:
    if value is None or not _COLOR.match(value):
        if value is not None:
            loader.report(
                item.source,
                f"{item.key}.color",
                f"colour '{value}' is not of the form '#rrggbb'",
                "e.g. '#1f7a3a'",
            )
        return (128, 128, 128)
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def read_nations(
    loader: FileGuard, nations: dict[str, Item], checker: ExpressionChecker
) -> list[NationDef]:
    out: list[NationDef] = []
    for nation_id, item in nations.items():
        data = item.data
        emerges = None
        if data["emerges"] is not None:
            emerges = _emergence(loader, item, nations, checker)
        spec = stats_spec_for_emerging() if data["emerges"] is not None else STATS_SPEC
        stats = loader.reader.table(item.source, f"{item.key}.stats", data["stats"] or {}, spec)
        ideology = loader.reader.table(
            item.source, f"{item.key}.ideology", data["ideology"] or {}, IDEOLOGY
        )
        values = {name: float(v) for name, v in stats.items() if v is not None}
        values.update({axis: float(ideology[axis] or 0.0) for axis in IDEOLOGY_AXES})
        if "military" not in values and "gdp" in values and "defence_share" in values:
            depreciation = 0.1
            values["military"] = values["gdp"] * values["defence_share"] / 100.0 / depreciation
        for name in EXTENSIVE_STATS:
            values.setdefault(name, 0.0)
        capital = data["capital"]
        if capital is not None and (
            len(capital) != 2 or not (-180 <= capital[0] <= 180 and -90 <= capital[1] <= 90)
        ):
            loader.report(
                item.source,
                f"{item.key}.capital",
                "capital must be [longitude, latitude] with -180..180 and -90..90",
            )
            capital = None
        brief = data["brief"] or ""
        if len(brief) > MAX_TEXT:
            loader.report(
                item.source, f"{item.key}.brief", f"text is longer than {MAX_TEXT} characters"
            )
        out.append(
            NationDef(
                id=nation_id,
                name=data["name"] or nation_id,
                color=_color(loader, item, data["color"]),
                capital=tuple(capital) if capital else (0.0, 0.0),
                territory=tuple(
                    data["territory"]
                    if data["territory"] is not None
                    else ([] if emerges else [nation_id])
                ),
                playable=bool(data["playable"]),
                brief=brief,
                stats=values,
                emerges=emerges,
            )
        )
    return out


def _emergence(
    loader: FileGuard, item: Item, nations: dict[str, Item], checker: ExpressionChecker
) -> Emergence:
    key = f"{item.key}.emerges"
    data = loader.reader.table(item.source, key, item.data["emerges"], EMERGES)
    loader.nation_ref(item, f"{key}.from", data["from"], nations)
    if data["from"] == item.data.get("id"):
        loader.report(item.source, f"{key}.from", "a nation cannot emerge from itself")
    when = checker.condition(item.source, f"{key}.when", data["when"])
    return Emergence(
        from_id=data["from"] or "",
        when=when,
        territory=tuple(data["territory"] or ()),
        # A bad share was reported already (and is None here); the default keeps building.
        population_share=float(_or_default(data, "population_share")),
        gdp_share=float(_or_default(data, "gdp_share")),
        military_share=float(_or_default(data, "military_share")),
        relations_share=float(_or_default(data, "relations_share")),
        inherit_treaties=bool(data["inherit_treaties"]),
        predecessor_ends=bool(data["predecessor_ends"]),
    )


def _or_default(data: dict, name: str) -> Any:
    return data[name] if data[name] is not None else EMERGES[name].default


def read_relations(
    loader: FileGuard,
    files: list[tuple[Source, dict]],
    nations: dict[str, Item],
    index: dict[str, int],
    defs: list[NationDef],
):
    n = len(index)
    relations = np.zeros((n, n))
    baselines = np.full((n, n), np.nan)
    trade = np.zeros((n, n))
    aid = np.zeros((n, n))
    given = np.zeros((n, n), dtype=bool)
    wars: list[tuple[str, str]] = []
    seen: dict[tuple[str, str], Item] = {}
    for item in loader.items(files, "relations", RELATION):
        pair = item.data["pair"]
        if pair is None:
            continue
        if len(pair) != 2 or pair[0] == pair[1]:
            loader.report(
                item.source,
                f"{item.key}.pair",
                'pair must name two different nations, e.g. ["PAK", "USA"]',
            )
            continue
        ok = [loader.nation_ref(item, f"{item.key}.pair[{k}]", pair[k], nations) for k in (0, 1)]
        if not all(ok):
            continue
        key = tuple(sorted(pair))
        if key in seen:
            loader.report(
                item.source, f"{item.key}.pair", f"relation {pair[0]}–{pair[1]} is given twice"
            )
            continue
        seen[key] = item
        i, j = index[pair[0]], index[pair[1]]
        value = item.data["value"] if item.data["value"] is not None else 0.0
        relations[i, j] = relations[j, i] = value
        given[i, j] = given[j, i] = True
        base = item.data["baseline"]
        baselines[i, j] = baselines[j, i] = value if base is None else base
        trade[i, j] = trade[j, i] = item.data["trade"] or 0.0
        if item.data["at_war"]:
            wars.append((pair[0], pair[1]))
    baselines = np.where(np.isnan(baselines), relations, baselines)
    for item in loader.items(files, "aid", AID):
        donor, recipient = item.data["from"], item.data["to"]
        ok = loader.nation_ref(item, f"{item.key}.from", donor, nations) & loader.nation_ref(
            item, f"{item.key}.to", recipient, nations
        )
        if ok and donor != recipient and item.data["amount"] is not None:
            aid[index[donor], index[recipient]] += item.data["amount"]
        elif ok and donor == recipient:
            loader.report(item.source, f"{item.key}.to", "a nation cannot give aid to itself")
    np.fill_diagonal(relations, 100.0)
    np.fill_diagonal(baselines, 100.0)
    return relations, baselines, trade, aid, tuple(wars), given


def check_territory(loader: FileGuard, nations: dict[str, Item], defs: list[NationDef]) -> None:
    owner: dict[str, str] = {}
    for nation in defs:
        if nation.emerges is not None:
            continue
        for region in nation.territory:
            if region in owner:
                item = nations[nation.id]
                loader.report(
                    item.source,
                    f"{item.key}.territory",
                    f"region '{region}' is already held by {owner[region]}",
                    "each map region starts with one owner",
                )
            owner[region] = nation.id


def check_successions(loader: FileGuard, nations: dict[str, Item], defs: list[NationDef]) -> None:
    by_id = {n.id: n for n in defs}
    for nation in defs:
        if nation.emerges is None or nation.emerges.from_id not in by_id:
            continue
        chain = [nation.id]
        current = nation
        while current.emerges is not None and current.emerges.from_id in by_id:
            parent = current.emerges.from_id
            if parent in chain:
                item = nations[nation.id]
                loader.report(
                    item.source,
                    f"{item.key}.emerges.from",
                    "succession goes round in a circle: " + " ← ".join(chain + [parent]),
                    "some nation in the chain must exist at the start",
                )
                break
            chain.append(parent)
            current = by_id[parent]
        parent_def = by_id[nation.emerges.from_id]
        held = set(parent_def.territory) | set(
            parent_def.emerges.territory if parent_def.emerges else ()
        )
        for k, region in enumerate(nation.emerges.territory):
            if region not in held:
                item = nations[nation.id]
                loader.report(
                    item.source,
                    f"{item.key}.emerges.territory[{k}]",
                    f"region '{region}' is not part of {parent_def.id}'s territory",
                    f"{parent_def.id} holds: {', '.join(sorted(held)) or 'nothing'}",
                )
    shares: dict[str, float] = {}
    for nation in defs:
        if nation.emerges is not None:
            shares[nation.emerges.from_id] = (
                shares.get(nation.emerges.from_id, 0.0) + nation.emerges.population_share
            )
    for parent, total in shares.items():
        if total > 1.0001 and parent in nations:
            item = nations[parent]
            loader.report(
                item.source,
                item.key,
                f"successors of {parent} take {total:.0%} of its population; at most 100% is possible",
            )
