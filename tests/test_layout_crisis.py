"""The console mid-crisis as the comms lead sees it: at 80×24 over SSH, at 120×36 and on a wall.

What is asserted is what a person reads on the screen: the checklist's bottom line (incident,
severity, overdue count) in full, task rows with their marks, the author of each mention,
footer labels in full, toasts off the checklist, emoji that every terminal draws as wide as
the console measures them, and an overdue count that ends with the incident.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from rich.cells import cell_len, get_character_cell_size
from rich.console import Console
from textual.widgets._toast import Toast

from crisistui.domain.incident import Severity, Status
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.records import Incident
from crisistui.tui.screens.new_incident import NewIncidentScreen
from crisistui.tui.screens.statements import StatementsScreen
from crisistui.tui.screens.wall import WallScreen
from crisistui.tui.widgets.checklist import Checklist, bottom_line, short_role
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.keybar import KeyBar
from tests.conftest import DEMO_ORIGIN, screen_is, until

SIZES = pytest.mark.parametrize(
    "size", [(80, 24), (120, 36), (200, 60)], ids=["80x24", "120x36", "200x60"]
)


def screen_lines(app) -> list[str]:
    """The screen on top as a terminal shows it, one string per row."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text().splitlines()


def in_region(lines: list[str], region) -> list[str]:
    """The rows of ``lines`` inside a widget's region, cut to its columns."""
    return [line[region.x : region.right] for line in lines[region.y : region.bottom]]


async def open_crisis(pilot) -> Checklist:
    """The demo's peak, an incident opened from the alert, two tasks done, 20 minutes on."""
    app = pilot.app
    with app.batch_update():  # painted once at the peak: no test looks at the frames between
        while (app.clock.now() - DEMO_ORIGIN).total_seconds() < 3000:
            app.clock.advance(120)
            await app.collect_once()
    await pilot.press("i")
    await until(pilot, lambda: screen_is(app, NewIncidentScreen))
    await pilot.press("ctrl+s")
    await until(pilot, lambda: app.incident is not None)
    for task in ("open-incident-log", "assign-roles"):
        await app.store.set_task_done(app.incident.id, task, task, True, "tester", app.clock.now())
    app.clock.advance(1200)  # some tasks are overdue by now
    await app.collect_once()
    await app._reload_checklist()
    app.clear_notifications()
    checklist = app.query_one(Checklist)
    await until(pilot, lambda: checklist.overdue() and checklist.row_count)
    await pilot.pause()
    return checklist


