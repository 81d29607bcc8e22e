"""Every screen of the client, by name: the one module that imports the scenes.

Screens move to one another by name through the app (`app.push("history", session=s,
selected=i)`), the way a scene stack keeps its screens apart: no scene imports another
scene, so adding a screen is one module and one line here, and the client has no import
circle. Only `game.client.app` imports this table (tests check both rules).
"""

from __future__ import annotations

from game.client.scene import Scene
from game.client.scenes.confirm import ConfirmDialog
from game.client.scenes.diplomacy_dialog import DiplomacyDialog
from game.client.scenes.encyclopedia import EncyclopediaScene
from game.client.scenes.end_report import EndReport
from game.client.scenes.event_dialog import EventDialog
from game.client.scenes.goals_panel import GoalsPanel
from game.client.scenes.help import HelpOverlay
from game.client.scenes.history import HistoryScene
from game.client.scenes.main_view import MainView
from game.client.scenes.new_campaign import NewCampaignScene
from game.client.scenes.saveload import LoadScene, SaveScene
from game.client.scenes.settings_scene import SettingsScene
from game.client.scenes.title import TitleScene
from game.client.scenes.turn_summary import TurnSummary

SCENES: dict[str, type[Scene]] = {
    kind.name: kind
    for kind in (
        TitleScene,
        NewCampaignScene,
        MainView,
        SettingsScene,
        HelpOverlay,
        HistoryScene,
        SaveScene,
        LoadScene,
        EncyclopediaScene,
        GoalsPanel,
        DiplomacyDialog,
        EventDialog,
        TurnSummary,
        EndReport,
        ConfirmDialog,
    )
}


def scene_class(name: str) -> type[Scene]:
    """The screen registered under `name` (a programming error if there is none)."""
    try:
        return SCENES[name]
    except KeyError:
        known = ", ".join(sorted(SCENES))
        raise LookupError(f"no screen is registered as {name!r}; the screens are {known}") from None
