"""`collect --standby`: the second collector of a team waits while the first holds the lease,
takes over the night the first dies, and stores what the first had not, each mention once.

Real processes against a real feed on 127.0.0.1, on a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crisistui import cli
from crisistui.domain.models import SourceHealth, SourceState
from crisistui.store import open_store
from tests.test_postgres_team import (
    DEADLINE,
    RSS_TYPE,
    Running,
    collect_config,
    crisistui,
    eventually,
    new_per_source,
    rss,
    spawn,
    tally,
)

__all__ = ["spawn"]  # the fixture, shared with the team's tests


class Feed:
    """``/news``: as many items as the test says, so it decides what is new after the kill."""

    def __init__(self, server: HTTPServer, count: int) -> None:
        self.count = count
        self._lock = threading.Lock()
        server.expect_request("/news").respond_with_handler(self._respond)

    def serve(self, count: int) -> None:
        with self._lock:
            self.count = count

    def _respond(self, _request: Request) -> Response:
        with self._lock:
            count = self.count
        return Response(rss("news", count), content_type=RSS_TYPE)


def collecting_and_standing_by(
    db: str, server: HTTPServer, tmp_path: Path, spawn: Callable[..., Running], served: int
) -> tuple[Feed, Path, Running, Running]:
    """A feed serving ``served`` items, a collector that has stored them all, and a second
    collector started with ``--standby`` that says it is standing by."""
    feed = Feed(server, served)
    config = collect_config(tmp_path / "news.toml", server, "news")
    first = spawn("first", "collect", "-c", config, "--db", db)
    eventually(lambda: new_per_source(first.stdout()).get("news") == served, "the first collects")
    second = spawn("second", "collect", "--standby", "-c", config, "--db", db)
    eventually(lambda: "standing by: another collector" in second.stderr(), "standing by")
    return feed, config, first, second


def test_a_standby_collector_takes_over_when_the_collector_dies_and_stores_each_mention_once(
    db_location: Path | str,
    httpserver: HTTPServer,
    tmp_path: Path,
    spawn: Callable[..., Running],
) -> None:
    db = str(db_location)
    feed, config, first, second = collecting_and_standing_by(
        db, httpserver, tmp_path, spawn, served=100
    )
    assert second.alive(), second.stderr()  # waiting, not refused
    assert "taking over:" not in second.stderr()

    assert first.kill() == -signal.SIGKILL  # the night it dies, mid-run
    feed.serve(300)
    eventually(lambda: "taking over:" in second.stderr(), "the standby takes over")
    eventually(
        lambda: new_per_source(second.stdout()).get("news") == 200 or not second.alive(),
        "the standby stores what came after",
    )
    assert second.alive(), second.stderr()

    # A third standby waits behind the second, and leaves on SIGTERM as any collector does.
    third = spawn("third", "collect", "--standby", "-c", config, "--db", db)
    eventually(lambda: "standing by" in third.stderr(), "the third stands by")
    assert third.stop() == 0, third.stderr()
    assert new_per_source(third.stdout()) == {}, "a standby polled"

    assert second.stop() == 0, second.stderr()
    assert "Traceback" not in second.stderr() + third.stderr()
    assert new_per_source(first.stdout(), second.stdout()) == {"news": 300}
    done = tally(db)  # each mention stored once, and counted once in the rollups
    assert sorted(done.keys) == sorted(("news", f"post-{n}") for n in range(300))


def test_standby_and_once_together_are_refused_in_words(tmp_path: Path) -> None:
    done = crisistui("collect", "--once", "--standby", "--db", tmp_path / "x.db")
    assert done.returncode == 2
    assert "--standby: not allowed with argument --once" in done.stderr
    assert not (tmp_path / "x.db").exists()


def test_a_standby_ends_the_lease_of_a_collector_that_stopped_polling_without_dying(
    pg_url: str, httpserver: HTTPServer, tmp_path: Path, spawn: Callable[..., Running]
) -> None:
    """A collector stopped (SIGSTOP: hung on a disk, a debugger) keeps its connection, and its
    lease with it, for ever. Once its sources' polls are long overdue the standby ends that
    session and takes over; the stopped one, woken, finds its lease gone and stops."""
    feed, _, first, second = collecting_and_standing_by(
        pg_url, httpserver, tmp_path, spawn, served=50
    )
    assert "session was ended" not in second.stderr()  # its polls are on time: it waits

    first.process.send_signal(signal.SIGSTOP)
    try:
        # Ten minutes pass without a poll: as the database records them, its last poll
        # was due nine minutes ago.
        asyncio.run(_record_poll(pg_url, minutes_ago=10))
        eventually(lambda: "taking over:" in second.stderr(), "the standby takes over")
        assert "(stopped or hung): its session was ended" in second.stderr()
        feed.serve(120)
        eventually(
            lambda: sum(new_per_source(first.stdout(), second.stdout()).values()) == 120,
            "the standby stores what came after",
        )
    finally:
        first.process.send_signal(signal.SIGCONT)
    assert first.process.wait(DEADLINE) == 2  # woken: its lease is gone, so it stops
    assert "the lease went with its database session" in first.stderr()
    assert second.alive(), second.stderr()
    assert second.stop() == 0, second.stderr()
    done = tally(pg_url)
    assert sorted(done.keys) == sorted(("news", f"post-{n}") for n in range(120))


async def _record_poll(url: str, minutes_ago: float) -> None:
    at = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    health = SourceHealth(
        "news", "rss", SourceState.OK, last_ok=at, next_poll=at + timedelta(minutes=1)
    )
    async with await open_store(url) as store:
        await store.record_health(health, at)


def test_a_standby_takes_over_though_its_package_was_upgraded_in_place_while_it_waited(
    httpserver: HTTPServer,
    tmp_path: Path,
    spawn: Callable[..., Running],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A standby waits for days; `pip install -U` meanwhile replaces the modules it has not
    imported yet. It imported what collecting runs before it began to wait."""
    installed = tmp_path / "site-packages"
    shutil.copytree(Path(cli.__file__).parent.parent, installed / "crisistui")
    db = str(tmp_path / "crisis.db")
    feed = Feed(httpserver, 100)
    config = collect_config(tmp_path / "news.toml", httpserver, "news")
    first = spawn("first", "collect", "-c", config, "--db", db)
    eventually(lambda: new_per_source(first.stdout()).get("news") == 100, "the first collects")
    monkeypatch.setenv("PYTHONPATH", str(installed))
    second = spawn("second", "collect", "--standby", "-c", config, "--db", db)
    eventually(lambda: "standing by: another collector" in second.stderr(), "standing by")

    shutil.rmtree(installed / "crisistui" / "sources")  # the new version's files differ
    assert first.kill() == -signal.SIGKILL
    feed.serve(300)
    eventually(
        lambda: new_per_source(second.stdout()).get("news") == 200 or not second.alive(),
        "the standby stores what came after",
    )
    assert second.alive(), second.stderr()
    assert "Traceback" not in second.stderr()
