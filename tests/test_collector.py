"""The collector against real local HTTP: dedupe, health, backoff, and isolation of failures."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crisistui.collector import (
    MAX_BACKOFF_SECONDS,
    Collector,
    PollOutcome,
    SourceState,
    backoff_delay,
)
from crisistui.config import demo_config
from crisistui.domain.clock import ManualClock, SystemClock
from crisistui.domain.models import Mention, RawItem
from crisistui.pipeline import Pipeline
from crisistui.sources import http
from crisistui.sources.rss import RssSource
from crisistui.store import Store, StoreBusy, StoreError

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
RSS_TYPE = "application/rss+xml"


def rss(*numbers: int) -> bytes:
    """A feed whose items all mention the demo brand, one per number."""
    items = "".join(
        f"<item><title>Acme Air update number {n}</title><guid>post-{n}</guid>"
        f"<pubDate>Wed, 01 May 2024 10:{n:02d}:00 GMT</pubDate></item>"
        for n in numbers
    )
    return f"<rss version='2.0'><channel><title>News</title>{items}</channel></rss>".encode()


@pytest.fixture
async def stalled_url() -> AsyncIterator[str]:
    """A server that accepts the connection, reads the request, and never answers."""
    writers: list[asyncio.StreamWriter] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        await reader.read(65536)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/feed"
    for writer in writers:
        writer.close()
    server.close()
    await server.wait_closed()


def feed(name: str, url: str, interval: float = 300.0) -> RssSource:
    return RssSource(name, url, interval, keep_unmatched=False)


def collector(sources: list[RssSource], store: Store, client: httpx.AsyncClient, **kw) -> Collector:
    clock = kw.pop("clock", None) or ManualClock(T0)
    return Collector(sources, Pipeline(demo_config()), store, clock, client, **kw)


def healthy(server: HTTPServer) -> RssSource:
    server.expect_request("/healthy").respond_with_data(rss(1, 2), content_type=RSS_TYPE)
    return feed("healthy", server.url_for("/healthy"))


# -- storing -----------------------------------------------------------------------------------


async def test_second_poll_stores_only_new_items(httpserver: HTTPServer, store, client) -> None:
    body = {"feed": rss(1, 2, 3)}
    httpserver.expect_request("/feed").respond_with_handler(
        lambda _request: Response(body["feed"], content_type=RSS_TYPE)
    )
    clock = ManualClock(T0)
    run = collector([feed("news", httpserver.url_for("/feed"))], store, client, clock=clock)

    [first] = await run.poll_all_once()
    body["feed"] = rss(1, 2, 3, 4)
    clock.advance(60)
    [second] = await run.poll_all_once()

    assert (first.new, second.new) == (3, 1)
    assert await store.mention_count() == 4
    health = run.health["news"]
    assert health.state is SourceState.OK
    assert (health.fetched_last_poll, health.new_last_poll, health.new_total) == (4, 1, 4)
    assert health.last_ok == T0 + timedelta(seconds=60)
    assert health.next_poll == health.last_ok + timedelta(seconds=300)
    assert health.failures == 0 and health.last_error is None


async def test_unmatched_items_are_dropped_and_counted(
    httpserver: HTTPServer, store, client
) -> None:
    """Left out, and said so on the source's line: "1 new / 3 fetched" alone leaves the
    team looking for two mentions that were never about them."""
    body = {"feed": rss(1, 2, 3).replace(b"Acme Air update number 1", b"Weather")}
    body["feed"] = body["feed"].replace(b"Acme Air update number 2", b"Traffic report")
    httpserver.expect_request("/feed").respond_with_handler(
        lambda _request: Response(body["feed"], content_type=RSS_TYPE)
    )
    clock = ManualClock(T0)
    run = collector([feed("news", httpserver.url_for("/feed"))], store, client, clock=clock)
    [outcome] = await run.poll_all_once()
    assert (outcome.health.fetched_last_poll, outcome.new) == (3, 1)
    assert outcome.health.note == "2 of 3 named no brand or competitor term, left out"
    assert (await store.source_health())[0][0].note == outcome.health.note
    body["feed"] = rss(3, 4)  # every item about the brand: nothing left out, nothing said
    clock.advance(600)
    [again] = await run.poll_all_once()
    assert again.new == 1 and again.health.note is None


async def test_items_repeating_an_id_in_one_response_are_said(
    httpserver: HTTPServer, store, client
) -> None:
    """A feed listing one post three times said "2 new / 4 fetched" and nothing more."""
    httpserver.expect_request("/feed").respond_with_data(rss(1, 1, 1, 2), content_type=RSS_TYPE)
    run = collector([feed("news", httpserver.url_for("/feed"))], store, client)
    [outcome] = await run.poll_all_once()
    assert (outcome.health.fetched_last_poll, outcome.new) == (4, 2)
    assert outcome.health.note == "2 repeated an id given earlier in the same response"


# -- failures ----------------------------------------------------------------------------------


async def test_rate_limited_source_waits_as_told(httpserver: HTTPServer, store, client) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "300"}
    )
    source = feed("limited", httpserver.url_for("/feed"), interval=30)
    run = collector([source], store, client)

    [outcome] = await run.poll_all_once()

    health = run.health["limited"]
    assert health.state is SourceState.FAILING
    assert health.last_error is not None and "rate limited" in health.last_error
    assert health.last_error_at == T0
    assert health.next_poll is not None
    assert health.next_poll - health.last_error_at >= timedelta(seconds=300)
    assert run.delay_after(source, outcome) >= 300


async def test_a_busy_service_that_asks_for_a_wait_is_said_to_have_asked(
    httpserver: HTTPServer, store, client
) -> None:
    """A 503 with Retry-After held a source back for an hour without a word of why."""
    httpserver.expect_request("/feed").respond_with_data(
        "busy", status=503, headers={"Retry-After": "3600"}
    )
    source = feed("busy", httpserver.url_for("/feed"), interval=30)
    run = collector([source], store, client)
    [outcome] = await run.poll_all_once()
    error = run.health["busy"].last_error
    assert error is not None and error.startswith("HTTP 503")
    assert "asked to wait 60 min" in error, error
    assert run.delay_after(source, outcome) >= 3600


async def test_a_cron_run_one_interval_after_a_failure_polls_again(
    httpserver: HTTPServer, store, client
) -> None:
    """`collect --once` every interval from cron: one 502 backed the source off for an
    interval plus jitter, counted from a moment into that run, and so every next run skipped
    it. A run within a quarter of an interval of the backoff's end polls; one asked to wait an
    hour does not."""
    httpserver.expect_ordered_request("/feed").respond_with_data("", status=502)
    httpserver.expect_ordered_request("/feed").respond_with_data(rss(1), content_type=RSS_TYPE)
    clock = ManualClock(T0)
    source = feed("news", httpserver.url_for("/feed"), interval=300)
    [failed] = await collector([source], store, client, clock=clock).poll_all_once()
    assert failed.error is not None
    clock.advance(300 - 5)  # the next cron run, a little earlier into its minute
    [again] = await collector([source], store, client, clock=clock).poll_all_once()
    assert not again.waiting and again.error is None and again.new == 1


async def test_rate_limit_headers_on_success_hold_off(
    httpserver: HTTPServer, store, client
) -> None:
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "90"}
    httpserver.expect_request("/feed").respond_with_data(
        rss(1), content_type=RSS_TYPE, headers=headers
    )
    source = feed("limited", httpserver.url_for("/feed"), interval=30)
    run = collector([source], store, client)
    [outcome] = await run.poll_all_once()
    assert outcome.health.state is SourceState.OK
    assert run.delay_after(source, outcome) == 90
    assert outcome.health.next_poll == T0 + timedelta(seconds=90)
    # and says why a 30-second source waits 90 s, where the sources view and status show it
    assert outcome.health.note == (
        "the service's rate limit is used up: next poll when it resets, in 90 s"
    )


@pytest.mark.parametrize(("hostile_value"), ["inf", "nan", "1e308"], ids=["inf", "nan", "huge"])
async def test_absurd_retry_after_does_not_break_scheduling(
    httpserver: HTTPServer, store, client, hostile_value: str
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        "", status=429, headers={"Retry-After": hostile_value}
    )
    source = feed("limited", httpserver.url_for("/feed"), interval=30)
    [outcome] = await collector([source], store, client).poll_all_once()
    assert outcome.health.state is SourceState.FAILING
    assert outcome.health.next_poll is not None
    wait = outcome.health.next_poll - T0
    assert timedelta(seconds=30) <= wait <= timedelta(seconds=MAX_BACKOFF_SECONDS)


FAILURES = {
    "http-500": (lambda s: s.respond_with_data("boom", status=500), "HTTP 500"),
    "garbage": (lambda s: s.respond_with_data(bytes(range(256)) * 4), "not a feed"),
    "html": (
        lambda s: s.respond_with_data("<html><body>Blog</body></html>", content_type="text/html"),
        "not a feed",
    ),
    "ill-formed": (
        lambda s: s.respond_with_data("<rss version='2.0'><channel><title>cut"),
        "ill-formed feed",
    ),
    "oversized": (lambda s: s.respond_with_data(b"<rss>" + b" " * 20_000), "too large"),
}


@pytest.mark.parametrize("kind", list(FAILURES))
async def test_failing_source_does_not_stop_a_healthy_one(
    httpserver: HTTPServer, store, client, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setattr(http, "MAX_BODY_BYTES", 10_000)
    respond, expected = FAILURES[kind]
    respond(httpserver.expect_request("/broken"))
    sources = [feed("broken", httpserver.url_for("/broken")), healthy(httpserver)]
    run = collector(sources, store, client)

    await run.poll_all_once()

    broken, good = run.health["broken"], run.health["healthy"]
    assert broken.state is SourceState.FAILING
    assert broken.last_error is not None and expected in broken.last_error
    assert broken.last_error.isprintable()
    assert broken.failures == 1
    assert good.state is SourceState.OK and good.new_last_poll == 2
    assert [m.source for m in await store.recent_mentions(10)] == ["healthy", "healthy"]


async def test_timeout_does_not_stop_a_healthy_one(
    httpserver: HTTPServer, store, stalled_url: str
) -> None:
    async with httpx.AsyncClient(timeout=0.5) as client:
        run = collector([feed("stalled", stalled_url), healthy(httpserver)], store, client)
        await run.poll_all_once()

    assert run.health["stalled"].state is SourceState.FAILING
    assert run.health["stalled"].last_error == "timed out waiting for data (0.5 s)"
    assert run.health["healthy"].new_last_poll == 2
    assert await store.mention_count() == 2


async def test_refused_connection_is_readable(store, client) -> None:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: the connection is refused
        run = collector([feed("down", f"http://127.0.0.1:{port}/feed")], store, client)
        [outcome] = await run.poll_all_once()
    assert outcome.error is not None and outcome.error.startswith("cannot connect")


class ExplodingPipeline(Pipeline):
    """A pipeline bug that only one source's items trigger."""

    def process(self, item: RawItem, keep_unmatched: bool = False) -> Mention | None:
        if item.source == "cursed":
            raise RuntimeError("bad item")
        return super().process(item, keep_unmatched)


