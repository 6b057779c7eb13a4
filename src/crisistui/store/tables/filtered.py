"""Analytics of a feed filter's mentions: the analytics view's totals and lists (top authors,
sources, languages, domains, hashtags, words) for the mentions a feed filter finds in a
period, such as the authors behind ``lang:vi sentiment:neg``.

Rollups count every mention, so these are counted from the matching mentions themselves,
found as the feed finds them (``tables.search``: the full-text index by id when it matches a
few thousand, else the time index), within the period and over at most its newest
``FILTERED_BUDGET`` mentions, so a month's broad filter costs about what a day's does; the
result says when older ones were left unsearched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from crisistui.domain.feed_query import SCAN_BUDGET, FeedQuery
from crisistui.domain.records import AuthorRanking, FilteredPeriod, PeriodTotals
from crisistui.domain.time import to_epoch
from crisistui.store.tables.analytics import (
    AUTHOR_ORDER,
    AUTHOR_STATS,
    KIND_CODES,
    NEGATIVE_CASE,
    AnalyticsTables,
    author_stats,
    chosen_facets_sql,
    counts_of_rows,
    facets_of_rows,
    ranked_facets_sql,
)
from crisistui.store.tables.search import Searching

FILTERED_BUDGET = SCAN_BUDGET
"""The most mentions of a period a filter's analytics search, newest first: as many as the
feed's filter walks."""
_GATHERED = (
    "m.source, m.lang, m.domain, m.words, m.label, m.reach, m.author, m.author_followers, "
    "m.likes, m.reposts, m.replies"
)


class FilteredAnalyticsTables(AnalyticsTables, Searching):
    """``filtered_period`` of ``Store``: the backends' hooks of both parents."""

    async def filtered_period(
        self,
        query: FeedQuery,
        since: datetime,
        until: datetime,
        *,
        limit: int = 10,
        skip: Sequence[str] = (),
        wanted: Mapping[str, Sequence[str]] | None = None,
        budget: int = FILTERED_BUDGET,
    ) -> FilteredPeriod:
        low, high = to_epoch(since), to_epoch(until)
        if high <= low:
            return FilteredPeriod()
        prefix, params, searched = await self._filtered_scope(query, low, high, budget)
        # One statement: the matching mentions are gathered once (``edge``) and every figure
        # read from them, a row kind by kind (each read of its own gathered them again).
        total = (
            f"SELECT 'total' AS part, '' AS value, count(*) AS n, "
            f"coalesce(sum({NEGATIVE_CASE}), 0) AS neg, coalesce(sum(reach), 0) AS r, "
            "0 AS f, 0 AS e, 0 AS place FROM edge"
        )
        selects, more = [total], []
        if wanted is not None:
            chosen = {KIND_CODES[k]: list(dict.fromkeys(v)) for k, v in wanted.items() if v}
            if chosen:
                sql, more = chosen_facets_sql(self._facets_of_edge(list(chosen)), chosen)
                selects.append(
                    f"SELECT 'count', kind || ' ' || value, n, neg, r, 0, 0, 0 FROM ({sql}) AS c"
                )
        elif limit > 0:
            parts = self._facets_of_edge(list(KIND_CODES.values()))
            sql, more = ranked_facets_sql(parts, limit, skip)
            selects.append(
                f"SELECT 'facet', kind || ' ' || value, n, neg, r, 0, 0, place FROM ({sql}) AS t"
            )
            for part, order in (("by-mentions", "volume"), ("by-reach", "reach")):
                selects.append(
                    f"SELECT '{part}', author, n, neg, r, f, e, place FROM (SELECT g.*, "
                    f"row_number() OVER (ORDER BY {AUTHOR_ORDER[order]}) AS place FROM g) AS a "
                    "WHERE place <= ?"
                )
                more.append(limit)
            prefix += (
                f", g AS MATERIALIZED (SELECT m.author AS author, {AUTHOR_STATS} "
                "FROM edge AS m WHERE m.author IS NOT NULL GROUP BY m.author) "
            )
        rows = await self._sql.rows(prefix + " UNION ALL ".join(selects), [*params, *more])
        return _read_rows(rows, searched)

    async def _filtered_scope(
        self, query: FeedQuery, low: int, high: int, budget: int
    ) -> tuple[str, list[object], int | None]:
        """``WITH edge AS (…)``: the mentions of [low, high) that match ``query``, among its
        newest ``budget``; its parameters; and how many were searched when that was not all
        of the period."""
        # the budget-th newest, and whether one more is there (then the period is cut)
        edge = await self._sql.rows(
            f"SELECT created_at FROM mentions m {self._by_time} WHERE m.created_at >= ? "
            "AND m.created_at < ? ORDER BY m.created_at DESC, m.id DESC LIMIT 2 OFFSET ?",
            (low, high, max(budget - 1, 0)),
        )
        searched = None
        if len(edge) == 2 and int(edge[0][0]) > low:
            low, searched = int(edge[0][0]), budget
        match = await self._text_match(query)
        where, params = self._column_conditions(query)
        conditions = ["m.created_at >= ?", "m.created_at < ?"]
        values: list[object] = [low, high]
        index = self._by_time
        if match is not None and await self._few_matches(match):
            conditions.append(f"m.id IN ({match.ids})")
            values += match.params
            index = self._no_index
        elif match is not None:  # the index's matches read only from the searched part on
            first_id = await self._sql.scalar(
                f"SELECT MIN(m.id) FROM mentions m {self._by_time} "
                "WHERE m.created_at >= ? AND m.created_at < ?",
                (low, high),
            )
            conditions.append(f"{self._plus}m.id IN ({match.ids} AND {match.id_column} >= ?)")
            values += [*match.params, first_id]
        prefix = (
            f"WITH edge AS MATERIALIZED (SELECT {_GATHERED} FROM mentions m {index} "
            f"WHERE {' AND '.join(conditions + where)}) "
        )
        return prefix, [*values, *params], searched


def _read_rows(rows: Sequence[Sequence[Any]], searched: int | None) -> FilteredPeriod:
    """``filtered_period``'s rows (part, value, n, neg, r, followers, engagement, place)."""
    by_part: dict[str, list[Sequence[Any]]] = {}
    for row in rows:
        by_part.setdefault(row[0], []).append(row)
    _part, _value, n, negative, reach, *_ = by_part["total"][0]
    totals = PeriodTotals(int(n), int(negative), int(reach))
    facets = facets_of_rows(
        [(*str(r[1]).split(" ", 1), r[2], r[3], r[4], r[7]) for r in by_part.get("facet", ())]
    )
    counts = counts_of_rows(
        [(*str(r[1]).split(" ", 1), r[2], r[3], r[4]) for r in by_part.get("count", ())]
    )
    authors = AuthorRanking(
        *(
            tuple(author_stats(r[1:7]) for r in sorted(by_part.get(part, ()), key=lambda r: r[7]))
            for part in ("by-mentions", "by-reach")
        ),
        method="filtered",
    )
    return FilteredPeriod(totals, facets, authors, counts, searched)
