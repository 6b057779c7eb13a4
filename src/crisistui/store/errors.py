"""Errors of the store, the same whichever backend holds the data.

Callers above the store catch these, never a driver's own exceptions: each backend translates
what its driver raises (``sqlite3``, ``psycopg``) into one of them, with a message that says what
happened and what to do, and never a password.
"""

from __future__ import annotations

from crisistui.domain.incident import ResponseError


class StoreError(Exception):
    """The database cannot be used as asked; the message says why."""

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message
        """The cause alone, without where or what to do ("the disk is full"): for summaries
        that name the cause once for many refusals."""


class StoreRefused(StoreError, ResponseError):
    """The database refused one change and nothing was changed: a refusal like the rules' own
    (the console says it and carries on) and a store error (the collector and the severity
    watch retry on their next beat)."""


class StoreBusy(StoreRefused):
    """Another process held the database past the busy timeout, so nothing was changed."""


class StoreReadOnly(StoreRefused):
    """This user may read the database but not write it (file permissions, a read-only role
    or replica): reading consoles still work, changes are refused."""


class StoreFull(StoreError):
    """The disk (or the server's) is full: the write was rolled back, nothing was lost."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or read right now: a failing disk, a server gone away.
    Worth retrying later; what was committed before is safe."""


class StoreDamaged(StoreError):
    """The database is not a usable crisistui database (damaged, or another program's)."""


class SchemaTooNew(StoreError):
    """The database was written by a newer crisistui; this one will not touch it."""


class ValueRejected(StoreError):
    """One value broke a rule of the schema (a constraint, a type): nothing of its batch was
    written. An import stores the rows around it and names the bad one."""


class OtherBrandsDatabase(StoreError):
    """The database belongs to another brand than the config's (``Store.other_brand``)."""
