"""Which language a mention is written in, as an ISO 639-1 code.

The source's own tag wins (Mastodon ``language``, Bluesky ``langs``, a feed's ``xml:lang``, a
JSON ``lang``), unless the text's letters say it is wrong (``tag_contradicted``: a client tags
every post with its user's interface language, "en" on a post in Chinese). Otherwise a script
that belongs to one language decides alone, however short the text: a 13-character Chinese
complaint is a whole sentence. Scripts shared by several languages (Latin, Cyrillic, Arabic)
go to py3langid, restricted to that script's languages, and its best guess is kept with its
confidence rather than thrown away: a wrong guess is visible and can be filtered, a missing
one is silently English.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from crisistui.domain.languages import iso_code
from crisistui.pipeline import arabizi, hinglish, indonesian, tagalog, untoned_vietnamese
from crisistui.pipeline.scripts import Script, dominant_script

if TYPE_CHECKING:
    from crisistui.pipeline.identifier import FastIdentifier

SOURCE_CONFIDENCE = 1.0
GUESS_AT_MOST = 0.999
"""The most sure a guess from the words is said to be: 1.0 is kept for what the source's tag or
the script decides, so the detail view's "certain" says why."""
"""A tag the source gave, or a script only one language uses."""

_SCRIPT_LANGUAGE: dict[Script, str] = {
    Script.HANGUL: "ko",
    Script.KANA: "ja",
    Script.HAN: "zh",
    Script.THAI: "th",
    Script.HEBREW: "he",
    Script.GREEK: "el",
    Script.ARMENIAN: "hy",
    Script.GEORGIAN: "ka",
    Script.BENGALI: "bn",
    Script.GURMUKHI: "pa",
    Script.GUJARATI: "gu",
    Script.TAMIL: "ta",
    Script.TELUGU: "te",
    Script.KANNADA: "kn",
    Script.MALAYALAM: "ml",
    Script.SINHALA: "si",
    Script.KHMER: "km",
    Script.LAO: "lo",
    Script.MYANMAR: "my",
    Script.ETHIOPIC: "am",
    Script.ORIYA: "or",
}
"""Scripts written (in practice, on social media) by one language."""

_SHARED_SCRIPT_LANGUAGES: dict[Script, tuple[str, ...]] = {
    Script.CYRILLIC: ("ru", "uk", "bg", "be", "sr", "mk", "kk", "ky", "mn", "tg", "tt", "ba"),
    Script.ARABIC: ("ar", "fa", "ur", "ps", "ug", "ku", "sd"),
    Script.DEVANAGARI: ("hi", "mr", "ne", "sa"),
}
"""Scripts several languages share: py3langid chooses among these only."""

_PERSIAN_LETTERS = re.compile("[پچژگکی]")
_URDU_LETTERS = re.compile("[ٹڈڑںےھ]")
_UKRAINIAN_LETTERS = re.compile("[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile("[ыэёЫЭЁ]")
"""Letters Russian writes and Ukrainian, Bulgarian, Macedonian and Serbian do not (not ъ:
Bulgarian writes it in nearly every sentence, "Днес връзката пак не работи"). A short Russian
post without them is still taken for Ukrainian or Bulgarian by py3langid now and then."""
_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]+")

