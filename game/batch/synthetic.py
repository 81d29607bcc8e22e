"""Generated scenarios of any size, for benchmarks and scaling tests.

The campaign has a fixed number of nations; measuring how the engine scales needs 12, 24
or 48 of them with the same mix of rules a real scenario uses: successions, treaties with
per-turn effects, once-only and repeating events with triggers, mean times to happen,
modifiers and AI weights. Generation is deterministic for a given size and seed.
"""

from __future__ import annotations

import json
import random
import tempfile
from itertools import product
from pathlib import Path
from string import ascii_uppercase

from game.loader import load_scenario
from game.mapdata import region_ids
from game.scenario import Scenario

START, END = 1947, 2030


def nation_ids(count: int) -> list[str]:
    """Three-letter ids that look like ISO codes but clash with none used in the campaign."""
    letters = ("".join(p) for p in product(ascii_uppercase, repeat=2))
    return [f"Q{pair}" for pair, _ in zip(letters, range(count), strict=False)]


def _q(text: str) -> str:
    return json.dumps(text)


def _nation(
    rng: random.Random, nid: str, parent: str | None, territory: list[str], region: str
) -> list[str]:
    lines = [
        "[[nations]]",
        f"id = {_q(nid)}",
        f"name = {_q('Nation ' + nid)}",
        f'color = "#{rng.randrange(0x1000000):06x}"',
        f"capital = [{rng.uniform(-170, 170):.1f}, {rng.uniform(-60, 70):.1f}]",
        f"territory = {json.dumps(territory)}",
        "playable = true",
        "[nations.stats]",
    ]
    if parent is None:
        lines += [
            f"population = {rng.uniform(5, 500):.1f}",
            f"gdp = {rng.uniform(1, 300):.1f}",
        ]
    lines += [
        f"population_growth = {rng.uniform(0.2, 2.8):.2f}",
        f"gdp_growth = {rng.uniform(1.5, 7.0):.2f}",
        f"defence_share = {rng.uniform(1, 10):.1f}",
        f"stability = {rng.uniform(30, 85):.0f}",
        f"nuclear = {rng.choice([0, 0, 0, 1, 3])}",
        "[nations.ideology]",
        f"economy = {rng.uniform(-90, 90):.0f}",
        f"religion = {rng.uniform(-90, 90):.0f}",
        f"liberty = {rng.uniform(-90, 90):.0f}",
    ]
    if parent is not None:
        lines += [
            "[nations.emerges]",
            f"from = {_q(parent)}",
            f'when = "flag(split_{parent.lower()})"',
            f"territory = [{_q(region)}]",
            "population_share = 0.3",
            "gdp_share = 0.3",
            "military_share = 0.4",
            "relations_share = 0.8",
            "inherit_treaties = true",
        ]
    return lines


def _condition(rng: random.Random, ids: list[str], treaties: list[str]) -> str:
    a, b = rng.sample(ids, 2)
    kind = rng.randrange(5)
    if kind == 0:
        return f"relation({a}, {b}) {rng.choice(['<', '>'])} {rng.randrange(-40, 41)}"
    if kind == 1:
        return f"stat({a}, stability) < {rng.randrange(40, 70)}"
    if kind == 2:
        return f"member({rng.choice(treaties)}, {a}) or relation({a}, {b}) > 10"
    if kind == 3:
        return f"stat({a}, power) > 0.05 and active({b})"
    return f"year >= {rng.randrange(START, END)} or at_war({a}, {b})"


def _effects(
    rng: random.Random, ids: list[str], treaties: list[str], flags: list[str]
) -> list[str]:
    out = []
    for _ in range(rng.randint(1, 4)):
        a, b = rng.sample(ids, 2)
        kind = rng.randrange(9)
        if kind <= 2:
            out.append(f"baseline({a}, {b}) {rng.choice(['+=', '-='])} {rng.randrange(5, 40)}")
        elif kind == 3:
            out.append(f"relation({a}, {b}) {rng.choice(['+=', '-='])} {rng.randrange(5, 30)}")
        elif kind == 4:
            out.append(f"aid({a}, {b}) += {rng.uniform(0.05, 0.5):.2f}")
        elif kind == 5:
            out.append(
                f"stat({a}, {rng.choice(['gdp_growth', 'stability', 'defence_share'])}) += {rng.uniform(-3, 3):.1f}"
            )
        elif kind == 6:
            out.append(f"{rng.choice(['join', 'leave'])}({rng.choice(treaties)}, {a})")
        elif kind == 7:
            out.append(
                rng.choice(
                    [
                        f"war({a}, {b})",
                        f"peace({a}, {b})",
                        f"sanction({a}, {b})",
                        f"trade({a}, {b}) += 10",
                    ]
                )
            )
        else:
            out.append(f"set_flag({rng.choice(flags)})")
    return out


