"""Words for the player: the options `legal_orders` lists, their expected effects, and the
log lines and JSON records of the actions taken (with the AI's reasons)."""

from __future__ import annotations

import numpy as np

from game.crises import reckon as rk
from game.diplomacy.ai import judge
from game.diplomacy.board import Board
from game.diplomacy.odds import ActionOdds, why_not
from game.diplomacy.orders import ActionOption
from game.diplomacy.pairs import (
    OTHER_ROLE,
    SATURATING,
    SELF_ROLE,
    TARGET_ROLE,
    CompiledEffect,
    Who,
    pair_read,
)
from game.diplomacy.rules import COMPONENTS, CompiledAction, DiplomacyRules, compile_diplomacy
from game.diplomacy.value import make_outlook, reaction_view
from game.fields import STAT_NAMES, stat_label
from game.phases.diplomacy import ActionReport, survey
from game.state import State
from game.ties import saturate

# What each interest sounds like as a reason; {nation} is the nation the reason names.
REASONS = {
    "security": ("contain {nation}", "shore up its security"),
    "economy": ("grow the economy", "grow the economy"),
    "patron": ("win {nation} as a patron", "find a patron"),
    "ideology": ("stand with the like-minded {nation}", "stand by its ideology"),
    "bloc": ("keep {nation} in its camp", "lead its camp"),
    "stability": ("keep the country whole", "keep the country whole"),
    "objectives": ("win over {nation}, as its goals demand", "pursue its goals"),
}


def legal_orders(
    state: State, nation_id: str, run: int = 0, include_illegal: bool = False
) -> list[ActionOption]:
    """The actions `nation_id` may take in the coming turn of `run`: id, target, cost, chance,
    expected effects, and the AI's view of each. The one source for the UI and the AI: the
    engine accepts exactly these orders. With include_illegal, the others too, each with
    `why_not`."""
    scenario = state.scenario
    nation = scenario.nation_number(nation_id)
    single = state.one_run(run)
    rules, board, odds = survey(single, single.year, single.turn)
    if not rules.actions:
        return []
    outlook = make_outlook(board, rules, explain=False)
    quiet = (
        np.full((1, len(scenario.nations), len(rules.actions)), 0.5),
        np.full((1, len(scenario.nations), len(scenario.nations)), 0.5),
    )
    utilities = judge(outlook, rules, odds, quiet).utilities
    out: list[ActionOption] = []
    for item in odds:
        action = item.action
        for target in range(action.width):
            if not _target_exists(board, action, nation, target):
                continue
            legal = bool(item.legal[0, nation, target])
            if not legal and not include_illegal:
                continue
            out.append(
                describe_option(
                    rules,
                    board,
                    item,
                    nation,
                    target,
                    legal,
                    float(utilities[action.index][0, nation, target]),
                )
            )
    return out


def legal_mask(state: State, nation: int, run: int = 0) -> np.ndarray:
    """(O,) bool: which options on the flat option axis `nation` may take now (no valuation)."""
    single = state.one_run(run)
    rules, _, odds = survey(single, single.year, single.turn)
    if not odds:
        return np.zeros(0, dtype=bool)
    return np.concatenate([item.legal[0, nation] for item in odds])


def _target_exists(board: Board, action: CompiledAction, nation: int, target: int) -> bool:
    if action.target in ("nation", "mediation"):
        return bool(board.pair_ok[0, nation, target])
    if action.target == "treaty":
        return bool(action.treaty_allowed[target])
    return True


def describe_option(
    rules: DiplomacyRules,
    board: Board,
    item: ActionOdds,
    nation: int,
    target: int,
    legal: bool,
    utility: float,
) -> ActionOption:
    scenario = rules.scenario
    action = item.action
    definition = action.definition
    target_id, target_name, other_id = _target_names(scenario, board, action, nation, target)
    chance = float(item.chance[0, nation, target])
    return ActionOption(
        index=action.offset + target,
        action=definition.id,
        name=definition.name,
        target=target_id,
        target_name=target_name,
        other=other_id,
        cost=definition.cost,
        chance=chance,
        effects=effects_text(rules, board, item, nation, target),
        legal=legal,
        why_not="" if legal else why_not(board, item, nation, target),
        ai_utility=utility if np.isfinite(utility) else 0.0,
    )


