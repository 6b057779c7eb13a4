"""The console application: four panes over one store, refreshed on one steady beat.

Sources write through the collector, on a connection of its own, with the pipeline's work done
off the event loop. Once every ``console.refresh_seconds`` the change loop (``tui/changes.py``)
asks the store what moved, whoever wrote it; the panes re-read only that, in a worker, and the
beat is then published to every open screen. A flood of mentions is one beat's work however
many batches it brings, and no key ever waits behind a read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.driver import Driver
from textual.filter import Monochrome
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import Worker, WorkerFailed, WorkerState

from crisistui.analysis.competitors import CompetitorLevel, CompetitorNews
from crisistui.analysis.severity import Assessment, Level
from crisistui.analysis.share_of_voice import ShareOfVoice, last_hour, measure_share
from crisistui.analysis.spoken import LanguageVoice, by_language
from crisistui.collector import Collector, PollOutcome, Unstored
from crisistui.config import APP_NAME, Config
from crisistui.domain.clock import Clock, SystemClock
from crisistui.domain.models import SourceHealth
from crisistui.domain.people import current_user
from crisistui.domain.playbook import Playbook
from crisistui.domain.records import Incident
from crisistui.monitor import LevelChange, Monitor, without_drivers
from crisistui.sources.base import Source
from crisistui.store import Store, open_store
from crisistui.store.errors import StoreError, StoreReadOnly, StoreRefused, StoreUnavailable
from crisistui.store.location import StoreLocation
from crisistui.store.private import private_folder
from crisistui.tui import sweeping
from crisistui.tui.changes import ChangeLoop, Reloader
from crisistui.tui.collecting import CollectorLeases
from crisistui.tui.commands import console_commands
from crisistui.tui.feed_filter import FeedFilter
from crisistui.tui.feed_reading import FeedReading
from crisistui.tui.in_turn import WritesInTurn
from crisistui.tui.key_hold import HoldsKeys
from crisistui.tui.keys import key_sections
from crisistui.tui.monochrome import ReadableMonochrome
from crisistui.tui.notices import NoticeCap
from crisistui.tui.quitting import Quitting
from crisistui.tui.response_actions import ResponseActions
from crisistui.tui.screens.alerts import ALERT_KINDS, AlertsScreen
from crisistui.tui.screens.analytics import AnalyticsScreen
from crisistui.tui.screens.detail import MentionDetail
from crisistui.tui.screens.help import HelpScreen, collect_sections
from crisistui.tui.screens.sources import SourcesScreen
from crisistui.tui.screens.timeline import TimelineScreen
from crisistui.tui.screens.wall import WallScreen
from crisistui.tui.screens.why import WhyScreen
from crisistui.tui.themes import remember_theme, start_theme
from crisistui.tui.triage import WRITES_AT_ONCE, TriageDesk
from crisistui.tui.widgets.checklist import Checklist
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.filter_bar import FilterBar
from crisistui.tui.widgets.gauge import SeverityGauge
from crisistui.tui.widgets.header import StatusHeader
from crisistui.tui.widgets.keybar import KeyBar
from crisistui.tui.widgets.languages_line import LANGUAGE_MINUTES
from crisistui.tui.widgets.share_board import ShareBoard
from crisistui.tui.widgets.sparklines import Series, TrendPanel, trend_series

if TYPE_CHECKING:
    import httpx

TREND_MINUTES = 60
SHORT_BELOW = 32
"""Terminals shorter than this lay the console out for the crisis while an incident is open."""
NARROW_BELOW = 70
"""The feed's 40 columns and the side panes' 30 side by side."""
ASSESS_EVERY = timedelta(seconds=2)
OUT_OF_REACH = "Database out of reach"
"""The title of the notice that the database did not answer a beat."""
TAKE_OVER_EVERY = 10.0
"""Seconds between a reading console's tries at the lease of a collector that may have
stopped."""


@dataclass
class ConsoleSetup:
    """Everything the console needs; built by the CLI, or by a test."""

    config: Config
    db_path: Path | str | StoreLocation
    """The database: a SQLite file, or a ``postgresql://`` URL (``open_store`` takes either)."""
    playbooks: dict[str, Playbook]
    sources: list[Source] = field(default_factory=list)
    clock: Clock = field(default_factory=SystemClock)
    mode: str = "live"
    actor: str = field(default_factory=current_user)
    collect: bool = True
    drill: bool = False
    """A rehearsal console: every incident it opens is a drill."""
    wall: bool = False
    """Open on the wall view (the meeting room's screen); escape shows the console."""
    take_over: Callable[[], list[Source] | None] | None = None
    """For a console that would collect but found another collector holding the database:
    tries the lease and, once it is free (that collector stopped), the sources to poll."""
    give_up: Callable[[], None] | None = None
    """Lets the lease ``take_over`` took go again (when this console cannot collect after all)."""
    holds: Callable[[], bool] | None = None
    """For a console that collects: whether its lease is still its own (``CollectorLease.holds``:
    a PostgreSQL restart lets go of it, and another collector may take it first)."""


