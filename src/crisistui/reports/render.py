"""Report renderers: Markdown for the retrospective, JSON for tools. Formatting only.

Mention texts come from strangers: in Markdown they are flattened to one line and their markup
characters escaped, so a post cannot restructure the review (or smuggle HTML into a rendered
page).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from crisistui.domain.clock import utc_offset
from crisistui.domain.incident import REVIEW_PHASE, Milestone, statement_state_label
from crisistui.domain.numbers import human_count
from crisistui.domain.timeline import summary_here
from crisistui.reports.charts import chart_links, line_chart
from crisistui.reports.metrics import describe_seconds, metric_lines, replied_line
from crisistui.reports.report import Report, TaskLine, is_final

_MARKUP = re.compile(r"([\\`*_\[\]<>|#~])")


def _inline(text: str, limit: int = 280) -> str:
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return _MARKUP.sub(r"\\\1", flat)


def _prose(text: str) -> str:
    """What the team wrote (a statement, lessons), kept as Markdown (its lists, its
    emphasis) but never as raw HTML: "<script>" is shown, not run by a viewer that allows it;
    nor as a heading, which would break the report's own outline ("# Next time" is not a
    section of the report)."""
    text = _HEADING.sub(r"\1\\\2", text)
    return _SCRIPT_LINK.sub(r"]\\(", text.replace("<", "\\<").replace(">", "\\>"))


_HEADING = re.compile(r"^( {0,3})(#|=+\s*$|-{2,}\s*$)", re.MULTILINE)
"""A line that would make a heading: "# …", or the "===" or "---" under a line of text."""


_SCRIPT_LINK = re.compile(r"\]\((?=\s*(?:javascript|vbscript|data):)", re.IGNORECASE)
"""A Markdown link to a script, whose "](" is written escaped so it links nothing."""


def _when(moment: datetime | None, zone: tzinfo = UTC) -> str:
    """A time in the report's zone, with its offset ("2026-12-06 12:40:00 UTC+7")."""
    if not moment:
        return "—"
    local = moment.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M:%S} {utc_offset(local)}"


def _short(moment: datetime, zone: tzinfo = UTC) -> str:
    """A time in a list (the report says once which zone all its times are in)."""
    return f"{moment.astimezone(zone):%d %b %H:%M:%S}"


