"""Faults: the process killed (SIGKILL) in the middle of saving, a full disk, a folder that
cannot be written, a file-size limit. Every time the last complete save still loads, the
campaign continues, and the player gets one clear paragraph instead of a crash.

How the faults are made: kills are real SIGKILLs sent to a forked child that saves in a
loop; the read-only folder is real (a child drops root privileges, since root writes
anywhere) and also mocked (EROFS); the full disk is mocked (os.write fails with ENOSPC
part-way), and a real kernel refusal comes from RLIMIT_FSIZE (EFBIG).
"""

from __future__ import annotations

import errno
import os
import random
import re
import resource
import signal
import stat
import tempfile
import time
from pathlib import Path

import pytest

from game import Orders, Simulation
from game.invariants import assert_invariants
from game.saves import AUTOSAVES_KEPT, SaveError, autosave, list_saves, load_game, save_game
from game.saves.atomic import remove_stale_temporaries

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "example_minimal.toml"
KILLS = int(os.environ.get("ALLIANCE_DRIFT_KILLS", "100"))

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def new_game() -> Simulation:
    sim = Simulation(EXAMPLE, seed=21, policy="ai", player="PAK")
    for _ in range(5):
        sim.step(Orders())
    return sim


def _child(sim: Simulation, path: Path, folder: Path, report: int) -> None:
    """Save the game (and autosave it) turn after turn until killed; report each step."""
    try:
        while not sim.done:
            sim.step(Orders())
            os.write(report, b"s")  # starting a save
            save_game(sim, path)
            os.write(report, f"d{sim.state.turn}.".encode())  # save complete
            if sim.state.turn % 2 == 0:
                autosave(sim, folder)
                os.write(report, f"a{sim.state.turn}.".encode())
        time.sleep(60)
    finally:
        os._exit(0)


def test_sigkill_during_saves_never_loses_the_campaign(tmp_path):
    rng = random.Random(1947)
    path = tmp_path / "campaign.adsave"
    folder = tmp_path / "autosaves"
    sim = new_game()
    save_game(sim, path)
    on_disk = sim.state.turn  # the turn of the last complete save
    landed_in_save = completed_saves = 0
    for _ in range(KILLS):
        if sim.done:
            sim = new_game()
            save_game(sim, path)
            on_disk = sim.state.turn
        start = sim.state.turn  # the child saves turns start + 1, start + 2, ...
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _child(sim, path, folder, write)
        os.close(write)
        time.sleep(rng.uniform(0.0, 0.1))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        log = b""
        while chunk := os.read(read, 65536):
            log += chunk
        os.close(read)
        done = [int(turn) for turn in re.findall(rb"d(\d+)\.", log)]
        completed_saves += len(done)
        landed_in_save += log.endswith(b"s")
        last = done[-1] if done else on_disk
        in_progress = (done[-1] if done else start) + 1
        sim = load_game(path)  # the last complete save loads...
        # (or the one in progress, when the kill came after the rename but before the report)
        assert sim.state.turn in (last, in_progress)
        assert_invariants(sim.state)
        on_disk = sim.state.turn
        infos = list_saves(folder)
        assert len(infos) <= AUTOSAVES_KEPT + 1 and all(info.problem is None for info in infos)
        if infos and rng.random() < 0.2:
            assert load_game(infos[0].path).state.turn <= sim.state.turn
        if not sim.done:
            sim.step(Orders())  # ...and the campaign continues from it
    leftovers = list(tmp_path.glob(".campaign.adsave.*.tmp"))
    remove_stale_temporaries(tmp_path)
    assert not list(tmp_path.glob(".campaign.adsave.*.tmp"))
    print(
        f"\n{KILLS} SIGKILLs: {landed_in_save} landed inside a save, {completed_saves} saves completed "
        f"between kills, {len(leftovers)} half-written temporary files left (and cleaned up)"
    )
    assert landed_in_save >= KILLS // 4  # most kills must really hit a save in progress


# --- a full disk -------------------------------------------------------------------------


def failing_write(after_bytes: int, code: int):
    """os.write that writes `after_bytes` and then fails as a full disk does."""
    real = os.write
    written = {"n": 0}

    def write(fd: int, data) -> int:
        if written["n"] >= after_bytes:
            raise OSError(code, os.strerror(code))
        chunk = bytes(data[: max(1, min(len(data), after_bytes - written["n"]))])
        written["n"] += len(chunk)
        return real(fd, chunk)

    return write


