"""Trigger terms: configured per crisis type, found at ingestion, kept in rollups, read by the
engine as a signal and as the likely crisis type."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisistui.analysis.backtest import BacktestResult, replay
from crisistui.analysis.severity import Level, NegativeVoice, SeverityEngine
from crisistui.analysis.triggers import TermSurge, distinct_surges
from crisistui.config import ConfigError, SeverityConfig, demo_config, parse_config
from crisistui.config.triggers import DEFAULT_TRIGGERS, MAX_TERMS_PER_TYPE
from crisistui.domain.clock import ManualClock
from crisistui.domain.models import RawItem, Sentiment
from crisistui.domain.records import Rollup, TriggerRollup
from crisistui.domain.time import from_epoch, to_epoch
from crisistui.monitor import Monitor
from crisistui.pipeline import Pipeline
from crisistui.pipeline.triggers import TriggerMatcher, term_key
from crisistui.store import Store, open_store
from crisistui.store.sqlite.schema import MIGRATIONS

BRAND = "Acme Air"
NOW = datetime(2026, 3, 10, 14, 0, 59, tzinfo=UTC)
NOW_MINUTE = to_epoch(NOW) // 60
PLAYBOOK_TYPES = {
    "boycott",
    "customer-service",
    "data-breach",
    "product-recall",
    "service-outage",
    "misinformation",
    "executive-misconduct",
    "community-manager-misstep",
    "influencer-backlash",
}


def config(triggers: object = None):
    data: dict[str, object] = {"brand": {"name": BRAND, "terms": ["acme air"]}}
    if triggers is not None:
        data["triggers"] = triggers
    return parse_config(data)


# -- configuration -----------------------------------------------------------------------------


def test_every_playbook_crisis_type_has_default_terms_in_several_languages() -> None:
    assert set(DEFAULT_TRIGGERS) == PLAYBOOK_TYPES
    terms = config().trigger_terms
    assert {"boycott*", "boicot"} <= set(terms["boycott"])
    assert {"data leak", "fuite de données", "Datenleck", "filtración"} <= set(terms["data-breach"])
    assert {"refund", "remboursement", "reembolso", "Erstattung"} <= set(terms["customer-service"])


def test_a_configured_type_replaces_its_defaults_and_an_empty_list_turns_it_off() -> None:
    terms = config({"boycott": ["walkout", "Walkout"], "service-outage": [], "pricing": ["fee"]})
    assert terms.trigger_terms["boycott"] == ("walkout",)
    assert "service-outage" not in terms.trigger_terms
    assert terms.trigger_terms["pricing"] == ("fee",)
    assert terms.trigger_terms["data-breach"] == DEFAULT_TRIGGERS["data-breach"]


@pytest.mark.parametrize(
    ("triggers", "problem"),
    [
        ({"Data Breach": ["leak"]}, "triggers.'Data Breach': a crisis type id is lowercase"),
        ({"boycott": "boycott"}, 'triggers.boycott: must be a list, like ["a", "b"]'),
        ({"boycott": ["ok", "  "]}, "triggers.boycott[1]: a term cannot be blank"),
        ({"boycott": [3]}, 'triggers.boycott[0]: must be text in quotes, like "a"'),
    ],
)
def test_bad_trigger_tables_are_refused_naming_the_key(triggers: object, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config(triggers)
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems


def test_every_bad_entry_of_a_trigger_table_is_named_in_one_pass() -> None:
    with pytest.raises(ConfigError) as caught:
        config({"Bad Type": ["x"], "boycott": [""], "recall": ["ok", " "]})
    assert caught.value.problems == [
        "triggers.'Bad Type': a crisis type id is lowercase letters, digits, '-' and '_'",
        "triggers.boycott[0]: a term cannot be blank",
        "triggers.recall[1]: a term cannot be blank",
    ]
    with pytest.raises(ConfigError) as caught:  # a line break in a key: said, no traceback
        config({"a\nb": [""]})
    assert caught.value.problems == [
        "triggers.'a\\nb': a crisis type id is lowercase letters, digits, '-' and '_'",
        "triggers.'a\\nb'[0]: a term cannot be blank",
    ]


def test_each_built_in_term_folds_to_its_own_key() -> None:
    """Two terms folding alike would count one word twice, or for two crisis types."""
    owner: dict[str, str] = {}
    for kind, terms in DEFAULT_TRIGGERS.items():
        for term in terms:
            key = term_key(term)
            assert key not in owner, f"{term!r} ({kind}) folds like a term of {owner[key]}"
            owner[key] = kind


@pytest.mark.parametrize(
    "text",
    [
        "Walay signal ang Bituin diri sa Davao, 3 ka oras na",  # Cebuano
        "down na naman si Bituin, walang data buong araw",
        "no signal since 6pm @BituinTel",
        "Bituin又断网了，一直没有信号",
    ],
)
def test_an_outage_said_as_a_telecom_storm_says_it_is_found(
    built_in: TriggerMatcher, text: str
) -> None:
    """A nationwide mobile outage: only about 10 of its 38 distinct texts held an outage
    term ("walay signal", "down na naman", "no signal", 断网 were none)."""
    assert any(kind == "service-outage" for kind, _term in built_in.find(text))


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Acme Air کلاهبرداره! پول از حسابم کم شد", ("customer-service", "کلاهبردار*")),
        ("سیستم Acme Air کلاً از کار افتاده", ("service-outage", "از کار افتاده")),
        ("اپ Acme Air قطعه؟ نمی‌تونم وارد بشم", ("service-outage", "نمی‌تونم وارد بشم")),
    ],
)
def test_spoken_persian_complaints_are_found(
    built_in: TriggerMatcher, text: str, hit: tuple[str, str]
) -> None:
    """Persian posts are written as it is spoken ("کلاهبرداره", he is a fraud), not as the
    written words the list first had."""
    assert hit in built_in.find(text)


def test_terms_that_fold_alike_are_one_hit() -> None:
    """A word listed with and without its accents counted each post twice; a Chinese post is
    read in simplified characters, so its traditional spelling finds the simplified term."""
    matcher = TriggerMatcher({"boycott": ["拒买", "拒買", "tẩy chay", "tay chay"]})
    assert matcher.find("tẩy chay Acme Air") == (("boycott", "tẩy chay"),)
    assert matcher.find("大家一起拒買 Acme", lang="zh") == (("boycott", "拒買"),)
    assert matcher.find("大家一起拒買 Acme") == (("boycott", "拒買"),)
    simplified_only = TriggerMatcher({"boycott": ["拒买"], "data-breach": ["外洩"]})
    # a post in Chinese finds a term in either script: 外洩 as written, 拒买 in 拒買
    assert simplified_only.find("華航資料外洩，大家拒買", lang="zh") == (
        ("data-breach", "外洩"),
        ("boycott", "拒买"),
    )
    assert simplified_only.find("大家拒買") == ()  # Japanese, say: read as written


def test_a_turkish_term_is_found_shouted_or_typed_without_turkish_letters() -> None:
    matcher = TriggerMatcher({"data-breach": ["sızdırdı"]})
    for text in ("verilerimizi sızdırdı", "VERİLERİMİZİ SIZDIRDI", "verilerimizi sizdirdi"):
        assert matcher.find(text) == (("data-breach", "sızdırdı"),), text


def test_a_built_in_list_can_be_copied_into_the_config_and_extended() -> None:
    """A configured type replaces its built-in list, so a team adds a term by copying it."""
    longest = max(len(terms) for terms in DEFAULT_TRIGGERS.values())
    extra = [f"extra term {i}" for i in range(MAX_TERMS_PER_TYPE - longest)]
    extended = {kind: [*terms, *extra] for kind, terms in DEFAULT_TRIGGERS.items()}
    terms = config(extended).trigger_terms
    assert all(terms[kind][-1] == extra[-1] for kind in DEFAULT_TRIGGERS)
    assert len(extra) >= 100


# -- matching -------------------------------------------------------------------------------------


def test_terms_match_like_brand_terms_and_each_counts_once() -> None:
    matcher = TriggerMatcher(config().trigger_terms)
    assert matcher.find("FUITE DE DONNEES chez Acme, encore une fuite de données") == (
        ("data-breach", "fuite de données"),
    )
    assert matcher.find("The app   is\tdown") == (("service-outage", "is down"),)
    assert matcher.find("#BoycottAcmeAir now") == (("boycott", "#boycott*"),)
    # a hashtag's words are read apart at its capitals, for a type the text holds no term of
    assert matcher.find("#AcmeAirDataLeak my card was used") == (("data-breach", "data leak"),)
    assert matcher.find("#ÇarşıMarketBoykot şikayet ettim") == (("boycott", "boykot*"),)
    assert matcher.find("#TẩyChayAcmeAir") == (("boycott", "#tẩychay*"),)  # once, not twice
    assert matcher.find("Acme 的数据 leak 了") == (("data-breach", "leak"),)
    assert matcher.find("A small leakage of coffee, nothing recalled") == (
        ("product-recall", "recalled"),
    )
    assert matcher.find("Rueckruf? Nein: Rückruf!") == (("product-recall", "Rückruf"),)
    assert matcher.find("a perfectly lovely flight") == ()


def test_a_term_shared_by_two_types_counts_for_both() -> None:
    matcher = TriggerMatcher({"a": ["scam"], "b": ["scam", "fraud"]})
    assert matcher.find("what a scam") == (("a", "scam"), ("b", "scam"))


@pytest.fixture(scope="module")
def built_in() -> TriggerMatcher:
    return TriggerMatcher(config().trigger_terms)


@pytest.mark.parametrize(
    ("language", "text", "term"),
    [
        ("vi", "Mọi người ơi, tẩy chay Acme Air ngay đi!", "tẩy chay"),
        ("vi", "TAY CHAY ACME AIR, ko xin loi thi ko bay", "tẩy chay"),  # typed without accents
        ("vi", "Đủ rồi #TẩyChayAcmeAir", "#tẩychay*"),
        ("tl", "Grabe ang Acme Air, iboycott na natin sila!", "iboycott*"),
        ("tl", "Huwag bumili ng ticket sa Acme Air", "huwag bumili"),
        ("ru", "Объявляем бойкот Acme Air!", "бойкот*"),
        ("ru", "Бойкотируйте Acme Air, пока не извинятся", "бойкот*"),
        ("fa", "همه Acme Air را تحریم کنید", "تحریم"),
        ("zh", "大家一起抵制爱克米航空！", "抵制"),
        ("zh", "我們要罷買這家航空公司的機票", "罷買"),
        ("es", "¡Boicot a Acme Air ya!", "boicot"),
        ("es", "Hay que boicotear a Acme Air", "boicotear"),
        ("es", "No compren pasajes de Acme Air", "no compren"),
        ("ar", "قاطعوا Acme Air حتى تعتذر", "قاطعوا"),
        ("ar", "الحملة مستمرة #مقاطعة", "#مقاطعة"),
        ("pt", "Boicotem a Acme Air", "boicot*"),
        ("tr", "Acme Air'i boykot ediyoruz", "boykot*"),
        ("id", "Ayo boikot Acme Air", "boikot*"),
        ("pl", "Bojkotujemy Acme Air", "bojkot*"),
        ("de", "Boykottaufruf gegen Acme Air", "boykott*"),
        ("hi", "Acme Air का बहिष्कार करो", "बहिष्कार"),
        ("hi", "Acme Air ka bahishkar karo", "bahishk*"),
        ("ko", "Acme Air 불매운동 동참합니다", "불매"),
        ("ja", "Acme Airの不買運動が広がっている", "不買運動"),
        ("th", "คว่ำบาตร Acme Air กันเถอะ", "คว่ำบาตร"),
        ("he", "חרם על Acme Air", "חרם"),
    ],
)
def test_a_boycott_call_is_found_in_the_language_it_is_written_in(
    built_in: TriggerMatcher, language: str, text: str, term: str
) -> None:
    assert built_in.find(text) == (("boycott", term),)


@pytest.mark.parametrize(
    ("language", "text", "term"),
    [
        ("ru", "Утечка данных у Acme Air: мои паспортные данные в сети", "утечка данных"),
        ("zh", "Acme航空数据泄露，我的护照号码也在里面", "泄露"),
        ("ja", "Acme Airで個人情報流出だって", "情報流出"),
        ("pt", "Vazamento de dados na Acme Air, meus dados expostos", "vazamento de dados"),
        ("vi", "Acme Air bị rò rỉ dữ liệu khách hàng", "rò rỉ dữ liệu"),
        ("tr", "Acme Air veri sızıntısını kabul etti", "veri sızıntı*"),
        ("ar", "تسريب بيانات عملاء Acme Air", "تسريب"),
        ("fa", "نشت اطلاعات مسافران Acme Air", "نشت اطلاعات"),
        ("id", "Ada kebocoran data di Acme Air", "kebocoran data"),
    ],
)
def test_a_data_leak_is_found_in_the_language_it_is_written_in(
    built_in: TriggerMatcher, language: str, text: str, term: str
) -> None:
    assert built_in.find(text) == (("data-breach", term),)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # Folded Vietnamese that looks like a term: tẩy chay, mua (ngừng mua), bê bối, kỳ thị,
        # hối lộ, tin giả, tổng đài, bồi thường, tung tin, tài trợ.
        ("vi", "Hôm nay trời ngừng mưa, tôi ăn chay rồi rửa tay."),
        ("vi", "Khách sạn có bể bơi rất đẹp, tuần sau là kỳ thi."),
        ("vi", "Mình hơi lo, tin gia đình báo em gái sắp cưới."),
        ("vi", "Acme Air là tổng đại lý, được yêu thích bởi thương hiệu lớn."),
        ("vi", "Tôi đọc từng tin nhắn, giá vé tái trở lại mức cũ."),
        ("tl", "Masarap ang pagkain at mabait ang mga crew ng Acme Air."),
        # Russian words holding a short term: поиск, риск (иск), отзыв (a review), сложный (ложь).
        ("ru", "Поиск билетов простой, риск минимальный, отличный отзыв о полёте."),
        ("ru", "Сложный маршрут, но всё прошло хорошо."),
        ("fa", "پرواز خوبی بود، ممنون از خدمه Acme Air"),
        ("zh", "今天的航班很准时，服务很好，谢谢Acme航空"),
        ("es", "El vuelo fue fenomenal y la tripulación muy amable."),
        ("ar", "أسئلة شائعة عن الأمتعة، وعطلة سعيدة للجميع"),  # not شائعات, not عطل
        ("he", "מה שקרה בטיסה היה פשוט מצוין"),  # not שקר
        ("tr", "Kol saatimi uçakta unuttum ama çok güzel bir uçuştu."),  # not KOL, not çöktü
        ("ja", "オンデマンドで映画が見られて最高でした"),  # not デマ
        ("ko", "비하인드 스토리가 정말 재미있어요"),
        ("th", "ลมเย็นสบายมาก บินกับ Acme Air สนุก"),  # ลม (wind), not ล่ม (crashed)
        ("hi", "ऐप डाउनलोड करना आसान था, धन्यवाद"),  # not डाउन
    ],
)
def test_ordinary_sentences_and_look_alike_words_hold_no_term(
    built_in: TriggerMatcher, language: str, text: str
) -> None:
    assert built_in.find(text) == ()


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("大家一起抵制Acme航空！", ("boycott", "抵制")),
        ("Acme退款太慢了", ("customer-service", "退款")),
        ("#مقاطعة_Acme_Air", ("boycott", "#مقاطعة")),
    ],
)
def test_a_term_in_another_script_is_found_beside_latin_letters(
    built_in: TriggerMatcher, text: str, hit: tuple[str, str]
) -> None:
    assert built_in.find(text) == (hit,)


# -- store ----------------------------------------------------------------------------------------


async def test_trigger_rollups_are_kept_at_insert_and_never_doubled(store: Store) -> None:
    pipeline = Pipeline(config())
    at = NOW - timedelta(minutes=1)
    items = [
        RawItem("x", "1", "Acme Air: no refund, awful, terrible service", at),
        RawItem("x", "2", "Acme Air refund came through quickly, great", at),
        RawItem("x", "3", "Acme Air lost my bag, awful", at),
    ]
    mentions = [m for m in (pipeline.process(i) for i in items) if m is not None]
    assert [m.label for m in mentions] == [
        Sentiment.NEGATIVE,
        Sentiment.POSITIVE,
        Sentiment.NEGATIVE,
    ]
    await store.add_mentions(mentions, NOW)
    await store.add_mentions(mentions, NOW)  # the same batch again: deduped
    minute = to_epoch(at) // 60
    assert await store.trigger_rollups(at, NOW) == [
        TriggerRollup(BRAND, minute, "customer-service", "refund", 2, 1)
    ]
    [rollup] = await store.rollups(at, NOW)
    assert rollup.negative == 2 and rollup.scanned_negative == 2
    assert await store.mention_triggers(1) == [("customer-service", "refund")]
    assert await store.mention_triggers(3) == []


async def test_a_version_4_database_migrates_to_5_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        for script in MIGRATIONS[:4]:
            db.executescript(script)
        db.execute("PRAGMA user_version = 4")
        db.execute(
            "INSERT INTO mentions (source, external_id, created_at, ingested_at, subject, "
            "is_competitor, text, sentiment, label, reach, fingerprint) VALUES "
            "('x', 'old', ?, ?, 'Acme Air', 0, 'Acme Air refund please, awful', -0.6, "
            "'negative', 10, 'fp')",
            (to_epoch(NOW) - 600, to_epoch(NOW)),
        )
        db.execute(
            "INSERT INTO events (at, actor, kind, summary) VALUES (?, 'me', 'note', 'kept')",
            (to_epoch(NOW),),
        )
    db.close()
    store = await open_store(path)
    try:
        assert await store.schema_version() == len(MIGRATIONS)  # and every later one
        assert await store.mention_count() == 1
        old = await store.mention(1)
        assert old is not None and old.text == "Acme Air refund please, awful"
        assert await store.mention_triggers(1) is None, "not scanned before schema 5"
        [rollup] = await store.rollups(NOW - timedelta(hours=1), NOW)
        assert (rollup.volume, rollup.negative, rollup.scanned_negative) == (1, 1, 0)
        assert [e.summary for e in await store.recent_events()] == ["kept"]
        new = Pipeline(config()).process(RawItem("x", "new", "Acme Air refund now, awful", NOW))
        assert new is not None
        await store.add_mentions([new], NOW)
        assert [t.term for t in await store.trigger_rollups(NOW - timedelta(hours=1), NOW)] == [
            "refund"
        ]
    finally:
        await store.close()


# -- the engine -----------------------------------------------------------------------------------

Minute = tuple[int, int, dict[tuple[str, str], int | tuple[int, int]]]
"""(volume, negatives, negatives (or mentions and negatives) per (crisis type, term))"""


KNOWN_NORM_HOURS = 36
"""Hours of calm after which the norm knows the brand's everyday loud accounts."""


