"""A review's low rating: "⭐⭐ Sound is fine but the earcup cracked", "1⭐ La freidora llegó
rayada", "1 sao. Nồi chiên…", "一星差评". The star emoji reads as praise (it is one in the emoji
table), so a one- or two-star review counted its own stars for the product. Stars of a low
rating say nothing in their favour: they are left out of what is scored, and a rating given
in figures ("1⭐", "1 star", "1 sao") or as two stars is a complaint whatever the words say. A
lone ⭐ may also be a bullet ("⭐ New: offline maps"), which is why it only loses its praise.
Of the 16 posts in the labelled sets at hand that open or close on a low rating, all are
complaints; 2 of them were read as praise."""

from __future__ import annotations

import re

_STAR = "(?:⭐|★)\ufe0f?"
_DIGIT = "[12١٢۱۲१२]"
_UNIT = (
    r"(?:stars?|estrellas?|estrelas?|étoiles?|sterne?n?|stelle|stella|звезд[аы]?|sao|"
    r"bituin|ستاره|نجوم|نجمة|نجمتين|स्टार|yıldız|bintang|gwiazdk[ai])"
)
_FIGURED = re.compile(
    rf"(?i)(?<![\w.,]){_DIGIT}\s?{_STAR}|{_STAR}\s?{_DIGIT}(?![\w.,])"
    rf"|(?<![\w.,]){_DIGIT}\s?{_UNIT}(?!\w)|[一两二1-2]星(?:差评)?"
)
"""A rating of one or two in figures: "1⭐", "⭐1", "1 star", "2 sao", "一星"."""
_IN_WORDS = re.compile(rf"(?i)(?<![\w.,]){_DIGIT}\s?{_UNIT}(?!\w)")
"""The same without a star: all a post without one can hold ("1 star", "2 sao")."""
_LOW_STARS = re.compile(
    rf"^\W*?(?:{_STAR}){{1,2}}(?:☆\ufe0f?)*(?!\s*{_STAR})|(?:{_STAR}){{1,2}}\W*$"
)
"""One or two stars opening or closing the post."""
_MORE_STARS = re.compile(rf"(?:{_STAR}\s*){{3}}")


_WORD = re.compile(r"\w")


_ONE_OR_TWO = frozenset("12١٢۱۲१२一两二")
_EDGE = 24
"""How far into a post, or from its end, a rating in figures is looked for."""


def _figured(text: str, pattern: re.Pattern[str] = _FIGURED) -> tuple[int, int] | None:
    """Where a rating in figures stands at the post's start or end, where reviews give it
    ("the hotel is only 2 stars but a bargain" rates nothing); only the edges are read."""
    if _ONE_OR_TWO.isdisjoint(text[:_EDGE]) and _ONE_OR_TWO.isdisjoint(text[-_EDGE:]):
        return None  # most posts: no figure a rating could be given in
    found = pattern.search(text, 0, _EDGE)
    if found is not None and _WORD.search(text, 0, found.start()) is None:
        return found.start(), found.end()
    tail = max(0, len(text) - _EDGE)
    for found in pattern.finditer(text, tail):
        if _WORD.search(text[found.end() :].replace("差评", "")) is None:
            return found.start(), found.end()
    return None


def low_rating(text: str) -> tuple[str, bool] | None:
    """``text`` without the stars of a one- or two-star rating at its start or end, and
    whether the rating was given in figures; None when it gives no low rating."""
    if "⭐" not in text and "★" not in text and "星" not in text:
        unit = _figured(text, _IN_WORDS)
        return None if unit is None else (text, True)
    if _MORE_STARS.search(text):
        return None  # "⭐⭐⭐⭐" is praise, and one of its stars no low rating
    figured = _figured(text)
    if figured is not None:
        return text[: figured[0]] + " " + text[figured[1] :], True
    low = _LOW_STARS.search(text)
    if low is None:
        return None
    two = low.group().count("⭐") + low.group().count("★") == 2  # a rating; one may be a bullet
    return text[: low.start()] + " " + text[low.end() :], two
