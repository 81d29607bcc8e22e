"""What one turn carries from phase to phase: the `turn` argument of every phase.

Every phase of `game.engine.PIPELINE` is called as `phase(state, turn)`: it changes the
state in place and writes what it has to report into the turn. Keeping the inputs (rules,
random numbers, calendar, checked orders) and the report being built in one small object
is what lets a new phase be one module and one line in the pipeline, whatever it needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.compile import Context
from game.diplomacy.action_report import ActionReport
from game.rng import TurnRng
from game.rules import Rules


@dataclass
class Turn:
    """One turn being played: its inputs, then the report fields the phases fill in."""

    rules: Rules  # the scenario compiled (game.rules.compile_rules)
    rng: TurnRng  # this turn's random numbers
    ctx: Context  # what expressions see: the state being changed, year and turn
    choices: dict[str, int | np.ndarray]  # the player's usable event answers
    ordered_actions: list | None  # the player's diplomatic orders; None lets the AI act
    rejected: list[str] = field(default_factory=list)  # orders that could not be used
    # The player's checked crisis orders: crisis id -> a party's move or a patron's stance.
    crisis_moves: dict[str, str] = field(default_factory=dict)
    # The diplomacy phase's start-of-turn boards, on which the AI weighs event answers.
    boards: list = field(default_factory=list)
    # Filled in by the phases:
    actions: ActionReport | None = None  # every nation's diplomatic actions (diplomacy)
    decided: np.ndarray | None = None  # (B, E) int8 option applied, -1 none (decisions)
    fired: np.ndarray | None = None  # (B, E) bool events fired, decided next turn (events)
    emerged: np.ndarray | None = None  # (B, N) bool nations that emerged (succession)

    @property
    def year(self) -> int:
        return self.ctx.year

    @property
    def number(self) -> int:
        """The turn's index (0 for the scenario's first turn)."""
        return self.ctx.turn
