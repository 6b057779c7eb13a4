"""News and notices read as nobody's mood, and the same trouble told by someone who suffers it
still complains. Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from crisistui.domain.models import Sentiment
from crisistui.pipeline.sentiment import SentimentScorer
from crisistui.pipeline.sentiment.notices import reports


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    return SentimentScorer()


BULLETINS = [
    ("Northline Rail: strike planned for Thursday, a reduced timetable on most lines", "en"),
    ("Harbour Water warns of supply cuts in the east end from 9am to 4pm on Monday", "en"),
    ("Die Stadtwerke kündigen eine Stromsperre am Dienstag von 8 bis 12 Uhr an", "de"),
    ("Laut Polizei ist die B14 nach einem Unfall zwischen Waiblingen und Fellbach gesperrt", "de"),
    ("Corte de agua programado en el barrio Centro el miércoles de 10 a 14h", "es"),
    ("Grève des contrôleurs prévue samedi : un train sur trois en circulation", "fr"),
    ("Sciopero dei taxi a Roma venerdì, secondo i sindacati adesione alta", "it"),
    ("Falta de energia programada no bairro Jardim América, terça das 8h às 16h", "pt"),
    ("Плановое отключение горячей воды на ул. Садовой с 10:00 до 18:00 в четверг", "ru"),
    ("به گزارش خبرگزاری‌ها، پروازهای فرودگاه مشهد به دلیل برف لغو شد", "fa"),
    ("أعلنت شركة المياه عن انقطاع مجدول في حي النخيل يوم الأحد", "ar"),
    ("Theo thông báo của EVN, khu vực quận 7 cúp điện từ 8h đến 16h thứ Bảy", "vi"),
    ("Advisory: walang pasok sa Maynila bukas dahil sa bagyo", "tl"),
    ("据气象台消息，明天上午有暴雨，部分地铁线路可能停运", "zh"),
    ("電力会社によると、明日9時から12時まで計画停電", "ja"),
    ("기상청에 따르면 내일 오후부터 강풍 예정", "ko"),
    ("大雪の影響で、明朝は東北新幹線の一部で運転見合わせの見込み", "ja"),
    ("מחר צפוי גשם זלעפות בצפון, ייתכנו הצפות בכבישים", "he"),
    ("Reportan cierre parcial de la ruta 5 por un accidente, tránsito desviado", "es"),
    ("A marca Frescor está a recolher um lote de iogurtes por possível contaminação", "pt"),
    ("Bộ Công Thương yêu cầu thu hồi lô nước mắm số 118 do nhãn sai thành phần", "vi"),
    ("Организаторы сообщили, что концерт переносится на субботу из-за ремонта зала", "ru"),
    ("نشرة الطقس: أمطار رعدية وسيول محتملة على المرتفعات الجنوبية", "ar"),
    ("Menurut BMKG, hujan lebat disertai petir diperkirakan terjadi sore ini", "id"),
    # what befell others, reported: arrests, sentences, recalls, warnings
    ("Former treasurer of the rowing club sentenced to six years for embezzlement", "en"),
    ("Northwind Foods recalls 8,000 jars of pesto over possible glass fragments", "en"),
    ("Ex-Bürgermeister wegen Bestechung verurteilt", "de"),
    ("Arrestato a Napoli il titolare di una finta agenzia di viaggi", "it"),
    ("Công an khởi tố giám đốc công ty đa cấp lừa đảo 300 tỷ đồng", "vi"),
    ("Автопроизводитель отзывает 5 тысяч машин из-за дефекта тормозов", "ru"),
]


@pytest.mark.parametrize(("text", "lang"), BULLETINS)
def test_news_and_notices_are_neutral(scorer: SentimentScorer, text: str, lang: str) -> None:
    """Strikes, cuts and storms announced: the words are of trouble, nobody in them is upset."""
    assert scorer.score(text, lang).label is Sentiment.NEUTRAL


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Northline Rail strike planned for Thursday AGAIN?! I'm so done with this", "en"),
        ("Die Stadtwerke kündigen schon wieder eine Stromsperre an 😡", "de"),
        ("Corte de agua sin aviso en el barrio Centro, tercer día así", "es"),
        ("Grève prévue samedi, je vais encore rater mon rendez-vous", "fr"),
        ("Плановое отключение воды, а у меня ребёнок маленький, ужас", "ru"),
        ("又停电了，一个通知都没有，冰箱里的东西全坏了", "zh"),
        ("@HarbourWater supply cut from 9am to 4pm and nobody told us, useless", "en"),
        ("Llevo sin agua desde el corte programado del lunes, una vergüenza", "es"),
        ("Zamówiłem kuriera na 10:00-12:00, nikt nie przyjechał, porażka", "pl"),
        ("Kestrel Motors should recall this model, the brakes are dangerous", "en"),
        ("Montadora faz recall de 40 mil carros por risco de incêndio, que medo", "pt"),
        ("Рейс задержали на пять часов, и никто даже не извинился", "ru"),
    ],
)
def test_the_same_trouble_told_by_someone_who_suffers_it_complains(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    """A first person (a word, or a verb that says "I": "llevo", "zamówiłem"), an
    exclamation, an angry face, a reply to the company, or "without notice" is the writer's
    voice: the rule leaves such a post alone."""
    assert not reports(text, lang)
    assert scorer.score(text, lang).label is Sentiment.NEGATIVE


def test_a_quoted_notice_in_a_complaint_is_the_companys_words(scorer: SentimentScorer) -> None:
    """ "volgens dienstregeling" is what the app said, not where the writer's news came from."""
    text = "Staking bij RailNoord en de app zegt 'rijdt volgens dienstregeling'. Schandalig"
    assert not reports(text, "nl")
    assert scorer.score(text, "nl").label is Sentiment.NEGATIVE


