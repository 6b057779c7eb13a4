"""Reddit search against a local server speaking Reddit's listing format."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crisistui.config import RedditSourceConfig
from crisistui.domain.clock import ManualClock
from crisistui.domain.text import normalise
from crisistui.sources.base import SourceError
from crisistui.sources.http import make_client
from crisistui.sources.reddit import LOOKBACK_SECONDS, RedditSource

T0 = 1_773_129_600  # 2026-03-10 08:00:00 UTC


def post(short_id: str, created: float, title: str = "Acme Air lost my bag", **extra: Any) -> dict:
    """A t3 child as Reddit's search.json returns it (most fields kept, as the API sends)."""
    data: dict[str, Any] = {
        "approved_at_utc": None,
        "subreddit": "travel",
        "selftext": "Third time this month. Nobody at the desk could help.",
        "author_fullname": "t2_9x8y7z",
        "saved": False,
        "gilded": 0,
        "clicked": False,
        "title": title,
        "subreddit_name_prefixed": "r/travel",
        "hidden": False,
        "downs": 0,
        "hide_score": False,
        "name": f"t3_{short_id}",
        "quarantine": False,
        "link_flair_text": None,
        "upvote_ratio": 0.93,
        "subreddit_type": "public",
        "ups": 42,
        "total_awards_received": 0,
        "is_self": True,
        "created": created,
        "domain": "self.travel",
        "over_18": False,
        "spoiler": False,
        "locked": False,
        "id": short_id,
        "author": "frequentflyer88",
        "num_comments": 17,
        "send_replies": True,
        "permalink": f"/r/travel/comments/{short_id}/acme_air_lost_my_bag/",
        "url": f"https://www.reddit.com/r/travel/comments/{short_id}/acme_air_lost_my_bag/",
        "subreddit_subscribers": 9_412_345,
        "created_utc": created,
        "num_crossposts": 2,
        "is_video": False,
        "score": 42,
        "thumbnail": "self",
        "stickied": False,
    }
    data.update(extra)
    return {"kind": "t3", "data": data}


def listing(children: list[dict], after: str | None = None) -> dict:
    return {
        "kind": "Listing",
        "data": {
            "after": after,
            "dist": len(children),
            "modhash": "",
            "geo_filter": "",
            "children": children,
            "before": None,
        },
    }


def make_source(
    httpserver: HTTPServer,
    environ: dict[str, str] | None = None,
    clock: ManualClock | None = None,
    **spec: Any,
):
    config = RedditSourceConfig.model_validate(
        {"type": "reddit", "name": "reddit", "url": httpserver.url_for(""), "query": "acme air"}
        | spec
    )
    return RedditSource(config, environ or {}, now=clock.now if clock else None)


def search_requests(httpserver: HTTPServer) -> list[Request]:
    return [request for request, _ in httpserver.log if request.path.endswith("search.json")]


def paged(pages: dict[str | None, dict]):
    """A search handler answering by the ``after`` cursor it is sent."""

    def handler(request: Request) -> Response:
        body = pages[request.args.get("after")]
        return Response(json.dumps(body), content_type="application/json; charset=UTF-8")

    return handler


async def test_first_poll_maps_every_field(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/search.json").respond_with_json(
        listing(
            [
                post("1b2c3d", T0, selftext=""),
                post("1b2c3c", T0 - 60, score=-3, author="[deleted]", selftext="[removed]"),
                post("1b2c3b", T0 - 120),
            ],
            after="t3_1b2c3b",
        )
    )
    source = make_source(httpserver)
    async with make_client() as client:
        items = await source.poll(client)

    assert [i.external_id for i in items] == ["t3_1b2c3d", "t3_1b2c3c", "t3_1b2c3b"]
    full = items[2]
    assert (
        full.text == "Acme Air lost my bag\n\nThird time this month. Nobody at the desk could help."
    )
    assert full.created_at == datetime(2026, 3, 10, 7, 58, tzinfo=UTC)
    assert full.author == "u/frequentflyer88"
    assert full.author_followers is None
    assert full.url == "https://www.reddit.com/r/travel/comments/1b2c3b/acme_air_lost_my_bag/"
    assert (full.likes, full.replies, full.reposts) == (42, 17, 2)
    assert items[0].text == "Acme Air lost my bag"
    assert (items[1].likes, items[1].author, items[1].text) == (0, None, "Acme Air lost my bag")
    (request,) = search_requests(httpserver)  # a first poll reads one page, not the backlog
    assert dict(request.args) == {
        "q": "acme air",
        "sort": "new",
        "limit": "100",
        "raw_json": "1",
        "type": "link",
    }
    assert request.headers["User-Agent"].startswith("crisistui/")
    assert "Authorization" not in request.headers
    assert source.kind == "reddit" and not source.finished and source.hold_off is None


