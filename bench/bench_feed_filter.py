"""Feed filter benchmark: the `/` filter against a database holding a million mentions.

Run ``python bench/bench_feed_filter.py [--mentions 1000000] [--db FILE] [--ingest 100000]``.

It prints three things, each against a baseline measured in the same run:

- ingestion: mentions per second stored through ``Store.add_mentions`` with the full-text
  index kept by its trigger, against the same store without that trigger (schema 6's cost);
- the migration: how long indexing the texts of the stored history takes once (what opening
  an existing file at schema 6 costs);
- each filter: the median time to fill the feed (300 rows), against the unfiltered feed query.

``--db FILE`` keeps the generated history for later runs (it is reused when it already holds
``--mentions`` rows).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from itertools import islice
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.feed_history import BRAND, COMPETITORS, END, history
from crisistui.domain.feed_query import SCAN_BUDGET, parse_feed_query
from crisistui.domain.models import Mention
from crisistui.store import Store, open_store

FEED_ROWS = 300
BATCH = 5_000
FILTERS = (
    "refund",
    "sentiment:neg",
    "refund sentiment:neg",
    "source:mastodon",
    "subject:Zephyr",
    "from:@bignews",
    "acme",
    "remboursement",
    '"customer service"',
    "refund* sentiment:neg source:reddit reach:>1000",
    "hacked",
    "nosuchword",
    "reach:>250k",
    "from:@bignews refund",
)


async def _fill(store: Store, mentions: list[Mention]) -> float:
    """Store ``mentions`` in batches; returns the seconds it took."""
    started = time.perf_counter()
    for i in range(0, len(mentions), BATCH):
        await store.add_mentions(mentions[i : i + BATCH], END)
    return time.perf_counter() - started


async def ingestion(count: int, folder: Path) -> None:
    """Mentions per second with and without the full-text trigger, alternated twice."""
    mentions = list(islice(history(count, seed=11), count))
    rates: dict[bool, list[float]] = {False: [], True: []}
    for round_ in range(2):
        for indexed in (False, True):
            store = await open_store(folder / f"ingest-{round_}-{indexed}.db")
            try:
                if not indexed:
                    await store._db.execute("DROP TRIGGER mentions_text_insert")
                seconds = await _fill(store, mentions)
            finally:
                await store.close()
            rates[indexed].append(count / seconds)
    without, with_index = max(rates[False]), max(rates[True])
    print(f"ingestion, {count:,} mentions in batches of {BATCH:,} (best of 2):")
    print(f"  without the text index (schema 6) {without:9,.0f} mentions/s")
    print(
        f"  with the text index (schema 7)    {with_index:9,.0f} mentions/s"
        f"   = {with_index / without:.2f}× schema 6"
    )


async def prepare(path: Path, count: int) -> Store:
    store = await open_store(path)
    stored = await store.mention_count()
    if stored == count:
        print(f"database: {path} already holds {count:,} mentions")
        return store
    if stored:
        await store.close()
        raise SystemExit(f"{path} holds {stored:,} mentions, not {count:,}: use another --db")
    started = time.perf_counter()
    source = history(count)
    while batch := list(islice(source, BATCH)):
        await store.add_mentions(batch, END)
    seconds = time.perf_counter() - started
    print(
        f"database: {count:,} mentions over 30 days generated and stored in {seconds:.0f} s "
        f"({count / seconds:,.0f}/s, generation included)"
    )
    return store


async def migration(store: Store) -> None:
    """What indexing an existing history costs: the 'rebuild' migration 7 runs."""
    started = time.perf_counter()
    async with store._transaction():
        await store._db.execute("INSERT INTO mention_text (mention_text) VALUES ('rebuild')")
    seconds = time.perf_counter() - started
    pages = await store._scalar("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'mention_text%'")
    total = await store._scalar("SELECT SUM(pgsize) FROM dbstat")
    print(
        f"migration 7 on this history: indexing took {seconds:.1f} s; the index is "
        f"{pages / 2**20:.0f} MiB of {total / 2**20:.0f} MiB"
    )


async def _median_ms(call: Callable[[], Awaitable[object]], repeat: int) -> float:
    await call()  # warm the page cache like a console that has been running
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(times)


async def queries(store: Store, repeat: int) -> None:
    base = await _median_ms(lambda: store.recent_mentions(FEED_ROWS), repeat)
    print(f"\nfeed of {FEED_ROWS} rows, median of {repeat} warm runs:")
    print(f"  {'unfiltered (recent_mentions)':<50} {base:8.2f} ms        1×")
    subjects = [BRAND, *COMPETITORS]
    worst = 0.0
    for text in FILTERS:
        query = parse_feed_query(text, subjects)
        page = await store.filtered_mentions(query, FEED_ROWS)
        ms = await _median_ms(lambda q=query: store.filtered_mentions(q, FEED_ROWS), repeat)
        worst = max(worst, ms)
        note = f"  newest {page.searched:,} searched" if page.searched else ""
        print(f"  {text:<50} {ms:8.2f} ms {ms / base:8.0f}×  {len(page.mentions):3} shown{note}")
    last = await store.last_mention_id()
    query = parse_feed_query("refund sentiment:neg", subjects)
    live = await _median_ms(
        lambda: store.filtered_mentions(query, FEED_ROWS, after_id=last - 50), repeat
    )
    label = "live: refund sentiment:neg, 50 newest stored"
    print(f"  {label:<50} {live:8.2f} ms {live / base:8.0f}×")
    print(f"slowest filter: {worst:.1f} ms; a walk reads at most {SCAN_BUDGET:,} mentions")


async def run(count: int, db: Path | None, ingest: int, repeat: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if ingest:
            await ingestion(ingest, folder)
        store = await prepare(db or folder / "bench.db", count)
        try:
            await migration(store)
            await queries(store, repeat)
        finally:
            await store.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000, help="history size")
    parser.add_argument("--db", type=Path, help="keep (or reuse) the history in this file")
    parser.add_argument(
        "--ingest", type=int, default=100_000, help="mentions timed for ingestion (0 skips)"
    )
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.mentions, args.db, args.ingest, args.repeat))


if __name__ == "__main__":
    sys.exit(main())
