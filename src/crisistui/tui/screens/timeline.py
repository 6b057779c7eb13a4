"""`t`: the timeline, every change with its time, actor and words, newest at the bottom.

Events are never edited, and every response change appends one: the view follows the console's
beat (``tui/changes.py``) and, when the newest event moved, reads only the events after the last
one it holds and adds their rows, so ticks, statements and level changes made in another
console appear here too without the list being read or drawn again.

`c` switches between this incident's events and all of them. Each load runs in a worker and
remembers which list it was asked for; a load started before a switch is thrown away when it
lands, and the title changes together with the rows, so the list under the title is always the
one the title names.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeAlias

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from crisistui.domain.records import TimelineEvent
from crisistui.domain.timeline import summary_here
from crisistui.monitor import ENGINE_ACTOR
from crisistui.tui.busy import NOT_DONE, say_busy
from crisistui.tui.changes import Beat, ChangeLoop
from crisistui.tui.format import plain, prose
from crisistui.tui.screens.prompts import Question
from crisistui.tui.widgets.keybar import KeyBar

KIND_STYLE = {"severity": "bold yellow", "alert": "magenta", "task": "green", "incident": "cyan"}

EventLoader: TypeAlias = Callable[[int], Awaitable[list[TimelineEvent]]]
"""Reads the newest events written after the given event id (0: the newest of all)."""


WIDE_FROM = 100
"""From this width the table has a column for the incident and one for the kind of event;
narrower, the summary takes their room (at 80 columns it read "Acme Air —" and no more)."""
WIDE_COLUMNS = ("time", "incident", "who", "what", "summary")
NARROW_COLUMNS = ("time", "who", "summary")
NARROW_WHO = 10
"""Cells of a name in the narrow columns ("crisistui engine", shown there as "engine", took
16 of 80 from every row)."""

OVERLAP = 100
"""Event ids read again below the newest shown: on PostgreSQL an event can commit after one
with a higher id (two people acting at once), and it is then still found and added."""


def _order(event: TimelineEvent) -> tuple[float, int]:
    return (event.at.timestamp(), event.id)


def _summary(event: TimelineEvent) -> str:
    return summary_here(event.kind, event.summary, event.details)


def entry_text(event: TimelineEvent) -> Text:
    """One timeline entry as lines of literal text: when, which incident, who, what, and the
    whole summary."""
    family = event.kind.split(".", 1)[0]
    head = Text.assemble(
        (event.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), "bold"),
        f"  #{event.incident_id}  " if event.incident_id else "  ",
        plain(event.actor, "bold"),
        "  ",
        (event.kind, KIND_STYLE.get(family, "")),
    )
    return Text.assemble(head, "\n", prose(_summary(event)))


class TimelineScreen(Question[None]):
    """A read-only table of timeline events."""

    TABLE_TITLE = "Timeline"
    NEWEST_FIRST = False
    """Newest at the bottom (a log read downwards) unless a subclass lists newest first."""
    LIMIT = 1000
    """The newest events kept in the list."""

    BINDINGS = [
        Binding("escape,q,t", "dismiss", "Back", id="timeline.back"),
        Binding("j", "cursor_down", "Down", show=False, id="timeline.down"),
        Binding("k", "cursor_up", "Up", show=False, id="timeline.up"),
        Binding("g", "first", "Top", show=False, id="timeline.top"),
        Binding("G", "last", "Bottom", show=False, id="timeline.bottom"),
        Binding("c", "toggle_incident", "This incident only", id="timeline.incident"),
    ]

    DEFAULT_CSS = """
    TimelineScreen { align: center middle; }
    TimelineScreen > DataTable {
        width: 95%; height: 1fr; border: thick $accent; border-bottom: none;
    }
    TimelineScreen > #entry {
        width: 95%; height: auto; max-height: 6; padding: 0 1; background: $surface;
        border: thick $accent; border-top: none;
    }
    """

    def __init__(
        self,
        load: EventLoader,
        incident: tuple[int, EventLoader] | None = None,
        changes: ChangeLoop | None = None,
    ) -> None:
        """``incident`` is the current incident's number and a loader of its events only;
        ``changes`` is the console's change loop, whose beats say when events were written."""
        super().__init__()
        self._load_all = load
        self._incident = incident
        self._changes = changes
        self._events: list[TimelineEvent] = []
        """The list shown, oldest first."""
        self.incident_only = False
        """The list asked for: this incident's events (True) or all of them."""
        self._generation = 0
        """Bumped by every switch: a load of an earlier generation is dropped when it lands."""
        self._loading: int | None = None
        """The generation a load is under way for (a beat does not start a second one)."""
        self._owed = False
        """A beat came while a load ran: one more load follows it."""
        self._shown: bool | None = None
        """Which list the table holds: this incident's events (True) or all of them."""
        self._wide = True
        """Whether the table has the incident and kind columns (see ``WIDE_FROM``)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._incident is not None if action == "toggle_incident" else True

    def action_toggle_incident(self) -> None:
        if self._incident is None:
            return
        self.incident_only = not self.incident_only
        self._generation += 1
        self.refresh_events()

    EMPTY = (
        "Nothing yet. Level changes, alerts, incidents, ticked tasks, statements and triage "
        "appear here as they happen, with who did each and when."
    )

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.border_title = self.TABLE_TITLE
        yield table
        yield Static(id="entry", markup=False)
        yield KeyBar()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The entry under the cursor in full, wrapped under the table: on a terminal of 80
        columns the summary column is off the right edge, and long ones are cut anyway."""
        key = event.row_key.value
        shown = next((e for e in self._events if str(e.id) == key), None)
        self.query_one("#entry", Static).update(entry_text(shown) if shown else "")

    async def on_mount(self) -> None:
        self._put_columns(self.query_one(DataTable))
        self._loading = self._generation  # the first rows come with the screen
        await self._load(self._generation, self.incident_only)
        if self._changes is not None:
            self._changes.follow(self, self._on_beat)

    def _on_beat(self, beat: Beat) -> None:
        if beat.events:
            self.refresh_events()

    def title_for(self, incident_only: bool) -> str:
        """The table's title when it shows this incident's events or all of them."""
        if incident_only and self._incident is not None:
            return f"{self.TABLE_TITLE} · incident #{self._incident[0]}"
        return self.TABLE_TITLE

    def refresh_events(self) -> None:
        """Load the list asked for in a worker, unless a load of it is already under way."""
        generation = self._generation
        if self._loading == generation:
            self._owed = True
            return
        self._loading = generation
        self.run_worker(self._load(generation, self.incident_only), group="timeline-load")

    async def _load(self, generation: int, incident_only: bool) -> None:
        same_list = self._shown == incident_only
        newest = max((e.id for e in self._events), default=0) if same_list else 0
        after = max(newest - OVERLAP, 0) if newest else 0
        try:
            if incident_only and self._incident is not None:
                events = await self._incident[1](after)
            else:
                events = await self._load_all(after)
        except NOT_DONE as unreachable:  # the database went away: keep what is shown
            say_busy(self, unreachable)
            return
        finally:
            if self._loading == generation:
                self._loading = None
        if generation != self._generation:
            return  # switched while loading: these rows belong to the other title
        self._show(incident_only, events, added=same_list)
        if self._owed:
            self._owed = False
            self.refresh_events()

    def _show(self, incident_only: bool, events: list[TimelineEvent], *, added: bool) -> None:
        """Put ``events`` in the table and the title naming them, in one step: added to the
        rows shown when they are the same list's newer events, else in place of them."""
        if added and not events:
            return
        table = self.query_one(DataTable)
        at_end = not added or table.cursor_row >= table.row_count - 1
        table.border_title = self.title_for(incident_only)
        old = self._events if added else []
        held = {event.id for event in old}
        fresh = sorted((e for e in events if e.id not in held), key=_order)
        if added and not fresh:
            return
        merged = sorted([*old, *fresh], key=_order)[-self.LIMIT :]
        dropped = len(old) + len(fresh) - len(merged)
        newer = bool(old) and bool(fresh) and _order(fresh[0]) > _order(old[-1])
        if newer and dropped <= len(old) and not self.NEWEST_FIRST:
            for event in old[:dropped]:  # the oldest leave the top, the new join the bottom
                table.remove_row(str(event.id))
            for event in fresh:
                self._add_row(table, event)
        else:
            table.clear()
            for event in reversed(merged) if self.NEWEST_FIRST else merged:
                self._add_row(table, event)
        self._events = merged
        self._shown = incident_only
        if at_end and table.row_count and not self.NEWEST_FIRST:
            table.move_cursor(row=table.row_count - 1)
        if not table.row_count:  # an empty table says nothing: say what will come here
            self.query_one("#entry", Static).update(Text(self.empty_text(), style="dim"))

    def empty_text(self) -> str:
        """What an empty list says: what will come here."""
        return self.EMPTY

    def on_resize(self) -> None:
        """Crossing ``WIDE_FROM`` changes the columns: the rows are put in again, the cursor
        on the same row."""
        if (self.app.size.width >= WIDE_FROM) == self._wide or not self.is_mounted:
            return
        table = self.query_one(DataTable)
        at = table.cursor_row
        table.clear(columns=True)
        self._put_columns(table)
        for event in reversed(self._events) if self.NEWEST_FIRST else self._events:
            self._add_row(table, event)
        if table.row_count:
            table.move_cursor(row=min(at, table.row_count - 1))

    def _put_columns(self, table: DataTable[Text]) -> None:
        """The columns for the screen's width (see ``WIDE_FROM``)."""
        self._wide = self.app.size.width >= WIDE_FROM
        for label in WIDE_COLUMNS if self._wide else NARROW_COLUMNS:
            table.add_column(label, key=label)

    def _add_row(self, table: DataTable[Text], event: TimelineEvent) -> None:
        family = event.kind.split(".", 1)[0]
        when = Text(event.at.astimezone().strftime("%m-%d %H:%M:%S"))
        if not self._wide:  # the summary needs the room: a long name is cut (enter shows it)
            who = plain("engine" if event.actor == ENGINE_ACTOR else event.actor)
            who.truncate(NARROW_WHO, overflow="ellipsis")
            table.add_row(when, who, plain(_summary(event)), key=str(event.id))
            return
        table.add_row(
            when,
            Text(f"#{event.incident_id}" if event.incident_id else "—"),
            plain(event.actor),
            Text(event.kind, style=KIND_STYLE.get(family, "")),
            plain(_summary(event)),
            key=str(event.id),
        )

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(DataTable).move_cursor(row=0)

    def action_last(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(table.row_count - 1, 0))
