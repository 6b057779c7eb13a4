"""Monitoring and tuning: `status` (Nagios exit codes) and `backtest`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from crisistui.analysis.spoken import by_language
from crisistui.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    config_from_args,
    db_path_from_args,
    err,
)
from crisistui.config import Config, ConfigError
from crisistui.domain.models import Mention
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.text import sanitize
from crisistui.store import StoreError, open_store

NAGIOS = {0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"}


async def _status(config: Config, db: Path, stale_after: float) -> tuple[int, dict[str, object]]:
    from datetime import timedelta

    from crisistui.analysis.current import assess_now, watch_now
    from crisistui.analysis.severity import Level
    from crisistui.analysis.share_of_voice import measure_share
    from crisistui.reports.breakdown import window_breakdown

    if not db.exists():
        return 3, {"state": "UNKNOWN", "reason": f"no database at {db}"}
    store = await open_store(db, create=False, read_only=True)
    try:
        now = (await store.clock()).now()  # a demo's or drill's file: its scenario time
        heartbeat = await store.last_ingest_time()
        if heartbeat is None or (now - heartbeat).total_seconds() > stale_after:
            silent = (
                "never written"
                if heartbeat is None
                else f"last write {heartbeat:%Y-%m-%d %H:%M} UTC"
            )
            return 3, {"state": "UNKNOWN", "reason": f"database is stale ({silent})"}
        assessment = await assess_now(store, config, now)
        competitors = await watch_now(store, config, now)
        window = await window_breakdown(store, config, assessment)
        since, until = now - timedelta(hours=1), now + timedelta(minutes=1)
        everyone = await store.rollups(since, until)
        share = measure_share(everyone, config.subjects, since, until)
        hour = [r for r in everyone if r.subject == config.brand.name]
        spoken = await store.language_rollups(
            now - timedelta(hours=1), now + timedelta(minutes=1), config.brand.name
        )
        failing = [h.name for h, _ in await store.source_health() if h.state.value == "failing"]
    finally:  # a damaged page, met only when read, is a StoreError: UNKNOWN, not WARNING
        await store.close()
    # the brand's level alone: a competitor's crisis is news (below), never our exit code
    code = 0 if assessment.level == Level.NORMAL else 1 if assessment.level == Level.ELEVATED else 2
    return code, {
        "state": NAGIOS[code],
        "brand": config.brand.name,
        "level": assessment.level.label,
        "score": assessment.score,
        "drivers": list(assessment.drivers),
        "crisis_type": assessment.crisis_type,
        "trigger_terms": [
            {"crisis_type": kind, "term": term, "negative": count}
            for kind, term, count in assessment.trigger_terms
        ],
        "window": {"minutes": assessment.window_minutes, **window.as_dict()},
        "last_hour": {
            "mentions": sum(r.volume for r in hour),
            "negative": sum(r.negative for r in hour),
            "positive": sum(r.positive for r in hour),
            "unscored": sum(r.unscored for r in hour),
            "languages": [voice.as_dict() for voice in by_language(spoken)],
        },
        "share_of_voice": share.as_dict(),
        "competitors": [c.as_dict() for c in competitors],
        "failing_sources": failing,
        "at": now.isoformat(),
    }


def cmd_status(args: argparse.Namespace) -> int:
    import json

    try:
        config = config_from_args(args, required=False)
        code, report = asyncio.run(
            _status(config, db_path_from_args(args, config), args.stale_after)
        )
    except (ConfigError, StoreError) as exc:
        code, report = 3, {"state": "UNKNOWN", "reason": str(exc).splitlines()[0]}
    if args.json:
        print(json.dumps({**report, "exit": code}, ensure_ascii=False))
    elif code == 3:
        print(f"UNKNOWN: {report['reason']}")
    else:
        hour = report["last_hour"]
        assert isinstance(hour, dict)
        drivers = _nagios_text("; ".join(report["drivers"]) or "nothing unusual")  # type: ignore[arg-type]
        print(
            f"{report['state']}: {report['brand']} severity {str(report['level']).upper()} "
            f"(score {report['score']}) - {drivers} | score={report['score']} "
            f"mentions={hour['mentions']} negative={hour['negative']}"
        )
        for line in _window_lines(report):
            print(line)
    return code


def _window_lines(report: dict[str, object]) -> list[str]:
    """The Nagios long output: the likely crisis type and the window's top terms, authors and
    sources, one line each (monitoring systems show them under the status line)."""
    window = report["window"]
    assert isinstance(window, dict)
    lines = [f"likely crisis type: {report['crisis_type'] or 'none'}"]
    lines.append(
        f"last {window['minutes']} min: {window['negative_mentions']} negative mentions"
        + (" (newest read)" if window["truncated"] else "")
    )
    for key, label, name in (
        ("top_terms", "top terms", "term"),
        ("top_authors", "top authors", "author"),
        ("top_sources", "top sources", "source"),
    ):
        items = window[key]
        if items:
            listed = ", ".join(f"{i[name]} {i['mentions']}" for i in items)
            lines.append(_nagios_text(f"{label}: {listed}"))
    share = report["share_of_voice"]
    assert isinstance(share, dict)
    if share["mentions"]:
        listed = ", ".join(
            f"{s['subject']} {_percent(s['share'])} ({_percent(s['negative_share'])} of negative)"
            for s in share["subjects"]
        )
        lines.append(_nagios_text(f"share of voice, last hour: {listed}"))
    competitors = report["competitors"]
    assert isinstance(competitors, list)
    lines += [_nagios_text(f"competitor {c['summary']}") for c in competitors]
    return lines


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def _nagios_text(text: str) -> str:
    """Plugin output is parsed: '|' starts performance data, so a stranger's name holding one
    would forge figures. Control characters never reach the terminal either."""
    return sanitize(text).replace("|", "¦")


def _utc(moment: datetime | None) -> str | None:
    """A moment in UTC, ISO 8601: a history's own offsets mixed in one output read reversed."""
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _utc_text(moment: datetime | None) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if moment is not None else "—"


