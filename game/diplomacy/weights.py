"""Constants of the AI's valuation, shared by the exact and the fast (linear) paths."""

from __future__ import annotations

BASELINE_FACTOR = 2.5  # a baseline shift lasts; a relation shift decays back
TRADE_ECONOMY = 0.02  # value of one trade point to each partner's economy interest
TRADE_GOODWILL = (
    0.0006  # relation value of one trade point: 1.5 points a year for ~4 years, per 100
)
SANCTION_RELATION = -0.32  # a sanction costs about 32 relation points over its life
