"""PostgreSQL for a team: collectors writing at once, a change reaching another console, the
feed filter and ``status`` on a million mentions, each against a baseline of the same run.

Run ``python bench/postgres.py [--mentions 1000000] [--ingest 100000] [--changes 100]
[--repeat 7] [--status-runs 5] [--throwaway] [--plans]`` (about 7 minutes on 2 cores; ``--mentions
100000 --ingest 20000 --changes 20`` about 1.5; 0 skips a section). It starts its own
server (``tests/pgserver.py``, PostgreSQL's binaries found as the tests find them) in a new
cluster on disk, and stops it at the end. By default the server keeps PostgreSQL's own
durability settings (fsync, synchronous commit, full-page writes and autovacuum on, as a team's
server would run); ``--throwaway`` uses the test settings instead (no fsync, no synchronous
commit, no autovacuum).

It prints, with the goals of the issue "A team across machines":

- ingest: mentions a second through ``Store.add_mentions``, from one collector process and
  from ``--collectors`` (4) at once (started together; ``--ingest`` posts a run, shared among
  them, every ``--collectors``-th to each, so they write the same minutes as collectors of one
  brand do), in batches of one poll (``--poll``, 40: a Mastodon page, as ``bench/ingest.py``'s
  collect path). The mentions are built beforehand by the real pipeline from
  ``bench/ingest.py``'s multilingual posts, so the full-text tokenizer sees real texts. First
  into a new, empty database per run (a team's first day: the tables grow from nothing), then,
  after the sections below, on top of the million (big, analysed tables: a database in use),
  in batches of one poll and of 500 (a five-page Bluesky poll). Each run's mentions are new
  to the database: external ids of the run's own, posted in ten minutes of a day of its own,
  so no run adds to rollup, facet or author rows an earlier run made. The baseline is SQLite
  on this machine with the same mentions, processes and batches. Also printed: each batch's
  ``add_mentions`` time (p50, p95). Goal: ≥ 5,000 mentions/s from 4 collectors, judged at 500
  a batch (``BIG_POLL``: at that rate a collector's poll holds far more than one page).
- change notification: one connection ticks a task (``set_task_done``), another polls
  ``change_marker()`` as the console's refresh timer does (every ``[console] refresh_seconds``,
  0.5 s by default); the time from the start of the tick to the poll that sees it, over
  ``--changes`` ticks made at random moments of the poll's cycle: p50, p95 and max. The same
  polled every 10 ms is the floor (NOTIFY's own delivery). Goal: ≤ 1 s.
- the feed filter: ``bench/bench_feed_filter.py``'s filters (``filtered_mentions`` of a parsed
  query, 300 rows), median of ``--repeat`` warm runs (a console filtering again, which knows
  where the walk's windows begin), and the first run with none known, on PostgreSQL and on
  SQLite holding the
  same ``--mentions`` (the history of ``bench/feed_history.py``, a month ending now, stored with
  the store's own ``add_mentions`` in batches of 10,000; PostgreSQL then gets ``VACUUM
  ANALYZE``, which autovacuum would run on a live server). For any filter slower than the
  goal on PostgreSQL, the statements it ran are listed with their times, and the plan of the
  slowest is printed (``EXPLAIN (ANALYZE, BUFFERS)``). Whether both backends showed the same
  mentions is checked too (``--plans``: the statements and slowest plan of every filter).
  Goal: each ≤ 100 ms.
- ``crisistui status --db URL`` run as a command on that database, median of ``--status-runs``
  runs, against the same on the SQLite file and against ``crisistui --help`` (Python's and
  the CLI's start-up alone). Goal: ≤ 1 s.

The machine may be shared: compare the ratios of one run, not the rates of two.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import pickle
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import pgserver

from bench import feed_history
from bench.bench_feed_filter import FEED_ROWS, FILTERS
from bench.bigdb import CONFIG as STATUS_CONFIG
from crisistui.config import ConsoleConfig
from crisistui.domain.feed_query import parse_feed_query
from crisistui.domain.models import Mention
from crisistui.store import Store, open_store

INGEST_GOAL = 5_000.0
"""Mentions a second from four collectors at once."""
NOTIFY_GOAL_S = 1.0
FILTER_GOAL_MS = 100.0
STATUS_GOAL_S = 1.0
REFRESH_SECONDS = ConsoleConfig().refresh_seconds
"""The console's refresh timer (``[console] refresh_seconds``' default, 0.5 s)."""
FLOOR_SECONDS = 0.01
"""The polling interval that shows NOTIFY's own delivery time."""
LOAD_BATCH = 10_000
BIG_POLL = 500
"""A Bluesky poll: five pages of 100; the goal's batch. At 5,000 mentions a second each of
four collectors stores 1,250 a second, one batch a poll: 40 a batch would be 31 polls a
second each, 500 is 2.5."""
RUN_MINUTES = 10
"""The minutes a run's mentions are posted in."""
DURABLE = ("fsync", "synchronous_commit", "full_page_writes", "autovacuum", "checkpoint_timeout")
"""The test server's settings left at PostgreSQL's defaults unless ``--throwaway``."""


