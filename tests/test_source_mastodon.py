"""MastodonSource against a real local HTTP server serving Mastodon-shaped responses."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crisistui.config import MastodonSourceConfig
from crisistui.domain.text import normalise
from crisistui.sources.base import SourceError
from crisistui.sources.http import make_client
from crisistui.sources.mastodon import MastodonSource

INSTANCE = "https://mastodon.example"
TOKEN = "s3cr3t-mastodon-token"
TAG_PATH = "/api/v1/timelines/tag/acme"


def account(acct: str = "alice", followers: int = 1200) -> dict[str, Any]:
    """An Account entity as the API returns it (trimmed of nothing the source could use)."""
    username = acct.split("@")[0]
    return {
        "id": "109302",
        "username": username,
        "acct": acct,
        "display_name": username.title(),
        "locked": False,
        "bot": False,
        "discoverable": True,
        "group": False,
        "created_at": "2022-11-05T00:00:00.000Z",
        "note": "<p>Frequent flyer.</p>",
        "url": f"{INSTANCE}/@{username}",
        "uri": f"{INSTANCE}/users/{username}",
        "avatar": f"{INSTANCE}/avatars/original/missing.png",
        "avatar_static": f"{INSTANCE}/avatars/original/missing.png",
        "header": f"{INSTANCE}/headers/original/missing.png",
        "header_static": f"{INSTANCE}/headers/original/missing.png",
        "followers_count": followers,
        "following_count": 80,
        "statuses_count": 4321,
        "last_status_at": "2026-03-10",
        "emojis": [],
        "fields": [],
    }


def status(
    status_id: int,
    content: str = "<p>Flight cancelled again, <a href='x'>#acme</a></p>",
    *,
    acct: str = "alice",
    followers: int = 1200,
    created_at: str = "2026-03-10T08:15:30.123Z",
    language: str | None = "en",
    spoiler: str = "",
    reblog: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A Status entity; a reblog wrapper has empty content and the original in ``reblog``."""
    username = acct.split("@")[0]
    suffix = "/activity" if reblog else ""
    return {
        "id": str(status_id),
        "created_at": created_at,
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": bool(spoiler),
        "spoiler_text": spoiler,
        "visibility": "public",
        "language": language,
        "uri": f"{INSTANCE}/users/{username}/statuses/{status_id}{suffix}",
        "url": None if reblog else f"{INSTANCE}/@{username}/{status_id}",
        "replies_count": 3,
        "reblogs_count": 7,
        "favourites_count": 11,
        "edited_at": None,
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "content": "" if reblog else content,
        "filtered": [],
        "reblog": reblog,
        "application": None if reblog else {"name": "Web", "website": None},
        "account": account(acct, followers),
        "media_attachments": [],
        "mentions": [],
        "tags": [] if reblog else [{"name": "acme", "url": f"{INSTANCE}/tags/acme"}],
        "emojis": [],
        "card": None,
        "poll": None,
    }


def make(
    server: HTTPServer, environ: dict[str, str] | None = None, **fields: Any
) -> MastodonSource:
    spec = MastodonSourceConfig.model_validate(
        {"type": "mastodon", "name": "masto", "url": server.url_for("/"), **fields}
    )
    return MastodonSource(spec, environ=environ or {})


