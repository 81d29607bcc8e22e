"""Command-line arguments: every bad value ends with one line on stderr and exit status 2,
never a traceback; random arguments never reach an internal error."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "scenarios" / "example_minimal.toml")
SCALE = max(1, int(os.environ.get("ALLIANCE_DRIFT_FUZZ", "1")))


def run(capsys, *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return status, err


@pytest.mark.parametrize(
    ("argv", "phrase"),
    [
        (["simulate", "--until", "abc"], "year must be a whole number, not 'abc'"),
        (["simulate", "--until", "5000"], "year 5000 is out of range 1000..3000"),
        (
            ["simulate", "--scenario", EXAMPLE, "--until", "1900"],
            "1900 is outside the scenario's years 1947..2030",
        ),
        (
            ["simulate", "--scenario", EXAMPLE, "--player", "XYZ"],
            "unknown nation 'XYZ'; this scenario has PAK",
        ),
        (["simulate", "--policy", "greedy"], "invalid choice: 'greedy'"),
        (["simulate", "--seed", "-1"], "seed must be between 0 and 2^63-1"),
        (["simulate", "--seed", "1.5"], "seed must be a whole number"),
        (["simulate", "--scenario", "no/such/file.toml"], "no such file"),
        (
            ["simulate", "--out", "/nonexistent-folder/run.json"],
            "folder /nonexistent-folder does not exist",
        ),
        (["simulate", "--out", tempfile.gettempdir()], "is a folder"),
        (
            ["simulate", "--save", "/nonexistent-folder/game.adsave"],
            "folder /nonexistent-folder does not exist",
        ),
        (["replay"], "the following arguments are required: FILE"),
        (["replay", "/nonexistent-folder/game.adsave"], "there is no such save"),
        (["replay", tempfile.gettempdir()], "this is a folder, not a save"),
        (["nonsense"], "invalid choice: 'nonsense'"),
    ],
)
def test_bad_arguments_get_one_clear_line(capsys, argv, phrase):
    status, err = run(capsys, *argv)
    assert status == 2
    assert phrase in err
    assert len(err.strip().splitlines()) == 1


def test_a_save_is_written_only_when_asked_and_where_asked(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _ = run(
        capsys, "simulate", "--scenario", EXAMPLE, "--until", "1950", "--save", "g.adsave"
    )
    assert status == 0 and (tmp_path / "g.adsave").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.adsave"]


def test_an_unwritable_output_folder_is_refused_before_the_run(tmp_path):
    """As an unprivileged user (root writes anywhere), in a forked child.

    The child may not be able to read the checkout (a clone inside a private folder), so
    it gets a copy of the scenario in a folder anyone may read, and every module it needs is
    imported before it gives up root."""
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    import shutil

    import game.loader
    import game.simulation
    import game.story
    from game.cli import build_commands

    build_commands()  # imports every command module
    assert game.loader and game.simulation and game.story
    readable = Path(tempfile.mkdtemp(prefix="alliance-drift-scenario-", dir="/tmp"))
    base = Path(tempfile.mkdtemp(prefix="alliance-drift-cli-", dir="/tmp"))
    try:
        shutil.copytree(Path(EXAMPLE).parent, readable / "scenarios")
        for folder, _, names in os.walk(readable):
            os.chmod(folder, 0o755)
            for name in names:
                os.chmod(os.path.join(folder, name), 0o644)
        example = str(readable / "scenarios" / Path(EXAMPLE).name)
        os.chmod(base, 0o555)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read)
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                sys.stderr = open(write, "w", closefd=False)  # noqa: SIM115 - flushed below
                status = main(["simulate", "--scenario", example, "--save", str(base / "g.adsave")])
                status2 = main(["simulate", "--scenario", example, "--out", str(base / "run.json")])
                sys.stderr.flush()
                os.write(write, f"\nstatus {status} {status2}\n".encode())
            finally:
                os._exit(0)
        os.close(write)
        os.waitpid(pid, 0)
        out = b""
        while chunk := os.read(read, 65536):
            out += chunk
        os.close(read)
        text = out.decode()
        assert "status 2 2" in text, text
        assert text.count("is not writable") == 2 and "Traceback" not in text
        assert list(base.iterdir()) == []
    finally:
        os.chmod(base, 0o755)
        base.rmdir()
        shutil.rmtree(readable)


SAFE_NAME = st.text(alphabet="abcxyz019-_.", min_size=1, max_size=12).filter(
    lambda s: s not in (".", "..")
)
VALUE = st.one_of(
    st.text(max_size=20).filter(lambda s: "/" not in s and "\\" not in s and not s.startswith("-")),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(
        ["1947", "1948", "2030", "PAK", "RUS", "ai", "random", "historical", "nan", "1e9"]
    ),
)


@settings(
    max_examples=60 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    flags=st.lists(
        st.tuples(
            st.sampled_from(["--seed", "--until", "--player", "--policy", "--out", "--save"]), VALUE
        ),
        max_size=4,
    ),
    out_name=SAFE_NAME,
)
def test_random_simulate_arguments_never_crash(capsys, tmp_path, flags, out_name):
    argv = ["simulate", "--scenario", EXAMPLE, "--until", "1949"]
    for flag, value in flags:
        argv += [flag, str(tmp_path / out_name) if flag in ("--out", "--save") else value]
    status, _ = run(capsys, *argv)
    assert status in (0, 2)
