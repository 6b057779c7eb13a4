"""Shared building blocks of the configuration models."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    """Strict, frozen, and unknown keys are errors: a typo is found by `check-config`."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


Url = Annotated[str, Field(pattern=r"^https?://")]
EnvName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
