"""Data in and out: `import`, `export`, `import-opml`, `check-config`."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from crisistui.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    check_keys,
    config_from_args,
    db_path_from_args,
    err,
    playbooks_for,
)
from crisistui.config import Config, ConfigError, find_config, load_config
from crisistui.importer import ReadReport
from crisistui.models import Mention
from crisistui.numbers import plural
from crisistui.store import Store


async def _import(config: Config, db: Path, source: Path) -> int:
    from crisistui.importer import open_text, read_jsonl
    from crisistui.pipeline import Pipeline

    pipeline = Pipeline(config)
    report = ReadReport()
    new = skipped = 0
    try:
        handle = open_text(source)
    except OSError as exc:
        err(f"{source}: cannot read: {exc.strerror}")
        return EXIT_USAGE
    with handle:
        store = await Store.open(db)
        now = datetime.now(UTC)
        try:
            batch: list[tuple[int, Mention]] = []
            for item in read_jsonl(handle, report):
                try:
                    mention = pipeline.process(item, keep_unmatched=True)
                except Exception as exc:  # one line must never take good lines with it
                    report.errors.append((report.line_number, f"cannot process: {exc!r}"[:300]))
                    continue
                if mention is None:
                    skipped += 1
                    continue
                batch.append((report.line_number, mention))
                if len(batch) >= 2000:
                    new += await _store_batch(store, batch, now, report)
                    batch = []
            new += await _store_batch(store, batch, now, report)
        finally:
            await store.close()
    for number, problem in report.errors[:200]:
        print(f"{source}:{number}: {problem}", file=sys.stderr)
    if len(report.errors) > 200:
        print(f"… and {len(report.errors) - 200} more bad lines", file=sys.stderr)
    good = report.lines - len(report.errors) - skipped
    print(
        f"{source}: {report.lines} lines, {new} new mentions, {good - new} already stored, "
        f"{skipped} empty, {len(report.errors)} bad lines skipped"
    )
    return EXIT_PARTIAL if report.errors else EXIT_OK


ONE_BAD_VALUE = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, ValueError)
"""What one mention's value can make a write raise (UnicodeEncodeError is a ValueError)."""


async def _store_batch(
    store: Store, batch: list[tuple[int, Mention]], now: datetime, report: ReadReport
) -> int:
    """Store a batch; if one of its mentions cannot be stored, store the others one by one and
    name the line that failed, rather than lose the batch (a busy or full database still stops
    the import: that is not one line's fault)."""
    try:
        return (await store.add_mentions([m for _, m in batch], now)).new
    except ONE_BAD_VALUE:
        pass
    new = 0
    for number, mention in batch:
        try:
            new += (await store.add_mentions([mention], now)).new
        except ONE_BAD_VALUE as exc:
            report.errors.append((number, f"cannot store: {exc}"[:300]))
    return new


def cmd_import(args: argparse.Namespace) -> int:
    config = config_from_args(args, required=False)
    return asyncio.run(_import(config, db_path_from_args(args, config), Path(args.file)))


async def _export(db: Path, fmt: str, output: str | None) -> int:
    """Mentions out; a file is written beside its name and only then takes it, so a read that
    fails half-way (a damaged page) never leaves a short export under the name asked for."""
    from crisistui.exporter import Written, write_mentions

    store = await Store.open(db, create=False, read_only=True)
    written = Written()
    to_file = bool(output and output != "-")
    partial = Path(f"{output}.partial") if to_file else None
    try:
        if partial is not None:
            with open(partial, "w", encoding="utf-8", newline="") as out:
                await write_mentions(store.iter_mentions(), out, fmt, written)
            partial.replace(str(output))
        else:
            await write_mentions(store.iter_mentions(), sys.stdout, fmt, written)
    except sqlite3.DatabaseError as exc:
        kept = f"; what was read is in {partial}" if partial is not None else ""
        err(f"{db}: export stopped after {written.count} mentions: {exc}{kept}")
        return EXIT_PARTIAL
    finally:
        await store.close()
    print(f"exported {written.count} mentions", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    config = config_from_args(args, required=False)
    return asyncio.run(_export(db_path_from_args(args, config), args.format, args.output))


def cmd_import_opml(args: argparse.Namespace) -> int:
    from crisistui.sources.opml import opml_to_toml

    taken: list[str] = []
    path = find_config(getattr(args, "config", None))
    if path is not None:
        taken = [source.name for source in load_config(path).sources]
    text = opml_to_toml(Path(args.file), interval=args.interval, taken=taken)
    print(text, end="" if text.endswith("\n") else "\n")
    return EXIT_OK


def cmd_check_config(args: argparse.Namespace) -> int:
    path = Path(args.file) if args.file else find_config(None)
    if path is None:
        err("no config file to check: give FILE, set CRISISTUI_CONFIG, or create one")
        return EXIT_USAGE
    config = load_config(path)
    check_keys(config)
    playbooks = playbooks_for(config)
    if config.console.playbook not in playbooks:
        raise ConfigError(
            str(path),
            [
                f"console.playbook: no playbook {config.console.playbook!r} "
                f"(have: {', '.join(sorted(playbooks))})"
            ],
        )
    print(f"ok: {path}")
    for line in config_summary(config, len(playbooks)):
        print(f"  {line}")
    from crisistui.alerts.apprise_channel import channel_problems

    for problem in channel_problems(config.alerts.urls_env):
        err(f"warning: {problem}")
    return EXIT_OK


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
    ]


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
