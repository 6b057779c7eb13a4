"""The analytics' pure parts: the influence score, the periods and their comparison, the
words a mention is counted under, and the feed filter behind each row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisistui.config import demo_config
from crisistui.domain.feed_query import QueryError, parse_feed_query
from crisistui.domain.records import AuthorStats
from crisistui.domain.words import content_words, domain_of, hashtags, mention_words
from crisistui.reports.analytics import (
    PRESETS,
    Period,
    PeriodError,
    author_influence,
    change_words,
    comparison,
    custom_period,
    duration_words,
    filter_text,
    influence,
    parse_moment,
    percent_change,
    preset_period,
    words_to_skip,
)

NOW = datetime(2026, 3, 10, 14, 30, 15, tzinfo=UTC)

# -- the influence score ----------------------------------------------------------------------


def test_influence_runs_from_1_to_10_on_a_log_scale() -> None:
    assert influence(0, 0) == 1
    assert influence(10_000_000, 10_000) == 10
    assert influence(10**12, 10**9) == 10, "past the top it stays 10"
    assert influence(-5, -3) == 1, "nonsense counts are nothing"
    assert influence(73, 1) == 3  # the account that topped the old list by count
    assert influence(50_000, 100) == 7  # a news account with a real audience
    assert influence(1_200_000, 2_000) == 9
    # ten times the followers is one step or so, not ten times the score
    assert influence(1_000, 5) < influence(10_000, 5) <= influence(1_000, 5) + 2


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=10**9),
    st.floats(min_value=0, max_value=1e7),
    st.floats(min_value=0, max_value=1e7),
)
def test_more_followers_or_engagement_never_lower_the_influence(
    followers: int, more: int, engagement: float, extra: float
) -> None:
    score = influence(followers, engagement)
    assert 1 <= score <= 10
    assert influence(followers + more, engagement) >= score
    assert influence(followers, engagement + extra) >= score


def test_an_authors_influence_uses_engagement_per_mention() -> None:
    prolific = AuthorStats("@spam", 100, 0, 10_000, 50, 100)  # 1 reaction a post
    heard = AuthorStats("@heard", 1, 0, 10_000, 50, 100)  # 100 reactions on one post
    assert author_influence(heard) > author_influence(prolific)
    assert author_influence(AuthorStats("@x", 0, 0, 0, 0, 0)) == 1


# -- periods and their comparison -------------------------------------------------------------


def test_presets_end_now_and_the_previous_period_has_the_same_length() -> None:
    for key, label, length in PRESETS:
        period = preset_period(key, NOW)
        assert (period.since, period.until, period.label) == (NOW - length, NOW, label)
        before = period.previous()
        assert before.until == period.since and before.length == length
    assert preset_period("hour", NOW).length_words == "hour"
    assert preset_period("24h", NOW).length_words == "24 h"
    assert preset_period("7d", NOW).length_words == "7 d"
    assert preset_period("30d", NOW).length_words == "30 d"
    with pytest.raises(KeyError):
        preset_period("year", NOW)


@pytest.mark.parametrize(
    ("length", "words"),
    [
        (timedelta(seconds=20), "20 s"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(hours=3, minutes=20), "3 h 20 min"),
        (timedelta(hours=24), "24 h"),
        (timedelta(hours=36), "36 h"),
        (timedelta(days=2, hours=6, minutes=59), "2 d 6 h"),
        (timedelta(days=7), "7 d"),
    ],
)
def test_lengths_read_as_people_say_them(length: timedelta, words: str) -> None:
    assert duration_words(length) == words


@pytest.mark.parametrize(
    ("current", "previous", "words"),
    [
        (340, 100, "+240%"),
        (88, 100, "−12%"),
        (100, 100, "±0%"),
        (1001, 1000, "+<1%"),
        (999, 1000, "−<1%"),
        (0, 100, "−100%"),
        (12_000, 10, "×1,200"),
        (95, 10, "+850%"),
        (100, 10, "×10"),
        (5, 0, "new"),
        (0, 0, "—"),
    ],
)
def test_change_words(current: int, previous: int, words: str) -> None:
    assert change_words(current, previous) == words


def test_percent_change_and_the_sentence_the_view_shows() -> None:
    assert percent_change(340, 100) == pytest.approx(240.0)
    assert percent_change(3, 0) is None
    day = preset_period("24h", NOW)
    assert comparison(340, 100, day) == "+240% vs the previous 24 h"
    assert comparison(340, 0, day) == "none in the previous 24 h"
    assert comparison(50, 100, preset_period("hour", NOW)) == "−50% vs the previous hour"
    custom = Period(NOW - timedelta(hours=3, minutes=20), NOW, "custom")
    assert comparison(2, 1, custom) == "+100% vs the previous 3 h 20 min"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("now", NOW),
        (" -3h ", NOW - timedelta(hours=3)),
        ("-90m", NOW - timedelta(minutes=90)),
        ("-2d", NOW - timedelta(days=2)),
        ("-1w", NOW - timedelta(weeks=1)),
        ("08:30", datetime(2026, 3, 10, 8, 30, tzinfo=UTC)),
        ("2026-03-09", datetime(2026, 3, 9, tzinfo=UTC)),
        ("2026-03-09 18:45", datetime(2026, 3, 9, 18, 45, tzinfo=UTC)),
        ("2026-03-09T18:45Z", datetime(2026, 3, 9, 18, 45, tzinfo=UTC)),
        ("2026-03-09T18:45+02:00", datetime(2026, 3, 9, 16, 45, tzinfo=UTC)),
    ],
)
def test_moments_typed_for_a_custom_period(typed: str, expected: datetime) -> None:
    assert parse_moment(typed, NOW) == expected


def test_a_time_without_a_zone_is_in_the_consoles_zone() -> None:
    paris = timezone(timedelta(hours=1))
    now = NOW.astimezone(paris)
    assert parse_moment("08:30", now) == datetime(2026, 3, 10, 8, 30, tzinfo=paris)
    assert parse_moment("2026-03-09 08:30", now).utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("yesterday", "now", "'yesterday' is not a time; type now, -3h"),
        ("now", "-1h", "the end must come after the start"),
        ("25:00", "now", "'25:00' is not a time of day"),
        ("-400d", "now", "further back than a custom period goes"),
        ("2020-01-01", "now", "at most a year long"),
    ],
)
def test_a_custom_period_that_cannot_be_used_says_why(start: str, end: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        custom_period(start, end, NOW)


def test_a_custom_period_is_named_by_its_times() -> None:
    period = custom_period("-3h", "now", NOW)
    assert (period.since, period.until) == (NOW - timedelta(hours=3), NOW)
    assert period.label == "10 Mar 11:30 – 14:30" and period.preset == ""
    longer = custom_period("2026-03-08 09:00", "2026-03-10 12:00", NOW)
    assert longer.label == "08 Mar 09:00 – 10 Mar 12:00"
    assert longer.previous().since == datetime(2026, 3, 6, 6, tzinfo=UTC)


# -- what a mention is counted under ---------------------------------------------------------


def test_hashtags_are_folded_once_each_and_hold_a_letter() -> None:
    text = "#Refund #refund #RÉFUND #12345 #a1 #x_y https://t.co/a#frag &#38; email#tag ##double"
    assert hashtags(text) == ["#refund", "#a1", "#x_y"]


def test_words_leave_out_stop_words_of_the_language_and_english() -> None:
    text = "Die Erstattung war nicht da, the refund is late"
    assert content_words(text, "de") == ["erstattung", "refund", "late"]
    assert content_words(text, "en") == ["die", "erstattung", "war", "nicht", "refund", "late"]
    assert content_words(text, None) == ["erstattung", "refund", "late"]
    assert content_words("Don’t book @AcmeAir https://x.example/a 2026 ok", "en") == ["book"]


def test_mention_words_are_bounded_and_list_tags_first() -> None:
    long = " ".join(f"word{chr(97 + i % 26)}{i}" for i in range(100)) + " #late"
    words = mention_words(long, "en")
    assert len(words) == 40 and words[0] == "#late"
    assert mention_words("x" * 41 + " okay", "en") == ["okay"], "a 41-letter run is no word"
    assert mention_words("退款 这是一个很长的句子", "zh") == ["退款"]


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.Example.COM/a?b#c", "example.com"),
        ("http://news.example.org:8080/x", "news.example.org"),
        ("https://user:pw@host.example/", "host.example"),
        ("https://example.com./", "example.com"),
        ("example.com/no-scheme", None),
        ("http://[oops", None),
        ("", None),
        (None, None),
    ],
)
def test_the_domain_of_a_link(url: str | None, domain: str | None) -> None:
    assert domain_of(url) == domain


# -- the feed filter behind a row --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "subject", "query"),
    [
        ("author", "@jetsetjules", None, "from:@jetsetjules"),
        ("author", "Jane Doe", "Acme Air", 'from:"Jane Doe" subject:"Acme Air"'),
        ("author", "[bold red]dave[/]", None, 'from:"[bold red]dave[/]"'),
        ("hashtag", "#acmeairdown", None, "#acmeairdown"),
        ("word", "check-in", "Zephyr Airlines", 'check-in subject:"Zephyr Airlines"'),
        ("source", "demo-x", None, "source:demo-x"),
        ("domain", "x.example.com", None, "domain:x.example.com"),
        ("language", "vi", None, "lang:vi"),
    ],
)
def test_a_row_becomes_a_feed_filter_that_parses(
    kind: str, value: str, subject: str | None, query: str
) -> None:
    assert filter_text(kind, value, subject) == query
    parsed = parse_feed_query(query, ("Acme Air", "Zephyr Airlines"))
    assert parsed.subjects == ((subject,) if subject else ())


def test_what_the_feed_filter_cannot_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        filter_text("language", "")
    with pytest.raises(ValueError, match="double quote"):
        filter_text("author", 'say "hi"')


def test_hashtags_and_domains_in_the_feed_filter() -> None:
    query = parse_feed_query("#AcmeAirDown domain:WWW.Example.com #12345")
    assert query.tags == ("#acmeairdown",)
    assert query.domains == ("example.com",)
    assert [p.text for p in query.phrases] == ["acmeairdown", "#12345"]
    with pytest.raises(QueryError, match="a domain is a site's name"):
        parse_feed_query("domain:https://x.example/a")


def test_the_brands_own_words_are_skipped_as_words_and_tags() -> None:
    skip = words_to_skip(demo_config())
    assert {"acme", "air", "acmeair", "#acmeair", "zephyr", "#zephyrairlines"} <= set(skip)


def test_a_trade_word_of_a_rivals_name_is_still_a_top_hashtag() -> None:
    """#cafe, in 414 of a coffee brand's mentions in a week, was left out of the top hashtags
    as a word of the rival "Bluebird Cafe"; only the names themselves are."""
    config = demo_config().model_copy(
        update={
            "competitors": [
                demo_config()
                .competitors[0]
                .model_copy(update={"name": "Bluebird Cafe", "terms": ["bluebird cafe"]})
            ]
        }
    )
    skip = set(words_to_skip(config))
    assert "#cafe" not in skip
    assert {"#bluebirdcafe", "#bluebird", "cafe"} <= skip


def test_a_campaign_hashtag_configured_as_a_brand_term_is_still_a_top_hashtag() -> None:
    """64 posts held #BituinDown, configured as a brand term as the README suggests, and the
    top hashtags left it out with the brand's own words."""
    config = demo_config().model_copy(
        update={
            "brand": demo_config().brand.model_copy(
                update={"name": "Bituin Telecom", "terms": ["bituin telecom", "#BituinDown"]}
            )
        }
    )
    skip = set(words_to_skip(config))
    assert "#bituindown" not in skip
    assert {"bituin", "telecom", "#bituintelecom", "#bituin"} <= skip


