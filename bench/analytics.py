"""The analytics view on a million mentions: each period the picker offers, read as the view
reads it (rollups and indexes), against a recount straight from the mentions table in the
same run, and what keeping the analytics current costs at ingest.

Run ``python bench/analytics.py [--mentions 1000000] [--days 30] [--db FILE] [--repeat 5]
[--postgres] [--no-recount]``.

The history is ``bench/bigdb.py``'s (a daily rhythm, three subjects, five sources with links,
200,000 authors drawn evenly, an outage in the last day), written as JSONL and stored through
the real pipeline; ``--db`` keeps the file (by default in the temporary folder, reused when it
is there with the same size of history). The newest mention is "now".

It prints, per period (last hour, 24 h, 7 d, 30 d) and per subject (the brand; every subject):

- ``view``: the whole read the view makes (``reports.analytics.read_period``: the period's
  totals, the previous period's, the top sources, languages, domains, hashtags and words, the
  top authors by mentions and by reach), median of ``--repeat`` warm runs, and its parts.
  Goal: ≤ 300 ms for any period;
- ``recount``: the same figures computed from the mentions of the period alone (the time
  index, ``GROUP BY`` over the rows, the words of each row expanded), once, and whether both
  agree; the ratio is recount / view.

Then a filtered feed's analytics (``read_filtered_period``: the view opened while the feed is
filtered counts the filter's mentions from the rows) for a few filters and each period, of the
brand, with how many mentions matched and whether only the period's newest were searched.

Then ingest: 20,000 of the mentions stored in batches of 500 into a new file with the
analytics kept, and into one without their triggers and indexes (as before them).

``--postgres`` also stores the same mentions in a PostgreSQL server of its own
(``tests/pgserver.py``, test settings), runs ``VACUUM ANALYZE`` (as autovacuum would) and times
the same reads there, checking they equal SQLite's. The machine may be shared: compare the
ratios of one run rather than the times of two.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bigdb
from crisistui.config import parse_config
from crisistui.domain.feed_query import FeedQuery, parse_feed_query
from crisistui.domain.models import Mention
from crisistui.domain.time import to_epoch
from crisistui.importer import ReadReport, open_text, process_jsonl
from crisistui.pipeline import Pipeline
from crisistui.reports.analytics import (
    PRESETS,
    Period,
    PeriodAnalytics,
    preset_period,
    read_filtered_period,
    read_period,
    words_to_skip,
)
from crisistui.store import Store, open_store
from crisistui.store.tables.analytics import KIND_CODES

GOAL_MS = 300.0
BATCH = 5_000
INGEST_MENTIONS = 20_000
INGEST_BATCH = 500
ANALYTICS_UPKEEP = (
    "DROP TRIGGER mentions_facet_hours",
    "DROP TRIGGER mentions_facet_days",
    "DROP TRIGGER mentions_author_totals",
    "DROP INDEX mentions_author",
    "DROP INDEX mentions_time_author",
)
"""What the analytics add to every insert (SQLite); dropped for the "before" ingest."""


# -- the history ------------------------------------------------------------------------------


async def build(db: Path, mentions: int, days: int) -> None:
    """bigdb's traffic, through the pipeline, stored in batches."""
    jsonl = db.with_suffix(".jsonl")
    end = datetime.now(UTC).replace(microsecond=0)
    started = time.perf_counter()
    count = bigdb.generate(jsonl, mentions, days, end)
    print(f"generated {count:,} mentions over {days} days in {time.perf_counter() - started:.0f} s")
    pipeline = Pipeline(parse_config(tomllib.loads(bigdb.CONFIG)))
    started = time.perf_counter()
    store = await open_store(db)
    try:
        batch: list[Mention] = []
        with open_text(jsonl) as handle:
            for _number, outcome in process_jsonl(handle, ReadReport(), pipeline):
                if isinstance(outcome, Mention):
                    batch.append(outcome)
                if len(batch) >= BATCH:
                    await store.add_mentions(batch, end)
                    batch = []
        if batch:
            await store.add_mentions(batch, end)
        stored = await store.mention_count()
    finally:
        await store.close()
    jsonl.unlink()
    print(f"stored {stored:,} mentions in {time.perf_counter() - started:.0f} s: {db}")


