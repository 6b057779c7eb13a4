"""Source health says what is wrong now: a recovered source shows no old error, and what a
successful poll left out (items skipped, and why) reaches the sources screen and every process
that reads the stored health, on both backends."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from pytest_httpserver import HTTPServer
from textual.app import App
from textual.widgets import DataTable
from werkzeug import Response

from crisistui.collector import MAX_REASON_CHARS, Collector
from crisistui.config import demo_config
from crisistui.domain.clock import ManualClock
from crisistui.domain.models import RawItem, SourceHealth, SourceState
from crisistui.pipeline import Pipeline
from crisistui.sources.rss import RssSource
from crisistui.store import Store, open_store
from crisistui.store.postgres.schema import MIGRATIONS as PG_MIGRATIONS
from crisistui.store.sqlite.schema import MIGRATIONS, SCHEMA_VERSION
from crisistui.tui.screens.sources import COLUMNS, SourcesScreen

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
RSS_TYPE = "application/rss+xml"
NOTES_SQLITE, NOTES_POSTGRES = 13, 5
"""The migrations that gave source health its note."""
BACKLOG_NOTE = (
    "2 of 3 entries skipped: no usable date (entry 2: no usable date in the feed's first "
    "poll; history of unknown time is not stored as arriving now)"
)


def feed(*, undated: int = 0) -> bytes:
    """One dated post about the brand, then ``undated`` posts without a date."""
    items = (
        "<item><title>Acme Air update</title><guid>post-0</guid>"
        "<pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>"
    ) + "".join(
        f"<item><title>Acme Air old story {n}</title><guid>old-{n}</guid></item>"
        for n in range(undated)
    )
    return f"<rss version='2.0'><channel><title>News</title>{items}</channel></rss>".encode()


def collector(sources: list[Any], store: Store, client: httpx.AsyncClient) -> Collector:
    return Collector(sources, Pipeline(demo_config()), store, ManualClock(T0), client)


async def stored(store: Store, name: str) -> SourceHealth:
    return {h.name: h for h, _ in await store.source_health()}[name]


async def test_a_polls_note_is_stored_and_a_failure_or_a_clean_poll_clears_it(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    """Backlog skipped in the first poll is said on the health another process reads; the
    failure after it shows its error, and once the feed is back neither the note nor the
    error is current (the error stays as history beside its time)."""
    served: dict[str, Response] = {}
    httpserver.expect_request("/feed").respond_with_handler(lambda _request: served["now"])
    run = collector([RssSource("news", httpserver.url_for("/feed"), 60, False)], store, client)

    served["now"] = Response(feed(undated=2), content_type=RSS_TYPE)
    [first] = await run.poll_all_once()
    assert (first.health.fetched_last_poll, first.health.note) == (1, BACKLOG_NOTE)
    assert (await stored(store, "news")).note == BACKLOG_NOTE

    served["now"] = Response("<html>oops</html>", status=503)
    await run.poll_all_once()
    failing = await stored(store, "news")
    assert failing.state is SourceState.FAILING and failing.note is None
    assert failing.current_error is not None and failing.current_error.startswith("HTTP 503")

    served["now"] = Response(feed(), content_type=RSS_TYPE)
    await run.poll_all_once()
    recovered = await stored(store, "news")
    assert recovered.state is SourceState.OK
    assert recovered.note is None and recovered.current_error is None
    assert recovered.last_error is not None and recovered.last_error_at == T0


class NotingSource:
    """A source whose poll succeeds with nothing new and says something about it."""

    kind = "json"
    interval = 60.0
    keep_unmatched = False
    hold_off: float | None = None
    finished = False

    def __init__(self, note: str) -> None:
        self.name = "api"
        self.note = note

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        return []


async def test_a_hostile_note_is_stored_as_one_bounded_plain_line(
    store: Store, client: httpx.AsyncClient
) -> None:
    """A note can quote a feed: escape codes, lines and a page of text never reach a screen."""
    hostile = "3 of 4 items skipped \x1b]52;c;ZXZpbA==\x07(item 0:\nsecond line " + "x" * 5000
    run = collector([NotingSource(hostile)], store, client)
    [outcome] = await run.poll_all_once()
    note = (await stored(store, "api")).note
    assert note == outcome.health.note
    assert note is not None and note.startswith("3 of 4 items skipped (item 0: second line x")
    assert "\x1b" not in note and "\x07" not in note and "\n" not in note
    assert len(note) == MAX_REASON_CHARS and note.endswith("…")


class Showing(App[None]):
    def __init__(self, health: dict[str, SourceHealth]) -> None:
        super().__init__()
        self.health = health

    def on_mount(self) -> None:
        self.push_screen(SourcesScreen(lambda: self.health, lambda: T0))


async def test_the_sources_screen_shows_errors_only_while_failing_and_notes_when_ok() -> None:
    """A source that recovered from a 500 an hour ago used to sit beside its old error."""
    hour_ago = T0 - timedelta(hours=1)
    health = {
        "news": SourceHealth(
            "news", "rss", SourceState.OK, last_ok=T0, last_error="HTTP 500", last_error_at=hour_ago
        ),
        "api": SourceHealth("api", "json", SourceState.OK, last_ok=T0, note="6 of 9 items skipped"),
        "blog": SourceHealth(
            "blog", "rss", SourceState.FAILING, last_error="HTTP 503", last_error_at=T0
        ),
    }
    app = Showing(health)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        problem = {name: table.get_cell(name, COLUMNS[-1]).plain for name in health}
        assert problem == {"news": "", "api": "6 of 9 items skipped", "blog": "HTTP 503"}

        # the api source fails next: its note goes, its error shows, on the screen's beat
        health["api"] = SourceHealth(
            "api", "json", SourceState.FAILING, last_error="HTTP 401", last_error_at=T0
        )
        app.screen.update_table()  # type: ignore[attr-defined]
        assert table.get_cell("api", COLUMNS[-1]).plain == "HTTP 401"


async def test_the_highlighted_sources_whole_note_is_readable_at_120_columns() -> None:
    """At 120 columns a note ran off the screen's edge in its cell ("37 of 40 named no
    brand or compe"); the highlighted source's note or error is now written out whole, wrapped,
    under the table, and follows the cursor."""
    from tests.test_layout_crisis import screen_lines

    note = (
        "37 of 40 named no brand or competitor term, left out; 2 of 40 were dated more than "
        "a day ahead and were left out too"
    )
    error = "HTTP 503 from https://blog.example/feed.xml: " + "the server is busy, " * 6
    health = {
        "news": SourceHealth("news", "rss", SourceState.OK, last_ok=T0),
        "weibo-search": SourceHealth("weibo-search", "json", SourceState.OK, last_ok=T0, note=note),
        "blog": SourceHealth(
            "blog", "rss", SourceState.FAILING, last_error=error, last_error_at=T0
        ),
    }
    app = Showing(health)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        # the failing source comes first, so its error is what the screen opens on
        shown = " ".join(" ".join(screen_lines(app)).split())
        assert f"blog: {' '.join(error.split())}" in shown
        assert note not in shown
        await pilot.press("down", "down")
        await pilot.pause()
        shown = " ".join(" ".join(screen_lines(app)).split())
        assert f"weibo-search: {note}" in shown
        assert "blog: HTTP 503" not in shown
        # a source that starts failing moves to the top: the cursor stays on its source
        await pilot.press("up")  # on news, whose row has nothing to say
        health["weibo-search"] = SourceHealth(
            "weibo-search", "json", SourceState.FAILING, last_error="HTTP 500", last_error_at=T0
        )
        app.screen.update_table()  # type: ignore[attr-defined]
        await pilot.pause()
        shown = " ".join(" ".join(screen_lines(app)).split())
        assert "blog: HTTP 503" not in shown and "weibo-search: HTTP 500" not in shown


async def test_a_failing_sources_reason_is_readable_at_80_columns_when_the_screen_opens() -> None:
    """At 80×24 the problem column is past the screen's edge: the failing source, listed
    after healthy ones, showed no reason until the cursor happened onto it."""
    from tests.test_layout_crisis import screen_lines

    health = {
        name: SourceHealth(name, "rss", SourceState.OK, last_ok=T0)
        for name in ("alpha", "beta", "gamma", "delta")
    }
    health["zeta"] = SourceHealth(
        "zeta", "rss", SourceState.FAILING, last_error="HTTP 429 rate limited", last_error_at=T0
    )
    app = Showing(health)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = " ".join(" ".join(screen_lines(app)).split())
        assert "zeta: HTTP 429 rate limited" in shown


def _health_row_sqlite(path: Path) -> None:
    """A database as the schema before notes left it, with one source's health."""
    with sqlite3.connect(path) as raw:
        for script in MIGRATIONS[: NOTES_SQLITE - 1]:
            raw.executescript(script)
        raw.execute(f"PRAGMA user_version = {NOTES_SQLITE - 1}")
        raw.execute(
            "INSERT INTO source_health (name, kind, state, last_ok, fetched_last_poll, "
            "new_last_poll, new_total, failures, updated_at) "
            "VALUES ('news', 'rss', 'ok', 100, 3, 1, 7, 0, 100)"
        )
    raw.close()


