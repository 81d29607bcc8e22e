"""The main view: the map, the selected nation, diplomacy, the turn bar and the event log.

Everything here reads the session's states; the only way the game moves on is `end_turn`,
which sends the player's answers (and diplomatic actions) to the engine. This scene owns
the layout, the input, the map's frames and their easing; its parts each do one job:
the top bar, the nation panel, the diplomacy panel, the event log and the map's furniture
(game.client.panels), the orders of the coming turn (game.client.turn_flow) and every
tooltip's words (game.client.tooltips).
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui

from game.client import decisions, diplomacy_bridge, goals, mapmodes, style
from game.client.inset import AlignmentInset
from game.client.intents import resolve
from game.client.mapmodel import MapFrame, build_frame, mix_frames
from game.client.mapview import MapView
from game.client.panels.diplomacy import DiplomacyPanel
from game.client.panels.event_log import EventLog
from game.client.panels.layout import layout
from game.client.panels.map_area import MapArea
from game.client.panels.nation import NationPanel
from game.client.panels.top_bar import TopBar
from game.client.scene import Scene
from game.client.session import Session
from game.client.timeline import Timeline
from game.client.turn_flow import TurnOrders, autosave

PAN_STEP = 80
ZOOM_STEP = 1.25


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
        self.orders = TurnOrders(session)
        self.mapview = MapView(app.map_for(scenario), scenario, app.fonts)
        self.mapview.player = session.player if session.player >= 0 else None
        self.mapview.show_all_ties = app.settings.show_all_ties
        self.inset = AlignmentInset(scenario, app.fonts)
        self.timeline = Timeline(app.fonts)
        self.top_bar = TopBar(self)
        self.nation_panel = NationPanel(self)
        self.diplomacy_panel = DiplomacyPanel(self)
        self.event_log = EventLog(self)
        self.map_area = MapArea(self)
        self._frames: dict[tuple, MapFrame] = {}  # (index, map mode, focus) -> frame
        self.map_mode = "camps"
        self._anim_from: MapFrame | None = None
        self.anim_t = 1.0  # how far the map has eased into the new turn (1: done)
        self._after_animation: list = []
        self._drag_start: tuple[int, int] | None = None
        self._dragging = False
        self._scrubbing = False
        self._chrome_key: tuple | None = None
        # What the panels last showed, by name (the tests check they agree with each other).
        self.shown: dict[str, Any] = {}
        self._standing = None  # the player's goals and score (game.client.goals), per turn
        self._standing_key: int | None = None
        self.widgets: dict[str, pygame_gui.core.UIElement] = {}
        self._chrome: pygame.Surface | None = None  # the top bar and side column, cached
        self._opened_once = False

    # --- layout and widgets ---------------------------------------------------------

    def build(self) -> None:
        self.rects = layout(self.size, self.u)
        self.mapview.fonts = self.fonts
        self.inset.fonts = self.fonts
        self.timeline.fonts = self.fonts
        self.mapview.resize(self.rects["map"].size)
        self.mapview.home(self.map_area.obstacles())
        self._chrome_key = None
        self.map_area.forget_legend()
        self.timeline._key = None
        self.mapview.dirty = True
        self.widgets = self.top_bar.build(self.rects["top"])
        self.widgets.update(self.map_area.build(self.rects["map"]))
        self._build_turn_widgets()
        self._sync_widgets()
        if not self._opened_once:
            self._opened_once = True
            self.app_after_open()

    def app_after_open(self) -> None:
        """On first showing, ask the player about events already waiting."""
        if self.orders.undecided() and not self.session.done:
            self._after_animation.append(self.open_events)

    def _build_turn_widgets(self) -> None:
        """The diplomacy panel's widget and the event log, whose content changes every turn."""
        self.widgets.update(self.diplomacy_panel.build(self.rects["diplomacy"]))
        self.widgets["log"] = self.event_log.build(self.rects["log"])

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
            text = decisions.end_turn_label(self.orders)
            if end.text != text:  # setting text re-renders the button
                end.set_text(text)

    def goals_label(self) -> str:
        """The goals button: 'Goals · 54 C' (the score so far and its grade)."""
        if self._standing_key != self.session.last:
            self._standing = goals.standing(self.session)
            self._standing_key = self.session.last
        now = self._standing
        return "Goals" if now is None else f"Goals · {now.score:.0f} {now.grade}"

    # --- the coming turn's orders (self.orders), as the dialogs give them ---------------

    def toggle_action(self, option: diplomacy_bridge.ActionOption) -> None:
        """Order an action or take it back; a refused order says why."""
        reason = self.orders.toggle(option)
        if reason:
            self.app.toast(f"Cannot order {option.title}: {reason}.")
            return
        self._chrome_key = None

    def choose(self, event_id: str, option: int) -> None:
        """Record the player's answer (sent with the orders when the turn ends)."""
        self.orders.choose(event_id, option)
        self._sync_widgets()
        self._chrome_key = None

    def choose_move(self, crisis_id: str, move: str) -> None:
        """Record the player's move in a crisis (sent with the orders when the turn ends)."""
        self.orders.choose_move(crisis_id, move)
        self._sync_widgets()
        self._chrome_key = None

    # --- navigation ---------------------------------------------------------------------

    def open_goals(self) -> None:
        self.app.push("goals", session=self.session)

    def open_diplomacy(self) -> None:
        if self.session.player >= 0 and not self.session.done:
            self.app.push("diplomacy", view=self)

    def open_events(self) -> None:
        """The events that wait for an answer, then the crises that wait for a move."""
        ask = decisions.next_dialog(self.orders)
        if ask is not None and (
            self.app.top is None or self.app.top.name not in ("event", "crisis")
        ):
            self.app.push(ask[0], view=self, **ask[1])

    def open_crises(self) -> None:
        """Every crisis of the year on the map (C), those waiting for a move first."""
        crises = decisions.crises_to_show(self.orders, self.index, self.viewing is None)
        if crises:
            self.app.push("crisis", view=self, crises=crises)
        else:
            self.app.toast("No crisis is open this year.")

    def _to_title(self) -> None:
        self.app.push("title", over_game=True)

    # --- turns --------------------------------------------------------------------------

    def confirm(self) -> None:
        self.end_turn()

    def end_turn(self) -> None:
        if self.session.done:
            self.app.push("end_report", session=self.session)
            return
        self.viewing = None
        if self.orders.undecided():
            self.open_events()
            return
        before = self.session.last
        report, taken = self.orders.play()
        failure = autosave(self.session)
        if failure:
            self.app.toast(failure)
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
        elif self.orders.undecided():
            self.open_events()

    # --- the map's frames and their easing ----------------------------------------------

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
        self.anim_t = 1.0
        self.map_area.forget_legend()
        self.mapview.dirty = True
        button = self.widgets.get("mode")
        if button is not None:
            self.map_area.show_mode(button)

    def start_animation(self, from_index: int) -> None:
        seconds = self.app.settings.animation_seconds()
        if seconds <= 0:
            self._anim_from = None
            self.anim_t = 1.0
            return
        self._anim_from = self.frame(from_index)
        self.anim_t = 0.0

    @property
    def animating(self) -> bool:
        return self._anim_from is not None and self.anim_t < 1.0 and self.viewing is None

    @property
    def busy(self) -> bool:
        """True while the map is easing or a dialog is queued to open after it."""
        return self.anim_t < 1.0 or bool(self._after_animation)

    @property
    def needs_redraw(self) -> bool:
        return self.animating or self.mapview.dirty or self._chrome_key is None or self.busy

    def finish_animation(self) -> None:
        """Jump to the end of the current easing (tests, the headless renderer)."""
        self.anim_t = 1.0
        self.mapview.dirty = True

    def _current_frame(self) -> MapFrame:
        target = self.frame(self.index)
        if self._anim_from is not None and self.anim_t < 1.0 and self.viewing is None:
            return mix_frames(self._anim_from, target, self.anim_t)
        return target

    def update(self, dt: float) -> None:
        if self.anim_t < 1.0:
            seconds = max(1e-3, self.app.settings.animation_seconds())
            self.anim_t = min(1.0, self.anim_t + dt / seconds)
            self.mapview.dirty = True
        elif self._after_animation:
            callbacks, self._after_animation = self._after_animation, []
            for callback in callbacks:
                callback()
        super().update(dt)

    # --- input ----------------------------------------------------------------------

    def back(self) -> None:
        if self.viewing is not None:
            self.set_viewing(None)
        else:
            self._to_title()

    def set_viewing(self, index: int | None) -> None:
        if index is not None and index >= self.session.last:
            index = None
        if index != self.viewing:
            self.viewing = index
            self._anim_from = None
            self.anim_t = 1.0
            self.mapview.dirty = True
            self._chrome_key = None
            self._sync_widgets()

    def select(self, nation: int | None) -> None:
        if nation != self.selected and nation is not None:
            self.selected = nation
            self.nation_panel.scroll = 0
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
            if self.nation_panel.list_rect.collidepoint(mouse):
                self.nation_panel.wheel(up=event.y > 0)
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
            nation = self.nation_panel.nation_at(event.pos)
            if nation is not None:
                self.select(nation)
                return True
        if event.type == pygame.MOUSEMOTION:
            if self._scrubbing:
                self.set_viewing(self.timeline.index_at(self.session, event.pos[0]))
                return True
            if self._drag_start is not None and event.buttons[0]:
                dx, dy = event.rel
                moved = abs(event.pos[0] - self._drag_start[0]) + abs(
                    event.pos[1] - self._drag_start[1]
                )
                if self._dragging or moved > 6:
                    self._dragging = True
                    self.mapview.pan(-dx, -dy)
                return True
            self.map_area.hover(event.pos)
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            if self._scrubbing:
                self._scrubbing = False
                return True
            if self._drag_start is not None:
                if not self._dragging:
                    self.select(self.map_area.nation_at(event.pos))
                self._drag_start = None
                self._dragging = False
                return True
        return False

    def _button(self, element) -> bool:
        actions = {
            "end_turn": self.end_turn,
            "menu": self._to_title,
            "settings": lambda: self.app.push("settings"),
            "goals": self.open_goals,
            "history": lambda: self._act("history"),
            "save": lambda: self.app.push("save", session=self.session),
            "load": lambda: self.app.push("load"),
            "zoom_in": lambda: self._act("zoom_in"),
            "zoom_out": lambda: self._act("zoom_out"),
            "ties": self.map_area.toggle_ties,
            "mode": self.set_map_mode,
            "now": lambda: self.set_viewing(None),
            "diplo_open": self.open_diplomacy,
        }
        key = next((k for k, w in self.widgets.items() if w is element and k in actions), None)
        if key is None:
            return False
        actions[key]()
        return True

    def _act(self, intent: str) -> bool:
        """Do what a key asked for (the keys themselves are in game.client.intents)."""
        m = self.rects["map"]
        centre = (m.width / 2, m.height / 2)
        step = self.u(PAN_STEP)
        moves = {
            "pan_left": lambda: self.mapview.pan(-step, 0),
            "pan_right": lambda: self.mapview.pan(step, 0),
            "pan_up": lambda: self.mapview.pan(0, -step),
            "pan_down": lambda: self.mapview.pan(0, step),
            "zoom_in": lambda: self.mapview.zoom_by(ZOOM_STEP, centre),
            "zoom_out": lambda: self.mapview.zoom_by(1 / ZOOM_STEP, centre),
            "reset_view": self.mapview.reset_view,
            "toggle_ties": self.map_area.toggle_ties,
            "diplomacy": self.open_diplomacy,
            "goals": self.open_goals,
            "map_mode": self.set_map_mode,
            "encyclopedia": lambda: self.app.push("encyclopedia", scenario=self.session.scenario),
            "crises": self.open_crises,
            "history": lambda: self.app.push("history", session=self.session, first=self.selected),
            "step_back": lambda: self.set_viewing(max(0, self.index - 1)),
            "step_forward": lambda: self.set_viewing(self.index + 1),
            "present": lambda: self.set_viewing(None),
        }
        if intent not in moves:
            return False
        moves[intent]()
        return True

    # --- drawing --------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        r = self.rects
        mv = self.mapview
        mv.selected = self.selected
        self.map_area.sync_marks()
        frame = self._current_frame()
        if mv.frame is not frame:
            mv.show(frame)
        if self.animating and surface.get_size() == self.size:
            mv.draw_onto(surface.subsurface(r["map"]))
        else:
            surface.blit(mv.compose(), r["map"])
        self.map_area.draw(surface, frame)
        self.timeline.draw(surface, r["timeline"], self.session, self.index)
        self._draw_chrome(surface)

    def _draw_chrome(self, surface: pygame.Surface) -> None:
        """The top bar and the side column, painted again only when what they show changed."""
        key = (
            self.index,
            self.selected,
            len(self.orders.choices),
            len(self.orders.planned),
            len(self.orders.crisis_moves),
            self.size,
            self.fonts.scale,
            self.session.last,
            self.nation_panel.scroll,
        )
        r = self.rects
        if key != self._chrome_key:
            self._chrome_key = key
            if self._chrome is None or self._chrome.get_size() != self.size:
                self._chrome = pygame.Surface(self.size)  # opaque: only its panels are blitted
            for area in (r["top"], r["side"]):
                self._chrome.fill(style.BACKDROP, area)
            self.tips.clear()
            self.top_bar.render(self._chrome, r["top"])
            nation = self.nation_panel.render(r["nation"])
            pygame.draw.rect(self._chrome, style.BACKDROP, r["side"])
            self.diplomacy_panel.render(self._chrome, r["diplomacy"])
            self.event_log.render(self._chrome, r["log"])
            self._chrome.blit(nation, r["nation"])
            self.map_area.register_tips()
        for area in (r["top"], r["side"]):
            surface.blit(self._chrome, area, area)
