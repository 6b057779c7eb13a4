"""`chart`: mentions, net sentiment and share of voice over a period, as PNG, SVG or CSV, for
what leaves the terminal (a slide for the crisis meeting, a spreadsheet).

The figures come from the per-minute rollups, gathered into the buckets of
``analysis.buckets`` (one rule for every chart). CSV always works; PNG and SVG need the
``charts`` extra (matplotlib), checked before the database is read.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from crisistui.analysis.buckets import (
    Bucket,
    Period,
    Tally,
    bucket_label,
    bucket_rollups,
    chart_period,
    period_tallies,
    share_of_voice,
    subjects_seen,
)
from crisistui.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    config_from_args,
    db_path_from_args,
    err,
    open_for,
)
from crisistui.config import Config
from crisistui.domain.records import Rollup
from crisistui.reports.charts import ChartsUnavailableError, draw_chart_file, require_chart_files

AddParser = Callable[[str, str], argparse.ArgumentParser]
AddArg = Callable[[argparse.ArgumentParser], None]

CHARTS = ("volume", "sentiment", "sov")
DEFAULT_SINCE = timedelta(hours=24)
OTHERS = "other subjects"
"""The share of the subjects left out by ``--subject``, so a share chart still adds up."""
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhd])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


class ChartUsageError(Exception):
    """A flag whose value only turns out wrong once the database's time is known."""


def add_chart_command(add: AddParser, config_arg: AddArg, db_arg: AddArg) -> None:
    """Register `chart` on the main parser (from ``build_parser``)."""
    chart = add(
        "chart",
        "draw mentions, net sentiment or share of voice over a period as PNG, SVG or CSV",
    )
    chart.add_argument("what", choices=CHARTS, help="volume, sentiment or sov (share of voice)")
    chart.add_argument(
        "--since",
        type=since_value,
        default=DEFAULT_SINCE,
        metavar="DURATION|TIME",
        help="start: a duration back from --until (90m, 24h, 7d) or an ISO 8601 time (default 24h)",
    )
    chart.add_argument(
        "--until",
        type=time_value,
        metavar="TIME",
        help="end, an ISO 8601 time (default: now; a demo's or drill's file: its scenario time)",
    )
    chart.add_argument(
        "--subject",
        action="append",
        metavar="NAME",
        help="only this subject (the brand or a competitor); repeat for several",
    )
    chart.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="FILE.png, FILE.svg (need crisistui[charts]) or FILE.csv ('-': CSV on stdout)",
    )
    config_arg(chart)
    db_arg(chart)
    chart.set_defaults(func=cmd_chart)


def time_value(text: str) -> datetime:
    """An ISO 8601 time (UTC when it names no offset), for argparse."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 time (e.g. 2026-03-10T08:00Z)"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def since_value(text: str) -> timedelta | datetime:
    """A duration (90m, 24h, 7d) or an ISO 8601 time, for argparse."""
    match = _DURATION.match(text)
    if match:
        amount = float(match.group(1))
        if amount <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} is not a period: it must be longer than 0")
        return timedelta(**{_UNITS[match.group(2).lower()]: amount})
    try:
        return time_value(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is neither a duration (90m, 24h, 7d) nor an ISO 8601 time "
            "(e.g. 2026-03-10T08:00Z)"
        ) from None


@dataclass(frozen=True, slots=True)
class ChartData:
    """One chart's buckets and what to draw of them."""

    what: str
    period: Period
    buckets: list[Bucket]
    subjects: list[str]
    """The subjects drawn, in order: the brand, then competitors, then any other stored."""
    filtered: bool
    """Whether ``--subject`` left some subject out."""

    @property
    def empty(self) -> bool:
        """No mention to chart: of the subjects drawn, or of any subject for shares."""
        if self.what == "sov":
            return not any(b.total for b in self.buckets)
        return not any(b.tally(s).volume for b in self.buckets for s in self.subjects)


async def read_chart(
    config: Config,
    db: Path,
    what: str,
    since: timedelta | datetime,
    until: datetime | None,
    subjects: Sequence[str] | None,
) -> ChartData:
    """Read the period's rollups and gather them into the chart's buckets."""
    store = await open_for(db, config, create=False, read_only=True)
    try:
        now = (await store.clock()).now()  # a demo's or drill's file: its scenario time
        end = until or now
        start = end - since if isinstance(since, timedelta) else since
        if start >= end:
            raise ChartUsageError(
                f"--since: {start:%Y-%m-%d %H:%M} UTC is not before --until "
                f"({end:%Y-%m-%d %H:%M} UTC)"
            )
        period = chart_period(start, end)
        rollups: list[Rollup] = await store.rollups(period.since, period.until)
    finally:
        await store.close()
    buckets = bucket_rollups(rollups, period, config.subjects)
    known = subjects_seen(buckets, config.subjects)
    chosen = known
    if subjects:
        unknown = [name for name in subjects if name not in known]
        if unknown:
            raise ChartUsageError(
                f"--subject: {unknown[0]!r} is neither the brand nor a competitor "
                f"(known: {', '.join(known)})"
            )
        chosen = [name for name in known if name in subjects]
    return ChartData(what, period, buckets, chosen, filtered=len(chosen) < len(known))


