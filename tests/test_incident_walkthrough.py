"""A whole incident from the keyboard, as in the outage-morning story.

Alert → open incident from it → roles → a mandatory task blocks resolving → statement drafted
from the playbook, approval refused to a non-approver, approved from a second console on the
same file, published → tasks ticked → resolved → lessons → report with the right numbers.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, TextArea

from crisistui.domain.incident import Milestone, StatementState, Status
from crisistui.reports.metrics import describe_seconds
from crisistui.tui.screens.incident import IncidentScreen
from crisistui.tui.screens.new_incident import NewIncidentScreen
from crisistui.tui.screens.prompts import ChoicePrompt, PlainText, TextEditor, TextPrompt
from crisistui.tui.screens.statements import StatementsScreen
from crisistui.tui.widgets.checklist import Checklist
from tests.conftest import screen_is, until
from tests.test_console import rise_to_high

pytestmark = pytest.mark.both_backends  # the response's consoles: the store contract


async def choose(pilot, label_part: str) -> None:
    """Pick the option whose label contains ``label_part`` in the open ChoicePrompt."""
    await until(pilot, lambda: screen_is(pilot.app, ChoicePrompt))
    screen = pilot.app.screen
    labels = [label for label, _ in screen.options]
    index = next(i for i, label in enumerate(labels) if label_part in label)
    screen.query_one(OptionList).highlighted = index
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is not screen)


async def answer(pilot, text: str) -> None:
    await until(pilot, lambda: screen_is(pilot.app, TextPrompt))
    screen = pilot.app.screen
    screen.query_one(Input).value = text
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is not screen)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_outage_morning_from_the_keyboard(
    demo_app_factory, clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "warroom.db"
    app = demo_app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        # The alert.
        await rise_to_high(app, clock)
        raised = app.monitor.raised_at.replace(microsecond=0)
        clock.advance(120)
        await app.collect_once()

        # i: incident from the alert, typed service outage at SEV2.
        await pilot.press("i")
        await until(pilot, lambda: screen_is(app, NewIncidentScreen))
        app.screen.query_one("#playbook").value = "service-outage"
        app.screen.query_one("#severity").value = "SEV2"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.incident is not None)
        incident = await app.store.current_incident()
        assert incident is not None and incident.playbook == "service-outage"
        marks = await app.store.milestones(incident.id)
        assert marks[Milestone.DETECTED].at == raised
        assert marks[Milestone.ACKNOWLEDGED].at == clock.now().replace(microsecond=0)
        assert "Service outage" in str(app.query_one("#checklist-pane").border_title)

        # I: roles. I take spokesperson; "boss" is the approver.
        await pilot.press("I")
        await until(pilot, lambda: screen_is(app, IncidentScreen))
        await pilot.press("r")
        await choose(pilot, "spokesperson")
        await answer(pilot, "tester")
        await pilot.press("r")
        await choose(pilot, "approver")
        await answer(pilot, "boss")
        await until(pilot, lambda: "boss" in str(app.screen.query_one("#incident-facts").render()))
        roles = {r: a.person for r, a in (await app.store.roles(incident.id)).items()}
        assert roles == {"spokesperson": "tester", "approver": "boss"}
        assert "boss" in str(app.screen.query_one("#incident-facts").render())
        # taking the approver's role from boss is asked twice; "no" leaves it with boss
        await pilot.press("r")
        await choose(pilot, "approver")
        await answer(pilot, "tester")
        await until(pilot, lambda: screen_is(app, ChoicePrompt))
        assert app.screen.heading == "boss holds approver: give it to tester?"
        await choose(pilot, "boss keeps it")
        assert (await app.store.roles(incident.id))["approver"].person == "boss"

        # Resolving now is refused, naming a mandatory task.
        await pilot.press("u")
        await choose(pilot, "resolved")  # refused at once: no "are you sure?" first
        await until(pilot, lambda: any("cannot be resolved" in m for m in messages(app)))
        assert any(
            "cannot be resolved" in m and "Confirm what is affected" in m for m in messages(app)
        )
        assert (await app.store.incident(incident.id)).status == Status.INVESTIGATING
        await pilot.press("escape")

        # S: the holding statement from the playbook, eight minutes in.
        clock.advance(6 * 60)
        await pilot.press("S")
        await until(pilot, lambda: screen_is(app, StatementsScreen))
        await pilot.press("d")
        await choose(pilot, "investigating")
        await until(pilot, lambda: screen_is(app, TextEditor))
        body = app.screen.query_one(TextArea).text
        assert "Acme Air" in body and "https://status.acme-air.example" in body
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(app.screen.statements) == 1)
        [statement] = await app.store.statements(incident.id)
        assert statement.state == StatementState.DRAFT and statement.author == "tester"
        await pilot.press("r")
        await until(pilot, lambda: app.screen.statements[0].state == "approval_requested")
        await pilot.press("a")  # I am not the approver
        await until(pilot, lambda: any("approver" in m for m in messages(app)))
        assert (await app.store.statement(statement.id)).state == StatementState.APPROVAL_REQUESTED

        # The head of comms approves from a second console on the same file.
        other = demo_app_factory(db, actor="boss")
        async with other.run_test(size=(120, 40)) as boss:
            await other.refresh_view()
            assert other.incident is not None and other.incident.id == incident.id
            await boss.press("S")
            await until(boss, lambda: screen_is(other, StatementsScreen))
            await until(boss, lambda: bool(other.screen.statements))
            await boss.press("a")
            await until(boss, lambda: other.screen.statements[0].state == "approved")
        assert (await app.store.statement(statement.id)).state == StatementState.APPROVED
        # the approval is the playbook's task "Approve the initial status message"
        approval = (await app.store.task_states(incident.id))["approve-holding-statement"]
        assert approval.done and approval.changed_by == "boss"

        # Published on the status page: the first public response.
        # She posted it a minute before the approval landed here: refused, it was not approved.
        await app.screen.reload()
        approved_at = (await app.store.statement(statement.id)).approved_at
        await pilot.press("p")
        await choose(pilot, "status page")
        early = (approved_at - timedelta(minutes=1)).astimezone()
        # a slip of the finger keeps the question open, to correct rather than start over
        await until(pilot, lambda: screen_is(app, TextPrompt))
        asked = app.screen
        asked.query_one(Input).value = f"{early:%H:%M}y"
        await pilot.press("enter")
        await until(pilot, lambda: any("is not a time like" in m for m in messages(app)))
        assert app.screen is asked
        await answer(pilot, f"{early:%H:%M}")
        await until(pilot, lambda: any("cannot have been published" in m for m in messages(app)))
        # Marked five minutes later, published three minutes after the approval.
        clock.advance(5 * 60)
        await pilot.press("p")
        await choose(pilot, "status page")
        posted = (approved_at + timedelta(minutes=3)).astimezone()
        await answer(pilot, f"{posted:%H:%M}")
        await until(pilot, lambda: app.screen.statements[0].state == "published")
        published = await app.store.statement(statement.id)
        assert published.state == StatementState.PUBLISHED and published.channels == ["status page"]
        first_response = (await app.store.milestones(incident.id))[Milestone.FIRST_PUBLIC_RESPONSE]
        assert first_response.at == posted.replace(second=59)  # a typed minute: its end
        assert published.published_at == first_response.at
        await pilot.press("escape")

        # Tick every mandatory task that blocks resolving.
        checklist = app.query_one(Checklist)
        checklist.focus()
        blocking = [t for t in checklist.data.tasks if t.mandatory and t.phase != "review"]
        assert blocking
        await app._reload_checklist()
        for task in blocking:
            if checklist.data.done(task.task_id):  # the approval ticked its own task
                continue
            checklist.move_cursor(row=checklist.get_row_index(task.task_id))
            await pilot.press("space")
            await until(pilot, lambda t=task: checklist.data.done(t.task_id))
        states = await app.store.task_states(incident.id)
        assert all(states[t.task_id].done for t in blocking)

        # Resolve, write the lessons, read the report.
        clock.advance(30 * 60)
        await pilot.press("I")
        await until(pilot, lambda: screen_is(app, IncidentScreen))
        await pilot.press("u")
        await choose(pilot, "resolved")
        await choose(pilot, "Yes, resolve")
        await until(pilot, lambda: app.screen.data.incident.status == "resolved")
        assert (await app.store.incident(incident.id)).status == Status.RESOLVED
        # The console stays on it: its review tasks are still to do.
        await app._reload_checklist()
        assert app.incident is not None and app.incident.id == incident.id
        assert any(t.phase == "review" for t in checklist.visible_tasks())
        await pilot.press("l")
        await until(pilot, lambda: screen_is(app, TextEditor))
        app.screen.query_one(TextArea).text = "Pre-approve the holding statement."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(app.screen.data.incident.lessons))
        assert (await app.store.incident(incident.id)).lessons == (
            "Pre-approve the holding statement."
        )
        await pilot.press("p")
        await until(pilot, lambda: screen_is(app, PlainText))
        report = app.screen.text
        took = describe_seconds(int((first_response.at - raised).total_seconds()))
        assert f"First public response: {took} after detection" in report
        resolved = int((clock.now().replace(microsecond=0) - raised).total_seconds())
        assert f"Resolved: {describe_seconds(resolved)} after detection" in report
        assert "Pre-approve the holding statement." in report
        assert published.title in report
        await pilot.press("w")
        written = tmp_path / f"incident-{incident.id}-report.md"
        assert written.read_text(encoding="utf-8") == report


async def test_an_edit_refused_because_the_statement_moved_on_keeps_the_text(
    demo_app_factory, clock
) -> None:

    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        incident = await app.store.open_incident("x", "misc", "default", "ana", clock.now())
        await app.store.assign_role(incident.id, "approver", "boss", "ana", clock.now())
        draft = await app.store.create_statement(incident.id, "T", "Body", "tester", clock.now())
        await app._reload_checklist()
        await pilot.press("S")
        await until(pilot, lambda: screen_is(app, StatementsScreen))
        await until(pilot, lambda: bool(app.screen.statements))
        await pilot.press("e")
        await until(pilot, lambda: screen_is(app, TextEditor))
        app.screen.query_one(TextArea).text = "My careful rewrite"
        # Meanwhile it is sent for approval and approved from other consoles.
        await app.store.request_approval(draft.id, "ana", clock.now())
        await app.store.approve_statement(draft.id, "boss", clock.now())
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen_is(app, PlainText))
        assert "My careful rewrite" in app.screen.text
        assert (await app.store.statement(draft.id)).body == "Body"


async def _outage_with_approved(store, now, *templates: str):
    """An outage incident whose approver is "boss", with a statement approved from each
    template (drafted by "ana")."""
    incident = await store.open_incident("Outage", "service-outage", "service-outage", "ana", now)
    await store.assign_role(incident.id, "approver", "boss", "ana", now)
    made = {}
    for template in templates:
        draft = await store.create_statement(
            incident.id, template, "Body", "ana", now, template_id=template
        )
        await store.request_approval(draft.id, "ana", now)
        await store.approve_statement(draft.id, "boss", now)
        made[template] = draft
    return incident, made


async def _task_done(store, incident_id: int, task_id: str) -> bool:
    state = (await store.task_states(incident_id)).get(task_id)
    return state is not None and state.done


async def test_publishing_the_resolution_everywhere_ticks_its_task_and_nothing_less_does(
    demo_app_factory, clock
) -> None:
    """ "Publish the resolution and apology on all channels" is done by that statement out on
    the playbook's every channel: not by the first status message, not by six channels."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        store, now = app.store, clock.now()
        incident, made = await _outage_with_approved(store, now, "investigating", "resolved")
        channels = app.setup.playbooks["service-outage"].channels
        await store.publish_statement(made["investigating"].id, channels, "ana", now)
        await store.publish_statement(made["resolved"].id, channels[:-2], "ana", now)
        await app._reload_checklist()

        async def done() -> bool:
            return await _task_done(store, incident.id, "publish-resolution")

        await pilot.press("S")
        await until(pilot, lambda: screen_is(app, StatementsScreen))
        await until(pilot, lambda: len(app.screen.statements) == 2)
        table = app.screen.query_one("DataTable")
        table.move_cursor(row=[s.id for s in app.screen.statements].index(made["resolved"].id))
        for channel in channels[-2:]:
            assert not await done()
            await pilot.press("p")
            await choose(pilot, channel)
            await answer(pilot, f"{clock.now().astimezone():%H:%M}")
            await until(pilot, lambda c=channel: any(c in m for m in messages(app)))
        await until(
            pilot, lambda: any("Task done with the publication" in m for m in messages(app))
        )
        assert await done()
        ticked = (await store.task_states(incident.id))["publish-resolution"]
        assert ticked.changed_by == "tester"


