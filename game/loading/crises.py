"""Read the crisis tables: the [[ladder]] of levels, [[crises]] and [crisis_rules].

Crisis ids are gathered first (`crisis_ids`), so `open_crisis(id)` and `crisis_level(id)`
in any event can be checked; the crises themselves are read after the events, with their
parties, patrons, history's moves and the effects of each outcome, every problem at its
key path.
"""

from __future__ import annotations

from game.crises.vocabulary import PARTY_MOVES, PATRON_STANCES
from game.loading.checker import ExpressionChecker
from game.loading.guard import EVENT_ID, FileGuard, Item
from game.scenario import CRISIS_DEFAULTS, DEFAULT_LADDER, CrisisDef, CrisisPatronDef, RungDef
from game.scenario_specs import (
    CRISIS,
    CRISIS_KINDS,
    CRISIS_PATRON,
    PROVOCATION,
    RUNG,
    make_spec,
)
from game.schema import Source

MAX_CRISES = 200
MAX_RUNGS = 12
MAX_HISTORY = 20  # recorded rounds of one crisis
MAX_PATRONS = 10
OUTCOMES = ("settled", "war")  # and backed_down:<party>


def crisis_ids(loader: FileGuard, files: list[tuple[Source, dict]]) -> dict[str, Item]:
    """The crises of the scenario by id (checked unique and well formed)."""
    items = loader.at_most(loader.items(files, "crises", CRISIS), MAX_CRISES, "crises")
    return loader.unique(items, "crisis", EVENT_ID, "lower-case letters, digits and _")


def read_ladder(loader: FileGuard, files: list[tuple[Source, dict]]) -> tuple[RungDef, ...]:
    """The [[ladder]] tables, or the default ladder when the scenario gives none. A ladder
    has one war level, and at most one nuclear level, right above it."""
    items = loader.items(files, "ladder", RUNG)
    if not items:
        return tuple(RungDef(*rung) for rung in DEFAULT_LADDER)
    items = loader.at_most(items, MAX_RUNGS, "ladder levels")
    rungs = []
    for item in items:
        data = item.data
        kind = data["kind"] or ""
        loader.one_of(
            item,
            "kind",
            kind,
            CRISIS_KINDS,
            f"unknown ladder kind '{kind}'",
            "leave it out for an ordinary level, or write 'war' or 'nuclear'",
        )
        rungs.append(
            RungDef(
                name=data["name"] or "",
                cost=float(data["cost"] or 0.0),
                accident_risk=float(data["accident_risk"] or 0.0),
                kind=kind,
                text=data["text"] or "",
            )
        )
    kinds = [r.kind for r in rungs]
    first = items[0]
    if kinds.count("war") != 1:
        loader.report(
            first.source,
            "ladder",
            f"the ladder has {kinds.count('war')} levels of kind 'war'; it needs exactly one",
            'mark the level where a crisis becomes a war with kind = "war"',
        )
    elif kinds.index("war") == 0:
        loader.report(
            first.source,
            "ladder",
            "the war level is the first level; a crisis needs at least one level below war",
        )
    if kinds.count("nuclear") > 1 or (
        "nuclear" in kinds and "war" in kinds and kinds.index("nuclear") != kinds.index("war") + 1
    ):
        loader.report(
            first.source,
            "ladder",
            "a ladder has at most one level of kind 'nuclear', right after the war level",
        )
    return tuple(rungs)


def read_crisis_rules(loader: FileGuard, files: list[tuple[Source, dict]]) -> dict[str, float]:
    """The [crisis_rules] table (in the main file or one included file), with the defaults
    for what it leaves out."""
    holding = [(source, data["crisis_rules"]) for source, data in files if "crisis_rules" in data]
    for source, _ in holding[1:]:
        loader.report(
            source,
            "crisis_rules",
            "[crisis_rules] is given in more than one file",
            f"keep the one in {holding[0][0].path}",
        )
    source, value = holding[0] if holding else (files[0][0], None)
    spec = make_spec(CRISIS_DEFAULTS)
    table = loader.reader.table(source, "crisis_rules", value if value is not None else {}, spec)
    rules = {
        name: float(table[name] if table[name] is not None else default)
        for name, default in CRISIS_DEFAULTS.items()
    }
    for name, low in (("rounds_per_turn", 1), ("max_rounds", 1), ("temperature", 0.01)):
        if rules[name] < low:
            loader.report(source, f"crisis_rules.{name}", f"{name} must be at least {low}")
            rules[name] = CRISIS_DEFAULTS[name]
    if rules["rounds_per_turn"] > 12 or rules["max_rounds"] > 100:
        loader.report(
            source,
            "crisis_rules",
            "rounds_per_turn is at most 12 and max_rounds at most 100",
        )
    if rules["stalemate"] > 1:
        loader.report(source, "crisis_rules.stalemate", "stalemate is a chance, 0..1")
    return rules


