"""Trigger terms per crisis type, found in a mention at ingestion.

The same rules as brand terms (case- and accent-insensitive, whole words or phrases, CJK
without spaces). Where two terms overlap, the longer one wins ("data leak" over "leak"). A term
ending in ``*`` matches words that start with it.

Thousands of terms in twenty languages are searched in one pass of an Aho–Corasick automaton
(pyahocorasick), whose cost depends on the text, not on how many terms there are; a regex
alternation of as many terms costs tens of milliseconds a mention.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import ahocorasick

from crisistui.domain.hanzi import matching_form
from crisistui.domain.text import arabic_script_matching, fold, hashtag_words

TriggerHit = tuple[str, str]
"""(crisis type, term as configured)."""

_WORD_CHAR = re.compile(r"[0-9a-z_]")
"""Word edges are checked against Latin letters and digits only, as for brand terms, so that
terms inside CJK text (no spaces) still match."""


_WORD_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz_")
"""The characters ``_WORD_CHAR`` matches, for a set lookup in the scan's loop."""


def _is_word_char(char: str) -> bool:
    return char in _WORD_CHARS


def term_key(term: str) -> str:
    """What a configured term is looked for as: folded, in the Arabic script's one spelling
    (``text.arabic_script_matching``), its words one space apart. Terms with one key are one
    term."""
    return " ".join(arabic_script_matching(fold(term)).split())


class TriggerMatcher:
    """Which configured trigger terms a text contains, each reported once."""

    def __init__(self, terms: Mapping[str, Sequence[str]]) -> None:
        owners: dict[str, list[TriggerHit]] = {}
        for kind, kind_terms in terms.items():
            for term in kind_terms:
                key = term_key(term)
                # one hit a crisis type for terms that fold alike ("tẩy chay" and "tay
                # chay"): the first as configured
                known = owners.get(key, [])
                if key.rstrip("*") and all(kind != owner for owner, _ in known):
                    owners.setdefault(key, []).append((kind, term))
        self._automaton: ahocorasick.Automaton | None = None
        if owners:
            automaton = ahocorasick.Automaton()
            for key, hits in owners.items():
                body = " ".join(key.rstrip("*").split())
                prefix = key.endswith("*")
                _, known = automaton.get(body, (0, ()))
                # the same body as a whole word and as a prefix: both kinds of hit are kept
                automaton.add_word(body, (len(body), (*known, (prefix, tuple(hits)))))
                # a term's edges matter only where the term itself ends in a Latin letter or
                # digit: 抵制 beside "Acme" or مقاطعة beside "_" is still the word
            automaton.make_automaton()
            self._automaton = automaton

    def find(
        self, text: str, folded: str | None = None, lang: str | None = None
    ) -> tuple[TriggerHit, ...]:
        """(crisis type, term) pairs found in ``text``, in order of first appearance.
        ``folded``: ``fold(text)`` when the caller has it already. A post in Chinese (``lang``
        "zh") is read as written and in simplified characters, so a term in either script is
        found: 泄露 in 洩露 (only there: Japanese 虚偽 is not Chinese 虚伪)."""
        if self._automaton is None:
            return ()
        hits = self._in(fold(text) if folded is None else folded, lang)
        if spaced := hashtag_words(text):
            # '#KhôngBayLạiAcmeAir' read as words, for a crisis type the text has no term of
            # yet ('#TẩyChayAcmeAir' is a hit of '#tẩychay*' already: not counted twice)
            kinds = {kind for kind, _term in hits}
            hits += tuple(h for h in self._in(fold(spaced), lang) if h[0] not in kinds)
        return hits

    def _in(self, folded: str, lang: str | None) -> tuple[TriggerHit, ...]:
        folded = arabic_script_matching(" ".join(folded.split()))
        if lang == "zh" and (simplified := matching_form(folded)) != folded:
            # both spellings: a term written in traditional characters (外洩) as it is, one in
            # simplified (泄露) in the simplified reading (one character each: same places)
            return self._found(folded, simplified)
        return self._found(folded)

    def _found(self, *readings: str) -> tuple[TriggerHit, ...]:
        """Hits in ``readings``, one text read one or two ways character for character."""
        assert self._automaton is not None
        folded = readings[0]
        # every match whose leading edge holds, as (start, -length, hits); then leftmost-longest
        # without overlaps, as a regex alternation of longest-first terms would scan
        candidates: list[tuple[int, int, tuple[TriggerHit, ...]]] = []
        matches = [hit for reading in readings for hit in self._automaton.iter(reading)]
        for end, (length, entries) in matches:
            start = end - length + 1
            leading, trailing = _is_word_char(folded[start]), _is_word_char(folded[end])
            for prefix, hits in entries:
                if leading and start > 0 and _is_word_char(folded[start - 1]):
                    continue
                after = end + 1 < len(folded) and _is_word_char(folded[end + 1])
                if trailing and not prefix and after:
                    continue
                candidates.append((start, -length, hits))
        if not candidates:
            return ()
        candidates.sort(key=lambda c: (c[0], c[1]))
        found: dict[TriggerHit, None] = {}
        covered = -1
        for start, negative_length, hits in candidates:
            if start < covered:
                continue
            covered = start - negative_length
            for hit in hits:
                found[hit] = None
        return tuple(found)
