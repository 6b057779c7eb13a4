"""`n` / `i`: open an incident: title, playbook (the crisis type) and severity, in one form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from crisistui.domain.incident import Severity
from crisistui.domain.playbook import Playbook
from crisistui.tui.format import plain
from crisistui.tui.screens.prompts import Question
from crisistui.tui.widgets.keybar import KeyBar
from crisistui.tui.widgets.typed_input import TypedInput


@dataclass(frozen=True, slots=True)
class IncidentRequest:
    """What the person chose."""

    title: str
    playbook: Playbook
    severity: Severity


class NewIncidentScreen(Question[IncidentRequest | None]):
    """A small form; enter in the title (or ctrl+s) opens, esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="incident_form.cancel"),
        Binding("ctrl+s", "submit", "Open incident", id="incident_form.submit"),
    ]

    DEFAULT_CSS = """
    NewIncidentScreen { align: center middle; }
    NewIncidentScreen > Vertical {
        width: 80%; max-width: 90; height: auto; border: thick $accent;
        background: $surface; padding: 0 1;
    }
    NewIncidentScreen Label { margin-top: 1; width: 1fr; }  /* wraps on a narrow screen */
    """

    def __init__(
        self,
        heading: str,
        title: str,
        playbooks: dict[str, Playbook],
        playbook_id: str,
        severity: Severity = Severity.SEV3,
        title_for: Callable[[Playbook], str] | None = None,
    ) -> None:
        """``title_for`` gives a playbook's default title: choosing another playbook then
        replaces the title, unless someone edited it."""
        super().__init__()
        self.title_for = title_for
        self.heading = heading
        self.default_title = title
        self.playbooks = playbooks
        self.playbook_id = playbook_id
        self.severity = severity

    def compose(self) -> ComposeResult:
        with Vertical() as form:
            form.border_title = plain(self.heading)
            yield Label("Title, for the public: statements say it as {incident_title}")
            yield TypedInput(self.default_title, id="title", select_on_focus=False)
            yield Label("Crisis type (playbook)")
            options = sorted((p.name, p.id) for p in self.playbooks.values())
            yield Select(options, value=self.playbook_id, allow_blank=False, id="playbook")
            yield Label("Severity (SEV1 worst)")
            yield Select(
                [(s.value, s.value) for s in Severity],
                value=self.severity.value,
                allow_blank=False,
                id="severity",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        title = self.query_one("#title", Input)
        title.focus()
        title.cursor_position = len(title.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "playbook" or self.title_for is None:
            return
        title = self.query_one("#title", Input)
        defaults = {self.title_for(p) for p in self.playbooks.values()}
        if title.value in defaults:
            title.value = self.title_for(self.playbooks[str(event.value)])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.notify("An incident needs a title.", severity="warning")
            return
        playbook = self.playbooks[str(self.query_one("#playbook", Select).value)]
        severity = Severity(str(self.query_one("#severity", Select).value))
        self.dismiss(IncidentRequest(title, playbook, severity))

    def action_cancel(self) -> None:
        self.dismiss(None)
