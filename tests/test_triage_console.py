"""Mention triage as a person does it: keys on the feed, the queue and the detail view."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crisistui.domain.models import Sentiment
from crisistui.domain.statements import fill, placeholder_values
from crisistui.tui.screens.detail import MentionDetail
from crisistui.tui.screens.prompts import ChoicePrompt, TextPrompt
from crisistui.tui.screens.reply import ReplyPicker, ReplyView
from crisistui.tui.screens.triage_queue import TriageQueueScreen
from crisistui.tui.widgets.feed import MentionFeed
from tests.conftest import screen_is, until
from tests.test_console import import_hostile, play_until

pytestmark = pytest.mark.both_backends  # the response's consoles: the store contract


def mark(feed: MentionFeed, mention) -> str:
    """The triage mark in a mention's row (after the age and the sentiment mark)."""
    return feed.row_text(mention, 80, feed._now()).plain[7]


async def triage_when(pilot, app, mention_id, check):
    """The mention's triage once ``check`` holds (the store write runs on its own thread)."""
    from tests.conftest import until

    found = {}

    async def ready() -> bool:
        found["t"] = await app.store.triage(mention_id)
        return bool(check(found["t"]))

    await until(pilot, ready)
    return found["t"]


async def _mention_events(app) -> list:
    return [e for e in await app.store.events() if e.kind.startswith("mention.")]


async def test_a_key_on_the_top_row_acts_on_the_mention_read_there(demo_app_factory, clock) -> None:
    """Once someone has moved to the top (`g`), the mention on it stays chosen while newer
    ones arrive above it, and `d` dismisses that one, not the newest: the feed followed the
    newest on its first row, so a key pressed a second later hit a post nobody had read."""
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 1800)
        feed = app.query_one(MentionFeed)
        await pilot.press("j", "g")
        read = feed.selected
        assert feed.cursor == 0 and read.id == feed.mentions[0].id
        await play_until(app, clock, 2400)
        await pilot.pause()
        assert feed.mentions[0].created_at > read.created_at  # newer ones came in above
        assert feed.selected.id == read.id and feed.cursor > 0
        height = feed.scrollable_content_region.height
        assert 0 <= feed.cursor - int(feed.scroll_y) < height  # and still in sight
        await pilot.press("d")
        dismissed = await triage_when(pilot, app, read.id, lambda t: t is not None)
        assert dismissed.state == "dismissed"
        assert await app.store.triage(feed.mentions[0].id) is None
        await pilot.press("g")  # the newest again
        assert feed.selected.id == feed.mentions[0].id


async def test_triage_keys_on_the_feed_write_through_the_store(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 1800)
        feed = app.query_one(MentionFeed)
        first, second, third, fourth = feed.mentions[:4]

        await pilot.press("a")  # no incident yet: triage still works
        acked = await triage_when(pilot, app, first.id, lambda t: t is not None)
        assert acked is not None and acked.state == "acknowledged"
        assert acked.updated_by == "tester" and acked.updated_at == clock.now().replace(
            microsecond=0
        )
        assert acked.incident_id is None
        assert mark(feed, first) == "✓"

        await pilot.press("j", "d")
        dismissed = await triage_when(pilot, app, second.id, lambda t: t is not None)
        assert dismissed.state == "dismissed"
        assert mark(feed, second) == "✗"

        await pilot.press("j", "o")  # assign: the prompt offers the console's user
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("a", "n", "a", "enter")
        assigned = await triage_when(pilot, app, third.id, lambda t: t is not None)
        assert assigned.state == "assigned" and assigned.assignee == "ana"

        clock.advance(240)
        await pilot.press("number_sign")  # tag: keeps the assignee
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"Refund, legal", "enter")
        tagged = await triage_when(pilot, app, third.id, lambda t: bool(t.tags))
        assert tagged.tags == ("legal", "refund") and tagged.assignee == "ana"
        assert tagged.state == "assigned"
        # who assigned it when stays: the tag was another act, which the timeline keeps
        assert (tagged.updated_at, tagged.updated_by) == (assigned.updated_at, "tester")

        await pilot.press("j", "l")  # nothing to link to yet
        await pilot.pause()
        assert await app.store.triage(fourth.id) is None
        assert any("No incident is open" in n.message for n in app._notifications)

        await pilot.press("n", *"Check-in outage", "enter")
        await pilot.pause()
        assert app.incident is not None
        await pilot.press("l")
        linked = await triage_when(pilot, app, fourth.id, lambda t: t is not None)
        assert linked.incident_id == app.incident.id and linked.state == "acknowledged"

        await pilot.press("k", "r")  # the tagged, assigned mention is answered
        replied = await triage_when(pilot, app, third.id, lambda t: t.state == "replied")
        assert replied.state == "replied" and replied.assignee == "ana"
        assert replied.tags == ("legal", "refund") and replied.incident_id == app.incident.id

        events = await _mention_events(app)
        assert [(e.kind, e.details["mention_id"]) for e in events] == [
            ("mention.acknowledged", first.id),
            ("mention.dismissed", second.id),
            ("mention.assigned", third.id),
            ("mention.tagged", third.id),
            ("mention.acknowledged", fourth.id),
            ("mention.replied", third.id),
        ]
        assert {e.actor for e in events} == {"tester"}
        assert events[3].at - events[2].at == timedelta(seconds=240)
        assert events[3].summary == f"Mention #{third.id} tagged [legal, refund]"
        assert events[4].incident_id == app.incident.id
        assert f"linked to incident #{app.incident.id}" in events[4].summary


