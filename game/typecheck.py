"""Type checking of the expression language against the ids a scenario defines.

Parsing (`game.expr`) knows only the grammar; here every bare word is resolved against
the scenario's nations, treaties, events, flags, eras and stats, every call against the
function table, and every operator against the types of its operands. A checked tree
cannot meet an unknown id or a wrong type when it is compiled (`game.compile`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from game.expr import (
    ASSIGNABLE,
    BOOL,
    COMMANDS,
    COMPARISONS,
    FUNCTIONS,
    NUM,
    OPTION,
    Binary,
    Boolean,
    Call,
    Effect,
    ExprError,
    Node,
    Number,
    Signature,
    Unary,
    Variable,
    Word,
)


@dataclass
class Vocabulary:
    """The ids a scenario defines, by argument kind, for resolving bare words."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    options: dict[str, set[str]] = field(default_factory=dict)  # event id -> option ids
    readonly_stats: set[str] = field(default_factory=set)  # computed stats effects cannot set

    def resolve(self, kind: str, word: Word, event_id: str | None = None) -> str:
        known = self.options.get(event_id or "", set()) if kind == OPTION else self.ids[kind]
        if word.name in known:
            return word.name
        close = difflib.get_close_matches(word.name, sorted(known), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else None
        if not close and known and len(known) <= 12:
            hint = "known: " + ", ".join(sorted(known))
        raise ExprError(f"unknown {kind} '{word.name}'", word.column, hint)


def check(node: Node, vocab: Vocabulary) -> str:
    """Return the type of `node` (NUM or BOOL), raising ExprError on any mismatch."""
    if isinstance(node, Number | Variable):
        return NUM
    if isinstance(node, Boolean):
        return BOOL
    if isinstance(node, Word):
        raise ExprError(
            f"'{node.name}' is not a value here",
            node.column,
            "ids go inside functions, e.g. relation(PAK, USA) or stat(PAK, gdp)",
        )
    if isinstance(node, Unary):
        wanted = BOOL if node.op == "not" else NUM
        _want(node.operand, vocab, wanted, f"'{node.op}'")
        return wanted
    if isinstance(node, Binary):
        if node.op in ("and", "or"):
            _want(node.left, vocab, BOOL, f"'{node.op}'")
            _want(node.right, vocab, BOOL, f"'{node.op}'")
            return BOOL
        if node.op in ("==", "!="):
            left = check(node.left, vocab)
            right = check(node.right, vocab)
            if left != right:
                raise ExprError(f"cannot compare a {left} with a {right}", node.column)
            return BOOL
        _want(node.left, vocab, NUM, f"'{node.op}'")
        _want(node.right, vocab, NUM, f"'{node.op}'")
        return BOOL if node.op in COMPARISONS else NUM
    if isinstance(node, Call):
        return check_call(node, vocab, FUNCTIONS) or NUM
    raise ExprError("unsupported expression", node.column)  # pragma: no cover


def _want(node: Node, vocab: Vocabulary, wanted: str, where: str) -> None:
    found = check(node, vocab)
    if found != wanted:
        raise ExprError(f"{where} needs a {wanted} but got a {found}", node.column)


def check_call(node: Call, vocab: Vocabulary, table: dict[str, Signature]) -> str | None:
    signature = table.get(node.name)
    if signature is None:
        other = COMMANDS if table is FUNCTIONS else FUNCTIONS
        if node.name in other:
            where = "an effect command" if other is COMMANDS else "a value"
            raise ExprError(f"'{node.name}' is {where} and cannot be used here", node.column)
        close = difflib.get_close_matches(node.name, sorted(table), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(sorted(table))
        raise ExprError(f"unknown function '{node.name}'", node.column, hint)
    if len(node.args) != len(signature.args):
        raise ExprError(
            f"{node.name}() takes {len(signature.args)} argument(s), got {len(node.args)}",
            node.column,
            f"{node.name}({', '.join(signature.args)})",
        )
    for arg, kind in zip(node.args, signature.args, strict=True):
        if kind in (NUM, BOOL):
            _want(arg, vocab, kind, f"{node.name}()")
            continue
        if not isinstance(arg, Word):
            raise ExprError(f"{node.name}() expects a {kind} id here", arg.column)
        event_id = node.args[0].name if kind == OPTION and isinstance(node.args[0], Word) else None
        vocab.resolve(kind, arg, event_id)
    return signature.returns


def check_effect(effect: Effect, vocab: Vocabulary) -> None:
    """Type-check one effect statement."""
    if effect.op == "call":
        if effect.target.name in ASSIGNABLE:
            raise ExprError(
                f"{effect.target.name}(...) is a value; say what to do with it",
                effect.target.column,
                f"e.g. {effect.target.name}(...) += 10",
            )
        check_call(effect.target, vocab, COMMANDS)
        return
    if effect.target.name not in ASSIGNABLE:
        raise ExprError(
            f"cannot assign to {effect.target.name}(...)",
            effect.target.column,
            "assignable: " + ", ".join(sorted(ASSIGNABLE)),
        )
    check_call(effect.target, vocab, FUNCTIONS)
    stat = effect.target.args[1] if effect.target.name == "stat" else None
    if isinstance(stat, Word) and stat.name in vocab.readonly_stats:
        raise ExprError(
            f"stat '{stat.name}' is computed from other stats and cannot be set",
            stat.column,
            "change gdp or defence_share instead",
        )
    assert effect.value is not None
    _want(effect.value, vocab, NUM, f"'{effect.op}'")
