"""Build a `Scenario` from the files the guard read: every problem is reported at once.

The order is that of the files: the [scenario] head and parameter tables, then nations,
treaties, eras and events (each id checked unique), then expressions against the ids
found, the diplomacy tables, the map, and last the work the scenario asks for.
"""

from __future__ import annotations

import re
import weakref
from pathlib import Path
from typing import Any

from game import expr, typecheck
from game.crises.vocabulary import OUTCOME_KINDS
from game.errors import ScenarioError
from game.loading.checker import ExpressionChecker
from game.loading.crises import crisis_ids, read_crises, read_crisis_rules, read_ladder
from game.loading.diplomacy import read_diplomacy
from game.loading.events import read_eras, read_events, read_options, read_treaties
from game.loading.guard import (
    EVENT_ID,
    MAX_EVENTS,
    MAX_NATIONS,
    STD_COPY,
    STD_DIR,
    STD_PREFIX,
    FileGuard,
    Item,
    in_reading_order,
)
from game.loading.nations import (
    check_successions,
    check_territory,
    read_nations,
    read_relations,
)
from game.map_load import check_regions, read_map
from game.scenario import (
    BLOC_DEFAULTS,
    DERIVED_STATS,
    DIPLOMACY_DEFAULTS,
    DRIFT_DEFAULTS,
    ECONOMY_DEFAULTS,
    STATS,
    Scenario,
)
from game.scenario_specs import ERA, EVENT, NATION, SCENARIO, TOP_LEVEL, TREATY, make_spec
from game.schema import Source
from game.terminal import cut

_NATION_ID = re.compile(r"\A[A-Z]{3}\Z")
_TREATY_ID = re.compile(r"\A[A-Za-z][A-Za-z0-9_]{0,63}\Z")
# The work a scenario may ask for: every pair of nations in every turn (relations, records,
# a batch's histograms) and every event checked in every turn. The 1947 campaign needs
# 4,620 pair-turns and 20,412 event-turns.
MAX_PAIR_TURNS = 250_000
MAX_EVENT_TURNS = 2_500_000


def load_scenario(path: str | Path, std_dir: Path = STD_DIR) -> Scenario:
    """Load and check a scenario file (with its includes); raise ScenarioError on problems.
    `std_dir` is where `std:` includes are read from (a save's copy of the rules has its own)."""
    loader = FileGuard(std_dir)
    files = loader.load_files(Path(path))
    if files is None or loader.reader.problems:
        raise ScenarioError(in_reading_order(loader))
    scenario = _build(loader, files, Path(path))
    if scenario is not None:
        _check_work(loader, files[0][0], scenario)
    if loader.reader.problems:
        raise ScenarioError(in_reading_order(loader))
    assert scenario is not None
    folder = Path(path).parent
    _SOURCE_FILES[scenario] = tuple(
        (_copy_name(shown, folder), raw) for shown, raw in loader.files_read
    )
    return scenario


def _check_work(loader: FileGuard, source: Source, scenario: Scenario) -> None:
    """Refuse a scenario whose turns would need more memory and time than any game should:
    a small file may declare 200 nations over 2,000 years, which grows by megabytes a turn."""
    turns, nations = scenario.turns, len(scenario.nations)
    pair_turns = nations * (nations - 1) // 2 * turns
    if pair_turns > MAX_PAIR_TURNS:
        loader.report(
            source,
            "scenario.end_year",
            f"{nations} nations over {turns} turns are {pair_turns:,} pair-turns to play; "
            f"the limit is {MAX_PAIR_TURNS:,}",
            "use fewer nations or fewer years",
        )
    event_turns = len(scenario.events) * turns
    if event_turns > MAX_EVENT_TURNS:
        loader.report(
            source,
            "scenario.end_year",
            f"{len(scenario.events)} events over {turns} turns are {event_turns:,} event-turns "
            f"to check; the limit is {MAX_EVENT_TURNS:,}",
            "use fewer events or fewer years",
        )


# The exact bytes each loaded scenario was built from, so a save can carry a copy of the
# rules in play even if the files on disk change during the game.
_SOURCE_FILES: weakref.WeakKeyDictionary[Scenario, tuple[tuple[str, bytes], ...]] = (
    weakref.WeakKeyDictionary()
)


