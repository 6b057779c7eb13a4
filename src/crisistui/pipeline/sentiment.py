"""Sentiment scoring with VADER, labelled by the configured thresholds."""

from __future__ import annotations

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from crisistui.models import Sentiment
from crisistui.pipeline.normalise import MAX_SCORED_CHARS


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def score(text: str) -> float:
    """VADER compound score in [-1, 1] of the first ``MAX_SCORED_CHARS`` characters.

    VADER's cost grows faster than linearly with emoji-heavy text, so the input is capped.
    """
    return float(_analyzer().polarity_scores(text[:MAX_SCORED_CHARS])["compound"])


def label(compound: float, positive: float, negative: float) -> Sentiment:
    """Label a compound score; thresholds come from ``[sentiment]``."""
    if compound >= positive:
        return Sentiment.POSITIVE
    if compound <= negative:
        return Sentiment.NEGATIVE
    return Sentiment.NEUTRAL