async def test_processing_error_fails_that_source_only(
    httpserver: HTTPServer, store, client
) -> None:
    httpserver.expect_request("/cursed").respond_with_data(rss(7), content_type=RSS_TYPE)
    sources = [feed("cursed", httpserver.url_for("/cursed")), healthy(httpserver)]
    run = Collector(sources, ExplodingPipeline(demo_config()), store, ManualClock(T0), client)

    await run.poll_all_once()

    assert run.health["cursed"].state is SourceState.FAILING
    assert "bad item" in (run.health["cursed"].last_error or "")
    assert run.health["healthy"].new_last_poll == 2


async def test_backoff_grows_with_consecutive_failures(
    httpserver: HTTPServer, store, client
) -> None:
    httpserver.expect_request("/feed").respond_with_data("down", status=503)
    source = feed("down", httpserver.url_for("/feed"), interval=10)
    run = collector([source], store, client)

    delays = []
    for _ in range(5):
        [outcome] = await run.poll_all_once()
        delays.append(run.delay_after(source, outcome))

    assert run.health["down"].failures == 5
    assert all(later > earlier for earlier, later in itertools.pairwise(delays))
    assert 10 <= delays[0] <= 12
    httpserver.clear()
    httpserver.expect_request("/feed").respond_with_data(rss(1), content_type=RSS_TYPE)
    [outcome] = await run.poll_all_once()
    assert outcome.health.state is SourceState.OK and outcome.health.failures == 0
    assert run.delay_after(source, outcome) == 10