def read_crises(
    loader: FileGuard,
    crises: dict[str, Item],
    nations: dict[str, Item],
    ladder: tuple[RungDef, ...],
    checker: ExpressionChecker,
    actions: tuple[str, ...] = (),
) -> list[CrisisDef]:
    """Every crisis, checked against the nations and the ladder."""
    war = next((k for k, r in enumerate(ladder) if r.kind == "war"), len(ladder) - 1)
    out = []
    for crisis_id, item in crises.items():
        data = item.data
        key = item.key
        parties = list(data["parties"] or [])
        ok = True
        if len(parties) != 2 or parties[0] == parties[1]:
            loader.report(
                item.source,
                f"{key}.parties",
                f"a crisis has two different parties, not {parties!r}",
                'e.g. parties = ["PAK", "IND"]',
            )
            ok = False
        for k, party in enumerate(parties[:2]):
            ok = loader.nation_ref(item, f"{key}.parties[{k}]", party, nations) and ok
        start = data["start_level"] or 0
        if start >= war:
            loader.report(
                item.source,
                f"{key}.start_level",
                f"start_level {start} is at or above the ladder's war level ({war})",
                f"levels 0..{war - 1} lie below war",
            )
            ok = False
        patrons = _patrons(loader, item, parties, nations)
        history = _history(loader, item)
        outcome, winner = _outcome(loader, item, parties)
        on_backed_down = _per_party(loader, item, "on_backed_down", parties, checker)
        on_win = _per_party(loader, item, "on_win", parties, checker)
        provoked = _provocations(loader, item, nations, actions)
        if not ok or patrons is None or history is None or provoked is None:
            continue
        out.append(
            CrisisDef(
                id=crisis_id,
                title=data["title"] or crisis_id,
                text=data["text"] or "",
                note=data["note"] or "",
                parties=(parties[0], parties[1]),
                patrons=patrons,
                start_level=int(start),
                stakes=float(data["stakes"] if data["stakes"] is not None else 10.0),
                terrain=float(data["terrain"] or 0.0),
                history=history,
                outcome=outcome,
                winner=winner,
                on_settled=checker.effects(item.source, f"{key}.on_settled", data["on_settled"]),
                on_war=checker.effects(item.source, f"{key}.on_war", data["on_war"]),
                on_backed_down=on_backed_down,
                on_win=on_win,
                provoked_by=provoked,
            )
        )
    return out


def _provocations(
    loader: FileGuard, item: Item, nations: dict[str, Item], actions: tuple[str, ...]
) -> tuple[tuple[str, str, str], ...] | None:
    """(action, actor, target) of each [[crises.provoked_by]], checked."""
    raw = item.data["provoked_by"] or []
    key = f"{item.key}.provoked_by"
    tables = loader.tables(item.source, key, raw, MAX_PATRONS, PROVOCATION, "provocations")
    if tables is None:
        return None
    out = []
    for where, data in tables:
        ok = True
        if data["action"] is not None and data["action"] not in actions:
            loader.report(
                item.source,
                f"{where}.action",
                f"unknown action '{data['action'][:40]}'",
                "actions: " + ", ".join(actions) if actions else "the scenario has no actions",
            )
            ok = False
        ok = loader.nation_ref(item, f"{where}.actor", data["actor"], nations) and ok
        ok = loader.nation_ref(item, f"{where}.target", data["target"], nations) and ok
        if ok:
            out.append((data["action"], data["actor"], data["target"]))
    return tuple(out)


