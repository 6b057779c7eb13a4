"""The console under a flood, timed through a real terminal: first paint, key to paint, lag, memory.

Run ``python bench/console_flood.py DB -c CONFIG [--rate 500] [--presses 30] [--minutes 1]``
on a database built with ``bench/bigdb.py`` (a million mentions over a week). The database is
copied first (the flood adds to the copy), unless ``--in-place``.

The console (``crisistui run``) runs in a pseudo-terminal of 120×40 that this script reads as a
terminal would: it answers the console's question about synchronised output, so every frame
the console paints arrives between ``ESC[?2026h`` and ``ESC[?2026l`` and its end is the moment
it was painted. A JSON source on 127.0.0.1 (a ``[[sources]]`` entry added to a copy of the
config) serves nothing until the flood starts, then ``--rate`` new mentions a second, each
with its own number in its text.

Printed, each side by side in one run:

- **first paint**: from starting the process to the first frame, and to the first frame that
  shows the feed's mentions (its title carries the count), on DB and, as the baseline, on a new
  empty database;
- **key to paint**, p50/p95/max over ``--presses`` presses, idle and then during the flood: `enter`
  on the feed until the mention's detail is painted, `escape` until the console's footer is
  back, `?` until the help is painted and `escape`; `j` (idle only: during a flood the feed
  repaints on its own, so the first frame after `j` need not be `j`'s);
- **newest stored mention on screen**: for every batch the collector commits (watched through
  a read-only connection), the time until a frame shows a mention at least that new;
- **resident memory** of the console every ``--sample`` seconds during ``--minutes`` of flood,
  and its growth from the first minute's sample to the last.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pty
import random
import re
import shutil
import signal
import sqlite3
import statistics
import struct
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COLUMNS, ROWS = 120, 40
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"
SYNC_QUERY, SYNC_ANSWER = b"\x1b[?2026$p", b"\x1b[?2026;2$y"
ESCAPES = re.compile(r"\x1b\[[0-9;:?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
TOKEN = re.compile(r"FL(\d{7})")
KEYS = {"enter": b"\r", "escape": b"\x1b", "j": b"j", "k": b"k", "?": b"?"}
ROW_CHARS = 200
"""A frame that moved the feed's cursor repaints at least two rows; the clock's is a few
characters of the header."""
TEXTS = (
    "Acme Air lost my bag again and nobody answers the phone",
    "Flight with Acme Air delayed three hours, no information at the gate",
    "Acme Air crew were lovely today, smooth flight to Boston",
    "Is anyone else stuck at the airport with Acme Air tonight?",
    "Acme Air refund still not here after six weeks, this is a scam",
    "Acme Air: the new app is actually good, checked in within a minute",
)


# -- the source ---------------------------------------------------------------------------------


class Flood:
    """Mentions a second on demand: each GET returns what was "posted" since the last one."""

    def __init__(self) -> None:
        self.rate = 0.0
        self.count = 0
        self._since = time.monotonic()
        self._lock = threading.Lock()
        self._random = random.Random(7)

    def start(self, rate: float) -> None:
        with self._lock:
            self.rate, self._since = rate, time.monotonic()

    def stop(self) -> None:
        with self._lock:
            self.rate = 0.0

    def take(self) -> list[dict[str, object]]:
        with self._lock:
            now = time.monotonic()
            due = int((now - self._since) * self.rate)
            if due <= 0:
                return []
            self._since += due / self.rate
            first, self.count = self.count, self.count + due
        stamp = time.time()
        pick = self._random
        return [
            {
                "id": f"fl-{n}",
                "text": f"FL{n:07d} {pick.choice(TEXTS)}",
                "created": stamp,
                "author": f"traveller{pick.randrange(5000)}",
                "followers": pick.randrange(10, 50_000),
            }
            for n in range(first, first + due)
        ]


def serve(flood: Flood) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"items": flood.take()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def flood_config(config: Path, port: int, folder: Path) -> Path:
    """The user's config with the flood's JSON source added."""
    text = config.read_text(encoding="utf-8") if config else ""
    text += f"""

[[sources]]
type = "json"
name = "flood"
url = "http://127.0.0.1:{port}/flood.json"
items = "items"
interval = 1

