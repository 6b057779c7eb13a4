"""The generic JSON source: dotted paths, forgiving times and numbers, strict about id and text."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from crisistui.config import JsonSourceConfig
from crisistui.sources.base import SourceError
from crisistui.sources.http import make_client
from crisistui.sources.jsonapi import JsonSource, parse_time, resolve, to_count

FIELDS = {
    "id": "id",
    "text": "body.text",
    "created_at": "meta.posted",
    "author": "user.handle",
    "url": "links.0.href",
    "followers": "user.followers",
    "likes": "stats.likes",
    "reposts": "stats.shares",
    "replies": "stats.replies",
    "lang": "body.lang",
}


def ticket(ident: Any, text: Any, posted: Any, **extra: Any) -> dict:
    """One item as an in-house social inbox might serve it."""
    item: dict[str, Any] = {
        "id": ident,
        "body": {"text": text, "lang": "en"},
        "meta": {"posted": posted, "channel": "facebook"},
        "user": {"handle": "@jo_travels", "followers": "1520"},
        "links": [{"rel": "self", "href": f"https://inbox.example.com/t/{ident}"}],
        "stats": {"likes": 12.0, "shares": "n/a", "replies": 3},
    }
    item.update(extra)
    return item


def envelope(items: list[dict]) -> dict:
    return {"status": "ok", "data": {"items": items, "next": None}, "count": len(items)}


def make_source(
    httpserver: HTTPServer, environ: dict[str, str] | None = None, **spec: Any
) -> JsonSource:
    config = JsonSourceConfig.model_validate(
        {
            "type": "json",
            "name": "inbox",
            "url": httpserver.url_for("/api/mentions"),
            "items": "data.items",
            "fields": FIELDS,
        }
        | spec
    )
    return JsonSource(config, environ or {})


async def poll(source: JsonSource) -> list:
    async with make_client() as client:
        return await source.poll(client)


async def test_nested_items_mapped_with_ms_and_iso_times(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/mentions").respond_with_json(
        envelope(
            [
                ticket(981, "Acme Air cancelled again", 1_773_129_600_000),
                ticket("t-982", "Acme Air staff were lovely", "2026-03-10T08:05:00Z"),
                ticket("t-983", "Where is my refund, Acme Air?", "2026-03-10T10:10:00+02:00"),
                ticket("t-984", "Acme Air naive stamp", "2026-03-10 08:15:00"),
            ]
        )
    )
    source = make_source(httpserver)
    items = await poll(source)

    assert [i.external_id for i in items] == ["981", "t-982", "t-983", "t-984"]
    first = items[0]
    assert first.text == "Acme Air cancelled again"
    assert first.created_at == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert (first.author, first.author_followers, first.lang) == ("@jo_travels", 1520, "en")
    assert first.url == "https://inbox.example.com/t/981"
    assert (first.likes, first.reposts, first.replies) == (12, None, 3)
    assert [i.created_at.strftime("%H:%M") for i in items[1:]] == ["08:05", "08:10", "08:15"]
    assert all(i.created_at.tzinfo is not None for i in items)
    assert source.kind == "json" and not source.finished and source.skipped == 0


async def test_top_level_list_and_epoch_seconds(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/mentions").respond_with_json(
        [{"id": 1, "msg": "hello", "ts": 1_773_129_600}]
    )
    source = make_source(
        httpserver, items="", fields={"id": "id", "text": "msg", "created_at": "ts"}
    )
    (item,) = await poll(source)
    assert item.created_at == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert item.author is None and item.likes is None


async def test_a_number_too_long_to_read_costs_only_its_count(httpserver: HTTPServer) -> None:
    """5,000 digits of likes failed every poll ("Exceeds the limit (4300 digits)…") and took
    the other items with it."""
    liar = ticket("t-1", "Acme Air lost my bag", "2026-03-10T08:00:00Z")
    liar["stats"]["likes"] = "LIKES"
    text = json.dumps(envelope([liar, ticket("t-2", "Acme Air again", "2026-03-10T08:01:00Z")]))
    body = text.replace('"LIKES"', "9" * 5000)
    httpserver.expect_request("/api/mentions").respond_with_data(
        body, content_type="application/json"
    )
    items = await poll(make_source(httpserver))
    assert [(i.external_id, i.likes) for i in items] == [("t-1", None), ("t-2", 12)]
    assert items[0].replies == 3  # the item's other numbers as served


async def test_items_missing_fields_are_skipped_and_counted(httpserver: HTTPServer) -> None:
    no_text = ticket("t-2", None, "2026-03-10T08:00:00Z")
    del no_text["body"]
    httpserver.expect_request("/api/mentions").respond_with_json(
        envelope(
            [
                ticket("t-1", "Acme Air again", "2026-03-10T08:00:00Z"),
                no_text,
                ticket(None, "no id here", "2026-03-10T08:00:00Z"),
                ticket("t-4", "no time, refused", None),
            ]
        )
    )
    source = make_source(httpserver)
    items = await poll(source)
    assert [i.external_id for i in items] == ["t-1"]  # an unknown time is never "now"
    assert source.skipped == 3
    assert source.last_problem == "item 1: fields.text 'body.text': no 'body'"
    assert source.note == (
        "3 of 4 items skipped: 1 no text, 1 no id, 1 no usable time "
        "(item 1: fields.text 'body.text': no 'body')"
    )


async def test_all_bad_items_name_the_path(httpserver: HTTPServer) -> None:
    items = [{"id": n, "content": "x", "meta": {"posted": 0}} for n in range(3)]
    httpserver.expect_request("/api/mentions").respond_with_json(envelope(items))
    with pytest.raises(SourceError) as caught:
        await poll(make_source(httpserver))
    assert caught.value.reason == (
        "none of 3 items had the mapped fields: item 0: fields.text 'body.text': no 'body'"
    )


async def test_a_time_written_as_zero_is_no_time(httpserver: HTTPServer) -> None:
    """A backlog dated 0 (or -5, or 0001) was stored as arriving now: a surge from nowhere."""
    posted = ("2026-03-10T08:00:00Z", 0, -5, "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z")
    tickets = [ticket(f"t-{n}", "Acme Air again", when) for n, when in enumerate(posted)]
    httpserver.expect_request("/api/mentions").respond_with_json(envelope(tickets))
    source = make_source(httpserver)
    assert [i.external_id for i in await poll(source)] == ["t-0"]
    assert source.note == (
        "4 of 5 items skipped: no usable time (item 1: fields.created_at 'meta.posted': "
        "is 1970-01-01, a missing time written as zero)"
    )


async def test_empty_list_is_no_items_not_an_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/mentions").respond_with_json(envelope([]))
    assert await poll(make_source(httpserver)) == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"data": {"items": {"a": 1}}}, "items path 'data.items' is not a list (found object)"),
        ({"data": {"items": None}}, "items path 'data.items' is not a list (found null)"),
        ({"data": {"entries": []}}, "items path 'data.items' not found: no 'items' in 'data'"),
        ({"data": "maintenance"}, "not found: found string in 'data', not an object or list"),
    ],
)
async def test_items_path_problems(httpserver: HTTPServer, body: object, reason: str) -> None:
    httpserver.expect_request("/api/mentions").respond_with_json(body)
    with pytest.raises(SourceError) as caught:
        await poll(make_source(httpserver))
    assert reason in caught.value.reason


async def test_bearer_token_from_environment(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/api/mentions", headers={"Authorization": "Bearer sk-live-123"}
    ).respond_with_json(envelope([ticket("t-1", "Acme Air", "2026-03-10T08:00:00Z")]))
    source = make_source(httpserver, {"INBOX_TOKEN": "sk-live-123"}, token_env="INBOX_TOKEN")
    assert len(await poll(source)) == 1
    httpserver.check_assertions()


async def test_missing_token_variable_is_named(httpserver: HTTPServer) -> None:
    source = make_source(httpserver, {"OTHER": "sk-live-123"}, token_env="INBOX_TOKEN")
    with pytest.raises(SourceError, match="environment variable INBOX_TOKEN is not set"):
        await poll(source)
    assert httpserver.log == []


async def test_conditional_get_and_304(httpserver: HTTPServer) -> None:
    etag, modified = '"v1-5f2a"', "Tue, 10 Mar 2026 08:00:00 GMT"
    httpserver.expect_ordered_request("/api/mentions").respond_with_json(
        envelope([ticket("t-1", "Acme Air", "2026-03-10T08:00:00Z")]),
        headers={"ETag": etag, "Last-Modified": modified},
    )
    httpserver.expect_ordered_request(
        "/api/mentions", headers={"If-None-Match": etag, "If-Modified-Since": modified}
    ).respond_with_data("", status=304)
    source = make_source(httpserver)
    async with make_client() as client:
        assert len(await source.poll(client)) == 1
        assert await source.poll(client) == []
    httpserver.check_assertions()


async def test_http_failures_are_readable(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/api/mentions").respond_with_data("<h1>oops</h1>")
    httpserver.expect_ordered_request("/api/mentions").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "15"}
    )
    source = make_source(httpserver)
    async with make_client() as client:
        with pytest.raises(SourceError, match="invalid JSON"):
            await source.poll(client)
        with pytest.raises(SourceError, match="rate limited") as caught:
            await source.poll(client)
    assert caught.value.retry_after == pytest.approx(15)


def test_paths_times_and_numbers() -> None:
    doc = {"a": [{"b": 1}, {"b": 2}]}
    assert resolve(doc, "a.1.b") == (2, None)
    assert resolve(doc, "a.5.b")[1] == "index 5 is past the end in 'a' (2 items)"
    assert resolve(doc, "a.x")[1] == "'x' is not a list index in 'a'"
    assert parse_time("2026-03-10T08:00:00.250Z") == datetime(2026, 3, 10, 8, 0, 0, 250_000, UTC)
    assert parse_time("1773129600") == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert parse_time(1_773_129_600_500) == datetime(2026, 3, 10, 8, 0, 0, 500_000, UTC)
    assert parse_time("next tuesday") is None
    assert parse_time(253_402_300_800) is None  # the year 10000 in seconds: no 1978 in ms
    assert parse_time(True) is None and parse_time(float("nan")) is None
    values = (7, 7.9, "42", " 3.0 ", "1e3", "many", True, None, [1])
    assert [to_count(v) for v in values] == [7, 7, 42, 3, 1000, None, None, None, None]


@pytest.mark.parametrize(
    ("content_type", "encoding", "text", "expected"),
    [
        ("application/json; charset=iso-8859-1", "latin-1", "Acme Air café", "Acme Air café"),
        ("application/json; charset=windows-1252", "cp1252", "Acme Air’s café", "Acme Air’s café"),
        ("application/json", "latin-1", "Acme Air café", "Acme Air caf\ufffd"),  # UTF-8 by rule
        # a server's default label on a UTF-8 body: the body is read as it is written
        ("application/json; charset=ISO-8859-1", "utf-8", "Acme Air café", "Acme Air café"),
    ],
    ids=["latin-1", "windows-1252", "undeclared", "utf-8 labelled latin-1"],
)
async def test_a_body_not_in_utf8_keeps_its_items(
    httpserver: HTTPServer, content_type: str, encoding: str, text: str, expected: str
) -> None:
    """One "\\xe9" failed the whole poll as invalid JSON, on every poll."""
    items = [
        ticket("t-1", text, "2026-03-10T08:00:00Z"),
        ticket("t-2", "Acme Air delayed again", "2026-03-10T08:01:00Z"),
    ]
    body = json.dumps(envelope(items), ensure_ascii=False).encode(encoding)
    assert "café".encode(encoding) in body
    httpserver.expect_request("/api/mentions").respond_with_data(body, content_type=content_type)
    items = await poll(make_source(httpserver))
    assert [i.text for i in items] == [expected, "Acme Air delayed again"]
    assert httpserver.log[0][1].headers["Content-Type"] == content_type


def test_collect_says_how_many_items_were_skipped_and_why(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """`collect` printed "3 new / 3 fetched" for 9 items, 6 of them dropped without a word."""
    now = int(time.time())
    unusable = [None, "soon", "", {}, "yesterday", "2026-13-45"]
    items = [
        {"key": f"T-{n}", "body": f"Acme Air ticket {n}", "opened": now - 60 * n}
        if n % 3 == 0
        else {"key": f"T-{n}", "body": f"Acme Air ticket {n}", "opened": unusable.pop()}
        for n in range(9)
    ]
    httpserver.expect_request("/tickets.json").respond_with_json({"data": {"items": items}})
    config = tmp_path / "tickets.toml"
    config.write_text(
        f"""