async def test_first_poll_maps_statuses_and_second_asks_for_newer_only(httpserver: HTTPServer):
    first = [status(103, acct="carol@other.example", followers=5), status(102), status(101)]
    httpserver.expect_ordered_request(TAG_PATH, query_string={"limit": "40"}).respond_with_json(
        first
    )
    httpserver.expect_ordered_request(
        TAG_PATH, query_string={"limit": "40", "min_id": "103"}
    ).respond_with_json([status(104, "<p>Still waiting at the gate</p>")])
    source = make(httpserver, tags=["#acme"])
    async with make_client() as client:
        items = await source.poll(client)
        newer = await source.poll(client)
    httpserver.check_assertions()

    assert [i.external_id for i in items] == [
        "https://mastodon.example/users/carol/statuses/103",
        f"{INSTANCE}/users/alice/statuses/102",
        f"{INSTANCE}/users/alice/statuses/101",
    ]
    top = items[0]
    assert top.source == "masto"
    assert top.author == "@carol@other.example"
    assert top.author_followers == 5
    assert top.url == "https://mastodon.example/@carol/103"
    assert top.lang == "en"
    assert (top.likes, top.reposts, top.replies) == (11, 7, 3)
    assert top.text.startswith("<p>Flight cancelled")  # raw HTML: the pipeline strips it
    assert top.created_at == datetime(2026, 3, 10, 8, 15, 30, 123000, tzinfo=UTC)
    assert [i.text for i in newer] == ["<p>Still waiting at the gate</p>"]
    assert source.kind == "mastodon" and not source.finished and source.keep_unmatched


async def test_catching_up_pages_forward_until_a_short_page(httpserver: HTTPServer):
    httpserver.expect_ordered_request(TAG_PATH, query_string={"limit": "40"}).respond_with_json(
        [status(100)]
    )
    full = [status(i) for i in range(140, 100, -1)]  # 40 statuses just above 100, newest first
    httpserver.expect_ordered_request(
        TAG_PATH, query_string={"limit": "40", "min_id": "100"}
    ).respond_with_json(full)
    httpserver.expect_ordered_request(
        TAG_PATH, query_string={"limit": "40", "min_id": "140"}
    ).respond_with_json([status(142), status(141)])
    source = make(httpserver, tags=["acme"])
    async with make_client() as client:
        await source.poll(client)
        caught_up = await source.poll(client)
    httpserver.check_assertions()
    assert len(caught_up) == 42


async def test_reblog_becomes_the_original_and_dedupes(httpserver: HTTPServer):
    original = status(90, "<p>Acme lost my bag</p>", acct="dave", followers=40)
    boost = status(105, acct="erin", reblog=original)
    httpserver.expect_request(TAG_PATH).respond_with_json([boost, original])
    source = make(httpserver, tags=["acme"])
    async with make_client() as client:
        items = await source.poll(client)
    assert len(items) == 1
    assert items[0].external_id == f"{INSTANCE}/users/dave/statuses/90"
    assert items[0].author == "@dave@mastodon.example"  # local: the instance added
    assert items[0].text == "<p>Acme lost my bag</p>"


async def test_content_warning_is_kept_as_escaped_text(httpserver: HTTPServer):
    cw = status(5, "<p>details</p>", spoiler="Acme <rant>", language=None)
    httpserver.expect_request(TAG_PATH).respond_with_json([cw])
    async with make_client() as client:
        (item,) = await make(httpserver, tags=["acme"]).poll(client)
    assert item.text == "<p>Acme &lt;rant&gt;.</p><p>details</p>"
    assert normalise(item.text) == "Acme <rant>. details"  # the warning ends where it ends
    assert item.lang is None


async def test_a_photo_captioned_only_with_hashtags_says_what_its_description_says(
    httpserver: HTTPServer,
):
    """Pixelfed's usual post on a tag timeline: a photo and "#AcmeAir". The complaint is in
    the alt text, and the mention read "#AcmeAir", neutral."""
    photo = status(8, '<p><a href="https://pix.example/tags/acme" class="hashtag">#Acme</a></p>')
    photo["media_attachments"] = [
        {"type": "image", "description": "Acme Air meal tray with a long hair in the rice"}
    ]
    httpserver.expect_request(TAG_PATH).respond_with_json([photo])
    async with make_client() as client:
        (item,) = await make(httpserver, tags=["acme"]).poll(client)
    assert normalise(item.text) == "#Acme Acme Air meal tray with a long hair in the rice"