def _zone_said(report: Report) -> str:
    """The summary's line on the report's times: UTC, or the team's zone and its offset."""
    zone = report.time_zone
    offset = utc_offset(report.generated_at.astimezone(zone))
    if offset == "UTC" and str(zone) in ("UTC", "Etc/UTC"):
        return "_All times are UTC._"
    return f"_All times are {zone} ({offset}), the team's time zone._"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def render_markdown(report: Report, chart_files: Sequence[Path] = ()) -> str:
    """The review as Markdown: summary, milestones and metrics, charts, mentions, statements,
    tasks, timeline, lessons learned. ``chart_files`` (drawn beside the Markdown file by
    ``write_incident_charts``) are linked above the text charts."""
    inc, data, metrics = report.incident, report.data, report.metrics
    zone = report.time_zone
    out: list[str] = []
    out.append(f"# Incident #{inc.id}: {_inline(inc.title)}")
    out.append("")
    if inc.is_drill:
        out += [
            "> **DRILL**: a rehearsal, not a real incident. It is left out of the metrics "
            "across incidents.",
            "",
        ]
    playbook = f"{data.playbook.name} ({inc.playbook})" if data.playbook else inc.playbook
    out += ["## Summary", "", _zone_said(report), ""]
    out.append(f"- Status: {inc.status}; severity: {inc.severity or 'not set'}")
    out.append(f"- Crisis type: {inc.crisis_type}; playbook: {playbook}")
    out.append(f"- Opened: {_when(inc.opened_at, zone)} by {_inline(inc.opened_by, 100)}")
    out.append(f"- Resolved: {_when(inc.resolved_at, zone)}")
    roles = "; ".join(
        f"{_inline(r.role, 100)}: {_inline(r.person, 100)}" for r in report.roles.values()
    )
    out.append(f"- Roles: {roles or 'none assigned'}")
    subject = data.subject or "no mentions in the window"
    out.append(f"- Mentions of: {subject}, {_when(data.start, zone)} to {_when(data.end, zone)}")
    out.append(f"- Report generated: {_when(report.generated_at, zone)}")
    out += ["", "## Milestones and metrics", ""]
    after = "detection" if metrics.reference == "detected" else "opening"
    out += ["| Milestone | Time | After " + after + " |", "|---|---|---|"]
    for milestone in Milestone:
        record = data.milestones.get(milestone)
        if record is None:
            out.append(f"| {milestone.label} | — | — |")
            continue
        seconds = int((record.at - metrics.reference_at).total_seconds())
        out.append(
            f"| {milestone.label} | {_when(record.at, zone)} | {describe_seconds(seconds)} |"
        )
    out.append("")
    out += [f"- {line}" for line in metric_lines(metrics)]
    out.append(f"- {replied_line(metrics)}")
    out += ["", "## Sentiment and volume", ""]
    if chart_files:
        out += [chart_links(chart_files), ""]
    out += _charts(report)
    out += _languages(report)
    out += _share_of_voice(report)
    out += ["", "## Top mentions (negative first, by reach)", ""]
    if not report.top_mentions:
        out.append("_No mentions in the incident window._")
    for number, (mention, triage) in enumerate(report.top_mentions, start=1):
        who = _inline(mention.author or "unknown", 60)
        handled = (
            f"{triage.state} by {_inline(triage.updated_by, 100)}" if triage else "not triaged"
        )
        many = report.copies.get(mention.id or 0, 1)
        again = "once more" if many == 2 else f"{many - 1} more times"
        also = f" (×{many}: the same words {again})" if many > 1 else ""
        out.append(
            f"{number}. **{mention.label.value}**{also}, reach {human_count(mention.reach)}, "
            f"{who} on "
            f"{_inline(mention.source, 100)} at {_short(mention.created_at, zone)} ({handled}): "
            f"{_inline(mention.text)}"
        )
    out += ["", "## Statements", ""]
    if not report.statements:
        out.append("_No statements._")
    for statement in report.statements:
        out.append(
            f"### #{statement.id} {_inline(statement.title)} "
            f"({statement_state_label(statement.state)})"
        )
        out.append("")
        facts = [
            f"drafted by {_inline(statement.author, 100)} at {_when(statement.created_at, zone)}"
        ]
        if statement.approver:
            approver = _inline(statement.approver, 100)
            if statement.approver == statement.author:
                approver += " (its own author)"
            facts.append(f"approved by {approver} at {_when(statement.approved_at, zone)}")
        for index, publication in enumerate(report.publications(statement)):
            channels = _inline(", ".join(publication.channels), 100)
            said = "published on" if index == 0 else "then on"
            facts.append(f"{said} {channels} at {_when(publication.at, zone)}")
        out += [f"_{'; '.join(facts)}_", ""]
        out += [f"> {_prose(line)}" if line else ">" for line in statement.body.splitlines()]
        out.append("")
    out += ["", *_tasks(report)]
    out += ["", "## Timeline", ""]
    out += [
        f"- `{_short(e.at, zone)}` {_inline(e.actor)}: "
        f"{_inline(summary_here(e.kind, e.summary, e.details, zone), 1000)}"
        for e in report.timeline
    ]
    out += ["", "## Lessons learned", ""]
    out.append(_prose(inc.lessons) if inc.lessons else "_None recorded yet._")
    return _tidy(out)


