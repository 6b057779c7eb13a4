"""Ingest made faster gives exactly what it gave before.

Each shortcut taken for speed (ASCII and printable fast paths, one fold per text, substring
tests before patterns, remembered word lookups, a row-major language table, batches a step at a
time, worker processes, a staged insert) is compared here with the code it replaced, kept below
as the reference, on every Unicode code point or on the project's multilingual posts.
``bench/ingest.py --check`` compares a whole import's database with one made before the
change, column by column.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sqlite3
import sys
import unicodedata
from concurrent.futures import Future, wait
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisistui import importer
from crisistui.config import parse_config
from crisistui.domain import text as plain_text
from crisistui.domain.models import Mention, RawItem, Sentiment
from crisistui.importer import ReadReport, process_jsonl, read_jsonl
from crisistui.pipeline import Pipeline, language, scripts
from crisistui.pipeline.sentiment.emoji import emoji_table
from crisistui.pipeline.sentiment.lexicon import Role, english_words, load, shipped_languages
from crisistui.pipeline.sentiment.lexicon_analyser import (
    _UNKNOWN,
    MAX_PHRASE_WORDS,
    LexiconAnalyser,
    _Unit,
)
from crisistui.pipeline.terms import TermMatcher
from crisistui.store import Store, open_store
from crisistui.store.errors import ValueRejected
from crisistui.store.rows import INSERT_FIELDS
from crisistui.store.sqlite.store import _INSERT_COLUMNS, _row

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is not installed
from bench import ingest

LABELLED = Path(__file__).resolve().parent.parent / "bench" / "data" / "sentiment"
T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def _posts() -> dict[str, list[str]]:
    """The project's labelled posts of every split, by language."""
    found: dict[str, list[str]] = {}
    for path in sorted(LABELLED.glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.setdefault(path.stem.split("_")[0], []).append(json.loads(line)["text"])
    return found


POSTS = _posts()


def _runs(width: int = 48, *, surrogates: bool = False) -> list[str]:
    """Every code point, in runs of ``width`` consecutive ones, each run also beside a brand
    name, spaces and punctuation: what folding and cleaning do to any character in context."""
    runs = []
    for start in range(0, sys.maxunicode + 1, width):
        codes = range(start, min(start + width, sys.maxunicode + 1))
        chars = "".join(chr(c) for c in codes if surrogates or not 0xD800 <= c <= 0xDFFF)
        if chars:
            runs += [chars, f"Acme Air, {chars} ok! {chars[::-1]}  x"]
    return runs


CODE_POINT_RUNS = _runs()


# -- the reference: the code as it was before the speed work ----------------------------------


def reference_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.replace("ı", "i").casefold()  # Turkish dotless ı read as i


def reference_fingerprint(text: str) -> str:
    core = plain_text._URL.sub(" ", reference_fold(text))
    core = " ".join("".join(c if c.isalnum() else " " for c in core).split())
    return hashlib.blake2b(core.encode(), digest_size=8).hexdigest()


def reference_sanitize(text: str) -> str:
    text = plain_text.encodable(plain_text._ANSI.sub("", text))
    text = plain_text._UNSAFE.sub(" ", text)
    if not text.isascii():
        text = plain_text._STRAY_ZWNJ.sub("", plain_text._INVISIBLE.sub("", text))
    return plain_text._SPACE.sub(" ", text).strip()


def reference_counts(text: str) -> dict[scripts.Script, int]:
    found: dict[scripts.Script, int] = {}
    latin = len(scripts._PATTERNS[scripts.Script.LATIN].findall(text))
    if latin:
        found[scripts.Script.LATIN] = latin
    if text.isascii():
        return found
    for script, pattern in scripts._NON_ASCII:
        if pattern.search(text):
            found[script] = len(pattern.findall(text))
    return found


class ReferenceLexiconAnalyser(LexiconAnalyser):
    """Reads each word afresh, as before words were remembered."""

    def _clause(self, words: list[str], units: list[_Unit], asks: bool = False) -> None:
        vocabulary, starts = self.lexicon.vocabulary, self.lexicon.phrase_starts
        ors = self.lexicon.or_in_questions if asks else frozenset()
        i = 0
        while i < len(words):
            longest = starts.get(words[i], 1)
            for size in range(min(longest, MAX_PHRASE_WORDS, len(words) - i), 1, -1):
                entry = vocabulary.get(" ".join(words[i : i + size]))
                if entry is None:  # a phrase whose last word is listed by its start
                    heads = self.lexicon.phrase_prefixes.get(" ".join(words[i : i + size - 1]))
                    last = words[i + size - 1]
                    entry = next((e for s, e in heads or () if last.startswith(s)), None)
                if entry is not None:
                    units.append(_Unit(entry))
                    i += size
                    break
            else:
                word = words[i]
                if word in ors:  # "or" in a question: no sentiment, a word's place
                    units.append(_UNKNOWN)
                    i += 1
                    continue
                entry = self._lookup_word(word)
                if entry is None and "'" in word:
                    head, tail = word.split("'", 1)
                    before = vocabulary.get(head + "'") or vocabulary.get(head)
                    if before is not None and before.role is not Role.TERM and tail:
                        units.append(_Unit(before))
                        word, entry = tail, self._lookup_word(tail)
                units.append(_Unit(entry) if entry is not None else _UNKNOWN)
                i += 1


# -- text ---------------------------------------------------------------------------------


def test_folding_every_character_is_as_before() -> None:
    for run in CODE_POINT_RUNS:
        assert plain_text.fold(run) == reference_fold(run), run[:8]


def test_fingerprints_of_every_character_are_as_before() -> None:
    for run in CODE_POINT_RUNS:
        folded = plain_text.fold(run)
        assert plain_text.fingerprint(run, folded) == reference_fingerprint(run), run[:8]
        assert plain_text.fingerprint(run) == reference_fingerprint(run)


def test_the_word_characters_of_a_pattern_are_those_isalnum_accepts() -> None:
    """The fingerprint reads runs of ``[^\\W_]``: exactly the characters ``str.isalnum`` says
    are letters or digits."""
    word = re.compile(r"[^\W_]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(word.fullmatch(char)) == char.isalnum(), hex(code)


def test_cleaning_every_character_is_as_before() -> None:
    """Escapes, controls, bidi overrides, invisible characters and lone surrogates go as they
    did; printable text takes the fast path to the same result."""
    hostile = [
        "\x1b[31mred\x1b[0m Acme\u202eAir \u200bhidden\ud800 \x9b2J",
        "a\u200cb \u0645\u200c\u06cc tab\there\nnew\x00line \x7f",
        "\x1b]0;title\x07 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1bP$q\x1b\\ \x1b]52;c;",
    ]
    for run in [*_runs(surrogates=True), *hostile]:
        assert plain_text.sanitize(run) == reference_sanitize(run), repr(run[:8])


def test_nothing_printable_is_removed_by_cleaning() -> None:
    """What lets printable text skip the patterns: each removes unprintable characters only."""
    removing = (plain_text._UNSAFE, plain_text._SURROGATE, plain_text._INVISIBLE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable():
            assert not any(p.search(char) for p in removing), hex(code)
            assert char not in "\x1b\x9b\u200c", hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_folded_cleaned_and_fingerprinted_as_before(text: str) -> None:
    assert plain_text.fold(text) == reference_fold(text)
    assert plain_text.sanitize(text) == reference_sanitize(text)
    clean = plain_text.sanitize(text)
    assert plain_text.fingerprint(clean) == reference_fingerprint(clean)


def test_script_counts_of_every_character_are_as_before() -> None:
    for run in CODE_POINT_RUNS:
        assert scripts.counts(run) == reference_counts(run), run[:8]


# -- matching -----------------------------------------------------------------------------

MATCHER = TermMatcher.build(
    ("Acme Air", ["Acme Air", "@AcmeAir", "AcmeAir", "Ácme Éxpress*"], ["acme air museum"]),
    [
        ("Globex Air", ["Globex Air", "#GlobexAir"], []),
        ("好市多", ["好市多", "Costco"], []),
        ("Straße", ["STRASSE Air", "ß Jet"], []),
    ],
)
TERM_PIECES = (
    "acme", "air", "Acme Air", "ACME  AIR", "acmeair", "@AcmeAir_help", "Ácme Éxpressway",
    "acme air museum", "globex", "Globex Air", "#globexair", "好市多", "costco", "strasse air",
    "Straße Air", "ss jet", "ß jet", "xacme air", "acme airline", ", ", " ", "!", "\n", "🙂",
)  # fmt: skip


def reference_matches(subject: Any, folded: str) -> bool:
    if subject.include is None:
        return False
    if subject.exclude is not None:
        folded = subject.exclude.sub(" ", folded)
    return subject.include.search(folded) is not None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TERM_PIECES) | st.text(max_size=4), max_size=8))
