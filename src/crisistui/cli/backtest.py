"""`crisistui backtest`: a JSONL history replayed through the pipeline and the severity engine,
minute by minute, to show when the level would have changed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from crisistui.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    config_from_args,
    err,
    utc_iso,
    utc_text,
)
from crisistui.domain.models import Mention
from crisistui.domain.numbers import plural
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.text import fold

LISTED_BAD_LINES = 20
"""Bad lines named one by one; the rest are counted."""
DEMO_CHECKED = 2_000
"""Mentions looked at for the demo brand's name when no config file was found."""


def cmd_backtest(args: argparse.Namespace) -> int:
    import json

    from crisistui.analysis.backtest import BacktestResult, SpanTooLong, replay
    from crisistui.analysis.severity import Level
    from crisistui.importer import ReadReport, latest_time, open_text, process_jsonl
    from crisistui.pipeline import Pipeline

    config = config_from_args(args, required=False)
    # nothing is stored, and only the brand is replayed
    pipeline = Pipeline(config, for_store=False, subject=config.brand.name)
    report = ReadReport()
    try:
        handle = open_text(Path(args.file))
    except OSError as exc:
        err(f"{args.file}: cannot read: {exc.strerror}")
        return EXIT_USAGE

    demo = config.origin is None
    named = [0, 0]  # of the first DEMO_CHECKED mentions: looked at, naming the demo brand

    def processed() -> Iterator[Mention]:
        """The file's mentions in line order, through the pipeline as ``import`` runs it (a
        chunk at a time, a long file shared with worker processes on the other cores); a line
        dated more than a day from now is a bad line, as for ``import``."""
        latest = latest_time()
        for number, outcome in process_jsonl(
            handle, report, pipeline, keep_unmatched=True, latest=latest
        ):
            if isinstance(outcome, Exception):  # one line never takes good lines with it
                report.bad_line(number, f"cannot process: {outcome!r}"[:300])
            elif outcome is not None:
                if demo and named[0] < DEMO_CHECKED:
                    named[0] += 1
                    named[1] += pipeline.matcher.match(outcome.text, fold(outcome.text)) is not None
                yield outcome

    with handle:
        # Streamed: the replay keeps per-minute counts, so a year-long file needs no more
        # memory than a day-long one.
        own = OwnAccounts(config.brand.accounts)
        too_long = ""
        try:
            result: BacktestResult | None = replay(
                processed(), config.brand.name, config.severity, own
            )
        except SpanTooLong as exc:  # said after the bad lines, which may be why
            result, too_long = None, str(exc)
    for number, problem in report.errors[:LISTED_BAD_LINES]:
        print(f"{args.file}:{number}: {problem}", file=sys.stderr)
    if report.bad > LISTED_BAD_LINES:
        print(f"… and {report.bad - LISTED_BAD_LINES} more bad lines", file=sys.stderr)
    if result is None:
        err(f"{args.file}: {too_long}")
        return EXIT_USAGE
    first_high = result.first_reaching(Level.HIGH)
    summary = {
        "mentions": result.mentions,
        "duplicates": result.duplicates,
        "bad_lines": report.bad,
        "from": utc_iso(result.first),
        "to": utc_iso(result.last),
        "level_changes": len(result.changes),
        "first_high": utc_iso(first_high),
        "crisis_types": list(
            dict.fromkeys(
                c.assessment.crisis_type for c in result.changes if c.assessment.crisis_type
            )
        ),
        "crisis_type_minutes": dict(result.type_minutes),
        "max_score": result.max_score,
        "minutes_at": {level.label: result.minutes_at.get(level, 0) for level in Level},
    }
    for change in result.changes:
        a = change.assessment
        if args.json:
            print(
                json.dumps(
                    {
                        "at": utc_iso(change.at),
                        "level": a.level.label,
                        "from": change.before.label,
                        "score": a.score,
                        "drivers": list(a.drivers),
                        "holding": a.holding,
                        "crisis_type": a.crisis_type,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            when = utc_text(change.at)
            said = [a.holding] if a.holding else []
            drivers = "; ".join([*said, *a.drivers[:2]][:2]) or "calm"
            kind = f" [{a.crisis_type}]" if a.crisis_type else ""
            print(
                f"{when}  {change.before.label:>8} → {a.level.label:<8} score {a.score:>5.1f}  "
                f"{drivers}{kind}"
            )
    if args.json:
        print(json.dumps({"summary": summary}))
    else:
        at_levels = ", ".join(f"{k} {v} min" for k, v in summary["minutes_at"].items())
        said = plural(result.duplicates, "repeated post")
        repeated = f" ({said} counted once)" if result.duplicates else ""
        if report.bad:
            repeated += f" ({plural(report.bad, 'bad line')} left out)"
        print(
            f"{result.mentions} mentions about {config.brand.name}{repeated} from "
            f"{utc_text(result.first)} to {utc_text(result.last)}; "
            f"{len(result.changes)} level changes; first high: "
            f"{utc_text(first_high) if first_high else 'never'}; "
            f"max score {result.max_score:.1f}; "
            f"likely crisis types: {', '.join(summary['crisis_types']) or 'none'}"
            f"{_named_while_raised(result.type_minutes)}; "
            f"{at_levels} (ticked to {config.severity.window_minutes} min after the last mention)"
        )
    if named[0] and not named[1]:  # last, where it is seen: the replay was of nothing real
        err(
            f"{args.file}: none of the first {plural(named[0], 'mention')} names "
            f"{config.brand.name}, the built-in demo brand: no config file was found, and "
            "lines naming no brand are replayed as the brand's; give yours with -c FILE"
        )
    return EXIT_PARTIAL if report.bad else EXIT_OK


def _named_while_raised(minutes: dict[str, int]) -> str:
    """ " (named while above normal: service-outage 25 min, data-breach 5 min)" when more than
    one type was named while the level was raised: the type can change without the level
    changing, which the level changes alone do not show."""
    if len(minutes) < 2:
        return ""
    named = ", ".join(f"{kind} {count} min" for kind, count in minutes.items())
    return f" (named while above normal: {named})"
