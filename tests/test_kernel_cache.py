"""The compiled loops' disk cache is never stale: numba checks a cached loop against its
own file only, but a loop compiles the loops it calls into itself, so an update of a
callee's file alone must still reach its callers (game.kernels.fresh_caches)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from game import kernels
from game.kernels import DIGEST_FILE, fresh_caches, sources_digest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _forget_fresh_folders(monkeypatch):
    monkeypatch.setattr(kernels, "_fresh", set())


def _dispatcher(folder: Path) -> SimpleNamespace:
    """What fresh_caches reads of a numba dispatcher: where its cache lies."""
    return SimpleNamespace(_cache=SimpleNamespace(cache_path=str(folder)))


def test_a_folder_of_other_sources_is_emptied_of_cached_code_only(tmp_path) -> None:
    for name in ("a.f-3.py311.nbi", "a.f-3.py311.0.nbc", "b.g-9.py311.nbi", "b.cpython-311.pyc"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / DIGEST_FILE).write_text("old", encoding="ascii")
    fresh_caches([_dispatcher(tmp_path)], "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.cpython-311.pyc", DIGEST_FILE]
    assert (tmp_path / DIGEST_FILE).read_text(encoding="ascii") == "new"


def test_a_folder_of_the_same_sources_keeps_its_code(tmp_path) -> None:
    (tmp_path / "a.f-3.py311.nbi").write_bytes(b"x")
    (tmp_path / DIGEST_FILE).write_text("same", encoding="ascii")
    fresh_caches([_dispatcher(tmp_path)], "same")
    assert (tmp_path / "a.f-3.py311.nbi").exists()


def test_a_folder_without_a_digest_is_emptied_and_marked(tmp_path) -> None:
    (tmp_path / "a.f-3.py311.nbi").write_bytes(b"x")
    fresh_caches([_dispatcher(tmp_path)], "first")
    assert not (tmp_path / "a.f-3.py311.nbi").exists()
    assert (tmp_path / DIGEST_FILE).read_text(encoding="ascii") == "first"


def test_a_folder_that_cannot_be_written_is_left_alone(tmp_path, monkeypatch) -> None:
    """A cache folder this user may not change (a shared install): no error, nothing lost.
    Refused as the system would refuse it (root may write anywhere, so chmod cannot)."""
    (tmp_path / "a.f-3.py311.nbi").write_bytes(b"x")

    def refused(self, missing_ok=False):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refused)
    fresh_caches([_dispatcher(tmp_path)], "new")  # no error
    assert (tmp_path / "a.f-3.py311.nbi").exists()
    assert not (tmp_path / DIGEST_FILE).exists()


def test_the_digest_follows_the_text_of_every_file(tmp_path) -> None:
    one, two = tmp_path / "one.py", tmp_path / "two.py"
    one.write_text("a = 1\n")
    two.write_text("b = 1\n")
    before = sources_digest([str(one), str(two)])
    assert sources_digest([str(two), str(one)]) == before  # in any order
    two.write_text("b = 2\n")
    assert sources_digest([str(one), str(two)]) != before


CALLEE = "import numba\n\n@numba.njit(cache=True)\ndef callee():\n    return {value}\n"
CALLER = textwrap.dedent(
    """\
    import numba
    from callee_mod import callee

    @numba.njit(cache=True)
    def caller():
        return callee() + 0
    """
)
SCRIPT = textwrap.dedent(
    """\
    import sys
    sys.path.insert(0, sys.argv[1])
    import callee_mod, caller_mod
    from game.kernels import fresh_caches, sources_digest
    fresh_caches(
        [caller_mod.caller, callee_mod.callee],
        sources_digest([callee_mod.__file__, caller_mod.__file__]),
    )
    print(caller_mod.caller())
    """
)


def test_a_caller_compiled_before_its_callee_changed_is_compiled_again(tmp_path) -> None:
    """The case numba's own check misses: only the callee's file changes."""
    (tmp_path / "caller_mod.py").write_text(CALLER)
    (tmp_path / "callee_mod.py").write_text(CALLEE.format(value=1))
    (tmp_path / "run.py").write_text(SCRIPT)

    def run() -> str:
        done = subprocess.run(
            [sys.executable, str(tmp_path / "run.py"), str(tmp_path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run() == "1"
    assert list((tmp_path / "__pycache__").glob("caller_mod.*.nbi"))  # cached
    (tmp_path / "callee_mod.py").write_text(CALLEE.format(value=2))
    assert run() == "2"