def test_vietnamese_syllables_are_counted_as_the_words_they_spell() -> None:
    """A Vietnamese storm's top terms are "tẩy chay" and "tiếp viên", not "tẩy", "chay",
    "tiếp" and "viên": Vietnamese spaces syllables, not words. Joining stops at punctuation
    and at a hashtag, and "hoá"/"hòa" spellings count as one word."""
    text = (
        "Tiếp viên Saigon Star quát mắng bà cụ, thái độ quá tệ! Tẩy chay! "
        "Hoá đơn sai, hóa đơn hoàn tiền chưa có. Tiếp, viên #tẩychay hành lý"
    )
    assert mention_words(text, "vi") == [
        "#taychay", "tiếp viên", "saigon", "star", "quát mắng", "bà cụ", "thái độ",
        "tẩy chay", "hóa đơn", "sai", "hoàn tiền", "chưa", "tiếp", "viên", "hành lý",
    ]  # fmt: skip
    # a word with a stop word in it is still a word ("không" alone is none)
    assert "không bao giờ" in mention_words("Không bao giờ bay nữa", "vi")
    # "như" (like, as) topped a storm's terms beside "tẩy chay"; "đối xử" (treat) is a word
    assert mention_words("Đối xử với khách như rác, tẩy chay ngay", "vi") == [
        "đối xử", "khách", "rác", "tẩy chay",
    ]  # fmt: skip
    # other languages are read word by word as before
    assert mention_words("tiếp viên", "en") == ["tiep", "vien"]


