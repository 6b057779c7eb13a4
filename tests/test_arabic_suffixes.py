"""Arabic and Persian words carrying a pronoun or plural ending are read as the lexicon's word
("وقاحتهم" is "وقاحة" + "their"), without mistaking short words or the feminine ة for an
ending. Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from crisistui.domain.models import Sentiment
from crisistui.pipeline.sentiment import SentimentScorer
from crisistui.pipeline.sentiment.lexicon import Lexicon
from crisistui.pipeline.sentiment.lexicon_analyser import LexiconAnalyser


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    return SentimentScorer()


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a complaint through a suffixed noun: "your negligence and your delay"
        ("اهمالكم وتاخيركم في التوصيل", "ar", Sentiment.NEGATIVE),
        ("وقاحتهم في الرد على العملاء", "ar", Sentiment.NEGATIVE),
        # praise: "your creativity in the new design", "its splendour is its speed" (ة → ت)
        ("ابداعكم في التصميم الجديد", "ar", Sentiment.POSITIVE),
        ("التطبيق الجديد روعته في سرعته", "ar", Sentiment.POSITIVE),
        # a clitic in front and a pronoun behind: "with your creativity"
        ("بابداعكم صار التطبيق شي ثاني", "ar", Sentiment.POSITIVE),
        # a plural: "your achievements this year" is listed; "insults" is ة's plural ات
        ("اهانات متكررة للعملاء", "ar", Sentiment.NEGATIVE),
        # Persian: "their disrespect", "our hope was in you"
        ("بی‌احترامیشون دیگه قابل تحمل نیست", "fa", Sentiment.NEGATIVE),
        ("امیدمون به شما بود", "fa", Sentiment.POSITIVE),
    ],
)
def test_a_word_with_an_attached_pronoun_or_plural_is_read(
    scorer: SentimentScorer, text: str, lang: str, expected: Sentiment
) -> None:
    assert scorer.score(text, lang).label is expected


def test_a_negated_suffixed_word_is_flipped(scorer: SentimentScorer) -> None:
    # "we never saw your kindness"
    assert scorer.score("لم نر لطفكم ابدا", "ar").label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("الاداء مرضي", "ar"),  # satisfactory: four letters, not "مرض" (illness) + ي
        ("الرحلة كاملة غدا", "ar"),  # whole: the ة folds to ه, which is no pronoun here
        ("الاسبوع القادم عطلة", "ar"),  # holiday, not "عطل" (breakdown)
        ("باید تحویل بار بدیم", "fa"),  # "we must hand over": a verb, not "بدی" (badness)
        # "their ball": كرة folds to the letters of كره (hate), which the lexicon lists as 0
        ("لعبوا بكرتهم الجديدة", "ar"),
    ],
)
def test_short_words_and_the_feminine_ending_are_not_cut(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    assert scorer.score(text, lang).label is Sentiment.NEUTRAL


def test_the_lexicons_own_entries_win_over_a_stem() -> None:
    lexicon = Lexicon.from_mapping({"terms": {"ممتاز": 3.0, "ممتازين": -1.0, "سخيف": -2.0}}, "ar")
    analyser = LexiconAnalyser(lexicon)
    assert analyser.score("ممتازين") < 0  # the word as written
    assert analyser.score("ممتازكم") > 0  # only a word the lexicon lacks is cut
    assert analyser.score("سخيفين") < 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # questions, where "ولا" is "or": "is the service good or bad?", "Nilcom or Faraon?"
        ("الخدمة حلوة ولا وحشة؟", Sentiment.NEUTRAL),
        ("نيلكوم ولا فرعون موبايل؟ محتار", Sentiment.NEUTRAL),
        # and where it still negates: not a question, or a phrase ("nobody answered?")
        ("الخدمة ولا حلوة", Sentiment.NEGATIVE),
        ("ولا حد رد عليا؟", Sentiment.NEGATIVE),
    ],
)
def test_wala_in_a_question_is_or_not_a_negation(
    scorer: SentimentScorer, text: str, expected: Sentiment
) -> None:
    """Arabic "ولا" negates ("and not"), but in an Egyptian or Levantine question it is "or":
    "is it good or bad?" read as praise, "X or Y?" as a complaint about Y."""
    assert scorer.score(text, "ar").label is expected
