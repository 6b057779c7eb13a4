"""The response checklist: the incident's tasks by phase, ticked, assigned and annotated.

A task row shows its box, title (``*`` when mandatory, ``✎N`` with notes), owner (the person
it is assigned to, else whoever holds its role, else the role) and due time, red once overdue.
Filters (phase, role, mine) narrow a long checklist to what one person has to do now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from crisistui.response.incident import ChecklistTask, overdue_tasks
from crisistui.store.records import TaskState
from crisistui.tui.format import plain

PHASE_PREFIX = "phase:"
_BOX, _OWNER, _DUE = 3, 9, 5
OWNER_FROM_WIDTH, DUE_FROM_WIDTH = 44, 36


@dataclass(frozen=True)
class ChecklistData:
    """Everything the pane shows, read from the store in one go by the app."""

    phases: Sequence[str]
    tasks: Sequence[ChecklistTask]
    states: Mapping[str, TaskState] = field(default_factory=dict)
    assignees: Mapping[str, str] = field(default_factory=dict)
    role_holders: Mapping[str, str] = field(default_factory=dict)
    notes: Mapping[str, int] = field(default_factory=dict)
    due: Mapping[str, int | None] = field(default_factory=dict)
    """Task id → minutes after the start it is due (playbook tasks only)."""
    started: datetime | None = None

    def done(self, task_id: str) -> bool:
        state = self.states.get(task_id)
        return bool(state and state.done)

    def owner(self, task: ChecklistTask) -> str:
        """Who does it: the assignee, else the role's holder, else the role itself."""
        return self.assignees.get(task.task_id) or self.role_holders.get(task.role) or task.role

    def is_mine(self, task: ChecklistTask, me: str) -> bool:
        return self.assignees.get(task.task_id) == me or (
            task.task_id not in self.assignees and self.role_holders.get(task.role) == me
        )


@dataclass(frozen=True)
class ChecklistFilter:
    phase: str | None = None
    role: str | None = None
    mine: bool = False

    def describe(self) -> str:
        parts = [f"phase {self.phase}"] if self.phase else []
        parts += [f"role {self.role}"] if self.role else []
        parts += ["mine"] if self.mine else []
        return ", ".join(parts)


