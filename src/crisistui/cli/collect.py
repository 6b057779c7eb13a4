"""Headless collection: `collect` (and `--once`, `--standby`), with the watch that sends alerts."""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from crisistui.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    config_from_args,
    db_path_from_args,
    err,
    open_for,
    run_until_signal,
    utc_text,
)
from crisistui.config import Config, ConfigError, config_label
from crisistui.domain.clock import SystemClock
from crisistui.domain.people import current_user
from crisistui.monitor import Monitor
from crisistui.store import StoreError, open_store
from crisistui.store.errors import OtherBrandsDatabase
from crisistui.store.location import StoreLocation

if TYPE_CHECKING:
    from crisistui.collector import Collector
    from crisistui.store.lease import CollectorLease

WATCH_SECONDS = 15.0
LEASE_CHECK_SECONDS = 5.0
"""How often a collector checks that its lease is still its own (see ``CollectorLease.holds``)."""
STANDBY_TRY_SECONDS = 5.0
"""How often a collector standing by tries the lease of the one it stands in for."""

log = logging.getLogger(__name__)

ENDED = "a server restart, or a standby ending a collector whose polls had stopped"
"""Why a collector's database session ends under it: the words of its message."""


async def _watch(monitor: Monitor) -> None:
    """Assess on a steady beat; level changes go to the timeline and to the alert channels.

    A database busy past its timeout (another process upgrading it, say), or any surprise in
    one assessment, skips one beat and says so: an error escaping here would end the watch and
    leave the night's collection without alerts, in silence.
    """
    while True:
        try:
            change = await monitor.tick()
        except StoreError as exc:
            err(f"warning: severity not assessed this time: {exc}")
            change = None
        except Exception as exc:
            log.exception("severity assessment failed")
            err(f"warning: severity not assessed this time ({type(exc).__name__}: {exc})")
            change = None
        if change is not None:
            a = change.assessment
            moved = (
                f"{a.level.label} found at start"
                if change.found
                else f"{change.before.label} → {a.level.label}"
            )
            said = "; ".join(filter(None, (a.holding, *a.drivers))) or "nothing unusual"
            print(f"severity {moved} (score {a.score:.0f}): {said}", flush=True)
        await asyncio.sleep(WATCH_SECONDS)


async def _keep_lease(lease: CollectorLease) -> None:
    """Return when the lease is lost: a PostgreSQL restart let go of it and another collector
    of the same sources took it before this one could take it again."""
    while await asyncio.to_thread(lease.holds):
        await asyncio.sleep(LEASE_CHECK_SECONDS)


class LeaseLost(Exception):
    """Another collector holds the lease now: a PostgreSQL restart let go of it, and the other
    took it before this one could take it again. The message says who holds what."""


class Waited(Enum):
    """What a standby waited for before it held the lease."""

    NOTHING = "nothing"
    COLLECTOR = "another collector to stop"
    SERVER = "the database to answer"


async def _stand_by(
    lease: CollectorLease, silent: Callable[[], Awaitable[timedelta | None]] | None = None
) -> Waited:
    """Return once this process holds ``lease``, trying it now and then every
    ``STANDBY_TRY_SECONDS``: the second collector of a team, ready for the night the first one
    dies. Says once what it waits for, and once while the database cannot be reached (a
    server away is waited out too). Returns what it last waited for.

    ``silent``: how long the holder has left every source of the lease unpolled, once each
    is long overdue (None before). A holder that stopped polling without dying (stopped,
    hung) keeps its lease for ever; ``lease.end_holder`` then ends it where the database
    allows (PostgreSQL), and it is taken at once."""
    said = ""
    waited = Waited.NOTHING
    while True:
        try:
            if await asyncio.to_thread(lease.acquire):
                return waited
        except StoreError as exc:
            waiting = f"{exc}; trying again every {STANDBY_TRY_SECONDS:.0f} s"
            waited = Waited.SERVER
        else:
            waiting = f"{lease.describe()}; collecting in its place once it stops"
            waited = Waited.COLLECTOR
            quiet = await silent() if silent is not None else None
            if quiet is not None:
                if await asyncio.to_thread(lease.end_holder):
                    minutes = quiet.total_seconds() / 60
                    err(
                        f"standing by: no poll recorded for {minutes:.0f} min past its time by "
                        "the collector holding the lease (stopped or hung): its session was ended"
                    )
                    await asyncio.sleep(0.1)  # the server lets go of its locks as it ends
                    continue
                waiting = (
                    f"{lease.describe()}; it has recorded no poll for minutes past its time "
                    "(stopped or hung?), and this login may not end its session"
                )
        if waiting != said:
            err(f"standing by: {waiting}")
            said = waiting
        await asyncio.sleep(STANDBY_TRY_SECONDS)


