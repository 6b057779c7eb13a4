"""Counts kept per batch equal counts kept per row: the facet tables (by hour and by day) and
the other analytics after batched inserts equal a recount from the stored mentions, on both
backends; on SQLite they equal, row for row, what the per-row triggers make of the same
mentions inserted one at a time by another writer."""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.time import to_epoch
from crisistui.domain.words import domain_of, mention_words
from crisistui.store import Store, open_store
from crisistui.store.errors import StoreError
from crisistui.store.rows import INSERT_FIELDS, mention_row
from crisistui.store.sqlite import store as sqlite_backend

START = datetime(2026, 3, 1, 22, 59, 1, tzinfo=UTC)
TEXTS = (
    "Still waiting for my #Refund from Acme Air #refund, three weeks now",
    "Acme Air lost my bag at JFK again #fail #AcmeAir",
    "le remboursement n'arrive pas, service client nul",
    "退款 还没到",
    "Zephyr Airlines delays again… #delay #12345",
    "",
)
URLS = ("https://x.example/a/1", "https://www.news.example.org/s?x=1", "http://[oops", None)
FACET_TABLES = ("facet_hours", "facet_days")
TABLES = {
    "facet_hours": "SELECT kind, hour, subject, value, volume, negative, reach FROM facet_hours",
    "facet_days": "SELECT kind, day, subject, value, volume, negative, reach FROM facet_days",
    "author_totals": "SELECT subject, author, volume, reach FROM author_totals",
    "rollups": "SELECT * FROM rollups",
    "language_rollups": "SELECT * FROM language_rollups",
    "trigger_rollups": "SELECT * FROM trigger_rollups",
}


def _mentions(count: int = 600, seed: int = 5) -> list[Mention]:
    """Mentions around hour and day boundaries, from a few authors, with repeats."""
    rng = random.Random(seed)
    found = []
    for i in range(count):
        label = rng.choice(list(Sentiment))
        found.append(
            Mention(
                source=rng.choice(("x", "mastodon", "news")),
                external_id=f"e{rng.randrange(count)}",  # about a third are repeats
                text=rng.choice(TEXTS) + (f" word{rng.randrange(9)}" if i % 2 else ""),
                created_at=START + timedelta(seconds=rng.randrange(-7200, 2 * 86_400, 7)),
                subject=rng.choice(("Acme Air", "Zephyr Airlines")),
                is_competitor=False,
                sentiment=rng.choice((-0.61, 0.1, 0.3, 0.0)),
                label=label,
                reach=rng.choice((0, 12, 45_000)),
                fingerprint=f"fp{i}",
                author=rng.choice(("@alice", "@bob", None, "@émile")),
                url=rng.choice(URLS),
                lang=rng.choice(("en", "fr", None, "zh")),
                triggers=rng.choice(((), (("boycott", "boycott"),), (("outage", "down"),))),
            )
        )
    return found


MENTIONS = _mentions()


