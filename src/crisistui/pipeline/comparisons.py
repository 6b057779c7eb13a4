"""Comparisons that put the subject second: "Zephyr is way better than Acme Air" says Acme Air
is worse, though every word of it is praise.

A scorer reads words, not who they are about, so such a post read as praise of the brand: the
commonest way people say they switched to a competitor. A comparative followed, within two
words, by the subject is turned the other way round before the text is scored ("… way worse
than Acme Air"), in the languages where the comparison is written "better than X" (Tagalog's
"mas maganda ang Y kaysa sa X" too, and Russian's and Vietnamese's "лучше X", "tốt hơn X" with
nothing between); Chinese writes it "比X好", turned the same way; also "X > Acme Air",
"prefer X over", "rather … than", "miles ahead of", a rival's edge ("cheaper, faster, more
reliable than"; "más barato que", "bequemer als", "rẻ hơn", "дешевле") and, the other way,
"not as good as" and "more expensive than". The forms, language by language, are in
``comparison_forms``. Read as written:

- the subject named first in its clause ("Acme Air is better than Zephyr");
- a superlative ("lo mejor que tiene Acme Air");
- a standard of comparison ("better than expected with Acme Air", "worse than usual at Acme
  Air check-in", "mejor que nunca con Acme Air");
- "没有比Acme Air更好的", "лучше Acme Air нет", "can't think of anything better than…".

A comparison denied ("nothing is better than Acme Air", "no airline is better than…") or
negated ("Zephyr is not better than Acme Air", "Zephyr не лучше Acme Air") loses its denial
or negator instead and reads as the praise of the subject it is (a scorer would read a
negated "better"); a question ("is Zephyr better than Acme Air?") says neither and loses the
comparison, unless it asks why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

import ahocorasick

from crisistui.domain.automaton import automaton
from crisistui.domain.hanzi import variants
from crisistui.domain.text import fold
from crisistui.pipeline.comparison_forms import (
    AS_WRITTEN,
    CHINESE,
    CHINESE_TURNED,
    CUE_WORDS,
    CUE_WORDS_RE,
    FORMS,
    STARTS,
    Form,
)

_GAP = r"(?:\s+\S+){0,2}?(?:\s+|(?<=['’]))"
"""At most two words between the comparison and the subject ("than the new", "que con"), or
none after an elision ("qu'Acme")."""
BEFORE_NAME = r"(?:l['’])?[#@]?"
"""What may be written onto the name: French's article, a hashtag or handle sign."""

_STANDARDS = frozenset(
    (
        "expected", "ever", "usual", "before", "i", "i'd", "i've", "we", "thought", "last",
        "average", "advertised", "promised", "hoped", "most", "imagined", "planned", "predicted",
        "nothing", "normal", "usually", "anticipated", "esperado", "esperaba", "nunca", "antes",
        "lo", "habitual", "siempre", "prévu", "prevu", "jamais", "avant", "d'habitude",
        "habitude", "erwartet", "je", "sonst", "gedacht", "nie", "immer", "previsto", "mai",
        "solito", "atteso", "biasanya", "sebelumnya", "yang", "dulu", "inaasahan", "dati",
        "ожидалось", "ожидал", "ожидала", "ожидали", "думал", "думала", "думали", "обычно",
        "раньше", "всегда", "mong", "đợi", "trước", "yesterday", "scheduled", "ayer", "gestern",
        "geplant", "ieri", "ontem", "hier", "вчера", "kemarin", "jadwal", "hôm",
    )
)  # fmt: skip
"""A first word after "than" that makes the comparison one with a time or an expectation,
not with the subject named after it."""

