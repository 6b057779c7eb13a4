"""The words of the timeline: for each change, the event kind, its one-line summary and details.

The timeline is the incident's record: people read it during the response and the report quotes
it afterwards, so one change must read the same whichever backend or console wrote it. The store
decides *whether* a change happens and writes the event in the same transaction; these functions
decide *what the event says*, and know nothing of storage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from crisistui.domain.clock import local_text, zone_text
from crisistui.domain.incident import Milestone, Severity, StatementState, Status, TriageState
from crisistui.domain.records import Triage
from crisistui.domain.time import from_epoch, to_epoch


@dataclass(frozen=True, slots=True)
class EventText:
    """What one timeline event says: its kind (``family.what``), a summary for people, and
    details for tools (stored as JSON, so plain values only)."""

    kind: str
    summary: str
    details: dict[str, Any] = field(default_factory=dict)


def stamp(moment: datetime) -> str:
    """A time as it is written into event details: ISO 8601, whole seconds, UTC, so details
    compare as text and read the same from every backend."""
    return from_epoch(to_epoch(moment)).isoformat()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


# -- incidents ------------------------------------------------------------------------------


def incident_opened(
    title: str, crisis_type: str, playbook: str, severity: Severity | None, is_drill: bool
) -> EventText:
    """The first event of an incident; a drill says so from its first line, so nobody takes a
    rehearsal for the real thing when reading the timeline."""
    details: dict[str, Any] = {"crisis_type": crisis_type, "playbook": playbook}
    if severity is not None:
        details["severity"] = severity.value
    if is_drill:
        details["drill"] = True
    label = "Drill" if is_drill else "Incident"
    return EventText("incident.opened", f"{label} opened: {title}", details)


def severity_set(
    severity: Severity,
    previous: Severity | None,
    tasks_added: Sequence[str] = (),
    tasks_dropped: Sequence[str] = (),
) -> EventText:
    """A severity change names what it was before and the playbook tasks it brings in or
    drops, because a higher severity changes the team's work, not just a label."""
    change = "".join(
        f"; {label} {_plural(len(titles), 'task')}: {'; '.join(titles)}"
        for label, titles in (("adds", tasks_added), ("drops", tasks_dropped))
        if titles
    )
    return EventText(
        "incident.severity",
        f"Severity {severity.value} (was {previous.value if previous else 'unset'}){change}",
        {
            "severity": severity.value,
            "previous": previous.value if previous else None,
            "tasks_added": list(tasks_added),
            "tasks_dropped": list(tasks_dropped),
        },
    )


def status_changed(status: Status, previous: Status) -> EventText:
    """A status change with the status it left, so the timeline alone shows the path taken."""
    return EventText(
        "incident.status",
        f"Status {status.value} (was {previous.value})",
        {"status": status.value, "previous": previous.value},
    )


def role_assigned(role: str, person: str, previous: str | None) -> EventText:
    """Who holds a role now (an empty ``person`` frees it) and who held it before: during a
    handover people ask who was approving when."""
    summary = f"{person} takes the {role} role" if person else f"Role {role} is free"
    if previous is not None:
        summary += f" (was {previous})"
    return EventText(
        "role.assigned",
        summary,
        {"role": role, "person": person or None, "previous": previous},
    )


def lessons_updated(text: str) -> EventText:
    """Each version of the lessons goes into the details, since the incident row keeps only
    the latest and a review may want to see how they grew."""
    return EventText("incident.lessons", "Lessons learned updated", {"lessons": text})


def drill_marked(is_drill: bool) -> EventText:
    """Flagging or unflagging a drill changes which metrics the incident counts in, so the
    timeline must say when and by whom."""
    summary = "Marked as a drill" if is_drill else "Marked as a real incident"
    return EventText("incident.drill", summary, {"drill": is_drill})


def milestone_set(milestone: Milestone, at: datetime, previous: datetime | None) -> EventText:
    """A milestone reached or corrected, with the time it set (and the one it replaced): the
    response metrics are measured between milestones, so every change to them is visible."""
    verb = "corrected" if previous is not None else "reached"
    return EventText(
        f"milestone.{milestone.value}",
        f"Milestone {verb}: {milestone.label.lower()} at {at:%H:%M:%S} UTC",
        {
            "milestone": milestone.value,
            "at": stamp(at),
            "previous": stamp(previous) if previous is not None else None,
        },
    )