@given(
    interval=st.floats(min_value=1.0, max_value=86400.0),
    failures=st.integers(min_value=0, max_value=10_000),
    retry_after=st.none() | st.floats(min_value=0.0, max_value=1e9),
)
def test_backoff_stays_within_interval_and_cap(
    interval: float, failures: int, retry_after: float | None
) -> None:
    delay = backoff_delay(interval, failures, retry_after)
    assert interval <= delay <= max(interval, MAX_BACKOFF_SECONDS)
    if retry_after is not None:
        assert delay >= min(retry_after, MAX_BACKOFF_SECONDS)


@given(interval=st.floats(min_value=1.0, max_value=600.0), failures=st.integers(0, 20))
def test_backoff_never_shrinks_with_another_failure(interval: float, failures: int) -> None:
    # jitter is ±20 %, doubling is 100 %: the next delay's floor is above this one's ceiling
    # until both reach the cap.
    ceiling_now = min(interval * 2**failures * 1.2, MAX_BACKOFF_SECONDS)
    floor_next = min(interval * 2 ** (failures + 1) * 0.8, MAX_BACKOFF_SECONDS)
    assert backoff_delay(interval, failures, None) <= ceiling_now + 1e-9
    assert backoff_delay(interval, failures + 1, None) >= floor_next - 1e-9
    assert floor_next >= min(ceiling_now, MAX_BACKOFF_SECONDS) - 1e-9


