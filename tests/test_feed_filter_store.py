"""The feed filter in the store: each part of a query against a small history, both ways the
query can run (read by id from the text index, or walked down the time index), and the text
index kept for a file made before it existed."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.domain.feed_query import parse_feed_query
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.time import to_epoch
from crisistui.store import Store, open_store
from crisistui.store.sqlite.schema import MIGRATIONS, SCHEMA_VERSION
from crisistui.store.tables import search as search_module

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SUBJECTS = ["Acme Air", "Zephyr Airlines"]

ACME, ZEPHYR = SUBJECTS
# (text, author, source, subject, label, reach): newest last, one minute apart
ROWS = [
    ("Acme Air refund still missing", "@ana", "x", ACME, "negative", 50),
    ("Remboursement refusé par Acme Air", "@bignews", "mastodon-social", ACME, "negative", 900_000),
    ("Great crew on Acme Air today", "@bo", "bluesky", ACME, "positive", 10),
    ("Zephyr Airlines refunds are quick", "@cy@mastodon.social", "demo-mastodon", ZEPHYR,
     "positive", 2_000),
    ("Acme Air customer service on hold for hours", "u/dee", "reddit", ACME, "negative", 1_500),
    ("Is Acme Air customer-service open? Refund question", "@ana", "x", ACME, "neutral", 300),
    ("Acme Air 航班延误 again", "@eve.bsky.social", "bluesky", ACME, "negative", 40),
    ("[bold]x[/] Acme Air REFUND please", "@bignews", "x", ACME, "negative", 1_200_000),
]  # fmt: skip
LANGS = ["en", "fr", None, "en", "en", "en", "zh", "en"]
"""Each row's language; the third's could not be told."""


def mention(i: int, text: str, author: str, source: str, subject: str, label: str, reach: int):
    return Mention(
        source=source,
        external_id=f"m{i}",
        text=text,
        created_at=NOW - timedelta(minutes=len(ROWS) - i),
        subject=subject,
        is_competitor=subject != "Acme Air",
        sentiment={"negative": -0.5, "positive": 0.5, "neutral": 0.0}[label],
        label=Sentiment(label),
        reach=reach,
        fingerprint=f"fp{i}",
        author=author,
        author_followers=reach,
        lang=LANGS[i] if i < len(LANGS) else "en",
    )


MENTIONS = [mention(i, *row) for i, row in enumerate(ROWS)]


@pytest.fixture(params=["index", "walk"])
async def history(request, store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The small history, queried by id from the text index or by walking the time index
    in windows of two mentions (so several windows are read)."""
    if request.param == "walk":
        monkeypatch.setattr(search_module, "INDEX_DRIVES_BELOW", 1)
        monkeypatch.setattr(search_module, "FIRST_WINDOW", 2)
    await store.add_mentions(MENTIONS, NOW)
    return store


async def texts(store: Store, query: str, limit: int = 50) -> list[str]:
    page = await store.filtered_mentions(parse_feed_query(query, SUBJECTS), limit)
    return [m.text for m in page.mentions]


def newest_first(*indexes: int) -> list[str]:
    return [ROWS[i][0] for i in sorted(indexes, reverse=True)]


async def test_every_word_must_appear_case_and_accent_insensitively(history: Store) -> None:
    assert await texts(history, "refund") == newest_first(0, 5, 7)
    assert await texts(history, "REFUND acme question") == newest_first(5)
    assert await texts(history, "rembourse") == []  # whole words only
    assert await texts(history, "rembourse*") == newest_first(1)
    assert await texts(history, "REMBOURSEMENT REFUSE") == newest_first(1)
    assert await texts(history, "refund*") == newest_first(0, 3, 5, 7)


async def test_phrases_keep_their_order(history: Store) -> None:
    assert await texts(history, '"customer service"') == newest_first(4, 5)
    assert await texts(history, '"service customer"') == []
    assert await texts(history, '"on hold for"') == newest_first(4)


async def test_each_qualifier(history: Store) -> None:
    assert await texts(history, "from:@bignews") == newest_first(1, 7)
    assert await texts(history, "from:BIGNEWS") == newest_first(1, 7)
    assert await texts(history, "from:cy") == newest_first(3), "a mastodon handle"
    assert await texts(history, "from:eve") == newest_first(6), "a bluesky handle"
    assert await texts(history, "from:dee") == newest_first(4), "a reddit user"
    assert await texts(history, "from:an") == [], "a whole name, not its start"
    assert await texts(history, "source:mastodon") == newest_first(1, 3)
    assert await texts(history, "source:x") == newest_first(0, 5, 7)
    assert await texts(history, "source:mastodon-social") == newest_first(1)
    assert await texts(history, "sentiment:pos") == newest_first(2, 3)
    assert await texts(history, "sentiment:neu,pos") == newest_first(2, 3, 5)
    assert await texts(history, "subject:zephyr") == newest_first(3)
    assert await texts(history, "reach:>1000") == newest_first(1, 3, 4, 7)
    assert await texts(history, "reach:>=1k reach:<1m") == newest_first(1, 3, 4)


