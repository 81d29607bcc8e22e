"""Read and check the diplomacy tables of a scenario: [[actions]], [[interests]],
[[objectives]] and [[restrictions]].

Action expressions speak of roles rather than nations: SELF (the actor), TARGET (the
nation or treaty acted on) and OTHER (when mediating, the target's chief adversary). They
are parsed and type-checked like every other expression, against the scenario's ids plus
the roles the action's target kind allows, so a typo is a line-numbered problem at load
time, never a failure during play.
"""

from __future__ import annotations

import re
from dataclasses import replace

from game import expr, typecheck
from game.loading.checker import ExpressionChecker
from game.loading.guard import EVENT_ID, FileGuard, Item
from game.loading.restrictions import read_restrictions
from game.scenario import (
    ACTION_TARGETS,
    AI_DEFAULTS,
    INTEREST_WEIGHTS,
    OBJECTIVE_CHECKS,
    ODDS_TERMS,
    PERSONALITY_TRAITS,
    ActionDef,
    InterestDef,
    ObjectiveDef,
)
from game.scenario_specs import (
    ACTION,
    ACTION_MODIFIER,
    AI_NATION_SPEC,
    AI_SPEC,
    INTEREST,
    INTEREST_WEIGHT_SPEC,
    OBJECTIVE,
    ODDS,
    PERSONALITY_SPEC,
)
from game.schema import Source

SELF, TARGET, OTHER = "SELF", "TARGET", "OTHER"
ROLES = (SELF, TARGET, OTHER)
MAX_ACTIONS = 64
MAX_OBJECTIVES = 200

# Action effects add up when several nations act in the same turn, so only additive
# assignments and these commands are allowed.
ACTION_COMMANDS = ("set_flag", "clear_flag", "join", "leave", "sanction", "lift_sanction", "peace")
ACTION_ASSIGN_OPS = ("+=", "-=")
_CHECKS_HINT = (
    "end: holds at the end; always: every turn; ever: at some turn; "
    "share: points by the share of turns it held"
)


def role_vocabulary(vocab: typecheck.Vocabulary, target: str) -> typecheck.Vocabulary:
    """The scenario's vocabulary plus the roles an action of this target kind may name."""
    ids = {kind: set(values) for kind, values in vocab.ids.items()}
    ids[expr.NATION] |= {SELF}
    if target in ("nation", "mediation"):
        ids[expr.NATION] |= {TARGET}
    if target == "mediation":
        ids[expr.NATION] |= {OTHER}
    if target == "treaty":
        ids[expr.TREATY] |= {TARGET}
    return typecheck.Vocabulary(ids=ids, options=vocab.options, readonly_stats=vocab.readonly_stats)


Files = list[tuple[Source, dict]]


def read_diplomacy(
    loader: FileGuard,
    files: Files,
    nations: dict[str, Item],
    vocab: typecheck.Vocabulary,
    checker: ExpressionChecker,
) -> dict:
    """Actions, interests and objectives as definitions (problems go to the guard).

    `checker` knows the scenario's ids; each action gets one that also knows its roles.
    """
    actions = _actions(loader, files, vocab, checker)
    interests = _interests(loader, files, nations, checker)
    objectives = _objectives(loader, files, nations, checker)
    ai, interests = _ai_tuning(loader, files, nations, interests)
    treaties = vocab.ids[expr.TREATY]
    restrictions = read_restrictions(loader, files, nations, actions, treaties, checker)
    return {
        "actions": actions,
        "interests": interests,
        "objectives": objectives,
        "ai": ai,
        "restrictions": restrictions,
    }


