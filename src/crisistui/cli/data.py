"""Data in and out: `import`, `export`, `import-opml`, `check-config`."""

from __future__ import annotations

import argparse
import asyncio
import errno
import os
import stat
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeGuard

from crisistui.cli.common import (
    DB_ENVIRONMENT,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    check_keys,
    config_from_args,
    db_path_from_args,
    err,
    open_for,
    playbooks_for,
    run_until_signal,
)
from crisistui.config import (
    Config,
    ConfigError,
    find_config,
    load_config,
    read_toml,
    user_config_path,
)
from crisistui.domain.models import Mention
from crisistui.domain.numbers import plural
from crisistui.domain.playbook import load_playbooks
from crisistui.importer import ReadReport
from crisistui.store import Store, StoreError
from crisistui.store.errors import ValueRejected
from crisistui.store.location import parse_location, redact


@dataclass
class _Settled:
    """The lines decided and stored so far: what a stopped import's summary counts."""

    lines: int = 0
    bad: int = 0
    empty: int = 0
    new: int = 0


class _ImportStopped(Exception):
    """A write failed for a reason that is no line's fault (a full or failing disk, a
    database busy past its timeout): the import stops; what is stored stays stored."""


WRITE_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})
"""OS errors of a disk that takes no more writes, not of one line."""


def disk_refused(exc: BaseException) -> TypeGuard[OSError]:
    """Whether ``exc`` is the disk refusing a write (full, over quota, failing)."""
    return isinstance(exc, OSError) and exc.errno in WRITE_FAILURES


async def _import(config: Config, db: Path, source: Path) -> int:
    """Every good line into the store, in batches that each commit. A write the disk or the
    database refuses stops the import with one line and the summary of what was stored
    (exit 2): the batches before it are committed, and a second run skips them. A line dated
    more than a day after the import began is a bad line (``importer.FUTURE_SLACK``)."""
    from crisistui.importer import CHUNK_END, latest_time, open_text, process_jsonl
    from crisistui.pipeline import Pipeline

    pipeline = Pipeline(config)
    report = ReadReport()
    settled = _Settled()
    stopped: str | None = None
    interrupted = False
    try:
        handle = open_text(source)
    except OSError as exc:
        err(f"{source}: cannot read: {exc.strerror}")
        return EXIT_USAGE
    with handle:
        store = await open_for(db, config, claim=True, bulk=True)
        now = datetime.now(UTC)
        empty = 0
        batch: list[tuple[int, Mention]] = []

        async def store_batch() -> None:
            nonlocal batch
            try:
                settled.new += await _store_batch(store, batch, now, report)
            except StoreError as exc:
                first = batch[0][0] if batch else report.line_number
                stop = f"{exc}; import stopped before line {first}"
                raise _ImportStopped(stop) from None
            batch = []
            settled.lines, settled.bad, settled.empty = report.lines, report.bad, empty

        # the pipeline runs a chunk of lines at a time, on every core that pays for a long
        # file; what comes back is in line order, stored here batch by batch (from a pipe,
        # also every few seconds: lines trickling in are stored as they come)
        trickle = not _regular_file(str(source))
        outcomes = process_jsonl(handle, report, pipeline, latest=latest_time(now), marks=True)
        try:
            for number, outcome in outcomes:
                if outcome is CHUNK_END:
                    if batch and trickle:  # from a pipe: what came is stored now
                        await store_batch()
                    elif not batch:  # every line read so far is settled (bad lines too)
                        settled.lines, settled.bad, settled.empty = report.lines, report.bad, empty
                    await asyncio.sleep(0)  # Ctrl+C is heard between chunks of bad lines too
                    continue
                if isinstance(outcome, Exception):  # one line never takes good lines with it
                    if disk_refused(outcome):
                        await store_batch()  # but a full disk is no line's fault
                        settled.lines -= 1  # the line that met the full disk is not done
                        raise _ImportStopped(
                            f"{source}:{number}: cannot process: {_os_problem(outcome)}; "
                            f"import stopped before line {number}"
                        ) from None
                    report.bad_line(number, f"cannot process: {outcome!r}"[:300])
                    continue
                if outcome is None:
                    empty += 1
                    continue
                batch.append((number, outcome))
                if len(batch) >= 2000:
                    await store_batch()
            await store_batch()
        except _ImportStopped as exc:
            stopped = str(exc)
        except asyncio.CancelledError:  # Ctrl+C or SIGTERM (``run_until_signal``)
            first = batch[0][0] if batch else report.last_line + 1
            stopped = f"{source}: interrupted; import stopped before line {first}"
            interrupted = True
        finally:
            outcomes.close()  # its worker processes end now, not when collected
            try:
                await store.close()
            except StoreError:
                if stopped is None:
                    raise
    lines, bad, empty = (
        (settled.lines, settled.bad, settled.empty)
        if stopped
        else (report.lines, report.bad, empty)
    )
    for number, problem in sorted(report.errors[:bad])[:200]:
        print(f"{source}:{number}: {problem}", file=sys.stderr)
    if bad > 200:
        print(f"… and {bad - 200} more bad lines", file=sys.stderr)
    print(
        f"{source}: {lines} lines, {settled.new} new mentions, "
        f"{lines - bad - empty - settled.new} already stored, {empty} empty, "
        f"{bad} bad lines skipped",
        flush=True,
    )
    if stopped:
        kept = (
            "the lines before it are stored, and the same import run again skips them"
            if settled.lines
            else "nothing was stored"
        )
        err(f"{stopped}: {kept}")
        return EXIT_INTERRUPTED if interrupted else EXIT_USAGE
    return EXIT_PARTIAL if report.bad else EXIT_OK


