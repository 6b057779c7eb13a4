"""PostgreSQL: collectors insert mentions at once, and no reader following "since id N" ever
skips a batch that drew lower ids but committed later; the rollups stay exact.

Writers and readers are real connections to the test server. Their order is forced: a batch is
held open in its own transaction (or held inside its trigger by a row lock another connection
holds) while a later batch draws higher ids and commits, and only then let go.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from crisistui.domain.feed_query import parse_feed_query
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.time import to_epoch
from crisistui.store import Store, open_store
from crisistui.store.postgres.schema import MIGRATIONS, SCHEMA_VERSION
from crisistui.store.rows import INSERT_FIELDS, mention_row

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=1)
BRAND = "Acme Air"
RIVAL = "Bolt Jet"
SCORES = (0.5, -0.75, 0.25, -0.125, 0.0, 1.0)
"""Sentiments whose sums are exact in any order: a float sum of these does not depend on the
order batches reach a rollup, so totals must equal a recount to the last bit."""
LABELS = (
    Sentiment.POSITIVE,
    Sentiment.NEGATIVE,
    Sentiment.NEUTRAL,
    Sentiment.NEGATIVE,
    Sentiment.UNSCORED,
    Sentiment.POSITIVE,
)
TRIGGERS = ((), (("outage", "down"),), (("outage", "down"), ("safety", "smoke")))
_numbers = itertools.count(1)


def mention(
    key: str, *, subject: str = BRAND, minute: int = 0, source: str = "test", n: int | None = None
) -> Mention:
    """A mention whose fields vary with ``n`` over every rollup's columns (labels, languages,
    trigger terms, hashtags, links, authors)."""
    n = next(_numbers) if n is None else n
    return Mention(
        source=source,
        external_id=key,
        text=f"#delay {key} refund word{n % 5} at gate {n % 3}",
        created_at=T0 + timedelta(minutes=minute, seconds=n % 60),
        subject=subject,
        is_competitor=subject != BRAND,
        sentiment=SCORES[n % len(SCORES)],
        label=LABELS[n % len(LABELS)],
        reach=10 * n,
        fingerprint=f"fp{n % 7}",
        author=f"author{n % 4}" if n % 5 else None,
        url=f"https://site{n % 3}.example/{key}" if n % 2 else None,
        lang=("en", "de", None)[n % 3],
        triggers=TRIGGERS[n % len(TRIGGERS)],
    )


@pytest.fixture
async def stores(pg_url: str) -> AsyncIterator[Callable[[], Awaitable[Store]]]:
    """Opens stores on the test's database; all closed after the test."""
    opened: list[Store] = []

    async def make() -> Store:
        store = await open_store(pg_url)
        opened.append(store)
        return store

    yield make
    for store in opened:
        await store.close()


def elsewhere(key: str) -> Mention:
    """A mention that shares no rollup, facet or author row with ``mention``'s of the brand,
    so that its batch never waits for a brand batch held open."""
    return replace(mention(key, subject=RIVAL, minute=5), author="elsewhere")


async def insert_open(
    conn: psycopg.AsyncConnection[Any], mentions: list[Mention], fields: int | None = None
) -> list[int]:
    """Insert in the connection's open transaction (the schema's triggers fire); the ids.
    ``fields``: only the first so many of ``INSERT_FIELDS`` (an older schema's)."""
    names = INSERT_FIELDS[:fields]
    columns = ", ".join(names)
    marks = ", ".join(["%s"] * len(names))
    ids = []
    async with conn.cursor() as cursor:
        for each in mentions:
            await cursor.execute(
                f"INSERT INTO mentions ({columns}) VALUES ({marks}) RETURNING id",
                mention_row(each, to_epoch(NOW))[: len(names)],
            )
            row = await cursor.fetchone()
            assert row is not None
            ids.append(int(row[0]))
    return ids


