"""One language's sentiment lexicon: its file read, folded and indexed for lookup.

Each language's file (``lexicons/<code>.toml``) lists words and phrases with valences on VADER's
−4…+4 scale, and the words that negate, strengthen, soften or turn a sentence ("but"); a word
ending in ``*`` is listed by its start. ``Lexicon`` indexes them as texts are looked up
(folded, split into words as texts are, phrases by their first word, stems of inflected
languages); ``lexicon_analyser`` reads texts with it.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import cache
from pathlib import Path
from typing import Any

from crisistui.pipeline.sentiment.normalise import fold_for
from crisistui.pipeline.unpacked import cache_dir, read_json, write_json

LEXICON_DIR = Path(__file__).parent / "lexicons"
CONTINUOUS = frozenset({"zh", "ja", "th", "ko", "lo", "km", "my"})
"""Languages read by longest match rather than by words."""

WORD = re.compile(
    r"[^\s!-&(-/:-@\[-`{-~¡¿«»„“”‘…،؛؟。、！？，：；（）「」『』【】《》〈〉·•|～〜]+"
)
"""A word, as texts are split and so as entries are, that the two meet."""

STRETCHED = re.compile(r"(.)\1{2,}")
"""A letter typed three times or more ("sooo", "ngonnn")."""
APOSTROPHES = "'’"


def _word_list(data: Mapping[str, object], key: str, language: str) -> list[str]:
    """A lexicon file's list ``key`` (none: empty), or a ``ValueError`` naming it."""
    words = data.get(key, [])
    if not isinstance(words, list):
        raise ValueError(f"{language}: {key} must be a list of words")
    return [str(w) for w in words]


def phrase_key(language: str, text: str) -> str:
    """``text`` as its words are read, folded and one space apart ("Pa-recommend" → "pa
    recommend"), so a phrase is found in a clause's words by comparing strings."""
    words = (w.strip(APOSTROPHES) for w in WORD.findall(fold_for(language, text)))
    return " ".join(w for w in words if w)


LACKING_VALENCE = -1.5
"""A service gone ("sans internet", "без света", "walang kuryente"): a complaint as strong as
"slow" is."""

_SERVICE_WORDS = frozenset(
    ("care", "support", "please", "help", "free", "dear", "fan", "pay", "number")
)
"""Words VADER scores that are the names of things in a complaint written in another language
("customer care", "support", "please help"): a Hinglish complaint is not praise for them."""

_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (
        ("euses", "eux"), ("euse", "eux"), ("ives", "if"), ("ive", "if"), ("elles", "el"),
        ("elle", "el"), ("ennes", "en"), ("enne", "en"), ("ées", "é"), ("ée", "é"), ("és", "é"),
        ("es", ""), ("e", ""), ("s", ""), ("x", ""),
    ),
    "es": (
        ("isimos", ""), ("isimas", ""), ("isimo", ""), ("isima", ""), ("ces", "z"),
        ("os", ""), ("as", ""), ("es", ""), ("o", ""), ("a", ""), ("e", ""), ("s", ""),
    ),
    "it": (
        ("issimi", ""), ("issime", ""), ("issimo", ""), ("issima", ""),
        ("chi", "c"), ("che", "c"), ("ghi", "g"), ("ghe", "g"),
        ("i", ""), ("e", ""), ("o", ""), ("a", ""),
    ),
}  # fmt: skip
"""Inflectional endings (gender, number, superlative) a word may carry beyond the form its
lexicon lists, with what each leaves: "insensata"/"insensato", "pésimas"/"pésimo",
"déçues"/"déçu", "heureuse"/"heureux". Lexicon terms and unknown words are both cut down
this way, so the two meet at one stem; longest ending first, up to ``STEM_STEPS`` times.
Measured on real tweets (XLM-T's train split, measured only) this found sentiment in French,
Italian and Spanish posts the lists miss at no cost in macro-F1; in German and Portuguese it
cost more than it found (verb forms meeting nouns: "aumenta"/"aumento"), so they have none."""
_VERB_ENDINGS: dict[str, tuple[str, ...]] = {
    "it": (
        "eranno", "eremo", "avamo", "avano", "iamo", "ando", "endo", "ato", "ata", "ati",
        "ate", "ito", "ita", "iti", "ite", "uto", "uta", "uti", "ute", "ano", "ono", "ava",
        "are", "ere", "ire", "ò", "a", "e", "i", "o",
    ),
    "fr": (
        "eraient", "erions", "assent", "aient", "erait", "erons", "eront", "ions", "iez",
        "ait", "ant", "ent", "era", "ons", "ez", "ées", "ée", "és", "er", "é", "es", "e",
    ),
}  # fmt: skip
"""Verb endings (persons, tenses, gerunds, participles), for a verb form the lexicon does not
list met through one it does: "rovinando" through "rovina", "arnaquent" through "arnaqué",
"rovinavano" through "rovinano". Measured on real tweets (XLM-T's train and validation
splits, measured only): French and Italian posts left neutral fell by 2–3 points with
macro-F1 up. Spanish came out even there but read wrongly what a reader would call plain
("se celebra", is held, through "celebrar"; "me esperó", waited for me, through "la espera",
the wait), and Portuguese lost 0.01–0.06 (its verb forms meet its nouns: "aumenta"/"aumento",
as its gender and number endings do), so they have none."""
_VERB_ENDINGS = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in _VERB_ENDINGS.items()}
_ACCENTLESS = frozenset({"es", "it"})
"""Where stems are also compared without accents ("pessimo", "pesima" as typed on phones).
French keeps them: "coupé" (cut off) is not "coup"."""
MIN_STEM = 4
"""Shorter stems are left alone: they meet too many unrelated words."""
STEM_STEPS = 2
MIN_VERB_STEM = 5
"""A verb's stem shorter than this meets names and other words ("Monti" and "monta")."""