def _os_problem(exc: OSError) -> str:
    """An OS error in words: "the disk is full (No space left on device: '/tmp/x')"."""
    what = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "cannot write"
    where = f": {exc.filename!r}" if exc.filename else ""
    return f"{what} ({exc.strerror}{where})"


ONE_BAD_VALUE = (ValueRejected, ValueError)
"""What one mention's value can make a write raise (UnicodeEncodeError is a ValueError)."""


async def _store_batch(
    store: Store, batch: list[tuple[int, Mention]], now: datetime, report: ReadReport
) -> int:
    """Store a batch; if one of its mentions cannot be stored, store the others one by one and
    name the line that failed, rather than lose the batch (a busy or full database still stops
    the import: that is not one line's fault)."""
    try:
        return (await store.add_mentions([m for _, m in batch], now)).new
    except ONE_BAD_VALUE as exc:
        if not _one_lines_fault(exc):
            raise
    new = 0
    for number, mention in batch:
        try:
            new += (await store.add_mentions([mention], now)).new
        except ONE_BAD_VALUE as exc:
            if not _one_lines_fault(exc):
                raise
            report.bad_line(number, f"cannot store: {exc}"[:300])
    return new


def _one_lines_fault(exc: Exception) -> bool:
    """A value the store refused (``ValueRejected``, a ValueError of a line), not the database
    refusing every write (busy, read-only: store errors that are ValueErrors too)."""
    return isinstance(exc, ValueRejected) or not isinstance(exc, StoreError)


EXIT_INTERRUPTED = 130
"""Stopped by Ctrl+C or SIGTERM, as a shell says of an interrupted command."""


def cmd_import(args: argparse.Namespace) -> int:
    config = config_from_args(args, required=False)
    importing = _import(config, db_path_from_args(args, config), Path(args.file))
    if not _regular_file(args.file):
        # a pipe may wait for lines for ever, where a handler could not run: Ctrl+C and
        # SIGTERM end it as they end any command (what was committed stays)
        return asyncio.run(importing)
    # Ctrl+C or SIGTERM stops it at its next batch, with its summary: what was stored and the
    # line a second run begins at (the batch under way may be stored too; a rerun skips it)
    return run_until_signal(importing, again_ends=True)


def _regular_file(name: str) -> bool:
    try:
        return name != "-" and stat.S_ISREG(os.stat(name).st_mode)
    except (OSError, ValueError):
        return False


