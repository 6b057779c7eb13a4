"""The feed filter's language: what each part means, and mistakes named before any SQL runs."""

from __future__ import annotations

import pytest

from crisistui.domain.feed_query import (
    MAX_PARTS,
    REACH_CAP,
    FeedQuery,
    Phrase,
    QueryError,
    parse_feed_query,
)
from crisistui.domain.models import Sentiment

SUBJECTS = ["Acme Air", "Zephyr Airlines", "Café Noir"]


def parse(text: str) -> FeedQuery:
    return parse_feed_query(text, SUBJECTS)


def test_words_phrases_and_prefixes() -> None:
    query = parse('refund  "customer service" late* @AcmeAir')
    assert query.text == 'refund  "customer service" late* @AcmeAir'
    assert query.phrases == (
        Phrase("refund"),
        Phrase("customer service"),
        Phrase("late", prefix=True),
        Phrase("@AcmeAir"),
    )
    assert parse('"rembours"*').phrases == (Phrase("rembours", prefix=True),)


def test_each_qualifier() -> None:
    query = parse(
        "from:@BigNews source:Mastodon sentiment:neg subject:zephyr reach:>1000 reach:<=5k"
    )
    assert query.authors == ("bignews",)
    assert query.sources == ("mastodon",)
    assert query.labels == (Sentiment.NEGATIVE,)
    assert query.subjects == ("Zephyr Airlines",)
    assert (query.min_reach, query.max_reach) == (1001, 5000)
    assert query.phrases == ()


def test_repeated_qualifiers_are_alternatives_and_shorthands_work() -> None:
    query = parse("from:ana from:@bob sentiment:- sentiment:0,+ Sentiment:NEG")
    assert query.authors == ("ana", "bob")
    assert query.labels == (Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE)


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        ("1000", 1000, None),
        (">=1000", 1000, None),
        (">1000", 1001, None),
        ("<1000", None, 999),
        ("<=1.5k", None, 1500),
        (">1.2M", 1_200_001, None),
        ("10,000", 10_000, None),
    ],
)
def test_reach_bounds(value: str, low: int | None, high: int | None) -> None:
    query = parse(f"reach:{value}")
    assert (query.min_reach, query.max_reach) == (low, high)


def test_a_reach_beyond_any_number_is_capped_not_overflowing() -> None:
    assert parse("reach:>" + "9" * 400).min_reach == REACH_CAP + 1
    assert parse("reach:<" + "9" * 30 + "m").max_reach == REACH_CAP - 1
    assert parse("reach:99999999999999999999k").min_reach == REACH_CAP


def test_a_filter_holds_at_most_max_parts() -> None:
    assert len(parse(" ".join(f"from:a{n}" for n in range(MAX_PARTS))).authors) == MAX_PARTS
    with pytest.raises(QueryError, match="at most"):
        parse(" ".join(f"w{n}" for n in range(MAX_PARTS + 1)))


def test_subjects_resolve_by_the_start_of_a_name_or_word_ignoring_case_and_accents() -> None:
    assert parse("subject:acme").subjects == ("Acme Air",)
    assert parse("subject:airlines").subjects == ("Zephyr Airlines",)
    assert parse("subject:cafe").subjects == ("Café Noir",)
    assert parse('subject:"zephyr airlines"').subjects == ("Zephyr Airlines",)
    assert parse("subject:a").subjects == ("Acme Air", "Zephyr Airlines")
    assert parse_feed_query("subject:Whatever").subjects == ("Whatever",), "no list: as typed"


def test_quoted_values_and_an_empty_query() -> None:
    assert parse('from:"Jane Doe"').authors == ("jane doe",)
    assert parse("   ").is_empty and parse("").phrases == ()
    assert parse('"10:30" 10:30').phrases == (Phrase("10:30"), Phrase("10:30"))


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("refund colour:red", "unknown qualifier colour:"),
        ("https://acme.example", "unknown qualifier https:"),
        ("sentiment:angry", "not 'angry'"),
        ("sentiment:neg,meh", "not 'meh'"),
        ("reach:lots", "'reach:lots'"),
        ("reach:>", "'reach:>'"),
        ("subject:Globex", "'subject:Globex': no brand or competitor"),
        ("from:", "from: needs a value"),
        ('from:"Jane', "a quote is not closed"),
        ('refund "customer serv', 'a quote is not closed: "customer serv'),
        ("refund !!!", "'!!!' has no letters, digits or emoji"),
        ('"?!"', "has no letters, digits or emoji"),
        ("-🔥", "'-🔥': words cannot be left out"),
        ("from:@", "'from:@' has no letters or digits"),
        ("-refund", "'-refund': words cannot be left out"),
    ],
)
def test_mistakes_name_the_bad_part(text: str, named: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert named in str(caught.value)


def test_unknown_qualifier_lists_the_known_ones() -> None:
    with pytest.raises(QueryError) as caught:
        parse("country:fr")
    message = str(caught.value)
    known = ("from", "source", "sentiment", "subject", "reach", "lang")
    assert all(f"{q}:" in message for q in known)


def test_emoji_are_searched_inside_the_text_without_presentation_selectors() -> None:
    """A storm's 🔥 or ✈️ is something to look for; the index holds words, not emoji."""
    (fire,) = parse("🔥").phrases
    assert fire.spaceless and fire.text == "🔥" and not fire.prefix
    (plane,) = parse('"✈️"').phrases
    assert plane.text == "✈"
    assert [p.text for p in parse("refund 👍🏽 sentiment:neg").phrases] == ["refund", "👍🏽"]


def test_spaceless_scripts_are_searched_inside_the_text() -> None:
    [phrase] = parse("延误").phrases
    assert phrase.spaceless
    assert not Phrase("remboursement").spaceless


def test_lang_takes_codes_names_and_exclusions() -> None:
    query = parse_feed_query("lang:vi,zh-Hant lang:!en lang:tagalog")
    assert query.languages == ("vi", "zh", "tl")
    assert query.not_languages == ("en",)
    assert parse_feed_query("sentiment:unscored").labels == (Sentiment.UNSCORED,)


@pytest.mark.parametrize("text", ["lang:", "lang:klingon", "lang:vi,,zh", "lang:12"])
def test_a_language_that_is_none_is_named(text: str) -> None:
    with pytest.raises(QueryError, match="lang"):
        parse_feed_query(text)