_DENIED = re.compile(
    r"(?<!\w)(?:nothing|no\s+one|nobody|none|no\s+\w+\s+is|anything|nada|nadie|ningun[oa]?|"
    r"nenhum[a]?|rien|personne|aucun[e]?|nichts|niemand|kein\w*|niente|nulla|nessun[oa]?|"
    r"ничто|ничего|никто|нет|không\s+gì|không\s+có|tidak\s+ada|gak\s+ada|ga\s+ada|"
    r"nggak\s+ada|walang)(?!\w)",
    re.I,
)
_ANY = frozenset(("anything",))
"""A denial only when asked or denied itself ("can't think of anything better than…", "is
there anything better than…"); "anything is better than Acme Air" is a complaint."""
_DENYING_ANY = re.compile(
    r"(?<!\w)(?:can['’]?t|cannot|don['’]?t|no|not|never|is\s+there|are\s+there)(?!\w)", re.I
)
_NEGATED = re.compile(
    r"(?:(?<!\w)(?:n['’]|ne\s+)\S*\s+pas"
    r"|(?<!\w)(?:not|never|pas|nicht|no|não|nao|non|không|tidak|gak|ga|nggak|hindi)"
    r"|(?<!\w)не|n't)\s+(?:\S+\s+)?$",
    re.I,
)
"""A negator right before the comparison, at most one word between ("no es mejor"); French's
"n'est pas" whole, or its "n'" would still negate."""
_DENIAL_WORDS = 4
"""How far before a comparison a denial reaches ("no airline is better than"): "Nothing went
wrong with Zephyr, so much better than Acme Air" denies nothing about the comparison."""
_EMOJI = re.compile("[\u2600-\u27bf\U0001f300-\U0001faff]\ufe0f?")
_WHY = re.compile(
    r"(?<!\w)(?:why|por\s*qu[eé]|pourquoi|warum|perch[eé]|почему|tại\s+sao|kenapa|mengapa|"
    r"bakit)(?!\w)|为什么|為什麼",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?;\n。！？；]")


def _lengths(words: Iterable[str]) -> ahocorasick.Automaton:
    """An automaton reporting each word with its length (where it starts is end + 1 - length)."""
    return automaton({word: len(word) for word in words})


_CUES = _lengths(
    [*(fold(word) for word in CUE_WORDS if word not in AS_WRITTEN), "kaysa", "kesa", "比"]
)
"""The cues as ``fold`` writes them: most texts hold none, and one pass of an automaton over
the folded text says so far faster than the patterns (or a hundred substring tests)."""
_CUE_PLACES = _lengths(CUE_WORDS)
"""The cues as written, lower-cased: where in a text a comparison may turn."""
_ARTICLES = frozenset(
    ("the", "lo", "el", "la", "los", "las", "o", "a", "os", "as", "le", "les", "il", "i", "gli")
)
"""A comparative after one of these is a superlative ("lo mejor que tiene Acme Air", "le
meilleur que Acme Air ait fait"): the best of the subject, not the rival over it."""
_VOCATIVE = re.compile(r"\s*(?:ơi|oi)(?!\w)", re.I)
"""Vietnamese's call after a name: the name is spoken to, not compared with."""
_GAP_ARTICLES = _ARTICLES | {
    *("a", "an", "un", "una", "uno", "une", "um", "uma", "der", "die", "das", "den", "dem"),
    *("des", "ein", "eine", "einen", "einem", "al", "del", "do", "da", "les", "l"),
}
"""What may stand between a rival's edge and the subject ("bequemer als die Acme Air")."""
_DENIED_AFTER = re.compile(
    r"\s*(?:нет|не\s+найти|не\s+сыскать|нигде(?:\s+\S+){0,3}|no\s+hay|không\s+có)(?!\w)"
    r"\s*(?:[.!?…]|$)",
    re.I,
)
"""Russian's "лучше Acme Air нет" (there is none better), Spanish's "mejor que Acme Air no
hay": the denial right after the name, ending the sentence ("…, no hay comparación" is the
rival's win)."""


