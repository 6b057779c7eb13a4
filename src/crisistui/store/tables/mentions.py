"""Reading mentions and their per-minute rollups: the same SQL on every backend.

Times are whole epoch seconds and rollups are keyed by minute (``created_at / 60``), so each
query is a range over an index, whatever the history holds.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from crisistui.domain.models import Mention
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.records import LanguageRollup, Rollup, TriggerRollup, WindowText
from crisistui.domain.time import from_epoch, to_epoch
from crisistui.store.rows import mention_columns, mention_from_row
from crisistui.store.tables.connection import Connected

_SELECT_MENTION = f"SELECT {mention_columns()} FROM mentions"
WINDOW_TEXT_CHARS = 280
"""The start of a text ``hostile_texts`` returns: enough to tell copies apart and to show."""
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

    async def mention(self, mention_id: int) -> Mention | None:
        row = await self._sql.row(f"{_SELECT_MENTION} WHERE id = ?", (mention_id,))
        return mention_from_row(row) if row else None

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
            "reach_sum, negative_reach, scanned_negative, unscored FROM rollups "
        )
        first, end = to_epoch(since) // 60, -(-to_epoch(until) // 60)
        if subject is None:
            sql = f"{columns}WHERE minute >= ? AND minute < ? ORDER BY minute"
            params: tuple[object, ...] = (first, end)
        else:
            sql = f"{columns}WHERE subject = ? AND minute >= ? AND minute < ? ORDER BY minute"
            params = (subject, first, end)
        return [Rollup(*row) for row in await self._sql.rows(sql, params)]

    async def language_rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[LanguageRollup]:
        """Per-minute counts per language in [since, until): of every subject, or of
        ``subject`` only."""
        columns = "subject, minute, lang, volume, positive, negative, unscored, sentiment_sum"
        rows = await self._minutes("language_rollups", columns, since, until, subject)
        return [LanguageRollup(*row) for row in rows]

    async def trigger_rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[TriggerRollup]:
        """Per-minute trigger term counts in [since, until): of every subject, or of
        ``subject`` only."""
        columns = "subject, minute, crisis_type, term, volume, negative"
        rows = await self._minutes("trigger_rollups", columns, since, until, subject)
        return [TriggerRollup(*row) for row in rows]

    async def _minutes(
        self, table: str, columns: str, since: datetime, until: datetime, subject: str | None
    ) -> list[Any]:
        """Rows of a per-minute table (keyed by minute first) in [since, until)."""
        sql = f"SELECT {columns} FROM {table} WHERE minute >= ? AND minute < ?"
        params: tuple[object, ...] = (to_epoch(since) // 60, -(-to_epoch(until) // 60))
        if subject is not None:
            sql += " AND subject = ?"
            params = (*params, subject)
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

    async def hostile_texts(
        self, subject: str, since: datetime, until: datetime
    ) -> tuple[int, list[WindowText]]:
        """The subject's mentions in [since, until]: how many, and its hostile texts (negative,
        or holding misinformation terms; retweets left out) grouped by fingerprint, each with
        how many mentions, distinct authors, first and last, and one copy's text. The time
        index bounds both queries to the window, whatever the history holds."""
        window = "FROM mentions WHERE created_at >= ? AND created_at <= ? AND subject = ?"
        params = (to_epoch(since), to_epoch(until), subject)
        total = int(await self._scalar(f"SELECT COUNT(*) {window}", params))
        sql = (
            "SELECT fingerprint, COUNT(*), COUNT(DISTINCT author), MIN(created_at), "
            f"MAX(created_at), MIN(substr(text, 1, {WINDOW_TEXT_CHARS})), "
            f"MAX(CASE WHEN {_IS_MISINFORMATION} THEN 1 ELSE 0 END) {window} "
            f"AND (label = 'negative' OR {_IS_MISINFORMATION}) "
            "AND text NOT LIKE 'RT @%' GROUP BY fingerprint"
        )
        rows = await self._sql.rows(sql, params)
        # a flooded window holds a row per text: read into records off the event loop
        return total, await asyncio.to_thread(_window_texts, rows)

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


def _window_texts(rows: Sequence[Sequence[Any]]) -> list[WindowText]:
    times: dict[int, datetime] = {}  # a window of minutes has few distinct seconds

    def at(seconds: int) -> datetime:
        moment = times.get(seconds)
        if moment is None:
            moment = times[seconds] = from_epoch(seconds)
        return moment

    return [
        WindowText(fp, n, accounts, at(first), at(last), text, bool(misinfo))
        for fp, n, accounts, first, last, text, misinfo in rows
    ]