class Follower:
    """A reader that follows "since id N" the ways the console and a script would: ``N`` is
    the newest id a read returned (``recent`` and ``filtered``) or ``last_mention_id()`` read
    before the read (``console``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.query = parse_feed_query("refund", [BRAND, RIVAL])
        self.after = {"recent": 0, "filtered": 0, "console": 0}
        self.seen: dict[str, set[str]] = {name: set() for name in self.after}

    async def read(self) -> None:
        recent = await self.store.recent_mentions(1000, after_id=self.after["recent"])
        filtered = await self.store.filtered_mentions(
            self.query, 1000, after_id=self.after["filtered"]
        )
        newest = await self.store.last_mention_id()
        console = await self.store.recent_mentions(1000, after_id=self.after["console"])
        for name, found in (
            ("recent", recent),
            ("filtered", filtered.mentions),
            ("console", console),
        ):
            self.seen[name].update(m.external_id for m in found)
            if name != "console":
                self.after[name] = max([self.after[name], *(m.id or 0 for m in found)])
        self.after["console"] = newest

    def assert_saw(self, keys: set[str]) -> None:
        for name, seen in self.seen.items():
            assert keys <= seen, f"{name} skipped {sorted(keys - seen)}"


async def test_a_batch_committed_after_higher_ids_is_never_skipped(
    pg_url: str, stores: Callable[[], Awaitable[Store]]
) -> None:
    """The batch that drew the lower ids is held open while a later one draws higher ids and
    commits; the follower reads in between, then after the first commits."""
    reader, late = await stores(), await stores()
    await reader.add_mentions([mention("seed")], NOW)
    follower = Follower(reader)
    await follower.read()
    async with await psycopg.AsyncConnection.connect(pg_url) as early:
        async with early.transaction():
            early_ids = await insert_open(early, [mention(f"early{i}") for i in range(3)])
            result = await late.add_mentions([elsewhere(f"late{i}") for i in range(2)], NOW)
            assert result.last_id > max(early_ids)  # drawn later, committed first
            await follower.read()
            assert await reader.last_mention_id() < min(early_ids)
            assert all(after < min(early_ids) for after in follower.after.values())
        await follower.read()
    everything = {"seed", "early0", "early1", "early2", "late0", "late1"}
    follower.assert_saw(everything)
    assert await reader.last_mention_id() == result.last_id
    assert {m.external_id async for m in reader.iter_mentions()} == everything


async def _wait_until_blocked(url: str, pid: int) -> None:
    """Until the server process ``pid`` waits for a lock (a condition read from the server)."""
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as watcher:
        for _ in range(3000):
            cursor = await watcher.execute(
                "SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted", (pid,)
            )
            if await cursor.fetchone():
                return
            await asyncio.sleep(0.01)
    raise AssertionError(f"server process {pid} never waited for a lock")


def _pid(store: Store) -> int:
    return int(store._pg.conn.info.backend_pid)  # type: ignore[attr-defined]


async def test_a_batch_held_inside_its_trigger_holds_the_followers_back(
    pg_url: str, stores: Callable[[], Awaitable[Store]]
) -> None:
    """The store's own batches: one is stopped in its rollup trigger, ids drawn, by a row lock
    another connection holds; a batch of another subject draws higher ids and commits. No
    follower reads past the held batch until it commits; then every mention is read."""
    reader, first, second = await stores(), await stores(), await stores()
    await first.add_mentions([mention("seed")], NOW)
    follower = Follower(reader)
    await follower.read()
    async with await psycopg.AsyncConnection.connect(pg_url, autocommit=True) as blocker:
        async with blocker.transaction():
            await blocker.execute(
                "SELECT 1 FROM rollups WHERE subject = %s AND minute = %s FOR UPDATE",
                (BRAND, to_epoch(T0) // 60),
            )
            held = asyncio.create_task(
                first.add_mentions([mention(f"held{i}") for i in range(3)], NOW)
            )
            await _wait_until_blocked(pg_url, _pid(first))
            done = await second.add_mentions([elsewhere(f"free{i}") for i in range(4)], NOW)
            await follower.read()
            assert follower.seen["recent"] == follower.seen["filtered"] == {"seed"}
            assert follower.seen["console"] == {"seed"}
        stored = await held
    assert stored.new == 3 and stored.last_id < done.last_id
    await follower.read()
    follower.assert_saw({"seed"} | {f"held{i}" for i in range(3)} | {f"free{i}" for i in range(4)})


async def test_a_reader_held_back_hears_when_the_writer_ends_even_without_a_notification(
    pg_url: str, stores: Callable[[], Awaitable[Store]]
) -> None:
    """A writer that rolls back sends nothing; the change marker still moves once the settled
    id does, so a reader whom a NOTIFY reached before the writer's lock went looks again."""
    reader, late = await stores(), await stores()
    before = await reader.change_marker()
    async with await psycopg.AsyncConnection.connect(pg_url, autocommit=True) as early:
        await early.execute("BEGIN")
        await insert_open(early, [mention("gone")])
        await late.add_mentions([elsewhere("kept")], NOW)
        assert await reader.last_mention_id() == 0  # held back by the open batch
        for _ in range(300):  # until the late batch's NOTIFY has arrived
            if await reader.change_marker() != before:
                break
            await asyncio.sleep(0.01)
        marker = await reader.change_marker()
        assert await reader.change_marker() == marker  # nothing moves while it is held
        await early.execute("ROLLBACK")
        assert await reader.change_marker() != marker
    assert [m.external_id for m in await reader.recent_mentions(5, after_id=0)] == ["kept"]
    assert await reader.last_mention_id() == 2


