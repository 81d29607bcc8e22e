"""The utility AI answers its nation's events under the ai policy: each test names the
situation and the answer a sensible nation gives. Also: the designer's ai_weight as a
nudge and a veto, world events by weight, difficulty, and batch equals single."""

from __future__ import annotations

import numpy as np
import pytest

from game import initial_state, step
from game.diplomacy import set_difficulty
from game.diplomacy.event_choice import as_change, compile_event_values
from game.diplomacy.roles import role_compiler
from game.expr import parse_effect
from tests.diplomacy_world import Nation, World, interests

RUNS = 400


def event(options: list[tuple[str, str, list[str]]], nation: str | None = "AAA") -> str:
    """An event of 2000 that always fires; options are (id, ai_weight, effects)."""
    text = '[[events]]\nid = "choice"\ntitle = "A choice"\ntext = "Choose."\nyears = [2000, 2000]\n'
    if nation:
        text += f'nation = "{nation}"\n'
    for option_id, weight, effects in options:
        listed = ", ".join(f'"{e}"' for e in effects)
        text += (
            f'[[events.options]]\nid = "{option_id}"\nlabel = "{option_id}"\n'
            f"ai_weight = {weight}\neffects = [{listed}]\n"
        )
    return text


def rivals_world(extra: str, **weights: float) -> World:
    """AAA, a small nation; BBB its named rival; PPP a great power hostile to BBB."""
    nations = [
        Nation("AAA", gdp=20),
        Nation("BBB", gdp=40),
        Nation("PPP", gdp=600, defence_share=5),
    ]
    relations = {("AAA", "BBB"): -60.0, ("BBB", "PPP"): -50.0, ("AAA", "PPP"): 10.0}
    text = interests("AAA", rivals=["BBB"], **weights)
    return World(nations, relations, interests=text, extra=extra)


def answers(scenario, policy: str = "ai", level: str | None = None) -> np.ndarray:
    """The option each of RUNS runs proposes for the event after the first turn."""
    state = initial_state(scenario, seeds=np.arange(RUNS), policy=policy)
    if level:
        set_difficulty(state, level)
    state, report = step(state)
    assert report.fired[:, 0].all()
    return state.proposed[:, 0]


def test_a_small_nation_threatened_by_a_rival_takes_the_great_powers_hand(tmp_path):
    extra = event(
        [
            ("side_with_rival", "1", ["relation(AAA, BBB) += 40", "relation(AAA, PPP) -= 40"]),
            ("side_with_power", "1", ["relation(AAA, PPP) += 40", "relation(AAA, BBB) -= 10"]),
        ]
    )
    chosen = answers(rivals_world(extra).load(tmp_path))
    assert (chosen == 1).mean() > 0.75  # equal designer weights: without the AI, half


def test_a_nation_turns_down_a_war_it_does_not_need(tmp_path):
    extra = event([("fight", "1", ["war(AAA, PPP)"]), ("talk", "1", ["relation(AAA, PPP) += 5"])])
    chosen = answers(rivals_world(extra).load(tmp_path))
    assert (chosen == 1).mean() > 0.75


def test_a_nation_keeps_its_growth_rather_than_cutting_it(tmp_path):
    # Assignments are weighed as the change they make: = 1 cuts growth from 3, = 4 raises it.
    extra = event(
        [
            ("cut", "1", ["stat(AAA, gdp_growth) = 1"]),
            ("raise", "1", ["stat(AAA, gdp_growth) = 4"]),
            ("halve", "1", ["stat(AAA, gdp_growth) *= 0.5"]),
        ]
    )
    chosen = answers(rivals_world(extra).load(tmp_path))
    assert (chosen == 1).mean() > 0.8  # of three options


def test_the_designers_weight_breaks_near_ties_and_zero_vetoes(tmp_path):
    tie = event(
        [("left", "1", ["relation(AAA, PPP) += 5"]), ("right", "8", ["relation(AAA, PPP) += 5"])]
    )
    chosen = answers(rivals_world(tie).load(tmp_path / "tie"))
    assert (chosen == 1).mean() > 0.8
    veto = event(
        [
            ("tempting", "0", ["relation(AAA, PPP) += 40"]),
            ("dull", "1", ["relation(AAA, BBB) -= 1"]),
        ]
    )
    chosen = answers(rivals_world(veto).load(tmp_path / "veto"))
    assert (chosen == 1).all()