async def test_subreddit_search_is_restricted(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/r/acmeair/search.json").respond_with_json(
        listing([post("aa1", T0)])
    )
    source = make_source(httpserver, subreddit="acmeair")
    async with make_client() as client:
        assert len(await source.poll(client)) == 1
    assert search_requests(httpserver)[0].args["restrict_sr"] == "1"


async def test_second_poll_pages_back_only_to_what_was_seen(httpserver: HTTPServer) -> None:
    first = listing([post("p2", T0), post("p1", T0 - 60)], after="t3_p1")
    httpserver.expect_ordered_request("/search.json").respond_with_json(first)
    second = {
        None: listing([post("n3", T0 + 300), post("n2", T0 + 200)], after="t3_n2"),
        "t3_n2": listing([post("n1", T0 + 100), post("p2", T0), post("p1", T0 - 60)], "t3_p1"),
    }
    httpserver.expect_request("/search.json").respond_with_handler(paged(second))
    source = make_source(httpserver)
    async with make_client() as client:
        assert len(await source.poll(client)) == 2
        items = await source.poll(client)

    assert [i.external_id for i in items] == ["t3_n3", "t3_n2", "t3_n1"]
    cursors = [request.args.get("after") for request in search_requests(httpserver)]
    assert cursors == [None, None, "t3_n2"]  # stopped once the page reached seen posts


async def test_late_indexed_post_is_caught_once(httpserver: HTTPServer) -> None:
    late = post("late", T0 - LOOKBACK_SECONDS / 2)
    too_old = post("old", T0 - LOOKBACK_SECONDS - 1)
    httpserver.expect_ordered_request("/search.json").respond_with_json(listing([post("p1", T0)]))
    for _ in range(2):
        httpserver.expect_ordered_request("/search.json").respond_with_json(
            listing([post("p1", T0), late, too_old])
        )
    source = make_source(httpserver)
    async with make_client() as client:
        await source.poll(client)
        assert [i.external_id for i in await source.poll(client)] == ["t3_late"]
        assert await source.poll(client) == []


async def test_plain_text_is_read_as_written_not_as_html(httpserver: HTTPServer) -> None:
    """With ``raw_json=1`` a title and body are plain text: "<redacted>" was dropped as a tag
    and "&copy=2" in a link turned into "©=2"."""
    body = "Called <redacted> times. Link: https://ex.com/?id=5&copy=2&para=3 &amp; a<b, b>c"
    httpserver.expect_request("/search.json").respond_with_json(
        listing([post("x1", T0, title="Why <blink> died at Acme Air", selftext=body)])
    )
    async with make_client() as client:
        (item,) = await make_source(httpserver).poll(client)
    assert normalise(item.text) == (
        "Why <blink> died at Acme Air Called <redacted> times. "
        "Link: https://ex.com/?id=5&copy=2&para=3 & a<b, b>c"
    )


async def test_a_posts_markdown_is_read_as_its_words(httpserver: HTTPServer) -> None:
    """A body is Markdown: "**They**" and "[EU261](https://…)" were stored with their marks,
    and the link's address was read as words of the post."""
    body = (
        "## Update\n**They** offered a voucher, not a refund. Is "
        "[EU261](https://en.wikipedia.org/wiki/EU261_(regulation)) applicable? ~~Never~~ "
        "flying *Acme* again, my_handle"
    )
    httpserver.expect_request("/search.json").respond_with_json(
        listing([post("x1", T0, title="Acme Air refund", selftext=body)])
    )
    async with make_client() as client:
        (item,) = await make_source(httpserver).poll(client)
    assert normalise(item.text) == (
        "Acme Air refund Update They offered a voucher, not a refund. Is EU261 applicable? "
        "Never flying *Acme* again, my_handle"
    )


