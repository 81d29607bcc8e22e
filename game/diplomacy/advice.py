"""What the AI would do in a nation's place (an adviser for the player), and the
difficulty setting of the AI nations."""

from __future__ import annotations

import numpy as np

from game.diplomacy.ai import LEVELS, candidates, judge, select
from game.diplomacy.orders import ActionOrder
from game.diplomacy.value import make_outlook
from game.phases.diplomacy import survey
from game.state import State


def proposed_orders(state: State, nation_id: str, run: int = 0) -> list[ActionOrder]:
    """The actions the nation's AI would order in the coming turn of `run` (without its
    random misjudgement), best first."""
    scenario = state.scenario
    nation = scenario.nation_number(nation_id)
    single = state.one_run(run)
    rules, board, odds = survey(single, single.year, single.turn)
    if not rules.actions or rules.max_actions == 0:
        return []
    n = len(scenario.nations)
    quiet = (np.full((1, n, len(rules.actions)), 0.5), np.full((1, n, n), 0.5))
    judgement = judge(make_outlook(board, rules, explain=False), rules, odds, quiet)
    script = np.full(single.ai_script.shape, -1, dtype=np.int16)
    action, target = select(
        candidates(judgement, rules, script, "ai", quiet), rules, board.capital, rules.max_actions
    )
    out = []
    for a, x in zip(action[0, nation], target[0, nation], strict=True):
        if a < 0:
            continue
        kind = rules.actions[a].target
        if kind in ("nation", "mediation"):
            aim = scenario.nations[x].id
        elif kind == "treaty":
            aim = scenario.treaties[x].id
        else:
            aim = None
        out.append(ActionOrder(rules.actions[a].id, aim))
    return out


def set_difficulty(state: State, level: str | int, nations: list[str] | None = None) -> None:
    """Set how well the AI plays (easy, normal, hard) for the given nations (default: all
    but the player's), in every run of the state. Changes the state in place; call it
    before play. Difficulty changes judgement, never the actions a nation may take."""
    value = LEVELS.index(level) if isinstance(level, str) else int(level)
    if not 0 <= value < len(LEVELS):
        raise ValueError(f"difficulty must be one of {', '.join(LEVELS)}, not {level!r}")
    scenario = state.scenario
    ids = (
        nations
        if nations is not None
        else [n for k, n in enumerate(scenario.nation_ids) if k != state.player]
    )
    for nation_id in ids:
        state.ai_level[:, scenario.nation_number(nation_id)] = value
