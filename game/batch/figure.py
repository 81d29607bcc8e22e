"""Fan charts for papers and slides: the PNG chart's content drawn with matplotlib, so it
saves as SVG, PDF or PNG at a size in inches and in the fonts of a style sheet.

Same look as game.batch.plot: one panel per chosen pair with the 5–95% and 25–75% bands of
the runs, the median, the historical policy's path and the scenario's targets (a step per
period), and, for two or more pairs, a panel of the share of runs in which each relation
is the higher. Colours are the chart's own; fonts, sizes, line widths and everything else
come from matplotlib's rcParams, so `matplotlib.style.use("journal.mplstyle")` (or
`--plot-style`) applies a journal's style. Built on `matplotlib.figure.Figure`, never
pyplot: no global backend is chosen, so it works headless and inside notebooks alike.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from game.batch.chart_style import BANDS, HISTORY, SHARE_LINES, TARGET, compared, existence_note
from game.batch.chart_targets import target_steps
from game.batch.result import comparison_claim, pair_series
from game.errors import InputError
from game.files import check_output, write_atomically

PANEL_INCHES = 2.0  # default height of one panel
WIDTH_INCHES = 7.0  # a two-column journal page
VECTOR_SUFFIXES = (".svg", ".pdf")
INSTALL_HINT = 'install the plot extra: pip install "alliance-drift[plot]"'


def _rgb(color: tuple[int, int, int]) -> tuple[float, float, float]:
    return tuple(c / 255 for c in color)


def _values(column: list[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in column], dtype=float)


def _gid(*parts: str) -> str:
    """An SVG id for an artist: 'median-PAK-RUS' (tests and editors find parts by it)."""
    return "-".join(parts).replace(":", "-").replace(" ", "_")


def default_size(summary: dict) -> tuple[float, float]:
    panels = len(summary["chosen_pairs"]) + (1 if compared(summary) else 0)
    return WIDTH_INCHES, 1.2 + PANEL_INCHES * max(1, panels)


def fan_figure(summary: dict, targets=None, size: tuple[float, float] | None = None):
    """The fan chart as a matplotlib Figure (display it in a notebook, or `savefig`)."""
    try:
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
        from matplotlib.ticker import PercentFormatter
    except ImportError:
        raise ImportError(f"figures need matplotlib; {INSTALL_HINT}") from None

    pairs = summary["chosen_pairs"]
    shown = compared(summary)
    years = summary["years"]
    width, height = size or default_size(summary)
    figure = Figure(figsize=(width, height), layout="constrained")
    panels = max(1, len(pairs)) + (1 if shown else 0)
    axes = figure.subplots(panels, 1, sharex=True, squeeze=False)[:, 0]
    any_target = False
    for ax, key in zip(axes, pairs, strict=False):
        any_target |= _pair_panel(ax, summary, key, targets)
    if shown:
        _comparison_panel(axes[-1], summary, shown, PercentFormatter)
    axes[-1].set_xlim(years[0], years[-1])
    axes[-1].set_xlabel("year (state at the end of each year)")
    seeds = summary["seeds"]
    figure.suptitle(
        f"{summary['scenario']['name']}: relations over {summary['runs']:,} runs\n"
        f"policy {summary['policy']}, seeds {seeds['first']}..{seeds['last']}; "
        "relation −100 hostile … +100 allied"
    )
    light, middle, dark = (_rgb(c) for c in BANDS)
    handles = [
        Patch(color=light, label="5–95% of runs"),
        Patch(color=middle, label="25–75% of runs"),
        Line2D([], [], color=dark, label="median"),
        Line2D(
            [],
            [],
            color=_rgb(HISTORY),
            linewidth=1.0,
            label=f"historical policy, seed {summary['historical_path']['seed']}",
        ),
    ]
    if any_target:
        handles.append(
            Line2D(
                [],
                [],
                color=_rgb(TARGET),
                linestyle=(0, (4, 2)),
                label="target (period mean of history)",
            )
        )
    figure.legend(
        handles=handles, loc="outside lower center", ncols=min(len(handles), 3), frameon=False
    )
    return figure


def _pair_panel(ax, summary: dict, key: str, targets) -> bool:
    """One chosen pair's panel: bands, median, targets, the historical path; whether a
    target was drawn."""
    years = summary["years"]
    names = summary.get("nation_names", {})
    light, middle, dark = (_rgb(c) for c in BANDS)
    a, b = key.split(":")
    ax.set_title(f"{names.get(a, a)} – {names.get(b, b)} ({key})", loc="left")
    ax.set_ylim(-100, 100)
    ax.set_yticks([-100, -50, 0, 50, 100])
    ax.axhline(0, color="0.65", linewidth=0.8, zorder=1)
    ax.grid(True, color="0.9", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_ylabel("relation")
    drew_target = False
    series = pair_series(summary, key)
    if series is None:
        ax.text(
            0.5,
            0.5,
            "the two never exist at the same time in these runs",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="0.45",
        )
    else:
        for low, high, color, label in (("p5", "p95", light, "90"), ("p25", "p75", middle, "50")):
            band = ax.fill_between(
                years,
                _values(series[low]),
                _values(series[high]),
                color=color,
                linewidth=0,
                zorder=2,
            )
            band.set_gid(_gid("band", label, key))
        (median,) = ax.plot(years, _values(series["p50"]), color=dark, zorder=4)
        median.set_gid(_gid("median", key))
        for step in target_steps(targets, key, years, series["runs"]):
            (line,) = ax.plot(
                [step.start, step.end],
                [step.value, step.value],
                color=_rgb(TARGET),
                linestyle=(0, (4, 2)),
                zorder=5,
            )
            line.set_gid(_gid("target", key, step.period))
            drew_target = True
        note = existence_note(years, series["runs"], summary["runs"])
        if note:
            ax.text(
                0.995,
                0.97,
                note,
                transform=ax.transAxes,
                ha="right",
                va="top",
                color="0.45",
                fontsize="small",
            )
    history = summary["historical_path"]["pairs"].get(key)
    if history:
        (path,) = ax.plot(years, _values(history), color=_rgb(HISTORY), linewidth=1.0, zorder=6)
        path.set_gid(_gid("history", key))
    return drew_target


def _comparison_panel(ax, summary: dict, shown: list[dict], percent) -> None:
    """The share of runs in which each of two chosen pairs is the higher, year by year."""
    ax.set_title("Which is the higher, run by run: share of runs", loc="left")
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(percent(1.0, decimals=0))
    ax.axhline(0.5, color="0.65", linewidth=0.8, zorder=1)
    ax.grid(True, color="0.9", linewidth=0.6)
    ax.set_axisbelow(True)
    for k, comparison in enumerate(shown):
        end = comparison["end"]
        claim = comparison_claim(comparison["first"], comparison["second"])
        if end["first_higher"] is not None:
            claim += f": {end['first_higher']:.0%} of runs in {end['year']}"
        (line,) = ax.plot(
            summary["years"],
            _values(comparison["first_higher"]),
            color=_rgb(SHARE_LINES[k]),
            label=claim,
        )
        line.set_gid(_gid("share", comparison["first"], "vs", comparison["second"]))
    ax.legend(loc="best", frameon=False)


def parse_size(text: str) -> tuple[float, float]:
    """'7x9' or '7,9' (inches, width by height) -> (7.0, 9.0), each 1..50 inches."""
    parts = text.lower().replace(",", "x").split("x")
    try:
        width, height = (float(part) for part in parts)
    except ValueError:
        raise ValueError(
            f"--plot-size must be WIDTHxHEIGHT in inches such as 7x9, not {text!r}"
        ) from None
    if not (1 <= width <= 50 and 1 <= height <= 50):
        raise ValueError(f"--plot-size: each side must be 1 to 50 inches, not {text}")
    return width, height


def write_figure(
    summary: dict,
    path: Path,
    targets=None,
    size: tuple[float, float] | None = None,
    style: str | None = None,
) -> None:
    """Save the fan chart as SVG, PDF or PNG (by extension) atomically, under `style` (a
    matplotlib style name or .mplstyle file) when given, else the current rcParams."""
    try:
        import matplotlib.style
    except ImportError:
        raise InputError(
            f"{path}: drawing {Path(path).suffix or 'this'} charts needs matplotlib; {INSTALL_HINT}"
        ) from None
    import contextlib

    path = Path(path)
    check_output(path)
    with contextlib.ExitStack() as stack:
        if style:
            try:
                stack.enter_context(matplotlib.style.context(style))
            except (OSError, ValueError) as error:
                raise InputError(
                    f"--plot-style: no matplotlib style '{style}' ({error}); give a style name "
                    "such as 'seaborn-v0_8-paper' or a .mplstyle file"
                ) from None
        figure = fan_figure(summary, targets, size)
        drawn = io.BytesIO()
        figure.savefig(drawn, format=path.suffix.lstrip(".").lower() or "png")
    write_atomically(path, drawn.getvalue())  # standard output for '-' (a PNG then)
