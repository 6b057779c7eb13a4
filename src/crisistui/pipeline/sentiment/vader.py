"""English: VADER, the lexicon and rules built for social media text.

``compound`` is VADER's own compound score (vaderSentiment 3.3.2's ``polarity_scores``),
computed step for step as the library does, in the same order and with the same arithmetic,
so every score is the library's to the last bit (tests compare the two on every labelled post
and on generated text). What is left out costs time and changes nothing the pipeline reads:
lower-casing each word again for every rule that looks at it, the positive, negative and
neutral shares (only the compound is kept), and the character-by-character rewriting of texts
that hold no emoji. English is most of a brand's traffic, so this is most of the pipeline.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Mapping
from functools import cache

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

from crisistui.domain.text import MAX_SCORED_CHARS
from crisistui.pipeline.sentiment.analyser import (
    WHY_VALENCE,
    compound,
    total_of,
    without_quotes,
)
from crisistui.pipeline.sentiment.emoji import EmojiTable, emoji_table
from crisistui.pipeline.sentiment.english import (
    english_extras,
    hashtags_read,
    negated_before,
    unstretched,
)
from crisistui.pipeline.sentiment.handles import without_handles

_NEGATE = frozenset(NEGATE)
_BOOSTERS = frozenset(BOOSTER_DICT)
_PUNCTUATION = string.punctuation
_ALPHA = 15


@cache
def analyzer() -> SentimentIntensityAnalyzer:
    """The one VADER instance (its lexicon load takes about 0.1 s)."""
    return SentimentIntensityAnalyzer()


def _negated(word: str) -> bool:
    """VADER's ``negated([word])``."""
    word = word.lower()
    return word in _NEGATE or "n't" in word


def _scalar_inc_dec(word: str, valence: float, is_cap_diff: bool) -> float:
    scalar = 0.0
    word_lower = word.lower()
    if word_lower in BOOSTER_DICT:
        scalar = BOOSTER_DICT[word_lower]
        if valence < 0:
            scalar *= -1
        if word.isupper() and is_cap_diff:
            if valence > 0:
                scalar += C_INCR
            else:
                scalar -= C_INCR
    return scalar


def _negation_check(valence: float, lower: list[str], start_i: int, i: int) -> float:
    if start_i == 0 and _negated(lower[i - (start_i + 1)]):
        valence = valence * N_SCALAR
    if start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _negated(lower[i - (start_i + 1)]):
            valence = valence * N_SCALAR
    if start_i == 2:
        if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) or (
            lower[i - 1] == "so" or lower[i - 1] == "this"
        ):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _negated(lower[i - (start_i + 1)]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence: float, lower: list[str], i: int) -> float:
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _least_check(valence: float, lexicon: dict[str, float], lower: list[str], i: int) -> float:
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


def _but_check(lower: list[str], sentiments: list[float]) -> list[float]:
    """VADER's contrast rule as the library applies it (it finds each score by value, so
    equal scores are weighed at the first one's place: kept, since the scores are VADER's)."""
    if "but" in lower:
        bi = lower.index("but")
        for sentiment in sentiments:
            si = sentiments.index(sentiment)
            if si < bi:
                sentiments.pop(si)
                sentiments.insert(si, sentiment * 0.5)
            elif si > bi:
                sentiments.pop(si)
                sentiments.insert(si, sentiment * 1.5)
    return sentiments


def _strip_punc_if_word(token: str) -> str:
    stripped = token.strip(_PUNCTUATION)
    if len(stripped) <= 2:
        return token
    return stripped


_PRESENTATION = {0xFE0E: None, 0xFE0F: None, 0x200D: " "}
"""Variation selectors are dropped: "❤️" is "❤" with U+FE0F, and the library, which puts an
emoji's name in its place, left the selector on the name ("red heart\ufe0f"), a word no
lexicon holds, so the most posted emoji read as nothing. The zero-width joiner of emoji
sequences (👨‍👩‍👧, ❤️‍🔥) separates their names."""


