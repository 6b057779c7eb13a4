"""Statements: draft → approval requested → approved → published, with the approver rule.

Only the person holding the incident's approver role may approve, and only an approved text can
be published; the check and the change happen in one transaction, so a role handed over in
another console cannot slip between them. Refusals are the domain's sentences
(``response.statements.refusal``), the same the console shows before asking anything.
Publishing fills ``{time}`` with the time the statement went out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from crisistui.domain.clock import local_text
from crisistui.domain.incident import (
    APPROVER_ROLE,
    ChangedMeanwhile,
    Milestone,
    NotApproverError,
    ResponseError,
    StatementState,
    TransitionError,
)
from crisistui.domain.records import Statement
from crisistui.domain.statements import (
    UTC_CLOCK,
    StatementAction,
    StatementClock,
    approver_refusal,
    at_publication,
    refusal,
)
from crisistui.domain.time import from_epoch, time_or_none, to_epoch
from crisistui.domain.timeline import (
    statement_approval_requested,
    statement_approved,
    statement_deleted,
    statement_drafted,
    statement_edited,
    statement_published,
    statement_rejected,
)
from crisistui.store.tables.timeline import TimelineTables

_COLUMNS = (
    "id, incident_id, template_id, title, body, state, channel, author, approver, created_at, "
    "updated_at, approved_at, published_at"
)


def _statement(row: Any) -> Statement:
    id_, incident, template, title, body, state, channel, author, approver, *times = row
    created, updated, approved, published = times
    return Statement(
        id_,
        incident,
        template,
        title,
        body,
        state,
        channel,
        author,
        approver,
        from_epoch(created),
        from_epoch(updated),
        time_or_none(approved),
        time_or_none(published),
    )


class StatementTables(TimelineTables):
    """Methods of ``Store`` for statements."""

    async def statement(self, statement_id: int) -> Statement | None:
        sql = f"SELECT {_COLUMNS} FROM statements WHERE id = ?"
        row = await self._sql.row(sql, (statement_id,))
        return _statement(row) if row else None

    async def statements(self, incident_id: int) -> list[Statement]:
        """The statements of an incident, oldest first."""
        sql = f"SELECT {_COLUMNS} FROM statements WHERE incident_id = ? ORDER BY id"
        return [_statement(row) for row in await self._sql.rows(sql, (incident_id,))]

    async def _require_statement(self, statement_id: int, action: StatementAction) -> Statement:
        found = await self.statement(statement_id)
        if found is None:
            raise ResponseError(f"There is no statement #{statement_id}.")
        refused = refusal(statement_id, found.state, action)
        if refused is not None:
            raise TransitionError(refused)
        return found

    async def create_statement(
        self,
        incident_id: int,
        title: str,
        body: str,
        actor: str,
        now: datetime,
        *,
        template_id: str | None = None,
    ) -> Statement:
        """Start a draft (usually filled from a playbook template)."""
        if not title.strip() or not body.strip():
            raise ResponseError("a statement needs a title and a body")
        async with self._transaction():
            await self._require(incident_id)
            inserted = await self._sql.scalar(
                "INSERT INTO statements (incident_id, template_id, title, body, author, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (incident_id, template_id, title, body, actor, to_epoch(now), to_epoch(now)),
            )
            statement_id = int(inserted)
            event = statement_drafted(statement_id, title, template_id)
            await self._insert_event(now, actor, incident_id, event)
        created = await self.statement(statement_id)
        assert created is not None
        return created

    async def update_statement(
        self,
        statement_id: int,
        title: str,
        body: str,
        actor: str,
        now: datetime,
        *,
        seen_text: tuple[str, str] | None = None,
    ) -> Statement:
        """Edit a draft; editing a text that waits for approval takes it back to draft.
        ``seen_text`` is the title and body the editor opened with: when a colleague saved
        another text since, this edit is refused rather than laid silently over theirs."""
        if not title.strip() or not body.strip():
            raise ResponseError("a statement needs a title and a body")
        async with self._transaction():
            old = await self._require_statement(statement_id, StatementAction.EDIT)
            if seen_text is not None and (old.title, old.body) != seen_text:
                raise ResponseError(
                    f"statement #{statement_id} was changed by someone else since you opened "
                    f"it (at {local_text(old.updated_at)}); read theirs, then edit again"
                )
            await self._change_as_read(
                old,
                "title = ?, body = ?, state = 'draft', updated_at = ?",
                (title, body, to_epoch(now)),
            )
            event = statement_edited(statement_id, body, old.state)
            await self._insert_event(now, actor, old.incident_id, event)
        return await self._fresh(statement_id)

    async def delete_statement(self, statement_id: int, actor: str, now: datetime) -> None:
        """Throw away a draft that was never sent for approval."""
        async with self._transaction():
            old = await self._require_statement(statement_id, StatementAction.DELETE)
            await self._change_as_read(old, None, ())
            event = statement_deleted(statement_id, old.title)
            await self._insert_event(now, actor, old.incident_id, event)

    async def request_approval(self, statement_id: int, actor: str, now: datetime) -> Statement:
        """Send a draft to the incident's approver."""
        async with self._transaction():
            old = await self._require_statement(statement_id, StatementAction.REQUEST_APPROVAL)
            await self._set_state(old, StatementState.APPROVAL_REQUESTED, now)
            event = statement_approval_requested(statement_id, old.title)
            await self._insert_event(now, actor, old.incident_id, event)
        return await self._fresh(statement_id)

    async def approve_statement(
        self,
        statement_id: int,
        actor: str,
        now: datetime,
        *,
        seen: datetime | None = None,
        seen_text: tuple[str, str] | None = None,
    ) -> Statement:
        """Approve a statement; only the person holding the incident's approver role may.
        ``seen`` is the version the approver read (its ``updated_at``) and ``seen_text`` its
        title and body: a text edited since is refused, so nobody approves words they have
        not read (times are whole seconds: an edit in the same second is caught by the text)."""
        async with self._transaction():
            old = await self._require_statement(statement_id, StatementAction.APPROVE)
            edited = seen_text is not None and (old.title, old.body) != seen_text
            if (seen is not None and old.updated_at != seen) or edited:
                raise ResponseError(
                    f"statement #{statement_id} changed since you read it "
                    f"(at {local_text(old.updated_at)}); read it again before approving"
                )
            await self._check_approver(old.incident_id, actor, StatementAction.APPROVE)
            await self._change_as_read(
                old,
                "state = 'approved', approver = ?, approved_at = ?, updated_at = ?",
                (actor, to_epoch(now), to_epoch(now)),
            )
            event = statement_approved(statement_id, old.title, actor, own=actor == old.author)
            await self._insert_event(now, actor, old.incident_id, event)
        return await self._fresh(statement_id)

    async def reject_statement(
        self, statement_id: int, reason: str, actor: str, now: datetime
    ) -> Statement:
        """Send a statement back to draft with the approver's reason."""
        async with self._transaction():
            old = await self._require_statement(statement_id, StatementAction.REJECT)
            await self._check_approver(old.incident_id, actor, StatementAction.REJECT)
            await self._set_state(old, StatementState.DRAFT, now)
            event = statement_rejected(statement_id, reason)
            await self._insert_event(now, actor, old.incident_id, event)
        return await self._fresh(statement_id)

    async def publish_statement(
        self,
        statement_id: int,
        channels: Sequence[str] | str,
        actor: str,
        now: datetime,
        *,
        at: datetime | None = None,
        clock: StatementClock = UTC_CLOCK,
    ) -> Statement:
        """Mark an approved statement published on channels (again: more channels); ``at`` is
        when it went out, if that was before it was marked (never in the future, never before
        its approval).

        The first publication fills ``{time}`` with when it went out, and the first of the
        incident sets its first-public-response milestone.
        """
        when = at or now
        wanted = [channels] if isinstance(channels, str) else list(channels)
        wanted = [c.strip() for c in wanted if c.strip()]
        if not wanted:
            raise ResponseError("publishing needs at least one channel")
        async with self._transaction():
            old = await self._require_statement(statement_id, StatementAction.PUBLISH)
            if when > now:
                raise ResponseError("a statement cannot be published in the future")
            if old.approved_at is not None and when < old.approved_at:
                raise ResponseError(
                    f"statement #{statement_id} was approved at "
                    f"{local_text(old.approved_at)}; it cannot have been published before"
                )
            have = old.channels
            added = [c for c in wanted if c not in have]
            if not added:
                return old
            first = old.published_at is None
            title, body = old.title, old.body
            if first:  # the words went out at ``when``, whatever the draft was written at
                title, body = at_publication(title, when, clock), at_publication(body, when, clock)
            await self._change_as_read(
                old,
                "state = 'published', channel = ?, updated_at = ?, "
                "published_at = COALESCE(published_at, ?), title = ?, body = ?",
                (", ".join([*have, *added]), to_epoch(now), to_epoch(when), title, body),
            )
            event = statement_published(statement_id, title, added, first, when)
            await self._insert_event(now, actor, old.incident_id, event)
            await self._put_milestone(
                old.incident_id,
                Milestone.FIRST_PUBLIC_RESPONSE,
                when,
                actor,
                now,
                only_if_unset=True,
            )
        return await self._fresh(statement_id)

    async def _check_approver(self, incident_id: int, actor: str, action: StatementAction) -> None:
        person = await self._sql.scalar(
            "SELECT person FROM roles WHERE incident_id = ? AND role = ?",
            (incident_id, APPROVER_ROLE),
        )
        refused = approver_refusal(incident_id, person, actor, action)
        if refused is not None:
            raise NotApproverError(refused)

    async def _set_state(self, old: Statement, state: StatementState, now: datetime) -> None:
        await self._change_as_read(old, "state = ?, updated_at = ?", (state.value, to_epoch(now)))

    async def _change_as_read(
        self, old: Statement, sets: str | None, params: Sequence[object]
    ) -> None:
        """Update (``sets``) or, with None, delete the statement, only if it is still as
        ``old`` was read in this transaction: on PostgreSQL two people's transactions read
        the same row at once, and an approval then went through on words edited a
        millisecond before it, or an edit silently undid an approval. The condition is
        checked again on the row as it is when the write takes place, so the second of two
        such acts is refused and rolled back, never half done."""
        still = (
            "id = ? AND state = ? AND title = ? AND body = ? AND updated_at = ? "
            "AND COALESCE(channel, '') = ?"
        )
        read = (old.id, old.state, old.title, old.body, to_epoch(old.updated_at), old.channel or "")
        if sets is None:
            changed = await self._sql.run(f"DELETE FROM statements WHERE {still}", read)
        else:
            changed = await self._sql.run(
                f"UPDATE statements SET {sets} WHERE {still}", (*params, *read)
            )
        if changed != 1:
            raise ChangedMeanwhile(
                f"statement #{old.id} was changed by someone else while you acted; "
                "read it again and do it again if it still holds"
            )

    async def _fresh(self, statement_id: int) -> Statement:
        found = await self.statement(statement_id)
        assert found is not None
        return found
