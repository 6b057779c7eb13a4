"""The analytics view's reads, the same SQL on every backend: a period's totals; its top
sources, languages, domains, hashtags and words; its top authors by mentions and by reach.

**Facets.** A period [since, until) is read in three grains (``split_period``): its whole days
from ``facet_days``, the whole hours left at either end from ``facet_hours``, and the seconds
left over (under an hour at each end) from the mentions themselves, through the time index.
Both facet tables are kept by the insert's own triggers, so the answer is exact to the second
and a month costs about thirty day rows per value plus two hours of mentions.

**Authors** are too many for rollups to help (most post once), so they are read through two
covering indexes of ``mentions``, in one of three ways:

- *period*: every mention of the period, time index first, sorted by author; the cost grows
  with the period's mentions (and a sort), so short periods use it;
- *history*: every mention's entry in the author index, in author order, the period's counted;
  no sort, but the cost grows with the whole history;
- *bounded*: an author's mentions (and reach) in any period are at most those of the whole
  history (``author_totals``), so only authors whose totals reach a bound ``v`` can reach ``v``
  in the period. Their period figures are read per author (author index first). When the
  ``limit``-th best among them reaches ``v``, nobody else can beat it and the list is exact;
  otherwise ``v`` drops to the best found and one more round is. The cost grows with the
  candidates, so long periods (most of the history) use it.

The cheapest is chosen from what each would read (``*_COST``); all give the same list. On
PostgreSQL the planner picks its own plan for the first two.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crisistui.domain.records import (
    FACET_KINDS,
    AuthorRanking,
    AuthorStats,
    FacetCount,
    PeriodFacets,
    PeriodTotals,
)
from crisistui.domain.time import to_epoch
from crisistui.domain.words import domain_of
from crisistui.store.rows import words_json
from crisistui.store.sql import Sql
from crisistui.store.tables.connection import Connected

DAY = 86_400
HOUR = 3_600
KIND_CODES = {"source": "s", "language": "l", "domain": "d", "hashtag": "t", "word": "w"}
"""A facet kind as the tables store it."""
_KIND_NAMES = {code: kind for kind, code in KIND_CODES.items()}
READ_PERIOD_BELOW = 50_000
"""A period with fewer mentions is read whole: cheaper than working out any bound."""
# What each way of finding the top authors costs, in about a microsecond's units (measured on
# SQLite by bench/analytics.py), to pick the cheapest:
PERIOD_ROW_COST = 0.7
"""A mention of the period read in time order and sorted by author."""
HISTORY_ROW_COST = 0.08
"""A mention of the whole history passed over in author order (its index entry)."""
GROUP_ROW_COST = 0.2
"""A mention of the period counted in author order."""
CANDIDATE_COST = 3.0
"""A candidate author's mentions sought in the author index (a seek)."""
BACKFILL_BATCH = 5_000

AUTHOR_STATS = (
    "count(*) AS n, sum(CASE WHEN m.label = 'negative' THEN 1 ELSE 0 END) AS neg, "
    "sum(m.reach) AS r, max(coalesce(m.author_followers, 0)) AS f, "
    "sum(coalesce(m.likes, 0) + coalesce(m.reposts, 0) + coalesce(m.replies, 0)) AS e"
)
AUTHOR_ORDER = {"volume": "n DESC, r DESC, author", "reach": "r DESC, n DESC, author"}
NEGATIVE_CASE = "CASE WHEN label = 'negative' THEN 1 ELSE 0 END"


@dataclass(frozen=True, slots=True)
class PeriodSplit:
    """A period in the grains it is read in: [first, end) day and hour numbers (epoch / 86,400
    and / 3,600) and the [first, end) seconds left over."""

    days: tuple[tuple[int, int], ...] = ()
    hours: tuple[tuple[int, int], ...] = ()
    seconds: tuple[tuple[int, int], ...] = ()


