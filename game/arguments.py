"""What the commands' arguments mean: the default scenario, seeds, years and --force.

Every feature area's commands read their arguments through these, so `--seed` or
`--force` means the same in `simulate`, `batch`, `lint` and the rest. Kept apart from
`game.cli` (which imports every command module) so those modules need not import it back.
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from game.crises.vocabulary import crisis_seat_words
from game.errors import InputError
from game.resources import data_dir

SCENARIO_DIR = data_dir("scenarios")  # the checkout's, or the copy installed with the package
DEFAULT_SCENARIOS = ("pak_russia_1947.toml", "example_minimal.toml")


def default_scenario() -> Path:
    for name in DEFAULT_SCENARIOS:
        if (SCENARIO_DIR / name).is_file():
            return SCENARIO_DIR / name
    raise InputError(f"no scenario found in {SCENARIO_DIR}; pass one with --scenario")


def seed_number(text: str) -> int:
    try:
        value = (
            int(text) if text.isascii() else int("not ASCII")
        )  # an Arabic-Indic three is not 3 here
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, not {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"seed must be between 0 and 2^63-1, not {value}")
    return value


def year_number(text: str) -> int:
    try:
        value = int(text) if text.isascii() else int("not ASCII")
    except ValueError:
        raise argparse.ArgumentTypeError(f"year must be a whole number, not {text!r}") from None
    if not 1000 <= value <= 3000:
        raise argparse.ArgumentTypeError(f"year {value} is out of range 1000..3000")
    return value


def check_crisis_seat(flag: str, seat: str, move: str, scenario) -> None:
    """InputError unless `move` is one the crisis seat may make."""
    words = crisis_seat_words(flag, seat, scenario)
    if move not in words:
        raise InputError(f"{flag}: crisis seat '{seat}' may {', '.join(words)}, not '{move}'")


def parse_forced(text: str | None, scenario) -> dict[str, str]:
    """'afghan_jihad_1980=stay_out,pak_tests_1998=restraint' -> {event: option}, each
    checked against the scenario (InputError naming the event's options when one is off).
    A crisis seat is 'CRISIS.NATION=MOVE' (kargil_1999.PAK=hold, kargil_1999.USA=back): the
    party's move or the patron's stance in every round of that crisis."""
    forced: dict[str, str] = {}
    for item in (text or "").split(","):
        item = item.strip()
        if not item:
            continue
        event_id, equals, option_id = (part.strip() for part in item.partition("="))
        if not equals or not event_id or not option_id:
            raise InputError(
                f"--force: '{item}' is not EVENT=OPTION, e.g. pak_tests_1998=restraint"
            )
        if "." in event_id:
            check_crisis_seat("--force", event_id, option_id, scenario)
            if event_id in forced and forced[event_id] != option_id:
                raise InputError(f"--force: crisis seat '{event_id}' is given two moves")
            forced[event_id] = option_id
            continue
        if event_id not in scenario.event_index:
            close = difflib.get_close_matches(event_id, list(scenario.event_index), n=3)
            hint = (
                f"; did you mean {', '.join(close)}?"
                if close
                else "; 'simulate --out' lists the events that fire"
            )
            raise InputError(f"--force: no event '{event_id}' in {scenario.name}{hint}")
        options = [o.id for o in scenario.events[scenario.event_index[event_id]].options]
        if option_id not in options:
            raise InputError(
                f"--force: event '{event_id}' has the options {', '.join(options)}, not '{option_id}'"
            )
        if event_id in forced and forced[event_id] != option_id:
            raise InputError(f"--force: event '{event_id}' is given two options")
        forced[event_id] = option_id
    return forced
