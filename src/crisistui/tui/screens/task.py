"""`enter` on a task: its hint, owner, due time and notes; `+` on the checklist: a new task.

The hint is the playbook author's advice written in calm times; the notes are what the team
learned while doing the task, kept in order and never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, Select, Static

from crisistui.domain.clock import local_text
from crisistui.domain.incident import ChecklistTask
from crisistui.domain.records import TaskNote, TaskState
from crisistui.tui.changes import Beat, ChangeLoop
from crisistui.tui.format import plain, prose
from crisistui.tui.screens.prompts import PROMPT_CSS, Question
from crisistui.tui.screens.scrolling import ScrollingModal
from crisistui.tui.widgets.keybar import KeyBar
from crisistui.tui.widgets.typed_input import TypedInput


@dataclass(frozen=True)
class TaskFacts:
    """What the detail view shows of one task."""

    task: ChecklistTask
    owner: str
    hint: str
    due: datetime | None
    state: TaskState | None
    notes: list[TaskNote]
    incident_id: int | None = None
    """The incident the task belongs to (None before any incident is open)."""


def describe_task(facts: TaskFacts) -> Text:
    task = facts.task
    text = Text()
    text.append_text(plain(task.title, style="bold"))
    text.append("\n\n")
    rows = [
        ("Phase", task.phase),
        ("Role", task.role),
        ("Owner", facts.owner),
        ("Mandatory", "yes: blocks resolving" if task.mandatory else "no"),
        # the date too: a task due in five days read as long overdue at "11:39"
        ("Due", local_text(facts.due, with_date=True) if facts.due else "—"),
        (
            "State",
            (
                f"{'done' if facts.state.done else 'reopened'} by {facts.state.changed_by} "
                f"at {facts.state.changed_at.astimezone():%H:%M}"
            )
            if facts.state
            else "open",
        ),
    ]
    for label, value in rows:
        text.append(f"{label:<10}", style="dim")
        text.append_text(plain(value))
        text.append("\n")
    if facts.hint:
        text.append("\nHow\n", style="bold")
        text.append_text(prose(facts.hint))
        text.append("\n")
    text.append(f"\nNotes ({len(facts.notes)})\n", style="bold")
    for note in facts.notes:
        text.append(f"{note.at.astimezone():%H:%M} ", style="dim")
        text.append_text(plain(note.author, style="cyan"))
        text.append(": ")
        text.append_text(plain(note.text))
        text.append("\n")
    if not facts.notes:
        text.append("none yet: e adds one\n", style="dim")
    return text


class TaskScreen(ScrollingModal[None]):
    """Read-only facts; the keys act on the task and the view re-reads it."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="task.back"),
        Binding("space", "act('toggle')", "Tick", id="task.toggle"),
        Binding("a", "act('assign')", "Assign", id="task.assign"),
        Binding("e", "act('note')", "Note", id="task.note"),
    ]
    DEFAULT_CSS = """
    TaskScreen { align: center middle; }
    TaskScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 80%; border: thick $accent;
        background: $surface; padding: 0 1;
    }
    """

    def __init__(self, facts: TaskFacts, changes: ChangeLoop | None = None) -> None:
        """``changes`` is the console's change loop: a colleague's tick shows here too."""
        super().__init__()
        self.facts = facts
        self._changes = changes

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "Task"
            yield Static(describe_task(self.facts), id="task-facts")
        yield KeyBar()

    def on_mount(self) -> None:
        # A colleague's tick or note shows here too: the app re-reads the task when the
        # response moved (every tick and note writes an event).
        if self._changes is not None:
            self._changes.follow(self, self._on_beat)

    def _on_beat(self, beat: Beat) -> None:
        if beat.events:
            self.post_message(self.Acted("refresh", self))

    def show(self, facts: TaskFacts) -> None:
        self.facts = facts
        self.query_one("#task-facts", Static).update(describe_task(facts))

    class Acted(Message):
        """A key pressed on the task: 'toggle', 'assign' or 'note' (the app does it), or
        'refresh' to show it as it is now."""

        def __init__(self, action: str, screen: TaskScreen) -> None:
            super().__init__()
            self.action = action
            self.task_screen = screen

    def action_act(self, action: str) -> None:
        self.post_message(self.Acted(action, self))


@dataclass(frozen=True)
class AdhocRequest:
    title: str
    phase: str
    role: str
    mandatory: bool


class AdhocTaskForm(Question[AdhocRequest | None]):
    """A task the playbook did not foresee: title, phase, role, mandatory."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="adhoc.cancel"),
        Binding("ctrl+s", "submit", "Add task", id="adhoc.submit"),
    ]
    DEFAULT_CSS = PROMPT_CSS.format(name="AdhocTaskForm")

    def __init__(self, phases: list[str], roles: list[str], phase: str | None) -> None:
        super().__init__()
        self.phases = phases
        self.roles = roles
        self.phase = phase if phase in phases else phases[0]

    def compose(self) -> ComposeResult:
        with Vertical() as form:
            form.border_title = "Add a task"
            yield Label("Title")
            yield TypedInput(id="title")
            yield Label("Phase")
            yield Select(
                [(p, p) for p in self.phases], value=self.phase, allow_blank=False, id="phase"
            )
            yield Label("Role")
            yield Select(
                [(r, r) for r in self.roles], value=self.roles[0], allow_blank=False, id="role"
            )
            yield Checkbox("Mandatory (blocks resolving)", id="mandatory")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.notify("A task needs a title.", severity="warning")
            return
        self.dismiss(
            AdhocRequest(
                title,
                str(self.query_one("#phase", Select).value),
                str(self.query_one("#role", Select).value),
                self.query_one("#mandatory", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
