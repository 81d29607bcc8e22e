"""The fan chart: a valid PNG with the bands, lines, axes and legend where they belong."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from game import load_scenario  # noqa: E402
from game.batch import BatchSpec, run_batch  # noqa: E402
from game.batch.plot import (  # noqa: E402
    BACKGROUND,
    BANDS,
    HEADER,
    SHARE_LINES,
    WIDTH,
    panel_top,
    pixel,
    share_pixel,
    write_fan_chart,
)

COIN = Path(__file__).parent / "data" / "batch_coin.toml"


@pytest.fixture(scope="module")
def summary():
    spec = BatchSpec(
        load_scenario(COIN), runs=200, policy="ai", tracked=(("AAA", "BBB"), ("AAA", "CCC"))
    )
    return run_batch(spec)


def test_fan_chart_is_a_png_with_bands_and_legend(summary, tmp_path):
    import pygame

    path = tmp_path / "fan.png"
    write_fan_chart(summary, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = pygame.image.load(str(path))
    assert image.get_width() == WIDTH and image.get_height() > HEADER + 2 * 250
    years = summary["years"]

    def color(k: int, year: float, value: float) -> tuple[int, int, int]:
        x, y = pixel(years, panel_top(k), year, value)
        return tuple(image.get_at((round(x), round(y))))[:3]

    # AAA-BBB: half the runs at 10, half at 50 after the coin: the 25-75% band spans them
    assert color(0, 2006.5, 30.0) == BANDS[1]
    assert color(0, 2006.5, 80.0) == BACKGROUND
    # AAA-CCC never changes: no band away from -40, the median line on it
    assert color(1, 2006.5, 30.0) == BACKGROUND
    assert color(1, 2006.5, -40.0) in (BANDS[2], (20, 20, 20))
    legend = [image.get_at((x, y))[:3] for x in range(0, WIDTH, 3) for y in range(0, HEADER, 3)]
    assert BANDS[0] in legend and BANDS[1] in legend
    ink = sum(1 for c in legend if c != BACKGROUND)
    assert ink > 500  # title, subtitle and legend text


def test_fan_chart_into_a_missing_folder_is_refused(summary, tmp_path):
    from game.errors import InputError

    with pytest.raises(InputError):
        write_fan_chart(summary, tmp_path / "nowhere" / "fan.png")


def test_comparison_panel_draws_the_share_of_runs_year_by_year(rival, tmp_path):
    import pygame

    summary = run_batch(
        BatchSpec(rival, runs=200, policy="ai", tracked=(("AAA", "BBB"), ("BBB", "CCC")))
    )
    fired = summary["comparisons"]["AAA:BBB vs BBB:CCC"]["end"]["first_higher"]
    assert 0.3 < fired < 0.7
    path = tmp_path / "fan.png"
    write_fan_chart(summary, path)
    image = pygame.image.load(str(path))
    top = panel_top(2)  # after the two pairs' panels
    years = summary["years"]

    def color(year: float, share: float) -> tuple[int, int, int]:
        x, y = share_pixel(years, top, 1, year, share)
        return tuple(image.get_at((round(x), round(y))))[:3]

    assert color(2006.5, fired) == SHARE_LINES[0]  # Bland closer to Aland once the coin fell
    assert color(2006.5, 0.95) == BACKGROUND
    assert color(2006.5, 0.05) == BACKGROUND
    # the legend's line, and its claim in ink beside it
    legend = [image.get_at((x, top + 39))[:3] for x in range(60, 400)]
    assert SHARE_LINES[0] in legend and sum(c != BACKGROUND for c in legend) > 60
    assert image.get_height() >= top + 30 + 22 + 230


def test_one_pair_draws_no_comparison_panel(summary):
    from game.batch.plot import render_fan_chart

    both = render_fan_chart(summary)  # two pairs: one comparison
    alone = dict(summary, chosen_pairs=summary["chosen_pairs"][:1], comparisons={})
    assert render_fan_chart(alone).get_height() < both.get_height() - 230
