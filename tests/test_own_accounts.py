"""The brand's own accounts answer the crisis; their posts are never a voice of it."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crisistui.analysis.backtest import replay
from crisistui.analysis.severity import Level
from crisistui.config import SeverityConfig
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.store import open_store

BRAND = "Acme Air"
T0 = datetime(2026, 3, 10, 0, 0, tzinfo=UTC)
APOLOGY = "We're sorry. An IT failure has affected check-in. We are working on it."


def post(n: int, at: datetime, label: Sentiment, author: str, followers: int = 300) -> Mention:
    score = {Sentiment.NEGATIVE: -0.6, Sentiment.POSITIVE: 0.6, Sentiment.NEUTRAL: 0.0}[label]
    return Mention(
        "x", str(n), f"post {n}", at, BRAND, False, score, label, followers, str(n),
        author=author, author_followers=followers,
    )  # fmt: skip


def calm_day_then_apology(author: str) -> list[Mention]:
    """A day and a half of calm at about one mention a minute (the norm then knows the brand's
    everyday voices), then the brand's own 2M-follower apology."""
    rng = random.Random(7)
    labels = [Sentiment.NEUTRAL] * 6 + [Sentiment.POSITIVE] * 2 + [Sentiment.NEGATIVE]
    mentions = [
        post(n, T0 + timedelta(minutes=n), rng.choice(labels), f"@user{n % 300}")
        for n in range(36 * 60)
    ]
    apology = T0 + timedelta(hours=36, minutes=1)
    mentions.append(post(10**6, apology, Sentiment.NEGATIVE, author, followers=2_000_000))
    return mentions


def test_accounts_match_as_authors_appear_and_impostors_do_not() -> None:
    own = OwnAccounts(["@AcmeAir", "acmeair@mastodon.social", " acmeair.bsky.social "])
    assert "@acmeair" in own and "ACMEAIR" in own and "@AcmeAir@mastodon.social" in own
    assert "acmeair.bsky.social" in own
    assert "@AcmeAir_Support" not in own and "acmeair@other.social" not in own
    assert None not in own and not OwnAccounts([])


def test_the_brands_own_apology_is_not_a_loud_negative_voice() -> None:
    settings = SeverityConfig()
    unknown = replay(calm_day_then_apology("@AcmeAir"), BRAND, settings)
    assert unknown.first_reaching(Level.HIGH) is not None, "a 2M negative voice alarms"
    own = OwnAccounts(["@acmeair"])
    answered = replay(calm_day_then_apology("@AcmeAir"), BRAND, settings, own)
    assert answered.first_reaching(Level.ELEVATED) is None
    impostor = replay(calm_day_then_apology("@AcmeAir_Help"), BRAND, settings, own)
    assert impostor.first_reaching(Level.HIGH) is not None


async def test_the_store_leaves_own_posts_out_of_voices_and_the_queue(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "own.db")
    try:
        at = T0 + timedelta(minutes=5)
        await store.add_mentions(
            [
                post(1, at, Sentiment.NEGATIVE, "@AcmeAir", followers=850_000),
                post(2, at, Sentiment.NEGATIVE, "@angryflyer", followers=40_000),
                post(3, at, Sentiment.NEGATIVE, "@AcmeAir_Help", followers=1_000),
            ],
            at,
        )
        own = OwnAccounts(["@acmeair"])
        until = T0 + timedelta(hours=1)
        voices = await store.top_negative(BRAND, T0, until, limit=3, own=own)
        assert [m.author for m in voices] == ["@angryflyer", "@AcmeAir_Help"]
        assert (await store.top_negative(BRAND, T0, until, limit=1))[0].author == "@AcmeAir"
        queue = await store.triage_queue(BRAND, T0, own=own)
        assert [m.author for m, _ in queue] == ["@angryflyer", "@AcmeAir_Help"]
    finally:
        await store.close()