def cmd_backtest(args: argparse.Namespace) -> int:
    import json

    from crisistui.analysis.backtest import replay
    from crisistui.analysis.severity import Level
    from crisistui.importer import ReadReport, open_text, process_jsonl
    from crisistui.pipeline import Pipeline

    config = config_from_args(args, required=False)
    pipeline = Pipeline(config)
    report = ReadReport()
    try:
        handle = open_text(Path(args.file))
    except OSError as exc:
        err(f"{args.file}: cannot read: {exc.strerror}")
        return EXIT_USAGE

    def processed() -> Iterator[Mention]:
        """The file's mentions in line order, through the pipeline as ``import`` runs it (a
        chunk at a time, a long file shared with worker processes on the other cores)."""
        for number, outcome in process_jsonl(handle, report, pipeline, keep_unmatched=True):
            if isinstance(outcome, Exception):  # one line never takes good lines with it
                report.errors.append((number, f"cannot process: {outcome!r}"[:300]))
            elif outcome is not None:
                yield outcome

    with handle:
        # Streamed: the replay keeps per-minute counts, so a year-long file needs no more
        # memory than a day-long one.
        own = OwnAccounts(config.brand.accounts)
        result = replay(processed(), config.brand.name, config.severity, own)
    for number, problem in report.errors[:20]:
        print(f"{args.file}:{number}: {problem}", file=sys.stderr)
    first_high = result.first_reaching(Level.HIGH)
    summary = {
        "mentions": result.mentions,
        "duplicates": result.duplicates,
        "bad_lines": len(report.errors),
        "from": _utc(result.first),
        "to": _utc(result.last),
        "level_changes": len(result.changes),
        "first_high": _utc(first_high),
        "crisis_types": list(
            dict.fromkeys(
                c.assessment.crisis_type for c in result.changes if c.assessment.crisis_type
            )
        ),
        "max_score": result.max_score,
        "minutes_at": {level.label: result.minutes_at.get(level, 0) for level in Level},
    }
    for change in result.changes:
        a = change.assessment
        if args.json:
            print(
                json.dumps(
                    {
                        "at": _utc(change.at),
                        "level": a.level.label,
                        "from": change.before.label,
                        "score": a.score,
                        "drivers": list(a.drivers),
                        "crisis_type": a.crisis_type,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            when = _utc_text(change.at)
            drivers = "; ".join(a.drivers[:2]) or "calm"
            kind = f" [{a.crisis_type}]" if a.crisis_type else ""
            print(
                f"{when}  {change.before.label:>8} → {a.level.label:<8} score {a.score:>5.1f}  "
                f"{drivers}{kind}"
            )
    if args.json:
        print(json.dumps({"summary": summary}))
    else:
        at_levels = ", ".join(f"{k} {v} min" for k, v in summary["minutes_at"].items())
        repeated = (
            f" ({result.duplicates} repeated posts counted once)" if result.duplicates else ""
        )
        print(
            f"{result.mentions} mentions about {config.brand.name}{repeated} from "
            f"{_utc_text(result.first)} to {_utc_text(result.last)}; "
            f"{len(result.changes)} level changes; first high: "
            f"{_utc_text(first_high) if first_high else 'never'}; "
            f"max score {result.max_score:.1f}; "
            f"likely crisis types: {', '.join(summary['crisis_types']) or 'none'}; "
            f"{at_levels}"
        )
    return EXIT_PARTIAL if report.errors else EXIT_OK
