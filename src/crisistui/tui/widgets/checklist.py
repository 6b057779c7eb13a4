"""The response checklist: the incident's tasks by phase, ticked, assigned and annotated.

A task row shows its box, title (``*`` when mandatory, ``✎N`` with notes), owner (the person
it is assigned to, else whoever holds its role, else the role) and due time, red once overdue
(without room for the due time, an overdue task's box reads ``[!]``).
A long title is shortened, never its marks; a role is shown in a short form people read at a
glance. Filters (phase, role, mine) narrow a long checklist to what one person has to do now.
The pane's bottom line (incident, severity, status, overdue count) is fitted to its width.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.errors import NoWidget
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from crisistui.domain.incident import ChecklistTask, overdue_tasks
from crisistui.domain.records import Incident, TaskState
from crisistui.tui.format import plain

PHASE_PREFIX = "phase:"
_BOX, _OWNER, _DUE = 3, 8, 5
OWNER_FROM_WIDTH, DUE_FROM_WIDTH = 44, 36
NO_INCIDENT_LINE = "no incident yet: space opens one"
_UNFITTED = 1_000

ROLE_SHORT: dict[str, str] = {
    "crisis lead": "lead",
    "communications": "comms",
    "spokesperson": "spokes",
    "approver": "approver",
    "scribe": "scribe",
    "legal": "legal",
    "support lead": "support",
    "engineering lead": "eng",
    "security lead": "security",
    "executive sponsor": "exec",
}
"""The roles of the shipped playbooks and the standard ones, as the owner column shows them."""
_GENERIC_ROLE_WORDS = frozenset(
    {"lead", "head", "manager", "officer", "team", "owner", "chief", "of", "and", "for", "the"}
)
"""Ranks and small words: a role's short form is its first word that is neither."""


def short_role(role: str, width: int = _OWNER) -> str:
    """A role in at most ``width`` cells: the known short form; else the role if it fits;
    else its first word that is not a rank ("customer care lead" → "customer"), cut with a
    dot when even that is too long ("regulatory affairs" → "regulat.")."""
    role = " ".join(role.split()).lower()
    known = ROLE_SHORT.get(role)
    if known is not None and len(known) <= width:
        return known
    if cell_len(role) <= width:
        return role
    words = [w for w in role.split() if w not in _GENERIC_ROLE_WORDS] or role.split() or [role]
    first = words[0]
    if cell_len(first) <= width:
        return first
    return set_cell_size(first, width - 1).rstrip() + "."


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
    incident: Incident | None = None
    """The incident the tasks belong to (None: the playbook before any incident)."""

    @property
    def incident_open(self) -> bool:
        """An incident is shown and not resolved: its tasks can still be late."""
        return self.incident is not None and self.incident.resolved_at is None

    def done(self, task_id: str) -> bool:
        state = self.states.get(task_id)
        return bool(state and state.done)

    def owner(self, task: ChecklistTask) -> str:
        """Who does it: the assignee, else the role's holder, else the role itself."""
        return self.assignees.get(task.task_id) or self.role_holders.get(task.role) or task.role

    def owner_label(self, task: ChecklistTask, width: int) -> str:
        """The owner in ``width`` cells: a person's name in full or cut, a role abbreviated."""
        person = self.assignees.get(task.task_id) or self.role_holders.get(task.role)
        if person is None:
            return short_role(task.role, width)
        return _fit(plain(person).plain, width)

    def is_mine(self, task: ChecklistTask, me: str) -> bool:
        return self.assignees.get(task.task_id) == me or (
            task.task_id not in self.assignees and self.role_holders.get(task.role) == me
        )


def bottom_line(incident: Incident | None, overdue: int, width: int) -> str:
    """The pane's bottom line in ``width`` cells, most wanted first: which incident (and that
    it is a drill), its severity, the overdue count and a resolved status stay; the word
    "incident" and an open status go first when the pane is narrow."""
    if incident is None:
        return _first_that_fits([NO_INCIDENT_LINE, "space opens an incident"], width)
    drill = "DRILL " if incident.is_drill else ""
    severity = [incident.severity] if incident.severity else []
    status = [incident.status]
    kept_status = status if incident.resolved_at is not None else []
    late = [f"{overdue} overdue"] if overdue else []
    short_late = [f"{overdue} late"] if overdue else []
    tries = [
        [f"{drill or 'incident '}#{incident.id}", *severity, *status, *late],
        [f"{drill}#{incident.id}", *severity, *status, *late],
        [f"{drill}#{incident.id}", *severity, *kept_status, *late],
        [f"{drill}#{incident.id}", *severity, *kept_status, *short_late],
    ]
    return _first_that_fits([" · ".join(parts) for parts in tries], width)


def _first_that_fits(lines: list[str], width: int) -> str:
    """The first of ``lines`` (longest first) that fits ``width``, else the last one cut."""
    return next((line for line in lines if cell_len(line) <= width), _fit(lines[-1], width))


