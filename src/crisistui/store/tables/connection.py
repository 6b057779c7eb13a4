"""What every table mixin of a store shares: the ``Sql`` port of its backend."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from crisistui.store.sql import Sql


class Connected:
    """Holds the ``Sql`` executor that every table mixin uses; backends build it."""

    def __init__(self, sql: Sql) -> None:
        self._sql = sql
        self._open = True

    def _transaction(self) -> AbstractAsyncContextManager[None]:
        return self._sql.transaction()

    async def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return await self._sql.scalar(sql, params)
