"""Hacker News via Algolia against a local server speaking Algolia's search format."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crisistui.collector import poll_note
from crisistui.config import HackerNewsSourceConfig
from crisistui.domain.clock import ManualClock
from crisistui.domain.text import normalise
from crisistui.sources import hackernews
from crisistui.sources.base import SourceError
from crisistui.sources.hackernews import HackerNewsSource
from crisistui.sources.http import make_client

T0 = 1_773_129_600  # 2026-03-10 08:00:00 UTC
PATH = "/api/v1/search_by_date"


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def story(object_id: int, created: int, **extra: Any) -> dict:
    """A story hit as Algolia's HN index returns it."""
    hit: dict[str, Any] = {
        "_highlightResult": {
            "author": {"matchLevel": "none", "matchedWords": [], "value": "dang_fan"},
            "title": {
                "fullyHighlighted": False,
                "matchLevel": "full",
                "matchedWords": ["acme", "air"],
                "value": "<em>Acme</em> <em>Air</em> outage grounds flights",
            },
            "url": {"matchLevel": "none", "matchedWords": [], "value": "https://example.com/a"},
        },
        "_tags": ["story", "author_dang_fan", f"story_{object_id}"],
        "author": "dang_fan",
        "children": [object_id + 1, object_id + 2],
        "created_at": _iso(created),
        "created_at_i": created,
        "num_comments": 58,
        "objectID": str(object_id),
        "points": 213,
        "story_id": object_id,
        "title": "Acme Air outage grounds flights",
        "updated_at": _iso(created + 600),
        "url": "https://example.com/acme-air-outage",
    }
    hit.update(extra)
    return hit


def comment(object_id: int, created: int, story_id: int = 4_200_000, **extra: Any) -> dict:
    """A comment hit: HTML text, no title, no points or comment count."""
    hit: dict[str, Any] = {
        "_highlightResult": {
            "author": {"matchLevel": "none", "matchedWords": [], "value": "throwaway42"},
            "comment_text": {
                "fullyHighlighted": False,
                "matchLevel": "full",
                "matchedWords": ["acme", "air"],
                "value": "I flew <em>Acme</em> <em>Air</em> last week&#x2F;never again.",
            },
            "story_title": {"matchLevel": "none", "matchedWords": [], "value": "Ask HN"},
        },
        "_tags": ["comment", "author_throwaway42", f"story_{story_id}"],
        "author": "throwaway42",
        "comment_text": "I flew Acme Air last week&#x2F;never again.<p>Four hours on the tarmac.",
        "created_at": _iso(created),
        "created_at_i": created,
        "objectID": str(object_id),
        "parent_id": story_id,
        "story_id": story_id,
        "story_title": "Ask HN: Worst airline experiences?",
        "story_url": None,
        "updated_at": _iso(created),
    }
    hit.update(extra)
    return hit


def results(hits: list[dict], page: int = 0, pages: int = 1) -> dict:
    return {
        "exhaustive": {"nbHits": True, "typo": True},
        "exhaustiveNbHits": True,
        "exhaustiveTypo": True,
        "hits": hits,
        "hitsPerPage": 100,
        "nbHits": len(hits) + 100 * (pages - 1),
        "nbPages": pages,
        "page": page,
        "params": "query=acme+air&hitsPerPage=100&advancedSyntax=true",
        "processingTimeMS": 3,
        "processingTimingsMS": {"_request": {"roundTrip": 14}},
        "query": "acme air",
        "serverTimeMS": 5,
    }


def by_page(pages: dict[int, dict]):
    def handler(request: Request) -> Response:
        body = pages[int(request.args["page"])]
        return Response(json.dumps(body), content_type="application/json; charset=UTF-8")

    return handler


def make_config(httpserver: HTTPServer, **spec: Any) -> HackerNewsSourceConfig:
    return HackerNewsSourceConfig.model_validate(
        {"type": "hackernews", "name": "hn", "url": httpserver.url_for(""), "query": "acme air"}
        | spec
    )


def make_source(httpserver: HTTPServer, **spec: Any) -> HackerNewsSource:
    return HackerNewsSource(make_config(httpserver, **spec), {})


def sent(httpserver: HTTPServer) -> list[dict[str, str]]:
    return [dict(request.args) for request, _ in httpserver.log]


async def test_first_poll_maps_stories_and_comments(httpserver: HTTPServer) -> None:
    hits = [
        comment(4_200_010, T0),
        story(4_200_000, T0 - 60, story_text="<p>Status page says all green.</p>"),
        story(4_199_990, T0 - 120, url=None),
    ]
    httpserver.expect_request(PATH).respond_with_json(results(hits, pages=4))
    source = make_source(httpserver)
    async with make_client() as client:
        items = await source.poll(client)

    assert [i.external_id for i in items] == ["4200010", "4200000", "4199990"]
    note, post, bare = items
    assert note.text == "I flew Acme Air last week&#x2F;never again.<p>Four hours on the tarmac."
    assert note.url == "https://news.ycombinator.com/item?id=4200010"
    assert (note.author, note.likes, note.replies) == ("throwaway42", None, None)
    assert note.created_at == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert post.text == "Acme Air outage grounds flights\n\n<p>Status page says all green.</p>"
    # the discussion, not the article the story links to
    assert post.url == "https://news.ycombinator.com/item?id=4200000"
    assert (post.likes, post.replies) == (213, 58)
    assert bare.text == "Acme Air outage grounds flights"
    assert bare.url == "https://news.ycombinator.com/item?id=4199990"
    assert sent(httpserver) == [  # the latest page only, no time filter
        {"query": "acme air", "tags": "(story,comment)", "hitsPerPage": "100", "page": "0"}
    ]
    assert source.kind == "hackernews" and not source.finished and source.hold_off is None