def _fit(line: str, width: int) -> str:
    """``line`` cut to ``width`` cells with an ellipsis, if it is longer."""
    if cell_len(line) <= width:
        return line
    cut = Text(line)
    cut.truncate(width, overflow="ellipsis")
    return cut.plain


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

    class Resized(Message):
        """The list's width changed: the pane's title, cut to the width it had, is fitted
        again (a console started at 80 columns kept "Boyc…" once widened)."""

        def __init__(self, checklist: Checklist) -> None:
            super().__init__()
            self.checklist = checklist

        @property
        def control(self) -> Checklist:
            return self.checklist

    class IncidentOpenChanged(Message):
        """The checklist now shows an open incident, or no longer does: the console may lay
        itself out for the crisis."""

        def __init__(self, incident_open: bool) -> None:
            super().__init__()
            self.incident_open = incident_open

    DEFAULT_CSS = """
    Checklist { scrollbar-gutter: stable; }
    """

    incident_open: reactive[bool] = reactive(False, init=False)
    """The tasks are those of an incident that is not resolved."""

    def __init__(self, *, me: str = "", id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False, show_header=False)
        self.me = me
        self.data: ChecklistData | None = None
        self.filter = ChecklistFilter()
        self._now: datetime | None = None
        self._width = 0
        self._title_width = 10

    def show(self, data: ChecklistData, now: datetime) -> None:
        """Render the tasks with their states, keeping the cursor on the same task."""
        self.data = data
        self._now = now
        self._rebuild()
        self.incident_open = data.incident_open

    def tick(self, now: datetime) -> None:
        """The clock moved: redraw only if a task has just fallen due. Nothing is written when a
        due time passes, so no event would ever tell the pane (it stayed grey until someone
        ticked something)."""
        if self.data is None or self._now is None:
            return
        before = {t.task_id for t in self.overdue()}
        self._now = now
        if {t.task_id for t in self.overdue()} != before:
            self._rebuild()

    def watch_incident_open(self, incident_open: bool) -> None:
        self.post_message(self.IncidentOpenChanged(incident_open))

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
        room = self.scrollable_content_region.width  # the scrollbar's gutter is always kept
        self._title_width = max(room - used, 10)
        self.add_column("", key="box", width=_BOX)
        self.add_column("task", key="task", width=self._title_width)
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
        self._write_bottom_line()

    def _write_bottom_line(self) -> None:
        """The pane's bottom border names the incident, its severity and what is late."""
        pane = self.parent
        if self.data is None or not isinstance(pane, Widget):
            return
        # two corners, two border dashes and a space each side; not laid out yet: in full
        room = pane.size.width - 6 if pane.size.width else _UNFITTED
        pane.border_subtitle = bottom_line(self.data.incident, len(self.overdue()), room)

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
        late = self._is_late(task, done)
        flagged = late and not show_due  # no due column: the box says it, in a sign too
        box_style = "green" if done else "bold red reverse" if flagged else ""
        box = Text("[x]" if done else "[!]" if flagged else "[ ]", style=box_style)
        marks = Text()
        if task.mandatory:
            marks.append(" *", style="bold")
        if notes := data.notes.get(task.task_id):
            marks.append(f" ✎{notes}", style="yellow")
        title = plain(task.title, style="dim" if done else "")
        title.truncate(max(self._title_width - marks.cell_len, 1), overflow="ellipsis")
        title.append_text(marks)
        cells = [box, title]
        if show_owner:
            mine = data.is_mine(task, self.me)
            owner = data.owner_label(task, _OWNER)
            cells.append(plain(owner, style="bold cyan" if mine else "cyan"))
        if show_due:
            cells.append(self._due(task, late))
        return cells

    def _due_at(self, task: ChecklistTask) -> datetime | None:
        data = self.data
        minutes = data.due.get(task.task_id) if data else None
        if minutes is None or data is None or data.started is None:
            return None
        return data.started + timedelta(minutes=minutes)

    def _is_late(self, task: ChecklistTask, done: bool) -> bool:
        """Past its due time, not done, and its incident still open."""
        when, now = self._due_at(task), self._now
        if when is None or now is None or done or self.data is None:
            return False
        return self.data.incident_open and now > when

    def _due(self, task: ChecklistTask, late: bool) -> Text:
        when = self._due_at(task)
        minutes = self.data.due.get(task.task_id) if self.data else None
        if when is None or minutes is None or self._now is None:
            return Text("")
        label = when.astimezone().strftime("%H:%M" if minutes < 1440 else "%d%b")
        return Text(label, style="bold red reverse" if late else "dim")

    def overdue(self) -> list[ChecklistTask]:
        """Unfinished tasks past their due time (``overdue_tasks``)."""
        data, now = self.data, self._now
        if data is None or data.started is None or now is None:
            return []
        done = {t.task_id: data.done(t.task_id) for t in data.tasks}
        resolved = not data.incident_open
        late = overdue_tasks(data.tasks, done, data.due, data.started, now, resolved=resolved)
        return [t for t, _ in late]

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._rebuild()
            self.post_message(self.Resized(self))
        if self.has_focus:  # a terminal made smaller must not leave the focused list unseen
            self.call_after_refresh(self.scroll_visible, animate=False)

    def _in_sight(self) -> bool:
        """Whether the list's rows can be read: on a narrow screen it is stacked under the
        gauge, and a resize or a scroll can leave it focused yet out of sight."""
        try:
            seen = self.screen.find_widget(self).visible_region
        except NoWidget:
            return False
        return seen.height >= min(2, self.region.height) and seen.height > 0

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        """The cursor never rests on a phase's heading: it goes on to the next task the way it
        was moving (the first task from the top, with ``g``). On a heading, space did nothing,
        so "g, space, j, space" over a slow link ticked every task one row off."""
        value = super().validate_cursor_coordinate(value)
        if not self._is_heading(value.row):
            return value
        step = -1 if value.row < self.cursor_coordinate.row else 1
        for row in (value.row + step, value.row - step):
            if 0 <= row < self.row_count and not self._is_heading(row):
                return Coordinate(row, value.column)
        return value

    def _is_heading(self, row: int) -> bool:
        if not 0 <= row < len(self.ordered_rows):
            return False
        key = self.ordered_rows[row].key.value
        return key is not None and key.startswith(PHASE_PREFIX)

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
        if not self._in_sight():  # never tick a task nobody can see
            self.scroll_visible(animate=False)
            self.notify(
                "The checklist was out of sight; it is in view now: space ticks the task",
                markup=False,
            )
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