async def test_a_post_from_the_future_does_not_hide_later_ones(httpserver: HTTPServer) -> None:
    """A post dated 2100 counts as arriving at the poll that saw it: later posts are still
    collected, and the lie, which Reddit keeps serving as the newest, comes once."""
    clock = ManualClock(datetime.fromtimestamp(T0 + 60, UTC))
    posted = [post("lie", 4_102_444_800), post("p1", T0)]  # 2100-01-01

    def newest_first(request: Request) -> Response:
        ordered = sorted(posted, key=lambda child: -child["data"]["created_utc"])
        return Response(json.dumps(listing(ordered)), content_type="application/json")

    httpserver.expect_request("/search.json").respond_with_handler(newest_first)
    source = make_source(httpserver, clock=clock)
    polls = []
    async with make_client() as client:
        for later in (post("p2", T0 + 90), post("p3", T0 + 150)):
            polls.append(sorted(item.external_id for item in await source.poll(client)))
            posted.append(later)
            clock.advance(60)
        polls.append(sorted(item.external_id for item in await source.poll(client)))

    assert polls == [["t3_lie", "t3_p1"], ["t3_p2"], ["t3_p3"]]


async def test_paging_stops_after_three_pages(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/search.json").respond_with_json(listing([post("a", T0)]))
    pages = {
        None: listing([post("b1", T0 + 30)], after="t3_b1"),
        "t3_b1": listing([post("b2", T0 + 20)], after="t3_b2"),
        "t3_b2": listing([post("b3", T0 + 10)], after="t3_b3"),
        "t3_b3": listing([post("b4", T0 + 5)], after="t3_b4"),
    }
    httpserver.expect_request("/search.json").respond_with_handler(paged(pages))
    source = make_source(httpserver)
    async with make_client() as client:
        await source.poll(client)
        items = await source.poll(client)
    assert [i.external_id for i in items] == ["t3_b1", "t3_b2", "t3_b3"]
    assert len(search_requests(httpserver)) == 4


OAUTH_ENV = {"REDDIT_ID": "app-id-123", "REDDIT_SECRET": "s3cr3t-value"}


async def test_oauth_token_fetched_once_and_sent_as_bearer(httpserver: HTTPServer) -> None:
    basic = base64.b64encode(b"app-id-123:s3cr3t-value").decode()
    httpserver.expect_oneshot_request(
        "/api/v1/access_token",
        method="POST",
        headers={"Authorization": f"Basic {basic}"},
        data="grant_type=client_credentials",
    ).respond_with_json(
        {"access_token": "eyJhbGciOi.token", "token_type": "bearer", "expires_in": 86400}
    )
    httpserver.expect_request(
        "/search.json", headers={"Authorization": "bearer eyJhbGciOi.token"}
    ).respond_with_json(listing([post("o1", T0)]))
    source = make_source(
        httpserver, OAUTH_ENV, client_id_env="REDDIT_ID", client_secret_env="REDDIT_SECRET"
    )
    async with make_client() as client:
        assert len(await source.poll(client)) == 1
        await source.poll(client)
    httpserver.check_assertions()
    paths = [request.path for request, _ in httpserver.log]
    assert paths == ["/api/v1/access_token", "/search.json", "/search.json"]


@pytest.mark.parametrize(
    "lifetime", ["1" + "0" * 400, "1e999", '"soon"', "-5"], ids=["huge", "inf", "text", "negative"]
)
async def test_a_token_lifetime_that_lies_is_bounded(httpserver: HTTPServer, lifetime: str) -> None:
    """An ``expires_in`` of 10**400 failed every poll with a traceback (OverflowError)."""
    body = '{"access_token": "tok", "token_type": "bearer", "expires_in": LIFE}'
    httpserver.expect_request("/api/v1/access_token", method="POST").respond_with_data(
        body.replace("LIFE", lifetime), content_type="application/json"
    )
    httpserver.expect_request("/search.json").respond_with_json(listing([post("o1", T0)]))
    source = make_source(
        httpserver, OAUTH_ENV, client_id_env="REDDIT_ID", client_secret_env="REDDIT_SECRET"
    )
    async with make_client() as client:
        assert [i.external_id for i in await source.poll(client)] == ["t3_o1"]
        await source.poll(client)
    tokens = [r for r, _ in httpserver.log if r.path == "/api/v1/access_token"]
    assert len(tokens) <= 2  # renewed at most once in two polls, never in a loop


def test_oauth_calls_go_to_the_oauth_host_for_real_reddit() -> None:
    spec = RedditSourceConfig.model_validate(
        {"type": "reddit", "name": "r", "query": "acme", "client_id_env": "A"}
        | {"client_secret_env": "B", "subreddit": "acmeair"}
    )
    source = RedditSource(spec, {})
    assert source.token_url == "https://www.reddit.com/api/v1/access_token"
    assert source.search_url == "https://oauth.reddit.com/r/acmeair/search.json"
    anonymous = spec.model_copy(update={"client_id_env": None, "client_secret_env": None})
    assert RedditSource(anonymous, {}).search_url == "https://www.reddit.com/r/acmeair/search.json"


def test_half_configured_oauth_is_a_config_error() -> None:
    from crisistui.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match=r"sources\[0\]: OAuth needs both"):
        parse_config(
            {
                "brand": {"name": "Acme", "terms": ["acme"]},
                "sources": [
                    {"type": "reddit", "name": "r", "query": "acme", "client_id_env": "REDDIT_ID"}
                ],
            }
        )


