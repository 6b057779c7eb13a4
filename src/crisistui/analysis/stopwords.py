"""Words too common to say anything about a crisis: kept in ``domain.stopwords`` (the store
drops them from the words it keeps of each mention), named here for the analysis above it."""

from __future__ import annotations

from crisistui.domain.stopwords import BY_LANGUAGE, STOPWORDS, stopwords_for

__all__ = ["BY_LANGUAGE", "STOPWORDS", "stopwords_for"]
