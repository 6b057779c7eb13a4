"""Async access to the single SQLite file (WAL, busy timeout, migrations, dedupe, rollups).

Several processes may open one file at once (a headless collector and consoles in a war room):
WAL lets readers run beside the writer and ``PRAGMA data_version`` tells a console that
another process wrote something.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from crisistui.domain.models import Mention
from crisistui.domain.records import (
    IngestResult,
)
from crisistui.domain.search_text import search_form
from crisistui.domain.time import to_epoch
from crisistui.store.errors import (
    SchemaTooNew,
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreReadOnly,
)
from crisistui.store.private import private_folder
from crisistui.store.rows import INSERT_FIELDS, mention_row, mention_rows
from crisistui.store.sqlite.executor import SqliteSql, translate
from crisistui.store.sqlite.schema import (
    ANALYTICS_MIGRATION,
    BACKFILL_FACETS,
    COPY_KEY_MIGRATION,
    CREATE_BATCH_FACETS,
    MIGRATIONS,
    SCHEMA_VERSION,
    count_batch_facets,
)
from crisistui.store.sqlite.search import SearchTables
from crisistui.store.tables.analytics import backfill_analytics
from crisistui.store.tables.filtered import FilteredAnalyticsTables
from crisistui.store.tables.health import HealthTables
from crisistui.store.tables.incidents import IncidentTables
from crisistui.store.tables.mentions import MentionTables, backfill_copy_keys
from crisistui.store.tables.statements import StatementTables
from crisistui.store.tables.triage import TriageTables

__all__ = ["SqliteStore"]

BUSY_TIMEOUT_MS = 10_000
READ_ONLY_BUSY_TIMEOUT_MS = 2_000
"""A monitoring check reads beside the writer (WAL) and only waits on SQLite's brief locks;
it must answer well within its caller's timeout (often 10 s)."""
BULK_CACHE_KIB = 32_768
"""Page cache of a connection opened for a large import (SQLite's default is 2 MiB). A
million mentions go into half a dozen indexes at random places; with the default cache each
insert reads its pages back from the operating system (a million-line import: 151 s, 61 s of
it in the kernel, against 138 s and 42 s; 64 MiB is no faster)."""

_INSERT_FIELDS = (*INSERT_FIELDS, "search_text")
_INSERT_COLUMNS = ", ".join(_INSERT_FIELDS)
_STAGING = "incoming_mentions"
_CREATE_STAGING = f"CREATE TEMP TABLE IF NOT EXISTS {_STAGING} ({_INSERT_COLUMNS})"
"""A batch on its way in. Its columns have no type, so every value reaches ``mentions`` exactly
as given and meets that table's own affinities and constraints there."""
_STAGE = (
    f"INSERT INTO temp.{_STAGING} ({_INSERT_COLUMNS}) "
    f"VALUES ({', '.join('?' * len(_INSERT_FIELDS))})"
)
_INSERT_STAGED = (
    f"INSERT INTO main.mentions ({_INSERT_COLUMNS}) SELECT {_INSERT_COLUMNS} "
    f"FROM temp.{_STAGING} AS s WHERE NOT EXISTS (SELECT 1 FROM main.mentions AS m "
    "INDEXED BY mentions_fingerprint WHERE m.fingerprint = s.fingerprint "
    "AND m.created_at = s.created_at AND m.source = s.source AND m.author IS s.author "
    "AND m.text = s.text) ORDER BY s.rowid "
    "ON CONFLICT (source, external_id) DO NOTHING"
)
"""A post already stored is skipped: the same id from the same source, or the same words by
the same author at the same second from the same source under a new id (a feed or endpoint
that mints ids per fetch would otherwise be stored again on every poll, and again after every
restart). Copies within one batch never get here (``rows.without_repeats``), except those of
one poll: the stored rows are the statement's start, so its own rows are not probed."""
COUNT_BATCH_FROM = 20
"""Mentions from which a batch counts its facets itself: a handful costs about the same
through the per-row triggers, and a poll of 40 10–15 % more (150: a quarter more)."""
_COUNTING = "INSERT INTO main.ingest_batch (id) VALUES (1)"
_COUNTED = "DELETE FROM main.ingest_batch"


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
        raise StoreReadOnly(
            f"{path}: the database is read-only for this user; commands that write (collect, "
            "import, run) need write access; `status`, `export` and `report` can read it",
            reason="the database is read-only for this user",
        )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreReadOnly(
            f"{path}: its folder is read-only for this user; SQLite keeps {path.name}-wal and "
            f"{path.name}-shm beside the database, so the folder must be writable",
            reason="the database's folder is read-only for this user",
        )