async def test_detail_view_triages_the_mention_it_shows(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 600)
        mention = app.query_one(MentionFeed).mentions[1]
        await pilot.press("j", "enter")
        assert isinstance(app.screen, MentionDetail)
        assert "Not triaged yet" in str(app.screen.query_one("#triage").render())
        await pilot.press("d")
        await pilot.pause()
        assert (await app.store.triage(mention.id)).state == "dismissed"
        assert "Dismissed by tester" in str(app.screen.query_one("#triage").render())
        await pilot.press("escape")
        feed = app.query_one(MentionFeed)
        assert mark(feed, mention) == "✗"


HIGH_REACH = 1_000  # the default [response] high_reach


def _priority(mention) -> tuple[bool, int]:
    return (mention.label == Sentiment.NEGATIVE, mention.reach)


async def test_queue_puts_negative_high_reach_first_and_moves_on(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await play_until(app, clock, 3000, step_s=120)
        await pilot.press("u")
        await until(
            pilot,
            lambda: screen_is(app, TriageQueueScreen) and len(app.screen.feed.mentions) > 50,
        )
        queue = app.screen.feed
        listed = list(queue.mentions)
        assert [_priority(m) for m in listed] == sorted(map(_priority, listed), reverse=True)
        assert listed[0].label == Sentiment.NEGATIVE and listed[0].reach >= HIGH_REACH
        assert {m.subject for m in listed} == {"Acme Air"}

        # Untriaged only (the default): each handled mention leaves, the next takes its place.
        await pilot.press("a", "a", "d")

        async def triaged(mention_id: int) -> str | None:
            found = await app.store.triage(mention_id)
            return found.state if found else None

        async def all_stored() -> bool:  # each key's write, awaited by its handler
            return None not in [await triaged(m.id) for m in listed[:3]]

        await until(pilot, all_stored)
        handled = [await triaged(m.id) for m in listed[:3]]
        assert handled == ["acknowledged", "acknowledged", "dismissed"]
        await until(pilot, lambda: queue.selected.id == listed[3].id)
        assert listed[0].id not in {m.id for m in queue.mentions}

        # Everything: a handled mention stays, with its mark, and the cursor goes below it.
        await pilot.press("u")
        await pilot.pause()
        assert "showing all" in str(app.screen.query_one("Vertical").border_subtitle)
        assert queue.mentions[0].id == listed[0].id and queue.cursor == 0
        assert mark(queue, queue.mentions[0]) == "✓"
        await pilot.press("r")

        async def replied() -> bool:
            return await triaged(listed[0].id) == "replied"

        await until(pilot, replied)
        await until(pilot, lambda: queue.cursor == 1)
        assert queue.selected.id == listed[1].id
        assert "Acknowledged by tester" in str(app.screen.query_one("#selected").render())

        await pilot.press("minus")
        await pilot.pause()
        assert queue.mentions and all(m.label == Sentiment.NEGATIVE for m in queue.mentions)
        await pilot.press("minus", "h")
        await pilot.pause()
        assert queue.mentions and all(m.reach >= HIGH_REACH for m in queue.mentions)
        assert any(m.label != Sentiment.NEGATIVE for m in queue.mentions)
        subtitle = str(app.screen.query_one("Vertical").border_subtitle)
        assert "reach ≥ 1,000" in subtitle and "untriaged" not in subtitle

        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]
        marks = app.query_one(MentionFeed).triage
        assert {m.id for m in listed[:3]} <= set(marks)


