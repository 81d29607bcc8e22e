"""Build step that pyproject.toml cannot declare: copy the data folders into the wheel.

`scenarios/` and `assets/` live beside the `game` package in the checkout (where people
edit them); a wheel carries them as `game/_data/scenarios` and `game/_data/assets`, which
`game.resources.data_dir` finds, so the installed console script runs from any folder.
Editable installs read the checkout's folders directly and copy nothing.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("scenarios", "assets")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.tmp*")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in DATA_FOLDERS:
            target = Path(self.build_lib) / "game" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=IGNORED)


setup(cmdclass={"build_py": BuildWithData})