[brand]
name = "Acme Air"
terms = ["acme air"]

[storage]
path = "tickets.db"

[[sources]]
type = "json"
name = "tickets"
url = "{httpserver.url_for("/tickets.json")}"
items = "data.items"
fields = {{ id = "key", text = "body", created_at = "opened" }}
""",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "crisistui", "collect", "--once", "-c", str(config)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "tickets: 3 new / 3 fetched; 6 of 9 items skipped: no usable time "
        "(item 1: fields.created_at 'opened': is string, not a time "
        "(ISO-8601, or epoch seconds or milliseconds))"
    ]
    assert "skipped" not in result.stderr  # said once, on the poll's own line
    status = [sys.executable, "-m", "crisistui", "status", "-c", str(config), "--json"]
    report = json.loads(
        subprocess.run(status, capture_output=True, text=True, timeout=60, check=False).stdout
    )
    assert report["source_notes"] == {
        "tickets": "6 of 9 items skipped: no usable time "
        "(item 1: fields.created_at 'opened': is string, not a time "
        "(ISO-8601, or epoch seconds or milliseconds))"
    }


async def test_an_endpoint_grown_past_the_limit_is_named_and_the_limit_can_be_raised(
    httpserver: HTTPServer,
) -> None:
    """An in-house endpoint serving "the last hours" grows with the surge: past 8 MiB the
    source went dark, its error naming no limit, and the limit could not be set."""
    posted = "2026-03-10T08:15:30Z"
    items = [ticket(n, f"Acme Air lost my bag {n} " + "x" * 900, posted) for n in range(10_000)]
    body = json.dumps(envelope(items))
    assert 8 * 2**20 < len(body) < 12 * 2**20
    httpserver.expect_request("/api/mentions").respond_with_data(
        body, content_type="application/json"
    )
    async with make_client() as client:
        with pytest.raises(SourceError, match=r"over the limit of 8 MiB\)$"):
            await make_source(httpserver).poll(client)
        found = await make_source(httpserver, max_response_mb=16).poll(client)
    assert len(found) == 10_000


PLAIN_TYPED = [
    ("Your checkout shows <script> in the price field. Acme Air please fix!", None),
    ('Acme Air support said "<wait 5 days>", unacceptable', None),
    ("Acme Air: the fare went from 100 to 1000 when x<y and y>z", None),
    ("Acme Air lost my bag, see ?id=5&copy=2", None),
    ("<p>Acme Air refunded me <b>at once</b></p>", "Acme Air refunded me at once"),
]


@pytest.mark.parametrize("text_format", ["auto", "plain", "html", "verbatim"])
async def test_a_text_field_is_read_as_it_is_written(
    httpserver: HTTPServer, text_format: str
) -> None:
    """An in-house desk serves what customers typed: read as HTML, "<script>" took the rest of
    the complaint with it (and the brand's name, so the post was dropped), and "<wait 5 days>"
    vanished. ``auto`` reads markup only where there is markup."""
    from crisistui.domain.text import normalise

    items = [ticket(i, text, "2026-03-10T08:00:00Z") for i, (text, _) in enumerate(PLAIN_TYPED)]
    httpserver.expect_request("/api/mentions").respond_with_json(envelope(items))
    got = [
        normalise(item.text)
        for item in await poll(make_source(httpserver, text_format=text_format))
    ]
    typed = [text for text, _ in PLAIN_TYPED]
    if text_format == "auto":
        assert got == [markup or text for text, markup in PLAIN_TYPED]
    elif text_format in ("plain", "verbatim"):
        assert got == typed  # tags and all, as typed
    else:
        assert got[0] == "Your checkout shows"  # as HTML: a script runs to the end
        assert got[-1] == "Acme Air refunded me at once"
