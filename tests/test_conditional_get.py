"""A feed or JSON endpoint is asked "changed since?" across runs, not only within one: `collect
--once` from cron fetched an unchanged feed whole every time, as if it had never read it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crisistui.collector import Collector
from crisistui.config import JsonFieldsConfig, JsonSourceConfig, demo_config
from crisistui.domain.clock import ManualClock
from crisistui.pipeline import Pipeline
from crisistui.sources.base import Source
from crisistui.sources.jsonapi import JsonSource
from crisistui.sources.rss import RssSource
from crisistui.store import Store

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
MODIFIED = "Wed, 01 May 2024 10:00:00 GMT"


def run_once(
    source: Source, store: Store, client: httpx.AsyncClient, at: datetime = T0
) -> Collector:
    """A new run of the collector (a new process, as cron starts one): a new source object,
    the same database."""
    return Collector([source], Pipeline(demo_config()), store, ManualClock(at), client)


class Document:
    """A document with validators that answers 304 to a request holding the current ETag."""

    def __init__(self, body: str, content_type: str) -> None:
        self.body, self.content_type, self.version = body, content_type, 1
        self.asked: list[tuple[str | None, str | None]] = []

    def __call__(self, request: Request) -> Response:
        etag = f'"v{self.version}"'
        self.asked.append(
            (request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since"))
        )
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304)
        headers = {"ETag": etag, "Last-Modified": MODIFIED}
        return Response(self.body, content_type=self.content_type, headers=headers)


async def test_the_next_run_asks_a_feed_whether_it_changed_since_the_last_run_read_it(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    feed = Document(
        "<rss version='2.0'><channel><title>News</title><item><title>Acme Air update</title>"
        f"<guid>post-0</guid><pubDate>{MODIFIED}</pubDate></item></channel></rss>",
        "application/rss+xml",
    )
    httpserver.expect_request("/feed").respond_with_handler(feed)
    url = httpserver.url_for("/feed")

    [first] = await run_once(RssSource("news", url, 60, False), store, client).poll_all_once()
    assert first.health.new_last_poll == 1
    [unchanged] = await run_once(RssSource("news", url, 60, False), store, client).poll_all_once()
    assert feed.asked == [(None, None), ('"v1"', MODIFIED)]
    assert unchanged.error is None and unchanged.health.fetched_last_poll == 0

    feed.version = 2  # changed: read whole, and its new validators asked with next time
    [changed] = await run_once(RssSource("news", url, 60, False), store, client).poll_all_once()
    assert changed.health.fetched_last_poll == 1 and changed.health.new_last_poll == 0
    await run_once(RssSource("news", url, 60, False), store, client).poll_all_once()
    assert feed.asked[2:] == [('"v1"', MODIFIED), ('"v2"', MODIFIED)]


async def test_the_next_run_asks_a_json_endpoint_too_and_a_failed_poll_keeps_what_was_read(
    httpserver: HTTPServer, store: Store, client: httpx.AsyncClient
) -> None:
    items = [{"id": "1", "text": "Acme Air lost my bag", "at": "2024-05-01T11:00:00Z"}]
    endpoint = Document(json.dumps({"items": items}), "application/json")
    failing = {"now": False}

    def serve(request: Request) -> Response:
        if failing["now"]:
            return Response("<html>busy</html>", status=503)
        return endpoint(request)

    httpserver.expect_request("/api").respond_with_handler(serve)
    spec = JsonSourceConfig(
        type="json",
        name="tools",
        url=httpserver.url_for("/api"),
        items="items",
        fields=JsonFieldsConfig(id="id", text="text", created_at="at"),
    )
    [first] = await run_once(JsonSource(spec, {}), store, client).poll_all_once()
    assert first.health.new_last_poll == 1

    failing["now"] = True  # a run whose poll fails records no validators of its own
    [failed] = await run_once(JsonSource(spec, {}), store, client).poll_all_once()
    assert failed.error is not None
    failing["now"] = False
    later = T0 + timedelta(hours=2)  # the failure's backoff has passed
    [unchanged] = await run_once(JsonSource(spec, {}), store, client, later).poll_all_once()
    assert endpoint.asked[-1] == ('"v1"', MODIFIED)
    assert unchanged.error is None and unchanged.health.fetched_last_poll == 0
