"""`crisistui incidents`: every incident with its response times, and the medians across them.

The medians are what a crisis office reports upward ("we speak within 12 minutes"), so drills
are listed but left out of them, and the numbers are the report's own (same milestones).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC
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
from crisistui.config import Config
from crisistui.domain.incident import Milestone
from crisistui.domain.text import bounded_line, sanitize
from crisistui.reports.metrics import TIMED, CrossIncidentMetrics, cross_incident
from crisistui.reports.report import IncidentData, gather
from crisistui.store import StoreError

COLUMNS = {
    Milestone.ACKNOWLEDGED: "ack",
    Milestone.FIRST_PUBLIC_RESPONSE: "1st resp",
    Milestone.MITIGATED: "mitigated",
    Milestone.RESOLVED: "resolved",
}


def short_minutes(minutes: float | None) -> str:
    """'8m', '2h05', '3d4h': a table cell."""
    if minutes is None:
        return "—"
    whole = round(minutes)
    if whole < 120:
        return f"{whole}m"
    if whole < 48 * 60:
        return f"{whole // 60}h{whole % 60:02d}"
    return f"{whole // 1440}d{whole % 1440 // 60}h"


async def _gather_all(config: Config, db: Path) -> list[IncidentData]:
    playbooks = playbooks_for(config)
    store = await open_for(db, config, create=False, read_only=True)
    try:
        return [
            await gather(store, incident.id, playbooks, subject=config.brand.name)
            for incident in await store.incidents()
        ]
    finally:
        await store.close()


def render_text(rows: list[IncidentData], summary: CrossIncidentMetrics) -> str:
    if not rows:  # a header over nothing read as a failure to read them
        return "No incidents yet: `i` in the console opens one from an alert, `n` any time.\n"
    header = f"{'#':>4}  {'opened (UTC)':16}  {'status':13}  {'sev':4}  {'type':22}"
    header += "".join(f"  {label:>9}" for label in COLUMNS.values()) + "  title"
    lines = [header]
    for data in rows:
        i, m = data.incident, data.metrics
        cells = "".join(f"  {short_minutes(m.minutes(ms)):>9}" for ms in COLUMNS)
        title = sanitize(i.title)
        if i.is_drill and not title.upper().startswith("DRILL"):
            title = f"DRILL {title}"
        lines.append(
            f"{i.id:>4}  {i.opened_at.astimezone(UTC):%Y-%m-%d %H:%M}  {i.status:13}  "
            f"{i.severity or '—':4}  {i.crisis_type[:22]:22}{cells}  {bounded_line(title, 60)}"
        )
    medians = ", ".join(
        f"{COLUMNS[ms]} {short_minutes(summary.median_minutes[ms])}" for ms in TIMED
    )
    share = summary.replied_share
    replied = f"; negative mentions replied {share:.0%}" if share is not None else ""
    lines.append("")
    lines.append(
        f"Medians over {summary.incidents} real incident(s), from detection (or opening) "
        f"({summary.drills_excluded} drill(s) left out): {medians}{replied}"
    )
    return "\n".join(lines) + "\n"


def cmd_incidents(args: argparse.Namespace) -> int:
    config = config_from_args(args, required=False)
    db = db_path_from_args(args, config)
    if not db.exists():
        err(f"no database at {db}")
        return EXIT_USAGE
    try:
        rows = asyncio.run(_gather_all(config, db))
    except StoreError as exc:
        err(str(exc))
        return EXIT_USAGE
    summary = cross_incident(r.metrics for r in rows)
    if args.json:
        out = {
            "incidents": [
                {
                    "id": r.incident.id,
                    "title": r.incident.title,
                    "status": r.incident.status.value,
                    "severity": r.incident.severity.value if r.incident.severity else None,
                    "crisis_type": r.incident.crisis_type,
                    "opened_at": r.incident.opened_at.isoformat(),
                    "metrics": r.metrics.to_dict(),
                }
                for r in rows
            ],
            "summary": summary.to_dict(),
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(render_text(rows, summary), end="")
    return EXIT_OK
