"""Crises: named small cases for the rules, batch statistics for what must emerge, and the
campaign's eight crises ending as history did."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.construction import initial_state
from game.crises import reckon as rk
from game.crises.view import OUTCOME_KINDS, PARTY_MOVES, crises_awaiting, crisis_views
from game.engine import Orders, step, step_in_place
from game.errors import ScenarioError
from game.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "crisis_small.toml"
CAMPAIGN = ROOT / "scenarios" / "pak_russia_1947.toml"


def _small(tmp_path: Path, **replace: str) -> Path:
    """The small crisis world, with some lines replaced."""
    text = SMALL.read_text()
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "crisis_small.toml"
    path.write_text(text)
    return path


def _nuclear_brink(tmp_path: Path) -> Path:
    """The small world with both rivals armed and a three-rung ladder whose every step
    comes by accident: its crisis reaches war, and the war often turns nuclear."""
    path = _small(
        tmp_path,
        **{
            "military = 40.0\nnuclear = 0": "military = 40.0\nnuclear = 3",
            "start_level = 1": "start_level = 0",
        },
    )
    path.write_text(
        path.read_text() + '\n[[ladder]]\nname = "Strikes"\ncost = 1\naccident_risk = 1.0\n'
        '[[ladder]]\nname = "War"\nkind = "war"\naccident_risk = 1.0\n'
        '[[ladder]]\nname = "Nuclear use"\nkind = "nuclear"\n'
    )
    return path


def _play(scenario, seeds, policy="ai", player=None, orders=None):
    state = initial_state(scenario, seeds=seeds, policy=policy, player=player)
    while not state.done:
        state, report = step(state, orders(state) if orders else None)
    return state


def test_history_replays_the_recorded_moves_and_outcome():
    scenario = load_scenario(SMALL)
    state = _play(scenario, np.arange(5), policy="historical")
    assert (state.crisis_outcome[:, 0] == rk.BACKED_DOWN_SECOND).all()
    assert rk.outcome_text(state, 0) == "backed_down:BBB"


def test_backing_down_costs_prestige_and_standing_with_the_patron(tmp_path):
    """History's BBB backs down: it loses the stakes to AAA, and a patron that backed it
    ends cooler to it than one that stayed out."""
    backing = load_scenario(
        _small(
            tmp_path, **{'side = "AAA"\nhistorical = "back"': 'side = "BBB"\nhistorical = "back"'}
        )
    )
    aloof = load_scenario(
        _small(
            tmp_path / "x" if (tmp_path / "x").mkdir() is None else tmp_path,
            **{'side = "AAA"\nhistorical = "back"': 'side = "BBB"\nhistorical = "stay_out"'},
        )
    )
    backed, alone = _play(backing, [3], policy="historical"), _play(aloof, [3], policy="historical")
    a, b, c = (backing.nation_index[n] for n in ("AAA", "BBB", "CCC"))
    assert backed.prestige[0, b] == -10 and backed.prestige[0, a] == 10
    assert alone.prestige[0, b] == -10
    assert alone.relations[0, b, c] - backed.relations[0, b, c] > 2


def test_a_patrons_restraint_ends_a_crisis():
    """The player, as the patron, restrains its friend: the crisis settles that turn
    wherever the rival did not escalate, far more often than if the patron stays out."""
    scenario = load_scenario(SMALL)
    state = initial_state(scenario, seeds=np.arange(50), policy="ai", player="CCC")
    while not state.done and not crises_awaiting(state, "CCC"):
        state, _ = step(state)
    assert crises_awaiting(state, "CCC") == ["border_crisis"]
    open_runs = state.crisis_status[:, 0] == 1
    assert open_runs.all()
    shares = {}
    for stance in ("restrain", "stay_out"):
        after, report = step(state, Orders(crisis_moves={"border_crisis": stance}))
        assert report.rejected == []
        shares[stance] = (after.crisis_outcome[:, 0] == rk.SETTLED).mean()
    assert shares["restrain"] > 0.7
    assert shares["stay_out"] < shares["restrain"] - 0.4


def test_mutual_nuclear_arms_lower_the_war_share_but_not_the_crisis_count(tmp_path):
    """No patron in this world: what holds the parties back is their own reckoning of a
    war that may turn nuclear (nothing in the rules says a bomb deters)."""
    no_patron = SMALL.read_text()
    no_patron = no_patron[: no_patron.index("[[crises.patrons]]")]
    (tmp_path / "plain").mkdir()
    (tmp_path / "armed").mkdir()
    plain_path = tmp_path / "plain" / "world.toml"
    plain_path.write_text(no_patron)
    armed_path = tmp_path / "armed" / "world.toml"
    armed_path.write_text(
        no_patron.replace("military = 40.0\nnuclear = 0", "military = 40.0\nnuclear = 3")
    )
    plain, armed = load_scenario(plain_path), load_scenario(armed_path)
    assert all(armed.nations[i].stats["nuclear"] == 3 for i in (0, 1))
    seeds = np.arange(400)
    without, with_bomb = _play(plain, seeds), _play(armed, seeds)
    opened = [(s.crisis_opened[:, 0] >= 0).sum() for s in (without, with_bomb)]
    assert opened[0] == opened[1] == 400
    wars = [
        np.isin(s.crisis_outcome[:, 0], (rk.WAR, rk.NUCLEAR)).mean() for s in (without, with_bomb)
    ]
    assert wars[0] > 0.05
    assert wars[1] < wars[0] / 3


def test_every_outcome_kind_is_reachable():
    """Under the random policy, over many runs, every way a crisis can end happens."""
    scenario = load_scenario(SMALL)
    state = _play(scenario, np.arange(600), policy="random")
    seen = {rk.OUTCOME_NAMES[code] for code in np.unique(state.crisis_outcome[:, 0])}
    assert {"backed_down", "settled", "war"} <= seen


def test_nuclear_use_ends_the_run_and_freezes_it(tmp_path):
    scenario = load_scenario(_nuclear_brink(tmp_path))
    state = initial_state(scenario, seeds=np.arange(20), policy="random")
    frozen_at = None
    while not state.done:
        state, report = step(state)
        if state.nuclear_end.any() and frozen_at is None:
            frozen_at = state.copy()
    assert frozen_at is not None and state.nuclear_end.any()
    over = frozen_at.nuclear_end
    assert (state.crisis_outcome[over, 0] == rk.NUCLEAR).all()
    assert np.array_equal(state.relations[over], frozen_at.relations[over])


@pytest.mark.parametrize(("policy", "some_go_nuclear"), [("random", True), ("ai", False)])
def test_stepping_in_place_plays_the_same_game_runs_frozen_by_nuclear_use_included(
    tmp_path, policy, some_go_nuclear
):
    """The batch runner steps without copying the state: every array of every turn, and
    every report, is the copying step's, including runs that ended in nuclear war."""
    from game.state import ARRAY_FIELDS

    scenario = load_scenario(_nuclear_brink(tmp_path))
    copied = initial_state(scenario, seeds=np.arange(20), policy=policy)
    in_place = initial_state(scenario, seeds=np.arange(20), policy=policy)
    while not copied.done:
        copied, expected = step(copied)
        report = step_in_place(in_place)
        assert in_place.turn == copied.turn
        for name in ARRAY_FIELDS:
            assert np.array_equal(getattr(in_place, name), getattr(copied, name), equal_nan=True)
        for name in ("fired", "decided", "emerged", "ended", "nuclear"):
            assert np.array_equal(getattr(report, name), getattr(expected, name))
    assert bool(copied.nuclear_end.any()) == some_go_nuclear


