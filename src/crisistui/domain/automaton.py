"""One Aho–Corasick automaton for many words: a single pass over a text finds every one, where
a test per word (or a regex alternation) costs a pass each."""

from __future__ import annotations

from collections.abc import Mapping

import ahocorasick


def automaton(words: Mapping[str, object]) -> ahocorasick.Automaton:
    """An automaton finding each word of ``words``, which it reports with the word's value."""
    found = ahocorasick.Automaton()
    for word, value in words.items():
        found.add_word(word, value)
    found.make_automaton()
    return found