def test_a_score_is_no_span_of_hours() -> None:
    """ "lost 3-0 at home" names no schedule."""
    assert not reports("Lost 3-0 at home, the manager has to go", "en")
    assert reports("Road closed from 9:00 to 17:00 for resurfacing", "en")


def test_a_source_is_named_only_where_one_is() -> None:
    """German "laut" is also "loud", Italian "secondo" also "second"."""
    assert reports("Laut Polizei ist die Brücke bis Freitag gesperrt", "de")
    assert not reports("Die Baustelle nebenan ist den ganzen Tag zu laut", "de")
    assert reports("Secondo i sindacati lo sciopero dei treni sarà totale", "it")
    assert not reports("secondo acquisto in questo negozio, tessuto ottimo", "it")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Unemployment rate unchanged at 3.9% in October", "en"),
        ("Банк России сохранил ключевую ставку на уровне 18%", "ru"),
        ("Istat: disoccupazione in calo al 6,1% a settembre", "it"),
        ("سود خالص شرکت در سال گذشته ۲۰ درصد کاهش یافت؛ مدیرعامل: هزینه‌ها بالا رفت", "fa"),
    ],
)
def test_a_figure_that_moved_or_held_is_news(text: str, lang: str) -> None:
    """Its words of profit, inflation or unemployment are the topic, nobody's mood."""
    assert SentimentScorer().score(text, lang).label is Sentiment.NEUTRAL


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hausse de 20% de mon forfait mobile sans prévenir, c'est du vol", "fr"),
        ("A mensalidade da academia subiu 25% e nada melhorou", "pt"),
        ("Никому не советую этот банк: комиссия выросла на 40%", "ru"),
    ],
)
def test_a_figure_the_writer_pays_still_complains(text: str, lang: str) -> None:
    """A price, a fee or "without warning": the writer's own news."""
    assert SentimentScorer().score(text, lang).label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Vollsperrung der B12 bei Kempten, Umleitung über die A7", "de"),
        ("Grève des bus lundi, prévoir un autre moyen de transport", "fr"),
        ("Sciopero Atac venerdì, garantite le fasce di punta", "it"),
        ("Huelga de metro el jueves, con servicios mínimos del 30 %", "es"),
        ("На выходных закрыта станция Сокол, ходят компенсационные автобусы", "ru"),
    ],
)
def test_notices_of_closures_and_strikes_are_neutral(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    assert scorer.score(text, lang).label is Sentiment.NEUTRAL


def test_a_road_named_i_dash_number_is_no_first_person(scorer: SentimentScorer) -> None:
    """ "I-80" is a road: the traffic notice has no writer's voice in it."""
    text = "I-80 WB backed up near exit 4 after a crash, two lanes closed"
    assert scorer.score(text, "en").label is Sentiment.NEUTRAL


def test_a_japanese_apps_notification_is_no_notice(scorer: SentimentScorer) -> None:
    """通知 is a notice in Chinese and an app's alert in Japanese, where a complaint names it."""
    assert scorer.score("停水通知：明天上午9点到下午5点暂停供水", "zh").label is Sentiment.NEUTRAL
    complaint = scorer.score("アプリの通知が来ないバグ、早く直してほしい", "ja")
    assert complaint.label is Sentiment.NEGATIVE


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Warehouse fire near the port overnight, crews still on scene", "en"),
        ("Землетрясение магнитудой 4,1 в Иркутской области, пострадавших нет", "ru"),
        ("Incendio en una fábrica de Monterrey, no hay heridos según Protección Civil", "es"),
        ("فردا از ساعت ۸ تا ۱۴ آب منطقه ۳ قطع خواهد بود", "fa"),
    ],
)
def test_reports_of_a_fire_a_quake_or_a_planned_cut_are_news(
    scorer: SentimentScorer, text: str, lang: str
) -> None:
    assert scorer.score(text, lang).label is Sentiment.NEUTRAL
