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
from game.batch.plot import BACKGROUND, BANDS, HEADER, WIDTH, panel_top, pixel, write_fan_chart  # noqa: E402

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
