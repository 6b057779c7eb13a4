"""The post-incident report, built from the store the console writes to.

Milestones, metrics and timeline in the report all come from the same rows (the milestones and
their timeline events are written together), so the numbers in the review are the numbers the
team saw during the incident. The renderers only format; they compute nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from crisistui.analysis.share_of_voice import ShareOfVoice, measure_share
from crisistui.analysis.spoken import LanguageVoice, by_language
from crisistui.domain.copies import copy_key
from crisistui.domain.incident import (
    ChecklistTask,
    Milestone,
    Status,
    UnknownIncidentError,
    checklist,
)
from crisistui.domain.models import Mention
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.playbook import Playbook
from crisistui.domain.records import (
    Incident,
    MilestoneRecord,
    RoleAssignment,
    Rollup,
    Statement,
    TaskNote,
    TaskState,
    TimelineEvent,
    Triage,
    TriageCounts,
)
from crisistui.domain.time import from_epoch, to_epoch
from crisistui.reports.metrics import (
    CrossIncidentMetrics,
    IncidentMetrics,
    cross_incident,
    incident_metrics,
)
from crisistui.store import Store

CHART_LEAD = timedelta(minutes=30)
"""How much calm before detection the charts show, so the turn is visible."""

_BUCKETS = (1, 2, 5, 10, 15, 30, 60, 120, 240, 720, 1440)
_MAX_POINTS = 60
_TIMELINE_LIMIT = 1_000_000
_DETECTION_READ = 5_000
"""The level changes and alerts before an opening looked through, newest first."""


@dataclass(frozen=True, slots=True)
class IncidentData:
    """What metrics need of one incident, read once from the store."""

    incident: Incident
    playbook: Playbook | None
    milestones: dict[Milestone, MilestoneRecord]
    tasks: list[ChecklistTask]
    states: dict[str, TaskState]
    subject: str | None
    start: datetime
    end: datetime
    metrics: IncidentMetrics


@dataclass(frozen=True, slots=True)
class TaskLine:
    """One task as the report lists it."""

    task: ChecklistTask
    state: TaskState | None
    assignee: str | None
    notes: tuple[TaskNote, ...]

    @property
    def done(self) -> bool:
        return bool(self.state and self.state.done)


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """Mentions of the subject in one bucket of the chart window."""

    start: datetime
    volume: int
    negative: int
    mean_sentiment: float | None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the review needs, ready to render."""

    data: IncidentData
    generated_at: datetime
    roles: dict[str, RoleAssignment]
    timeline: list[TimelineEvent]
    statements: list[Statement]
    tasks: list[TaskLine]
    bucket_minutes: int
    series: list[SeriesPoint]
    top_mentions: list[tuple[Mention, Triage | None]]
    copies: dict[int, int] = field(default_factory=dict)
    """Top mentions standing for others with the same words (reposts, a copied campaign
    post), by id: how many they are in all, as the feed's ×N says."""
    languages: list[LanguageVoice] = field(default_factory=list)
    """The subject's mentions in the incident window, per language, most first."""
    share_of_voice: ShareOfVoice | None = None
    """Every subject's share of the incident window's mentions, the brand first."""
    time_zone: tzinfo = UTC
    """The zone the Markdown's times are written in (the team's: ``statement_time_zone``)."""

    @property
    def incident(self) -> Incident:
        return self.data.incident

    @property
    def metrics(self) -> IncidentMetrics:
        return self.data.metrics

    def publications(self, statement: Statement) -> list[Publication]:
        """When a statement went out on each channel, from its timeline events: published on
        X at nine and on the website at ten is two publications. One on every channel at the
        first time when the events do not name them all."""
        if statement.published_at is None:
            return []
        found = [
            Publication(
                [str(c) for c in e.details.get("channels") or ()],
                _stamped(e.details.get("published_at"), e.at),
            )
            for e in self.timeline
            if e.kind == "statement.published" and e.details.get("statement_id") == statement.id
        ]
        named = {channel for p in found for channel in p.channels}
        if not found or set(statement.channels) - named:
            return [Publication(statement.channels, statement.published_at)]
        return sorted(found, key=lambda p: p.at)


@dataclass(frozen=True, slots=True)
class Publication:
    """Channels a statement went out on together, and when."""

    channels: list[str]
    at: datetime


def _stamped(value: object, otherwise: datetime) -> datetime:
    """A time written into event details (``domain.timeline.stamp``), or ``otherwise``."""
    try:
        return datetime.fromisoformat(str(value)) if value else otherwise
    except ValueError:
        return otherwise


