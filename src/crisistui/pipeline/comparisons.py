"""Comparisons that put the subject second: "Zephyr is way better than Acme Air" says Acme Air
is worse, though every word of it is praise.

A scorer reads words, not who they are about, so such a post read as praise of the brand: the
commonest way people say they switched to a competitor. A comparative followed, within two
words, by the subject is turned the other way round before the text is scored ("… way worse
than Acme Air"), in the languages where the comparison is written "better than X" (Tagalog's
"mas maganda ang Y kaysa sa X" too); Chinese writes it "比X好", turned the same way. The
subject named first ("Acme Air is better than Zephyr") is read as written, and so is a
comparison denied ("nothing is better than Acme Air").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_GAP = r"(?:\s+\S+){0,2}?\s+"
"""At most two words between the comparison and the subject ("than the new", "que con")."""

_BETTER = (
    r"better\s+than",
    r"mejor(?:es)?\s+que",
    r"melhor(?:es)?\s+(?:do\s+)?que",
    r"(?:(?:bien|beaucoup|tellement|vraiment)\s+)?(?:meilleur(?:e|s|es)?|mieux)\s+qu(?:e|')",
    r"besser\s+als",
    r"(?:meglio|migliore|migliori)\s+(?:di|del|della|dei|che)",
    r"лучше(?:\s*,?\s*чем)?",
    r"tốt\s+hơn",
    r"lebih\s+baik\s+(?:dari|daripada)",
    r"mas\s+(?:maganda|magaling|okay|ok)(?:\s+\S+){0,4}?\s+(?:kaysa|kesa)(?:\s+sa)?",
)
_WORSE = (
    r"worse\s+than",
    r"peor(?:es)?\s+que",
    r"pior(?:es)?\s+(?:do\s+)?que",
    r"pires?\s+qu(?:e|')",
    r"schlechter\s+als",
    r"(?:peggio|peggiore|peggiori)\s+(?:di|del|della|dei|che)",
    r"хуже(?:\s*,?\s*чем)?",
    r"tệ\s+hơn",
    r"lebih\s+buruk\s+(?:dari|daripada)",
    r"mas\s+(?:pangit|panget|malala)(?:\s+\S+){0,4}?\s+(?:kaysa|kesa)(?:\s+sa)?",
)
_TURNED = {
    # what each comparison reads as when the subject is turned to the front
    **{pattern: "worse" for pattern in _BETTER},
    **{pattern: "better" for pattern in _WORSE},
}
_SAID = {
    "worse": (
        "worse than", "peor que", "pior que", "pire que", "schlechter als", "peggio di", "хуже",
        "tệ hơn", "lebih buruk dari", "mas pangit kaysa",
    ),
    "better": (
        "better than", "mejor que", "melhor que", "meilleur que", "besser als", "meglio di",
        "лучше", "tốt hơn", "lebih baik dari", "mas maganda kaysa",
    ),
}  # fmt: skip
"""The same comparison turned, in the order of ``_BETTER`` and ``_WORSE``."""

_CUES = (
    "better", "worse", "mejor", "peor", "melhor", "pior", "meilleur", "mieux", "pire", "besser",
    "schlechter", "meglio", "miglior", "peggio", "peggior", "лучше", "хуже", "hon", "lebih",
    "mas ", "比",
)  # fmt: skip
"""A word every comparison holds, as ``fold`` writes it: most texts hold none, and a few
substring tests say so far faster than the patterns."""

_DENIED = re.compile(
    r"\b(?:nothing|no\s+one|nobody|none|nada|nadie|ninguna?|rien|personne|nichts|niemand|"
    r"niente|nessuno|ничто|ничего|никто|không\s+gì|tidak\s+ada|walang)\b",
    re.I,
)
_CHINESE = re.compile(r"比\s*(?P<subject>{subject})\s*(?P<more>[还更])?(?P<word>好|强|棒|差|烂|糟)")
_CHINESE_TURNED = {"好": "差", "强": "差", "棒": "差", "差": "好", "烂": "好", "糟": "好"}


class Comparisons:
    """Finds comparisons against one subject, as its terms are written."""

    def __init__(self, terms: Sequence[str]) -> None:
        written = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=len, reverse=True)
        subject = "|".join(r"\s+".join(map(re.escape, t.split())) for t in written)
        self._subject = re.compile(subject, re.I) if subject else None
        if self._subject is None:
            self._against = self._chinese = None
            return
        named = f"(?:{subject})"
        self._order = [*_BETTER, *_WORSE]
        groups = "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(self._order))
        self._against = re.compile(f"(?:{groups}){_GAP}{named}(?![0-9A-Za-z])", re.I)
        self._chinese = re.compile(_CHINESE.pattern.format(subject=subject), re.I)

    def turned(self, clause: str, folded: str) -> str:
        """``clause`` with a comparison against the subject turned round (the same string
        when there is none). ``folded``: ``fold(clause)``."""
        if self._against is None or self._chinese is None:
            return clause
        if not any(cue in folded for cue in _CUES):
            return clause
        if "比" in clause:
            clause = self._chinese.sub(_turn_chinese, clause)
        found = self._against.search(clause)
        if found is None or _DENIED.search(clause, 0, found.start()) is not None:
            return clause
        which = int(next(k for k, v in found.groupdict().items() if v is not None)[1:])
        turned = _TURNED[self._order[which]]
        said = _SAID[turned][which % len(_BETTER)]
        start, end = found.span(f"c{which}")
        return clause[:start] + said + clause[end:]


def _turn_chinese(found: re.Match[str]) -> str:
    return f"比{found['subject']}{found['more'] or ''}{_CHINESE_TURNED[found['word']]}"
