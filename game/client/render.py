"""Headless rendering: the main view at a year of a run, drawn off-screen into a PNG.

Used by `python main.py render`, the README screenshots and the pixel tests. It uses
SDL's dummy video driver, so it works on servers and in CI without a display.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def _headless() -> None:
    """Use the off-screen driver unless pygame's display is already running."""
    import pygame

    if not pygame.display.get_init():
        os.environ["SDL_VIDEODRIVER"] = "dummy"


def advance_to(session, year: int) -> None:
    """Play turns with the policy's choices until the session shows `year`."""
    while session.year_of(session.last) < year and not session.done:
        session.end_turn({})


def render_year(
    scenario,
    year: int,
    out: Path,
    size: tuple[int, int] = (1600, 900),
    policy: str = "historical",
    seed: int = 0,
    player: str | None = None,
    bounds: tuple[float, float, float, float] | None = None,
) -> None:
    """Write the main view of `scenario` at the start of `year` to `out` (PNG); `bounds`
    (west, south, east, north in degrees) replaces the scenario's own view."""
    _headless()
    import pygame

    from game.client.app import App
    from game.client.session import Session
    from game.client.settings import Settings

    player = (
        player or scenario.default_player or (scenario.playable[0] if scenario.playable else None)
    )
    session = Session.new(scenario, player, seed=seed, policy=policy)
    advance_to(session, year)
    app = App(settings=Settings(), settings_path=None, size=size)
    app.map_bounds = bounds
    app.start_session(session)
    view = app.top
    view.finish_animation()
    view._after_animation.clear()
    surface = pygame.Surface(app.size)
    app.manager.update(0.0)
    app.draw(surface)
    _save_png(surface, Path(out))


def _save_png(surface, path: Path) -> None:
    """Encode the PNG in memory, then write it with the game's one atomic writer, so an
    interrupted render never leaves half a PNG and a device is never replaced."""
    import io

    import pygame

    from game.files import write_atomically

    png = io.BytesIO()
    pygame.image.save(surface, png, "view.png")
    write_atomically(path, png.getvalue())
