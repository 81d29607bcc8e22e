"""What a save holds, as plain data: building it from a game and reading it back checked.

The history (each turn's report and record) is stored too, so loading a game is quick: a
replay of the whole campaign takes seconds, decoding its history milliseconds.

The per-turn digests come from a trail kept beside each game: when the game is saved
every turn (autosave), each save adds the digest of the live state, so no turn is replayed;
turns played between two saves are replayed from the trail's last state.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from game.construction import initial_state
from game.engine import Orders, TurnReport, step
from game.files import ReadRefused
from game.saves.codec import dataclass_from_plain, state_to_plain, to_plain
from game.saves.container import NewerSave, decode, read_bytes
from game.saves.errors import DamagedSave, SaveError
from game.saves.migrations import FORMAT_VERSION, migrate
from game.saves.orders import order_log, orders_from_plain, orders_to_plain
from game.saves.rules import SavedRules, rules_from_plain, rules_to_plain
from game.simulation import Simulation
from game.state import POLICIES, State

DAMAGED_HINT = "The file was not changed; load another save (an autosave, perhaps)."
_DIGEST = re.compile(r"\A[0-9a-f]{64}\Z")


def game_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("alliance-drift")
    except metadata.PackageNotFoundError:
        return "unknown"


def player_id(state: State) -> str | None:
    return state.scenario.nation_ids[state.player] if state.player >= 0 else None


# --- per-turn digests ------------------------------------------------------------------


@dataclass
class _Trail:
    state: State  # a copy of the live state when last saved (or loaded)
    digests: list[str]  # the digest after each turn up to state.turn


_TRAILS: weakref.WeakKeyDictionary[Simulation, _Trail] = weakref.WeakKeyDictionary()


def remember_trail(sim: Simulation, digests: list[str]) -> None:
    """After loading: the digests of the turns played so far, and the state they end at."""
    if len(digests) == sim.state.turn:
        _TRAILS[sim] = _Trail(sim.state.copy(), list(digests))


def turn_digests(sim: Simulation, log: list[Orders]) -> list[str]:
    """The state digest after every turn of the game, replaying only turns not yet seen."""
    live = sim.state
    trail = _TRAILS.get(sim)
    if trail is None or trail.state.turn > live.turn or trail.state.scenario is not live.scenario:
        start = initial_state(
            live.scenario, live.seeds.copy(), live.policy, player_id(live), live.forced_choices()
        )
        trail = _Trail(start, [])
    state, digests = trail.state, list(trail.digests)
    for turn in range(state.turn, live.turn - 1):
        state, _ = step(state, log[turn])
        digests.append(state.digest())
    if live.turn > len(digests):
        digests.append(live.digest())  # the last turn is the live game itself
    _TRAILS[sim] = _Trail(live.copy(), digests)
    return digests


# --- building --------------------------------------------------------------------------


def build_save(sim: Simulation, name: str | None = None) -> tuple[dict, dict]:
    """(summary, payload) of a game, as plain data."""
    state = sim.state
    scenario = state.scenario
    saved_at = datetime.now(UTC).isoformat(timespec="microseconds")
    try:
        log = order_log(sim)
    except ValueError as error:
        raise SaveError(None, f"cannot save: {error}", "This is a bug; please report it.") from None
    payload = {
        "game_version": game_version(),
        "name": name,
        "saved_at": saved_at,
        "scenario": rules_to_plain(scenario),
        "seed": int(state.seeds[0]),
        "policy": state.policy,
        "player": player_id(state),
        "forced": state.forced_choices(),
        "turn": state.turn,
        "orders": [orders_to_plain(orders) for orders in log],
        "digests": turn_digests(sim, log),
        "history": history_to_plain(sim),
        "state": state_to_plain(state),
    }
    draft = draft_to_plain(getattr(sim, "draft", None))
    if draft:
        payload["draft"] = draft
    summary = {
        "name": name or f"{scenario.name}, {state.year}",
        "scenario_id": scenario.id,
        "scenario_name": scenario.name,
        "year": state.year,
        "turn": state.turn,
        "turns": scenario.turns,
        "player": player_id(state),
        "policy": state.policy,
        "seed": int(state.seeds[0]),
        "saved_at": saved_at,
    }
    return summary, payload


MAX_DRAFT = 100  # answers and actions a draft may hold
MAX_ID = 100  # characters of one id in a draft


def draft_to_plain(draft: dict | None) -> dict | None:
    """The orders of the coming turn given so far (event answers, diplomatic actions, moves
    in crises), which a save keeps so that loading it does not ask again: plain data, or None."""
    if not draft:
        return None
    choices = {str(k): str(v) for k, v in (draft.get("choices") or {}).items()}
    actions = [[str(a), None if t is None else str(t)] for a, t in draft.get("actions") or []]
    moves = {str(k): str(v) for k, v in (draft.get("crisis_moves") or {}).items()}
    plain: dict[str, Any] = {"choices": choices, "actions": actions}
    if moves:
        plain["crisis_moves"] = moves
    return plain if choices or actions or moves else None


def draft_from_plain(value: Any) -> dict:
    """A save's draft, bounded and checked for shape; anything malformed is dropped (the
    game is whole without it: the player answers again)."""
    if not isinstance(value, dict):
        return {"choices": {}, "actions": [], "crisis_moves": {}}

    def short(text: Any) -> bool:
        return isinstance(text, str) and 0 < len(text) <= MAX_ID

    raw_choices = value.get("choices")
    choices = {
        k: v
        for k, v in (raw_choices.items() if isinstance(raw_choices, dict) else [])
        if short(k) and short(v)
    }
    raw_actions = value.get("actions")
    actions = [
        (item[0], item[1])
        for item in (raw_actions if isinstance(raw_actions, list) else [])[:MAX_DRAFT]
        if isinstance(item, list)
        and len(item) == 2
        and short(item[0])
        and (item[1] is None or short(item[1]))
    ]
    raw_moves = value.get("crisis_moves")
    moves = {
        k: v
        for k, v in (raw_moves.items() if isinstance(raw_moves, dict) else [])
        if short(k) and short(v)
    }
    return {
        "choices": dict(list(choices.items())[:MAX_DRAFT]),
        "actions": actions,
        "crisis_moves": dict(list(moves.items())[:MAX_DRAFT]),
    }


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedGame:
    """A save's payload, checked for shape (not yet matched against its scenario)."""

    version: int
    rules: SavedRules
    seed: int
    policy: str
    player: str | None
    forced: dict[str, str]
    turn: int
    orders: list[Orders]
    digests: list[str]  # empty when the save's format did not record them
    state: Any
    history: tuple[list[TurnReport], list[dict] | None] | None  # None: rebuild by replaying
    draft: dict = field(default_factory=dict)  # the coming turn's orders given so far


