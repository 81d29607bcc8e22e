"""The small, safe language of triggers and effects in scenario files.

Scenario files are untrusted input (mods), so nothing here ever calls `eval` or `exec`:
text is tokenised and parsed into a tiny AST; `game.typecheck` checks it against the
scenario's ids at load time, and `game.compile` turns checked trees into numpy functions
over a batch. The function table (`FUNCTIONS`, `COMMANDS`) is the language's vocabulary.

Grammar (lowest precedence first)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | "true" | "false" | "year" | "turn" | NAME "(" args ")" | "(" expr ")"

    effect  := call | target ("=" | "+=" | "-=" | "*=") expr
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_EXPRESSION_LENGTH = 2000
MAX_NESTING = 40
# Levels of the parsed tree (operators chain too: a + b + c is three deep); keeps every
# recursive walk (type check, compile, evaluation) far from Python's recursion limit.
MAX_DEPTH = 100

NUM = "number"
BOOL = "boolean"

# Argument kinds; each names a set of ids the checker resolves bare words against.
NATION, TREATY, EVENT, FLAG, ERA, STAT, OPTION, CRISIS, OUTCOME, REGION = (
    "nation",
    "treaty",
    "event",
    "flag",
    "era",
    "stat",
    "option",
    "crisis",
    "outcome",
    "region",
)


@dataclass(frozen=True)
class Signature:
    """What a function takes and gives; `doc` feeds the format documentation."""

    args: tuple[str, ...]
    returns: str | None
    doc: str


FUNCTIONS: dict[str, Signature] = {
    "relation": Signature((NATION, NATION), NUM, "relation between two nations, -100..100"),
    "baseline": Signature((NATION, NATION), NUM, "the value a relation drifts back toward"),
    "trade": Signature((NATION, NATION), NUM, "economic ties between two nations, 0..100"),
    "aid": Signature((NATION, NATION), NUM, "aid flowing from the first to the second, $bn/yr"),
    "stat": Signature((NATION, STAT), NUM, "a national statistic (see the stats table)"),
    "fired": Signature((EVENT,), BOOL, "the event has fired at least once"),
    "chose": Signature((EVENT, OPTION), BOOL, "the event fired and this option was taken"),
    "years_since": Signature((EVENT,), NUM, "years since the event last fired (999 if never)"),
    "flag": Signature((FLAG,), BOOL, "the flag is set"),
    "active": Signature((NATION,), BOOL, "the nation exists now"),
    "member": Signature((TREATY, NATION), BOOL, "the nation is a member of the treaty"),
    "in_force": Signature((TREATY,), BOOL, "the treaty is in force"),
    "at_war": Signature((NATION, NATION), BOOL, "the two nations are at war"),
    "sanctions": Signature((NATION, NATION), BOOL, "the first nation sanctions the second"),
    "is_player": Signature((NATION,), BOOL, "a person plays this nation"),
    "era": Signature((ERA,), BOOL, "the current year lies in this era"),
    "same_bloc": Signature((NATION, NATION), BOOL, "both stood in the same bloc last turn"),
    "in_crisis": Signature((NATION, NATION), BOOL, "the two face each other in an open crisis"),
    "crisis_level": Signature(
        (CRISIS,), NUM, "the crisis's level on the ladder (0 the lowest; 0 before it opens)"
    ),
    "crisis_outcome": Signature(
        (CRISIS, OUTCOME),
        BOOL,
        "the crisis ended so (backed_down, settled, war, nuclear), or is open (ongoing)",
    ),
    "prestige": Signature((NATION,), NUM, "prestige won (+) or lost (-) in crises"),
    "min": Signature((NUM, NUM), NUM, "the smaller of two numbers"),
    "max": Signature((NUM, NUM), NUM, "the larger of two numbers"),
    "abs": Signature((NUM,), NUM, "absolute value"),
    "clamp": Signature((NUM, NUM, NUM), NUM, "clamp(x, low, high)"),
}

# Effects that are calls rather than assignments.
COMMANDS: dict[str, Signature] = {
    "set_flag": Signature((FLAG,), None, "set a flag"),
    "clear_flag": Signature((FLAG,), None, "clear a flag"),
    "join": Signature((TREATY, NATION), None, "the nation joins the treaty"),
    "leave": Signature((TREATY, NATION), None, "the nation leaves the treaty"),
    "start_treaty": Signature((TREATY,), None, "the treaty comes into force now"),
    "end_treaty": Signature((TREATY,), None, "the treaty ends now (start_treaty revives it)"),
    "war": Signature((NATION, NATION), None, "the two nations go to war"),
    "peace": Signature((NATION, NATION), None, "the war between the two ends"),
    "sanction": Signature((NATION, NATION), None, "the first nation sanctions the second"),
    "lift_sanction": Signature((NATION, NATION), None, "the first lifts its sanctions"),
    "emerge": Signature((NATION,), None, "a declared successor nation comes into being now"),
    "cede": Signature(
        (REGION, NATION),
        None,
        "the map region passes to the nation (the terms of a war or a treaty), if it exists",
    ),
    "open_crisis": Signature(
        (CRISIS,), None, "the crisis opens now at its starting level (if it has not opened)"
    ),
    "queue": Signature(
        (EVENT,), None, "the event fires at its next chance (window and trigger), ignoring chance"
    ),
}

# Functions that may stand on the left of `=`, `+=`, `-=` or `*=` in an effect.
ASSIGNABLE = {"relation", "baseline", "trade", "aid", "stat"}
ASSIGN_OPS = ("+=", "-=", "*=", "=")


class ExprError(Exception):
    """A syntax or type problem, with the 0-based column where it was found."""

    def __init__(self, message: str, column: int = 0, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.hint = hint


# --- AST -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    column: int


@dataclass(frozen=True)
class Number(Node):
    value: float


@dataclass(frozen=True)
class Boolean(Node):
    value: bool


@dataclass(frozen=True)
class Variable(Node):
    name: str  # "year" or "turn"


@dataclass(frozen=True)
class Word(Node):
    """A bare identifier used as an argument; the checker resolves it to an id."""

    name: str


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Unary(Node):
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Effect:
    """One parsed effect statement: an assignment to a target, or a command call."""

    op: str  # one of ASSIGN_OPS, or "call"
    target: Call
    value: Node | None = None
    text: str = ""


# --- tokens ----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\+=|-=|\*=|<=|>=|==|!=|[-+*/<>=(),]))",
    re.ASCII,  # \d is 0-9 only: an Arabic-Indic one is not a number
)


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "name", "op", "end"
    text: str
    column: int


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExprError(
            f"expression is {len(text)} characters long; the limit is {MAX_EXPRESSION_LENGTH}",
            0,
            "split it into several conditions or effects",
        )
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            bad = text[position:].lstrip()[:1]
            column = len(text) - len(text[position:].lstrip())
            raise ExprError(f"unexpected character {bad!r}", column)
        kind = match.lastgroup or "op"
        tokens.append(Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# --- parser ----------------------------------------------------------------------------

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.position = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.position]

    def take(self) -> Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expect(self, text: str) -> Token:
        if self.token.text != text:
            found = repr(self.token.text) if self.token.kind != "end" else "the end"
            raise ExprError(f"expected {text!r} but found {found}", self.token.column)
        return self.take()

    def finish(self) -> None:
        if self.token.kind != "end":
            raise ExprError(
                f"unexpected {self.token.text!r} after a complete expression",
                self.token.column,
                "join conditions with 'and' / 'or'",
            )

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExprError(f"expression nests deeper than {MAX_NESTING} levels", self.token.column)

    def expression(self) -> Node:
        self.nested()
        try:
            return self.logic_or()
        finally:
            self.depth -= 1

    def logic_or(self) -> Node:
        node = self.logic_and()
        while self.token.text == "or":
            column = self.take().column
            node = Binary(column, "or", node, self.logic_and())
        return node

    def logic_and(self) -> Node:
        node = self.logic_not()
        while self.token.text == "and":
            column = self.take().column
            node = Binary(column, "and", node, self.logic_not())
        return node

    def logic_not(self) -> Node:
        if self.token.text == "not":
            column = self.take().column
            self.nested()
            try:
                return Unary(column, "not", self.logic_not())
            finally:
                self.depth -= 1
        return self.compare()

    def compare(self) -> Node:
        node = self.sum()
        if self.token.text in COMPARISONS:
            token = self.take()
            node = Binary(token.column, token.text, node, self.sum())
            if self.token.text in COMPARISONS:
                raise ExprError(
                    "comparisons cannot be chained",
                    self.token.column,
                    "write 'a < b and b < c'",
                )
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.token.text in ("+", "-"):
            token = self.take()
            node = Binary(token.column, token.text, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.token.text in ("*", "/"):
            token = self.take()
            node = Binary(token.column, token.text, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.token.text == "-":
            column = self.take().column
            self.nested()
            try:
                return Unary(column, "-", self.unary())
            finally:
                self.depth -= 1
        return self.atom()

    def atom(self) -> Node:
        token = self.token
        if token.kind == "num":
            self.take()
            value = float(token.text)
            if not math.isfinite(value):
                shown = token.text if len(token.text) <= 24 else token.text[:20] + "..."
                raise ExprError(f"number {shown} is too large", token.column)
            return Number(token.column, value)
        if token.text == "(":
            self.take()
            node = self.expression()
            self.expect(")")
            return node
        if token.kind == "name":
            self.take()
            if token.text in ("true", "false"):
                return Boolean(token.column, token.text == "true")
            if token.text in ("year", "turn"):
                return Variable(token.column, token.text)
            if token.text in ("and", "or", "not"):
                raise ExprError(f"'{token.text}' needs something before it", token.column)
            if self.token.text == "(":
                return self.call(token)
            return Word(token.column, token.text)
        found = repr(token.text) if token.kind != "end" else "the end"
        raise ExprError(f"expected a value but found {found}", token.column)

    def call(self, name: Token) -> Call:
        self.expect("(")
        args: list[Node] = []
        if self.token.text != ")":
            args.append(self.expression())
            while self.token.text == ",":
                self.take()
                args.append(self.expression())
        self.expect(")")
        return Call(name.column, name.text, tuple(args))


def parse_expression(text: str) -> Node:
    """Parse a condition or number expression; raises ExprError."""
    if not text.strip():
        raise ExprError("expression is empty", 0)
    parser = _Parser(text)
    node = parser.expression()
    parser.finish()
    _check_depth(node)
    return node


def parse_effect(text: str) -> Effect:
    """Parse one effect statement such as ``relation(PAK, USA) += 10``."""
    if not text.strip():
        raise ExprError("effect is empty", 0)
    parser = _Parser(text)
    token = parser.token
    if token.kind != "name" or parser.tokens[1].text != "(":
        raise ExprError(
            "an effect starts with a command like set_flag(...) or a target like relation(A, B)",
            token.column,
        )
    parser.take()
    target = parser.call(token)
    if parser.token.text in ASSIGN_OPS:
        op = parser.take().text
        value = parser.expression()
        parser.finish()
        _check_depth(target)
        _check_depth(value)
        return Effect(op, target, value, text)
    parser.finish()
    _check_depth(target)
    return Effect("call", target, None, text)


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly inside `node` (a call's arguments, an operator's operands)."""
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    return ()


def _check_depth(root: Node) -> None:
    """Refuse trees deeper than MAX_DEPTH, measured without recursion."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExprError(
                f"expression is too deeply built: more than {MAX_DEPTH} operators or calls inside one another",
                node.column,
                "split it into several conditions or effects",
            )
        stack.extend((child, depth + 1) for child in children(node))
