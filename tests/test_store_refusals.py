"""Files that are not ours, or that we may not write, are refused at opening in one line, and
left exactly as they were."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

LINE = {"source": "x", "id": "1", "text": "Acme Air was fine", "created_at": "2026-03-01T10:00:00Z"}


def crisistui(*args: str, without_override: bool = False) -> subprocess.CompletedProcess[str]:
    """Run a command; ``without_override``: as root without the capability that writes through
    file modes (an ordinary user's view of a read-only file)."""
    prefix = []
    if without_override and os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "crisistui", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _history(folder: Path) -> Path:
    data = folder / "one.jsonl"
    data.write_text(json.dumps(LINE) + "\n", encoding="utf-8")
    data.chmod(0o644)
    return data


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "app.db"
    with sqlite3.connect(foreign) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        raw.execute("INSERT INTO invoices (total) VALUES (12.5)")
    raw.close()
    before = _digest(foreign)
    for command in (("import", str(_history(tmp_path))), ("status",), ("export", "mentions")):
        # a reading command said "needs upgrading … import upgrades it", which import refused
        result = crisistui(*command, "--db", str(foreign))
        said = result.stdout + result.stderr
        unusable = 3 if command == ("status",) else 2  # status speaks Nagios: UNKNOWN
        assert result.returncode == unusable and "Traceback" not in said, command
        assert "not a crisistui database (it holds other tables: invoices)" in said
        assert "upgrad" not in said
        assert _digest(foreign) == before and not Path(f"{foreign}-wal").exists()


def test_a_newer_schema_is_refused_before_anything_changes(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as raw:
        raw.execute("CREATE TABLE mentions (id INTEGER PRIMARY KEY)")
        raw.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
        raw.execute("PRAGMA user_version = 99")
    raw.close()
    before = _digest(newer)
    result = crisistui("import", str(_history(tmp_path)), "--db", str(newer))
    assert result.returncode == 2 and "newer than this crisistui understands" in result.stderr
    assert _digest(newer) == before  # still in rollback-journal mode: not switched to WAL
    with sqlite3.connect(newer) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    raw.close()


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    for command in (("import", str(_history(tmp_path))), ("status",)):
        result = crisistui(*command, "--db", str(tmp_path))
        assert result.returncode in (2, 3), result
        output = result.stdout + result.stderr
        assert "is a folder, not a database file" in output
        assert "Traceback" not in output and "Event loop is closed" not in output


def test_a_read_only_database_is_said_once_and_still_read(tmp_path: Path) -> None:
    """`import` and `collect --once` ended in tracebacks (exit 1, which for import means "bad
    lines"); reading commands must still work on the file."""
    db = tmp_path / "team.db"
    data = _history(tmp_path)
    assert crisistui("import", str(data), "--db", str(db)).returncode == 0
    db.chmod(0o444)
    before = _digest(db)
    result = crisistui("import", str(data), "--db", str(db), without_override=True)
    assert result.returncode == 2, result
    assert result.stderr.count("the database is read-only") == 1
    assert "Traceback" not in result.stderr
    assert _digest(db) == before
    exported = crisistui("export", "mentions", "--db", str(db), without_override=True)
    assert exported.returncode == 0 and "Acme Air was fine" in exported.stdout


async def test_a_write_stopped_while_it_begins_leaves_the_next_one_free(tmp_path: Path) -> None:
    """A collector stopped (SIGTERM) just as a write began: the alert recorded after it must
    still be written, not refused as "a transaction within a transaction"."""
    import asyncio
    from datetime import UTC, datetime

    from crisistui.store import open_store

    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    store = await open_store(tmp_path / "stopped.db")
    try:
        slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000)"
        busy = asyncio.ensure_future(store._sql.rows(f"{slow} SELECT count(*) FROM c"))
        write = asyncio.ensure_future(store.add_event(now, "engine", "note", "stopped"))
        for _ in range(20):  # the write takes the lock and queues its BEGIN behind the read
            await asyncio.sleep(0)
        write.cancel()
        await asyncio.gather(write, return_exceptions=True)
        await busy
        await store.add_event(now, "engine", "alert.sent", "sent")
        assert [e.kind for e in await store.events()] == ["alert.sent"]
    finally:
        await store.close()


async def test_a_full_disk_is_said_as_such_after_sqlite_undid_the_write_itself(
    tmp_path: Path,
) -> None:
    """On a full disk SQLite may roll the transaction back by itself; the ROLLBACK that
    follows then fails ("no transaction is active"), and that failure was reported instead:
    "not a usable crisistui database", of a database that was intact."""
    import pytest

    from crisistui.store import open_store
    from crisistui.store.errors import StoreFull

    store = await open_store(tmp_path / "full.db")
    try:
        with pytest.raises(StoreFull, match="the disk is full"):
            async with store._sql.transaction():
                await store._sql.db.execute("ROLLBACK")  # what SQLite does on SQLITE_FULL
                raise StoreFull("the disk is full", reason="the disk is full")
        async with store._sql.transaction():  # the database takes the next write
            pass
    finally:
        await store.close()
