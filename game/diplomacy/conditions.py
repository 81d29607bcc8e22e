"""An action's `requires` condition in words, for the reason an option is not available.

The condition is the designer's expression (`relation(SELF, TARGET) > -20 and not
member(TARGET, SELF)`); a player should read "relations Pakistan–India above -20 and
Pakistan not a member of SEATO". The common forms are rewritten; anything else keeps the
designer's wording, with the roles replaced by the nations' names.
"""

from __future__ import annotations

import re

from game.fields import STAT_FIELDS

_OPERATORS = {">": "above", ">=": "at least", "<": "below", "<=": "at most", "==": "equal to"}
_NUMBER = r"-?\d+(?:\.\d+)?"
_PAIR = re.compile(r"(relation|trade)\((\w+), (\w+)\)")
_STAT = re.compile(r"stat\((\w+), (\w+)\)")
_AID = re.compile(r"aid\((\w+), (\w+)\)")
_SANCTIONS = re.compile(r"(not )?sanctions\((\w+), (\w+)\)")
_MEMBER = re.compile(r"(not )?member\((\w+), (\w+)\)")
_AT_WAR = re.compile(r"(not )?at_war\((\w+), (\w+)\)")
# Words for stats from the field table; the read-only `milex` (derived) has its own.
_STAT_WORDS = {field.name: field.label for field in STAT_FIELDS} | {"milex": "military spending"}
_COMPARISON = re.compile(r" (>=|<=|>|<|==) ")
_OPEN, _CLOSE = "\x00", "\x01"  # around a name already written
# A role or id still in the designer's words, skipping the names already written.
_LEFT = re.compile(r"\x00[^\x01]*\x01|\b(SELF|TARGET|OTHER|[A-Z]{3})\b")


def condition_text(requires: str, names: dict[str, str]) -> str:
    """`requires` in words; `names` maps roles and ids (SELF, TARGET, PAK…) to names."""

    # Names are fenced while the forms are rewritten, so that a name holding another
    # nation's id ("Nation AAA", "The USA Federation") is never rewritten a second time.
    def name(word: str) -> str:
        return f"{_OPEN}{names.get(word, word)}{_CLOSE}"

    text = _PAIR.sub(
        lambda m: f"{'relations' if m[1] == 'relation' else 'trade'} {name(m[2])}–{name(m[3])}",
        requires,
    )
    text = _STAT.sub(
        lambda m: f"{name(m[1])}'s {_STAT_WORDS.get(m[2], m[2].replace('_', ' '))}", text
    )
    text = _AID.sub(lambda m: f"aid from {name(m[1])} to {name(m[2])}", text)
    text = _SANCTIONS.sub(
        lambda m: f"{name(m[2])} {'not ' if m[1] else ''}sanctioning {name(m[3])}", text
    )
    text = _MEMBER.sub(
        lambda m: f"{name(m[3])} {'not ' if m[1] else ''}a member of {name(m[2])}", text
    )
    text = _AT_WAR.sub(
        lambda m: f"{name(m[2])} {'not ' if m[1] else ''}at war with {name(m[3])}", text
    )
    text = _COMPARISON.sub(lambda m: f" {_OPERATORS[m[1]]} ", text)
    text = text.replace(" * ", " × ")
    text = _LEFT.sub(lambda m: m[0] if m[1] is None else name(m[1]), text)
    return text.replace(_OPEN, "").replace(_CLOSE, "")
