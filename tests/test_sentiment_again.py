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


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("4th time this month the Parcelo driver leaves the box at the gate", "en"),
        ("Segunda vez esta semana que el bus 34 pasa de largo en mi parada", "es"),
        ("Zum vierten Mal diese Woche steht die S3 in Pasing", "de"),
        ("Quarta volta quest'anno che la lavatrice torna dal centro assistenza", "it"),
        ("Четвёртый раз за неделю приходит смс с кодом, который я не запрашивал", "ru"),
        ("本月第四次收到别人的快递了", "zh"),
        ("Lần thứ hai trong tuần này điện cúp lúc đang nấu cơm", "vi"),
        ("आज दूसरी बार लाइट गई है", "hi"),
    ],
)
def test_the_second_to_fifth_time_within_a_month_is_a_complaint(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Second time this month I order from Noodle Bar, love their ramen", "en", "positive"),
        ("Listening to the new album for the 12th time today", "en", "neutral"),
        ("The second time I visited Lisbon was in 2019", "en", "neutral"),
        ("Wir fahren zum zweiten Mal nach Rom", "de", "neutral"),
    ],
)
def test_a_repeat_of_praise_or_with_no_span_is_no_complaint(
    scorer: SentimentScorer, text: str, lang: str, expected: str
) -> None:
    assert scorer.score(text, lang).label is Sentiment(expected)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Parcelo wants 14€ to redeliver a parcel they never tried to deliver??", "en"),
        ("pomodori a 6 euro al kilo?? ma siamo matti", "it"),
        ("450 руб за доставку?! серьёзно", "ru"),
        ("R$ 22 num pão de queijo?? aeroporto é outro mundo", "pt"),
    ],
)
def test_a_price_met_with_a_doubled_question_is_a_complaint(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Any good headphones under $100? for the gym", "en"),
        ("Who's coming to the Mira concert on Friday??", "en"),
        ("Alguien sabe si el abono de 20€ vale para el tren?", "es"),
    ],
)
def test_a_price_asked_once_or_a_doubled_question_alone_is_no_complaint(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    assert scorer.score(text, lang).label is not Sentiment.NEGATIVE