async def test_a_login_that_may_only_read_the_tables_follows_too(
    pg_url: str, stores: Callable[[], Awaitable[Store]]
) -> None:
    """Settling reads the id sequence, on which a reading login has no right: it does so with
    the owner's rights, so such a console still follows."""
    writer = await stores()
    await writer.add_mentions([mention("one"), mention("two")], NOW)
    where = psycopg.conninfo.conninfo_to_dict(pg_url)
    role = f"watcher_{where['dbname']}"  # roles are the server's: one per database
    async with await psycopg.AsyncConnection.connect(pg_url, autocommit=True) as admin:
        await admin.execute(f"CREATE ROLE {role} LOGIN")
        await admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    watching = pg_url.replace(f"//{where['user']}@", f"//{role}@", 1)
    async with await open_store(watching, create=False, read_only=True) as reader:
        assert await reader.last_mention_id() == 2
        assert [m.external_id for m in await reader.recent_mentions(5, after_id=1)] == ["two"]


async def test_writers_overlap_instead_of_queueing(
    pg_url: str, stores: Callable[[], Awaitable[Store]]
) -> None:
    """A batch held open does not stop another from committing (schema 2 made it wait)."""
    late = await stores()
    async with await psycopg.AsyncConnection.connect(pg_url) as early, early.transaction():
        await insert_open(early, [mention("early")])
        result = await asyncio.wait_for(late.add_mentions([elsewhere("late")], NOW), 30)
    assert result.new == 1


