"""`/` on the console's feed, as a person uses it during the demo."""

from __future__ import annotations

import re

from textual.content import Content

from crisistui.domain.models import Sentiment
from crisistui.domain.text import fold
from crisistui.tui.screens.help import HelpScreen
from crisistui.tui.screens.wall import WallScreen
from crisistui.tui.widgets.feed import MentionFeed
from crisistui.tui.widgets.filter_bar import FilterBar
from tests.conftest import DEMO_ORIGIN, screen_is, until
from tests.test_console import play_until

REFUND = re.compile(r"(?<![0-9a-z])refund(?![0-9a-z])")


def title(app) -> str:
    """The feed pane's title as it reads on screen."""
    return Content.from_markup(app.query_one("#feed-pane").border_title).plain


def says_refund(text: str) -> bool:
    return bool(REFUND.search(fold(text)))


async def type_filter(pilot, text: str) -> None:
    app = pilot.app
    await pilot.press("slash")
    await until(pilot, lambda: app.query_one(FilterBar).has_focus)
    bar = app.query_one(FilterBar)
    bar.value = ""
    await pilot.press(*text, "enter")


async def test_slash_filters_the_feed_and_the_border_says_so(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 2400)
        feed = app.query_one(MentionFeed)
        everything = len(feed.mentions)
        await type_filter(pilot, "refund sentiment:neg")
        await until(pilot, lambda: "filter:" in title(app))
        rows = feed.mentions
        assert 0 < len(rows) < everything
        assert all(says_refund(m.text) and m.label is Sentiment.NEGATIVE for m in rows)
        times = [m.created_at for m in rows]
        assert times == sorted(times, reverse=True)
        assert title(app) == f"Mentions · {len(rows)} shown · filter: refund sentiment:neg"
        bar = app.query_one(FilterBar)
        assert not bar.is_open and feed.has_focus

        await pilot.press("slash")  # the bar opens with the filter in force, to refine it
        await until(pilot, lambda: bar.has_focus)
        assert bar.value == "refund sentiment:neg"
        await pilot.press(*" from:@nobody_here", "enter")
        await until(pilot, lambda: "nobody_here" in title(app))
        assert feed.mentions == []
        assert "no mention matches" in feed.render_line(0).text


async def test_matching_mentions_keep_arriving_live(demo_app_factory, clock, scenario) -> None:
    # A minute of the story where both a refund mention and others arrive.
    step = next(
        start
        for start in range(1500, 10_000, 60)
        if any(start < line.offset_s <= start + 60 and says_refund(line.item["text"])
               for line in scenario)
    )  # fmt: skip
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, step)
        assert (clock.now() - DEMO_ORIGIN).total_seconds() == step
        await type_filter(pilot, "refund")
        await until(pilot, lambda: "filter:" in title(app))
        feed = app.query_one(MentionFeed)
        before = {m.id for m in feed.mentions}
        last = await app.store.last_mention_id()

        clock.advance(60)
        await app.collect_once()
        await pilot.pause()
        arrived = await app.store.recent_mentions(1000, after_id=last)
        matching = {m.id for m in arrived if says_refund(m.text)}
        others = {m.id for m in arrived if not says_refund(m.text)}
        assert matching and others
        shown = {m.id for m in feed.mentions}
        assert matching <= shown and not (others & shown)
        assert shown == before | matching
        assert feed.mentions[0].id in matching, "the newest match is on top"
        assert title(app).startswith(f"Mentions · {len(feed.mentions)} shown · ")