def _patrons(
    loader: FileGuard, item: Item, parties: list[str], nations: dict[str, Item]
) -> tuple[CrisisPatronDef, ...] | None:
    raw = item.data["patrons"] or []
    tables = loader.tables(
        item.source, f"{item.key}.patrons", raw, MAX_PATRONS, CRISIS_PATRON, "patrons"
    )
    if tables is None:
        return None
    out = []
    seen: set[str] = set()
    for key, data in tables:
        nation, side, stance = data["nation"], data["side"] or "", data["historical"] or "stay_out"
        ok = loader.nation_ref(item, f"{key}.nation", nation, nations)
        if nation in parties:
            loader.report(item.source, f"{key}.nation", f"{nation} is a party, not a patron")
            ok = False
        elif nation in seen:
            loader.report(item.source, f"{key}.nation", f"{nation} is listed twice as a patron")
            ok = False
        seen.add(nation or "")
        if side and side not in parties:
            loader.report(
                item.source,
                f"{key}.side",
                f"side '{side}' is not a party of this crisis",
                "parties: " + ", ".join(parties),
            )
            ok = False
        if stance not in PATRON_STANCES:
            loader.report(
                item.source,
                f"{key}.historical",
                f"unknown stance '{stance}'",
                "stances: " + ", ".join(PATRON_STANCES),
            )
            ok = False
        if ok:
            out.append(CrisisPatronDef(nation=nation, side=side, historical=stance))
    return tuple(out)


def _history(loader: FileGuard, item: Item) -> tuple[tuple[str, str], ...] | None:
    rounds = item.data["history"] or []
    if loader.too_many(item.source, f"{item.key}.history", len(rounds), MAX_HISTORY, "rounds"):
        return None
    out = []
    for k, text in enumerate(rounds):
        moves = text.split("/")
        if len(moves) != 2 or not all(m in PARTY_MOVES for m in moves):
            loader.report(
                item.source,
                f"{item.key}.history[{k}]",
                f"'{text[:60]}' is not two moves joined by '/'",
                "moves: " + ", ".join(PARTY_MOVES) + '; e.g. "escalate/hold"',
            )
            return None
        out.append((moves[0], moves[1]))
    return tuple(out)


def _outcome(loader: FileGuard, item: Item, parties: list[str]) -> tuple[str, str]:
    outcome, winner = item.data["outcome"] or "", item.data["winner"] or ""
    allowed = ("", *OUTCOMES, *(f"backed_down:{p}" for p in parties))
    if outcome not in allowed:
        loader.report(
            item.source,
            f"{item.key}.outcome",
            f"unknown outcome '{outcome[:60]}'",
            "write settled, war or backed_down:<party>, e.g. backed_down:"
            + (parties or ["PAK"])[0],
        )
        outcome = ""
    if winner and (outcome != "war" or winner not in parties):
        loader.report(
            item.source,
            f"{item.key}.winner",
            f"winner '{winner[:20]}' needs outcome = \"war\" and one of the parties",
            "leave it out for a stalemate",
        )
        winner = ""
    if item.data["history"] and not outcome:
        loader.report(
            item.source,
            f"{item.key}.outcome",
            "history's moves are given but not history's outcome",
            "add outcome = settled, war or backed_down:<party>",
        )
    return outcome, winner


def _per_party(
    loader: FileGuard, item: Item, field: str, parties: list[str], checker: ExpressionChecker
) -> tuple[tuple, tuple]:
    """{party: [effects]} as a pair of effect tuples, first party first."""
    table = item.data[field] or {}
    for name in table:
        if name not in parties:
            loader.report(
                item.source,
                f"{item.key}.{field}.{name}",
                f"'{name[:20]}' is not a party of this crisis",
                "parties: " + ", ".join(parties),
            )
    out = []
    for party in (parties + ["", ""])[:2]:
        texts = table.get(party) if party else None
        if texts is not None and not (
            isinstance(texts, list) and all(isinstance(t, str) for t in texts)
        ):
            loader.report(
                item.source, f"{item.key}.{field}.{party}", "expected a list of effect strings"
            )
            texts = None
        out.append(checker.effects(item.source, f"{item.key}.{field}.{party}", texts))
    return (out[0], out[1])
