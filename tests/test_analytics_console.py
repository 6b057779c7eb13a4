"""`b`: the analytics view during the demo, at 80×24 and on a large screen: the period picker,
the subjects, what each list shows (as the store counts it), strangers' names shown literally,
and `enter` on a row filtering the feed."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from rich.text import Text
from textual.content import Content
from textual.widgets import DataTable, Static

from crisistui.domain.models import Mention, Sentiment
from crisistui.reports.analytics import (
    author_influence,
    change_words,
    comparison,
    preset_period,
    read_period,
    words_to_skip,
)
from crisistui.tui.screens.analytics import NOTHING, VALUE_CHARS, AnalyticsScreen
from crisistui.tui.screens.prompts import TextPrompt
from crisistui.tui.widgets.feed import MentionFeed
from tests.conftest import screen_is, until
from tests.test_console import play_until

SIZES = [(80, 24), (160, 50)]
PLAY = 3000
"""Seconds of the demo played: the outage is under way, the calm history behind it."""


def cells(app, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    return [[cell.plain for cell in table.get_row_at(row)] for row in range(table.row_count)]


def short(value: str) -> str:
    """A value as a list shows it: cut to ``VALUE_CHARS`` with an ellipsis."""
    return value if len(value) <= VALUE_CHARS else value[: VALUE_CHARS - 1] + "…"


def title(app) -> str:
    return Content.from_markup(app.screen.query_one("Vertical").border_title).plain


def feed_title(app) -> str:
    return Content.from_markup(app.query_one("#feed-pane").border_title).plain


async def open_analytics(pilot) -> AnalyticsScreen:
    app = pilot.app
    await pilot.press("b")
    await until(pilot, lambda: screen_is(app, AnalyticsScreen))
    await until(pilot, lambda: app.screen.shown is not None)
    return app.screen


async def shown_for(pilot, screen: AnalyticsScreen, label: str) -> None:
    await until(pilot, lambda: screen.shown is not None and screen.shown.period.label == label, 400)


async def test_a_language_no_analyser_reads_shows_unscored_not_calm(
    demo_app_factory, clock
) -> None:
    """A language whose mentions are unscored has no negatives to count: "0%" said it was
    calm."""
    from crisistui.config.sentiment import SentimentConfig
    from crisistui.pipeline.sentiment import SentimentScorer

    app = demo_app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await play_until(app, clock, PLAY)
        screen = await open_analytics(pilot)
        screen._scorer = SentimentScorer(
            SentimentConfig.model_validate({"languages": {"fr": {"analyser": "off"}}})
        )
        screen._show(screen.shown)
        rows = {row[0]: row[2] for row in cells(app, "languages")}
        assert rows["French (fr)"] == "∅"
        assert rows["English (en)"].endswith("%")


@pytest.mark.parametrize("size", SIZES)
async def test_the_view_lists_what_the_store_counts(demo_app_factory, clock, size) -> None:
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await play_until(app, clock, PLAY)
        screen = await open_analytics(pilot)
        assert "Analytics · Acme Air · last 24 h" in title(app)
        expected = await read_period(
            app.store,
            preset_period("24h", clock.now()),
            "Acme Air",
            words_to_skip(app.config),
        )
        assert screen.shown == expected
        assert expected.totals.mentions > 500 and expected.previous.mentions == 0
        totals = str(screen.query_one("#totals", Static).render())
        assert totals.startswith(f"{expected.totals.mentions:,} mentions none in the previous")

        reach = cells(app, "authors-reach")
        assert [row[0] for row in reach] == [short(a.author) for a in expected.authors.by_reach]
        first = expected.authors.by_reach[0]
        assert reach[0][2:] == [f"{first.mentions:,}", str(author_influence(first))]
        assert {row[-1] for row in cells(app, "sources")} == {"new"}, "none the 24 h before"
        by_count = cells(app, "authors-mentions")
        assert [row[0] for row in by_count] == [
            short(a.author) for a in expected.authors.by_mentions
        ]
        assert [r[0] for r in cells(app, "hashtags")] == [f.value for f in expected.facets.hashtags]
        terms = [r[0] for r in cells(app, "words")]
        assert terms == [f.value for f in expected.facets.words]
        assert "acme" not in terms and "the" not in terms
        assert [r[0] for r in cells(app, "sources")] == [f.value for f in expected.facets.sources]
        assert cells(app, "domains")[0][0] == "x.example.com"
        assert cells(app, "languages")[0][0] == "English (en)"
        # each language's own share of negatives, as the period's counts say
        for row, facet in zip(cells(app, "languages"), expected.facets.languages, strict=True):
            assert row[2] == f"{facet.negative / facet.mentions * 100:.0f}%", row

        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, AnalyticsScreen))


@pytest.mark.parametrize("size", SIZES)
async def test_the_period_picker_and_the_comparison(demo_app_factory, clock, size) -> None:
    app = demo_app_factory()
    async with app.run_test(size=size) as pilot:
        await play_until(app, clock, PLAY)
        screen = await open_analytics(pilot)
        for key, label in (("1", "last hour"), ("3", "last 7 d"), ("4", "last 30 d")):
            await pilot.press(key)
            await shown_for(pilot, screen, label)
            assert title(app).endswith(f"· {label}")
            period = preset_period(screen.preset, clock.now())
            totals = await app.store.period_totals(period.since, period.until, "Acme Air")
            assert screen.shown.totals == totals
        await pilot.press("1")
        await shown_for(pilot, screen, "last hour")
        now, before = screen.shown.totals, screen.shown.previous
        assert now.mentions > before.mentions > 0, "the outage hour against the calm one"
        expected = comparison(now.mentions, before.mentions, screen.shown.period)
        assert expected.startswith("+") and expected.endswith("% vs the previous hour")
        assert expected in str(screen.query_one("#totals", Static).render())
        assert "1 hour" in str(screen.query_one("#periods", Static).render())
        earlier = screen.shown.period.previous()  # each row against the hour before
        for kind, table in (("language", "languages"), ("source", "sources")):
            rows = cells(app, table)
            for facet, row in zip(screen.shown.facets.of(kind), rows, strict=True):
                before = await app.store.facet_counts(
                    earlier.since, earlier.until, {kind: [facet.value]}, "Acme Air"
                )
                count = before[kind, facet.value].mentions if before else 0
                assert row[-1] == change_words(facet.mentions, count), (kind, facet)
        assert any(row[-1].startswith("+") for row in cells(app, "languages"))

        await pilot.press("v")  # the competitor, then every subject, then the brand again
        await until(pilot, lambda: screen.shown.subject == "Zephyr Airlines")
        assert "Zephyr Airlines" in title(app)
        await pilot.press("v")
        await until(pilot, lambda: screen.shown.subject is None)
        assert "every subject" in title(app)
        everything = screen.shown.totals.mentions
        await pilot.press("v")
        await until(pilot, lambda: screen.shown.subject == "Acme Air")
        assert screen.shown.totals.mentions < everything


async def test_a_custom_period_is_typed_and_a_wrong_one_changes_nothing(
    demo_app_factory, clock
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await play_until(app, clock, PLAY)
        screen = await open_analytics(pilot)
        await pilot.press("c")
        await until(pilot, lambda: screen_is(app, TextPrompt))
        await pilot.press(*"-45m", "enter")
        await until(pilot, lambda: screen_is(app, TextPrompt) and "To" in str(app.screen.label))
        await pilot.press("enter")  # "now"
        await until(pilot, lambda: screen.shown is not None and screen.preset == "")
        await until(pilot, lambda: screen.shown.period.preset == "")
        period = screen.shown.period
        assert period.until == clock.now() and period.length == timedelta(minutes=45)
        assert screen.shown.totals == await app.store.period_totals(
            period.since, period.until, "Acme Air"
        )
        assert period.label in title(app)
        assert "vs the previous 45 min" in str(screen.query_one("#totals", Static).render())

        app.clear_notifications()
        await pilot.press("c")
        await until(pilot, lambda: screen_is(app, TextPrompt))
        await pilot.press(*"yesterday", "enter")
        await until(pilot, lambda: screen_is(app, TextPrompt) and "To" in str(app.screen.label))
        await pilot.press("enter")
        await until(pilot, lambda: bool(app._notifications))
        [note] = list(app._notifications)
        assert "'yesterday' is not a time" in note.message and note.severity == "error"
        assert screen.shown.period == period, "the period in force stays"

        await pilot.press("2")
        await shown_for(pilot, screen, "last 24 h")


async def test_enter_on_an_author_filters_the_feed_to_them(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await play_until(app, clock, PLAY)
        screen = await open_analytics(pilot)
        author = screen.shown.authors.by_reach[1]
        await pilot.press("j", "enter")
        await until(pilot, lambda: "filter:" in feed_title(app))
        assert not isinstance(app.screen, AnalyticsScreen)
        query = f'from:{author.author} subject:"Acme Air"'
        assert feed_title(app).split(" shown · ", 1)[1] == f"filter: {query}"
        feed = app.query_one(MentionFeed)
        assert feed.mentions and {m.author for m in feed.mentions} == {author.author}
        assert len(feed.mentions) >= author.mentions


async def test_enter_on_a_hashtag_or_a_domain_filters_the_feed(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await play_until(app, clock, PLAY)
        screen = await open_analytics(pilot)
        tag = screen.shown.facets.hashtags[0]
        screen.query_one("#hashtags", DataTable).focus()
        await pilot.press("enter")
        await until(pilot, lambda: "filter:" in feed_title(app))
        assert (
            feed_title(app)
            .split(" shown · ", 1)[1]
            .startswith(f'filter: {tag.value} subject:"Acme Air"')
        )
        feed = app.query_one(MentionFeed)
        assert feed.mentions and all(
            tag.value[1:] in m.text.lower() and m.subject == "Acme Air" for m in feed.mentions
        )
        assert len(feed.mentions) >= min(tag.mentions, app.config.console.feed_rows)

        screen = await open_analytics(pilot)
        assert screen.shown.feed_filter is not None  # the view counts the filter's mentions
        await pilot.press("f", "v", "v")  # every mention, every subject: no subject: either
        await until(pilot, lambda: screen.shown.subject is None and not screen.shown.feed_filter)
        domain = screen.shown.facets.domains[1]
        screen.query_one("#domains", DataTable).focus()
        await pilot.press("j", "enter")
        await until(pilot, lambda: feed_title(app).endswith(f"filter: domain:{domain.value}"))
        feed = app.query_one(MentionFeed)
        assert feed.mentions and all(domain.value in (m.url or "") for m in feed.mentions)


async def test_strangers_names_and_tags_are_shown_as_text_never_markup(
    demo_app_factory, clock
) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await play_until(app, clock, PLAY)
        hostile = "[bold red]OWNED[/] [@click=app.quit]x[/]"
        stored = (await app.store.recent_mentions(1))[0]
        loud = replace(
            stored,
            id=None,
            external_id="hostile",
            author=hostile,
            author_followers=90_000_000,
            reach=90_000_000,
            text="[link=https://evil.example]#Trap[/link] \x1b[31mred\x1b[0m #gotcha",
            url="https://[b]evil.example/x",
            label=Sentiment.NEGATIVE,
            created_at=clock.now() - timedelta(minutes=1),
        )
        assert isinstance(loud, Mention)
        await app.store.add_mentions([loud], clock.now())
        screen = await open_analytics(pilot)
        first = screen.query_one("#authors-reach", DataTable).get_row_at(0)[0]
        assert isinstance(first, Text) and first.plain == short(hostile)
        assert not first.spans, "no style came out of the name"
        assert "#gotcha" in [r[0] for r in cells(app, "hashtags")]
        assert screen_is(app, AnalyticsScreen), "nothing in a name ran an action"

        await pilot.press("enter")  # the hostile author: the filter holds the name literally
        await until(pilot, lambda: "filter:" in feed_title(app))
        assert (
            feed_title(app)
            .split(" shown · ", 1)[1]
            .startswith(f'filter: from:"{hostile}" subject:')
        )
        assert [m.author for m in app.query_one(MentionFeed).mentions] == [hostile]


async def test_an_empty_list_says_so_and_enter_on_it_does_nothing(demo_app_factory) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_analytics(pilot)  # nothing collected yet
        assert cells(app, "authors-reach") == [[NOTHING, "", "", ""]]
        assert screen.shown.totals.mentions == 0
        await pilot.press("enter")
        await pilot.pause()
        assert screen_is(app, AnalyticsScreen)
        assert "filter:" not in feed_title(app)


async def test_the_command_palette_opens_the_view(demo_app_factory) -> None:
    from tests.test_theme_screenshot import run_in_palette

    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_in_palette(pilot, "analytics")
        await until(pilot, lambda: screen_is(app, AnalyticsScreen))
        await pilot.press("b")  # the key that opens it also closes it
        await until(pilot, lambda: not isinstance(app.screen, AnalyticsScreen))


async def test_the_view_of_a_filtered_feed_counts_the_filters_mentions(
    demo_app_factory, clock
) -> None:
    """Story 5: the feed filtered to `lang:!en sentiment:neg`, `b` lists the authors behind
    those mentions, not the loudest of every mention; `f` switches to every mention; `enter`
    on an author narrows the filter in force to them."""
    from tests.test_feed_filter_console import type_filter

    app = demo_app_factory()
    async with app.run_test(size=(160, 50)) as pilot:
        await play_until(app, clock, PLAY)
        text = "lang:!en sentiment:neg"
        await type_filter(pilot, text)
        screen = await open_analytics(pilot)
        assert title(app).endswith(f"· last 24 h · filter: {text}")
        shown = screen.shown
        assert shown.feed_filter == text
        assert str(screen.query_one("#totals", Static).render()).startswith(
            f"{shown.totals.mentions:,} mentions matching the filter "
        )
        every = await read_period(
            app.store, preset_period("24h", clock.now()), "Acme Air", words_to_skip(app.config)
        )
        assert 0 < shown.totals.mentions < every.totals.mentions
        assert shown.totals.negative == shown.totals.mentions
        assert "en" not in {f.value for f in shown.facets.languages}
        matching = {
            m.author
            for m in (await app.store.filtered_mentions(app.feed_filter.query, 5000)).mentions
            if m.subject == "Acme Air"
        }
        listed = [a.author for a in shown.authors.by_reach]
        assert listed and set(listed) <= matching
        assert listed != [a.author for a in every.authors.by_reach]

        await pilot.press("f")
        await until(pilot, lambda: screen.shown is not None and screen.shown.feed_filter is None)
        assert screen.shown.totals == every.totals and "filter:" not in title(app)
        await pilot.press("f")
        await until(pilot, lambda: screen.shown is not None and screen.shown.feed_filter == text)

        author = screen.shown.authors.by_reach[0].author
        screen.query_one("#authors-reach", DataTable).focus()
        await pilot.press("enter")
        await until(pilot, lambda: "from:" in feed_title(app))
        narrowed = f'{text} from:{author} subject:"Acme Air"'
        assert feed_title(app).split(" shown · ", 1)[1] == f"filter: {narrowed}"
        feed = app.query_one(MentionFeed)
        assert feed.mentions and {m.author for m in feed.mentions} == {author}
        assert all(m.lang != "en" and m.label is Sentiment.NEGATIVE for m in feed.mentions)


async def test_f_does_nothing_when_the_feed_is_not_filtered(demo_app_factory, clock) -> None:
    app = demo_app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await play_until(app, clock, PLAY)
        screen = await open_analytics(pilot)
        before = screen.shown
        await pilot.press("f")
        await pilot.pause()
        assert screen.filtered is False and screen.shown.feed_filter is None
        assert screen.shown.totals == before.totals
