"""The console's response side: which incident is current, its checklist, and the keys that
change them. Mixed into the app so the app module keeps to layout and data flow.

Every change goes through the store, which writes the timeline event in the same transaction;
the pane is then re-read, so two consoles on one file show the same checklist.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from rich.text import Text

from crisistui.domain.incident import (
    REVIEW_PHASE,
    ChecklistTask,
    Milestone,
    OpenedMeanwhileError,
    ResponseError,
    checklist,
    role_names,
)
from crisistui.domain.playbook import Playbook
from crisistui.domain.records import Incident
from crisistui.tui.busy import NOT_DONE, said_when_busy, say_busy
from crisistui.tui.desk import Desk
from crisistui.tui.opening import OpeningActions
from crisistui.tui.screens.incident import (
    REVIEW_DAYS,
    IncidentChanged,
    IncidentScreen,
    recent_incidents,
)
from crisistui.tui.screens.prompts import ChoicePrompt, PlainText, TextPrompt
from crisistui.tui.screens.statements import StatementsScreen
from crisistui.tui.screens.task import AdhocRequest, AdhocTaskForm, TaskFacts, TaskScreen
from crisistui.tui.widgets.checklist import Checklist, ChecklistData

FRESH_TICK = timedelta(minutes=2)
"""A colleague's tick this recent is asked about before space undoes it."""
EVER = datetime(1970, 1, 1, tzinfo=UTC)
"""Since when an open incident makes acting on a task join it rather than open another."""

if TYPE_CHECKING:
    from crisistui.tui.app import CrisisApp

    _Base = CrisisApp
else:
    _Base = object


