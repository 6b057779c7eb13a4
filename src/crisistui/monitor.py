"""The watch: tick the severity engine over the store, record level changes, send alerts.

Used by the console and by the headless collector alike, so an alert reaches Slack at night
with nobody looking at a screen, and the same change lands on the timeline either way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from crisistui.alerts.apprise_channel import (
    AppriseChannel,
    Delivery,
    channel_problems,
    urls_from_env,
)
from crisistui.alerts.policy import AlertPolicy
from crisistui.analysis.campaign import CopyWindow, read_copies
from crisistui.analysis.competitors import CompetitorLevel, CompetitorNews, CompetitorWatch
from crisistui.analysis.severity import (
    REREAD_MINUTES,
    Assessment,
    Level,
    NegativeVoice,
    SeverityEngine,
)
from crisistui.analysis.warm import warmed_engine
from crisistui.config import Config
from crisistui.domain.clock import Clock
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.records import TimelineEvent
from crisistui.domain.timeline import alert_delivered, alert_suppressed
from crisistui.reports.breakdown import Breakdown, window_breakdown
from crisistui.store import Store

log = logging.getLogger(__name__)

ENGINE_ACTOR = "crisistui engine"
"""Who the timeline credits for what the engine does on its own (level changes, alerts): not
the person whose console happened to be running it."""
REWARM_EVERY = timedelta(minutes=5)
"""How often late history may start the engine again (``Monitor._warm_up``): a feed that
serves an hours-old article on every poll costs one replay per five minutes, not per tick."""
COPIES_EVERY = timedelta(seconds=15)
"""How often a tick reads the window's copied texts again (the campaign driver)."""


@dataclass(frozen=True, slots=True)
class LevelChange:
    """The level moved between two ticks."""

    before: Level
    assessment: Assessment
    found: bool = False
    """The level found when this process started, announced as a rise from normal."""

    @property
    def rising(self) -> bool:
        return self.assessment.level > self.before


def without_drivers(level: Level) -> str:
    """What a level with no driver above its threshold says: a fall to ELEVATED is easing,
    not "back to normal"."""
    if level is Level.NORMAL:
        return "back to normal"
    return "easing: no driver is above its threshold now"


def alert_text(brand: str, assessment: Assessment, *, found: bool = False) -> tuple[str, str]:
    """Title and body of an outgoing alert: the level, the score and the drivers in words."""
    level = assessment.level.label.upper()
    title = f"{brand} — severity {level} (score {assessment.score:.0f})"
    drivers = "; ".join(assessment.drivers) or without_drivers(assessment.level)
    kind = f" (likely crisis type: {assessment.crisis_type})" if assessment.crisis_type else ""
    when = " (found when collection started)" if found else ""
    return title, f"{title}: {drivers}{kind}{when}"


RECENT_CHANGES = 50
"""Level changes read from the timeline at start, to find the rise this crisis began with."""


def rise_time(event: TimelineEvent) -> datetime:
    """When a recorded rise happened: a level found at start rose before it was recorded,
    when the engine's replay of the last hours went above normal (``rose_at``)."""
    rose = event.details.get("rose_at")
    if isinstance(rose, str):
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(rose)
    return event.at


def last_rise(changes: list[TimelineEvent]) -> TimelineEvent | None:
    """The latest recorded rise from normal, unless a fall to normal was recorded after it
    (then the level found now is a new rise nobody recorded)."""
    for event in reversed(changes):
        if event.details.get("to") == Level.NORMAL.label:
            return None
        if event.details.get("from") == Level.NORMAL.label:
            return event
    return None


def announced_elsewhere(
    changes: list[TimelineEvent], run: str, level: str, now: datetime, within: timedelta
) -> TimelineEvent | None:
    """The latest change to ``level`` that another collector's engine recorded and decided to
    send within ``within`` before ``now``: in a team, several collectors share one database
    and each runs the engine, and one of them announcing a level is enough. A collector
    without alert channels, or whose policy held the alert back, announced nothing."""
    for event in reversed(changes):
        details = event.details
        if details.get("announced") is not True or details.get("engine_run") == run:
            continue
        if details.get("to") == level and timedelta(0) <= now - event.at < within:
            return event
    return None


