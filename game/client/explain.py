"""Effects in words: what an event option will do, phrased for a player.

Scenario authors may write `explain` on an option; the game also spells out each effect
("Pakistan–United States: long-run relations +40") so the consequences of a choice are
never a mystery, whether or not the author wrote a summary.
"""

from __future__ import annotations

from game import expr
from game.camps import capitalise
from game.client.stat_words import stat_words
from game.compile import Compiler, Context
from game.scenario import STATS, EventDef, OptionDef, Scenario
from game.state import State

_NUCLEAR_LEVELS = ("no programme", "a programme", "threshold status", "nuclear weapons")


def _number(node: expr.Node | None) -> float | None:
    """The value of a constant expression (a number, maybe negated), else None."""
    if isinstance(node, expr.Number):
        return float(node.value)
    if isinstance(node, expr.Unary) and node.op == "-":
        inner = _number(node.operand)
        return None if inner is None else -inner
    return None


def _fmt(value: float) -> str:
    text = f"{value:+.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:+.0f}"
    return text.replace("-", "−")


def _names(scenario: Scenario) -> dict[str, str]:
    names = {n.id: n.name for n in scenario.nations}
    names.update({t.id: t.name for t in scenario.treaties})
    names.update({e.id: e.title for e in scenario.events})
    names.update({c.id: c.title for c in scenario.crises})
    return names


def _args(effect: expr.Effect, names: dict[str, str]) -> list[str]:
    words = []
    for arg in effect.target.args:
        name = arg.name if isinstance(arg, expr.Word) else "?"
        words.append(names.get(name, name))
    return words


def _change(effect: expr.Effect, unit: str = "") -> str:
    """'+40', '−5', 'set to 0', '×1.5' or 'changes' when the value depends on the game."""
    value = _number(effect.value)
    suffix = f" {unit}" if unit else ""
    if value is None:
        return "changes (depends on the situation)"
    if effect.op == "+=":
        return _fmt(value) + suffix
    if effect.op == "-=":
        return _fmt(-value) + suffix
    if effect.op == "*=":
        return f"×{value:g}"
    return f"set to {value:g}{suffix}"


# What a change to a pair's field reads as, after "A–B"; {} is the change.
_PAIR_PHRASES = {
    "relation": "relations {} now",
    "baseline": "long-run relations {}",
    "trade": "trade ties {}",
}


def describe_effect(effect: expr.Effect, scenario: Scenario) -> str | None:
    """One effect as a short sentence a player can read; None for hidden bookkeeping
    (flags that only decide which events can happen later)."""
    names = _names(scenario)
    name = effect.target.name
    args = _args(effect, names)
    if effect.op != "call":
        if name in _PAIR_PHRASES:
            return f"{args[0]}–{args[1]} " + _PAIR_PHRASES[name].format(_change(effect))
        if name == "aid":
            return f"Aid from {args[0]} to {args[1]} {_change(effect, 'bn $/yr')}"
        if name == "stat":
            stat = (
                effect.target.args[1].name if isinstance(effect.target.args[1], expr.Word) else ""
            )
            word, unit = stat_words(stat).words, stat_words(stat).unit
            value = _number(effect.value)
            if stat == "nuclear" and effect.op == "=" and value is not None:
                level = _NUCLEAR_LEVELS[max(0, min(3, int(value)))]
                return f"{args[0]} reaches {level}"
            return f"{args[0]} {word} {_change(effect, unit)}"
    commands = {
        "join": lambda a: f"{a[1]} joins the {a[0]}",
        "leave": lambda a: f"{a[1]} leaves the {a[0]}",
        "start_treaty": lambda a: f"The {a[0]} comes into force",
        "end_treaty": lambda a: f"The {a[0]} ends",
        "war": lambda a: f"War between {a[0]} and {a[1]}",
        "peace": lambda a: f"Peace between {a[0]} and {a[1]}",
        "sanction": lambda a: f"{a[0]} imposes sanctions on {a[1]}",
        "lift_sanction": lambda a: f"{a[0]} lifts its sanctions on {a[1]}",
        "emerge": lambda a: f"{a[0]} comes into being",
        "cede": lambda a: f"{a[1]} takes {a[0]}",
        "queue": lambda a: f"Leads to: {a[0]}",
        "open_crisis": lambda a: f"A crisis opens: {a[0]}",
    }
    if name in ("set_flag", "clear_flag"):
        return None  # bookkeeping for later events, not something a player can weigh
    if name in commands:
        return commands[name](args)
    return effect.text


LATER_ONLY = "Its consequences come later: it changes which events can happen."


def option_effects(option: OptionDef, scenario: Scenario) -> list[str]:
    """Every visible effect of an option, described (flags only shape later events)."""
    lines = [describe_effect(effect, scenario) for effect in option.effects]
    visible = [line for line in lines if line]
    if not visible:
        return [LATER_ONLY] if option.effects else ["No direct effect."]
    return visible