def as_presented(text: str) -> str:
    """``text`` as VADER is given it: without variation selectors, joiners as spaces."""
    return text.translate(_PRESENTATION)


EMOJI_READ_AS = {"🔥": "", "😭": "", "🥺": ""}
"""Emoji whose VADER name misleads in posts, left to the emoji table every language reads
(``emoji.toml``): 🔥 is named "fire" (-1.4), but is posted as praise ("this update is 🔥🔥",
"WHAT A GOAL 🔥"), which the table scores it as (+1.5); its name cancelled that out or worse.
😭 ("loudly crying face") and 🥺 are tears of joy beside praise (``emoji.TEARS``)."""


class Vader:
    """VADER's compound score, as ``SentimentIntensityAnalyzer.polarity_scores`` gives it,
    but for the emoji written with a variation selector (``_PRESENTATION``) and those it names
    misleadingly (``EMOJI_READ_AS``)."""

    def __init__(
        self, library: SentimentIntensityAnalyzer, more: Mapping[str, float] | None = None
    ) -> None:
        self.lexicon: dict[str, float] = {**library.lexicon, **more} if more else library.lexicon
        self.emojis: dict[str, str] = {**library.emojis, **EMOJI_READ_AS}
        self._single_emoji = frozenset(k for k in self.emojis if len(k) == 1)
        """The library replaces emoji character by character: only single characters can be
        found that way."""

    def _without_emoji(self, text: str) -> str:
        if text.isascii():
            return text
        text = as_presented(text)
        if self._single_emoji.isdisjoint(text):
            return text
        parts: list[str] = []
        prev_space = True
        for char in text:
            if char in self.emojis:
                if not prev_space:
                    parts.append(" ")
                parts.append(self.emojis[char])
                prev_space = False
            else:
                parts.append(char)
                prev_space = char == " "
        return "".join(parts)

    def compound(self, text: str) -> float:
        text = self._without_emoji(text).strip()
        words = [_strip_punc_if_word(token) for token in text.split()]
        allcaps = sum(1 for word in words if word.isupper())
        is_cap_diff = 0 < len(words) - allcaps < len(words)
        lower = [word.lower() for word in words]
        lexicon = self.lexicon
        sentiments: list[float] = []
        count = len(words)
        for i, item in enumerate(words):
            item_lowercase = lower[i]
            if item_lowercase in BOOSTER_DICT and not (
                item_lowercase in lexicon and (i == count - 1 or lower[i + 1] not in lexicon)
            ):  # a booster the added words also score is praise unless it boosts a word:
                sentiments.append(0)  # "the film was incredible", "incredible service"
                continue
            if i < count - 1 and item_lowercase == "kind" and lower[i + 1] == "of":
                sentiments.append(0)
                continue
            valence: float = 0
            if item_lowercase in lexicon:
                valence = lexicon[item_lowercase]
                if item_lowercase == "no" and i != count - 1 and lower[i + 1] in lexicon:
                    valence = 0.0
                if (
                    (i > 0 and lower[i - 1] == "no")
                    or (i > 1 and lower[i - 2] == "no")
                    or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
                ):
                    valence = lexicon[item_lowercase] * N_SCALAR
                if item.isupper() and is_cap_diff:
                    if valence > 0:
                        valence += C_INCR
                    else:
                        valence -= C_INCR
                for start_i in range(0, 3):
                    if i > start_i and lower[i - (start_i + 1)] not in lexicon:
                        s = _scalar_inc_dec(words[i - (start_i + 1)], valence, is_cap_diff)
                        if start_i == 1 and s != 0:
                            s = s * 0.95
                        if start_i == 2 and s != 0:
                            s = s * 0.9
                        valence = valence + s
                        valence = _negation_check(valence, lower, start_i, i)
                        if start_i == 2:
                            valence = _special_idioms_check(valence, lower, i)
                valence = _least_check(valence, lexicon, lower, i)
            sentiments.append(valence)
        sentiments = _but_check(lower, sentiments)
        if not sentiments:
            return 0.0
        sum_s = float(sum(sentiments))
        punct_emph_amplifier = _punctuation_emphasis(text)
        if sum_s > 0:
            sum_s += punct_emph_amplifier
        elif sum_s < 0:
            sum_s -= punct_emph_amplifier
        return round(_normalize(sum_s), 4)