async def test_queue_shows_hostile_text_literally(demo_app_factory, tmp_path: Path, clock) -> None:
    db = tmp_path / "hostile.db"
    await import_hostile(db, clock.now(), followers=(2_000_000, 1_000_000))
    app = demo_app_factory(db)
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.press("u")
        queue = app.screen.feed
        assert [m.external_id for m in queue.mentions[:2]] == ["1", "2"]
        line = queue.render_line(0).text
        assert "[bold red]x[/]" in line and "[@click=app.quit]" in line
        assert "[b]@mallory[/" in line
        escaped = queue.render_line(1).text
        assert "\x1b" not in escaped and "\u202e" not in escaped and "red" in escaped
        await pilot.press("u")  # show triaged mentions too, so the tagged one stays selected
        await pilot.press("number_sign")
        await pilot.press(*"[bold]loud[/]", "enter")
        await pilot.pause()
        await pilot.press("k")
        assert "tags [bold]loud[/]" in str(app.screen.query_one("#selected").render())
        assert app.is_running


async def test_reply_picker_fills_copies_and_marks_replied(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await play_until(app, clock, 600)
        await pilot.press("n", *"Check-in outage", "enter")
        await pilot.pause()
        faq = app.playbook.faq
        assert len(faq) >= 2
        await pilot.press("u")
        mention = app.screen.feed.selected
        await pilot.press("R")
        assert isinstance(app.screen, ReplyPicker)
        await pilot.press("escape")  # changed their mind: nothing is written
        await pilot.pause()
        assert await app.store.triage(mention.id) is None

        await pilot.press("R", "j", "enter")
        assert isinstance(app.screen, ReplyView)
        values = placeholder_values(
            brand="Acme Air",
            incident_title="Acme Air: Check-in outage",
            time=clock.now(),
            status_url="https://status.acme-air.example",
            contact="press@acme-air.example",
        )
        expected = fill(faq[1].body, values)
        assert "{" not in expected  # every placeholder filled, the configured ones too
        assert app.clipboard == expected
        assert expected in str(app.screen.query_one("#text").render())
        await pilot.press("escape")  # back to the list, still not replied
        assert isinstance(app.screen, ReplyPicker)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TriageQueueScreen)
        replied = await app.store.triage(mention.id)
        assert replied.state == "replied" and replied.template_id == faq[1].id
        assert replied.incident_id == app.incident.id
        event = (await _mention_events(app))[-1]
        assert event.kind == "mention.replied" and event.details["template_id"] == faq[1].id


async def test_help_lists_the_triage_keys(demo_app_factory) -> None:
    from crisistui.tui.screens.help import HelpScreen, key_label

    app = demo_app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        sections = dict(app.screen.sections)
        feed_keys = {key_label(b.key): b.description for b in sections["Mention feed"]}
        assert {"a", "d", "r", "R", "l", "o, @", "#"} <= set(feed_keys)
        assert any(b.key == "u" for b in sections["Everywhere"])
        queue_keys = {key_label(b.key) for b in sections["Triage queue"]}
        assert {"u", "-", "h"} <= queue_keys
        assert "Reply from an FAQ answer" in sections and "Mention detail" in sections


