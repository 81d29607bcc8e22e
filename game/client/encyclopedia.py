"""The in-game encyclopedia: every event, treaty, nation and era of the scenario with its
text, dates and the author's sources and notes, searchable. Plain data and text; the
screen is `game.client.scenes.encyclopedia`.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.client import palette
from game.client.text import html
from game.scenario import Scenario

KIND_WORDS = {"event": "Event", "treaty": "Treaty", "nation": "Nation", "era": "Era"}
EVENT_KIND_WORDS = {
    "history": "it happened",
    "alternate": "alternate history: it follows a choice history did not take",
    "future": "a possible future",
}


@dataclass(frozen=True)
class Entry:
    kind: str  # event | treaty | nation | era
    id: str
    title: str
    when: str  # "1947", "1954–1979", ""
    body: str  # HTML for a pygame_gui text box
    words: str  # lower-case text searched

    @property
    def label(self) -> str:
        """The line in the list: 'Event · 1947 · War for Kashmir'."""
        parts = [KIND_WORDS[self.kind]] + ([self.when] if self.when else []) + [self.title]
        return " · ".join(parts)


def _years(first: int | None, last: int | None) -> str:
    if first is None and last is None:
        return ""
    if first is not None and last is not None:
        return str(first) if first == last else f"{first}–{last}"
    return f"from {first}" if first is not None else f"until {last}"


def _section(title: str, text: str) -> str:
    return f"<font color='{palette.TEXT_ACCENT}'><b>{html(title)}</b></font><br>{text}"


def entries(scenario: Scenario) -> list[Entry]:
    """Every entry, in the order eras, nations, treaties, events (events by year)."""
    names = {n.id: n.name for n in scenario.nations}
    out: list[Entry] = []
    for era in scenario.eras:
        when = _years(era.start, era.end - 1)
        body = _section(era.name, html(era.text) or "<i>No description.</i>")
        out.append(Entry("era", era.id, era.name, when, body, f"{era.name} {era.text}".lower()))
    for nation in scenario.nations:
        parts = [_section(nation.name, html(nation.brief) or "<i>No description.</i>")]
        if nation.emerges is not None:
            source = names.get(nation.emerges.from_id, nation.emerges.from_id)
            parts.append(
                _section(
                    "Not in play at the start",
                    html(
                        f"It emerges from {source}, with {nation.emerges.population_share:.0%} of its people."
                    ),
                )
            )
        out.append(
            Entry(
                "nation",
                nation.id,
                nation.name,
                "",
                "<br><br>".join(parts),
                f"{nation.id} {nation.name} {nation.brief}".lower(),
            )
        )
    for treaty in scenario.treaties:
        members = ", ".join(names.get(m, m) for m in treaty.members)
        when = _years(treaty.start, treaty.end)
        parts = [
            _section(treaty.name, html(treaty.text) or "<i>No description.</i>"),
            _section("Kind", html(treaty.kind)),
            _section("Members", html(members)),
        ]
        if treaty.against:
            parts.append(
                _section("Against", html(", ".join(names.get(a, a) for a in treaty.against)))
            )
        out.append(
            Entry(
                "treaty",
                treaty.id,
                treaty.name,
                when,
                "<br><br>".join(parts),
                f"{treaty.id} {treaty.name} {treaty.text} {members}".lower(),
            )
        )
    events = sorted(scenario.events, key=lambda e: (e.years[0], e.title))
    for event in events:
        first, last = event.years
        when = _years(first, last) if first > -100_000 and last < 100_000 else ""
        who = [names.get(event.nation, event.nation)] if event.nation else ["the world"]
        who += [names.get(i, i) for i in event.involves if i != event.nation]
        options = "<br>".join(
            f"• {html(o.label)}"
            + (" <i>(history's choice)</i>" if o.historical and event.kind == "history" else "")
            + (f" — <font color='{palette.TEXT_DIM}'>{html(o.explain)}</font>" if o.explain else "")
            for o in event.options
        )
        parts = [
            _section(event.title, html(event.text)),
            _section("Decided by", html(who[0]))
            + (
                f"<br><font color='{palette.TEXT_DIM}'>also: {html(', '.join(who[1:]))}</font>"
                if who[1:]
                else ""
            ),
            _section("Options", options),
            _section("Status", html(EVENT_KIND_WORDS.get(event.kind, event.kind))),
        ]
        if event.variants:
            parts.append(
                _section(
                    "Other texts",
                    "<br>".join(f"<i>{html(text)}</i>" for _, text in event.variants),
                )
            )
        if event.note:
            parts.append(_section("Sources and notes", html(event.note)))
        words = " ".join(
            [event.id, event.title, event.text, event.note, *who, *(o.label for o in event.options)]
        )
        out.append(
            Entry("event", event.id, event.title, when, "<br><br>".join(parts), words.lower())
        )
    return out


def search(items: list[Entry], query: str) -> list[Entry]:
    """The entries matching every word of the query (anywhere in their text), titles
    that match first; all entries for an empty query."""
    words = query.lower().split()
    if not words:
        return list(items)
    found = [e for e in items if all(w in e.words or w in e.when for w in words)]
    return sorted(found, key=lambda e: not all(w in e.title.lower() for w in words))
