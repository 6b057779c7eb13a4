"""Relief: a trouble feared and then not met. "Thought renewing my licence would be a
nightmare, in and out in 10 minutes", "Pensé que el pasaporte iba a ser un infierno y en 20
minutos ya estaba", "Думал, замена паспорта — это ад, а управился за 15 минут", "Pensavo che
sarebbe stato un incubo, invece 15 minuti". The nightmare is what the writer expected, not
what happened: read as a complaint, it turned praise into one. Each such post in the labelled
sets at hand praises.

The scorer reads the rest of the post without the fear, and a post that then says nothing bad
is relief: praise.
"""

from __future__ import annotations

import re

_EXPECTED = (
    r"(?:i\s+)?(?:thought|expected|was\s+expecting|feared|was\s+dreading|"
    r"pens[ée]\s+que|pensaba\s+que|cre[íi]\s+que|esperaba\s+que|pensei\s+que|achei\s+que|"
    r"je\s+pensais|j'pensais|je\s+croyais|j'croyais|pensavo|credevo|temevo|"
    r"(?:ich\s+)?dachte|ich\s+hatte\s+befürchtet|думал[аи]?|ожидал[аи]?|боял(?:ся|ась)|"
    r"(?:cứ\s+)?tưởng|akala\s+ko|akala\s+namin|kirain|kukira|sangka(?:nya)?|"
    r"sandım|zannettim|myślałem|myślałam|ik\s+dacht|dacht\s+ik|"
    r"فکر\s*می[\u200c\s]?کردم|خیال\s+می[\u200c\s]?کردم|كنت\s+فاكر|كنت\s+أظن|كنت\s+اظن|"
    r"maine\s+socha|socha\s+tha|सोचा\s+था)"
)
_FEARED = (
    r"(?:nightmare|hell|a\s+pain|a\s+disaster|torture|an\s+ordeal|"
    r"(?:un|el)\s+infierno|una\s+pesadilla|un\s+calvario|una\s+tortura|un\s+desastre|"
    r"(?:um|o)\s+inferno|um\s+pesadelo|uma\s+tortura|um\s+caos|"
    r"l'enfer|un\s+cauchemar|une\s+galère|un\s+calvaire|"
    r"un\s+incubo|un\s+inferno|un\s+calvario|un\s+disastro|"
    r"(?:ein|der)\s+albtraum|die\s+hölle|eine\s+katastrophe|"
    r"ад(?:ом)?|кошмар(?:ом)?|мучение(?:м)?|"
    r"ác\s+mộng|cực\s+hình|địa\s+ngục|"
    r"bangungot|impyerno|mimpi\s+buruk|neraka|ribet\s+banget|"
    r"kabus|işkence|cehennem|koszmar|piekło|een\s+nachtmerrie|een\s+hel|"
    r"کابوس|جهنم|عذاب|كابوس|جحيم|"
    r"मुश्किल|बुरा\s+सपना)"
)
_RELIEF = re.compile(
    rf"(?i)(?<!\w){_EXPECTED}(?!\w),?[^.!?\n。！？,;]{{0,80}}?(?<!\w){_FEARED}(?!\w)"
    r"|(?:本以为|还以为|以为)[^。！？!?]{0,30}?(?:噩梦|地狱|很麻烦|会很难|折腾)"
    r"|(?:地獄|悪夢|大変)[^。！？!?]{0,10}?(?:だと思って|と思って|かと思って)"
)
"""An expectation and the trouble it feared, in one sentence."""

RELIEF = 0.3
"""The praise of a post that feared a trouble and says nothing bad of what happened."""


def feared(text: str) -> str | None:
    """``text`` without the trouble it says it feared, when it says so, else None."""
    if len(text) < 12:
        return None
    found = _RELIEF.search(text)
    if found is None:
        return None
    return f"{text[: found.start()]} {text[found.end() :]}"
