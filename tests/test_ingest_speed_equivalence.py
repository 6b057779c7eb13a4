"""The faster ways of identifying languages, counting words and carrying mentions give what the
plain ways gave: py3langid's own probabilities to the last bit, the same stored words and
domains, the same emoji valences and the same mentions after pickling."""

from __future__ import annotations

import json
import pickle
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisistui.domain import words
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.stopwords import stopwords_for
from crisistui.domain.text import fold, marked, word_form
from crisistui.pipeline import language
from crisistui.pipeline.identifier import FastIdentifier, prepared
from crisistui.pipeline.sentiment.emoji import MAX_REPEATS, emoji_table
from crisistui.store.rows import INSERT_FIELDS, mention_row

LABELLED = Path(__file__).resolve().parent.parent / "bench" / "data" / "sentiment"


def _texts() -> list[str]:
    found = []
    for path in sorted(LABELLED.glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line)["text"])
    return found


TEXTS = _texts()
ODD = ["", " ", "  two  spaces ", "ALL CAPS POST", "x" * 3000, "\ud800 lone", "e\u0301", "🙂 🙂"]


def _reference() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([c for c in identifier.nb_classes if c not in language._RARELY_POSTED])
    return identifier


def test_fast_identifier_answers_as_py3langid_to_the_last_bit() -> None:
    """Every labelled post, twice (the second time every word is remembered)."""
    reference = _reference()
    fast = language._fast()
    assert fast._exact
    for _ in range(2):
        for text in [*TEXTS, *ODD]:
            assert fast.classify(text) == reference.classify(text), text  # type: ignore[attr-defined]
    for text in [*TEXTS[::5], *ODD]:
        assert fast.rank(text) == reference.rank(text), text  # type: ignore[attr-defined]


def test_prepared_tables_read_back_as_made(tmp_path: Path) -> None:
    made = prepared(language._RARELY_POSTED, tmp_path)
    assert len(list(tmp_path.glob("langid-*"))) == 1
    with pytest.MonkeyPatch.context() as patch:
        from py3langid.langid import LanguageIdentifier

        def refuse(*_: object, **__: object) -> object:
            raise AssertionError("the packed model was unpacked again")

        patch.setattr(LanguageIdentifier, "from_model_file", refuse)
        read = prepared(language._RARELY_POSTED, tmp_path)
    assert read.nb_ptc.flags["C_CONTIGUOUS"] and read.nb_classes == made.nb_classes
    assert list(read.tk_nextmove) == list(made.tk_nextmove)
    fresh, again = FastIdentifier(made), FastIdentifier(read)
    for text in TEXTS[::9]:
        assert again.classify(text) == fresh.classify(text), text
    for table in next(tmp_path.glob("langid-*")).iterdir():
        table.write_bytes(b"damaged")
    damaged = FastIdentifier(prepared(language._RARELY_POSTED, tmp_path))
    for text in TEXTS[::37]:
        assert damaged.classify(text) == fresh.classify(text), text


def reference_words(folded: str, lang: str | None) -> list[str]:
    """``domain.words._words`` as it was: every rule read again for every word."""
    skip = stopwords_for(lang)
    found: dict[str, None] = {}
    for match in words._WORD.finditer(folded):
        word = match.group()
        if word.startswith("#"):
            continue
        word = word.strip("'-")
        if word in skip:
            continue
        if words._SPACELESS.search(word):
            if not 0 < len(word) <= 4:
                continue
        elif words.HANGUL.search(word):
            if not 2 <= len(word) <= 40:
                continue
        elif len(word) < 3 or len(word) > 40 or len(set(word)) == 1:
            continue
        found.setdefault(word)
    return list(found)


def reference_mention_words(text: str, lang: str | None) -> list[str]:
    folded = words._LINK.sub(" ", fold(text).replace("’", "'"))
    formed = words._LINK.sub(" ", word_form(text, lang).replace("’", "'"))
    tags = words._tags(folded)
    if tags and words._MARKED_SCRIPTS.search(text):  # Thai and Indic tags keep their marks
        with_marks = words._tags(words._LINK.sub(" ", marked(text).replace("’", "'")))
        tags = words._with_marks(tags, with_marks)
    return [*tags, *reference_words(formed, lang)][: words.MAX_WORDS]


LANGS = (None, "en", "fr", "es", "de", "ja", "ru", "ko")
"""Languages read word by word (Vietnamese and Chinese are read as the words their syllables
and characters spell: ``tests/test_analytics.py``)."""


def test_words_are_those_read_word_by_word() -> None:
    for text in [*TEXTS, *ODD, "#Tag #12345 @who http://a.b/c www.x.y l’avion 'quoted' -dash-"]:
        for lang in LANGS:
            expected = reference_mention_words(text, lang)
            assert words.mention_words(text, lang) == expected, text
            assert words.mention_words(text, lang, fold(text)) == expected, text
            assert words.words_json(text, lang) == json.dumps(expected, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "über", "#tag", "it's", "--", "好好", "ภาษาไทยยาว", "@x", "a1"])
        | st.text(max_size=6),
        max_size=12,
    ),
    st.sampled_from(LANGS),
)
def test_any_words_are_those_read_word_by_word(pieces: list[str], lang: str | None) -> None:
    text = " ".join(pieces)
    expected = reference_mention_words(text, lang)
    assert words.mention_words(text, lang) == expected
    assert words.words_json(text, lang) == json.dumps(expected, ensure_ascii=False)


def reference_domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if not host or len(host) > 253 or not host.isprintable() or " " in host:
        return None
    return host


