"""An event waiting for the player's decision, with every option's effects spelled out."""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import style
from game.client.explain import effect_lines, event_parties, event_text, history_took
from game.client.intents import resolve
from game.client.scene import Scene
from game.client.session import PendingEvent


def cost_first(text: str, player: str | None) -> tuple[bool, bool]:
    """Sort key for effect lines: the player's own losses first, then the rest of what
    concerns the player, then the others."""
    mine = player is not None and player in text
    return (not (mine and "−" in text), not mine)


class EventDialog(Scene):
    overlay = True
    name = "event"

    def __init__(self, app, view, pending: list[PendingEvent]) -> None:
        super().__init__(app)
        self.view = view
        self.pending = pending
        self.position = 0
        self.highlight: int | None = None
        self.option_buttons: list[pygame_gui.elements.UIButton] = []
        self.later_button: pygame_gui.elements.UIButton | None = None

    @property
    def current(self) -> PendingEvent:
        return self.pending[self.position]

    def _layout(self) -> None:
        """Measure the text so the dialog is as tall as its content."""
        w, h = self.size
        width = min(self.u(820), int(w * 0.76))
        inner_w = width - 2 * self.u(32)
        event = self.current.event
        scenario = self.view.session.scenario
        self.body = event_text(event, self.view.session.state)
        self.text_lines = self.fonts.wrap(self.body, 15, inner_w)
        self.note_lines: list[str] = []  # the author's source note goes into the title's tooltip
        self.option_blocks = []
        self.option_effects: list[list[tuple[str, str]]] = []
        for option in event.options:
            lines = []
            if option.explain:
                lines += [
                    (line, style.INK, None)
                    for line in self.fonts.wrap(option.explain, 13, inner_w - self.u(16))
                ]
            player = (
                scenario.nations[self.view.session.player].name
                if self.view.session.player >= 0
                else None
            )
            effects = sorted(effect_lines(option, scenario), key=lambda e: cost_first(e[0], player))
            self.option_effects.append(effects)
            for effect, tip in effects:
                wrapped = self.fonts.wrap(effect, 12.5, inner_w - self.u(30))
                lines += [
                    (("•  " if k == 0 else "    ") + line, style.INK_DIM, tip)
                    for k, line in enumerate(wrapped)
                ]
            self.option_blocks.append(lines)
        line15 = self.fonts.font(15).get_linesize()
        line13 = self.fonts.font(13).get_linesize()
        fixed = self.u(32) + self.u(20) + self.u(40) + self.u(26) + self.u(12)
        fixed += (
            len(self.text_lines) * int(line15 * 1.3)
            + len(self.note_lines) * int(line13 * 1.25)
            + self.u(18)
        )
        fixed += self.u(26) + self.u(48) + self.u(24)
        fixed += len(self.option_blocks) * (self.u(40) + self.u(6) + self.u(14))
        self._fit_blocks((h - self.u(40) - fixed) // int(line13 * 1.2), inner_w)
        height = fixed + sum(len(block) for block in self.option_blocks) * int(line13 * 1.2)
        self.box = pygame.Rect(0, 0, width, height)
        self.box.center = (w // 2, h // 2)

    def _fit_blocks(self, lines: int, inner_w: int) -> None:
        """When one effect a line does not fit the window, each option's effects run on
        as one paragraph ("a · b · c"): every effect stays in view, costs first."""
        total = sum(len(block) for block in self.option_blocks)
        if total <= lines:
            return
        for k, effects in enumerate(self.option_effects):
            block = [entry for entry in self.option_blocks[k] if entry[1] == style.INK]
            paragraph = "  ·  ".join(text for text, _ in effects)
            tip = "<br>".join(tip for _, tip in effects if tip)
            block += [
                (("•  " if n == 0 else "    ") + line, style.INK_DIM, tip)
                for n, line in enumerate(self.fonts.wrap(paragraph, 12.5, inner_w - self.u(30)))
            ]
            self.option_blocks[k] = block

    def build(self) -> None:
        self._layout()
        self.option_buttons = []
        box = self.box
        x = box.x + self.u(32)
        width = box.width - 2 * self.u(32)
        y = self._options_top()
        line13 = int(self.fonts.font(13).get_linesize() * 1.2)
        chosen = self.view.orders.choices.get(self.current.event.id)
        for k, option in enumerate(self.current.event.options):
            label = f"{k + 1}.  {option.label}"
            button = self.button(
                pygame.Rect(x, y, width, self.u(40)),
                label,
                "Choose this option (or press its number)."
                + (" History took this path." if history_took(self.current.event, k) else ""),
                object_id="#chosen_option" if k == chosen else "#option_button",
            )
            self.option_buttons.append(button)
            y += self.u(40) + self.u(6) + len(self.option_blocks[k]) * line13 + self.u(14)
        self.later_button = self.button(
            pygame.Rect(
                box.right - self.u(32) - self.u(170),
                box.bottom - self.u(24) - self.u(40),
                self.u(170),
                self.u(40),
            ),
            "Decide later",
            "Close this and look at the map first (Esc). The turn cannot end until you decide.",
        )
        self.encyclopedia_button = self.button(
            pygame.Rect(
                box.x + self.u(32),
                box.bottom - self.u(24) - self.u(40),
                self.u(190),
                self.u(40),
            ),
            "In the encyclopedia",
            "This event's sources and notes, and every other event, treaty and nation (E).",
        )

    def _options_top(self) -> int:
        line15 = int(self.fonts.font(15).get_linesize() * 1.3)
        line13 = int(self.fonts.font(13).get_linesize() * 1.25)
        y = self.box.y + self.u(32) + self.u(20) + self.u(40) + self.u(26) + self.u(12)
        y += len(self.text_lines) * line15 + len(self.note_lines) * line13 + self.u(18) + self.u(26)
        return y

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        box = self.box
        self.dialog_box(surface, box)
        session = self.view.session
        event = self.current.event
        x = box.x + self.u(32)
        right = box.right - self.u(32)
        y = box.y + self.u(28)
        year = session.fired_year(event.id)
        self.text(surface, f"EVENT · {year}", (x, y), 12, style.GOLD, bold=True)
        if len(self.pending) > 1:
            self.text(
                surface,
                f"{self.position + 1} of {len(self.pending)}",
                (right, y),
                12,
                style.INK_DIM,
                bold=True,
                anchor="topright",
            )
        y += self.u(20)
        title = self.text(surface, event.title, (x, y), 24, style.INK, bold=True)
        self.tips.zones = []
        if event.note:
            self.tips.add(title, f"<i>Historical note:</i> {event.note}")
        y += self.u(40)
        parties = event_parties(event, session.scenario)
        self.text(surface, "  ·  ".join(parties), (x, y), 13, style.INK_DIM)
        y += self.u(26)
        pygame.draw.line(surface, style.PANEL_EDGE, (x, y), (right, y))
        y += self.u(12)
        line15 = int(self.fonts.font(15).get_linesize() * 1.3)
        for line in self.text_lines:
            surface.blit(self.fonts.text(line, 15, style.INK), (x, y))
            y += line15
        line13n = int(self.fonts.font(13).get_linesize() * 1.25)
        for line in self.note_lines:
            surface.blit(self.fonts.text(line, 13, style.INK_FAINT), (x, y))
            y += line13n
        y += self.u(18)
        self.text(surface, "YOUR DECISION", (x, y), 11, style.GOLD, bold=True)
        y += self.u(26)
        line13 = int(self.fonts.font(13).get_linesize() * 1.2)
        for k in range(len(event.options)):
            button = self.option_buttons[k] if k < len(self.option_buttons) else None
            tags = []
            if history_took(event, k):
                tags.append("history's choice")
            if k == self.current.proposed and not history_took(event, k):
                tags.append("your advisers' advice")
            if tags and button is not None:
                tag = self.fonts.text(" · ".join(tags).upper(), 10, style.GOLD, bold=True)
                surface.blit(tag, tag.get_rect(bottomright=(right, button.rect.top - self.u(2))))
            y += self.u(40) + self.u(6)
            for text, colour, tip in self.option_blocks[k]:
                drawn = self.text(
                    surface, text, (x + self.u(16), y), 13 if colour == style.INK else 12.5, colour
                )
                if tip:
                    self.tips.add(drawn, tip)
                y += line13
            y += self.u(14)
            if self.highlight == k and button is not None:
                self.focus_ring(surface, button.rect)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.later_button:
                self.back()
                return True
            if event.ui_element is self.encyclopedia_button:
                self.open_encyclopedia()
                return True
            for k, button in enumerate(self.option_buttons):
                if event.ui_element is button:
                    self.choose(k)
                    return True
        intent = resolve(event, self.name)
        if intent is not None:
            count = len(self.current.event.options)
            if intent.name == "choose_option" and intent.index < count:
                self.choose(intent.index)
                return True
            if intent.name == "encyclopedia":
                self.open_encyclopedia()
                return True
            if intent.name in ("highlight_next", "highlight_previous"):
                step = 1 if intent.name == "highlight_next" else -1
                self.highlight = (
                    (step if self.highlight is None else self.highlight + step) % count
                    if self.highlight is not None
                    else 0
                )
                return True
        return False

    def open_encyclopedia(self) -> None:
        self.app.push(
            "encyclopedia", scenario=self.view.session.scenario, focus=self.current.event.id
        )

    def confirm(self) -> None:
        if self.highlight is not None:
            self.choose(self.highlight)

    def choose(self, option: int) -> None:
        """Record the answer and move to the next event; after the last, close and let
        the main view ask for what else waits (the crises)."""
        self.view.choose(self.current.event.id, option)
        if self.position + 1 < len(self.pending):
            self.position += 1
            self.highlight = None
            self.close()
            self.open()
        else:
            self.app.pop()
            self.view.open_events()
