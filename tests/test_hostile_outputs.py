"""Outputs and stopping: what a careless or hostile command line must not be able to do.

Only regular files are replaced (never a device, FIFO or socket), no output may be an
input, `-` is standard output, and SIGTERM or SIGHUP stop a batch as Ctrl+C does: workers
gone, no partial file, exit status 128 + the signal.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.cli import main
from game.files import OutputError, write_atomically
from game.saves.errors import SaveError
from tests.conftest import EXAMPLE, ROOT


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err, captured.err
    return status, captured.out, captured.err


@pytest.fixture
def fifo(tmp_path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path):
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("needs unix sockets")
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


@pytest.mark.parametrize("option", ["--out", "--save"])
def test_a_fifo_is_never_replaced_by_an_output(capsys, fifo, option):
    status, _, err = run(capsys, "simulate", "--scenario", str(EXAMPLE), option, str(fifo))
    assert status == 2
    assert f"{fifo}: cannot write: it is a FIFO" in err and "regular file" in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_socket_is_never_replaced_by_a_chart(capsys, unix_socket):
    status, _, err = run(
        capsys, "simulate", "--scenario", str(EXAMPLE), "--runs", "2", "--plot", str(unix_socket)
    )
    assert status == 2 and "it is a socket" in err
    assert stat.S_ISSOCK(os.stat(unix_socket).st_mode)


def test_a_device_is_never_replaced(tmp_path, capsys):
    """`mknod` needs root; otherwise /dev/null itself (the check runs before any write)."""
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError):
        device = Path(os.devnull)
    status, _, err = run(capsys, "simulate", "--scenario", str(EXAMPLE), "--out", str(device))
    assert status == 2 and "it is a device" in err
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_the_writer_itself_refuses_what_is_not_a_regular_file(fifo):
    """Not only the command line's early check: the one writer checks again."""
    with pytest.raises(OutputError, match="FIFO"):
        write_atomically(fifo, b"x")
    from game.saves.atomic import write_atomically as save_atomically

    with pytest.raises(SaveError, match="cannot save: it is a FIFO"):
        save_atomically(fifo, b"x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and os.listdir(fifo.parent) == ["pipe"]


@pytest.mark.parametrize(
    ("option", "target"),
    [("--out", "example_minimal.toml"), ("--save", "diplomacy/actions.toml")],
)
def test_an_output_that_is_an_input_is_refused(tmp_path, capsys, option, target):
    shutil.copytree(EXAMPLE.parent, tmp_path / "scenarios")
    scenario = tmp_path / "scenarios" / "example_minimal.toml"
    victim = tmp_path / "scenarios" / target
    before = victim.read_bytes()
    status, _, err = run(capsys, "simulate", "--scenario", str(scenario), option, str(victim))
    assert status == 2
    assert f"{option} names a file this run reads" in err and "choose another output" in err
    assert victim.read_bytes() == before


def test_two_outputs_may_not_be_one_file(tmp_path, capsys):
    target = str(tmp_path / "x")
    status, _, err = run(
        capsys, "simulate", "--scenario", str(EXAMPLE), "--out", target, "--save", target
    )
    assert status == 2 and "both name" in err and not os.path.exists(target)


def test_out_dash_writes_to_standard_output(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "simulate", "--scenario", str(EXAMPLE)]
        + ["--until", "1950", "--out", "-"],
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["turns"][-1]["year"] == 1950
    assert list(tmp_path.iterdir()) == []


def test_save_dash_writes_the_save_alone_to_standard_output(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "simulate", "--scenario", str(EXAMPLE)]
        + ["--until", "1950", "--save", "-"],
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    (tmp_path / "copy.adsave").write_bytes(result.stdout)
    from game.saves import load_game

    assert load_game(tmp_path / "copy.adsave").state.year == 1951
    assert b"saved the game" in result.stderr


def test_every_command_writes_through_the_one_writer():
    """Only game/files.py renames a temporary file over a target; the client's settings
    file (a preference, not a command's output) is the one other rename."""
    renames = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "game").rglob("*.py")
        if "os.replace(" in path.read_text(encoding="utf-8")
    }
    assert renames <= {"game/files.py", "game/client/settings.py"}


# -- SIGTERM and SIGHUP stop a batch as Ctrl+C does ---------------------------------------