[sources.fields]
id = "id"
text = "text"
created_at = "created"
author = "author"
followers = "followers"
"""
    path = folder / "flood.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the terminal -------------------------------------------------------------------------------


@dataclass
class Frame:
    at: float
    text: str
    """What the frame wrote, without its escape sequences."""


@dataclass
class Terminal:
    """The console in a pseudo-terminal; every painted frame kept with the time it ended."""

    argv: list[str]
    frames: list[Frame] = field(default_factory=list)
    started: float = 0.0
    pid: int = 0
    _fd: int = -1
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _closed: bool = False

    def start(self) -> None:
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8")
        for size in ("COLUMNS", "LINES"):  # the pseudo-terminal's size, not this terminal's
            env.pop(size, None)
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child: the console
            os.execvpe(self.argv[0], self.argv, env)
        self.pid, self._fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        pending = b""
        while True:
            try:
                chunk = os.read(self._fd, 1 << 16)
            except OSError:
                chunk = b""
            now = time.monotonic()
            if not chunk:
                with self._changed:
                    self._closed = True
                    self._changed.notify_all()
                return
            pending += chunk
            if SYNC_QUERY in pending:
                os.write(self._fd, SYNC_ANSWER)
                pending = pending.replace(SYNC_QUERY, b"")
            frames = []
            while (end := pending.find(SYNC_END)) >= 0:
                body = pending[:end]
                start = body.rfind(SYNC_START)
                body = body[start + len(SYNC_START) :] if start >= 0 else body
                text = ESCAPES.sub("", body.decode("utf-8", "replace"))
                frames.append(Frame(now, text))
                pending = pending[end + len(SYNC_END) :]
            if frames:
                with self._changed:
                    self.frames.extend(frames)
                    self._changed.notify_all()

    def press(self, key: str) -> float:
        os.write(self._fd, KEYS[key])
        return time.monotonic()

    def frame_after(
        self, since: float, marker: str | None, timeout: float = 30.0, least: int = 0
    ) -> float:
        """The end of the first frame painted after ``since`` holding ``marker`` (if given) and
        at least ``least`` characters of text."""
        deadline = time.monotonic() + timeout
        with self._changed:
            seen = 0
            while True:
                for frame in self.frames[seen:]:
                    if (
                        frame.at >= since
                        and (marker is None or marker in frame.text)
                        and len(frame.text) >= least
                    ):
                        return frame.at
                seen = len(self.frames)
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise TimeoutError(f"no frame with {marker!r} within {timeout:.0f} s")
                self._changed.wait(left)

    def newest_token(self, until: float) -> Iterator[tuple[float, int]]:
        """(frame end, highest mention number shown) for each frame up to ``until``."""
        with self._changed:
            frames = list(self.frames)
        for frame in frames:
            if frame.at <= until:
                numbers = [int(n) for n in TOKEN.findall(frame.text)]
                if numbers:
                    yield frame.at, max(numbers)

    def resident_mib(self) -> float:
        with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._fd, b"q")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self._fd)


# -- what is measured ---------------------------------------------------------------------------


def console(db: Path, config: Path) -> Terminal:
    return Terminal([sys.executable, "-m", "crisistui", "run", "-c", str(config), "--db", str(db)])


FEED_SHOWN = "Mentions ("
"""The feed pane's title once its first read landed (the count follows)."""


def first_paint(terminal: Terminal) -> tuple[float, float]:
    terminal.start()
    first = terminal.frame_after(terminal.started, None, timeout=120)
    feed = terminal.frame_after(terminal.started, FEED_SHOWN, timeout=120)
    return first - terminal.started, feed - terminal.started


