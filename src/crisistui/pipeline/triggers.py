"""Trigger terms per crisis type, found in a mention at ingestion.

The same rules as brand terms (case- and accent-insensitive, whole words or phrases, CJK
without spaces), in one compiled alternation so a mention is scanned once however many terms
are configured. Where two terms overlap, the longer one wins ("data leak" over "leak"). A term
ending in ``*`` matches words that start with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from crisistui.pipeline.normalise import fold
from crisistui.pipeline.terms import any_phrase, phrase_regex

TriggerHit = tuple[str, str]
"""(crisis type, term as configured)."""


class TriggerMatcher:
    """Which configured trigger terms a text contains, each reported once."""

    def __init__(self, terms: Mapping[str, Sequence[str]]) -> None:
        owners: dict[str, list[TriggerHit]] = {}
        for kind, kind_terms in terms.items():
            for term in kind_terms:
                key = " ".join(fold(term).split())
                if key.rstrip("*") and (kind, term) not in owners.get(key, []):
                    owners.setdefault(key, []).append((kind, term))
        keys = sorted(owners, key=lambda k: (-len(k.rstrip("*")), k))
        self._owners = [owners[k] for k in keys]
        alternatives = [
            f"(?P<t{i}>{phrase_regex(k.rstrip('*'), prefix=k.endswith('*'), edge_before=False)})"
            for i, k in enumerate(keys)
        ]
        self._pattern = re.compile(any_phrase(alternatives)) if alternatives else None

    def find(self, text: str) -> tuple[TriggerHit, ...]:
        """(crisis type, term) pairs found in ``text``, in order of first appearance."""
        if self._pattern is None:
            return ()
        found: dict[TriggerHit, None] = {}
        for match in self._pattern.finditer(fold(text)):
            group = match.lastgroup
            for hit in self._owners[int(group[1:])] if group else ():
                found[hit] = None
        return tuple(found)