async def test_missing_credential_names_the_variable_not_the_value(httpserver: HTTPServer) -> None:
    source = make_source(
        httpserver,
        {"REDDIT_ID": "app-id-123"},
        client_id_env="REDDIT_ID",
        client_secret_env="REDDIT_SECRET",
    )
    async with make_client() as client:
        with pytest.raises(SourceError, match="REDDIT_SECRET is not set") as caught:
            await source.poll(client)
    assert "app-id-123" not in caught.value.reason
    assert httpserver.log == []


async def test_rejected_credentials_and_expired_token(httpserver: HTTPServer) -> None:
    token = httpserver.expect_request("/api/v1/access_token", method="POST")
    token.respond_with_json({"message": "Unauthorized", "error": 401}, status=401)
    source = make_source(
        httpserver, OAUTH_ENV, client_id_env="REDDIT_ID", client_secret_env="REDDIT_SECRET"
    )
    async with make_client() as client:
        with pytest.raises(SourceError, match="OAuth token refused") as caught:
            await source.poll(client)
        assert "s3cr3t" not in caught.value.reason

        httpserver.clear()
        httpserver.expect_request("/api/v1/access_token").respond_with_json(
            {"access_token": "tok", "token_type": "bearer", "expires_in": 3600}
        )
        httpserver.expect_request("/search.json").respond_with_json(
            {"message": "Unauthorized", "error": 401}, status=401
        )
        with pytest.raises(SourceError, match=r"HTTP 401.*will renew"):
            await source.poll(client)
        with pytest.raises(SourceError):
            await source.poll(client)
    tokens = [r for r, _ in httpserver.log if r.path == "/api/v1/access_token"]
    assert len(tokens) == 2  # the rejected token was dropped and a new one fetched


async def test_exhausted_rate_limit_sets_hold_off(httpserver: HTTPServer) -> None:
    headers = {"X-Ratelimit-Used": "100", "X-Ratelimit-Remaining": "0.0"}
    pages = {
        None: listing([post("r2", T0 + 10)], after="t3_r2"),
        "t3_r2": listing([post("r1", T0 + 5)]),
    }
    httpserver.expect_ordered_request("/search.json").respond_with_json(
        listing([post("r0", T0)]),
        headers={"X-Ratelimit-Used": "3", "X-Ratelimit-Remaining": "97.0"}
        | {"X-Ratelimit-Reset": "412"},
    )
    httpserver.expect_request("/search.json").respond_with_json(
        pages[None], headers=headers | {"X-Ratelimit-Reset": "412"}
    )
    source = make_source(httpserver)
    async with make_client() as client:
        await source.poll(client)
        assert source.hold_off is None
        items = await source.poll(client)
    assert source.hold_off == pytest.approx(412)
    assert [i.external_id for i in items] == ["t3_r2"]
    assert len(search_requests(httpserver)) == 2  # no further page while out of quota


async def test_429_carries_retry_after(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/search.json").respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "37"}
    )
    async with make_client() as client:
        with pytest.raises(SourceError, match="rate limited") as caught:
            await make_source(httpserver).poll(client)
    assert caught.value.retry_after == pytest.approx(37)


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (500, '{"message": "Internal Server Error", "error": 500}', "HTTP 500"),
        (200, "<!doctype html><html><title>Blocked</title></html>", "invalid JSON"),
        (200, '{"kind": "t3", "data": {"id": "x"}}', "not a Reddit listing"),
    ],
)
async def test_failures_are_readable(
    httpserver: HTTPServer, status: int, body: str, reason: str
) -> None:
    httpserver.expect_request("/search.json").respond_with_data(body, status=status)
    async with make_client() as client:
        with pytest.raises(SourceError, match=reason):
            await make_source(httpserver).poll(client)