def test_chinese_runs_of_characters_are_counted_as_the_words_they_hold() -> None:
    """A run of Chinese characters is a clause, not a term: it is read as its words, in either
    script, a brand's Latin name written onto it cut off, its common words and lone
    characters (的, 了) left out."""
    text = "Acme Air的航班又延误了，我们没有收到通知！航班延誤三小時，客服不理人"
    assert mention_words(text, "zh") == [
        "acme", "air", "航班", "延误", "通知", "延誤", "小時", "客服", "不理人",
    ]  # fmt: skip
    assert mention_words("谢谢", "zh") == ["谢谢"], "a short run the list lacks is still a word"
    # a Latin @handle written onto the text ends where the text begins, and what follows a
    # Weibo topic (#…#) is text, not a tag
    assert mention_words("@LotusWings延误五个小时，太差了", "zh")[:1] == ["延误"]
    assert mention_words("#莲花航空#延误到半夜", "zh")[:2] == ["#莲花航空", "延误"]
    assert "누리텔레콤" not in mention_words("@누리텔레콤 회선 바로 고쳐주셔서", "ko")


def test_persian_fillers_as_spoken_are_no_top_terms() -> None:
    """A Persian storm's top terms read "سفارش · امروز · دیگه · واقعا": everyday words, most as
    posts speak them, said nothing about the crisis."""
    text = "امروز سفارش دادم و واقعا دیگه غذا سرد رسید، الان هنوز هیچی"
    assert mention_words(text, "fa") == ["سفارش", "دادم", "غذا", "سرد", "رسید", "هیچی"]