# -- the server -------------------------------------------------------------------------------


def start(base: Path, throwaway: bool) -> pgserver.PgServer:
    """A new cluster in ``base`` (on disk: the folder is opened to the server's user, so the
    cluster is not moved to /dev/shm), with durable settings unless ``throwaway``."""
    base.chmod(0o755)
    if not throwaway:
        settings = {k: v for k, v in pgserver.SERVER_SETTINGS.items() if k not in DURABLE}
        pgserver.SERVER_SETTINGS = settings  # read by pgserver when it launches the server
    reason = pgserver.server_unavailable_reason()
    if reason:
        raise SystemExit(f"no PostgreSQL server for the benchmark: {reason}")
    return pgserver.start_server(base)


async def _settings(url: str) -> str:
    import psycopg

    names = ("server_version", "fsync", "synchronous_commit", "shared_buffers", "autovacuum")
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        found = []
        for name in names:
            value = await (await conn.execute(f"SHOW {name}")).fetchone()
            found.append(f"{name} {value[0] if value else '?'}")
    return ", ".join(found)


# -- ingest -----------------------------------------------------------------------------------


def collector_mentions(count: int, seed: int = 13) -> list[Mention]:
    """``count`` posts of ``bench/ingest.py`` (a dozen languages, a few delivered twice), run
    through the real pipeline as a collector runs them."""
    from bench import ingest
    from crisistui.importer import parse_line
    from crisistui.pipeline import Pipeline

    pipeline = Pipeline(ingest.config())
    process = pipeline.process
    made = []
    for record in ingest.records(count, seed):
        item = parse_line(json.dumps(record, ensure_ascii=False))
        mention = process(item, keep_unmatched=True)
        if mention is not None:
            made.append(mention)
    return made


def _collector(where: str, share: str, batch: int, ready: Any, go: Any, results: Any) -> None:
    """One collector process: read its mentions (a pickle), open the store, wait for the
    start, store them a poll at a time; reports (start, end, stored, new, each batch's
    seconds)."""

    async def run() -> tuple[float, float, int, int, list[float]]:
        mentions = pickle.loads(Path(share).read_bytes())
        store = await open_store(where)
        try:
            now = datetime.now(UTC)
            ready.put(os.getpid())
            go.wait()
            started = time.perf_counter()
            new = 0
            calls = []
            for first in range(0, len(mentions), batch):
                began = time.perf_counter()
                result = await store.add_mentions(mentions[first : first + batch], now)
                calls.append(time.perf_counter() - began)
                new += result.new
            return started, time.perf_counter(), len(mentions), new, calls
        finally:
            await store.close()

    try:
        results.put(asyncio.run(run()))
    except BaseException as exc:  # the parent must hear of it, not wait for ever
        results.put(repr(exc))
        raise


def _gather(answers: Any, workers: list[Any], timeout: float) -> list[Any]:
    """One answer from each worker; an error as soon as one of them died without one."""
    found: list[Any] = []
    deadline = time.monotonic() + timeout
    while len(found) < len(workers):
        try:
            found.append(answers.get(timeout=1.0))
        except queue.Empty:
            dead = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
            if dead or time.monotonic() > deadline:
                raise SystemExit(f"a collector failed (exit codes {dead})") from None
    return found


