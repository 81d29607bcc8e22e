"""Every screen of the client, by name: the one table that knows where the scenes live.

Screens move to one another by name through the app (`app.push("history", session=s,
first=i)`), the way a scene stack keeps its screens apart: no scene imports another
scene, so adding a screen is one module and one line here, and the client has no import
circle. Only `game.client.app` uses this table (tests check both rules).

A screen's module is imported the first time it opens, so the title menu does not wait
for the main view, the dialogs and what they import (the first frame has a budget).
"""

from __future__ import annotations

from importlib import import_module

from game.client.scene import Scene

# name -> "module:class"; the class's own `name` is the key (a test checks).
SCENES: dict[str, str] = {
    "title": "game.client.scenes.title:TitleScene",
    "new_campaign": "game.client.scenes.new_campaign:NewCampaignScene",
    "main": "game.client.scenes.main_view:MainView",
    "settings": "game.client.scenes.settings_scene:SettingsScene",
    "help": "game.client.scenes.help:HelpOverlay",
    "history": "game.client.scenes.history:HistoryScene",
    "save": "game.client.scenes.saveload:SaveScene",
    "load": "game.client.scenes.saveload:LoadScene",
    "encyclopedia": "game.client.scenes.encyclopedia:EncyclopediaScene",
    "goals": "game.client.scenes.goals_panel:GoalsPanel",
    "diplomacy": "game.client.scenes.diplomacy_dialog:DiplomacyDialog",
    "event": "game.client.scenes.event_dialog:EventDialog",
    "crisis": "game.client.scenes.crisis_dialog:CrisisDialog",
    "summary": "game.client.scenes.turn_summary:TurnSummary",
    "end_report": "game.client.scenes.end_report:EndReport",
    "confirm": "game.client.scenes.confirm:ConfirmDialog",
}


def scene_class(name: str) -> type[Scene]:
    """The screen registered under `name` (a programming error if there is none)."""
    try:
        where = SCENES[name]
    except KeyError:
        known = ", ".join(sorted(SCENES))
        raise LookupError(f"no screen is registered as {name!r}; the screens are {known}") from None
    module, _, attribute = where.partition(":")
    return getattr(import_module(module), attribute)
