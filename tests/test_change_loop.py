"""One change loop: the console notices new data once a beat and every screen follows it.

What a person at the console notices: a colleague's change (written on another connection)
appears without a key; a screen with nothing new does not read the store again; a flood of
batches between two beats costs one read, not one per batch; a change that lands while a
screen is reading is shown after that read, not lost; the timeline adds new rows under the
ones shown and keeps the row the person is on.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.app import App
from textual.widgets import DataTable

from crisistui.config import demo_config
from crisistui.domain.clock import ManualClock
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.playbook import load_playbooks
from crisistui.store import open_store
from crisistui.tui.app import ConsoleSetup, CrisisApp
from crisistui.tui.changes import Reloader
from crisistui.tui.feed_reading import DEEPEST_READ
from crisistui.tui.screens.statements import StatementsScreen
from crisistui.tui.screens.timeline import TimelineScreen
from crisistui.tui.widgets.feed import MentionFeed
from tests.conftest import screen_is, until

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _mention(n: int, at: datetime) -> Mention:
    return Mention(
        source="x",
        external_id=f"m{n}",
        text=f"Acme Air flight {n} was delayed again",
        created_at=at,
        subject="Acme Air",
        is_competitor=False,
        sentiment=-0.4,
        label=Sentiment.NEGATIVE,
        reach=10,
        fingerprint=f"{n:016x}",
        author=f"flyer{n}",
        lang="en",
    )


async def _console(tmp_path: Path, events: int = 3) -> tuple[CrisisApp, Path]:
    """A reading console over a file with a few mentions and ``events`` timeline events."""
    db = tmp_path / "beat.db"
    async with await open_store(db) as store:
        await store.add_mentions([_mention(n, T0 - timedelta(minutes=n)) for n in range(5)], T0)
        for n in range(events):
            await store.add_event(T0 + timedelta(seconds=n), "kim", "note", f"event {n}")
    config = demo_config()
    # The test gives every beat itself (``refresh_view``), so the count of reads is exact.
    slow = config.console.model_copy(update={"refresh_seconds": 10.0})
    config = config.model_copy(update={"console": slow})
    setup = ConsoleSetup(
        config=config,
        db_path=db,
        playbooks=load_playbooks(),
        clock=ManualClock(T0 + timedelta(minutes=5)),
        mode="test",
        actor="tester",
        collect=False,
    )
    return CrisisApp(setup), db


class CallCount:
    """Counts the calls of an async method of ``owner`` from now on."""

    def __init__(self, owner: object, name: str) -> None:
        self.calls = 0
        original = getattr(owner, name)

        async def wrapper(*args: object) -> object:
            self.calls += 1
            return await original(*args)

        setattr(owner, name, wrapper)


async def _settle(pilot) -> None:
    """Let the beat's message reach the screens and their reads finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_reload_asked_for_while_one_runs_runs_once_more_however_often_asked() -> None:
    class Host(App[None]):
        pass

    gate = asyncio.Event()
    loads: list[int] = []

    async def load() -> None:
        loads.append(len(loads))
        await gate.wait()

    async with Host().run_test() as pilot:
        reloader = Reloader(pilot.app, load, "test-reload")
        reloader.request()
        await until(pilot, lambda: len(loads) == 1)
        for _ in range(50):  # a flood of changes while the first read is slow
            reloader.request()
        gate.set()
        await pilot.app.workers.wait_for_complete()
        assert len(loads) == 2, "one read for all the changes that came during the first"
        assert not reloader.busy


async def test_a_colleagues_event_is_added_under_the_rows_and_the_cursor_stays(
    tmp_path: Path,
) -> None:
    app, db = await _console(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        await pilot.press("t")
        await until(pilot, lambda: screen_is(app, TimelineScreen))
        table = app.screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count == 3)
        await pilot.press("g")  # the person reads the first event
        first_key = table.coordinate_to_cell_key((0, 0)).row_key

        async with await open_store(db) as colleague:
            await colleague.add_event(T0 + timedelta(minutes=1), "omar", "note", "from omar")
        await app.refresh_view()  # the console's next beat
        await until(pilot, lambda: table.row_count == 4)
        assert str(table.get_row_at(3)[4]) == "from omar"
        assert table.cursor_row == 0
        assert table.coordinate_to_cell_key((0, 0)).row_key == first_key