@SIZES
async def test_mid_crisis_the_checklist_feed_and_footer_read_in_full(
    demo_app_factory, size
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        checklist = await open_crisis(pilot)
        lines = screen_lines(app)
        pane = app.query_one("#checklist-pane")

        # The bottom line is on screen in full: which incident, its severity, what is late.
        bottom = lines[pane.region.bottom - 1][pane.region.x : pane.region.right]
        late = len(checklist.overdue())
        assert f"#{app.incident.id}" in bottom
        assert "SEV" in bottom
        assert f"{late} overdue" in bottom
        # ...and its title keeps the count of tasks done (the playbook's name is cut first)
        top = lines[pane.region.y][pane.region.x : pane.region.right]
        assert f"/{len(checklist.data.tasks)}" in top, top

        # Enough tasks to work from (at 80×24 it used to be two), each mandatory one marked.
        inside = in_region(lines, checklist.region)
        task_rows = [row for row in inside if any(box in row for box in ("[ ]", "[x]", "[!]"))]
        assert len(task_rows) >= 7
        if late and size[0] <= 80:  # no room for due times: an overdue task's box says it
            assert any("[!]" in row for row in task_rows)
        mandatory = {t.title[:12] for t in checklist.data.tasks if t.mandatory}
        shown_mandatory = [row for row in task_rows if any(m in row for m in mandatory)]
        assert shown_mandatory
        assert all(" * " in row for row in shown_mandatory)

        # Every mention row names its author.
        feed = app.query_one(MentionFeed)
        rows = in_region(lines, feed.region)
        for shown, row in zip(feed.rows, rows, strict=False):
            assert (shown.mention.author or "?")[:8] in row

        # The keys' labels are whole ("y Co" was a cut "y Copy"), and the main ones fit.
        assert_keys_whole(app, lines[-1], at_least=6)


async def test_at_80x24_an_open_incident_gives_the_checklist_the_trends_rows(
    demo_app_factory,
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        trends = app.query_one("#trends-pane")
        checklist = await open_crisis(pilot)
        assert not trends.display
        assert checklist.region.height >= 9

        await resolve(pilot, checklist)
        await until(pilot, lambda: trends.display)  # the trends come back for the recovery


async def test_at_80x24_before_any_incident_the_bottom_line_says_how_to_open_one(
    demo_app_factory,
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.clock.advance(1200)
        await app.collect_once()
        await pilot.pause()
        pane = app.query_one("#checklist-pane")
        assert app.query_one("#trends-pane").display  # watching: the trends are in sight
        bottom = screen_lines(app)[pane.region.bottom - 1][pane.region.x : pane.region.right]
        assert "space opens an incident" in bottom


async def test_200x60_keeps_the_trends_during_an_incident(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(200, 60)) as pilot:
        await open_crisis(pilot)
        assert app.query_one("#trends-pane").display


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
async def test_other_screens_footers_fit_at_narrow_widths(demo_app_factory, size) -> None:
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await open_crisis(pilot)
        await pilot.press("S")
        await until(pilot, lambda: screen_is(app, StatementsScreen))
        await pilot.pause()
        assert_keys_whole(app, screen_lines(app)[-1], at_least=6)


@SIZES
async def test_toasts_stay_off_the_checklist(demo_app_factory, size) -> None:
    app = demo_app_factory()
    async with app.run_test(size=size, notifications=True) as pilot:
        checklist = await open_crisis(pilot)
        for n in range(3):
            app.notify(f"negative volume 16.4σ above this hour's norm ({n})", title="Severity")
        shown = 2 if size[1] < 30 else 3  # a short screen keeps two notices at once
        await until(pilot, lambda: len(app.screen.query(Toast)) == shown)
        await pilot.pause()
        pane = app.query_one("#checklist-pane").region
        lines = screen_lines(app)
        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(pane)
            # a right edge, so the feed's row beneath does not read on from the notice
            edge = toast.region.right - 1
            assert {lines[y][edge] for y in range(toast.region.y, toast.region.bottom)} == {"▎"}
        assert checklist.region.height


async def resolve(pilot, checklist: Checklist) -> None:
    app = pilot.app
    incident = app.incident
    for task in checklist.data.tasks:
        if task.mandatory:
            await app.store.set_task_done(
                incident.id, task.task_id, task.title, True, "tester", app.clock.now()
            )
    await app.store.set_status(
        incident.id, "resolved", "tester", app.clock.now(), playbook=app.playbook
    )
    await app._reload_checklist()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
async def test_a_resolved_incident_has_nothing_overdue(demo_app_factory, size) -> None:
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        checklist = await open_crisis(pilot)
        pane = app.query_one("#checklist-pane")
        assert "overdue" in str(pane.border_subtitle)

        def red_cells() -> list[str]:
            """Late tasks are red: the due time, or the box where there is no due column."""
            rows = [checklist.get_row(t.task_id) for t in checklist.visible_tasks()]
            return [cell.plain for row in rows for cell in row if "red" in str(cell.style)]

        assert red_cells()

        await resolve(pilot, checklist)
        app.clock.advance(3 * 3600)  # review tasks left open are not late either
        await app._reload_checklist()
        await pilot.pause()
        assert checklist.overdue() == []
        assert "overdue" not in str(pane.border_subtitle)
        assert "resolved" in str(pane.border_subtitle)
        assert red_cells() == []

        await pilot.press("w")  # nor on the meeting room's wall
        await until(pilot, lambda: screen_is(app, WallScreen))
        board = app.screen.query_one("#wall-incident")
        await until(pilot, lambda: "RESOLVED" in str(board.render()))
        assert "Overdue" not in str(board.render())
        assert "First public response: not recorded" in str(board.render())  # no clock runs


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
async def test_marks_and_roles_are_never_cut(demo_app_factory, size) -> None:
    """A long title gives way to its `*` and `✎N` marks; roles read as deliberate short forms."""
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        checklist = await open_crisis(pilot)
        task = next(t for t in checklist.data.tasks if t.mandatory and len(t.title) > 30)
        for n in range(2):
            await app.store.add_task_note(
                app.incident.id, task.task_id, task.title, f"note {n}", "tester", app.clock.now()
            )
        await app._reload_checklist()
        checklist.move_cursor(row=checklist.get_row_index(task.task_id), animate=False)
        await pilot.pause()
        lines = screen_lines(app)
        row = next(r for r in in_region(lines, checklist.region) if task.title[:10] in r)
        assert "… * ✎2" in row
        title = checklist.get_row(task.task_id)[1]
        assert title.plain.endswith(" * ✎2")
        if len(checklist.columns) > 2:  # the owner column: never "crisis le" or "spokesper"
            owners = {checklist.get_row(t.task_id)[2].plain for t in checklist.visible_tasks()}
            assert "lead" in owners and "comms" in owners
            assert not owners & {"crisis le", "spokesper", "communica", "engineeri"}


def test_role_short_forms() -> None:
    assert short_role("crisis lead") == "lead"
    assert short_role("spokesperson") == "spokes"
    assert short_role("communications") == "comms"
    assert short_role("executive sponsor") == "exec"
    assert short_role("legal") == "legal"
    # roles from config: kept if they fit, else their first word that is not a rank
    assert short_role("pr") == "pr"
    assert short_role("customer care lead") == "customer"
    assert short_role("Head of Investor Relations") == "investor"
    assert short_role("regulatory affairs") == "regulat."
    assert all(len(short_role(r)) <= 8 for r in ("a" * 30, "lead of everything", "x y z"))


def _incident(is_drill: bool = False) -> Incident:
    return Incident(
        3, "Check-in down", "service-outage", "service-outage", Status.INVESTIGATING, Severity.SEV1,
        DEMO_ORIGIN, "tester", None, is_drill, "",
    )  # fmt: skip


def test_bottom_line_gives_up_words_before_facts() -> None:
    """The narrow pane (80 columns) drops the word "incident" and the status, never the
    number, the drill mark, the severity or the overdue count."""
    open_one = _incident()
    assert bottom_line(open_one, 13, 60) == "incident #3 · SEV1 · investigating · 13 overdue"
    assert bottom_line(open_one, 13, 26) == "#3 · SEV1 · 13 overdue"
    assert bottom_line(_incident(is_drill=True), 13, 26) == "DRILL #3 · SEV1 · 13 late"
    assert cell_len(bottom_line(open_one, 13, 12)) <= 12
    resolved = replace(open_one, status=Status.RESOLVED, resolved_at=DEMO_ORIGIN)
    assert bottom_line(resolved, 0, 26) == "#3 · SEV1 · resolved"
    assert bottom_line(None, 0, 26) == "space opens an incident"


def _mention(text: str) -> Mention:
    return Mention(
        source="demo-x",
        external_id="1",
        text=text,
        created_at=DEMO_ORIGIN,
        subject="Acme Air",
        is_competitor=False,
        sentiment=-0.6,
        label=Sentiment.NEGATIVE,
        reach=240,
        fingerprint="f",
        author="@jetlover858",
        lang="en",
        id=1,
    )


@pytest.mark.parametrize(
    "text",
    ["Stuck at BOS again ✈️ thanks @AcmeAir", "❤️ crew, 👎🏽 app", "👨‍👩‍👧 stranded at gate D2 🏴‍☠️"],
)
@pytest.mark.parametrize("width", [43, 69, 116])
def test_emoji_rows_are_as_wide_as_terminals_draw_them(text, width) -> None:
    """tmux draws ``✈️`` in one cell (the selector adds nothing): a row measured otherwise
    ends early with a stray ``…``. Measured width must be the sum of the characters' own."""
    feed = MentionFeed(lambda: DEMO_ORIGIN + timedelta(seconds=30))
    row = feed.row_text(_mention(text), width, DEMO_ORIGIN + timedelta(seconds=30))
    drawn = sum(get_character_cell_size(c) for c in row.plain)
    assert cell_len(row.plain) == drawn == width
    assert "\ufe0f" not in row.plain and "\u200d" not in row.plain


@SIZES
async def test_feed_columns_stay_put_when_the_scrollbar_comes_and_goes(
    demo_app_factory, size
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        app.clock.advance(1200)
        await app.collect_once()
        feed = app.query_one(MentionFeed)
        await until(pilot, lambda: len(feed.mentions) > 40)
        many = list(feed.mentions)
        newest = many[0]

        def first_row() -> str:
            row = in_region(screen_lines(app), feed.region)[0]
            return row[: row.index(newest.text[:6])]

        await pilot.pause()
        with_scrollbar = first_row()
        feed.show(many[:3])  # a short list: no scrollbar
        await pilot.pause()
        assert first_row() == with_scrollbar
        feed.show(many)
        await pilot.pause()
        assert first_row() == with_scrollbar


def assert_keys_whole(app, bottom: str, at_least: int) -> None:
    """The bottom line shows at least ``at_least`` of the screen's keys, each label whole, and
    nothing of a key left out."""
    bar = app.screen.query_one(KeyBar)
    assert len(bar.shown) >= at_least, bar.shown
    for hint in bar.shown:
        assert f"{hint.display} {hint.description}".strip() in bottom
    for hint in bar.hints[len(bar.shown) :]:
        assert hint.description not in bottom.split(bar.shown[-1].description, 1)[-1]


@pytest.mark.parametrize("size", [(60, 20), (40, 12)])
async def test_under_70_columns_the_gauge_and_checklist_stay_on_screen(
    demo_app_factory, size: tuple[int, int]
) -> None:
    """Beside the feed they were pushed off a narrow screen, yet tab still gave the hidden
    checklist the focus and space ticked a task nobody could see. Under the feed now, and
    the checklist scrolls into sight when it takes the focus."""
    from crisistui.tui.widgets.gauge import SeverityGauge

    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await app.refresh_view()
        await pilot.pause()
        screen = app.screen.region
        gauge = app.query_one(SeverityGauge)
        assert screen.contains_region(gauge.region) or size == (40, 12)
        checklist = app.query_one(Checklist)
        await pilot.press("tab")
        await until(pilot, lambda: checklist.has_focus)
        await pilot.pause()
        visible = checklist.region.intersection(screen)
        assert visible.height >= 2 and visible.width >= size[0] - 4, "the focused list is seen"


async def test_a_console_started_again_shows_the_resolved_incident_under_review(
    demo_app_factory,
) -> None:
    """The review comes after resolving: a console started again shows that checklist, with
    its open review tasks, not one where a tick would open a new incident."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 36)) as pilot:
        checklist = await open_crisis(pilot)
        incident = app.incident
        review = [t for t in checklist.data.tasks if t.phase == "review" and t.mandatory]
        assert review, "the playbook has a mandatory review task"
        for task in checklist.data.tasks:
            if task.mandatory and task.phase != "review":
                await app.store.set_task_done(
                    incident.id, task.task_id, task.title, True, "tester", app.clock.now()
                )
        await app.store.set_status(
            incident.id, "resolved", "tester", app.clock.now(), playbook=app.playbook
        )
    again = demo_app_factory()
    async with again.run_test(size=(120, 36)) as pilot:
        checklist = again.query_one(Checklist)
        await until(pilot, lambda: checklist.data is not None and checklist.row_count > 0)
        assert again.incident is not None and again.incident.id == incident.id
        subtitle = str(again.query_one("#checklist-pane").border_subtitle)
        assert "resolved" in subtitle and "space opens one" not in subtitle
        for task in review:
            await again.store.set_task_done(
                incident.id,
                task.task_id,
                task.title,
                True,
                "tester",
                again.clock.now(),
                phase=task.phase,
            )
    third = demo_app_factory()  # its review done, a resolved incident is not shown again
    async with third.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: third.query_one(Checklist).data is not None)
        assert third.incident is None
        assert "space opens one" in str(third.query_one("#checklist-pane").border_subtitle)


def _in_sight(app, widget) -> int:
    """Rows of ``widget`` on the screen, clipped by what holds it."""
    from textual.errors import NoWidget

    try:
        return app.screen.find_widget(widget).visible_region.height
    except NoWidget:
        return 0


async def test_a_focused_checklist_stays_in_sight_when_the_terminal_shrinks(
    demo_app_factory,
) -> None:
    """Focused at 80×24, then the window made 40×15: the list shrank to its title line while
    space still ticked the task under its hidden cursor. It is scrolled into sight now."""
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await open_crisis(pilot)
        await pilot.press("tab")
        await until(pilot, lambda: checklist.has_focus)
        await pilot.resize_terminal(40, 15)
        await until(pilot, lambda: _in_sight(app, checklist) >= 2)


async def test_a_resize_noticed_as_the_checklist_goes_does_not_crash_the_console(
    demo_app_factory,
) -> None:
    """A resize posted by the checklist just before the console tore it down (closing, or a
    terminal shrunk during exit) reached the app after the list was gone and crashed it."""
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await open_crisis(pilot)
        message = Checklist.Resized(checklist)
        await checklist.remove()
        app.post_message(message)
        await pilot.pause()
        app.clock.advance(2)  # a second of the clock ticks with the list gone too
        app._tick_clock()
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None


async def test_space_on_a_checklist_out_of_sight_ticks_nothing_and_shows_it(
    demo_app_factory,
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(40, 15)) as pilot:
        checklist = await open_crisis(pilot)
        await pilot.press("tab")
        await until(pilot, lambda: checklist.has_focus)
        side = app.query_one("#side")
        side.scroll_home(animate=False)  # the gauge in sight, the focused list below it
        await until(pilot, lambda: _in_sight(app, checklist) == 0)
        before = [checklist.data.done(t.task_id) for t in checklist.data.tasks]
        await pilot.press("space")
        await until(pilot, lambda: _in_sight(app, checklist) >= 2)
        await app.workers.wait_for_complete()
        await app._reload_checklist()
        assert [checklist.data.done(t.task_id) for t in checklist.data.tasks] == before
        assert any("out of sight" in n.message for n in app._notifications)
        await pilot.press("space")  # in sight now: the task under the cursor is ticked
        await app.workers.wait_for_complete()

        async def ticked() -> bool:
            await app._reload_checklist()
            return [checklist.data.done(t.task_id) for t in checklist.data.tasks] != before

        await until(pilot, ticked)


@pytest.mark.parametrize("size", [(60, 20), (40, 15)])
async def test_under_70_columns_the_header_says_the_level(
    demo_app_factory, size: tuple[int, int]
) -> None:
    """Stacked under the feed, the gauge was scrolled away by a tab to the checklist, and
    nothing on the screen said the console was at critical. The header says it first."""
    from crisistui.tui.widgets.header import StatusHeader

    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await open_crisis(pilot)
        level = app.assessment.level.label.upper()
        header = app.query_one(StatusHeader)
        await until(pilot, lambda: str(header.content).startswith(f"{level} "))
        await pilot.press("tab")
        await pilot.pause()
        assert screen_lines(app)[0].strip().startswith(f"{level} ")
        await pilot.resize_terminal(100, 30)  # beside the feed, the gauge says it
        await until(pilot, lambda: str(header.content).startswith("crisistui · Acme Air"))


async def test_under_70_columns_a_notice_is_a_short_band_not_a_tower(demo_app_factory) -> None:
    """A side column's width made a competitor's notice 14 rows tall at 40 columns, over the
    stacked gauge and checklist."""
    app = demo_app_factory()
    async with app.run_test(size=(40, 15), notifications=True) as pilot:
        await until(pilot, lambda: app._last_assessed is not None)
        app.notify(
            "Zephyr Airlines rose to high: negative volume 4.1σ above this hour's norm (31 in "
            "15 min vs 6.2 expected); 12 customer-service terms",
            title="Competitor Zephyr Airlines",
            markup=False,
        )
        await until(pilot, lambda: bool(app.screen.query(Toast)))
        await pilot.pause()
        toast = app.screen.query_one(Toast)
        assert toast.region.height <= 4 and toast.region.width >= 30, toast.region


@pytest.mark.parametrize("size", [(60, 20), (40, 15)])
async def test_a_narrow_wall_keeps_the_whole_score_and_the_crisis_type(
    demo_app_factory, size: tuple[int, int]
) -> None:
    """The level's big letters took the row: at 60 columns the crisis type was gone, at 40
    the score read "CRITICAL 1" with its "/100" cut off. A plain word leaves them room."""
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await open_crisis(pilot)
        kind = app.assessment.crisis_type
        assert kind
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        await pilot.pause()
        band = "\n".join(screen_lines(app)[:8])
        assert app.assessment.level.label.upper() in band and "/100" in band
        if size[0] >= 60:
            assert kind in band


async def test_a_filtered_checklist_says_its_filter_at_80x24(demo_app_factory) -> None:
    """The playbook's name was cut to three letters and the filter fell off the end of the
    title ("Checklist · Ser… · 2/18 ·…"): nobody could tell which role was shown."""
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        checklist = await open_crisis(pilot)
        await pilot.press("tab")
        await until(pilot, lambda: checklist.has_focus)
        await pilot.press("r", "m")
        role = checklist.filter.role
        pane = app.query_one("#checklist-pane")

        def said() -> bool:
            title = str(pane.border_title)
            return f"role {role}, mine" in title and len(title) <= pane.size.width - 4

        await until(pilot, said)


async def test_a_widened_console_names_the_whole_playbook_on_the_checklist(
    demo_app_factory,
) -> None:
    """The checklist's title was cut to the width of the terminal it was first drawn in: a
    console started narrow and widened kept "Checklist · Serv… · 0/18"."""
    app = demo_app_factory()
    async with app.run_test(size=(40, 20)) as pilot:
        await open_crisis(pilot)
        pane = app.query_one("#checklist-pane")
        name = app.playbook.name
        await until(pilot, lambda: "…" in str(pane.border_title))
        await pilot.resize_terminal(170, 45)
        await until(pilot, lambda: f"Checklist · {name} · " in str(pane.border_title))


async def test_at_80_columns_the_alerts_say_which_level_each_change_went_to(
    demo_app_factory,
) -> None:
    """Time, incident, who and kind took the row and every summary read "Acme Air —": the
    level each change went to was only in the entry under the cursor. Narrower than 100
    columns the summary takes the incident's and the kind's room; wider, they come back."""
    from crisistui.tui.screens.alerts import AlertsScreen

    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_crisis(pilot)
        await pilot.press("A")
        await until(pilot, lambda: screen_is(app, AlertsScreen))
        table = app.screen.query_one("DataTable")
        await until(pilot, lambda: table.row_count > 0)
        await pilot.pause()
        rows = "\n".join(screen_lines(app)[2:8])
        assert "severity CRITICAL" in rows or "severity HIGH" in rows, rows
        count = table.row_count
        await pilot.resize_terminal(120, 36)
        await until(pilot, lambda: "what" in [str(c.label) for c in table.columns.values()])
        assert table.row_count == count


@pytest.mark.parametrize("width", [43, 69])
def test_a_three_letter_age_keeps_a_space_from_the_pane_border(width) -> None:
    """At 80 columns the feed is about 44 cells wide: "12s" flush against the border read
    as part of it ("│12s")."""
    now = DEMO_ORIGIN + timedelta(seconds=12)
    row = MentionFeed(lambda: now).row_text(_mention("On time, thanks Acme Air"), width, now)
    assert row.plain.startswith(" 12s ")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
async def test_a_short_screen_keeps_two_notices_an_older_error_before_older_news(
    demo_app_factory, size
) -> None:
    """Saving, asking for approval and approving each said so: at 80×24 four notices stacked
    over the statement the approver was reading."""
    app = demo_app_factory()
    async with app.run_test(size=size, notifications=True) as pilot:
        app.notify("Webhook refused the alert", title="Alert not sent", severity="error")
        for said in ("Statement saved", "Approval requested", "Approved; task ticked"):
            app.notify(said, markup=False)
        kept = 2 if size == (80, 24) else 4
        await until(pilot, lambda: len(app.screen.query(Toast)) == kept)
        await pilot.pause()
        shown = " ".join(str(t.render()) for t in app.screen.query(Toast))
        assert "Approved; task ticked" in shown and "Alert not sent" in shown
        assert ("Statement saved" in shown) is (kept == 4)


@pytest.mark.parametrize("size", [(60, 24), (44, 20)], ids=["60x24", "44x20"])
async def test_a_narrow_new_incident_form_says_its_labels_in_full(
    demo_app_factory, size: tuple[int, int]
) -> None:
    """At 60 columns the title's label lost "{incident_title}", the name the statements use."""
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: screen_is(app, NewIncidentScreen))
        await pilot.pause()
        words = " ".join(screen_lines(app)).split()
        form = " ".join(word for word in words if word.strip("█▊▎│┃"))  # borders left out
        assert "statements say it as {incident_title}" in form
        assert "Severity (SEV1 worst)" in form
