"""Tagalog and Taglish told apart from the languages py3langid takes them for.

A short Tagalog post ("Solid yung Lotus Mart, mura pa") is often taken for Shona, Javanese or
Malay, languages nobody scores, so a Filipino complaint went unscored. Tagalog's markers and
linkers (ang, ng, mga, yung…) are no word of those languages; a few short ones (na, sa, pa,
ko…) are words of many and only count beside a distinctive one.
"""

from __future__ import annotations

# fmt: off
STRONG = frozenset((
    "ang", "ng", "mga", "yung", "iyong", "naman", "talaga", "kasi", "natin", "niyo", "nyo",
    "bakit", "lahat", "sobrang", "nung", "kung", "ninyo", "namin", "ikaw", "kayo",
    "tayo", "lang", "pag", "ayaw", "gusto", "wag", "huwag", "paano", "pano",
    "kailan", "saan", "ngayon", "kanina", "dahil", "pwede", "puwede",
    "salamat", "grabe", "nakakainis", "nakaka", "pinoy",
))
WEAK = frozenset((
    "na", "sa", "pa", "ko", "mo", "ako", "po", "ba", "sila", "yan", "yun", "ito", "hindi",
    "wala", "din", "rin", "nga", "nang", "siya", "may", "ano",
))
# fmt: on
CONFUSED_WITH = frozenset(
    (
        "sn",
        "jv",
        "su",
        "so",
        "sw",
        "mg",
        "ny",
        "ceb",
        "war",
        "ht",
        "rw",
        "lg",
        "xh",
        "zu",
        "yo",
        "ig",
        "ha",
        "st",
        "tn",
        "ts",
        "om",
        "ilo",
        "pam",
        "eu",
        "mt",
        "oc",
        "la",
    )
)
"""Languages py3langid answers for short Tagalog posts (and other languages far from any brand's
audience that are written in Latin letters). Not Indonesian or Malay: they share words with
Tagalog (kami, dapat, sana, di) and have lexicons of their own."""


def mistaken_for(guess: str | None, words: list[str]) -> bool:
    """True when py3langid's ``guess`` is a look-alike and ``words`` (lower-cased) read as
    Tagalog: two of its own markers, or one beside a short word it shares with others."""
    if guess not in CONFUSED_WITH:
        return False
    strong = sum(1 for word in words if word in STRONG)
    weak = sum(1 for word in words if word in WEAK)
    return strong >= 2 or (strong >= 1 and weak >= 1)


ALSO_ENGLISH = frozenset(("may",))
"""Short shared words English writes too."""


def marked(words: list[str]) -> bool:
    """Whether ``words`` (lower-cased) carry Tagalog: one of its own markers, or two of the
    short words it shares with others ("Hindi ko pa natry, review ko after a week"), so
    Taglish written mostly in English is not taken for English."""
    if not STRONG.isdisjoint(words):
        return True
    return sum(1 for word in words if word in WEAK and word not in ALSO_ENGLISH) >= 2