RECOUNTS = {
    "rollups": (
        "SELECT subject, minute, volume, positive, negative, neutral, sentiment_sum, reach_sum,"
        " negative_reach, scanned_negative, unscored FROM rollups ORDER BY 1, 2",
        "SELECT subject, created_at / 60, count(*), count(*) FILTER (WHERE label = 'positive'),"
        " count(*) FILTER (WHERE label = 'negative'), count(*) FILTER (WHERE label = 'neutral'),"
        " sum(sentiment ORDER BY id), sum(reach),"
        " coalesce(sum(reach) FILTER (WHERE label = 'negative'), 0),"
        " count(*) FILTER (WHERE label = 'negative' AND triggers IS NOT NULL),"
        " count(*) FILTER (WHERE label = 'unscored') FROM mentions GROUP BY 1, 2 ORDER BY 1, 2",
    ),
    "language_rollups": (
        "SELECT minute, subject, lang, volume, positive, negative, unscored, sentiment_sum"
        " FROM language_rollups ORDER BY 1, 2, 3",
        "SELECT created_at / 60, subject, coalesce(lang, ''), count(*),"
        " count(*) FILTER (WHERE label = 'positive'), count(*) FILTER (WHERE label = 'negative'),"
        " count(*) FILTER (WHERE label = 'unscored'), sum(sentiment ORDER BY id)"
        " FROM mentions GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    ),
    "trigger_rollups": (
        "SELECT minute, subject, crisis_type, term, volume, negative FROM trigger_rollups"
        " ORDER BY 1, 2, 3, 4",
        "SELECT m.created_at / 60, m.subject, hit ->> 0, hit ->> 1, count(*),"
        " count(*) FILTER (WHERE m.label = 'negative')"
        " FROM mentions AS m CROSS JOIN LATERAL json_array_elements(m.triggers::json) AS hit"
        " WHERE m.triggers IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    ),
    "facet_hours": (
        "SELECT kind, hour, subject, value, volume, negative, reach FROM facet_hours"
        " ORDER BY 1, 2, 3, 4",
        "SELECT f.kind, m.created_at / 3600, m.subject, f.value, count(*),"
        " count(*) FILTER (WHERE m.label = 'negative'), sum(m.reach) FROM mentions AS m"
        " CROSS JOIN LATERAL crisistui_facets(m.source, m.lang, m.domain, m.words) AS f"
        " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    ),
    "facet_days": (
        "SELECT kind, day, subject, value, volume, negative, reach FROM facet_days"
        " ORDER BY 1, 2, 3, 4",
        "SELECT f.kind, m.created_at / 86400, m.subject, f.value, count(*),"
        " count(*) FILTER (WHERE m.label = 'negative'), sum(m.reach) FROM mentions AS m"
        " CROSS JOIN LATERAL crisistui_facets(m.source, m.lang, m.domain, m.words) AS f"
        " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    ),
    "author_totals": (
        "SELECT subject, author, volume, reach FROM author_totals ORDER BY 1, 2",
        "SELECT s.subject, m.author, count(*), sum(m.reach) FROM mentions AS m"
        " CROSS JOIN LATERAL (VALUES (m.subject), ('')) AS s(subject)"
        " WHERE m.author IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
    ),
}
"""Each table the insert trigger keeps, and the same recounted from the mentions."""


async def assert_rollups_equal_a_recount(url: str) -> None:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        for table, (kept, recount) in RECOUNTS.items():
            stored = await (await conn.execute(kept)).fetchall()
            counted = await (await conn.execute(recount)).fetchall()
            assert stored, f"{table} is empty"
            assert stored == counted, f"{table} differs from a recount of the mentions"


async def test_concurrent_collectors_keep_rollups_exact_and_followers_complete(
    pg_url: str, stores: Callable[[], Awaitable[Store]]
) -> None:
    """Four writers start together and store batches of the same minutes, subjects, authors
    and words (every rollup row is contended), with a re-sent post now and then, while a
    follower reads "since id N" between their batches. The rollups equal a recount, every
    mention is stored once, and the follower saw every one."""
    writers = [await stores() for _ in range(4)]
    follower = Follower(await stores())
    await writers[0].add_mentions([mention("seed")], NOW)
    await follower.read()
    start = asyncio.Event()
    finished = 0

    async def write(w: int, store: Store) -> None:
        nonlocal finished
        await start.wait()
        for b in range(12):
            batch = [
                mention(f"w{w}b{b}m{i}", subject=(BRAND, RIVAL)[i % 2], minute=i % 3)
                for i in range(15)
            ]
            if b:
                batch.append(replace(batch[0], external_id=f"w{w}b{b - 1}m0"))  # sent again
            await store.add_mentions(batch, NOW)
        finished += 1

    async def follow() -> None:
        await start.wait()
        while finished < len(writers):
            await follower.read()
        await follower.read()

    tasks = [asyncio.create_task(write(w, s)) for w, s in enumerate(writers)]
    reading = asyncio.create_task(follow())
    start.set()
    await asyncio.gather(*tasks, reading)

    keys = {f"w{w}b{b}m{i}" for w in range(4) for b in range(12) for i in range(15)} | {"seed"}
    assert await follower.store.mention_count() == len(keys)
    follower.assert_saw(keys)
    await assert_rollups_equal_a_recount(pg_url)


async def test_ids_follow_the_batch_and_posts_sent_twice_at_once_never_deadlock(
    pg_url: str, stores: Callable[[], Awaitable[Store]]
) -> None:
    """Ids are drawn in each batch's order. Four writers store batches that share posts in
    different orders (an import of posts a collector is storing, say); each batch inserts them
    in key order, so two batches wait for each other rather than deadlock, and every post is
    stored once and counted once."""
    first = await stores()
    await first.add_mentions([mention(k, n=n) for n, k in enumerate(("z", "a", "m"))], NOW)
    assert [m.external_id async for m in first.iter_mentions()] == ["z", "a", "m"]

    writers = [first, *[await stores() for _ in range(3)]]
    pool = [mention(f"shared{i}", minute=i % 4, n=i) for i in range(120)]
    sent: set[str] = set()
    start = asyncio.Event()

    async def write(w: int, store: Store) -> None:
        await start.wait()
        for b in range(8):
            batch = random.Random(w * 100 + b).sample(pool, 40)
            sent.update(m.external_id for m in batch)
            await store.add_mentions(batch, NOW)

    tasks = [asyncio.create_task(write(w, s)) for w, s in enumerate(writers)]
    start.set()
    await asyncio.gather(*tasks)
    assert await first.mention_count() == 3 + len(sent)
    await assert_rollups_equal_a_recount(pg_url)


async def test_a_schema_2_database_upgrades_to_concurrent_inserts(pg_server: Any) -> None:
    """A database of schema 2 with mentions: the upgrade drops the serialising trigger, orders
    the time index by (created_at, id), and ids go on from where they were."""
    url = pg_server.new_database("concurrent_v2")
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as raw:
        for script in MIGRATIONS[:2]:
            await raw.execute(script.encode())
        await raw.execute("UPDATE crisistui_schema SET version = 2")
        async with raw.transaction():
            old = INSERT_FIELDS.index("copy_key")  # schema 2 has the columns before it
            await insert_open(raw, [mention(f"old{i}") for i in range(3)], old)
    async with await open_store(url) as store:
        assert await store.schema_version() == SCHEMA_VERSION
        result = await store.add_mentions([mention("new")], NOW)
        assert result.last_id == 4 and await store.last_mention_id() == 4
        sql = store._sql  # type: ignore[attr-defined]
        triggers = await sql.rows(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'mentions'::regclass "
            "AND NOT tgisinternal ORDER BY 1"
        )
        assert ("mentions_serialise",) not in triggers
        assert ("mentions_in_flight",) in triggers
        index = await sql.scalar("SELECT pg_get_indexdef('mentions_created'::regclass)")
        assert "(created_at, id) INCLUDE (label, reach, subject, source, lang, author)" in index
    await assert_rollups_equal_a_recount(url)


async def test_a_store_that_finds_the_schema_made_by_another_opening_takes_it_as_its_own(
    pg_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two collectors' first opens of an empty database: the one that read "no schema yet"
    just before the other committed it must wait for the migration lock and find the tables
    its own, not refuse them as another program's."""
    from crisistui.store.postgres.store import PostgresStore

    url = pg_server.new_database("opened_at_once")
    read = PostgresStore._version
    late_one_read = asyncio.Event()
    other_committed = asyncio.Event()

    async def version(self: PostgresStore) -> int:
        found = await read(self)
        if found == 0 and not late_one_read.is_set():
            late_one_read.set()  # the first to look sees no schema, then the other commits
            await other_committed.wait()
        return found

    monkeypatch.setattr(PostgresStore, "_version", version)
    late = asyncio.ensure_future(open_store(url))
    await late_one_read.wait()
    first = await open_store(url)
    other_committed.set()
    second = await late
    try:
        assert await first.schema_version() == await second.schema_version() == SCHEMA_VERSION
    finally:
        await first.close()
        await second.close()


async def test_a_new_sessions_first_batches_from_several_sources_at_once_are_all_stored(
    stores: Callable[[], Awaitable[Store]],
) -> None:
    """A collector's first poll of every source ends at about the same moment, and their
    batches reach the store together on its new session, before its staging table is made:
    each one makes it, once, and none fails or spoils another's transaction (the second
    batch once failed on 'column "seq" … already exists', and a batch caught half-way failed
    as 'current transaction is aborted')."""
    store = await stores()
    batches = [
        [mention(f"{source}-{n}", source=source) for n in range(25)]
        for source in ("rss", "json", "mastodon", "bluesky")
    ]
    results = await asyncio.gather(*(store.add_mentions(batch, NOW) for batch in batches))
    assert [result.new for result in results] == [25] * 4
    assert await store.mention_count() == 100