def concurrent_ingest(
    where: str, mentions: list[Mention], processes: int, batch: int, folder: Path
) -> tuple[float, list[float], list[float]]:
    """``processes`` collectors, each with every ``processes``-th mention (so they write the
    same minutes, as collectors of one brand do), started together. Returns the total rate,
    each process's rate and every batch's seconds."""
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    workers = []
    for i in range(processes):
        share = folder / f"share-{processes}-{i}.pickle"
        share.write_bytes(pickle.dumps(mentions[i::processes]))
        workers.append(
            context.Process(target=_collector, args=(where, str(share), batch, ready, go, results))
        )
    for worker in workers:
        worker.start()
    try:
        _gather(ready, workers, 300.0)
        go.set()
        found = _gather(results, workers, 1800.0)
    finally:
        for worker in workers:
            worker.join(timeout=60)
            if worker.is_alive():
                worker.kill()
    failed = [f for f in found if isinstance(f, str)]
    if failed:
        raise SystemExit(f"a collector failed: {failed[0]}")
    first = min(f[0] for f in found)
    last = max(f[1] for f in found)
    total = sum(f[2] for f in found)
    rates = [f[2] / (f[1] - f[0]) for f in found]
    calls = [c for f in found for c in f[4]]
    return total / (last - first), rates, calls


def _pct(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


_HEADER = (
    f"  {'backend':10} {'batch':>5} {'procs':>5} {'total/s':>9} {'per process/s':>15} "
    f"{'× 1 proc':>8} {'batch p50':>10} {'p95':>8}"
)


def _run_of(mentions: list[Mention], run: int) -> list[Mention]:
    """The mentions as run ``run`` stores them: external ids of its own (none skipped as a
    duplicate of an earlier run's), and posted in ``RUN_MINUTES`` of a day of its own after
    now, in their order, as a collector's posts are minutes old. In minutes no earlier run
    wrote: a run storing into the minutes, hours and days of an earlier one finds their
    rollup, facet and author rows made and only adds to them, several times faster than
    making them (a later run at 40 a batch went from 2,700 to 12,000 a second that way)."""
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=run)
    step = timedelta(minutes=RUN_MINUTES) / max(len(mentions), 1)
    return [
        replace(m, external_id=f"{m.external_id}~{run}", created_at=start + i * step)
        for i, m in enumerate(mentions)
    ]


def _ingest_rows(
    places: dict[str, Callable[[], str]],
    mentions: list[Mention],
    batches: Sequence[int],
    collectors: int,
    folder: Path,
) -> None:
    """One line per backend, batch size and number of processes; ``places`` gives where
    each run writes. Each run stores mentions of its own (``_run_of``), and the goal is
    judged on the 4-collector PostgreSQL row of ``BIG_POLL``."""
    runs = 0
    for batch in batches:
        for backend, place in places.items():
            single = 0.0
            for processes in (1, collectors):
                runs += 1
                own = _run_of(mentions, runs)
                total, rates, calls = concurrent_ingest(place(), own, processes, batch, folder)
                single = single or total
                spread = f"{min(rates):,.0f}–{max(rates):,.0f}" if processes > 1 else ""
                goal = ""
                if backend == "postgresql" and processes == collectors and batch == BIG_POLL:
                    goal = "  goal ≥ 5,000: " + ("PASS" if total >= INGEST_GOAL else "FAIL")
                print(
                    f"  {backend:10} {batch:5} {processes:5} {total:9,.0f} {spread:>15} "
                    f"{total / single:8.2f} {_pct(calls, 0.5) * 1000:7.1f} ms "
                    f"{_pct(calls, 0.95) * 1000:5.1f} ms{goal}"
                )


def ingest_fresh(
    server: pgserver.PgServer, folder: Path, mentions: list[Mention], collectors: int, poll: int
) -> None:
    """Each run into a new, empty database (a team's first day)."""
    print(
        f"\ningest into a new empty database: {len(mentions):,} pipeline-built mentions "
        "(bench/ingest.py's posts) a run, shared among the processes; per-process rates are "
        "min–max"
    )
    print(_HEADER)
    made = iter(range(1, 1000))
    places = {
        "postgresql": lambda: server.new_database(f"fresh{next(made)}"),
        "sqlite": lambda: str(folder / f"fresh{next(made)}.db"),
    }
    _ingest_rows(places, mentions, (poll, BIG_POLL), collectors, folder)


def ingest_on_history(
    url: str, path: Path, folder: Path, mentions: list[Mention], collectors: int, poll: int
) -> None:
    """The same, on top of the million (big, analysed tables: a team's database in use)."""
    print(
        f"\ningest on top of the history (the database above, then {len(mentions):,} more a run):"
    )
    print(_HEADER)
    places = {"postgresql": lambda: url, "sqlite": lambda: str(path)}
    _ingest_rows(places, mentions, (poll, BIG_POLL), collectors, folder)


# -- change notification ----------------------------------------------------------------------


