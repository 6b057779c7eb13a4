"""The one way table code talks to a database, so the same rules run on every backend.

Table code (incidents, tasks, statements, triage, health, …) is written once against
``Sql`` in portable SQL with ``?`` placeholders; each backend supplies an executor that binds
them its own way and turns its driver's errors into the store's (``store.errors``). What
cannot be written portably (ingest, full-text search, the schema) lives in the backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Literal, Protocol

Dialect = Literal["sqlite", "postgresql"]
Row = tuple[Any, ...]


class Sql(Protocol):
    """Statements with ``?`` placeholders; every error is a ``StoreError``."""

    dialect: Dialect

    async def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Every row of a query."""
        ...

    async def row(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query, or None."""
        ...

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        ...

    async def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute a statement; how many rows it changed."""
        ...

    async def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Execute a statement once per row of parameters."""
        ...

    async def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert ``rows`` (values of ``columns``) into ``table``, as few statements as the
        backend allows: PostgreSQL's triggers run once per statement, not per row."""
        ...

    async def columns(self, table: str) -> list[str]:
        """The column names of a table, in their order."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """One write transaction at a time on this connection: committed when the block ends,
        rolled back when it raises."""
        ...

    async def exclusive(self, key: int) -> None:
        """Inside a transaction: hold lock ``key`` until it ends, against every process on
        the database, so a check and the write it allows are one step (SQLite's write
        transaction already excludes every other writer)."""
        ...
