"""The collector lease: one collector per source set, taken over when its holder dies.

SQLite: an ``flock`` on the database file (one collector per file). PostgreSQL: a session
advisory lock keyed by the source set, held by a connection of the collector's own, so several
collectors with different sources share one database and a killed one's lease is released by
the server the moment its connection drops.
"""

from __future__ import annotations

from typing import Protocol

from crisistui.store.location import StoreLocation, parse_location


class CollectorLease(Protocol):
    def acquire(self) -> bool:
        """True when this process is now the collector; False when another one is."""
        ...

    def release(self) -> None: ...

    def holds(self) -> bool:
        """Whether the lease is still this collector's: one the database let go of (a
        PostgreSQL restart ends every session, and its locks with it) is taken again if no
        one else took it; False only when another collector holds it now."""
        ...

    def end_holder(self) -> bool:
        """End the hold of a collector that stopped polling without dying (stopped, hung),
        where the database allows it (PostgreSQL: its lease's session); True when it did."""
        ...

    def describe(self) -> str:
        """Who holds what, for "another collector is already …" messages."""
        ...


def collector_lease(where: StoreLocation | str, sources: list[str] | None = None) -> CollectorLease:
    """The lease for collecting ``sources`` (all of them: None) into the database at ``where``."""
    location = parse_location(where)
    if location.is_postgres:
        from crisistui.store.postgres.lease import AdvisoryLease

        return AdvisoryLease(location, sources)
    from crisistui.store.sqlite.lease import CollectorLock

    return CollectorLock(location.file())
