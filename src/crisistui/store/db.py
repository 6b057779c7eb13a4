"""Async access to the single SQLite file (WAL, busy timeout, migrations, dedupe, rollups).

Several processes may open one file at once (a headless collector and consoles in a war room):
WAL lets readers run beside the writer and ``PRAGMA data_version`` tells a console that
another process wrote something.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from crisistui.models import Mention
from crisistui.own_accounts import OwnAccounts
from crisistui.store.connection import DatabaseBusy
from crisistui.store.health import HealthTables
from crisistui.store.incidents import IncidentTables
from crisistui.store.records import (
    MENTION_FIELDS,
    Incident,
    IngestResult,
    LanguageRollup,
    Rollup,
    TaskState,
    TimelineEvent,
    TriggerRollup,
    WindowText,
    from_epoch,
    mention_columns,
    mention_from_row,
    mention_row,
    to_epoch,
)
from crisistui.store.schema import MIGRATIONS, SCHEMA_VERSION
from crisistui.store.search import FeedPage, SearchTables
from crisistui.store.statements import StatementTables
from crisistui.store.triage import TriageTables

__all__ = [
    "FeedPage",
    "Incident",
    "IngestResult",
    "Rollup",
    "Store",
    "StoreError",
    "TaskState",
    "TimelineEvent",
    "TriggerRollup",
    "from_epoch",
    "to_epoch",
]

BUSY_TIMEOUT_MS = 10_000
READ_ONLY_BUSY_TIMEOUT_MS = 2_000
"""A monitoring check reads beside the writer (WAL) and only waits on SQLite's brief locks;
it must answer well within its caller's timeout (often 10 s)."""

_SELECT_MENTION = f"SELECT {mention_columns()} FROM mentions"
_INSERT_COLUMNS = f"{', '.join(MENTION_FIELDS)}, triggers"
_STAGING = "incoming_mentions"
_CREATE_STAGING = f"CREATE TEMP TABLE IF NOT EXISTS {_STAGING} ({_INSERT_COLUMNS})"
"""A batch on its way in. Its columns have no type, so every value reaches ``mentions`` exactly
as given and meets that table's own affinities and constraints there."""
_STAGE = (
    f"INSERT INTO temp.{_STAGING} ({_INSERT_COLUMNS}) "
    f"VALUES ({', '.join('?' * (len(MENTION_FIELDS) + 1))})"
)
_INSERT_STAGED = (
    f"INSERT INTO main.mentions ({_INSERT_COLUMNS}) SELECT {_INSERT_COLUMNS} "
    f"FROM temp.{_STAGING} WHERE true ORDER BY rowid "
    "ON CONFLICT (source, external_id) DO NOTHING"
)


class StoreError(Exception):
    """The database cannot be used as asked; the message says why."""


WINDOW_TEXT_CHARS = 280
"""The start of a text ``hostile_texts`` returns: enough to tell copies apart and to show."""
_MISINFORMATION = '["misinformation",'
"""How a misinformation trigger term starts in a mention's stored ``triggers`` (JSON)."""


def unusable(path: Path, exc: sqlite3.Error) -> str:
    """Why SQLite refused the file, in words that say what to do about it."""
    name = getattr(exc, "sqlite_errorname", "")
    if isinstance(exc, DatabaseBusy) or name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (
            f"{path}: database is busy: another process is writing it (upgrading a large "
            "database can take a while); try again"
        )
    if name.startswith("SQLITE_FULL"):
        return f"{path}: the disk is full: free some space and try again (nothing was lost)"
    if name.startswith("SQLITE_IOERR"):
        return (
            f"{path}: the disk could not be read or written ({exc}): it may be full or "
            "failing; free some space or check the disk, then try again"
        )
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
        return (
            f"{path}: cannot use the database: {exc} (the file and its folder must be "
            f"writable: SQLite keeps {path.name}-wal and {path.name}-shm beside it)"
        )
    return f"{path}: not a usable crisistui database: {exc}"


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


def _check_writable(path: Path) -> None:
    """A file this process may not write is refused at opening, in one line, rather than at
    the first write (a traceback half-way through an import)."""
    if not os.access(path, os.W_OK):
        raise StoreError(
            f"{path}: the database is read-only for this user; commands that write (collect, "
            "import, run) need write access; `status`, `export` and `report` can read it"
        )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(
            f"{path}: its folder is read-only for this user; SQLite keeps {path.name}-wal and "
            f"{path.name}-shm beside the database, so the folder must be writable"
        )


