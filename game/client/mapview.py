"""The map: countries tinted by alignment, disputed areas hatched, capitals and relation
lines, off-map powers as badges at the edge, rings around nations in a crisis and fronts
between nations at war (game.client.mapmarks).

The scenario chooses the view (mapdata.project_world): at zoom 1 the view box fits the map
area, placed so the inset, legend and badges (`home(obstacles)`) cover none of the
scenario's own territories.

Speed comes from an 8-bit "index" layer (game.client.maplayer): every pixel of the static map stores which shape
it belongs to (or sea, graticule, border, hatching), drawn once per zoom and pan. Changing
the tints is then a 256-entry palette update and one blit, so drift can be eased every
frame. Labels are cached text surfaces; the composed map is redrawn only when something
changed (a turn, an animation frame, hover, selection, zoom or pan). Off-map powers'
badges are game.client.mapbadges; plane geometry is game.client.mapgeometry.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.client import style
from game.client.mapbadges import Badge, draw_badges, place_badges
from game.client.mapgeometry import arc, dashed, label_point, shape_area
from game.client.maplayer import BORDER0, FILL0, GRID, HATCH, HATCH_EDGE, OFF_MAP, SEA, index_layer
from game.client.mapmarks import Fronts, draw_badge_outline, draw_crisis_ring, draw_front
from game.client.mapmodel import MapFrame, ShapeTable, visible_ties
from game.mapdata import RegionMap
from game.scenario import Scenario

MAX_SHAPES = 110
ZOOM_MIN, ZOOM_MAX = 0.8, 4.0
HOME_STEPS = 10  # the default view tries scales from the full fit down to 0.93^9 of it ...
HOME_SHRINK = 0.93
# ... each at these places of the view box within the slack, as fractions of it (x right,
# y down on screen): centred, then up, up-right, up-left, right, left, down.
HOME_PLACES = ((0, 0), (0, -1), (1, -1), (-1, -1), (1, 0), (-1, 0), (0, 1))
WAR_BEND = 0.22  # how far war lines bow (ties bow 0.12)


class MapView:
    """Draws one MapFrame into a surface the size of the map area."""

    def __init__(self, region_map: RegionMap, scenario: Scenario, fonts: style.Fonts) -> None:
        self.map = region_map
        self.scenario = scenario
        self.fonts = fonts
        self.shapes = ShapeTable(region_map, scenario)
        if len(self.shapes.ids) > MAX_SHAPES:
            raise ValueError(
                f"the map has {len(self.shapes.ids)} shapes; the index layer holds {MAX_SHAPES}"
            )
        x0, y0, x1, y1 = region_map.view
        self.centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        self.zoom = 1.0
        self.size = (0, 0)
        self.base_scale = 1.0  # pixels per km at zoom 1, set by home()
        self.home_centre = self.centre
        self.obstacles: list[pygame.Rect] = []  # map-area rects the default view keeps clear
        self._static: pygame.Surface | None = None
        self._static_key: tuple | None = None
        self._rings: dict[int, list[list[tuple[int, int]]]] = {}
        self.canvas: pygame.Surface | None = None
        self._target: pygame.Surface | None = None  # what the draw helpers draw on
        self.dirty = True
        self.frame: MapFrame | None = None
        self.selected: int | None = None
        self.hovered: int | None = None
        self.player: int | None = None
        self.show_all_ties = False
        self.crisis_marks: dict[int, tuple[int, int]] = {}  # nation -> (rung, rungs), from views
        self.fronts = Fronts(self)
        self.show_ties = True  # the title screen shows the map without lines or badges
        self.badges: list[Badge] = []
        self.offshore = [n.id in region_map.offmap for n in scenario.nations]
        self.capitals_km = [region_map.project(*n.capital) for n in scenario.nations]
        self._shape_area = {sid: shape_area(region_map.shapes[sid]) for sid in self.shapes.ids}
        self._label_km: dict[str, tuple[float, float]] = {}  # where each shape's name goes

    # --- geometry -------------------------------------------------------------------

    @property
    def scale(self) -> float:
        """Pixels per km at the current zoom; zoom 1 is the scenario's default view."""
        return self.base_scale * self.zoom

    def home(self, obstacles: list[pygame.Rect] | None = None) -> None:
        """The default view: the view box as large as it fits the map area, and placed so
        no obstacle (the panels over the map) covers a territory of an on-map nation. Larger
        scales are tried first, each centred and then moved within the slack it leaves
        (up first: the inset and legend sit at the bottom); the last resort is the smallest
        scale tried, centred."""
        if obstacles is not None:
            self.obstacles = [pygame.Rect(r) for r in obstacles]
        w, h = self.size
        if not (w and h):
            return
        vx0, vy0, vx1, vy1 = self.map.view
        box_w, box_h = max(1.0, vx1 - vx0), vy1 - vy0  # zero height: fit the width only
        box_centre = ((vx0 + vx1) / 2, (vy0 + vy1) / 2)
        full = min(w / box_w, h / box_h if box_h > 0 else math.inf)
        blocking = [r for r in self.obstacles if r.width and r.height]
        chosen = (full, box_centre)
        if blocking and self.map.shapes:
            chosen = None
            for step in range(HOME_STEPS):
                scale = full * HOME_SHRINK**step
                half_x = max(0.0, w - box_w * scale) / 2
                half_y = max(0.0, h - box_h * scale) / 2 if box_h > 0 else 0.0
                for fx, fy in HOME_PLACES:
                    if (fx and not half_x) or (fy and not half_y):
                        continue
                    centre = (
                        box_centre[0] - fx * half_x / scale,
                        box_centre[1] + fy * half_y / scale,
                    )
                    if not self._covers_territory(scale, centre):
                        chosen = (scale, centre)
                        break
                if chosen is not None:
                    break
            chosen = chosen or (full * HOME_SHRINK ** (HOME_STEPS - 1), box_centre)
        self.base_scale, self.centre = chosen
        self.home_centre = self.centre
        self._label_km = {}  # huge countries are named where the default view shows them
        self.zoom = 1.0
        self._clamp()
        self.dirty = True

    def _covers_territory(self, scale: float, centre: tuple[float, float]) -> bool:
        """Whether any on-map nation's starting or later territory that is wholly in view
        would be drawn under an obstacle with this scale and centre (a shape reaching past
        the edge, such as Russia in a regional view, cannot be shown whole anyway)."""
        held = {
            region
            for n in self.scenario.nations
            if n.id not in self.map.offmap
            for region in n.territory + (n.emerges.territory if n.emerges else ())
        }
        w, h = self.size
        for rect in self.obstacles:
            surface: pygame.Surface | None = None
            for sid in sorted(held & set(self.map.shapes)):
                x0, y0, x1, y1 = self.map.shapes[sid].bbox
                left, right = w / 2 + (x0 - centre[0]) * scale, w / 2 + (x1 - centre[0]) * scale
                top, bottom = h / 2 - (y1 - centre[1]) * scale, h / 2 - (y0 - centre[1]) * scale
                if right < rect.left or left > rect.right or bottom < rect.top or top > rect.bottom:
                    continue
                if left < 0 or top < 0 or right > w or bottom > h:
                    continue  # not wholly in view anyway (Russia in a regional view)
                if surface is None:
                    surface = pygame.Surface(rect.size, 0, 8)
                    surface.fill(0)
                for polygon in self.map.shapes[sid].polygons:
                    ring = polygon[0]
                    xs = np.rint(w / 2 - rect.x + (ring[:, 0] - centre[0]) * scale)
                    ys = np.rint(h / 2 - rect.y - (ring[:, 1] - centre[1]) * scale)
                    if len(xs) >= 3:
                        points = list(zip(xs.tolist(), ys.tolist(), strict=True))
                        pygame.draw.polygon(surface, 1, points)
            if surface is not None and np.count_nonzero(pygame.surfarray.array2d(surface)):
                return True
        return False

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        s = self.scale
        return self.size[0] / 2 + (x - self.centre[0]) * s, self.size[1] / 2 - (
            y - self.centre[1]
        ) * s

    def to_km(self, px: float, py: float) -> tuple[float, float]:
        s = self.scale
        return self.centre[0] + (px - self.size[0] / 2) / s, self.centre[1] - (
            py - self.size[1] / 2
        ) / s

    def resize(self, size: tuple[int, int]) -> None:
        if size != self.size:
            self.size = size
            self.canvas = (
                pygame.Surface(size).convert()
                if pygame.display.get_surface()
                else pygame.Surface(size)
            )
            self.home()
            self.dirty = True

    def reset_view(self) -> None:
        """Back to the scenario's default view (the Home key)."""
        self.zoom = 1.0
        self.centre = self.home_centre
        self._clamp()
        self.dirty = True

    def zoom_by(self, factor: float, around: tuple[float, float] | None = None) -> None:
        """Zoom keeping the point under `around` (map pixels) in place."""
        old = self.zoom
        self.zoom = min(ZOOM_MAX, max(ZOOM_MIN, self.zoom * factor))
        if self.zoom == old:
            return
        if around is not None:
            kx, ky = self.to_km(*around)
            s = self.scale
            self.centre = (
                kx - (around[0] - self.size[0] / 2) / s,
                ky + (around[1] - self.size[1] / 2) / s,
            )
        self._clamp()
        self.dirty = True

    def pan(self, dx_px: float, dy_px: float) -> None:
        s = self.scale
        self.centre = (self.centre[0] + dx_px / s, self.centre[1] - dy_px / s)
        self._clamp()
        self.dirty = True

    def _clamp(self) -> None:
        x0, y0, x1, y1 = self.map.bounds
        half_w = self.size[0] / 2 / self.scale
        half_h = self.size[1] / 2 / self.scale
        cx = (
            (x0 + x1) / 2
            if 2 * half_w >= x1 - x0
            else min(x1 - half_w, max(x0 + half_w, self.centre[0]))
        )
        cy = (
            (y0 + y1) / 2
            if 2 * half_h >= y1 - y0
            else min(y1 - half_h, max(y0 + half_h, self.centre[1]))
        )
        self.centre = (cx, cy)

    # --- the static index layer (game.client.maplayer) ----------------------------------

    def _static_layer(self) -> pygame.Surface:
        key = (
            self.size,
            self.fonts.scale,
            round(self.zoom, 4),
            round(self.centre[0], 2),
            round(self.centre[1], 2),
        )
        if self._static is None or self._static_key != key:
            self._static, self._rings = index_layer(
                self.map, self.shapes.ids, self.size, self.scale, self.centre, self.fonts.scale
            )
            self._static_key = key
        return self._static

    # --- frame data -------------------------------------------------------------------

    def show(self, frame: MapFrame) -> None:
        self.frame = frame
        self.dirty = True

    def nation_at(self, pos: tuple[int, int]) -> int | None:
        """The nation under a map pixel (badges first), or None over sea and foreign land."""
        for badge in self.badges:
            if badge.rect.collidepoint(pos):
                return badge.nation
        shape = self.shape_at(pos)
        if shape is None or self.frame is None:
            return None
        owner = int(self.frame.shape_owner[shape])
        return owner if owner >= 0 else None

    def shape_at(self, pos: tuple[int, int]) -> int | None:
        if not (0 <= pos[0] < self.size[0] and 0 <= pos[1] < self.size[1]):
            return None
        index = self._static_layer().get_at_mapped(pos)
        if FILL0 <= index < FILL0 + len(self.shapes.ids):
            return index - FILL0
        if BORDER0 <= index < BORDER0 + len(self.shapes.ids):
            return index - BORDER0
        return None

    def shape_name(self, k: int) -> str:
        return self.map.shapes[self.shapes.ids[k]].name

    def capital_px(self, nation: int) -> tuple[float, float]:
        for badge in self.badges:
            if badge.nation == nation:
                return badge.anchor
        return self.to_px(*self.capitals_km[nation])

    # --- composing --------------------------------------------------------------------

    def _palette(self, frame: MapFrame) -> list[tuple[int, int, int]]:
        """256 colours: fixed map colours, then each shape's fill and a darker border."""
        count = len(self.shapes.ids)
        fills = np.clip(np.rint(frame.shape_colours), 0, 255)
        owners = frame.shape_owner
        if self.hovered is not None:
            lit = owners == self.hovered
            fills[lit] = fills[lit] + (255 - fills[lit]) * 0.22
        borders = np.where(
            (owners >= 0)[:, None], fills * 0.55, np.array(style.FOREIGN_BORDER, dtype=float)
        )
        palette = np.zeros((256, 3), dtype=np.int64)
        palette[OFF_MAP] = style.OFF_MAP
        palette[SEA] = style.SEA
        palette[GRID] = style.SEA_GRID
        palette[HATCH] = style.HATCH
        palette[HATCH_EDGE] = style.HATCH
        palette[FILL0 : FILL0 + count] = fills.astype(np.int64)
        palette[BORDER0 : BORDER0 + count] = borders.astype(np.int64)
        return [tuple(row) for row in palette.tolist()]

    def compose(self) -> pygame.Surface:
        """The map for the current frame; cheap when nothing changed since last time."""
        assert self.canvas is not None
        if not self.dirty or self.frame is None:
            return self.canvas
        self._draw_into(self.canvas)
        self.dirty = False
        return self.canvas

    def draw_onto(self, target: pygame.Surface) -> None:
        """Draw the current frame straight onto `target` (a subsurface of the screen).

        Animation frames change every time, so caching them in the canvas would only add a
        second full-map blit; the canvas is recomposed once the map holds still.
        """
        if self.frame is not None:
            self._draw_into(target)
            self.dirty = True

    def _draw_into(self, target: pygame.Surface) -> None:
        frame = self.frame
        static = self._static_layer()
        static.set_palette(self._palette(frame))
        self._target = target
        target.blit(static, (0, 0))
        self._draw_selection(frame)
        if self.show_ties:
            self._place_badges(frame)
            self._draw_ties(frame)
        self._draw_labels(frame)
        self._draw_capitals(frame)
        if self.show_ties:
            self._draw_badges(frame)

    def _draw_selection(self, frame: MapFrame) -> None:
        if self.selected is None:
            return
        width = max(2, int(round(2 * self.fonts.scale)))
        for k in np.flatnonzero(frame.shape_owner == self.selected):
            for ring in self._rings.get(int(k), []):
                if len(ring) >= 3:
                    pygame.draw.lines(self._target, style.SELECTION, True, ring, width)

    def _draw_ties(self, frame: MapFrame) -> None:
        scale = self.fonts.scale
        focus = self.selected
        for i, j in visible_ties(frame, focus, self.show_all_ties):
            value = float(frame.relations[i, j])
            a, b = self.capital_px(i), self.capital_px(j)
            strength = abs(value) / 100.0
            width = max(1, int(round((1.0 + 4.0 * strength) * scale)))
            dimmed = focus is not None and focus not in (i, j)
            colour = style.FRIENDLY if value >= 0 else style.HOSTILE
            if dimmed:
                colour = style.darker(colour, 0.6)
            points = arc(a, b, bend=0.12)
            front = (
                self.fronts.between(frame.shape_owner, i, j, self._rings, self._static_key)
                if frame.war[i, j]
                else None
            )
            if front:
                draw_front(self._target, front, scale)
                continue
            if frame.war[i, j]:
                # Wars bow further than ties and each has a dark casing, so two wars leaving
                # one capital in nearly the same direction stay apart and readable.
                points = arc(a, b, bend=WAR_BEND)
                pygame.draw.lines(
                    self._target,
                    style.BACKDROP,
                    False,
                    points,
                    width + 1 + 2 * max(1, int(2 * scale)),
                )
                dashed(
                    self._target,
                    style.WAR,
                    points,
                    dash=int(8 * scale),
                    gap=int(5 * scale),
                    width=width + 1,
                )
                continue
            if frame.treaty_tie[i, j]:
                pygame.draw.lines(
                    self._target,
                    style.TREATY_CASING,
                    False,
                    points,
                    width + 2 * max(1, int(round(1.5 * scale))),
                )
            pygame.draw.lines(self._target, colour, False, points, width)

    def _label_anchor(self, frame: MapFrame, nation: int) -> tuple[float, float] | None:
        """Centre of the largest shape the nation holds (its name goes there)."""
        held = [self.shapes.ids[k] for k in np.flatnonzero(frame.shape_owner == nation)]
        if not held:
            return None
        biggest = max(held, key=self._shape_area.__getitem__)
        point = self._label_km.get(biggest)
        if point is None:
            point = label_point(self.map, biggest)
            home = self._home_box()
            if not (home[0] <= point[0] <= home[2] and home[1] <= point[1] <= home[3]):
                # A country larger than the view (Russia): name the part one can see.
                point = label_point(self.map, biggest, within=home)
            self._label_km[biggest] = point
        return self.to_px(*point)

    def _home_box(self) -> tuple[float, float, float, float]:
        """The km box the default view shows (labels of huge countries go inside it)."""
        w, h = self.size
        s = self.base_scale or 1.0
        cx, cy = self.home_centre
        return cx - w / 2 / s, cy - h / 2 / s, cx + w / 2 / s, cy + h / 2 / s

    def capital_dots(self, frame: MapFrame) -> list[pygame.Rect]:
        """The capitals' dots on the map, as rectangles (labels keep clear of them)."""
        radius = max(3, int(round(4 * self.fonts.scale))) + 2
        dots = []
        for i in range(len(self.scenario.nations)):
            if frame.active[i] and not self.offshore[i]:
                x, y = self.to_px(*self.capitals_km[i])
                dots.append(pygame.Rect(int(x) - radius, int(y) - radius, 2 * radius, 2 * radius))
        return dots

    def _draw_labels(self, frame: MapFrame) -> None:
        size = 13 if self.zoom < 1.6 else 15
        dots = self.capital_dots(frame)
        self.label_rects: list[tuple[int, pygame.Rect]] = []
        for i, nation in enumerate(self.scenario.nations):
            if not frame.active[i] or self.offshore[i]:
                continue
            anchor = self._label_anchor(frame, i)
            if anchor is None:
                continue
            colour = style.GOLD if i == self.selected else style.INK
            text = self.fonts.text(nation.name.upper(), size, colour, bold=True, halo=style.HALO)
            rect = text.get_rect(center=(int(anchor[0]), int(anchor[1])))
            taken = dots + [r for _, r in self.label_rects]
            if rect.collidelist(taken) >= 0:  # a capital's dot or a label in the way: step aside
                step = rect.height // 2 + 2
                for dy in (-step, step, -2 * step, 2 * step, -3 * step, 3 * step):
                    moved = rect.move(0, dy)
                    if moved.collidelist(taken) < 0:
                        rect = moved
                        break
            self._target.blit(text, rect)
            self.label_rects.append((i, rect))
        for words, x, y in self.map.labels:  # the scenario's own: seas, straits, regions
            text = self.fonts.text(words, 11, style.INK_DIM, halo=style.HALO)
            px, py = self.to_px(x, y)
            self._target.blit(text, text.get_rect(center=(int(px), int(py))))

    def _draw_capitals(self, frame: MapFrame) -> None:
        radius = max(3, int(round(4 * self.fonts.scale)))
        for i in range(len(self.scenario.nations)):
            if not frame.active[i] or self.offshore[i]:
                continue
            x, y = self.to_px(*self.capitals_km[i])
            if not (0 <= x < self.size[0] and 0 <= y < self.size[1]):
                continue
            centre = (int(x), int(y))
            if i in self.crisis_marks:
                draw_crisis_ring(
                    self._target, centre, radius, *self.crisis_marks[i], self.fonts.scale
                )
            pygame.draw.circle(self._target, style.DOT_EDGE, centre, radius + 2)
            fill = style.GOLD if i in (self.selected, self.player) else style.INK
            pygame.draw.circle(self._target, fill, centre, radius)

    def _place_badges(self, frame: MapFrame) -> None:
        """Off-map powers stand at the map's edge on the side their capital lies."""
        active = [bool(a) for a in frame.active]
        self.badges = place_badges(
            self.map, self.scenario, self.offshore, active, self.size, self.fonts
        )

    def _draw_badges(self, frame: MapFrame) -> None:
        highlighted = (self.selected, self.hovered)
        draw_badges(self._target, self.badges, frame, self.scenario, self.fonts, highlighted)
        for badge in self.badges:
            if badge.nation in self.crisis_marks:
                level, rungs = self.crisis_marks[badge.nation]
                draw_badge_outline(self._target, badge.rect, level, rungs, self.fonts.scale)