async def test_a_photo_only_post_says_what_its_description_says(httpserver: HTTPServer):
    """A status of only a photo of the departures board was empty text, so it matched no
    term and was dropped; its alt text is what it says."""
    photo = status(6, "")
    photo["media_attachments"] = [
        {"type": "image", "description": "Acme Air departures board: every flight <cancelled>"},
        {"type": "image", "description": None},
    ]
    texted = status(7, "<p>Acme Air again</p>")
    texted["media_attachments"] = [{"type": "image", "description": "a queue"}]
    httpserver.expect_request(TAG_PATH).respond_with_json([photo, texted])
    async with make_client() as client:
        items = await make(httpserver, tags=["acme"]).poll(client)
    assert [normalise(i.text) for i in items] == [
        "Acme Air departures board: every flight <cancelled>",
        "Acme Air again",  # a post with words is its words
    ]


async def test_search_sends_the_token_and_pages_by_min_id(httpserver: HTTPServer):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    base = {"q": "acme air", "type": "statuses", "resolve": "false", "limit": "40"}
    body = {"accounts": [], "statuses": [status(201), status(200)], "hashtags": []}
    httpserver.expect_ordered_request(
        "/api/v2/search", query_string=base, headers=auth
    ).respond_with_json(body)
    httpserver.expect_ordered_request(
        "/api/v2/search", query_string={**base, "min_id": "201"}, headers=auth
    ).respond_with_json({"accounts": [], "statuses": [], "hashtags": []})
    source = make(httpserver, {"MASTO_TOKEN": TOKEN}, query="acme air", token_env="MASTO_TOKEN")
    async with make_client() as client:
        assert len(await source.poll(client)) == 2
        assert await source.poll(client) == []
    httpserver.check_assertions()


async def test_missing_token_is_a_readable_error(httpserver: HTTPServer):
    source = make(httpserver, {"MASTO_TOKEN": "  "}, query="acme", token_env="MASTO_TOKEN")
    async with make_client() as client:
        with pytest.raises(SourceError) as caught:
            await source.poll(client)
    assert caught.value.reason == "environment variable MASTO_TOKEN is not set (Mastodon token)"
    assert httpserver.log == []


async def test_token_never_appears_in_an_error(httpserver: HTTPServer):
    httpserver.expect_request("/api/v2/search").respond_with_data("nope", status=403)
    source = make(httpserver, {"T": TOKEN}, query="acme", token_env="T")
    async with make_client() as client:
        with pytest.raises(SourceError) as caught:
            await source.poll(client)
    assert "403" in caught.value.reason
    assert TOKEN not in caught.value.reason


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"response_data": "boom", "status": 500}, "HTTP 500"),
        ({"response_data": "<html>maintenance</html>", "status": 200}, "invalid JSON"),
        ({"response_data": json.dumps({"error": "x"}), "status": 200}, "no list of statuses"),
    ],
)
async def test_failures_become_source_errors(httpserver: HTTPServer, response, expected):
    httpserver.expect_request(TAG_PATH).respond_with_data(**response)
    async with make_client() as client:
        with pytest.raises(SourceError, match=expected):
            await make(httpserver, tags=["acme"]).poll(client)


async def test_429_carries_retry_after(httpserver: HTTPServer):
    httpserver.expect_request(TAG_PATH).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    async with make_client() as client:
        with pytest.raises(SourceError) as caught:
            await make(httpserver, tags=["acme"]).poll(client)
    assert caught.value.retry_after == 120


async def test_a_429_keeps_to_the_iso_reset_and_says_how_long(httpserver: HTTPServer):
    """Mastodon's 429 says when the limit resets (ISO-8601) and sends no Retry-After: the
    source was tried again after a minute, four minutes early, and said only "rate limited"."""
    reset = (datetime.now(UTC) + timedelta(minutes=4)).isoformat().replace("+00:00", "Z")
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    httpserver.expect_request(TAG_PATH).respond_with_data(
        '{"error":"Too many requests"}', status=429, headers=headers
    )
    async with make_client() as client:
        with pytest.raises(SourceError) as caught:
            await make(httpserver, tags=["acme"]).poll(client)
    assert caught.value.retry_after is not None and 230 < caught.value.retry_after <= 240
    assert str(caught.value).startswith("rate limited (HTTP 429), asked to wait 4 min")