def stem(language: str, word: str) -> str | None:
    """``word`` without its inflectional endings, for the languages that have them listed;
    None when the language has none or the stem would be too short to trust."""
    endings = _ENDINGS.get(language)
    if endings is None:
        return None
    if language in _ACCENTLESS and not word.isascii():
        decomposed = unicodedata.normalize("NFD", word)
        word = "".join(c for c in decomposed if not unicodedata.combining(c))
    for _ in range(STEM_STEPS):
        for ending, replacement in endings:
            if word.endswith(ending) and len(word) - len(ending) + len(replacement) >= MIN_STEM:
                word = word[: len(word) - len(ending)] + replacement
                break
        else:
            break
    return word if len(word) >= MIN_STEM else None


def verb_stem(language: str, word: str) -> str | None:
    """``word`` without the longest verb ending it has, for the languages that have them
    listed; None when it has none or the stem would be too short to trust."""
    for ending in _VERB_ENDINGS.get(language, ()):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_VERB_STEM:
            return word[: -len(ending)]
    return None


class Role(IntEnum):
    TERM = 0
    NEGATOR = 1
    NEGATOR_AFTER = 2
    INTENSIFIER = 3
    DIMINISHER = 4
    CONTRAST = 5
    BOUNDARY = 6
    """The end of a clause (. , ! ? ;): negation and intensity stop there."""
    INTENSIFIER_AFTER = 7
    """Strengthens the term before it: Portuguese "caro demais", French "un retard de ouf",
    Italian "bello da morire"."""


_ENGLISH_FUNCTION_WORDS = (
    ("not no never dont don't didn't doesn't isn't wasn't cannot can't won't", Role.NEGATOR),
    ("very so super really too extremely totally", Role.INTENSIFIER),
    ("but", Role.CONTRAST),
)
"""Read as such in a language written mixed with English, unless its own lexicon says
otherwise."""


@dataclass(frozen=True, slots=True)
class Entry:
    role: Role
    valence: float = 0.0
    """A word may be both: "super" strengthens what follows, and alone is praise."""
    negates_after: bool = False
    """A negator that also negates the word before it (German "gefällt mir nicht")."""
    negation_inside: bool = False
    """A phrase holding a negator ("mai più", "nunca más"), in a language whose negators
    before it are the same negation, not another: "non ci torno mai più" is a complaint."""

    def merged(self, other: Entry) -> Entry:
        """One entry for a word listed in several places: its function and its valence."""
        functions = [e for e in (self, other) if e.role is not Role.TERM]
        role = functions[0].role if functions else Role.TERM
        after = self.negates_after or other.negates_after
        if role is Role.NEGATOR_AFTER and any(e.role is Role.NEGATOR for e in functions):
            role, after = Role.NEGATOR, True
        valence = self.valence or other.valence
        return Entry(role, valence, after or role is Role.NEGATOR_AFTER)


