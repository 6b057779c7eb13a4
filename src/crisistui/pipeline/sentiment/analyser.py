"""What every sentiment analyser offers: a compound score in [-1, 1] for one text.

One small interface so a language can get a better analyser (a learned model, a bigger
lexicon) without anything above the pipeline knowing.
"""

from __future__ import annotations

import math
import re
from typing import Protocol

ALPHA = 15.0
"""VADER's normalisation constant: a sum of valences s becomes s / sqrt(s² + ALPHA)."""


WHY_VALENCE = -0.8
"""What asking "why" adds to a question holding no word of complaint, in every language:
"почему за газ пришло в три раза больше??" is a mild complaint."""


_QUOTED = re.compile(
    r"[«“„\"「『][^«»“”„\"「」『』\n]{1,60}[»”“\"」』]|(?<!\w)'[^'\n]{1,60}'(?!\w)"
)
_QUOTE_MARKS = frozenset("«“„\"「『'")


def without_quotes(text: str) -> str:
    """``text`` without what it quotes: a title ("the film 'Terrible Tuesdays' premieres
    Friday", «Pesadilla»), a slogan mocked ("so much for 'unlimited'"), a bot's reply
    ("'your call is important to us'") are not the writer's own feeling. Held-out posts
    did not move; outside posts with titles and scare quotes read better in every language."""
    if _QUOTE_MARKS.isdisjoint(text):
        return text
    return _QUOTED.sub(" ", text)


class Analyser(Protocol):
    """Scores texts of one language."""

    name: str
    """Shown in `check-config` and the docs ("vader", "lexicon")."""

    def score(self, text: str) -> float:
        """Compound sentiment of ``text`` in [-1, 1]; 0 when nothing in it carries any."""
        ...


def compound(total: float) -> float:
    """A sum of valences squashed into [-1, 1] the way VADER does, so every analyser's
    scores read on one scale and one set of thresholds means the same everywhere."""
    if total == 0:
        return 0.0
    value = total / math.sqrt(total * total + ALPHA)
    return max(-1.0, min(1.0, value))


def total_of(value: float) -> float:
    """The sum of valences ``compound`` squashed into ``value`` (the end of the scale read as
    just short of it), so more valence can be added to a score made elsewhere."""
    value = max(-0.9999, min(0.9999, value))
    return value * math.sqrt(ALPHA / (1.0 - value * value))
