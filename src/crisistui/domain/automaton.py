"""One Aho–Corasick automaton for many words: a single pass over a text finds every one, where
a test per word (or a regex alternation) costs a pass each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import ahocorasick


def automaton(words: Mapping[str, object]) -> ahocorasick.Automaton:
    """An automaton finding each word of ``words``, which it reports with the word's value."""
    found = ahocorasick.Automaton()
    for word, value in words.items():
        found.add_word(word, value)
    found.make_automaton()
    return found


def word_list(path: Path) -> frozenset[str]:
    """A list of words shipped as a file: one a line, ``#`` lines are comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def longest_words(words: Iterable[str]) -> ahocorasick.Automaton:
    """An automaton finding ``words``, each reported with its length, for ``iter_long``'s
    longest matches from the left: a text read as the words of a list."""
    return automaton({word: len(word) for word in words})