def _punctuation_emphasis(text: str) -> float:
    ep_count = text.count("!")
    if ep_count > 4:
        ep_count = 4
    ep_amplifier = ep_count * 0.292
    qm_count = text.count("?")
    qm_amplifier: float = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    return ep_amplifier + qm_amplifier


def _normalize(score: float, alpha: float = _ALPHA) -> float:
    norm_score = score / math.sqrt((score * score) + alpha)
    if norm_score < -1.0:
        return -1.0
    if norm_score > 1.0:
        return 1.0
    return norm_score


@cache
def vader() -> Vader:
    """The one fast VADER, over the library's lexicons."""
    return Vader(analyzer())


@cache
def english_vader() -> Vader:
    """VADER over its lexicon and the words it lacks (``english.toml``), for English."""
    return Vader(analyzer(), english_extras().words)


class VaderAnalyser:
    """VADER's compound score of the first ``MAX_SCORED_CHARS`` characters (its cost grows
    faster than linearly with emoji-heavy text), with the valence of the emoji VADER reads
    nothing in added, as every other language's analyser adds it: VADER reads an emoji by
    its English name, and "pouting face" (😡) or "thumbs down" (👎) hold no word it scores."""

    name = "vader"

    def __init__(self) -> None:
        self._compound = english_vader().compound
        self._lexicon = english_vader().lexicon
        self._unread = unread_emoji()
        self._extras = english_extras()

    def _accusation(self, question: re.Match[str]) -> str:
        """A question asked negatively ("isn't this a scam?", "aren't you ashamed?") without
        its negator, when a complaint follows within VADER's reach: it accuses rather than
        denies, and VADER read it as praise. A why-question's negation is meant ("why isn't it
        fixed?"), and one that opens with "not" or "nothing" asks nothing back ("not bad for
        a budget airline?")."""
        said = question.group()
        if "why" in said.lower():
            return said
        words = said.split(" ")
        first = next((i for i, word in enumerate(words) if word.strip()), None)
        if first is None or not _ASKING_NEGATIVELY.fullmatch(words[first].strip().lower()):
            return said  # "Not bad for a budget airline?" asks nothing back
        lexicon = self._lexicon
        if not any(
            lexicon.get(after.strip(_PUNCTUATION).lower(), 0.0) < 0
            for after in words[first + 1 : first + 4]
        ):
            return said
        return " ".join(words[:first] + words[first + 1 :])

    def _unless_praise(self, question: re.Match[str]) -> str:
        """A question asked once in a post that says more, left out when it only praises:
        praise asked about is no praise ("Which bank is best? Looking at Monzo")."""
        asked = question.group()
        if "why" in asked.lower() or self._compound(asked) <= 0:
            return asked
        if any(self._lexicon.get(w.strip(_PUNCTUATION).lower(), 0.0) < 0 for w in asked.split()):
            return asked
        return " "

    def score(self, text: str) -> float:
        text = without_handles(text[:MAX_SCORED_CHARS])
        text = unstretched(hashtags_read(without_quotes(text)), self._lexicon, _BOOSTERS)
        text, said = self._extras.said_otherwise(text)
        lowered = text.lower()
        if (
            "interest" in lowered
            or "share" in lowered
            or "credit" in lowered
            or ("support" in lowered)
        ):
            text = _NAMES_OF_THINGS.sub(" ", text)
            lowered = text.lower()
        if "like" in lowered:
            text = _LIKE_AS_FILLER.sub(_without_like, text)
            lowered = text.lower()
        asked_once = False
        if "?" in text:
            text = _ACCUSING.sub(self._accusation, text)
            asked_once = _ASKED_ONCE.fullmatch(text) is not None and "why" not in lowered
            if not asked_once:  # "Which bank is best for students? Looking at Monzo"
                text = _QUESTION.sub(self._unless_praise, text)
        value = float(self._compound(_sentences_sealed(text)))
        if asked_once:  # "which is better?", "is it worth it?": praise asked about
            value, said = min(value, 0.0), min(said, 0.0)
        extra = self._unread.valence(text, beside=value + said) + service_valence(lowered) + said
        if value >= 0 and extra >= 0 and "why" in lowered and _ASKS_WHY.search(lowered):
            extra += WHY_VALENCE  # "why does my bank app log me out every 30 seconds??"
        return compound(total_of(value) + extra) if extra else value


