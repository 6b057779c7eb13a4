"""Incidents: opening, severity, status (with the resolve rule), milestones, roles, lessons.

Each change checks the rules and writes its timeline event inside one write transaction, so two
consoles on one file cannot both pass a check and then write something the rules forbid.
"""

from __future__ import annotations

from datetime import datetime

from crisistui.domain.incident import (
    ChecklistTask,
    Milestone,
    MilestoneOrderError,
    OpenedMeanwhileError,
    ResolveBlockedError,
    ResponseError,
    Severity,
    Status,
    TransitionError,
    resolve_blockers,
    severity_task_change,
)
from crisistui.domain.playbook import Playbook
from crisistui.domain.records import Incident, RoleAssignment
from crisistui.domain.time import from_epoch, to_epoch
from crisistui.domain.timeline import (
    drill_marked,
    incident_opened,
    lessons_updated,
    role_assigned,
    severity_set,
    stamp,
    status_changed,
)
from crisistui.store.tables.replay import ReplaySettings
from crisistui.store.tables.tasks import TaskTables
from crisistui.store.tables.timeline import INCIDENT_COLUMNS, incident_from_row

INCIDENTS_LOCK = 4_265_723_818_310_420_483
"""Held while a guarded opening checks for an incident opened meanwhile (PostgreSQL)."""