async def test_languages_by_code_name_or_not(history: Store) -> None:
    assert await texts(history, "lang:fr") == newest_first(1)
    assert await texts(history, "lang:fr,zh") == newest_first(1, 6)
    assert await texts(history, "lang:French lang:ZH") == newest_first(1, 6)
    assert await texts(history, "lang:!en") == newest_first(1, 2, 6), "unknown passes"
    assert await texts(history, "lang:!en,!zh rembourse*") == newest_first(1)
    assert await texts(history, "lang:en sentiment:neg") == newest_first(0, 4, 7)
    assert await texts(history, "lang:none") == newest_first(2), "no language told"
    assert await texts(history, "lang:fr,unknown") == newest_first(1, 2)
    assert await texts(history, "lang:!none,!en") == newest_first(1, 6)


async def test_parts_combine(history: Store) -> None:
    assert await texts(history, "refund sentiment:neg") == newest_first(0, 7)
    assert await texts(history, "refund from:@bignews") == newest_first(7)
    assert await texts(history, "from:@ana from:@bignews reach:<1000") == newest_first(0, 5)
    assert await texts(history, "acme source:x sentiment:neg reach:>100") == newest_first(7)


async def test_markup_and_spaceless_scripts_are_plain_text(history: Store) -> None:
    assert await texts(history, '"[bold]x[/]"') == newest_first(7)
    assert await texts(history, "延误") == newest_first(6)
    assert await texts(history, "延误 from:eve") == newest_first(6)
    # the same delay in traditional characters, as Taiwan and Hong Kong write it
    assert await texts(history, "延誤") == newest_first(6)


async def test_emoji_are_found_inside_the_text(store: Store) -> None:
    """Storms are written in emoji too; one typed bare finds it with a skin tone or as an emoji
    presentation, and punctuation that only looks alike does not match."""
    rows = ["Gate 12 again 🔥🔥", "✈️ delayed 3h 👍🏽 thanks Acme Air", "Acme Air 👍", "Acme Air!!!"]
    made = [
        replace(MENTIONS[0], external_id=f"e{i}", text=text, fingerprint=f"e{i}",
                created_at=NOW + timedelta(minutes=i))
        for i, text in enumerate(rows)
    ]  # fmt: skip
    await store.add_mentions(made, NOW)
    assert await texts(store, "🔥") == [rows[0]]
    assert await texts(store, "👍") == [rows[2], rows[1]]
    assert await texts(store, "✈") == [rows[1]] == await texts(store, "✈️")
    assert await texts(store, "👍 thanks") == [rows[1]]


async def test_newest_first_and_limited(history: Store) -> None:
    assert await texts(history, "acme", limit=3) == newest_first(5, 6, 7)
    assert await texts(history, "sentiment:neg", limit=2) == newest_first(6, 7)


async def test_live_part_reads_only_what_arrived_since(history: Store) -> None:
    query = parse_feed_query("refund", SUBJECTS)
    page = await history.filtered_mentions(query, 50, after_id=6)
    assert [m.id for m in page.mentions] == [8]
    later = mention(8, "Another refund story", "@fi", "x", "Acme Air", "negative", 5)
    other = mention(9, "Nothing to see", "@fi", "x", "Acme Air", "neutral", 5)
    await history.add_mentions([later, other], NOW)
    page = await history.filtered_mentions(query, 50, after_id=8)
    assert [m.text for m in page.mentions] == ["Another refund story"]


async def test_a_walk_stops_at_its_budget_and_says_so(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "FIRST_WINDOW", 2)
    await store.add_mentions(MENTIONS, NOW)
    query = parse_feed_query("reach:>100000", SUBJECTS)
    page = await store.filtered_mentions(query, 50, budget=4)
    assert [m.text for m in page.mentions] == newest_first(7)
    assert page.searched == 4, "the older @bignews mention lies beyond the newest 4"
    whole = await store.filtered_mentions(query, 50)
    assert [m.text for m in whole.mentions] == newest_first(1, 7)
    assert whole.searched is None
    full = await store.filtered_mentions(parse_feed_query("acme"), 2, budget=4)
    assert len(full.mentions) == 2 and full.searched is None, "a full feed needs no note"


