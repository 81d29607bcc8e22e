"""The turn summary: what the year brought and why the map changed."""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game.camps import capitalise
from game.client import crisis_bridge, diplomacy_bridge, style
from game.client.explain import option_effects
from game.client.scene import Scene
from game.client.session import Session
from game.client.text import html
from game.client.why import biggest_shifts, camp_changes, camp_label, lean_changes, relation_drivers
from game.engine import TurnReport
from game.state import ENDED, IN_FORCE


def summary_html(
    session: Session,
    index: int,
    report: TurnReport,
    taken: dict[str, int],
) -> str:
    """The summary of the turn that led to states[index], as pygame_gui HTML."""
    scenario = session.scenario
    names = [n.name for n in scenario.nations]
    before, after = session.states[index - 1], session.states[index]
    parts: list[str] = []

    def section(title: str, lines: list[str]) -> None:
        if lines:
            parts.append(
                f"<font color='{style.TEXT_ACCENT}'><b>{title.upper()}</b></font><br>"
                + "<br>".join(lines)
            )

    mine = []
    for event_id, option in taken.items():
        event = scenario.events[scenario.event_index[event_id]]
        chosen = event.options[option]
        effects = "; ".join(option_effects(chosen, scenario))
        mine.append(
            f"<b>{html(chosen.label)}</b> — {html(event.title)}<br><font color='{style.TEXT_DIM}'>{html(effects)}</font>"
        )
    mine += [
        f"<b>{html(label)}</b> — {html(title)} (crisis)"
        for title, label in crisis_orders(session, index)
    ]
    actions = session.actions_taken[index - 1] if index - 1 < len(session.actions_taken) else []
    mine += [f"<b>{html(a)}</b> (diplomatic action)" for a in actions]
    section("Your orders", mine)
    if report.rejected:
        section(
            "Orders that could not be carried out",
            [f"<font color='{style.TEXT_BAD}'>{html(r)}</font>" for r in report.rejected],
        )

    section("Crises", crisis_lines(session, index))

    others = []
    for e in np.flatnonzero(report.decided[0] >= 0):
        event = scenario.events[e]
        if event.id in taken:
            continue
        who = names[scenario.nation_index[event.nation]] if event.nation else "The world"
        others.append(
            f"{html(event.title)} — {html(who)}: <i>{html(event.options[int(report.decided[0, e])].label)}</i>"
        )
    section("Decisions of others", others)

    lines = diplomacy_bridge.turn_lines(after, report)
    ordered = sorted(lines, key=lambda item: not item[1])
    section(
        "Diplomacy",
        [(f"<b>{html(text)}</b>" if mine else html(text)) for text, mine in ordered[:10]]
        + ([f"<i>…and {len(ordered) - 10} more</i>"] if len(ordered) > 10 else []),
    )

    fired = []
    for e in np.flatnonzero(report.fired[0]):
        event = scenario.events[e]
        yours = event.nation is not None and scenario.nation_index[event.nation] == session.player
        fired.append(
            f"{html(event.title)}"
            + (f" — <font color='{style.TEXT_ACCENT}'>your decision next</font>" if yours else "")
        )
    section("New events", fired)

    world = [f"{html(names[i])} comes into being." for i in np.flatnonzero(report.emerged[0])]
    world += [f"{html(names[i])} ceases to exist." for i in np.flatnonzero(report.ended[0])]
    for k, treaty in enumerate(scenario.treaties):
        was, now = before.treaty_status[0, k], after.treaty_status[0, k]
        if was != IN_FORCE and now == IN_FORCE:
            world.append(f"The {html(treaty.name)} comes into force.")
        elif was == IN_FORCE and now == ENDED:
            world.append(f"The {html(treaty.name)} ends.")
        joined = np.flatnonzero(after.members[0, k] & ~before.members[0, k] & after.active[0])
        left = np.flatnonzero(before.members[0, k] & ~after.members[0, k] & after.active[0])
        world += [f"{html(names[i])} joins the {html(treaty.name)}." for i in joined]
        world += [f"{html(names[i])} leaves the {html(treaty.name)}." for i in left]
    wars = np.argwhere(np.triu(after.war[0] & ~before.war[0], 1))
    peace = np.argwhere(
        np.triu(
            before.war[0] & ~after.war[0] & after.active[0][:, None] & after.active[0][None, :], 1
        )
    )
    world += [
        f"<font color='{style.TEXT_ALARM}'>War between {html(names[a])} and {html(names[b])}.</font>"
        for a, b in wars
    ]
    world += [f"Peace between {html(names[a])} and {html(names[b])}." for a, b in peace]
    section("The world", world)

    camps_before, camps_after = session.camps(index - 1), session.camps(index)
    alignment = []
    if camps_before.leaders[1] != camps_after.leaders[1]:
        rival = camps_after.leaders[1]
        alignment.append(
            f"<b>{html(names[rival])} now leads the camp against {html(names[camps_after.leaders[0]])}.</b>"
            if rival is not None
            else f"<b>No power leads a camp against {html(names[camps_after.leaders[0]])} any more.</b>"
        )
    for nation, was, now in camp_changes(session, index):
        alignment.append(
            f"<b>{html(names[nation])}</b> moves from {html(camp_label(camps_before, was))} "
            f"to {html(camp_label(camps_after, now))}."
        )
    for nation, was, now in lean_changes(session, index)[:6]:
        alignment.append(
            f"{html(names[nation])}: alignment {style.signed(was * 100)} to {style.signed(now * 100)} "
            f"(<i>{html(capitalise(camps_after.status(nation)))}</i>)"
        )
    section("Alignment — why the colours changed", alignment)

    shifts = []
    for shift in biggest_shifts(session, index, count=5):
        drivers = relation_drivers(session, index, shift.a, shift.b)
        reasons = ", ".join(
            f"{html(reason)} {style.signed(points, 1)}" for reason, points in drivers[:4]
        )
        colour = style.TEXT_GOOD if shift.delta > 0 else style.TEXT_BAD
        shifts.append(
            f"{html(names[shift.a])} – {html(names[shift.b])}: {style.signed(shift.before)} to "
            f"<font color='{colour}'><b>{style.signed(shift.after)}</b></font><br>"
            f"<font color='{style.TEXT_DIM}'>   {reasons}</font>"
        )
    section("Relations that moved most", shifts)
    if not parts:
        parts.append("A quiet year: relations drifted a little, and no event fired.")
    return "<br><br>".join(parts)


