"""Make stranger-written text safe and plain before anything else looks at it.

Feeds deliver HTML, entities, terminal escape sequences, bidi overrides and megabytes of emoji.
After this step a text is one line of printable characters of bounded length.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from itertools import islice
from typing import get_args

from crisistui.config.base import TextFormat

MAX_STORED_CHARS = 5000
MAX_SCORED_CHARS = 1000
MAX_SOURCE_CHARS = 100
MAX_ID_CHARS = 256

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, hyperlinks, clipboard
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC strings
    # An unterminated string swallowed the rest of the post (brand term, sentiment and all):
    # only its introducer and parameters go, and the ESC with them, so no terminal sees one.
    r"|\x1b\][0-9;]*"
    r"|\x1b[@-Z\\-_]"  # two-character escapes (and the introducers of unterminated strings)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, and other format characters that
# can reorder or hide what a terminal shows. Zero-width joiner stays: emoji need it.
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ufff9-\ufffb]"
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Invisible characters that let "@Acme\u200bAir" pass for the brand's own account and hide words
# from matching: zero-width space and no-break, word joiner and invisible operators, soft
# hyphen, Arabic letter mark, Mongolian vowel separator, the tag characters. Removed, not
# spaced: they sit inside words.
_INVISIBLE = re.compile(r"[\u00ad\u061c\u180e\u200b\u2060-\u2064\ufeff\U000e0000-\U000e007f]")
# The zero-width non-joiner is spelling in Persian, Urdu, Kurdish and Indic scripts
# (می\u200cخواهم): kept between their letters, removed anywhere else.
_JOINING = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe\u0900-\u0dff"
_STRAY_ZWNJ = re.compile(f"\u200c(?![{_JOINING}])|(?<![{_JOINING}])\u200c")
_SPACE = re.compile(r"\s+")
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"<[^<>]*>")
"""A tag, never reaching past the next "<": one pass over the text, however many "<" it has
("<[^>]*>" tried every "<" against the rest of the text)."""
_UNCLOSED = re.compile(r"<[^<>]*(?=<|\Z)")
"""A "<" that no ">" closes before the next "<" (found in one pass)."""
MAX_UNCLOSED = 8
"""More unclosed "<" than this and the text is read without html.parser, which slows with the
square of their number (20 KB of "<a " took three seconds, and a poll's scoring waits)."""


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


_BARE_AMPERSAND = re.compile(r"&(?!#?[0-9A-Za-z]{1,32};)")


def plain_as_html(text: str) -> str:
    """Plain text a service sends (a Reddit post, a Hacker News title) as the HTML the pipeline
    reads: its "<" and ">" are characters, not tags ("Why <blink> died" kept whole), and so is
    an "&" that starts no complete entity ("?id=5&copy=2" is not "?id=5©=2"). A complete entity
    ("&amp;", "&#39;") is still read, for a service that escapes its plain text anyway."""
    return _BARE_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


TEXT_FORMATS: tuple[str, ...] = get_args(TextFormat)
"""How a source's or an import line's text is written (``config.base.TextFormat``):

- ``html``: markup; tags are dropped and entities decoded (a Mastodon post, a feed's summary).
- ``plain``: text a person typed; "<" and ">" are characters, and so is an "&" that starts no
  complete entity, though a complete one ("&amp;") is read, as services escape text anyway.
- ``verbatim``: exactly as stored, nothing read as markup or entity (what ``export`` writes,
  so a mention re-imports with the same text).
- ``auto``: html when the text holds markup (a closing tag, a line break, a paragraph, a link,
  a known tag with attributes), else plain. "<script> shows in the price field", "x<y and
  y>z" and a quoted "<wait 5 days>" are what someone typed, not tags to drop."""

_MARKUP = re.compile(
    r"</[A-Za-z][A-Za-z0-9]*\s*>"
    r"|<(?:br|hr|img|p|div|span|a|b|i|em|strong|u|ul|ol|li|h[1-6]|blockquote|pre|code|table|"
    r"tr|td|small|sup|sub|font|figure|section|article)(?:\s+[A-Za-z-]+(?:\s*=\s*[^<>]*)?)*\s*/?>",
    re.IGNORECASE,
)
"""Markup a person does not type by accident: a closing tag, or a known opening tag."""


def as_html(text: str, text_format: str) -> str:
    """``text`` written in ``text_format`` (``TEXT_FORMATS``) as the HTML the pipeline reads."""
    if text_format == "html":
        return text
    if text_format == "verbatim":
        return html.escape(text, quote=False)
    if "<" not in text and "&" not in text:
        return text
    if text_format == "auto" and "<" in text and _MARKUP.search(text) is not None:
        return text
    return plain_as_html(text)


_ESCAPE_REFERENCE = re.compile(r"&#(?:([xX]0*1[bB]|0*27)|[xX]0*7|0*7);")
"""ESC (and BEL, which ends a title sequence) written as a character reference, which
``html.unescape`` drops alone: the rest of its sequence ("[2J", "]0;title") was left in the
text, where a raw ESC's is removed with it."""


def _control(found: re.Match[str]) -> str:
    return "\x1b" if found.group(1) else "\x07"


def strip_html(text: str) -> str:
    """HTML to text with entities decoded; plain text passes through unchanged."""
    if "&#" in text:
        text = _ESCAPE_REFERENCE.sub(_control, text)  # for ``sanitize`` to take whole
    if "<" not in text:
        return html.unescape(text) if "&" in text else text
    if next(islice(_UNCLOSED.finditer(text), MAX_UNCLOSED, None), None) is not None:
        return html.unescape(_TAG.sub(" ", text))
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
    """Remove escape sequences and control, format and invisible characters; collapse
    whitespace."""
    if text.isprintable():
        # Everything the patterns below remove is unprintable (escapes start with ESC or
        # CSI, the rest are controls, format characters and surrogates), and the only
        # printable whitespace is the space: most posts need no more than this.
        return " ".join(text.split())
    text = encodable(_ANSI.sub("", text))
    text = _UNSAFE.sub(" ", text)
    if not text.isascii():
        text = _STRAY_ZWNJ.sub("", _INVISIBLE.sub("", text))
    return _SPACE.sub(" ", text).strip()


def plain_field(text: str, limit: int) -> str:
    """A short field a stranger wrote that is not prose (a source's name, an id): made safe
    like text, without reading it as HTML, and bounded."""
    text = sanitize(text[: limit * 4])
    return text[:limit]


def bounded_line(text: str, limit: int) -> str:
    """A stranger's or a person's text made safe and cut to ``limit`` characters, the cut
    said with "…" (a title in a table, a reason in a monitoring line)."""
    text = sanitize(text[: limit * 4])
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bounded_id(text: str) -> str:
    """A post's id, safe and at most ``MAX_ID_CHARS``: a longer one keeps its start and a hash
    of the whole, so two long ids that differ late stay two posts (a 50 MB id was stored whole).
    An id that loses a control or invisible character keeps a hash of the whole too: cleaned
    bare, "42\x00" would be taken for the post "42" and dropped as its copy."""
    return kept_apart(text, MAX_ID_CHARS, 12)


def kept_apart(text: str, limit: int, digest_size: int) -> str:
    """A stranger's name for something (an id, a source), safe and at most ``limit``
    characters, that stays apart from every other name: one cut short, or cleaned of a
    control or invisible character, keeps its start and a hash of the whole
    (``digest_size`` bytes)."""
    head = text[: limit * 4]
    safe = sanitize(head)
    if (
        len(text) == len(head)
        and len(safe) <= limit
        and (head.isprintable() or safe == " ".join(head.split()))
    ):
        return safe
    digest = hashlib.blake2b(encodable(text).encode(), digest_size=digest_size).hexdigest()
    return f"{safe[: limit - 2 * digest_size - 1]}#{digest}"


def sanitize_lines(text: str) -> str:
    """Like ``sanitize``, but a text people wrote in lines (a statement, lessons) keeps them."""
    return "\n".join(sanitize(line) for line in text.replace("\r\n", "\n").split("\n"))


def html_head(text: str, limit: int) -> str:
    """The first ``limit`` characters of a text that may be HTML, without a tag cut in two
    at the end (its "<a hr" would be read as text)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    opened = head.rfind("<")
    return head[:opened] if opened > head.rfind(">") else head


def normalise(text: str, limit: int = MAX_STORED_CHARS) -> str:
    """Raw source text to the one-line plain text that is stored and shown."""
    text = html_head(text, limit * 4)  # bound the work before parsing hostile input
    text = sanitize(strip_html(text))
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


class _CombiningMarks(dict[int, int | None]):
    """``str.translate`` table that deletes combining marks: each character's answer is
    looked up once, then read back in C (a loop over the characters in Python cost more
    than every other step of folding)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _CombiningMarks({ord("ı"): ord("i")})
"""Turkish dotless ı is read as i too: "KOLAY BANKASI" is "Kolay Bankası" (its capital I
folds to i, and İ to i), and phones type "sizdirdi" for "sızdırdı"."""
_ALNUM_RUN = re.compile(r"[^\W_]+")
"""Runs of characters ``str.isalnum`` accepts: the regex word class is exactly those and ``_``."""


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form used for matching."""
    if text.isascii():  # nothing to decompose, no marks, and casefold is lower there
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed.lower()
    return decomposed.translate(_WITHOUT_MARKS).casefold()


ARABIC_SCRIPT_FORMS = {ord("ی"): "ي", ord("ى"): "ي", ord("ک"): "ك", ord("\u200c"): None}
"""One spelling for matching: Persian and Arabic keyboards type yeh and kaf as different letters
(and a final yeh as alef maksura), and a zero-width non-joiner inside a Persian word is typed or
left out at will ("نمی‌دن", "نمیدن"). ``str.translate`` table."""
NAME_FORMS = {**ARABIC_SCRIPT_FORMS, ord("ة"): "ه"}
"""``ARABIC_SCRIPT_FORMS`` for names: a name's feminine ending ة is typed ه as often as not
("طيران الواحه", "#طيران_الواحه" for "طيران الواحة"). Not for trigger terms, where the two
endings tell words apart ("شائعة" is a common thing as well as a rumour, "عطلة" a holiday
where "عطله" is its breakdown), and whose lists hold both spellings where both are meant."""
_ARABIC_SCRIPT_VARIANTS = re.compile("[یىک\u200c]")


def arabic_script_matching(folded: str) -> str:
    """``folded`` with ``ARABIC_SCRIPT_FORMS`` applied (most texts have none of them)."""
    if folded.isascii() or _ARABIC_SCRIPT_VARIANTS.search(folded) is None:
        return folded
    return folded.translate(ARABIC_SCRIPT_FORMS)


PICTOGRAPH = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff]")
"""An emoji or pictograph (symbols, dingbats and the emoji planes), one code point."""
HASHTAG = re.compile(r"#(\w+)")
"""A hashtag, its words (run together) in the group."""
HASHTAG_BREAK = "\n.\n"
"""What goes between a text and its hashtags' words read apart: no phrase runs across it."""


def camel_split(word: str) -> str:
    """A word run together from several, spaced where a capital follows a small letter, in any
    script that has both ('BoycottAcmeAir' → 'Boycott Acme Air', 'TẩyChaySaigonStar' → 'Tẩy
    Chay Saigon Star'); a combining mark goes with its letter."""
    out: list[str] = []
    previous = ""
    for char in word:
        if not unicodedata.combining(char):
            if char.isupper() and previous.islower():
                out.append(" ")
            previous = char
        out.append(char)
    return "".join(out)


@lru_cache(maxsize=64)
def hashtag_words(text: str) -> str:
    """The words run together in a text's hashtags (``hashtag_split``), spaced, one hashtag a
    line (empty when none has any): a brand or trigger term is looked for there too, so
    '#BoycottAcmeAir' and '#تحریم_سبزی_اکسپرس' name the brand and call for a boycott.
    (Remembered for the last few texts: brand and trigger terms read the same text's hashtags
    one after the other.)"""
    if "#" not in text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)  # (\w stops at a combining mark)
    spaced = [hashtag_split(tag) for tag in HASHTAG.findall(text)]
    lines = [tag for tag in spaced if " " in tag]
    lines += [HASHTAG_BREAK.join(joined) for tag in lines if (joined := joined_runs(tag))]
    return "\n".join(lines)


