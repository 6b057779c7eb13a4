"""A team on one PostgreSQL database, with real processes and a real server.

Two collectors with different sources collect side by side and a third that overlaps them is
refused; a collector or an import killed with SIGKILL loses nothing it committed and leaves
nothing twice, and the next one takes its lease at once; three consoles see each other's tick
and triage within a second.

Nothing here sleeps to synchronise: every wait polls the database, a process or the screen
until a condition holds, with a deadline.
"""

from __future__ import annotations

import asyncio
import json
import re
import selectors
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import psycopg
import pytest
from pytest_httpserver import HTTPServer
from textual.widgets.data_table import RowDoesNotExist
from werkzeug import Request, Response

from crisistui.store import open_store
from crisistui.store.lease import collector_lease
from crisistui.tui.widgets.checklist import Checklist
from crisistui.tui.widgets.feed import MentionFeed
from tests.test_console import play_until
from tests.test_triage_console import mark

T = TypeVar("T")

RSS_TYPE = "application/rss+xml"
DEADLINE = 60.0
"""Seconds a process gets to do what is waited for (a loaded machine runs the suite too)."""
POLL = 0.02
"""Seconds between two looks at the database while waiting: polling, not synchronising."""
SHOWN_WITHIN = 5.0
"""A colleague's change shows on the next beats, without a key. The latency itself (a beat
of 0.5 s: p95 about half a second) is measured by ``bench/postgres.py``, not here, where a
test run sharing the CPUs with others would make a timing flaky."""
TAKEN_OVER_WITHIN = 2.0
"""Seconds from a lease holder's death until another can take its lease (a few ms here)."""
IMPORT_BATCH = 2000
"""Mentions `crisistui import` commits per transaction."""


# -- processes ----------------------------------------------------------------------------------


@dataclass
class Running:
    """A crisistui process whose output goes to files (a pipe nobody reads could block it)."""

    process: subprocess.Popen[bytes]
    out: Path
    err: Path

    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> int:
        """SIGTERM, as systemd stops it; the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(DEADLINE)

    def kill(self) -> int:
        self.process.kill()  # SIGKILL: no handler, no last act
        return self.process.wait(DEADLINE)

    def children(self) -> list[int]:
        """The processes it started (its workers), as Linux lists them."""
        pid = self.process.pid
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(child) for child in listed.split()]


def running(pid: int) -> bool:
    """Whether ``pid`` is a process still running (a zombie has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., Running]]:
    """Start ``crisistui ARGS`` in the background; whatever still runs at the end is killed."""
    started: list[Running] = []

    def start(name: str, *args: str | Path) -> Running:
        out, err = tmp_path / f"{name}.out", tmp_path / f"{name}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "crisistui", *map(str, args)],
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
            )
        running = Running(process, out, err)
        started.append(running)
        return running

    yield start
    for running in started:
        if running.alive():
            running.process.kill()
            running.process.wait(DEADLINE)


def crisistui(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisistui", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def eventually(check: Callable[[], T], what: str, timeout: float = DEADLINE) -> T:
    """``check()`` once it is truthy, looking every ``POLL`` seconds for up to ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what} (last: {found!r})")
        time.sleep(POLL)


# -- the database -------------------------------------------------------------------------------


def per_source(url: str) -> dict[str, int]:
    """Stored mentions per source, straight from the server."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT source, COUNT(*) FROM mentions GROUP BY source").fetchall()
    return {source: int(count) for source, count in rows}


def stored(url: str) -> int:
    return sum(per_source(url).values())


