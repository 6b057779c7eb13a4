"""The feed filter finds a word however its letters were typed: Turkish shouted in capitals or
written without ı, Polish without ł, German ss for ß, Vietnamese d for đ, Arabic with or
without hamza and vowel marks, Persian with or without its half-space, and digits in any of
the three scripts. Both backends index the same search form, and a database made before it
is indexed again on upgrade."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from crisistui.domain.search_text import SEARCH_FORMS, search_form
from crisistui.domain.time import to_epoch
from crisistui.store import Store, open_store
from tests.test_feed_filter_store import NOW, mention, old_file, texts

POSTS = [
    "Kolay Bankası verilerimizi sızdırdı, hesabım açılmıyor",
    "KOLAY BANKASI VERİLERİMİZİ SIZDIRDI",
    "Błąd logowania w aplikacji, Łódź bez zasięgu",
    "Großes Chaos in der Hauptstraße",
    "App đang lỗi, không đăng nhập được",
    "أسعار التذاكر ارتفعت، إلغاء الرحلة ١٢٠ بدون سبب",
    "شِكاية رسمية ضد الشركة، مشكلـــة كبيرة",
    "شکایت می‌کنم، پرواز ۱۲۰ لغو شد",
    "Plain English, flight 120 cancelled",
    "GROẞE STRAẞE gesperrt",
    "خدمة العملاء في طيران الواحه سيئة",
]
"""Newest last."""

FINDS = [
    ("sızdırdı", [0, 1]),
    ("SIZDIRDI", [0, 1]),
    ("sizdirdi", [0, 1]),
    ("açılmıyor", [0]),
    ("acilmiyor", [0]),
    ("blad", [2]),
    ("lodz", [2]),
    ("grosses", [3]),
    ("hauptstrasse", [3]),
    ("strasse", [9]),  # a capital ẞ is its only letter to change
    ("dang", [4]),
    ("đang", [4]),
    ("اسعار", [5]),
    ("الغاء", [5]),
    ("شكاية", [6]),
    ("مشكلة", [6]),
    ("میکنم", [7]),
    ("می‌کنم", [7]),
    ("120", [5, 7, 8]),
    ("١٢٠", [5, 7, 8]),
    ("۱۲۰", [5, 7, 8]),
    ("خدمه", [10]),  # Arabic's ending ة typed ه, either way
    ("الواحة", [10]),
    ("سيئه", [10]),
    ("Kolay Bankası", [0, 1]),
    ("kolay bank*", [0, 1]),
]


def _mentions() -> list[Any]:
    return [
        replace(
            mention(i, text, "@a", "x", "Acme Air", "negative", 5),
            external_id=f"s{i}",
            fingerprint=f"sf{i}",
        )
        for i, text in enumerate(POSTS)
    ]


def _newest_first(*indexes: int) -> list[str]:
    return [POSTS[i] for i in sorted(indexes, reverse=True)]


@pytest.mark.parametrize(("query", "found"), FINDS)
async def test_a_word_is_found_however_its_letters_were_typed(
    store: Store, query: str, found: list[int]
) -> None:
    await store.add_mentions(_mentions(), NOW)
    assert await texts(store, query) == _newest_first(*found)


async def test_an_edited_or_deleted_mention_leaves_the_index_in_step(tmp_path: Path) -> None:
    """The index's delete must name what was indexed (the search form), or the old words
    stay findable and FTS5's integrity check fails."""
    path = tmp_path / "edit.db"
    async with await open_store(path) as store:
        await store.add_mentions(_mentions(), NOW)
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE mentions SET text = 'nothing here' WHERE external_id = 's0'")
        raw.execute("DELETE FROM mentions WHERE external_id = 's1'")
        raw.execute("INSERT INTO mention_text (mention_text) VALUES ('integrity-check')")
    raw.close()
    async with await open_store(path) as store:
        assert await texts(store, "sizdirdi") == []
        assert await texts(store, "here") == ["nothing here"]