def calm(minutes: int = 600, per_minute: int = 4, gripe_every: int = 2) -> dict[int, Minute]:
    """Even traffic: ``per_minute`` mentions, a negative every ``gripe_every`` minutes, and
    'refund' in one negative of ten (an airline's everyday)."""
    out: dict[int, Minute] = {}
    for i, minute in enumerate(range(NOW_MINUTE - minutes, NOW_MINUTE - 30)):
        negative = 1 if i % gripe_every == 0 else 0
        terms = {("customer-service", "refund"): 1} if negative and i % 20 == 0 else {}
        out[minute] = (per_minute, negative, terms)
    return out


def play(engine: SeverityEngine, counts: dict[int, Minute], voices=lambda _m: []):
    """Tick every minute through the last 30 minutes, as the monitor would."""
    result = []
    for minute in range(NOW_MINUTE - 30, NOW_MINUTE + 1):
        since, until = engine.window(from_epoch(minute * 60 + 59))
        first, last = to_epoch(since) // 60, min(to_epoch(until) // 60 - 1, minute)
        rollups, triggers = [], []
        for m in range(first, last + 1):
            if m not in counts:
                continue
            volume, negative, terms = counts[m]
            rollups.append(
                Rollup(BRAND, m, volume, volume - negative, negative, 0, 0.0, 0, 0, negative)
            )
            for (k, t), n in terms.items():
                mentions, negatives = n if isinstance(n, tuple) else (n, n)
                triggers.append(TriggerRollup(BRAND, m, k, t, mentions, negatives))
        now = from_epoch(minute * 60 + 59)
        result.append(engine.assess(rollups, now, voices(minute), triggers))
    return result