_UNREADABLE = {
    "no such file": ("there is no such save", "Check the file name and the folder."),
    "is a folder": ("this is a folder, not a save", "Choose a save file."),
}


def read_save(path: Path) -> tuple[int, dict, dict]:
    """(format version as written, summary, payload migrated to the current format)."""
    path = Path(path)
    try:
        data = read_bytes(path)
    except ReadRefused as refused:
        problem, hint = _UNREADABLE.get(
            refused.reason, (f"the save {refused.reason}", "Choose a save file that you may read.")
        )
        raise SaveError(path, problem, hint) from None
    except DamagedSave as damage:  # too large to be a save
        raise SaveError(path, f"cannot load: {damage}", DAMAGED_HINT) from None
    try:
        version, summary, payload = decode(data, FORMAT_VERSION)
        return version, summary, migrate(payload, version)
    except NewerSave as newer:
        raise SaveError(
            path,
            f"this save was made by a newer version of Alliance Drift (save format {newer.version}; "
            f"this version reads formats 1 to {FORMAT_VERSION})",
            "Update the game to load it; the file was not changed.",
        ) from None
    except DamagedSave as damage:
        raise SaveError(path, f"cannot load: {damage}", DAMAGED_HINT) from None
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SaveError(
            path,
            "cannot load: the save's contents are not laid out as its format says",
            DAMAGED_HINT,
        ) from None


