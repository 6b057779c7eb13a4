"""The form a text and a lexicon entry are compared in, per language.

Case is folded and the text is put in NFC, but accents stay: Vietnamese "tệ" (bad) is not
"te", and Spanish "mas" is not "más". Arabic and Persian drop their optional vowel marks and
unify the letters their keyboards write differently, so one entry matches every spelling.
"""

from __future__ import annotations

import re
import unicodedata

from crisistui.domain.text import HASHTAG, hashtag_split
from crisistui.domain.vietnamese import one_tone_placement

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه"}
)
_PERSIAN = str.maketrans(
    {"أ": "ا", "إ": "ا", "ٱ": "ا", "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "\u200c": None}
)
"""Also without the half-space (ZWNJ), typed or left out at will: "نمی‌دن" is "نمیدن"."""
_VARIATION = re.compile("[\ufe0e\ufe0f]")
_HEBREW_FINALS = str.maketrans({"ם": "מ", "ן": "נ", "ץ": "צ", "ף": "פ", "ך": "כ"})
_APOSTROPHE = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})


def fold_for(language: str, text: str) -> str:
    """``text`` as the lexicon of ``language`` is written: NFC, case-folded, one apostrophe,
    hashtags split at their capitals; for Arabic and Persian without tashkeel and with
    unified letters, for Hebrew with final letters written as the others."""
    text = unicodedata.normalize("NFC", _VARIATION.sub("", text))
    if language in ("tr", "az"):  # dotted and dotless i are two letters there
        text = text.replace("İ", "i").replace("I", "ı")
    if "#" in text:  # #BoycottAcmeAir → #Boycott Acme Air, before the case is folded
        text = HASHTAG.sub(lambda m: "#" + hashtag_split(m.group(1)), text)
    text = text.casefold().translate(_APOSTROPHE)  # phones type ’ where lexicons have '

    if language in ("ar", "ur"):
        return _TASHKEEL.sub("", text).translate(_ARABIC)
    if language == "fa":
        return _TASHKEEL.sub("", text).translate(_PERSIAN)
    if language == "vi":
        return one_tone_placement(text)  # "hoà" and "hòa": one form
    if language in ("he", "yi"):  # final letters are the same letters: one stem matches both
        return text.translate(_HEBREW_FINALS)
    return text