async def _collect_on_standby(
    config: Config, db: StoreLocation, lease: CollectorLease, stopping: StopAtOnce
) -> int:
    """Stand by until the lease is free, then collect; when the lease is lost to another
    collector, stand by again rather than exit (a supervisor need not restart anything)."""
    names = [source.name for source in config.sources]
    sources = ", ".join(names)
    silent = (lambda: _silent_for(db, names)) if db.is_postgres else None
    _load_collecting_code(config)
    while True:
        waited = await _stand_by(lease, silent)
        if waited is Waited.COLLECTOR:
            err(f"taking over: the other collector stopped; collecting {sources} into {db.shown}")
        elif waited is Waited.SERVER:  # its last word was "cannot connect": say it works now
            err(f"collecting: the database answers again; collecting {sources} into {db.shown}")
        try:
            return await _collect(config, db, False, lease, stopping)
        except LeaseLost as lost:
            lease.release()
            said = f"the lease went with its database session ({ENDED}), and {lost}"
            err(f"stopped collecting: {said}")


def _load_collecting_code(config: Config) -> None:
    """Import now what collecting runs (the sources, the pipeline): a standby waits for days,
    and a package upgraded in place meanwhile left it, at the takeover, importing modules of
    the new version into the old one (an ImportError, and nobody collecting)."""
    from crisistui.collector import Collector  # noqa: F401
    from crisistui.pipeline import Pipeline
    from crisistui.sources.http import make_client  # noqa: F401
    from crisistui.sources.registry import build_sources

    build_sources(config, SystemClock())
    Pipeline(config)


async def _silent_for(db: StoreLocation, names: list[str]) -> timedelta | None:
    """How long past its time the latest of these sources' recorded polls is, once every one
    of them is long overdue (``SourceHealth.overdue``); None before, or when one of them
    has no poll recorded, or the database cannot say."""
    try:
        async with await open_store(db, create=False, read_only=True) as store:
            recorded = {health.name: health for health, _ in await store.source_health()}
    except StoreError:
        return None
    now = datetime.now(UTC)
    mine = [recorded.get(name) for name in names]
    if not mine or any(h is None or not h.overdue(now) or h.next_poll is None for h in mine):
        return None
    return now - max(h.next_poll for h in mine if h is not None and h.next_poll is not None)


async def _collect_held(
    config: Config, db: StoreLocation, lease: CollectorLease, stopping: StopAtOnce
) -> int:
    try:
        return await _collect(config, db, False, lease, stopping)
    except LeaseLost as lost:
        err(f"stopping: the lease went with its database session ({ENDED}), and {lost}")
        return EXIT_USAGE


class StopAtOnce:
    """What a second Ctrl+C does while `collect` stops: the first lets the polls under way
    score and store what they fetched (their sources have moved past it), which for a
    flood's poll takes seconds; the second stops them at once, counting what is left."""

    def __init__(self) -> None:
        self.collector: Collector | None = None

    def __call__(self) -> None:
        if self.collector is not None:
            err("stopping at once: the items not scored yet are not stored")
            self.collector.stop_scoring()


def _say_scoring_left(collector: Collector) -> None:
    if left := collector.left_to_score():
        err(
            f"stopping: scoring the {left:,} items left of a poll before storing "
            "them; Ctrl+C again to stop at once without them"
        )


