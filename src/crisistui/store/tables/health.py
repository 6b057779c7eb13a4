"""Source health: the collector's heartbeat, read by consoles that only watch."""

from __future__ import annotations

from datetime import datetime

from crisistui.domain.models import SourceHealth, SourceState
from crisistui.domain.time import epoch_or_none, from_epoch, time_or_none, to_epoch
from crisistui.store.tables.connection import Connected


class HealthTables(Connected):
    """Methods of ``Store`` for source health."""

    async def record_health(self, health: SourceHealth, now: datetime) -> None:
        """Store a source's health (the collector's heartbeat)."""
        async with self._transaction():
            await self._write_health(health, now)

    async def _write_health(self, health: SourceHealth, now: datetime) -> None:
        await self._sql.run(
            "INSERT INTO source_health (name, kind, state, last_ok, last_error, last_error_at, "
            "next_poll, fetched_last_poll, new_last_poll, new_total, failures, note, "
            "updated_at, etag, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET "
            "kind = excluded.kind, state = excluded.state, last_ok = excluded.last_ok, "
            "last_error = excluded.last_error, last_error_at = excluded.last_error_at, "
            "next_poll = excluded.next_poll, fetched_last_poll = excluded.fetched_last_poll, "
            "new_last_poll = excluded.new_last_poll, new_total = excluded.new_total, "
            "failures = excluded.failures, note = excluded.note, "
            "updated_at = excluded.updated_at, etag = excluded.etag, "
            "last_modified = excluded.last_modified",
            (
                health.name,
                health.kind,
                health.state.value,
                epoch_or_none(health.last_ok),
                health.last_error,
                epoch_or_none(health.last_error_at),
                epoch_or_none(health.next_poll),
                health.fetched_last_poll,
                health.new_last_poll,
                health.new_total,
                health.failures,
                health.note,
                to_epoch(now),
                health.etag,
                health.last_modified,
            ),
        )

    async def source_health(self) -> list[tuple[SourceHealth, datetime]]:
        """Every source's last recorded health, with when it was recorded."""
        sql = (
            "SELECT name, kind, state, last_ok, last_error, last_error_at, next_poll, "
            "fetched_last_poll, new_last_poll, new_total, failures, updated_at, note, etag, "
            "last_modified "
            "FROM source_health ORDER BY name"
        )
        rows = await self._sql.rows(sql)
        return [
            (
                SourceHealth(
                    name=r[0],
                    kind=r[1],
                    state=SourceState(r[2]),
                    last_ok=time_or_none(r[3]),
                    last_error=r[4],
                    last_error_at=time_or_none(r[5]),
                    next_poll=time_or_none(r[6]),
                    fetched_last_poll=r[7],
                    new_last_poll=r[8],
                    new_total=r[9],
                    failures=r[10],
                    note=r[12],
                    etag=r[13],
                    last_modified=r[14],
                ),
                from_epoch(r[11]),
            )
            for r in rows
        ]

    async def last_ingest_time(self) -> datetime | None:
        """When anything was last collected: a successful poll or a stored mention. A failed
        poll writes its health too, but it is no sign that anything is coming in."""
        value = await self._scalar(
            "SELECT MAX(t) FROM (SELECT MAX(last_ok) AS t FROM source_health "
            "UNION ALL SELECT MAX(ingested_at) FROM mentions) AS latest"
        )
        return from_epoch(value) if value is not None else None