async def tag_while_a_colleague_triages(app, pilot, clock, state: str, **change: str):
    """Tag the newest mention "refund" while, the question open, ben triages it ``state``:
    what is stored once the tag is."""
    from tests.conftest import until

    await play_until(app, clock, 1800)
    mention = app.query_one(MentionFeed).mentions[0]
    await pilot.press("number_sign")
    await until(pilot, lambda: screen_is(app, TextPrompt))
    await app.store.triage_mention(mention.id, state, "ben", clock.now(), **change)
    await pilot.press(*"refund", "enter")

    async def tagged() -> bool:
        found = await app.store.triage(mention.id)
        return found is not None and bool(found.tags)

    await until(pilot, tagged)
    return await app.store.triage(mention.id)


async def test_a_colleagues_change_made_meanwhile_is_kept(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        triage = await tag_while_a_colleague_triages(app, pilot, clock, "assigned", assignee="dana")
        assert triage.tags == ("refund",) and triage.assignee == "dana"
        assert triage.state == "assigned"  # a tag keeps the state a colleague set


async def test_a_tag_keeps_a_reply_a_colleague_sent_meanwhile(demo_app_factory, clock) -> None:
    """A tag typed while a colleague marked the mention replied turned the reply back into
    an acknowledgement and lost its template: the queue, the metrics and the report counted
    one reply fewer, and nobody was told."""
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        triage = await tag_while_a_colleague_triages(
            app, pilot, clock, "replied", template_id="is-it-down"
        )
        assert (triage.state, triage.template_id, triage.tags) == (
            "replied",
            "is-it-down",
            ("refund",),
        )
        said = [n.message for n in app._notifications]
        assert any("tagged refund, over" in m and "Replied by ben" in m for m in said), said


async def test_z_puts_a_mistaken_triage_back_after_asking(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 1200)
        feed = app.query_one(MentionFeed)
        first = feed.mentions[0]
        await pilot.press("d")  # the wrong row dismissed as noise
        await triage_when(pilot, app, first.id, lambda t: t is not None)
        assert mark(feed, first) == "✗"

        await pilot.press("z")
        await until(pilot, lambda: screen_is(app, ChoicePrompt))
        await pilot.press("escape")  # cancelled: nothing changes
        await until(pilot, lambda: not isinstance(app.screen, ChoicePrompt))
        assert (await app.store.triage(first.id)).state == "dismissed"

        await pilot.press("z")
        await until(pilot, lambda: screen_is(app, ChoicePrompt))
        await pilot.press("j", "enter")
        await triage_when(pilot, app, first.id, lambda t: t is None)
        await until(pilot, lambda: mark(feed, first) == " ")
        events = await _mention_events(app)
        assert [e.kind for e in events] == ["mention.dismissed", "mention.untriaged"]

        await pilot.press("z")  # nothing left to clear: says so, asks nothing
        await until(pilot, lambda: any("not triaged" in n.message for n in app._notifications))
        assert not isinstance(app.screen, ChoicePrompt)


async def test_the_queue_uses_the_teams_high_reach_and_window(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    response = app.config.response.model_copy(update={"high_reach": 20_000, "queue_hours": 0.25})
    app.config = app.setup.config = app.config.model_copy(update={"response": response})
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 3000)
        await pilot.press("u", "h")
        await until(pilot, lambda: screen_is(app, TriageQueueScreen))
        queue = app.screen.query_one("#queue", MentionFeed)
        box = app.screen.query_one("Vertical")
        await until(pilot, lambda: "20,000" in str(box.border_subtitle))
        assert queue.mentions and all(m.reach >= 20_000 for m in queue.mentions)
        since = clock.now() - timedelta(minutes=15)
        assert all(m.created_at >= since for m in queue.mentions)
        assert "last 0.25h" in str(app.screen.query_one("Vertical").border_subtitle)


def colleague_writes_first(app, clock, times: int) -> list[int]:
    """The store as it is, but the first ``times`` triage writes find that ben tagged the
    mention between the console's read and its write: the race the console retries."""
    store, write = app.store, app.store.triage_mention
    raced: list[int] = []

    async def racing(mention_id, state, actor, now, **kwargs):
        if len(raced) < times:
            raced.append(mention_id)
            current = await store.triage(mention_id)
            tags = (*current.tags, f"press{len(raced)}") if current else ("press1",)
            await write(mention_id, "acknowledged", "ben", clock.now(), tags=tags, seen=current)
        return await write(mention_id, state, actor, now, **kwargs)

    store.triage_mention = racing
    return raced


async def test_a_write_overtaken_by_a_colleague_is_read_again_and_carries_theirs(
    demo_app_factory, clock
) -> None:
    """Ben's tag lands between the console's read and its write: the write is refused by the
    store, and the console reads again and dismisses the mention with ben's tag kept."""
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 1800)
        mention = app.query_one(MentionFeed).mentions[0]
        raced = colleague_writes_first(app, clock, times=1)
        await pilot.press("d")
        triage = await triage_when(pilot, app, mention.id, lambda t: t.state == "dismissed")
        assert raced == [mention.id]
        assert (triage.state, triage.tags, triage.updated_by) == (
            "dismissed",
            ("press1",),
            "tester",
        )
        said = [n.message for n in app._notifications]
        assert any("dismissed as noise, over" in m and "by ben" in m for m in said), said


