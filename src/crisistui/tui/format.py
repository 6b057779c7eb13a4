"""Turning values into safe, short text for the console.

Everything a stranger wrote goes through ``plain`` so it is a Rich ``Text`` without markup
parsing, and without any control characters that slipped past the pipeline.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from crisistui.models import Sentiment
from crisistui.pipeline.normalise import sanitize

SENTIMENT_STYLE: dict[Sentiment, str] = {
    Sentiment.NEGATIVE: "red",
    Sentiment.POSITIVE: "green",
    Sentiment.NEUTRAL: "",
}
SENTIMENT_MARK: dict[Sentiment, str] = {
    Sentiment.NEGATIVE: "−",
    Sentiment.POSITIVE: "+",
    Sentiment.NEUTRAL: "·",
}


def plain(value: str | None, style: str = "") -> Text:
    """Untrusted text as literal, single-line Rich text."""
    return Text(sanitize(value or ""), style=style, no_wrap=True, end="")


def age(then: datetime, now: datetime) -> str:
    """Compact age: '45s', '12m', '3h', '2d'."""
    seconds = max(int((now - then).total_seconds()), 0)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"
