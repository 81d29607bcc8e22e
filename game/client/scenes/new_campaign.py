"""New campaign: pick a scenario from `scenarios/`, then the nation you will lead."""

from __future__ import annotations

import random
from pathlib import Path

import pygame
import pygame_gui

from game.client import style
from game.client.catalogue import load_entry, scenario_entries
from game.client.scene import Scene
from game.client.session import Session
from game.client.text import html
from game.client.theme import heading_size

POLICIES = {
    "As in history": "historical",
    "By their own interests": "ai",
    "By chance": "random",
}


class NewCampaignScene(Scene):
    name = "new_campaign"

    def __init__(self, app, preselect: Path | None = None, seed: int | None = None) -> None:
        super().__init__(app)
        self.entries = [
            entry for folder in app.scenario_folders for entry in scenario_entries(folder)
        ]
        if preselect is not None:
            preselect = Path(preselect).resolve()
            if not any(e.path.resolve() == preselect for e in self.entries):
                self.entries.insert(0, load_entry(preselect))
        usable = [k for k, e in enumerate(self.entries) if e.scenario is not None]
        self.current = usable[0] if usable else 0
        if preselect is not None:
            self.current = next(
                k for k, e in enumerate(self.entries) if e.path.resolve() == preselect
            )
        self.nation: str | None = None
        self.seed = seed
        self.policy = "historical"
        self.nation_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self._pick_default_nation()

    def _pick_default_nation(self) -> None:
        scenario = self.entries[self.current].scenario if self.entries else None
        if scenario is None:
            self.nation = None
            return
        playable = list(scenario.playable) or list(scenario.nation_ids)
        self.nation = (
            scenario.default_player if scenario.default_player in playable else playable[0]
        )

    # --- layout -----------------------------------------------------------------

    def _rects(self) -> dict[str, pygame.Rect]:
        w, h = self.size
        margin = self.u(40)
        top = self.u(110)
        bottom = h - self.u(84)
        gap = self.u(18)
        col1 = int((w - 2 * margin - 2 * gap) * 0.28)
        col3 = int((w - 2 * margin - 2 * gap) * 0.32)
        col2 = w - 2 * margin - 2 * gap - col1 - col3
        return {
            "scenarios": pygame.Rect(margin, top, col1, bottom - top),
            "about": pygame.Rect(margin + col1 + gap, top, col2, bottom - top),
            "nations": pygame.Rect(margin + col1 + col2 + 2 * gap, top, col3, bottom - top),
        }

    def build(self) -> None:
        self.rects = self._rects()
        inner = self.rects["scenarios"].inflate(-self.u(28), -self.u(24))
        head = self.u(30)
        self.scenario_list = pygame_gui.elements.UISelectionList(
            pygame.Rect(inner.x, inner.y + head, inner.width, inner.height - head),
            [e.title for e in self.entries],
            self.manager,
            container=self.root,
            default_selection=self.entries[self.current].title if self.entries else None,
        )
        about = self.rects["about"].inflate(-self.u(28), -self.u(24))
        self.about_box = pygame_gui.elements.UITextBox(
            self._about_html(),
            pygame.Rect(about.x, about.y + head, about.width, about.height - head),
            self.manager,
            container=self.root,
            object_id="#plain_text",
        )
        self._build_nations()
        w, h = self.size
        y = h - self.u(64)
        bh = self.u(44)
        self.back_button = self.button(
            pygame.Rect(self.u(40), y, self.u(130), bh), "Back", "Back to the title menu (Esc)."
        )
        self.start_button = self.button(
            pygame.Rect(w - self.u(40) - self.u(220), y, self.u(220), bh),
            "Start campaign",
            "Begin in the scenario's first year as the chosen nation (Enter).",
            object_id="#primary",
        )
        label_w = self.u(190)
        policy_x = self.start_button.rect.left - self.u(24) - self.u(230)
        pygame_gui.elements.UILabel(
            pygame.Rect(policy_x - label_w, y, label_w, bh),
            "Other nations decide:",
            self.manager,
            container=self.root,
            object_id="#dim_label",
        )
        self.policy_menu = pygame_gui.elements.UIDropDownMenu(
            list(POLICIES),
            next(k for k, v in POLICIES.items() if v == self.policy),
            pygame.Rect(policy_x, y, self.u(230), bh),
            self.manager,
            container=self.root,
            expand_on_option_click=True,
            object_id="#policy_menu",  # the theme opens it upward: it sits at the bottom
        )
        self.policy_menu.set_tooltip(
            "How every nation you do not lead answers its events: as history did, by weighing its own interests, or at random."
        )
        self._sync()

    def _build_nations(self) -> None:
        for button in self.nation_buttons.values():
            button.kill()
        self.nation_buttons = {}
        if getattr(self, "brief_box", None) is not None:
            self.brief_box.kill()
        rect = self.rects["nations"].inflate(-self.u(28), -self.u(24))
        y = rect.y + self.u(30)
        scenario = self.entries[self.current].scenario if self.entries else None
        bh = self.u(36)
        if scenario is not None:
            playable = [n for n in scenario.nations if n.playable] or list(scenario.nations)
            for nation in playable:
                button = self.button(
                    pygame.Rect(rect.x + self.u(26), y, rect.width - self.u(26), bh),
                    nation.name,
                    nation.brief or nation.name,
                    object_id="#nation_button",
                )
                self.nation_buttons[nation.id] = button
                y += bh + self.u(6)
        self.brief_box = pygame_gui.elements.UITextBox(
            self._brief_html(),
            pygame.Rect(
                rect.x, y + self.u(8), rect.width, max(self.u(40), rect.bottom - y - self.u(8))
            ),
            self.manager,
            container=self.root,
            object_id="#plain_text",
        )

    def _sync(self) -> None:
        for nation_id, button in self.nation_buttons.items():
            button.select() if nation_id == self.nation else button.unselect()
        usable = (
            self.entries
            and self.entries[self.current].scenario is not None
            and self.nation is not None
        )
        self.start_button.enable() if usable else self.start_button.disable()

    def _about_html(self) -> str:
        if not self.entries:
            return "No scenario files were found in the scenarios folder."
        entry = self.entries[self.current]
        if entry.scenario is None:
            return f"<font color='{style.TEXT_BAD}'><b>This scenario cannot be loaded.</b></font><br><br>{html(entry.problem or '')}<br><br>Check it with: python main.py validate {html(str(entry.path.name))}"
        s = entry.scenario
        eras = "".join(f"<br>• {html(e.name)} ({e.start}–{e.end - 1})" for e in s.eras)
        nations = ", ".join(n.name for n in s.nations)
        return (
            f"<font pixel_size={heading_size(self.app.scale)}><b>{html(s.name)}</b></font><br>"
            f"<font color='{style.TEXT_DIM}'>{s.start_year}–{s.end_year} · {s.turns} turns of {s.months_per_turn} months · {len(s.events)} events</font><br><br>"
            f"{html(s.description)}<br><br><b>Nations</b><br>{html(nations)}<br><br><b>Eras</b>{eras}"
        )

    def _brief_html(self) -> str:
        entry = self.entries[self.current] if self.entries else None
        if entry is None or entry.scenario is None or self.nation is None:
            return ""
        nation = entry.scenario.nations[entry.scenario.nation_index[self.nation]]
        return f"<b>{html(nation.name)}</b><br>{html(nation.brief or 'No brief for this nation.')}"

    # --- drawing ----------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKDROP)
        self.text(surface, "NEW CAMPAIGN", (self.u(40), self.u(34)), 30, style.GOLD, bold=True)
        self.text(
            surface,
            "Choose a scenario and the nation you will lead.",
            (self.u(42), self.u(76)),
            14,
            style.INK_DIM,
        )
        self.panel(surface, self.rects["scenarios"], "Scenario")
        self.panel(surface, self.rects["about"], "About")
        self.panel(surface, self.rects["nations"], "Your nation")
        entry = self.entries[self.current] if self.entries else None
        if entry is not None and entry.scenario is not None:
            for nation_id, button in self.nation_buttons.items():
                nation = entry.scenario.nations[entry.scenario.nation_index[nation_id]]
                swatch = pygame.Rect(0, 0, self.u(16), self.u(16))
                swatch.midleft = (self.rects["nations"].x + self.u(14), button.rect.centery)
                pygame.draw.rect(surface, nation.color, swatch, border_radius=self.u(3))
                if nation_id == self.nation:
                    pygame.draw.rect(
                        surface,
                        style.GOLD,
                        swatch.inflate(self.u(4), self.u(4)),
                        width=max(1, self.u(1)),
                        border_radius=self.u(4),
                    )

    # --- input ------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION
            and event.ui_element is self.scenario_list
        ):
            titles = [e.title for e in self.entries]
            if event.text in titles:
                self.current = titles.index(event.text)
                self._pick_default_nation()
                self.about_box.set_text(self._about_html())
                self._build_nations()
                self._sync()
            return True
        if (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and event.ui_element is self.policy_menu
        ):
            self.policy = POLICIES.get(event.text, "historical")
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back_button:
                self.back()
                return True
            if event.ui_element is self.start_button:
                self.confirm()
                return True
            for nation_id, button in self.nation_buttons.items():
                if event.ui_element is button:
                    self.nation = nation_id
                    self.brief_box.set_text(self._brief_html())
                    self._sync()
                    return True
        return False

    def confirm(self) -> None:
        entry = self.entries[self.current] if self.entries else None
        if entry is None or entry.scenario is None or self.nation is None:
            return
        seed = self.seed if self.seed is not None else random.randrange(2**31)
        session = Session.new(entry.scenario, self.nation, seed=seed, policy=self.policy)
        self.app.start_session(session)
        if not self.app.settings.tour_done:
            self.app.start_tour()  # a first game: show the ropes
