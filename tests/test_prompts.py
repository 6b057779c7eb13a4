"""The small questions the console asks show what people typed literally, markup included."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList

from crisistui.tui.screens.prompts import ChoicePrompt, TextEditor, TextPrompt

HOSTILE = "[bold red]pwned[/] \x1b]52;c;ZXZpbA==\x07"


class Host(App[None]):
    pass


def shown(title: object) -> str:
    """What a border title puts on the screen (titles are markup unless escaped)."""
    return Content.from_markup(str(title)).plain


async def test_typed_text_in_headings_and_options_is_never_markup() -> None:
    app = Host()
    answers: list[str | None] = []
    async with app.run_test() as pilot:
        app.push_screen(TextPrompt(f"Published on {HOSTILE}", HOSTILE, HOSTILE), answers.append)
        await pilot.pause()
        title = shown(app.screen.query_one(Vertical).border_title)
        assert title.startswith("Published on [bold red]pwned[/]")  # literal, not styled
        assert "\x1b" not in title and "52;c" not in title  # the escape sequence is gone
        assert app.screen.query_one(Input).value == HOSTILE
        await pilot.press("enter")
        assert answers == [HOSTILE.strip()]

        app.push_screen(ChoicePrompt("Pick", [(HOSTILE, "a"), ("other", "b")]), answers.append)
        await pilot.pause()
        option = app.screen.query_one(OptionList).get_option_at_index(0)
        assert "[bold red]pwned[/]" in str(option.prompt)
        assert "\x1b" not in str(option.prompt)  # control characters never reach the terminal
        await pilot.press("enter")
        assert answers[-1] == "a"

        app.push_screen(TextEditor(HOSTILE, "t", "b"), answers.append)
        await pilot.pause()
        assert "[bold red]pwned[/]" in shown(app.screen.query_one(Vertical).border_title)
        await pilot.press("escape")
        assert answers[-1] is None


async def test_an_empty_answer_is_refused_unless_allowed() -> None:
    app = Host()
    answers: list[str | None] = []
    async with app.run_test() as pilot:
        app.push_screen(TextPrompt("Note", "Text"), answers.append)
        await pilot.pause()
        await pilot.press("space", "enter")
        assert answers == [] and isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        app.push_screen(TextPrompt("Assign", "Who", "ana", allow_empty=True), answers.append)
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        assert answers == [None, ""]


async def test_choosing_another_playbook_changes_an_unedited_title_only() -> None:
    from textual.widgets import Select

    from crisistui.domain.playbook import load_playbooks
    from crisistui.tui.screens.new_incident import NewIncidentScreen

    playbooks = load_playbooks()
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        form = NewIncidentScreen(
            "From alert",
            "default: service-outage",
            playbooks,
            "service-outage",
            title_for=lambda p: f"default: {p.id}",
        )
        app.push_screen(form)
        await pilot.pause()
        title, playbook = form.query_one("#title", Input), form.query_one("#playbook", Select)
        playbook.value = "data-breach"
        await pilot.pause()
        assert title.value == "default: data-breach"
        title.value = "the check-in outage"
        playbook.value = "boycott"
        await pilot.pause()
        assert title.value == "the check-in outage"


async def test_lessons_and_statements_never_send_escapes(demo_app_factory, clock) -> None:
    from crisistui.tui.screens.incident import IncidentScreen
    from crisistui.tui.screens.statements import StatementsScreen
    from tests.conftest import screen_is, until

    evil = "Line one\x1b]0;PWNED\x07 [b]bold?[/b]\nline two\x1b[2J\u202e"
    app = demo_app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        incident = await app.store.open_incident("t", "misc", "default", "ana", clock.now())
        await app.store.set_lessons(incident.id, evil, "ana", clock.now())
        await app.store.create_statement(incident.id, "Title\x1b[31m", evil, "ana", clock.now())
        await app._reload_checklist()
        await pilot.press("I")
        await until(pilot, lambda: screen_is(app, IncidentScreen))
        shown = str(app.screen.query_one("#incident-facts").render())
        assert "Line one [b]bold?[/b]\nline two" in shown
        assert "\x1b" not in shown and "\u202e" not in shown
        await pilot.press("escape", "S")
        await until(pilot, lambda: screen_is(app, StatementsScreen))
        await until(pilot, lambda: bool(app.screen.statements))
        shown = str(app.screen.query_one("#statement-text").render())
        assert "[b]bold?[/b]" in shown and "\x1b" not in shown


def test_typed_times_are_the_latest_such_moment_not_in_the_future() -> None:
    from datetime import date, datetime, time, timedelta

    import pytest

    from crisistui.tui.desk import time_today

    def local(day: date, hh: int, mm: int, ss: int = 0) -> datetime:
        return datetime.combine(day, time(hh, mm, ss)).astimezone()

    today = date(2026, 3, 10)
    now = local(today, 9, 10, 40)
    assert time_today("09:05", now) == local(today, 9, 5, 59)  # a minute means its end
    assert time_today("09:05:30", now) == local(today, 9, 5, 30)
    assert time_today("9:10", now) == now  # the current minute is now
    with pytest.raises(ValueError, match="in the future"):
        time_today("09:30", now)
    with pytest.raises(ValueError, match="not a time like"):
        time_today("nine", now)
    with pytest.raises(ValueError, match="not a time like"):  # overflowed, and crashed the app
        time_today("9223372036854775808:00", now)
    after_midnight = local(today, 0, 5)
    assert time_today("23:59", after_midnight) == local(today - timedelta(days=1), 23, 59, 59)
    morning = local(today, 10, 0)  # last night's milestone, recorded the next morning
    assert time_today("21:00", morning) == local(today - timedelta(days=1), 21, 0, 59)


async def test_repeated_values_in_a_choice_do_not_break_it() -> None:
    app = Host()
    answers: list[str | None] = []
    async with app.run_test() as pilot:
        app.push_screen(ChoicePrompt("Channel", [("x", "x"), ("x again", "x")]), answers.append)
        await pilot.pause()
        await pilot.press("down", "enter")
        assert answers == ["x"]


async def test_a_choice_opens_clear_of_the_notices_before_it() -> None:
    """Three notices of what had just been done covered the lower half of the channel list."""
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        for n in range(3):
            app.notify(f"Statement #{n} approved", markup=False)
        await pilot.pause()
        assert app._notifications
        app.push_screen(ChoicePrompt("Published on", [("x", "x"), ("status page", "s")]))
        await pilot.pause()
        assert not app._notifications


async def test_a_choice_stops_at_its_ends_rather_than_wrapping_round() -> None:
    """Down past "resolved" came round to "investigating": a status moved back unasked."""
    app = Host()
    answers: list[str | None] = []
    statuses = [(s, s) for s in ("investigating", "responding", "monitoring", "resolved")]
    async with app.run_test() as pilot:
        app.push_screen(ChoicePrompt("Status", statuses, selected="monitoring"), answers.append)
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")
        app.push_screen(ChoicePrompt("Status", statuses, selected="responding"), answers.append)
        await pilot.pause()
        await pilot.press("k", "up", "up", "enter")
        assert answers == ["resolved", "investigating"]


def test_a_playbook_with_a_template_id_twice_is_refused(tmp_path) -> None:
    import pytest

    from crisistui.config import ConfigError
    from crisistui.domain.playbook import load_playbook

    path = tmp_path / "twice.toml"
    path.write_text(
        'id = "twice"\nname = "Twice"\nphases = ["respond"]\nchannels = ["x", "x"]\n'
        '[[tasks]]\nid = "t"\nphase = "respond"\ntitle = "T"\n'
        '[[statements]]\nid = "resolved"\ntitle = "R"\nbody = "B"\n'
        '[[faq]]\nid = "resolved"\ntitle = "Q"\nbody = "A"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"faq\[0\]\.id: 'resolved' is used twice"):
        load_playbook(path)


async def test_a_burst_of_keys_closes_a_question_once_and_never_the_screen_below() -> None:
    # Keys bunched up by a slow SSH link all reach the option list before the first enter has
    # closed it: the second enter answered again and closed the screen underneath too.
    app = Host()
    answers: list[str | None] = []
    async with app.run_test() as pilot:
        below = TextPrompt("Below", "Text", "kept")
        app.push_screen(below, answers.append)
        app.push_screen(ChoicePrompt("Pick", [("one", "a"), ("two", "b")]), answers.append)
        await pilot.pause()
        for key in ("enter", "down", "enter"):
            app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause()
        assert answers == ["a"]
        assert app.screen is below
        await pilot.press("escape")  # the screen below still answers for itself
        assert answers == ["a", None]


async def test_editing_keys_in_a_burst_apply_in_the_order_typed() -> None:
    # Textual applies backspace, ctrl+u, enter after the letters typed behind them: over a
    # slow SSH link "ab⌫c⏎" answered "ab", and ctrl+u then "bob" answered "" (a role freed).
    app = Host()
    answers: list[str | None] = []
    async with app.run_test() as pilot:
        for start, keys in (
            ("", [("a", "a"), ("b", "b"), ("backspace", None), ("c", "c")]),
            ("root", [("ctrl+u", None), ("b", "b"), ("o", "o"), ("b", "b")]),
        ):
            app.push_screen(TextPrompt("Role", "Who", start, allow_empty=True), answers.append)
            await pilot.pause()
            for key, character in [*keys, ("enter", None)]:
                app.post_message(events.Key(key, character))
            await pilot.pause()
            await pilot.pause()
    assert answers == ["ac", "bob"]


async def test_a_question_mark_typed_into_an_answer_is_a_character() -> None:
    """ "?" opens help from every view, and is still typed into a text field."""
    app = Host()
    answers: list[str | None] = []
    async with app.run_test() as pilot:
        app.push_screen(TextPrompt("Note", "Text"), answers.append)
        await pilot.pause()
        await pilot.press("w", "h", "y", "question_mark", "enter")
    assert answers == ["why?"]


async def test_a_long_label_is_read_whole_at_120_columns() -> None:
    """The publish prompt's label, "At (HH:MM or HH:MM:SS, local time; a minute means its last
    second; {time} in the text gets this time)", was cut at the box's edge."""
    from tests.test_layout_crisis import screen_lines

    label = (
        "At (HH:MM or HH:MM:SS, local time; a minute means its last second; {time} in the "
        "text gets this time)"
    )
    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        app.push_screen(TextPrompt("Published on x", label, "10:42"))
        await pilot.pause()
        on_screen = " ".join(" ".join(line.strip(" ┃▌▐█") for line in screen_lines(app)).split())
        assert label in on_screen


