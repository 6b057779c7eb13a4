"""The `[severity]` table: presets and the knobs of the severity engine."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from crisistui.config.base import Model

SeverityPreset = Literal["sensitive", "balanced", "strict"]

SEVERITY_PRESETS: dict[str, dict[str, float | int]] = {
    # Evidence is -log10 of the chance of the window under the baseline (3.5 = 1 in ~3,000).
    "sensitive": {
        "elevated_at": 2.2,
        "high_at": 3.0,
        "critical_at": 7.0,
        "dispersion": 0.4,
        "min_window_negative": 5,
        "min_high_negative": 8,
        "min_high_ratio": 4.0,
        "loud_followers": 50_000,
        "influencer_followers": 500_000,
    },
    "balanced": {
        "elevated_at": 2.5,
        "high_at": 3.5,
        "critical_at": 8.0,
        "dispersion": 0.4,
        "min_window_negative": 6,
        "min_high_negative": 10,
        "min_high_ratio": 5.0,
        "loud_followers": 100_000,
        "influencer_followers": 1_000_000,
    },
    "strict": {
        "elevated_at": 3.5,
        "high_at": 5.0,
        "critical_at": 10.0,
        "dispersion": 0.5,
        "min_window_negative": 8,
        "min_high_negative": 12,
        "min_high_ratio": 6.0,
        "loud_followers": 250_000,
        "influencer_followers": 2_000_000,
    },
}


class SeverityConfig(Model):
    """Knobs of the severity engine. ``preset`` sets the thresholds; a knob given explicitly
    overrides its preset value."""

    preset: SeverityPreset = Field(
        default="balanced",
        description="'sensitive' alerts sooner and more often, 'strict' later and more rarely.",
    )
    window_minutes: int = Field(
        default=5,
        ge=1,
        le=120,
        description="Shortest window compared, in minutes; loud voices are looked up over it.",
    )
    long_windows_minutes: list[Annotated[int, Field(ge=2, le=720)]] = Field(
        default_factory=lambda: [15, 60, 180],
        max_length=6,
        description="Longer windows compared as well; the strongest evidence wins. They catch "
        "slow rises and quiet brands, where a few minutes hold too few mentions.",
    )
    baseline_minutes: int = Field(
        default=240,
        ge=10,
        le=10080,
        description="Shortest baseline, in minutes. It reaches further back (up to history_days) "
        "until it holds baseline_negatives negative mentions.",
    )
    baseline_negatives: int = Field(
        default=40,
        ge=1,
        le=100_000,
        description="Negative mentions the baseline grows to hold, so a quiet brand's norm is "
        "learned over days rather than guessed from an hour.",
    )
    baseline_gap_minutes: int = Field(
        default=120,
        ge=0,
        le=1440,
        description="Recent minutes left out of the baseline, so a slow rise does not become its "
        "own norm (shrinks while history is short).",
    )
    history_days: int = Field(
        default=7,
        ge=1,
        le=28,
        description="Days of rollups kept for the baseline and the time-of-day profile.",
    )
    min_baseline_mentions: int = Field(
        default=20,
        ge=0,
        le=100_000,
        description="Mentions the baseline needs before any level above normal.",
    )
    min_window_negative: int = Field(
        default=6,
        ge=1,
        le=100_000,
        description="Negative mentions a window needs before it counts.",
    )
    min_high_negative: int = Field(
        default=10,
        ge=1,
        le=100_000,
        description="Negative mentions a window needs before it can say high: fewer are at "
        "most elevated, however rare ('3 criticisms are not 300'), unless a crisis type's "
        "terms surge with them.",
    )
    min_high_ratio: float = Field(
        default=5.0,
        ge=1.0,
        le=100.0,
        description="How many times its expected negatives a window needs before it can say "
        "high: a smaller rise is at most elevated, however certain (a rainy evening's "
        "quadrupled complaints), unless a crisis type's terms surge with it.",
    )
    elevated_at: float = Field(
        default=2.5,
        gt=0.0,
        le=50.0,
        description="Evidence at which 'elevated' starts: -log10 of the chance of so many "
        "negatives under the baseline (2.5 = 1 in ~300).",
    )
    high_at: float = Field(
        default=3.5, gt=0.0, le=50.0, description="Evidence at which 'high' starts."
    )
    critical_at: float = Field(
        default=8.0, gt=0.0, le=50.0, description="Evidence at which 'critical' starts."
    )
    dispersion: float = Field(
        default=0.4,
        ge=0.0,
        le=2.0,
        description="Everyday wobble of the negative rate beyond counting noise (0.4 = ±40%); "
        "higher makes busy brands calmer.",
    )
    clumping: float = Field(
        default=1.5,
        ge=1.0,
        le=10.0,
        description="How many complaints arrive together on an ordinary day (a glitch, a rainy "
        "evening, a rude courier's customers): the negative-volume test counts this many as "
        "one, so a clump of ten in a quiet quarter hour is not a crisis; 1 counts each alone.",
    )
    loud_followers: int = Field(
        default=100_000,
        ge=1,
        le=10**12,
        description="Followers from which a negative author is loud (two loud ones lift the "
        "level to high), if far above the brand's usual negative reach.",
    )
    influencer_followers: int = Field(
        default=1_000_000,
        ge=1,
        le=10**12,
        description="Followers from which one negative author lifts the level to high alone "
        "(when the post names a grave crisis type or cries out to an audience far beyond the "
        "brand's usual; an everyday gripe is elevated).",
    )
    calm_minutes: int = Field(
        default=10,
        ge=1,
        le=240,
        description="Minutes below the current level before it falls one level.",
    )
    high_calm_minutes: int = Field(
        default=60,
        ge=1,
        le=480,
        description="Minutes below high before the level falls to elevated (calm_minutes if "
        "longer): a pause in a storm is not its end, and a level that falls and rises again "
        "pages the team each time.",
    )

    @model_validator(mode="before")
    @classmethod
    def _apply_preset(cls, data: object) -> object:
        """Fill knobs not given from the preset (an unknown preset is left to validation)."""
        if isinstance(data, dict):
            preset = data.get("preset", "balanced")
            if isinstance(preset, str) and preset in SEVERITY_PRESETS:
                return {**SEVERITY_PRESETS[preset], **data}
        return data

    @model_validator(mode="after")
    def _ordered(self) -> SeverityConfig:
        if not self.elevated_at < self.high_at < self.critical_at:
            raise ValueError("thresholds must rise: elevated_at < high_at < critical_at")
        return self

    @property
    def windows(self) -> list[int]:
        """Every window compared, shortest first."""
        return sorted({self.window_minutes, *self.long_windows_minutes})