def test_a_run_gives_the_same_crises_alone_and_in_a_batch():
    scenario = load_scenario(SMALL)
    batch = _play(scenario, np.arange(8))
    for run in (0, 5):
        alone = _play(scenario, [run])
        assert alone.digest(0) == batch.digest(run)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31), policy=st.sampled_from(["ai", "random", "historical"]))
def test_levels_stay_on_the_ladder_and_outcomes_in_the_vocabulary(seed, policy):
    scenario = load_scenario(SMALL)
    state = initial_state(scenario, seeds=[seed, seed + 1], policy=policy)
    while not state.done:
        state, _ = step(state)
        assert (state.crisis_level >= 0).all()
        assert (state.crisis_level < len(scenario.ladder)).all()
        for view in crisis_views(state):
            assert view.outcome.split(":")[0] in OUTCOME_KINDS
            assert all(p.last_move in PARTY_MOVES or p.last_move == "" for p in view.parties)
            assert all(p.reason for p in view.parties if p.last_move)


def test_the_player_is_asked_and_an_illegal_move_is_rejected():
    scenario = load_scenario(SMALL)
    state = initial_state(scenario, seeds=[0], policy="ai", player="AAA")
    while not state.done and not crises_awaiting(state):
        state, report = step(state, Orders(crisis_moves={"border_crisis": "hold"}))
        assert report.rejected == ["crisis 'border_crisis' is not waiting for the player's move"]
    views = crisis_views(state, viewer="AAA")
    assert views and views[0].viewer_role == "party" and views[0].moves
    assert any(m.advice for m in views[0].moves)
    _, report = step(state, Orders(crisis_moves={"border_crisis": "back", "nope": "hold"}))
    assert len(report.rejected) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('parties = ["AAA", "BBB"]', "two different parties"),
        ('outcome = "backed_down:BBB"', "unknown outcome"),
        ('history = ["escalate/hold"', "is not two moves"),
        ('historical = "back"', "unknown stance"),
        ("start_level = 1", "at or above the ladder's war level"),
    ],
)
def test_bad_crisis_data_gives_a_message_at_its_key(tmp_path, change, message):
    broken = {
        'parties = ["AAA", "BBB"]': 'parties = ["AAA", "AAA"]',
        'outcome = "backed_down:BBB"': 'outcome = "surrender"',
        'history = ["escalate/hold"': 'history = ["escalate/wait"',
        'historical = "back"': 'historical = "cheer"',
        "start_level = 1": "start_level = 4",
    }[change]
    with pytest.raises(ScenarioError) as error:
        load_scenario(_small(tmp_path, **{change: broken}))
    text = str(error.value)
    assert message in text and "crises[0]" in text