class Checklist(DataTable[Text]):
    """One row per phase heading and per task."""

    BINDINGS = [
        Binding("space", "toggle", "Tick", id="checklist.toggle"),
        Binding("enter", "open", "Task", show=False, id="checklist.open"),
        Binding("a", "request('assign')", "Assign", show=False, id="checklist.assign"),
        Binding("e", "request('note')", "Note", show=False, id="checklist.note"),
        Binding("plus", "request('add')", "Add task", show=False, id="checklist.add"),
        Binding("f", "cycle_phase", "Phase filter", show=False, id="checklist.phase"),
        Binding("r", "cycle_role", "Role filter", show=False, id="checklist.role"),
        Binding("m", "toggle_mine", "Mine", show=False, id="checklist.mine"),
        Binding("c", "clear_filter", "All tasks", show=False, id="checklist.clear"),
        Binding("j", "cursor_down", "Down", show=False, id="checklist.down"),
        Binding("k", "cursor_up", "Up", show=False, id="checklist.up"),
        Binding("g", "scroll_top", "Top", show=False, id="checklist.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="checklist.bottom"),
    ]

    class Toggled(Message):
        """The user ticked or unticked a task."""

        def __init__(self, task: ChecklistTask, done: bool) -> None:
            super().__init__()
            self.task_item = task
            self.done = done

    class Requested(Message):
        """The user asked to assign, annotate or open a task, or to add one (task None)."""

        def __init__(self, action: str, task: ChecklistTask | None) -> None:
            super().__init__()
            self.action = action
            self.task_item = task

    class FilterChanged(Message):
        """The filter changed; the pane title says so."""

    def __init__(self, *, me: str = "", id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False, show_header=False)
        self.me = me
        self.data: ChecklistData | None = None
        self.filter = ChecklistFilter()
        self._now: datetime | None = None
        self._width = 0

    def show(self, data: ChecklistData, now: datetime) -> None:
        """Render the tasks with their states, keeping the cursor on the same task."""
        self.data = data
        self._now = now
        self._rebuild()

    def visible_tasks(self) -> list[ChecklistTask]:
        data, wanted = self.data, self.filter
        if data is None:
            return []
        return [
            t
            for t in data.tasks
            if (wanted.phase is None or t.phase == wanted.phase)
            and (wanted.role is None or t.role == wanted.role)
            and (not wanted.mine or data.is_mine(t, self.me))
        ]

    def _rebuild(self) -> None:
        data = self.data
        if data is None:
            return
        keep = self._key_at_cursor()
        self._width = self.size.width
        self.clear(columns=True)
        show_owner = self._width >= OWNER_FROM_WIDTH
        show_due = self._width >= DUE_FROM_WIDTH and data.started is not None
        columns = 2 + show_owner + show_due
        used = _BOX + _OWNER * show_owner + _DUE * show_due + 2 * self.cell_padding * columns
        self.add_column("", key="box", width=_BOX)
        self.add_column("task", key="task", width=max(self._width - used - 1, 10))
        if show_owner:
            self.add_column("owner", key="owner", width=_OWNER)
        if show_due:
            self.add_column("due", key="due", width=_DUE)
        tasks = self.visible_tasks()
        for phase in data.phases:
            in_phase = [t for t in tasks if t.phase == phase]
            if not in_phase:
                continue
            self.add_row(Text(""), Text(phase.upper(), style="bold"), key=f"{PHASE_PREFIX}{phase}")
            for task in in_phase:
                self.add_row(*self._cells(task, show_owner, show_due), key=task.task_id)
        if self.row_count:
            row = self._row_of(keep)
            self.move_cursor(row=row, animate=False)

    def _row_of(self, key: str | None) -> int:
        if key is not None:
            try:
                return self.get_row_index(key)
            except Exception:  # the task is filtered out now
                pass
        return min(max(self.cursor_row, 1), self.row_count - 1)

    def _cells(self, task: ChecklistTask, show_owner: bool, show_due: bool) -> list[Text]:
        data = self.data
        assert data is not None
        done = data.done(task.task_id)
        box = Text("[x]" if done else "[ ]", style="green" if done else "")
        title = plain(task.title, style="dim" if done else "")
        if task.mandatory:
            title.append(" *", style="bold")
        if notes := data.notes.get(task.task_id):
            title.append(f" ✎{notes}", style="yellow")
        cells = [box, title]
        if show_owner:
            mine = data.is_mine(task, self.me)
            cells.append(plain(data.owner(task), style="bold cyan" if mine else "cyan"))
        if show_due:
            cells.append(self._due(task, done))
        return cells

    def _due(self, task: ChecklistTask, done: bool) -> Text:
        data = self.data
        minutes = data.due.get(task.task_id) if data else None
        if minutes is None or data is None or data.started is None or self._now is None:
            return Text("")
        when = data.started + timedelta(minutes=minutes)
        overdue = not done and self._now > when
        label = when.astimezone().strftime("%H:%M" if minutes < 1440 else "%d%b")
        return Text(label, style="bold red reverse" if overdue else "dim")

    def overdue(self) -> list[ChecklistTask]:
        """Open tasks past their due time."""
        data, now = self.data, self._now
        if data is None or data.started is None or now is None:
            return []
        done = {t.task_id: data.done(t.task_id) for t in data.tasks}
        return [t for t, _ in overdue_tasks(data.tasks, done, data.due, data.started, now)]

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._rebuild()

    def _key_at_cursor(self) -> str | None:
        if not self.row_count:
            return None
        key: RowKey = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return key.value

    def task_at_cursor(self) -> ChecklistTask | None:
        key = self._key_at_cursor()
        if self.data is None or key is None:
            return None
        return next((t for t in self.data.tasks if t.task_id == key), None)

    # -- actions ----------------------------------------------------------------------------

    def action_toggle(self) -> None:
        task = self.task_at_cursor()
        if task is None or self.data is None:
            return
        self.post_message(self.Toggled(task, not self.data.done(task.task_id)))

    def action_open(self) -> None:
        if (task := self.task_at_cursor()) is not None:
            self.post_message(self.Requested("open", task))

    def action_request(self, action: str) -> None:
        task = self.task_at_cursor()
        if task is None and action != "add":
            return
        self.post_message(self.Requested(action, task))

    def _set_filter(self, wanted: ChecklistFilter) -> None:
        self.filter = wanted
        self._rebuild()
        self.post_message(self.FilterChanged())

    def action_cycle_phase(self) -> None:
        phases = list(self.data.phases) if self.data else []
        self._set_filter(
            ChecklistFilter(_next(phases, self.filter.phase), self.filter.role, self.filter.mine)
        )

    def action_cycle_role(self) -> None:
        roles = list(dict.fromkeys(t.role for t in self.data.tasks)) if self.data else []
        self._set_filter(
            ChecklistFilter(self.filter.phase, _next(roles, self.filter.role), self.filter.mine)
        )

    def action_toggle_mine(self) -> None:
        self._set_filter(ChecklistFilter(self.filter.phase, self.filter.role, not self.filter.mine))

    def action_clear_filter(self) -> None:
        self._set_filter(ChecklistFilter())


def _next(values: list[str], current: str | None) -> str | None:
    """The value after ``current``; after the last one, None (no filter)."""
    if not values:
        return None
    if current not in values:
        return values[0]
    index = values.index(current) + 1
    return values[index] if index < len(values) else None