_ASKED_ONCE = re.compile(r"[^.!?\n]*[^.!?\s]\s*\?\s*", re.DOTALL)
"""A post that is one question asked once ("which is better?", not "best ever??" or "Great
service. Any tips?"): its words of praise praise nothing, as in every other language."""
_QUESTION = re.compile(r"[^.!?\n]*[^.!?\s](?<![?!])\?(?![?!])")
"""A sentence that asks once: to a single "?", not "??" or "?!"."""
_ASKING_NEGATIVELY = re.compile(
    r"(?:is|are|was|were|do|does|did|can|could|wo|would|should|has|have|had|ai)n[’']?t"
)
"""A question's first word that asks expecting yes ("isn't this a scam?", "don't you hate
it when…?"): its negation is the question's, not a denial."""
_ACCUSING = re.compile(r"[^.!?,;:\n]*(?:[,;:](?:\s|@\w+)*)?\?+")
"""A question's last clause, to its last "?" ("Not bad at all, any tips?" asks only
"any tips?"), with a handle or a name left out after it ("Isn't this a scam, @AcmeAir?")."""
_ASKS_WHY = re.compile(r"\bwhy\b[^.!?]*\?")
"""A sentence asking why: a complaint even in words VADER scores nothing in, as in every
language (``WHY_VALENCE``)."""


_SEAL = "zzsentenceendzz"
"""A word VADER reads nothing in: three of them after a sentence's (or a clause's) end keep a
negation within it (VADER looks three words back)."""
_ENDS = (".", "!", "?", ",", ";", ":")
"""Where a sentence or a clause ends."""


def _sentences_sealed(text: str) -> str:
    """``text`` with a negation near a sentence's or a clause's end kept out of the next
    one: VADER looks three words back across a full stop or a comma, so "… not from them.
    Shameful.", "Not again. Worst airline ever." and "refund still not processed, awful" read
    as praise. Only sentences and clauses whose last three words hold a negation are sealed;
    every other text is VADER's as it is."""
    tokens = text.split()
    if len(tokens) < 2 or not any(t.endswith(_ENDS) for t in tokens[:-1]):
        return text
    lower = [_strip_punc_if_word(t).lower() for t in tokens]
    seal = _SEAL.upper() if all(_strip_punc_if_word(t).isupper() for t in tokens) else _SEAL
    out: list[str] = []
    for i, token in enumerate(tokens):
        out.append(token)
        if (
            i < len(tokens) - 1
            and token.endswith(_ENDS)
            and any(_negated(w) or w == "no" for w in lower[max(0, i - 2) : i + 1])
        ):
            out += [seal] * 3
    return " ".join(out)


_LIKE_AS_FILLER = re.compile(
    r"\b(?P<before>(?:looks?|looked|looking|seems?|seemed|feels?|felt|sounds?|sounded|"
    r"something|anything|nothing|stuff|just|in|for|about|at|is|was|it's|are|were|be|been|"
    r"more|exactly|literally|or)\s+)like\b|\blike(?=\s+(?:\d|literally|totally|an? hour))",
    re.IGNORECASE,
)
""""like" that compares or fills ("looks like rain", "drains in like 4 hrs", "it was like
an hour"), where VADER reads liking (2.0) and makes a complaint neutral or praise. "I like
it", "really like" are untouched."""


