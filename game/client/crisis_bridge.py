"""Crises for the client's screens, read only through `game.crises` view records.

Every crisis figure a screen shows (a level, a risk, a patron's stance, a move's price)
comes from a `CrisisView`, so the dialog, the map's marks, the turn summary and the
History view cannot disagree. This module is the one place the client asks the engine for
those records; the words it builds from them are plain functions, testable without pygame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from game.client import palette
from game.crises.view import CrisisView, PartyView, PatronView, crisis_views
from game.scenario import Scenario
from game.state import State

# What a party did last round, as a person says it.
MOVE_WORDS: dict[str, str] = {
    "escalate": "escalated",
    "hold": "held firm",
    "back_down": "backed down",
    "ask_patron": "asked its patron for help",
    "accept_mediation": "accepted mediation",
    "": "has not moved yet",
}
# A patron's stance, as a person says it ("backs India", "restrains Pakistan").
STANCE_WORDS: dict[str, str] = {"back": "backs", "restrain": "restrains", "stay_out": "stays out"}

Source = Callable[[State, int, str | None], list[CrisisView]]

# Where the records come from: the engine (tests may put a fake here).
source: Source = crisis_views


def views(state: State, viewer: str | None = None) -> list[CrisisView]:
    """The crises open in `state` (and those that ended in its last turn), seen by the
    nation `viewer` (its id; None for an observer)."""
    return list(source(state, 0, viewer))


def awaiting(crises: Sequence[CrisisView]) -> list[CrisisView]:
    """The crises in which the viewer must choose a move before the turn can end."""
    return [view for view in crises if view.ongoing and view.moves]


def percent(share: float) -> str:
    """'35%' ('<1%' for a small but real chance, so it never reads as impossible)."""
    if 0 < share < 0.005:
        return "<1%"
    return f"{100 * share:.0f}%"


def party_name(view: CrisisView, nation: str) -> str:
    for side in (*view.parties, *view.patrons):
        if side.nation == nation:
            return side.name
    return nation


def outcome_text(view: CrisisView) -> str:
    """How the crisis stands: 'ongoing', 'Pakistan backed down', 'settled', 'war'..."""
    kind, _, who = view.outcome.partition(":")
    if kind == "backed_down":
        return f"{party_name(view, who)} backed down"
    return {
        "ongoing": "ongoing",
        "settled": "settled",
        "war": "ended in war",
        "nuclear": "ended in nuclear use",
    }.get(kind, kind)


def party_line(party: PartyView, viewer: str | None = None) -> str:
    """'India (nuclear) held firm', '(you)' marking the viewer's own nation."""
    notes = [
        note for note, on in (("you", party.nation == viewer), ("nuclear", party.nuclear)) if on
    ]
    name = f"{party.name} ({', '.join(notes)})" if notes else party.name
    return f"{name} {MOVE_WORDS.get(party.last_move, party.last_move)}"


def patron_line(view: CrisisView, patron: PatronView) -> str:
    """'United States restrains Pakistan' or 'China stays out'."""
    words = STANCE_WORDS.get(patron.stance, patron.stance)
    if patron.stance == "stay_out" or not patron.side:
        return f"{patron.name} {words}"
    return f"{patron.name} {words} {party_name(view, patron.side)}"


def level_name(view: CrisisView) -> str:
    return view.ladder[view.level].name if 0 <= view.level < len(view.ladder) else "?"


def level_colour(level: int, rungs: int) -> palette.Colour:
    """A rung's colour: gold at the bottom of the ladder, war red at the top."""
    t = 0.0 if rungs <= 1 else max(0.0, min(1.0, level / (rungs - 1)))
    low, high = palette.GOLD, palette.WAR
    return tuple(int(round(a + (b - a) * t)) for a, b in zip(low, high, strict=True))  # type: ignore[return-value]


def changes(before: Sequence[CrisisView], after: Sequence[CrisisView]) -> list[tuple[str, bool]]:
    """(line, alarming) for each crisis that opened, changed level or ended between two
    turns' records: what the turn summary lists."""
    old = {view.crisis_id: view for view in before}
    lines: list[tuple[str, bool]] = []
    for view in after:
        rung = level_name(view)
        was = old.get(view.crisis_id)
        top = view.level >= len(view.ladder) - 2
        if was is None and view.ongoing:
            lines.append((f"Crisis opened: {view.title} ({rung}).", top))
        elif not view.ongoing and (was is None or was.ongoing):
            grave = view.outcome in ("war", "nuclear")
            lines.append((f"Crisis over: {view.title}, {outcome_text(view)}.", grave))
        elif was is not None and was.level != view.level:
            verb = "rose" if view.level > was.level else "fell"
            lines.append((f"{view.title} {verb} to {rung} (from {level_name(was)}).", top))
    return lines


