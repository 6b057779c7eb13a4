"""The checklist pane as the crisis office uses it: assign, annotate, add, filter, see late."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from crisistui.domain.incident import Milestone
from crisistui.domain.playbook import Playbook
from crisistui.tui.screens.prompts import TextPrompt
from crisistui.tui.screens.task import AdhocTaskForm, TaskScreen
from crisistui.tui.widgets.checklist import Checklist
from tests.conftest import screen_is, until

pytestmark = pytest.mark.both_backends  # the response's consoles: the store contract

QUICK = Playbook.model_validate(
    {
        "id": "quick",
        "name": "Quick",
        "phases": ["respond", "review"],
        "tasks": [{"id": "talk", "phase": "respond", "title": "Talk"}],
    }
)


async def _focus_first_task(app, pilot) -> Checklist:
    checklist = app.query_one(Checklist)
    # the playbook's tasks are read from the store first (a server may answer late): a key
    # pressed before they are shown moves nothing
    await until(pilot, lambda: checklist.data is not None and checklist.row_count > 0)
    checklist.focus()
    await pilot.press("g")
    await until(pilot, lambda: checklist.task_at_cursor() is not None)
    return checklist


async def test_a_tick_while_an_alert_is_raised_acknowledges_it(demo_app_factory, clock) -> None:
    """A team that starts on the checklist while the gauge is high answers the alert: the
    incident the tick opens is detected at the alert's rise and acknowledged at the tick, as
    one opened from the alert (i) is, so the review's time to acknowledge is not blank."""
    from tests.test_console import rise_to_high

    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await rise_to_high(app, clock)
        raised = app.monitor.raised_at.replace(microsecond=0)
        clock.advance(90)
        checklist = await _focus_first_task(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: app.incident is not None)
        assert app.incident.severity == "SEV2"
        milestones = await app.store.milestones(app.incident.id)
        assert milestones[Milestone.DETECTED].at == raised
        assert milestones[Milestone.ACKNOWLEDGED].at == clock.now().replace(microsecond=0)
        assert checklist.task_at_cursor() is not None


async def test_a_new_incident_while_the_gauge_is_high_proposes_sev2(
    demo_app_factory, clock
) -> None:
    """`n` proposed SEV3 beside a critical gauge, where `i` (from the alert) proposed SEV2."""
    from textual.widgets import Select

    from crisistui.tui.screens.new_incident import NewIncidentScreen
    from tests.test_console import rise_to_high

    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewIncidentScreen))
        assert app.screen.query_one("#severity", Select).value == "SEV3"
        await pilot.press("escape")
        await rise_to_high(app, clock)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewIncidentScreen))
        assert app.screen.query_one("#severity", Select).value == "SEV2"


async def test_keys_over_a_slow_link_tick_the_tasks_counted_never_a_phase_heading(
    demo_app_factory,
) -> None:
    """ "g space j space j j space" ticks the first, second and fourth tasks as they are
    listed: the cursor never rests on a phase's heading, where space did nothing and every
    later tick landed one row off (a mandatory task ticked by mistake)."""
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = app.query_one(Checklist)
        await until(pilot, lambda: checklist.data is not None and checklist.row_count > 0)
        checklist.focus()
        listed = [t.task_id for t in checklist.visible_tasks()]  # in the order shown
        await pilot.press("g", "space")
        await until(pilot, lambda: app.incident is not None)
        await until(pilot, lambda: checklist.data.done(listed[0]))
        for keys, task in ((("j",), listed[1]), (("j", "j"), listed[3])):
            await pilot.press(*keys, "space")
            await until(pilot, lambda task=task: checklist.data.done(task))
        states = await app.store.task_states(app.incident.id)
        assert {t for t, state in states.items() if state.done} == {listed[0], listed[1], listed[3]}
        await pilot.press("g", "k")  # up from the first task: still the first task
        assert checklist.task_at_cursor().task_id == listed[0]
        first_of_next_phase = next(
            t for t in checklist.visible_tasks() if t.phase != checklist.visible_tasks()[0].phase
        )
        for _ in range(len(listed) * 2):  # down across each heading: a task at every stop
            await pilot.press("j")
            assert checklist.task_at_cursor() is not None
        await pilot.press("G")
        assert checklist.task_at_cursor().task_id == listed[-1]
        checklist.move_cursor(row=checklist.get_row_index(first_of_next_phase.task_id))
        await pilot.press("k")  # up over the heading: the last task of the phase before
        before = listed[listed.index(first_of_next_phase.task_id) - 1]
        assert checklist.task_at_cursor().task_id == before