def other_connections(url: str) -> int:
    """Connections to this database other than the one asking (a dead collector's linger
    until the server has noticed that their process is gone)."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchone()
    assert row is not None
    return int(row[0])


@dataclass(frozen=True)
class Tally:
    """What the store says: its count, every mention's key in id order, the rollups' total."""

    count: int
    keys: list[tuple[str, str]]
    rolled_up: int

    def assert_consistent(self) -> None:
        assert len(self.keys) == self.count, "mention_count() disagrees with the mentions"
        twice = [key for key, n in Counter(self.keys).items() if n > 1]
        assert not twice, f"stored twice: {twice[:5]}"
        assert self.rolled_up == self.count, "the rollups do not count every mention"


async def _tally(url: str) -> Tally:
    async with await open_store(url, create=False, read_only=True) as store:
        count = await store.mention_count()
        keys = [(m.source, m.external_id) async for m in store.iter_mentions()]
        rollups = await store.rollups(
            datetime(1970, 1, 1, tzinfo=UTC), datetime.now(UTC) + timedelta(days=1)
        )
    return Tally(count, keys, sum(r.volume for r in rollups))


def tally(url: str) -> Tally:
    found = asyncio.run(_tally(url))
    found.assert_consistent()
    return found


# -- sources ------------------------------------------------------------------------------------


def rss(tag: str, count: int) -> bytes:
    """``count`` brand mentions; the guids are the same in every feed (post-0, post-1, …), so
    only (source, id) tells two sources' mentions apart."""
    items = "".join(
        f"<item><title>Acme Air {tag} update {n}: the queue at gate {n % 40} is long</title>"
        f"<guid>post-{n}</guid><pubDate>Wed, 01 May 2024 {10 + n // 3600:02d}:"
        f"{n // 60 % 60:02d}:{n % 60:02d} GMT</pubDate></item>"
        for n in range(count)
    )
    return f"<rss version='2.0'><channel><title>{tag}</title>{items}</channel></rss>".encode()


def growing_feed(server: HTTPServer, name: str, step: int, total: int) -> None:
    """Serve ``/name``: ``step`` more items at each request, up to ``total``."""
    served = {"requests": 0}
    lock = threading.Lock()

    def respond(_request: Request) -> Response:
        with lock:
            served["requests"] += 1
            count = min(step * served["requests"], total)
        return Response(rss(name, count), content_type=RSS_TYPE)

    server.expect_request(f"/{name}").respond_with_handler(respond)


def collect_config(path: Path, server: HTTPServer, *sources: str) -> Path:
    """A config collecting the RSS feeds ``/NAME`` of ``server``, each polled every second."""
    blocks = "".join(
        textwrap.dedent(
            f"""
            [[sources]]
            type = "rss"
            name = "{name}"
            url = "{server.url_for(f"/{name}")}"
            interval = 1
            """
        )
        for name in sources
    )
    path.write_text('[brand]\nname = "Acme Air"\nterms = ["acme air"]\n' + blocks, encoding="utf-8")
    return path


POLL_LINE = re.compile(r"^(?P<source>[\w-]+): (?P<new>\d+) new / (?P<fetched>\d+) fetched$")


def new_per_source(*outputs: str) -> dict[str, int]:
    """What collectors said they stored, per source, added up over their poll lines."""
    total: Counter[str] = Counter()
    for output in outputs:
        for line in output.splitlines():
            if found := POLL_LINE.match(line):
                total[found["source"]] += int(found["new"])
    return dict(total)


# -- 1. collectors side by side -------------------------------------------------------------------


