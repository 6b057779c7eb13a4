"""BlueskySource against a real local HTTP server speaking the XRPC endpoints it uses."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crisistui.collector import poll_note
from crisistui.config import BlueskySourceConfig
from crisistui.domain.text import normalise
from crisistui.sources import bluesky
from crisistui.sources.base import SourceError
from crisistui.sources.bluesky import BlueskySource
from crisistui.sources.http import make_client

HANDLE = "brand.bsky.social"
PASSWORD = "abcd-efgh-ijkl-mnop"
ENV = {"BSKY_APP_PASSWORD": PASSWORD}
CREATE = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"
SEARCH = "/xrpc/app.bsky.feed.searchPosts"
QUERY = {"q": "acme air", "sort": "latest", "limit": "100"}


def session(n: int = 1) -> dict[str, Any]:
    """createSession / refreshSession output."""
    return {
        "did": "did:plc:brand7xq2example",
        "handle": HANDLE,
        "email": "social@brand.example",
        "emailConfirmed": True,
        "emailAuthFactor": False,
        "accessJwt": f"eyJhbGciOiJFUzI1NksifQ.access-{n}.sig",
        "refreshJwt": f"eyJhbGciOiJFUzI1NksifQ.refresh-{n}.sig",
        "active": True,
    }


def bearer(kind: str, n: int = 1) -> dict[str, str]:
    return {"Authorization": f"Bearer eyJhbGciOiJFUzI1NksifQ.{kind}-{n}.sig"}


def post(
    rkey: str,
    text: str = "Four hours on the tarmac with @acmeair and no water",
    *,
    minute: int = 15,
    created: str | None = None,
    indexed: str | None = None,
    handle: str = "alice.bsky.social",
    langs: list[str] | None = None,
) -> dict[str, Any]:
    """A postView as searchPosts returns it."""
    did = "did:plc:alice4example"
    record: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": created or f"2026-03-10T08:{minute:02d}:30.123Z",
        "langs": ["en"] if langs is None else langs,
    }
    return {
        "uri": f"at://{did}/app.bsky.feed.post/{rkey}",
        "cid": f"bafyreig{rkey}example",
        "author": {
            "did": did,
            "handle": handle,
            "displayName": "Alice",
            "avatar": f"https://cdn.bsky.app/img/avatar/plain/{did}/bafkreiexample@jpeg",
            "associated": {"chat": {"allowIncoming": "following"}},
            "labels": [],
            "createdAt": "2023-04-20T17:02:11.000Z",
        },
        "record": record,
        "replyCount": 3,
        "repostCount": 5,
        "likeCount": 21,
        "quoteCount": 2,
        "indexedAt": indexed or f"2026-03-10T08:{minute:02d}:31.456Z",
        "labels": [],
    }


def page(*posts: dict[str, Any], cursor: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"posts": list(posts)}
    if cursor:
        body["cursor"] = cursor
    return body


def make(server: HTTPServer, environ: dict[str, str] | None = None) -> BlueskySource:
    spec = BlueskySourceConfig.model_validate(
        {
            "type": "bluesky",
            "name": "bsky",
            "url": server.url_for("/"),
            "query": "acme air",
            "handle": HANDLE,
            "app_password_env": "BSKY_APP_PASSWORD",
        }
    )
    return BlueskySource(spec, environ=ENV if environ is None else environ)


def expect_login(server: HTTPServer, n: int = 1) -> None:
    server.expect_ordered_request(
        CREATE, method="POST", json={"identifier": HANDLE, "password": PASSWORD}
    ).respond_with_json(session(n))


async def test_first_poll_logs_in_and_maps_posts(httpserver: HTTPServer):
    expect_login(httpserver)
    httpserver.expect_ordered_request(
        SEARCH, query_string=QUERY, headers=bearer("access")
    ).respond_with_json(page(post("3kq2a"), post("3kq1z", minute=10), cursor="c1"))
    source = make(httpserver)
    async with make_client() as client:
        items = await source.poll(client)
    httpserver.check_assertions()

    assert len(items) == 2  # a cursor, but the first poll does not backfill
    item = items[0]
    assert item.source == "bsky"
    assert item.external_id == "at://did:plc:alice4example/app.bsky.feed.post/3kq2a"
    assert item.text == "Four hours on the tarmac with @acmeair and no water"
    assert item.author == "@alice.bsky.social"
    assert item.author_followers is None
    assert item.url == "https://bsky.app/profile/alice.bsky.social/post/3kq2a"
    assert item.lang == "en"
    assert (item.likes, item.reposts, item.replies) == (21, 7, 3)  # reposts include quotes
    assert item.created_at == datetime(2026, 3, 10, 8, 15, 30, 123000, tzinfo=UTC)
    assert source.kind == "bluesky" and not source.finished and source.keep_unmatched


async def test_session_is_reused_and_paging_stops_at_seen_posts(httpserver: HTTPServer):
    expect = httpserver.expect_ordered_request
    expect_login(httpserver)
    expect(SEARCH, query_string=QUERY).respond_with_json(
        page(post("p3", minute=3), post("p2", minute=2), cursor="c1")
    )
    expect(SEARCH, query_string=QUERY, headers=bearer("access")).respond_with_json(
        page(post("p6", minute=6), post("p5", minute=5), cursor="c2")
    )
    expect(
        SEARCH, query_string={**QUERY, "cursor": "c2"}, headers=bearer("access")
    ).respond_with_json(
        page(post("p4", minute=4), post("p3", minute=3), post("p2", minute=2), cursor="c3")
    )
    source = make(httpserver)
    async with make_client() as client:
        await source.poll(client)
        newer = await source.poll(client)
    httpserver.check_assertions()
    assert [i.external_id.rsplit("/", 1)[-1] for i in newer] == ["p6", "p5", "p4"]
    logins = [r for r, _ in httpserver.log if r.path == CREATE]
    assert len(logins) == 1


async def test_a_run_after_another_takes_up_its_session_instead_of_logging_in(
    httpserver: HTTPServer,
):
    """`collect --once` from cron logged in on every run: every 5 minutes is 288 logins a
    day where Bluesky allows 300 (and 30 in 5 minutes). A later run takes up the session the
    last one kept, refreshing it once it has expired; the file is the user's alone."""
    expect = httpserver.expect_ordered_request
    expect_login(httpserver)
    expect(SEARCH, headers=bearer("access")).respond_with_json(page(post("p1", minute=1)))
    expect(SEARCH, headers=bearer("access")).respond_with_json(page(post("p2", minute=2)))
    expect(SEARCH, headers=bearer("access")).respond_with_json(
        {"error": "ExpiredToken", "message": "Token has expired"}, status=400
    )
    expect(REFRESH, method="POST", headers=bearer("refresh")).respond_with_json(session(2))
    expect(SEARCH, headers=bearer("access", 2)).respond_with_json(page(post("p3", minute=3)))
    expect(SEARCH, headers=bearer("access", 2)).respond_with_json(page(post("p4", minute=4)))
    async with make_client() as client:
        for _run in range(4):  # four runs of `collect --once`, each a new source
            await make(httpserver).poll(client)
    httpserver.check_assertions()
    assert [r.path for r, _ in httpserver.log].count(CREATE) == 1
    [kept] = (Path(os.environ["XDG_STATE_HOME"]) / "crisistui").glob("session-*.json")
    assert kept.stat().st_mode & 0o777 == 0o600
    assert PASSWORD not in kept.read_text()


