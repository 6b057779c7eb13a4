"""The response commands: `report` (the post-incident review) and `drill` (a rehearsal)."""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from crisistui.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    config_from_args,
    db_path_from_args,
    err,
    playbooks_for,
)
from crisistui.config import Config
from crisistui.people import current_user
from crisistui.response.incident import UnknownIncidentError
from crisistui.store import Store

AddParser = Callable[[str, str], argparse.ArgumentParser]
AddArg = Callable[[argparse.ArgumentParser], None]


def add_response_commands(add: AddParser, config_arg: AddArg, db_arg: AddArg) -> None:
    """Register `report` and `drill` on the main parser (called from ``build_parser``)."""
    report = add("report", "write the post-incident report of an incident (Markdown or JSON)")
    report.add_argument("incident", metavar="INCIDENT", help="incident number, e.g. 12")
    report.add_argument("--format", choices=["md", "json"], default="md")
    report.add_argument("-o", "--output", help="output file (default: standard output)")
    config_arg(report)
    db_arg(report)
    report.set_defaults(func=cmd_report)

    drill = add("drill", "open a drill incident that rehearses a playbook (kept out of metrics)")
    drill.add_argument("scenario", metavar="SCENARIO", help="playbook id, e.g. data-breach")
    config_arg(drill)
    db_arg(drill)
    drill.set_defaults(func=cmd_drill)


def _incident_number(text: str) -> int | None:
    cleaned = text.strip().lstrip("#")
    return int(cleaned) if cleaned.isdigit() else None


async def _report(config: Config, db: Path, incident_id: int, fmt: str) -> str | None:
    """The rendered report, or None if the database has no such incident."""
    from crisistui.response.report import build_report, render_json, render_markdown

    store = await Store.open(db, create=False)
    try:
        report = await build_report(
            store, incident_id, playbooks_for(config), subject=config.brand.name
        )
    except UnknownIncidentError:
        return None
    finally:
        await store.close()
    return render_json(report) if fmt == "json" else render_markdown(report)


def cmd_report(args: argparse.Namespace) -> int:
    incident_id = _incident_number(args.incident)
    if incident_id is None:
        err(f"{args.incident!r} is not an incident number")
        return EXIT_USAGE
    config = config_from_args(args, required=False)
    db = db_path_from_args(args, config)
    text = asyncio.run(_report(config, db, incident_id, args.format))
    if text is None:
        err(f"no incident #{incident_id} in {db}")
        return EXIT_USAGE
    if args.output and args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote the report of incident #{incident_id} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


async def _drill(db: Path, playbook_id: str, name: str, kind: str) -> int:
    store = await Store.open(db)
    try:
        now = datetime.now(UTC)
        incident = await store.open_incident(
            f"DRILL: {name}",
            kind,
            playbook_id,
            current_user(),
            now,
            detected_at=now,
            is_drill=True,
        )
    finally:
        await store.close()
    return incident.id


def cmd_drill(args: argparse.Namespace) -> int:
    config = config_from_args(args, required=False)
    playbooks = playbooks_for(config)
    playbook = playbooks.get(args.scenario)
    if playbook is None:
        err(f"no playbook {args.scenario!r} (have: {', '.join(sorted(playbooks))})")
        return EXIT_USAGE
    db = db_path_from_args(args, config)
    kind = playbook.crisis_types[0] if playbook.crisis_types else playbook.id
    incident_id = asyncio.run(_drill(db, playbook.id, playbook.name, kind))
    where = f" -c {shlex.quote(str(args.config))}" if args.config else ""
    quoted = shlex.quote(str(db))
    print(f"Drill incident #{incident_id} opened: {playbook.name} ({playbook.id}), in {db}")
    print("It is marked as a drill: labelled in its report and left out of the real metrics.")
    print(f"Open the console on it:  crisistui run{where} --db {quoted}")
    print(f"Write its review:        crisistui report {incident_id}{where} --db {quoted}")
    return EXIT_OK
