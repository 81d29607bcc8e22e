"""Text from files shown on a terminal: control characters escaped, long values cut.

Scenario and save files are untrusted, and a name such as "\\x1b[2J" printed raw clears the
screen, retitles the window or hides the lines after it. Everything from a file that goes to
the terminal passes through `shown`, which writes control characters (C0, DEL, C1) and the
invisible bidirectional overrides as escapes, so the text is seen exactly as it is.
"""

from __future__ import annotations

_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_ESCAPES = {code: _escape(code) for code in (*range(0x20), *range(0x7F, 0xA0), *_BIDI)}
_ESCAPES.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})
_KEEP_NEWLINES = {code: value for code, value in _ESCAPES.items() if code != 0x0A}


def shown(text: object, keep_newlines: bool = False) -> str:
    """`text` with every control character as a visible escape ('\\x1b'); newlines kept
    when `keep_newlines` (for messages of several lines)."""
    return str(text).translate(_KEEP_NEWLINES if keep_newlines else _ESCAPES)


def cut(text: str, limit: int = 80) -> str:
    """`text`, or its first `limit` characters and how many more there are."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"