def _ai_tuning(
    loader: FileGuard, files: Files, nations: dict[str, Item], interests: tuple[InterestDef, ...]
) -> tuple[dict[str, float], tuple[InterestDef, ...]]:
    """The [ai] table: global tuning, and per nation interest weights and personality that
    replace those of its [[interests]] (what `calibrate` writes, as a file to include).
    One file of the scenario may hold it."""
    found = [(source, data["ai"]) for source, data in files if "ai" in data]
    ai = dict(AI_DEFAULTS)
    if not found:
        return ai, interests
    if len(found) > 1:
        loader.report(
            found[1][0], "ai", "the [ai] table is given twice", f"first in {found[0][0].path}"
        )
        return ai, interests
    source, raw = found[0]
    table = loader.reader.table(source, "ai", raw, AI_SPEC)
    for name in AI_DEFAULTS:
        if table[name] is not None:
            ai[name] = float(table[name])
    by_nation = {i.nation: i for i in interests}
    for nation, values in (table["nations"] or {}).items():
        key = f"ai.nations.{nation}"
        if nation not in nations:
            close = [n for n in nations if n[:1] == str(nation)[:1]]
            loader.report(
                source,
                key,
                f"'{nation}' is not a nation of the scenario",
                f"nations: {', '.join(close or list(nations)[:12])}",
            )
            continue
        row = loader.reader.table(source, key, values, AI_NATION_SPEC)
        weights = loader.reader.table(
            source, f"{key}.weights", row["weights"] or {}, INTEREST_WEIGHT_SPEC
        )
        traits = loader.reader.table(
            source, f"{key}.personality", row["personality"] or {}, PERSONALITY_SPEC
        )
        old = by_nation.get(
            nation,
            InterestDef(nation, (), (), (), dict(INTEREST_WEIGHTS), dict(PERSONALITY_TRAITS)),
        )
        given_weights = {k: float(v) for k, v in weights.items() if k in (row["weights"] or {})}
        given_traits = {k: float(v) for k, v in traits.items() if k in (row["personality"] or {})}
        by_nation[nation] = replace(
            old,
            weights={**old.weights, **{k: v for k, v in given_weights.items() if v is not None}},
            personality={
                **old.personality,
                **{k: v for k, v in given_traits.items() if v is not None},
            },
        )
    order = [i.nation for i in interests] + [
        n for n in by_nation if n not in {i.nation for i in interests}
    ]
    return ai, tuple(by_nation[n] for n in order)


def _actions(
    loader: FileGuard, files: Files, vocab: typecheck.Vocabulary, checker: ExpressionChecker
) -> tuple[ActionDef, ...]:
    items = loader.items(files, "actions", ACTION)
    items = loader.at_most(items, MAX_ACTIONS, "actions")
    unique = loader.unique(items, "action", EVENT_ID, "lower-case letters, digits and _")
    out: list[ActionDef] = []
    for action_id, item in unique.items():
        data = item.data
        target = data["target"] or "nation"
        known = ", ".join(ACTION_TARGETS)
        problem = f"unknown target kind '{target}'"
        if not loader.one_of(item, "target", target, ACTION_TARGETS, problem, "one of: " + known):
            target = "nation"
        roles = checker.with_vocabulary(role_vocabulary(vocab, target))
        odds_data = loader.reader.table(item.source, f"{item.key}.odds", data["odds"] or {}, ODDS)
        odds = {name: float(odds_data[name] or 0.0) for name in ODDS_TERMS}
        modifiers = roles.weighted_conditions(
            item.source, f"{item.key}.modifiers", data["modifiers"], ACTION_MODIFIER, "add"
        )
        kinds = tuple(data["treaty_kinds"] or ())
        if kinds and target != "treaty":
            loader.report(
                item.source,
                f"{item.key}.treaty_kinds",
                'treaty_kinds applies only to actions with target = "treaty"',
            )
        log = data["log"] or ("{name} with {target}" if target != "none" else "{name}")
        _check_log(loader, item, log, target)
        effects = roles.effects(
            item.source, f"{item.key}.effects", data["effects"], _action_effect_rule
        )
        on_failure = roles.effects(
            item.source, f"{item.key}.on_failure", data["on_failure"], _action_effect_rule
        )
        for name in ("react", "alarm"):
            if data[name] and target == "treaty":
                loader.report(
                    item.source,
                    f"{item.key}.{name}",
                    f"{name} applies to nation and mediation targets, not treaties",
                )
        out.append(
            ActionDef(
                id=action_id,
                name=data["name"] or action_id,
                log=log,
                text=data["text"] or "",
                target=target,
                treaty_kinds=kinds,
                cost=float(data["cost"] if data["cost"] is not None else 1.0),
                cooldown=float(data["cooldown"] or 0.0),
                requires=roles.condition(item.source, f"{item.key}.requires", data["requires"]),
                requires_text=data["requires"] or "",
                chance=float(data["chance"] if data["chance"] is not None else 1.0),
                odds=odds,
                modifiers=modifiers,
                effects=effects,
                on_failure=on_failure,
                react=float(data["react"] or 0.0),
                alarm=float(data["alarm"] or 0.0),
            )
        )
    return tuple(out)


def _check_log(loader: FileGuard, item: Item, log: str, target: str) -> None:
    allowed = {"name", "target"} | ({"other"} if target == "mediation" else set())
    if target == "none":
        allowed.discard("target")
    for name in re.findall(r"\{([^{}]*)\}", log):
        if name not in allowed:
            loader.report(
                item.source,
                f"{item.key}.log",
                f"unknown placeholder '{{{name}}}' in the log phrase",
                "allowed: " + ", ".join("{" + a + "}" for a in sorted(allowed)),
            )