def _copy_name(shown: str, folder: Path) -> str:
    """A file's name in a copy of the rules: relative to the main file, with the standard
    library's files under STD_COPY."""
    if shown.startswith(STD_PREFIX):
        return f"{STD_COPY}/{shown[len(STD_PREFIX) :]}"
    return Path(shown).relative_to(folder).as_posix()


def source_files(scenario: Scenario) -> tuple[tuple[str, bytes], ...] | None:
    """(path relative to the main file's folder, bytes) of each file, main file first."""
    return _SOURCE_FILES.get(scenario)


def _build(loader: FileGuard, files: list[tuple[Source, dict]], path: Path) -> Scenario | None:
    reader = loader.reader
    main_source, main_data = files[0]
    top = reader.table(main_source, "", main_data, TOP_LEVEL)
    if main_data.get("scenario") is None:
        loader.report(
            main_source,
            "",
            "missing the [scenario] table",
            "is this an included file? validate the scenario that includes it",
        )
        return None
    for source, data in files[1:]:
        reader.table(source, "", data, {**TOP_LEVEL})
    head = reader.table(main_source, "scenario", top["scenario"], SCENARIO)
    if head["id"] is not None and not EVENT_ID.match(head["id"]):
        loader.report(
            main_source,
            "scenario.id",
            f"scenario id {head['id']!r} is not lower-case letters, digits and _",
            "e.g. 'pak_russia_1947'",
        )
    drift = _params(loader, main_source, "drift", top["drift"], DRIFT_DEFAULTS)
    economy = _params(loader, main_source, "economy", top["economy"], ECONOMY_DEFAULTS)
    blocs = _params(loader, main_source, "blocs", top["blocs"], BLOC_DEFAULTS)

    nation_items = loader.items(files, "nations", NATION)
    if loader.too_many(main_source, "nations", len(nation_items), MAX_NATIONS, "nations"):
        return None
    if not nation_items:
        loader.report(main_source, "", "no nations defined", "add at least two [[nations]] tables")
        return None
    nations = loader.unique(
        nation_items, "nation", _NATION_ID, "three capital letters (ISO 3166 alpha-3)"
    )
    treaty_items = loader.items(files, "treaties", TREATY)
    treaties = loader.unique(
        treaty_items, "treaty", _TREATY_ID, "a letter followed by letters, digits or _"
    )
    era_items = loader.items(files, "eras", ERA)
    eras = loader.unique(era_items, "era", EVENT_ID, "lower-case letters, digits and _")
    event_items = loader.items(files, "events", EVENT)
    if loader.too_many(main_source, "events", len(event_items), MAX_EVENTS, "events"):
        return None
    events = loader.unique(event_items, "event", EVENT_ID, "lower-case letters, digits and _")

    start, end = head["start_year"], head["end_year"]
    if start is not None and end is not None and end <= start:
        loader.report(
            main_source, "scenario.end_year", f"end_year {end} is not after start_year {start}"
        )

    crises = crisis_ids(loader, files)
    options = read_options(loader, events)
    flags = _collect_flags(files, head.get("flags") or [])
    vocab = typecheck.Vocabulary(
        ids={
            expr.NATION: set(nations),
            expr.TREATY: set(treaties),
            expr.EVENT: set(events),
            expr.FLAG: set(flags),
            expr.ERA: set(eras),
            expr.STAT: set(STATS) | set(DERIVED_STATS),
            expr.CRISIS: set(crises),
            expr.OUTCOME: set(OUTCOME_KINDS),
            expr.REGION: set(),  # known once the nations are read (their territory)
        },
        options={event_id: set(opts) for event_id, opts in options.items()},
        readonly_stats=set(DERIVED_STATS),
    )
    checker = ExpressionChecker(loader, vocab)

    nation_defs = read_nations(loader, nations, checker)
    # The map regions some nation holds at the start or brings when it emerges: what
    # `cede(REGION, NATION)` may name in the treaties, events and crises read below.
    regions: list[str] = []
    for nation in nation_defs:
        for region in nation.territory + (nation.emerges.territory if nation.emerges else ()):
            if region not in regions:
                regions.append(region)
    vocab.ids[expr.REGION] = set(regions)
    index = {nation_id: i for i, nation_id in enumerate(nations)}
    matrices = read_relations(loader, files, nations, index, nation_defs)
    treaty_defs = read_treaties(loader, treaties, nations, checker)
    era_defs = read_eras(loader, eras)
    event_defs = read_events(loader, events, nations, checker)
    ladder = read_ladder(loader, files)
    crisis_rules = read_crisis_rules(loader, files)
    diplomacy_defs = read_diplomacy(loader, files, nations, vocab, checker)
    action_ids = tuple(a.id for a in diplomacy_defs["actions"])
    crisis_defs = read_crises(loader, crises, nations, ladder, checker, action_ids)
    diplomacy = _params(loader, main_source, "diplomacy", top["diplomacy"], DIPLOMACY_DEFAULTS)
    check_territory(loader, nations, nation_defs)
    check_regions(loader, nations, nation_defs)
    map_spec = read_map(loader, main_source, top["map"], nations)
    check_successions(loader, nations, nation_defs)
    player = head.get("default_player")
    if player is not None:
        loader.nation_ref(
            Item(main_source, "scenario", {}), "scenario.default_player", player, nations
        )
    if reader.problems or None in (start, end):
        return None

    return Scenario(
        id=head["id"],
        name=head["name"],
        description=head["description"],
        path=str(path),
        content_hash=loader.hash.hexdigest(),
        start_year=start,
        end_year=end,
        months_per_turn=head["months_per_turn"],
        default_player=player,
        nations=tuple(nation_defs),
        relations=matrices[0],
        baselines=matrices[1],
        trade=matrices[2],
        aid=matrices[3],
        wars=matrices[4],
        relation_given=matrices[5],
        setup=checker.effects(main_source, "scenario.setup", head.get("setup")),
        targets=_targets_file(loader, main_source, path, head.get("targets")),
        map=map_spec,
        treaties=tuple(treaty_defs),
        eras=tuple(sorted(era_defs, key=lambda e: e.start)),
        events=tuple(event_defs),
        flags=tuple(flags),
        initial_flags=tuple(head.get("flags") or []),
        drift=drift,
        economy=economy,
        blocs=blocs,
        nation_index=index,
        event_index={e.id: i for i, e in enumerate(event_defs)},
        treaty_index={t.id: i for i, t in enumerate(treaty_defs)},
        flag_index={f: i for i, f in enumerate(flags)},
        era_index={e.id: i for i, e in enumerate(era_defs)},
        regions=tuple(regions),
        actions=diplomacy_defs["actions"],
        interests=diplomacy_defs["interests"],
        objectives=diplomacy_defs["objectives"],
        restrictions=diplomacy_defs["restrictions"],
        ai=diplomacy_defs["ai"],
        diplomacy=diplomacy,
        action_index={a.id: i for i, a in enumerate(diplomacy_defs["actions"])},
        crises=tuple(crisis_defs),
        crisis_index={c.id: i for i, c in enumerate(crisis_defs)},
        ladder=ladder,
        crisis_rules=crisis_rules,
    )


