"""The console as a person uses it: keys in, what the panes show out."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from crisistui.analysis.severity import Level
from crisistui.cli import main as cli_main
from crisistui.tui.screens.detail import MentionDetail
from crisistui.tui.screens.help import HelpScreen
from crisistui.tui.widgets.checklist import Checklist
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.gauge import SeverityGauge
from tests.conftest import screen_is, until

HOSTILE = "[bold red]x[/] [@click=app.quit]q[/]"
ESCAPES = "\x1b]0;pwned\x07\x1b[31mred\x1b[0m \u202eevil"


async def import_hostile(
    db: Path,
    at: datetime,
    followers: tuple[int, int] = (50_000, 20_000),
    second_earlier: timedelta = timedelta(0),
) -> None:
    """Two negative brand mentions a stranger wrote to attack the screen: markup in the text
    and the author's name, terminal escapes and a bidi override; imported as a user would."""
    records = [
        {
            "source": "x",
            "id": "1",
            "text": f"Acme Air is awful and terrible {HOSTILE}",
            "created_at": at.isoformat(),
            "author": "[b]@mallory[/b]",
            "author_followers": followers[0],
        },
        {
            "source": "x",
            "id": "2",
            "text": f"Acme Air is horrible {ESCAPES}",
            "created_at": (at - second_earlier).isoformat(),
            "author": "@eve",
            "author_followers": followers[1],
        },
    ]
    jsonl = db.with_suffix(".jsonl")
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert await asyncio.to_thread(cli_main, ["import", str(jsonl), "--db", str(db)]) == 0


async def play_until(app, clock, offset_s: float, step_s: float = 60.0) -> None:
    """Advance the demo clock to ``offset_s`` after its origin, polling once per step. The
    screen is painted once, at the end: every pane still takes each step's data, but no test
    looks at the frames in between, which cost most of a step."""
    from tests.conftest import DEMO_ORIGIN

    with app.batch_update():
        while (clock.now() - DEMO_ORIGIN).total_seconds() < offset_s:
            clock.advance(step_s)
            await app.collect_once()


async def rise_to_high(app, clock) -> None:
    """Play the demo until its alert is high (about 25 scenario minutes in)."""
    await play_until(app, clock, 1400)
    with app.batch_update():
        while app.assessment.level < Level.HIGH:
            clock.advance(60)
            await app.collect_once()