def table(chart: ChartData) -> tuple[list[str], list[list[str]]]:
    """The chart as CSV: a header, then one row per bucket (none for an empty period), times
    in ISO 8601 UTC, a column per subject and measure ("Acme Air: mentions")."""
    header = ["bucket_start", "bucket_end"]
    if chart.what == "volume":
        header += [f"{s}: mentions" for s in chart.subjects]
    elif chart.what == "sentiment":
        header += [f"{s}: {m}" for s in chart.subjects for m in ("net_sentiment", "scored")]
    else:
        header += ["all_mentions", *(f"{s}: share" for s in chart.subjects)]
    if chart.empty:
        return header, []
    rows = []
    for bucket in chart.buckets:
        row = [bucket.start.isoformat(), bucket.end.isoformat()]
        if chart.what == "volume":
            row += [str(bucket.tally(s).volume) for s in chart.subjects]
        elif chart.what == "sentiment":
            for subject in chart.subjects:
                tally = bucket.tally(subject)
                row += [_decimal(tally.net_sentiment), str(tally.scored)]
        else:
            row += [str(bucket.total), *(_decimal(bucket.share(s)) for s in chart.subjects)]
        rows.append(row)
    return header, rows


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def write_csv(chart: ChartData, out: TextIO) -> None:
    header, rows = table(chart)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def draw(chart: ChartData, path: Path) -> None:
    """The chart as a PNG or SVG file; each subject's period figure is in its legend."""
    period, buckets = chart.period, chart.buckets
    edges = [b.start for b in buckets] + ([buckets[-1].end] if buckets else [period.since])
    per = bucket_label(period.bucket)
    span = f"{period.since:%Y-%m-%d %H:%M} – {period.until:%Y-%m-%d %H:%M} UTC"
    totals = period_tallies(buckets)
    if chart.what == "volume":
        draw_chart_file(
            path,
            title=f"Mentions per {per}\n{span}",
            edges=edges,
            series={s: [float(b.tally(s).volume) for b in buckets] for s in chart.subjects},
            legend={s: f"{s} ({_tally(totals, s).volume:,})" for s in chart.subjects},
            ylabel="mentions",
            empty=chart.empty,
        )
    elif chart.what == "sentiment":
        draw_chart_file(
            path,
            title=f"Net sentiment per {per} (mean score of scored mentions)\n{span}",
            edges=edges,
            series={s: [b.tally(s).net_sentiment for b in buckets] for s in chart.subjects},
            legend={
                s: f"{s} ({_net_words(_tally(totals, s).net_sentiment)})" for s in chart.subjects
            },
            ylabel="net sentiment",
            zero_line=True,
            limits=(-1.0, 1.0),
            empty=chart.empty,
        )
    else:
        _draw_shares(chart, path, edges, f"Share of voice per {per}\n{span}", totals)


def _draw_shares(
    chart: ChartData, path: Path, edges: list[datetime], title: str, totals: dict[str, Tally]
) -> None:
    buckets = chart.buckets
    series = {s: [_percent(b.share(s)) for b in buckets] for s in chart.subjects}
    whole = share_of_voice({s: t.volume for s, t in totals.items()})
    everyone = sum(t.volume for t in totals.values())
    legend = {
        s: f"{s}: {_share_words(whole.get(s))} of {everyone:,} mentions" for s in chart.subjects
    }
    if chart.filtered:
        series[OTHERS] = [
            100.0 * (b.total - _volume(b, chart.subjects)) / b.total if b.total else None
            for b in buckets
        ]
        rest = sum(t.volume for s, t in totals.items() if s not in chart.subjects)
        legend[OTHERS] = f"{OTHERS}: {_share_words(rest / everyone if everyone else None)}"
    draw_chart_file(
        path,
        title=title,
        edges=edges,
        series=series,
        legend=legend,
        ylabel="% of all mentions",
        stacked=True,
        limits=(0.0, 100.0),
        empty=chart.empty,
    )


def _volume(bucket: Bucket, subjects: Sequence[str]) -> int:
    return sum(bucket.tally(s).volume for s in subjects)


def _tally(totals: dict[str, Tally], subject: str) -> Tally:
    return totals.get(subject, Tally())


def _percent(share: float | None) -> float | None:
    return None if share is None else 100.0 * share


def _share_words(share: float | None) -> str:
    return "no mentions" if share is None else f"{share:.1%}"


def _net_words(net: float | None) -> str:
    return "no scored mentions" if net is None else f"net {net:+.2f}"


def cmd_chart(args: argparse.Namespace) -> int:
    output: str = args.output
    suffix = Path(output).suffix.lower()
    if output != "-" and suffix not in (".png", ".svg", ".csv"):
        err(f"-o: {output!r}: name a .png, .svg or .csv file ('-' for CSV on stdout)")
        return EXIT_USAGE
    if suffix in (".png", ".svg"):
        try:
            require_chart_files()
        except ChartsUnavailableError as exc:
            err(str(exc))
            return EXIT_USAGE
    config = config_from_args(args, required=False)
    db = db_path_from_args(args, config)
    try:
        chart = asyncio.run(read_chart(config, db, args.what, args.since, args.until, args.subject))
    except ChartUsageError as exc:
        err(str(exc))
        return EXIT_USAGE
    try:
        if output == "-":
            write_csv(chart, sys.stdout)
            return EXIT_OK
        if suffix == ".csv":
            with open(output, "w", encoding="utf-8", newline="") as handle:
                write_csv(chart, handle)
        else:
            draw(chart, Path(output))
    except BrokenPipeError:
        raise  # the reader left (`| head`): main() ends quietly, as a Unix filter
    except OSError as exc:
        err(f"{output}: cannot write: {exc.strerror or exc}")
        return EXIT_USAGE
    period = chart.period
    what = (
        "no mentions"
        if chart.empty
        else f"{len(chart.buckets)} buckets of {bucket_label(period.bucket)}"
    )
    span = f"{period.since:%Y-%m-%d %H:%M} to {period.until:%Y-%m-%d %H:%M} UTC"
    print(f"wrote {output}: {what}, {span}", file=sys.stderr)
    return EXIT_OK
