"""The bar across the top of the main view: the player's nation, the year and its era,
the turn, and the buttons that leave the map (end turn, menu, settings, saves, history,
goals)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.client import style, tooltips

if TYPE_CHECKING:
    from game.client.scenes.main_view import MainView

# (widget key, label, width at scale 1, theme object id, tooltip), right to left.
BUTTONS: tuple[tuple[str, str, int, str | None, str], ...] = (
    (
        "end_turn",
        "End turn",
        150,
        "#primary",
        "Play the year: your answers and actions go to the engine (Enter).",
    ),
    ("menu", "Menu", 78, None, "Back to the title menu; the campaign stays open (Esc)."),
    ("settings", "Settings", 92, None, "Window size, fullscreen, UI scale, animation speed."),
    ("load", "Load", 70, None, "Load a saved campaign (F9 loads the quick save)."),
    ("save", "Save", 70, None, "Save this campaign (F5 quick-saves)."),
    ("history", "History", 88, None, "Relations of any two nations across the years."),
    (
        "goals",
        "Goals",
        128,
        None,
        "Your objectives, whether each holds now, and the score so far (G).",
    ),
)


class TopBar:
    """Paints the bar and makes its buttons; the view reacts to the buttons."""

    def __init__(self, view: MainView) -> None:
        self.view = view
        self.year_rect = pygame.Rect(0, 0, 0, 0)  # the big year, on screen (tests hover it)

    def build(self, rect: pygame.Rect) -> dict[str, pygame_gui.elements.UIButton]:
        view = self.view
        h = view.u(36)
        y = rect.centery - h // 2
        x = rect.right - view.u(12)
        widgets = {}
        for key, text, width, object_id, tip in BUTTONS:
            button_rect = pygame.Rect(0, y, view.u(width), h)
            button_rect.right = x
            x = button_rect.left - view.u(8)
            widgets[key] = pygame_gui.elements.UIButton(
                button_rect,
                text,
                view.manager,
                container=view.root,
                object_id=object_id,
                tool_tip_text=tip,
            )
        widgets["end_turn"].set_tooltip(BUTTONS[0][4])
        return widgets

    def render(self, surface: pygame.Surface, r: pygame.Rect) -> None:
        view = self.view
        session = view.session
        pygame.draw.rect(surface, style.PANEL, r)
        pygame.draw.line(surface, style.PANEL_EDGE, r.bottomleft, (r.right, r.bottom - 1))
        scenario = session.scenario
        x = r.x + view.u(16)
        player = session.player
        if player >= 0:
            nation = scenario.nations[player]
            swatch = pygame.Rect(x, r.centery - view.u(9), view.u(18), view.u(18))
            pygame.draw.rect(surface, nation.color, swatch, border_radius=view.u(3))
            pygame.draw.rect(surface, style.INK, swatch, width=1, border_radius=view.u(3))
            x = swatch.right + view.u(10)
            name = view.text(
                surface, nation.name, (x, r.centery), 18, style.INK, bold=True, anchor="midleft"
            )
            x = name.right + view.u(24)
        index = view.index
        over = session.done and index == session.last
        # After the last turn the state stands at the year after the end; the campaign's
        # last year is what was played.
        year = session.year_of(index - 1) if over else session.year_of(index)
        year_rect = view.text(
            surface, str(year), (x, r.centery), 26, style.GOLD, bold=True, anchor="midleft"
        )
        self.year_rect = year_rect
        view.tips.add(year_rect, tooltips.year_tip(session, index, year, view.viewing is not None))
        era = scenario.era_at(year)
        x = year_rect.right + view.u(14)
        if era is not None:
            era_rect = view.text(
                surface,
                era.name,
                (x, r.centery - view.u(8)),
                14,
                style.INK,
                bold=True,
                anchor="midleft",
            )
            view.tips.add(era_rect, tooltips.era_tip(era))
        sub = f"Turn {session.turn_number(index)} of {scenario.turns}"
        if over:
            sub = "The campaign is over"
        if view.viewing is not None:
            sub += "  ·  the past"
        turn_rect = view.text(
            surface, sub, (x, r.centery + view.u(10)), 12, style.INK_DIM, anchor="midleft"
        )
        view.shown["top"] = (year, sub)
        view.tips.add(turn_rect, tooltips.turn_tip(session, index))
