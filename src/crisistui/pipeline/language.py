"""Language detection for items whose source did not say."""

from __future__ import annotations

from functools import cache
from typing import Any

MIN_CHARS = 20


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str | None:
    """ISO 639-1 code of the most likely language, or None when the text is too short to tell."""
    if len(text) < MIN_CHARS:
        return None
    lang, probability = _identifier().classify(text)
    return str(lang) if probability >= 0.5 else None