async def _export(config: Config, db: Path, fmt: str, output: str | None) -> int:
    """Mentions out; a file is written beside its name and only then takes it, so a read that
    fails half-way (a damaged page) never leaves a short export under the name asked for.

    A device, a pipe or a terminal named with ``-o`` (``/dev/stdout``, ``>(gzip)``) is written
    directly: there is no renaming over it. A write that fails (a full disk) stops the export
    with one line and exit 2, and removes the unfinished file, whose space the disk needs.
    """
    from crisistui.exporter import Written, write_mentions

    to_file = bool(output and output != "-")
    if to_file and Path(str(output)).is_dir():
        err(f"{output}: is a folder; name a file to export to (nothing was exported)")
        return EXIT_USAGE
    store = await open_for(db, config, create=False, read_only=True)
    written = Written()
    final, partial = _export_file(str(output)) if to_file else (None, None)
    target = str(output) if to_file else "standard output"
    try:
        if final is not None and partial is not None:
            with open(partial, "w", encoding="utf-8", newline="") as out:
                await write_mentions(store.iter_mentions(), out, fmt, written)
            partial.replace(final)
        elif final is not None:
            with open(final, "w", encoding="utf-8", newline="") as out:
                await write_mentions(store.iter_mentions(), out, fmt, written)
        else:
            await write_mentions(store.iter_mentions(), sys.stdout, fmt, written)
            sys.stdout.flush()  # a full disk behind standard output is found here
    except StoreError as exc:
        kept = f"; what was read is in {partial}" if partial is not None else ""
        err(f"{db}: export stopped after {written.count} mentions: {exc}{kept}")
        return EXIT_PARTIAL
    except OSError as exc:
        if isinstance(exc, BrokenPipeError) or (not to_file and not disk_refused(exc)):
            raise  # the reader left (`| head`): main() ends quietly, as a Unix filter
        if not to_file:
            _drop_unwritten_output()
        dropped = "; the output is incomplete"
        if partial is not None:
            partial.unlink(missing_ok=True)
            dropped = f"; nothing was exported (the unfinished {partial.name} is removed)"
        err(f"{target}: export stopped: {_os_problem(exc)}{dropped}")
        return EXIT_USAGE
    finally:
        await store.close()
    print(f"exported {written.count:,} mentions", file=sys.stderr)
    return EXIT_OK


def _export_file(output: str) -> tuple[Path, Path | None]:
    """The file an export writes, and the ``.partial`` file written first and renamed over it
    (None: written directly). A name that leads to a device, a pipe or a terminal
    (``/dev/full``, ``/dev/stdout``, ``>(gzip)``) is written directly: nothing may be renamed
    over it. Through a symbolic link, the link's target is replaced, never the link."""
    path = Path(output)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    named = {Path(output).absolute().parts[:2], path.absolute().parts[:2]}
    if named & {("/", "dev"), ("/", "proc")}:
        return Path(output), None
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except OSError:  # a new file (or one open() will say what is wrong with)
        regular = True
    return (path, Path(f"{path}.partial")) if regular else (Path(output), None)


def _drop_unwritten_output() -> None:
    """Standard output refused a write (``> /dev/full``): what is still buffered must not be
    flushed again at exit, which would fail a second time with a traceback."""
    from crisistui.cli import _silence_stdout

    _silence_stdout()


def cmd_export(args: argparse.Namespace) -> int:
    config = config_from_args(args, required=False)
    return asyncio.run(_export(config, db_path_from_args(args, config), args.format, args.output))


def cmd_import_opml(args: argparse.Namespace) -> int:
    from crisistui.sources.opml import opml_to_toml

    taken: list[str] = []
    path = find_config(getattr(args, "config", None))
    if path is not None:
        taken = [source.name for source in load_config(path).sources]
    skipped: list[str] = []
    try:
        text = opml_to_toml(Path(args.file), interval=args.interval, taken=taken, skipped=skipped)
    finally:  # said even when nothing is left to print: why the feeds were skipped
        for note in skipped:
            err(f"warning: {args.file}: {note}")
    print(text, end="" if text.endswith("\n") else "\n")
    return EXIT_OK