async def test_a_colleague_faster_every_time_is_said_and_keeps_their_work(
    demo_app_factory, clock
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 1800)
        mention = app.query_one(MentionFeed).mentions[0]
        raced = colleague_writes_first(app, clock, times=99)
        await pilot.press("d")

        def told() -> bool:
            return any("kept changing" in n.message for n in app._notifications)

        await until(pilot, told)
        assert len(raced) == 3  # three tries, each overtaken
        triage = await app.store.triage(mention.id)
        assert (triage.state, triage.updated_by) == ("acknowledged", "ben")
        assert triage.tags == ("press1", "press2", "press3")


async def test_a_triage_key_waiting_for_a_busy_database_holds_up_no_other_key(
    demo_app_factory, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process held the database: `d` waited the 10 s busy timeout and every key
    pressed after it (here `?`) waited too. The write waits its turn in a worker; the keys
    go on; writes pressed one after another still land in that order."""
    import asyncio

    from crisistui.tui.screens.help import HelpScreen

    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 1800)
        feed = app.query_one(MentionFeed)
        first = feed.mentions[0]
        free = asyncio.Event()
        real = app.store.triage_mention

        async def held(*args, **kwargs):
            await free.wait()  # as a write waits for another process's lock
            return await real(*args, **kwargs)

        monkeypatch.setattr(app.store, "triage_mention", held)
        # the lock goes in 10 s whatever happens: a console that waits for it shows help late
        asyncio.get_running_loop().call_later(10, free.set)
        await pilot.press("a", "d", "question_mark")
        await until(pilot, lambda: screen_is(app, HelpScreen))
        assert await app.store.triage(first.id) is None  # still waiting
        free.set()
        done = await triage_when(
            pilot, app, first.id, lambda t: t is not None and t.state == "dismissed"
        )
        assert done.state == "dismissed"
        events = await _mention_events(app)
        assert [e.kind for e in events] == ["mention.acknowledged", "mention.dismissed"]


async def test_a_triage_key_pressed_just_before_quitting_is_written(
    demo_app_factory, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write waits in a worker: quitting cancelled the console's workers before closing
    the store, and `d` then `q` on a busy database lost the dismissal without a word."""
    import asyncio

    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 1800)
        free = asyncio.Event()
        real = app.store.triage_mention
        written: list[bool] = []

        async def held(*args, **kwargs):
            await free.wait()
            result = await real(*args, **kwargs)
            written.append(True)
            return result

        monkeypatch.setattr(app.store, "triage_mention", held)
        await pilot.press("d")
        closing = asyncio.ensure_future(app.shutdown())
        await pilot.pause()
        free.set()
        await closing
        assert written == [True]


