"""Shared building blocks of the configuration models."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class Model(BaseModel):
    """Strict, frozen, and unknown keys are errors: a typo is found by `check-config`."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


TextFormat = Literal["auto", "html", "plain", "verbatim"]
"""How a source's or an import line's text is written (``domain.text.as_html`` reads it)."""
Url = Annotated[str, Field(pattern=r"^https?://[^\s]+$")]
"""A web address: no space or line break anywhere (one failed only at its first poll)."""
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


def _printable(name: str) -> str:
    """A name shown in headers, reports and commands' output: an escape sequence or a
    direction override in it would be written to every terminal that prints it."""
    joiners = "\u200c\u200d"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") and c not in joiners for c in name):
        raise ValueError("contains a control or invisible character")
    if not name.strip():
        raise ValueError("is blank")
    return name


DisplayName = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_printable)]
"""The brand's or a competitor's name."""


def known_zone(value: str) -> str:
    """``value`` if it names an IANA time zone; else a ValueError saying what to write."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{value!r} names no time zone: write an IANA name such as "
            "'Asia/Ho_Chi_Minh', 'Europe/Madrid' or 'UTC'"
        ) from None
    return value


ZoneName = Annotated[str, AfterValidator(known_zone)]
"""An IANA time zone's name ("Asia/Shanghai")."""
