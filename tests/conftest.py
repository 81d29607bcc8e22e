"""Shared fixtures. Tests set their own SDL variables so nothing opens a window."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from game import load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "example_minimal.toml"


@pytest.fixture(scope="session")
def example():
    return load_scenario(EXAMPLE)


TINY = """
schema_version = 1
[scenario]
id = "tiny"
name = "Tiny"
start_year = 2000
end_year = 2010

[[nations]]
id = "AAA"
name = "Aland"
color = "#112233"
capital = [10.0, 10.0]
[nations.stats]
population = 10
gdp = 100
gdp_growth = 3
defence_share = 2

[[nations]]
id = "BBB"
name = "Bland"
color = "#445566"
capital = [20.0, 10.0]
[nations.stats]
population = 20
gdp = 50
gdp_growth = 2
defence_share = 3
"""


@pytest.fixture
def write_scenario(tmp_path):
    """Write TOML text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "scenario.toml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


COIN = Path(__file__).resolve().parent / "data" / "batch_coin.toml"


@pytest.fixture(scope="session")
def rival_path(tmp_path_factory):
    """The coin scenario (tests/data/batch_coin.toml) with Bland and Cland at 30: Bland
    is closer to Aland (10, or 50 once the coin has fired) than to Cland exactly in the
    runs where the coin fired."""
    text = COIN.read_text(encoding="utf-8").replace(
        '[[relations]]\npair = ["AAA", "CCC"]',
        '[[relations]]\npair = ["BBB", "CCC"]\nvalue = 30\n\n[[relations]]\npair = ["AAA", "CCC"]',
    )
    assert "value = 30" in text
    path = tmp_path_factory.mktemp("rival") / "rival.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def rival(rival_path):
    """The rival scenario (see rival_path), loaded."""
    return load_scenario(rival_path)


@pytest.fixture
def horn(tmp_path):
    """A generated scenario outside Asia (the Horn of Africa), loaded."""
    from tests.horn import write_horn

    return load_scenario(write_horn(tmp_path))


@pytest.fixture
def private_folders(tmp_path, monkeypatch):
    """Settings and saves in the test's own folder, never the person's: the client and
    session tests ask for it with `pytestmark = pytest.mark.usefixtures("private_folders")`."""
    monkeypatch.setenv("ALLIANCE_DRIFT_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("ALLIANCE_DRIFT_SAVE_DIR", str(tmp_path / "saves"))