async def test_a_screen_reads_again_only_when_what_it_shows_moved(tmp_path: Path) -> None:
    app, db = await _console(tmp_path, events=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        assert app.store is not None
        incident = await app.store.open_incident("Delays", "service-outage", "default", "k", T0)
        await app.store.create_statement(incident.id, "Holding", "We know.", "kim", T0)
        reads = CallCount(app.store, "statements")
        app.push_screen(StatementsScreen(app.desk(), incident.id))
        await until(pilot, lambda: screen_is(app, StatementsScreen))
        await until(pilot, lambda: len(app.screen.statements) == 1)
        await app.refresh_view()  # the statement and the incident: the response moved
        await _settle(pilot)
        opened = reads.calls

        for _ in range(5):  # beats with nothing new
            await app.refresh_view()
            await _settle(pilot)
        assert reads.calls == opened, "no read while nothing moved"

        async with await open_store(db) as colleague:  # more mentions: not the screen's data
            await colleague.add_mentions([_mention(9, T0)], T0)
        await app.refresh_view()
        await _settle(pilot)
        assert reads.calls == opened

        async with await open_store(db) as colleague:
            await colleague.create_statement(incident.id, "Update", "Fixed.", "omar", T0)
        await app.refresh_view()
        await until(pilot, lambda: len(app.screen.statements) == 2)
        assert reads.calls == opened + 1


async def test_many_batches_between_two_beats_cost_one_read_of_the_feed(tmp_path: Path) -> None:
    app, db = await _console(tmp_path, events=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        feed = app.query_one(MentionFeed)
        await until(pilot, lambda: len(feed.mentions) == 5)
        reads = CallCount(app.feed_filter, "rows")
        async with await open_store(db) as collector:
            for batch in range(20):
                await collector.add_mentions([_mention(100 + batch, T0)], T0)
        await app.refresh_view()
        assert reads.calls == 1
        assert len(feed.mentions) == 25
        await app.refresh_view()
        assert reads.calls == 1, "nothing new: the feed is not read"


async def test_a_change_landing_during_a_read_is_shown_after_it(tmp_path: Path) -> None:
    app, db = await _console(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        await pilot.press("t")
        await until(pilot, lambda: screen_is(app, TimelineScreen))
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        table = screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count == 3)

        gate = asyncio.Event()
        load = screen._load_all

        async def slow(after: int) -> list:
            found = await load(after)
            await gate.wait()
            return found

        screen._load_all = slow
        async with await open_store(db) as colleague:
            await colleague.add_event(T0 + timedelta(minutes=1), "omar", "note", "first")
        await app.refresh_view()  # a read begins, and is slow
        async with await open_store(db) as colleague:
            await colleague.add_event(T0 + timedelta(minutes=2), "omar", "note", "second")
        await app.refresh_view()  # a beat while it runs
        gate.set()
        await until(pilot, lambda: table.row_count == 5)
        assert [str(table.get_row_at(i)[4]) for i in (3, 4)] == ["first", "second"]


async def test_beats_and_clock_ticks_with_nothing_new_lay_nothing_out(tmp_path: Path) -> None:
    """The header's clock changes every second and the panes are given their figures every
    beat; with nothing else new, none of it lays the screen out again (a layout of the whole
    screen each second was a large share of a flooded console's work)."""
    app, _db = await _console(tmp_path, events=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        await _settle(pilot)
        screen = app.screen
        layouts = 0
        original = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            nonlocal layouts
            layouts += 1
            original(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        clock = app.clock
        assert isinstance(clock, ManualClock)
        for _ in range(4):
            clock.advance(1)
            app._tick_clock()
            await app.refresh_view()
            await _settle(pilot)
        assert layouts == 0
        assert "09:05:04" in str(app.query_one("StatusHeader").render()), "the clock moved"


async def test_beats_that_move_nothing_paint_none_of_the_panes(tmp_path: Path) -> None:
    """Polls and beats that bring nothing new (the clock standing still) repaint neither the
    header, the trend bars and labels, nor the share board: under a flood, every repaint is
    work a key waits behind."""
    from textual.widget import Widget

    from crisistui.tui.widgets.header import StatusHeader
    from crisistui.tui.widgets.share_board import ShareBoard
    from crisistui.tui.widgets.sparklines import SubjectTrend

    app, _db = await _console(tmp_path, events=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        await _settle(pilot)
        watched = (StatusHeader, ShareBoard, SubjectTrend)
        painted: list[str] = []
        original = Widget.refresh

        def counted(self: Widget, *args: object, **kwargs: object) -> Widget:
            if isinstance(self, watched) or any(isinstance(a, watched) for a in self.ancestors):
                painted.append(type(self).__name__)
            return original(self, *args, **kwargs)  # type: ignore[arg-type]

        Widget.refresh = counted  # type: ignore[method-assign]
        try:
            for _ in range(3):
                app._tick_clock()  # what each poll does
                await app.refresh_view()
                await _settle(pilot)
        finally:
            Widget.refresh = original  # type: ignore[method-assign]
        assert painted == []


async def test_new_mentions_beneath_an_opaque_screen_repaint_nothing_until_it_closes(
    tmp_path: Path,
) -> None:
    """With a mention open (the detail hides the console), new mentions arriving every beat
    repaint nothing: the hidden panes used to repaint the detail screen in full each beat of
    a flood, and the person's keys waited behind it. Closing the detail shows the feed with
    every mention that came meanwhile, the newest on top."""
    from crisistui.tui.screens.detail import MentionDetail

    app, db = await _console(tmp_path, events=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        await _settle(pilot)
        feed = app.query_one(MentionFeed)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MentionDetail))
        await _settle(pilot)
        compositor = app.screen._compositor
        repaints: list[bool] = []
        original = compositor.render_update

        def counted(*args: object, **kwargs: object) -> object:
            repaints.append(True)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        compositor.render_update = counted  # type: ignore[method-assign]
        for beat in range(3):
            async with await open_store(db) as collector:
                moment = T0 + timedelta(minutes=1)
                arriving = [_mention(100 + beat * 10 + n, moment) for n in range(10)]
                await collector.add_mentions(arriving, T0)
            await app.refresh_view()
            await _settle(pilot)
        assert len(feed.mentions) == 35, "the hidden feed still took every new mention"
        assert repaints == [], "the open detail was not repainted for what it hides"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, MentionDetail))
        await _settle(pilot)
        assert "flight 129 " in feed.render_line(0).text, "shown again, newest on top"


async def test_a_batch_longer_than_the_feed_shows_its_newest_by_time(tmp_path: Path) -> None:
    """An import of 1,000 posts dated just now, the newest first in the file, showed the
    oldest 300 of them: the feed read the batch's last-stored rows."""
    app, db = await _console(tmp_path, events=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        feed = app.query_one(MentionFeed)
        await until(pilot, lambda: len(feed.mentions) == 5)
        size = app.config.console.feed_rows + 100
        newest_first = [
            _mention(1000 + n, T0 + timedelta(minutes=9, seconds=-n)) for n in range(size)
        ]
        async with await open_store(db) as importer:
            await importer.add_mentions(newest_first, T0)
        await app.refresh_view()
        rows = app.config.console.feed_rows
        shown = [m.external_id for m in feed.mentions[:rows]]
        assert shown == [m.external_id for m in newest_first[:rows]]


def _distinct(n: int, at: datetime) -> Mention:
    """A mention whose words are its own: no copy of any other."""
    words = ("cabin", "gate", "lounge", "crew", "meal", "seat", "wifi", "boarding", "pilot")
    said = " ".join(f"{words[(n // 9**k) % 9]}{k}" for k in range(3))
    return dataclasses.replace(_mention(n, at), text=f"Acme Air {said} today, number {n}")


async def test_copies_longer_than_the_feed_leave_room_for_the_other_mentions(
    tmp_path: Path,
) -> None:
    """A pasted text 300 times newer than everything else folded the whole feed into one row
    and left the pane blank beneath it."""
    app, db = await _console(tmp_path, events=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        feed = app.query_one(MentionFeed)
        await until(pilot, lambda: len(feed.mentions) == 5)
        others = [_distinct(200 + n, T0 + timedelta(seconds=n)) for n in range(150)]
        pasted = dataclasses.replace(_mention(1, T0), text="Acme Air lost my bag, never again!!")
        copies = [
            dataclasses.replace(pasted, external_id=f"c{n}", author=f"bot{n}",
                                created_at=T0 + timedelta(minutes=5, seconds=n))
            for n in range(app.config.console.feed_rows + 20)
        ]  # fmt: skip
        async with await open_store(db) as collector:
            await collector.add_mentions(others, T0)
            await collector.add_mentions(copies, T0 + timedelta(minutes=9))
        await app.refresh_view()
        assert feed.rows[0].size == len(copies)
        below = {row.mention.external_id for row in feed.rows[1:]}
        assert {m.external_id for m in others} <= below
        feed.action_toggle_grouping()  # each copy on its own row: the feed's own length again
        await app.refresh_view()
        assert not feed.grouping and len(feed.rows) >= app.config.console.feed_rows


async def test_a_flood_of_one_campaigns_copies_does_not_make_every_beat_read_deeper(
    tmp_path: Path,
) -> None:
    """Reading further back for rows hidden by copies found none in a flood of one campaign,
    and every beat then sorted and folded thousands of mentions (enter took 100 ms at p95
    under 500 a second instead of 47): the feed keeps its own length until as many new
    mentions have come as it read."""
    app, db = await _console(tmp_path, events=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        feed = app.query_one(MentionFeed)
        await until(pilot, lambda: len(feed.mentions) == 5)
        rows = app.config.console.feed_rows
        pasted = dataclasses.replace(_mention(1, T0), text="Acme Air lost my bag, never again!!")

        def copies(first: int, count: int) -> list[Mention]:
            return [
                dataclasses.replace(pasted, external_id=f"c{n}", author=f"bot{n}",
                                    created_at=T0 + timedelta(seconds=n))
                for n in range(first, first + count)
            ]  # fmt: skip

        async with await open_store(db) as collector:
            await collector.add_mentions(copies(0, rows * DEEPEST_READ + 50), T0)
        await app.refresh_view()
        assert len(feed.mentions) == rows and feed.rows[0].size == rows
        reads = CallCount(app.feed_filter, "rows")
        async with await open_store(db) as collector:
            await collector.add_mentions(copies(10_000, 20), T0)
        await app.refresh_view()
        assert reads.calls == 1 and len(feed.mentions) == rows


async def test_a_deeper_read_that_finds_some_other_mentions_keeps_them(tmp_path: Path) -> None:
    """Fewer than a screenful of other mentions behind a campaign is still what the feed is
    for: the feed keeps the deeper read that found them."""
    app, db = await _console(tmp_path, events=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.refresh_view()
        feed = app.query_one(MentionFeed)
        await until(pilot, lambda: len(feed.mentions) == 5)
        rows = app.config.console.feed_rows
        others = [_distinct(200 + n, T0 + timedelta(seconds=n)) for n in range(50)]
        pasted = dataclasses.replace(_mention(1, T0), text="Acme Air lost my bag, never again!!")
        copies = [
            dataclasses.replace(pasted, external_id=f"c{n}", author=f"bot{n}",
                                created_at=T0 + timedelta(minutes=5, seconds=n))
            for n in range(rows * 4 + 100)
        ]  # fmt: skip
        async with await open_store(db) as collector:
            await collector.add_mentions(others, T0)
            await collector.add_mentions(copies, T0 + timedelta(minutes=9))
        await app.refresh_view()
        below = {row.mention.external_id for row in feed.rows[1:]}
        assert {m.external_id for m in others} <= below
        await app.refresh_view()  # a beat later, still there
        assert {m.external_id for m in others} <= {r.mention.external_id for r in feed.rows}