def _target_names(
    scenario, board: Board, action: CompiledAction, nation: int, target: int
) -> tuple[str | None, str | None, str | None]:
    if action.target in ("nation", "mediation"):
        other = None
        if action.target == "mediation":
            other = scenario.nations[int(board.other[0, nation, target])].id
        return scenario.nations[target].id, scenario.nations[target].name, other
    if action.target == "treaty":
        treaty = scenario.treaties[target]
        return treaty.id, treaty.name, None
    return None, None, None


def effects_text(
    rules: DiplomacyRules, board: Board, item: ActionOdds, nation: int, target: int
) -> str:
    """Readable expected effects of one option: on success, third parties, on failure."""
    action = item.action
    definition = action.definition
    parts = [_effect_text(rules, board, item, e, nation, target) for e in action.effects]
    text = "; ".join(p for p in parts if p) or "no direct effect"
    reactions = _reactions_text(
        rules, board, definition.react, definition.alarm, action, nation, target
    )
    if reactions:
        text += f". Others: {reactions}"
    failure = [_effect_text(rules, board, item, e, nation, target) for e in action.on_failure]
    failure = [p for p in failure if p]
    if failure and definition.chance < 1.0:
        text += ". If it fails: " + "; ".join(failure)
    provoked = (
        provoked_crises(board.state, definition.id, nation, target)
        if action.target == "nation"
        else []
    )
    if provoked:
        text += ". It would open a crisis: " + "; ".join(provoked)
    return text


def provoked_crises(state: State, action: str, nation: int, target: int, run: int = 0) -> list[str]:
    """The titles of the crises this action would open if it succeeded now: a provocation
    of the scenario names it and the crisis may open in this run (game.crises.reckon)."""
    scenario = state.scenario
    if target < 0:
        return []
    actor, aimed = scenario.nations[nation].id, scenario.nations[target].id
    return [
        crisis.title
        for c, crisis in enumerate(scenario.crises)
        if (action, actor, aimed) in crisis.provoked_by and rk.openable(state, c)[run]
    ]


def _name(
    rules: DiplomacyRules, board: Board, who: Who, nation: int, target: int, action: CompiledAction
) -> str:
    nations = rules.scenario.nations
    if who.role == SELF_ROLE:
        return nations[nation].name
    if who.role == TARGET_ROLE:
        return nations[target].name
    if who.role == OTHER_ROLE:
        return nations[int(board.other[0, nation, target])].name
    return nations[who.index].name


def _effect_text(
    rules: DiplomacyRules,
    board: Board,
    item: ActionOdds,
    effect: CompiledEffect,
    nation: int,
    target: int,
) -> str:
    action = item.action
    kind = effect.kind
    scenario = rules.scenario

    def name(who: Who) -> str:
        return _name(rules, board, who, nation, target, action)

    if effect.value is not None:
        amount = float(
            np.broadcast_to(effect.amount(item.context), item.context.shape)[0, nation, target]
        )
        if kind in SATURATING:
            current = board.state.relations if kind == "relation" else board.state.baselines
            now = np.broadcast_to(
                pair_read(current, effect.first, effect.second, item.context), item.context.shape
            )[0, nation, target]
            # what takes hold, by the rule the engine applies (game.ties)
            amount = float(saturate(now, amount, SATURATING[kind])) - float(now)
        if abs(amount) < 0.005:
            return ""
        signed = (
            f"{amount:+.2f}".rstrip("0").rstrip(".")
            if abs(amount) < 1
            else f"{amount:+.0f}"
            if abs(amount) >= 10
            else f"{amount:+.1f}"
        )
        if kind == "stat":
            return f"{name(effect.first)} {stat_label(STAT_NAMES[effect.stat])} {signed}"
        if kind == "aid":
            return f"aid {name(effect.first)} → {name(effect.second)} {signed} $bn/yr"
        label = {"relation": "relations", "baseline": "lasting ties", "trade": "trade"}[kind]
        return f"{label} {name(effect.first)}–{name(effect.second)} {signed}"
    if kind == "sanction":
        return f"{name(effect.first)} sanctions {name(effect.second)}"
    if kind == "lift_sanction":
        return f"{name(effect.first)} lifts its sanctions on {name(effect.second)}"
    if kind == "peace":
        return f"peace between {name(effect.first)} and {name(effect.second)} if they are at war"
    if kind in ("join", "leave"):
        treaty = scenario.treaties[target if effect.treaty < 0 else effect.treaty].name
        return f"{name(effect.first)} {'joins' if kind == 'join' else 'leaves'} {treaty}"
    if kind in ("set_flag", "clear_flag"):
        return ""
    return ""