def summary_here(
    kind: str, summary: str, details: dict[str, Any], zone: tzinfo | None = None
) -> str:
    """An event's summary for a screen or a report whose time column is local: a milestone's
    time is stored in UTC (every console and the report share the text) and shown in the
    same zone as the column beside it (``zone``; this machine's when None)."""
    if not kind.startswith("milestone.") or not isinstance(details.get("at"), str):
        return summary
    try:
        at = datetime.fromisoformat(details["at"])
    except ValueError:
        return summary
    stored = f" at {at:%H:%M:%S} UTC"
    if zone is None:
        return summary.replace(stored, f" at {local_text(at)}", 1)
    local = at.astimezone(zone)
    return summary.replace(stored, f" at {local:%H:%M:%S} {zone_text(local)}", 1)


# -- tasks ----------------------------------------------------------------------------------


def task_ticked(task_id: str, title: str, done: bool) -> EventText:
    """A task done or reopened, named by its title: people read titles, tools read the id."""
    verb = "done" if done else "reopened"
    return EventText(f"task.{verb}", f"Task {verb}: {title}", {"task_id": task_id})


def task_assigned(task_id: str, title: str, assignee: str) -> EventText:
    """A task given to someone, or taken back (an empty ``assignee``)."""
    summary = f"Task assigned to {assignee}: {title}" if assignee else f"Task unassigned: {title}"
    return EventText("task.assigned", summary, {"task_id": task_id, "assignee": assignee or None})


def task_noted(task_id: str, title: str, text: str, note_id: int) -> EventText:
    """A note on a task, quoted whole: the timeline is where the team reads what was said."""
    return EventText(
        "task.note", f"Note on task {title}: {text}", {"task_id": task_id, "note_id": note_id}
    )


def task_added(task_id: str, title: str, phase: str, role: str, mandatory: bool) -> EventText:
    """An ad-hoc task, saying when it is mandatory, because a mandatory one blocks resolving."""
    flag = ", mandatory" if mandatory else ""
    return EventText(
        "task.added",
        f"Task added ({phase}{flag}): {title}",
        {"task_id": task_id, "phase": phase, "role": role, "mandatory": mandatory},
    )


# -- statements -----------------------------------------------------------------------------


def statement_drafted(statement_id: int, title: str, template_id: str | None) -> EventText:
    """A new draft, with the template it came from (if any), so a review can tell prepared
    words from words written on the day."""
    return EventText(
        "statement.drafted",
        f"Statement #{statement_id} drafted: {title}",
        {"statement_id": statement_id, "template_id": template_id},
    )


def statement_edited(statement_id: int, body: str, previous_state: str) -> EventText:
    """An edit, with the body as it now reads; editing a text that was not a draft sends it
    back to draft, and the summary says so because its approval no longer holds."""
    back = previous_state != StatementState.DRAFT
    suffix = " (back to draft; approval needed again)" if back else ""
    return EventText(
        "statement.edited",
        f"Statement #{statement_id} edited{suffix}",
        {"statement_id": statement_id, "body": body},
    )


def statement_deleted(statement_id: int, title: str) -> EventText:
    """A draft thrown away, named by its title since the row is gone."""
    return EventText(
        "statement.deleted",
        f"Statement #{statement_id} deleted: {title}",
        {"statement_id": statement_id},
    )


def statement_approval_requested(statement_id: int, title: str) -> EventText:
    """A draft sent to the approver: the start of the wait the response metrics can show."""
    return EventText(
        "statement.approval_requested",
        f"Approval requested for statement #{statement_id}: {title}",
        {"statement_id": statement_id},
    )


def statement_approved(
    statement_id: int, title: str, approver: str, *, own: bool = False
) -> EventText:
    """An approval names the approver in the summary: it is the one signature that matters;
    and says so when the approver wrote the statement (``own``): nobody else read it."""
    by = f"{approver}, its own author" if own else approver
    return EventText(
        "statement.approved",
        f"Statement #{statement_id} approved by {by}: {title}",
        {"statement_id": statement_id},
    )


