"""Where the main view's parts sit: a pure function of the window size and the UI scale."""

from __future__ import annotations

from collections.abc import Callable

import pygame


def layout(size: tuple[int, int], u: Callable[[float], int]) -> dict[str, pygame.Rect]:
    """The rectangles of the top bar, the map, the timeline and the side column (nation,
    diplomacy, log); `u` turns a length at scale 1 into pixels."""
    w, h = size
    top = u(56)
    side = min(u(380), w // 3)
    timeline = u(56)
    rects = {
        "top": pygame.Rect(0, 0, w, top),
        "map": pygame.Rect(0, top, w - side, h - top - timeline),
        "timeline": pygame.Rect(0, h - timeline, w - side, timeline),
        "side": pygame.Rect(w - side, top, side, h - top),
    }
    gap = u(8)
    column = rects["side"].inflate(-2 * gap, -2 * gap)
    log_h = u(128)
    diplo_h = u(136)
    nation_h = column.height - log_h - diplo_h - 2 * gap
    rects["nation"] = pygame.Rect(column.x, column.y, column.width, nation_h)
    rects["diplomacy"] = pygame.Rect(column.x, rects["nation"].bottom + gap, column.width, diplo_h)
    rects["log"] = pygame.Rect(column.x, rects["diplomacy"].bottom + gap, column.width, log_h)
    return rects