class ResponseActions(OpeningActions):
    """Incident, checklist and task actions of ``CrisisApp``."""

    pinned_incident: int | None = None
    """The incident this console chose among several open ones (None: the newest)."""

    # -- which incident ---------------------------------------------------------------------

    async def _pick_incident(self) -> Incident | None:
        """The incident this console chose, even resolved (its review tasks come after), until
        a newer one opens; otherwise the newest open one (real before drills); with none open,
        the one last shown, so a tick never opens a new incident by surprise."""
        assert self.store is not None
        current = await self.store.current_incident()
        chosen = self.pinned_incident
        if chosen is not None:
            pinned = await self.store.incident(chosen)
            if pinned is not None and (
                pinned.resolved_at is None or current is None or current.id < pinned.id
            ):
                return pinned
            if pinned is not None and current is not None:
                self.notify(f"Incident #{current.id} is open: showing it now.", markup=False)
            self.pinned_incident = None
        if current is not None:
            return current
        if self.incident is not None:  # resolved since, maybe by another console
            return await self.store.incident(self.incident.id)
        return None

    async def _incident_under_review(self) -> Incident | None:
        """With none open, at start: the newest incident resolved in the last ``REVIEW_DAYS``
        if its review's mandatory tasks are still open. The review comes after resolving; a
        console started again must show that checklist, not one where a tick opens a new
        incident."""
        assert self.store is not None
        since = self.clock.now() - timedelta(days=REVIEW_DAYS)
        ours = [i for i in await self.store.incidents() if i.is_drill == self.setup.drill]
        newest = max(ours, key=lambda i: i.id, default=None)
        if newest is None or newest.resolved_at is None or newest.resolved_at < since:
            return None
        states = await self.store.task_states(newest.id)
        playbook = self.setup.playbooks.get(newest.playbook)
        tasks = playbook.tasks if playbook else []
        undone = [
            t
            for t in tasks
            if t.phase == REVIEW_PHASE
            and t.mandatory
            and not (t.id in states and states[t.id].done)
        ]
        return newest if undone else None

    def desk(self) -> Desk:
        assert self.store is not None
        return Desk(
            self.store,
            self.config,
            self.setup.playbooks,
            self.clock,
            self.setup.actor,
            self.changes,
        )

    # -- the checklist pane -----------------------------------------------------------------

    async def _reload_checklist(self) -> None:
        assert self.store is not None
        incident = await self._pick_incident()
        if incident is not None and (self.incident is None or incident.id != self.incident.id):
            self.playbook = self._pick_playbook(incident.playbook)
        self.incident = incident
        self._promote_keys()
        data = await self._checklist_data(incident, self.playbook)
        if not self._panes_present():  # the console closed while the store was read
            return
        pane_widget = self.query_one(Checklist)
        pane_widget.show(data, self.clock.now())
        self._title_checklist(incident, data)

    async def _checklist_data(self, incident: Incident | None, playbook: Playbook) -> ChecklistData:
        due = {t.id: t.due_minutes for t in playbook.tasks}
        if incident is None:
            return ChecklistData(playbook.phases, checklist(playbook), due=due)
        store = self.store
        assert store is not None
        adhoc = await store.adhoc_tasks(incident.id)
        tasks = checklist(playbook, adhoc, incident.severity)
        notes: dict[str, int] = {}
        for note in await store.task_notes(incident.id):
            notes[note.task_id] = notes.get(note.task_id, 0) + 1
        phases = list(dict.fromkeys([*playbook.phases, *(t.phase for t in tasks)]))
        return ChecklistData(
            phases,
            tasks,
            await store.task_states(incident.id),
            await store.task_assignees(incident.id),
            {r: a.person for r, a in (await store.roles(incident.id)).items()},
            notes,
            due,
            incident.opened_at,
            incident,
        )

    def _title_checklist(self, incident: Incident | None, data: ChecklistData) -> None:
        widget = self.query_one(Checklist)
        pane = self.query_one("#checklist-pane")
        done = sum(1 for t in data.tasks if data.done(t.task_id))
        shown = widget.filter.describe()
        tail = f" · {done}/{len(data.tasks)}" + (f" · {shown}" if shown else "")
        name = self.playbook.name
        width = pane.size.width - 6  # borders and padding
        room = width - len("Checklist · ") - len(tail)
        title = f"Checklist · {name}{tail}"
        if pane.size.width and len(name) > room:  # cut the name, never the count or filter
            title = f"Checklist · {name[: room - 1]}…{tail}" if room >= 4 else f"Checklist{tail}"
            if len(title) > width:  # a long filter on a narrow pane: the filter still shows
                title = tail.removeprefix(" · ")
        pane.border_title = Text(title)
        # the bottom line (incident, severity, overdue) is the checklist's: it fits it to width

    def on_checklist_resized(self, message: Checklist.Resized) -> None:
        # the message may arrive after the list is gone (the console closing): nothing to title
        data = message.checklist.data if message.checklist.is_attached else None
        if data is not None:
            self._title_checklist(self.incident, data)

    async def on_checklist_filter_changed(self, _: Checklist.FilterChanged) -> None:
        await self._reload_checklist()

    async def _ensure_incident(self) -> Incident | None:
        """The incident on the checklist; with none, acting on a task opens one for the shown
        playbook, unless a colleague opened one since this console last looked: then the
        checklist moves to it and nothing is done (the task asked for may not be on it)."""
        assert self.store is not None
        if self.incident is not None:
            return self.incident
        opened = await self.store.current_incident()
        if opened is not None:
            await self._reload_checklist()
            self.notify(
                f"Incident #{opened.id} was opened meanwhile; the checklist shows it now and "
                "nothing was changed.",
                markup=False,
            )
            return None
        playbook = self.playbook
        kind = playbook.crisis_types[0] if playbook.crisis_types else "reputation"
        # while an alert is raised, a tick answers it: the alert's rise is the detection and
        # the tick the acknowledgement, as when the incident is opened from the alert (i)
        detected = self.monitor.raised_at if self.monitor is not None else None
        now = self.clock.now()
        try:
            self.incident = await self.store.open_incident(
                self._public_title(playbook),
                kind,
                playbook.id,
                self.setup.actor,
                now,
                severity=self._advised_severity(),
                detected_at=detected,
                is_drill=self.setup.drill,
                unless_opened_since=EVER,  # a colleague's tick a moment ago opened it
            )
        except OpenedMeanwhileError as meanwhile:
            await self._reload_checklist()
            self.notify(
                f"{meanwhile.said_to(self.setup.actor)}; the checklist shows it now and nothing "
                "was changed.",
                markup=False,
            )
            return None
        self.pinned_incident = self.incident.id
        if detected is not None:
            await self.store.record_milestone(
                self.incident.id, Milestone.ACKNOWLEDGED, now, self.setup.actor, now
            )
        label = "Drill" if self.setup.drill else "Incident"
        self.notify(  # never silently: a real incident now counts in the metrics
            f"{label} #{self.incident.id} opened: {self.incident.title}, "
            f"{self.incident.severity} (no incident was open; acting on a task opens one)",
            markup=False,
        )
        return self.incident

    def on_checklist_toggled(self, event: Checklist.Toggled) -> None:
        # written in turn in a worker: a database held by another process froze every key
        task = event.task_item
        self.writes.later(self._set_done(task.task_id, task.title, event.done, phase=task.phase))

    @said_when_busy
    async def _set_done(
        self, task_id: str, title: str, done: bool, *, phase: str, confirmed: bool = False
    ) -> None:
        assert self.store is not None
        incident = await self._ensure_incident()
        if incident is None:
            return
        if not done and not confirmed:
            state = (await self.store.task_states(incident.id)).get(task_id)
            now = self.clock.now()
            if (
                state is not None
                and state.done
                and state.changed_by != self.setup.actor
                and now - state.changed_at <= FRESH_TICK
            ):
                # a colleague ticked it moments ago: space pressed on a row that had just
                # changed under the cursor meant to tick it, not to undo their work
                ago = max(int((now - state.changed_at).total_seconds()), 0)
                question = ChoicePrompt(
                    f"{state.changed_by} ticked {title!r} {ago} s ago: reopen it?",
                    [("No, leave it done", "no"), ("Yes, reopen it", "yes")],
                )
                self.push_screen(
                    question,
                    lambda answer: self._later(self._reopen, answer, task_id, title, phase),
                )
                return
        try:
            changed = await self.store.set_task_done(
                incident.id, task_id, title, done, self.setup.actor, self.clock.now(), phase=phase
            )
        except NOT_DONE:
            raise  # the database refused: said by ``said_when_busy``
        except ResponseError as refused:  # resolved, here or in a colleague's console
            self.notify(str(refused), title="Not done", severity="warning", markup=False)
            await self._reload_checklist()
            return
        if not changed:  # another console got there first
            said = "already done" if done else "already open"
            self.notify(f"{title}: {said}", timeout=3, markup=False)
        await self._reload_checklist()

    async def _reopen(self, answer: str | None, task_id: str, title: str, phase: str) -> None:
        if answer == "yes":
            await self._set_done(task_id, title, False, phase=phase, confirmed=True)

    @said_when_busy
    async def on_checklist_requested(self, event: Checklist.Requested) -> None:
        """Questions first: an incident is opened (if none is) only once there is an answer,
        so looking at a task or cancelling a question never opens one."""
        task = event.task_item
        shown = self.incident.id if self.incident else None
        if event.action == "add":
            widget = self.query_one(Checklist)
            phases = list(widget.data.phases) if widget.data else list(self.playbook.phases)
            roles = role_names(self.playbook, self.config.response.roles)
            phase = task.phase if task else widget.filter.phase
            form = AdhocTaskForm(phases, roles, phase)
            self.push_screen(form, lambda request: self._later(self._add_task, request, shown))
        elif task is not None and event.action == "open":
            facts = await self._task_facts(task.task_id)
            if facts is not None:
                self.push_screen(TaskScreen(facts, self.changes))
        elif task is not None:
            await self._ask_about_task(event.action, task, shown)

    @said_when_busy
    async def on_task_screen_acted(self, event: TaskScreen.Acted) -> None:
        screen = event.task_screen
        task, incident_id = screen.facts.task, screen.facts.incident_id
        if screen is not self.screen:  # a question is open over it: leave it be for now
            return
        if (self.incident.id if self.incident else None) != incident_id:
            screen.dismiss()
            self.notify("The checklist moved to another incident; open the task again.")
            return
        if event.action == "refresh":
            facts = await self._task_facts(task.task_id)
            if facts is not None:
                screen.show(facts)
        elif event.action == "toggle":
            state = screen.facts.state
            await self._set_done(
                task.task_id, task.title, not (state and state.done), phase=task.phase
            )
            await self._after_task_change(task.task_id, screen)
        else:
            await self._ask_about_task(event.action, task, incident_id, screen)

    async def _ask_about_task(
        self,
        action: str,
        task: ChecklistTask,
        incident_id: int | None,
        screen: TaskScreen | None = None,
    ) -> None:
        """Assign or annotate a task of ``incident_id`` (None: the incident a tick opens)."""
        task_id, title = task.task_id, task.title
        store, actor = self.store, self.setup.actor
        assert store is not None

        async def target() -> int | None:
            if incident_id is None and self.incident is None:
                opened = await self._ensure_incident()
                return opened.id if opened else None
            if self.incident is None or self.incident.id != incident_id:
                self.notify("The checklist moved to another incident; nothing was changed.")
                return None
            return incident_id

        @said_when_busy
        async def assign(self: ResponseActions, person: str | None) -> None:
            if person is not None and (chosen := await target()) is not None:
                now = self.clock.now()
                try:
                    await store.assign_task(
                        chosen, task_id, title, person, actor, now, phase=task.phase
                    )
                except NOT_DONE:
                    raise
                except ResponseError as refused:  # resolved meanwhile
                    self.notify(str(refused), title="Not done", severity="warning", markup=False)
                    return
                await self._after_task_change(task_id, screen)

        async def note(text: str | None) -> None:
            if not text:
                return
            try:
                chosen = await target()
                if chosen is None:
                    return
                await store.add_task_note(chosen, task_id, title, text, actor, self.clock.now())
            except NOT_DONE as busy:
                say_busy(self, busy)
                self._kept(f"Not saved: your note on {title}", text)
                return
            await self._after_task_change(task_id, screen)

        if action == "assign":
            assignees = await store.task_assignees(incident_id) if incident_id else {}
            opens = "" if incident_id else "(opens an incident) "
            prompt = TextPrompt(
                "Assign task",
                f"{opens}{title}: who does it (empty: nobody)",
                assignees.get(task_id, actor),
                allow_empty=True,
            )
            self.push_screen(prompt, lambda person: self._later(assign, self, person))
        elif action == "note":
            opens = "" if incident_id else "(opens an incident) "
            prompt = TextPrompt("Note on task", f"{opens}{title}")
            self.push_screen(prompt, lambda text: self._later(note, text))

    @said_when_busy
    async def _after_task_change(self, task_id: str, screen: TaskScreen | None) -> None:
        await self._reload_checklist()
        if screen is not None and screen.is_attached:
            facts = await self._task_facts(task_id)
            if facts is None:
                screen.dismiss()
            else:
                screen.show(facts)

    async def _task_facts(self, task_id: str) -> TaskFacts | None:
        """What the task view shows, for the incident on the checklist (or the playbook alone
        before any incident); None if the task is not on the checklist any more."""
        store, incident = self.store, self.incident
        assert store is not None
        data = self.query_one(Checklist).data
        task = next((t for t in data.tasks if t.task_id == task_id), None) if data else None
        if data is None or task is None:
            return None
        spec = next((t for t in self.playbook.tasks if t.id == task_id), None)
        minutes = data.due.get(task_id)
        due = (
            incident.opened_at + timedelta(minutes=minutes)
            if incident is not None and minutes is not None
            else None
        )
        return TaskFacts(
            task,
            data.owner(task),
            spec.hint if spec else "",
            due,
            data.states.get(task_id),
            await store.task_notes(incident.id, task_id) if incident else [],
            incident.id if incident else None,
        )

    @said_when_busy
    async def _add_task(self, request: AdhocRequest | None, shown: int | None) -> None:
        if request is None:
            return
        if (self.incident.id if self.incident else None) != shown:
            self.notify("The checklist moved to another incident; the task was not added.")
            return
        store = self.store
        assert store is not None
        try:
            incident = await self._ensure_incident()
            if incident is None:
                return
            await store.add_adhoc_task(
                incident.id,
                request.title,
                request.phase,
                request.role,
                request.mandatory,
                self.setup.actor,
                self.clock.now(),
            )
        except NOT_DONE as busy:
            say_busy(self, busy)
            self._kept(f"Not added: your task ({request.phase}, {request.role})", request.title)
            return
        except ResponseError as refused:  # resolved meanwhile
            self.notify(str(refused), title="Not done", severity="warning", markup=False)
            return
        self.notify(f"Task added: {request.title}", markup=False)
        await self._reload_checklist()

    def _kept(self, heading: str, text: str) -> None:
        """What was typed for a change the database refused, shown to copy or type again:
        a toast fades, and a note written in a hurry must not go with it."""
        self.push_screen(PlainText(heading, text))

    # -- the incident and statements screens -------------------------------------------------

    async def action_incident(self) -> None:
        if self.store is None:
            return
        if self.incident is not None:
            self.pinned_incident = self.incident.id
            self.push_screen(IncidentScreen(self.desk(), self.incident.id))
            return
        recent = await recent_incidents(self.store, self.clock.now())
        if not recent:
            self.notify("No incident yet: n opens one, i opens one from an alert.")
            return
        self.push_screen(
            ChoicePrompt("No incident is open: review one?", recent),
            lambda chosen: self._later(self._review, chosen),
        )

    async def _review(self, chosen: str | None) -> None:
        if chosen is not None:
            self.pinned_incident = int(chosen)
            await self._reload_checklist()
            self.push_screen(IncidentScreen(self.desk(), int(chosen)))

    def action_statements(self) -> None:
        if self.store is None:
            return
        if self.incident is None:
            self.notify("No incident is open: n opens one, i opens one from an alert.")
            return
        self.push_screen(StatementsScreen(self.desk(), self.incident.id))

    async def on_incident_changed(self, event: IncidentChanged) -> None:
        if event.incident_id is not None:
            self.pinned_incident = event.incident_id
        await self._reload_checklist()

    def _later(self, handler: object, *args: object) -> None:
        """Run ``handler(*args)`` after the modal that produced them has closed."""
        self.call_later(handler, *args)  # type: ignore[arg-type]
