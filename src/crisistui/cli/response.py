"""The response commands: `report` (the post-incident review) and `drill` (a rehearsal)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from crisistui.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    config_from_args,
    db_path_from_args,
    err,
    open_for,
    playbooks_for,
)
from crisistui.cli.drill import add_drill_arguments, cmd_drill
from crisistui.cli.incidents import cmd_incidents
from crisistui.config import Config
from crisistui.config.base import known_zone
from crisistui.domain.incident import UnknownIncidentError

AddParser = Callable[[str, str], argparse.ArgumentParser]
AddArg = Callable[[argparse.ArgumentParser], None]


def add_response_commands(add: AddParser, config_arg: AddArg, db_arg: AddArg) -> None:
    """Register `report`, `incidents` and `drill` on the main parser (from ``build_parser``)."""
    report = add("report", "write the post-incident report of an incident (Markdown or JSON)")
    report.add_argument("incident", metavar="INCIDENT", help="incident number, e.g. 12")
    report.add_argument("--format", choices=["md", "json"], default="md")
    report.add_argument("-o", "--output", help="output file (default: standard output)")
    report.add_argument(
        "--charts",
        choices=["png", "svg"],
        help="also draw the volume and sentiment charts as files beside the Markdown report "
        "(REPORT-volume.svg, …) and link them in it; needs -o FILE.md and crisistui[charts]",
    )
    report.add_argument(
        "--time-zone",
        metavar="ZONE",
        help="the IANA time zone the report's times are written in (e.g. Asia/Ho_Chi_Minh); "
        "default: the config's [response] statement_time_zone, else UTC",
    )
    config_arg(report)
    db_arg(report)
    report.set_defaults(func=cmd_report)

    incidents = add(
        "incidents",
        "list every incident with its response times, and the medians across real incidents",
    )
    incidents.add_argument("--json", action="store_true", help="one JSON object")
    config_arg(incidents)
    db_arg(incidents)
    incidents.set_defaults(func=cmd_incidents)

    drill = add(
        "drill",
        "rehearse a playbook: replay its crisis scenario in a drill console (drills are kept "
        "out of metrics), or --tabletop",
    )
    add_drill_arguments(drill)
    config_arg(drill)
    drill.add_argument(
        "--db",
        help="database file (default: a replay gets a new file under the user data "
        "directory's drills/; --tabletop opens its incident in [storage] path)",
    )
    drill.set_defaults(func=cmd_drill)


def _incident_number(text: str) -> int | None:
    cleaned = text.strip().lstrip("#")
    return int(cleaned) if cleaned.isdigit() else None


async def _report(
    config: Config, db: Path, incident_id: int, fmt: str, charts: str | None, output: Path | None
) -> str | None:
    """The rendered report, or None if the database has no such incident; with ``charts``,
    its chart files drawn beside ``output`` and linked in it."""
    from crisistui.reports.charts import write_incident_charts
    from crisistui.reports.report import build_report, render_json, render_markdown

    store = await open_for(db, config, create=False, read_only=True)
    try:
        report = await build_report(
            store,
            incident_id,
            playbooks_for(config),
            subject=config.brand.name,
            subjects=config.subjects,
            accounts=config.brand.accounts,
            time_zone=config.response.statement_zone,
        )
    except UnknownIncidentError:
        return None
    finally:
        await store.close()
    if fmt == "json":
        return render_json(report)
    drawn = write_incident_charts(report, output, charts) if charts and output else []
    return render_markdown(report, drawn)


def _charts_usage(args: argparse.Namespace) -> str | None:
    """Why ``--charts`` cannot be honoured, before anything is read; None when it can."""
    if not args.charts:
        return None
    if args.format != "md" or not args.output or args.output == "-":
        return "--charts draws files beside the Markdown report: give --format md -o FILE.md"
    from crisistui.reports.charts import ChartsUnavailableError, require_chart_files

    try:
        require_chart_files()
    except ChartsUnavailableError as exc:
        return str(exc)
    return None


def cmd_report(args: argparse.Namespace) -> int:
    incident_id = _incident_number(args.incident)
    if incident_id is None:
        err(f"{args.incident!r} is not an incident number")
        return EXIT_USAGE
    problem = _charts_usage(args)
    if problem:
        err(problem)
        return EXIT_USAGE
    config = config_from_args(args, required=False)
    if args.time_zone is not None:
        try:
            response = config.response.model_copy(
                update={"statement_time_zone": known_zone(args.time_zone)}
            )
        except ValueError as exc:
            err(f"--time-zone: {exc}")
            return EXIT_USAGE
        config = config.model_copy(update={"response": response})
    db = db_path_from_args(args, config)
    output = Path(args.output) if args.output and args.output != "-" else None
    if output is not None and not output.parent.is_dir():  # before anything is read or drawn
        err(f"{output}: cannot write: no folder {str(output.parent)!r}")
        return EXIT_USAGE
    try:
        text = asyncio.run(_report(config, db, incident_id, args.format, args.charts, output))
        if text is not None and output is not None:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        err(f"{exc.filename or output}: cannot write: {exc.strerror or exc}")
        return EXIT_USAGE
    if text is None:
        err(f"no incident #{incident_id} in {db}")
        return EXIT_USAGE
    if output is not None:
        print(f"wrote the report of incident #{incident_id} to {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK
