"""The store's interface: what every layer above it may ask of a database, per concern.

Callers type against ``Store`` (or the one concern they need), never a backend; both backends
(``store.sqlite``, ``store.postgres``) implement all of it, and the contract tests run the same
cases against each. Errors are the store's own (``store.errors``), never a driver's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal, Protocol

from crisistui.domain.clock import Clock, Replay
from crisistui.domain.feed_query import SCAN_BUDGET, FeedQuery
from crisistui.domain.incident import (
    ChecklistTask,
    Milestone,
    Severity,
    Status,
    TriageState,
)
from crisistui.domain.models import Mention, SourceHealth
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.playbook import Playbook
from crisistui.domain.records import (
    AdhocTask,
    AuthorRanking,
    FacetCount,
    FeedPage,
    FilteredPeriod,
    Incident,
    IngestResult,
    LanguageRollup,
    MilestoneRecord,
    PeriodFacets,
    PeriodTotals,
    RoleAssignment,
    Rollup,
    Statement,
    TaskNote,
    TaskState,
    TimelineEvent,
    Triage,
    TriageCounts,
    TriggerRollup,
    WindowText,
)
from crisistui.domain.statements import UTC_CLOCK, StatementClock


class MentionReader(Protocol):
    """Mentions and their per-minute rollups."""

    async def last_mention_id(self) -> int: ...

    async def mention_count(self) -> int: ...

    async def mentions_up_to(self, last_id: int) -> int:
        """How many mentions have an id up to ``last_id`` (ids may skip numbers)."""
        ...

    async def mention(self, mention_id: int) -> Mention | None: ...

    async def stored_ids(self, source: str, external_ids: Sequence[str]) -> set[str]:
        """Which of ``external_ids`` of ``source`` are stored already."""
        ...

    async def recent_mentions(self, limit: int, after_id: int = 0) -> list[Mention]:
        """The newest ``limit`` mentions by time; with ``after_id``, only those stored since."""
        ...

    async def arrivals_since(self, after_id: int) -> tuple[int, datetime | None]:
        """The newest id stored after ``after_id`` (``after_id`` when none was) and the
        earliest post time among those mentions (None when none was stored)."""
        ...

    def iter_mentions(self, batch: int = 2000) -> AsyncIterator[Mention]:
        """Every mention in id order, fetched in batches so memory stays flat."""
        ...

    async def latest_mention_time(self) -> datetime | None: ...

    async def rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[Rollup]:
        """Per-minute rollups in [since, until): of every subject, or of ``subject`` only."""
        ...

    async def language_rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[LanguageRollup]:
        """Per-minute counts per language in [since, until): of every subject, or of
        ``subject`` only."""
        ...

    async def trigger_rollups(
        self,
        since: datetime,
        until: datetime,
        subject: str | None = None,
        *,
        negative_only_before: datetime | None = None,
    ) -> list[TriggerRollup]:
        """Per-minute trigger term counts in [since, until): of every subject, or of
        ``subject`` only; before ``negative_only_before``, only the rows with negatives (a
        warming engine reads a term's other mentions only in its windows)."""
        ...

    async def mention_triggers(self, mention_id: int) -> list[tuple[str, str]] | None:
        """The (crisis type, term) pairs stored with a mention; None if it was stored before
        trigger terms were matched (or does not exist)."""
        ...

    async def negative_mentions(
        self, subject: str, since: datetime, until: datetime, limit: int = 2000
    ) -> list[Mention]:
        """The newest ``limit`` negative mentions of a subject in [since, until), newest
        first; walks the time index from the top, so a busy window costs ``limit`` rows."""
        ...

    async def top_negative(
        self,
        subject: str,
        since: datetime,
        until: datetime,
        limit: int = 3,
        *,
        own: OwnAccounts | None = None,
    ) -> list[Mention]:
        """The widest-reaching negative mentions of a subject in [since, until], with their
        trigger terms (for drivers and the likely crisis type); posts of the ``own`` accounts
        left out. Bounded above too: a reader on another clock must not name a post from its
        future as a driver of its present."""
        ...

    async def copied_texts(
        self, subject: str, since: datetime, until: datetime, *, mentions: float, accounts: int
    ) -> tuple[int, list[list[WindowText]]]:
        """The subject's mentions in [since, until]: how many, and its widely copied hostile
        texts (copy keys of at least ``accounts`` authors and at least ``mentions`` of the
        window's mentions, a share, or ``accounts``, whichever is more), each as its variants
        by fingerprint. Grouped by the database, bounded by the time index."""
        ...

    async def text_authors(
        self, subject: str, fingerprints: Sequence[str], since: datetime, until: datetime
    ) -> list[str]:
        """The distinct authors of the subject's mentions with these fingerprints in [since,
        until], in the order they first posted; found through the fingerprint index."""
        ...


class MentionWriter(Protocol):
    """Batches of mentions in, deduplicated by (source, external id); rollups kept
    current in the same transaction."""

    async def add_mentions(
        self, mentions: Sequence[Mention], now: datetime, *, one_poll: bool = False
    ) -> IngestResult:
        """Insert a batch in one transaction; items already stored are skipped, never doubled.

        A post already stored under another id (the same words by the same author at the same
        second from the same source, ``domain.repeats``) is skipped, and so is such a repeat
        within the batch, unless the batch is ``one_poll``: one response of a source (or
        responses merged so that a later one's copies of an earlier one's posts are left
        out), whose items under distinct ids are distinct posts (a source that mints ids
        mints one per item and fetch; a hundred anonymous "is it down?" in one second are a
        hundred)."""
        ...


class FeedSearch(Protocol):
    """The feed's filter: newest matching mentions first, at a bounded cost."""

    async def filtered_mentions(
        self, query: FeedQuery, limit: int, after_id: int = 0, budget: int = SCAN_BUDGET
    ) -> FeedPage:
        """The newest ``limit`` mentions matching ``query``; with ``after_id``, only those
        stored since (the live part, which costs what has arrived)."""
        ...

    async def prepare_feed_filter(self, budget: int = SCAN_BUDGET) -> None:
        """Find where the feed filter's windows of the newest mentions begin, before any
        filter asks: the console does it while a filter is being typed, so the first filter
        answers as fast as the ones after it."""
        ...


class IncidentStore(Protocol):
    """Incidents, their checklist and their append-only timeline."""

    async def current_incident(self) -> Incident | None:
        """The most recently opened incident that is not resolved; a real one before any
        drill, so a rehearsal started during a real incident never takes its place."""
        ...

    async def open_incident(
        self,
        title: str,
        crisis_type: str,
        playbook: str,
        actor: str,
        now: datetime,
        *,
        severity: Severity | str | None = None,
        detected_at: datetime | None = None,
        is_drill: bool = False,
        unless_opened_since: datetime | None = None,
    ) -> Incident:
        """Open an incident and put it on the timeline; with ``unless_opened_since``, refuse
        (``OpenedMeanwhileError``) if an open one of the same kind was opened since then."""
        ...

    async def set_severity(
        self,
        incident_id: int,
        severity: Severity | str,
        actor: str,
        now: datetime,
        *,
        playbook: Playbook | None = None,
    ) -> None:
        """Set the severity (people decide it; the engine's level only advises). Given the
        incident's ``playbook``, the event names the tasks the change adds or drops."""
        ...

    async def set_status(
        self,
        incident_id: int,
        status: Status | str,
        actor: str,
        now: datetime,
        *,
        playbook: Playbook | None = None,
    ) -> None:
        """Move an incident to another status."""
        ...

    async def resolve_blockers(
        self, incident_id: int, playbook: Playbook | None
    ) -> list[ChecklistTask]:
        """The mandatory tasks still open that keep the incident from being resolved, as
        ``set_status`` checks them: a console asks this before asking "are you sure?"."""
        ...

    async def record_milestone(
        self, incident_id: int, milestone: Milestone | str, at: datetime, actor: str, now: datetime
    ) -> None:
        """Record (or correct) when a milestone happened; refused if out of time order."""
        ...

    async def assign_role(
        self, incident_id: int, role: str, person: str, actor: str, now: datetime
    ) -> None:
        """Give a role (spokesperson, approver, …) to a person; an empty name frees the role."""
        ...

    async def roles(self, incident_id: int) -> dict[str, RoleAssignment]:
        """Role → who holds it on this incident."""
        ...

    async def set_lessons(
        self, incident_id: int, text: str, actor: str, now: datetime, *, seen: str | None = None
    ) -> None:
        """Replace the lessons-learned text (each version stays on the timeline). ``seen`` is
        the text the writer started from: if someone saved other lessons since, it is refused
        rather than lost."""
        ...

    async def mark_drill(self, incident_id: int, is_drill: bool, actor: str, now: datetime) -> None:
        """Flag an incident as a drill (kept out of the real metrics), or unflag it."""
        ...

    async def task_states(self, incident_id: int) -> dict[str, TaskState]: ...

    async def set_task_done(
        self,
        incident_id: int,
        task_id: str,
        title: str,
        done: bool,
        actor: str,
        now: datetime,
        *,
        phase: str | None = None,
    ) -> bool:
        """Tick or untick a task; the change goes on the timeline in the same transaction.
        False, and nothing written, when the task already was so. A resolved incident's
        tasks are refused (``ResponseError``) but for the review phase's (``phase``: a
        playbook task's phase is the caller's to give; an ad-hoc task's is stored)."""
        ...

    async def assign_task(
        self,
        incident_id: int,
        task_id: str,
        title: str,
        assignee: str,
        actor: str,
        now: datetime,
        *,
        phase: str | None = None,
    ) -> None:
        """Give a task to a person (an empty name takes it back); refused like a tick on a
        resolved incident."""
        ...

    async def task_assignees(self, incident_id: int) -> dict[str, str]:
        """Task id → the person it is assigned to."""
        ...

    async def add_task_note(
        self, incident_id: int, task_id: str, title: str, text: str, actor: str, now: datetime
    ) -> TaskNote:
        """Leave a note on a task (notes are never edited; a correction is a new note)."""
        ...

    async def task_notes(self, incident_id: int, task_id: str | None = None) -> list[TaskNote]:
        """Notes of an incident's tasks (of one task when given), oldest first."""
        ...

    async def add_adhoc_task(
        self,
        incident_id: int,
        title: str,
        phase: str,
        role: str,
        mandatory: bool,
        actor: str,
        now: datetime,
    ) -> AdhocTask:
        """Add a task the playbook did not foresee; a mandatory one also blocks resolution."""
        ...

    async def adhoc_tasks(self, incident_id: int) -> list[AdhocTask]:
        """The ad-hoc tasks of an incident, in the order they were added."""
        ...

    async def add_event(
        self,
        now: datetime,
        actor: str,
        kind: str,
        summary: str,
        incident_id: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """Append one event to the timeline."""
        ...

    async def events(self, incident_id: int | None = None, limit: int = 500) -> list[TimelineEvent]:
        """Timeline events, oldest first (of one incident when given)."""
        ...

    async def recent_events(
        self,
        limit: int = 500,
        kinds: Sequence[str] | None = None,
        *,
        incident_id: int | None = None,
        after_id: int = 0,
        until: datetime | None = None,
    ) -> list[TimelineEvent]:
        """The newest ``limit`` events of every incident (and of none), oldest first; only
        those of the given ``kinds`` when some are named, of one incident when given, only
        those written after event ``after_id`` when given, and only those at or before
        ``until`` when given."""
        ...

    async def event_marker(self) -> int:
        """A number that grows with every event written (so with every response change)."""
        ...

    async def incident(self, incident_id: int) -> Incident | None:
        """One incident with all its fields, or None."""
        ...

    async def incidents(
        self, *, open_only: bool = False, include_drills: bool = True
    ) -> list[Incident]:
        """Incidents, newest first: the open ones only, or all of them."""
        ...

    async def milestones(self, incident_id: int) -> dict[Milestone, MilestoneRecord]:
        """The recorded milestones of an incident, in milestone order."""
        ...


class StatementStore(Protocol):
    """Prepared statements and their approval."""

    async def statement(self, statement_id: int) -> Statement | None: ...

    async def statements(self, incident_id: int) -> list[Statement]:
        """The statements of an incident, oldest first."""
        ...

    async def create_statement(
        self,
        incident_id: int,
        title: str,
        body: str,
        actor: str,
        now: datetime,
        *,
        template_id: str | None = None,
    ) -> Statement:
        """Start a draft (usually filled from a playbook template)."""
        ...

    async def update_statement(
        self,
        statement_id: int,
        title: str,
        body: str,
        actor: str,
        now: datetime,
        *,
        seen_text: tuple[str, str] | None = None,
    ) -> Statement:
        """Edit a draft; editing a text that waits for approval takes it back to draft.
        ``seen_text`` is the title and body the editor opened with: when a colleague saved
        another text since, this edit is refused rather than laid silently over theirs."""
        ...

    async def delete_statement(self, statement_id: int, actor: str, now: datetime) -> None:
        """Throw away a draft that was never sent for approval."""
        ...

    async def request_approval(self, statement_id: int, actor: str, now: datetime) -> Statement:
        """Send a draft to the incident's approver."""
        ...

    async def approve_statement(
        self,
        statement_id: int,
        actor: str,
        now: datetime,
        *,
        seen: datetime | None = None,
        seen_text: tuple[str, str] | None = None,
    ) -> Statement:
        """Approve a statement; only the person holding the incident's approver role may.
        ``seen`` is the version the approver read (its ``updated_at``) and ``seen_text`` its
        title and body: a text edited since is refused, so nobody approves words they have
        not read (times are whole seconds: an edit in the same second is caught by the text)."""
        ...

    async def reject_statement(
        self, statement_id: int, reason: str, actor: str, now: datetime
    ) -> Statement:
        """Send a statement back to draft with the approver's reason."""
        ...

    async def publish_statement(
        self,
        statement_id: int,
        channels: Sequence[str] | str,
        actor: str,
        now: datetime,
        *,
        at: datetime | None = None,
        clock: StatementClock = UTC_CLOCK,
    ) -> Statement:
        """Mark an approved statement published on channels (again: more channels); ``at`` is
        when it went out, if that was before it was marked (never in the future, never before
        its approval); ``clock`` writes that time into its ``{time}``."""
        ...


class TriageStore(Protocol):
    """Who handles which mention, and what became of it."""

    async def triage_mention(
        self,
        mention_id: int,
        state: TriageState | str,
        actor: str,
        now: datetime,
        *,
        incident_id: int | None = None,
        assignee: str | None = None,
        tags: Iterable[str] = (),
        template_id: str | None = None,
        seen: Triage | Literal["unread"] | None = "unread",
    ) -> Triage:
        """Record what was done with a mention (acknowledged, replied, dismissed, assigned);
        with ``seen``, only if it is still as read (else ``ChangedMeanwhile``)."""
        ...

    async def tag_mention(
        self,
        mention_id: int,
        tags: Iterable[str],
        actor: str,
        now: datetime,
        *,
        incident_id: int | None = None,
        seen: Triage | Literal["unread"] | None = "unread",
    ) -> Triage:
        """Replace a mention's tags, its state and who set it when kept (an untriaged one is
        acknowledged with them)."""
        ...

    async def clear_triage(
        self, mention_id: int, actor: str, now: datetime, *, seen: Triage | None = None
    ) -> Triage:
        """Put a mention back among the untriaged (a key pressed on the wrong row)."""
        ...

    async def triage(self, mention_id: int) -> Triage | None: ...

    async def triage_of(self, mention_ids: Iterable[int]) -> dict[int, Triage]:
        """The triage of each of these mentions that has one (for the marks in a list)."""
        ...

    async def incident_triage(self, incident_id: int) -> list[Triage]:
        """Every triaged mention of an incident, in the order they were last handled."""
        ...

    async def triage_queue(
        self,
        subject: str,
        since: datetime,
        until: datetime | None = None,
        *,
        limit: int = 100,
        untriaged_only: bool = False,
        negative_only: bool = False,
        min_reach: int = 0,
        own: OwnAccounts | None = None,
    ) -> list[tuple[Mention, Triage | None]]:
        """Mentions of a subject in a window: negative first, then by reach, then newest."""
        ...

    async def negative_triage_counts(
        self,
        subject: str,
        since: datetime,
        until: datetime | None = None,
        *,
        incident_id: int | None = None,
    ) -> TriageCounts:
        """Negative mentions of a subject in [since, until), how many were triaged and replied."""
        ...


class SourceHealthStore(Protocol):
    """The collector's heartbeat per source."""

    async def record_health(self, health: SourceHealth, now: datetime) -> None:
        """Store a source's health (the collector's heartbeat)."""
        ...

    async def source_health(self) -> list[tuple[SourceHealth, datetime]]:
        """Every source's last recorded health, with when it was recorded."""
        ...

    async def last_ingest_time(self) -> datetime | None:
        """When anything was last collected: a successful poll or a stored mention (a failed
        poll is no sign of life)."""
        ...


class ReplayStore(Protocol):
    """What a database says about its own time and purpose (demo, drill, whose brand)."""

    async def mark_drill_database(
        self,
        clock_origin: datetime | None = None,
        clock_speed: float | None = None,
        clock_until: datetime | None = None,
        playbook: str | None = None,
    ) -> None:
        """Make this file a rehearsal database: every incident opened in it is a drill. A
        replay's clock (origin, speed, and when its story ends) is kept too, so consoles
        joining it share its time, and the rehearsed ``playbook``, which they show."""
        ...

    async def record_replay_clock(
        self,
        origin: datetime,
        speed: float,
        purpose: str,
        until: datetime | None = None,
        playbook: str | None = None,
    ) -> None:
        """Keep a replay's clock in the file (the demo: ``purpose="demo"``); ``until``: when
        its story ends and its clock slows to the wall clock's pace; ``playbook``: the one its
        consoles show until an incident picks its own."""
        ...

    async def is_drill_database(self) -> bool: ...

    async def other_brand(self, brand: str, *, claim: bool) -> str | None:
        """The brand this database belongs to when it is not ``brand`` (None when it is, or
        when none is recorded); with ``claim``, a database no brand has claimed becomes
        ``brand``'s."""
        ...

    async def replay(self) -> Replay | None:
        """The replay this file holds (demo or drill, with its clock), if it holds one."""
        ...

    async def clock(self) -> Clock:
        """The time of this file: a replay's scenario time, otherwise the wall clock."""
        ...


class ChangeNotifier(Protocol):
    """Tells a reader that another connection committed something, cheaply.

    SQLite compares ``PRAGMA data_version``; PostgreSQL counts LISTEN/NOTIFY messages (and,
    when its listening connection was lost, changes the marker once so every reader catches
    up by id: a lost notification never loses a change)."""

    async def change_marker(self) -> int:
        """A number that differs from the last one read whenever anything new was committed
        by another connection."""
        ...


class StoreLifecycle(Protocol):
    """Opening facts and closing."""

    @property
    def location(self) -> str:
        """Where the data lives, safe to show (a path, or a URL without its password)."""
        ...

    @property
    def is_open(self) -> bool: ...

    async def schema_version(self) -> int: ...

    async def close(self) -> None: ...

    async def __aenter__(self) -> Any: ...

    async def __aexit__(self, *exc: object) -> None: ...


class AnalyticsStore(Protocol):
    """A period's breakdown for the analytics view: totals, top authors, hashtags, words,
    sources, domains and languages, read from rollups and indexes so that a month costs about
    what an hour does. Periods are [since, until), to the second."""

    async def period_totals(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> PeriodTotals:
        """Mentions, negative mentions and reach in [since, until): of every subject, or of
        ``subject`` only."""
        ...

    async def period_facets(
        self,
        since: datetime,
        until: datetime,
        subject: str | None = None,
        *,
        limit: int = 10,
        skip: Sequence[str] = (),
    ) -> PeriodFacets:
        """The ``limit`` top sources, languages, domains, hashtags and words of [since,
        until) by mentions; ``skip`` lists words and hashtags (``#tag``) left out, such as
        the brand's own."""
        ...

    async def top_authors(
        self, since: datetime, until: datetime, subject: str | None = None, *, limit: int = 10
    ) -> AuthorRanking:
        """The ``limit`` authors with the most mentions, and those with the most reach, in
        [since, until); mentions without an author are left out."""
        ...

    async def facet_counts(
        self,
        since: datetime,
        until: datetime,
        wanted: Mapping[str, Sequence[str]],
        subject: str | None = None,
    ) -> dict[tuple[str, str], FacetCount]:
        """The figures of chosen values in [since, until), by (kind, value): ``wanted`` maps
        each of ``FACET_KINDS`` to its values. A value with no mention is left out. What a
        list compares its rows with in the period before."""
        ...

    async def filtered_period(
        self,
        query: FeedQuery,
        since: datetime,
        until: datetime,
        *,
        limit: int = 10,
        skip: Sequence[str] = (),
        wanted: Mapping[str, Sequence[str]] | None = None,
        budget: int = SCAN_BUDGET,
    ) -> FilteredPeriod:
        """The figures of the mentions of [since, until) that the feed filter ``query``
        finds, among the period's newest ``budget``: totals, the ``limit`` top values of each
        facet kind (``skip`` as for ``period_facets``) and top authors; or, with ``wanted``,
        the totals and the figures of those values only (``facet_counts``)."""
        ...


class Store(
    MentionReader,
    MentionWriter,
    FeedSearch,
    IncidentStore,
    StatementStore,
    TriageStore,
    SourceHealthStore,
    ReplayStore,
    ChangeNotifier,
    StoreLifecycle,
    AnalyticsStore,
    Protocol,
):
    """Everything a console, a collector or a report may ask of a database."""