HISTORY = {
    "crisis_1965": "war",  # a stalemate, then Tashkent
    "ussuri_1969": "settled",  # the clashes, then the freeze
    "war_1971": "war",  # India wins; Bangladesh
    "brasstacks_1987": "settled",
    "kargil_1999": "backed_down:PAK",  # withdrawal under American pressure
    "standoff_2002": "settled",  # the stand-down
    "uri_2016": "settled",
    "pulwama_2019": "settled",  # de-escalation
}


def test_the_campaigns_eight_crises_end_as_history_did():
    scenario = load_scenario(CAMPAIGN)
    state = _play(scenario, [0, 1], policy="historical")
    recorded = {c.id for c in scenario.crises if c.history}
    assert set(HISTORY) == recorded
    for c, crisis in enumerate(scenario.crises):
        if crisis.id not in recorded:
            # Provoked by actions, which history's path does not take: never opened.
            assert (state.crisis_opened[:, c] < 0).all(), crisis.id
            continue
        for run in (0, 1):
            assert rk.outcome_text(state, c, run) == HISTORY[crisis.id], crisis.id
    war_1971 = scenario.crisis_index["war_1971"]
    india, pakistan = scenario.nation_index["IND"], scenario.nation_index["PAK"]
    assert state.prestige[0, india] > state.prestige[0, pakistan]
    assert not state.nuclear_end.any()
    assert state.crisis_level[0, war_1971] == rk.war_level(scenario)


def test_the_end_report_counts_crises_and_a_nuclear_war_is_a_loss(tmp_path):
    from game.reports.end import end_report

    scenario = load_scenario(SMALL)
    state = _play(scenario, [0], policy="historical")
    report = end_report(state, "AAA", history=False)
    assert report["crises"]["opened"] == 1 and report["crises"]["prestige"] == 10
    assert report["crises"]["involved"][0]["outcome"] == "backed_down:BBB"
    state.nuclear_end[:] = True
    state.crisis_outcome[:, 0] = rk.NUCLEAR
    state.crisis_closed[:, 0] = 2
    lost = end_report(state, "AAA", history=False)
    assert lost["grade"] == "E" and not lost["won"] and "Nuclear war" in lost["verdict"]


def test_force_gives_a_crisis_seat_its_move_in_every_round():
    from game.arguments import parse_forced

    scenario = load_scenario(SMALL)
    forced = parse_forced("border_crisis.BBB=back_down", scenario)
    assert forced == {"border_crisis.BBB": "back_down"}
    state = initial_state(scenario, seeds=np.arange(20), policy="ai", forced=forced)
    assert state.forced_choices() == forced
    while not state.done:
        state, _ = step(state)
    assert (state.crisis_outcome[:, 0] == rk.BACKED_DOWN_SECOND).all()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nope.AAA=hold", "no crisis 'nope'"),
        ("border_crisis.XXX=hold", "has no seat"),
        ("border_crisis.CCC=hold", "may back, restrain, stay_out"),
        ("border_crisis.AAA=hold,border_crisis.AAA=escalate", "given two moves"),
    ],
)
def test_force_refuses_a_bad_crisis_seat(text, message):
    from game.arguments import parse_forced
    from game.errors import InputError

    with pytest.raises(InputError) as error:
        parse_forced(text, load_scenario(SMALL))
    assert message in str(error.value)


