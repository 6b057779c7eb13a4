"""Shared building blocks of the configuration models."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class Model(BaseModel):
    """Strict, frozen, and unknown keys are errors: a typo is found by `check-config`."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


Url = Annotated[str, Field(pattern=r"^https?://")]
EnvName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


def _matchable(term: str) -> str:
    """A term that can match something: "   " or a control character passed validation, then
    matched nothing, and a `filter = "terms"` source dropped every item in silence."""
    joiners = "\u200c\u200d"  # spelling in Persian and Indic scripts, and in emoji
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") and c not in joiners for c in term):
        raise ValueError("contains a control or invisible character")
    if not any(c.isalnum() for c in term):
        raise ValueError("needs at least one letter or digit")
    return term


Term = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_matchable)]
"""A brand or competitor term, or an excluded phrase."""