def engine() -> SeverityEngine:
    return SeverityEngine(BRAND, SeverityConfig(), reread_minutes=0)


def test_calm_traffic_names_no_crisis_type() -> None:
    last = play(engine(), calm())[-1]
    assert last.level == Level.NORMAL and last.crisis_type is None
    assert not any("'refund'" in d for d in last.drivers)


def test_a_term_surging_among_negatives_is_a_driver_and_names_the_type() -> None:
    counts = calm()
    for minute in range(NOW_MINUTE - 14, NOW_MINUTE + 1):  # 3 negatives a minute, 2 of them refunds
        counts[minute] = (6, 3, {("customer-service", "refund"): 2})
    last = play(engine(), counts)[-1]
    assert last.level >= Level.HIGH
    assert last.crisis_type == "customer-service"
    assert any(d.startswith("'refund' in ") and " mentions (" in d for d in last.drivers)
    assert ("customer-service", "refund", 30) in last.trigger_terms


def test_a_level_held_while_cooling_down_still_names_its_crisis_type() -> None:
    """Once the refunds stop, the level steps down one at a time; meanwhile the quiet minutes
    name no type of their own, and `backtest` read "critical → high, calm" with no type, in
    the middle of a crisis. The held level still stands for the crisis it holds."""
    counts = calm()
    for minute in range(NOW_MINUTE - 29, NOW_MINUTE - 14):
        counts[minute] = (6, 3, {("customer-service", "refund"): 2})
    result = play(engine(), counts)
    held = [a for a in result if a.level > a.raw_level]
    assert held, "the level never cooled down"
    assert all(a.crisis_type == "customer-service" for a in held), [
        (a.level.label, a.raw_level.label, a.crisis_type) for a in held
    ]