def _create_private(path: Path) -> None:
    """Create the file (and its folder) readable by its owner only, before SQLite opens it."""
    private_folder(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


def _row(mention: Mention, ingested: int) -> tuple[Any, ...]:
    """The row as stored, then the text in its search form (``domain.search_text``), which
    the full-text index holds instead of the text; None when they are the same."""
    row = mention_row(mention, ingested)
    searched = search_form(mention.text)
    return (*row, None if searched == mention.text else searched)


class SqliteStore(
    MentionTables,
    IncidentTables,
    StatementTables,
    TriageTables,
    HealthTables,
    SearchTables,
    FilteredAnalyticsTables,
):
    """One connection to a crisistui SQLite file."""

    _by_fingerprint = " INDEXED BY mentions_fingerprint"
    _by_time_author = " INDEXED BY mentions_time_author"
    _by_author = " INDEXED BY mentions_author"
    _author_join = "author_totals AS t CROSS JOIN mentions AS m INDEXED BY mentions_author"

    def __init__(self, sql: SqliteSql) -> None:
        super().__init__(sql)
        self._db = sql.db
        self.path = sql.path

    @classmethod
    async def open(
        cls, path: Path | str, *, create: bool = True, read_only: bool = False, bulk: bool = False
    ) -> SqliteStore:
        """Open (and create or migrate) the database at ``path``.

        ``read_only`` never writes and never waits long for another process: for monitoring
        checks that run under a caller's timeout. ``bulk`` keeps more of the file in memory,
        for a large import. A file whose schema is older than this version's is refused
        rather than upgraded, since the upgrade is a write that can hold the database for a
        while on a large file.
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
        store = cls(SqliteSql(db, path))
        try:
            if read_only:
                await db.execute(f"PRAGMA busy_timeout = {READ_ONLY_BUSY_TIMEOUT_MS}")
                await store._check_ours()  # else "needs upgrading" that no command would do
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
                if bulk:
                    await db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
                await store._migrate()
        except sqlite3.Error as exc:
            await db.close()
            raise translate(path, exc) from None
        except StoreBusy:  # opening: said of the file, with what usually holds it that long
            await db.close()
            raise StoreBusy(
                f"{path}: database is busy: another process is writing it (upgrading a large "
                "database can take a while); try again"
            ) from None
        except StoreError:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        """Close the connection and let its thread end: a closed store leaves no thread
        behind (`status` forks only a process that runs no other thread)."""
        await self._db.close()
        self._open = False
        worker = getattr(self._db, "_thread", None)  # aiosqlite's; it has answered its last
        if isinstance(worker, threading.Thread) and worker.is_alive():
            worker.join(timeout=1.0)  # call already, so it is only returning

    @property
    def is_open(self) -> bool:
        return self._open

    async def __aenter__(self) -> SqliteStore:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _check_ours(self) -> None:
        """Refuse a SQLite file that belongs to another program (without touching it)."""
        found = await self._sql.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        tables = {row[0] for row in found}
        version = int(await self._scalar("PRAGMA user_version"))
        if tables and (version == 0 or not {"mentions", "settings"} & tables):
            shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
            raise StoreDamaged(
                f"{self.path}: not a crisistui database (it holds other tables: {shown}); "
                "left untouched: give --db a new file or a crisistui database"
            )

    async def _check_version(self, *, upgrade: bool) -> int:
        version = int(await self._scalar("PRAGMA user_version"))
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
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
                    with self._sql.translated():
                        await self._db.execute(statement)
                if number == ANALYTICS_MIGRATION:
                    await backfill_analytics(self._sql, self._store_words, BACKFILL_FACETS)
                if number == COPY_KEY_MIGRATION:
                    await backfill_copy_keys(self._sql, self._store_copy_keys)
                with self._sql.translated():
                    await self._db.execute(f"PRAGMA user_version = {number}")

    async def _store_words(self, rows: list[tuple[str, str | None, int]]) -> None:
        await self._sql.run_many("UPDATE mentions SET words = ?, domain = ? WHERE id = ?", rows)

    async def _store_copy_keys(self, rows: list[tuple[str, int]]) -> None:
        await self._sql.run_many("UPDATE mentions SET copy_key = ? WHERE id = ?", rows)

    async def schema_version(self) -> int:
        return int(await self._scalar("PRAGMA user_version"))

    async def change_marker(self) -> int:
        """Changes when another connection commits: a cheap "is there anything new" check."""
        return int(await self._scalar("PRAGMA data_version"))

    @property
    def location(self) -> str:
        return str(self.path)

    # -- mentions --------------------------------------------------------------------------

    _staging_ready = False
    """Whether this connection's staging table exists (a rolled-back batch takes it along)."""

    async def add_mentions(
        self, mentions: Sequence[Mention], now: datetime, *, one_poll: bool = False
    ) -> IngestResult:
        """Insert a batch in one transaction; items already stored are skipped, never doubled.

        The batch is staged in a temporary table and moved into ``mentions`` by one statement:
        the triggers (rollups, the full-text index) then run once per row inside one statement
        rather than once per statement, and the full-text index is written once per batch
        instead of once per row, which made it cost as much as everything else together. The
        facet counts, a row per mention and facet for a per-row trigger (about ten of them a
        mention, twice: by hour and by day), are counted for the whole batch afterwards
        (``schema.count_batch_facets``), with ``ingest_batch`` holding their triggers back.
        A poll's few mentions (under ``COUNT_BATCH_FROM``) are counted by the triggers. The
        rows, their ids and their order, and every count and sum, are those of inserting each
        in turn.
        """
        if not mentions:
            return IngestResult(0, 0, await self.last_mention_id())
        ingested = to_epoch(now)
        rows = await mention_rows(mentions, ingested, _row, one_poll=one_poll)
        db = self._db
        try:
            async with self._transaction():
                with self._sql.translated():
                    if not self._staging_ready:
                        await db.execute(_CREATE_STAGING)
                        await db.execute(CREATE_BATCH_FACETS)
                        self._staging_ready = True
                    await db.executemany(_STAGE, rows)
                    counting = len(rows) >= COUNT_BATCH_FROM
                    if counting:
                        async with db.execute("SELECT COALESCE(MAX(id), 0) FROM mentions") as c:
                            before = int((await c.fetchone() or (0,))[0])
                        await db.execute(_COUNTING)
                    async with db.execute(_INSERT_STAGED) as cursor:
                        # rows this statement inserted (not its triggers'), the last of them
                        # the newest id
                        new, last_id = cursor.rowcount, cursor.lastrowid
                    if counting:
                        if new:
                            for statement, params in count_batch_facets(before):
                                await db.execute(statement, params)
                        await db.execute(_COUNTED)
                    await db.execute(f"DELETE FROM temp.{_STAGING}")
                if not new or not last_id:
                    # with none new, the newest id is asked for
                    last_id = await self._scalar("SELECT COALESCE(MAX(id), 0) FROM mentions")
        except BaseException:
            self._staging_ready = False  # created in the transaction that was rolled back
            raise
        return IngestResult(len(mentions), int(new), int(last_id))

    # -- incidents, checklist, timeline -----------------------------------------------------