_WORD = re.compile(r"[a-z]+")
_NOT_WRITTEN = re.compile(r"(?:https?://|www\.)[!-~]+|@[A-Za-z0-9_.@-]+")
"""Links and @handles: no language's words ("see https://x.example/a" read as Oromo). Both end
where ASCII does: Chinese and Japanese go on without a space ("@tanaka遅延ひどい")."""
# fmt: off
ENGLISH_WORDS = frozenset((
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "from",
    "by", "is", "are", "was", "were", "be", "been", "am", "i", "you", "he", "she", "it", "we",
    "they", "my", "your", "our", "their", "me", "him", "her", "us", "them", "this", "that",
    "these", "those", "not", "no", "do", "does", "did", "have", "has", "had", "will", "would",
    "can", "could", "should", "just", "so", "very", "what", "when", "where", "why", "how",
    "who", "all", "any", "there", "here", "if", "then", "than", "too", "also", "which", "about",
    "after", "before", "again", "into", "now", "today", "only", "some", "being",
    "because", "while", "ever", "never", "every", "really", "please", "thanks", "anyone",
    "know", "got", "get", "up", "out", "its", "his", "one", "two", "more", "great", "good",
    "love", "thank", "going", "gonna", "want", "need", "think", "day", "week", "hours",
    "back", "way", "make", "made", "take", "took", "said", "says", "without", "through",
    "though", "yet", "someone", "something", "nothing", "everything", "time", "amazing",
    "awesome", "worst", "best", "guys", "people", "last", "first", "new", "next", "like",
))
# fmt: on
"""English's everyday function words (and a few of its commonest words): what plain English
is told by, without asking py3langid."""
# fmt: off
_ENGLISH_SHARED = frozenset((
    "a", "no", "me", "he", "do", "so", "an", "am", "on", "i", "we", "in", "is", "was", "will",
    "of", "to", "for", "her", "at", "by", "my", "also",
))
# fmt: on
"""English function words that are everyday words of other languages written in Latin
letters too (Spanish "No me gusta nada", German "Das ist alles was ich will", Dutch "Het is
in orde", Polish "My to wiemy", Norwegian "Det er for kaldt her"): they count toward the
share, but two of the others must be there."""
ENGLISH_MIN_WORDS = 4
ENGLISH_SHARE = 0.3
ENGLISH_CONFIDENCE = 0.9
HINGLISH_CONFIDENCE = 0.6
ARABIZI_CONFIDENCE = 0.6
TAGALOG_CONFIDENCE = 0.6
INDONESIAN_CONFIDENCE = 0.6
UNTONED_VIETNAMESE_CONFIDENCE = 0.6
UNTONED_VIETNAMESE_OVER_ENGLISH = 0.5
"""A confident English guess stands: English writes short words of one syllable too."""
SPANISH_CONFIDENCE = 0.8
SHORT_WORDS = 5
SHORT_UNSURE = 0.2
"""A short ASCII post (``SHORT_WORDS`` words at most) whose best guess is below this, with
English about as likely (half the best guess's probability or more), is English: "no wifi
again" was Kinyarwanda at 11 % (English 7 %), "json item 1 awful" Hungarian at 7 %, and
the wall counted a wave of a language nobody wrote."""
READ_ANOTHER_BELOW = 0.5
"""A guess less sure than this, of a language no analyser reads, is scored as the likeliest
language one does (``readings``)…"""
READ_AS_AT_LEAST = 0.03
"""…when py3langid gives that language at least this: below it the text is no more that
language than any other ("Acme Air ikke super", Norwegian, is Dutch at 1.5 %, and Dutch
does not know "ikke" negates)."""
NEAR_TIE = 0.5
"""A readable language at least half as likely as an unsure guess ("Besok mau ke kantor
cabang": Javanese 43 %, Indonesian 41 %) is as much the text's language: its reading counts
even when it finds no sentiment (``Reading.near_tie``)."""
RANKS_LOOKED_AT = 8
ALWAYS_LOOK_ALIKE = frozenset({"gl"})
"""Guesses read as the likeliest language an analyser reads however sure they are:
py3langid takes Portuguese and Spanish posts for Galician even at 60 % ("Tarifa de saque do
banco é cara demais"), and Galician's words of praise and complaint are theirs."""
SISTER_READS = {"ms": "id", "jv": "id", "su": "id", "lb": "de", "af": "nl", "fy": "nl"}
"""Languages no analyser reads, and the close relative whose lexicon reads them: Malay and
Indonesian are one language in two standards, and Jakarta slang ("muak banget gue") is taken
for Javanese; Luxembourgish, Afrikaans and Frisian posts share most of their words of praise
and complaint with German and Dutch, and py3langid takes short German and Dutch posts for
them. (Not Galician: it takes Spanish and Portuguese posts for it alike.)"""
ONE_LANGUAGE = frozenset({"ms"})
"""Languages whose relative reads them as their own: what the Indonesian lexicon finds no
sentiment in, a Malay post says none in ("Tengah tunggu rider, katanya lagi 10 minit" is
neutral), where a Javanese or Luxembourgish post it finds nothing in may say what it cannot
read. Left unscored, a Malay brand's everyday chatter was half unscored, and a neutral burst
of it (a sponsorship) rose as an unscored surge."""
_FALSE_FRIENDS = {
    "ms": re.compile(r"\b(?:percuma|pusing|bisa|butuh)\b", re.IGNORECASE),
}
"""Words a relative's lexicon reads one way that mean another thing in the language it is
read for: Malay "percuma" is free of charge ("Penghantaran percuma", free delivery), where
Indonesian's means useless; "pusing" turns rather than confuses, "bisa" is venom, "butuh"
vulgar. They are left out of that reading."""