@pytest.mark.parametrize(("kinds", "tags"), [(["story"], "story"), (["comment"], "comment")])
async def test_one_kind_is_one_tag(httpserver: HTTPServer, kinds: list[str], tags: str) -> None:
    httpserver.expect_request(PATH).respond_with_json(results([]))
    async with make_client() as client:
        assert await make_source(httpserver, kinds=kinds).poll(client) == []
    assert sent(httpserver)[0]["tags"] == tags


async def test_second_poll_asks_only_for_newer_items(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(PATH).respond_with_json(
        results([comment(11, T0), story(10, T0 - 30)], pages=9)
    )
    newer = {
        0: results([comment(14, T0 + 90), story(13, T0 + 60)], page=0, pages=2),
        1: results([comment(12, T0 + 10), comment(11, T0)], page=1, pages=2),
    }
    httpserver.expect_request(PATH).respond_with_handler(by_page(newer))
    source = make_source(httpserver)
    async with make_client() as client:
        assert len(await source.poll(client)) == 2
        items = await source.poll(client)

    assert [i.external_id for i in items] == ["14", "13", "12"]  # 11 was already seen
    later = sent(httpserver)[1:]
    assert [args["page"] for args in later] == ["0", "1"]
    lookback = hackernews.LOOKBACK_SECONDS  # asked again: some items are indexed late
    assert {args["numericFilters"] for args in later} == {f"created_at_i>{T0 - lookback}"}

    httpserver.clear()
    httpserver.expect_request(PATH).respond_with_json(results([]))
    async with make_client() as client:
        assert await source.poll(client) == []
    assert sent(httpserver)[0]["numericFilters"] == f"created_at_i>{T0 + 90 - lookback}"


async def test_an_item_indexed_after_a_newer_one_is_not_lost(httpserver: HTTPServer) -> None:
    """A comment created at 08:00:40 that the index shows only after one of 08:01:30 was
    polled: asking only for what is newer than the newest lost it for good."""
    served = [story(10, T0)]

    def index(_request: Request) -> Response:
        hits = sorted(served, key=lambda hit: -hit["created_at_i"])
        return Response(json.dumps(results(hits)), content_type="application/json")

    httpserver.expect_request(PATH).respond_with_handler(index)
    source = make_source(httpserver)
    async with make_client() as client:
        assert [i.external_id for i in await source.poll(client)] == ["10"]
        served.append(comment(12, T0 + 90))
        assert [i.external_id for i in await source.poll(client)] == ["12"]
        served.append(comment(11, T0 + 40))  # indexed late
        assert [i.external_id for i in await source.poll(client)] == ["11"]
        assert await source.poll(client) == []  # each returned once


async def test_a_server_repeating_one_page_is_no_flood(httpserver: HTTPServer) -> None:
    """A search claiming 1,000 pages and serving the same one for each: five requests a
    poll, and "a flood: only the newest 1 posts were read" in the sources view every poll."""
    httpserver.expect_ordered_request(PATH).respond_with_json(results([story(1, T0)]))
    httpserver.expect_request(PATH).respond_with_json(results([comment(2, T0 + 60)], pages=1000))
    source = make_source(httpserver)
    async with make_client() as client:
        await source.poll(client)
        assert [i.external_id for i in await source.poll(client)] == ["2"]
    assert [args["page"] for args in sent(httpserver)[1:]] == ["0", "1"]
    assert source.note is None


async def test_paging_is_capped_at_five_pages(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(PATH).respond_with_json(results([story(1, T0)]))
    pages = {n: results([comment(100 - n, T0 + 100 - n)], page=n, pages=40) for n in range(40)}
    httpserver.expect_request(PATH).respond_with_handler(by_page(pages))
    source = make_source(httpserver)
    async with make_client() as client:
        await source.poll(client)
        items = await source.poll(client)
    assert len(items) == 5
    assert [args["page"] for args in sent(httpserver)[1:]] == ["0", "1", "2", "3", "4"]
    # the posts left unread are said, where the sources view and status show it
    assert source.note is not None and source.note.startswith("a flood: only the newest 5 posts")
    assert poll_note(source) == source.note

    httpserver.clear()
    httpserver.expect_request(PATH).respond_with_json(results([comment(200, T0 + 200)]))
    async with make_client() as client:
        assert len(await source.poll(client)) == 1
    assert source.note is None, "a poll that read all that was new says nothing"


async def test_exhausted_rate_limit_sets_hold_off(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_json(
        results([story(1, T0)]), headers={"RateLimit-Remaining": "0", "RateLimit-Reset": "120"}
    )
    source = make_source(httpserver)
    async with make_client() as client:
        await source.poll(client)
    assert source.hold_off == pytest.approx(120)


async def test_429_carries_retry_after(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_json(
        {"message": "Too many requests", "status": 429}, status=429, headers={"Retry-After": "90"}
    )
    async with make_client() as client:
        with pytest.raises(SourceError, match="rate limited") as caught:
            await make_source(httpserver).poll(client)
    assert caught.value.retry_after == pytest.approx(90)


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (500, '{"message": "Internal error", "status": 500}', "HTTP 500"),
        (200, "<html><body>Bad gateway</body></html>", "invalid JSON"),
        (200, '{"message": "Index does not exist", "status": 404}', "no 'hits' list"),
    ],
)
async def test_failures_are_readable(
    httpserver: HTTPServer, status: int, body: str, reason: str
) -> None:
    httpserver.expect_request(PATH).respond_with_data(body, status=status)
    async with make_client() as client:
        with pytest.raises(SourceError, match=reason):
            await make_source(httpserver).poll(client)


async def test_nonsense_times_and_counts_skip_only_that_hit(httpserver: HTTPServer) -> None:
    # Python's json reads NaN and Infinity; a year-5e12 hit cannot be a datetime at all.
    hits = [
        story(1, T0, created_at_i=float("nan"), created_at="never"),
        story(2, T0, created_at_i=1e20, created_at="2026-13-45"),
        story(3, T0, created_at_i=float("inf")),  # the ISO text still says when
        story(4, T0, points=float("inf"), num_comments=float("nan")),
        story(5, T0 - 60),
    ]
    httpserver.expect_request(PATH).respond_with_data(
        json.dumps(results(hits)), content_type="application/json"
    )
    async with make_client() as client:
        items = await make_source(httpserver).poll(client)

    assert [i.external_id for i in items] == ["3", "4", "5"]
    assert items[0].created_at == datetime.fromtimestamp(T0, UTC)
    assert (items[1].likes, items[1].replies) == (None, None)


async def test_a_title_is_plain_text_and_a_story_text_html(httpserver: HTTPServer) -> None:
    """ "Why <blink> died" lost its "<blink>" as a tag; the story text is HTML and stays so."""
    hit = story(
        7, T0, title="Show HN: Why <blink> died at Acme Air & co", story_text="<p>a &amp; b"
    )
    httpserver.expect_request(PATH).respond_with_json(results([hit]))
    async with make_client() as client:
        (item,) = await make_source(httpserver).poll(client)
    assert normalise(item.text) == "Show HN: Why <blink> died at Acme Air & co a & b"


async def test_a_hit_from_the_future_does_not_hide_later_ones(httpserver: HTTPServer) -> None:
    """A story dated 2099 counts as arriving at the poll that saw it: later stories are still
    collected, and the lie, which Algolia keeps serving as newer than any mark, comes once."""
    clock = ManualClock(datetime.fromtimestamp(T0 + 60, UTC))
    lie = story(1, 4_070_908_800)  # 2099-01-01
    posted = [lie, story(2, T0)]

    def algolia(request: Request) -> Response:
        """Applies ``created_at_i>N`` as Algolia does, newest first."""
        after = int(request.args.get("numericFilters", "created_at_i>-1").split(">")[1])
        hits = sorted(
            (hit for hit in posted if hit["created_at_i"] > after),
            key=lambda hit: -hit["created_at_i"],
        )
        return Response(json.dumps(results(hits)), content_type="application/json")

    httpserver.expect_request(PATH).respond_with_handler(algolia)
    source = HackerNewsSource(make_config(httpserver), {}, now=clock.now)
    polls = []
    async with make_client() as client:
        for later in (story(3, T0 + 90), story(4, T0 + 150)):
            polls.append(sorted(item.external_id for item in await source.poll(client)))
            posted.append(later)
            clock.advance(60)
        polls.append(sorted(item.external_id for item in await source.poll(client)))

    assert polls == [["1", "2"], ["3"], ["4"]]


async def test_a_run_after_another_pages_back_to_its_last_poll(httpserver: HTTPServer) -> None:
    """A restarted collector took the latest page on its first poll: the rest of what was
    posted while none ran was never stored."""
    pages = {
        0: results([comment(14, T0 + 900), story(13, T0 + 600)], page=0, pages=2),
        1: results([comment(12, T0 + 300)], page=1, pages=2),
    }
    httpserver.expect_request(PATH).respond_with_handler(by_page(pages))
    source = make_source(httpserver)
    source.resume_after(datetime.fromtimestamp(T0 + 1200, UTC))  # the last run's last poll
    async with make_client() as client:
        items = await source.poll(client)
    assert [i.external_id for i in items] == ["14", "13", "12"]
    asked = sent(httpserver)
    assert [args["page"] for args in asked] == ["0", "1"]
    assert {args["numericFilters"] for args in asked} == {
        f"created_at_i>{T0 + 600 - hackernews.LOOKBACK_SECONDS}"
    }
