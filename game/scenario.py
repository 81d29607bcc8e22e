"""The rules of one scenario, as loaded and checked from its files.

A `Scenario` is immutable and never saved with a game: the state refers to it by id and
content hash (as Unciv's GameInfo refers to its ruleset). Ids are strings here and become
array indices through the `*_index` maps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.expr import Effect, Node
from game.fields import STAT_INDEX as STAT_INDEX
from game.fields import STAT_NAMES as STAT_NAMES
from game.fields import STATS as STATS
from game.mapdata import MapSpec

# The stats (range, meaning, label) are defined once, in game.fields.
IDEOLOGY_AXES: tuple[str, ...] = ("economy", "religion", "liberty")
# Extensive stats are split between predecessor and successor on succession.
EXTENSIVE_STATS: tuple[str, ...] = ("population", "gdp", "military")
# Read-only stats computed from the others, usable in stat(X, name).
DERIVED_STATS: dict[str, str] = {
    "milex": "defence spending, US$ bn per year (gdp × defence_share / 100)",
    "power": "share of all active nations' power (GDP and military), 0..1",
}

# Points per year at full strength; a steady term T shifts a relation by about T / decay
# from its baseline, so with decay 0.25 the balance term moves it at most ~8 points.
DRIFT_DEFAULTS: dict[str, float] = {
    "balance": 2.0,
    "ideology": 1.0,
    "trade": 1.5,
    "aid": 3.0,
    "treaty": 1.0,
    "decay": 0.25,
    "noise": 1.5,
    "war": 30.0,
    "sanction": 8.0,
}
ECONOMY_DEFAULTS: dict[str, float] = {
    "military_depreciation": 0.1,
    "war_growth_cost": 2.0,
    "sanction_growth_cost": 1.5,
    "sanction_self_cost": 1.0,
    "aid_growth_effect": 20.0,
    "stability_growth_effect": 0.04,
    "growth_noise": 0.8,
    "stability_recovery": 0.1,
    "war_stability_cost": 4.0,
}
BLOC_DEFAULTS: dict[str, float] = {
    "join_threshold": 15.0,
}
# Diplomatic play (the [diplomacy] table): capital per year is
# base + power * sqrt(power share) + stability * stability / 100.
DIPLOMACY_DEFAULTS: dict[str, float] = {
    "capital_base": 1.0,
    "capital_power": 6.0,
    "capital_stability": 1.0,
    "capital_carry": 1.0,  # unspent capital kept, in years of income
    "max_actions": 3.0,  # actions a nation may take in one turn
    "win_share": 0.6,  # share of objective points that counts as a won game
    "objective_weight": 0.7,  # weight of objectives in the final score; the rest is general
}
# The AI's tuning ([ai] table): what `calibrate` fits besides interests and personality.
AI_DEFAULTS: dict[str, float] = {
    "temperature": 0.6,  # event answers of a normal AI: utility worth a factor e in the odds
    "prior": 1.0,  # exponent on the designer's ai_weight odds when the AI answers an event
    "courting": 1.0,  # how strongly a courted nation's rivals cool to the courting nation
    # Years ahead the AI looks when it pursues objectives graded at the end: their pull is
    # weighted by exp(-years left / horizon). 0: no discount, pursued in full from the start.
    "horizon": 0.0,
    # What the economy interest sees in a partner: this share for the size of its economy
    # (a market one might win), the rest for the trade actually done with it.
    "market": 0.5,
    # Years of a sanctioner's own forgone growth the AI counts when it weighs a sanction
    # (the economy's sanction_self_cost a year): how long it expects a sanction to last.
    "sanction_years": 2.0,
}
# What a nation's AI pursues, and the default weight of each interest.
INTEREST_WEIGHTS: dict[str, float] = {
    "security": 1.0,  # against named rivals and whoever threatens it
    "economy": 0.7,  # growth, trade and aid
    "patron": 0.6,  # a strong friend hostile to its threats (weak nations need one most)
    "ideology": 0.3,  # warm to the like-minded, cool to the opposed
    "bloc": 0.3,  # lead a camp: court clients, keep the camp together
    "stability": 0.5,  # keep the country whole
}
PERSONALITY_TRAITS: dict[str, float] = {
    "risk": 0.5,  # 0 fears failure, 1 shrugs it off
    "thrift": 0.5,  # 0 spends freely, 1 hoards diplomatic capital
    "accommodation": 0.3,  # Finlandization: appeasing a stronger threat
}
# Crises ([crisis_rules] table): how rounds are played and what wars cost. Stakes, costs
# and losses are in prestige points, the unit of a crisis's stakes.
CRISIS_DEFAULTS: dict[str, float] = {
    "rounds_per_turn": 1.0,  # rounds of every open crisis played in one turn
    "max_rounds": 4.0,  # a crisis still open after this many rounds is settled by exhaustion
    "patron_standing": 6.0,  # relation lost with each patron backing a party that backs down
    "war_stability": 6.0,  # stability each party loses in a war (the loser twice)
    "war_gdp": 2.0,  # per cent of GDP each party loses in a war
    "war_relation": 10.0,  # relation lost between the two parties in a war
    "war_strength": 1.5,  # how much the balance of strength decides a war (logit per log ratio)
    "patron_share": 0.3,  # share of a backing patron's military that counts in a war
    "stalemate": 0.35,  # chance a war ends with no winner
    "war_cost": 12.0,  # what a war costs each party beyond its stakes, in prestige points
    "nuclear_loss": 400.0,  # what nuclear use costs every nation, in prestige points
    "mediation_pull": 0.6,  # share of the stakes a patron's restraint adds to settling
    "temperature": 1.0,  # the AI's noise when it weighs moves (a normal AI)
}
# The default ladder: (name, cost per round in prestige points, accident risk, kind).
DEFAULT_LADDER: tuple[tuple[str, float, float, str], ...] = (
    ("Protest", 0.0, 0.03, ""),
    ("Alert", 0.5, 0.05, ""),
    ("Mobilisation", 1.5, 0.08, ""),
    ("Limited strikes", 3.0, 0.12, ""),
    ("War", 0.0, 0.08, "war"),
    ("Nuclear use", 0.0, 0.0, "nuclear"),
)
ACTION_TARGETS = ("nation", "treaty", "none", "mediation")
ODDS_TERMS = ("relation", "ideology", "power", "third", "stability", "trade")
OBJECTIVE_CHECKS = ("end", "always", "ever", "share")


@dataclass(frozen=True)
class Emergence:
    """How a nation that does not exist at the start comes into being."""

    from_id: str
    when: Node | None
    territory: tuple[str, ...]
    population_share: float
    gdp_share: float
    military_share: float
    relations_share: float
    inherit_treaties: bool
    predecessor_ends: bool


@dataclass(frozen=True)
class NationDef:
    id: str
    name: str
    color: tuple[int, int, int]
    capital: tuple[float, float]
    territory: tuple[str, ...]
    playable: bool
    brief: str
    stats: dict[str, float]
    emerges: Emergence | None = None


@dataclass(frozen=True)
class TreatyDef:
    id: str
    name: str
    kind: str
    text: str
    members: tuple[str, ...]
    start: int | None
    end: int | None
    bond: float
    against: tuple[str, ...]
    per_turn: tuple[Effect, ...]


@dataclass(frozen=True)
class EraDef:
    id: str
    name: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class OptionDef:
    id: str
    label: str
    historical: bool
    ai_weight: Node
    effects: tuple[Effect, ...]
    explain: str
    # What the option offers the deciding nation beyond its effects (prestige, doctrine,
    # autonomy), in units of its interests: {interest: amount}. The AI adds amount × the
    # nation's weight of that interest to the option's value.
    motives: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class EventDef:
    id: str
    title: str
    text: str
    note: str
    nation: str | None
    involves: tuple[str, ...]
    years: tuple[int, int]
    trigger: Node | None
    chance: float | None
    mtth: float | None
    modifiers: tuple[tuple[float, Node], ...]
    once: bool
    cooldown: int
    options: tuple[OptionDef, ...]
    # Whether it happened: "history", "alternate" (only after choices history did not
    # take) or "future". Only history's events have a choice history actually took.
    kind: str = "history"
    # (condition, text): the first whose condition holds when the event is shown replaces
    # `text`, so the text can follow the choices made before it.
    variants: tuple[tuple[Node, str], ...] = ()

    @property
    def historical_index(self) -> int:
        """Index of the historical option, or 0 when none is marked."""
        for i, option in enumerate(self.options):
            if option.historical:
                return i
        return 0


@dataclass(frozen=True)
class ActionDef:
    """A diplomatic action. Its expressions name the actor SELF, the target TARGET (a nation
    or, for treaty actions, a treaty) and, when mediating, the target's adversary OTHER."""

    id: str
    name: str
    log: str  # phrase for the event log, with {target} and {other}
    text: str
    target: str  # one of ACTION_TARGETS
    treaty_kinds: tuple[str, ...]
    cost: float
    cooldown: float  # least years between two uses by the same nation
    requires: Node | None
    requires_text: str
    chance: float
    odds: dict[str, float]  # logit weight of each of ODDS_TERMS
    modifiers: tuple[tuple[float, Node], ...]  # (logit shift, condition)
    effects: tuple[Effect, ...]
    on_failure: tuple[Effect, ...]
    react: float  # third parties warm or cool to SELF by their view of TARGET
    alarm: float  # everyone short of a firm friend cools to SELF


