"""Command line: demo, run, wall, collect, import, export, status, backtest, check-config,
report, drill and serve."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from crisistui import __version__
from crisistui.cli.chart import add_chart_command
from crisistui.cli.common import EXIT_USAGE, err, seconds_value, share_value, speed_value
from crisistui.cli.migrate import add_migrate_command
from crisistui.cli.response import add_response_commands
from crisistui.cli.serve import add_serve_command
from crisistui.config import ConfigError
from crisistui.store import StoreError


def _command(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """The command ``name`` of ``crisistui.cli.<module>``, imported when it runs: `status`
    from a monitoring system's check every minute need not load the pipeline, the console
    and the HTTP client that other commands use."""

    def run(args: argparse.Namespace) -> int:
        command: Callable[[argparse.Namespace], int] = getattr(
            importlib.import_module(f"crisistui.cli.{module}"), name
        )
        return command(args)

    return run


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
        p.add_argument(
            "--db",
            help="database: a file, sqlite:///path or postgresql://user@host/db (default: "
            "$CRISISTUI_DB, else [storage])",
        )

    demo = add("demo", "play the built-in crisis scenario (the default command)")
    demo.add_argument("--speed", type=speed_value, default=1.0, help="multiply the demo's pace")
    demo.add_argument("--wall", action="store_true", help="open on the wall view")
    demo.add_argument(
        "--db", help="keep the demo's database in this file (default: a temporary file)"
    )
    demo.set_defaults(func=_command("console", "cmd_demo"))

    run = add("run", "open the console and collect from the configured sources")
    config_arg(run)
    db_arg(run)
    run.add_argument(
        "--no-collect",
        action="store_true",
        help="only read the database (another process collects)",
    )
    run.set_defaults(func=_command("console", "cmd_run"))

    wall = add("wall", "show the wall view on a reading console (another process collects)")
    config_arg(wall)
    db_arg(wall)
    wall.set_defaults(func=_command("console", "cmd_wall"))

    collect = add("collect", "collect mentions without the console")
    config_arg(collect)
    db_arg(collect)
    when = collect.add_mutually_exclusive_group()
    when.add_argument("--once", action="store_true", help="poll every source once and exit")
    when.add_argument(
        "--standby",
        action="store_true",
        help="when another collector holds the sources, wait and take over once it stops",
    )
    collect.set_defaults(func=_command("collect", "cmd_collect"))

    imp = add("import", "import mentions from a JSONL file ('-' for stdin)")
    imp.add_argument("file")
    config_arg(imp)
    db_arg(imp)
    imp.set_defaults(func=_command("data", "cmd_import"))

    exp = add("export", "write stored mentions as JSONL or CSV")
    exp.add_argument("what", choices=["mentions"])
    exp.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    exp.add_argument("-o", "--output", help="output file (default: standard output)")
    config_arg(exp)
    db_arg(exp)
    exp.set_defaults(func=_command("data", "cmd_export"))

    status = add("status", "print the current level for monitoring (Nagios exit codes)")
    config_arg(status)
    db_arg(status)
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.add_argument(
        "--stale-after",
        default="900",  # read by the command: a bad value is UNKNOWN (3), not argparse's 2
        metavar="SECONDS",
        help="UNKNOWN when nothing was collected for this long: no successful poll and no "
        "stored mention (default 900, at least 0)",
    )
    status.set_defaults(func=_command("monitoring", "cmd_status"))

    backtest = add("backtest", "replay a JSONL history through the severity engine")
    backtest.add_argument("file")
    backtest.add_argument("--json", action="store_true", help="one JSON object per line")
    config_arg(backtest)
    backtest.set_defaults(func=_command("backtest", "cmd_backtest"))

    opml = add("import-opml", "print [[sources]] blocks for the feeds of an OPML file")
    opml.add_argument("file")
    opml.add_argument("--interval", type=seconds_value, default=900, help="seconds between polls")
    config_arg(opml)
    opml.set_defaults(func=_command("data", "cmd_import_opml"))

    calibrate = add("calibrate", "measure sentiment on labelled mentions and choose thresholds")
    calibrate.add_argument("file", help="JSONL with text, label and optionally lang ('-': stdin)")
    calibrate.add_argument(
        "--max-neutral",
        type=share_value,
        default=1.0,
        metavar="SHARE",
        help="only thresholds that label at most this share neutral (e.g. 0.35)",
    )
    calibrate.add_argument(
        "--errors",
        action="store_true",
        help="also list each post labelled otherwise than its label, with its score",
    )
    config_arg(calibrate)
    calibrate.set_defaults(func=_command("calibrate", "cmd_calibrate"))

    check = add("check-config", "validate a config file and the playbooks it uses")
    check.add_argument("file", nargs="?")
    check.set_defaults(func=_command("data", "cmd_check_config"))

    add_response_commands(add, config_arg, db_arg)
    add_chart_command(add, config_arg, db_arg)
    add_migrate_command(commands)
    add_serve_command(add, config_arg, db_arg)
    return parser


EXIT_READER_GONE = 141
"""What the shell reports for coreutils or git when the reader of their output left (128 +
SIGPIPE): ``export | head -1`` stops like ``seq 1000000 | head -1``, and ``set -o pipefail``
sees the output was cut."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. A reader that leaves early (``| head``) ends it quietly, as a Unix
    filter: every command's standard output goes through here, so none prints a traceback."""
    try:
        try:
            return _run(argv)
        finally:
            if sys.stdout is not None:  # None when started with standard output closed
                sys.stdout.flush()  # a reader that left is found here, not at exit
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_READER_GONE


def _silence_stdout() -> None:
    """Point standard output at the null device, so Python's own flush at exit (of what is
    still buffered) cannot fail a second time and print "Exception ignored"."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a file (a test's capture): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


PSYCOPG_LOG_LEVEL = logging.ERROR
"""psycopg's own warnings (a query it could not cancel as a server restarted: "query
cancellation interrupted (OperationalError): closing connection") went to standard error
raw, between the lines that say in words what the store then met."""


def _run(argv: Sequence[str] | None) -> int:
    logging.getLogger("psycopg").setLevel(PSYCOPG_LOG_LEVEL)
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
        err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
