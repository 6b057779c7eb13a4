"""The analytics' figures agree with a recount from the mentions table, on both backends:
period totals, top sources, languages, domains, hashtags and words, and top authors found
either way (the period read whole, or bounded by whole-history totals)."""

from __future__ import annotations

import itertools
import random
import sqlite3
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.records import (
    FACET_KINDS,
    AuthorStats,
    FacetCount,
    PeriodFacets,
    PeriodTotals,
)
from crisistui.domain.time import to_epoch
from crisistui.domain.words import domain_of, mention_words
from crisistui.store import Store, open_store
from crisistui.store.sqlite.schema import MIGRATIONS
from crisistui.store.tables import analytics
from crisistui.store.tables.analytics import PeriodSplit, split_period

START = datetime(2026, 3, 1, 21, 17, 23, tzinfo=UTC)
SUBJECTS = ("Acme Air", "Zephyr Airlines")
AUTHORS = (
    "@alice",
    "@Alice",
    "@bob@mastodon.example",
    "u/carol",
    "[bold red]dave[/]",
    "@émile",
    "\x1b[31m@eve",
    "@frank",
    None,
)
TEXTS = (
    "Still waiting for my #Refund from Acme Air, three weeks now",
    "Acme Air lost my bag at JFK again #fail #AcmeAir",
    "le remboursement n'arrive pas, service client nul #remboursement",
    "die Erstattung fehlt noch immer, schlechter Service",
    "Great crew on the Lisbon flight, thank you! #happy https://t.co/abc#frag",
    "#Refund #refund #REFUND refund refunds",
    "[link=https://evil.example]click[/link] [bold]boom[/] #Hack_2024",
    "Zephyr Airlines delays again… #delay #12345",
    "退款 还没到",
    "",
)
URLS = (
    "https://x.example.com/a/status/1",
    "https://www.news.example.org/story?x=1#y",
    "https://News.Example.org:8443/other",
    "http://[oops",
    "mastodon.example/@bob/1",
    None,
)
LANGS = ("en", "fr", "de", None, "vi")
SOURCES = ("x", "mastodon", "news-rss")


def _history(count: int = 700, seed: int = 12) -> list[Mention]:
    """Mentions over about four days, crossing day and hour boundaries, in every shape the
    analytics count: hashtags in any case, links, stop words, hostile names, no author."""
    rng = random.Random(seed)
    found = []
    for i in range(count):
        label = rng.choice(list(Sentiment))
        followers = rng.choice((None, 0, 12, 900, 45_000, 2_000_000))
        likes, reposts, replies = rng.choice((None, 3)), rng.randrange(5), rng.choice((None, 1))
        engagement = (likes or 0) + reposts + (replies or 0)
        found.append(
            Mention(
                source=rng.choice(SOURCES),
                external_id=f"e{i}",
                text=rng.choice(TEXTS) + (f" word{rng.randrange(30)}" if i % 3 else ""),
                created_at=START + timedelta(seconds=rng.randrange(4 * 86_400)),
                subject=rng.choice(SUBJECTS),
                is_competitor=False,
                sentiment=-0.5 if label is Sentiment.NEGATIVE else 0.1,
                label=label,
                reach=(followers or 0) + engagement,
                fingerprint=f"fp{i}",
                author=rng.choice(AUTHORS),
                author_followers=followers,
                url=rng.choice(URLS),
                lang=rng.choice(LANGS),
                likes=likes,
                reposts=reposts,
                replies=replies,
            )
        )
    return found


HISTORY = _history()
PERIODS = [
    (START, START + timedelta(days=5)),  # everything
    (START + timedelta(minutes=7), START + timedelta(minutes=49)),  # inside one hour
    (START + timedelta(hours=2, seconds=1), START + timedelta(hours=26, seconds=-1)),
    (START + timedelta(hours=30), START + timedelta(days=3, hours=5, minutes=3)),
    (datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 4, tzinfo=UTC)),  # whole days
    (datetime(2026, 3, 2, 5, tzinfo=UTC), datetime(2026, 3, 2, 9, tzinfo=UTC)),  # whole hours
    (START + timedelta(days=1), START + timedelta(days=1)),  # empty
    (START - timedelta(days=3), START - timedelta(days=1)),  # before anything
]


async def _stored(store: Store, mentions: list[Mention] = HISTORY) -> list[Mention]:
    """Store in uneven batches (a batch adds to rows of earlier ones), with a repeat."""
    at = START + timedelta(days=5)
    for first, last in ((0, 100), (100, 101), (101, 450), (300, 700)):
        await store.add_mentions(mentions[first:last], at)
    return [m async for m in store.iter_mentions()]


def _within(mentions: list[Mention], since: datetime, until: datetime, subject: str | None):
    return [
        m
        for m in mentions
        if since <= m.created_at < until and (subject is None or m.subject == subject)
    ]