# -- running -----------------------------------------------------------------------------------


async def test_stalled_source_never_delays_the_others(
    httpserver: HTTPServer, store, stalled_url: str
) -> None:
    httpserver.expect_request("/healthy").respond_with_data(rss(1), content_type=RSS_TYPE)
    polls: Counter[str] = Counter()
    three_healthy_polls = asyncio.Event()

    def on_poll(outcome: PollOutcome) -> None:
        polls[outcome.health.name] += 1
        if polls["healthy"] >= 3:
            three_healthy_polls.set()

    async with httpx.AsyncClient(timeout=30.0) as client:
        sources = [
            feed("stalled", stalled_url, interval=0.05),
            feed("healthy", httpserver.url_for("/healthy"), interval=0.05),
        ]
        run = collector(sources, store, client, clock=SystemClock(), on_poll=on_poll)
        task = asyncio.create_task(run.run())
        try:
            await asyncio.wait_for(three_healthy_polls.wait(), timeout=10)
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    assert polls["stalled"] == 0
    assert polls["healthy"] >= 3
    assert run.health["stalled"].state is SourceState.STARTING
    assert await store.mention_count() == 1


async def test_invalid_json_fails_that_source_only(httpserver: HTTPServer, store, client) -> None:
    from crisistui.config import JsonFieldsConfig, JsonSourceConfig
    from crisistui.sources.jsonapi import JsonSource

    httpserver.expect_request("/api").respond_with_data(
        '{"items": [', content_type="application/json"
    )
    spec = JsonSourceConfig(
        type="json",
        name="tools",
        url=httpserver.url_for("/api"),
        items="items",
        fields=JsonFieldsConfig(id="id", text="text", created_at="at"),
    )
    run = collector([JsonSource(spec, {}), healthy(httpserver)], store, client)
    await run.poll_all_once()
    broken, good = run.health["tools"], run.health["healthy"]
    assert broken.state is SourceState.FAILING
    assert broken.last_error is not None and "invalid JSON" in broken.last_error
    assert good.state is SourceState.OK and good.new_last_poll == 2


