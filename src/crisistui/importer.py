"""JSONL import: the documented mention format in, through the pipeline, into the store.

Files come from other tools and hand edits; a bad line is named by its number and skipped, and
every good line is kept.
"""

from __future__ import annotations

import errno
import io
import json
import multiprocessing
import os
import queue
import re
import signal
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from crisistui.domain.models import Mention, RawItem
from crisistui.domain.text import TEXT_FORMATS, as_html
from crisistui.domain.time import EARLIEST_POST

if TYPE_CHECKING:
    from crisistui.config import Config
    from crisistui.pipeline import Pipeline

_OPTIONAL_STR = ("author", "url", "lang")
_OPTIONAL_COUNT = ("author_followers", "likes", "reposts", "replies")


class LineError(ValueError):
    """One line that is not a valid mention."""


def _text_field(
    data: dict[str, Any], key: str, *, required: bool, blank: bool = False, number: bool = False
) -> str | None:
    """``blank``: a value of only spaces is kept (a post's text: counted as empty once
    cleaned, like one of only tags or control characters, not as a bad line). ``number``: a
    whole number is taken as its digits (a post's id, which many exports give as one)."""
    value = data.get(key)
    if value is None:
        if required:
            raise LineError(f"{key}: missing")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int if number else str):
        raise LineError(f"{key}: expected a string, got {type(value).__name__}")
    text = str(value)
    if required and not blank and not text.strip():
        raise LineError(f"{key}: empty")
    return text


LATEST = datetime(9999, 12, 31, tzinfo=UTC)
"""No post is newer (with ``EARLIEST_POST``): such a time could not be stored and read back."""
FUTURE_SLACK = timedelta(days=1)
"""How far after the moment of an import (or a backtest) a line may be dated.

Measured from that moment, not from the file's newest sane time: the console ages a mention
against the clock, so a post dated after now tops the newest-first feed at "0s" whatever the
file holds, and a file is read as a stream whose newest time is known only at its end (one
that is all future-dated has no sane time at all). The day forgives a clock that is off and
an offset written wrong (offsets reach ±14 h); later than that is not a post but a typo or a
lie, and a backtest would tick every minute up to it. The collector's rule for the same
problem (``arrival.dated_sanely``: no later than it arrived) clamps instead, since a live post did
arrive now; a line of a file did not, so it is refused and named rather than re-dated."""


def latest_time(now: datetime | None = None) -> datetime:
    """The latest time a line read now may carry: ``FUTURE_SLACK`` after ``now``."""
    return (now or datetime.now(UTC)) + FUTURE_SLACK


def parse_time(value: object, key: str = "created_at", latest: datetime | None = None) -> datetime:
    """ISO-8601 with a UTC offset ('Z' allowed); naive times are refused, not guessed, and so
    are times after ``latest`` (see ``FUTURE_SLACK``) when it is given."""
    if value is None:
        raise LineError(f"{key}: missing")
    if not isinstance(value, str):
        raise LineError(f"{key}: expected an ISO-8601 string")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise LineError(f"{key}: not an ISO-8601 time: {value[:40]!r}") from None
    if moment.tzinfo is None:
        raise LineError(f"{key}: needs a UTC offset (e.g. +00:00 or Z): {value[:40]!r}")
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is not None and EARLIEST_POST - timedelta(days=1) <= utc < EARLIEST_POST:
        raise LineError(f"{key}: {value[:40]!r} is 1970's first day: a missing time written as 0?")
    if utc is None or utc < EARLIEST_POST or (utc >= LATEST and latest is None):
        raise LineError(f"{key}: {value[:40]!r} is not between 1970 and 9999 in UTC")
    if latest is not None and utc > latest:
        now = (latest - FUTURE_SLACK).astimezone(UTC)
        raise LineError(
            f"{key}: {value[:40]!r} is in the future, more than a day after now "
            f"({now:%Y-%m-%d %H:%M} UTC)"
        )
    return moment


