"""The console commands: `demo`, `run` and `wall`."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from crisistui.cli.common import (
    EXIT_OK,
    check_keys,
    config_from_args,
    db_path_from_args,
    playbooks_for,
)
from crisistui.clock import Clock, ScaledClock, SystemClock
from crisistui.config import ConfigError, demo_config


def cmd_demo(args: argparse.Namespace) -> int:
    from crisistui.sources.demo import DEFAULT_SPEED, DemoSource
    from crisistui.tui.app import ConsoleSetup, CrisisApp

    if args.speed <= 0:
        raise ConfigError("--speed", ["must be greater than 0"])
    base = demo_config()
    config = base.model_copy(
        update={"console": base.console.model_copy(update={"playbook": "service-outage"})}
    )
    origin = datetime.now(UTC).replace(microsecond=0)
    speed = DEFAULT_SPEED * args.speed
    clock = ScaledClock(origin=origin, speed=speed)
    with tempfile.TemporaryDirectory(prefix="crisistui-demo-") as tmp:
        db = Path(args.db).expanduser() if args.db else Path(tmp) / "demo.db"
        setup = ConsoleSetup(
            config=config,
            db_path=db,
            playbooks=playbooks_for(config),
            sources=[DemoSource("demo", clock, origin, interval=0.5)],
            clock=clock,
            mode=f"DEMO ×{speed:g}",
            wall=args.wall,
        )
        CrisisApp(setup).run()
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    return _console(args, collect=not args.no_collect, wall=False)


def cmd_wall(args: argparse.Namespace) -> int:
    """The wall view on a reading console, for the meeting room's screen: it never collects,
    so it can run anywhere beside `crisistui collect`."""
    return _console(args, collect=False, wall=True)


def _console(args: argparse.Namespace, *, collect: bool, wall: bool) -> int:
    from crisistui.lock import CollectorLock
    from crisistui.sources.registry import build_sources
    from crisistui.store import StoreError
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
    lock = CollectorLock(db)
    collecting = collect and lock.acquire()
    clock: Clock = SystemClock()
    drill = asyncio.run(_drill_clock(db))  # a database that cannot be used stops us here
    if drill is not None:  # joining a replay drill: its time, and never real sources in it
        # The replay's scenario time started at its wall-clock start (the same moment).
        clock = ScaledClock.joining(drill[0], drill[1], wall_origin=drill[0])
        if collecting:
            lock.release()
            collecting = False
    setup = ConsoleSetup(
        config=config,
        db_path=db,
        playbooks=playbooks_for(config),
        sources=build_sources(config, clock) if collecting else [],
        clock=clock,
        mode=(
            f"DRILL ×{drill[1]:g} (reading)"
            if drill is not None
            else "live"
            if collecting
            else "live (reading; collector elsewhere)"
        ),
        wall=wall,
    )
    try:
        CrisisApp(setup).run()
    finally:
        lock.release()
    return EXIT_OK


async def _drill_clock(db: Path) -> tuple[datetime, float] | None:
    """The drill's clock, if ``db`` is a replay drill's. Opening (creating, upgrading) the
    database here, before the console starts, turns a file that cannot be used into a one-line
    error and exit 2 rather than a crash inside the console."""
    from crisistui.store import Store

    async with await Store.open(db) as store:
        return await store.drill_clock()
