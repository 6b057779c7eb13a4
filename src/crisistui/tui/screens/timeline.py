"""`t`: the timeline, every change with its time, actor and words, newest at the bottom.

Events are never edited; the view re-reads the newest ones every second, so ticks, statements
and level changes made in another console appear here too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer

from crisistui.store.records import TimelineEvent
from crisistui.tui.format import plain

KIND_STYLE = {"severity": "bold yellow", "alert": "magenta", "task": "green", "incident": "cyan"}


class TimelineScreen(ModalScreen[None]):
    """A read-only table of timeline events."""

    TABLE_TITLE = "Timeline"
    NEWEST_FIRST = False
    """Newest at the bottom (a log read downwards) unless a subclass lists newest first."""

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
    TimelineScreen > DataTable { width: 95%; height: 90%; border: thick $accent; }
    """

    def __init__(
        self,
        load: Callable[[], Awaitable[list[TimelineEvent]]],
        incident: tuple[int, Callable[[], Awaitable[list[TimelineEvent]]]] | None = None,
    ) -> None:
        """``incident`` is the current incident's number and a loader of its events only."""
        super().__init__()
        self._load_all = self._load = load
        self._incident = incident
        self._shown = -1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._incident is not None if action == "toggle_incident" else True

    async def action_toggle_incident(self) -> None:
        if self._incident is None:
            return
        number, load_incident = self._incident
        only = self._load is self._load_all
        self._load = load_incident if only else self._load_all
        table = self.query_one(DataTable)
        table.border_title = (
            f"{self.TABLE_TITLE} · incident #{number}" if only else self.TABLE_TITLE
        )
        self._shown = -1
        await self.reload()

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.border_title = self.TABLE_TITLE
        yield table
        yield Footer()

    async def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("time", "incident", "who", "what", "summary"):
            table.add_column(label, key=label)
        await self.reload()
        self.set_interval(1.0, self.reload)

    async def reload(self) -> None:
        events = await self._load()
        newest = events[-1].id if events else 0
        if newest == self._shown and self._shown != -1:
            return
        table = self.query_one(DataTable)
        at_end = table.cursor_row >= table.row_count - 1
        table.clear()
        for event in reversed(events) if self.NEWEST_FIRST else events:
            family = event.kind.split(".", 1)[0]
            table.add_row(
                Text(event.at.astimezone().strftime("%m-%d %H:%M:%S")),
                Text(f"#{event.incident_id}" if event.incident_id else "—"),
                plain(event.actor),
                Text(event.kind, style=KIND_STYLE.get(family, "")),
                plain(event.summary),
                key=str(event.id),
            )
        self._shown = newest
        if at_end and table.row_count and not self.NEWEST_FIRST:
            table.move_cursor(row=table.row_count - 1)

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(DataTable).move_cursor(row=0)

    def action_last(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(table.row_count - 1, 0))
