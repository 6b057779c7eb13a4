"""English beside VADER: the words and phrases its lexicon lacks or reads the wrong way, a
rating out of ten, words stretched for emphasis, and hashtags read as the words they join.

VADER was built on tweets of 2014; a complaint today says "laggy", "not working", "thanks for
nothing" or "#WorstServiceEverMade", and praise says "made my day", "10/10" or "sooo good",
none of which it reads (or reads as the opposite: "killing it", "who cares"). The words and
phrases are in ``lexicons/english.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick
from vaderSentiment.vaderSentiment import NEGATE

from crisistui.domain.automaton import automaton
from crisistui.domain.text import HASHTAG, hashtag_split

TABLE = Path(__file__).parent / "lexicons" / "english.toml"

_NEGATE = frozenset(NEGATE)
_WORD = re.compile(r"[\w'-]+")


def negated_before(lowered: str, start: int) -> bool:
    """Whether one of the three words before ``start`` of a lower-cased text, in its
    sentence, negates, as VADER reads a negation ("not a nightmare", "isn't a game
    changer"; not "…going nowhere. Absolutely done with…")."""
    window = lowered[max(0, start - 40) : start]
    cut = max(window.rfind(mark) for mark in ".!?;\n")  # a sentence before is none of its
    before = _WORD.findall(window[cut + 1 :])[-3:]
    return any(word in _NEGATE or "n't" in word for word in before)


def _joins(char: str) -> bool:
    """Whether ``char`` is part of a word, so that a phrase cannot start or end beside it."""
    return char.isalnum() or char in "_'-"


_RATING = re.compile(r"(?<![\w/.,])(\d{1,2})\s?/\s?10(?![\d/])")
"""A rating out of ten ("10/10", "2/10 would not fly again"), not a date or "24/7"."""
_STRETCHED = re.compile(r"\b\w*?([^\W\d_])\1{2,}\w*")
"""A word with a letter written three times or more ("sooo", "gooood", "noooo")."""
_RUN = re.compile(r"([^\W\d_])\1{2,}")


def rating_valence(score: int) -> float:
    """A mark out of ten on VADER's scale: 5 and 6 are neither praise nor complaint."""
    if score <= 3:
        return -2.2
    if score <= 4:
        return -1.2
    if score <= 6:
        return 0.0
    if score == 7:
        return 0.8
    if score == 8:
        return 1.5
    return 2.2


@dataclass(frozen=True, slots=True)
class EnglishExtras:
    """What VADER is given besides its own lexicon."""

    words: Mapping[str, float]
    phrases: Mapping[str, float]
    _phrases: ahocorasick.Automaton
    """Every phrase in one pass, the longest from the left (a regex alternation of them cost
    a fifth of VADER's own time)."""

    @classmethod
    def load(cls, path: Path = TABLE) -> EnglishExtras:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        words = {str(k).lower(): float(v) for k, v in table["words"].items()}
        phrases = {str(k).lower(): float(v) for k, v in table["phrases"].items()}
        found = automaton({p: (len(p), v) for p, v in phrases.items()})
        return cls(words, phrases, found)

    def said_otherwise(self, text: str) -> tuple[str, float]:
        """``text`` without the phrases and ratings VADER misreads, and their valence; one
        after a negation within three words ("not a game changer") counts nothing."""
        lowered = text.lower().replace("’", "'")
        if len(lowered) != len(text):  # a letter whose lower case is longer: left alone
            return text, 0.0
        found: list[tuple[int, int, float]] = []
        for last, (size, valence) in self._phrases.iter_long(lowered):
            start, end = last + 1 - size, last + 1
            if (start == 0 or not _joins(lowered[start - 1])) and (
                end == len(lowered) or not _joins(lowered[end])
            ):
                found.append((start, end, valence))
        if "/" in lowered:
            found += [
                (m.start(), m.end(), rating_valence(int(m.group(1))))
                for m in _RATING.finditer(lowered)
            ]
        if not found:
            return text, 0.0
        found.sort()
        total = 0.0
        kept: list[str] = []
        at = 0
        for start, end, valence in found:
            if start < at:
                continue  # inside a phrase already taken out
            if not negated_before(lowered, start):
                total += valence
            kept.append(text[at:start])
            kept.append(" ~ ")
            at = end
        kept.append(text[at:])
        return "".join(kept), total


@cache
def english_extras() -> EnglishExtras:
    """The shipped table, read once."""
    return EnglishExtras.load()


def hashtags_read(text: str) -> str:
    """Hashtags as the words they join: "#WorstServiceEver" is "Worst Service Ever"."""
    if "#" not in text:
        return text
    return HASHTAG.sub(lambda m: hashtag_split(m.group(1)), text)


def unstretched(text: str, known: Mapping[str, float], also: frozenset[str]) -> str:
    """Words stretched for emphasis written as the word meant: "sooo gooood" is "so good",
    "yesss" is "yes", "nooooo" is "no". A letter run of three or more is read twice, then
    once, whichever makes a word VADER knows (``known`` or ``also``, its boosters)."""
    if _STRETCHED.search(text) is None:
        return text

    def meant(found: re.Match[str]) -> str:
        word = found.group()
        for repeats in (r"\1\1", r"\1"):
            candidate = _RUN.sub(repeats, word)
            if candidate.lower() in known or candidate.lower() in also:
                return candidate
        return _RUN.sub(r"\1\1", word)

    return _STRETCHED.sub(meant, text)