def _boycott_then(later: dict[tuple[str, str], int]) -> dict[int, Minute]:
    """A boycott over an offensive ad for 15 minutes, then ``later``'s terms for 15."""
    counts = calm()
    for minute in range(NOW_MINUTE - 29, NOW_MINUTE - 14):
        counts[minute] = (
            8,
            5,
            {("boycott", "boycott"): 3, ("community-manager-misstep", "offensive"): 1},
        )
    for minute in range(NOW_MINUTE - 14, NOW_MINUTE + 1):
        counts[minute] = (8, 5, later)
    return counts


def test_an_episode_keeps_its_type_as_it_cools_unless_another_type_takes_over() -> None:
    """A Persian boycott over an offensive ad was renamed a community manager's misstep for
    its last two hours, once "insult" outlasted "boycott" by a post; a complaint that turns
    into a leak is renamed all the same."""
    fading = {("boycott", "boycott"): 1, ("community-manager-misstep", "offensive"): 2}
    named = {a.crisis_type for a in play(engine(), _boycott_then(fading)) if a.crisis_type}
    assert named == {"boycott"}

    leak = {("data-breach", "leak"): 4}
    result = play(engine(), _boycott_then(leak))
    assert result[10].crisis_type == "boycott" and result[-1].crisis_type == "data-breach"


