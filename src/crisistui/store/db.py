"""Async access to the single SQLite file (WAL, busy timeout, migrations, dedupe, rollups).

Several processes may open one file at once (a headless collector and consoles in a war room):
WAL lets readers run beside the writer and ``PRAGMA data_version`` tells a console that
another process wrote something.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from crisistui.models import Mention, Sentiment, SourceHealth, SourceState
from crisistui.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000

_MENTION_COLUMNS = (
    "source, external_id, created_at, ingested_at, subject, is_competitor, text, author, "
    "author_followers, url, lang, likes, reposts, replies, sentiment, label, reach, fingerprint"
)
_SELECT_MENTION = f"SELECT id, {_MENTION_COLUMNS} FROM mentions"


class StoreError(Exception):
    """The database cannot be used as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one batch insert did."""

    received: int
    new: int
    last_id: int


@dataclass(frozen=True, slots=True)
class Rollup:
    """Counts for one subject in one minute."""

    subject: str
    minute: int
    volume: int
    positive: int
    negative: int
    neutral: int
    sentiment_sum: float
    reach_sum: int
    negative_reach: int


@dataclass(frozen=True, slots=True)
class TaskState:
    """Whether a checklist task is done, and who changed it when."""

    task_id: str
    done: bool
    changed_at: datetime
    changed_by: str


@dataclass(frozen=True, slots=True)
class Incident:
    """An incident row (the response workflow grows around it)."""

    id: int
    title: str
    crisis_type: str
    playbook: str
    status: str
    opened_at: datetime
    opened_by: str
    is_drill: bool


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One immutable entry on the timeline."""

    id: int
    at: datetime
    actor: str
    kind: str
    incident_id: int | None
    summary: str
    details: dict[str, Any]


