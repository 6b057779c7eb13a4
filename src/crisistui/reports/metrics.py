"""Response metrics: how fast the team acknowledged, spoke, mitigated and resolved.

Every duration is read from the recorded milestones (which the timeline also carries), measured
from detection, or from the opening when nobody recorded a detection. Drills are rehearsals:
they get their own numbers but never enter the figures across incidents.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crisistui.domain.incident import ChecklistTask, Milestone
from crisistui.domain.records import Incident, TriageCounts

TIMED: tuple[Milestone, ...] = (
    Milestone.ACKNOWLEDGED,
    Milestone.FIRST_PUBLIC_RESPONSE,
    Milestone.MITIGATED,
    Milestone.RESOLVED,
)
"""The milestones measured from the reference (detection or opening)."""

_LINE_LABELS = {
    Milestone.ACKNOWLEDGED: "Acknowledged",
    Milestone.FIRST_PUBLIC_RESPONSE: "First public response",
    Milestone.MITIGATED: "Mitigated",
    Milestone.RESOLVED: "Resolved",
}


@dataclass(frozen=True, slots=True)
class PhaseProgress:
    """Tasks of one phase: done, still open, and how many of the open ones are mandatory."""

    phase: str
    done: int
    open: int
    mandatory_open: int


@dataclass(frozen=True, slots=True)
class IncidentMetrics:
    """The numbers of one incident."""

    incident_id: int
    is_drill: bool
    reference: str
    reference_at: datetime
    seconds: dict[Milestone, int | None]
    phases: tuple[PhaseProgress, ...]
    mentions: TriageCounts

    def minutes(self, milestone: Milestone) -> int | None:
        """Whole minutes from the reference to a milestone (None if not reached)."""
        value = self.seconds.get(milestone)
        return None if value is None else value // 60

    @property
    def replied_share(self) -> float | None:
        """Share of the negative mentions in the window that were replied to."""
        if self.mentions.negative == 0:
            return None
        return self.mentions.replied / self.mentions.negative

    def to_dict(self) -> dict[str, Any]:
        return {
            "incident_id": self.incident_id,
            "drill": self.is_drill,
            "reference": self.reference,
            "reference_at": self.reference_at.isoformat(),
            "after_reference": {
                m.value: {"seconds": self.seconds[m], "minutes": self.minutes(m)} for m in TIMED
            },
            "tasks_by_phase": {
                p.phase: {"done": p.done, "open": p.open, "mandatory_open": p.mandatory_open}
                for p in self.phases
            },
            "negative_mentions": {
                "total": self.mentions.negative,
                "triaged": self.mentions.triaged,
                "replied": self.mentions.replied,
                "replied_share": self.replied_share,
            },
        }


def reference_point(
    incident: Incident, milestones: Mapping[Milestone, datetime]
) -> tuple[str, datetime]:
    """What durations are measured from: detection if recorded, else the opening."""
    detected = milestones.get(Milestone.DETECTED)
    return ("detected", detected) if detected is not None else ("opened", incident.opened_at)


def phase_progress(
    tasks: Sequence[ChecklistTask], done: Mapping[str, bool]
) -> tuple[PhaseProgress, ...]:
    """Done and open tasks per phase, phases in checklist order."""
    phases: dict[str, list[int]] = {}
    for task in tasks:
        counts = phases.setdefault(task.phase, [0, 0, 0])
        if done.get(task.task_id):
            counts[0] += 1
        else:
            counts[1] += 1
            counts[2] += int(task.mandatory)
    return tuple(PhaseProgress(p, *c) for p, c in phases.items())


def incident_metrics(
    incident: Incident,
    milestones: Mapping[Milestone, datetime],
    tasks: Sequence[ChecklistTask],
    done: Mapping[str, bool],
    mentions: TriageCounts,
) -> IncidentMetrics:
    """Measure one incident from its milestones, checklist and triage counts."""
    reference, start = reference_point(incident, milestones)
    seconds: dict[Milestone, int | None] = {}
    for milestone in TIMED:
        at = milestones.get(milestone)
        seconds[milestone] = None if at is None else int((at - start).total_seconds())
    return IncidentMetrics(
        incident.id,
        incident.is_drill,
        reference,
        start,
        seconds,
        phase_progress(tasks, done),
        mentions,
    )


def describe_minutes(minutes: int) -> str:
    """'8 min' for short spans; hours and days when minutes stop being readable."""
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes // 1440} d {minutes % 1440 // 60} h"


def describe_seconds(seconds: int) -> str:
    """A time to respond as a review reads it: '8 min 50 s', not a rounded-down '8 min' that
    would pass a 15-minute target met at 15 min 50 s; hours and days as ``describe_minutes``."""
    if seconds < 0 or seconds >= 120 * 60:
        return describe_minutes(seconds // 60)
    minutes, rest = divmod(seconds, 60)
    if not minutes and rest:
        return f"{rest} s"
    return f"{minutes} min" if not rest else f"{minutes} min {rest:02d} s"


def metric_lines(metrics: IncidentMetrics) -> list[str]:
    """One line per timed milestone, e.g. 'First public response: 8 min after detection'."""
    after = "detection" if metrics.reference == "detected" else "opening"
    resolved = metrics.minutes(Milestone.RESOLVED) is not None
    lines = []
    for milestone in TIMED:
        seconds = metrics.seconds.get(milestone)
        label = _LINE_LABELS[milestone]
        if seconds is None:
            # a resolved incident's missing step was skipped, not still to come
            lines.append(f"{label}: {'not recorded' if resolved else 'not yet'}")
        else:
            lines.append(f"{label}: {describe_seconds(seconds)} after {after}")
    return lines


def replied_line(metrics: IncidentMetrics) -> str:
    m = metrics.mentions
    share = metrics.replied_share
    percent = f" ({share:.0%})" if share is not None else ""
    return (
        f"Negative mentions during the incident: {m.negative:,}; triaged {m.triaged:,}; "
        f"replied {m.replied:,}{percent}"
    )


@dataclass(frozen=True, slots=True)
class CrossIncidentMetrics:
    """Medians over real incidents; drills are counted only to say they were left out."""

    incidents: int
    drills_excluded: int
    median_minutes: dict[Milestone, float | None]
    replied_share: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "incidents": self.incidents,
            "drills_excluded": self.drills_excluded,
            "median_minutes": {m.value: v for m, v in self.median_minutes.items()},
            "replied_share": self.replied_share,
        }


def cross_incident(metrics: Iterable[IncidentMetrics]) -> CrossIncidentMetrics:
    """Medians of the response times over real incidents (drills excluded)."""
    real, drills = [], 0
    for item in metrics:
        if item.is_drill:
            drills += 1
        else:
            real.append(item)
    medians: dict[Milestone, float | None] = {}
    for milestone in TIMED:
        values = [m for m in (r.minutes(milestone) for r in real) if m is not None]
        medians[milestone] = float(statistics.median(values)) if values else None
    negative = sum(r.mentions.negative for r in real)
    replied = sum(r.mentions.replied for r in real)
    return CrossIncidentMetrics(
        len(real), drills, medians, replied / negative if negative else None
    )