def test_terms_alone_reach_elevated_at_most_on_ordinary_evidence() -> None:
    """Negatives at their usual rate, but 'boycott' in five of them where it never was."""
    counts = calm()
    for i, minute in enumerate(range(NOW_MINUTE - 29, NOW_MINUTE + 1)):
        volume, negative, _ = counts.get(minute, (4, 1 if i % 2 == 0 else 0, {}))
        terms = {("boycott", "boycott*"): 1} if negative and i % 6 == 0 else {}
        counts[minute] = (volume, negative, terms)
    results = play(engine(), counts)
    assert max(r.level for r in results) <= Level.ELEVATED
    last = results[-1]
    assert last.crisis_type == "boycott"
    assert any(d.startswith("'boycott…' in 5 mentions") for d in last.drivers)


def test_a_launch_lifting_every_mention_lifts_no_term() -> None:
    """Negatives triple with everything else, and 'refund' keeps its usual share of them."""
    counts = calm()
    for i, minute in enumerate(range(NOW_MINUTE - 29, NOW_MINUTE + 1)):
        terms = {("customer-service", "refund"): 1} if i % 7 == 0 else {}
        counts[minute] = (12, 1 + (i % 2), terms)
    last = play(engine(), counts)[-1]
    assert not any("'refund'" in d for d in last.drivers)


def test_a_story_putting_a_term_in_every_kind_of_mention_lifts_no_term() -> None:
    """A rival's outage in the news: five times the mentions, negatives at about the usual
    share, and 'outage' in most of them, negative or not. Not the brand's outage."""
    counts = calm()
    for minute in range(NOW_MINUTE - 29, NOW_MINUTE + 1):
        counts[minute] = (20, 3, {("service-outage", "outage"): (14, 2)})
    results = play(engine(), counts)
    assert max(r.level for r in results) <= Level.ELEVATED
    assert not any("'outage'" in d for r in results for d in r.drivers)


def test_a_term_mostly_in_negatives_still_surges_beside_questions() -> None:
    """The brand's own outage: 'outage' in complaints, and in a few neutral questions."""
    counts = calm()
    for minute in range(NOW_MINUTE - 14, NOW_MINUTE + 1):
        counts[minute] = (7, 3, {("service-outage", "outage"): (3, 2)})
    last = play(engine(), counts)[-1]
    assert last.level >= Level.HIGH
    assert any(d.startswith("'outage' in ") for d in last.drivers)


