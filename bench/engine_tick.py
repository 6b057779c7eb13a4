"""Tick-cost benchmark: one live severity tick against a database holding a million mentions.

Run ``python bench/engine_tick.py [--days 8] [--per-minute 29] [--ticks 300] [--mentions 20000]``.

A tick is what the console and the collector's monitor do every couple of seconds: ask the
engine which rollups it needs, read them and the trigger-term rollups from SQLite (a quarter of
negatives hold an everyday term), read the loudest negative mentions, and assess. The rollups
table is filled directly with SQL (``days`` × 1440 minutes × 3 subjects, ``per-minute``
mentions each, ≈1M mentions by default), because the engine reads rollups only;
the mentions table holds ``--mentions`` rows for the voices query. The figure is printed next to
a bare ``SELECT 1`` round trip through the same driver, measured in the same run, so the ratio
means something on any machine. Goal: a warm tick ≤ 10 ms. The cold first tick (a console
starting, `status`) is printed next to the same tick reading every subject's rows one by one,
as it once did, also measured in the same run.
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
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiosqlite

from crisistui.analysis.severity import NegativeVoice, SeverityEngine
from crisistui.config import SeverityConfig
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.records import Rollup, TriggerRollup
from crisistui.domain.time import to_epoch
from crisistui.store import Store, open_store

SUBJECTS = ("Acme Air", "Zephyr Airlines", "Nimbus Jet")
END = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
GOAL_MS = 10.0
EVERYDAY_TERMS = (
    ("customer-service", "refund"),
    ("customer-service", "customer service"),
    ("customer-service", "on hold"),
    ("service-outage", "broken"),
    ("service-outage", "error"),
    ("product-recall", "defect"),
)


def fill_rollups(path: Path, days: int, per_minute: float, seed: int = 1) -> int:
    """Insert ``days`` of per-minute rollups for every subject; returns the mentions they
    stand for."""
    rng = random.Random(seed)
    last = int(END.timestamp()) // 60
    rows = []
    terms: dict[tuple[int, str, str, str], int] = {}
    total = 0
    for minute in range(last - days * 1440, last + 1):
        for subject in SUBJECTS:
            volume = max(0, round(rng.gauss(per_minute, per_minute**0.5)))
            negative = sum(rng.random() < 0.12 for _ in range(volume // 4)) * 4
            negative = min(negative, volume)
            positive = (volume - negative) // 2
            neutral = volume - negative - positive
            reach = volume * 400
            rows.append(
                (
                    subject,
                    minute,
                    volume,
                    positive,
                    negative,
                    neutral,
                    0.0,
                    reach,
                    negative * 400,
                    negative,
                )
            )
            # About a quarter of negatives hold an everyday trigger term.
            for _ in range(negative):
                if rng.random() < 0.25:
                    kind, term = rng.choice(EVERYDAY_TERMS)
                    terms[(minute, subject, kind, term)] = (
                        terms.get((minute, subject, kind, term), 0) + 1
                    )
            total += volume
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO rollups (subject, minute, volume, positive, negative, neutral, "
            "sentiment_sum, reach_sum, negative_reach, scanned_negative) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (subject, minute) DO UPDATE SET volume = volume + excluded.volume",
            rows,
        )
        db.executemany(
            "INSERT INTO trigger_rollups (minute, subject, crisis_type, term, volume, negative) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(*key, count, count) for key, count in terms.items()],
        )
    return total


def make_mentions(count: int, seed: int = 2) -> list[Mention]:
    """Mentions over the last day, for the loudest-voices query (they also add to rollups)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        label = Sentiment.NEGATIVE if rng.random() < 0.12 else Sentiment.POSITIVE
        followers = int(rng.lognormvariate(5.0, 1.5))
        out.append(
            Mention(
                source="bench",
                external_id=f"m{i}",
                text="bench mention",
                created_at=END - timedelta(seconds=rng.uniform(0, 86400)),
                subject=rng.choice(SUBJECTS),
                is_competitor=False,
                sentiment=-0.5 if label is Sentiment.NEGATIVE else 0.5,
                label=label,
                reach=followers,
                fingerprint=f"fp{i}",
                author=f"@user{i}",
                author_followers=followers,
            )
        )
    return out


async def _timed(call: Callable[[], Awaitable[object]], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000.0)
    return times


def _summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(ordered):7.3f} ms   p95 {p95:7.3f} ms"


