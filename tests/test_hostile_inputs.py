"""Hostile scenarios, saves and arguments: each case once let a file or an argument hang the
game, exhaust its memory, print a traceback, smuggle a look-alike id in, or write escape
sequences to the terminal. Every one now ends with a message and exit status 2 (or, for
the terminal, with the text shown escaped)."""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import warnings
import zlib
from pathlib import Path

import pytest

from game import Simulation, load_scenario
from game.cli import main
from game.errors import ScenarioError
from game.expr import ExprError, parse_expression
from game.loader import MAX_EVENT_TURNS, MAX_PAIR_TURNS
from game.saves import SaveError, load_game, save_game
from game.saves.container import MAX_DATA_BYTES, decode, encode
from game.saves.errors import DamagedSave
from game.saves.migrations import FORMAT_VERSION
from tests.conftest import EXAMPLE, ROOT, TINY

PYTHON = sys.executable
MAIN = str(ROOT / "main.py")

EVENT = """
[[events]]
id = "boom"
title = "Boom"
text = "A boom."
years = [2000, 2010]
[[events.options]]
id = "grow"
label = "Grow"
historical = true
effects = ["stat(AAA, gdp) *= 1e308", "stat(AAA, gdp) *= 1e308"]
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err, captured.err
    return status, captured.out, captured.err


def run_process(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command in a child process: a case that used to hang fails by timing out."""
    result = subprocess.run(
        [PYTHON, MAIN, *argv], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result


def nations(count: int) -> str:
    out = []
    for k in range(count):
        ident = chr(65 + k // 676) + chr(65 + k // 26 % 26) + chr(65 + k % 26)
        out.append(
            f'[[nations]]\nid = "{ident}"\nname = "N{k}"\ncolor = "#112233"\n'
            f"capital = [{k % 170 - 85}.0, {k % 60 - 30}.0]\n[nations.stats]\n"
            "population = 10\ngdp = 100\ngdp_growth = 3\ndefence_share = 2\n"
        )
    return "".join(out)


def scenario_text(count: int, start: int, end: int, events: int = 0) -> str:
    head = (
        f'schema_version = 1\n[scenario]\nid = "big"\nname = "Big"\n'
        f"start_year = {start}\nend_year = {end}\n"
    )
    body = "".join(
        f'[[events]]\nid = "e{k}"\ntitle = "E"\ntext = "t"\nyears = [{start}, {end}]\n'
        f'[[events.options]]\nid = "a"\nlabel = "A"\neffects = []\n'
        for k in range(events)
    )
    return head + nations(count) + body


def resave(source: Path, target: Path, change) -> None:
    """`source` with `change(payload)` applied and the checksum made right again: a save
    a hostile author crafted, not a damaged one."""
    version, summary, payload = decode(source.read_bytes(), FORMAT_VERSION)
    change(payload)
    target.write_bytes(encode(version, summary, payload))


def set_rules(payload: dict, files: list[tuple[str, str]]) -> None:
    """Replace the save's copy of the rules, with a matching content hash."""
    import hashlib

    rules = payload["scenario"]
    rules["files"] = [{"name": name, "text": text} for name, text in files]
    digest = hashlib.sha256()
    for _, text in files:
        digest.update(text.encode("utf-8"))
    rules["content_hash"] = digest.hexdigest()


@pytest.fixture(scope="module")
def tiny_save(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny-save")
    path = folder / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    save = folder / "tiny.adsave"
    save_game(Simulation(load_scenario(path), seed=1).run(2003), save)
    return save


# -- case 3: work and memory ---------------------------------------------------------------


def test_a_small_scenario_asking_for_years_of_work_is_refused(tmp_path, capsys):
    """200 nations over 2,000 years: 32 KB that once grew by 2 MB a turn to gigabytes."""
    path = tmp_path / "big.toml"
    path.write_text(scenario_text(200, 1000, 3000), encoding="utf-8")
    assert path.stat().st_size < 40_000
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 2
    assert (
        f"200 nations over 2001 turns are 39,819,900 pair-turns to play; the limit is {MAX_PAIR_TURNS:,}"
        in out
    )
    assert "hint: use fewer nations or fewer years" in out


def test_many_events_over_many_years_are_refused(tmp_path, capsys):
    path = tmp_path / "long.toml"
    path.write_text(scenario_text(2, 1000, 3000, events=1300), encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 2 and "event-turns" in out and f"{MAX_EVENT_TURNS:,}" in out


def test_the_shipped_scenarios_are_far_inside_the_work_limits():
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        scenario = load_scenario(path)
        pairs = len(scenario.nations) * (len(scenario.nations) - 1) // 2
        assert pairs * scenario.turns * 10 < MAX_PAIR_TURNS
        assert len(scenario.events) * scenario.turns * 10 < MAX_EVENT_TURNS


def test_a_save_with_megabytes_of_unused_rules_files_is_refused(tiny_save, tmp_path):
    """Each file within the per-file limit, together far beyond a scenario's 8 MiB: refused
    before anything is written to a temporary folder."""
    filler = "# " + "x" * (3 * 1024 * 1024) + "\n"
    files = [("tiny.toml", TINY)] + [(f"unused{k}.toml", filler) for k in range(4)]
    bad = tmp_path / "padded.adsave"
    resave(tiny_save, bad, lambda payload: set_rules(payload, files))
    with pytest.raises(SaveError, match="the copy of the rules is larger than 8 MB"):
        load_game(bad, on_changed_scenario="saved")


def _bomb(size: int, members: int = 1) -> bytes:
    piece = b"\0" * (1024 * 1024)
    out = []
    for _ in range(members):
        compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        out.extend(compressor.compress(piece) for _ in range(size // members // len(piece)))
        out.append(compressor.flush())
    return b"".join(out)


def test_a_gzip_bomb_costs_no_more_memory_than_the_unpacked_limit():
    bomb = _bomb(320 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(DamagedSave, match="unpacks to more than 64 MB"):
            decode(bomb, FORMAT_VERSION)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1.5 * MAX_DATA_BYTES


def test_a_bomb_of_many_gzip_members_is_too_large_not_cut_short():
    with pytest.raises(DamagedSave, match="unpacks to more than"):
        decode(_bomb(80 * 1024 * 1024, members=8), FORMAT_VERSION)


def test_a_save_of_two_gzip_members_is_read_as_one(tiny_save):
    data = gzip.decompress(tiny_save.read_bytes())
    half = len(data) // 2
    joined = gzip.compress(data[:half]) + gzip.compress(data[half:])
    assert decode(joined, FORMAT_VERSION) == decode(tiny_save.read_bytes(), FORMAT_VERSION)


# -- case 4: FIFOs --------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["validate", "{}"], "f.toml"),
        (["simulate", "--scenario", "{}"], "f.toml"),
        (["replay", "{}"], "f.adsave"),
    ],
)
def test_a_fifo_given_as_input_is_refused_at_once(tmp_path, argv, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    started = time.monotonic()
    result = run_process(*(a.format(fifo) for a in argv), timeout=60)
    assert result.returncode == 2
    assert "FIFO" in result.stdout + result.stderr and str(fifo) in result.stdout + result.stderr
    assert time.monotonic() - started < 30


# -- case 5: --dask addresses that are not a scheduler --------------------------------------


class FakeServer:
    """Accepts connections on 127.0.0.1 and either stays silent or answers with HTTP;
    stops by itself after `lifetime` seconds however the test ends."""

    def __init__(self, reply: bytes | None, lifetime: float = 60) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.reply, self.deadline = reply, time.monotonic() + lifetime
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        held = []
        try:
            while not self.stop.is_set() and time.monotonic() < self.deadline:
                try:
                    connection, _ = self.listener.accept()
                except TimeoutError:
                    continue
                held.append(connection)
                if self.reply is not None:
                    connection.sendall(self.reply)
        finally:
            for connection in held:
                connection.close()
            self.listener.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (None, "it sent nothing"),
        (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "it began with 'HTTP/1.1'"),
    ],
)
def test_an_address_that_is_not_a_dask_scheduler_is_named_in_one_paragraph(reply, reason):
    server = FakeServer(reply)
    try:
        address = f"tcp://127.0.0.1:{server.port}"
        started = time.monotonic()
        result = run_process(
            "simulate",
            "--scenario",
            str(EXAMPLE),
            "--runs",
            "4",
            "--dask",
            address,
            "--dask-timeout",
            "1.5",
            timeout=60,
        )
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert result.returncode == 2
    assert f"--dask: {address} did not answer as a Dask scheduler ({reason})" in result.stderr
    assert "--dask-timeout" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert elapsed < 30


def test_dask_timeout_is_checked(capsys):
    status, _, err = run(capsys, "simulate", "--runs", "2", "--dask", "x:1", "--dask-timeout", "0")
    assert status == 2 and "--dask-timeout must be between" in err


# -- case 6: no internal errors where a message is promised --------------------------------


def test_replaying_a_file_too_large_to_be_a_save_is_refused(tmp_path, capsys):
    path = tmp_path / "huge.adsave"
    with open(path, "wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: no disk space used
    status, _, err = run(capsys, "replay", str(path))
    assert status == 2 and "larger than 64 MB, too large to be a save" in err


def test_an_integer_of_thousands_of_digits_is_refused(write_scenario, capsys):
    path = write_scenario(TINY.replace("gdp = 100", "gdp = " + "7" * 5000))
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 2 and "has a number with too many digits to read" in out


def test_an_integer_of_thousands_of_digits_in_a_saves_rules_is_refused(tiny_save, tmp_path, capsys):
    rules = TINY.replace("gdp = 100", "gdp = " + "7" * 5000)
    bad = tmp_path / "digits.adsave"
    resave(tiny_save, bad, lambda payload: set_rules(payload, [("tiny.toml", rules)]))
    status, _, err = run(capsys, "replay", str(bad))
    assert status == 2 and "no longer loads" in err and "too many digits" in err


@pytest.mark.parametrize(
    ("include", "phrase"),
    [
        ('"a\\u0000b.toml"', "cannot be used"),
        ('"' + "a" * 5000 + '.toml"', "cannot be used: the name is too long"),
        ('"loop.toml"', "cannot be used"),
    ],
)
def test_includes_that_cannot_be_opened_are_problems_not_crashes(
    write_scenario, capsys, include, phrase
):
    path = write_scenario(TINY.replace("[scenario]", f"include = [{include}]\n[scenario]", 1))
    os.symlink("loop.toml", path.parent / "loop.toml")
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 2 and "include[0]" in out and phrase in out
    assert len(out) < 2000


def test_a_save_naming_a_very_long_scenario_path_loads_its_copy(tiny_save, tmp_path, capsys):
    long_path = tmp_path / "long.adsave"

    def change(payload: dict) -> None:
        payload["scenario"]["bundled"] = None
        payload["scenario"]["path"] = "/" + "a" * 5000 + ".toml"

    resave(tiny_save, long_path, change)
    status, out, _ = run(capsys, "replay", str(long_path), "--quiet")
    assert status == 0 and "the final state matches the save" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["replay", "{long}"],
        ["replay", "x", "--save-dir", "{long}"],
        ["saves", "--save-dir", "{long}"],
        ["validate", "{long}"],
        ["simulate", "--out", "{long}"],
    ],
)
def test_a_path_too_long_for_the_system_is_a_message(capsys, argv):
    long = "a" * 5000
    status, out, err = run(capsys, *(a.format(long=long) for a in argv))
    said = out + err
    assert status == 2 and ("too long" in said or "no such save" in said), said[-300:]


def as_nobody(action) -> str:
    """Run `action()` (which returns text) in a forked child that gave up root, since root
    reads any file; returns what it returned, or the error it raised."""
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            text = action()
        except BaseException as error:
            text = f"UNEXPECTED {type(error).__name__}: {error}"
        finally:
            os.write(write, str(locals().get("text", "")).encode())
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    out = b""
    while chunk := os.read(read, 65536):
        out += chunk
    os.close(read)
    return out.decode()


@pytest.fixture
def open_folder():
    """A folder anyone may look into (pytest's own temporary folders are private)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="alliance-drift-open-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_a_scenario_that_cannot_be_read_is_a_problem(open_folder):
    path = open_folder / "s.toml"
    path.write_text(TINY, encoding="utf-8")
    path.chmod(0o600)  # the child may look into the folder, not read the file

    def load() -> str:
        try:
            load_scenario(path)
        except ScenarioError as error:
            return str(error)
        return "loaded"

    text = as_nobody(load)
    assert text == (
        f"{path}: cannot be read: there is no permission to read it"
        " (hint: give a scenario file (.toml) that you may read)"
    )


def test_an_include_in_an_unreadable_folder_is_a_problem(open_folder):
    path = open_folder / "s.toml"
    path.write_text(TINY.replace("[scenario]", 'include = ["shut/x.toml"]\n[scenario]', 1))
    path.chmod(0o644)
    (open_folder / "shut").mkdir(mode=0o700)
    (open_folder / "shut" / "x.toml").write_text("schema_version = 1\n")

    def load() -> str:
        try:
            load_scenario(path)
        except ScenarioError as error:
            return str(error)
        return "loaded"

    text = as_nobody(load)
    assert "include[0]" in text and "permission" in text.lower(), text


# -- case 7: ids and digits -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ('id = "AAA"', 'id = "AAA\\n"', "nation id 'AAA\\n' is not three capital letters"),
        ('id = "tiny"', 'id = "tiny\\n"', "scenario id 'tiny\\n' is not lower-case letters"),
        ('color = "#112233"', 'color = "#112233\\n"', "colour '#112233\\n' is not of the form"),
        ('id = "boom"', 'id = "boom\\n"', "event id 'boom\\n' is not lower-case letters"),
        ('id = "grow"', 'id = "grow\\n"', "option id 'grow\\n' is not lower-case letters"),
    ],
)
def test_an_id_with_a_trailing_newline_is_refused(write_scenario, capsys, old, new, what):
    """The message shows the newline escaped, on the problem's one line."""
    text = (TINY + EVENT).replace(old, new, 1)
    assert new in text
    status, out, _ = run(capsys, "validate", str(write_scenario(text)))
    assert status == 2 and what in out


def test_a_treaty_id_with_a_trailing_newline_is_refused(write_scenario, capsys):
    treaty = '\n[[treaties]]\nid = "PACT\\n"\nname = "Pact"\nkind = "alliance"\nmembers = ["AAA", "BBB"]\n'
    status, out, _ = run(capsys, "validate", str(write_scenario(TINY + treaty)))
    assert status == 2 and "treaty" in out


@pytest.mark.parametrize("text", ["\u0661 > 0", "year > \u0663", "stat(AAA, gdp) > \uff11"])
def test_expressions_take_ascii_digits_only(text):
    with pytest.raises(ExprError, match="unexpected character"):
        parse_expression(text)


@pytest.mark.parametrize(
    ("argv", "phrase"),
    [
        (["simulate", "--seed", "\u0663"], "seed must be a whole number"),
        (["simulate", "--until", "\u0661\u0669\u0665\u0660"], "year must be a whole number"),
        (["simulate", "--runs", "\u0663"], "--runs must be a whole number"),
    ],
)
def test_number_options_take_ascii_digits_only(capsys, argv, phrase):
    status, _, err = run(capsys, *argv)
    assert status == 2 and phrase in err


# -- case 8: control characters reach the terminal escaped ------------------------------------

ESCAPE = "\x1b]0;owned\x07\x1b[2J"


@pytest.fixture
def escaping_scenario(tmp_path) -> Path:
    text = (TINY + EVENT).replace('name = "Tiny"', 'name = "Tiny\\u001b]0;owned\\u0007\\u001b[2J"')
    text = text.replace('title = "Boom"', 'title = "Boom\\u001b[8m"')
    path = tmp_path / "esc.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_story_shows_control_characters_escaped(escaping_scenario, capsys):
    status, out, _ = run(capsys, "simulate", "--scenario", str(escaping_scenario))
    assert status == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "Tiny\\x1b]0;owned\\x07\\x1b[2J" in out


def test_replay_and_the_save_list_show_control_characters_escaped(
    escaping_scenario, tmp_path, capsys
):
    save = tmp_path / "saves" / "esc.adsave"
    save.parent.mkdir()
    status, _, _ = run(
        capsys, "simulate", "--scenario", str(escaping_scenario), "--save", str(save)
    )
    assert status == 0
    status, out, _ = run(capsys, "replay", str(save))
    assert status == 0 and "\x1b" not in out and "Tiny\\x1b]0;owned" in out.splitlines()[0]
    status, out, _ = run(capsys, "saves", "--save-dir", str(save.parent))
    assert status == 0 and "\x1b" not in out and "\\x1b" in out


def test_error_messages_show_control_characters_escaped(write_scenario, capsys):
    path = write_scenario(TINY.replace("[scenario]", '[scenario]\n"bad\\u001b[2J" = 1', 1))
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 2 and "\x1b" not in out and "bad\\x1b[2J" in out


# -- case 9: smaller things -----------------------------------------------------------------


def test_an_effect_past_the_range_of_a_float_prints_no_warning(write_scenario):
    scenario = load_scenario(write_scenario(TINY + EVENT))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sim = Simulation(scenario, seed=0).run()
    assert sim.records[-1]["stats"]["AAA"]["gdp"] > 0


def test_a_huge_bad_key_is_not_echoed_in_full(write_scenario, capsys):
    key = "k" * 3_000_000
    path = write_scenario(TINY.replace("[scenario]", f"[scenario]\n{key} = 1", 1))
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 2 and "unknown key" in out and len(out) < 2000


def test_a_save_folder_that_is_a_file_is_named(tmp_path, capsys):
    not_a_folder = tmp_path / "passwd"
    not_a_folder.write_text("root:x:0:0\n")
    status, _, err = run(capsys, "saves", "--save-dir", str(not_a_folder))
    assert status == 2 and f"{not_a_folder}: is not a folder" in err
