"""Praise exclaimed at the same trouble again: "Great, another outage right before my
deadline", "oh great, Orbit Fiber is down again", "Toll, A1 erhöht schon wieder die Preise",
"Génial, encore une grève". Its only word of praise is the exclamation, and what it greets is
a repeat: sarcasm, in every language that greets trouble so. Each such post in the labelled
sets at hand is a complaint, three of the five read as praise.

The scorer reads the post's praise the other way round when what follows the exclamation
praises nothing by itself ("Great, another win for the team" still praises).
"""

from __future__ import annotations

import re

from crisistui.domain.text import PICTOGRAPH
from crisistui.pipeline.sentiment.thanks import REMEDY, SENTENCE_BREAK

_EXCLAIMED = re.compile(
    r"(?i)^\W*(?:@\w+\s+)*(?:oh\s+|ah\s+|wow\s+)?(?:"
    r"great|wonderful|perfect|fantastic|awesome|brilliant|lovely|amazing|great job|well done|"
    r"genial|perfecto|estupendo|maravilloso|génial|genial|super|parfait|formidable|toll|prima|"
    r"klasse|perfetto|fantastico|ottimo|magnifico|ótimo|otimo|perfeito|maravilha|отлично|супер|"
    r"прекрасно|класс|замечательно|tuyệt vời|hay quá|ayos|galing|harika|süper|mükemmel|"
    r"hebat|mantap|świetnie|super|geweldig|mooi zo|عالی|ممتاز|رائع|بہت خوب|badhiya|wah"
    r")(?!\w)(?-i:(?:\s+@?[A-Z][\w&.\-]*){0,3})[,.!…]+\s*"
)
"""A praise exclaimed at the start, alone or to a name ("Great job Verizon,"), not praise of
something named ("Great news, another route to Lisbon")."""
_AGAIN = re.compile(
    r"(?i)(?<!\w)(?:another|yet another|again|once again|otra vez|otro|otra|de nuevo|encore|"
    r"schon wieder|wieder|noch ein\w*|di nuovo|un altro|un'altra|ancora|mais um|mais uma|"
    r"de novo|outra vez|опять|снова|ещё|еще|lại|na naman|ulit|yine|tekrar|lagi|znowu|"
    r"alweer|weer|دوباره|باز|تاني|مجددا|phir se|fir se)(?!\w)|又|また|또"
)
"""Words that say the trouble is a repeat."""
_REACH = 80
"""How far into its sentence the repeat is looked for."""


def greeted_again(text: str) -> str | None:
    """The words of the sentence a praise is exclaimed at, when that sentence is a repeat
    ("another outage right before my deadline"; its emoji left out, which may be more of the
    same sarcasm), or None when the post does not open so."""
    found = _EXCLAIMED.search(text)
    if found is None:
        return None
    sentence = SENTENCE_BREAK.split(text[found.end() :], 1)[0]
    if _AGAIN.search(sentence[:_REACH]) is None or REMEDY.search(sentence) is not None:
        return None  # "Great, the app works again!" is relief
    return PICTOGRAPH.sub(" ", sentence)
