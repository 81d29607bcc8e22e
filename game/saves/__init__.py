"""Saves, autosaves and replays: a player never loses a campaign.

    from game.saves import save_game, load_game, autosave, list_saves, SaveError
    save_game(sim, Path("my-game.adsave"), name="Before the 1965 war")
    sim = load_game(Path("my-game.adsave"))          # ScenarioChangedError if the rules changed
    sim = load_game(path, on_changed_scenario="saved")  # continue with the save's copy of the rules

The package never imports pygame; the client builds its save and load screens on it.
"""

from game.saves.errors import SaveError, ScenarioChangedError
from game.saves.folders import (
    AUTOSAVES_KEPT,
    SAVE_DIR_VARIABLE,
    SUFFIX,
    SaveInfo,
    default_save_dir,
    list_saves,
    read_info,
    save_path_for,
)
from game.saves.game import (
    CHANGED_SCENARIO_CHOICES,
    LoadReport,
    autosave,
    load_game,
    save_game,
)
from game.saves.migrations import FORMAT_VERSION

__all__ = [
    "AUTOSAVES_KEPT",
    "CHANGED_SCENARIO_CHOICES",
    "FORMAT_VERSION",
    "SAVE_DIR_VARIABLE",
    "SUFFIX",
    "LoadReport",
    "SaveError",
    "SaveInfo",
    "ScenarioChangedError",
    "autosave",
    "default_save_dir",
    "list_saves",
    "load_game",
    "read_info",
    "save_game",
    "save_path_for",
]
