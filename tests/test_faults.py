"""A full or failing disk, met for real, and a database path that is a folder.

The disk is made full by real mechanisms, not by mocks: SQLite's own page cap (``PRAGMA
max_page_count``: "database or disk is full", SQLITE_FULL), a file-size limit on the process
(``RLIMIT_FSIZE``: writes fail with EFBIG, which SQLite reports as "disk I/O error"), and
``/dev/full`` (ENOSPC on every write). Each command stops with one clear line and the
documented exit code, keeps what it did, and says what it did not do.
"""

from __future__ import annotations

import io
import json
import os
import selectors
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from crisistui.cli import main
from crisistui.importer import KEPT_BAD_LINES, ReadReport, read_jsonl
from crisistui.store.sqlite.store import SqliteStore as Store

WRAPPER = textwrap.dedent(
    """
    import resource, sys
    from crisistui.cli import main
    from crisistui.store.sqlite.store import SqliteStore as Store

    if __name__ == "__main__":  # not again in an import's worker processes (spawn)
        how, argv = sys.argv[1], sys.argv[2:]
        if how == "full":  # the database may not grow by a single page: the disk is full
            real = Store.open.__func__

            async def full(cls, path, **kwargs):
                store = await real(cls, path, **kwargs)
                await store._db.execute("PRAGMA max_page_count = 1")  # = its size now
                return store

            Store.open = classmethod(full)
        elif how.startswith("bytes:"):  # no file of this process may grow past this size
            if how.endswith(":warm"):  # the language model loads first (it unpacks a temp file)
                from datetime import UTC, datetime
                from crisistui.config import demo_config
                from crisistui.domain.models import RawItem
                from crisistui.pipeline import Pipeline

                item = RawItem("warm", "up", "Acme Air warms up", datetime.now(UTC))
                Pipeline(demo_config()).process(item)
            limit = int(how.split(":")[1])
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
        raise SystemExit(main(argv))
    """
)


def crisistui(
    tmp_path: Path, how: str, *args: str | Path, stdout: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command in a process whose disk is ``how`` ("full", "bytes:N[:warm]", "as is")."""
    wrapper = tmp_path / "disk.py"
    wrapper.write_text(WRAPPER, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(wrapper), how, *map(str, args)],
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=180,
        check=False,
    )


def mentions_file(path: Path, count: int, first: int = 0) -> Path:
    lines = [
        json.dumps(
            {
                "source": "import-test",
                "id": f"post-{n}",
                "text": f"Acme Air post {n}: " + "the flight was late again " * 8,
                "created_at": f"2024-05-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z",
                "author": f"user{n}",
            }
        )
        for n in range(first, first + count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(db: Path) -> int:
    with sqlite3.connect(db) as raw:
        count = raw.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
    raw.close()
    return int(count)


def pages(db: Path) -> int:
    with sqlite3.connect(db) as raw:
        count = raw.execute("PRAGMA page_count").fetchone()[0]
    raw.close()
    return int(count)


def one_clear_line(stderr: str) -> str:
    """The command's own lines (not the note that no config file was found): exactly one."""
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if "no config file found" not in line]
    assert len(lines) == 1, stderr
    return lines[0]


# -- import --------------------------------------------------------------------------------------