def test_tagalog_function_words_are_no_top_terms() -> None:
    """A Tagalog outage's top terms read "hindi · may · daw · niyo · walang"."""
    text = "Grabe hindi daw babalik ang signal ngayon, walang internet, sobrang bagal talaga niyo"
    assert mention_words(text, "tl") == ["grabe", "babalik", "signal", "internet", "bagal"]


def test_words_keep_the_marks_that_tell_them_apart_and_drop_each_languages_stop_words() -> None:
    """Vietnamese "hàng" (goods) and "đăng" are not "hang" and "đang"; Russian "й" is no
    "и"; "không", "được", "rồi" and "это" say nothing about a crisis."""
    from crisistui.domain.models import Mention, Sentiment
    from crisistui.reports.breakdown import top_terms

    vietnamese = "App Lotus Mart lại sập nữa rồi, đăng nhập không được, hàng thì chưa giao"
    assert mention_words(vietnamese, "vi") == ["app", "lotus", "mart", "sập", "đăng nhập",
                                               "hàng", "chưa", "giao"]  # fmt: skip
    # a hashtag stays folded, as the feed filter's `#tag` (the analytics' drill-down) reads it
    assert mention_words("Tệ quá #HãngBay", "vi")[0] == "#hangbay"
    russian = "Ужасный сервис, бойкот этой авиакомпании, это всё"
    assert content_words(russian, "ru") == ["ужасный", "сервис", "бойкот", "авиакомпании"]
    at = datetime(2026, 3, 2, tzinfo=UTC)
    mentions = [
        Mention(
            source="x",
            external_id=str(i),
            text=vietnamese,
            created_at=at,
            lang="vi",
            subject="Lotus Mart",
            is_competitor=False,
            sentiment=-0.5,
            label=Sentiment.NEGATIVE,
            reach=0,
            fingerprint=str(i),
        )
        for i in range(3)
    ]
    from crisistui.reports.breakdown import brand_words

    assert {"билайн", "hãng"} <= brand_words(["Билайн", "Hãng Bay"])  # its own name is no term
    terms = dict(top_terms(mentions, frozenset({"lotus", "mart", "app"})))
    assert "đăng nhập" in terms and "hàng" in terms
    assert not any("khong" in term or "không" in term for term in terms)