class IncidentTables(TaskTables, ReplaySettings):
    """Methods of ``Store`` for the response side."""

    async def current_incident(self) -> Incident | None:
        """The most recently opened incident that is not resolved; a real one before any
        drill, so a rehearsal started during a real incident never takes its place."""
        sql = (
            f"SELECT {INCIDENT_COLUMNS} FROM incidents WHERE resolved_at IS NULL "
            "ORDER BY is_drill, id DESC LIMIT 1"
        )
        row = await self._sql.row(sql)
        return incident_from_row(row) if row else None

    async def open_incident(
        self,
        title: str,
        crisis_type: str,
        playbook: str,
        actor: str,
        now: datetime,
        *,
        severity: Severity | str | None = None,
        detected_at: datetime | None = None,
        is_drill: bool = False,
        unless_opened_since: datetime | None = None,
    ) -> Incident:
        """Open an incident and put it on the timeline.

        ``detected_at`` (an alert's time, say) becomes the detected milestone, which the
        response metrics are measured from. ``unless_opened_since``: refuse with
        ``OpenedMeanwhileError`` if an open incident (a drill, for a drill) was opened at or
        after it: two people acting on one crisis at the same moment get one incident.
        """
        level = Severity.parse(severity) if severity is not None else None
        is_drill = is_drill or await self.is_drill_database()
        async with self._transaction():
            if unless_opened_since is not None:
                await self._sql.exclusive(INCIDENTS_LOCK)
                row = await self._sql.row(
                    f"SELECT {INCIDENT_COLUMNS} FROM incidents WHERE resolved_at IS NULL "
                    "AND is_drill = ? AND opened_at >= ? ORDER BY id DESC LIMIT 1",
                    (int(is_drill), to_epoch(unless_opened_since)),
                )
                if row is not None:
                    raise OpenedMeanwhileError(incident_from_row(row))
            inserted = await self._sql.scalar(
                "INSERT INTO incidents (title, crisis_type, playbook, opened_at, opened_by, "
                "severity, is_drill) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    title,
                    crisis_type,
                    playbook,
                    to_epoch(now),
                    actor,
                    level.value if level else None,
                    int(is_drill),
                ),
            )
            incident_id = int(inserted)
            event = incident_opened(title, crisis_type, playbook, level, is_drill)
            await self._insert_event(now, actor, incident_id, event)
            if detected_at is not None:
                await self._put_milestone(incident_id, Milestone.DETECTED, detected_at, actor, now)
        return Incident(
            incident_id,
            title,
            crisis_type,
            playbook,
            Status.INVESTIGATING,
            level,
            from_epoch(to_epoch(now)),
            actor,
            None,
            is_drill,
            "",
        )

    async def set_severity(
        self,
        incident_id: int,
        severity: Severity | str,
        actor: str,
        now: datetime,
        *,
        playbook: Playbook | None = None,
    ) -> None:
        """Set the severity (people decide it; the engine's level only advises). Given the
        incident's ``playbook``, the event names the tasks the change adds or drops."""
        level = Severity.parse(severity)
        async with self._transaction():
            before = (await self._require(incident_id)).severity
            if before is level:
                return
            await self._sql.run(
                "UPDATE incidents SET severity = ? WHERE id = ?", (level.value, incident_id)
            )
            added, dropped = severity_task_change(playbook, before, level)
            event = severity_set(level, before, added, dropped)
            await self._insert_event(now, actor, incident_id, event)

    async def set_status(
        self,
        incident_id: int,
        status: Status | str,
        actor: str,
        now: datetime,
        *,
        playbook: Playbook | None = None,
    ) -> None:
        """Move an incident to another status.

        Resolving needs the incident's ``playbook``: it is refused (``ResolveBlockedError``,
        naming the tasks) while a mandatory task of the playbook or a mandatory ad-hoc task is
        open. Monitoring records the mitigated milestone and resolving the resolved one, unless
        someone recorded them already. A resolved incident stays resolved.
        """
        try:
            target = Status(status)
        except ValueError:
            names = ", ".join(s.value for s in Status)
            raise ResponseError(f"status {status!r} is not one of {names}") from None
        async with self._transaction():
            incident = await self._require(incident_id)
            current = incident.status
            if current is target:
                return
            if current is Status.RESOLVED:
                raise TransitionError(
                    f"incident #{incident_id} is resolved; open a new incident if it returns"
                )
            if target is Status.RESOLVED:
                blockers = await self.resolve_blockers(incident_id, playbook)
                if blockers:
                    raise ResolveBlockedError(incident_id, blockers)
            await self._sql.run(
                "UPDATE incidents SET status = ? WHERE id = ?", (target.value, incident_id)
            )
            await self._insert_event(now, actor, incident_id, status_changed(target, current))
            if target is Status.MONITORING:
                await self._put_milestone(
                    incident_id, Milestone.MITIGATED, now, actor, now, only_if_unset=True
                )
            if target is Status.RESOLVED:
                await self._put_milestone(
                    incident_id, Milestone.RESOLVED, now, actor, now, only_if_unset=True
                )
                resolved = (await self.milestones(incident_id))[Milestone.RESOLVED].at
                await self._sql.run(
                    "UPDATE incidents SET resolved_at = ? WHERE id = ?",
                    (to_epoch(resolved), incident_id),
                )

    async def resolve_blockers(
        self, incident_id: int, playbook: Playbook | None
    ) -> list[ChecklistTask]:
        """The mandatory tasks still open that keep the incident from being resolved, as
        ``set_status`` checks them: a console asks this before asking "are you sure?"."""
        incident = await self._require(incident_id)
        if playbook is None or playbook.id != incident.playbook:
            raise ResponseError(
                f"Resolving incident #{incident_id} needs its playbook "
                f"{incident.playbook!r} to check the mandatory tasks."
            )
        done = {k: s.done for k, s in (await self.task_states(incident_id)).items()}
        adhoc = await self.adhoc_tasks(incident_id)
        return resolve_blockers(playbook, done, adhoc, incident.severity)

    async def record_milestone(
        self,
        incident_id: int,
        milestone: Milestone | str,
        at: datetime,
        actor: str,
        now: datetime,
    ) -> None:
        """Record (or correct) when a milestone happened; refused if out of time order.

        The resolved milestone comes from resolving; here it can only be corrected afterwards.
        """
        try:
            name = Milestone(milestone)
        except ValueError:
            names = ", ".join(m.value for m in Milestone)
            raise ResponseError(f"milestone {milestone!r} is not one of {names}") from None
        async with self._transaction():
            incident = await self._require(incident_id)
            # Milestones follow detection (the order rules check that); without a recorded
            # detection, they cannot come before the incident was opened.
            recorded = await self.milestones(incident_id)
            undetected = Milestone.DETECTED not in recorded
            if name is not Milestone.DETECTED and undetected and at < incident.opened_at:
                raise MilestoneOrderError(
                    f"{name.label.lower()} at {stamp(at)} would be before incident "
                    f"#{incident_id} was opened ({stamp(incident.opened_at)})"
                )
            if name is Milestone.RESOLVED and incident.status is not Status.RESOLVED:
                raise TransitionError(
                    f"incident #{incident_id} is not resolved; resolve it to set that milestone"
                )
            await self._put_milestone(incident_id, name, at, actor, now)
            if name is Milestone.RESOLVED:
                await self._sql.run(
                    "UPDATE incidents SET resolved_at = ? WHERE id = ?", (to_epoch(at), incident_id)
                )

    async def assign_role(
        self, incident_id: int, role: str, person: str, actor: str, now: datetime
    ) -> None:
        """Give a role (spokesperson, approver, …) to a person; an empty name frees the role.
        Giving it to whoever holds it already, or freeing a free role, changes nothing and
        puts nothing on the timeline: the timeline records what happened."""
        role, person = role.strip().lower(), person.strip()
        if not role:
            raise ResponseError("a role needs a name")
        async with self._transaction():
            await self._require(incident_id)
            before = (await self.roles(incident_id)).get(role)
            if (before.person if before else "") == person:
                return
            if person:
                await self._sql.run(
                    "INSERT INTO roles (incident_id, role, person, assigned_at, assigned_by) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, role) DO UPDATE SET "
                    "person = excluded.person, assigned_at = excluded.assigned_at, "
                    "assigned_by = excluded.assigned_by",
                    (incident_id, role, person, to_epoch(now), actor),
                )
            else:
                await self._sql.run(
                    "DELETE FROM roles WHERE incident_id = ? AND role = ?", (incident_id, role)
                )
            event = role_assigned(role, person, before.person if before else None)
            await self._insert_event(now, actor, incident_id, event)

    async def roles(self, incident_id: int) -> dict[str, RoleAssignment]:
        """Role → who holds it on this incident."""
        sql = (
            "SELECT role, person, assigned_at, assigned_by FROM roles WHERE incident_id = ? "
            "ORDER BY role"
        )
        return {
            r[0]: RoleAssignment(r[0], r[1], from_epoch(r[2]), r[3])
            for r in await self._sql.rows(sql, (incident_id,))
        }

    async def set_lessons(
        self,
        incident_id: int,
        text: str,
        actor: str,
        now: datetime,
        *,
        seen: str | None = None,
    ) -> None:
        """Replace the lessons-learned text (each version stays on the timeline). ``seen`` is
        the text the writer started from: if someone saved other lessons since, it is refused
        rather than lost."""
        text = text.strip()
        async with self._transaction():
            incident = await self._require(incident_id)
            if seen is not None and incident.lessons.strip() != seen.strip():
                raise ResponseError(
                    f"the lessons of incident #{incident_id} were changed meanwhile; yours are "
                    "kept below theirs in the editor"
                )
            await self._sql.run(
                "UPDATE incidents SET lessons = ? WHERE id = ?", (text, incident_id)
            )
            await self._insert_event(now, actor, incident_id, lessons_updated(text))

    async def mark_drill(self, incident_id: int, is_drill: bool, actor: str, now: datetime) -> None:
        """Flag an incident as a drill (kept out of the real metrics), or unflag it."""
        async with self._transaction():
            incident = await self._require(incident_id)
            if incident.is_drill == is_drill:
                return
            await self._sql.run(
                "UPDATE incidents SET is_drill = ? WHERE id = ?", (int(is_drill), incident_id)
            )
            await self._insert_event(now, actor, incident_id, drill_marked(is_drill))