def marks(crises: Sequence[CrisisView]) -> dict[str, CrisisView]:
    """Nation id -> the gravest open crisis it is a party to (the map's badges)."""
    out: dict[str, CrisisView] = {}
    for view in crises:
        if not view.ongoing:
            continue
        for party in view.parties:
            held = out.get(party.nation)
            if held is None or _gravity(view) > _gravity(held):
                out[party.nation] = view
    return out


def _gravity(view: CrisisView) -> float:
    """How far up its ladder a crisis stands, 0 (first rung) to 1 (the top)."""
    return view.level / max(1, len(view.ladder) - 1)


@dataclass(frozen=True)
class CrisisSpan:
    """One crisis across the turns it lasted: what the History view draws on its timeline."""

    crisis_id: str
    title: str
    parties: tuple[str, str]  # nation ids
    first: int  # the year it opened
    last: int  # the last year it was seen (ongoing or the year it ended)
    peak: int  # the highest rung it reached
    rungs: int
    peak_name: str
    outcome: str  # as outcome_text says it

    def involves(self, *nations: str) -> bool:
        return bool(set(nations) & set(self.parties))


def spans(per_state: Sequence[Sequence[CrisisView]], years: Sequence[int]) -> list[CrisisSpan]:
    """Every crisis of a campaign so far, from the records of each state (`years[k]` is the
    year of the turn that led to states[k]); a crisis seen again after a gap is a new span."""
    out: list[CrisisSpan] = []
    live: dict[str, int] = {}  # crisis id -> its span's place in out
    for crises, year in zip(per_state, years, strict=True):
        seen = set()
        for view in crises:
            seen.add(view.crisis_id)
            at = live.get(view.crisis_id)
            level = view.level
            if at is None:
                parties = (view.parties[0].nation, view.parties[1].nation)
                out.append(
                    CrisisSpan(
                        view.crisis_id,
                        view.title,
                        parties,
                        view.opened_year,
                        year,
                        level,
                        len(view.ladder),
                        level_name(view),
                        outcome_text(view),
                    )
                )
                at = live[view.crisis_id] = len(out) - 1
            old = out[at]
            higher = level > old.peak
            out[at] = replace(
                old,
                last=max(old.last, year),
                peak=level if higher else old.peak,
                peak_name=level_name(view) if higher else old.peak_name,
                outcome=outcome_text(view),
            )
            if not view.ongoing:
                del live[view.crisis_id]
        for crisis_id in [c for c in live if c not in seen]:
            del live[crisis_id]
    return out


def counts(all_spans: Sequence[CrisisSpan]) -> dict[str, int]:
    """How many crises a campaign had and how they ended: 'crises', 'war', 'nuclear',
    'settled', 'backed_down', 'ongoing' (the end report's tally)."""
    tally = {"crises": len(all_spans), "war": 0, "nuclear": 0, "settled": 0, "backed_down": 0}
    tally["ongoing"] = 0
    for span in all_spans:
        if span.outcome == "ended in war":
            tally["war"] += 1
        elif span.outcome == "ended in nuclear use":
            tally["nuclear"] += 1
        elif span.outcome == "settled":
            tally["settled"] += 1
        elif span.outcome.endswith("backed down"):
            tally["backed_down"] += 1
        else:
            tally["ongoing"] += 1
    return tally


def nuclear_end(all_spans: Sequence[CrisisSpan]) -> CrisisSpan | None:
    """The crisis in which nuclear weapons were used (the game ended there), or None."""
    return next((s for s in all_spans if s.outcome == "ended in nuclear use"), None)


def history_move(scenario: Scenario, view: CrisisView, viewer: str | None) -> str:
    """The move (or a patron's stance) history made in the viewer's seat in the crisis's
    next round, from the scenario's record of it; '' when history recorded none."""
    c = scenario.crisis_index.get(view.crisis_id)
    if c is None or viewer is None:
        return ""
    crisis = scenario.crises[c]
    if viewer in crisis.parties:
        side = crisis.parties.index(viewer)
        return crisis.history[view.round][side] if view.round < len(crisis.history) else ""
    return next((p.historical for p in crisis.patrons if p.nation == viewer), "")