def test_a_hashtag_run_into_chinese_text_ends_where_the_script_changes() -> None:
    """ "#OrbitaMobile客服很差" with no space was the tag "#orbitamobile客服很…", listed
    among the top hashtags once per wording of the clause."""
    assert hashtags("#OrbitaMobile客服很差") == ["#orbitamobile"]
    assert hashtags("#抵制OrbitaMobile 太差") == ["#抵制"]
    assert hashtags("#抵制2024 #acme2024") == ["#抵制2024", "#acme2024"]
    assert hashtags("#2024election #4thofJuly #2024抵制") == [
        "#2024election",
        "#4thofjuly",
        "#2024抵制",
    ]
    assert "#orbitamobile" in mention_words("#OrbitaMobile客服很差", "zh")


def test_a_hashtag_keeps_the_marks_written_inside_its_words() -> None:
    """Thai's vowels and tones and Hindi's vowel signs are not letters to ``\\w``: the tags
    were cut at the first one ("#ไทยล", "#एयरल")."""
    assert hashtags("ประตูนี้สวยมาก #ไทยลีก") == ["#ไทยลีก"]
    assert hashtags("#एयरलाइन खराब") == ["#एयरलाइन"]


def test_a_thai_tag_keeps_its_tone_marks_and_vowels_below() -> None:
    """Folded like a Latin tag, #แบนยัมซี่ was listed as "#แบนยัมซี" and #ยัมซี่ข้อมูลหลุด
    as "#ยัมซีขอมลหลด": Thai's marks are half of its words."""
    assert hashtags("#แบนยัมซี่ #ยัมซี่ข้อมูลหลุด #BoycottYUMZY") == [
        "#แบนยัมซี่",
        "#ยัมซี่ข้อมูลหลุด",
        "#boycottyumzy",
    ]
    assert mention_words("#แบนยัมซี่ #RÉFUND", "th")[:2] == ["#แบนยัมซี่", "#refund"]


def test_a_handle_run_into_thai_text_leaves_no_fragment_of_it() -> None:
    """ "@yumzy_thยังไง" took the Thai letters up to the first mark into the handle and left
    "งไง" to be counted as a word."""
    assert mention_words("@yumzy_thยังไง ส่งช้ามาก", "th") == []
    assert mention_words("@yumzy_thกากสัส", "th") == []