def parse_payload(payload: dict, version: int) -> SavedGame:
    """Check every field of a (migrated) payload; raise DamagedSave on the first bad one."""

    def need(key: str, kind: type, what: str) -> Any:
        value = payload.get(key)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise DamagedSave(f"the save lacks a usable {what}")
        return value

    seed = need("seed", int, "seed")
    if not 0 <= seed < 2**64:
        raise DamagedSave("the save's seed is out of range")
    policy = need("policy", str, "policy")
    if policy not in POLICIES:
        raise DamagedSave(f"the save's policy {policy[:20]!r} is unknown")
    player = payload.get("player")
    if player is not None and not isinstance(player, str):
        raise DamagedSave("the save's player is not a nation id")
    forced = need("forced", dict, "list of forced choices")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in forced.items()):
        raise DamagedSave("the save's forced choices are malformed")
    turn = need("turn", int, "turn number")
    plain_orders = need("orders", list, "order log")
    if turn < 0 or len(plain_orders) != turn:
        raise DamagedSave(
            f"the save's order log has {len(plain_orders)} turns but the game is at turn {turn}"
        )
    digests = need("digests", list, "list of turn digests")
    if digests and (
        len(digests) != turn or not all(isinstance(d, str) and _DIGEST.match(d) for d in digests)
    ):
        raise DamagedSave("the save's list of turn digests is malformed")
    orders = [orders_from_plain(item, k) for k, item in enumerate(plain_orders)]
    rules = rules_from_plain(payload.get("scenario"))
    history = history_from_plain(payload.get("history"), turn)
    return SavedGame(
        version,
        rules,
        seed,
        policy,
        player,
        forced,
        turn,
        orders,
        digests,
        payload.get("state"),
        history,
        draft_from_plain(payload.get("draft")),
    )


# --- history ---------------------------------------------------------------------------


def history_to_plain(sim: Simulation) -> dict | None:
    """Every turn's report and (for a recorded game) record; None if the game lacks some."""
    if len(sim.reports) != sim.state.turn:
        return None  # a game restored without its early history: the loader will replay
    return {
        "reports": [to_plain(report) for report in sim.reports],
        "records": to_plain(sim.records) if sim.record else None,
    }


def history_from_plain(plain: Any, turn: int) -> tuple[list[TurnReport], list[dict] | None] | None:
    if plain is None:
        return None
    if not isinstance(plain, dict) or not isinstance(plain.get("reports"), list):
        raise DamagedSave("the save's history is malformed")
    if len(plain["reports"]) != turn:
        raise DamagedSave(
            f"the save's history has {len(plain['reports'])} turns but the game is at turn {turn}"
        )
    reports = [
        dataclass_from_plain(TurnReport, item, f"the report of turn {k + 1}")
        for k, item in enumerate(plain["reports"])
    ]
    records = plain.get("records")
    if records is not None and (
        not isinstance(records, list)
        or len(records) != turn
        or not all(isinstance(r, dict) and isinstance(r.get("year"), int) for r in records)
    ):
        raise DamagedSave("the save's turn records are malformed")
    return reports, records


def check_reports(reports: list[TurnReport], scenario: Any) -> None:
    """Every array of every report has the shape this scenario gives it (one run)."""
    e, n = len(scenario.events), len(scenario.nations)
    for k, report in enumerate(reports):
        expected = {"fired": (1, e), "decided": (1, e), "emerged": (1, n), "ended": (1, n)}
        for name, shape in expected.items():
            value = getattr(report, name)
            if not isinstance(value, np.ndarray) or value.shape != shape:
                raise DamagedSave(f"the report of turn {k + 1} has a malformed '{name}'")
        extra = getattr(report, "actions", None)
        if extra is not None:
            for name, value in vars(extra).items():
                if isinstance(value, np.ndarray) and value.shape[:2] != (1, n):
                    raise DamagedSave(
                        f"the report of turn {k + 1} has malformed actions ('{name}')"
                    )
        if not isinstance(report.turn, int) or not isinstance(report.year, int):
            raise DamagedSave(f"the report of turn {k + 1} is malformed")