def synthetic_text(nations: int = 12, events: int = 120, treaties: int = 24, seed: int = 0) -> str:
    """TOML of a generated scenario; about one nation in six is a successor of another."""
    rng = random.Random(f"{nations}:{events}:{treaties}:{seed}")
    ids = nation_ids(nations)
    successors = {ids[k]: ids[k - 1] for k in range(5, nations, 6)}
    founders = [i for i in ids if i not in successors]
    treaty_ids = [f"T{k:03d}" for k in range(treaties)]
    flags = [f"mood_{k}" for k in range(8)]
    out = [
        "schema_version = 1",
        "[scenario]",
        'id = "synthetic"',
        f'name = "Generated: {nations} nations, {events} events"',
        f"start_year = {START}",
        f"end_year = {END}",
        "flags = []",
    ]
    # Territories must be map regions: each nation gets one of the world map's, in order.
    region = dict(zip(ids, sorted(region_ids()), strict=False))
    for nid in ids:
        held = (
            []
            if nid in successors
            else [region[nid]] + [region[s] for s, p in successors.items() if p == nid]
        )
        out += _nation(rng, nid, successors.get(nid), held, region[nid])
    for a, b in zip(founders, founders[1:] + founders[:1], strict=True):
        out += [
            "[[relations]]",
            f"pair = [{_q(a)}, {_q(b)}]",
            f"value = {rng.randrange(-60, 61)}",
            f"trade = {rng.randrange(0, 30)}",
        ]
    for _ in range(nations):
        a, b = rng.sample(founders, 2)
        out += [
            "[[aid]]",
            f"from = {_q(a)}",
            f"to = {_q(b)}",
            f"amount = {rng.uniform(0.01, 0.3):.2f}",
        ]
    for tid in treaty_ids:
        members = rng.sample(ids, rng.randint(2, 4))
        start = rng.randrange(START, END)
        a, b = members[0], members[1]
        out += [
            "[[treaties]]",
            f"id = {_q(tid)}",
            f"name = {_q('Treaty ' + tid)}",
            f"members = {json.dumps(members)}",
            f"start = {start}",
            f"end = {min(END + 1, start + rng.randrange(5, 60))}",
            f"bond = {rng.uniform(1, 6):.1f}",
            f"against = {json.dumps(rng.sample([i for i in ids if i not in members], 1))}",
            f"per_turn = [{_q(f'aid({a}, {b}) = max(aid({a}, {b}), 0.05 * stat({b}, stability) / 50)')}]",
        ]
    for parent in sorted(set(successors.values())):
        out += [
            "[[events]]",
            f'id = "split_{parent.lower()}"',
            f'title = "{parent} breaks up"',
            'text = "A state divides."',
            f"years = [{rng.randrange(1960, 2000)}, {END}]",
            f'trigger = "stat({parent}, stability) < 45 or year >= 2005"',
            "mtth = 4",
            "[[events.options]]",
            'id = "ok"',
            'label = "So be it"',
            "historical = true",
            f'effects = ["set_flag(split_{parent.lower()})"]',
        ]
    for k in range(events):
        nation = rng.choice(ids)
        first = rng.randrange(START, END - 3)
        last = min(END, first + rng.randrange(2, 30))
        out += [
            "[[events]]",
            f'id = "e{k:04d}"',
            f'title = "Event {k}"',
            'text = "Something happens."',
            f"nation = {_q(nation)}",
            f"years = [{first}, {last}]",
        ]
        if rng.random() < 0.7:
            out.append(f"trigger = {_q(_condition(rng, ids, treaty_ids))}")
        if rng.random() < 0.25:
            out += ["once = false", f"cooldown = {rng.randrange(2, 10)}"]
        if rng.random() < 0.5:
            out.append(f"mtth = {rng.uniform(0.5, 8):.1f}")
            for _ in range(rng.randint(0, 2)):
                out += [
                    "[[events.modifiers]]",
                    f"factor = {rng.uniform(0.3, 2):.2f}",
                    f"when = {_q(_condition(rng, ids, treaty_ids))}",
                ]
        else:
            out.append(f"chance = {rng.uniform(0.05, 1):.2f}")
        for o in range(rng.randint(2, 3)):
            other = rng.choice([i for i in ids if i != nation])
            out += [
                "[[events.options]]",
                f'id = "o{o}"',
                f'label = "Option {o}"',
                f"historical = {'true' if o == 0 else 'false'}",
                f'ai_weight = "1 + max(0, relation({nation}, {other})) / {rng.randrange(10, 40)}"',
                f"effects = {json.dumps(_effects(rng, ids, treaty_ids, flags))}",
            ]
    return "\n".join(out) + "\n"


def synthetic_scenario(
    nations: int = 12, events: int = 120, treaties: int = 24, seed: int = 0
) -> Scenario:
    """Generate, write to a temporary file and load through the normal (checking) loader."""
    text = synthetic_text(nations, events, treaties, seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"synthetic_{nations}.toml"
        path.write_text(text, encoding="utf-8")
        return load_scenario(path)
