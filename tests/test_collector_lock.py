"""One collector per database, whatever name the database is reached by."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

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


async def test_a_console_shows_a_stopped_collectors_sources_stale_then_takes_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A collector killed with SIGKILL left its sources "ok" on every reading console for as
    long as they ran, and a console that would have collected never did. Now the sources
    whose poll is overdue read "stale", and the console takes the lease over and collects."""
    from datetime import UTC, datetime, timedelta

    from crisistui.config import demo_config
    from crisistui.domain.clock import ManualClock
    from crisistui.domain.models import SourceHealth, SourceState
    from crisistui.domain.playbook import load_playbooks
    from crisistui.sources.demo import DemoSource
    from crisistui.store import open_store
    from crisistui.store.lease import collector_lease
    from crisistui.tui.app import ConsoleSetup, CrisisApp
    from crisistui.tui.screens.sources import SourcesScreen
    from crisistui.tui.widgets.header import StatusHeader
    from tests.conftest import screen_is, until

    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    clock = ManualClock(now)
    db = tmp_path / "team.db"
    async with await open_store(db) as store:  # the collector's last heartbeat, 14 min ago
        polled = now - timedelta(minutes=14)
        await store.record_health(
            SourceHealth("demo", "demo", SourceState.OK, last_ok=polled,
                         next_poll=polled + timedelta(seconds=20)),
            polled,
        )  # fmt: skip
    collector = collector_lease(db)
    assert collector.acquire()
    tries: list[bool] = []

    def take_over() -> list[DemoSource] | None:
        tries.append(lease.acquire())
        return [DemoSource("demo", clock, now, scenario=[])] if tries[-1] else None

    lease = collector_lease(db)
    held = [True]  # what the lease check finds, once this console collects
    monkeypatch.setattr("crisistui.tui.app.TAKE_OVER_EVERY", 0.2)  # its own timer, sooner
    monkeypatch.setattr("crisistui.tui.collecting.LEASE_CHECK_EVERY", 0.2)
    setup = ConsoleSetup(
        config=demo_config(),
        db_path=db,
        playbooks=load_playbooks(),
        clock=clock,
        mode="live (reading; collector elsewhere)",
        take_over=take_over,
        holds=lambda: held[0],
    )
    app = CrisisApp(setup)
    try:
        async with app.run_test(size=(140, 36)) as pilot:
            await until(pilot, lambda: "demo" in str(app.query_one(StatusHeader).render()))
            assert "demo stale" in str(app.query_one(StatusHeader).render())
            await pilot.press("s")
            await until(pilot, lambda: screen_is(app, SourcesScreen))
            await pilot.pause()
            shown = " ".join(str(c) for c in app.screen.query_one("DataTable").get_row_at(0))
            assert "stale" in shown and "has the collector stopped?" in shown
            await pilot.press("escape")
            await until(pilot, lambda: len(tries) >= 2)  # the collector still holds it
            assert not any(tries) and app.setup.take_over is not None
            collector.release()  # ...and now it has stopped: the console's timer takes over
            await until(pilot, lambda: app.setup.mode == "live", rounds=2000)
            assert tries[-1] and tries.count(True) == 1
            assert app.collector_store is not None and app.collector is not None
            assert [source.name for source in app.collector.sources] == ["demo"]
            assert app.setup.mode == "live" and app.monitor is not None
            assert app.monitor.send_alerts
            await until(pilot, lambda: "stale" not in str(app.query_one(StatusHeader).render()))
            # A server restart gives the lease to a collector started meanwhile: the console
            # that took over checks its lease as one that collected from the start does.
            held[0] = False
            await until(pilot, lambda: not app.collects(), rounds=2000)
            assert app.setup.mode == "live (reading; collector elsewhere)"
            assert any(n.title == "Not collecting" for n in app._notifications)
    finally:
        lease.release()
        collector.release()
