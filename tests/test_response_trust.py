"""What a comms lead noticed on a first afternoon (issue 10, items 6, 7, 9 and 14).

A console that asks for a channel and a time and then says the text was never approved, asks
"are you sure?" and then refuses, shows one list under another list's title, or credits the
engine's level changes to a person, loses the trust it needs on the worst day. Each test drives
the console as a person would and checks what that person sees.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from textual.app import App
from textual.widgets import DataTable, Static, TextArea

from crisistui.config import demo_config
from crisistui.domain.clock import ManualClock
from crisistui.domain.incident import StatementState, Status, statement_state_label
from crisistui.domain.playbook import load_playbooks
from crisistui.domain.records import Incident, TimelineEvent
from crisistui.domain.statements import format_time
from crisistui.monitor import ENGINE_ACTOR, Monitor
from crisistui.reports.report import build_report, render_markdown
from crisistui.store import Store
from crisistui.tui.screens.incident import IncidentScreen
from crisistui.tui.screens.prompts import ChoicePrompt, TextEditor, TextPrompt
from crisistui.tui.screens.statements import StatementsScreen
from crisistui.tui.screens.timeline import TimelineScreen
from tests.conftest import screen_is, until
from tests.test_alerts import T0, _store_with_calm_history, _surge
from tests.test_detection_screens import _to_high
from tests.test_incident_walkthrough import answer, choose

SIZES = [(80, 24), (120, 36), (200, 60)]
OUTAGE = load_playbooks()["service-outage"]


def messages(app: App[None]) -> list[str]:
    return [n.message for n in app._notifications]


def rows_of(table: DataTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def cells_of(table: DataTable) -> list[dict[str, str]]:
    """Each row by its columns' labels: under 100 columns the timeline has fewer columns."""
    labels = [str(column.label) for column in table.columns.values()]
    return [dict(zip(labels, row, strict=True)) for row in rows_of(table)]


async def _outage(app, approver: str = "boss") -> Incident:
    """An outage incident opened now, with ``approver`` holding the approver role, shown on the
    console's checklist."""
    store, now = app.store, app.clock.now()
    incident = await store.open_incident(
        "the check-in outage", "service-outage", OUTAGE.id, "tester", now
    )
    await store.assign_role(incident.id, "approver", approver, "tester", now)
    await app.refresh_view()
    await app._reload_checklist()
    assert app.incident is not None and app.incident.id == incident.id
    return incident


async def _statements(pilot) -> StatementsScreen:
    await pilot.press("S")
    await until(pilot, lambda: screen_is(pilot.app, StatementsScreen))
    return pilot.app.screen


async def _refused(pilot, words: str) -> None:
    """``words`` was said, and no question was asked before (the statements list is on top)."""
    await until(pilot, lambda: any(words in m for m in messages(pilot.app)))
    assert isinstance(pilot.app.screen, StatementsScreen), pilot.app.screen


# -- item 6: publishing (and every statement action) refuses before asking ---------------------


