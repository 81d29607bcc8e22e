"""Client frame times at 1600×900: while the map eases between turns, while idle, and the
time from launch to the first drawn frame.

    python benchmarks/bench_client.py [--scenario PATH] [--turns 8] [--idle 300]

Targets (software rendering, 2 cores): median ≤ 8 ms and 95th percentile ≤ 16 ms per
frame, first frame ≤ 1.0 s. Uses the window system when there is one (DISPLAY or
WAYLAND_DISPLAY), else SDL's dummy driver; the driver in use is printed.
"""

from __future__ import annotations

import time

LAUNCH = time.perf_counter()

import argparse  # noqa: E402
import atexit  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# The benchmark ends turns, and every turn autosaves: keep those out of the player's folder.
SAVES = tempfile.mkdtemp(prefix="bench-client-saves-")
os.environ["ALLIANCE_DRIFT_SAVE_DIR"] = SAVES
atexit.register(shutil.rmtree, SAVES, ignore_errors=True)
if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

SIZE = (1600, 900)
FRAME = 1 / 60


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


CPU: dict[int, list[float]] = {}  # id(samples) -> CPU time of each frame, ms


def timed_tick(app, samples: list[float]) -> None:
    """Wall-clock time of one frame; its CPU time goes to CPU[id(samples)] (on a shared
    machine the wall clock also counts time spent waiting for a core)."""
    start, cpu = time.perf_counter(), time.process_time()
    app.tick(FRAME)
    samples.append((time.perf_counter() - start) * 1000)
    CPU.setdefault(id(samples), []).append((time.process_time() - cpu) * 1000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, help="default: the campaign, else the example")
    parser.add_argument("--turns", type=int, default=8, help="turns whose drift animation is timed")
    parser.add_argument("--idle", type=int, default=300, help="idle frames timed")
    args = parser.parse_args()

    import pygame

    from game.client.app import App
    from game.client.scenes.title import TitleScene
    from game.client.session import Session
    from game.client.settings import Settings

    app = App(settings=Settings(width=SIZE[0], height=SIZE[1]), settings_path=None, size=SIZE)
    app.push(TitleScene(app))
    app.tick(FRAME)
    first_frame = time.perf_counter() - LAUNCH

    from game.client.catalogue import default_scenario
    from game.loader import load_scenario

    scenario = load_scenario(args.scenario) if args.scenario else default_scenario()
    session = Session.new(scenario, scenario.default_player or scenario.playable[0], seed=1)
    while session.year_of(session.last) < scenario.start_year + 10:
        session.end_turn({})
    start = time.perf_counter()
    app.start_session(session)
    view = app.top
    view._after_animation.clear()
    app.tick(FRAME)
    main_first = time.perf_counter() - start

    animation: list[float] = []
    resolve: list[float] = []
    for _ in range(args.turns):
        view.orders.choices = {p.event.id: p.proposed for p in session.pending()}
        # Ending the turn is not an animation frame: the engine plays the year, the game
        # autosaves and the new turn's panels are prepared; timed separately below.
        start = time.perf_counter()
        view.end_turn()
        resolve.append((time.perf_counter() - start) * 1000)
        while view.busy and app.top is view:
            timed_tick(app, animation)
        while app.top is not view:  # close the summary and any event dialogs
            app.top.back() if app.top.name != "event" else app.top.choose(app.top.current.proposed)
            app.tick(FRAME)
        view.orders.choices = {p.event.id: p.proposed for p in session.pending()}

    idle: list[float] = []
    for _ in range(args.idle):
        timed_tick(app, idle)

    # A still screen is not redrawn at all (see App.tick), so idle frames cost almost nothing.
    # Moving the mouse over the map: every frame is redrawn (hover highlight, tooltips).
    hover: list[float] = []
    area = view.rects["map"]
    for k in range(args.idle):
        x = area.left + 40 + (k * 7) % (area.width - 80)
        y = area.centery + (k // 60 % 3 - 1) * area.height // 4
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(7, 0), buttons=(0, 0, 0))
        )
        timed_tick(app, hover)

    print(
        f"client benchmark at {SIZE[0]}×{SIZE[1]}, video driver '{pygame.display.get_driver()}', scenario {scenario.name}"
    )
    print(f"first frame (title) after launch: {first_frame:.2f} s   (target ≤ 1.0 s)")
    print(f"main view first frame:            {main_first:.2f} s")
    print(
        f"ending a turn (engine, autosave, new panels): median {statistics.median(resolve):.0f} ms"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average while measuring:     {load:.1f} on {os.cpu_count()} cores")
    for name, samples in (
        ("drift animation", animation),
        ("idle (still)", idle),
        ("mouse over map", hover),
    ):
        cpu = CPU[id(samples)]
        print(
            f"{name:<16} {len(samples):4d} frames  median {statistics.median(samples):5.1f} ms  "
            f"p95 {percentile(samples, 95):5.1f} ms  max {max(samples):5.1f} ms   (targets 8 / 16 ms)"
            f"   CPU median {statistics.median(cpu):4.1f} p95 {percentile(cpu, 95):4.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