async def test_a_file_made_before_the_search_form_is_indexed_in_it_on_upgrade(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    old_file(path, 14, _mentions())
    with sqlite3.connect(path) as raw:
        assert raw.execute(
            "SELECT count(*) FROM mention_text WHERE mention_text MATCH 'blad'"
        ).fetchone() == (0,)
    raw.close()
    async with await open_store(path) as store:
        for query, found in FINDS:
            assert await texts(store, query) == _newest_first(*found), query
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO mention_text (mention_text) VALUES ('integrity-check')")
    raw.close()


async def _old_postgres(url: str, version: int, texts_of: list[tuple[Any, str]]) -> Any:
    """A PostgreSQL database at schema ``version`` holding each (mention, text), as that
    version's code wrote them; the open connection, for a test to look before the upgrade."""
    import psycopg

    from crisistui.store.postgres.schema import MIGRATIONS as PG_MIGRATIONS

    raw = await psycopg.AsyncConnection.connect(url, autocommit=True)
    for script in PG_MIGRATIONS[:version]:
        await raw.execute(script.encode())
    await raw.execute(f"UPDATE crisistui_schema SET version = {version}")
    for m, text in texts_of:
        await raw.execute(
            "INSERT INTO mentions (source, external_id, created_at, ingested_at, subject, "
            "is_competitor, text, author, sentiment, label, reach, fingerprint, triggers) "
            "VALUES (%s, %s, %s, %s, %s, 0, %s, %s, %s, %s, %s, %s, '[]')",
            (m.source, m.external_id, to_epoch(m.created_at), to_epoch(NOW), m.subject,
             text, m.author, m.sentiment, m.label.value, m.reach, m.fingerprint),
        )  # fmt: skip
    return raw


async def test_a_postgres_database_made_before_the_search_form_is_indexed_in_it(
    pg_server: Any,
) -> None:
    from crisistui.store.postgres.schema import MIGRATIONS as PG_MIGRATIONS

    url = pg_server.new_database("before_search_form")
    async with await _old_postgres(url, 9, [(m, m.text) for m in _mentions()]) as raw:
        found = await raw.execute(
            "SELECT count(*) FROM mention_text "
            "WHERE text_search @@ crisistui_fts_all(ARRAY['blad'])"
        )
        assert await found.fetchone() == (0,)
    async with await open_store(url) as store:
        assert await store.schema_version() == len(PG_MIGRATIONS)
        for query, found_at in FINDS:
            assert await texts(store, query) == _newest_first(*found_at), query


ENDING = "خدمة العملاء في طيران الواحة سيئة"


async def test_a_file_indexed_before_the_arabic_ending_is_indexed_again_on_upgrade(
    tmp_path: Path,
) -> None:
    """A file whose index holds "خدمة" as written (schema 18) finds it typed "خدمه" once
    upgraded, and the index stays consistent."""
    path = tmp_path / "ending.db"
    old_file(path, 18, [_mentions()[0]])
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE mentions SET text = ?", (ENDING,))
        assert raw.execute(
            "SELECT count(*) FROM mention_text WHERE mention_text MATCH 'خدمه'"
        ).fetchone() == (0,)
    raw.close()
    async with await open_store(path) as store:
        assert await texts(store, "خدمه") == [ENDING]
        assert await texts(store, "الواحه") == [ENDING]
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO mention_text (mention_text) VALUES ('integrity-check')")
    raw.close()


async def test_a_postgres_database_indexed_before_the_arabic_ending_is_indexed_again(
    pg_server: Any,
) -> None:
    from crisistui.store.postgres.schema import MIGRATIONS as PG_MIGRATIONS

    url = pg_server.new_database("before_arabic_ending")
    async with await _old_postgres(url, 13, [(_mentions()[0], ENDING)]) as raw:
        # indexed as the text was written, as the search form before schema 14 left it
        await raw.execute(
            "UPDATE mention_text SET text_search = crisistui_fts_vector(%s)", (ENDING,)
        )
    async with await open_store(url) as store:
        assert await store.schema_version() == len(PG_MIGRATIONS)
        assert await texts(store, "خدمه") == [ENDING]
        assert await texts(store, "الواحه") == [ENDING]


async def test_the_search_form_is_the_same_in_python_and_in_each_backend(
    tmp_path: Path, pg_server: Any
) -> None:
    """Every letter of the table, and texts mixing them, as the writer's words, SQLite's
    triggers and PostgreSQL's function write them."""
    import psycopg

    samples = [old for old, _ in SEARCH_FORMS] + [*POSTS, "".join(o for o, _ in SEARCH_FORMS)]
    url = pg_server.new_database("search_form_twin")
    async with await open_store(url):
        pass
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as raw:
        for sample in samples:
            row = await (
                await raw.execute("SELECT crisistui_search_form(%s)", (sample,))
            ).fetchone()
            assert row == (search_form(sample),), sample
    from crisistui.store.sqlite.schema import _search_form

    with sqlite3.connect(":memory:") as raw:
        for sample in samples:
            row = raw.execute(f"SELECT {_search_form('?1')}", (sample,)).fetchone()
            assert row == (search_form(sample),), sample


async def test_a_copy_from_postgresql_into_sqlite_keeps_finding_every_word(
    tmp_path: Path, pg_server: Any
) -> None:
    """`crisistui migrate` copies the columns both sides have; SQLite's search form, which
    PostgreSQL works out itself, is worked out for each copied mention."""
    from crisistui.store.migrate import migrate

    url = pg_server.new_database("search_form_copy")
    async with await open_store(url) as source:
        await source.add_mentions(_mentions(), NOW)
        async with await open_store(tmp_path / "copy.db") as target:
            copied = await migrate(source, target)
            assert not copied.mismatches
            for query, found in FINDS:
                assert await texts(target, query) == _newest_first(*found), query
