"""What a mention is counted under in the analytics: its hashtags, its content words, and the
domain of its link.

Worked out once, when a mention is stored (``store/rows.py``), so a month of top hashtags and
terms is read from rollups instead of from a month of texts. The rules are those of the
window's breakdown (``reports/breakdown.py``): text folded (case and accents), links and
@handles left out, words of three letters or more that start with a letter, stop words of the
mention's language (and English) dropped. A hashtag is ``#`` and word characters with at least
one letter (``#12345`` is a number, not a tag), kept folded with its ``#``; the plain words
exclude hashtags, which are counted as tags. Brand words are not dropped here (they depend on
the config): readers leave them out.

Everything here is a stranger's text and stays text: the words are only ever counted and shown
as plain text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crisistui.domain.stopwords import stopwords_for
from crisistui.domain.text import fold

MAX_WORDS = 40
"""The most words (tags first) kept of one mention: a 5,000-character post counts as a long
one, not as a dictionary."""
MAX_WORD_CHARS = 40
"""Longer runs of letters are not words anyone looks for (a pasted hash, a URL-safe blob)."""
MIN_WORD_CHARS = 3
MAX_SPACELESS_CHARS = 4
"""In scripts written without spaces (Chinese, Japanese, Thai…) a run of letters is a phrase or
a sentence, not a word: only runs this short count as words."""
MAX_DOMAIN_CHARS = 253
"""The longest host name DNS allows."""

_LINK = re.compile(r"https?://\S+|www\.\S+|@[\w.]+")
_WORD = re.compile(r"[#]?[^\W\d_](?:[\w'-]*\w)?")
_HASHTAG = re.compile(r"(?<![\w#&])#(\w+)")
_SPACELESS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]"
)


def hashtags(text: str) -> list[str]:
    """The hashtags of a text, folded, with their ``#``, each once, in order."""
    return _tags(_LINK.sub(" ", fold(text)))


def _tags(folded: str) -> list[str]:
    found: dict[str, None] = {}
    for tag in _HASHTAG.findall(folded):
        if len(tag) <= MAX_WORD_CHARS and any(c.isalpha() for c in tag):
            found.setdefault(f"#{tag}")
    return list(found)


def content_words(text: str, lang: str | None = None) -> list[str]:
    """The words of a text that say something, folded, each once, in order: no hashtags,
    links, @handles, numbers, stop words (of ``lang`` and English; of every listed language
    when ``lang`` is unknown) or words under three letters."""
    return _words(_LINK.sub(" ", fold(text).replace("’", "'")), lang)


def _words(folded: str, lang: str | None) -> list[str]:
    skip = stopwords_for(lang)
    found: dict[str, None] = {}
    for match in _WORD.finditer(folded):
        word = match.group()
        if word.startswith("#"):
            continue
        word = word.strip("'-")
        if len(word) < MIN_WORD_CHARS or len(word) > MAX_WORD_CHARS or word in skip:
            if not (_SPACELESS.search(word) and 0 < len(word) <= MAX_SPACELESS_CHARS):
                continue
        elif _SPACELESS.search(word) and len(word) > MAX_SPACELESS_CHARS:
            continue
        found.setdefault(word)
    return list(found)


def mention_words(text: str, lang: str | None = None) -> list[str]:
    """What a mention is counted under: its hashtags (``#tag``), then its content words, at
    most ``MAX_WORDS`` in all."""
    folded = _LINK.sub(" ", fold(text).replace("’", "'"))
    return [*_tags(folded), *_words(folded, lang)][:MAX_WORDS]


def domain_of(url: str | None) -> str | None:
    """The host of a mention's link, lowercase, without ``www.``; None without a usable one."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # a stranger's malformed link ("http://[oops")
        return None
    if not host:
        return None
    host = host.rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if not host or len(host) > MAX_DOMAIN_CHARS or not host.isprintable() or " " in host:
        return None
    return host
