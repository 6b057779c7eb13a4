"""Praise exclaimed at the same trouble again is sarcasm; at good news, or at a service working
again, it is praise. Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from crisistui.domain.models import Sentiment
from crisistui.pipeline.sentiment import SentimentScorer


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    return SentimentScorer()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Great, another outage an hour before my exam. cheers Northline", "en"),
        ("Great job Skyrail, another 'minor delay' of forty minutes 👏", "en"),
        ("Génial, encore une grève des contrôleurs ce week-end", "fr"),
        ("Toll, die Bahn streicht schon wieder den Zug nach Köln", "de"),
        ("Perfetto, di nuovo senza linea da stamattina", "it"),
        ("Ótimo, mais um aumento na conta de luz", "pt"),
        ("Отлично, опять нет горячей воды во всём доме", "ru"),
    ],
)
def test_praise_exclaimed_at_a_repeat_is_a_complaint(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Great, another win for the team tonight!", "en"),
        ("Great news, another route to Lisbon from May", "en"),
        ("Great, the app works again! thanks for the quick fix", "en"),
        ("Super, ça marche de nouveau, merci", "fr"),
    ],
)
def test_praise_of_good_news_or_a_service_back_is_praise(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    assert scorer.score(text, lang).label is Sentiment.POSITIVE