@pytest.mark.parametrize("dated", ["ahead", "at the fetch"])
async def test_a_post_given_a_new_id_each_fetch_and_dated_by_the_server_is_stored_once(
    httpserver: HTTPServer, store, client, dated: str
) -> None:
    """An endpoint minting a uuid per fetch and dating its item two hours ahead (or with the
    request's own time): moved to its arrival, each poll's copy had a new id and a new time,
    and was stored again, a surge of one post. A post by someone else, or anonymous, is not
    merged."""
    import uuid

    from crisistui.config import JsonFieldsConfig, JsonSourceConfig
    from crisistui.sources.jsonapi import JsonSource

    clock = ManualClock(T0)

    def serve(_request: Request) -> Response:
        at = clock.now() + (timedelta(hours=2) if dated == "ahead" else timedelta())
        items = [
            {"id": str(uuid.uuid4()), "text": text, "at": at.isoformat(), "by": author}
            for text, author in (
                ("Acme Air lost my bag again", "@rot"),
                ("Acme Air lost my bag again", "@other"),
            )
        ]
        return Response(json.dumps({"items": items}), content_type="application/json")

    httpserver.expect_request("/api").respond_with_handler(serve)
    spec = JsonSourceConfig(
        type="json",
        name="tools",
        url=httpserver.url_for("/api"),
        items="items",
        fields=JsonFieldsConfig(id="id", text="text", created_at="at", author="by"),
    )
    run = collector([JsonSource(spec, {})], store, client, clock=clock)
    for _ in range(3):
        await run.poll_all_once()
        clock.advance(30)
    assert await store.mention_count() == 2
    # the same words by the same author a day later are a new post, not the first one again
    clock.advance(24 * 3600)
    await run.poll_all_once()
    assert await store.mention_count() == 4


