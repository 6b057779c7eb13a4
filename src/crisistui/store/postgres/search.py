"""The feed's filter on PostgreSQL: the same query language and the same matches as SQLite.

Words, phrases and prefixes are matched in ``mention_text`` (``tsvector`` columns built by the
schema's FTS5-compatible tokenizer, under a GIN index); the server turns the typed phrases into
``tsquery`` values with that same tokenizer. Everything else (the walk down the time index, its
budget) is ``tables.search``. Its statements are planned without parallel workers: a walk
stops as soon as the feed is full, and workers cost their start (tens of milliseconds on a busy
server, before the first row) whatever they share; on a million mentions ``refund
sentiment:neg`` took 128 ms with two workers and 57 ms without, the others about as long.
"""

from __future__ import annotations

from contextlib import suppress

from crisistui.domain.feed_query import SCAN_BUDGET, FeedQuery
from crisistui.domain.records import FeedPage
from crisistui.domain.search_text import search_form
from crisistui.store.errors import StoreError
from crisistui.store.rows import mention_columns
from crisistui.store.tables.search import Searching, TextMatch, column_conditions

_COLUMNS = mention_columns("m")
_NEWEST = "ORDER BY m.created_at DESC, m.id DESC"
_NOTHING = TextMatch("SELECT id FROM mention_text WHERE false", (), "id")
"""Words that hold no token at all: FTS5 matches nothing for them either."""


class PgSearchTables(Searching):
    """The feed's filter on PostgreSQL."""

    async def filtered_mentions(
        self, query: FeedQuery, limit: int, after_id: int = 0, budget: int = SCAN_BUDGET
    ) -> FeedPage:
        await self._sql.run("SET max_parallel_workers_per_gather = 0")
        try:
            return await super().filtered_mentions(query, limit, after_id, budget)
        finally:
            with suppress(StoreError):  # the connection is gone: nothing to reset
                await self._sql.run("RESET max_parallel_workers_per_gather")

    async def _text_match(self, query: FeedQuery) -> TextMatch | None:
        indexed = [phrase for phrase in query.phrases if not phrase.spaceless]
        if not indexed and not query.authors:
            return None
        words, authors = await self._sql.row(
            "SELECT crisistui_fts_all(?::text[], ?::boolean[])::text, "
            "crisistui_fts_any(?::text[])::text",
            (
                [search_form(phrase.text) for phrase in indexed],
                [phrase.prefix for phrase in indexed],
                list(query.authors),
            ),
        ) or (None, None)
        conditions, params = [], []
        if words is not None:
            conditions.append("text_search @@ ?::tsquery")
            params.append(words)
        if authors is not None:
            conditions.append("author_search @@ ?::tsquery")
            params.append(authors)
        if not conditions:
            return _NOTHING
        return TextMatch(
            "SELECT id FROM mention_text WHERE " + " AND ".join(conditions), tuple(params), "id"
        )

    def _newest_where(self, condition: str) -> str:
        # The ids first, from the time index alone: it carries the columns a filter tests
        # (label, reach, subject, source, language, author), so a window's mentions are read
        # from the table only when they match. Read whole, each row of the window was
        # fetched to be tested (``reach:>250k`` on a million: 77 ms, 22 ms this way).
        return (
            f"SELECT {_COLUMNS} FROM mentions m WHERE m.id IN (SELECT m.id FROM mentions m "
            f"WHERE {condition} {_NEWEST} LIMIT ?) {_NEWEST}"
        )

    def _column_conditions(self, query: FeedQuery) -> tuple[list[str], list[object]]:
        # ILIKE and lower() fold ASCII only on the schema's "C" columns, as SQLite's LIKE and
        # NOCASE do.
        return column_conditions(query, like="ILIKE", nocase="lower({}) = lower(?)")