def settle(terminal: Terminal, quiet: float = 1.5, timeout: float = 60) -> None:
    """Wait until no frame has been painted for ``quiet`` seconds (start-up work done)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        last = terminal.frames[-1].at if terminal.frames else terminal.started
        if time.monotonic() - last >= quiet:
            return
        time.sleep(0.1)


def key_times(terminal: Terminal, presses: int, *, with_j: bool) -> dict[str, list[float]]:
    """Milliseconds from each key to the frame that shows its effect."""
    times: dict[str, list[float]] = {"enter": [], "escape": [], "?": [], "escape (help)": []}
    if with_j:
        times["j"] = []
    for n in range(presses):
        for key, marker, name in (
            ("enter", "Acknowledge", "enter"),
            ("escape", "Timeline", "escape"),
            ("?", "Keys", "?"),
            ("escape", "Timeline", "escape (help)"),
        ):
            pressed = terminal.press(key)
            times[name].append((terminal.frame_after(pressed, marker) - pressed) * 1000)
            time.sleep(0.2)  # a person's pace between keys
        if with_j:
            settle(terminal, quiet=0.6)
            pressed = terminal.press("j" if n % 2 == 0 else "k")  # down, then back up
            painted = terminal.frame_after(pressed, None, least=ROW_CHARS)
            times["j"].append((painted - pressed) * 1000)
            time.sleep(0.2)
    return times


def percentiles(values: list[float]) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):6.0f}  p95 {p95:6.0f}  max {ordered[-1]:6.0f}"


class Stored:
    """Watches the database for the flood's newest stored mention, as a second reader."""

    def __init__(self, db: Path) -> None:
        self.batches: list[tuple[float, int]] = []
        self._db = db
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _watch(self) -> None:
        conn = sqlite3.connect(f"file:{self._db}?mode=ro", uri=True)
        last_id = conn.execute("SELECT COALESCE(MAX(id), 0) FROM mentions").fetchone()[0]
        while not self._stop.wait(0.01):
            rows = conn.execute(
                "SELECT id, text FROM mentions WHERE id > ? ORDER BY id", (last_id,)
            ).fetchall()
            if rows:
                now = time.monotonic()
                last_id = rows[-1][0]
                numbers = [int(m.group(1)) for _, text in rows if (m := TOKEN.search(text))]
                if numbers:
                    self.batches.append((now, max(numbers)))
        conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def lags(stored: Stored, terminal: Terminal, until: float) -> list[float]:
    shown = list(terminal.newest_token(until + 5))
    found = []
    for at, number in stored.batches:
        if at > until:
            break
        later = [t for t, n in shown if t >= at and n >= number]
        if later:
            found.append((later[0] - at) * 1000)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("-c", "--config", type=Path, required=True)
    parser.add_argument("--rate", type=float, default=500.0, help="mentions a second")
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=1.0, help="flood time for memory")
    parser.add_argument("--sample", type=float, default=60.0, help="seconds between samples")
    parser.add_argument("--in-place", action="store_true", help="flood DB itself, not a copy")
    parser.add_argument(
        "--no-j",
        action="store_true",
        help="skip j (a console that repaints its feed on every beat is never idle)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="console-flood-") as scratch:
        folder = Path(scratch)
        flood = Flood()
        server = serve(flood)
        config = flood_config(args.config, server.server_address[1], folder)
        db = args.db
        if not args.in_place:
            db = folder / "flooded.db"
            for suffix in ("", "-wal"):
                if Path(f"{args.db}{suffix}").exists():
                    shutil.copyfile(f"{args.db}{suffix}", f"{db}{suffix}")
        print(f"database: {args.db} ({os.path.getsize(args.db) / 2**20:,.0f} MiB)")

        empty = console(folder / "empty.db", config)
        base_first, base_feed = first_paint(empty)
        empty.stop()
        terminal = console(db, config)
        first, feed = first_paint(terminal)
        print(
            f"first paint           {first * 1000:6.0f} ms, feed shown {feed * 1000:6.0f} ms "
            f"(new empty database: {base_first * 1000:.0f} / {base_feed * 1000:.0f} ms)"
        )
        settle(terminal)
        idle = key_times(terminal, args.presses, with_j=not args.no_j)
        print("key to paint, idle (ms):")
        for name, values in idle.items():
            print(f"  {name:<14} {percentiles(values)}")

        stored = Stored(db)
        stored.start()
        flood.start(args.rate)
        flood_began = time.monotonic()
        memory = [(0.0, terminal.resident_mib())]
        busy = key_times(terminal, args.presses, with_j=False)
        print(f"key to paint, {args.rate:,.0f} mentions/s arriving (ms):")
        for name, values in busy.items():
            print(f"  {name:<14} {percentiles(values)}")
        end = flood_began + args.minutes * 60
        while (now := time.monotonic()) < end:
            time.sleep(min(args.sample, end - now))
            memory.append((time.monotonic() - flood_began, terminal.resident_mib()))
        flood.stop()
        until = time.monotonic()
        stored.stop()
        delays = lags(stored, terminal, until - 2)
        served = flood.count
        rate = served / max(until - flood_began, 1e-9)
        print(
            f"newest stored mention on screen (ms): {percentiles(delays)} "
            f"over {len(delays)} batches; {served:,} mentions served ({rate:,.0f}/s)"
        )
        first_sample = next((m for t, m in memory if t >= 60), memory[-1][1])
        growth = (memory[-1][1] - first_sample) / first_sample * 100
        trail = ", ".join(f"{t / 60:.0f} min {m:.0f}" for t, m in memory)
        print(f"resident memory (MiB): {trail}; growth after the first minute {growth:+.1f} %")
        terminal.stop()
        server.shutdown()


if __name__ == "__main__":
    main()
