"""Off-map powers as badges at the map's edge: a nation whose capital lies outside the
scenario's map (the United States on a map of Asia) stands on the side where its capital
lies, and its relation lines start at the badge."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.client import style
from game.client.mapgeometry import wrap_lon
from game.client.mapmodel import MapFrame
from game.mapdata import RegionMap
from game.scenario import Scenario


@dataclass
class Badge:
    """An offshore power drawn at the edge of the map, where its capital would be."""

    nation: int
    rect: pygame.Rect
    anchor: tuple[int, int]  # where its lines start


def place_badges(
    region_map: RegionMap,
    scenario: Scenario,
    offshore: list[bool],
    active: list[bool],
    size: tuple[int, int],
    fonts: style.Fonts,
) -> list[Badge]:
    """Where the active offshore powers stand: west or east, northernmost first."""
    scale = fonts.scale
    sides: dict[str, list[int]] = {"west": [], "east": []}
    for i, nation in enumerate(scenario.nations):
        if active[i] and offshore[i]:
            west = wrap_lon(nation.capital[0] - region_map.projection.lon0) < 0
            sides["west" if west else "east"].append(i)
    badges = []
    height = int(30 * scale)
    for side, members in sides.items():
        members.sort(key=lambda i: -scenario.nations[i].capital[1])
        top = int(size[1] * 0.16)
        for k, i in enumerate(members):
            label = fonts.text(scenario.nations[i].name, 12, style.INK, bold=True)
            width = label.get_width() + int(34 * scale)
            x = int(12 * scale) if side == "west" else size[0] - width - int(12 * scale)
            rect = pygame.Rect(x, top + k * (height + int(10 * scale)), width, height)
            anchor = (rect.right, rect.centery) if side == "west" else (rect.left, rect.centery)
            badges.append(Badge(i, rect, anchor))
    return badges


def draw_badges(
    target: pygame.Surface,
    badges: list[Badge],
    frame: MapFrame,
    scenario: Scenario,
    fonts: style.Fonts,
    highlighted: tuple[int | None, ...],
) -> None:
    """Each badge: a panel (gold-edged when selected or hovered), the nation's tint, its name."""
    scale = fonts.scale
    for badge in badges:
        i = badge.nation
        tint = tuple(int(c) for c in frame.tint[i])
        edge = style.GOLD if i in highlighted else style.PANEL_EDGE
        pygame.draw.rect(target, style.PANEL, badge.rect, border_radius=int(6 * scale))
        pygame.draw.rect(
            target,
            edge,
            badge.rect,
            width=max(1, int(scale)),
            border_radius=int(6 * scale),
        )
        swatch = pygame.Rect(0, 0, int(14 * scale), int(14 * scale))
        swatch.midleft = (badge.rect.left + int(9 * scale), badge.rect.centery)
        pygame.draw.rect(target, tint, swatch, border_radius=int(3 * scale))
        label = fonts.text(scenario.nations[i].name, 12, style.INK, bold=True)
        target.blit(
            label, label.get_rect(midleft=(swatch.right + int(7 * scale), badge.rect.centery))
        )