_KIND_TIPS = {
    "relation": "Relations run from −100 (hostile) to +100 (allied). This changes them at once; "
    "they then drift back toward their long-run level.",
    "baseline": "The long-run level is where a relation drifts to: each year about a quarter of "
    "the gap closes. Raising it warms the pair for years to come.",
    "trade": "Economic ties, 0 to 100: trade warms relations a little every year.",
    "aid": "Aid in US$ billions a year: it lifts the receiver's growth and warms it toward the donor.",
    "join": "Treaty members are pulled together each year, and against the treaty's rivals.",
    "leave": "Leaving ends the treaty's yearly pull between its members and you.",
    "start_treaty": "Treaty members are pulled together each year, and against the treaty's rivals.",
    "end_treaty": "The treaty's yearly pull between its members stops.",
    "war": "War drags relations toward hostility, costs growth and stability every year.",
    "peace": "The yearly drag of war on relations, growth and stability stops.",
    "sanction": "Sanctions push relations toward hostility and cut the target's growth.",
    "lift_sanction": "The yearly push of sanctions stops.",
    "queue": "Another event follows next turn if its conditions hold.",
    "open_crisis": "A standoff on a ladder from protest to war: each round both sides escalate, "
    "hold, back down or seek help, and the crisis dialog shows where it stands (C).",
    "emerge": "A new nation appears on the map.",
    "cede": "The region changes hands on the map.",
}


def _pair_key(effect: expr.Effect) -> tuple[str, str] | None:
    """The nation pair of a relation or long-run-level change, in a fixed order."""
    if effect.op == "call" or effect.target.name not in ("relation", "baseline"):
        return None
    words = [a.name for a in effect.target.args if isinstance(a, expr.Word)]
    return tuple(sorted(words)) if len(words) == 2 else None  # type: ignore[return-value]


def effect_lines(option: OptionDef, scenario: Scenario) -> list[tuple[str, str]]:
    """(text, tooltip) for every visible effect: the tooltip says what the number means.

    A pair's immediate change and its long-run change share one line ("India–China
    relations −40 now, long-run −45"), which keeps big events readable.
    """
    out: list[tuple[str, str]] = []
    pairs: dict[tuple[str, str], int] = {}
    names = _names(scenario)
    for effect in option.effects:
        text = describe_effect(effect, scenario)
        if not text:
            continue
        name = effect.target.name
        pair = _pair_key(effect)
        if pair is not None:
            change = _change(effect)
            part = f"{change} now" if name == "relation" else f"long-run {change}"
            if pair in pairs:
                line, _ = out[pairs[pair]]
                out[pairs[pair]] = (
                    f"{line}, {part}",
                    _KIND_TIPS["relation"] + " " + _KIND_TIPS["baseline"],
                )
                continue
            a, b = (names.get(w, w) for w in _args(effect, {}))
            pairs[pair] = len(out)
            out.append((f"{a}–{b} relations {part}", _KIND_TIPS[name]))
            continue
        if name == "stat" and isinstance(effect.target.args[1], expr.Word):
            stat = effect.target.args[1].name
            tip = stat_tooltip(stat) if stat in STATS else text
        else:
            tip = _KIND_TIPS.get(name, text)
        out.append((text, tip))
    if not out:
        reason = "Some choices matter through the events they make possible later."
        out.append((LATER_ONLY if option.effects else "No direct effect.", reason))
    return out


def event_text(event: EventDef, state: State) -> str:
    """The event's text as it reads in `state`: the first variant whose condition holds
    (so the text follows the choices made before), else the plain text."""
    if not event.variants:
        return event.text
    compiler = Compiler(state.scenario)
    ctx = Context(state, state.year, state.turn)
    for condition, text in event.variants:
        if bool(compiler.value(condition)(ctx)[0]):
            return text
    return event.text


def history_took(event: EventDef, option: int) -> bool:
    """Whether `option` is what history actually chose: only for events that happened
    (an alternate-history or future event has a likeliest option, not history's)."""
    return event.kind == "history" and event.options[option].historical


def event_parties(event: EventDef, scenario: Scenario) -> list[str]:
    """Names of the nations an event concerns, the deciding nation first."""
    names = {n.id: n.name for n in scenario.nations}
    ids = ([event.nation] if event.nation else []) + [
        i for i in event.involves if i != event.nation
    ]
    return [names[i] for i in ids if i in names]


def stat_tooltip(name: str) -> str:
    """The meaning and unit of a statistic, from the engine's table."""
    low, high, meaning = STATS[name]
    words = capitalise(stat_words(name).words)
    return f"{words}: {meaning} (range {low:g} to {high:g})."
