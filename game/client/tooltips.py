"""The main view's tooltip texts, built from the session alone (no pygame, no widgets).

Every hover text of the top bar, the nation panel, the map and the timeline is a function
here of the campaign and what is looked at, so the words can be tested without a window
and the panels only decide where a tooltip sits. The texts are pygame_gui HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from game.camps import CampView
from game.client import crisis_bridge, palette
from game.client.explain import stat_tooltip
from game.client.session import Session
from game.client.text import html, signed
from game.client.why import relation_drivers
from game.scenario import STAT_INDEX, EraDef, Scenario
from game.state import IN_FORCE, State

ALIGNMENT_SPACE = (
    "<b>Alignment space</b>: each dot is a nation placed by its relations with all others "
    "(friends close, enemies far apart); the trail shows the last 25 turns."
)
CAPITAL = (
    "Diplomatic capital comes each turn with your power and stability; each action costs "
    "some. Ordered actions happen when you end the turn."
)


def year_tip(session: Session, index: int, year: int, viewing: bool) -> str:
    """The big year of the top bar: which turn of how many, and the campaign's span."""
    scenario = session.scenario
    return (
        f"<b>{year}</b>: turn {session.turn_number(index)} of {scenario.turns}. One turn is "
        f"{scenario.months_per_turn} months; the campaign runs "
        f"{scenario.start_year}–{scenario.end_year}."
        + (
            " You are looking at the past: the present is "
            + str(session.year_of(session.last))
            + "."
            if viewing
            else ""
        )
    )


def era_tip(era: EraDef) -> str:
    return f"<b>{html(era.name)}</b> ({era.start}–{era.end - 1})" + (
        f"<br>{html(era.text)}" if era.text else ""
    )


def turn_tip(session: Session, index: int) -> str:
    scenario = session.scenario
    remain = scenario.turns - session.first_turn - index  # 0 once the last turn is played
    return (
        f"Turn {session.turn_number(index)} of {scenario.turns}: {remain} turns remain, "
        f"each {scenario.months_per_turn} months."
    )


def camp_tip(camps: CampView, nation: int, scenario: Scenario) -> str:
    """Why a nation stands where it does: its affinity to each camp, from its relations."""
    names = [n.name for n in scenario.nations]
    lean = float(camps.lean[nation])
    lines = [
        f"<b>Alignment {signed(lean * 100)}</b>: {html(camps.status(nation))}.",
        "From −100 (wholly with the second camp) to +100 (wholly with the first): half the "
        "difference between the nation's affinity to the two camps. Affinity to a camp is "
        "60% its relation with the camp's leader and 40% its average relation with the "
        "camp's other members.",
    ]
    for k, camp in enumerate(camps.camps):
        leader = camps.leaders[k]
        lines.append(
            f"Affinity to {html(camps.camp_name(camp))}: {signed(camps.affinity[nation, k])}"
            + (
                f" (relation with {html(names[leader])} {signed(camps.to_leaders[nation, k])})"
                if leader is not None and leader != nation
                else ""
            )
        )
    lines.append(
        "A nation joins a camp at ±20 and leaves it below ±10, so a one-year wobble does "
        "not move it; each camp's leader is always in its own camp."
    )
    return "<br>".join(lines)


def lean_tip(session: Session, index: int, nation: int) -> str:
    """The alignment bar's words: the camp tooltip and how the lean moved last turn."""
    camps = session.camps(index)
    lean = float(camps.lean[nation])
    tip = camp_tip(camps, nation, session.scenario)
    if index > 0:
        before = float(session.lean(index - 1)[nation])
        tip += f"<br>Last turn: {signed(before * 100)} to {signed(lean * 100)}."
    return tip


def stat_tip(stat: str, stats: np.ndarray, previous: np.ndarray | None) -> str:
    """A number of the nation panel: what it means and its change over the last turn."""
    tip = stat_tooltip(stat)
    if previous is not None:
        delta = stats[STAT_INDEX[stat]] - previous[STAT_INDEX[stat]]
        tip += f"<br>Change over the last turn: {signed(delta, 2)}."
    return tip