def cmd_check_config(args: argparse.Namespace) -> int:
    path = Path(args.file) if args.file else find_config(None)
    if path is None:
        err(
            "no config file to check: give FILE, set CRISISTUI_CONFIG, or create "
            f"{user_config_path()}"
        )
        return EXIT_USAGE
    try:
        config = load_config(path)
    except ConfigError as error:
        # every problem in one go, not one round of fixes per kind of check
        raise ConfigError(error.file, error.problems + _playbook_problems(path)) from None
    problems: list[str] = []
    try:
        check_keys(config)
    except ConfigError as error:
        problems += error.problems
    playbooks = playbooks_for(config)
    problems += _unknown_playbook(config.console.playbook, playbooks)
    if problems:
        raise ConfigError(str(path), problems)
    print(f"ok: {path}")
    for line in config_summary(config, len(playbooks)):
        print(f"  {line}")
    from crisistui.alerts.apprise_channel import channel_problems

    for problem in channel_problems(config.alerts.urls_env):
        err(f"warning: {problem}")
    if config.storage.url and redact(config.storage.url) != config.storage.url:
        err(
            "warning: storage.url holds a password: whoever reads this file can open the "
            "database. Leave it out; libpq finds it in PGPASSWORD, ~/.pgpass or a service file "
            "(docs/scale.md)"
        )
    return EXIT_OK


def _playbook_problems(path: Path) -> list[str]:
    """``console.playbook`` checked in a file that failed its other checks: read as written,
    against the playbooks the file would load."""
    try:
        raw = read_toml(path)
    except ConfigError:
        return []
    console = raw.get("console")
    wanted = console.get("playbook") if isinstance(console, dict) else None
    folder = raw.get("playbooks_dir")
    if not isinstance(wanted, str) or not (folder is None or isinstance(folder, str)):
        return []
    unchecked = Config.model_construct(
        origin=path.resolve(), playbooks_dir=Path(folder) if folder else None
    )
    playbooks = load_playbooks(unchecked.playbook_dirs())
    return _unknown_playbook(wanted, playbooks) if playbooks else []


def _unknown_playbook(wanted: str, playbooks: Mapping[str, object]) -> list[str]:
    """The problem of a ``console.playbook`` naming no playbook there is."""
    if wanted in playbooks:
        return []
    return [f"console.playbook: no playbook {wanted!r} (have: {', '.join(sorted(playbooks))})"]


def config_summary(config: Config, playbooks: int) -> list[str]:
    """What a valid config will do, in a few lines a person can check against intent."""
    brand = config.brand
    rivals = ", ".join(c.name for c in config.competitors) or "none"
    kinds = Counter(s.type for s in config.sources)
    sources = ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in sorted(kinds.items()))
    alerts = config.alerts
    sent_to = ", ".join(alerts.urls_env) if alerts.urls_env else "nowhere (console only)"
    return [
        f"brand: {brand.name} ({plural(len(brand.terms), 'term')}); competitors: {rivals}",
        f"sources: {len(config.sources)}" + (f" ({sources})" if sources else ""),
        f"playbooks: {playbooks}; checklist while calm: {config.console.playbook}",
        f"severity: {config.severity.preset} preset",
        f"alerts: {sent_to}; from level {alerts.min_level}",
        f"sentiment: {sentiment_summary(config)}",
        f"database: {database_in_use(config)}",
    ]


def database_in_use(config: Config) -> str:
    """The database the commands will use: $CRISISTUI_DB wins over ``[storage]``, and a
    summary that named the file the environment overrides sent people to the wrong one."""
    given = os.environ.get(DB_ENVIRONMENT)
    schema = config.storage.brand_schema
    location = parse_location(given or config.db_location())
    shown = location.in_schema(schema).shown
    if schema is not None and not location.is_postgres:
        shown += f" (schema {schema} not used: a file holds one brand)"
    return f"{shown} (from ${DB_ENVIRONMENT}, not [storage])" if given else shown


def sentiment_summary(config: Config) -> str:
    """Which analyser reads which language: "VADER for en; lexicons for ar, de, …; learned for
    vi; off: sw; other languages unscored"."""
    from crisistui.pipeline.sentiment import SentimentScorer
    from crisistui.pipeline.sentiment.lexicon import shipped_languages

    scorer = SentimentScorer(config.sentiment)
    languages = sorted({"en", *shipped_languages(), *config.sentiment.languages})
    by_choice: dict[str, list[str]] = {}
    for lang in languages:
        by_choice.setdefault(scorer.choice(lang), []).append(lang)
    names = {"vader": "VADER", "lexicon": "lexicons", "learned": "learned", "unscored": "off"}
    parts = [f"{names[choice]} for {', '.join(langs)}" for choice, langs in by_choice.items()]
    return "; ".join(parts) + "; other languages unscored"
