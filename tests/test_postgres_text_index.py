"""PostgreSQL: a collector spells each mention's words itself (``fts_words``) and the server
indexes them; the index must be exactly what the server's own tokenizer functions give, or the
feed filter would find different mentions depending on which writer stored them."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import psycopg

from crisistui.domain.feed_query import parse_feed_query
from crisistui.domain.models import Mention, Sentiment
from crisistui.store import open_store
from crisistui.store.postgres.fts import CUT_TOKEN, fts_words

T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
SURROGATES = range(0xD800, 0xE000)
SCRIPTS = [
    (0x20, 0x7F),  # ASCII, separators and all
    (0xA0, 0x24F),  # Latin-1 and Latin Extended: most of what FTS5 folds
    (0x300, 0x36F),  # combining marks, some folded to nothing
    (0x370, 0x52F),  # Greek, Cyrillic
    (0x590, 0x6FF),  # Hebrew, Arabic
    (0x1E00, 0x1EFF),  # Vietnamese
    (0x2000, 0x206F),  # punctuation and spaces
    (0x3000, 0x30FF),  # CJK punctuation, kana
    (0x4E00, 0x4FFF),  # Han
    (0xAC00, 0xACFF),  # Hangul
    (0x1F300, 0x1F6FF),  # emoji
]


def _differing(url: str, texts: list[str]) -> list[str]:
    """The texts whose vector from the writer's words is not the server's own."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT t FROM unnest(%s::text[], %s::text[]) AS u(t, w) "
            "WHERE to_tsvector('simple'::regconfig, w)::text "
            "IS DISTINCT FROM crisistui_fts_vector(t)::text",
            (texts, [fts_words(t) for t in texts]),
        ).fetchall()
    return [row[0] for row in rows]


def test_the_writers_words_index_every_character_as_the_server_does(pg_url: str) -> None:
    codes = [c for c in range(1, 0x110000) if c not in SURROGATES]
    texts = []
    for first in range(0, len(codes), 400):
        # each character alone, between letters, doubled and upper-cased ASCII around it
        texts.append(" ".join(f"A{chr(c)}b {chr(c)}{chr(c)}" for c in codes[first : first + 400]))
    assert _differing(pg_url, texts) == []


def test_the_writers_words_index_random_and_long_texts_as_the_server_does(pg_url: str) -> None:
    rng = random.Random(11)
    texts = []
    for _ in range(600):
        span = rng.choice(SCRIPTS)
        length = rng.randint(0, 120)
        texts.append("".join(chr(rng.randint(*span)) for _ in range(length)))
    for _ in range(200):  # several scripts in one post, as real posts mix them
        texts.append(
            "".join(chr(rng.randint(*rng.choice(SCRIPTS))) for _ in range(rng.randint(1, 200)))
        )
    # tokens past a lexeme's size are cut to CUT_TOKEN characters, by both
    texts += [
        "é" * 600,
        "ж" * 600 + " short " + "Ж" * 300,
        "𝔸" * (CUT_TOKEN + 1),
        "word " * 400,
        "x" * 1023 + " " + "y" * 1024,
        "",
        "   ",
        "Hãng bay này quá tệ, hủy chuyến không báo trước, tẩy chay!",
        "Ужасный сервис, бойкот этой авиакомпании!",
        "这家航空公司太差了，抵制！",
        "don't STOP — café/CAFE 2e3fe x² a@b.org x-ray 1.5 🔥🔥",
    ]
    assert _differing(pg_url, texts) == []


def _mention(n: int, text: str, author: str | None) -> Mention:
    return Mention(
        source="demo",
        external_id=f"p{n}",
        text=text,
        created_at=T0 + timedelta(seconds=n),
        subject="Acme Air",
        is_competitor=False,
        sentiment=-0.5,
        label=Sentiment.NEGATIVE,
        reach=10,
        fingerprint=f"f{n}",
        author=author,
    )


async def test_a_stored_batch_is_indexed_as_the_servers_functions_index_it(pg_url: str) -> None:
    batch = [
        _mention(1, "Refund refused, tẩy chay Acme!", "@Ngọc_An"),
        _mention(2, "бойкот Acme — ужасно", None),
        _mention(3, "抵制Acme航空", "@李"),
        _mention(4, "nul\x00inside the text", "@nul\x00author"),
    ]
    # the same id again with other words: the first is kept, and indexed with its own words
    again = replace(batch[0], text="something else entirely", fingerprint="other")
    later = [batch[1], _mention(5, "a later batch, one post already stored", "@late")]
    async with await open_store(pg_url) as store:
        first = await store.add_mentions([*batch, again], T0)
        second = await store.add_mentions(later, T0)
        page = await store.filtered_mentions(parse_feed_query('"tay chay"', ("Acme Air",)), 50)
    assert (first.new, second.new) == (4, 1)
    with psycopg.connect(pg_url) as conn:
        indexed, wrong = conn.execute(
            "SELECT count(t.id), count(*) FILTER (WHERE "
            "t.text_search::text IS DISTINCT FROM crisistui_fts_vector(m.text)::text OR "
            "t.author_search::text IS DISTINCT FROM crisistui_fts_vector(m.author)::text) "
            "FROM mentions m LEFT JOIN mention_text t USING (id)"
        ).fetchone()
    assert (indexed, wrong) == (5, 0)
    assert [m.external_id for m in page.mentions] == ["p1"]
