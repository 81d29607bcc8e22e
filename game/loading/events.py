"""The history of a scenario: treaties, eras and events with their options."""

from __future__ import annotations

from game import expr
from game.loading.checker import ExpressionChecker
from game.loading.guard import EVENT_ID, MAX_TEXT, FileGuard, Item
from game.scenario import INTEREST_WEIGHTS, EraDef, EventDef, OptionDef, TreatyDef
from game.scenario_specs import EVENT_KINDS, MODIFIER, OPTION, VARIANT
from game.schema import Reader, Source

MAX_OPTIONS = 10  # options per event (and text variants)
_KINDS_HINT = "history: it happened; alternate: it follows a choice history did not take"


def read_treaties(
    loader: FileGuard,
    treaties: dict[str, Item],
    nations: dict[str, Item],
    checker: ExpressionChecker,
) -> list[TreatyDef]:
    out: list[TreatyDef] = []
    for treaty_id, item in treaties.items():
        data = item.data
        for field in ("members", "against"):
            for k, member in enumerate(data[field] or []):
                loader.nation_ref(item, f"{item.key}.{field}[{k}]", member, nations)
        _check_span(loader, item)
        out.append(
            TreatyDef(
                id=treaty_id,
                name=data["name"] or treaty_id,
                kind=data["kind"] or "agreement",
                text=data["text"] or "",
                members=tuple(data["members"] or ()),
                start=data["start"],
                end=data["end"],
                bond=float(data["bond"] if data["bond"] is not None else 0.0),
                against=tuple(data["against"] or ()),
                per_turn=checker.effects(item.source, f"{item.key}.per_turn", data["per_turn"]),
            )
        )
    return out


def _check_span(loader: FileGuard, item: Item) -> None:
    """A table's `end` year must come after its `start` year."""
    start, end = item.data["start"], item.data["end"]
    if start is not None and end is not None and end <= start:
        loader.report(item.source, f"{item.key}.end", f"end {end} is not after start {start}")


