"""Incidents, checklist state and the append-only timeline."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from crisistui.store.connection import Connected
from crisistui.store.records import Incident, TaskState, TimelineEvent, from_epoch, to_epoch


class IncidentTables(Connected):
    """Methods of ``Store`` for the response side."""

    async def current_incident(self) -> Incident | None:
        """The most recently opened incident that is not resolved."""
        sql = (
            "SELECT id, title, crisis_type, playbook, status, opened_at, opened_by, is_drill "
            "FROM incidents WHERE resolved_at IS NULL ORDER BY id DESC LIMIT 1"
        )
        async with self._db.execute(sql) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        id_, title, kind, playbook, status, opened, by, drill = row
        return Incident(id_, title, kind, playbook, status, from_epoch(opened), by, bool(drill))

    async def open_incident(
        self, title: str, crisis_type: str, playbook: str, actor: str, now: datetime
    ) -> Incident:
        """Open an incident and put it on the timeline."""
        async with self._transaction():
            cursor = await self._db.execute(
                "INSERT INTO incidents (title, crisis_type, playbook, opened_at, opened_by) "
                "VALUES (?, ?, ?, ?, ?)",
                (title, crisis_type, playbook, to_epoch(now), actor),
            )
            incident_id = int(cursor.lastrowid or 0)
            await self._insert_event(
                now,
                actor,
                "incident.opened",
                incident_id,
                f"Incident opened: {title}",
                {"crisis_type": crisis_type, "playbook": playbook},
            )
        return Incident(
            incident_id,
            title,
            crisis_type,
            playbook,
            "investigating",
            from_epoch(to_epoch(now)),
            actor,
            False,
        )

    async def task_states(self, incident_id: int) -> dict[str, TaskState]:
        sql = "SELECT task_id, done, changed_at, changed_by FROM task_states WHERE incident_id = ?"
        async with self._db.execute(sql, (incident_id,)) as cursor:
            return {
                row[0]: TaskState(row[0], bool(row[1]), from_epoch(row[2]), row[3])
                async for row in cursor
            }

    async def set_task_done(
        self, incident_id: int, task_id: str, title: str, done: bool, actor: str, now: datetime
    ) -> None:
        """Tick or untick a task; the change goes on the timeline in the same transaction."""
        async with self._transaction():
            await self._db.execute(
                "INSERT INTO task_states (incident_id, task_id, done, changed_at, changed_by) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, task_id) DO UPDATE SET "
                "done = excluded.done, changed_at = excluded.changed_at, "
                "changed_by = excluded.changed_by",
                (incident_id, task_id, int(done), to_epoch(now), actor),
            )
            verb = "done" if done else "reopened"
            await self._insert_event(
                now,
                actor,
                f"task.{verb}",
                incident_id,
                f"Task {verb}: {title}",
                {"task_id": task_id},
            )

    async def _insert_event(
        self,
        now: datetime,
        actor: str,
        kind: str,
        incident_id: int | None,
        summary: str,
        details: dict[str, Any],
    ) -> None:
        await self._db.execute(
            "INSERT INTO events (at, actor, kind, incident_id, summary, details) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (to_epoch(now), actor, kind, incident_id, summary, json.dumps(details)),
        )

    async def add_event(
        self,
        now: datetime,
        actor: str,
        kind: str,
        summary: str,
        incident_id: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Append one event to the timeline."""
        async with self._write_lock:
            await self._insert_event(now, actor, kind, incident_id, summary, details or {})

    async def events(self, incident_id: int | None = None, limit: int = 500) -> list[TimelineEvent]:
        """Timeline events, oldest first (of one incident when given)."""
        where, params = (
            ("WHERE incident_id = ?", (incident_id, limit)) if incident_id else ("", (limit,))
        )
        sql = (
            f"SELECT id, at, actor, kind, incident_id, summary, details FROM events {where} "
            "ORDER BY at, id LIMIT ?"
        )
        async with self._db.execute(sql, params) as cursor:
            return [
                TimelineEvent(r[0], from_epoch(r[1]), r[2], r[3], r[4], r[5], json.loads(r[6]))
                async for r in cursor
            ]
