"""Hostile scenarios: every mutation of a valid scenario either loads (and then plays) or
fails with a ScenarioError whose problems name the file; never another exception, never
a traceback, always quickly.

Scale the number of cases with ALLIANCE_DRIFT_FUZZ=N (N times the CI count) for long runs.
"""

from __future__ import annotations

import math
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import Simulation, load_scenario
from game.errors import ScenarioError
from game.invariants import invariant_problems
from game.loader import source_files

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "example_minimal.toml"
SCALE = max(1, int(os.environ.get("ALLIANCE_DRIFT_FUZZ", "1")))
SECONDS_PER_CASE = 5.0  # CPU seconds of this process: a loaded machine does not count


def fuzz(examples: int):
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


EXAMPLE_FILES = source_files(load_scenario(EXAMPLE))
BASE = EXAMPLE_FILES[0][1].decode("utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The example's includes, so a mutated main file still finds them."""
    root = tmp_path_factory.mktemp("fuzz")
    for name, raw in EXAMPLE_FILES[1:]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(raw)
    return root


def check_outcome(path: Path) -> str:
    """Load `path`; return "loaded" or "refused"; fail on anything but a clean refusal."""
    started = time.process_time()
    try:
        scenario = load_scenario(path)
    except ScenarioError as error:
        elapsed = time.process_time() - started
        assert error.problems, "a ScenarioError must list its problems"
        text = str(error)
        assert text.strip() and "Traceback" not in text
        assert not re.search(r"<[a-zA-Z_.]+ object at 0x|<class '", text), text[:300]
        for problem in error.problems:
            assert problem.path and problem.message
        assert elapsed < SECONDS_PER_CASE, f"refusing took {elapsed:.1f}s of CPU"
        return "refused"
    assert time.process_time() - started < SECONDS_PER_CASE
    sim = Simulation(scenario, seed=1, policy="random")
    for _ in range(min(3, scenario.turns)):
        sim.step()
    assert not invariant_problems(sim.state)
    return "loaded"


def write(folder: Path, data: bytes | str) -> Path:
    path = folder / "fuzz.toml"
    path.write_bytes(
        data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data
    )
    return path


# --- TOML values of every kind -----------------------------------------------------------


def toml_float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


SCALARS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        ["0", "-1", "9223372036854775807", "-9223372036854775808", "99999999999999999999"]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(toml_float),
    st.sampled_from(["1e308", "-1e308", "5e-324", "1e-320", "nan", "inf", "-inf", "-0.0"]),
    st.text(max_size=40).map(toml_string),
    st.sampled_from(
        ['""', '"x"', '"PAK"', '"#zzzzzz"', "true", "false", "1979-05-27T07:32:00Z", "07:32:00"]
    ),
    st.integers(min_value=1, max_value=200_000).map(lambda n: toml_string("x" * n)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True), inner, max_size=4).map(
            lambda table: "{" + ", ".join(f"{k} = {v}" for k, v in table.items()) + "}"
        ),
    ),
    max_leaves=12,
)
KEY_LINE = re.compile(r"^(\s*[A-Za-z_][A-Za-z0-9_]*\s*=\s*)(.*)$")
KEY_LINES = [k for k, line in enumerate(BASE.splitlines()) if KEY_LINE.match(line)]


@st.composite
def mutated(draw) -> bytes:
    """The example with one to three edits of the kinds modders and strangers make."""
    lines = BASE.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(["value", "value", "delete", "duplicate", "swap", "insert", "truncate"])
        )
        if kind == "value" and KEY_LINES:
            k = draw(st.sampled_from(KEY_LINES))
            match = KEY_LINE.match(lines[k].rstrip("\n")) if k < len(lines) else None
            if match:
                lines[k] = match.group(1) + draw(VALUES) + "\n"
        elif kind == "delete" and lines:
            start = draw(st.integers(0, len(lines) - 1))
            del lines[start : start + draw(st.integers(1, 20))]
        elif kind == "duplicate" and lines:
            start = draw(st.integers(0, len(lines) - 1))
            block = lines[start : start + draw(st.integers(1, 30))]
            lines[start:start] = block * draw(st.integers(1, 3))
        elif kind == "swap" and len(lines) > 1:
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
        elif kind == "insert":
            at = draw(st.integers(0, len(lines)))
            key = draw(st.from_regex(r"[a-z_]{1,12}", fullmatch=True))
            lines.insert(at, f"{key} = {draw(VALUES)}\n")
        elif kind == "truncate" and lines:
            text = "".join(lines)
            lines = [text[: draw(st.integers(0, len(text)))]]
    return "".join(lines).encode("utf-8", errors="surrogatepass")


