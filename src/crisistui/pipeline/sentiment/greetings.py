"""A greeting that opens a post addressed to someone: "Buenas tardes @Movistar_ES, llevo 10
días sin fibra…", "Good morning @SkyPath, my flight…", "سلام وقت بخیر @irancell، از دیروز…". Its
"good" ("buenas", "добрый", "بخیر", "الخير", "magandang") is courtesy, and a complaint that
opens so read as praise when nothing else in it was a word of sentiment. Greetings are left
in where no one is addressed: on real tweets people reading "Good morning! Back to work with
my favourite subject" call it warm, and nothing here changes those (XLM-T holds no greeting
followed by a handle but one neutral question)."""

from __future__ import annotations

import re

_ADDRESSED = re.compile(
    r"(?i)^\W*(?:hi|hello|hey)?\s*(?:"
    r"good\s+(?:morning|afternoon|evening|day)|buen[oa]s(?:\s+(?:tardes|noches|d[ií]as))?|"
    r"buen\s+d[ií]a|bom\s+dia|boa\s+(?:tarde|noite)|добр(?:ый|ое|ого)\s+(?:день|утро|вечер|дня)|"
    r"(?:سلام\s+)?(?:وقت|روز|صبح|عصر|شب)\s+(?:بخیر|به\s+خیر)|(?:صباح|مساء)\s+(?:الخير|النور)|"
    r"magandang\s+(?:umaga|hapon|gabi|tanghali)|iyi\s+(?:günler|akşamlar)|"
    r"selamat\s+(?:pagi|siang|sore|malam)"
    r")\s*[,،!.]?\s*(?=@)"
)
"""A greeting at the very start, then a handle (what is left of one whose name was blanked)."""


def without_greeting(text: str) -> str:
    """``text`` without a greeting that opens it towards an @handle."""
    if "@" not in text:
        return text
    found = _ADDRESSED.match(text)
    return text if found is None else text[found.end() :]
