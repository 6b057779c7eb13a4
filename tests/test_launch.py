"""The `crisistui` command keeps Python's garbage collector out of its start-up and out of a
`status` check, and collects as usual in every other command (a console runs for days)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from crisistui.launch import command_of


def _collecting_after(*argv: str) -> bool:
    """Whether the collector runs once the command ``argv`` has run, in a fresh process."""
    script = (
        "import gc, sys\n"
        "from crisistui.launch import main\n"
        f"main({list(argv)!r})\n"
        "print('collecting' if gc.isenabled() else 'not collecting', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stderr.strip().splitlines()[-1] == "collecting"


def test_the_command_is_the_first_word_that_is_not_an_option() -> None:
    assert command_of(["status", "--db", "x.db"]) == "status"
    assert command_of(["--version"]) is None
    assert command_of([]) is None


def test_only_a_status_check_runs_without_the_collector(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.db")
    assert not _collecting_after("status", "--db", missing)
    assert _collecting_after("incidents", "--db", missing)