class CrisisApp(HoldsKeys, ResponseActions, CollectorLeases, Quitting, NoticeCap, App[None]):
    """crisistui's console."""

    CSS_PATH = "app.tcss"
    TITLE = "crisistui"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_BELOW, "-high")]
    """Below ``SHORT_BELOW`` rows an open incident takes the trends pane's rows (app.tcss)."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-roomy")]
    """Below ``NARROW_BELOW`` columns the side panes go under the feed (app.tcss): beside it
    they were pushed off the screen, yet kept the focus and the keys."""

    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("s", "sources", "Sources", id="app.sources"),
        Binding("t", "timeline", "Timeline", id="app.timeline"),
        Binding("x", "why", "Why", id="app.why"),
        Binding("A", "alerts", "Alerts", show=False, id="app.alerts"),
        Binding("u", "triage_queue", "Triage", id="app.triage_queue"),
        Binding("w", "wall", "Wall view", show=False, id="app.wall"),
        Binding("n", "new_incident", "New incident", show=False, id="app.new_incident"),
        Binding(
            "i",
            "incident_from_alert",
            "Incident from alert",
            show=False,
            id="app.incident_from_alert",
        ),
        Binding("I", "incident", "Incident", id="app.incident"),
        Binding("S", "statements", "Statements", show=False, id="app.statements"),
        Binding("b", "analytics", "Analytics", show=False, id="app.analytics"),
        Binding("slash", "filter_feed", "Filter", show=False, key_display="/", id="app.filter"),
        Binding("tab", "focus_next", "Next pane", show=False, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Prev pane", show=False, id="app.focus_prev"),
        Binding("colon,ctrl+p", "command_palette", "Commands", show=False, id="app.commands"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice, but on a POSIX terminal the driver that takes esc on time."""
        chosen = super().get_driver_class()
        if chosen.__module__ != "textual.drivers.linux_driver":  # Windows, the web, a test
            return chosen
        from crisistui.tui.driver import PromptEscapeDriver

        return PromptEscapeDriver

    @property
    def _background_screens(self) -> list[Screen]:
        """The screens seen through the top one: none when the top one is opaque.

        Textual keeps compositing the screens under any modal, so under a flood every beat's
        new rows in the hidden feed repainted an opaque detail or help screen in full (20 ms
        each, keys waiting behind them). Hidden, the panes keep their data and are painted
        once, when they are shown again."""
        beneath = super()._background_screens
        if beneath and self.screen.styles.background.a >= 1:
            return []
        return beneath

    def __init__(self, setup: ConsoleSetup) -> None:
        super().__init__()
        if self.no_color:  # Textual's greys drew red, the alarm colour, darkest of all
            self._filters = [
                ReadableMonochrome() if isinstance(f, Monochrome) else f for f in self._filters
            ]
        self.setup = setup
        self.config = setup.config
        self.clock = setup.clock
        self.opened_at = setup.clock.now()
        """When it opened: a poll recorded since means a collector runs (``who_collects``)."""
        self.store: Store | None = None
        self.client: httpx.AsyncClient | None = None
        self.collector_store: Store | None = None
        """The collector's own connection: its batches never queue in front of a screen's read."""
        self.collector: Collector | None = None
        self._take_over_timer: Timer | None = None
        self._lease_timer: Timer | None = None
        self.unstored: Unstored | None = None
        """What the collector could not store before the console closed (the CLI says it)."""
        self.monitor: Monitor | None = None
        self.assessment: Assessment | None = None
        self.trends: list[Series] = []
        """The last hour per minute, per subject, as the trends pane shows it."""
        self.share: ShareOfVoice | None = None
        """Each subject's share of the same hour's mentions (the trends pane, the wall)."""
        self.competitors: list[CompetitorLevel] = []
        """Each competitor's own level (the competitor watch): news, never the brand's."""
        self.languages: list[LanguageVoice] = []
        """The brand's mentions of the last ``LANGUAGE_MINUTES`` per language (the wall)."""
        self.changes = ChangeLoop(self)
        """The one change loop: screens follow its beats instead of polling the store."""
        self._refresher = Reloader(self, self.refresh_view, "console-refresh")
        self._refreshing = asyncio.Lock()
        self._looked = asyncio.Event()
        """Set once the first beat has looked at the store (the collector starts after it)."""
        self.incident: Incident | None = None
        self.playbook = self._pick_playbook(setup.config.console.playbook)
        self.feed_reading = FeedReading(setup.config.console.feed_rows)
        self._last_assessed: datetime | None = None
        self._shut_down = False
        self._quitting = False
        self._unreachable = False
        """The database could not be read at the last beat (said once, until it can)."""
        self._stored_health: dict[str, SourceHealth] = {}
        self.writes = WritesInTurn(self)
        self.triage_desk = TriageDesk(self)
        self._detail: MentionDetail | None = None
        """The mention detail screen, built on the first enter and reused."""
        self._help: HelpScreen | None = None
        self.feed_filter = FeedFilter(self)
        theme = start_theme(setup.config.console.theme, self.available_themes)
        if theme is not None:
            self.theme = theme

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="header")
        with Horizontal(id="main"):
            with Vertical(id="feed-pane") as feed_pane:
                feed_pane.border_title = "Mentions"
                yield MentionFeed(self.clock.now, filterable=True, group_copies=True, id="feed")
                yield FilterBar(id="feed-filter")
            with Vertical(id="side"):
                with Vertical(id="gauge-pane") as gauge_pane:
                    gauge_pane.border_title = "Severity"
                    yield SeverityGauge(id="gauge")
                with Vertical(id="trends-pane") as trends_pane:
                    trends_pane.border_title = "Share of voice · last hour"
                    yield ShareBoard(id="share")
                    yield TrendPanel(self.config.subjects, id="trends")
                with Vertical(id="checklist-pane") as checklist_pane:
                    checklist_pane.border_title = "Checklist"
                    yield Checklist(me=self.setup.actor, id="checklist")
        yield KeyBar()

    def on_checklist_incident_open_changed(self, event: Checklist.IncidentOpenChanged) -> None:
        """While an incident is open, a short terminal gives the checklist the trends pane's
        rows (the comms lead over SSH at 80×24 needs the tasks and what is late)."""
        with suppress(NoMatches, IndexError):  # (IndexError: the screens are gone, at exit)
            self.screen_stack[0].query_one("#main").set_class(event.incident_open, "-incident")

    async def on_mount(self) -> None:
        self.set_keymap(self.config.console.keys)
        store = await self._open_store()
        if self._shut_down:  # the app was told to exit while the database was opening
            await store.close()
            return
        self.store = store
        if await store.is_drill_database():  # joined a rehearsal: say so, open only drills
            self.setup.drill = True
            if "DRILL" not in self.setup.mode:
                self.setup.mode = f"DRILL · {self.setup.mode}"
        # Alerts go out from whichever process collects; a reading console only shows them,
        # and a rehearsal never pages anybody.
        self.monitor = Monitor(
            store,
            self.config,
            self.clock,
            self.setup.actor,
            send_alerts=bool(self.setup.sources) and not self.setup.drill,
            records_changes=self.collects,
        )
        for problem in self.monitor.channel_problems:  # said now, not found out on the day
            self.notify(problem, title="Alerts", severity="warning", timeout=20, markup=False)
        collecting = self.setup.collect and bool(self.setup.sources)
        if collecting:
            self.collector_store = await open_store(self.setup.db_path)
        self.collector = self._collector(self.setup.sources, self.collector_store or self.store)
        self.incident = await self.store.current_incident() or await self._incident_under_review()
        if self.incident is not None:
            self.pinned_incident = self.incident.id if self.incident.resolved_at else None
            self.playbook = self._pick_playbook(self.incident.playbook)
        self.query_one(MentionFeed).focus()
        self._tick_clock()  # the header names the brand and mode from the first frame
        # The first beat reads the feed first, then assesses the whole history (seconds on a
        # million mentions): in a worker, so the first frame is painted without waiting.
        self.run_worker(self._first_beat(collecting), name="first-beat", group="first-beat")
        if self.setup.wall:
            self.action_wall()
        self.set_interval(self.config.console.refresh_seconds, self._refresher.request)
        self.set_interval(1.0, self._tick_clock)
        if self.setup.take_over is not None:
            self._take_over_timer = self.set_interval(TAKE_OVER_EVERY, self._try_take_over)
        if collecting:
            self.keep_checking_lease()

    async def _first_beat(self, collecting: bool) -> None:
        """The first look at the store, then the collector: the engine's first look reads the
        whole history, and a first poll's backlog stored half-way through it would be missed
        by the looks that follow (they read only the minutes since)."""
        try:
            await self.refresh_view()
        finally:
            self._looked.set()
        if not self.is_headless:  # the console owns its process (a test's app does not):
            # what start-up built lives as long as the console; full collections walk only
            # what came after, and run when the console says, not half-way through a key
            sweeping.freeze_start_up()
            sweeping.hold_off_full_collections()
            self.set_interval(sweeping.SWEEP_EVERY, sweeping.sweep)
        if collecting and self.collector is not None:
            self.run_worker(
                self.collector.run(), name="collector", group="collector", exit_on_error=False
            )

    async def _open_store(self) -> Store:
        """The database, for writing; a console that only reads opens a file (or a login)
        it may not write read-only, says so once, and every change is then refused politely."""
        try:
            return await open_store(self.setup.db_path)
        except StoreReadOnly as refused:
            if self.setup.collect and self.setup.sources:
                raise
            store = await open_store(self.setup.db_path, create=False, read_only=True)
            self.setup.mode = f"{self.setup.mode} · read-only"
            self.notify(
                f"{refused.reason}: this console shows it, and any change (a tick, a triage) "
                "is refused",
                title="Read-only",
                severity="warning",
                timeout=15,
                markup=False,
            )
            return store

    def _pick_playbook(self, playbook_id: str) -> Playbook:
        playbooks = self.setup.playbooks
        if playbook_id in playbooks:
            return playbooks[playbook_id]
        return playbooks.get("default") or next(iter(playbooks.values()))

    # -- data flow ------------------------------------------------------------------------------

    def _on_poll(self, outcome: PollOutcome) -> None:
        """Called by the collector after each poll: the header shows the source's health now;
        what it stored is noticed by the next beat."""
        self._tick_clock()

    async def collect_once(self) -> list[PollOutcome]:
        """Poll every source one time and refresh (tests step the demo with this)."""
        assert self.collector is not None
        await self._looked.wait()
        outcomes = await self.collector.poll_all_once()
        await self.refresh_view()
        return outcomes

    async def refresh_view(self) -> None:
        """One beat: ask the store what moved, re-read only that, then tell the screens.
        The timer runs it in a worker (``Reloader``); tests and actions may await it."""
        store = self.store
        if store is None or self._shut_down or not self._panes_present():
            return
        async with self._refreshing:
            try:
                await self._refresh_panes(store)
            except NoMatches:
                if self._panes_present():
                    raise
                # the app began exiting during a read and its panes are gone: nothing to show
            except StoreError as exc:
                self._out_of_reach(exc)
            else:
                self._within_reach()

    def _handle_exception(self, error: Exception) -> None:
        """Textual's last stop for an error nothing caught, which ends the app. A worker that
        met a database out of reach or refusing (a reload while the server restarts) is said
        in a toast instead, as the beat says it: a worker ends alone, nothing else with it.
        (Screens and keys catch these themselves: an error escaping a handler would stop that
        widget's messages, so it is never swallowed here.)"""
        cause = error.error if isinstance(error, WorkerFailed) else None
        if isinstance(cause, StoreUnavailable | StoreRefused) and not self._shut_down:
            self.notify(str(cause), title="Not done", severity="error", markup=False, timeout=12)
            return
        super()._handle_exception(error)

    @property
    def unreachable(self) -> bool:
        """The database did not answer the last beat: what is shown may be old."""
        return self._unreachable

    def _out_of_reach(self, exc: StoreError) -> None:
        """The database could not be read this beat (a server restarting, a network gone):
        said once while it lasts; the screen keeps what it showed and every beat tries again."""
        if not self._unreachable:
            self._unreachable = True
            self.notify(
                f"{exc}. What is shown is kept; every beat tries again.",
                title=OUT_OF_REACH,
                severity="error",
                timeout=30,
                markup=False,
            )

    def _within_reach(self) -> None:
        if self._unreachable:
            self._unreachable = False
            # the notice that it was away no longer holds: it went with the news that it is
            # back, not seconds after it (through Textual's own removal of a notice)
            for notice in list(self._notifications):
                if notice.title == OUT_OF_REACH:
                    self._unnotify(notice, refresh=False)
            self.notify("The database answers again.", title="Database", timeout=10)

    async def _refresh_panes(self, store: Store) -> None:
        now = self.clock.now()
        beat = await self.changes.look(store, now)
        if beat.mentions:
            await self._reload_feed()
        if beat.mentions or beat.events:
            await self.triage_desk.reload_marks()
        if beat.events:
            await self.triage_desk.overtaken()
        assess = self._last_assessed is None or now - self._last_assessed >= ASSESS_EVERY
        if beat.mentions or assess:
            await self._assess(now)
        if beat.events:
            await self._reload_checklist()
        if beat.other and not self.setup.sources:  # another process collects: its heartbeat
            configured = {source.name for source in self.config.sources}
            self._stored_health = {  # a source removed from the config is no news
                h.name: h
                for h, _ in await store.source_health()
                if not configured or h.name in configured
            }
        self.query_one(MentionFeed).refresh_ages()
        self.changes.publish(beat)

    async def _reload_feed(self) -> None:
        """Add what arrived since the last read (through the filter, if one is in force)."""
        assert self.store is not None
        feed = self.query_one(MentionFeed)
        async with self.feed_reading.lock:
            if not await self.feed_reading.read(self.store, self.feed_filter, feed):
                return
            total = await self.store.mentions_up_to(self.feed_reading.last_id)
        feed_pane = self.query_one("#feed-pane")
        feed_pane.border_title = self.feed_filter.title(total, len(feed.mentions))

    async def restart_feed(self) -> None:
        """Read the feed afresh (the filter changed), then its triage marks."""
        if self.store is None or not self._panes_present():
            return
        self.feed_reading.restart()
        await self._reload_feed()
        await self.triage_desk.reload_marks()

    async def _assess(self, now: datetime) -> None:
        assert self.store is not None and self.monitor is not None
        change = await self.monitor.tick(self.incident.id if self.incident else None)
        self.assessment = self.monitor.assessment
        self._last_assessed = now
        assert self.assessment is not None
        self.query_one(SeverityGauge).assessment = self.assessment
        self.query_one("#gauge-pane").set_class(self.assessment.level >= Level.HIGH, "-alarm")
        news = await self.monitor.watch_competitors()
        self.competitors = self.monitor.competitors
        rollups = await self.store.rollups(now - timedelta(minutes=TREND_MINUTES + 1), now)
        self.trends = trend_series(self.config.subjects, rollups, now, TREND_MINUTES)
        self.query_one(TrendPanel).show(self.trends)
        # the share of the same complete minutes the trends draw, so their /h figures agree
        self.share = measure_share(rollups, self.config.subjects, *last_hour(now))
        self.query_one(ShareBoard).show(
            self.share, self.competitors, briefs=self.size.height >= SHORT_BELOW
        )
        spoken = await self.store.language_rollups(
            now - timedelta(minutes=LANGUAGE_MINUTES),
            now + timedelta(minutes=1),
            self.config.brand.name,
        )
        self.languages = by_language(spoken)
        if change is not None:
            self._announce(change)
        for each in news:
            self._competitor_news(each)
        self._promote_keys()

    promoted_actions: frozenset[str] = frozenset()
    """Actions the key bar shows for now, beside the bindings shown always."""

    def _promote_keys(self) -> None:
        """At high or critical with no incident open, ``i`` (an incident from the alert) is
        the next thing to do: the key bar shows it then, and only then."""
        monitor, assessment = self.monitor, self.assessment
        raised = monitor is not None and monitor.raised_at is not None
        alarm = assessment is not None and assessment.level >= Level.HIGH
        promoted = (
            frozenset({"incident_from_alert"})
            if raised and alarm and self.incident is None
            else frozenset()
        )
        if promoted != self.promoted_actions:
            self.promoted_actions = promoted
            self.refresh_bindings()

    def _announce(self, change: LevelChange) -> None:
        """A toast (one at a time) and the bell on a rise; the timeline already has it."""
        a = change.assessment
        self.clear_notifications()
        self.notify(
            a.drivers[0] if a.drivers else without_drivers(a.level),
            title=f"Severity {a.level.label.upper()} ({a.score:.0f})",
            severity="error" if change.rising and a.level >= Level.HIGH else "warning",
            markup=False,
            timeout=6,
        )
        if change.rising and self.config.alerts.bell:
            self.bell()

    def _competitor_news(self, news: CompetitorNews) -> None:
        """A competitor's level moved: news, in a toast of its own (no bell, no alert, no
        timeline entry; the brand's level and alerts are the brand's)."""
        now = news.now
        self.notify(
            now.in_brief() if now.level > Level.NORMAL else f"{now.subject}: back to normal",
            title=f"Competitor {now.subject}",
            severity="information",
            markup=False,
            timeout=8,
        )

    def source_health(self) -> dict[str, SourceHealth]:
        """Health of our own sources, or the one another collector recorded in the store."""
        if self.collects():
            assert self.collector is not None
            return self.collector.health
        return self._stored_health

    def collects(self) -> bool:
        """Whether this console polls its sources itself (its sources' health is then its
        own, never stale; another collector's may be)."""
        return self.collector is not None and bool(self.setup.sources)

    def _panes_present(self) -> bool:
        """False while the app is shutting down and its screen is being taken apart."""
        return bool(self.screen_stack) and bool(self.screen_stack[0].query(MentionFeed))

    def _tick_clock(self) -> None:
        header = self.query(StatusHeader) if self._panes_present() else None
        if not header:  # the app is exiting and its panes are being taken apart
            return
        health = self.source_health()
        now = self.clock.now()
        shown = self.assessment
        narrow = self.size.width < NARROW_BELOW  # the gauge is stacked out of sight
        header.first().show(
            self.config.brand.name,
            self.said_mode(),
            now,
            health,
            others=not self.collects(),
            unreachable=self.unreachable,
            scoring=self.collector.long_polls() if self.collector is not None else None,
            level=(shown.level, shown.score) if shown is not None and narrow else None,
        )
        for checklist in self.screen_stack[0].query(Checklist):  # gone as the panes go
            checklist.tick(now)

    # -- user actions ---------------------------------------------------------------------------

    def on_mention_feed_opened(self, event: MentionFeed.Opened) -> None:
        if self._detail is None:  # one screen for every mention: enter builds nothing
            self._detail = MentionDetail(event.mention, self.triage_desk, event.copies)
            self.install_screen(self._detail, "mention-detail")
        else:
            self._detail.show(event.mention, event.copies)
        self.push_screen(self._detail)

    async def on_mention_feed_triage_requested(self, event: MentionFeed.TriageRequested) -> None:
        if event.action in WRITES_AT_ONCE:
            # no question to ask: the keys go on at once, and the write waits its turn in a
            # worker (a database held by another process froze every key for its 10 s wait)
            self.key_hold.release()
            self.triage_desk.act_in_turn(event.action, event.mention)
            return
        try:
            await self.triage_desk.act(event.action, event.mention)
        finally:
            self.key_hold.release()  # held by the feed when the key was pressed

    async def on_mention_feed_filter_requested(self, event: MentionFeed.FilterRequested) -> None:
        try:
            if event.clear:
                await self.feed_filter.clear()
            else:
                self.feed_filter.open()
        finally:
            self.key_hold.release()  # held by the feed when the key was pressed

    @on(Input.Submitted, "#feed-filter")
    async def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.feed_filter.submit(event.value)

    async def on_filter_bar_cleared(self, _event: FilterBar.Cleared) -> None:
        await self.feed_filter.clear()

    def action_help(self) -> None:
        if self._help is None:  # the keys do not change while the console runs: built once
            self._help = HelpScreen(collect_sections(key_sections(), self.config.console.keys))
            self.install_screen(self._help, "help")
        if self.screen is not self._help:
            self.push_screen(self._help)

    def action_sources(self) -> None:
        self.push_screen(
            SourcesScreen(
                self.source_health,
                self.clock.now,
                lambda: not self.collects(),
                lambda: self.collector.long_polls() if self.collector is not None else {},
            )
        )

    def action_timeline(self) -> None:
        if self.store is not None:
            store, current, limit = self.store, self.incident, TimelineScreen.LIMIT
            this = (
                (
                    current.id,
                    lambda after: store.recent_events(
                        limit, incident_id=current.id, after_id=after
                    ),
                )
                if current
                else None
            )
            self.push_screen(
                TimelineScreen(
                    lambda after: store.recent_events(limit, after_id=after), this, self.changes
                )
            )

    def action_why(self) -> None:
        if self.monitor is not None:
            self.push_screen(
                WhyScreen(
                    self.monitor.explain, lambda: (self.share, self.competitors), self.changes
                )
            )

    def action_alerts(self) -> None:
        if self.store is not None:
            store = self.store
            limit = AlertsScreen.LIMIT
            self.push_screen(
                AlertsScreen(
                    lambda after: store.recent_events(limit, kinds=ALERT_KINDS, after_id=after),
                    changes=self.changes,
                )
            )

    def action_filter_feed(self) -> None:
        """`/` from any pane of the console, the checklist's too: the feed's filter. With the
        checklist focused, `/` did nothing and a query's letters ran as keys (a, n, enter…)."""
        for feed in self.screen.query(MentionFeed):
            if feed.filterable:
                feed.focus()
                feed.action_filter()
                return

    def action_triage_queue(self) -> None:
        self.triage_desk.open_queue()

    def action_analytics(self) -> None:
        """Open the analytics view; a row chosen there filters the feed when it closes."""
        if self.store is not None and not isinstance(self.screen, AnalyticsScreen):
            screen = AnalyticsScreen(
                self.store,
                self.config,
                self.clock,
                changes=self.changes,
                feed_filter=self.feed_filter.query,
            )
            self.push_screen(screen, lambda query: self._later(self._filter_from, query))

    async def _filter_from(self, query: str | None) -> None:
        if query:
            await self.feed_filter.submit(query)

    def action_wall(self) -> None:
        """Open the wall view, or close it when it is on top."""
        if isinstance(self.screen, WallScreen):
            self.screen.dismiss()
        elif self.store is not None:
            self.push_screen(WallScreen())

    # -- theme and screenshot -----------------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the palette lasts: it is kept for the next start (see
        ``tui/themes.py`` for how it and ``[console] theme`` decide)."""
        if not self.is_running:
            return  # the theme set at start, not a choice
        try:
            remember_theme(theme, self.config.console.theme)
        except OSError as exc:
            self.notify(
                f"Theme {theme} is used now but could not be kept for the next start: "
                f"{exc.strerror or exc}",
                title="Theme",
                severity="warning",
                markup=False,
            )

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """The palette's Screenshot: an SVG of the screen in the user's data folder (Textual's
        default, the Downloads folder, is missing on most servers, and it failed there), and a
        notification that says where it went."""
        folder = Path(path).expanduser() if path else screenshot_folder()
        try:
            private_folder(folder)
            saved = self.save_screenshot(filename, str(folder), time_format)
        except OSError as exc:
            self.notify(
                f"Could not save the screenshot in {folder}: {exc.strerror or exc}",
                title="Screenshot",
                severity="error",
                markup=False,
            )
            return None
        self.notify(f"Saved to {saved}", title="Screenshot", markup=False, timeout=10)
        return saved

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from console_commands(self, screen)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "collector":
            self.notify(
                f"collector stopped: {event.worker.error!r}",
                severity="error",
                markup=False,
                timeout=30,
            )


def screenshot_folder() -> Path:
    """Where the palette's Screenshot saves: the user's data folder, beside the database."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "screenshots"