@dataclass(frozen=True)
class InterestDef:
    """What a nation's AI pursues: named rivals, patrons and clients, and weights."""

    nation: str
    rivals: tuple[str, ...]
    patrons: tuple[str, ...]
    clients: tuple[str, ...]
    weights: dict[str, float]
    personality: dict[str, float]
    # (named nation, condition): the tie counts only in the runs and years where the
    # condition holds (a client worth courting while it stands against one's rival).
    conditions: tuple[tuple[str, Node], ...] = ()


@dataclass(frozen=True)
class RestrictionDef:
    """A law or doctrine: a nation does not take these actions (on these targets) while
    `condition` holds (game.diplomacy.restrictions)."""

    nation: str
    actions: tuple[str, ...]
    targets: tuple[str, ...]  # nation or treaty ids; empty: every target
    condition: Node | None  # None: always
    why: str


@dataclass(frozen=True)
class ObjectiveDef:
    """A goal of a playable nation, graded at the end: check says when `when` must hold."""

    nation: str
    id: str
    name: str
    text: str
    when: Node
    check: str  # one of OBJECTIVE_CHECKS
    points: float


@dataclass(frozen=True)
class RungDef:
    """One level of the crisis ladder. `kind` is "war" for the level where a crisis becomes
    a war, "nuclear" for nuclear use, "" for the levels below; `accident_risk` is the chance
    per round that the next level comes unbidden while the parties stand here (at the war
    level: that the war turns nuclear when a party holds the bomb)."""

    name: str
    cost: float  # prestige points each party pays per round at this level
    accident_risk: float
    kind: str = ""
    text: str = ""


