"""A retweet of a complaint is its echo: it carries the complaint further (reach), but it is
not one more person complaining, and counts a quarter of one. Six followers retweeting a big
account's gripe about a late order raised high in an outside team's calm weeks, counted as
seven complaints. A Weibo repost ("太可怕了//@momo: …") is one too."""

from __future__ import annotations

import random
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crisistui.analysis.backtest import replay
from crisistui.analysis.severity import Level
from crisistui.config import SeverityConfig
from crisistui.domain.copies import is_retweet
from crisistui.domain.models import Mention, Sentiment
from crisistui.store import Store, open_store
from crisistui.store.postgres.schema import MIGRATIONS as PG_MIGRATIONS
from crisistui.store.sqlite.schema import MIGRATIONS

BRAND = "Acme Air"
T0 = datetime(2026, 3, 10, 0, 0, tzinfo=UTC)
GRIPE = "Two @AcmeAir flights this week, both late, tired of it"
SCORES = {Sentiment.NEGATIVE: -0.6, Sentiment.POSITIVE: 0.6, Sentiment.NEUTRAL: 0.0}


def post(
    n: int,
    at: datetime,
    label: Sentiment,
    author: str,
    text: str | None = None,
    triggers: tuple[tuple[str, str], ...] = (),
) -> Mention:
    return Mention(
        "x", str(n), text or f"post {n} about Acme Air", at, BRAND, False, SCORES[label], label,
        300, str(n), author=author, author_followers=300, triggers=triggers,
    )  # fmt: skip


def calm_then(
    burst: list[tuple[str, str]],
    every: int = 40,
    triggers: tuple[tuple[str, str], ...] = (),
) -> list[Mention]:
    """A day and a half at about one mention a minute (one in nine negative, one negative in
    five holding ``triggers``), then ``burst`` (author, text) as negatives holding
    ``triggers``, one every ``every`` seconds."""
    rng = random.Random(11)
    labels = [Sentiment.NEUTRAL] * 6 + [Sentiment.POSITIVE] * 2 + [Sentiment.NEGATIVE]
    mentions = []
    for n in range(36 * 60):
        label = rng.choice(labels)
        held = triggers if label is Sentiment.NEGATIVE and rng.random() < 0.2 else ()
        mentions.append(post(n, T0 + timedelta(minutes=n), label, f"@user{n % 400}", None, held))
    start = T0 + timedelta(hours=36, minutes=1)
    mentions += [
        post(10**6 + i, start + timedelta(seconds=every * i), Sentiment.NEGATIVE, a, t, triggers)
        for i, (a, t) in enumerate(burst)
    ]
    return mentions


def test_hundreds_retweeting_a_complaint_within_minutes_are_a_storm() -> None:
    """An echo counts a quarter of a complaint, not nothing: a complaint gone viral is a crisis
    even when nobody words it again."""
    cascade = [("@frequentflyer", GRIPE)] + [
        (f"@follower{i}", f"RT @frequentflyer: {GRIPE}") for i in range(200)
    ]
    echoed = replay(calm_then(cascade, every=3), BRAND, SeverityConfig())
    assert echoed.first_reaching(Level.HIGH) is not None
    # the driver counts the mentions as they are, and says how many are retweets
    high = next(c.assessment for c in echoed.changes if c.assessment.level >= Level.HIGH)
    driver = high.drivers[0]
    counted = re.search(r"\((\d+) in (\d+) min, (\d+) of them reposts, vs ", driver)
    assert counted is not None, driver
    negatives, _minutes, retweets = map(int, counted.groups())
    assert negatives == high.window_negative and 0 < retweets < negatives


WEIBO_GRIPE = "星澜客服太差了，三天没人回复"
SERVICE = (("customer-service", "客服"),)


def test_a_weibo_repost_says_it_is_an_echo() -> None:
    assert is_retweet(f"太可怕了//@momo呀:{WEIBO_GRIPE}")
    assert is_retweet(f"//@momo呀: {WEIBO_GRIPE}")
    assert is_retweet(f"+1//@路人甲:mark//@momo呀:{WEIBO_GRIPE}")
    assert not is_retweet(WEIBO_GRIPE)
    assert not is_retweet("星澜的新闻 https://weibo.com/1234/abc @momo呀")


@pytest.mark.parametrize(
    ("gripe", "repost"),
    [
        (GRIPE, "RT @voice: {gripe}"),
        # a Weibo repost: a 2.3M-follower account's everyday gripe passed on ("太可怕了//@…")
        # raised high in an outside team's calm week, counted as complaints of their own
        (WEIBO_GRIPE, "太可怕了//@voice:{gripe}"),
    ],
    ids=["retweet", "weibo"],
)
def test_reposts_of_one_gripe_are_its_echo_not_a_storm(gripe: str, repost: str) -> None:
    reposted = [("@voice", gripe)] + [
        (f"@follower{i}", repost.format(gripe=gripe)) for i in range(19)
    ]
    echoed = replay(calm_then(reposted), BRAND, SeverityConfig())
    assert echoed.first_reaching(Level.HIGH) is None
    # twenty people saying it in their own words are a storm
    own_words = [(f"@customer{i}", f"{gripe} ({i})") for i in range(20)]
    stormed = replay(calm_then(own_words), BRAND, SeverityConfig())
    assert stormed.first_reaching(Level.HIGH) is not None


