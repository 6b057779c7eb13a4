"""The shared connection of the store's tables: one writer at a time, small helpers."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from crisistui.response.incident import ResponseError


class DatabaseBusy(ResponseError, sqlite3.OperationalError):
    """Another process held the database past the busy timeout, so nothing was changed.

    A refusal like the rules' own (the console says it and carries on) and still an SQLite
    error (the collector and the severity watch retry it on their next beat)."""


class Connected:
    """Holds the aiosqlite connection that every table mixin of ``Store`` uses."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self.path = path
        self._open = True
        self._write_lock = asyncio.Lock()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        """One write transaction at a time on this connection.

        Sources poll concurrently on one event loop and share this connection; without the
        lock, a second BEGIN would land inside the first transaction.
        """
        async with self._write_lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                raise DatabaseBusy(
                    f"{self.path.name} is busy: another process has been writing it for a "
                    "while (an upgrade or a large import); nothing was changed, try again"
                ) from exc
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