async def test_a_walk_reuses_its_windows_and_still_finds_what_arrived_since(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A console runs filter after filter: the walk's window bounds are kept between them
    while little has arrived, and a mention stored since, the newest or a late one dated
    among the old, is found all the same."""
    monkeypatch.setattr(search_module, "INDEX_DRIVES_BELOW", 1)
    monkeypatch.setattr(search_module, "FIRST_WINDOW", 2)
    monkeypatch.setattr(search_module, "FLOOR_DRIFT", 1)  # kept while at most a window came
    await store.add_mentions(MENTIONS, NOW)
    assert await texts(store, "refund", limit=3) == newest_first(0, 5, 7)
    newest = mention(8, "Another refund story", "@fi", "x", ACME, "negative", 5)
    late = replace(
        mention(9, "A late refund report", "@fi", "x", ACME, "negative", 5),
        created_at=NOW - timedelta(minutes=4, seconds=30),  # between rows 3 and 4
    )
    await store.add_mentions([newest, late], NOW)
    assert await texts(store, "refund", limit=3) == ["Another refund story", *newest_first(7, 5)]
    assert await texts(store, "refund sentiment:neg", limit=3) == [
        "Another refund story",
        ROWS[7][0],
        "A late refund report",
    ]


async def test_windows_found_while_a_filter_is_typed_serve_the_filter(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console finds where the walk's windows begin while the filter is typed: the
    filter then reads no window's bounds itself, and finds what it would have found."""
    monkeypatch.setattr(search_module, "INDEX_DRIVES_BELOW", 1)
    monkeypatch.setattr(search_module, "FIRST_WINDOW", 2)
    await store.add_mentions(MENTIONS, NOW)
    bounds_read: list[str] = []
    row = store._sql.row  # type: ignore[attr-defined]

    async def watched(sql: str, params: object = ()) -> object:
        if "AS newest" in sql:
            bounds_read.append(sql)
        return await row(sql, params)

    monkeypatch.setattr(store._sql, "row", watched)  # type: ignore[attr-defined]
    await store.prepare_feed_filter()
    assert bounds_read, "preparing reads the bounds"
    bounds_read.clear()
    assert await texts(store, "refund", limit=3) == newest_first(0, 5, 7)
    assert await texts(store, "refund sentiment:neg", limit=3) == newest_first(0, 7)
    assert bounds_read == []


def old_file(path: Path, version: int, mentions: list[Mention]) -> None:
    """A file at schema ``version`` holding ``mentions``, as that version's code wrote them
    (their words, facets and later columns left for the upgrade)."""
    columns = (
        "source, external_id, created_at, ingested_at, subject, is_competitor, text, author, "
        "sentiment, label, reach, fingerprint, triggers"
    )
    with sqlite3.connect(path) as raw:
        for script in MIGRATIONS[:version]:
            raw.executescript(script)
        raw.execute(f"PRAGMA user_version = {version}")
        raw.executemany(
            f"INSERT INTO mentions ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')",
            [
                (m.source, m.external_id, to_epoch(m.created_at), to_epoch(NOW), m.subject,
                 int(m.is_competitor), m.text, m.author, m.sentiment, m.label.value, m.reach,
                 m.fingerprint)
                for m in mentions
            ],
        )  # fmt: skip
    raw.close()


async def test_a_version_6_file_migrates_keeping_every_row_and_indexes_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    old_file(path, 6, MENTIONS)
    store = await open_store(path)
    try:
        assert await store.schema_version() == SCHEMA_VERSION
        assert await store.mention_count() == len(MENTIONS)
        assert [m.text for m in await store.recent_mentions(50)] == newest_first(*range(8))
        assert await texts(store, "refund") == newest_first(0, 5, 7)
        assert await texts(store, "from:@bignews") == newest_first(1, 7)
        later = mention(8, "A new refund complaint", "@fi", "x", "Acme Air", "negative", 5)
        await store.add_mentions([later], NOW)
        assert (await texts(store, "refund"))[0] == "A new refund complaint"
    finally:
        await store.close()


async def test_a_hashtag_run_into_chinese_text_is_found_by_its_tag(store: Store) -> None:
    """The analytics listed #orbitamobile for "#OrbitaMobile客服很差" (the tag ends where the
    script changes), and enter on it showed an empty feed: the index holds the whole run as
    one token."""
    glued = [
        replace(MENTIONS[0], external_id="g1", text="#OrbitaMobile客服很差", fingerprint="g1"),
        replace(MENTIONS[1], external_id="g2", text="#OrbitaMobileFans rock", fingerprint="g2"),
        replace(MENTIONS[2], external_id="g3", text="#2024election day", fingerprint="g3"),
    ]
    await store.add_mentions(glued, NOW)
    assert await texts(store, "#orbitamobile") == ["#OrbitaMobile客服很差"]
    assert await texts(store, "#2024election") == ["#2024election day"]
