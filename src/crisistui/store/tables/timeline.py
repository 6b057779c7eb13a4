"""The timeline: append-only events and the milestones that the response metrics come from.

Every change to an incident writes its event here in the same transaction as the change, so
the timeline and the tables can never disagree. Milestones are the one thing metrics read, and
each milestone write also leaves an event with the time it set.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from crisistui.domain.incident import (
    Milestone,
    Severity,
    Status,
    UnknownIncidentError,
    check_milestone_order,
)
from crisistui.domain.records import Incident, MilestoneRecord, TimelineEvent
from crisistui.domain.time import from_epoch, time_or_none, to_epoch
from crisistui.domain.timeline import EventText, milestone_set
from crisistui.store.tables.connection import Connected

INCIDENT_COLUMNS = (
    "id, title, crisis_type, playbook, status, severity, opened_at, opened_by, resolved_at, "
    "is_drill, lessons"
)


def incident_from_row(row: Any) -> Incident:
    """An ``Incident`` from the columns of ``INCIDENT_COLUMNS``, in their order."""
    id_, title, kind, playbook, status, severity, opened, by, resolved, drill, lessons = row
    return Incident(
        id_,
        title,
        kind,
        playbook,
        Status(status),
        Severity(severity) if severity is not None else None,
        from_epoch(opened),
        by,
        time_or_none(resolved),
        bool(drill),
        lessons,
    )


class TimelineTables(Connected):
    """Events, incident lookup and milestones: the base of the response mixins of ``Store``."""

    async def _insert_event(
        self, now: datetime, actor: str, incident_id: int | None, event: EventText
    ) -> None:
        """Store an event whose words the domain decided (``domain.timeline``), inside the
        caller's transaction."""
        await self._sql.run(
            "INSERT INTO events (at, actor, kind, incident_id, summary, details) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                to_epoch(now),
                actor,
                event.kind,
                incident_id,
                event.summary,
                json.dumps(event.details),
            ),
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
        async with self._transaction():
            await self._insert_event(
                now, actor, incident_id, EventText(kind, summary, details or {})
            )

    async def events(self, incident_id: int | None = None, limit: int = 500) -> list[TimelineEvent]:
        """Timeline events, oldest first (of one incident when given)."""
        where, params = (
            ("WHERE incident_id = ?", (incident_id, limit)) if incident_id else ("", (limit,))
        )
        sql = (
            f"SELECT id, at, actor, kind, incident_id, summary, details FROM events {where} "
            "ORDER BY at, id LIMIT ?"
        )
        return [
            TimelineEvent(r[0], from_epoch(r[1]), r[2], r[3], r[4], r[5], json.loads(r[6]))
            for r in await self._sql.rows(sql, params)
        ]

    async def recent_events(
        self,
        limit: int = 500,
        kinds: Sequence[str] | None = None,
        *,
        incident_id: int | None = None,
        after_id: int = 0,
        until: datetime | None = None,
    ) -> list[TimelineEvent]:
        """The newest ``limit`` events of every incident (and of none), oldest first; only
        those of the given ``kinds`` when some are named, of one incident when given, and only
        those written after event ``after_id`` when given (a screen reading what is new), and
        only those at or before ``until`` when given (what led to an incident)."""
        clauses, params = [], list(kinds or ())
        if kinds:
            clauses.append(f"kind IN ({', '.join('?' * len(kinds))})")
        if incident_id is not None:
            clauses.append("incident_id = ?")
            params.append(incident_id)
        if after_id:
            clauses.append("id > ?")
            params.append(after_id)
        if until is not None:
            clauses.append("at <= ?")
            params.append(to_epoch(until))
        where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
        sql = (
            f"SELECT id, at, actor, kind, incident_id, summary, details FROM events {where}"
            "ORDER BY at DESC, id DESC LIMIT ?"
        )
        rows = [
            TimelineEvent(r[0], from_epoch(r[1]), r[2], r[3], r[4], r[5], json.loads(r[6]))
            for r in await self._sql.rows(sql, (*params, limit))
        ]
        return rows[::-1]

    async def event_marker(self) -> int:
        """A number that grows with every event written. Every change to the response writes
        one, so a reader that sees it move knows to re-read, and one that does not knows
        nothing changed there. It is the newest id plus the count, not the newest id alone: on
        PostgreSQL an event can commit after one with a higher id, and only the count moves."""
        return int(await self._scalar("SELECT COALESCE(MAX(id), 0) + COUNT(*) FROM events"))

    # -- incidents ---------------------------------------------------------------------------

    async def incident(self, incident_id: int) -> Incident | None:
        """One incident with all its fields, or None."""
        sql = f"SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = ?"
        row = await self._sql.row(sql, (incident_id,))
        return incident_from_row(row) if row else None

    async def _require(self, incident_id: int) -> Incident:
        found = await self.incident(incident_id)
        if found is None:
            raise UnknownIncidentError(incident_id)
        return found

    async def incidents(
        self, *, open_only: bool = False, include_drills: bool = True
    ) -> list[Incident]:
        """Incidents, newest first: the open ones only, or all of them."""
        where = []
        if open_only:
            where.append("resolved_at IS NULL")
        if not include_drills:
            where.append("is_drill = 0")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sql = f"SELECT {INCIDENT_COLUMNS} FROM incidents {clause} ORDER BY id DESC"
        return [incident_from_row(row) for row in await self._sql.rows(sql)]

    # -- milestones --------------------------------------------------------------------------

    async def milestones(self, incident_id: int) -> dict[Milestone, MilestoneRecord]:
        """The recorded milestones of an incident, in milestone order."""
        sql = "SELECT name, at, set_at, set_by FROM milestones WHERE incident_id = ?"
        found = {
            Milestone(r[0]): MilestoneRecord(r[0], from_epoch(r[1]), from_epoch(r[2]), r[3])
            for r in await self._sql.rows(sql, (incident_id,))
        }
        return {m: found[m] for m in Milestone if m in found}

    async def _put_milestone(
        self,
        incident_id: int,
        milestone: Milestone,
        at: datetime,
        actor: str,
        now: datetime,
        *,
        only_if_unset: bool = False,
    ) -> bool:
        """Record a milestone inside the caller's transaction, after checking the time order.

        Returns False when ``only_if_unset`` and the milestone was already there.
        """
        recorded = await self.milestones(incident_id)
        previous = recorded.get(milestone)
        if previous is not None and only_if_unset:
            return False
        others = {m: r.at for m, r in recorded.items() if m is not milestone}
        at = from_epoch(to_epoch(at))
        check_milestone_order(milestone, at, others)
        await self._sql.run(
            "INSERT INTO milestones (incident_id, name, at, set_at, set_by) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (incident_id, name) DO UPDATE SET at = excluded.at, "
            "set_at = excluded.set_at, set_by = excluded.set_by",
            (incident_id, milestone.value, to_epoch(at), to_epoch(now), actor),
        )
        event = milestone_set(milestone, at, previous.at if previous is not None else None)
        await self._insert_event(now, actor, incident_id, event)
        return True