async def test_a_kept_session_is_forgotten_when_the_login_is_refused(httpserver: HTTPServer):
    expect = httpserver.expect_ordered_request
    expect_login(httpserver)
    expect(SEARCH).respond_with_json(page())
    async with make_client() as client:
        await make(httpserver).poll(client)
        expect(SEARCH).respond_with_json({"error": "InvalidToken", "message": "no"}, status=401)
        expect(REFRESH, method="POST").respond_with_json(
            {"error": "ExpiredToken", "message": "revoked"}, status=400
        )
        expect(CREATE, method="POST").respond_with_json(
            {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
            status=401,
        )
        with pytest.raises(SourceError, match="login refused"):
            await make(httpserver).poll(client)
    assert not list((Path(os.environ["XDG_STATE_HOME"]) / "crisistui").glob("session-*.json"))


async def test_a_cursor_that_never_ends_on_one_page_is_no_flood(httpserver: HTTPServer):
    """The same page served for every cursor: each poll made five requests."""
    expect_login(httpserver)
    httpserver.expect_ordered_request(SEARCH).respond_with_json(page(post("p1", minute=1)))
    httpserver.expect_request(SEARCH).respond_with_json(page(post("p2", minute=2), cursor="c"))
    source = make(httpserver)
    async with make_client() as client:
        await source.poll(client)
        assert [i.external_id[-2:] for i in await source.poll(client)] == ["p2"]
    assert [r.path for r, _ in httpserver.log].count(SEARCH) == 3
    assert source.note is None


async def test_a_flood_past_a_polls_pages_says_what_it_left_unread(httpserver: HTTPServer):
    """More new posts than a poll's pages hold: the oldest of them are never read, and the
    sources view and status say so, where they said "ok" over a flood's missing volume."""
    expect = httpserver.expect_ordered_request
    expect_login(httpserver)
    expect(SEARCH, query_string=QUERY).respond_with_json(page(post("p0", minute=0), cursor="c"))
    for n in range(bluesky.MAX_PAGES):
        query = QUERY if n == 0 else {**QUERY, "cursor": f"c{n}"}
        expect(SEARCH, query_string=query).respond_with_json(
            page(post(f"f{n}", minute=50 - n), cursor=f"c{n + 1}")
        )
    expect(SEARCH, query_string=QUERY).respond_with_json(
        page(post("g1", minute=55), post("f0", minute=50), cursor="d")
    )
    source = make(httpserver)
    async with make_client() as client:
        await source.poll(client)
        flooded = await source.poll(client)
        assert len(flooded) == bluesky.MAX_PAGES
        assert source.note is not None
        assert source.note.startswith(f"a flood: only the newest {bluesky.MAX_PAGES} posts")
        assert poll_note(source) == source.note
        assert len(await source.poll(client)) == 1
    httpserver.check_assertions()
    assert source.note is None, "a poll that reached what it had seen says nothing"


async def test_a_post_indexed_after_a_newer_one_is_not_lost(httpserver: HTTPServer):
    """A post written at 08:14 that search shows only after one of 08:15 was polled (index
    lag, a phone's clock running slow): reading only what is newer than the newest lost it."""
    expect_login(httpserver)
    served = [post("p10", minute=10)]

    def search(_request: Request) -> Response:
        newest_first = sorted(served, key=lambda p: p["indexedAt"], reverse=True)
        return Response(json.dumps(page(*newest_first)), content_type="application/json")

    httpserver.expect_request(SEARCH).respond_with_handler(search)
    source = make(httpserver)
    async with make_client() as client:
        assert [i.external_id.rsplit("/", 1)[-1] for i in await source.poll(client)] == ["p10"]
        served.append(post("p15", minute=15))
        assert [i.external_id.rsplit("/", 1)[-1] for i in await source.poll(client)] == ["p15"]
        served.append(post("p14", minute=14))  # indexed late
        assert [i.external_id.rsplit("/", 1)[-1] for i in await source.poll(client)] == ["p14"]
        assert await source.poll(client) == []  # each returned once


async def test_posts_sharing_the_newest_time_are_not_lost_or_repeated(httpserver: HTTPServer):
    expect = httpserver.expect_ordered_request
    expect_login(httpserver)
    expect(SEARCH, query_string=QUERY).respond_with_json(page(post("a", minute=9)))
    expect(SEARCH, query_string=QUERY).respond_with_json(
        page(post("b", minute=9), post("a", minute=9))
    )
    source = make(httpserver)
    async with make_client() as client:
        await source.poll(client)
        again = await source.poll(client)
    assert [i.external_id[-1] for i in again] == ["b"]


async def test_expired_token_is_refreshed_and_the_call_retried(httpserver: HTTPServer):
    expect = httpserver.expect_ordered_request
    expect_login(httpserver)
    expect(SEARCH, query_string=QUERY).respond_with_json(page(post("p1", minute=1)))
    expect(SEARCH, headers=bearer("access")).respond_with_json(
        {"error": "ExpiredToken", "message": "Token has expired"}, status=400
    )
    expect(REFRESH, method="POST", headers=bearer("refresh")).respond_with_json(session(2))
    expect(SEARCH, query_string=QUERY, headers=bearer("access", 2)).respond_with_json(
        page(post("p2", minute=2))
    )
    source = make(httpserver)
    async with make_client() as client:
        await source.poll(client)
        items = await source.poll(client)
    httpserver.check_assertions()
    assert [i.external_id[-2:] for i in items] == ["p2"]


async def test_refused_refresh_falls_back_to_a_new_login(httpserver: HTTPServer):
    expect = httpserver.expect_ordered_request
    expect_login(httpserver)
    expect(SEARCH).respond_with_json(page())
    expect(SEARCH).respond_with_json({"error": "ExpiredToken", "message": "expired"}, status=401)
    expect(REFRESH, method="POST").respond_with_json(
        {"error": "ExpiredToken", "message": "Token has been revoked"}, status=400
    )
    expect_login(httpserver, 3)
    expect(SEARCH, headers=bearer("access", 3)).respond_with_json(page(post("p1")))
    source = make(httpserver)
    async with make_client() as client:
        assert await source.poll(client) == []
        assert len(await source.poll(client)) == 1
    httpserver.check_assertions()


async def test_bad_password_is_readable_and_never_echoed(httpserver: HTTPServer):
    httpserver.expect_request(CREATE, method="POST").respond_with_json(
        {"error": "AuthenticationRequired", "message": f"Invalid password {PASSWORD}"}, status=401
    )
    async with make_client() as client:
        with pytest.raises(SourceError) as caught:
            await make(httpserver).poll(client)
    reason = caught.value.reason
    assert reason == f"Bluesky login refused for {HANDLE}: Invalid password ***"
    assert PASSWORD not in reason and PASSWORD not in str(caught.value)


async def test_missing_password_variable_is_readable(httpserver: HTTPServer):
    async with make_client() as client:
        with pytest.raises(SourceError) as caught:
            await make(httpserver, environ={}).poll(client)
    expected = "environment variable BSKY_APP_PASSWORD is not set (Bluesky app password)"
    assert caught.value.reason == expected
    assert httpserver.log == []


async def test_other_client_errors_are_not_mistaken_for_expiry(httpserver: HTTPServer):
    expect_login(httpserver)
    httpserver.expect_ordered_request(SEARCH).respond_with_json(
        {"error": "BadQueryString", "message": "could not parse query"}, status=400
    )
    async with make_client() as client:
        with pytest.raises(SourceError) as caught:
            await make(httpserver).poll(client)
    assert caught.value.reason == (
        "Bluesky search refused: HTTP 400 BadQueryString: could not parse query"
    )
    httpserver.check_assertions()  # no refresh, no second login


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"response_data": "upstream failure", "status": 500}, "HTTP 500"),
        ({"response_data": "<html>oops</html>", "status": 200}, "invalid JSON"),
        ({"response_data": '{"cursor": "x"}', "status": 200}, "no list of posts"),
    ],
)
async def test_search_failures_become_source_errors(httpserver: HTTPServer, response, expected):
    expect_login(httpserver)
    httpserver.expect_ordered_request(SEARCH).respond_with_data(**response)
    async with make_client() as client:
        with pytest.raises(SourceError, match=expected):
            await make(httpserver).poll(client)