def test_world_events_keep_picking_by_weight(tmp_path):
    extra = event(
        [
            ("often", "3", ["relation(AAA, PPP) -= 30"]),
            ("rarely", "1", ["relation(AAA, PPP) += 30"]),
        ],
        nation=None,
    )
    chosen = answers(rivals_world(extra).load(tmp_path))
    assert abs((chosen == 0).mean() - 0.75) < 0.08


def test_other_policies_are_unchanged(tmp_path):
    extra = event(
        [("bad", "1", ["war(AAA, PPP)"]), ("good", "1", ["relation(AAA, PPP) += 5"])]
    ).replace('ai_weight = 1\neffects = ["war', 'historical = true\nai_weight = 1\neffects = ["war')
    scenario = rivals_world(extra).load(tmp_path)
    assert (answers(scenario, "historical") == 0).all()
    share = (answers(scenario, "random") == 0).mean()
    assert 0.4 < share < 0.6


def test_an_easy_ai_misjudges_more_often_than_a_hard_one(tmp_path):
    extra = event(
        [
            ("a_little", "1", ["relation(AAA, PPP) += 2"]),
            ("more", "1", ["relation(AAA, PPP) += 25"]),
        ]
    )
    scenario = rivals_world(extra).load(tmp_path)
    right = {
        level: (answers(scenario, level=level) == 1).mean() for level in ("easy", "normal", "hard")
    }
    assert right["easy"] < right["normal"] < right["hard"]
    assert right["hard"] > 0.72 and right["easy"] < 0.62


def test_event_choices_of_a_batch_equal_each_seed_alone(tmp_path):
    extra = event(
        [
            ("a_little", "1", ["relation(AAA, PPP) += 2"]),
            ("a_little_more", "2", ["relation(AAA, PPP) += 3", "stat(AAA, stability) -= 1"]),
        ]
    )
    scenario = rivals_world(extra).load(tmp_path)
    seeds = np.arange(40)
    batch, _ = step(initial_state(scenario, seeds=seeds, policy="ai"))
    assert 0 < (batch.proposed[:, 0] == 0).mean() < 1  # a real mix, or the check is empty
    for k in (0, 7, 39):
        alone, _ = step(initial_state(scenario, seeds=[int(seeds[k])], policy="ai"))
        assert alone.digest(0) == batch.digest(k)


@pytest.mark.parametrize(
    ("text", "kind", "sign"),
    [
        ("relation(AAA, BBB) += 5", "relation", 1.0),
        ("relation(AAA, BBB) -= 5", "relation", -1.0),
        ("stat(AAA, gdp) = 10", "stat", 1.0),
        ("trade(AAA, BBB) *= 2", "trade", 1.0),
        ("end_treaty(PACT)", "end_treaty", 1.0),
        ("war(AAA, BBB)", "war", 1.0),
    ],
)
def test_event_effects_become_changes(tmp_path, text, kind, sign):
    extra = '[[treaties]]\nid = "PACT"\nname = "Pact"\nmembers = ["AAA"]\nstart = 2000\n'
    scenario = rivals_world(extra).load(tmp_path)
    change = as_change(parse_effect(text), role_compiler(scenario, "none"), scenario)
    assert change.kind == kind and change.sign == sign


def test_successors_and_queues_are_not_weighed(tmp_path):
    extra = event([("wait", "1", ["queue(choice)"]), ("act", "1", ["relation(AAA, PPP) += 1"])])
    scenario = rivals_world(extra).load(tmp_path)
    (values,) = compile_event_values(scenario)
    assert values.nation == 0 and values.options[0] == () and len(values.options[1]) == 1


def test_answers_weigh_the_start_of_turn_board_the_diplomacy_phase_kept(monkeypatch):
    """The event answers reuse the diplomacy phase's board, read before anything changed:
    answering on a state the turn has moved since gives the answers of the turn's start,
    and a batch handled in chunks keeps one board per chunk, covering every run."""
    from pathlib import Path

    import game.phases.diplomacy as phase
    from game import load_scenario
    from game.diplomacy.event_choice import keep_board, nation_choices
    from game.diplomacy.rules import compile_diplomacy
    from game.engine import turn_rng

    scenario = load_scenario(
        Path(__file__).resolve().parent.parent / "scenarios/pak_russia_1947.toml"
    )
    state = initial_state(scenario, seeds=np.arange(24), policy="ai")
    for _ in range(10):
        state, _ = step(state)
    values = compile_event_values(scenario)
    events = [e for e, v in enumerate(values) if v is not None][:6]
    rng = np.random.default_rng(1)
    fired = {e: rng.random(state.batch) < 0.7 for e in events}
    shares = {
        e: np.full(
            (state.batch, len(scenario.events[e].options)), 1.0 / len(scenario.events[e].options)
        )
        for e in events
    }
    draws = {e: rng.random(state.batch) for e in events}
    at_start = nation_choices(state, state.year, state.turn, fired, shares, draws)

    monkeypatch.setattr(phase, "CHUNK", 10)  # three chunks: 10, 10 and 4 runs
    moved = state.copy()
    boards = []
    phase.diplomacy_phase(moved, turn_rng(moved), moved.year, moved.turn, None, [], boards)
    assert [(b.lo, b.hi) for b in boards] == [(0, 10), (10, 20), (20, 24)]
    assert not np.array_equal(moved.relations, state.relations)  # the actions changed it
    kept = nation_choices(moved, state.year, state.turn, fired, shares, draws, boards)
    for e in events:
        assert np.array_equal(kept[e][fired[e]], at_start[e][fired[e]])
    whole = [keep_board(state, compile_diplomacy(scenario), state.year, state.turn)]
    again = nation_choices(moved, state.year, state.turn, fired, shares, draws, whole)
    for e in events:
        assert np.array_equal(again[e], kept[e])


