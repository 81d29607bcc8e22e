"""Tables and a picture of a score: per period and pair, and before/after a fit."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from game.calibration.score import Score

CELL = 7


def _cell(value: float) -> str:
    return f"{'--':>{CELL}}" if np.isnan(value) else f"{value:>+{CELL}.0f}"


def _plain(value: float) -> str:
    return f"{'--':>{CELL}}" if np.isnan(value) else f"{value:>{CELL}.1f}"


def score_table(result: Score) -> list[str]:
    """The median run against the targets: per pair and period 'model (target)'; then
    per-period MAE, the fitted and held-out MAE, pinned pair-years and event shares."""
    targets = result.targets
    fitted = set(targets.fitted())
    ids = [p.id + ("" if k in fitted else "*") for k, p in enumerate(targets.periods)]
    width = max(len(p.label) for p in targets.pairs) + 1
    lines = ["pair".ljust(width) + "".join(f"{i:>{CELL * 2}}" for i in ids)]
    for j, pair in enumerate(targets.pairs):
        cells = "".join(
            f"{_cell(m)}{'(' + format(t, '+.0f') + ')':>{CELL}}"
            for m, t in zip(result.model[:, j], pair.values, strict=True)
        )
        lines.append(pair.label.ljust(width) + cells)
    lines.append(
        "MAE".ljust(width) + "".join(f"{_plain(v)}{'':>{CELL}}" for v in result.period_mae)
    )
    held = result.held_out_mae
    lines.append(
        f"MAE of the fitted periods {result.fitted_mae:.1f}"
        + ("" if np.isnan(held) else f"; held out (*) {held:.1f}")
        + f"; worst period {np.nanmax(result.period_mae):.1f}"
    )
    worst = ", ".join(
        f"{label} {year} ({share:.0%})" for label, year, share in result.pinned_worst[:4]
    )
    lines.append(
        f"pinned pair-years (>= 5% of runs at ±99): {result.pinned_pair_years}"
        + (f", e.g. {worst}" if worst else "")
    )
    for target, share in zip(targets.events, result.event_shares, strict=True):
        if np.isnan(share):
            lines.append(f"event {target.event}: {target.year} is outside the years played")
            continue
        lines.append(
            f"event {target.event}: taken in {target.year}±{target.within} in {share:.0%} of runs"
        )
    return lines


def before_after_table(before: Score, after: Score, knobs, result) -> list[str]:
    """Per period MAE before and after the fit, then each parameter's start and fit."""
    targets = before.targets
    fitted = set(targets.fitted())
    lines = [f"{'period':<8}{'before':>9}{'after':>9}"]
    for k, period in enumerate(targets.periods):
        mark = "" if k in fitted else "  (held out)"
        lines.append(
            f"{period.id:<8}{_plain(before.period_mae[k]):>9}{_plain(after.period_mae[k]):>9}{mark}"
        )
    lines.append(
        f"fitted MAE {before.fitted_mae:.1f} -> {after.fitted_mae:.1f}; held-out MAE "
        f"{before.held_out_mae:.1f} -> {after.held_out_mae:.1f}; pinned pair-years "
        f"{before.pinned_pair_years} -> {after.pinned_pair_years}"
    )
    lines.append("error per pair, after the fit (before):")
    lines.append(f"{'pair':<10}" + "".join(f"{p.id:>11}" for p in targets.periods))
    for j, pair in enumerate(targets.pairs):
        cells = "".join(
            f"{'--':>11}" if np.isnan(a) else f"{a:>5.0f} ({b:>3.0f})"
            for a, b in zip(after.error[:, j], before.error[:, j], strict=True)
        )
        lines.append(f"{pair.label:<10}{cells}")
    lines.append("parameters (start -> fitted):")
    for knob in knobs:
        lines.append(
            f"  {knob.name:<16} {result.start[knob.name]:8.3g} -> {result.best[knob.name]:8.3g}"
        )
    return lines


def draw_report(path: Path, before: Score, after: Score, title: str) -> None:
    """A PNG: per period MAE bars before and after, and a grid of errors per pair after."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    pygame.font.init()
    targets = before.targets
    periods, pairs = len(targets.periods), len(targets.pairs)
    width, height = 980, 312 + 26 * pairs
    surface = pygame.Surface((width, height))
    surface.fill((250, 249, 245))
    font = pygame.font.Font(None, 22)
    small = pygame.font.Font(None, 19)
    ink = (30, 30, 30)
    surface.blit(
        font.render(f"{title}: error against the targets, before and after the fit", True, ink),
        (16, 12),
    )
    # Bars: MAE per period.
    left, top, bar_h = 120, 50, 180
    top_value = max(20.0, float(np.nanmax(np.concatenate([before.period_mae, after.period_mae]))))
    step = (width - left - 30) / periods
    fitted = set(targets.fitted())
    for k, period in enumerate(targets.periods):
        x = left + k * step
        for offset, score, colour in (
            (0.15, before, (190, 150, 140)),
            (0.5, after, (60, 110, 170)),
        ):
            value = score.period_mae[k]
            if np.isnan(value):
                continue
            h = int(bar_h * value / top_value)
            pygame.draw.rect(
                surface, colour, (int(x + offset * step), top + bar_h - h, int(step * 0.33), h)
            )
        surface.blit(small.render(period.id, True, ink), (int(x + 4), top + bar_h + 6))
        if k not in fitted:
            held = small.render("held out", True, (120, 120, 120))
            surface.blit(held, (int(x + 4), top + bar_h + 22))
    surface.blit(small.render("MAE per period", True, ink), (16, top))
    surface.blit(small.render("before", True, (190, 150, 140)), (16, top + 24))
    surface.blit(small.render("after", True, (60, 110, 170)), (16, top + 44))
    for mark in (10, 15):
        y = top + bar_h - int(bar_h * mark / top_value)
        pygame.draw.line(surface, (150, 150, 150), (left, y), (width - 20, y), 1)
        surface.blit(small.render(str(mark), True, (120, 120, 120)), (left - 24, y - 7))
    # Grid: error per pair and period after the fit.
    grid_top = top + bar_h + 52
    surface.blit(
        small.render("error per pair after the fit (points)", True, ink), (16, grid_top - 4)
    )
    for j, pair in enumerate(targets.pairs):
        y = grid_top + 18 + j * 26
        surface.blit(small.render(pair.label, True, ink), (16, y + 4))
        for k in range(periods):
            value = after.error[k, j]
            x = left + k * step
            if np.isnan(value):
                continue
            shade = min(1.0, value / 40.0)
            colour = (int(235 - 40 * shade), int(240 - 170 * shade), int(235 - 170 * shade))
            pygame.draw.rect(surface, colour, (int(x + 4), y, int(step - 8), 22))
            text = small.render(f"{value:.0f}", True, ink)
            surface.blit(text, (int(x + step / 2 - text.get_width() / 2), y + 4))
    from game.batch.plot import save_png

    save_png(surface, path, "report")
