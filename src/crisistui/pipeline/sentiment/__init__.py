"""Sentiment per language: one analyser for each language, chosen by the mention's language.

English is scored by VADER; every language with a shipped lexicon by the lexicon analyser;
text without letters by its emoji alone. A language with no analyser is *unscored*: its
mentions are counted in volume and marked, never passed off as neutral. Each language's data
is read on its first mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from crisistui.config.sentiment import SentimentConfig
from crisistui.domain.hanzi import variants
from crisistui.domain.models import Sentiment
from crisistui.domain.text import HASHTAG, MAX_JOINED_WORDS, MAX_SCORED_CHARS, hashtag_split
from crisistui.pipeline.language import (
    ENGLISH_WORDS,
    READ_ANOTHER_BELOW,
    LanguageGuess,
    as_read,
    readings,
)
from crisistui.pipeline.sentiment.again import greeted_again, recurring
from crisistui.pipeline.sentiment.analyser import Analyser, compound
from crisistui.pipeline.sentiment.appointments import seen_late
from crisistui.pipeline.sentiment.asking import asks_the_crowd
from crisistui.pipeline.sentiment.care import care_reply
from crisistui.pipeline.sentiment.down import asks_if_down
from crisistui.pipeline.sentiment.emoji import emoji_table
from crisistui.pipeline.sentiment.greetings import without_greeting
from crisistui.pipeline.sentiment.learned import LearnedAnalyser
from crisistui.pipeline.sentiment.lexicon import english_words, load, shipped_languages
from crisistui.pipeline.sentiment.lexicon_analyser import LexiconAnalyser
from crisistui.pipeline.sentiment.notices import figure_report, reports
from crisistui.pipeline.sentiment.prices import price_outrage
from crisistui.pipeline.sentiment.promotions import gives_away, promotes
from crisistui.pipeline.sentiment.ratings import low_rating
from crisistui.pipeline.sentiment.relief import RELIEF, feared
from crisistui.pipeline.sentiment.stuck import kept_waiting, lasting, stuck
from crisistui.pipeline.sentiment.thanks import thanked_for, thanks_for_help_asked
from crisistui.pipeline.sentiment.thresholds import CALIBRATED, FALLBACK
from crisistui.pipeline.sentiment.vader import VaderAnalyser
from crisistui.pipeline.terms import WORD_GAP, term_words

__all__ = ["Analyser", "Scored", "SentimentScorer", "label", "score_text"]


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    label: Sentiment


UNSCORED = Scored(0.0, Sentiment.UNSCORED)


class EmojiAnalyser:
    """For text with no letters to tell its language: "😡😡" is still angry."""

    name = "emoji"

    def score(self, text: str) -> float:
        return compound(emoji_table().valence(text))


def label(score: float, positive: float, negative: float) -> Sentiment:
    """Label a compound score by the thresholds of its language."""
    if score >= positive:
        return Sentiment.POSITIVE
    if score <= negative:
        return Sentiment.NEGATIVE
    return Sentiment.NEUTRAL


class SentimentScorer:
    """Chooses and keeps one analyser per language, as `[sentiment]` says."""

    def __init__(self, config: SentimentConfig | None = None, names: Iterable[str] = ()) -> None:
        """``names``: the brand's and competitors' terms, left out of what is scored ("Good
        Eats" is a name, not praise; 好市多 holds 好)."""
        self.config = config or SentimentConfig()
        names = list(names)
        self._names = _names_pattern(names)
        self._joined_names = frozenset(
            joined for n in names if (joined := "".join(n.casefold().lstrip("#@").split()))
        )
        self._analysers: dict[str | None, Analyser | None] = {}
        self._thresholds: dict[str | None, tuple[float, float]] = {}

    def without_names(self, text: str) -> str:
        """``text`` with the brand's and competitors' names blanked: a name tells neither
        sentiment nor language ("Northwind Coffee tệ" is Vietnamese, not Welsh). A name run
        into a hashtag's other words goes too ('#GiaoNhanhĐầuĐộc' read apart is "Giao Nhanh
        Đầu Độc", and "giao nhanh" is "fast delivery": praise)."""
        if self._names is None:
            return text
        text = self._names.sub(" ", text)
        if "#" in text:
            text = HASHTAG.sub(self._hashtag_without_names, text)
        return text

    def _hashtag_without_names(self, found: re.Match[str]) -> str:
        tag = found.group(1)
        words = hashtag_split(tag).split()
        if len(words) < 2 or len(words) > MAX_JOINED_WORDS:
            return found.group()
        for size in range(len(words), 0, -1):  # the longest name first
            for start in range(len(words) - size + 1):
                if "".join(words[start : start + size]).casefold() in self._joined_names:
                    rest = words[:start] + words[start + size :]
                    return "#" + "_".join(rest) if rest else " "
        return found.group()

    def choice(self, lang: str | None) -> str:
        """The analyser's name for ``lang``, or "unscored"."""
        if lang is None:
            return EmojiAnalyser.name
        wanted = self._wanted(lang)
        if wanted == "off":
            return "unscored"
        readable = lang == "en" or lang in shipped_languages()
        own = self.config.languages.get(lang)
        if wanted == "learned" and (readable or (own is not None and own.analyser == "learned")):
            # everywhere the lexicon reads, or where a team asked for it by name
            return LearnedAnalyser.name
        if wanted == "vader" or (wanted == "auto" and lang == "en"):
            return VaderAnalyser.name
        if lang in shipped_languages():
            return LexiconAnalyser.name
        return "unscored"

    def _switched_off(self, lang: str | None) -> bool:
        """Whether `[sentiment]` says ``lang`` is never scored (``analyser = "off"``)."""
        return lang is not None and self._wanted(lang) == "off"

    def _wanted(self, lang: str) -> str:
        setting = self.config.languages.get(lang)
        if setting is not None and setting.analyser != "auto":
            return setting.analyser
        return self.config.analyser

    def _base(self, lang: str) -> Analyser:
        """What the learned scorer combines with: VADER for English, else the lexicon (or,
        without one, emoji alone)."""
        if lang == "en":
            return VaderAnalyser()
        if lang in shipped_languages():
            return LexiconAnalyser(load(lang), english=english_words())
        return EmojiAnalyser()

    def analyser(self, lang: str | None) -> Analyser | None:
        """The analyser for ``lang`` (built on first use), or None: unscored."""
        if lang in self._analysers:
            return self._analysers[lang]
        name = self.choice(lang)
        built: Analyser | None = None
        if name == VaderAnalyser.name:
            built = VaderAnalyser()
        elif name == LexiconAnalyser.name and lang is not None:
            lexicon = load(lang)
            built = LexiconAnalyser(lexicon, english=english_words())
        elif name == EmojiAnalyser.name:
            built = EmojiAnalyser()
        elif name == LearnedAnalyser.name and lang is not None:
            built = LearnedAnalyser(self._base(lang))
        self._analysers[lang] = built
        return built

    def reads(self, lang: str | None) -> bool:
        """Whether an analyser scores ``lang`` (built now if it was not yet)."""
        return self.analyser(lang) is not None

    def score_guess(
        self,
        text: str,
        guess: LanguageGuess,
        about: str | None = None,
        *,
        about_unnamed: str | None = None,
    ) -> Scored:
        """``score`` of ``about`` (default ``text``) in the guessed language. A language
        nothing here reads is read by its close relative, and an unsure guess of one in the
        likeliest language something does (``language.readings``); a reading counts when it
        finds sentiment, or when its language is about as likely as the guess: short posts
        taken for a look-alike ("Toller Flug" for Danish) are not left out of every share,
        and a post nothing reads stays unscored, never neutral; so does one in a language
        switched off. ``about_unnamed``: ``without_names(about)``,
        when the caller has it already."""
        about = text if about is None else about
        if about_unnamed is not None:
            scored = self.score(about_unnamed, guess.code, unnamed=True)
        else:
            scored = self.score(about, guess.code)
        if scored.label is Sentiment.UNSCORED and not self._switched_off(guess.code):
            for reading in readings(text, guess, self.reads):
                read = self.score(as_read(guess.code, reading.lang, about), reading.lang)
                if read.label is not Sentiment.NEUTRAL or reading.near_tie:
                    return read
            if guess.confidence < READ_ANOTHER_BELOW and self.reads("en"):
                unnamed = about_unnamed if about_unnamed is not None else self.without_names(about)
                if few_english_words(unnamed):  # "Acme Air ok" was Ganda at 3 %
                    read = self.score(unnamed, "en", unnamed=True)
                    if read.label is not Sentiment.NEUTRAL:
                        return read
        return scored

    def thresholds(self, lang: str | None) -> tuple[float, float]:
        """(positive, negative) for ``lang``: its own setting, else `[sentiment]`'s, else the
        calibrated default."""
        if lang in self._thresholds:
            return self._thresholds[lang]
        default_pos, default_neg = CALIBRATED.get(lang or "", FALLBACK)
        positive = self.config.positive if self.config.positive is not None else default_pos
        negative = self.config.negative if self.config.negative is not None else default_neg
        if (own := self.config.languages.get(lang or "")) is not None:
            positive = own.positive if own.positive is not None else positive
            negative = own.negative if own.negative is not None else negative
        self._thresholds[lang] = (positive, negative)
        return positive, negative

    def score(self, text: str, lang: str | None, *, unnamed: bool = False) -> Scored:
        """The compound score and label of ``text`` written in ``lang``. ``unnamed``: its
        names were blanked already."""
        analyser = self.analyser(lang)
        if analyser is None:
            return UNSCORED
        if not unnamed:
            text = self.without_names(text)
        text = without_greeting(text)  # "Buenas tardes @Movistar_ES, …": courtesy, no praise
        rated = low_rating(text)
        if rated is not None:
            text = rated[0]  # "⭐⭐ Sound is fine but…": a low rating's stars are no praise
        if isinstance(analyser, LearnedAnalyser):  # a classifier: it chooses the label itself
            return Scored(*analyser.classify(text))
        if not ironic(text):
            value = analyser.score(text)
        else:
            if isinstance(analyser, LexiconAnalyser):
                value = analyser.score(text, ironic=True)
            else:
                value = analyser.score(text)
            value = -value if value > 0 else value
        # the rules below read what the analysers read: a 50 MB post costs them nothing more
        head = text[:MAX_SCORED_CHARS]
        if value > 0 and (promotes(head) or gives_away(head)):
            value = 0.0  # "BIG SALE 🔥 up to 60% off", "GIVEAWAY 🎁": a pitch, no one's praise
        if value >= 0 and (rest := thanks_for_help_asked(head)) is not None:
            value = analyser.score(rest)  # "…¿una solución, por favor? Gracias."
            if value <= 0 and lasting(rest):  # "llevo 10 días sin fibra … por favor? Gracias."
                value = min(value, -STUCK)
        if value > 0 and self._thanks_for_failure(analyser, head):
            value = -value  # "Gracias por dejarme sin internet, sois los mejores 👍"
        elif value > 0 and (rest := greeted_again(head)) is not None and analyser.score(rest) <= 0:
            value = -value  # "Great, another outage right before my deadline"
        if value < 0 and (rest := feared(head)) is not None:
            value = analyser.score(rest)  # "Thought it'd be a nightmare, 10 minutes": relief
            value = max(value, RELIEF) if value >= 0 else value
        if value < 0 and (rest := asks_if_down(head)) is not None and analyser.score(rest) >= 0:
            value = 0.0  # "¿Se cayó WhatsApp o solo me pasa a mí?": asked, as in English
        nobodys = value != 0 and (
            reports(head, lang)
            or care_reply(head)
            or asks_the_crowd(head)
            or self._figure(analyser, head, lang)
        )  # "Grève SNCF : trafic perturbé", "Sorry, DM us", "¿Alguien sabe si…?"
        if nobodys:
            value = 0.0
        if rated is not None and rated[1]:
            value = min(value, -STUCK)  # "1⭐ …", "1 sao. …", "一星差评": rated a failure
        positive, negative = self.thresholds(lang)
        if (
            not nobodys
            and negative < value < positive
            and (
                stuck(head)
                or kept_waiting(head)
                or recurring(head)
                or price_outrage(head)
                or seen_late(head)
            )
        ):
            value = min(value, -STUCK)  # "«en tránsito» desde el día 2", "3rd time this month"
        return Scored(value, label(value, positive, negative))

    @staticmethod
    def _figure(analyser: Analyser, text: str, lang: str | None) -> bool:
        """Whether ``text`` reports a figure's move and judges nothing outside its clauses."""
        rest = figure_report(text, lang)
        return rest is not None and (not rest.strip() or analyser.score(rest) == 0)

    @staticmethod
    def _thanks_for_failure(analyser: Analyser, text: str) -> bool:
        """Whether ``text`` thanks for what reads as a complaint on its own (``thanked_for``)."""
        thing = thanked_for(text)
        return thing is not None and analyser.score(thing) <= -THANKED_FOR_FAILURE


STUCK = 0.3
THANKED_FOR_FAILURE = 0.05
"""How far below nothing what a post thanks for must read for its praise to be sarcasm."""
"""The complaint read in a status quoted with how long it has held (``stuck``)."""

SHORT_ENGLISH_WORDS = 3
"""Words at most in a post read as English when each is one VADER knows."""
_ASCII_WORD = re.compile(r"[a-z']+")


def few_english_words(text: str) -> bool:
    """A short post (``SHORT_ENGLISH_WORDS`` words at most, the names left out) whose every
    word is in VADER's English lexicon or among English's everyday words ("ok", "love it",
    "worst ever"): py3langid has too little to go on and guesses a far-off language at a few
    per cent, which nothing reads."""
    if not text.isascii():
        return False
    words = _ASCII_WORD.findall(text.lower())
    if not 0 < len(words) <= SHORT_ENGLISH_WORDS:
        return False
    from crisistui.pipeline.sentiment.vader import english_vader

    known = english_vader().lexicon
    return all(word in known or word in ENGLISH_WORDS for word in words)


IRONY_MARKS = frozenset("🙃🙄😒🤡")
"""Faces that turn praise around: "thanks for the double charge, great service 🙃", "siete
fantastici 🙄". Alone they are mildly negative (the emoji table); with words of praise they
mean the opposite of the words, in every language."""
_IRONY_TAG = re.compile(r"(?:^|\s)/s(?:$|\s)")
"""The "/s" that marks a sarcastic post."""
_IRONY_WORD = re.compile(r"[(（]棒読?み?[)）]|[(（\[【]狗头[)）\]】]")
"""Japanese "(棒)" (read flat: the words are not meant) and Chinese "[狗头]" (the dog's head
that says "only joking"), written after praise that is sarcasm."""


_TAKEN_BACK = ("(not)", "(nope)", "(нет)", "(не)")
"""Praise taken back after it is said: "great system (not)", "вы лучшие (нет)"."""


def ironic(text: str) -> bool:
    """Whether ``text`` marks itself as meaning the opposite of its words."""
    taken_back = "(" in text and any(mark in text.casefold() for mark in _TAKEN_BACK)
    if text.isascii():
        return taken_back or ("/s" in text and _IRONY_TAG.search(text) is not None)
    return (
        taken_back
        or not IRONY_MARKS.isdisjoint(text)
        or ("/s" in text and _IRONY_TAG.search(text) is not None)
        or (("棒" in text or "狗头" in text) and _IRONY_WORD.search(text) is not None)
    )


_LATIN = "0-9A-Za-z\u00c0-\u024f"
"""Letters and digits of Latin script: a name written in it is a whole word ("ANA" is not in
"semana"); one in Han is found wherever it is written (好市多 inside 抵制好市多)."""


def _names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Each name as written, and in traditional and in simplified Chinese characters."""
    spelled = {form for n in names if term_words(n) for form in variants(" ".join(n.split()))}
    words = sorted(spelled, key=len, reverse=True)
    if not words:
        return None
    alternatives = []
    for word in words:
        body = WORD_GAP.join(map(re.escape, term_words(word)))
        before = f"(?<![{_LATIN}])" if re.match(f"[{_LATIN}]", word) else ""
        after = f"(?![{_LATIN}])" if re.match(f"[{_LATIN}]", word[-1]) else ""
        alternatives.append(before + body + after)
    # a look at the next character first: most positions start no name, and trying every
    # alternative's look-behind at each of them took three times as long
    starts = "".join(sorted({re.escape(word[0]) for word in words}))
    return re.compile(f"(?=[{starts}])(?:{'|'.join(alternatives)})", re.I)


_DEFAULT: SentimentScorer | None = None


def score_text(text: str, lang: str | None) -> float | None:
    """The compound score of ``text`` with the default settings, None when unscored."""
    global _DEFAULT
    _DEFAULT = _DEFAULT or SentimentScorer()
    scored = _DEFAULT.score(text, lang)
    return None if scored.label is Sentiment.UNSCORED else scored.score