@dataclass(frozen=True)
class CrisisPatronDef:
    """A power that may back or restrain a party: the side it leans to, and (for the
    historical policy) the stance history took."""

    nation: str
    side: str  # the party it leans to; "" to let relations decide
    historical: str  # one of game.crises.view.PATRON_STANCES


@dataclass(frozen=True)
class CrisisDef:
    """A crisis between two fixed parties, opened by `open_crisis(id)` in an effect.

    `history` holds the moves the parties made, round by round, and `outcome` how it
    ended ("settled", "war", "backed_down:<nation>"); the historical policy replays them.
    """

    id: str
    title: str
    text: str
    parties: tuple[str, str]
    patrons: tuple[CrisisPatronDef, ...]
    start_level: int
    stakes: float
    terrain: float  # shifts a war's odds toward the second party (the defender), in logits
    history: tuple[tuple[str, str], ...]
    outcome: str  # history's outcome, "" when none is recorded
    winner: str  # history's winner of a war, "" for a stalemate
    on_settled: tuple[Effect, ...]
    on_war: tuple[Effect, ...]
    on_backed_down: tuple[tuple[Effect, ...], tuple[Effect, ...]]  # when party 0 / 1 backs down
    on_win: tuple[tuple[Effect, ...], tuple[Effect, ...]]  # when party 0 / 1 wins a war
    note: str = ""
    # Provocations: (action id, actor, target) whose success opens the crisis, as a party
    # objects to what another nation did (arms to its rival, a base beside it).
    provoked_by: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, eq=False)
