"""Fan charts for papers: valid PDF and SVG at the size asked, in the style asked, with the
bands, lines and the scenario's targets where they belong; targets on the PNG too."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import re  # noqa: E402
import sys  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from game import load_scenario  # noqa: E402
from game.batch import BatchSpec, run_batch  # noqa: E402
from game.batch.chart_targets import load_chart_targets, target_steps  # noqa: E402
from game.cli import main  # noqa: E402

pytest.importorskip("matplotlib")

DATA = Path(__file__).parent / "data"
SVG = "{http://www.w3.org/2000/svg}"
TARGETS = """schema_version = 1

[targets]
name = "Coin targets"
aliases = { AB = ["BBB"] }

[[periods]]
id = "early"
start = 2000
end = 2004

[[periods]]
id = "late"
start = 2005
end = 2010

[[pairs]]
pair = ["AB", "AAA"]
values = [10, 60]
"""


@pytest.fixture(scope="module")
def coin_with_targets(tmp_path_factory) -> Path:
    """The coin scenario naming a targets file: AAA:BBB (through an alias, the other way
    round) at 10 until 2004, then 60."""
    folder = tmp_path_factory.mktemp("targets")
    text = (DATA / "batch_coin.toml").read_text(encoding="utf-8")
    text = text.replace('default_player = "AAA"\n', 'default_player = "AAA"\ntargets = "t.toml"\n')
    (folder / "coin.toml").write_text(text, encoding="utf-8")
    (folder / "t.toml").write_text(TARGETS, encoding="utf-8")
    return folder / "coin.toml"


@pytest.fixture(scope="module")
def scenario(coin_with_targets):
    return load_scenario(coin_with_targets)


@pytest.fixture(scope="module")
def summary(scenario):
    spec = BatchSpec(
        scenario,
        runs=100,
        policy="ai",
        tracked=(("AAA", "BBB"), ("AAA", "CCC")),
    )
    return run_batch(spec)


def _plot(path: Path, scenario: Path, *extra: str) -> int:
    return main(
        [
            "simulate",
            "--scenario",
            str(scenario),
            "--runs",
            "60",
            "--policy",
            "ai",
            "--pairs",
            "AAA:BBB,AAA:CCC",
            "--plot",
            str(path),
            *extra,
        ]
    )


def test_pdf_is_valid_at_the_size_asked_with_every_panel(coin_with_targets, tmp_path, capsys):
    from pypdf import PdfReader

    path = tmp_path / "fan.pdf"
    assert _plot(path, coin_with_targets, "--plot-size", "6x8") == 0
    assert path.read_bytes()[:5] == b"%PDF-"
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (6 * 72, 8 * 72)
    text = reader.pages[0].extract_text()
    for words in ("(AAA:BBB)", "(AAA:CCC)", "Which is the higher", "target", "median"):
        assert words in text
    assert "wrote" not in capsys.readouterr().err


def _paths(root: ET.Element, gid: str) -> list[list[tuple[float, float]]]:
    """The points of each path drawn inside the group with id `gid`."""
    group = next(e for e in root.iter(f"{SVG}g") if e.get("id") == gid)
    out = []
    for element in group.iter(f"{SVG}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", element.get("d", ""))]
        out.append(list(zip(numbers[::2], numbers[1::2], strict=True)))
    return out


def test_svg_has_bands_lines_and_target_steps_where_they_belong(summary, scenario, tmp_path):
    from game.batch.plot import write_fan_chart

    path = tmp_path / "fan.svg"
    targets = load_chart_targets(scenario)
    write_fan_chart(summary, path, targets)
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg" and root.get("width") == "504pt"  # 7 inches by default
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    for key in ("AAA-BBB", "AAA-CCC"):
        assert {f"band-90-{key}", f"band-50-{key}", f"median-{key}", f"history-{key}"} <= ids
    assert "share-AAA-BBB-vs-AAA-CCC" in ids
    # targets on AAA:BBB only (matched through the alias, in the other order), one per period
    assert {i for i in ids if i.startswith("target-")} == {
        "target-AAA-BBB-early",
        "target-AAA-BBB-late",
    }
    (early,) = _paths(root, "target-AAA-BBB-early")[0:1]
    (late,) = _paths(root, "target-AAA-BBB-late")[0:1]
    # horizontal steps, one after the other, the later one higher (60 above 10; SVG y grows down)
    assert early[0][1] == early[-1][1] and late[0][1] == late[-1][1]
    assert early[-1][0] == pytest.approx(late[0][0]) and late[0][1] < early[0][1]
    # the 2000-2004 step sits on the relation's value 10, where every run's median is then
    median = _paths(root, "median-AAA-BBB")[0]
    assert median[0][1] == pytest.approx(early[0][1], abs=0.01)


def test_a_style_sheet_sets_the_fonts(coin_with_targets, tmp_path, capsys):
    style = tmp_path / "journal.mplstyle"
    style.write_text("font.size: 6.5\nsvg.fonttype: none\nfont.family: serif\n")
    path = tmp_path / "styled.svg"
    assert _plot(path, coin_with_targets, "--plot-style", str(style), "--plot-size", "3.5x5") == 0
    svg = path.read_text()
    assert 'width="252pt"' in svg and "<text" in svg  # text kept as text, as asked
    assert "6.5px" in svg and "serif" in svg
    assert _plot(tmp_path / "x.svg", coin_with_targets, "--plot-style", "no-such-style") == 2
    assert "--plot-style" in capsys.readouterr().err


def test_png_draws_the_targets_too(summary, scenario, tmp_path):
    import pygame

    from game.batch.plot import TARGET, panel_top, pixel, write_fan_chart

    path = tmp_path / "fan.png"
    write_fan_chart(summary, path, load_chart_targets(scenario))
    image = pygame.image.load(str(path))
    x, y = pixel(summary["years"], panel_top(0), 2007.0, 60.0)
    assert tuple(image.get_at((round(x), round(y))))[:3] == TARGET
    x, y = pixel(summary["years"], panel_top(1), 2007.0, 60.0)
    assert tuple(image.get_at((round(x), round(y))))[:3] != TARGET


def test_aliases_match_either_side_within_the_years_a_pair_exists():
    campaign = load_scenario(Path(__file__).parent.parent / "scenarios" / "pak_russia_1947.toml")
    targets = load_chart_targets(campaign)
    years = list(range(1947, 2031))
    soviet = [1 if y <= 1991 else 0 for y in years]
    russia = [0 if y < 1990 else 1 for y in years]
    before = target_steps(targets, "SUN:PAK", years, soviet)
    after = target_steps(targets, "PAK:RUS", years, russia)
    assert {s.label for s in before} == {s.label for s in after} == {"PAK:SU"}
    assert before[-1].period == "90s" and (before[-1].start, before[-1].end) == (1989.5, 1991.5)
    assert after[0].period == "90s" and (after[0].start, after[0].end) == (1989.5, 1999.5)
    assert after[-1].end == 2024.5 and after[-1].value == 35
    assert target_steps(targets, "PAK:GBR", years, russia) == []
    assert target_steps(None, "PAK:RUS", years, russia) == []


def test_vector_charts_without_matplotlib_are_refused_before_the_run(
    coin_with_targets, tmp_path, capsys, monkeypatch
):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    path = tmp_path / "fan.pdf"
    assert _plot(path, coin_with_targets) == 2
    error = capsys.readouterr().err
    assert "alliance-drift[plot]" in error and "Traceback" not in error
    assert not path.exists()
    # a plain PNG is drawn as ever
    assert _plot(tmp_path / "fan.png", coin_with_targets) == 0
