"""`I`: the current incident at a glance, and the keys that run it.

Severity, status, roles, milestones, the response metrics, tasks per phase and the lessons
learned, re-read every second so a change made in another console shows here too. Each key
asks one short question and hands the answer to the store, which refuses what the rules
refuse (resolving with mandatory tasks open, milestones out of order) in words shown here.
Resolving checks the mandatory tasks before asking "are you sure?": nobody confirms a step
that is then refused.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from crisistui.analysis.levels import Level
from crisistui.domain.incident import (
    Milestone,
    ResponseError,
    Severity,
    Status,
    blockers_message,
)
from crisistui.domain.records import RoleAssignment
from crisistui.reports.metrics import metric_lines, replied_line
from crisistui.reports.report import IncidentData, gather
from crisistui.store import Store
from crisistui.tui.busy import said_when_busy
from crisistui.tui.changes import Beat, Every, Reloader
from crisistui.tui.desk import Desk, time_problem, time_today
from crisistui.tui.format import incident_heading, plain, prose
from crisistui.tui.screens.prompts import ChoicePrompt, PlainText, TextEditor, TextPrompt, ask
from crisistui.tui.screens.scrolling import ScrollingModal
from crisistui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from crisistui.tui.app import CrisisApp

SETTABLE_MILESTONES = (Milestone.ACKNOWLEDGED, Milestone.FIRST_PUBLIC_RESPONSE, Milestone.MITIGATED)


class IncidentChanged(Message):
    """Something about the incident changed, or another one was chosen (``incident_id``)."""

    def __init__(self, incident_id: int | None = None) -> None:
        super().__init__()
        self.incident_id = incident_id


REVIEW_DAYS = 30
COUNTS_SECONDS = 5.0
"""How often the mention counts are re-read while only mentions arrive."""
"""Resolved incidents stay reachable this long, for their review tasks and lessons."""


async def recent_incidents(store: Store, now: datetime) -> list[tuple[str, str]]:
    """(label, id) of the open incidents, then those resolved in the last ``REVIEW_DAYS``."""
    since = now - timedelta(days=REVIEW_DAYS)
    incidents = [
        i for i in await store.incidents() if i.resolved_at is None or i.resolved_at >= since
    ]
    incidents.sort(key=lambda i: (i.resolved_at is not None, -i.id))
    return [
        (
            f"#{i.id} {'DRILL ' if i.is_drill else ''}{i.severity or ''} {i.status} · {i.title}",
            str(i.id),
        )
        for i in incidents
    ]


def _clock(moment: datetime | None) -> str:
    return f"{moment.astimezone():%d %b %H:%M}" if moment else "—"


def describe_incident(
    data: IncidentData, roles: dict[str, RoleAssignment], role_names: list[str], others: int
) -> Text:
    """The whole view as literal text (titles and names were typed by people)."""
    incident, m = data.incident, data.metrics
    text = incident_heading(incident, drill_style="bold reverse yellow")
    text.append("\n")
    text.append(f"{incident.severity or 'SEV?'}", style="bold red")
    text.append(f" · {incident.status} · {incident.crisis_type} · playbook ")
    text.append_text(plain(data.playbook.name if data.playbook else incident.playbook))
    text.append(f"\nopened {_clock(incident.opened_at)} by ")
    text.append_text(plain(incident.opened_by))
    if others:
        text.append(f"   ({others} other open incident{'s' * (others > 1)}: c switches)")
    text.append("\n\nMilestones\n", style="bold underline")
    for milestone in Milestone:
        record = data.milestones.get(milestone)
        text.append(f"  {milestone.label:<24}", style="dim" if record is None else "")
        text.append(_clock(record.at if record else None) + "\n")
    text.append("\nMetrics\n", style="bold underline")
    for line in [*metric_lines(m), replied_line(m)]:
        text.append(f"  {line}\n")
    text.append("\nRoles\n", style="bold underline")
    for role in role_names:
        holder = roles.get(role)
        text.append(f"  {role:<24}", style="cyan")
        text.append_text(plain(holder.person) if holder else Text("— free", style="dim"))
        text.append("\n")
    text.append("\nTasks\n", style="bold underline")
    for phase in m.phases:
        late = f", {phase.mandatory_open} mandatory open" if phase.mandatory_open else ""
        text.append(f"  {phase.phase:<24}{phase.done} done, {phase.open} open{late}\n")
    text.append("\nLessons learned\n", style="bold underline")
    lessons = incident.lessons.strip()
    text.append_text(prose(lessons) if lessons else Text("  none yet: l writes them", style="dim"))
    text.append("\n")
    return text


class IncidentScreen(ScrollingModal[None]):
    """The incident view; escape goes back to the panes."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="incident.back"),
        Binding("v", "severity", "Severity", id="incident.severity"),
        Binding("u", "status", "Status", id="incident.status"),
        Binding("r", "role", "Roles", id="incident.role"),
        Binding("m", "milestone", "Milestone", id="incident.milestone"),
        Binding("l", "lessons", "Lessons", id="incident.lessons"),
        Binding("p", "report", "Report", id="incident.report"),
        Binding("c", "switch", "Switch incident", show=False, id="incident.switch"),
        Binding("d", "drill", "Drill flag", show=False, id="incident.drill"),
    ]
    DEFAULT_CSS = """
    IncidentScreen { align: center middle; }
    IncidentScreen > VerticalScroll {
        width: 95%; height: 95%; border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, desk: Desk, incident_id: int) -> None:
        super().__init__()
        self.desk = desk
        self.incident_id = incident_id
        self.data: IncidentData | None = None
        self._roles: dict[str, RoleAssignment] = {}
        self._reloader = Reloader(self, self.reload, "incident-reload")
        self._counts_due = Every(COUNTS_SECONDS)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "Incident"
            yield Static(id="incident-facts")
        yield KeyBar()

    async def on_mount(self) -> None:
        await self.reload()
        if self.desk.changes is not None:
            self.desk.changes.follow(self, self._on_beat)

    def _on_beat(self, beat: Beat) -> None:
        """Re-read when the response moved (anyone's change writes an event), and every few
        seconds while mentions arrive, for the counts."""
        if beat.events or (beat.mentions and self._counts_due.due()):
            self._reloader.request()

    @said_when_busy  # a database out of reach: said in a toast, the screen stays
    async def reload(self) -> None:
        store = self.desk.store
        subject = self.desk.config.brand.name
        self.data = await gather(
            store, self.incident_id, self.desk.playbooks, subject=subject, now=self.desk.now()
        )
        self._roles = await store.roles(self.incident_id)
        others = len(await store.incidents(open_only=True)) - (
            self.data.incident.resolved_at is None
        )
        facts = describe_incident(
            self.data, self._roles, self.desk.roles_for(self.data.incident), others
        )
        self.query_one("#incident-facts", Static).update(facts)
        self.query_one(VerticalScroll).border_title = f"Incident #{self.incident_id}"

    # -- questions --------------------------------------------------------------------------

    async def _done(self, change: Awaitable[object]) -> None:
        if await self.desk.attempt(self, change):
            await self.reload()
            self.post_message(IncidentChanged())

    def action_severity(self) -> None:
        assert self.data is not None
        options = [(f"{s.value}{_SEVERITY_HINT[s]}", s.value) for s in Severity]
        ask(self, ChoicePrompt("Severity", options, self.data.incident.severity), self._severity)

    async def _severity(self, value: str | None) -> None:
        if value is None or self.data is None:
            return
        d = self.desk
        playbook = d.playbook_of(self.data.incident)
        await self._done(
            d.store.set_severity(self.incident_id, value, d.actor, d.now(), playbook=playbook)
        )

    def action_status(self) -> None:
        assert self.data is not None
        options = [(s.value, s.value) for s in Status]
        ask(self, ChoicePrompt("Status", options, self.data.incident.status), self._status)

    async def _status(self, value: str | None) -> None:
        if value is None or self.data is None:
            return
        if value == Status.RESOLVED and self.data.incident.status != Status.RESOLVED:
            if not await self._may_resolve():
                return
            sure = ChoicePrompt(
                f"{self._still_raised()}Resolve incident #{self.incident_id}? "
                "It cannot be reopened.",
                [("No, keep it open", "no"), ("Yes, resolve it", "yes")],
            )
            ask(self, sure, self._confirmed_resolve)
            return
        await self._set_status(value)

    async def _may_resolve(self) -> bool:
        """Whether resolving would be accepted now; if not, say why (naming the mandatory tasks
        still open) instead of asking for a confirmation that would be refused."""
        assert self.data is not None
        d = self.desk
        try:
            blockers = await d.store.resolve_blockers(
                self.incident_id, d.playbook_of(self.data.incident)
            )
        except ResponseError as refused:
            reason = str(refused)
        else:
            if not blockers:
                return True
            reason = blockers_message(self.incident_id, blockers)
        self.notify(reason, title="Not done", severity="error", markup=False, timeout=12)
        return False

    def _still_raised(self) -> str:
        """What the gauge says while it is still above normal, said before "Resolve?": an
        incident resolved mid-storm closes its timeline and metrics on a crisis still running."""
        assessment = cast("CrisisApp", self.app).assessment
        if assessment is None or assessment.level == Level.NORMAL:
            return ""
        reading = f"{assessment.level.label.upper()} {assessment.score:.0f}"
        why = f": {assessment.drivers[0]}" if assessment.drivers else ""
        if assessment.holding:
            why = f" ({assessment.holding})"
        return f"The gauge still reads {reading}{why}. "

    async def _confirmed_resolve(self, answer: str | None) -> None:
        if answer == "yes":
            await self._set_status(Status.RESOLVED)

    async def _set_status(self, value: str) -> None:
        assert self.data is not None
        d = self.desk
        playbook = d.playbook_of(self.data.incident)
        await self._done(
            d.store.set_status(self.incident_id, value, d.actor, d.now(), playbook=playbook)
        )

    def action_role(self) -> None:
        assert self.data is not None
        options = []
        for role in self.desk.roles_for(self.data.incident):
            holder = self._roles.get(role)
            options.append((f"{role} — {holder.person if holder else 'free'}", role))
        ask(self, ChoicePrompt("Which role?", options), self._role)

    async def _role(self, role: str | None) -> None:
        if role is None:
            return
        held = self._roles.get(role)
        who = held.person if held else self.desk.actor
        # typing replaces the name shown: "bob" then "ana" typed read "bobana"
        prompt = TextPrompt(
            f"Role: {role}", "Who holds it (empty frees it)", who, allow_empty=True, replace=True
        )
        ask(self, prompt, lambda person: self._assign(role, person))

    async def _assign(self, role: str, person: str | None) -> None:
        if person is None:
            return
        held = self._roles.get(role)
        if held is not None and held.person not in (person.strip(), self.desk.actor):
            # someone else's role (the approver's, say) changes hands only when asked twice
            taken = person.strip() or "nobody"
            question = ChoicePrompt(
                f"{held.person} holds {role}: give it to {taken}?",
                [(f"Yes, {taken} holds {role} now", "yes"), (f"No, {held.person} keeps it", "no")],
            )
            ask(self, question, lambda answer: self._reassign(role, person, answer))
            return
        await self._reassign(role, person, "yes")

    async def _reassign(self, role: str, person: str, answer: str | None) -> None:
        if answer == "yes":
            d = self.desk
            await self._done(d.store.assign_role(self.incident_id, role, person, d.actor, d.now()))

    def action_milestone(self) -> None:
        options = [(m.label, m.value) for m in SETTABLE_MILESTONES]
        ask(self, ChoicePrompt("Record a milestone", options), self._milestone_time)

    async def _milestone_time(self, milestone: str | None) -> None:
        if milestone is None:
            return
        now = self.desk.now().astimezone()
        label = Milestone(milestone).label
        prompt = TextPrompt(
            label,
            "When (HH:MM or HH:MM:SS, local time; a minute means its last second)",
            f"{now:%H:%M}",
            check=lambda text: time_problem(text, self.desk.now()),
        )
        ask(self, prompt, lambda text: self._milestone(milestone, text))

    async def _milestone(self, milestone: str, text: str | None) -> None:
        if text is None:
            return
        try:
            at = time_today(text, self.desk.now())
        except ValueError as problem:
            self.notify(str(problem), severity="error", markup=False)
            return
        d = self.desk
        await self._done(
            d.store.record_milestone(self.incident_id, milestone, at, d.actor, d.now())
        )

    def action_lessons(self, text: str | None = None) -> None:
        assert self.data is not None
        read = self.data.incident.lessons
        editor = TextEditor(
            "Lessons learned", None, read if text is None else text, body_label="What we learned"
        )
        ask(self, editor, lambda answer: self._lessons(answer, read))

    async def _lessons(self, answer: tuple[str, str] | None, read: str) -> None:
        """Saved only over the text the editor started from; if a colleague saved lessons
        meanwhile, the editor opens again with theirs and yours, so nothing is lost."""
        if answer is None:
            return
        d = self.desk
        change = d.store.set_lessons(self.incident_id, answer[1], d.actor, d.now(), seen=read)
        if await d.attempt(self, change):
            await self.reload()
            self.post_message(IncidentChanged())
            return
        await self.reload()
        assert self.data is not None
        self.action_lessons(f"{self.data.incident.lessons}\n\n{answer[1]}".strip())

    async def action_report(self) -> None:
        from crisistui.reports.report import build_report, render_markdown

        d = self.desk
        report = await build_report(
            d.store,
            self.incident_id,
            d.playbooks,
            subject=d.config.brand.name,
            subjects=d.config.subjects,
            accounts=d.config.brand.accounts,
            time_zone=d.config.response.statement_zone,
            now=d.now(),
        )
        text = render_markdown(report)
        path = Path.cwd() / f"incident-{self.incident_id}-report.md"
        self.app.push_screen(PlainText(f"Report of incident #{self.incident_id}", text, path))

    async def action_switch(self) -> None:
        options = await recent_incidents(self.desk.store, self.desk.now())
        if len(options) < 2:
            self.notify("There is no other incident to switch to.", markup=False)
            return
        ask(self, ChoicePrompt("Current incident", options, str(self.incident_id)), self._switch)

    async def _switch(self, value: str | None) -> None:
        if value is not None:
            self.incident_id = int(value)
            self.post_message(IncidentChanged(self.incident_id))
            await self.reload()

    def action_drill(self) -> None:
        """Asks first: a real incident marked as a drill leaves the metrics."""
        assert self.data is not None
        flag = not self.data.incident.is_drill
        what = "a drill (left out of the metrics)" if flag else "a real incident"
        sure = ChoicePrompt(
            f"Mark incident #{self.incident_id} as {what}?",
            [("No", "no"), ("Yes", "yes")],
        )
        ask(self, sure, lambda answer: self._mark_drill(flag, answer))

    async def _mark_drill(self, flag: bool, answer: str | None) -> None:
        if answer == "yes":
            d = self.desk
            await self._done(d.store.mark_drill(self.incident_id, flag, d.actor, d.now()))


_SEVERITY_HINT = {
    Severity.SEV1: "  worst: executives briefed, every channel",
    Severity.SEV2: "  major: legal reviews statements",
    Severity.SEV3: "  moderate",
    Severity.SEV4: "  minor",
}
