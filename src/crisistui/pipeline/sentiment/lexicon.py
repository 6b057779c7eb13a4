"""A lexicon analyser for one language, VADER's rules over a lexicon written for that language.

Each language's file (``lexicons/<code>.toml``) lists words and phrases with valences on VADER's
−4…+4 scale, and the words that negate, strengthen, soften or turn a sentence ("but"). The
rules are VADER's where a language allows them: a negator up to three words before a term
flips and shrinks it (unless another term comes between: it is that one's), intensifiers
scale it, what follows "but" weighs more, "!" emphasises.
Languages written without spaces (Chinese, Japanese, Thai) and Korean, whose particles attach
to words, are read by longest match against the lexicon instead of by words, which needs no
segmenter: only the lexicon's own entries have to be found.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import cache
from pathlib import Path
from typing import Any

from crisistui.domain.text import MAX_SCORED_CHARS
from crisistui.pipeline.sentiment.affixes import Affixes
from crisistui.pipeline.sentiment.analyser import WHY_VALENCE, compound, without_quotes
from crisistui.pipeline.sentiment.emoji import EmojiTable, emoji_table
from crisistui.pipeline.sentiment.normalise import fold_for
from crisistui.pipeline.sentiment.questions import ASKING, SENTENCE_END, asked_once, asks_why
from crisistui.pipeline.unpacked import cache_dir, read_json, write_json

LEXICON_DIR = Path(__file__).parent / "lexicons"
CONTINUOUS = frozenset({"zh", "ja", "th", "ko", "lo", "km", "my"})
"""Languages read by longest match rather than by words."""

NEGATION_WINDOW = 3
NEGATION_AFTER_WINDOW = 2
NEGATION_SCALAR = -0.74
INTENSIFY = 1.3
DIMINISH = 0.7
BEFORE_CONTRAST = 0.5
AFTER_CONTRAST = 1.5
EXCLAMATION = 0.292
MAX_EXCLAMATIONS = 4
MAX_PHRASE_WORDS = 5
MAX_CONTINUOUS_CHARS = 20
"""Thai writes vowels and tones as marks of their own: a common phrase runs to 18."""
SPACE_ENDS_CLAUSE = frozenset({"th", "lo", "km", "my"})
"""Scripts whose writers put a space where others put a comma or a full stop."""
CONTINUOUS_NEGATION_WINDOW = 5
"""Each unknown character is one unit there, so a negator reaches a little further."""
MAX_REMEMBERED_WORDS = 10_000
"""Words remembered per language with what they read as (about 3 MB at most); the most
frequent words of a language are far fewer, so forgetting them all now and then costs little."""

_WORD = re.compile(
    r"[^\s!-&(-/:-@\[-`{-~¡¿«»„“”‘…،؛؟。、！？，：；（）「」『』【】《》〈〉·•|～〜]+"
)
_LATIN_RUN = re.compile(r"[a-z0-9']+")
_SERVICE_WORDS = frozenset(
    ("care", "support", "please", "help", "free", "dear", "fan", "pay", "number")
)
"""Words VADER scores that are the names of things in a complaint written in another language
("customer care", "support", "please help"): a Hinglish complaint is not praise for them."""
_HANDLES = re.compile(r"(?:@|https?://|www\.)\S+")
"""@handles and links name things; "@AcmeAir_Help" is not praise."""
_SCRIPT_STOPS = "،؛؟۔।॥։።፣፤።。，！？；：、．｡､﹐﹑﹒"
"""Commas, full stops and question marks of other scripts (Arabic's ، ؛ ؟, Urdu's ۔,
Devanagari's danda, Armenian, Ethiopic, the CJK full-width forms): a clause ends there as at
a Latin one, so "ما ترد أبدا، مهزلة" keeps its negation in the first clause."""
_CLAUSE_CHARS = ".,!?;:…" + _SCRIPT_STOPS
_CLAUSE_END = re.compile(r"[.,!?;:…]+(?!\d)|[" + _SCRIPT_STOPS + "]")
_STRETCHED = re.compile(r"(.)\1{2,}")
_APOSTROPHES = "'’"

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
_ACCENTLESS = frozenset({"es", "it"})
"""Where stems are also compared without accents ("pessimo", "pesima" as typed on phones).
French keeps them: "coupé" (cut off) is not "coup"."""
MIN_STEM = 4
"""Shorter stems are left alone: they meet too many unrelated words."""
STEM_STEPS = 2


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


_BOUNDARY = Entry(Role.BOUNDARY)


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
        # French
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
    or_in_questions: frozenset[str] = frozenset()
    """Negators that mean "or" in a question (Egyptian and Levantine "ولا": "Nilcom ولا
    Pharaonfone, which is better?"), read there as a word of no sentiment, unless a phrase
    starting with them says more ("ولا حد رد", nobody answered)."""

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], language: str) -> Lexicon:
        """Build from a parsed lexicon file; ``fold_for`` puts every entry in the form
        texts are looked up in."""
        lexicon = cls(
            language,
            english_fallback=bool(data.get("english_fallback", False)),
            negative_concord=bool(data.get("negative_concord", False)),
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
            words = data.get(key, [])
            if not isinstance(words, list):
                raise ValueError(f"{language}: {key} must be a list of words")
            for word in words:
                lexicon._add(str(word), Entry(role))
        words = data.get("or_in_questions", [])
        if not isinstance(words, list):
            raise ValueError(f"{language}: or_in_questions must be a list of words")
        lexicon.or_in_questions = frozenset(fold_for(language, str(w)).strip() for w in words)
        if lexicon.english_fallback:
            for words, role in _ENGLISH_FUNCTION_WORDS:
                for word in words.split():
                    lexicon.vocabulary.setdefault(word, Entry(role))
        if lexicon.negative_concord:
            lexicon._mark_negation_inside()
        lexicon._index_stems()
        return lexicon

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
        if language not in _ENDINGS:
            return
        found: dict[str, list[float]] = {}
        for key, entry in self.vocabulary.items():
            if entry.role is Role.TERM and entry.valence and " " not in key:
                if _STRETCHED.search(key):  # "vamooo" is no form of "vamos"
                    continue
                if (root := stem(language, key)) is not None:
                    found.setdefault(root, []).append(entry.valence)
        for root, valences in found.items():
            if all(v > 0 for v in valences) or all(v < 0 for v in valences):
                self.stems[root] = sum(valences) / len(valences)

    def _add(self, raw: str, entry: Entry) -> None:
        folded = fold_for(self.language, raw).strip()
        continuous = self.language in CONTINUOUS
        prefix = folded.endswith("*")
        if continuous:
            key = " ".join(folded.rstrip("*").split())
        else:  # split as texts are split: "ras-le-bol" is three words, "#boicot" one
            key = " ".join(w.strip(_APOSTROPHES) for w in _WORD.findall(folded.rstrip("*")))
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
    return frozenset(p.stem for p in LEXICON_DIR.glob("*.toml") if p.stem != "emoji")


@dataclass(frozen=True, slots=True)
class _Unit:
    entry: Entry | None
    """None: a word or character the lexicon does not know."""


_UNKNOWN = _Unit(None)
_END_OF_CLAUSE = _Unit(_BOUNDARY)
_WHY_COMPLAINS = _Unit(Entry(Role.TERM, WHY_VALENCE))


class LexiconAnalyser:
    """Scores texts of one language with its lexicon, plus emoji and emoticons."""

    name = "lexicon"

    def __init__(
        self,
        lexicon: Lexicon,
        emoji: EmojiTable | None = None,
        english: Mapping[str, float] | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.emoji = emoji or emoji_table()
        self.english = english if lexicon.english_fallback else None
        self.continuous = lexicon.language in CONTINUOUS
        self._prefix_lengths = sorted({len(p) for p in lexicon.prefixes}, reverse=True)
        self._affixes = Affixes.of(lexicon.language)
        self._word_units: dict[str, tuple[_Unit, ...]] = {}

    def score(self, text: str) -> float:
        text = text[:MAX_SCORED_CHARS]
        text = without_quotes(text)
        folded = fold_for(self.lexicon.language, _HANDLES.sub(" ", text))
        if self.continuous:
            units = self._continuous(folded)
        else:
            asks = bool(self.lexicon.or_in_questions) and ("?" in text or "؟" in text)
            units = self._words(folded, asks)
        window = CONTINUOUS_NEGATION_WINDOW if self.continuous else NEGATION_WINDOW
        total = _valence(units, self.lexicon.negative_concord, window)
        total += self.emoji.valence(text)
        if total:
            bangs = min(text.count("!") + text.count("！"), MAX_EXCLAMATIONS)
            total += bangs * EXCLAMATION * (1 if total > 0 else -1)
        return compound(total)

    # -- reading ---------------------------------------------------------------------------

    def _lookup_word(self, word: str) -> Entry | None:
        vocabulary = self.lexicon.vocabulary
        if (entry := vocabulary.get(word)) is not None:
            return entry
        if "'" in word:  # French "l'horreur", Italian "dell'app"
            head, tail = word.rsplit("'", 1)
            known = vocabulary.get(head + "'") or vocabulary.get(head)
            term_or_nothing = known is None or known.role is Role.TERM
            if tail and term_or_nothing and (entry := vocabulary.get(tail)) is not None:
                return entry
        prefixes = self.lexicon.prefixes
        for end in self._prefix_lengths:
            if end <= len(word) and (valence := prefixes.get(word[:end])) is not None:
                return Entry(Role.TERM, valence)
        if self.lexicon.stems and (valence := self._stem_valence(word)) is not None:
            return Entry(Role.TERM, valence)
        if self.english is not None and (valence := self.english.get(word)) is not None:
            return Entry(Role.TERM, valence)
        if _STRETCHED.search(word):  # "ngonnn", "gandaaa", "sooo good"
            for shorter in (_STRETCHED.sub(r"\1", word), _STRETCHED.sub(r"\1\1", word)):
                if (entry := vocabulary.get(shorter)) is not None:
                    return entry
        affixes = self._affixes
        if affixes is None:
            return None
        forms = affixes.without_clitics(word)
        for form in forms[1:]:  # "وبالخدمه" → "بالخدمه" → "الخدمه" → "خدمه"
            if (entry := vocabulary.get(form)) is not None:
                return entry
        for root in affixes.without_suffix(forms):  # "بخدمتكم" → "خدمتكم" → "خدمه"
            if (entry := vocabulary.get(root)) is not None:
                # the first stem the lexicon knows decides, and only as a term: one it lists
                # as 0 or as a function word ("كثيرين", many people) leaves the word unknown
                return entry if entry.role is Role.TERM and entry.valence else None
        return None

    def _stem_valence(self, word: str) -> float | None:
        """The valence of the term ``word`` is an inflected form of, if any. Only a word that
        had an ending to lose counts: one without is no form of a longer term."""
        root = stem(self.lexicon.language, word)
        if root is None or root == word:
            return None
        return self.lexicon.stems.get(root)

    def _words(self, folded: str, asks: bool = False) -> list[_Unit]:
        """The units of a text; ``asks``: it is a question, where ``or_in_questions`` are
        "or"."""
        units: list[_Unit] = []
        start = sentence = 0
        said: list[str] = []
        for end in [*_CLAUSE_END.finditer(folded), None]:
            clause = folded[start : end.start() if end is not None else len(folded)]
            words = [w.strip(_APOSTROPHES) for w in _WORD.findall(clause)]
            self._clause([w for w in words if w], units, asks)
            said.extend(words)
            if end is None or not SENTENCE_END.isdisjoint(end.group()):
                if end is not None and not ASKING.isdisjoint(end.group()):
                    self._question(units, sentence, said, asked_once(folded, end))
                sentence, said = len(units) + 1, []
            units.append(_END_OF_CLAUSE)
            if end is None:
                break
            start = end.end()
        return units

    @staticmethod
    def _question(units: list[_Unit], start: int, words: list[str], once: bool) -> None:
        """A sentence from ``units[start]`` that asks: a why-question complains even in
        words of no sentiment ("почему за газ пришло в три раза больше??"); any other asked
        once ("which is better?") praises nothing, and one weighing praise against complaint
        ("is the service good or bad?") says neither."""
        valences = [u.entry.valence for u in units[start:] if u.entry is not None]
        if asks_why(words):
            if not any(valence < 0 for valence in valences):
                # after a boundary: "warum geht das nicht?" must not negate the complaint
                units += (_END_OF_CLAUSE, _WHY_COMPLAINS)
        elif once:
            both = any(v > 0 for v in valences) and any(v < 0 for v in valences)
            units[start:] = [_unasserted(unit, both) for unit in units[start:]]

    def _clause(self, words: list[str], units: list[_Unit], asks: bool = False) -> None:
        vocabulary, starts = self.lexicon.vocabulary, self.lexicon.phrase_starts
        known, units_of = self._word_units, self._units_of
        if asks:  # each such word alone as a word of no sentiment (a phrase still wins)
            single = units_of
            ors = self.lexicon.or_in_questions

            def units_of(word: str) -> tuple[_Unit, ...]:
                return (_UNKNOWN,) if word in ors else single(word)

            known = {}
        if starts.keys().isdisjoint(words):  # most clauses: no phrase can start anywhere
            for word in words:
                units.extend(known.get(word) or units_of(word))
            return
        i, count = 0, len(words)
        prefixed = bool(self.lexicon.phrase_prefixes)
        while i < count:
            word = words[i]
            longest = starts.get(word)  # words in the longest phrase starting here, if any
            if longest is not None:
                for size in range(min(longest, MAX_PHRASE_WORDS, count - i), 1, -1):
                    if (entry := vocabulary.get(" ".join(words[i : i + size]))) is not None:
                        units.append(_Unit(entry))
                        i += size
                        break
                    if prefixed and (entry := self._prefixed(words, i, size)) is not None:
                        units.append(_Unit(entry))
                        i += size
                        break
                else:
                    units.extend(units_of(word))
                    i += 1
                continue
            units.extend(known.get(word) or units_of(word))
            i += 1

    def _prefixed(self, words: list[str], i: int, size: int) -> Entry | None:
        """The entry of a phrase of ``size`` words from ``words[i]`` whose last word is
        listed by its start ("бить рекорд*" in "бить рекорды"), if any."""
        starts = self.lexicon.phrase_prefixes.get(" ".join(words[i : i + size - 1]))
        if starts is None:
            return None
        last = words[i + size - 1]
        for start, entry in starts:
            if last.startswith(start):
                return entry
        return None

    def _units_of(self, word: str) -> tuple[_Unit, ...]:
        """What one word outside a phrase reads as, worked out once per word: a language's
        everyday words recur in every post, and the lookups (elisions, prefixes, stretched
        letters, clitics) cost more than the rest of the scoring."""
        known = self._word_units.get(word)
        if known is not None:
            return known
        vocabulary = self.lexicon.vocabulary
        units: list[_Unit] = []
        entry = self._lookup_word(word)
        if entry is None and "'" in word:
            # French "n'aime": the elided negator, then the word it negates
            head, tail = word.split("'", 1)
            before = vocabulary.get(head + "'") or vocabulary.get(head)
            if before is not None and before.role is not Role.TERM and tail:
                units.append(_Unit(before))
                entry = self._lookup_word(tail)
        units.append(_Unit(entry) if entry is not None else _UNKNOWN)
        if len(self._word_units) >= MAX_REMEMBERED_WORDS:
            self._word_units.clear()
        known = self._word_units[word] = tuple(units)
        return known

    def _continuous(self, folded: str) -> list[_Unit]:
        vocabulary, by_first = self.lexicon.vocabulary, self.lexicon.lengths_by_first
        units: list[_Unit] = []
        i, n = 0, len(folded)
        clause_spaces = self.lexicon.language in SPACE_ENDS_CLAUSE
        while i < n:
            char = folded[i]
            if char.isspace():
                if clause_spaces and units and units[-1].entry is not _BOUNDARY:
                    units.append(_END_OF_CLAUSE)
                i += 1
                continue
            run = _LATIN_RUN.match(folded, i)
            # a Latin word is read whole ("app"), unless an entry starts with it ("cp值高")
            shortest = len(run.group()) + 1 if run is not None else 1
            found = None
            for size in by_first.get(char, ()):
                if size < shortest or size > MAX_CONTINUOUS_CHARS or i + size > n:
                    continue
                if (found := vocabulary.get(folded[i : i + size])) is not None:
                    units.append(_Unit(found))
                    i += size
                    break
            if found is not None:
                continue
            if run is not None:
                word = run.group().strip("'")
                entry = self._lookup_word(word) if word else None
                units.append(_Unit(entry) if entry is not None else _UNKNOWN)
                i = run.end()
                continue
            if char.isalnum():
                units.append(_UNKNOWN)
            elif char in _CLAUSE_CHARS:
                units.append(_END_OF_CLAUSE)
            i += 1
        return units


def _unasserted(unit: _Unit, either: bool = False) -> _Unit:
    """A unit of a question: praise asked about is no praise ("is it safe?", "which is
    better?"); a complaint asked about still complains ("is the app down?"), unless the
    question weighs the two (``either``: "good or bad?")."""
    entry = unit.entry
    if entry is not None and entry.role is Role.TERM and (entry.valence > 0 or either):
        return _UNKNOWN
    return unit


def _acts_as_term(units: list[_Unit], i: int, entry: Entry) -> bool:
    """A term always; an intensifier or diminisher with a valence of its own only when no
    term follows for it to strengthen ("super!" is praise, "super slow" is not), and one
    written after the word only when no term comes just before it; so too a negator written
    after the word: Japanese "できない" negates "解決" before it, and alone ("ログインすらできない",
    cannot even log in) is a complaint."""
    if entry.role is Role.TERM:
        return True
    if entry.role in (Role.INTENSIFIER_AFTER, Role.NEGATOR_AFTER):
        # "foi demais!" is praise, "caro demais" is not
        for unit in reversed(units[max(0, i - 2) : i]):
            if unit.entry is not None and unit.entry.role is Role.BOUNDARY:
                return True
            if unit.entry is not None and unit.entry.valence:
                return False
        return True
    if entry.role not in (Role.INTENSIFIER, Role.DIMINISHER):
        return False
    for unit in units[i + 1 : i + 3]:
        if unit.entry is not None and unit.entry.role is Role.BOUNDARY:
            return True
        if unit.entry is not None and unit.entry.valence:
            return False
    return True


def _valence(units: list[_Unit], concord: bool = False, window: int = NEGATION_WINDOW) -> float:
    """VADER's rules over a sequence of units; with ``concord`` (Slavic, Romance, Persian)
    any number of negators before a term is one negation."""
    contrast_at = next(
        (i for i, u in enumerate(units) if u.entry is not None and u.entry.role is Role.CONTRAST),
        None,
    )
    total = 0.0
    for i, unit in enumerate(units):
        entry = unit.entry
        if entry is None or not entry.valence or not _acts_as_term(units, i, entry):
            continue
        valence = entry.valence
        flips = 0
        for j in range(i - 1, max(-1, i - 1 - window), -1):
            before = units[j].entry
            if before is None:
                continue
            if before.role is Role.NEGATOR:
                flips += 1
            elif before.role is Role.INTENSIFIER and j >= i - 2:
                valence *= INTENSIFY
            elif before.role is Role.DIMINISHER and j >= i - 2:
                valence *= DIMINISH
            elif before.role in (Role.CONTRAST, Role.BOUNDARY):
                break
            elif before.role is Role.TERM and before.valence:
                break  # a negator further back is that term's: "zero problema, amo"
        if entry.negation_inside and concord:
            flips = 0  # "non ... mai più": one negation, the phrase's own
        strengthened = False
        for j in range(i + 1, min(len(units), i + 1 + NEGATION_AFTER_WINDOW)):
            after = units[j].entry
            if after is None:
                continue
            if after.role is Role.BOUNDARY:
                break
            if after.role is Role.INTENSIFIER_AFTER and not strengthened:
                valence *= INTENSIFY
                strengthened = True
            elif after.negates_after:
                flips += 1
                break
        if (flips and concord) or flips % 2:
            valence *= NEGATION_SCALAR
        if contrast_at is not None:
            valence *= BEFORE_CONTRAST if i < contrast_at else AFTER_CONTRAST
        total += valence
    return total


@cache
def english_words() -> Mapping[str, float]:
    """VADER's English lexicon (words of three letters or more), for languages written mixed
    with English: Taglish, Hinglish."""
    from crisistui.pipeline.sentiment.vader import analyzer

    return {
        w: float(v)
        for w, v in analyzer().lexicon.items()
        if w.isalpha() and len(w) >= 3 and w not in _SERVICE_WORDS
    }