@pytest.mark.parametrize("after_bytes", [0, 1, 1000])
def test_a_full_disk_keeps_the_old_save_and_the_game(tmp_path, monkeypatch, after_bytes):
    sim = new_game()
    path = tmp_path / "game.adsave"
    save_game(sim, path)
    before = path.read_bytes()
    sim.step()
    monkeypatch.setattr(os, "write", failing_write(after_bytes, errno.ENOSPC))
    with pytest.raises(SaveError) as caught:
        save_game(sim, path)
    monkeypatch.undo()
    message = str(caught.value)
    assert (
        "the disk is full" in message and "Nothing was overwritten and the game goes on" in message
    )
    assert str(path) in message and "\n" not in message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.adsave"]  # no temporary left
    sim.step()  # the game goes on
    save_game(sim, path)  # and saves once there is room again
    assert load_game(path).state.turn == sim.state.turn


def test_fsync_failure_is_a_failed_save(tmp_path, monkeypatch):
    sim = new_game()
    path = tmp_path / "game.adsave"
    save_game(sim, path)
    before = path.read_bytes()

    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync)
    sim.step()
    with pytest.raises(SaveError, match="input/output error"):
        save_game(sim, path)
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_autosave_on_a_full_disk_keeps_every_older_autosave(tmp_path, monkeypatch):
    sim = new_game()
    for _ in range(AUTOSAVES_KEPT):
        autosave(sim, tmp_path)
        sim.step()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    monkeypatch.setattr(os, "write", failing_write(100, errno.ENOSPC))
    with pytest.raises(SaveError, match="disk is full"):
        autosave(sim, tmp_path)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    sim.step()
    autosave(sim, tmp_path)
    assert len(list(tmp_path.iterdir())) == AUTOSAVES_KEPT


# --- folders that cannot be written ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "phrase"), [(errno.EROFS, "read-only disk"), (errno.EACCES, "no permission")]
)
def test_unwritable_folders_give_a_clear_message(tmp_path, monkeypatch, code, phrase):
    sim = new_game()
    path = tmp_path / "game.adsave"
    save_game(sim, path)
    before = path.read_bytes()
    real_open = os.open

    def refusing_open(target, flags, *args, **kwargs):
        if str(target).startswith(str(tmp_path)) and flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(target))
        return real_open(target, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(SaveError, match=phrase):
        save_game(sim, path)
    with pytest.raises(SaveError, match=phrase):
        autosave(sim, tmp_path / "auto")
    monkeypatch.undo()
    assert path.read_bytes() == before
    sim.step()


def _in_child(action) -> tuple[int, str]:
    """Run `action()` in a forked child; return its exit status and what it reported."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            os.write(write, action().encode())
        except BaseException as error:  # noqa: BLE001 - any escape is reported to the test
            os.write(write, f"UNEXPECTED {type(error).__name__}: {error}".encode())
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    out = b""
    while chunk := os.read(read, 65536):
        out += chunk
    os.close(read)
    return status, out.decode()


def test_a_really_read_only_folder(tmp_path):
    """As an unprivileged user (root ignores permissions) the folder really refuses writes."""
    sim = new_game()
    base = Path(tempfile.mkdtemp(prefix="alliance-drift-ro-", dir="/tmp"))
    try:
        os.chmod(base, 0o755)
        folder = base / "saves"
        folder.mkdir()
        save_game(sim, folder / "game.adsave")
        before = (folder / "game.adsave").read_bytes()
        os.chmod(folder / "game.adsave", 0o644)
        os.chmod(
            folder,
            stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH,
        )

        def attempt() -> str:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)  # nobody
            outcomes = []
            for action in (
                lambda: save_game(sim, folder / "game.adsave"),
                lambda: autosave(sim, folder),
            ):
                try:
                    action()
                    outcomes.append("SAVED")
                except SaveError as error:
                    outcomes.append(str(error))
            sim.step()  # the game goes on
            outcomes.append(f"turn {sim.state.turn}")
            return "\n".join(outcomes)

        _, out = _in_child(attempt)
        save_message, autosave_message, turn = out.split("\n")
        assert "cannot save: there is no permission to write there" in save_message
        assert "Nothing was overwritten" in save_message
        assert "no permission" in autosave_message
        assert turn == f"turn {sim.state.turn + 1}"
        assert (folder / "game.adsave").read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["game.adsave"]
    finally:
        for path in sorted(base.rglob("*"), reverse=True):
            os.chmod(path.parent, 0o755)
            path.unlink() if path.is_file() else path.rmdir()
        base.rmdir()


def test_a_real_file_size_limit_fails_the_save_cleanly(tmp_path):
    """RLIMIT_FSIZE makes the kernel refuse the write (EFBIG) part-way through the file."""
    sim = new_game()
    path = tmp_path / "game.adsave"
    save_game(sim, path)
    before = path.read_bytes()
    sim.step()

    def attempt() -> str:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))
        try:
            save_game(sim, path)
        except SaveError as error:
            return str(error)
        return "SAVED"

    _, message = _in_child(attempt)
    assert "larger than this system allows" in message and "Nothing was overwritten" in message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.adsave"]
