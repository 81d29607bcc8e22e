"""Hostile saves: damaged bytes, random files, and well-formed payloads full of wrong
values (with a valid checksum) only ever raise SaveError with one clear paragraph, and
never change the file. A save that still loads plays on.

Scale the number of cases with ALLIANCE_DRIFT_FUZZ=N for long runs.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import Orders, Simulation
from game.invariants import invariant_problems
from game.saves import SaveError, list_saves, load_game, read_info, save_game
from game.saves.container import checksum_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "example_minimal.toml"
SCALE = max(1, int(os.environ.get("ALLIANCE_DRIFT_FUZZ", "1")))


def fuzz(examples: int):
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


@functools.cache
def valid_save() -> tuple[bytes, str]:
    """A good save of a short game (bytes, and the digest of its state)."""
    sim = Simulation(EXAMPLE, seed=4, policy="ai", player="PAK")
    for _ in range(6):
        sim.step(Orders())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "valid.adsave"
        save_game(sim, path, name="fuzz")
        return path.read_bytes(), sim.state.digest()


@pytest.fixture(scope="module")
def target(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzzsaves") / "fuzz.adsave"


def check_outcome(path: Path, data: bytes) -> str:
    """Load the bytes; fail on anything but a clean SaveError or a playable game."""
    path.write_bytes(data)
    info = read_info(path)  # the save list never raises either
    assert info.path == path
    try:
        sim = load_game(path, on_changed_scenario="saved")
    except SaveError as error:
        message = str(error)
        assert message.startswith(str(path)) and "\n" not in message and "Traceback" not in message
        assert path.read_bytes() == data
        return "refused"
    assert not invariant_problems(sim.state)
    if data == valid_save()[0] or lines(data)[1:] == lines(valid_save()[0])[1:]:
        assert sim.state.digest() == valid_save()[1]  # an intact payload restores the game exactly
    if not sim.done:
        sim.step()
    return "loaded"


def lines(data: bytes) -> list[bytes]:
    try:
        return gzip.decompress(data).split(b"\n")
    except (OSError, EOFError, ValueError):
        return []


def rebuild(header: bytes, summary: bytes, payload: bytes) -> bytes:
    """A save with a freshly computed checksum: tampering that knows the format."""
    head = json.loads(header)
    head["checksum"] = checksum_of(summary, payload)
    return gzip.compress(b"\n".join([json.dumps(head).encode(), summary, payload, b""]))


@fuzz(80)
@given(data=st.data())
def test_damaged_bytes(target, data):
    raw = bytearray(valid_save()[0])
    kind = data.draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
    at = data.draw(st.integers(0, len(raw) - 1))
    if kind == "flip":
        raw[at] ^= data.draw(st.integers(1, 255))
    elif kind == "cut":
        del raw[at:]
    elif kind == "insert":
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=64))
    else:
        del raw[at : at + data.draw(st.integers(1, 64))]
    check_outcome(target, bytes(raw))  # gzip header bits (mtime, flags) may change harmlessly


@fuzz(40)
@given(raw=st.binary(max_size=2000))
def test_random_bytes_and_random_gzip(target, raw):
    check_outcome(target, raw)
    check_outcome(target, gzip.compress(raw))
    check_outcome(
        target,
        gzip.compress(
            b'{"format":"alliance-drift-save","format_version":2,"checksum":"x"}\n' + raw
        ),
    )


JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=10,
)


def paths_in(value, prefix=()):
    """Every path to a value inside nested dicts and lists."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_in(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:6]):
            yield from paths_in(item, (*prefix, index))


@fuzz(60)
@given(data=st.data())
def test_tampered_payload_values(target, data):
    header, summary, payload_raw, _ = lines(valid_save()[0])
    payload = json.loads(payload_raw)
    candidates = [p for p in paths_in(payload) if p and p[:2] != ("scenario", "files")]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(candidates))
        parent = payload
        for step in path[:-1]:
            parent = parent[step]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(JSON)
        candidates = [p for p in paths_in(payload) if p and p[:2] != ("scenario", "files")]
        if not candidates:
            break
    check_outcome(target, rebuild(header, summary, json.dumps(payload).encode()))


@fuzz(15)
@given(data=st.data())
def test_tampered_summary_and_header(target, data):
    header, summary, payload, _ = lines(valid_save()[0])
    head = json.loads(header)
    head[data.draw(st.sampled_from(["format", "format_version", "checksum", "extra"]))] = data.draw(
        JSON
    )
    check_outcome(
        target, gzip.compress(b"\n".join([json.dumps(head).encode(), summary, payload, b""]))
    )
    fake_summary = json.dumps(data.draw(JSON)).encode()
    check_outcome(target, rebuild(header, fake_summary, payload))


def test_deeply_nested_json_is_refused(target):
    header, summary, _, _ = lines(valid_save()[0])
    for nested in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000):
        assert check_outcome(target, rebuild(header, summary, nested)) == "refused"


def test_huge_numbers_and_arrays_are_refused(target):
    header, summary, payload_raw, _ = lines(valid_save()[0])
    for change in (
        lambda p: p.update(turn=10**30),
        lambda p: p.update(seed=2**64),
        lambda p: p["state"]["arrays"]["relations"].update(shape=[10**7, 10**7, 10**7]),
        lambda p: p["state"]["arrays"]["relations"].update(shape=[2**40, 0]),
        lambda p: p["state"]["arrays"]["relations"].update(dtype="|O"),
        lambda p: p["orders"].__setitem__(0, {"choices": {f"e{k}": k for k in range(100_001)}}),
        lambda p: p["orders"].__setitem__(
            0, {"choices": {"x": {"__ndarray__": {"dtype": "<i8", "shape": [10**9], "data": ""}}}}
        ),
    ):
        payload = json.loads(payload_raw)
        change(payload)
        assert (
            check_outcome(target, rebuild(header, summary, json.dumps(payload).encode()))
            == "refused"
        )


def test_the_save_list_survives_a_folder_of_junk(tmp_path):
    valid = valid_save()[0]
    (tmp_path / "good.adsave").write_bytes(valid)
    for k, junk in enumerate(
        [b"", b"\x1f\x8b", gzip.compress(b"x" * 10), valid[:100], os.urandom(500)]
    ):
        (tmp_path / f"junk{k}.adsave").write_bytes(junk)
    (tmp_path / "folder.adsave").mkdir()
    infos = list_saves(tmp_path)
    assert {i.path.name for i in infos} == {"good.adsave"} | {f"junk{k}.adsave" for k in range(5)}
    assert [i.path.name for i in infos if i.problem is None] == ["good.adsave"]
