"""A feed's bytes as feedparser can read them, whatever encoding the feed wrote them in.

feedparser decides a body's encoding by what the response declares and falls back to
windows-1252 when the body is not valid in it, which turned whole feeds into mojibake: a
UTF-8 body behind a byte order mark but an XML declaration of windows-1251, a UTF-8 feed with
one stray Latin-1 byte, a Japanese feed declared Shift_JIS holding one CP932 character. Each
case is settled here first, and the body handed on as what it is.
"""

from __future__ import annotations

import codecs
import re


def readable(body: bytes, content_type: str) -> tuple[bytes, str]:
    """``body`` and ``content_type`` as feedparser should read them."""
    body, content_type = _marked_as_utf8(body, content_type)
    body, content_type = _superset_decoded(body, content_type)
    return _no_impossible_characters(_utf8_repaired(body, content_type)), content_type


_CHARREF = re.compile(rb"(&(?:amp;)?#)(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
"""A character reference, or one in escaped HTML (``&amp;#…;``), which feedparser reads too."""
_MARKS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
"""The byte order marks, UTF-32 first, as its little-endian mark starts with UTF-16's."""
_BYTE_ORDER = (
    *_MARKS,
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),
)
"""Byte order marks, then "<?" as UTF-16/32 or EBCDIC write it: what feedparser sniffs too."""
_XML_ENCODING = re.compile(rb"<\?xml\s[^>]*?\bencoding\s*=\s*[\"']([A-Za-z][\w.-]*)[\"']")


def _charref(match: re.Match[bytes]) -> bytes:
    start, hexa, decimal = match.groups()
    digits = (hexa or decimal).lstrip(b"0")
    code = int(digits or b"0", 16 if hexa else 10) if len(digits) <= 7 else -1
    if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
        return match[0]
    return start + b"xFFFD;"


def _no_impossible_characters(body: bytes) -> bytes:
    """``&#xD800;``, references past U+10FFFF and 5,000-digit ones as U+FFFD: feedparser
    raised on them, and one such reference lost the whole feed on every poll."""
    return _CHARREF.sub(_charref, body) if b"#" in body else body


def _is_utf8(name: str) -> bool:
    return _codec_name(name) == "utf-8"


def _declared_encodings(content_type: str, body: bytes) -> list[str]:
    """Every encoding the response names for its body: the HTTP charset, the byte order mark
    (or the shape of "<?" in UTF-16, UTF-32, EBCDIC) and the XML declaration's."""
    declared: list[str] = []
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.partition("=")
        charset = value.strip().strip("\"'")
        if key.strip().lower() == "charset" and charset:
            declared.append(charset)
    for mark, name in _BYTE_ORDER:
        if body.startswith(mark):
            declared.append(name)
            if name == "utf-8":
                body = body[len(mark) :]
            break
    if match := _XML_ENCODING.match(body):
        declared.append(match[1].decode("ascii"))
    return declared


_XML_ENCODING_TEXT = re.compile(r"\A(\s*<\?xml\s[^>]*?\bencoding\s*=\s*[\"'])[A-Za-z][\w.-]*")
"""The XML declaration's encoding, at the very start only (not one quoted in a CDATA)."""


def _marked_as_utf8(body: bytes, content_type: str) -> tuple[bytes, str]:
    """A body that starts with a byte order mark is in the mark's encoding, whatever its XML
    declaration or the HTTP charset say (XML 1.0 appendix F, RFC 7303): handed on as UTF-8
    that says so. feedparser let a declared "windows-1251" win over a UTF-8 mark, and every
    non-ASCII character became mojibake."""
    for mark, name in _MARKS:
        if body.startswith(mark):
            text = body[len(mark) :].decode(name, errors="replace")
            text = _XML_ENCODING_TEXT.sub(r"\g<1>utf-8", text, count=1)
            base = content_type.split(";", 1)[0].strip() or "application/xml"
            return text.encode("utf-8"), f"{base}; charset=utf-8"
    return body, content_type


_SUPERSETS = {"shift_jis": "cp932", "euc_kr": "cp949", "big5": "cp950"}
"""Encodings feeds declare and the Windows code pages they are written in: Japanese sites'
Shift_JIS holds ①, ㈱ and the like, Korean EUC-KR holds Hangul only CP949 has (똠)."""


_WINDOWS_NAMES = {"windows-31j": "cp932", "x-sjis": "cp932", "x-windows-949": "cp949"}
"""Names of those code pages that Python, and so feedparser, does not know."""


def _codec_name(declared: str) -> str:
    """Python's name for an encoding, or "" for one it does not know (or a charset with a
    NUL in it)."""
    try:
        return codecs.lookup(declared).name
    except (LookupError, ValueError):
        return ""


def _superset_decoded(body: bytes, content_type: str) -> tuple[bytes, str]:
    """A body declared in an encoding a Windows code page extends, and not valid in it, as
    UTF-8 read in that code page. One such character made feedparser fall back to
    windows-1252, and every entry of a Japanese or Korean feed was stored as mojibake."""
    if body.isascii():
        return body, content_type
    for declared in _declared_encodings(content_type, body):
        alias = _WINDOWS_NAMES.get(declared.lower())
        name = alias or _codec_name(declared)
        if (superset := _SUPERSETS.get(name) or alias) is not None:
            break
    else:
        return body, content_type
    for readable in ("utf-8", None if alias else name):
        if readable is None:
            continue
        try:
            body.decode(readable)
        except UnicodeDecodeError:
            continue
        return body, content_type  # valid as declared, or UTF-8 left behind an old declaration
    try:
        text = body.decode(superset)
    except UnicodeDecodeError:
        return body, content_type  # not the code page either: feedparser's fallbacks decide
    text = _XML_ENCODING_TEXT.sub(r"\g<1>utf-8", text, count=1)
    base = content_type.split(";", 1)[0].strip() or "application/xml"
    return text.encode("utf-8"), f"{base}; charset=utf-8"


def _utf8_repaired(body: bytes, content_type: str) -> bytes:
    """A UTF-8 body with its few invalid bytes as U+FFFD; any other body as it came.

    One stray byte (a Latin-1 "\\xe9" pasted into a UTF-8 feed) made feedparser read the whole
    document as windows-1252, so every non-ASCII character of every entry became mojibake, on
    every poll. Only a body that names no encoding but UTF-8 (none at all means UTF-8, XML's
    default) is repaired, and only when it holds at least as many good multi-byte characters
    as bad bytes: repairing spoils the bad bytes, the fallback spoils every good character. A
    Latin-1 feed behind a server's default "charset=utf-8" has no good ones, and stays Latin-1.
    A body that decodes cleanly costs one check and is returned as is.
    """
    if body.isascii():
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return body
    if not all(_is_utf8(name) for name in _declared_encodings(content_type, body)):
        return body  # another encoding, or a conflict: feedparser's own fallbacks decide
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - body.count("\ufffd".encode())
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return text.encode("utf-8") if good >= bad else body
