"""Reading mentions and their per-minute rollups: the same SQL on every backend.

Times are whole epoch seconds and rollups are keyed by minute (``created_at / 60``), so each
query is a range over an index, whatever the history holds.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from crisistui.domain.copies import stored_copy_key
from crisistui.domain.models import Mention
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.records import LanguageRollup, Rollup, TriggerRollup, WindowText
from crisistui.domain.time import from_epoch, to_epoch
from crisistui.store.rows import mention_columns, mention_from_row
from crisistui.store.sql import Sql
from crisistui.store.tables.connection import Connected

_SELECT_MENTION = f"SELECT {mention_columns()} FROM mentions"
WINDOW_TEXT_CHARS = 280
"""The start of a text ``copied_texts`` returns: enough to tell copies apart and to show."""
_IDS_PER_QUERY = 500
"""External ids looked up per statement (well under both backends' parameter limits)."""
_IS_MISINFORMATION = "coalesce(triggers, '') LIKE '%[\"misinformation\",%'"
"""A mention's stored ``triggers`` (JSON pairs) hold a misinformation term."""


class MentionTables(Connected):
    """Methods of ``Store`` that read mentions and rollups."""

    _by_fingerprint = ""
    """How a backend points the planner at the fingerprint index (SQLite's ``INDEXED BY``)."""

    async def last_mention_id(self) -> int:
        return int(await self._scalar("SELECT COALESCE(MAX(id), 0) FROM mentions"))

    async def mention_count(self) -> int:
        return int(await self._scalar("SELECT COUNT(*) FROM mentions"))

    _counted: tuple[int, int] | None = None
    """(the id counted up to, how many mentions have an id up to it) for ``mentions_up_to``."""

    async def mentions_up_to(self, last_id: int) -> int:
        """How many mentions have an id up to ``last_id``: counted whole once, then by the
        ids read since. The newest id is no count: PostgreSQL's ids skip the ones a batch
        drew and rolled back (a collector killed mid-poll left 160,425 shown for 100,425)."""
        counted = self._counted
        if counted is None or last_id < counted[0]:
            total = int(await self._scalar("SELECT COUNT(*) FROM mentions"))
            newer = await self._scalar("SELECT COUNT(*) FROM mentions WHERE id > ?", (last_id,))
            count = total - int(newer)
        else:
            upto, count = counted
            if last_id > upto:
                count += int(
                    await self._scalar(
                        "SELECT COUNT(*) FROM mentions WHERE id > ? AND id <= ?", (upto, last_id)
                    )
                )
        self._counted = (last_id, count)
        return count

    async def stored_ids(self, source: str, external_ids: Sequence[str]) -> set[str]:
        """Which of ``external_ids`` of ``source`` are stored already, through the unique
        index: a collector restarted in a flood used to score the whole window its source
        serves again (60,000 items, 34 s) before the store skipped every one."""
        found: set[str] = set()
        for first in range(0, len(external_ids), _IDS_PER_QUERY):
            chunk = external_ids[first : first + _IDS_PER_QUERY]
            marks = ", ".join("?" * len(chunk))
            rows = await self._sql.rows(
                f"SELECT external_id FROM mentions WHERE source = ? AND external_id IN ({marks})",
                (source, *chunk),
            )
            found.update(str(row[0]) for row in rows)
        return found

    async def mention(self, mention_id: int) -> Mention | None:
        row = await self._sql.row(f"{_SELECT_MENTION} WHERE id = ?", (mention_id,))
        return mention_from_row(row) if row else None

    async def arrivals_since(self, after_id: int) -> tuple[int, datetime | None]:
        """The newest id stored after ``after_id`` (``after_id`` itself when none was) and the
        earliest post time among those mentions: a backfill of old posts shows as a time far
        behind the clock. Walks the id range of the new rows only."""
        row = await self._sql.row(
            "SELECT MAX(id), MIN(created_at) FROM mentions WHERE id > ?", (after_id,)
        )
        if row is None or row[0] is None:
            return after_id, None
        return int(row[0]), from_epoch(int(row[1]))

    async def recent_mentions(self, limit: int, after_id: int = 0) -> list[Mention]:
        """The newest ``limit`` mentions by time; with ``after_id``, only those stored since.

        The two cases use different indexes on purpose: "since id N" walks the id range (a few
        rows), "newest by time" walks the time index from the top. Mixing them in one query
        makes SQLite scan a million-row table to prove no older row has a newer id.
        """
        if after_id > 0:
            sql = f"{_SELECT_MENTION} WHERE id > ? ORDER BY id DESC LIMIT ?"
            params: tuple[int, ...] = (after_id, limit)
        else:
            sql = f"{_SELECT_MENTION} ORDER BY created_at DESC, id DESC LIMIT ?"
            params = (limit,)
        rows = [mention_from_row(row) for row in await self._sql.rows(sql, params)]
        rows.sort(key=lambda m: (m.created_at, m.id or 0), reverse=True)
        return rows

    async def iter_mentions(self, batch: int = 2000) -> AsyncIterator[Mention]:
        """Every mention in id order, fetched in batches so memory stays flat."""
        last = 0
        while True:
            sql = f"{_SELECT_MENTION} WHERE id > ? ORDER BY id LIMIT ?"
            rows = await self._sql.rows(sql, (last, batch))
            if not rows:
                return
            for row in rows:
                yield mention_from_row(row)
            last = rows[-1][0]

    async def latest_mention_time(self) -> datetime | None:
        value = await self._scalar("SELECT MAX(created_at) FROM mentions")
        return from_epoch(value) if value is not None else None

    async def rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[Rollup]:
        """Per-minute rollups in [since, until): of every subject, or of ``subject`` only.

        The severity engine's first tick asks for a week of them; one subject read through
        its primary key in one fetch costs a fraction of every subject read row by row.
        """
        columns = (
            "SELECT subject, minute, volume, positive, negative, neutral, sentiment_sum, "
            "reach_sum, negative_reach, scanned_negative, unscored, echoes FROM rollups "
        )
        first, end = to_epoch(since) // 60, -(-to_epoch(until) // 60)
        if subject is None:
            sql = f"{columns}WHERE minute >= ? AND minute < ? ORDER BY minute"
            params: tuple[object, ...] = (first, end)
        else:
            sql = f"{columns}WHERE subject = ? AND minute >= ? AND minute < ? ORDER BY minute"
            params = (subject, first, end)
        return list(map(Rollup._make, await self._sql.rows(sql, params)))

    async def language_rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[LanguageRollup]:
        """Per-minute counts per language in [since, until): of every subject, or of
        ``subject`` only."""
        columns = "subject, minute, lang, volume, positive, negative, unscored, sentiment_sum"
        rows = await self._minutes("language_rollups", columns, since, until, subject)
        return list(map(LanguageRollup._make, rows))

    async def trigger_rollups(
        self,
        since: datetime,
        until: datetime,
        subject: str | None = None,
        *,
        negative_only_before: datetime | None = None,
    ) -> list[TriggerRollup]:
        """Per-minute trigger term counts in [since, until): of every subject, or of
        ``subject`` only; before ``negative_only_before``, only the rows with negatives."""
        columns = "subject, minute, crisis_type, term, volume, negative, echoes"
        keep = None
        if negative_only_before is not None:
            keep = ("(negative > 0 OR minute >= ?)", -(-to_epoch(negative_only_before) // 60))
        rows = await self._minutes("trigger_rollups", columns, since, until, subject, keep)
        return list(map(TriggerRollup._make, rows))

    async def _minutes(
        self,
        table: str,
        columns: str,
        since: datetime,
        until: datetime,
        subject: str | None,
        keep: tuple[str, object] | None = None,
    ) -> list[Any]:
        """Rows of a per-minute table (keyed by minute first) in [since, until), of
        ``subject`` if given, and meeting ``keep`` (a condition and its one parameter)."""
        sql = f"SELECT {columns} FROM {table} WHERE minute >= ? AND minute < ?"
        params: tuple[object, ...] = (to_epoch(since) // 60, -(-to_epoch(until) // 60))
        if subject is not None:
            sql += " AND subject = ?"
            params = (*params, subject)
        if keep is not None:
            sql += f" AND {keep[0]}"
            params = (*params, keep[1])
        return await self._sql.rows(f"{sql} ORDER BY minute", params)

    async def mention_triggers(self, mention_id: int) -> list[tuple[str, str]] | None:
        """The (crisis type, term) pairs stored with a mention; None if it was stored before
        trigger terms were matched (or does not exist)."""
        raw = await self._scalar("SELECT triggers FROM mentions WHERE id = ?", (mention_id,))
        return None if raw is None else [(kind, term) for kind, term in json.loads(raw)]

    async def negative_mentions(
        self, subject: str, since: datetime, until: datetime, limit: int = 2000
    ) -> list[Mention]:
        """The newest ``limit`` negative mentions of a subject in [since, until), newest
        first; walks the time index from the top, so a busy window costs ``limit`` rows."""
        sql = (
            f"{_SELECT_MENTION} WHERE created_at >= ? AND created_at < ? AND subject = ? "
            "AND label = 'negative' ORDER BY created_at DESC, id DESC LIMIT ?"
        )
        params = (to_epoch(since), to_epoch(until), subject, limit)
        return [mention_from_row(row) for row in await self._sql.rows(sql, params)]

    async def top_negative(
        self,
        subject: str,
        since: datetime,
        until: datetime,
        limit: int = 3,
        *,
        own: OwnAccounts | None = None,
    ) -> list[Mention]:
        """The widest-reaching negative mentions of a subject in [since, until], with their
        trigger terms (for drivers and the likely crisis type); posts of the ``own`` accounts
        left out. Bounded above too: a reader on another clock must not name a post from its
        future as a driver of its present."""
        sql = (
            f"SELECT {mention_columns()}, triggers FROM mentions WHERE created_at >= ? "
            "AND created_at <= ? AND subject = ? AND label = 'negative'"
        )
        keys = sorted(own.keys) if own else []
        if keys:
            marks = ", ".join("?" * len(keys))
            sql += f" AND lower(ltrim(trim(coalesce(author, '')), '@')) NOT IN ({marks})"
        sql += " ORDER BY reach DESC LIMIT ?"
        params = (to_epoch(since), to_epoch(until), subject, *keys, limit)
        rows = await self._sql.rows(sql, params)
        found = [
            replace(
                mention_from_row(row[:-1]),
                triggers=tuple((kind, term) for kind, term in json.loads(row[-1] or "[]")),
            )
            for row in rows
        ]
        return [m for m in found if not own or m.author not in own]

    async def copied_texts(
        self, subject: str, since: datetime, until: datetime, *, mentions: float, accounts: int
    ) -> tuple[int, list[list[WindowText]]]:
        """The subject's mentions in [since, until]: how many, and its widely copied hostile
        texts: the copy keys (``domain.copies``) of at least ``accounts`` distinct authors
        and of at least ``mentions`` of the window's mentions (a share) or ``accounts``
        mentions, whichever is more, each as its variants by fingerprint with how many
        mentions, distinct authors, first and last, and one copy's text. The database groups
        the window, so a flood's texts are never read one by one; the time index bounds
        every query to the window, whatever the history holds."""
        window = "FROM mentions WHERE created_at >= ? AND created_at <= ? AND subject = ?"
        params = (to_epoch(since), to_epoch(until), subject)
        total = int(await self._scalar(f"SELECT COUNT(*) {window}", params))
        least = max(mentions * total, accounts)
        keys = [
            key
            for (key,) in await self._sql.rows(
                f"SELECT copy_key {window} AND copy_key IS NOT NULL GROUP BY copy_key "
                "HAVING COUNT(*) >= ? AND COUNT(DISTINCT author) >= ?",
                (*params, least, accounts),
            )
        ]
        if not keys:
            return total, []
        marks = ", ".join("?" * len(keys))
        rows = await self._sql.rows(
            "SELECT copy_key, fingerprint, COUNT(*), COUNT(DISTINCT author), MIN(created_at), "
            f"MAX(created_at), MIN(substr(text, 1, {WINDOW_TEXT_CHARS})), "
            f"MAX(CASE WHEN {_IS_MISINFORMATION} THEN 1 ELSE 0 END) {window} "
            f"AND copy_key IN ({marks}) GROUP BY copy_key, fingerprint",
            (*params, *keys),
        )
        groups: dict[str, list[WindowText]] = {}
        for key, fp, n, authors, first, last, text, misinfo in rows:
            groups.setdefault(key, []).append(
                WindowText(fp, n, authors, from_epoch(first), from_epoch(last), text, bool(misinfo))
            )
        return total, list(groups.values())

    async def text_authors(
        self, subject: str, fingerprints: Sequence[str], since: datetime, until: datetime
    ) -> list[str]:
        """The distinct authors of the subject's mentions with these fingerprints in [since,
        until], in the order they first posted; found through the fingerprint index."""
        if not fingerprints:
            return []
        marks = ", ".join("?" * len(fingerprints))
        sql = (
            f"SELECT author, MIN(created_at) AS first FROM mentions{self._by_fingerprint} "
            f"WHERE fingerprint IN ({marks}) AND created_at >= ? "
            "AND created_at <= ? AND subject = ? AND author IS NOT NULL "
            "GROUP BY author ORDER BY first, author"
        )
        params = (*fingerprints, to_epoch(since), to_epoch(until), subject)
        return [author for author, _first in await self._sql.rows(sql, params)]


COPY_KEY_BACKFILL_SECONDS = 86_400
"""How far back from its newest mention an upgraded database gets copy keys: the campaign
watch reads the last minutes only, and a day covers a console whose clock is behind."""


_BACKFILL_ROWS = 5_000


async def backfill_copy_keys(
    sql: Sql, store_keys: Callable[[list[tuple[str, int]]], Awaitable[None]]
) -> None:
    """Give the hostile mentions of an upgraded database's last day their copy keys, worked
    out as at ingest (``store_keys`` takes (key, id) rows), inside the upgrade's transaction.
    Older ones are never in a campaign window again, and keep none."""
    newest = await sql.scalar("SELECT MAX(created_at) FROM mentions")
    if newest is None:
        return
    last = 0
    while True:
        rows = await sql.rows(
            f"SELECT {mention_columns()}, triggers FROM mentions WHERE created_at >= ? "
            f"AND id > ? AND (label = 'negative' OR {_IS_MISINFORMATION}) ORDER BY id LIMIT ?",
            (int(newest) - COPY_KEY_BACKFILL_SECONDS, last, _BACKFILL_ROWS),
        )
        if not rows:
            return
        keys = []
        for row in rows:
            mention = replace(
                mention_from_row(row[:-1]),
                triggers=tuple((kind, term) for kind, term in json.loads(row[-1] or "[]")),
            )
            key = stored_copy_key(mention)
            if key is not None:
                keys.append((key, int(row[0])))
        if keys:
            await store_keys(keys)
        last = rows[-1][0]
