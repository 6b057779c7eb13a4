"""The rules of an incident: statuses, severities, milestones and when it may be resolved.

Kept free of the database so the console, the store and the report apply the same rules, and so
the rules can be tested on their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from crisistui.domain.clock import local_text

if TYPE_CHECKING:  # the playbook's models cost a command that reads no playbook 0.1 s
    from crisistui.domain.playbook import Playbook
    from crisistui.domain.records import Incident

APPROVER_ROLE = "approver"
"""The role whose holder (and only whose holder) may approve statements of an incident."""
STANDARD_ROLES = ("crisis lead", "spokesperson", "communications", APPROVER_ROLE, "scribe")
"""Who leads, who speaks, who acts, who validates and who keeps the record."""


def role_names(playbook: Playbook | None, extra: Iterable[str] = ()) -> list[str]:
    """Roles to offer: the standard ones, those configured, then those the playbook's tasks
    name, each once, in lower case (how the store keeps them)."""
    names = [*STANDARD_ROLES, *extra, *(t.role for t in (playbook.tasks if playbook else []))]
    return list(dict.fromkeys(n.strip().lower() for n in names if n.strip()))


class ResponseError(ValueError):
    """An action on an incident that the rules refuse; the message says why, for people."""


class UnknownIncidentError(ResponseError):
    def __init__(self, incident_id: int) -> None:
        super().__init__(f"no incident #{incident_id}")
        self.incident_id = incident_id


class OpenedMeanwhileError(ResponseError):
    """Another person opened an incident moments ago (two consoles, one crisis): it is shown
    rather than a second opened, unless the person asks for one more."""

    def __init__(self, incident: Incident) -> None:
        super().__init__(
            f"Meanwhile incident #{incident.id} was opened by {incident.opened_by}: "
            f"{incident.title}"
        )
        self.incident = incident

    def said_to(self, actor: str) -> str:
        """The refusal as ``actor`` reads it: their own incident is no news from a colleague."""
        if self.incident.opened_by == actor:
            return f"You opened incident #{self.incident.id} moments ago: {self.incident.title}"
        return str(self)


def opener(incident: Incident, actor: str) -> str:
    """Who opened ``incident``, as ``actor`` is told it: "you" for their own."""
    return "you" if incident.opened_by == actor else incident.opened_by


class MilestoneOrderError(ResponseError):
    """A milestone would break the time order of the ones already recorded."""


class TransitionError(ResponseError):
    """A status or statement state change that is not allowed from the current state."""


class ChangedMeanwhile(ResponseError):
    """A write based on a row as read, which someone else changed since: read it again."""


class NotApproverError(ResponseError):
    """Someone other than the incident's approver tried to approve a statement."""


class Status(StrEnum):
    """Where the response stands, in the order incidents usually move (status page wording)."""

    INVESTIGATING = "investigating"
    RESPONDING = "responding"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


class Severity(StrEnum):
    """How bad it is; set by people (the engine's level only advises)."""

    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Accept 'SEV2', 'sev2' or '2', so a person can type it quickly."""
        cleaned = text.strip().upper()
        if cleaned.isdigit():
            cleaned = f"SEV{cleaned}"
        try:
            return cls(cleaned)
        except ValueError:
            raise ResponseError(
                f"severity {text!r} is not one of {', '.join(s.value for s in cls)}"
            ) from None


class Milestone(StrEnum):
    """The moments that the response metrics are measured between."""

    DETECTED = "detected"
    ACKNOWLEDGED = "acknowledged"
    FIRST_PUBLIC_RESPONSE = "first_public_response"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


MILESTONE_ORDER: tuple[Milestone, ...] = tuple(Milestone)
"""Display order of the milestones."""

MUST_FOLLOW: dict[Milestone, frozenset[Milestone]] = {
    Milestone.DETECTED: frozenset(),
    Milestone.ACKNOWLEDGED: frozenset({Milestone.DETECTED}),
    # A fast fix may come before the first statement, and a statement may follow resolution:
    # the public response is only ordered after detection and acknowledgement.
    Milestone.FIRST_PUBLIC_RESPONSE: frozenset({Milestone.DETECTED, Milestone.ACKNOWLEDGED}),
    Milestone.MITIGATED: frozenset({Milestone.DETECTED, Milestone.ACKNOWLEDGED}),
    Milestone.RESOLVED: frozenset(
        {Milestone.DETECTED, Milestone.ACKNOWLEDGED, Milestone.MITIGATED}
    ),
}
"""Which milestones must not be later than each milestone."""


def check_milestone_order(
    milestone: Milestone, at: datetime, recorded: Mapping[Milestone, datetime]
) -> None:
    """Refuse ``milestone`` at ``at`` if it is earlier than one it follows or later than one
    that follows it; a wrong order would make every metric after it meaningless."""
    for earlier in MUST_FOLLOW[milestone]:
        before = recorded.get(earlier)
        if before is not None and at < before:
            raise MilestoneOrderError(
                f"{milestone.label} at {local_text(at, with_date=True)} would be earlier than "
                f"{earlier.label.lower()} at {local_text(before, with_date=True)}"
            )
    for later, follows in MUST_FOLLOW.items():
        after = recorded.get(later)
        if milestone in follows and after is not None and at > after:
            raise MilestoneOrderError(
                f"{milestone.label} at {local_text(at, with_date=True)} would be later than "
                f"{later.label.lower()} at {local_text(after, with_date=True)}"
            )


class StatementState(StrEnum):
    """A statement's way to the public: nothing is published without an approval."""

    DRAFT = "draft"
    APPROVAL_REQUESTED = "approval_requested"
    APPROVED = "approved"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        """The state as people read it; the value is an identifier for files and tools."""
        return _STATEMENT_STATE_WORDS[self]


