"""`python main.py lint`: each warning planted in a tiny scenario, found at its line, and
nothing said about an event that is fine."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, TINY

from game import load_scenario
from game.cli import main
from game.lint import event_places, lint, static_warnings

EVENTS = """
[[events]]
id = "ticker"
title = "Ticker"
text = "Repeats with nothing to stop it."
once = false
[[events.options]]
id = "tick"
label = "Tick"

[[events]]
id = "decree"
title = "Decree"
text = "A nation's decision with no trigger."
years = [2001, 2001]
nation = "AAA"
[[events.options]]
id = "yes"
label = "Yes"
effects = ["relation(AAA, BBB) += 5"]
[[events.options]]
id = "no"
label = "No"
effects = ["relation(AAA, BBB) -= 5"]

[[events]]
id = "follow_up"
title = "Follow-up"
text = "Follows the decree whichever way it went."
years = [2003, 2003]
trigger = "fired(decree)"
[[events.options]]
id = "happen"
label = "Happen"

[[events]]
id = "unreachable"
title = "Unreachable"
text = "Its trigger can never hold."
trigger = "relation(AAA, BBB) > 100"
[[events.options]]
id = "never"
label = "Never"

[[events]]
id = "inevitable"
title = "Inevitable"
text = "A trigger that always holds."
years = [2002, 2002]
trigger = "year >= 2000"
[[events.options]]
id = "one"
label = "One way"
[[events.options]]
id = "other"
label = "The other"

[[events]]
id = "lopsided"
title = "Lopsided"
text = "The AI never takes the second option."
years = [2004, 2004]
trigger = "chose(decree, no)"
nation = "BBB"
[[events.options]]
id = "usual"
label = "Usual"
ai_weight = 1000
[[events.options]]
id = "rare"
label = "Rare"
ai_weight = 0.000001
[[events.options]]
id = "banned"
label = "Never, on purpose"
ai_weight = 0

[[events]]
id = "fine"
title = "Fine"
text = "Gated on a choice, with a chance, both options taken."
years = [2005, 2008]
trigger = "chose(decree, yes)"
chance = 0.5
nation = "AAA"
[[events.options]]
id = "left"
label = "Left"
effects = ["relation(AAA, BBB) += 1"]
[[events.options]]
id = "right"
label = "Right"
effects = ["relation(AAA, BBB) -= 1"]

[[events]]
id = "backdrop"
title = "Backdrop"
text = "A scripted fact of the world: no decider, no condition, one outcome."
years = [2006, 2006]
[[events.options]]
id = "happens"
label = "It happens"

[[events]]
id = "only_if_never"
title = "Only if never"
text = "Asks that an event never fired: not fired() is no cause for a warning."
years = [2009, 2009]
trigger = "not fired(fine)"
[[events.options]]
id = "quiet"
label = "Quiet"
"""

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<key>[\w.\[\]]+): warning: .+ \(hint: .+\)$")


@pytest.fixture
def planted(write_scenario):
    return write_scenario(TINY + EVENTS)


def _line_of(path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_every_planted_warning_and_nothing_else(planted):
    scenario, warnings, _ = lint(planted, random_runs=60, ai_runs=30)
    keys = sorted((w.key, w.message.split("'")[1]) for w in warnings)
    found = {(w.key, w.message.split("'")[1]): w for w in reversed(warnings)}  # first kept
    assert keys == sorted(
        [
            ("events[0]", "ticker"),  # repeats every turn
            ("events[1]", "decree"),  # a nation's event with no trigger
            ("events[2].trigger", "follow_up"),  # fired() of an event whose options differ
            ("events[2].trigger", "follow_up"),  # ... so it fires in every random run too
            ("events[3]", "unreachable"),  # 0% under random play
            ("events[4].trigger", "inevitable"),  # 100% under random play
            ("events[5].options[1]", "lopsided"),  # an option the AI never takes
        ]
    ), [str(w) for w in warnings]
    assert "fires every turn it is played" in found["events[0]", "ticker"].message
    assert "chose(decree, yes)" in found["events[2].trigger", "follow_up"].hint
    assert "option 'rare'" in found["events[5].options[1]", "lopsided"].message
    # each warning points at the line a designer must edit
    assert found["events[1]", "decree"].line == _line_of(planted, 'id = "decree"') - 1
    assert found["events[2].trigger", "follow_up"].line == _line_of(
        planted, 'trigger = "fired(decree)"'
    )
    assert found["events[5].options[1]", "lopsided"].line == _line_of(planted, 'id = "rare"') - 1
    assert len(scenario.events) == 9


def test_static_checks_need_no_runs(planted):
    scenario, warnings, random = lint(planted, random_runs=0, ai_runs=0)
    assert random is None
    assert {w.key for w in warnings} == {"events[0]", "events[1]", "events[2].trigger"}


def test_command_prints_one_line_per_warning_and_exits_0(planted, capsys):
    status = main(["lint", str(planted), "--random-runs", "40", "--ai-runs", "20"])
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    *lines, summary = out
    assert len(lines) == 7  # follow_up: fired() and 100%
    for line in lines:
        match = LINE.match(line)
        assert match, line
        assert match["path"] == str(planted)
    assert summary.startswith(f"{planted}: 7 warnings (9 events; 40 random and 20 ai runs")
    assert "2 scripted background events fire in every run" in summary


def test_errors_exit_2_like_validate(write_scenario, capsys):
    path = write_scenario(TINY + EVENTS.replace("fired(decree)", "fired(decre)"))
    status = main(["lint", str(path), "--ai-runs", "0"])
    out = capsys.readouterr().out
    assert status == 2
    assert "unknown event 'decre'" in out and "did you mean 'decree'?" in out


def test_bad_run_count_is_one_line(planted, capsys):
    assert main(["lint", str(planted), "--random-runs", "many"]) == 2
    assert "runs must be a whole number" in capsys.readouterr().err


def test_a_clean_scenario_has_no_warnings(write_scenario):
    blocks = EVENTS.split("[[events]]\n")
    decree, fine, backdrop = (next(b for b in blocks if f'id = "{i}"' in b) for i in KEPT)
    decree = decree.replace(
        'nation = "AAA"', 'nation = "AAA"\ntrigger = "relation(AAA, BBB) < 90"\nchance = 0.7'
    )
    text = TINY + "".join("[[events]]\n" + block for block in (decree, fine, backdrop))
    _, warnings, _ = lint(write_scenario(text), random_runs=40, ai_runs=40)
    assert warnings == [], [str(w) for w in warnings]


KEPT = ("decree", "fine", "backdrop")


def test_events_are_found_in_included_files(write_scenario):
    write_scenario("schema_version = 1\n" + EVENTS, "more/events.toml")
    main_file = write_scenario(
        TINY.replace("[scenario]", 'include = ["more/events.toml"]\n[scenario]')
    )
    places = event_places(main_file)
    assert places["lopsided"].path.endswith("more/events.toml")
    assert places["lopsided"].key == "events[5]"


def test_campaign_nation_events_all_have_triggers_and_gate_on_choices():
    """Every campaign event a nation decides has a trigger, and no trigger tests fired()
    of an event whose options lead different ways (chose() says which one)."""
    path = ROOT / "scenarios" / "pak_russia_1947.toml"
    warnings = static_warnings(load_scenario(path), event_places(path))
    assert warnings == [], "\n".join(str(w) for w in warnings)
