"""The graphical client: the game people play, drawn with pygame and pygame_gui.

The engine never imports this package. Nothing here imports pygame at package import time,
so `game.cli` can discover `game.client.commands` on machines without a display; modules
that draw import pygame themselves and are loaded only when the client starts.
"""
