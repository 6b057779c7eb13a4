"""What a mention is counted under in the analytics: its hashtags, its content words, and the
domain of its link.

Worked out once, when a mention is stored (``store/rows.py``), so a month of top hashtags and
terms is read from rollups instead of from a month of texts. The rules are those of the
window's breakdown (``reports/breakdown.py``): text folded (case and accents; Vietnamese and
Cyrillic words keep their marks, which tell them apart), links and
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
from json.encoder import encode_basestring
from urllib.parse import urlsplit

from crisistui.domain.chinese import closes_topic, is_han, script_runs, words_of
from crisistui.domain.stopwords import stopwords_for
from crisistui.domain.text import MARKS_TELL_WORDS_APART, fold, marked, word_form
from crisistui.domain.vietnamese import GLUE, glued, known_words, unglued

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

LINK_OR_HANDLE = re.compile(
    "https?://\\S+|www\\.\\S+|@[A-Za-z0-9_.]+"
    "(?=[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff])|@[\\w.]+"
)
"""A link, or an @handle; a Latin handle ends where Chinese, Japanese, Thai, Lao, Myanmar or
Khmer text goes on without a space ("@LotusWings延误五个小时": the handle is "@LotusWings";
"@yumzy_thยังไง" left "งไง" as a word), a handle in those scripts or Hangul where a space or
punctuation ends it."""
_LINK = LINK_OR_HANDLE
MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0963\u0966-\u0dff\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1-\u0ebc\u0ec8-\u0ecd"
    "\u1000-\u109f\u1780-\u17ff\u200c\u200d"
)
"""Marks written inside words that ``\\w`` does not take for letters: Hindi's vowel signs
(एयरलाइन is one word, not "एयरल" and "इन"), Arabic's and Hebrew's vowel points, Thai's
vowels and tones, the joiners of Persian; the Indic blocks whole but for the danda (।)."""
_WORD = re.compile(f"[#]?[^\\W\\d_](?:[\\w'{MARKS}-]*[\\w{MARKS}])?")
_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)(?=[/?#]|\Z)")
"""A link whose host is plain letters, digits, dots and hyphens (no user, port, brackets or
characters ``urlsplit`` would drop): its host is the part after ``//``, lower-cased."""
_HASHTAG = re.compile(f"(?<![\\w#&])#((?:\\w|[{MARKS}])+)")
"""A hashtag, with the marks written inside its words (#एयरलाइन, Thai's vowels and tones)."""
_SPACELESS_CHARS = (
    "\u0e00-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
)
SPACELESS = re.compile(f"[{_SPACELESS_CHARS}]")
"""A letter of a script written without spaces (Chinese, Japanese, Thai, Lao, Myanmar): a run
of them is a clause, so only short runs count as words."""
_SPACELESS = SPACELESS
_ONE_SCRIPT = re.compile(
    f"[\\d_]*[{_SPACELESS_CHARS}][{_SPACELESS_CHARS}\\d_]*|[^{_SPACELESS_CHARS}]+"
)
"""A hashtag's letters of one kind: "#OrbitaMobile客服很差" (no space before Chinese text)
is the tag #orbitamobile, not a tag of the whole clause; "#抵制2024", "#2024抵制" and
"#2024election" stay whole."""
HANGUL = re.compile("[\uac00-\ud7af]")
"""Korean is written with spaces, but a word of two syllables says as much as one of six
letters ("최악", worst; "환불", refund)."""
MIN_HANGUL_SYLLABLES = 2


def hashtags(text: str) -> list[str]:
    """The hashtags of a text, folded (but for the marks inside Thai and Indic words), with
    their ``#``, each once, in order."""
    tags = _tags(_LINK.sub(" ", fold(text)))
    if tags and _MARKED_SCRIPTS.search(text) is not None:
        tags = _with_marks(tags, _tags(_LINK.sub(" ", marked(text))))
    return tags


def _tags(folded: str) -> list[str]:
    found: dict[str, None] = {}
    for whole in _HASHTAG.findall(folded):
        tag = one.group() if (one := _ONE_SCRIPT.match(whole)) is not None else whole
        if len(tag) <= MAX_WORD_CHARS and any(c.isalpha() for c in tag):
            found.setdefault(f"#{tag}")
    return list(found)


def content_words(text: str, lang: str | None = None) -> list[str]:
    """The words of a text that say something, folded, each once, in order: no hashtags,
    links, @handles, numbers, stop words (of ``lang`` and English; of every listed language
    when ``lang`` is unknown) or words under three letters."""
    return _words(_without_links(word_form(text, lang).replace("’", "'")), lang)


MAX_REMEMBERED_TOKENS = 50_000
"""Distinct space-separated tokens remembered with their words (a few MB at most); a
language's frequent tokens are far fewer, so forgetting them all now and then costs little."""
_TOKENS: dict[str, tuple[str, ...]] = {}
"""Each token of a folded text → the words ``_WORD`` finds in it that are kept unless they
are stop words. No word spans a space, and the rules read the word alone, so each token is
worked out once instead of once per mention (this loop was most of the cost of storing a
mention)."""


def _candidates(token: str) -> tuple[str, ...]:
    found = []
    for match in _WORD.findall(token):
        if match.startswith("#"):
            continue
        word = match.strip("'-")
        size = len(word)
        if _SPACELESS.search(word) is not None:
            if 0 < size <= MAX_SPACELESS_CHARS:  # (谢谢 is a word: a repeat can be one here)
                found.append(word)
        elif HANGUL.search(word) is not None:
            if MIN_HANGUL_SYLLABLES <= size <= MAX_WORD_CHARS:
                found.append(word)
        elif MIN_WORD_CHARS <= size <= MAX_WORD_CHARS and len(set(word)) > 1:
            found.append(word)  # "ㅋㅋㅋㅋ", "zzz": one letter over and over is no word
    return tuple(found)


