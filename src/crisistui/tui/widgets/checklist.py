"""The response checklist: the playbook's tasks for the current incident, ticked with space.

Tasks are grouped under their phase; a task row shows its box, title (``*`` when mandatory),
owner role and due time, and the title shrinks to the pane so nothing hides off to the right.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from crisistui.response.playbook import Playbook, Task
from crisistui.store.db import TaskState

PHASE_PREFIX = "phase:"
_BOX, _ROLE, _DUE = 3, 14, 5
ROLE_FROM_WIDTH, DUE_FROM_WIDTH = 64, 36


class Checklist(DataTable[Text]):
    """One row per phase heading and per task."""

    BINDINGS = [
        Binding("space", "toggle", "Tick", id="checklist.toggle"),
        Binding("j", "cursor_down", "Down", show=False, id="checklist.down"),
        Binding("k", "cursor_up", "Up", show=False, id="checklist.up"),
        Binding("g", "scroll_top", "Top", show=False, id="checklist.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="checklist.bottom"),
    ]

    class Toggled(Message):
        """The user ticked or unticked a task."""

        def __init__(self, task: Task, done: bool) -> None:
            super().__init__()
            self.task_item = task
            self.done = done

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False, show_header=False)
        self.playbook: Playbook | None = None
        self.states: dict[str, TaskState] = {}
        self._started: datetime | None = None
        self._now: datetime | None = None
        self._width = 0

    def show(
        self,
        playbook: Playbook,
        states: Mapping[str, TaskState],
        started: datetime | None,
        now: datetime,
    ) -> None:
        """Render the playbook's tasks with their states, keeping the cursor where it was."""
        self.playbook = playbook
        self.states = dict(states)
        self._started = started
        self._now = now
        self._rebuild()

    def _rebuild(self) -> None:
        if self.playbook is None:
            return
        row = self.cursor_row
        self._width = self.size.width
        self.clear(columns=True)
        show_role = self._width >= ROLE_FROM_WIDTH
        show_due = self._width >= DUE_FROM_WIDTH and self._started is not None
        columns = 2 + show_role + show_due
        used = _BOX + _ROLE * show_role + _DUE * show_due + 2 * self.cell_padding * columns
        self.add_column("", key="box", width=_BOX)
        self.add_column("task", key="task", width=max(self._width - used - 1, 10))
        if show_role:
            self.add_column("role", key="role", width=_ROLE)
        if show_due:
            self.add_column("due", key="due", width=_DUE)
        for phase in self.playbook.phases:
            heading = Text(phase.upper(), style="bold")
            self.add_row(Text(""), heading, key=f"{PHASE_PREFIX}{phase}")
            for task in self.playbook.tasks_in(phase):
                self.add_row(*self._cells(task), key=task.id)
        if self.row_count:
            self.move_cursor(row=min(max(row, 1), self.row_count - 1), animate=False)

    def _cells(self, task: Task) -> list[Text]:
        state = self.states.get(task.id)
        done = bool(state and state.done)
        box = Text("[x]" if done else "[ ]", style="green" if done else "")
        title = Text(task.title + (" *" if task.mandatory else ""), style="dim" if done else "")
        cells = [box, title]
        if self._width >= ROLE_FROM_WIDTH:
            cells.append(Text(task.role, style="cyan"))
        if self._width >= DUE_FROM_WIDTH and self._started is not None:
            due = Text("")
            if task.due_minutes is not None and self._started is not None and self._now:
                when = self._started + timedelta(minutes=task.due_minutes)
                overdue = not done and self._now > when
                label = when.astimezone().strftime("%H:%M" if task.due_minutes < 1440 else "%d%b")
                due = Text(label, style="bold red" if overdue else "dim")
            cells.append(due)
        return cells

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._rebuild()

    def task_at_cursor(self) -> Task | None:
        if self.playbook is None or not self.row_count:
            return None
        key: RowKey = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return next((t for t in self.playbook.tasks if t.id == key.value), None)

    def action_toggle(self) -> None:
        task = self.task_at_cursor()
        if task is None:
            return
        state = self.states.get(task.id)
        self.post_message(self.Toggled(task, not (state and state.done)))