def _params(loader: FileGuard, source: Source, key: str, value: Any, defaults: dict) -> dict:
    spec = make_spec(defaults)
    table = loader.reader.table(source, key, value if value is not None else {}, spec)
    return {
        name: float(table[name] if table[name] is not None else defaults[name]) for name in defaults
    }


def _collect_flags(files: list[tuple[Source, dict]], initial: list[str]) -> list[str]:
    """Every flag some effect sets or clears, plus the scenario's starting flags."""
    names: list[str] = list(dict.fromkeys(f for f in initial if isinstance(f, str)))
    pattern = re.compile(r"\b(?:set_flag|clear_flag)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)")

    def walk(value: Any) -> None:
        if isinstance(value, str):
            for name in pattern.findall(value):
                if name not in names:
                    names.append(name)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    scenario_table = files[0][1].get("scenario")
    if isinstance(scenario_table, dict):
        walk(scenario_table.get("setup", []))
    for _, data in files:
        walk(data.get("events", []))
        walk(data.get("treaties", []))
        walk(data.get("actions", []))
    return names


def _targets_file(loader: FileGuard, source: Source, path: Path, name: str | None) -> str | None:
    """The targets file's path, which must stay inside the scenario's folder like an
    include. It is read (and must exist) only by the commands that use it, so a game
    loaded from a save's copy of the rules, which holds no targets, still loads."""
    if name is None:
        return None
    relative = Path(name)
    if not name or "\0" in name or relative.is_absolute() or ".." in relative.parts:
        loader.report(
            source,
            "scenario.targets",
            f"targets '{cut(name)}' must stay inside the scenario's folder",
            "use a path relative to this file, without '..'",
        )
        return None
    return str(path.parent / name)
