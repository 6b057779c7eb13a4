"""Where the data lives: a SQLite file on this machine, or a PostgreSQL database for a team.

``--db`` and ``[storage]`` take either a path (or ``sqlite:///path``) or a ``postgresql://``
URL. A URL is shown and logged only without its password; credentials are best left out of
it altogether and found where libpq looks: ``PGPASSWORD``, a service file (``?service=name``)
or ``~/.pgpass``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from crisistui.store.errors import StoreError

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True, slots=True)
class StoreLocation:
    """A parsed ``--db`` value: a SQLite path, or a PostgreSQL URL (kept whole, password and
    all, for the driver only; ``shown`` is what people and logs see)."""

    kind: Literal["sqlite", "postgresql"]
    path: Path | None = None
    url: str | None = None

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgresql"

    @property
    def shown(self) -> str:
        """The location safe to print: a path, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        return redact(self.url or "")

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
    """``postgresql://user:secret@host/db`` → ``postgresql://user@host/db``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


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