def test_two_collectors_share_a_database_and_an_overlapping_third_is_refused(
    pg_url: str, httpserver: HTTPServer, tmp_path: Path, spawn: Callable[..., Running]
) -> None:
    total = 600
    for name in ("news-a", "blog-a", "news-b", "blog-b", "forum-c", "forum-d"):
        growing_feed(httpserver, name, step=200, total=total)
    a = spawn(
        "a",
        "collect",
        "-c",
        collect_config(tmp_path / "a.toml", httpserver, "news-a", "blog-a"),
        "--db",
        pg_url,
    )
    b = spawn(
        "b",
        "collect",
        "-c",
        collect_config(tmp_path / "b.toml", httpserver, "news-b", "blog-b"),
        "--db",
        pg_url,
    )
    ours = {"news-a", "blog-a", "news-b", "blog-b"}
    eventually(  # what they say they stored, once each poll's health is recorded too
        lambda: (
            new_per_source(a.stdout(), b.stdout()) == dict.fromkeys(ours, total)
            or not (a.alive() and b.alive())
        ),
        "both collectors stored every item of their sources",
    )
    assert a.alive() and b.alive(), (a.stderr(), b.stderr())  # side by side, to the end
    assert per_source(pg_url) == dict.fromkeys(ours, total)

    # A third whose sources overlap b's is refused at once, naming what is taken.
    overlapping = collect_config(tmp_path / "c.toml", httpserver, "blog-b", "forum-c")
    refused = crisistui("collect", "-c", overlapping, "--db", pg_url)
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.strip() == (
        f"crisistui: another collector is already collecting blog-b into {pg_url} "
        "(it holds its lease)"
    )
    assert "Traceback" not in refused.stderr
    assert not any(request.path == "/forum-c" for request, _ in httpserver.log)

    # One with sources of its own is not.
    d = spawn(
        "d",
        "collect",
        "-c",
        collect_config(tmp_path / "d.toml", httpserver, "forum-d"),
        "--db",
        pg_url,
    )
    eventually(
        lambda: new_per_source(d.stdout()) == {"forum-d": total} or not d.alive(),
        "the disjoint collector stored its source",
    )
    assert d.alive(), d.stderr()
    assert per_source(pg_url)["forum-d"] == total
    assert a.alive() and b.alive()
    assert [d.stop(), a.stop(), b.stop()] == [0, 0, 0], (d.stderr(), a.stderr(), b.stderr())
    for running in (a, b, d):
        assert "Traceback" not in running.stderr() and "already" not in running.stderr()

    # Each mention was stored once, by the collector of its source, and counted once.
    everyone = ours | {"forum-d"}
    assert new_per_source(a.stdout(), b.stdout(), d.stdout()) == dict.fromkeys(everyone, total)
    assert set(new_per_source(a.stdout())) == {"news-a", "blog-a"}
    assert set(new_per_source(b.stdout())) == {"news-b", "blog-b"}
    found = tally(pg_url)
    assert found.count == len(everyone) * total
    assert set(found.keys) == {(s, f"post-{n}") for s in everyone for n in range(total)}


# -- 2. killed half-way -------------------------------------------------------------------------


