"""A generated scenario far from the campaign's theatre: the Horn of Africa, 1974-1991.

Used by the map tests (the view fits its own territories) and the pixel tests (it renders
centred on them, by default and with --bounds).
"""

from __future__ import annotations

from pathlib import Path

NATIONS = [
    # id, name, capital, territory, colour
    ("ETH", "Ethiopia", (38.7, 9.0), ["ETH", "ERI"], "#2e7d32"),
    ("SOM", "Somalia", (45.3, 2.0), ["SOM", "SOL"], "#1565c0"),
    ("KEN", "Kenya", (36.8, -1.3), ["KEN"], "#8d6e63"),
    ("FRA", "France (Djibouti)", (43.1, 11.6), ["DJI"], "#5c6bc0"),
    ("SAU", "Saudi Arabia", (46.7, 24.7), ["SAU"], "#558b2f"),
    ("EGY", "Egypt", (31.2, 30.0), ["EGY"], "#c0a060"),
    ("USA", "United States", (-77.0, 38.9), ["USA"], "#1e88e5"),
    ("SUN", "Soviet Union", (37.6, 55.75), ["RUS"], "#c62828"),
]


def horn_text() -> str:
    """The scenario's TOML: eight nations, relations left at their defaults, no events."""
    parts = [
        "schema_version = 1\n",
        '[scenario]\nid = "horn_1974"\nname = "The Horn of Africa, 1974-1991"\n'
        'start_year = 1974\nend_year = 1991\ndefault_player = "ETH"\n',
    ]
    for ident, name, (lon, lat), territory, colour in NATIONS:
        regions = ", ".join(f'"{r}"' for r in territory)
        parts.append(
            f'[[nations]]\nid = "{ident}"\nname = "{name}"\ncolor = "{colour}"\n'
            f"capital = [{lon}, {lat}]\nterritory = [{regions}]\nplayable = true\n"
            "[nations.stats]\npopulation = 20\ngdp = 10\ngdp_growth = 3\ndefence_share = 3\n"
        )
    parts.append(
        '[[events]]\nid = "ogaden_war"\ntitle = "The Ogaden war"\nyears = [1977, 1977]\n'
        'text = "Somalia invades the Ogaden."\nchance = 1.0\nnation = "SOM"\n'
        '[[events.options]]\nid = "invade"\nlabel = "Invade"\nhistorical = true\n'
        'effects = ["relation(ETH, SOM) -= 30"]\n'
    )
    return "\n".join(parts)


def write_horn(folder: Path) -> Path:
    path = folder / "horn_1974.toml"
    path.write_text(horn_text(), encoding="utf-8")
    return path