async def test_publishing_on_the_status_page_ticks_posting_there_first(
    demo_app_factory, clock
) -> None:
    """ "Post 'investigating' on the status page first" stayed open after the holding
    statement went out on the status page: a task of one channel (``channel``) is done by
    the publication there, and by no other channel's."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        store, now = app.store, clock.now()
        incident, _made = await _outage_with_approved(store, now, "investigating")
        await app._reload_checklist()

        async def done() -> bool:
            return await _task_done(store, incident.id, "post-status-page")

        await pilot.press("S")
        await until(pilot, lambda: screen_is(app, StatementsScreen))
        await until(pilot, lambda: len(app.screen.statements) == 1)
        for channel in ("x", "status page"):
            assert not await done()
            await pilot.press("p")
            await choose(pilot, channel)
            await answer(pilot, f"{clock.now().astimezone():%H:%M}")
            await until(pilot, lambda c=channel: any(f"on {c} at" in m for m in messages(app)))
        await until(
            pilot, lambda: any("Task done with the publication" in m for m in messages(app))
        )
        assert await done()
        left = await store.task_states(incident.id)
        assert "publish-resolution" not in left or not left["publish-resolution"].done


async def test_publishing_after_the_incident_is_resolved_goes_out_and_leaves_the_record(
    demo_app_factory, clock
) -> None:
    """An approved statement can still go out once the incident is resolved (a colleague may
    have resolved it a moment before); it is published and said so, and the response's
    task it would have ticked stays as the record had it, with no refusal shown."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        store, now = app.store, clock.now()
        incident, made = await _outage_with_approved(store, now, "investigating")
        playbook = app.setup.playbooks["service-outage"]
        for task in playbook.tasks:
            if task.mandatory:
                await store.set_task_done(incident.id, task.id, task.title, True, "ana", now)
        await app._reload_checklist()
        await pilot.press("S")
        await until(pilot, lambda: screen_is(app, StatementsScreen))
        await until(pilot, lambda: len(app.screen.statements) == 1)
        await store.set_status(incident.id, "resolved", "ana", now, playbook=playbook)
        await pilot.press("p")
        await choose(pilot, "status page")
        await answer(pilot, f"{clock.now().astimezone():%H:%M}")
        await until(pilot, lambda: any("on status page at" in m for m in messages(app)))
        published = await store.statement(made["investigating"].id)
        assert published.state == StatementState.PUBLISHED
        assert published.channels == ["status page"]
        assert not await _task_done(store, incident.id, "post-status-page")
        assert not any("Not done" in m or "is resolved" in m for m in messages(app))


async def test_drafting_the_holding_statement_ticks_its_task_and_another_draft_does_not(
    demo_app_factory, clock
) -> None:
    """A drill's report listed "Draft the holding statement" as not done though the holding
    statement had been drafted: drafting it is the task, as approving it is another."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        store = app.store
        incident = await store.open_incident("Rumour", "misc", "default", "ana", clock.now())
        await app._reload_checklist()
        await pilot.press("S")
        await until(pilot, lambda: screen_is(app, StatementsScreen))
        for template in ("update", "holding"):
            assert not await _task_done(store, incident.id, "draft-holding-statement")
            await pilot.press("d")
            await choose(pilot, template.capitalize())
            await until(pilot, lambda: screen_is(app, TextEditor))
            await pilot.press("ctrl+s")
            await until(pilot, lambda: screen_is(app, StatementsScreen))
        await until(pilot, lambda: any("Task done with the draft" in m for m in messages(app)))
        assert await _task_done(store, incident.id, "draft-holding-statement")
        ticked = (await store.task_states(incident.id))["draft-holding-statement"]
        assert ticked.changed_by == "tester"
