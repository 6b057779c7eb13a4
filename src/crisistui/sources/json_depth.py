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

_SPECIAL = re.compile(rb'[\[{]+|[\]}]+|"')
"""A run of opening brackets, a run of closing ones, or a string's opening quote: a flood of
brackets is a few matches, not one a byte."""
_STRING_REST = re.compile(rb'(?:[^"\\]++|\\.)*+"', re.DOTALL)
"""The rest of a string after its opening quote, read in one linear pass (no backtracking)."""
MAX_STEPS = 400_000
"""Runs and strings read at most (about half a second): a body that needs more is refused as
nested too deeply rather than hold a source's poll for seconds."""


def cut_deep_values(body: bytes, limit: int = MAX_DEPTH) -> tuple[bytes, int]:
    """``body`` with every value opened below ``limit`` levels written as ``null``, and how
    many were. Brackets inside strings are not levels; a body that ends inside a string or an
    open value is left as it is from there, for the decoder to name what is wrong. A body
    past ``MAX_STEPS`` is left whole, with 0 cut."""
    pieces: list[bytes] = []
    kept_from = 0
    depth = 0
    cut = 0
    deep_from: int | None = None
    pos = 0
    for _step in range(MAX_STEPS):
        found = _SPECIAL.search(body, pos)
        if found is None:
            break
        run = found.group()
        pos = found.end()
        if run == b'"':
            rest = _STRING_REST.match(body, pos)
            if rest is None:
                break
            pos = rest.end()
        elif run[0] in b"[{":
            if depth <= limit < depth + len(run):
                deep_from = found.start() + (limit - depth)
            depth += len(run)
        else:
            if depth > limit >= depth - len(run) and deep_from is not None:
                end = found.start() + (depth - limit)
                pieces += [body[kept_from:deep_from], b"null"]
                kept_from = end
                deep_from = None
                cut += 1
            depth -= len(run)
    else:
        return body, 0
    pieces.append(body[kept_from:])
    return b"".join(pieces), cut