URLS = [
    None, "", "https://X.Example/p", "http://a.b", "HTTP://A.B/x", "https://a.b:80/x",
    "https://u@a.b/", "https://[::1]/x", "http://[oops", " https://www.a.b/ ", "https://a.b./x",
    "https://a\tb.c/", "https://-a-.b?x", "https://a.b#f", "https://ÄÖ.de/x", "https://",
    "https:///x", "www.a.b", "ftp://a.b/", "https://a.b\\x", "\x01https://a.b/", "https://www./",
    "https://a.b/\n", "https://a.b%41/", "https://a.b\u3002c/",
]  # fmt: skip


@pytest.mark.parametrize("url", URLS)
def test_domains_are_those_urlsplit_finds(url: str | None) -> None:
    assert words.domain_of(url) == reference_domain(url)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="htps:/wW.aZ0-@[]:?#%\t é", max_size=24))
def test_any_domain_is_the_one_urlsplit_finds(url: str) -> None:
    assert words.domain_of(url) == reference_domain(url)


def reference_valence(text: str) -> float:
    table = emoji_table()
    total = 0.0
    if table._emoji_chars is not None and not text.isascii():
        seen: dict[str, int] = {}
        for char in table._emoji_chars.findall(text):
            if seen.get(char, 0) < MAX_REPEATS:
                seen[char] = seen.get(char, 0) + 1
                total += table.emoji[char]
    if table._found is not None:
        for match in table._found.finditer(text):
            total += table.emoticons[match.group()]
    return total


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*list(emoji_table().emoji)[:60], "a", " ", ":)", "é"])))
def test_emoji_are_found_in_order_as_the_pattern_found_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert emoji_table().valence(text) == reference_valence(text)


def _mention(**changes: object) -> Mention:
    mention = Mention(
        source="x",
        external_id="x-1",
        text="Vol annulé #AcmeAir https://t.example/a",
        created_at=datetime(2025, 3, 1, tzinfo=UTC),
        subject="Acme Air",
        is_competitor=False,
        sentiment=-0.4,
        label=Sentiment.NEGATIVE,
        reach=12,
        fingerprint="ab",
        url="https://www.News.example/p/1",
        lang="fr",
        lang_confidence=0.9,
        triggers=(("outage", "annulé"),),
    )
    return replace(mention, **changes)  # type: ignore[arg-type]


def test_mentions_pickle_whole() -> None:
    mention = _mention()
    mention = replace(mention, analytics=words.analytics(mention.text, mention.lang, mention.url))
    back = pickle.loads(pickle.dumps(mention))
    assert back == mention and back.analytics == mention.analytics
    assert [getattr(back, n) for n in mention.__slots__] == [
        getattr(mention, n) for n in mention.__slots__
    ]


def test_rows_use_the_pipelines_words_only_for_the_text_they_came_from() -> None:
    plain = _mention()
    expected = mention_row(plain, 5)
    carried = replace(plain, analytics=words.analytics(plain.text, plain.lang, plain.url))
    assert carried == plain and mention_row(carried, 5) == expected
    for change in ({"text": "Autre texte #Autre"}, {"lang": "en"}, {"url": "https://b.example"}):
        changed = replace(carried, **change)  # the words carried are those of another mention
        assert mention_row(changed, 5) == mention_row(replace(plain, **change), 5)


def _stored(mention: Mention) -> dict[str, object]:
    return dict(zip(INSERT_FIELDS, mention_row(mention, 5), strict=True))


def test_stored_words_match_the_json_they_replace() -> None:
    row = _stored(_mention())
    assert row["triggers"] == json.dumps([["outage", "annulé"]], ensure_ascii=False)
    assert row["words"] == json.dumps(["#acmeair", "vol", "annule"], ensure_ascii=False)
    assert row["domain"] == "news.example"
    assert _stored(_mention(triggers=()))["triggers"] == "[]"
    assert re.fullmatch(r"\[.*\]", str(row["words"]))


def test_only_a_text_that_can_be_part_of_a_campaign_keeps_a_copy_key() -> None:
    """A negative post keeps its copy key (the same for copies that differ in handles, tags,
    links and case); a positive one, or a declared retweet, keeps none."""
    text = "Acme Air lost my bag again and nobody answers the phone"
    one = _stored(_mention(text=text + " @bot1 #fail", fingerprint="f1"))["copy_key"]
    two = _stored(_mention(text=text.upper() + " https://x.example/9", fingerprint="f2"))
    assert isinstance(one, str) and len(one) == 16 and one == two["copy_key"]
    assert _stored(_mention(text="RT @bot1: " + text))["copy_key"] is None
    assert _stored(_mention(label=Sentiment.POSITIVE, triggers=()))["copy_key"] is None
    rumour = _mention(label=Sentiment.NEUTRAL, triggers=(("misinformation", "hoax"),))
    assert _stored(rumour)["copy_key"] is not None


def test_lexicons_read_from_their_unpacked_copies_as_from_their_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomllib

    from crisistui.pipeline.sentiment import lexicon

    monkeypatch.setattr(lexicon, "cache_dir", lambda: tmp_path)
    for language_code in sorted(lexicon.shipped_languages()):
        path = lexicon.LEXICON_DIR / f"{language_code}.toml"
        expected = tomllib.loads(path.read_text(encoding="utf-8"))
        assert lexicon._parsed(path) == expected  # made, and its copy written
        with monkeypatch.context() as patch:
            patch.setattr(lexicon.tomllib, "loads", None)  # only the copy can answer now
            again = lexicon._parsed(path)
        assert again == expected
        assert lexicon.Lexicon.from_mapping(again, language_code) == lexicon.Lexicon.from_mapping(
            expected, language_code
        )
    assert len(list(tmp_path.glob("lexicon-*.json"))) == len(lexicon.shipped_languages())