def _children(pid: int) -> set[int]:
    """Every process whose parent is `pid`, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(("name", "status"), [("SIGTERM", 143), ("SIGHUP", 129), ("SIGINT", 130)])
def test_a_stop_signal_ends_a_batch_with_its_workers(tmp_path, name, status):
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "simulate", "--scenario", str(EXAMPLE)]
        + ["--runs", "1000000", "--workers", "2", "--policy", "ai", "--out", "s.json"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a signal to this test's group never reaches it
        # A command run from a terminal starts with Ctrl+C at its default; one started with
        # SIGINT ignored (as a shell starts background jobs, or as this test process may be
        # left by a library it ran) rightly keeps ignoring it, so start it as a terminal would.
        preexec_fn=_default_interrupt,
    )
    try:
        deadline = time.monotonic() + 300  # a loaded machine starts processes slowly
        workers: set[int] = set()
        while time.monotonic() < deadline and process.poll() is None:
            children = _children(process.pid)
            workers = {
                pid
                for pid in children
                if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
            }
            if len(workers) == 2:
                break
            time.sleep(0.2)
        assert len(workers) == 2, "the workers did not start"
        children = _children(process.pid)
        time.sleep(1.0)  # let the workers start playing
        process.send_signal(getattr(signal, name))
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == status, err
    assert b"Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # no partial file, no temporary file
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in children if _alive(pid)] == []


def test_a_stop_part_way_through_a_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    from game.stopping import Stopped

    real_write = os.write

    def stopped_write(descriptor, data):
        real_write(descriptor, bytes(data[:10]))
        raise Stopped(signal.SIGTERM)

    target = tmp_path / "run.json"
    target.write_text("old")
    monkeypatch.setattr(os, "write", stopped_write)
    with pytest.raises(Stopped):
        write_atomically(target, b"x" * 1000)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.json"]
    assert target.read_text() == "old"


# -- a stop is a stop, wherever it lands ----------------------------------------------------


def test_an_error_raised_while_stopping_ends_as_the_stop(monkeypatch, capsys):
    """A stop that lands half-way through an import leaves the clean-up to fail on what was
    left half-done: the command still ends as the stop asked, never as an internal error."""
    from game import cli
    from game.stopping import Stopped

    def stopped_mid_import(args):
        try:
            raise Stopped(signal.SIGTERM)
        finally:
            raise ImportError("cannot import name 'njit' from partially initialized module")

    build = cli.build_commands

    def with_stopped_validate():
        parser, handlers, extra = build()
        return parser, {**handlers, "validate": stopped_mid_import}, extra

    monkeypatch.setattr(cli, "build_commands", with_stopped_validate)
    assert main(["validate", str(EXAMPLE)]) == 143
    err = capsys.readouterr().err
    assert "interrupted by SIGTERM" in err and "internal error" not in err


def test_an_error_with_no_stop_behind_it_is_still_an_internal_error(monkeypatch, capsys):
    from game import cli

    def broken(args):
        try:
            raise ValueError("first")
        finally:
            raise ImportError("second")

    build = cli.build_commands
    monkeypatch.setattr(
        cli, "build_commands", lambda: (lambda p, h, e: (p, {**h, "validate": broken}, e))(*build())
    )
    assert main(["validate", str(EXAMPLE)]) == 1
    assert "internal error: ImportError" in capsys.readouterr().err


class _Results:
    """What a batch worker reports on, kept in a list."""

    def __init__(self) -> None:
        self.messages: list = []

    def put(self, message) -> None:
        self.messages.append(message)


class _Tasks:
    def __init__(self, *tasks) -> None:
        self.tasks = list(tasks)

    def get(self):
        return self.tasks.pop(0)


@pytest.mark.parametrize(
    ("stop", "status"), [(KeyboardInterrupt(), 130), ("SIGTERM", 143), ("SIGHUP", 129)]
)
def test_a_worker_given_a_stop_reports_the_stop_not_a_failure(monkeypatch, stop, status):
    """Ctrl+C reaches every process of the terminal's group: a worker stopped mid-block
    says so, and the parent stops as asked (exit 130), not as for a failed worker."""
    import numpy as np

    from game import load_scenario
    from game.batch import parallel
    from game.batch.runner import BatchSpec
    from game.stopping import Stopped, exit_status

    if isinstance(stop, str):
        stop = Stopped(getattr(signal, stop))

    def stopped(*args, **kwargs):
        raise stop

    monkeypatch.setattr(parallel, "run_seeds", stopped)
    spec = BatchSpec(load_scenario(EXAMPLE), runs=4)
    results = _Results()
    parallel._worker(spec, spec.layout(), _Tasks((0, np.arange(4)), None), results, True)
    [(kind, signum)] = results.messages
    assert kind == "stopped"
    raised = parallel.worker_stop(signum)
    assert isinstance(raised, KeyboardInterrupt) and exit_status(raised) == status


@pytest.mark.parametrize(("name", "status"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_stop_a_library_swallowed_still_ends_as_the_stop(monkeypatch, capsys, name, status):
    """A bare `except:` in a library (numba's import has some) can swallow the interrupt a
    stop raised; what fails after it is still the stop the person asked for."""
    from game import cli

    def swallowed(args):
        try:
            os.kill(os.getpid(), getattr(signal, name))
            time.sleep(5)  # the signal's handler runs here
        except BaseException:  # noqa: BLE001 - the library's bare except, on purpose
            pass
        raise RuntimeError("a library left half set up")

    build = cli.build_commands
    monkeypatch.setattr(
        cli,
        "build_commands",
        lambda: (lambda p, h, e: (p, {**h, "validate": swallowed}, e))(*build()),
    )
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert main(["validate", str(EXAMPLE)]) == status
    finally:
        signal.signal(signal.SIGINT, previous)
    err = capsys.readouterr().err
    assert "interrupted" in err and "internal error" not in err
