"""A month of stored mentions at a busy brand's pace, for timing queries over a big history.

Texts are the everyday ones of ``bench.texts`` (an airline's gripes, praise and questions, with
their trigger words at everyday rates), a tenth of them in French or Spanish with accents, and
the brand's name swapped for a competitor's in a fifth. Authors follow a long tail, a handful of
loud accounts (``@bignews``) post rarely, and sources are weighted like a real mix. Everything
comes from one seeded ``random.Random``, so the history is the same on every run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from bench import texts
from crisistui.domain.models import Mention, Sentiment

END = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DAYS = 30
BRAND = "Acme Air"
COMPETITORS = ("Zephyr Airlines", "Nimbus Jet")
SOURCES = (
    ("x", 40),
    ("mastodon-social", 15),
    ("bluesky", 20),
    ("reddit", 10),
    ("google-news", 10),
    ("hackernews", 5),
)
LOUD_AUTHORS = ("@bignews", "@travelwire", "@dealsonwings")
LOUD_SHARE = 0.00005
"""Share of mentions by one of the loud accounts: a few dozen in a million."""
FOREIGN = (
    "Toujours pas de remboursement de {b}, trois semaines déjà. Déçu.",
    "Vol annulé à {airport}, {b} ne répond pas. Quel désastre.",
    "Réservation modifiée sans prévenir par {b}. Inadmissible.",
    "¿Alguien sabe cuándo devuelve {b} el reembolso? Qué lentitud.",
    "Vuelo retrasado en {airport} con {b}, nadie informa. Fatal.",
    "Muy buena atención de {b} en {city}, ¡gracias!",
)
_SENTIMENT = {Sentiment.NEGATIVE: -0.6, Sentiment.POSITIVE: 0.6, Sentiment.NEUTRAL: 0.0}


def _text(rng: random.Random, label: Sentiment) -> str:
    if rng.random() < 0.1:
        return texts.fill(rng.choice(FOREIGN), rng)
    if label is Sentiment.NEGATIVE:
        return texts.calm_negative(rng)
    pool = texts.CALM_POSITIVE if label is Sentiment.POSITIVE else texts.CALM_NEUTRAL
    return texts.fill(rng.choice(pool), rng)


def history(count: int, seed: int = 7) -> Iterator[Mention]:
    """``count`` mentions spread evenly over the ``DAYS`` before ``END``, oldest first."""
    rng = random.Random(seed)
    sources = [name for name, _ in SOURCES]
    weights = [weight for _, weight in SOURCES]
    start = END - timedelta(days=DAYS)
    step = DAYS * 86400 / count
    for i in range(count):
        draw = rng.random()
        label = (
            Sentiment.NEGATIVE
            if draw < 0.2
            else Sentiment.POSITIVE
            if draw < 0.5
            else Sentiment.NEUTRAL
        )
        text = _text(rng, label)
        subject = BRAND
        if rng.random() < 0.2:
            subject = rng.choice(COMPETITORS)
            text = text.replace(BRAND, subject).replace("@AcmeAir", "@" + subject.split()[0])
        if rng.random() < LOUD_SHARE:
            author = rng.choice(LOUD_AUTHORS)
            followers = rng.randrange(400_000, 2_000_000)
        else:
            author = f"@user{int(rng.paretovariate(0.6)) % 400_000}"
            followers = min(int(rng.lognormvariate(5.0, 1.6)), 300_000)
        yield Mention(
            source=rng.choices(sources, weights)[0],
            external_id=f"h{i}",
            text=text,
            created_at=start + timedelta(seconds=i * step + rng.uniform(0, step)),
            subject=subject,
            is_competitor=subject != BRAND,
            sentiment=_SENTIMENT[label],
            label=label,
            reach=followers + rng.randrange(0, 40),
            fingerprint=f"fp{i}",
            author=author,
            author_followers=followers,
            triggers=texts.triggers(text),
        )
