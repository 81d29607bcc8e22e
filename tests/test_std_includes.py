"""`std:` includes: the game's shipped actions (and other shipped fragments) can be
included from a scenario kept anywhere, with the same safety rules as any include, and a
save keeps a copy of them like the scenario's own files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game import ScenarioError, Simulation, load_scenario
from game.loader import source_files
from game.saves import load_game, save_game
from tests.conftest import ROOT
from tests.horn import horn_text

DOC = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")


def _write(folder: Path, include: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = horn_text().replace(
        "schema_version = 1\n", f'schema_version = 1\ninclude = ["{include}"]\n', 1
    )
    path = folder / "horn.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [str(p) for p in caught.value.problems]


def test_shipped_actions_from_anywhere(tmp_path):
    scenario = load_scenario(_write(tmp_path / "deep" / "mods", "std:diplomacy/actions.toml"))
    assert {"state_visit", "join_treaty", "mediate"} <= {a.id for a in scenario.actions}
    names = [name for name, _ in source_files(scenario)]
    assert names == ["horn.toml", "_std/diplomacy/actions.toml"]


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        ("std:../README.md", "must stay inside the standard library"),
        ("std:/etc/passwd", "must stay inside the standard library"),
        ("std:", "must stay inside the standard library"),
        ("std:diplomacy/nope.toml", "'std:diplomacy/nope.toml' does not exist"),
        ("std:diplomacy", "is not a regular file"),
    ],
)
def test_std_includes_keep_the_safety_rules(tmp_path, include, expected):
    [message] = _problems(_write(tmp_path, include))
    assert expected in message and "horn.toml:2:" in message


def test_a_save_keeps_a_copy_of_the_std_files(tmp_path):
    """The save holds the library files it used: loaded from its copy, the game has those
    actions, not the ones of the game's own library."""
    library = tmp_path / "library" / "diplomacy"
    library.mkdir(parents=True)
    (library / "actions.toml").write_text(
        'schema_version = 1\n[[actions]]\nid = "wave"\nname = "Wave"\n'
        'effects = ["relation(SELF, TARGET) += 1"]\n',
        encoding="utf-8",
    )
    path = _write(tmp_path / "mod", "std:diplomacy/actions.toml")
    sim = Simulation(load_scenario(path, std_dir=tmp_path / "library"), seed=3, policy="ai")
    for _ in range(3):
        sim.step()
    save_game(sim, tmp_path / "h.adsave")
    path.write_text(path.read_text() + "\n# edited\n")
    loaded = load_game(tmp_path / "h.adsave", on_changed_scenario="saved", verify=True)
    assert loaded.load_report.replay_matched
    assert [a.id for a in loaded.scenario.actions] == ["wave"]


def test_documented_action_example_loads(tmp_path):
    """The complete [[actions]] example of the scenario format doc validates."""
    block = re.search(r"```toml\n(\[\[actions\]\]\n.*?)```", DOC, re.S).group(1)
    text = (
        horn_text()
        + (
            '\n[[treaties]]\nid = "HORN_LEAGUE"\nname = "Horn League"\nkind = "regional"\n'
            'members = ["ETH", "KEN"]\nstart = 1974\n\n'
        )
        + block
    )
    path = tmp_path / "doc_action.toml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    (action,) = scenario.actions
    assert action.modifiers and action.requires is not None
