"""Sources through the collector against servers that lie, stall or flood (real local HTTP).

Each test serves what a broken or hostile service really sends and checks the promise that
matters: the source says what is wrong, the good items of the same response are stored, and
nothing a stranger wrote reaches the store or the terminal in a form that can break them.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import itertools
import json
import threading
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crisistui.collector import Collector, PollOutcome
from crisistui.config import (
    BlueskySourceConfig,
    JsonSourceConfig,
    MastodonSourceConfig,
    RedditSourceConfig,
    demo_config,
)
from crisistui.domain.clock import ManualClock
from crisistui.domain.models import Mention, RawItem
from crisistui.pipeline import Pipeline
from crisistui.sources import http
from crisistui.sources.base import Source, SourceError
from crisistui.sources.bluesky import BlueskySource
from crisistui.sources.http import MAX_WAIT_SECONDS
from crisistui.sources.jsonapi import JsonSource
from crisistui.sources.mastodon import MastodonSource
from crisistui.sources.reddit import RedditSource
from crisistui.sources.rss import RssSource
from crisistui.store import Store

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EPOCH_T0 = int(T0.timestamp())


def json_source(server: HTTPServer, body: str | bytes, name: str = "inbox") -> JsonSource:
    """A JSON source whose endpoint serves ``body`` as is (Python's json reads NaN, Infinity)."""
    server.expect_request(f"/{name}").respond_with_data(body, content_type="application/json")
    spec = JsonSourceConfig.model_validate(
        {
            "type": "json",
            "name": name,
            "url": server.url_for(f"/{name}"),
            "fields": {
                "id": "id",
                "text": "text",
                "created_at": "at",
                "author": "who",
                "lang": "lang",
                "likes": "likes",
                "followers": "followers",
            },
        }
    )
    return JsonSource(spec, {})


def item(ident: str, text: str = "Acme Air lost my bag", **extra: Any) -> dict[str, Any]:
    return {"id": ident, "text": text, "at": EPOCH_T0 - 60, "who": f"@{ident}", **extra}


async def poll(sources: list[Source], store: Store, client: httpx.AsyncClient) -> PollOutcome:
    """One poll of the first source through the collector, as `collect --once` runs it."""
    run = Collector(sources, Pipeline(demo_config()), store, ManualClock(T0), client)
    outcomes = await run.poll_all_once()
    return outcomes[0]


async def poll_feed(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient, body: bytes
) -> PollOutcome:
    """One poll of an RSS source whose server serves ``body``."""
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    return await poll([RssSource("feed", httpserver.url_for("/feed"), 300, False)], store, client)


# -- values the store cannot hold --------------------------------------------------------------


async def test_lone_surrogates_do_not_stop_the_batch(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # JSON may spell half a surrogate pair on its own; SQLite refuses to encode it as UTF-8.
    body = json.dumps(
        [
            item("bad-\ud800", "Acme Air \udc00 broke my heart", who="@x\ud83d", lang="e\udfffn"),
            item("good"),
        ]
    )
    outcome = await poll([json_source(httpserver, body)], store, client)

    assert outcome.error is None
    assert outcome.new == 2
    texts = {m.text for m in await store.recent_mentions(10)}
    assert texts == {"Acme Air \ufffd broke my heart", "Acme Air lost my bag"}


async def test_absurd_counts_do_not_stop_the_batch(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # A follower count past 2**63 cannot be an SQLite INTEGER; one such item must not block all.
    body = json.dumps([item("huge", likes=10**30, followers=10**40), item("good", likes=3)])
    outcome = await poll([json_source(httpserver, body)], store, client)

    assert outcome.error is None
    assert outcome.new == 2
    huge = next(m for m in await store.recent_mentions(10) if m.external_id == "huge")
    assert (huge.likes, huge.author_followers, huge.reach) == (None, None, 0)


# -- times no clock could have written ---------------------------------------------------------


def status(ident: int, created_at: str) -> dict[str, Any]:
    """A Mastodon Status, trimmed to what the source reads."""
    return {
        "id": str(ident),
        "uri": f"https://masto.example/users/a/statuses/{ident}",
        "created_at": created_at,
        "content": f"<p>Acme Air status {ident}</p>",
        "account": {"acct": "a", "followers_count": 5},
    }


def mastodon_source(server: HTTPServer, statuses: list[dict[str, Any]]) -> MastodonSource:
    server.expect_request("/api/v1/timelines/tag/acme").respond_with_json(statuses)
    spec = MastodonSourceConfig.model_validate(
        {"type": "mastodon", "name": "masto", "url": server.url_for("/"), "tags": ["acme"]}
    )
    return MastodonSource(spec, {})


async def test_times_out_of_this_world_are_taken_as_the_arrival(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # A skewed or lying server: a post "from 2099" would sit on top of the feed for 75 years,
    # a time whose UTC year is 0 or 10000 is stored but can never be read back, and a missing
    # time written as zero or 1900 would stretch a backtest of an export over 20,000 days.
    statuses = [
        status(6, "1900-01-01T00:00:00Z"),
        status(5, "1970-01-01T00:00:00Z"),
        status(4, "2099-01-01T00:00:00Z"),
        status(3, "9999-12-31T23:59:59-05:00"),
        status(2, "0001-01-01T00:00:00+05:00"),
        status(1, "2024-05-01T11:59:00Z"),
    ]
    outcome = await poll([mastodon_source(httpserver, statuses)], store, client)

    assert outcome.error is None and outcome.new == 6
    times = {m.text[-1]: m.created_at for m in await store.recent_mentions(10)}
    assert times == {
        "6": T0,
        "5": T0,
        "4": T0,
        "3": T0,
        "2": T0,
        "1": datetime(2024, 5, 1, 11, 59, tzinfo=UTC),
    }
    assert {m.created_at.year async for m in store.iter_mentions()} == {2024}


async def test_json_time_beyond_the_calendar_skips_only_that_item(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # Year 1 at +05:00 is year 0 in UTC: converting it overflows instead of failing to parse.
    body = json.dumps([item("year-0", at="0001-01-01T00:00:00+05:00"), item("good")])
    source = json_source(httpserver, body)
    outcome = await poll([source], store, client)

    assert outcome.error is None and outcome.new == 1
    assert source.skipped == 1
    assert source.last_problem is not None and "not a time" in source.last_problem


# -- waits a service asks for ------------------------------------------------------------------


async def test_mastodon_reset_in_the_year_9999_waits_a_day_at_most(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # Mastodon's reset is an ISO time, read apart from the numeric headers and their bound.
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "9999-12-31T00:00:00.000Z"}
    httpserver.expect_request("/api/v1/timelines/tag/acme").respond_with_json(
        [status(1, "2024-05-01T11:59:00Z")], headers=headers
    )
    spec = MastodonSourceConfig.model_validate(
        {"type": "mastodon", "name": "masto", "url": httpserver.url_for("/"), "tags": ["acme"]}
    )
    source = MastodonSource(spec, {})
    run = Collector([source], Pipeline(demo_config()), store, ManualClock(T0), client)
    [outcome] = await run.poll_all_once()

    assert outcome.error is None and outcome.new == 1
    assert run.delay_after(source, outcome) <= MAX_WAIT_SECONDS
    assert outcome.health.next_poll is not None
    assert outcome.health.next_poll - T0 <= timedelta(seconds=MAX_WAIT_SECONDS)


# -- floods ------------------------------------------------------------------------------------


class Watched(Pipeline):
    """A pipeline noting, per item, the thread it ran on and how often the event loop had let
    another task run by then."""

    def __init__(self) -> None:
        super().__init__(demo_config())
        self.ticks = 0
        self.seen: list[tuple[int, int]] = []

    def process(self, item: RawItem, keep_unmatched: bool = False) -> Mention | None:
        self.seen.append((threading.get_ident(), self.ticks))
        return super().process(item, keep_unmatched)


async def test_a_flood_of_items_never_freezes_the_event_loop(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # Scoring takes a fraction of a millisecond an item (seconds for the first, which loads the
    # language data): 10,000 items in one response would hold the console and every other
    # source still unless the scoring runs beside the event loop, not on it.
    # posts the language identifier has to read (not plain English), so the scoring lasts
    # many of the interpreter's switch intervals even on a fast machine
    texts = ("Acme Air chuyến bay trễ lần thứ {n}", "Acme Air vuelo retrasado otra vez, número {n}")
    body = json.dumps(
        [item(f"flood-{n}", texts[n % 2].format(n=n)) for n in range(1000)], ensure_ascii=False
    )
    pipeline = Watched()
    run = Collector([json_source(httpserver, body)], pipeline, store, ManualClock(T0), client)
    stop = asyncio.Event()

    async def ticker() -> None:
        while not stop.is_set():
            pipeline.ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    try:
        [outcome] = await run.poll_all_once()
    finally:
        stop.set()
        await task

    assert outcome.error is None and outcome.new == 1000
    loop_thread = threading.get_ident()
    assert all(thread != loop_thread for thread, _ in pipeline.seen), "scored off the loop"
    assert pipeline.seen[-1][1] > pipeline.seen[0][1], "the loop ran while the items were scored"


# -- words a server chose, in the source's health ----------------------------------------------

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202egnp.exe\x00 [bold red]OK[/] " + "x" * 5000


async def test_server_written_error_text_cannot_drive_the_terminal(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # Bluesky and Reddit put the service's own words in the reason, which `collect` prints
    # as is and every console shows: a reason is one printable line of bounded length.
    httpserver.expect_request("/xrpc/com.atproto.server.createSession").respond_with_json(
        {"error": "AuthenticationRequired", "message": HOSTILE}, status=401
    )
    httpserver.expect_request("/api/v1/access_token").respond_with_json({"error": HOSTILE})
    bluesky = BlueskySource(
        BlueskySourceConfig.model_validate(
            {
                "type": "bluesky",
                "name": "bsky",
                "url": httpserver.url_for("/"),
                "query": "acme air",
                "handle": "brand.example",
                "app_password_env": "PW",
            }
        ),
        {"PW": "app-password"},
    )
    reddit = RedditSource(
        RedditSourceConfig.model_validate(
            {
                "type": "reddit",
                "name": "reddit",
                "url": httpserver.url_for("").rstrip("/"),
                "query": "acme air",
                "client_id_env": "ID",
                "client_secret_env": "SECRET",
            }
        ),
        {"ID": "id", "SECRET": "secret"},
    )
    run = Collector([bluesky, reddit], Pipeline(demo_config()), store, ManualClock(T0), client)
    outcomes = await run.poll_all_once()

    stored = {health.name: health.last_error for health, _ in await store.source_health()}
    for outcome in outcomes:
        reason = outcome.error
        assert reason is not None and "gnp.exe [bold red]OK[/] xxx" in reason
        assert reason.isprintable() and "\u202e" not in reason
        assert len(reason) <= 500
        assert stored[outcome.health.name] == reason == outcome.health.last_error


# -- what strangers write ----------------------------------------------------------------------


async def test_mention_text_is_stored_as_one_plain_bounded_line(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    hostile = [
        item("esc", "Acme Air \x1b[2J\x1b]52;c;cm0gLXJm\x07\x9b31m wiped \x1bPq#0\x1b\\ done"),
        item("bidi", "Acme Air refund \u202etxt.exe\u202c \u2066ok\u2069 \u200f"),
        item("nul", "Acme Air\x00 null\x00 bytes\r\nand CRLF"),
        item("markup", "Acme Air [bold red]PWNED[/] [link=file:///etc/passwd]x[/link]"),
        item("huge", "Acme Air " + "lorem ipsum " * 90_000),  # a 1 MB single mention
    ]
    outcome = await poll([json_source(httpserver, json.dumps(hostile))], store, client)

    assert outcome.error is None and outcome.new == 5
    stored = {m.external_id: m.text for m in await store.recent_mentions(10)}
    assert stored["esc"] == "Acme Air wiped done"
    assert stored["bidi"] == "Acme Air refund txt.exe ok"
    assert stored["nul"] == "Acme Air null bytes and CRLF"
    assert stored["markup"] == "Acme Air [bold red]PWNED[/] [link=file:///etc/passwd]x[/link]"
    assert len(stored["huge"]) == 5000 and stored["huge"].endswith("…")
    assert all(text.isprintable() for text in stored.values())


DATED = "<pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>"
"""Feed entries here are dated: a first poll skips undated ones as a backlog of unknown time."""


async def test_entity_bombs_and_external_entities_are_not_expanded(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    levels = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 20 if n else "a" * 80}">' for n in range(8))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{levels}'
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<rss version='2.0'><channel><title>t</title>"
        f"<item><title>Acme Air &l7;</title><guid>bomb</guid>{DATED}</item>"
        f"<item><title>Acme Air &xxe;</title><guid>xxe</guid>{DATED}</item>"
        "</channel></rss>"
    ).encode()
    outcome = await poll_feed(httpserver, store, client, body)

    assert outcome.error is None and outcome.new == 2
    assert all(len(m.text) < 100 for m in await store.recent_mentions(10))
    assert not any("root:" in m.text for m in await store.recent_mentions(10))
    # said as what it is, not "ill-formed feed … syntax error at line 2" of a well-formed feed
    assert outcome.health.note == (
        "feed declares a DOCTYPE or entities, which are never expanded: read leniently"
    )


async def test_an_entity_the_feed_declares_is_left_as_written(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    """Its declarations are left out before the feed is read: "&co;" stood in the stored text
    as "Southpoint Roasters", which the feed's own text never said, and a 1.5 KB "billion
    laughs" cost a poll 0.75 s and 67 MB even unexpanded."""
    body = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY co "Southpoint Roasters">]>'
        "<rss version='2.0'><channel><title>t</title>"
        f"<item><title>Acme Air is worse than &co;</title><guid>co</guid>{DATED}</item>"
        "</channel></rss>"
    ).encode()
    outcome = await poll_feed(httpserver, store, client, body)
    assert outcome.error is None and outcome.new == 1
    [mention] = await store.recent_mentions(10)
    assert mention.text == "Acme Air is worse than &co;"


# -- servers that stall, loop or flood at the HTTP level ---------------------------------------


@pytest.fixture
async def trickle_url() -> AsyncIterator[str]:
    """Headers at once, then a chunked body of one byte every 50 ms, for ever.

    The read timeout (20 s between bytes) never trips; only a deadline on the whole request does.
    """
    tasks: list[asyncio.Task[None]] = []

    async def drip(writer: asyncio.StreamWriter) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        with contextlib.suppress(ConnectionError):
            while True:
                writer.write(b"1\r\n \r\n")
                await writer.drain()
                await asyncio.sleep(0.05)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        tasks.append(asyncio.current_task())  # type: ignore[arg-type]
        try:
            await drip(writer)
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/feed"
    for task in tasks:
        task.cancel()
    server.close()
    await server.wait_closed()


async def test_a_body_trickling_one_byte_at_a_time_hits_the_deadline(
    httpserver: HTTPServer,
    store: Store,
    client: httpx.AsyncClient,
    trickle_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(http, "TOTAL_SECONDS", 0.5)
    httpserver.expect_request("/healthy").respond_with_json([item("fine")])
    sources: list[Source] = [
        RssSource("trickle", trickle_url, 300, False),
        json_source(httpserver, json.dumps([item("fine")]), name="healthy"),
    ]
    run = Collector(sources, Pipeline(demo_config()), store, ManualClock(T0), client)
    trickled, healthy = await run.poll_all_once()

    assert trickled.error == "timed out (the response took over 0.5 s)"
    assert healthy.error is None and healthy.new == 1


async def test_a_gzip_bomb_is_cut_off_at_the_size_cap(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * (64 * 1024 * 1024), 9)  # 64 MiB in about 64 KiB
    httpserver.expect_request("/feed").respond_with_data(
        bomb, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"}
    )
    outcome = await poll(
        [RssSource("bomb", httpserver.url_for("/feed"), 300, False)], store, client
    )
    assert outcome.error == "response too large (over the limit of 8 MiB)"


async def test_a_bomb_inside_a_bomb_never_takes_more_than_the_cap(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    """ "Content-Encoding: gzip, gzip": a few kilobytes holding 96 MiB. Unpacked a slice at a
    time, the poll stops at the cap with a few megabytes in hand, not the whole inner layer."""
    inner = gzip.compress(b"<rss>" + b" " * (96 * 1024 * 1024), 9)
    httpserver.expect_request("/feed").respond_with_data(
        gzip.compress(inner, 9),
        content_type="application/rss+xml",
        headers={"Content-Encoding": "gzip, gzip"},
    )
    tracemalloc.start()
    try:
        outcome = await poll(
            [RssSource("nested", httpserver.url_for("/feed"), 300, False)], store, client
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.error == "response too large (over the limit of 8 MiB)"
    assert peak < 3 * http.MAX_BODY_BYTES, f"{peak / 2**20:.0f} MiB"


@pytest.mark.parametrize(
    "encoding", ["gzip", "x-gzip", "deflate", "deflate (raw)", "identity", "utf-8"]
)
async def test_a_compressed_feed_is_read(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient, encoding: str
) -> None:
    feed = (
        "<rss version='2.0'><channel><title>t</title>"
        f"<item><title>Acme Air lost my bag</title><guid>g1</guid>{DATED}</item>"
        "</channel></rss>"
    ).encode()
    packed = {
        "gzip": gzip.compress(feed),
        "x-gzip": gzip.compress(feed),
        "deflate": zlib.compress(feed),
        "deflate (raw)": zlib.compress(feed, wbits=-zlib.MAX_WBITS),
        "identity": feed,
        "utf-8": feed,  # a server's mistake, which packs nothing
    }[encoding]
    httpserver.expect_request("/feed").respond_with_data(
        packed,
        content_type="application/rss+xml",
        headers={"Content-Encoding": encoding.split()[0]},
    )
    outcome = await poll(
        [RssSource("packed", httpserver.url_for("/feed"), 300, False)], store, client
    )
    assert outcome.error is None and outcome.new == 1


@pytest.mark.parametrize(
    ("encoding", "body", "error"),
    [
        ("br", b"\x1b\x00\x00", "content encoding 'br' was not asked for"),
        ("gzip", b"not gzip at all", "not valid gzip data"),
    ],
)
async def test_a_body_in_an_encoding_not_asked_for_is_named(
    httpserver: HTTPServer,
    store: Store,
    client: httpx.AsyncClient,
    encoding: str,
    body: bytes,
    error: str,
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        body, content_type="application/rss+xml", headers={"Content-Encoding": encoding}
    )
    outcome = await poll([RssSource("odd", httpserver.url_for("/feed"), 300, False)], store, client)
    assert outcome.error is not None and outcome.error.startswith(error), outcome.error


async def test_a_redirect_loop_is_named(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=301, headers={"Location": "/a"})
    outcome = await poll([RssSource("loop", httpserver.url_for("/a"), 300, False)], store, client)
    assert outcome.error == "too many redirects"


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://2852039166/latest/meta-data/",
        "http://0xa9fea9fe/",
        "http://[fe80::1]/",
        "http://[::ffff:169.254.1.1]/",
        "http://[fd00:ec2::254]/",
    ],
    ids=["metadata", "decimal", "hex", "ipv6", "mapped", "aws-ipv6"],
)
async def test_a_redirect_to_a_link_local_address_is_refused(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient, target: str
) -> None:
    """A feed redirecting to the cloud's metadata address was followed there."""
    httpserver.expect_request("/feed").respond_with_data(
        "", status=302, headers={"Location": target}
    )
    outcome = await poll([RssSource("odd", httpserver.url_for("/feed"), 300, False)], store, client)
    assert outcome.error is not None
    assert outcome.error.startswith("refused: ") and "link-local" in outcome.error


async def test_a_redirect_to_another_host_does_not_carry_the_token(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # Same server, other host name: another origin as far as credentials are concerned.
    elsewhere = f"http://127.0.0.1:{httpserver.port}/elsewhere"
    assert httpserver.host == "localhost"
    httpserver.expect_request("/inbox").respond_with_data(
        "", status=302, headers={"Location": elsewhere}
    )
    httpserver.expect_request("/elsewhere").respond_with_json([item("moved")])
    spec = JsonSourceConfig.model_validate(
        {
            "type": "json",
            "name": "inbox",
            "url": httpserver.url_for("/inbox"),
            "token_env": "TOKEN",
            "fields": {"id": "id", "text": "text", "created_at": "at"},
        }
    )
    outcome = await poll([JsonSource(spec, {"TOKEN": "s3cr3t"})], store, client)

    assert outcome.error is None and outcome.new == 1
    first, moved = (request for request, _ in httpserver.log)
    assert first.headers["Authorization"] == "Bearer s3cr3t"
    assert moved.host.startswith("127.0.0.1") and "Authorization" not in moved.headers


@pytest.mark.parametrize(
    ("retry_after", "wait"),
    [
        ("Wed, 21 Oct 2015 07:28:00 GMT", (30, 37)),  # past: no extra wait, plain backoff
        ("Fri, 01 Jan 9999 00:00:00 GMT", (3600, 3600)),  # far future: an hour at most
        ("soon", (60, 60)),  # unreadable: a minute
    ],
    ids=["past", "far-future", "garbage"],
)
async def test_retry_after_dates_past_and_far_future(
    httpserver: HTTPServer,
    store: Store,
    client: httpx.AsyncClient,
    retry_after: str,
    wait: tuple[float, float],
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        "slow down", status=429, headers={"Retry-After": retry_after}
    )
    source = RssSource("limited", httpserver.url_for("/feed"), 30, False)
    run = Collector([source], Pipeline(demo_config()), store, ManualClock(T0), client)
    [outcome] = await run.poll_all_once()

    asked = ", asked to wait 24 h or more" if "9999" in retry_after else ""  # (kept: 1 h)
    assert outcome.error == "rate limited (HTTP 429)" + asked
    assert wait[0] <= run.delay_after(source, outcome) <= wait[1]


# -- feeds that misbehave ----------------------------------------------------------------------


async def test_a_feed_minting_new_guids_every_fetch_is_not_a_surge(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # Some CMSs put a session or timestamp in each guid: the same three stories would be
    # stored again on every poll, a volume surge that never happened.
    fetches = itertools.count()

    def feed(_request: Request) -> Response:
        n = next(fetches)
        entries = "".join(
            f"<item><title>Acme Air story {k}</title><guid>story-{k}?sid={n}</guid>"
            f"<link>https://news.example/{k}?utm={n}</link>"
            f"<pubDate>Wed, 01 May 2024 1{k}:00:00 GMT</pubDate></item>"
            for k in range(3)
        )
        body = f"<rss version='2.0'><channel><title>t</title>{entries}</channel></rss>"
        return Response(body, content_type="application/rss+xml")

    httpserver.expect_request("/feed").respond_with_handler(feed)
    source = RssSource("feed", httpserver.url_for("/feed"), 300, False)
    run = Collector([source], Pipeline(demo_config()), store, ManualClock(T0), client)

    news = [(await run.poll_once(source)).new for _ in range(3)]

    assert news == [3, 0, 0]
    assert await store.mention_count() == 3


def serve_each_fetch(server: HTTPServer, items_of: Callable[[int], list[dict[str, Any]]]) -> None:
    """``/inbox`` answers its n-th fetch (from 0) with ``items_of(n)``: an endpoint minting
    new ids on every fetch."""
    fetches = itertools.count()

    def endpoint(_request: Request) -> Response:
        return Response(json.dumps(items_of(next(fetches))), content_type="application/json")

    server.expect_request("/inbox").respond_with_handler(endpoint)


async def test_an_endpoint_minting_new_ids_is_not_a_surge_even_after_a_restart(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # The same three posts under a request id in each item's id: stored once, by this
    # collector and by the next one (a restart forgets whatever a source remembered).
    serve_each_fetch(
        httpserver,
        lambda n: [
            {
                "id": f"{k}-{n}",
                "text": f"Acme Air lost bag number {k}",
                "who": f"@p{k}",
                "at": f"2024-05-01T1{k}:00:00Z",
            }
            for k in range(3)
        ],
    )
    news = []
    for _run in range(2):
        source = json_source(httpserver, "", name="inbox")
        run = Collector([source], Pipeline(demo_config()), store, ManualClock(T0), client)
        news += [(await run.poll_once(source)).new for _ in range(2)]

    assert news == [3, 0, 0, 0]
    assert await store.mention_count() == 3


async def test_a_hundred_anonymous_people_asking_the_same_in_one_second_are_a_hundred(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # No author, one second, one text, a hundred ids: one poll's items are a hundred posts
    # (they were stored as one, silently); the same served again under new ids is not news.
    serve_each_fetch(
        httpserver,
        lambda n: [
            {"id": f"{n}-{k}", "text": "Is Acme Air down?", "at": EPOCH_T0 - 60} for k in range(100)
        ],
    )
    source = json_source(httpserver, "", name="inbox")
    run = Collector([source], Pipeline(demo_config()), store, ManualClock(T0), client)
    news = [(await run.poll_once(source)).new for _ in range(2)]

    assert news == [100, 0]
    assert await store.mention_count() == 100


# -- JSON that is not --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            b"<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>",
            "invalid JSON (got an HTML page: a login, error or challenge page?)",
        ),
        (
            b"[" * 100_000 + b"]" * 100_000,
            "invalid JSON: nested too deeply (1 value nested over 200 levels), and none of 1 "
            "items had the mapped fields: item 0: fields.id 'id': 'id' is not a list index",
        ),
        (  # too many brackets to look through for the deep ones: refused, not seconds spent
            b"[" * 1000 + b"[]" * 500_000 + b"]" * 1000,
            "invalid JSON: nested too deeply (over 200 levels)",
        ),
    ],
    ids=["html-with-200", "nested-100k-deep", "deep-then-a-million-brackets"],
)
async def test_json_endpoint_sending_something_else_says_what(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient, body: bytes, reason: str
) -> None:
    outcome = await poll([json_source(httpserver, body)], store, client)
    assert outcome.error == reason


async def test_one_item_nested_a_thousand_deep_fails_only_itself(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    # Python's decoder runs out of stack near a thousand levels: the whole poll was lost.
    deep = "[" * 5000 + json.dumps("Acme Air [not a bracket") + "]" * 5000
    tricky = 'Acme Air \\" ]]] was fine'  # brackets inside a string are not levels
    items = [
        {"id": "a", "text": "Acme Air lost my bag", "at": 1714560000, "extra": "DEEP"},
        {"id": "b", "text": "DEEP", "at": 1714560000},
        {"id": "c", "text": tricky, "at": 1714560000},
    ]
    body = json.dumps(items).replace('"DEEP"', deep)
    source = json_source(httpserver, body.encode())
    outcome = await poll([source], store, client)

    assert outcome.error is None and outcome.new == 2
    texts = sorted(m.text for m in await store.recent_mentions(10))
    assert texts == sorted(["Acme Air lost my bag", tricky])
    assert source.note is not None
    assert source.note.startswith("2 values nested over 200 levels read as null; 1 of 3 items")
    assert "item 1: fields.text 'text': is list, not text" in source.note


async def test_millions_of_unusable_items_are_counted_not_each_described(
    httpserver: HTTPServer, sqlite_store: Store, client: httpx.AsyncClient
) -> None:
    # Two bytes an item: every skipped one kept a sentence, fifty times the body's size. (The
    # store is not what is tested: one backend is enough.)
    body = b"[" + b"0," * 400_000 + b'{"id": "ok", "text": "Acme Air", "at": 1714560000}]'
    source = json_source(httpserver, body)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        outcome = await poll([source], sqlite_store, client)
        grown = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()

    assert outcome.error is None and outcome.new == 1
    assert source.skipped == 400_000
    assert source.last_problem == "item 0: fields.id 'id': found number, not an object or list"
    assert grown < 25 * 1024 * 1024, grown  # the list itself is 3 MiB; a sentence each is 50


async def test_one_guid_twice_in_a_feed_is_stored_once(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    body = f"""<rss version="2.0"><channel><title>Dupes</title>
      <item><title>Acme Air first</title><guid>same</guid>{DATED}</item>
      <item><title>Acme Air second</title><guid>same</guid>{DATED}</item>
    </channel></rss>""".encode()
    outcome = await poll_feed(httpserver, store, client, body)

    assert outcome.error is None and outcome.new == 1
    assert [m.text for m in await store.recent_mentions(10)] == ["Acme Air first"]


@contextlib.asynccontextmanager
async def raw_server(reply: bytes | None) -> AsyncIterator[str]:
    """A TCP server on 127.0.0.1 that reads a request and sends ``reply`` (None: closes the
    connection at once, unanswered), then closes."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            await reader.readuntil(b"\r\n\r\n")
            if reply is not None:
                writer.write(reply)
                await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"http://127.0.0.1:{port}/feed"


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        (b"\x00\xff\xfe not http at all\r\n\r\n", "the server did not answer in HTTP"),
        (None, "the server closed the connection without answering"),
    ],
    ids=["binary", "closed"],
)
async def test_a_server_that_does_not_speak_http_is_said_in_plain_words(
    reply: bytes | None, said: str
) -> None:
    """ "HTTP error: ReadError:" with nothing after it, or "RemoteProtocolError: illegal
    status line: bytearray(b'\\x00\\xff\\xfe …')" in the sources view."""
    async with raw_server(reply) as url, http.make_client() as client:
        with pytest.raises(SourceError) as raised:
            await http.get(client, url)
    reason = raised.value.reason
    assert reason.startswith(said), reason
    assert "bytearray" not in reason and "\\x" not in reason and "Error:" not in reason


async def test_a_body_cut_short_says_how_much_came_of_how_much_promised() -> None:
    """The reason was cut at 80 characters, before the byte counts ("…received 447 by…")."""
    reply = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n"
        b"\r\n" + b"<rss>" + b"x" * 442
    )
    async with raw_server(reply) as url, http.make_client() as client:
        with pytest.raises(SourceError) as raised:
            await http.get(client, url)
    reason = raised.value.reason
    assert reason == (
        "the response was cut short: peer closed connection without sending complete message "
        "body (received 447 bytes, expected 100000)"
    )
