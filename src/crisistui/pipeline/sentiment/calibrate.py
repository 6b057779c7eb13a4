"""Measure a scorer on labelled posts and choose the thresholds that label them best.

Used by `crisistui calibrate` on a team's own labelled mentions and by bench/eval_sentiment.py
on the project's labelled posts. Macro-F1 over negative, neutral and positive is the measure:
it rewards getting every class right, so "everything is neutral" scores badly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crisistui.domain.models import Sentiment

CLASSES = (Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE)
GRID = tuple(round(0.01 * i, 2) for i in range(0, 71))
"""Candidate threshold magnitudes."""


def macro_f1(gold: Sequence[Sentiment], predicted: Sequence[Sentiment]) -> float:
    """Mean F1 over negative, neutral and positive (unscored counts as neutral), of the
    classes the labels or the readings hold: a file without neutral posts, all read right,
    scored 0.667 for the class nobody used."""
    scores = []
    predicted = [Sentiment.NEUTRAL if p is Sentiment.UNSCORED else p for p in predicted]
    for cls in CLASSES:
        if cls not in gold and cls not in predicted:
            continue
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g is cls and p is cls)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g is not cls and p is cls)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g is cls and p is not cls)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0)
    return sum(scores) / len(scores) if scores else 1.0


def labels(scores: Sequence[float], positive: float, negative: float) -> list[Sentiment]:
    return [
        Sentiment.POSITIVE
        if s >= positive
        else Sentiment.NEGATIVE
        if s <= negative
        else Sentiment.NEUTRAL
        for s in scores
    ]


@dataclass(frozen=True, slots=True)
class Calibration:
    positive: float
    negative: float
    macro_f1: float
    neutral_share: float
    """Share of posts the thresholds label neutral."""


def best_thresholds(
    scores: Sequence[float], gold: Sequence[Sentiment], max_neutral: float = 1.0
) -> Calibration:
    """The (positive, negative) pair with the best macro-F1 among those labelling at most
    ``max_neutral`` of the posts neutral; ties go to the pair nearest ±0.05 (VADER's)."""
    best: Calibration | None = None
    for pos in GRID:
        for neg in GRID:
            if pos == 0 and neg == 0:
                continue
            predicted = labels(scores, pos if pos else 1e-9, -neg if neg else -1e-9)
            share = sum(1 for p in predicted if p is Sentiment.NEUTRAL) / max(1, len(predicted))
            if share > max_neutral:
                continue
            f1 = macro_f1(gold, predicted)
            candidate = Calibration(pos or 1e-9, -neg if neg else -1e-9, f1, share)
            if best is None or (f1, -abs(pos - 0.05) - abs(neg - 0.05)) > (
                best.macro_f1,
                -abs(best.positive - 0.05) - abs(-best.negative - 0.05),
            ):
                best = candidate
    assert best is not None
    return best
