"""Successions and treaties: nations emerge, predecessors end, treaties start and end.

A succession moves territory, treaty seats and a share of population, GDP, military and
relations from the predecessor. Successors of the same predecessor in the same turn split
it from one snapshot, so their order in the file does not matter.
"""

from __future__ import annotations

import numpy as np

from game.compile import Context
from game.rules import Rules
from game.scenario import STAT_INDEX, STAT_NAMES
from game.state import ENDED, IN_FORCE, NOT_YET, State
from game.turn import Turn

_SHARED = {"population": "population_share", "gdp": "gdp_share", "military": "military_share"}


def succession_phase(state: State, rules: Rules, ctx: Context) -> np.ndarray:
    """Let declared successors emerge; return (B, N) bool of nations that emerged now."""
    scenario = rules.scenario
    index = scenario.nation_index
    emerging = np.zeros(state.active.shape, dtype=bool)
    for i, nation in enumerate(scenario.nations):
        if nation.emerges is None:
            continue
        parent = index[nation.emerges.from_id]
        ready = ~state.emerged[:, i] & state.active[:, parent]
        condition = rules.emergence[i]
        wants = state.emerge_request[:, i].copy()
        if condition is not None and ready.any():
            wants |= condition(ctx)
        emerging[:, i] = ready & wants
    state.emerge_request[:] = False
    if not emerging.any():
        return emerging
    successors = np.flatnonzero(emerging.any(axis=0))
    # Successors take their shares from their predecessors as they stood before any of
    # them emerged: the predecessors' rows of stats, relations and baselines, kept now.
    before = {
        parent: (
            state.stats[:, parent, :].copy(),
            state.relations[:, parent, :].copy(),
            state.baselines[:, parent, :].copy(),
        )
        for parent in {index[scenario.nations[i].emerges.from_id] for i in successors}
    }
    ends = np.zeros(state.active.shape, dtype=bool)
    for i in successors:
        nation = scenario.nations[i]
        rule = nation.emerges
        parent = index[rule.from_id]
        mask = emerging[:, i]
        stats0, relations0, baselines0 = before[parent]
        _split_stats(state, stats0, i, parent, nation, mask)
        _inherit_relations(state, relations0, baselines0, i, parent, rule.relations_share, mask)
        for region in rule.territory:
            r = scenario.regions.index(region)
            state.owner[:, r] = np.where(mask, i, state.owner[:, r])
        if rule.inherit_treaties:
            state.members[:, :, i] |= state.members[:, :, parent] & mask[:, None]
        declared = np.array([nation.id in t.members for t in scenario.treaties], dtype=bool)
        state.members[:, :, i] |= declared[None, :] & mask[:, None]
        state.active[:, i] |= mask
        state.emerged[:, i] |= mask
        if rule.predecessor_ends:
            ends[:, parent] |= mask
            _take_over_ties(state, i, parent, mask)
    for parent in np.flatnonzero(ends.any(axis=0)):
        _end_nation(state, parent, ends[:, parent])
    return emerging


def _split_stats(
    state: State, snapshot: np.ndarray, i: int, parent: int, nation, mask: np.ndarray
) -> None:
    """The successor's stats: shares of the predecessor's (`snapshot`, its (B, S) stats
    before the successions), the rest as the scenario gives them or as the predecessor's."""
    rule = nation.emerges
    for name in STAT_NAMES:
        k = STAT_INDEX[name]
        if name in _SHARED:
            share = getattr(rule, _SHARED[name])
            taken = snapshot[:, k] * share
            state.stats[:, i, k] = np.where(mask, taken, state.stats[:, i, k])
            if not rule.predecessor_ends:
                state.stats[:, parent, k] = np.where(
                    mask, state.stats[:, parent, k] - taken, state.stats[:, parent, k]
                )
        else:
            state.stats[:, i, k] = np.where(
                mask, nation.stats.get(name, snapshot[:, k]), state.stats[:, i, k]
            )


def _inherit_relations(
    state: State,
    relations0: np.ndarray,
    baselines0: np.ndarray,
    i: int,
    parent: int,
    share: float,
    mask: np.ndarray,
) -> None:
    """The successor starts from a share of the predecessor's relations (`relations0` and
    `baselines0`, its (B, N) rows before the successions), except for pairs the scenario
    gives explicitly (its [[relations]] value for the successor)."""
    scenario = state.scenario
    given = (
        scenario.relation_given[i]
        if scenario.relation_given is not None
        else scenario.relations[i] != 0
    )
    for name, source, start in (
        ("relations", relations0, scenario.relations),
        ("baselines", baselines0, scenario.baselines),
    ):
        array = getattr(state, name)
        inherited = share * source
        row = np.where(given[None, :], start[i][None, :], inherited)
        row[:, i] = 100.0
        if not scenario.nations[i].emerges.predecessor_ends:
            row[:, parent] = np.where(given[parent], start[i, parent], row[:, parent])
        new = np.where(mask[:, None], row, array[:, i, :])
        array[:, i, :] = new
        array[:, :, i] = new


def _take_over_ties(state: State, i: int, parent: int, mask: np.ndarray) -> None:
    """When the predecessor ends, its trade, aid, wars and sanctions pass to the successor."""
    m2 = mask[:, None]
    state.trade[:, i, :] = np.where(
        m2, np.maximum(state.trade[:, i, :], state.trade[:, parent, :]), state.trade[:, i, :]
    )
    state.trade[:, :, i] = state.trade[:, i, :]
    state.trade[:, i, i] = 0.0
    for name in ("war", "sanctions"):
        array = getattr(state, name)
        array[:, i, :] |= array[:, parent, :] & m2
        array[:, :, i] |= array[:, :, parent] & m2
        array[:, i, i] = False


def _end_nation(state: State, k: int, mask: np.ndarray) -> None:
    m2 = mask[:, None]
    state.active[:, k] &= ~mask
    state.members[:, :, k] &= ~m2
    for name in ("war", "sanctions"):
        array = getattr(state, name)
        array[:, k, :] &= ~m2
        array[:, :, k] &= ~m2
    state.aid[:, k, :] = np.where(m2, 0.0, state.aid[:, k, :])
    state.aid[:, :, k] = np.where(m2, 0.0, state.aid[:, :, k])
    state.blocs[:, k] = np.where(mask, 0, state.blocs[:, k])


def treaties_phase(state: State, rules: Rules, ctx: Context) -> None:
    """Scheduled starts and ends, then each in-force treaty's per-turn effects."""
    year = ctx.year
    for t, treaty in enumerate(rules.scenario.treaties):
        status = state.treaty_status[:, t]
        if (
            treaty.start is not None
            and treaty.start <= year
            and (treaty.end is None or year < treaty.end)
        ):
            status = np.where(status == NOT_YET, IN_FORCE, status)
        if treaty.end is not None and year >= treaty.end:
            status = np.where(status == IN_FORCE, ENDED, status)
        state.treaty_status[:, t] = status
        in_force = status == IN_FORCE
        if in_force.any():
            for apply in rules.treaty_effects[t]:
                apply(ctx, in_force)


def run_succession(state: State, turn: Turn) -> None:
    """Pipeline entry: nations emerge and end."""
    turn.emerged = succession_phase(state, turn.rules, turn.ctx)


def run_treaties(state: State, turn: Turn) -> None:
    """Pipeline entry: treaties start, end and apply their per-turn effects."""
    treaties_phase(state, turn.rules, turn.ctx)
