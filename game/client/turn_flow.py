"""The coming turn's orders as the player gives them: answers to events, moves in crises
and diplomatic actions, checked as they are given, kept as a draft on the simulation (so a save keeps
them), and sent to the engine when the turn ends; and the autosave after each turn.

No drawing here: the main view shows these orders and asks for them to be played.
"""

from __future__ import annotations

from game.client import crisis_bridge, diplomacy_bridge, saves_bridge
from game.client.session import PendingEvent, Session
from game.crises.view import CrisisView
from game.engine import TurnReport


class TurnOrders:
    """What the player has decided for the coming turn."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.choices: dict[str, int] = {}  # event id -> option index
        self.planned: list[diplomacy_bridge.ActionOption] = []
        self.crisis_moves: dict[str, str] = {}  # crisis id -> move id
        self._restore_draft()

    @property
    def diplomacy(self) -> bool:
        """Whether the player orders actions (an observed campaign orders none)."""
        return self.session.player >= 0

    def unanswered(self) -> list[PendingEvent]:
        return [p for p in self.session.pending() if p.event.id not in self.choices]

    def crises_awaiting(self) -> list[CrisisView]:
        """The crises in which the player's nation must move this turn."""
        return crisis_bridge.awaiting(self.session.crises())

    def undecided_crises(self) -> list[CrisisView]:
        """The crises awaiting a move the player has not chosen yet."""
        return [v for v in self.crises_awaiting() if v.crisis_id not in self.crisis_moves]

    def undecided(self) -> int:
        """How many decisions (events and crises) stand between the player and the next turn."""
        return len(self.unanswered()) + len(self.undecided_crises())

    def choose_move(self, crisis_id: str, move: str) -> None:
        """Record the player's move in a crisis (sent with the orders when the turn ends)."""
        self.crisis_moves[crisis_id] = move
        self._keep_draft()

    def choose(self, event_id: str, option: int) -> None:
        """Record the player's answer (sent with the orders when the turn ends)."""
        self.choices[event_id] = option
        self._keep_draft()

    def capital(self) -> float | None:
        state = self.session.state
        return diplomacy_bridge.capital(state, self.session.player) if self.diplomacy else None

    def status(self) -> str:
        """'Capital 3.4 of 5.0 left · 1 of 2 actions ordered' for the panel and the dialog."""
        parts = []
        capital = self.capital()
        if capital is not None:
            spent = sum(o.cost or 0.0 for o in self.planned)
            parts.append(f"Capital {capital - spent:.1f} of {capital:.1f} left")
        limit = diplomacy_bridge.max_actions(self.session.state)
        ordered = len(self.planned)
        parts.append(
            f"{ordered} of {limit} actions ordered" if limit is not None else f"{ordered} ordered"
        )
        return " · ".join(parts)

    def blocked(self, option: diplomacy_bridge.ActionOption) -> str:
        """Why `option` cannot join this turn's orders now ('' when it can)."""
        return diplomacy_bridge.blocked(
            option, self.planned, self.capital(), diplomacy_bridge.max_actions(self.session.state)
        )

    def toggle(self, option: diplomacy_bridge.ActionOption) -> str:
        """Order an action, or take the order back; returns why an order the rules would
        refuse at the end of the turn is refused now ('' when it was done)."""
        keys = [o.key for o in self.planned]
        if option.key in keys:
            del self.planned[keys.index(option.key)]
        else:
            reason = self.blocked(option)
            if reason:
                return reason
            self.planned.append(option)
        self._keep_draft()
        return ""

    def play(self) -> tuple[TurnReport, dict[str, int]]:
        """Send the orders to the engine; returns the turn's report and the answers given."""
        actions = [option.order for option in self.planned] if self.diplomacy else None
        report = self.session.end_turn(
            self.choices,
            actions,
            [option.title for option in self.planned],
            crisis_moves=self.crisis_moves,
        )
        taken = dict(self.choices)
        self.choices = {}
        self.planned = []
        self.crisis_moves = {}
        self._keep_draft()
        return report, taken

    def _restore_draft(self) -> None:
        """The answers and actions given before a save, when the game was loaded from one
        (so quick save, quick load does not ask again). Ids that no longer fit are dropped."""
        draft = getattr(self.session.sim, "draft", None) or {}
        scenario = self.session.scenario
        pending = {p.event.id for p in self.session.pending()}
        for event_id, option_id in (draft.get("choices") or {}).items():
            if event_id in pending:
                ids = [o.id for o in scenario.events[scenario.event_index[event_id]].options]
                if option_id in ids:
                    self.choices[event_id] = ids.index(option_id)
        awaiting = {view.crisis_id: view for view in self.crises_awaiting()}
        for crisis_id, move in (draft.get("crisis_moves") or {}).items():
            view = awaiting.get(crisis_id)
            if view is not None and move in [m.move for m in view.moves]:
                self.crisis_moves[crisis_id] = move
        wanted = [tuple(a) for a in draft.get("actions") or []]
        if wanted and self.diplomacy:
            options = diplomacy_bridge.options(
                self.session.state, scenario.nation_ids[self.session.player]
            )
            for key in wanted:
                option = next((o for o in options if o.key == key), None)
                if option is not None and not self.blocked(option):
                    self.planned.append(option)

    def _keep_draft(self) -> None:
        """Hand the turn's orders so far to the simulation, for the next save."""
        scenario = self.session.scenario
        self.session.sim.draft = {
            "choices": {
                event_id: scenario.events[scenario.event_index[event_id]].options[k].id
                for event_id, k in self.choices.items()
            },
            "actions": [list(o.key) for o in self.planned],
            "crisis_moves": dict(self.crisis_moves),
        }


def autosave(session: Session) -> str | None:
    """Save after every turn, so a crash or a closed window never costs a campaign;
    returns the message for the player when it failed (the game goes on)."""
    try:
        saves_bridge.autosave(session)
    except saves_bridge.SaveUnavailable as error:
        return f"Autosave failed: {str(error).splitlines()[0]}"
    return None
