"""``Sql`` over one aiosqlite connection, with SQLite's errors told as the store's."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager, suppress
from pathlib import Path
from typing import Any

import aiosqlite

from crisistui.store.errors import (
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
    ValueRejected,
)
from crisistui.store.sql import Dialect, Row

ONE_BAD_VALUE = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError)
"""What SQLite raises for one value a table refuses, rather than for the database."""


def translate(path: Path, exc: sqlite3.Error) -> StoreError:
    """The store's error for what SQLite raised, in words that say what to do about it."""
    if isinstance(exc, ONE_BAD_VALUE):
        return ValueRejected(f"{path}: a value was refused: {exc}")
    name = getattr(exc, "sqlite_errorname", "")
    message = str(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or (
        not name and ("locked" in message or "busy" in message)
    ):
        return StoreBusy(
            f"{path}: database is busy: another process is writing it (upgrading a large "
            "database can take a while); try again",
            reason="the database is busy",
        )
    if name.startswith("SQLITE_FULL"):
        return StoreFull(
            f"{path}: the disk is full: free some space and try again (nothing stored was lost)",
            reason="the disk is full",
        )
    if name.startswith("SQLITE_IOERR"):
        return StoreUnavailable(
            f"{path}: the disk could not be read or written ({exc}): it may be full or "
            "failing; free some space or check the disk, then try again"
        )
    if name.startswith("SQLITE_READONLY"):
        return StoreReadOnly(
            f"{path}: the database is read-only for this user: nothing was changed (the file "
            f"and its folder must be writable: SQLite keeps {path.name}-wal and "
            f"{path.name}-shm beside it)",
            reason="the database is read-only",
        )
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreUnavailable(
            f"{path}: cannot use the database: {exc} (the file and its folder must be "
            f"writable: SQLite keeps {path.name}-wal and {path.name}-shm beside it)"
        )
    return StoreDamaged(f"{path}: not a usable crisistui database: {exc}")


class SqliteSql:
    """Portable statements on one connection; one write transaction at a time.

    Sources poll concurrently on one event loop and share this connection; without the lock,
    a second BEGIN would land inside the first transaction.
    """

    dialect: Dialect = "sqlite"

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self.db = db
        self.path = path
        self.write_lock = asyncio.Lock()

    @contextmanager
    def translated(self) -> Iterator[None]:
        """SQLite's errors raised inside become the store's."""
        try:
            yield
        except sqlite3.Error as exc:
            raise translate(self.path, exc) from exc
        except OverflowError as exc:  # an integer wider than 64 bits, as PostgreSQL refuses it
            raise ValueRejected(f"{self.path}: a value was refused: {exc}") from exc

    async def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self.translated():
            async with self.db.execute(sql, params) as cursor:
                return [tuple(row) for row in await cursor.fetchall()]

    async def row(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        with self.translated():
            async with self.db.execute(sql, params) as cursor:
                found = await cursor.fetchone()
        return tuple(found) if found is not None else None

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        found = await self.row(sql, params)
        return found[0] if found else None

    async def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.translated():
            async with self.db.execute(sql, params) as cursor:
                return cursor.rowcount

    async def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.translated():
            await self.db.executemany(sql, rows)

    async def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        marks = ", ".join("?" * len(columns))
        await self.run_many(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    async def columns(self, table: str) -> list[str]:
        return [row[1] for row in await self.rows(f"PRAGMA table_info({table})")]

    async def exclusive(self, key: int) -> None:
        """BEGIN IMMEDIATE already holds the only write lock of the file."""

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        async with self.write_lock:
            begin = asyncio.ensure_future(self.db.execute("BEGIN IMMEDIATE"))
            try:
                await asyncio.shield(begin)
            except asyncio.CancelledError:
                # Cancelled (a collector stopping) while the connection's thread runs the
                # BEGIN: it begins all the same, and left open it would refuse the next one.
                with suppress(Exception):
                    await begin
                    await self.db.execute("ROLLBACK")
                raise
            except sqlite3.Error as exc:
                if isinstance(translate(self.path, exc), StoreBusy):
                    raise StoreBusy(
                        f"{self.path.name} is busy: another process has been writing it for a "
                        "while (an upgrade or a large import); nothing was changed, try again"
                    ) from exc
                raise translate(self.path, exc) from exc
            try:
                yield
            except BaseException:
                await self._roll_back()
                raise
            try:
                with self.translated():
                    await self.db.execute("COMMIT")
            except StoreError:
                await self._roll_back()
                raise

    async def _roll_back(self) -> None:
        """Undo the transaction under way, if SQLite has not already: on a full disk or an
        I/O error it rolls back by itself, and a ROLLBACK then fails ("no transaction is
        active"). What went wrong first is what the caller is told, never that failure (a
        full disk was reported as a damaged database)."""
        if self.db.in_transaction:
            with suppress(sqlite3.Error):
                await self.db.execute("ROLLBACK")