def _words(folded: str, lang: str | None) -> list[str]:
    skip = stopwords_for(lang)
    if lang == "vi":
        return _vietnamese_words(folded, skip)
    if lang == "zh":
        return _chinese_words(folded, skip)
    return [word for word in _token_words(folded) if word not in skip]


def _token_words(folded: str) -> list[str]:
    """The candidate words of each space-separated token, each once, in order."""
    found: dict[str, None] = {}
    tokens = _TOKENS
    for token in folded.split():
        known = tokens.get(token)
        if known is None:
            if len(tokens) >= MAX_REMEMBERED_TOKENS:
                tokens.clear()
            known = tokens[token] = _candidates(token)
        for word in known:
            found[word] = None
    return list(found)


def _vietnamese_words(text: str, skip: frozenset[str]) -> list[str]:
    """``_words`` of a Vietnamese text, whose syllables are read as the words they spell
    ("tiếp viên", not "tiếp" and "viên"; see ``domain.vietnamese``). A word of several
    syllables counts unless it is a stop word or made of them alone."""
    found: list[str] = []
    for word in _token_words(glued(text)):
        spaced = unglued(word) if GLUE in word else word
        if spaced is not word and spaced in known_words():
            if spaced not in skip and not all(part in skip for part in spaced.split()):
                found.append(spaced)
        elif word not in skip:
            found.append(word)
    return found


def _chinese_words(text: str, skip: frozenset[str]) -> list[str]:
    """``_words`` of a Chinese text: its runs of characters read as the words they hold
    (see ``domain.chinese``), a Latin name written onto them cut off."""
    found: dict[str, None] = {}
    for found_at in _WORD.finditer(text):
        match = found_at.group()
        if match.startswith("#"):
            if not closes_topic(text, found_at.start()):
                continue
            match = match[1:]  # "#莲花航空#延误到半夜": what follows a Weibo topic is text
        for run in script_runs(match.strip("'-")):
            for word in words_of(run) if is_han(run) else _candidates(run):
                if word not in skip:
                    found[word] = None
    return list(found)


def _without_links(folded: str) -> str:
    """``folded`` with links and @handles blanked out (most posts hold none)."""
    if "@" in folded or "http" in folded or "www." in folded:
        return _LINK.sub(" ", folded)
    return folded


_MARKED_SCRIPTS = re.compile("[\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
"""Thai, Lao, Myanmar, Khmer and the Indic scripts, whose marks are half of their words."""


def _with_marks(folded: list[str], kept: list[str]) -> list[str]:
    """Each tag of ``folded`` as written with its marks (``kept``, the same tags found in the
    text with its marks) when it is in a script whose marks make its words; the folded tags
    when the two do not pair up."""
    if len(folded) != len(kept):
        return folded
    return [
        mine if _MARKED_SCRIPTS.search(mine) is not None else tag
        for tag, mine in zip(folded, kept, strict=True)
    ]


def mention_words(text: str, lang: str | None = None, folded: str | None = None) -> list[str]:
    """What a mention is counted under: its hashtags (``#tag``), then its content words, at
    most ``MAX_WORDS`` in all. ``folded``: ``fold(text)`` when the caller has it already."""
    folded = _without_links((fold(text) if folded is None else folded).replace("’", "'"))
    # hashtags stay folded (the feed filter's `#tag` folds what is typed, and a tag is one
    # string), but for the marks written inside Thai and Indic words: folded, #แบนยัมซี่ was
    # "#แบนยัมซี" and #ยัมซี่ข้อมูลหลุด "#ยัมซีขอมลหลด"
    tags = _tags(folded) if "#" in folded else []
    if tags and _MARKED_SCRIPTS.search(text) is not None:
        tags = _with_marks(tags, _tags(_without_links(marked(text).replace("’", "'"))))
    if lang in MARKS_TELL_WORDS_APART:
        folded = _without_links(marked(text).replace("’", "'"))
    return [*tags, *_words(folded, lang)][:MAX_WORDS]


def words_json(text: str, lang: str | None, folded: str | None = None) -> str:
    """A mention's stored ``words``: its hashtags and content words, as a JSON array, written
    as ``json.dumps(words, ensure_ascii=False)`` writes it (an encoder built for every call
    cost as much as finding the words). ``folded``: ``fold(text)``, if known."""
    return "[" + ", ".join(map(encode_basestring, mention_words(text, lang, folded))) + "]"


def analytics(
    text: str,
    lang: str | None,
    url: str | None,
    folded: str | None = None,
    words: str | None = None,
) -> tuple[str, str | None, str | None, str, str | None]:
    """``Mention.analytics`` for a mention of ``text`` in ``lang`` linking to ``url``: worked
    out where the mention is scored (a worker process, on a long import) rather than in the
    one process that writes the store. ``folded``: ``fold(text)``, if known; ``words``: its
    ``words_json``, if known (the pipeline works them out once per text)."""
    words = words_json(text, lang, folded) if words is None else words
    return (text, lang, url, words, domain_of(url))


def domain_of(url: str | None) -> str | None:
    """The host of a mention's link, lowercase, without ``www.``; None without a usable one."""
    if not url:
        return None
    url = url.strip()
    plain = _PLAIN_HOST.match(url)
    if plain is not None:  # what ``urlsplit`` makes of it, without its general parsing
        host: str | None = plain.group(1).lower()
    else:
        try:
            host = urlsplit(url).hostname
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
