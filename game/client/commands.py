"""Command-line entry points of the client: `play` (the window) and `render` (a PNG).

Imported by `game.cli` on every run, so nothing here imports pygame at module level: a
machine without a display (or without pygame) can still validate and simulate.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.errors import InputError

NO_DISPLAY = "no display to open the game window on{why}; to play in this terminal, run: python main.py simulate"


def register(commands) -> dict:
    """Add `render`; take over `play` (the parser for it already exists in game.cli)."""
    render = commands.add_parser(
        "render", help="draw the main view of any scenario at a year of a headless run into a PNG"
    )
    render.add_argument(
        "--scenario", type=Path, help="scenario file (default: the main campaign, 1947)"
    )
    render.add_argument(
        "--year", type=int, required=True, help="the year to show (the world at its start)"
    )
    render.add_argument(
        "--policy",
        choices=("historical", "ai", "random"),
        default="historical",
        help="how decisions are made on the way there",
    )
    render.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    render.add_argument("--player", help="nation shown as the player's (default: the scenario's)")
    render.add_argument(
        "--bounds",
        metavar="W,S,E,N",
        help="the view in degrees: west, south, east, north (default: the scenario's view)",
    )
    render.add_argument(
        "--size",
        default="1600x900",
        help="image size WIDTHxHEIGHT, 1280x720 to 2560x1440 (default 1600x900)",
    )
    render.add_argument("--out", type=Path, required=True, help="the PNG file to write")
    return {"play": cmd_play, "render": cmd_render}


def display_problem(environ: dict | None = None, platform: str | None = None) -> str | None:
    """Why no window can open here, or None. An explicit SDL_VIDEODRIVER is trusted (tests
    use the dummy driver); otherwise a Unix desktop needs DISPLAY or WAYLAND_DISPLAY."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if env.get("SDL_VIDEODRIVER"):
        return None
    if (
        platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
        and not env.get("DISPLAY")
        and not env.get("WAYLAND_DISPLAY")
    ):
        return " (DISPLAY and WAYLAND_DISPLAY are not set)"
    return None


def _quiet_pygame() -> None:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def cmd_play(args: argparse.Namespace) -> int:
    """Open the game window; on a machine without a display, say so in one line."""
    problem = display_problem()
    if problem is not None:
        print(NO_DISPLAY.format(why=problem), file=sys.stderr)
        return 1
    _quiet_pygame()
    try:
        import pygame
    except ImportError:
        print(
            "pygame-ce is not installed; run 'make play' (or pip install -e .), or play headless with: python main.py simulate",
            file=sys.stderr,
        )
        return 1
    try:
        pygame.display.init()
    except pygame.error as error:
        print(NO_DISPLAY.format(why=f" ({error})"), file=sys.stderr)
        return 1
    from game.client.app import start_client

    if args.scenario is not None and not Path(args.scenario).is_file():
        raise InputError(f"--scenario: no such file {args.scenario}")
    return start_client(args.scenario)


def parse_size(text: str) -> tuple[int, int]:
    from game.client.settings import MAX_SIZE, MIN_SIZE

    try:
        width, height = (int(part) for part in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise InputError(f"--size: expected WIDTHxHEIGHT such as 1600x900, not {text!r}") from None
    if not (MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1]):
        raise InputError(
            f"--size: {width}x{height} is outside {MIN_SIZE[0]}x{MIN_SIZE[1]} .. {MAX_SIZE[0]}x{MAX_SIZE[1]}"
        )
    return width, height


def parse_bounds(text: str) -> tuple[float, float, float, float]:
    """--bounds W,S,E,N in degrees, checked like a [map] table's bounds."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise InputError(
            f"--bounds: expected WEST,SOUTH,EAST,NORTH in degrees such as 25,10,65,45, not {text!r}"
        ) from None
    if not (-180 <= west < east <= 180 and -85 <= south < north <= 85):
        raise InputError(
            f"--bounds: {text} needs west < east within -180..180 and south < north within -85..85"
        )
    return west, south, east, north


def cmd_render(args: argparse.Namespace) -> int:
    """Draw the main view at a year of a headless run and write it as a PNG."""
    from game.arguments import default_scenario
    from game.files import check_output
    from game.loader import load_scenario

    size = parse_size(args.size)
    bounds = parse_bounds(args.bounds) if args.bounds is not None else None
    if args.out.suffix.lower() != ".png":
        raise InputError(f"--out: {args.out} must end in .png")
    check_output(args.out)
    scenario = load_scenario(args.scenario or default_scenario())
    if not scenario.start_year <= args.year <= scenario.end_year:
        raise InputError(
            f"--year: {args.year} is outside the scenario's years {scenario.start_year}..{scenario.end_year}"
        )
    if args.player is not None and args.player not in scenario.nation_index:
        raise InputError(
            f"--player: unknown nation '{args.player}'; this scenario has {', '.join(scenario.nation_ids)}"
        )
    if not 0 <= args.seed < 2**63:
        raise InputError(f"--seed: must be between 0 and 2^63-1, not {args.seed}")
    from game.client.render import render_year

    render_year(
        scenario,
        args.year,
        args.out,
        size=size,
        policy=args.policy,
        seed=args.seed,
        player=args.player,
        bounds=bounds,
    )
    print(f"wrote {args.out} ({scenario.name}, {args.year}, {size[0]}x{size[1]})")
    return 0