def statement_rejected(statement_id: int, reason: str) -> EventText:
    """A statement sent back, with the approver's reason (or 'no reason'), so the writer
    knows what to change."""
    reason = reason.strip()
    return EventText(
        "statement.rejected",
        f"Statement #{statement_id} sent back to draft: {reason or 'no reason'}",
        {"statement_id": statement_id, "reason": reason},
    )


def statement_published(
    statement_id: int, title: str, channels: Sequence[str], first: bool, published_at: datetime
) -> EventText:
    """A publication on the channels newly added, with when the words went out (which may be
    before it was recorded)."""
    return EventText(
        "statement.published",
        f"Statement #{statement_id} published on {', '.join(channels)}: {title}",
        {
            "statement_id": statement_id,
            "channels": list(channels),
            "first": first,
            "published_at": stamp(published_at),
        },
    )


# -- mention triage -------------------------------------------------------------------------


def mention_triaged(
    mention_id: int,
    state: TriageState,
    *,
    assignee: str | None,
    tags: Sequence[str],
    template_id: str | None,
    incident_id: int | None,
    previous_incident_id: int | None,
) -> EventText:
    """What was done with a mention; ``incident_id`` is the incident it is filed under after
    the change, ``previous_incident_id`` the one before. The summary says when the mention was
    newly linked to an incident, since that moves it into another incident's record."""
    summary = f"Mention #{mention_id} {state.value}"
    if assignee and state is TriageState.ASSIGNED:
        summary += f" to {assignee}"
    if template_id:
        summary += f" with {template_id}"
    if tags:
        summary += f" [{', '.join(tags)}]"
    linked = incident_id is not None and incident_id != previous_incident_id
    if linked:
        summary += f", linked to incident #{incident_id}"
    details: dict[str, Any] = {
        "mention_id": mention_id,
        "state": state.value,
        "assignee": assignee,
        "tags": list(tags),
        "template_id": template_id,
    }
    if linked:
        details["linked_from"] = previous_incident_id
    return EventText(f"mention.{state.value}", summary, details)


def mention_tagged(mention_id: int, tags: Sequence[str]) -> EventText:
    """Tags set on a mention whose state stays as it was."""
    said = f"tagged [{', '.join(tags)}]" if tags else "untagged"
    return EventText(
        "mention.tagged",
        f"Mention #{mention_id} {said}",
        {"mention_id": mention_id, "tags": list(tags)},
    )


def mention_untriaged(old: Triage) -> EventText:
    """A triage undone keeps what it was and who set it in the event, since the row is gone."""
    return EventText(
        "mention.untriaged",
        f"Mention #{old.mention_id} back to untriaged (was {old.state} by {old.updated_by})",
        {
            "mention_id": old.mention_id,
            "was": old.state,
            "assignee": old.assignee,
            "tags": list(old.tags),
            "template_id": old.template_id,
        },
    )


# -- alerts ---------------------------------------------------------------------------------


def alert_suppressed(reason: str) -> EventText:
    """An alert the policy held back (cool-down, quiet level), with why: silence must be
    explainable afterwards."""
    return EventText("alert.suppressed", f"Alert not sent: {reason}")


def alert_delivered(channel: str, title: str, problem: str | None) -> EventText:
    """One channel's outcome of sending an alert: 'failed' only for the channel that failed,
    never for an alert the others delivered."""
    if problem is None:
        return EventText("alert.sent", f"Alert sent via {channel}: {title}", {"channel": channel})
    return EventText("alert.failed", f"Alert failed via {channel}: {problem}", {"channel": channel})


def incident_from_alert(
    level: str, score: float, drivers: Sequence[str], crisis_type: str | None
) -> EventText:
    """The alert an incident was opened from, with its drivers: the first answer to "why did
    we open this?"."""
    return EventText(
        "incident.alert",
        f"Opened from the {level} alert: " + "; ".join(drivers),
        {"level": level, "score": score, "drivers": list(drivers), "crisis_type": crisis_type},
    )
