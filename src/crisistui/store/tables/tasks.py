"""The checklist of an incident: ticks, assignees, notes and ad-hoc tasks.

Ad-hoc tasks get ids 'adhoc:N': the colon cannot occur in a playbook task id, so they never
collide, and their ticks live in ``task_states`` beside the playbook's.
"""

from __future__ import annotations

from datetime import datetime

from crisistui.domain.incident import REVIEW_PHASE, ResponseError, Status
from crisistui.domain.records import AdhocTask, TaskNote, TaskState
from crisistui.domain.time import from_epoch, to_epoch
from crisistui.domain.timeline import task_added, task_assigned, task_noted, task_ticked
from crisistui.store.tables.timeline import TimelineTables

ADHOC_PREFIX = "adhoc:"


def _adhoc_number(task_id: str) -> int:
    """The row id of an ad-hoc task's id ("adhoc:7" → 7; -1 for a malformed one)."""
    number = task_id.removeprefix(ADHOC_PREFIX)
    return int(number) if number.isdigit() else -1


class TaskTables(TimelineTables):
    """Methods of ``Store`` for the checklist."""

    async def _open_checklist(self, incident_id: int, task_id: str, phase: str | None) -> None:
        """Refuse to change a task of a resolved incident outside the review phase: its
        ticks are the record of the response, which the review and the report read ("not
        done when the incident was resolved" must stay true). The review's own tasks are
        done after resolution; notes may be added to any task. ``phase`` None: the task's
        own (an ad-hoc task's is stored; a playbook task's is the caller's to give)."""
        if (await self._require(incident_id)).status is not Status.RESOLVED:
            return
        if phase is None and task_id.startswith(ADHOC_PREFIX):
            phase = await self._sql.scalar(
                "SELECT phase FROM adhoc_tasks WHERE incident_id = ? AND id = ?",
                (incident_id, _adhoc_number(task_id)),
            )
        if phase != REVIEW_PHASE:
            raise ResponseError(
                f"incident #{incident_id} is resolved: its checklist is the record of the "
                f"response and stays as it was, but for the {REVIEW_PHASE} phase "
                "(notes can still be added)"
            )

    async def task_states(self, incident_id: int) -> dict[str, TaskState]:
        sql = "SELECT task_id, done, changed_at, changed_by FROM task_states WHERE incident_id = ?"
        return {
            row[0]: TaskState(row[0], bool(row[1]), from_epoch(row[2]), row[3])
            for row in await self._sql.rows(sql, (incident_id,))
        }

    async def set_task_done(
        self,
        incident_id: int,
        task_id: str,
        title: str,
        done: bool,
        actor: str,
        now: datetime,
        *,
        phase: str | None = None,
    ) -> bool:
        """Tick or untick a task (of ``phase``: see ``_open_checklist``); the change goes on
        the timeline in the same transaction. False when the task already was so (a
        colleague's console ticked it first): nothing is written, and the tick stays
        credited to whoever made it."""
        async with self._transaction():
            await self._open_checklist(incident_id, task_id, phase)
            changed = await self._sql.scalar(
                "INSERT INTO task_states (incident_id, task_id, done, changed_at, changed_by) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, task_id) DO UPDATE SET "
                "done = excluded.done, changed_at = excluded.changed_at, "
                "changed_by = excluded.changed_by WHERE task_states.done <> excluded.done "
                "RETURNING task_id",
                (incident_id, task_id, int(done), to_epoch(now), actor),
            )
            if changed is None:
                return False
            await self._insert_event(now, actor, incident_id, task_ticked(task_id, title, done))
        return True

    async def assign_task(
        self,
        incident_id: int,
        task_id: str,
        title: str,
        assignee: str,
        actor: str,
        now: datetime,
        *,
        phase: str | None = None,
    ) -> None:
        """Give a task (of ``phase``: see ``_open_checklist``) to a person (an empty name
        takes it back)."""
        assignee = assignee.strip()
        async with self._transaction():
            await self._open_checklist(incident_id, task_id, phase)
            if assignee:
                await self._sql.run(
                    "INSERT INTO task_assignees (incident_id, task_id, assignee, assigned_at, "
                    "assigned_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, task_id) "
                    "DO UPDATE SET assignee = excluded.assignee, "
                    "assigned_at = excluded.assigned_at, assigned_by = excluded.assigned_by",
                    (incident_id, task_id, assignee, to_epoch(now), actor),
                )
            else:
                await self._sql.run(
                    "DELETE FROM task_assignees WHERE incident_id = ? AND task_id = ?",
                    (incident_id, task_id),
                )
            event = task_assigned(task_id, title, assignee)
            await self._insert_event(now, actor, incident_id, event)

    async def task_assignees(self, incident_id: int) -> dict[str, str]:
        """Task id → the person it is assigned to."""
        sql = "SELECT task_id, assignee FROM task_assignees WHERE incident_id = ?"
        return {row[0]: row[1] for row in await self._sql.rows(sql, (incident_id,))}

    async def add_task_note(
        self, incident_id: int, task_id: str, title: str, text: str, actor: str, now: datetime
    ) -> TaskNote:
        """Leave a note on a task (notes are never edited; a correction is a new note)."""
        text = text.strip()
        if not text:
            raise ResponseError("a note needs some text")
        async with self._transaction():
            await self._require(incident_id)
            inserted = await self._sql.scalar(
                "INSERT INTO task_notes (incident_id, task_id, at, author, text) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                (incident_id, task_id, to_epoch(now), actor, text),
            )
            note_id = int(inserted)
            event = task_noted(task_id, title, text, note_id)
            await self._insert_event(now, actor, incident_id, event)
        return TaskNote(note_id, task_id, from_epoch(to_epoch(now)), actor, text)

    async def task_notes(self, incident_id: int, task_id: str | None = None) -> list[TaskNote]:
        """Notes of an incident's tasks (of one task when given), oldest first."""
        sql = "SELECT id, task_id, at, author, text FROM task_notes WHERE incident_id = ?"
        params: tuple[object, ...] = (incident_id,)
        if task_id is not None:
            sql += " AND task_id = ?"
            params = (incident_id, task_id)
        return [
            TaskNote(r[0], r[1], from_epoch(r[2]), r[3], r[4])
            for r in await self._sql.rows(sql + " ORDER BY id", params)
        ]

    async def add_adhoc_task(
        self,
        incident_id: int,
        title: str,
        phase: str,
        role: str,
        mandatory: bool,
        actor: str,
        now: datetime,
    ) -> AdhocTask:
        """Add a task the playbook did not foresee; a mandatory one also blocks resolution."""
        title, phase, role = title.strip(), phase.strip(), role.strip() or "crisis lead"
        if not title or not phase:
            raise ResponseError("an ad-hoc task needs a title and a phase")
        async with self._transaction():
            await self._open_checklist(incident_id, "", phase)
            inserted = await self._sql.scalar(
                "INSERT INTO adhoc_tasks (incident_id, title, phase, role, mandatory, created_at, "
                "created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (incident_id, title, phase, role, int(mandatory), to_epoch(now), actor),
            )
            task_id = f"{ADHOC_PREFIX}{int(inserted)}"
            event = task_added(task_id, title, phase, role, mandatory)
            await self._insert_event(now, actor, incident_id, event)
        return AdhocTask(task_id, title, phase, role, mandatory, from_epoch(to_epoch(now)), actor)

    async def adhoc_tasks(self, incident_id: int) -> list[AdhocTask]:
        """The ad-hoc tasks of an incident, in the order they were added."""
        sql = (
            "SELECT id, title, phase, role, mandatory, created_at, created_by FROM adhoc_tasks "
            "WHERE incident_id = ? ORDER BY id"
        )
        return [
            AdhocTask(f"{ADHOC_PREFIX}{r[0]}", r[1], r[2], r[3], bool(r[4]), from_epoch(r[5]), r[6])
            for r in await self._sql.rows(sql, (incident_id,))
        ]