def mentions_file(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            record = {
                "source": "archive",
                "id": f"post-{n}",
                "text": f"Acme Air post {n}: " + "the flight was late again " * 6,
                "created_at": f"2024-05-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z",
                "author": f"user{n % 500}",
            }
            out.write(json.dumps(record) + "\n")
    return path


def test_an_import_killed_half_way_keeps_whole_batches_and_the_rerun_adds_the_rest(
    pg_url: str, tmp_path: Path, spawn: Callable[..., Running]
) -> None:
    lines = 6 * IMPORT_BATCH
    source = mentions_file(tmp_path / "archive.jsonl", lines)
    first = spawn("import-1", "import", source, "--db", pg_url)
    eventually(
        lambda: stored(pg_url) >= 2 * IMPORT_BATCH or not first.alive(), "two batches committed"
    )
    assert first.alive(), f"the import ended before it was killed: {first.stdout()}"
    workers = first.children()
    assert workers, "a file this long is shared with worker processes"
    assert first.kill() == -signal.SIGKILL
    # its workers leave with it, rather than wait for work for ever
    eventually(lambda: not any(running(w) for w in workers), "the killed import's workers end")

    kept = tally(pg_url)
    assert 2 * IMPORT_BATCH <= kept.count < lines
    assert kept.count % IMPORT_BATCH == 0, "a batch was committed in part"
    assert kept.keys == [("archive", f"post-{n}") for n in range(kept.count)]  # a prefix
    assert first.stdout() == ""  # no summary: it was killed

    again = crisistui("import", source, "--db", pg_url)
    assert again.returncode == 0, again.stderr
    assert f"{lines} lines, {lines - kept.count} new mentions, {kept.count} already stored" in (
        again.stdout
    )
    done = tally(pg_url)
    assert done.keys == [("archive", f"post-{n}") for n in range(lines)]


def test_a_collector_killed_mid_poll_loses_nothing_and_the_next_takes_over_at_once(
    pg_url: str, httpserver: HTTPServer, tmp_path: Path, spawn: Callable[..., Running]
) -> None:
    step, total = 1000, 3000
    polled = threading.Event()
    release = threading.Event()
    requests = {"n": 0}

    def respond(_request: Request) -> Response:
        requests["n"] += 1
        if requests["n"] == 3:  # the third poll: held here until its collector is dead
            polled.set()
            release.wait(DEADLINE)
        return Response(rss("news", min(step * requests["n"], total)), content_type=RSS_TYPE)

    httpserver.expect_request("/news").respond_with_handler(respond)
    config = collect_config(tmp_path / "news.toml", httpserver, "news")
    first = spawn("first", "collect", "-c", config, "--db", pg_url)
    try:
        assert polled.wait(DEADLINE), f"no third poll: {first.stderr()}"
        assert first.alive()
        assert first.kill() == -signal.SIGKILL
    finally:
        release.set()

    # What the two finished polls committed is all there, once; the third stored nothing.
    kept = tally(pg_url)
    assert sorted(kept.keys) == sorted(("news", f"post-{n}") for n in range(2 * step))
    assert new_per_source(first.stdout()) == {"news": 2 * step}

    # The server lets go of the dead collector's lease with its connections: at once.
    eventually(
        lambda: other_connections(pg_url) == 0,
        "the dead collector's connections end",
        timeout=TAKEN_OVER_WITHIN,
    )
    second = spawn("second", "collect", "-c", config, "--db", pg_url)
    eventually(
        lambda: (
            new_per_source(second.stdout()).get("news") == total - 2 * step or not second.alive()
        ),
        "the rest is stored",
    )
    assert second.alive(), second.stderr()  # it took the lease: not refused
    assert stored(pg_url) == total
    assert second.stop() == 0, second.stderr()
    assert "already collecting" not in second.stderr() and "Traceback" not in second.stderr()
    assert new_per_source(second.stdout()) == {"news": total - 2 * step}
    done = tally(pg_url)
    assert sorted(done.keys) == sorted(("news", f"post-{n}") for n in range(total))


# -- 3. three consoles --------------------------------------------------------------------------


async def shown_within(pilot, condition: Callable[[], bool], since: float) -> float:
    """Seconds from ``since`` until ``condition()`` holds, the console running meanwhile;
    fails once ``SHOWN_WITHIN`` has passed."""
    while not condition():
        if time.monotonic() - since > SHOWN_WITHIN:
            raise AssertionError(f"not shown within {SHOWN_WITHIN} s")
        await pilot.pause(0.01)
    return time.monotonic() - since


async def test_three_consoles_see_a_colleagues_tick_and_triage_without_a_key(
    demo_app_factory, clock, pg_url: str
) -> None:
    ana, ben, cy = (demo_app_factory(pg_url, actor=who, beat=0.5) for who in ("ana", "ben", "cy"))
    size = (120, 40)
    async with (
        ana.run_test(size=size) as pa,
        ben.run_test(size=size) as pb,
        cy.run_test(size=size) as pc,
    ):
        await play_until(ana, clock, 600)  # ana's console collects the demo's first minutes
        feeds = {app: app.query_one(MentionFeed) for app in (ana, ben, cy)}
        top = feeds[ana].mentions[0]

        def has_top(app) -> Callable[[], bool]:
            return lambda: bool(feeds[app].mentions) and feeds[app].mentions[0].id == top.id

        start = time.monotonic()
        for app, pilot in ((ben, pb), (cy, pc)):  # what ana collected shows everywhere
            await shown_within(pilot, has_top(app), start)

        # Ana acknowledges the newest mention from her feed.
        feeds[ana].focus()
        start = time.monotonic()
        await pa.press("a")
        for app, pilot in ((ana, pa), (ben, pb), (cy, pc)):
            took = await shown_within(pilot, lambda app=app: mark(feeds[app], top) == "✓", start)
            assert took <= SHOWN_WITHIN
        triage = await ben.store.triage(top.id)
        assert triage is not None and triage.updated_by == "ana"

        # Ana ticks the first task: that opens the incident, which the others follow.
        checklist = ana.query_one(Checklist)
        checklist.focus()
        await pa.press("j")
        task = checklist.task_at_cursor()
        assert task is not None
        start = time.monotonic()
        await pa.press("space")

        def ticked(app) -> Callable[[], bool]:
            def shown() -> bool:
                theirs = app.query_one(Checklist)
                if app.incident is None or theirs.data is None:
                    return False
                try:
                    return theirs.get_row(task.task_id)[0].plain == "[x]"
                except RowDoesNotExist:  # the incident's checklist is being filled in
                    return False

            return shown

        for app, pilot in ((ana, pa), (ben, pb), (cy, pc)):
            took = await shown_within(pilot, ticked(app), start)
            assert took <= SHOWN_WITHIN
        assert ana.incident is not None
        assert ben.incident is not None and ben.incident.id == ana.incident.id
        assert cy.incident is not None and cy.incident.id == ana.incident.id
        states = await cy.store.task_states(ana.incident.id)
        assert states[task.task_id].done and states[task.task_id].changed_by == "ana"


# -- 4. the lease -------------------------------------------------------------------------------

HOLDER = """\
import sys
from crisistui.store.lease import collector_lease

lease = collector_lease(sys.argv[1], ["news"])
print("held" if lease.acquire() else "refused", flush=True)
sys.stdin.read()  # until killed
"""


def first_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError(f"nothing printed in {timeout} s")
    return process.stdout.readline().strip()


def test_the_lease_of_a_killed_holder_is_taken_over_at_once(pg_url: str) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, pg_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    ours = collector_lease(pg_url, ["news"])
    try:
        assert first_line(holder, DEADLINE) == "held"
        assert not ours.acquire(), "two collectors of one source"
        assert "already collecting news into" in ours.describe()
        wider = collector_lease(pg_url, ["news", "social"])
        assert not wider.acquire(), "all or none"
        assert "already collecting news into" in wider.describe()
        assert "social" not in wider.describe()  # nobody collects it: not named
        elsewhere = collector_lease(pg_url, ["social"])
        assert elsewhere.acquire(), "another source's lease is free"
        elsewhere.release()

        holder.kill()
        assert holder.wait(DEADLINE) == -signal.SIGKILL
        eventually(ours.acquire, "the dead holder's lease taken over", timeout=TAKEN_OVER_WITHIN)
        assert not collector_lease(pg_url, ["news"]).acquire(), "ours now, and only ours"
    finally:
        ours.release()
        if holder.poll() is None:
            holder.kill()
            holder.wait(DEADLINE)
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.stdout.close()


def test_the_server_probes_a_lease_holder_that_went_quiet(pg_url: str) -> None:
    """A holder whose machine vanished never closes its connection; the server would keep its
    lease for two hours (its default keepalive) while the other collector is refused and the
    sources' windows move past what nobody collects. The lease's session has the server probe
    it after 10 s idle, every 5 s, three times: the lease is let go of within about 25 s."""
    lease = collector_lease(pg_url, ["news"])
    assert lease.acquire()
    try:
        conn = lease._conn
        assert conn is not None
        shown = {
            name: conn.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
            for name in ("tcp_keepalives_idle", "tcp_keepalives_interval", "tcp_keepalives_count")
        }
        assert shown == {
            "tcp_keepalives_idle": "10",
            "tcp_keepalives_interval": "5",
            "tcp_keepalives_count": "3",
        }
    finally:
        lease.release()
