"""The window, the widget manager and the scene stack: the client's main loop.

`App` runs the same whether a person plays or a test drives it with posted events: `tick`
processes one frame from the event queue, so tests step frames instead of sleeping.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import pygame
import pygame_gui

from game.client import intents, registry, saves_bridge, style
from game.client.catalogue import SCENARIO_DIR
from game.client.scene import Scene
from game.client.session import Session
from game.client.settings import (
    MAX_SIZE,
    MIN_SIZE,
    Settings,
    clamp_size,
    default_settings_path,
    load_settings,
    save_settings,
)
from game.client.theme import load_theme, preload_fonts
from game.errors import ScenarioError
from game.mapdata import RegionMap, project_world

TOAST_SECONDS = 3.0
REDRAW_AT_LEAST = 0.25  # seconds: a still screen is redrawn this often all the same

# pygame_gui warns when HTML text asks for a size it did not preload; it then loads it,
# which is all we want, so the warning is noise for players and tests alike.
warnings.filterwarnings("ignore", message="Finding font with id", category=UserWarning)


class App:
    """The client: one window, one pygame_gui manager, a stack of scenes."""

    def __init__(
        self,
        settings: Settings | None = None,
        settings_path: Path | None = None,
        size: tuple[int, int] | None = None,
    ) -> None:
        self.settings_path = settings_path if settings_path is not None else default_settings_path()
        self.settings = settings if settings is not None else load_settings(self.settings_path)
        if size is not None:
            self.settings.width, self.settings.height = clamp_size(size)
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Alliance Drift")
        pygame.key.set_repeat(300, 40)
        self.screen = self._open_window(self.settings.size, self.settings.fullscreen)
        self.size = self.screen.get_size()
        self.scale = self.settings.scale_for(self.size)
        self.fonts = style.Fonts(self.scale)
        self.manager = self._make_manager()
        self.scenes: list[Scene] = []
        self.session: Session | None = None
        self.running = True
        self.clock = pygame.time.Clock()
        self._region_map: RegionMap | None = None
        self._region_map_of = None  # the scenario the cached map was projected for
        self.map_bounds: tuple[float, float, float, float] | None = None  # render --bounds
        self._toast: tuple[str, float] | None = None
        self.coach = None  # the guided tour (game.client.coach.Coach) while it runs
        self._signature: tuple = ()
        self._drawn_at = 0.0
        # Where the new-campaign screen looks for scenario files (tests add their own).
        self.scenario_folders: list[Path] = [SCENARIO_DIR]

    # --- window and widgets ---------------------------------------------------------

    def _open_window(self, size: tuple[int, int], fullscreen: bool) -> pygame.Surface:
        flags = pygame.FULLSCREEN if fullscreen else pygame.RESIZABLE
        screen = pygame.display.set_mode(size, flags)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                window = pygame.Window.from_display_module()
                window.minimum_size = MIN_SIZE
                window.maximum_size = MAX_SIZE
            except (AttributeError, pygame.error):
                pass
        return screen

    def _make_manager(self) -> pygame_gui.UIManager:
        theme = load_theme(self.scale)
        manager = pygame_gui.UIManager(self.size, theme, enable_live_theme_updates=False)
        preload_fonts(manager, theme, self.scale)
        return manager

    def map_for(self, scenario) -> RegionMap:
        """The scenario's own view of the world map (projected once per scenario)."""
        if self._region_map is None or self._region_map_of is not scenario:
            self._region_map = project_world(scenario, bounds=self.map_bounds)
            self._region_map_of = scenario
        return self._region_map

    def apply_settings(self, settings: Settings) -> None:
        """Resize, switch fullscreen or rescale the UI, and remember the choice."""
        reopen = settings.fullscreen != self.settings.fullscreen or settings.size != self.size
        self.settings = settings
        save_settings(settings, self.settings_path)
        if reopen:
            self.screen = self._open_window(settings.size, settings.fullscreen)
        self.relayout(self.screen.get_size(), force=True)

    def relayout(self, size: tuple[int, int], force: bool = False) -> None:
        """Rebuild every scene's widgets for a new window size or UI scale."""
        size = clamp_size(size)
        if size != self.screen.get_size():
            self.screen = pygame.display.set_mode(
                size, pygame.FULLSCREEN if self.settings.fullscreen else pygame.RESIZABLE
            )
        scale = self.settings.scale_for(size)
        if size == self.size and scale == self.scale and not force:
            return
        for scene in self.scenes:
            scene.close()
        self.size, self.scale = size, scale
        if not self.settings.fullscreen:
            self.settings.width, self.settings.height = size
        self.fonts = style.Fonts(scale)
        self.manager = self._make_manager()
        for k, scene in enumerate(self.scenes):
            scene.open()
            if k < len(self.scenes) - 1:
                scene.hide()
        self._refresh_backdrops()

    def _refresh_backdrops(self) -> None:
        """Redraw the picture under each overlay (after a resize the old one is wrong)."""
        for k, scene in enumerate(self.scenes):
            if scene.overlay and k > 0:
                scene.backdrop = self._snapshot(k - 1)

    def _drop_tooltips(self) -> None:
        """Close every tooltip on screen: ours (each scene's zones) and pygame_gui's."""
        for scene in self.scenes:
            if scene.tips is not None:
                scene.tips.clear()
        for element in self.manager.get_sprite_group().sprites():
            if isinstance(element, pygame_gui.elements.UITooltip):
                element.kill()

    def _snapshot(self, index: int) -> pygame.Surface:
        """The scene at `index` drawn with its widgets, dimmed, for the overlay above it."""
        below = self.scenes[index]
        top = self.scenes[-1]
        self._drop_tooltips()  # a tooltip frozen into the backdrop would cover the dialog
        surface = pygame.Surface(self.size)
        if top is not below:
            top.hide()
        below.show()
        self.manager.update(0.0)
        below.draw(surface)
        self.manager.draw_ui(surface)
        below.hide()
        if top is not below:
            top.show()
        shade = pygame.Surface(self.size, pygame.SRCALPHA)
        shade.fill((*style.DIALOG_SHADOW, 165))
        surface.blit(shade, (0, 0))
        return surface.convert() if pygame.display.get_surface() else surface

    # --- the scene stack ------------------------------------------------------------

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def make(self, name: str, **kwargs) -> Scene:
        """A new screen of the kind registered under `name` (game.client.registry)."""
        return registry.scene_class(name)(self, **kwargs)

    def push(self, scene: Scene | str, **kwargs) -> Scene:
        """Open a screen on top: a scene, or the name of one and its arguments."""
        if isinstance(scene, str):
            scene = self.make(scene, **kwargs)
        if self.scenes:
            if scene.overlay:
                scene.backdrop = self._snapshot(len(self.scenes) - 1)
            self.scenes[-1].hide()
        self.scenes.append(scene)
        scene.open()
        return scene

    def pop(self) -> None:
        if not self.scenes:
            return
        self.scenes.pop().close()
        if self.scenes:
            self.scenes[-1].show()
        else:
            self.running = False

    def replace(self, scene: Scene | str, **kwargs) -> Scene:
        """Close the top screen and open another (a scene, or a name and its arguments)."""
        if isinstance(scene, str):
            scene = self.make(scene, **kwargs)
        if self.scenes:
            self.scenes.pop().close()
        return self.push(scene)

    def reset_to(self, *scenes: Scene) -> None:
        """Clear the stack and open these scenes (e.g. title, then a loaded game)."""
        while self.scenes:
            self.scenes.pop().close()
        for scene in scenes:
            self.push(scene)

    def find(self, kind: type | str) -> Scene | None:
        """The topmost open screen of a kind (a class, or its registered name)."""
        if isinstance(kind, str):
            return next((s for s in reversed(self.scenes) if s.name == kind), None)
        return next((s for s in reversed(self.scenes) if isinstance(s, kind)), None)

    # --- sessions, saves, messages ------------------------------------------------------

    def start_tour(self) -> None:
        """Coach marks over the interface for the first turns (game.client.coach)."""
        from game.client.coach import Coach

        self.coach = Coach(self, self._tour_finished)

    def _tour_finished(self) -> None:
        self.settings.tour_done = True
        save_settings(self.settings, self.settings_path)

    def start_session(self, session: Session) -> None:
        """Open the main view for a campaign, on top of the title menu."""
        self.session = session
        self.reset_to(self.make("title"), self.make("main", session=session))

    def toast(self, text: str) -> None:
        """A short message at the bottom of the screen (saved, cannot load, ...)."""
        self._toast = (text, time.monotonic() + TOAST_SECONDS)

    @property
    def toast_text(self) -> str | None:
        return self._toast[0] if self._toast and self._toast[1] > time.monotonic() else None

    def quick_save(self) -> None:
        if self.session is None:
            return
        try:
            path = saves_bridge.quick_save(self.session)
        except saves_bridge.SaveUnavailable as error:
            self.toast(str(error))
            return
        self.toast(f"Quick-saved {self.session.year_of(self.session.last)} to {path.name}")

    def ask_quick_load(self) -> None:
        """F9: load the quick save, after asking when a campaign is in play (its turns
        since the quick save would be lost)."""
        if self.session is None or self.top is None or self.top.name == "confirm":
            self.quick_load()
            return
        year = self.session.year_of(self.session.last)
        self.push(
            "confirm",
            title="Load the quick save?",
            message=f"The campaign in play ({year}) goes back to where you last pressed F5; "
            "whatever happened since is lost unless you saved it.",
            yes="Load the quick save",
            on_yes=self.quick_load,
        )

    def quick_load(self) -> None:
        try:
            session = saves_bridge.quick_load()
        except saves_bridge.SaveUnavailable as error:
            self.toast(str(error))
            return
        self.start_session(session)
        self.toast(f"Loaded the quick save ({session.year_of(session.last)})")

    # --- the loop -------------------------------------------------------------------

    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            self.relayout((event.w, event.h))
            return
        if self.coach is not None and self.coach.handle(event):
            return
        top = self.top
        if top is None:
            return
        typing = any(
            isinstance(e, pygame_gui.elements.UITextEntryLine) and e.is_focused
            for e in self.manager.get_focus_set() or ()
        )
        intent = intents.resolve(event, intents.ANY_SCREEN)
        if intent is not None and not typing and self._hotkey(intent.name, top):
            return
        used = self.manager.process_events(event)
        if intent is not None and intent.name == "back" and not used:
            top.back()
            return
        if intent is not None and intent.name == "confirm" and not typing:
            top.confirm()
            return
        if used and event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL):
            return
        top.handle_event(event)

    def _hotkey(self, intent: str, top: Scene) -> bool:
        """The keys every screen shares (game.client.intents): help, quick save and load."""
        if intent == "help":
            if top.name == "help":
                self.pop()
            else:
                self.push("help")
            return True
        if intent == "quick_save":
            self.quick_save()
            return True
        if intent == "quick_load":
            self.ask_quick_load()
            return True
        return False

    def tick(self, dt: float | None = None) -> bool:
        """One frame: events, updates, and drawing when something changed.

        Returns whether the frame was drawn. A still screen is not redrawn: nothing moved,
        no input came, no widget changed (and at most REDRAW_AT_LEAST seconds passed).
        """
        if dt is None:
            dt = self.clock.tick(60) / 1000.0
        events = pygame.event.get()
        for event in events:
            self.dispatch(event)
            if not self.running:
                return False
        self.manager.update(dt)
        top = self.top
        if top is None:
            self.running = False
            return False
        top.update(dt)
        if self.coach is not None:
            self.coach.update()
            if not self.coach.active:
                self.coach = None
        signature = self._screen_signature()
        now = time.monotonic()
        if not (
            events
            or top.needs_redraw
            or signature != self._signature
            or now - self._drawn_at >= REDRAW_AT_LEAST
        ):
            return False
        self._signature, self._drawn_at = signature, now
        self.draw()
        pygame.display.flip()
        return True

    def _screen_signature(self) -> tuple:
        """What the widgets look like, cheaply: each visible sprite's image and place, the
        scene stack and the message line. A change means the screen must be redrawn."""
        sprites = tuple(
            (id(sprite.image), sprite.rect.x, sprite.rect.y)
            for sprite in self.manager.get_sprite_group().sprites()
            if getattr(sprite, "visible", True)
        )
        typing = any(
            isinstance(e, pygame_gui.elements.UITextEntryLine) and e.is_focused
            for e in self.manager.get_focus_set() or ()
        )
        return (
            sprites,
            tuple(id(s) for s in self.scenes),
            self.toast_text,
            typing and time.monotonic(),
            (self.coach.index, self.coach.showing()) if self.coach is not None else None,
        )

    def draw(self, surface: pygame.Surface | None = None) -> None:
        surface = surface or self.screen
        top = self.top
        if top is not None:
            top.draw(surface)
        self.manager.draw_ui(surface)
        if self.coach is not None:
            self.coach.draw(surface)
        self._draw_toast(surface)

    def _draw_toast(self, surface: pygame.Surface) -> None:
        text = self.toast_text
        if not text:
            return
        image = self.fonts.text(text, 14, style.INK, bold=True)
        pad = int(12 * self.scale)
        rect = image.get_rect()
        rect.inflate_ip(2 * pad, pad)
        rect.midbottom = (self.size[0] // 2, self.size[1] - int(90 * self.scale))
        pygame.draw.rect(surface, style.PANEL, rect, border_radius=int(6 * self.scale))
        pygame.draw.rect(surface, style.GOLD, rect, width=1, border_radius=int(6 * self.scale))
        surface.blit(image, image.get_rect(center=rect.center))

    def run(self) -> int:
        """Play until the window closes."""
        while self.running:
            self.tick()
        save_settings(self.settings, self.settings_path)
        return 0


def start_client(scenario: Path | None = None) -> int:
    """Open the window on the title menu (or straight into a scenario's nation picker)."""
    app = App()
    app.push("title")
    if scenario is not None:
        try:
            app.push("new_campaign", preselect=scenario)
        except ScenarioError as error:
            app.toast(str(error).splitlines()[0])
    try:
        return app.run()
    finally:
        pygame.display.quit()
