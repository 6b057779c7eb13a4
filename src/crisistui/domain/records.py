"""What the store holds, as plain records every layer above it shares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from crisistui.domain.incident import Severity, Status
from crisistui.domain.models import Mention


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one batch insert did."""

    received: int
    new: int
    last_id: int


class Rollup(NamedTuple):
    """Counts for one subject in one minute.

    The three per-minute records are named tuples, not frozen dataclasses: a week of them is
    read at every start (100,000 rows for three subjects), and a tuple is made from a row five
    times faster."""

    subject: str
    minute: int
    volume: int
    positive: int
    negative: int
    neutral: int
    sentiment_sum: float
    reach_sum: int
    negative_reach: int
    scanned_negative: int = 0
    """Negatives that were scanned for trigger terms (all of them, since schema 5)."""
    unscored: int = 0
    """Mentions in a language no analyser reads (since schema 9): in ``volume``, in no
    sentiment count, and adding nothing to ``sentiment_sum``."""
    echoes: int = 0
    """Negatives that are declared reposts ("RT @someone: …", and Weibo's "…//@someone: …"
    since SQLite schema 18, PostgreSQL 13; ``domain.copies.is_retweet``): in ``negative``, but
    another voice's complaint repeated, which the severity engine counts a quarter of one
    (``domain.copies.ECHO_WEIGHT``)."""

    @property
    def scored(self) -> int:
        """Mentions whose sentiment is known: the base of shares and net sentiment."""
        return self.volume - self.unscored


class LanguageRollup(NamedTuple):
    """Counts for one subject, one language ('' when unknown) and one minute."""

    subject: str
    minute: int
    lang: str
    volume: int
    positive: int
    negative: int
    unscored: int
    sentiment_sum: float


class TriggerRollup(NamedTuple):
    """Mentions of one subject in one minute that held one trigger term."""

    subject: str
    minute: int
    crisis_type: str
    term: str
    volume: int
    negative: int
    echoes: int = 0
    """Of ``negative``, the reposts (``domain.copies.is_retweet``; since SQLite schema 18,
    PostgreSQL 13), which a term's surge says it holds."""


@dataclass(frozen=True, slots=True)
class TaskState:
    """Whether a checklist task is done, and who changed it when."""

    task_id: str
    done: bool
    changed_at: datetime
    changed_by: str


@dataclass(frozen=True, slots=True)
class Incident:
    """An incident as the store holds it: one record for every reader (checklist pane, incident
    screen, report), so no caller has to ask which shape it got."""

    id: int
    title: str
    crisis_type: str
    playbook: str
    status: Status
    severity: Severity | None
    """None until someone sets it."""
    opened_at: datetime
    opened_by: str
    resolved_at: datetime | None
    is_drill: bool
    lessons: str


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One immutable entry on the timeline."""

    id: int
    at: datetime
    actor: str
    kind: str
    incident_id: int | None
    summary: str
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class MilestoneRecord:
    """When a milestone happened, and who recorded it when."""

    name: str
    at: datetime
    set_at: datetime
    set_by: str


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    """Who holds a role on an incident (free text: a login or a name)."""

    role: str
    person: str
    assigned_at: datetime
    assigned_by: str


@dataclass(frozen=True, slots=True)
class TaskNote:
    """A note left on a task; notes are only ever added."""

    id: int
    task_id: str
    at: datetime
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class AdhocTask:
    """A task added during an incident, beside the playbook's; ``task_id`` is 'adhoc:N'."""

    task_id: str
    title: str
    phase: str
    role: str
    mandatory: bool
    created_at: datetime
    created_by: str


@dataclass(frozen=True, slots=True)
class Statement:
    """A public statement on its way from draft to published."""

    id: int
    incident_id: int
    template_id: str | None
    title: str
    body: str
    state: str
    channel: str
    author: str
    approver: str | None
    created_at: datetime
    updated_at: datetime
    approved_at: datetime | None
    published_at: datetime | None

    @property
    def channels(self) -> list[str]:
        return [c.strip() for c in self.channel.split(",") if c.strip()]


