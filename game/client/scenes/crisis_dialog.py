"""A crisis as the player meets it: the ladder with its current rung, where each side
stands and why, what the patrons do, the risks, and the player's moves with their price.

Everything shown comes from one `CrisisView` (game.client.crisis_bridge), the record the
map's marks, the turn summary and the History view read too. Choosing a move records it
in the coming turn's orders, as answering an event does; the turn cannot end until every
crisis that waits for the player has a move.
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import crisis_bridge, style
from game.client.intents import resolve
from game.client.scene import Scene
from game.crises.view import CrisisView

LADDER_SHARE = 0.4  # of the dialog's inner width: the ladder and the sides' stands


class CrisisDialog(Scene):
    overlay = True
    name = "crisis"

    def __init__(self, app, view, crises: list[CrisisView], start: int = 0) -> None:
        super().__init__(app)
        self.view = view  # the main view: it keeps the orders of the coming turn
        self.crises = list(crises)
        self.position = max(0, min(start, len(self.crises) - 1))
        self.highlight: int | None = None
        self.move_buttons: list[pygame_gui.elements.UIButton] = []
        self.later_button: pygame_gui.elements.UIButton | None = None
        self.next_button: pygame_gui.elements.UIButton | None = None
        self.drawn: list[pygame.Rect] = []  # every text drawn last frame (tests check they fit)

    @property
    def current(self) -> CrisisView:
        return self.crises[self.position]

    # --- measuring ----------------------------------------------------------------------

    def _line(self, size: float) -> int:
        return int(self.fonts.font(size).get_linesize() * 1.2)

    def _wrap(self, text: str, size: float, width: int, most: int) -> list[str]:
        """`text` wrapped to `width`, at most `most` lines (the last cut with '…')."""
        lines = self.fonts.wrap(text, size, width) if text else []
        if len(lines) > most:
            lines = lines[:most]
            last = lines[-1]
            while last and self.fonts.font(size).size(last + " …")[0] > width:
                last = last[: last.rfind(" ")] if " " in last else last[:-1]
            lines[-1] = last.rstrip(",.;: ") + " …"
        return lines

    def _layout(self) -> None:
        """Measure the text so the dialog is as tall as its content, trimming the reasons
        and the moves' words to fit a small window."""
        w, h = self.size
        width = min(self.u(1000), int(w * 0.88))
        self.pad = self.u(28)
        inner = width - 2 * self.pad
        self.left_w = int(inner * LADDER_SHARE)
        self.gap = self.u(24)
        self.right_w = inner - self.left_w - self.gap
        for most in range(3, 0, -1):
            self._measure(inner, most)
            if self.height <= h - self.u(30):
                break
        self.box = pygame.Rect(0, 0, width, min(self.height, h - self.u(16)))
        self.box.center = (w // 2, h // 2)

    def _measure(self, inner: int, most: int) -> None:
        crisis = self.current
        self.stakes = self._wrap(crisis.text, 14, inner, most + 1)
        session = self.view.session
        viewer = session.scenario.nation_ids[session.player] if session.player >= 0 else None
        self.sides: list[tuple[str, list[str]]] = []
        for party in crisis.parties:
            self.sides.append(
                (
                    crisis_bridge.party_line(party, viewer),
                    self._wrap(party.reason, 12, self.left_w - self.u(12), most),
                )
            )
        self.patron_rows: list[tuple[str, list[str]]] = [
            (
                crisis_bridge.patron_line(crisis, patron),
                self._wrap(patron.reason, 12, self.left_w - self.u(12), max(1, most - 1)),
            )
            for patron in crisis.patrons
        ]
        self.move_blocks: list[list[tuple[str, tuple]]] = []
        for move in crisis.moves:
            block = []
            width = self.right_w - self.u(16)
            words = [f"Cost: {move.cost_text}"] if move.cost_text else []
            words += [f"Risk: {move.risk_text}"] if move.risk_text else []
            if most == 1:
                words = ["  ·  ".join(words)] if words else []
            for text in words:
                block += [(line, style.INK_DIM) for line in self._wrap(text, 12, width, most)]
            if move.advice:
                advice = self._wrap(f"Advisers: {move.advice}", 12, width, max(1, most - 1))
                block += [(line, style.GOLD) for line in advice]
            self.move_blocks.append(block)
        l12 = self._line(12)
        l13 = self._line(13)
        head = self.u(24) + self.u(30) + self.u(24) + self.u(14)
        head += len(self.stakes) * self._line(14) + self.u(12)
        rung = self.u(24)
        left = self.u(22) + len(crisis.ladder) * rung + self.u(10) + 2 * l12 + self.u(12)
        left += self.u(22) + sum(l13 + len(r) * l12 + self.u(4) for _, r in self.sides)
        if self.patron_rows:
            left += self.u(22) + sum(l13 + len(r) * l12 + self.u(4) for _, r in self.patron_rows)
        right = self.u(22)
        if crisis.moves:
            right += sum(
                self.u(34) + self.u(4) + len(b) * l12 + self.u(10) for b in self.move_blocks
            )
        else:
            right += 3 * l13
        foot = self.u(16) + self.u(38) + self.u(22)
        self.columns_h = max(left, right)
        self.height = self.u(22) + head + self.columns_h + foot

    # --- widgets ------------------------------------------------------------------------

    def build(self) -> None:
        self._layout()
        box = self.box
        self.move_buttons = []
        chosen = self.view.orders.crisis_moves.get(self.current.crisis_id)
        session = self.view.session
        viewer = session.scenario.nation_ids[session.player] if session.player >= 0 else None
        self.history = crisis_bridge.history_move(session.scenario, self.current, viewer)
        x = self._right_x()
        y = self._columns_top() + self.u(22)
        l12 = self._line(12)
        for k, move in enumerate(self.current.moves):
            button = self.button(
                pygame.Rect(x, y, self.right_w, self.u(34)),
                f"{k + 1}.  {move.label}"
                + ("   (history's choice)" if move.move == self.history else ""),
                "Choose this move (or press its number). It is played when the turn ends."
                + (" History made this move." if move.move == self.history else ""),
                object_id="#chosen_option" if move.move == chosen else "#option_button",
            )
            self.move_buttons.append(button)
            y += self.u(34) + self.u(4) + len(self.move_blocks[k]) * l12 + self.u(10)
        bottom = box.bottom - self.u(22) - self.u(38)
        self.later_button = self.button(
            pygame.Rect(box.right - self.pad - self.u(170), bottom, self.u(170), self.u(38)),
            "Decide later" if self.current.moves else "Close",
            "Close this and look at the map first (Esc)."
            + (" The turn cannot end until you choose a move." if self.current.moves else ""),
        )
        self.next_button = None
        if len(self.crises) > 1:
            self.next_button = self.button(
                pygame.Rect(box.x + self.pad, bottom, self.u(170), self.u(38)),
                "Next crisis",
                "The next crisis on the list (Tab).",
            )

    def _columns_top(self) -> int:
        y = self.box.y + self.u(22) + self.u(24) + self.u(30) + self.u(24) + self.u(14)
        return y + len(self.stakes) * self._line(14) + self.u(12)

    def _right_x(self) -> int:
        return self.box.x + self.pad + self.left_w + self.gap

    # --- drawing ------------------------------------------------------------------------

    def _text(self, surface, text, pos, size, colour, bold=False, anchor="topleft", tip=None):
        rect = self.text(surface, text, pos, size, colour, bold=bold, anchor=anchor)
        self.drawn.append(rect)
        if tip and self.tips is not None:
            self.tips.add(rect, tip)
        return rect

    def _fitted(self, surface, text, pos, size, width, colour, bold=False) -> pygame.Rect:
        image = self.fonts.fitted(text, size, width, colour, bold=bold)
        if image is None:
            return pygame.Rect(pos, (0, 0))
        rect = surface.blit(image, pos)
        self.drawn.append(rect)
        return rect

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.drawn = []
        if self.tips is not None:
            self.tips.zones = []
        box = self.box
        self.dialog_box(surface, box)
        crisis = self.current
        x = box.x + self.pad
        right = box.right - self.pad
        inner = right - x
        y = box.y + self.u(22)
        status = crisis_bridge.outcome_text(crisis)
        stage = f"ROUND {crisis.round}" if crisis.round else "JUST OPENED"
        head = f"CRISIS · {crisis.opened_year} · {stage}"
        if not crisis.ongoing:
            head += f" · {status.upper()}"
        self._fitted(surface, head, (x, y), 12, inner - self.u(80), style.GOLD, bold=True)
        if len(self.crises) > 1:
            self._text(
                surface,
                f"{self.position + 1} of {len(self.crises)}",
                (right, y),
                12,
                style.INK_DIM,
                bold=True,
                anchor="topright",
            )
        y += self.u(24)
        self._fitted(surface, crisis.title, (x, y), 22, inner, style.INK, bold=True)
        y += self.u(30)
        names = " against ".join(party.name for party in crisis.parties)
        level = crisis_bridge.level_name(crisis)
        where = f"now at {level}" if crisis.ongoing else f"over at {level}: {status}"
        self._fitted(surface, f"{names}  ·  {where}", (x, y), 13, inner, style.INK_DIM)
        y += self.u(24)
        pygame.draw.line(surface, style.PANEL_EDGE, (x, y), (right, y))
        y += self.u(14)
        for line in self.stakes:
            self._text(surface, line, (x, y), 14, style.INK)
            y += self._line(14)
        top = self._columns_top()
        self._draw_left(surface, x, top)
        self._draw_right(surface, self._right_x(), top)

    def _heading(self, surface, text: str, x: int, y: int) -> int:
        self._text(surface, text, (x, y), 11, style.GOLD, bold=True)
        return y + self.u(22)

    def _draw_left(self, surface: pygame.Surface, x: int, y: int) -> None:
        """The ladder, top rung first, the current one lit; the risks; each side's stand."""
        crisis = self.current
        width = self.left_w
        l12 = self._line(12)
        l13 = self._line(13)
        y = self._heading(surface, "THE LADDER", x, y)
        rungs = len(crisis.ladder)
        rung_h = self.u(24)
        marker_w = self.u(16)
        self.rung_rects: list[pygame.Rect] = []
        for k in range(rungs - 1, -1, -1):
            rung = crisis.ladder[k]
            rect = pygame.Rect(x + marker_w, y, width - marker_w, rung_h - self.u(3))
            colour = crisis_bridge.level_colour(k, rungs)
            here = k == crisis.level
            passed = k < crisis.level
            fill = colour if here else (style.darker(colour, 0.45) if passed else style.PANEL_LIGHT)
            pygame.draw.rect(surface, fill, rect, border_radius=self.u(4))
            pygame.draw.rect(surface, colour, rect, width=1, border_radius=self.u(4))
            ink = style.BACKDROP if here else (style.INK if passed else style.INK_DIM)
            # The top rung has nothing above it to reach by accident.
            risk = f"accident {crisis_bridge.percent(rung.accident_risk)}" if k < rungs - 1 else ""
            risk_rect = self._text(
                surface,
                risk,
                (rect.right - self.u(8), rect.centery),
                11,
                ink,
                anchor="midright",
            )
            self._fitted(
                surface,
                f"{k + 1}. {rung.name}",
                (rect.x + self.u(8), rect.y + self.u(3)),
                12.5,
                risk_rect.x - rect.x - self.u(16),
                ink,
                bold=here,
            )
            tip = f"<b>{rung.name}</b><br>{rung.cost_text}" if rung.cost_text else ""
            if k < rungs - 1:
                tip += (
                    f"<br>Accident: the chance each round that {crisis.ladder[k + 1].name} "
                    "comes unbidden while both sides hold at this rung."
                )
            if tip and self.tips is not None:
                self.tips.add(rect, tip)
            if here:
                cy = rect.centery
                pygame.draw.polygon(
                    surface,
                    colour,
                    [(x, cy - self.u(6)), (x + self.u(10), cy), (x, cy + self.u(6))],
                )
            self.rung_rects.append(rect)
            y += rung_h
        y += self.u(10)
        if crisis.ongoing:
            figures = (
                f"Next rung if both sides hold: {crisis_bridge.percent(crisis.risk_next)}",
                f"Chance it ends in war, as things stand: {crisis_bridge.percent(crisis.risk_war)}",
            )
        else:
            figures = (f"Outcome: {crisis_bridge.outcome_text(crisis)}", "")
        for text in figures:
            if text:
                self._fitted(surface, text, (x, y), 12, width, style.INK)
            y += l12
        y += self.u(12)
        y = self._heading(surface, "WHERE EACH SIDE STANDS", x, y)
        for (line, reasons), party in zip(self.sides, crisis.parties, strict=True):
            tip = f"Backing down would cost {party.name} {party.prestige_at_stake:.0f} prestige."
            rect = self._fitted(surface, line, (x, y), 13, width, style.INK, bold=True)
            if self.tips is not None:
                self.tips.add(rect, tip)
            y += l13
            for reason in reasons:
                self._text(surface, reason, (x + self.u(12), y), 12, style.INK_DIM)
                y += l12
            y += self.u(4)
        if self.patron_rows:
            y = self._heading(surface, "PATRONS", x, y)
            for line, reasons in self.patron_rows:
                self._fitted(surface, line, (x, y), 13, width, style.INK)
                y += l13
                for reason in reasons:
                    self._text(surface, reason, (x + self.u(12), y), 12, style.INK_DIM)
                    y += l12
                y += self.u(4)

    def _draw_right(self, surface: pygame.Surface, x: int, y: int) -> None:
        """The player's moves, each with its cost, its risk and the advisers' view."""
        crisis = self.current
        l12 = self._line(12)
        if not crisis.moves:
            y = self._heading(surface, "YOUR PART", x, y)
            role = {
                "party": "You are a party to this crisis",
                "patron": "You are a patron in this crisis",
            }.get(crisis.viewer_role, "Your nation has no seat in this crisis")
            if not crisis.ongoing:
                role += f". It is over: {crisis_bridge.outcome_text(crisis)}."
            elif crisis.viewer_role:
                role += "; nothing waits for your decision now."
            else:
                role += "."
            for line in self._wrap(role, 13, self.right_w, 3):
                self._text(surface, line, (x, y), 13, style.INK_DIM)
                y += self._line(13)
            return
        heading = "YOUR MOVE" if crisis.viewer_role != "patron" else "YOUR STANCE"
        self._heading(surface, heading, x, y)
        for k, block in enumerate(self.move_blocks):
            button = self.move_buttons[k] if k < len(self.move_buttons) else None
            if button is None:
                break
            by = button.rect.bottom + self.u(4)
            for text, colour in block:
                self._text(surface, text, (x + self.u(16), by), 12, colour)
                by += l12
            if self.highlight == k:
                self.focus_ring(surface, button.rect)

    # --- input --------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.later_button:
                self.back()
                return True
            if event.ui_element is self.next_button:
                self.turn_to(self.position + 1)
                return True
            for k, button in enumerate(self.move_buttons):
                if event.ui_element is button:
                    self.choose(k)
                    return True
        intent = resolve(event, self.name)
        if intent is None:
            return False
        count = len(self.current.moves)
        if intent.name == "choose_option" and intent.index < count:
            self.choose(intent.index)
            return True
        if intent.name == "next_crisis":
            self.turn_to(self.position + 1)
            return True
        if intent.name in ("highlight_next", "highlight_previous") and count:
            step = 1 if intent.name == "highlight_next" else -1
            self.highlight = 0 if self.highlight is None else (self.highlight + step) % count
            return True
        return False

    def confirm(self) -> None:
        if self.highlight is not None:
            self.choose(self.highlight)

    def turn_to(self, position: int) -> None:
        self.position = position % len(self.crises)
        self.highlight = None
        self.close()
        self.open()

    def choose(self, k: int) -> None:
        """Record the move and go on to the next crisis that waits, or close after the last."""
        crisis = self.current
        self.view.choose_move(crisis.crisis_id, crisis.moves[k].move)
        waiting = [
            n
            for n in range(self.position + 1, len(self.crises))
            if self.crises[n].moves
            and self.crises[n].crisis_id not in self.view.orders.crisis_moves
        ]
        if waiting:
            self.turn_to(waiting[0])
        else:
            self.app.pop()
