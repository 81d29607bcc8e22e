"""Tables on the terminal, laid out by rich: columns sized to their widest cell (counting
wide and combining characters as the terminal does), numbers right-aligned; plain text with
no colour codes, the same on a terminal, in a file or through a pipe.
"""

from __future__ import annotations

import sys
from typing import TextIO

PIPE_WIDTH = 10_000  # never wrap: a table written to a file keeps one line per row
GAP = 3  # spaces between columns
INDENT = "  "


def table_lines(header: list[str], rows: list[list[str]]) -> list[str]:
    """The table as plain lines, indented, columns GAP spaces apart; the first column
    left-aligned, the others right-aligned. Cells are text, never rich markup (ids come from
    scenario files); print each line through game.terminal.shown."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, padding=(0, 0, 0, GAP), pad_edge=False, show_edge=False)
    for k, name in enumerate(header):
        table.add_column(Text(name), justify="left" if k == 0 else "right", no_wrap=True)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console = Console(width=PIPE_WIDTH, force_terminal=False, no_color=True, color_system=None)
    with console.capture() as captured:
        console.print(table)
    return [INDENT + line.rstrip() for line in captured.get().splitlines()]


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream if stream is not None else sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
