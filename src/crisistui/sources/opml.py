"""Feed lists exported by feed readers (OPML) turned into ``[[sources]]`` config blocks.

OPML files come from other people's tools, so they are parsed with the standard library but a
document type declaration is refused outright: that is where entity bombs (billion laughs) and
external entities live, and no OPML file needs one.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Collection
from pathlib import Path
from xml.parsers import expat

from crisistui.config import ConfigError

MAX_OPML_BYTES = 16 * 1024 * 1024
_SLUG_UNSAFE = re.compile(r"[^a-z0-9_.-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _Refused(Exception):
    """A DOCTYPE or entity declaration met while screening the document."""


def _refuse(*_args: object) -> None:
    raise _Refused


def _screen(path: Path, data: bytes) -> None:
    """Fail unless ``data`` is well-formed XML without DOCTYPE or entity declarations.

    A textual check gives the clear message; expat then catches declarations in any encoding
    (UTF-16 hides the text) and stops at the DOCTYPE, before any entity could expand.
    """
    head = data.upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ConfigError(str(path), ["refused: OPML with a DOCTYPE or entity declarations"])
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    try:
        parser.Parse(data, True)
    except _Refused:
        raise ConfigError(
            str(path), ["refused: OPML with a DOCTYPE or entity declarations"]
        ) from None
    except expat.ExpatError as exc:
        raise ConfigError(str(path), [f"not XML: {exc}"]) from None


def _attr(element: ET.Element, name: str) -> str:
    """An outline attribute by name, ignoring case (``xmlUrl`` is often written ``xmlurl``)."""
    for key, value in element.attrib.items():
        if key.lower() == name.lower():
            return value.strip()
    return ""


def feeds_from_opml(path: Path) -> list[tuple[str, str]]:
    """``(title, xmlUrl)`` of every feed outline, nested folders included, in document order."""
    try:
        if path.stat().st_size > MAX_OPML_BYTES:
            raise ConfigError(str(path), [f"file too large (over {MAX_OPML_BYTES:,} bytes)"])
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found"]) from None
    except OSError as exc:
        raise ConfigError(str(path), [f"cannot read: {exc.strerror or exc}"]) from None
    _screen(path, data)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ConfigError(str(path), [f"not XML: {exc}"]) from None
    if root.tag.lower() != "opml" or root.find("body") is None:
        raise ConfigError(str(path), [f"not an OPML file (root element is <{root.tag}>)"])
    feeds: list[tuple[str, str]] = []
    for outline in root.iter("outline"):
        url = _attr(outline, "xmlUrl")
        if not url:
            continue  # a folder, or type="rss" without an address: nothing to poll
        title = _attr(outline, "title") or _attr(outline, "text") or url
        feeds.append((title, url))
    if not feeds:
        raise ConfigError(str(path), ["no feeds in the OPML file (no outline has an xmlUrl)"])
    return feeds


def _slug(title: str) -> str:
    slug = _SLUG_UNSAFE.sub("-", title.lower()).strip("-.")
    return slug[:60].rstrip("-.") or "feed"


_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _unsafe_character(url: str) -> str | None:
    """What in ``url`` no feed address holds (a line break, a space, a control or invisible
    character: an address percent-encodes them), or None. Such a value is refused rather than
    escaped: it is the shape of an attempt to smuggle lines into the config."""
    for char in url:
        code = f"U+{ord(char):04X}"
        if char in _LINE_BREAKS:
            return f"a line break ({code})"
        category = unicodedata.category(char)
        if char.isspace() or category.startswith("Z"):
            return f"a space ({code})"
        if category in ("Cc", "Cf", "Cs", "Co"):
            return f"an invisible or control character ({code})"
    return None


def _inert(text: str) -> str:
    """A title or address as it can be shown in a comment or a warning: control and
    invisible characters (escape codes, line breaks, bidi overrides) become spaces."""
    return "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") else char for char in text
    )


def _toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def opml_to_toml(
    path: Path,
    interval: int = 900,
    *,
    taken: Collection[str] = (),
    skipped: list[str] | None = None,
) -> str:
    """``[[sources]]`` blocks for each http(s) feed in the OPML file, ready to append to a config.

    Names are slugs of the titles, unique within the output and against ``taken`` (names the
    config already uses); a feed listed twice is written once; other schemes are noted in a
    comment, since the config accepts only http and https. An address holding a line break,
    a space or a control character is skipped: a comment says so, and so does a line added to
    ``skipped`` (the command prints those as warnings, since the output goes into a file).
    """
    used = set(taken)
    seen_urls: set[str] = set()
    blocks: list[str] = []
    for title, url in feeds_from_opml(path):
        label = _inert(title)
        if not url.lower().startswith(("http://", "https://")):
            blocks.append(f"# skipped {label}: {_inert(url)} is not an http(s) URL")
            continue
        unsafe = _unsafe_character(url)
        if unsafe is not None:
            note = f"skipped the outline {label!r}: its xmlUrl holds {unsafe}"
            blocks.append(f"# {note}")
            if skipped is not None:
                skipped.append(note)
            continue
        if url in seen_urls:
            continue
        seen_urls.add(url)
        base = name = _slug(title)
        number = 2
        while name in used:
            name, number = f"{base}-{number}", number + 1
        used.add(name)
        blocks.append(
            f'# {label}\n[[sources]]\ntype = "rss"\nname = {_toml_string(name)}\n'
            f'url = {_toml_string(url)}\ninterval = {int(interval)}\nfilter = "terms"'
        )
    if not seen_urls:
        raise ConfigError(str(path), ["no http(s) feeds in the OPML file"])
    return "\n\n".join(blocks) + "\n"
