"""Small text helpers every screen shares, free of pygame (tooltip builders and tests use
them without a display): signed numbers with a real minus sign, and HTML escaping for
pygame_gui's text boxes."""

from __future__ import annotations

from html import escape


def signed(value: float, digits: int = 0) -> str:
    """'+12', '−7' with a real minus sign (it reads better in tables)."""
    text = f"{value:+.{digits}f}"
    if text in ("+0", "-0") or text.strip("+-0.") == "":
        text = "0" if digits == 0 else f"{0:.{digits}f}"
    return text.replace("-", "−")


def html(text: str) -> str:
    """Text safe inside pygame_gui's HTML: &, < and > escaped (quotes are left alone;
    the text boxes show them as they are)."""
    return escape(text, quote=False)
