"""The collector lease on PostgreSQL: a session advisory lock per source, all or none.

Two collectors with different sources share one database; a second collector of a source
already collected is refused, so no source is polled twice.

Held by a connection of its own for as long as the collector runs; the server releases it the
moment that connection ends, so a collector killed with SIGKILL leaves nothing behind, and the
next collector of the same sources takes over. A machine that vanished (its network cut, a
kernel panic) never closes its connection: the server notices only through TCP keepalives,
after two hours by default, and the other collector was refused all that while. The lease's
session asks the server to probe after ``KEEPALIVE_IDLE_SECONDS`` idle (the collector checks
its lease every 5 s, so a live one is never idle that long), every
``KEEPALIVE_INTERVAL_SECONDS``, ``KEEPALIVE_PROBES`` times: a vanished holder's lease is let go
of about 25 s after its last check.
"""

from __future__ import annotations

import contextlib
import hashlib

import psycopg

from crisistui.store.errors import StoreUnavailable
from crisistui.store.location import StoreLocation
from crisistui.store.postgres.conninfo import conninfo

KEEPALIVE_IDLE_SECONDS = 10
KEEPALIVE_INTERVAL_SECONDS = 5
KEEPALIVE_PROBES = 3
_KEEPALIVES = (
    f"SET tcp_keepalives_idle = {KEEPALIVE_IDLE_SECONDS}",
    f"SET tcp_keepalives_interval = {KEEPALIVE_INTERVAL_SECONDS}",
    f"SET tcp_keepalives_count = {KEEPALIVE_PROBES}",
)


def lease_key(source: str, schema: str | None = None) -> int:
    """A signed 64-bit advisory lock key for one source name of one brand's schema: advisory
    locks are the database's, and two brands may each have a source called ``news``."""
    name = source if schema is None else f"{schema}\n{source}"
    digest = hashlib.blake2b(f"crisistui collector\n{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class AdvisoryLease:
    """``pg_try_advisory_lock`` on a dedicated connection."""

    def __init__(self, location: StoreLocation, sources: list[str] | None) -> None:
        self.location = location
        self.sources = sorted(set(sources or ["*"]))
        self.keys = [lease_key(name, location.schema) for name in self.sources]
        self._conn: psycopg.Connection[object] | None = None
        self._broken = False
        """Its connection broke while held: the lease is taken again when the server answers."""
        self.taken: list[str] = []
        """After a refusal: the sources another collector holds (not the free ones asked too)."""

    def acquire(self) -> bool:
        try:
            conn = psycopg.connect(conninfo(self.location), autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StoreUnavailable(f"{self.location.shown}: cannot connect: {first}") from None
        for setting in _KEEPALIVES:  # (over a Unix socket they are no-ops)
            with contextlib.suppress(psycopg.Error):  # a pooler may refuse them: as before
                conn.execute(setting)
        taken = []  # every key is tried (none waits), to name what is held in a refusal
        for name, key in zip(self.sources, self.keys, strict=True):
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
            if not row or not row[0]:
                taken.append(name)
        if taken:
            self.taken = taken
            conn.close()  # all or none: lets go of the ones it took
            return False
        self.taken = []
        self._conn, self._broken = conn, False
        return True

    def holds(self) -> bool:
        """Asked every few seconds while collecting (``LEASE_CHECK_SECONDS``): a server that
        restarted let go of the locks with the session, and another collector of the same
        sources could take them. While the server is away nobody can, so that counts as
        held; it is taken again as soon as the server answers."""
        conn = self._conn
        if conn is not None:
            try:
                conn.execute("SELECT 1")
                return True
            except psycopg.Error:
                with contextlib.suppress(psycopg.Error):
                    conn.close()
                self._conn, self._broken = None, True
        if not self._broken:  # never taken, or let go of: not this collector's
            return False
        try:
            return self.acquire()
        except StoreUnavailable:
            return True  # not reachable by anyone: asked again at the next check

    def release(self) -> None:
        self._broken = False
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()  # the server lets go of the session's advisory locks with it

    def end_holder(self) -> bool:
        """End the sessions holding any of these sources' leases: those of a collector that
        has stopped polling without dying (stopped, hung), whose connection the server
        keeps alive. Its locks go with them; should it wake, its next lease check finds
        them taken and it stops. False when none was ended (the server refused: ending
        another role's session needs that role, or pg_signal_backend)."""
        halves = [((key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF) for key in self.keys]
        try:
            with psycopg.connect(
                conninfo(self.location), autocommit=True, connect_timeout=10
            ) as conn:
                rows = conn.execute(
                    "SELECT DISTINCT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = "
                    "l.database WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                    "AND d.datname = current_database() AND l.pid <> pg_backend_pid() "
                    "AND (l.classid::bigint, l.objid::bigint) IN "
                    f"({', '.join(['(%s, %s)'] * len(halves))})",
                    [half for pair in halves for half in pair],
                ).fetchall()
                ended = [
                    conn.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()
                    for (pid,) in rows
                ]
        except psycopg.Error:
            return False
        return any(row and row[0] for row in ended)

    def describe(self) -> str:
        names = self.taken or self.sources
        what = ", ".join(names)
        lease = "its lease" if len(names) == 1 else "their lease"
        return (
            f"another collector is already collecting {what} into {self.location.shown} "
            f"(it holds {lease})"
        )