def parse_line(line: str, latest: datetime | None = None) -> RawItem:
    """One JSONL line to a raw item, or LineError naming the field; a line dated after
    ``latest`` (when given) is refused."""
    if (undecoded := _UNDECODED.search(line)) is not None:
        raise LineError(_not_utf8(line, undecoded))
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        if exc.pos == 0 and "," in line and not line.lstrip().startswith(("{", "[", '"')):
            raise LineError(
                "not JSON: import reads JSONL, one JSON object per line, and this line looks "
                "like CSV (export writes CSV for spreadsheets; export JSONL to import again)"
            ) from None
        # the position in the line: the line's own newline made colno "1" of a second line
        cut = exc.pos >= len(line.rstrip())
        where = "at the end of the line (cut short?)" if cut else f"at column {exc.pos + 1}"
        said = exc.msg.removesuffix(" at")  # "Invalid control character at", then where
        raise LineError(f"invalid JSON: {said} {where}") from None
    except RecursionError:  # thousands of nested brackets: the decoder's own stack gives out
        raise LineError("invalid JSON: nested too deeply") from None
    except ValueError as exc:  # a number too long for Python to read ("value has 4301 digits")
        digits = re.search(r"has (\d+) digits", str(exc))
        size = f" of {digits.group(1)} digits" if digits else ""
        raise LineError(f"invalid JSON: a number{size} is too long to read") from None
    if not isinstance(data, dict):
        raise LineError("expected a JSON object")
    get = data.get
    counts: list[int | None] = []
    for key in _OPTIONAL_COUNT:
        value = get(key)
        if value is not None and (type(value) is not int or value < 0):  # (a bool is not)
            raise LineError(f"{key}: expected a whole number ≥ 0")
        counts.append(value)
    text = get("text")
    if type(text) is not str:  # the usual case is a string: anything else is checked
        text = _text_field(data, "text", required=True, blank=True)
    source, external_id = get("source"), get("id")
    if type(source) is not str or not source.strip():
        source = _text_field(data, "source", required=True)
    if type(external_id) is not str or not external_id.strip():
        external_id = _text_field(data, "id", required=True, number=True)
    created_at = parse_time(get("created_at"), latest=latest)
    author, url, lang = (_optional_text(data, key) for key in _OPTIONAL_STR)
    followers, likes, reposts, replies = counts
    if (written := get("text_format")) is None:
        written = "auto"
    elif written not in TEXT_FORMATS:
        shown = repr(written)[:40]
        raise LineError(f"text_format: {shown} is not one of {', '.join(TEXT_FORMATS)}")
    if lang is not None and _guessed(get("lang_confidence")):
        lang = None  # an export's guess: identified again, not taken for the source's own tag
    return RawItem(
        source=str(source),
        external_id=str(external_id),
        text=as_html(str(text), written),
        created_at=created_at,
        author=author,
        url=url,
        lang=lang,
        author_followers=followers,
        likes=likes,
        reposts=reposts,
        replies=replies,
    )


def _guessed(confidence: object) -> bool:
    """Whether a line's ``lang_confidence`` says its language was a guess (below 1), as an
    export writes it for a language identified from the text."""
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        return False
    return 0 <= confidence < 1


def _optional_text(data: dict[str, Any], key: str) -> str | None:
    """``_text_field`` of an optional field, a string taken as it is without a call more."""
    value = data.get(key)
    if value is None or type(value) is str:
        return value
    return _text_field(data, key, required=False, number=key == "author")  # an account's id


KEPT_BAD_LINES = 1_000
"""Bad lines whose number and problem are kept (the rest are counted): a stream of garbage
piped in for an hour must not fill the memory with its complaints."""


@dataclass
class ReadReport:
    """Bad lines seen while reading a file."""

    lines: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    """The first ``KEPT_BAD_LINES`` bad lines, (line number, problem)."""
    bad: int = 0
    """Bad lines in all."""
    line_number: int = 0
    """The number of the line whose item was yielded last, to name it if it fails later."""

    last_line: int = 0
    """The number of the last line read, good or bad."""

    def bad_line(self, number: int, problem: str) -> None:
        self.bad += 1
        if len(self.errors) < KEPT_BAD_LINES:
            self.errors.append((number, problem))


def read_jsonl(handle: TextIO, report: ReadReport) -> Iterator[RawItem]:
    """Yield the good items of a JSONL stream; record the bad lines in ``report``."""
    for number, line in enumerate(handle, start=1):
        if number == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark, as some editors write
        if not line.strip():
            continue
        report.lines += 1
        report.last_line = number
        try:
            item = parse_line(line)
        except LineError as exc:
            report.bad_line(number, str(exc))
            continue
        report.line_number = number
        yield item


