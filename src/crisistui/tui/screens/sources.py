"""`s`: the health of every source: state, last success, next poll, and its problem: the error
of a failing source, or what an OK source's last poll left out and why.

The health is what the collector holds in memory (or what another collector recorded, read on
the console's beat), so the table reads nothing itself: each second it puts the new values in
the cells that changed, and rebuilds only when the sources themselves changed. The highlighted
source's problem is also written out whole below the table, wrapped: in its cell a long error
or note ran past the screen's edge. Failing and stale sources come first, so the cursor starts
on one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from crisistui.domain.models import SourceHealth
from crisistui.domain.text import sanitize
from crisistui.tui.format import age, plain, steady_width
from crisistui.tui.screens.prompts import Question
from crisistui.tui.widgets.header import SCORING_STYLE, STALE_STYLE, STATE_STYLE
from crisistui.tui.widgets.keybar import KeyBar

COLUMNS = ("source", "type", "state", "last ok", "new (last/total)", "next", "problem")


class SourcesScreen(Question[None]):
    """A table of source health, refreshed while open."""

    BINDINGS = [Binding("escape,q,s", "dismiss", "Back", id="sources.back")]

    DEFAULT_CSS = """
    SourcesScreen { align: center middle; }
    SourcesScreen > DataTable {
        width: 95%; height: auto; max-height: 80%; border: thick $accent;
    }
    SourcesScreen > #source-problem {
        width: 95%; height: auto; max-height: 6; padding: 0 1; background: $panel;
    }
    SourcesScreen > #source-problem.-none { display: none; }
    """

    def __init__(
        self,
        health: Callable[[], Mapping[str, SourceHealth]],
        now: Callable[[], datetime],
        others: Callable[[], bool] = lambda: True,
        scoring: Callable[[], Mapping[str, tuple[int, int]]] = dict,
    ) -> None:
        """``others``: whether the health is another collector's (then an overdue poll
        means it has stopped). ``scoring``: the sources whose long poll is being scored,
        with items scored and fetched."""
        super().__init__()
        self._health = health
        self._now = now
        self._others = others
        self._scoring = scoring

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row")
        table.border_title = "Sources"
        yield table
        yield Static(id="source-problem", classes="-none")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label)
        self.update_table()
        self.set_interval(1.0, self.update_table)

    def update_table(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        now = self._now()
        health = self._health()
        others = self._others()
        scoring = self._scoring()
        # failing and stale sources first: the cursor starts on one, and its problem is
        # written out whole below the table (at 80 columns its cell is past the edge)
        troubled = {
            name
            for name, item in health.items()
            if item.current_error is not None
            or (others and item.overdue(now) and name not in scoring)
        }
        ordered = sorted(health.items(), key=lambda pair: pair[0] not in troubled)
        rows = {name: self._cells(item, now, others, scoring.get(name)) for name, item in ordered}
        if [key.value for key in table.rows] == list(rows):
            for name, cells in rows.items():
                for column, cell in zip(COLUMNS, cells, strict=True):
                    if table.get_cell(name, column) != cell:
                        table.update_cell(name, column, cell)
            self._show_problem()
            return
        cursor = table.cursor_row
        highlighted = (
            table.coordinate_to_cell_key((cursor, 0)).row_key.value
            if 0 <= cursor < table.row_count
            else None
        )
        table.clear()
        for name, cells in rows.items():
            table.add_row(*cells, key=name)
        if table.row_count:
            # the same source stays highlighted when failing ones move to the top
            names = list(rows)
            row = names.index(highlighted) if highlighted in names else cursor
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_problem()

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_problem()

    def _show_problem(self) -> None:
        """The highlighted source's problem, whole and wrapped, under the table."""
        table: DataTable[Text] = self.query_one(DataTable)
        shown = self.query_one("#source-problem", Static)
        problem = ""
        if table.row_count and 0 <= table.cursor_row < table.row_count:
            key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key
            problem = table.get_cell(key, COLUMNS[-1]).plain
            if problem:
                problem = f"{key.value}: {problem}"
        shown.set_class(not problem, "-none")
        shown.update(Text(steady_width(sanitize(problem)), style="yellow"))

    @staticmethod
    def _cells(
        item: SourceHealth,
        now: datetime,
        others: bool = True,
        scoring: tuple[int, int] | None = None,
    ) -> list[Text]:
        overdue = others and item.overdue(now) and scoring is None
        if scoring is not None:  # a flood's poll: "starting" for a minute said nothing
            state = Text(f"scoring {scoring[0]:,}/{scoring[1]:,}", style=SCORING_STYLE)
        elif overdue:
            state = Text("stale", style=STALE_STYLE)
        else:
            state = Text(item.state.value, style=STATE_STYLE[item.state])
        return [
            plain(item.name),
            Text(item.kind),
            state,
            Text(f"{age(item.last_ok, now)} ago" if item.last_ok else "never"),
            Text(f"{item.new_last_poll}/{item.new_total}"),
            SourcesScreen._next(item.next_poll, now, overdue),
            plain("no poll recorded since it was due: has the collector stopped?", "yellow")
            if overdue
            else SourcesScreen._problem(item),
        ]

    @staticmethod
    def _next(when: datetime | None, now: datetime, overdue: bool) -> Text:
        """When the next poll is: "in 4m", "due 7m ago" (overdue), or "now" while the poll
        due is being made (a hanging server's showed "in 0s" for as long as it hung)."""
        if when is None:
            return Text("—")
        if overdue:
            return Text(f"due {age(when, now)} ago", style=STALE_STYLE)
        return Text("now" if when <= now else f"in {age(now, when)}")

    @staticmethod
    def _problem(item: SourceHealth) -> Text:
        """A failing source's error; once a poll succeeds the old error is history, and the
        cell says what that poll left out instead, if anything."""
        if (error := item.current_error) is not None:
            return plain(error, "red")
        return plain(item.note or "", "yellow")
