"""One collector per database, whatever name the database is reached by."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from crisistui.store.sqlite.lease import CollectorLock


def test_a_link_to_the_same_database_finds_the_lock_taken(tmp_path: Path) -> None:
    """The lock was keyed on the path as typed: a symlink or hard link let a second collector
    write (and alert) too."""
    db = tmp_path / "team.db"
    first = CollectorLock(db)
    assert first.acquire()
    (tmp_path / "via-symlink.db").symlink_to(db)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.link(db, elsewhere / "hard.db")
    try:
        for name in (db, tmp_path / "via-symlink.db", elsewhere / "hard.db"):
            assert not CollectorLock(name).acquire(), name
        assert CollectorLock(tmp_path / "other.db").acquire()
    finally:
        first.release()
    second = CollectorLock(elsewhere / "hard.db")
    assert second.acquire()  # free again once released
    second.release()


def test_the_lock_does_not_stand_in_sqlites_way(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    lock = CollectorLock(db)
    assert lock.acquire()
    assert oct(db.stat().st_mode & 0o777) == "0o600"
    try:
        with sqlite3.connect(db) as raw:  # SQLite's own locks are not the collector's
            raw.execute("CREATE TABLE t (x)")
            raw.execute("INSERT INTO t VALUES (1)")
        raw.close()
    finally:
        lock.release()
