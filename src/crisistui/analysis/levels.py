"""Severity levels and the scores where they start: shared by the engine, the gauge and status."""

from __future__ import annotations

from enum import IntEnum


class Level(IntEnum):
    """Severity levels, ordered so they compare."""

    NORMAL = 0
    ELEVATED = 1
    HIGH = 2
    CRITICAL = 3

    @property
    def label(self) -> str:
        return self.name.lower()


THRESHOLDS: dict[Level, float] = {Level.ELEVATED: 30.0, Level.HIGH: 55.0, Level.CRITICAL: 80.0}
"""Score at which each level starts."""


def level_for(score: float) -> Level:
    level = Level.NORMAL
    for candidate, threshold in THRESHOLDS.items():
        if score >= threshold:
            level = candidate
    return level
