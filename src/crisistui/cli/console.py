"""The console commands: `demo`, `run` and `wall`."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from crisistui.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    brand_of,
    check_brand,
    check_keys,
    config_from_args,
    db_path_from_args,
    err,
    playbooks_for,
)
from crisistui.config import Config, demo_config
from crisistui.domain.clock import Clock, Replay, SystemClock
from crisistui.store import open_store
from crisistui.store.errors import StoreReadOnly
from crisistui.store.location import StoreLocation
from crisistui.store.private import private_folder

if TYPE_CHECKING:
    from crisistui.sources.base import Source


def cmd_demo(args: argparse.Namespace) -> int:
    from crisistui.sources.demo import DEFAULT_SPEED, DemoSource, load_scenario, story_end
    from crisistui.tui.app import ConsoleSetup, CrisisApp

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        err("the demo opens the console, which needs a terminal (run it in one, not a pipe)")
        return EXIT_USAGE
    base = demo_config()
    config = base.model_copy(
        update={"console": base.console.model_copy(update={"playbook": "service-outage"})}
    )
    origin = datetime.now(UTC).replace(microsecond=0)
    scenario = load_scenario()
    speed = DEFAULT_SPEED * args.speed
    # once the story is over its clock slows to the wall clock's: the console keeps its last
    # hour on screen for whoever looks at it a few minutes later
    replay = Replay(
        origin,
        speed,
        "demo",
        until=story_end(origin, scenario, speed),
        playbook=config.console.playbook,
    )
    with tempfile.TemporaryDirectory(prefix="crisistui-demo-") as tmp:
        db = Path(args.db).expanduser() if args.db else Path(tmp) / "demo.db"
        # The demo writes scenario time, which runs ahead of the wall clock: the file keeps the
        # demo's clock, so a second console, `status` and `report` on it share the demo's time.
        if earlier := asyncio.run(_record_replay(db, replay)):
            started = f"{earlier.origin:%Y-%m-%d %H:%M} UTC"
            err(
                f"{db} already holds a {earlier.purpose} played from {started}, whose clock"
                f" would run back: look at it with `crisistui run --no-collect --db {db}`, or"
                " play the demo into a new file"
            )
            return EXIT_USAGE
        clock = replay.clock()
        setup = ConsoleSetup(
            config=config,
            db_path=db,
            playbooks=playbooks_for(config),
            sources=[DemoSource("demo", clock, origin, interval=0.5, scenario=scenario)],
            clock=clock,
            mode=replay.label,
            wall=args.wall,
        )
        app = CrisisApp(setup)
        app.run()
    return app.return_code or EXIT_OK


async def _record_replay(db: Path, replay: Replay) -> Replay | None:
    """Keep the demo's clock in ``db``; or, when the file already holds a replay, leave it be
    and return that one: started again, the demo's time would begin at the wall clock, hours
    behind what the file holds (tasks ticked before the incident they belong to)."""
    private_folder(db.parent)
    async with await open_store(db) as store:
        if (earlier := await store.replay()) is not None:
            return earlier
        await store.record_replay_clock(
            replay.origin, replay.speed, replay.purpose, replay.until, replay.playbook
        )
    return None


def _sources(config: Config, clock: Clock) -> list[Source]:
    """The configured sources, loaded (with their HTTP client's library) only by a console
    that collects: a wall or a reading console starts without them."""
    from crisistui.sources.registry import build_sources

    return build_sources(config, clock)


def cmd_run(args: argparse.Namespace) -> int:
    return _console(args, collect=not args.no_collect, wall=False)


def cmd_wall(args: argparse.Namespace) -> int:
    """The wall view on a reading console, for the meeting room's screen: it never collects,
    so it can run anywhere beside `crisistui collect`."""
    return _console(args, collect=False, wall=True)


def _console(args: argparse.Namespace, *, collect: bool, wall: bool) -> int:
    from crisistui.store import StoreError
    from crisistui.store.lease import collector_lease
    from crisistui.tui.app import ConsoleSetup, CrisisApp

    # A reading console needs no sources, so it can join a drill without a config file.
    config = config_from_args(args, required=collect)
    check_keys(config)
    db = db_path_from_args(args, config)
    if (wall or not collect) and not db.exists():
        # A reading console on a new, empty file would show NORMAL to the whole room.
        what = "the wall" if wall else "run --no-collect"
        raise StoreError(
            f"{db}: no database here; {what} only reads one that `crisistui collect` "
            "or `crisistui run` writes (check --db or [storage] path)"
        )
    if db.path is not None and db.path.is_dir():  # before the lock, which cannot be taken on
        raise StoreError(f"{db}: is a folder, not a database file")  # a folder (a traceback)
    lock = collector_lease(db, [source.name for source in config.sources] if collect else None)
    collecting = collect and lock.acquire()
    clock: Clock = SystemClock()
    # a database that cannot be used stops us here
    replay = asyncio.run(_replay(db, brand_of(config), collecting=collecting))
    if replay is not None:  # joining a demo or a replay drill: its time, never real sources
        clock = replay.clock()
        if collecting:
            lock.release()
            collecting = False
        config = joining(config, replay)
    setup = ConsoleSetup(
        config=config,
        db_path=db.path or db,
        playbooks=playbooks_for(config),
        sources=_sources(config, clock) if collecting else [],
        clock=clock,
        mode=(
            f"{replay.label} (reading)"
            if replay is not None
            else "live"
            if collecting
            else _reading_mode(db, asked_to_collect=collect)
        ),
        wall=wall,
        take_over=(
            (lambda: _sources(config, clock) if lock.acquire() else None)
            if collect and not collecting and replay is None
            else None
        ),
        give_up=lock.release,
        holds=lock.holds,
    )
    app = CrisisApp(setup)
    try:
        app.run()
    finally:
        lock.release()
    said = app.unstored.said() if app.unstored is not None else None
    if said is not None:  # the sources have moved past them: never dropped in silence
        err(said)
    return app.return_code or EXIT_OK  # 1 after a crash: a supervisor restarts it


def joining(config: Config, replay: Replay) -> Config:
    """The config of a console joining a replay: the checklist shows the playbook the
    replaying console shows (the demo's outage, a drill's rehearsed one), not this config's
    default, so every console on the file offers the same tasks before an incident is open."""
    if replay.playbook is None or replay.playbook not in playbooks_for(config):
        return config
    console = config.console.model_copy(update={"playbook": replay.playbook})
    return config.model_copy(update={"console": console})


def _reading_mode(db: StoreLocation, *, asked_to_collect: bool) -> str:
    """What a console that does not collect says of who does: another collector holds the
    database, or (a file whose lock is free) nobody does, so nothing new will arrive."""
    from crisistui.store.lease import collector_lease
    from crisistui.tui.collecting import READING_ELSEWHERE

    if asked_to_collect:
        return READING_ELSEWHERE

    if db.is_postgres:  # collectors there hold leases per source set: none to probe for all
        return "live (reading)"
    probe = collector_lease(db)
    if probe.acquire():
        probe.release()
        return "live (reading; no collector running)"
    return READING_ELSEWHERE


async def _replay(db: StoreLocation, brand: str | None, *, collecting: bool) -> Replay | None:
    """The replay ``db`` holds (the demo's or a drill's clock), if any. Opening (creating,
    upgrading) the database here, before the console starts, turns a file that cannot be used
    (or that is another brand's: ``check_brand``) into a one-line error and exit 2 rather than
    a crash inside the console. A console that only reads may do so from a database this user
    cannot write."""
    try:  # only a console that collects makes a database: a mistyped schema is no empty wall
        store = await open_store(db, create=collecting)
    except StoreReadOnly:
        if collecting:
            raise
        store = await open_store(db, create=False, read_only=True)
    async with store:
        replay = await store.replay()  # a demo's or a drill's file: never claimed
        await check_brand(store, brand, claim=collecting and replay is None)
        return replay
