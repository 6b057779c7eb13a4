"""`w`: the wall view, for the meeting room's screen: read from across the room, never typed on.

It shows what the console already knows (the assessment, the last hour's series, the newest
mentions), redrawn on each of the console's beats, and reads the current incident's milestones
and tasks itself when the response moved (and every few seconds, for the mention counts).
Sections are dropped, lowest first, when the terminal is too small for them, so nothing is ever
drawn half.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget

from crisistui.analysis.levels import Level
from crisistui.domain.models import Mention
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.reports.report import IncidentData, gather
from crisistui.tui.busy import NOT_DONE
from crisistui.tui.changes import Beat, Every
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.header import StatusHeader
from crisistui.tui.widgets.incident_board import IncidentBoard
from crisistui.tui.widgets.languages_line import LANGUAGE_MINUTES, LanguagesLine
from crisistui.tui.widgets.level_board import DriversBoard, LevelBoard
from crisistui.tui.widgets.loud_mentions import LoudMentions, loud_negatives
from crisistui.tui.widgets.share_board import ShareBoard
from crisistui.tui.widgets.sparklines import SubjectTrend, TrendPanel

if TYPE_CHECKING:
    from crisistui.tui.app import CrisisApp

READ_SECONDS = 5.0
"""How often the incident is re-read while nothing but mentions is written (its counts)."""
WIDE_FROM = 120
"""From this width the incident and the trends stand side by side."""
TALL_FROM = 40
"""From this height the gauge, the drivers and the sparklines grow."""
BIG_FROM = (160, 40)
"""From this width and height the level and score are drawn in solid blocks."""
COMPACT_BELOW = 80
"""Under this width the level is a plain word, so the score and the crisis type keep room."""
MENTION_ROWS_KEPT = 3
"""Rows kept for the loud mentions (heading and two) before the share of voice's lines of
why, the languages or another subject's trend are shown."""
PARTS = (
    "#wall-header, #wall-level, #wall-drivers, #wall-incident, #wall-share, #wall-trends, "
    "#wall-mentions"
)


W = TypeVar("W", bound=Widget)


