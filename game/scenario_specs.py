"""The keys each scenario table may have: the single source for checking and for the docs."""

from __future__ import annotations

from game.fields import PAIR_FIELDS, STATS, stat_field
from game.scenario import INTEREST_WEIGHTS, ODDS_TERMS, PERSONALITY_TRAITS
from game.schema import Field

TOP_LEVEL = {
    "schema_version": Field("int", required=True),
    "include": Field("str_list", default=[]),
    "scenario": Field("table"),
    "drift": Field("table"),
    "economy": Field("table"),
    "blocs": Field("table"),
    "map": Field("table"),
    "nations": Field("tables", default=[]),
    "relations": Field("tables", default=[]),
    "aid": Field("tables", default=[]),
    "treaties": Field("tables", default=[]),
    "eras": Field("tables", default=[]),
    "events": Field("tables", default=[]),
    "diplomacy": Field("table"),
    "actions": Field("tables", default=[]),
    "interests": Field("tables", default=[]),
    "objectives": Field("tables", default=[]),
    "restrictions": Field("tables", default=[]),
    "ai": Field("table"),
    "crises": Field("tables", default=[]),
    "ladder": Field("tables", default=[]),
    "crisis_rules": Field("table"),
}

SCENARIO = {
    "id": Field("str", required=True, doc="a short lower-case id, e.g. 'example_minimal'"),
    "name": Field("str", required=True),
    "description": Field("str", default=""),
    "start_year": Field("int", required=True, low=1000, high=3000),
    "end_year": Field("int", required=True, low=1000, high=3000),
    "months_per_turn": Field("int", default=12, low=1, high=120),
    "default_player": Field("str"),
    "flags": Field("str_list", default=[]),
    "setup": Field("str_list", default=[]),
    "targets": Field("str", doc="a targets file for backtest and calibrate, e.g. 'x/targets.toml'"),
}

NATION = {
    "id": Field("str", required=True, doc="ISO 3166 alpha-3, e.g. 'PAK'"),
    "name": Field("str", required=True),
    "color": Field("str", required=True, doc="'#rrggbb'"),
    "capital": Field("num_list", required=True, doc="[longitude, latitude]"),
    "territory": Field("str_list"),
    "playable": Field("bool", default=False),
    "brief": Field("str", default=""),
    "stats": Field("table", required=True),
    "ideology": Field("table"),
    "emerges": Field("table"),
}

STATS_SPEC = {
    name: Field(
        "num",
        required=name in ("population", "gdp", "gdp_growth", "defence_share"),
        low=low,
        high=high,
    )
    for name, (low, high, _) in STATS.items()
    if name not in ("economy", "religion", "liberty")
}
# Stats a nation may leave out, with the value it then starts with.
for _name, _default in (("population_growth", 1.5), ("stability", 50.0), ("nuclear", 0.0)):
    _stat = stat_field(_name)
    STATS_SPEC[_name] = Field("num", default=_default, low=_stat.low, high=_stat.high)


def stats_spec_for_emerging() -> dict[str, Field]:
    """Emerging nations take population, GDP and military from their predecessor's shares."""
    spec = {k: v for k, v in STATS_SPEC.items() if k not in ("population", "gdp", "military")}
    return spec


IDEOLOGY = {
    axis: Field("num", default=0.0, low=stat_field(axis).low, high=stat_field(axis).high)
    for axis in ("economy", "religion", "liberty")
}

EMERGES = {
    "from": Field("str", required=True, doc="the predecessor nation's id"),
    "when": Field("str", doc="a condition; or use the effect emerge(ID)"),
    "territory": Field("str_list", default=[]),
    "population_share": Field("num", default=0.5, low=0, high=1),
    "gdp_share": Field("num", default=0.5, low=0, high=1),
    "military_share": Field("num", default=0.5, low=0, high=1),
    "relations_share": Field("num", default=0.5, low=0, high=1),
    "inherit_treaties": Field("bool", default=False),
    "predecessor_ends": Field("bool", default=False),
}

_RELATION = PAIR_FIELDS["relation"]
RELATION = {
    "pair": Field("str_list", required=True, doc='two nation ids, e.g. ["PAK", "USA"]'),
    "value": Field("num", required=True, low=_RELATION.low, high=_RELATION.high),
    "baseline": Field("num", low=PAIR_FIELDS["baseline"].low, high=PAIR_FIELDS["baseline"].high),
    "trade": Field(
        "num", default=0.0, low=PAIR_FIELDS["trade"].low, high=PAIR_FIELDS["trade"].high
    ),
    "at_war": Field("bool", default=False),
}

