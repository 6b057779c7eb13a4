"""Vietnamese words, which are written a syllable at a time.

Vietnamese puts a space between syllables, not between words: "tiếp viên" (flight attendant),
"tẩy chay" (boycott) and "hoàn tiền" (refund) are words of two syllables each. Counted syllable
by syllable, a Vietnamese storm's top terms read "tẩy", "chay", "tiếp", "viên", which nobody
can act on. ``glued`` marks the words of a text that a list of known words holds
(``vi_words.txt``: everyday words of complaints and service, and those the lexicon and the
trigger terms hold), longest first from the left, so that they are read whole. A syllable the
list does not join stays a word alone, and nothing joins across punctuation.

Vietnamese also writes the tone of "oa", "oe" and "uy" on either vowel ("hoà" and "hòa" are
one word): ``one_tone_placement`` writes them one way, so both count as one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import ahocorasick

from crisistui.domain.automaton import longest_words, word_list

WORDS = Path(__file__).with_name("vi_words.txt")
GLUE = "_"
"""Written between the syllables of a known word by ``glued``: a word character, so a word
pattern reads the word as one; ``unglued`` gives back the space."""

_TONES = re.compile("(?<!q)(?:o[àáảãạ]|o[èéẻẽẹ]|u[ỳýỷỹỵ])(?!\\w)")
"""The pairs whose tone is written on either vowel: at a syllable's end ("hoà", "khoẻ",
"thuỷ"), not before a final consonant ("hoàn", "toán") nor after "q" ("quý")."""
_MOVE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip


def one_tone_placement(text: str) -> str:
    """``text`` (composed, lower case) with the tone of an open oa, oe and uy on the first
    vowel, as most people type it ("hòa", "khỏe", "thủy")."""
    return _TONES.sub(lambda m: _MOVE[m.group()], text)


@cache
def known_words() -> frozenset[str]:
    """The words of more than one syllable that ``glued`` reads as one."""
    return word_list(WORDS)


@cache
def _finder() -> ahocorasick.Automaton:
    return longest_words(known_words())


def glued(text: str) -> str:
    """``text`` (lower case, composed) with one tone placement, and ``GLUE`` for the spaces
    inside each known word that stands whole: not part of a longer run of letters."""
    text = one_tone_placement(text)
    if " " not in text:
        return text
    spans = [
        (end + 1 - size, end + 1)
        for end, size in _finder().iter_long(text)
        if _whole(text, end + 1 - size, end + 1)
    ]
    if not spans:
        return text
    parts: list[str] = []
    at = 0
    for start, end in spans:
        parts += [text[at:start], text[start:end].replace(" ", GLUE)]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def unglued(word: str) -> str:
    """A word ``glued`` joined, with its spaces back."""
    return word.replace(GLUE, " ")


def _whole(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (
        end == len(text) or not text[end].isalnum()
    )