def treaties_tip(treaties: Sequence[str]) -> str:
    return "<b>Treaties in force</b><br>" + "<br>".join(html(t) for t in treaties)


def ordered_tip(titles: Sequence[str]) -> str:
    return "<b>Ordered this turn</b><br>" + "<br>".join(html(t) for t in titles)


def scroll_tip(count: int) -> str:
    return f"{count} nations; scroll with the mouse wheel over the list."


def relation_marks(state: State, scenario: Scenario, i: int, j: int) -> list[str]:
    """'treaty' and 'war' when the two nations share a treaty in force or fight."""
    marks = []
    in_treaty = any(
        state.treaty_status[0, k] == IN_FORCE and state.members[0, k, i] and state.members[0, k, j]
        for k in range(len(scenario.treaties))
    )
    if in_treaty:
        marks.append("treaty")
    if state.war[0, i, j]:
        marks.append("war")
    return marks


def relation_tip(session: Session, i: int, j: int, index: int, marks: Sequence[str]) -> str:
    """A relation row: the value, its long-run level, trade and aid, and why it moved."""
    scenario = session.scenario
    state = session.states[index]
    a, b = scenario.nations[i].name, scenario.nations[j].name
    value = float(state.relations[0, i, j])
    lines = [f"<b>{html(a)} – {html(b)}: {signed(value)}</b> (−100 hostile … +100 allied)"]
    lines.append(
        f"Long-run level {signed(float(state.baselines[0, i, j]))}; "
        f"trade ties {state.trade[0, i, j]:.0f} / 100."
    )
    aid_in = float(state.aid[0, j, i])
    aid_out = float(state.aid[0, i, j])
    if aid_in > 0.001:
        lines.append(f"Aid from {html(b)}: ${aid_in:.2f} bn a year.")
    if aid_out > 0.001:
        lines.append(f"Aid to {html(b)}: ${aid_out:.2f} bn a year.")
    if "treaty" in marks:
        lines.append("Treaty partners.")
    if "war" in marks:
        lines.append(f"<font color='{palette.TEXT_ALARM}'>At war.</font>")
    drivers = relation_drivers(session, index, i, j)
    if drivers:
        before = float(session.states[index - 1].relations[0, i, j])
        lines.append(f"<br><b>Last turn {signed(before)} to {signed(value)}</b>, because of:")
        for reason, points in drivers[:6]:
            lines.append(f"  {signed(points, 1)}  {html(reason)}")
    lines.append("<i>Click the row to select this nation.</i>")
    return "<br>".join(lines)


def nation_tip(session: Session, index: int, nation: int) -> str:
    """A nation on the map or in the inset: its camp, its lean, its relation with you."""
    state = session.states[index]
    scenario = session.scenario
    camps = session.camps(index)
    lean = float(camps.lean[nation])
    text = (
        f"<b>{html(scenario.nations[nation].name)}</b><br>{html(camps.status(nation))} "
        f"(alignment {signed(lean * 100)})"
    )
    player = session.player
    if player >= 0 and player != nation and state.active[0, player]:
        relation = signed(float(state.relations[0, player, nation]))
        text += f"<br>Relation with {html(scenario.nations[player].name)}: {relation}"
    for crisis in session.crises(index):
        if crisis.ongoing and scenario.nations[nation].id in [p.nation for p in crisis.parties]:
            text += (
                f"<br><font color='{palette.TEXT_ALARM}'>In crisis:</font> {html(crisis.title)}, "
                f"at {html(crisis_bridge.level_name(crisis))} (C)"
            )
    return text + "<br><i>Click to select.</i>"


def bystander_tip(name: str) -> str:
    """A country on the map that is not one of the scenario's nations."""
    return f"{html(name)}: takes no part in this scenario."


def timeline_tip(
    session: Session, marker_index: int | None, titles: Sequence[str], year: int
) -> str:
    """The timeline: a marker's events, or what clicking there does."""
    if marker_index is not None:
        return f"<b>{session.year_of(marker_index - 1)}</b><br>" + "<br>".join(
            html(t) for t in titles
        )
    return f"Click or drag to see the map in {year}."
