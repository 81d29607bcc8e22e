"""Why the advisers recommend an action or advise against it, in words.

The advice is the AI's own valuation of the option for the player's nation (the same
numbers `legal_orders` reports as `ai_utility`); here it is broken down by interest
(security, economy, patron, ideology, camp, stability, objectives) and the price of the
capital spent, and the largest part is named. Pure Python and numpy: no drawing.
"""

from __future__ import annotations

import numpy as np

from game.diplomacy.ai import CAPITAL_PRICE, judge
from game.diplomacy.describe import _target_exists, _target_names
from game.diplomacy.rules import COMPONENTS
from game.diplomacy.value import make_outlook
from game.phases.diplomacy import survey
from game.state import State

GAINS = {
    "security": "it shores up your security",
    "economy": "it helps the economy",
    "patron": "it courts a patron",
    "ideology": "it stands with the like-minded",
    "bloc": "it holds your camp together",
    "stability": "it keeps the country whole",
    "objectives": "it serves your objectives",
}
LOSSES = {
    "security": "it weakens your security",
    "economy": "it costs the economy",
    "patron": "it estranges a patron",
    "ideology": "it goes against your ideology",
    "bloc": "it strains your camp",
    "stability": "it risks the country's stability",
    "objectives": "it works against your objectives",
}


def advice_notes(state: State, nation_id: str) -> dict[tuple[str, str | None], str]:
    """(action id, target id) -> one sentence: the advisers' verdict and its main reason
    (empty when the scenario has no diplomatic actions)."""
    scenario = state.scenario
    nation = scenario.nation_number(nation_id)
    single = state.one_run(0)
    rules, board, odds = survey(single, single.year, single.turn)
    if not rules.actions:
        return {}
    outlook = make_outlook(board, rules, explain=True)
    n = len(scenario.nations)
    quiet = (
        np.full((1, n, len(rules.actions)), 0.5),
        np.full((1, n, n), 0.5),
    )
    judgement = judge(outlook, rules, odds, quiet)
    thrift = float(rules.trait("thrift")[nation])
    full = float(
        np.clip(
            (board.capital[0, nation] - board.ceiling[0, nation] + board.income[0, nation])
            / max(float(board.income[0, nation]), 1e-9),
            0.0,
            1.0,
        )
    )
    price_per_unit = CAPITAL_PRICE * (0.5 + thrift) * (1.0 - 0.5 * full)
    notes: dict[tuple[str, str | None], str] = {}
    for item, part in zip(odds, judgement.parts or [], strict=False):
        action = item.action
        full_part = np.broadcast_to(part, (*item.context.shape, len(COMPONENTS)))
        price = price_per_unit * action.definition.cost
        for target in range(action.width):
            if not _target_exists(board, action, nation, target):
                continue
            components = full_part[0, nation, target]
            target_id = _target_names(scenario, board, action, nation, target)[0]
            notes[(action.definition.id, target_id)] = _sentence(components, price, COMPONENTS)
    return notes


def _sentence(components: np.ndarray, price: float, names: tuple[str, ...]) -> str:
    components = np.asarray(components, dtype=float)
    total = float(components.sum()) - price
    best = int(np.argmax(components))
    worst = int(np.argmin(components))
    if total > 0:
        return f"Your advisers recommend it: {GAINS.get(names[best], 'it serves your interests')}."
    if components[worst] < 0 and -components[worst] >= price:
        return f"Your advisers advise against it: {LOSSES.get(names[worst], 'it hurts your interests')}."
    if components[best] > 0:
        return (
            "Your advisers advise against it: what it gains "
            f"({GAINS.get(names[best], 'for your interests')[3:]}) is worth less than the "
            "capital it costs."
        )
    return "Your advisers advise against it: it gains nothing for the capital it costs."
