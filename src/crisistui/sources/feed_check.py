"""Whether a large feed body is well-formed XML, found in one pass that builds nothing.

feedparser reads a body its strict XML parser refuses with a lenient (HTML-style) parser,
slow and greedy with memory: that one is kept for bodies small enough to afford it.
"""

from __future__ import annotations

import contextlib
import io
import xml.sax
from typing import Any

import feedparser.api
from feedparser.encodings import convert_to_utf8
from feedparser.sanitizer import replace_doctype

LENIENT_LIMIT = 1024 * 1024
"""Largest body handed to feedparser's lenient (HTML-style) parser, which runs when the strict
XML parse fails: it is linear but slow and greedy, about 6 s of CPU and 190 MB per MiB of
``<a>`` repeated (6 MB of it took 52 s and 1.09 GB). A larger body must be well-formed XML."""
MAX_DEPTH = 1000
"""Deepest nesting of elements a body over LENIENT_LIMIT may have; feeds nest a dozen deep."""


def describe(problem: object) -> str:
    """A parser exception as one readable line (SAX errors carry line and column)."""
    message = getattr(problem, "getMessage", None)
    line, column = (
        getattr(problem, "getLineNumber", None),
        getattr(problem, "getColumnNumber", None),
    )
    if callable(message) and callable(line) and callable(column):
        return f"{message()} at line {line()}, column {column()}"
    return str(problem) or problem.__class__.__name__


class _TooDeep(xml.sax.SAXException):
    """Elements nested deeper than MAX_DEPTH."""


class _Depth(xml.sax.handler.ContentHandler):
    """Builds nothing; stops at elements nested deeper than MAX_DEPTH, whose open tags the
    parser would hold (6 MB of ``<a>`` is a million of them)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0

    def startElementNS(self, name: Any, qname: Any, attrs: Any) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(f"elements nested over {MAX_DEPTH:,} deep")

    def endElementNS(self, name: Any, qname: Any) -> None:
        self.depth -= 1


class _FatalOnly(xml.sax.handler.ErrorHandler):
    """Stops at what stops feedparser's strict parser (its fatal errors) and nothing else."""

    def error(self, exception: Exception) -> None:
        pass

    def warning(self, exception: Exception) -> None:
        pass


def strict_problem(body: bytes, content_type: str) -> str | None:
    """Why feedparser's strict XML parse would fail on ``body`` (and its lenient parser run),
    or None when it would succeed: the same decoding, doctype handling and SAX parser, with
    nothing built, so a large body costs one pass of expat."""
    result: dict[str, Any] = {}
    data = convert_to_utf8({"content-type": content_type}, body, result)
    if not result.get("encoding"):
        return "no character encoding it can be read in"
    _, data, _ = replace_doctype(data)
    parser = xml.sax.make_parser(feedparser.api.PREFERRED_XML_PARSERS)
    parser.setFeature(xml.sax.handler.feature_namespaces, 1)
    with contextlib.suppress(xml.sax.SAXNotSupportedException):
        parser.setFeature(xml.sax.handler.feature_external_ges, 0)
    parser.setContentHandler(_Depth())
    parser.setErrorHandler(_FatalOnly())
    source = xml.sax.xmlreader.InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except _TooDeep as problem:
        return str(problem)
    except xml.sax.SAXException as problem:
        return f"not well-formed XML ({describe(problem)})"
    return None
