"""A readable year-by-year story of one run: eras, events and decisions, the largest
relation shifts and bloc changes. Built from the same records as the JSON output."""

from __future__ import annotations

from game.diplomacy.answer_reasons import HISTORY, ONLY
from game.scenario import Scenario

SHIFT_THRESHOLD = 8.0
SHIFTS_PER_YEAR = 3


def _bloc_text(scenario: Scenario, blocs: list[list[str]]) -> str:
    names = {n.id: n.name for n in scenario.nations}
    camps = [b for b in blocs if len(b) > 1]
    alone = [b[0] for b in blocs if len(b) == 1]
    parts = [" + ".join(names[i] for i in camp) for camp in camps]
    text = "  vs  ".join(f"[{p}]" for p in parts) or "no blocs"
    if alone:
        text += "; non-aligned: " + ", ".join(names[i] for i in alone)
    return text


# Reasons the story leaves unsaid: on history's path every answer is history's.
QUIET = (None, "", HISTORY, ONLY)


def story_lines(scenario: Scenario, records: list[dict], start: dict | None = None) -> list[str]:
    """The story as lines of text; `start` is the relations before the first turn."""
    names = {n.id: n.name for n in scenario.nations}
    events = {e.id: e for e in scenario.events}
    decided_later: dict[tuple[int, str], str] = {}
    for k, record in enumerate(records):
        for event_id, option_id in record["decisions"].items():
            for back in range(k - 1, -1, -1):
                if event_id in records[back]["events"]:
                    decided_later[(back, event_id)] = option_id
                    break
    lines: list[str] = []
    era = None
    blocs_before = None
    previous = start
    for k, record in enumerate(records):
        year_lines: list[str] = []
        if record["era"] != era and record["era"] is not None:
            era = record["era"]
            era_def = next(e for e in scenario.eras if e.id == era)
            lines.append("")
            lines.append(f"== {era_def.name} ({era_def.start}–{era_def.end - 1}) ==")
        for nation_id in record["emerged"]:
            year_lines.append(_emerged(scenario, records, k, nation_id))
        for nation_id in record["ended"]:
            year_lines.append(f"{names[nation_id]} ceases to exist.")
        for event_id in record["events"]:
            event = events[event_id]
            option_id = decided_later.get((k, event_id))
            text = f"{event.title}."
            if option_id is not None and len(event.options) > 1:
                option = next(o for o in event.options if o.id == option_id)
                who = names[event.nation] if event.nation else "The world"
                text += f" {who}: {option.label}."
                answer = record.get("answers", {}).get(event_id, {})
                if answer.get("option") == option_id and answer.get("reason") not in QUIET:
                    text += f" Why: {answer['reason']}."
            year_lines.append(text)
        if previous is not None:
            year_lines.extend(_shifts(names, previous, record["relations"]))
        if blocs_before is not None and record["blocs"] != blocs_before:
            year_lines.append("Blocs now: " + _bloc_text(scenario, record["blocs"]))
        blocs_before = record["blocs"]
        previous = record["relations"]
        if year_lines:
            lines.append(f"{record['year']}: " + " ".join(year_lines[:1]))
            lines.extend(f"      {line}" for line in year_lines[1:])
    return lines


def _emerged(scenario: Scenario, records: list[dict], k: int, nation_id: str) -> str:
    """'X comes into being', saying which earlier decision made it so: an emerge() decided
    in one year takes effect the next (game.succession_timing)."""
    from game.succession_timing import emerge_causes

    name = next(n.name for n in scenario.nations if n.id == nation_id)
    for event_id, option_id in emerge_causes(scenario).get(nation_id, []):
        if records[k]["decisions"].get(event_id) != option_id:
            continue
        fired = [r["year"] for r in records[:k] if event_id in r["events"]]
        if fired:
            title = next(e.title for e in scenario.events if e.id == event_id)
            return f"{name} comes into being (decided in {fired[-1]}: {title})."
    return f"{name} comes into being."


def _shifts(names: dict[str, str], before: dict, after: dict) -> list[str]:
    changes = []
    for a, row in after.items():
        for b, value in row.items():
            if a < b and a in before and b in before[a]:
                delta = value - before[a][b]
                if abs(delta) >= SHIFT_THRESHOLD:
                    changes.append((abs(delta), a, b, before[a][b], value))
    changes.sort(reverse=True)
    out = []
    for _, a, b, old, new in changes[:SHIFTS_PER_YEAR]:
        verb = "warm" if new > old else "cool"
        out.append(f"{names[a]}–{names[b]} relations {verb}: {old:+.0f} → {new:+.0f}.")
    return out


def initial_relations(state) -> dict:
    """Relations of run 0 before the first turn, in the record's {A: {B: v}} form."""
    ids = state.scenario.nation_ids
    active = [i for i in range(len(ids)) if state.active[0, i]]
    return {
        ids[i]: {ids[j]: float(state.relations[0, i, j]) for j in active if j != i} for i in active
    }