class WallScreen(Screen[None]):
    """Read-only; `w`, `q` or escape goes back to the console (`q` quit a war room's console
    from the one screen where it was not "back")."""

    BINDINGS = [
        Binding("escape,w,q", "close", "Back to the console", id="wall.close"),
    ]

    DEFAULT_CSS = """
    WallScreen { layout: vertical; }
    WallScreen #wall-level { margin-top: 1; }
    WallScreen #wall-drivers { margin-top: 1; }
    WallScreen #wall-body { height: 1fr; layout: vertical; }
    WallScreen.-wide #wall-body { layout: horizontal; margin-top: 1; }
    WallScreen #wall-incident, WallScreen #wall-share, WallScreen #wall-trends,
    WallScreen #wall-mentions {
        border-top: solid $primary; border-title-style: bold; border-title-color: $text;
        padding: 0 1;
    }
    WallScreen.-wide #wall-incident { width: 2fr; height: 1fr; margin-right: 2; }
    WallScreen #wall-side { height: 1fr; }
    WallScreen.-wide #wall-side { width: 3fr; }
    WallScreen #wall-trends { height: auto; }
    WallScreen.-tall SubjectTrend { margin-bottom: 1; }
    WallScreen.-tall SubjectTrend > Horizontal { height: 3; }
    WallScreen.-tall SubjectTrend Sparkline { height: 3; }
    WallScreen.-tall #level-gauge { height: 3; }
    WallScreen #wall-mentions { height: 1fr; }
    WallScreen Toast { display: none; }
    """
    """The meeting room's screen carries no one operator's notices: they wait in the console
    (the level changes they would repeat are the wall's own headline)."""

    def __init__(self) -> None:
        super().__init__()
        self.facts: IncidentData | None = None
        self._reading = False
        self._incident_due = Every(READ_SECONDS)
        self._unfiltered: list[Mention] | None = None
        """The newest mentions read past the feed's filter, while one is in force."""
        self._parts: list[Widget] = []
        self._found: dict[type[Widget], Widget] = {}

    @property
    def console(self) -> CrisisApp:
        return cast("CrisisApp", self.app)

    def compose(self) -> ComposeResult:
        console = self.console
        yield StatusHeader(id="wall-header")
        yield LevelBoard(id="wall-level")
        yield DriversBoard(id="wall-drivers")
        with Horizontal(id="wall-body"):
            incident = IncidentBoard(id="wall-incident")
            incident.border_title = "Incident"
            yield incident
            with Vertical(id="wall-side"):
                share = ShareBoard(id="wall-share")
                share.border_title = "Share of voice · last hour"
                yield share
                yield LanguagesLine(id="wall-languages")
                trends = TrendPanel(console.config.subjects, id="wall-trends")
                trends.border_title = "Last hour, per minute"
                yield trends
                mentions = LoudMentions(id="wall-mentions")
                reach = console.config.response.high_reach
                mentions.border_title = f"Loud negative mentions (reach ≥ {reach:,})"
                yield mentions

    async def on_mount(self) -> None:
        self.console.changes.follow(self, self._follow)
        self.set_interval(1.0, self._tick)
        await self._read_unfiltered()
        self._show()
        await self._read_incident()

    def action_close(self) -> None:
        self.dismiss()

    def _parts_present(self) -> bool:
        """False while the screen is being taken apart (closed, or the app exiting)."""
        if not self.is_attached:
            return False
        if len(self._parts) != PARTS.count("#"):
            self._parts = list(self.query(PARTS))  # composed: found once
        return len(self._parts) == PARTS.count("#") and all(p.is_attached for p in self._parts)

    def _one(self, kind: type[W]) -> W:
        """The screen's one ``kind`` of widget, found once: a query matches selectors
        against the whole screen, and the wall's beats and clock asked a dozen each second
        (an idle wall used 12 % of a core)."""
        found = self._found.get(kind)
        if found is None or not found.is_attached:
            found = self._found[kind] = self.query_one(kind)
        return cast(W, found)

    # -- following the console --------------------------------------------------------------

    async def _follow(self, beat: Beat) -> None:
        """The console's beat: show what it holds now; read the incident when the response
        moved, the console moved to another incident, or its counts are due."""
        if beat.mentions:
            await self._read_unfiltered()
        self._show()
        current = self.console.incident
        shown = self.facts.incident.id if self.facts else None
        moved = (current.id if current else None) != shown
        if moved or beat.events or self._incident_due.due():
            await self._read_incident()

    def _tick(self) -> None:
        """The clock and the elapsed times move on even while nothing is written."""
        if not self._parts_present():
            return
        self._show_header()
        self._one(IncidentBoard).show(self.facts, self.console.clock.now())

    async def _read_incident(self) -> None:
        console, store = self.console, self.console.store
        if store is None or self._reading or not self._parts_present():
            return
        self._reading = True
        try:
            current = console.incident
            facts = None
            if current is not None:
                facts = await gather(
                    store,
                    current.id,
                    console.setup.playbooks,
                    subject=console.config.brand.name,
                    now=console.clock.now(),
                )
        except NOT_DONE:
            return  # the database went away: the header says so, what is shown is kept
        finally:
            self._reading = False
        if self._parts_present():
            self.facts = facts
            self._one(IncidentBoard).show(facts, console.clock.now())
            self._fit()

    async def _read_unfiltered(self) -> None:
        """The feed's rows are what one person filtered for; the room needs every loud
        mention, so while a filter is in force the newest mentions are read without it."""
        console = self.console
        if console.feed_filter.query is None or console.store is None:
            self._unfiltered = None
            return
        limit = console.config.console.feed_rows
        with suppress(NOT_DONE):  # the database went away: the header says so, kept as shown
            self._unfiltered = await console.store.recent_mentions(limit)

    # -- drawing ----------------------------------------------------------------------------

    def _show_header(self) -> None:
        console = self.console
        self._one(StatusHeader).show(
            console.config.brand.name,
            f"{console.said_mode()} · wall",
            console.clock.now(),
            console.source_health(),
            others=not console.collects(),
            unreachable=console.unreachable,
            scoring=console.collector.long_polls() if console.collector is not None else None,
        )

    def _show(self) -> None:
        if not self._parts_present():
            return
        console = self.console
        now = console.clock.now()
        self._show_header()
        width, height = self.size
        big = width >= BIG_FROM[0] and height >= BIG_FROM[1]
        compact = width < COMPACT_BELOW
        self._one(LevelBoard).show(console.assessment, big=big, compact=compact)
        self._one(TrendPanel).show(console.trends)
        self._one(LanguagesLine).show(console.languages, LANGUAGE_MINUTES)
        feed = console.query(MentionFeed)
        mentions = self._unfiltered
        if mentions is None:
            mentions = list(feed.first().mentions) if feed else []
        config = console.config
        own = OwnAccounts(config.brand.accounts)
        loud = loud_negatives(mentions, config.brand.name, config.response.high_reach, own)
        self._one(LoudMentions).show(loud, now)
        self._one(IncidentBoard).show(self.facts, now)
        self._fit()

    def on_resize(self) -> None:
        self._show()

    def _fit_share(self, side: int) -> int:
        """The share of voice comes after the incident: every subject's line (a competitor's
        with its level) while the loud mentions keep a heading and one mention, and a line of
        why for each competitor above normal while they keep ``MENTION_ROWS_KEPT``. Returns
        the rows left for the rest."""
        console = self.console
        share = console.share
        lines = len(share.subjects) if share is not None else 1
        news = sum(1 for c in console.competitors if c.level > Level.NORMAL)
        if side >= 1 + lines + news + MENTION_ROWS_KEPT:
            briefs, rows = True, 1 + lines + news
        elif side >= 1 + lines + MENTION_ROWS_KEPT - 1:
            briefs, rows = False, 1 + lines
        else:
            briefs, rows = False, 0
        board = self._one(ShareBoard)
        board.show(share, console.competitors, briefs=briefs)
        board.display = rows > 0
        return side - rows

    def _fit(self) -> None:
        """Give each section its rows, most needed first; a section with no room is hidden."""
        width, height = self.size
        if not width or not height or not self._parts_present():
            return
        wide, tall = width >= WIDE_FROM, height >= TALL_FROM
        self.set_class(wide, "-wide")
        self.set_class(tall, "-tall")
        drivers = self._one(DriversBoard)
        drivers.show(self.console.assessment, 5 if tall else 2)
        gauge_rows = 3 if tall else 1
        band = 5 if self._one(LevelBoard).has_class("-big") else 3
        # header, margin, level band, gauge, margin, drivers, and a margin above two columns
        top = 1 + 1 + band + gauge_rows + 1 + len(drivers.lines()) + (1 if wide else 0)
        body = max(height - top, 0)
        incident = self._one(IncidentBoard)
        trends = list(self.query(SubjectTrend))
        per_trend = (7 if tall else 3) + (1 if tall else 0)
        if wide:
            incident.styles.height = "1fr"
            side = body
        else:
            full = incident.wanted_lines(full=True) + 1
            compact = incident.wanted_lines(full=False) + 1
            wanted = full if full <= body // 2 else compact
            rows = min(wanted, body)
            incident.styles.height = rows
            side = body - rows
        incident.display = body >= 3
        side = self._fit_share(side)
        spoken = self._one(LanguagesLine)
        if spoken.display and side >= 2 + MENTION_ROWS_KEPT:
            side -= 1
        else:
            spoken.display = False
        room_for_trends = side - 1 - MENTION_ROWS_KEPT
        shown = max(min(len(trends), room_for_trends // per_trend), 0)
        for index, trend in enumerate(trends):
            trend.display = index < shown
        self._one(TrendPanel).display = shown > 0
        left = side - (1 + shown * per_trend if shown else 0)
        self._one(LoudMentions).display = left >= 2