AID = {
    "from": Field("str", required=True),
    "to": Field("str", required=True),
    "amount": Field("num", required=True, low=PAIR_FIELDS["aid"].low, high=PAIR_FIELDS["aid"].high),
}

TREATY = {
    "id": Field("str", required=True),
    "name": Field("str", required=True),
    "kind": Field("str", default="agreement"),
    "text": Field("str", default=""),
    "members": Field("str_list", required=True),
    "start": Field("int", low=1000, high=3000),
    "end": Field("int", low=1000, high=3000),
    "bond": Field("num", default=5.0, low=-50, high=50),
    "against": Field("str_list", default=[]),
    "per_turn": Field("str_list", default=[]),
}

ERA = {
    "id": Field("str", required=True),
    "name": Field("str", required=True),
    "start": Field("int", required=True, low=1000, high=3000),
    "end": Field("int", required=True, low=1000, high=3000),
    "text": Field("str", default=""),
}

EVENT = {
    "id": Field("str", required=True),
    "title": Field("str", required=True),
    "text": Field("str", required=True),
    "note": Field("str", default=""),
    "nation": Field("str"),
    "involves": Field("str_list", default=[]),
    "years": Field("num_list", low=1000, high=3000),
    "trigger": Field("str"),
    "chance": Field("num", low=0, high=1),
    "mtth": Field("num", low=0.01, high=1000),
    "modifiers": Field("tables", default=[]),
    "once": Field("bool", default=True),
    "cooldown": Field("int", default=0, low=0, high=1000),
    "options": Field("tables", required=True),
    "kind": Field("str", default="history", doc="history | alternate | future"),
    "variants": Field("tables", default=[], doc="[[events.variants]]: when, text"),
}

EVENT_KINDS = ("history", "alternate", "future")

VARIANT = {
    "when": Field("str", required=True, doc="a condition, checked when the event is shown"),
    "text": Field("str", required=True),
}

MODIFIER = {
    "factor": Field("num", required=True, low=0, high=100),
    "when": Field("str", required=True),
}

OPTION = {
    "id": Field("str", required=True),
    "label": Field("str", required=True),
    "historical": Field("bool", default=False),
    "ai_weight": Field("any", default=1.0),
    "effects": Field("str_list", default=[]),
    "explain": Field("str", default=""),
    "motives": Field("table", default={}),
}


def make_spec(defaults: dict[str, float]) -> dict[str, Field]:
    """A spec of optional non-negative numbers, for the [drift]/[economy]/[blocs] tables."""
    return {name: Field("num", default=value, low=0, high=1000) for name, value in defaults.items()}


# Diplomatic play: actions, what each nation's AI pursues, and the playable nations' goals.
ACTION = {
    "id": Field("str", required=True),
    "name": Field("str", required=True),
    "log": Field(
        "str", doc="event-log phrase with {target} and {other}, e.g. 'buys arms from {target}'"
    ),
    "text": Field("str", default=""),
    "target": Field("str", default="nation", doc="nation | treaty | none | mediation"),
    "treaty_kinds": Field(
        "str_list", default=[], doc="treaty actions: the kinds they apply to (all if empty)"
    ),
    "cost": Field("num", default=1.0, low=0, high=100, doc="diplomatic capital"),
    "cooldown": Field(
        "num", default=0.0, low=0, high=100, doc="least years between two uses by one nation"
    ),
    "requires": Field("str", doc="a condition on SELF, TARGET (and OTHER)"),
    "chance": Field("num", default=1.0, low=0, high=1, doc="chance of success on neutral terms"),
    "odds": Field("table"),
    "modifiers": Field("tables", default=[]),
    "effects": Field("str_list", default=[]),
    "on_failure": Field("str_list", default=[]),
    "react": Field("num", default=0.0, low=-50, high=50),
    "alarm": Field("num", default=0.0, low=-50, high=50),
}

ODDS = {name: Field("num", default=0.0, low=-20, high=20) for name in ODDS_TERMS}

ACTION_MODIFIER = {
    "add": Field("num", required=True, low=-20, high=20, doc="shift of the log-odds"),
    "when": Field("str", required=True),
}

INTEREST = {
    "nation": Field("str", required=True),
    "rivals": Field("str_list", default=[]),
    "patrons": Field("str_list", default=[]),
    "clients": Field("str_list", default=[]),
    "while": Field("table", default={}),
    "weights": Field("table"),
    "personality": Field("table"),
}