async def notification(url: str, changes: int, interval: float, seed: int) -> list[float]:
    """Seconds from the start of each tick to the reader's poll that sees it."""
    from crisistui.domain.playbook import load_playbooks

    rng = random.Random(seed)
    writer = await open_store(url)
    reader = await open_store(url)
    try:
        task = load_playbooks()["service-outage"].tasks[0]
        now = datetime.now(UTC)
        incident = await writer.open_incident(
            "notification bench", "service-outage", "service-outage", "bench", now
        )
        seen = asyncio.Event()
        last = await reader.change_marker()
        await asyncio.sleep(interval)
        last = await reader.change_marker()  # the incident's own notifications, drained
        stop = False

        async def poll() -> None:  # the console's refresh timer: a fixed beat
            nonlocal last
            beat = time.perf_counter()
            while not stop:
                beat += interval
                await asyncio.sleep(max(0.0, beat - time.perf_counter()))
                marker = await reader.change_marker()
                if marker != last:
                    last = marker
                    seen.set()

        poller = asyncio.create_task(poll())
        latencies = []
        try:
            for i in range(changes):
                await asyncio.sleep(rng.random() * interval)  # any moment of the poll's cycle
                seen.clear()
                began = time.perf_counter()
                await writer.set_task_done(incident.id, task.id, task.title, i % 2 == 0, "b", now)
                await asyncio.wait_for(seen.wait(), timeout=30)
                latencies.append(time.perf_counter() - began)
        finally:
            stop = True
            await poller
    finally:
        await writer.close()
        await reader.close()
    return latencies


async def notification_section(url: str, changes: int) -> None:
    print(
        f"\nchange notification, {changes} ticks: set_task_done on one connection, "
        "change_marker() polled on another"
    )
    for interval, label in ((REFRESH_SECONDS, "console refresh"), (FLOOR_SECONDS, "floor")):
        found = await notification(url, changes, interval, seed=5)
        ms = [s * 1000.0 for s in found]
        goal = ""
        if interval == REFRESH_SECONDS:
            goal = "   goal ≤ 1 s: " + ("PASS" if max(found) <= NOTIFY_GOAL_S else "FAIL")
        print(
            f"  polled every {interval * 1000:4.0f} ms ({label:15}) "
            f"p50 {statistics.median(ms):6.1f} ms"
            f"  p95 {_pct(ms, 0.95):6.1f} ms  max {max(ms):6.1f} ms{goal}"
        )


# -- the big database -------------------------------------------------------------------------


async def build(pg: Store, lite: Store, count: int, now: datetime) -> None:
    """The same history into both stores, a batch at a time (times kept per backend)."""
    spent = {"postgresql": 0.0, "sqlite": 0.0}
    generating = 0.0
    source = feed_history.history(count)
    while True:
        began = time.perf_counter()
        batch = list(islice(source, LOAD_BATCH))
        generating += time.perf_counter() - began
        if not batch:
            break
        for name, store in (("postgresql", pg), ("sqlite", lite)):
            began = time.perf_counter()
            await store.add_mentions(batch, now)
            spent[name] += time.perf_counter() - began
    print(
        f"\ndatabase: {count:,} mentions (bench/feed_history.py, {feed_history.DAYS} days ending "
        f"now) generated in {generating:.0f} s, stored in batches of {LOAD_BATCH:,}:"
    )
    for name, seconds in spent.items():
        print(f"  {name:10} {seconds:6.0f} s  {count / seconds:9,.0f} mentions/s")
    began = time.perf_counter()
    await pg._sql.run("VACUUM ANALYZE")  # type: ignore[attr-defined]
    size = await pg._sql.scalar("SELECT pg_size_pretty(pg_database_size(current_database()))")  # type: ignore[attr-defined]
    print(f"  postgresql VACUUM ANALYZE {time.perf_counter() - began:.0f} s; database {size}")


