"""Mention triage: what the team did with each mention, and the queue it works from.

The queue puts negative, far-reaching mentions first, because those are the ones that shape
the story; the report and the metrics read the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Literal

from crisistui.domain.incident import ChangedMeanwhile, ResponseError, TriageState
from crisistui.domain.models import Mention
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.records import Triage, TriageCounts
from crisistui.domain.time import from_epoch, to_epoch
from crisistui.domain.timeline import mention_tagged, mention_triaged, mention_untriaged
from crisistui.store.rows import MENTION_WIDTH, mention_columns, mention_from_row
from crisistui.store.tables.timeline import TimelineTables

# Same columns and order as the mention rows of ``Store`` (``mention_from_row`` reads them).
_MENTION = mention_columns("m")
_TRIAGE = (
    "t.mention_id, t.incident_id, t.state, t.assignee, t.tags, t.template_id, t.updated_at, "
    "t.updated_by"
)
_IN_CHUNK = 500
"""Most ids bound in one ``IN (?, …)`` list: well under every backend's parameter limit."""


def _triage(row: Sequence[Any]) -> Triage | None:
    if row[0] is None:
        return None
    mention_id, incident_id, state, assignee, tags, template_id, updated_at, updated_by = row
    return Triage(
        mention_id,
        incident_id,
        state,
        assignee,
        tuple(json.loads(tags)),
        template_id,
        from_epoch(updated_at),
        updated_by,
    )


def _as_read(seen: Triage | Literal["unread"] | None) -> tuple[str, tuple[object, ...]]:
    """The condition on the stored row under which an upsert based on ``seen`` may replace
    it: always when unread, never when it was untriaged (a colleague's row came first), else
    when it is still as read."""
    if seen == "unread":
        return "true", ()
    if seen is None:
        return "false", ()
    condition = (
        "mention_triage.state = ? AND COALESCE(mention_triage.assignee, '') = ? "
        "AND mention_triage.tags = ? AND COALESCE(mention_triage.template_id, '') = ? "
        "AND COALESCE(mention_triage.incident_id, 0) = ? "
        "AND mention_triage.updated_at = ? AND mention_triage.updated_by = ?"
    )
    tags = json.dumps(list(seen.tags))
    read = (seen.state, seen.assignee or "", tags, seen.template_id or "", seen.incident_id or 0)
    return condition, (*read, to_epoch(seen.updated_at), seen.updated_by)