def announced_by_engine(changes: list[TimelineEvent]) -> TimelineEvent | None:
    """The latest level change recorded by the announcing engine (the process that held the
    collector lock: ``collect``, or a console that collected), whose alerts went through the
    alert policy."""
    for event in reversed(changes):
        if event.details.get("alerting") is True:
            return event
    return None


@dataclass
class Monitor:
    """Owns the engine state (hysteresis) and the alert policy for one process."""

    store: Store
    config: Config
    clock: Clock
    actor: str
    """Who runs this process; kept in the details of level changes, never credited with them."""
    send_alerts: bool = True
    """This process is the one that alerts: it holds the collector lock (``collect``, or a
    console that collects). It also announces a level above normal that it finds at start;
    reading consoles never alert, so what a running collector sent is never sent twice."""
    records_changes: Callable[[], bool] | None = None
    """Whether this process puts its level changes on the timeline now (None: always): the
    one that collects does (a collector, a console that collects, a demo or a drill that
    replays); a console that only reads shows the level, and its own copy of each change put
    it on the timeline, and in the review, once per open console."""
    channel: AppriseChannel | None = None
    assessment: Assessment | None = None
    raised_at: datetime | None = None
    """When the level last rose above normal from normal: the alert an incident starts from."""
    _pending: set[asyncio.Task[None]] = field(default_factory=set)
    _held_copies: tuple[CopyWindow | None, datetime | None] = (None, None)
    channel_problems: list[str] = field(default_factory=list)
    """Why configured alert channels would not receive anything (unset variable, bad URL)."""
    _seen_id: int = 0
    """The newest mention id the engine has looked at the arrivals up to."""
    _behind: bool = False
    """Posts older than a tick re-reads were stored since the engine warmed up."""
    _warmed_at: datetime | None = None
    """When late history last started the engine again."""
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    """This process's engine, on the level changes it records: another collector sharing the
    database tells its own announcements from this one's."""

    def __post_init__(self) -> None:
        self.engine = SeverityEngine(self.config.brand.name, self.config.severity)
        self.watch = CompetitorWatch(
            [c.name for c in self.config.competitors], self.config.severity
        )
        self.policy = AlertPolicy(self.config.alerts)
        if self.send_alerts:
            self.start_alerting()

    def start_alerting(self) -> None:
        """Send the alerts from now on: this process collects (a console that took over
        from a collector that stopped starts here)."""
        self.send_alerts = True
        if self.channel is None and self.config.alerts.urls_env:
            self.channel_problems = channel_problems(self.config.alerts.urls_env)
            self.channel = AppriseChannel(
                urls_from_env(self.config.alerts.urls_env),
                retries=self.config.alerts.retries,
                timeout=self.config.alerts.timeout_seconds,
            )

    async def _warm_up(self, now: datetime) -> None:
        """Start the engine as ``status`` does (``warmed_engine``), on the first look and again
        when posts older than a tick re-reads have been stored since (a backfill, an import, a
        source's history on its first poll), at most every ``REWARM_EVERY``: a running engine
        never reads those minutes again, and would go on measuring against a history that
        every process started later no longer sees."""
        first = self.assessment is None
        newest, earliest = (
            (await self.store.last_mention_id(), None)
            if first
            else await self.store.arrivals_since(self._seen_id)
        )
        self._seen_id = newest
        if earliest is not None:
            reread_from, _ = self.engine.window(now)
            self._behind = self._behind or earliest < reread_from
        due = self._warmed_at is None or not timedelta(0) <= now - self._warmed_at < REWARM_EVERY
        if first or (self._behind and due):
            brand = self.config.brand.name
            self.engine = await warmed_engine(
                self.store, brand, self.config.severity, now, REREAD_MINUTES
            )
            self._behind = False
            if not first:  # the first late history is weighed at once, later ones in turn
                self._warmed_at = now

    async def tick(self, incident_id: int | None = None) -> LevelChange | None:
        """Assess now; on a level change, record it and maybe send an alert."""
        now = self.clock.now()
        await self._warm_up(now)
        since, until = self.engine.window(now)
        brand = self.config.brand.name
        rollups = await self.store.rollups(since, until, brand)
        triggers = await self.store.trigger_rollups(since, until, brand)
        languages = await self.store.language_rollups(since, until, brand)
        brand = self.config.brand
        own = OwnAccounts(brand.accounts)
        voices_since = self.engine.voices_since(now)
        top = await self.store.top_negative(brand.name, voices_since, now, limit=3, own=own)
        voices = [NegativeVoice.of(m) for m in top]
        copies = await self._copies(brand.name, now)
        previous = self.assessment
        # A tick after a gap reads days of rollups: a thread keeps the console's keys and
        # frames flowing meanwhile.
        self.assessment = await asyncio.to_thread(
            self.engine.assess, rollups, now, voices, triggers, languages, copies
        )
        if previous is None:
            try:
                found = await self._first_look(self.assessment, now)
            except BaseException:  # not looked at: the next tick is the first look again
                self.assessment = None
                raise
            if found is None:
                return None
            change = found
        elif previous.level == self.assessment.level:
            return None
        else:
            change = LevelChange(previous.level, self.assessment)
            if previous.level == Level.NORMAL:
                self.raised_at = now
            elif self.assessment.level == Level.NORMAL:
                self.raised_at = None
        try:
            await self._record(change, now, incident_id)
        except BaseException:  # not recorded: the next tick finds the change again
            self.assessment = previous
            raise
        return change

    async def _copies(self, subject: str, now: datetime) -> CopyWindow:
        """The window's copied texts, read again at most every ``COPIES_EVERY``: the database
        groups the whole window (in a flood, a scan of minutes of rows), and a campaign builds
        over minutes, so a reading a few seconds old loses nothing. A second tick at the very
        moment of the last reading is asked for because mentions arrived: it reads again."""
        held, read_at = self._held_copies
        if held is None or read_at is None or not timedelta(0) < now - read_at < COPIES_EVERY:
            held = await read_copies(self.store, subject, now)
            self._held_copies = (held, now)
        return held

    async def watch_competitors(self) -> list[CompetitorNews]:
        """Assess each competitor now with its own engine (the console's competitor watch).
        What moved is news for the screen: never an alert, never on the timeline, never the
        brand's level."""
        return await self.watch.tick(self.store, self.clock.now())

    @property
    def competitors(self) -> list[CompetitorLevel]:
        """Each competitor's latest level (empty before the first watch)."""
        return self.watch.levels

    async def _first_look(self, assessment: Assessment, now: datetime) -> LevelChange | None:
        """The level found at start. Normal is nothing to say. Above normal, the alerting
        process announces it once, as a rise from normal: a collector restarted during a
        crisis would otherwise say nothing about it for as long as it lasts. Unless the
        timeline shows that an alerting engine announced this very level within the
        cool-down (a collector its supervisor restarted, a crash loop): then the policy
        learns of that alert, and nothing is said twice."""
        if assessment.level == Level.NORMAL:
            return None
        changes = await self.store.recent_events(RECENT_CHANGES, kinds=["severity.changed"])
        rise = last_rise(changes)
        # the alert an incident is of: the rise recorded, else the one the engine's replay of
        # the last hours went through (nothing recorded it: an import, no collector running)
        replayed = self.engine.risen_at  # a rise at this very tick: its minute's end is ahead
        found = min(replayed, now) if replayed is not None else now
        self.raised_at = rise_time(rise) if rise is not None else found
        if not self.send_alerts:
            return None
        announced = announced_by_engine(changes)
        cooldown = timedelta(minutes=self.config.alerts.cooldown_minutes)
        if (
            announced is not None
            and announced.details.get("to") == assessment.level.label
            and timedelta(0) <= now - announced.at < cooldown
        ):
            self.policy.remember(assessment.level, announced.at)
            return None
        return LevelChange(Level.NORMAL, assessment, found=True)

    async def breakdown(self) -> Breakdown | None:
        """Top negative terms, authors and sources of the latest assessment's window; read on
        demand (the "why" view, an alert being written), never on every tick."""
        if self.assessment is None:
            return None
        return await window_breakdown(self.store, self.config, self.assessment)

    async def explain(self) -> tuple[Assessment, Breakdown] | None:
        """The latest assessment with its window's breakdown (for the "why" view)."""
        assessment = self.assessment
        if assessment is None:
            return None
        return assessment, await window_breakdown(self.store, self.config, assessment)

    async def _record(self, change: LevelChange, now: datetime, incident_id: int | None) -> None:
        if self.records_changes is not None and not self.records_changes():
            return
        if incident_id is None:  # a collector: the change is part of the open incident's story
            incident = await self.store.current_incident()  # (a rehearsal's is not real news)
            incident_id = incident.id if incident is not None and not incident.is_drill else None
        a = change.assessment
        title, body = alert_text(self.config.brand.name, a, found=change.found)
        alerting = self.send_alerts and self.channel is not None
        reason = await self._reason_not_to_send(change, now) if alerting else None
        await self.store.add_event(
            now,
            ENGINE_ACTOR,
            "severity.changed",
            body,
            incident_id=incident_id,
            details={
                "from": change.before.label,
                "to": a.level.label,
                "score": a.score,
                "drivers": list(a.drivers),
                "crisis_type": a.crisis_type,
                "engine_run_by": self.actor,
                "alerting": self.send_alerts,
                "found_at_start": change.found,
                **(
                    {"rose_at": self.raised_at.isoformat()}
                    if change.found and self.raised_at is not None
                    else {}
                ),
                "engine_run": self.run,
                "announced": alerting and reason is None,
            },
        )
        if not alerting:
            return
        if reason is not None:
            event = alert_suppressed(reason)
            await self.store.add_event(
                now,
                ENGINE_ACTOR,
                event.kind,
                event.summary,
                incident_id=incident_id,
                details=event.details,
            )
            return
        task = asyncio.create_task(self._send(title, body, incident_id))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _reason_not_to_send(self, change: LevelChange, now: datetime) -> str | None:
        """Why this change is not sent, or None to send it. A level another collector on the
        database announced within the cool-down is not sent again, and counts as sent for
        this run's cool-down, hourly cap and recovery."""
        level = change.assessment.level
        if (other := await self._announced_elsewhere(level, now)) is not None:
            self.policy.remember(level, other.at)
            return f"another collector announced {level.label} at {other.at:%H:%M:%S} UTC"
        return self.policy.decide(change.before, level, now)

    async def _announced_elsewhere(self, level: Level, now: datetime) -> TimelineEvent | None:
        """Another collector's engine announced ``level`` within the cool-down."""
        changes = await self.store.recent_events(RECENT_CHANGES, kinds=["severity.changed"])
        cooldown = timedelta(minutes=self.config.alerts.cooldown_minutes)
        return announced_elsewhere(changes, self.run, level.label, now, cooldown)

    async def _send(self, title: str, body: str, incident_id: int | None) -> None:
        """Send, then put each channel's outcome on the timeline: "Alert failed" only for the
        channel that failed, never for an alert the others delivered."""
        assert self.channel is not None
        deliveries = await self.channel.send(title, body)
        if not deliveries:
            deliveries = [Delivery("no channel", "no valid Apprise URL")]
        for delivery in deliveries:
            event = alert_delivered(delivery.channel, title, delivery.problem)
            try:
                await self.store.add_event(
                    self.clock.now(),
                    ENGINE_ACTOR,
                    event.kind,
                    event.summary,
                    incident_id=incident_id,
                    details=event.details,
                )
            except Exception:  # the store may be closing; the send itself is what mattered
                log.exception("could not record %s", event.kind)

    async def drain(self, timeout: float = 5.0) -> None:
        """Give alerts in flight a moment to finish (on shutdown)."""
        if self._pending:
            await asyncio.wait(set(self._pending), timeout=timeout)
