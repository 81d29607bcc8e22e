"""The graphical client: the game people play, drawn with pygame and pygame_gui.

The engine never imports this package. Nothing here imports pygame at package import time,
so `game.cli` can discover `game.client.commands` on machines without a display; modules
that draw import pygame themselves and are loaded only when the client starts.

Where things go: a screen is a Scene in `scenes/`, registered by name in `registry.py` and
opened with `app.push(name, **arguments)` (screens never import each other); a key is a
line in `intents.py` (the help lists it from there); a colour is an entry of the palette
in assets/theme.json (`palette.py`); a tooltip's words are a function in `tooltips.py`.
"""