async def _upgraded_keeps_health_and_stores_notes(where: Path | str) -> None:
    async with await open_store(where, create=False) as store:
        [(news, _)] = await store.source_health()
        assert (news.name, news.new_total, news.note) == ("news", 7, None)
        noted = SourceHealth("api", "json", SourceState.OK, last_ok=T0, note="2 of 5 skipped")
        await store.record_health(noted, T0)
        assert (await stored(store, "api")).note == "2 of 5 skipped"


async def test_a_sqlite_database_before_notes_upgrades_keeping_health(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _health_row_sqlite(path)
    await _upgraded_keeps_health_and_stores_notes(path)
    async with await open_store(path, create=False) as store:
        assert await store.schema_version() == SCHEMA_VERSION


async def test_a_postgres_database_before_notes_upgrades_keeping_health(pg_server: Any) -> None:
    import psycopg

    url = pg_server.new_database("health_before_notes")
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as raw:
        for script in PG_MIGRATIONS[: NOTES_POSTGRES - 1]:
            await raw.execute(script.encode())
        await raw.execute(f"UPDATE crisistui_schema SET version = {NOTES_POSTGRES - 1}")
        await raw.execute(
            "INSERT INTO source_health (name, kind, state, last_ok, fetched_last_poll, "
            "new_last_poll, new_total, failures, updated_at) "
            "VALUES ('news', 'rss', 'ok', 100, 3, 1, 7, 0, 100)"
        )
    await _upgraded_keeps_health_and_stores_notes(url)
    async with await open_store(url, create=False) as store:
        assert await store.schema_version() == len(PG_MIGRATIONS)


def test_a_poll_being_made_says_now_not_in_0s() -> None:
    """A hanging server's source showed "next: in 0s" for as long as it hung."""

    def next_cell(due: datetime) -> str:
        item = SourceHealth("slow", "rss", SourceState.OK, last_ok=T0, next_poll=due)
        return SourcesScreen._cells(item, T0)[COLUMNS.index("next")].plain

    assert next_cell(T0 - timedelta(seconds=40)) == "now"
    assert next_cell(T0 + timedelta(minutes=4)) == "in 4m"
    assert next_cell(T0 - timedelta(minutes=7)).startswith("due 7m")