INTEREST_WEIGHT_SPEC = {
    name: Field("num", default=value, low=0, high=10) for name, value in INTEREST_WEIGHTS.items()
} | {"objectives": Field("num", default=1.0, low=0, high=10, doc="pursuit of its objectives")}
AI_SPEC = {
    "temperature": Field("num", default=0.6, low=0.05, high=20),
    "prior": Field("num", default=1.0, low=0, high=10),
    "courting": Field("num", default=1.0, low=0, high=20),
    "horizon": Field("num", default=0.0, low=0, high=1000, doc="years the AI looks ahead; 0: all"),
    "market": Field(
        "num", default=0.5, low=0, high=1, doc="economy interest: share for size, rest for trade"
    ),
    "sanction_years": Field(
        "num",
        default=2.0,
        low=0,
        high=50,
        doc="years of own forgone growth a sanction is priced at",
    ),
    "nations": Field("table", default={}),
}
AI_NATION_SPEC = {"weights": Field("table"), "personality": Field("table")}
PERSONALITY_SPEC = {
    name: Field("num", default=value, low=0, high=1) for name, value in PERSONALITY_TRAITS.items()
}

RESTRICTION = {
    "nation": Field("str", required=True),
    "actions": Field("str_list", required=True, doc="ids of the actions it may not take"),
    "targets": Field("str_list", default=[], doc="nations (or treaties) it may not take them on"),
    "while": Field("str", doc="a condition; always when left out"),
    "why": Field("str", required=True, doc="the law or doctrine, in a sentence"),
}

OBJECTIVE = {
    "nation": Field("str", required=True),
    "id": Field("str", required=True),
    "name": Field("str", required=True),
    "text": Field("str", default=""),
    "when": Field("str", required=True, doc="a condition with concrete nation ids"),
    "check": Field("str", default="end", doc="end | always | ever | share"),
    "points": Field("num", default=10.0, low=0, high=1000),
}


# Crises: the ladder of levels, each crisis between two parties, and the rules of rounds.
RUNG = {
    "name": Field("str", required=True, doc="e.g. 'Mobilisation'"),
    "cost": Field("num", default=0.0, low=0, high=100, doc="prestige points per round"),
    "accident_risk": Field(
        "num", default=0.0, low=0, high=1, doc="chance per round the next level comes unbidden"
    ),
    "kind": Field("str", default="", doc="'' | war | nuclear"),
    "text": Field("str", default=""),
}
CRISIS_KINDS = ("", "war", "nuclear")

CRISIS = {
    "id": Field("str", required=True),
    "title": Field("str", required=True),
    "text": Field("str", default=""),
    "note": Field("str", default=""),
    "parties": Field("str_list", required=True, doc='two nation ids, e.g. ["PAK", "IND"]'),
    "patrons": Field("tables", default=[], doc="[[crises.patrons]]: nation, side, historical"),
    "start_level": Field("int", default=0, low=0, high=20),
    "stakes": Field("num", default=10.0, low=0, high=100, doc="prestige points at stake"),
    "terrain": Field(
        "num", default=0.0, low=-5, high=5, doc="a war's odds tilted to the second party"
    ),
    "history": Field(
        "str_list", default=[], doc='moves per round, "first/second", e.g. "escalate/hold"'
    ),
    "outcome": Field("str", default="", doc="settled | war | backed_down:<nation>"),
    "winner": Field("str", default="", doc="history's winner of a war; '' for a stalemate"),
    "on_settled": Field("str_list", default=[]),
    "on_war": Field("str_list", default=[]),
    "on_backed_down": Field("table", default={}, doc="{nation = [effects]} when it backs down"),
    "on_win": Field("table", default={}, doc="{nation = [effects]} when it wins a war"),
    "provoked_by": Field("tables", default=[], doc="[[crises.provoked_by]]: action, actor, target"),
}

PROVOCATION = {
    "action": Field("str", required=True, doc="an action id, e.g. 'sell_arms'"),
    "actor": Field("str", required=True, doc="the nation taking it"),
    "target": Field("str", required=True, doc="the nation it is taken toward"),
}

CRISIS_PATRON = {
    "nation": Field("str", required=True),
    "side": Field("str", default="", doc="the party it leans to; '' to let relations decide"),
    "historical": Field("str", default="stay_out", doc="back | restrain | stay_out"),
}
