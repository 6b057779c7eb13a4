"""The analytics of a feed filter's mentions ("who are the authors behind `lang:vi
sentiment:neg`?") agree with a recount of the mentions the feed's filter itself finds in the
period, on both backends."""

from __future__ import annotations

from datetime import timedelta

from crisistui.domain.feed_query import parse_feed_query
from crisistui.domain.records import FACET_KINDS, PeriodTotals
from crisistui.store import Store
from tests.test_analytics_store import (
    HISTORY,
    PERIODS,
    START,
    SUBJECTS,
    _stored,
    recount_authors,
    recount_facets,
    recount_totals,
)

FILTERS = (
    "lang:fr",
    "sentiment:neg lang:!en",
    "refund",
    "#refund sentiment:neg,neu",
    "from:alice",
    "source:mastodon reach:>100",
    "subject:zephyr delays",
    "退款",
    "nothing-matches-this",
)


async def test_a_filters_figures_agree_with_a_recount_of_what_it_finds(store: Store) -> None:
    await _stored(store)
    skip = ("acme", "air", "#acmeair")
    for text in FILTERS:
        query = parse_feed_query(text, SUBJECTS)
        found = (await store.filtered_mentions(query, 10_000)).mentions
        for since, until in PERIODS:
            result = await store.filtered_period(query, since, until, limit=5, skip=skip)
            assert result.totals == recount_totals(found, since, until), (text, since)
            assert result.searched is None
            expected = recount_facets(found, since, until, None, 5, skip)
            for kind in FACET_KINDS:
                assert result.facets.of(kind) == expected[kind], (text, kind, since)
            by_mentions, by_reach = recount_authors(found, since, until, None, 5)
            assert result.authors.by_mentions == by_mentions, (text, since)
            assert result.authors.by_reach == by_reach, (text, since)
    french = parse_feed_query("lang:fr", SUBJECTS)
    everything = await store.filtered_period(french, *PERIODS[0])
    assert 0 < everything.totals.mentions < len(HISTORY)
    assert {f.value for f in everything.facets.languages} == {"fr"}


async def test_the_figures_of_chosen_values_agree_with_a_recount(store: Store) -> None:
    await _stored(store)
    query = parse_feed_query("sentiment:neg", SUBJECTS)
    found = (await store.filtered_mentions(query, 10_000)).mentions
    since, until = PERIODS[3]
    wanted = {"language": ["fr", "de", "xx"], "hashtag": ["#refund"], "source": ["x"]}
    result = await store.filtered_period(query, since, until, wanted=wanted)
    assert result.totals == recount_totals(found, since, until)
    everything = recount_facets(found, since, until, None, 1_000)
    expected = {
        (f.kind, f.value): f
        for kind, values in wanted.items()
        for f in everything[kind]
        if f.value in values
    }
    assert dict(result.counts) == expected and ("language", "fr") in expected
    assert not result.authors.by_mentions  # only what was asked for


async def test_a_long_period_is_searched_over_its_newest_mentions_and_says_so(
    store: Store,
) -> None:
    mentions = await _stored(store)
    query = parse_feed_query("sentiment:neg", SUBJECTS)
    since, until = PERIODS[0]
    result = await store.filtered_period(query, since, until, budget=100)
    assert result.searched == 100
    newest = sorted(mentions, key=lambda m: (m.created_at, m.id or 0))[-100:]
    floor = newest[0].created_at
    scope = [m for m in mentions if m.created_at >= floor and m.label.value == "negative"]
    assert result.totals == recount_totals(scope, since, until)
    assert (
        result.totals.mentions < (await store.filtered_period(query, since, until)).totals.mentions
    )
    empty = await store.filtered_period(query, START - timedelta(days=3), START)
    assert empty.totals == PeriodTotals() and empty.searched is None


async def test_a_period_of_exactly_the_budget_is_searched_whole(store: Store) -> None:
    """A period holding exactly ``budget`` mentions said it was searched in part, and its
    comparison with the period before was left out."""
    mentions = await _stored(store)
    query = parse_feed_query("sentiment:neg", SUBJECTS)
    since, until = PERIODS[0]
    whole = await store.filtered_period(query, since, until, budget=len(mentions))
    assert whole.searched is None
    assert whole.totals == (await store.filtered_period(query, since, until)).totals
    cut = await store.filtered_period(query, since, until, budget=len(mentions) - 1)
    assert cut.searched == len(mentions) - 1