def test_the_kept_board_owns_its_arrays_once_the_actions_are_resolved():
    """The diplomacy phase keeps its board on the live arrays and settles it after the
    actions are resolved: every array the board may read then shares no memory with the
    live state (which later phases change in place) and holds the start-of-turn values."""
    from pathlib import Path

    import game.phases.diplomacy as phase
    from game import load_scenario
    from game.diplomacy.event_choice import FROZEN
    from game.engine import turn_rng
    from game.state import ARRAY_FIELDS

    scenario = load_scenario(
        Path(__file__).resolve().parent.parent / "scenarios/pak_russia_1947.toml"
    )
    state = initial_state(scenario, seeds=np.arange(12), policy="ai")
    for _ in range(6):
        state, _ = step(state)
    live = state.copy()
    boards = []
    phase.diplomacy_phase(live, turn_rng(live), live.year, live.turn, None, [], boards)
    assert len(boards) == 1
    kept = boards[0].board.state
    assert not np.array_equal(live.relations, state.relations)  # the actions changed it
    for name in FROZEN:
        array = getattr(kept, name)
        assert np.array_equal(array, getattr(state, name)), name
        for other in ARRAY_FIELDS:
            assert not np.shares_memory(array, getattr(live, other)), (name, other)


def test_the_kept_board_shares_only_named_state_arrays():
    """A typo in the shared list would quietly copy that array; a removed field would leave
    a stale name. Every shared name is a real array field, and the rest is copied."""
    from game.diplomacy.event_choice import FROZEN, SHARED_WITH_LIVE
    from game.state import ARRAY_FIELDS

    assert set(ARRAY_FIELDS) >= SHARED_WITH_LIVE
    assert set(FROZEN) | SHARED_WITH_LIVE == set(ARRAY_FIELDS)
    assert {"relations", "stats", "war", "sanctions", "flags"} <= set(FROZEN)


def test_the_deciding_nations_row_is_valued_as_the_full_board_to_the_bit():
    """Answers value an option's effects on the deciding nation's row only (NationRow);
    every weighed effect of the campaign's events, on a board some turns in, gives there
    the very numbers the valuation of every nation gives, sign of zero included."""
    from pathlib import Path

    from game import load_scenario
    from game.diplomacy.event_choice import change_value, keep_board
    from game.diplomacy.roles import PairContext
    from game.diplomacy.rules import compile_diplomacy

    scenario = load_scenario(
        Path(__file__).resolve().parent.parent / "scenarios/pak_russia_1947.toml"
    )
    state = initial_state(scenario, seeds=np.arange(20), policy="ai")
    for _ in range(30):
        state, _ = step(state)
    rules = compile_diplomacy(scenario)
    kept = keep_board(state, rules, state.year, state.turn)
    outlook = kept.view(rules)
    ctx = PairContext(kept.board.state, state.year, state.turn, 1)
    kinds = set()
    for values in compile_event_values(scenario):
        if values is None:
            continue
        row = kept.row(values.nation)
        for effects in values.options:
            for effect in effects:
                full = change_value(outlook, effect, ctx)  # (B, N or 1, 1, W)
                full = full[:, values.nation if full.shape[1] > 1 else 0, 0]
                picked = np.broadcast_to(change_value(outlook, effect, ctx, row), full.shape)
                assert np.array_equal(picked.view(np.uint64), full.view(np.uint64)), effect.text
                kinds.add(effect.kind)
    assert {"relation", "baseline", "stat", "aid", "trade", "war", "start_treaty"} <= kinds