def test_a_term_surge_says_how_many_of_its_mentions_are_reposts() -> None:
    """A word carried on by reposts of one post is not a word many people chose: the why
    screen says how many of the mentions holding it are reposts (which count whole in the
    term's tests, as they carry the word further)."""
    cascade = [("@momo", WEIBO_GRIPE)] + [
        (f"@fan{i}", f"转发//@momo:{WEIBO_GRIPE}") for i in range(200)
    ] + [(f"@buyer{i}", f"{WEIBO_GRIPE} ({i})") for i in range(20)]  # fmt: skip
    echoed = replay(calm_then(cascade, every=3, triggers=SERVICE), BRAND, SeverityConfig())
    high = next(c.assessment for c in echoed.changes if c.assessment.level >= Level.HIGH)
    [said] = [d for d in high.drivers if d.startswith("'客服' in ")]
    counted = re.search(r"in (\d+) mentions, (\d+) of them reposts \((\d+) min", said)
    assert counted is not None, said
    mentions, reposts, minutes = map(int, counted.groups())
    assert 0 < reposts < mentions and minutes >= high.window_minutes
    [(_kind, _term, holding)] = [t for t in high.trigger_terms if t[1] == "客服"]
    assert holding == high.window_negative  # every negative of the window holds it


LATE = (("service-outage", "late"),)


def _echo_posts(at: datetime) -> list[Mention]:
    neg, pos = Sentiment.NEGATIVE, Sentiment.POSITIVE
    return [
        post(1, at, neg, "@a", GRIPE, LATE),
        post(2, at, neg, "@b", f"RT @a: {GRIPE}", LATE),
        post(3, at, neg, "@c", f"  rt @a: {GRIPE}", LATE),
        post(4, at, pos, "@d", "RT @e: Acme Air upgraded me, thank you!"),
        post(5, at, neg, "@f", "Retweet this: Acme Air lost my bag RT @g"),
        post(6, at, neg, "@h", f"太可怕了//@a:{GRIPE}", LATE),
    ]


async def test_the_store_counts_retweeted_complaints_as_echoes(store: Store) -> None:
    at = T0 + timedelta(minutes=3)
    await store.add_mentions(_echo_posts(at), at)
    [minute] = await store.rollups(T0, T0 + timedelta(hours=1), BRAND)
    assert (minute.negative, minute.echoes) == (5, 3)
    [term] = await store.trigger_rollups(T0, T0 + timedelta(hours=1), BRAND)
    assert (term.term, term.volume, term.negative, term.echoes) == ("late", 4, 4, 3)


async def _upgraded_counts_echoes(where: Path | str) -> None:
    async with await open_store(where, create=False) as store:
        hour = (T0, T0 + timedelta(hours=1), BRAND)
        [minute] = await store.rollups(*hour)
        assert (minute.negative, minute.echoes) == (3, 2)  # the Weibo repost counted now
        [term] = await store.trigger_rollups(*hour)
        assert (term.negative, term.echoes) == (3, 2)
        later = T0 + timedelta(minutes=4)
        await store.add_mentions(
            [post(9, later, Sentiment.NEGATIVE, "@z", f"转发//@a:{GRIPE}", LATE)], later
        )
        assert [(r.negative, r.echoes) for r in await store.rollups(*hour)] == [(3, 2), (1, 1)]
        terms = await store.trigger_rollups(*hour)
        assert [(t.negative, t.echoes) for t in terms] == [(3, 2), (1, 1)]


_OLD_ROWS = (
    "INSERT INTO mentions (source, external_id, text, created_at, subject, is_competitor, "
    "sentiment, label, reach, fingerprint, ingested_at, triggers) VALUES "
    f"('x', '1', '{GRIPE}', {int(T0.timestamp()) + 120}, '{BRAND}', 0, -0.6, 'negative', "
    """300, 'f1', 0, '[["service-outage", "late"]]'), """
    f"('x', '2', 'RT @a: {GRIPE}', {int(T0.timestamp()) + 150}, '{BRAND}', 0, -0.6, "
    """'negative', 300, 'f2', 0, '[["service-outage", "late"]]'), """
    f"('x', '3', '太可怕了//@a:{GRIPE}', {int(T0.timestamp()) + 170}, '{BRAND}', 0, -0.6, "
    """'negative', 300, 'f3', 0, '[["service-outage", "late"]]')"""
)
BEFORE_WEIBO, PG_BEFORE_WEIBO = 17, 12
"""The schemas before Weibo reposts were echoes (SQLite 18, PostgreSQL 13)."""
_AS_COUNTED_BEFORE = "UPDATE rollups SET echoes = 1"
"""A Weibo repost was no echo before the upgrade."""


async def test_a_sqlite_database_before_echoes_counts_them_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as raw:
        for script in MIGRATIONS[:BEFORE_WEIBO]:
            raw.executescript(script)
        raw.execute(f"PRAGMA user_version = {BEFORE_WEIBO}")
        raw.execute(_OLD_ROWS)
        raw.execute(_AS_COUNTED_BEFORE)
    raw.close()
    await _upgraded_counts_echoes(path)


async def test_a_postgres_database_before_echoes_counts_them_on_upgrade(pg_server: Any) -> None:
    import psycopg

    url = pg_server.new_database("before_echoes")
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as raw:
        for script in PG_MIGRATIONS[:PG_BEFORE_WEIBO]:
            await raw.execute(script.encode())
        await raw.execute(f"UPDATE crisistui_schema SET version = {PG_BEFORE_WEIBO}")
        await raw.execute(_OLD_ROWS.encode())
        await raw.execute(_AS_COUNTED_BEFORE)
    await _upgraded_counts_echoes(url)