async def test_a_typed_half_space_is_kept_in_a_line_and_in_a_statement() -> None:
    """Persian writes a half-space (ZWNJ) inside words; typed, Textual dropped it (it is not
    "printable"), so "دیده‌ایم" was saved as "دیدهایم" and a filter found nothing."""
    from textual.keys import _character_to_key

    async def typed(pilot, text: str) -> None:
        """Each character as a terminal's input parser hands it over (the pilot's own
        ``press`` gives a key it cannot name no character)."""
        for char in text:
            pilot.app._driver.send_message(events.Key(_character_to_key(char), char))
            await pilot.pause()

    app = Host()
    answers: list[object] = []
    async with app.run_test() as pilot:
        app.push_screen(TextPrompt("Filter", "Words"), answers.append)
        await pilot.pause()
        await typed(pilot, "دیده\u200cایم")
        await pilot.press("enter")
        assert answers == ["دیده\u200cایم"]

        app.push_screen(TextEditor("Statement", None, ""), answers.append)
        await pilot.pause()
        await typed(pilot, "دیده\u200cایم")
        await pilot.press("ctrl+s")
        assert answers[-1] == ("", "دیده\u200cایم")


async def test_a_heading_the_border_cuts_is_written_out_whole() -> None:
    """At 80 columns "You opened incident #12 moments ago: Acme Air: the current issue at
    Acme Air" lost its end in the box's border; a short heading stays in the border alone."""
    from tests.test_layout_crisis import screen_lines

    long = "You opened incident #12 moments ago: Acme Air: the current issue at Acme Air"
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ChoicePrompt(long, [("Show incident #12", "show"), ("Open", "new")]))
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(" ".join(line.strip(" ┃▌▐█") for line in screen_lines(app)).split())
        assert long in shown
        app.pop_screen()
        app.push_screen(ChoicePrompt("Pick", [("a", "a")]))
        await pilot.pause()
        await pilot.pause()
        assert not app.screen.query_one("#heading").display
