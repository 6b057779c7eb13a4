"""Severity engine: negative volume of the recent window against a rolling baseline.

It reads per-minute rollups only, so a tick costs the same with a thousand or a million stored
mentions. Its output carries the drivers behind the score, in words, because nobody acts on a
number they cannot explain.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum

from crisistui.config import SeverityConfig
from crisistui.store.db import Rollup, to_epoch


class Level(IntEnum):
    """Severity levels, ordered so they compare."""

    NORMAL = 0
    ELEVATED = 1
    HIGH = 2
    CRITICAL = 3

    @property
    def label(self) -> str:
        return self.name.lower()


# Score at which each level starts.
THRESHOLDS: dict[Level, float] = {Level.ELEVATED: 30.0, Level.HIGH: 55.0, Level.CRITICAL: 80.0}
CALM_MINUTES_TO_FALL = 10
Z_FLOOR = 3.0
Z_SCALE = 10.0
MIN_RATIO = 2.0


def level_for(score: float) -> Level:
    level = Level.NORMAL
    for candidate, threshold in THRESHOLDS.items():
        if score >= threshold:
            level = candidate
    return level


@dataclass(frozen=True, slots=True)
class NegativeVoice:
    """A negative mention that reached many people, for the drivers."""

    author: str
    followers: int
    reach: int


@dataclass(frozen=True, slots=True)
class Assessment:
    """The engine's verdict at one moment."""

    at: datetime
    score: float
    level: Level
    raw_level: Level
    drivers: tuple[str, ...]
    window_volume: int = 0
    window_negative: int = 0
    expected_negative: float = 0.0
    sample_ok: bool = False


def _human(n: float) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 10_000:
        return f"{n / 1_000:.0f}k"
    if n >= 1_000:
        return f"{n / 1_000:.1f}k"
    return f"{n:.0f}"


@dataclass
class SeverityEngine:
    """Scores one subject; keeps the level state that gives hysteresis."""

    subject: str
    settings: SeverityConfig
    level: Level = Level.NORMAL
    _calm_since: datetime | None = field(default=None, repr=False)
    _frozen: tuple[int, int] | None = field(default=None, repr=False)
    """Baseline (volume, negatives) kept from before the alert, so a long crisis does not
    become its own baseline and hide itself."""

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        """The time range of rollups a tick needs."""
        span = self.settings.baseline_minutes + self.settings.window_minutes + 1
        return now - timedelta(minutes=span), now + timedelta(minutes=1)

    def assess(
        self, rollups: Sequence[Rollup], now: datetime, voices: Sequence[NegativeVoice] = ()
    ) -> Assessment:
        """Score the window ending at ``now`` and move the level with hysteresis."""
        cfg = self.settings
        now_minute = to_epoch(now) // 60
        window_start = now_minute - cfg.window_minutes + 1
        baseline_start = window_start - cfg.baseline_minutes
        w_vol = w_neg = w_reach = b_vol = b_neg = 0
        for r in rollups:
            if r.subject != self.subject or r.minute > now_minute:
                continue
            if r.minute >= window_start:
                w_vol += r.volume
                w_neg += r.negative
                w_reach += r.negative_reach
            elif r.minute >= baseline_start:
                b_vol += r.volume
                b_neg += r.negative
        if self.level > Level.NORMAL and self._frozen is not None:
            b_vol, b_neg = self._frozen
        expected = b_neg / cfg.baseline_minutes * cfg.window_minutes
        sample_ok = b_vol >= cfg.min_baseline_mentions and w_neg >= cfg.min_window_negative
        drivers: list[str] = []
        score = 0.0
        if sample_ok:
            # Poisson z-score, with a floor on the expected count so a near-silent baseline
            # does not turn two complaints into a crisis; and a ratio gate, because three
            # criticisms are not three hundred even when the baseline is very steady.
            floor = max(expected, 1.0)
            z = (w_neg - expected) / math.sqrt(floor)
            ratio = w_neg / floor
            if z > Z_FLOOR and ratio >= MIN_RATIO:
                score = 100.0 * (1.0 - math.exp(-(z - Z_FLOOR) / Z_SCALE))
                drivers.append(
                    f"negative volume {z:.1f}σ above the last {cfg.baseline_minutes} min "
                    f"({w_neg} in {cfg.window_minutes} min vs {expected:.1f} expected)"
                )
            share = w_neg / w_vol if w_vol else 0.0
            base_share = b_neg / b_vol if b_vol else 0.0
            if score and share >= 0.5 and share >= 2 * base_share:
                score += 10.0
                drivers.append(f"{share:.0%} of mentions negative (usual {base_share:.0%})")
            if score and w_reach >= 100_000:
                score += min(15.0, 5.0 * math.log10(w_reach / 10_000))
                drivers.append(f"negative mentions reached {_human(w_reach)} accounts")
            loud = {v.author: v for v in voices if v.followers >= 100_000}
            for voice in list(loud.values())[:2]:
                if voice.followers >= 100_000:
                    drivers.append(f"{voice.author} ({_human(voice.followers)} followers) negative")
        elif w_neg or b_vol:
            needed = max(cfg.min_baseline_mentions - b_vol, 0)
            if needed:
                drivers.append(f"learning the baseline ({b_vol}/{cfg.min_baseline_mentions})")
        score = min(score, 100.0)
        raw = level_for(score)
        was_normal = self.level == Level.NORMAL
        self._move(raw, now)
        if self.level == Level.NORMAL:
            self._frozen = None
        elif was_normal:
            self._frozen = (b_vol, b_neg)
        return Assessment(
            at=now,
            score=round(score, 1),
            level=self.level,
            raw_level=raw,
            drivers=tuple(drivers),
            window_volume=w_vol,
            window_negative=w_neg,
            expected_negative=expected,
            sample_ok=sample_ok,
        )

    def _move(self, raw: Level, now: datetime) -> None:
        """Rise at once; fall one level only after a calm period below the current level."""
        if raw >= self.level:
            self.level = raw
            self._calm_since = None
            return
        if self._calm_since is None:
            self._calm_since = now
        elif now - self._calm_since >= timedelta(minutes=CALM_MINUTES_TO_FALL):
            self.level = Level(self.level - 1) if self.level - 1 > raw else raw
            self._calm_since = now if self.level > raw else None