class Trace:
    """Records the statements a store runs (and their seconds) while ``on``."""

    def __init__(self, store: Store) -> None:
        self.on = False
        self.statements: list[tuple[float, str, tuple[object, ...]]] = []
        sql = store._sql  # type: ignore[attr-defined]
        for name in ("rows", "row"):
            setattr(sql, name, self._wrap(getattr(sql, name)))

    def _wrap(self, call: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def traced(statement: str, params: Sequence[Any] = ()) -> Any:
            began = time.perf_counter()
            try:
                return await call(statement, params)
            finally:
                if self.on:
                    took = time.perf_counter() - began
                    self.statements.append((took, statement, tuple(params)))

        return traced


async def _median_ms(call: Callable[[], Awaitable[object]], repeat: int) -> float:
    await call()  # warm, as a console that has been running is
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        await call()
        times.append((time.perf_counter() - began) * 1000.0)
    return statistics.median(times)


async def filter_section(pg: Store, lite: Store, repeat: int, every_plan: bool) -> list[str]:
    """Each filter on both backends; returns the PostgreSQL plans of those over the goal (of
    every filter with ``every_plan``)."""
    subjects = [feed_history.BRAND, *feed_history.COMPETITORS]
    trace = Trace(pg)
    print(
        f"\nfeed of {FEED_ROWS} rows, median of {repeat} warm runs, and the first run with no "
        "window bounds remembered (ms):"
    )
    print(
        f"  {'filter':<50} {'postgres':>9} {'sqlite':>8} {'pg/sqlite':>9} {'shown':>5} "
        f"{'first pg':>7} {'sqlite':>7}"
    )
    base = {}
    for name, store in (("postgresql", pg), ("sqlite", lite)):
        base[name] = await _median_ms(lambda s=store: s.recent_mentions(FEED_ROWS), repeat)
    label = "unfiltered (recent_mentions)"
    print(
        f"  {label:<50} {base['postgresql']:9.2f} {base['sqlite']:8.2f} "
        f"{base['postgresql'] / base['sqlite']:9.2f}"
    )
    plans = []
    worst = 0.0
    for text in FILTERS:
        query = parse_feed_query(text, subjects)
        ms, first = {}, {}
        pages = {}
        for name, store in (("postgresql", pg), ("sqlite", lite)):
            vars(store).pop("_window_bounds", None)  # a console's first filter: none known
            began = time.perf_counter()
            pages[name] = await store.filtered_mentions(query, FEED_ROWS)
            first[name] = (time.perf_counter() - began) * 1000.0
            ms[name] = await _median_ms(
                lambda s=store, q=query: s.filtered_mentions(q, FEED_ROWS), repeat
            )
        same = [m.external_id for m in pages["postgresql"].mentions] == [
            m.external_id for m in pages["sqlite"].mentions
        ]
        note = "" if same else "  DIFFERENT ROWS"
        if pages["postgresql"].searched:
            note += f"  newest {pages['postgresql'].searched:,} searched"
        worst = max(worst, ms["postgresql"])
        print(
            f"  {text:<50} {ms['postgresql']:9.2f} {ms['sqlite']:8.2f} "
            f"{ms['postgresql'] / ms['sqlite']:9.2f} {len(pages['postgresql'].mentions):5} "
            f"{first['postgresql']:7.1f} {first['sqlite']:7.1f}{note}"
        )
        if ms["postgresql"] > FILTER_GOAL_MS or every_plan:
            plans.append(await _plan(pg, trace, text, query))
    last = await pg.last_mention_id()
    query = parse_feed_query("refund sentiment:neg", subjects)
    live = {}
    for name, store in (("postgresql", pg), ("sqlite", lite)):
        live[name] = await _median_ms(
            lambda s=store: s.filtered_mentions(query, FEED_ROWS, after_id=last - 50), repeat
        )
    label = "live: refund sentiment:neg, 50 newest stored"
    print(
        f"  {label:<50} {live['postgresql']:9.2f} {live['sqlite']:8.2f} "
        f"{live['postgresql'] / live['sqlite']:9.2f}"
    )
    verdict = "PASS" if worst <= FILTER_GOAL_MS else "FAIL"
    print(
        f"slowest filter on PostgreSQL: {worst:.1f} ms   goal ≤ {FILTER_GOAL_MS:.0f} ms: {verdict}"
    )
    return plans


async def _plan(pg: Store, trace: Trace, text: str, query: Any) -> str:
    """The statements a filter runs, with their times, and the plan (EXPLAIN ANALYZE) of the
    slowest."""
    trace.statements.clear()
    trace.on = True
    try:
        await pg.filtered_mentions(query, FEED_ROWS)
    finally:
        trace.on = False
    lines = [f"{text}: {len(trace.statements)} statements"]
    for took, statement, _ in trace.statements:
        shown = statement if len(statement) < 100 else statement[:60] + " … " + statement[-36:]
        lines.append(f"  {took * 1000:6.1f} ms  {shown}")
    took, statement, params = max(trace.statements, key=lambda s: s[0])
    sql = pg._sql  # type: ignore[attr-defined]
    await sql.run("SET max_parallel_workers_per_gather = 0")  # as the store plans a filter
    try:
        rows = await sql.rows("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
    finally:
        await sql.run("RESET max_parallel_workers_per_gather")
    lines.append(f"  the slowest ({took * 1000:.1f} ms), parameters {params!r}"[:200] + ":")
    lines += [f"    {row[0]}" for row in rows]
    return "\n".join(lines)


# -- status -----------------------------------------------------------------------------------


def _command_seconds(args: list[str], runs: int) -> tuple[float, str]:
    """The median time of ``crisistui ARGS`` as an installed command starts: with its modules'
    bytecode cached (pip compiles it at install; an editable install writes it on the first
    run, which is why ``PYTHONDONTWRITEBYTECODE`` is dropped here). The first run is not timed."""
    times = []
    out = ""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(runs + 1):  # the first warms the page cache and Python's bytecode cache
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "crisistui", *args],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        times.append(time.perf_counter() - began)
        out = (done.stdout.strip().splitlines() or [done.stderr.strip()])[0]
        if done.returncode not in (0, 1, 2):
            raise SystemExit(f"crisistui {' '.join(args[:1])} failed: {out or done.stderr}")
    return statistics.median(times[1:]), out


def status_section(url: str, sqlite_path: Path, folder: Path, runs: int) -> None:
    config = folder / "crisistui.toml"
    config.write_text(STATUS_CONFIG, encoding="utf-8")
    startup, _ = _command_seconds(["--help"], runs)
    lite, _ = _command_seconds(["status", "-c", str(config), "--db", str(sqlite_path)], runs)
    pg, said = _command_seconds(["status", "-c", str(config), "--db", url], runs)
    print(f"\ncrisistui status, run as a command, median of {runs} runs:")
    print(f"  crisistui --help (start-up alone)   {startup:6.2f} s")
    print(f"  status --db FILE (SQLite)           {lite:6.2f} s")
    verdict = "PASS" if pg <= STATUS_GOAL_S else "FAIL"
    print(
        f"  status --db URL (PostgreSQL)        {pg:6.2f} s = {pg / lite:.2f}× SQLite, "
        f"{pg - startup:.2f} s after start-up   goal ≤ 1 s: {verdict}"
    )
    print(f"  it said: {said[:110]}")


# -- the run ----------------------------------------------------------------------------------


async def big_database(
    server: pgserver.PgServer, folder: Path, args: argparse.Namespace
) -> tuple[str, Path]:
    url = server.new_database("history")
    path = folder / "history.db"
    now = datetime.now(UTC).replace(microsecond=0)
    feed_history.END = now - timedelta(seconds=30)  # a month ending now: status sees it fresh
    pg = await open_store(url)
    lite = await open_store(path)
    try:
        await build(pg, lite, args.mentions, now)
        plans = await filter_section(pg, lite, args.repeat, args.plans)
    finally:
        await pg.close()
        await lite.close()
    if plans:
        which = "every filter" if args.plans else "the filters over the goal"
        print(f"\nPostgreSQL plans of {which}:")
        for plan in plans:
            print(plan)
    return url, path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000, help="history size")
    parser.add_argument("--ingest", type=int, default=100_000, help="posts timed for ingest")
    parser.add_argument("--collectors", type=int, default=4, help="collector processes")
    parser.add_argument("--poll", type=int, default=40, help="mentions a collector batch holds")
    parser.add_argument("--changes", type=int, default=100, help="ticks timed for notification")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per filter")
    parser.add_argument("--status-runs", type=int, default=5, help="timed status commands")
    parser.add_argument("--throwaway", action="store_true", help="the tests' server settings")
    parser.add_argument("--plans", action="store_true", help="every filter's slowest plan")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pg-bench-") as tmp:
        folder = Path(tmp)
        server = start(folder, args.throwaway)
        try:
            print(f"{os.cpu_count()} CPUs; {asyncio.run(_settings(server.url))}")
            print(f"server {server.binaries.bindir}, cluster in {server.data_dir}")
            mentions = collector_mentions(args.ingest) if args.ingest else []
            if mentions:
                ingest_fresh(server, folder, mentions, args.collectors, args.poll)
            if args.changes:
                asyncio.run(notification_section(server.url, args.changes))
            if args.mentions:
                url, path = asyncio.run(big_database(server, folder, args))
                status_section(url, path, folder, args.status_runs)
                if mentions:
                    ingest_on_history(url, path, folder, mentions, args.collectors, args.poll)
        finally:
            server.stop()
    print(f"\nwhole run {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
