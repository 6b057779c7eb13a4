"""Thanks for a failure is sarcasm; thanks for a fix, a refund or help is thanks. Every
sentence here was written for these tests."""

from __future__ import annotations

import pytest

from crisistui.domain.models import Sentiment
from crisistui.pipeline.sentiment import SentimentScorer
from crisistui.pipeline.sentiment.thanks import thanked_for


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    return SentimentScorer()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Thanks @Ryanair for cancelling my flight the night before, great job 👍", "en"),
        ("Gracias Movistar por dejarme sin internet todo el finde, sois los mejores 👍", "es"),
        ("Merci Free pour la coupure de 3 jours, vraiment génial 👍", "fr"),
        ("Danke Lufthansa für den verlorenen Koffer, tolle Leistung", "de"),
        ("Obrigado Vivo por me deixar sem sinal o dia todo, excelente 👍", "pt"),
        ("Спасибо Билайн за три дня без связи, просто супер 👍", "ru"),
        ("Cảm ơn Viettel đã cho mình mất mạng cả ngày, tuyệt vời 👍", "vi"),
        ("Salamat Globe sa 3 araw na walang signal, galing niyo 👍", "tl"),
        ("谢谢顺丰把我的快递弄丢了，服务真好👍", "zh"),
        ("شكرا للخطوط السعودية على تأخير الرحلة ٥ ساعات، خدمة رائعة 👍", "ar"),
        ("ممنون ایرانسل بابت قطعی سه روزه اینترنت، عالی 👍", "fa"),
        ("Shukriya Jio 2 din se network gayab karne ke liye, zabardast service 👍", "hi"),
    ],
)
def test_thanks_for_a_failure_is_a_complaint(scorer: SentimentScorer, text: str, lang: str) -> None:
    """Every word is praise (thanks, great, 👍); what is thanked for is the failure."""
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Thanks Acme for fixing my refund so quickly, great job 👍", "en"),
        ("Thanks Acme for letting me know about the delay, appreciated", "en"),
        ("Gracias Movistar por arreglar la fibra en una hora, sois los mejores 👍", "es"),
        ("Danke Telekom für die schnelle Hilfe bei der Störung, wirklich super 👍", "de"),
        ("Спасибо Сбербанку за то, что вернули деньги после сбоя, молодцы", "ru"),
        ("谢谢顺丰这么快就送到了，服务真好👍", "zh"),
    ],
)
def test_thanks_for_a_fix_or_for_news_of_trouble_is_thanks(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    """A remedy ("fixing", "arreglar", "Hilfe", "вернули"), a warning, or something good."""
    assert scorer.score(text, lang).label is Sentiment.POSITIVE


def test_what_a_post_thanks_for() -> None:
    assert thanked_for("@Ryanair thanks for the 3 hour delay. Loved it") == " the 3 hour delay"
    assert thanked_for("Great crew, thanks for a smooth flight") is None  # thanks comes later
    assert thanked_for("thank you!") is None


def test_thanks_then_a_failure_after_a_comma_is_sarcasm(scorer: SentimentScorer) -> None:
    """ "Thanks X, <what went wrong>": the clause after the comma is what it thanks for; a
    sentence after a full stop is something else, and a remedy after the comma is thanks."""
    sarcastic = "Thanks Jio, 2 din se net nahi chal raha, badhiya service"
    assert scorer.score(sarcastic, "hi").label is Sentiment.NEGATIVE
    meant = "Salamat RideKo, binalik ng driver yung wallet na naiwan ko. Sobrang bait!"
    assert scorer.score(meant, "tl").label is Sentiment.POSITIVE
    assert thanked_for("Grazie a tutti! Domani si riparte, che stanchezza") is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Спасибо, что списали деньги дважды, прекрасный сервис", "ru"),
        ("Grazie per il servizio mai richiesto, siete fantastici", "it"),
    ],
)
def test_thanks_for_a_failure_needs_no_irony_mark(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    """What an upside-down face used to be needed for."""
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Gracias Movistar por dejarme sin internet 👏 sois los mejores", "es"),
        ("شكرا يا فودافون إن الشبكة واقعة من الصبح 👏 خدمة عظيمة", "ar"),
    ],
)
def test_applause_ends_what_is_thanked_for(scorer: SentimentScorer, text: str, lang: str) -> None:
    """The praise after the 👏 ("sois los mejores") is not part of the failure thanked for;
    Arabic says what for with "إن" (that)."""
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE


def test_a_touched_face_does_not_cut_what_is_thanked_for(scorer: SentimentScorer) -> None:
    """🥹 says how the thanks feels: the driver waiting is a kindness, and the 5 stars after
    it belong to the same thanks."""
    text = "Salamat sa rider na naghintay kahit 15 mins ako late 🥹 5 stars ka sakin kuya"
    assert scorer.score(text, "tl").label is Sentiment.POSITIVE
