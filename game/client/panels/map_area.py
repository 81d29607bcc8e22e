"""The map's furniture in the main view: its buttons (zoom, map mode, ties, back to the
present), the legend, the alignment inset, the 'viewing the past' banner, and the
tooltips of the map and the timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.client import crisis_bridge, mapmodes, style, tooltips
from game.client.alignment import camp_tints
from game.client.legend import draw_legend
from game.client.mapmodel import MapFrame

if TYPE_CHECKING:
    from game.client.scenes.main_view import MainView

MODE_HINT = " Click or press M for the next map mode."


class MapArea:
    def __init__(self, view: MainView) -> None:
        self.view = view
        self._legend: pygame.Surface | None = None
        self._legend_key: tuple | None = None

    # --- input --------------------------------------------------------------------------

    def hover(self, pos: tuple[int, int]) -> None:
        """Light the nation under the mouse."""
        view = self.view
        m = view.rects["map"]
        nation = (
            view.mapview.nation_at((pos[0] - m.x, pos[1] - m.y)) if m.collidepoint(pos) else None
        )
        if nation != view.mapview.hovered:
            view.mapview.hovered = nation
            view.mapview.dirty = True

    def toggle_ties(self) -> None:
        """All relation lines, or only the key ones (A); kept in the settings."""
        view = self.view
        view.mapview.show_all_ties = not view.mapview.show_all_ties
        view.app.settings.show_all_ties = view.mapview.show_all_ties
        view.widgets["ties"].set_text("Key ties" if view.mapview.show_all_ties else "All ties")
        view.mapview.dirty = True

    # --- widgets ------------------------------------------------------------------------

    def build(self, m: pygame.Rect) -> dict[str, pygame_gui.elements.UIButton]:
        view = self.view
        size = view.u(34)
        zx = m.right - size - view.u(12)
        zy = m.top + view.u(12)

        def button(rect, text, tip, object_id=None):
            return pygame_gui.elements.UIButton(
                rect,
                text,
                view.manager,
                container=view.root,
                object_id=object_id,
                tool_tip_text=tip,
            )

        mode_w, ties_w, now_w = view.u(150), view.u(104), view.u(150)
        return {
            "zoom_in": button(
                pygame.Rect(zx, zy, size, size), "+", "Zoom in (+ or the mouse wheel)"
            ),
            "zoom_out": button(
                pygame.Rect(zx, zy + size + view.u(6), size, size), "−", "Zoom out (−)"
            ),
            "mode": button(
                pygame.Rect(zx - view.u(104) - mode_w - view.u(16), zy, mode_w, size),
                f"Map: {mapmodes.MODE_NAMES[view.map_mode]}",
                mapmodes.MODE_TIPS[view.map_mode] + MODE_HINT,
            ),
            "ties": button(
                pygame.Rect(zx - ties_w - view.u(8), zy, ties_w, size),
                "All ties" if not view.mapview.show_all_ties else "Key ties",
                "Show every relation line, or only the meaningful ones (A).",
            ),
            "now": button(
                pygame.Rect(m.centerx - now_w // 2, m.top + view.u(12), now_w, size),
                "Back to the present",
                "Stop looking at the past (End).",
                "#primary",
            ),
        }

    def show_mode(self, button: pygame_gui.elements.UIButton) -> None:
        """The map-mode button after the mode changed."""
        mode = self.view.map_mode
        button.set_text(f"Map: {mapmodes.MODE_NAMES[mode]}")
        button.set_tooltip(mapmodes.MODE_TIPS[mode] + MODE_HINT)

    def forget_legend(self) -> None:
        """Draw the legend again next frame (the map mode or the UI scale changed)."""
        self._legend_key = None

    # --- legend, inset and banner ------------------------------------------------------

    def inset_rect(self) -> pygame.Rect:
        view = self.view
        m = view.rects["map"]
        w = min(view.u(250), m.width // 3)
        h = min(view.u(200), m.height // 3)
        return pygame.Rect(m.x + view.u(12), m.bottom - h - view.u(12), w, h)

    def legend_rect(self) -> pygame.Rect:
        view = self.view
        m = view.rects["map"]
        return self.legend_surface().get_rect(
            bottomright=(m.right - view.u(12), m.bottom - view.u(12))
        )

    def obstacles(self) -> list[pygame.Rect]:
        """The panels over the map (inset and legend), in map-area coordinates: the default
        view keeps the scenario's territories out from under them. (The badges of off-map
        powers are part of the map and may stand over far-off land, as they always have.)"""
        m = self.view.rects["map"]
        return [r.move(-m.x, -m.y) for r in (self.inset_rect(), self.legend_rect())]

    def legend_surface(self) -> pygame.Surface:
        view = self.view
        _, swatches, title = view.mode_view(view.index)
        view.shown["legend"] = swatches
        key = (tuple(swatches), title, view.fonts.scale)
        if key != self._legend_key or self._legend is None:
            disputed = [area.legend for area in view.mapview.map.disputed]
            self._legend = draw_legend(view.fonts, swatches, title, disputed=disputed)
            self._legend_key = key
        return self._legend

    def sync_marks(self) -> None:
        """Give the map the crisis rings of the year it shows (from the crisis records)."""
        view = self.view
        scenario = view.session.scenario
        marks = {
            scenario.nation_index[nation]: (crisis.level, len(crisis.ladder))
            for nation, crisis in crisis_bridge.marks(view.session.crises(view.index)).items()
            if nation in scenario.nation_index
        }
        view.shown["crisis_marks"] = marks
        if marks != view.mapview.crisis_marks:
            view.mapview.crisis_marks = marks
            view.mapview.dirty = True

    def draw(self, surface: pygame.Surface, frame: MapFrame) -> None:
        view = self.view
        surface.blit(self.legend_surface(), self.legend_rect())
        self._draw_inset(surface, frame)
        if view.viewing is not None:
            self._draw_past_banner(surface)

    def _draw_inset(self, surface: pygame.Surface, frame: MapFrame) -> None:
        view = self.view
        session = view.session
        blend = view.anim_t if view.animating else 1.0
        # The inset always shows the camps, whatever the map mode colours.
        tint = frame.tint if view.map_mode == "camps" else camp_tints(session.camps(view.index))
        axes = self.inset_axes()
        view.shown["inset"] = (view.index, tint, axes)
        view.inset.draw(
            surface,
            self.inset_rect(),
            session.track,
            view.index,
            tint,
            view.selected,
            view.mapview.player,
            blend,
            axes,
        )

    def inset_axes(self) -> tuple[str, str, str]:
        """Axis names of the inset: the camps' leaders (left, right) and what 'up' measures."""
        session = self.view.session
        camps = session.camps(self.view.index)
        left = camps.leader_names[1] or ""
        focus = session.focus
        up = (
            "friendlier with you"
            if focus == session.player
            else f"friendlier with {session.scenario.nations[focus].name}"
        )
        return left, camps.leader_names[0], up

    def _draw_past_banner(self, surface: pygame.Surface) -> None:
        view = self.view
        m = view.rects["map"]
        text = view.fonts.text(
            f"Viewing {view.session.year_of(view.index)} — the map as it was",
            13,
            style.GOLD,
            bold=True,
        )
        rect = text.get_rect(midtop=(m.centerx, m.top + view.u(54)))
        back = rect.inflate(view.u(20), view.u(8))
        pygame.draw.rect(surface, style.PANEL, back, border_radius=view.u(5))
        surface.blit(text, rect)

    # --- what is under the mouse -----------------------------------------------------

    def nation_at(self, pos: tuple[int, int]) -> int | None:
        """The nation under a screen point of the map: in the inset, or on the map."""
        view = self.view
        m = view.rects["map"]
        inset = self.inset_rect()
        if inset.collidepoint(pos):
            return view.inset.nation_at((pos[0] - inset.x, pos[1] - inset.y))
        return view.mapview.nation_at((pos[0] - m.x, pos[1] - m.y))

    def register_tips(self) -> None:
        view = self.view
        view.tips.add(view.rects["map"], self.map_tip)
        view.tips.add(view.rects["timeline"], self.timeline_tip)

    def map_tip(self, mouse: tuple[int, int]) -> str | None:
        view = self.view
        m = view.rects["map"]
        if self.inset_rect().collidepoint(mouse):
            nation = self.nation_at(mouse)
            if nation is None:
                return tooltips.ALIGNMENT_SPACE
            return tooltips.nation_tip(view.session, view.index, nation)
        local = (mouse[0] - m.x, mouse[1] - m.y)
        nation = view.mapview.nation_at(local)
        if nation is not None:
            return tooltips.nation_tip(view.session, view.index, nation)
        shape = view.mapview.shape_at(local)
        if shape is not None:
            return tooltips.bystander_tip(view.mapview.shape_name(shape))
        return None

    def timeline_tip(self, mouse: tuple[int, int]) -> str | None:
        view = self.view
        marker = view.timeline.marker_at(mouse)
        year = view.session.year_of(view.timeline.index_at(view.session, mouse[0]))
        if marker is not None:
            return tooltips.timeline_tip(view.session, marker.index, marker.titles, year)
        return tooltips.timeline_tip(view.session, None, (), year)
