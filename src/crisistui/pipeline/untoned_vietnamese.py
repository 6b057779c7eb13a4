"""Vietnamese typed without its tone marks, told apart from what py3langid takes it for.

Phones and hurried posters often drop the marks: "an com ga xong bi tieu chay, lo qua" (had
the chicken rice and got food poisoning). Without them py3langid reads such a post as Italian,
Maltese, Occitan, Basque or Haitian Creole, so a Vietnamese storm went to languages nobody
scores and out of ``lang:vi``. What gives it away is the shape of its words: each is one
syllable (an onset of Vietnamese consonants, a vowel group, at most a final c, ch, m, n, ng,
nh, p or t), which the many-syllabled words of those languages are not, and its everyday
words (khong, duoc, nguoi, nhieu…) are theirs in no other language.
"""

from __future__ import annotations

import re

SYLLABLE = re.compile(
    "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    "(?:uye|uya|uyu|ieu|yeu|uoi|uou|oai|oay|oeo|uay|uoi|[aeiouy]{1,2})"
    "(?:ng|nh|ch|[cmnpt])?"
)
"""One Vietnamese syllable without its marks (đ typed as d)."""
TEEN_CODE = frozenset(("dc", "ko", "k", "j", "sp", "ok", "ng", "nt", "vs", "ms", "mn", "ae"))
"""Abbreviations of the same posts (được, không, gì, sản phẩm, người, nhắn tin…)."""
# fmt: off
MARKERS = frozenset((
    "khong", "hong", "hok", "duoc", "dc", "ko", "nguoi", "nhieu", "nhung", "minh", "roi", "chua",
    "voi", "nua", "cua", "cung", "nhu", "thi", "gi", "oi", "vay", "nay", "qua", "lam", "bi",
    "het", "moi", "luc", "toi", "tien", "giao", "dich", "chat", "luong", "dat",
    "nhan", "vien", "lan", "thay", "gio", "biet", "hieu", "sao", "dau", "nhanh", "cham", "tot",
    "xau", "dep", "buon", "vui", "mua", "ngay", "trong", "nhat", "duong", "thich", "ghet",
    "khach", "hoan", "huy", "phi", "tieng", "phut", "tuan", "nam", "thang", "cai",
    "nen", "phai", "lai", "dung", "muon", "kieu", "nhe", "nha",
))
# fmt: on
"""Frequent words of Vietnamese posts (not those English writes too: hang, ban, mat); a
few are words elsewhere as well, so two are needed."""
MIN_WORDS = 4
SYLLABLE_SHARE = 0.85
MIN_MARKERS = 2
_WORD = re.compile(r"[^\W\d_]+")


def reads_as_vietnamese(text: str) -> bool:
    """Whether ``text`` (any case) reads as Vietnamese written without tone marks: four
    words or more, nearly all single Vietnamese syllables, two of them its everyday words."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS or not all(word.isascii() for word in words):
        return False  # (a word with marks: no post typed without them)
    syllables = sum(1 for w in words if w in TEEN_CODE or SYLLABLE.fullmatch(w))
    if syllables < SYLLABLE_SHARE * len(words):
        return False
    return sum(1 for w in words if w in MARKERS) >= MIN_MARKERS