async def test_items_a_busy_database_refused_are_stored_with_the_next_poll(
    httpserver: HTTPServer, store, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The feed answers 304 once it has been read (ETag), so items that could not be stored
    would never come again: the collector keeps them for the next poll."""
    httpserver.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    httpserver.expect_request("/feed").respond_with_data(
        rss(1, 2, 3), content_type=RSS_TYPE, headers={"ETag": '"v1"'}
    )
    run = collector([feed("news", httpserver.url_for("/feed"))], store, client)
    real_add = store.add_mentions

    async def locked(*args: object, **kwargs: object) -> object:
        raise StoreBusy("database is locked")

    monkeypatch.setattr(store, "add_mentions", locked)
    [refused] = await run.poll_all_once()
    assert refused.error is not None and "database is locked" in refused.error
    monkeypatch.setattr(store, "add_mentions", real_add)
    [second] = await run.poll_all_once()
    assert second.error is None and second.new == 3
    assert await store.mention_count() == 3
    assert run.health["news"].fetched_last_poll == 0
    # "3 new / 0 fetched" would read as a miscount: the note says where the three came from
    assert run.health["news"].note == "3 held from an earlier poll included"
    [third] = await run.poll_all_once()
    assert third.new == 0 and run.health["news"].note is None


async def test_a_busy_database_does_not_back_off_the_source_that_answered(
    httpserver: HTTPServer, store, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process held the database for a minute and a half: each busy poll backed the
    source off as if it had failed, so an endpoint serving its newest items moved past the
    polls skipped and 71 of 283 posts were lost. The source answered; it is polled again at
    its interval, with what it fetched held, and its health is not written (that write would
    wait for the same lock)."""
    httpserver.expect_request("/feed").respond_with_data(rss(1, 2), content_type=RSS_TYPE)
    source = feed("news", httpserver.url_for("/feed"))
    run = collector([source], store, client)

    async def locked(*args: object, **kwargs: object) -> object:
        raise StoreBusy("database is locked")

    recorded: list[object] = []

    async def record(*args: object, **kwargs: object) -> None:
        recorded.append(args)

    monkeypatch.setattr(store, "add_mentions", locked)
    monkeypatch.setattr(store, "record_health", record)
    for _ in range(4):
        [busy] = await run.poll_all_once()
        assert busy.error is not None and "2 held for the next poll" in busy.error
        assert run.delay_after(source, busy) == source.interval
    assert run.health["news"].failures == 0
    assert recorded == []


async def test_a_poll_while_the_database_is_out_of_reach_is_still_reported(
    httpserver: HTTPServer, store, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With PostgreSQL stopped, `collect` printed no line for its polls, only a warning on
    stderr: the poll's health could not be written, and the line is printed from it. The
    poll is reported (its items held for the next), and the failure to record it still
    reaches the caller."""
    httpserver.expect_request("/feed").respond_with_data(rss(1, 2), content_type=RSS_TYPE)
    source = feed("news", httpserver.url_for("/feed"))
    heard: list[PollOutcome] = []
    run = collector([source], store, client, on_poll=heard.append)

    async def out_of_reach(*args: object, **kwargs: object) -> None:
        raise StoreError("cannot connect: connection refused")

    monkeypatch.setattr(store, "add_mentions", out_of_reach)
    monkeypatch.setattr(store, "record_health", out_of_reach)
    with pytest.raises(StoreError):
        await run.poll_once(source)
    [said] = heard
    assert said.error is not None and "2 held for the next poll" in said.error
    assert "connection refused" in said.error


async def test_after_a_busy_database_a_polls_own_repeats_are_still_many(
    httpserver: HTTPServer, store, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A surge makes the database busy: the next poll carries the held items, and its own
    hundred anonymous "is it down?" of one second were stored as one; a held post served
    again under a new id is still stored once."""
    from crisistui.config import JsonFieldsConfig, JsonSourceConfig
    from crisistui.sources.jsonapi import JsonSource

    fetches = itertools.count()
    at = int(datetime(2024, 5, 1, 9, tzinfo=UTC).timestamp())

    def endpoint(_request: Request) -> Response:
        n = next(fetches)
        items = [{"id": f"held-{n}", "text": "Acme Air lost my bag", "at": at}]
        items += [
            {"id": f"{n}-{k}", "text": f"Is Acme Air down? ({n})", "at": at} for k in range(100)
        ]
        return Response(json.dumps(items), content_type="application/json")

    httpserver.expect_request("/desk").respond_with_handler(endpoint)
    spec = JsonSourceConfig(
        type="json",
        name="desk",
        url=httpserver.url_for("/desk"),
        fields=JsonFieldsConfig(id="id", text="text", created_at="at"),
    )
    run = collector([JsonSource(spec, {})], store, client)
    real_add = store.add_mentions

    async def locked(*args: object, **kwargs: object) -> object:
        raise StoreBusy("database is locked")

    monkeypatch.setattr(store, "add_mentions", locked)
    [refused] = await run.poll_all_once()
    assert refused.error is not None
    monkeypatch.setattr(store, "add_mentions", real_add)
    [second] = await run.poll_all_once()

    assert second.error is None and second.new == 201  # the bag once, 100 held, 100 new
    assert await store.mention_count() == 201


# -- stopping: what the database refused is stored on the way out, or counted -----------------


class ListSource:
    """A source that has ``count`` brand mentions the first time it is polled."""

    kind = "list"
    interval = 60.0
    keep_unmatched = False
    hold_off = None
    finished = False

    def __init__(self, name: str, count: int) -> None:
        self.name = name
        self.items = [
            RawItem(name, f"{name}-{n}", f"Acme Air delayed flight {n}", T0 - timedelta(minutes=1))
            for n in range(count)
        ]

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        items, self.items = self.items, []
        return items


async def stop_half_way(run: Collector, source: ListSource) -> None:
    """SIGTERM in the middle of a poll: the task cancelled at its first pause."""
    polling = asyncio.create_task(run.poll_once(source))  # type: ignore[arg-type]
    await asyncio.sleep(0)  # the poll runs up to its first pause among its items
    polling.cancel()
    with pytest.raises(asyncio.CancelledError):
        await polling


async def test_a_poll_stopped_half_way_keeps_its_items_for_the_last_store(store, client) -> None:
    """SIGTERM lands in the middle of a poll: the source has moved past its items, so they
    are held, and the collector's last act stores them."""
    source = ListSource("news", 500)
    run = collector([source], store, client)  # type: ignore[list-item]
    await stop_half_way(run, source)
    assert await store.mention_count() == 0
    assert len(run.unstored["news"]) == 500
    unstored = await run.store_held()
    assert (unstored.total, unstored.by_source) == (0, {})
    assert await store.mention_count() == 500


async def test_a_large_poll_stopped_half_way_is_stored_whole_not_cut_to_the_cap(
    store, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap on held mentions is for a database refusing poll after poll; a poll cut short
    by the collector stopping used to be cut to it too, and "N collected mentions not stored"
    was said of mentions never even offered to the store."""
    from crisistui import collector as collector_module

    monkeypatch.setattr(collector_module, "MAX_UNSTORED", 100)
    source = ListSource("news", 500)
    run = collector([source], store, client)  # type: ignore[list-item]
    await stop_half_way(run, source)
    unstored = await run.store_held()
    assert (unstored.total, unstored.said()) == (0, None)
    assert await store.mention_count() == 500


async def test_what_a_full_database_refused_is_counted_per_source(sqlite_store, client) -> None:
    """A full disk (SQLite's page cap reached) refuses the poll and the last try: the count
    of each source's mentions is what `collect` says before exiting."""
    store = sqlite_store
    await store._db.execute("PRAGMA max_page_count = 1")  # no page more than it has now
    news, forum = ListSource("news", 200), ListSource("forum", 50)
    run = collector([news, forum], store, client)  # type: ignore[list-item]
    outcomes = await run.poll_all_once()
    assert all(o.error and "the disk is full" in o.error for o in outcomes)
    unstored = await run.store_held()
    assert unstored.by_source == {"news": 200, "forum": 50} and unstored.total == 250
    assert unstored.reason == "the disk is full"
    assert await store.mention_count() == 0


class WindowSource(ListSource):
    """A JSON endpoint's window: the newest ``size`` items, served again on every poll, and
    ``per_poll`` new ones each time."""

    def __init__(self, name: str, size: int, per_poll: int) -> None:
        super().__init__(name, 0)
        self.size, self.per_poll, self.made = size, per_poll, 0

    async def poll(self, client: httpx.AsyncClient) -> list[RawItem]:
        self.made += self.per_poll
        first = max(self.made - self.size, 0)
        return [
            RawItem(self.name, f"w-{n}", f"Acme Air delayed flight {n}", T0 - timedelta(minutes=1))
            for n in range(first, self.made)
        ]


async def test_a_window_served_again_while_the_disk_is_full_loses_nothing(
    sqlite_store, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each poll's window was held again beside the copies already held, until the cap
    pushed out the only copies of the oldest items: 2,700 fetched mentions lost for good
    while the disk was full, under a message saying nothing was lost."""
    from crisistui import collector as collector_module

    monkeypatch.setattr(collector_module, "MAX_UNSTORED", 300)
    store = sqlite_store
    await store._db.execute("PRAGMA max_page_count = 1")
    source = WindowSource("desk", size=100, per_poll=40)
    run = collector([source], store, client)  # type: ignore[list-item]
    for _ in range(6):
        (outcome,) = await run.poll_all_once()
        assert outcome.error and "the disk is full" in outcome.error
    assert len(run.unstored["desk"]) == 240 and run.dropped == {}  # each item held once
    await store._db.execute("PRAGMA max_page_count = 1073741823")
    (outcome,) = await run.poll_all_once()
    assert outcome.error is None
    assert await store.mention_count() == 280  # every item ever served, once


async def test_a_flooding_source_does_not_hold_the_others_scoring(store, client) -> None:
    """A poll of 60,000 items was scored whole while every other source's poll waited for
    it; now each is scored a chunk at a time, and a small poll gets in between."""
    from crisistui import collector as collector_module

    flood, quiet = ListSource("flood", 4 * collector_module.SCORING_CHUNK), ListSource("desk", 1)
    run = collector([flood, quiet], store, client)  # type: ignore[list-item]
    flood_scored = 0
    flood_scored_before_desk: list[int] = []
    process = run.pipeline.process

    def counting(item: RawItem, keep: bool = False) -> Mention | None:
        nonlocal flood_scored
        if item.source == "desk":
            flood_scored_before_desk.append(flood_scored)
        else:
            flood_scored += 1
        return process(item, keep)

    run.pipeline.process = counting  # type: ignore[method-assign]
    outcomes = await run.poll_all_once()
    assert [o.new for o in outcomes] == [4000, 1]
    # the desk's item is scored once the chunk the flood is in ends (how long its write then
    # takes, while the flood goes on, depends on the machine)
    (before,) = flood_scored_before_desk
    assert 0 <= before <= collector_module.SCORING_CHUNK < flood_scored == 4000
    assert await store.mention_count() == 4001


async def test_a_window_served_again_after_a_restart_is_looked_up_not_scored(
    store, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A collector restarted during a flood scored the whole window its source served again
    (60,000 items: 34 s of a core) before the store skipped every one; what is stored is
    now looked up by id first, and only the new items are scored."""
    first = ListSource("window", 300)
    window = list(first.items)
    await collector([first], store, client).poll_once(first)  # type: ignore[arg-type]
    assert await store.mention_count() == 300

    again = ListSource("window", 0)
    fresh = [
        RawItem("window", f"new-{n}", f"Acme Air delayed again {n}", T0 - timedelta(minutes=1))
        for n in range(2)
    ]
    again.items = [*window, *fresh]
    restarted = collector([again], store, client)  # type: ignore[list-item]
    scored: list[str] = []
    process = restarted.pipeline.process

    def counting(item: RawItem, keep: bool = False) -> Mention | None:
        scored.append(item.external_id)
        return process(item, keep)

    monkeypatch.setattr(restarted.pipeline, "process", counting)
    outcome = await restarted.poll_once(again)  # type: ignore[arg-type]
    assert scored == ["new-0", "new-1"]
    assert (outcome.new, outcome.health.fetched_last_poll) == (2, 302)
    assert await store.mention_count() == 302


@pytest.mark.parametrize("stalled", [25, 130])
async def test_stalled_feeds_leave_a_healthy_source_a_connection(
    httpserver: HTTPServer, store, stalled: int
) -> None:
    """An OPML list's 25 feeds on a hung host held the 20 connections all sources shared: a
    healthy source then failed with "timed out", blaming a server it never reached. With 130
    such feeds the 100 connections ran out the same way."""
    connected = asyncio.Event()
    writers: list[asyncio.StreamWriter] = []

    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        if len(writers) == stalled:
            connected.set()
        await reader.read(65536)

    server = await asyncio.start_server(hang, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    feeds = [feed(f"hung{n}", f"http://127.0.0.1:{port}/feed{n}") for n in range(stalled)]
    async with http.make_client(len(feeds) + 1) as client:
        run = collector([*feeds, healthy(httpserver)], store, client)
        hanging = [asyncio.ensure_future(run.poll_once(source)) for source in feeds]
        try:
            await asyncio.wait_for(connected.wait(), 10)
            outcome = await asyncio.wait_for(run.poll_once(run.sources[-1]), 10)
        finally:
            for task in hanging:
                task.cancel()
            await asyncio.gather(*hanging, return_exceptions=True)
            for writer in writers:
                writer.close()
            server.close()
    assert outcome.error is None and outcome.new == 2
