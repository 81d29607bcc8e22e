"""Read the [[restrictions]] tables (laws and doctrines; game.diplomacy.restrictions
explains them): nations, actions and treaties must exist, targets must suit the actions'
kind, and the condition is checked like any other, each problem with its key path."""

from __future__ import annotations

from game.loading.checker import ExpressionChecker
from game.loading.guard import FileGuard, Item
from game.scenario import ActionDef, RestrictionDef
from game.scenario_specs import RESTRICTION
from game.schema import Source

MAX_RESTRICTIONS = 200


def read_restrictions(
    loader: FileGuard,
    files: list[tuple[Source, dict]],
    nations: dict[str, Item],
    actions: tuple[ActionDef, ...],
    treaties: set[str],
    checker: ExpressionChecker,
) -> tuple[RestrictionDef, ...]:
    """The scenario's [[restrictions]], checked against its nations, actions and treaties."""
    items = loader.items(files, "restrictions", RESTRICTION)
    items = loader.at_most(items, MAX_RESTRICTIONS, "restrictions")
    kinds = {a.id: a.target for a in actions}
    out: list[RestrictionDef] = []
    for item in items:
        data = item.data
        ok = loader.nation_ref(item, f"{item.key}.nation", data["nation"], nations)
        named = tuple(data["actions"] or [])
        if not named:
            loader.report(item.source, f"{item.key}.actions", "name at least one action")
            ok = False
        for k, action in enumerate(named):
            if action not in kinds:
                loader.report(
                    item.source,
                    f"{item.key}.actions[{k}]",
                    f"unknown action '{action}'",
                    "actions: " + ", ".join(kinds),
                )
                ok = False
        targets = tuple(data["targets"] or [])
        target_kinds = {kinds[a] for a in named if a in kinds}
        for k, target in enumerate(targets):
            key = f"{item.key}.targets[{k}]"
            if target_kinds <= {"nation", "mediation"}:
                ok = loader.nation_ref(item, key, target, nations) and ok
            elif target_kinds == {"treaty"}:
                if target not in treaties:
                    loader.report(item.source, key, f"unknown treaty '{target}'")
                    ok = False
            else:
                loader.report(
                    item.source,
                    key,
                    "targets apply to actions of one kind: nations, or treaties",
                    "split the restriction in two, or leave the targets out",
                )
                ok = False
        condition = None
        if data["while"] is not None:
            condition = checker.condition(item.source, f"{item.key}.while", data["while"])
            ok = ok and condition is not None
        if ok:
            out.append(RestrictionDef(data["nation"], named, targets, condition, data["why"]))
    return tuple(out)