_STATEMENT_STATE_WORDS = {
    StatementState.DRAFT: "draft",
    StatementState.APPROVAL_REQUESTED: "awaiting approval",
    StatementState.APPROVED: "approved",
    StatementState.PUBLISHED: "published",
}


def statement_state_label(state: str) -> str:
    """A stored statement state in words ('awaiting approval'); an unknown one as it is."""
    try:
        return StatementState(state).label
    except ValueError:
        return state.replace("_", " ")


class TriageState(StrEnum):
    """What the team did with one mention."""

    ACKNOWLEDGED = "acknowledged"
    REPLIED = "replied"
    DISMISSED = "dismissed"
    ASSIGNED = "assigned"


@dataclass(frozen=True, slots=True)
class ChecklistTask:
    """A task of an incident, from its playbook or added ad hoc, in one shape."""

    task_id: str
    title: str
    phase: str
    role: str
    mandatory: bool
    adhoc: bool = False


@dataclass(frozen=True, slots=True)
class AdhocTaskSpec:
    """What the resolve rule needs of an ad-hoc task (the store's record fits this)."""

    task_id: str
    title: str
    phase: str
    role: str
    mandatory: bool


def checklist(
    playbook: Playbook | None,
    adhoc: Iterable[AdhocTaskSpec] = (),
    severity: str | None = None,
) -> list[ChecklistTask]:
    """The playbook's tasks for this severity then the ad-hoc ones, each ad-hoc task after its
    phase's tasks. Raising the severity brings in the tasks kept for worse incidents."""
    tasks = [
        ChecklistTask(t.id, t.title, t.phase, t.role, t.mandatory)
        for t in (playbook.tasks if playbook else [])
        if t.applies_at(severity)
    ]
    extra = [ChecklistTask(a.task_id, a.title, a.phase, a.role, a.mandatory, True) for a in adhoc]
    phases = list(playbook.phases) if playbook else []
    for task in extra:
        if task.phase not in phases:
            phases.append(task.phase)
    ordered = [*tasks, *extra]
    return sorted(ordered, key=lambda t: phases.index(t.phase))


def overdue_tasks(
    tasks: Iterable[ChecklistTask],
    done: Mapping[str, bool],
    due_minutes: Mapping[str, int | None],
    started: datetime,
    now: datetime,
    *,
    resolved: bool = False,
) -> list[tuple[ChecklistTask, datetime]]:
    """Open tasks past their due time (minutes after ``started``), with that time, in
    checklist order; the checklist pane and the wall name the same ones. A ``resolved``
    incident has none: its remaining review tasks are not late."""
    if resolved:
        return []
    late = []
    for task in tasks:
        minutes = due_minutes.get(task.task_id)
        if minutes is None or done.get(task.task_id):
            continue
        due = started + timedelta(minutes=minutes)
        if now > due:
            late.append((task, due))
    return late


REVIEW_PHASE = "review"


def resolve_blockers(
    playbook: Playbook | None,
    done: Mapping[str, bool],
    adhoc: Iterable[AdhocTaskSpec] = (),
    severity: str | None = None,
) -> list[ChecklistTask]:
    """The mandatory tasks (playbook and ad hoc) still open: an incident with any of them
    open cannot be resolved. Review-phase tasks are done after resolution (the retrospective
    comes days later), so they never block it."""
    return [
        t
        for t in checklist(playbook, adhoc, severity)
        if t.mandatory and t.phase != REVIEW_PHASE and not done.get(t.task_id)
    ]


def severity_task_change(
    playbook: Playbook | None, before: str | None, after: str | None
) -> tuple[list[str], list[str]]:
    """Titles of the playbook tasks a severity change brings in, and of those it drops."""
    tasks = playbook.tasks if playbook else []
    added = [t.title for t in tasks if t.applies_at(after) and not t.applies_at(before)]
    dropped = [t.title for t in tasks if t.applies_at(before) and not t.applies_at(after)]
    return added, dropped


def blockers_message(incident_id: int, blockers: Iterable[ChecklistTask]) -> str:
    """Why resolving is refused, naming the open mandatory tasks by their titles."""
    names = "; ".join(t.title for t in blockers)
    return f"Incident #{incident_id} cannot be resolved yet: mandatory tasks still open: {names}."


class ResolveBlockedError(ResponseError):
    """Resolution refused because mandatory tasks are open; ``open_tasks`` names them."""

    def __init__(self, incident_id: int, open_tasks: list[ChecklistTask]) -> None:
        super().__init__(blockers_message(incident_id, open_tasks))
        self.open_tasks = open_tasks