async def test_an_answered_triage_question_waiting_for_a_busy_database_holds_up_no_key(
    demo_app_factory, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assigning, tagging and untriaging ask first, then write: the write used to run in the
    answer's handler, so a database held by another process froze every key after `enter`
    for the 10 s busy timeout. It waits its turn in a worker; the keys go on; the writes
    land in the order they were answered."""
    import asyncio

    from crisistui.tui.screens.help import HelpScreen

    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 1800)
        first = app.query_one(MentionFeed).mentions[0]
        await pilot.press("a")
        await triage_when(pilot, app, first.id, lambda t: t is not None)
        free = asyncio.Event()
        real_triage, real_clear = app.store.triage_mention, app.store.clear_triage
        real_tag = app.store.tag_mention

        async def held_triage(*args, **kwargs):
            await free.wait()  # as a write waits for another process's lock
            return await real_triage(*args, **kwargs)

        async def held_clear(*args, **kwargs):
            await free.wait()
            return await real_clear(*args, **kwargs)

        async def held_tag(*args, **kwargs):
            await free.wait()
            return await real_tag(*args, **kwargs)

        monkeypatch.setattr(app.store, "triage_mention", held_triage)
        monkeypatch.setattr(app.store, "clear_triage", held_clear)
        monkeypatch.setattr(app.store, "tag_mention", held_tag)
        # the lock goes in 10 s whatever happens: a console that waits for it shows help late
        asyncio.get_running_loop().call_later(10, free.set)
        await pilot.press("o")
        await until(pilot, lambda: screen_is(app, TextPrompt))
        await pilot.press(*"ana", "enter", "number_sign")
        await until(pilot, lambda: screen_is(app, TextPrompt))
        await pilot.press(*"legal", "enter", "question_mark")
        await until(pilot, lambda: screen_is(app, HelpScreen))
        assert (await app.store.triage(first.id)).state == "acknowledged"  # still waiting
        free.set()
        done = await triage_when(pilot, app, first.id, lambda t: t.tags == ("legal",))
        assert (done.state, done.assignee) == ("assigned", "ana")
        kinds = [e.kind for e in await _mention_events(app)]
        assert kinds == ["mention.acknowledged", "mention.assigned", "mention.tagged"]


async def test_a_colleagues_triage_over_this_consoles_is_said_here_too(
    demo_app_factory, clock
) -> None:
    """The console acknowledged a mention, and ben dismissed it a moment later from his:
    his toast said it was over this one's, and this console was never told."""
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await play_until(app, clock, 1800)
        mention = app.query_one(MentionFeed).mentions[0]
        await pilot.press("a")
        mine = await triage_when(pilot, app, mention.id, lambda t: t and t.state == "acknowledged")
        clock.advance(5)
        await app.store.triage_mention(mention.id, "dismissed", "ben", clock.now(), seen=mine)
        said = lambda: [n for n in app._notifications if n.title == "Triage replaced"]  # noqa: E731
        await until(pilot, lambda: bool(said()))
        [note] = said()
        assert f"Mention #{mention.id}" in note.message and "by ben" in note.message
        assert "over your acknowledged" in note.message
        # said once, and not for this console's own later change
        await pilot.press("d")
        await triage_when(pilot, app, mention.id, lambda t: t.updated_by == "tester")
        clock.advance(5)
        await app.store.triage_mention(mention.id, "dismissed", "tester", clock.now())
        await pilot.pause()
        assert len(said()) == 1


async def test_a_tag_over_a_colleagues_triage_is_not_taken_for_this_consoles_own(
    demo_app_factory, clock
) -> None:
    """A tag keeps the state and the name of who set it: when ben later changed his own
    triage, this console said it was "over your acknowledged", which it never wrote."""
    app = demo_app_factory()
    async with app.run_test(size=(100, 30)):
        await play_until(app, clock, 1800)
        mention = app.query_one(MentionFeed).mentions[0]
        bens = await app.store.triage_mention(mention.id, "acknowledged", "ben", clock.now())
        await app.triage_desk.reload_marks()
        await app.triage_desk._record(mention, bens, None, None, tags=["refund"])
        tagged = await app.store.triage(mention.id)
        assert tagged.tags == ("refund",) and tagged.updated_by == "ben"
        clock.advance(5)
        await app.store.triage_mention(mention.id, "dismissed", "ben", clock.now(), seen=tagged)
        await app.triage_desk.overtaken()
        assert not [n for n in app._notifications if n.title == "Triage replaced"]
