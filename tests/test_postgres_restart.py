"""A PostgreSQL restart (maintenance, a failover) costs a store the statement that met it, never
the process: the next statement has a new session, with the first one's settings, and a
collector's batch held back then is stored whole and once."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from crisistui.cli import collect
from crisistui.cli.collect import (
    StopAtOnce,
    Waited,
    _collect_held,
    _collect_on_standby,
    _stand_by,
)
from crisistui.config import load_config
from crisistui.domain.clock import ManualClock
from crisistui.store import Store, open_store
from crisistui.store.errors import StoreReadOnly, StoreUnavailable
from crisistui.store.lease import collector_lease
from crisistui.store.location import parse_location
from crisistui.tui.screens.prompts import PlainText, TextPrompt
from crisistui.tui.screens.triage_queue import TriageQueueScreen
from crisistui.tui.widgets.checklist import Checklist
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.header import StatusHeader
from tests.conftest import screen_is, until
from tests.pgserver import PgServer, server_unavailable_reason, start_server
from tests.test_console import play_until
from tests.test_postgres_team import (
    Running,
    collect_config,
    eventually,
    growing_feed,
    per_source,
    spawn,  # noqa: F401  (a fixture)
    tally,
)
from tests.test_store import mention

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[PgServer]:
    """A server of this test's own: restarting the session's would end other tests' sessions."""
    reason = server_unavailable_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests need a server and none can start: {reason}")
        pytest.skip(f"NO POSTGRESQL SERVER HERE, its cases are skipped: {reason}")
    server = start_server(tmp_path / "pg")
    yield server
    server.stop()


async def _made(url: str) -> None:
    await (await open_store(url)).close()


async def _through_the_break(store: Store, mentions: list, now: datetime) -> int:
    """``add_mentions`` as the collector does it: a batch that failed is sent again."""
    try:
        return (await store.add_mentions(mentions, now)).new
    except StoreUnavailable:  # the statement that met the restart
        return (await store.add_mentions(mentions, now)).new


async def test_a_writer_and_a_reader_carry_on_after_the_server_restarts(
    own_server: PgServer,
) -> None:
    url = own_server.new_database("team")
    writer = await open_store(url)
    reader = await open_store(url, create=False, read_only=True)
    try:
        at = NOW - timedelta(minutes=5)
        await writer.add_mentions([mention(str(n), at=at) for n in range(3)], NOW)
        assert len(await reader.recent_mentions(10)) == 3

        own_server.shut_down()
        own_server.start_again()

        batch = [mention(str(n), at=at) for n in range(3, 6)]
        assert await _through_the_break(writer, batch, NOW) == 3
        assert (await writer.add_mentions(batch, NOW)).new == 0  # once, never twice
        try:
            seen = await reader.recent_mentions(10)
        except StoreUnavailable:
            seen = await reader.recent_mentions(10)
        assert sorted(m.external_id for m in seen) == [str(n) for n in range(6)]
        with pytest.raises(StoreReadOnly):  # its settings came back with the new session
            await reader.add_mentions([mention("99", at=at)], NOW)
    finally:
        await reader.close()
        await writer.close()


def test_a_lease_let_go_by_a_restart_is_taken_again_or_found_taken(own_server: PgServer) -> None:
    url = own_server.new_database("leases")
    first = collector_lease(url, ["news", "blog"])
    assert first.acquire() and first.holds()

    own_server.shut_down()
    own_server.start_again()
    assert first.holds()  # nobody else asked: taken again
    assert not collector_lease(url, ["blog"]).acquire()

    own_server.shut_down()
    own_server.start_again()
    thief = collector_lease(url, ["blog"])
    assert thief.acquire()  # the restart let go of it, and another collector came first
    assert not first.holds()
    thief.release()
    first.release()
    assert not first.holds()  # let go of on purpose: not taken again behind anyone's back


