"""Arabic typed in Latin letters and digits ("Arabizi") told apart from the languages whose
letters it borrows.

Much Egyptian, Levantine and Gulf posting is typed this way ("el net mesh shaghal men 3 ayam,
7aga te2aref"), the digits standing for the letters Latin lacks (2 ء, 3 ع, 5 خ, 7 ح, 9 ق). py3langid
takes it for Somali, Swahili or English, so the Arabic lexicon, which lists Arabizi's words of
praise and complaint ("zeft", "wa7esh", "gamed", "7elw"), never read it. A word with such a digit
between its letters is Arabizi's own mark; its function words (mesh, ya3ni, keda, ezay, kteer)
are few and in every sentence; a handful are also words elsewhere (ana, el, fe, ya, bas), and
count for half.
"""

from __future__ import annotations

import re

# fmt: off
STRONG = frozenset((
    "mesh", "msh", "mish", "mosh", "mush", "enta", "enti", "inta", "inti", "howa", "heya", "hiya",
    "ehna", "entu", "ento", "homma", "dol", "keda", "kida", "kda", "kaman", "kman", "kamaan",
    "yani", "leh", "lesh", "lech", "ezay", "ezzay", "izzay", "izay", "kif", "keef", "shou",
    "eih", "eish", "mafi", "mafish", "mafeesh", "kteer", "ktir", "ktiir", "keteer", "awi", "awy",
    "gedan", "giddan", "gdn", "bgad", "begad", "wallah", "wallahi", "walla", "yalla", "yallah",
    "inshallah", "inshalla", "khalas", "khalaas", "habibi", "habibti", "feen", "fein", "wein",
    "emta", "imta", "bokra", "bukra", "eshi", "baddi", "biddi", "momken", "mumkin", "lazem",
    "lazim", "aywa", "aiwa", "tayeb", "tayyeb", "elyom", "shabab", "rayeh", "rayha", "gamed",
    "gamda", "helw", "helwa", "zeft", "zift", "mashallah", "alhamdulillah", "hamdella", "akeed",
    "bardo", "brdo", "ahlan", "marhaba", "yasalam", "kwayes", "kwayyes", "kwais", "mni7", "wahesh",
    "wehesh", "shaghal", "shaghala", "bayekh", "khara", "zbala", "mabsoot", "ya3ni",
))
"""Words of Arabizi that are no everyday word of English, Turkish, Malay or the Romance
languages."""

WEAK = frozenset((
    "ana", "el", "fe", "fi", "ya", "bas", "eh", "ah", "ma", "la", "min", "mn", "w", "wa", "da",
    "di", "dah", "deh", "kol", "kul", "tamam", "bade", "sho", "shu", "men", "yom", "mara",
    "marra", "lel", "lil", "ba", "3", "bta", "fen", "shi",
))
"""Arabizi words that are also words elsewhere (Italian "da", Spanish "el", Turkish "tamam",
Malay "dah", English "men"): half a word of evidence each."""

LOOK_ALIKES = frozenset((
    # Indonesian and Malay
    "yang", "dan", "ini", "itu", "tidak", "dengan", "untuk", "dari", "ada", "aku", "saya",
    "kamu", "sudah", "udah", "belum", "bisa", "juga", "sangat", "banget", "gak", "tapi", "lagi",
    # Tagalog
    "ang", "ng", "mga", "sa", "ako", "hindi", "naman", "talaga", "po",
    # Romance and Turkish
    "che", "non", "il", "per", "una", "sono", "que", "los", "las", "por", "con", "muy", "pero",
    "um", "uma", "nao", "com", "muito", "les", "des", "est", "et", "pas", "je", "pour", "ve",
    "bir", "bu", "çok", "ile", "değil", "ama",
    # Somali and Swahili, what py3langid takes Arabizi for
    "waa", "iyo", "oo", "ku", "na", "kwa", "ni", "ya",
))
"""Frequent function words of the languages Arabizi is mistaken for, or mistaken as: each
counts against it."""
# fmt: on

_DIGIT_WORD = re.compile(
    r"(?<![\w'])(?:[a-z']*[a-z][235679]+[a-z][a-z']*|[235679][a-z]{2,}[a-z']*)(?![\w'])"
)
"""A word with a digit standing for a letter: between letters ("7aga", "ta25ir", "mt2a5ra") or
before them ("3ala", "2al", "5alas"); not "3am", "5pm", "2nd", "7days", a model or a unit."""
_DIGIT_END = re.compile(r"(?<![\w'])[a-z]{2,4}[2379](?![\w'])")
"""A short word ending in such a digit ("sa7", "ma3", "wa2"): half a word of evidence."""
_NOT_ARABIZI = re.compile(
    r"\d+(?:am|pm|st|nd|rd|th|km|kg|mb|gb|min|mins|hr|hrs|sec|day|days|yr|yrs|px|fps|mm|cm|ml"
    r"|lbs|pcs|kw|mah|ghz|mhz|gbps|mbps|x|k|m|s|g|d)"
    r"|(?:mp|ps|h|x|s|a|b|i|m|p|r|c|t|k|u|v|g)\d+[a-z]?|b2b|b2c|p2p|h2o|co2|2fa|2day|2moro"
    r"|2morrow|2nite|2night|2go|covid\d*"
)
"""Tokens that are no Arabizi: times, units, ordinals, models and text-speak."""
_ACCENTED = re.compile("[à-ɏ]")
"""Arabizi is typed without diacritics; Turkish and Romance text has them."""

MIN_EVIDENCE = 2.0
MIN_SHARE = 0.25


def evidence(text: str, words: list[str]) -> float:
    """How strongly ``text`` (its lower-case words ``words``) reads as Arabizi; 0 when it has
    none of its marks."""
    lowered = text.lower()
    digits = [w for w in _DIGIT_WORD.findall(lowered) if not _NOT_ARABIZI.fullmatch(w)]
    ends = [w for w in _DIGIT_END.findall(lowered) if not _NOT_ARABIZI.fullmatch(w)]
    if not digits and not ends and STRONG.isdisjoint(words):
        return 0.0
    strong = sum(1 for w in words if w in STRONG)
    weak = sum(1 for w in words if w in WEAK and w not in STRONG)
    against = sum(1 for w in words if w in LOOK_ALIKES and w not in WEAK)
    if not digits and strong < 2:
        return 0.0
    return len(digits) + len(ends) / 2 + strong + weak / 2 - against


def is_arabizi(text: str, words: list[str]) -> bool:
    """Whether ``text``, whose lower-case Latin words are ``words``, is Arabizi."""
    if _ACCENTED.search(text):
        return False
    score = evidence(text, words)
    return score >= MIN_EVIDENCE and score >= MIN_SHARE * max(len(words), 1)
