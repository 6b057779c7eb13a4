"""`crisistui status`: the level for a monitoring system, with Nagios exit codes."""

from __future__ import annotations

import argparse
import asyncio
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from crisistui.analysis.spoken import by_language
from crisistui.cli.common import (
    config_from_args,
    db_path_from_args,
    open_for,
    utc_iso,
    utc_text,
)
from crisistui.config import Config, ConfigError, find_config
from crisistui.domain.models import SourceHealth, SourceState
from crisistui.domain.text import MAX_SOURCE_CHARS, bounded_line, sanitize
from crisistui.store import Store, StoreError, open_store
from crisistui.store.location import StoreLocation

if TYPE_CHECKING:
    from crisistui.analysis.competitors import CompetitorLevel

NAGIOS = {0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"}
MAX_REASON_CHARS = 300
"""A failing source's last error in `status --json` and the long output: enough for an HTTP
status and the service's message, never a page of HTML."""
MAX_REASON_IN_LINE = 80
"""The same reason in the status line, which monitoring systems cut short and mail as a
subject: the long output has the rest."""


def stale_after_seconds(text: str) -> float:
    """``--stale-after`` read as seconds, refused with the option's name when it cannot be.

    A negative value called every database stale (UNKNOWN forever) and NaN none of them; both
    read as a working check. The refusal is a ConfigError, so `status` answers UNKNOWN with it
    (a misconfigured check, in Nagios's terms), not argparse's exit 2, which reads as CRITICAL.
    """
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not seconds >= 0:  # NaN too
        raise ConfigError("--stale-after", [f"must be 0 seconds or more, not {text!r}"])
    return seconds


@dataclass(frozen=True, slots=True)
class Collection:
    """What the collector's health records say about collecting, as `status` judges it."""

    polled: int
    """Sources still being polled: not finished, and not given up by the collector."""
    failing: tuple[SourceHealth, ...]
    """Those whose last poll failed, in name order."""
    last_collected: datetime | None
    """The last successful poll or stored mention; a failed poll is no sign of life."""
    noted: tuple[SourceHealth, ...] = ()
    """Those whose last poll succeeded but left items out (their ``note`` says why)."""
    stopped: tuple[SourceHealth, ...] = ()
    """Sources of the config whose planned poll is more than ``--stale-after`` overdue:
    nobody polls them (their collector hung, or stopped while others write on). Without
    them a team's collector that stopped left the check OK while the others collected."""

    @property
    def every_source_failing(self) -> bool:
        return bool(self.failing) and len(self.failing) == self.polled

    @property
    def troubled(self) -> bool:
        """Some source fails or is not polled: the check says so."""
        return bool(self.failing or self.stopped)

    def summary(self, *, since: bool = True) -> str:
        """The failing and unpolled sources for the status line: each named with its reason,
        cut short; with ``since``, when every one fails, since when nothing has come in."""
        parts = []
        if self.failing:
            sources = "source" if self.polled == 1 else "sources"
            head = f"{len(self.failing)} of {self.polled} {sources} failing"
            if since and self.every_source_failing and self.last_collected is not None:
                head += f", nothing collected since {utc_text(self.last_collected)}"
            listed = "; ".join(
                f"{_source_name(h)} ({_reason(h, MAX_REASON_IN_LINE)})" for h in self.failing
            )
            parts.append(f"{head}: {listed}")
        if self.stopped:
            sources = "source" if len(self.stopped) == 1 else "sources"
            listed = "; ".join(
                f"{_source_name(h)} (a poll due {utc_text(h.next_poll)} never came)"
                for h in self.stopped
            )
            parts.append(f"{len(self.stopped)} {sources} of the config not polled: {listed}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, object]:
        """`failing_sources` stays the list of names it always was; the reasons are beside it."""
        return {
            "failing_sources": [_source_name(h) for h in self.failing],
            "source_failures": [
                {
                    "source": _source_name(h),
                    "error": _reason(h, MAX_REASON_CHARS),
                    "failures": h.failures,
                    "last_error_at": utc_iso(h.last_error_at),
                    "last_ok": utc_iso(h.last_ok),
                    "next_try": utc_iso(h.next_poll),
                }
                for h in self.failing
            ],
            "stopped_sources": [
                {
                    "source": _source_name(h),
                    "due": utc_iso(h.next_poll),
                    "last_ok": utc_iso(h.last_ok),
                }
                for h in self.stopped
            ],
            "source_notes": {
                _source_name(h): bounded_line(h.note or "", MAX_REASON_CHARS) for h in self.noted
            },
            "last_collected": utc_iso(self.last_collected),
        }


async def _collection(
    store: Store, now: datetime, stale_after: float, configured: frozenset[str] = frozenset()
) -> Collection:
    """Judge collection from the sources' health records and the newest stored mention.

    Every poll records its source's health, failed or not; only a successful one or a stored
    mention counts as collecting (``last_ingest_time``). A source whose planned next poll is
    more than ``stale_after`` overdue is no longer polled: its last failure would otherwise
    hold the check at WARNING for ever, as nothing deletes a health record. Taken out of the
    config, it is forgotten; still in the config (``configured``), nobody polls a source the
    brand is watched through, and it is named as such.
    """
    polled, stopped = [], []
    for h, _ in await store.source_health():
        if h.state is SourceState.FINISHED:
            continue
        if h.next_poll is None or (now - h.next_poll).total_seconds() <= stale_after:
            polled.append(h)
        elif h.name in configured:
            stopped.append(h)
    failing = tuple(h for h in polled if h.state is SourceState.FAILING)
    # a failing source's old note is not current (the collector clears it; an older one may not)
    noted = tuple(h for h in polled if h.note and h.state is not SourceState.FAILING)
    last = await store.last_ingest_time()
    return Collection(len(polled), failing, last, noted, tuple(stopped))


def _state(level_code: int, collection: Collection) -> int:
    """The exit code: the brand's level, raised by the sources that fail.

    Some sources failing is WARNING: the level is read from part of the conversation. Every
    source failing is UNKNOWN, as for a stale database: the check cannot measure what it
    reports, which is what the plugin guidelines keep UNKNOWN for (a problem state, shown and
    notified like the others). CRITICAL would say the brand is in crisis (the page that wakes
    the comms lead) when an API token expired. A level already measured high or critical stays
    CRITICAL: those mentions are real, and a crisis is when APIs rate-limit hardest.
    """
    if collection.every_source_failing:
        return level_code if level_code == 2 else 3
    if collection.troubled:
        return max(level_code, 1)
    return level_code


@dataclass(frozen=True)
class _Fresh:
    """What `status` learns before it assesses: the database's time, and that it is fresh."""

    now: datetime
    collection: Collection
    stale: dict[str, object] | None = None
    """Nothing collected for ``--stale-after``: the UNKNOWN to report, unless the level at
    the last collection (``now`` is then its time) was high or critical."""


async def _freshness(
    config: Config, db: StoreLocation, stale_after: float, *, demo_brand: bool = False
) -> _Fresh | tuple[int, dict[str, object]]:
    """The database's time and collection, or the UNKNOWN to report when there is nothing
    fresh to assess. ``demo_brand``: no config was found, and the demo brand stands in."""
    if not db.exists():
        return 3, {"state": "UNKNOWN", "reason": f"no database at {db}"}
    store = await open_for(db, config, create=False, read_only=True)
    try:
        now = (await store.clock()).now()  # a demo's or drill's file: its scenario time
        configured = frozenset() if demo_brand else frozenset(s.name for s in config.sources)
        collection = await _collection(store, now, stale_after, configured)
        if demo_brand and await _none_of(store, config.brand.name, now):
            return 3, {
                "state": "UNKNOWN",
                "reason": f"no config file found, and this database holds no mention of "
                f"{config.brand.name}, the demo brand used without one: pass -c FILE or set "
                "CRISISTUI_CONFIG",
            }
    finally:
        await store.close()
    last = collection.last_collected
    if last is None or (now - last).total_seconds() > stale_after:
        silent = f"last collected {utc_text(last)}" if last else "nothing collected yet"
        reason = f"database is stale ({silent})"
        if collection.troubled:
            reason += f"; {collection.summary(since=False)}"  # said just before
        unknown: dict[str, object] = {"state": "UNKNOWN", "reason": reason, **collection.as_dict()}
        # a collector that died in a crisis leaves it stored: assessed as it last was
        return (3, unknown) if last is None else _Fresh(last, collection, unknown)
    return _Fresh(now, collection)


LOOKED_BACK_DAYS = 28
"""How far back a database is looked through for the demo brand (the longest history kept)."""


async def _none_of(store: Store, brand: str, now: datetime) -> bool:
    """Whether the database holds mentions, none of them of ``brand`` in its history: a
    check run without its config (Nagios's environment lacks it) said OK of the demo brand,
    with 0 mentions, on a database in crisis."""
    if not await store.mention_count():
        return False
    return not await store.rollups(now - timedelta(days=LOOKED_BACK_DAYS), now, brand)


async def _competitors(config: Config, db: StoreLocation, now: datetime) -> list[CompetitorLevel]:
    from crisistui.analysis.current import watch_now

    store = await open_store(db, create=False, read_only=True)
    try:
        return await watch_now(store, config, now)
    finally:
        await store.close()


def _status_now(
    config: Config, db: StoreLocation, stale_after: float, *, demo_brand: bool = False
) -> tuple[int, dict[str, object]]:
    """The check: the competitors' replays run beside the brand's (``beside``), each on a
    core of its own, since each is pure Python."""
    import crisistui.analysis.current  # noqa: F401  (imported once, before the copy is made)
    from crisistui.cli.beside import beside

    fresh = asyncio.run(_freshness(config, db, stale_after, demo_brand=demo_brand))
    if not isinstance(fresh, _Fresh):
        return fresh
    competitors: Callable[[], list[CompetitorLevel]] = list  # none: no copy of the process
    if config.competitors:
        competitors = beside(lambda: asyncio.run(_competitors(config, db, fresh.now)))
    return asyncio.run(_status(config, db, fresh, competitors))


async def _status(
    config: Config,
    db: StoreLocation,
    fresh: _Fresh,
    competitors_of: Callable[[], list[CompetitorLevel]],
) -> tuple[int, dict[str, object]]:
    from crisistui.analysis.current import assess_now
    from crisistui.analysis.severity import Level
    from crisistui.analysis.share_of_voice import last_hour, measure_share
    from crisistui.reports.breakdown import window_breakdown

    now, collection = fresh.now, fresh.collection
    store = await open_store(db, create=False, read_only=True)
    try:
        assessment = await assess_now(store, config, now)
        window = await window_breakdown(store, config, assessment)
        since, until = last_hour(now)  # the console's "last hour": its complete minutes
        everyone = await store.rollups(since, until)
        share = measure_share(everyone, config.subjects, since, until)
        hour = [r for r in everyone if r.subject == config.brand.name]
        spoken = await store.language_rollups(since, until, config.brand.name)
        competitors = await asyncio.to_thread(competitors_of)
    finally:  # a damaged page, met only when read, is a StoreError: UNKNOWN, not WARNING
        await store.close()
    # the brand's level alone: a competitor's crisis is news (below), never our exit code
    level = min(int(assessment.level), int(Level.HIGH))  # high and critical: CRITICAL (2)
    code = _state(level, collection)
    why = {"reason": collection.summary()} if collection.troubled else {}
    if fresh.stale is not None:  # the level as it was at the last collection
        if level < int(Level.HIGH):
            return 3, fresh.stale
        code = 2
        why = {"reason": f"{fresh.stale['reason']}: the level is the one measured then"}
        why["stale"] = True
    return code, {
        "state": NAGIOS[code],
        **why,
        "brand": config.brand.name,
        "level": assessment.level.label,
        "score": assessment.score,
        "drivers": list(assessment.drivers),
        "holding": None
        if assessment.holding is None
        else {"now_level": assessment.raw_level.label, "now_score": round(assessment.raw_score, 1)},
        "crisis_type": assessment.crisis_type,
        "trigger_terms": [
            {"crisis_type": kind, "term": term, "negative": count}
            for kind, term, count in assessment.trigger_terms
        ],
        "window": {
            "minutes": assessment.window_minutes,
            "negative": assessment.window_negative,
            **window.as_dict(),
        },
        "last_hour": {
            "mentions": sum(r.volume for r in hour),
            "negative": sum(r.negative for r in hour),
            "positive": sum(r.positive for r in hour),
            "unscored": sum(r.unscored for r in hour),
            "languages": [voice.as_dict() for voice in by_language(spoken)],
        },
        "share_of_voice": share.as_dict(),
        "competitors": [c.as_dict() for c in competitors],
        **collection.as_dict(),
        "at": now.isoformat(),
    }


STATUS_KEYS = ("state", "reason", "brand", "level", "score", "at")
"""Keys `status --json` always has, null when not measured (no database, a bad config, a
stale collection)."""


def cmd_status(args: argparse.Namespace) -> int:
    import json

    try:
        stale_after = stale_after_seconds(args.stale_after)
        demo_brand = find_config(getattr(args, "config", None)) is None
        config = config_from_args(args, required=False)
        db = db_path_from_args(args, config)
        code, report = _status_now(config, db, stale_after, demo_brand=demo_brand)
    except (ConfigError, StoreError) as exc:
        problems = [line for line in str(exc).splitlines() if line.strip()] or [repr(exc)]
        code, report = 3, {"state": "UNKNOWN", "reason": problems[0], "problems": problems}
    if args.json:
        # the same keys in every state: a script reading d["level"] gets null, not a KeyError
        said = [report["reason"]] if report.get("reason") else []
        shaped = {key: None for key in STATUS_KEYS} | {"problems": said} | report
        print(json.dumps({**shaped, "exit": code}, ensure_ascii=False))
    elif "level" not in report:  # nothing measured: no database, a bad option, stale
        print(_nagios_text(f"UNKNOWN: {report['reason']}"))
        for problem in report.get("problems", [])[1:]:  # the long output: every mistake
            print(_nagios_text(str(problem)))
        for line in _failing_lines(report):
            print(line)
    else:
        hour = report["last_hour"]
        assert isinstance(hour, dict)
        said = ["; ".join(report["drivers"]) or "nothing unusual"]  # type: ignore[arg-type]
        if isinstance(held := report.get("holding"), dict):  # why the level is above the score
            said.insert(
                0, f"holding: cooling down, now {held['now_level']} {held['now_score']:.0f}"
            )
        if "reason" in report:  # failing sources: first when they, not the level, set the state
            # first too when the database is stale: the level is then an old one, and
            # Nagios may cut a long line before the end
            first = report["level"] == "normal" or code == 3 or bool(report.get("stale"))
            said.insert(0 if first else 1, str(report["reason"]))
        print(
            f"{report['state']}: {_nagios_text(str(report['brand']))} severity "
            f"{str(report['level']).upper()} "
            f"(score {report['score']}) - {_nagios_text(' - '.join(said))} | "
            f"score={report['score']} mentions={hour['mentions']} negative={hour['negative']}"
        )
        for line in [*_failing_lines(report), *_window_lines(report)]:
            print(line)
    return code


def _failing_lines(report: dict[str, object]) -> list[str]:
    """The Nagios long output's first lines: each failing source with its whole (bounded)
    reason, and how long it has been failing."""
    failures = report.get("source_failures", [])
    assert isinstance(failures, list)
    lines = []
    for f in failures:
        polls = "poll" if f["failures"] == 1 else "polls"
        last_ok = f["last_ok"] and utc_text(datetime.fromisoformat(f["last_ok"]))
        next_try = f.get("next_try") and utc_text(datetime.fromisoformat(f["next_try"]))
        lines.append(
            _nagios_text(
                f"source {f['source']} failing: {f['error']} "
                f"({f['failures']} failed {polls} in a row, last ok {last_ok or 'none recorded'}"
                + (f", next try {next_try})" if next_try else ")")
            )
        )
    stopped = report.get("stopped_sources", [])
    assert isinstance(stopped, list)
    for f in stopped:
        due = utc_text(datetime.fromisoformat(f["due"]))
        last_ok = f["last_ok"] and utc_text(datetime.fromisoformat(f["last_ok"]))
        lines.append(
            _nagios_text(
                f"source {f['source']} not polled: a poll due {due} never came (last ok "
                f"{last_ok or 'none recorded'}); is the collector that polls it running?"
            )
        )
    return lines


def _source_name(health: SourceHealth) -> str:
    return bounded_line(health.name, MAX_SOURCE_CHARS)


def _reason(health: SourceHealth, limit: int) -> str:
    """A source's last error as one plain line of at most ``limit`` characters: the collector
    cleans reasons, but a database written by an older version may hold anything."""
    return bounded_line(health.last_error or "no reason recorded", limit)


def _window_lines(report: dict[str, object]) -> list[str]:
    """The Nagios long output: the likely crisis type and the window's top terms, authors and
    sources, one line each (monitoring systems show them under the status line)."""
    window = report["window"]
    assert isinstance(window, dict)
    lines = [f"likely crisis type: {report['crisis_type'] or 'none'}"]
    lines.append(f"last {window['minutes']} min: {window['negative']:,} negative mentions")
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