def test_subjects_match_as_their_patterns_alone_did(pieces: list[str]) -> None:
    """A subject whose terms' first words are all missing from a text is never looked for
    with its pattern: the answer is the pattern's own, with or without exclusions."""
    folded = plain_text.fold(" ".join(pieces))
    for subject in MATCHER.subjects:
        assert subject.matches(folded) == reference_matches(subject, folded)


# -- language and sentiment ---------------------------------------------------------------


def test_the_row_major_language_table_identifies_as_before() -> None:
    """py3langid reads the same rows of its table laid out by rows: the same language and the
    same confidence for every labelled post, and the same ranking."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    fresh = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    fresh.set_languages([c for c in fresh.nb_classes if c not in language._RARELY_POSTED])
    assert not fresh.nb_ptc.flags["C_CONTIGUOUS"]  # what made each read slow
    ours = language._identifier()
    assert ours.nb_ptc.flags["C_CONTIGUOUS"]
    texts = [text for posts in POSTS.values() for text in posts]
    for text in texts:
        assert ours.classify(text) == fresh.classify(text), text
    for text in texts[::7]:
        assert ours.rank(text) == fresh.rank(text), text


@pytest.mark.parametrize("lang", sorted(shipped_languages()))
def test_remembered_words_score_as_words_read_afresh(lang: str) -> None:
    """Every language's posts score the same when each word's reading is remembered (read
    twice over, so the second pass is all remembered) as when each is read afresh."""
    lexicon = load(lang)
    ours = LexiconAnalyser(lexicon, english=english_words())
    reference = ReferenceLexiconAnalyser(lexicon, english=english_words())
    texts = [*POSTS.get(lang, []), *(t for posts in POSTS.values() for t in posts[:20])]
    for _ in range(2):
        for text in texts:
            assert ours.score(text) == reference.score(text), text


def reference_valence(table: Any, text: str) -> float:
    total = 0.0
    if table._emoji_chars is not None and not text.isascii():
        seen: dict[str, int] = {}
        for char in table._emoji_chars.findall(text):
            if seen.get(char, 0) < 3:
                seen[char] = seen.get(char, 0) + 1
                total += table.emoji[char]
    if table._found is not None:
        for match in table._found.finditer(text):
            total += table.emoticons[match.group()]
    return total


def test_emoji_and_emoticons_count_as_before_wherever_they_are() -> None:
    """Posts with no emoji or no emoticon skip those patterns: the valence is theirs."""
    table = emoji_table()
    texts = [t for posts in POSTS.values() for t in posts]
    for emoticon in table.emoticons:
        texts += [emoticon, f"ok{emoticon}", f"bad {emoticon}.", f"x{emoticon}y", f"{emoticon}!!"]
    for emoji in table.emoji:
        texts += [f"vuelo {emoji}", f"{emoji}{emoji}{emoji}{emoji} tệ", f"a{emoji}:)"]
    for text in texts:
        assert table.valence(text) == reference_valence(table, text), text


# -- the pipeline ---------------------------------------------------------------------------


def _items(count: int) -> list[RawItem]:
    """The bench's multilingual traffic, with empty, unmatched and hostile items among it."""
    items = [importer.parse_line(json.dumps(r)) for r in ingest.records(count, seed=5)]
    odd = [
        RawItem("x", "empty", "   ", T0),
        RawItem("x", "html", "<p>&nbsp;</p>", T0),
        RawItem("x", "unmatched", "nothing about anyone here, just weather", T0),
        RawItem("x\x1b[31m", "hostile\u202e", "\x1b]0;t\x07Acme\u200bAir is a scam!!", T0),
        RawItem("x", "tagged", "Acme Air est nul", T0, lang="fr-CA"),
        RawItem("x", "bad-tag", "Acme Air est nul", T0, lang="zz-notalang"),
    ]
    return [*odd, *items]