async def run(days: int, per_minute: float, ticks: int, mentions: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        store = await open_store(path)
        try:
            represented = fill_rollups(path, days, per_minute)
            batch = make_mentions(mentions)
            for i in range(0, len(batch), 5000):
                await store.add_mentions(batch[i : i + 5000], END)
            check = sqlite3.connect(path)
            rows = check.execute("SELECT COUNT(*) FROM rollups").fetchone()[0]
            term_rows = check.execute("SELECT COUNT(*) FROM trigger_rollups").fetchone()[0]
            check.close()
            print(
                f"database: {rows:,} rollup rows ({days} days × 1440 min × {len(SUBJECTS)} "
                f"subjects) standing for {represented + mentions:,} mentions; "
                f"{mentions:,} mention rows; {term_rows:,} trigger-term rollup rows"
            )

            async with aiosqlite.connect(path) as bare:
                ping = await _timed(lambda: _select_one(bare), 2000)

            engine = SeverityEngine(SUBJECTS[0], SeverityConfig())
            first_tick = END - timedelta(minutes=ticks)

            async def tick(engine: SeverityEngine, now: datetime, every_subject: bool) -> None:
                since, until = engine.window(now)
                if every_subject:  # as before: every subject's rows, fetched row by row
                    rollups, triggers = await _every_subject(store, since, until)
                else:
                    rollups = await store.rollups(since, until, SUBJECTS[0])
                    triggers = await store.trigger_rollups(since, until, SUBJECTS[0])
                top = await store.top_negative(SUBJECTS[0], now - timedelta(minutes=5), now, 3)
                voices = [NegativeVoice.of(m) for m in top]
                engine.assess(rollups, now, voices, triggers)

            cold: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(5):
                for every_subject in (True, False):
                    fresh = SeverityEngine(SUBJECTS[0], SeverityConfig())
                    started = time.perf_counter()
                    await tick(fresh, first_tick, every_subject)
                    cold[every_subject].append((time.perf_counter() - started) * 1000.0)
            await tick(engine, first_tick, False)
            warm, engine_only = [], []
            for i in range(1, ticks + 1):
                now = first_tick + timedelta(minutes=i)
                since, until = engine.window(now)
                started = time.perf_counter()
                rollups = await store.rollups(since, until, SUBJECTS[0])
                triggers = await store.trigger_rollups(since, until, SUBJECTS[0])
                await store.top_negative(SUBJECTS[0], now - timedelta(minutes=5), now, 3)
                middle = time.perf_counter()
                engine.assess(rollups, now, triggers=triggers)
                done = time.perf_counter()
                warm.append((done - started) * 1000.0)
                engine_only.append((done - middle) * 1000.0)
        finally:
            await store.close()

    base = statistics.median(ping)
    tick_ms = statistics.median(warm)
    print(f"SELECT 1 round trip      {_summary(ping)}")
    print(f"warm tick (query+assess) {_summary(warm)}   = {tick_ms / base:.0f}× SELECT 1")
    print(f"  engine.assess alone    {_summary(engine_only)}")
    cold_ms, before_ms = statistics.median(cold[False]), statistics.median(cold[True])
    print(
        f"cold first tick          {cold_ms:7.1f} ms (reads {days} days of the brand's rollups "
        f"once) = {cold_ms / before_ms:.2f}× reading every subject row by row "
        f"({before_ms:.1f} ms)"
    )
    verdict = "PASS" if tick_ms <= GOAL_MS else "FAIL"
    print(f"goal: warm tick ≤ {GOAL_MS:.0f} ms: {tick_ms:.2f} ms {verdict}")
    return 0


async def _every_subject(
    store: Store, since: datetime, until: datetime
) -> tuple[list[Rollup], list[TriggerRollup]]:
    """The cold tick's reads as they were: every subject's rows, fetched row by row."""
    params = (to_epoch(since) // 60, -(-to_epoch(until) // 60))
    db = store._db
    sql = (
        "SELECT subject, minute, volume, positive, negative, neutral, sentiment_sum, "
        "reach_sum, negative_reach, scanned_negative FROM rollups "
        "WHERE minute >= ? AND minute < ? ORDER BY minute"
    )
    async with db.execute(sql, params) as cursor:
        rollups = [Rollup(*row) async for row in cursor]
    sql = (
        "SELECT subject, minute, crisis_type, term, volume, negative FROM trigger_rollups "
        "WHERE minute >= ? AND minute < ? ORDER BY minute"
    )
    async with db.execute(sql, params) as cursor:
        triggers = [TriggerRollup(*row) async for row in cursor]
    return rollups, triggers


async def _select_one(db: aiosqlite.Connection) -> None:
    async with db.execute("SELECT 1") as cursor:
        await cursor.fetchone()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=8, help="days of rollups (default 8)")
    parser.add_argument(
        "--per-minute", type=float, default=29.0, help="mentions per minute per subject"
    )
    parser.add_argument("--ticks", type=int, default=300, help="warm ticks timed")
    parser.add_argument("--mentions", type=int, default=20_000, help="mention rows inserted")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.days, args.per_minute, args.ticks, args.mentions))


if __name__ == "__main__":
    sys.exit(main())