BOUNDARY = Entry(Role.BOUNDARY)


CONCORD_WORDS = frozenset(
    {
        # Spanish, Portuguese
        "nunca",
        "jamás",
        "jamas",
        "ni",
        "tampoco",
        "nada",
        "nadie",
        "ningún",
        "ningun",
        "ninguna",
        "ninguno",
        "jamais",
        "nem",
        "ninguém",
        "ninguem",
        "nenhum",
        "nenhuma",
        "tampouco",
        # French ("fonctionne plus", "répond plus": "ne" before them is the same negation)
        "plus",
        "aucun",
        "aucune",
        "rien",
        "personne",
        "guère",
        "nullement",
        "aucunement",
        "jms",
        # Italian
        "mai",
        "né",
        "nessun",
        "nessuno",
        "nessuna",
        "niente",
        "nulla",
        "neanche",
        "nemmeno",
        "neppure",
        "mica",
        "manco",
        "affatto",
        # Polish, Russian, Persian
        "nigdy",
        "nic",
        "nikt",
        "żaden",
        "żadna",
        "żadne",
        "ani",
        "никогда",
        "ничего",
        "никто",
        "никаких",
        "никакого",
        "никакой",
        "ни",
        "هیچ",
        "هرگز",
    }
)
"""Words of negative concord: in the languages whose negators agree, a plain negator before
one is the same negation ("no … nunca más", "non … mai più", "не … никогда")."""


