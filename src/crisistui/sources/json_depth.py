"""Values nested too deep for Python's JSON decoder, cut out so the rest of a body stands.

The decoder recurses once per level and runs out of stack near a thousand: one item carrying
a value nested that deep (a hostile post, a broken serializer) failed every other item of
the poll. Such values are replaced by ``null`` before decoding; what an item needs (id, text,
time) is never that deep, so only a field nobody reads, or the one bad item, is lost.
"""

from __future__ import annotations

import re

MAX_DEPTH = 200
"""Deepest level kept; real APIs nest a dozen levels, the decoder fails near a thousand."""

_SPECIAL = re.compile(rb'[\[\]{}"]')
_STRING_REST = re.compile(rb'(?:[^"\\]++|\\.)*+"', re.DOTALL)
"""The rest of a string after its opening quote, read in one linear pass (no backtracking)."""


def cut_deep_values(body: bytes, limit: int = MAX_DEPTH) -> tuple[bytes, int]:
    """``body`` with every value opened below ``limit`` levels written as ``null``, and how
    many were. Brackets inside strings are not levels; a body that ends inside a string or an
    open value is left as it is from there, for the decoder to name what is wrong."""
    pieces: list[bytes] = []
    kept_from = 0
    depth = 0
    cut = 0
    deep_from: int | None = None
    pos = 0
    while (found := _SPECIAL.search(body, pos)) is not None:
        char = found.group()
        pos = found.end()
        if char == b'"':
            rest = _STRING_REST.match(body, pos)
            if rest is None:
                break
            pos = rest.end()
        elif char in b"[{":
            depth += 1
            if depth == limit + 1:
                deep_from = found.start()
        else:
            if depth == limit + 1 and deep_from is not None:
                pieces += [body[kept_from:deep_from], b"null"]
                kept_from = pos
                deep_from = None
                cut += 1
            depth -= 1
    pieces.append(body[kept_from:])
    return b"".join(pieces), cut