async def test_429_carries_retry_after(httpserver: HTTPServer):
    expect_login(httpserver)
    httpserver.expect_ordered_request(SEARCH).respond_with_data(
        "Rate Limit Exceeded", status=429, headers={"Retry-After": "120"}
    )
    async with make_client() as client:
        with pytest.raises(SourceError) as caught:
            await make(httpserver).poll(client)
    assert caught.value.retry_after == 120


async def test_rate_limit_headers_set_hold_off(httpserver: HTTPServer):
    expect_login(httpserver)
    limits = {"RateLimit-Remaining": "0", "RateLimit-Reset": str(int(time.time()) + 60)}
    httpserver.expect_ordered_request(SEARCH).respond_with_json(page(post("x")), headers=limits)
    source = make(httpserver)
    async with make_client() as client:
        await source.poll(client)
    assert source.hold_off is not None and 0 < source.hold_off <= 60


async def test_a_post_of_only_a_link_or_a_photo_says_what_they_say(httpserver: HTTPServer):
    """A post of only a link card or photos was empty text, so it matched no term and was
    dropped; a quoted post stays out of the text (someone else's words)."""
    link = post("l", "")
    link["embed"] = {
        "$type": "app.bsky.embed.external#view",
        "external": {
            "uri": "https://news.example/acme",
            "title": "Acme Air grounds fleet",
            "description": "Every <b>flight</b> cancelled",
        },
    }
    photo = post("p", "  ")
    photo["embed"] = {
        "$type": "app.bsky.embed.recordWithMedia#view",
        "record": {"record": {"value": {"text": "quoted words about acme"}}},
        "media": {"$type": "app.bsky.embed.images#view", "images": [{"alt": "Acme Air queue"}]},
    }
    quoting = post("q", "this is so true")
    quoting["embed"] = {"$type": "app.bsky.embed.record#view", "record": {"value": {"text": "x"}}}
    expect_login(httpserver)
    httpserver.expect_ordered_request(SEARCH).respond_with_json(page(link, photo, quoting))
    async with make_client() as client:
        items = {i.external_id[-1]: i for i in await make(httpserver).poll(client)}
    assert normalise(items["l"].text) == "Acme Air grounds fleet — Every <b>flight</b> cancelled"
    assert normalise(items["p"].text) == "Acme Air queue"
    assert normalise(items["q"].text) == "this is so true"