async def test_nonsense_times_and_counts_skip_only_that_post(httpserver: HTTPServer) -> None:
    # Python's json reads NaN and Infinity; a year-5e12 post cannot be a datetime at all.
    children = [
        post("nan", float("nan")),
        post("far", 1e20),
        post("inf", float("inf")),
        post("odd", T0, score=float("inf"), num_comments=float("nan"), num_crossposts=-1e300),
        post("ok", T0 - 60),
    ]
    httpserver.expect_request("/search.json").respond_with_data(
        json.dumps(listing(children)), content_type="application/json"
    )
    async with make_client() as client:
        items = await make_source(httpserver).poll(client)

    assert [i.external_id for i in items] == ["t3_odd", "t3_ok"]
    assert (items[0].likes, items[0].replies) == (None, None)


async def test_a_flooding_token_endpoint_is_cut_off(httpserver: HTTPServer) -> None:
    # The token reply was read whole into memory: a server streaming gigabytes got them in.
    padding = b" " * (1024 * 1024)
    chunks = [b'{"access_token": "tok", "expires_in": 3600, "pad": "', *[padding] * 16, b'"}']
    httpserver.expect_request("/api/v1/access_token").respond_with_response(
        Response(iter(chunks), content_type="application/json", direct_passthrough=True)
    )
    httpserver.expect_request("/search.json").respond_with_json(listing([post("t1", T0)]))
    source = make_source(
        httpserver, OAUTH_ENV, client_id_env="REDDIT_ID", client_secret_env="REDDIT_SECRET"
    )
    async with make_client() as client:
        with pytest.raises(SourceError, match="OAuth token reply too large"):
            await source.poll(client)
    assert [request.path for request, _ in httpserver.log] == ["/api/v1/access_token"]


async def test_a_cursor_answered_with_the_same_page_for_ever_is_bounded(
    httpserver: HTTPServer,
) -> None:
    # A broken cache hands back one page of ever-newer-looking posts whatever the cursor says.
    state = {"newest": T0}

    def same_page(_request: Request) -> Response:
        body = listing([post("loop", state["newest"])], after="t3_loop")
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/search.json").respond_with_handler(same_page)
    source = make_source(httpserver)
    async with make_client() as client:
        first = await source.poll(client)
        state["newest"] = T0 + 60
        second = await source.poll(client)

    assert [i.external_id for i in first] == ["t3_loop"]
    assert second == []  # the same id is not news twice
    # a page of nothing new ends the walk, and is no flood ("only the newest 0 posts were
    # read (3 pages, the most a poll reads)" was said of a server repeating itself)
    assert len(search_requests(httpserver)) == 2
    assert source.note is None


async def test_a_run_after_another_pages_back_to_its_last_poll(httpserver: HTTPServer) -> None:
    """A restarted collector took one page on its first poll: the rest of what was posted
    while none ran was never stored."""
    pages = {
        None: listing([post("n3", T0 + 300), post("n2", T0 + 200)], after="t3_n2"),
        "t3_n2": listing([post("n1", T0 + 100), post("old", T0 - 3600)], after="t3_old"),
    }
    httpserver.expect_request("/search.json").respond_with_handler(paged(pages))
    source = make_source(httpserver)
    source.resume_after(datetime.fromtimestamp(T0 + 50, UTC))  # the last run's last poll
    async with make_client() as client:
        items = await source.poll(client)
    assert [i.external_id for i in items] == ["t3_n3", "t3_n2", "t3_n1"]
    assert [r.args.get("after") for r in search_requests(httpserver)] == [None, "t3_n2"]


async def test_an_anonymous_search_refused_says_to_use_oauth(httpserver: HTTPServer) -> None:
    """Reddit answers anonymous requests from many networks with a 403 block page: the poll's
    reason says what would get past it."""
    httpserver.expect_request("/search.json").respond_with_data(
        "<html><body>whoa there, pardner!</body></html>", status=403, content_type="text/html"
    )
    async with make_client() as client:
        with pytest.raises(SourceError, match="set client_id_env and client_secret_env"):
            await make_source(httpserver).poll(client)