# -- the whole file through the pipeline, on every core that pays ----------------------------

CHUNK_LINES = 500
"""Lines handed to the pipeline at a time: enough for ``Pipeline.process_many`` to run each
step over a batch, few enough that the first mentions are stored early."""
POOL_FROM_LINES = 8_000
"""A file of fewer lines is done before worker processes would have started (each loads the
language identifier and the lexicons, about a second); a longer one gets them."""
POOL_FROM_BYTES = 2_000_000
"""A regular file this large has more than ``POOL_FROM_LINES`` lines: workers start at once."""
AHEAD_FIRST = 8
"""Chunks queued for the first worker, so it does not wait while the importer stores a batch
and scores a chunk of its own (about 0.4 s together: with 3 queued, the worker ran dry)."""
AHEAD_PER_WORKER = 3
"""Chunks queued for each worker after the first (a many-core machine's queue stays short)."""
HANDOFF_SECONDS = 0.0005
"""How long the pool's threads wait for the interpreter while workers run (default 5 ms)."""


Outcome = Mention | Exception | None
"""What a good line became: a mention, nothing (no text), or what the pipeline raised on it (a
bug, or input nothing foresaw), so that its line is named and every other line kept."""


class ChunkEnd:
    """The end of a chunk's lines (``process_jsonl(marks=True)``)."""


CHUNK_END = ChunkEnd()
_Done = list[tuple[int, str | None, Outcome]]
"""A chunk's lines: (line number, why the line is bad or None, what the good line became)."""


def process_jsonl(
    handle: TextIO,
    report: ReadReport,
    pipeline: Pipeline,
    *,
    keep_unmatched: bool = True,
    workers: int | None = None,
    latest: datetime | None = None,
    marks: bool = False,
) -> Iterator[tuple[int, Outcome | ChunkEnd]]:
    """``pipeline.process`` of every good line of a JSONL stream, as (line number, outcome)
    in line order, and with ``marks`` ``CHUNK_END`` after each chunk's (a caller reading a
    pipe stores what it has then); bad lines are recorded in ``report`` exactly as
    ``read_jsonl`` records them, and so is a line dated after ``latest`` (``latest_time()``:
    import and backtest pass it).

    Lines go through ``Pipeline.process_many`` a chunk at a time. A long file is shared with
    worker processes (``workers``; by default one per core but one): this process takes a
    chunk itself whenever the next one due is not back yet, and its caller stores what comes
    back meanwhile. The mentions and their order are those of one process, line by line; a
    worker that cannot start or dies leaves its chunks to this process.
    """
    if workers is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        workers = max(0, (cores or os.cpu_count() or 1) - 1)
    chunks = _chunks(handle)
    pool: ProcessPoolExecutor | None = None
    pool_now = _large(handle)
    pending: deque[tuple[list[tuple[int, str]], Future[_Done] | _Done]] = deque()
    read = 0
    switch_interval = sys.getswitchinterval()
    try:
        while True:
            if pool is None and workers and (pool_now or read >= POOL_FROM_LINES):
                pool = ProcessPoolExecutor(
                    workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(pipeline.config, pipeline.options),
                )
                # The pool's threads hand chunks to the workers and take their answers back,
                # each waiting for this busy thread to let go of the interpreter: by default
                # up to 5 ms a time, several times a chunk, while a worker waits for work.
                sys.setswitchinterval(HANDOFF_SECONDS)
            ahead = AHEAD_FIRST + AHEAD_PER_WORKER * (workers - 1) if workers else 0
            # the workers' own queue is kept full whatever this process has taken on itself:
            # counting its chunks too left them idle while it replayed or stored those
            queued = sum(isinstance(done, Future) for _, done in pending)
            while pool is not None and queued < ahead:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                read += len(chunk)
                queued += 1
                try:
                    pending.append((chunk, pool.submit(_work, chunk, keep_unmatched, latest)))
                except Exception:  # a worker could not start (no process, no pickle): do it here
                    workers = 0
                    pending.append((chunk, _lines(pipeline, chunk, keep_unmatched, latest)))
                    break
            waiting = bool(pending) and not _ready(pending[0][1])
            if not pending or (waiting and len(pending) < 2 * ahead):
                # nothing due is back yet: this process takes the next chunk itself
                chunk = next(chunks, None)
                if chunk is not None:
                    read += len(chunk)
                    pending.append((chunk, _lines(pipeline, chunk, keep_unmatched, latest)))
                    continue
                if not pending:
                    return
            lines, done = pending.popleft()
            if isinstance(done, Future):
                try:
                    done = done.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory): redo here
                    workers = 0  # and the rest too: the pool takes no more work
                    done = _lines(pipeline, lines, keep_unmatched, latest)
                except Exception:  # its answer could not come back (an exception no pickle
                    done = _lines(pipeline, lines, keep_unmatched, latest)  # carries): redo it here
            for number, bad, outcome in done:
                report.lines += 1
                report.last_line = number
                if bad is not None:
                    report.bad_line(number, bad)
                    continue
                report.line_number = number
                yield number, outcome
            if marks:
                yield report.line_number, CHUNK_END
    finally:
        sys.setswitchinterval(switch_interval)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _ready(done: Future[_Done] | _Done) -> bool:
    return not isinstance(done, Future) or done.done()


