"""The SQLite store: a private file, no duplicates, correct rollups, an append-only timeline."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.domain.models import Mention, Sentiment
from crisistui.store import Store, StoreError, open_store
from crisistui.store.rows import INSERT_FIELDS, mention_row
from crisistui.store.sqlite.schema import MIGRATIONS, SCHEMA_VERSION

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=1)


def mention(
    external_id: str,
    *,
    at: datetime = T0,
    subject: str = "Acme Air",
    label: Sentiment = Sentiment.NEUTRAL,
    score: float = 0.0,
    reach: int = 0,
    source: str = "test",
    text: str | None = None,
) -> Mention:
    return Mention(
        source=source,
        external_id=external_id,
        text=text or f"mention {external_id}",
        created_at=at,
        subject=subject,
        is_competitor=subject != "Acme Air",
        sentiment=score,
        label=label,
        reach=reach,
        fingerprint=f"fp{external_id}",
        author="someone",
        likes=1,
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "crisistui.db"


# -- the file ----------------------------------------------------------------------------------


async def test_new_database_is_private_to_its_owner(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        await store.add_mentions([mention("1")], NOW)
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
        wal = db_path.with_name(db_path.name + "-wal")
        assert wal.exists()
        # SQLite gives the journal the database file's permissions.
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


async def test_every_folder_made_for_a_database_is_private(tmp_path: Path) -> None:
    """``--db new/sub/x.db``: only ``sub`` was 0700, and ``new`` open to every user of the
    machine. A folder that was there already is left as it was."""
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    db = shared / "new" / "sub" / "x.db"
    async with await open_store(db) as store:
        await store.add_mentions([mention("1")], NOW)
    assert stat.S_IMODE((shared / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((shared / "new" / "sub").stat().st_mode) == 0o700
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755


async def test_journal_is_wal_and_schema_is_current(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        assert await store.schema_version() == SCHEMA_VERSION
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


async def test_reopening_keeps_data_and_does_not_migrate_again(db_location: Path | str) -> None:
    async with await open_store(db_location) as store:
        await store.add_mentions([mention("1")], NOW)
        version = await store.schema_version()
    async with await open_store(db_location, create=False) as store:
        assert await store.mention_count() == 1
        assert await store.schema_version() == version > 0


async def test_missing_file_is_not_created_when_not_asked(tmp_path: Path) -> None:
    path = tmp_path / "nothing.db"
    with pytest.raises(StoreError, match="no database"):
        await open_store(path, create=False)
    assert not path.exists()


async def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        await open_store(path)
    with sqlite3.connect(path) as raw:  # left untouched
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


async def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match=str(path.name)):
        await open_store(path)
    assert path.read_bytes().startswith(b"these are my notes")


async def test_a_busy_database_is_named_as_busy_not_unusable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process upgrading the file holds its write lock: say so, not "unusable"."""
    path = tmp_path / "old.db"
    async with await open_store(path):
        pass
    monkeypatch.setattr("crisistui.store.sqlite.store.BUSY_TIMEOUT_MS", 50)
    with sqlite3.connect(path, isolation_level=None) as raw:
        raw.execute("PRAGMA user_version = 7")
        raw.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match=f"{path}: database is busy"):
            await open_store(path)
        raw.execute("ROLLBACK")
    raw.close()