async def test_a_failed_poll_does_not_lose_statuses(httpserver: HTTPServer):
    other = "/api/v1/timelines/tag/other"
    after_10 = {"limit": "40", "min_id": "10"}
    expect = httpserver.expect_ordered_request
    expect(TAG_PATH, query_string={"limit": "40"}).respond_with_json([status(10)])
    expect(other, query_string={"limit": "40"}).respond_with_json([])
    expect(TAG_PATH, query_string=after_10).respond_with_json([status(11)])
    expect(other, query_string={"limit": "40"}).respond_with_data("down", status=503)
    expect(TAG_PATH, query_string=after_10).respond_with_json([status(11)])  # asked again
    expect(other, query_string={"limit": "40"}).respond_with_json([])
    source = make(httpserver, tags=["acme", "other"])
    async with make_client() as client:
        await source.poll(client)
        with pytest.raises(SourceError, match="HTTP 503"):
            await source.poll(client)
        again = await source.poll(client)
    httpserver.check_assertions()
    assert [i.external_id for i in again] == [f"{INSTANCE}/users/alice/statuses/11"]


async def test_iso_rate_limit_reset_sets_hold_off(httpserver: HTTPServer):
    reset = (datetime.now(UTC) + timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    httpserver.expect_request(TAG_PATH).respond_with_json([status(1)], headers=headers)
    source = make(httpserver, tags=["acme", "other"])
    async with make_client() as client:
        items = await source.poll(client)
    assert len(items) == 1
    assert source.hold_off is not None and 290 < source.hold_off <= 300
    assert len(httpserver.log) == 1  # the second tag waits for the next poll


async def test_a_reset_hours_away_holds_the_source_an_hour_at_most(httpserver: HTTPServer):
    """A crisis is no time for a tag to go quiet for a day on one header."""
    reset = (datetime.now(UTC) + timedelta(hours=20)).isoformat().replace("+00:00", "Z")
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    httpserver.expect_request(TAG_PATH).respond_with_json([status(1)], headers=headers)
    source = make(httpserver, tags=["acme"])
    async with make_client() as client:
        await source.poll(client)
    assert source.hold_off == 3600


async def test_fields_of_the_wrong_type_are_no_value_and_a_bad_byte_costs_one_letter(
    httpserver: HTTPServer,
):
    """A server that lies about types: a list for an account name, an object for an id;
    and one byte that is not UTF-8 in a post, which failed every poll of the timeline."""
    odd = status(1, acct="alice")
    odd["account"]["acct"] = ["x"]
    wrong_id = status(2) | {"id": {"a": 1}, "uri": None}
    fine = status(3, "<p>Acme Air lost my bag PLACEHOLDER</p>")
    body = json.dumps([odd, wrong_id, fine]).encode().replace(b"PLACEHOLDER", b"caf\xff")
    httpserver.expect_request(TAG_PATH).respond_with_data(body, content_type="application/json")
    async with make_client() as client:
        items = await make(httpserver, tags=["acme"]).poll(client)
    assert [item.author for item in items] == [None, "@alice@mastodon.example"]
    assert "Acme Air lost my bag caf\ufffd" in items[1].text
    assert "{" not in items[0].external_id and "[" not in (items[0].author or "")


async def test_hold_off_clears_when_quota_remains(httpserver: HTTPServer):
    headers = {"X-RateLimit-Remaining": "299", "X-RateLimit-Reset": "2026-03-10T08:20:00.000Z"}
    httpserver.expect_request(TAG_PATH).respond_with_json([], headers=headers)
    source = make(httpserver, tags=["acme"])
    source.hold_off = 30.0
    async with make_client() as client:
        assert await source.poll(client) == []
    assert source.hold_off is None


async def test_same_status_under_two_tags_is_returned_once(httpserver: HTTPServer):
    httpserver.expect_request(TAG_PATH).respond_with_json([status(7)])
    httpserver.expect_request("/api/v1/timelines/tag/acmeé/x").respond_with_json([status(7)])
    async with make_client() as client:
        items = await make(httpserver, tags=["acme", "#acmeé/x"]).poll(client)
    assert len(items) == 1
    assert (
        httpserver.log[-1][0]
        .environ["REQUEST_URI"]
        .startswith("/api/v1/timelines/tag/acme%C3%A9%2Fx?")
    )  # quoted, "/" included


PAGE = 40


class Instance:
    """A tag timeline and a search that answer min_id/max_id as Mastodon does (numerically)."""

    def __init__(self, *ids: int) -> None:
        self.ids = set(ids)

    def _above(self, request: Request) -> list[int]:
        low, high = request.args.get("min_id"), request.args.get("max_id")
        return sorted(
            (
                i
                for i in self.ids
                if (low is None or i > int(low)) and (high is None or i < int(high))
            ),
            reverse=True,
        )

    def timeline(self, request: Request) -> Response:
        """min_id: the page just above it; otherwise the newest page. Newest first."""
        ids = self._above(request)
        ids = ids[-PAGE:] if "min_id" in request.args else ids[:PAGE]
        return Response(json.dumps([status(i) for i in ids]), content_type="application/json")

    def search(self, request: Request) -> Response:
        """Newest first, min_id only filters."""
        found = {"accounts": [], "statuses": [status(i) for i in self._above(request)[:PAGE]]}
        return Response(json.dumps(found), content_type="application/json")


@pytest.mark.parametrize("stays", [False, True], ids=["served-once", "stays"])
@pytest.mark.parametrize(
    ("lie", "where"),
    [
        (99999999999999999999999, "tag"),  # past 64 bits
        (2**63 - 1, "tag"),  # fits, but its snowflake time is the year 6429
        (99999999999999999999999, "search"),
    ],
)
async def test_a_lying_status_id_does_not_hide_later_statuses(
    httpserver: HTTPServer, lie: int, where: str, stays: bool
):
    instance = Instance(lie, 101, 100)
    if where == "tag":
        httpserver.expect_request(TAG_PATH).respond_with_handler(instance.timeline)
        source = make(httpserver, tags=["acme"])
    else:
        httpserver.expect_request("/api/v2/search").respond_with_handler(instance.search)
        source = make(httpserver, {"T": TOKEN}, query="acme", token_env="T")
    polls = []
    async with make_client() as client:
        polls.append(await source.poll(client))
        if not stays:
            instance.ids.remove(lie)
        instance.ids |= {102, 103}
        polls.append(await source.poll(client))
        instance.ids.add(104)
        polls.append(await source.poll(client))
    ids = [sorted(int(i.external_id.rsplit("/", 1)[-1]) for i in items) for items in polls]
    assert ids == [[100, 101, lie], [102, 103], [104]]  # the lie, if it stays, is not new again


@pytest.mark.parametrize(
    "lie",
    ["zzzzzzzzzzzzzzzzzz", "01M93DR70G0000000000000000"],
    ids=["letters-as-long-as-a-snowflake", "a-current-ulid"],
)
async def test_a_text_id_on_a_numeric_instance_does_not_become_the_mark(
    httpserver: HTTPServer, lie: str
) -> None:
    """One status with an id of another kind among snowflakes: it sorted above them all, and
    every later poll asked for min_id=<the lie>, got nothing, and said ok."""
    snowflake = 113_456_789_012_345_600  # 18 digits, as a Mastodon id of today
    instance = Instance(snowflake, snowflake + 1)
    lying: list[str] = []

    def timeline(request: Request) -> Response:
        low = request.args.get("min_id")
        if low is not None and not low.isdigit():
            return Response("[]", content_type="application/json")  # nothing "above" a lie
        found = [status(i) for i in instance._above(request)]
        found = found[-PAGE:] if low is not None else found[:PAGE]
        found += [{**status(0), "id": i, "uri": f"{INSTANCE}/objects/{i}"} for i in lying]
        return Response(json.dumps(found), content_type="application/json")

    httpserver.expect_request(TAG_PATH).respond_with_handler(timeline)
    source = make(httpserver, tags=["acme"])
    polls = []
    async with make_client() as client:
        polls.append(await source.poll(client))
        lying.append(lie)
        instance.ids |= {snowflake + 2}
        polls.append(await source.poll(client))
        lying.clear()
        instance.ids |= {snowflake + 3, snowflake + 4}
        polls.append(await source.poll(client))
    ids = [{i.external_id.rsplit("/", 1)[-1] for i in items} for items in polls]
    assert ids == [
        {str(snowflake), str(snowflake + 1)},
        {str(snowflake + 2), lie},
        {str(snowflake + 3), str(snowflake + 4)},
    ]


_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _digits(number: int, alphabet: str, width: int) -> str:
    out = ""
    for _ in range(width):
        number, digit = divmod(number, len(alphabet))
        out = alphabet[digit] + out
    return out


def ulid(n: int) -> str:
    """A GoToSocial id: 48 bits of milliseconds, then 80 more, in Crockford's base 32."""
    millis = int(datetime(2026, 3, 10, 8, tzinfo=UTC).timestamp() * 1000) + n
    return _digits(millis, _CROCKFORD, 10) + _digits(n * 7919, _CROCKFORD, 16)


def flake(n: int) -> str:
    """A Pleroma id: a 128-bit flake (milliseconds first) in base 62, 18 characters."""
    millis = int(datetime(2026, 3, 10, 8, tzinfo=UTC).timestamp() * 1000) + n
    return _digits(millis << 64 | n, _BASE62, 18)


class TextIdInstance:
    """A tag timeline of a server whose ids are text that sorts by time (as such servers
    compare them): min_id gives the page just above it, newest first."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = list(ids)

    def timeline(self, request: Request) -> Response:
        low = request.args.get("min_id")
        ids = sorted((i for i in self.ids if low is None or i > low), reverse=True)
        ids = ids[-PAGE:] if low is not None else ids[:PAGE]
        found = [{**status(0), "id": i, "uri": f"{INSTANCE}/objects/{i}"} for i in ids]
        return Response(json.dumps(found), content_type="application/json")


@pytest.mark.parametrize("make_id", [ulid, flake], ids=["gotosocial-ulid", "pleroma-flake"])
async def test_servers_with_text_ids_are_read_past_their_newest_page(
    httpserver: HTTPServer, make_id: Any
) -> None:
    # Without a mark from such ids, every poll read only the newest page: a flood of 100
    # statuses between two polls lost 60 of them.
    instance = TextIdInstance([make_id(n) for n in range(3)])
    httpserver.expect_request(TAG_PATH).respond_with_handler(instance.timeline)
    source = make(httpserver, tags=["acme"])
    async with make_client() as client:
        first = await source.poll(client)
        instance.ids += [make_id(n) for n in range(3, 103)]
        flood = await source.poll(client)
        quiet = await source.poll(client)
    assert len(first) == 3
    assert len({i.external_id for i in flood}) == 100
    assert quiet == []


async def test_a_longer_text_id_does_not_become_the_mark(httpserver: HTTPServer) -> None:
    # ids order by length first: a 26-character lie among 18-character flakes would be newer
    # than anything the server sends later.
    instance = TextIdInstance([flake(n) for n in range(3)])
    httpserver.expect_request(TAG_PATH).respond_with_handler(instance.timeline)
    source = make(httpserver, tags=["acme"])
    async with make_client() as client:
        await source.poll(client)
        instance.ids += ["z" * 24, flake(3)]
        second = await source.poll(client)
        instance.ids.append(flake(4))
        third = await source.poll(client)
    assert len(second) == 2
    assert [i.external_id for i in third] == [f"{INSTANCE}/objects/{flake(4)}"]


class TimedInstance(Instance):
    """A tag timeline whose status ``n`` was posted ``n`` minutes after ``START``."""

    START = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)

    def timeline(self, request: Request) -> Response:
        ids = self._above(request)
        ids = ids[-PAGE:] if "min_id" in request.args else ids[:PAGE]
        posted = (self.START + timedelta(minutes=i) for i in ids)
        page = [
            status(i, f"<p>Acme Air lost my bag, number {i}</p>", created_at=at.isoformat())
            for i, at in zip(ids, posted, strict=True)
        ]
        return Response(json.dumps(page), content_type="application/json")


async def test_a_restarted_collector_reads_what_was_posted_while_none_ran(
    httpserver: HTTPServer, store, client
) -> None:
    """The collector stopped for a while (killed, or `collect --once` from cron): its next run
    read only the newest page of 40, and the 60 statuses before it were never stored."""
    from crisistui.collector import Collector
    from crisistui.config import demo_config
    from crisistui.domain.clock import ManualClock
    from crisistui.pipeline import Pipeline

    instance = TimedInstance(*range(1, 31))
    httpserver.expect_request(TAG_PATH).respond_with_handler(instance.timeline)
    start = TimedInstance.START

    def run(minute: int) -> Collector:
        source = make(httpserver, tags=["acme"])
        clock = ManualClock(start + timedelta(minutes=minute))
        return Collector([source], Pipeline(demo_config()), store, clock, client)

    (first,) = await run(30).poll_all_once()
    instance.ids |= set(range(31, 131))  # posted while no collector ran
    (second,) = await run(131).poll_all_once()
    assert (first.health.new_last_poll, second.health.new_last_poll) == (30, 100)
    assert await store.mention_count() == 130
    instance.ids.add(131)
    later = run(140)
    await later.poll_all_once()
    (third,) = await later.poll_all_once()  # once running, it asks for what is newer only
    assert third.health.new_last_poll == 0 and await store.mention_count() == 131


async def test_a_search_that_ignores_max_id_is_no_flood(httpserver: HTTPServer):
    """A server answering every page with the same 40 newest statuses: the poll asked five
    times and said "a flood: only the newest 200 posts were read" of 40 posts."""
    newest = [status(i) for i in range(400, 360, -1)]
    asked: list[str | None] = []

    def search(request: Request) -> Response:
        asked.append(request.args.get("max_id"))
        found = {"accounts": [], "statuses": newest[:40]}
        return Response(json.dumps(found), content_type="application/json")

    httpserver.expect_request("/api/v2/search").respond_with_handler(search)
    source = make(httpserver, {"T": TOKEN}, query="acme", token_env="T")
    async with make_client() as client:
        await source.poll(client)  # the first: the newest page
        newest[:0] = [status(i) for i in range(440, 400, -1)]  # 40 more, a full page
        asked.clear()
        found = await source.poll(client)
    assert len(found) == 40 and source.note is None
    assert asked == [None, "401"]  # one page, then one that showed max_id ignored


async def test_an_account_local_to_the_instance_is_named_with_it(httpserver: HTTPServer):
    """The API writes a local account bare ("alice"): two polled servers' @alice became one
    author, and a brand's bare handle matched namesakes on other services."""
    local = status(201, acct="AcmeAir")
    remote = status(202, acct="bob@other.social")
    unknown = status(203, acct="carol")
    unknown["account"]["url"] = None
    httpserver.expect_request(TAG_PATH).respond_with_json([unknown, remote, local])
    async with make_client() as client:
        items = await make(httpserver, tags=["acme"]).poll(client)
    assert sorted(item.author or "" for item in items) == [
        "@AcmeAir@mastodon.example",
        "@bob@other.social",
        "@carol",  # no profile address: left as the server wrote it
    ]


async def test_a_quote_posts_compatibility_line_is_not_its_text(httpserver: HTTPServer):
    """Servers write "RE: <link>" into a quote post for clients that show no quotes; the
    quoted post is a status of its own."""
    quoting = status(
        301,
        '<p class="quote-inline">RE: <a href="https://fosstodon.org/@bob/1">'
        "fosstodon.org/@bob/1</a></p><p>Same happened to me with Acme Air</p>",
    )
    httpserver.expect_request(TAG_PATH).respond_with_json([quoting])
    async with make_client() as client:
        (item,) = await make(httpserver, tags=["acme"]).poll(client)
    assert normalise(item.text) == "Same happened to me with Acme Air"