def to_epoch(moment: datetime) -> int:
    """Aware datetime to whole UTC seconds (naive times are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _mention_row(mention: Mention, ingested_at: int) -> tuple[Any, ...]:
    return (
        mention.source,
        mention.external_id,
        to_epoch(mention.created_at),
        ingested_at,
        mention.subject,
        int(mention.is_competitor),
        mention.text,
        mention.author,
        mention.author_followers,
        mention.url,
        mention.lang,
        mention.likes,
        mention.reposts,
        mention.replies,
        mention.sentiment,
        mention.label.value,
        mention.reach,
        mention.fingerprint,
    )


def _mention_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Mention:
    (
        id_,
        source,
        external_id,
        created_at,
        _ingested,
        subject,
        is_competitor,
        text,
        author,
        followers,
        url,
        lang,
        likes,
        reposts,
        replies,
        compound,
        label,
        reach,
        fp,
    ) = tuple(row)
    return Mention(
        id=id_,
        source=source,
        external_id=external_id,
        created_at=from_epoch(created_at),
        subject=subject,
        is_competitor=bool(is_competitor),
        text=text,
        author=author,
        author_followers=followers,
        url=url,
        lang=lang,
        likes=likes,
        reposts=reposts,
        replies=replies,
        sentiment=compound,
        label=Sentiment(label),
        reach=reach,
        fingerprint=fp,
    )


def _statements(script: str) -> list[str]:
    """Split a migration into statements; trigger bodies keep their inner semicolons."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def _create_private(path: Path) -> None:
    """Create the file (and its folder) readable by its owner only, before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


class Store:
    """One connection to the crisistui database."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self.path = path
        self._open = True
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, create: bool = True) -> Store:
        """Open (and create or migrate) the database at ``path``."""
        path = Path(path).expanduser()
        if not path.exists():
            if not create:
                raise StoreError(f"{path}: no database here")
            try:
                _create_private(path)
            except OSError as exc:
                raise StoreError(f"{path}: cannot create database: {exc.strerror}") from None
        try:
            db = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open database: {exc}") from None
        store = cls(db, path)
        try:
            await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA synchronous = NORMAL")
            await db.execute("PRAGMA foreign_keys = ON")
            await store._migrate()
        except sqlite3.DatabaseError as exc:
            await db.close()
            raise StoreError(f"{path}: not a usable crisistui database: {exc}") from None
        except StoreError:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        await self._db.close()
        self._open = False

    @property
    def is_open(self) -> bool:
        return self._open

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        """One write transaction at a time on this connection.

        Sources poll concurrently on one event loop and share this connection; without the
        lock, a second BEGIN would land inside the first transaction.
        """
        async with self._write_lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            await self._db.execute("COMMIT")

    async def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        async with self._db.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return row[0] if row else None

    async def _migrate(self) -> None:
        version = await self._scalar("PRAGMA user_version")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: database schema version {version} is newer than this crisistui "
                f"understands ({SCHEMA_VERSION}); upgrade crisistui"
            )
        if version == SCHEMA_VERSION:
            return
        async with self._transaction():
            version = await self._scalar("PRAGMA user_version")  # another process may have won
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in _statements(script):
                    await self._db.execute(statement)
                await self._db.execute(f"PRAGMA user_version = {number}")

    async def schema_version(self) -> int:
        return int(await self._scalar("PRAGMA user_version"))

    async def data_version(self) -> int:
        """Changes when another connection commits: a cheap "is there anything new" check."""
        return int(await self._scalar("PRAGMA data_version"))

    # -- mentions --------------------------------------------------------------------------

    async def add_mentions(self, mentions: Sequence[Mention], now: datetime) -> IngestResult:
        """Insert a batch in one transaction; items already stored are skipped, never doubled."""
        if not mentions:
            return IngestResult(0, 0, await self.last_mention_id())
        ingested = to_epoch(now)
        rows = [_mention_row(m, ingested) for m in mentions]
        placeholders = ", ".join("?" * len(rows[0]))
        async with self._transaction():
            before = await self._scalar("SELECT COALESCE(MAX(id), 0) FROM mentions")
            await self._db.executemany(
                f"INSERT INTO mentions ({_MENTION_COLUMNS}) VALUES ({placeholders}) "
                "ON CONFLICT (source, external_id) DO NOTHING",
                rows,
            )
            last_id = await self._scalar("SELECT COALESCE(MAX(id), 0) FROM mentions")
            new = await self._scalar("SELECT COUNT(*) FROM mentions WHERE id > ?", (before,))
        return IngestResult(len(rows), int(new), int(last_id))

    async def last_mention_id(self) -> int:
        return int(await self._scalar("SELECT COALESCE(MAX(id), 0) FROM mentions"))

    async def mention_count(self) -> int:
        return int(await self._scalar("SELECT COUNT(*) FROM mentions"))

    async def mention(self, mention_id: int) -> Mention | None:
        async with self._db.execute(f"{_SELECT_MENTION} WHERE id = ?", (mention_id,)) as cursor:
            row = await cursor.fetchone()
        return _mention_from_row(row) if row else None

    async def recent_mentions(self, limit: int, after_id: int = 0) -> list[Mention]:
        """The newest ``limit`` mentions by time (optionally only ids above ``after_id``)."""
        sql = f"{_SELECT_MENTION} WHERE id > ? ORDER BY created_at DESC, id DESC LIMIT ?"
        async with self._db.execute(sql, (after_id, limit)) as cursor:
            return [_mention_from_row(row) async for row in cursor]

    async def iter_mentions(self, batch: int = 2000) -> AsyncIterator[Mention]:
        """Every mention in id order, fetched in batches so memory stays flat."""
        last = 0
        while True:
            sql = f"{_SELECT_MENTION} WHERE id > ? ORDER BY id LIMIT ?"
            async with self._db.execute(sql, (last, batch)) as cursor:
                rows = await cursor.fetchall()
            if not rows:
                return
            for row in rows:
                yield _mention_from_row(row)
            last = rows[-1][0]

    async def latest_mention_time(self) -> datetime | None:
        value = await self._scalar("SELECT MAX(created_at) FROM mentions")
        return from_epoch(value) if value is not None else None

    async def rollups(self, since: datetime, until: datetime) -> list[Rollup]:
        """Per-minute rollups of every subject in [since, until)."""
        sql = (
            "SELECT subject, minute, volume, positive, negative, neutral, sentiment_sum, "
            "reach_sum, negative_reach FROM rollups WHERE minute >= ? AND minute < ? "
            "ORDER BY minute"
        )
        params = (to_epoch(since) // 60, -(-to_epoch(until) // 60))
        async with self._db.execute(sql, params) as cursor:
            return [Rollup(*row) async for row in cursor]

    async def top_negative(self, subject: str, since: datetime, limit: int = 3) -> list[Mention]:
        """The widest-reaching negative mentions of a subject since a time (for drivers)."""
        sql = (
            f"{_SELECT_MENTION} WHERE created_at >= ? AND subject = ? AND label = 'negative' "
            "ORDER BY reach DESC LIMIT ?"
        )
        async with self._db.execute(sql, (to_epoch(since), subject, limit)) as cursor:
            return [_mention_from_row(row) async for row in cursor]

    # -- incidents, checklist, timeline -----------------------------------------------------

    async def current_incident(self) -> Incident | None:
        """The most recently opened incident that is not resolved."""
        sql = (
            "SELECT id, title, crisis_type, playbook, status, opened_at, opened_by, is_drill "
            "FROM incidents WHERE resolved_at IS NULL ORDER BY id DESC LIMIT 1"
        )
        async with self._db.execute(sql) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        id_, title, kind, playbook, status, opened, by, drill = row
        return Incident(id_, title, kind, playbook, status, from_epoch(opened), by, bool(drill))

    async def open_incident(
        self, title: str, crisis_type: str, playbook: str, actor: str, now: datetime
    ) -> Incident:
        """Open an incident and put it on the timeline."""
        async with self._transaction():
            cursor = await self._db.execute(
                "INSERT INTO incidents (title, crisis_type, playbook, opened_at, opened_by) "
                "VALUES (?, ?, ?, ?, ?)",
                (title, crisis_type, playbook, to_epoch(now), actor),
            )
            incident_id = int(cursor.lastrowid or 0)
            await self._insert_event(
                now,
                actor,
                "incident.opened",
                incident_id,
                f"Incident opened: {title}",
                {"crisis_type": crisis_type, "playbook": playbook},
            )
        return Incident(
            incident_id,
            title,
            crisis_type,
            playbook,
            "investigating",
            from_epoch(to_epoch(now)),
            actor,
            False,
        )

    async def task_states(self, incident_id: int) -> dict[str, TaskState]:
        sql = "SELECT task_id, done, changed_at, changed_by FROM task_states WHERE incident_id = ?"
        async with self._db.execute(sql, (incident_id,)) as cursor:
            return {
                row[0]: TaskState(row[0], bool(row[1]), from_epoch(row[2]), row[3])
                async for row in cursor
            }

    async def set_task_done(
        self, incident_id: int, task_id: str, title: str, done: bool, actor: str, now: datetime
    ) -> None:
        """Tick or untick a task; the change goes on the timeline in the same transaction."""
        async with self._transaction():
            await self._db.execute(
                "INSERT INTO task_states (incident_id, task_id, done, changed_at, changed_by) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, task_id) DO UPDATE SET "
                "done = excluded.done, changed_at = excluded.changed_at, "
                "changed_by = excluded.changed_by",
                (incident_id, task_id, int(done), to_epoch(now), actor),
            )
            verb = "done" if done else "reopened"
            await self._insert_event(
                now,
                actor,
                f"task.{verb}",
                incident_id,
                f"Task {verb}: {title}",
                {"task_id": task_id},
            )

    async def _insert_event(
        self,
        now: datetime,
        actor: str,
        kind: str,
        incident_id: int | None,
        summary: str,
        details: dict[str, Any],
    ) -> None:
        await self._db.execute(
            "INSERT INTO events (at, actor, kind, incident_id, summary, details) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (to_epoch(now), actor, kind, incident_id, summary, json.dumps(details)),
        )

    async def add_event(
        self,
        now: datetime,
        actor: str,
        kind: str,
        summary: str,
        incident_id: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Append one event to the timeline."""
        async with self._write_lock:
            await self._insert_event(now, actor, kind, incident_id, summary, details or {})

    async def record_health(self, health: SourceHealth, now: datetime) -> None:
        """Store a source's health (the collector's heartbeat)."""
        async with self._write_lock:
            await self._write_health(health, now)

    async def _write_health(self, health: SourceHealth, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO source_health (name, kind, state, last_ok, last_error, last_error_at, "
            "next_poll, fetched_last_poll, new_last_poll, new_total, failures, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
            "kind = excluded.kind, state = excluded.state, last_ok = excluded.last_ok, "
            "last_error = excluded.last_error, last_error_at = excluded.last_error_at, "
            "next_poll = excluded.next_poll, fetched_last_poll = excluded.fetched_last_poll, "
            "new_last_poll = excluded.new_last_poll, new_total = excluded.new_total, "
            "failures = excluded.failures, updated_at = excluded.updated_at",
            (
                health.name,
                health.kind,
                health.state.value,
                _epoch_or_none(health.last_ok),
                health.last_error,
                _epoch_or_none(health.last_error_at),
                _epoch_or_none(health.next_poll),
                health.fetched_last_poll,
                health.new_last_poll,
                health.new_total,
                health.failures,
                to_epoch(now),
            ),
        )

    async def source_health(self) -> list[tuple[SourceHealth, datetime]]:
        """Every source's last recorded health, with when it was recorded."""
        sql = (
            "SELECT name, kind, state, last_ok, last_error, last_error_at, next_poll, "
            "fetched_last_poll, new_last_poll, new_total, failures, updated_at "
            "FROM source_health ORDER BY name"
        )
        async with self._db.execute(sql) as cursor:
            rows = await cursor.fetchall()
        return [
            (
                SourceHealth(
                    name=r[0],
                    kind=r[1],
                    state=SourceState(r[2]),
                    last_ok=_time_or_none(r[3]),
                    last_error=r[4],
                    last_error_at=_time_or_none(r[5]),
                    next_poll=_time_or_none(r[6]),
                    fetched_last_poll=r[7],
                    new_last_poll=r[8],
                    new_total=r[9],
                    failures=r[10],
                ),
                from_epoch(r[11]),
            )
            for r in rows
        ]

    async def last_ingest_time(self) -> datetime | None:
        """When anything last arrived: a heartbeat or a stored mention."""
        value = await self._scalar(
            "SELECT MAX(t) FROM (SELECT MAX(updated_at) AS t FROM source_health "
            "UNION ALL SELECT MAX(ingested_at) FROM mentions)"
        )
        return from_epoch(value) if value is not None else None

    async def events(self, incident_id: int | None = None, limit: int = 500) -> list[TimelineEvent]:
        """Timeline events, oldest first (of one incident when given)."""
        where, params = (
            ("WHERE incident_id = ?", (incident_id, limit)) if incident_id else ("", (limit,))
        )
        sql = (
            f"SELECT id, at, actor, kind, incident_id, summary, details FROM events {where} "
            "ORDER BY at, id LIMIT ?"
        )
        async with self._db.execute(sql, params) as cursor:
            return [
                TimelineEvent(r[0], from_epoch(r[1]), r[2], r[3], r[4], r[5], json.loads(r[6]))
                async for r in cursor
            ]


def _epoch_or_none(moment: datetime | None) -> int | None:
    return to_epoch(moment) if moment is not None else None


def _time_or_none(seconds: int | None) -> datetime | None:
    return from_epoch(seconds) if seconds is not None else None


def subjects_of(rollups: Iterable[Rollup]) -> list[str]:
    """Subjects present in a set of rollups, in first-seen order."""
    return list(dict.fromkeys(r.subject for r in rollups))