async def test_messy_records_are_tolerated(httpserver: HTTPServer):
    naive = post("n", created="2026-03-10T08:15:30", indexed="2026-03-10T08:15:31Z", langs=[])
    future = post("f", created="2030-01-01T00:00:00Z", indexed="2026-03-10T08:16:00.000Z")
    zero = post("z", created="1970-01-01T00:00:00Z", indexed="2026-03-10T08:17:00.000Z")
    odd = post("o", "I <3 acme & <b>friends</b>", handle="handle.invalid")
    odd["record"].pop("createdAt")
    expect_login(httpserver)
    httpserver.expect_ordered_request(SEARCH).respond_with_json(page(future, zero, naive, odd))
    async with make_client() as client:
        items = {i.external_id[-1]: i for i in await make(httpserver).poll(client)}
    assert items["n"].created_at == datetime(2026, 3, 10, 8, 15, 30, tzinfo=UTC)
    assert items["n"].lang is None
    assert items["f"].created_at == datetime(2026, 3, 10, 8, 16, tzinfo=UTC)  # not the future
    assert items["z"].created_at == datetime(2026, 3, 10, 8, 17, tzinfo=UTC)  # zero is no time
    assert items["o"].created_at == datetime(2026, 3, 10, 8, 15, 31, 456000, tzinfo=UTC)
    assert items["o"].text == "I &lt;3 acme &amp; &lt;b&gt;friends&lt;/b&gt;"  # plain, not HTML
    assert normalise(items["o"].text) == "I <3 acme & <b>friends</b>"  # the pipeline's view
    assert items["o"].url == "https://bsky.app/profile/did:plc:alice4example/post/o"
    # every account whose handle no longer verifies is "handle.invalid": its DID tells them
    # apart in top authors and in the same-author repeat check
    assert items["o"].author == "@did:plc:alice4example"
    assert items["n"].author == "@alice.bsky.social"