@pytest.mark.parametrize("size", SIZES)
async def test_publishing_a_draft_is_refused_before_any_question(
    demo_app_factory, size: tuple[int, int]
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        incident = await _outage(app)
        await app.store.create_statement(
            incident.id, "Holding", "We know ({time}).", "tester", app.clock.now()
        )
        screen = await _statements(pilot)
        await until(pilot, lambda: len(screen.statements) == 1)
        await pilot.press("p")
        await _refused(
            pilot,
            "Statement #1 is still a draft: request approval and have it approved before "
            "publishing.",
        )
        assert not any("cannot publish" in m or ") it" in m for m in messages(app))
        assert (await app.store.statement(1)).state == StatementState.DRAFT


@pytest.mark.parametrize("size", SIZES)
async def test_every_statement_action_is_refused_before_it_asks(
    demo_app_factory, size: tuple[int, int]
) -> None:
    """Approving one's own draft, sending back a draft, asking twice, sending back without
    being the approver, publishing what awaits approval, editing what is approved: each is
    refused at the key, in a sentence, with no prompt or editor opened first."""
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        incident = await _outage(app, approver="boss")
        await app.store.create_statement(
            incident.id, "Holding", "We know ({time}).", "tester", app.clock.now()
        )
        screen = await _statements(pilot)
        await until(pilot, lambda: len(screen.statements) == 1)

        await pilot.press("a")  # my own draft, never sent for approval
        await _refused(pilot, "Statement #1 is still a draft: request approval before")
        await pilot.press("x")
        await _refused(pilot, "there is no approval request to send back")

        await pilot.press("r")
        await until(pilot, lambda: screen.statements[0].state == "approval_requested")
        table = screen.query_one(DataTable)
        assert rows_of(table)[0][1] == "awaiting approval"
        assert "#1 awaiting approval" in str(screen.query_one("#statement-text", Static).render())
        await pilot.press("r")
        await _refused(pilot, "Statement #1 is already awaiting approval")

        await pilot.press("x")  # boss is the approver, not me: no reason is asked for
        await _refused(pilot, "Only the approver of incident #1, boss, may send back")
        assert any("Roles are given in the incident view: I, then r." in m for m in messages(app))
        await pilot.press("p")
        await _refused(pilot, "is awaiting approval: it can be published once the approver")

        await app.store.approve_statement(1, "boss", app.clock.now())
        await screen.reload()
        await pilot.press("e")
        await _refused(pilot, "Statement #1 is already approved: start a new draft")
        assert not any("approval_requested" in m for m in messages(app))
        assert not isinstance(app.screen, TextPrompt | TextEditor | ChoicePrompt)


# -- item 6: {time} is the time the statement goes out ------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_time_is_filled_when_published_not_when_drafted(
    demo_app_factory, clock, size: tuple[int, int]
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        incident = await _outage(app, approver="boss")
        drafted_at = clock.now()
        screen = await _statements(pilot)
        await pilot.press("d")
        await choose(pilot, "[investigating]")
        await until(pilot, lambda: screen_is(app, TextEditor))
        body = app.screen.query_one(TextArea).text
        assert body.startswith("Investigating ({time}):")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(screen.statements) == 1)
        [draft] = await app.store.statements(incident.id)
        assert "{time}" in draft.body

        # The preview shows the time it would get, and moves on with the clock.
        shown = screen.query_one("#statement-text", Static)
        now_words = format_time(clock.now())
        assert f"{{time}} is filled when published; now it would read {now_words}" in str(
            shown.render()
        )
        assert f"Investigating ({now_words})" in str(shown.render())
        await pilot.press("r")
        await until(pilot, lambda: screen.statements[0].state == "approval_requested")
        await app.store.approve_statement(draft.id, "boss", clock.now())

        # It goes out 45 minutes later: the text says so, not the drafting time.
        clock.advance(45 * 60)
        await screen.reload()
        later_words = format_time(clock.now())
        await until(pilot, lambda: f"Investigating ({later_words})" in str(shown.render()))
        await pilot.press("p")
        await choose(pilot, "status page")
        await answer(pilot, f"{clock.now():%H:%M}")
        await until(pilot, lambda: screen.statements[0].state == "published")
        published = await app.store.statement(draft.id)
        assert published is not None
        assert f"Investigating ({later_words}):" in published.body
        assert format_time(drafted_at) not in published.body and "{time}" not in published.body
        assert "is filled when published" not in str(shown.render())


async def test_time_is_written_in_the_teams_zone_and_the_statements_language(
    demo_app_factory, clock
) -> None:
    """A Vietnamese statement for a team in Ho Chi Minh City says the time as its readers
    write it, in their clock, with the offset: "11:06 ngày 06/12/2026 UTC+7", not UTC in an
    English date order; the English one the same clock in English order."""
    app = demo_app_factory(response={"statement_time_zone": "Asia/Ho_Chi_Minh"})
    async with app.run_test(size=(120, 36)) as pilot:
        incident = await _outage(app, approver="boss")
        screen = await _statements(pilot)
        for template in ("[investigating-vi · Vietnamese]", "[investigating]"):
            await pilot.press("d")
            await choose(pilot, template)
            await until(pilot, lambda: screen_is(app, TextEditor))
            await pilot.press("ctrl+s")
            await until(pilot, lambda: screen_is(app, StatementsScreen))
        await until(pilot, lambda: len(screen.statements) == 2)
        local = clock.now().astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
        vietnamese = f"{local:%H:%M} ngày {local:%d/%m/%Y} UTC+7"
        english = f"{local:%d %b %Y, %H:%M} UTC+7"
        shown = screen.query_one("#statement-text", Static)

        def previewed() -> set[str]:
            said = str(shown.render())
            return {t for t in (english, vietnamese) if f"now it would read {t}" in said}

        table = screen.query_one(DataTable)
        wanted = {s.id: s.template_id for s in screen.statements}
        for row, statement in enumerate(screen.statements):
            table.move_cursor(row=row)
            said = vietnamese if wanted[statement.id] == "investigating-vi" else english
            await until(pilot, lambda said=said: previewed() == {said})
        for statement in await app.store.statements(incident.id):
            await app.store.request_approval(statement.id, "tester", clock.now())
            await app.store.approve_statement(statement.id, "boss", clock.now())
        await screen.reload()
        for row in range(2):
            table.move_cursor(row=row)
            await pilot.press("p")
            await choose(pilot, "status page")
            await answer(pilot, f"{clock.now().astimezone():%H:%M}")
            await until(pilot, lambda row=row: screen.statements[row].state == "published")
        await until(pilot, lambda: all(s.state == "published" for s in screen.statements))
        bodies = {s.template_id: s.body for s in await app.store.statements(incident.id)}
        assert bodies["investigating-vi"].startswith(f"Đang kiểm tra ({vietnamese}):")
        assert bodies["investigating"].startswith(f"Investigating ({english}):")