class Scenario:
    """Compared and hashed by identity: compiled rules are cached per loaded scenario."""

    id: str
    name: str
    description: str
    path: str
    content_hash: str
    start_year: int
    end_year: int
    months_per_turn: int
    default_player: str | None
    nations: tuple[NationDef, ...]
    relations: np.ndarray  # (N, N) starting relations
    baselines: np.ndarray  # (N, N)
    trade: np.ndarray  # (N, N) symmetric 0..100
    aid: np.ndarray  # (N, N) donor row -> recipient column, US$ bn / yr
    wars: tuple[tuple[str, str], ...]
    treaties: tuple[TreatyDef, ...]
    eras: tuple[EraDef, ...]
    events: tuple[EventDef, ...]
    flags: tuple[str, ...]
    initial_flags: tuple[str, ...]
    drift: dict[str, float]
    economy: dict[str, float]
    blocs: dict[str, float]
    nation_index: dict[str, int] = field(default_factory=dict)
    event_index: dict[str, int] = field(default_factory=dict)
    treaty_index: dict[str, int] = field(default_factory=dict)
    flag_index: dict[str, int] = field(default_factory=dict)
    era_index: dict[str, int] = field(default_factory=dict)
    regions: tuple[str, ...] = ()
    actions: tuple[ActionDef, ...] = ()
    interests: tuple[InterestDef, ...] = ()
    objectives: tuple[ObjectiveDef, ...] = ()
    restrictions: tuple[RestrictionDef, ...] = ()
    diplomacy: dict[str, float] = field(default_factory=lambda: dict(DIPLOMACY_DEFAULTS))
    action_index: dict[str, int] = field(default_factory=dict)
    relation_given: np.ndarray | None = None  # (N, N) bool: pairs listed in [[relations]]
    setup: tuple[Effect, ...] = ()  # effects applied once, before the first turn
    targets: str | None = None  # path of the targets file named by [scenario] targets
    ai: dict[str, float] = field(default_factory=lambda: dict(AI_DEFAULTS))  # the [ai] table
    map: MapSpec = field(default_factory=MapSpec)  # the [map] table: view, labels, disputes
    crises: tuple[CrisisDef, ...] = ()
    crisis_index: dict[str, int] = field(default_factory=dict)
    ladder: tuple[RungDef, ...] = tuple(RungDef(*rung) for rung in DEFAULT_LADDER)
    crisis_rules: dict[str, float] = field(default_factory=lambda: dict(CRISIS_DEFAULTS))

    @property
    def nation_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nations)

    def nation_number(self, nation_id: str) -> int:
        """The index of a nation id given by a caller; ValueError naming the ids there are."""
        if nation_id not in self.nation_index:
            raise ValueError(
                f"unknown nation {nation_id!r}; this scenario has {', '.join(self.nation_ids)}"
            )
        return self.nation_index[nation_id]

    @property
    def playable(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nations if n.playable)

    @property
    def years_per_turn(self) -> float:
        return self.months_per_turn / 12.0

    @property
    def turns(self) -> int:
        """Number of turns from start_year through end_year (the last year played)."""
        return self.turns_until(self.end_year)

    def turns_until(self, year: int) -> int:
        """Number of turns whose year is at most `year`."""
        months = (year - self.start_year + 1) * 12
        return max(0, -(-months // self.months_per_turn))

    def year_of_turn(self, turn: int) -> int:
        return self.start_year + int(turn * self.months_per_turn // 12)

    def era_at(self, year: int) -> EraDef | None:
        for era in self.eras:
            if era.start <= year < era.end or (year == era.end == self.end_year):
                return era
        return None