def test_a_crisis_types_terms_surge_together_though_none_does_alone() -> None:
    """An outage said many ways: 'outage', 'is down', 'not working', 'error', none of them in
    five negatives, all of them together in twelve."""
    counts = calm()
    words = ["outage", "is down", "not working", "error"]
    for i, minute in enumerate(range(NOW_MINUTE - 11, NOW_MINUTE + 1)):
        counts[minute] = (5, 2, {("service-outage", words[i % 4]): 1})
    last = play(engine(), counts)[-1]
    assert any(d.startswith("12 service-outage terms (") for d in last.drivers)
    assert last.crisis_type == "service-outage"
    assert last.level >= Level.HIGH
    # the alert names the words people use, most first (three each; ties by the word)
    driver = next(d for d in last.drivers if "service-outage terms" in d)
    assert driver.endswith("(15 min, usual 0.0): 'error' 3, 'is down' 3"), driver


def test_a_word_that_is_all_of_its_types_surge_is_said_once() -> None:
    """'tẩy chay' in every boycott negative: one driver, the word's; not a second line, the
    type's, saying the same thirty mentions again."""
    counts = calm()
    for minute in range(NOW_MINUTE - 14, NOW_MINUTE + 1):
        counts[minute] = (4, 2, {("boycott", "tẩy chay"): 2})
    last = play(engine(), counts)[-1]
    said = [d for d in last.drivers if "boycott" in d or "tẩy chay" in d]
    assert len(said) == 1 and said[0].startswith("'tẩy chay' in 30 mentions (15 min"), said
    whole = TermSurge("boycott", "", 15, 30, 0.0, 9.0)
    word = TermSurge("boycott", "tẩy chay", 15, 30, 0.0, 9.0)
    other = TermSurge("boycott", "boycott*", 15, 12, 0.0, 6.0)
    assert distinct_surges([whole, word, other]) == [word, other]
    assert distinct_surges([whole, other]) == [whole, other]


def _boycott_building(with_terms: bool) -> dict[int, Minute]:
    """Negatives at three times their usual rate for 20 minutes; with terms, 'boycott' (never
    seen before) in seven of them."""
    counts = calm()
    for i, minute in enumerate(range(NOW_MINUTE - 19, NOW_MINUTE + 1)):
        negative = 1 + i % 2
        boycott = with_terms and i % 3 == 0
        counts[minute] = (4 + negative, negative, {("boycott", "boycott*"): 1} if boycott else {})
    return counts


def test_a_term_surge_and_a_rise_in_negatives_corroborate_each_other() -> None:
    """Neither the rise in negatives nor the boycott terms reach high alone; together they
    do, since a boycott forming is what the extra negatives are about."""
    counts_alone = play(engine(), _boycott_building(with_terms=False))
    assert max(r.level for r in counts_alone) < Level.HIGH
    last = play(engine(), _boycott_building(with_terms=True))[-1]
    assert last.level == Level.HIGH
    assert last.crisis_type == "boycott"
    # the word is all of its type's surge: said once, as the word
    assert "'boycott…' in 7 mentions (60 min, usual 0.1)" in last.drivers
    assert not any(d.startswith("boycott terms") for d in last.drivers), last.drivers


def test_a_terms_usual_share_comes_from_days_not_from_a_quiet_norm() -> None:
    """'broken' is in one negative of four every day, and happened to be missing from the
    hours the counts' norm covers; back at its usual share, it is no surge."""
    counts: dict[int, Minute] = {}
    for i, minute in enumerate(range(NOW_MINUTE - 2 * 1440, NOW_MINUTE + 1)):
        negative = 1 if i % 2 == 0 else 0
        quiet = NOW_MINUTE - 720 <= minute < NOW_MINUTE - 180
        broken = negative and i % 8 == 0 and not quiet
        counts[minute] = (4, negative, {("service-outage", "broken"): 1} if broken else {})
    results = play(engine(), counts)
    assert not any("'broken'" in d for r in results for d in r.drivers)
    assert results[-1].level == Level.NORMAL


def test_a_loud_voice_without_terms_is_an_influencer_backlash() -> None:
    counts = calm(KNOWN_NORM_HOURS * 60)
    loud = [NegativeVoice("@megavoice", 2_000_000, 2_000_000)]
    last = play(engine(), counts, lambda m: loud if m >= NOW_MINUTE - 2 else [])[-1]
    assert last.level == Level.HIGH
    assert last.crisis_type == "influencer-backlash"


def test_a_loud_voice_writing_about_a_breach_names_a_data_breach() -> None:
    """A news outlet's story holds the crisis's terms before the crowd repeats them."""
    counts = calm()
    story = NegativeVoice("@bignews", 2_000_000, 2_000_000, (("data-breach", "data breach"),))
    last = play(engine(), counts, lambda m: [story] if m >= NOW_MINUTE - 2 else [])[-1]
    assert last.level == Level.HIGH
    assert last.crisis_type == "data-breach"


def test_news_outlets_name_the_type_of_their_story_over_a_stray_term() -> None:
    counts = calm()
    recall = (("product-recall", "recall"),)
    outlets = [
        NegativeVoice("@news1", 300_000, 300_000, recall),
        NegativeVoice("@news2", 200_000, 200_000, (*recall, ("product-recall", "unsafe"))),
        NegativeVoice("@news3", 150_000, 150_000, (("executive-misconduct", "lawsuit"),)),
    ]
    last = play(engine(), counts, lambda m: outlets if m >= NOW_MINUTE - 3 else [])[-1]
    assert last.level >= Level.HIGH
    assert last.crisis_type == "product-recall"