def recount_totals(mentions, since, until, subject=None) -> PeriodTotals:
    found = _within(mentions, since, until, subject)
    negative = [m for m in found if m.label is Sentiment.NEGATIVE]
    return PeriodTotals(len(found), len(negative), sum(m.reach for m in found))


def recount_facets(mentions, since, until, subject=None, limit=10, skip=()):
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for m in _within(mentions, since, until, subject):
        values = [("source", m.source), ("language", m.lang or "")]
        if domain_of(m.url) is not None:
            values.append(("domain", domain_of(m.url)))
        for word in mention_words(m.text, m.lang):
            if word not in skip:
                values.append(("hashtag" if word.startswith("#") else "word", word))
        for key in values:
            row = counts[key]
            row[0] += 1
            row[1] += m.label is Sentiment.NEGATIVE
            row[2] += m.reach
    result = {}
    for kind in FACET_KINDS:
        rows = [(value, *n) for (k, value), n in counts.items() if k == kind]
        rows.sort(key=lambda r: (-r[1], r[0]))
        result[kind] = tuple(FacetCount(kind, *row) for row in rows[:limit])
    return result


def recount_authors(mentions, since, until, subject=None, limit=10):
    by_author: dict[str, list[Mention]] = defaultdict(list)
    for m in _within(mentions, since, until, subject):
        if m.author is not None:
            by_author[m.author].append(m)
    stats = [
        AuthorStats(
            author,
            len(ms),
            sum(m.label is Sentiment.NEGATIVE for m in ms),
            sum(m.reach for m in ms),
            max(m.author_followers or 0 for m in ms),
            sum(m.engagement for m in ms),
        )
        for author, ms in by_author.items()
    ]
    by_mentions = sorted(stats, key=lambda a: (-a.mentions, -a.reach, a.author))[:limit]
    by_reach = sorted(stats, key=lambda a: (-a.reach, -a.mentions, a.author))[:limit]
    return tuple(by_mentions), tuple(by_reach)