def _without_like(found: re.Match[str]) -> str:
    return (found["before"] or "") + "~"


_NAMES_OF_THINGS = re.compile(
    r"\b(?:interest[- ]rates?|share[- ]prices?|market[- ]share|shares? (?:rose|fell|closed|"
    r"opened|dropped|jumped|slid|gained|traded|are up|are down|were up|were down)|"
    r"credit[- ]cards?|(?:customer|tech|technical|it) support|support (?:team|agents?|staff|"
    r"tickets?|chat|line|desk|hours))\b",
    re.IGNORECASE,
)
"""Words VADER's lexicon holds as feelings that name a thing in market news: "interest" (2.0)
in "interest rates", "share" (1.2) in "share price" or "shares closed at $162", "credit"
(1.6) in "credit card", "support" (1.7) in "customer support" or "support team". Read as
praise, every rates decision was good news and "customer support never answers" a thanks.
They are left out of what VADER reads."""


SERVICE_WORDS: dict[str, float] = {
    "disgraceful": -2.6, "unforgivable": -2.6, "stole": -2.2, "scammed": -2.6,
    "scammers": -2.6, "ripoff": -2.4, "rip-off": -2.4, "overcharged": -2.0,
    "overcharge": -2.0, "corrupt": -2.4, "nightmare": -2.5, "ghosted": -1.5,
    "trash": -2.0, "garbage": -2.0, "clowns": -1.8, "overpriced": -1.8, "rubbish": -2.0,
    "shambles": -2.4, "shambolic": -2.4, "unusable": -2.2, "shrinkflation": -1.8,
    "down again": -1.8, "is a joke": -3.4, "was a joke": -3.4, "what a joke": -3.4,
    "such a joke": -3.4, "absolute joke": -3.4, "is mid": -1.6, "so mid": -1.6,
    "kinda mid": -1.6, "pretty mid": -1.6, "mid af": -1.6,
    "for no reason": -1.5, "snail's pace": -1.8, "nobody cares": -3.0, "no one cares": -3.0,
    "nobody listens": -2.4, "no one listens": -2.4, "nobody answers": -2.4,
    "never again": -2.0, "want a refund": -1.5, "want my money back": -2.0,
    "done with you": -1.8, "done with them": -1.8, "so done with": -1.8, "i'm done with": -1.6,
    "im done with": -1.6,
    "decent": 1.2, "legend": 1.8, "shoutout": 1.5, "shout out": 1.5, "seamless": 1.8,
}  # fmt: skip
"""Words that judge a service which VADER's lexicon lacks ("every ATM is out of service,
disgraceful", "a nightmare", "scammed", "overpriced", "the menu is mid", "never again", "I'm
done with them", "decent signal",
"shoutout to the pharmacist"), or holds the other way ("joke" is 1.2: "support is a joke";
"cares" is praise, and VADER does not read "nobody" as a negation: "nobody cares"),
on its scale, added to its score as the emoji it cannot read are; one after a negation ("not
a nightmare") counts nothing. Words that only name an event (outage, breach, crashed,
stranded, slow) are not here: news states them calmly ("Globex Air outage; Acme Air
unaffected"), and the trigger terms read them."""
_SERVICE_WORD = re.compile(
    r"(?<![\w-])("
    + "|".join(sorted(map(re.escape, SERVICE_WORDS), key=len, reverse=True))
    + r")(?![\w-])"
)


def service_valence(lowered: str) -> float:
    """The valence of ``SERVICE_WORDS`` in a lower-cased text."""
    total = 0.0
    for found in _SERVICE_WORD.finditer(lowered):
        if not negated_before(lowered, found.start()):
            total += SERVICE_WORDS[found[1]]
    return total


@cache
def unread_emoji() -> EmojiTable:
    """The emoji of the shipped table whose names VADER finds no sentiment in."""
    table, compound_of = emoji_table(), vader().compound
    return EmojiTable.build({e: v for e, v in table.emoji.items() if compound_of(e) == 0}, {})