class TriageTables(TimelineTables):
    """Methods of ``Store`` for mention triage."""

    async def triage_mention(
        self,
        mention_id: int,
        state: TriageState | str,
        actor: str,
        now: datetime,
        *,
        incident_id: int | None = None,
        assignee: str | None = None,
        tags: Iterable[str] = (),
        template_id: str | None = None,
        seen: Triage | Literal["unread"] | None = "unread",
    ) -> Triage:
        """Record what was done with a mention (acknowledged, replied, dismissed, assigned).

        The row holds the latest state: ``assignee``, ``tags`` and ``template_id`` replace what
        was there (pass the old values to keep them). ``seen`` is the triage this one was
        worked out from (None: untriaged): if someone changed it since, ``ChangedMeanwhile``
        is raised and nothing is written. Checked in the write itself, so two people's writes
        at the same moment never both pass: one assigning while the other tagged kept only
        one of the two, and both were told it was done. ``incident_id`` files the mention under an
        incident; None keeps the incident it is already filed under. The timeline event goes to
        that incident and says when the mention was newly linked to it.
        """
        try:
            target = TriageState(state)
        except ValueError:
            names = ", ".join(s.value for s in TriageState)
            raise ResponseError(f"triage state {state!r} is not one of {names}") from None
        assignee = (assignee or "").strip() or None
        if target is TriageState.ASSIGNED and assignee is None:
            raise ResponseError("assigning a mention needs a person to assign it to")
        labels = sorted({t.strip().lower() for t in tags if t.strip()})
        async with self._transaction():
            exists = await self._scalar("SELECT 1 FROM mentions WHERE id = ?", (mention_id,))
            if exists is None:
                raise ResponseError(f"no mention #{mention_id}")
            if incident_id is not None:
                await self._require(incident_id)
            before = await self._scalar(
                "SELECT incident_id FROM mention_triage WHERE mention_id = ?", (mention_id,)
            )
            filed = incident_id if incident_id is not None else before
            unchanged, read = _as_read(seen)
            written = await self._sql.run(
                "INSERT INTO mention_triage (mention_id, incident_id, state, assignee, tags, "
                "template_id, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (mention_id) DO UPDATE SET "
                "incident_id = COALESCE(excluded.incident_id, mention_triage.incident_id), "
                "state = excluded.state, assignee = excluded.assignee, tags = excluded.tags, "
                "template_id = excluded.template_id, updated_at = excluded.updated_at, "
                f"updated_by = excluded.updated_by WHERE {unchanged}",
                (
                    mention_id,
                    incident_id,
                    target.value,
                    assignee,
                    json.dumps(labels),
                    template_id,
                    to_epoch(now),
                    actor,
                    *read,
                ),
            )
            if written != 1:
                now_held = await self.triage(mention_id)
                who = f" by {now_held.updated_by}" if now_held else ""
                raise ChangedMeanwhile(
                    f"mention #{mention_id} was triaged{who} while you acted; look again"
                )
            event = mention_triaged(
                mention_id,
                target,
                assignee=assignee,
                tags=labels,
                template_id=template_id,
                incident_id=filed,
                previous_incident_id=before,
            )
            # The event belongs to the incident the mention is filed under, passed or kept.
            await self._insert_event(now, actor, filed, event)
        found = await self.triage(mention_id)
        assert found is not None
        return found

    async def tag_mention(
        self,
        mention_id: int,
        tags: Iterable[str],
        actor: str,
        now: datetime,
        *,
        incident_id: int | None = None,
        seen: Triage | Literal["unread"] | None = "unread",
    ) -> Triage:
        """Replace a mention's tags. Its state, and who set it when, stay as they were
        ("Acknowledged by ana at 13:36" after ben tags it at 13:40); the timeline says who
        tagged it when. An untriaged mention is acknowledged with its tags (filed under
        ``incident_id``, if any). ``seen`` as for ``triage_mention``."""
        labels = sorted({t.strip().lower() for t in tags if t.strip()})
        held = await self.triage(mention_id) if seen == "unread" else seen
        if held is None:
            return await self.triage_mention(
                mention_id,
                TriageState.ACKNOWLEDGED,
                actor,
                now,
                incident_id=incident_id,
                tags=labels,
                seen=seen,  # "unread", or None: read as untriaged
            )
        async with self._transaction():
            unchanged, read = _as_read(seen)
            written = await self._sql.run(
                f"UPDATE mention_triage SET tags = ? WHERE mention_id = ? AND {unchanged}",
                (json.dumps(labels), mention_id, *read),
            )
            if written != 1:
                now_held = await self.triage(mention_id)
                who = f" by {now_held.updated_by}" if now_held else ""
                raise ChangedMeanwhile(
                    f"mention #{mention_id} was triaged{who} while you acted; look again"
                )
            await self._insert_event(
                now, actor, held.incident_id, mention_tagged(mention_id, labels)
            )
        found = await self.triage(mention_id)
        assert found is not None
        return found

    async def clear_triage(
        self, mention_id: int, actor: str, now: datetime, *, seen: Triage | None = None
    ) -> Triage:
        """Put a mention back among the untriaged (a key pressed on the wrong row).

        The timeline keeps what it was and who set it; the event goes to the incident it was
        filed under. ``seen`` is the triage as the person read it: if a colleague changed it
        since, nothing is cleared. The whole row is compared, not only its time, which is in
        whole seconds: a change in the same second as the one read still counts as a change.
        Returns the triage that was removed.
        """
        async with self._transaction():
            old = await self.triage(mention_id)
            if old is None:
                raise ResponseError(f"mention #{mention_id} is not triaged")
            if seen is not None and old != seen:
                raise ResponseError(
                    f"mention #{mention_id} was changed by {old.updated_by} since you read it "
                    f"(now {old.state}); look again before clearing"
                )
            await self._sql.run("DELETE FROM mention_triage WHERE mention_id = ?", (mention_id,))
            await self._insert_event(now, actor, old.incident_id, mention_untriaged(old))
        return old

    async def triage(self, mention_id: int) -> Triage | None:
        sql = f"SELECT {_TRIAGE} FROM mention_triage t WHERE t.mention_id = ?"
        row = await self._sql.row(sql, (mention_id,))
        return _triage(row) if row else None

    async def triage_of(self, mention_ids: Iterable[int]) -> dict[int, Triage]:
        """The triage of each of these mentions that has one (for the marks in a list)."""
        ids = sorted({int(i) for i in mention_ids})
        found: dict[int, Triage] = {}
        for first in range(0, len(ids), _IN_CHUNK):
            chunk = ids[first : first + _IN_CHUNK]
            sql = (
                f"SELECT {_TRIAGE} FROM mention_triage t "
                f"WHERE t.mention_id IN ({', '.join('?' * len(chunk))})"
            )
            for row in await self._sql.rows(sql, chunk):
                if (t := _triage(row)) is not None:
                    found[t.mention_id] = t
        return found

    async def incident_triage(self, incident_id: int) -> list[Triage]:
        """Every triaged mention of an incident, in the order they were last handled."""
        sql = (
            f"SELECT {_TRIAGE} FROM mention_triage t WHERE t.incident_id = ? "
            "ORDER BY t.updated_at, t.mention_id"
        )
        return [
            t
            for row in await self._sql.rows(sql, (incident_id,))
            if (t := _triage(row)) is not None
        ]

    async def triage_queue(
        self,
        subject: str,
        since: datetime,
        until: datetime | None = None,
        *,
        limit: int = 100,
        untriaged_only: bool = False,
        negative_only: bool = False,
        min_reach: int = 0,
        own: OwnAccounts | None = None,
    ) -> list[tuple[Mention, Triage | None]]:
        """Mentions of a subject in a window: negative first, then by reach, then newest.

        The filters keep only mentions nobody has triaged yet, only negative ones, and only
        those reaching at least ``min_reach`` people. Posts of the ``own`` accounts are the
        brand's own words, never something to triage.
        """
        sql = (
            f"SELECT {_MENTION}, {_TRIAGE} FROM mentions m "
            "LEFT JOIN mention_triage t ON t.mention_id = m.id "
            "WHERE m.subject = ? AND m.created_at >= ? AND m.created_at < ?"
        )
        if untriaged_only:
            sql += " AND t.mention_id IS NULL"
        if negative_only:
            sql += " AND m.label = 'negative'"
        if min_reach > 0:
            sql += " AND m.reach >= ?"
        keys = sorted(own.keys) if own else []
        if keys:
            marks = ", ".join("?" * len(keys))
            sql += f" AND lower(ltrim(trim(coalesce(m.author, '')), '@')) NOT IN ({marks})"
        sql += (
            " ORDER BY CASE WHEN m.label = 'negative' THEN 1 ELSE 0 END DESC, m.reach DESC, "
            "m.created_at DESC, m.id DESC LIMIT ?"
        )
        end = to_epoch(until) if until is not None else 2**62
        reach: tuple[int, ...] = (min_reach,) if min_reach > 0 else ()
        params = (subject, to_epoch(since), end, *reach, *keys, limit)
        rows = await self._sql.rows(sql, params)
        return [
            (mention_from_row(row[:MENTION_WIDTH]), _triage(row[MENTION_WIDTH:])) for row in rows
        ]

    async def _negative_count(self, subject: str, start: int, end: int) -> int:
        """Negative mentions of a subject in [start, end) seconds: whole minutes from the
        rollups, the partial minutes at both ends from the mentions, so a week-long incident
        costs as little as an hour-long one."""
        first_full, last_full = -(-start // 60), end // 60  # minutes wholly inside
        if first_full >= last_full:
            spans = [(start, end)]
            whole = 0
        else:
            sql = (
                "SELECT COALESCE(SUM(negative), 0) FROM rollups "
                "WHERE subject = ? AND minute >= ? AND minute < ?"
            )
            whole = int(await self._sql.scalar(sql, (subject, first_full, last_full)) or 0)
            spans = [(start, first_full * 60), (last_full * 60, end)]
        edges = 0
        for low, high in spans:
            if low >= high:
                continue
            sql = (
                "SELECT COUNT(*) FROM mentions WHERE created_at >= ? AND created_at < ? "
                "AND subject = ? AND label = 'negative'"
            )
            edges += int(await self._sql.scalar(sql, (low, high, subject)) or 0)
        return whole + edges

    async def negative_triage_counts(
        self,
        subject: str,
        since: datetime,
        until: datetime | None = None,
        *,
        incident_id: int | None = None,
    ) -> TriageCounts:
        """Negative mentions of a subject in [since, until), how many were triaged and replied.

        Triage filed under another incident does not count for this one.
        """
        start = to_epoch(since)
        end = to_epoch(until) if until is not None else 2**62
        negative = await self._negative_count(subject, start, end)
        # Triage rows are few: start from them (CROSS JOIN fixes the order), not from the
        # mentions of the window. The join condition sits in WHERE: PostgreSQL allows no ON
        # after CROSS JOIN (and plans the join itself).
        other = "(t.incident_id IS NULL OR t.incident_id = ?)" if incident_id else "1 = 1"
        sql = (
            f"SELECT COALESCE(SUM(CASE WHEN {other} THEN 1 ELSE 0 END), 0), "
            f"COALESCE(SUM(CASE WHEN t.state = 'replied' AND {other} THEN 1 ELSE 0 END), 0) "
            "FROM mention_triage t CROSS JOIN mentions m "
            "WHERE m.id = t.mention_id AND m.subject = ? AND m.label = 'negative' "
            "AND m.created_at >= ? AND m.created_at < ?"
        )
        extra: tuple[object, ...] = (incident_id, incident_id) if incident_id else ()
        row = await self._sql.row(sql, (*extra, subject, start, end))
        triaged, replied = row if row else (0, 0)
        return TriageCounts(int(negative), int(triaged), int(replied))