def read_eras(loader: FileGuard, eras: dict[str, Item]) -> list[EraDef]:
    out = []
    for era_id, item in eras.items():
        data = item.data
        _check_span(loader, item)
        out.append(
            EraDef(
                era_id,
                data["name"] or era_id,
                data["start"] or 0,
                data["end"] or 0,
                data["text"] or "",
            )
        )
    ordered = sorted(out, key=lambda e: e.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end:
            item = eras[after.id]
            loader.report(
                item.source,
                f"{item.key}.start",
                f"era '{after.id}' starts in {after.start}, before era '{before.id}' ends in {before.end}",
                "eras must not overlap; an era runs from start up to (not including) end",
            )
    return out


def read_options(
    loader: FileGuard, events: dict[str, Item]
) -> dict[str, dict[str, tuple[Item, str, dict]]]:
    """Read every event's options first, so chose(event, option) can be checked anywhere."""
    out: dict[str, dict[str, tuple[Item, str, dict]]] = {}
    for event_id, item in events.items():
        tables = item.data["options"] or []
        if not tables:
            loader.report(item.source, item.key, "an event needs at least one [[events.options]]")
        if len(tables) > MAX_OPTIONS:
            loader.report(
                item.source,
                f"{item.key}.options",
                f"{len(tables)} options; the limit is {MAX_OPTIONS}",
            )
        opts: dict[str, tuple[Item, str, dict]] = {}
        for k, table in enumerate(tables[:MAX_OPTIONS]):
            key = f"{item.key}.options[{k}]"
            data = loader.reader.table(item.source, key, table, OPTION)
            option_id = data["id"]
            if option_id is None:
                continue
            if not EVENT_ID.match(option_id):
                loader.report(
                    item.source,
                    f"{key}.id",
                    f"option id '{option_id}' is not lower-case letters, digits and _",
                )
            elif option_id in opts:
                loader.report(
                    item.source,
                    f"{key}.id",
                    f"duplicate option id '{option_id}' in event '{event_id}'",
                )
            else:
                opts[option_id] = (item, key, data)
        historical = [o for o, (_, _, d) in opts.items() if d["historical"]]
        if len(historical) > 1:
            loader.report(
                item.source,
                f"{item.key}.options",
                f"{len(historical)} options are marked historical ({', '.join(historical)}); mark at most one",
            )
        out[event_id] = opts
    return out


def read_events(
    loader: FileGuard,
    events: dict[str, Item],
    nations: dict[str, Item],
    checker: ExpressionChecker,
) -> list[EventDef]:
    out: list[EventDef] = []
    for event_id, item in events.items():
        data = item.data
        for field in ("title", "text", "note"):
            if data[field] and len(data[field]) > MAX_TEXT:
                loader.report(
                    item.source, f"{item.key}.{field}", f"text is longer than {MAX_TEXT} characters"
                )
        if data["nation"] is not None:
            loader.nation_ref(item, f"{item.key}.nation", data["nation"], nations)
        for k, other in enumerate(data["involves"] or []):
            loader.nation_ref(item, f"{item.key}.involves[{k}]", other, nations)
        years = data["years"]
        if years is not None and (len(years) != 2 or years[1] < years[0]):
            loader.report(
                item.source,
                f"{item.key}.years",
                "years must be [first, last] with first <= last, e.g. [1954, 1956]",
            )
            years = None
        if data["chance"] is not None and data["mtth"] is not None:
            loader.report(
                item.source,
                f"{item.key}.mtth",
                "give either chance or mtth, not both",
                "chance is a probability per turn; mtth is the mean years to happen",
            )
        modifiers = checker.weighted_conditions(
            item.source, f"{item.key}.modifiers", data["modifiers"], MODIFIER, "factor"
        )
        if modifiers and data["chance"] is None and data["mtth"] is None:
            loader.report(
                item.source, f"{item.key}.modifiers", "modifiers need a chance or an mtth to scale"
            )
        options = []
        for k, table in enumerate((data["options"] or [])[:MAX_OPTIONS]):
            key = f"{item.key}.options[{k}]"
            opt = Reader().table(item.source, key, table, OPTION)  # already reported in _options
            weight = opt["ai_weight"]
            if isinstance(weight, str):
                weight_node = checker.condition(item.source, f"{key}.ai_weight", weight, expr.NUM)
            elif (
                isinstance(weight, int | float)
                and not isinstance(weight, bool)
                and 0 <= weight <= 1000
            ):
                weight_node = expr.Number(0, float(weight))
            else:
                loader.report(
                    item.source,
                    f"{key}.ai_weight",
                    "ai_weight must be a number from 0 to 1000 or an expression string",
                )
                weight_node = None
            options.append(
                OptionDef(
                    id=opt["id"] or f"option{k}",
                    label=opt["label"] or "",
                    historical=bool(opt["historical"]),
                    ai_weight=weight_node or expr.Number(0, 1.0),
                    effects=checker.effects(item.source, f"{key}.effects", opt["effects"]),
                    explain=opt["explain"] or "",
                    motives=_motives(loader, item.source, f"{key}.motives", opt["motives"]),
                )
            )
        kind = data["kind"] or "history"
        problem = f"kind '{kind}' is not one of {', '.join(EVENT_KINDS)}"
        loader.one_of(item, "kind", kind, EVENT_KINDS, problem, _KINDS_HINT)
        variants = []
        for k, table in enumerate((data["variants"] or [])[:MAX_OPTIONS]):
            key = f"{item.key}.variants[{k}]"
            variant = loader.reader.table(item.source, key, table, VARIANT)
            node = checker.condition(item.source, f"{key}.when", variant["when"])
            text = variant["text"] or ""
            if len(text) > MAX_TEXT:
                loader.report(
                    item.source, f"{key}.text", f"text is longer than {MAX_TEXT} characters"
                )
            elif node is not None:
                variants.append((node, text))
        first, last = years if years else (-100_000, 100_000)
        out.append(
            EventDef(
                id=event_id,
                title=data["title"] or event_id,
                text=data["text"] or "",
                note=data["note"] or "",
                nation=data["nation"],
                involves=tuple(data["involves"] or ()),
                years=(int(first), int(last)),
                trigger=checker.condition(item.source, f"{item.key}.trigger", data["trigger"]),
                chance=data["chance"],
                mtth=data["mtth"],
                modifiers=modifiers,
                once=bool(data["once"]),
                cooldown=int(data["cooldown"] or 0),
                options=tuple(options),
                kind=kind if kind in EVENT_KINDS else "history",
                variants=tuple(variants),
            )
        )
    return out


def _motives(loader: FileGuard, source: Source, key: str, table: dict | None) -> tuple:
    """An option's motives: interest names to amounts in -10..10."""
    out = []
    for name, amount in (table or {}).items():
        if name not in INTEREST_WEIGHTS:
            loader.report(
                source,
                f"{key}.{name}",
                f"unknown interest '{name}'",
                "motives name interests: " + ", ".join(INTEREST_WEIGHTS),
            )
        elif (
            not isinstance(amount, int | float)
            or isinstance(amount, bool)
            or not -10 <= amount <= 10
        ):
            loader.report(source, f"{key}.{name}", "expected a number from -10 to 10")
        else:
            out.append((name, float(amount)))
    return tuple(out)
