"""Copies in the feed: forty pastes of one text are one row that says "×40", enter lists who
posted them, and `=` gives every copy its own row again."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from crisistui.domain.clock import ManualClock
from crisistui.domain.models import Mention, RawItem, Sentiment
from crisistui.tui.screens.detail import MentionDetail, copies_table
from crisistui.tui.widgets.feed import MentionFeed, fold_copies
from tests.conftest import screen_is, until
from tests.test_campaign import LEAK, T0, campaign_app, play, processed


def line(feed: MentionFeed, row: int) -> str:
    """What the feed shows on a row of the list (scrolled into view first)."""
    return feed.render_line(row - int(feed.scroll_y)).text


def shown(widget: Static, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(widget.content)
    return " ".join(console.export_text().split())


def test_copies_fold_into_the_row_of_the_newest() -> None:
    texts = [
        f"{LEAK} #a1",  # newest
        "Acme Air lounge coffee was great this morning, thanks team",
        LEAK,
        "@AcmeAir where is refund 1234?",
        f"@AcmeAir {LEAK.upper()} https://t.co/x",
        "@AcmeAir where is refund 9876?",  # too short to match loosely: another customer
    ]
    items = [
        RawItem("x", str(i), text, T0 - timedelta(minutes=i), author=f"@p{i}")
        for i, text in enumerate(texts)
    ]
    mentions = processed(items)
    rows = fold_copies(mentions)
    assert [r.mention.external_id for r in rows] == ["0", "1", "3", "5"]
    assert [c.external_id for c in rows[0].copies] == ["2", "4"]
    assert [r.size for r in rows] == [3, 1, 1, 1]


def test_a_complaint_never_folds_into_the_row_of_a_compliment() -> None:
    """Short texts are copies by their words alone, and emoji are no words: "Acme Air 😡😡😡"
    was folded into the row of "Acme Air 👍👍" and hidden from triage."""
    texts = ["Acme Air 👍👍", "Acme Air 😡😡😡", "Acme Air 👍👍", "Acme Air 😡😡😡"]
    items = [
        RawItem("x", str(i), text, T0 - timedelta(minutes=i), author=f"@p{i}")
        for i, text in enumerate(texts)
    ]
    rows = fold_copies(processed(items))
    assert [(r.mention.external_id, r.size) for r in rows] == [("0", 2), ("1", 2)]
    assert rows[0].mention.label is not rows[1].mention.label
    # long texts too: hashtags and emoji are no words of a copy
    long = "Flying Acme Air to Paris tomorrow with my whole family"
    texts = [f"{long} 👍👍 #blessed", f"{long} 😡😡😡 #nightmare #fail", f"{long} 👍"]
    items = [
        RawItem("x", str(i), text, T0 - timedelta(minutes=i), author=f"@p{i}")
        for i, text in enumerate(texts)
    ]
    rows = fold_copies(processed(items))
    assert [(r.mention.external_id, r.size) for r in rows] == [("0", 2), ("1", 1)]


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_a_pasted_text_is_one_row_and_enter_lists_who_posted_it(
    tmp_path: Path, clock: ManualClock, size: tuple[int, int]
) -> None:
    app = campaign_app(tmp_path, clock)
    async with app.run_test(size=size) as pilot:
        await play(app, clock, 10)
        feed = app.query_one(MentionFeed)
        await until(pilot, lambda: any(r.size == 40 for r in feed.rows))
        pasted = next(i for i, r in enumerate(feed.rows) if r.size == 40)
        assert len(feed.rows) == len(feed.mentions) - 39
        assert pasted < 30, "the campaign is among the newest rows"
        assert all(r.size == 1 for i, r in enumerate(feed.rows) if i != pasted)

        feed.focus()
        await pilot.press(*["j"] * pasted)
        assert feed.cursor == pasted
        assert "×40 LEAKED memo" in line(feed, pasted)
        await pilot.press("enter")
        await until(pilot, lambda: screen_is(app, MentionDetail))
        detail = app.screen.query_one("#copies", Static)
        listed = shown(detail, size[0])
        assert "×40 the same text 40 times, from 40 accounts; the copies:" in listed
        assert app.screen.mention.author == "@bot39", "the row is the newest copy"
        for k in (0, 1, 20, 38):
            assert f"@bot{k:02d}" in listed
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, MentionDetail))

        chosen = feed.selected
        await pilot.press("=")  # every copy on its own row, the same mention still selected
        assert len(feed.rows) == len(feed.mentions)
        assert feed.selected == chosen
        visible = [line(feed, int(feed.scroll_y) + y) for y in range(feed.size.height)]
        assert not any("×" in text for text in visible)
        assert sum("LEAKED memo" in text for text in visible) >= 2
        assert sum(r.mention.text.startswith("LEAKED memo") for r in feed.rows) == 40

        await pilot.press("=")
        assert any(r.size == 40 for r in feed.rows) and feed.selected == chosen


async def test_new_copies_keep_the_selected_row_selected(
    tmp_path: Path, clock: ManualClock
) -> None:
    app = campaign_app(tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(app, clock, 3)
        feed = app.query_one(MentionFeed)
        feed.focus()
        await until(pilot, lambda: any(r.size > 3 for r in feed.rows))
        await pilot.press("j", "j", "j", "j", "j")
        chosen = feed.selected
        await play(app, clock, 7)  # more copies arrive: their row moves up to the newest
        await until(pilot, lambda: any(r.size == 40 for r in feed.rows))
        assert feed.selected == chosen


async def test_triage_on_a_grouped_row_says_its_other_copies_are_left(
    tmp_path: Path, clock: ManualClock
) -> None:
    """`a` on a "×5" row acknowledged its newest copy only, and the toast said nothing of the
    four others, which the incident's report then counted as untriaged."""
    app = campaign_app(tmp_path, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await play(app, clock, 10)
        feed = app.query_one(MentionFeed)
        await until(pilot, lambda: any(r.size == 40 for r in feed.rows))
        pasted = next(i for i, r in enumerate(feed.rows) if r.size == 40)
        feed.focus()
        await pilot.press(*["j"] * pasted, "a")
        said = lambda: [n.message for n in app._notifications if "acknowledged" in n.message]  # noqa: E731
        await until(pilot, said)
        assert said()[-1].endswith(
            "acknowledged; not the 39 other copies in its row (each in the triage queue, u)"
        ), said()
        single = next(i for i, r in enumerate(feed.rows) if r.size == 1)
        app.clear_notifications()
        await pilot.press(
            *(["k"] * (pasted - single) if single < pasted else ["j"] * (single - pasted)), "a"
        )
        await until(pilot, said)
        assert "other cop" not in said()[-1]


async def test_the_triage_queue_keeps_one_row_per_mention(
    tmp_path: Path, clock: ManualClock
) -> None:
    from crisistui.tui.screens.triage_queue import TriageQueueScreen

    app = campaign_app(tmp_path, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await play(app, clock, 10)
        app.push_screen(TriageQueueScreen(app.triage_desk))
        await until(pilot, lambda: screen_is(app, TriageQueueScreen))
        queue = app.screen.feed
        await until(pilot, lambda: bool(queue.mentions))
        assert len(queue.rows) == len(queue.mentions)
        await pilot.press("=")
        assert len(queue.rows) == len(queue.mentions), "each copy is triaged on its own"


def test_copies_over_several_days_say_the_day_of_each() -> None:
    """A campaign pasted over days listed "09:14:02" for copies two days apart; within one
    day the time alone is enough."""

    def copy(n: int, at: datetime) -> Mention:
        return Mention(
            "x", str(n), "LEAKED memo", at, "Acme Air", False, -0.5, Sentiment.NEGATIVE, 10,
            "f", author=f"@bot{n}",
        )  # fmt: skip

    noon = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

    def listed(*moments: datetime) -> str:
        newest, *older = [copy(n, at) for n, at in enumerate(moments)]
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(copies_table(newest, older))
        return console.export_text()

    spread = listed(noon, noon - timedelta(days=2), noon - timedelta(days=3))
    for at in (noon - timedelta(days=2), noon - timedelta(days=3)):
        assert at.astimezone().strftime("%d %b %H:%M:%S") in spread
    one_day = listed(noon, noon - timedelta(minutes=5))
    assert (noon - timedelta(minutes=5)).astimezone().strftime("%H:%M:%S") in one_day
    assert (noon - timedelta(minutes=5)).astimezone().strftime("%d %b") not in one_day


def test_a_brands_post_never_folds_into_a_rivals_row() -> None:
    """Hashtags are no words of a copy, so "… #AcmeAir" and "… #ZephyrAirlines" were one
    text, and the brand's posts hid under the rival's row, "About: Zephyr Airlines"."""
    long = "Loved the new lounge and the flat white, best start to a trip"
    texts = [f"{long} #ZephyrAirlines", f"{long} #AcmeAir", f"{long} #ZephyrAirlines"]
    items = [
        RawItem("x", str(i), text, T0 - timedelta(minutes=i), author=f"@p{i}")
        for i, text in enumerate(texts)
    ]
    rows = fold_copies(processed(items))
    subjects = [(r.mention.subject, r.size) for r in rows]
    assert subjects == [("Zephyr Airlines", 2), ("Acme Air", 1)]
    assert all(len({r.mention.subject, *(c.subject for c in r.copies)}) == 1 for r in rows)