MAX_JOINED_WORDS = 8
"""Hashtags of more words are long slogans: their runs are not joined (at most 28 runs)."""


def joined_runs(spaced: str) -> list[str]:
    """Every run of two or more of a spaced hashtag's words written together: a brand written
    as one word is found in the hashtag that splits it ("giaonhanh" in '#TẩyChayGiaoNhanh',
    read apart as "Tẩy Chay Giao Nhanh"). Empty for a hashtag of one word or too many."""
    words = spaced.split()
    if not 2 <= len(words) <= MAX_JOINED_WORDS:
        return []
    return [
        "".join(words[start:end])
        for start in range(len(words) - 1)
        for end in range(start + 2, len(words) + 1)
    ]


def hashtag_split(tag: str) -> str:
    """A hashtag's words (without its ``#``) spaced: at an underscore ('#تحریم_سبزی_اکسپرس',
    '#SabziExpress_Boycott') and where a capital follows a small letter."""
    if "_" in tag:
        tag = " ".join(tag.replace("_", " ").split())
    return camel_split(tag)


MARKS_TELL_WORDS_APART = frozenset(
    {
        "vi", "ru", "uk", "be", "bg", "sr", "mk", "kk", "ko", "ja", "th", "lo", "my", "km",
        "hi", "mr", "ne", "bn", "pa", "gu", "ta", "te", "kn", "ml", "si",
    }
)  # fmt: skip
"""Languages whose marks make other letters or words, not other spellings: Vietnamese "hàng"
(goods) and "hãng" (company) are not "hang", Russian "й" is no "и", Japanese "が" is no "か",
a Korean syllable decomposed is a row of letters (최악 is two syllables, not five jamo), and
the vowel signs, viramas and tone marks of the Indic scripts and of Thai are half of their
words (स्टाफ is not सटाफ); their words are counted and shown with their marks (Russian's
optional "ё" read as "е")."""


def marked(text: str) -> str:
    """Lower-cased and composed, marks kept, compatibility forms made plain (fullwidth "ｊａｌ"
    is "jal"; Russian's optional "ё" read as "е")."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def word_form(text: str, lang: str | None) -> str:
    """The form a text's words are counted and shown in: folded, or ``marked`` in a
    language whose marks tell words apart."""
    return marked(text) if lang in MARKS_TELL_WORDS_APART else fold(text)


def fingerprint(text: str, folded: str | None = None) -> str:
    """A short hash of the text without links, case, accents or punctuation.

    The same story syndicated under another id gets the same fingerprint. ``folded``:
    ``fold(text)`` when the caller has it already.
    """
    core = _URL.sub(" ", fold(text) if folded is None else folded)
    core = " ".join(_ALNUM_RUN.findall(core))
    return hashlib.blake2b(core.encode(), digest_size=8).hexdigest()