def test_branches_of_a_crisis_seat_are_its_moves():
    from game.batch.branches import branch_specs
    from game.batch.runner import BatchSpec

    scenario = load_scenario(SMALL)
    spec = BatchSpec(scenario=scenario, runs=4)
    names = [name for name, _ in branch_specs(spec, "border_crisis.CCC")]
    assert names == ["policy", "back", "restrain", "stay_out"]


def test_the_view_prices_the_step_to_war_as_war():
    scenario = load_scenario(SMALL)
    state = initial_state(scenario, seeds=[0], policy="ai", player="AAA")
    while not crises_awaiting(state):
        state, _ = step(state)
    state.crisis_level[:, 0] = rk.war_level(scenario) - 1
    view = crisis_views(state, viewer="AAA")[0]
    escalate = next(m for m in view.moves if m.move == "escalate")
    assert escalate.risk_text.startswith("this step is war")
    assert escalate.cost_text.startswith("war:")
    assert view.risk_next == scenario.ladder[view.level].accident_risk


def test_an_action_the_rules_name_provokes_a_crisis(tmp_path):
    """CCC sells arms to AAA; BBB objects: the crisis opens where the sale went through,
    and plays from the next turn."""
    import shutil

    (tmp_path / "diplomacy").mkdir()
    shutil.copy(ROOT / "scenarios" / "diplomacy" / "actions.toml", tmp_path / "diplomacy")
    text = SMALL.read_text().replace(
        "schema_version = 1\n", 'schema_version = 1\ninclude = ["diplomacy/actions.toml"]\n'
    )
    text += """
[[crises]]
id = "arms_crisis"
title = "Arms for Aland"
parties = ["BBB", "CCC"]
stakes = 5
[[crises.provoked_by]]
action = "sell_arms"
actor = "CCC"
target = "AAA"
"""
    path = tmp_path / "world.toml"
    path.write_text(text)
    scenario = load_scenario(path)
    c = scenario.crisis_index["arms_crisis"]
    state = initial_state(scenario, seeds=np.arange(30), policy="ai", player="CCC")
    orders = Orders(actions=[("sell_arms", "AAA")])
    state, report = step(state, orders)
    assert report.rejected == []
    ccc = scenario.nation_index["CCC"]
    sold = (report.actions.success[:, ccc, :] & (report.actions.option[:, ccc, :] >= 0)).any(axis=1)
    assert sold.any()
    assert np.array_equal(state.crisis_opened[:, c] == 0, sold)
    assert (state.crisis_round[:, c] == 0).all()
    state, _ = step(state, Orders(actions=[]))
    assert (state.crisis_round[sold, c] > 0).all()


def test_an_unknown_provoking_action_is_reported(tmp_path):
    text = SMALL.read_text() + (
        '\n[[crises.provoked_by]]\naction = "sell_arms"\nactor = "CCC"\ntarget = "AAA"\n'
    )
    path = tmp_path / "world.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    assert "unknown action 'sell_arms'" in str(error.value)
    assert "crises[0].provoked_by[0].action" in str(error.value)


def test_a_single_game_ends_with_nuclear_use():
    scenario = load_scenario(SMALL)
    state = initial_state(scenario, seeds=[0], policy="ai")
    state.nuclear_end[:] = True
    assert state.done
    with pytest.raises(ValueError, match="nuclear weapons were used"):
        step(state)


def test_difficulty_changes_judgement_not_rules():
    """An easy AI overrates its chances in war and weighs more noisily; what is legal is
    the same for every level."""
    scenario = load_scenario(SMALL)
    state = initial_state(scenario, seeds=[0, 1], policy="ai")
    while not (state.crisis_status[:, 0] == 1).all():
        state, _ = step(state)
    state.ai_level[0, :] = 0
    state.ai_level[1, :] = 2
    reckoning = rk.reckon(state, 0)
    assert np.array_equal(reckoning.legal[0], reckoning.legal[1])
    assert (reckoning.win[0] > reckoning.win[1]).all()
    shares = rk.move_shares(reckoning, state, 0)
    assert shares[0].max() < shares[1].max()