@dataclass(frozen=True, slots=True)
class Triage:
    """What the team did with one mention (the latest state; the timeline keeps the history)."""

    mention_id: int
    incident_id: int | None
    state: str
    assignee: str | None
    tags: tuple[str, ...]
    template_id: str | None
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True, slots=True)
class TriageCounts:
    """Negative mentions of a subject in a window, and how many of them were replied to."""

    negative: int
    triaged: int
    replied: int


@dataclass(frozen=True, slots=True)
class WindowText:
    """One text (fingerprint) of a subject's window, as ``Store.copied_texts`` counts it."""

    fingerprint: str
    mentions: int
    accounts: int
    """Distinct authors (mentions without one add none)."""
    first: datetime
    last: datetime
    text: str
    """The start of one copy's text (copies differ at most in links, case and punctuation)."""
    misinformation: bool = False
    """A copy holds misinformation trigger terms."""


@dataclass(frozen=True, slots=True)
class FeedPage:
    """The mentions a filter found, newest first."""

    mentions: list[Mention]
    searched: int | None = None
    """None when the whole history was searched; else only the newest this many mentions
    were, and older ones may match too."""


FACET_KINDS = ("source", "language", "domain", "hashtag", "word")
"""What a period's mentions are broken down by in the analytics, in ``PeriodFacets`` order."""


@dataclass(frozen=True, slots=True)
class PeriodTotals:
    """A period's mentions (of one subject or of all), the negative ones and their reach."""

    mentions: int = 0
    negative: int = 0
    reach: int = 0


@dataclass(frozen=True, slots=True)
class FacetCount:
    """One value a period's mentions are counted under (a source, a language, a domain, a
    hashtag, a word): its mentions, the negative ones and their reach."""

    kind: str
    """One of ``FACET_KINDS``."""
    value: str
    """The source's name, the ISO code ('' unknown), the domain, the folded ``#tag`` or word."""
    mentions: int
    negative: int
    reach: int


@dataclass(frozen=True, slots=True)
class PeriodFacets:
    """The top values of each kind in a period, most mentions first (ties by value)."""

    sources: tuple[FacetCount, ...] = ()
    languages: tuple[FacetCount, ...] = ()
    domains: tuple[FacetCount, ...] = ()
    hashtags: tuple[FacetCount, ...] = ()
    words: tuple[FacetCount, ...] = ()

    def of(self, kind: str) -> tuple[FacetCount, ...]:
        """The list of one of ``FACET_KINDS``."""
        return {
            "source": self.sources,
            "language": self.languages,
            "domain": self.domains,
            "hashtag": self.hashtags,
            "word": self.words,
        }[kind]


@dataclass(frozen=True, slots=True)
class AuthorStats:
    """One author's mentions in a period."""

    author: str
    mentions: int
    negative: int
    reach: int
    """The mentions' reach added up."""
    followers: int
    """The most followers seen on them (0 when no source said)."""
    engagement: int
    """Likes, reposts and replies of the mentions added up (unknown counts as zero)."""


@dataclass(frozen=True, slots=True)
class AuthorRanking:
    """A period's top authors by mentions and by reach (ties: the other measure, then the
    name)."""

    by_mentions: tuple[AuthorStats, ...] = ()
    by_reach: tuple[AuthorStats, ...] = ()
    method: str = "period"
    """How they were found, for benchmarks: ``period`` (the period's mentions read in time
    order), ``history`` (every mention passed over in author order) or ``bounded`` (candidates
    taken from the whole history's totals, enough to be sure)."""


@dataclass(frozen=True, slots=True)
class FilteredPeriod:
    """A period's figures for the mentions a feed filter finds in it, counted from them."""

    totals: PeriodTotals = PeriodTotals()
    facets: PeriodFacets = PeriodFacets()
    authors: AuthorRanking = AuthorRanking()
    counts: Mapping[tuple[str, str], FacetCount] = field(default_factory=dict)
    """The figures of the values asked for, by (kind, value); absent: none."""
    searched: int | None = None
    """None when every mention of the period was searched; else only its newest this many
    were, and older ones may match too."""
