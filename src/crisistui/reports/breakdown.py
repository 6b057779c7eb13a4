"""What the negative mentions of a window are about: top terms, authors and sources.

The engine says *that* something is wrong and why in counts; this says what people write and
who writes it, from the mentions themselves. It reads at most ``limit`` of the newest negative
mentions of the window (the time index makes that cheap however large the store), and treats
their text as words only: nothing in it is ever interpreted as markup.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from crisistui.analysis.severity import Assessment
from crisistui.analysis.spoken import LanguageVoice, by_language
from crisistui.analysis.stopwords import STOPWORDS
from crisistui.config import Config
from crisistui.domain.chinese import closes_topic, is_han, script_runs, words_of
from crisistui.domain.hanzi import variants
from crisistui.domain.models import Mention
from crisistui.domain.text import fold, marked, word_form
from crisistui.domain.time import from_epoch, to_epoch
from crisistui.domain.vietnamese import GLUE, glued, known_words, unglued
from crisistui.domain.words import (
    HANGUL,
    LINK_OR_HANDLE,
    MARKS,
    MAX_SPACELESS_CHARS,
    MIN_HANGUL_SYLLABLES,
    SPACELESS,
)
from crisistui.store import Store

DEFAULT_LIMIT = 2000
TOP = 8
MIN_WORD_CHARS = 3
_URL = LINK_OR_HANDLE
_WORD = re.compile(f"[#]?[^\\W\\d_](?:[\\w'’{MARKS}-]*[\\w{MARKS}])?")
"""``domain.words``' words (vowel signs and points inside them), with curly apostrophes."""
_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»|/…–—]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class AuthorCount:
    """An author's negative mentions in the window and the most followers seen for them."""

    author: str
    mentions: int
    max_followers: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Top terms, authors and sources of one window's negative mentions."""

    since: datetime
    until: datetime
    mentions: int
    """Negative mentions read (at most the limit: then ``truncated``)."""
    truncated: bool = False
    terms: tuple[tuple[str, int], ...] = ()
    authors: tuple[AuthorCount, ...] = ()
    sources: tuple[tuple[str, int], ...] = ()
    languages: tuple[LanguageVoice, ...] = ()
    """Every mention of the window (not only the negative ones) per language."""

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, for `status --json`."""
        return {
            "from": self.since.isoformat(),
            "to": self.until.isoformat(),
            "negative_mentions": self.mentions,
            "truncated": self.truncated,
            "top_terms": [{"term": t, "mentions": n} for t, n in self.terms],
            "top_authors": [
                {"author": a.author, "mentions": a.mentions, "max_followers": a.max_followers}
                for a in self.authors
            ],
            "top_sources": [{"source": s, "mentions": n} for s, n in self.sources],
            "languages": [voice.as_dict() for voice in self.languages],
        }


def brand_words(terms: Iterable[str]) -> frozenset[str]:
    """Words of the brand's (and competitors') own terms, which every mention holds and which
    therefore say nothing: 'acme air' gives 'acme', 'air' and 'acmeair'; a Chinese name also
    the words a Chinese post is read as (莲花航空 is 莲花 and 航空), in both scripts."""
    words: set[str] = set()
    for term in terms:
        # folded, and with the marks that some languages' words keep ("билайн")
        for form in {fold(term).strip(), marked(term).strip()}:
            parts = _WORD.findall(form.lstrip("@#"))
            words.update(p.lstrip("#") for p in parts)
            words.add("".join(p.lstrip("#") for p in parts))
            for part in parts:
                for written in variants(part.lstrip("#")):
                    words.update(_chinese(written))
    return frozenset(w for w in words if w)


def name_tags(names: Iterable[str]) -> frozenset[str]:
    """Each name as a hashtag, whole ("Bluebird Cafe" is #bluebirdcafe) and by its first
    word, the one that names the company (#bluebird, #acme), in folded and marked forms: not
    by the words after it, the trade's ("#cafe", a topic of a coffee brand's week, went from
    the list for being a word of a rival's name)."""
    tags: set[str] = set()
    for name in names:
        for form in {fold(name).strip(), marked(name).strip()}:
            parts = [p.lstrip("#") for p in _WORD.findall(form.lstrip("@#"))]
            for tag in ("".join(parts), *parts[:1]):
                tags.update(variants(tag) if tag else ())
    return frozenset(tags)


def runs(text: str, skip: frozenset[str], lang: str | None = None) -> list[list[str]]:
    """Content words of a text, folded, in runs of words that stand next to each other (a
    dropped word or punctuation ends a run, so phrases never span them). Dropped: links,
    @handles, numbers, stopwords, the brand's own words and words too short to say anything
    (``_long_enough``)."""
    folded = _URL.sub(" . ", word_form(text, lang))
    if lang == "vi":  # syllables read as the words they spell: "tiếp viên"
        folded = glued(folded)
    out: list[list[str]] = [[]]
    end = 0
    for match in _WORD.finditer(folded):
        start, stop, matched = match.start(), match.end(), match.group().strip("'’-")
        if lang == "vi" and GLUE in matched and unglued(matched) in known_words():
            matched = unglued(matched)
        if lang == "zh" and matched.startswith("#") and closes_topic(folded, start):
            matched = matched[1:]  # "#莲花航空#延误到半夜": what follows a topic is text
        for word in _chinese(matched) if lang == "zh" else (matched,):
            bare = word.lstrip("#")
            keep = bool(bare) and bare not in STOPWORDS and bare not in skip
            keep = keep and _long_enough(bare)
            if (not keep or _BREAK.search(folded, end, start)) and out[-1]:
                out.append([])
            if keep:
                out[-1].append(word)
        end = stop
    return [run for run in out if run]


def _chinese(word: str) -> list[str]:
    """The words a Chinese run of characters holds, a Latin name written onto it cut off
    ("air的航班又延误了": "air", "航班", "延误"); each a run of its own, as no phrase of
    Chinese words is written with the space a pair of them would be shown with."""
    if word.startswith("#") or not any(is_han(c) for c in word):
        return [word]
    found: list[str] = []
    for run in script_runs(word):
        for part in words_of(run) if is_han(run) else [run]:
            found += [part, ""]  # "" keeps nothing and ends the run
    return found


def _long_enough(word: str) -> bool:
    """Three letters (not one over and over: "zzz", "ㅋㅋㅋㅋ"), two Korean syllables, or any
    Chinese or Japanese character, which carries a word each; but a run of a script written
    without spaces only up to ``MAX_SPACELESS_CHARS``, as the analytics count it: longer, it
    is a clause ("ข้อมูลหลุดไปเป็นล้านบัญชี" was a top term)."""
    if SPACELESS.search(word):
        return 0 < len(word) <= MAX_SPACELESS_CHARS
    if _CJK.search(word):
        return True
    if HANGUL.search(word):
        return len(word) >= MIN_HANGUL_SYLLABLES
    return len(word) >= MIN_WORD_CHARS and len(set(word)) > 1


def tokens(text: str, skip: frozenset[str], lang: str | None = None) -> list[str]:
    """Content words of a text, in order (see ``runs``)."""
    return [word for run in runs(text, skip, lang) for word in run]


def top_terms(
    mentions: Sequence[Mention], skip: frozenset[str], top: int = TOP
) -> list[tuple[str, int]]:
    """Words and two-word phrases by the number of mentions holding them. A phrase is kept
    when two or more mentions share it, and then stands in for its words when it accounts for
    nearly all their uses ("customer service", not "customer" and "service")."""
    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for mention in mentions:
        found = runs(mention.text, skip, mention.lang)
        words.update({word for run in found for word in run})
        pairs.update({f"{a} {b}" for run in found for a, b in itertools.pairwise(run) if a != b})
    ranked: Counter[str] = Counter({w: n for w, n in words.items()})
    for pair, count in pairs.items():
        if count < 2:
            continue
        ranked[pair] = count
        for word in pair.split():
            if ranked.get(word, 0) <= count * 1.25:
                ranked.pop(word, None)
    return sorted(ranked.items(), key=lambda item: (-item[1], item[0]))[:top]


def breakdown(
    mentions: Sequence[Mention],
    since: datetime,
    until: datetime,
    skip: frozenset[str],
    limit: int = DEFAULT_LIMIT,
    top: int = TOP,
) -> Breakdown:
    """Top terms, authors and sources of negative mentions already read (newest first)."""
    authors: Counter[str] = Counter()
    followers: dict[str, int] = {}
    sources: Counter[str] = Counter()
    for mention in mentions:
        name = mention.author or "(unknown)"
        authors[name] += 1
        followers[name] = max(followers.get(name, 0), mention.author_followers or 0)
        sources[mention.source] += 1
    ranked_authors = sorted(
        authors.items(), key=lambda item: (-item[1], -followers[item[0]], item[0])
    )
    return Breakdown(
        since=since,
        until=until,
        mentions=len(mentions),
        truncated=len(mentions) >= limit,
        terms=tuple(top_terms(mentions, skip, top)),
        authors=tuple(AuthorCount(a, n, followers[a]) for a, n in ranked_authors[:top]),
        sources=tuple(sorted(sources.items(), key=lambda item: (-item[1], item[0]))[:top]),
    )


def window_of(assessment: Assessment) -> tuple[datetime, datetime]:
    """The minutes the assessment's counts cover: its strongest window (the shortest one
    when nothing stands out), whole minutes up to and including the current one, up to the
    second assessed: posts stored since, dated later, are not the window's counts."""
    at = to_epoch(assessment.at)
    minute = at // 60
    span = max(assessment.window_minutes, 1)
    return from_epoch((minute + 1 - span) * 60), from_epoch(min((minute + 1) * 60, at + 1))


async def window_breakdown(
    store: Store, config: Config, assessment: Assessment, limit: int = DEFAULT_LIMIT
) -> Breakdown:
    """Read the window's negative brand mentions (newest ``limit``) and break them down."""
    since, until = window_of(assessment)
    mentions = await store.negative_mentions(config.brand.name, since, until, limit)
    terms = [*config.brand.terms, *(t for c in config.competitors for t in c.terms)]
    found = breakdown(mentions, since, until, brand_words(terms), limit)
    spoken = await store.language_rollups(since, until, config.brand.name)
    return replace(found, languages=tuple(by_language(spoken)))
