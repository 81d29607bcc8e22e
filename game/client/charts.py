"""Line charts over the years, for the history view and the end-of-campaign report."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.client import style


@dataclass
class Series:
    label: str
    xs: list[float]
    ys: list[float | None]  # None: no value that year (the nation did not exist)
    colour: tuple[int, int, int]
    dashed: bool = False
    width: float = 2.0


@dataclass
class Chart:
    """A chart's geometry, to map the mouse back to a year."""

    plot: pygame.Rect
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    series: list[Series] = field(default_factory=list)

    def x_of(self, x: float) -> float:
        lo, hi = self.x_range
        return self.plot.left + (x - lo) / max(1e-9, hi - lo) * self.plot.width

    def y_of(self, y: float) -> float:
        lo, hi = self.y_range
        return self.plot.bottom - (y - lo) / max(1e-9, hi - lo) * self.plot.height

    def x_at(self, px: float) -> float:
        lo, hi = self.x_range
        return lo + (px - self.plot.left) / max(1, self.plot.width) * (hi - lo)

    def values_at(self, x: float) -> list[tuple[Series, float | None]]:
        """Each series' value at the data point nearest to x; None beyond its data (a year
        not played yet has no value, rather than the nearest year's)."""
        out = []
        for series in self.series:
            if not series.xs:
                continue
            k = min(range(len(series.xs)), key=lambda i: abs(series.xs[i] - x))
            steps = [b - a for a, b in zip(series.xs, series.xs[1:], strict=False) if b > a]
            reach = min(steps) / 2 if steps else 0.5
            out.append((series, series.ys[k] if abs(series.xs[k] - x) <= reach else None))
        return out


def draw_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    fonts: style.Fonts,
    series: list[Series],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    y_ticks: list[float],
    bands: list[tuple[float, float, str]] = (),  # type: ignore[assignment]
    markers: list[tuple[float, str]] = (),  # type: ignore[assignment]
    hover_x: float | None = None,
    y_format=lambda v: style.signed(v),
) -> Chart:
    s = fonts.scale
    left_pad = int(46 * s)
    plot = pygame.Rect(
        rect.x + left_pad,
        rect.y + int(8 * s),
        rect.width - left_pad - int(10 * s),
        rect.height - int(34 * s),
    )
    chart = Chart(plot, x_range, y_range, list(series))
    pygame.draw.rect(surface, (18, 22, 30), plot)
    for k, (x0, x1, name) in enumerate(bands):
        band = pygame.Rect(
            int(chart.x_of(x0)), plot.top, max(1, int(chart.x_of(x1) - chart.x_of(x0))), plot.height
        ).clip(plot)
        if k % 2 == 0:
            pygame.draw.rect(surface, (24, 29, 39), band)
        label = fonts.fitted(name, 10.5, band.width - int(6 * s), style.INK_FAINT)
        if label is not None:
            surface.blit(label, (band.x + int(4 * s), plot.top + int(3 * s)))
    for value in y_ticks:
        y = int(chart.y_of(value))
        colour = style.PANEL_EDGE if value != 0 else style.INK_FAINT
        pygame.draw.line(surface, colour, (plot.left, y), (plot.right, y))
        label = fonts.text(y_format(value), 10.5, style.INK_DIM)
        surface.blit(label, label.get_rect(midright=(plot.left - int(6 * s), y)))
    lo, hi = x_range
    step = 10 if hi - lo > 30 else 5
    first = int((lo + step - 1) // step * step)
    for year in range(first, int(hi) + 1, step):
        x = int(chart.x_of(year))
        pygame.draw.line(surface, style.PANEL_EDGE, (x, plot.bottom), (x, plot.bottom + int(4 * s)))
        label = fonts.text(str(year), 10.5, style.INK_DIM)
        surface.blit(label, label.get_rect(midtop=(x, plot.bottom + int(6 * s))))
    for x, _ in markers:
        px = int(chart.x_of(x))
        pygame.draw.line(surface, (70, 64, 44), (px, plot.top), (px, plot.bottom))
    clip = surface.get_clip()
    surface.set_clip(plot)
    for item in series:
        runs: list[list[tuple[int, int]]] = [[]]
        for x, y in zip(item.xs, item.ys, strict=True):
            if y is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append((int(chart.x_of(x)), int(chart.y_of(y))))
        width = max(1, int(round(item.width * s)))
        for run in runs:
            if len(run) < 2:
                continue
            if item.dashed:
                for k in range(0, len(run) - 1, 2):
                    pygame.draw.line(surface, item.colour, run[k], run[k + 1], width)
            else:
                pygame.draw.lines(surface, item.colour, False, run, width)
    if hover_x is not None and plot.left <= chart.x_of(hover_x) <= plot.right:
        px = int(chart.x_of(hover_x))
        pygame.draw.line(surface, style.INK_DIM, (px, plot.top), (px, plot.bottom))
        for item, value in chart.values_at(hover_x):
            if value is not None:
                pygame.draw.circle(
                    surface, item.colour, (px, int(chart.y_of(value))), max(3, int(4 * s))
                )
    surface.set_clip(clip)
    pygame.draw.rect(surface, style.PANEL_EDGE, plot, width=1)
    return chart


def draw_key(
    surface: pygame.Surface, fonts: style.Fonts, pos: tuple[int, int], series: list[Series]
) -> None:
    """A one-line key of the series' labels and line styles."""
    s = fonts.scale
    x, y = pos
    for item in series:
        width = max(2, int(3 * s))
        if item.dashed:
            for k in range(0, int(22 * s), int(8 * s)):
                pygame.draw.line(surface, item.colour, (x + k, y), (x + k + int(4 * s), y), width)
        else:
            pygame.draw.line(surface, item.colour, (x, y), (x + int(22 * s), y), width)
        label = fonts.text(item.label, 12, style.INK)
        surface.blit(label, (x + int(28 * s), y - label.get_height() // 2))
        x += int(28 * s) + label.get_width() + int(20 * s)