async def test_a_link_the_app_shortened_is_read_whole(httpserver: HTTPServer):
    """The app writes "acme.example/legal/refun..." in the text and the whole link in a facet
    (indexed by UTF-8 bytes): a term in the hidden part was never matched."""
    text = "Café: lisez ça acme.example/legal/refun... #AcmeAir"
    shown = "acme.example/legal/refun..."
    start = text.encode().index(shown.encode())
    linked = post("l", text)
    linked["record"]["facets"] = [
        {
            "index": {"byteStart": start, "byteEnd": start + len(shown.encode())},
            "features": [
                {
                    "$type": "app.bsky.richtext.facet#link",
                    "uri": "https://acme.example/legal/refund-policy-changes",
                }
            ],
        },
        {"index": {"byteStart": 900, "byteEnd": 950}, "features": [{"$type": "x", "uri": "y"}]},
    ]
    worded = post("w", "read our refund policy before you book")
    words = "our refund policy"
    at = worded["record"]["text"].encode().index(words.encode())
    worded["record"]["facets"] = [
        {
            "index": {"byteStart": at, "byteEnd": at + len(words)},
            "features": [
                {"$type": "app.bsky.richtext.facet#link", "uri": "https://acme.example/refunds"}
            ],
        }
    ]
    expect_login(httpserver)
    httpserver.expect_ordered_request(SEARCH).respond_with_json(page(linked, worded))
    async with make_client() as client:
        item, custom = await make(httpserver).poll(client)
    assert normalise(item.text) == (
        "Café: lisez ça https://acme.example/legal/refund-policy-changes #AcmeAir"
    )
    # words the writer set a link on are the writer's words, not a short form of the link
    assert normalise(custom.text) == "read our refund policy before you book"


