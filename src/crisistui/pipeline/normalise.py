"""Make stranger-written text safe and plain before anything else looks at it.

Feeds deliver HTML, entities, terminal escape sequences, bidi overrides and megabytes of emoji.
After this step a text is one line of printable characters of bounded length.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from html.parser import HTMLParser

MAX_STORED_CHARS = 5000
MAX_SCORED_CHARS = 1000

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks, clipboard
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, and other format characters that
# can reorder or hide what a terminal shows. Zero-width joiner stays: emoji need it.
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ufff9-\ufffb]"
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACE = re.compile(r"\s+")
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"<[^>]*>")


class _TextExtractor(HTMLParser):
    """Collects text content, dropping scripts and styles and spacing out block tags."""

    _BLOCK = frozenset({"br", "p", "div", "li", "tr", "td", "h1", "h2", "h3", "h4", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """HTML to text with entities decoded; plain text passes through unchanged."""
    if "<" not in text:
        return html.unescape(text) if "&" in text else text
    extractor = _TextExtractor()
    try:
        extractor.feed(text)
        extractor.close()
    except AssertionError:
        # html.parser (3.11) raises on malformed declarations such as "<![ x": one hostile post must
        # not break the whole batch, so drop anything tag-shaped instead.
        return html.unescape(_TAG.sub(" ", text))
    return "".join(extractor.parts)


def encodable(text: str) -> str:
    """Lone surrogates (JSON allows a "\\ud800" alone) as U+FFFD, since SQLite cannot store them."""
    return _SURROGATE.sub("\ufffd", text)


def sanitize(text: str) -> str:
    """Remove escape sequences and control/format characters; collapse whitespace."""
    text = encodable(_ANSI.sub("", text))
    text = _UNSAFE.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def sanitize_lines(text: str) -> str:
    """Like ``sanitize``, but a text people wrote in lines (a statement, lessons) keeps them."""
    return "\n".join(sanitize(line) for line in text.replace("\r\n", "\n").split("\n"))


def normalise(text: str, limit: int = MAX_STORED_CHARS) -> str:
    """Raw source text to the one-line plain text that is stored and shown."""
    text = text[: limit * 4]  # bound the work before parsing hostile input
    text = sanitize(strip_html(text))
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form used for matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fingerprint(text: str) -> str:
    """A short hash of the text without links, case, accents or punctuation.

    The same story syndicated under another id gets the same fingerprint.
    """
    core = _URL.sub(" ", fold(text))
    core = " ".join("".join(c if c.isalnum() else " " for c in core).split())
    return hashlib.blake2b(core.encode(), digest_size=8).hexdigest()