def _create_private(path: Path) -> None:
    """Create the file (and its folder) readable by its owner only, before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


class Store(IncidentTables, StatementTables, TriageTables, HealthTables, SearchTables):
    """One connection to the crisistui database."""

    @classmethod
    async def open(cls, path: Path | str, *, create: bool = True, read_only: bool = False) -> Store:
        """Open (and create or migrate) the database at ``path``.

        ``read_only`` never writes and never waits long for another process: for monitoring
        checks that run under a caller's timeout. A file whose schema is older than this
        version's is refused rather than upgraded, since the upgrade is a write that can hold
        the database for a while on a large file.
        """
        path = Path(path).expanduser()
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a database file")
        if not path.exists():
            if not create or read_only:
                raise StoreError(f"{path}: no database here")
            try:
                _create_private(path)
            except OSError as exc:
                raise StoreError(f"{path}: cannot create database: {exc.strerror}") from None
        try:
            if read_only:
                db = await aiosqlite.connect(
                    f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
                )
            else:
                db = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open database: {exc}") from None
        store = cls(db, path)
        try:
            if read_only:
                await db.execute(f"PRAGMA busy_timeout = {READ_ONLY_BUSY_TIMEOUT_MS}")
                await store._check_version(upgrade=False)
            else:
                await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                # Refuse before changing anything: a file of another program, or of a newer
                # crisistui, must not be switched to WAL or given our tables.
                await store._check_ours()
                await store._check_version(upgrade=True)
                _check_writable(path)
                await db.execute("PRAGMA journal_mode = WAL")
                await db.execute("PRAGMA synchronous = NORMAL")
                await db.execute("PRAGMA foreign_keys = ON")
                await store._migrate()
        except sqlite3.Error as exc:
            await db.close()
            raise StoreError(unusable(path, exc)) from None
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

    async def _check_ours(self) -> None:
        """Refuse a SQLite file that belongs to another program (without touching it)."""
        async with self._db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ) as cursor:
            tables = {row[0] async for row in cursor}
        version = int(await self._scalar("PRAGMA user_version"))
        if tables and (version == 0 or not {"mentions", "settings"} & tables):
            shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
            raise StoreError(
                f"{self.path}: not a crisistui database (it holds other tables: {shown}); "
                "left untouched: give --db a new file or a crisistui database"
            )

    async def _check_version(self, *, upgrade: bool) -> int:
        version = int(await self._scalar("PRAGMA user_version"))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: database schema version {version} is newer than this crisistui "
                f"understands ({SCHEMA_VERSION}); upgrade crisistui"
            )
        if version < SCHEMA_VERSION and not upgrade:
            raise StoreError(
                f"{self.path}: database needs upgrading (schema {version}, this crisistui uses "
                f"{SCHEMA_VERSION}); any other crisistui command on it (collect, run, import) "
                "upgrades it"
            )
        return version

    async def _migrate(self) -> None:
        if await self._check_version(upgrade=True) == SCHEMA_VERSION:
            return
        async with self._transaction():
            version = await self._scalar("PRAGMA user_version")  # another process may have won
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in _statements(script):
                    if statement.strip().lower().startswith("pragma schema_version"):
                        # a change through writable_schema must bump the schema cookie so that
                        # every connection, this one included, reloads the schema
                        cookie = int(await self._scalar("PRAGMA schema_version"))
                        statement = f"PRAGMA schema_version = {cookie + 1}"
                    await self._db.execute(statement)
                await self._db.execute(f"PRAGMA user_version = {number}")

    async def schema_version(self) -> int:
        return int(await self._scalar("PRAGMA user_version"))

    async def data_version(self) -> int:
        """Changes when another connection commits: a cheap "is there anything new" check."""
        return int(await self._scalar("PRAGMA data_version"))

    # -- mentions --------------------------------------------------------------------------

    _staging_ready = False
    """Whether this connection's staging table exists (a rolled-back batch takes it along)."""

    async def add_mentions(self, mentions: Sequence[Mention], now: datetime) -> IngestResult:
        """Insert a batch in one transaction; items already stored are skipped, never doubled.

        The batch is staged in a temporary table and moved into ``mentions`` by one statement:
        the triggers (rollups, the full-text index) then run once per row inside one statement
        rather than once per statement, and the full-text index is written once per batch
        instead of once per row, which made it cost as much as everything else together. The
        rows, their ids and their order are those of inserting each in turn.
        """
        if not mentions:
            return IngestResult(0, 0, await self.last_mention_id())
        ingested = to_epoch(now)
        rows = [mention_row(m, ingested) for m in mentions]
        try:
            async with self._transaction():
                if not self._staging_ready:
                    await self._db.execute(_CREATE_STAGING)
                    self._staging_ready = True
                await self._db.executemany(_STAGE, rows)
                async with self._db.execute(_INSERT_STAGED) as cursor:
                    # rows this statement inserted (not its triggers'), the last of them the
                    # newest id; with none new, the newest id is asked for
                    new, last_id = cursor.rowcount, cursor.lastrowid
                await self._db.execute(f"DELETE FROM temp.{_STAGING}")
                if not new or not last_id:
                    last_id = await self._scalar("SELECT COALESCE(MAX(id), 0) FROM mentions")
        except BaseException:
            self._staging_ready = False  # created in the transaction that was rolled back
            raise
        return IngestResult(len(rows), int(new), int(last_id))

    async def last_mention_id(self) -> int:
        return int(await self._scalar("SELECT COALESCE(MAX(id), 0) FROM mentions"))

    async def mention_count(self) -> int:
        return int(await self._scalar("SELECT COUNT(*) FROM mentions"))

    async def mention(self, mention_id: int) -> Mention | None:
        async with self._db.execute(f"{_SELECT_MENTION} WHERE id = ?", (mention_id,)) as cursor:
            row = await cursor.fetchone()
        return mention_from_row(row) if row else None

    async def recent_mentions(self, limit: int, after_id: int = 0) -> list[Mention]:
        """The newest ``limit`` mentions by time; with ``after_id``, only those stored since.

        The two cases use different indexes on purpose: "since id N" walks the id range (a few
        rows), "newest by time" walks the time index from the top. Mixing them in one query
        makes SQLite scan a million-row table to prove no older row has a newer id.
        """
        if after_id > 0:
            sql = f"{_SELECT_MENTION} WHERE id > ? ORDER BY id DESC LIMIT ?"
            params: tuple[int, ...] = (after_id, limit)
        else:
            sql = f"{_SELECT_MENTION} ORDER BY created_at DESC, id DESC LIMIT ?"
            params = (limit,)
        async with self._db.execute(sql, params) as cursor:
            rows = [mention_from_row(row) async for row in cursor]
        rows.sort(key=lambda m: (m.created_at, m.id or 0), reverse=True)
        return rows

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
                yield mention_from_row(row)
            last = rows[-1][0]

    async def latest_mention_time(self) -> datetime | None:
        value = await self._scalar("SELECT MAX(created_at) FROM mentions")
        return from_epoch(value) if value is not None else None

    async def rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[Rollup]:
        """Per-minute rollups in [since, until): of every subject, or of ``subject`` only.

        The severity engine's first tick asks for a week of them; one subject read through
        its primary key in one fetch costs a fraction of every subject read row by row.
        """
        columns = (
            "SELECT subject, minute, volume, positive, negative, neutral, sentiment_sum, "
            "reach_sum, negative_reach, scanned_negative, unscored FROM rollups "
        )
        first, end = to_epoch(since) // 60, -(-to_epoch(until) // 60)
        if subject is None:
            sql = f"{columns}WHERE minute >= ? AND minute < ? ORDER BY minute"
            params: tuple[object, ...] = (first, end)
        else:
            sql = f"{columns}WHERE subject = ? AND minute >= ? AND minute < ? ORDER BY minute"
            params = (subject, first, end)
        async with self._db.execute(sql, params) as cursor:
            rows = await cursor.fetchall()
        return [Rollup(*row) for row in rows]

    async def language_rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[LanguageRollup]:
        """Per-minute counts per language in [since, until): of every subject, or of
        ``subject`` only."""
        columns = "subject, minute, lang, volume, positive, negative, unscored, sentiment_sum"
        rows = await self._minutes("language_rollups", columns, since, until, subject)
        return [LanguageRollup(*row) for row in rows]

    async def trigger_rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[TriggerRollup]:
        """Per-minute trigger term counts in [since, until): of every subject, or of
        ``subject`` only."""
        columns = "subject, minute, crisis_type, term, volume, negative"
        rows = await self._minutes("trigger_rollups", columns, since, until, subject)
        return [TriggerRollup(*row) for row in rows]

    async def _minutes(
        self, table: str, columns: str, since: datetime, until: datetime, subject: str | None
    ) -> list[Any]:
        """Rows of a per-minute table (keyed by minute first) in [since, until)."""
        sql = f"SELECT {columns} FROM {table} WHERE minute >= ? AND minute < ?"
        params: tuple[object, ...] = (to_epoch(since) // 60, -(-to_epoch(until) // 60))
        if subject is not None:
            sql += " AND subject = ?"
            params = (*params, subject)
        async with self._db.execute(f"{sql} ORDER BY minute", params) as cursor:
            return list(await cursor.fetchall())

    async def mention_triggers(self, mention_id: int) -> list[tuple[str, str]] | None:
        """The (crisis type, term) pairs stored with a mention; None if it was stored before
        trigger terms were matched (or does not exist)."""
        raw = await self._scalar("SELECT triggers FROM mentions WHERE id = ?", (mention_id,))
        return None if raw is None else [(kind, term) for kind, term in json.loads(raw)]

    async def negative_mentions(
        self, subject: str, since: datetime, until: datetime, limit: int = 2000
    ) -> list[Mention]:
        """The newest ``limit`` negative mentions of a subject in [since, until), newest
        first; walks the time index from the top, so a busy window costs ``limit`` rows."""
        sql = (
            f"{_SELECT_MENTION} WHERE created_at >= ? AND created_at < ? AND subject = ? "
            "AND label = 'negative' ORDER BY created_at DESC, id DESC LIMIT ?"
        )
        params = (to_epoch(since), to_epoch(until), subject, limit)
        async with self._db.execute(sql, params) as cursor:
            return [mention_from_row(row) async for row in cursor]

    async def top_negative(
        self,
        subject: str,
        since: datetime,
        until: datetime,
        limit: int = 3,
        *,
        own: OwnAccounts | None = None,
    ) -> list[Mention]:
        """The widest-reaching negative mentions of a subject in [since, until], with their
        trigger terms (for drivers and the likely crisis type); posts of the ``own`` accounts
        left out. Bounded above too: a reader on another clock must not name a post from its
        future as a driver of its present."""
        sql = (
            f"SELECT {mention_columns()}, triggers FROM mentions WHERE created_at >= ? "
            "AND created_at <= ? AND subject = ? AND label = 'negative'"
        )
        keys = sorted(own.keys) if own else []
        if keys:
            marks = ", ".join("?" * len(keys))
            sql += f" AND lower(ltrim(trim(coalesce(author, '')), '@')) NOT IN ({marks})"
        sql += " ORDER BY reach DESC LIMIT ?"
        params = (to_epoch(since), to_epoch(until), subject, *keys, limit)
        async with self._db.execute(sql, params) as cursor:
            rows = [tuple(row) async for row in cursor]
        found = [
            replace(
                mention_from_row(row[:-1]),
                triggers=tuple((kind, term) for kind, term in json.loads(row[-1] or "[]")),
            )
            for row in rows
        ]
        return [m for m in found if not own or m.author not in own]

    async def hostile_texts(
        self, subject: str, since: datetime, until: datetime
    ) -> tuple[int, list[WindowText]]:
        """The subject's mentions in [since, until]: how many, and its hostile texts (negative,
        or holding misinformation terms; retweets left out) grouped by fingerprint, each with
        how many mentions, distinct authors, first and last, and one copy's text. The time
        index bounds both queries to the window, whatever the history holds."""
        window = "FROM mentions WHERE created_at >= ? AND created_at <= ? AND subject = ?"
        params = (to_epoch(since), to_epoch(until), subject)
        total = int(await self._scalar(f"SELECT COUNT(*) {window}", params))
        sql = (
            "SELECT fingerprint, COUNT(*), COUNT(DISTINCT author), MIN(created_at), "
            f"MAX(created_at), substr(text, 1, {WINDOW_TEXT_CHARS}), "
            f"MAX(instr(coalesce(triggers, ''), '{_MISINFORMATION}') > 0) {window} "
            f"AND (label = 'negative' OR instr(coalesce(triggers, ''), '{_MISINFORMATION}') > 0) "
            "AND text NOT LIKE 'RT @%' GROUP BY fingerprint"
        )
        async with self._db.execute(sql, params) as cursor:
            rows = await cursor.fetchall()
        return total, [
            WindowText(fp, n, accounts, from_epoch(first), from_epoch(last), text, bool(misinfo))
            for fp, n, accounts, first, last, text, misinfo in rows
        ]

    async def text_authors(
        self, subject: str, fingerprints: Sequence[str], since: datetime, until: datetime
    ) -> list[str]:
        """The distinct authors of the subject's mentions with these fingerprints in [since,
        until], in the order they first posted; found through the fingerprint index."""
        if not fingerprints:
            return []
        marks = ", ".join("?" * len(fingerprints))
        sql = (
            "SELECT author, MIN(created_at) AS first FROM mentions INDEXED BY "
            f"mentions_fingerprint WHERE fingerprint IN ({marks}) AND created_at >= ? "
            "AND created_at <= ? AND subject = ? AND author IS NOT NULL "
            "GROUP BY author ORDER BY first, author"
        )
        params = (*fingerprints, to_epoch(since), to_epoch(until), subject)
        async with self._db.execute(sql, params) as cursor:
            return [author for author, _first in await cursor.fetchall()]

    # -- incidents, checklist, timeline -----------------------------------------------------