def crisis_orders(session: Session, index: int) -> list[tuple[str, str]]:
    """(crisis title, move label) for each move the player ordered in the turn that led to
    states[index], named as the crisis dialog offered them."""
    orders = session.sim.orders
    turn = session.first_turn + index - 1
    moves = orders[turn].crisis_moves if 0 <= turn < len(orders) else {}
    out = []
    for view in session.crises(index - 1):
        if view.crisis_id in moves:
            move = moves[view.crisis_id]
            label = next((m.label for m in view.moves if m.move == move), move)
            out.append((view.title, label))
    return out


def crisis_lines(session: Session, index: int) -> list[str]:
    """The crises that opened, changed rung or ended in the turn that led to
    states[index], each with what its parties did (from the crisis records)."""
    before, after = session.crises(index - 1), session.crises(index)
    lines = [
        f"<font color='{style.TEXT_ALARM}'>{html(text)}</font>" if alarming else html(text)
        for text, alarming in crisis_bridge.changes(before, after)
    ]
    for view in after:
        moves = [crisis_bridge.party_line(party) for party in view.parties if party.last_move]
        if moves and view.round > 0:
            lines.append(
                f"<font color='{style.TEXT_DIM}'>{html(view.title)}: {html('; '.join(moves))}.</font>"
            )
    return lines


class TurnSummary(Scene):
    overlay = True
    name = "summary"

    def __init__(self, app, view, index: int, report: TurnReport, taken: dict[str, int]) -> None:
        super().__init__(app)
        self.view = view
        self.index = index
        self.report = report
        self.taken = taken

    def build(self) -> None:
        w, h = self.size
        width = min(self.u(820), int(w * 0.72))
        height = min(self.u(600), int(h * 0.86))
        self.box = pygame.Rect(0, 0, width, height)
        self.box.center = (w // 2, h // 2)
        inner = self.box.inflate(-self.u(56), -self.u(48))
        head = self.u(64)
        foot = self.u(56)
        self.body = pygame_gui.elements.UITextBox(
            summary_html(self.view.session, self.index, self.report, self.taken),
            pygame.Rect(inner.x, inner.y + head, inner.width, inner.height - head - foot),
            self.manager,
            container=self.root,
        )
        self.continue_button = self.button(
            pygame.Rect(
                inner.right - self.u(180), inner.bottom - self.u(42), self.u(180), self.u(42)
            ),
            "Continue",
            "Back to the map (Enter or Esc).",
            object_id="#primary",
        )
        self.history_button = self.button(
            pygame.Rect(inner.x, inner.bottom - self.u(42), self.u(160), self.u(42)),
            "History…",
            "Chart any relation across the years.",
        )

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        box = self.box
        self.dialog_box(surface, box)
        session = self.view.session
        x = box.x + self.u(28)
        y = box.y + self.u(24)
        played = session.year_of(self.index - 1)
        self.text(surface, "TURN SUMMARY", (x, y), 12, style.GOLD, bold=True)
        self.text(
            surface,
            f"{played}: what happened, and why the map changed",
            (x, y + self.u(22)),
            21,
            style.INK,
            bold=True,
        )

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.continue_button:
                self.confirm()
                return True
            if event.ui_element is self.history_button:
                self.app.pop()
                self.app.push(
                    "history",
                    session=self.view.session,
                    first=self.view.selected,
                    then=self.view.after_summary,
                )
                return True
        return False

    def back(self) -> None:
        self.confirm()

    def confirm(self) -> None:
        self.app.pop()
        self.view.after_summary()
