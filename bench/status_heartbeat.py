"""Staleness check of `crisistui status` on a large database: the newest ingest time.

Run ``python bench/status_heartbeat.py [--mentions 1000000]``. Monitoring runs `status` every
minute or so, and each run first asks when anything last arrived. The database is filled with
plain SQL (a week of mentions, ingested in batches as a collector would), then the store's
``last_ingest_time`` is timed with the ``mentions_ingested`` index and, in the same run, after
dropping it (as a version 6 file was), so the ratio means something on any machine.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from crisistui.store import Store, open_store

END = 1_770_000_000
WEEK = 7 * 86400


def fill(path: Path, count: int, seed: int = 3) -> None:
    """``count`` mentions over a week, ingested a minute after they were written."""
    rng = random.Random(seed)
    with sqlite3.connect(path) as db:
        rows = []
        for i in range(count):
            created = END - WEEK + i * WEEK // count
            label = "negative" if rng.random() < 0.12 else "neutral"
            rows.append(
                (
                    "bench",
                    f"m{i}",
                    created,
                    created + 60,
                    rng.choice(("Acme Air", "Zephyr Airlines", "Nimbus Jet")),
                    "bench mention",
                    0.0,
                    label,
                    rng.randrange(10_000),
                    f"fp{i}",
                )
            )
            if len(rows) == 50_000 or i == count - 1:
                db.executemany(
                    "INSERT INTO mentions (source, external_id, created_at, ingested_at, "
                    "subject, is_competitor, text, sentiment, label, reach, fingerprint) "
                    "VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)",
                    rows,
                )
                rows = []


async def _time(store: Store, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await store.last_ingest_time()
        times.append((time.perf_counter() - started) * 1000.0)
    return times


async def run(count: int, repeat: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        await (await open_store(path)).close()  # create the file at the current schema
        started = time.perf_counter()
        fill(path, count)
        print(f"database: {count:,} mentions over a week ({time.perf_counter() - started:.0f} s)")
        store = await open_store(path, create=False)
        try:
            indexed = await _time(store, repeat)
            answer = await store.last_ingest_time()
            with sqlite3.connect(path) as db:
                db.execute("DROP INDEX mentions_ingested")
            db.close()
            scanned = await _time(store, max(3, repeat // 20))
            assert await store.last_ingest_time() == answer
        finally:
            await store.close()
    new, old = statistics.median(indexed), statistics.median(scanned)
    print(f"newest ingest time, full scan (schema 6)  median {old:9.3f} ms")
    print(f"newest ingest time, index (schema 7)      median {new:9.3f} ms = {new / old:.4f}×")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000, help="mention rows")
    parser.add_argument("--repeat", type=int, default=200, help="timed reads with the index")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.mentions, args.repeat))


if __name__ == "__main__":
    sys.exit(main())