class Comparisons:
    """Finds comparisons against one subject, as its terms are written; ``rivals``, the other
    subjects' terms, for the forms that need a rival named ("Zephyr > Acme Air")."""

    def __init__(self, terms: Sequence[str], rivals: Sequence[str] = ()) -> None:
        subject = alternatives(terms)
        self._against: re.Pattern[str] | None = None
        self._chinese: re.Pattern[str] | None = None
        self._turns: list[str] = []
        self._forms: list[Form] = []
        if not subject:
            return
        gapped, direct = [], []
        for form in FORMS:
            for pattern, turned in ((form.better, form.said_worse), (form.worse, form.said_better)):
                group = f"(?P<c{len(self._turns)}>{pattern})"
                self._turns.append(turned)
                self._forms.append(form)
                (gapped if form.gap else direct).append(group)
        named = f"{BEFORE_NAME}(?P<subject>{subject})(?![0-9A-Za-z])"
        self._against = re.compile(
            f"(?=[{STARTS}])(?<![^\\W\\d_])"
            f"(?:(?:{'|'.join(gapped)}){_GAP}|(?:{'|'.join(direct)})\\s+){named}",
            re.I,
        )
        self._subject = re.compile(f"(?<![0-9A-Za-z])(?:{subject})(?![0-9A-Za-z])", re.I)
        others = alternatives(rivals)
        self._rivals = re.compile(others, re.I) if others else None
        self._chinese = re.compile(CHINESE.format(subject=subject), re.I)

    def _candidates(self, clause: str) -> Iterator[re.Match[str]]:
        """Comparisons against the subject, first to last, tried only where a comparative is."""
        assert self._against is not None
        tried: set[int] = set()
        for place in _cue_places(clause):
            for start in _starts_here(clause, place):
                if start in tried:
                    continue
                tried.add(start)
                found = self._against.match(clause, start)
                if found is not None:
                    yield found
                    break

    def turned(self, clause: str, folded: str) -> str:
        """``clause`` with a comparison against the subject turned round (the same string
        when there is none). ``folded``: ``fold(clause)``."""
        if self._against is None or self._chinese is None:
            return clause
        vietnamese = "hon" in folded and "hơn" in clause.lower()
        if not vietnamese and next(_CUES.iter(folded), None) is None:
            return clause
        if "比" in clause and (chinese := self._chinese.search(clause)) is not None:
            return _turn_chinese(clause, chinese)
        for found in self._candidates(clause):
            read = self._read(clause, found)
            if read is not None:
                return read
        return clause

    def _read(self, clause: str, found: re.Match[str]) -> str | None:
        """``clause`` as it reads with the comparison ``found`` turned, its negator or denial
        dropped, or left out (a question); None when it is read as written."""
        which = int(next(k for k, v in found.groupdict().items() if k[0] == "c" and v)[1:])
        form = self._forms[which]
        start, end = found.span(f"c{which}")
        gap = clause[end : found.start("subject")]
        first = gap.split()[0].casefold().strip("'’\"") if gap.split() else ""
        if first in _STANDARDS or _SENTENCE_END.search(gap) or "," in gap:
            return None  # "better than expected with Acme Air", "than Zephyr, Acme Air rocks"
        named = found["subject"]
        sign = named[0] if named[0] in "#@" else clause[found.start("subject") - 1]
        between = [word for word in gap.split() if word.strip("#@")]
        loose = not form.gap and not form.rival_first  # no "than" to say what is compared
        other_words = any(word.casefold() not in _GAP_ARTICLES for word in between)
        if (sign == "#" and (loose or other_words)) or (
            form.edge and (other_words or (loose and sign in ("#", "@")))
        ):
            # "lebih mahal dari makanannya #AcmeAir", "доставку на день быстрее #AcmeAir": a
            # tag; "slower than a snail @AcmeAir", "cheaper than driving with Acme Air"
            return None
        sentence = _sentence(clause, start)
        own_clause = max(sentence[0], clause.rfind(",", 0, start) + 1)
        before = clause[sentence[0] : start].split()
        article = bool(before) and before[-1] != "I" and before[-1].casefold() in _ARTICLES
        if (form.comparative and article) or self._subject.search(clause, own_clause, start):
            return None  # "lo mejor que tiene Acme Air", "Acme Air is better than Zephyr…"
        if not before and not form.opens:
            return None  # "Лучше Acme Air, чем Zephyr": nothing before it to be better
        if form.rival_first and (
            self._rivals is None
            or not self._rivals.search(clause, _words_back(clause, own_clause, start, 4), start)
            or ">" in clause[found.end() : sentence[1]]
        ):
            return None  # "Settings > Acme Air > Notifications", a quote's ">"
        reach = _words_back(clause, own_clause, start, _DENIAL_WORDS)
        if (denial := _DENIED.search(clause, reach, start)) is not None:
            asked = clause[: sentence[1]].rstrip().endswith("?")
            if denial.group().casefold() not in _ANY:
                # "nothing is better than Acme Air" is praise, which a scorer would read as a
                # negated "better": without the denial, the words say what is meant
                return clause[: denial.start()] + " " + clause[denial.end() :]
            if asked or _DENYING_ANY.search(clause, own_clause, denial.start()):
                return None  # "can't think of anything better than Acme Air" reads so
        if (
            form.edge
            and loose
            and (self._rivals is None or not self._rivals.search(clause, own_clause, start))
        ):
            return None  # "Сегодня долетели быстрее Acme Air": flew faster, no rival named
        if loose and _VOCATIVE.match(clause, found.end()):
            return None  # "Vé rẻ hơn Acme Air ơi": cheaper tickets, Acme Air! (calling it)
        if _DENIED_AFTER.match(clause, found.end()):
            return None  # "лучше Acme Air нет", "mejor que Acme Air no hay"
        if (negator := _NEGATED.search(clause, own_clause, start)) is not None:
            # "Zephyr is not better than Acme Air": the subject's praise, as the words say
            return clause[: negator.start()] + " " + clause[negator.end() - 1 :]
        if clause[: sentence[1]].rstrip().endswith("?") and not _WHY.search(
            clause, sentence[0], sentence[1]
        ):
            return clause[:start] + " " + clause[end:]  # a question says neither
        # the emoji after it cheered the rival ("viel besser als Acme Air 👍")
        return clause[:start] + self._turns[which] + _EMOJI.sub("", clause[end:])