def _bucket_minutes(span: timedelta) -> int:
    minutes = max(1, int(span.total_seconds() // 60))
    return next((b for b in _BUCKETS if minutes / b <= _MAX_POINTS), _BUCKETS[-1])


def _pick_subject(rollups: list[Rollup]) -> str | None:
    """Without a brand given, the loudest subject of the window (normally the brand)."""
    volume: dict[str, int] = {}
    for rollup in rollups:
        volume[rollup.subject] = volume.get(rollup.subject, 0) + rollup.volume
    return max(volume, key=lambda s: volume[s]) if volume else None


def _whole_minutes(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The whole minutes the report's tables count (rollups are per minute): its "negative
    mentions during the incident" and its top mentions read them too, so neither is a few off
    the tables, nor the list short of the count."""
    first, last = to_epoch(start) // 60, -(-to_epoch(end) // 60)
    return from_epoch(first * 60), from_epoch(max(last, first) * 60)


async def gather(
    store: Store,
    incident_id: int,
    playbooks: Mapping[str, Playbook],
    *,
    subject: str | None = None,
    now: datetime | None = None,
) -> IncidentData:
    """Read one incident and measure it (``UnknownIncidentError`` if there is none)."""
    incident = await store.incident(incident_id)
    if incident is None:
        raise UnknownIncidentError(incident_id)
    now = now or (await store.clock()).now()  # a replay's file: its scenario time
    playbook = playbooks.get(incident.playbook)
    milestones = await store.milestones(incident_id)
    times = {m: r.at for m, r in milestones.items()}
    tasks = checklist(playbook, await store.adhoc_tasks(incident_id), incident.severity)
    states = await store.task_states(incident_id)
    start = times.get(Milestone.DETECTED, incident.opened_at)
    end = incident.resolved_at or max(now, start)
    if subject is None:
        subject = _pick_subject(await store.rollups(start, end))
    since, until = _whole_minutes(start, end)
    counts = (
        await store.negative_triage_counts(subject, since, until, incident_id=incident_id)
        if subject
        else TriageCounts(0, 0, 0)
    )
    done = {task_id: state.done for task_id, state in states.items()}
    metrics = incident_metrics(incident, times, tasks, done, counts)
    return IncidentData(incident, playbook, milestones, tasks, states, subject, start, end, metrics)


async def cross_incident_metrics(
    store: Store,
    playbooks: Mapping[str, Playbook],
    *,
    subject: str | None = None,
    now: datetime | None = None,
) -> CrossIncidentMetrics:
    """Medians over every real incident in the store (drills counted only as left out)."""
    measured = [
        (await gather(store, incident.id, playbooks, subject=subject, now=now)).metrics
        for incident in await store.incidents()
    ]
    return cross_incident(measured)


def _series(
    rollups: list[Rollup], start: datetime, end: datetime, bucket: int
) -> list[SeriesPoint]:
    first = int(start.timestamp()) // 60
    count = max(1, -(-(int(end.timestamp()) // 60 + 1 - first) // bucket))
    sums = [[0, 0, 0.0, 0] for _ in range(count)]
    for rollup in rollups:
        index = (rollup.minute - first) // bucket
        if 0 <= index < count:
            sums[index][0] += rollup.volume
            sums[index][1] += rollup.negative
            sums[index][2] += rollup.sentiment_sum
            sums[index][3] += rollup.scored
    return [
        SeriesPoint(
            start + timedelta(minutes=i * bucket),
            int(volume),
            int(negative),
            (total / scored) if scored else None,
        )
        for i, (volume, negative, total, scored) in enumerate(sums)
    ]


DETECTION_KINDS = ("severity.changed", "alert.sent", "alert.failed", "alert.suppressed")
"""Events of no incident that tell how an incident was found."""


async def _timeline(store: Store, data: IncidentData) -> list[TimelineEvent]:
    """The incident's events, after the level changes and alerts that led to it (from its
    detection to its opening): those belong to no incident, and the review began at
    "Incident opened" where the console's timeline shows the rise to it."""
    events = await store.events(data.incident.id, limit=_TIMELINE_LIMIT)
    opened = data.incident.opened_at
    if data.start >= opened:
        return events
    found = await store.recent_events(_DETECTION_READ, kinds=DETECTION_KINDS, until=opened)
    lead = [e for e in found if e.incident_id is None and data.start <= e.at <= opened]
    return sorted([*lead, *events], key=lambda e: (e.at, e.id))


async def build_report(
    store: Store,
    incident_id: int,
    playbooks: Mapping[str, Playbook],
    *,
    subject: str | None = None,
    subjects: Sequence[str] = (),
    accounts: Sequence[str] = (),
    time_zone: tzinfo = UTC,
    now: datetime | None = None,
    top: int = 10,
) -> Report:
    """Gather everything the review shows (``UnknownIncidentError`` if there is no such incident).

    ``subject`` is the brand whose mentions are charted and counted (the loudest subject of
    the incident window when not given). ``subjects`` (the brand, then the competitors) are
    listed first in the share of voice, every other subject of the window after them.
    ``accounts``: the brand's own, whose posts (its apology) are no top mention of the crisis.
    ``time_zone``: the team's, which the Markdown's times are written in.
    """
    now = now or (await store.clock()).now()  # a replay's file: its scenario time
    data = await gather(store, incident_id, playbooks, subject=subject, now=now)
    assignees = await store.task_assignees(incident_id)
    notes: dict[str, list[TaskNote]] = {}
    for note in await store.task_notes(incident_id):
        notes.setdefault(note.task_id, []).append(note)
    tasks = [
        TaskLine(
            task,
            data.states.get(task.task_id),
            assignees.get(task.task_id),
            tuple(notes.get(task.task_id, ())),
        )
        for task in data.tasks
    ]
    chart_start = data.start - CHART_LEAD
    bucket = _bucket_minutes(data.end - chart_start)
    series: list[SeriesPoint] = []
    top_mentions: list[tuple[Mention, Triage | None]] = []
    copies: dict[int, int] = {}
    languages: list[LanguageVoice] = []
    everyone = await store.rollups(chart_start, data.end + timedelta(minutes=1))
    named = [data.subject] if data.subject else []
    share = measure_share(everyone, [*dict.fromkeys([*subjects, *named])], data.start, data.end)
    if data.subject:
        spoken = await store.language_rollups(data.start, data.end + timedelta(minutes=1))
        languages = by_language(r for r in spoken if r.subject == data.subject)
        rollups = [r for r in everyone if r.subject == data.subject]
        series = _series(rollups, chart_start, data.end, bucket)
        since, until = _whole_minutes(data.start, data.end)
        own = OwnAccounts(accounts) if accounts else None
        queue = await store.triage_queue(
            data.subject, since, until, limit=top * COPIES_READ, own=own
        )
        top_mentions, copies = _without_copies(queue, top)
    return Report(
        data=data,
        generated_at=now,
        roles=await store.roles(incident_id),
        timeline=await _timeline(store, data),
        statements=await store.statements(incident_id),
        tasks=tasks,
        bucket_minutes=bucket,
        series=series,
        top_mentions=top_mentions,
        copies=copies,
        languages=languages,
        share_of_voice=share,
        time_zone=time_zone,
    )


def is_final(report: Report) -> bool:
    """Whether open tasks were left undone (the incident is over) or are merely 'open'."""
    return report.incident.status is Status.RESOLVED


def render_markdown(report: Report, chart_files: Sequence[Path] = ()) -> str:
    """The review as Markdown (formatting lives in ``response.render``)."""
    from crisistui.reports.render import render_markdown as markdown

    return markdown(report, chart_files)


def render_json(report: Report) -> str:
    """The report as indented JSON (formatting lives in ``response.render``)."""
    from crisistui.reports.render import render_json as as_json

    return as_json(report)


COPIES_READ = 10
"""Mentions read for each top mention shown, so that copies of one leave room for others."""


def _without_copies(
    queue: list[tuple[Mention, Triage | None]], top: int
) -> tuple[list[tuple[Mention, Triage | None]], dict[int, int]]:
    """The first ``top`` mentions of the queue that are no copy of one before (one post's
    reposts were four of a review's ten top mentions), and how many each stands for."""
    kept: list[tuple[Mention, Triage | None]] = []
    first: dict[str, int] = {}
    copies: dict[int, int] = {}
    for mention, triage in queue:
        key = copy_key(mention.text, mention.fingerprint)  # as the feed folds its rows
        if key in first:
            copies[first[key]] = copies.get(first[key], 1) + 1
        elif len(kept) < top and mention.id is not None:
            first[key] = mention.id
            kept.append((mention, triage))
    return kept, copies