async def test_a_statement_typed_from_blank_in_persian_is_filled_and_dated_as_persian(
    demo_app_factory, clock
) -> None:
    """Written from a blank statement, a Persian text kept "{status_url}" as a placeholder
    still to fill (though the team configured it), and its time read in English date order."""
    app = demo_app_factory(response={"statement_time_zone": "Asia/Tehran"})
    async with app.run_test(size=(120, 36)) as pilot:
        incident = await _outage(app, approver="boss")
        screen = await _statements(pilot)
        await pilot.press("d")
        await choose(pilot, "Blank statement")
        await until(pilot, lambda: screen_is(app, TextEditor))
        app.screen.query_one("#title").value = "بیانیهٔ اولیه"
        app.screen.query_one(TextArea).text = (
            "ما از مشکل سفارش‌ها آگاه هستیم و با اولویت در حال بررسی آن هستیم. به‌روزرسانی‌ها "
            "در {status_url} منتشر می‌شود. با پوزش از شما، {brand}، {time}"
        )
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(screen.statements) == 1)
        [saved] = await app.store.statements(incident.id)
        status_url = app.config.brand.status_url
        assert status_url and status_url in saved.body
        assert app.config.brand.name in saved.body and "{time}" in saved.body
        local = clock.now().astimezone(ZoneInfo("Asia/Tehran"))
        # in Persian digits, as the text around it writes its figures
        latin = f"{local:%Y/%m/%d}، {local:%H:%M} UTC+3:30"
        persian = latin.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        assert persian != latin and "3" not in persian
        shown = screen.query_one("#statement-text", Static)
        await until(pilot, lambda: f"now it would read {persian}" in str(shown.render()))


def test_a_statement_time_zone_the_database_does_not_know_is_named() -> None:
    with pytest.raises(ValueError, match="'Asia/Saigonn' names no time zone"):
        demo_config().response.model_validate({"statement_time_zone": "Asia/Saigonn"})


async def test_the_store_fills_time_with_when_it_went_out(store: Store) -> None:
    """The same rule for anything publishing through the store (scripts, the CLI's report
    reads what it wrote): the typed publication time, once, and never again."""
    incident = await store.open_incident("Outage", "service-outage", OUTAGE.id, "sre", T0)
    await store.assign_role(incident.id, "approver", "hoc", "sre", T0)
    draft = await store.create_statement(
        incident.id, "Update {time}", "As of {time}: {brand}.", "dana", T0
    )
    await store.request_approval(draft.id, "dana", T0 + timedelta(minutes=1))
    await store.approve_statement(draft.id, "hoc", T0 + timedelta(minutes=2))
    went_out = T0 + timedelta(minutes=40)
    first = await store.publish_statement(
        draft.id, "x", "dana", T0 + timedelta(minutes=50), at=went_out
    )
    assert first.title == "Update 10 Mar 2026, 09:40 UTC"
    assert first.body == "As of 10 Mar 2026, 09:40 UTC: {brand}."  # others stay visible
    again = await store.publish_statement(draft.id, "in-app", "dana", T0 + timedelta(hours=2))
    assert again.body == first.body
    event = next(e for e in await store.events(incident.id) if e.kind == "statement.published")
    assert "Update 10 Mar 2026, 09:40 UTC" in event.summary


