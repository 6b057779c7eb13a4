"""Colloquial Indonesian told apart from the relatives py3langid takes it for.

Jakarta slang ("nyokap udah sejam nelpon PLN, gak ada yg bantuin", "abang gue beli Brio
bekas") is often taken for Malay or Javanese: such a post was then filed under a language the
team does not watch (``lang:id`` missed it) and read through Malay, which leaves out words
Indonesian reads ("bisa", "percuma"). Its pronouns, negations and particles are written
neither in Malaysian Malay (tak, dah, sangat, je) nor in Javanese (ora, wis, aku, opo).
"""

from __future__ import annotations

# fmt: off
MARKERS = frozenset((
    "gue", "gw", "gua", "lu", "elo", "elu", "gak", "ga", "nggak", "ngga", "enggak", "gk",
    "udah", "udh", "banget", "bgt", "aja", "dong", "sih", "deh", "nyokap", "bokap", "gimana",
    "gmn", "kayak", "kyk", "emang", "doang", "gitu", "gini", "bikin", "nih", "tuh",
    "pake", "dipake", "cepet", "malem", "bete", "nyangka", "bener", "makasih",
))
# fmt: on
CONFUSED_WITH = frozenset(("ms", "jv", "su", "eu", "sn", "mg", "sw", "so", "ceb", "war", "ht"))
"""What py3langid answers for short colloquial Indonesian posts: Malay and the regional
languages of Indonesia, and a few far-off languages written in Latin letters."""


TAGALOG_TOO = frozenset(("pake", "ga", "bete"))
"""Markers that are Tagalog slang as well ("pake ko", what do I care)."""


def mistaken_for(guess: str | None, words: list[str]) -> bool:
    """True when py3langid's ``guess`` is a look-alike and ``words`` (lower-cased) hold a
    word of colloquial Indonesian; for a guess of Tagalog, which shares "lagi", "naik" and
    "kapok" with it ("koper gue ilang lagi, kapok naik …"), one that is no Tagalog."""
    if guess == "tl":
        return not (MARKERS - TAGALOG_TOO).isdisjoint(words)
    return guess in CONFUSED_WITH and not MARKERS.isdisjoint(words)
