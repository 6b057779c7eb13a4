"""LISTEN/NOTIFY as the change notifier: cheap for readers, nothing lost when a message is.

Every commit that changes a table sends a notification on the schema's channel (statement
triggers in the schema; ``crisistui``, or ``crisistui.<schema>`` in a brand's schema, so brands
sharing a database do not wake each other's consoles); the message says only which table
changed and, for mentions, the newest id. A reader keeps one
extra connection that listens, and its marker counts what arrived. Readers then re-read by id
("mentions after N", "events after M"), so the payload is a hint, never the data: if the
listening connection drops, the marker moves once and every reader catches up as after any
change; messages missed while it was down lose nothing.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from crisistui.store.errors import StoreUnavailable
from crisistui.store.location import StoreLocation
from crisistui.store.postgres.conninfo import conninfo

CHANNEL = "SELECT crisistui_changes_channel()"
"""The schema's channel (``crisistui`` in ``public``, ``crisistui.<schema>`` in a brand's),
asked on the listening session, whose search path is the store's."""


class Listener:
    """A lazily opened listening connection and a count of what other connections sent."""

    def __init__(self, location: StoreLocation, own_pid: int) -> None:
        self._location = location
        self.own_pid = own_pid
        """The server process of the store's own connection: its commits are not news."""
        self._conn: psycopg.AsyncConnection[object] | None = None
        self._heard = 0

    async def marker(self) -> int:
        """The count of notifications so far; drains what is waiting without blocking."""
        if self._conn is None or self._conn.closed:
            await self._listen()
        assert self._conn is not None
        try:
            async for note in self._conn.notifies(timeout=0.0):
                self._heard += note.pid != self.own_pid
        except psycopg.Error:
            # lost: make every reader catch up once, and listen again on the next call
            await self.close()
            self._heard += 1
        return self._heard

    async def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a change; whether one came."""
        before = await self.marker()
        assert self._conn is not None
        try:
            async for note in self._conn.notifies(timeout=timeout):
                if note.pid != self.own_pid:
                    self._heard += 1
                    break
        except psycopg.Error:
            await self.close()
            self._heard += 1
        return self._heard != before

    async def _listen(self) -> None:
        try:
            self._conn = await psycopg.AsyncConnection.connect(
                conninfo(self._location), autocommit=True, connect_timeout=10
            )
            cursor = await self._conn.execute(CHANNEL)
            row = await cursor.fetchone()
            channel = str(row[0]) if row else ""
            await self._conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except psycopg.Error:
            self._conn = None
            self._heard += 1  # readers re-read now, and the next call listens again
            raise StoreUnavailable(
                f"{self._location.shown}: cannot listen for changes",
                reason="the database is unreachable",
            ) from None

    async def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            await conn.close()
