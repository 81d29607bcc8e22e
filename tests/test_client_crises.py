"""The crisis dialog and its turn flow, driven with posted input as a person plays: a
crisis opens, ending the turn asks for a move, the move goes into the turn's orders; and
real frames of the dialog under the dummy video driver."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from dataclasses import replace
from pathlib import Path

import crisis_fakes
import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game import load_scenario
from game.client import crisis_bridge, diplomacy_bridge
from game.client.app import App
from game.client.driver import Driver
from game.client.scenes.main_view import MainView
from game.client.scenes.title import TitleScene
from game.client.session import Session
from game.client.settings import Settings
from game.client.text import html

SHORT = Path(__file__).resolve().parent / "data" / "client_short.toml"


pytestmark = pytest.mark.usefixtures("private_folders")


@pytest.fixture
def fake_crises(monkeypatch):
    monkeypatch.setattr(crisis_bridge, "source", crisis_fakes.source)


@pytest.fixture
def driver(fake_crises):
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1280, 720))
    app.scenario_folders.append(SHORT.parent)
    app.push(TitleScene(app))
    d = Driver(app)
    d.frames(2)
    return d


def start(d: Driver, nation: str = "PAK"):
    d.click(d.button("New campaign"))
    d.click(d.button("Test: Five Years"))
    d.click(d.top.nation_buttons[nation])
    d.click(d.button("Start campaign"))
    d.settle()
    assert d.top.name == "main"
    return d.top


def to_crisis(d: Driver) -> None:
    """Close the summary and answer events until the crisis dialog (or the map) is on top."""
    for _ in range(20):
        if d.top.name == "summary":
            d.key(pygame.K_RETURN)
        elif d.top.name == "event":
            d.key(pygame.K_1, "1")
        else:
            return
        d.settle(0.6)


def test_a_crisis_asks_for_a_move_and_the_move_reaches_the_orders(driver):
    d = driver
    view = start(d)
    session = view.session
    d.key(pygame.K_RETURN)  # turn 1: nothing waits
    d.settle()
    to_crisis(d)
    assert d.top.name == "crisis", "the crisis asks for a move after the events"
    assert d.top.current.crisis_id == "rann" and d.top.current.moves
    # Decide later: the map comes back and the turn cannot end yet.
    d.click(d.button("Decide later"))
    assert d.top is view
    assert view.widgets["end_turn"].text.startswith("Decide (1)")
    d.key(pygame.K_RETURN)
    assert d.top.name == "crisis", "ending the turn asks for the crisis first"
    # The arrows and Enter pick a move, as the digit keys do.
    d.key(pygame.K_DOWN)
    d.key(pygame.K_DOWN)
    assert d.top.highlight == 1
    d.key(pygame.K_RETURN)
    assert d.top is view and view.orders.crisis_moves == {"rann": "hold"}
    assert view.widgets["end_turn"].text == "End turn"
    assert session.sim.draft["crisis_moves"] == {"rann": "hold"}, "a save keeps the move"
    d.key(pygame.K_RETURN)
    d.settle()
    assert session.sim.orders[-1].crisis_moves == {"rann": "hold"}
    assert view.orders.crisis_moves == {}
    to_crisis(d)
    assert d.top.name == "crisis", "the next round asks again"
    d.key(pygame.K_3, "3")
    assert view.orders.crisis_moves == {"rann": "back_down"}


def test_c_opens_the_crises_of_the_year_without_moves_for_an_observer(fake_crises):
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1280, 720))
    app.start_session(Session.new(load_scenario(SHORT), None, seed=1))
    d = Driver(app)
    d.settle()
    view = d.top
    assert view.name == "main" and view.session.player < 0
    d.key(pygame.K_c, "c")
    assert d.top is view and "No crisis" in (d.app.toast_text or "")
    d.key(pygame.K_RETURN)
    d.settle()
    to_crisis(d)
    assert d.top is view, "an observer is never asked"
    d.key(pygame.K_c, "c")
    assert d.top.name == "crisis" and d.top.current.moves == ()
    assert d.button("Close")
    d.key(pygame.K_ESCAPE)
    assert d.top is view


@pytest.mark.parametrize("size", [(1280, 720), (2560, 1440), (1024, 640)])
def test_the_dialog_draws_the_ladder_with_every_text_inside_it(fake_crises, size):
    app = App(settings=Settings(animation="fast"), settings_path=None, size=size)
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    app.start_session(session)
    view = app.top
    for _ in range(3):
        session.end_turn({})
    app.push("crisis", view=view, crises=view.orders.undecided_crises())
    Driver(app).frames(3)
    dialog = app.top
    crisis = dialog.current
    assert crisis.level == 2 and len(dialog.rung_rects) == len(crisis.ladder)
    # Top rung first: the current rung is lit in its level's colour, the ones above are not.
    lit = dialog.rung_rects[len(crisis.ladder) - 1 - crisis.level]
    colour = crisis_bridge.level_colour(crisis.level, len(crisis.ladder))
    assert tuple(app.screen.get_at((lit.x + 4, lit.centery)))[:3] == colour
    above = dialog.rung_rects[0]
    assert tuple(app.screen.get_at((above.x + 4, above.centery)))[:3] != colour
    assert dialog.drawn and all(dialog.box.contains(rect) for rect in dialog.drawn)
    left = dialog.box.x + dialog.pad + dialog.left_w
    for rect in dialog.drawn:  # the two columns never run into each other
        assert rect.right <= left or rect.x >= left + dialog.gap or rect.y < dialog.rung_rects[0].y
    for button in dialog.move_buttons:
        assert dialog.box.contains(button.rect)
    assert dialog.later_button.rect.top >= max(r.bottom for r in dialog.drawn)
    pixels = pygame.surfarray.array3d(app.screen)[::7, ::7].reshape(-1, 3)
    assert len({tuple(p) for p in pixels}) > 20, "the frame is nearly blank"


def test_a_long_crisis_is_trimmed_to_fit_a_small_window(fake_crises, monkeypatch):
    long = "The armies face each other along the whole border and neither will blink. " * 6

    def wordy(state, run=0, viewer=None):
        views = crisis_fakes.source(state, run, viewer)
        return [
            replace(v, text=long, parties=tuple(replace(p, reason=long) for p in v.parties))
            for v in views
        ]

    monkeypatch.setattr(crisis_bridge, "source", wordy)
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1024, 640))
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    app.start_session(session)
    view = app.top
    session.end_turn({})
    session.end_turn({})
    app.push("crisis", view=view, crises=view.orders.undecided_crises())
    Driver(app).frames(3)
    dialog = app.top
    assert all(dialog.box.contains(rect) for rect in dialog.drawn)
    assert app.screen.get_rect().contains(dialog.box)
    assert dialog.later_button.rect.top >= max(r.bottom for r in dialog.drawn)


def test_crisis_words_come_from_the_records():
    rann = crisis_fakes.crisis(3, "PAK")
    assert crisis_bridge.level_name(rann) == "Mobilisation"
    assert crisis_bridge.party_line(rann.parties[1], "PAK") == "Pakistan (you) escalated"
    assert crisis_bridge.patron_line(rann, rann.patrons[0]) == "United States restrains Pakistan"
    assert crisis_bridge.patron_line(rann, rann.patrons[1]) == "Soviet Union stays out"
    assert crisis_bridge.percent(0.001) == "<1%" and crisis_bridge.percent(0.3) == "30%"
    ended = replace(rann, outcome="backed_down:IND")
    assert crisis_bridge.outcome_text(ended) == "India backed down"
    assert crisis_bridge.awaiting([rann, ended]) == [rann]


def test_the_turn_summary_lists_crises_that_opened_rose_and_ended(monkeypatch):
    from game.client.scenes.turn_summary import crisis_lines, summary_html

    state = {"ended": False}

    def source(s, run=0, viewer=None):
        views = crisis_fakes.source(s, run, viewer)
        if state["ended"] and s.turn >= 3:
            return [replace(v, outcome="war", moves=()) for v in views]
        return views

    monkeypatch.setattr(crisis_bridge, "source", source)
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    report = session.end_turn({})
    assert crisis_lines(session, 1) == ["Crisis opened: The Rann of Kutch (Protest)."]
    assert "CRISES" in summary_html(session, 1, report, {})
    session.end_turn({})
    assert any("rose to Alert (from Protest)" in line for line in crisis_lines(session, 2))
    assert any("India held firm; Pakistan escalated" in line for line in crisis_lines(session, 2))
    state["ended"] = True
    session.end_turn({})
    ended = crisis_lines(session, 3)
    assert any("Crisis over: The Rann of Kutch, ended in war" in line for line in ended)
    assert "color=" in ended[0], "a war is told in the alarm colour"


def test_an_observed_campaign_says_no_nation_is_led_and_lists_the_actions_taken():
    from game.client.panels.diplomacy import observed_html

    session = Session.new(load_scenario(SHORT), None, seed=1, policy="ai")
    assert "No nation is led" in observed_html(session)
    assert "No diplomatic actions in this version" not in observed_html(session)
    for _ in range(2):
        session.end_turn({})
    text = observed_html(session)
    lines = diplomacy_bridge.turn_lines(session.state, session.reports[-1])
    assert lines, "under the AI the nations act"
    assert f"Actions in {session.year_of(session.last - 1)}" in text
    assert html(lines[0][0]) in text


def test_spans_follow_a_crisis_across_turns_to_its_peak_and_outcome():
    turns = [
        [],
        [crisis_fakes.crisis(1, "PAK")],
        [crisis_fakes.crisis(2, "PAK")],
        [crisis_fakes.crisis(4, "PAK")],
        [replace(crisis_fakes.crisis(2, "PAK"), outcome="backed_down:PAK", moves=())],
        [],
        [replace(crisis_fakes.crisis(1, "PAK"), opened_year=1959)],
    ]
    years = list(range(1953, 1960))
    first, again = crisis_bridge.spans(turns, years)
    assert (first.first, first.last, first.peak_name) == (1954, 1957, "Limited strikes")
    assert first.outcome == "Pakistan backed down" and first.involves("IND")
    assert (again.first, again.last, again.outcome) == (1959, 1959, "ongoing")
    assert not again.involves("USA"), "a patron is not a party"


def test_the_history_view_draws_each_crisis_of_the_pair_with_its_tooltip(fake_crises):
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1280, 720))
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    for _ in range(3):
        session.end_turn({})
    app.start_session(session)
    scenario = session.scenario
    app.push("history", session=session, first=scenario.nation_index["PAK"])
    d = Driver(app)
    d.frames(3)
    history = d.top
    history.b = scenario.nation_index["IND"]
    d.frames(2)
    ((bar, span),) = history.crisis_bars
    assert span.title == "The Rann of Kutch" and span.peak_name == "Mobilisation"
    colour = crisis_bridge.level_colour(span.peak, span.rungs)
    assert tuple(app.screen.get_at(bar.center))[:3] == colour
    d.move(bar.center)
    d.frames(40)
    assert history.tips.showing and "Crisis:</font> The Rann of Kutch" in history.tips.showing
    history.b = scenario.nation_index["USA"]
    history.a = scenario.nation_index["SUN"]
    d.frames(2)
    assert history.crisis_bars == [], "neither nation is a party"


CRISIS_SMALL = Path(__file__).resolve().parent / "data" / "crisis_small.toml"


@pytest.fixture
def open_crisis_world(tmp_path) -> Path:
    """The small crisis world played by the rules (no history's moves), one round a
    turn, so the crisis is still open when the player must move."""
    text = CRISIS_SMALL.read_text(encoding="utf-8")
    text = text.replace("rounds_per_turn = 2", "rounds_per_turn = 1")
    text = text.replace('history = ["escalate/hold", "hold/accept_mediation"]\n', "")
    text = text.replace('outcome = "backed_down:BBB"\n', "")
    path = tmp_path / "crisis_open.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_engine_s_crisis_reaches_the_dialog_and_the_move_reaches_the_engine(
    open_crisis_world,
):
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1280, 720))
    session = Session.new(load_scenario(open_crisis_world), "AAA", seed=0)
    app.start_session(session)
    d = Driver(app)
    d.settle()
    view = d.top
    for _ in range(6):
        if d.top.name == "crisis":
            break
        if d.top.name == "main":
            d.key(pygame.K_RETURN)
            d.settle()
        to_crisis(d)
    dialog = d.top
    assert dialog.name == "crisis" and dialog.current.crisis_id == "border_crisis"
    crisis = dialog.current
    assert crisis.viewer_role == "party" and crisis.ongoing
    moves = [m.move for m in crisis.moves]
    assert "hold" in moves and len(dialog.move_buttons) == len(moves)
    assert any(m.advice for m in crisis.moves), "the advisers say what they would do"
    d.click(dialog.move_buttons[moves.index("hold")])
    assert d.top is view and view.orders.crisis_moves == {"border_crisis": "hold"}
    d.key(pygame.K_RETURN)
    d.settle()
    assert session.sim.orders[-1].crisis_moves == {"border_crisis": "hold"}
    after = {v.crisis_id: v for v in session.crises()}["border_crisis"]
    assert after.parties[0].nation == "AAA" and after.parties[0].last_move == "hold"


def _report_of(session: Session):
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1280, 720))
    app.push("end_report", session=session)
    Driver(app).frames(3)
    return app.top


def test_the_end_report_gives_the_engine_s_crisis_tally_and_each_crisis():
    session = Session.new(load_scenario(CRISIS_SMALL), "AAA", seed=1)
    while not session.done:
        session.end_turn({})
    report = _report_of(session)
    assert report.headline() == ("THE END OF THE CAMPAIGN", "")
    tally = report.grade["crises"]
    assert tally["opened"] == len(report.crises) == 1, "the engine and the records agree"
    assert tally["backed_down"] == 1 and not tally["nuclear"]
    (span,) = report.crises
    assert span.outcome == "Beland backed down"
    text = report.details.html_text
    assert "CRISES AND WARS" in text and "1 crisis: 1 ended with a side backing down." in text
    assert (
        f"{span.first} <b>The border crisis</b> — up to {span.peak_name}; Beland backed down"
        in text
    )
    assert "Your prestige from crises: +" in text


def test_a_nuclear_ending_has_its_own_words(monkeypatch):
    """The engine's report says nuclear weapons were used (as it does for a run its crisis
    phase froze); the crisis records say where."""

    def source(state, run=0, viewer=None):
        views = crisis_fakes.source(state, run, viewer)
        if state.turn >= state.scenario.turns:
            return [replace(v, outcome="nuclear", moves=()) for v in views]
        return views

    real = diplomacy_bridge.end_report

    def nuclear_report(sim):
        grade = real(sim)
        grade["crises"] = {**grade["crises"], "nuclear": True, "nuclear_year": 1957, "wars": 1}
        return grade

    monkeypatch.setattr(crisis_bridge, "source", source)
    monkeypatch.setattr(diplomacy_bridge, "end_report", nuclear_report)
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    while not session.done:
        session.end_turn({})
    report = _report_of(session)
    assert report.nuclear
    heading, words = report.headline()
    assert heading == "NUCLEAR WAR: EVERYONE HAS LOST"
    assert words.startswith("Nuclear weapons were used in The Rann of Kutch (1957)")
    assert "Nuclear weapons were used in 1957." in report.details.html_text
    assert "ended in nuclear use" in report.details.html_text


def test_without_the_engine_s_grade_the_tally_comes_from_the_records():
    from game.client.scenes.end_report import fallback_tally

    spans = crisis_bridge.spans(
        [[crisis_fakes.crisis(2, "PAK")], [replace(crisis_fakes.crisis(5, "PAK"), outcome="war")]],
        [1954, 1955],
    )
    assert fallback_tally(spans) == {
        "opened": 1,
        "wars": 1,
        "settled": 0,
        "backed_down": 0,
        "nuclear": False,
        "nuclear_year": None,
    }


def test_a_crisis_opening_option_says_so_and_the_panel_shows_the_chosen_move():
    from game.client.explain import effect_lines
    from game.client.panels.diplomacy import crisis_moves_line

    scenario = load_scenario(CRISIS_SMALL)
    clash = scenario.events[scenario.event_index["border_clash"]]
    ((text, tip),) = effect_lines(clash.options[0], scenario)
    assert text == "A crisis opens: The border crisis" and "ladder" in tip
    rann = crisis_fakes.crisis(2, "PAK")
    assert (
        crisis_moves_line({"rann": "hold"}, [rann])
        == "In crisis: The Rann of Kutch — Hold the line"
    )
    assert crisis_moves_line({}, [rann]) == ""


def test_a_nation_s_map_tooltip_names_its_open_crisis(fake_crises):
    from game.client.tooltips import nation_tip

    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    india = session.scenario.nation_index["IND"]
    assert "In crisis" not in nation_tip(session, 0, india)
    session.end_turn({})
    session.end_turn({})
    assert "In crisis:</font> The Rann of Kutch, at Alert (C)" in nation_tip(session, 2, india)
    usa = session.scenario.nation_index["USA"]
    assert "In crisis" not in nation_tip(session, 2, usa), "a patron is not in the crisis"


def _two_crises(state, run=0, viewer=None):
    views = crisis_fakes.source(state, run, viewer)
    return views + [replace(v, crisis_id="siachen", title="Siachen") for v in views]


def test_two_crises_are_asked_one_after_the_other_and_tab_turns_between_them(monkeypatch):
    monkeypatch.setattr(crisis_bridge, "source", _two_crises)
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1280, 720))
    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    session.end_turn({})
    app.start_session(session)
    d = Driver(app)
    d.settle()
    view = app.find(MainView)
    to_crisis(d)
    if d.top is view:
        d.key(pygame.K_RETURN)
    dialog = d.top
    assert dialog.name == "crisis" and [c.crisis_id for c in dialog.crises] == ["rann", "siachen"]
    assert d.button("Next crisis")
    d.key(pygame.K_TAB)
    assert d.top.current.crisis_id == "siachen"
    d.key(pygame.K_TAB)
    assert d.top.current.crisis_id == "rann"
    d.key(pygame.K_1, "1")
    assert d.top.name == "crisis" and d.top.current.crisis_id == "siachen", "on to the next"
    d.key(pygame.K_ESCAPE)
    assert d.top is view and view.widgets["end_turn"].text.startswith("Decide (1)")
    d.key(pygame.K_RETURN)
    assert d.top.name == "crisis" and d.top.crises[0].crisis_id == "siachen"
    d.key(pygame.K_2, "2")
    assert d.top is view and view.orders.crisis_moves == {"rann": "escalate", "siachen": "hold"}


def test_a_saved_move_comes_back_with_the_game(fake_crises):
    from game.client.turn_flow import TurnOrders

    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    orders = TurnOrders(session)
    orders.play()
    orders.choose_move("rann", "ask_patron")
    orders.choose_move("gone", "hold")  # a crisis that no longer waits is dropped
    again = TurnOrders(session)
    assert again.crisis_moves == {"rann": "ask_patron"}
    session.sim.draft["crisis_moves"] = {"rann": "launch"}  # not one of its moves
    assert TurnOrders(session).crisis_moves == {}


def test_a_patron_picks_a_stance(open_crisis_world):
    session = Session.new(load_scenario(open_crisis_world), "CCC", seed=0)
    from game.client.turn_flow import TurnOrders

    orders = TurnOrders(session)
    while not session.crises() and not session.done:
        for pending in orders.unanswered():
            orders.choose(pending.event.id, 0)
        orders.play()
    (crisis,) = orders.crises_awaiting()
    assert crisis.viewer_role == "patron"
    assert {m.move for m in crisis.moves} == {"back", "restrain", "stay_out"}
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1280, 720))
    app.start_session(session)
    d = Driver(app)
    d.settle()
    to_crisis(d)
    assert d.top.name == "crisis"
    texts = []
    original = d.top.text

    def spy(surface, text, *args, **kwargs):
        texts.append(text)
        return original(surface, text, *args, **kwargs)

    d.top.text = spy
    d.top.draw(app.screen)
    assert "YOUR STANCE" in texts
    stances = [m.move for m in d.top.current.moves]
    d.key(pygame.K_2, "2")
    assert app.find(MainView).orders.crisis_moves == {"border_crisis": stances[1]}


def test_the_summary_lists_the_player_s_crisis_move_under_your_orders(fake_crises):
    from game.client.scenes.turn_summary import crisis_orders, summary_html
    from game.client.turn_flow import TurnOrders

    session = Session.new(load_scenario(SHORT), "PAK", seed=1)
    orders = TurnOrders(session)
    orders.play()
    for pending in orders.unanswered():
        orders.choose(pending.event.id, 0)
    orders.choose_move("rann", "back_down")
    report, taken = orders.play()
    assert crisis_orders(session, 2) == [("The Rann of Kutch", "Pull back")]
    assert "<b>Pull back</b> — The Rann of Kutch (crisis)" in summary_html(
        session, 2, report, taken
    )
    assert crisis_orders(session, 1) == []


def test_history_s_move_is_read_from_the_scenario_s_record_of_the_crisis():
    scenario = load_scenario(CRISIS_SMALL)
    view = replace(crisis_fakes.crisis(1, "AAA"), crisis_id="border_crisis", round=0)
    assert crisis_bridge.history_move(scenario, view, "AAA") == "escalate"
    assert crisis_bridge.history_move(scenario, view, "BBB") == "hold"
    assert crisis_bridge.history_move(scenario, replace(view, round=1), "BBB") == "accept_mediation"
    assert crisis_bridge.history_move(scenario, replace(view, round=2), "AAA") == ""
    assert crisis_bridge.history_move(scenario, view, "CCC") == "back"
    assert crisis_bridge.history_move(scenario, view, None) == ""
    assert crisis_bridge.history_move(scenario, crisis_fakes.crisis(1, "AAA"), "AAA") == ""


def test_the_dialog_marks_history_s_move(open_crisis_world, monkeypatch):
    # The open world has no recorded history; pretend history held firm.
    monkeypatch.setattr(crisis_bridge, "history_move", lambda scenario, view, viewer: "hold")
    session = Session.new(load_scenario(open_crisis_world), "AAA", seed=0)
    from game.client.turn_flow import TurnOrders

    orders = TurnOrders(session)
    while not orders.crises_awaiting():
        for pending in orders.unanswered():
            orders.choose(pending.event.id, 0)
        orders.play()
    app = App(settings=Settings(animation="fast"), settings_path=None, size=(1280, 720))
    app.start_session(session)
    d = Driver(app)
    d.settle()
    to_crisis(d)
    labels = [b.text for b in d.top.move_buttons]
    assert [label for label in labels if "history's choice" in label] == [
        "2.  Hold firm   (history's choice)"
    ]


TURN = st.one_of(
    st.none(),  # the crisis is not in that turn's records
    st.tuples(
        st.integers(0, 5),
        st.sampled_from(["ongoing", "ongoing", "settled", "war", "backed_down:IND"]),
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(TURN, max_size=12))
def test_spans_and_changes_keep_their_invariants(turns):
    """Whatever a crisis's records do turn by turn, the History view's spans never overlap,
    each one's peak is the highest rung seen in it, and the summary tells of every ending."""
    per_state = [
        []
        if turn is None
        else [replace(crisis_fakes.crisis(1, None), level=turn[0], outcome=turn[1], round=1)]
        for turn in turns
    ]
    years = list(range(1960, 1960 + len(turns)))
    spans = crisis_bridge.spans(per_state, years)
    for earlier, later in zip(spans, spans[1:], strict=False):
        assert earlier.last < later.last
    seen = [turn for turn in turns if turn is not None]
    if seen:
        assert max(span.peak for span in spans) == max(level for level, _ in seen)
    assert len(spans) <= len(seen)
    for k in range(1, len(per_state)):
        lines = crisis_bridge.changes(per_state[k - 1], per_state[k])
        assert len(lines) <= len(per_state[k])
        now = per_state[k][0] if per_state[k] else None
        was = per_state[k - 1][0] if per_state[k - 1] else None
        if now is not None and not now.ongoing and (was is None or was.ongoing):
            assert lines and lines[0][0].startswith("Crisis over")
