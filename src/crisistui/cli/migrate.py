"""`crisistui migrate --from A --to B`: move a database between SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
import asyncio
import sys

from crisistui.cli.common import EXIT_OK, EXIT_USAGE, err
from crisistui.config.database_url import schema_problem
from crisistui.store import StoreError, open_store
from crisistui.store.location import parse_location
from crisistui.store.migrate import migrate

EXIT_MISMATCH = 1


async def _migrate(source: str, target: str, schema: str | None = None) -> int:
    origin = parse_location(source).in_schema(schema)
    destination = parse_location(target).in_schema(schema)
    if schema is not None and not (origin.is_postgres or destination.is_postgres):
        err(f"--schema {schema}: names a PostgreSQL schema, and both databases are files")
        return EXIT_USAGE
    if origin == destination:
        err(f"{origin}: --from and --to are the same database")
        return EXIT_USAGE
    if not origin.exists():
        err(f"{origin}: no database here")
        return EXIT_USAGE
    src = await open_store(origin, create=False, read_only=True)
    try:
        dst = await open_store(destination)
        try:

            def progress(table: str, count: int) -> None:
                print(f"\r{table}: {count} rows", end="", file=sys.stderr, flush=True)

            copied = await migrate(src, dst, progress if sys.stderr.isatty() else None)
        finally:
            await dst.close()
    finally:
        await src.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for table, count in copied.rows.items():
        print(f"{table}: {count}")
    if copied.mismatches:
        for problem in copied.mismatches:
            err(f"count differs: {problem}")
        return EXIT_MISMATCH
    print(f"copied {origin} to {destination}: every count checked", file=sys.stderr)
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    if args.schema is not None and (problem := schema_problem(args.schema)):
        err(f"--schema {problem}")
        return EXIT_USAGE
    try:
        return asyncio.run(_migrate(args.source, args.target, args.schema))
    except StoreError as exc:
        err(str(exc))
        return EXIT_USAGE


def add_migrate_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    text = "copy a whole database between SQLite and PostgreSQL, counts checked"
    migrate_parser = commands.add_parser("migrate", help=text, description=text)
    migrate_parser.add_argument(
        "--from", dest="source", required=True, help="a file, sqlite:///path or postgresql://…"
    )
    migrate_parser.add_argument(
        "--to", dest="target", required=True, help="an empty database: file or postgresql://…"
    )
    migrate_parser.add_argument(
        "--schema",
        metavar="NAME",
        help="the brand's schema ([storage] schema) in the PostgreSQL side: a brand's file "
        "moved into a database several brands share",
    )
    migrate_parser.set_defaults(func=cmd_migrate)
