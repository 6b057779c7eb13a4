"""Where the data lives: a SQLite file on this machine, or a PostgreSQL database for a team.

``--db`` and ``[storage]`` take either a path (or ``sqlite:///path``) or a ``postgresql://``
URL. A URL is shown and logged only without its password; credentials are best left out of
it altogether and found where libpq looks: ``PGPASSWORD``, a service file (``?service=name``)
or ``~/.pgpass``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from crisistui.config.database_url import split_url
from crisistui.store.errors import StoreError

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True, slots=True)
class StoreLocation:
    """A parsed ``--db`` value: a SQLite path, or a PostgreSQL URL (kept whole, password and
    all, for the driver only; ``shown`` is what people and logs see)."""

    kind: Literal["sqlite", "postgresql"]
    path: Path | None = None
    url: str | None = None
    schema: str | None = None
    """PostgreSQL only: the schema that holds this brand's tables, so that several brands
    share one database and each sees only its own (None: the login's default, ``public``)."""

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgresql"

    @property
    def shown(self) -> str:
        """The location safe to print: a path, or the URL without its password (and its
        schema, when one is set)."""
        if self.path is not None:
            return str(self.path)
        url = redact(self.url or "")
        return url if self.schema is None else f"{url}, schema {self.schema}"

    def in_schema(self, schema: str | None) -> StoreLocation:
        """This database with the brand's schema (``[storage] schema``); a SQLite file holds
        one brand already, so it stays as it is."""
        if not self.is_postgres or schema is None:
            return self
        return replace(self, schema=schema)

    def file(self) -> Path:
        """The SQLite file; a clear refusal for a command that only works on one."""
        if self.path is None:
            raise StoreError(f"{self.shown}: this command works on a SQLite file, not a server")
        return self.path

    def exists(self) -> bool:
        """Whether there is a database to read: a file that exists, or any server (the server
        itself answers whether the database is there when it is opened)."""
        return self.path.exists() if self.path is not None else True

    def __str__(self) -> str:
        return self.shown


def redact(url: str) -> str:
    """The URL without any password: ``postgresql://user:secret@host/db`` →
    ``postgresql://user@host/db``, and a ``password=`` parameter left out of the query. Taken
    apart by hand rather than parsed: a port that is not a number, or libpq's several
    ``host:port`` pairs for failover, must never turn a message into a traceback."""
    scheme, userinfo, hosts, tail = split_url(url)
    if not scheme:
        return url
    netloc = ",".join(hosts)
    if userinfo:
        netloc = f"{userinfo.split(':', 1)[0]}@{netloc}"
    path, question, query = tail.partition("?")
    if question:
        query, hash_, fragment = query.partition("#")
        kept = [p for p in query.split("&") if p.split("=", 1)[0].strip().lower() != "password"]
        tail = f"{path}?{'&'.join(kept)}{hash_}{fragment}" if kept else f"{path}{hash_}{fragment}"
    return f"{scheme}://{netloc}{tail}"


def parse_location(where: str | Path | StoreLocation) -> StoreLocation:
    """A path, ``sqlite:///path`` or a ``postgresql://`` URL."""
    if isinstance(where, StoreLocation):
        return where
    if isinstance(where, Path):
        return StoreLocation("sqlite", path=where.expanduser())
    text = where.strip()
    if text.startswith(POSTGRES_SCHEMES):
        return StoreLocation("postgresql", url=text)
    if text.startswith("sqlite:"):
        rest = text.removeprefix("sqlite:")
        rest = rest.removeprefix("//") if rest.startswith("///") else rest
        if not rest:
            raise StoreError(f"{text}: a sqlite: URL needs a path, as in sqlite:///var/crisis.db")
        return StoreLocation("sqlite", path=Path(rest).expanduser())
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(
            f"{scheme}://…: unknown kind of database; give a file path, sqlite:///path or "
            "postgresql://user@host/db"
        )
    return StoreLocation("sqlite", path=Path(text).expanduser())