def _tidy(lines: list[str]) -> str:
    """Join lines with single blank lines between blocks (code blocks are left alone)."""
    kept: list[str] = []
    fenced = False
    for line in lines:
        fenced ^= line.startswith("```")
        if not line and not fenced and kept and not kept[-1]:
            continue
        kept.append(line)
    return "\n".join(kept).strip() + "\n"


def _languages(report: Report) -> list[str]:
    """Who spoke in which language during the incident (left out when only one did)."""
    if len(report.languages) < 2:
        return []
    out = ["", "## Languages", "", "| Language | Mentions | Negative | Net sentiment |"]
    out.append("|---|---:|---:|---:|")
    for voice in report.languages:
        name = f"{voice.name} ({voice.lang})" if voice.lang else voice.name
        share = voice.negative_share
        negative = "unscored" if share is None else f"{share:.0%}"
        net = "" if voice.net is None else f"{voice.net:+.2f}"
        out.append(f"| {name} | {voice.mentions:,} | {negative} | {net} |")
    return out


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.1%}"


def _share_of_voice(report: Report) -> list[str]:
    """Every subject's share of the incident window's mentions and negative mentions, and
    its net sentiment: how loud the brand was against its competitors."""
    zone = report.time_zone
    share = report.share_of_voice
    if share is None:
        return []
    span = f"{_when(share.since, zone)} to {_when(share.until, zone)}"
    out = ["", "## Share of voice", ""]
    if not share.mentions:
        return [*out, f"_No mentions of any subject from {span}._"]
    out.append(
        f"Mentions of every subject from {span} (whole minutes): {share.mentions:,}, "
        f"{share.negative:,} of them negative."
    )
    out += [
        "",
        "| Subject | Mentions | Share | Negative | Share of negative | Net sentiment |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in share.subjects:
        net = "—" if s.net is None else f"{s.net:+.2f}"
        out.append(
            f"| {_inline(s.subject, 80)} | {s.mentions:,} | {_percent(s.share)} | "
            f"{s.negative:,} | {_percent(s.negative_share)} | {net} |"
        )
    unscored = sum(s.unscored for s in share.subjects)
    out += [
        "",
        "Net sentiment is the mean score (−1 to 1) of the scored mentions"
        + (
            f"; {unscored:,} mentions in languages no analyser reads count in the shares "
            "but not in it."
            if unscored
            else "."
        ),
    ]
    return out


def _charts(report: Report) -> list[str]:
    if not report.series:
        return ["_No mentions to chart._"]
    start = report.metrics.reference_at
    xs = [(p.start - start).total_seconds() / 60 for p in report.series]
    after = "detection" if report.metrics.reference == "detected" else "opening"
    xlabel = f"minutes after {after} ({report.bucket_minutes}-min buckets)"
    volume = line_chart(
        "Mentions per bucket",
        xs,
        {
            "all": [float(p.volume) for p in report.series],
            "negative": [float(p.negative) for p in report.series],
        },
        xlabel=xlabel,
    )
    sentiment = line_chart(
        "Mean sentiment (-1 to 1)",
        xs,
        {"sentiment": [p.mean_sentiment for p in report.series]},
        xlabel=xlabel,
    )
    return ["```text", volume, "```", "", "```text", sentiment, "```"]


def _tasks(report: Report) -> list[str]:
    zone = report.time_zone
    final = is_final(report)
    out = ["## Tasks", ""]
    by_phase: dict[str, list[TaskLine]] = {}
    for line in report.tasks:
        by_phase.setdefault(line.task.phase, []).append(line)
    for phase, lines in by_phase.items():
        done = sum(1 for line in lines if line.done)
        rest = len(lines) - done
        # the review's tasks come after the incident is resolved: still to do, not left undone
        # ("skipped" read as if someone had skipped them: the console has no such action)
        skipped = final and phase != REVIEW_PHASE
        out += [f"### {phase}: {done} done, {rest} {'not done' if skipped else 'open'}", ""]
        for line in lines:
            task = line.task
            extra = [task.role]
            if task.mandatory:
                extra.append("mandatory")
            if task.adhoc:
                extra.append("added during the incident")
            if line.assignee:
                extra.append(f"assigned to {_inline(line.assignee, 100)}")
            mark = "x" if line.done else " "
            state = line.state
            when = (
                f"; done {_short(state.changed_at, zone)} by {state.changed_by}"
                if state and state.done
                else ("; not done when the incident was resolved" if skipped else "")
            )
            out.append(f"- [{mark}] {_inline(task.title)} ({', '.join(extra)}){when}")
            out += [
                f"  - note by {_inline(n.author, 100)} at {_short(n.at, zone)}: "
                f"{_inline(n.text, 2000)}"
                for n in line.notes
            ]
        out.append("")
    return out


def report_dict(report: Report) -> dict[str, Any]:
    """The report as plain data (what ``render_json`` writes)."""
    inc, data = report.incident, report.data
    return {
        "incident": {
            "id": inc.id,
            "title": inc.title,
            "crisis_type": inc.crisis_type,
            "playbook": inc.playbook,
            "playbook_name": data.playbook.name if data.playbook else None,
            "status": inc.status.value,
            "severity": inc.severity.value if inc.severity else None,
            "opened_at": _iso(inc.opened_at),
            "opened_by": inc.opened_by,
            "resolved_at": _iso(inc.resolved_at),
            "drill": inc.is_drill,
        },
        "generated_at": _iso(report.generated_at),
        "subject": data.subject,
        "window": {"start": _iso(data.start), "end": _iso(data.end)},
        "roles": {r.role: r.person for r in report.roles.values()},
        "milestones": {
            m.value: {"at": _iso(r.at), "set_by": r.set_by} for m, r in data.milestones.items()
        },
        "metrics": report.metrics.to_dict(),
        "chart": {
            "bucket_minutes": report.bucket_minutes,
            "points": [
                {
                    "start": _iso(p.start),
                    "volume": p.volume,
                    "negative": p.negative,
                    "mean_sentiment": p.mean_sentiment,
                }
                for p in report.series
            ],
        },
        "languages": [voice.as_dict() for voice in report.languages],
        "share_of_voice": report.share_of_voice.as_dict() if report.share_of_voice else None,
        "top_mentions": [
            {
                "id": m.id,
                "source": m.source,
                "created_at": _iso(m.created_at),
                "author": m.author,
                "label": m.label.value,
                "reach": m.reach,
                "url": m.url,
                "text": m.text,
                "triage": t.state if t else None,
                "copies": report.copies.get(m.id or 0, 1),
            }
            for m, t in report.top_mentions
        ],
        "statements": [
            {
                "id": s.id,
                "template_id": s.template_id,
                "title": s.title,
                "body": s.body,
                "state": s.state,
                "channels": s.channels,
                "author": s.author,
                "approver": s.approver,
                "approved_at": _iso(s.approved_at),
                "published_at": _iso(s.published_at),
                "publications": [
                    {"channels": p.channels, "at": _iso(p.at)} for p in report.publications(s)
                ],
            }
            for s in report.statements
        ],
        "tasks": [
            {
                "id": line.task.task_id,
                "phase": line.task.phase,
                "title": line.task.title,
                "role": line.task.role,
                "mandatory": line.task.mandatory,
                "adhoc": line.task.adhoc,
                "done": line.done,
                "changed_at": _iso(line.state.changed_at) if line.state else None,
                "changed_by": line.state.changed_by if line.state else None,
                "assignee": line.assignee,
                "notes": [
                    {"at": _iso(n.at), "author": n.author, "text": n.text} for n in line.notes
                ],
            }
            for line in report.tasks
        ],
        "timeline": [
            {
                "id": e.id,
                "at": _iso(e.at),
                "actor": e.actor,
                "kind": e.kind,
                "summary": e.summary,
                "details": e.details,
            }
            for e in report.timeline
        ],
        "lessons": inc.lessons,
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