# -- timing -------------------------------------------------------------------------------------


async def timed(read: Callable[[], Awaitable[Any]], repeat: int) -> tuple[float, Any]:
    """Median milliseconds of ``repeat`` runs after a warm-up, and the last result."""
    found = await read()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        found = await read()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), found


async def parts(store: Store, period: Period, subject: str | None, skip: tuple[str, ...]):
    """Milliseconds of each query the view makes, and how the authors were found."""
    since, until = period.since, period.until
    out = {}
    started = time.perf_counter()
    await store.period_totals(since, until, subject)
    out["totals"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    await store.period_facets(since, until, subject, skip=skip)
    out["facets"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    ranking = await store.top_authors(since, until, subject)
    out["authors"] = (time.perf_counter() - started) * 1000
    return out, ranking.method


async def recount(store: Store, period: Period, subject: str | None, skip: tuple[str, ...]):
    """The same figures from the period's mentions alone (SQLite), without rollups or the
    covering indexes: what the view would cost without them."""
    sql = store._sql  # type: ignore[attr-defined]
    low, high = to_epoch(period.since), to_epoch(period.until)
    where = "created_at >= ? AND created_at < ?" + (" AND subject = ?" if subject else "")
    params = [low, high, *([subject] if subject else [])]
    each = f"FROM mentions INDEXED BY mentions_created WHERE {where}"
    negative = "sum(label = 'negative')"
    totals = await sql.row(f"SELECT count(*), {negative}, coalesce(sum(reach), 0) {each}", params)
    marks = ", ".join("?" * len(skip))
    facets = {}
    for kind, expression in (("source", "source"), ("language", "coalesce(lang, '')")):
        facets[kind] = await sql.rows(
            f"SELECT {expression} AS v, count(*) AS n, {negative}, sum(reach) {each} "
            "GROUP BY v ORDER BY n DESC, v LIMIT 10",
            params,
        )
    facets["domain"] = await sql.rows(
        f"SELECT domain AS v, count(*) AS n, {negative}, sum(reach) {each} "
        "AND domain IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT 10",
        params,
    )
    for kind, test in (("hashtag", "= '#'"), ("word", "<> '#'")):
        facets[kind] = await sql.rows(
            "SELECT w.value AS v, count(*) AS n, sum(m.label = 'negative'), sum(m.reach) "
            "FROM mentions AS m INDEXED BY mentions_created, json_each(m.words) AS w "
            f"WHERE m.{where.replace(' AND ', ' AND m.')} AND substr(w.value, 1, 1) {test} "
            f"AND w.value NOT IN ({marks}) GROUP BY v ORDER BY n DESC, v LIMIT 10",
            [*params, *skip],
        )
    stats = (
        "count(*) AS n, sum(label = 'negative'), sum(reach) AS r, "
        "max(coalesce(author_followers, 0)), "
        "sum(coalesce(likes, 0) + coalesce(reposts, 0) + coalesce(replies, 0))"
    )
    authors = []
    for order in ("n DESC, r DESC, author", "r DESC, n DESC, author"):
        authors.append(
            await sql.rows(
                f"SELECT author, {stats} {each} AND author IS NOT NULL GROUP BY author "
                f"ORDER BY {order} LIMIT 10",
                params,
            )
        )
    return totals, facets, authors


def agrees(found: PeriodAnalytics, counted: Any) -> bool:
    totals, facets, authors = counted
    if (found.totals.mentions, found.totals.negative, found.totals.reach) != tuple(totals):
        return False
    for kind in KIND_CODES:
        shown = [(f.value, f.mentions, f.negative, f.reach) for f in found.facets.of(kind)]
        if shown != [tuple(row) for row in facets[kind]]:
            return False
    for ranking, rows in zip(
        (found.authors.by_mentions, found.authors.by_reach), authors, strict=True
    ):
        shown = [
            (a.author, a.mentions, a.negative, a.reach, a.followers, a.engagement) for a in ranking
        ]
        if shown != [tuple(row) for row in rows]:
            return False
    return True


async def periods(
    store: Store, now: Any, repeat: int, skip: tuple[str, ...], with_recount: bool
) -> dict[tuple[str, str | None], PeriodAnalytics]:
    found_all = {}
    print(
        f"{'period':<10} {'subject':<9} {'view ms':>8} {'totals':>7} {'facets':>7} "
        f"{'authors':>8} {'(how)':<9} {'mentions':>10} {'recount ms':>11} {'× view':>7}  agrees"
    )
    for key, _label, _length in PRESETS:
        period = preset_period(key, now)
        for subject in (bigdb.BRAND, None):

            async def read(period: Period = period, subject: str | None = subject):
                return await read_period(store, period, subject, skip)

            median, found = await timed(read, repeat)
            found_all[(key, subject)] = found
            split, method = await parts(store, period, subject, skip)
            line = (
                f"{key:<10} {'brand' if subject else 'all':<9} {median:>8.0f} "
                f"{split['totals']:>7.0f} {split['facets']:>7.0f} {split['authors']:>8.0f} "
                f"{method:<9} {found.totals.mentions:>10,}"
            )
            if with_recount:
                started = time.perf_counter()
                counted = await recount(store, period, subject, skip)
                slow = (time.perf_counter() - started) * 1000
                line += f" {slow:>11.0f} {slow / median:>7.1f}  {agrees(found, counted)}"
            verdict = "ok" if median <= GOAL_MS else f"OVER the {GOAL_MS:.0f} ms goal"
            print(f"{line}  {verdict}", flush=True)
    return found_all


FILTERS = ("sentiment:neg", "refund", "delayed sentiment:neg", "reach:>10k", "lang:!en")
"""Feed filters whose analytics (the view opened on a filtered feed) are timed."""


async def filtered(
    store: Store, now: Any, repeat: int, skip: tuple[str, ...]
) -> dict[tuple[str, str, str], PeriodAnalytics]:
    """The view's read on a filtered feed (``read_filtered_period``: the filter's mentions of
    the period counted from the rows, and the period before through the same filter), per
    filter and period, of the brand."""
    found_all = {}
    print(f"\n{'filter':<24} {'period':<7} {'view ms':>8} {'matching':>9}  searched")
    for text in FILTERS:
        query = parse_feed_query(text, [name for name, _share, _terms in bigdb.SUBJECTS])
        for key in ("hour", "24h", "7d", "30d"):
            period = preset_period(key, now)

            async def read(period: Period = period, query: FeedQuery = query):
                return await read_filtered_period(store, period, query, bigdb.BRAND, skip)

            median, found = await timed(read, repeat)
            found_all[(text, key, bigdb.BRAND)] = found
            searched = f"newest {found.searched:,}" if found.searched else "all"
            print(
                f"{text:<24} {key:<7} {median:>8.0f} {found.totals.mentions:>9,}  {searched}",
                flush=True,
            )
    return found_all


# -- ingest ---------------------------------------------------------------------------------


async def ingest(db: Path, workdir: Path) -> None:
    source = await open_store(db)
    try:
        mentions = []
        async for mention in source.iter_mentions():
            mentions.append(mention)
            if len(mentions) >= INGEST_MENTIONS:
                break
    finally:
        await source.close()
    rates = {}
    for name, drop in (("with analytics", ()), ("without", ANALYTICS_UPKEEP)):
        path = workdir / f"ingest-{name.split()[0]}.db"
        path.unlink(missing_ok=True)
        store = await open_store(path)
        try:
            for statement in drop:
                await store._sql.run(statement)  # type: ignore[attr-defined]
            started = time.perf_counter()
            for first in range(0, len(mentions), INGEST_BATCH):
                batch = [_unstored(m) for m in mentions[first : first + INGEST_BATCH]]
                await store.add_mentions(batch, batch[-1].created_at)
            rates[name] = len(mentions) / (time.perf_counter() - started)
        finally:
            await store.close()
        path.unlink(missing_ok=True)
    with_, without = rates["with analytics"], rates["without"]
    print(
        f"ingest of {len(mentions):,} mentions in batches of {INGEST_BATCH}: "
        f"{with_:,.0f}/s with the analytics kept, {without:,.0f}/s without "
        f"({with_ / without:.2f}×)"
    )


def _unstored(mention: Mention) -> Mention:
    return replace(mention, id=None)


# -- PostgreSQL -------------------------------------------------------------------------------


async def copy_to(db: Path, url: str) -> None:
    source, target = await open_store(db), await open_store(url)
    started = time.perf_counter()
    try:
        batch = []
        async for mention in source.iter_mentions():
            batch.append(_unstored(mention))
            if len(batch) >= BATCH:
                await target.add_mentions(batch, batch[-1].created_at)
                batch = []
        if batch:
            await target.add_mentions(batch, batch[-1].created_at)
        await target._sql.run("VACUUM ANALYZE")  # type: ignore[attr-defined]
    finally:
        await source.close()
        await target.close()
    print(f"stored the same mentions in PostgreSQL in {time.perf_counter() - started:.0f} s")


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--db", type=Path, help="the SQLite file (kept; built when missing)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--no-recount", action="store_true", help="skip the slow recount")
    parser.add_argument("--no-ingest", action="store_true", help="skip the ingest comparison")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.gettempdir())
    db = args.db or workdir / f"crisistui-analytics-{args.mentions}-{args.days}d.db"
    if not db.exists():
        await build(db, args.mentions, args.days)
    skip = words_to_skip(parse_config(tomllib.loads(bigdb.CONFIG)))
    store = await open_store(db)
    try:
        now = await store.latest_mention_time()
        assert now is not None, "an empty history"
        now += timedelta(seconds=1)
        count = await store.mention_count()
        print(f"\nSQLite: {count:,} mentions, {db.stat().st_size / 2**20:,.0f} MiB, now = {now}")
        on_file = await periods(store, now, args.repeat, skip, not args.no_recount)
        filtered_on_file = await filtered(store, now, args.repeat, skip)
    finally:
        await store.close()
    if not args.no_ingest:
        print()
        await ingest(db, workdir)
    if args.postgres:
        from tests.pgserver import start_server

        with tempfile.TemporaryDirectory() as base:
            server = start_server(Path(base))
            try:
                url = server.new_database("analytics")
                await copy_to(db, url)
                print("\nPostgreSQL (test settings):")
                store = await open_store(url)
                try:
                    on_server = await periods(store, now, args.repeat, skip, False)
                    filtered_on_server = await filtered(store, now, args.repeat, skip)
                finally:
                    await store.close()
                same = all(
                    _comparable(on_file[key]) == _comparable(on_server[key]) for key in on_file
                )
                print(f"PostgreSQL's figures equal SQLite's: {same}")
                same = all(
                    _comparable(filtered_on_file[key]) == _comparable(filtered_on_server[key])
                    for key in filtered_on_file
                )
                print(f"and for the filtered feed's analytics: {same}")
            finally:
                server.stop()
    return 0


def _comparable(found: PeriodAnalytics) -> tuple[Any, ...]:
    return (found.totals, found.previous, found.facets, found.authors.by_mentions,
            found.authors.by_reach)  # fmt: skip


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