def as_read(code: str | None, other: str | None, text: str) -> str:
    """``text`` of language ``code`` as it is read in ``other``: by a close relative, without
    the words that relative would misread."""
    friends = _FALSE_FRIENDS.get(code or "")
    if friends is None or other != SISTER_READS.get(code or ""):
        return text
    return friends.sub(" ", text)


_SPANISH_MARKS = frozenset("¿¡")
"""Opening question and exclamation marks: Spanish writes them (and Galician now and then),
so "¿Lotus Mart acepta PayPal?" is not Romanian, whatever its few words look like."""
_SPANISH_STANDS_BESIDE = frozenset(("es", "gl", "ca", "en", "fr", "pt", "it", "de", "nl"))
"""Guesses a ¿ or ¡ does not overrule: Spanish's neighbours, and the languages a brand's
posts are written in, where the mark is a flourish ("Acme Air est nul ¡vraiment nul!"); a
short Spanish post's look-alikes (Romanian, Occitan…) are overruled."""


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A language and how sure the guess is (1.0: the source said so, or the script did)."""

    code: str | None
    confidence: float


UNKNOWN = LanguageGuess(None, 0.0)


# fmt: off
_RARELY_POSTED = frozenset((
    "an", "ace", "bcl", "crh", "ext", "fuv", "gcf", "gcr", "gom", "guw", "hbo", "grc", "kab", "kik",
    "la", "lij", "ltg", "nso", "pcm", "vec", "vo", "wa", "eo", "zxx", "qu", "sa",
))
# fmt: on
"""Languages py3langid knows that almost nobody posts in (Aragonese, Volapük, Latin, Nigerian
Pidgin's Wikipedia…): on a short post they are chance look-alikes of Vietnamese typed without
accents or of Hinglish, never the answer."""


@cache
def _identifier() -> Any:
    """py3langid without the rarely posted languages, its tables unpacked once per user."""
    from crisistui.pipeline.identifier import prepared
    from crisistui.pipeline.unpacked import cache_dir

    return prepared(_RARELY_POSTED, cache_dir())


@cache
def _fast() -> FastIdentifier:
    """``_identifier``'s answers, each word of a text walked once per process."""
    from crisistui.pipeline.identifier import FastIdentifier

    return FastIdentifier(_identifier())


LOOK_ALIKES: dict[str, tuple[str, ...]] = {
    "gl": ("pt", "es"),
    "oc": ("es", "fr", "ca", "it"),
    "ca": ("es",),
    "bg": ("ru",),
    "mk": ("ru",),
    "ps": ("fa",),
}
"""Languages posted far less than the widely posted relatives py3langid confuses them with:
its probabilities assume every language is as likely, so a Portuguese complaint is Galician
at 50 % against Portuguese at 49 %, and a Russian one Bulgarian at 35 % against 33 %."""
LOOK_ALIKE_ODDS = 4.0
"""A look-alike is kept only when it is this many times as likely as its relative: real
Galician, Catalan, Bulgarian and Macedonian posts are (99 % against under 1 %; 84 % against
13 %), while the posts of their relatives it takes are near ties."""


def _widely_posted(ranked: list[tuple[str, float]], total: float) -> LanguageGuess:
    """The top of ``ranked``, unless it is a look-alike and a relative is about as likely."""
    lang, probability = ranked[0]
    code = iso_code(str(lang))
    for relative in LOOK_ALIKES.get(code or "", ()):
        other = next((p for other, p in ranked if iso_code(str(other)) == relative), 0.0)
        if other * LOOK_ALIKE_ODDS > probability:
            return LanguageGuess(relative, _sure(other / total))
    return LanguageGuess(code, _sure(probability / total))


def _sure(probability: float) -> float:
    return min(round(float(probability), 3), GUESS_AT_MOST)


def _classify(text: str, languages: tuple[str, ...] | None = None) -> LanguageGuess:
    """py3langid's best guess, among ``languages`` only when given (their probabilities
    renormalised), so Russian is never taken for Mongolian's neighbour in another script;
    a rarely posted look-alike only when it is clearly more likely than its relative."""
    identifier = _fast()
    if languages is None:
        lang, probability = identifier.classify(text)
        if iso_code(str(lang)) not in LOOK_ALIKES:
            return LanguageGuess(iso_code(str(lang)), _sure(probability))
        return _widely_posted(identifier.rank(text), 1.0)
    ranked = [(lang, p) for lang, p in identifier.rank(text) if lang in languages]
    total = sum(p for _, p in ranked)
    if not ranked or total <= 0:
        return LanguageGuess(languages[0], 0.0)
    return _widely_posted(ranked, total)


def _plainly_english(text: str, words: list[str] | None = None) -> bool:
    """Plain ASCII of four words or more, at least a third of them English function words
    and two of those ones other languages do not write, and no Tagalog marker: English
    without asking py3langid, which costs as much as scoring the mention (most of a brand's
    chatter is such English). On the project's labelled posts this decides 236 of the 450
    English ones and one Taglish post written mostly in English; on XLM-T's train split,
    1,516 of 1,839 English tweets, and in its other languages' sets almost only tweets
    py3langid calls English too (seven differ: English naming Hindi film stars, mixed
    German and English, all capitals). ``words``: ``_WORD.findall(text.lower())``, if
    known."""
    if not text.isascii():
        return False
    if words is None:
        words = _WORD.findall(text.lower())
    if len(words) < ENGLISH_MIN_WORDS or ENGLISH_WORDS.isdisjoint(words):
        return False
    if tagalog.marked(words):  # Taglish: "Hindi ko pa natry, review ko after a week."
        return False
    found = [word for word in words if word in ENGLISH_WORDS]
    own = sum(1 for word in found if word not in _ENGLISH_SHARED)
    return own >= 2 and len(found) >= ENGLISH_SHARE * len(words)


def detect(text: str) -> LanguageGuess:
    """The most likely language of ``text`` and the confidence in it."""
    if "@" in text or "http" in text or "www." in text:
        text = _NOT_WRITTEN.sub(" ", text)
    script = dominant_script(text)
    if script is None:
        return UNKNOWN
    if (alone := _SCRIPT_LANGUAGE.get(script)) is not None:
        return LanguageGuess(alone, SOURCE_CONFIDENCE)
    if script is Script.ARABIC:
        if _URDU_LETTERS.search(text):
            return LanguageGuess("ur", 0.9)
        # Urdu writes ٹ ڈ ڑ ں ے ھ in nearly every sentence: without them it is not Urdu
        others = tuple(lang for lang in _SHARED_SCRIPT_LANGUAGES[script] if lang != "ur")
        guess = _classify(text, others)
        if guess.code == "ar" and _PERSIAN_LETTERS.search(text):
            return LanguageGuess("fa", 0.9)
        return guess
    if script is Script.CYRILLIC:
        return _cyrillic(text)
    if script in _SHARED_SCRIPT_LANGUAGES:
        return _classify(text, _SHARED_SCRIPT_LANGUAGES[script])
    words = _WORD.findall(text.lower())
    if hinglish.is_hinglish(text, words):
        return LanguageGuess("hi", HINGLISH_CONFIDENCE)
    if arabizi.is_arabizi(text, words):
        return LanguageGuess("ar", ARABIZI_CONFIDENCE)
    if _plainly_english(text, words):
        return LanguageGuess("en", ENGLISH_CONFIDENCE)
    guess = _classify(text)
    if hinglish.mistaken_for(guess.code, text, words):
        return LanguageGuess("hi", HINGLISH_CONFIDENCE)
    if tagalog.mistaken_for(guess.code, words):
        return LanguageGuess("tl", TAGALOG_CONFIDENCE)
    if indonesian.mistaken_for(guess.code, words):
        return LanguageGuess("id", INDONESIAN_CONFIDENCE)
    if (
        guess.code != "vi"
        and (guess.code != "en" or guess.confidence < UNTONED_VIETNAMESE_OVER_ENGLISH)
        and untoned_vietnamese.reads_as_vietnamese(text)
    ):
        return LanguageGuess("vi", UNTONED_VIETNAMESE_CONFIDENCE)
    if guess.code not in _SPANISH_STANDS_BESIDE and not _SPANISH_MARKS.isdisjoint(text):
        return LanguageGuess("es", SPANISH_CONFIDENCE)
    if guess.code != "en" and guess.confidence < SHORT_UNSURE and len(words) <= SHORT_WORDS:
        return _english_as_likely(text, guess, words)
    return guess


def _english_word(word: str) -> bool:
    if word in ENGLISH_WORDS:
        return word not in _ENGLISH_SHARED
    from crisistui.pipeline.sentiment.vader import english_vader

    return word in english_vader().lexicon


def _english_as_likely(text: str, guess: LanguageGuess, words: list[str]) -> LanguageGuess:
    """English for a short ASCII post that holds an English word (an everyday one other
    languages do not write, or one of VADER's) and that py3langid finds about as English as
    anything: "QUE PROGRAMA VEI" and "Samstag Vormittag" stay what they are."""
    if not text.isascii() or not any(_english_word(word) for word in words):
        return guess
    ranked = dict(_fast().rank(text)[:8])
    best = max(ranked.values(), default=0.0)
    english = ranked.get("en", 0.0)
    return LanguageGuess("en", _sure(english)) if best and english >= best / 2 else guess


def _cyrillic(text: str) -> LanguageGuess:
    """Letters one language has and its neighbours lack decide first: ў is Belarusian; і ї є ґ
    are Ukrainian, or Belarusian beside ы э ё; ы э ё alone are Russian. A sentence of four
    words or more without any Ukrainian letter is not Ukrainian."""
    if "ў" in text or "Ў" in text:
        return LanguageGuess("be", 0.9)
    russian = _RUSSIAN_ONLY.search(text) is not None
    if _UKRAINIAN_LETTERS.search(text):
        return LanguageGuess("be" if russian else "uk", 0.9)
    if russian:
        return LanguageGuess("ru", 0.9)
    languages = _SHARED_SCRIPT_LANGUAGES[Script.CYRILLIC]
    if len(_CYRILLIC_WORD.findall(text)) >= 4:
        languages = tuple(lang for lang in languages if lang != "uk")
    return _classify(text, languages)


def identify(text: str, tag: str | None = None) -> LanguageGuess:
    """The source's tag when it names a language the text's letters allow, else what the
    text says."""
    if tag and (code := iso_code(tag)) is not None:
        return told(LanguageGuess(code, SOURCE_CONFIDENCE), text)
    return detect(text)


def told(tagged: LanguageGuess, text: str) -> LanguageGuess:
    """``tagged`` (a source's tag), or what ``text`` says when its letters contradict it
    and say something sure enough (``tag_contradicted``)."""
    needs = tag_contradicted(tagged.code, text) if tagged.code is not None else None
    if needs is None:
        return tagged
    guess = detect(text)
    if guess.code is None or guess.code == tagged.code or guess.confidence < needs:
        return tagged
    return guess


VIETNAMESE_ONLY = re.compile("[ơưđƠƯĐ\u1ea0-\u1ef9]")
"""Letters only Vietnamese writes among the Latin-script languages (ơ, ư, đ and the vowels
with two marks: ạ, ầ, ệ…)."""
VIETNAMESE_LETTERS_AT_LEAST = 3
"""A place name ("Đà Nẵng") in a post in another language has two or three of them; a
sentence of Vietnamese has many."""
TURKIC_ONLY = re.compile("[ğıĞİ]")
"""Letters only Turkish and Azerbaijani write among the Latin-script languages: a post in
Turkish from a client whose interface is English comes tagged "en"."""
TURKIC_LETTERS_AT_LEAST = 3
"""As for Vietnamese: "Landed in İstanbul" has one; a sentence of Turkish has many."""
LATIN_OVER_TAG = ENGLISH_CONFIDENCE
"""How sure a reading of a Latin-script text must be to overrule a tag of another script:
plain English under "zh" (a Chinese-interface client) is; Hinglish under "hi", romaji under
"ja" or pinyin under "zh", which py3langid takes for Swahili or Sesotho at a guess, are not."""
_TAG_SCRIPTS: dict[str, frozenset[Script]] = {
    **{lang: frozenset({script}) for script, lang in _SCRIPT_LANGUAGE.items()},
    **{
        lang: frozenset({script})
        for script, langs in _SHARED_SCRIPT_LANGUAGES.items()
        for lang in langs
    },
    "ja": frozenset({Script.KANA, Script.HAN}),
    "ko": frozenset({Script.HANGUL, Script.HAN}),
    "zh": frozenset({Script.HAN}),
    "sr": frozenset({Script.CYRILLIC, Script.LATIN}),
}
"""The scripts a tagged language is written in; any other language's is Latin."""


def tag_contradicted(code: str, text: str) -> float | None:
    """Whether ``text``'s letters say a source's tag ``code`` may be wrong, as the confidence
    a reading of the text needs to overrule it (None: they do not). Any reading, when most of
    it is written in a script that language does not write (Chinese, Cyrillic, Arabic… under
    "en"; Kana under "zh"), or when Vietnamese letters run all through a text tagged as another
    Latin-script language; a sure one (``LATIN_OVER_TAG``) when a text in Latin letters is
    tagged with a language of another script, since Hindi, Japanese and Chinese are also
    written in Latin letters (Hinglish, romaji, pinyin)."""
    if "@" in text or "http" in text or "www." in text:  # a link's letters are no language's
        text = _NOT_WRITTEN.sub(" ", text)
    script = dominant_script(text)
    if script is None:
        return None
    expected = _TAG_SCRIPTS.get(code, _LATIN_ONLY)
    if script is not Script.LATIN:
        return 0.0 if script not in expected else None
    if Script.LATIN not in expected:
        return LATIN_OVER_TAG
    if expected is not _LATIN_ONLY or text.isascii():
        return None
    vietnamese = code != "vi" and len(VIETNAMESE_ONLY.findall(text)) >= VIETNAMESE_LETTERS_AT_LEAST
    turkic = code not in ("tr", "az") and len(TURKIC_ONLY.findall(text)) >= TURKIC_LETTERS_AT_LEAST
    return 0.0 if vietnamese or turkic else None


_LATIN_ONLY = frozenset({Script.LATIN})


class Reading(NamedTuple):
    """A language to read a text in when its own cannot be read."""

    lang: str
    near_tie: bool
    """py3langid gives it at least ``NEAR_TIE`` of the guess's probability: the text is
    about as much this language as the one guessed, so a reading that finds no sentiment
    is a neutral post of this language, not a post nothing could read."""


def readings(text: str, guess: LanguageGuess, readable: Callable[[str], bool]) -> list[Reading]:
    """The languages to read ``text`` in, in turn, when its own cannot be read: a language no
    analyser reads is read by its close relative that one does (``SISTER_READS``), and a
    guess at worse than even odds (``READ_ANOTHER_BELOW``) by the likeliest language one
    reads. py3langid's guess on a short or noisy post is often a chance look-alike ("Toller
    Flug" as Danish at 9 %, "Acme Air slecht" as Luxembourgish); a confident guess, a source's
    tag or a script that decides alone has only its relative, and a guess whose likeliest
    readable language is itself unlikely (``READ_AS_AT_LEAST``) has no other."""
    code = guess.code
    if code is None or readable(code):
        return []
    found: list[Reading] = []
    sister = SISTER_READS.get(code)
    unsure = guess.confidence < READ_ANOTHER_BELOW or code in ALWAYS_LOOK_ALIKE
    ranked = _fast().rank(text) if unsure else []
    likely = {iso_code(str(lang)): float(p) for lang, p in ranked[:RANKS_LOOKED_AT]}
    tie = NEAR_TIE * guess.confidence
    if sister is not None and readable(sister):
        found.append(Reading(sister, code in ONE_LANGUAGE or likely.get(sister, 0.0) >= tie))
    for lang, probability in ranked:
        other = iso_code(str(lang))
        if other is not None and readable(other):
            if probability >= READ_AS_AT_LEAST and other != sister:
                found.append(Reading(other, float(probability) >= tie))
            break
    return found