# -- item 7: resolving checks the mandatory tasks before asking ---------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_resolving_names_open_mandatory_tasks_without_asking_first(
    demo_app_factory, size: tuple[int, int]
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        incident = await _outage(app)
        await pilot.press("I")
        await until(pilot, lambda: screen_is(app, IncidentScreen))
        screen = app.screen
        await pilot.press("u")
        await choose(pilot, "resolved")
        await until(pilot, lambda: any("cannot be resolved" in m for m in messages(app)))
        assert app.screen is screen  # no "It cannot be reopened" question came first
        [refusal] = [m for m in messages(app) if "cannot be resolved" in m]
        assert refusal.startswith(f"Incident #{incident.id} cannot be resolved yet:")
        for title in ("Confirm what is affected", "Approve the initial status message"):
            assert title in refusal
        assert "[" not in refusal  # task titles, not identifiers

        now = app.clock.now()
        for task in await app.store.resolve_blockers(incident.id, OUTAGE):
            await app.store.set_task_done(incident.id, task.task_id, task.title, True, "x", now)
        await pilot.press("u")
        await choose(pilot, "resolved")
        await until(pilot, lambda: screen_is(app, ChoicePrompt))
        assert "It cannot be reopened" in app.screen.heading
        assert "gauge" not in app.screen.heading  # the demo's gauge is still normal
        await choose(pilot, "Yes, resolve")
        await until(pilot, lambda: screen.data.incident.status == Status.RESOLVED)


async def test_resolving_while_the_gauge_is_raised_says_so_first(demo_app_factory, clock) -> None:
    """Resolving mid-storm closes the incident's timeline on a crisis still running: the
    question says what the gauge reads, and answering with enter keeps the incident open."""
    app = demo_app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await _to_high(app, clock)
        incident = await _outage(app)
        now = app.clock.now()
        for task in await app.store.resolve_blockers(incident.id, OUTAGE):
            await app.store.set_task_done(incident.id, task.task_id, task.title, True, "x", now)
        await pilot.press("I")
        await until(pilot, lambda: screen_is(app, IncidentScreen))
        screen = app.screen
        await pilot.press("u")
        await choose(pilot, "resolved")
        await until(pilot, lambda: screen_is(app, ChoicePrompt))
        level = app.assessment.level.label.upper()
        assert app.screen.heading.startswith(f"The gauge still reads {level} ")
        assert app.assessment.drivers[0] in app.screen.heading
        await pilot.press("enter")  # the first answer keeps it open
        await until(pilot, lambda: app.screen is screen)
        assert (await app.store.incident(incident.id)).status != Status.RESOLVED


# -- item 9: the timeline's list always matches its title --------------------------------------


def _event(number: int, incident_id: int | None) -> TimelineEvent:
    at = datetime(2026, 3, 10, 9, number, tzinfo=UTC)
    return TimelineEvent(number, at, "tester", "task.done", incident_id, f"event {number}", {})


EVERYTHING = [_event(1, None), _event(2, 1), _event(3, 1)]
THIS_INCIDENT = [_event(2, 1), _event(3, 1)]
"""The newest event is the incident's in both lists, as it usually is during an incident."""