@dataclass(slots=True)
class Lexicon:
    """One language's lexicon, indexed for lookup."""

    language: str
    vocabulary: dict[str, Entry] = field(default_factory=dict)
    prefixes: dict[str, float] = field(default_factory=dict)
    english_fallback: bool = False
    negative_concord: bool = False
    """Several negators in a row are one negation ("ни разу не было", "no tiene nada")."""
    after_window: int = 2
    """How many words after a term a negator that follows it may stand: German puts its
    subject or a time between ("funktioniert mein Festnetz seit Montag nicht mehr")."""
    after_praise_only: bool = False
    """A negator that follows its word negates only praise (German, whose "nicht" after the
    verb denies that something works or pleases; "verspätet und nicht mal …" is no praise)."""
    longest: int = 1
    """Words (or, for continuous languages, characters) in the longest entry."""
    lengths_by_first: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Continuous languages: first character → the lengths of the entries starting with it,
    longest first, so longest match tries only lengths that exist."""
    phrase_starts: dict[str, int] = field(default_factory=dict)
    """First word of each phrase → words in the longest phrase starting with it, so a word
    that starts none is looked up alone."""
    phrase_prefixes: dict[str, tuple[tuple[str, Entry], ...]] = field(default_factory=dict)
    """Phrases whose last word is a prefix ("бить рекорд*", "بی نظیر*"): the words before it
    → (the start of the last word, the entry), longest start first."""
    stems: dict[str, float] = field(default_factory=dict)
    """Languages with inflectional endings: the stem of each one-word term → its valence,
    for the forms of a word the file does not list. Terms whose stems meet with opposite
    signs leave that stem out."""
    verb_stems: dict[str, float] = field(default_factory=dict)
    """The same for verbs (``_VERB_ENDINGS``): the stem of each one-word term that ends as a
    verb form does → its valence."""
    or_in_questions: frozenset[str] = frozenset()
    """Negators that mean "or" in a question (Egyptian and Levantine "ولا": "Nilcom ولا
    Pharaonfone, which is better?"), read there as a word of no sentiment, unless a phrase
    starting with them says more ("ولا حد رد", nobody answered)."""
    asking: tuple[str, ...] = ()
    """Words that make the rest of their sentence a question though it bears no question
    mark ("подскажите", "me recomendáis", "هل", "请问"), as ``phrase_key`` gives them."""
    asking_ends: tuple[str, ...] = ()
    """Particles that end a clause that asks where its writers put no mark ("ngon không",
    "alin mas mura … nhỉ", "值得买吗", "อร่อยไหม")."""

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], language: str) -> Lexicon:
        """Build from a parsed lexicon file; ``fold_for`` puts every entry in the form
        texts are looked up in."""
        lexicon = cls(
            language,
            english_fallback=bool(data.get("english_fallback", False)),
            negative_concord=bool(data.get("negative_concord", False)),
            after_window=int(data.get("negation_after_window", 2)),  # type: ignore[call-overload]
            after_praise_only=bool(data.get("negators_after_praise_only", False)),
        )
        terms = data.get("terms", {})
        if not isinstance(terms, Mapping):
            raise ValueError(f"{language}: [terms] must be a table of term = valence")
        for term, valence in terms.items():
            lexicon._add(str(term), Entry(Role.TERM, float(valence)))
        roles = (
            ("contrast", Role.CONTRAST),
            ("diminishers", Role.DIMINISHER),
            ("intensifiers", Role.INTENSIFIER),
            ("intensifiers_after", Role.INTENSIFIER_AFTER),
            ("negators_after", Role.NEGATOR_AFTER),
            ("negators", Role.NEGATOR),
        )
        for key, role in roles:
            for word in _word_list(data, key, language):
                lexicon._add(word, Entry(role))
        asked = _word_list(data, "or_in_questions", language)
        lexicon.or_in_questions = frozenset(fold_for(language, w).strip() for w in asked)
        for key in ("asking", "asking_ends"):
            keys = (phrase_key(language, w) for w in _word_list(data, key, language))
            setattr(lexicon, key, tuple(sorted({k for k in keys if k}, key=len, reverse=True)))
        lexicon._add_lacking(data)
        if lexicon.english_fallback:
            for words, role in _ENGLISH_FUNCTION_WORDS:
                for word in words.split():
                    lexicon.vocabulary.setdefault(word, Entry(role))
        if lexicon.negative_concord:
            lexicon._mark_negation_inside()
        lexicon._index_stems()
        return lexicon

    def _add_lacking(self, data: Mapping[str, object]) -> None:
        """Each of ``utilities`` (internet, power, water, signal…) after each word of
        ``lacking`` ("sans", "без", "walang") and before each of ``lacking_after`` ("yok",
        "نداریم") as a complaint of ``LACKING_VALENCE``, where the file lists no such phrase:
        "ça fait 6 jours sans internet" is a complaint told as a fact, and the words of an
        outage storm. For languages written in words (the others list such terms whole)."""
        before = _word_list(data, "lacking", self.language)
        after = _word_list(data, "lacking_after", self.language)
        for utility in _word_list(data, "utilities", self.language):
            phrases = [f"{lack} {utility}" for lack in before]
            phrases += [f"{utility} {lack}" for lack in after]
            for phrase in phrases:
                key = phrase_key(self.language, phrase)
                if key and key not in self.vocabulary:
                    self._add(phrase, Entry(Role.TERM, LACKING_VALENCE))

    def _mark_negation_inside(self) -> None:
        """Phrases of terms that hold a word of negative concord (never, nothing, nobody,
        none: ``CONCORD_WORDS``): a negator before one is the same negation, so it does not
        turn the phrase's sentiment round. "Without", "zero" and "less" are not such words:
        "no fue sin problemas" (not without problems) is a second negation."""
        concord = {fold_for(self.language, w).strip() for w in CONCORD_WORDS}

        def holds_concord(key: str) -> bool:
            return not concord.isdisjoint(key.split())

        vocabulary = self.vocabulary
        for key, entry in vocabulary.items():
            if entry.role is Role.TERM and " " in key and holds_concord(key):
                vocabulary[key] = replace(entry, negation_inside=True)
        for head, starts in self.phrase_prefixes.items():
            if holds_concord(head):
                self.phrase_prefixes[head] = tuple(
                    (start, replace(entry, negation_inside=True)) for start, entry in starts
                )

    def _index_stems(self) -> None:
        language = self.language
        if language in _ENDINGS:
            self.stems.update(self._stems_of(lambda key: stem(language, key)))
        if language in _VERB_ENDINGS:
            self.verb_stems.update(self._stems_of(lambda key: verb_stem(language, key)))

    def _stems_of(self, cut: Callable[[str], str | None]) -> dict[str, float]:
        """The stem ``cut`` leaves of each one-word term → the mean valence of the terms
        sharing it; a stem that terms of opposite signs share is left out."""
        found: dict[str, list[float]] = {}
        for key, entry in self.vocabulary.items():
            if entry.role is Role.TERM and entry.valence and " " not in key:
                if STRETCHED.search(key):  # "vamooo" is no form of "vamos"
                    continue
                if (root := cut(key)) is not None:
                    found.setdefault(root, []).append(entry.valence)
        return {
            root: sum(valences) / len(valences)
            for root, valences in found.items()
            if all(v > 0 for v in valences) or all(v < 0 for v in valences)
        }

    def _add(self, raw: str, entry: Entry) -> None:
        folded = fold_for(self.language, raw).strip()
        continuous = self.language in CONTINUOUS
        prefix = folded.endswith("*")
        if continuous:
            key = " ".join(folded.rstrip("*").split())
        else:  # split as texts are split: "ras-le-bol" is three words, "#boicot" one
            key = " ".join(w.strip(APOSTROPHES) for w in WORD.findall(folded.rstrip("*")))
        if prefix and not continuous and entry.role is Role.TERM and " " not in key:
            if len(key) >= 2:
                self.prefixes[key] = entry.valence
            return
        if prefix and not continuous and entry.role is Role.TERM:
            head, last = key.rsplit(" ", 1)
            if len(last) >= 2:
                known = [
                    (start, e) for start, e in self.phrase_prefixes.get(head, ()) if start != last
                ]
                known.append((last, entry))
                known.sort(key=lambda pair: -len(pair[0]))
                self.phrase_prefixes[head] = tuple(known)
                words = key.split()
                self.phrase_starts[words[0]] = max(self.phrase_starts.get(words[0], 1), len(words))
                self.longest = max(self.longest, len(words))
                return
        if not key:
            return
        if (known := self.vocabulary.get(key)) is not None:
            entry = known.merged(entry)
        elif entry.role is Role.NEGATOR_AFTER:
            entry = Entry(Role.NEGATOR_AFTER, negates_after=True)
        self.vocabulary[key] = entry
        words = key.split()
        self.longest = max(self.longest, len(key) if continuous else len(words))
        if len(words) > 1:
            self.phrase_starts[words[0]] = max(self.phrase_starts.get(words[0], 1), len(words))
        if continuous:
            known = set(self.lengths_by_first.get(key[0], ()))
            known.add(len(key))
            self.lengths_by_first[key[0]] = tuple(sorted(known, reverse=True))


@cache
def load(language: str) -> Lexicon:
    """The shipped lexicon of ``language``, read on first use (a few milliseconds)."""
    return Lexicon.from_mapping(_parsed(LEXICON_DIR / f"{language}.toml"), language)


def _parsed(path: Path) -> dict[str, Any]:
    """The TOML file at ``path``, parsed. ``tomllib`` is pure Python and parsing every
    lexicon took a tenth of a second of each process that scores mentions, so what it
    returns is kept as JSON (which Python parses in C) under the hash of the file's bytes:
    the same tables, strings and numbers, for exactly that file."""
    raw = path.read_bytes()
    folder = cache_dir()
    if folder is None:
        return tomllib.loads(raw.decode("utf-8"))
    digest = hashlib.sha256(raw).hexdigest()[:24]
    copy = folder / f"lexicon-{path.stem}-{digest}.json"
    found = read_json(copy)
    if isinstance(found, dict):
        return found
    parsed = tomllib.loads(raw.decode("utf-8"))
    if _plain(parsed):
        write_json(copy, parsed)
    return parsed


def _plain(value: object) -> bool:
    """Whether ``value`` reads back from JSON exactly as it is (no dates, no NaN)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, str | bool | int)


@cache
def shipped_languages() -> frozenset[str]:
    """Languages with a lexicon in the package."""
    return frozenset(p.stem for p in LEXICON_DIR.glob("*.toml") if p.stem not in _NOT_LANGUAGES)


_NOT_LANGUAGES = frozenset({"emoji", "english"})
"""Tables of the lexicon folder that are no language's lexicon: emoji, and English beside VADER."""


@cache
def english_words() -> Mapping[str, float]:
    """VADER's English lexicon (words of three letters or more), for languages written mixed
    with English: Taglish, Hinglish."""
    from crisistui.pipeline.sentiment.vader import english_vader

    return {
        w: float(v)
        for w, v in english_vader().lexicon.items()
        if w.isalpha() and len(w) >= 3 and w not in _SERVICE_WORDS
    }