@pytest.mark.parametrize("keep_unmatched", [True, False])
def test_a_batch_gives_what_one_by_one_gives(keep_unmatched: bool) -> None:
    config = parse_config(ingest.CONFIG)
    items = _items(1500)
    single = Pipeline(config)
    one_by_one = [single.process(i, keep_unmatched) for i in items]
    batched = Pipeline(config)
    together: list[Mention | None] = []
    for first in range(0, len(items), 200):
        together += batched.process_many(items[first : first + 200], keep_unmatched)
    assert together == one_by_one
    assert sum(m is None for m in together) >= (2 if keep_unmatched else 3)


def test_copies_of_a_post_are_read_once_and_keep_their_own_details() -> None:
    """A flood repeats its posts word for word: each copy gets the reading a pipeline that
    never saw the text gives it, with its own author, link, time and counts, in a batch or one
    by one; a copy tagged with another language is read in that language."""
    config = parse_config(ingest.CONFIG)
    texts = [
        "Acme Air lost my bag again, worst airline ever",
        "Acme Air est nul, vol annulé sans prévenir",
        "Hãng Acme Air quá tệ, tẩy chay!",
        "Acme Air 太差了，抵制！",
    ]
    items = [
        RawItem(
            f"src{n % 3}",
            f"copy-{n}",
            texts[n % len(texts)],
            T0 + timedelta(seconds=n),
            author=f"@user{n}",
            url=f"https://example.org/p/{n}",
            author_followers=10 * n,
            likes=n,
            lang="de" if n % 7 == 0 else None,
        )
        for n in range(40)
    ]
    expected = [Pipeline(config).process(i) for i in items]
    assert len({m.author for m in expected if m}) == len(items)
    assert {m.lang for m in expected if m and m.text == texts[0]} == {"en", "de"}
    batched = Pipeline(config)
    assert batched.process_many(items[:20]) + batched.process_many(items[20:]) == expected
    single = Pipeline(config)
    assert [single.process(i) for i in items] == expected
    # copies of what is not kept, or kept only sometimes, and a pipeline for one subject
    odd = [RawItem("x", f"o{n}", t, T0) for n, t in enumerate(["  ", "just weather", "  "] * 2)]
    mixed = odd + items[:8] + odd
    subject = ingest.config().brand.name
    for keep in (False, True):
        fresh = [Pipeline(config).process(i, keep) for i in mixed]
        reused = Pipeline(config)
        assert [reused.process(i, keep) for i in mixed] == fresh
        assert reused.process_many(mixed, keep) == fresh
        one = Pipeline(config, subject=subject)
        assert one.process_many(mixed, keep) == [
            Pipeline(config, subject=subject).process(i, keep) for i in mixed
        ]


