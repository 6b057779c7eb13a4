"""Top terms, authors and sources of a window's negative mentions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from crisistui.domain.models import Mention, Sentiment
from crisistui.reports.breakdown import brand_words, breakdown, tokens
from crisistui.store import Store

AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SKIP = brand_words(["acme air", "@acmeair", "#acmeair"])


def negative(text: str, author: str = "@a", source: str = "x", followers: int = 10, n: int = 0):
    return Mention(
        source=source,
        external_id=f"{author}-{n}-{text[:10]}",
        text=text,
        created_at=AT - timedelta(seconds=n),
        subject="Acme Air",
        is_competitor=False,
        sentiment=-0.6,
        label=Sentiment.NEGATIVE,
        reach=followers,
        fingerprint=f"fp{n}",
        author=author,
        author_followers=followers,
    )


def test_tokens_drop_stopwords_brand_words_links_handles_and_numbers_in_four_languages() -> None:
    text = (
        "@AcmeAir the Acme Air app is broken!! 3 hours https://t.co/x "
        "le service client est nul, el reembolso no llega, die Erstattung fehlt #AcmeAir"
    )
    assert tokens(text, SKIP) == [
        "app",
        "broken",
        "hours",
        "service",
        "client",
        "nul",
        "reembolso",
        "llega",
        "erstattung",
        "fehlt",
    ]


def test_words_of_scripts_with_vowel_signs_stay_whole_and_common_words_drop_out() -> None:
    from crisistui.domain.words import mention_words

    # Hindi's vowel signs are not letters to a regex: "एयरलाइन" was counted as "एयरल"
    assert mention_words("यह एयरलाइन बहुत खराब है। रिफंड नहीं मिला", "hi") == [
        "एयरलाइन", "खराब", "रिफंड", "मिला",
    ]  # fmt: skip
    assert mention_words("yeh airline bahut bekar hai yaar, refund nahi mila", "hi") == [
        "airline", "bekar", "refund", "mila",
    ]  # fmt: skip
    assert "می\u200cخواهم" in mention_words("می\u200cخواهم پولم را پس بدهند", "fa")
    # Korean's common two-syllable words, laughter, a Turkish "very"
    assert mention_words("진짜 너무 최악 환불 ㅋㅋㅋㅋ", "ko") == ["최악", "환불"]
    assert mention_words("아시아나항공은 고객센터에서 환불을 안해줘요", "ko") == [
        "아시아나항공은", "고객센터에서", "환불을", "안해줘요",
    ]  # fmt: skip
    assert mention_words("çok kötü hizmet", "tr") == ["kotu", "hizmet"]
    assert mention_words("هههههههه مسخرة zzzz", "ar") == ["مسخرة"]
    # a repeat is a word where one character is one
    assert mention_words("谢谢 好好", "zh") == ["谢谢", "好好"]
    # the virama and Thai's tone marks are kept: स्टाफ is not सटाफ
    assert mention_words("स्टाफ ने सर्विस खराब दी", "hi") == ["स्टाफ", "सर्विस", "खराब"]
    # the why screen's top terms read words alike
    assert tokens("यह एयरलाइन बहुत खराब है। ㅋㅋㅋㅋ هههههههه zzzz", SKIP, "hi") == [
        "एयरलाइन", "खराब",
    ]  # fmt: skip
    assert tokens("아시아나항공은 환불을 안해줘요 진짜 최악", SKIP, "ko") == [
        "아시아나항공은", "환불을", "안해줘요", "최악",
    ]  # fmt: skip


def test_markup_in_mentions_is_only_words() -> None:
    text = "[bold red]boom[/] [@click=app.quit]quit[/]"
    assert tokens(text, SKIP) == ["bold", "red", "boom", "app", "quit", "quit"]


def test_top_terms_prefer_a_shared_phrase_to_its_words() -> None:
    mentions = [
        negative("Horrible customer service from Acme Air", n=1),
        negative("Acme Air customer service hung up on me, horrible", n=2),
        negative("Customer service? What customer service. Lost bag", n=3),
        negative("Lost bag again", n=4),
    ]
    window = breakdown(mentions, AT - timedelta(minutes=5), AT, SKIP)
    assert window.terms[0] == ("customer service", 3)
    assert ("customer", 3) not in window.terms and ("service", 3) not in window.terms
    assert ("horrible", 2) in window.terms and ("lost bag", 2) in window.terms


def test_a_vietnamese_windows_terms_are_its_words_not_its_syllables() -> None:
    """ "Thái độ" (attitude) is a word of two syllables, the second too short to count alone:
    read syllable by syllable the window said "thái", which means nothing."""
    texts = [
        "Thái độ tiếp viên Acme Air quá tệ",
        "Tiếp viên quát mắng khách, thái độ không thể chấp nhận",
        "Hủy chuyến không báo trước, thái độ nhân viên mặt đất tệ",
    ]
    mentions = [replace(negative(t, n=i), lang="vi") for i, t in enumerate(texts)]
    window = breakdown(mentions, AT - timedelta(minutes=5), AT, SKIP)
    assert window.terms[:2] == (("thái độ", 3), ("tiếp viên", 2))
    assert not any(term in ("thái", "tiếp", "viên") for term, _ in window.terms)


def test_a_chinese_windows_terms_are_its_words_not_its_clauses() -> None:
    """Read whole, each clause was a "term" of its own, and the brand's name stuck to one
    ("air的航班又延误了"); the window's terms are the words its mentions share."""
    texts = [
        "Acme Air的航班又延误了，客服不理人",
        "航班延误三个小时，退款也没有",
        "垃圾航空公司，航班取消不通知，退款！",
        "航班延誤，客服電話打不通",
    ]
    mentions = [replace(negative(t, n=i), lang="zh") for i, t in enumerate(texts)]
    terms = dict(breakdown(mentions, AT - timedelta(minutes=5), AT, SKIP).terms)
    assert terms["航班"] == 4 and terms["客服"] == 2 and terms["退款"] == 2
    assert not any("air" in term or "，" in term or len(term) > 6 for term in terms)