async def test_read_only_opening_never_upgrades_or_creates(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    async with await open_store(path):
        pass
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 7")
    raw.close()
    with pytest.raises(StoreError, match="needs upgrading"):
        await open_store(path, read_only=True)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 7
    raw.close()
    with pytest.raises(StoreError, match="no database here"):
        await open_store(tmp_path / "none.db", read_only=True)
    assert not (tmp_path / "none.db").exists()


def _every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as raw:
        tables = [
            name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {t: sorted(raw.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def _database_at(path: Path, version: int) -> None:
    """A database as a crisistui of schema ``version`` left it, with two mentions (one in a
    language code py3langid used to store: 'arz'), an incident and a triaged mention."""
    with sqlite3.connect(path) as raw:
        for script in MIGRATIONS[:version]:
            raw.executescript(script)
        raw.execute(f"PRAGMA user_version = {version}")
        columns = (
            "source, external_id, created_at, ingested_at, subject, is_competitor, text, "
            "author, lang, sentiment, label, reach, fingerprint, triggers"
        )
        rows = [
            ("t", "1", 60, 120, "Acme Air", 0, "ok", "@a", "en", 0.0, "neutral", 5, "f1", "[]"),
            ("t", "2", 60, 120, "Acme Air", 0, "سيء", "@b", "arz", -0.5, "negative", 9, "f2", "[]"),
        ]
        raw.executemany(f"INSERT INTO mentions ({columns}) VALUES ({', '.join('?' * 14)})", rows)
        raw.execute(
            "INSERT INTO incidents (title, crisis_type, playbook, opened_at, opened_by) "
            "VALUES ('Outage', 'service-outage', 'default', 120, 'ana')"
        )
        raw.execute(
            "INSERT INTO mention_triage (mention_id, incident_id, state, updated_at, updated_by) "
            "VALUES (2, 1, 'acknowledged', 130, 'ana')"
        )
    raw.close()


async def test_an_upgrade_gives_the_last_days_hostile_mentions_their_copy_keys(
    tmp_path: Path,
) -> None:
    """A schema-11 database caught mid-campaign: after the upgrade the watch sees the pasted
    text the copies stored before it (keys worked out as at ingest), and mentions older than a
    day before the newest keep none."""
    from tests.test_campaign import BURST_AT, burst_items, processed

    path = tmp_path / "v11.db"
    with sqlite3.connect(path) as raw:
        for script in MIGRATIONS[:11]:
            raw.executescript(script)
        raw.execute("PRAGMA user_version = 11")
    raw.close()
    copies = processed(burst_items(BURST_AT))
    old = processed(burst_items(BURST_AT - timedelta(days=2)))
    old = [replace(m, external_id=f"old-{m.external_id}") for m in old]
    names = INSERT_FIELDS[: INSERT_FIELDS.index("copy_key")]
    with sqlite3.connect(path) as raw:
        raw.executemany(
            f"INSERT INTO mentions ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [mention_row(m, 0)[: len(names)] for m in old + copies],
        )
    raw.close()
    async with await open_store(path, create=False) as store:
        assert await store.schema_version() == SCHEMA_VERSION
        end = BURST_AT + timedelta(minutes=10)
        _total, wide = await store.copied_texts(
            "Acme Air", BURST_AT, end, mentions=0.2, accounts=12
        )
        assert [sum(v.mentions for v in group) for group in wide] == [40]
    with sqlite3.connect(path) as raw:
        keys = raw.execute(
            "SELECT COUNT(*), COUNT(copy_key), COUNT(DISTINCT copy_key) FROM mentions "
            "WHERE external_id LIKE 'old-%'"
        ).fetchone()
    raw.close()
    assert keys == (40, 0, 0)


async def test_a_version_7_database_migrates_keeping_every_row(tmp_path: Path) -> None:
    """Every row of every table is still there after the upgrade, the heartbeat `status` reads
    is the newest ingest time, and language codes stored before read as ISO 639-1."""
    path = tmp_path / "v7.db"
    _database_at(path, 7)
    before = _every_row(path)
    async with await open_store(path, create=False) as store:
        assert await store.schema_version() == SCHEMA_VERSION
        assert await store.last_ingest_time() == datetime.fromtimestamp(120, UTC)
        assert [m.lang for m in await store.recent_mentions(5)] == ["ar", "en"]
    after = _every_row(path)
    for table, rows in before.items():
        if table not in ("mentions", "rollups"):
            assert after[table] == rows, table
    assert len(after["mentions"]) == len(before["mentions"])
    assert [r[:9] for r in after["rollups"]] == [r[:9] for r in before["rollups"]]
    with sqlite3.connect(path) as raw:
        plan = raw.execute("EXPLAIN QUERY PLAN SELECT MAX(ingested_at) FROM mentions").fetchall()
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()
    assert "mentions_ingested" in str(plan)


async def test_an_upgraded_database_stores_unscored_mentions_and_counts_languages(
    tmp_path: Path,
) -> None:
    """Schema 9 widens the label in place: an old file takes 'unscored' mentions, its rollups
    count them apart, and the per-language rollups hold the mentions stored before."""
    path = tmp_path / "v8.db"
    _database_at(path, 8)
    async with await open_store(path, create=False) as store:
        unscored = mention("3", label=Sentiment.UNSCORED, at=datetime.fromtimestamp(60, UTC))
        await store.add_mentions([replace(unscored, lang="am", sentiment=0.0)], NOW)
        since, until = datetime.fromtimestamp(0, UTC), datetime.fromtimestamp(600, UTC)
        [rollup] = await store.rollups(since, until, "Acme Air")
        languages = {r.lang: r for r in await store.language_rollups(since, until)}
    assert (rollup.volume, rollup.unscored, rollup.scored, rollup.negative) == (3, 1, 2, 1)
    assert {lang: r.volume for lang, r in languages.items()} == {"en": 1, "ar": 1, "am": 1}
    assert languages["am"].unscored == 1
    assert languages["ar"].negative == 1


# -- mentions and rollups ----------------------------------------------------------------------


async def test_same_batch_twice_is_stored_once(store: Store) -> None:
    batch = [mention(str(n), reach=10) for n in range(5)]
    first = await store.add_mentions(batch, NOW)
    second = await store.add_mentions(batch, NOW)
    assert (first.received, first.new) == (5, 5)
    assert (second.received, second.new) == (5, 0)
    assert second.last_id == first.last_id
    assert await store.mention_count() == 5
    [rollup] = await store.rollups(T0, T0 + timedelta(minutes=1))
    assert rollup.volume == 5
    assert rollup.reach_sum == 50


async def test_duplicates_inside_one_batch_count_once(store: Store) -> None:
    result = await store.add_mentions([mention("1"), mention("1"), mention("2")], NOW)
    assert result.new == 2
    assert await store.mention_count() == 2


async def test_same_id_from_another_source_is_a_different_mention(store: Store) -> None:
    result = await store.add_mentions([mention("1"), mention("1", source="other")], NOW)
    assert result.new == 2


def _post(external_id: str, **changes: object) -> Mention:
    """One post (the same words, author, second and source) under the id given."""
    return replace(mention(external_id, text="Acme Air lost my bag"), fingerprint="fp", **changes)


@pytest.mark.parametrize("batch", [1, 300], ids=["poll", "import-batch"])
async def test_the_same_post_under_a_new_id_is_not_stored_again(store: Store, batch: int) -> None:
    # An endpoint minting ids per fetch (a session or timestamp in each) would otherwise have
    # its items stored again on every poll, and after every restart: a surge that never was.
    others = [mention(f"other-{n}", at=T0 + timedelta(seconds=n)) for n in range(batch - 1)]
    await store.add_mentions([_post("p?sid=1"), *others], NOW)
    again = [_post("p?sid=2"), *(replace(m, external_id=m.external_id + "b") for m in others)]

    result = await store.add_mentions(again, NOW)

    assert (result.received, result.new) == (batch, 0)
    assert await store.mention_count() == batch
    rollups = await store.rollups(T0, T0 + timedelta(hours=1))
    assert sum(r.volume for r in rollups) == batch


async def test_the_same_words_from_another_author_second_or_source_are_other_posts(
    store: Store,
) -> None:
    await store.add_mentions([_post("1")], NOW)
    result = await store.add_mentions(
        [
            _post("2", author="someone else"),
            _post("3", author=None),
            _post("4", created_at=T0 + timedelta(seconds=1)),
            _post("1", source="other"),
            _post("5", text="Acme Air lost my bags"),
        ],
        NOW,
    )
    assert result.new == 5


async def test_a_post_twice_in_one_batch_is_stored_once(store: Store) -> None:
    # What is stored must not depend on where a batch of an import happens to end.
    result = await store.add_mentions([_post("1"), mention("x"), _post("2")], NOW)
    assert (result.received, result.new) == (3, 2)
    assert {m.external_id for m in await store.recent_mentions(5)} == {"1", "x"}


async def test_one_poll_keeps_its_own_repeats_and_skips_those_stored_before(
    store: Store,
) -> None:
    # A hundred anonymous "is it down?" in one second from one endpoint are a hundred people;
    # the same words under new ids in a later poll are that endpoint minting ids again.
    anonymous = [_post(f"q{n}", author=None) for n in range(100)]
    first = await store.add_mentions(anonymous, NOW, one_poll=True)
    again = await store.add_mentions(
        [_post(f"r{n}", author=None) for n in range(100)], NOW, one_poll=True
    )

    assert (first.new, again.new) == (100, 0)
    assert await store.mention_count() == 100
    rollups = await store.rollups(T0, T0 + timedelta(hours=1))
    assert sum(r.volume for r in rollups) == 100


async def test_empty_batch_changes_nothing(store: Store) -> None:
    await store.add_mentions([mention("1")], NOW)
    result = await store.add_mentions([], NOW)
    assert (result.received, result.new, result.last_id) == (0, 0, 1)


async def test_rollups_count_per_subject_and_minute(store: Store) -> None:
    pos, neg, neu = Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL
    sec = timedelta(seconds=1)
    await store.add_mentions(
        [
            mention("1", at=T0, label=pos, score=0.5, reach=100),
            mention("2", at=T0 + 59 * sec, label=neg, score=-0.75, reach=1000),
            mention("3", at=T0 + 10 * sec, label=neg, score=-0.25, reach=7),
            mention("4", at=T0, label=neu, score=0.0, reach=3),
            mention("5", at=T0 + 90 * sec, label=pos, score=0.25, reach=1),
            mention("6", at=T0, subject="Zephyr", label=neg, score=-0.5, reach=20),
        ],
        NOW,
    )
    rollups = await store.rollups(T0, T0 + timedelta(minutes=2))
    by_key = {(r.subject, r.minute): r for r in rollups}
    first_minute = int(T0.timestamp()) // 60
    assert set(by_key) == {
        ("Acme Air", first_minute),
        ("Acme Air", first_minute + 1),
        ("Zephyr", first_minute),
    }
    acme = by_key["Acme Air", first_minute]
    assert (acme.volume, acme.positive, acme.negative, acme.neutral) == (4, 1, 2, 1)
    assert acme.sentiment_sum == pytest.approx(0.5 - 0.75 - 0.25)
    assert acme.reach_sum == 1110
    assert acme.negative_reach == 1007
    next_minute = by_key["Acme Air", first_minute + 1]
    assert (next_minute.volume, next_minute.positive, next_minute.reach_sum) == (1, 1, 1)
    zephyr = by_key["Zephyr", first_minute]
    assert (zephyr.volume, zephyr.negative, zephyr.negative_reach) == (1, 1, 20)


async def test_rollups_of_one_subject_are_that_subjects_share_of_all(store: Store) -> None:
    """The engine reads its own subject only; what it gets is exactly its part of the whole."""
    triggers = (("customer-service", "refund"),)
    await store.add_mentions(
        [
            replace(mention(str(i), at=T0 + timedelta(minutes=i % 5), subject=s), triggers=triggers)
            for i, s in enumerate(["Acme Air", "Zephyr", "Nimbus"] * 6)
        ],
        NOW,
    )
    until = T0 + timedelta(minutes=5)
    for read in (store.rollups, store.trigger_rollups):
        every = await read(T0, until)
        assert {r.subject for r in every} == {"Acme Air", "Zephyr", "Nimbus"}
        for subject in ("Acme Air", "Zephyr", "Unknown"):
            assert await read(T0, until, subject) == [r for r in every if r.subject == subject]


async def test_rollups_window_is_half_open(store: Store) -> None:
    await store.add_mentions([mention("1", at=T0), mention("2", at=T0 + timedelta(minutes=1))], NOW)
    rollups = await store.rollups(T0, T0 + timedelta(minutes=1))
    assert [r.volume for r in rollups] == [1]
    assert rollups[0].minute == int(T0.timestamp()) // 60


async def test_recent_mentions_are_newest_first_by_time(store: Store) -> None:
    times = [T0 + timedelta(minutes=m) for m in (5, 1, 9, 3)]
    await store.add_mentions([mention(str(i), at=t) for i, t in enumerate(times)], NOW)
    recent = await store.recent_mentions(10)
    assert [m.external_id for m in recent] == ["2", "0", "3", "1"]
    assert [m.external_id for m in await store.recent_mentions(2)] == ["2", "0"]
    # only ids above 2 (the third and fourth stored), still newest first
    assert [m.external_id for m in await store.recent_mentions(10, after_id=2)] == ["2", "3"]


async def test_mention_round_trips_through_the_store(store: Store) -> None:
    original = mention("42", label=Sentiment.NEGATIVE, score=-0.6, reach=77, text="lost my bag")
    await store.add_mentions([original], NOW)
    [stored] = await store.recent_mentions(1)
    assert stored.id == 1
    assert stored == replace(original, id=1)
    assert await store.mention(1) == stored
    assert await store.mention(2) is None


async def test_iter_mentions_yields_everything_in_id_order(store: Store) -> None:
    times = [T0 + timedelta(minutes=m) for m in (5, 1, 9, 3, 7)]
    await store.add_mentions([mention(str(i), at=t) for i, t in enumerate(times)], NOW)
    ids = [m.id async for m in store.iter_mentions(batch=2)]
    assert ids == [1, 2, 3, 4, 5]
    texts = [m.external_id async for m in store.iter_mentions()]
    assert texts == ["0", "1", "2", "3", "4"]


# -- timeline and checklist --------------------------------------------------------------------


async def test_timeline_events_cannot_be_edited_or_deleted(store: Store) -> None:
    """Not even by SQL of our own: the database itself refuses."""
    incident = await store.open_incident("Bags lost", "service", "default", "ana", NOW)
    await store.add_event(NOW, "ana", "note", "first call done", incident.id)
    sql = store._sql  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="never edited"):
        await sql.run("UPDATE events SET summary = 'nothing happened'")
    with pytest.raises(StoreError, match="never deleted"):
        await sql.run("DELETE FROM events")
    summaries = [row[0] for row in await sql.rows("SELECT summary FROM events ORDER BY id")]
    assert summaries == ["Incident opened: Bags lost", "first call done"]


async def test_task_state_persists_and_is_on_the_timeline(db_location: Path | str) -> None:
    async with await open_store(db_location) as store:
        incident = await store.open_incident("Bags lost", "service", "default", "ana", NOW)
        await store.set_task_done(incident.id, "confirm-facts", "Confirm facts", True, "ben", NOW)
    async with await open_store(db_location) as store:
        assert await store.current_incident() == incident
        states = await store.task_states(incident.id)
        assert set(states) == {"confirm-facts"}
        assert states["confirm-facts"].done is True
        assert states["confirm-facts"].changed_by == "ben"
        assert states["confirm-facts"].changed_at == NOW
        later = NOW + timedelta(minutes=3)
        await store.set_task_done(
            incident.id, "confirm-facts", "Confirm facts", False, "ana", later
        )
        events = await store.events(incident.id)
    assert [(e.kind, e.actor, e.summary) for e in events] == [
        ("incident.opened", "ana", "Incident opened: Bags lost"),
        ("task.done", "ben", "Task done: Confirm facts"),
        ("task.reopened", "ana", "Task reopened: Confirm facts"),
    ]
    assert events[1].details == {"task_id": "confirm-facts"}
    async with await open_store(db_location) as store:
        assert (await store.task_states(incident.id))["confirm-facts"].done is False


# -- several connections -----------------------------------------------------------------------


async def _changes(store: Store, before: int, within: float = 2.0) -> bool:
    """Whether the store's change marker moves from ``before`` within ``within`` seconds (a
    server's notification travels on its own connection: it lands soon after the commit, not
    necessarily before the next statement of the test)."""
    deadline = asyncio.get_running_loop().time() + within
    while await store.change_marker() == before:
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


async def test_commit_in_one_connection_is_seen_by_another(db_location: Path | str) -> None:
    writer = await open_store(db_location)
    reader = await open_store(db_location)
    try:
        before = await reader.change_marker()
        own_before = await writer.change_marker()
        await writer.add_mentions([mention("1")], NOW)
        assert await _changes(reader, before), "the reader never heard of the commit"
        assert await writer.change_marker() == own_before  # own commits do not count
        assert await reader.mention_count() == 1
        assert [m.external_id for m in await reader.recent_mentions(5)] == ["1"]
    finally:
        await reader.close()
        await writer.close()


async def test_a_row_with_an_unshowable_time_does_not_break_reading(tmp_path) -> None:
    """Older versions could store a time no calendar can show (year 0 or 10000 in UTC)."""
    db = tmp_path / "odd.db"
    store = await open_store(db)
    at = datetime(2026, 3, 10, 9, tzinfo=UTC)
    rows = [
        Mention("x", str(n), f"post {n}", at, "Acme Air", False, 0.0, Sentiment.NEUTRAL, 1, str(n))
        for n in range(3)
    ]
    await store.add_mentions(rows, at)
    await store.close()
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE mentions SET created_at = -62135614800 WHERE external_id = '0'")
        raw.execute("UPDATE mentions SET created_at = 253402318799 WHERE external_id = '1'")
    store = await open_store(db)
    try:
        listed = await store.recent_mentions(10)
        assert len(listed) == 3
        assert {m.created_at.year for m in listed} == {1970, 2026, 9999}
    finally:
        await store.close()


async def test_a_write_that_outwaits_the_busy_timeout_is_refused_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Said like a refusal to a person, still a store error to the collector's retry."""
    import crisistui.store.sqlite.store as store_db
    from crisistui.domain.incident import ResponseError

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "busy.db"
    async with await open_store(path) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(ResponseError, match=r"busy\.db is busy") as refused:
                await store.add_mentions([mention("1")], NOW)
            assert isinstance(refused.value, StoreError)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert (await store.add_mentions([mention("1")], NOW)).new == 1


async def test_the_mention_count_is_no_newest_id_where_ids_skip(store: Store) -> None:
    """PostgreSQL's ids skip those a rolled-back batch drew (a collector killed mid-poll):
    the feed's title said 160,425 mentions of 100,425. A file copied from it keeps the gaps."""
    await store.add_mentions([mention(f"a{n}") for n in range(3)], T0)
    first = await store.last_mention_id()
    assert await store.mentions_up_to(first) == 3
    await store.add_mentions([mention(f"b{n}") for n in range(2)], T0)
    last = await store.last_mention_id()
    assert await store.mentions_up_to(last) == 5
    # a gap where an id was never used, as a rolled-back batch leaves one
    await store._sql.run("DELETE FROM mentions WHERE id = ?", (first,))  # type: ignore[attr-defined]
    assert await store.last_mention_id() == last
    assert await store.mentions_up_to(first - 1) == 2  # counted afresh when asked for less
    assert await store.mentions_up_to(last) == 4
