"""Brand and competitor term matching: case- and diacritics-insensitive, traditional Chinese as
simplified (``hanzi.matching_form``), phrases, exclusions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from crisistui.domain.hanzi import matching_form
from crisistui.domain.text import HASHTAG_BREAK, fold, hashtag_words

# Boundaries are only checked between Latin letters and digits, so that terms inside CJK text
# (which has no spaces) still match, and a CJK term beside Latin letters or digits too
# ("莲花航空MU5101延误", "坐莲花航空A320"), while "acmeairlines" does not match "acme air".
_EDGE_BEFORE = r"(?<![0-9a-z_])"
_EDGE_AFTER = r"(?![0-9a-z_])"
_WORD_CHAR = re.compile(r"[0-9a-z_]")
_CLAUSE_WORDS = (
    "but", "however", "whereas", "while", "aber", "doch", "mais", "tandis que", "pero",
    "mientras", "mas", "porém", "porem", "enquanto", "ma", "però", "invece", "maar", "ale",
    "natomiast", "ama", "fakat", "ancak", "oysa", "tapi", "tetapi", "namun", "sedangkan",
    "nhưng", "còn", "но", "однако", "а вот", "lekin", "magar", "jabki", "bas", "بس", "لكن",
    "ولكن", "بينما", "اما", "ولی", "لیکن", "אבל", "ואילו",
    # and: "Globex outage and customers head to Acme" is two things said
    "and", "und", "et", "y", "e", "dan", "và", "и", "ve", "و",
    # so: "down si Hatid Eats kaya KainGo muna" is the rival's outage, then the brand
    "kaya",
)  # fmt: skip
"""Words of contrast, and "and", that begin a clause of their own (not Spanish "en", which
means "in": "Caída de sistemas en Globex Air")."""
_CLAUSE_END = re.compile(
    r"[.,!?;:。，！？；：、،؛؟۔।॥\n]+(?!\d)|\s[-–—|]\s"
    r"|\s(?:" + "|".join(map(re.escape, _CLAUSE_WORDS)) + r")(?=\s)"
    r"|\s?(?:แต่|ส่วน|และ|但是|可是|不过|但|却|でも|しかし|けど|하지만|그런데|반면"
    # because, so: "ツバメ珈琲のアプリ落ちてるからこもれび珈琲で買った" is the rival's outage
    r"|から|ので|のに|所以|因为|因為|于是|於是|그래서|때문에)"
    r"|\s(?=و[\u0621-\u064a])"
)
"""Where a clause ends: Latin, CJK, Arabic-script (، ؛ ؟ ۔) and Devanagari (। ॥) punctuation,
a word of contrast or an "and" ("Globex is down but Acme works", "فلك فيها عطل بس قمر شغالة",
"GoSantap มีปัญหา แต่สั่ง Rasaloka ได้ปกติ", "عطل في شبكة فلك والعملاء يتجهون إلى قمر"), written
without a comma as often as with one; Arabic writes its "and" onto the next word. Japanese,
Chinese and Korean also join a cause to what follows without a mark ("…落ちてるから…で
買った", "因为卓芯崩了所以用星澜")."""
_UNSPACED = "\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f"
_SPACED_CLAUSES = re.compile(f"[{_UNSPACED}]")
"""Thai, Lao, Khmer and Burmese, which write no space between words and one between clauses:
there a space beside their letters ends a clause too ("ระบบ @gosantap ขัดข้อง ผู้ใช้หันไปใช้
@rasaloka"), not one inside a name written in Latin letters ("Acme Air")."""
_SPACE_CLAUSE_END = re.compile(
    _CLAUSE_END.pattern + f"|(?<=[{_UNSPACED}])\\s+|\\s+(?=[{_UNSPACED}])"
)


WORD_GAP = r"[\s\-\u00ad\u2010\u2011\u200b\u200d\u2060]*"
"""What may stand between a term's words in a text: spaces, a hyphen ("Zephyr-Airlines", as
"T-Mobile" is also typed "T Mobile"), or nothing ("ZephyrAirlines", and what a soft hyphen or
a zero-width space put in to slip past a filter leaves once removed); the term's ends are
still whole words ("acme air" is not in "acmeairlines")."""
_TERM_WORDS = re.compile(r"[\s\-\u00ad\u2010\u2011\u200b\u200d\u2060]+")


def term_words(folded: str) -> list[str]:
    """The words of a folded term, as ``phrase_regex`` matches them apart."""
    return [word for word in _TERM_WORDS.split(folded) if word]


def _with_hashtag_words(text: str, folded: str) -> str:
    """``folded`` (``fold(text)``) in the form terms are matched in, with the words its
    hashtags run together read apart after it: '#BoycottAcmeAir' names Acme Air."""
    folded = matching_form(folded)
    if spaced := hashtag_words(text):
        folded = f"{folded}{HASHTAG_BREAK}{matching_form(fold(spaced))}"
    return folded


def _pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    alternatives = []
    forms = {matching_form(fold(p)).strip() for p in phrases if term_words(p)}
    for phrase in sorted(forms, key=len, reverse=True):
        alternatives.append(phrase_regex(phrase))
    return re.compile("|".join(alternatives)) if alternatives else None


def _needles(phrases: Sequence[str]) -> tuple[str, ...] | None:
    """The first word of each phrase as ``_pattern`` folds it: each of its alternatives starts
    with that word written out, so one of them is in any text it matches."""
    firsts = set()
    for phrase in {matching_form(fold(p)).strip() for p in phrases if p.strip()}:
        words = term_words(phrase)
        if not words:  # a term that folds to nothing matches anywhere: no shortcut
            return None
        firsts.add(words[0])
    return tuple(sorted(firsts)) or None


def phrase_regex(folded: str, prefix: bool = False, *, edge_before: bool = True) -> str:
    """The regex of one folded term: its words separated by any whitespace or hyphen
    (``WORD_GAP``), whole words only where the term's end and its neighbour are both Latin
    letters or digits (with ``prefix``, the last word may go on). Without ``edge_before`` the
    caller puts the leading word edge in front of a whole alternation (``any_phrase``)."""
    words = term_words(folded)
    body = WORD_GAP.join(re.escape(word) for word in words)
    if not words:
        return body
    before = edge_before and _WORD_CHAR.match(words[0][0]) is not None
    after = not prefix and _WORD_CHAR.match(words[-1][-1]) is not None
    return (_EDGE_BEFORE if before else "") + body + (_EDGE_AFTER if after else "")


def any_phrase(alternatives: Sequence[str]) -> str:
    """One regex for phrases built with ``edge_before=False``: the leading word edge is
    checked once per position instead of once per phrase, which matches the same text in the
    same order but scans a hundred terms several times faster."""
    return f"{_EDGE_BEFORE}(?:{'|'.join(alternatives)})"


@dataclass(frozen=True, slots=True)
class Subject:
    """The brand or a competitor with its compiled terms."""

    name: str
    is_competitor: bool
    include: re.Pattern[str] | None
    exclude: re.Pattern[str] | None
    needles: tuple[str, ...] | None = None
    """The first word of every term: a text holding none of them cannot match, which a
    substring test says far faster than the pattern (most texts name one subject of
    several). None: no such shortcut."""

    def matches(self, folded: str) -> bool:
        if self.include is None:
            return False
        if self.needles is not None and not any(n in folded for n in self.needles):
            return False  # excluding phrases only blanks text out, so cannot add a term
        if self.exclude is not None:
            folded = self.exclude.sub(" ", folded)
        return self.include.search(folded) is not None


class TermMatcher:
    """Finds which subject (brand first, then competitors) a text is about."""

    def __init__(self, subjects: Sequence[Subject]) -> None:
        self.subjects = list(subjects)

    @classmethod
    def build(
        cls,
        brand: tuple[str, Sequence[str], Sequence[str]],
        competitors: Sequence[tuple[str, Sequence[str], Sequence[str]]] = (),
    ) -> TermMatcher:
        """Each subject is given as (name, terms, excluded phrases)."""
        subjects = [
            Subject(brand[0], False, _pattern(brand[1]), _pattern(brand[2]), _needles(brand[1]))
        ]
        subjects += [
            Subject(n, True, _pattern(t), _pattern(x), _needles(t)) for n, t, x in competitors
        ]
        return cls(subjects)

    def match(self, text: str, folded: str | None = None) -> Subject | None:
        """The first subject whose terms occur in ``text``, or None. ``folded``:
        ``fold(text)`` when the caller has it already (folding is most of the work)."""
        folded = _with_hashtag_words(text, fold(text) if folded is None else folded)
        for subject in self.subjects:
            if subject.matches(folded):
                return subject
        return None

    def names_another(self, folded: str, subject: Subject) -> bool:
        """Whether a text (``fold``-ed) names a subject other than ``subject``."""
        form = matching_form(folded)
        return any(s is not subject and s.matches(form) for s in self.subjects)

    def about(self, text: str, subject: Subject | None, folded: str | None = None) -> str:
        """What ``text`` says about ``subject``: when it also names another subject, its
        clauses about that other one alone, and those that go on about it, are left out
        ("Globex Air systems down, outage everywhere; Acme Air unaffected" says nothing bad
        about Acme Air; "Acme Air, your app is down again, Globex works fine" still
        complains). The whole text otherwise. ``folded``: ``fold(text)``, if known."""
        others = [s for s in self.subjects if s is not subject]
        if subject is None or not others:
            return text
        folded = matching_form(fold(text) if folded is None else folded)
        if not any(s.matches(folded) for s in others):
            return text
        # each clause with the marks that end it: "Yumzy or Grubba?" is still a question
        ends = _SPACE_CLAUSE_END if _SPACED_CLAUSES.search(text) else _CLAUSE_END
        clauses: list[tuple[str, bool | None]] = []  # (clause, about the subject; None: nobody)
        start = 0
        for end in [*ends.finditer(text), None]:
            clause = text[start : end.start() if end is not None else len(text)]
            folded = _with_hashtag_words(clause, fold(clause))
            if subject.matches(folded):
                named: bool | None = True
            elif any(s.matches(folded) for s in others):
                named = False
            else:
                named = None
            clauses.append((clause + (end.group() if end is not None else ""), named))
            if end is None:
                break
            start = end.end()
        # a clause naming nobody goes on about whoever was named last, and those before any
        # name lead up to the first ("Caída de sistemas en Globex Air" is about Globex)
        about = next((named for _, named in clauses if named is not None), True)
        kept = []
        for clause, named in clauses:
            if named is not None:
                about = named
            if about:
                kept.append(clause)
        return " ".join(kept) if kept else text

    def all_terms_pattern(self) -> list[re.Pattern[str]]:
        return [s.include for s in self.subjects if s.include is not None]
