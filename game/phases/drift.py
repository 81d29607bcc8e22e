"""Relation drift: the whole (B, N, N) matrix moves at once, no loop over pairs.

Terms, in points per year (weights from the scenario's [drift] table):
- structural balance (Heider; Antal–Krapivsky–Redner): a pair warms when they share
  friends and enemies, cools when they do not, measured by (R R)_ij over third parties;
- ideology: nations close on the three ideology axes attract, distant ones repel;
- economic ties and aid: trade and aid (as a share of the recipient's GDP) warm a pair;
- treaties: members are pulled together by each treaty's bond, and against its rivals;
- war and sanctions push toward hostility;
- decay toward the baseline, and a bounded random wobble.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from game.kernels import kernel
from game.phases.memo import memo_rows
from game.rng import TurnRng, normal_of, normals_of
from game.rules import Rules
from game.scenario import IDEOLOGY_AXES, STAT_INDEX
from game.state import IN_FORCE, State
from game.ties import KNEE, RELATION_REACH, saturated, saturation_exponent
from game.turn import Turn

_IDEOLOGY = [STAT_INDEX[axis] for axis in IDEOLOGY_AXES]
_GDP = STAT_INDEX["gdp"]
_SPREAD = 2.0 * np.sqrt(len(_IDEOLOGY))  # the largest distance in the ideology space, /100


def _balance(relations: np.ndarray, active: np.ndarray) -> np.ndarray:
    product, others = _balance_parts(relations, active)
    return product / others[:, None, None]


def _balance_parts(relations: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(R R) over third parties (relations / 100, 0 where a pair does not exist), and the
    number of third parties (at least 1) it is divided by: the balance term's parts."""
    unit = np.empty(relations.shape)
    unit_relations(np.ascontiguousarray(relations, dtype=np.float64), active, unit)
    others = np.maximum(active.sum(axis=1) - 2, 1).astype(np.float64)
    return unit @ unit, others


@kernel
def unit_relations(relations: np.ndarray, active: np.ndarray, unit: np.ndarray) -> None:
    """unit: the relations over 100 between distinct active nations, 0 elsewhere (the
    matrices of structural balance, and those whose leading eigenvectors split the camps)."""
    b, n, _ = relations.shape
    for r in range(b):
        for i in range(n):
            for j in range(n):
                linked = active[r, i] and active[r, j] and i != j
                unit[r, i, j] = relations[r, i, j] / 100.0 if linked else 0.0


def _affinity(ideology: np.ndarray) -> np.ndarray:
    """(B, N, N) ideological affinity from the stats' ideology columns (B, N, 3)."""
    runs, n = ideology.shape[:2]
    flat = _affinity_of(np.ascontiguousarray(ideology, dtype=np.float64), _SPREAD, False)
    return flat.reshape((runs, n, n))


def _upper_affinity(ideology: np.ndarray) -> np.ndarray:
    """(B, P) `_affinity` at the upper-triangle pairs (i < j), in `np.triu_indices` order."""
    return _affinity_of(np.ascontiguousarray(ideology, dtype=np.float64), _SPREAD, True)