def test_one_bad_item_in_a_batch_is_told_as_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """An item the pipeline raises on takes its place in the answer as its exception (with
    ``return_exceptions``), or raises as processing one by one does; the others are kept."""
    items = _items(20)[6:]
    expected = [Pipeline(parse_config(ingest.CONFIG)).process(i, True) for i in items]
    pipeline = Pipeline(parse_config(ingest.CONFIG))
    score = pipeline.sentiment.score

    def fragile(text: str, lang: str | None, **how: Any) -> Any:
        if "¡" in text or "#" in text:
            raise RuntimeError("analyser broke")
        return score(text, lang, **how)

    monkeypatch.setattr(pipeline.sentiment, "score", fragile)
    told = pipeline.process_many(items, True, return_exceptions=True)
    broken = [i for i, t in enumerate(told) if isinstance(t, Exception)]
    assert broken and len(broken) < len(items)
    assert [t for i, t in enumerate(told) if i not in broken] == [
        e for i, e in enumerate(expected) if i not in broken
    ]
    with pytest.raises(RuntimeError, match="analyser broke"):
        pipeline.process_many(items, True)


# -- the import -------------------------------------------------------------------------------


def _jsonl(count: int) -> str:
    lines = [json.dumps(r, ensure_ascii=False) for r in ingest.records(count, seed=9)]
    lines[3] = "{not json"
    lines[10] = json.dumps({"source": "x", "id": "1", "text": "t", "created_at": "yesterday"})
    lines.insert(20, "")
    lines.insert(40, "   ")
    return "\ufeff" + "\n".join(lines) + "\n"