async def test_feed_fills_newest_first_during_demo(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.collect_once()
        feed = app.query_one(MentionFeed)
        assert len(feed.mentions) > 100, "the calm history is loaded before live play"
        newest_before = feed.mentions[0].created_at
        await play_until(app, clock, 900)
        await pilot.pause()
        assert feed.mentions[0].created_at > newest_before
        assert len(feed.mentions) == app.config.console.feed_rows
        times = [m.created_at for m in feed.mentions]
        assert times == sorted(times, reverse=True)
        assert feed.mentions[0].created_at <= clock.now()
        assert "Mentions (" in str(app.query_one("#feed-pane").border_title)


async def test_gauge_rises_to_high_during_the_crisis_arc(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await play_until(app, clock, 1400)
        assert app.assessment is not None
        assert app.assessment.level == Level.NORMAL, app.assessment.drivers
        levels = []
        while (clock.now() - clock.now().replace(hour=8, minute=0)).total_seconds() < 5400:
            clock.advance(60)
            await app.collect_once()
            levels.append(app.assessment.level)
            if app.assessment.level >= Level.HIGH:
                break
        assert max(levels) >= Level.HIGH
        await pilot.pause()
        gauge = app.query_one(SeverityGauge)
        assert gauge.assessment.level >= Level.HIGH
        assert any("negative volume" in d for d in gauge.assessment.drivers)


async def test_ticked_task_survives_restart(demo_app_factory, tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    app = demo_app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        checklist = app.query_one(Checklist)
        await until(pilot, lambda: checklist.data is not None and checklist.row_count > 0)
        checklist.focus()
        await pilot.press("j", "space")
        ticked = checklist.task_at_cursor()
        assert ticked is not None
        await until(pilot, lambda: checklist.data.done(ticked.task_id))
        assert checklist.data.states[ticked.task_id].done
        await pilot.press("q")
    again = demo_app_factory(db)
    async with again.run_test(size=(120, 40)) as pilot:
        checklist = again.query_one(Checklist)
        await until(pilot, lambda: checklist.data is not None)  # read from the store
        assert checklist.data.states[ticked.task_id].done
        assert checklist.data.states[ticked.task_id].changed_by == "tester"
        row = checklist.get_row(ticked.task_id)
        assert row[0].plain == "[x]"


async def test_enter_opens_detail_and_escape_closes_it(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.collect_once()
        await pilot.press("j", "j", "enter")
        assert isinstance(app.screen, MentionDetail)
        chosen = app.query_one(MentionFeed).selected
        assert app.screen.mention.id == chosen.id
        await pilot.press("escape")
        assert not isinstance(app.screen, MentionDetail)


async def test_the_detail_names_the_crisis_terms_the_store_kept(demo_app_factory, clock) -> None:
    """The feed's rows carry no crisis terms; the detail reads them from the store, so the
    team sees why a mention counted where the gauge says an outage's terms are up."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await rise_to_high(app, clock)
        store = app.store
        termed = [
            m
            for m in await store.recent_mentions(500)
            if m.id is not None and await store.mention_triggers(m.id)
        ]
        shown = termed[0]
        assert not shown.triggers
        app.query_one(MentionFeed).post_message(MentionFeed.Opened(shown, ()))
        await until(pilot, lambda: isinstance(app.screen, MentionDetail))
        fields = app.screen.query_one("#fields", Static)

        def rows() -> dict[str, str]:
            table = fields.content
            return {name: value.plain for name, value in getattr(table, "rows", ())}

        await until(pilot, lambda: "Crisis terms" in rows())
        from crisistui.analysis.triggers import term_label

        kind, term = (await store.mention_triggers(shown.id))[0]
        assert f"{kind}: {term_label(term)}" in rows()["Crisis terms"]


async def test_question_mark_lists_every_key(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {b.key for _, bindings in app.screen.sections for b in bindings}
        assert {"space", "enter", "q", "s", "question_mark", "j,down", "g,home"} <= listed
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_a_refresh_overtaken_by_exit_ends_quietly(demo_app_factory) -> None:
    """Quitting while a refresh waits on the database must not end in a traceback: the
    panes it was about to redraw are being taken apart."""
    app = demo_app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: app.store is not None)
        store = app.store
        real_version = store.change_marker

        async def version_while_panes_go() -> int:
            await app.screen_stack[0].query_one("#feed-pane").remove()
            return await real_version()

        store.change_marker = version_while_panes_go
        await app.refresh_view()  # raised NoMatches before the fix
        store.change_marker = real_version


async def test_hostile_mention_text_is_shown_literally_and_does_nothing(
    demo_app_factory, tmp_path: Path, clock
) -> None:
    db = tmp_path / "hostile.db"
    await import_hostile(db, clock.now())
    app = demo_app_factory(db)
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.pause()
        feed = app.query_one(MentionFeed)
        by_id = {m.external_id: m for m in feed.mentions if m.source == "x"}
        hostile_row = feed.mentions.index(by_id["1"])
        feed.cursor = hostile_row
        await pilot.pause()
        line = feed.render_line(hostile_row - int(feed.scroll_y)).text
        assert "[bold red]x[/]" in line and "[@click=app.quit]" in line
        assert "[b]@mallory[/" in line
        escaped = feed.render_line(feed.mentions.index(by_id["2"]) - int(feed.scroll_y)).text
        assert "\x1b" not in escaped and "\u202e" not in escaped and "red" in escaped
        await pilot.click(MentionFeed, offset=(60, hostile_row - int(feed.scroll_y)))
        await pilot.press("enter")
        assert isinstance(app.screen, MentionDetail)
        text = app.screen.query_one("#text").render()
        assert HOSTILE in str(text)
        await pilot.click("#text")
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_new_mentions_do_not_move_the_selected_row(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.collect_once()
        feed = app.query_one(MentionFeed)
        await pilot.press(*["j"] * 30)
        chosen = feed.selected
        row_on_screen = feed.cursor - int(feed.scroll_y)
        await play_until(app, clock, 600)
        await pilot.pause()
        assert feed.mentions[0].created_at > chosen.created_at
        assert feed.selected.id == chosen.id
        assert feed.cursor - int(feed.scroll_y) == row_on_screen


async def test_quit_stops_the_collector_and_closes_the_database(demo_app_factory) -> None:
    app = demo_app_factory()
    app.setup.collect = True
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        collectors = [w for w in app.workers if w.group == "collector"]
        assert collectors and collectors[0].is_running
        await pilot.press("q")
    assert not app.is_running
    assert collectors[0].is_cancelled or collectors[0].is_finished
    assert not app.store.is_open


async def test_feed_follows_the_newest_while_on_the_first_row(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.collect_once()
        await play_until(app, clock, 3000, step_s=600)
        await pilot.pause()
        feed = app.query_one(MentionFeed)
        assert feed.cursor == 0 and feed.scroll_y == 0
        assert feed.selected.id == feed.mentions[0].id
        assert feed.selected.created_at > clock.now() - timedelta(minutes=10)


async def test_timeline_shows_each_change_with_its_actor(demo_app_factory) -> None:
    from textual.widgets import DataTable

    from crisistui.tui.screens.timeline import TimelineScreen

    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        app.query_one(Checklist).focus()
        await pilot.press("j", "space")
        await until(pilot, lambda: app.incident is not None)
        await pilot.press("t")
        await until(pilot, lambda: screen_is(app, TimelineScreen))
        await until(pilot, lambda: app.screen.query_one(DataTable).row_count >= 2)
        table = app.screen.query_one(DataTable)
        rows = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        kinds = [row[3] for row in rows]
        assert kinds[:2] == ["incident.opened", "task.done"]
        assert all(row[2] == "tester" for row in rows[:2])
        await pilot.press("escape")
        assert not isinstance(app.screen, TimelineScreen)


async def test_two_consoles_on_one_database_see_each_others_ticks(
    demo_app_factory, tmp_path: Path
) -> None:
    db = tmp_path / "warroom.db"
    first, second = demo_app_factory(db), demo_app_factory(db)
    async with first.run_test(size=(120, 30)) as pilot_a, second.run_test(size=(120, 30)):
        mine = first.query_one(Checklist)
        mine.focus()
        await pilot_a.press("j", "space")
        ticked = mine.task_at_cursor()
        await until(pilot_a, lambda: mine.data.done(ticked.task_id))  # stored by the first
        await second.refresh_view()
        other = second.query_one(Checklist)
        assert other.data.states[ticked.task_id].done
        assert other.get_row(ticked.task_id)[0].plain == "[x]"


async def test_n_opens_an_incident_with_the_chosen_playbook(demo_app_factory) -> None:
    from crisistui.tui.screens.new_incident import NewIncidentScreen

    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewIncidentScreen)
        await pilot.press(*"Check-in outage", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, NewIncidentScreen)
        incident = await app.store.current_incident()
        assert incident is not None and incident.title == "Acme Air: Check-in outage"
        assert app.incident is not None and app.incident.id == incident.id
        pane = app.query_one("#checklist-pane")
        assert f"incident #{incident.id}" in str(pane.border_subtitle)
        events = await app.store.events(incident.id)
        assert events[0].kind == "incident.opened" and events[0].actor == "tester"


async def test_i_opens_an_incident_from_the_alert_with_its_detection_time(
    demo_app_factory, clock
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")  # calm: nothing to open from
        assert app.screen is app.screen_stack[0]
        await rise_to_high(app, clock)
        raised = app.monitor.raised_at
        clock.advance(300)  # someone notices five minutes later
        await app.collect_once()
        await pilot.press("i", "enter")
        await pilot.pause()
        incident = await app.store.current_incident()
        # The likely crisis type picks the playbook; the title is fit for statements and the
        # alert's drivers are on the incident's timeline.
        assert incident is not None and incident.playbook == "service-outage"
        assert incident.title == "the Acme Air service outage"
        alert = next(e for e in await app.store.events(incident.id) if e.kind == "incident.alert")
        assert alert.details["crisis_type"] == "service-outage"
        assert "negative volume" in alert.summary and alert.details["drivers"]
        milestones = await app.store.milestones(incident.id)
        detected = next(m for m in milestones.values() if m.name == "detected")
        assert detected.at == raised.replace(microsecond=0)
        assert detected.at < incident.opened_at


async def test_panes_keep_updating_under_an_open_screen(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.collect_once()
        newest = app.query_one(MentionFeed).mentions[0].created_at
        await pilot.press("question_mark")
        await play_until(app, clock, 600)
        await pilot.press("escape")
        assert app.query_one(MentionFeed).mentions[0].created_at > newest


async def test_timeline_narrows_to_the_current_incident(demo_app_factory, clock) -> None:
    from crisistui.tui.screens.timeline import TimelineScreen
    from tests.conftest import until

    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.store.add_event(clock.now(), "engine", "severity.changed", "elsewhere")
        app.query_one(Checklist).focus()
        await pilot.press("j", "space")
        await until(pilot, lambda: app.incident is not None)
        await pilot.press("t")
        await until(pilot, lambda: screen_is(app, TimelineScreen))
        table = app.screen.query_one("DataTable")
        await until(pilot, lambda: table.row_count == 3)  # the level change, opened, ticked
        await pilot.press("c")
        await until(pilot, lambda: table.row_count == 2)
        assert f"incident #{app.incident.id}" in str(table.border_title)
        await pilot.press("c")
        await until(pilot, lambda: table.row_count == 3)


async def test_the_timeline_entry_under_the_cursor_is_read_in_full_at_80_columns(
    demo_app_factory, clock
) -> None:
    from crisistui.tui.screens.timeline import TimelineScreen
    from tests.test_layout_crisis import screen_lines

    app = demo_app_factory()
    summary = "negative volume 4.3σ above this hour's norm, " + "and a long tail of words " * 6
    async with app.run_test(size=(80, 24)) as pilot:
        await app.store.add_event(clock.now(), "engine", "severity.changed", summary.strip())
        await pilot.press("t")
        await until(pilot, lambda: screen_is(app, TimelineScreen))
        table = app.screen.query_one("DataTable")
        await until(pilot, lambda: table.row_count == 1)
        entry = app.screen.query_one("#entry")
        await until(pilot, lambda: "long tail" in str(entry.render()))
        lines = screen_lines(app)
        assert any("and a long tail of words and a long tail" in line for line in lines)
        assert sum(line.count("long tail") for line in lines) >= 6  # wrapped, never cut


async def test_a_second_console_is_told_the_alert_already_has_an_incident(
    demo_app_factory, clock, tmp_path: Path
) -> None:
    from crisistui.tui.screens.incident import IncidentScreen
    from crisistui.tui.screens.new_incident import NewIncidentScreen
    from crisistui.tui.screens.prompts import ChoicePrompt
    from tests.conftest import until

    db = tmp_path / "warroom.db"
    first, second = demo_app_factory(db), demo_app_factory(db, actor="ben")
    async with first.run_test(size=(120, 40)) as one, second.run_test(size=(120, 40)) as two:
        await rise_to_high(first, clock)
        await one.press("i")
        await until(one, lambda: screen_is(first, NewIncidentScreen))
        await one.press("ctrl+s")
        await until(one, lambda: first.incident is not None)

        await second.refresh_view()
        assert second.monitor.raised_at is not None
        await two.press("i")
        await until(two, lambda: screen_is(second, ChoicePrompt))
        assert f"incident #{first.incident.id}, opened by tester" in second.screen.heading
        await two.press("enter")  # show it
        await until(two, lambda: screen_is(second, IncidentScreen))
        assert second.screen.incident_id == first.incident.id
        assert len(await second.store.incidents()) == 1


async def test_two_consoles_filling_the_form_at_once_make_one_incident(
    demo_app_factory, clock, tmp_path: Path
) -> None:
    """Both consoles pressed i within a second; the second sent its form three seconds after
    the first and a second incident of the same alert was opened, the team split between
    them. Sent, the form now looks the alert up again."""
    from crisistui.tui.screens.incident import IncidentScreen
    from crisistui.tui.screens.new_incident import NewIncidentScreen
    from crisistui.tui.screens.prompts import ChoicePrompt
    from tests.conftest import until

    db = tmp_path / "warroom.db"
    first, second = demo_app_factory(db), demo_app_factory(db, actor="ben")
    async with first.run_test(size=(120, 40)) as one, second.run_test(size=(120, 40)) as two:
        await rise_to_high(first, clock)
        await second.refresh_view()
        await one.press("i")
        await two.press("i")
        await until(one, lambda: screen_is(first, NewIncidentScreen))
        await until(two, lambda: screen_is(second, NewIncidentScreen))
        await one.press("ctrl+s")
        await until(one, lambda: first.incident is not None)
        await two.press("ctrl+s")
        await until(two, lambda: screen_is(second, ChoicePrompt))
        assert f"this alert became incident #{first.incident.id}" in second.screen.heading
        await two.press("enter")  # show it
        await until(two, lambda: screen_is(second, IncidentScreen))
        assert second.screen.incident_id == first.incident.id
        assert len(await second.store.incidents()) == 1


async def test_a_person_opening_a_second_incident_is_told_the_first_is_their_own(
    demo_app_factory, clock, tmp_path: Path
) -> None:
    """Opening an incident, then another moments later, said "Meanwhile incident #1 was
    opened by root" to root, as if a colleague had; and i again on the alert said "opened by
    root" of their own incident."""
    from crisistui.tui.screens.new_incident import NewIncidentScreen
    from crisistui.tui.screens.prompts import ChoicePrompt
    from tests.conftest import until

    app = demo_app_factory(tmp_path / "warroom.db", actor="root")
    async with app.run_test(size=(120, 40)) as pilot:
        await rise_to_high(app, clock)
        await pilot.press("i")
        await until(pilot, lambda: screen_is(app, NewIncidentScreen))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.incident is not None)
        first = app.incident.id

        await pilot.press("i")
        await until(pilot, lambda: screen_is(app, ChoicePrompt))
        assert f"This alert is incident #{first}, opened by you" in app.screen.heading
        await pilot.press("escape")

        await pilot.press("n")
        await until(pilot, lambda: screen_is(app, NewIncidentScreen))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen_is(app, ChoicePrompt))
        assert f"You opened incident #{first} moments ago" in app.screen.heading
        assert "root" not in app.screen.heading
        await pilot.press("down", "enter")  # open this one too
        await until(pilot, lambda: app.incident is not None and app.incident.id != first)
        assert len(await app.store.incidents()) == 2


@pytest.mark.parametrize(("size", "ids"), [((60, 20), False), ((100, 40), True)])
async def test_narrow_help_says_what_each_key_does_before_its_binding_id(
    demo_app_factory, size: tuple[int, int], ids: bool
) -> None:
    """At 60 columns the binding ids kept their width and cut the actions to "Inci…"."""
    from tests.test_layout_crisis import screen_lines

    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: screen_is(app, HelpScreen))
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "Incident from alert" in shown
        assert ("app.incident_from_alert" in shown) is ids


async def test_a_level_change_is_on_the_timeline_once_however_many_consoles_watch(
    demo_app_factory, clock, tmp_path: Path
) -> None:
    """The process that collects records each change; a reading console beside it shows the
    level and records nothing (each one's copy put the same change on the incident timeline
    and in the review once per open console)."""
    from crisistui.config import demo_config
    from crisistui.domain.playbook import load_playbooks
    from crisistui.tui.app import ConsoleSetup, CrisisApp

    db = tmp_path / "team.db"
    collecting = demo_app_factory(db)
    reading = CrisisApp(
        ConsoleSetup(
            config=demo_config(), db_path=db, playbooks=load_playbooks(), clock=clock, mode="r"
        )
    )
    async with collecting.run_test(size=(120, 40)), reading.run_test(size=(120, 40)) as rp:
        await until(rp, lambda: reading.store is not None)
        await reading.refresh_view()  # it looks while calm, then at the rise
        await rise_to_high(collecting, clock)
        await reading.refresh_view()
        await until(rp, lambda: reading.assessment is not None)
        assert reading.assessment.level == collecting.assessment.level >= Level.HIGH
        changes = await collecting.store.recent_events(50, kinds=["severity.changed"])
        assert changes and {e.details["engine_run"] for e in changes} == {collecting.monitor.run}
        assert [e.details["to"] for e in changes][-1] == collecting.assessment.level.label


async def test_question_mark_opens_help_from_every_view(demo_app_factory) -> None:
    """keys.md lists "?" under "Everywhere": the views over the main screen hid it."""
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.store is not None)
        for key in ("t", "A", "x", "s"):
            await pilot.press(key)
            await until(pilot, lambda: len(app.screen_stack) == 2)
            view = app.screen
            await pilot.press("question_mark")
            await until(pilot, lambda: screen_is(app, HelpScreen))
            await pilot.press("escape")
            await until(pilot, lambda view=view: app.screen is view)
            await pilot.press("escape")
            await until(pilot, lambda: len(app.screen_stack) == 1)


async def test_a_long_name_leaves_the_summary_room_in_the_timeline_at_80_columns(
    demo_app_factory, clock
) -> None:
    """ "crisistui engine" in any row took 16 of 80 columns from every row's summary."""
    from crisistui.tui.screens.timeline import NARROW_WHO, TimelineScreen
    from tests.test_layout_crisis import screen_lines

    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.store.add_event(clock.now(), "crisistui engine", "note", "Severity HIGH")
        await app.store.add_event(clock.now(), "root", "note", "Task done: " + "word " * 20)
        await pilot.press("t")
        await until(pilot, lambda: screen_is(app, TimelineScreen))
        table = app.screen.query_one("DataTable")
        await until(pilot, lambda: table.row_count == 2)
        rows = [line for line in screen_lines(app) if "Task done:" in line]
        assert rows and "Task done: " + "word " * 6 + "word" in rows[0]
        assert table.get_row_at(0)[1].cell_len <= NARROW_WHO