async def test_assign_note_and_detail_from_the_checklist(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        checklist = await _focus_first_task(app, pilot)
        task = checklist.task_at_cursor()
        assert task is not None

        await pilot.press("a")
        await until(pilot, lambda: screen_is(app, TextPrompt))
        assert app.screen.query_one(Input).value == "tester"  # defaults to the OS user
        assert app.screen.label.startswith("(opens an incident) ")  # never cut off
        app.screen.query_one(Input).value = ""
        await pilot.press(*"dana", "enter")
        await until(pilot, lambda: checklist.get_row(task.task_id)[2].plain == "dana")
        assert app.incident is not None  # acting on a task opens an incident for it, and says so
        opened = f"Incident #{app.incident.id} opened: the current issue at Acme Air, SEV3"
        assert any(n.message.startswith(opened) for n in app._notifications)
        assert app.incident.severity == "SEV3"  # the form's default while the demo is quiet
        assert (await app.store.task_assignees(app.incident.id)) == {task.task_id: "dana"}
        assert checklist.get_row(task.task_id)[2].plain == "dana"

        await pilot.press("e")
        await until(pilot, lambda: screen_is(app, TextPrompt))
        await pilot.press(*"[bold]waiting on IT[/]", "enter")
        await until(pilot, lambda: checklist.get_row(task.task_id)[1].plain.endswith("✎1"))
        notes = await app.store.task_notes(app.incident.id, task.task_id)
        assert [n.text for n in notes] == ["[bold]waiting on IT[/]"]
        assert checklist.get_row(task.task_id)[1].plain.endswith("✎1")

        await pilot.press("enter")
        await until(pilot, lambda: screen_is(app, TaskScreen))
        shown = str(app.screen.query_one("#task-facts").render())
        assert "[bold]waiting on IT[/]" in shown  # a note is text, never markup
        assert "dana" in shown
        await pilot.press("space")
        await until(pilot, lambda: checklist.get_row(task.task_id)[0].plain == "[x]")
        assert (await app.store.task_states(app.incident.id))[task.task_id].done
        await pilot.press("escape")
        assert checklist.get_row(task.task_id)[0].plain == "[x]"
        kinds = [e.kind for e in await app.store.events(app.incident.id)]
        assert kinds[-3:] == ["task.assigned", "task.note", "task.done"]


async def test_ad_hoc_task_and_filters(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        checklist = await _focus_first_task(app, pilot)
        await pilot.press("plus")
        await until(pilot, lambda: screen_is(app, AdhocTaskForm))
        await pilot.press(*"Call the regulator")
        app.screen.query_one("#mandatory").value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Call the regulator" in str(checklist.visible_tasks()))
        assert app.incident is not None
        adhoc = await app.store.adhoc_tasks(app.incident.id)
        assert [(t.title, t.phase, t.mandatory) for t in adhoc] == [
            ("Call the regulator", "assess", True)
        ]
        titles = [t.title for t in checklist.visible_tasks()]
        assert "Call the regulator" in titles

        all_tasks = len(checklist.visible_tasks())
        await pilot.press("f")  # first phase only
        assert {t.phase for t in checklist.visible_tasks()} == {"assess"}
        assert "phase assess" in str(app.query_one("#checklist-pane").border_title)
        await pilot.press("m")  # mine: nothing is assigned to me yet
        assert checklist.visible_tasks() == []
        await pilot.press("c")
        assert len(checklist.visible_tasks()) == all_tasks
        await pilot.press("r")  # one role at a time
        roles = {t.role for t in checklist.visible_tasks()}
        assert len(roles) == 1


async def test_roles_make_tasks_mine_and_late_tasks_show(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        checklist = await _focus_first_task(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: app.incident is not None)
        incident = app.incident
        assert incident is not None
        role = checklist.data.tasks[1].role
        await app.store.assign_role(incident.id, role, "tester", "tester", clock.now())
        await app.refresh_view()
        await pilot.press("m")
        mine = checklist.visible_tasks()
        assert mine and all(t.role == role for t in mine)

        clock.advance(3 * 3600)
        await app.refresh_view()
        await app._reload_checklist()
        late = checklist.overdue()
        assert late
        assert "overdue" in str(app.query_one("#checklist-pane").border_subtitle)


async def test_a_name_typed_for_a_role_replaces_the_holder_shown(demo_app_factory, clock) -> None:
    """The role prompt showed the holder's name and typing went after it: "bob" then "ana"
    typed gave the role to "bobana"."""
    from textual.widgets import OptionList

    from crisistui.tui.screens.incident import IncidentScreen
    from crisistui.tui.screens.prompts import ChoicePrompt

    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _focus_first_task(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: app.incident is not None)
        incident = app.incident
        await app.store.assign_role(incident.id, "spokesperson", "bob", "tester", clock.now())
        await pilot.press("I")
        await until(pilot, lambda: screen_is(app, IncidentScreen))
        await pilot.press("r")
        await until(pilot, lambda: screen_is(app, ChoicePrompt))
        roles = [value for _label, value in app.screen.options]
        app.screen.query_one(OptionList).highlighted = roles.index("spokesperson")
        await pilot.press("enter")
        await until(pilot, lambda: screen_is(app, TextPrompt))
        assert app.screen.query_one(Input).value == "bob"
        await pilot.press(*"ana", "enter")
        await until(pilot, lambda: screen_is(app, ChoicePrompt))  # bob's role: asked twice
        assert app.screen.heading == "bob holds spokesperson: give it to ana?"
        await pilot.press("enter")
        await until(pilot, lambda: screen_is(app, IncidentScreen))
        held = await app.store.roles(incident.id)
        assert held["spokesperson"].person == "ana"


async def test_a_task_falling_due_turns_red_with_the_clock_alone(demo_app_factory, clock) -> None:
    """Nothing is written when a due time passes: the pane used to stay grey, with no overdue
    count, until someone changed something. The clock's own tick now shows it."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        checklist = await _focus_first_task(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: app.incident is not None)
        await app.refresh_view()
        pane = app.query_one("#checklist-pane")
        assert checklist.overdue() == [] and "overdue" not in str(pane.border_subtitle)
        clock.advance(3 * 3600)  # no event: only time passes
        app._tick_clock()
        await pilot.pause()
        assert checklist.overdue()
        assert "overdue" in str(pane.border_subtitle)


async def test_a_resolved_incident_stays_until_a_new_one_opens(demo_app_factory, clock) -> None:
    from crisistui.tui.screens.incident import IncidentScreen
    from crisistui.tui.screens.prompts import ChoicePrompt

    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        store = app.store
        old = await store.open_incident("the old one", "misc", "quick", "ana", clock.now())
        await app._reload_checklist()
        await pilot.press("I")
        await until(pilot, lambda: screen_is(app, IncidentScreen))
        await pilot.press("escape")
        # Resolved from another console; its review tasks are left for Friday.
        await store.set_status(old.id, "resolved", "ana", clock.now(), playbook=QUICK)
        await app._reload_checklist()
        assert app.incident is not None and app.incident.id == old.id

        new = await store.open_incident("the new one", "misc", "quick", "ben", clock.now())
        await app._reload_checklist()
        assert app.incident.id == new.id
        assert any(f"Incident #{new.id} is open" in n.message for n in app._notifications)

        # Resolved from another console: this one keeps showing it. A tick of a task of the
        # response is refused (its checklist is the record of the response), and a tick of a
        # review task goes to it; neither opens a new incident.
        await store.set_status(new.id, "resolved", "ben", clock.now(), playbook=QUICK)
        await app._reload_checklist()
        assert app.incident is not None and app.incident.id == new.id
        checklist = app.query_one(Checklist)
        checklist.focus()
        await pilot.press("j")
        kept = checklist.task_at_cursor()
        assert kept is not None and kept.phase != "review"
        await pilot.press("space")
        await until(pilot, lambda: any("is resolved" in n.message for n in app._notifications))
        assert kept.task_id not in await store.task_states(new.id)
        assert not checklist.data.done(kept.task_id)
        for _ in range(checklist.row_count):
            if (task := checklist.task_at_cursor()) is not None and task.phase == "review":
                break
            await pilot.press("j")
        ticked = checklist.task_at_cursor()
        assert ticked is not None and ticked.phase == "review"
        await pilot.press("space")
        await until(pilot, lambda: checklist.data.done(ticked.task_id))
        assert [i.id for i in await store.incidents()] == [new.id, old.id]
        assert (await store.task_states(new.id))[ticked.task_id].done

    # A console started now has nothing open: I offers the recent incidents to review.
    fresh = demo_app_factory()
    async with fresh.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: fresh.store is not None)
        assert fresh.incident is None
        await pilot.press("I")
        await until(pilot, lambda: screen_is(fresh, ChoicePrompt))
        labels = [label for label, _ in fresh.screen.options]
        assert labels[0].startswith(f"#{new.id}") and labels[1].startswith(f"#{old.id}")
        await pilot.press("down", "enter")
        await until(pilot, lambda: screen_is(fresh, IncidentScreen))
        assert fresh.screen.incident_id == old.id


async def test_the_incident_view_scrolls_from_the_keyboard_at_80x24(demo_app_factory) -> None:
    from textual.containers import VerticalScroll

    from crisistui.tui.screens.incident import IncidentScreen

    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await _focus_first_task(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: app.incident is not None)
        await pilot.press("I")
        await until(pilot, lambda: screen_is(app, IncidentScreen))
        scroll = app.screen.query_one(VerticalScroll)
        await until(pilot, lambda: scroll.max_scroll_y > 0)  # it does not fit
        await pilot.press("G")
        await until(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y)
        await pilot.press("g")
        await until(pilot, lambda: scroll.scroll_y == 0)


async def test_looking_or_cancelling_never_opens_an_incident(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _focus_first_task(app, pilot)
        await pilot.press("enter")
        await until(pilot, lambda: screen_is(app, TaskScreen))
        assert app.screen.facts.incident_id is None and app.screen.facts.hint
        await pilot.press("escape", "a")
        await until(pilot, lambda: screen_is(app, TextPrompt))
        await pilot.press("escape", "plus")
        await until(pilot, lambda: screen_is(app, AdhocTaskForm))
        await pilot.press("escape")
        await pilot.pause()
        assert await app.store.incidents() == [] and app.incident is None


async def test_the_task_view_never_acts_on_an_incident_it_was_not_opened_for(
    demo_app_factory, clock
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        checklist = await _focus_first_task(app, pilot)
        # Opened in another console: this one follows the newest open incident.
        first = (await app.store.open_incident("x", "misc", "default", "ana", clock.now())).id
        await app._reload_checklist()
        assert app.incident is not None and app.incident.id == first
        await pilot.press("j", "enter")
        await until(pilot, lambda: screen_is(app, TaskScreen))
        task = app.screen.facts.task
        assert app.screen.facts.incident_id == first
        # Meanwhile another console resolves it and opens a data-breach incident.
        breach = await app.store.open_incident(
            "b", "data-breach", "data-breach", "ben", clock.now()
        )
        await app._reload_checklist()
        assert app.incident.id == breach.id
        await pilot.press("space")
        await until(pilot, lambda: not isinstance(app.screen, TaskScreen))
        assert task.task_id not in await app.store.task_states(breach.id)
        assert not (await app.store.task_states(first)).get(task.task_id)
        assert checklist.data is not None


async def test_an_incident_opened_meanwhile_is_never_acted_on_by_mistake(
    demo_app_factory, clock
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _focus_first_task(app, pilot)
        await pilot.press("a")  # the checklist shows a playbook; no incident yet
        await until(pilot, lambda: screen_is(app, TextPrompt))
        # A colleague opens a data-breach incident while the question is open.
        now = clock.now()
        breach = await app.store.open_incident("leak", "data-breach", "data-breach", "ben", now)
        await pilot.press("enter")
        await until(pilot, lambda: app.incident is not None)
        assert app.incident.id == breach.id
        assert await app.store.task_assignees(breach.id) == {}
        assert len(await app.store.incidents()) == 1
        # A tick on a stale view does nothing either: the checklist first moves to the incident.
        assert any(
            "opened meanwhile" in n.message or "moved" in n.message for n in app._notifications
        )


async def test_the_task_view_shows_a_colleagues_tick(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _focus_first_task(app, pilot)
        incident = await app.store.open_incident("x", "misc", "default", "ana", clock.now())
        await app._reload_checklist()
        await pilot.press("enter")
        await until(pilot, lambda: screen_is(app, TaskScreen))
        task = app.screen.facts.task
        await app.store.set_task_done(
            incident.id, task.task_id, task.title, True, "ben", clock.now()
        )
        await app.store.add_task_note(
            incident.id, task.task_id, task.title, "on it", "ben", clock.now()
        )
        await app._reload_checklist()  # what the refresh beat does when another process writes
        app.screen.post_message(TaskScreen.Acted("refresh", app.screen))
        await until(pilot, lambda: app.screen.facts.state is not None)
        shown = str(app.screen.query_one("#task-facts").render())
        assert "done by ben" in shown and "on it" in shown


async def test_a_tick_meeting_a_busy_database_is_said_and_changes_nothing(
    demo_app_factory, tmp_path, monkeypatch
) -> None:
    """Another process holding the file past the busy timeout (an upgrade, a big import)
    must cost the person a retry, not the console."""
    import sqlite3

    import crisistui.store.sqlite.store as store_db

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)
    db = tmp_path / "busy.db"
    app = demo_app_factory(db=db)
    async with app.run_test(size=(120, 40)) as pilot:
        checklist = await _focus_first_task(app, pilot)
        await pilot.press("space")  # opens the incident and ticks the task
        await until(pilot, lambda: app.incident is not None)
        incident_id = app.incident.id

        async def done_now() -> dict:
            return {k: v.done for k, v in (await app.store.task_states(incident_id)).items()}

        await until(
            pilot, lambda: any(checklist.data.done(t.task_id) for t in checklist.data.tasks)
        )
        done_before = await done_now()

        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process writing for a long while
        try:
            await pilot.press("space")  # untick: waits 100 ms, then gives up
            # The write gives up on SQLite's own thread after its timeout: allow many rounds.
            said = lambda: any("is busy" in n.message for n in app._notifications)  # noqa: E731
            await until(pilot, said, rounds=5000)
            assert app.is_running
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert await done_now() == done_before


async def test_a_reading_console_on_a_file_it_may_not_write_shows_it_and_refuses_ticks(
    demo_app_factory, tmp_path, monkeypatch
) -> None:
    """A war-room screen given read access only: the console opens (read-only, said once in
    the header and a notice), and a tick is refused in words, changing nothing."""
    import os

    import crisistui.store.sqlite.store as store_db

    db = tmp_path / "team.db"
    first = demo_app_factory(db=db)
    async with first.run_test(size=(120, 40)) as pilot:
        await _focus_first_task(first, pilot)
        await pilot.press("space")  # an incident, with one task ticked
        await until(pilot, lambda: first.incident is not None)
        incident_id = first.incident.id
        await pilot.press("q")

    real_access = os.access

    def no_writing(path: object, mode: int, **kwargs: object) -> bool:  # what chmod 444 does
        return False if mode & os.W_OK else real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store_db.os, "access", no_writing)
    app = demo_app_factory(db=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.incident is not None and app.incident.id == incident_id)
        assert "read-only" in app.setup.mode
        assert any("read-only" in n.message for n in app._notifications)
        before = await app.store.task_states(incident_id)
        checklist = await _focus_first_task(app, pilot)
        await pilot.press("space")  # untick: refused
        said = lambda: any(n.title == "Not done" for n in app._notifications)  # noqa: E731
        await until(pilot, said, rounds=2000)
        assert app.is_running
        assert await app.store.task_states(incident_id) == before
        assert checklist.data.done(checklist.task_at_cursor().task_id)


async def test_space_on_a_task_a_colleague_just_ticked_asks_before_reopening_it(
    demo_app_factory, clock
) -> None:
    """Two people on one task a second apart: the second press meant to tick it, and
    silently undid the first person's tick."""
    from crisistui.tui.screens.prompts import ChoicePrompt
    from tests.test_incident_walkthrough import choose

    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        checklist = await _focus_first_task(app, pilot)
        task = checklist.task_at_cursor()
        assert task is not None
        incident = await app.store.open_incident("x", "misc", "default", "ana", clock.now())
        await app.store.set_task_done(
            incident.id, task.task_id, task.title, True, "ana", clock.now()
        )
        await app._reload_checklist()
        checklist.move_cursor(row=checklist.get_row_index(task.task_id))

        async def done() -> bool:
            return (await app.store.task_states(incident.id))[task.task_id].done

        await pilot.press("space")
        await until(pilot, lambda: screen_is(app, ChoicePrompt))
        assert app.screen.heading.startswith(f"ana ticked {task.title!r} ")
        await choose(pilot, "leave it done")
        assert await done()
        await pilot.press("space")
        await choose(pilot, "reopen it")
        await until(pilot, lambda: not checklist.data.done(task.task_id))
        assert not await done()
        # my own tick, or one long ago, is undone at once as before
        clock.advance(180)
        await app.store.set_task_done(
            incident.id, task.task_id, task.title, True, "ana", clock.now()
        )
        clock.advance(180)
        await app._reload_checklist()
        await pilot.press("space")
        await until(pilot, lambda: not checklist.data.done(task.task_id))
        assert not screen_is(app, ChoicePrompt)


async def test_a_tick_waiting_for_a_busy_database_holds_up_no_other_key(
    demo_app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tick waited in space's own handler: while another process held the database (an
    upgrade, a big import), every key after it waited the 10 s busy timeout too. The tick
    waits its turn in a worker; the keys go on; two ticks still land in the order pressed."""
    import asyncio

    from crisistui.tui.screens.help import HelpScreen

    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        checklist = await _focus_first_task(app, pilot)
        first, second = checklist.data.tasks[:2]
        free = asyncio.Event()
        real = app.store.set_task_done
        order: list[str] = []

        async def held(incident_id, task_id, *args, **kwargs):
            await free.wait()  # as a write waits for another process's lock
            order.append(task_id)
            return await real(incident_id, task_id, *args, **kwargs)

        monkeypatch.setattr(app.store, "set_task_done", held)
        # the lock goes in 10 s whatever happens: a console that waits for it shows help late
        asyncio.get_running_loop().call_later(10, free.set)
        await pilot.press("space", "j", "space", "question_mark")
        await until(pilot, lambda: screen_is(app, HelpScreen))
        assert order == []  # both still waiting
        free.set()
        await until(pilot, lambda: len(order) == 2)
        assert order == [first.task_id, second.task_id]
        incident = app.incident
        states = await app.store.task_states(incident.id)
        assert states[first.task_id].done and states[second.task_id].done


def test_a_tasks_detail_says_the_day_it_is_due() -> None:
    """The detail said "Due 11:39" of a task due in five days, which read as long overdue,
    while the checklist pane said "12Dec"."""
    from datetime import UTC, datetime

    from crisistui.domain.incident import ChecklistTask
    from crisistui.tui.screens.task import TaskFacts, describe_task

    task = ChecklistTask("review", "Publish the post-incident report", "review", "lead", False)
    due = datetime(2026, 12, 12, 11, 39, tzinfo=UTC)
    shown = describe_task(TaskFacts(task, "dana", "", due, None, [])).plain
    local = due.astimezone()
    assert f"Due       {local:%Y-%m-%d %H:%M}" in shown