def _one_by_one(text: str, config: Any) -> tuple[list[tuple[int, Mention | None]], ReadReport]:
    pipeline = Pipeline(config)
    report = ReadReport()
    found = []
    for item in read_jsonl(io.StringIO(text), report):
        found.append((report.line_number, pipeline.process(item, keep_unmatched=True)))
    return found, report


@pytest.mark.parametrize("workers", [0, 1])
def test_a_file_read_in_chunks_and_by_workers_gives_the_same_outcomes(
    workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same mentions for the same line numbers, in order, and the same bad lines, in one
    process or shared with a worker process (which a small file gets here on purpose, and
    which takes every chunk once it has started: this process waits for it)."""
    monkeypatch.setattr(importer, "CHUNK_LINES", 64)
    monkeypatch.setattr(importer, "POOL_FROM_LINES", 100)
    here = []
    lines = importer._lines

    def counted(*args: Any) -> Any:
        here.append(args)
        return lines(*args)

    monkeypatch.setattr(importer, "_lines", counted)
    monkeypatch.setattr(importer, "_ready", waited)
    config = parse_config(ingest.CONFIG)
    text = _jsonl(1200)
    expected, expected_report = _one_by_one(text, config)
    report = ReadReport()
    outcomes = list(process_jsonl(io.StringIO(text), report, Pipeline(config), workers=workers))
    assert outcomes == expected
    assert (report.lines, report.errors) == (expected_report.lines, expected_report.errors)
    assert [n for n, _ in report.errors] == [4, 11]
    assert report.lines == 1200  # blank lines are not lines
    assert len(here) == (2 if workers else 19)  # the rest were the worker's


def waited(done: Any) -> bool:
    """The importer's "is the next chunk back?", answered only once it is: the worker then
    gets every chunk after the pool starts, which the test wants to see."""
    if isinstance(done, Future):
        wait([done])
    return True


def dying_worker(config: Any, options: dict[str, Any]) -> None:
    """A worker killed as it starts (out of memory, say)."""
    os._exit(3)


def test_a_worker_that_dies_leaves_its_chunks_to_the_importer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(importer, "CHUNK_LINES", 64)
    monkeypatch.setattr(importer, "POOL_FROM_LINES", 100)
    monkeypatch.setattr(importer, "_start_worker", dying_worker)
    monkeypatch.setattr(importer, "_ready", waited)
    redone = []
    lines = importer._lines

    def counted(*args: Any) -> Any:
        redone.append(args)
        return lines(*args)

    monkeypatch.setattr(importer, "_lines", counted)
    config = parse_config(ingest.CONFIG)
    text = _jsonl(600)
    expected, expected_report = _one_by_one(text, config)
    report = ReadReport()
    outcomes = list(process_jsonl(io.StringIO(text), report, Pipeline(config), workers=1))
    assert outcomes == expected
    assert report.errors == expected_report.errors
    assert len(redone) == 10  # two before the pool, eight the pool could not do


def test_an_item_the_pipeline_raises_on_is_named_and_the_rest_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pipeline = Pipeline(parse_config(ingest.CONFIG))
    process_many = pipeline.process_many

    def fragile(items: list[RawItem], keep: bool, **kwargs: Any) -> list[Any]:
        answers = process_many(items, keep, **kwargs)
        return [RuntimeError("boom") if i.external_id.endswith("-7") else a
                for i, a in zip(items, answers, strict=True)]  # fmt: skip

    monkeypatch.setattr(pipeline, "process_many", fragile)
    text = _jsonl(30)
    outcomes = dict(process_jsonl(io.StringIO(text), ReadReport(), pipeline, workers=0))
    failed = {n for n, o in outcomes.items() if isinstance(o, Exception)}
    assert failed == {n for n, line in enumerate(text.splitlines(), 1) if '-7", "text"' in line}
    assert {repr(outcomes[n]) for n in failed} == {"RuntimeError('boom')"}
    assert all(isinstance(o, Mention) for n, o in outcomes.items() if n not in failed)


# -- the store --------------------------------------------------------------------------------


def _mentions() -> list[Mention]:
    pipeline = Pipeline(parse_config(ingest.CONFIG))
    found = [pipeline.process(i, keep_unmatched=True) for i in _items(400)]
    mentions = [m for m in found if m is not None]
    # a post delivered twice in one batch, and one already stored by an earlier batch
    return [*mentions, mentions[5], replace(mentions[0], text="edited")]


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    connection = sqlite3.connect(path)
    try:
        found = {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
            for table in ("mentions", "rollups", "trigger_rollups", "language_rollups")
        }
        for word in ("acme", "refund", '"acme air"', "retard*", "tệ"):
            found[word] = connection.execute(
                "SELECT rowid FROM mention_text WHERE mention_text MATCH ? ORDER BY rowid",
                (word,),
            ).fetchall()
        return found
    finally:
        connection.close()


_POST = ("source", "author", "created_at", "text")
_SAME_POST = (
    "SELECT 1 FROM mentions WHERE source = ? AND author IS ? AND created_at = ? AND text = ?"
)


async def test_a_staged_batch_stores_what_row_by_row_inserts_stored(tmp_path: Path) -> None:
    """Every column, the rollups, the trigger and language rollups and the full-text index
    are those of inserting each row with its own statement, as before; duplicates are
    skipped and counted the same."""
    mentions = _mentions()
    now = T0 + timedelta(days=400)
    store = await open_store(tmp_path / "staged.db")
    results = [
        await store.add_mentions(mentions[:150], now),
        await store.add_mentions(mentions[150:], now),
        await store.add_mentions(mentions[140:160], now),
    ]
    await store.close()

    reference = await open_store(tmp_path / "reference.db")
    await reference.close()
    connection = sqlite3.connect(tmp_path / "reference.db", isolation_level=None)
    expected = []
    for batch in (mentions[:150], mentions[150:], mentions[140:160]):
        rows = [_row(m, int(now.timestamp())) for m in batch]
        marks = ", ".join("?" * len(rows[0]))
        before = connection.execute("SELECT COALESCE(MAX(id), 0) FROM mentions").fetchone()[0]
        for row in rows:  # one at a time; the same post under another id is not stored again
            post = tuple(row[INSERT_FIELDS.index(f)] for f in _POST)
            if connection.execute(_SAME_POST, post).fetchone() is None:
                connection.execute(
                    f"INSERT INTO mentions ({_INSERT_COLUMNS}) VALUES ({marks}) "
                    "ON CONFLICT (source, external_id) DO NOTHING",
                    row,
                )
        last = connection.execute("SELECT COALESCE(MAX(id), 0) FROM mentions").fetchone()[0]
        expected.append((len(rows), last - before, last))
    connection.close()

    assert [(r.received, r.new, r.last_id) for r in results] == expected
    assert results[2].new == 0
    assert _tables(tmp_path / "staged.db") == _tables(tmp_path / "reference.db")


async def test_a_refused_batch_leaves_nothing_and_the_next_one_is_stored(
    store: Store,
) -> None:
    """A value the table refuses rolls the whole batch back (the caller then stores the good
    ones one by one), and the staging table is there again for the next batch."""
    good = _mentions()[:3]
    bad = replace(good[1], external_id="bad", label=SimpleNamespace(value="maybe"))
    with pytest.raises(ValueRejected, match=r"(?i)check constraint"):
        await store.add_mentions([good[0], bad], T0)
    too_big = replace(good[1], external_id="big", likes=2**70)
    with pytest.raises(ValueRejected):
        await store.add_mentions([good[0], too_big], T0)
    assert await store.mention_count() == 0
    result = await store.add_mentions(good, T0)
    assert (result.new, await store.mention_count()) == (3, 3)
    # the newest id (a server may have spent ids on the refused batches: PostgreSQL does)
    assert result.last_id == await store.last_mention_id()


def test_sentiment_labels_are_untouched_by_batching() -> None:
    """A guard on the comparison itself: the bench's posts hold every label and many
    languages, so the equalities above are not all about neutral English."""
    pipeline = Pipeline(parse_config(ingest.CONFIG))
    items = _items(600)
    mentions = [m for m in pipeline.process_many(items, True) if m is not None]
    assert {m.label for m in mentions} >= {
        Sentiment.POSITIVE,
        Sentiment.NEGATIVE,
        Sentiment.NEUTRAL,
    }
    assert len({m.lang for m in mentions}) >= 15
    assert any(m.triggers for m in mentions)


# -- VADER ------------------------------------------------------------------------------------

VADER_WORDS = (
    "good", "GOOD", "bad", "BAD", "great!!", "(awful)", "love", "hate", "no", "not", "never",
    "don't", "isn't", "aint", "without", "doubt", "least", "at", "very", "kind", "of", "sort",
    "kinda", "so", "this", "but", "BUT", "extremely", "EXTREMELY", "barely", "slightly", "the",
    "shit", "bomb", "bus", "stop", "yeah", "right", "kiss", "death", "to", "die", "for", "bad",
    "ass", "just", "enough", "or", "nor", "cut", "mustard", ":)", ":(", ":D", "<3", "lol",
    "😁", "💘", "❤️", "👍🏽", "😡😡", "!", "!!!", "?", "???", "????", "Acme", "Air", "flight",
    "refund", "delayed", "x", "ok", "OK", "I", "A", "u", "...", "-", "'", "n't", "rarely",
)  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.sampled_from(VADER_WORDS) | st.text(max_size=3), max_size=14),
    st.sampled_from(["", " ", "!", "?!", "\u2003"]),
)
def test_vader_scores_every_text_as_the_library_does(words: list[str], glue: str) -> None:
    """VADER's rules (boosters, capitals, negation three words back, "no", "least", "kind
    of", "but", idioms, punctuation, emoji) give the library's compound to the last bit (but
    for the emoji this project reads otherwise, ``EMOJI_READ_AS``, given to the library the
    same way: a drawn "🔥" was named "fire" by the library alone)."""
    from crisistui.pipeline.sentiment.vader import EMOJI_READ_AS, analyzer, as_presented, vader

    text = (" " + glue).join(words) if glue.strip() else glue.join(w + " " for w in words)
    library = analyzer()
    named = library.emojis
    try:
        library.emojis = {**named, **EMOJI_READ_AS}
        expected = library.polarity_scores(as_presented(text))["compound"]
    finally:
        library.emojis = named
    assert vader().compound(text) == expected


def test_vader_scores_the_posts_as_the_library_does() -> None:
    """The library's scores, but for the emoji this project reads otherwise (``EMOJI_READ_AS``,
    given to the library the same way here)."""
    from crisistui.pipeline.sentiment.vader import EMOJI_READ_AS, analyzer, as_presented, vader

    library = analyzer()
    named = library.emojis
    texts = [t for posts in POSTS.values() for t in posts]
    texts += [r["text"] for r in ingest.records(6000, seed=3)]
    assert any(emoji in text for text in texts for emoji in EMOJI_READ_AS)
    try:
        library.emojis = {**named, **EMOJI_READ_AS}
        for text in texts:
            expected = library.polarity_scores(as_presented(text))["compound"]
            assert vader().compound(text) == expected, text
    finally:
        library.emojis = named
