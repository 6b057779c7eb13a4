"""The feed's filter: newest matching mentions first, at a bounded cost, on every backend.

Words and authors are looked up in the backend's full-text index, over the whole history.
Which side drives the query depends on how many mentions the index finds: a few thousand are
read by id and sorted; more than that, and the time index is walked from the newest mention,
checking each against the index's matches, until the feed is full. A walk (also what a filter
on columns alone does) stops after ``SCAN_BUDGET`` mentions, so a rare value cannot make it
read a million rows; the result then says how far it looked.

What differs per backend (the full-text query, how a column condition is written, the planner
hints) comes from the hooks of ``Searching``; the walk itself is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

from crisistui.domain.feed_query import NO_LANGUAGE, SCAN_BUDGET, FeedQuery
from crisistui.domain.hanzi import variants
from crisistui.domain.models import Mention
from crisistui.domain.records import FeedPage
from crisistui.store.rows import mention_columns, mention_from_row
from crisistui.store.tables.connection import Connected

INDEX_DRIVES_BELOW = 5_000
"""Fewer full-text matches than this are read by id rather than found by walking."""
FIRST_WINDOW = 10_000
"""A walk first reads the newest this many mentions, then five times more each round."""
FLOOR_DRIFT = 100
"""A window's bounds are reused until more than its size / this has been stored since they
were found: finding them reads the whole window's index (a third of a 200,000-mention walk),
and a console runs filter after filter while someone types."""


def _windows(budget: int) -> list[int]:
    sizes = []
    size = FIRST_WINDOW
    while size < budget:
        sizes.append(size)
        size *= 5
    return [*sizes, budget]


_COLUMNS = mention_columns("m")
_NEWEST = "ORDER BY m.created_at DESC, m.id DESC"


def _any(condition: str, count: int) -> str:
    return "(" + " OR ".join([condition] * count) + ")"


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def column_conditions(
    query: FeedQuery, *, plus: str = "", like: str = "LIKE", nocase: str = "{} = ?"
) -> tuple[list[str], list[object]]:
    """SQL conditions (and their parameters) for everything but the full-text match.

    ``like`` is the ASCII-case-insensitive LIKE of the backend, ``nocase`` an equality that
    ignores ASCII case (``{}`` is the column), ``plus`` SQLite's ``+`` that keeps a column's
    index out of a walk down the time index (an index on ``source`` finds a big source's rows,
    which then all need sorting).
    """
    where: list[str] = []
    params: list[object] = []
    for phrase in query.phrases:
        if phrase.spaceless:  # in traditional or simplified characters, whichever was typed
            forms = variants(phrase.text)
            where.append("(" + " OR ".join([f"m.text {like} ? ESCAPE '\\'"] * len(forms)) + ")")
            params += [f"%{_like(form)}%" for form in forms]
    if query.authors:
        alternatives = []
        for author in query.authors:
            alternatives.append(
                f"lower(m.author) IN (?, ?, ?) OR lower(m.author) {like} ? ESCAPE '\\' "
                f"OR lower(m.author) {like} ? ESCAPE '\\'"
            )
            params += [author, f"@{author}", f"u/{author}"]
            params += [f"@{_like(author)}@%", f"@{_like(author)}.%"]
        where.append("(" + " OR ".join(alternatives) + ")")
    if query.sources:
        dashed = "('-' || replace(replace(lower(m.source), '_', '-'), '.', '-') || '-')"
        where.append(_any(f"{dashed} {like} ? ESCAPE '\\'", len(query.sources)))
        for source in query.sources:
            params.append(f"%-{_like(source.replace('_', '-').replace('.', '-'))}-%")
    if query.labels:
        where.append(f"{plus}m.label IN ({', '.join('?' * len(query.labels))})")
        params += [label.value for label in query.labels]
    if query.languages:
        codes = [code for code in query.languages if code != NO_LANGUAGE]
        either = [f"{plus}m.lang IN ({', '.join('?' * len(codes))})"] if codes else []
        either += ["m.lang IS NULL"] if NO_LANGUAGE in query.languages else []
        where.append("(" + " OR ".join(either) + ")")
        params += codes
    if query.not_languages:
        codes = [code for code in query.not_languages if code != NO_LANGUAGE]
        told = NO_LANGUAGE in query.not_languages  # lang:!none: a language must be told
        not_in = f"{plus}m.lang NOT IN ({', '.join('?' * len(codes))})" if codes else ""
        if told:
            where.append(f"m.lang IS NOT NULL AND {not_in}" if codes else "m.lang IS NOT NULL")
        else:
            where.append(f"(m.lang IS NULL OR {not_in})")
        params += codes
    if query.subjects:
        where.append(_any(nocase.format(f"{plus}m.subject"), len(query.subjects)))
        params += list(query.subjects)
    if query.min_reach is not None:
        where.append(f"{plus}m.reach >= ?")
        params.append(query.min_reach)
    if query.max_reach is not None:
        where.append(f"{plus}m.reach <= ?")
        params.append(query.max_reach)
    for tag in query.tags:  # the words column is JSON: a tag is there as "#tag", quotes included
        where.append(f"m.words {like} ? ESCAPE '\\'")
        params.append(f'%"{_like(tag)}"%')
    if query.domains:
        where.append(_any(f"(m.domain = ? OR m.domain {like} ? ESCAPE '\\')", len(query.domains)))
        for domain in query.domains:
            params += [domain, f"%.{_like(domain)}"]
    return where, params


@dataclass(frozen=True, slots=True)
class TextMatch:
    """The full-text part of a filter: a query of the ids it matches (``ids`` selects one
    column of mention ids, and ends in a condition that ``AND`` can extend), its parameters,
    and the name of that id column in it."""

    ids: str
    params: tuple[object, ...]
    id_column: str


class Searching(Connected):
    """Methods of ``Store`` for the feed's filter; backends fill in the hooks."""

    _by_time = ""
    """How the walk points the planner at the time index (SQLite: ``INDEXED BY``)."""
    _no_index = ""
    """How the read-by-id query keeps the planner off other indexes (SQLite: ``NOT INDEXED``)."""
    _plus = ""
    """SQLite's ``+`` before a column keeps its index out of a walk down the time index."""

    async def _text_match(self, query: FeedQuery) -> TextMatch | None:
        """The full-text match of the query's words and authors; None when it has none."""
        raise NotImplementedError

    def _column_conditions(self, query: FeedQuery) -> tuple[list[str], list[object]]:
        """Conditions (and parameters) on columns: everything but the full-text match."""
        raise NotImplementedError

    async def filtered_mentions(
        self, query: FeedQuery, limit: int, after_id: int = 0, budget: int = SCAN_BUDGET
    ) -> FeedPage:
        """The newest ``limit`` mentions matching ``query``; with ``after_id``, only those
        stored since (the live part, which costs what has arrived)."""
        match = await self._text_match(query)
        where, params = self._column_conditions(query)
        if after_id > 0:
            return FeedPage(await self._since(match, where, params, after_id, limit))
        if match is not None and await self._few_matches(match):
            sql = (
                f"SELECT {_COLUMNS} FROM mentions m {self._no_index} WHERE m.id IN ({match.ids})"
                + "".join(f" AND {w}" for w in where)
                + f" {_NEWEST} LIMIT ?"
            )
            return FeedPage(await self._rows(sql, [*match.params, *params, limit]))
        return await self._walk(match, where, params, limit, budget)

    async def prepare_feed_filter(self, budget: int = SCAN_BUDGET) -> None:
        """Find each window's bounds now (see ``_window``), as a filter's walk would, so the
        next filter reuses them: on a million mentions finding them is most of a first
        filter's time (the largest window's reads its whole 200,000 index entries)."""
        for size in _windows(budget):
            await self._window(size)

    async def _few_matches(self, match: TextMatch) -> bool:
        sql = f"SELECT COUNT(*) FROM ({match.ids} LIMIT ?) AS found"
        found = await self._sql.scalar(sql, (*match.params, INDEX_DRIVES_BELOW))
        return int(found) < INDEX_DRIVES_BELOW

    async def _walk(
        self,
        match: TextMatch | None,
        where: list[str],
        params: list[object],
        limit: int,
        budget: int,
    ) -> FeedPage:
        """Down the time index from the newest mention, over ever wider windows of the newest
        mentions until the feed is full, the history is read or ``budget`` is reached.

        The full-text matches are read only within the window (by id, from the smallest id
        in it), so a word found in every mention costs what the window holds, not the history.
        """
        rows: list[Mention] = []
        newer: int | None = None  # the previous window's oldest time: read already above it
        for size in _windows(budget):
            floor, first_id = await self._window(size)
            conditions = ["m.created_at >= ?"]
            values: list[object] = [floor if floor is not None else -(2**62)]
            if newer is not None:
                conditions.append("m.created_at < ?")
                values.append(newer)
            if match is not None:
                # Written first: the index answers it without reading the row.
                conditions.append(f"{self._plus}m.id IN ({match.ids} AND {match.id_column} >= ?)")
                values += [*match.params, first_id or 0]
            sql = self._newest_where(" AND ".join(conditions + where))
            rows += await self._rows(sql, [*values, *params, limit - len(rows)])
            if len(rows) >= limit or floor is None:
                return FeedPage(rows)
            newer = floor
        return FeedPage(rows, budget)

    def _known_windows(self) -> dict[int, tuple[int, int | None, int | None]]:
        """Window size: (the largest id when its bounds were found, the bounds)."""
        known: dict[int, tuple[int, int | None, int | None]] | None
        known = getattr(self, "_window_bounds", None)
        if known is None:
            known = self._window_bounds = {}
        return known

    def _newest_where(self, condition: str) -> str:
        """The statement of one window of the walk: the newest mentions that meet
        ``condition`` (on ``m``), at most as many as its last parameter."""
        return (
            f"SELECT {_COLUMNS} FROM mentions m {self._by_time} WHERE {condition} {_NEWEST} LIMIT ?"
        )

    async def _window(self, size: int) -> tuple[int | None, int | None]:
        """The oldest time and the smallest id among the newest ``size`` mentions; (None,
        None) when the history holds fewer (the window is then all of it).

        Bounds found for a filter before are reused while fewer than ``size / FLOOR_DRIFT``
        mentions have been stored since (the window then holds that many more). They stay
        right whatever was stored: a newer mention has a larger id, so it is above the
        smallest id, and it is read if its time is in the window; a purge of old mentions
        leaves the window with fewer."""
        newest = await self._sql.scalar("SELECT MAX(id) FROM mentions")
        floors = self._known_windows()
        known = floors.get(size)
        if (
            known is not None
            and newest is not None
            and 0 <= newest - known[0] <= size // FLOOR_DRIFT
        ):
            return known[1], known[2]
        sql = (
            "SELECT MIN(created_at), MIN(id), COUNT(*) FROM (SELECT created_at, id FROM "
            "mentions ORDER BY created_at DESC, id DESC LIMIT ?) AS newest"
        )
        row = await self._sql.row(sql, (size,))
        bounds = (None, None) if row is None or row[2] < size else (int(row[0]), int(row[1]))
        if newest is not None:
            floors[size] = (int(newest), *bounds)
        return bounds

    async def _since(
        self,
        match: TextMatch | None,
        where: list[str],
        params: list[object],
        after_id: int,
        limit: int,
    ) -> list[Mention]:
        conditions = ["m.id > ?"]
        values: list[object] = [after_id]
        if match is not None:
            conditions.append(f"{self._plus}m.id IN ({match.ids} AND {match.id_column} > ?)")
            values += [*match.params, after_id]
        sql = (
            f"SELECT {_COLUMNS} FROM mentions m WHERE "
            + " AND ".join(conditions + where)
            + " ORDER BY m.id DESC LIMIT ?"
        )
        rows = await self._rows(sql, [*values, *params, limit])
        rows.sort(key=lambda m: (m.created_at, m.id or 0), reverse=True)
        return rows

    async def _rows(self, sql: str, params: list[object]) -> list[Mention]:
        return [mention_from_row(row) for row in await self._sql.rows(sql, params)]
