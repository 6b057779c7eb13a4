"""``open_store``: the one way to open a database, whichever backend holds it."""

from __future__ import annotations

from pathlib import Path

from crisistui.store.interface import Store
from crisistui.store.location import StoreLocation, parse_location


async def open_store(
    where: str | Path | StoreLocation,
    *,
    create: bool = True,
    read_only: bool = False,
    bulk: bool = False,
) -> Store:
    """Open (creating or upgrading unless ``read_only``) the database at ``where``: a path or
    ``sqlite:///…`` opens SQLite, ``postgresql://…`` opens PostgreSQL.

    ``read_only`` never writes and never waits long: for checks run under a caller's timeout.
    ``bulk``: for a command that writes a large file in one go (``import``); SQLite then
    keeps more of the database in memory (PostgreSQL's cache is the server's).
    """
    location = parse_location(where)
    if location.is_postgres:
        from crisistui.store.postgres.store import PostgresStore

        return await PostgresStore.open(location, create=create, read_only=read_only)
    from crisistui.store.sqlite.store import SqliteStore

    return await SqliteStore.open(location.file(), create=create, read_only=read_only, bulk=bulk)