@pytest.fixture
def room(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Databases opened for writing may grow by ``room["pages"]`` pages, no more: past that
    SQLite answers "database or disk is full", exactly as on a full disk."""
    real = Store.open.__func__  # type: ignore[attr-defined]
    space = {"pages": 1_000_000}

    async def capped(cls: type[Store], path: Path | str, **kwargs: bool) -> Store:
        store = await real(cls, path, **kwargs)
        if not kwargs.get("read_only"):
            async with store._db.execute("PRAGMA page_count") as cursor:
                row = await cursor.fetchone()
            assert row is not None
            await store._db.execute(f"PRAGMA max_page_count = {row[0] + space['pages']}")
        return store

    monkeypatch.setattr(Store, "open", classmethod(capped))
    yield space


def test_import_on_a_full_disk_stops_with_its_summary_and_keeps_what_was_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], room: dict[str, int]
) -> None:
    """It ended in a traceback with no summary. The batches stored before the disk filled
    are kept; the same import run again once there is room stores the rest, once."""
    probe = tmp_path / "probe.db"
    assert (
        main(["import", str(mentions_file(tmp_path / "one.jsonl", 2000)), "--db", str(probe)]) == 0
    )
    empty = tmp_path / "empty.db"
    assert main(["import", os.devnull, "--db", str(empty)]) == 0
    per_batch = pages(probe) - pages(empty)  # what 2,000 mentions take
    capsys.readouterr()

    db = tmp_path / "crisis.db"
    history = mentions_file(tmp_path / "history.jsonl", 6000)
    room["pages"] = per_batch * 3 // 2  # room for one batch of 2,000, not for two
    code = main(["import", str(history), "--db", str(db)])
    out, err = capsys.readouterr()
    assert code == 2
    line = one_clear_line(err)
    assert line.startswith(f"crisistui: {db}: the disk is full")
    assert "import stopped before line 2001" in line
    assert "the lines before it are stored" in line
    assert out == (
        f"{history}: 2000 lines, 2000 new mentions, 0 already stored, 0 empty, "
        "0 bad lines skipped\n"
    )
    assert stored(db) == 2000

    room["pages"] = 1_000_000  # space was freed
    assert main(["import", str(history), "--db", str(db)]) == 0
    out, _ = capsys.readouterr()
    assert "4000 new mentions, 2000 already stored" in out
    assert stored(db) == 6000


def test_import_on_a_failing_disk_says_so_in_one_line(tmp_path: Path) -> None:
    """SQLite's "disk I/O error" (a write the disk refused) ends the import as a full disk
    does: one line that says what to do, the summary, exit 2."""
    history = mentions_file(tmp_path / "history.jsonl", 6000)
    db = tmp_path / "crisis.db"
    result = crisistui(tmp_path, "bytes:1500000:warm", "import", history, "--db", db)
    assert result.returncode == 2, result.stderr
    line = one_clear_line(result.stderr)
    assert "the disk could not be read or written (disk I/O error)" in line
    assert "import stopped before line" in line
    [summary] = result.stdout.splitlines()
    stored_now = stored(db)
    assert summary.startswith(f"{history}: {stored_now} lines, {stored_now} new mentions")
    assert stored_now % 2000 == 0 and stored_now < 6000


def test_an_import_whose_every_line_meets_the_full_disk_stops_at_once(tmp_path: Path) -> None:
    """With no space left anywhere the pipeline itself could not write (the language model
    unpacks a temporary file): every line was counted bad, one slow line at a time."""
    history = mentions_file(tmp_path / "history.jsonl", 3000)
    db = tmp_path / "crisis.db"
    started = time.monotonic()
    result = crisistui(tmp_path, "bytes:1500000", "import", history, "--db", db)
    assert result.returncode == 2, result.stderr
    assert "import stopped before line" in one_clear_line(result.stderr)
    assert "0 bad lines skipped" in result.stdout
    assert time.monotonic() - started < 120


def test_an_import_into_a_busy_database_stops_once_and_blames_no_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds the write lock. "Busy" is a ValueError too, so the import took it
    for one bad line and stored the batch again line by line, a busy timeout each, then called
    every good line bad: hours for a big file, exit 1, nothing said of the lock."""
    db = tmp_path / "crisis.db"
    assert main(["import", str(mentions_file(tmp_path / "first.jsonl", 1)), "--db", str(db)]) == 0
    capsys.readouterr()
    monkeypatch.setattr("crisistui.store.sqlite.store.BUSY_TIMEOUT_MS", 50)
    history = mentions_file(tmp_path / "history.jsonl", 30, first=1)
    with sqlite3.connect(db, isolation_level=None) as raw:
        raw.execute("BEGIN IMMEDIATE")
        code = main(["import", str(history), "--db", str(db)])
        raw.execute("ROLLBACK")
    raw.close()
    out, err = capsys.readouterr()
    assert code == 2
    line = one_clear_line(err)
    assert "busy" in line and "import stopped before line 1" in line
    assert "0 bad lines skipped" in out
    assert stored(db) == 1


def test_a_value_the_store_refuses_costs_its_line_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused value (a CHECK constraint, a number past 64 bits) is that line's fault: it is
    named and skipped, and the import goes on, unlike a busy database."""
    from crisistui.store.errors import ValueRejected

    real = Store.add_mentions

    async def refusing(self: Store, mentions: list[Any], now: Any) -> Any:
        if any(m.external_id == "post-3" for m in mentions):
            raise ValueRejected("a value was refused: CHECK constraint failed")
        return await real(self, mentions, now)

    monkeypatch.setattr(Store, "add_mentions", refusing)
    history = mentions_file(tmp_path / "history.jsonl", 10)
    db = tmp_path / "crisis.db"
    code = main(["import", str(history), "--db", str(db)])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert f"{history}:4: cannot store: a value was refused" in err
    assert "9 new mentions" in out and "1 bad lines skipped" in out
    assert stored(db) == 9


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_import_says_what_it_stored_and_where_to_go_on(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """SIGTERM ended it at once (exit 143) and Ctrl+C with exit 130, neither saying what was
    stored, and the worker processes' semaphores were reported leaked."""
    history = mentions_file(tmp_path / "history.jsonl", 12_000)
    db = tmp_path / "crisis.db"
    command = [sys.executable, "-m", "crisistui", "import", str(history), "--db", str(db)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if db.exists() and os.path.getsize(db) and stored_safely(db) >= 2000:
            break  # the first batch is in: interrupt the rest
        time.sleep(0.02)
    process.send_signal(sig)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    line = one_clear_line(err)
    assert "interrupted; import stopped before line " in line
    first = int(line.split("stopped before line ")[1].split(":")[0])
    assert out.startswith(f"{history}: {first - 1} lines, {first - 1} new mentions")
    assert stored(db) in (first - 1, first - 1 + 2000)  # the batch under way may be in
    assert main(["import", str(history), "--db", str(db)]) == 0
    assert stored(db) == 12_000


def test_ctrl_c_stops_a_pipe_of_bad_lines_and_says_what_was_read(tmp_path: Path) -> None:
    """Garbage piped in (``yes 'not json' | crisistui import -``): no good line meant no pause
    between chunks, so Ctrl+C went unheard until the pipe ended, and every bad line's
    complaint was kept (30 MB a second)."""
    db = tmp_path / "crisis.db"
    command = [sys.executable, "-m", "crisistui", "import", "-", "--db", str(db)]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdin is not None
    # the pipe holds 64 KiB: once 4 MB are written, the import is reading them
    process.stdin.write("not json at all\n" * 250_000)
    process.stdin.flush()
    process.send_signal(signal.SIGINT)  # the pipe stays open: only the signal can end it
    try:
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, err
    lines = int(out.split(" lines, ")[0].rsplit(" ", 1)[1])
    assert lines > 100_000 and f"{lines} bad lines skipped" in out
    said = [line for line in err.splitlines() if "no config file found" not in line]
    assert said[0] == "-:1: invalid JSON: Expecting value at column 1"
    assert f"… and {lines - 200} more bad lines" in said
    assert said[-1].endswith(
        f"interrupted; import stopped before line {lines + 1}: "
        "the lines before it are stored, and the same import run again "
        "skips them"
    )


def test_a_stream_of_bad_lines_keeps_the_first_thousand_complaints() -> None:
    report = ReadReport()
    lines = io.StringIO("[1]\n" * (KEPT_BAD_LINES + 5_000))
    assert list(read_jsonl(lines, report)) == []
    assert report.bad == KEPT_BAD_LINES + 5_000 and len(report.errors) == KEPT_BAD_LINES
    assert report.errors[-1][0] == KEPT_BAD_LINES


def stored_safely(db: Path) -> int:
    """``stored`` while another process may still be creating the tables."""
    try:
        return stored(db)
    except sqlite3.OperationalError:
        return 0


# -- export --------------------------------------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "crisis.db"
    assert main(["import", str(mentions_file(tmp_path / "m.jsonl", 3000)), "--db", str(db)]) == 0
    capsys.readouterr()
    return db


def test_export_to_a_file_on_a_full_disk_leaves_nothing_behind(
    tmp_path: Path, database: Path
) -> None:
    """It left an empty FILE.partial, taking the space the disk needs."""
    target = tmp_path / "out.jsonl"
    result = crisistui(
        tmp_path, "bytes:200000", "export", "mentions", "--db", database, "-o", target
    )
    assert result.returncode == 2
    line = one_clear_line(result.stderr)
    assert line.startswith(f"crisistui: {target}: export stopped: cannot write (File too large)")
    assert "nothing was exported (the unfinished out.jsonl.partial is removed)" in line
    assert not target.exists() and not Path(f"{target}.partial").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_export_to_a_full_device_says_the_disk_is_full_and_leaves_the_device_alone(
    tmp_path: Path, database: Path
) -> None:
    """A device is written directly: ``FILE.partial`` renamed over it would have replaced the
    device with a file. (Reached through a link in the test's folder, so that a regression
    replaces the link, never the machine's /dev/full.)"""
    device = tmp_path / "full"
    device.symlink_to("/dev/full")
    result = crisistui(tmp_path, "as is", "export", "mentions", "--db", database, "-o", device)
    assert result.returncode == 2
    assert one_clear_line(result.stderr) == (
        f"crisistui: {device}: export stopped: the disk is full (No space left on device); "
        "the output is incomplete"
    )
    assert device.is_symlink() and stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert not Path(f"{device}.partial").exists() and not Path("/dev/full.partial").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_export_into_a_full_standard_output_says_so_without_a_traceback(
    tmp_path: Path, database: Path
) -> None:
    with open("/dev/full", "w") as full:
        result = crisistui(
            tmp_path, "as is", "export", "mentions", "--db", database, stdout=full.fileno()
        )
    assert result.returncode == 2
    assert one_clear_line(result.stderr) == (
        "crisistui: standard output: export stopped: the disk is full (No space left on "
        "device); the output is incomplete"
    )


def test_export_through_a_symlink_replaces_its_target_not_the_link(
    tmp_path: Path, database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "exports" / "mentions.jsonl"
    target.parent.mkdir()
    target.write_text("yesterday's\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    assert main(["export", "mentions", "--db", str(database), "-o", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == target
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3000


# -- collect -------------------------------------------------------------------------------------


def rss(count: int) -> str:
    items = "".join(
        f"<item><title>Acme Air update {n}: {'the queue is long ' * 10}</title>"
        f"<guid>post-{n}</guid><pubDate>Wed, 01 May 2024 10:{n % 60:02d}:00 GMT</pubDate></item>"
        for n in range(count)
    )
    return f"<rss version='2.0'><channel><title>News</title>{items}</channel></rss>"


def collect_config(tmp_path: Path, server: HTTPServer) -> Path:
    server.expect_request("/feed").respond_with_data(rss(300), content_type="application/rss+xml")
    config = tmp_path / "crisistui.toml"
    config.write_text(
        textwrap.dedent(
            f"""
            [brand]
            name = "Acme Air"
            terms = ["acme air"]

            [[sources]]
            type = "rss"
            name = "news"
            url = "{server.url_for("/feed")}"
            interval = 60
            """
        ),
        encoding="utf-8",
    )
    return config


def first_line(process: subprocess.Popen[str], timeout: float) -> str:
    """The first line the process prints, waiting at most ``timeout`` seconds for it."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError(f"nothing printed in {timeout} s")
    return process.stdout.readline()


def fresh_database(tmp_path: Path) -> Path:
    db = tmp_path / "crisis.db"
    assert main(["import", os.devnull, "--db", str(db)]) == 0
    return db


def test_collect_stopped_on_a_full_disk_says_what_it_did_not_store(
    tmp_path: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """On SIGTERM with the disk still full, the mentions held for the next poll were dropped
    in silence."""
    config, db = collect_config(tmp_path, httpserver), fresh_database(tmp_path)
    capsys.readouterr()
    wrapper = tmp_path / "disk.py"
    wrapper.write_text(WRAPPER, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(wrapper), "full", "collect", "-c", str(config), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = first_line(process, timeout=60)  # the first poll's outcome
        assert first.startswith("news: FAILED: cannot store items"), first
        assert "(300 held for the next poll): the disk is full" in first
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert "Traceback" not in err
    assert one_clear_line(err) == (
        "crisistui: 300 collected mentions not stored (the disk is full): news 300; "
        "a restarted collector gets again only what the sources still serve"
    )
    assert stored(db) == 0


def test_collect_once_on_a_full_disk_says_what_it_did_not_store(
    tmp_path: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config, db = collect_config(tmp_path, httpserver), fresh_database(tmp_path)
    capsys.readouterr()
    result = crisistui(tmp_path, "full", "collect", "--once", "-c", config, "--db", db)
    assert result.returncode == 1
    assert "news: FAILED: cannot store items" in result.stdout
    assert "300 collected mentions not stored (the disk is full): news 300" in (
        one_clear_line(result.stderr)
    )


# -- a folder where the database should be -------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("run",),
        ("run", "--no-collect"),
        ("wall",),
        ("collect",),
        ("collect", "--once"),
        ("import", os.devnull),
        ("export", "mentions"),
        ("status",),
    ],
    ids=" ".join,
)
def test_a_folder_is_named_as_such_by_every_command(
    tmp_path: Path, httpserver: HTTPServer, command: tuple[str, ...]
) -> None:
    """`run` on a folder ended in a traceback from the collector lock; `status` once called
    it a "disk I/O error"; an "Event loop is closed" traceback once followed the error."""
    config = collect_config(tmp_path, httpserver)
    folder = tmp_path / "crisis.db"
    folder.mkdir()
    result = crisistui(tmp_path, "as is", *command, "-c", config, "--db", folder)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "Event loop is closed" not in output
    if command == ("status",):
        assert (result.returncode, result.stdout) == (
            3,
            f"UNKNOWN: {folder}: is a folder, not a database file\n",
        )
    else:
        assert result.returncode == 2
        assert (
            one_clear_line(result.stderr)
            == f"crisistui: {folder}: is a folder, not a database file"
        )


SCORING_HELD = textwrap.dedent(
    """
    import sys
    from crisistui.cli import main
    from crisistui.pipeline import Pipeline

    real, calls = Pipeline.process, 0

    def process(self, *args, **kwargs):  # the 1,500th item waits for a line on stdin
        global calls
        calls += 1
        if calls == 1500:
            print("held", file=sys.stderr, flush=True)
            sys.stdin.readline()
        return real(self, *args, **kwargs)

    Pipeline.process = process
    raise SystemExit(main(sys.argv[1:]))
    """
)


def test_collect_stopped_in_a_flood_says_it_scores_first_and_stops_at_once_when_told_again(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """Ctrl+C while a poll of 5,000 items is scored: `collect` used to sit silent for as long
    as the rest took (100,000 items: 15 s); it says so, and a second Ctrl+C, which cut its
    last acts short and lost what it held without a word, stops after the chunk under way,
    storing what was scored and counting the rest."""
    httpserver.expect_request("/feed").respond_with_data(
        rss(5000), content_type="application/rss+xml"
    )
    config = tmp_path / "crisistui.toml"
    config.write_text(
        f'[brand]\nname = "Acme Air"\nterms = ["acme air"]\n\n[[sources]]\ntype = "rss"\n'
        f'name = "news"\nurl = "{httpserver.url_for("/feed")}"\ninterval = 60\n',
        encoding="utf-8",
    )
    db = fresh_database(tmp_path)
    wrapper = tmp_path / "held.py"
    wrapper.write_text(SCORING_HELD, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(wrapper), "collect", "-c", str(config), "--db", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stderr is not None
    try:
        assert next_line(process.stderr, timeout=60) == "held\n"
        process.send_signal(signal.SIGINT)
        assert next_line(process.stderr, timeout=30) == (
            "crisistui: stopping: scoring the 4,000 items left of a poll before storing them; "
            "Ctrl+C again to stop at once without them\n"
        )
        process.send_signal(signal.SIGINT)
        said = next_line(process.stderr, timeout=30)
        assert said == "crisistui: stopping at once: the items not scored yet are not stored\n"
        process.stdin.write("go on\n")
        process.stdin.flush()
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert one_clear_line(err) == (
        "crisistui: 3000 fetched items not scored nor stored (stopped at once): news 3000; "
        "a restarted collector gets again only what the sources still serve"
    )
    assert stored(db) == 2000


def next_line(stream: Any, timeout: float) -> str:
    """The next line of ``stream``, waiting at most ``timeout`` seconds for it."""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError(f"nothing printed in {timeout} s")
    return str(stream.readline())