@fuzz(90)
@given(data=mutated())
def test_mutated_scenarios_load_or_are_refused_cleanly(folder, data):
    check_outcome(write(folder, data))


@fuzz(60)
@given(data=st.data())
def test_flipped_bytes(folder, data):
    raw = bytearray(BASE.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] ^= data.draw(st.integers(1, 255))
    check_outcome(write(folder, bytes(raw)))


@fuzz(40)
@given(raw=st.binary(max_size=4000))
def test_random_bytes(folder, raw):
    check_outcome(write(folder, raw))


@fuzz(40)
@given(
    depth=st.integers(1, 5000),
    kind=st.sampled_from(["array", "table", "mixed"]),
    where=st.sampled_from(["top", "stats", "effects"]),
)
def test_deep_nesting(folder, depth, kind, where):
    if kind == "array":
        value = "[" * depth + "1" + "]" * depth
    elif kind == "table":
        value = "{a = " * depth + "1" + "}" * depth
    else:
        value = "[{a = " * (depth // 2) + "1" + "}]" * (depth // 2)
    if where == "top":
        text = BASE + f"\ndeep = {value}\n"
    elif where == "stats":
        text = BASE.replace("gdp = 3.0", f"gdp = {value}", 1)
    else:
        text = re.sub(r"effects = \[", f"effects = [{value}, ", BASE, count=1)
    check_outcome(write(folder, text))


# --- oversized input: refused quickly, with a message that names the limit ------------


def refused_within(path: Path, seconds: float, phrase: str) -> None:
    started = time.process_time()
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    elapsed = time.process_time() - started
    assert elapsed < seconds, f"took {elapsed:.2f}s of CPU"
    assert phrase in str(caught.value), str(caught.value)[:500]
    assert len(caught.value.problems) <= 201


def nation_table(k: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    ident = letters[k // 676 % 26] + letters[k // 26 % 26] + letters[k % 26]
    return (
        f'\n[[nations]]\nid = "{ident}"\nname = "N{k}"\ncolor = "#123456"\ncapital = [0.0, 0.0]\n'
        "[nations.stats]\npopulation = 1\ngdp = 1\ngdp_growth = 1\ndefence_share = 1\n"
    )


def test_thousands_of_nations_are_refused_quickly(folder):
    text = BASE + "".join(nation_table(k) for k in range(3000))
    refused_within(write(folder, text), 2.0, "the limit is 200")


def test_a_hundred_thousand_events_are_refused_quickly(folder):
    text = BASE + "".join(f'\n[[events]]\nid = "e{k}"\n' for k in range(100_000))
    refused_within(write(folder, text), 1.0, "keys, values and tables; the limit is 50000 per file")


def test_more_event_tables_than_allowed_are_refused_before_parsing(folder):
    text = BASE + "\n[[events]]" * 10_001
    refused_within(write(folder, text), 1.0, "[[events]] tables; the limit is 10000")


def test_events_as_one_inline_array_are_refused_quickly(folder):
    body = BASE.replace("[[events]]", "[[unused]]").replace("[[events.", "[[unused.")
    inline = "events = [" + ", ".join("{}" for _ in range(100_000)) + "]\n"
    text = body.replace("schema_version = 1", "schema_version = 1\n" + inline, 1)
    refused_within(write(folder, text), 1.0, "the limit is 50000")


@pytest.mark.parametrize(
    "shape",
    [
        "x = [" + "1," * 1_000_000 + "]",
        "".join(f"[t{k}]\n" for k in range(200_000)),
        "".join(f"k{k} = 1\n" for k in range(200_000)),
    ],
    ids=["a million numbers", "200,000 tables", "200,000 keys"],
)
def test_input_slow_to_parse_is_refused_before_parsing(folder, shape):
    refused_within(write(folder, "schema_version = 1\n" + shape), 1.0, "the limit is 50000")


def test_includes_together_are_limited(folder):
    chunk = "schema_version = 1\n" + "".join(f"k{k} = 1\n" for k in range(40_000))
    names = []
    for k in range(3):
        (folder / f"part{k}.toml").write_text(chunk)
        names.append(f'"part{k}.toml"')
    text = re.sub(r"^include = \[.*\]\s*(#.*)?$", "", BASE, count=1, flags=re.MULTILINE)
    text = text.replace(
        "schema_version = 1", f"schema_version = 1\ninclude = [{', '.join(names)}]", 1
    )
    refused_within(write(folder, text), 3.0, "for all its files together")


def test_oversized_files_are_refused_before_parsing(folder):
    refused_within(write(folder, BASE + "#" * (5 * 1024 * 1024)), 1.0, "the limit is")


def test_huge_lists_and_strings_are_refused(folder):
    territory = "territory = [" + ", ".join('"PAK"' for _ in range(200_000)) + "]"
    refused_within(
        write(folder, BASE.replace('territory = ["PAK", "BGD"]', territory, 1)), 3.0, "the limit is"
    )
    name = 'name = "' + "x" * 1_000_000 + '"'
    refused_within(write(folder, BASE.replace('name = "Pakistan"', name, 1)), 3.0, "the limit is")


def test_huge_and_tiny_numbers_are_refused_or_used_safely(folder):
    for old, new in (
        ("gdp = 3.0", "gdp = 1" + "0" * 4000),
        ("gdp = 3.0", "gdp = 5e-324"),
        ("population = 75.0", "population = -0.0"),
        ("start_year = 1947", "start_year = -9223372036854775808"),
        ("months_per_turn = 12", "months_per_turn = 1"),
        ("noise = 1.5", "noise = 1e308"),
        ("decay = 0.25", "decay = nan"),
    ):
        assert old in BASE, old
        check_outcome(write(folder, BASE.replace(old, new, 1)))


def test_long_expressions_are_refused_with_the_limit(folder):
    long_trigger = 'trigger = "' + " and ".join(["year > 1950"] * 400) + '"'
    text = re.sub(r"^trigger = .*$", long_trigger, BASE, count=1, flags=re.MULTILINE)
    refused_within(write(folder, text), 2.0, "the limit is 2000")


# --- nothing in a scenario reaches outside its folder -----------------------------------


def scenario_with_include(folder: Path, name: str) -> Path:
    text = re.sub(r"^include = \[.*\]\s*(#.*)?$", "", BASE, count=1, flags=re.MULTILINE)
    return write(
        folder, text.replace("schema_version = 1", f'schema_version = 1\ninclude = ["{name}"]', 1)
    )


@pytest.fixture()
def sandbox(tmp_path) -> tuple[Path, Path]:
    """A scenario folder and, next to it, a folder it must not reach."""
    inside, outside = tmp_path / "mod", tmp_path / "elsewhere"
    inside.mkdir()
    outside.mkdir()
    (outside / "secret.toml").write_text("schema_version = 1\n")
    return inside, outside


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("../elsewhere/secret.toml", "must stay inside the scenario's folder"),
        ("sub/../../elsewhere/secret.toml", "must stay inside the scenario's folder"),
        ("/etc/passwd", "must stay inside the scenario's folder"),
        ("link.toml", "leads outside the scenario's folder"),
        ("linked_folder/secret.toml", "leads outside the scenario's folder"),
    ],
)
def test_includes_cannot_leave_the_scenario_folder(sandbox, name, phrase):
    inside, outside = sandbox
    (inside / "link.toml").symlink_to(outside / "secret.toml")
    (inside / "linked_folder").symlink_to(outside, target_is_directory=True)
    refused_within(scenario_with_include(inside, name), 2.0, phrase)


def test_a_symlink_that_stays_inside_is_fine(sandbox):
    inside, _ = sandbox
    (inside / "real.toml").write_text("schema_version = 1\n")
    (inside / "alias.toml").symlink_to(inside / "real.toml")
    scenario = load_scenario(scenario_with_include(inside, "alias.toml"))
    assert [name for name, _ in source_files(scenario)] == ["fuzz.toml", "alias.toml"]


def test_special_files_are_not_read(sandbox):
    inside, _ = sandbox
    os.mkfifo(inside / "pipe.toml")  # reading it would block forever
    (inside / "zero.toml").symlink_to("/dev/zero")
    refused_within(scenario_with_include(inside, "pipe.toml"), 2.0, "is not a regular file")
    refused_within(scenario_with_include(inside, "zero.toml"), 2.0, "leads outside")


def test_refusing_the_largest_inputs_takes_little_memory(folder):
    import tracemalloc

    shapes = [
        "schema_version = 1\nx = [" + "1," * 2_000_000 + "]",
        BASE + "".join(f'\n[[events]]\nid = "e{k}"\n' for k in range(100_000)),
        BASE + "#" * (64 * 1024 * 1024),
    ]
    for text in shapes:
        path = write(folder, text)
        del text
        tracemalloc.start()
        try:
            with pytest.raises(ScenarioError):
                load_scenario(path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 40 * 1024 * 1024, f"{peak / 1e6:.0f} MB"
