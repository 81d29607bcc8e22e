"""Fan charts of a batch summary: percentile bands of relations over the years, as a PNG.

One panel per chosen pair: the 5–95% band, the 25–75% band and the median of the runs,
the path the `historical` policy took with the batch's first seed as a dark line, and the
scenario's targets (history's mean per period) as orange steps where it has them.
When two or more pairs are chosen, a last panel compares them run by run: the share of
runs in which one relation is the higher ("Pakistan closer to Moscow than to Washington"),
year by year, one line per two pairs.
Drawn with pygame-ce (already a dependency), imported here only, so the engine never
loads it; works without a display. SVG and PDF (and a PNG of a given size or style) are
drawn with matplotlib instead, by game.batch.figure, when the `plot` extra is installed.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from game.batch.chart_style import BANDS, HISTORY, SHARE_LINES, TARGET, compared, existence_note

WIDTH = 1100
LEFT, RIGHT = 72, 28
HEADER = 104
PANEL_TITLE, PANEL_PLOT, PANEL_AXIS = 30, 230, 34
BACKGROUND = (255, 255, 255)
INK = (34, 34, 34)
MUTED = (110, 110, 110)
GRID = (226, 226, 226)
ZERO = (170, 170, 170)
LEGEND_ROW = 22


def write_fan_chart(
    summary: dict,
    path: Path,
    targets=None,
    size: tuple[float, float] | None = None,
    style: str | None = None,
) -> None:
    """Draw the chosen pairs of `summary` (and `targets`, game.calibration's, if given) and
    save the chart atomically at `path`: SVG and PDF, or any chart with a `size` in inches
    or a matplotlib `style`, through matplotlib; a plain PNG with pygame, as ever."""
    if Path(path).suffix.lower() in (".svg", ".pdf") or size is not None or style is not None:
        from game.batch.figure import write_figure

        write_figure(summary, Path(path), targets, size, style)
        return
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.files import check_output

    check_output(path)
    pygame.font.init()
    save_png(render_fan_chart(summary, targets), path, "chart")


def save_png(surface, path: Path, what: str) -> None:
    """Encode a drawn pygame Surface as PNG and write it atomically at `path`. A surface
    pygame cannot encode is reported as the `what` (chart, report) that could not be drawn,
    one line for the user rather than a traceback."""
    import pygame

    from game.errors import InputError
    from game.files import write_atomically

    png = io.BytesIO()
    try:
        pygame.image.save(surface, png, f"{what}.png")
    except pygame.error as error:
        raise InputError(f"{path}: cannot draw the {what}: {error}") from None
    write_atomically(path, png.getvalue())


def render_fan_chart(summary: dict, targets=None):
    """The chart as a pygame Surface (pygame.font must be initialised)."""
    import pygame

    pairs = summary["chosen_pairs"]
    shown = compared(summary)
    height = HEADER + max(1, len(pairs)) * (PANEL_TITLE + PANEL_PLOT + PANEL_AXIS) + 14
    if shown:
        height += comparison_panel_height(len(shown))
    surface = pygame.Surface((WIDTH, height))
    surface.fill(BACKGROUND)
    fonts = {
        "title": pygame.font.Font(None, 30),
        "text": pygame.font.Font(None, 22),
        "small": pygame.font.Font(None, 19),
    }
    steps = {key: _steps(summary, targets, key) for key in pairs}
    _header(surface, summary, fonts, any(steps.values()))
    names = summary.get("nation_names", {})
    for k, key in enumerate(pairs):
        top = panel_top(k)
        _panel(surface, summary, key, names, BANDS, top, fonts, steps[key])
    if shown:
        _comparison_panel(surface, summary, shown, panel_top(len(pairs)), fonts)
    return surface


def _steps(summary: dict, targets, key: str) -> list:
    from game.batch.chart_targets import target_steps
    from game.batch.result import pair_series

    series = pair_series(summary, key)
    return [] if series is None else target_steps(targets, key, summary["years"], series["runs"])


def comparison_panel_height(lines: int) -> int:
    return PANEL_TITLE + LEGEND_ROW * lines + PANEL_PLOT + PANEL_AXIS


def share_pixel(
    years: list[int], top: int, lines: int, year: float, share: float
) -> tuple[float, float]:
    """Where (year, share 0..1) lands in the comparison panel starting at `top`."""
    x, _ = pixel(years, top, year, 0.0)
    plot_top = top + PANEL_TITLE + LEGEND_ROW * lines
    return x, plot_top + (1.0 - share) * PANEL_PLOT


def _comparison_panel(surface, summary: dict, shown: list[dict], top: int, fonts: dict) -> None:
    import pygame

    from game.batch.result import comparison_claim

    years = summary["years"]
    _text(surface, fonts["text"], "Which is the higher, run by run: share of runs", (LEFT, top + 6))
    for k, comparison in enumerate(shown):
        y = top + PANEL_TITLE + LEGEND_ROW * k + 9
        color = SHARE_LINES[k]
        pygame.draw.line(surface, color, (LEFT, y), (LEFT + 26, y), 3)
        claim = comparison_claim(comparison["first"], comparison["second"])
        end = comparison["end"]
        tail = (
            f": {end['first_higher']:.0%} of runs in {end['year']}"
            if end["first_higher"] is not None
            else ""
        )
        _text(surface, fonts["small"], claim + tail, (LEFT + 32, y), INK, "midleft")
    plot = pygame.Rect(
        LEFT, top + PANEL_TITLE + LEGEND_ROW * len(shown), WIDTH - LEFT - RIGHT, PANEL_PLOT
    )

    def at(year: float, share: float) -> tuple[float, float]:
        return share_pixel(years, top, len(shown), year, share)

    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        _, y = at(years[0], share)
        pygame.draw.line(surface, ZERO if share == 0.5 else GRID, (plot.left, y), (plot.right, y))
        _text(surface, fonts["small"], f"{share:.0%}", (plot.left - 8, int(y)), MUTED, "midright")
    _year_axis(surface, years, plot, lambda year: at(year, 0.0)[0], fonts)
    for k, comparison in enumerate(shown):
        for segment in _segments(years, comparison["first_higher"]):
            _line(surface, SHARE_LINES[k], [at(y, v) for y, v in segment], 3)
    pygame.draw.rect(surface, MUTED, plot, 1)


def _text(
    surface, font, text: str, position: tuple[int, int], color=INK, anchor: str = "topleft"
) -> None:
    image = font.render(text, True, color)
    rect = image.get_rect(**{anchor: position})
    surface.blit(image, rect)


def _header(surface, summary: dict, fonts: dict, with_targets: bool = False) -> None:
    seeds = summary["seeds"]
    _text(
        surface,
        fonts["title"],
        f"{summary['scenario']['name']}: relations over {summary['runs']:,} runs",
        (LEFT, 14),
    )
    _text(
        surface,
        fonts["text"],
        f"policy {summary['policy']}, seeds {seeds['first']}..{seeds['last']}, "
        f"{summary['start_year']}–{summary['end_year']}; relation −100 hostile .. +100 allied",
        (LEFT, 44),
        MUTED,
    )
    import pygame

    x, y = LEFT, 74
    light, middle, dark = BANDS
    for swatch, label in ((light, "5–95% of runs"), (middle, "25–75% of runs")):
        pygame.draw.rect(surface, swatch, (x, y + 2, 26, 14))
        _text(surface, fonts["small"], label, (x + 32, y + 2))
        x += 32 + fonts["small"].size(label)[0] + 26
    lines = [
        (dark, 3, "median"),
        (HISTORY, 2, f"historical policy, seed {summary['historical_path']['seed']}"),
    ]
    if with_targets:
        lines.append((TARGET, 3, "target (period mean of history)"))
    for color, width, label in lines:
        pygame.draw.line(surface, color, (x, y + 9), (x + 26, y + 9), width)
        _text(surface, fonts["small"], label, (x + 32, y + 2))
        x += 32 + fonts["small"].size(label)[0] + 26


def panel_top(index: int) -> int:
    """The y of the top of chosen pair number `index`'s panel."""
    return HEADER + index * (PANEL_TITLE + PANEL_PLOT + PANEL_AXIS)


def pixel(years: list[int], top: int, year: float, value: float) -> tuple[float, float]:
    """Where (year, relation) lands in the panel starting at `top`."""
    left, width = LEFT, WIDTH - LEFT - RIGHT
    plot_top = top + PANEL_TITLE
    span = max(years[-1] - years[0], 1)
    return left + (year - years[0]) / span * width, plot_top + (100.0 - value) / 200.0 * PANEL_PLOT


def _panel(
    surface, summary: dict, key: str, names: dict, colors, top: int, fonts: dict, steps=()
) -> None:
    import pygame

    light, middle, dark = colors
    years = summary["years"]
    a, b = key.split(":")
    from game.batch.result import pair_series

    series = pair_series(summary, key)
    title = f"{names.get(a, a)} – {names.get(b, b)}  ({key})"
    _text(surface, fonts["text"], title, (LEFT, top + 6))
    plot = pygame.Rect(LEFT, top + PANEL_TITLE, WIDTH - LEFT - RIGHT, PANEL_PLOT)

    def x_of(year: float) -> float:
        return pixel(years, top, year, 0.0)[0]

    def y_of(value: float) -> float:
        return pixel(years, top, years[0], value)[1]

    for value in range(-100, 101, 25):
        y = y_of(value)
        pygame.draw.line(surface, ZERO if value == 0 else GRID, (plot.left, y), (plot.right, y), 1)
        _text(
            surface,
            fonts["small"],
            f"{value:+d}" if value else "0",
            (plot.left - 8, int(y)),
            MUTED,
            "midright",
        )
    _year_axis(surface, years, plot, x_of, fonts)
    if series is None:
        _text(
            surface,
            fonts["text"],
            "the two never exist at the same time in these runs",
            plot.center,
            MUTED,
            "center",
        )
    else:
        for low, high, color in (("p5", "p95", light), ("p25", "p75", middle)):
            for segment in _segments(years, series[low], series[high]):
                upper = [(x_of(y), y_of(h)) for y, _, h in segment]
                lower = [(x_of(y), y_of(lo)) for y, lo, _ in reversed(segment)]
                if len(segment) == 1:
                    pygame.draw.line(surface, color, upper[0], lower[0], 3)
                else:
                    pygame.draw.polygon(surface, color, upper + lower)
        for segment in _segments(years, series["p50"]):
            _line(surface, dark, [(x_of(y), y_of(v)) for y, v in segment], 3)
        note = existence_note(years, series["runs"], summary["runs"])
        if note:
            _text(surface, fonts["small"], note, (plot.right - 6, plot.top + 5), MUTED, "topright")
    for step in steps:
        y = y_of(step.value)
        _line(surface, TARGET, [(x_of(step.start), y), (x_of(step.end), y)], 3)
    history = summary["historical_path"]["pairs"].get(key)
    if history:
        for segment in _segments(years, history):
            _line(surface, HISTORY, [(x_of(y), y_of(v)) for y, v in segment], 2)
    pygame.draw.rect(surface, MUTED, plot, 1)


def _year_axis(surface, years: list[int], plot, x_of, fonts: dict) -> None:
    """Vertical grid lines, ticks and labels every 1, 5 or 10 years under a panel."""
    import pygame

    step = 10 if len(years) > 30 else 5 if len(years) > 10 else 1
    for year in years:
        if year % step == 0:
            x = x_of(year)
            pygame.draw.line(surface, GRID, (x, plot.top), (x, plot.bottom), 1)
            pygame.draw.line(surface, MUTED, (x, plot.bottom), (x, plot.bottom + 5), 1)
            _text(surface, fonts["small"], str(year), (int(x), plot.bottom + 8), MUTED, "midtop")


def _line(surface, color, points: list[tuple[float, float]], width: int) -> None:
    import pygame

    if len(points) == 1:
        pygame.draw.circle(surface, color, points[0], width)
    elif points:
        pygame.draw.lines(surface, color, False, points, width)


def _segments(years: list[int], *columns: list[float | None]) -> list[list[tuple]]:
    """Runs of consecutive years where every column has a value: [(year, v1, v2...), ...]."""
    out: list[list[tuple]] = []
    current: list[tuple] = []
    for k, year in enumerate(years):
        values = [column[k] for column in columns]
        if all(v is not None for v in values):
            current.append((year, *values))
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out