def _chunks(handle: TextIO) -> Iterator[list[tuple[int, str]]]:
    """The stream's non-blank lines, numbered, ``CHUNK_LINES`` at a time; from a pipe, also
    whatever came in the last ``TRICKLE_SECONDS``, read by a thread of its own so that a line
    followed by silence is handed on all the same: lines that trickle in (`tail -f … |`)
    waited for a chunk of 500 to fill, and one line then nothing waited for ever."""
    lines: Iterator[tuple[int, str]] = enumerate(handle, start=1)
    if _regular(handle):
        yield from _filled(lines)
    else:
        yield from _trickled(lines)


def _filled(lines: Iterator[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for number, line in _kept(lines):
        chunk.append((number, line))
        if len(chunk) >= CHUNK_LINES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _trickled(lines: Iterator[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    arrived: queue.Queue[tuple[int, str] | None] = queue.Queue(maxsize=4 * CHUNK_LINES)

    def read() -> None:
        try:
            for numbered in _kept(lines):
                arrived.put(numbered)
        finally:
            arrived.put(None)

    threading.Thread(target=read, name="import-reader", daemon=True).start()
    chunk: list[tuple[int, str]] = []
    began = 0.0
    while True:
        wait = max(0.0, began + TRICKLE_SECONDS - time.monotonic()) if chunk else None
        try:
            numbered = arrived.get(timeout=wait)
        except queue.Empty:  # nothing more for a while: what came is handed on
            yield chunk
            chunk = []
            continue
        if numbered is None:
            break
        if not chunk:
            began = time.monotonic()
        chunk.append(numbered)
        if len(chunk) >= CHUNK_LINES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _kept(lines: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """The non-blank lines, a byte-order mark (as some editors write) left off the first."""
    for number, line in lines:
        if number == 1:
            line = line.removeprefix("\ufeff")
        if line.strip():
            yield number, line


TRICKLE_SECONDS = 1.0
"""How long lines from a pipe wait to be read (and then stored) at most, as more come."""


def _regular(handle: TextIO) -> bool:
    """Whether ``handle`` reads a regular file (not a pipe, a terminal or a socket)."""
    try:
        return stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):  # a StringIO: as a file
        return True


def _large(handle: TextIO) -> bool:
    """Whether ``handle`` is a regular file of at least ``POOL_FROM_BYTES``."""
    try:
        status = os.fstat(handle.fileno())
    except (AttributeError, OSError, ValueError):  # a StringIO, a closed or odd stream
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size >= POOL_FROM_BYTES


def _lines(
    pipeline: Pipeline,
    chunk: list[tuple[int, str]],
    keep_unmatched: bool,
    latest: datetime | None = None,
) -> _Done:
    """Parse a chunk's lines and put the good ones through the pipeline."""
    parsed: list[tuple[int, str | None]] = []
    items: list[RawItem] = []
    for number, line in chunk:
        try:
            items.append(parse_line(line, latest))
        except LineError as exc:
            parsed.append((number, str(exc)))
            continue
        parsed.append((number, None))
    outcomes = iter(pipeline.process_many(items, keep_unmatched, return_exceptions=True))
    return [(number, bad, None if bad is not None else next(outcomes)) for number, bad in parsed]


_WORKER_PIPELINE: Pipeline | None = None


def _start_worker(config: Config, options: dict[str, Any]) -> None:
    """Build the worker's pipeline as the importer's; Ctrl-C is the importer's to handle (it
    stops the pool)."""
    global _WORKER_PIPELINE
    from crisistui.pipeline import Pipeline

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _leave_with_the_importer()
    _WORKER_PIPELINE = Pipeline(config, **options)


def _leave_with_the_importer() -> None:
    """End this worker when the importer's process ends. An importer killed outright (SIGKILL,
    out of memory) never stops its pool, and a worker waiting for its next chunk holds an end
    of the pool's own queue, so it would wait for ever, one idle process per core left
    behind by each killed `import` or `backtest`."""
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        wait([parent.sentinel])  # readable once the importer's end of it is closed: it died
        os._exit(1)

    threading.Thread(target=watch, name="importer-watch", daemon=True).start()


def _work(
    chunk: list[tuple[int, str]], keep_unmatched: bool, latest: datetime | None = None
) -> _Done:
    assert _WORKER_PIPELINE is not None, "started without its pipeline"
    return _lines(_WORKER_PIPELINE, chunk, keep_unmatched, latest)


_UNDECODED = re.compile("[\udc80-\udcff]")
"""A byte that is no UTF-8, as ``open_text`` reads it (``surrogateescape``)."""


def _not_utf8(line: str, found: re.Match[str]) -> str:
    """Why a line holding bytes that are no UTF-8 is not stored: read with them replaced,
    "réseau" saved as Latin-1 was kept as "r�seau" for good (a line stored once is
    not stored again), its language and words read wrong."""
    byte = ord(found.group()) - 0xDC00
    return (
        f"not UTF-8: byte 0x{byte:02X} at column {found.start() + 1}; save the file as UTF-8 "
        "(e.g. iconv -f latin1 -t utf-8 FILE > FILE.utf8) and import that"
    )


PACKED = {
    b"\x1f\x8b": "gzip-compressed: unpack it first (gunzip -c FILE)",
    b"BZh": "bzip2-compressed: unpack it first (bunzip2 -c FILE)",
    b"\xfd7zXZ\x00": "xz-compressed: unpack it first (xz -dc FILE)",
    b"\x28\xb5\x2f\xfd": "zstd-compressed: unpack it first (zstd -dc FILE)",
    b"PK\x03\x04": "a zip archive: unpack it first (unzip -p FILE)",
}
"""What a file that is no text starts with, and how to read it."""


def open_text(path: Path) -> TextIO:
    """Open for reading as UTF-8 ('-' is standard input), or UTF-16 when the file starts
    with its byte-order mark. A byte that is no UTF-8 is kept as a lone surrogate, which
    makes its line a bad line (``parse_line``), not a line stored with a wrong letter.

    A compressed or binary file is refused at once (``OSError``, its ``strerror`` saying what
    it is): read as text it was two hundred lines of "invalid JSON" and an exit that said some
    lines were good."""
    import sys

    if str(path) == "-":
        raw_in = getattr(sys.stdin, "buffer", None)
        if raw_in is None:  # a stand-in that is text already
            return sys.stdin
        return io.TextIOWrapper(raw_in, encoding="utf-8-sig", errors="surrogateescape")
    raw = path.open("rb")
    try:
        head = raw.peek(4096)[:4096]  # read without taking: a pipe cannot be read twice
        for magic, what in PACKED.items():
            if head.startswith(magic):
                raise OSError(errno.EINVAL, f"it is {what.replace('FILE', str(path))}")
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # saved as UTF-16 (Windows tools)
            return io.TextIOWrapper(raw, encoding="utf-16", errors="replace")
        # many NUL bytes are no text; one stray NUL is one bad line, as it is further on
        if head.count(b"\x00") * 50 > len(head):
            raise OSError(errno.EINVAL, "it is not text (it holds NUL bytes): JSONL is UTF-8 text")
    except BaseException:
        raw.close()
        raise
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape")
