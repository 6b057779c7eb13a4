"""English: VADER, the lexicon and rules built for social media text."""

from __future__ import annotations

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from crisistui.pipeline.normalise import MAX_SCORED_CHARS


@cache
def analyzer() -> SentimentIntensityAnalyzer:
    """The one VADER instance (its lexicon load takes about 0.1 s)."""
    return SentimentIntensityAnalyzer()


class VaderAnalyser:
    """VADER's compound score of the first ``MAX_SCORED_CHARS`` characters (its cost grows
    faster than linearly with emoji-heavy text)."""

    name = "vader"

    def __init__(self) -> None:
        self._polarity = analyzer().polarity_scores

    def score(self, text: str) -> float:
        return float(self._polarity(text[:MAX_SCORED_CHARS])["compound"])
