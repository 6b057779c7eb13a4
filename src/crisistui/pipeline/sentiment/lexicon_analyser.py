"""A lexicon analyser for one language: VADER's rules over a lexicon written for that language.

The rules are VADER's where a language allows them: a negator up to three words before a term
flips and shrinks it (unless another term comes between: it is that one's), intensifiers
scale it, what follows "but" weighs more, "!" emphasises.
Languages written without spaces (Chinese, Japanese, Thai) and Korean, whose particles attach
to words, are read by longest match against the lexicon instead of by words, which needs no
segmenter: only the lexicon's own entries have to be found.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from crisistui.domain.text import MAX_SCORED_CHARS
from crisistui.pipeline.sentiment.affixes import Affixes
from crisistui.pipeline.sentiment.analyser import WHY_VALENCE, compound, without_quotes
from crisistui.pipeline.sentiment.emoji import EmojiTable, emoji_table
from crisistui.pipeline.sentiment.handles import without_handles
from crisistui.pipeline.sentiment.lexicon import (
    APOSTROPHES,
    BOUNDARY,
    CONTINUOUS,
    STRETCHED,
    WORD,
    Entry,
    Lexicon,
    Role,
    stem,
    verb_stem,
)
from crisistui.pipeline.sentiment.normalise import fold_for
from crisistui.pipeline.sentiment.questions import (
    ASKING,
    SENTENCE_END,
    asked_once,
    asks_by_particle,
    asks_why,
)

NEGATION_WINDOW = 3
NEGATION_AFTER_WINDOW = 2
NEGATION_SCALAR = -0.74
INTENSIFY = 1.3
DIMINISH = 0.7
BEFORE_CONTRAST = 0.5
AFTER_CONTRAST = 1.5
EXCLAMATION = 0.292
MAX_EXCLAMATIONS = 4
MAX_PHRASE_WORDS = 10
"""The longest phrase a lexicon holds ("pas du tout ce que j'ai commandé"); longer entries
would never be read."""
MAX_CONTINUOUS_CHARS = 20
"""Thai writes vowels and tones as marks of their own: a common phrase runs to 18."""
SPACE_ENDS_CLAUSE = frozenset({"th", "lo", "km", "my"})
"""Scripts whose writers put a space where others put a comma or a full stop."""
CONTINUOUS_NEGATION_WINDOW = 5
"""Each unknown character is one unit there, so a negator reaches a little further."""
MAX_REMEMBERED_WORDS = 10_000
"""Words remembered per language with what they read as (about 3 MB at most); the most
frequent words of a language are far fewer, so forgetting them all now and then costs little."""

_LATIN_RUN = re.compile(r"[a-z0-9']+")
_SCRIPT_STOPS = "،؛؟۔।॥։።፣፤።。，！？；：、．｡､﹐﹑﹒"
"""Commas, full stops and question marks of other scripts (Arabic's ، ؛ ؟, Urdu's ۔,
Devanagari's danda, Armenian, Ethiopic, the CJK full-width forms): a clause ends there as at
a Latin one, so "ما ترد أبدا، مهزلة" keeps its negation in the first clause."""
_CLAUSE_CHARS = ".,!?;:…" + _SCRIPT_STOPS
_CLAUSE_END = re.compile(r"[.,!?;:…]+(?!\d)|[" + _SCRIPT_STOPS + "]")


ABBREVIATIONS = frozenset(
    (
        "ca", "bzw", "usw", "etc", "ggf", "evtl", "inkl", "nr", "dr", "vs", "approx",
        "env", "mr", "mrs", "ms", "sr", "sra", "dra", "av", "tel", "st", "ex", "pp",
        "ул", "г", "др", "см", "тыс", "руб", "млн",
    )
)  # fmt: skip
"""Words shortened with a full stop that ends no sentence ("ca. einmal im Monat", "50 тыс.
руб"), so a question after one asks from the sentence's start."""


def _abbreviated(words: list[str], end: str) -> bool:
    """Whether a full stop after ``words`` is an abbreviation's ("Lohnt sich die BahnCard,
    wenn man ca. einmal im Monat fährt?")."""
    return end == "." and bool(words) and words[-1] in ABBREVIATIONS


SMILE = "🙂"
"""A smile read as applause is: sarcasm after a failure ("Cảm ơn điện lực đã cắt điện đúng lúc
trời 40 độ nha, tuyệt vời ghê 🙂"), a smile after praise or alone ("新年快乐🙂")."""
CLAPPING = "👏"
"""Applause for what was said last: after a failure it is sarcasm in every language ("Goed
bezig NS, weer een storing in de spits 👏"), and the post's praise counts as complaint; after
praise or a problem solved ("Problem in 10 Minuten gelöst 👏") it is applause."""

THUMBS_UP = "👍"
"""A thumbs-up right after a failure is the same sarcasm ("服务真是一流呢👍" after a five-hour
delay); after praise that followed a complaint it is approval ("charge refunded at once, great
service 👍"), so only the last word read decides."""

_CONTINUOUS_WHY = (
    "为什么", "為什麼", "为啥", "為啥", "怎么又", "なぜ", "なんで", "どうして", "ทำไม", "왜",
)  # fmt: skip
"""Words that make a question a complaint in the languages read by longest match (as
``questions``' list does in the others)."""
_WHY_WORD = "why"
"""What a continuous question asking why is read as (``asks_why`` knows it)."""


@dataclass(frozen=True, slots=True)
class _Unit:
    entry: Entry | None
    """None: a word or character the lexicon does not know."""


_UNKNOWN = _Unit(None)
_END_OF_CLAUSE = _Unit(BOUNDARY)
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

    def score(self, text: str, *, ironic: bool = False) -> float:
        """``ironic``: the post marks itself as meaning the opposite of its praise ("merci
        d'avoir annulé mon vol, super service 🙃"), so each word of praise counts as a
        complaint beside the complaints it makes in earnest; turning the whole sum around
        instead left such a post near neutral."""
        text = text[:MAX_SCORED_CHARS]
        text = without_quotes(text)
        folded = fold_for(self.lexicon.language, without_handles(text))
        if self.continuous:
            units = self._continuous(folded)
        else:
            asks = bool(self.lexicon.or_in_questions) and ("?" in text or "؟" in text)
            units = self._words(folded, asks)
        window = CONTINUOUS_NEGATION_WINDOW if self.continuous else NEGATION_WINDOW
        lexicon = self.lexicon
        read = _valences(
            units, lexicon.negative_concord, window, lexicon.after_window, lexicon.after_praise_only
        )
        valences = [valence for _, valence in read]
        if not ironic and (CLAPPING in text or SMILE in text) and _applauds_failure(read, units):
            ironic = True  # "Goed bezig NS, weer een storing 👏": applause for a failure
        elif not ironic and THUMBS_UP in text and read and read[-1][1] < 0 and _signs_off(text):
            ironic = True  # "mantap ya, … besoknya mati lampu seharian 👍"
        total = sum(-abs(v) for v in valences) if ironic else sum(valences)
        emoji = self.emoji.valence(text, beside=total)
        total += -abs(emoji) if ironic else emoji  # "Merci 👍👍 🙃": praise in emoji too
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
        if self.lexicon.verb_stems and (valence := self._verb_valence(word)) is not None:
            return Entry(Role.TERM, valence)
        if self.english is not None and (valence := self.english.get(word)) is not None:
            return Entry(Role.TERM, valence)
        if STRETCHED.search(word):  # "ngonnn", "gandaaa", "sooo good"
            for shorter in (STRETCHED.sub(r"\1", word), STRETCHED.sub(r"\1\1", word)):
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

    def _verb_valence(self, word: str) -> float | None:
        """The valence of a verb form the lexicon does not list, through one it does that
        shares its stem ("rovinando" through "rovina", "arnaquent" through "arnaqué")."""
        root = verb_stem(self.lexicon.language, word)
        return None if root is None else self.lexicon.verb_stems.get(root)

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
        asking_from: int | None = None  # the clause of the sentence a word asked in
        for end in [*_CLAUSE_END.finditer(folded), None]:
            clause = folded[start : end.start() if end is not None else len(folded)]
            words = [w for w in (w.strip(APOSTROPHES) for w in WORD.findall(clause)) if w]
            clause_from = len(units)
            self._clause(words, units, asks)
            said.extend(words)
            marked = end is not None and not ASKING.isdisjoint(end.group())
            if not marked and words:
                spoken = " ".join(words)
                if asking_from is None and _holds(spoken, self.lexicon.asking):
                    asking_from = clause_from
                if _ends_with(spoken, self.lexicon.asking_ends):
                    self._question(units, clause_from, words, True)
            if end is None or (
                not SENTENCE_END.isdisjoint(end.group()) and not _abbreviated(words, end.group())
            ):
                if marked:
                    self._question(units, sentence, said, asked_once(folded, end))
                elif asking_from is not None:
                    self._question(units, asking_from, said, True)
                sentence, said, asking_from = len(units) + 1, [], None
            units.append(_END_OF_CLAUSE)
            if end is None:
                break
            start = end.end()
        return units

    def _question(self, units: list[_Unit], start: int, words: list[str], once: bool) -> None:
        """A sentence from ``units[start]`` that asks: a why-question complains even in
        words of no sentiment ("почему за газ пришло в три раза больше??"); any other
        negates a complaint only to accuse ("isn't this a scam?"), and asked once ("which is
        better?") praises nothing, and one weighing praise against complaint ("is the
        service good or bad?") says neither."""
        valences = [u.entry.valence for u in units[start:] if u.entry is not None]
        if asks_why(words):
            if not any(valence < 0 for valence in valences):
                # after a boundary: "warum geht das nicht?" must not negate the complaint
                units += (_END_OF_CLAUSE, _WHY_COMPLAINS)
            return
        window = CONTINUOUS_NEGATION_WINDOW if self.continuous else NEGATION_WINDOW
        _rhetorical(units, start, window)
        if once:
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
        sentence = sentence_at = 0  # where the sentence began, in units and in characters
        clause = clause_at = 0  # where the clause began, in units and in characters
        while i < n:
            char = folded[i]
            if char.isspace():
                if clause_spaces and units and units[-1].entry is not BOUNDARY:
                    self._asks_unmarked(units, clause, folded[clause_at:i], folded[sentence_at:i])
                    units.append(_END_OF_CLAUSE)
                    clause, clause_at = len(units), i + 1
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
                said = folded[sentence_at:i]
                if char in ASKING:  # a question: as words are read (``_question``)
                    once = folded[i - 1 : i] not in ASKING and folded[i + 1 : i + 2] not in ASKING
                    self._question(units, sentence, _continuous_why(said), once)
                else:
                    self._asks_unmarked(units, clause, folded[clause_at:i], said)
                    if char in SENTENCE_END:
                        self._asked_in(units, sentence, said)
                units.append(_END_OF_CLAUSE)
                clause, clause_at = len(units), i + 1
                if char in SENTENCE_END:
                    sentence, sentence_at = len(units), i + 1
            i += 1
        said = folded[sentence_at:]
        self._asks_unmarked(units, clause, folded[clause_at:], said)
        self._asked_in(units, sentence, said)
        return units

    def _asks_unmarked(self, units: list[_Unit], clause: int, text: str, said: str) -> None:
        """A clause from ``units[clause]`` ending in a particle that asks ("值得买吗",
        "อร่อยไหม") is a question asked once, as one ending in "?" is."""
        ends = self.lexicon.asking_ends
        if ends and asks_by_particle(text, ends):
            self._question(units, clause, _continuous_why(said), True)

    def _asked_in(self, units: list[_Unit], sentence: int, said: str) -> None:
        """A sentence holding a word that asks ("请问", "求推荐") is a question asked once."""
        if any(word in said for word in self.lexicon.asking):
            self._question(units, sentence, _continuous_why(said), True)


def _continuous_why(said: str) -> list[str]:
    """The words ``_question`` reads a sentence of a continuous script by: why, or none."""
    return [_WHY_WORD] if any(word in said for word in _CONTINUOUS_WHY) else []


def _holds(spoken: str, phrases: tuple[str, ...]) -> bool:
    """Whether the words ``spoken`` (one space apart) hold one of ``phrases`` whole."""
    padded = f" {spoken} "
    return any(f" {phrase} " in padded for phrase in phrases)


def _ends_with(spoken: str, phrases: tuple[str, ...]) -> bool:
    """Whether the words ``spoken`` end in one of ``phrases`` whole."""
    return any(spoken == p or spoken.endswith(" " + p) for p in phrases)


def _rhetorical(units: list[_Unit], start: int, window: int) -> None:
    """Drops the negators of a question's complaints: a question that negates a complaint
    accuses rather than denies ("isn't this a scam?", "¿no es una estafa?", "这不是骗人吗？",
    "ひどくない？", "심하지 않아?"), and was read as praise. The negators are those
    ``_valence`` would apply to the complaint, in the question's last clause ("no está mal,
    ¿alguna recomendación?" asks only the second) that holds a word: a name or a handle
    left out leaves an empty one ("¿no es una estafa, @Vueling?")."""
    end = len(units)
    for i in range(len(units) - 1, start - 1, -1):
        if units[i].entry is BOUNDARY:
            if i + 1 < end:
                start = i + 1
                break
            end = i
    for i in range(start, len(units)):
        entry = units[i].entry
        if entry is None or entry.role is not Role.TERM or entry.valence >= 0:
            continue
        for j in range(i - 1, max(start - 1, i - 1 - window), -1):
            before = units[j].entry
            if before is None:
                continue
            if before.role is Role.NEGATOR:
                units[j] = _UNKNOWN
            elif before.role in (Role.CONTRAST, Role.BOUNDARY) or (
                before.role is Role.TERM and before.valence
            ):
                break
        for j in range(i + 1, min(len(units), i + 1 + NEGATION_AFTER_WINDOW)):
            after = units[j].entry
            if after is None:
                continue
            if after.role is Role.BOUNDARY:
                break
            if after.negates_after:
                units[j] = _UNKNOWN
                break


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


def _applauds_failure(read: list[tuple[int, float]], units: list[_Unit]) -> bool:
    """Whether applause is for a failure: the last term read complains ("Goed bezig NS, weer
    een storing 👏"), or the last clause that says anything only praises, after an earlier
    clause complained ("in tilt proprio il 27, bravissimi 👏"). A post that turns with a
    "but" from what it feared to what happened ("pensé que se cancelaría, pero llegamos a
    tiempo 👏") applauds, and praise in the clause of the trouble ("problema risolto in 10
    minuti 👏") is for its end."""
    if not read:
        return False
    if read[-1][1] < 0:
        return True
    if any(u.entry is not None and u.entry.role is Role.CONTRAST for u in units):
        return False
    last = read[-1][0]
    closing = [valence for clause, valence in read if clause == last]
    return all(v > 0 for v in closing) and any(v < 0 for c, v in read if c < last)


def _signs_off(text: str) -> bool:
    """Whether the post's last thumbs-up comes after its last word: a sign-off, not a 👍
    opening the praise that follows it."""
    after = text[text.rindex(THUMBS_UP) + 1 :]
    return not any(char.isalnum() for char in after)


def _negates_next(units: list[_Unit], j: int) -> bool:
    """Whether the negator at ``j``, one that may also follow its term, is the next word's:
    a word of sentiment right after it."""
    following = units[j + 1].entry if j + 1 < len(units) else None
    return following is not None and following.role is Role.TERM and bool(following.valence)


def _valences(
    units: list[_Unit],
    concord: bool = False,
    window: int = NEGATION_WINDOW,
    after_window: int = NEGATION_AFTER_WINDOW,
    after_praise_only: bool = False,
) -> list[tuple[int, float]]:
    """Each term's valence by VADER's rules over a sequence of units, with the number of the
    clause it stands in; with ``concord`` (Slavic, Romance, Persian) any number of negators
    before a term is one negation; a negator may follow its word within ``after_window``
    units (with ``after_praise_only``, only a word of praise)."""
    contrast_at = next(
        (i for i, u in enumerate(units) if u.entry is not None and u.entry.role is Role.CONTRAST),
        None,
    )
    valences: list[tuple[int, float]] = []
    clause = 0
    for i, unit in enumerate(units):
        entry = unit.entry
        if entry is BOUNDARY:
            clause += 1
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
        for j in range(i + 1, min(len(units), i + 1 + after_window)):
            after = units[j].entry
            if after is None:
                continue
            if after.role is Role.BOUNDARY:
                break
            if after.role is Role.INTENSIFIER_AFTER and not strengthened:
                valence *= INTENSIFY
                strengthened = True
            elif after.negates_after:
                if (after_praise_only and valence < 0) or (
                    after.role is Role.NEGATOR and _negates_next(units, j)
                ):
                    break  # "verspätet und nicht mal …"; "gut und nicht teuer" is teuer's
                flips += 1
                break
        if (flips and concord) or flips % 2:
            valence *= NEGATION_SCALAR
        if contrast_at is not None:
            valence *= BEFORE_CONTRAST if i < contrast_at else AFTER_CONTRAST
        valences.append((clause, valence))
    return valences
