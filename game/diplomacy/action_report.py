"""What a turn's diplomacy did, in every run: the report the diplomacy phase fills in and
the turn carries (game.turn), kept on the core floor so the turn can name its type without
reaching up to the phase that builds it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class ActionReport:
    """The turn's actions in every run: K slots per nation, option -1 for an empty slot."""

    option: np.ndarray  # (B, N, K) int64 index on the flat option axis (DiplomacyRules)
    success: np.ndarray  # (B, N, K) bool
    chance: np.ndarray  # (B, N, K) float, the chance it had
    other: np.ndarray  # (B, N, K) int64 mediation's second party, -1
    reason: (
        np.ndarray
    )  # (B, N, K) int8 interest behind an AI action (game.diplomacy.rules.COMPONENTS), -1
    reason_nation: np.ndarray  # (B, N, K) int64 nation the reason names, -1
    by_person: np.ndarray  # (B, N, K) bool: ordered by the person, not the AI


def empty_report(batch: int, nations: int, slots: int) -> ActionReport:
    shape = (batch, nations, slots)
    return ActionReport(
        option=np.full(shape, -1, dtype=np.int64),
        success=np.zeros(shape, dtype=bool),
        chance=np.zeros(shape),
        other=np.full(shape, -1, dtype=np.int64),
        reason=np.full(shape, -1, dtype=np.int8),
        reason_nation=np.full(shape, -1, dtype=np.int64),
        by_person=np.zeros(shape, dtype=bool),
    )
