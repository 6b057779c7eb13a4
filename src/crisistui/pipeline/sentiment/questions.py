"""How a sentence asks, in any language a lexicon reads: a question asked once praises
nothing with its words of praise ("which is cheaper?"), one asked with "??" still says what it
says, and one asking why complains ("почему за газ пришло в три раза больше??"). The lexicon
analyser reads its units by these (``LexiconAnalyser._question``)."""

from __future__ import annotations

import re

ASKING = frozenset("?؟？")
"""The marks a sentence that asks ends in (asked once: one of them, alone)."""
SENTENCE_END = frozenset(".!?;…" + "؛؟۔।॥։።。！？；．｡")
"""Marks that end a sentence (a comma ends only a clause)."""
_WHY = frozenset(
    (
        "why", "warum", "wieso", "weshalb", "waarom", "perché", "perche", "pourquoi",
        "porqué", "pq", "xq", "neden", "niye", "niçin", "nicin", "dlaczego", "czemu",
        "kenapa", "mengapa", "knp", "почему", "зачем", "чому", "چرا", "لماذا", "ليش",
        "ليه", "ازاي", "bakit", "bkt", "למה", "מדוע", "क्यों", "kyu", "kyun",
        "kyon", "왜", "cadê", "cade",
    )
)  # fmt: skip
"""Words that make a question a complaint ("why was my card blocked?", "cadê meu reembolso?"),
folded."""


def asks_why(words: list[str]) -> bool:
    """Whether a question's words ask why: Vietnamese "sao" does only at the start or after
    "tại", "vì" ("làm sao" is how, "không sao" no matter)."""
    for i, word in enumerate(words):
        if word in _WHY:
            return True
        if word == "sao" and (i == 0 or words[i - 1] in ("tại", "vì", "tai", "vi")):
            return True
    return False


def asked_once(folded: str, end: re.Match[str]) -> bool:
    """Whether the clause ``end`` closes is a question asked once ("?", not "??", "?!" or
    "؟؟", whose marks the clause pattern finds one by one)."""
    return (
        end.group() in ASKING
        and folded[end.start() - 1 : end.start()] not in ASKING
        and folded[end.end() : end.end() + 1] not in ASKING
    )


_POLITE_ENDINGS = ("ครับ", "คับ", "ค่ะ", "คะ", "จ้า", "จ๊ะ", "นะ")
"""Thai's polite particles, said after the question's own word ("ดีไหมคะ")."""


def asks_by_particle(clause: str, particles: tuple[str, ...]) -> bool:
    """Whether ``clause`` ends in one of ``particles`` (a lexicon's ``asking_ends``: Thai
    "อร่อยไหม", is it tasty; "กินอะไรดี", what shall I eat; Chinese "值得买吗"), polite
    endings set aside."""
    clause = clause.rstrip()
    while True:
        polite = next((p for p in _POLITE_ENDINGS if clause.endswith(p)), None)
        if polite is None or len(clause) == len(polite):
            break
        clause = clause[: -len(polite)]
    return clause.endswith(particles)