class HeldLoads:
    """Timeline loaders that land only when the test says, to order loads as a slow database
    and a person pressing `c` would."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, asyncio.Future[None]]] = []
        self.hold = True

    def loader(
        self, which: str, events: list[TimelineEvent]
    ) -> Callable[[int], Awaitable[list[TimelineEvent]]]:
        async def load(after: int) -> list[TimelineEvent]:
            if self.hold:
                gate = asyncio.get_running_loop().create_future()
                self.pending.append((which, gate))
                await gate
            return [event for event in events if event.id > after]

        return load

    def land(self, index: int) -> None:
        _, gate = self.pending.pop(index)
        gate.set_result(None)

    def land_all(self) -> None:
        self.hold = False
        while self.pending:
            self.land(0)


class TimelineHost(App[None]):
    """Just the timeline, over loaders the test holds; it is opened once the test runs (its
    first load waits for the test)."""

    def __init__(self, loads: HeldLoads) -> None:
        super().__init__()
        self.timeline = TimelineScreen(
            loads.loader("all", EVERYTHING), (1, loads.loader("incident", THIS_INCIDENT))
        )


def _assert_list_matches_title(screen: TimelineScreen) -> None:
    table = screen.query_one(DataTable)
    summaries = [row["summary"] for row in cells_of(table)]
    if "incident #1" in str(table.border_title):
        assert summaries == ["event 2", "event 3"], (table.border_title, summaries)
    else:
        assert str(table.border_title) == "Timeline"
        assert summaries == ["event 1", "event 2", "event 3"], (table.border_title, summaries)


async def _soon(condition: Callable[[], bool], rounds: int = 5000) -> None:
    """Let the event loop run until ``condition()`` holds. While the screen's first load is
    held its message queue is busy, so ``pilot.pause`` (which waits for it) cannot be used."""
    for _ in range(rounds):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError(f"condition not met after {rounds} turns of the event loop")


async def _settle(pilot, loads: HeldLoads) -> None:
    loads.land_all()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
async def test_timeline_c_pressed_while_a_refresh_is_in_flight(size: tuple[int, int]) -> None:
    loads = HeldLoads()
    app = TimelineHost(loads)
    async with app.run_test(size=size) as pilot:
        screen = app.timeline
        app.push_screen(screen)
        await _soon(lambda: [w for w, _ in loads.pending] == ["all"])
        loads.land(0)  # the screen opens with every event
        table = screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count == 3)

        # The next beat's refresh of every event is slow; `c` is pressed meanwhile, and the
        # refresh lands before the incident's events do.
        screen.refresh_events()
        await _soon(lambda: [w for w, _ in loads.pending] == ["all"])
        app.simulate_key("c")
        await _soon(lambda: [w for w, _ in loads.pending] == ["all", "incident"])
        loads.land(0)
        for _ in range(100):
            await asyncio.sleep(0)
        loads.land(0)
        await _settle(pilot, loads)
        assert "incident #1" in str(table.border_title)
        _assert_list_matches_title(screen)

        # Three quick presses, loads landing newest first: still the list the title names.
        loads.hold = True
        for _ in range(3):
            app.simulate_key("c")
        await _soon(lambda: len(loads.pending) >= 3)
        while loads.pending:
            loads.land(-1)
            await pilot.pause()
        await _settle(pilot, loads)
        assert str(table.border_title) == "Timeline"
        _assert_list_matches_title(screen)

        # And the refreshes after all that keep them together.
        screen.refresh_events()
        await _settle(pilot, loads)
        _assert_list_matches_title(screen)


# -- item 14: the engine's doings and statement states in words ---------------------------------


@pytest.mark.parametrize("real_one_open", [True, False])
async def test_a_collectors_level_changes_are_part_of_the_open_incidents_story(
    tmp_path, real_one_open: bool
) -> None:
    """`collect` knows no incident of its own: the change goes on the open incident's timeline
    (its review), never on a rehearsal's."""
    store, pipeline = await _store_with_calm_history(tmp_path)
    try:
        drill = await store.open_incident("drill", "misc", "default", "ana", T0, is_drill=True)
        real = None
        if real_one_open:
            real = await store.open_incident("Outage", "service-outage", "outage", "ana", T0)
        monitor = Monitor(store, demo_config(), ManualClock(T0), "collector")
        await monitor.tick()
        await _surge(store, pipeline)
        assert await monitor.tick() is not None
        [change] = [e for e in await store.events() if e.kind == "severity.changed"]
        assert change.incident_id == (real.id if real else None)
        assert drill.id != change.incident_id
    finally:
        await store.close()


async def test_level_changes_are_credited_to_the_engine(tmp_path) -> None:
    store, pipeline = await _store_with_calm_history(tmp_path)
    try:
        monitor = Monitor(store, demo_config(), ManualClock(T0), "dana", send_alerts=False)
        await monitor.tick()
        await _surge(store, pipeline)
        assert await monitor.tick() is not None
        [change] = [e for e in await store.events() if e.kind == "severity.changed"]
        assert change.actor == ENGINE_ACTOR == "crisistui engine"
        assert change.details["engine_run_by"] == "dana"
    finally:
        await store.close()


@pytest.mark.parametrize("size", SIZES)
async def test_timeline_shows_the_engine_not_the_person_at_the_console(
    demo_app_factory, clock, size: tuple[int, int]
) -> None:

    app = demo_app_factory(actor="tester")
    async with app.run_test(size=size) as pilot:
        await _to_high(app, clock)
        await pilot.press("t")
        await until(pilot, lambda: screen_is(app, TimelineScreen))
        table = app.screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count > 0)
        changes = [
            row
            for row in cells_of(table)
            if row.get("what", "severity.changed") == "severity.changed"
            and " — severity " in row["summary"]
        ]
        # at 80 columns the name gives the summary room: "engine"
        engine = "crisistui engine" if size[0] >= 100 else "engine"
        assert changes and all(row["who"] == engine for row in changes)


async def test_statement_states_read_as_words_in_the_report(store: Store) -> None:
    incident = await store.open_incident("Outage", "service-outage", OUTAGE.id, "sre", T0)
    waiting = await store.create_statement(incident.id, "Holding", "We know.", "dana", T0)
    await store.request_approval(waiting.id, "dana", T0)
    report = await build_report(store, incident.id, {OUTAGE.id: OUTAGE}, now=T0)
    markdown = render_markdown(report)
    assert "### #1 Holding (awaiting approval)" in markdown
    assert "approval_requested" not in markdown.split("## Timeline")[0]
    assert [statement_state_label(s.value) for s in StatementState] == [
        "draft",
        "awaiting approval",
        "approved",
        "published",
    ]
