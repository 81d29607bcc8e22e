"""The main view: the map, the selected nation, diplomacy, the turn bar and the event log.

Everything here reads the session's states; the only way the game moves on is `end_turn`,
which sends the player's answers (and diplomatic actions) to the engine.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame
import pygame_gui

from game.client import diplomacy_bridge, goals, mapmodes, saves_bridge, style
from game.client.alignment import camp_tints
from game.client.explain import stat_tooltip
from game.client.inset import AlignmentInset
from game.client.intents import resolve
from game.client.legend import draw_legend
from game.client.mapmodel import MapFrame, build_frame, mix_frames
from game.client.mapview import MapView
from game.client.scene import Scene
from game.client.session import Session
from game.client.timeline import Timeline
from game.client.why import relation_drivers
from game.scenario import STAT_INDEX
from game.state import IN_FORCE

PAN_STEP = 80
ZOOM_STEP = 1.25
NUCLEAR_WORDS = ("none", "programme", "threshold", "armed")


def stat_rows(scenario_stats: np.ndarray) -> list[tuple[str, str, str]]:
    """(name, label, value text) of the stats the nation panel shows."""
    s = scenario_stats
    nuclear = NUCLEAR_WORDS[int(max(0, min(3, round(s[STAT_INDEX["nuclear"]]))))]
    return [
        ("population", "Population", f"{s[STAT_INDEX['population']]:,.0f} m"),
        ("gdp", "GDP", f"${s[STAT_INDEX['gdp']]:,.1f} bn"),
        ("gdp_growth", "Growth", f"{s[STAT_INDEX['gdp_growth']]:.1f} %"),
        ("military", "Military", f"{s[STAT_INDEX['military']]:,.1f}"),
        ("defence_share", "Defence", f"{s[STAT_INDEX['defence_share']]:.1f} % GDP"),
        ("stability", "Stability", f"{s[STAT_INDEX['stability']]:.0f} / 100"),
        ("nuclear", "Nuclear", nuclear),
    ]


class MainView(Scene):
    name = "main"

    def __init__(self, app, session: Session) -> None:
        super().__init__(app)
        self.session = session
        if session.last == 0 and session.first_turn == 0:
            session.history_path()  # start history's path now, to keep it in lockstep
        scenario = session.scenario
        self.selected: int | None = session.player if session.player >= 0 else session.anchor
        self.viewing: int | None = None  # a past state index while scrubbing
        self.choices: dict[str, int] = {}
        self.planned: list[diplomacy_bridge.ActionOption] = []
        self._restore_draft()
        self.mapview = MapView(app.map_for(scenario), scenario, app.fonts)
        self.mapview.player = session.player if session.player >= 0 else None
        self.mapview.show_all_ties = app.settings.show_all_ties
        self.inset = AlignmentInset(scenario, app.fonts)
        self.timeline = Timeline(app.fonts)
        self._frames: dict[tuple, MapFrame] = {}  # (index, map mode, focus) -> frame
        self.map_mode = "camps"
        self._anim_from: MapFrame | None = None
        self._anim_t = 1.0
        self._anim_index = session.last
        self._after_animation: list = []
        self._drag_start: tuple[int, int] | None = None
        self._dragging = False
        self._scrubbing = False
        self._chrome_key: tuple | None = None
        self._legend_key: tuple | None = None
        # What the panels last showed, by name (the tests check they agree with each other).
        self.shown: dict[str, Any] = {}
        self._legend: pygame.Surface | None = None
        self._rows: list[tuple[pygame.Rect, int]] = []
        self._standing = None  # the player's goals and score (game.client.goals), per turn
        self._standing_key: int | None = None
        self.relation_scroll = 0  # first relation row shown (the wheel scrolls the list)
        self.relations_rect = pygame.Rect(0, 0, 0, 0)  # the list, on screen
        self.relations_shown: list[int] = []  # nations in the list, in order (all of them)
        self.widgets: dict[str, pygame_gui.core.UIElement] = {}
        self._gradient: pygame.Surface | None = None
        self._chrome: pygame.Surface | None = None  # the top bar and side column, cached
        self._tip_cache: dict[tuple, str] = {}
        self._opened_once = False

    # --- layout -------------------------------------------------------------------

    def _layout(self) -> dict[str, pygame.Rect]:
        w, h = self.size
        top = self.u(56)
        side = min(self.u(380), w // 3)
        timeline = self.u(56)
        rects = {
            "top": pygame.Rect(0, 0, w, top),
            "map": pygame.Rect(0, top, w - side, h - top - timeline),
            "timeline": pygame.Rect(0, h - timeline, w - side, timeline),
            "side": pygame.Rect(w - side, top, side, h - top),
        }
        gap = self.u(8)
        column = rects["side"].inflate(-2 * gap, -2 * gap)
        log_h = self.u(128)
        diplo_h = self.u(136)
        nation_h = column.height - log_h - diplo_h - 2 * gap
        rects["nation"] = pygame.Rect(column.x, column.y, column.width, nation_h)
        rects["diplomacy"] = pygame.Rect(
            column.x, rects["nation"].bottom + gap, column.width, diplo_h
        )
        rects["log"] = pygame.Rect(column.x, rects["diplomacy"].bottom + gap, column.width, log_h)
        return rects

    # --- widgets ------------------------------------------------------------------

    def build(self) -> None:
        self.rects = self._layout()
        self.mapview.fonts = self.fonts
        self.inset.fonts = self.fonts
        self.timeline.fonts = self.fonts
        self.mapview.resize(self.rects["map"].size)
        self.mapview.home(self._map_obstacles())
        self._chrome_key = self._legend_key = None
        self.timeline._key = None
        self.mapview.dirty = True
        top = self.rects["top"]
        h = self.u(36)
        y = top.centery - h // 2
        x = top.right - self.u(12)
        buttons = [
            (
                "end_turn",
                "End turn",
                150,
                "#primary",
                "Play the year: your answers and actions go to the engine (Enter).",
            ),
            ("menu", "Menu", 78, None, "Back to the title menu; the campaign stays open (Esc)."),
            (
                "settings",
                "Settings",
                92,
                None,
                "Window size, fullscreen, UI scale, animation speed.",
            ),
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
        ]
        self.widgets = {}
        for key, text, width, object_id, tip in buttons:
            rect = pygame.Rect(0, y, self.u(width), h)
            rect.right = x
            x = rect.left - self.u(8)
            self.widgets[key] = pygame_gui.elements.UIButton(
                rect,
                text,
                self.manager,
                container=self.root,
                object_id=object_id,
                tool_tip_text=tip,
            )
        self.widgets["end_turn"].set_tooltip(
            "Play the year: your answers and actions go to the engine (Enter)."
        )
        m = self.rects["map"]
        size = self.u(34)
        zx = m.right - size - self.u(12)
        zy = m.top + self.u(12)
        self.widgets["zoom_in"] = pygame_gui.elements.UIButton(
            pygame.Rect(zx, zy, size, size),
            "+",
            self.manager,
            container=self.root,
            tool_tip_text="Zoom in (+ or the mouse wheel)",
        )
        self.widgets["zoom_out"] = pygame_gui.elements.UIButton(
            pygame.Rect(zx, zy + size + self.u(6), size, size),
            "−",
            self.manager,
            container=self.root,
            tool_tip_text="Zoom out (−)",
        )
        mode_w = self.u(150)
        self.widgets["mode"] = pygame_gui.elements.UIButton(
            pygame.Rect(zx - self.u(104) - mode_w - self.u(16), zy, mode_w, size),
            f"Map: {mapmodes.MODE_NAMES[self.map_mode]}",
            self.manager,
            container=self.root,
            tool_tip_text=mapmodes.MODE_TIPS[self.map_mode]
            + " Click or press M for the next map mode.",
        )
        ties_w = self.u(104)
        self.widgets["ties"] = pygame_gui.elements.UIButton(
            pygame.Rect(zx - ties_w - self.u(8), zy, ties_w, size),
            "All ties" if not self.mapview.show_all_ties else "Key ties",
            self.manager,
            container=self.root,
            tool_tip_text="Show every relation line, or only the meaningful ones (A).",
        )
        now_w = self.u(150)
        self.widgets["now"] = pygame_gui.elements.UIButton(
            pygame.Rect(m.centerx - now_w // 2, m.top + self.u(12), now_w, size),
            "Back to the present",
            self.manager,
            container=self.root,
            object_id="#primary",
            tool_tip_text="Stop looking at the past (End).",
        )
        self._build_turn_widgets()
        self._sync_widgets()
        if not self._opened_once:
            self._opened_once = True
            self.app_after_open()

    def app_after_open(self) -> None:
        """On first showing, ask the player about events already waiting."""
        if self.session.pending() and not self.session.done:
            self._after_animation.append(self.open_events)

    def _build_diplomacy(self) -> None:
        rect = self.rects["diplomacy"]
        inner = rect.inflate(-self.u(28), -self.u(24))
        top = inner.y + self.u(28)
        if self.session.player < 0:
            self.widgets["diplo_text"] = pygame_gui.elements.UITextBox(
                f"<font color='#a09e96'>{diplomacy_bridge.UNAVAILABLE}</font>",
                pygame.Rect(inner.x, top, inner.width, inner.bottom - top),
                self.manager,
                container=self.root,
                object_id="#plain_text",
            )
            return
        button_h = self.u(34)
        self.widgets["diplo_open"] = pygame_gui.elements.UIButton(
            pygame.Rect(inner.x, inner.bottom - button_h, inner.width, button_h),
            "Choose actions…",
            self.manager,
            container=self.root,
            tool_tip_text="Every diplomatic action open to you this turn, with cost, chance and expected effects (D).",
        )
        if self.session.done:
            self.widgets["diplo_open"].disable()

    def diplomacy_status(self) -> str:
        """'Capital 3.4 of 5.0 left · 1 of 2 actions ordered' for the panel and the dialog."""
        state = self.session.state
        parts = []
        capital = (
            diplomacy_bridge.capital(state, self.session.player)
            if self.session.player >= 0
            else None
        )
        if capital is not None:
            spent = sum(o.cost or 0.0 for o in self.planned)
            parts.append(f"Capital {capital - spent:.1f} of {capital:.1f} left")
        limit = diplomacy_bridge.max_actions(state)
        ordered = len(self.planned)
        parts.append(
            f"{ordered} of {limit} actions ordered" if limit is not None else f"{ordered} ordered"
        )
        return " · ".join(parts)

    def order_blocked(self, option: diplomacy_bridge.ActionOption) -> str:
        """Why `option` cannot join this turn's orders now ('' when it can)."""
        state = self.session.state
        capital = (
            diplomacy_bridge.capital(state, self.session.player)
            if self.session.player >= 0
            else None
        )
        return diplomacy_bridge.blocked(
            option, self.planned, capital, diplomacy_bridge.max_actions(state)
        )

    def toggle_action(self, option: diplomacy_bridge.ActionOption) -> None:
        """Order an action for this turn, or take the order back; an order the rules
        would refuse at the end of the turn is refused now, with the reason."""
        keys = [o.key for o in self.planned]
        if option.key in keys:
            del self.planned[keys.index(option.key)]
        else:
            reason = self.order_blocked(option)
            if reason:
                self.app.toast(f"Cannot order {option.title}: {reason}.")
                return
            self.planned.append(option)
        self._keep_draft()
        self._chrome_key = None

    def open_goals(self) -> None:
        self.app.push("goals", session=self.session)

    def goals_label(self) -> str:
        """The goals button: 'Goals · 54 C' (the score so far and its grade)."""
        if self._standing_key != self.session.last:
            self._standing = goals.standing(self.session)
            self._standing_key = self.session.last
        now = self._standing
        return "Goals" if now is None else f"Goals · {now.score:.0f} {now.grade}"

    def open_diplomacy(self) -> None:
        if self.session.player >= 0 and not self.session.done:
            self.app.push("diplomacy", view=self)

    def refresh(self) -> None:
        self._sync_widgets()

    def _sync_widgets(self) -> None:
        """Show or hide widgets that depend on the game's situation."""
        now = self.widgets.get("now")
        if now is not None:
            now.show() if self.viewing is not None else now.hide()
        goals_button = self.widgets.get("goals")
        if goals_button is not None and goals_button.text != self.goals_label():
            goals_button.set_text(self.goals_label())
        end = self.widgets.get("end_turn")
        if end is not None:
            pending = [p for p in self.session.pending() if p.event.id not in self.choices]
            if self.session.done:
                text = "Campaign report"
            elif pending:
                text = f"Decide ({len(pending)})"
            else:
                text = "End turn"
            if end.text != text:  # setting text re-renders the button
                end.set_text(text)

    # --- derived data ---------------------------------------------------------------

    @property
    def index(self) -> int:
        """The state index on the map: the present, or the scrubbed-to past."""
        return self.session.last if self.viewing is None else self.viewing

    def frame(self, index: int) -> MapFrame:
        focus = self.selected if self.map_mode == "relations" else None
        key = (index, self.map_mode, focus)
        frame = self._frames.get(key)
        if frame is None:
            tint, _, _ = self.mode_view(index)
            frame = build_frame(
                self.session.states[index],
                self.mapview.shapes,
                self.session.anchor,
                style.FOREIGN_LAND,
                self.session.camps(index),
                tint,
            )
            self._frames[key] = frame
        return frame

    def mode_view(self, index: int) -> tuple:
        """(tints, legend swatches, legend title) of the map mode for states[index]."""
        return mapmodes.mode_tints(
            self.map_mode, self.session.states[index], self.session.camps(index), self.selected
        )

    def set_map_mode(self, mode: str | None = None) -> None:
        """Show another map mode (the next one when `mode` is None)."""
        modes = mapmodes.MODES
        self.map_mode = (
            mode if mode in modes else modes[(modes.index(self.map_mode) + 1) % len(modes)]
        )
        self._anim_from = None
        self._anim_t = 1.0
        self._legend_key = None
        self.mapview.dirty = True
        button = self.widgets.get("mode")
        if button is not None:
            button.set_text(f"Map: {mapmodes.MODE_NAMES[self.map_mode]}")
            button.set_tooltip(
                mapmodes.MODE_TIPS[self.map_mode] + " Click or press M for the next map mode."
            )

    # --- turns ----------------------------------------------------------------------

    def confirm(self) -> None:
        self.end_turn()

    def end_turn(self) -> None:
        if self.session.done:
            self.app.push("end_report", session=self.session)
            return
        self.viewing = None
        unanswered = [p for p in self.session.pending() if p.event.id not in self.choices]
        if unanswered:
            self.open_events()
            return
        before = self.session.last
        diplomacy = self.session.player >= 0
        actions = [option.order for option in self.planned] if diplomacy else None
        report = self.session.end_turn(
            self.choices, actions, [option.title for option in self.planned]
        )
        taken = dict(self.choices)
        self.choices = {}
        self.planned = []
        self._keep_draft()
        self._autosave()
        self.start_animation(before)
        self._rebuild_dynamic()
        self._after_animation.append(
            lambda: self.app.push(
                "summary", view=self, index=self.session.last, report=report, taken=taken
            )
        )
        # Build the new turn's panels, frame, inset and timeline now, while the turn
        # resolves, so the first frames of the easing are as light as the others.
        self.draw(self.app.screen)

    def after_summary(self) -> None:
        """Called when the turn summary closes: the end report, or the next decisions."""
        if self.session.done:
            self.app.push("end_report", session=self.session)
        elif [p for p in self.session.pending() if p.event.id not in self.choices]:
            self.open_events()

    def open_events(self) -> None:
        pending = [p for p in self.session.pending() if p.event.id not in self.choices]
        if pending and (self.app.top is None or self.app.top.name != "event"):
            self.app.push("event", view=self, pending=pending)

    def _restore_draft(self) -> None:
        """The answers and actions given before a save, when the game was loaded from one
        (so quick save, quick load does not ask again). Ids that no longer fit are dropped."""
        draft = getattr(self.session.sim, "draft", None) or {}
        scenario = self.session.scenario
        pending = {p.event.id for p in self.session.pending()}
        for event_id, option_id in (draft.get("choices") or {}).items():
            if event_id in pending:
                ids = [o.id for o in scenario.events[scenario.event_index[event_id]].options]
                if option_id in ids:
                    self.choices[event_id] = ids.index(option_id)
        wanted = [tuple(a) for a in draft.get("actions") or []]
        if wanted and self.session.player >= 0:
            options = diplomacy_bridge.options(
                self.session.state, scenario.nation_ids[self.session.player]
            )
            for key in wanted:
                option = next((o for o in options if o.key == key), None)
                if option is not None and not self.order_blocked(option):
                    self.planned.append(option)

    def _keep_draft(self) -> None:
        """Hand the turn's orders so far to the simulation, for the next save."""
        scenario = self.session.scenario
        self.session.sim.draft = {
            "choices": {
                event_id: scenario.events[scenario.event_index[event_id]].options[k].id
                for event_id, k in self.choices.items()
            },
            "actions": [list(o.key) for o in self.planned],
        }

    def choose(self, event_id: str, option: int) -> None:
        """Record the player's answer (sent with the orders when the turn ends)."""
        self.choices[event_id] = option
        self._keep_draft()
        self._sync_widgets()
        self._chrome_key = None

    def _autosave(self) -> None:
        """Save after every turn, so a crash or a closed window never costs a campaign."""
        try:
            saves_bridge.autosave(self.session)
        except saves_bridge.SaveUnavailable as error:  # the game goes on; say why once
            self.app.toast(f"Autosave failed: {str(error).splitlines()[0]}")

    def start_animation(self, from_index: int) -> None:
        seconds = self.app.settings.animation_seconds()
        self._anim_index = self.session.last
        if seconds <= 0:
            self._anim_from = None
            self._anim_t = 1.0
            return
        self._anim_from = self.frame(from_index)
        self._anim_t = 0.0

    def _build_turn_widgets(self) -> None:
        """The diplomacy list and the event log, whose content changes every turn."""
        self._build_diplomacy()
        log = self.rects["log"]
        inner = log.inflate(-self.u(16), -self.u(16))
        head = self.u(26)
        self.widgets["log"] = pygame_gui.elements.UITextBox(
            self._log_html(),
            pygame.Rect(inner.x, inner.y + head, inner.width, inner.height - head),
            self.manager,
            container=self.root,
            object_id="#plain_text",
        )

    def _rebuild_dynamic(self) -> None:
        """Widgets whose content depends on the turn (log, diplomacy list)."""
        if self.root is None:
            return
        for key in ("log", "diplo_text", "diplo_open"):
            widget = self.widgets.pop(key, None)
            if widget is not None:
                widget.kill()
        self._build_turn_widgets()
        self._chrome_key = None
        self._sync_widgets()

    def _log_html(self) -> str:
        entries = self.session.log()
        if not entries:
            return "<font color='#a09e96'>Nothing has happened yet. Events and decisions will be listed here.</font>"
        lines = []
        for entry in reversed(entries[-30:]):
            decision = ""
            if entry.decision:
                colour = "#dbb45c" if entry.by_player else "#a09e96"
                decision = f" — <font color='{colour}'><i>{_html(entry.decision)}</i></font>"
            else:
                waiting = (
                    "your decision"
                    if entry.event_id in {p.event.id for p in self.session.pending()}
                    else "to be decided"
                )
                decision = f" — <font color='#dbb45c'><i>{waiting}</i></font>"
            lines.append(f"<b>{entry.year}</b>  {_html(entry.title)}{decision}")
        return "<br>".join(lines)

    # --- input ----------------------------------------------------------------------

    def back(self) -> None:
        if self.viewing is not None:
            self.set_viewing(None)
        else:
            self._to_title()

    def _to_title(self) -> None:
        self.app.push("title", over_game=True)

    def set_viewing(self, index: int | None) -> None:
        if index is not None and index >= self.session.last:
            index = None
        if index != self.viewing:
            self.viewing = index
            self._anim_from = None
            self._anim_t = 1.0
            self.mapview.dirty = True
            self._chrome_key = None
            self._sync_widgets()

    def select(self, nation: int | None) -> None:
        if nation != self.selected and nation is not None:
            self.selected = nation
            self.relation_scroll = 0
            self.mapview.dirty = True
            self._chrome_key = None

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._button(event.ui_element)
        intent = resolve(event, self.name)
        if intent is not None:
            return self._act(intent.name)
        m = self.rects["map"]
        if event.type == pygame.MOUSEWHEEL:
            mouse = pygame.mouse.get_pos()
            if self.relations_rect.collidepoint(mouse):
                self.relation_scroll = max(0, self.relation_scroll - (1 if event.y > 0 else -1))
                return True
            if m.collidepoint(mouse):
                self.mapview.zoom_by(
                    ZOOM_STEP if event.y > 0 else 1 / ZOOM_STEP, (mouse[0] - m.x, mouse[1] - m.y)
                )
                return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.timeline.rect.collidepoint(event.pos):
                self._scrubbing = True
                self.set_viewing(self.timeline.index_at(self.session, event.pos[0]))
                return True
            if m.collidepoint(event.pos):
                self._drag_start = event.pos
                self._dragging = False
                return True
            for rect, nation in self._rows:
                if rect.collidepoint(event.pos):
                    self.select(nation)
                    return True
        if event.type == pygame.MOUSEMOTION:
            if self._scrubbing:
                self.set_viewing(self.timeline.index_at(self.session, event.pos[0]))
                return True
            if self._drag_start is not None and event.buttons[0]:
                dx, dy = event.rel
                if (
                    self._dragging
                    or abs(event.pos[0] - self._drag_start[0])
                    + abs(event.pos[1] - self._drag_start[1])
                    > 6
                ):
                    self._dragging = True
                    self.mapview.pan(-dx, -dy)
                return True
            self._hover(event.pos)
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            if self._scrubbing:
                self._scrubbing = False
                return True
            if self._drag_start is not None:
                if not self._dragging:
                    self._click_map(event.pos)
                self._drag_start = None
                self._dragging = False
                return True
        return False

    def _hover(self, pos: tuple[int, int]) -> None:
        m = self.rects["map"]
        nation = (
            self.mapview.nation_at((pos[0] - m.x, pos[1] - m.y)) if m.collidepoint(pos) else None
        )
        if nation != self.mapview.hovered:
            self.mapview.hovered = nation
            self.mapview.dirty = True

    def _click_map(self, pos: tuple[int, int]) -> None:
        m = self.rects["map"]
        local = (pos[0] - m.x, pos[1] - m.y)
        inset_rect = self._inset_rect()
        if inset_rect.collidepoint(pos):
            nation = self.inset.nation_at((pos[0] - inset_rect.x, pos[1] - inset_rect.y))
        else:
            nation = self.mapview.nation_at(local)
        self.select(nation)

    def _button(self, element) -> bool:
        w = self.widgets
        if element is w.get("end_turn"):
            self.end_turn()
        elif element is w.get("menu"):
            self._to_title()
        elif element is w.get("settings"):
            self.app.push("settings")
        elif element is w.get("goals"):
            self.open_goals()
        elif element is w.get("history"):
            self.app.push("history", session=self.session, first=self.selected)
        elif element is w.get("save"):
            self.app.push("save", session=self.session)
        elif element is w.get("load"):
            self.app.push("load")
        elif element is w.get("zoom_in"):
            self.mapview.zoom_by(
                ZOOM_STEP, (self.rects["map"].width / 2, self.rects["map"].height / 2)
            )
        elif element is w.get("zoom_out"):
            self.mapview.zoom_by(
                1 / ZOOM_STEP, (self.rects["map"].width / 2, self.rects["map"].height / 2)
            )
        elif element is w.get("ties"):
            self.toggle_ties()
        elif element is w.get("mode"):
            self.set_map_mode()
        elif element is w.get("now"):
            self.set_viewing(None)
        elif element is w.get("diplo_open"):
            self.open_diplomacy()
        else:
            return False
        return True

    def toggle_ties(self) -> None:
        self.mapview.show_all_ties = not self.mapview.show_all_ties
        self.app.settings.show_all_ties = self.mapview.show_all_ties
        self.widgets["ties"].set_text("Key ties" if self.mapview.show_all_ties else "All ties")
        self.mapview.dirty = True

    def _act(self, intent: str) -> bool:
        """Do what a key asked for (the keys themselves are in game.client.intents)."""
        m = self.rects["map"]
        centre = (m.width / 2, m.height / 2)
        if intent == "pan_left":
            self.mapview.pan(-self.u(PAN_STEP), 0)
        elif intent == "pan_right":
            self.mapview.pan(self.u(PAN_STEP), 0)
        elif intent == "pan_up":
            self.mapview.pan(0, -self.u(PAN_STEP))
        elif intent == "pan_down":
            self.mapview.pan(0, self.u(PAN_STEP))
        elif intent == "zoom_in":
            self.mapview.zoom_by(ZOOM_STEP, centre)
        elif intent == "zoom_out":
            self.mapview.zoom_by(1 / ZOOM_STEP, centre)
        elif intent == "toggle_ties":
            self.toggle_ties()
        elif intent == "diplomacy":
            self.open_diplomacy()
        elif intent == "goals":
            self.open_goals()
        elif intent == "map_mode":
            self.set_map_mode()
        elif intent == "encyclopedia":
            self.app.push("encyclopedia", scenario=self.session.scenario)
        elif intent == "history":
            self.app.push("history", session=self.session, first=self.selected)
        elif intent == "step_back":
            self.set_viewing(max(0, self.index - 1))
        elif intent == "step_forward":
            self.set_viewing(self.index + 1)
        elif intent == "present":
            self.set_viewing(None)
        elif intent == "reset_view":
            self.mapview.reset_view()
        else:
            return False
        return True

    # --- frames ---------------------------------------------------------------------

    def update(self, dt: float) -> None:
        if self._anim_t < 1.0:
            seconds = max(1e-3, self.app.settings.animation_seconds())
            self._anim_t = min(1.0, self._anim_t + dt / seconds)
            self.mapview.dirty = True
        elif self._after_animation:
            callbacks, self._after_animation = self._after_animation, []
            for callback in callbacks:
                callback()
        super().update(dt)

    @property
    def animating(self) -> bool:
        return self._anim_from is not None and self._anim_t < 1.0 and self.viewing is None

    @property
    def needs_redraw(self) -> bool:
        return self.animating or self.mapview.dirty or self._chrome_key is None or self.busy

    @property
    def busy(self) -> bool:
        """True while the map is easing or a dialog is queued to open after it."""
        return self._anim_t < 1.0 or bool(self._after_animation)

    def finish_animation(self) -> None:
        """Jump to the end of the current easing (tests, the headless renderer)."""
        self._anim_t = 1.0
        self.mapview.dirty = True

    def _current_frame(self) -> MapFrame:
        target = self.frame(self.index)
        if self._anim_from is not None and self._anim_t < 1.0 and self.viewing is None:
            return mix_frames(self._anim_from, target, self._anim_t)
        return target

    def _map_obstacles(self) -> list[pygame.Rect]:
        """The panels over the map (inset and legend), in map-area coordinates: the default
        view keeps the scenario's territories out from under them. (The badges of off-map
        powers are part of the map and may stand over far-off land, as they always have.)"""
        m = self.rects["map"]
        legend = self._legend_surface().get_rect(
            bottomright=(m.right - self.u(12), m.bottom - self.u(12))
        )
        return [r.move(-m.x, -m.y) for r in (self._inset_rect(), legend)]

    def _inset_rect(self) -> pygame.Rect:
        m = self.rects["map"]
        w = min(self.u(250), m.width // 3)
        h = min(self.u(200), m.height // 3)
        return pygame.Rect(m.x + self.u(12), m.bottom - h - self.u(12), w, h)

    def draw(self, surface: pygame.Surface) -> None:
        r = self.rects
        mv = self.mapview
        mv.selected = self.selected
        frame = self._current_frame()
        if mv.frame is not frame:
            mv.show(frame)
        if self.animating and surface.get_size() == self.size:
            mv.draw_onto(surface.subsurface(r["map"]))
        else:
            surface.blit(mv.compose(), r["map"])
        self._draw_legend(surface)
        self._draw_inset(surface, frame)
        if self.viewing is not None:
            self._draw_past_banner(surface)
        self.timeline.draw(surface, r["timeline"], self.session, self.index)
        self._draw_chrome(surface)

    def _draw_legend(self, surface: pygame.Surface) -> None:
        legend = self._legend_surface()
        m = self.rects["map"]
        surface.blit(
            legend, legend.get_rect(bottomright=(m.right - self.u(12), m.bottom - self.u(12)))
        )

    def _legend_surface(self) -> pygame.Surface:
        _, swatches, title = self.mode_view(self.index)
        self.shown["legend"] = swatches
        key = (tuple(swatches), title, self.fonts.scale)
        if key != self._legend_key or self._legend is None:
            disputed = [area.legend for area in self.mapview.map.disputed]
            self._legend = draw_legend(self.fonts, swatches, title, disputed=disputed)
            self._legend_key = key
        return self._legend

    def _draw_inset(self, surface: pygame.Surface, frame: MapFrame) -> None:
        blend = self._anim_t if self.animating else 1.0
        # The inset always shows the camps, whatever the map mode colours.
        tint = (
            frame.tint if self.map_mode == "camps" else camp_tints(self.session.camps(self.index))
        )
        self.shown["inset"] = (self.index, tint, self._inset_axes())
        self.inset.draw(
            surface,
            self._inset_rect(),
            self.session.track,
            self.index,
            tint,
            self.selected,
            self.mapview.player,
            blend,
            self._inset_axes(),
        )

    def _inset_axes(self) -> tuple[str, str, str]:
        """Axis names of the inset: the camps' leaders (left, right) and what 'up' measures."""
        camps = self.session.camps(self.index)
        left = camps.leader_names[1] or ""
        focus = self.session.focus
        up = (
            "friendlier with you"
            if focus == self.session.player
            else f"friendlier with {self.session.scenario.nations[focus].name}"
        )
        return left, camps.leader_names[0], up

    def _draw_past_banner(self, surface: pygame.Surface) -> None:
        m = self.rects["map"]
        text = self.fonts.text(
            f"Viewing {self.session.year_of(self.index)} — the map as it was",
            13,
            style.GOLD,
            bold=True,
        )
        rect = text.get_rect(midtop=(m.centerx, m.top + self.u(54)))
        back = rect.inflate(self.u(20), self.u(8))
        pygame.draw.rect(surface, style.PANEL, back, border_radius=self.u(5))
        surface.blit(text, rect)

    # --- chrome: top bar and side panels -------------------------------------------------

    def _draw_chrome(self, surface: pygame.Surface) -> None:
        key = (
            self.index,
            self.selected,
            len(self.choices),
            len(self.planned),
            self.size,
            self.fonts.scale,
            self.session.last,
            self.relation_scroll,
        )
        if key != self._chrome_key:
            self._chrome_key = key
            if self._chrome is None or self._chrome.get_size() != self.size:
                self._chrome = pygame.Surface(self.size)  # opaque: only its panels are blitted
            for area in (self.rects["top"], self.rects["side"]):
                self._chrome.fill(style.BACKDROP, area)
            self.tips.clear()
            self._rows = []
            self._render_top(self._chrome)
            self._render_nation(self._chrome)
            self._render_side_frames(self._chrome)
            self._register_map_tips()
        for area in (self.rects["top"], self.rects["side"]):
            surface.blit(self._chrome, area, area)

    def _render_top(self, surface: pygame.Surface) -> None:
        r = self.rects["top"]
        pygame.draw.rect(surface, style.PANEL, r)
        pygame.draw.line(surface, style.PANEL_EDGE, r.bottomleft, (r.right, r.bottom - 1))
        scenario = self.session.scenario
        x = r.x + self.u(16)
        player = self.session.player
        if player >= 0:
            nation = scenario.nations[player]
            swatch = pygame.Rect(x, r.centery - self.u(9), self.u(18), self.u(18))
            pygame.draw.rect(surface, nation.color, swatch, border_radius=self.u(3))
            pygame.draw.rect(surface, style.INK, swatch, width=1, border_radius=self.u(3))
            x = swatch.right + self.u(10)
            name = self.text(
                surface, nation.name, (x, r.centery), 18, style.INK, bold=True, anchor="midleft"
            )
            x = name.right + self.u(24)
        over = self.session.done and self.index == self.session.last
        # After the last turn the state stands at the year after the end; the campaign's
        # last year is what was played.
        year = self.session.year_of(self.index - 1) if over else self.session.year_of(self.index)
        year_rect = self.text(
            surface, str(year), (x, r.centery), 26, style.GOLD, bold=True, anchor="midleft"
        )
        self.year_rect = year_rect
        turn_number = self.session.first_turn + self.index + 1
        total = scenario.turns
        self.tips.add(
            year_rect,
            f"<b>{year}</b>: turn {min(turn_number, total)} of {total}. One turn is {scenario.months_per_turn} months; "
            f"the campaign runs {scenario.start_year}–{scenario.end_year}."
            + (
                " You are looking at the past: the present is "
                + str(self.session.year_of(self.session.last))
                + "."
                if self.viewing is not None
                else ""
            ),
        )
        era = scenario.era_at(year)
        x = year_rect.right + self.u(14)
        if era is not None:
            era_rect = self.text(
                surface,
                era.name,
                (x, r.centery - self.u(8)),
                14,
                style.INK,
                bold=True,
                anchor="midleft",
            )
            self.tips.add(
                era_rect,
                f"<b>{_html(era.name)}</b> ({era.start}–{era.end - 1})"
                + (f"<br>{_html(era.text)}" if era.text else ""),
            )
        sub = f"Turn {min(turn_number, total)} of {total}"
        if over:
            sub = "The campaign is over"
        if self.viewing is not None:
            sub += "  ·  the past"
        turn_rect = self.text(
            surface, sub, (x, r.centery + self.u(10)), 12, style.INK_DIM, anchor="midleft"
        )
        self.shown["top"] = (year, sub)
        self.tips.add(
            turn_rect,
            f"Turn {min(turn_number, total)} of {total}: {total - turn_number + 1} turns remain, each {scenario.months_per_turn} months.",
        )

    def _render_side_frames(self, surface: pygame.Surface) -> None:
        side = self.rects["side"]
        pygame.draw.rect(surface, style.BACKDROP, side)
        # The nation panel was drawn first; panels are drawn under their text, so draw
        # frames for diplomacy and the log here and their headings.
        diplo = self.panel(surface, self.rects["diplomacy"], "Diplomacy")
        if self.session.player >= 0:
            status = self.text(
                surface, self.diplomacy_status(), (diplo.x, diplo.y - self.u(2)), 12, style.INK_DIM
            )
            self.tips.add(
                status,
                "Diplomatic capital comes each turn with your power and stability; each action costs some. Ordered actions happen when you end the turn.",
            )
            y = status.bottom + self.u(4)
            if self.planned:
                titles = ", ".join(option.title for option in self.planned)
                line = self.fonts.wrap(f"Ordered: {titles}", 12.5, diplo.width)[0]
                if len(line) < len(f"Ordered: {titles}"):
                    line = line.rstrip(",. ") + " …"
                ordered = self.text(surface, line, (diplo.x, y), 12.5, style.GOLD)
                self.tips.add(
                    ordered,
                    "<b>Ordered this turn</b><br>"
                    + "<br>".join(_html(o.title) for o in self.planned),
                )
            else:
                self.text(
                    surface, "No action ordered this turn.", (diplo.x, y), 12.5, style.INK_FAINT
                )
        self.panel(surface, self.rects["log"], "Event log")
        surface.blit(self._nation_panel, self.rects["nation"])

    def _render_nation(self, surface: pygame.Surface) -> None:
        """The selected nation: who it is, where it stands, its numbers and its ties."""
        rect = self.rects["nation"]
        panel = pygame.Surface(rect.size, pygame.SRCALPHA)
        inner = self.panel(panel, panel.get_rect(), None)
        ox, oy = rect.topleft
        session = self.session
        scenario = session.scenario
        index = self.index
        state = session.states[index]
        i = self.selected if self.selected is not None else 0
        nation = scenario.nations[i]
        active = bool(state.active[0, i])
        y = inner.y
        swatch = pygame.Rect(inner.x, y + self.u(3), self.u(16), self.u(16))
        pygame.draw.rect(panel, nation.color, swatch, border_radius=self.u(3))
        name = self.text(
            panel, nation.name, (swatch.right + self.u(8), y), 18, style.INK, bold=True
        )
        if i == session.player:
            tag = self.fonts.text("YOU", 10, style.BACKDROP, bold=True)
            tag_rect = tag.get_rect(midleft=(name.right + self.u(10), name.centery))
            pygame.draw.rect(
                panel, style.GOLD, tag_rect.inflate(self.u(10), self.u(4)), border_radius=self.u(3)
            )
            panel.blit(tag, tag_rect)
        y = name.bottom + self.u(6)
        if not active:
            self.paragraph(
                panel,
                f"{nation.name} does not exist in {session.year_of(index)}."
                + (f" {nation.brief}" if nation.brief else ""),
                pygame.Rect(inner.x, y, inner.width, inner.bottom - y),
                13,
                style.INK_DIM,
            )
            return self._finish_nation(surface, panel, rect)
        # Alignment bar.
        camps = session.camps(index)
        lean = float(camps.lean[i])
        bar = pygame.Rect(inner.x, y + self.u(4), inner.width, self.u(8))
        self._lean_bar(panel, bar, lean)
        y = bar.bottom + self.u(6)
        words = camps.status(i)
        self.shown["status"] = (index, i, words, lean)
        value = self.text(
            panel,
            style.signed(lean * 100),
            (inner.right, y),
            13,
            style.GOLD,
            bold=True,
            anchor="topright",
        )
        lean_rect = None
        for line in self.fonts.wrap(words, 13, inner.width - value.width - self.u(10)):
            drawn = self.text(panel, line, (inner.x, y), 13, style.INK)
            lean_rect = drawn if lean_rect is None else lean_rect.union(drawn)
            y = drawn.bottom
        lean_tip = camp_tip(camps, i, scenario)
        if index > 0:
            before = float(session.lean(index - 1)[i])
            lean_tip += (
                f"<br>Last turn: {style.signed(before * 100)} to {style.signed(lean * 100)}."
            )
        self.tips.add(lean_rect.move(ox, oy), lean_tip)
        self.tips.add(value.move(ox, oy), lean_tip)
        y = lean_rect.bottom + self.u(10)
        # Stats.
        heading = self.text(panel, "NATION", (inner.x, y), 11, style.GOLD, bold=True)
        y = heading.bottom + self.u(4)
        stats = state.stats[0, i]
        previous = (
            session.states[index - 1].stats[0, i]
            if index > 0 and session.states[index - 1].active[0, i]
            else None
        )
        rows = stat_rows(stats)
        col_w = inner.width // 2
        row_h = self.u(21)
        for k, (stat, label, text) in enumerate(rows):
            cx = inner.x + (k % 2) * col_w
            cy = y + (k // 2) * row_h
            self.text(panel, label, (cx, cy), 12, style.INK_DIM)
            val = self.text(
                panel,
                text,
                (cx + col_w - self.u(12), cy),
                13,
                style.INK,
                bold=True,
                anchor="topright",
            )
            tip = stat_tooltip(stat)
            if previous is not None:
                delta = stats[STAT_INDEX[stat]] - previous[STAT_INDEX[stat]]
                tip += f"<br>Change over the last turn: {style.signed(delta, 2)}."
            self.tips.add(val.move(ox, oy).inflate(self.u(6), self.u(4)), tip)
        y += ((len(rows) + 1) // 2) * row_h + self.u(4)
        treaties = [
            t.name
            for k, t in enumerate(scenario.treaties)
            if state.treaty_status[0, k] == IN_FORCE and state.members[0, k, i]
        ]
        if treaties:
            text = f"Treaties: {treaties[0]}" + (
                f" and {len(treaties) - 1} more" if len(treaties) > 1 else ""
            )
            line = self.fonts.wrap(text, 12, inner.width)[0]
            if line != text:
                line = f"Treaties: {len(treaties)} in force"
            drawn = self.text(panel, line, (inner.x, y), 12, style.INK_DIM)
            self.tips.add(
                drawn.move(ox, oy),
                "<b>Treaties in force</b><br>" + "<br>".join(_html(t) for t in treaties),
            )
            y = drawn.bottom + self.u(4)
        # Relations.
        heading = self.text(panel, "RELATIONS", (inner.x, y + self.u(4)), 11, style.GOLD, bold=True)
        y = heading.bottom + self.u(6)
        # Every nation in play, friendliest first; the wheel scrolls when they do not fit.
        others = [j for j in range(len(scenario.nations)) if j != i and state.active[0, j]]
        others.sort(key=lambda j: -state.relations[0, i, j])
        self.relations_shown = others
        space = max(1, (inner.bottom - y) // row_h)
        self.relation_scroll = max(0, min(self.relation_scroll, len(others) - space))
        self.relations_rect = pygame.Rect(inner.x, y, inner.width, space * row_h).move(ox, oy)
        first = self.relation_scroll
        for j in others[first : first + space]:
            self._relation_row(
                panel,
                pygame.Rect(inner.x, y, inner.width - self.u(6), row_h),
                i,
                j,
                index,
                (ox, oy),
            )
            y += row_h
        if len(others) > space:  # a scroll bar: where the rows shown sit in the whole list
            track = pygame.Rect(
                inner.right - self.u(3), self.relations_rect.y - oy, self.u(3), space * row_h
            )
            pygame.draw.rect(panel, style.PANEL_EDGE, track, border_radius=self.u(2))
            thumb = pygame.Rect(
                track.x,
                track.y + track.height * first // len(others),
                track.width,
                max(self.u(8), track.height * space // len(others)),
            )
            pygame.draw.rect(panel, style.INK_DIM, thumb, border_radius=self.u(2))
            self.tips.add(
                self.relations_rect.inflate(0, 0).clip(track.move(ox, oy).inflate(self.u(8), 0)),
                f"{len(others)} nations; scroll with the mouse wheel over the list.",
            )
        self._finish_nation(surface, panel, rect)

    def _finish_nation(
        self, surface: pygame.Surface, panel: pygame.Surface, rect: pygame.Rect
    ) -> None:
        self._nation_panel = panel

    def _lean_bar(self, surface: pygame.Surface, bar: pygame.Rect, lean: float) -> None:
        """The other camp's red on the left, grey in the middle, the anchor's blue on the
        right, and a marker where the nation stands."""
        if self._gradient is None or self._gradient.get_size() != bar.size:
            from game.client.alignment import tint_for_lean

            self._gradient = pygame.Surface(bar.size)
            steps = max(2, bar.width)
            for x in range(steps):
                colour = tint_for_lean((x / (steps - 1)) * 2 - 1)
                pygame.draw.line(self._gradient, colour, (x, 0), (x, bar.height - 1))
        surface.blit(self._gradient, bar)
        marker_x = bar.x + int((lean + 1) / 2 * (bar.width - 1))
        pygame.draw.rect(
            surface,
            style.INK,
            pygame.Rect(marker_x - self.u(2), bar.y - self.u(4), self.u(4), bar.height + self.u(8)),
            border_radius=self.u(1),
        )

    def _relation_row(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        i: int,
        j: int,
        index: int,
        offset: tuple[int, int],
    ) -> None:
        session = self.session
        scenario = session.scenario
        state = session.states[index]
        value = float(state.relations[0, i, j])
        other = scenario.nations[j]
        swatch = pygame.Rect(rect.x, rect.centery - self.u(5), self.u(10), self.u(10))
        pygame.draw.rect(surface, other.color, swatch, border_radius=self.u(2))
        self.text(
            surface,
            other.name,
            (swatch.right + self.u(6), rect.centery),
            12,
            style.INK,
            anchor="midleft",
        )
        bar_w = rect.width * 0.36
        centre = rect.x + rect.width * 0.58
        pygame.draw.line(
            surface,
            style.PANEL_EDGE,
            (centre, rect.y + self.u(4)),
            (centre, rect.bottom - self.u(4)),
        )
        length = int(bar_w / 2 * abs(value) / 100)
        colour = style.FRIENDLY if value >= 0 else style.HOSTILE
        bar = pygame.Rect(0, rect.centery - self.u(4), max(1, length), self.u(8))
        if value >= 0:
            bar.left = int(centre)
        else:
            bar.right = int(centre)
        pygame.draw.rect(surface, colour, bar, border_radius=self.u(2))
        marks = []
        in_treaty = any(
            state.treaty_status[0, k] == IN_FORCE
            and state.members[0, k, i]
            and state.members[0, k, j]
            for k in range(len(scenario.treaties))
        )
        if in_treaty:
            marks.append("treaty")
        if state.war[0, i, j]:
            marks.append("war")
        number = self.text(
            surface,
            style.signed(value),
            (rect.right, rect.centery),
            13,
            colour,
            bold=True,
            anchor="midright",
        )

        def tip(_mouse: tuple[int, int]) -> str:  # the drift breakdown, worked out on hover
            key = (i, j, index)
            if key not in self._tip_cache:
                self._tip_cache[key] = self._relation_tip(i, j, index, marks)
            return self._tip_cache[key]

        screen_row = rect.move(*offset)
        self.tips.add(number.move(*offset).inflate(self.u(8), self.u(4)), tip)
        self.tips.add(
            pygame.Rect(
                screen_row.x + int(rect.width * 0.4),
                screen_row.y,
                int(rect.width * 0.4),
                rect.height,
            ),
            tip,
        )
        self._rows.append((screen_row, j))

    def _relation_tip(self, i: int, j: int, index: int, marks: list[str]) -> str:
        session = self.session
        scenario = session.scenario
        state = session.states[index]
        a, b = scenario.nations[i].name, scenario.nations[j].name
        value = float(state.relations[0, i, j])
        lines = [
            f"<b>{_html(a)} – {_html(b)}: {style.signed(value)}</b> (−100 hostile … +100 allied)"
        ]
        lines.append(
            f"Long-run level {style.signed(float(state.baselines[0, i, j]))}; trade ties {state.trade[0, i, j]:.0f} / 100."
        )
        aid_in = float(state.aid[0, j, i])
        aid_out = float(state.aid[0, i, j])
        if aid_in > 0.001:
            lines.append(f"Aid from {_html(b)}: ${aid_in:.2f} bn a year.")
        if aid_out > 0.001:
            lines.append(f"Aid to {_html(b)}: ${aid_out:.2f} bn a year.")
        if "treaty" in marks:
            lines.append("Treaty partners.")
        if "war" in marks:
            lines.append("<font color='#ff5a4a'>At war.</font>")
        drivers = relation_drivers(session, index, i, j)
        if drivers:
            before = float(session.states[index - 1].relations[0, i, j])
            lines.append(
                f"<br><b>Last turn {style.signed(before)} to {style.signed(value)}</b>, because of:"
            )
            for reason, points in drivers[:6]:
                lines.append(f"  {style.signed(points, 1)}  {_html(reason)}")
        lines.append("<i>Click the row to select this nation.</i>")
        return "<br>".join(lines)

    def _register_map_tips(self) -> None:
        m = self.rects["map"]
        self.tips.add(m, self._map_tip)
        self.tips.add(self.rects["timeline"], self._timeline_tip)

    def _map_tip(self, mouse: tuple[int, int]) -> str | None:
        m = self.rects["map"]
        if self._inset_rect().collidepoint(mouse):
            inset = self._inset_rect()
            nation = self.inset.nation_at((mouse[0] - inset.x, mouse[1] - inset.y))
            if nation is None:
                return (
                    "<b>Alignment space</b>: each dot is a nation placed by its relations with all others "
                    "(friends close, enemies far apart); the trail shows the last 25 turns."
                )
            return self._nation_tip(nation)
        local = (mouse[0] - m.x, mouse[1] - m.y)
        nation = self.mapview.nation_at(local)
        if nation is not None:
            return self._nation_tip(nation)
        shape = self.mapview.shape_at(local)
        if shape is not None:
            return f"{_html(self.mapview.shape_name(shape))}: takes no part in this scenario."
        return None

    def _nation_tip(self, nation: int) -> str:
        session = self.session
        index = self.index
        state = session.states[index]
        scenario = session.scenario
        camps = session.camps(index)
        lean = float(camps.lean[nation])
        text = f"<b>{_html(scenario.nations[nation].name)}</b><br>{_html(camps.status(nation))} (alignment {style.signed(lean * 100)})"
        player = session.player
        if player >= 0 and player != nation and state.active[0, player]:
            text += f"<br>Relation with {_html(scenario.nations[player].name)}: {style.signed(float(state.relations[0, player, nation]))}"
        return text + "<br><i>Click to select.</i>"

    def _timeline_tip(self, mouse: tuple[int, int]) -> str | None:
        marker = self.timeline.marker_at(mouse)
        year = self.session.year_of(self.timeline.index_at(self.session, mouse[0]))
        if marker is not None:
            return f"<b>{self.session.year_of(marker.index - 1)}</b><br>" + "<br>".join(
                _html(t) for t in marker.titles
            )
        return f"Click or drag to see the map in {year}."


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def camp_tip(camps, nation: int, scenario) -> str:
    """Why a nation stands where it does: its affinity to each camp, from its relations."""
    names = [n.name for n in scenario.nations]
    lean = float(camps.lean[nation])
    lines = [
        f"<b>Alignment {style.signed(lean * 100)}</b>: {_html(camps.status(nation))}.",
        "From −100 (wholly with the second camp) to +100 (wholly with the first): half the "
        "difference between the nation's affinity to the two camps. Affinity to a camp is "
        "60% its relation with the camp's leader and 40% its average relation with the "
        "camp's other members.",
    ]
    for k, camp in enumerate(camps.camps):
        leader = camps.leaders[k]
        lines.append(
            f"Affinity to {_html(camps.camp_name(camp))}: {style.signed(camps.affinity[nation, k])}"
            + (
                f" (relation with {_html(names[leader])} {style.signed(camps.to_leaders[nation, k])})"
                if leader is not None and leader != nation
                else ""
            )
        )
    lines.append(
        "A nation joins a camp at ±20 and leaves it below ±10, so a one-year wobble does "
        "not move it; each camp's leader is always in its own camp."
    )
    return "<br>".join(lines)
