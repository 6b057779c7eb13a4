"""Which writing system a text is mostly written in.

Several scripts belong to one language in practice (Hangul, Kana, Thai, Hebrew…), so knowing
the script is often knowing the language, and it needs no minimum length. Counting runs in C
through one compiled class per script keeps this cheap for the common, all-ASCII case.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Script(StrEnum):
    LATIN = "latin"
    CYRILLIC = "cyrillic"
    ARABIC = "arabic"
    HEBREW = "hebrew"
    GREEK = "greek"
    ARMENIAN = "armenian"
    GEORGIAN = "georgian"
    DEVANAGARI = "devanagari"
    BENGALI = "bengali"
    GURMUKHI = "gurmukhi"
    GUJARATI = "gujarati"
    ORIYA = "oriya"
    TAMIL = "tamil"
    TELUGU = "telugu"
    KANNADA = "kannada"
    MALAYALAM = "malayalam"
    SINHALA = "sinhala"
    THAI = "thai"
    LAO = "lao"
    MYANMAR = "myanmar"
    KHMER = "khmer"
    ETHIOPIC = "ethiopic"
    HANGUL = "hangul"
    KANA = "kana"
    HAN = "han"


_RANGES: dict[Script, str] = {
    Script.LATIN: "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff",
    Script.CYRILLIC: "\u0400-\u04ff\u0500-\u052f",
    Script.ARABIC: "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff",
    Script.HEBREW: "\u05d0-\u05f2\ufb1d-\ufb4f",
    Script.GREEK: "\u0370-\u03ff\u1f00-\u1fff",
    Script.ARMENIAN: "\u0531-\u058f",
    Script.GEORGIAN: "\u10a0-\u10ff",
    Script.DEVANAGARI: "\u0900-\u097f",
    Script.BENGALI: "\u0980-\u09ff",
    Script.GURMUKHI: "\u0a00-\u0a7f",
    Script.GUJARATI: "\u0a80-\u0aff",
    Script.ORIYA: "\u0b00-\u0b7f",
    Script.TAMIL: "\u0b80-\u0bff",
    Script.TELUGU: "\u0c00-\u0c7f",
    Script.KANNADA: "\u0c80-\u0cff",
    Script.MALAYALAM: "\u0d00-\u0d7f",
    Script.SINHALA: "\u0d80-\u0dff",
    Script.THAI: "\u0e00-\u0e7f",
    Script.LAO: "\u0e80-\u0eff",
    Script.MYANMAR: "\u1000-\u109f",
    Script.KHMER: "\u1780-\u17ff",
    Script.ETHIOPIC: "\u1200-\u139f",
    Script.HANGUL: "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    Script.KANA: "\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    Script.HAN: "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
}
_PATTERNS = {script: re.compile(f"[{chars}]") for script, chars in _RANGES.items()}
_RUNS = {script: re.compile(f"[{chars}]+") for script, chars in _RANGES.items()}
"""Runs of each script's letters: counted as the length of the runs joined, which lists a
word at a time where ``findall`` of one letter listed every letter."""
_NON_ASCII = [(s, p) for s, p in _PATTERNS.items() if s is not Script.LATIN]
_NON_ASCII_RUNS = [(s, p, _RUNS[s]) for s, p in _NON_ASCII]
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
"""The only Latin letters ASCII text can hold."""
_ANY_NON_LATIN = re.compile(
    "[" + "".join(c for s, c in _RANGES.items() if s is not Script.LATIN) + "]"
)
"""A letter of any script but Latin: Spanish, French or Vietnamese with accents holds none, and
one search says so instead of one per script."""

_WEIGHT = {Script.HAN: 3, Script.KANA: 2, Script.HANGUL: 2}
"""One Han character carries about a word, a Latin letter a fifth of one: a Chinese post that
names a brand in Latin letters is still Chinese."""
KANA_SHARE = 0.1
"""Japanese writes Kana between its Han characters; a Chinese post borrows at most a の."""


def counts(text: str) -> dict[Script, int]:
    """Letters of each script present in ``text`` (scripts absent are left out)."""
    found: dict[Script, int] = {}
    if text.isascii():  # most posts: the letters counted in C, no list of them made
        raw = text.encode("ascii")
        latin = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        if latin:
            found[Script.LATIN] = latin
        return found
    latin = len("".join(_RUNS[Script.LATIN].findall(text)))
    if latin:
        found[Script.LATIN] = latin
    if not _ANY_NON_LATIN.search(text):
        return found
    for script, pattern, runs in _NON_ASCII_RUNS:
        if pattern.search(text):
            found[script] = len("".join(runs.findall(text)))
    return found


def dominant_script(text: str) -> Script | None:
    """The script most of the text is written in, or None for text without letters."""
    found = counts(text)
    if not found:
        return None
    kana, han = found.get(Script.KANA, 0), found.get(Script.HAN, 0)
    if kana and kana >= KANA_SHARE * (kana + han):
        found[Script.KANA] = kana + han  # Japanese: its Han characters are Kanji
        found.pop(Script.HAN, None)
    return max(found, key=lambda s: found[s] * _WEIGHT.get(s, 1))
