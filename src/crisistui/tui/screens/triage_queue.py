"""`u`: the triage queue, the brand's mentions with negative, far-reaching ones first.

The list is a mention feed, so it moves and opens like the main one and takes the same triage
keys. After each action the cursor goes to the next mention: the one below, or, when a filter
hid the mention just handled, the one that took its place. The queue follows the console's
beat: it re-reads the store when anyone triaged (every triage writes an event), so what another
console triages leaves an "untriaged" queue here too, and every two seconds while new mentions
arrive; the selected mention stays selected through those re-reads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from crisistui.domain.records import Triage
from crisistui.tui.busy import said_when_busy
from crisistui.tui.changes import Beat, Every, Reloader
from crisistui.tui.format import describe_triage
from crisistui.tui.key_hold import release_keys
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from crisistui.tui.triage import TriageDesk

QUEUE_LIMIT = 300
"""The most mentions the queue lists at once (the rest rise as these are handled)."""
RELOAD_SECONDS = 2.0

LEGEND = "a ack · d noise · r replied · R reply… · l link · o assign · # tag · z untriage · ⏎ open"


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """Which mentions the queue shows; every mention of the window when all are off."""

    untriaged: bool = True
    negative: bool = False
    high_reach: bool = False
    reach_at_least: int = 1_000
    """What "high reach" means: seen by at least this many people (``[response] high_reach``)."""
    hours: float = 24.0
    """How far back the queue looks (``[response] queue_hours``)."""

    @property
    def window(self) -> timedelta:
        return timedelta(hours=self.hours)

    def toggled(self, name: str) -> QueueFilters:
        return replace(self, **{name: not getattr(self, name)})

    def describe(self) -> str:
        shown = [
            label
            for label, on in (
                ("untriaged", self.untriaged),
                ("negative", self.negative),
                (f"reach ≥ {self.reach_at_least:,}", self.high_reach),
            )
            if on
        ]
        return f"showing {', '.join(shown) or 'all'} · last {self.hours:g}h"


class TriageQueueScreen(Screen[None]):
    """The list, a line about the selected mention's triage, and the keys.

    A full screen rather than a modal one, so the console's own keys (help, timeline, new
    incident) still work from here.
    """

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="queue.back"),
        Binding("u", "filter('untriaged')", "Untriaged", id="queue.untriaged"),
        Binding("minus", "filter('negative')", "Negative", key_display="-", id="queue.negative"),
        Binding("h", "filter('high_reach')", "High reach", id="queue.high_reach"),
    ]

    DEFAULT_CSS = """
    TriageQueueScreen > Vertical {
        border: round $accent; background: $surface; height: 1fr;
    }
    TriageQueueScreen MentionFeed { height: 1fr; scrollbar-size-vertical: 1; }
    TriageQueueScreen #selected { color: $text-muted; padding: 0 1; }
    TriageQueueScreen #legend { padding: 0 1; }
    """

    def __init__(self, desk: TriageDesk, filters: QueueFilters | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.filters = filters or desk.filters()
        self._reloader = Reloader(self, self.reload, "triage-queue-reload")
        self._arrivals_due = Every(RELOAD_SECONDS)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Triage queue"
            yield MentionFeed(
                self.desk.app.clock.now,
                follow_newest=False,
                empty="nothing to triage with these filters",
                id="queue",
            )
            yield Static(id="selected", markup=False)
            yield Static(Text(LEGEND), id="legend", markup=False)
        yield KeyBar()

    @property
    def feed(self) -> MentionFeed:
        return self.query_one("#queue", MentionFeed)

    async def on_mount(self) -> None:
        self.watch(self.feed, "cursor", self._show_selected, init=False)
        self.feed.focus()
        await self.reload()
        self.desk.app.changes.follow(self, self._on_beat)

    def _on_beat(self, beat: Beat) -> None:
        if beat.events or (beat.mentions and self._arrivals_due.due()):
            self._reloader.request()

    async def on_screen_resume(self) -> None:
        await self.reload()

    @said_when_busy  # a database out of reach: said in a toast, the screen stays
    async def reload(self) -> None:
        """Re-read the queue; the selected mention stays selected if it is still listed."""
        rows = await self.desk.queue(self.filters)
        feed = self.feed
        feed.triage = {m.id: t for m, t in rows if t is not None and m.id is not None}
        feed.show([m for m, _ in rows])
        box = self.query_one(Vertical)
        shown = f"first {len(rows)}" if len(rows) >= QUEUE_LIMIT else f"{len(rows)}"  # a cap
        box.border_title = f"Triage queue · {shown} · negative, high reach first"
        box.border_subtitle = self.filters.describe()
        self._show_selected()

    def _show_selected(self, _cursor: int = 0) -> None:
        feed = self.feed
        selected = feed.selected
        triage = feed.triage.get(selected.id) if selected and selected.id is not None else None
        line = describe_triage(triage) if selected else Text("")
        line.truncate(max(self.size.width - 4, 20), overflow="ellipsis")
        self.query_one("#selected", Static).update(line)

    async def action_filter(self, name: str) -> None:
        self.filters = self.filters.toggled(name)
        await self.reload()
        self.feed.cursor = 0

    async def on_mention_feed_triage_requested(self, event: MentionFeed.TriageRequested) -> None:
        event.stop()
        mention_id = event.mention.id

        async def after(_triage: Triage | None) -> None:
            await self._next(mention_id)

        try:
            await self.desk.act(event.action, event.mention, then=after)
        finally:
            release_keys(self.app)  # held by the feed when the key was pressed

    async def _next(self, mention_id: int | None) -> None:
        """After an action: on to the mention below, or to the one now in its place."""
        feed = self.feed
        before = [m.id for m in feed.mentions]
        index = before.index(mention_id) if mention_id in before else feed.cursor
        await self.reload()
        after = [m.id for m in feed.mentions]
        feed.cursor = after.index(mention_id) + 1 if mention_id in after else index
        self._show_selected()