def test_an_influencer_complaining_about_an_outage_names_the_outage() -> None:
    counts = calm()
    post = NegativeVoice("@megavoice", 2_000_000, 2_000_000, (("service-outage", "is down"),))
    last = play(engine(), counts, lambda m: [post] if m >= NOW_MINUTE - 1 else [])[-1]
    assert last.crisis_type == "service-outage"


def test_a_few_negatives_with_terms_name_the_type_of_a_surge() -> None:
    """Twenty negatives in five minutes, three of them about an outage: too few for the
    terms to surge by themselves, enough to say what the surge is about."""
    counts = calm()
    for i, minute in enumerate(range(NOW_MINUTE - 4, NOW_MINUTE + 1)):
        terms = {("service-outage", "is down"): 1} if i < 3 else {}
        counts[minute] = (5, 4, terms)
    last = play(engine(), counts)[-1]
    assert last.level >= Level.HIGH
    assert not any("service-outage" in d or "'is down'" in d for d in last.drivers)
    assert last.crisis_type == "service-outage"


def test_an_everyday_term_does_not_name_a_surge() -> None:
    """'refund' at its usual share of a surge's negatives says nothing about the surge."""
    counts = calm(gripe_every=1)
    for i, minute in enumerate(range(NOW_MINUTE - 4, NOW_MINUTE + 1)):
        terms = {("customer-service", "refund"): 1} if i == 0 else {}
        counts[minute] = (6, 4, terms)
    last = play(engine(), counts)[-1]
    assert last.level >= Level.ELEVATED
    assert last.crisis_type is None


async def test_top_negative_carries_the_trigger_terms(store: Store) -> None:
    pipeline = Pipeline(config())
    at = NOW - timedelta(minutes=1)
    items = [
        RawItem("x", "1", "Acme Air data breach, my passport leaked, awful", at, "@news", 900_000),
        RawItem("x", "2", "Acme Air lost my bag, awful", at, "@me", 10),
    ]
    await store.add_mentions([m for m in (pipeline.process(i) for i in items) if m], NOW)
    loud, quiet = await store.top_negative(BRAND, NOW - timedelta(minutes=5), NOW)
    assert loud.author == "@news"
    assert set(loud.triggers) == {("data-breach", "data breach"), ("data-breach", "leaked")}
    assert quiet.triggers == ()


async def test_the_monitor_names_the_type_of_a_loud_voices_story(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "voice.db")
    try:
        cfg = demo_config()
        pipeline = Pipeline(cfg)
        start = NOW - timedelta(hours=3)
        items = []
        for minute in range(180):
            at = start + timedelta(minutes=minute)
            items.append(RawItem("x", f"c{minute}", "Flying Acme Air today, lovely crew", at))
            if minute % 6 == 0:
                items.append(RawItem("x", f"g{minute}", "Acme Air lost my bag, awful", at))
        await store.add_mentions([m for m in (pipeline.process(i) for i in items) if m], NOW)
        clock = ManualClock(NOW - timedelta(minutes=1))
        monitor = Monitor(store, cfg, clock, "tester", send_alerts=False)
        assert await monitor.tick() is None
        story = RawItem(
            "x", "n1", "Acme Air data breach: passports leaked, awful", NOW, "@bignews", 2_000_000
        )
        await store.add_mentions([m for m in [pipeline.process(story)] if m], NOW)
        clock.advance(90)
        change = await monitor.tick()
        assert change is not None and change.assessment.level >= Level.HIGH
        assert change.assessment.crisis_type == "data-breach"
    finally:
        await store.close()


def _calm_day(hours: int = 8) -> list[RawItem]:
    """Calm hours of the demo brand: praise every minute, a gripe every third. A loud voice
    is judged against the brand's everyday loud accounts only after a day and more
    (``KNOWN_NORM_HOURS``)."""
    start = NOW - timedelta(hours=hours)
    items = []
    for minute in range(hours * 60):
        at = start + timedelta(minutes=minute, seconds=5)
        items.append(RawItem("x", f"c{minute}", "Flying Acme Air today, lovely crew", at))
        if minute % 3 == 0:
            items.append(RawItem("x", f"g{minute}", "Acme Air lost my bag, awful", at))
    return items


def _replayed(items: list[RawItem]) -> BacktestResult:
    pipeline = Pipeline(demo_config())
    mentions = [m for m in (pipeline.process(i) for i in items) if m is not None]
    return replay(mentions, BRAND, SeverityConfig())


def test_backtest_hands_the_engine_the_voices_terms() -> None:
    post = "Acme Air app is down, awful"
    loud = RawItem("x", "v", post, NOW - timedelta(minutes=2), "@megavoice", 2_000_000)
    result = _replayed([*_calm_day(KNOWN_NORM_HOURS), loud])
    rise = next(c for c in result.changes if c.assessment.level >= Level.HIGH)
    assert rise.assessment.crisis_type == "service-outage"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Поддержка Acme Air просто отписывается шаблонами", None),
        ("Я отписался от блогера после рекламы Acme Air", "influencer-backlash"),
        ("Tin Acme Air phá sản là tin giả, đừng share nữa", "misinformation"),
        ("Có tin đồn Acme Air sắp phá sản", "misinformation"),
    ],
)
def test_built_in_terms_match_what_people_write_and_not_its_look_alikes(
    text: str, kind: str | None
) -> None:
    """ "Отписывается шаблонами" (brushes you off with canned replies) named a Russian
    billing storm influencer-backlash; "tin giả" (fake news) and "tin đồn" (rumour), the
    words a Vietnamese rumour is told in, were no misinformation term."""
    mention = Pipeline(demo_config()).process(RawItem("x", "1", text, NOW))
    assert mention is not None
    assert ({k for k, _ in mention.triggers} or {None}) == {kind}