def test_a_run_ended_by_nuclear_war_has_no_later_years_in_a_batch_summary(tmp_path):
    """A run frozen by nuclear use is not read as the world of the years after it: its
    nations count in no later year's figures and it has no final camps, so a nation that
    existed when the bombs fell (the Soviet Union of 1965) does not reappear in 2030."""
    from game.batch.api import run_batch
    from game.batch.runner import BatchSpec

    scenario = load_scenario(_nuclear_brink(tmp_path))
    runs = 20
    ended = _play(scenario, np.arange(runs), policy="random").nuclear_end
    assert 0 < ended.sum() < runs  # some runs end in nuclear war, not all
    summary = run_batch(BatchSpec(scenario, runs=runs, policy="random"))
    last = {pair: series["runs"][-1] for pair, series in summary["pairs"].items()}
    assert set(last.values()) == {runs - int(ended.sum())}
    blocs = summary["blocs"]
    counted = sum(o["runs"] for o in blocs["outcomes"]) + blocs["other_runs"]
    assert counted == runs - int(ended.sum())


def test_a_war_won_can_move_a_region_on_the_map(tmp_path):
    """`cede(REGION, NATION)` in a crisis's `on_win` moves the region to the winner: a
    war's terms on the map. History's outcome here is a war won by Aland."""
    path = _small(
        tmp_path,
        **{
            'history = ["escalate/hold", "hold/accept_mediation"]\noutcome = "backed_down:BBB"': (
                'history = ["escalate/escalate"]\noutcome = "war"\nwinner = "AAA"\n'
                'on_win = { AAA = ["cede(BBB, AAA)"] }'
            ),
        },
    )
    scenario = load_scenario(path)
    region = scenario.regions.index("BBB")
    aland = scenario.nation_index["AAA"]
    start = initial_state(scenario, seeds=[0], policy="historical")
    assert start.owner[0, region] == scenario.nation_index["BBB"]
    state = _play(scenario, [0], policy="historical")
    assert state.crisis_outcome[0, 0] == rk.WAR
    assert state.owner[0, region] == aland


def test_cede_names_a_region_some_nation_holds(tmp_path):
    path = _small(
        tmp_path, **{'effects = ["open_crisis(border_crisis)"]': 'effects = ["cede(XYZ, AAA)"]'}
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "XYZ" in str(caught.value)


def test_a_crisis_never_opens_without_both_its_parties():
    """Whether by an effect or a provocation, a crisis opens only while both parties exist:
    the campaign of 2001 has no Soviet Union for the bases of Peshawar to anger."""
    scenario = load_scenario(SMALL)
    state = initial_state(scenario, seeds=[0, 1], policy="historical")
    state.active[1, scenario.nation_index["BBB"]] = False
    while not state.done:
        state, _ = step(state)
    k = scenario.crisis_index["border_crisis"]
    assert state.crisis_opened[0, k] >= 0  # run 0: opened as history did
    assert state.crisis_opened[1, k] < 0  # run 1: Beland is gone, so it never opens
    later = load_scenario(CAMPAIGN.parent / "pak_russia_2001.toml")
    batch = initial_state(later, seeds=np.arange(40), policy="ai")
    while not batch.done:
        batch, _ = step(batch)
    circle = later.crisis_index["red_circle"]
    assert (batch.crisis_opened[:, circle] < 0).all()


def test_the_option_that_would_provoke_a_crisis_says_so():
    """The diplomacy dialog's text for an action a provocation names warns of the crisis,
    until that crisis has opened (it opens once)."""
    from game.diplomacy import legal_orders

    scenario = load_scenario(CAMPAIGN)
    state = initial_state(scenario, seeds=[0], policy="ai", player="PAK")
    while state.year < 1955:
        state, _ = step(state)

    def base_text(state) -> str:
        options = legal_orders(state, "PAK", include_illegal=True)
        return next(o for o in options if o.action == "grant_base" and o.target == "USA").effects

    title = scenario.crises[scenario.crisis_index["red_circle"]].title
    assert f"It would open a crisis: {title}" in base_text(state)
    state.crisis_status[0, scenario.crisis_index["red_circle"]] = 2  # it has played out
    assert "crisis" not in base_text(state)