async def test_an_emoji_filters_the_feed(demo_app_factory, clock) -> None:
    """During a storm people search for its emoji; the demo's travellers write ✈️."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 2400)
        feed = app.query_one(MentionFeed)
        everything = len(feed.mentions)
        await type_filter(pilot, "✈")
        await until(pilot, lambda: "filter:" in title(app))
        rows = feed.mentions
        assert 0 < len(rows) < everything
        assert all("✈" in m.text for m in rows)


async def test_escape_or_an_empty_filter_clears_it(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 1200)
        feed = app.query_one(MentionFeed)
        everything = [m.id for m in feed.mentions]
        for clear in (["escape"], ["slash", "escape"], ["slash", "ctrl+u", "enter"]):
            await type_filter(pilot, "sentiment:pos")
            await until(pilot, lambda: "filter:" in title(app))
            assert all(m.label is Sentiment.POSITIVE for m in feed.mentions)
            assert [m.id for m in feed.mentions] != everything
            await pilot.press(*clear)
            await until(pilot, lambda: "filter:" not in title(app))
            assert [m.id for m in feed.mentions] == everything, clear
            assert title(app).startswith("Mentions (")
            assert feed.has_focus and not app.query_one(FilterBar).is_open


async def test_a_bad_qualifier_is_named_and_the_filter_stays(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 1200)
        feed = app.query_one(MentionFeed)
        await type_filter(pilot, "sentiment:neg")
        await until(pilot, lambda: "filter:" in title(app))
        shown = [m.id for m in feed.mentions]
        app.clear_notifications()

        await type_filter(pilot, "refund mood:angry")
        await until(pilot, lambda: bool(app._notifications))
        [note] = list(app._notifications)
        assert "unknown qualifier mood:" in note.message and note.severity == "error"
        assert title(app) == f"Mentions · {len(shown)} shown · filter: sentiment:neg"
        assert [m.id for m in feed.mentions] == shown
        bar = app.query_one(FilterBar)
        assert bar.is_open and bar.value == "refund mood:angry", "left to correct"

        # a second wrong try replaces the first notice: tries stacked over the next screen
        bar.value = "refund sentiment:angry"
        await pilot.press("enter")
        await until(pilot, lambda: "sentiment:" in list(app._notifications)[-1].message)
        [note] = list(app._notifications)
        assert note.title == "Filter not changed"

        # corrected, the filter reads: its refusal is taken down, not left beside the title
        bar.value = "refund sentiment:neg"
        await pilot.press("enter")
        await until(pilot, lambda: "filter: refund sentiment:neg" in title(app))
        assert not [n for n in app._notifications if n.title == "Filter not changed"]

        await pilot.press("escape")
        await until(pilot, lambda: "filter:" not in title(app))


async def test_markup_in_a_filter_is_shown_literally(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 600)
        await type_filter(pilot, "[bold]x[/] [@click=app.quit]q[/]")
        await until(pilot, lambda: "filter:" in title(app))
        assert app.is_running
        assert title(app) == "Mentions · 0 shown · filter: [bold]x[/] [@click=app.quit]q[/]"


async def test_a_reach_longer_than_any_number_filters_and_the_console_stays(
    demo_app_factory, clock
) -> None:
    """A digit key held down must not take the console down in the middle of a crisis."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 600)
        feed = app.query_one(MentionFeed)
        everything = len(feed.mentions)
        await type_filter(pilot, "reach:>" + "9" * 25)
        await until(pilot, lambda: "filter:" in title(app))
        assert app.is_running and feed.mentions == []
        await play_until(app, clock, 900)  # the live part reads through the filter too
        assert app.is_running and feed.mentions == []

        await type_filter(pilot, "reach:<" + "9" * 25)
        await until(pilot, lambda: "· 0 shown" not in title(app))
        assert len(feed.mentions) >= everything


async def test_a_pasted_list_of_hundreds_of_authors_is_refused_and_the_console_stays(
    demo_app_factory, clock
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 600)
        await pilot.press("slash")
        bar = app.query_one(FilterBar)
        await until(pilot, lambda: bar.has_focus)
        bar.value = " ".join(f"from:@fan{n}" for n in range(600))
        await pilot.press("enter")
        await until(pilot, lambda: bool(app._notifications))
        [note] = list(app._notifications)
        assert "at most" in note.message and note.severity == "error"
        assert app.is_running and title(app).startswith("Mentions (")


async def test_the_palette_offers_the_filter_only_over_the_feed(demo_app_factory) -> None:
    """Chosen on the wall, the line opened on the hidden console and, back there, took the
    next keys pressed as filter text."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:

        def offered() -> bool:
            return "Filter mentions" in [c.title for c in app.get_system_commands(app.screen)]

        await until(pilot, lambda: app.store is not None)
        assert offered()
        await pilot.press("w")
        await until(pilot, lambda: screen_is(app, WallScreen))
        assert not offered()


async def test_triage_keys_work_on_the_filtered_rows(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 2400)
        await type_filter(pilot, "refund")
        await until(pilot, lambda: "filter:" in title(app))
        feed = app.query_one(MentionFeed)
        target = feed.mentions[1]
        await pilot.press("j", "a")

        async def acknowledged() -> bool:
            triage = await app.store.triage(target.id)
            return triage is not None and triage.state == "acknowledged"

        await until(pilot, acknowledged)
        assert feed.triage[target.id].state == "acknowledged"
        assert says_refund(target.text)


async def test_help_lists_the_filter_keys(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: screen_is(app, HelpScreen))
        ids = {b.id for _, bindings in app.screen.sections for b in bindings}
        assert {"feed.filter", "feed.clear_filter", "filter.clear"} <= ids


def burst(app, keys: str) -> None:
    """Keys arriving together, as a paste or a slow SSH link delivers them: all of them are
    in the console's queue before the first is handled."""
    from textual import events

    for character in keys:
        key = {"/": "slash", "#": "number_sign"}.get(character, character)
        app._driver.send_message(events.Key(key, character))