def test_a_chinese_brand_names_words_are_not_its_terms() -> None:
    """Read as words, 长荣航空 is 长荣 and 航空, which every mention holds: in either script
    they are the brand's own words, left out like 'acme' and 'air'."""
    skip = brand_words(["长荣航空", "EVA Air"])
    assert {"长荣", "長榮", "航空", "eva", "air"} <= skip
    texts = ["长荣航空的航班又延误了", "長榮航空客服太差", "长荣航空延误，客服不理人"]
    mentions = [replace(negative(t, n=i), lang="zh") for i, t in enumerate(texts)]
    terms = dict(breakdown(mentions, AT - timedelta(minutes=5), AT, skip).terms)
    assert terms["客服"] == 2 and terms["延误"] == 2
    assert not {"长荣", "長榮", "航空"} & set(terms)


def test_top_authors_and_sources_count_mentions_and_keep_the_most_followers() -> None:
    mentions = [
        negative("awful", "@loud", "mastodon", 50_000, 1),
        negative("awful again", "@loud", "mastodon", 52_000, 2),
        negative("bad", "@quiet", "x", 3, 3),
        negative("bad", "@news", "rss", 1_000_000, 4),
    ]
    window = breakdown(mentions, AT - timedelta(minutes=5), AT, SKIP)
    assert [(a.author, a.mentions, a.max_followers) for a in window.authors] == [
        ("@loud", 2, 52_000),
        ("@news", 1, 1_000_000),
        ("@quiet", 1, 3),
    ]
    assert window.sources == (("mastodon", 2), ("rss", 1), ("x", 1))
    assert window.as_dict()["negative_mentions"] == 4


async def test_the_store_read_is_bounded_to_the_newest_negatives_of_the_window(
    store: Store,
) -> None:
    older = [negative("old complaint", n=600 + i) for i in range(3)]
    recent = [negative(f"recent complaint {i}", n=i) for i in range(5)]
    await store.add_mentions([*older, *recent], AT)
    found = await store.negative_mentions(
        "Acme Air", AT - timedelta(minutes=5), AT + timedelta(seconds=1), limit=3
    )
    assert [m.text for m in found] == [
        "recent complaint 0",
        "recent complaint 1",
        "recent complaint 2",
    ]
    window = breakdown(found, AT - timedelta(minutes=5), AT, SKIP, limit=3)
    assert window.truncated


def test_a_run_of_thai_or_japanese_is_a_top_term_only_as_short_as_a_word() -> None:
    """The why view and `status` listed whole Thai clauses as top terms ("ข้อมูลหลุดไปเป็น
    ล้านบัญชี 52"), where the analytics count only short runs, as words."""
    from crisistui.domain.words import MAX_SPACELESS_CHARS
    from crisistui.reports.breakdown import tokens

    thai = tokens("ข้อมูลหลุดไปเป็นล้านบัญชี โกง", frozenset(), "th")
    assert thai == ["โกง"]
    japanese = tokens("配達が遅すぎる、最悪", frozenset(), "ja")
    assert japanese == ["最悪"] and all(len(w) <= MAX_SPACELESS_CHARS for w in japanese)
    assert tokens("航班延误了", frozenset(), "zh")[:2] == ["航班", "延误"]  # read as words