def test_a_collector_stores_through_a_restart_whole_and_once(
    own_server: PgServer,
    httpserver: HTTPServer,
    tmp_path: Path,
    spawn: Callable[..., Running],  # noqa: F811  (the fixture imported above)
) -> None:
    url = own_server.new_database("collecting")
    asyncio.run(_made(url))  # its tables, so that the test can count before the first poll
    total = 300
    growing_feed(httpserver, "news", step=60, total=total)
    collector = spawn(
        "collector",
        "collect",
        "-c",
        collect_config(tmp_path / "c.toml", httpserver, "news"),
        "--db",
        url,
    )
    eventually(lambda: per_source(url).get("news", 0) > 0, "the first items were stored")

    own_server.shut_down()
    own_server.start_again()

    eventually(
        lambda: per_source(url).get("news") == total or not collector.alive(),
        "every item was stored after the restart",
    )
    assert collector.alive(), collector.stderr()
    assert tally(url).count == total  # nothing twice
    assert "Traceback" not in collector.stderr()


async def test_a_collector_whose_lease_was_taken_stops_and_says_so(
    pg_url: str, httpserver: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `collect` does when ``holds`` says another collector has its sources now."""
    growing_feed(httpserver, "news", step=5, total=5)
    config = load_config(collect_config(tmp_path / "c.toml", httpserver, "news"))
    taken = collector_lease(pg_url, ["news"])
    assert taken.acquire()  # another collector's, taken while this one's server was away
    lost = collector_lease(pg_url, ["news"])
    lost._broken = True  # type: ignore[attr-defined]  # its session ended with a restart
    try:
        code = await asyncio.wait_for(
            _collect_held(config, parse_location(pg_url), lost, StopAtOnce()), 60
        )
    finally:
        taken.release()
    assert code == 2
    said = capsys.readouterr().err
    assert "stopping: the lease went with its database session (a server restart" in said
    assert "another collector is already collecting news" in said


def _teller(
    capsys: pytest.CaptureFixture[str], said: list[str]
) -> Callable[[str], Awaitable[None]]:
    """``told(what)``: returns once the captured output has said ``what``, every line it read
    kept in ``said``."""

    async def told(what: str) -> None:
        while not any(what in line for line in said):
            out, err = capsys.readouterr()
            said.extend(out.splitlines() + err.splitlines())
            await asyncio.sleep(0.01)  # polling the captured output, not synchronising

    return told


async def test_a_standby_collector_whose_lease_was_taken_stands_by_again_and_takes_over_later(
    own_server: PgServer,
    httpserver: HTTPServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`collect --standby` never exits for a lost lease: it waits for the other collector,
    as it would have waited at start, and collects again once that one stops."""
    monkeypatch.setattr(collect, "STANDBY_TRY_SECONDS", 0.05)
    monkeypatch.setattr(collect, "LEASE_CHECK_SECONDS", 0.05)
    url = own_server.new_database("standby")
    growing_feed(httpserver, "news", step=5, total=5)
    config = load_config(collect_config(tmp_path / "c.toml", httpserver, "news"))
    lease = collector_lease(url, ["news"])
    said: list[str] = []
    told = _teller(capsys, said)

    standby = asyncio.create_task(
        _collect_on_standby(config, parse_location(url), lease, StopAtOnce())
    )
    thief = collector_lease(url, ["news"])
    try:
        await asyncio.wait_for(told("news: 5 new / 5 fetched"), 60)
        assert not any("standing by" in line for line in said)  # nobody held it: at once
        own_server.shut_down()
        own_server.start_again()
        assert thief.acquire()  # the restart let go of it, and another collector came first
        await asyncio.wait_for(
            told("stopped collecting: the lease went with its database session"), 60
        )
        await asyncio.wait_for(told("standing by: another collector is already collecting"), 60)
        assert not standby.done()  # waiting, not gone
        thief.release()  # the other collector stops
        await asyncio.wait_for(told("taking over:"), 60)
        assert lease.holds()
    finally:
        standby.cancel()
        await asyncio.gather(standby, return_exceptions=True)
        thief.release()
        lease.release()


async def test_a_standby_waits_out_a_server_away_without_claiming_a_take_over(
    own_server: PgServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server restarting while a collector stands by is said once, in words, and the lease
    found free afterwards is taken without "the other collector stopped": none had."""
    monkeypatch.setattr(collect, "STANDBY_TRY_SECONDS", 0.05)
    url = own_server.new_database("away")
    lease = collector_lease(url, ["news"])
    own_server.shut_down()
    standing = asyncio.create_task(_stand_by(lease))
    try:
        while "cannot connect" not in (said := capsys.readouterr().err):
            await asyncio.sleep(0.01)  # polling the captured output, not synchronising
        assert said.startswith("crisistui: standing by: ") and "trying again every" in said
        assert not standing.done()
        own_server.start_again()
        assert await asyncio.wait_for(standing, 60) is Waited.SERVER  # for no collector
        assert lease.holds()
        assert capsys.readouterr().err.count("standing by") <= 1  # said once, not per try
    finally:
        standing.cancel()
        lease.release()


async def test_a_standby_that_waited_for_the_server_says_when_it_collects(
    own_server: PgServer,
    httpserver: HTTPServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its last word on stderr was "standing by: … cannot connect … trying again": once the
    server was back it collected without a word, and an operator reading stderr thought
    nobody was collecting."""
    monkeypatch.setattr(collect, "STANDBY_TRY_SECONDS", 0.05)
    url = own_server.new_database("back")
    growing_feed(httpserver, "news", step=5, total=5)
    config = load_config(collect_config(tmp_path / "c.toml", httpserver, "news"))
    lease = collector_lease(url, ["news"])
    said: list[str] = []
    told = _teller(capsys, said)

    own_server.shut_down()
    standby = asyncio.create_task(
        _collect_on_standby(config, parse_location(url), lease, StopAtOnce())
    )
    try:
        await asyncio.wait_for(told("cannot connect"), 60)
        own_server.start_again()
        await asyncio.wait_for(told("collecting: the database answers again; collecting news"), 60)
        await asyncio.wait_for(told("news: 5 new / 5 fetched"), 60)
        assert not any("taking over" in line for line in said)  # no collector had stopped
    finally:
        standby.cancel()
        await asyncio.gather(standby, return_exceptions=True)
        lease.release()


async def test_a_console_keeps_its_screen_through_a_restart_and_carries_on(
    demo_app_factory: Callable[..., Any], clock: ManualClock, own_server: PgServer
) -> None:
    url = own_server.new_database("console")
    app = demo_app_factory(url, actor="ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await play_until(app, clock, 600)
        feed = app.query_one(MentionFeed)
        shown = list(feed.mentions)
        assert shown

        own_server.shut_down()
        await app.refresh_view()  # a beat that meets the server gone
        await app.refresh_view()  # and another: said once
        assert app.is_running and feed.mentions == shown
        titles = [n.title for n in app._notifications]
        assert titles.count("Database out of reach") == 1
        app._tick_clock()  # and said in the header for as long as it lasts
        assert "DATABASE OUT OF REACH" in str(app.query_one(StatusHeader).render())
        feed.focus()
        await pilot.press("a")  # acknowledge the newest mention: a write
        await pilot.press("u")  # the triage queue: a screen that reads as it opens
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, TriageQueueScreen)
        assert [n.title for n in app._notifications].count("Not done") >= 2  # each said
        await pilot.press("escape")
        # every screen that reads as it opens, and the checklist's questions, say so and stay
        for key in ("t", "A", "w"):
            await pilot.press(key)
            await pilot.pause()
            assert app.is_running, key
            if key == "w":  # the wall has no toasts: its header says it
                await until(
                    pilot,
                    lambda: "OUT OF REACH" in str(app.screen.query_one(StatusHeader).render()),
                )
            await pilot.press("escape")
        checklist = app.query_one(Checklist)
        checklist.focus()
        checklist.move_cursor(row=1)
        for key in ("enter", "a", "e"):
            await pilot.press(key)
            await pilot.pause()
            assert app.is_running, key
            while app.screen is not app.screen_stack[0]:
                await pilot.press("escape")
        assert app.is_running
        # a note typed while it is away is refused, and shown back to copy: not lost
        checklist.focus()
        await pilot.press("e")
        await until(pilot, lambda: screen_is(app, TextPrompt))
        await pilot.press(*"called the airport, gate 12", "enter")
        await until(pilot, lambda: screen_is(app, PlainText))
        assert app.screen.text == "called the airport, gate 12"
        await pilot.press("escape")

        own_server.start_again()
        await play_until(app, clock, 900)  # collecting and reading again, on new sessions
        assert app.is_running
        assert feed.mentions[0].id > shown[0].id  # newer mentions, stored and shown
        assert any(n.message == "The database answers again." for n in app._notifications)
        assert not any(n.title == "Database out of reach" for n in app._notifications)
        app._tick_clock()
        assert "OUT OF REACH" not in str(app.query_one(StatusHeader).render())
