"""Where the game's data folders are: `scenarios/` and `assets/`.

In a checkout (and an editable install) they sit beside the `game` package. A built wheel
carries copies inside the package, in `game/_data/` (setup.py copies them at build time), so
an installed `alliance-drift` runs from any folder. The installed copy wins when present.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
INSTALLED = PACKAGE / "_data"
CHECKOUT = PACKAGE.parent
DATA_FOLDERS = ("scenarios", "assets")


def data_dir(name: str) -> Path:
    """The folder `name` ('scenarios' or 'assets'): the installed copy, else the checkout's."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; one of {', '.join(DATA_FOLDERS)}")
    installed = INSTALLED / name
    return installed if installed.is_dir() else CHECKOUT / name