async def test_login_redirected_elsewhere_does_not_send_the_password(httpserver: HTTPServer):
    # A 307 keeps method and body: followed, the password would go to a host nobody configured.
    assert httpserver.host == "localhost"
    elsewhere = f"http://127.0.0.1:{httpserver.port}/collect"
    httpserver.expect_request(CREATE).respond_with_data(
        "", status=307, headers={"Location": elsewhere}
    )
    httpserver.expect_request("/collect").respond_with_json(session())
    async with make_client() as client:
        with pytest.raises(SourceError, match="redirected") as caught:
            await make(httpserver).poll(client)
    assert elsewhere in caught.value.reason
    assert [request.path for request, _ in httpserver.log] == [CREATE]


def echo_authorization(request: Request) -> Response:
    """A 401 that quotes the Authorization header back, as debugging proxies do."""
    said = {"error": "AuthenticationRequired", "message": f"bad {request.headers['Authorization']}"}
    return Response(json.dumps(said), status=401, content_type="application/json")


async def test_no_token_shows_in_an_error_after_the_session_is_renewed(httpserver: HTTPServer):
    expect = httpserver.expect_ordered_request
    expect_login(httpserver)
    expect(SEARCH).respond_with_json(page(post("p1", minute=1)))
    expect(SEARCH, headers=bearer("access")).respond_with_handler(echo_authorization)
    expect(REFRESH, method="POST").respond_with_json(session(2))
    expect(SEARCH, headers=bearer("access", 2)).respond_with_handler(echo_authorization)
    source = make(httpserver)
    async with make_client() as client:
        await source.poll(client)
        with pytest.raises(SourceError) as caught:
            await source.poll(client)
    httpserver.check_assertions()
    reason = caught.value.reason
    assert reason == (
        "Bluesky search refused with a new session: HTTP 401 AuthenticationRequired: bad Bearer ***"
    )
    assert "eyJ" not in reason and "eyJ" not in str(caught.value)