def _truncated(seconds: int, by: int) -> int:
    """The databases' integer division: towards zero."""
    return -(-seconds // by) if seconds < 0 else seconds // by


def recount_facets(mentions: list[Mention]) -> dict[str, set[tuple]]:
    """Each facet table as its rows, counted from the mentions one by one."""
    tables: dict[str, set[tuple]] = {}
    for table, seconds in (("facet_hours", 3600), ("facet_days", 86_400)):
        counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        for m in mentions:
            bucket = _truncated(to_epoch(m.created_at), seconds)
            values = [("s", m.source), ("l", m.lang or "")]
            if (domain := domain_of(m.url)) is not None:
                values.append(("d", domain))
            values += [
                ("t" if w.startswith("#") else "w", w) for w in mention_words(m.text, m.lang)
            ]
            for kind, value in values:
                row = counts[(kind, bucket, m.subject, value)]
                row[0] += 1
                row[1] += m.label is Sentiment.NEGATIVE
                row[2] += m.reach
        tables[table] = {(*key, *n) for key, n in counts.items()}
    return tables


def recount_authors(mentions: list[Mention]) -> set[tuple]:
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for m in mentions:
        if m.author is not None:
            for subject in (m.subject, ""):
                totals[(subject, m.author)][0] += 1
                totals[(subject, m.author)][1] += m.reach
    return {(*key, *n) for key, n in totals.items()}


async def _rows(store: Store, sql: str) -> set[tuple]:
    return {tuple(row) for row in await store._sql.rows(sql)}  # type: ignore[attr-defined]


BATCHES = ((0, 1), (1, 90), (90, 91), (60, 400), (400, 600), (0, 700))
"""Uneven batches, each adding to the rows of the ones before; some repeat earlier ones."""


async def _store_in_batches(store: Store, mentions: list[Mention]) -> None:
    for first, last in BATCHES:
        await store.add_mentions(mentions[first:last], START + timedelta(days=3))


@pytest.fixture(params=[1, sqlite_backend.COUNT_BATCH_FROM], ids=["every-batch", "large-batches"])
def counted_from(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """From how many mentions a SQLite batch counts itself (below: the per-row triggers)."""
    monkeypatch.setattr(sqlite_backend, "COUNT_BATCH_FROM", request.param)
    return int(request.param)


async def test_batched_facet_counts_equal_a_recount(store: Store, counted_from: int) -> None:
    await _store_in_batches(store, MENTIONS)
    stored = [m async for m in store.iter_mentions()]
    assert len(stored) < len(MENTIONS)  # the repeats were skipped
    recounted = recount_facets(stored)
    for table in FACET_TABLES:
        assert await _rows(store, TABLES[table]) == recounted[table], table
    assert await _rows(store, TABLES["author_totals"]) == recount_authors(stored)


def _insert_one_by_one(path: Path, mentions: list[Mention]) -> None:
    """Another writer (``migrate``, a script) inserting rows itself: the per-row triggers
    count them."""
    columns = ", ".join(INSERT_FIELDS)
    marks = ", ".join("?" * len(INSERT_FIELDS))
    with sqlite3.connect(path) as raw:
        for m in mentions:
            raw.execute(
                f"INSERT INTO mentions ({columns}) VALUES ({marks}) "
                "ON CONFLICT (source, external_id) DO NOTHING",
                mention_row(m, to_epoch(START)),
            )
    raw.close()


async def test_batches_count_what_the_per_row_triggers_count(
    tmp_path: Path, counted_from: int
) -> None:
    """Every count and sum, to the last bit of the sentiment sums: a batch is counted as its
    rows inserted one at a time would be, before 1970 as after it."""
    early = [
        replace(m, created_at=datetime(1969, 12, 31, 23, 0, 1, tzinfo=UTC) - timedelta(hours=i))
        for i, m in enumerate(MENTIONS[:30])
    ]
    mentions = [*early, *MENTIONS]
    async with await open_store(tmp_path / "batched.db") as batched:
        await _store_in_batches(batched, mentions)
        by_batch = {name: await _rows(batched, sql) for name, sql in TABLES.items()}
        assert await _rows(batched, "SELECT * FROM ingest_batch") == set()
    async with await open_store(tmp_path / "by_row.db"):
        pass
    _insert_one_by_one(
        tmp_path / "by_row.db", [m for first, last in BATCHES for m in mentions[first:last]]
    )
    async with await open_store(tmp_path / "by_row.db") as by_row:
        for name, sql in TABLES.items():
            assert await _rows(by_row, sql) == by_batch[name], name


async def test_a_refused_batch_leaves_no_counts_and_holds_no_trigger_back(
    sqlite_store: Store, counted_from: int
) -> None:
    await sqlite_store.add_mentions(MENTIONS[:50], START)
    before = {name: await _rows(sqlite_store, sql) for name, sql in TABLES.items()}
    with pytest.raises((StoreError, ValueError)):
        await sqlite_store.add_mentions(
            [*MENTIONS[50:60], replace(MENTIONS[61], reach=2**70)], START
        )
    for name, sql in TABLES.items():
        assert await _rows(sqlite_store, sql) == before[name], name
    assert await _rows(sqlite_store, "SELECT * FROM ingest_batch") == set()
    await sqlite_store.add_mentions(MENTIONS[50:100], START)
    stored = [m async for m in sqlite_store.iter_mentions()]
    assert await _rows(sqlite_store, TABLES["facet_days"]) == recount_facets(stored)["facet_days"]