async def _collect(
    config: Config,
    db: StoreLocation,
    once: bool,
    lease: CollectorLease | None = None,
    stopping: StopAtOnce | None = None,
) -> int:
    from crisistui.collector import Collector, PollOutcome
    from crisistui.domain.models import SourceState
    from crisistui.pipeline import Pipeline
    from crisistui.sources.http import make_client
    from crisistui.sources.registry import build_sources

    clock = SystemClock()
    sources = build_sources(config, clock)
    if not sources:
        raise ConfigError(config_label(config.origin), ["sources: no source configured"])

    def report(outcome: PollOutcome) -> None:
        h = outcome.health
        if outcome.waiting and h.state is SourceState.OK:  # its quota, not a failure
            line = f"{h.name}: not polled: {h.note}"
        elif outcome.waiting and h.next_poll is not None:
            why = f" after: {h.last_error}" if h.last_error else ""
            line = f"{h.name}: not polled: backing off until {utc_text(h.next_poll)}{why}"
        elif outcome.error:
            line = f"{h.name}: FAILED: {outcome.error}"
        else:
            line = f"{h.name}: {h.new_last_poll} new / {h.fetched_last_poll} fetched"
            if h.note:  # the counts would not add up without it: what was left out, and why
                line += f"; {h.note}"
        print(line, flush=True)

    store = await open_for(db, config, claim=True)
    try:
        async with make_client(len(sources)) as client:
            collector = Collector(sources, Pipeline(config), store, clock, client, on_poll=report)
            if stopping is not None:
                stopping.collector = collector
            if once:
                polling = asyncio.ensure_future(collector.poll_all_once())
                try:
                    outcomes = await asyncio.shield(polling)
                except asyncio.CancelledError:  # said before the polls' last acts, not after
                    _say_scoring_left(collector)
                    polling.cancel()
                    await asyncio.gather(polling, return_exceptions=True)
                    raise
                finally:
                    await _store_held(collector)
                polled = [o for o in outcomes if not o.waiting]
                return EXIT_PARTIAL if polled and all(o.error for o in polled) else EXIT_OK
            monitor = Monitor(store, config, clock, current_user())
            for problem in monitor.channel_problems:
                err(f"warning: {problem}")
            watch = asyncio.create_task(_watch(monitor))
            run = asyncio.ensure_future(collector.run())
            keep = asyncio.ensure_future(_keep_lease(lease) if lease else asyncio.Future())
            try:
                await asyncio.wait({run, keep}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                _say_scoring_left(collector)
                for task in (run, keep, watch):
                    task.cancel()
                await asyncio.gather(run, keep, return_exceptions=True)  # their last acts
                await monitor.drain()
                await _store_held(collector)
            if not run.cancelled() and run.exception() is not None:
                raise run.exception()  # type: ignore[misc]
            if lease is not None and keep.done() and not keep.cancelled():
                raise LeaseLost(lease.describe())
    finally:
        await store.close()
    return EXIT_OK


async def _store_held(collector: Collector) -> None:
    """Before exiting: store what the database refused while collecting, or say on stderr
    how many mentions of which sources were not stored (SIGTERM on a full disk once dropped
    them in silence)."""
    said = (await collector.store_held()).said()
    if said is not None:
        err(said)


def cmd_collect(args: argparse.Namespace) -> int:
    from crisistui.store.lease import collector_lease

    config = config_from_args(args, required=True)
    db = db_path_from_args(args, config)
    if db.exists() and (refused := asyncio.run(_refusal(db, config))):
        err(refused)
        return EXIT_USAGE
    stopping = StopAtOnce()
    if args.once:  # polls now, whoever collects: the store stores each mention once
        return run_until_signal(_collect(config, db, True, None, stopping), again=stopping)
    lock = collector_lease(db, [source.name for source in config.sources])
    try:
        if args.standby:
            collecting = _collect_on_standby(config, db, lock, stopping)
        elif lock.acquire():
            collecting = _collect_held(config, db, lock, stopping)
        else:
            err(lock.describe())
            return EXIT_USAGE
        return run_until_signal(collecting, again=stopping)
    finally:
        lock.release()


async def _refusal(db: StoreLocation, config: Config) -> str | None:
    """Why real mentions of ``config``'s brand must not go into ``db``: it holds a drill, or
    belongs to another brand (an unclaimed one becomes this brand's). A new, empty PostgreSQL
    database gets its tables here, as the collector would give them a moment later."""
    try:
        async with await open_for(db, config, claim=True) as store:
            if await store.is_drill_database():
                return f"{db} is a drill database: real mentions never go into a rehearsal"
    except OtherBrandsDatabase as refused:
        return str(refused)
    return None
