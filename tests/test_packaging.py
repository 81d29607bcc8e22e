"""The package as a newcomer installs it: a wheel that builds without warnings, carries the
scenarios and assets, and whose console script plays a campaign from any folder.

The wheel is built from a copy of the checkout with the build backend already installed
(no download), and installed into a bare virtual environment that borrows this one's
dependencies (numpy, pygame, ...) through a .pth line, so the test needs no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "LICENSE", "README.md")
FOLDERS = ("game", "scenarios", "assets")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    """(the built wheel, everything the build backend printed)."""
    pytest.importorskip("setuptools", minversion="77")
    work = tmp_path_factory.mktemp("package")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        shutil.copy2(ROOT / name, source / name)
    junk = shutil.ignore_patterns("__pycache__", "*.pyc", "_data")
    for name in FOLDERS:
        shutil.copytree(ROOT / name, source / name, ignore=junk)
    dist = work / "dist"
    built = subprocess.run(
        [
            sys.executable,
            "-W",
            "default",  # show every warning the backend raises, as pip would
            "-c",
            "import sys; from setuptools import build_meta; print(build_meta.build_wheel(sys.argv[1]))",
            str(dist),
        ],
        cwd=source,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "default"},
        timeout=120,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    return dist / built.stdout.strip().splitlines()[-1], built.stdout + built.stderr


def test_the_wheel_builds_without_deprecation_warnings(wheel):
    _, output = wheel
    lines = [line for line in output.splitlines() if "Warning" in line or "deprecat" in line]
    assert lines == []


def test_the_wheel_carries_scenarios_assets_and_the_licence(wheel):
    path, _ = wheel
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        headers = archive.read(metadata).decode()
    for name in (
        "game/_data/scenarios/pak_russia_1947.toml",
        "game/_data/scenarios/pak_russia/targets.toml",
        "game/_data/scenarios/diplomacy/actions.toml",
        "game/_data/assets/theme.json",
        "game/_data/assets/map/world.json",
        "game/_data/assets/fonts/DejaVuSansCondensed.ttf",
    ):
        assert name in names
    assert "License-Expression: MIT" in headers
    assert "License-File: LICENSE" in headers
    assert not any(n.startswith(("tests/", "tools/")) or "__pycache__" in n for n in names)


def test_the_installed_console_script_plays_the_campaign_from_another_folder(wheel, tmp_path):
    path, _ = wheel
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # this environment's dependencies, without its editable install of the checkout
    Path(site, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(path),
        ],
        check=True,
        timeout=120,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    script = bindir / "alliance-drift"
    played = subprocess.run(
        [str(script), "simulate", "--until", "1950"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert played.returncode == 0, played.stderr
    assert "1947" in played.stdout and "Pakistan" in played.stdout
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import game, game.arguments as c; print(game.__file__); print(c.SCENARIO_DIR)",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.splitlines()
    assert all(line.startswith(site) for line in where), where
    checked = subprocess.run(
        [str(script), "validate", str(Path(where[1], "pak_russia_1947.toml"))],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert checked.returncode == 0 and "ok" in checked.stdout, checked.stdout + checked.stderr
    # the client's assets (world map, fonts, theme) come with the package too
    shot = elsewhere / "1948.png"
    drawn = subprocess.run(
        [str(script), "render", "--year", "1948", "--size", "1280x720", "--out", str(shot)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={**env, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
        timeout=180,
    )
    assert drawn.returncode == 0, drawn.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
