"""Player settings: window size, fullscreen, UI scale, animation speed; kept between runs.

Stored as a small JSON file in the per-user config folder. A missing or damaged file means
defaults (a settings file must never stop the game from starting).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

MIN_SIZE = (1280, 720)
MAX_SIZE = (2560, 1440)
RESOLUTIONS = ((1280, 720), (1366, 768), (1600, 900), (1920, 1080), (2560, 1440))
UI_SCALES = (0.0, 1.0, 1.25, 1.5, 1.75, 2.0)  # 0 = automatic, from the window size
ANIMATION_SPEEDS = {"off": 0.0, "slow": 0.5, "normal": 1.0, "fast": 2.0}
BASE_ANIMATION_SECONDS = 0.5


@dataclass
class Settings:
    width: int = 1600
    height: int = 900
    fullscreen: bool = False
    ui_scale: float = 0.0
    animation: str = "normal"
    show_all_ties: bool = False
    tour_done: bool = False  # the guided first game was finished or skipped

    @property
    def size(self) -> tuple[int, int]:
        return clamp_size((self.width, self.height))

    def animation_seconds(self) -> float:
        """How long tints and lines take to ease between turns (0 = instant)."""
        speed = ANIMATION_SPEEDS.get(self.animation, 1.0)
        return 0.0 if speed == 0 else BASE_ANIMATION_SECONDS / speed

    def scale_for(self, size: tuple[int, int]) -> float:
        """The UI scale in use: the chosen one, or one that grows with the window."""
        if self.ui_scale > 0:
            return self.ui_scale
        return auto_scale(size)


def auto_scale(size: tuple[int, int]) -> float:
    """1.0 at 1280×720 up to 1.75 at 2560×1440, in steps of 1/8 so text stays crisp."""
    ratio = min(size[0] / MIN_SIZE[0], size[1] / MIN_SIZE[1])
    scale = 1.0 + 0.75 * (ratio - 1.0)
    return max(1.0, min(1.75, round(scale * 8) / 8))


def clamp_size(size: tuple[int, int]) -> tuple[int, int]:
    return (
        max(MIN_SIZE[0], min(MAX_SIZE[0], int(size[0]))),
        max(MIN_SIZE[1], min(MAX_SIZE[1], int(size[1]))),
    )


def default_settings_path() -> Path:
    """ALLIANCE_DRIFT_CONFIG overrides the folder (tests use a temporary one)."""
    folder = os.environ.get("ALLIANCE_DRIFT_CONFIG")
    if folder:
        return Path(folder) / "settings.json"
    from platformdirs import user_config_dir

    return Path(user_config_dir("alliance-drift", appauthor=False)) / "settings.json"


def load_settings(path: Path | None) -> Settings:
    """Settings from the file, or defaults for anything missing, damaged or out of range."""
    settings = Settings()
    if path is None or not path.is_file():
        return settings
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return settings
    if not isinstance(data, dict):
        return settings
    for f in fields(Settings):
        value = data.get(f.name)
        default = getattr(settings, f.name)
        if isinstance(value, type(default)) or (
            isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool)
        ):
            setattr(settings, f.name, type(default)(value))
    if settings.animation not in ANIMATION_SPEEDS:
        settings.animation = "normal"
    if settings.ui_scale not in UI_SCALES:
        settings.ui_scale = 0.0
    settings.width, settings.height = clamp_size((settings.width, settings.height))
    return settings


def save_settings(settings: Settings, path: Path | None) -> None:
    """Write the settings; a read-only config folder only loses the preference."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(settings), indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass
