"""Command line: demo, run, collect, import, export, check-config."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from crisistui import __version__
from crisistui.clock import ScaledClock, SystemClock
from crisistui.config import Config, ConfigError, demo_config, find_config, load_config
from crisistui.monitor import Monitor
from crisistui.people import current_user
from crisistui.response.playbook import Playbook, load_playbooks
from crisistui.store import Store, StoreError

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(f"crisistui: {message}", file=sys.stderr)


def _load_config(args: argparse.Namespace, *, required: bool) -> Config:
    """Config from -c, $CRISISTUI_CONFIG or the user config dir; the demo brand otherwise."""
    path = find_config(getattr(args, "config", None))
    if path is None:
        if required:
            raise ConfigError(
                "config",
                [
                    "no config file: pass -c FILE, set CRISISTUI_CONFIG, or create "
                    "crisistui.toml in the user config directory"
                ],
            )
        _err("no config file found; using the built-in demo brand (Acme Air)")
        return demo_config()
    return load_config(path)


def _db_path(args: argparse.Namespace, config: Config) -> Path:
    return Path(args.db).expanduser() if getattr(args, "db", None) else config.db_path()


def _playbooks(config: Config) -> dict[str, Playbook]:
    playbooks = load_playbooks(config.playbook_dirs())
    if not playbooks:
        raise ConfigError("playbooks", ["no playbook found"])
    return playbooks


# -- console -----------------------------------------------------------------------------------


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
            playbooks=_playbooks(config),
            sources=[DemoSource("demo", clock, origin, interval=0.5)],
            clock=clock,
            mode=f"DEMO ×{speed:g}",
        )
        CrisisApp(setup).run()
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from crisistui.lock import CollectorLock
    from crisistui.sources.registry import build_sources
    from crisistui.tui.app import ConsoleSetup, CrisisApp

    config = _load_config(args, required=True)
    db = _db_path(args, config)
    lock = CollectorLock(db)
    collecting = not args.no_collect and lock.acquire()
    clock = SystemClock()
    setup = ConsoleSetup(
        config=config,
        db_path=db,
        playbooks=_playbooks(config),
        sources=build_sources(config, clock) if collecting else [],
        clock=clock,
        mode="live" if collecting else "live (reading; collector elsewhere)",
    )
    try:
        CrisisApp(setup).run()
    finally:
        lock.release()
    return EXIT_OK


# -- headless ----------------------------------------------------------------------------------


WATCH_SECONDS = 15.0


async def _watch(monitor: Monitor) -> None:
    """Assess on a steady beat; level changes go to the timeline and to the alert channels."""
    while True:
        change = await monitor.tick()
        if change is not None:
            a = change.assessment
            print(
                f"severity {change.before.label} → {a.level.label} (score {a.score:.0f}): "
                f"{'; '.join(a.drivers) or 'calm'}",
                flush=True,
            )
        await asyncio.sleep(WATCH_SECONDS)


async def _collect(config: Config, db: Path, once: bool) -> int:
    from crisistui.collector import Collector, PollOutcome
    from crisistui.pipeline import Pipeline
    from crisistui.sources.http import make_client
    from crisistui.sources.registry import build_sources

    clock = SystemClock()
    sources = build_sources(config, clock)
    if not sources:
        raise ConfigError(str(config.origin), ["sources: no source configured"])

    def report(outcome: PollOutcome) -> None:
        h = outcome.health
        if outcome.error:
            line = f"{h.name}: FAILED: {outcome.error}"
        else:
            line = f"{h.name}: {h.new_last_poll} new / {h.fetched_last_poll} fetched"
        print(line, flush=True)

    store = await Store.open(db)
    try:
        async with make_client() as client:
            collector = Collector(sources, Pipeline(config), store, clock, client, on_poll=report)
            if once:
                outcomes = await collector.poll_all_once()
                return EXIT_PARTIAL if all(o.error for o in outcomes) else EXIT_OK
            monitor = Monitor(store, config, clock, current_user())
            watch = asyncio.create_task(_watch(monitor))
            try:
                await collector.run()
            finally:
                watch.cancel()
                await monitor.drain()
    finally:
        await store.close()
    return EXIT_OK


def cmd_collect(args: argparse.Namespace) -> int:
    from crisistui.lock import CollectorLock

    config = _load_config(args, required=True)
    db = _db_path(args, config)
    lock = CollectorLock(db)
    if not args.once and not lock.acquire():
        _err(f"another collector is already writing {db} (lock {lock.path})")
        return EXIT_USAGE
    try:
        return _run_until_signal(_collect(config, db, args.once))
    finally:
        lock.release()


def _run_until_signal(coro: object) -> int:
    """Run a coroutine; SIGINT/SIGTERM stop it cleanly."""

    async def main() -> int:
        task = asyncio.ensure_future(coro)  # type: ignore[arg-type]
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(RuntimeError, ValueError, NotImplementedError):
                loop.add_signal_handler(sig, task.cancel)  # only possible in the main thread
        try:
            return int(await task)
        except asyncio.CancelledError:
            return EXIT_OK

    return asyncio.run(main())


async def _import(config: Config, db: Path, source: Path) -> int:
    from crisistui.importer import ReadReport, open_text, read_jsonl
    from crisistui.models import Mention
    from crisistui.pipeline import Pipeline

    pipeline = Pipeline(config)
    report = ReadReport()
    new = skipped = 0
    try:
        handle = open_text(source)
    except OSError as exc:
        _err(f"{source}: cannot read: {exc.strerror}")
        return EXIT_USAGE
    with handle:
        store = await Store.open(db)
        now = datetime.now(UTC)
        try:
            batch: list[Mention] = []
            for item in read_jsonl(handle, report):
                mention = pipeline.process(item, keep_unmatched=True)
                if mention is None:
                    skipped += 1
                    continue
                batch.append(mention)
                if len(batch) >= 2000:
                    new += (await store.add_mentions(batch, now)).new
                    batch = []
            new += (await store.add_mentions(batch, now)).new
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


def cmd_import(args: argparse.Namespace) -> int:
    config = _load_config(args, required=False)
    return asyncio.run(_import(config, _db_path(args, config), Path(args.file)))


async def _export(db: Path, fmt: str, output: str | None) -> int:
    from crisistui.exporter import write_mentions

    store = await Store.open(db, create=False)
    try:
        if output and output != "-":
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = await write_mentions(store.iter_mentions(), out, fmt)
        else:
            count = await write_mentions(store.iter_mentions(), sys.stdout, fmt)
    finally:
        await store.close()
    print(f"exported {count} mentions", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    config = _load_config(args, required=False)
    return asyncio.run(_export(_db_path(args, config), args.format, args.output))


NAGIOS = {0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"}


async def _status(config: Config, db: Path, stale_after: float) -> tuple[int, dict[str, object]]:
    from datetime import timedelta

    from crisistui.analysis.current import assess_now
    from crisistui.analysis.severity import Level

    if not db.exists():
        return 3, {"state": "UNKNOWN", "reason": f"no database at {db}"}
    store = await Store.open(db, create=False)
    try:
        now = datetime.now(UTC)
        heartbeat = await store.last_ingest_time()
        if heartbeat is None or (now - heartbeat).total_seconds() > stale_after:
            silent = (
                "never written"
                if heartbeat is None
                else f"last write {heartbeat:%Y-%m-%d %H:%M} UTC"
            )
            return 3, {"state": "UNKNOWN", "reason": f"database is stale ({silent})"}
        assessment = await assess_now(store, config, now)
        hour = [
            r
            for r in await store.rollups(now - timedelta(hours=1), now + timedelta(minutes=1))
            if r.subject == config.brand.name
        ]
        failing = [h.name for h, _ in await store.source_health() if h.state.value == "failing"]
    finally:
        await store.close()
    code = 0 if assessment.level == Level.NORMAL else 1 if assessment.level == Level.ELEVATED else 2
    return code, {
        "state": NAGIOS[code],
        "brand": config.brand.name,
        "level": assessment.level.label,
        "score": assessment.score,
        "drivers": list(assessment.drivers),
        "last_hour": {
            "mentions": sum(r.volume for r in hour),
            "negative": sum(r.negative for r in hour),
            "positive": sum(r.positive for r in hour),
        },
        "failing_sources": failing,
        "at": now.isoformat(),
    }


def cmd_status(args: argparse.Namespace) -> int:
    import json

    try:
        config = _load_config(args, required=False)
        code, report = asyncio.run(_status(config, _db_path(args, config), args.stale_after))
    except (ConfigError, StoreError) as exc:
        code, report = 3, {"state": "UNKNOWN", "reason": str(exc).splitlines()[0]}
    if args.json:
        print(json.dumps({**report, "exit": code}, ensure_ascii=False))
    elif code == 3:
        print(f"UNKNOWN: {report['reason']}")
    else:
        hour = report["last_hour"]
        assert isinstance(hour, dict)
        drivers = "; ".join(report["drivers"]) or "nothing unusual"  # type: ignore[arg-type]
        print(
            f"{report['state']}: {report['brand']} severity {str(report['level']).upper()} "
            f"(score {report['score']}) - {drivers} | score={report['score']} "
            f"mentions={hour['mentions']} negative={hour['negative']}"
        )
    return code


def cmd_backtest(args: argparse.Namespace) -> int:
    import json

    from crisistui.analysis.backtest import replay
    from crisistui.analysis.severity import Level
    from crisistui.importer import ReadReport, open_text, read_jsonl
    from crisistui.pipeline import Pipeline

    config = _load_config(args, required=False)
    pipeline = Pipeline(config)
    report = ReadReport()
    try:
        handle = open_text(Path(args.file))
    except OSError as exc:
        _err(f"{args.file}: cannot read: {exc.strerror}")
        return EXIT_USAGE
    with handle:
        mentions = [
            m
            for m in (pipeline.process(i, keep_unmatched=True) for i in read_jsonl(handle, report))
            if m is not None
        ]
    for number, problem in report.errors[:20]:
        print(f"{args.file}:{number}: {problem}", file=sys.stderr)
    result = replay(mentions, config.brand.name, config.severity)
    first_high = result.first_reaching(Level.HIGH)
    summary = {
        "mentions": result.mentions,
        "bad_lines": len(report.errors),
        "from": result.first.isoformat() if result.first else None,
        "to": result.last.isoformat() if result.last else None,
        "level_changes": len(result.changes),
        "first_high": first_high.isoformat() if first_high else None,
        "max_score": result.max_score,
        "minutes_at": {level.label: result.minutes_at.get(level, 0) for level in Level},
    }
    for change in result.changes:
        a = change.assessment
        if args.json:
            print(
                json.dumps(
                    {
                        "at": change.at.isoformat(),
                        "level": a.level.label,
                        "from": change.before.label,
                        "score": a.score,
                        "drivers": list(a.drivers),
                    },
                    ensure_ascii=False,
                )
            )
        else:
            when = change.at.strftime("%Y-%m-%d %H:%M")
            drivers = "; ".join(a.drivers[:2]) or "calm"
            print(
                f"{when}  {change.before.label:>8} → {a.level.label:<8} score {a.score:>5.1f}  "
                f"{drivers}"
            )
    if args.json:
        print(json.dumps({"summary": summary}))
    else:
        at_levels = ", ".join(f"{k} {v} min" for k, v in summary["minutes_at"].items())
        print(
            f"{result.mentions} mentions about {config.brand.name} from {summary['from']} "
            f"to {summary['to']}; {len(result.changes)} level changes; first high: "
            f"{summary['first_high'] or 'never'}; max score {result.max_score:.1f}; "
            f"{at_levels}"
        )
    return EXIT_PARTIAL if report.errors else EXIT_OK


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
        _err("no config file to check: give FILE, set CRISISTUI_CONFIG, or create one")
        return EXIT_USAGE
    config = load_config(path)
    playbooks = _playbooks(config)
    if config.console.playbook not in playbooks:
        raise ConfigError(
            str(path),
            [
                f"console.playbook: no playbook {config.console.playbook!r} "
                f"(have: {', '.join(sorted(playbooks))})"
            ],
        )
    print("ok")
    return EXIT_OK


# -- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crisistui",
        description="Terminal console for social-media crisis management.",
    )
    parser.add_argument("--version", action="version", version=f"crisistui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text)

    def config_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("-c", "--config", type=Path, help="config file (TOML)")

    def db_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", help="database file (default: [storage] path)")

    demo = add("demo", "play the built-in crisis scenario (the default command)")
    demo.add_argument("--speed", type=float, default=1.0, help="multiply the demo's pace")
    db_arg(demo)
    demo.set_defaults(func=cmd_demo)

    run = add("run", "open the console and collect from the configured sources")
    config_arg(run)
    db_arg(run)
    run.add_argument(
        "--no-collect",
        action="store_true",
        help="only read the database (another process collects)",
    )
    run.set_defaults(func=cmd_run)

    collect = add("collect", "collect mentions without the console")
    config_arg(collect)
    db_arg(collect)
    collect.add_argument("--once", action="store_true", help="poll every source once and exit")
    collect.set_defaults(func=cmd_collect)

    imp = add("import", "import mentions from a JSONL file ('-' for stdin)")
    imp.add_argument("file")
    config_arg(imp)
    db_arg(imp)
    imp.set_defaults(func=cmd_import)

    exp = add("export", "write stored mentions as JSONL or CSV")
    exp.add_argument("what", choices=["mentions"])
    exp.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    exp.add_argument("-o", "--output", help="output file (default: standard output)")
    config_arg(exp)
    db_arg(exp)
    exp.set_defaults(func=cmd_export)

    status = add("status", "print the current level for monitoring (Nagios exit codes)")
    config_arg(status)
    db_arg(status)
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.add_argument(
        "--stale-after",
        type=float,
        default=900.0,
        metavar="SECONDS",
        help="UNKNOWN when nothing was written for this long (default 900)",
    )
    status.set_defaults(func=cmd_status)

    backtest = add("backtest", "replay a JSONL history through the severity engine")
    backtest.add_argument("file")
    backtest.add_argument("--json", action="store_true", help="one JSON object per line")
    config_arg(backtest)
    backtest.set_defaults(func=cmd_backtest)

    opml = add("import-opml", "print [[sources]] blocks for the feeds of an OPML file")
    opml.add_argument("file")
    opml.add_argument("--interval", type=int, default=900, help="seconds between polls")
    config_arg(opml)
    opml.set_defaults(func=cmd_import_opml)

    check = add("check-config", "validate a config file and the playbooks it uses")
    check.add_argument("file", nargs="?")
    check.set_defaults(func=cmd_check_config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["demo", *(argv or [])])
    try:
        return int(args.func(args))
    except ConfigError as exc:
        for line in str(exc).splitlines():
            print(line, file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
