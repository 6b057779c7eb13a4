"""The commands behave as Unix filters: a reader that leaves early (``| head -1``) ends them
quietly, with the shell's exit status for it, and never with a traceback."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisistui.cli import EXIT_READER_GONE, main
from crisistui.store import open_store

MENTIONS = 3000
"""Enough that an export is far larger than a pipe's buffer (64 KiB on Linux)."""


def crisistui_into(stdout: int, *args: str | Path) -> subprocess.Popen[bytes]:
    """The command line program, writing to ``stdout`` (a pipe's write end)."""
    return subprocess.Popen(
        [sys.executable, "-m", "crisistui", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
    )


def history(path: Path, count: int) -> Path:
    """A JSONL file of ``count`` mentions of the demo brand, one a minute."""
    lines = [
        json.dumps(
            {
                "source": "import-test",
                "id": f"post-{n}",
                "text": f"Acme Air lost my bag again, number {n}, and nobody answers the phone",
                "created_at": f"2024-05-{1 + n // 1440:02d}T{n // 60 % 24:02d}:{n % 60:02d}:00Z",
                "author": f"@traveller{n}",
                "author_followers": 10 * n,
                "lang": "en",
            }
        )
        for n in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding many mentions and one incident (for `report`)."""
    folder = tmp_path_factory.mktemp("unix")
    db = folder / "crisistui.db"
    assert main(["import", str(history(folder / "history.jsonl", MENTIONS)), "--db", str(db)]) == 0

    async def open_incident() -> None:
        async with await open_store(db) as store:
            now = datetime(2024, 5, 3, tzinfo=UTC)
            await store.open_incident("Lost bags", "service-outage", "default", "tester", now)

    asyncio.run(open_incident())
    return db


def assert_quiet(stderr: bytes) -> None:
    text = stderr.decode()
    assert "Traceback" not in text and "BrokenPipe" not in text, text
    assert "Exception ignored" not in text, text


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_into_head_stops_quietly(database: Path, fmt: str) -> None:
    """`crisistui export mentions | head -1`: the first line arrives, then the export stops
    with the shell's status for a closed pipe (141), not a traceback and exit 1."""
    read_end, write_end = os.pipe()
    process = crisistui_into(write_end, "export", "mentions", "--format", fmt, "--db", database)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        first = reader.readline()  # what `head -1` reads before it exits
    _, stderr = process.communicate(timeout=120)
    assert first.startswith(b"source," if fmt == "csv" else b'{"source": "import-test"')
    assert process.returncode == EXIT_READER_GONE
    assert_quiet(stderr)
    assert b"exported" not in stderr  # it did not export them all


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "mentions", "--format", "csv"],
        ["status", "--json"],
        ["status"],
        ["report", "1"],
        ["report", "1", "--format", "json"],
        ["backtest", "HISTORY"],
        ["backtest", "HISTORY", "--json"],
        ["chart", "volume", "-o", "-"],
    ],
    ids=" ".join,
)
def test_every_command_writing_to_a_reader_that_left_stops_quietly(
    database: Path, argv: list[str]
) -> None:
    """Small outputs are written when Python flushes at exit, where the error used to be an
    "Exception ignored … BrokenPipeError" and exit 120; large ones mid-way, with a traceback."""
    args = [a.replace("HISTORY", str(database.parent / "history.jsonl")) for a in argv]
    if args[0] in ("export", "status", "report", "chart"):
        args += ["--db", str(database)]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte
    process = crisistui_into(write_end, *args)
    os.close(write_end)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == EXIT_READER_GONE, stderr.decode()
    assert_quiet(stderr)


def test_a_reader_that_stays_gets_everything(database: Path) -> None:
    """The quiet exit is only for a reader that left: a whole export still ends with 0."""
    result = subprocess.run(
        [sys.executable, "-m", "crisistui", "export", "mentions", "--db", str(database)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == MENTIONS
    assert f"exported {MENTIONS:,} mentions" in result.stderr.decode()


def test_help_into_a_reader_that_left_is_quiet() -> None:
    """argparse swallows the error of its own help text (exit 0); nothing may follow it."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    process = crisistui_into(write_end, "--help")
    os.close(write_end)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, EXIT_READER_GONE)
    assert_quiet(stderr)


# -- commands printed for the user work as printed ----------------------------------------------

MINIMAL_CONFIG = '[brand]\nname = "Acme Air"\nterms = ["acme air"]\n'


@pytest.mark.parametrize("config_from", ["none", "option", "environment"])
def test_the_console_command_a_tabletop_drill_prints_opens_the_console(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    config_from: str,
) -> None:
    """`drill --tabletop` ends with "Open the console on it: crisistui run …"; pasted as is,
    that command opens the console on the drill's database (it used to stop at "no config
    file", exit 2, when the drill ran on the demo brand)."""
    from crisistui.tui.app import CrisisApp

    db = tmp_path / "team.db"
    config = tmp_path / "crisistui.toml"
    config.write_text(MINIMAL_CONFIG, encoding="utf-8")
    drill = ["drill", "data-breach", "--tabletop", "--db", str(db)]
    if config_from == "option":
        drill += ["-c", str(config)]
    elif config_from == "environment":
        monkeypatch.setenv("CRISISTUI_CONFIG", str(config))
    assert main(drill) == 0
    printed = capsys.readouterr().out
    line = next(x for x in printed.splitlines() if x.startswith("Open the console on it:"))
    command = shlex.split(line.removeprefix("Open the console on it:"))
    assert command[:2] == ["crisistui", "run"]

    opened = []
    monkeypatch.setattr(CrisisApp, "run", lambda app, *a, **k: opened.append(app.setup))
    assert main(command[1:]) == 0, capsys.readouterr().err
    assert len(opened) == 1 and str(opened[0].db_path) == str(db)
    assert opened[0].config.brand.name == "Acme Air"


def test_psycopgs_own_warnings_never_reach_the_terminal(tmp_path: Path) -> None:
    """A collector met a server restart and printed psycopg's raw "query cancellation
    interrupted (OperationalError): closing connection" between its own lines, which say in
    words what the store met. Run as a command runs: a process whose logging is Python's."""
    script = (
        "import logging, sys\n"
        "from crisistui.cli import main\n"
        f"code = main(['check-config', {str(tmp_path / 'missing.toml')!r}])\n"
        "logging.getLogger('psycopg').warning("
        "'query cancellation interrupted (%s): closing connection', 'OperationalError')\n"
        "logging.getLogger('crisistui').warning('a warning of our own')\n"
        "sys.exit(code)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert ran.returncode == 2
    assert "query cancellation" not in ran.stderr
    assert "a warning of our own" in ran.stderr  # the rest of the logging is as it was


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["demo", "--speed", "nan"], "--speed: 'nan': must be greater than 0"),
        (["demo", "--speed", "inf"], "--speed: 'inf': must be greater than 0"),
        (["drill", "boycott-vi", "--speed", "1e308"], "--speed: '1e308': must be greater than 0"),
        (["calibrate", "labels.jsonl", "--max-neutral", "nan"], "must be a share from 0 to 1"),
        (["import-opml", "feeds.opml", "--interval", "-5"], "--interval: '-5': must be greater"),
    ],
)
def test_a_number_out_of_range_is_one_line_naming_the_option(
    args: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "nan" and "inf" parse as numbers: they used to end in a traceback of the clock."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    said = capsys.readouterr().err
    assert named in said and "Traceback" not in said