def split_period(since: int, until: int) -> PeriodSplit:
    """[since, until) in epoch seconds as whole days, then whole hours at either end, then the
    seconds left: every second of the period in exactly one part."""
    if until <= since:
        return PeriodSplit()
    seconds: list[tuple[int, int]] = []
    if since < 0:  # buckets of times before 1970 are not floors of them; never seen, but exact
        seconds.append((since, min(until, 0)))
        since = max(since, 0)
        if until <= since:
            return PeriodSplit(seconds=tuple(seconds))
    days: list[tuple[int, int]] = []
    first_day, end_day = -(-since // DAY), until // DAY
    ends = [(since, until)]
    if first_day < end_day:
        days.append((first_day, end_day))
        ends = [(since, first_day * DAY), (end_day * DAY, until)]
    hours: list[tuple[int, int]] = []
    for low, high in ends:
        first_hour, end_hour = -(-low // HOUR), high // HOUR
        if first_hour < end_hour:
            hours.append((first_hour, end_hour))
            seconds += [(low, first_hour * HOUR), (end_hour * HOUR, high)]
        else:
            seconds.append((low, high))
    return PeriodSplit(
        tuple(days),
        tuple(hours),
        tuple((low, high) for low, high in seconds if low < high),
    )


def _bucket_parts(
    split: PeriodSplit,
    kinds: Sequence[str],
    subject: str | None,
    columns: str = "kind, value, volume, negative, reach",
) -> tuple[list[str], list[object]]:
    """SELECTs of ``columns`` from the facet tables for the period's whole days and
    hours."""
    marks = ", ".join("?" * len(kinds))
    parts: list[str] = []
    params: list[object] = []
    for table, column, ranges in (
        ("facet_days", "day", split.days),
        ("facet_hours", "hour", split.hours),
    ):
        for low, high in ranges:
            sql = (
                f"SELECT {columns} FROM {table} "
                f"WHERE kind IN ({marks}) AND {column} >= ? AND {column} < ?"
            )
            params += [*kinds, low, high]
            if subject is not None:
                sql += " AND subject = ?"
                params.append(subject)
            parts.append(sql)
    return parts, params


def _seconds_condition(split: PeriodSplit, subject: str | None) -> tuple[str, list[object]]:
    """The WHERE condition of mentions in the period's leftover seconds."""
    ranges = " OR ".join("(created_at >= ? AND created_at < ?)" for _ in split.seconds)
    params: list[object] = [bound for pair in split.seconds for bound in pair]
    condition = f"({ranges})"
    if subject is not None:
        condition += " AND subject = ?"
        params.append(subject)
    return condition, params


class AnalyticsTables(Connected):
    """Methods of ``Store`` for the analytics view; backends fill in the hooks."""

    _each_word = ", json_each(coalesce(e.words, '[]')) AS w"
    """How a row ``e`` of mentions is joined to each of its words as ``w.value``."""
    _by_time_author = ""
    """How the planner is pointed at the (created_at, …) covering index (SQLite:
    ``INDEXED BY``)."""
    _by_author = ""
    """How the planner is pointed at the (author, created_at, …) covering index."""
    _author_join = "author_totals AS t, mentions AS m"
    """FROM the candidate authors, then their mentions through the (author, …) index."""

    async def period_totals(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> PeriodTotals:
        split = split_period(to_epoch(since), to_epoch(until))
        parts, params = _bucket_parts(split, ["s"], subject, "volume, negative, reach")
        if split.seconds:
            condition, more = _seconds_condition(split, subject)
            parts.append(
                f"SELECT 1 AS volume, {NEGATIVE_CASE} AS negative, reach FROM mentions "
                f"WHERE {condition}"
            )
            params += more
        if not parts:
            return PeriodTotals()
        sql = (
            "SELECT coalesce(sum(volume), 0), coalesce(sum(negative), 0), "
            "coalesce(sum(reach), 0) FROM (" + " UNION ALL ".join(parts) + ") AS f"
        )
        row = await self._sql.row(sql, params)
        assert row is not None
        return PeriodTotals(int(row[0]), int(row[1]), int(row[2]))

    def _edge(
        self, split: PeriodSplit, subject: str | None, codes: Sequence[str]
    ) -> tuple[str, list[object], list[str]]:
        """The period's leftover seconds read from the mentions themselves: a ``WITH edge``
        prefix, its parameters, and a SELECT of (kind, value, volume, negative, reach) per
        facet kind in ``codes``."""
        if not split.seconds:
            return "", [], []
        condition, params = _seconds_condition(split, subject)
        prefix = (
            "WITH edge AS MATERIALIZED (SELECT source, lang, domain, words, label, reach "
            f"FROM mentions WHERE {condition}) "
        )
        return prefix, params, self._facets_of_edge(codes)

    def _facets_of_edge(self, codes: Sequence[str]) -> list[str]:
        """SELECTs of (kind, value, volume, negative, reach), one per facet kind in ``codes``,
        from mentions gathered as ``edge`` (source, lang, domain, words, label, reach)."""
        negative = f"{NEGATIVE_CASE} AS negative"
        selects = {
            "s": f"SELECT 's' AS kind, source AS value, 1 AS volume, {negative}, reach FROM edge",
            "l": f"SELECT 'l' AS kind, coalesce(lang, '') AS value, 1 AS volume, {negative}, "
            "reach FROM edge",
            "d": f"SELECT 'd' AS kind, domain AS value, 1 AS volume, {negative}, reach "
            "FROM edge WHERE domain IS NOT NULL",
        }
        parts = [selects[code] for code in codes if code in selects]
        if "t" in codes or "w" in codes:
            parts.append(
                "SELECT CASE WHEN substr(w.value, 1, 1) = '#' THEN 't' ELSE 'w' END AS kind, "
                "w.value AS value, 1 AS volume, "
                "CASE WHEN e.label = 'negative' THEN 1 ELSE 0 END AS negative, e.reach AS reach "
                f"FROM edge AS e{self._each_word}"
            )
        return parts

    async def period_facets(
        self,
        since: datetime,
        until: datetime,
        subject: str | None = None,
        *,
        limit: int = 10,
        skip: Sequence[str] = (),
    ) -> PeriodFacets:
        split = split_period(to_epoch(since), to_epoch(until))
        kinds = list(KIND_CODES.values())
        parts, params = _bucket_parts(split, kinds, subject)
        prefix, before, edge = self._edge(split, subject, kinds)
        return await self._ranked_facets(prefix, [*before, *params], [*parts, *edge], limit, skip)

    async def _ranked_facets(
        self, prefix: str, params: list[object], parts: list[str], limit: int, skip: Sequence[str]
    ) -> PeriodFacets:
        """The top ``limit`` values of each kind among the (kind, value, volume, negative,
        reach) rows of ``parts`` (after ``prefix``, a WITH clause, and ``params``)."""
        if not parts or limit <= 0:
            return PeriodFacets()
        sql, more = ranked_facets_sql(parts, limit, skip)
        rows = await self._sql.rows(f"{prefix}{sql} ORDER BY kind, place", [*params, *more])
        return facets_of_rows(rows)

    async def facet_counts(
        self,
        since: datetime,
        until: datetime,
        wanted: Mapping[str, Sequence[str]],
        subject: str | None = None,
    ) -> dict[tuple[str, str], FacetCount]:
        chosen = {KIND_CODES[kind]: list(dict.fromkeys(v)) for kind, v in wanted.items() if v}
        if not chosen:
            return {}
        split = split_period(to_epoch(since), to_epoch(until))
        parts, params = _bucket_parts(split, list(chosen), subject)
        prefix, before, edge = self._edge(split, subject, list(chosen))
        return await self._chosen_facets(prefix, [*before, *params], [*parts, *edge], chosen)

    async def _chosen_facets(
        self, prefix: str, params: list[object], parts: list[str], chosen: dict[str, list[str]]
    ) -> dict[tuple[str, str], FacetCount]:
        """The figures of the ``chosen`` values (kind code: values) among the rows of
        ``parts``, as ``_ranked_facets`` reads them."""
        if not parts:
            return {}
        sql, more = chosen_facets_sql(parts, chosen)
        return counts_of_rows(await self._sql.rows(f"{prefix}{sql}", [*params, *more]))

    async def top_authors(
        self, since: datetime, until: datetime, subject: str | None = None, *, limit: int = 10
    ) -> AuthorRanking:
        if limit <= 0:
            return AuthorRanking()
        low, high = to_epoch(since), to_epoch(until)
        volume = (await self.period_totals(since, until, subject)).mentions
        if volume <= READ_PERIOD_BELOW:
            return await self._authors_read(low, high, subject, limit, "period")
        history = int(await self._scalar("SELECT COALESCE(MAX(id), 0) FROM mentions"))
        way, cost = min(
            ("period", volume * PERIOD_ROW_COST),
            ("history", history * HISTORY_ROW_COST + volume * GROUP_ROW_COST),
            key=lambda pair: pair[1],
        )
        rankings = []
        for metric in ("volume", "reach"):
            found = await self._bounded_authors(metric, low, high, subject, limit, volume, cost)
            if found is None:  # reading every mention is cheaper
                return await self._authors_read(low, high, subject, limit, way)
            rankings.append(found)
        return AuthorRanking(tuple(rankings[0]), tuple(rankings[1]), "bounded")

    async def _authors_read(
        self, low: int, high: int, subject: str | None, limit: int, way: str
    ) -> AuthorRanking:
        """Every mention of [low, high) read and grouped, both rankings in one pass: in time
        order (``period``: the period's mentions, then sorted by author) or in author order
        (``history``: every mention's index entry, the period's kept, no sort). Only the two
        measures that rank are counted for everyone; the rest for the authors listed."""
        index = self._by_time_author if way == "period" else self._by_author
        sql = (
            "WITH g AS MATERIALIZED (SELECT m.author AS author, count(*) AS n, "
            f"sum(m.reach) AS r FROM mentions AS m{index} WHERE m.author IS NOT NULL "
            "AND m.created_at >= ? AND m.created_at < ?"
        )
        params: list[object] = [low, high]
        if subject is not None:
            sql += " AND m.subject = ?"
            params.append(subject)
        sql += (
            " GROUP BY m.author) "
            "SELECT * FROM (SELECT 1 AS ranking, author FROM g "
            f"ORDER BY {AUTHOR_ORDER['volume']} LIMIT ?) AS a UNION ALL "
            "SELECT * FROM (SELECT 2 AS ranking, author FROM g "
            f"ORDER BY {AUTHOR_ORDER['reach']} LIMIT ?) AS b"
        )
        rows = await self._sql.rows(sql, [*params, limit, limit])
        stats = await self._author_stats([author for _, author in rows], low, high, subject)
        by_mentions = [stats[author] for ranking, author in rows if ranking == 1]
        by_reach = [stats[author] for ranking, author in rows if ranking == 2]
        return AuthorRanking(tuple(by_mentions), tuple(by_reach), way)

    async def _author_stats(
        self, authors: Sequence[str], low: int, high: int, subject: str | None
    ) -> dict[str, AuthorStats]:
        """The period's figures of a few authors, through the author index."""
        wanted = list(dict.fromkeys(authors))
        if not wanted:
            return {}
        sql = (
            f"SELECT m.author AS author, {AUTHOR_STATS} FROM mentions AS m{self._by_author} "
            f"WHERE m.author IN ({', '.join('?' * len(wanted))}) "
            "AND m.created_at >= ? AND m.created_at < ?"
        )
        params: list[object] = [*wanted, low, high]
        if subject is not None:
            sql += " AND m.subject = ?"
            params.append(subject)
        rows = await self._sql.rows(f"{sql} GROUP BY m.author", params)
        return {row[0]: author_stats(row) for row in rows}

    async def _bounded_authors(
        self,
        metric: str,
        low: int,
        high: int,
        subject: str | None,
        limit: int,
        period_volume: int,
        budget: float,
    ) -> list[AuthorStats] | None:
        """The top ``limit`` by ``metric`` ('volume' or 'reach') among authors whose whole
        history reaches a bound, lowered until the list is sure; None as soon as the
        candidates would cost more than ``budget`` (what reading every mention costs)."""
        key = subject or ""
        floor = 1 if metric == "volume" else 0
        bound = await self._scalar(
            f"SELECT {metric} FROM author_totals WHERE subject = ? "
            f"ORDER BY {metric} DESC LIMIT 1 OFFSET ?",
            (key, limit - 1),
        )
        bound = max(int(bound), floor) if bound is not None else floor
        first = True
        while True:
            if not first:  # the first bound lets about ``limit`` authors through
                candidates, entries = await self._sql.row(
                    "SELECT count(*), coalesce(sum(volume), 0) FROM author_totals "
                    f"WHERE subject = ? AND {metric} >= ?",
                    (key, bound),
                ) or (0, 0)
                entries = min(int(entries), period_volume)
                cost = int(candidates) * CANDIDATE_COST + entries * GROUP_ROW_COST
                if cost > budget:
                    return None
            first = False
            found = await self._candidates(metric, bound, low, high, subject, limit)
            best = [a.mentions if metric == "volume" else a.reach for a in found]
            if (len(found) == limit and best[-1] >= bound) or bound <= floor:
                return found
            if len(found) == limit:
                bound = max(best[-1], floor)  # one more round is exact
            else:
                bound = max(min(bound // 8, best[-1] if best else bound), floor)

    async def _candidates(
        self, metric: str, bound: int, low: int, high: int, subject: str | None, limit: int
    ) -> list[AuthorStats]:
        """The top ``limit`` by ``metric`` among the authors whose totals reach ``bound``."""
        sql = (
            "SELECT m.author AS author, count(*) AS n, sum(m.reach) AS r "
            f"FROM {self._author_join} "
            f"WHERE t.subject = ? AND t.{metric} >= ? AND m.author = t.author "
            "AND m.created_at >= ? AND m.created_at < ?"
        )
        params: list[object] = [subject or "", bound, low, high]
        if subject is not None:
            sql += " AND m.subject = ?"
            params.append(subject)
        sql += f" GROUP BY m.author ORDER BY {AUTHOR_ORDER[metric]} LIMIT ?"
        found = [author for author, _n, _r in await self._sql.rows(sql, [*params, limit])]
        stats = await self._author_stats(found, low, high, subject)
        return [stats[author] for author in found]


def ranked_facets_sql(
    parts: Sequence[str], limit: int, skip: Sequence[str]
) -> tuple[str, list[object]]:
    """A SELECT of (kind, value, n, neg, r, place): the top ``limit`` values of each kind
    among the (kind, value, volume, negative, reach) rows of ``parts``, ``skip`` left out of
    the words and hashtags, ``place`` 1 for each kind's first; and its parameters."""
    left_out = ""
    skipped = list(dict.fromkeys(skip))
    if skipped:
        marks = ", ".join("?" * len(skipped))
        left_out = f"WHERE NOT (kind IN ('t', 'w') AND value IN ({marks})) "
    sql = (
        "SELECT kind, value, n, neg, r, place FROM (SELECT kind, value, sum(volume) AS n, "
        "sum(negative) AS neg, sum(reach) AS r, row_number() OVER (PARTITION BY kind "
        "ORDER BY sum(volume) DESC, value) AS place FROM ("
        + " UNION ALL ".join(parts)
        + f") AS f {left_out}GROUP BY kind, value) AS ranked WHERE place <= ?"
    )
    return sql, [*skipped, limit]


def facets_of_rows(rows: Sequence[Sequence[Any]]) -> PeriodFacets:
    """``ranked_facets_sql``'s rows (kind code, value, n, neg, r, place), in place order."""
    found: dict[str, list[FacetCount]] = {kind: [] for kind in FACET_KINDS}
    for code, value, n, negative, reach, _place in sorted(rows, key=lambda r: (r[0], r[5])):
        kind = _KIND_NAMES[code]
        found[kind].append(FacetCount(kind, value, int(n), int(negative), int(reach)))
    return PeriodFacets(*(tuple(found[kind]) for kind in FACET_KINDS))


def chosen_facets_sql(
    parts: Sequence[str], chosen: Mapping[str, Sequence[str]]
) -> tuple[str, list[object]]:
    """A SELECT of (kind, value, n, neg, r): the figures of the ``chosen`` values (kind code:
    values) among the rows of ``parts``; and its parameters."""
    which = " OR ".join(
        f"(kind = ? AND value IN ({', '.join('?' * len(values))}))" for values in chosen.values()
    )
    picked: list[object] = [x for code, values in chosen.items() for x in (code, *values)]
    sql = (
        "SELECT kind, value, sum(volume) AS n, sum(negative) AS neg, sum(reach) AS r FROM ("
        + " UNION ALL ".join(parts)
        + f") AS f WHERE {which} GROUP BY kind, value"
    )
    return sql, picked


def counts_of_rows(rows: Sequence[Sequence[Any]]) -> dict[tuple[str, str], FacetCount]:
    """``chosen_facets_sql``'s rows by (kind, value)."""
    found = {}
    for code, value, n, negative, reach in rows:
        kind = _KIND_NAMES[code]
        found[kind, value] = FacetCount(kind, value, int(n), int(negative), int(reach))
    return found


def author_stats(row: Sequence[Any]) -> AuthorStats:
    author, n, negative, reach, followers, engagement = row
    return AuthorStats(
        str(author), int(n), int(negative), int(reach), int(followers), int(engagement)
    )


AUTHOR_TOTALS_BACKFILL = (
    "INSERT INTO author_totals (subject, author, volume, reach) "
    "SELECT subject, author, count(*), sum(reach) FROM mentions WHERE author IS NOT NULL "
    "GROUP BY subject, author "
    "UNION ALL "
    "SELECT '', author, count(*), sum(reach) FROM mentions WHERE author IS NOT NULL "
    "GROUP BY author"
)


async def backfill_analytics(
    sql: Sql,
    store_words: Callable[[list[tuple[str, str | None, int]]], Awaitable[None]],
    facets: Sequence[str],
) -> None:
    """Bring mentions stored before the analytics up to date, inside the upgrade's
    transaction: each one's words and domain, worked out as at ingest (``store_words`` takes
    (words, domain, id) rows), then the facet tables (``facets``: the backend's statements)
    and the authors' totals from every mention."""
    last = 0
    while True:
        rows = await sql.rows(
            "SELECT id, text, lang, url FROM mentions WHERE id > ? ORDER BY id LIMIT ?",
            (last, BACKFILL_BATCH),
        )
        if not rows:
            break
        await store_words(
            [(words_json(text, lang), domain_of(url), id_) for id_, text, lang, url in rows]
        )
        last = rows[-1][0]
    for statement in facets:
        await sql.run(statement)
    await sql.run(AUTHOR_TOTALS_BACKFILL)
