"""One spelling for the feed filter: letters people type either way are indexed and searched
as one.

The full-text index (SQLite's FTS5 ``unicode61``, and PostgreSQL's twin of it) folds case and
Latin accents, but not letters that are letters of their own: Turkish dotless ı ("SIZDIRILDI",
typed in capitals, is "sızdırıldı"), Polish ł and German ß ("blad", "strasse"), Vietnamese đ
("dang" for "đang"), Arabic alef with or without its hamza ("اسعار", "أسعار"), the yeh and
kaf Persian and Arabic keyboards type differently (ی ي ى, ک ك), and the feminine ending ة that
informal Arabic types ه ("خدمه", "الواحه"; since SQLite schema 19, PostgreSQL 14). It also
splits a word at an
Arabic vowel mark, a tatweel or a Persian half-space (ZWNJ), and reads Arabic-Indic and
Persian digits as other characters than 0-9 ("١٢٠" is not "120"). Text is indexed in this
form and every typed word is searched in it.

The table is frozen: the index holds texts in this form, so changing it needs a migration
that re-indexes the mentions it touches (SQLite's ``schema``, PostgreSQL's ``fts``).
"""

from __future__ import annotations

import re

_DIGITS = "0123456789"
_HARAKAT = [chr(code) for code in range(0x064B, 0x0653)] + ["\u0670"]
"""Arabic tanween, fatha, damma, kasra, shadda, sukun, and the dagger alef."""

SEARCH_FORMS: tuple[tuple[str, str], ...] = (
    ("ı", "i"),
    ("ł", "l"),
    ("Ł", "l"),
    ("đ", "d"),
    ("Đ", "d"),
    ("ß", "ss"),
    ("ẞ", "ss"),
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ى", "ي"),
    ("ی", "ي"),
    ("ک", "ك"),
    ("ة", "ه"),
    *((chr(0x0660 + n), _DIGITS[n]) for n in range(10)),  # Arabic-Indic digits
    *((chr(0x06F0 + n), _DIGITS[n]) for n in range(10)),  # Persian digits
    ("\u200c", ""),  # zero-width non-joiner (the Persian half-space)
    ("\u0640", ""),  # tatweel, the Arabic stretching stroke
    *((mark, "") for mark in _HARAKAT),
)
"""Each character and what it is indexed and searched as (empty: left out)."""

_TABLE = str.maketrans({old: new or None for old, new in SEARCH_FORMS})
_ANY = re.compile("[" + "".join(re.escape(old) for old, _ in SEARCH_FORMS) + "]")


def search_form(text: str) -> str:
    """``text`` as the feed filter's index holds it (most texts unchanged)."""
    if text.isascii() or _ANY.search(text) is None:
        return text
    return text.translate(_TABLE)


def changed_characters() -> str:
    """Every character ``search_form`` changes, in one string."""
    return "".join(old for old, _ in SEARCH_FORMS)