@pytest.mark.parametrize("failing", [SEARCH, REFRESH])
async def test_no_secret_shows_in_a_status_line_that_echoes_it(httpserver: HTTPServer, failing):
    # The reason phrase is the server's to choose; http.request puts it in the error.
    def echo_in_status(request: Request) -> Response:
        said = f"{request.headers['Authorization']} {PASSWORD}"
        return Response("", status=f"503 Unavailable for {said}")

    expect = httpserver.expect_ordered_request
    expect_login(httpserver)
    expect(SEARCH).respond_with_json(page(post("p1", minute=1)))
    if failing == REFRESH:
        expect(SEARCH).respond_with_json({"error": "ExpiredToken"}, status=400)
    expect(failing).respond_with_handler(echo_in_status)
    source = make(httpserver)
    async with make_client() as client:
        await source.poll(client)
        with pytest.raises(SourceError) as caught:
            await source.poll(client)
    httpserver.check_assertions()
    assert caught.value.reason == "HTTP 503 Unavailable for Bearer *** ***"


async def test_a_post_from_the_future_does_not_hide_later_posts(httpserver: HTTPServer):
    """A post dated 2099 (createdAt and indexedAt) counts as arriving at the poll that saw it."""
    stamps: dict[str, str] = {}

    def fresh(rkey: str, ago: timedelta = timedelta(0)) -> dict[str, Any]:
        """A post written just before the request that first serves it."""
        when = (datetime.now(UTC) - ago).isoformat().replace("+00:00", "Z")
        when = stamps.setdefault(rkey, when)
        return post(rkey, created=when, indexed=when)

    lie = post("lie", created="2099-01-01T00:00:00.000Z", indexed="2099-01-01T00:00:00.000Z")
    served = iter(
        [
            lambda: page(lie, fresh("p1", timedelta(minutes=5))),
            lambda: page(fresh("p2"), fresh("p1")),
            lambda: page(lie, fresh("p3"), fresh("p2"), fresh("p1")),
        ]
    )
    expect_login(httpserver)
    httpserver.expect_request(SEARCH).respond_with_handler(
        lambda _: Response(json.dumps(next(served)()), content_type="application/json")
    )
    source = make(httpserver)
    async with make_client() as client:
        polls = [await source.poll(client) for _ in range(3)]
    rkeys = [sorted(i.external_id.rsplit("/", 1)[-1] for i in items) for items in polls]
    assert rkeys == [["lie", "p1"], ["p2"], ["p3"]]  # the lie, served again, is not new again


@pytest.mark.parametrize("token", ["eyJ.secret\u00e9.sig", "eyJ.secret\r\nX-Evil: 1", "eyJ secret"])
async def test_a_token_unfit_for_a_header_is_refused_without_showing_it(
    httpserver: HTTPServer, token: str
):
    # httpx refuses such a header with the whole value in its message (an "unexpected error").
    httpserver.expect_request(CREATE).respond_with_json({**session(), "accessJwt": token})
    async with make_client() as client:
        with pytest.raises(SourceError) as caught:
            await make(httpserver).poll(client)
    assert caught.value.reason == "Bluesky session response has malformed tokens"
    assert [request.path for request, _ in httpserver.log] == [CREATE]


async def test_a_run_after_another_pages_back_to_its_last_poll(httpserver: HTTPServer):
    """A collector restarted (or run from cron) read only the newest page on its first poll:
    what was posted while none ran, beyond that page, was never stored."""
    expect = httpserver.expect_ordered_request
    expect_login(httpserver)
    expect(SEARCH, query_string=QUERY).respond_with_json(
        page(post("p50", minute=50), post("p45", minute=45), cursor="c1")
    )
    expect(SEARCH, query_string={**QUERY, "cursor": "c1"}).respond_with_json(
        page(post("p40", minute=40), post("p05", minute=5), cursor="c2")
    )
    source = make(httpserver)
    source.resume_after(datetime(2026, 3, 10, 8, 40, tzinfo=UTC))  # the last run's last poll
    async with make_client() as client:
        items = await source.poll(client)
    httpserver.check_assertions()
    assert [i.external_id.rsplit("/", 1)[-1] for i in items] == ["p50", "p45", "p40"]
    assert source.note is None