def alternatives(terms: Sequence[str]) -> str:
    """A regex of ``terms`` as written (any space between words), in either Chinese script,
    longest first."""
    spelled = {form for t in terms if t.strip() for form in variants(" ".join(t.split()))}
    written = sorted(spelled, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, t.split())) for t in written)


def _cue_places(text: str) -> list[int]:
    """Where a comparative word starts in ``text``, in order: one automaton pass over the
    lower-cased text (a regex alternation over a long post cost a hundred times more)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: places would drift
        return [m.start() for m in CUE_WORDS_RE.finditer(text)]
    return sorted({end + 1 - length for end, length in _CUE_PLACES.iter(lowered)})


def _words_back(text: str, start: int, at: int, words: int) -> int:
    """Where the ``words`` words before ``at`` begin, not before ``start``."""
    before = text[start:at].rstrip()
    for _ in range(words):
        space = max(before.rfind(" "), before.rfind("\t"))
        if space < 0:
            return start
        before = before[:space].rstrip()
    return start + len(before)


def _starts_here(text: str, at: int) -> list[int]:
    """Where a comparison holding the word at ``at`` may start, earliest first: two words
    before ("no es tan bueno como", "light years ahead of"), one ("bien meilleur que") or
    there."""
    starts = [at]
    for _ in range(2):
        if starts[0] == 0:
            break
        space = text.rfind(" ", 0, max(starts[0] - 1, 0))
        starts.insert(0, space + 1)
    return starts


def _sentence(text: str, at: int) -> tuple[int, int]:
    """Where the sentence holding ``at`` starts and ends (its closing mark included)."""
    start = 0
    for mark in _SENTENCE_END.finditer(text, 0, at):
        start = mark.end()
    after = _SENTENCE_END.search(text, at)
    end = len(text) if after is None else after.end()
    while end < len(text) and text[end] in "?!":
        end += 1
    return start, end


def _turn_chinese(text: str, found: re.Match[str]) -> str:
    """``Comparisons.turned`` for "比X好" and its kin."""
    before, after = text[: found.start()], text[found.end() :]
    subject, asked = found["subject"], found["asked"] or ""
    if found["denied"] == "不":  # "Zephyr不比Acme Air好": no better than Acme Air
        return before + found[0][1:] + after
    if found["denied"]:  # "没有比Acme Air更好的": none better
        return text
    if asked and not _WHY.search(text, 0, found.start()):
        return f"{before}比{subject}{asked}{after}"  # "Zephyr比Acme Air好吗？" asks
    turned = f"比{subject}{found['more'] or ''}{CHINESE_TURNED[found['word']]}"
    return before + turned + asked + _EMOJI.sub("", after)