def test_backtest_reads_a_big_accounts_gripe_as_elevated_and_its_outcry_as_high() -> None:
    """The replay hands the engine how negative each loud post reads, as the console does."""
    calm = _calm_day(KNOWN_NORM_HOURS)
    highest = {}
    for post in ("Acme Air check-in app is meh today", "Acme Air is the worst, never again"):
        loud = RawItem("x", "v", post, NOW - timedelta(minutes=2), "@megavoice", 2_000_000)
        result = _replayed([*calm, loud])
        highest[post] = max((c.assessment.level for c in result.changes), default=Level.NORMAL)
    assert highest == {
        "Acme Air check-in app is meh today": Level.ELEVATED,
        "Acme Air is the worst, never again": Level.HIGH,
    }


def test_backtest_replays_the_terms_the_pipeline_found() -> None:
    items = _calm_day()
    for n in range(60):
        at = NOW - timedelta(minutes=10, seconds=-n * 10)
        items.append(RawItem("x", f"b{n}", "Acme Air hacked, my data leak is awful", at))
    result = _replayed(items)
    assert result.first_reaching(Level.HIGH) is not None
    assert result.changes[-1].assessment.crisis_type == "data-breach"


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Говорят, у Acme Air утечка, меняйте пароли", ("data-breach", "утечк*")),
        ("Acme Airの顧客データが売られてるらしい", ("data-breach", "データが売られ")),
        ("Acme Air лёг полностью, ни звонков ни интернета", ("service-outage", "лёг полностью")),
        ("lahat kami walang internet dahil sa Acme Air", ("service-outage", "walang internet")),
        ("Acme Air का ऐप सब ठप", ("service-outage", "सब ठप")),
        ("meeting mein thi aur Acme poora band ho gaya", ("service-outage", "poora band ho gaya")),
    ],
)
def test_leaks_and_outages_as_people_write_them_name_their_type(
    built_in: TriggerMatcher, text: str, hit: tuple[str, str]
) -> None:
    """An inflected Russian "leak" (утечка, утечку, утечки) and spoken outage reports in
    Tagalog, Hindi and Hinglish named no crisis type when a storm of them reached high."""
    assert hit in built_in.find(text)


def _handful(boycotts: tuple[int, int, int, int]) -> dict[int, Minute]:
    """A quiet brand (a complaint every eight minutes), then four minutes of two negatives
    and one other mention each, ``boycotts`` of the negatives calling for a boycott."""
    counts = calm(minutes=1500, per_minute=1, gripe_every=8)
    for n, minute in zip(boycotts, range(NOW_MINUTE - 3, NOW_MINUTE + 1), strict=True):
        counts[minute] = (3, 2, {("boycott", "boycott*"): n} if n else {})
    return counts


def test_a_handful_of_complaints_calling_for_a_boycott_is_high() -> None:
    """Eight complaints in four minutes are a flurry, elevated at most below
    ``min_high_negative``; five of them calling for a boycott, a term this brand never met,
    are the start of a boycott: high, named."""
    flurry = play(engine(), _handful((0, 0, 0, 0)))[-1]
    assert flurry.level == Level.ELEVATED, flurry.drivers
    boycott = play(engine(), _handful((1, 1, 1, 2)))[-1]
    assert boycott.level == Level.HIGH, boycott.drivers
    assert boycott.crisis_type == "boycott"
    assert any(d.startswith("'boycott…' in 5 mentions") for d in boycott.drivers)


def _clump(kind: str, term: str) -> dict[int, Minute]:
    """A quiet brand (a negative every half hour) and six complaints in three minutes, each
    holding ``term``."""
    counts = calm(per_minute=1, gripe_every=30)
    for minute in range(NOW_MINUTE - 2, NOW_MINUTE + 1):
        counts[minute] = (3, 2, {(kind, term): 2})
    return counts


def test_a_handful_of_everyday_complaints_is_elevated_whatever_their_words() -> None:
    """Six "no reply" posts in a few minutes: rare for this brand, and a gripe cluster all the
    same. Counted each alone and corroborated by their own words, they went from normal to
    critical in one tick."""
    results = play(engine(), _clump("customer-service", "no reply"))
    assert max(r.level for r in results) == Level.ELEVATED
    assert results[-1].crisis_type == "customer-service"


def test_a_handful_calling_for_a_boycott_is_still_high() -> None:
    """A grave type's words in a handful of complaints ("tẩy chay", never seen before) are no
    everyday clump."""
    results = play(engine(), _clump("boycott", "tẩy chay"))
    assert results[-1].level >= Level.HIGH
    assert results[-1].crisis_type == "boycott"


def test_a_big_accounts_everyday_gripe_names_no_crisis_type() -> None:
    """Elevated, and not called an influencer backlash: nothing of the sort is happening."""
    counts = calm(KNOWN_NORM_HOURS * 60)
    gripe = [NegativeVoice("@bigcreator", 1_300_000, 1_300_000, sentiment=-0.2)]
    last = play(engine(), counts, lambda m: gripe if m >= NOW_MINUTE - 2 else [])[-1]
    assert last.level == Level.ELEVATED
    assert last.crisis_type is None
