"""Chinese words, which are written without spaces.

"这家航空公司的航班又延误了" is one run of characters to a splitter on spaces, and a run that
long is a sentence, not a term anyone can act on; nor is a brand's Latin name written onto it
("Acme Air的航班…"). ``words_of`` reads a run as words by longest match from the left against
a list of known words (``zh_words.txt``: everyday words of complaints and service, and those
the lexicon and the trigger terms hold), looked up in simplified characters so a traditional
"航班延誤" finds them too. What the list does not know is kept when two to four characters
stand together between known words (a name, a word it lacks), and a character alone (的,
了, 又) is dropped.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import ahocorasick

from crisistui.domain.automaton import longest_words, word_list
from crisistui.domain.hanzi import simplified

WORDS = Path(__file__).with_name("zh_words.txt")
LOOSE = range(2, 5)
"""Lengths of a stretch of unknown characters kept as a word."""
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SCRIPTS = re.compile(f"[{HAN}]+|[^{HAN}]+")


@cache
def known_words() -> frozenset[str]:
    """The words ``words_of`` finds, in simplified characters."""
    return word_list(WORDS)


@cache
def _finder() -> ahocorasick.Automaton:
    return longest_words(known_words())


def script_runs(word: str) -> list[str]:
    """``word`` cut where Chinese characters meet other letters: "air的航班" is "air" and
    "的航班"."""
    return _SCRIPTS.findall(word)


def is_han(run: str) -> bool:
    """Whether ``run`` (a ``script_runs`` part) is of Chinese characters."""
    return "\u3400" <= run[0] <= "\u9fff" or "\uf900" <= run[0] <= "\ufaff"


def closes_topic(text: str, at: int) -> bool:
    """Whether the ``#`` at ``at`` closes a Weibo-style topic ("#莲花航空#延误了"): written
    straight after the topic's last character, it starts no tag of its own."""
    return at > 0 and not text[at - 1].isspace() and text[at - 1] != "#"


def words_of(run: str) -> list[str]:
    """The words of a run of Chinese characters, as written (see the module's docstring)."""
    found: list[str] = []
    at = 0
    for end, size in _finder().iter_long(simplified(run)):
        start = end + 1 - size
        if start - at in LOOSE:
            found.append(run[at:start])
        found.append(run[start : end + 1])
        at = end + 1
    if len(run) - at in LOOSE:
        found.append(run[at:])
    return found