async def test_keys_typed_in_one_burst_after_slash_go_into_the_bar(demo_app_factory, clock) -> None:
    """ "/delayed" typed fast used to dismiss, link and acknowledge the selected mention (d,
    l, a) before the bar took the keys; every letter goes into the bar now."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 1200)
        feed = app.query_one(MentionFeed)
        selected = feed.selected
        assert selected is not None and selected.id is not None
        burst(app, "/delayed")
        bar = app.query_one(FilterBar)
        await until(pilot, lambda: bar.value == "delayed")
        await pilot.pause()
        assert bar.has_focus and bar.value == "delayed"
        assert await app.store.triage(selected.id) is None, "no key acted on the mention"


async def test_keys_typed_in_one_burst_after_a_tag_key_go_into_its_prompt(
    demo_app_factory, clock
) -> None:
    from textual.widgets import Input

    from crisistui.tui.screens.prompts import TextPrompt

    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 1200)
        feed = app.query_one(MentionFeed)
        selected = feed.selected
        assert selected is not None and selected.id is not None
        burst(app, "#dal")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt))
        prompt = app.screen.query_one(Input)
        await until(pilot, lambda: prompt.value.endswith("dal"))
        assert await app.store.triage(selected.id) is None, "not dismissed, not acknowledged"


async def test_opening_the_filter_finds_where_its_walk_begins(demo_app_factory, clock) -> None:
    """While a filter is typed the store finds the bounds of the walk's windows, so the first
    filter answers as fast as later ones."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await play_until(app, clock, 600)
        assert not app.store._known_windows()
        await pilot.press("slash")
        await until(pilot, lambda: app.query_one(FilterBar).has_focus)
        await app.workers.wait_for_complete()
        assert app.store._known_windows()


async def test_an_error_about_the_filter_leaves_the_filter_line_in_sight(
    demo_app_factory,
) -> None:
    from textual.widgets._toast import Toast

    app = demo_app_factory()
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await type_filter(pilot, "sentiment:bad")
        await until(pilot, lambda: len(app.screen.query(Toast)) == 1)
        bar = app.query_one(FilterBar)
        assert bar.is_open and bar.value == "sentiment:bad"  # still there to correct
        await pilot.pause()
        (toast,) = app.screen.query(Toast)
        assert not toast.region.overlaps(bar.region)
        await pilot.press("escape")
        await until(pilot, lambda: not bar.is_open)
        assert not app.screen.has_class("-filtering")


async def test_tab_leaves_the_filter_line_for_the_feed(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash")
        bar = app.query_one(FilterBar)
        await until(pilot, lambda: bar.has_focus)
        await pilot.press("tab")
        await until(pilot, lambda: app.query_one(MentionFeed).has_focus)
        assert not bar.is_open


async def test_slash_from_the_checklist_opens_the_feeds_filter(demo_app_factory) -> None:
    """With the checklist focused `/` did nothing, and a query's letters ran as keys: "a"
    asked to assign a task (filled with "rootg:cebuano"), "n" opened a new-incident form, and
    enter then assigned the task and opened an incident titled "lang:cebuano"."""
    from crisistui.tui.widgets.checklist import Checklist

    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.store is not None)
        checklist = app.query_one(Checklist)
        checklist.focus()
        await until(pilot, lambda: checklist.has_focus)
        await pilot.press("slash")
        bar = app.query_one(FilterBar)
        await until(pilot, lambda: bar.has_focus)
        await pilot.press(*"lang:cebuano", "enter")
        await until(pilot, lambda: "lang:cebuano" in title(app))
        assert screen_is(app, type(app.screen)) and app.screen is app.screen_stack[0]
        assert await app.store.incidents() == []


async def test_at_80_columns_a_long_filter_leaves_the_count_on_screen(
    demo_app_factory, clock
) -> None:
    """The count came after the filter and was cut to "…" at 80 columns: it comes first."""
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await play_until(app, clock, 2400)
        feed = app.query_one(MentionFeed)
        await type_filter(pilot, "lang:!en sentiment:neg reach:>10")
        await until(pilot, lambda: "filter:" in title(app))
        await pilot.pause()
        top = app.query_one("#feed-pane").region.y
        border = "".join(segment.text for segment in app.screen._compositor.render_strips()[top])
        assert f"{len(feed.mentions)} shown" in border, border


async def test_an_emoji_with_a_skin_tone_keeps_the_bar_and_the_notice_in_their_cells(
    demo_app_factory, clock
) -> None:
    """Rich counted "👍🏽" four cells where tmux draws two: the bar's line and the notice
    repeating it ended two cells short of the border."""
    app = demo_app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash")
        await until(pilot, lambda: app.query_one(FilterBar).has_focus)
        bar = app.query_one(FilterBar)
        bar.insert_text_at_cursor("👍🏽 ✈️ 👨‍👩‍👧 دیده‌ایم")
        assert bar.value == "👍 ✈ 👨👩👧 دیده‌ایم"  # the half-space between letters stays
        app.notify("Incident #3 opened: Gate chaos 👍🏽✈️", title="👍🏽")
        await until(pilot, lambda: bool(app._notifications))
        (notice,) = list(app._notifications)
        assert (notice.message, notice.title) == ("Incident #3 opened: Gate chaos 👍✈", "👍")