def test_a_period_is_split_into_days_hours_and_seconds_that_cover_it_once() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        since = rng.randrange(-5 * 86_400, 40 * 86_400)
        until = since + rng.choice((0, 1, 59, 3599, 3600, 7201, 86_400, rng.randrange(9**7)))
        split = split_period(since, until)
        seconds = [(d * 86_400, e * 86_400) for d, e in split.days]
        seconds += [(h * 3600, e * 3600) for h, e in split.hours]
        seconds += list(split.seconds)
        seconds.sort()
        assert all(low < high for low, high in seconds)
        covered = sum(high - low for low, high in seconds)
        assert covered == max(until - since, 0)
        if seconds:
            assert seconds[0][0] == since and seconds[-1][1] == until
            assert all(a[1] == b[0] for a, b in itertools.pairwise(seconds))
        assert len(split.seconds) <= 3 and all(h - low < 3600 for low, h in split.seconds[1:])
    assert split_period(10, 10) == PeriodSplit()
    day = 86_400 * 20_000
    assert split_period(day, day + 86_400) == PeriodSplit(days=((20_000, 20_001),))
    assert split_period(day - 30, day + 3630) == PeriodSplit(
        hours=((day // 3600, day // 3600 + 1),), seconds=((day - 30, day), (day + 3600, day + 3630))
    )


async def test_totals_agree_with_a_recount(store: Store) -> None:
    mentions = await _stored(store)
    assert len(mentions) == len(HISTORY)
    for since, until in PERIODS:
        for subject in (None, *SUBJECTS, "Nobody"):
            expected = recount_totals(mentions, since, until, subject)
            assert await store.period_totals(since, until, subject) == expected, (since, until)
    everything = await store.period_totals(*PERIODS[0])
    assert everything.mentions == len(HISTORY) and everything.negative > 0


async def test_top_sources_languages_domains_hashtags_and_words_agree_with_a_recount(
    store: Store,
) -> None:
    mentions = await _stored(store)
    skip = ("acme", "air", "#acmeair")
    for since, until in PERIODS:
        for subject in (None, "Zephyr Airlines"):
            for limit in (3, 50):
                found = await store.period_facets(since, until, subject, limit=limit, skip=skip)
                expected = recount_facets(mentions, since, until, subject, limit, skip)
                for kind in FACET_KINDS:
                    assert found.of(kind) == expected[kind], (kind, since, until, subject)
    found = await store.period_facets(*PERIODS[0], limit=50)
    assert [f.value for f in found.domains][:3] == ["news.example.org", "x.example.com"][:3]
    assert "#refund" in [f.value for f in found.hashtags]
    assert not [f for f in found.hashtags if f.value == "#12345"], "a number is no hashtag"
    words = {f.value for f in found.words}
    assert "acme" in words and not {"the", "from", "again", "still"} & words
    assert {"link", "boom", "bold"} <= words, "markup in a text is only words"


async def test_chosen_values_agree_with_a_recount(store: Store) -> None:
    """What each row is compared with in the period before: exactly the values asked for,
    none left out, a value not heard then absent."""
    mentions = await _stored(store)
    everything = recount_facets(mentions, *PERIODS[0], limit=10_000)
    wanted = {kind: [f.value for f in everything[kind][::2]] for kind in FACET_KINDS}
    wanted["word"].append("never-said")
    for since, until in PERIODS:
        for subject in (None, "Zephyr Airlines"):
            found = await store.facet_counts(since, until, wanted, subject)
            period = recount_facets(mentions, since, until, subject, limit=10_000)
            expected = {
                (f.kind, f.value): f
                for kind in FACET_KINDS
                for f in period[kind]
                if f.value in wanted[kind]
            }
            assert found == expected, (since, until, subject)
    assert ("word", "never-said") not in await store.facet_counts(*PERIODS[0], wanted)
    assert await store.facet_counts(*PERIODS[0], {"word": []}) == {}


async def test_top_authors_agree_with_a_recount_read_either_way(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    mentions = await _stored(store)
    bounded = analytics.AnalyticsTables._bounded_authors

    async def too_dear(*_args: object) -> None:
        return None

    for way in ("period", "history", "bounded"):
        if way == "history":  # every mention passed over in author order
            monkeypatch.setattr(analytics, "READ_PERIOD_BELOW", -1)
            monkeypatch.setattr(analytics, "PERIOD_ROW_COST", 1e9)
            monkeypatch.setattr(analytics.AnalyticsTables, "_bounded_authors", too_dear)
        if way == "bounded":  # as on a large history: candidates from the whole history's
            monkeypatch.setattr(analytics.AnalyticsTables, "_bounded_authors", bounded)
            monkeypatch.setattr(analytics, "CANDIDATE_COST", 0.0)
            monkeypatch.setattr(analytics, "GROUP_ROW_COST", 0.0)
        for since, until in PERIODS:
            for subject in (None, "Acme Air"):
                for limit in (1, 3, 20):
                    ranking = await store.top_authors(since, until, subject, limit=limit)
                    expected = recount_authors(mentions, since, until, subject, limit)
                    assert (ranking.by_mentions, ranking.by_reach) == expected, (
                        way,
                        since,
                        until,
                        subject,
                        limit,
                    )
                    if expected[0] and since < until:
                        assert ranking.method == way
    ranking = await store.top_authors(*PERIODS[0], limit=20)
    assert "[bold red]dave[/]" in [a.author for a in ranking.by_mentions]
    assert {"@alice", "@Alice"} <= {a.author for a in ranking.by_mentions}, "case tells apart"


async def test_bounded_authors_fall_back_to_reading_the_period_when_cheaper(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [replace(m, author=f"@user{i % 1500}") for i, m in enumerate(_history(3000, 5))]
    await store.add_mentions(many, START + timedelta(days=5))
    mentions = [m async for m in store.iter_mentions()]
    monkeypatch.setattr(analytics, "READ_PERIOD_BELOW", -1)
    since, until = PERIODS[2]
    ranking = await store.top_authors(since, until, limit=3)
    # a day of four, 1,500 authors of a few mentions each: almost all would be candidates
    assert ranking.method in ("period", "history")
    assert (ranking.by_mentions, ranking.by_reach) == recount_authors(
        mentions, since, until, limit=3
    )


async def test_analytics_follow_new_mentions_and_ignore_repeats(store: Store) -> None:
    await _stored(store)
    since, until = PERIODS[0]
    before = await store.period_facets(since, until, limit=100)
    late = replace(HISTORY[5], external_id="late", text="#BrandNew tag #refund", author="@new")
    await store.add_mentions([late, HISTORY[5]], START + timedelta(days=6))
    after = await store.period_facets(since, until, limit=100)
    assert {f.value: f.mentions for f in after.hashtags}["#brandnew"] == 1
    refund = {f.value: f.mentions for f in before.hashtags}["#refund"]
    assert {f.value: f.mentions for f in after.hashtags}["#refund"] == refund + 1
    assert (await store.period_totals(since, until)).mentions == len(HISTORY) + 1


async def test_a_version_9_file_is_backfilled_on_upgrade(tmp_path: Path) -> None:
    """Mentions stored before the analytics get their words, domains and rows."""
    path = tmp_path / "v9.db"
    async with await open_store(tmp_path / "new.db") as new:
        await _stored(new)
        expected_facets = await new.period_facets(*PERIODS[3], limit=50)
        expected_authors = await new.top_authors(*PERIODS[0], limit=5)
        expected_totals = await new.period_totals(*PERIODS[2], "Acme Air")
    columns = (
        "source, external_id, created_at, ingested_at, subject, is_competitor, text, author, "
        "author_followers, url, lang, likes, reposts, replies, sentiment, label, reach, "
        "fingerprint, triggers"
    )
    with sqlite3.connect(path) as raw:
        for script in MIGRATIONS[:9]:
            raw.executescript(script)
        raw.execute("PRAGMA user_version = 9")
        seen = set()
        for m in HISTORY:
            if m.external_id in seen:
                continue
            seen.add(m.external_id)
            raw.execute(
                f"INSERT INTO mentions ({columns}) VALUES ({', '.join('?' * 19)})",
                (m.source, m.external_id, to_epoch(m.created_at), 0, m.subject, 0, m.text,
                 m.author, m.author_followers, m.url, m.lang, m.likes, m.reposts, m.replies,
                 m.sentiment, m.label.value, m.reach, m.fingerprint, "[]"),
            )  # fmt: skip
    raw.close()
    async with await open_store(path) as upgraded:
        assert await upgraded.period_facets(*PERIODS[3], limit=50) == expected_facets
        assert await upgraded.top_authors(*PERIODS[0], limit=5) == expected_authors
        assert await upgraded.period_totals(*PERIODS[2], "Acme Air") == expected_totals
        mentions = [m async for m in upgraded.iter_mentions()]
        recounted = recount_facets(mentions, *PERIODS[0], limit=50)
        assert await upgraded.period_facets(*PERIODS[0], limit=50) == PeriodFacets(
            *(recounted[kind] for kind in FACET_KINDS)
        )


async def test_a_version_1_postgres_database_is_backfilled_on_upgrade(pg_server) -> None:
    """The same on PostgreSQL: a database of schema 1 holding mentions is upgraded in one
    transaction, and the analytics read what a new database reads."""
    import psycopg

    from crisistui.store.postgres.schema import MIGRATIONS as PG_MIGRATIONS

    url = pg_server.new_database("analytics_v1")
    columns = (
        "source, external_id, created_at, ingested_at, subject, is_competitor, text, author, "
        "author_followers, url, lang, likes, reposts, replies, sentiment, label, reach, "
        "fingerprint, triggers"
    )
    with psycopg.connect(url, autocommit=True) as raw:
        raw.execute(PG_MIGRATIONS[0].encode())
        raw.execute("UPDATE crisistui_schema SET version = 1")
        with raw.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO mentions ({columns}) VALUES ({', '.join(['%s'] * 19)}) "
                "ON CONFLICT DO NOTHING",
                [
                    (m.source, m.external_id, to_epoch(m.created_at), 0, m.subject, 0, m.text,
                     m.author, m.author_followers, m.url, m.lang, m.likes, m.reposts,
                     m.replies, m.sentiment, m.label.value, m.reach, m.fingerprint, "[]")
                    for m in HISTORY
                ],
            )  # fmt: skip
    async with await open_store(url) as upgraded:
        assert await upgraded.schema_version() == len(PG_MIGRATIONS)
        mentions = [m async for m in upgraded.iter_mentions()]
        assert len(mentions) == len(HISTORY)
        for since, until in PERIODS[:4]:
            recounted = recount_facets(mentions, since, until, limit=50)
            assert await upgraded.period_facets(since, until, limit=50) == PeriodFacets(
                *(recounted[kind] for kind in FACET_KINDS)
            )
            ranking = await upgraded.top_authors(since, until, limit=5)
            expected = recount_authors(mentions, since, until, limit=5)
            assert (ranking.by_mentions, ranking.by_reach) == expected
            assert await upgraded.period_totals(since, until) == recount_totals(
                mentions, since, until
            )
        await upgraded.add_mentions([replace(HISTORY[1], external_id="new", text="new")], START)
        assert (await upgraded.period_totals(*PERIODS[0])).mentions == len(HISTORY) + 1


def test_the_recount_itself_counts_what_it_should() -> None:
    """The recount is the yardstick: check it on a hand-made pair."""
    at = START
    one = replace(HISTORY[0], text="#Go #go go going", lang="en", url="https://www.a.org/x")
    two = replace(one, external_id="2", label=Sentiment.NEGATIVE, reach=7, url=None)
    facets = recount_facets([one, two], at - timedelta(days=9), at + timedelta(days=9))
    assert facets["hashtag"] == (FacetCount("hashtag", "#go", 2, 1, one.reach + 7),)
    assert [f.value for f in facets["word"]] == ["going"]
    assert facets["domain"] == (FacetCount("domain", "a.org", 1, 0, one.reach),)
    assert Counter(mention_words("#Go #go go going", "en")) == Counter(["#go", "going"])
