"""The PostgreSQL backend: a team's collectors, consoles and walls on one database.

The rules (incidents, tasks, statements, triage, health, rollup reads) are the table code every
backend shares; what is PostgreSQL's own is here: connecting (credentials as libpq finds them),
the schema and its upgrades under an advisory lock, ingest through COPY into a staging table,
the full-text feed filter, and LISTEN/NOTIFY as the change notifier.

Collectors insert side by side, so ids commit out of order; every read of "mentions since id
N" (``last_mention_id``, ``recent_mentions`` and ``filtered_mentions`` with ``after_id``,
``iter_mentions``) stops at the settled id, below which nothing can still appear (the argument
is in ``schema.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

import psycopg

from crisistui.domain.models import Mention
from crisistui.domain.records import IngestResult
from crisistui.domain.search_text import search_form
from crisistui.domain.time import from_epoch, to_epoch
from crisistui.store.errors import (
    SchemaTooNew,
    StoreDamaged,
    StoreError,
    StoreReadOnly,
    StoreUnavailable,
)
from crisistui.store.location import StoreLocation
from crisistui.store.postgres.conninfo import conninfo
from crisistui.store.postgres.executor import PgSql, translate
from crisistui.store.postgres.fts import fts_words
from crisistui.store.postgres.notifier import Listener
from crisistui.store.postgres.schema import (
    ANALYTICS_MIGRATION,
    BACKFILL_FACETS,
    COPY_KEY_MIGRATION,
    LOCK_MIGRATIONS,
    MIGRATIONS,
    READ_VERSION,
    SCHEMA_TABLE,
    SCHEMA_VERSION,
    SET_VERSION,
    SETTLED,
    STAGED_WORDS,
    STAGING,
)
from crisistui.store.postgres.search import PgSearchTables
from crisistui.store.rows import (
    INSERT_FIELDS,
    mention_columns,
    mention_from_row,
    mention_row,
    mention_rows,
)
from crisistui.store.tables.analytics import backfill_analytics
from crisistui.store.tables.filtered import FilteredAnalyticsTables
from crisistui.store.tables.health import HealthTables
from crisistui.store.tables.incidents import IncidentTables
from crisistui.store.tables.mentions import MentionTables, backfill_copy_keys
from crisistui.store.tables.search import TextMatch
from crisistui.store.tables.statements import StatementTables
from crisistui.store.tables.triage import TriageTables

LOCK_TIMEOUT = "10s"
READ_ONLY_LOCK_TIMEOUT = "2s"
CONNECT_TIMEOUT_S = 10

_COLUMNS = INSERT_FIELDS
_COMMIT_EARLY = "SET LOCAL synchronous_commit = off"
_MADE_DURABLE = "SELECT pg_logical_emit_message(true, 'crisistui', 'batch stored')"
"""A transaction that writes (a logical message, which any role may emit) and so waits at
its commit, by the session's ``synchronous_commit``, for the WAL up to it: the batch
committed just before it included."""
_CREATE_STAGING = (
    f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} ON COMMIT DELETE ROWS AS "
    f"SELECT {', '.join(_COLUMNS)} FROM mentions WITH NO DATA"
)
_ADD_ORDER = (
    f"ALTER TABLE {STAGING} ADD COLUMN IF NOT EXISTS seq bigint GENERATED ALWAYS AS IDENTITY, "
    "ADD COLUMN IF NOT EXISTS text_words text, ADD COLUMN IF NOT EXISTS author_words text"
)
_COPY = f"COPY {STAGING} ({', '.join(_COLUMNS)}, text_words, author_words) FROM STDIN"
_USE_STAGED_WORDS = f"SET LOCAL {STAGED_WORDS} = on"
_TEXT = _COLUMNS.index("text")
_AUTHOR = _COLUMNS.index("author")
_INSERT_STAGED = (
    f"INSERT INTO mentions (id, {', '.join(_COLUMNS)}) "
    f"SELECT id, {', '.join(_COLUMNS)} FROM ("
    "SELECT nextval('mentions_id_seq') AS id, fresh.* FROM ("
    f"SELECT DISTINCT ON (i.source, i.external_id) i.* FROM {STAGING} i "
    "WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.source = i.source "
    "AND m.external_id = i.external_id OFFSET 0) "
    "AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.fingerprint = i.fingerprint "
    "AND m.created_at = i.created_at AND m.source = i.source "
    "AND m.author IS NOT DISTINCT FROM i.author AND m.text = i.text OFFSET 0) "
    "ORDER BY i.source, i.external_id, i.seq) AS fresh "
    "ORDER BY fresh.seq) AS numbered "
    "ORDER BY source, external_id ON CONFLICT (source, external_id) DO NOTHING RETURNING id"
)
"""Stored duplicates are skipped without drawing an id (the same id from the same source, or
the same words by the same author at the same second from the same source under a new id, as
SQLite's), and so is a second copy of an id within the batch (its first stays; a second copy
of its words never gets here, ``rows.without_repeats``, unless the batch is one poll, whose
repeats the statement's snapshot does not see and keeps). Ids are drawn in the batch's order,
as SQLite's are (``nextval`` in the list of a sorted subquery is evaluated after its sort),
and the rows are then inserted in
key order: two batches holding the same post wait for each other in one order, never both
(which PostgreSQL would end as a deadlock); the later skips it by ``ON CONFLICT``, its id left
unused.

Each ``NOT EXISTS`` ends in ``OFFSET 0``, which keeps it a probe of the index per staged row: as
a join, the planner reads a small batch against a young table (or one whose statistics lag
behind it, as a new team's do all day) by reading the whole table, twice a batch, a cost that
grows with every mention stored."""


def _without_nul(value: Any) -> Any:
    """PostgreSQL text cannot hold U+0000, which a stranger's post may; it carries nothing."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class PostgresStore(
    MentionTables,
    IncidentTables,
    StatementTables,
    TriageTables,
    HealthTables,
    PgSearchTables,
    FilteredAnalyticsTables,
):
    """One connection to a crisistui PostgreSQL database (plus one that listens)."""

    _each_word = (
        " CROSS JOIN LATERAL json_array_elements_text(coalesce(e.words, '[]')::json) AS w(value)"
    )

    def __init__(self, sql: PgSql, location: StoreLocation, read_only: bool) -> None:
        super().__init__(sql)
        self._pg = sql
        self._where = location
        self._listener = Listener(location, sql.conn.info.backend_pid)
        self._read_only = read_only
        self._staging_session = 0
        """The session (``PgSql.session``) whose staging table exists (0: none yet)."""
        self._commit_waits: bool | None = None
        """Whether this session's commits wait for the WAL (None: not asked yet)."""
        self._held_at: int | None = None
        """The settled id of the last read that a writer in flight held back (None: none did)."""
        self._settled_moves = 0

    @classmethod
    async def open(
        cls, location: StoreLocation, *, create: bool = True, read_only: bool = False
    ) -> PostgresStore:
        """Connect, then create or upgrade the schema (``read_only``: only check it)."""
        try:
            conn = await _connect(location)
        except psycopg.Error as exc:
            raise StoreUnavailable(
                f"{location.shown}: cannot connect: {_first_line(exc)}",
                reason="the database is unreachable",
            ) from None
        store = cls(PgSql(conn, location.shown), location, read_only)
        try:
            with store._pg.translated():
                await store._configure(conn)
            await store._prepare(create=create, read_only=read_only)
        except BaseException:
            await conn.close()
            raise
        store._pg.reconnect = store._reconnect
        return store

    async def _configure(self, conn: psycopg.AsyncConnection[Any]) -> None:
        """The session's settings, for its first connection and any made again."""
        timeout = READ_ONLY_LOCK_TIMEOUT if self._read_only else LOCK_TIMEOUT
        await conn.execute(f"SET lock_timeout = '{timeout}'")
        await conn.execute("SET plan_cache_mode = force_custom_plan")  # the triggers' too
        if self._read_only:
            await conn.execute("SET default_transaction_read_only = on")

    async def _reconnect(self) -> psycopg.AsyncConnection[Any]:
        """A new session after the last one broke (``PgSql.live``)."""
        conn = await _connect(self._where)
        try:
            await self._configure(conn)
        except BaseException:
            await conn.close()
            raise
        self._listener.own_pid = conn.info.backend_pid
        return conn

    async def _prepare(self, *, create: bool, read_only: bool) -> None:
        version = await self._version()
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{self.location}: database schema version {version} is newer than this "
                f"crisistui understands ({SCHEMA_VERSION}); upgrade crisistui"
            )
        if version == 0 and (not create or read_only):
            raise StoreError(f"{self.location}: no crisistui database here")
        if version < SCHEMA_VERSION:
            if read_only:
                raise StoreError(
                    f"{self.location}: database needs upgrading (schema {version}, this "
                    f"crisistui uses {SCHEMA_VERSION}); any other crisistui command on it "
                    "(collect, run, import) upgrades it"
                )
            await self._migrate()
        if not read_only:
            await self._check_writable()

    async def _check_writable(self) -> None:
        """Refuse, at once, a login that may only read the tables: a console then opens
        read-only and says so (it used to open as any other, offer every key, and refuse
        the first tick), and a command that writes stops before it reads anything."""
        lacking = await self._sql.scalar(
            "SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
            " AND NOT (has_table_privilege(c.oid, 'INSERT')"
            " AND has_table_privilege(c.oid, 'UPDATE'))"
            " ORDER BY c.relname LIMIT 1"
        )
        if lacking:
            raise StoreReadOnly(
                f"{self.location}: this login lacks a right it needs here (INSERT and UPDATE on "
                f"table {lacking}): nothing was changed; the rights a login needs are in "
                "docs/scale.md",
                reason="this login may only read",
            )

    async def _version(self) -> int:
        if await self._sql.scalar(f"SELECT to_regclass('{SCHEMA_TABLE}') IS NOT NULL") is False:
            return 0
        return int(await self._sql.scalar(READ_VERSION) or 0)

    async def _check_ours(self) -> None:
        """Refuse a database that holds another program's tables (without touching it)."""
        found = await self._sql.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        tables = [row[0] for row in found]
        if tables:
            shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
            raise StoreDamaged(
                f"{self.location}: not a crisistui database (it holds other tables: {shown}); "
                "left untouched: give --db an empty database or a crisistui one"
            )

    async def _migrate(self) -> None:
        """Every missing migration in one transaction, under an advisory lock: two processes
        starting at once upgrade once, and a failed upgrade leaves nothing half done."""
        async with self._transaction():
            conn = self._pg.conn
            await conn.execute(LOCK_MIGRATIONS)
            version = await self._version()  # another process may have won
            if version == 0:  # checked under the lock: the tables of a winner are ours
                if self._where.schema is not None:
                    await self._make_schema(conn, self._where.schema)
                await self._check_ours()
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                await conn.execute(script.encode())
                if number == ANALYTICS_MIGRATION:
                    await backfill_analytics(self._sql, self._store_words, BACKFILL_FACETS)
                if number == COPY_KEY_MIGRATION:
                    await backfill_copy_keys(self._sql, self._store_copy_keys)
                await conn.execute(SET_VERSION, (number,))

    async def _make_schema(self, conn: psycopg.AsyncConnection[Any], schema: str) -> None:
        """A brand's first open makes its schema, unless the administrator made it already
        (making it needs the CREATE right on the database, even "IF NOT EXISTS")."""
        cursor = await conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
        if await cursor.fetchone() is not None:
            return
        try:
            await conn.execute(f"CREATE SCHEMA {schema}")
        except psycopg.errors.InsufficientPrivilege:
            raise StoreError(
                f"{self.location}: there is no schema {schema}, and this login may not create "
                f"one: the administrator creates it (CREATE SCHEMA {schema} AUTHORIZATION "
                "<this login>), or grants CREATE on the database",
                reason=f"no schema {schema}",
            ) from None

    async def _store_words(self, rows: list[tuple[str, str | None, int]]) -> None:
        words, domains, ids = zip(*rows, strict=True)
        await self._sql.run(
            "UPDATE mentions AS m SET words = v.words, domain = v.domain "
            "FROM unnest(?::text[], ?::text[], ?::bigint[]) AS v(words, domain, id) "
            "WHERE m.id = v.id",
            (list(words), list(domains), list(ids)),
        )

    async def _store_copy_keys(self, rows: list[tuple[str, int]]) -> None:
        keys, ids = zip(*rows, strict=True)
        await self._sql.run(
            "UPDATE mentions AS m SET copy_key = v.key "
            "FROM unnest(?::text[], ?::bigint[]) AS v(key, id) WHERE m.id = v.id",
            (list(keys), list(ids)),
        )

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def location(self) -> str:
        return self._where.shown

    @property
    def is_open(self) -> bool:
        return self._open

    async def close(self) -> None:
        self._open = False
        await self._listener.close()
        await self._pg.conn.close()

    async def __aenter__(self) -> PostgresStore:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def schema_version(self) -> int:
        return await self._version()

    async def change_marker(self) -> int:
        """Counts the NOTIFY messages other connections' commits sent (see ``Listener``), and
        each time the settled id moved after a read that a writer in flight held back: that
        writer's NOTIFY may have arrived a moment before its rows could be read."""
        heard = await self._listener.marker()
        held_at = self._held_at
        if held_at is not None and await self._settled() != held_at:
            self._settled_moves += 1
        return heard + self._settled_moves

    # -- mentions ------------------------------------------------------------------------

    async def _settled(self) -> int:
        """The settled id (the schema's ``SETTLED``): every id at or below it that will ever
        be visible is visible to the next statement. Remembers whether a writer held it back."""
        row = await self._sql.row(SETTLED)
        settled, held = (int(row[0]), bool(row[1])) if row else (0, False)
        self._held_at = settled if held else None
        return settled

    async def last_mention_id(self) -> int:
        """The newest settled id: a reader that takes it as "read up to here" never misses
        a batch that drew lower ids and commits later."""
        settled = await self._settled()
        found = await self._sql.scalar("SELECT MAX(id) FROM mentions WHERE id <= ?", (settled,))
        return int(found or 0)

    async def arrivals_since(self, after_id: int) -> tuple[int, datetime | None]:
        """As on every backend, over settled ids only: a batch still in flight below the
        newest id is read whole once it commits."""
        settled = await self._settled()
        row = await self._sql.row(
            "SELECT MAX(id), MIN(created_at) FROM mentions WHERE id > ? AND id <= ?",
            (after_id, settled),
        )
        if row is None or row[0] is None:
            return after_id, None
        return int(row[0]), from_epoch(int(row[1]))

    async def recent_mentions(self, limit: int, after_id: int = 0) -> list[Mention]:
        """As on every backend; "since id N" reads settled ids only."""
        if after_id <= 0:
            return await super().recent_mentions(limit)
        settled = await self._settled()
        rows = await self._sql.rows(
            f"SELECT {mention_columns()} FROM mentions WHERE id > ? AND id <= ? "
            "ORDER BY id DESC LIMIT ?",
            (after_id, settled, limit),
        )
        found = [mention_from_row(row) for row in rows]
        found.sort(key=lambda m: (m.created_at, m.id or 0), reverse=True)
        return found

    async def _since(
        self,
        match: TextMatch | None,
        where: list[str],
        params: list[object],
        after_id: int,
        limit: int,
    ) -> list[Mention]:
        settled = await self._settled()
        return await super()._since(
            match, [*where, "m.id <= ?"], [*params, settled], after_id, limit
        )

    async def iter_mentions(self, batch: int = 2000) -> AsyncIterator[Mention]:
        """Every settled mention in id order: a batch in flight is left out whole, never
        half (its lower ids missing, its higher ones there)."""
        settled = await self._settled()
        async for mention in super().iter_mentions(batch):
            if (mention.id or 0) > settled:
                return
            yield mention

    async def add_mentions(
        self, mentions: Sequence[Mention], now: datetime, *, one_poll: bool = False
    ) -> IngestResult:
        """A batch in one transaction: COPY into a staging table, then one INSERT … SELECT
        that skips what is stored. The triggers keep the rollups and the full-text index in
        the same transaction; the commit's NOTIFY tells every console "up to id N".

        The batch commits without waiting for the disk, and a second, tiny transaction then
        waits for it (``_MADE_DURABLE``), so the call returns only once the batch is as
        durable as the server's ``synchronous_commit`` makes any commit. A batch holds its
        brand's rollup rows for the current minute from its first update to its commit:
        waiting for the disk there made collectors writing at once queue behind each
        other's flush, and now their flushes are shared. Should the server itself crash in
        between, the batch is lost, but its caller never heard that it was stored, and
        sends it again."""
        if not mentions:
            return IngestResult(0, 0, await self.last_mention_id())
        ingested = to_epoch(now)
        rows = await mention_rows(mentions, ingested, _clean_row, one_poll=one_poll)
        await self._pg.live()
        if self._staging_session != self._pg.session:
            await self._make_staging()
        if self._commit_waits is None:
            self._commit_waits = await self._sql.scalar("SHOW synchronous_commit") != "off"
        async with self._transaction():
            conn = self._pg.conn
            async with conn.cursor() as cursor:
                async with cursor.copy(_COPY) as copy:
                    for row in rows:
                        await copy.write_row(row)
                settings = [_USE_STAGED_WORDS]
                if self._commit_waits:
                    settings.append(_COMMIT_EARLY)
                # one round trip for all: no parameters to bind
                await cursor.execute(";\n".join([*settings, _INSERT_STAGED]))
                for _ in settings:
                    cursor.nextset()
                ids = [row[0] for row in await cursor.fetchall()]
        if self._commit_waits and ids:
            async with self._sql.write_lock:  # a statement of its own is its own transaction
                await self._sql.run(_MADE_DURABLE)
        last_id = max(ids) if ids else await self.last_mention_id()
        return IngestResult(len(mentions), len(ids), int(last_id))

    async def _make_staging(self) -> None:
        """The session's own staging table, made outside any batch and once: a collector's
        first polls of several sources end together, and their batches came here at once
        (the second one's ALTER failed, or ran inside the first one's transaction and
        aborted it). The write lock keeps every other batch's transaction out meanwhile."""
        async with self._sql.write_lock:
            await self._pg.live()
            if self._staging_session == self._pg.session:  # made while this one waited
                return
            await self._sql.run(_CREATE_STAGING)
            await self._sql.run(_ADD_ORDER)
            self._staging_session = self._pg.session


async def _connect(location: StoreLocation) -> psycopg.AsyncConnection[Any]:
    # Never prepared: a plan made while a table was nearly empty (or for a common word) would
    # be reused for every batch and every filter after; each is planned anew.
    return await psycopg.AsyncConnection.connect(
        conninfo(location),
        autocommit=True,
        connect_timeout=CONNECT_TIMEOUT_S,
        prepare_threshold=None,
    )


def _clean_row(mention: Mention, ingested: int) -> tuple[Any, ...]:
    """The row as stored, then the words of its text (in its search form) and author
    (``fts.fts_words``), which the insert trigger indexes instead of spelling them itself."""
    row = tuple(_without_nul(v) for v in mention_row(mention, ingested))
    author = row[_AUTHOR]
    words = fts_words(search_form(row[_TEXT]))
    return (*row, words, None if author is None else fts_words(author))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


__all__ = ["PostgresStore", "translate"]