def _reactions_text(
    rules: DiplomacyRules,
    board: Board,
    react: float,
    alarm: float,
    action: CompiledAction,
    nation: int,
    target: int,
) -> str:
    nations = rules.scenario.nations
    n = len(nations)
    change = np.zeros(n)
    if react and action.target in ("nation", "mediation"):
        change += react * reaction_view(
            board.unit[0, :, target], board.state.scenario.ai["courting"]
        )
    if alarm:
        change -= alarm * (1.0 - board.unit[0, :, nation]) / 2.0
    now = board.state.relations[0, nation]
    change = saturate(now, change) - now
    change[nation] = 0.0
    if action.target in ("nation", "mediation"):
        change[target] = 0.0
    change = np.where(board.pair_ok[0, nation], change, 0.0)
    order = [k for k in np.argsort(-np.abs(change), kind="stable") if abs(change[k]) >= 0.5][:4]
    return ", ".join(f"{nations[k].name} {change[k]:+.1f}" for k in order)


def reason_text(scenario, reason: int, nation: int) -> str:
    """The short reason for an AI action, e.g. 'contain the Soviet Union'."""
    if reason < 0:
        return ""
    if reason >= len(COMPONENTS):  # SPARE_CAPITAL: no interest gained, but capital lapses
        return "use capital before it lapses"
    named, general = REASONS[COMPONENTS[reason]]
    if nation >= 0 and "{nation}" in named:
        return named.format(nation=scenario.nations[nation].name)
    return general


def action_records(state: State, report: ActionReport | None, run: int = 0) -> list[dict]:
    """The turn's actions of one run as plain dicts for the headless JSON:
    {nation, action, target, success, reason} (and other, for a mediation's second party)."""
    if report is None:
        return []
    scenario = state.scenario
    rules_actions = scenario.actions
    if not rules_actions:
        return []
    rules = compile_diplomacy(scenario)
    out = []
    options = report.option[run]
    for i, j in zip(*np.nonzero(options >= 0), strict=True):
        option = int(options[i, j])
        action = rules.actions[int(rules.option_action[option])]
        target = int(rules.option_target[option])
        record = {
            "nation": scenario.nations[i].id,
            "action": action.id,
            "target": _target_id(scenario, action, target),
            "success": bool(report.success[run, i, j]),
            "reason": "player's order"
            if report.by_person[run, i, j]
            else reason_text(
                scenario, int(report.reason[run, i, j]), int(report.reason_nation[run, i, j])
            ),
        }
        if report.other[run, i, j] >= 0:
            record["other"] = scenario.nations[int(report.other[run, i, j])].id
        out.append(record)
    return out


def _target_id(scenario, action: CompiledAction, target: int) -> str | None:
    if action.target in ("nation", "mediation"):
        return scenario.nations[target].id
    if action.target == "treaty":
        return scenario.treaties[target].id
    return None


def action_line(scenario, record: dict) -> str:
    """One event-log line: 'United States: arms sale to Pakistan — contain the Soviet Union'."""
    names = {n.id: n.name for n in scenario.nations} | {t.id: t.name for t in scenario.treaties}
    definition = scenario.actions[scenario.action_index[record["action"]]]
    phrase = definition.log.format(
        name=definition.name.lower(),
        target=names.get(record.get("target") or "", ""),
        other=names.get(record.get("other") or "", ""),
    )
    text = f"{names[record['nation']]}: {phrase}"
    if record.get("reason"):
        text += f" — {record['reason']}"
    if not record["success"]:
        text += " (failed)"
    return text
