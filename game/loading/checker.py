"""Expression strings of a scenario, parsed and type-checked where they are read.

A problem is reported at the key path of the string with the column it points at, so a
typo in an effect is a line-numbered message at load time, never a failure during play.
"""

from __future__ import annotations

from collections.abc import Callable

from game import expr, typecheck
from game.loading.guard import FileGuard
from game.schema import Field, Source

MAX_EFFECTS = 60  # effects per option, treaty, action or setup
# Says why an effect that type-checks is still not allowed here, as (problem, hint).
EffectRule = Callable[[expr.Effect], tuple[str, str] | None]


class ExpressionChecker:
    """Parses and type-checks expression strings against one vocabulary, reporting
    problems through the guard at their key path."""

    def __init__(self, guard: FileGuard, vocab: typecheck.Vocabulary) -> None:
        self.guard = guard
        self.vocab = vocab

    def with_vocabulary(self, vocab: typecheck.Vocabulary) -> ExpressionChecker:
        """A checker reporting to the same guard that knows other names (an action's roles)."""
        return ExpressionChecker(self.guard, vocab)

    def _fail(self, source: Source, key: str, text: str, error: expr.ExprError) -> None:
        shown = text if len(text) <= 120 else text[:117] + "..."
        self.guard.report(
            source, key, f'{error.message} at column {error.column + 1} in "{shown}"', error.hint
        )

    def condition(
        self, source: Source, key: str, text: str | None, want: str = expr.BOOL
    ) -> expr.Node | None:
        if text is None:
            return None
        try:
            node = expr.parse_expression(text)
            found = typecheck.check(node, self.vocab)
        except expr.ExprError as error:
            self._fail(source, key, text, error)
            return None
        if found != want:
            article = "a condition (true/false)" if want == expr.BOOL else "a number"
            self.guard.report(source, key, f'expected {article} but "{text}" is a {found}')
            return None
        return node

    def weighted_conditions(
        self, source: Source, key: str, tables: list | None, spec: dict[str, Field], amount: str
    ) -> tuple[tuple[float, expr.Node], ...]:
        """Tables of an amount and a `when` condition (an event's or action's modifiers):
        (amount, condition) for each whose two parts are good."""
        out = []
        for k, table in enumerate(tables or []):
            where = f"{key}[{k}]"
            row = self.guard.reader.table(source, where, table, spec)
            node = self.condition(source, f"{where}.when", row["when"])
            if node is not None and row[amount] is not None:
                out.append((float(row[amount]), node))
        return tuple(out)

    def effects(
        self, source: Source, key: str, texts: list[str] | None, rule: EffectRule | None = None
    ) -> tuple[expr.Effect, ...]:
        """The effects that parse, type-check and pass `rule` (if given); the others are
        reported at `key[i]`."""
        out: list[expr.Effect] = []
        if texts and self.guard.too_many(source, key, len(texts), MAX_EFFECTS, "effects"):
            return ()
        for i, text in enumerate(texts or []):
            try:
                effect = expr.parse_effect(text)
                typecheck.check_effect(effect, self.vocab)
            except expr.ExprError as error:
                self._fail(source, f"{key}[{i}]", text, error)
                continue
            refused = rule(effect) if rule is not None else None
            if refused is not None:
                self.guard.report(source, f"{key}[{i}]", *refused)
                continue
            out.append(effect)
        return tuple(out)