def _action_effect_rule(effect: expr.Effect) -> tuple[str, str] | None:
    """Why an effect that type-checks may still not stand in an action, or None."""
    if effect.op == "call" and effect.target.name not in ACTION_COMMANDS:
        return (
            f"{effect.target.name}() cannot be used in an action",
            "actions may use: " + ", ".join(ACTION_COMMANDS),
        )
    if effect.op not in ("call", *ACTION_ASSIGN_OPS):
        return (
            f"action effects add or subtract; '{effect.op}' is not allowed",
            "several nations may act at once, so use += or -=",
        )
    return None


def _interests(
    loader: FileGuard, files: Files, nations: dict[str, Item], checker: ExpressionChecker
) -> tuple[InterestDef, ...]:
    out: list[InterestDef] = []
    seen: dict[str, Item] = {}
    for item in loader.items(files, "interests", INTEREST):
        data = item.data
        nation = data["nation"]
        if not loader.nation_ref(item, f"{item.key}.nation", nation, nations):
            continue
        if nation in seen:
            first = seen[nation]
            loader.report(
                item.source,
                f"{item.key}.nation",
                f"interests of {nation} are given twice",
                f"first at {first.source.path}:{first.source.lines.line_of(first.key)}",
            )
            continue
        seen[nation] = item
        lists = {}
        for field in ("rivals", "patrons", "clients"):
            values = []
            for k, other in enumerate(data[field] or []):
                if other == nation:
                    loader.report(
                        item.source,
                        f"{item.key}.{field}[{k}]",
                        f"{nation} cannot be its own {field[:-1]}",
                    )
                elif loader.nation_ref(item, f"{item.key}.{field}[{k}]", other, nations):
                    values.append(other)
            lists[field] = tuple(values)
        weights = loader.reader.table(
            item.source, f"{item.key}.weights", data["weights"] or {}, INTEREST_WEIGHT_SPEC
        )
        traits = loader.reader.table(
            item.source, f"{item.key}.personality", data["personality"] or {}, PERSONALITY_SPEC
        )
        named = set(lists["rivals"]) | set(lists["patrons"]) | set(lists["clients"])
        conditions = []
        for other, text in (data["while"] or {}).items():
            key = f"{item.key}.while.{other}"
            if other not in named:
                loader.report(
                    item.source,
                    key,
                    f"{other} is not among {nation}'s rivals, patrons or clients",
                    "a condition says while a named tie counts: name the nation in a list first",
                )
                continue
            if not isinstance(text, str):
                loader.report(item.source, key, "expected a condition as a string")
                continue
            node = checker.condition(item.source, key, text)
            if node is not None:
                conditions.append((other, node))
        out.append(
            InterestDef(
                nation=nation,
                rivals=lists["rivals"],
                patrons=lists["patrons"],
                clients=lists["clients"],
                conditions=tuple(conditions),
                weights={
                    k: float(weights[k] if weights[k] is not None else v)
                    for k, v in {**INTEREST_WEIGHTS, "objectives": 1.0}.items()
                },
                personality={
                    k: float(traits[k] if traits[k] is not None else v)
                    for k, v in PERSONALITY_TRAITS.items()
                },
            )
        )
    return tuple(out)


def _objectives(
    loader: FileGuard, files: Files, nations: dict[str, Item], checker: ExpressionChecker
) -> tuple[ObjectiveDef, ...]:
    items = loader.items(files, "objectives", OBJECTIVE)
    items = loader.at_most(items, MAX_OBJECTIVES, "objectives")
    out: list[ObjectiveDef] = []
    seen: dict[tuple[str, str], Item] = {}
    for item in items:
        data = item.data
        nation, ident = data["nation"], data["id"]
        ok = loader.nation_ref(item, f"{item.key}.nation", nation, nations)
        if ident is not None and not EVENT_ID.match(ident):
            loader.report(
                item.source,
                f"{item.key}.id",
                f"objective id '{ident}' is not lower-case letters, digits and _",
            )
            ok = False
        if ok and (nation, ident) in seen:
            first = seen[(nation, ident)]
            loader.report(
                item.source,
                f"{item.key}.id",
                f"duplicate objective '{ident}' for {nation}",
                f"first at {first.source.path}:{first.source.lines.line_of(first.key)}",
            )
            ok = False
        check = data["check"] or "end"
        if not loader.one_of(
            item, "check", check, OBJECTIVE_CHECKS, f"unknown check '{check}'", _CHECKS_HINT
        ):
            ok = False
        if ok and ident is not None:
            seen[(nation, ident)] = item
        when = checker.condition(item.source, f"{item.key}.when", data["when"])
        if not ok or when is None or ident is None:
            continue
        out.append(
            ObjectiveDef(
                nation=nation,
                id=ident,
                name=data["name"] or ident,
                text=data["text"] or "",
                when=when,
                check=check,
                points=float(data["points"] if data["points"] is not None else 10.0),
            )
        )
    return tuple(out)
