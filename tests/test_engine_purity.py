"""The engine runs without a screen: importing any engine module never imports pygame."""

import subprocess
import sys

from tests.conftest import EXAMPLE, ROOT

CODE = f"""
import importlib, pkgutil, sys
import game
names = [m.name for m in pkgutil.walk_packages(game.__path__, "game.")
         if not m.name.startswith("game.client")]
for name in names:
    importlib.import_module(name)
from game import Simulation
Simulation({str(EXAMPLE)!r}, seed=1).run(1960)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pygame", "pygame_gui"))
print("MODULES:" + str(len(names)))
print("LOADED:" + ",".join(loaded))
"""


def test_engine_modules_never_import_pygame():
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(":", 1) for line in result.stdout.strip().splitlines())
    assert int(lines["MODULES"]) >= 15
    assert lines["LOADED"] == ""


def test_cli_commands_do_not_import_pygame():
    code = "import sys\nfrom game.cli import build_commands\nbuild_commands()\nprint('pygame' in sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