@kernel
def _affinity_of(ideology, spread, upper):
    """Every pair's affinity, (B, N × N), or (upper) the upper triangle's, (B, P): 1 for the
    same position on the ideology axes, -1 half-way across the space (`spread` is the
    largest distance, 2 sqrt(axes)); the squares are summed in axis order."""
    runs, n, axes = ideology.shape
    out = np.empty((runs, n * (n - 1) // 2 if upper else n * n))
    for b in range(runs):
        p = 0
        for i in range(n):
            for j in range(i + 1 if upper else 0, n):
                close = 0.0
                for k in range(axes):
                    gap = ideology[b, i, k] / 100.0 - ideology[b, j, k] / 100.0
                    close = gap * gap if k == 0 else close + gap * gap
                out[b, p] = 1.0 - 4.0 * (np.sqrt(close) / spread)
                p += 1
    return out


def _aid(aid: np.ndarray, stats: np.ndarray) -> np.ndarray:
    gdp = np.maximum(stats[:, :, _GDP], 1e-6)
    aid_share = aid / gdp[:, None, :]  # donor row, recipient column
    return np.minimum(1.0, 50.0 * (aid_share + aid_share.transpose(0, 2, 1)))


def _treaty_pull(rules: Rules) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def pull(treaty_status: np.ndarray, members: np.ndarray) -> np.ndarray:
        in_force = (treaty_status == IN_FORCE).astype(np.float64)  # (B, T)
        seats = members.astype(np.float64) * in_force[:, :, None]  # (B, T, N)
        bonded = seats * rules.treaty_bond[None, :, None]
        together = bonded.transpose(0, 2, 1) @ seats  # (B, N, N)
        opposed = bonded.transpose(0, 2, 1) @ (in_force[:, :, None] * rules.treaty_against[None])
        return together - (opposed + opposed.transpose(0, 2, 1))

    return pull


def drift_terms(state: State, rules: Rules) -> dict[str, np.ndarray]:
    """Each term of the yearly drift before weighting, (B, N, N); exposed for tests and UI."""
    hostile_sanctions = (state.sanctions | state.sanctions.transpose(0, 2, 1)).astype(np.float64)
    return {
        "balance": _balance(state.relations, state.active),
        "ideology": _affinity(state.stats[:, :, _IDEOLOGY]),
        "trade": state.trade / 100.0,
        "aid": _aid(state.aid, state.stats),
        "treaty": _treaty_pull(rules)(state.treaty_status, state.members),
        "war": -state.war.astype(np.float64),
        "sanction": -hostile_sanctions,
        "decay": -(state.relations - state.baselines),
    }


def pair_noise(rng: TurnRng, active: np.ndarray) -> np.ndarray:
    """(B, N, N) symmetric wobble: one normal draw per pair, the upper triangle mirrored.

    The whole (N, N) draw is reserved so the stream does not depend on who exists, but
    only pairs that exist in some run of the batch are computed; the others are masked
    out of the drift anyway. Values are the draw plus 0.0, exactly as adding the upper
    triangle to its (zero-filled) transpose gives.
    """
    b, n = active.shape
    upper = _upper_noise(rng, active)
    i, j = np.triu_indices(n, 1)
    noise = np.zeros((b, n, n))
    noise[:, i, j] = upper
    noise[:, j, i] = upper
    return noise


def _upper_noise(rng: TurnRng, active: np.ndarray) -> np.ndarray:
    """(B, P) the wobble of each upper-triangle pair (i < j), 0 where no run has the pair."""
    log_part, cos_part, column = _pair_draws(rng, active)
    drawn = np.empty(log_part.shape)
    normals_of(log_part, cos_part, 3.0, drawn)
    noise = np.zeros((active.shape[0], column.size))
    noise[:, column >= 0] = drawn + 0.0
    return noise


def _pair_draws(rng: TurnRng, active: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The wobble's normal draws of the upper-triangle pairs that exist in some run of the
    batch, as their two parts (`TurnRng.normal_parts_at`), (B, K) each, and each pair's
    column among them (P,), -1 where no run has it. The whole (N, N) draw is reserved, so
    the stream does not depend on who exists."""
    n = active.shape[1]
    start = rng.reserve(2, n, n)
    column = np.empty(n * (n - 1) // 2, dtype=np.int64)
    positions = np.empty(column.size, dtype=np.int64)
    found = _existing_pairs(np.ascontiguousarray(active, dtype=np.bool_), column, positions)
    return (*rng.normal_parts_at(start, n * n, positions[:found]), column)


@kernel
def _existing_pairs(active, column, positions):
    """For each upper-triangle pair (i < j, in `np.triu_indices` order): its column among
    the pairs that exist in some run (both nations active), -1 if none, and the existing
    pairs' flat positions i × N + j in the (N, N) draw; returns how many exist."""
    runs, n = active.shape
    p, found = 0, 0
    for i in range(n):
        for j in range(i + 1, n):
            column[p] = -1
            for b in range(runs):
                if active[b, i] and active[b, j]:
                    column[p] = found
                    positions[found] = i * n + j
                    found += 1
                    break
            p += 1
    return found


def drift_phase(state: State, rules: Rules, rng: TurnRng) -> None:
    """Move every active pair's relation by one turn of drift (in place).

    The terms are those of `drift_terms`, weighted and summed in the same order; their sum
    saturates near ±100 (game.ties), and the decay toward the baseline is added after it,
    in full. Relations are symmetric and the lower triangle is the mirror of the upper
    one, so every term is computed for the upper-triangle pairs (i < j) only. The matrix
    product of the balance term, the wobble's normal draws and the saturation's exp stay
    in numpy; ideology and treaty terms are reused for runs where their inputs did not
    change (game.phases.memo); the rest of the sum, pair by pair, is one compiled pass
    before the exp and one after it. Each value is computed by the same floating-point
    operations on the same numbers as the plain (B, N, N) sum, so the result is identical.
    """
    weights = rules.scenario.drift
    years = float(rules.scenario.years_per_turn)
    i, j = _upper_pairs(state.relations.shape[1])
    active = state.active
    log_part, cos_part, column = _pair_draws(rng, active)
    relations = state.relations
    product, others = _balance_parts(relations, active)
    ideology = (state.stats[:, :, _IDEOLOGY],)
    affinity = memo_rows(rules.memo, "ideology", ideology, _upper_affinity)
    treaty = _treaty_pull(rules)
    seats = (state.treaty_status, state.members)
    pull = memo_rows(rules.memo, "treaty", seats, lambda *x: treaty(*x)[:, i, j])
    weight = np.array([float(weights[name]) for name in _WEIGHTS])
    step, back, exponent = _push(
        log_part, cos_part, column, product, others, affinity,
        np.ascontiguousarray(pull), state.stats, state.trade, state.aid,
        state.war, state.sanctions, relations, state.baselines, active, weight, years,
        KNEE * RELATION_REACH, RELATION_REACH - KNEE * RELATION_REACH,
    )  # fmt: skip
    state.relations = _settle(relations, step, back, np.exp(exponent), KNEE * RELATION_REACH)


@functools.cache
def _upper_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """`np.triu_indices(n, 1)`, made once per size (read-only)."""
    pairs = np.triu_indices(n, 1)
    for index in pairs:
        index.flags.writeable = False
    return pairs


# The weights the compiled pass reads, in its order (the sum's order).
_WEIGHTS = ("noise", "balance", "ideology", "treaty", "trade", "aid", "war", "sanction", "decay")


@kernel
def _push(log_part, cos_part, column, product, others, affinity, treaty, stats, trade, aid, war, sanctions,
          relations, baselines, active, weight, years, knee, scale):  # fmt: skip
    """Per run and upper-triangle pair: the saturating push of the turn (step), the pull
    toward the baseline added after the saturation (back) and the push's exponent.

    `log_part` and `cos_part` hold the wobble's draws, finished here by `normal_of`, at
    the pairs' `column`s (`_pair_draws`), `affinity`
    and `treaty` those terms at the pairs, the balance is `product` over `others`
    (`_balance_parts`); the sum runs noise, balance, ideology, trade, aid, treaty, war,
    sanctions as `drift_terms` lists them. A flag (war, sanctions) adds weight × -1.0
    where set, weight × -0.0 where not."""
    runs, n = active.shape
    pairs = column.size
    gdp = stats[:, :, _GDP]
    step = np.empty((runs, pairs))
    back = np.empty((runs, pairs))
    exponent = np.empty((runs, pairs))
    for b in range(runs):
        p = 0
        for i in range(n):
            gdp_i = gdp[b, i] if (gdp[b, i] >= 1e-6 or np.isnan(gdp[b, i])) else 1e-6
            for j in range(i + 1, n):
                current = relations[b, i, j]
                if not (active[b, i] and active[b, j]):  # no push, no pull: it stands
                    step[b, p] = 0.0
                    back[b, p] = 0.0
                    exponent[b, p] = saturation_exponent(current, 0.0, knee, scale)
                    p += 1
                    continue
                gdp_j = gdp[b, j] if (gdp[b, j] >= 1e-6 or np.isnan(gdp[b, j])) else 1e-6
                noise = normal_of(log_part[b, column[p]], cos_part[b, column[p]], 3.0)
                change = weight[0] * (noise + 0.0)
                change = change + weight[1] * (product[b, i, j] / others[b])
                change = change + weight[2] * affinity[b, p]
                change = change + weight[4] * (trade[b, i, j] / 100.0)
                given = 50.0 * (aid[b, i, j] / gdp_j + aid[b, j, i] / gdp_i)
                change = change + weight[5] * (1.0 if given >= 1.0 else given)
                change = change + weight[3] * treaty[b, p]
                change = change + weight[6] * (-1.0 if war[b, i, j] else -0.0)
                sanctioned = sanctions[b, i, j] or sanctions[b, j, i]
                change = change + weight[7] * (-1.0 if sanctioned else -0.0)
                # The pushes saturate near the bound (game.ties); the pull back toward
                # the baseline does not when it points toward neutral, so a war or a flood
                # of aid holds a tie near the bound, never on it. A pull away from neutral
                # is a push like the others.
                pull = weight[8] * -(current - baselines[b, i, j]) * years
                outward = pull * current > 0.0
                push = change * years + (pull if outward else 0.0)
                step[b, p] = push
                back[b, p] = 0.0 if outward else pull
                exponent[b, p] = saturation_exponent(current, push, knee, scale)
                p += 1
    return step, back, exponent


@kernel
def _settle(relations, step, back, decay, knee):
    """(B, N, N) the relations after the turn: each upper pair saturated, its pull back
    added, clipped to ±100 and mirrored; the diagonal 100."""
    runs, n = relations.shape[0], relations.shape[1]
    reach = 100.0
    out = np.empty_like(relations)
    for b in range(runs):
        p = 0
        for i in range(n):
            out[b, i, i] = 100.0
            for j in range(i + 1, n):
                moved = saturated(relations[b, i, j], step[b, p], decay[b, p], knee, reach)
                moved = moved + back[b, p]
                if not np.isnan(moved):
                    moved = moved if moved > -100.0 else -100.0
                    moved = moved if moved < 100.0 else 100.0
                out[b, i, j] = moved
                out[b, j, i] = moved
                p += 1
    return out


def run_drift(state: State, turn: Turn) -> None:
    """Pipeline entry: relations drift toward their baselines and pulls."""
    drift_phase(state, turn.rules, turn.rng)
